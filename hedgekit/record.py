"""The record a saved :class:`hedgekit.HedgeClassifier` or :class:`hedgekit.HedgeRegressor`
keeps in its model file.

Their ``save`` writes an ordinary model file whose ``training["estimator"]`` holds the estimator's
hyperparameters, its classes (a classifier's) and any lexicon other than the shipped one, under a
checksum. This module reads and checks that record without scikit-learn, so that
:class:`hedgekit.Scorer` (``Scorer(model=path)``, ``hedgekit score --model``) can take the lexicon
such a file carries, as the estimators' ``load`` does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .errors import LexiconError, ModelError
from .lexicon import Lexicon

#: The ``class`` of a classifier's record.
RECORD_CLASS = "hedgekit.HedgeClassifier"
#: The ``class`` of a regressor's record.
REGRESSOR_CLASS = "hedgekit.HedgeRegressor"
#: The classes of record this hedgekit reads.
RECORD_CLASSES = (RECORD_CLASS, REGRESSOR_CLASS)
#: Version of the record :meth:`hedgekit.HedgeClassifier.save` writes (2 added its checksum).
RECORD_VERSION = 2
#: The versions this hedgekit reads.
READABLE_RECORDS = (1, 2)


def record_checksum(record: Mapping[str, Any]) -> str:
    """SHA-256 of what in the record changes a loaded classifier's predictions (its parameters,
    classes and lexicon)."""
    payload = {k: record.get(k) for k in ("params", "classes", "lexicon")}
    return "sha256:" + hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"),
                                                 ensure_ascii=True).encode("ascii")).hexdigest()


def check_record(record: Any, where: str, classes: tuple[str, ...] = (RECORD_CLASS,)) -> Mapping[str, Any]:
    """``record``, checked: an estimator record of one of ``classes`` (default: a classifier's), of a
    version this hedgekit reads (an int), whose checksum matches (version 2 on, and any record that
    carries one).

    Raises:
        ModelError: not such a record (another class's: a regressor's file loaded as a classifier),
            an unsupported version, or a checksum that does not match (an edited or corrupted file).
    """
    names = " or ".join(c.removeprefix("hedgekit.") for c in classes)
    if not isinstance(record, Mapping) or record.get("class") not in classes:
        other = record.get("class") if isinstance(record, Mapping) else None
        raise ModelError(f"{where}: 'training.estimator' is not a {names} record" +
                         (f" but a {other.removeprefix('hedgekit.')} one: load it with {other}.load"
                          if other in RECORD_CLASSES else ""))
    name = str(record["class"]).removeprefix("hedgekit.")
    version = record.get("version")
    if type(version) is not int or version not in READABLE_RECORDS:  # (true and 1.0 are no version)
        raise ModelError(f"{where}: {name} record version {version!r} is not supported; this hedgekit "
                         f"reads versions {list(READABLE_RECORDS)}")
    # (a version 1 record has no checksum; one that carries a checksum is checked whatever its version
    # says, so that an edited record does not pass by calling itself version 1; no regressor record was
    # ever written without one)
    if (version >= 2 or "checksum" in record or record["class"] != RECORD_CLASS) and \
            record.get("checksum") != record_checksum(record):
        raise ModelError(f"{where}: the {name} record's checksum does not match its parameters, classes "
                         "and lexicon (the file was edited or corrupted)")
    return record


def record_lexicon(record: Mapping[str, Any], where: str) -> Lexicon | None:
    """The lexicon a checked record (:func:`check_record`) carries; ``None``: the shipped one.

    Raises:
        ModelError: the embedded lexicon is malformed.
    """
    lex = record.get("lexicon")
    if lex is None:
        return None
    try:
        # "ancestors" since 2026-11-30; a record without it has its base_hash only
        ancestors = lex["ancestors"] if "ancestors" in lex else [lex["base_hash"]] if lex["base_hash"] else None
        return Lexicon([tuple(e) for e in lex["entries"]], name=lex["name"], ancestors=ancestors)
    except LexiconError as e:
        raise ModelError(f"{where}: the embedded lexicon is malformed ({e})") from None
    except (KeyError, TypeError, ValueError) as e:
        raise ModelError(f"{where}: the embedded lexicon is malformed ({type(e).__name__}: {e})") from None


def saved_lexicon(training: Mapping[str, Any], lexicon_hash: str, where: str) -> Lexicon | None:
    """The lexicon that a model file written by :meth:`hedgekit.HedgeClassifier.save` (or
    :meth:`hedgekit.HedgeRegressor.save`) carries, from the model's ``training`` record; ``None``
    when it carries none (another model file, or an estimator of the shipped lexicon). ``lexicon_hash`` is the hash the model was trained with.

    Raises:
        ModelError: the record carries a lexicon but is damaged (:func:`check_record`,
            :func:`record_lexicon`), or its lexicon is not the one the model was trained with.
    """
    record = training.get("estimator")
    if not isinstance(record, Mapping) or record.get("lexicon") is None:
        return None  # (the rest of the record is the classifier's, which a Scorer does not use)
    lexicon = record_lexicon(check_record(record, where, RECORD_CLASSES), where)
    if lexicon is not None and lexicon.hash != lexicon_hash:
        raise ModelError(f"{where}: the {str(record['class']).removeprefix('hedgekit.')} record's lexicon "
                         f"({lexicon.hash[:19]}…) is not the one the "
                         f"model was trained with ({lexicon_hash[:19]}…; the file was edited or corrupted)")
    return lexicon
