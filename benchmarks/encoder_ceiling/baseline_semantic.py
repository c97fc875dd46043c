"""Reproduce the accuracy suite's 'combined (shipped recipe), semantic expert' CV on Szeged Wikipedia (F1 0.859 ± 0.020):
hedgekit.benchmark.recipe_cv's recipe (shipped_recipe over training_set(IN_DOMAIN), SHIPPED_EXPERTS/GATE) and
cross_validate's folds (make_folds) and inner thresholds, keeping the semantic expert's test-fold P and its inner-CV
out-of-fold P on the training part. Writes $WORK/baseline_semantic.npz / .json (same keys as baseline.npz)."""
from _paths import CORPORA, ROOT, WORK  # (first: puts the repository on sys.path)
import json, time
import numpy as np
from _cv import expert_cv
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
out, f1s = expert_cv(recipe, folds, y, groups, corpus, CORPUS, EXPERT, t0)
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
