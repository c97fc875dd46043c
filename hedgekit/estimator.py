"""``HedgeClassifier``: hedgekit's training recipe as a scikit-learn estimator over raw sentences.

::

    from hedgekit import HedgeClassifier
    from sklearn.model_selection import GridSearchCV, cross_val_score

    clf = HedgeClassifier()                     # the shipped model's recipe (features, C, min_df)
    cross_val_score(clf, sentences, labels, cv=5, scoring="f1_macro")
    GridSearchCV(clf, {"C": [0.1, 0.5, 2.0]}, cv=3).fit(sentences, labels)
    clf.fit(sentences, labels).save("my-model.json.gz")     # JSON, never pickle
    scorer = HedgeClassifier.load("my-model.json.gz").to_scorer()  # cues, offsets, SentenceScore

``X`` is a sequence of sentences (``str``): a list, tuple, numpy array, pandas Series, or a
one-column 2-D array/DataFrame (what a ``ColumnTransformer`` passes on). ``y`` holds two labels:
``"certain"``/``"uncertain"``, 0/1 or ``False``/``True``; following scikit-learn's convention
``classes_[1]`` (``"uncertain"``, 1, ``True``) is the positive class, the one ``decision_function``
and ``predict_proba[:, 1]`` speak about.

Fitting reuses :mod:`hedgekit.train` unchanged (no featurization or fitting is re-implemented
here): the sentences become a :class:`~hedgekit.train.TrainingSet` of one corpus, and
:class:`~hedgekit.train.Recipe` fits one L2 logistic-regression expert with the shipped
hyperparameters, booster-cue weights clipped to <= 0. As in the shipped recipe, the decision
threshold is chosen by cross-validation by the training rule (``threshold=None``: the median of the
cuts whose out-of-fold F1 of the uncertain class is within :data:`~hedgekit.train.THRESHOLD_TOLERANCE`
of the best), or fixed. The result is an ordinary :class:`~hedgekit.model.HedgeModel` (``model_``), so a fitted
classifier scores exactly like a :class:`~hedgekit.Scorer` built on it (:meth:`to_scorer`).

With ``base="<expert>"`` it does not start from nothing: it adapts that expert of the shipped
model to the data (:mod:`hedgekit.adapt`). Whether that beats training from scratch depends on
how close the expert's domain is and how many labels there are (``python -m benchmarks.adaptation``).

This module imports scikit-learn; ``import hedgekit`` does not (``hedgekit.HedgeClassifier`` is
loaded on first access).
"""

from __future__ import annotations

import math
import numbers
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import __version__
from . import train
from .errors import (ArgumentError, InputTypeError, ModelError, check_flag, check_open_unit, check_sentences, is_missing,
                     is_number, refuse_unordered)
from .features import FeatureConfig, scoring_config, unmarked
from .lexicon import Lexicon, load_lexicon
from .model import AUTO, HedgeModel, load_model
from .record import RECORD_CLASS, RECORD_VERSION, check_record, record_checksum, record_lexicon
from .scorer import Scorer

__all__ = ["HedgeClassifier"]

#: Name of the single expert (and of its one corpus) that :meth:`HedgeClassifier.fit` and
#: :meth:`hedgekit.HedgeRegressor.fit` train.
EXPERT = "default"
_STRING_LABELS = ("certain", "uncertain")


def _read_record(record: dict[str, Any], where: str, known: set[str]) -> tuple[dict[str, Any], list[Any], Lexicon]:
    """``(params, classes, lexicon)`` of a saved classifier's record, checked.

    Raises:
        ModelError: an unsupported version, a checksum that does not match (an edited record: its
            classes decide which label a prediction gets), parameters this hedgekit does not know,
            classes that are not two distinct numbers or strings, or a malformed embedded lexicon.
    """
    check_record(record, where)
    params, classes = record.get("params"), record.get("classes")
    if not isinstance(params, dict) or not set(params) <= known:
        extra = sorted(set(params) - known) if isinstance(params, dict) else params
        raise ModelError(f"{where}: HedgeClassifier parameters {extra!r} are not ones this hedgekit knows "
                         f"({', '.join(sorted(known))}); was the file saved by a newer version?")
    if (not isinstance(classes, list) or len(classes) != 2 or classes[0] == classes[1]
            or not all(isinstance(c, (str, int, float)) for c in classes)):
        raise ModelError(f"{where}: HedgeClassifier classes must be two distinct labels (certain, uncertain), "
                         f"got {classes!r}")
    params = dict(params)
    if isinstance(params.get("unannotated"), list):  # JSON has no tuples
        params["unannotated"] = tuple(params["unannotated"])
    lexicon = record_lexicon(record, where)
    # The hyperparameter is the lexicon the file carries, not a path it was read from when fitted
    # (which may have moved or changed since: a clone's refit would read that); a path that held the
    # shipped lexicon (the file carries none) is the default.
    if lexicon is None:
        if isinstance(params.get("lexicon"), str):
            params["lexicon"] = None
        return params, list(classes), load_lexicon()
    params["lexicon"] = lexicon
    return params, list(classes), lexicon


def _sentences(X: Any, method: str, owner: str = "HedgeClassifier") -> list[str]:
    """``X`` as a list of ``str``, order kept; a clear ``TypeError`` otherwise (as
    :func:`hedgekit.errors.check_sentences`, plus scikit-learn's one-column 2-D input); ``owner``
    is the estimator's class name, for the messages."""
    ndim = getattr(X, "ndim", None)
    if ndim == 2:
        shape = getattr(X, "shape", (0, 0))
        if shape[1] != 1:
            raise InputTypeError(f"{owner}.{method}() expects one column of sentences, got a 2-D input "
                                 f"of shape {tuple(shape)}; select the text column first")
        X = np.asarray(X, dtype=object).ravel()
    return check_sentences(X, f"{owner}.{method}", "wrap one sentence in a list: [sentence]")


def _group_codes(groups: Any, n: int) -> list[str] | None:
    """``groups`` (one hashable label per sentence, or ``None``) as one non-empty string per
    sentence, equal exactly where the labels are (for :func:`hedgekit.train.merge_twin_groups`).

    Raises:
        InputTypeError: ``groups`` is a bare string, an iterator, a mapping (its keys) or a set (no
            order), or holds an unhashable item.
        ValueError: ``groups`` does not hold ``n`` labels, or holds a missing value (``None``, NaN,
            pandas' ``NA`` or ``NaT``).
    """
    if groups is None:
        return None
    if isinstance(groups, (str, bytes, Iterator)):
        raise InputTypeError(f"groups must be a sequence with one label per sentence (list, tuple, numpy array, "
                             f"pandas Series), got {type(groups).__name__}")
    refuse_unordered(groups, "groups must be one label per sentence, in the sentences' order")
    if getattr(groups, "ndim", 1) == 2 and groups.shape[1] == 1:  # a column, (n, 1), as y may be
        groups = groups.iloc[:, 0] if hasattr(groups, "iloc") else groups.ravel()
    items = groups.tolist() if hasattr(groups, "tolist") else list(groups)
    if items and all(isinstance(g, (list, tuple)) and len(g) == 1 for g in items):
        items = [g[0] for g in items]  # (a column as nested lists, [[g], ...], as y may be)
    if len(items) != n:
        raise ArgumentError(f"groups has {len(items)} labels for {n} sentences; give one per sentence")
    codes: dict[Any, str] = {}
    out = []
    for i, g in enumerate(items):
        if _label_kind(g) == "missing":  # None, NaN of any float type, pandas' NA and NaT
            raise ArgumentError(f"groups[{i}] is {g!r}; every sentence needs a group label (e.g. its document id)")
        try:
            out.append(codes.setdefault(g, f"g{len(codes)}"))
        except TypeError:
            raise InputTypeError(f"groups[{i}] is a {type(g).__name__}, which is not hashable; give ids such as "
                                 "str or int") from None
    return out


def _canonical(keys: list[str]) -> np.ndarray:
    """An order of the items that depends on their ``keys`` alone, not on the order they came in
    (items with equal keys keep theirs): the threshold CV deals its folds in it, so that shuffling
    the training rows does not move the threshold."""
    return np.array(sorted(range(len(keys)), key=lambda i: (train.name_digest(keys[i]), keys[i], i)), dtype=np.int64)


def _label_kind(v: Any) -> str:
    """``"str"``, ``"number"`` (bools and numbers, numpy's too), ``"bytes"``, ``"missing"`` or the type's name."""
    if is_missing(v):  # None, NaN of any number type, pandas' NA and NaT, numpy's NaT
        return "missing"
    if isinstance(v, str):
        return "str"
    if isinstance(v, (bytes, bytearray, np.bytes_)):
        return "bytes"
    if isinstance(v, (numbers.Number, np.bool_)):
        return "number"
    return type(v).__name__


def _binary_labels(y: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(classes, y01)``: the two sorted classes and 1 where ``y`` is the positive (uncertain) one."""
    if isinstance(y, Iterator):  # np.asarray would make one object of it
        raise InputTypeError(f"y must be a sequence of labels (list, tuple, numpy array, pandas Series), got "
                             f"{type(y).__name__}; pass list(y)")
    refuse_unordered(y, "y must be one label per sentence, in the sentences' order")
    if isinstance(y, Iterable) and not isinstance(y, (str, bytes)) and not hasattr(y, "__array__"):
        y = list(y)  # (d.values(), a deque, a range: numpy would make one object of a view)
    if isinstance(y, (list, tuple)) or getattr(y, "dtype", None) == object:  # before numpy makes [1, "certain"] two strings
        items = y.tolist() if hasattr(y, "tolist") else list(y)
        kinds = {_label_kind(v) for v in items}
        if "bytes" in kinds or len(kinds - {"missing"}) > 1:
            raise ArgumentError(f"y must hold one kind of label, 'certain'/'uncertain' (str), 0/1 or False/True; "
                                f"got {' and '.join(sorted(kinds - {'missing'}))}")
        if "missing" in kinds:  # (numpy would make ["certain", nan] two strings, "nan" a third class)
            y = np.array(items, dtype=object)
    y = np.asarray(y if not isinstance(y, (list, tuple)) else list(y))
    if y.dtype.kind == "S":
        raise ArgumentError("y must hold one kind of label, 'certain'/'uncertain' (str), 0/1 or False/True; got bytes")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        got = ("None: fit(X, y) needs the labels" if y.ndim == 0 and y.item() is None else
               f"{type(y.item()).__name__} {y.item()!r:.40}, a single value, not one label per sentence"
               if y.ndim == 0 else f"shape {y.shape}")
        raise ArgumentError(f"y must be 1-D (one label per sentence), got {got}")
    if len(y) != n:
        raise ArgumentError(f"X has {n} sentences but y has {len(y)} labels")
    if y.dtype.kind in "fO":  # a missing label: None, NaN, pd.NA
        missing = [i for i, v in enumerate(y.tolist()) if is_missing(v)]
        if missing:
            raise ArgumentError(f"y has no label at index {missing[0]}" + (f" (and {len(missing) - 1} more)"
                                if len(missing) > 1 else "") + "; every sentence needs 'certain'/'uncertain', 0/1 or a bool")
    if y.dtype.kind == "O":  # bools or 0/1 in an object array (a pandas column that held a missing value)
        y = np.asarray(y.tolist())
    if len(y) == 0:
        raise ArgumentError("X and y are empty; HedgeClassifier needs labelled sentences of both classes")
    try:
        check_classification_targets(y)
    except ValueError:  # scikit-learn's "Unknown label type: continuous" for 0.3 / 0.7, soft labels
        raise ArgumentError(f"labels must be 'certain'/'uncertain', 0/1 or bools, got values such as "
                            f"{np.unique(y)[:4].tolist()!r} (for graded ratings, threshold them first, e.g. "
                            "[r <= 3.5 for r in ratings] on a 1-6 scale where 6 is certain, or fit them with "
                            "hedgekit.HedgeRegressor(rating_scale=(1, 6)) or `hedgekit train --data FILE "
                            "--rating-column NAME --rating-scale U,C`: the README's 'Graded certainty')") from None
    classes = np.unique(y)
    if len(classes) != 2:
        folded = ({str(c).strip().lower() for c in classes.tolist()} if classes.dtype.kind in "OUS" else set())
        hint = ("; some differ only in case or white space: pass [str(v).strip().lower() for v in y]"
                if len(classes) > 2 and folded <= set(_STRING_LABELS) else
                "; some differ only in case or white space: pass [str(v).strip().lower() == 'true' for v in y] "
                "(True = uncertain)" if len(classes) > 2 and folded <= {"true", "false"} else "")
        raise ArgumentError(f"HedgeClassifier needs exactly two classes in y, got {len(classes)}: "
                            f"{classes.tolist()!r:.80}{hint}")
    if classes.dtype.kind in "OUS":
        if sorted(str(c) for c in classes) != list(_STRING_LABELS):
            got = sorted(str(c).strip().lower() for c in classes)
            hint = ("; they are case-sensitive and without white space: pass [str(v).strip().lower() for v in y]"
                    if got == list(_STRING_LABELS) else
                    "; these are strings (a CSV read as text?): pass [int(float(v)) for v in y]" if got in (["0", "1"], ["0.0", "1.0"])
                    else "; these are strings (a CSV read as text?): pass [str(v).strip().lower() == 'true' for v "
                         "in y] (True = uncertain)" if got == ["false", "true"]
                    else "; or pass 0/1 or False/True (1/True = uncertain)")
            raise ArgumentError(f"string labels must be 'certain' and 'uncertain', got {classes.tolist()!r}{hint}")
    elif classes.dtype.kind not in "biuf":
        raise ArgumentError(f"labels must be 'certain'/'uncertain', 0/1 or bools, got dtype {classes.dtype}")
    elif classes.dtype.kind != "b" and classes.tolist() != [0, 1]:  # 1/2 or -1/1: which one is uncertain?
        raise ArgumentError(f"numeric labels must be 0 and 1 (1 = uncertain), got {classes.tolist()!r}; "
                            f"or pass 'certain'/'uncertain' or False/True")
    return classes, (y == classes[1]).astype(np.int8)


_FAMILIES = ("words", "bigrams", "cues", "cue_context", "priors")


def _check_features(est: Any, owner: str) -> None:
    """The hyperparameters both estimators have, checked: the feature families (flags, at least one
    on) and the lexicon; ``owner`` is the estimator's class name, for the messages.

    Raises:
        ArgumentError: a family is not a bool, none is on, or the lexicon is of another type.
    """
    for name in _FAMILIES:
        check_flag(getattr(est, name), f"{owner}: {name}")
    if not any(getattr(est, name) for name in _FAMILIES):
        raise ArgumentError(f"{owner}: switch on at least one feature family "
                            "(words, bigrams, cues, cue_context, priors)")
    if est.lexicon is not None and not isinstance(est.lexicon, (Lexicon, str, os.PathLike)):
        raise ArgumentError(f"{owner}: lexicon must be None (the shipped one), a Lexicon or a path to a "
                            f"lexicon TSV, got {type(est.lexicon).__name__}")


def _scored_features(texts: list[str], lexicon: Lexicon, model: HedgeModel) -> tuple[list[dict[str, float]], list[int]]:
    """``(features, blank)`` of ``texts`` as a :class:`~hedgekit.Scorer` reads them with ``model``
    (``end_mark``: an open-ended sentence as if it ended in "."), and the indices of those it scores
    P(uncertain) 0: no word, a list item's marker left out ("- ")."""
    config = scoring_config(model.feature_config)
    feats = train.featurize_all(texts, lexicon, config)
    return feats, train.without_words([unmarked(t) for t in texts] if config.item_marks else texts)


def _check_params(est: HedgeClassifier) -> None:
    def number(name: str, v: Any, *, integer: bool = False, low: float = 0.0, strict: bool = True) -> None:
        if not is_number(v, integer=integer) or (v <= low if strict else v < low):
            what = "an integer" if integer else "a finite number"
            raise ArgumentError(f"HedgeClassifier: {name} must be {what} {'>' if strict else '>='} {low:g}, got {v!r}"
                                + ("" if integer else " (an int, float or numpy number)"))

    number("C", est.C)
    number("min_df", est.min_df, integer=True, low=1, strict=False)
    number("cv", est.cv, integer=True, low=2, strict=False)
    if est.threshold is not None:
        check_open_unit(est.threshold, "HedgeClassifier: threshold (None: chosen by cross-validation)", decimals=6)
    _check_features(est, "HedgeClassifier")
    if train.check_categories(est.unannotated, "HedgeClassifier: unannotated") and not est.cues:
        raise ArgumentError("HedgeClassifier: unannotated constrains the category features (k:<category>) of the "
                            "cues feature family; switch cues on (cues=True) or drop unannotated")
    if est.base is not None and (not isinstance(est.base, str) or est.base == AUTO):
        raise ArgumentError(f"HedgeClassifier: base must be None (train from scratch) or the name of one expert of "
                         f"the shipped model, e.g. 'semantic' (not {AUTO!r}, the gated default), got {est.base!r}")


def _command_params(training: dict[str, Any]) -> dict[str, Any]:
    """The hyperparameters a ``hedgekit train --data`` model records (one expert): ``C``,
    ``min_df``, the feature families, ``--base`` and ``--unannotated``, as :class:`HedgeClassifier`'s
    (and those of a :func:`hedgekit.adapt.adapt_expert` model: its ``C``, ``min_df``, expert and
    ``unannotated``); ``{}`` for any other model (the shipped one, ``train --corpora``: several
    experts) or one whose record does not hold them as that command writes them, or that
    :class:`HedgeClassifier` cannot refit (``adapt_expert(learn_scale=False)``, ``train
    --rating-column``'s regression of ratings): then the defaults stand."""
    hp, experts = training.get("hyperparameters"), training.get("experts")
    if not isinstance(hp, dict) or not isinstance(experts, dict) or list(experts) != [EXPERT]:
        return {}
    config = hp.get("feature_config")
    if not isinstance(config, dict) or config.get("booster_frames") is not True:
        return {}  # (HedgeClassifier always keeps booster frames out)
    if hp.get("learn_scale", True) is not True:
        return {}  # (adapt_expert(learn_scale=False): HedgeClassifier(base=...) always learns the scale)
    if hp.get("ridge_alpha") or hp.get("soft_targets"):
        return {}  # (train --rating-column: a ridge regression of ratings, which HedgeClassifier does not fit)
    params: dict[str, Any] = {"C": hp.get("C"), "min_df": hp.get("min_df"),
                              **{f: config.get(f, False) for f in _FAMILIES}}
    adaptation = training.get("adaptation")
    if isinstance(adaptation, dict):
        params["base"] = adaptation.get("expert")
    kept = hp.get("unannotated") or {}
    cats = {tuple(v) for v in kept.values() if isinstance(v, list)} if isinstance(kept, dict) else {None}
    if len(cats) > 1 or None in cats:
        return {}  # (per-file categories: no one hyperparameter says them)
    if cats:
        params["unannotated"] = cats.pop()
    try:
        _check_params(HedgeClassifier(**params))
    except (ArgumentError, TypeError):
        return {}
    return params


def _lexicon_record(lexicon: Lexicon) -> dict[str, Any] | None:
    """An estimator record's ``lexicon``: ``None`` for the shipped one; any other travels inside the
    file, so that a saved estimator never depends on a TSV that may have moved or changed."""
    if lexicon.hash == load_lexicon().hash:
        return None
    return {"name": lexicon.name, "base_hash": lexicon.base_hash, "ancestors": list(lexicon.ancestors),
            "hash": lexicon.hash, "entries": [[e.pattern, e.category, e.weight, e.source, e.note] for e in lexicon]}


def _plain(v: Any) -> Any:
    """numpy scalars -> Python scalars, other numbers (``Fraction``) -> int or float,
    paths -> str (for the JSON record)."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, os.PathLike):
        return os.fspath(v)
    if isinstance(v, numbers.Number) and not isinstance(v, (bool, int, float)):
        return int(v) if isinstance(v, numbers.Integral) else float(v)
    return v



class _SentenceEstimator(BaseEstimator):
    """What :class:`HedgeClassifier` and :class:`~hedgekit.HedgeRegressor` share: raw sentences as
    ``X`` (scikit-learn's tags say so), a target ``y`` always, the feature families as flags, and
    the model's ``training`` record."""

    def __sklearn_tags__(self) -> Any:  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags

    def _more_tags(self) -> dict[str, Any]:  # scikit-learn < 1.6
        return {"X_types": ["string"], "requires_y": True}

    def _feature_config(self) -> FeatureConfig:
        """The feature families of the hyperparameters (flags, checked by :func:`_check_features`)."""
        return FeatureConfig(**{name: bool(getattr(self, name)) for name in _FAMILIES})

    def _estimator_record(self, class_name: str, lexicon: Lexicon, classes: list[Any] | None, omit: tuple[str, ...] = (),
                          **override: Any) -> dict[str, Any]:
        """The ``training["estimator"]`` record, checksummed: the hyperparameters (:meth:`get_params`'s
        but ``omit``, ``override`` taking their place; the lexicon ``None`` when given as a
        :class:`~hedgekit.Lexicon`: it travels in the record's ``lexicon`` unless it is the shipped
        one), the classes and any non-shipped lexicon."""
        params = {k: _plain(v) for k, v in self.get_params(deep=False).items() if k not in omit}
        params = {**params, **override, "lexicon": None if isinstance(self.lexicon, Lexicon) else params["lexicon"]}
        record = {"class": class_name, "version": RECORD_VERSION, "params": params, "classes": classes,
                  "lexicon": _lexicon_record(lexicon)}
        return {**record, "checksum": record_checksum(record)}

    def _training_record(self, ts: train.TrainingSet, hyperparameters: dict[str, Any], threshold_rule: str,
                         estimator: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """The model's ``training`` record of a fit on ``ts`` (one expert, :data:`EXPERT`): data
        counts, the training sentences' hashes (so that :func:`hedgekit.benchmark.benchmark_corpus`
        can tell a corpus it was fitted on), ``extra`` entries, hyperparameters, threshold rule,
        versions, the command (the record's class, ``.fit``) and the ``estimator`` record."""
        return {
            "n_sentences": len(ts.y),
            "n_uncertain": int(ts.y.sum()),
            "experts": {EXPERT: [EXPERT]},
            "gate": [EXPERT],
            "sentence_keys": train.sentence_keys_record(ts),
            **extra,
            "hyperparameters": hyperparameters,
            "threshold_rule": threshold_rule,
            "hedgekit_version": __version__,
            "sklearn_version": train._sklearn_version(),
            "command": f"{estimator['class']}.fit",
            "estimator": estimator,
        }


class HedgeClassifier(ClassifierMixin, _SentenceEstimator):
    """A hedge (uncertainty) classifier over raw sentences, trained with hedgekit's recipe.

    The defaults are the shipped model's recipe: the same lexicon and feature families, an L2
    logistic regression (liblinear) with ``C=0.5`` on features seen in at least ``min_df=2``
    training sentences, a cue's category and the lexicon priors penalised 4x less than the other
    features (:data:`hedgekit.train.DEFAULT_FEATURE_SCALE`, so lexicon rows the data never shows
    still count), booster-cue weights clipped so that boosters can only raise certainty,
    and a decision threshold chosen by cross-validation by the same rule as the shipped model's: the
    median of the cuts whose out-of-fold F1 of the uncertain class is within
    :data:`~hedgekit.train.THRESHOLD_TOLERANCE` of the best (the middle of the flat F1 optimum, not
    wherever noise put its peak).
    (The shipped model additionally has several domain experts and a gate; a classifier trains
    one expert on the data it is given.)

    Parameters:
        C: inverse L2 regularisation strength (> 0).
        min_df: drop features seen in fewer than ``min_df`` training sentences (>= 1).
        threshold: decision threshold on ``P(uncertain)``; ``None`` (default) chooses it by a
            stratified ``cv``-fold cross-validation on the training data (the rule above); a
            number in (0, 1) fixes it (the model stores it to 6 decimals, as ``threshold_``
            shows: 0.000001 to 0.999999).
        cv: folds of that threshold cross-validation (>= 2; fewer when a class has fewer
            sentences, or groups, see :meth:`fit`; with under 2 of a class the threshold falls
            back to 0.5 with a warning).
        lexicon: ``None`` (the shipped lexicon), a :class:`~hedgekit.Lexicon` or a path to a
            lexicon TSV.
        words, bigrams, cues, cue_context, priors: the feature families
            (:class:`~hedgekit.features.FeatureConfig`), all on by default.
        base: ``None`` (default) trains from scratch. The name of an expert of the shipped model
            (``"general"``, ``"semantic"``, ``"biomedical"``, ``"conll-wiki"``, ``"science"``)
            adapts that expert instead (:class:`hedgekit.adapt.AdaptationRecipe`): its log-odds,
            rescaled to the data, are an offset, and ``C`` regularises how far the correction and
            the scale depart from the expert as it is. The threshold is chosen as above; the
            lexicon and feature families must be the shipped ones. Whether adapting beats training
            from scratch depends on how close the expert's domain is
            (``python -m benchmarks.adaptation``); ``base`` can be searched like any
            hyperparameter (``GridSearchCV(..., {"base": [None, "semantic"]})``).
        unannotated: the cue categories (:data:`hedgekit.train.CONSTRAINABLE_CATEGORIES`) that the
            labels do not mark, e.g. ``("hearsay", "weasel")`` for a corpus annotated for
            speculation only, whose *certain* labels on "sources say ..." sentences are given for
            want of a label. The category's feature (``k:<category>``) is then clipped to >= 0, so
            the data cannot teach that the category means certainty (with ``base``, its correction
            is clipped to >= 0, so the merged weight is at least the rescaled expert's; see
            :class:`hedgekit.adapt.AdaptationRecipe`). This is the rule the shipped
            model applies to BioScope (:data:`hedgekit.train.UNANNOTATED_CATEGORIES`). A tuple or
            list (:meth:`load` gives a tuple back); default ``()``: every category is taken as
            annotated.

    Attributes:
        classes_: the two labels, sorted; ``classes_[1]`` is *uncertain*.
        model_: the fitted :class:`~hedgekit.HedgeModel` (one expert named ``"default"``).
        lexicon_: the :class:`~hedgekit.Lexicon` used.
        threshold_: the decision threshold in use.

    ``predict`` says *uncertain* when ``P(uncertain) >= threshold_`` (the :class:`~hedgekit.Scorer`
    rule), so with a tuned threshold it is not always the argmax of ``predict_proba``;
    ``decision_function`` is ``logit(P) - logit(threshold_)``, positive exactly when ``predict``
    says uncertain.

    As in the shipped model's training, ``fit`` learns the weights from the sentences as written,
    while ``predict``, ``predict_proba`` and ``to_scorer()`` score a sentence without a final
    ``.``/``!``/``?``/``…`` as if it ended in ``.`` (the Scorer's ``end_mark``); the threshold
    cross-validation scores its held-out sentences that way too, so ``threshold_`` suits the
    probabilities ``predict`` compares with it (:func:`hedgekit.train.scoring_design`). On
    punctuated text the two readings are the same. On data whose sentences mostly lack a final mark
    (spreadsheet cells, short answers), weights of the sentence's end (``b:<last word> </s>``)
    still never fire at prediction: there, end the training sentences with a ``.`` before ``fit``.
    """

    def __init__(self, C: float = train.DEFAULT_C, min_df: int = train.DEFAULT_MIN_DF,
                 threshold: float | None = None, cv: int = 3,
                 lexicon: Lexicon | str | os.PathLike[str] | None = None, words: bool = True, bigrams: bool = True,
                 cues: bool = True, cue_context: bool = True, priors: bool = True, base: str | None = None,
                 unannotated: Sequence[str] = ()) -> None:
        self.C = C
        self.min_df = min_df
        self.threshold = threshold
        self.cv = cv
        self.lexicon = lexicon
        self.words = words
        self.bigrams = bigrams
        self.cues = cues
        self.cue_context = cue_context
        self.priors = priors
        self.base = base
        self.unannotated = unannotated

    #: scikit-learn metadata routing (``sklearn.set_config(enable_metadata_routing=True)``):
    #: ``groups`` given to a meta-estimator goes to its CV splitter, not to ``fit``, unless asked
    #: for with ``clf.set_fit_request(groups=True)``.
    __metadata_request__fit = {"groups": False}

    # --- scikit-learn tags ------------------------------------------------------------------
    def __sklearn_tags__(self) -> Any:  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        if tags.classifier_tags is not None:  # (two classes only: certain / uncertain)
            tags.classifier_tags.multi_class = False
        return tags

    # --- fitting ----------------------------------------------------------------------------
    def fit(self, X: Any, y: Any, groups: Any = None) -> HedgeClassifier:
        """Fit on sentences ``X`` and their labels ``y``; returns ``self``.

        Args:
            groups: optional, one label per sentence (e.g. its document's id; any hashable values
                but ``None`` and NaN): the threshold's cross-validation then keeps every group in one
                fold (scikit-learn's ``StratifiedGroupKFold``), as the shipped model's training keeps
                documents whole, so that sentences of the held-out documents' neighbours do not tune
                the threshold. Groups sharing a sentence (same letters and digits, at least
                :data:`hedgekit.train.MIN_PIECE` of them: a heading repeated in every document,
                "Abstract.", joins none) are joined. Without
                ``groups`` the folds are dealt over distinct sentences. The fitted weights do not
                depend on ``groups``; neither weights nor threshold depend on the order of the rows.
                Inside a scikit-learn meta-estimator (``GridSearchCV``, ``cross_validate``)
                ``groups`` reaches only the splitter; with metadata routing enabled,
                ``clf.set_fit_request(groups=True)`` passes it to ``fit`` too.

        Raises:
            InputTypeError: (a ``TypeError``) ``X`` is a bare string or holds a non-``str`` item.
            InputTypeError: ``y`` or ``groups`` is a mapping (its keys) or a set (no order);
                ``groups`` is a bare string or an iterator, or holds an unhashable item.
            ValueError: a sentence of ``X`` has no word (empty, white space or invisible characters
                only); a hyperparameter is out of range, ``y`` does not have exactly two classes, or
                its string labels are not ``"certain"``/``"uncertain"``; ``groups`` does not hold one
                label per sentence, or holds ``None`` or NaN; with ``base``: no such expert, or a
                lexicon or feature families other than the shipped model's.

        Warns:
            UserWarning: the threshold cannot be chosen by cross-validation (too few sentences of a
                class: 0.5 is used), or the one chosen labels 95% or more of the held-out sentences
                uncertain, or gets an F1 no better than calling them all uncertain
                (:func:`hedgekit.train.uninformative_threshold`: the classifier separates the classes
                too little on this data); with
                ``base``, 1% or more of ``X`` are sentences that expert was trained on (its
                cross-validated numbers on them are in-sample: :class:`hedgekit.adapt.AdaptationRecipe`).
        """
        _check_params(self)
        texts = _sentences(X, "fit")
        train.check_words(texts, "X")
        classes, y01 = _binary_labels(y, len(texts))
        unit = _group_codes(groups, len(texts))
        # the rows in an order of their text and label alone: liblinear stops at a tolerance, so its
        # last digits followed the caller's row order (5,246 of 9,638 weights moved by up to 4e-6,
        # and a threshold by 2e-4, when 2,000 sentences were shuffled); copies of a sentence with one
        # label are the same row to it, whatever their groups
        order = sorted(range(len(texts)), key=lambda i: (texts[i], int(y01[i])))
        texts, y01 = [texts[i] for i in order], y01[order]
        unit = None if unit is None else [unit[i] for i in order]
        lexicon = self.lexicon if isinstance(self.lexicon, Lexicon) else load_lexicon(self.lexicon)
        config = self._feature_config()
        n = len(texts)
        if self.base is not None:
            return self._fit_adapted(texts, classes, y01, lexicon, config, unit)
        ts = train.TrainingSet(texts, y01, [f"#{i}" for i in range(n)], [EXPERT] * n)
        folds, rule = self._threshold_plan(texts, y01, unit)
        # a threshold CV scores its held-out folds as predict will (train.scoring_design)
        design = train.scoring_design(texts, lexicon, config) if folds is not None else \
            train.Design(train.featurize_all(texts, lexicon, config))
        recipe = train.Recipe(ts, design, {EXPERT: (EXPERT,)}, [EXPERT], C=float(self.C), min_df=int(self.min_df),
                              **train.sign_constraints(design.names, lexicon, {EXPERT: (EXPERT,)},
                                                       {EXPERT: self._unannotated()}))
        t = self._cv_threshold(y01, folds, lambda tr, te: recipe.predict(recipe.fit(tr), te)[AUTO], rule)
        scale = recipe.feature_scale.get(EXPERT) or {}
        training = self._training(ts, classes, lexicon, config, rule, folds is not None,
                                  "sklearn LogisticRegression(liblinear, L2); "
                                  + (f"feature groups scaled ({', '.join(f'{g} x{f:g}' for g, f in sorted(scale.items()))}); "
                                     if scale else "")
                                  + "booster-cue weights clipped to <= 0"
                                  + ("; the unannotated categories' weights clipped to >= 0" if self.unannotated else ""))
        model = recipe.model(recipe.fit(np.arange(n)), {AUTO: t, EXPERT: t}, config, lexicon.hash, training)
        return self._fitted(model, classes, lexicon)

    def _unannotated(self) -> tuple[str, ...]:
        return train.check_categories(self.unannotated, "HedgeClassifier: unannotated")

    def _training(self, ts: train.TrainingSet, classes: np.ndarray, lexicon: Lexicon, config: FeatureConfig,
                  threshold_rule: str, scored: bool, estimator: str, **extra: Any) -> dict[str, Any]:
        """The model's ``training`` record (:meth:`_training_record`); its hyperparameters include
        ``predict_as_scored``: ``scored``, whether a threshold CV read its held-out sentences as
        ``predict`` does."""
        hyperparameters = {"estimator": estimator, "C": float(self.C), "min_df": int(self.min_df), "seed": train.SEED,
                           "feature_config": config.to_dict(), "predict_as_scored": scored,
                           **({"unannotated": {EXPERT: list(self._unannotated())}} if self.unannotated else {})}
        return self._training_record(ts, hyperparameters, threshold_rule, self._record(classes, lexicon), **extra)

    def _record(self, classes: np.ndarray, lexicon: Lexicon) -> dict[str, Any]:
        """The ``training["estimator"]`` record: hyperparameters, classes, any non-shipped lexicon; an
        empty ``unannotated`` is left out, as before the parameter existed, so older versions load the file."""
        return self._estimator_record(RECORD_CLASS, lexicon, [_plain(c) for c in classes.tolist()],
                                      omit=() if self.unannotated else ("unannotated",))

    def _fit_adapted(self, texts: list[str], classes: np.ndarray, y01: np.ndarray, lexicon: Lexicon,
                     config: FeatureConfig, unit: list[str] | None) -> HedgeClassifier:
        from .adapt import AdaptationRecipe

        base = load_model()
        if self.base not in base.experts:
            raise ArgumentError(f"HedgeClassifier: base={self.base!r} is not an expert of the shipped model; "
                             f"its experts are {', '.join(base.experts)}")
        if lexicon.hash != base.lexicon_hash:
            raise ArgumentError(f"HedgeClassifier: base={self.base!r} adapts the shipped model, which needs the shipped "
                             f"lexicon (lexicon=None), got {lexicon!r}")
        if config != base.feature_config:
            raise ArgumentError(f"HedgeClassifier: base={self.base!r} needs the shipped model's feature families "
                             f"{base.feature_config.to_dict()}, got {config.to_dict()}")
        n = len(texts)
        ts = train.TrainingSet(texts, y01, [f"#{i}" for i in range(n)], [EXPERT] * n)
        folds, rule = self._threshold_plan(texts, y01, unit, stacklevel=4)  # (warnings: fit's caller's line)
        recipe = AdaptationRecipe(ts, base, self.base, lexicon, C=float(self.C), min_df=int(self.min_df),
                                  unannotated=self._unannotated(), predict_as_scored=folds is not None,
                                  stacklevel=4)  # (its warning: fit's caller's line)
        t = self._cv_threshold(y01, folds, lambda tr, te: recipe.predict(recipe.fit(tr), te)[AUTO], rule,
                               stacklevel=4)
        training = self._training(ts, classes, lexicon, config, rule, folds is not None, recipe.estimator_text(),
                                  base=recipe.provenance())
        return self._fitted(recipe.merged(recipe.fit(np.arange(n)), t, training), classes, lexicon)

    def _fitted(self, model: Any, classes: np.ndarray, lexicon: Lexicon) -> HedgeClassifier:
        self.classes_ = classes
        self.lexicon_ = lexicon
        self.model_ = model
        self.threshold_ = model.thresholds[AUTO]
        return self

    def _threshold_plan(self, texts: list[str], y01: np.ndarray, unit: list[str] | None = None,
                        stacklevel: int = 3) -> tuple[np.ndarray | None, str]:
        """``(fold of each sentence, the rule in words)`` of the threshold CV (``None`` folds: the
        threshold is fixed, or too few sentences (groups) of a class to cross-validate, then 0.5 and
        the rule says why).

        The folds are dealt over *distinct* sentences (same letters and digits,
        :func:`hedgekit.train._link_key`), stratified by label, ``cv`` of them (fewer when a class
        has fewer distinct sentences); copies of a sentence follow the first one, so that a repeated
        sentence is never in the fitted part and the held-out part at once. With no repeats this is
        a plain stratified k-fold split of the sentences. With ``unit`` (the user's groups as
        :func:`_group_codes` gives them), over groups instead (``StratifiedGroupKFold``), groups
        that share a sentence joined (:func:`hedgekit.train.merge_twin_groups`); ``cv`` is then
        capped by the groups holding each class, and lowered while a split leaves a fitted part
        with one class only. The folds are dealt in an order of the sentences (and groups) that
        depends on their text alone (:func:`_canonical`): the same data in another row order gets
        the same folds, so the same threshold.
        """
        from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

        if self.threshold is not None:
            return None, "fixed"
        first: dict[str, int] = {}
        keys = [train._link_key(t) or t for t in texts]
        rep = np.array([first.setdefault(k, i) for i, k in enumerate(keys)], dtype=np.int64)
        distinct = np.unique(rep)
        both = train.conflicting_labels(texts, y01) if len(distinct) < len(texts) else 0
        if both:
            warnings.warn(f"HedgeClassifier: {both} sentence(s) occur with both labels; each stays in one fold "
                          "with all its copies", UserWarning, stacklevel=stacklevel)
        seed = f"fold seed {train.SEED}"
        if unit is not None:
            merged = train.merge_twin_groups(texts, unit)  # (a shared "Abstract." joins no documents)
            # a group's name is its sentences' (so group numbers do not follow the rows' order)
            names = train.canonical_group_names(merged, keys)
            joined = np.unique(np.array(names), return_inverse=True)[1].ravel()
            order = _canonical([g + k for g, k in zip(names, keys)])
            n_min = int(min(len(np.unique(joined[y01 == 1])), len(np.unique(joined[y01 == 0]))))
            groups_n = len(np.unique(joined))
            if n_min < 2:
                return None, (f"0.5: only {n_min} group(s) holding sentences of one class, too few for "
                              "cross-validation")
            # Groups holding both classes can leave a fitted part with one class only: then fewer folds.
            for k in range(min(int(self.cv), n_min), 1, -1):
                fold_of = np.empty(len(y01), dtype=np.int64)
                splits = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=train.SEED).split(
                    np.zeros(len(y01)), y01[order], joined[order])
                for f, (_, te) in enumerate(splits):
                    fold_of[order[te]] = f
                if all(len(np.unique(y01[fold_of != f])) == 2 for f in range(k)):
                    return fold_of, (f"the median of the cuts within {train.THRESHOLD_TOLERANCE} of the best F1 of "
                                     f"the uncertain class over {k}-fold stratified group out-of-fold probabilities "
                                     f"({seed}; {groups_n} groups, each in one fold; groups sharing a sentence "
                                     "joined)")
            return None, (f"0.5: no split of the {groups_n} groups into folds leaves both classes in every "
                          "fitted part")
        # a distinct sentence is stratified as uncertain when any of its copies is (not by its first
        # copy's label, which would make the folds follow the rows' order)
        uncertain_keys = {k for k, v in zip(keys, y01) if v}
        distinct = distinct[_canonical([keys[i] for i in distinct])]
        strat = np.array([keys[i] in uncertain_keys for i in distinct], dtype=np.int8)
        n_min = int(min(strat.sum(), len(distinct) - strat.sum()))
        k = min(int(self.cv), n_min)
        if k < 2:
            return None, f"0.5: only {n_min} distinct training sentence(s) of one class, too few for cross-validation"
        fold_of = np.empty(len(y01), dtype=np.int64)  # indexed by sentence; set for first copies first
        splits = StratifiedKFold(n_splits=k, shuffle=True, random_state=train.SEED).split(
            np.zeros(len(distinct)), strat)
        for f, (_, te) in enumerate(splits):
            fold_of[distinct[te]] = f
        rule = (f"the median of the cuts within {train.THRESHOLD_TOLERANCE} of the best F1 of the uncertain class "
                f"over {k}-fold stratified out-of-fold probabilities ({seed}"
                + ("; copies of a sentence in one fold" if len(distinct) < len(texts) else "") + ")")
        return fold_of[rep], rule

    def _cv_threshold(self, y01: np.ndarray, folds: np.ndarray | None,
                      fold_p: Callable[[np.ndarray, np.ndarray], np.ndarray], rule: str = "",
                      stacklevel: int = 3) -> float:
        """The threshold: the fixed one, else the training rule's (:func:`hedgekit.train.best_threshold`
        with :data:`~hedgekit.train.THRESHOLD_TOLERANCE`) over out-of-fold ``P(uncertain)`` on
        ``folds`` (:meth:`_threshold_plan`; ``None``: 0.5, with a warning that gives ``rule``, the
        plan's reason); ``fold_p(train, test)`` fits on the ``train`` rows and returns the
        probabilities of the ``test`` rows."""
        if self.threshold is not None:
            return float(self.threshold)
        if folds is None:
            why = rule.removeprefix("0.5: ") or "too few training sentences of one class"
            warnings.warn(f"HedgeClassifier: cannot choose the threshold by cross-validation ({why}); using 0.5",
                          UserWarning, stacklevel=stacklevel)
            return 0.5
        oof = np.empty(len(y01))
        for f in range(int(folds.max()) + 1):
            tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            oof[te] = fold_p(tr, te)
        t = train.best_threshold(y01, oof, train.THRESHOLD_TOLERANCE)
        if train.uninformative_threshold(y01, oof, t):  # (F1 of the uncertain class is best so, or no better)
            warnings.warn(train.all_uncertain_note("HedgeClassifier", t, y01, oof) + " (threshold=)", UserWarning,
                          stacklevel=stacklevel)
        return t

    # --- prediction -------------------------------------------------------------------------
    def _p_uncertain(self, X: Any, method: str) -> np.ndarray:
        check_is_fitted(self, ("model_", "lexicon_", "classes_"))
        texts = _sentences(X, method)
        feats, blank = _scored_features(texts, self.lexicon_, self.model_)  # (as a Scorer scores them)
        p = self.model_.predict_proba(feats) if texts else np.zeros(0)
        p[blank] = 0.0
        return p

    def predict_proba(self, X: Any) -> np.ndarray:
        """``(n, 2)`` probabilities in ``classes_`` order: column 1 is ``P(uncertain)``; rows sum to 1.

        A sentence without a final mark is scored as if it ended in ``.``, as
        :class:`~hedgekit.Scorer` scores it by default (``end_mark``), and one with no word (empty,
        white space or invisible characters only) P(uncertain) 0, as a Scorer scores it."""
        p = self._p_uncertain(X, "predict_proba")
        return np.column_stack([1.0 - p, p])

    def decision_function(self, X: Any) -> np.ndarray:
        """``logit(P(uncertain)) - logit(threshold_)``: > 0 exactly where :meth:`predict` says
        uncertain (``P(uncertain) >= threshold_``; a tie, or a difference lost to rounding, is the
        smallest positive float, or its negative on the certain side)."""
        raw = self._p_uncertain(X, "decision_function")
        p = np.clip(raw, 1e-15, 1 - 1e-15)
        t = self.threshold_
        d = np.log(p / (1 - p)) - math.log(t / (1 - t))
        up = raw >= t
        tiny = np.finfo(np.float64).tiny
        d[up & (d <= 0)] = tiny
        d[~up & (d >= 0)] = -tiny
        return d

    def predict(self, X: Any) -> np.ndarray:
        """``classes_[1]`` (uncertain) where ``P(uncertain) >= threshold_``, else ``classes_[0]``."""
        p = self._p_uncertain(X, "predict")
        return self.classes_[(p >= self.threshold_).astype(np.intp)]

    # --- hedgekit integration ---------------------------------------------------------------
    def to_scorer(self, *, threshold: float | None = None, end_mark: bool = True) -> Scorer:
        """A :class:`~hedgekit.Scorer` on the fitted model and lexicon (cues, offsets, ``SentenceScore``).

        Its ``p_uncertain`` agrees with ``predict_proba(X)[:, 1]`` (to within 1e-15: the two sum the
        same weights in another order) and its labels follow ``threshold_`` (or ``threshold`` if
        given: a number in (0, 1), :class:`ArgumentError` otherwise). ``end_mark=False`` reads a
        sentence without a final mark as written, where ``predict`` always scores it as if it ended
        in ``.`` (see :class:`~hedgekit.Scorer`).
        """
        check_is_fitted(self, ("model_", "lexicon_"))
        return Scorer(lexicon=self.lexicon_, model=self.model_, threshold=threshold, end_mark=end_mark)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted classifier as a hedgekit model file (JSON, gzip if ``path`` ends in ``.gz``).

        The file is an ordinary model file (``hedgekit score --model PATH``, ``Scorer(model=PATH)``,
        which score with the lexicon it carries) whose ``training["estimator"]`` record holds the
        hyperparameters, the classes and any non-shipped lexicon. Nothing is pickled. A classifier
        read by :meth:`load` from a file without that record (``hedgekit train --out``, the shipped
        model) gets one, so the file it writes loads back with its lexicon and classes.
        """
        check_is_fitted(self, "model_")
        model = self.model_
        if "estimator" not in model.training:
            # (the settings it was read with, which the weights go with, not any set_params since)
            loaded = type(self)(**getattr(self, "_loaded_params", {}))
            model = HedgeModel(model.features, model.coef, model.intercept, model.experts, model.gate,
                               model.thresholds, model.feature_config, model.lexicon_hash,
                               {**model.training, "estimator": loaded._record(self.classes_, self.lexicon_)})
        model.save(path)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None, *, lexicon: Lexicon | str | os.PathLike[str] | None = None
             ) -> HedgeClassifier:
        """Read a classifier written by :meth:`save`; predictions are identical to the saved one's.

        Any other hedgekit model file works too (``hedgekit train --out``; ``None`` = the shipped
        model, e.g. to evaluate it with scikit-learn metrics): it gets classes ``["certain",
        "uncertain"]``, ``lexicon`` (a :class:`~hedgekit.Lexicon` or a lexicon file; default the
        shipped one: pass the one a model trained with ``train --lexicon`` was trained with) and
        the hyperparameters a ``train --data`` model records (``C``, ``min_df``, the feature
        families, ``--base``, ``--unannotated``; an :func:`hedgekit.adapt.adapt_expert` model's
        ``C``, ``min_df``, expert and ``unannotated`` likewise), so that ``fit`` (and a clone's) refits as the
        command did but for the threshold's cross-validation (``cv`` folds here, the command's
        repeated 10-fold one there); the shipped model and ``train --corpora`` models (several
        experts) get the defaults, and ``fit`` trains one expert from scratch. A model trained on
        graded ratings (``train --rating-column``: a ridge regression, which this classifier does
        not fit) predicts as the file does but gets the defaults too, with a ``UserWarning``. A file that :meth:`save`
        wrote carries its lexicon, and ``lexicon`` must be ``None`` or that one; the loaded
        classifier's ``lexicon`` hyperparameter is that lexicon (``None`` for the shipped one), not
        the path it was fitted with, so that a clone refits with what the file holds.

        Raises:
            FileNotFoundError: ``path`` does not exist.
            ModelError: the file is not a valid model, its embedded lexicon does not match it, or
                it was trained with a lexicon other than ``lexicon``.

        Warns:
            UserWarning: the model was trained on graded ratings, or adapted with
                ``adapt_expert(learn_scale=False)`` (its hyperparameters are not HedgeClassifier's:
                the defaults stand).
        """
        model = load_model(path)
        where = "the shipped model" if path is None else os.fspath(path)
        record = model.training.get("estimator")
        given = lexicon if isinstance(lexicon, Lexicon) or lexicon is None else load_lexicon(lexicon)
        if record is None:  # (a given lexicon is the hyperparameter a refit uses too)
            hp, experts = model.training.get("hyperparameters"), model.training.get("experts")
            # (one expert, fitted to ratings: not the shipped model, whose science expert is one of five)
            if isinstance(hp, dict) and isinstance(experts, dict) and list(experts) == [EXPERT] and \
                    (hp.get("ridge_alpha") or hp.get("soft_targets")):
                warnings.warn(f"HedgeClassifier.load: {where} was trained on graded ratings (`hedgekit train "
                              "--rating-column`: a ridge regression), which HedgeClassifier does not fit: it predicts "
                              "as the file does, but its hyperparameters are the defaults, and fit() (or a clone's) "
                              "trains a binary classifier, not the command's regression (hedgekit.HedgeRegressor.load "
                              "reads it as a regressor of ratings)", UserWarning, stacklevel=2)
            elif isinstance(hp, dict) and isinstance(model.training.get("adaptation"), dict) and \
                    hp.get("learn_scale", True) is not True:
                warnings.warn(f"HedgeClassifier.load: {where} was adapted with adapt_expert(learn_scale=False), which "
                              "HedgeClassifier(base=...) does not do (it always learns the scale): it predicts as the "
                              "file does, but its hyperparameters are the defaults, and fit() (or a clone's) trains "
                              "from scratch", UserWarning, stacklevel=2)
            params: dict[str, Any] = {**_command_params(model.training),
                                      **({} if lexicon is None else {"lexicon": lexicon})}
            classes: list[Any] = list(_STRING_LABELS)
            lex = given if given is not None else load_lexicon()
        else:
            params, classes, lex = _read_record(record, where, set(cls().get_params(deep=False)))
            if given is not None and given.hash != lex.hash:
                raise ModelError(f"{where}: the classifier was saved with its lexicon {lex!r}, not {given!r}; "
                                 "load it without lexicon=")
        if model.lexicon_hash != lex.hash:
            raise ModelError(f"{where}: the model was trained with lexicon {model.lexicon_hash[:19]}…, not with "
                             f"{lex!r}" + ("" if record is not None else
                                           "; pass the lexicon it was trained with: HedgeClassifier.load(path, "
                                           "lexicon=...)"))
        lexicon = lex
        est = cls(**params)
        est._loaded_params = dict(params)  # (what save records for a file without a classifier record)
        est.classes_ = np.asarray(classes)
        est.lexicon_ = lexicon
        est.model_ = model
        est.threshold_ = model.thresholds[AUTO]
        return est
