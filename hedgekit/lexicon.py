"""The hedge-cue lexicon: load, validate, extend and match.

A lexicon is a sorted TSV file (``pattern, category, weight, source, note``), one row per cue; see
``hedgekit/data/LEXICON.md`` for the format, the categories and where each row comes from. The
lexicon only *proposes* cue candidates; the classifier (:mod:`hedgekit.model`) decides in context
whether they make the sentence uncertain.
"""

from __future__ import annotations

import dataclasses
import decimal
import functools
import hashlib
import numbers
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from typing import Any, NamedTuple

from .errors import ArgumentError, InputTypeError, LexiconError, NotFoundError, file_path, _DECODE_HINT
from .fileio import write_atomic
from .text import _EDGE, _plain, normalize_token, token_pattern, token_spans
from .types import CATEGORIES, Cue, _cue

__all__ = [
    "LexiconEntry",
    "Lexicon",
    "Match",
    "load_lexicon",
    "LEXICON_CATEGORIES",
    "SOURCES",
    "PLACEHOLDERS",
    "BASE_PREFIX",
]

#: Categories a lexicon row may have: the cue categories (but ``unspecified``, which only corpora
#: use) and ``pseudo``, for rows that suppress false matches ("May 2019", "all his might").
LEXICON_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "unspecified") + ("pseudo",)

#: Keys allowed in the ``source`` column (see ``hedgekit/data/LEXICON.md`` for the citations).
SOURCES: frozenset[str] = frozenset(
    {"bioscope", "szeged", "conll2010", "islam2020", "words-hedges", "words-weasels", "hedgekit", "user"}
)

#: Pattern items that match a class of tokens rather than one word: ``<num>`` matches any token that
#: starts with a digit ("20", "3.5", the "1990" of "1990s"; not a name such as "p53" or "IL-2", so that
#: the date row "<num> may ," does not take "p53 may, however,"), and such a token after a currency symbol or a
#: sign ("$ 5" of "$5", "€3", "−5" with the minus sign U+2212, "+5"): "about $5 million" matches
#: "about <num>". Not after a hyphen: tokens do not say whether "-" touches the number ("-5") or
#: is a dash ("may - 2 sources say -") or a range ("3-5").
PLACEHOLDERS: frozenset[str] = frozenset({"<num>"})

HEADER = ("pattern", "category", "weight", "source", "note")
#: How the lines before the header of a derived lexicon's file start, one per lexicon it was derived
#: from, oldest first: ``# base: sha256:<hex>``.
BASE_PREFIX = "# base: "
_BASE_RE = re.compile(r"# base: (sha256:[0-9a-f]{64})")
_HASH_RE = re.compile(r"sha256:[0-9a-f]{64}")
_END = object()  # trie key: the entry whose pattern ends at this node
_NUM = "<num>"
_DIGIT = re.compile(r"\d").match  # a number token: one that starts with a digit (regex \d)
_ANY_DIGIT = re.compile(r"\d").search
_DROP_EDGE = str.maketrans(dict.fromkeys(_EDGE))  # (Lexicon.search: what no token holds outside words)


@functools.lru_cache(maxsize=4096)
def _num_prefix(tok: str) -> bool:
    """Whether ``tok`` may stand before the number of a ``<num>``: a currency symbol or a sign
    (cached: the matcher asks of every punctuation token of a sentence with a number)."""
    return len(tok) == 1 and (tok in "\u2212+" or unicodedata.category(tok) == "Sc")


def _num_len(tokens: list[str], j: int, n: int) -> int:
    """How many tokens a ``<num>`` at position ``j`` takes: 1 (a number), 2 (a currency symbol or
    sign, then a number) or 0 (no number there)."""
    t = tokens[j]
    if not t.isalpha() and _DIGIT(t):
        return 1
    if j + 1 < n and _num_prefix(t):
        u = tokens[j + 1]
        if not u.isalpha() and _DIGIT(u):
            return 2
    return 0


#: The clitics Penn Treebank tokenization splits off a word besides ``n't``: "it's" is "it 's",
#: "i'd" "i 'd", "we're" "we 're" (which hedgekit tokenizes as "it", "'", "s").
_CLITICS: tuple[str, ...] = ("'s", "'d", "'m", "'re", "'ve", "'ll")


def _split_clitic(t: str) -> tuple[str, ...] | None:
    """The tokens of ``t`` as Penn Treebank writes it, tokenized as hedgekit tokenizes that
    (``("could", "n't")``, ``("ca", "n't")``, ``("it", "'", "s")`` of "it 's"), or ``None`` when
    it holds no contraction."""
    if len(t) > 3 and t.endswith("n't"):
        return t[:-3], "n't"
    for c in _CLITICS:
        if len(t) > len(c) and t.endswith(c) and t[:-len(c)].isalpha():
            return t[:-len(c)], "'", c[1:]
    return None


def _variants(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The token sequences a pattern matches: its own, and its contractions the other way, split
    as Penn Treebank tokenized corpora write them ("don't know" also matches "do n't know", "can't"
    "ca n't", "won't" "wo n't", "it's said" "it 's said", "i'd think" "i 'd think") or joined (a
    row "do n't know" also matches "don't know", a row "it 's said" "it's said")."""
    if not any("'" in t for t in tokens):
        return (tokens,)
    other: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        split = _split_clitic(t)
        if split is not None:
            other += split
        elif t == "n't" and other and other[-1].isalpha():
            other[-1] += t
        elif t == "'" and i + 1 < n and "'" + tokens[i + 1] in _CLITICS and other and other[-1].isalpha():
            other[-1] += "'" + tokens[i + 1]  # ("it", "'", "s": a row written "it 's")
            i += 1
        else:
            other.append(t)
        i += 1
    return (tokens,) if tuple(other) == tokens else (tokens, tuple(other))


def _joined(text: str) -> str:
    """``text`` with its Penn Treebank split contractions joined ("could n't" -> "couldn't", "it 's"
    -> "it's"), as :func:`_variants` joins them: what :meth:`Lexicon.search` compares."""
    if "'" not in text:
        return text
    words: list[str] = []
    for w in text.split(" "):
        if (w == "n't" or w in _CLITICS) and words and words[-1].isalpha():
            words[-1] += w
        else:
            words.append(w)
    return " ".join(words)


def _pattern_tokens(pattern: str) -> tuple[str, ...]:
    """Tokenize a pattern the way sentences are tokenized, keeping placeholders whole."""
    out: list[str] = []
    for item in pattern.split():
        if item in PLACEHOLDERS:
            out.append(item)
        else:
            out.extend(_plain(normalize_token(m.group())) for m in token_pattern(item).finditer(item))  # as sentences are
    return tuple(out)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One lexicon row.

    Attributes:
        pattern: lower-case, white-space separated words and placeholders (``"is believed to"``,
            ``"about <num>"``).
        category: one of :data:`LEXICON_CATEGORIES`.
        weight: prior strength in [0, 1] (how often the pattern is a real cue); 0 for ``pseudo`` rows.
        source: ``;``-separated keys from :data:`SOURCES`.
        note: free text.
    """

    pattern: str
    category: str
    weight: float
    source: str = "user"
    note: str = ""

    def __post_init__(self) -> None:
        # an int, a Decimal or a numpy number is a weight too (as with_entries' tuples take it); a bool
        # is not (a numpy bool is no numbers.Real)
        w = self.weight
        if isinstance(w, (numbers.Real, decimal.Decimal)) and type(w) is not float and not isinstance(w, bool):
            object.__setattr__(self, "weight", float(w))

    @property
    def tokens(self) -> tuple[str, ...]:
        """The pattern as the token sequence it matches."""
        return _pattern_tokens(self.pattern)

    def validate(self, where: str = "entry") -> None:
        """Raise :class:`LexiconError` (prefixed with ``where``) if any field is out of range (or a text
        field is not a ``str``)."""
        for name in ("pattern", "category", "source", "note"):
            if not isinstance(getattr(self, name), str):
                raise LexiconError(f"{where}: {name} {getattr(self, name)!r} of {self.pattern!r} must be a str")
        if not self.pattern or self.pattern != " ".join(self.pattern.split()):
            raise LexiconError(f"{where}: pattern {self.pattern!r} must be non-empty, single-spaced, trimmed")
        if self.pattern != self.pattern.lower():
            raise LexiconError(f"{where}: pattern {self.pattern!r} must be lower case")
        if any(i.startswith("<") and i.endswith(">") and i not in PLACEHOLDERS for i in self.pattern.split()):
            raise LexiconError(f"{where}: unknown placeholder in {self.pattern!r}; accepted: {sorted(PLACEHOLDERS)}")
        glued = [i for i in self.pattern.split() if i not in PLACEHOLDERS and any(p in i for p in PLACEHOLDERS)]
        if glued:
            fix = " ".join(_pattern_tokens(glued[0].replace("<num>", " <num> ")))
            raise LexiconError(f"{where}: {glued[0]!r} in {self.pattern!r} glues a placeholder to other text, which "
                               f"can never match; a placeholder is an item of its own: write {fix!r}")
        if not self.tokens:
            raise LexiconError(f"{where}: pattern {self.pattern!r} has no tokens")
        toks = self.tokens
        if any((a, b) in (("<", "num"), ("num", ">")) for a, b in zip(toks, toks[1:])):
            # "about <num", "about < num >", the full-width "＜ｎｕｍ＞": literal "<" and "num" tokens, no number
            raise LexiconError(f"{where}: {self.pattern!r} holds a malformed placeholder, which would match the "
                               "characters '<', 'num' and '>' literally and never a number; write <num> (ASCII, "
                               "no spaces inside), as an item of its own")
        if self.category not in LEXICON_CATEGORIES:
            raise LexiconError(
                f"{where}: unknown category {self.category!r}; accepted: {', '.join(LEXICON_CATEGORIES)}"
            )
        if not isinstance(self.weight, float) or not 0.0 <= self.weight <= 1.0:
            raise LexiconError(f"{where}: weight {self.weight!r} of {self.pattern!r} must be a float in [0, 1]")
        if self.category == "pseudo" and self.weight != 0.0:
            raise LexiconError(f"{where}: pseudo row {self.pattern!r} must have weight 0")
        keys = self.source.split(";")
        bad = [k for k in keys if k not in SOURCES]
        if bad:
            raise LexiconError(f"{where}: unknown source {bad[0]!r} of {self.pattern!r}; accepted: {sorted(SOURCES)}")
        if any(c in field for field in (self.pattern, self.source, self.note) for c in "\t\n\r"):
            raise LexiconError(f"{where}: fields of {self.pattern!r} must not contain tabs or line breaks")
        for name, field in (("pattern", self.pattern), ("category", self.category), ("source", self.source),
                            ("note", self.note)):
            try:
                field.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: bytes decoded with errors="surrogateescape"
                raise LexiconError(f"{where}: the {name} {field!r} of {self.pattern!r} is not text (it holds a lone "
                                   "surrogate, from bytes that were not valid UTF-8)") from None

    def to_row(self) -> str:
        """The entry as one TSV line (no line break)."""
        return "\t".join((self.pattern, self.category, _fmt_weight(self.weight), self.source, self.note))


def _fmt_weight(w: float) -> str:
    """The shortest text that reads back as exactly ``w`` ("0", "0.35", "1"; never rounded)."""
    if not w:
        return "0"
    text = repr(float(w))
    return text[:-2] if text.endswith(".0") else text


class Match(NamedTuple):
    """A lexicon match over tokens ``[first, last)`` of a sentence."""

    first: int
    last: int
    entry: LexiconEntry


EntryLike = LexiconEntry | Mapping[str, Any] | tuple


def _weight(value: Any, pattern: Any, where: str) -> float:
    """``value`` as a float; a :class:`LexiconError` naming the entry when it is not a number."""
    grouped = isinstance(value, str) and "_" in value or isinstance(value, (bytes, bytearray)) and b"_" in value
    if not isinstance(value, bool) and not grouped:  # (float("0_1") and float(b"0_1") are 1.0)
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            pass
    raise LexiconError(f"{where}: weight {value!r} of {pattern!r} is not a number; must be a number in [0, 1]")


def _entry_list(entries: Any, where: str) -> list[Any]:
    """``entries`` as a list (an iterable of entries: not None, a number or a bare str)."""
    if isinstance(entries, (str, bytes)) or not hasattr(entries, "__iter__"):
        raise InputTypeError(f"{where}: expected a list of entries ((pattern, category, weight) tuples, mappings "
                             f"or LexiconEntry), got {type(entries).__name__}")
    if hasattr(entries, "columns") and hasattr(entries, "to_dict"):  # (a table iterates over its column names)
        raise InputTypeError(f"{where}: got a table ({type(entries).__name__}), which iterates over its column "
                             "names; pass its rows, e.g. df.to_dict('records') (columns pattern, category, weight "
                             "and, optionally, source and note)")
    return list(entries)


#: the keys of an entry given as a mapping (:meth:`Lexicon.with_entries`)
_ENTRY_KEYS = ("pattern", "category", "weight", "source", "note")


def _text_or(value: Any, default: str) -> Any:
    """``value``, or ``default`` for a missing one (``None``, or a float NaN: a table's empty cell)."""
    return default if value is None or (isinstance(value, float) and value != value) else value


def _coerce(item: EntryLike, where: str) -> LexiconEntry:
    if isinstance(item, LexiconEntry):
        entry = item
    elif isinstance(item, Mapping):
        unknown = sorted(map(str, set(item) - set(_ENTRY_KEYS)))
        if unknown:  # ("sorce" was dropped, and the entry's source was "user")
            raise LexiconError(f"{where}: unknown key(s) {unknown} of {item.get('pattern')!r}; accepted: "
                               f"{', '.join(_ENTRY_KEYS)}")
        try:
            entry = LexiconEntry(
                pattern=item["pattern"],
                category=item["category"],
                weight=_weight(item["weight"], item["pattern"], where),
                # (a missing value: None, or a table's NaN, was written down as "None" / "nan")
                source=_text_or(item.get("source"), "user"),
                note=_text_or(item.get("note"), ""),
            )
        except KeyError as e:
            raise LexiconError(f"{where}: missing key {e.args[0]!r}; need pattern, category, weight") from None
    elif isinstance(item, tuple) and 3 <= len(item) <= 5:
        pattern, category, weight, *rest = item
        entry = LexiconEntry(pattern, category, _weight(weight, pattern, where),
                             *(_text_or(v, d) for v, d in zip(rest, ("user", ""))))
    else:
        raise LexiconError(
            f"{where}: expected a LexiconEntry, a mapping or a (pattern, category, weight[, source[, note]]) "
            f"tuple, got " + (f"a tuple of {len(item)} item(s): {item!r:.80}" if isinstance(item, tuple)
                              else f"{type(item).__name__} ({item!r:.60})")
        )
    entry.validate(where)
    return entry


def _check_distinct(entries: Sequence[LexiconEntry], name: str, lines: Sequence[int] | None = None) -> None:
    """Refuse two entries with one pattern, or two patterns that tokenize alike ("it's rumoured" and
    "it’s rumoured": only one of them could ever match). ``lines`` (a file's line of each entry)
    puts the line numbers in the message.

    Raises:
        LexiconError: naming both patterns (and lines).
    """
    seen: dict[tuple[str, ...], int] = {}
    for i, e in enumerate(entries):
        j = seen.setdefault(e.tokens, i)
        if j == i:
            continue
        other = entries[j].pattern
        where, at = (f"{name}: line {lines[i]}", f" (line {lines[j]})") if lines is not None else (name, "")
        if other == e.pattern:
            raise LexiconError(f"{where}: duplicate pattern {e.pattern!r}{at}")
        raise LexiconError(f"{where}: patterns {other!r}{at} and {e.pattern!r} match the same tokens "
                           f"{list(e.tokens)}; keep one")


class Lexicon:
    """An immutable set of cue patterns and a matcher over tokenized sentences.

    Build one with :func:`load_lexicon` (the shipped file or your own TSV) or from entries; extend it
    with :meth:`with_entries`, which returns a new lexicon and leaves this one untouched.

    Raises:
        LexiconError: on an invalid or duplicate entry (two patterns that tokenize alike, such as
            "it's rumoured" and "it’s rumoured", are duplicates; "couldn't" and "could n't" are not: a
            contraction also matches its split form, unless a row is written so), a ``base_hash``
            or ``ancestors`` item that is not ``"sha256:"`` and 64 hex digits, or a ``base_hash``
            that is not the first of ``ancestors``.
        InputTypeError: ``name`` is not a ``str``.
    """

    __slots__ = ("_entries", "_root", "_hash", "_ancestors", "_name", "_by_pattern", "_by_tokens", "_dot_final")

    def __init__(self, entries: Iterable[EntryLike], *, name: str = "custom", base_hash: str | None = None,
                 ancestors: Sequence[str] | None = None) -> None:
        if not isinstance(name, str):
            raise InputTypeError(f"Lexicon: name must be a str, got {name!r:.40}")
        items = [_coerce(e, f"{name}: entry {i + 1}") for i, e in enumerate(_entry_list(entries, "Lexicon"))]
        items.sort(key=lambda e: e.pattern)
        _check_distinct(items, name)
        seen = {e.tokens: e.pattern for e in items}
        forms: list[tuple[tuple[str, ...], LexiconEntry]] = [(e.tokens, e) for e in items]
        # A row's other contraction form ("do n't know" of "don't know") where no row is written so:
        # a file with both forms (as lexicons before the split forms had: "couldn't", "could n't")
        # keeps each row for its own form.
        for e in items:
            for toks in _variants(e.tokens)[1:]:
                if toks not in seen:
                    seen[toks] = e.pattern
                    forms.append((toks, e))
        if base_hash is not None and not (isinstance(base_hash, str) and _HASH_RE.fullmatch(base_hash)):
            raise LexiconError(f"{name}: base_hash must be 'sha256:' and 64 hex digits (a lexicon's .hash), "
                               f"got {base_hash!r}")
        if ancestors is None:
            chain: tuple[str, ...] = () if base_hash is None else (base_hash,)
        else:
            if isinstance(ancestors, str) or not isinstance(ancestors, Sequence):
                raise LexiconError(f"{name}: ancestors must be a list or tuple of lexicon hashes, oldest first, "
                                   f"got {type(ancestors).__name__}")
            chain = tuple(ancestors)
            bad = [a for a in chain if not (isinstance(a, str) and _HASH_RE.fullmatch(a))]
            if bad:
                raise LexiconError(f"{name}: ancestors must be lexicon hashes ('sha256:' and 64 hex digits), "
                                   f"got {bad[0]!r}")
            if base_hash is not None and chain[:1] != (base_hash,):
                raise LexiconError(f"{name}: base_hash {base_hash[:19]}… is not the first of ancestors "
                                   f"({chain[0][:19] + '…' if chain else 'none'})")
        self._entries: tuple[LexiconEntry, ...] = tuple(items)
        self._name = name
        # A token trie: each node maps a token (or "<num>") to the next node; _END holds the entry
        # whose pattern (or a split-contraction form of it) ends at the node.
        root: dict[Any, Any] = {}
        for toks, e in forms:
            node = root
            for tok in toks:
                node = node.setdefault(tok, {})
            node[_END] = e
        self._root = root
        self._by_pattern = {e.pattern: e for e in self._entries}
        self._by_tokens = {toks: e for toks, e in forms}
        # whether a pattern ends in "." (the shipped "<num> may ."): match(open_end=True) looks again
        self._dot_final = any(toks[-1] == "." for toks, _ in forms)
        digest = hashlib.sha256("\n".join(e.to_row() for e in self._entries).encode("utf-8")).hexdigest()
        self._hash = "sha256:" + digest
        # each once, oldest first; the lexicon itself is not its own parent (a derivation that changed
        # nothing, or a lexicon pickled with its own hash as its base), but one whose rows came back
        # to an older ancestor's keeps that one, so that base_hash stays the root it came from
        ancestors = list(dict.fromkeys(chain))
        if ancestors and ancestors[-1] == self._hash:
            ancestors.pop()
        self._ancestors = tuple(ancestors)

    @property
    def name(self) -> str:
        """The lexicon's name (a file's name, ``"hedgekit"`` for the shipped one; ``+`` / ``-``
        appended by derivation)."""
        return self._name

    @property
    def base_hash(self) -> str:
        """The :attr:`hash` of the lexicon this one was first derived from with :meth:`with_entries`
        or :meth:`without` (the oldest of :attr:`ancestors`; its own for one that was not derived)."""
        return self._ancestors[0] if self._ancestors else self._hash

    @property
    def ancestors(self) -> tuple[str, ...]:
        """The :attr:`hash` of every lexicon this one was derived from, oldest first (``()`` for one
        that was not derived): a model trained with any of them accepts this one, so a lexicon
        derived from a derived lexicon works with the model trained on its parent."""
        return self._ancestors

    def __reduce__(self) -> tuple[Any, ...]:
        # The trie holds a module-level sentinel; rebuild from the rows instead of pickling it.
        return (_rebuild, (type(self), self._entries, self.name, self._ancestors))

    # --- container protocol -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries)

    def _lookup(self, pattern: object) -> LexiconEntry | None:
        """The row of ``pattern``: the one written so, else the one it tokenizes like (case,
        typographic apostrophes and hyphens, spacing and a split contraction do not matter)."""
        if not isinstance(pattern, str):
            return None
        e = self._by_pattern.get(pattern)
        if e is None:
            e = self._by_tokens.get(_pattern_tokens(pattern.lower()))
        return e

    def __contains__(self, pattern: object) -> bool:
        """Whether a row has ``pattern``, compared as the matcher does: ``"It’s rumoured" in lex``
        when the row is "it's rumoured", ``"could n't"`` for "couldn't"."""
        return self._lookup(pattern) is not None

    def __getitem__(self, pattern: str) -> LexiconEntry:
        """The row of ``pattern``, compared as :meth:`__contains__` does.

        Raises:
            NotFoundError: (a ``KeyError``) no row has it.
        """
        e = self._lookup(pattern)
        if e is None:
            raise NotFoundError(pattern, key=True)  # (a bare key, as KeyError carries it: quoted by str())
        return e

    def __repr__(self) -> str:
        return f"Lexicon(name={self.name!r}, entries={len(self)}, hash={self._hash[:15]}…)"

    @property
    def entries(self) -> tuple[LexiconEntry, ...]:
        """All rows, sorted by pattern."""
        return self._entries

    @property
    def hash(self) -> str:
        """``"sha256:<hex>"`` of the canonical TSV rows; models record it to check they match."""
        return self._hash

    def by_category(self, category: str) -> tuple[LexiconEntry, ...]:
        """The rows of one category (one of :data:`LEXICON_CATEGORIES`).

        Raises:
            LexiconError: ``category`` is not one of them.
        """
        if category not in LEXICON_CATEGORIES:
            raise LexiconError(f"unknown category {category!r}; accepted: {', '.join(LEXICON_CATEGORIES)}")
        return tuple(e for e in self._entries if e.category == category)

    def search(self, text: str) -> tuple[LexiconEntry, ...]:
        """The rows whose pattern contains ``text`` (a substring, compared as tokens are: case,
        typographic apostrophes, runs of white space, a split contraction, "could n't", soft hyphens,
        zero-width characters and direction marks, and decomposed accents, "nai\\u0308ve", do not
        matter; nor does spacing around punctuation: "Mrs. May" finds "mrs . may", as the matcher
        reads the text).

        Raises:
            InputTypeError: ``text`` is not a ``str``.
            ArgumentError: ``text`` holds nothing to search for (white space and invisible
                characters only; it would match every row).
        """
        if not isinstance(text, str):
            raise InputTypeError(f"search() expects a str, got {type(text).__name__}")
        # (the invisible characters and direction marks go before white space is collapsed: "no \u200b
        # doubt" is "no doubt", as the tokenizer reads it)
        needle = _joined(_plain(normalize_token(" ".join(text.translate(_DROP_EDGE).split()))))
        if not needle:
            raise ArgumentError(f"search(): {text!r} holds nothing to search for (white space and invisible "
                                "characters only); pass a word or part of one")
        tokens = _joined(" ".join(_pattern_tokens(text.lower())))  # (as the matcher reads it: "mrs . may")
        return tuple(e for e in self._entries if needle in _joined(_plain(normalize_token(e.pattern)))
                     or tokens and tokens in _joined(" ".join(_pattern_tokens(e.pattern))))

    # --- deriving new lexicons ----------------------------------------------------------------
    def with_entries(self, entries: Iterable[EntryLike], *, replace: bool = True) -> Lexicon:
        """Return a new lexicon with ``entries`` added; this one is not changed.

        A model scores a row it was trained with by what it learned for the pattern, and a new row by
        its category and prior weight only. Two consequences are warned about (``UserWarning``):

        - a replaced row of another category keeps what the model learned for its pattern, while the
          features of its old category and prior give way to the new one's, which can move the
          score a lot: with "may" re-categorised as a booster, "The drug may reduce mortality."
          goes from certainty 0.34 (uncertain) to 0.91 (certain) under the shipped model, though
          the cue still adds uncertainty (+1.0 log-odds) by what was learned for "may" itself.
          Re-weighting a row is what its prior is for, and is not warned about;
        - a new row that contains an existing one ("minister reportedly" contains "reportedly")
          wins where both match (the longest match does), so there the model's knowledge of the
          shorter row no longer applies and the sentence can come out *less* hedged.

        Args:
            entries: :class:`LexiconEntry` objects, mappings with ``pattern``, ``category``,
                ``weight`` (and optionally ``source``, ``note``), or tuples in that order (a list
                of them; a single tuple is refused).
            replace: when True (default) an entry whose pattern already exists (or one that
                tokenizes alike: "it’s rumoured" for "it's rumoured", "could n't" for "couldn't")
                replaces the old row, keeping the old row's spelling of the pattern (a model's
                features name it as written); when False that is a :class:`LexiconError`.

        Raises:
            LexiconError: an invalid entry, two new entries alike (the same pattern twice, or a
                contraction and its split form, "couldn't guess" and "could n't guess"), or a clash
                with ``replace=False``.
        """
        if isinstance(entries, (tuple, LexiconEntry, Mapping)) and (
                isinstance(entries, (LexiconEntry, Mapping)) or (entries and isinstance(entries[0], str))):
            raise LexiconError("with_entries: pass a list of entries, e.g. with_entries([(pattern, category, "
                               "weight)]); got one entry")
        new = [_coerce(e, f"with_entries: entry {i + 1}") for i, e in enumerate(_entry_list(entries, "with_entries"))]
        alike: dict[tuple[str, ...], int] = {}
        for i, e in enumerate(new):  # two new entries alike, a contraction and its split form too ("couldn't x",
            for toks in _variants(e.tokens):  # "could n't x"), as one of them would replace the other in two calls
                j = alike.setdefault(toks, i)
                if j == i:
                    continue
                other = new[j]
                if other.pattern == e.pattern:
                    raise LexiconError(f"with_entries: entries {j + 1} and {i + 1} both have pattern {e.pattern!r}; "
                                       "pass one")
                why = "" if other.tokens == e.tokens else " (a contraction matches its split form)"
                raise LexiconError(f"with_entries: new entries {other.pattern!r} and {e.pattern!r} match the "
                                   f"same tokens {list(toks)}{why}; pass one")
        by_tokens = self._by_tokens  # a row's own form first, then the other contraction forms
        replaced = []
        for e in new:
            old = next((by_tokens[toks] for toks in _variants(e.tokens) if toks in by_tokens), None)
            if old is not None:
                replaced.append((old, e))
        if replaced and not replace:
            raise LexiconError(f"with_entries: pattern {replaced[0][1].pattern!r} exists already "
                               f"({replaced[0][0].pattern!r}; pass replace=True)")
        gone = {old.pattern for old, _ in replaced}
        for old, e in replaced:
            if old.category != e.category and e.category == "pseudo":
                _warn(f"with_entries: {old.pattern!r} was {old.category}, now pseudo: it is no cue any more "
                           "(its matches are consumed and give no features, so a model's weights for it no longer "
                           "apply)")
            elif old.category == "pseudo" and e.category != "pseudo":
                _warn(f"with_entries: {old.pattern!r} was pseudo, now {e.category}: a cue now, scored by its "
                           "category and prior weight only (a model learns nothing for a pseudo row)")
            elif old.category != e.category:
                _warn(f"with_entries: {old.pattern!r} was {old.category}, now {e.category}: a model keeps "
                           "what it learned for the pattern, and scores the new category and prior weight in place of "
                           "the old ones, so a sentence with it can change its score a lot (either way)")
        # a replacing row keeps the old row's spelling ("so‐called" for "so-called", "could n't" for
        # "couldn't"): a model's features name the pattern as written, and they must keep applying
        respelt = {id(e): dataclasses.replace(e, pattern=old.pattern) for old, e in replaced if e.pattern != old.pattern}
        replacing = {id(e) for _, e in replaced}
        for e in new:
            if id(e) in replacing:
                continue  # it matches where the old row did: the rows it contains were shadowed already
            inner = sorted({by_tokens[t[i:j]].pattern for t in _variants(e.tokens) for i in range(len(t))
                            for j in range(i + 1, len(t) + (i > 0)) if t[i:j] in by_tokens
                            and by_tokens[t[i:j]].pattern not in gone and by_tokens[t[i:j]].category != "pseudo"})
            if inner and e.category != "pseudo":
                _warn(f"with_entries: {e.pattern!r} contains the row(s) {', '.join(map(repr, inner))}; where "
                              "it matches it wins, and the model scores it by its category and prior weight "
                              "only, not by what it learned for those rows")
        kept = [e for e in self._entries if e.pattern not in gone]
        return Lexicon(kept + [respelt.get(id(e), e) for e in new], name=self.name + "+",
                       ancestors=(*self._ancestors, self._hash))

    def without(self, patterns: str | Iterable[str]) -> Lexicon:
        """Return a new lexicon without the rows of ``patterns`` (one pattern or several, compared
        as :meth:`__contains__` does).

        Raises:
            NotFoundError: (a ``KeyError``, as for ``lexicon[pattern]``) a pattern no row has.
            InputTypeError: ``patterns`` is neither a str nor an iterable of them, or holds a non-str.
        """
        if not isinstance(patterns, str) and not (hasattr(patterns, "__iter__") and not isinstance(patterns, bytes)):
            raise InputTypeError(f"without: expected a pattern (a str) or a list of them, got {patterns!r:.40}")
        given = [patterns] if isinstance(patterns, str) else list(patterns)
        bad = next((p for p in given if not isinstance(p, str)), None)
        if bad is not None:
            raise InputTypeError(f"without: a pattern is a str, got {bad!r:.40}")
        missing = [p for p in given if p not in self]
        if missing:
            raise NotFoundError(f"without: no row with pattern {missing[0]!r} (look rows up with "
                                f"lexicon.search(...) or 'hedgekit lexicon search')")
        drop = {self[p].pattern for p in given}
        return Lexicon([e for e in self._entries if e.pattern not in drop], name=self.name + "-",
                       ancestors=(*self._ancestors, self._hash))

    def to_tsv(self, path: str | PathLike[str]) -> None:
        """Write the lexicon as a TSV file that :func:`load_lexicon` reads back unchanged: the same
        rows, weights and :attr:`hash`, and, for a lexicon derived from another with
        :meth:`with_entries` or :meth:`without`, its :attr:`ancestors`, written as lines
        ``# base: sha256:…`` before the header, oldest first (so a model trained with any of them
        accepts the file). The file is written whole or not at all
        (:func:`hedgekit.fileio.write_atomic`): a write that fails leaves the file that was at
        ``path`` as it was.

        Raises:
            InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``.
            ArgumentError: ``path`` is empty or names a folder.
            OSError: the file cannot be written (no such folder, no permission, no space).
        """
        if not isinstance(path, (str, PathLike)):
            raise InputTypeError(f"to_tsv: path must be a str or os.PathLike, got {type(path).__name__}")
        write_atomic(path, self.tsv_text().encode("utf-8"), "to_tsv")

    def tsv_text(self) -> str:
        """What :meth:`to_tsv` writes, as a string."""
        lines = [f"{BASE_PREFIX}{a}" for a in self._ancestors] + ["\t".join(HEADER)] + \
            [e.to_row() for e in self._entries]
        return "\n".join(lines) + "\n"

    # --- matching -----------------------------------------------------------------------------
    def match(self, tokens: list[str], candidates: Iterable[int] | None = None,
              digits: bool | None = None, *, open_end: bool = False) -> list[Match]:
        """Find cue candidates in normalized ``tokens`` (see :func:`hedgekit.text.token_spans`).

        Left to right, the longest pattern that matches at a position wins and its tokens are
        consumed (on a tie, a literal word beats ``<num>``); ``pseudo`` rows consume tokens but are
        not returned. A ``<num>`` takes a number token, or a currency symbol or sign and the number
        after it; a contraction also matches its Penn Treebank split ("do n't"). Linear in
        ``len(tokens)``: patterns are a few tokens long.

        Args:
            tokens: normalized tokens.
            candidates: optional increasing positions outside which no pattern can start (a fast
                pre-filter, see :meth:`first_pairs`); ``None`` tries every position.
            digits: whether any token is a number (starts with a digit), if already known;
                ``False`` skips the ``<num>`` patterns.
            open_end: read ``tokens`` as followed by ``.``, as :class:`hedgekit.Scorer` reads a
                sentence without a final mark (``end_mark``, :func:`hedgekit.features.open_ended`;
                the caller decides): a pattern's final ``.`` then matches at the end ("<num> may ."
                takes the month of a headline's "Polls close 5 May"), and such a match ends at the
                last token.

        Raises:
            InputTypeError: ``tokens`` is a bare ``str`` (it would be read a character at a time), not
                a list or tuple, or holds an item that is not a ``str``.
        """
        bad = -1 if not isinstance(tokens, (list, tuple)) else \
            next((i for i, t in enumerate(tokens) if not isinstance(t, str)), None)
        if bad is not None:
            got = type(tokens).__name__ + ("" if bad < 0 else f" whose item {bad} is {type(tokens[bad]).__name__}")
            raise InputTypeError("match() takes normalized tokens, a list of str (hedgekit.text.normalized_tokens("
                                 f"sentence)), got {got}; to find the cues of a sentence, use find(sentence)")
        if open_end and tokens and self._dot_final:
            n = len(tokens)
            return [m if m.last <= n else Match(m.first, n, m.entry)
                    for m in self.match([*tokens, "."], candidates, digits) if m.first < n]
        out: list[Match] = []
        root = self._root
        num_root = _NUM in root
        if digits is None:
            digits = _ANY_DIGIT("".join(tokens)) is not None
        n = len(tokens)
        i = 0
        for pos in range(n) if candidates is None else candidates:
            if pos < i:
                continue
            i = pos
            tok = tokens[i]
            node = root.get(tok)
            if digits and num_root and not tok.isalpha() and (
                    _DIGIT(tok) or (_num_prefix(tok) and _num_len(tokens, i, n))):
                entry, k = self._longest(tokens, i, n, digits)
            elif node is None:
                continue
            else:  # walk the one literal path down the trie, unless "<num>" could branch it
                entry, k, j = None, 0, i
                while True:
                    if digits and _NUM in node:
                        entry, k = self._longest(tokens, i, n, digits)
                        break
                    e = node.get(_END)
                    if e is not None:
                        entry, k = e, j + 1 - i
                    j += 1
                    if j >= n:
                        break
                    node = node.get(tokens[j])
                    if node is None:
                        break
            if entry is None:
                continue
            if entry.category != "pseudo":
                out.append(Match(i, i + k, entry))
            i += k
        return out

    def first_pairs(self) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """What a match must start with: the one-token patterns' tokens, and the first two tokens of
        the longer ones and of their split-contraction forms (``"<num>"`` standing for a number
        token). A position whose token (and next token) fit neither cannot start a match -- except
        that a ``<num>`` may take a currency symbol or sign before its number ("$ 5"), so a pattern
        that starts with ``<num>`` may start at such a symbol, and one with ``<num>`` second
        ("about <num>") may have the symbol as its second token."""
        forms = list(self._by_tokens)  # every row's own form and the contraction forms it took
        singles = frozenset(toks[0] for toks in forms if len(toks) == 1)
        pairs = frozenset(toks[:2] for toks in forms if len(toks) > 1)
        return singles, pairs  # type: ignore[return-value]

    def single_entries(self) -> dict[str, LexiconEntry]:
        """The entries of the one-token patterns (``"<num>"`` aside), by their token."""
        return {t: node[_END] for t, node in self._root.items() if t != _NUM and _END in node}

    def _longest(self, tokens: list[str], i: int, n: int, digits: bool) -> tuple[LexiconEntry | None, int]:
        """The longest pattern matching ``tokens`` from position ``i``, and its length in tokens."""
        best: LexiconEntry | None = None
        best_len = 0
        stack = [(self._root, i)]
        while stack:
            node, j = stack.pop()
            e = node.get(_END)
            if e is not None and j - i > best_len:
                best, best_len = e, j - i
            if j < n:
                t = tokens[j]
                if digits and _NUM in node and not t.isalpha():
                    k = 1 if _DIGIT(t) else (_num_prefix(t) and _num_len(tokens, j, n))
                    if k:
                        stack.append((node[_NUM], j + k))
                child = node.get(t)
                if child is not None:  # pushed last, so explored first: literal beats <num> on a tie
                    stack.append((child, j + 1))
        return best, best_len

    def find(self, sentence: str) -> tuple[Cue, ...]:
        """The cue candidates of one raw sentence, as :class:`~hedgekit.types.Cue`\\ s with offsets.

        The cues carry the lexicon's prior ``weight`` and ``contribution=0.0``: this is the lexicon
        alone, before the classifier decides. Use :func:`hedgekit.score` for in-context decisions.

        Raises:
            InputTypeError: ``sentence`` is not a ``str``.
        """
        if not isinstance(sentence, str):
            hint = (f" ({_DECODE_HINT})" if isinstance(sentence, (bytes, bytearray)) else
                    " (for many sentences: [lexicon.find(s) for s in sentences])" if hasattr(sentence, "__iter__")
                    else "")
            raise InputTypeError(f"find() expects a str (one sentence), got {type(sentence).__name__}{hint}")
        norms, spans = token_spans(sentence)
        cues = []
        for m in self.match(norms):
            a, b = spans[m.first][0], spans[m.last - 1][1]
            e = m.entry
            cues.append(_cue(sentence[a:b], a, b, e.category, e.weight, 0.0, e.pattern))  # (fields known good)
        return tuple(cues)


def _rebuild(cls: type[Lexicon], entries: tuple[LexiconEntry, ...], name: str,
             ancestors: tuple[str, ...] | str) -> Lexicon:
    # a lexicon pickled before ancestors (a saved HedgeClassifier's lexicon_) gave its base_hash: its
    # one ancestor, or its own hash, which Lexicon() drops
    return cls(entries, name=name, ancestors=(ancestors,) if isinstance(ancestors, str) else ancestors)


def _read_tsv(text: str, name: str) -> tuple[list[LexiconEntry], tuple[str, ...]]:
    """``(entries, ancestors)`` of a lexicon file's text: the hashes of its ``# base:`` lines."""
    lines = text.removeprefix("\ufeff").split("\n")  # a byte-order mark (as some editors write) is no text
    if lines and lines[-1] == "":
        lines.pop()
    bases: list[str] = []
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        m = _BASE_RE.fullmatch(lines[skip].rstrip("\r"))
        if m is None:
            raise LexiconError(f"{name}: line {skip + 1}: the only lines allowed before the header are "
                               f"'{BASE_PREFIX}sha256:<64 hex digits>' (the lexicons this one was derived from, "
                               "oldest first)")
        bases.append(m.group(1))
        skip += 1
    if len(lines) <= skip or tuple(lines[skip].rstrip("\r").split("\t")) != HEADER:
        raise LexiconError(f"{name}: line {skip + 1}: header must be {chr(9).join(HEADER)!r} (tab-separated)")
    entries: list[LexiconEntry] = []
    line_of: list[int] = []
    for no, line in enumerate(lines[skip + 1:], start=skip + 2):
        line = line.rstrip("\r")
        where = f"{name}: line {no}"
        if not line.strip():
            raise LexiconError(f"{where}: blank line")
        cols = line.split("\t")
        if len(cols) != 5:
            raise LexiconError(f"{where}: expected 5 tab-separated columns {HEADER}, got {len(cols)}")
        pattern, category, weight_s, source, note = cols
        try:  # (float() reads "0_1" as 1.0: Python's digit grouping, no weight's)
            weight = float("_" if "_" in weight_s else weight_s)
        except ValueError:
            raise LexiconError(f"{where}: weight {weight_s!r} is not a number in [0, 1]") from None
        if weight != weight:  # NaN
            raise LexiconError(f"{where}: weight is NaN; must be a number in [0, 1]")
        entry = LexiconEntry(pattern, category, weight, source, note)
        entry.validate(where)
        if entries and entry.pattern <= entries[-1].pattern:
            what = "duplicate" if entry.pattern == entries[-1].pattern else "out of order"
            raise LexiconError(f"{where}: pattern {entry.pattern!r} is {what} (rows must be sorted and unique)")
        entries.append(entry)
        line_of.append(no)
    _check_distinct(entries, name, line_of)  # as Lexicon() does, with the lines
    return entries, tuple(bases)


_shipped_lexicon: list[Lexicon] = []
_shipped_lock = threading.Lock()


def _warn(message: str) -> None:
    """A ``with_entries`` warning, at the caller's line: Python's default warning filter shows each
    message once per calling line (a loop or a Dask task that builds the same lexicon again does not
    repeat it), and the caller's filters decide the rest (``"always"``, ``"error"``, ``"ignore"``;
    a set of messages already given kept them from warning twice, whatever the filters said)."""
    warnings.warn(message, UserWarning, stacklevel=3)


def _shipped() -> Lexicon:
    """The shipped lexicon, parsed once per process (under a lock: threads that ask first together
    get the same object)."""
    if not _shipped_lexicon:
        with _shipped_lock:
            if not _shipped_lexicon:
                ref = resources.files("hedgekit") / "data" / "lexicon.tsv"
                entries, _ = _read_tsv(ref.read_text(encoding="utf-8"), "hedgekit/data/lexicon.tsv")
                _shipped_lexicon.append(Lexicon(entries, name="hedgekit"))
    return _shipped_lexicon[0]


def _utf16_like(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes, NUL among them) reads as UTF-16 without a byte-order
    mark: every other byte NUL (ASCII text in UTF-16), in the even or the odd places."""
    pairs = len(head) // 2
    return pairs > 0 and (head[0::2].count(0) >= 0.9 * pairs or head[1::2].count(0) >= 0.9 * pairs)


def load_lexicon(path: str | PathLike[str] | None = None) -> Lexicon:
    """Load a lexicon TSV file; ``None`` loads the one shipped with hedgekit (cached).

    The lines ``# base: sha256:…`` before the header (what :meth:`Lexicon.to_tsv` writes for a
    derived lexicon, oldest first) become the lexicon's :attr:`Lexicon.ancestors` (the first, its
    :attr:`Lexicon.base_hash`).

    Raises:
        LexiconError: the file is malformed (the message names the file and line).
        FileNotFoundError: ``path`` does not exist.
        InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``; ``ArgumentError``: it is empty.
    """
    if path is None:
        return _shipped()
    p = file_path(path, "a lexicon")
    try:
        text = p.read_text(encoding="utf-8")  # (universal newlines: CRLF files read as LF ones)
    except UnicodeDecodeError as e:
        data = e.object
        head = data[:2]
        if head == b"\x1f\x8b":  # (gzip: a model file, .json.gz, given as a lexicon)
            raise LexiconError(f"{p}: a gzip file, not a lexicon TSV (a model file? it goes to Scorer(model=path) "
                               "or --model; a cue model to CueDetector(model=path) or cues --model; a lexicon is a "
                               "UTF-8 .tsv such as hedgekit/data/lexicon.tsv)") from None
        if head in (b"\xff\xfe", b"\xfe\xff") or (b"\x00" in data[:200] and _utf16_like(data[:200])):
            # (Windows' "Unicode text")
            raise LexiconError(f"{p}: UTF-16 text, not UTF-8; a lexicon file is UTF-8: save it as such "
                               f"(e.g. iconv -f utf-16 -t utf-8)") from None
        if b"\x00" in data[:200]:
            raise LexiconError(f"{p}: a binary file (NUL bytes), not a lexicon TSV; a lexicon file is UTF-8 text, "
                               "such as hedgekit/data/lexicon.tsv") from None
        line = len(re.findall(rb"\r\n|\r|\n", data[: e.start])) + 1
        raise LexiconError(f"{p}: line {line}: not UTF-8 text ({e.reason} at byte {e.start}: "
                           f"{data[e.start:e.start + 1]!r}); a lexicon file is UTF-8: save it as such (from Windows-1252, "
                           f"e.g. iconv -f cp1252 -t utf-8)") from None
    entries, bases = _read_tsv(text, str(p))
    return Lexicon(entries, name=p.name, ancestors=bases)
