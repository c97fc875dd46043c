"""Should an expert learn that a cue category its corpus never annotates is *certain* evidence? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 20 minutes
on a 2-core machine)::

    python -m benchmarks.unannotated_categories   # writes benchmarks/results/unannotated_categories.{json,md}

BioScope annotates speculation, not hearsay or weasel words, so the ``biomedical`` expert sees "was
reported", "some researchers" and the like in sentences labelled certain, and, unconstrained, learns
the category features ``k:hearsay`` and ``k:weasel`` as evidence of certainty (-0.62 and -0.66 in
the model shipped before the rule). The default mixture gives biomedical-looking sentences to that
expert, so "Sources say the protein binds DNA." read less uncertain than it should. The training
rule (:data:`hedgekit.train.UNANNOTATED_CATEGORIES`, :func:`hedgekit.train.sign_constraints`) clips
those weights at >= 0 after every fit, as booster weights are clipped at <= 0. This benchmark
compares the recipe with the rule (shipped) and without it:

- the in-domain 10-fold CV (:func:`hedgekit.train.cross_validate`, the shipped folds, inner 3-fold
  thresholds), F1 of every corpus and mode;
- the behaviour shares (:mod:`benchmarks.behaviour`) and the out-of-domain F1 (FactBank, SFU,
  UNSC) of the shipped model, and of the shipped recipe refitted on the same sentences without the
  rule, both at the shipped thresholds. The refit with the rule is checked to reproduce the shipped
  weights, so the two models differ by the rule alone;
- the CV of two wider tables: BioScope does not annotate investigation verbs or approximators
  either (``hedgekit/data/LEXICON.md``), so each is also tried in the table (CV only).
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
OOD = ("factbank", "sfu", "unsc")
MODES = (AUTO, EXPERT)
VARIANTS = ("with the rule", "without")
#: wider tables, in the CV only: name -> the categories added to BioScope's
WIDER = {"+ investigation": ("investigation",), "+ approximation": ("approximation",)}


def clipped_features() -> tuple[str, ...]:
    """The category features the rule constrains in :data:`EXPERT` (from the shipped corpora's table)."""
    return tuple(f"k:{c}" for c in sorted(T.UNANNOTATED_CATEGORIES["bioscope"]))


def shipped_refit(root: Path, rule: bool) -> HedgeModel:
    """The shipped recipe (:func:`hedgekit.train.train_shipped`'s) fitted on all its sentences, with
    or without the unannotated-categories rule, at the shipped model's thresholds."""
    from hedgekit import load_lexicon, load_model
    from hedgekit.features import FeatureConfig

    shipped, lexicon = load_model(), load_lexicon()
    ts = T.load_training_set(root, T.GRADED_CORPORA)
    config = FeatureConfig.from_dict(shipped.training["hyperparameters"]["feature_config"])
    hp = {**B.shipped_hyperparameters(), "unannotated": T.UNANNOTATED_CATEGORIES if rule else {}}
    recipe = B.shipped_recipe(ts, lexicon, config, T.GRADED_EXPERTS, T.GRADED_UNGATED, hp,
                              ridge_alpha=T.GRADED_RIDGE_ALPHA)
    return recipe.model(recipe.fit(np.arange(len(ts))), shipped.thresholds, config, lexicon.hash, {})


def _cv_f1(recipe: T.Recipe) -> dict[str, dict[str, float]]:
    rep = T.cross_validate(recipe, k=10, inner_k=3)
    return {c: {m: round(v["f1"], 4) for m, v in d.items() if isinstance(v, Mapping) and "f1" in v}
            for c, d in rep["corpora"].items()}


def _weights(model: HedgeModel) -> dict[str, float]:
    h = list(model.experts).index(EXPERT)
    return {f: round(float(model.coef[model.index[f], h]), 4) for f in clipped_features()}


def run(root: Path) -> dict[str, Any]:
    from benchmarks import behaviour as BH
    from hedgekit import Scorer, load_lexicon, load_model
    from hedgekit.evaluate import evaluate
    from hedgekit.features import FeatureConfig

    lexicon = load_lexicon()
    ts = T.load_training_set(root)
    design = T.Design(T.featurize_all(ts.texts, lexicon, FeatureConfig()))
    out: dict[str, Any] = {"expert": EXPERT, "features": list(clipped_features()), "cv": {}}
    tables = {VARIANTS[0]: T.UNANNOTATED_CATEGORIES, VARIANTS[1]: {}}
    tables.update({name: {**T.UNANNOTATED_CATEGORIES, "bioscope": (*T.UNANNOTATED_CATEGORIES["bioscope"], *more)}
                   for name, more in WIDER.items()})
    for name, unannotated in tables.items():
        logging.info("10-fold CV, %s", name)
        hp = {**B.shipped_hyperparameters(), "unannotated": unannotated}
        out["cv"][name] = _cv_f1(B.shipped_recipe(ts, lexicon, FeatureConfig(), T.SHIPPED_EXPERTS, T.SHIPPED_GATE, hp,
                                                  design=design))
    shipped = load_model()
    logging.info("refitting the shipped recipe with and without the rule")
    refit = shipped_refit(root, rule=True)
    out["refit_reproduces_shipped"] = bool(refit.features == shipped.features
                                           and np.array_equal(refit.coef, shipped.coef))
    models = {VARIANTS[0]: shipped, VARIANTS[1]: shipped_refit(root, rule=False)}
    out["weights"] = {name: _weights(m) for name, m in models.items()}
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
    w, wo = VARIANTS
    weights = "; ".join(f"{name}: " + ", ".join(f"`{f}` {v:+.2f}" for f, v in res["weights"][name].items())
                        for name in VARIANTS)
    lines = B.stamp_header("Categories an expert's corpus does not annotate (issue 7)", res) + [
        f"The training rule: the `{res['expert']}` expert's weights of {', '.join(f'`{f}`' for f in res['features'])} "
        "(categories BioScope does not annotate) are clipped at >= 0 after every fit. The shipped model is "
        f"trained with it. Its `{res['expert']}` weights, {weights}.", "",
        "## In-domain 10-fold CV (F1 of the uncertain class, mean over folds)", "",
        "The last columns widen the rule's table with a category BioScope does not annotate either.", "",
        f"| corpus | mode | {w} (shipped) | {wo} | " + " | ".join(WIDER) + " |",
        "|---|---|---|---|" + "---|" * len(WIDER)]
    for corpus, modes in res["cv"][w].items():
        for mode, f1 in modes.items():
            lines.append(f"| {corpus} | {mode} | {f1:.4f} | {res['cv'][wo][corpus][mode]:.4f} | "
                         + " | ".join(f"{res['cv'][v][corpus][mode]:.4f}" for v in WIDER) + " |")
    same = "reproduces" if res["refit_reproduces_shipped"] else "does NOT reproduce"
    lines += ["", "## The shipped model, and the shipped recipe refitted without the rule (shipped thresholds)", "",
              f"The refit with the rule {same} the shipped weights.", "",
              f"| mode | measure | {w} (shipped) | {wo} |", "|---|---|---|---|"]
    for mode, vals in res["behaviour"][w].items():
        for k, v in vals.items():
            lines.append(f"| {mode} | {k} | {v:.3f} | {res['behaviour'][wo][mode][k]:.3f} |")
    for c, v in res["ood"][w].items():
        lines.append(f"| {AUTO} | {c} F1 (out of domain) | {v:.4f} | {res['ood'][wo][c]:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="unannotated_categories", run=run,
                             render=render)


if __name__ == "__main__":
    raise SystemExit(main())
