"""The library's own exceptions.

Every error hedgekit raises on purpose derives from :class:`HedgekitError`; each specific one also
derives from the matching built-in, so ``except ValueError`` (or ``TypeError``, ``KeyError``) keeps
working for users who expect it. A few built-ins stay as they are: a file that is not there is a
``FileNotFoundError``, a missing optional dependency an ``ImportError``, an unknown module attribute
an ``AttributeError``, a method a subclass does not offer a ``NotImplementedError``, and the
command-line entry points end with ``SystemExit`` (``tests/test_errors.py`` checks every ``raise``).
"""

from __future__ import annotations

import decimal
import math
import numbers
import os
from collections.abc import ItemsView, KeysView, Mapping, Set
from pathlib import Path
from typing import Any


class HedgekitError(Exception):
    """Base class of every error hedgekit raises on purpose."""


class InputTypeError(HedgekitError, TypeError):
    """An argument has the wrong type (e.g. a bare ``str`` passed to :func:`hedgekit.score`)."""


class LexiconError(HedgekitError, ValueError):
    """A lexicon file or entry is malformed; the message names the file and line."""


class ModelError(HedgekitError, ValueError):
    """A model file is malformed, of the wrong version, or does not match its lexicon."""


class CorpusError(HedgekitError, ValueError):
    """A corpus file is malformed or unsafe; the message names the file and the line or element."""


class EvaluationError(HedgekitError, ValueError):
    """Metric inputs are unusable: empty, misaligned, NaN, out of range, or an unknown option value."""


class ArgumentError(HedgekitError, ValueError):
    """An argument's value is not one the function accepts (a threshold outside (0, 1), ``n_jobs=0``,
    an unknown cue domain, labels of the wrong kind); the message says what was given and what is
    accepted. (An expert name the model lacks is a :class:`ModelError`.)"""


class NotFoundError(HedgekitError, KeyError):
    """A name that is not there: a DataFrame column, a lexicon pattern.

    ``str()`` gives a message as written; a bare key (``args == (key,)``, as a lexicon lookup
    raises it, ``key=True``) is quoted, as ``KeyError`` quotes it, whatever it holds ("no such cue")."""

    def __init__(self, *args: Any, key: bool = False) -> None:
        """``key=True``: ``args`` is the missing key alone, quoted by ``str()`` whatever it holds."""
        super().__init__(*args)
        self._bare = key

    def __str__(self) -> str:
        if not self._bare and len(self.args) == 1 and isinstance(self.args[0], str) and " " in self.args[0]:
            return self.args[0]
        return super().__str__()


def is_number(value: Any, *, integer: bool = False) -> bool:
    """Whether ``value`` is a finite real number as a user may pass one for a numeric parameter.

    Python and numpy numbers count (``numpy.float32(0.5)``, ``numpy.int64(3)``, ``Fraction``); a
    ``bool`` does not (``True`` is an ``int`` to Python, but never what a caller meant by a
    threshold), nor NaN or an infinity, nor a string such as ``"0.5"``. With ``integer=True`` only
    integral types count (``3`` and ``numpy.int64(3)``, not ``3.0``). Never raises.
    """
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        return False
    try:
        return math.isfinite(value)
    except (OverflowError, TypeError, ValueError):  # an int too large for a float is still finite
        return integer


def is_missing(value: Any) -> bool:
    """Whether a cell holds a missing-value marker rather than a value: ``None``, pandas' ``NA`` or
    ``NaT`` (told by type, without importing pandas), numpy's ``NaT``, or a NaN of any number type
    (Python's, numpy's ``float32``/``float64``, ``Decimal("NaN")``). Strings are values (the readers
    give "NA" and "" their own meaning). Never raises.
    """
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, numbers.Number) or (type(value).__module__ == "numpy"
                                             and type(value).__name__ in ("datetime64", "timedelta64")):
        try:
            return bool(value != value)
        except (TypeError, ValueError, ArithmeticError):  # (a signalling Decimal NaN refuses to compare)
            return True
    return False


def check_flag(value: Any, what: str, error: type[Exception] = ArgumentError) -> bool:
    """``value`` as a ``bool``: ``True`` or ``False`` (a numpy bool is one), never a truthy stand-in
    (``"False"``, ``"no"``, ``0``, ``None``: as a flag, ``"no"`` is true and ``0`` false).

    Raises:
        error: anything else; the message names ``what`` and the value.
    """
    if not (isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"))):
        raise error(f"{what} must be True or False, got {value!r:.40}")
    return bool(value)


def check_open_unit(value: Any, what: str, error: type[Exception] = ArgumentError,
                    *, decimals: int | None = None) -> float:
    """``value`` as a ``float`` if it is a number strictly between 0 and 1 (a threshold, a confidence level).

    With ``decimals``, the value is rounded to that many decimals first (as a file stores it), and a
    value that rounds to 0 or 1 is refused too. The one check behind every such parameter and file field.

    Raises:
        ``error`` (default :class:`ArgumentError`): ``value`` is not a number (:func:`is_number`) in
            (0, 1); the message starts with ``what`` and says what is accepted.
    """
    if is_number(value):
        v = float(value) if decimals is None else round(float(value), decimals)
        if 0.0 < v < 1.0:
            return v
    accepted = "a number in (0, 1)" + (f", stored to {decimals} decimals (0.{'0' * (decimals - 1)}1 to "
                                       f"0.{'9' * decimals})" if decimals else "")
    # (a Decimal is no numbers.Real: "must be a number in (0, 1), got Decimal('0.5')" named no way out)
    hint = ("; pass float(value): a Decimal is not taken" if isinstance(value, decimal.Decimal)
            and value.is_finite() and 0 < value < 1 else "")
    raise error(f"{what} must be {accepted}, got {value!r}{hint}")


def file_path(path: Any, what: str) -> Path:
    """``path`` (a ``str`` or ``os.PathLike``) as a :class:`~pathlib.Path`, for reading ``what``.

    Raises:
        InputTypeError: ``path`` is of another type (an int, bytes, an already loaded object of
            another kind); the message says what is accepted.
        ArgumentError: ``path`` is empty or ``"."`` (``Path("")`` is the current directory, not a
            file), or names a folder.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"{what} must be a path (str or os.PathLike) or None for the shipped one, "
                             f"got {type(path).__name__} ({path!r:.40})")
    raw = os.fspath(path)
    if not isinstance(raw, str):
        raise InputTypeError(f"{what} must be a path of text (str or os.PathLike of str), got {raw!r:.40}")
    if raw in ("", "."):  # Path("") is "."; a file is wanted, not the current directory
        why = "an empty path" if raw == "" else "the current directory"
        raise ArgumentError(f"{what} path {raw!r} names no file ({why}); pass a file name, or None (on the command "
                            "line: leave the option out) for the shipped one")
    if os.path.isdir(raw):  # (open() would raise a bare IsADirectoryError)
        raise ArgumentError(f"{what} path {raw!r} is a folder; pass the file in it")
    return Path(raw)


#: what to do with bytes where text is wanted (one wording for every function that refuses them)
_DECODE_HINT = "decode it first, e.g. data.decode('utf-8')"


def one_str_hint(value: Any, many: str) -> str:
    """The advice for a function that takes one ``str`` and was given ``value``: decode bytes, or
    use ``many`` (the function that takes many sentences) for a list, a Series, an array or any
    other iterable; ``""`` otherwise."""
    if isinstance(value, (bytes, bytearray)):
        return f" ({_DECODE_HINT})"
    if hasattr(value, "__iter__"):
        return (f" (for many sentences use {many}, which takes a list, a pandas Series, a numpy array or any "
                "iterable of str)")
    return ""


def refuse_unordered(values: Any, what: str, keys_hint: str = "", order_hint: str = "in the sentences' order") -> None:
    """Refuse a mapping (iterating it gives its keys) or a set (no order to keep; a dict's ``keys()``
    and ``items()`` views keep one) where a sequence is wanted; ``what`` starts the message ("y must
    ..."), ``keys_hint`` ends the advice for a mapping, ``order_hint`` says which order a list should
    be in.

    Raises:
        InputTypeError: ``values`` is a mapping or a set.
    """
    kind = type(values).__name__
    if isinstance(values, Mapping):
        raise InputTypeError(f"{what}, got a {kind} (iterating it gives its keys); pass list(d.values()) for its "
                             f"values{keys_hint}")
    if isinstance(values, Set) and not isinstance(values, (KeysView, ItemsView)):
        raise InputTypeError(f"{what}, got a {kind}, which has no order to keep; pass a list ({order_hint})")


def check_sentences(sentences: Any, func: str, single_hint: str) -> list[str]:
    """Validate an iterable of sentences and return it as a list, length and order kept.

    Args:
        sentences: what the user passed to ``func``.
        func: the public function's name, for the messages.
        single_hint: what to use instead when a bare ``str``/``bytes``/``None`` is passed.

    Items that are ``str`` subclasses (numpy's ``str_``) come back as plain ``str``.

    Raises:
        InputTypeError: ``sentences`` is a bare ``str``/``bytes``/``None``, not iterable, a table
            (a pandas DataFrame, a 2-D array: iterating it would give its column names or rows of
            cells), a mapping (its keys; ``d.keys()`` is accepted) or a set (no order to keep), or
            an item is not a ``str`` (the message names its position, 0-based, and for a pandas
            Series its index label where that differs).
    """
    if isinstance(sentences, (str, bytes, bytearray)) or sentences is None:
        what = "None" if sentences is None else f"a bare {type(sentences).__name__}"
        if isinstance(sentences, (bytes, bytearray)):  # (the single-text functions take no bytes either)
            single_hint = f"{_DECODE_HINT}, then: {single_hint}"
        raise InputTypeError(f"{func}() expects an iterable of str sentences, got {what}; {single_hint}")
    kind = type(sentences).__name__
    ndim = getattr(sentences, "ndim", 1)
    if hasattr(sentences, "columns") or ndim != 1:
        hint = "pass a list of them" if ndim == 0 else "pass one column, e.g. df['text']"
        raise InputTypeError(f"{func}() expects a 1-D iterable of str sentences, got a {kind} of shape "
                             f"{getattr(sentences, 'shape', '?')}; {hint}")
    refuse_unordered(sentences, f"{func}() expects a sequence of str sentences", ", or list(d) if the keys are "
                     "the sentences", "e.g. sorted(s)")
    try:
        it = iter(sentences)
    except TypeError:
        raise InputTypeError(
            f"{func}() expects an iterable of str sentences (list, tuple, generator, numpy array, "
            f"pandas Series), got {kind}"
        ) from None
    items = list(it)  # an error raised inside the user's generator is theirs: it passes through as it is
    for i, s in enumerate(items):
        if type(s) is not str:
            if not isinstance(s, str):
                fix = "; decode such items first, e.g. b.decode('utf-8')" if isinstance(s, (bytes, bytearray)) else ""
                raise InputTypeError(f"{func}(): item {i}{_label(sentences, i, len(items))} is {type(s).__name__} "
                                     f"({s!r:.40}), expected str{fix}")
            items[i] = str(s)
    return items


def _label(sentences: Any, i: int, n: int) -> str:
    """``" (index label L)"`` for the ``i``-th item (0-based) of a pandas Series whose index label
    there is not ``i``; else ``""``."""
    index = getattr(sentences, "index", None)
    if index is None or callable(index):  # (a list's or tuple's .index is a method)
        return ""
    try:
        label = index[i] if len(index) == n else i
    except Exception:  # (an index that cannot be read is no help in a message)
        return ""
    plain = lambda v: v.item() if type(v).__module__ == "numpy" and hasattr(v, "item") else v  # noqa: E731
    label = tuple(map(plain, label)) if isinstance(label, tuple) else plain(label)  # (0, not np.int64(0))
    try:
        same = bool(label == i)
    except Exception:  # (pd.NA: its truth is ambiguous)
        same = False
    return "" if same else f" (index label {label!r})"
