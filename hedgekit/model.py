"""The classifier: domain experts and a gate over named features, stored as JSON (never pickle).

Hedging looks different in biomedical abstracts ("may", "suggest", "we examined whether") and in
encyclopaedic or news prose (weasels such as "some critics", hearsay such as "reportedly"), and the
annotated corpora do not even agree on what counts: the CoNLL-2010 Wikipedia labels mark weasels
but leave most "may" sentences certain, while the Szeged re-annotation of the same articles marks
every epistemic "may". One linear model trained on everything loses several F1 points in each
domain against a model trained on that domain alone. So the model holds ``H`` linear *experts*,
each trained on the corpora of one domain or annotation scheme, and a linear *gate* over a subset of
them (the *gated* experts) that reads the same features and says how much each applies to the
sentence (softmax)::

    z    = x @ W + w0                           # (H,)  each expert's log-odds of "uncertain"
    gate = softmax(x @ G + g0)                  # (G,)  how much each gated expert applies
    P(uncertain) = sum_g gate_g * sigmoid(z_g)  # the default ("auto")

A scorer can also ask one expert alone (``Scorer(expert="conll-wiki")``): that reproduces a corpus's
own notion of uncertainty, e.g. to benchmark against it. An expert can also be fitted to graded
ratings instead of labels (the shipped ``science`` expert, ungated: ``Scorer(expert="science")``);
the shipped ``semantic`` expert, also ungated, learns one corpus's labels alone (Szeged Wikipedia).

Inference is numpy only; training (:mod:`hedgekit.train`) uses scikit-learn, which scoring never
imports. The file (``hedgekit/data/model.json.gz`` for the shipped one; ``.json`` or ``.json.gz``)::

    {"format_version": 2, "kind": "hedgekit-gated-linear",
     "experts": [name, ...],                    # H experts
     "gate": [name, ...],                       # the G gated experts (a subset, in gate order)
     "thresholds": {"auto": t, name: t, ...},   # decision thresholds on P(uncertain), in (0, 1)
     "intercept": [K floats],                   # K = H, plus G gate columns if G > 1
     "coef": {"dtype": "<f4", "shape": [F, K], "base64": "..."},  # F x K little-endian float32, row-major
     "features": [name, ...],                   # F names, parallel to coef rows
     "feature_config": {...}, "lexicon_hash": "sha256:...", "checksum": "sha256:...",
     "training": {"corpora": [...], "hyperparameters": {...}, "cross_validation": {...}, ...}}

``checksum`` covers everything that changes predictions, so a corrupted or hand-edited file is
refused instead of silently scoring differently. The weights are held at float32 precision (about
7 significant digits), in memory too, so a saved model reloads bit for bit; stored as binary, the
shipped model's 1.3 million weights (187,479 features x 7 columns) decode in about 20 ms, where
parsing them as JSON numbers takes about 0.6 s (the whole file, feature names and checksum
included, loads in about 0.4 s; measured 2 December 2026). Version 1 files (``"coef": [[K numbers], ...]``) are still read.
"""

from __future__ import annotations

import base64
import binascii
import copy
import gzip
import hashlib
import io
from itertools import chain
import json
import threading
import zlib
from collections.abc import Mapping, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .errors import ArgumentError, InputTypeError, ModelError, check_open_unit, file_path, is_number
from .features import FeatureConfig
from .fileio import write_atomic

__all__ = ["HedgeModel", "load_model", "FORMAT_VERSION", "READABLE_VERSIONS", "MODEL_KIND", "AUTO"]

FORMAT_VERSION = 2
#: Versions :meth:`HedgeModel.from_json` reads (1: weights as nested JSON lists).
READABLE_VERSIONS = (1, 2)
_COEF_DTYPE = "<f4"
#: Largest absolute weight a model may hold: a trained log-odds weight is a few units; anything near
#: this is a corrupt file, and bounding it keeps every sum finite.
MAX_WEIGHT = 1e6
#: Largest absolute feature value :meth:`HedgeModel.encode` takes (counts and priors are small): times
#: a weight of at most :data:`MAX_WEIGHT`, summed over any number of features, it stays finite.
MAX_FEATURE_VALUE = 1e100
MODEL_KIND = "hedgekit-gated-linear"
_REQUIRED = ("format_version", "kind", "experts", "gate", "thresholds", "intercept", "feature_config",
             "features", "coef", "lexicon_hash", "checksum")
AUTO = "auto"


def _checksum(experts: list[str], gate: list[str], thresholds: dict[str, float], intercept: np.ndarray,
              config: dict[str, bool], features: Sequence[str], coef: np.ndarray, lexicon_hash: str) -> str:
    """SHA-256 over the names and settings (canonical JSON) and the weights (float64 bytes, C order)."""
    h = hashlib.sha256()
    head = [experts, gate, thresholds, config, lexicon_hash, len(features)]
    h.update(json.dumps(head, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    h.update("\n".join(features).encode("utf-8"))
    h.update(np.ascontiguousarray(intercept, dtype="<f8").tobytes())
    h.update(np.ascontiguousarray(coef, dtype="<f8").tobytes())
    return "sha256:" + h.hexdigest()


def _as_json(value: Any) -> Any:
    """``value`` as plain JSON data (numpy numbers and arrays as Python numbers and lists, tuples as
    lists), a copy, so that a training record can be saved (:meth:`HedgeModel.save` refuses NaN and
    infinities, which a record may hold until then).

    Raises:
        ModelError: something in it is not JSON data (an object of another kind).
    """
    def plain(v: Any) -> Any:
        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, np.generic):
            return v.item()
        raise TypeError(type(v).__name__)

    try:
        return json.loads(json.dumps(value, default=plain))
    except (TypeError, ValueError) as e:
        raise ModelError(f"the training record must be JSON data (numbers, strings, lists, dicts), not {e}") from None


def _checksum_v1(d: Mapping[str, Any]) -> str:
    """The checksum that version 1 files written before 2026-11-28 carry: SHA-256 of the canonical JSON
    of their names, settings and weights as the file holds them (a second way to read the same file,
    tried only when :func:`_checksum` does not match)."""
    payload = json.dumps([d["experts"], d["gate"], d["thresholds"], d["intercept"], d["feature_config"],
                          d["features"], d["coef"], d["lexicon_hash"]], sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _width(n_experts: int, n_gate: int) -> int:
    return n_experts + (n_gate if n_gate > 1 else 0)


def _check_threshold(name: str, t: Any) -> float:
    return check_open_unit(t, f"threshold {name!r}", ModelError)


def _feature_value(v: Any) -> bool:
    """Whether ``v`` may be a feature's value: a finite real number or a bool (a binary feature)."""
    return is_number(v) or isinstance(v, (bool, np.bool_))


class HedgeModel:
    """A trained set of linear hedge experts and a gate over named :mod:`hedgekit.features`.

    Args:
        features: feature names, one per row of ``coef``.
        coef: array of shape ``(len(features), K)``: the ``H`` experts' columns, then (when more
            than one expert is gated) the ``G`` gate columns; held at float32 precision.
        intercept: array of shape ``(K,)``.
        experts: the experts' names, ``H >= 1`` of them.
        gate: the names of the gated experts (a non-empty subset of ``experts``), in gate-column order.
        thresholds: decision threshold on ``P(uncertain)`` in (0, 1) for ``"auto"`` (the gated
            mixture) and for each expert.
        feature_config: the feature families the model was trained with.
        lexicon_hash: hash of the lexicon the model was trained with (:attr:`Lexicon.hash`).
        training: provenance: corpora and their file hashes, hyperparameters, cross-validated metrics.

    Raises:
        ModelError: shapes that do not fit, non-finite or out-of-range numbers, duplicate features,
            unknown gate names, a missing or out-of-range threshold, or an argument of another kind
            (names given as a bare ``str``, a ``feature_config`` that is no :class:`FeatureConfig`, a
            ``training`` that is no mapping, a ``lexicon_hash`` that is no ``str``).
    """

    __slots__ = ("features", "index", "coef", "intercept", "experts", "gate", "_thresholds", "feature_config",
                 "lexicon_hash", "_training", "_table", "_gate_idx", "_frozen")

    def __init__(
        self,
        features: Sequence[str],
        coef: Any,
        intercept: Any,
        experts: Sequence[str],
        gate: Sequence[str],
        thresholds: Mapping[str, float],
        feature_config: FeatureConfig,
        lexicon_hash: str,
        training: Mapping[str, Any] | None = None,
    ) -> None:
        for name, v in (("features", features), ("experts", experts), ("gate", gate)):
            if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):  # (a str was split into one-letter names)
                raise ModelError(f"{name} must be a list of names, got {v!r:.40}")
        if isinstance(thresholds, (str, bytes)) or not hasattr(thresholds, "__getitem__"):  # (a pandas Series is one)
            raise ModelError(f"thresholds must be a mapping of expert name -> threshold, got {thresholds!r:.40}")
        if not isinstance(feature_config, FeatureConfig):
            raise ModelError(f"feature_config must be a hedgekit.features.FeatureConfig (FeatureConfig.from_dict "
                             f"reads a dict), got {type(feature_config).__name__}")
        if not isinstance(lexicon_hash, str):
            raise ModelError(f"lexicon_hash must be the lexicon's hash (Lexicon.hash, a str), got {lexicon_hash!r:.40}")
        if training is not None and not isinstance(training, Mapping):
            raise ModelError(f"training must be a mapping (the training record) or None, got {type(training).__name__}")
        self.experts: tuple[str, ...] = tuple(str(h) for h in experts)
        if not self.experts or len(set(self.experts)) != len(self.experts) or AUTO in self.experts:
            raise ModelError(f"experts must be one or more distinct names (not {AUTO!r}), got {list(experts)!r}")
        self.gate: tuple[str, ...] = tuple(str(g) for g in gate)
        unknown = [g for g in self.gate if g not in self.experts]
        if not self.gate or unknown or len(set(self.gate)) != len(self.gate):
            raise ModelError(f"gate must name one or more distinct experts of {list(self.experts)}, got {list(gate)!r}")
        self._gate_idx = np.array([self.experts.index(g) for g in self.gate], dtype=np.intp)
        k = _width(len(self.experts), len(self.gate))
        self.features: tuple[str, ...] = tuple(features)
        if not set(map(type, self.features)) <= {str}:  # (the fast test; numpy's str_ is a str too)
            if not all(isinstance(f, str) for f in self.features):
                raise ModelError("every feature name must be a str")
            self.features = tuple(map(str, self.features))
        try:
            coef_arr = np.array(coef, dtype=np.float64)
        except (TypeError, ValueError) as exc:  # (ragged rows, or not numbers)
            raise ModelError(f"coef must be a ({len(self.features)}, {k}) array of numbers: {exc}") from None
        with np.errstate(over="ignore"):  # too large for float32 is refused below (MAX_WEIGHT)
            coef_arr = np.where(np.abs(coef_arr) <= MAX_WEIGHT, coef_arr.astype(np.float32), coef_arr).astype(np.float64)
        if coef_arr.size == 0 and not self.features:  # (no feature: an empty list is the (0, k) array)
            coef_arr = np.zeros((0, k))
        if coef_arr.shape != (len(self.features), k):
            raise ModelError(f"coef has shape {coef_arr.shape}, expected ({len(self.features)}, {k})")
        self.coef = coef_arr
        try:
            self.intercept = np.array(intercept, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ModelError(f"intercept must be {k} numbers: {exc}") from None
        if self.intercept.shape != (k,):
            raise ModelError(f"intercept has shape {self.intercept.shape}, expected ({k},)")
        if not (np.isfinite(self.coef).all() and np.isfinite(self.intercept).all()):
            raise ModelError("weights must be finite numbers (found NaN or infinity)")
        if self.coef.size and np.abs(self.coef).max() > MAX_WEIGHT or np.abs(self.intercept).max() > MAX_WEIGHT:
            raise ModelError(f"weights must lie in [-{MAX_WEIGHT:g}, {MAX_WEIGHT:g}]; the file is corrupt")
        index = dict(zip(self.features, range(len(self.features))))
        if len(index) != len(self.features):
            raise ModelError("duplicate feature names")
        self.index: Mapping[str, int] = MappingProxyType(index)
        missing = [n for n in (AUTO, *self.experts) if n not in thresholds]
        if missing:
            raise ModelError(f"thresholds for {missing} are missing")
        unknown = sorted(map(str, set(thresholds.keys() if hasattr(thresholds, "keys") else ()) - {AUTO, *self.experts}))
        if unknown:  # (a damaged or hand-edited file; it was dropped without a word)
            raise ModelError(f"thresholds {unknown} name no expert; a model has one for {[AUTO, *self.experts]} only")
        self._thresholds = {n: _check_threshold(n, thresholds[n]) for n in (AUTO, *self.experts)}
        self.feature_config = feature_config
        self.lexicon_hash = str(lexicon_hash)
        self._training = _as_json(dict(training or {}))
        # Row F (one past the last feature) is all zeros: the scorer points empty sentences at it.
        # ``coef`` is a view of the table's other rows, so the weights are held once.
        self._table = np.vstack([self.coef, np.zeros((1, k))])
        self.coef = self._table[:-1]
        self.coef.setflags(write=False)
        self.intercept.setflags(write=False)
        self._table.setflags(write=False)
        self._frozen = True

    def __setattr__(self, name: str, value: Any) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError(f"HedgeModel is immutable (setting {name!r}): every Scorer that shares it would "
                                 "change; build a new model (HedgeModel(...), hedgekit.train) instead")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # (worker processes get it pickled): rebuilt through __init__, so its weights are one read-only table again
        return (type(self), (self.features, self.coef, self.intercept, self.experts, self.gate, dict(self._thresholds),
                             self.feature_config, self.lexicon_hash, self._training))

    @property
    def thresholds(self) -> dict[str, float]:
        """Decision threshold on ``P(uncertain)`` for ``"auto"`` and each expert (a copy, plain JSON data:
        editing it changes nothing)."""
        return dict(self._thresholds)

    @property
    def training(self) -> dict[str, Any]:
        """Provenance: corpora and their file hashes, hyperparameters, cross-validated metrics (a copy:
        editing it changes nothing)."""
        return copy.deepcopy(self._training)

    @classmethod
    def linear(cls, weights: Mapping[str, float], intercept: float, threshold: float,
               feature_config: FeatureConfig, lexicon_hash: str,
               training: Mapping[str, Any] | None = None, expert: str = "default") -> HedgeModel:
        """A single-expert model (no gate) from a ``{feature name: weight}`` dict, e.g. for tests;
        ``threshold`` (every mode's) a number in (0, 1), as the constructor checks (:class:`ModelError`
        otherwise)."""
        names = sorted(weights)
        return cls(names, [[weights[n]] for n in names], [intercept], [expert], [expert],
                   {AUTO: threshold, expert: threshold}, feature_config, lexicon_hash, training)

    def __repr__(self) -> str:
        return (f"HedgeModel(experts={list(self.experts)}, gate={list(self.gate)}, features={len(self.features)}, "
                f"threshold={self.threshold:.3f}, lexicon={self.lexicon_hash[:15]}…)")

    @property
    def threshold(self) -> float:
        """The decision threshold of the default (``"auto"``, gated) prediction."""
        return self.thresholds[AUTO]

    def check_expert(self, expert: str | None) -> str:
        """``expert`` if it names one of :attr:`experts`, ``"auto"`` for ``None`` or ``"auto"`` (the
        gated default).

        Raises:
            InputTypeError: ``expert`` is neither a str nor None.
            ModelError: no expert of this model has that name.
        """
        if expert is None:
            return AUTO
        if not isinstance(expert, str):
            raise InputTypeError(f"expert must be None (the gated default) or an expert's name, one of "
                                 f"{list(self.experts)}; got {type(expert).__name__} {expert!r}")
        if expert == AUTO:
            return AUTO
        if expert not in self.experts:
            import difflib

            lower = {e.lower(): e for e in self.experts}
            close = [lower[c] for c in difflib.get_close_matches(expert.lower(), list(lower), n=1, cutoff=0.75)]
            raise ModelError(f"unknown expert {expert!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                             + f"; this model has {list(self.experts)}; leave it out (None, or 'auto') for the "
                             "gated default")
        return str(expert)  # (a numpy str_ as a plain str)

    # --- inference ----------------------------------------------------------------------------
    def raw_scores(self, idx: np.ndarray, vals: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Sum the weights of many sentences' features at once.

        Args:
            idx: feature row numbers (``len(self.features)`` = the zero row), concatenated over
                sentences; every sentence has at least one entry.
            vals: the features' values, parallel to ``idx``.
            starts: where each sentence's entries start in ``idx`` (strictly increasing, from 0).

        Returns:
            ``(n_sentences, K)`` array: the experts' log-odds, then the gate's logits.
        """
        rows = self._table[idx]
        rows *= vals[:, None]
        return np.add.reduceat(rows, starts, axis=0) + self.intercept

    def combine(self, scores: np.ndarray, expert: str = AUTO) -> tuple[np.ndarray, np.ndarray]:
        """Turn :meth:`raw_scores` into ``(P(uncertain), mix)``.

        ``mix`` (shape ``(n, H)``) says how much each expert counted for each sentence: the gate's
        softmax over the gated experts for ``"auto"``, one-hot for a named expert. ``P`` is in [0, 1].
        """
        n_exp = len(self.experts)
        z = np.clip(scores[:, :n_exp], -700.0, 700.0)
        p_expert = 1.0 / (1.0 + np.exp(-z))
        mix = np.zeros((len(scores), n_exp))
        if expert != AUTO:
            mix[:, self.experts.index(expert)] = 1.0
        elif len(self.gate) == 1:
            mix[:, self._gate_idx[0]] = 1.0
        else:
            g = scores[:, n_exp:]
            g = np.exp(g - g.max(axis=1, keepdims=True))
            mix[:, self._gate_idx] = g / g.sum(axis=1, keepdims=True)
        return np.clip((mix * p_expert).sum(axis=1), 0.0, 1.0), mix

    def predict_proba(self, features: Sequence[Mapping[str, float]], expert: str = AUTO) -> np.ndarray:
        """``P(uncertain)`` for each sentence's features (see :func:`hedgekit.features.featurize`), in [0, 1].

        Raises:
            ArgumentError: a known feature's value is not a finite number (NaN, an infinity, None, a
                str) or is beyond ±:data:`MAX_FEATURE_VALUE` (:meth:`encode`).
            ModelError: ``expert`` is not one of the model's.
            InputTypeError: ``expert`` is neither a str nor None.
        """
        idx, vals, starts = self.encode(features)
        return self.combine(self.raw_scores(idx, vals, starts), self.check_expert(expert))[0]

    def encode(self, features: Sequence[Mapping[str, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Feature dicts -> the ``(idx, vals, starts)`` arrays of :meth:`raw_scores` (unknown names skipped).

        Raises:
            ArgumentError: a known feature's value is not a finite real number (NaN, an infinity and
                None would make the probability NaN; a str is no value), or lies beyond
                ±:data:`MAX_FEATURE_VALUE` (its products with weights could overflow and sum to NaN).
        """
        index = self.index
        zero = len(self.features)
        idx: list[int] = []
        vals: list[float] = []
        starts: list[int] = []
        for feats in features:
            starts.append(len(idx))
            idx.append(zero)
            vals.append(0.0)
            for name, v in feats.items():
                j = index.get(name)
                if j is not None:
                    idx.append(j)
                    vals.append(v)
        raw = np.asarray(vals)  # (a str, None or an object makes it no number array: no Python loop over the values)
        values = raw.astype(np.float64) if raw.dtype.kind in "fiub" else None
        if values is None and raw.dtype.kind == "O" and all(map(_feature_value, vals)):
            values = np.asarray(vals, dtype=np.float64)  # (an int too large for int64 makes an object array)
        if values is None or not np.isfinite(values).all():
            v = next((v for v in vals if not _feature_value(v)), None)
            raise ArgumentError(f"feature values must be finite real numbers, got {v!r:.40}")
        if len(values) and np.abs(values).max() > MAX_FEATURE_VALUE:  # times a weight, summed: inf - inf is NaN
            v = vals[int(np.argmax(np.abs(values)))]
            raise ArgumentError(f"feature values must lie in [-{MAX_FEATURE_VALUE:g}, {MAX_FEATURE_VALUE:g}], got "
                                f"{v!r:.40}")
        return np.asarray(idx, dtype=np.intp), values, np.asarray(starts, dtype=np.intp)

    def contributions(self, rows: np.ndarray, values: np.ndarray, mix: np.ndarray, cue_of: np.ndarray,
                      n_cues: int) -> np.ndarray:
        """Mix-weighted log-odds that each cue's features add to the experts' scores.

        Args:
            rows: feature row numbers, one entry per (cue, feature).
            values: the features' values, parallel to ``rows``.
            mix: the expert mix (:meth:`combine`) of the entry's sentence, shape ``(len(rows), H)``.
            cue_of: which cue (``0..n_cues-1``) each entry belongs to.
            n_cues: the number of cues.

        Returns:
            ``(n_cues,)`` contributions; a cue with no known feature contributes 0.
        """
        n_exp = len(self.experts)
        per = (self.coef[rows, :n_exp] * mix).sum(axis=1) * values
        return np.bincount(cue_of, weights=per, minlength=n_cues)

    def contribution(self, names: Sequence[str], values: Sequence[float], mix: np.ndarray) -> float:
        """Mix-weighted log-odds that the named features (of one cue) add; see :meth:`contributions`."""
        known = [(self.index[n], v) for n, v in zip(names, values) if n in self.index]
        rows = np.array([j for j, _ in known], dtype=np.intp)
        vals = np.array([v for _, v in known], dtype=np.float64)
        mixes = np.broadcast_to(np.asarray(mix, dtype=np.float64), (len(known), len(self.experts)))
        return float(self.contributions(rows, vals, mixes, np.zeros(len(known), dtype=np.intp), 1)[0])

    # --- persistence --------------------------------------------------------------------------
    def to_json(self, *, binary: bool = True) -> dict[str, Any]:
        """The model as a JSON-serialisable dict (the file format above).

        ``binary=False`` writes the weights as nested lists of numbers (format version 1), which
        is slow to load but readable. Not editable by hand: the file's checksum covers the weights,
        thresholds and features, so a loaded edit is refused; build a new model instead
        (``HedgeModel(...)`` from the edited parts). The dict is a copy.
        """
        names = list(self.features)
        if binary:
            data = np.ascontiguousarray(self.coef, dtype=_COEF_DTYPE).tobytes()
            coef: Any = {"dtype": _COEF_DTYPE, "shape": list(self.coef.shape),
                         "base64": base64.b64encode(data).decode("ascii")}
        else:
            coef = self.coef.tolist()
        intercept = self.intercept.tolist()
        config = self.feature_config.to_dict()
        experts, gate = list(self.experts), list(self.gate)
        return {
            "format_version": FORMAT_VERSION if binary else 1,
            "kind": MODEL_KIND,
            "experts": experts,
            "gate": gate,
            "thresholds": dict(self._thresholds),
            "intercept": intercept,
            "feature_config": config,
            "lexicon_hash": self.lexicon_hash,
            "checksum": _checksum(experts, gate, self._thresholds, self.intercept, config, names, self.coef,
                                  self.lexicon_hash),
            "training": self.training,
            "features": names,
            "coef": coef,
        }

    def save(self, path: str | PathLike[str]) -> None:
        """Write the model as JSON (gzip-compressed, reproducibly, when ``path`` ends in ``.gz``, any case).

        The file is written whole or not at all (:func:`hedgekit.fileio.write_atomic`): a write that
        fails leaves the file that was at ``path`` as it was.

        Raises:
            InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``.
            ArgumentError: ``path`` is empty or names a folder.
            ModelError: the model holds NaN, an infinity or a lone surrogate, which no model file may hold.
            OSError: the file cannot be written (no such folder, no permission, no space).
        """
        if not isinstance(path, (str, PathLike)):
            raise InputTypeError(f"save: path must be a str or os.PathLike, got {type(path).__name__}")
        try:  # the reader refuses NaN and infinities, so the writer must not write them
            data = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            raw = data.encode("utf-8") + b"\n"
        except UnicodeEncodeError as exc:  # (a ValueError too: from the checksum or the file's text)
            raise ModelError(f"{path}: not written: the model holds {exc.object[exc.start:exc.end]!r}, a lone "
                             "surrogate that UTF-8 cannot store (in a feature name or the training record: text "
                             "read with errors='surrogateescape'?); train on text without it") from None
        except ValueError:
            raise ModelError(f"{path}: not written: the model holds NaN or an infinity (in its weights or its "
                             "training record), which no model file may hold") from None
        if Path(path).suffix.lower() == ".gz":
            raw = gzip.compress(raw, compresslevel=9, mtime=0)
        write_atomic(path, raw, "save")  # (a failed write leaves the file that was there)

    @classmethod
    def from_json(cls, d: Any, where: str = "model") -> HedgeModel:
        """Validate a decoded model file and build the model.

        Raises:
            ModelError: missing keys, wrong ``format_version`` or ``kind``, non-finite numbers,
                ``features``/``coef``/``intercept`` shapes that do not fit, duplicate features, or a
                checksum that does not match the content.
        """
        if not isinstance(d, dict):
            raise ModelError(f"{where}: a model file holds a JSON object, got {type(d).__name__}")
        if "kind" in d and d["kind"] != MODEL_KIND:  # before the keys: another kind of file lacks them
            hint = (" (a cue model: load it with hedgekit.cues.load_cue_model or CueDetector(model=...))"
                    if d["kind"] == "hedgekit-cue-classifier" else "")
            raise ModelError(f"{where}: kind {d['kind']!r} is not {MODEL_KIND!r}{hint}")
        missing = [k for k in _REQUIRED if k not in d]
        if missing:
            raise ModelError(f"{where}: missing keys {missing}; a hedgekit model has {list(_REQUIRED)}")
        version = d["format_version"]
        if type(version) is not int or version not in READABLE_VERSIONS:
            raise ModelError(
                f"{where}: format_version {version!r} is not supported; this hedgekit reads versions "
                f"{list(READABLE_VERSIONS)} (retrain with `hedgekit train` or upgrade hedgekit)"
            )
        if d["kind"] != MODEL_KIND:
            raise ModelError(f"{where}: kind {d['kind']!r} is not {MODEL_KIND!r}")
        experts, gate, names, coef, intercept = d["experts"], d["gate"], d["features"], d["coef"], d["intercept"]
        for key, v in (("experts", experts), ("gate", gate)):
            if not isinstance(v, list) or not v or not all(isinstance(h, str) for h in v):
                raise ModelError(f"{where}: '{key}' must be a non-empty list of names")
        if not set(gate) <= set(experts):
            raise ModelError(f"{where}: gate must name experts of {experts}, got {gate}")
        thresholds = d["thresholds"]
        if not isinstance(thresholds, dict):
            raise ModelError(f"{where}: 'thresholds' must be an object")
        k = _width(len(experts), len(gate))
        if not isinstance(names, list) or not isinstance(intercept, list):
            raise ModelError(f"{where}: 'features' and 'intercept' must be lists")
        if set(map(type, names)) - {str}:
            raise ModelError(f"{where}: every feature name must be a string")
        if len(intercept) != k:
            raise ModelError(f"{where}: shape mismatch: {len(experts)} experts and {len(gate)} gated need {k} "
                             f"numbers in 'intercept', got {len(intercept)}")
        coef_arr = _binary_coef(coef, len(names), k, where) if version == 2 else _list_coef(coef, len(names), k, where)
        kinds = set(map(type, intercept))
        if not kinds <= {int, float}:
            bad = ", ".join(sorted(t.__name__ for t in kinds - {int, float}))
            raise ModelError(f"{where}: weights must be numbers, found {bad} in 'intercept'")
        intercept_arr = _floats(intercept, where)
        if not (np.isfinite(coef_arr).all() and np.isfinite(intercept_arr).all()):
            raise ModelError(f"{where}: a weight is NaN or infinite; weights must be finite numbers")
        if len(set(names)) != len(names):
            raise ModelError(f"{where}: duplicate feature names")
        if not isinstance(d["feature_config"], dict):
            raise ModelError(f"{where}: 'feature_config' must be an object")
        try:
            config = FeatureConfig.from_dict(d["feature_config"])
        except ValueError as e:
            raise ModelError(f"{where}: {e}") from None
        try:
            expect = _checksum(experts, gate, thresholds, intercept_arr, config.to_dict(), names, coef_arr,
                               str(d["lexicon_hash"]))
        except UnicodeEncodeError as exc:  # (a "\ud800" escape in the file: no text a model was written with)
            raise ModelError(f"{where}: holds {exc.object[exc.start:exc.end]!r}, a lone surrogate, which no model "
                             "file written by hedgekit holds (a damaged or hand-edited file)") from None
        if d["checksum"] != expect and not (version == 1 and d["checksum"] == _checksum_v1(d)):
            raise ModelError(f"{where}: checksum mismatch: the file was corrupted or edited by hand "
                             f"(expected {expect}, file says {d['checksum']!r})")
        training = d.get("training", {})
        if not isinstance(training, dict):
            raise ModelError(f"{where}: 'training' must be an object")
        try:
            return cls(names, coef_arr, intercept_arr, experts, gate, thresholds, config, d["lexicon_hash"], training)
        except ModelError as e:
            raise ModelError(f"{where}: {e}") from None

    @classmethod
    def load(cls, path: str | PathLike[str]) -> HedgeModel:
        """Read a model file (``.json`` or ``.json.gz``). Never executes code from the file.

        Raises:
            FileNotFoundError: ``path`` does not exist.
            InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``; ``ArgumentError``: it is empty.
            ModelError: the file is not valid gzip/UTF-8/JSON or fails :meth:`from_json`'s checks.
        """
        p = file_path(path, "a model")
        return cls._from_bytes(read_bounded(p, str(p)), str(p))

    @classmethod
    def _from_bytes(cls, raw: bytes, where: str) -> HedgeModel:
        return cls.from_json(read_json_document(raw, where), where)


def read_bounded(path: Path, where: str, max_bytes: int = 1 << 30) -> bytes:
    """The bytes of a model file, read no further than ``max_bytes`` + 1 (a corpus or ``/dev/zero``
    passed as a model by mistake is refused, not read until memory runs out).

    Raises:
        ModelError: the file holds more than ``max_bytes``; the message starts with ``where``.
        OSError: it cannot be read (``FileNotFoundError`` where it does not exist).
    """
    with open(path, "rb") as f:
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ModelError(f"{where}: larger than {max_bytes >> 20} MB; not a hedgekit model")
    return raw


def read_json_document(raw: bytes, where: str, max_bytes: int = 1 << 30,
                       expected: str = "a hedgekit model file (JSON, or gzip-compressed JSON, that "
                                       "HedgeModel.save or hedgekit train writes)") -> Any:
    """Decode a model file's bytes: gzip (by its magic number) or plain, UTF-8 JSON, never code.

    Raises:
        ModelError: corrupt gzip, more than ``max_bytes`` once decompressed, not UTF-8, invalid or
            too deeply nested JSON, or a NaN/Infinity constant; the message starts with ``where``,
            and one for bytes that are no JSON says what the file should be (``expected``).
    """
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as g:
                raw = g.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise ModelError(f"{where}: corrupt or truncated gzip data ({e})") from None
    if len(raw) > max_bytes:
        raise ModelError(f"{where}: larger than {max_bytes >> 20} MB; not a hedgekit model")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as e:
        raise ModelError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})") from None
    except json.JSONDecodeError as e:
        head = raw[:200].lstrip(b"\xef\xbb\xbf")
        if head.startswith((b"# base:", b"pattern\t")):
            raise ModelError(f"{where}: a lexicon TSV, not a model file (pass it as a lexicon: Scorer(lexicon=path), "
                             "--lexicon PATH)") from None
        raise ModelError(f"{where}: invalid or truncated JSON at line {e.lineno} column {e.colno}: {e.msg} (expected "
                         f"{expected})") from None
    except RecursionError:
        raise ModelError(f"{where}: JSON nested too deeply") from None
    except ModelError as e:
        raise ModelError(f"{where}: {e}") from None
    except ValueError as e:  # e.g. an integer literal longer than Python converts (4300 digits)
        raise ModelError(f"{where}: unreadable JSON ({e})") from None


def _list_coef(coef: Any, n: int, k: int, where: str) -> np.ndarray:
    """Format 1: ``coef`` as ``n`` lists of ``k`` numbers."""
    if not isinstance(coef, list):
        raise ModelError(f"{where}: 'coef' must be a list of rows (format_version 1)")
    if len(coef) != n:
        raise ModelError(f"{where}: shape mismatch: {n} features but {len(coef)} coefficient rows")
    if any(not isinstance(r, list) or len(r) != k for r in coef):
        raise ModelError(f"{where}: shape mismatch: every coefficient row needs {k} numbers")
    kinds = set(map(type, chain.from_iterable(coef)))
    if not kinds <= {int, float}:
        bad = ", ".join(sorted(t.__name__ for t in kinds - {int, float}))
        raise ModelError(f"{where}: weights must be numbers, found {bad}")
    return _floats(coef, where).reshape(n, k)


def _floats(numbers: list[Any], where: str) -> np.ndarray:
    """JSON numbers (ints and floats, already checked) as float64; an int too large for a float is a
    :class:`ModelError` rather than numpy's ``OverflowError``."""
    try:
        return np.array(numbers, dtype=np.float64)
    except OverflowError:
        raise ModelError(f"{where}: a weight is too large for a float; weights must be finite numbers") from None


def _binary_coef(coef: Any, n: int, k: int, where: str) -> np.ndarray:
    """Format 2: ``coef`` as ``{"dtype": "<f4", "shape": [n, k], "base64": ...}``."""
    if not isinstance(coef, dict) or set(coef) != {"dtype", "shape", "base64"}:
        raise ModelError(f"{where}: 'coef' must be an object with keys 'dtype', 'shape', 'base64' (format_version 2)")
    if coef["dtype"] != _COEF_DTYPE:
        raise ModelError(f"{where}: coef dtype {coef['dtype']!r} is not supported; expected {_COEF_DTYPE!r}")
    if coef["shape"] != [n, k]:
        raise ModelError(f"{where}: shape mismatch: coef shape {coef['shape']!r}, but {n} features and {k} "
                         f"columns need [{n}, {k}]")
    if not isinstance(coef["base64"], str):
        raise ModelError(f"{where}: coef 'base64' must be a string")
    try:
        raw = base64.b64decode(coef["base64"], validate=True)
    except (binascii.Error, ValueError) as e:
        raise ModelError(f"{where}: coef is not valid base64 ({e})") from None
    if len(raw) != 4 * n * k:
        raise ModelError(f"{where}: shape mismatch: coef holds {len(raw)} bytes, [{n}, {k}] float32 need {4 * n * k}")
    return np.frombuffer(raw, dtype=_COEF_DTYPE).astype(np.float64).reshape(n, k)


def _reject_constant(name: str) -> float:
    raise ModelError(f"contains {name}; weights must be finite numbers")


_shipped_model: HedgeModel | None = None
_shipped_lock = threading.Lock()


def load_model(path: str | PathLike[str] | None = None) -> HedgeModel:
    """Load a model file; ``None`` loads the one shipped with hedgekit (loaded once, thread-safe).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ModelError: the file is malformed (see :meth:`HedgeModel.from_json`).
    """
    global _shipped_model
    if path is not None:
        return HedgeModel.load(path)
    if _shipped_model is None:
        with _shipped_lock:
            if _shipped_model is None:
                ref = resources.files("hedgekit") / "data" / "model.json.gz"
                _shipped_model = HedgeModel._from_bytes(ref.read_bytes(), "hedgekit/data/model.json.gz")
    return _shipped_model
