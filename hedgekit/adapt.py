"""Adapt one expert of a trained model to a new domain with a little labelled data.

Prior adaptation (Chelba & Acero 2004): the base expert's log-odds ``z(x)`` is kept as an offset
and a logistic regression learns a correction on top of it,

    logit P(uncertain | x) = a (z(x) - logit(t_base)) + w . x + b,

penalised by ``(|w|^2 + (a - 1)^2) / (2 C)``: the prior is the base expert as it is (``a = 1``,
``w = 0``). The intercept ``b`` is free, and ``a >= 0``: above 1 the expert's log-odds are
sharpened (it separates the new data better than its own calibration says), below 1 flattened,
towards 0 it fades and the correction carries the decision. ``C`` sets how far both may move; at
the default 0.5 the pull on ``a`` is weak (a prior sd of about 0.7), so ``a`` moves a lot even with
100 labels. (Without the penalty, data the expert already separates would send ``a`` to
infinity.) Because an expert is linear in the features, the result is again one linear expert:
``a`` times the base weights plus the correction, in an ordinary :class:`~hedgekit.HedgeModel`.

The gated default (``"auto"``) mixes experts non-linearly and cannot be a base; any named expert can.
:class:`AdaptationRecipe` is a :class:`hedgekit.train.Recipe`, so :func:`hedgekit.train.cross_validate`
and the inner-CV thresholds work on it unchanged. :class:`hedgekit.HedgeClassifier` exposes it as
``HedgeClassifier(base="semantic")`` and the command as ``hedgekit train --data F --base semantic``;
``python -m benchmarks.adaptation`` measures it against training from scratch.

This module imports scipy (a scikit-learn dependency); ``import hedgekit`` does not load it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from . import train
from .errors import (ArgumentError, InputTypeError, ModelError, check_flag, check_open_unit, check_sentences, is_missing,
                     is_number)
from .lexicon import Lexicon
from .model import AUTO, HedgeModel

__all__ = ["OffsetFit", "fit_offset_logistic", "base_offsets", "AdaptationRecipe", "adapt_expert", "ESTIMATOR"]

#: how an adapted expert is fitted, for the ``training["hyperparameters"]["estimator"]`` record
ESTIMATOR = ("prior adaptation (hedgekit.adapt): L2 logistic regression (scipy L-BFGS) of a correction on top "
             "of the base expert's rescaled log-odds; booster-cue weights clipped to <= 0")
#: the expert name of an adapted model (the one expert of a single-expert model, as ``HedgeClassifier``'s)
EXPERT = "default"


class OffsetFit(NamedTuple):
    """The result of :func:`fit_offset_logistic`: ``logit P = X w + b + scale * offset``."""

    w: np.ndarray
    b: float
    scale: float


def _check_C(C: Any) -> None:
    if not is_number(C) or not C > 0:
        raise ArgumentError(f"C must be a positive finite number, got {C!r}")


def fit_offset_logistic(X: Any, y: np.ndarray, offset: np.ndarray, C: float, *, learn_scale: bool = False,
                        max_iter: int = 1000) -> OffsetFit:
    """L2 logistic regression with a per-row offset: ``logit P(y=1) = X w + b + a * offset``.

    Minimises ``sum_i log(1 + exp(-s_i (x_i.w + b + a o_i))) + (|w|^2 + (a - 1)^2) / (2 C)``
    (``s_i = +-1``) with L-BFGS. The intercept ``b`` is not penalised (as in scikit-learn's lbfgs
    solver). The scale ``a`` is learnt, ``a >= 0``, when ``learn_scale``, and fixed at 1 otherwise.

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
        ValueError: ``X`` is not 2-D or does not hold numbers, shapes disagree, ``y`` is not 0/1 or
            does not hold both labels, ``X`` or ``offset`` holds NaN or an infinity, ``C`` is not a
            positive finite number, or ``learn_scale`` is not a bool.
    """
    from scipy.optimize import minimize
    from scipy.special import expit

    check_flag(learn_scale, "fit_offset_logistic(): learn_scale")
    y = np.asarray(y)
    try:
        offset = np.asarray(offset, dtype=np.float64)
        if not hasattr(X, "tocsr"):
            X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ArgumentError(f"X and offset must hold numbers: {e}") from None
    if X.ndim != 2:
        raise ArgumentError(f"X must be 2-D, (rows, features), got shape {X.shape}; one feature is X.reshape(-1, 1)")
    n, d = X.shape
    if y.shape != (n,) or offset.shape != (n,):
        raise ArgumentError(f"X has {n} rows but y has shape {y.shape} and offset {offset.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ArgumentError("y must hold 0/1 labels")
    if n == 0 or len(np.unique(y)) < 2:
        raise ArgumentError(f"y must hold both labels, 0 and 1, got {'no rows' if n == 0 else f'only {int(y[0])}s'}: "
                            "with one class the intercept grows until the penalty stops it, and nothing is learnt")
    values = X.tocsr().data if hasattr(X, "tocsr") else np.asarray(X, dtype=np.float64)
    for name, a in (("offset", offset), ("X", values)):
        if not np.isfinite(a).all():
            raise ArgumentError(f"{name} holds NaN or infinite values; the fit needs finite numbers")
    _check_C(C)
    C = float(C)
    s = 2.0 * y.astype(np.float64) - 1.0

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        w, b, a = p[:d], p[d], (p[d + 1] if learn_scale else 1.0)
        m = s * (X @ w + b + a * offset)
        g = -s * expit(-m)  # d loss / d score
        value = float(np.logaddexp(0.0, -m).sum() + 0.5 * ((w @ w) + (a - 1.0) ** 2) / C)
        grad = np.r_[X.T @ g + w / C, g.sum(), [g @ offset + (a - 1.0) / C] if learn_scale else []]
        return value, grad

    x0 = np.r_[np.zeros(d + 1), [1.0] if learn_scale else []]
    bounds = [(None, None)] * (d + 1) + ([(0.0, None)] if learn_scale else [])  # never a reversed expert
    res = minimize(loss, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": int(max_iter), "gtol": 1e-6})
    if not res.success:
        warnings.warn(f"fit_offset_logistic: L-BFGS stopped before converging ({res.message})", RuntimeWarning,
                      stacklevel=3)
    return OffsetFit(np.asarray(res.x[:d]), float(res.x[d]), float(res.x[d + 1]) if learn_scale else 1.0)


def _logit(t: float) -> float:
    return math.log(t / (1.0 - t))


def _expert_column(base: HedgeModel, expert: str | None) -> int:
    if expert is None or (isinstance(expert, str) and expert == AUTO):
        if len(base.experts) == 1:
            raise ModelError(f"base expert {expert!r} names the model's default, not an expert; name its one "
                             f"expert, {base.experts[0]!r}")
        raise ModelError(f"base expert {expert!r} is the gated default, which is not linear in the features; "
                         f"name one of {', '.join(base.experts)}")
    return base.experts.index(base.check_expert(expert))  # (InputTypeError / ModelError, with a suggestion)


def base_offsets(base: HedgeModel, expert: str, features: Sequence[Mapping[str, float]]) -> np.ndarray:
    """The offset each sentence gets: the base expert's log-odds minus ``logit`` of its threshold
    (so ``offset >= 0`` exactly where the base expert says *uncertain*).

    Raises:
        ModelError: ``expert`` is ``"auto"``/None or not an expert of ``base``.
    """
    j = _expert_column(base, expert)
    idx, vals, starts = base.encode(features)
    return base.raw_scores(idx, vals, starts)[:, j] - _logit(base.thresholds[expert])


class _Correction(NamedTuple):
    cols: np.ndarray  # design columns of the correction
    w: np.ndarray  # its weights, booster columns already clipped (see AdaptationRecipe.fit)
    b: float
    scale: float


def _trained_share_warn() -> float:
    """The share of learned sentences at which adapting warns: :func:`hedgekit.benchmark.benchmark_corpus`'s."""
    from .benchmark import TRAINED_SENTENCES_WARN

    return TRAINED_SENTENCES_WARN


def _learned_by_base(base: HedgeModel, expert: str, lexicon: Lexicon, texts: Sequence[str]) -> tuple[int, int]:
    """``(learned, judged)``: how many of ``texts`` ``base``'s ``expert`` was trained on, and how many
    have enough letters and digits to tell (:func:`hedgekit.benchmark.trained_sentences`)."""
    from .benchmark import _trained_counts
    from .scorer import Scorer

    return _trained_counts(texts, Scorer(lexicon=lexicon, model=base, expert=expert))


class AdaptationRecipe(train.Recipe):
    """:class:`hedgekit.train.Recipe` of one adapted expert: ``fit`` learns the correction and
    scale on the given rows, ``predict`` scores as the merged model will (up to its 6-digit rounding).

    The training set's sentences all feed the one expert, ``"default"``; booster-cue features are
    clipped as in the shipped recipe: the merged weight ``a W + w`` of a booster feature the data
    show stays <= 0, and those the data do not show keep ``a W``, <= 0 because the base's booster
    weights are (as in every model :mod:`hedgekit.train` writes). A category named in
    ``unannotated`` (one the data's labels do not mark, e.g. ``("hearsay", "weasel")`` for
    speculation-only annotation) has the correction of its category feature ``k:<category>``
    clipped to >= 0, so the data's *certain* labels on such sentences, given for want of a label,
    cannot push that weight down: the merged weight is at least the rescaled expert's, ``a W``
    (the scale ``a``, learnt from all the data, still moves it, and a negative ``W`` the expert
    learnt from its own annotated corpora stays negative).

    Args:
        ts: the labelled sentences (``ts.groups`` keep documents together in cross-validation).
        base: the trained model; ``expert``: which of its experts to adapt.
        lexicon: the lexicon ``base`` was trained with.
        C: inverse L2 strength of the correction and of ``a``'s pull towards 1 (> 0).
        min_df: the correction uses features seen in at least this many training sentences (>= 1).
        learn_scale: learn ``a`` (else ``a = 1``: with no correction the model then decides as the
            base expert at its own threshold, which the offset moves to 0.5).
        unannotated: the cue categories the data's labels do not mark (a list or tuple of
            :data:`hedgekit.train.CONSTRAINABLE_CATEGORIES`, see :func:`hedgekit.train.check_categories`;
            default none).
        predict_as_scored: :meth:`predict` reads the sentences as :class:`hedgekit.Scorer` does
            by default, an open-ended one as if it ended in ``.`` (both the correction's features
            and the base expert's offset; :func:`hedgekit.train.scoring_design`), so that a
            threshold chosen on held-out predictions suits the merged model's scores; ``fit``
            reads them as written either way. Default off (predictions as written).

    Warns:
        UserWarning: 1% or more of the sentences (with enough letters and digits to tell) are
            sentences the base expert was trained on (by the hashes of its training sentences that
            the model keeps; :attr:`learned_by_base` holds the counts): cross-validated numbers on
            them are in-sample.

    Raises:
        ModelError: ``expert`` is not a named expert of ``base``, or ``lexicon`` is not ``base``'s.
        InputTypeError: ``lexicon`` is not a :class:`~hedgekit.Lexicon`.
        ValueError: ``y`` is not 0/1 or holds one class only, ``C`` / ``min_df`` are out of range,
            ``learn_scale`` or ``predict_as_scored`` is not a bool, or ``unannotated`` is not a list
            or tuple of those categories (or is given to a base model without the cues feature family).
    """

    def __init__(self, ts: train.TrainingSet, base: HedgeModel, expert: str, lexicon: Lexicon, *,
                 C: float = train.DEFAULT_C, min_df: int = train.DEFAULT_MIN_DF, learn_scale: bool = True,
                 unannotated: Sequence[str] = (), predict_as_scored: bool = False, stacklevel: int = 3) -> None:
        j = _expert_column(base, expert)
        if not isinstance(lexicon, Lexicon):
            raise InputTypeError(f"adapting needs the base model's Lexicon (hedgekit.load_lexicon() for the shipped "
                                 f"model), got {type(lexicon).__name__}")
        if lexicon.hash != base.lexicon_hash:
            raise ModelError(f"the base model was trained with lexicon {base.lexicon_hash[:19]}…, not with "
                             f"{lexicon!r}; adapt with the base model's own lexicon")
        if not is_number(min_df, integer=True) or min_df < 1:
            raise ArgumentError(f"min_df must be an integer >= 1, got {min_df!r}")
        _check_C(C)
        check_flag(learn_scale, "AdaptationRecipe: learn_scale")
        check_flag(predict_as_scored, "AdaptationRecipe: predict_as_scored")
        y = np.asarray(ts.y)
        if not len(y) or not np.isin(y, (0, 1)).all() or y.min() == y.max():
            raise ArgumentError(f"adapting needs 0/1 labels of both classes, got {int(y.sum())} uncertain of {len(y)}")
        cats = train.check_categories(unannotated, "AdaptationRecipe: unannotated")
        if cats and not base.feature_config.cues:
            raise ArgumentError("AdaptationRecipe: unannotated constrains the category features (k:<category>) of "
                                "the cues feature family, which the base model does not use")
        corpora = tuple(sorted(set(ts.corpus)))
        table = {c: cats for c in corpora}
        if predict_as_scored:
            feats, scored = train.featurize_scored(ts.texts, lexicon, base.feature_config)
        else:
            feats, scored = train.featurize_all(ts.texts, lexicon, base.feature_config), None
        design = train.Design(feats, scored)
        super().__init__(ts, design, {EXPERT: corpora}, [EXPERT], C=float(C), min_df=int(min_df),
                         **train.sign_constraints(design.names, lexicon, {EXPERT: corpora}, table))
        self.base, self.expert, self.column, self.learn_scale = base, expert, j, bool(learn_scale)
        self.predict_as_scored = bool(predict_as_scored)
        #: the categories whose correction is kept >= 0 (recorded by :meth:`merged`)
        self.unannotated: tuple[str, ...] = cats
        self.offset = base_offsets(base, expert, feats)
        #: the base expert's log-odds offset of each sentence as :meth:`predict` reads it
        self.offset_scored = self.offset if scored is None else base_offsets(base, expert, [d or {} for d in scored])
        # each row's place in an order of the rows by text and label alone: fit reads its rows in it,
        # so that the optimizer's sums, and the weights to their last digit, do not depend on the
        # order the sentences came in
        order = sorted(range(len(y)), key=lambda i: (ts.texts[i], int(y[i])))
        self._rank = np.empty(len(y), dtype=np.int64)
        self._rank[order] = np.arange(len(y))
        at = np.array([base.index.get(n, -1) for n in design.names], dtype=np.int64)
        #: the base expert's weight of each design column (0 where the base has no such feature)
        self.base_weight = np.where(at >= 0, base.coef[np.maximum(at, 0), j], 0.0)
        #: ``(learned, judged)``: how many of the sentences the base expert was trained on, of those
        #: with enough letters and digits to tell (:func:`hedgekit.benchmark.trained_sentences`)
        self.learned_by_base = _learned_by_base(base, expert, lexicon, ts.texts)
        learned, judged = self.learned_by_base
        if learned and learned >= _trained_share_warn() * judged:
            warnings.warn(f"{learned} of the {judged} sentences with {train.MIN_PIECE} or more letters and digits "
                          f"({learned / judged:.0%}) are sentences the base expert {expert!r} was trained on (the "
                          "hashes its model keeps): cross-validated numbers on them are in-sample, as the base "
                          "expert learned their labels, not an evaluation of the adaptation; adapt an expert that "
                          "did not learn them, or leave them out", stacklevel=stacklevel)

    def fit(self, rows: np.ndarray) -> Any:  # a _Correction, not train.Fitted
        """The correction and scale fitted on ``rows``.

        Raises:
            OneClassError: ``rows`` are of one class (a cross-validation fold), as
                :meth:`hedgekit.train.Recipe.fit` raises it: the fit would be degenerate.
        """
        y = self.y[rows]
        if not len(y) or y.min() == y.max():
            raise train.OneClassError(f"cannot adapt expert {self.expert!r}: its {len(y)} training sentence(s) are "
                                      + (f"all {'uncertain' if y[0] else 'certain'}" if len(y) else "none")
                                      + "; it needs both classes")
        rows = np.asarray(rows)[np.argsort(self._rank[rows], kind="stable")]
        cols = self.design.columns(rows, self.min_df)
        w, b, a = fit_offset_logistic(self.design.X[rows][:, cols], self.y[rows], self.offset[rows], float(self.C),
                                      learn_scale=self.learn_scale)
        clip = self.nonpositive[cols]
        w = np.where(clip, np.minimum(w, -a * self.base_weight[cols]), w)  # merged booster weights <= 0
        if EXPERT in self.nonnegative:  # unannotated categories: the data may not lower their weight
            w = np.where(self.nonnegative[EXPERT][cols], np.maximum(w, 0.0), w)
        return _Correction(cols, w, b, a)

    def estimator_text(self) -> str:
        """How the expert is fitted, for the ``training["hyperparameters"]["estimator"]`` record:
        :data:`ESTIMATOR`, plus the unannotated categories' rule if any."""
        return ESTIMATOR + ("; the correction of the unannotated categories' weights (k:<category>) clipped to >= 0"
                            if self.unannotated else "")

    def predict(self, fitted: Any, rows: np.ndarray) -> dict[str, np.ndarray]:
        """``P(uncertain)`` of ``rows`` under ``fitted`` (``"auto"`` and ``"default"`` are the same)."""
        from scipy.special import expit

        c: _Correction = fitted
        p = expit(self.design.X_scored[rows][:, c.cols] @ c.w + c.b + c.scale * self.offset_scored[rows])
        p[train._blank(self.design)[rows]] = 0.0  # (a bare list marker: the scorer reads no word in it)
        return {AUTO: p, EXPERT: p}

    def provenance(self) -> dict[str, Any]:
        """The ``training["base"]`` record: which expert was adapted, its threshold, its training
        corpora and their files (the base model's records of them, with their SHA-256) and, where
        the base model keeps them, those corpora's sentence hashes (``sentence_keys``), so that
        ``benchmark`` knows what the adapted expert learned from; a base model that was adapted
        itself passes its own ``base`` record on inside this one (``"base"``), so a chain of
        adaptations keeps what its first expert learned."""
        record = self.base.training
        corpora = record.get("experts", {}).get(self.expert)
        files = [dict(f) for f in record.get("corpora") or []
                 if isinstance(f, Mapping) and corpora and f.get("corpus") in corpora]
        out = {"expert": self.expert, "threshold": self.base.thresholds[self.expert], "corpora": corpora,
               "files": files, "hedgekit_version": record.get("hedgekit_version")}
        keys = record.get("sentence_keys")
        if isinstance(keys, Mapping) and isinstance(keys.get("corpora"), Mapping) and corpora:
            out["sentence_keys"] = {**keys, "corpora": {c: v for c, v in keys["corpora"].items() if c in corpora}}
        if isinstance(record.get("base"), Mapping):  # a base that was itself adapted: what its base learned too
            out["base"] = record["base"]  # (HedgeModel.training is a copy of plain JSON data)
        return out

    def model(self, *args: Any, **kwargs: Any) -> HedgeModel:
        """Not for an adapted expert: its fitted state is a correction, see :meth:`merged`."""
        raise NotImplementedError("AdaptationRecipe.model: use merged(fitted, threshold, training)")

    def merged(self, fitted: Any, threshold: float, training: Mapping[str, Any] | None = None) -> HedgeModel:
        """The adapted expert as one :class:`~hedgekit.HedgeModel`: ``a`` times the base weights plus
        the correction, 6 significant digits, features whose weight is 0 dropped; ``training``
        gains an ``"adaptation"`` record (expert, scale, intercept shift, correction size, and the
        ``unannotated`` categories if any).

        Raises:
            ValueError: ``threshold`` is not a number in (0, 1).
        """
        t = _threshold(threshold)
        c: _Correction = fitted
        base, j = self.base, self.column
        names = np.array(base.features + tuple(self.design.names[i] for i in c.cols), dtype=object)
        weights = np.r_[c.scale * base.coef[:, j], c.w]
        uniq, inv = np.unique(names, return_inverse=True)
        coef = _round_sig(np.bincount(inv.reshape(-1), weights=weights, minlength=len(uniq)))
        keep = coef != 0.0
        intercept = float(_round_sig(np.array([c.scale * (base.intercept[j] - _logit(base.thresholds[self.expert]))
                                               + c.b]))[0])
        record = {**dict(training or {}),
                  "adaptation": {"expert": self.expert, "scale": round(c.scale, 6), "intercept_shift": round(c.b, 6),
                                 "n_correction_features": int(len(c.cols)),
                                 **({"unannotated": list(self.unannotated)} if self.unannotated else {})}}
        return HedgeModel(uniq[keep].tolist(), coef[keep].reshape(-1, 1), [intercept], [EXPERT], [EXPERT],
                          {AUTO: t, EXPERT: t}, base.feature_config, base.lexicon_hash, record)


def _threshold(t: Any) -> float:
    """``t`` as stored (6 decimals); one that rounds to 0 or 1 (1e-7) is refused too."""
    return check_open_unit(t, "threshold", decimals=6)


def _round_sig(a: np.ndarray, digits: int = 6) -> np.ndarray:
    """Round to ``digits`` significant digits, vectorised (zeros, and magnitudes below 1e-300, become 0)."""
    out = np.asarray(a, dtype=np.float64).copy()
    out[np.abs(out) < 1e-300] = 0.0  # 10 ** (digits - log10 |x|) would overflow
    nz = out != 0
    scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(out[nz]))))
    out[nz] = np.round(out[nz] * scale) / scale
    return out


def adapt_expert(base: HedgeModel, expert: str, texts: Sequence[str], y: np.ndarray, lexicon: Lexicon, *,
                 C: float = train.DEFAULT_C, min_df: int = train.DEFAULT_MIN_DF, learn_scale: bool = True,
                 threshold: float = 0.5, training: Mapping[str, Any] | None = None,
                 unannotated: Sequence[str] = ()) -> HedgeModel:
    """One expert of ``base`` adapted to labelled sentences, as a single-expert model.

    Fits :class:`AdaptationRecipe` on all of ``texts`` and merges it (:meth:`AdaptationRecipe.merged`).

    Args:
        base: the trained model (e.g. :func:`hedgekit.load_model`).
        expert: which of its experts to adapt.
        texts: the sentences.
        y: their labels, 0/1 (1 = uncertain), both classes present.
        lexicon: the lexicon ``base`` was trained with (its hash must match).
        C: inverse L2 strength (> 0): smaller stays closer to the base.
        min_df: the correction uses features seen in at least this many of ``texts`` (>= 1).
        learn_scale: learn the scale ``a`` of the base expert's log-odds (see :class:`AdaptationRecipe`).
        threshold: the adapted model's decision threshold on ``P(uncertain)``, in (0, 1).
        training: more provenance for the model's ``training`` record (a mapping), e.g. the caller's
            hyperparameters. The record always holds what ``benchmark`` needs to warn of in-sample
            numbers (:func:`hedgekit.benchmark.benchmark_corpus`): the hashes of ``texts``
            (``sentence_keys``) and the base expert's corpora, files and sentence hashes (``base``:
            :meth:`AdaptationRecipe.provenance`), with the counts and ``command``.
        unannotated: the cue categories the labels do not mark: the correction of their
            category weights is kept >= 0 (see :class:`AdaptationRecipe`).

    Warns:
        UserWarning: 1% or more of ``texts`` are sentences the base expert was trained on (see
            :class:`AdaptationRecipe`).

    Raises:
        ModelError: ``expert`` is not a named expert of ``base``, or ``lexicon`` is not ``base``'s.
        InputTypeError: ``texts`` is a bare ``str``, not an iterable of ``str``, or has a non-``str``
            item (named by its index); ``y`` is an iterator (a generator: pass ``list(y)``);
            ``lexicon`` is not a :class:`~hedgekit.Lexicon`.
        ValueError: a sentence of ``texts`` has no word (empty, white space or invisible characters
            only), ``texts`` and ``y`` differ in length, ``y`` is not 1-D 0/1 (or bool) labels of
            both classes (a missing label is named by its index; strings are refused), ``C`` /
            ``min_df`` / ``threshold`` are out of range, ``learn_scale`` is not a bool, ``training``
            is not a mapping (or ``None``), or ``unannotated`` is not a
            list or tuple of :data:`hedgekit.train.CONSTRAINABLE_CATEGORIES`.
    """
    _threshold(threshold)  # before the fit, not after it
    if training is not None and not isinstance(training, Mapping):
        raise ArgumentError(f"adapt_expert: training must be a mapping of provenance fields (or None), "
                            f"got {type(training).__name__}")
    unannotated = train.check_categories(unannotated, "adapt_expert: unannotated")  # a generator is refused
    items = check_sentences(texts, "adapt_expert", "wrap one sentence in a list")
    train.check_words(items, "texts")
    if isinstance(y, Iterator):  # (np.asarray of a generator is a 0-d object array: "shape ()" said nothing)
        raise InputTypeError(f"y must be a sequence of labels (list, numpy array, pandas Series), got "
                             f"{type(y).__name__}; pass list(y)")
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ArgumentError(f"y must be 1-D (one 0/1 label per sentence), got shape {labels.shape}")
    if len(items) != len(labels):
        raise ArgumentError(f"{len(items)} sentences but {len(labels)} labels")
    if labels.dtype.kind in "fO":  # a missing label: None, NaN, pd.NA
        missing = [i for i, v in enumerate(labels.tolist()) if is_missing(v)]
        if missing:
            raise ArgumentError(f"y has no label at index {missing[0]}" + (f" (and {len(missing) - 1} more)"
                                if len(missing) > 1 else "") + "; every sentence needs a 0/1 label (1 = uncertain) or a bool")
    if labels.dtype == object:  # (a pandas column of bools or ints that once held a missing value)
        labels = np.asarray(labels.tolist())
    if labels.dtype.kind in "USO":
        kind = "string" if labels.dtype.kind in "US" else "object"
        raise ArgumentError(f"adapting needs labels 0/1 (1 = uncertain) or bools, got {kind} labels such as "
                            f"{labels[:1].tolist()!r}; map them first: [int(v == 'uncertain') for v in y] for "
                            "'certain'/'uncertain', [int(v) for v in y] for '0'/'1' (HedgeClassifier(base=...) takes "
                            "'certain'/'uncertain' as they are)")
    if labels.dtype.kind not in "biuf" or not np.isin(labels, (0, 1)).all():
        shown = labels[~np.isin(labels, (0, 1))][:3].tolist() if labels.dtype.kind in "biuf" else labels.dtype.name
        raise ArgumentError(f"adapting needs labels 0/1 (1 = uncertain) or bools, got {shown!r}")
    ts = train.TrainingSet(items, labels.astype(np.int8), [f"#{i}" for i in range(len(items))], ["data"] * len(items))
    recipe = AdaptationRecipe(ts, base, expert, lexicon, C=C, min_df=min_df, learn_scale=learn_scale,
                              unannotated=unannotated)
    given = dict(training or {})
    record = {**given, "n_sentences": len(items), "n_uncertain": int(ts.y.sum()),
              "sentence_keys": train.sentence_keys_record(ts), "base": recipe.provenance(),
              "command": given.get("command", "hedgekit.adapt.adapt_expert")}
    if "hyperparameters" not in given:  # (so that HedgeClassifier.load reads the settings a refit needs)
        record.update(experts={EXPERT: ["data"]}, gate=[EXPERT], hyperparameters={
            "estimator": recipe.estimator_text(), "C": float(C), "min_df": int(min_df), "learn_scale": learn_scale,
            "feature_config": base.feature_config.to_dict(),
            **({"unannotated": {"data": list(unannotated)}} if unannotated else {})})
    return recipe.merged(recipe.fit(np.arange(len(items))), threshold, record)

