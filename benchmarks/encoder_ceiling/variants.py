"""Variants (a) LR on frozen MiniLM embeddings, (b) stacked with the conll-wiki expert, on the shipped CV's 10 folds.
usage: variants.py [CORPUS BASELINE_NPZ EMB_NPY TAG]
  default: conll2010-wiki $WORK/baseline.npz $WORK/emb_conll2010-wiki.npy minilm (conll-wiki expert, baseline.py)
  Szeged:  szeged-wiki $WORK/baseline_semantic.npz $WORK/emb_szeged-wiki.npy semantic_minilm (baseline_semantic.py)
Everything chosen on the training part only: C and stack weight by the inner 3-fold GroupKFold that the shipped
threshold rule uses (baseline.npz's inner_fold), thresholds by best_threshold(tolerance=THRESHOLD_TOLERANCE) on the
cross-fitted inner predictions."""
from _paths import WORK  # (first: puts the repository on sys.path)
import sys, json, time
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from hedgekit import train as T

if len(sys.argv) > 1:
    CORPUS, base_path, emb_path, tag = sys.argv[1:5]
else:
    CORPUS, base_path, emb_path, tag = "conll2010-wiki", f"{WORK}/baseline.npz", f"{WORK}/emb_conll2010-wiki.npy", "minilm"
B = np.load(base_path, allow_pickle=True)
y, corpus, folds = B["y"], B["corpus"], B["folds"]
rows = np.flatnonzero(corpus == CORPUS)
E = np.zeros((len(y), np.load(emb_path).shape[1]), dtype=np.float64); E[rows] = np.load(emb_path)
CS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
WS = np.round(np.linspace(0, 1, 11), 2)
TOL = T.THRESHOLD_TOLERANCE

def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6); return np.log(p / (1 - p))

def fit_predict(tr, te, C):
    sc = StandardScaler().fit(E[tr])
    m = LogisticRegression(C=C, max_iter=2000).fit(sc.transform(E[tr]), y[tr])
    return m.decision_function(sc.transform(E[te]))

def f1_at_best(yy, z):
    p = 1 / (1 + np.exp(-z)); t = T.best_threshold(yy, p, TOL)
    return T.prf(yy, (p >= t).astype(int))["f1"], t

res = {k: [] for k in ("base", "emb", "avg", "stackw")}
info = {"C": [], "w": []}
t0 = time.time()
for f in range(10):
    train = rows[folds[rows] != f]; test = rows[folds[rows] == f]
    inner = B["inner_fold"][f][train]; assert (inner >= 0).all()
    z_exp_in = logit(B["p_inner"][f][train]); z_exp_te = logit(B["p_test"][test])
    # (a) C by inner CV (pooled inner-OOF F1 at its own best threshold), cross-fitted emb log-odds on train
    oof = {}
    for C in CS:
        z = np.empty(len(train))
        for g in range(3):
            z[inner == g] = fit_predict(train[inner != g], train[inner == g], C)
        oof[C] = z
    C = max(CS, key=lambda c: f1_at_best(y[train], oof[c])[0]); info["C"].append(C)
    z_emb_in = oof[C]; z_emb_te = fit_predict(train, test, C)
    # baseline, for the paired difference: the shipped rule's threshold on the expert's inner OOF
    res["base"].append(T.prf(y[test], (B["p_test"][test] >= B["thr"][f]).astype(int))["f1"])
    def score(z_in, z_te):
        _, t = f1_at_best(y[train], z_in)
        return T.prf(y[test], ((1 / (1 + np.exp(-z_te))) >= t).astype(int))["f1"]
    res["emb"].append(score(z_emb_in, z_emb_te))
    # (b1) fixed average of the two log-odds
    res["avg"].append(score((z_exp_in + z_emb_in) / 2, (z_exp_te + z_emb_te) / 2))
    # (b2) weight w on the embedding log-odds chosen by the inner OOF F1
    w = max(WS, key=lambda w: f1_at_best(y[train], w * z_emb_in + (1 - w) * z_exp_in)[0]); info["w"].append(float(w))
    res["stackw"].append(score(w * z_emb_in + (1 - w) * z_exp_in, w * z_emb_te + (1 - w) * z_exp_te))
    print(f"fold {f}: C={C} w={w} " + " ".join(f"{k}={v[-1]:.4f}" for k, v in res.items()), flush=True)
base = np.array(res["base"])
out = {"tag": tag, "emb": emb_path, "seconds": round(time.time() - t0, 1), **info, "variants": {}}
for k, v in res.items():
    v = np.array(v); dd = v - base
    out["variants"][k] = {"f1": round(v.mean(), 4), "f1_std": round(v.std(ddof=1), 4), "diff": round(dd.mean(), 4),
                          "diff_std": round(dd.std(ddof=1), 4), "folds_better": int((dd > 0).sum()), "f1_folds": [round(x, 4) for x in v]}
    print(f"{k:8s} F1 {v.mean():.4f} ± {v.std(ddof=1):.4f}   diff {dd.mean():+.4f} ± {dd.std(ddof=1):.4f}  better in {(dd > 0).sum()}/10")
json.dump(out, open(f"{WORK}/variants_{tag}.json", "w"), indent=1)
