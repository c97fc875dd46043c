"""Should an expert learn that a cue category its corpus never annotates is *certain* evidence? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 3 minutes
on a 2-core machine)::

    python -m benchmarks.unannotated_categories   # writes benchmarks/results/unannotated_categories.{json,md}

BioScope annotates speculation, not hearsay or weasel words, so the ``biomedical`` expert sees "was
reported", "some researchers" and the like in sentences labelled certain, and learns the category
features ``k:hearsay`` and ``k:weasel`` as evidence of certainty (the shipped model: -0.62 and
-0.66). The default mixture gives biomedical-looking sentences to that expert, so "Sources say the
protein binds DNA." reads less uncertain than it should. The variant measured here clips those two
weights of ``biomedical`` at 0 after every fit, as training clips booster weights at <= 0
(:class:`hedgekit.train.Recipe`'s ``nonpositive``), and compares, with the shipped recipe:

- the in-domain 10-fold CV (:func:`hedgekit.train.cross_validate`, the shipped folds, inner 3-fold
  thresholds), F1 of every corpus and mode, with and without the clip;
- the behaviour shares (:mod:`benchmarks.behaviour`) and the out-of-domain F1 (FactBank, SFU,
  UNSC, at the shipped thresholds) of the shipped model with those two weights clipped, which is
  what the clip does to the fitted weights (the thresholds are the shipped ones).

Nothing here changes the shipped model; adopting the clip means making it a training rule,
retraining, and rerunning the benchmarks whose results rest on the model.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main
from hedgekit import benchmark as B
from hedgekit import train as T
from hedgekit.model import AUTO, HedgeModel

COMMAND = "python -m benchmarks.unannotated_categories"
EXPERT = "biomedical"
#: the category features of the categories BioScope does not annotate
CLIPPED = ("k:hearsay", "k:weasel")
OOD = ("factbank", "sfu", "unsc")
MODES = (AUTO, EXPERT)


class ClippedRecipe(T.Recipe):
    """The shipped recipe, with ``features`` of ``expert`` clipped at >= 0 after every fit."""

    def __init__(self, *args: Any, expert: str = EXPERT, features: Sequence[str] = CLIPPED, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clip_column = list(self.experts).index(expert)
        self.clip_names = set(features)

    def fit(self, rows: np.ndarray) -> Any:
        cols, coef, intercept = super().fit(rows)
        sel = np.array([self.design.names[c] in self.clip_names for c in cols], dtype=bool)
        coef[sel, self.clip_column] = np.maximum(coef[sel, self.clip_column], 0.0)
        return cols, coef, intercept


def clipped_model(model: HedgeModel, expert: str = EXPERT, features: Sequence[str] = CLIPPED) -> HedgeModel:
    """``model`` with ``features`` of ``expert`` clipped at >= 0 (everything else as it is)."""
    coef = model.coef.copy()
    h = list(model.experts).index(expert)
    for f in features:
        if f in model.index:
            coef[model.index[f], h] = max(0.0, coef[model.index[f], h])
    return HedgeModel(model.features, coef, model.intercept, model.experts, model.gate, model.thresholds,
                      model.feature_config, model.lexicon_hash, model.training)


def _cv_f1(recipe: T.Recipe) -> dict[str, dict[str, float]]:
    rep = T.cross_validate(recipe, k=10, inner_k=3)
    return {c: {m: round(v["f1"], 4) for m, v in d.items() if isinstance(v, Mapping) and "f1" in v}
            for c, d in rep["corpora"].items()}


def run(root: Path) -> dict[str, Any]:
    from benchmarks import behaviour as BH
    from hedgekit import Scorer, load_lexicon, load_model
    from hedgekit.evaluate import evaluate
    from hedgekit.features import FeatureConfig

    lexicon = load_lexicon()
    ts = T.load_training_set(root)
    design = T.Design(T.featurize_all(ts.texts, lexicon, FeatureConfig()))
    kw = {"nonpositive": T.booster_features(design.names, lexicon)}
    out: dict[str, Any] = {"expert": EXPERT, "features": list(CLIPPED)}
    shipped = load_model()
    out["shipped_weights"] = {f: round(float(shipped.coef[shipped.index[f], list(shipped.experts).index(EXPERT)]), 4)
                              for f in CLIPPED}
    logging.info("10-fold CV, shipped recipe")
    base = _cv_f1(T.Recipe(ts, design, T.SHIPPED_EXPERTS, T.SHIPPED_GATE, **kw))
    logging.info("10-fold CV, clipped")
    clip = _cv_f1(ClippedRecipe(ts, design, T.SHIPPED_EXPERTS, T.SHIPPED_GATE, **kw))
    out["cv"] = {"shipped": base, "clipped": clip}
    models = {"shipped": shipped, "clipped": clipped_model(shipped)}
    out["behaviour"], out["ood"] = {}, {}
    for name, m in models.items():
        res = BH.run(Scorer(lexicon, m), list(MODES))["modes"]
        out["behaviour"][name] = {mode: {"hearsay": r["hearsay"]["caught"],
                                         "vague attribution": r["vague attribution"]["caught"],
                                         "negated certainty": r["negated certainty"]["caught"],
                                         "boosters raise": r["boosters"]["raises"], "literal certain": r["literal_certain"]}
                                  for mode, r in res.items()}
        out["ood"][name] = {c: round(float(evaluate(Scorer(lexicon, m), B.load_sentences(root, c), n_boot=0)["f1"]), 4)
                            for c in OOD}
    return out


def render(res: Mapping[str, Any]) -> str:
    w = ", ".join(f"`{f}` {v:+.2f}" for f, v in res["shipped_weights"].items())
    lines = B.stamp_header("Categories an expert's corpus does not annotate (issue 7)", res) + [
        f"The `{res['expert']}` expert's weights in the shipped model: {w}. Variant: those weights clipped at 0 "
        "after every fit. Nothing here changes the shipped model.", "",
        "## In-domain 10-fold CV (F1 of the uncertain class, mean over folds)", "",
        "| corpus | mode | shipped recipe | clipped |", "|---|---|---|---|"]
    for corpus, modes in res["cv"]["shipped"].items():
        for mode, f1 in modes.items():
            lines.append(f"| {corpus} | {mode} | {f1:.4f} | {res['cv']['clipped'][corpus][mode]:.4f} |")
    lines += ["", "## The shipped model with those weights clipped (shipped thresholds)", "",
              "| mode | measure | shipped | clipped |", "|---|---|---|---|"]
    for mode, vals in res["behaviour"]["shipped"].items():
        for k, v in vals.items():
            lines.append(f"| {mode} | {k} | {v:.3f} | {res['behaviour']['clipped'][mode][k]:.3f} |")
    for c, v in res["ood"]["shipped"].items():
        lines.append(f"| {AUTO} | {c} F1 (out of domain) | {v:.4f} | {res['ood']['clipped'][c]:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="unannotated_categories", run=run,
                             render=render)


if __name__ == "__main__":
    raise SystemExit(main())
