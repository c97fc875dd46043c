"""Adapting a shipped expert to a new domain with a few labelled sentences, against training from scratch.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; 2-4 minutes: 117 s in
the recorded run on a 2-core machine)::

    python -m benchmarks.adaptation       # writes benchmarks/results/adaptation.{json,md}

Each task is a target corpus and a shipped expert that never saw it (``general`` and ``semantic``
learnt Wikipedia, ``biomedical`` learnt BioScope). For ``n`` labelled target sentences (whole
documents drawn at random; each Pei & Jurgens finding is its own document) it compares, on the
target corpus's other documents:

- ``base``: the expert as shipped, at its own threshold (no target labels used);
- ``scratch``: ``HedgeClassifier()`` fitted on the ``n`` sentences (threshold by 3-fold CV);
- ``adapted``: ``HedgeClassifier(base=<expert>)`` fitted on the same ``n`` sentences
  (:mod:`hedgekit.adapt`; threshold by 3-fold CV, as for ``scratch``).

F1 of the uncertain class, mean ± sd over the random draws, and the mean learnt scale ``a`` of the
expert's log-odds (1: kept as it is; above 1: sharpened; towards 0: it fades). Pei & Jurgens findings rated <= 3.5
count as uncertain. Nothing here changes the shipped model; SFU, FactBank and UNSC (evaluation-only
licences) are not used.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpora_dir
from hedgekit import HedgeClassifier, load_lexicon, load_model
from hedgekit import benchmark as B
from hedgekit import train as T
from hedgekit.features import scoring_config

COMMAND = "python -m benchmarks.adaptation"
#: (target corpus, shipped expert that never trained on it)
TASKS: tuple[tuple[str, str], ...] = (
    ("bioscope", "general"), ("bioscope", "semantic"), ("szeged-wiki", "biomedical"),
    ("conll2010-wiki", "biomedical"), ("pei-jurgens", "biomedical"),
)
SIZES = (100, 300, 1000, 3000)
TEST_CAP = 5000


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    return T.prf(y, pred.astype(np.int64))["f1"]


def draw(groups: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Mask of whole documents, in random order, until they hold at least ``n`` sentences."""
    uniq = rng.permutation(np.unique(groups))
    mask = np.zeros(len(groups), dtype=bool)
    for g in uniq:
        if mask.sum() >= n:
            break
        mask |= groups == g
    return mask


def run(root: Path, *, repeats: int, sizes: Sequence[int], tasks: Sequence[tuple[str, str]]) -> dict[str, Any]:
    ts = T.load_training_set(root, T.GRADED_CORPORA)
    y_all = ts.y.astype(np.int64)  # Pei & Jurgens: rating <= 3.5
    corpus = np.asarray(ts.corpus)
    groups = np.asarray(ts.groups)
    model = load_model()
    lexicon = load_lexicon()
    out: dict[str, Any] = {"repeats": repeats, "test_cap": TEST_CAP, "tasks": []}
    for target, expert in tasks:
        trained_on = model.training.get("experts", {}).get(expert, [])
        if target in trained_on:
            raise ValueError(f"{expert!r} was trained on {target!r}; pick an expert that never saw it")
        rows = np.flatnonzero(corpus == target)
        texts = [ts.texts[i] for i in rows]
        y, g = y_all[rows], groups[rows]
        # scored as Scorer(expert=expert) scores (end_mark)
        p_base = model.predict_proba(T.featurize_all(texts, lexicon, scoring_config(model.feature_config)),
                                     expert=expert)
        base_pred = p_base >= model.thresholds[expert]
        entry: dict[str, Any] = {"target": target, "expert": expert, "n_sentences": len(rows),
                                 "n_uncertain": int(y.sum()), "sizes": []}
        for n in sizes:
            if n > len(rows) // 2:
                continue
            scores: dict[str, list[float]] = {"base": [], "scratch": [], "adapted": []}
            n_train, scales = [], []
            for r in range(repeats):
                rng = np.random.default_rng(T.SEED + 1000 * r + n)
                tr = draw(g, n, rng)
                te = np.flatnonzero(~tr)
                if len(te) > TEST_CAP:
                    te = np.sort(rng.choice(te, TEST_CAP, replace=False))
                tr = np.flatnonzero(tr)
                n_train.append(len(tr))
                X_tr, y_tr = [texts[i] for i in tr], y[tr]
                X_te = [texts[i] for i in te]
                scores["base"].append(_f1(y[te], base_pred[te]))
                if 0 < y_tr.sum() < len(y_tr):
                    scores["scratch"].append(_f1(y[te], HedgeClassifier().fit(X_tr, y_tr).predict(X_te)))
                    adapted = HedgeClassifier(base=expert).fit(X_tr, y_tr)
                    scores["adapted"].append(_f1(y[te], adapted.predict(X_te)))
                    scales.append(adapted.model_.training["adaptation"]["scale"])
            row = {"n": n, "n_train_mean": round(float(np.mean(n_train)), 1),
                   "scale_mean": round(float(np.mean(scales)), 3) if scales else None}
            for k, v in scores.items():
                row[k] = {"f1": round(float(np.mean(v)), 4), "f1_std": round(float(np.std(v, ddof=1)), 4) if len(v) > 1
                          else 0.0, "runs": len(v)}
            entry["sizes"].append(row)
            logging.info("%s <- %s, n=%d: %s", target, expert, n,
                         ", ".join(f"{k} {row[k]['f1']:.3f}" for k in scores))
        out["tasks"].append(entry)
    return out


def render(res: dict[str, Any]) -> str:
    lines = B.stamp_header("Adapting a shipped expert to a new domain", res) + [
        f"`n` labelled sentences of the target corpus (whole documents, drawn at random {res['repeats']} times); "
        f"tested on up to {res['test_cap']} sentences of its other documents. F1 of the uncertain class, "
        "mean ± sd over the draws. `base`: the shipped expert alone at its own threshold; `scratch`: "
        "`HedgeClassifier()` fitted on the `n` sentences; `adapted`: `HedgeClassifier(base=expert)` fitted on "
        "the same sentences (threshold by 3-fold CV for both); scale: the mean learnt factor of the expert's "
        "log-odds in `adapted`. The expert never trained on the target corpus. Best of the three in bold.", "",
        "| target | expert | n | base | scratch | adapted | scale |", "|---|---|---|---|---|---|---|",
    ]
    for t in res["tasks"]:
        for row in t["sizes"]:
            cells = []
            best = max(row[k]["f1"] for k in ("base", "scratch", "adapted"))
            for k in ("base", "scratch", "adapted"):
                c = f"{row[k]['f1']:.3f} ± {row[k]['f1_std']:.3f}"
                cells.append(f"**{c}**" if row[k]["f1"] == best else c)
            scale = "-" if row.get("scale_mean") is None else f"{row['scale_mean']:.2f}"
            lines.append(f"| {t['target']} | `{t['expert']}` | {row['n']} | " + " | ".join(cells) + f" | {scale} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora_dir())
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = ap.parse_args(argv)
    if B.corpora_missing(args.corpora, COMMAND):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    res = run(args.corpora, repeats=args.repeats, sizes=args.sizes, tasks=TASKS)
    cmd = COMMAND + (f" --repeats {args.repeats}" if args.repeats != 3 else "") + (
        f" --sizes {' '.join(map(str, args.sizes))}" if list(args.sizes) != list(SIZES) else "")
    print(B.stamp_and_write(res, cmd, t0, args.out, "adaptation", render))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
