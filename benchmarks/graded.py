"""Graded certainty and out-of-domain transfer of training-recipe variants (issue 7).

Run from the repository root (the Pei & Jurgens part, 3 repetitions of the 5-fold CV, takes about
8 minutes on a 2-core machine;
``--full`` adds, per variant, the in-domain 10-fold CV of :func:`hedgekit.train.train_model` and the
out-of-domain evaluation of the model it fits, about 6 minutes per variant)::

    python -m benchmarks.graded [--full]

It writes ``benchmarks/results/graded.md`` and ``graded.json`` (command, wall time, date, versions).

Part 1, graded certainty: :func:`hedgekit.train.graded_cv` -- 5 folds over the Pei & Jurgens train +
val findings (each finding its own group, as the corpus has no paper ids, but for the two taken
from a Szeged Wikipedia article, which share its group), repeated on 3 seeded splits
(``--repeats``); every fold fits the whole recipe on the other folds plus all other training
corpora (without the sentences of a held-out finding's group), and correlates ``certainty = 1 -
P(uncertain)`` of the held-out findings with their 1-6 ratings. The lexicon alone is scored on the
same folds. Part 2 (``--full``): in-domain CV F1 (BioScope, Wikipedia) and F1 / ROC AUC on corpora
never trained on (SFU reviews, Szeged FactBank news, UNSC speeches) at the model's own threshold.
Nothing is ever trained or tuned on SFU, FactBank or UNSC.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpora_dir
from hedgekit import benchmark as B
from hedgekit import train as T
from hedgekit.features import FeatureConfig
from hedgekit.lexicon import load_lexicon
from hedgekit.model import AUTO, HedgeModel
from hedgekit.readers import load_corpus

COMMAND = "python -m benchmarks.graded"
PJ = "pei-jurgens"
OOD = ("sfu", "factbank", "unsc")

@dataclass(frozen=True)
class Variant:
    """A training-recipe variant (see :class:`hedgekit.train.Recipe` for the knobs)."""

    description: str
    corpora: tuple[tuple[str, str, str], ...]
    experts: Mapping[str, tuple[str, ...]]
    gate: tuple[str, ...]
    C: float | Mapping[str, float] = T.DEFAULT_C
    gate_balanced: bool = False
    gate_temperature: float = 1.0
    threshold_rule: str = "pooled"
    ridge_alpha: Mapping[str, float] | None = None
    feature_scale: Mapping[str, Mapping[str, float]] | None = None
    nb_scale: Mapping[str, float] | None = None
    nb_groups: Sequence[str] | None = None


#: the shipped recipe's per-expert options: ``biomedical``'s naive-Bayes-scaled penalties and feature
#: scales, and the graded ``science`` expert's lexicon families x3 (:func:`hedgekit.train.shipped_options`).
_OPTIONS = T.shipped_options(T.GRADED_EXPERTS)
_BINARY = T.shipped_options(T.SHIPPED_EXPERTS)
#: the graded recipe's ``science`` expert: ridge regression of the soft targets, lexicon families x3.
_SCIENCE = {"ridge_alpha": T.GRADED_RIDGE_ALPHA, **_OPTIONS}

VARIANTS: dict[str, Variant] = {
    "shipped": Variant("shipped recipe: gate biomedical/general (`biomedical` with naive-Bayes-scaled penalties); "
                       "a named `science` expert on Pei & Jurgens soft "
                       "labels (ridge regression, alpha 30, cue and prior families x3), not gated",
                       T.GRADED_CORPORA, T.GRADED_EXPERTS, T.GRADED_UNGATED, T.GRADED_C, **_SCIENCE),
    "graded": Variant("as `shipped`, with `science` in the gate (gate biomedical/general/science)",
                      T.GRADED_CORPORA, T.GRADED_EXPERTS, T.GRADED_GATE, T.GRADED_C, **_SCIENCE),
    "graded-logistic": Variant("as `graded`, but the `science` expert a logistic regression of the soft labels "
                               "(C 0.1)", T.GRADED_CORPORA, T.GRADED_EXPERTS, T.GRADED_GATE, T.GRADED_C,
                               **_BINARY),
    "graded-balanced": Variant("as `graded`, gate fitted with balanced corpus weights", T.GRADED_CORPORA,
                               T.GRADED_EXPERTS, T.GRADED_GATE, T.GRADED_C, gate_balanced=True, **_SCIENCE),
    "binary-macro": Variant("the binary corpora and experts only (no Pei & Jurgens), auto threshold maximising "
                            "the mean of the corpora's F1", T.SHIPPED_CORPORA, T.SHIPPED_EXPERTS, T.SHIPPED_GATE,
                            threshold_rule="macro", **_BINARY),
    "binary-macro-soft-gate": Variant("as `binary-macro`, gate logits x 0.25 (softer gate)", T.SHIPPED_CORPORA,
                                      T.SHIPPED_EXPERTS, T.SHIPPED_GATE, gate_temperature=0.25,
                                      threshold_rule="macro", **_BINARY),
}
FULL_DEFAULT = ("shipped", "graded-balanced", "binary-macro", "binary-macro-soft-gate")


def pj_ratings(root: Path) -> np.ndarray:
    """The ratings of the Pei & Jurgens findings, in training-set order."""
    rel = dict((n, r) for n, r, _ in T.GRADED_CORPORA)[PJ]
    return np.array([s.rating for s in load_corpus(root / rel, format="pei-jurgens")], dtype=np.float64)


def recipe_for(ts: T.TrainingSet, design: T.Design, variant: str) -> T.Recipe:
    """The :class:`hedgekit.train.Recipe` of ``variant`` over the training set ``ts``."""
    v = VARIANTS[variant]
    lexicon = load_lexicon()
    signs = T.sign_constraints(design.names, lexicon, v.experts, T.UNANNOTATED_CATEGORIES)
    return T.Recipe(ts, design, v.experts, v.gate, C=v.C, **signs,
                    gate_balanced=v.gate_balanced, gate_temperature=v.gate_temperature,
                    threshold_rule=v.threshold_rule, ridge_alpha=v.ridge_alpha, feature_scale=v.feature_scale,
                    nb_scale=v.nb_scale, nb_groups=v.nb_groups)


def lexicon_graded(ts: T.TrainingSet, ratings: np.ndarray, k: int, repeats: int = 1) -> dict[str, Any]:
    """The lexicon alone (certainty = 1 - strongest hedge prior) on the folds of :func:`graded_cv`
    (the same ``repeats`` seeded splits; nothing is fitted, so the pooled correlation is one number)."""
    from scipy import stats

    rows = np.flatnonzero(np.asarray(ts.corpus) == PJ)
    cert = 1.0 - B.LexiconScorer().p_uncertain([ts.texts[i] for i in rows])
    groups = np.asarray(ts.groups)[rows]
    per_fold = []
    for r in range(repeats):
        fold = T.shuffled_group_folds(groups, k, T.SEED + r)
        for f in range(k):
            te = np.flatnonzero(fold == f)
            per_fold.append((stats.pearsonr(cert[te], ratings[te])[0], stats.spearmanr(cert[te], ratings[te])[0]))
    return {**T.fold_correlations(per_fold),
            "pearson_pooled": round(float(stats.pearsonr(cert, ratings)[0]), 4),
            "spearman_pooled": round(float(stats.spearmanr(cert, ratings)[0]), 4)}


def ood_eval(model: HedgeModel, root: Path) -> dict[str, Any]:
    """F1 / precision / recall at the model's ``auto`` threshold and ROC AUC on the evaluation-only
    corpora, with the lexicon alone for comparison. The sentences are featurized as the variants
    were trained, as written (``FeatureConfig.end_mark`` off), not as :class:`hedgekit.Scorer`
    scores them by default (an open-ended sentence as if it ended in ``.``): that moved the
    shipped model's F1 by 0.002 or less (SFU 0.597 -> 0.599, FactBank 0.715 -> 0.714;
    ``benchmarks/results/accuracy.json``), and these are comparisons between the variants."""
    from hedgekit.evaluate import sentence_metrics

    lexicon = load_lexicon()
    out: dict[str, Any] = {}
    for name in OOD:
        sents = B.load_sentences(root, name)
        y = np.array([s.label == "uncertain" for s in sents], dtype=np.int64)
        feats = T.featurize_all([s.text for s in sents], lexicon, model.feature_config)
        scores = model.raw_scores(*model.encode(feats))
        p, mix = model.combine(scores, AUTO)
        m = T.prf(y, (p >= model.threshold).astype(np.int64))
        auc = sentence_metrics(y, p, model.threshold, n_boot=0)["roc_auc"]
        lex_p = B.LexiconScorer(lexicon).p_uncertain([s.text for s in sents])
        lex = T.prf(y, (lex_p > 0).astype(np.int64))
        out[name] = {"n": len(y), **{k: round(v, 4) for k, v in m.items()}, "roc_auc": round(float(auc), 4),
                     "lexicon_f1": round(lex["f1"], 4),
                     "mix": {e: round(float(v), 3) for e, v in zip(model.experts, mix.mean(axis=0))}}
    return out


def sfu_cues(model: HedgeModel, root: Path, top: int = 14) -> list[dict[str, Any]]:
    """Why reviews transfer badly: for the most frequent SFU speculation cue words, how many
    speculative sentences carry them, the share the model (auto, own threshold) and the lexicon
    find, and each gated expert's weight on the cue's word feature ``w:<cue>`` (evaluation only)."""
    from collections import Counter

    lexicon = load_lexicon()
    sents = [s for s in B.load_sentences(root, "sfu") if s.label == "uncertain"]
    feats = T.featurize_all([s.text for s in sents], lexicon, model.feature_config)
    p = model.combine(model.raw_scores(*model.encode(feats)), AUTO)[0]
    found = p >= model.threshold
    lex_found = B.LexiconScorer(lexicon).p_uncertain([s.text for s in sents]) > 0
    by_cue: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        for c in {s.text[c.start:c.end].lower() for c in s.cues}:
            by_cue.setdefault(c, []).append(i)
    counts = Counter({c: len(v) for c, v in by_cue.items()})
    out = []
    for cue, n in counts.most_common(top):
        idx = np.array(by_cue[cue])
        j = model.index.get("w:" + cue)
        out.append({"cue": cue, "n": n, "model_recall": round(float(found[idx].mean()), 3),
                    "lexicon_recall": round(float(lex_found[idx].mean()), 3),
                    "weights": {e: (round(float(model.coef[j, model.experts.index(e)]), 2) if j is not None else None)
                                for e in model.gate}})
    return out


def run(root: Path, variants: Sequence[str], *, k: int, full: Sequence[str], repeats: int = 1) -> dict[str, Any]:
    lexicon = load_lexicon()
    ts = T.load_training_set(root, T.GRADED_CORPORA)
    ratings = pj_ratings(root)
    design = T.Design(T.featurize_all(ts.texts, lexicon, FeatureConfig()))
    results: dict[str, Any] = {"k": k, "repeats": repeats, "n_pei_jurgens": len(ratings),
                               "lexicon": lexicon_graded(ts, ratings, k, repeats), "variants": {}}
    for v in variants:
        t0 = time.perf_counter()
        rep = T.graded_cv(recipe_for(ts, design, v), PJ, ratings, k=k, repeats=repeats)
        rep.pop("certainty")
        var = VARIANTS[v]
        entry: dict[str, Any] = {"description": var.description, "graded": rep}
        if v in full:
            names = [c[0] for c in var.corpora]
            sub = ts if set(names) == set(ts.corpus) else B.subset(ts, names)  # subset() drops soft targets
            model, cv = T.train_model(sub, experts=var.experts, gate=var.gate, lexicon=lexicon, C=var.C,
                                      gate_balanced=var.gate_balanced, gate_temperature=var.gate_temperature,
                                      threshold_rule=var.threshold_rule, ridge_alpha=var.ridge_alpha,
                                      feature_scale=var.feature_scale, nb_scale=var.nb_scale,
                                      nb_groups=var.nb_groups, unannotated=T.UNANNOTATED_CATEGORIES)
            entry["in_domain"] = cv["corpora"]
            entry["thresholds"] = dict(model.thresholds)
            entry["ood"] = ood_eval(model, root)
            if v == "shipped":
                entry["sfu_cues"] = sfu_cues(model, root)
        entry["seconds"] = round(time.perf_counter() - t0, 1)
        results["variants"][v] = entry
        logging.info("%s done in %.0f s", v, entry["seconds"])
    return results


def _pm(m: Mapping[str, Any], key: str) -> str:
    return f"{m[key]:.3f} ± {m[key + '_std']:.3f}"


def render(res: Mapping[str, Any]) -> str:
    lines = B.stamp_header("Graded certainty and out-of-domain transfer (issue 7)", res) + [
        "## Graded certainty: Pei & Jurgens train + val", "",
        f"{res['k']}-fold CV over the {res['n_pei_jurgens']} findings (each its own group, as there are no paper "
        "ids, but for the two taken from a Szeged Wikipedia article, which share its group), "
        f"repeated on {res.get('repeats', 1)} seeded random split(s) ({res.get('repeats', 1) * res['k']} folds in all); "
        "every fold fits the whole recipe on the other folds plus all other training corpora (without the "
        "sentences of a held-out finding's group). "
        "Pearson / Spearman of `certainty = 1 - P(uncertain)` with the 1-6 rating: mean ± sd over all folds, "
        "and of the pooled out-of-fold certainties (mean over the repetitions). Target (issue 7): Pearson >= 0.72.", "",
        "| variant | mode | Pearson (folds) | Spearman (folds) | Pearson (pooled) | Spearman (pooled) |",
        "|---|---|---|---|---|---|",
    ]
    lx = res["lexicon"]
    lines.append(f"| lexicon only | - | {_pm(lx, 'pearson')} | {_pm(lx, 'spearman')} | {lx['pearson_pooled']:.3f} | "
                 f"{lx['spearman_pooled']:.3f} |")
    for v, e in res["variants"].items():
        for mode, m in e["graded"]["modes"].items():
            if mode == "conll-wiki":
                continue
            label = f"`{v}`: {e['description']}" if mode == AUTO else ""
            lines.append(f"| {label} | {'**auto** (default)' if mode == AUTO else mode} | {_pm(m, 'pearson')} | "
                         f"{_pm(m, 'spearman')} | {m['pearson_pooled']:.3f} | {m['spearman_pooled']:.3f} |")
    full = [(v, e) for v, e in res["variants"].items() if "ood" in e]
    if full:
        lines += ["", "## In-domain CV and out of domain (`--full`)", "",
                  "In-domain: `hedgekit.train.train_model`'s 10-fold grouped CV (inner 3-fold thresholds), F1 of "
                  "the uncertain class, mean ± sd over folds, default (auto) mode. Out of domain: the model fitted "
                  "on all its training corpora, at its own auto threshold (never tuned on these corpora); "
                  "ROC AUC in brackets; mix = mean gate weight of biomedical / general (/ science).", "",
                  "| variant | auto threshold | BioScope | CoNLL wiki | Szeged wiki | Pei & Jurgens (<= 3.5) | "
                  "SFU reviews | FactBank news | UNSC |", "|---|---|---|---|---|---|---|---|---|"]
        for v, e in full:
            ind = e["in_domain"]
            cells = [_pm(ind[c][AUTO], "f1") if c in ind else "-" for c in
                     ("bioscope", "conll2010-wiki", "szeged-wiki", PJ)]
            o = e["ood"]
            oc = [f"{o[n]['f1']:.3f} ({o[n]['roc_auc']:.3f}); mix {'/'.join(f'{x:.2f}' for x in o[n]['mix'].values() if x)}"
                  for n in OOD]
            lines.append(f"| `{v}` | {e['thresholds'][AUTO]:.3f} | " + " | ".join(cells + oc) + " |")
        o = full[0][1]["ood"]
        lines.append("| lexicon only | - | - | - | - | - | " + " | ".join(f"{o[n]['lexicon_f1']:.3f}" for n in OOD) + " |")
    cues = [e["sfu_cues"] for e in res["variants"].values() if "sfu_cues" in e]
    if cues:
        gate = list(cues[0][0]["weights"])
        lines += ["", "## SFU reviews: which speculation cues the shipped recipe misses", "",
                  "Speculative SFU sentences by annotated cue word (a sentence counts once per distinct cue): "
                  "the share found by the `shipped` variant's model (auto, own threshold) and by the lexicon, and "
                  "the gated experts' weights on the word feature `w:<cue>` (log-odds; booster words are clipped "
                  "to <= 0). Evaluation only: nothing here is trained or tuned on SFU.", "",
                  "| cue | sentences | model finds | lexicon finds | " + " | ".join(f"`{g}` weight" for g in gate) + " |",
                  "|---|---|---|---|" + "---|" * len(gate)]
        for c in cues[0]:
            w = " | ".join("-" if c["weights"][g] is None else f"{c['weights'][g]:+.2f}" for g in gate)
            lines.append(f"| {c['cue']} | {c['n']} | {c['model_recall']:.2f} | {c['lexicon_recall']:.2f} | {w} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora_dir())
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3,
                    help="repetitions of the graded k-fold CV on new seeded splits (default 3)")
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument("--full", action="store_true",
                    help=f"also in-domain CV and out-of-domain evaluation of {', '.join(FULL_DEFAULT)}")
    ap.add_argument("--full-variants", nargs="+", choices=list(VARIANTS),
                    help="the variants --full evaluates (default: the ones above)")
    args = ap.parse_args(argv)
    if B.corpora_missing(args.corpora, COMMAND):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    full = (args.full_variants or list(FULL_DEFAULT)) if args.full else []
    res = run(args.corpora, args.variants, k=args.folds, full=full, repeats=args.repeats)
    cmd = COMMAND + (" --full" if args.full else "") + (
        f" --full-variants {' '.join(args.full_variants)}" if args.full and args.full_variants else "") + (
        f" --variants {' '.join(args.variants)}" if list(args.variants) != list(VARIANTS) else "") + (
        f" --repeats {args.repeats}" if args.repeats != 3 else "") + (f" --folds {args.folds}" if args.folds != 5 else "")
    print(B.stamp_and_write(res, cmd, t0, args.out, "graded", render))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
