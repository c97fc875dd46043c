"""Naive-Bayes-scaled penalties for the sentence experts (issue 7; the shipped recipe since 2026-11-30)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; 10-35
minutes on a 2-core machine, the longer beside other jobs)::

    python -m benchmarks.nb_scale   # writes benchmarks/results/nb_scale.{json,md}

Wang & Manning (2012, "NBSVM") scale each bag-of-words feature by its naive-Bayes log-count ratio
before a linear classifier, which often beats a plain logistic regression on sentence
classification. :class:`hedgekit.train.Recipe`'s ``nb_scale`` does this per expert and per fit:
columns are multiplied by ``|r| + 0.001`` (``r`` from the expert's own training sentences of that
fold, counts smoothed by ``a``) and the weights scaled back, so a model keeps its format. A feature
whose frequency differs between the classes is penalised less, one that occurs equally in both more.
``nb_groups`` limits it to some feature groups.

The shipped recipe (:data:`hedgekit.train.SHIPPED_NB_SCALE`, ``SHIPPED_NB_GROUPS``,
``SHIPPED_FEATURE_SCALE``, as the model file records them) scales the ``biomedical`` expert's words,
bigrams and cue context, leaves the lexicon's groups (a cue's identity and category, the priors) at
their ``feature_scale`` footing and penalises that expert's priors less (x4 instead of the default
x2): NB scaling alone makes the expert lean less on the prior that carries hearsay to it (the
table's last two rows). The other variants, each with every option given (``feature_scale`` ``{}``:
the defaults): the recipe shipped before it (no NB), NB on every expert or every group, and priors
x2 / x8. Each variant's ``feature_scale`` (per expert, the defaults included) is recorded.

Variants of the shipped binary recipe (its corpora, experts, gate and sign rules):

- the in-domain 10-fold CV (:func:`hedgekit.train.cross_validate`, the shipped folds, inner 3-fold
  thresholds): F1 of every corpus and mode, mean ± sd over folds, and the mean paired difference to
  the shipped recipe on the same folds;
- the recipe fitted on all its sentences at thresholds chosen by the training rule on that CV's
  pooled out-of-fold probabilities (one CV; the shipped model pools four, so the shipped row here
  is a refit, not the shipped model): F1 out of domain (FactBank, SFU, UNSC; never trained on) and
  the behaviour shares of :mod:`benchmarks.behaviour`, for the default and for the ``biomedical``
  expert alone (each at its own threshold).
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
from hedgekit.model import AUTO

COMMAND = "python -m benchmarks.nb_scale"
OOD = ("factbank", "sfu", "unsc")
SHIPPED = "shipped recipe"
#: the feature groups without the lexicon's (cue identity and category, priors): the shipped ones
TEXT_GROUPS = T.SHIPPED_NB_GROUPS
#: variant -> ``Recipe`` keywords (``nb_scale``: expert -> smoothing; ``nb_groups``: where it applies,
#: ``None`` every group; ``feature_scale`` ``{}``: the defaults); the shipped one as the model records it
VARIANTS: dict[str, dict[str, Any]] = {
    SHIPPED: {},
    "without NB (the recipe shipped before)": {"nb_scale": {}, "feature_scale": {}},
    "NB, every expert (a 1)": {"nb_scale": dict.fromkeys(T.SHIPPED_EXPERTS, 1.0), "nb_groups": None,
                               "feature_scale": {}},
    "NB, every expert (a 5)": {"nb_scale": dict.fromkeys(T.SHIPPED_EXPERTS, 5.0), "nb_groups": None,
                               "feature_scale": {}},
    "NB, `biomedical` only (a 1)": {"nb_scale": {"biomedical": 1.0}, "nb_groups": None, "feature_scale": {}},
    "NB, `biomedical` and `semantic` (a 1)": {"nb_scale": {"biomedical": 1.0, "semantic": 1.0}, "nb_groups": None,
                                              "feature_scale": {}},
    "NB on words, bigrams, cue context, every expert (a 1)": {"nb_scale": dict.fromkeys(T.SHIPPED_EXPERTS, 1.0),
                                                              "nb_groups": TEXT_GROUPS, "feature_scale": {}},
    **{f"NB on words, bigrams, cue context, `biomedical` only (a 1), its priors x{f:g}": {
        "nb_scale": {"biomedical": 1.0}, "nb_groups": TEXT_GROUPS,
        "feature_scale": {"biomedical": {**T.DEFAULT_FEATURE_SCALE, "priors": f}}} for f in (2.0, 8.0)},
}
BEHAVIOURS = ("hearsay", "vague attribution", "negated certainty")


def paired_difference(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    """Mean and sample sd of ``a - b`` over folds (folds where either is None or NaN left out)."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    d = d[~np.isnan(d)]
    return round(float(d.mean()), 4), round(float(d.std(ddof=1)), 4) if len(d) > 1 else 0.0


def _fold_f1(recipe: T.Recipe, k: int = 10) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The CV summary (corpus -> mode -> F1 mean / sd / per fold, as :func:`hedgekit.train.cross_validate`
    scored each fold at its own threshold) and the pooled out-of-fold probabilities."""
    rep = T.cross_validate(recipe, k=k, inner_k=3)
    out = {c: {m: {"f1": v["f1"], "f1_std": v["f1_std"],
                   "folds": v["f1_per_fold"]}
               for m, v in modes.items() if isinstance(v, Mapping) and "f1" in v}
           for c, modes in rep["corpora"].items()}
    return out, rep["oof"]


def run(root: Path) -> dict[str, Any]:
    from benchmarks import behaviour as BH
    from hedgekit import Scorer, load_lexicon
    from hedgekit.evaluate import evaluate
    from hedgekit.features import FeatureConfig

    lexicon, config = load_lexicon(), FeatureConfig()
    ts = T.load_training_set(root, T.SHIPPED_CORPORA)
    design = T.Design(T.featurize_all(ts.texts, lexicon, config))  # once, for every variant
    out: dict[str, Any] = {"variants": {}}
    hearsay = T.featurize_all([BH.fill(f, c) for f in BH.HEDGE_FRAMES["hearsay"] for c in BH.CLAUSES], lexicon,
                              config)
    for name, kw in VARIANTS.items():
        logging.info("%s: 10-fold CV", name)
        recipe = B.shipped_recipe(ts, lexicon, config, T.SHIPPED_EXPERTS, T.SHIPPED_GATE, design=design, **kw)
        cv, oof = _fold_f1(recipe)
        thresholds = recipe.thresholds(np.arange(len(ts)), oof, T.THRESHOLD_TOLERANCE)
        model = recipe.model(recipe.fit(np.arange(len(ts))), thresholds, config, lexicon.hash, {})
        scorer = Scorer(lexicon, model)
        modes = BH.run(scorer, [AUTO, "biomedical"])["modes"]
        res, bio = modes[AUTO], modes["biomedical"]
        h = list(model.experts).index("biomedical")
        out["variants"][name] = {
            "nb_scale": dict(recipe.nb_scale), "nb_groups": list(recipe.nb_groups) if recipe.nb_scale else [],
            "feature_scale": dict(recipe.feature_scale), "cv": cv,
            "thresholds": {m: round(float(t), 6) for m, t in thresholds.items()},
            "ood": {c: round(float(evaluate(scorer, B.load_sentences(root, c), n_boot=0)["f1"]), 4) for c in OOD},
            "behaviour": {**{b: res[b]["caught"] for b in BEHAVIOURS}, "literal certain": res["literal_certain"]},
            # the expert alone (Scorer(expert="biomedical")), at its own threshold
            "behaviour_biomedical": {**{b: bio[b]["caught"] for b in BEHAVIOURS},
                                     "literal certain": bio["literal_certain"]},
            # why hearsay moves: the biomedical expert's log-odds on the hearsay frames, and its
            # weight of the lexicon prior that carries categories BioScope never labels
            "biomedical_hearsay_logit": round(float(model.raw_scores(*model.encode(hearsay))[:, h].mean()), 3),
            "biomedical_lex_max": round(float(model.coef[model.index["lex:max"], h]), 3),
        }
    base = out["variants"][SHIPPED]["cv"]
    for name, v in out["variants"].items():
        for c, modes in v["cv"].items():
            for m, e in modes.items():
                e["diff"], e["diff_std"] = paired_difference(e["folds"], base[c][m]["folds"])
    return out


def render(res: Mapping[str, Any]) -> str:
    names = list(res["variants"])
    base = res["variants"][SHIPPED]
    lines = B.stamp_header("Naive-Bayes-scaled penalties for the sentence experts (issue 7)", res) + [
        "Each variant is the shipped binary recipe with other `Recipe(nb_scale=..., nb_groups=..., "
        "feature_scale=...)` (see the module docstring of `benchmarks/nb_scale.py`). The first is the shipped "
        "recipe (NB on `biomedical`'s words, bigrams and cue context, its priors x4; adopted 2026-11-30), the "
        "second the recipe shipped before it.", "",
        "| variant | `nb_scale` | `nb_groups` | `feature_scale` (fitted, defaults included) |", "|---|---|---|---|",
        *(f"| {n} | {res['variants'][n]['nb_scale'] or '-'} | {', '.join(res['variants'][n]['nb_groups']) or '-'} "
          f"| {res['variants'][n]['feature_scale']} |" for n in names), "",
        "## In-domain 10-fold CV (F1 of the uncertain class; mean ± sd over folds; "
        "Δ = mean paired difference to the shipped recipe on the same folds)", "",
        "| corpus | mode | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for c, modes in base["cv"].items():
        for m in modes:
            cells = []
            for n in names:
                e = res["variants"][n]["cv"][c][m]
                cells.append(f"{e['f1']:.4f} ± {e['f1_std']:.4f}" + ("" if n == SHIPPED else
                                                                      f" (Δ {e['diff']:+.4f} ± {e['diff_std']:.4f})"))
            lines.append(f"| {c} | {m} | " + " | ".join(cells) + " |")
    lines += ["", "## Fitted on all sentences, thresholds from that CV (default mode, and the `biomedical` expert alone where marked)", "",
              "| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names),
              "| threshold | " + " | ".join(f"{res['variants'][n]['thresholds'][AUTO]:.4f}" for n in names) + " |"]
    for c in OOD:
        lines.append(f"| {c} F1 (out of domain) | " + " | ".join(f"{res['variants'][n]['ood'][c]:.4f}" for n in names)
                     + " |")
    for b in (*BEHAVIOURS, "literal certain"):
        what = f"{b} caught" if b in BEHAVIOURS else "literal uses labelled certain"
        lines.append(f"| {what} | " + " | ".join(f"{res['variants'][n]['behaviour'][b]:.3f}" for n in names) + " |")
    for b in (*BEHAVIOURS, "literal certain"):
        what = f"{b} caught" if b in BEHAVIOURS else "literal uses labelled certain"
        lines.append(f"| `biomedical` expert alone: {what} | "
                     + " | ".join(f"{res['variants'][n]['behaviour_biomedical'][b]:.3f}" for n in names) + " |")
    lines += ["| `biomedical` expert: mean log-odds over the hearsay frames | "
              + " | ".join(f"{res['variants'][n]['biomedical_hearsay_logit']:+.2f}" for n in names) + " |",
              "| `biomedical` expert: weight of the lexicon prior `lex:max` | "
              + " | ".join(f"{res['variants'][n]['biomedical_lex_max']:+.2f}" for n in names) + " |"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="nb_scale", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
