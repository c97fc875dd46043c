"""Reproduce benchmarks/conll_data.py's 'CoNLL lists only' CV of the conll-wiki expert (F1 0.621 ± 0.019) and keep,
per outer fold, the expert's test-fold P(uncertain), and its cross-fitted P(uncertain) on the training CoNLL sentences
from the very inner 3-fold GroupKFold that Recipe.inner_thresholds uses (threshold: best_threshold with
THRESHOLD_TOLERANCE on those, as the shipped rule). Writes $WORK/baseline.npz and baseline.json."""
from _paths import CORPORA, ROOT, WORK  # (first: puts the repository on sys.path)
import json, time
import numpy as np
from hedgekit import train as T
from _cv import expert_cv
from benchmarks.conll_data import Data, _Recipe, EXPERT, CONLL, SZEGED

t0 = time.time()
d = Data(CORPORA)
ts = d.ts
corpus = np.asarray(ts.corpus); y = ts.y.astype(np.int64); groups = np.asarray(ts.groups)
recipe = _Recipe(ts, d.design, {EXPERT: (CONLL,), "_others": ("bioscope", SZEGED)}, ["_others"], nonpositive=d.nonpositive)
assert not T.graded_corpora(ts)
out, f1s = expert_cv(recipe, d.folds, y, groups, corpus, CONLL, EXPERT)
np.savez(f"{WORK}/baseline.npz", **out, y=y, corpus=corpus)
res = {"f1_folds": [round(x, 4) for x in f1s], "f1": round(f1s.mean(), 4), "f1_std": round(f1s.std(ddof=1), 4),
       "thresholds": [round(x, 4) for x in out["thr"]], "seconds": round(time.time() - t0, 1)}
rec = json.load(open(f"{ROOT}/benchmarks/results/conll_data.json"))["variants"]["CoNLL lists only"]
res["matches_recorded"] = res["f1_folds"] == rec["f1_folds"] and res["thresholds"] == rec["thresholds"]
json.dump(res, open(f"{WORK}/baseline.json", "w"), indent=1); print(res)
