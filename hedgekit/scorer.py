"""The Scorer: the one place where the lexicon and the classifier are combined.

text --split--> sentences --tokenize--> tokens --lexicon--> cue candidates --features--> model
--> P(uncertain) --> :class:`~hedgekit.types.SentenceScore` (certainty, label, cues + contributions).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

import numpy as np

from .errors import (ArgumentError, InputTypeError, ModelError, check_flag, check_open_unit, check_sentences, is_number,
                     one_str_hint)
from .engine import Engine, Scored
from .lexicon import BASE_PREFIX, Lexicon, LexiconEntry, load_lexicon
from .model import HedgeModel, load_model
from .record import saved_lexicon
from .text import text_sentences
from .types import Cue, SentenceScore, _cue, _sentence_score

__all__ = ["Scorer", "default_scorer", "score", "score_sentence", "score_text"]

_IMMUTABLE = ("Scorer is immutable (so it can be shared across threads): build another one, e.g. "
              "Scorer(lexicon=..., model=..., threshold=..., expert=...), instead of {}")

#: Sentences featurized and summed together in one numpy pass.
BATCH = 2048


class Scorer:
    """Scores sentences with a lexicon and a trained model. Immutable and safe to share across threads.

    Args:
        lexicon: a :class:`~hedgekit.lexicon.Lexicon` or a path to a lexicon TSV; ``None`` = the
            shipped one, or, for a model file that :meth:`hedgekit.HedgeClassifier.save` wrote with
            another lexicon, the lexicon it carries.
        model: a :class:`~hedgekit.model.HedgeModel` or a path to a model file; ``None`` = shipped.
        threshold: decision threshold on ``P(uncertain)`` in (0, 1); ``None`` = the model's own for
            the chosen expert (on pooled cross-validated probabilities, the median of the cuts whose
            F1 of the uncertain class is within :data:`hedgekit.train.THRESHOLD_TOLERANCE` of the
            best; see :func:`hedgekit.train.repeated_thresholds`).
        expert: ``None`` (default; ``"auto"`` is the same) lets the model's gate weigh its domain
            experts per sentence; the name of one expert (see ``model.experts``; the shipped model
            has ``"biomedical"``, ``"general"``, ``"conll-wiki"``, ``"semantic"`` (Szeged's semantic
            uncertainty alone: reported speech counts as certain) and ``"science"``, the last fitted
            to graded human certainty ratings of science findings) scores with that expert alone.
        end_mark: score a sentence that does not end in ``.``, ``!``, ``?`` or ``…`` (a headline, a
            spreadsheet cell, a bullet point; closing quotes and brackets after the mark, and
            citation markers such as "rain.[3]", do not count: :func:`~hedgekit.features.open_ended`)
            as if it ended in ``.`` (default ``True``, whatever the model was trained with:
            :attr:`~hedgekit.features.FeatureConfig.end_mark` at scoring time; a numpy bool is
            taken). ``False`` featurizes it as written, whatever the model was trained with (the
            shipped one without ``end_mark``): without the weights of the full stop that nearly
            every training sentence has ("It may rain" P(uncertain) 0.39 against 0.71 for
            "It may rain."). In the shipped recipe's CV with the test sentences' final marks
            removed, ``True`` recovers the F1 of the text as written (CoNLL ``conll-wiki`` 0.534 ->
            0.622, Szeged Wikipedia 0.720 -> 0.780), and on text as written it moved nothing
            measured by more than 0.002 (``python -m benchmarks.end_mark``). ``True`` also reads a
            list item's marker at the sentence's start ("- ", "• ", "2. ", "10) ":
            :func:`hedgekit.text.list_marker`) as layout, leaving it out of the features
            (:attr:`~hedgekit.features.FeatureConfig.item_marks`; "- Turnout could fall sharply
            this year." scored 0.25, certain, against 0.35 without the dash); ``False`` reads it
            as written too. Cue offsets are those of the text as given either way.
        check_lexicon: refuse a lexicon that the model was not trained with (default). A lexicon
            derived from the model's one with :meth:`Lexicon.with_entries` or :meth:`Lexicon.without`
            is accepted, also once saved with :meth:`Lexicon.to_tsv` and loaded from that file: new
            cues count through their category and prior weight.

    Raises:
        ModelError: the model was trained with another lexicon (and ``check_lexicon`` is True), or
            ``expert`` is not one of the model's experts; or a file is malformed.
        InputTypeError: ``lexicon`` or ``model`` is neither the object, a path nor ``None``,
            ``end_mark`` or ``check_lexicon`` is not a bool, or ``expert`` is neither a str nor ``None``.
        FileNotFoundError: a path that does not exist.
        ValueError: ``threshold`` is outside (0, 1), or a path is empty or names a folder.
    """

    __slots__ = ("lexicon", "model", "threshold", "expert", "end_mark", "_engine")

    def __init__(
        self,
        lexicon: Lexicon | str | None = None,
        model: HedgeModel | str | None = None,
        threshold: float | None = None,
        *,
        expert: str | None = None,
        check_lexicon: bool = True,
        end_mark: bool = True,
    ) -> None:
        for name, value, kind in (("lexicon", lexicon, Lexicon), ("model", model, HedgeModel)):
            if value is not None and not isinstance(value, (kind, str, os.PathLike)):
                raise InputTypeError(f"Scorer: {name} must be a {kind.__name__}, a path (str or os.PathLike) or None "
                                     f"for the shipped one, got {type(value).__name__} ({value!r:.40})")
        given = lexicon
        lexicon = lexicon if isinstance(lexicon, Lexicon) or lexicon is None else load_lexicon(lexicon)
        which = f"the model {os.fspath(model)}" if isinstance(model, (str, os.PathLike)) else "the model"
        model = model if isinstance(model, HedgeModel) else load_model(model)
        if lexicon is None:  # a classifier saved with its own lexicon scores with it (HedgeClassifier.save)
            lexicon = saved_lexicon(model.training, model.lexicon_hash, which) or load_lexicon()
        _set = object.__setattr__
        _set(self, "lexicon", lexicon)
        _set(self, "model", model)
        check_flag(check_lexicon, "check_lexicon", InputTypeError)  # (0, None or "" turned the check off)
        if check_lexicon and self.model.lexicon_hash not in (self.lexicon.hash, *self.lexicon.ancestors):
            raise ModelError(
                f"{which} was trained with lexicon {self.model.lexicon_hash[:19]}…, not with "
                f"{self.lexicon!r}{'' if given is not None else ' (the shipped one)'}; pass the lexicon it was "
                f"trained with (lexicon=..., on the command line --lexicon), retrain (`hedgekit train`), "
                f"derive your lexicon from the model's one "
                f"with Lexicon.with_entries() (Lexicon.to_tsv() saves it with the line "
                f"'{BASE_PREFIX}{self.model.lexicon_hash}' before the header, which a file edited by "
                f"hand can carry too), or, in Python, pass check_lexicon=False"
            )
        _set(self, "expert", self.model.check_expert(expert))
        if threshold is None:
            threshold = self.model.thresholds[self.expert]
        check_open_unit(threshold, "threshold")
        _set(self, "threshold", float(threshold))
        _set(self, "end_mark", check_end_mark(end_mark, "Scorer: "))
        _set(self, "_engine", Engine(self.lexicon, self.model, self.end_mark))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(_IMMUTABLE.format(f"setting {name!r}"))

    def __delattr__(self, name: str) -> None:
        raise AttributeError(_IMMUTABLE.format(f"deleting {name!r}"))

    def __repr__(self) -> str:
        return (f"Scorer(lexicon={self.lexicon!r}, model={self.model!r}, expert={self.expert!r}, "
                f"threshold={self.threshold:.3f}" + (")" if self.end_mark else ", end_mark=False)"))

    # --- the one scoring path -----------------------------------------------------------------
    def _score_batch(self, texts: list[str], offsets: list[int] | None = None) -> list[SentenceScore]:
        """Score ``texts`` in chunks of :data:`BATCH` (the result of a sentence never depends on the batch)."""
        out: list[SentenceScore] = []
        for lo in range(0, len(texts), BATCH):
            with _gc_paused():
                out.extend(self._score_chunk(texts[lo : lo + BATCH],
                                             offsets[lo : lo + BATCH] if offsets is not None else None))
        return out

    def _score_chunk(self, texts: list[str], offsets: list[int] | None) -> list[SentenceScore]:
        r = self._engine.run(texts, self.expert)
        return _build(texts, offsets, _compact(r), self.lexicon.entries, self.threshold)

    # --- public API ---------------------------------------------------------------------------
    def score(self, sentences: Iterable[str], *, n_jobs: int = 1) -> list[SentenceScore]:
        """Score each sentence; the result has the same length and order as the input.

        Args:
            sentences: an iterable of ``str`` (list, tuple, generator, numpy string array, pandas
                Series). Each item is scored as one sentence, as is (empty strings included: an item
                with no word -- empty, white space or invisible characters only, or, with
                ``end_mark``, a list item's marker alone, "-" or "2." -- has no cue and scores
                P(uncertain) 0, certainty 1.0, ``certain`` under every expert, so drop such items
                where they would count in a share or an average).
            n_jobs: worker processes; ``1`` (default) scores in this process, ``-1`` uses every
                CPU. Results are identical to ``n_jobs=1`` (each sentence's score never depends on
                the others). Worth it from tens of thousands of sentences on where processes start
                by ``fork`` (Linux up to Python 3.13). Under ``spawn`` (macOS, Windows) and
                ``forkserver`` (Linux's default from Python 3.14) every call starts fresh
                interpreters that import hedgekit and receive the pickled model (about 14 MB): on a
                2-core machine, 56,000 sentences took 2.0 s with ``n_jobs=2`` against 1.5 s with 1
                (0.9 s under ``fork``), so there use it for much larger inputs or not at all.

        In a process where no other Python thread runs, Python's cyclic garbage collector is paused
        while a batch of up to 2,048 sentences is scored (it would find nothing to free there) and
        then switched back on; a collector you switched off stays off. With other threads running
        it is never touched.

        Raises:
            InputTypeError: (a ``TypeError``) ``sentences`` is a bare ``str``/``bytes``/``None`` or
                not iterable, or an item is not a ``str`` (the message names its index).
            ValueError: ``n_jobs`` is 0, below -1, or not an int.
        """
        jobs = _check_jobs(n_jobs)  # (before the sentences are read: a generator refused was used up, silently)
        items = check_sentences(sentences, "score", "to score one sentence use score_sentence(s), to split and "
                                "score raw text use score_text(text)")
        if jobs == 1 or len(items) < 2 * BATCH:
            return self._score_batch(items)
        return _score_parallel(self, items, jobs)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled only to hand the scorer to worker processes (n_jobs); rebuilt from its parts.
        return (_rebuild, (type(self), self.lexicon, self.model, self.threshold, self.expert, self.end_mark))

    def score_sentence(self, sentence: str) -> SentenceScore:
        """Score one sentence; the same result as ``score([sentence])[0]``.

        Raises:
            InputTypeError: ``sentence`` is not a ``str``.
        """
        if not isinstance(sentence, str):
            raise InputTypeError(f"score_sentence() expects a str, got {type(sentence).__name__}"
                                 f"{one_str_hint(sentence, 'score()')}")
        return self._score_batch([str(sentence)])[0]  # (a numpy str_ as plain str, as score() gives it)

    def score_text(self, text: str, *, offset: int = 0) -> list[SentenceScore]:
        """Split raw ``text`` into sentences and score each.

        Each result's ``start``/``end`` are character offsets into ``text`` with
        ``text[s.start:s.end] == s.text``; ``score_text("")`` is ``[]``.

        Args:
            text: raw text.
            offset: added to every ``start``/``end``: the position of ``text`` in a larger document
                that arrives in pieces (then ``document[s.start:s.end] == s.text``).

        Raises:
            InputTypeError: ``text`` is not a ``str`` (for a list of sentences use :meth:`score`).
            ArgumentError: ``offset`` is not an int >= 0.
        """
        return self._score_batch(*text_sentences(text, offset))


def check_end_mark(end_mark: Any, where: str = "") -> bool:
    """``end_mark`` as a ``bool`` (a numpy bool is one).

    Raises:
        InputTypeError: anything else (``1``, ``None``, ``"yes"``); the message starts with ``where``.
    """
    if not isinstance(end_mark, (bool, np.bool_)):
        raise InputTypeError(f"{where}end_mark must be True (the default) or False, got "
                             f"{type(end_mark).__module__}.{type(end_mark).__qualname__} ({end_mark!r:.40})")
    return bool(end_mark)


def _rebuild(cls: type[Scorer], lexicon: Lexicon, model: HedgeModel, threshold: float, expert: str,
             end_mark: bool | None = None) -> Scorer:
    # (a Scorer pickled before end_mark was a bool passes None: it scored as its model was trained)
    end_mark = model.feature_config.end_mark if end_mark is None else end_mark
    return cls(lexicon, model, threshold, expert=expert, check_lexicon=False, end_mark=end_mark)


def _check_jobs(n_jobs: Any) -> int:
    if not is_number(n_jobs, integer=True) or n_jobs == 0 or n_jobs < -1:
        raise ArgumentError(f"n_jobs must be a positive int or -1 (every CPU), got {n_jobs!r}")
    return _usable_cpus() if n_jobs == -1 else int(n_jobs)


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, as a container or ``taskset`` sets it),
    else the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on macOS or Windows
        return os.cpu_count() or 1


_worker_scorer: Scorer | None = None


def _init_worker(scorer: Scorer) -> None:
    global _worker_scorer
    _worker_scorer = scorer


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one batch (at most :data:`BATCH` sentences) is
    scored, if this is the process's only thread.

    Scoring a batch allocates tens of thousands of small containers (token lists, matches, results),
    none of which is part of a reference cycle, so the collections their allocations would trigger
    free nothing; they cost about 15% of the scoring time. Reference counting still frees
    everything as usual. The collector's switch is process-wide, so with any other Python thread
    running nothing is paused: another thread's cyclic garbage must not pile up, and its own
    ``gc.disable()``/``gc.enable()`` must not be undone. When paused, the collector is switched
    back on after the batch and catches up at the next allocation. A collector that the user
    switched off stays off. The check needs no lock: while this is the only thread, no other can
    start before the batch returns (scoring starts none, and only a running thread can start one).
    """
    own = gc.isenabled() and threading.active_count() == 1
    if own:
        gc.disable()
    try:
        yield
    finally:
        if own:
            gc.enable()


#: What a batch's scores are made of, in plain arrays (cheap to send between processes): P(uncertain)
#: per sentence, cues per sentence, and per cue its lexicon row, start, end and contribution.
Compact = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _compact(r: Scored) -> Compact:
    return r.p, r.counts, r.entries, r.starts, r.ends, r.contributions


def _build(texts: list[str], offsets: list[int] | None, c: Compact, entries: tuple[LexiconEntry, ...],
           threshold: float) -> list[SentenceScore]:
    """The :class:`SentenceScore` objects of a batch (``offsets``: where each text starts in its document)."""
    p, counts, rows, starts, ends, contributions = c
    cues = zip([entries[j] for j in rows.tolist()], starts.tolist(), ends.tolist(), contributions.tolist())
    out = []
    for i, (s, p_i, k) in enumerate(zip(texts, p.tolist(), counts.tolist())):
        found: tuple[Cue, ...] = ()
        if k:
            found = tuple([_cue(s[a:b], a, b, e.category, e.weight, x, e.pattern) for e, a, b, x in islice(cues, k)])
        start = offsets[i] if offsets is not None else 0
        out.append(_sentence_score(s, 1.0 - p_i, "uncertain" if p_i >= threshold else "certain", found, start,
                                   start + len(s), p_i, threshold))
    return out


def _score_part(texts: list[str]) -> Compact:
    """Score in a worker; send back plain arrays, without the texts the parent has."""
    assert _worker_scorer is not None
    out = []
    for lo in range(0, len(texts), BATCH):
        with _gc_paused():
            out.append(_compact(_worker_scorer._engine.run(texts[lo : lo + BATCH], _worker_scorer.expert)))
    return tuple(np.concatenate([part[j] for part in out]) for j in range(6))  # type: ignore[return-value]


def _score_parallel(scorer: Scorer, items: list[str], jobs: int) -> list[SentenceScore]:
    """Score ``items`` in ``jobs`` worker processes, in contiguous parts, and keep their order."""
    from concurrent.futures import ProcessPoolExecutor

    size = max(BATCH, -(-len(items) // (jobs * 4)))
    parts = [items[i : i + size] for i in range(0, len(items), size)]
    out: list[SentenceScore] = []
    # (no more processes than parts: a fork start launches every worker at once)
    with ProcessPoolExecutor(max_workers=min(jobs, len(parts)), initializer=_init_worker, initargs=(scorer,)) as pool:
        for texts, res in zip(parts, pool.map(_score_part, parts)):
            with _gc_paused():
                out.extend(_build(texts, None, res, scorer.lexicon.entries, scorer.threshold))
    return out


_default: Scorer | None = None
_default_lock = threading.Lock()


def default_scorer() -> Scorer:
    """The shared :class:`Scorer` with the shipped lexicon and model, built once on first use.

    Thread-safe: concurrent first calls build it exactly once.
    """
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Scorer()
    return _default


def scorer_or_default(where: str, scorer: Any) -> Scorer:
    """``scorer`` (a :class:`Scorer`) as an integration's option takes it; ``None`` = :func:`default_scorer`.

    Raises:
        InputTypeError: anything else, with how to make a :class:`Scorer` of what was given (a
            path, a ``HedgeModel``, a fitted ``HedgeClassifier``).
    """
    if scorer is None:
        return default_scorer()
    if not isinstance(scorer, Scorer):
        kind = type(scorer).__name__
        hint = ("a fitted HedgeClassifier gives one: clf.to_scorer()" if kind == "HedgeClassifier" else
                "load a model file with hedgekit.Scorer(model=path)" if isinstance(scorer, (str, os.PathLike)) else
                "build one from a model with hedgekit.Scorer(model=model)" if kind == "HedgeModel" else
                "pass a hedgekit.Scorer")
        raise InputTypeError(f"{where}: scorer must be a hedgekit.Scorer or None, got {kind}; {hint}")
    return scorer


def score(sentences: Iterable[str], *, n_jobs: int = 1) -> list[SentenceScore]:
    """Score sentences with the default scorer. See :meth:`Scorer.score`."""
    return default_scorer().score(sentences, n_jobs=n_jobs)


def score_sentence(sentence: str) -> SentenceScore:
    """Score one sentence with the default scorer. See :meth:`Scorer.score_sentence`."""
    return default_scorer().score_sentence(sentence)


def score_text(text: str, *, offset: int = 0) -> list[SentenceScore]:
    """Split and score raw text with the default scorer. See :meth:`Scorer.score_text`."""
    return default_scorer().score_text(text, offset=offset)
