"""Adapt one expert of a trained model to a new domain with a little labelled data.

Prior adaptation (Chelba & Acero 2004): the base expert's log-odds ``z(x)`` is kept as an offset
and a logistic regression learns a correction on top of it,

    logit P(uncertain | x) = a (z(x) - logit(t_base)) + w . x + b,

with an L2 penalty on the new weights ``w`` alone; the intercept ``b`` and the offset's scale
``a >= 0`` are free (``a`` near 1: the expert fits the new domain; near 0: it does not, and the
correction carries the decision). With a strong penalty ``w`` stays 0 and the adapted model is the base expert
recalibrated to the domain; with more data it departs from the base where the data say so.
Because an expert is linear in the features, the result is again one linear expert: ``a`` times the
base weights plus the correction, in an ordinary :class:`~hedgekit.HedgeModel`.

The gated default (``"auto"``) mixes experts non-linearly and cannot be a base; any named expert can.
:class:`hedgekit.HedgeClassifier` exposes this as ``HedgeClassifier(base="semantic")``;
``python -m benchmarks.adaptation`` measures it against training from scratch.

This module imports scipy (a scikit-learn dependency); ``import hedgekit`` does not load it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from . import train
from .errors import ModelError
from .lexicon import Lexicon
from .model import AUTO, HedgeModel

__all__ = ["OffsetFit", "fit_offset_logistic", "base_offsets", "adapt_expert", "adaptation_cv"]


class OffsetFit(NamedTuple):
    """The result of :func:`fit_offset_logistic`: ``logit P = X w + b + scale * offset``."""

    w: np.ndarray
    b: float
    scale: float


def fit_offset_logistic(X: Any, y: np.ndarray, offset: np.ndarray, C: float, *, learn_scale: bool = False,
                        max_iter: int = 1000) -> OffsetFit:
    """L2 logistic regression with a per-row offset: ``logit P(y=1) = X w + b + a * offset``.

    Minimises ``sum_i log(1 + exp(-s_i (x_i.w + b + a o_i))) + |w|^2 / (2 C)`` (``s_i = +-1``)
    with L-BFGS. The intercept ``b`` is not penalised (as in scikit-learn's lbfgs solver), nor is
    the offset's scale ``a``, which is learnt (``a >= 0``) when ``learn_scale`` and fixed at 1 otherwise.

    Args:
        X: ``(n, d)`` array or scipy sparse matrix.
        y: ``n`` labels, 0/1.
        offset: ``n`` log-odds added to every row's score.
        C: inverse L2 strength (> 0).
        learn_scale: learn ``a`` (else ``a = 1``).
        max_iter: L-BFGS iterations at most; a ``RuntimeWarning`` says when they ran out.

    Returns:
        :class:`OffsetFit` ``(w, b, scale)``: the ``d`` weights, the intercept and ``a``.

    Raises:
        ValueError: shapes disagree, ``y`` is not 0/1, or ``C`` is not a positive finite number.
    """
    from scipy.optimize import minimize
    from scipy.special import expit

    y = np.asarray(y)
    offset = np.asarray(offset, dtype=np.float64)
    n, d = X.shape
    if y.shape != (n,) or offset.shape != (n,):
        raise ValueError(f"X has {n} rows but y has shape {y.shape} and offset {offset.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y must hold 0/1 labels")
    if not (isinstance(C, (int, float)) and math.isfinite(C) and C > 0):
        raise ValueError(f"C must be a positive finite number, got {C!r}")
    s = 2.0 * y.astype(np.float64) - 1.0

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        w, b, a = p[:d], p[d], (p[d + 1] if learn_scale else 1.0)
        m = s * (X @ w + b + a * offset)
        g = -s * expit(-m)  # d loss / d score
        grad = np.r_[X.T @ g + w / C, g.sum(), [g @ offset] if learn_scale else []]
        return float(np.logaddexp(0.0, -m).sum() + 0.5 * (w @ w) / C), grad

    x0 = np.r_[np.zeros(d + 1), [1.0] if learn_scale else []]
    bounds = [(None, None)] * (d + 1) + ([(0.0, None)] if learn_scale else [])  # never a reversed expert
    res = minimize(loss, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": int(max_iter), "gtol": 1e-6})
    if not res.success:
        warnings.warn(f"fit_offset_logistic: L-BFGS stopped before converging ({res.message})", RuntimeWarning,
                      stacklevel=2)
    return OffsetFit(np.asarray(res.x[:d]), float(res.x[d]), float(res.x[d + 1]) if learn_scale else 1.0)


def _logit(t: float) -> float:
    return math.log(t / (1.0 - t))


def base_offsets(base: HedgeModel, expert: str, features: Sequence[Mapping[str, float]]) -> np.ndarray:
    """The offset each sentence gets: the base expert's log-odds minus ``logit`` of its threshold
    (so ``offset >= 0`` exactly where the base expert says *uncertain*).

    Raises:
        ModelError: ``expert`` is ``"auto"``/None or not an expert of ``base``.
    """
    j = _expert_column(base, expert)
    idx, vals, starts = base.encode(features)
    return base.raw_scores(idx, vals, starts)[:, j] - _logit(base.thresholds[expert])


def _expert_column(base: HedgeModel, expert: str | None) -> int:
    if expert is None or expert == AUTO:
        raise ModelError(f"the gated default ({AUTO!r}) is not linear in the features and cannot be adapted; "
                         f"name one expert of {list(base.experts)}")
    return base.experts.index(base.check_expert(expert))


def _check_base(base: HedgeModel, expert: str, lexicon: Lexicon) -> int:
    """The column of ``expert`` in ``base``, after checking that ``lexicon`` is ``base``'s."""
    j = _expert_column(base, expert)
    if lexicon.hash != base.lexicon_hash:
        raise ModelError(f"the base model was trained with lexicon {base.lexicon_hash[:19]}…, not with {lexicon!r}; "
                         f"adapt with the base model's own lexicon")
    return j


def adapt_expert(base: HedgeModel, expert: str, texts: Sequence[str], y: np.ndarray, lexicon: Lexicon, *,
                 C: float = train.DEFAULT_C, min_df: int = train.DEFAULT_MIN_DF, learn_scale: bool = True,
                 threshold: float = 0.5, training: Mapping[str, Any] | None = None) -> HedgeModel:
    """One expert of ``base`` adapted to labelled sentences, as a single-expert model.

    The correction ``w`` is learnt over the features seen in at least ``min_df`` of ``texts``;
    the adapted weights are ``a`` times the base expert's plus ``w`` (see the module docstring),
    booster-cue weights clipped to <= 0 as in the training recipe, rounded to 6 significant digits.
    The scale ``a`` is recorded in ``training["adaptation"]``.

    Args:
        base: the trained model (e.g. :func:`hedgekit.load_model`).
        expert: which of its experts to adapt.
        texts: the sentences.
        y: their labels, 0/1 (1 = uncertain).
        lexicon: the lexicon ``base`` was trained with (its hash must match).
        C: inverse L2 strength of the correction (> 0): smaller stays closer to the base.
        min_df: the correction uses features seen in at least this many of ``texts`` (>= 1).
        learn_scale: learn the scale ``a`` of the base expert's log-odds; False keeps ``a = 1``, so
            that with no correction the model decides exactly as the base expert at its own
            threshold (which the offset moves to 0.5).
        threshold: the adapted model's decision threshold on ``P(uncertain)``, in (0, 1).
        training: provenance stored in the model (``training``), e.g. the caller's hyperparameters.

    Raises:
        ModelError: ``expert`` is not a named expert of ``base``, or ``lexicon`` is not ``base``'s.
        ValueError: ``texts`` and ``y`` differ in length, ``y`` is not 0/1, or ``C`` / ``min_df``
            are out of range.
    """
    j = _check_base(base, expert, lexicon)
    y = np.asarray(y)
    if len(texts) != len(y):
        raise ValueError(f"{len(texts)} sentences but {len(y)} labels")
    if isinstance(min_df, bool) or not isinstance(min_df, (int, np.integer)) or min_df < 1:
        raise ValueError(f"min_df must be an integer >= 1, got {min_df!r}")
    feats = train.featurize_all(texts, lexicon, base.feature_config)
    design = train.Design(feats)
    cols = design.columns(np.arange(len(texts)), int(min_df))
    w, b, a = fit_offset_logistic(design.X[:, cols], y, base_offsets(base, expert, feats), C, learn_scale=learn_scale)
    weights = {n: a * float(v) for n, v in zip(base.features, base.coef[:, j]) if v != 0.0}
    for c, v in zip(cols, w):
        name = design.names[c]
        weights[name] = weights.get(name, 0.0) + float(v)
    names = sorted(weights)
    coef = np.array([weights[n] for n in names])
    clip = train.booster_features(names, lexicon)
    coef[clip] = np.minimum(coef[clip], 0.0)
    coef = train._round(coef)
    keep = coef != 0.0
    intercept = float(train._round(np.array([a * (base.intercept[j] - _logit(base.thresholds[expert])) + b]))[0])
    record = {**dict(training or {}), "adaptation": {"expert": expert, "scale": round(a, 6), "intercept_shift": round(b, 6),
                                                     "n_correction_features": int(len(cols))}}
    return HedgeModel([n for n, k in zip(names, keep) if k], coef[keep].reshape(-1, 1), [intercept],
                      ["default"], ["default"], {AUTO: threshold, "default": threshold}, base.feature_config,
                      base.lexicon_hash, record)


def adaptation_cv(base: HedgeModel, expert: str, texts: Sequence[str], y: np.ndarray, groups: Sequence[str],
                  lexicon: Lexicon, *, C: float = train.DEFAULT_C, min_df: int = train.DEFAULT_MIN_DF,
                  k: int = 10, inner_k: int = 3, name: str = "data") -> dict[str, Any]:
    """k-fold cross-validation of :func:`adapt_expert` (scale learnt), in the shape of
    :func:`hedgekit.train.cross_validate`'s report.

    The folds keep ``groups`` (documents) whole and are stratified by label; each fold's threshold
    comes from an inner ``inner_k``-fold CV of its training part, so the test fold never picks it.

    Returns:
        ``{"k", "inner_k", "C", "min_df", "base", "thresholds", "corpora": {name: {"n", "uncertain",
        "default": {precision, recall, f1 and their _std}}}}``; ``"oof"`` holds the pooled
        out-of-fold ``P(uncertain)`` as ``{"default": array}`` (not JSON).

    Raises:
        ModelError: as :func:`adapt_expert`.
        ValueError: lengths differ, or fewer than 2 documents or sentences of a class per fold.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    _check_base(base, expert, lexicon)
    y = np.asarray(y).astype(np.int64)
    groups = np.asarray(groups)
    if not len(texts) == len(y) == len(groups):
        raise ValueError(f"{len(texts)} sentences, {len(y)} labels and {len(groups)} groups")
    n_min = int(min(y.sum(), len(y) - y.sum()))
    if k < 2 or inner_k < 2 or n_min < k or len(set(groups.tolist())) < k:
        raise ValueError(f"{k}-fold CV needs k >= 2, inner_k >= 2, and at least k documents and k sentences of each "
                         f"class (found {len(set(groups.tolist()))} documents, {n_min} of the smaller class)")
    feats = train.featurize_all(texts, lexicon, base.feature_config)
    design = train.Design(feats)
    off = base_offsets(base, expert, feats)

    def fold_p(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        cols = design.columns(tr, int(min_df))
        X = design.X[:, cols]
        w, b, a = fit_offset_logistic(X[tr], y[tr], off[tr], C, learn_scale=True)
        return 1.0 / (1.0 + np.exp(-np.clip(X[te] @ w + b + a * off[te], -700, 700)))

    def split(rows: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
        cv = StratifiedGroupKFold(n_splits=n, shuffle=True, random_state=train.SEED)
        return [(rows[a], rows[b]) for a, b in cv.split(np.zeros(len(rows)), y[rows], groups[rows])]

    oof = np.empty(len(y))
    per_fold, thresholds = [], []
    for tr, te in split(np.arange(len(y)), k):
        inner = min(inner_k, int(min(y[tr].sum(), len(tr) - y[tr].sum())), len(set(groups[tr].tolist())))
        if inner >= 2:
            p_in = np.empty(len(y))
            for a, b in split(tr, inner):
                p_in[b] = fold_p(a, b)
            t = train.best_threshold(y[tr], p_in[tr])
        else:
            t = 0.5
        thresholds.append(round(t, 4))
        oof[te] = fold_p(tr, te)
        per_fold.append(train.prf(y[te], (oof[te] >= t).astype(np.int64)))
    m: dict[str, float] = {}
    for key in ("precision", "recall", "f1"):
        vals = np.array([r[key] for r in per_fold])
        m[key] = round(float(vals.mean()), 4)
        m[key + "_std"] = round(float(vals.std(ddof=1)), 4)
    return {"k": k, "inner_k": inner_k, "C": C, "min_df": min_df, "base": expert, "thresholds": thresholds,
            "grouping": "by document, stratified by label",
            "corpora": {name: {"n": len(y), "uncertain": int(y.sum()), "default": m}}, "oof": {"default": oof}}
