"""One default threshold, or each sentence judged at its experts' own? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 2 minutes on
a 2-core machine)::

    python -m benchmarks.gate_threshold      # writes benchmarks/results/gate_threshold.{json,md}

The default (``"auto"``) labels a sentence *uncertain* when its ``P(uncertain)`` -- the gate's
mixture of the ``biomedical`` and ``general`` experts' probabilities -- reaches one threshold,
chosen over the pooled out-of-fold probabilities of all the gated experts' corpora. Each gated
expert also has a threshold of its own, chosen on its own corpora (``Scorer(expert=...)`` uses it).
The variant measured here, *gate-weighted*, judges each sentence at the mixture of those, weighted as
the gate weighs the experts for that sentence: uncertain iff ``P >= sum_k mix_k * t_k``. A sentence
the gate places firmly in one domain is then judged by that domain's expert at that expert's cut
(for news text mostly ``general``'s, about 0.23 against the default's 0.30). Measured

- in domain: the 10-fold cross-validation of ``python -m benchmarks.accuracy`` (the shipped recipe,
  its folds, each fold's thresholds from an inner 3-fold CV of its training part), F1 of the
  uncertain class per corpus, mean ± sd over folds and the per-fold difference;
- out of domain (corpora never trained on) and on the frames of ``python -m benchmarks.behaviour``:
  the shipped model's weights, gate and thresholds, both rules.

Nothing is chosen here: the shipped rule stays one threshold (README, "The model"); this records
what the other rule would change.
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
from hedgekit.features import scoring_config, unmarked
from hedgekit.text import _no_word

COMMAND = "python -m benchmarks.gate_threshold"
log = logging.getLogger(__name__)


def gated_thresholds(model: Any, mix: np.ndarray, thresholds: Mapping[str, float]) -> np.ndarray:
    """Per sentence, ``sum_k mix[:, k] * thresholds[expert k]`` over ``model``'s experts (``mix`` is
    0 for the ungated ones, :meth:`hedgekit.model.HedgeModel.combine`)."""
    t = np.array([thresholds.get(e, 0.0) for e in model.experts])
    return mix @ t


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    return T.prf(y, pred.astype(np.int64))["f1"]


def in_domain(root: Path, k: int = 10, inner_k: int = 3) -> dict[str, Any]:
    """Both rules in the accuracy suite's cross-validation of the shipped recipe (module docstring)."""
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    ts = B.training_set(root, list(B.IN_DOMAIN))
    recipe = B.shipped_recipe(ts, load_lexicon(), FeatureConfig(), dict(T.SHIPPED_EXPERTS), list(T.SHIPPED_GATE))
    folds = T.make_folds(ts, k, T.SEED)
    y, corpus = recipe.y, np.asarray(ts.corpus)
    per: dict[str, dict[str, list[float]]] = {c: {"default": [], "gate-weighted": []} for c in B.IN_DOMAIN}
    for f in range(k):
        train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        th = recipe.inner_thresholds(train, inner_k)
        cols, coef, intercept = fitted = recipe.fit(train)
        shell = recipe.shell(fitted)
        p = recipe.predict(fitted, test)[AUTO]  # (which scores a bare list marker, "- ", 0, as the Scorer does)
        _, mix = shell.combine(np.asarray(recipe.design.X_scored[test][:, cols] @ coef) + intercept, AUTO)
        rules = {"default": np.full(len(test), th[AUTO]), "gate-weighted": gated_thresholds(shell, mix, th)}
        for c in B.IN_DOMAIN:
            sel = corpus[test] == c
            if sel.any():
                for name, t in rules.items():
                    per[c][name].append(_f1(y[test][sel], p[sel] >= t[sel]))
        log.info("fold %d/%d: %s", f + 1, k, ", ".join(f"{c} {per[c]['default'][-1]:.3f} -> "
                                                        f"{per[c]['gate-weighted'][-1]:.3f}" for c in B.IN_DOMAIN))
    out = {}
    for c, rules_f1 in per.items():
        d, g = np.array(rules_f1["default"]), np.array(rules_f1["gate-weighted"])
        out[c] = {"default": _summary(d), "gate-weighted": _summary(g), "difference": _summary(g - d)}
    return out


def _summary(v: np.ndarray) -> dict[str, float]:
    return {"mean": round(float(v.mean()), 4), "sd": round(float(v.std(ddof=1)), 4)}


def _p_mix(model: Any, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    config = scoring_config(model.feature_config)
    feats = T.featurize_all(list(texts), load_lexicon(), config)  # as Scorer()
    p, mix = model.combine(model.raw_scores(*model.encode(feats)), AUTO)
    # a sentence with no word as the Scorer reads it (a bare list marker, "- ") scores 0, as there
    blank = np.array([_no_word(unmarked(t) if config.item_marks else t) for t in texts], dtype=bool)
    return np.where(blank, 0.0, p), mix


def shipped(root: Path) -> dict[str, Any]:
    """Both rules with the shipped model: F1 on the evaluation-only corpora and Pei & Jurgens, and
    the behaviour shares (hedge frames caught, literal uses and bare clauses certain)."""
    from hedgekit.model import AUTO, load_model

    model = load_model()
    th = model.thresholds
    out: dict[str, Any] = {"thresholds": {n: th[n] for n in (AUTO, *T.SHIPPED_GATE)}, "corpora": {}, "behaviour": {}}
    for name in B.SHIPPED_OOD:
        sents = B.load_sentences(root, name)
        y = np.array([s.label == "uncertain" for s in sents], dtype=np.int64)
        p, mix = _p_mix(model, [s.text for s in sents])
        t = gated_thresholds(model, mix, th)
        out["corpora"][name] = {"n": len(y), "default": round(_f1(y, p >= th[AUTO]), 4),
                                "gate-weighted": round(_f1(y, p >= t), 4), "mean_threshold": round(float(t.mean()), 4)}
    out["behaviour"] = behaviour(model)
    return out


def behaviour(model: Any) -> dict[str, dict[str, float]]:
    """Both rules on the frames of ``benchmarks.behaviour``: per hedge behaviour the share caught, for
    the literal uses and the bare clauses the share labelled certain."""
    from benchmarks.behaviour import CLAUSES, HEDGE_FRAMES, LITERAL, fill
    from hedgekit.model import AUTO

    th = model.thresholds
    groups = {b: [fill(f, c) for f in frames for c in CLAUSES] for b, frames in HEDGE_FRAMES.items()}
    groups["literal uses"] = list(LITERAL)
    groups["bare clauses"] = [fill("{P}.", c) for c in CLAUSES]
    out = {}
    for b, texts in groups.items():
        p, mix = _p_mix(model, texts)
        uncertain = {"default": p >= th[AUTO], "gate-weighted": p >= gated_thresholds(model, mix, th)}
        if b in HEDGE_FRAMES:
            out[f"{b} caught"] = {r: round(float(v.mean()), 4) for r, v in uncertain.items()}
        else:
            out[f"{b} certain"] = {r: round(float(1 - v.mean()), 4) for r, v in uncertain.items()}
    return out


def run(root: Path) -> dict[str, Any]:
    return {"in_domain": in_domain(root), "shipped": shipped(root)}


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results (stamped by :func:`hedgekit.benchmark.stamp_and_write`)."""
    s = res["shipped"]
    t = s["thresholds"]
    lines = B.stamp_header("One default threshold, or the gate's mixture of the experts' own? (issue 7)", res) + [
        "*default*: uncertain iff P(uncertain) >= the one `auto` threshold; *gate-weighted*: iff P(uncertain) >= "
        "the gate-weighted mean of the gated experts' own thresholds (see the module docstring of "
        "`benchmarks/gate_threshold.py`). The shipped rule is *default*.", "",
        "## In domain", "",
        "The 10-fold CV of `python -m benchmarks.accuracy` (shipped recipe, each fold's thresholds from an inner "
        "3-fold CV of its training part): F1 of the uncertain class, mean ± sd over the folds.", "",
        "| corpus | default | gate-weighted | difference (per fold) |", "|---|---|---|---|"]
    for c, r in res["in_domain"].items():
        lines.append(f"| {c} | {r['default']['mean']:.4f} ± {r['default']['sd']:.4f} | {r['gate-weighted']['mean']:.4f}"
                     f" ± {r['gate-weighted']['sd']:.4f} | {r['difference']['mean']:+.4f} ± {r['difference']['sd']:.4f} |")
    lines += ["", "## The shipped model", "",
              f"Thresholds: `auto` {t['auto']}, " + ", ".join(f"`{e}` {t[e]}" for e in T.SHIPPED_GATE) + ". "
              "F1 of the uncertain class on corpora it was never trained on (Pei & Jurgens: rating <= 3.5 = uncertain; "
              "its `science` expert is not gated); *mean threshold*: the gate-weighted rule's, averaged over the "
              "corpus.", "",
              "| corpus | n | default | gate-weighted | mean threshold |", "|---|---|---|---|---|"]
    for c, r in s["corpora"].items():
        lines.append(f"| {c} | {r['n']} | {r['default']:.4f} | {r['gate-weighted']:.4f} | {r['mean_threshold']:.4f} |")
    lines += ["", "The frames of `python -m benchmarks.behaviour` (hedge frames: share labelled uncertain; literal "
              "uses and bare clauses: share labelled certain):", "",
              "| behaviour | default | gate-weighted |", "|---|---|---|"]
    for b, r in s["behaviour"].items():
        lines.append(f"| {b} | {r['default']:.3f} | {r['gate-weighted']:.3f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="gate_threshold", run=run,
                             render=render)


if __name__ == "__main__":
    raise SystemExit(main())
