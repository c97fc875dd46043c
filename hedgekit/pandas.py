"""Score a pandas DataFrame column into new columns, without making pandas a hard dependency.

::

    import pandas as pd
    from hedgekit.pandas import score_frame

    df = pd.DataFrame({"text": ["The drug may reduce mortality.", "The drug reduced mortality."]})
    df = score_frame(df, "text")        # adds certainty, label, p_uncertain, cues
    df[df.label == "uncertain"]

pandas is imported when a function is called (``pip install pandas`` or ``hedgekit[pandas]``);
``import hedgekit`` never imports it.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import ArgumentError, InputTypeError, NotFoundError, check_flag, is_missing
from .scorer import Scorer, scorer_or_default
from .text import _says_nothing
from .types import SentenceScore

__all__ = ["score_frame", "score_series", "COLUMNS"]

#: The columns :func:`score_frame` adds (after ``prefix``), in this order.
COLUMNS: tuple[str, ...] = ("certainty", "label", "p_uncertain", "cues")


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("hedgekit.pandas needs pandas, which is not installed: "
                          "pip install pandas (or pip install 'hedgekit[pandas]')") from e
    return pd


def type_name(x: Any) -> str:
    """``x``'s type as a message names it: with its library for a type from outside Python's own
    ("a dask.dataframe...DataFrame", not a bare "DataFrame", which pandas and dask both have)."""
    t = type(x)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _other_library(x: Any, mine: str) -> str:
    """A hint to the other library's function when ``x`` is a dask object given to
    ``hedgekit.pandas`` or a pandas one to ``hedgekit.dask`` (``mine``: ``"pandas"`` or ``"dask"``):
    ``score_series`` for a Series, ``score_frame`` for a DataFrame, ``score_bag`` for a dask Bag,
    ``score_series(idx.to_series())`` for an Index; ``""`` otherwise (a dask Delayed or Array, which
    neither library's functions take)."""
    root = type(x).__module__.split(".")[0]
    if root not in ("pandas", "dask") or root == mine:
        return ""
    name = type(x).__name__
    if name.endswith("Index"):  # (an Index is not scored: a Series of it is)
        return f"; for a {root} {name} use hedgekit.{root}.score_series(idx.to_series())"
    func = ("score_series" if name.endswith("Series") else "score_frame" if name.endswith("DataFrame")
            else "score_bag" if name == "Bag" and root == "dask" else None)
    return "" if func is None else f"; for a {root} {name} use hedgekit.{root}.{func}()"


def _texts(series: Any, name: Any) -> list[str]:
    """The cells as ``str``; a ``TypeError`` naming the first non-``str`` cell's row label."""
    values = series.tolist()
    for label, v in zip(series.index, values):
        if not isinstance(v, str):
            what = "missing (NaN/None/<NA>)" if is_missing(v) else f"{type(v).__name__} ({v!r:.40})"
            col = "s" if name is None else f"df[{name!r}]"  # (score_series: s, named or not)
            if isinstance(v, (bytes, bytearray)):
                # (not .str.decode, which makes the str cells of a mixed column NaN)
                fix = (f"decode such cells first, e.g. {col}.map(lambda v: v.decode('utf-8') if isinstance(v, "
                       "(bytes, bytearray)) else v)")
            elif (isinstance(v, tuple) and len(v) == 2 and all(type(x) is int for x in v)):
                # (hedgekit.split_sentences gives a sentence's offsets, not its text)
                fix = ("a (start, end) pair is what split_sentences gives, offsets into the text: take the sentences "
                       "themselves from the column of texts you split, e.g. texts.map(lambda t: [t[a:b] for a, b in "
                       "hedgekit.split_sentences(t)]).explode().dropna(), or use hedgekit.score_text(text)")
            elif isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
                how = "s.explode()" if name is None else f"df.explode({name!r})"
                fix = f"make one row per sentence first, e.g. {how} (or join a row's sentences into one str)"
            elif not is_missing(v):
                fix = (f"convert such cells first, if they are text, e.g. {col}.astype(str), after dropping or "
                       "filling the missing cells (pandas before 3.0 turns them into the sentence 'nan')")
            else:
                # (a categorical column takes no '' it does not have as a category: fill it as objects)
                fill = ".astype(object).fillna('')" if str(getattr(series, "dtype", "")) == "category" else ".fillna('')"
                fix = ("drop such rows first, e.g. s = s.dropna()" if name is None else
                       f"drop such rows first, e.g. df = df.dropna(subset=[{name!r}])")
                fix += f" (or {col} = {col}{fill}, which keeps them as rows with no score: NaN)"
            raise InputTypeError(f"the Series' row {label!r} is {what}, expected str; {fix}" if name is None
                                 else f"column {name!r}: row {label!r} is {what}, expected str; {fix}")
    return values


def check_prefix(func: str, prefix: Any) -> str:
    """``prefix`` of the new columns, checked (also by :mod:`hedgekit.dask`).

    Raises:
        InputTypeError: it is not a ``str``.
    """
    if not isinstance(prefix, str):
        raise InputTypeError(f"{func}(): prefix must be a str (e.g. 'hedge_'), got {type(prefix).__name__}")
    return prefix


def check_column_name(func: str, column: Any) -> Any:
    """``column``, checked to name one column (also by :mod:`hedgekit.dask`).

    Raises:
        InputTypeError: it is a list or another unhashable value.
    """
    try:
        hash(column)
    except TypeError:
        raise InputTypeError(f"{func}(): column must be one column's name, got {type(column).__name__} "
                             f"{column!r:.60}; score one column at a time") from None
    return column


def _check_options(func: str, scorer: Any, prefix: Any) -> Scorer:
    """The scorer to use (``None``: the default one), after checking ``scorer`` and ``prefix``."""
    check_prefix(func, prefix)
    return scorer_or_default(f"{func}()", scorer)


def _columns(pd: Any, texts: list[str], scores: list[SentenceScore], index: Any, prefix: str,
             cues_as_json: bool, end_mark: bool) -> dict[str, Any]:
    """The new columns; a cell with no word (empty, white space or invisible characters only, or,
    read with the scorer's ``end_mark``, a list item's marker alone: :func:`hedgekit.text._says_nothing`)
    gets NaN, a missing label and no cues."""
    n = len(scores)
    nan = float("nan")
    certainty, p_uncertain = [nan] * n, [nan] * n
    label: list[Any] = [None] * n
    cues: list[Any] = [None] * n
    for i, (t, s) in enumerate(zip(texts, scores)):
        if not _says_nothing(t, end_mark):
            certainty[i], p_uncertain[i], label[i] = s.certainty, s.p_uncertain, s.label
        cues[i] = (json.dumps([c.to_dict() for c in s.cues], ensure_ascii=False) if cues_as_json else s.cues)
    return {
        prefix + "certainty": pd.Series(certainty, index=index, dtype="float64"),
        prefix + "label": pd.Series(label, index=index, dtype=str),
        prefix + "p_uncertain": pd.Series(p_uncertain, index=index, dtype="float64"),
        prefix + "cues": pd.Series(cues, index=index, dtype=str if cues_as_json else object),
    }


def score_series(series: Any, *, scorer: Scorer | None = None, prefix: str = "",
                 cues_as_json: bool = False) -> Any:
    """Score each cell of a pandas Series (one sentence per cell) into a new DataFrame.

    The result has the Series' index (order kept) and the columns ``certainty`` (float, 1 =
    certain), ``label`` (``"certain"``/``"uncertain"``), ``p_uncertain`` (float) and ``cues`` (a
    tuple of :class:`~hedgekit.Cue` per row, offsets into the cell's text; or, with
    ``cues_as_json=True``, a JSON string: a list of :meth:`Cue.to_dict` objects), each name
    preceded by ``prefix``. A cell with no word (empty, white space or invisible characters only,
    or, with the scorer's ``end_mark``, the default, a list item's marker alone: "-", "•", "2.")
    keeps its row, with NaN ``certainty`` and ``p_uncertain``, a missing ``label`` and no cues.

    Raises:
        ImportError: pandas is not installed.
        InputTypeError: (a ``TypeError``) a cell is not a ``str`` (NaN, None, a number; the message
            names its row label), ``scorer`` is not a :class:`~hedgekit.Scorer` or ``prefix`` not a ``str``.
        ValueError: ``cues_as_json`` is not a bool.
    """
    pd = _pandas()
    if not isinstance(series, pd.Series):
        raise InputTypeError(f"score_series() expects a pandas Series, got {type_name(series)}"
                             + _other_library(series, "pandas"))
    check_flag(cues_as_json, "score_series(): cues_as_json")
    texts = _texts(series, None)  # (a Series, named or not, is s in the message: there is no df)
    use = _check_options("score_series", scorer, prefix)
    scores = use.score(texts)
    return pd.DataFrame(_columns(pd, texts, scores, series.index, prefix, cues_as_json, use.end_mark),
                        index=series.index)


def score_frame(df: Any, column: Any, *, scorer: Scorer | None = None, prefix: str = "",
                inplace: bool = False) -> Any:
    """Score the sentences in ``df[column]`` (one per cell) and add the results as columns.

    Adds ``prefix + name`` for each name of :data:`COLUMNS`: ``certainty``, ``label``,
    ``p_uncertain`` and ``cues`` (a tuple of :class:`~hedgekit.Cue`, offsets into that row's text;
    ``df.cues.map(lambda cs: [c.text for c in cs])`` gives the cue words). Rows keep their index and
    order. A cell with no word (empty, white space or invisible characters only, or, with the
    scorer's ``end_mark``, the default, a list item's marker alone: "-", "•", "2.") gets NaN
    ``certainty`` and ``p_uncertain``, a missing ``label`` and no cues (:func:`hedgekit.score` would
    call it certain). Cells are scored as given, one sentence each; to split documents into
    sentences first, explode ``df[column].map(lambda t: [t[a:b] for a, b in hedgekit.split_sentences(t)])`` (the
    sentences' text: :func:`hedgekit.split_sentences` gives their offsets) and drop the NaN rows
    ``explode`` makes of documents without a sentence (``.explode().dropna()``), or use
    :func:`hedgekit.score_text`.

    Args:
        df: a pandas DataFrame.
        column: the column holding the sentences.
        scorer: the :class:`~hedgekit.Scorer` to use; ``None`` = the default one.
        prefix: prepended to the new column names (e.g. ``"hedge_"``).
        inplace: add the columns to ``df`` itself (and return it) instead of to a copy.

    Returns:
        The DataFrame with the new columns (``df`` itself when ``inplace``).

    Raises:
        ImportError: pandas is not installed.
        KeyError: ``column`` is not a column of ``df`` (the message lists the columns).
        ValueError: a new column name is already taken (choose a ``prefix``; on MultiIndex
            columns, also as the first level of another key), ``column`` is not unique (or names
            several columns of MultiIndex columns), or ``inplace`` is not a bool.
        InputTypeError: (a ``TypeError``) a cell is not a ``str`` (the message names its row
            label), ``column`` is a list, ``scorer`` is not a :class:`~hedgekit.Scorer` (a fitted
            ``HedgeClassifier`` gives one with ``to_scorer()``) or ``prefix`` is not a ``str``.
    """
    pd = _pandas()
    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(f"score_frame() expects a pandas DataFrame, got {type_name(df)}"
                             + _other_library(df, "pandas"))
    use = _check_options("score_frame", scorer, prefix)
    check_flag(inplace, "score_frame(): inplace")  # (inplace="False" is true: the caller's frame changed)
    check_column_name("score_frame", column)
    if column not in df.columns:
        raise NotFoundError(f"column {column!r} is not in the DataFrame; its columns are {list(df.columns)!r}")
    cells = df[column]
    if isinstance(cells, pd.DataFrame):
        partial = column if isinstance(column, tuple) else (column,)
        if isinstance(df.columns, pd.MultiIndex) and len(partial) < df.columns.nlevels:
            keys = [partial + (r if isinstance(r, tuple) else (r,)) for r in cells.columns]
            raise ArgumentError(
                f"{column!r} starts the key {keys[0]!r} of the DataFrame's MultiIndex columns; name the column by its "
                "whole key" if len(keys) == 1 else
                f"{column!r} starts the keys of {len(keys)} of the DataFrame's MultiIndex columns: {keys[:3]!r}"
                f"{', ...' if len(keys) > 3 else ''}; name one column by its whole key, e.g. {keys[0]!r}")
        raise ArgumentError(f"the DataFrame has {cells.shape[1]} columns named {column!r}; rename them first")
    # on MultiIndex columns a new column's key is (name, "", ...), as pandas pads a short key
    pad = ("",) * (df.columns.nlevels - 1)
    key: Any = (lambda name: (name, *pad)) if pad else (lambda name: name)
    # (on MultiIndex columns, ("certainty", "rater") takes "certainty" too: df["certainty"] would be both)
    new = {prefix + c for c in COLUMNS}
    taken = [c for c in df.columns if (c[0] if pad else c) in new]
    if taken:
        raise ArgumentError(f"the DataFrame already has column(s) {taken}; pass prefix= (e.g. prefix='hedge_') "
                         f"or drop them first")
    texts = _texts(cells, column)
    scores = use.score(texts)
    out = df if inplace else df.copy()
    for name, values in _columns(pd, texts, scores, df.index, prefix, False, use.end_mark).items():
        out[key(name)] = values
    return out
