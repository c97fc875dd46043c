"""Reproduce benchmarks/conll_data.py's 'CoNLL lists only' CV of the conll-wiki expert (F1 0.621 ± 0.019) and keep,
per outer fold, the expert's test-fold P(uncertain), and its cross-fitted P(uncertain) on the training CoNLL sentences
from the very inner 3-fold GroupKFold that Recipe.inner_thresholds uses (threshold: best_threshold with
THRESHOLD_TOLERANCE on those, as the shipped rule). Writes $WORK/baseline.npz and baseline.json."""
from _paths import CORPORA, ROOT, WORK  # (first: puts the repository on sys.path)
import json, time
import numpy as np
from sklearn.model_selection import GroupKFold
from hedgekit import train as T
from benchmarks.conll_data import Data, _Recipe, EXPERT, CONLL, SZEGED

t0 = time.time()
d = Data(CORPORA)
ts = d.ts
corpus = np.asarray(ts.corpus); y = ts.y.astype(np.int64); groups = np.asarray(ts.groups)
recipe = _Recipe(ts, d.design, {EXPERT: (CONLL,), "_others": ("bioscope", SZEGED)}, ["_others"], nonpositive=d.nonpositive)
assert not T.graded_corpora(ts)
out = {"folds": d.folds, "p_test": np.full(len(ts), np.nan), "inner_fold": np.full((10, len(ts)), -1),
       "p_inner": np.full((10, len(ts)), np.nan), "thr": np.zeros(10)}
f1s, prfs = [], []
for f in range(10):
    train, test = np.flatnonzero(d.folds != f), np.flatnonzero((d.folds == f) & (corpus == CONLL))
    # == Recipe.inner_thresholds(train, 3), keeping the out-of-fold predictions
    fold = np.empty(len(train), dtype=np.int64)
    for g, (_, te) in enumerate(GroupKFold(n_splits=3).split(train, y[train], groups[train])):
        fold[te] = g
    oof = np.empty(len(train))
    for g in range(3):
        tr, te = np.flatnonzero(fold != g), np.flatnonzero(fold == g)
        oof[te] = recipe.predict(recipe.fit(train[tr]), train[te])[EXPERT]
    sel = recipe.scope(EXPERT, train)
    thr = T.best_threshold(y[train][sel], oof[sel], T.THRESHOLD_TOLERANCE)
    p = recipe.predict(recipe.fit(train), test)[EXPERT]
    r = T.prf(y[test], (p >= thr).astype(np.int64))
    prfs.append(r); f1s.append(r["f1"])
    out["p_test"][test] = p; out["inner_fold"][f, train] = fold; out["p_inner"][f, train] = oof; out["thr"][f] = thr
    print(f"fold {f}: thr {thr:.4f} F1 {r['f1']:.4f}", flush=True)
f1s = np.array(f1s)
np.savez(f"{WORK}/baseline.npz", **out, y=y, corpus=corpus)
res = {"f1_folds": [round(x, 4) for x in f1s], "f1": round(f1s.mean(), 4), "f1_std": round(f1s.std(ddof=1), 4),
       "thresholds": [round(x, 4) for x in out["thr"]], "seconds": round(time.time() - t0, 1)}
rec = json.load(open(f"{ROOT}/benchmarks/results/conll_data.json"))["variants"]["CoNLL lists only"]
res["matches_recorded"] = res["f1_folds"] == rec["f1_folds"] and res["thresholds"] == rec["thresholds"]
json.dump(res, open(f"{WORK}/baseline.json", "w"), indent=1); print(res)
