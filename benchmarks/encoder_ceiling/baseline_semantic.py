"""Reproduce the accuracy suite's 'combined (shipped recipe), semantic expert' CV on Szeged Wikipedia (F1 0.859 ± 0.020):
hedgekit.benchmark.recipe_cv's recipe (shipped_recipe over training_set(IN_DOMAIN), SHIPPED_EXPERTS/GATE) and
cross_validate's folds (make_folds) and inner thresholds, keeping the semantic expert's test-fold P and its inner-CV
out-of-fold P on the training part. Writes $WORK/baseline_semantic.npz / .json (same keys as baseline.npz)."""
from _paths import CORPORA, ROOT, WORK  # (first: puts the repository on sys.path)
import json, time
import numpy as np
from sklearn.model_selection import GroupKFold
from hedgekit import train as T, benchmark as BM
from hedgekit.features import FeatureConfig
from hedgekit.lexicon import load_lexicon

EXPERT, CORPUS = "semantic", "szeged-wiki"
t0 = time.time()
ts = BM.training_set(CORPORA, list(BM.IN_DOMAIN))
recipe = BM.shipped_recipe(ts, load_lexicon(), FeatureConfig(), dict(T.SHIPPED_EXPERTS), list(T.SHIPPED_GATE))
corpus = np.asarray(ts.corpus); y = recipe.y; groups = np.asarray(ts.groups)
assert not T.graded_corpora(ts)
folds = T.make_folds(ts, 10)
# row alignment with ts.npz (the embeddings' order)
d = np.load(f"{WORK}/ts.npz", allow_pickle=True)
assert [str(t) for t, c in zip(d["texts"], d["corpus"]) if c == CORPUS] == [t for t, c in zip(ts.texts, corpus) if c == CORPUS]
out = {"folds": folds, "p_test": np.full(len(ts), np.nan), "inner_fold": np.full((10, len(ts)), -1),
       "p_inner": np.full((10, len(ts)), np.nan), "thr": np.zeros(10)}
f1s = []
for f in range(10):
    train, test = np.flatnonzero(folds != f), np.flatnonzero((folds == f) & (corpus == CORPUS))
    fold = np.empty(len(train), dtype=np.int64)   # == Recipe.inner_thresholds(train, 3)
    for g, (_, te) in enumerate(GroupKFold(n_splits=3).split(train, y[train], groups[train])):
        fold[te] = g
    oof = np.empty(len(train))
    for g in range(3):
        tr, te = np.flatnonzero(fold != g), np.flatnonzero(fold == g)
        oof[te] = recipe.predict(recipe.fit(train[tr]), train[te])[EXPERT]
    sel = recipe.scope(EXPERT, train)
    thr = T.best_threshold(y[train][sel], oof[sel], T.THRESHOLD_TOLERANCE)
    p = recipe.predict(recipe.fit(train), test)[EXPERT]
    f1s.append(T.prf(y[test], (p >= thr).astype(np.int64))["f1"])
    out["p_test"][test] = p; out["inner_fold"][f, train] = fold; out["p_inner"][f, train] = oof; out["thr"][f] = thr
    print(f"fold {f}: thr {thr:.4f} F1 {f1s[-1]:.4f} {time.time() - t0:.0f}s", flush=True)
f1s = np.array(f1s)
np.savez(f"{WORK}/baseline_semantic.npz", **out, y=y, corpus=corpus)
rec = json.load(open(f"{ROOT}/benchmarks/results/accuracy.json"))["in_domain"]
res = {"f1_folds": [round(float(x), 4) for x in f1s], "f1": round(float(f1s.mean()), 4), "f1_std": round(float(f1s.std(ddof=1)), 4),
       "thresholds": [round(float(x), 4) for x in out["thr"]], "seconds": round(time.time() - t0, 1)}
try:
    r = rec["corpora"][CORPUS]["combined"][EXPERT] if "combined" in rec["corpora"][CORPUS] else None
except Exception as e:
    r = repr(e)
res["recorded"] = r
json.dump(res, open(f"{WORK}/baseline_semantic.json", "w"), indent=1, default=str); print(res)
