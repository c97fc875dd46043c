"""The classifier: a linear model over named features, stored as JSON (never pickle).

Inference is a sum of looked-up weights and a logistic function, in plain Python/numpy; training
(:mod:`hedgekit.train`) uses scikit-learn, which scoring never imports.

The file (``hedgekit/data/model.json.gz`` for the shipped one; ``.json`` or ``.json.gz``) holds::

    {"format_version": 1, "kind": "hedgekit-linear",
     "intercept": float, "threshold": float, "feature_config": {...},
     "features": [name, ...], "coef": [float, ...],        # parallel, same length
     "lexicon_hash": "sha256:...", "checksum": "sha256:...",
     "training": {"corpora": [...], "hyperparameters": {...}, "metrics": {...}, ...}}

``checksum`` covers everything that changes predictions, so a corrupted or hand-edited file is
refused instead of silently scoring differently.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import zlib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from .errors import ModelError
from .features import FeatureConfig

__all__ = ["HedgeModel", "load_model", "FORMAT_VERSION", "MODEL_KIND"]

FORMAT_VERSION = 1
MODEL_KIND = "hedgekit-linear"
_REQUIRED = ("format_version", "kind", "intercept", "threshold", "feature_config", "features", "coef",
             "lexicon_hash", "checksum")


def _checksum(intercept: float, threshold: float, config: dict[str, bool], features: list[str],
              coef: list[float], lexicon_hash: str) -> str:
    payload = json.dumps(
        [intercept, threshold, config, features, coef, lexicon_hash], sort_keys=True, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _finite(x: Any, what: str, where: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ModelError(f"{where}: {what} must be a number, got {type(x).__name__}")
    if not math.isfinite(x):
        raise ModelError(f"{where}: {what} is {x!r}; weights must be finite numbers")
    return float(x)


class HedgeModel:
    """A trained linear hedge classifier over :mod:`hedgekit.features` names.

    Attributes:
        weights: feature name -> coefficient (log-odds per unit of the feature).
        intercept: the bias, in log-odds.
        threshold: decision threshold on ``P(uncertain)``, in (0, 1).
        feature_config: the feature families the model was trained with.
        lexicon_hash: hash of the lexicon the model was trained with (:attr:`Lexicon.hash`).
        training: provenance: corpora and their file hashes, hyperparameters, cross-validated metrics.

    Raises:
        ModelError: on construction from values out of range.
    """

    __slots__ = ("weights", "intercept", "threshold", "feature_config", "lexicon_hash", "training")

    def __init__(
        self,
        weights: Mapping[str, float],
        intercept: float,
        threshold: float,
        feature_config: FeatureConfig,
        lexicon_hash: str,
        training: Mapping[str, Any] | None = None,
    ) -> None:
        where = "HedgeModel"
        self.weights: dict[str, float] = {str(k): _finite(v, f"weight of {k!r}", where) for k, v in weights.items()}
        self.intercept = _finite(intercept, "intercept", where)
        self.threshold = _finite(threshold, "threshold", where)
        if not 0.0 < self.threshold < 1.0:
            raise ModelError(f"{where}: threshold {threshold!r} must be in (0, 1)")
        self.feature_config = feature_config
        self.lexicon_hash = str(lexicon_hash)
        self.training: dict[str, Any] = dict(training or {})

    def __repr__(self) -> str:
        return (f"HedgeModel(features={len(self.weights)}, threshold={self.threshold:.3f}, "
                f"lexicon={self.lexicon_hash[:15]}…)")

    # --- inference ----------------------------------------------------------------------------
    def logit(self, features: Mapping[str, float]) -> float:
        """Log-odds of *uncertain* for one sentence's features (see :func:`hedgekit.features.featurize`)."""
        w = self.weights
        z = self.intercept
        for name, value in features.items():
            c = w.get(name)
            if c is not None:
                z += c * value
        return z

    @staticmethod
    def sigmoid(z: float) -> float:
        """The logistic function, safe for any finite or infinite ``z``; result in [0, 1]."""
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z)) if z < 745 else 1.0
        ez = math.exp(z) if z > -745 else 0.0
        return ez / (1.0 + ez)

    # --- persistence --------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-serialisable dict (the file format above; features sorted)."""
        names = sorted(self.weights)
        coef = [self.weights[n] for n in names]
        config = self.feature_config.to_dict()
        return {
            "format_version": FORMAT_VERSION,
            "kind": MODEL_KIND,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "feature_config": config,
            "lexicon_hash": self.lexicon_hash,
            "checksum": _checksum(self.intercept, self.threshold, config, names, coef, self.lexicon_hash),
            "training": self.training,
            "features": names,
            "coef": coef,
        }

    def save(self, path: str | PathLike[str]) -> None:
        """Write the model as JSON (gzip-compressed, reproducibly, when ``path`` ends in ``.gz``)."""
        data = json.dumps(self.to_json(), ensure_ascii=False, indent=None, separators=(",", ":"))
        raw = data.encode("utf-8") + b"\n"
        p = Path(path)
        if p.suffix == ".gz":
            raw = gzip.compress(raw, compresslevel=9, mtime=0)
        p.write_bytes(raw)

    @classmethod
    def from_json(cls, d: Any, where: str = "model") -> HedgeModel:
        """Validate a decoded model file and build the model.

        Raises:
            ModelError: missing keys, wrong ``format_version`` or ``kind``, non-finite numbers,
                ``features``/``coef`` of different lengths, duplicate features, or a checksum that
                does not match the content.
        """
        if not isinstance(d, dict):
            raise ModelError(f"{where}: a model file holds a JSON object, got {type(d).__name__}")
        missing = [k for k in _REQUIRED if k not in d]
        if missing:
            raise ModelError(f"{where}: missing keys {missing}; a hedgekit model has {list(_REQUIRED)}")
        if d["format_version"] != FORMAT_VERSION:
            raise ModelError(
                f"{where}: format_version {d['format_version']!r} is not supported; this hedgekit reads "
                f"version {FORMAT_VERSION} (retrain with `hedgekit train` or upgrade hedgekit)"
            )
        if d["kind"] != MODEL_KIND:
            raise ModelError(f"{where}: kind {d['kind']!r} is not {MODEL_KIND!r}")
        names, coef = d["features"], d["coef"]
        if not isinstance(names, list) or not isinstance(coef, list):
            raise ModelError(f"{where}: 'features' and 'coef' must be lists")
        if len(names) != len(coef):
            raise ModelError(f"{where}: shape mismatch: {len(names)} features but {len(coef)} coefficients")
        if not all(isinstance(n, str) for n in names):
            raise ModelError(f"{where}: every feature name must be a string")
        if len(set(names)) != len(names):
            raise ModelError(f"{where}: duplicate feature names")
        coef = [_finite(c, f"coef[{i}]", where) for i, c in enumerate(coef)]
        intercept = _finite(d["intercept"], "intercept", where)
        threshold = _finite(d["threshold"], "threshold", where)
        if not isinstance(d["feature_config"], dict):
            raise ModelError(f"{where}: 'feature_config' must be an object")
        try:
            config = FeatureConfig.from_dict(d["feature_config"])
        except ValueError as e:
            raise ModelError(f"{where}: {e}") from None
        expect = _checksum(intercept, threshold, config.to_dict(), names, coef, str(d["lexicon_hash"]))
        if d["checksum"] != expect:
            raise ModelError(f"{where}: checksum mismatch: the file was corrupted or edited by hand "
                             f"(expected {expect}, file says {d['checksum']!r})")
        training = d.get("training", {})
        if not isinstance(training, dict):
            raise ModelError(f"{where}: 'training' must be an object")
        try:
            return cls(dict(zip(names, coef)), intercept, threshold, config, d["lexicon_hash"], training)
        except ModelError as e:
            raise ModelError(f"{where}: {e}") from None

    @classmethod
    def load(cls, path: str | PathLike[str]) -> HedgeModel:
        """Read a model file (``.json`` or ``.json.gz``). Never executes code from the file.

        Raises:
            FileNotFoundError: ``path`` does not exist.
            ModelError: the file is not valid gzip/UTF-8/JSON or fails :meth:`from_json`'s checks.
        """
        p = Path(path)
        raw = p.read_bytes()
        return cls._from_bytes(raw, str(p))

    @classmethod
    def _from_bytes(cls, raw: bytes, where: str) -> HedgeModel:
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError, zlib.error) as e:
                raise ModelError(f"{where}: corrupt gzip data ({e})") from None
        try:
            d = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except UnicodeDecodeError as e:
            raise ModelError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})") from None
        except json.JSONDecodeError as e:
            raise ModelError(f"{where}: invalid or truncated JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
        return cls.from_json(d, where)


def _reject_constant(name: str) -> float:
    raise ModelError(f"model file contains {name}; weights must be finite numbers")


@lru_cache(maxsize=1)
def _shipped() -> HedgeModel:
    ref = resources.files("hedgekit") / "data" / "model.json.gz"
    return HedgeModel._from_bytes(ref.read_bytes(), "hedgekit/data/model.json.gz")


def load_model(path: str | PathLike[str] | None = None) -> HedgeModel:
    """Load a model file; ``None`` loads the one shipped with hedgekit (cached, loaded once).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ModelError: the file is malformed (see :meth:`HedgeModel.from_json`).
    """
    if path is None:
        return _shipped()
    return HedgeModel.load(path)
