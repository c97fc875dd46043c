"""BioScope abstracts -> full papers: the shipped biomedical recipe trained on the 1,273 abstracts
only and tested on the 9 full papers (the official CoNLL-2010 biological test set is full articles,
while the training data is mostly abstracts; this split is the fair proxy for that shift).

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED)::

    python benchmarks/bio_split.py        # writes benchmarks/results/bio_split.{json,md}

The threshold comes from an inner 3-fold cross-validation on the abstracts (grouped by document),
so nothing is tuned on the full papers; F1 at the fixed threshold 0.5 is reported beside it.
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


def cue_classifier_split(corpora: Path, lexicon: Any) -> dict[str, float]:
    """The cue classifier fitted on the abstracts' cues; full-paper sentences with a found cue are uncertain."""
    from hedgekit import cues, train
    from hedgekit.readers import load_corpus

    abstracts = list(load_corpus(corpora / "bioscope" / "abstracts.xml", format="bioscope"))
    papers = list(load_corpus(corpora / "bioscope" / "full_papers.xml", format="bioscope"))
    model = cues.fit_shipped_cue_model(abstracts, lexicon)
    y = np.array([int(bool(s.cues)) for s in papers])
    pred = np.array([int(bool(model.predict(s.text, lexicon))) for s in papers])
    return {k: round(v, 4) for k, v in train.prf(y, pred).items()}


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
        "cue_classifier": cue_classifier_split(corpora, lexicon),
        "wall_s": round(time.perf_counter() - t0, 1),
    }
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bio_split.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    a, b, c = result["at_inner_cv_threshold"], result["at_0.5"], result["cue_classifier"]
    md = (f"# BioScope abstracts -> full papers\n\nCommand: `{result['command']}` (wall time {result['wall_s']} s)  \n"
          f"Date: {result['date']}; hedgekit {result['hedgekit']}, Python {result['python']}, {result['cpus']} CPUs\n\n"
          f"Trained on {result['train']['sentences']} abstract sentences ({result['train']['uncertain']} uncertain); "
          f"tested on {result['test']['sentences']} full-paper sentences ({result['test']['uncertain']} uncertain).\n\n"
          "| threshold | precision | recall | F1 |\n|---|---|---|---|\n"
          f"| {result['threshold_inner_cv']} (inner CV on the abstracts) | {a['precision']} | {a['recall']} | {a['f1']} |\n"
          f"| 0.5 | {b['precision']} | {b['recall']} | {b['f1']} |\n\n"
          "The cue classifier (`hedgekit.cues`, the shipped hyperparameters) trained on the abstracts' cue "
          "spans, a sentence *uncertain* iff it finds a cue (its own threshold, 0.5):\n\n"
          "| system | precision | recall | F1 |\n|---|---|---|---|\n"
          f"| cue classifier, any cue | {c['precision']} | {c['recall']} | {c['f1']} |\n")
    (out / "bio_split.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
