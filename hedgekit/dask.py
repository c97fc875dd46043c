"""Score corpora too big for one process with Dask (``pip install 'hedgekit[dask]'``).

::

    import dask.bag as db
    import dask.dataframe as dd
    from dask.distributed import Client
    import hedgekit.dask

    client = Client()                                   # or Client("scheduler-address:8786")
    bag = db.read_text("sentences-*.txt").map(str.rstrip)          # one sentence per line
    records = hedgekit.dask.score_bag(bag)              # a bag of SentenceScore.to_dict() dicts
    records.filter(lambda r: r["label"] == "uncertain").count().compute()

    ddf = dd.read_parquet("abstracts.parquet")
    scores = hedgekit.dask.score_series(ddf["sentence"])    # certainty, label, p_uncertain, cues
    ddf = hedgekit.dask.score_frame(ddf, "sentence")        # the same columns added to ddf

**Each worker process loads the model once.** The task graph carries only the scorer's
configuration (``model``/``lexicon`` paths, ``threshold``, ``expert``: a few strings), never the
model itself; the first task on a worker process builds the :class:`~hedgekit.Scorer` and keeps
it in a module-level cache (one per configuration, guarded by a lock so that a worker's threads
share it), and every later task on that process reuses it. :func:`worker_state` reports the cache
of the process it runs in (``client.run(hedgekit.dask.worker_state)`` asks every worker). A model
or lexicon path must therefore be readable on every worker (shared storage, or the same path on
each machine); ``None`` means the files shipped inside the installed hedgekit.

**Results are identical to in-process scoring**: a partition is scored with the same code as
:func:`hedgekit.score` (:func:`score_bag`) or :func:`hedgekit.pandas.score_series`
(:func:`score_series`, :func:`score_frame`), and a sentence's score never depends on its batch, so
``score_bag(bag).compute() == [s.to_dict() for s in hedgekit.score(bag.compute())]``, and a
dask Series scores as the same pandas Series does with ``cues_as_json=True`` (a cell with no word:
NaN and a missing label, where :func:`hedgekit.score` and :func:`score_bag` call it certain). The
``cues`` column is a JSON string here (a dask column holds no Python objects well), where
:func:`hedgekit.pandas.score_frame` gives a tuple of :class:`~hedgekit.Cue`; the other columns are
the same.

``import hedgekit.dask`` imports neither dask nor pandas: :func:`score_bag` calls methods of the
bag it is given (``map_partitions``); :func:`score_series` and :func:`score_frame` import
``dask.dataframe`` (and pandas) when called, and pandas is imported on the workers.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from .errors import ArgumentError, InputTypeError, ModelError, NotFoundError, check_open_unit
from .pandas import _other_library, check_column_name, check_prefix, type_name
from .scorer import Scorer, check_end_mark, default_scorer

__all__ = ["score_bag", "score_series", "score_frame", "worker_state", "COLUMNS"]

#: The columns of :func:`score_series` (``cues`` is a JSON string: a list of ``Cue.to_dict()``).
COLUMNS: tuple[str, ...] = ("certainty", "label", "p_uncertain", "cues")

#: (model path, lexicon path, threshold, expert, SHA-256 of the model file, of the lexicon file,
#: end_mark): the paths absolute and the files' hashes as the client read them, so that a file
#: rewritten since, or a different file at the same path on a worker, is not scored with a scorer
#: built from another file
Config = tuple[str | None, str | None, float | None, str | None, str | None, str | None, bool]

_scorers: dict[Config, Scorer] = {}
_loads = 0
_lock = threading.Lock()


def _config(model: Any, lexicon: Any, threshold: float | None, expert: str | None,
            end_mark: bool = True) -> Config:
    for name, v in (("model", model), ("lexicon", lexicon)):
        if v is not None and not isinstance(v, (str, os.PathLike)):
            raise InputTypeError(
                f"{name} must be a path (readable on every worker) or None, got {type(v).__name__}; to run a "
                f"HedgeClassifier or HedgeModel on Dask, save() it to shared storage and pass the path"
            )
        if v is not None and not os.fspath(v):  # (abspath would make "" the working directory)
            raise ArgumentError(f"a {name} path '' names no file (an empty path); pass a file name, or None for "
                                f"the shipped {name}")
    if expert is not None and not isinstance(expert, str):  # (it is part of the cache key: a list is unhashable)
        raise InputTypeError(f"expert must be an expert's name (a str) or None, got {type(expert).__name__}")
    end_mark = check_end_mark(end_mark)  # (checked here: 1 == True would find a cached scorer)
    paths = [None if v is None else os.path.abspath(os.fspath(v)) for v in (model, lexicon)]
    cfg = (paths[0], paths[1], None if threshold is None else check_open_unit(threshold, "threshold"), expert,
           *(None if q is None else _file_hash(q) for q in paths), end_mark)
    _scorer(cfg)  # fail early, in the client, on a bad path, model or threshold
    return cfg


def _file_hash(path: str) -> str:
    """SHA-256 of a file's bytes (a missing file: the empty string, so that the Scorer reports it)."""
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()  # a model is a few MB: read once per call
    except OSError:
        return ""


def _scorer(cfg: Config) -> Scorer:
    """This process's scorer for ``cfg``: built on first use, then reused by every task."""
    global _loads
    scorer = _scorers.get(cfg)
    if scorer is None:
        with _lock:
            scorer = _scorers.get(cfg)
            if scorer is None:
                model, lexicon, threshold, expert, model_hash, lexicon_hash, end_mark = cfg
                for what, path, digest in (("model", model, model_hash), ("lexicon", lexicon, lexicon_hash)):
                    if path is not None and digest and _file_hash(path) != digest:
                        raise ModelError(f"{what} {path}: this process (pid {os.getpid()}) reads other bytes than "
                                         "the client did; every worker must see the same file at that path")
                if cfg[:4] == (None, None, None, None) and end_mark is True:
                    scorer = default_scorer()
                else:
                    scorer = Scorer(lexicon=lexicon, model=model, threshold=threshold, expert=expert, end_mark=end_mark)
                _scorers[cfg] = scorer
                _loads += 1
    return scorer


def worker_state() -> dict[str, Any]:
    """The scorer cache of the calling process: ``{"pid", "loads", "configs"}``.

    ``loads`` counts the scorers built in this process (one per configuration, ever);
    ``client.run(hedgekit.dask.worker_state)`` shows it for every worker.
    """
    return {"pid": os.getpid(), "loads": _loads, "configs": [list(c) for c in _scorers]}


def _score_partition(items: Any, cfg: Config) -> list[dict[str, Any]]:
    items = list(items)
    for i, x in enumerate(items):  # (the scorer would name the item's place in its partition as if in a list)
        if not isinstance(x, str):
            raise InputTypeError(f"score_bag(): item {i} of a partition of the bag is {type(x).__name__} "
                                 f"({x!r:.40}), expected str; find such items with "
                                 "bag.filter(lambda x: not isinstance(x, str)).take(5)")
    return [s.to_dict() for s in _scorer(cfg).score(items)]


def _score_pandas_partition(part: Any, cfg: Config, prefix: str) -> Any:
    from .pandas import score_series as pd_score_series

    return pd_score_series(part, scorer=_scorer(cfg), prefix=prefix, cues_as_json=True)


def _add_columns(part: Any, column: Any, cfg: Config, prefix: str) -> Any:
    import pandas as pd

    from .pandas import _columns, _texts

    texts = _texts(part[column], column)  # (a bad cell's error names the column, as hedgekit.pandas.score_frame's)
    out = part.copy()
    scorer = _scorer(cfg)
    for name, values in _columns(pd, texts, scorer.score(texts), part.index, prefix, True, scorer.end_mark).items():
        out[name] = values
    return out


def _meta(prefix: str) -> list[tuple[str, str]]:
    return [(prefix + "certainty", "f8"), (prefix + "label", "str"), (prefix + "p_uncertain", "f8"),
            (prefix + "cues", "str")]


def score_bag(bag: Any, *, model: str | os.PathLike[str] | None = None,
              lexicon: str | os.PathLike[str] | None = None, threshold: float | None = None,
              expert: str | None = None, end_mark: bool = True) -> Any:
    """Score a ``dask.bag.Bag`` of sentences (``str``) into a bag of dicts, one per sentence, in order.

    Each dict is :meth:`SentenceScore.to_dict` (``text``, ``certainty``, ``label``, ``p_uncertain``,
    ``threshold``, ``start``, ``end``, ``cues`` as a list of dicts). ``model``, ``lexicon``,
    ``threshold``, ``expert``, ``end_mark`` configure the :class:`~hedgekit.Scorer` built on each
    worker (paths readable there; ``None`` = the shipped files and the model's own threshold;
    ``end_mark=True``, the default, scores a sentence without a final mark as if it ended in ``.``,
    ``False`` as written).

    Raises:
        InputTypeError: ``bag`` is not a Dask bag (a dask DataFrame or Series: use
            :func:`score_frame` / :func:`score_series`), or ``model``/``lexicon`` is not a path.
            (A non-``str`` item fails when the bag is computed, with an ``InputTypeError``, a
            ``TypeError``, that says how to find such items.)
        ModelError, FileNotFoundError, ValueError: the configuration does not make a scorer
            (checked once in the calling process before anything is submitted).
    """
    if not hasattr(bag, "map_partitions") or not hasattr(bag, "npartitions") or hasattr(bag, "dtype") \
            or hasattr(bag, "dtypes"):  # (a dask Series or Array has a dtype, a DataFrame dtypes)
        kind = type(bag).__name__ if type(bag).__module__.split(".")[0] == "dask" else ""
        hint = ("; score a dask Series with score_series()" if kind == "Series" else
                "; score a dask DataFrame with score_frame()" if kind == "DataFrame" else
                "; score a dask Index with score_series(idx.to_series())" if kind == "Index" else
                _other_library(bag, "dask"))
        raise InputTypeError(f"score_bag() expects a dask.bag.Bag of str, got {type_name(bag)}{hint}")
    return bag.map_partitions(_score_partition, _config(model, lexicon, threshold, expert, end_mark))


def score_series(series: Any, *, model: str | os.PathLike[str] | None = None,
                 lexicon: str | os.PathLike[str] | None = None, threshold: float | None = None,
                 expert: str | None = None, prefix: str = "", end_mark: bool = True) -> Any:
    """Score a dask Series of sentences into a dask DataFrame with the series' index and partitions.

    Columns (each preceded by ``prefix``): ``certainty``, ``label``, ``p_uncertain`` and ``cues``
    (a JSON string: the list of :meth:`Cue.to_dict`, offsets into that row's sentence). Each
    partition is :func:`hedgekit.pandas.score_series`; a non-``str`` cell fails at compute time
    with a ``TypeError`` naming its row label. Options as in :func:`score_bag`.

    Raises:
        InputTypeError: ``series`` is not a dask Series, or ``prefix`` is not a ``str``; and as
            :func:`score_bag` for the options.
    """
    import dask.dataframe as dd

    if not isinstance(series, dd.Series) or isinstance(series, dd.Index):  # (an Index is a Series subclass)
        raise InputTypeError(f"score_series() expects a dask Series (e.g. ddf['text']), got {type_name(series)}"
                             + _other_library(series, "dask"))
    check_prefix("score_series", prefix)
    cfg = _config(model, lexicon, threshold, expert, end_mark)
    return series.map_partitions(_score_pandas_partition, cfg, prefix, meta=_meta(prefix))


def score_frame(ddf: Any, column: str, *, model: str | os.PathLike[str] | None = None,
                lexicon: str | os.PathLike[str] | None = None, threshold: float | None = None,
                expert: str | None = None, prefix: str = "", end_mark: bool = True) -> Any:
    """``ddf`` with the columns of :func:`score_series` for ``ddf[column]`` added (``prefix`` first).

    Raises:
        InputTypeError: ``ddf`` is not a dask DataFrame, ``column`` not one column's name (a list),
            or ``prefix`` not a ``str``.
        KeyError: ``column`` is not a column of ``ddf``.
        ValueError: a new column name is already taken (pass ``prefix=``), or ``column`` names
            several columns.
    """
    import dask.dataframe as dd
    import pandas as pd

    if not isinstance(ddf, dd.DataFrame):  # (a dask Series has .columns too)
        hint = ("; score a dask Series with score_series()" if isinstance(ddf, dd.Series)
                else _other_library(ddf, "dask"))
        raise InputTypeError(f"score_frame() expects a dask DataFrame, got {type_name(ddf)}{hint}")
    check_prefix("score_frame", prefix)
    check_column_name("score_frame", column)
    if column not in ddf.columns:
        raise NotFoundError(f"column {column!r} is not in the DataFrame; its columns are {list(ddf.columns)!r}")
    n_named = list(ddf.columns).count(column)
    if n_named > 1:  # (else every partition fails at compute time, with a message about score_series)
        raise ArgumentError(f"the DataFrame has {n_named} columns named {column!r}; rename them first")
    new = _meta(prefix)
    taken = [n for n, _ in new if n in ddf.columns]
    if taken:
        raise ArgumentError(f"the DataFrame already has column(s) {taken}; pass prefix= (e.g. prefix='hedge_')")
    cfg = _config(model, lexicon, threshold, expert, end_mark)
    meta = ddf._meta.copy()  # (its columns' name and dtypes, which a list of (name, dtype) pairs loses)
    for name, dtype in new:
        meta[name] = pd.Series(dtype=dtype, index=meta.index)
    return ddf.map_partitions(_add_columns, column, cfg, prefix, meta=meta)


