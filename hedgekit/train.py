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
import math
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

#: (name, folder under the shared corpora, reader format) of the corpora the shipped model trains on.
SHIPPED_CORPORA: tuple[tuple[str, str, str], ...] = (
    ("bioscope", "bioscope", "bioscope"),
    ("conll2010-wiki", "conll2010-wiki", "conll-wiki"),
)
DEFAULT_C = 0.5
DEFAULT_MIN_DF = 2
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
        for f in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".xml", ".txt", ".jsonl", ".json")):
            if f.name != "SOURCE.md":
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


def _fit(X: Any, y: np.ndarray, C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=SEED)
    return clf.fit(X, y)


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


def _inner_threshold(design: _Design, y: np.ndarray, train: np.ndarray, groups: np.ndarray, C: float,
                     min_df: int, k: int) -> float:
    from sklearn.model_selection import GroupKFold

    oof = np.empty(len(train))
    for tr, te in GroupKFold(n_splits=k).split(train, y[train], groups[train]):
        cols = design.columns(train[tr], min_df)
        clf = _fit(design.X[train[tr]][:, cols], y[train[tr]], C)
        oof[te] = clf.predict_proba(design.X[train[te]][:, cols])[:, 1]
    return best_threshold(y[train], oof)


def cross_validate(ts: TrainingSet, lexicon: Lexicon, config: FeatureConfig = FeatureConfig(), *,
                   C: float = DEFAULT_C, min_df: int = DEFAULT_MIN_DF, k: int = 10, inner_k: int = 3,
                   design: _Design | None = None) -> dict[str, Any]:
    """k-fold cross-validation of the training recipe, reported per corpus.

    Each fold trains on the other folds of *all* corpora together (as the shipped model does), picks
    its threshold by an inner ``inner_k``-fold CV on its training part, and is scored on its own
    test part, per corpus. Returns per-corpus mean and standard deviation over folds of precision,
    recall and F1 of the uncertain class, the pooled out-of-fold probabilities, and the thresholds.
    """
    if design is None:
        design = _Design(featurize_all(ts.texts, lexicon, config))
    folds = make_folds(ts, k)
    y = ts.y.astype(np.int64)
    groups = np.asarray(ts.groups)
    corpus = np.asarray(ts.corpus)
    oof = np.empty(len(ts))
    per_fold: dict[str, list[dict[str, float]]] = {n: [] for n in sorted(set(ts.corpus))}
    thresholds = []
    for f in range(k):
        train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        t = _inner_threshold(design, y, train, groups, C, min_df, inner_k) if inner_k else 0.5
        thresholds.append(t)
        cols = design.columns(train, min_df)
        clf = _fit(design.X[train][:, cols], y[train], C)
        oof[test] = clf.predict_proba(design.X[test][:, cols])[:, 1]
        for name in per_fold:
            sel = test[corpus[test] == name]
            per_fold[name].append(_prf(y[sel], (oof[sel] >= t).astype(np.int64)))
        log.info("fold %d/%d: threshold %.3f, %s", f + 1, k, t,
                 ", ".join(f"{n} F1 {v[-1]['f1']:.3f}" for n, v in per_fold.items()))
    report: dict[str, Any] = {"k": k, "inner_k": inner_k, "C": C, "min_df": min_df,
                              "thresholds": [round(t, 4) for t in thresholds], "corpora": {}}
    for name, rows in per_fold.items():
        entry = {"n": int((corpus == name).sum()), "uncertain": int(y[corpus == name].sum())}
        for m in ("precision", "recall", "f1"):
            vals = np.array([r[m] for r in rows])
            entry[m] = round(float(vals.mean()), 4)
            entry[m + "_std"] = round(float(vals.std(ddof=1)), 4)
        report["corpora"][name] = entry
    report["oof"] = oof
    return report


def fit_model(ts: TrainingSet, lexicon: Lexicon, config: FeatureConfig = FeatureConfig(), *,
              C: float = DEFAULT_C, min_df: int = DEFAULT_MIN_DF, threshold: float = 0.5,
              design: _Design | None = None, training: dict[str, Any] | None = None) -> HedgeModel:
    """Fit the classifier on all of ``ts`` and return it as a :class:`HedgeModel`.

    Coefficients are rounded to 6 significant digits (the file stays small and byte-reproducible);
    features whose rounded weight is 0 are dropped.
    """
    if design is None:
        design = _Design(featurize_all(ts.texts, lexicon, config))
    rows = np.arange(len(ts))
    cols = design.columns(rows, min_df)
    clf = _fit(design.X[:, cols], ts.y.astype(np.int64), C)
    weights = {}
    for j, c in zip(cols, clf.coef_[0]):
        c = float(f"{c:.6g}")
        if c != 0.0:
            weights[design.names[j]] = c
    intercept = float(f"{clf.intercept_[0]:.6g}")
    return HedgeModel(weights, intercept, round(threshold, 6), config, lexicon.hash, training or {})


def train_shipped(corpora_dir: str | os.PathLike[str], out: str | os.PathLike[str], *, C: float = DEFAULT_C,
                  min_df: int = DEFAULT_MIN_DF, k: int = 10, lexicon: Lexicon | None = None,
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
    report = cross_validate(ts, lexicon, config, C=C, min_df=min_df, k=k, design=design)
    oof = report.pop("oof")
    threshold = best_threshold(ts.y.astype(np.int64), oof)
    training = {
        "corpora": ts.files,
        "n_sentences": len(ts),
        "n_uncertain": int(ts.y.sum()),
        "hyperparameters": {"estimator": "sklearn LogisticRegression(liblinear, L2)", "C": C,
                            "min_df": min_df, "seed": SEED},
        "threshold_rule": "maximises F1 of the uncertain class over pooled out-of-fold probabilities",
        "cross_validation": report,
        "command": "python -m hedgekit.train --corpora <shared>/corpora --out hedgekit/data/model.json.gz",
        "hedgekit_version": __version__,
        "sklearn_version": _sklearn_version(),
    }
    model = fit_model(ts, lexicon, config, C=C, min_df=min_df, threshold=threshold, design=design,
                      training=training)
    model.save(out)
    log.info("wrote %s (%d features) in %.0f s", out, len(model.weights), time.perf_counter() - t0)
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
    ap.add_argument("--min-df", type=int, default=DEFAULT_MIN_DF, help="drop features seen in fewer sentences")
    ap.add_argument("--folds", type=int, default=10, help="cross-validation folds")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    model, report = train_shipped(args.corpora, args.out, C=args.C, min_df=args.min_df, k=args.folds)
    for name, r in report["corpora"].items():
        print(f"{name:16} n={r['n']:6d}  P={r['precision']:.3f}  R={r['recall']:.3f}  "
              f"F1={r['f1']:.3f} ± {r['f1_std']:.3f}")
    print(f"threshold={model.threshold:.4f}  features={len(model.weights)}  "
          f"python={platform.python_version()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
