"""``HedgeRegressor``: graded certainty ratings learnt as a scikit-learn regressor over raw sentences.

::

    from hedgekit import HedgeRegressor
    from sklearn.model_selection import GroupKFold, cross_val_score

    reg = HedgeRegressor(rating_scale=(1, 6))   # 1 = very uncertain, 6 = very certain
    cross_val_score(reg, findings, ratings, groups=paper_ids, cv=GroupKFold(5), scoring="r2")
    reg.fit(findings, ratings).predict(["The drug may reduce mortality."])  # ratings on the 1-6 scale
    reg.save("graded.json.gz")                  # JSON, never pickle
    scorer = HedgeRegressor.load("graded.json.gz").to_scorer()  # certainty, cues, offsets

It is the recipe of the shipped model's ``science`` expert (the one fitted to the Pei & Jurgens
ratings) and of ``hedgekit train --data FILE --rating-column NAME --rating-scale U,C``: each rating
becomes the soft target ``t = (C - rating) / (C - U)`` (0 at the certain end, 1 at the uncertain one),
and one ridge regression of ``t`` on hedgekit's features (the lexicon's families penalised less,
:data:`hedgekit.train.GRADED_FEATURE_SCALE`) learns it, booster-cue weights clipped so that boosters
only raise certainty. Fitting reuses :class:`hedgekit.train.Recipe` unchanged.

``predict`` gives ratings on the user's scale (the regression's own output, clipped to the scale);
the fitted model is an ordinary :class:`~hedgekit.HedgeModel` (``model_``) whose P(uncertain) is
``sigmoid(4 (t - 1/2))``, so a :class:`~hedgekit.Scorer` on it (:meth:`HedgeRegressor.to_scorer`)
gives certainty, a label (*uncertain* where the predicted rating is at the scale's midpoint or nearer
its uncertain end: threshold 0.5) and cues. Unlike the command, ``fit`` runs no cross-validation;
score one with scikit-learn's (``cross_val_score``, ``cross_val_predict``), keeping a document's
findings in one fold with ``groups``.

This module imports scikit-learn; ``import hedgekit`` does not (``hedgekit.HedgeRegressor`` is loaded
on first access).
"""

from __future__ import annotations

import numbers
import os
from decimal import Decimal
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.validation import check_is_fitted

from . import train
from .errors import ArgumentError, InputTypeError, ModelError, check_open_unit, is_missing, is_number, refuse_unordered
from .estimator import _FAMILIES, EXPERT, _check_features, _scored_features, _sentences, _SentenceEstimator
from .lexicon import Lexicon, load_lexicon
from .model import AUTO, HedgeModel, load_model
from .record import REGRESSOR_CLASS, check_record, record_lexicon
from .scorer import Scorer

__all__ = ["HedgeRegressor"]


def _ratings(y: Any, n: int, scale: tuple[float, float]) -> np.ndarray:
    """``y`` as a float array of ``n`` ratings on ``scale`` (checked).

    Raises:
        InputTypeError: ``y`` is an iterator, a mapping or a set, or holds something that is not a
            number (a string or a ``Decimal``: convert it; a bool).
        ValueError: not one rating per sentence, a missing rating (None, NaN), or one outside the scale.
    """
    if isinstance(y, (Iterator, str, bytes)):
        raise InputTypeError(f"y must be a sequence of ratings (list, tuple, numpy array, pandas Series), got "
                             f"{type(y).__name__}" + ("; pass list(y)" if isinstance(y, Iterator) else ""))
    if y is None:
        raise ArgumentError("y is None: fit(X, y) needs one rating per sentence")
    refuse_unordered(y, "y must be one rating per sentence, in the sentences' order")
    if getattr(y, "ndim", 1) == 2 and y.shape[1] == 1:  # a column, (n, 1): a one-column DataFrame too
        y = y.iloc[:, 0] if hasattr(y, "iloc") else np.asarray(y).ravel()
    if getattr(y, "ndim", 1) != 1 or not hasattr(y, "__len__"):
        shape = getattr(y, "shape", None)
        got = f"shape {tuple(shape)}" if shape else f"{type(y).__name__} {y!r:.40}, a single value"
        raise ArgumentError(f"y must be one rating per sentence (1-D), got {got}")
    items = y.tolist() if hasattr(y, "tolist") else list(y)
    if items and all(isinstance(v, list) and len(v) == 1 for v in items):
        items = [v[0] for v in items]  # (a column, (n, 1), as scikit-learn may pass y)
    if len(items) != n:
        raise ArgumentError(f"X has {n} sentences but y has {len(items)} ratings")
    missing = [i for i, v in enumerate(items) if is_missing(v)]
    if missing:
        raise ArgumentError(f"y[{missing[0]}] is {items[missing[0]]!r}, no rating" + (f" (and {len(missing) - 1} more)"
                            if len(missing) > 1 else "") + "; drop the sentences without a rating first")
    for i, v in enumerate(items):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
            kind = "a bool" if isinstance(v, (bool, np.bool_)) else f"{type(v).__name__} {v!r:.40}"
            hint = ("convert them first, e.g. [float(v) for v in y] (a CSV read as text?)" if isinstance(v, str) else
                    "pass [float(v) for v in y]: a Decimal is not taken" if isinstance(v, Decimal) else
                    "for two labels, certain/uncertain, use HedgeClassifier")
            raise InputTypeError(f"y[{i}] is {kind}; ratings are numbers (int, float, numpy's) on the rating "
                                 f"scale: {hint}")
    r = np.asarray(items, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(r))
    if len(bad):
        raise ArgumentError(f"y[{bad[0]}] is {items[bad[0]]!r}, not a finite rating" + (f" (and {len(bad) - 1} more)"
                            if len(bad) > 1 else ""))
    u, c = scale
    out = np.flatnonzero((r < min(u, c)) | (r > max(u, c)))
    if len(out):
        raise ArgumentError(f"y[{out[0]}] is {train.number_text(r[out[0]])}, outside rating_scale "
                            f"{train.number_text(u)} (most uncertain) .. {train.number_text(c)} (most certain)"
                            + (f" (and {len(out) - 1} more)" if len(out) > 1 else "")
                            + "; give the scale's true ends")
    return r


class HedgeRegressor(RegressorMixin, _SentenceEstimator):
    """A regressor of graded certainty ratings over raw sentences, trained with hedgekit's recipe.

    Parameters:
        rating_scale: ``(U, C)``: the rating of the most uncertain sentence and that of the most
            certain one, two different finite numbers, either the larger (``(6, 1)`` for a scale
            on which 1 is very certain; default ``(1, 6)``, Pei & Jurgens'). Every rating must lie
            on it.
        alpha: L2 strength of the ridge regression (> 0; default 30, the ``science`` expert's,
            :data:`hedgekit.train.GRADED_RIDGE_ALPHA`).
        min_df: drop features seen in fewer than ``min_df`` training sentences (>= 1).
        lexicon: ``None`` (the shipped lexicon), a :class:`~hedgekit.Lexicon` or a path to a
            lexicon TSV.
        words, bigrams, cues, cue_context, priors: the feature families
            (:class:`~hedgekit.features.FeatureConfig`), all on by default.

    Attributes:
        model_: the fitted :class:`~hedgekit.HedgeModel` (one expert named ``"default"``).
        lexicon_: the :class:`~hedgekit.Lexicon` used.
        rating_scale_: ``rating_scale`` as two floats.

    ``fit`` learns from the sentences as written; ``predict`` and :meth:`to_scorer` score a sentence
    without a final ``.``/``!``/``?``/``…`` as if it ended in ``.`` (the Scorer's ``end_mark``), as
    :class:`~hedgekit.HedgeClassifier` does.
    """

    def __init__(self, rating_scale: Sequence[float] = (1.0, 6.0),
                 alpha: float = train.GRADED_RIDGE_ALPHA["science"], min_df: int = train.DEFAULT_MIN_DF,
                 lexicon: Lexicon | str | os.PathLike[str] | None = None, words: bool = True, bigrams: bool = True,
                 cues: bool = True, cue_context: bool = True, priors: bool = True) -> None:
        self.rating_scale = rating_scale
        self.alpha = alpha
        self.min_df = min_df
        self.lexicon = lexicon
        self.words = words
        self.bigrams = bigrams
        self.cues = cues
        self.cue_context = cue_context
        self.priors = priors

    def _check_params(self) -> tuple[float, float]:
        """The checked rating scale; every other hyperparameter checked.

        Raises:
            ArgumentError: a hyperparameter out of range, or no feature family switched on.
        """
        scale = train.check_rating_scale(self.rating_scale, "HedgeRegressor: rating_scale")
        if not is_number(self.alpha) or self.alpha <= 0:
            raise ArgumentError(f"HedgeRegressor: alpha must be a finite number > 0, got {self.alpha!r}")
        if not is_number(self.min_df, integer=True) or self.min_df < 1:
            raise ArgumentError(f"HedgeRegressor: min_df must be an integer >= 1, got {self.min_df!r}")
        _check_features(self, "HedgeRegressor")
        return scale

    def fit(self, X: Any, y: Any) -> HedgeRegressor:
        """Fit on sentences ``X`` and their ratings ``y``; returns ``self``.

        Neither the weights nor the predictions depend on the order of the rows.

        Raises:
            InputTypeError: (a ``TypeError``) ``X`` is a bare string or holds a non-``str`` item;
                ``y`` is an iterator, a mapping (its keys) or a set (no order), or holds a non-number (a
                string or ``Decimal``: convert it; a label: use ``HedgeClassifier``).
            ValueError: ``X`` and ``y`` are empty; a sentence of ``X`` has no word; a hyperparameter is out of range; ``y``
                does not hold one rating per sentence, holds a missing one (None, NaN) or one
                outside ``rating_scale``.
        """
        scale = self._check_params()
        texts = _sentences(X, "fit", "HedgeRegressor")
        train.check_words(texts, "X")
        ratings = _ratings(y, len(texts), scale)
        if not texts:
            raise ArgumentError("X and y are empty; HedgeRegressor needs rated sentences")
        u, c = scale
        target = (c - ratings) / (c - u)  # soft P(uncertain): 0 at the certain end, 1 at the uncertain one
        # the rows in an order of their text and target alone: the weights then do not follow the caller's order
        order = sorted(range(len(texts)), key=lambda i: (texts[i], float(target[i])))
        texts, target, ratings = [texts[i] for i in order], target[order], ratings[order]
        uncertain = (np.abs(ratings - u) <= np.abs(ratings - c)).astype(np.int8)  # the midpoint or nearer U
        n = len(texts)
        lexicon = self.lexicon if isinstance(self.lexicon, Lexicon) else load_lexicon(self.lexicon)
        config = self._feature_config()
        ts = train.TrainingSet(texts, uncertain, [f"#{i}" for i in range(n)], [EXPERT] * n, target=target)
        design = train.Design(train.featurize_all(texts, lexicon, config))
        recipe = train.Recipe(ts, design, {EXPERT: (EXPERT,)}, [EXPERT], min_df=int(self.min_df),
                              ridge_alpha={EXPERT: float(self.alpha)},
                              feature_scale={EXPERT: dict(train.GRADED_FEATURE_SCALE["science"])},
                              **train.sign_constraints(design.names, lexicon, {EXPERT: (EXPERT,)}, {EXPERT: ()}))
        scale_text = ", ".join(f"{g} x{f:g}" for g, f in sorted(train.GRADED_FEATURE_SCALE["science"].items()))
        hyperparameters = {
            "estimator": f"sklearn Ridge regression of the soft targets (alpha {float(self.alpha):g}); feature "
                         f"groups scaled ({scale_text}); booster-cue weights clipped to <= 0",
            "min_df": int(self.min_df), "seed": train.SEED, "feature_config": config.to_dict(),
            "ridge_alpha": {EXPERT: float(self.alpha)},
            "feature_scale": {EXPERT: dict(train.GRADED_FEATURE_SCALE["science"])},
            "soft_targets": f"t = ({train.number_text(c)} - rating) / ({train.number_text(c)} - "
                            f"{train.number_text(u)}) in [0, 1]; log-odds 4 (t - 1/2)",
            "rating_scale": [u, c]}
        training = self._training_record(
            ts, hyperparameters, "fixed 0.5: P(uncertain) >= 0.5 where the predicted rating is at the scale's midpoint "
            "or nearer its uncertain end",
            self._estimator_record(REGRESSOR_CLASS, lexicon, None,
                                   rating_scale=[float(x) for x in self.rating_scale]))
        model = recipe.model(recipe.fit(np.arange(n)), {AUTO: 0.5, EXPERT: 0.5}, config, lexicon.hash, training)
        return self._fitted(model, lexicon, scale)

    def _fitted(self, model: HedgeModel, lexicon: Lexicon, scale: tuple[float, float]) -> HedgeRegressor:
        self.model_ = model
        self.lexicon_ = lexicon
        self.rating_scale_ = scale
        return self

    # --- prediction -------------------------------------------------------------------------
    def _target(self, X: Any, method: str) -> np.ndarray:
        """The regression's soft target ``t`` (1 = the uncertain end) of each sentence, unclipped;
        a sentence with no word 0 (as a Scorer gives it P(uncertain) 0)."""
        check_is_fitted(self, ("model_", "lexicon_", "rating_scale_"))
        texts = _sentences(X, method, "HedgeRegressor")
        if not texts:
            return np.zeros(0)
        feats, blank = _scored_features(texts, self.lexicon_, self.model_)  # (as a Scorer reads them)
        idx, vals, starts = self.model_.encode(feats)
        t = self.model_.raw_scores(idx, vals, starts)[:, self.model_.experts.index(EXPERT)] / train.RIDGE_LOG_ODDS + 0.5
        t[blank] = 0.0
        return t

    def predict(self, X: Any) -> np.ndarray:
        """The predicted rating of each sentence, on ``rating_scale`` (the regression's output,
        clipped to the scale's ends); a sentence with no word gets the certain end.

        Raises:
            InputTypeError: ``X`` is a bare string or holds a non-``str`` item.
            sklearn.exceptions.NotFittedError: before ``fit``.
        """
        t = np.clip(self._target(X, "predict"), 0.0, 1.0)
        u, c = self.rating_scale_
        return c - t * (c - u)

    def to_scorer(self, *, threshold: float | None = None, end_mark: bool = True) -> Scorer:
        """A :class:`~hedgekit.Scorer` on the fitted model and lexicon: certainty (``1 - P(uncertain)``,
        ``P = sigmoid(4 (t - 1/2))``, a monotone function of the predicted rating), label, cues and
        offsets.

        Args:
            threshold: on P(uncertain), in (0, 1), not a rating: *uncertain* where P is at least
                this. ``None``: the model's own, 0.5 for a fitted regressor (the scale's midpoint:
                a predicted rating at it or nearer the uncertain end), a ``hedgekit train`` model's
                cross-validated one for a loaded one. The P(uncertain) of a rating ``r`` is
                ``sigmoid(4 (t - 1/2))`` with ``t = (C - r) / (C - U)``.
            end_mark: as :class:`~hedgekit.Scorer`'s.

        Raises:
            ArgumentError: ``threshold`` not a number in (0, 1).
            InputTypeError: ``end_mark`` not a bool.
        """
        check_is_fitted(self, ("model_", "lexicon_"))
        if threshold is not None:  # (a rating given here is the likely mistake: say what the number is)
            check_open_unit(threshold, "HedgeRegressor.to_scorer: threshold (on P(uncertain), not a rating)")
        return Scorer(lexicon=self.lexicon_, model=self.model_, threshold=threshold, end_mark=end_mark)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted regressor as a hedgekit model file (JSON, gzip if ``path`` ends in ``.gz``):
        an ordinary model file (``hedgekit score --model PATH``, ``Scorer(model=PATH)``) whose
        ``training["estimator"]`` record holds the hyperparameters and any non-shipped lexicon (a
        ``hedgekit train`` model read by :meth:`load` is written as it was read, without one: load
        it back with the same ``lexicon=``). Nothing is pickled."""
        check_is_fitted(self, "model_")
        self.model_.save(path)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, lexicon: Lexicon | str | os.PathLike[str] | None = None
             ) -> HedgeRegressor:
        """Read a regressor written by :meth:`save`, or a model that ``hedgekit train --data FILE
        --rating-column NAME --rating-scale U,C`` wrote (the same recipe, with the command's
        cross-validated threshold for :meth:`to_scorer`); predictions are those of the file.

        Args:
            lexicon: for a ``hedgekit train`` model only: the lexicon it was trained with (a
                :class:`~hedgekit.Lexicon` or a lexicon TSV; default the shipped one), as with its
                ``--lexicon``. A file :meth:`save` wrote carries its own.

        A ``hedgekit train`` model gets its rating scale, ``alpha``, ``min_df`` and feature families
        from its record, so a clone refits the command's recipe (without its cross-validation and
        without ``--unannotated``, which this class does not take).

        Raises:
            FileNotFoundError: ``path`` does not exist.
            InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``.
            ArgumentError: ``path`` is empty or names a folder.
            ModelError: the file is not a valid model, or not a regressor of ratings (a
                ``HedgeClassifier``'s, the shipped model, ``hedgekit train``'s of labels: score
                those with :class:`~hedgekit.Scorer`; a ``train --rating-column`` model written by a
                hedgekit that did not record its rating scale: retrain it), its record is damaged, it
                was trained with a lexicon other than ``lexicon``, or ``lexicon`` is given for a
                file :meth:`save` wrote.
        """
        if path is None:
            raise ModelError("HedgeRegressor.load: the shipped model is no regressor of ratings; pass a file that "
                             "HedgeRegressor.save or `hedgekit train --rating-column` wrote (score with the shipped "
                             "model with hedgekit.Scorer())")
        model = load_model(path)
        where = os.fspath(path)
        record = model.training.get("estimator")
        if record is None:
            return cls._load_command_model(model, where, lexicon)
        if lexicon is not None:
            raise ModelError(f"{where}: a file HedgeRegressor.save wrote carries its lexicon; load it without lexicon=")
        check_record(record, where, (REGRESSOR_CLASS,))
        params = record.get("params")
        known = set(cls().get_params(deep=False))
        if not isinstance(params, dict) or set(params) != known:
            raise ModelError(f"{where}: the HedgeRegressor record's parameters are not the ones this hedgekit knows "
                             f"({sorted(known)})")
        lex = record_lexicon(record, where) or load_lexicon()
        # (the lexicon hyperparameter is the one the file holds, None for the shipped one: a clone refits with it)
        return cls._loaded(model, where, lex, {**params, "lexicon": None if record.get("lexicon") is None else lex})

    @classmethod
    def _load_command_model(cls, model: HedgeModel, where: str,
                            lexicon: Lexicon | str | os.PathLike[str] | None) -> HedgeRegressor:
        """A ``hedgekit train --data --rating-column`` model as a fitted regressor (see :meth:`load`)."""
        training = model.training
        hp, experts = training.get("hyperparameters"), training.get("experts")
        what = ("not a regressor of ratings: neither a file HedgeRegressor.save wrote nor one `hedgekit train --data "
                "FILE --rating-column NAME --rating-scale U,C` wrote (one ridge-regression expert and its rating "
                "scale); score it with hedgekit.Scorer(model=path)")
        if not isinstance(hp, dict) or not isinstance(experts, dict) or list(experts) != [EXPERT]:
            raise ModelError(f"{where}: {what}")
        alpha, config = (hp.get("ridge_alpha") or {}).get(EXPERT), hp.get("feature_config")
        if alpha is None or not isinstance(config, dict):
            raise ModelError(f"{where}: {what}")
        if "rating_scale" not in hp:
            raise ModelError(f"{where}: a `hedgekit train --rating-column` model from a hedgekit that did not record "
                             "its rating scale as a number pair; train it again with this version to load it as a "
                             "HedgeRegressor (hedgekit.Scorer(model=path) scores it as it is)")
        lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
        params = {"rating_scale": hp["rating_scale"], "alpha": alpha, "min_df": hp.get("min_df"),
                  **{f: config.get(f) for f in _FAMILIES}, "lexicon": lexicon}
        return cls._loaded(model, where, lex, params, "its training record's hyperparameters",
                           "; pass the lexicon it was trained with: HedgeRegressor.load(path, lexicon=...)")

    @classmethod
    def _loaded(cls, model: HedgeModel, where: str, lexicon: Lexicon, params: dict[str, Any],
                what: str = "the HedgeRegressor record's parameters", hint: str = "") -> HedgeRegressor:
        """The fitted regressor of a loaded ``model`` with hyperparameters ``params`` (checked; ``what``
        names where they come from, ``hint`` ends a lexicon mismatch's message)."""
        if model.lexicon_hash != lexicon.hash:
            raise ModelError(f"{where}: the model was trained with lexicon {model.lexicon_hash[:19]}…, not with "
                             f"{lexicon!r}{hint}")
        scale = params["rating_scale"]
        est = cls(**{**params, "rating_scale": tuple(scale) if isinstance(scale, list) else scale})
        try:
            checked = est._check_params()
        except ArgumentError as e:
            raise ModelError(f"{where}: {what} are malformed ({e})") from None
        return est._fitted(model, lexicon, checked)
