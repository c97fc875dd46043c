"""BioScope abstracts -> full papers: the shipped biomedical recipe trained on the 1,273 abstracts
only and tested on the 9 full papers (the official CoNLL-2010 biological test set is full articles,
while the training data is mostly abstracts; this split is the fair proxy for that shift).

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED)::

    python benchmarks/bio_split.py        # writes benchmarks/results/bio_split.{json,md} (--out DIR: elsewhere)

The threshold comes from an inner 3-fold cross-validation on the abstracts (grouped by document),
so nothing is tuned on the full papers; F1 at the fixed threshold 0.5 is reported beside it.

The cue classifier (the recipe of ``hedgekit.cues.score(sentences, domain="bioscope")``), also
trained on the abstracts alone, is scored at its own threshold 0.5 and at a sentence-level
threshold on its largest candidate probability chosen by a 5-fold cross-validation on the abstracts
(grouped by document; the sentence model's threshold uses the training recipe's inner 3 folds, the
cue classifier's 5, :data:`CUE_CV_FOLDS`, so each fold's model sees 80% of the abstracts). Every
threshold here follows the training rule: the median of the cuts whose out-of-fold F1 is within
:data:`hedgekit.train.THRESHOLD_TOLERANCE` of the best.

A blend of the two is scored too: ``a * P(cue) + (1 - a) * P(uncertain)`` (the cue classifier's
largest candidate probability and the sentence model's probability), with the weight ``a`` (one of
:data:`BLEND_WEIGHTS`) whose out-of-fold F1 on the same 5 folds of the abstracts, at its threshold
by that rule, is highest.

The F1 of the sentence model (at its inner-CV threshold) and of the cue classifier (any cue) carry
95% bootstrap intervals (:func:`f1_intervals`, 1,000 resamples, seed 0), once resampling the
full-paper sentences and once resampling the 9 papers whole (sentences of one paper are not
independent, so that interval is the honest one): they say how far a difference on this one split
can be told from noise.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# benchmark this checkout's hedgekit, not whichever one is installed (e.g. from a git worktree)
sys.path.insert(0, str(ROOT))


CUE_CV_FOLDS = 5
#: bootstrap resamples of :func:`f1_intervals`
N_BOOT = 1000


def f1_intervals(y: np.ndarray, predicted: np.ndarray, docs: list[str], n_boot: int = N_BOOT, seed: int = 0,
                 ci: float = 0.95) -> dict[str, list[float]]:
    """Percentile bootstrap intervals of the F1 of class 1: resampling sentences, and resampling whole
    documents (``docs``, one id per sentence).

    Returns:
        ``{"f1_ci_sentences": [lo, hi], "f1_ci_documents": [lo, hi]}``, rounded to 4 digits.
    """
    y, yhat = np.asarray(y, dtype=bool), np.asarray(predicted, dtype=bool)
    counts = np.stack([y & yhat, ~y & yhat, y & ~yhat]).astype(np.float64).T  # tp, fp, fn per sentence

    def f1(weights: np.ndarray) -> np.ndarray:
        tp, fp, fn = (weights @ counts).T
        den = 2 * tp + fp + fn
        return np.divide(2 * tp, den, out=np.zeros_like(den), where=den > 0)

    rng = np.random.default_rng(seed)
    n = len(y)
    by_sentence = f1(rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(np.float64))
    uniq, doc_of = np.unique(np.asarray(docs), return_inverse=True)
    drawn = rng.multinomial(len(uniq), np.full(len(uniq), 1.0 / len(uniq)), size=n_boot).astype(np.float64)
    by_document = f1(drawn[:, doc_of.reshape(-1)])
    q = [50 * (1 - ci), 50 * (1 + ci)]
    return {"f1_ci_sentences": [round(float(v), 4) for v in np.percentile(by_sentence, q)],
            "f1_ci_documents": [round(float(v), 4) for v in np.percentile(by_document, q)]}
#: the weights of the cue classifier in the blend that the abstracts' 5-fold CV chooses from
BLEND_WEIGHTS = tuple(round(0.1 * i, 1) for i in range(11))


def cue_classifier_split(corpora: Path, lexicon: Any,
                         sentence_model: tuple[Any, np.ndarray, np.ndarray] | None = None) -> dict[str, dict[str, float]]:
    """The cue classifier fitted on the abstracts' cues; full-paper sentences with a found cue are uncertain.

    Args:
        corpora: the shared corpora folder.
        lexicon: the lexicon both models match cues with.
        sentence_model: optional ``(recipe, abstract_rows, paper_rows)`` (:func:`sentence_recipe`):
            a :class:`hedgekit.train.Recipe` with one expert, and the rows of its training set that are
            the abstracts' and the papers' sentences in corpus order; the blend with it is then
            scored too.

    Returns:
        ``{"own": ..., "cv": ...}``: precision / recall / F1 on the papers at the model's own
        threshold, and at the threshold on the largest candidate probability (``p_max``) chosen by a
        :data:`CUE_CV_FOLDS`-fold CV on the abstracts, grouped by document (``cv["threshold"]``);
        with ``sentence_model``, also ``"blend"``: the weight, threshold and scores of the blend the
        same CV chooses (see the module docstring).

    Raises:
        ValueError: ``sentence_model``'s recipe has more than one expert, or its rows are not the
            abstracts' and the papers' sentences in corpus order.
    """
    from hedgekit import cues, train
    from hedgekit.readers import load_corpus

    abstracts = list(load_corpus(corpora / "bioscope" / "abstracts.xml", format="bioscope"))
    papers = list(load_corpus(corpora / "bioscope" / "full_papers.xml", format="bioscope"))

    def p_max(model: cues.CueModel, texts: list[str]) -> np.ndarray:
        """The largest cue probability of each text (``p_uncertain`` of the cue scorer)."""
        return np.array([s.p_uncertain for s in cues.CueDetector(model=model, lexicon=lexicon).score(texts)])

    if sentence_model is not None:
        recipe, a_rows, p_rows = sentence_model
        if len(recipe.experts) != 1:
            raise ValueError(f"sentence_model's recipe must have one expert, got {recipe.experts}")
        expert = recipe.experts[0]
        if [recipe.ts.texts[i] for i in a_rows] != [s.text for s in abstracts] or \
                [recipe.ts.texts[i] for i in p_rows] != [s.text for s in papers]:
            raise ValueError("sentence_model's rows are not the abstracts' and papers' sentences in corpus order")
    # documents that share a sentence are one group (train.merge_twin_groups), as in the sentence CV
    docs = [s.doc_id or f"#{i}" for i, s in enumerate(abstracts)]  # (every BioScope abstract has an id)
    folds = train.shuffled_group_folds(train.merge_twin_groups([s.text for s in abstracts], docs), CUE_CV_FOLDS)
    p_oof, s_oof = np.zeros(len(abstracts)), np.zeros(len(abstracts))
    for f in range(CUE_CV_FOLDS):
        held = np.flatnonzero(folds == f)
        fold_model = cues.fit_shipped_cue_model([s for s, g in zip(abstracts, folds) if g != f], lexicon)
        p_oof[held] = p_max(fold_model, [abstracts[i].text for i in held])
        if sentence_model is not None:
            s_oof[held] = recipe.predict(recipe.fit(a_rows[folds != f]), a_rows[held])[expert]
    y_abs = np.array([int(bool(s.cues)) for s in abstracts])
    t_cv = train.best_threshold(y_abs, p_oof, train.THRESHOLD_TOLERANCE)
    model = cues.fit_shipped_cue_model(abstracts, lexicon)
    y = np.array([int(bool(s.cues)) for s in papers])
    p = p_max(model, [s.text for s in papers])
    own = {k: round(v, 4) for k, v in train.prf(y, (p >= model.threshold).astype(int)).items()}
    own.update(f1_intervals(y, p >= model.threshold, [str(s.doc_id) for s in papers]))
    cv = {k: round(v, 4) for k, v in train.prf(y, (p >= t_cv).astype(int)).items()}
    out: dict[str, dict[str, float]] = {"own": own, "cv": {"threshold": round(t_cv, 4), **cv}}
    if sentence_model is not None:
        best = (-1.0, 0.0, 0.5)  # (out-of-fold F1 on the abstracts, weight, threshold)
        for a in BLEND_WEIGHTS:
            mix = a * p_oof + (1.0 - a) * s_oof
            t = train.best_threshold(y_abs, mix, train.THRESHOLD_TOLERANCE)
            f1 = train.prf(y_abs, (mix >= t).astype(int))["f1"]
            if f1 > best[0]:
                best = (f1, a, t)
        _, a, t = best
        s_p = recipe.predict(recipe.fit(a_rows), p_rows)[expert]
        got = train.prf(y, (a * p + (1.0 - a) * s_p >= t).astype(int))
        out["blend"] = {"weight": a, "threshold": round(t, 4), "abstracts_oof_f1": round(best[0], 4),
                        **{k: round(v, 4) for k, v in got.items()}}
    return out


def sentence_recipe(corpora: Path, lexicon: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    """The shipped training recipe's ``biomedical`` expert (the shipped model's C and min_df) over the
    BioScope abstracts and full papers.

    Returns:
        ``(recipe, abstract_rows, paper_rows)``: a :class:`hedgekit.train.Recipe` whose one expert
        learns the abstracts, and the rows of the abstracts' and the papers' sentences, in corpus order.

    Raises:
        FileNotFoundError: a BioScope file is missing under ``corpora``.
        hedgekit.CorpusError: a BioScope file is malformed.
    """
    from hedgekit import train
    from hedgekit.benchmark import shipped_hyperparameters, shipped_recipe
    from hedgekit.features import FeatureConfig

    ts = train.load_training_set(corpora, [("abstracts", "bioscope/abstracts.xml", "bioscope"),
                                           ("full_papers", "bioscope/full_papers.xml", "bioscope")])
    hp = shipped_hyperparameters()
    hp["unannotated"] = {"abstracts": hp["unannotated"].get("bioscope", [])}  # the abstracts are BioScope's
    recipe = shipped_recipe(ts, lexicon, FeatureConfig(), {"biomedical": ("abstracts",)}, ["biomedical"], hp)
    corpus = np.asarray(ts.corpus)
    return recipe, np.flatnonzero(corpus == "abstracts"), np.flatnonzero(corpus == "full_papers")


def _ci(v: list[float]) -> str:
    return f"[{v[0]}, {v[1]}]"


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python benchmarks/bio_split.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results",
                    help="folder for bio_split.json and bio_split.md (default: benchmarks/results)")
    args = ap.parse_args(argv)
    import hedgekit
    from hedgekit import train
    from hedgekit.benchmark import corpora_missing
    from hedgekit.lexicon import load_lexicon

    from benchmarks import corpora_dir

    corpora = corpora_dir()
    if corpora_missing(corpora, "python benchmarks/bio_split.py", has_option=False):
        return 1
    t0 = time.perf_counter()
    lexicon = load_lexicon()
    recipe, fit_rows, test_rows = sentence_recipe(corpora, lexicon)
    threshold = recipe.inner_thresholds(fit_rows, 3)["biomedical"]
    p = recipe.predict(recipe.fit(fit_rows), test_rows)["biomedical"]
    y = recipe.y[test_rows]
    sentence_ci = f1_intervals(y, p >= threshold, [str(g) for g in np.asarray(recipe.ts.groups)[test_rows]])
    cue = cue_classifier_split(corpora, lexicon, (recipe, fit_rows, test_rows))
    result = {
        "command": "python benchmarks/bio_split.py",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "hedgekit": hedgekit.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
        "train": {"sentences": len(fit_rows), "uncertain": int(recipe.y[fit_rows].sum())},
        "test": {"sentences": len(test_rows), "uncertain": int(y.sum())},
        "C": recipe.C, "min_df": recipe.min_df,
        "threshold_inner_cv": round(threshold, 4),
        "at_inner_cv_threshold": {**{k: round(v, 4) for k, v in train.prf(y, (p >= threshold).astype(int)).items()},
                                  **sentence_ci},
        "at_0.5": {k: round(v, 4) for k, v in train.prf(y, (p >= 0.5).astype(int)).items()},
        "cue_classifier": cue["own"],
        "cue_classifier_cv_threshold": cue["cv"],
        "blend": cue["blend"],
        "wall_s": round(time.perf_counter() - t0, 1),
    }
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "bio_split.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    a, b, c = result["at_inner_cv_threshold"], result["at_0.5"], result["cue_classifier"]
    d, e = result["cue_classifier_cv_threshold"], result["blend"]
    md = (f"# BioScope abstracts -> full papers\n\nCommand: `{result['command']}` (wall time {result['wall_s']} s)  \n"
          f"Date: {result['date']}; hedgekit {result['hedgekit']}, Python {result['python']}, {result['cpus']} CPUs\n\n"
          f"Trained on {result['train']['sentences']} abstract sentences ({result['train']['uncertain']} uncertain); "
          f"tested on {result['test']['sentences']} full-paper sentences ({result['test']['uncertain']} uncertain).\n\n"
          "| threshold | precision | recall | F1 | 95% CI, sentences resampled | 95% CI, papers resampled |\n"
          "|---|---|---|---|---|---|\n"
          f"| {result['threshold_inner_cv']} (inner CV on the abstracts) | {a['precision']} | {a['recall']} | {a['f1']} "
          f"| {_ci(a['f1_ci_sentences'])} | {_ci(a['f1_ci_documents'])} |\n"
          f"| 0.5 | {b['precision']} | {b['recall']} | {b['f1']} | | |\n\n"
          "The cue classifier (`hedgekit.cues`, the shipped hyperparameters) trained on the abstracts' cue "
          "spans, a sentence *uncertain* iff it finds a cue (its own threshold, 0.5), or iff its largest "
          f"candidate probability reaches the threshold chosen by {CUE_CV_FOLDS}-fold CV on the abstracts (every "
          "threshold here by the training rule: the median of the cuts whose out-of-fold F1 is within "
          f"{train.THRESHOLD_TOLERANCE} of the best):\n\n"
          "| system | precision | recall | F1 | 95% CI, sentences resampled | 95% CI, papers resampled |\n"
          "|---|---|---|---|---|---|\n"
          f"| cue classifier, any cue | {c['precision']} | {c['recall']} | {c['f1']} | {_ci(c['f1_ci_sentences'])} "
          f"| {_ci(c['f1_ci_documents'])} |\n"
          f"| cue classifier, largest probability >= {d['threshold']} (CV on the abstracts) | {d['precision']} "
          f"| {d['recall']} | {d['f1']} | | |\n"
          f"| blend {e['weight']} x cue classifier + {round(1 - e['weight'], 1)} x sentence model >= {e['threshold']} "
          f"(weight and threshold: CV on the abstracts, out-of-fold F1 {e['abstracts_oof_f1']}) | {e['precision']} "
          f"| {e['recall']} | {e['f1']} | | |\n\n"
          f"95% intervals: percentile bootstrap, {N_BOOT} resamples (seed 0), of the full-paper sentences or of the "
          "9 papers whole; a paper's sentences are not independent, so the second is the one to read.\n")
    (out / "bio_split.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
