"""Result and record types shared by every part of hedgekit.

All of them are frozen, slotted dataclasses: a result never changes after it is made, and no option
changes which fields it has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .errors import ArgumentError, InputTypeError, is_number
from .text import _says_nothing

Label = Literal["certain", "uncertain"]
LABELS: tuple[str, ...] = ("certain", "uncertain")

#: The closed set of cue categories. Every cue hedgekit reports and every cue a corpus reader yields has
#: one; so does every lexicon row except the ``pseudo`` rows that suppress false matches
#: (:data:`hedgekit.lexicon.LEXICON_CATEGORIES`), which never become cues.
#:
#: ``epistemic``      modal possibility / probability: may, might, probably, possibly, likely
#: ``doxastic``       belief of a holder: believe, think, suspect, assume
#: ``hearsay``        attribution to an (often unnamed) source: reportedly, allegedly, supposedly,
#:                    is said to, according to sources, there are rumors
#: ``weasel``         vague attribution or quantification: some experts, many people, it is thought
#: ``approximation``  vague quantity: around / about N, roughly, approximately
#: ``condition``      conditionality: if, whether, unless, provided that
#: ``investigation``  the proposition is examined, not asserted: examine whether, test if, investigate
#: ``dynamic``        ability / circumstantial possibility (Szeged's ``speculation_modal_possible_``)
#: ``booster``        expresses commitment and *raises* certainty: certainly, clearly, no doubt
#: ``unspecified``    a corpus cue whose annotation carries no type (BioScope speculation cues)
CATEGORIES: tuple[str, ...] = (
    "epistemic",
    "doxastic",
    "hearsay",
    "weasel",
    "approximation",
    "condition",
    "investigation",
    "dynamic",
    "booster",
    "unspecified",
)

#: Categories whose cues make a sentence *less* certain (every category but ``booster``).
HEDGE_CATEGORIES: frozenset[str] = frozenset(c for c in CATEGORIES if c != "booster")

#: The columns of a scored sentence in ``hedgekit score --format csv/tsv`` (after ``input`` and, with
#: ``--lines``, ``line``); the TSV reader knows its own output by them.
SCORE_TABLE_COLUMNS: tuple[str, ...] = ("start", "end", "certainty", "label", "p_uncertain", "text", "cues")


@dataclass(frozen=True, slots=True)
class Cue:
    """A hedge or booster cue found in (or annotated on) one sentence.

    Attributes:
        text: the cue's surface text, exactly ``sentence[start:end]``.
        start: character offset of the cue's first character in its sentence (0-based, inclusive).
        end: character offset one past the cue's last character (exclusive).
        category: one of :data:`CATEGORIES`.
        weight: the lexicon's prior strength of the cue, in [0, 1] (1 = almost always a real cue).
            0.0 for cues read from an annotated corpus.
        contribution: how much this cue moved the sentence towards *uncertain*, in log-odds
            (natural log); at most 0 for the shipped lexicon's boosters, which training keeps from
            adding uncertainty (0.0 where the expert learned no weight for them, "beyond doubt" for
            most; a row re-categorised as a booster with :meth:`~hedgekit.Lexicon.with_entries`
            keeps its pattern's learned weight, which may be positive), and negative for literal
            uses. 0.0 for cues read from an annotated corpus.
        pattern: the lexicon pattern that matched (e.g. ``"is believed to"``, ``"about <num>"``);
            empty for corpus cues.
    """

    text: str
    start: int
    end: int
    category: str
    weight: float = 0.0
    contribution: float = 0.0
    pattern: str = ""

    def __post_init__(self) -> None:
        """Check the fields (a cue built by hand; hedgekit's own are built without this check).

        Numpy numbers are stored as Python ones (so that :meth:`to_dict` stays JSON).

        Raises:
            InputTypeError: ``text``, ``category`` or ``pattern`` is not a ``str``, an offset not an
                ``int``, ``weight`` or ``contribution`` not a real number.
            ArgumentError: offsets outside ``0 <= start <= end`` or not as far apart as ``text`` is
                long, a category not in :data:`CATEGORIES`, or ``weight`` outside [0, 1].
        """
        for name in ("text", "category", "pattern"):
            if not isinstance(getattr(self, name), str):
                raise InputTypeError(f"Cue: {name} must be a str, got {getattr(self, name)!r:.60}")
        _check_offsets("Cue", self.start, self.end)
        if self.end - self.start != len(self.text):
            raise ArgumentError(f"Cue: text {self.text!r:.40} is {len(self.text)} characters long, but start={self.start} "
                                f"and end={self.end} span {self.end - self.start}; the text is sentence[start:end]")
        if self.category not in CATEGORIES:
            raise ArgumentError(f"Cue: category {self.category!r} is not one of {', '.join(CATEGORIES)}")
        for name in ("weight", "contribution"):
            if not is_number(getattr(self, name)):
                raise InputTypeError(f"Cue: {name} must be a finite real number, got {getattr(self, name)!r:.60}")
        _plain_numbers(self, ("start", "end"), ("weight", "contribution"))  # (checked as they are stored)
        if not 0.0 <= self.weight <= 1.0:
            raise ArgumentError(f"Cue: weight must be a lexicon prior in [0, 1], got {self.weight!r}")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cue:
        """The cue of a dict that :meth:`to_dict` gave (after a JSON round trip too).

        Raises:
            InputTypeError, ArgumentError: ``d`` is not a mapping, lacks ``text``, ``start``, ``end``
                or ``category`` or holds another key, or a field is wrong (as the constructor says).
        """
        return cls(**_fields(cls, d, ("text", "start", "end", "category")))

    def to_dict(self) -> dict[str, Any]:
        """Return the cue as a JSON-serialisable dict (same keys as the attributes)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "weight": self.weight,
            "contribution": self.contribution,
            "pattern": self.pattern,
        }


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """How certain one sentence is.

    Attributes:
        text: the sentence, exactly as given (or ``text[start:end]`` of the document it came from).
        certainty: in [0, 1]; 1 = stated as certain, 0 = heavily hedged. Equal to
            ``1 - p_uncertain``.
        label: ``"uncertain"`` when ``p_uncertain >= threshold``, else ``"certain"``.
        cues: the cues found, in order of their start offset; offsets are into ``text``.
        start: character offset of the sentence in the scored document (0 for :func:`hedgekit.score`).
        end: ``start + len(text)``.
        p_uncertain: the classifier's probability that the sentence is hedged, in [0, 1].
        threshold: the decision threshold on ``p_uncertain`` that produced ``label``, in (0, 1).
    """

    text: str
    certainty: float
    label: str
    cues: tuple[Cue, ...]
    start: int
    end: int
    p_uncertain: float
    threshold: float

    def __post_init__(self) -> None:
        """Check the fields (a score built by hand; hedgekit's own are built without this check).

        The fields must agree as the attributes say: ``certainty`` is ``1 - p_uncertain`` (to
        1e-9), ``label`` is ``"uncertain"`` iff ``p_uncertain >= threshold``, ``end - start`` is
        ``len(text)``, and each cue is ``text[cue.start:cue.end]``, the cues in order of their start.
        Numpy numbers are stored as Python ones (so that :meth:`to_dict` stays JSON).

        Raises:
            InputTypeError: ``text`` is not a ``str``, ``cues`` not a tuple of :class:`Cue`, an offset
                not an ``int``, a probability not a real number.
            ArgumentError: ``certainty`` or ``p_uncertain`` outside [0, 1], ``threshold`` outside
                (0, 1), a ``label`` other than ``"certain"`` / ``"uncertain"``, offsets outside
                ``0 <= start <= end``, or fields that do not agree (above).
        """
        if not isinstance(self.text, str):
            raise InputTypeError(f"SentenceScore: text must be a str, got {self.text!r:.60}")
        if not isinstance(self.cues, tuple) or not all(isinstance(c, Cue) for c in self.cues):
            raise InputTypeError(f"SentenceScore: cues must be a tuple of Cue, got {self.cues!r:.80} (from a dict: "
                                 "SentenceScore.from_dict)")
        _check_offsets("SentenceScore", self.start, self.end)
        for name in ("certainty", "p_uncertain", "threshold"):
            v = getattr(self, name)
            if not is_number(v):
                raise InputTypeError(f"SentenceScore: {name} must be a real number in [0, 1], got {v!r:.60}")
        # checked as they are stored: a float32 compares in float32, and passed checks its float64 fails
        _plain_numbers(self, ("start", "end"), ("certainty", "p_uncertain", "threshold"))
        for name in ("certainty", "p_uncertain", "threshold"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ArgumentError(f"SentenceScore: {name} must be in [0, 1], got {v!r}")
        if not 0.0 < self.threshold < 1.0:
            raise ArgumentError(f"SentenceScore: threshold must be in (0, 1) (as a Scorer's), got {self.threshold!r}")
        if self.label not in ("certain", "uncertain"):
            raise ArgumentError(f"SentenceScore: label must be 'certain' or 'uncertain', got {self.label!r:.60}")
        if self.label != ("uncertain" if self.p_uncertain >= self.threshold else "certain"):
            raise ArgumentError(f"SentenceScore: label {self.label!r} does not follow from p_uncertain {self.p_uncertain!r} "
                                f"and threshold {self.threshold!r} (uncertain iff p_uncertain >= threshold)")
        if abs(self.certainty - (1.0 - self.p_uncertain)) > 1e-9:
            raise ArgumentError(f"SentenceScore: certainty {self.certainty!r} is not 1 - p_uncertain "
                                f"({1.0 - self.p_uncertain!r})")
        if self.end - self.start != len(self.text):
            raise ArgumentError(f"SentenceScore: text is {len(self.text)} characters long, but start={self.start} and "
                                f"end={self.end} span {self.end - self.start}; end is start + len(text)")
        at = 0
        for c in self.cues:
            _check_cue_in(self.text, c, "SentenceScore")
            if c.start < at:
                raise ArgumentError("SentenceScore: cues must be in order of their start offset")
            at = c.start

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SentenceScore:
        """The score of a dict that :meth:`to_dict` gave (after a JSON round trip too: its cues, a
        list of dicts, become a tuple of :class:`Cue`), or a record of ``hedgekit score -f jsonl``
        (its ``input`` and ``line`` are left out). The record of a line with no word (empty, white
        space or invisible characters only, or a list item's marker alone, "-" or "2."), whose
        ``certainty``, ``label`` and
        ``p_uncertain`` are ``null``, reads as the score :func:`hedgekit.score` gives such a text:
        certainty 1.0, P(uncertain) 0.0, ``"certain"`` (leave such records out to keep a mean
        certainty from counting them).

        Raises:
            InputTypeError, ArgumentError: ``d`` is not a mapping, lacks a field or holds another
                key, or a field is wrong (as the constructor says; ``null`` scores are accepted
                only all three together and for a text with no word).
        """
        if isinstance(d, Mapping) and ("input" in d or "line" in d):
            d = {k: v for k, v in d.items() if k not in ("input", "line")}
        f = _fields(cls, d, tuple(cls.__dataclass_fields__))
        nulls = [k for k in ("certainty", "label", "p_uncertain") if f[k] is None]
        if nulls:
            if len(nulls) < 3 or not isinstance(f["text"], str) or not _says_nothing(f["text"]):
                raise ArgumentError(f"SentenceScore.from_dict: {', '.join(nulls)} null for the text {f['text']!r:.60}; "
                                    "null scores are read only from the record of a blank line (`hedgekit score "
                                    "--lines`: certainty, label and p_uncertain all null, a text with no word)")
            f.update(certainty=1.0, label="certain", p_uncertain=0.0)
        cues = f["cues"]
        if isinstance(cues, (str, bytes, Mapping)) or not hasattr(cues, "__iter__"):
            raise InputTypeError(f"SentenceScore.from_dict: cues must be a list of cue dicts, got {cues!r:.80}")
        f["cues"] = tuple(c if isinstance(c, Cue) else Cue.from_dict(c) for c in cues)
        return cls(**f)

    def to_dict(self) -> dict[str, Any]:
        """Return the score as a JSON-serialisable dict; cues become a list of dicts."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "certainty": self.certainty,
            "label": self.label,
            "p_uncertain": self.p_uncertain,
            "threshold": self.threshold,
            "cues": [c.to_dict() for c in self.cues],
        }


def _plain_numbers(obj: Any, ints: tuple[str, ...], floats: tuple[str, ...]) -> None:
    """Store numpy numbers (which pass the checks) of a frozen record as Python ones."""
    for names, kind in ((ints, int), (floats, float)):
        for name in names:
            v = getattr(obj, name)
            if type(v) is not kind:
                object.__setattr__(obj, name, kind(v))


def _check_cue_in(text: str, c: Cue, what: str) -> None:
    """A cue is ``text[c.start:c.end]``, its offsets into the sentence (an :class:`ArgumentError`, its
    message starting with ``what``, if not)."""
    if c.end > len(text) or text[c.start : c.end] != c.text:
        raise ArgumentError(f"{what}: cue {c.text!r:.40} at {c.start}-{c.end} is not the sentence's text there "
                            f"({text[c.start:c.end]!r:.40}); cue offsets are into the sentence")


def _check_offsets(what: str, start: Any, end: Any) -> None:
    for name, v in (("start", start), ("end", end)):
        if not is_number(v, integer=True):
            raise InputTypeError(f"{what}: {name} must be an int (a character offset), got {v!r:.60}")
    if not 0 <= start <= end:
        raise ArgumentError(f"{what}: offsets must satisfy 0 <= start <= end, got start={start}, end={end}")


def _fields(cls: type, d: Any, required: tuple[str, ...]) -> dict[str, Any]:
    """The constructor's fields from dict ``d``: every required one present, no unknown one."""
    name = cls.__name__
    if not isinstance(d, Mapping):
        raise InputTypeError(f"{name}.from_dict expects a mapping (what {name}.to_dict gives), got {type(d).__name__}")
    missing = [k for k in required if k not in d]
    unknown = sorted(map(str, set(d) - set(cls.__dataclass_fields__)))
    if missing or unknown:
        raise ArgumentError(f"{name}.from_dict: " + "; ".join(
            ([f"missing {missing}"] if missing else []) + ([f"unknown keys {unknown}"] if unknown else []))
            + f"; the keys are {list(cls.__dataclass_fields__)}")
    return dict(d)


# Fast constructors for the scorer, which builds a result per sentence: they fill the slots directly
# (through the slots' descriptors) instead of through the frozen dataclass __init__, which costs
# one object.__setattr__ call per field. Same objects; tests/test_types.py checks equality.
_new = object.__new__
_CUE_SET = tuple(getattr(Cue, f).__set__ for f in Cue.__dataclass_fields__)
_SCORE_SET = tuple(getattr(SentenceScore, f).__set__ for f in SentenceScore.__dataclass_fields__)


def _cue(text: str, start: int, end: int, category: str, weight: float, contribution: float, pattern: str) -> Cue:
    c = _new(Cue)
    s0, s1, s2, s3, s4, s5, s6 = _CUE_SET
    s0(c, text), s1(c, start), s2(c, end), s3(c, category), s4(c, weight), s5(c, contribution), s6(c, pattern)
    return c


def _sentence_score(text: str, certainty: float, label: str, cues: tuple[Cue, ...], start: int, end: int,
                    p_uncertain: float, threshold: float) -> SentenceScore:
    r = _new(SentenceScore)
    s0, s1, s2, s3, s4, s5, s6, s7 = _SCORE_SET
    s0(r, text), s1(r, certainty), s2(r, label), s3(r, cues), s4(r, start), s5(r, end), s6(r, p_uncertain)
    s7(r, threshold)
    return r


@dataclass(frozen=True, slots=True)
class AnnotatedSentence:
    """One sentence of an annotated corpus, as a corpus reader yields it.

    Attributes:
        text: the sentence text.
        label: ``"certain"``, ``"uncertain"`` or ``None`` when the corpus has no binary label.
        rating: a graded human certainty score on the corpus's own scale (Pei & Jurgens: 1-6,
            6 = very certain), or ``None``.
        cues: annotated hedge cues with exact offsets into ``text`` (empty when the corpus has none).
        doc_id: the document the sentence belongs to (for grouped cross-validation), or ``None``.
        source: where it came from, e.g. ``"bioscope/abstracts.xml"``.
        meta: extra corpus-specific fields (e.g. Pei & Jurgens aspect labels), as a tuple of
            ``(key, value)`` pairs so that the record stays hashable.
    """

    text: str
    label: str | None
    rating: float | None = None
    cues: tuple[Cue, ...] = ()
    doc_id: str | None = None
    source: str = ""
    meta: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        """Check the fields, as a custom reader (:func:`hedgekit.readers.register_reader`) may build
        them: a malformed one failed later, inside ``evaluate``, with a bare built-in error, and a
        gold cue outside the text counted as matched. ``cues`` and ``meta`` given as lists are
        stored as tuples.

        Raises:
            InputTypeError: ``text`` or ``source`` is not a ``str``, ``doc_id`` not a ``str`` or
                ``None``, ``rating`` not a finite real number or ``None`` (NaN and infinities are
                refused), ``cues`` not a sequence of :class:`Cue`, ``meta`` not a sequence of
                ``(str, value)`` pairs or a value in it unhashable (a list, a dict).
            ArgumentError: a ``label`` other than ``"certain"``, ``"uncertain"`` or ``None``, or a
                cue that is not ``text[cue.start:cue.end]``.
        """
        if not isinstance(self.text, str):
            raise InputTypeError(f"AnnotatedSentence: text must be a str, got {self.text!r:.60}")
        if self.label not in (None, "certain", "uncertain"):
            raise ArgumentError(f"AnnotatedSentence: label must be 'certain', 'uncertain' or None, got {self.label!r:.60}")
        if self.rating is not None and not is_number(self.rating):
            raise InputTypeError(f"AnnotatedSentence: rating must be a finite real number or None, got {self.rating!r:.60}")
        for name in ("doc_id", "source"):
            v = getattr(self, name)
            if not isinstance(v, str) and not (name == "doc_id" and v is None):
                raise InputTypeError(f"AnnotatedSentence: {name} must be a str{' or None' if name == 'doc_id' else ''}, "
                                     f"got {v!r:.60}")
        if isinstance(self.cues, (str, bytes)) or not isinstance(self.cues, Sequence) \
                or not all(isinstance(c, Cue) for c in self.cues):
            raise InputTypeError(f"AnnotatedSentence: cues must be a sequence (tuple, list) of Cue, got {self.cues!r:.80}")
        for c in self.cues:
            _check_cue_in(self.text, c, "AnnotatedSentence")
        if isinstance(self.meta, (str, bytes)) or not isinstance(self.meta, Sequence) or not all(
                isinstance(kv, (tuple, list)) and len(kv) == 2 and isinstance(kv[0], str) for kv in self.meta):
            raise InputTypeError(f"AnnotatedSentence: meta must be a sequence (tuple, list) of (key, value) pairs "
                                 f"with str keys, got {self.meta!r:.80}")
        for key, value in self.meta:
            try:
                hash(value)
            except TypeError:  # (the record "stays hashable": a list value made hash() fail, later)
                raise InputTypeError(f"AnnotatedSentence: meta value of {key!r} must be hashable (a str, number, "
                                     f"None or tuple; a list as a tuple, a dict as a tuple of (key, value) pairs), "
                                     f"got the {type(value).__name__} {value!r:.60}") from None
        if type(self.cues) is not tuple:
            object.__setattr__(self, "cues", tuple(self.cues))
        if type(self.meta) is not tuple or not all(type(kv) is tuple for kv in self.meta):
            object.__setattr__(self, "meta", tuple(tuple(kv) for kv in self.meta))
        if self.rating is not None and type(self.rating) is not float:
            object.__setattr__(self, "rating", float(self.rating))

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-serialisable dict."""
        return {
            "text": self.text,
            "label": self.label,
            "rating": self.rating,
            "cues": [c.to_dict() for c in self.cues],
            "doc_id": self.doc_id,
            "source": self.source,
            "meta": dict(self.meta),
        }
