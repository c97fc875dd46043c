"""Evaluation metrics and the report of a scorer on an annotated corpus.

Functions:

:func:`sentence_metrics`
    Binary sentence classification (the CoNLL-2010 Task 1 setting): precision / recall / F1 of the
    *uncertain* class, accuracy, ROC AUC and average precision, with bootstrap confidence intervals.
:func:`graded_metrics`
    Pearson and Spearman correlation of predicted certainty with graded human ratings
    (e.g. Pei & Jurgens 2021, 1-6 with 6 = very certain), with bootstrap confidence intervals.
:func:`calibration`
    Expected / maximum calibration error and reliability-diagram data.
:func:`cue_metrics`
    Precision / recall / F1 of cue spans (the CoNLL-2010 Task 2 setting), exact or overlap
    matching, overall and per cue category.
:func:`evaluate`
    Scores an iterable of :class:`~hedgekit.types.AnnotatedSentence` and returns a JSON-serialisable
    report with every metric the corpus's annotation supports; :func:`format_report` prints it.

Conventions:

- Label 1 / ``"uncertain"`` is the positive class; scores are ``P(uncertain)`` in [0, 1].
- A precision, recall or F1 whose denominator is zero is reported as 0.0 (scikit-learn's
  ``zero_division=0``); the counts are always in the result so that the case can be told apart.
  In the bootstrap such a resample leaves that metric out of its interval (it is undefined there,
  as ROC AUC is without both classes), so a small file's intervals do not reach down to 0 for it.
- Confidence intervals are percentile bootstrap intervals over sentences (resampled with
  replacement, ``n_boot`` times, with ``numpy.random.default_rng(seed)``): the same data and seed
  always give the same intervals (fewer resamples than :func:`min_boot` asks for, 40 for a 95%
  interval, are a ``RuntimeWarning``: a tail of the interval would hold none). A metric that is
  undefined in some resamples (e.g. ROC AUC of a resample with one class only) gets its interval
  from the resamples where it is defined. Given
  ``groups`` (:func:`evaluate`: ``resample="documents"``), whole documents are resampled instead
  (a cluster bootstrap): a document's sentences are not independent of each other (its topic, its
  author's style), so sentence resampling makes intervals too narrow where sentences cluster in
  documents (on SFU's 400 reviews the F1 interval of the shipped model is 32% wider by documents).
- Errors: a problem with the data (empty input to the sentence-level metrics, mismatched lengths,
  NaN or out-of-range scores, unknown labels) or with a parameter (``threshold``, ``ci``, ``n_boot``, ``n_bins``, ``match``,
  ``seed``, ``groups``) raises :class:`~hedgekit.errors.EvaluationError`, which is a ``ValueError``; an argument of the
  wrong type (a bare ``str`` where a sequence is expected, a 2-D table where a column is) raises
  :class:`~hedgekit.errors.InputTypeError`, which is a ``TypeError``.

scikit-learn and scipy are imported inside the functions that use them, so ``import hedgekit``
stays fast.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import math
import unicodedata
import warnings
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, Set, ValuesView
from typing import Any

import numpy as np

from .errors import EvaluationError, InputTypeError, check_open_unit, is_missing, is_number
from .types import HEDGE_CATEGORIES, AnnotatedSentence, Cue

__all__ = [
    "sentence_metrics",
    "graded_metrics",
    "calibration",
    "cue_metrics",
    "evaluate",
    "check_scorer",
    "min_boot",
    "format_report",
    "SENTENCE_METRICS",
    "GRADED_METRICS",
]

#: The metric names of :func:`sentence_metrics` that get a bootstrap interval (``<name>_ci``).
SENTENCE_METRICS: tuple[str, ...] = ("precision", "recall", "f1", "accuracy", "roc_auc", "average_precision")
#: The metric names of :func:`graded_metrics` that get a bootstrap interval (``<name>_ci``).
GRADED_METRICS: tuple[str, ...] = ("pearson", "spearman")

#: Upper bound on the number of entries of one (resamples x items) weight matrix in the bootstrap.
_BOOT_CELLS = 2_000_000


# --------------------------------------------------------------------------------------------------
# input validation
# --------------------------------------------------------------------------------------------------
def _as_sequence(x: Any, name: str) -> Any:
    if x is None or isinstance(x, (str, bytes, bytearray)):
        what = "None" if x is None else f"a bare {type(x).__name__}"
        raise InputTypeError(f"{name} must be a sequence (list, tuple, numpy array), got {what}")
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "columns") or getattr(x, "ndim", 1) > 1:  # (list() of a DataFrame is its column names)
        raise InputTypeError(f"{name} must be one column (a Series, list or 1-D array), got a 2-D "
                             f"{type(x).__name__}; pass one column, e.g. df['label']")
    if isinstance(x, (Set, Mapping)) and not isinstance(x, (KeysView, ValuesView, ItemsView)):
        raise InputTypeError(f"{name} must be a sequence (list, tuple, numpy array), got a {type(x).__name__}, "
                             "which has no order to align with the other side")
    try:
        return list(x)
    except TypeError:
        raise InputTypeError(f"{name} must be a sequence (list, tuple, numpy array), got {type(x).__name__}") from None


def _as_labels(y: Any, name: str = "y_true") -> np.ndarray:
    """Labels as a bool array (True = uncertain). Accepts ``"certain"``/``"uncertain"``, 0/1, bools and
    the strings ``"0"``/``"1"``/``"0.0"``/``"1.0"``/``"false"``/``"true"`` (as the readers take them,
    any case), also mixed in one list."""
    from .readers import _CERTAIN_VALUES, _UNCERTAIN_VALUES

    y = _as_sequence(y, name)
    if isinstance(y, np.ndarray):
        arr = y
    else:
        try:
            arr = np.asarray(y)
        except ValueError:  # (numpy's "inhomogeneous shape": a list among the labels)
            raise EvaluationError(f"{name} must be a flat sequence of labels, one per sentence; it holds a "
                                  "sequence") from None
        if arr.dtype.kind in "US":  # keep each item as given: beside a str, numpy makes 1.0 the str "1.0"
            arr = np.empty(len(y), dtype=object)
            arr[:] = list(y)
    if arr.ndim != 1:
        raise EvaluationError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype.kind in "biuf":
        bad = ~np.isin(arr, (0, 1))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise EvaluationError(f"{name}[{i}] is {arr[i]!r}; labels must be 'certain'/'uncertain' or 0/1 (1 = uncertain)"
                                  + ("; drop unlabelled sentences first" if is_missing(arr[i]) else ""))
        return arr.astype(bool)
    out = np.empty(len(arr), dtype=bool)
    for i, v in enumerate(arr):
        if isinstance(v, str):  # (as the readers take them: "1"/"true" = uncertain)
            s = v.strip().lower()
            if s in _UNCERTAIN_VALUES:
                out[i] = True
                continue
            if s in _CERTAIN_VALUES:
                out[i] = False
                continue
        elif isinstance(v, (bool, np.bool_, int, np.integer, float, np.floating)) and v in (0, 1):
            out[i] = bool(v)
            continue
        raise EvaluationError(
            f"{name}[{i}] is {v!r}; labels must be 'certain'/'uncertain' or 0/1 (1 = uncertain)"
            + ("; drop unlabelled sentences first" if is_missing(v) else "")
        )
    return out


def _as_values(x: Any, name: str, *, unit: bool) -> np.ndarray:
    """Scores as a finite float array; ``unit`` also requires them to lie in [0, 1]."""
    x = _as_sequence(x, name)
    kind = x.dtype.kind if isinstance(x, np.ndarray) else "O"
    if (kind in "USbc" and x.size) or (kind == "O" and any(isinstance(v, (str, bytes, bool, np.bool_, complex,
                                                                        np.complexfloating)) for v in x)):
        # (a complex score was cut to its real part, with only numpy's warning)
        i = 0 if kind != "O" else next(j for j, v in enumerate(x) if isinstance(v, (str, bytes, bool, np.bool_, complex,
                                                                                      np.complexfloating)))
        raise EvaluationError(f"{name} must contain numbers only, got {x[i]!r} ({type(x[i]).__name__}) at index "
                              f"{i}; scores are real numbers")
    try:
        arr = np.asarray(x, dtype=float)
    except OverflowError:  # (an int beyond any float: 10**400)
        raise EvaluationError(f"{name} holds a number too large for a float (beyond about 1.8e308)") from None
    except (TypeError, ValueError):
        missing = next((j for j, v in enumerate(x) if is_missing(v)), None)
        if missing is not None:  # (pandas' NA, a nullable column's missing value)
            raise EvaluationError(f"{name}[{missing}] is {x[missing]!r}, a missing value; every item needs a number "
                                  "(drop the unscored ones first)") from None
        raise EvaluationError(f"{name} must contain numbers only, one per sentence") from None
    if arr.ndim != 1:
        raise EvaluationError(f"{name} must be one-dimensional, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        missing = next((j for j in np.flatnonzero(bad) if x[j] is None), None) if kind == "O" else None
        if missing is not None:  # (float(None) is NaN to numpy)
            raise EvaluationError(f"{name}[{missing}] is None; every item needs a number (drop the unscored ones first)")
        raise EvaluationError(f"{name} has {int(bad.sum())} NaN or infinite value(s), the first at index {i}")
    if unit:
        out = (arr < 0.0) | (arr > 1.0)
        if out.any():
            i = int(np.flatnonzero(out)[0])
            raise EvaluationError(f"{name}[{i}] is {arr[i]!r}, outside [0, 1]")
    return arr


def _same_index(**named: Any) -> None:
    """Refuse pandas objects (Series) among ``named`` whose indexes differ: the metrics pair items
    by position, as scikit-learn's do, so two Series in different row orders would be scored as
    pairs they are not. Call it after the lengths are checked. Equal indexes pass, even with
    repeated labels (``pd.concat`` without ``ignore_index``), which cannot tell two orders apart."""
    indexed = [(k, v.index) for k, v in named.items() if hasattr(getattr(v, "index", None), "equals")]
    for (na, a), (nb, b) in zip(indexed, indexed[1:]):
        if not a.equals(b):
            same_labels = a.is_unique and b.is_unique and len(a) == len(b) and set(a) == set(b)
            raise EvaluationError(f"{na} and {nb} are pandas objects whose indexes differ; the metrics pair items "
                                  f"by position, not by index label: pass {na}.to_numpy() and {nb}.to_numpy() "
                                  "if their positions already match"
                                  + (f", or align them first ({nb}.loc[{na}.index])" if same_labels else
                                     ", or align them on a shared key first"))


def _check_pair(a: np.ndarray, b: np.ndarray, na: str, nb: str) -> int:
    if len(a) != len(b):
        raise EvaluationError(f"{na} has {len(a)} items but {nb} has {len(b)}; they must be aligned")
    if len(a) == 0:
        raise EvaluationError(f"{na} and {nb} are empty; nothing to evaluate")
    return len(a)


def min_boot(ci: float) -> int:
    """The fewest bootstrap resamples that put at least one resample in each tail of a ``ci``
    percentile interval (``ceil(2 / (1 - ci))``: 40 for 0.95, 200 for 0.99); with fewer, the
    interval's ends are set by the one or two most extreme resamples, whatever ``ci`` asks for.

    Raises:
        EvaluationError: ``ci`` is not a number in (0, 1) (95 for 95% is refused, not read as 0).
    """
    ci = check_open_unit(ci, "ci", EvaluationError)
    return math.ceil(2.0 / (1.0 - ci) - 1e-9)


#: set while :func:`evaluate` computes its metrics, whose settings it has checked (and warned about) once
_SETTINGS_CHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar("hedgekit_settings_checked", default=False)


@contextlib.contextmanager
def _settings_checked() -> Iterator[None]:
    token = _SETTINGS_CHECKED.set(True)
    try:
        yield
    finally:
        _SETTINGS_CHECKED.reset(token)


def _check_boot(n_boot: Any, ci: Any, seed: Any, *, stacklevel: int = 3) -> tuple[int, float]:
    """``(n_boot, ci)`` checked; a ``RuntimeWarning`` when ``0 < n_boot <`` :func:`min_boot` ``(ci)``
    (once per :func:`evaluate`: not inside :func:`_settings_checked`)."""
    if not is_number(n_boot, integer=True) or n_boot < 0:
        raise EvaluationError(f"n_boot must be an int >= 0, got {n_boot!r}")
    check_open_unit(ci, "ci", EvaluationError)
    if seed is not None and (not is_number(seed, integer=True) or seed < 0):
        raise EvaluationError(f"seed must be an int >= 0 or None (fresh randomness), got {seed!r}")
    n_boot, ci = int(n_boot), float(ci)
    if 0 < n_boot < min_boot(ci) and not _SETTINGS_CHECKED.get():
        warnings.warn(f"n_boot={n_boot} resamples are too few for a {ci:g} interval: each of its tails of "
                      f"{(1 - ci) / 2:.3g} holds less than one resample, so its ends are set by the one or two "
                      f"most extreme resamples and it is narrower than asked for; use n_boot >= {min_boot(ci)} "
                      "(1000 or more for stable ends), or 0 for no intervals", RuntimeWarning, stacklevel=stacklevel)
    return n_boot, ci


def _f(x: Any) -> float | None:
    """A plain float for JSON, or None when undefined (NaN)."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


# --------------------------------------------------------------------------------------------------
# bootstrap machinery: a resample is a vector of integer weights (how often each item was drawn)
# --------------------------------------------------------------------------------------------------
def _resample_weights(rng: np.random.Generator, n: int, n_boot: int,
                      groups: tuple[np.ndarray, int] | None = None) -> Iterable[np.ndarray]:
    """Yield (b, n) float weight matrices, b <= n_boot in total, each row a bootstrap resample: of the
    ``n`` items, or, given ``groups`` (:func:`_group_codes`: each item's group, the number of groups
    ``g``), of the ``g`` groups, each item weighted by how often its group was drawn."""
    code, g = groups if groups is not None else (None, n)
    chunk = max(1, min(n_boot, _BOOT_CELLS // max(n, g)))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        idx = rng.integers(0, g, size=(b, g))
        idx += (np.arange(b) * g)[:, None]
        counts = np.bincount(idx.ravel(), minlength=b * g).reshape(b, g).astype(float)
        yield counts if code is None else counts[:, code]
        done += b


def _group_codes(groups: Any, n: int, name: str = "groups") -> tuple[np.ndarray, int]:
    """``groups`` (one hashable label per item; ``None``: a group of the item's own) as codes
    ``0..g-1`` in order of first appearance, and ``g``.

    Raises:
        EvaluationError: ``groups`` is not as long as the data, or holds an unhashable label.
        InputTypeError: ``groups`` is a bare ``str`` or not iterable.
    """
    labels = _as_sequence(groups, name)
    if len(labels) != n:
        raise EvaluationError(f"{name} has {len(labels)} items but the data has {n}; they must be aligned")
    # (None is a group of its own, and so is a missing cell of a table: NaN, pandas' NA or NaT: errors.is_missing)
    labels = [None if is_missing(x) else x for x in (labels.tolist() if isinstance(labels, np.ndarray) else labels)]
    seen: dict[Any, int] = {}
    code = np.empty(n, dtype=np.int64)
    for i, label in enumerate(labels):
        if label is None:
            label = (_OWN_GROUP, i)
        try:
            code[i] = seen.setdefault(label, len(seen))
        except TypeError:
            raise EvaluationError(f"{name}[{i}] is {type(label).__name__}, which cannot label a group (use a str or "
                                  "an int)") from None
    return code, len(seen)


_OWN_GROUP = object()


def _groups_to_resample(groups: Any, n: int, n_boot: int) -> tuple[np.ndarray, int] | None:
    """:func:`_group_codes` of ``groups`` (``None``: none), refusing a bootstrap over one document.

    Raises:
        EvaluationError: as :func:`_group_codes`, or ``n_boot > 0`` and all items are of one group
            (every resample would be the data itself: an interval of zero width).
    """
    if groups is None:
        return None
    grouped = _group_codes(groups, n)
    if n_boot and grouped[1] < 2:
        raise EvaluationError("resampling documents needs two or more documents, and these sentences are all of one "
                              "(every resample would be the data itself); resample sentences instead")
    return grouped


def _interval(reps: np.ndarray, ci: float) -> list[float] | None:
    reps = reps[~np.isnan(reps)]
    if reps.size == 0:
        return None
    a = (1.0 - ci) / 2.0
    lo, hi = np.percentile(reps, [100.0 * a, 100.0 * (1.0 - a)])
    return [float(lo), float(hi)]


def _div(num: np.ndarray, den: np.ndarray, undefined: float = 0.0) -> np.ndarray:
    """num / den with ``undefined`` where den == 0 (NaN: undefined in that resample, so left out of its
    interval)."""
    out = np.full(np.broadcast(num, den).shape, undefined)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _count_metrics(W: np.ndarray, yt: np.ndarray, yp: np.ndarray) -> dict[str, np.ndarray]:
    """precision / recall / F1 / accuracy of each weighted resample (rows of W); NaN where a metric
    is undefined in a resample (recall without a gold-uncertain sentence, precision without a
    predicted one), as for ROC AUC: scoring those resamples 0 stretched a perfect recall's interval
    down to 0."""
    tp = W @ (yt & yp).astype(float)
    fp = W @ (~yt & yp).astype(float)
    fn = W @ (yt & ~yp).astype(float)
    total = W.sum(axis=1)
    tn = total - tp - fp - fn
    precision = _div(tp, tp + fp, np.nan)
    recall = _div(tp, tp + fn, np.nan)
    f1 = _div(2 * tp, 2 * tp + fp + fn, np.nan)
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": (tp + tn) / total}


def _ranking_metrics(W: np.ndarray, yt: np.ndarray, order: np.ndarray, starts: np.ndarray) -> dict[str, np.ndarray]:
    """ROC AUC and average precision of each weighted resample, NaN where one class is absent.

    ``order`` sorts the items by descending score and ``starts`` are the first positions of each
    run of tied scores in that order. Ties count half in the AUC; average precision is
    ``sum_k (R_k - R_{k-1}) P_k`` over the distinct thresholds (scikit-learn's definition).
    """
    Ws = W[:, order]
    pos = yt[order].astype(float)
    P = np.add.reduceat(Ws * pos, starts, axis=1)
    N = np.add.reduceat(Ws * (1.0 - pos), starts, axis=1)
    tot_p = P.sum(axis=1)
    tot_n = N.sum(axis=1)
    cum_n = np.cumsum(N, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = (P * (tot_n[:, None] - cum_n + 0.5 * N)).sum(axis=1) / (tot_p * tot_n)
        cum_p = np.cumsum(P, axis=1)
        prec = _div(cum_p, cum_p + cum_n)
        ap = (P * prec).sum(axis=1) / tot_p
    undefined = (tot_p == 0) | (tot_n == 0)
    auc[undefined] = np.nan
    ap[undefined] = np.nan
    return {"roc_auc": auc, "average_precision": ap}


def _tie_starts(values_sorted: np.ndarray) -> np.ndarray:
    if values_sorted.size == 0:
        return np.zeros(0, dtype=np.intp)
    return np.concatenate(([0], np.flatnonzero(np.diff(values_sorted) != 0) + 1)).astype(np.intp)


def _varies(v: np.ndarray) -> bool:
    """Whether the values ``v`` are not constant: their spread is more than rounding noise (1e-12 of
    their magnitude; certainties of 0.3 and 0.1 + 0.2 are one value, not a ranking)."""
    return bool(np.ptp(v) > 1e-12 * np.abs(v).max())


def _weighted_pearson(W: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson r of x and y under each row of weights W; x, y are (n,) or (b, n). NaN if constant."""
    # r does not change with a shift; centring first keeps the constancy check below relative to the
    # spread of the values, not to their offset (ratings of 1e7 + 1..6 are not constant)
    x = x - x.mean(axis=-1, keepdims=True)
    y = y - y.mean(axis=-1, keepdims=True)
    # ... and r does not change with a positive scale: divided by their largest magnitude, the sums
    # below neither overflow nor underflow (ratings of 1e160 lost every interval)
    x = x / np.maximum(np.abs(x).max(axis=-1, keepdims=True), np.finfo(np.float64).tiny)
    y = y / np.maximum(np.abs(y).max(axis=-1, keepdims=True), np.finfo(np.float64).tiny)
    wsum = W.sum(axis=1, keepdims=True)
    mx = (W * x).sum(axis=1, keepdims=True) / wsum
    my = (W * y).sum(axis=1, keepdims=True) / wsum
    dx = x - mx
    dy = y - my
    cov = (W * dx * dy).sum(axis=1)
    vx = (W * dx * dx).sum(axis=1)
    vy = (W * dy * dy).sum(axis=1)
    den = np.sqrt(vx * vy)
    # relative tolerance: a resample of tied values has a variance of rounding noise, not zero
    scale_x = (W * x * x).sum(axis=1) + 1e-300
    scale_y = (W * y * y).sum(axis=1) + 1e-300
    const = (vx <= 1e-12 * scale_x) | (vy <= 1e-12 * scale_y)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip(cov / den, -1.0, 1.0)
    r[const] = np.nan
    return r


def _weighted_ranks(W: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The average (tie-aware) rank each item would get in each resample, shape (b, n).

    In a resample where item i is drawn w_i times, all copies tie; the items tied with it in value
    and the items below it determine its mid-rank, exactly as ``scipy.stats.rankdata`` would on
    the materialised resample.
    """
    order = np.argsort(x, kind="stable")
    starts = _tie_starts(x[order])
    gw = np.add.reduceat(W[:, order], starts, axis=1)
    mid = np.cumsum(gw, axis=1) - (gw - 1.0) / 2.0
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(x))))
    ranks = np.empty_like(W)
    ranks[:, order] = mid[:, group]
    return ranks


# --------------------------------------------------------------------------------------------------
# public metrics
# --------------------------------------------------------------------------------------------------
def sentence_metrics(
    y_true: Sequence[Any],
    p_uncertain: Sequence[float],
    threshold: float = 0.5,
    *,
    n_boot: int = 1000,
    seed: int | None = 0,
    ci: float = 0.95,
    groups: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Binary sentence-level metrics of the *uncertain* class, with bootstrap confidence intervals.

    Args:
        y_true: gold labels, ``"certain"``/``"uncertain"`` strings (case-insensitive) or 0/1 / bools
            (1 = uncertain).
        p_uncertain: predicted ``P(uncertain)`` per sentence, each in [0, 1].
        threshold: a sentence is predicted uncertain when ``p_uncertain >= threshold``; in [0, 1].
        n_boot: number of bootstrap resamples (0 = no confidence intervals).
        seed: seed of the resampling (``None`` = fresh randomness each call).
        ci: the confidence level of the intervals, in (0, 1).
        groups: per sentence, its document (any hashable label; ``None`` or NaN: a document of its
            own): the bootstrap then resamples whole documents (see the module docstring); two
            or more documents are needed. ``None`` (default): it resamples sentences.

    Returns:
        A dict with ``n`` (sentences), ``n_uncertain`` (gold uncertain), ``n_predicted_uncertain``,
        ``tp``, ``fp``, ``fn``, ``tn``, ``threshold``; ``precision``, ``recall``, ``f1`` (of the
        uncertain class -- the CoNLL-2010 Task 1 metric; 0.0 when the denominator is zero) and
        ``accuracy``, all in [0, 1]; ``roc_auc`` and ``average_precision`` from the scores (in
        [0, 1]; ``None`` when only one class is present); and, when ``n_boot > 0``, ``<name>_ci``:
        ``[lo, hi]`` for each of those six (``None`` if the metric is undefined in every resample),
        ``ci``, their level, and ``resample``: ``"sentences"``, or ``"documents"`` (with
        ``n_documents``) when ``groups`` is given.

    Raises:
        EvaluationError: (a ``ValueError``) empty input, lengths differ (both are named), pandas
            Series whose indexes differ (items pair by position), a NaN or out-of-range score, an
            unknown label, a bad ``threshold`` / ``n_boot`` / ``ci``, or ``groups`` of another length
            (or with an unhashable label, or of one document).
        InputTypeError: (a ``TypeError``) an argument is a bare ``str``, a set or dict, a 2-D table
            (a DataFrame: pass one column) or not iterable.
    """
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support, roc_auc_score

    yt = _as_labels(y_true, "y_true")
    p = _as_values(p_uncertain, "p_uncertain", unit=True)
    n = _check_pair(yt, p, "y_true", "p_uncertain")
    _same_index(y_true=y_true, p_uncertain=p_uncertain)
    if not is_number(threshold) or not 0.0 <= threshold <= 1.0:
        raise EvaluationError(f"threshold must be a number in [0, 1], got {threshold!r}")
    n_boot, ci = _check_boot(n_boot, ci, seed)
    grouped = _groups_to_resample(groups, n, n_boot)
    # (all three in one call: it compares each pandas object with the next pandas one, so labels in
    # a Series are checked against a Series of groups when the scores are a numpy array)
    _same_index(y_true=y_true, p_uncertain=p_uncertain, groups=groups)
    yp = p >= threshold

    prec, rec, f1, _ = precision_recall_fscore_support(
        yt, yp, average="binary", pos_label=True, zero_division=0
    )
    both = bool(yt.any() and not yt.all())
    out: dict[str, Any] = {
        "n": n,
        "n_uncertain": int(yt.sum()),
        "n_predicted_uncertain": int(yp.sum()),
        "tp": int((yt & yp).sum()),
        "fp": int((~yt & yp).sum()),
        "fn": int((yt & ~yp).sum()),
        "tn": int((~yt & ~yp).sum()),
        "threshold": float(threshold),
        "precision": float(prec),
        "recall": float(rec),
        "f1": float(f1),
        "accuracy": float((yt == yp).mean()),
        "roc_auc": float(roc_auc_score(yt, p)) if both else None,
        "average_precision": float(average_precision_score(yt, p)) if both else None,
    }
    if n_boot:
        order = np.argsort(-p, kind="stable")
        starts = _tie_starts(p[order])
        reps: dict[str, list[np.ndarray]] = {k: [] for k in SENTENCE_METRICS}
        for W in _resample_weights(np.random.default_rng(seed), n, n_boot, grouped):
            for k, v in {**_count_metrics(W, yt, yp), **_ranking_metrics(W, yt, order, starts)}.items():
                reps[k].append(v)
        for k in SENTENCE_METRICS:
            out[f"{k}_ci"] = _interval(np.concatenate(reps[k]), ci)
        out["ci"] = ci
        out.update(_resample_record(grouped))
    return out


def _resample_record(grouped: tuple[np.ndarray, int] | None) -> dict[str, Any]:
    """What a result says of its bootstrap's unit: ``resample`` (and ``n_documents``)."""
    return {"resample": "sentences"} if grouped is None else {"resample": "documents", "n_documents": grouped[1]}


#: Up to this many pairs, the Spearman p-value is exact (all n! = 40,320 pairings at 8).
_EXACT_SPEARMAN_N = 8


def _spearman_exact_p(r: np.ndarray, c: np.ndarray) -> float:
    """Two-sided exact permutation p-value of Spearman's rho: the share of the ``n!`` pairings of
    ``c``'s ranks with ``r``'s whose ``|rho|`` is at least the observed one (ties: average ranks)."""
    from itertools import permutations

    from scipy.stats import rankdata

    a, b = rankdata(r), rankdata(c)
    a, b = a - a.mean(), b - b.mean()
    observed = abs(float(a @ b))
    perms = np.array(list(permutations(range(len(b)))))
    return float(np.mean(np.abs(b[perms] @ a) >= observed * (1 - 1e-9)))


def graded_metrics(
    ratings: Sequence[float],
    certainty: Sequence[float],
    *,
    n_boot: int = 1000,
    seed: int | None = 0,
    ci: float = 0.95,
    groups: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """Correlation of predicted certainty with graded human certainty ratings.

    Args:
        ratings: human ratings on any numeric scale where larger = more certain (Pei & Jurgens: 1-6).
        certainty: predicted certainty per sentence (``SentenceScore.certainty``), in [0, 1].
        n_boot: number of bootstrap resamples (0 = no confidence intervals).
        seed: seed of the resampling (``None`` = fresh randomness each call).
        ci: the confidence level of the intervals, in (0, 1).
        groups: per sentence, its document: resample whole documents (see :func:`sentence_metrics`).

    Returns:
        ``{"n", "pearson", "spearman"}`` with the coefficients in [-1, 1] (``scipy.stats.pearsonr``
        and ``spearmanr``; ``None`` when either side is constant or ``n < 2``), ``pearson_p`` and
        ``spearman_p`` (two-sided p-values, or ``None``; for ``n <= 8`` ``spearman_p`` is the exact
        permutation p-value over all ``n!`` pairings, where scipy's large-sample approximation
        gives 0 for any perfect rank order; above it, scipy's, but never below ``2 / n!``, the
        smallest a permutation test can give), and, when ``n_boot > 0``,
        ``pearson_ci`` / ``spearman_ci``: ``[lo, hi]`` percentile bootstrap intervals (resamples in
        which a side is constant are left out; ``None`` if no resample is usable), ``ci``, their
        level, and ``resample`` (and ``n_documents``), as :func:`sentence_metrics` gives them.

    Raises:
        EvaluationError: (a ``ValueError``) empty input, lengths differ, pandas Series whose indexes
            differ (items pair by position; ``groups`` too), NaN values, certainty outside [0, 1], a
            bad ``n_boot`` / ``ci`` / ``seed``, ``groups`` of another length, of one document when
            ``n_boot > 0`` (nothing to resample), or holding an unhashable label.
        InputTypeError: (a ``TypeError``) an argument is a bare ``str``, a set or dict, a 2-D table
            (a DataFrame: pass one column) or not iterable.
    """
    from scipy import stats

    r = _as_values(ratings, "ratings", unit=False)
    c = _as_values(certainty, "certainty", unit=True)
    n = _check_pair(r, c, "ratings", "certainty")
    _same_index(ratings=ratings, certainty=certainty)
    n_boot, ci = _check_boot(n_boot, ci, seed)
    grouped = _groups_to_resample(groups, n, n_boot)
    _same_index(ratings=ratings, certainty=certainty, groups=groups)
    out: dict[str, Any] = {"n": n, "pearson": None, "pearson_p": None, "spearman": None, "spearman_p": None}
    defined = n >= 2 and _varies(r) and _varies(c)
    if defined:
        pr = stats.pearsonr(r, c)
        sr = stats.spearmanr(r, c)
        out["pearson"], out["pearson_p"] = _f(pr[0]), _f(pr[1])
        out["spearman"] = _f(sr[0])
        # (above the exact range scipy's approximation may still undercut the smallest p-value a
        # permutation test can give, 2/n!: 0.0 at n = 9 for a perfect rank order)
        out["spearman_p"] = (max(_f(sr[1]), math.exp(math.log(2.0) - math.lgamma(n + 1.0))) if n > _EXACT_SPEARMAN_N
                             else _spearman_exact_p(r, c))
    if n_boot:
        reps: dict[str, list[np.ndarray]] = {"pearson": [], "spearman": []}
        for W in _resample_weights(np.random.default_rng(seed), n, n_boot, grouped):
            reps["pearson"].append(_weighted_pearson(W, r, c))
            reps["spearman"].append(_weighted_pearson(W, _weighted_ranks(W, r), _weighted_ranks(W, c)))
        for k in GRADED_METRICS:
            out[f"{k}_ci"] = _interval(np.concatenate(reps[k]), ci) if defined else None
        out["ci"] = ci
        out.update(_resample_record(grouped))
    return out


def _check_settings(n_boot: Any, ci: Any, seed: Any, n_bins: Any, cue_match: str | Sequence[str],
                    resample: Any = "sentences") -> tuple[int, float, tuple[str, ...]]:
    """:func:`evaluate`'s settings checked before anything is read or scored (``n_bins`` also when
    no sentence has a label): ``(n_boot, ci, cue_match as a tuple)``; too few resamples warn
    (:func:`_check_boot`), at the line that called the caller.

    Raises:
        EvaluationError: a bad ``n_boot``, ``ci``, ``seed``, ``n_bins``, ``cue_match`` entry or ``resample``.
    """
    if not isinstance(resample, str) or resample not in ("sentences", "documents"):
        raise EvaluationError(f"resample must be 'sentences' or 'documents', got {resample!r}")
    try:  # (tuple(None) was a bare TypeError)
        cue_match = (cue_match,) if isinstance(cue_match, str) else tuple(cue_match)
    except TypeError:
        raise EvaluationError(f"cue_match must be 'exact', 'overlap' or a list of them, got {cue_match!r}") from None
    for m in cue_match:
        if m not in ("exact", "overlap"):
            raise EvaluationError(f"cue_match entries must be 'exact' or 'overlap', got {m!r}")
    n_boot, ci = _check_boot(n_boot, ci, seed, stacklevel=4)
    if not is_number(n_bins, integer=True) or n_bins < 1:
        raise EvaluationError(f"n_bins must be an int >= 1, got {n_bins!r}")
    return n_boot, ci, cue_match


def calibration(y_true: Sequence[Any], p_uncertain: Sequence[float], n_bins: int = 10) -> dict[str, Any]:
    """Calibration of ``P(uncertain)``: expected and maximum calibration error, reliability bins.

    The interval [0, 1] is cut into ``n_bins`` equal-width bins ``[i/n_bins, (i+1)/n_bins)`` (the
    last one also holds 1.0). For each bin, ``mean_predicted`` is the mean ``p_uncertain`` of its
    sentences and ``fraction_positive`` the fraction of them that are gold-uncertain.

    Args:
        y_true: gold labels, ``"certain"``/``"uncertain"`` or 0/1 (1 = uncertain).
        p_uncertain: predicted ``P(uncertain)``, each in [0, 1].
        n_bins: number of bins, an int >= 1.

    Returns:
        ``{"n", "n_bins", "ece", "mce", "bins"}``: ``ece`` = sum over bins of
        ``count / n * |mean_predicted - fraction_positive|``, in [0, 1]; ``mce`` = the largest
        ``|mean_predicted - fraction_positive|`` over non-empty bins, in [0, 1]; ``bins`` = a list of
        ``n_bins`` dicts ``{"lo", "hi", "count", "mean_predicted", "fraction_positive"}``, the means
        ``None`` for an empty bin (reliability-diagram data).

    Raises:
        EvaluationError: (a ``ValueError``) empty input, lengths differ, pandas Series whose indexes
            differ (items pair by position), NaN or out-of-range scores, unknown labels, or a bad ``n_bins``.
        InputTypeError: (a ``TypeError``) an argument is a bare ``str``, a set or dict, a 2-D table
            (a DataFrame: pass one column) or not iterable.
    """
    yt = _as_labels(y_true, "y_true")
    p = _as_values(p_uncertain, "p_uncertain", unit=True)
    n = _check_pair(yt, p, "y_true", "p_uncertain")
    _same_index(y_true=y_true, p_uncertain=p_uncertain)
    if not is_number(n_bins, integer=True) or n_bins < 1:
        raise EvaluationError(f"n_bins must be an int >= 1, got {n_bins!r}")
    n_bins = int(n_bins)
    edges = np.arange(n_bins + 1) / n_bins  # i / n_bins, correctly rounded
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    sum_p = np.bincount(idx, weights=p, minlength=n_bins)
    sum_y = np.bincount(idx, weights=yt.astype(float), minlength=n_bins)
    bins = []
    ece = 0.0
    mce = 0.0
    for i in range(n_bins):
        k = int(count[i])
        mp = float(sum_p[i] / k) if k else None
        fp = float(sum_y[i] / k) if k else None
        if k:
            gap = abs(mp - fp)  # type: ignore[operator]
            ece += k / n * gap
            mce = max(mce, gap)
        bins.append({"lo": float(edges[i]), "hi": float(edges[i + 1]), "count": k,
                     "mean_predicted": mp, "fraction_positive": fp})
    return {"n": n, "n_bins": n_bins, "ece": float(ece), "mce": float(mce), "bins": bins}


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp_p / n_pred if n_pred else 0.0
    recall = tp_g / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _match_spans(gold: Sequence[Cue], pred: Sequence[Cue], overlap: bool) -> tuple[list[bool], list[bool]]:
    """A one-to-one matching of gold and predicted cues with the most pairs.

    Gold cues are taken in ``(start, end, category)`` order, each trying the predicted cues in that
    order and re-matching earlier gold cues where that frees a partner (augmenting paths), so no
    matching has more pairs, and none depends on the order of a sentence's cues; with overlaps,
    greedy matching can pair a long gold cue with the one predicted cue a nested gold cue needed.
    Where a gold cue can pair with a cue of another category, the matching is instead one with the
    most pairs and, of those, the most pairs of one category (an assignment of the largest weight:
    :func:`scipy.optimize.linear_sum_assignment`): two predicted cues on one span, "may" as
    epistemic and as dynamic, leave the gold epistemic "may" matched with the epistemic one.
    """
    g_order = sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end, gold[i].category))
    p_order = sorted(range(len(pred)), key=lambda j: (pred[j].start, pred[j].end, pred[j].category))

    def ok(g: Cue, q: Cue) -> bool:
        # (overlap: at least one character in common, or the same span: an empty span matches itself only)
        same_span = g.start == q.start and g.end == q.end
        return same_span or max(g.start, q.start) < min(g.end, q.end) if overlap else same_span

    if overlap:  # the predicted cues that can overlap a gold cue start within the longest one's length before it
        starts = [pred[j].start for j in p_order]  # and before the gold cue ends (or at its start, if empty)
        longest = max((q.end - q.start for q in pred), default=0)
        partners = {i: [j for j in p_order[bisect.bisect_left(starts, gold[i].start - longest):
                                           bisect.bisect_right(starts, gold[i].start) if gold[i].start == gold[i].end
                                           else bisect.bisect_left(starts, gold[i].end)] if ok(gold[i], pred[j])]
                    for i in g_order}
    else:
        same: dict[tuple[int, int], list[int]] = {}
        for j in p_order:
            same.setdefault((pred[j].start, pred[j].end), []).append(j)
        partners = {i: same.get((gold[i].start, gold[i].end), []) for i in g_order}
    if any(pred[j].category != gold[i].category for i, js in partners.items() for j in js):
        return _match_categories(gold, pred, g_order, partners)
    owner: dict[int, int] = {}  # predicted cue -> the gold cue it is matched with

    def augment(root: int) -> None:
        """Kuhn's augmenting-path search from gold cue ``root``, depth first, without recursion (a
        thousand nested cues in one sentence made a path too deep for Python's stack)."""
        seen: set[int] = set()
        stack = [(root, iter(partners[root]))]  # gold cues on the path, each with its untried partners
        path: list[int] = []  # the predicted cue each of them would take
        while stack:
            i, untried = stack[-1]
            for j in untried:
                if j in seen:
                    continue
                seen.add(j)
                path.append(j)
                if j not in owner:  # a free one: each gold cue on the path takes the next predicted cue
                    for (g, _), q in zip(stack, path):
                        owner[q] = g
                    return
                stack.append((owner[j], iter(partners[owner[j]])))
                break
            else:
                stack.pop()
                if path:
                    path.pop()

    for i in g_order:
        if partners[i]:
            augment(i)
    g_hit = [False] * len(gold)
    p_hit = [False] * len(pred)
    for j, i in owner.items():
        g_hit[i] = p_hit[j] = True
    return g_hit, p_hit


def _match_categories(gold: Sequence[Cue], pred: Sequence[Cue], g_order: list[int], partners: Mapping[int, list[int]]
                      ) -> tuple[list[bool], list[bool]]:
    """:func:`_match_spans` where some pairs join cues of two categories: of the matchings with the
    most pairs, one with the most pairs of one category (largest total weight, a pair weighing
    ``big + 1`` when its categories agree and ``big`` otherwise, ``big`` above any number of pairs)."""
    from scipy.optimize import linear_sum_assignment

    rows = [i for i in g_order if partners[i]]
    cols = sorted({j for i in rows for j in partners[i]}, key=lambda j: (pred[j].start, pred[j].end, pred[j].category))
    at = {j: c for c, j in enumerate(cols)}
    big = float(min(len(rows), len(cols)) + 1)
    w = np.zeros((len(rows), len(cols)))
    for r, i in enumerate(rows):
        for j in partners[i]:
            w[r, at[j]] = big + (pred[j].category == gold[i].category)
    g_hit = [False] * len(gold)
    p_hit = [False] * len(pred)
    for r, c in zip(*linear_sum_assignment(w, maximize=True)):
        if w[r, c] > 0:
            g_hit[rows[r]] = p_hit[cols[c]] = True
    return g_hit, p_hit


def _cue_list(cues: Any, name: str) -> list[Any]:
    """One sentence's cues as a list, each with integer ``start`` and ``end`` and a ``category``."""
    if isinstance(cues, (str, bytes)) or not isinstance(cues, Iterable) or hasattr(cues, "start"):
        raise InputTypeError(f"{name} must be the sentence's cues (a list of Cue), got {type(cues).__name__}; "
                             "gold and predicted hold one list of cues per sentence")
    out = list(cues)
    for j, c in enumerate(out):
        if not (hasattr(c, "start") and hasattr(c, "end") and hasattr(c, "category")):
            raise InputTypeError(f"{name}[{j}] is {type(c).__name__} ({c!r:.40}); a cue needs start, end and "
                                 "category (a hedgekit.Cue)")
        for field in ("start", "end"):
            v = getattr(c, field)
            if not is_number(v, integer=True):
                raise InputTypeError(f"{name}[{j}].{field} is {v!r} ({type(v).__name__}); a cue's start and end are "
                                     "int character offsets")
        if not 0 <= c.start <= c.end:
            raise EvaluationError(f"{name}[{j}] spans {c.start}..{c.end}; a cue's offsets need 0 <= start <= end")
        if not isinstance(c.category, str):
            raise InputTypeError(f"{name}[{j}].category is {c.category!r} ({type(c.category).__name__}); a cue's "
                                 "category is a str (hedgekit.CATEGORIES, or a corpus's own)")
    return out


def cue_metrics(
    gold: Sequence[Sequence[Cue]],
    predicted: Sequence[Sequence[Cue]],
    *,
    match: str = "exact",
) -> dict[str, Any]:
    """Precision / recall / F1 of cue spans over aligned sentences (CoNLL-2010 Task 2 style).

    Spans are compared by character offsets within each sentence, never across sentences.
    ``match="exact"``: a predicted cue matches a gold cue with the same ``start`` and ``end``.
    ``match="overlap"``: the character spans intersect (share at least one character), or are the
    same span (so an empty span counts as it does for ``"exact"``, and overlap is never the stricter).
    Either way each gold and each predicted cue is matched at most once, in a matching with the most
    pairs (nested or overlapping spans cannot cost a match). The cue category does not decide
    whether two cues match, only which of several matchings with the most pairs is taken: one with
    the most pairs of one category, then by position; the result does not depend on the order of a
    sentence's cues.

    ``per_category`` splits the counts by category: recall of a category counts the *gold* cues of
    that category (``tp_gold`` matched, ``fn`` unmatched), precision counts the *predicted* cues of
    that category (``tp_predicted`` matched, ``fp`` unmatched). This is meaningful only when gold
    cues carry types, as in the Szeged Uncertainty Corpus; BioScope and SFU gold cues all have
    category ``"unspecified"``, so for those the gold side lands in ``"unspecified"`` and the
    predicted side in the lexicon's categories, and only the overall figures are interpretable.

    Args:
        gold: per sentence, the gold cues (anything with ``start``, ``end``, ``category``).
        predicted: per sentence, the predicted cues, aligned with ``gold``.
        match: ``"exact"`` or ``"overlap"``.

    Returns:
        ``{"match", "n_sentences", "n_gold", "n_predicted", "tp", "fp", "fn", "precision", "recall",
        "f1", "per_category"}``; metrics in [0, 1] (0.0 when undefined). ``per_category`` maps each
        category seen on either side to ``{"n_gold", "n_predicted", "tp_gold", "tp_predicted", "fp",
        "fn", "precision", "recall", "f1"}``. Overall, ``tp`` counts matched pairs, so
        ``precision = tp / n_predicted`` and ``recall = tp / n_gold``.

    Raises:
        EvaluationError: (a ``ValueError``) the two sequences differ in length (both are named), are
            pandas Series whose indexes differ (items pair by position), or ``match`` is unknown.
        InputTypeError: (a ``TypeError``) an argument is a bare ``str``, a set or not iterable, or
            an item is not a list of cues (a cue needs ``start``, ``end`` and ``category``), or a
            cue's ``start`` / ``end`` is not an int or its ``category`` not a ``str``; an
            EvaluationError also for a cue whose offsets are not ``0 <= start <= end``.
    """
    if match not in ("exact", "overlap"):
        raise EvaluationError(f"match must be 'exact' or 'overlap', got {match!r}")
    gold_given, predicted_given = gold, predicted
    gold = _as_sequence(gold, "gold")
    predicted = _as_sequence(predicted, "predicted")
    if len(gold) != len(predicted):
        raise EvaluationError(f"gold has {len(gold)} sentences but predicted has {len(predicted)}; they must be aligned")
    _same_index(gold=gold_given, predicted=predicted_given)
    overlap = match == "overlap"
    tp = n_gold = n_pred = 0
    cats: dict[str, dict[str, int]] = {}

    def cat(name: str) -> dict[str, int]:
        if name not in cats:
            cats[name] = {"n_gold": 0, "n_predicted": 0, "tp_gold": 0, "tp_predicted": 0, "fp": 0, "fn": 0}
        return cats[name]

    for i, (g_cues, p_cues) in enumerate(zip(gold, predicted)):
        g_cues = _cue_list(g_cues, f"gold[{i}]")
        p_cues = _cue_list(p_cues, f"predicted[{i}]")
        g_hit, p_hit = _match_spans(g_cues, p_cues, overlap)
        tp += sum(g_hit)
        n_gold += len(g_cues)
        n_pred += len(p_cues)
        for c, hit in zip(g_cues, g_hit):
            d = cat(c.category)
            d["n_gold"] += 1
            d["tp_gold" if hit else "fn"] += 1
        for c, hit in zip(p_cues, p_hit):
            d = cat(c.category)
            d["n_predicted"] += 1
            d["tp_predicted" if hit else "fp"] += 1
    precision, recall, f1 = _prf(tp, n_pred, tp, n_gold)
    per_category: dict[str, dict[str, Any]] = {}
    for name in sorted(cats):
        d = cats[name]
        p_, r_, f_ = _prf(d["tp_predicted"], d["n_predicted"], d["tp_gold"], d["n_gold"])
        per_category[name] = {**d, "precision": p_, "recall": r_, "f1": f_}
    return {
        "match": match,
        "n_sentences": len(gold),
        "n_gold": n_gold,
        "n_predicted": n_pred,
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "per_category": per_category,
    }


# --------------------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------------------
_CHUNK = 512


def _same_sentence(a: str, b: str) -> bool:
    """Whether a result's text ``a`` is sentence ``b``: the same, or the same letters and digits once
    compatibility forms are folded and case is ignored (a scorer may clean its input: NFKC, white
    space), so that only results out of the sentences' order are refused."""
    if a == b:
        return True
    if not isinstance(a, str):
        return False
    return _fold(a) == _fold(b)


def _fold(t: str) -> str:
    """``t``'s letters and digits, compatibility forms folded and case ignored."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", t).casefold() if ch.isalnum())


def evaluated_indices(records: Sequence[AnnotatedSentence]) -> tuple[list[int], list[int], list[int]]:
    """``(labelled, rated, cue-annotated)``: the positions of the sentences :func:`evaluate` judges
    against a label, a rating and cue annotations (a sentence whose ``meta`` says
    ``cue_annotated``, true or false, as that says; one without it, where its file marks cues;
    never one whose hedges could not be located); the others are scored but evaluated against
    nothing (``n_unevaluated``)."""
    labelled = [i for i, s in enumerate(records) if s.label is not None]
    rated = [i for i, s in enumerate(records) if s.rating is not None]
    cue_sources = {s.source for s in records if s.cues}
    cue_idx = []
    for i, s in enumerate(records):
        meta = dict(s.meta)
        flag = meta.get("cue_annotated")  # (a reader's say, either way, decides; else the file's cues)
        if (s.source in cue_sources if flag is None else flag) and not meta.get("unlocated_hedges"):
            cue_idx.append(i)
    return labelled, rated, cue_idx


def _cues_fit(cues: Sequence[Cue], sentence: str) -> bool:
    """Whether each cue's offsets point at its text in ``sentence`` (the same letters and digits, as
    :func:`_same_sentence` compares them): a scorer that rewrote the sentence (lower-cased it, mapped
    ’ to ') without moving a character still gives offsets that cue-level metrics can use."""
    return all(c.end <= len(sentence) and _fold(sentence[c.start:c.end]) == _fold(c.text) for c in cues)


def _detects_cues(scorer: Any) -> bool:
    """Whether ``scorer``'s cues are detected ones, each of which counts (a
    :class:`hedgekit.cues.CueDetector`, or a wrapper of one whose ``detects_cues`` is True), rather
    than lexicon matches, which count where they hedge (:func:`_predicted_cues`)."""
    from .cues import CueDetector

    return isinstance(scorer, CueDetector) or getattr(scorer, "detects_cues", False) is True


def _predicted_cues(cues: Sequence[Cue], detected: bool = False) -> tuple[Cue, ...]:
    """The scorer's cues that count as predicted hedge cues: hedge categories, and a positive
    contribution unless every cue returned is a detection (``detected``: a cue detector's)."""
    return tuple(c for c in cues if c.category in HEDGE_CATEGORIES and (detected or c.contribution > 0))


def check_scorer(scorer: Any, where: str) -> None:
    """Refuse, before any scoring, a ``scorer`` that :func:`evaluate` cannot use.

    Raises:
        InputTypeError: ``scorer`` is neither ``None`` nor has a ``score(list[str])`` method (a
            path, a model); or it is a scikit-learn estimator (``fit`` and ``predict``: a
            :class:`hedgekit.HedgeClassifier`, a pipeline or search around one), whose ``score(X, y)``
            is a metric: the message says to pass ``clf.to_scorer()``.
    """
    if scorer is None:
        return
    if callable(getattr(scorer, "fit", None)) and callable(getattr(scorer, "predict", None)):
        raise InputTypeError(f"{where}: got a scikit-learn estimator ({type(scorer).__name__}), whose score(X, y) "
                             "is a metric; pass a hedgekit.Scorer (a fitted HedgeClassifier's clf.to_scorer(), or "
                             "for a search or pipeline its best_estimator_ / final step's)")
    if not callable(getattr(scorer, "score", None)):
        raise InputTypeError(f"{where}: the scorer must be None (the shipped one), a hedgekit.Scorer, a "
                             f"hedgekit.cues.CueDetector or anything with a score(list[str]) method returning "
                             f"SentenceScores; got {type(scorer).__name__} ({scorer!r:.60})")


def evaluate(
    scorer_or_none: Any,
    sentences: Iterable[AnnotatedSentence],
    *,
    n_boot: int = 1000,
    seed: int | None = 0,
    ci: float = 0.95,
    cue_match: Sequence[str] | str = ("exact", "overlap"),
    n_bins: int = 10,
    progress: Callable[[int, int | None], None] | None = None,
    resample: str = "sentences",
) -> dict[str, Any]:
    """Score an annotated corpus and compute every metric its annotation supports.

    Args:
        scorer_or_none: a :class:`hedgekit.Scorer` (anything with a ``score(list[str])`` method
            returning :class:`~hedgekit.types.SentenceScore`\\ s), or ``None`` for
            :func:`hedgekit.scorer.default_scorer`.
        sentences: the corpus, e.g. ``hedgekit.readers.load_corpus(path)``; consumed once.
        n_boot, seed, ci: bootstrap settings, see :func:`sentence_metrics`.
        cue_match: the cue matching modes to report (``"exact"``, ``"overlap"``, or both); an empty
            one (``()``) reports no cue metrics, even for a cue-annotated corpus (``cues`` is ``{}``).
        n_bins: number of calibration bins, an int >= 1.
        progress: called as ``progress(done, total)`` after each batch of sentences is scored;
            ``total`` is ``len(sentences)`` when it has a length, else ``None``.
        resample: what the bootstrap resamples: ``"sentences"`` (default), or ``"documents"``:
            whole documents, by ``AnnotatedSentence.doc_id`` (a sentence without one is a document
            of its own; an id is one document wherever it occurs, in one file or several), which is
            the fair interval where sentences cluster in documents (see the module docstring).

    Returns:
        A JSON-serialisable dict:

        - always: ``n`` (sentences scored), ``threshold`` (the scorer's), ``n_boot``, ``seed``, ``ci``,
          ``resample``, ``n_labelled``, ``n_rated``, ``n_cue_sentences`` and ``n_unevaluated``
          (scored, but with no label, rating or cue annotation to evaluate against, such as the
          aspect-level records of a Pei & Jurgens folder); with ``resample="documents"``, also
          ``n_documents`` (of the labelled and rated sentences);
        - when some sentences have a binary label (the others are skipped for these): the keys of
          :func:`sentence_metrics` except ``n`` (``n_uncertain``, ``precision``, ``recall``, ``f1``,
          ``accuracy``, ``roc_auc``, ``average_precision``, their ``_ci``, ``tp``/``fp``/``fn``/``tn``
          ...), computed with the scorer's threshold, and ``calibration`` (see :func:`calibration`);
        - when some have a rating (the others are skipped): ``pearson``, ``spearman``, their
          ``_p`` and ``_ci`` -- the correlation of ``certainty`` with the rating (positive = the
          scorer agrees with the annotators, for scales where larger = more certain);
        - when the corpus has cue annotations: ``cues`` = ``{mode: cue_metrics(...)}`` for each
          mode in ``cue_match``. A source (``AnnotatedSentence.source``, i.e. one corpus file)
          counts as cue-annotated when any of its sentences has a cue; then all its sentences are
          evaluated, those without cues as having none; but a sentence whose ``meta`` has
          ``cue_annotated`` is evaluated as that says (the BioScope, Szeged, SFU and UNSC readers
          mark every sentence: a file of theirs without any cue, an SFU review for one, is
          annotated all the same; in the CoNLL-2010 layout, an uncertain sentence without a cue
          is not, nor are the sentences of a file without any). Left
          out: sentences with ``meta["unlocated_hedges"]`` (UNSC hedges the reader could not
          place), whose gold is incomplete. The predicted cues are the scorer's cues of a hedge category (not
          ``"booster"``) with a positive contribution; for a :class:`hedgekit.cues.CueDetector`,
          every cue of a hedge category it returns (all are detections, at any threshold).

    Raises:
        EvaluationError: (a ``ValueError``) the corpus is empty or has nothing to evaluate against
            (no label, rating or cue annotation), a label is not ``"certain"``,
            ``"uncertain"`` or ``None``, a rating is NaN, the scorer returned a different number
            of results, results out of the sentences' order or a NaN score, a result for a
            cue-annotated sentence rewrote its text and gives cues whose offsets do not point at
            their text in the sentence as given, a bad setting, or ``resample="documents"`` for a
            corpus whose labelled and rated sentences have no ``doc_id``.
        InputTypeError: (a ``TypeError``) ``sentences`` is a bare ``str`` or not iterable, an
            item is not an ``AnnotatedSentence``, or the scorer has no ``score`` method
            (:func:`check_scorer`).
    """
    n_boot, ci, cue_match = _check_settings(n_boot, ci, seed, n_bins, cue_match, resample)
    if isinstance(sentences, (str, bytes, bytearray)) or sentences is None:
        raise InputTypeError("evaluate() expects an iterable of AnnotatedSentence, got "
                             + ("None" if sentences is None else f"a bare {type(sentences).__name__}"))
    try:
        total: int | None = len(sentences)  # type: ignore[arg-type]
    except TypeError:
        total = None
    try:
        it = iter(sentences)
    except TypeError:
        raise InputTypeError(f"evaluate() expects an iterable of AnnotatedSentence, got {type(sentences).__name__}") from None
    check_scorer(scorer_or_none, "evaluate()")
    if scorer_or_none is None:
        from .scorer import default_scorer

        scorer = default_scorer()
    else:
        scorer = scorer_or_none

    records: list[AnnotatedSentence] = []
    p_unc: list[float] = []
    cert: list[float] = []
    pred_cues: list[tuple[Cue, ...]] = []
    rewritten: dict[int, str] = {}  # the results whose text is not their sentence's as given: that text
    threshold: float | None = getattr(scorer, "threshold", None)
    # A cue detector returns only the cues it detected, whatever their log-odds (a threshold below
    # 0.5 keeps some with a negative one); the Scorer returns every lexicon match, hedging or not.
    detected = _detects_cues(scorer)

    def flush(batch: list[AnnotatedSentence]) -> None:
        nonlocal threshold
        results = scorer.score([s.text for s in batch])
        if not isinstance(results, Sequence):  # (a generator, say: counted and kept in order all the same)
            results = list(results)
        if len(results) != len(batch):
            raise EvaluationError(f"the scorer returned {len(results)} results for {len(batch)} sentences")
        for j, (r, s) in enumerate(zip(results, batch)):
            text = getattr(r, "text", s.text)
            if text != s.text:
                if not _same_sentence(text, s.text):  # (in another order: silently wrong metrics)
                    raise EvaluationError(
                        f"the scorer's result {len(records) + j} is for {str(r.text)[:40]!r}, not for sentence "
                        f"{len(records) + j} ({s.text[:40]!r}): a scorer returns one result per sentence, in the "
                        "sentences' order, each with its sentence's text (as given, or its letters and digits "
                        "unchanged)")
                rewritten[len(records) + j] = str(text)
        for r in results:
            p_unc.append(r.p_uncertain)
            cert.append(r.certainty)
            pred_cues.append(_predicted_cues(r.cues, detected))
            if threshold is None:
                threshold = r.threshold
        records.extend(batch)
        if progress is not None:
            progress(len(records), total)

    batch: list[AnnotatedSentence] = []
    for i, s in enumerate(it):
        if not isinstance(s, AnnotatedSentence):
            raise InputTypeError(f"evaluate(): item {i} is {type(s).__name__}, expected AnnotatedSentence")
        if s.label not in (None, "certain", "uncertain"):
            raise EvaluationError(f"evaluate(): item {i} has label {s.label!r}; an AnnotatedSentence's label is "
                                  "'certain', 'uncertain' or None, as the corpus readers give it (lower case; "
                                  "sentence_metrics() takes other spellings of raw labels)")
        batch.append(s)
        if len(batch) >= _CHUNK:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    n = len(records)
    if n == 0:
        raise EvaluationError("evaluate(): the corpus is empty; nothing to evaluate")
    p_arr = _as_values(p_unc, "p_uncertain (from the scorer)", unit=True)
    c_arr = _as_values(cert, "certainty (from the scorer)", unit=True)

    labelled, rated, cue_idx = evaluated_indices(records)
    bad = next((i for i in rated if not is_number(records[i].rating)), None)
    if bad is not None:  # (named by its place in the corpus, not among the rated sentences)
        raise EvaluationError(f"sentence {bad} ({records[bad].text[:40]!r}) has the rating {records[bad].rating!r}; "
                              "a rating must be a finite number, not NaN, infinite or a string (None: unrated)")
    if not (labelled or rated or cue_idx):
        raise EvaluationError(f"evaluate(): {n} sentences but nothing to evaluate them against: none has a label, a "
                              "rating or cue annotations (AnnotatedSentence.label / .rating / .cues)")
    report: dict[str, Any] = {
        "n": n,
        "threshold": _f(threshold),
        "n_boot": n_boot,
        "seed": None if seed is None else int(seed),  # (a numpy integer is no JSON)
        "ci": ci,
        "resample": resample,
        "n_labelled": len(labelled),
        "n_rated": len(rated),
        "n_cue_sentences": len(cue_idx),
        "n_unevaluated": n - len(set(labelled).union(rated, cue_idx)),
    }
    docs = None
    if resample == "documents":
        evaluated = sorted(set(labelled).union(rated))
        if evaluated and all(records[i].doc_id is None for i in evaluated):
            raise EvaluationError("resample='documents': none of the labelled or rated sentences has a document "
                                  "(AnnotatedSentence.doc_id; for a table, name its column: doc_column=, on the "
                                  "command line --doc-column); resample sentences instead")
        docs = [records[i].doc_id for i in range(n)]
        report["n_documents"] = _group_codes([docs[i] for i in evaluated], len(evaluated))[1]
    if labelled:
        y = [records[i].label for i in labelled]
        p = p_arr[labelled]
        with _settings_checked():
            sm = sentence_metrics(y, p, threshold if threshold is not None else 0.5, n_boot=n_boot, seed=seed,
                                  ci=ci, groups=None if docs is None else [docs[i] for i in labelled])
        for k in ("n", "resample", "n_documents"):
            sm.pop(k, None)
        report.update(sm)
        report["calibration"] = calibration(y, p, n_bins=n_bins)
    if rated:
        ratings = [float(records[i].rating) for i in rated]  # type: ignore[arg-type]
        with _settings_checked():
            gm = graded_metrics(ratings, c_arr[rated], n_boot=n_boot, seed=seed, ci=ci,
                                groups=None if docs is None else [docs[i] for i in rated])
        for k in ("n", "resample", "n_documents"):
            gm.pop(k, None)
        report.update(gm)
    if cue_idx:
        evaluated = set(cue_idx)
        moved = next((i for i in rewritten if i in evaluated and not _cues_fit(pred_cues[i], records[i].text)), None)
        if moved is not None:  # (its cues' offsets are into its own text: every one a miss and a false alarm)
            raise EvaluationError(
                f"the scorer's result {moved} has the text {rewritten[moved][:40]!r}, not "
                f"its sentence's as given ({records[moved].text[:40]!r}), and cues whose offsets point elsewhere in "
                "the sentence; cue-level metrics compare them with the gold cues' offsets into the sentence as "
                "given: return each result's cues with offsets into its sentence as given")
        gold = [records[i].cues for i in cue_idx]
        pred = [pred_cues[i] for i in cue_idx]
        report["cues"] = {m: cue_metrics(gold, pred, match=m) for m in cue_match}
    return report


def _num(x: Any, digits: int = 3) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.{digits}f}"
    return str(x)


def _p_value(p: Any) -> str:
    """A p-value to 4 decimals; one that rounds to 0 reads "< 0.0001" (below what 4 decimals show;
    scipy's underflows to exactly 0 for a strong correlation over many ratings)."""
    if p is not None and 0 <= p < 0.00005:
        return "< 0.0001"
    return _num(p, 4)


def _ci(x: Any) -> str:
    if not x:
        return ""
    return f"[{_num(x[0])}, {_num(x[1])}]"


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None) -> list[str]:
    allrows = ([header] if header else []) + rows
    widths = [max(len(r[i]) for r in allrows) for i in range(len(allrows[0]))]
    lines = []
    for k, r in enumerate(allrows):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("  " + "  ".join(cells).rstrip())
        if header and k == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines


def format_report(report: dict[str, Any]) -> str:
    """Render a report of :func:`evaluate` (or the dict of one of the metric functions) as text.

    Returns:
        A plain-text, multi-line table: counts, the sentence metrics with their confidence
        intervals, calibration (ECE, MCE and the reliability bins), correlations, and cue
        precision / recall / F1 per matching mode and per category. Sections whose keys are absent
        are left out.
    """
    out: list[str] = []
    counts = [(k, _num(report[k])) for k in ("n", "n_documents", "n_labelled", "n_uncertain", "n_predicted_uncertain",
                                             "n_rated", "n_cue_sentences", "n_unevaluated", "threshold")
              if k in report and (k != "n_unevaluated" or report[k])]
    notes = []  # (lines under the counts: as table rows, their text pushed every count far right)
    if report.get("distinct") and "n_rows" in report:  # (benchmark_corpus(distinct=True))
        notes.append(f"  distinct sentences: of {_num(report['n_rows'])} rows, {_num(report['n_dropped'])} copies "
                     "dropped" + (f" ({_num(report['n_conflicting'])} with another label or rating)"
                                  if report.get("n_conflicting") else ""))
    scale = report.get("rating_scale")  # (benchmark_corpus(rating_scale=(U, C)))
    if report.get("uncertain_at_most") is not None:
        at = "<=" if scale is None or scale[0] < scale[1] else ">="
        notes.append(f"  labels from ratings: uncertain iff rating {at} {report['uncertain_at_most']:g}")
    if scale is not None:
        notes.append(f"  ratings read on the scale {scale[0]:g} (most uncertain) .. {scale[1]:g} (most certain): "
                     "(rating - U) / (C - U)")
    if counts:
        out.append("Data")
        out.extend(_table(counts))
    out.extend(notes)
    if report.get("in_sample"):  # (benchmark_corpus: stderr's warning is easily lost; the report keeps it)
        seen, files = report.get("trained_sentences"), report.get("trained_on")
        said = [f"the model was trained on {', '.join(files)}"] if files else []
        said += [f"{seen} of the evaluated sentences are among its training sentences"] if seen else []
        out.append(f"  IN-SAMPLE: {'; '.join(said)}: these numbers are not an evaluation")
    elif "trained_sentences" in report and report["trained_sentences"] is None:
        out.append("  (the model keeps no record of its training sentences: in-sample use cannot be told)")
    level = f"{report['ci'] * 100:g}% CI" if isinstance(report.get("ci"), float) else "CI"
    if report.get("resample") == "documents":  # (the intervals of a cluster bootstrap)
        level += ", documents resampled"
    if report.get("n_boot"):
        level += f" ({report['n_boot']} resamples" + (f", seed {report['seed']})" if report.get("seed") is not None
                                                      else ")")

    # precision without predicted positives, recall without gold ones, F1 without either: undefined,
    # shown as "-" (the numbers hold 0.0, scikit-learn's zero-division value)
    undefined: set[str] = set()
    if all(k in report for k in ("tp", "fp", "fn")):
        tp, fp, fn = report["tp"], report["fp"], report["fn"]
        undefined = {k for k, n in (("precision", tp + fp), ("recall", tp + fn), ("f1", tp + fp + fn)) if n == 0}
    cue_dict = "per_category" in report  # a cue_metrics() dict: its precision / recall / F1 are the cues'
    rows = [] if cue_dict else [(k, "-", "") if k in undefined else (k, _num(report[k]), _ci(report.get(f"{k}_ci")))
                                for k in SENTENCE_METRICS if k in report]
    if report.get("n_labelled") == 0:  # (hedgekit benchmark keeps precision / recall / f1 as None)
        rows = []
        if report.get("n_rated"):
            out.append("")
            out.append("Sentence classification: no sentence has a binary label (from ratings: --uncertain-at-most "
                       "on the command line, uncertain_at_most= in Python)")
    if rows:
        out.append("")
        out.append("Sentence classification (positive class: uncertain)")
        out.extend(_table(rows, ("metric", "value", level)))
        if all(k in report for k in ("tp", "fp", "fn", "tn")):
            out.append(f"  tp={report['tp']}  fp={report['fp']}  fn={report['fn']}  tn={report['tn']}")
        if undefined:
            out.append(f"  - undefined: {', '.join(sorted(undefined))} (no sentence predicted or labelled uncertain)")

    cal = report.get("calibration") if "calibration" in report else (report if "bins" in report else None)
    if cal:
        out.append("")
        out.append(f"Calibration ({cal['n_bins']} bins): ECE {_num(cal['ece'])}  MCE {_num(cal['mce'])}")
        brows = [(f"[{b['lo']:.2f}, {b['hi']:.2f}{']' if b['hi'] >= 1.0 else ')'}", str(b["count"]),
                  _num(b["mean_predicted"]), _num(b["fraction_positive"])) for b in cal["bins"]]
        out.extend(_table(brows, ("bin", "count", "mean p", "frac uncertain")))

    rows = [(k, _num(report[k]), _ci(report.get(f"{k}_ci")), _p_value(report.get(f"{k}_p")))
            for k in GRADED_METRICS if k in report]
    if rows:
        out.append("")
        out.append("Graded certainty (correlation of certainty with the rating)")
        out.extend(_table(rows, ("metric", "value", level, "p-value")))

    cues = report.get("cues")
    if cues is None and "per_category" in report:
        cues = {report.get("match", "cues"): report}
    for mode, cm in (cues or {}).items():
        out.append("")
        out.append(f"Cues, {mode} match ({cm['n_sentences']} sentences, {cm['n_gold']} gold, "
                   f"{cm['n_predicted']} predicted)")
        crow = [("all", _num(cm["precision"]), _num(cm["recall"]), _num(cm["f1"]),
                 str(cm["tp"]), str(cm["fp"]), str(cm["fn"]))]
        for name, d in cm["per_category"].items():
            crow.append((name, _num(d["precision"]) if d["n_predicted"] else "-",
                         _num(d["recall"]) if d["n_gold"] else "-",
                         _num(d["f1"]) if d["n_predicted"] and d["n_gold"] else "-",
                         f"{d['tp_gold']}/{d['tp_predicted']}", str(d["fp"]), str(d["fn"])))
        out.extend(_table(crow, ("category", "P", "R", "F1", "tp(g/p)", "fp", "fn")))
    return "\n".join(out) + "\n"
