"""Reproducible training of hedgekit's classifier, and the cross-validation that reports its accuracy.

Retrain the shipped model (writes the same file again: fixed seeds, sorted inputs)::

    python -m hedgekit.train --corpora ../shared/corpora --out hedgekit/data/model.json.gz

The shipped model is trained only on corpora whose licence allows it (see ``corpora/README.md``):
BioScope (CC BY 2.0) and the CoNLL-2010 Wikipedia training lists. Cross-validation is 10-fold,
grouped by document where the corpus has documents (BioScope), stratified otherwise (the CoNLL
Wikipedia lists carry no document ids); each fold's decision threshold is chosen by an inner
cross-validation on that fold's training part only, so the reported F1 is not tuned on its test part.
scikit-learn is needed here, never when scoring.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .features import FeatureConfig, featurize
from .lexicon import Lexicon, load_lexicon
from .model import HedgeModel
from .text import token_spans

__all__ = ["TrainingSet", "load_training_set", "fit_model", "cross_validate", "train_shipped", "main",
           "SHIPPED_CORPORA"]

log = logging.getLogger(__name__)

#: (name, file or folder under the shared corpora, reader format) of the corpora the shipped model
#: trains on; each becomes one expert of the model.
SHIPPED_CORPORA: tuple[tuple[str, str, str], ...] = (
    ("bioscope", "bioscope", "bioscope"),
    ("conll2010-wiki", "conll2010-wiki", "conll-wiki"),
)
DEFAULT_C = 0.5
DEFAULT_MIN_DF = 2
DEFAULT_C_GATE = 1.0
SEED = 20100715  # CoNLL-2010's date; any fixed number would do


@dataclass
class TrainingSet:
    """Labelled sentences ready for training: texts, 0/1 labels (1 = uncertain), groups, corpus names."""

    texts: list[str]
    y: np.ndarray
    groups: list[str]
    corpus: list[str]
    files: list[dict[str, str]] = field(default_factory=list)  # provenance: name, path, sha256

    def __len__(self) -> int:
        return len(self.texts)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def default_corpora_dir() -> Path:
    """``$HEDGEKIT_SHARED/corpora`` if set, else ``../shared/corpora`` from the current directory."""
    env = os.environ.get("HEDGEKIT_SHARED")
    return Path(env) / "corpora" if env else Path("..") / "shared" / "corpora"


def load_training_set(corpora_dir: str | os.PathLike[str],
                      corpora: Sequence[tuple[str, str, str]] = SHIPPED_CORPORA) -> TrainingSet:
    """Read labelled sentences from the shared corpora, in a fixed order.

    Sentences without a binary label are skipped. ``groups`` are ``"<corpus>/<doc_id>"`` (or one
    group per sentence where the corpus has no documents).

    Raises:
        FileNotFoundError: a corpus folder is missing.
    """
    from .readers import load_corpus

    root = Path(corpora_dir)
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    names: list[str] = []
    files: list[dict[str, str]] = []
    for name, folder, fmt in corpora:
        path = root / folder
        if not path.exists():
            raise FileNotFoundError(f"corpus {name!r} not found at {path}")
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        for f in found:
            if f.is_file() and f.suffix in (".xml", ".txt", ".jsonl", ".json"):
                files.append({"corpus": name, "file": f.relative_to(root).as_posix(), "sha256": _sha256(f)})
        for i, s in enumerate(load_corpus(path, format=fmt)):
            if s.label is None:
                continue
            texts.append(s.text)
            labels.append(1 if s.label == "uncertain" else 0)
            groups.append(f"{name}/{s.doc_id}" if s.doc_id else f"{name}/#{i}")
            names.append(name)
    return TrainingSet(texts, np.asarray(labels, dtype=np.int8), groups, names, files)


def featurize_all(texts: Sequence[str], lexicon: Lexicon, config: FeatureConfig) -> list[dict[str, float]]:
    """Features of every text (see :func:`hedgekit.features.featurize`)."""
    out = []
    for t in texts:
        norms, _ = token_spans(t)
        out.append(featurize(norms, lexicon.match(norms), config)[0])
    return out


class _Design:
    """A sparse design matrix over all sentences, with per-fold vocabulary selection by document frequency."""

    def __init__(self, feats: list[dict[str, float]]) -> None:
        from scipy import sparse

        vocab: dict[str, int] = {}
        for d in feats:
            for k in d:
                if k not in vocab:
                    vocab[k] = len(vocab)
        names = sorted(vocab)
        order = {n: i for i, n in enumerate(names)}
        rows, cols, vals = [], [], []
        for r, d in enumerate(feats):
            for k, v in d.items():
                rows.append(r)
                cols.append(order[k])
                vals.append(v)
        self.names = names
        self.X = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(names)), dtype=np.float64)
        self.always = np.array([n.startswith("lex:") for n in names])

    def columns(self, rows: np.ndarray, min_df: int) -> np.ndarray:
        """Columns whose feature occurs in at least ``min_df`` of ``rows`` (real-valued ones always)."""
        df = np.asarray((self.X[rows] != 0).sum(axis=0)).ravel()
        return np.flatnonzero((df >= min_df) | self.always)


def _lr(C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=SEED)


def _round(a: np.ndarray) -> np.ndarray:
    """Round to 6 significant digits (the model file stays small and byte-reproducible)."""
    return np.array([float(f"{x:.6g}") for x in np.asarray(a, dtype=np.float64).ravel()]).reshape(np.shape(a))


def fit_arrays(X: Any, y: np.ndarray, domain: np.ndarray, n_heads: int, *, C: float = 0.5,
               C_gate: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Fit the experts (one per domain, each on its own domain's rows) and the gate.

    Args:
        X: sparse design matrix, one row per sentence.
        y: 0/1 labels (1 = uncertain).
        domain: each row's expert number in ``0..n_heads-1``.

    Returns:
        ``(coef, intercept)`` in the layout of :class:`hedgekit.model.HedgeModel` (experts, then gate),
        rounded to 6 significant digits.
    """
    k = n_heads if n_heads == 1 else 2 * n_heads
    coef = np.zeros((X.shape[1], k))
    intercept = np.zeros(k)
    for h in range(n_heads):
        sel = np.flatnonzero(domain == h)
        clf = _lr(C).fit(X[sel], y[sel])
        coef[:, h] = clf.coef_[0]
        intercept[h] = clf.intercept_[0]
    if n_heads == 2:  # softmax over (0, g) is the logistic gate P(head 1) = sigmoid(g)
        clf = _lr(C_gate).fit(X, domain)
        coef[:, 3] = clf.coef_[0]
        intercept[3] = clf.intercept_[0]
    elif n_heads > 2:  # one-vs-rest logistic gates, combined by the softmax at inference
        for h in range(n_heads):
            clf = _lr(C_gate).fit(X, (domain == h).astype(np.int64))
            coef[:, n_heads + h] = clf.coef_[0]
            intercept[n_heads + h] = clf.intercept_[0]
    return _round(coef), _round(intercept)


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The threshold on ``p`` that maximises F1 of class 1 (midpoint between neighbouring scores)."""
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    pos = ys.sum()
    f1 = 2 * tp / (tp + fp + pos)
    # only cut where the score changes
    valid = np.r_[ps[1:] < ps[:-1], True]
    i = int(np.argmax(np.where(valid, f1, -1)))
    t = (ps[i] + ps[i + 1]) / 2 if i + 1 < len(ps) else ps[i] / 2
    return float(min(max(t, 1e-6), 1 - 1e-6))


def _prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def make_folds(ts: TrainingSet, k: int = 10, seed: int = SEED) -> np.ndarray:
    """Fold number (0..k-1) of each sentence: per corpus, grouped by document, stratified by label.

    Documents are kept whole in one fold; within each corpus, folds get roughly equal numbers of
    sentences and of uncertain sentences.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    fold = np.empty(len(ts), dtype=np.int64)
    corpus = np.asarray(ts.corpus)
    groups = np.asarray(ts.groups)
    for name in sorted(set(ts.corpus)):
        idx = np.flatnonzero(corpus == name)
        cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        for f, (_, test) in enumerate(cv.split(idx, ts.y[idx], groups[idx])):
            fold[idx[test]] = f
    return fold


class _Recipe:
    """Everything needed to fit and apply the model on subsets of one featurized training set."""

    def __init__(self, ts: TrainingSet, design: _Design, *, C: float, C_gate: float, min_df: int) -> None:
        self.ts, self.design, self.C, self.C_gate, self.min_df = ts, design, C, C_gate, min_df
        self.heads = sorted(set(ts.corpus))
        codes = {h: i for i, h in enumerate(self.heads)}
        self.domain = np.array([codes[c] for c in ts.corpus], dtype=np.int64)
        self.y = ts.y.astype(np.int64)

    def fit(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Fit on ``rows``; return ``(columns, coef, intercept)``."""
        cols = self.design.columns(rows, self.min_df)
        X = self.design.X[rows][:, cols]
        coef, intercept = fit_arrays(X, self.y[rows], self.domain[rows], len(self.heads), C=self.C,
                                     C_gate=self.C_gate)
        return cols, coef, intercept

    def predict(self, fitted: tuple[np.ndarray, np.ndarray, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """``P(uncertain)`` of ``rows`` under a fitted model, computed as the scorer computes it."""
        cols, coef, intercept = fitted
        scores = np.asarray(self.design.X[rows][:, cols] @ coef) + intercept
        shell = HedgeModel([], np.zeros((0, coef.shape[1])), intercept, self.heads, 0.5, FeatureConfig(), "")
        return shell.combine(scores)[0]

    def inner_threshold(self, train: np.ndarray, k: int) -> float:
        """Threshold maximising F1 over an inner ``k``-fold CV of ``train`` (grouped by document)."""
        from sklearn.model_selection import GroupKFold

        groups = np.asarray(self.ts.groups)[train]
        oof = np.empty(len(train))
        for tr, te in GroupKFold(n_splits=k).split(train, self.y[train], groups):
            oof[te] = self.predict(self.fit(train[tr]), train[te])
        return best_threshold(self.y[train], oof)

    def model(self, fitted: tuple[np.ndarray, np.ndarray, np.ndarray], threshold: float, config: FeatureConfig,
              lexicon_hash: str, training: dict[str, Any]) -> HedgeModel:
        """The fitted arrays as a :class:`HedgeModel`, without the features whose weights are all 0."""
        cols, coef, intercept = fitted
        keep = np.flatnonzero(np.any(coef != 0, axis=1))
        names = [self.design.names[cols[j]] for j in keep]
        return HedgeModel(names, coef[keep], intercept, self.heads, round(threshold, 6), config, lexicon_hash,
                          training)


def cross_validate(ts: TrainingSet, lexicon: Lexicon, config: FeatureConfig = FeatureConfig(), *,
                   C: float = DEFAULT_C, C_gate: float = DEFAULT_C_GATE, min_df: int = DEFAULT_MIN_DF,
                   k: int = 10, inner_k: int = 3, design: _Design | None = None) -> dict[str, Any]:
    """k-fold cross-validation of the training recipe, reported per corpus.

    Each fold fits the experts and the gate on the other folds of all corpora, picks its threshold by
    an inner ``inner_k``-fold CV on its training part only, and is scored on its own test part, per
    corpus. Returns per-corpus mean and standard deviation over folds of precision, recall and F1 of
    the uncertain class, the pooled out-of-fold probabilities (``"oof"``), and the thresholds.
    """
    if design is None:
        design = _Design(featurize_all(ts.texts, lexicon, config))
    recipe = _Recipe(ts, design, C=C, C_gate=C_gate, min_df=min_df)
    folds = make_folds(ts, k)
    y = recipe.y
    corpus = np.asarray(ts.corpus)
    oof = np.empty(len(ts))
    per_fold: dict[str, list[dict[str, float]]] = {n: [] for n in recipe.heads}
    thresholds = []
    for f in range(k):
        train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        t = recipe.inner_threshold(train, inner_k) if inner_k else 0.5
        thresholds.append(t)
        oof[test] = recipe.predict(recipe.fit(train), test)
        for name in per_fold:
            sel = test[corpus[test] == name]
            per_fold[name].append(_prf(y[sel], (oof[sel] >= t).astype(np.int64)))
        log.info("fold %d/%d: threshold %.3f, %s", f + 1, k, t,
                 ", ".join(f"{n} F1 {v[-1]['f1']:.3f}" for n, v in per_fold.items()))
    report: dict[str, Any] = {"k": k, "inner_k": inner_k, "C": C, "C_gate": C_gate, "min_df": min_df,
                              "grouping": "by document where the corpus has documents",
                              "thresholds": [round(t, 4) for t in thresholds], "corpora": {}}
    for name, rows in per_fold.items():
        entry: dict[str, Any] = {"n": int((corpus == name).sum()), "uncertain": int(y[corpus == name].sum())}
        for m in ("precision", "recall", "f1"):
            vals = np.array([r[m] for r in rows])
            entry[m] = round(float(vals.mean()), 4)
            entry[m + "_std"] = round(float(vals.std(ddof=1)), 4)
        report["corpora"][name] = entry
    report["oof"] = oof
    return report


def fit_model(ts: TrainingSet, lexicon: Lexicon, config: FeatureConfig = FeatureConfig(), *,
              C: float = DEFAULT_C, C_gate: float = DEFAULT_C_GATE, min_df: int = DEFAULT_MIN_DF,
              threshold: float = 0.5, design: _Design | None = None,
              training: dict[str, Any] | None = None) -> HedgeModel:
    """Fit the experts (one per corpus in ``ts``) and the gate on all of ``ts``."""
    if design is None:
        design = _Design(featurize_all(ts.texts, lexicon, config))
    recipe = _Recipe(ts, design, C=C, C_gate=C_gate, min_df=min_df)
    fitted = recipe.fit(np.arange(len(ts)))
    return recipe.model(fitted, threshold, config, lexicon.hash, training or {})


def train_shipped(corpora_dir: str | os.PathLike[str], out: str | os.PathLike[str], *, C: float = DEFAULT_C,
                  C_gate: float = DEFAULT_C_GATE, min_df: int = DEFAULT_MIN_DF, k: int = 10, lexicon: Lexicon | None = None,
                  config: FeatureConfig = FeatureConfig()) -> tuple[HedgeModel, dict[str, Any]]:
    """Cross-validate the recipe, fit the final model on everything, and write it to ``out``.

    The final threshold maximises F1 over the pooled out-of-fold probabilities.
    """
    lexicon = lexicon or load_lexicon()
    t0 = time.perf_counter()
    ts = load_training_set(corpora_dir)
    design = _Design(featurize_all(ts.texts, lexicon, config))
    log.info("%d sentences (%d uncertain), %d features; cross-validating", len(ts), int(ts.y.sum()),
             len(design.names))
    report = cross_validate(ts, lexicon, config, C=C, C_gate=C_gate, min_df=min_df, k=k, design=design)
    oof = report.pop("oof")
    threshold = best_threshold(ts.y.astype(np.int64), oof)
    training = {
        "corpora": ts.files,
        "n_sentences": len(ts),
        "n_uncertain": int(ts.y.sum()),
        "hyperparameters": {"estimator": "one sklearn LogisticRegression(liblinear, L2) expert per corpus "
                                         "+ a logistic gate over corpora", "C": C, "C_gate": C_gate,
                            "min_df": min_df, "seed": SEED},
        "threshold_rule": "maximises F1 of the uncertain class over pooled out-of-fold probabilities",
        "cross_validation": report,
        "command": "python -m hedgekit.train --corpora <shared>/corpora --out hedgekit/data/model.json.gz",
        "hedgekit_version": __version__,
        "sklearn_version": _sklearn_version(),
    }
    model = fit_model(ts, lexicon, config, C=C, C_gate=C_gate, min_df=min_df, threshold=threshold, design=design,
                      training=training)
    model.save(out)
    log.info("wrote %s (%d features) in %.0f s", out, len(model.features), time.perf_counter() - t0)
    return model, report


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m hedgekit.train``."""
    ap = argparse.ArgumentParser(prog="python -m hedgekit.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=default_corpora_dir(),
                    help="the shared corpora folder (default: $HEDGEKIT_SHARED/corpora or ../shared/corpora)")
    ap.add_argument("--out", type=Path, default=Path("hedgekit/data/model.json.gz"), help="model file to write")
    ap.add_argument("--C", type=float, default=DEFAULT_C, help="inverse L2 regularisation strength")
    ap.add_argument("--C-gate", type=float, default=DEFAULT_C_GATE, help="inverse L2 strength of the domain gate")
    ap.add_argument("--min-df", type=int, default=DEFAULT_MIN_DF, help="drop features seen in fewer sentences")
    ap.add_argument("--folds", type=int, default=10, help="cross-validation folds")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    model, report = train_shipped(args.corpora, args.out, C=args.C, C_gate=args.C_gate, min_df=args.min_df,
                                  k=args.folds)
    for name, r in report["corpora"].items():
        print(f"{name:16} n={r['n']:6d}  P={r['precision']:.3f}  R={r['recall']:.3f}  "
              f"F1={r['f1']:.3f} ± {r['f1_std']:.3f}")
    print(f"threshold={model.threshold:.4f}  features={len(model.features)}  heads={list(model.heads)}  "
          f"python={platform.python_version()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
