"""Score the fine-tuned MiniLM folds (finetune.py -> ft/fold<F>.npz) alone and stacked with the conll-wiki expert.
Threshold and stack weight chosen on the validation part (inner fold 0 of the training part), never on the test fold.
usage: ft_eval.py [FT_DIR=$WORK/ft] [TAG=ft]  -> <TAG>_eval.json"""
from _paths import WORK  # (first: puts the repository on sys.path)
import glob, json, re, sys
FT_DIR = sys.argv[1] if len(sys.argv) > 1 else f"{WORK}/ft"
TAG = sys.argv[2] if len(sys.argv) > 2 else "ft"
import numpy as np
from hedgekit import train as T
B = np.load(f"{WORK}/baseline.npz", allow_pickle=True); y = B["y"]; TOL = T.THRESHOLD_TOLERANCE
WS = np.round(np.linspace(0, 1, 11), 2)
sig = lambda z: 1 / (1 + np.exp(-z))
def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6); return np.log(p / (1 - p))
def best(yy, z):
    t = T.best_threshold(yy, sig(z), TOL); return T.prf(yy, (sig(z) >= t).astype(int))["f1"], t
res = {k: [] for k in ("base", "ft", "ft_avg", "ft_stackw")}; ws, done, secs = [], [], []
for path in sorted(glob.glob(f"{FT_DIR}/fold*.npz"), key=lambda p: int(re.findall(r"\d+", p)[-1])):
    f = int(re.findall(r"\d+", path)[-1]); d = np.load(path); done.append(f); secs.append(float(d["total_seconds"]))
    vr, vz, tr, tz = d["val_rows"], d["val_z"], d["test_rows"], d["test_z"]
    ze_v, ze_t = logit(B["p_inner"][f][vr]), logit(B["p_test"][tr])
    assert not np.isnan(ze_v).any()
    res["base"].append(T.prf(y[tr], (B["p_test"][tr] >= B["thr"][f]).astype(int))["f1"])
    def score(zv, zt):
        _, t = best(y[vr], zv); return T.prf(y[tr], (sig(zt) >= t).astype(int))["f1"]
    res["ft"].append(score(vz, tz))
    res["ft_avg"].append(score((vz + ze_v) / 2, (tz + ze_t) / 2))
    w = max(WS, key=lambda w: best(y[vr], w * vz + (1 - w) * ze_v)[0]); ws.append(float(w))
    res["ft_stackw"].append(score(w * vz + (1 - w) * ze_v, w * tz + (1 - w) * ze_t))
    print(f"fold {f}: w={w} " + " ".join(f"{k}={v[-1]:.4f}" for k, v in res.items()))
base = np.array(res["base"]); out = {"folds": done, "w": ws, "fold_seconds": secs, "variants": {}}
for k, v in res.items():
    v = np.array(v); dd = v - base
    sd = lambda a: float(a.std(ddof=1)) if len(a) > 1 else float("nan")
    out["variants"][k] = {"f1": round(float(v.mean()), 4), "f1_std": round(sd(v), 4), "diff": round(float(dd.mean()), 4),
                          "diff_std": round(sd(dd), 4), "folds_better": int((dd > 0).sum()), "f1_folds": [round(float(x), 4) for x in v]}
    print(f"{k:10s} F1 {v.mean():.4f} ± {sd(v):.4f}   diff {dd.mean():+.4f} ± {sd(dd):.4f}  better in {(dd > 0).sum()}/{len(v)}")
json.dump(out, open(f"{WORK}/{TAG}_eval.json", "w"), indent=1)
