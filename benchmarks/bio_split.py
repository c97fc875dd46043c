"""BioScope abstracts -> full papers: the shipped biomedical recipe trained on the 1,273 abstracts
only and tested on the 9 full papers (the official CoNLL-2010 biological test set is full articles,
while the training data is mostly abstracts; this split is the fair proxy for that shift).

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED)::

    python benchmarks/bio_split.py        # writes benchmarks/results/bio_split.{json,md}

The threshold comes from an inner 3-fold cross-validation on the abstracts (grouped by document),
so nothing is tuned on the full papers; F1 at the fixed threshold 0.5 is reported beside it.

The cue classifier (the recipe of ``hedgekit.cues.score(sentences, domain="bioscope")``), also
trained on the abstracts alone, is scored at its own threshold 0.5 and at the sentence-level
threshold on its largest candidate probability that maximises F1 in a 5-fold cross-validation on
the abstracts (grouped by document; the sentence model's threshold uses the training recipe's
inner 3 folds, the cue classifier's 5, :data:`CUE_CV_FOLDS`, so each fold's model sees 80% of the
abstracts).
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


def cue_classifier_split(corpora: Path, lexicon: Any) -> dict[str, dict[str, float]]:
    """The cue classifier fitted on the abstracts' cues; full-paper sentences with a found cue are uncertain.

    Returns ``{"own": ..., "cv": ...}``: precision / recall / F1 on the papers at the model's own
    threshold, and at the threshold on the largest candidate probability (``p_max``) chosen by a
    :data:`CUE_CV_FOLDS`-fold CV on the abstracts, grouped by document (``cv["threshold"]``).
    """
    from hedgekit import cues, train
    from hedgekit.readers import load_corpus

    abstracts = list(load_corpus(corpora / "bioscope" / "abstracts.xml", format="bioscope"))
    papers = list(load_corpus(corpora / "bioscope" / "full_papers.xml", format="bioscope"))

    def p_max(model: cues.CueModel, texts: list[str]) -> np.ndarray:
        """The largest cue probability of each text (``p_uncertain`` of the cue scorer)."""
        return np.array([s.p_uncertain for s in cues.CueDetector(model=model, lexicon=lexicon).score(texts)])

    folds = train.shuffled_group_folds([s.doc_id for s in abstracts], CUE_CV_FOLDS)
    p_oof = np.zeros(len(abstracts))
    for f in range(CUE_CV_FOLDS):
        held = np.flatnonzero(folds == f)
        fold_model = cues.fit_shipped_cue_model([s for s, g in zip(abstracts, folds) if g != f], lexicon)
        p_oof[held] = p_max(fold_model, [abstracts[i].text for i in held])
    t_cv = train.best_threshold(np.array([int(bool(s.cues)) for s in abstracts]), p_oof)
    model = cues.fit_shipped_cue_model(abstracts, lexicon)
    y = np.array([int(bool(s.cues)) for s in papers])
    p = p_max(model, [s.text for s in papers])
    own = {k: round(v, 4) for k, v in train.prf(y, (p >= model.threshold).astype(int)).items()}
    cv = {k: round(v, 4) for k, v in train.prf(y, (p >= t_cv).astype(int)).items()}
    return {"own": own, "cv": {"threshold": round(t_cv, 4), **cv}}


def main() -> int:
    import hedgekit
    from hedgekit import train
    from hedgekit.benchmark import corpora_missing
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon

    from benchmarks import corpora_dir

    corpora = corpora_dir()
    if corpora_missing(corpora, "python benchmarks/bio_split.py", has_option=False):
        return 1
    t0 = time.perf_counter()
    lexicon = load_lexicon()
    ts = train.load_training_set(corpora, [("abstracts", "bioscope/abstracts.xml", "bioscope"),
                                           ("full_papers", "bioscope/full_papers.xml", "bioscope")])
    design = train.Design(train.featurize_all(ts.texts, lexicon, FeatureConfig()))
    shipped = hedgekit.load_model().training["hyperparameters"]
    recipe = train.Recipe(ts, design, {"biomedical": ("abstracts",)}, ["biomedical"], C=shipped["C"],
                          min_df=shipped["min_df"], nonpositive=train.booster_features(design.names, lexicon))
    corpus = np.asarray(ts.corpus)
    fit_rows, test_rows = np.flatnonzero(corpus == "abstracts"), np.flatnonzero(corpus == "full_papers")
    threshold = recipe.inner_thresholds(fit_rows, 3)["biomedical"]
    p = recipe.predict(recipe.fit(fit_rows), test_rows)["biomedical"]
    y = recipe.y[test_rows]
    cue = cue_classifier_split(corpora, lexicon)
    result = {
        "command": "python benchmarks/bio_split.py",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "hedgekit": hedgekit.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
        "train": {"sentences": len(fit_rows), "uncertain": int(recipe.y[fit_rows].sum())},
        "test": {"sentences": len(test_rows), "uncertain": int(y.sum())},
        "C": shipped["C"], "min_df": shipped["min_df"],
        "threshold_inner_cv": round(threshold, 4),
        "at_inner_cv_threshold": {k: round(v, 4) for k, v in train.prf(y, (p >= threshold).astype(int)).items()},
        "at_0.5": {k: round(v, 4) for k, v in train.prf(y, (p >= 0.5).astype(int)).items()},
        "cue_classifier": cue["own"],
        "cue_classifier_cv_threshold": cue["cv"],
        "wall_s": round(time.perf_counter() - t0, 1),
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bio_split.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    a, b, c = result["at_inner_cv_threshold"], result["at_0.5"], result["cue_classifier"]
    d = result["cue_classifier_cv_threshold"]
    md = (f"# BioScope abstracts -> full papers\n\nCommand: `{result['command']}` (wall time {result['wall_s']} s)  \n"
          f"Date: {result['date']}; hedgekit {result['hedgekit']}, Python {result['python']}, {result['cpus']} CPUs\n\n"
          f"Trained on {result['train']['sentences']} abstract sentences ({result['train']['uncertain']} uncertain); "
          f"tested on {result['test']['sentences']} full-paper sentences ({result['test']['uncertain']} uncertain).\n\n"
          "| threshold | precision | recall | F1 |\n|---|---|---|---|\n"
          f"| {result['threshold_inner_cv']} (inner CV on the abstracts) | {a['precision']} | {a['recall']} | {a['f1']} |\n"
          f"| 0.5 | {b['precision']} | {b['recall']} | {b['f1']} |\n\n"
          "The cue classifier (`hedgekit.cues`, the shipped hyperparameters) trained on the abstracts' cue "
          "spans, a sentence *uncertain* iff it finds a cue (its own threshold, 0.5), or iff its largest "
          f"candidate probability reaches the threshold chosen by {CUE_CV_FOLDS}-fold CV on the abstracts:\n\n"
          "| system | precision | recall | F1 |\n|---|---|---|---|\n"
          f"| cue classifier, any cue | {c['precision']} | {c['recall']} | {c['f1']} |\n"
          f"| cue classifier, largest probability >= {d['threshold']} (CV on the abstracts) | {d['precision']} "
          f"| {d['recall']} | {d['f1']} |\n")
    (out / "bio_split.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
