"""Cue-level detection: which lexicon candidates are real hedge cues *in context*, and where exactly.

The lexicon (:mod:`hedgekit.lexicon`) proposes candidates; the sentence model only uses them as
features. This module learns from corpora with cue annotations (BioScope, the Szeged Uncertainty
Corpus) a per-candidate classifier, in the style of the CoNLL-2010 cue detectors:

- a **candidate** is a lexicon match, or an occurrence of an *extra* pattern -- a gold cue string that
  the lexicon never proposes (``"or"``, ``"either"`` in BioScope), learned from the training data;
- its **label** is 1 when it overlaps a gold cue;
- its **features** (:func:`candidate_features`) are the pattern, the lexicon category and prior, the
  words at -2..+2 (alone and joined with the pattern), suffix classes of the neighbours (a cheap
  part-of-speech hint: ``-ed``, ``-ing``, ``-ly``, ``-tion``...), whether ``that``/``to``/
  ``whether``/``if`` follows, a negation before, capitalisation, and the position in the sentence;
- the classifier is an L2 logistic regression (scikit-learn, at training time only);
- a **span template** per pattern maps a positive candidate to the gold cue span(s) the corpus
  annotates inside or around it (the lexicon's ``"may be"`` is annotated ``"may"``; Szeged's
  ``"to determine whether"`` is two cues, ``"determine"`` and ``"whether"``) and gives their category.

Prediction (:meth:`CueModel.predict`) is numpy-free dictionary look-ups and a sigmoid per candidate;
the model is plain JSON (:meth:`CueModel.to_json`), no pickle.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import numbers
import os
import sys
import threading
import warnings
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from .errors import (ArgumentError, HedgekitError, InputTypeError, ModelError, check_open_unit, check_sentences,
                     file_path, is_number, one_str_hint)
from .features import FINAL_MARKS, open_ended, unmarked
from .fileio import write_atomic
from .lexicon import BASE_PREFIX, Lexicon
from .model import MAX_WEIGHT, read_bounded, read_json_document
from .scorer import check_end_mark
from .text import _IGNORABLE, token_spans
from .types import CATEGORIES, AnnotatedSentence, Cue, SentenceScore, _cue, _sentence_score

__all__ = ["detect", "score", "CueDetector", "load_cue_model", "DOMAINS", "Candidate", "CueModel", "PredictedCue", "candidates", "candidate_features", "sentence_words", "gold_token_spans", "learn_backoff", "BACKOFF_CODES",
           "instances", "instance_matrix", "learn_extra", "learn_templates", "fit_cue_model", "cue_model_from_instances", "fit_shipped_cue_model",
           "sentence_cue_features", "write_cue_model", "cue_model_document", "cue_model_from_document",
           "SENTENCE_FEATURES"]

#: Lexicon category -> Szeged-style category, for patterns whose annotated category is unknown. A
#: booster row has none: it is a cue only where the corpus annotated it with a type (:meth:`CueModel.spans`).
DEFAULT_CATEGORY: dict[str, str] = {
    "epistemic": "epistemic", "doxastic": "doxastic", "hearsay": "doxastic", "weasel": "doxastic",
    "approximation": "epistemic", "condition": "condition", "investigation": "investigation",
    "dynamic": "dynamic",
}

_NEG = frozenset({"not", "no", "n't", "never", "cannot", "nor", "without"})
_FOLLOW = ("that", "to", "whether", "if", "be", "have", "of", "as")
#: Words anywhere in the sentence that change what a candidate means (a conditional "would" in a
#: sentence with "if", a "may" inside reported speech): each gives the feature ``p|has=<pattern>|<w>``.
_SENTENCE_WORDS = ("if", "unless", "whether", "that", "said", "says", "claims", "claimed", "according", "?",
                   '"', "'")
#: At most this many other candidates of the sentence give ``p|other=<pattern>|<other pattern>``.
_MAX_OTHERS = 4

Template = tuple[tuple[int, int, str], ...]  # (token offset from candidate start, end offset, category)


class Candidate(NamedTuple):
    """A cue candidate over tokens ``[first, last)``: a lexicon match or an extra pattern."""

    first: int
    last: int
    pattern: str
    category: str
    weight: float
    extra: bool


class PredictedCue(NamedTuple):
    """One predicted cue: character span in the sentence, category, and the candidate's probability.

    Attributes:
        start, end: character offsets into the sentence, ``sentence[start:end] == text``.
        category: Szeged-style category (``epistemic``, ``doxastic``, ``investigation``, ``condition``,
            ``dynamic``); a model trained on untyped cues (``bioscope``) gives a lexicon match its
            lexicon category mapped to these (:data:`DEFAULT_CATEGORY`: hearsay and weasel rows are
            ``doxastic``, approximation ``epistemic``) and an extra pattern (e.g. ``"or"``) ``unspecified``.
        probability: P(cue) of the candidate that produced it (a candidate whose template yields two
            cues, e.g. ``"to determine whether"`` -> ``"determine"``, ``"whether"``, gives both).
        pattern: the lexicon (or extra) pattern of that candidate.
        text: the cue as written in the sentence.
    """

    start: int
    end: int
    category: str
    probability: float
    pattern: str
    text: str = ""


def candidates(tokens: Sequence[str], lexicon: Lexicon, extra: Mapping[str, str] | None = None, *,
               open_end: bool = False) -> list[Candidate]:
    """The cue candidates of a sentence's normalized tokens, in token order.

    Lexicon matches (:meth:`Lexicon.match`; ``open_end``: as if the tokens ended in ``.``, as
    :meth:`CueModel.candidate_probabilities` reads an open-ended sentence with ``end_mark``) first;
    then every occurrence of an ``extra`` pattern (space-joined normalized tokens -> category) that
    does not overlap a lexicon match or another extra occurrence (longest extra pattern first at
    each position).
    """
    toks = list(tokens)
    out = [Candidate(m.first, m.last, m.entry.pattern, m.entry.category, m.entry.weight, False)
           for m in lexicon.match(toks, open_end=open_end)]
    if extra:
        by_first = _extra_index(frozenset(extra.items()))
        taken = bytearray(len(toks))
        for c in out:
            taken[c.first:c.last] = b"\x01" * (c.last - c.first)
        added = False
        resume = 0  # tokens before this are part of an extra occurrence already found
        for i, tok in enumerate(toks):
            if i < resume or taken[i] or tok not in by_first:
                continue
            for t in by_first[tok]:
                k = len(t)
                if tuple(toks[i:i + k]) == t and not any(taken[i:i + k]):
                    p = " ".join(t)
                    out.append(Candidate(i, i + k, p, extra[p], 0.0, True))
                    resume = i + k
                    added = True
                    break
        if added:
            out.sort(key=lambda c: (c.first, c.last))
    return out


@lru_cache(maxsize=16)
def _extra_index(items: frozenset[tuple[str, str]]) -> dict[str, list[tuple[str, ...]]]:
    """Extra patterns by first token, longest first (built once per set of patterns)."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for p, _ in items:
        t = tuple(p.split())
        by_first[t[0]].append(t)
    for lst in by_first.values():
        lst.sort(key=lambda t: (-len(t), t))
    return dict(by_first)


def _suffix_class(tok: str) -> str:
    if not tok:
        return "none"
    if tok[0].isdigit():
        return "num"
    if not tok[0].isalnum():
        return "punct"
    for suf in ("ing", "ed", "ly", "tion", "sion", "ment", "ness", "ity", "able", "ible", "ive", "ous", "al", "ic",
                "es", "s"):
        if tok.endswith(suf) and len(tok) > len(suf) + 2:
            return suf
    return "short" if len(tok) <= 3 else "other"


def _w(tok: str) -> str:
    return "<num>" if tok[:1].isdigit() else tok


def sentence_words(tokens: Sequence[str]) -> list[str]:
    """Which of :data:`_SENTENCE_WORDS` occur in the sentence (once per sentence, for
    :func:`candidate_features`' ``has``)."""
    present = set(tokens)
    return [w for w in _SENTENCE_WORDS if w in present]


#: what ends a sentence for the ``noend`` feature: the final marks, and the ";" or ":" that ends a
#: clause piece (:func:`hedgekit.features.open_ended` with these marks)
_CLAUSE_ENDS = FINAL_MARKS | {";", ":"}


def candidate_features(tokens: Sequence[str], cands: Sequence[Candidate], i: int,
                       raw_first: str = "", has: Sequence[str] | None = None) -> list[str]:
    """The binary features of candidate ``cands[i]`` in a sentence of normalized ``tokens``.

    ``raw_first`` is the candidate's first token as written (for the capitalisation feature: its first
    visible character, past a zero-width space, word joiner or soft hyphen before it, as scraped text
    has them; the tokenizer keeps those inside the token).
    Besides the candidate's pattern, category and the words around it, the features say which of a
    few sentence-level words (:data:`_SENTENCE_WORDS`: "if", "whether", "said", quotes...) occur
    anywhere in the sentence (``has``: :func:`sentence_words` of ``tokens``, computed here when
    None; pass it for every candidate of a long sentence, or the time grows with the square of its
    length), and which other candidates the sentence has (up to four).
    """
    c = cands[i]
    n = len(tokens)
    p = c.pattern
    tok = lambda j: _w(tokens[j]) if 0 <= j < n else ("<s>" if j < 0 else "</s>")  # noqa: E731
    prev1, prev2, next1, next2 = tok(c.first - 1), tok(c.first - 2), tok(c.last), tok(c.last + 1)
    f = ["bias", "p=" + p, "k=" + c.category, "x=" + str(c.extra),
         "w-1=" + prev1, "w-2=" + prev2, "w+1=" + next1, "w+2=" + next2,
         "p|w-1=" + p + "|" + prev1, "p|w+1=" + p + "|" + next1, "p|w-2=" + p + "|" + prev2,
         "p|w+2=" + p + "|" + next2, "p|w-1w+1=" + p + "|" + prev1 + "|" + next1,
         "s-1=" + _suffix_class(tokens[c.first - 1] if c.first else ""),
         "s+1=" + _suffix_class(tokens[c.last] if c.last < n else ""),
         "p|s+1=" + p + "|" + _suffix_class(tokens[c.last] if c.last < n else ""),
         "p|s-1=" + p + "|" + _suffix_class(tokens[c.first - 1] if c.first else ""),
         "first=" + tokens[c.first], "last=" + tokens[c.last - 1]]
    after = tokens[c.last:c.last + 3]
    for w in _FOLLOW:
        if w in after:
            f.append("fol=" + w)
            f.append("p|fol=" + p + "|" + w)
    if any(t in _NEG for t in tokens[max(0, c.first - 3):c.first]):
        f += ["negb", "p|negb=" + p]
    if any(t in _NEG for t in tokens[c.last:c.last + 2]):
        f += ["nega", "p|nega=" + p]
    if c.first == 0:
        f += ["start", "p|start=" + p]
    elif raw_first.lstrip(_IGNORABLE)[:1].isupper():  # ("\u200bPossibly" read as lower case: p 0.47 -> 0.79)
        f += ["cap", "p|cap=" + p]
    f.append("pos=" + str(min(2, 3 * c.first // max(n, 1))))
    f.append("ncand=" + str(min(len(cands) - 1, 3)))
    if open_ended(tokens, _CLAUSE_ENDS):  # ("Perhaps…", 'he said "maybe."', "rain.[3]" end, and a clause
        f.append("noend")  # piece's ";" or ":" too, also before a closing quote or a citation: 'it said "maybe;"')
    f.append("wt=" + str(round(c.weight * 4)))  # the lexicon prior, in five bins
    f += ["p|has=" + p + "|" + w for w in (sentence_words(tokens) if has is None else has)]
    f += ["p|other=" + p + "|" + o.pattern for o in [o for j, o in enumerate(cands[:_MAX_OTHERS + 1]) if j != i][:_MAX_OTHERS]]
    return f


def gold_token_spans(spans: Sequence[tuple[int, int]], cues: Iterable[Cue]) -> list[tuple[int, int, str]]:
    """Gold cues as token spans ``(first, last, category)``: the tokens each cue's characters overlap."""
    out = []
    for g in cues:
        idx = [j for j, (a, b) in enumerate(spans) if a < g.end and g.start < b]
        if idx:
            out.append((idx[0], idx[-1] + 1, g.category))
    return out


@dataclass
class Instance:
    """One candidate with its features, label and the gold spans it overlaps (token offsets)."""

    sentence: int
    cand: Candidate
    features: list[str]
    label: int
    gold: Template


def instances(sentences: Sequence[AnnotatedSentence], lexicon: Lexicon,
              extra: Mapping[str, str] | None = None) -> list[Instance]:
    """Every candidate of every sentence as an :class:`Instance` (label = overlaps a gold cue)."""
    out = []
    for si, s in enumerate(sentences):
        norms, spans = token_spans(s.text)
        cands = candidates(norms, lexicon, extra)
        gold = gold_token_spans(spans, s.cues)
        has = sentence_words(norms)
        for i, c in enumerate(cands):
            hit = tuple(sorted((a - c.first, b - c.first, cat) for a, b, cat in gold if a < c.last and c.first < b))
            raw = s.text[spans[c.first][0]:spans[c.first][1]]
            out.append(Instance(si, c, candidate_features(norms, cands, i, raw, has), int(bool(hit)), hit))
    return out


def learn_extra(sentences: Iterable[AnnotatedSentence], lexicon: Lexicon, min_count: int = 3,
                max_tokens: int = 3) -> dict[str, str]:
    """Gold cue strings the lexicon never proposes (no candidate overlaps them), seen at least
    ``min_count`` times, of at most ``max_tokens`` tokens -> their most frequent category."""
    count: Counter[str] = Counter()
    cats: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        if not s.cues:
            continue
        norms, spans = token_spans(s.text)
        cands = candidates(norms, lexicon)
        for a, b, cat in gold_token_spans(spans, s.cues):
            if b - a > max_tokens or any(c.first < b and a < c.last for c in cands):
                continue
            key = " ".join(norms[a:b])
            if not any(ch.isalpha() for ch in key):
                continue
            count[key] += 1
            cats[key][cat] += 1
    return {k: cats[k].most_common(1)[0][0] for k, n in sorted(count.items()) if n >= min_count}


def learn_templates(insts: Iterable[Instance], min_count: int = 1) -> dict[str, Template]:
    """Per pattern, the most frequent gold-span template among its positive instances."""
    by: dict[str, Counter[Template]] = defaultdict(Counter)
    for x in insts:
        if x.label:
            by[x.cand.pattern][x.gold] += 1
    out = {}
    for p, cnt in sorted(by.items()):
        t, n = max(cnt.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))
        if n >= min_count:
            out[p] = t
    return out


#: The codes of :attr:`CueModel.backoff`: a word a back-off span keeps (continuing the span before
#: it), and a kept word that starts a span of its own; a word absent from the map is left out.
BACKOFF_CODES: tuple[str, ...] = ("keep", "start")


def learn_backoff(sentences: Iterable[AnnotatedSentence], lexicon: Lexicon,
                  extra: Mapping[str, str] | None = None) -> tuple[dict[str, str], frozenset[str]]:
    """What a back-off span keeps of a multi-word candidate whose pattern has no learnt template
    (its pattern was never a positive candidate in training: :meth:`CueModel.spans`), per word
    that can be part of one (a word of a multi-word lexicon row or extra pattern, or of a training
    sentence's multi-word candidate): ``"keep"`` for a word the training cues mostly include (at
    least half of its tokens in the positive candidates lie inside a gold cue; a word in no
    positive candidate: at least half of all its tokens in the training sentences), ``"start"`` for
    such a word that mostly begins its gold cue (at least half of its tokens inside a gold cue).
    Any other word, or one never seen, is left out (absent). So "was expected to" gives
    "expected", as Szeged annotates it, and "could possibly" gives "could" and "possibly".

    Returns:
        ``(words, cues)``: that map, and the training cues' texts (normalized tokens joined by a
        space) made only of its words: a back-off span must be one of them, or the candidate keeps
        its whole match (:meth:`CueModel.spans`), so that no span is a piece no annotator marked
        ("could not be ruled out" never gives "could", "not", "out").
    """
    in_pos: Counter[str] = Counter()
    n_pos: Counter[str] = Counter()
    in_all: Counter[str] = Counter()
    n_all: Counter[str] = Counter()
    first: Counter[str] = Counter()
    seen: set[str] = set()
    multi = {w for e in lexicon.entries if " " in e.pattern for w in e.pattern.split()}
    multi.update(w for p in (extra or {}) if " " in p for w in p.split())
    for s in sentences:
        norms, spans = token_spans(s.text)
        gold = gold_token_spans(spans, s.cues)
        inside: set[int] = set()
        for a, b, _ in gold:
            inside.update(range(a, b))
            seen.add(" ".join(norms[a:b]))
        starts = {a for a, _, _ in gold}
        for j, w in enumerate(norms):
            n_all[w] += 1
            if j in inside:
                in_all[w] += 1
                first[w] += j in starts
        for c in candidates(norms, lexicon, extra):
            if c.last - c.first >= 2:
                multi.update(norms[c.first:c.last])
            if any(a < c.last and c.first < b for a, b, _ in gold):
                for j in range(c.first, c.last):
                    n_pos[norms[j]] += 1
                    in_pos[norms[j]] += j in inside
    out = {}
    for w in sorted(multi):
        if not _wordlike(w) or not (2 * in_pos[w] >= n_pos[w] if n_pos[w] else n_all[w] and 2 * in_all[w] >= n_all[w]):
            continue  # (left out, as a word never seen)
        out[w] = "start" if in_all[w] and 2 * first[w] >= in_all[w] else "keep"
    return out, frozenset(c for c in seen if all(w in out for w in c.split()))


def _wordlike(token: str) -> bool:
    """Whether a token holds a letter or digit (not a punctuation mark)."""
    return any(ch.isalnum() for ch in token)


def _frozen(value: Any) -> Any:
    """A read-only copy of a JSON-like value: mappings become read-only views, lists tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _thawed(value: Any) -> Any:
    """The plain (dict and list) copy of a :func:`_frozen` value."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thawed(v) for v in value]
    return value


def _check_numbers(weights: Mapping[str, Any], threshold: Any, where: str, error: type[Exception]) -> None:
    """A cue model's weights are finite numbers with ``|w| <= MAX_WEIGHT`` and its threshold is in (0, 1).

    Raises:
        ``error``, its message starting with ``where``.
    """
    for k, x in weights.items():
        if not is_number(x) or abs(x) > MAX_WEIGHT:
            raise error(f"{where}: weight {k!r} is {x!r}; weights must be finite numbers with |w| <= {MAX_WEIGHT:g}")
    check_open_unit(threshold, f"{where}: threshold", error)


def _check_patterns(weights: Mapping[Any, Any], templates: Mapping[Any, Any], extra: Mapping[Any, Any], where: str,
                    error: type[Exception]) -> None:
    """A cue model's feature names are strings, its extra patterns map lower-case, single-spaced,
    trimmed pattern strings to a category of :data:`~hedgekit.types.CATEGORIES`, and each template
    is a non-empty list of ``(start, end, category)``: integer token offsets ``start < end`` within
    ``+-_MAX_OFFSET`` and such a category (what the detector and :class:`~hedgekit.Cue` accept).

    Raises:
        ``error``, its message starting with ``where``.
    """
    bad = next((k for k in weights if not isinstance(k, str)), None)
    if bad is not None:
        raise error(f"{where}: weight names must be feature-name strings, got {bad!r}")
    for p, c in extra.items():
        if not isinstance(p, str) or not p.split() or not isinstance(c, str):
            raise error(f"{where}: 'extra' must map non-empty pattern strings to category strings, got {p!r}: {c!r}")
        if p != " ".join(p.split()) or p != p.lower():  # (matched against normalized tokens joined by one space)
            raise error(f"{where}: extra pattern {p!r} must be lower case, single-spaced and trimmed, as the "
                        "normalized tokens it is matched against")
        if c not in CATEGORIES:
            raise error(f"{where}: extra pattern {p!r} has category {c!r}; accepted: {', '.join(CATEGORIES)}")
    for p, spans in templates.items():
        ok = isinstance(p, str) and isinstance(spans, (list, tuple)) and bool(spans) and all(
            isinstance(x, (list, tuple)) and len(x) == 3 and all(type(y) is int for y in x[:2]) and x[2] in CATEGORIES
            and -_MAX_OFFSET <= x[0] < x[1] <= _MAX_OFFSET for x in spans)
        if not ok:
            raise error(f"{where}: template of {p!r} is malformed: {spans!r:.80}; expected a non-empty list "
                        f"of [start, end, category] with integer token offsets start < end and a category of "
                        f"{', '.join(CATEGORIES)}")


def _check_backoff(backoff: Mapping[Any, Any], cues: Iterable[Any], where: str, error: type[Exception]) -> None:
    """A back-off map holds single lower-case tokens with a code of :data:`BACKOFF_CODES`, and its
    cue texts are those tokens joined by single spaces (anything else could never match).

    Raises:
        ``error``, its message starting with ``where``.
    """
    for w, c in backoff.items():
        if not isinstance(w, str) or not w or w != w.lower() or len(w.split()) != 1 or w != w.strip() \
                or c not in BACKOFF_CODES:
            raise error(f"{where}: 'backoff' must map single lower-case tokens to "
                        f"{' or '.join(map(repr, BACKOFF_CODES))}, got {w!r}: {c!r}")
    for c in cues:
        if not isinstance(c, str) or c != " ".join(c.split()) or not c or any(w not in backoff for w in c.split()):
            raise error(f"{where}: 'backoff_cues' must be cue texts of single-spaced words of 'backoff', got {c!r}")


@dataclass(frozen=True)
class CueModel:
    """A fitted cue classifier: weights by feature name, span templates, extra patterns.

    Immutable (its mappings are read-only views of copies): the shipped models are shared by every
    :class:`CueDetector` of the process, so an edit would change them all.

    Attributes:
        weights: feature name -> logistic-regression weight (``"bias"`` holds the intercept).
        templates: pattern -> gold-span template (token offsets from the candidate start, category).
        extra: extra pattern -> category (gold cue strings outside the lexicon).
        threshold: probability at or above which a candidate is a cue.
        lexicon_hash: the lexicon it was trained with.
        backoff: word -> ``"keep"`` or ``"start"`` (:func:`learn_backoff`): the span of a multi-word
            candidate with no template keeps only these of its words, split at a gap and before
            each starting one, if each span is one of :attr:`backoff_cues`; else, or with an empty
            map (a model written before it, or trained without it), the whole match.
        backoff_cues: the training cues' texts (normalized tokens joined by a space) that a
            back-off span may be.
        training: the file's training record (corpora files and their SHA-256, sentence hashes,
            hyperparameters, CV): information, not part of the model's checksum or equality;
            :func:`hedgekit.benchmark.benchmark_corpus` reads it to tell a corpus the model learned.
    """

    weights: Mapping[str, float]
    templates: Mapping[str, Template] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)
    threshold: float = 0.5
    lexicon_hash: str = ""
    training: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    backoff: Mapping[str, str] = field(default_factory=dict)
    backoff_cues: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("weights", "templates", "extra", "backoff"):
            if not isinstance(getattr(self, name), Mapping):
                raise ArgumentError(f"CueModel: {name} must be a mapping (a dict), got {type(getattr(self, name)).__name__}")
        for name in ("weights", "templates", "extra", "backoff"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "backoff_cues", frozenset(self.backoff_cues))
        _check_backoff(self.backoff, self.backoff_cues, "CueModel", ArgumentError)
        # (a template of two numbers crashed the detector; an unknown category made Cues no record reads back)
        _check_patterns(self.weights, self.templates, self.extra, "CueModel", ArgumentError)
        object.__setattr__(self, "templates", MappingProxyType({p: tuple(tuple(x) for x in t)  # (lists: as JSON)
                                                                for p, t in self.templates.items()}))
        # (a NaN weight scored every candidate 0.0, silently; a threshold of 1.5 labelled P(cue) 0.99 certain)
        _check_numbers(self.weights, self.threshold, "CueModel", ArgumentError)
        # read-only all the way down: the shipped models are shared, and benchmark_corpus trusts the record
        object.__setattr__(self, "training", _frozen(self.training))
        object.__setattr__(self, "_w", dict(self.weights))  # (scoring reads a plain dict: a view is slower)

    def __hash__(self) -> int:  # (the generated one hashed the read-only mappings, which cannot be)
        return hash((self.lexicon_hash, self.threshold, len(self.weights), len(self.templates), len(self.extra)))

    def __reduce__(self) -> tuple[Any, ...]:  # (a read-only mapping cannot be pickled; the copies can)
        return (type(self), (dict(self.weights), dict(self.templates), dict(self.extra), self.threshold,
                             self.lexicon_hash, _thawed(self.training), dict(self.backoff), self.backoff_cues))

    def probability(self, features: Iterable[str]) -> float:
        """P(cue) of one candidate from its features."""
        w = self._w  # type: ignore[attr-defined]
        z = sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def spans(self, cand: Candidate, tokens: int | Sequence[str]) -> Template:
        """Token spans (relative to ``cand.first``) and categories a positive candidate yields in a
        sentence of ``tokens`` (its normalized tokens, or just their number).

        A template learned where the cue ran further than the match ("cannot exclude the
        possibility") is cut at the sentence's edges, and, given the tokens, it does not take in
        punctuation outside the match ("we cannot exclude." gives "cannot exclude"), so a confident
        hedge candidate at a sentence's end still yields its cue. A span the training corpus left untyped (BioScope:
        ``"unspecified"``) takes the category of the lexicon match that produced it; an extra
        pattern's stays ``"unspecified"``. A booster row ("beyond doubt", "it is evident") raises
        certainty, so it is never a hedge cue by its own category: it yields only the spans its
        training corpus annotated for the pattern, with their type (Szeged's "confirm" as
        ``investigation``, an epistemic "must", "compelling evidence" where the corpus marks it), or,
        untyped, those that take in the word before it (the negation of "not clearly",
        ``epistemic``), and only where they fit in the sentence; none otherwise. A multi-word
        candidate whose pattern has no template (never a cue in training) yields, given the tokens,
        its words that the training cues mostly include (:attr:`backoff`: "was expected to" ->
        "expected"), or the whole match if it keeps none or the model has no back-off map.
        """
        counted = isinstance(tokens, numbers.Integral)  # (a numpy integer too)
        n_tokens = int(tokens) if counted else len(tokens)  # type: ignore[arg-type]
        words = None if counted else tokens
        first, last = cand.first, cand.last
        t = self.templates.get(cand.pattern)
        if cand.category == "booster" and not cand.extra:
            # (a span that starts before the booster must start with a word: "not clearly", not ", clearly")
            t = tuple((a, b, "epistemic" if cat == "unspecified" else cat) for a, b, cat in (t or ())
                      if 0 <= first + a < first + b <= n_tokens and (cat != "unspecified" or a < 0)
                      and (a >= 0 or words is None or _wordlike(words[first + a])))
        lexical = DEFAULT_CATEGORY.get(cand.category, cand.category)
        if t is None:
            if words is not None and last - first >= 2 and self.backoff:
                return self._backoff_spans(words[first:last], lexical) or ((0, last - first, lexical),)
            return ((0, last - first, lexical),)
        out = []
        for a, b, cat in t:
            lo, hi = max(first + a, 0), min(first + b, n_tokens)
            if words is not None:  # no punctuation outside the match at either end
                while hi > max(last, lo + 1) and not _wordlike(words[hi - 1]):
                    hi -= 1
                while lo < min(first, hi - 1) and not _wordlike(words[lo]):
                    lo += 1
            if lo < hi:
                span = (lo - first, hi - first, lexical if cat == "unspecified" and not cand.extra else cat)
                if span not in out:
                    out.append(span)
        return tuple(out)

    def candidate_probabilities(self, text: str, lexicon: Lexicon, end_mark: bool = False
                                ) -> tuple[list[Candidate], list[float], list[str], list[tuple[int, int]]]:
        """``(candidates, probabilities, normalized tokens, token spans)`` of one sentence.

        With ``end_mark``, a sentence without a final mark (:func:`hedgekit.features.open_ended`:
        a headline, a bullet point) is featurized as if it ended in ``.`` -- the candidates' ``w+1``/
        ``w+2`` words, position and ``noend`` feature are those of the same sentence with one --
        and a list item's marker at its start ("- ", "2. ": :func:`hedgekit.features.unmarked`) is
        left out, as :class:`hedgekit.Scorer` reads both; the tokens and spans returned are the
        text's own (without the marker's). Off, it is read as written (as in training).
        """
        norms, spans = token_spans(unmarked(text) if end_mark else text)
        open_end = end_mark and open_ended(norms)
        cands = candidates(norms, lexicon, self.extra, open_end=open_end)
        seen = [*norms, "."] if open_end else norms  # (after the candidates, which index norms)
        has = sentence_words(seen)
        probs = [self.probability(candidate_features(seen, cands, i, text[spans[c.first][0]:spans[c.first][1]], has))
                 for i, c in enumerate(cands)]
        return cands, probs, norms, spans

    def predict(self, text: str, lexicon: Lexicon, threshold: float | None = None, end_mark: bool = False
                ) -> list[PredictedCue]:
        """The cues of one sentence: candidates with probability >= ``threshold``, mapped to spans
        (``end_mark``: see :meth:`candidate_probabilities`; :class:`CueDetector` turns it on)."""
        return self._found(text, lexicon, threshold, end_mark)[0]

    def _found(self, text: str, lexicon: Lexicon, threshold: float | None = None, end_mark: bool = False
               ) -> tuple[list[PredictedCue], float, list[float]]:
        """``(cues, p_max, weights)``: :meth:`predict`'s cues, the largest probability of a candidate
        that yields a span (0.0 if none does), and the lexicon prior of each cue's candidate."""
        t = self.threshold if threshold is None else threshold
        cands, probs, norms, spans = self.candidate_probabilities(text, lexicon, end_mark)
        out = []
        seen: dict[tuple[int, int], int] = {}  # a span found -> its place in out
        p_max = 0.0
        for c, p in zip(cands, probs):
            if p < t and p <= p_max:  # neither a cue nor a new maximum: its spans are not needed
                continue
            mapped = self.spans(c, norms)
            if mapped:
                p_max = max(p_max, p)
            if p < t:
                continue
            for a, b, cat in mapped:
                s, e = spans[c.first + a][0], spans[c.first + b - 1][1]
                if (s, e) not in seen:
                    seen[(s, e)] = len(out)
                    out.append((PredictedCue(s, e, cat, p, c.pattern, text[s:e]), c.weight))
                elif p > out[seen[(s, e)]][0].probability:  # the same span from a likelier candidate: its reading
                    out[seen[(s, e)]] = (PredictedCue(s, e, cat, p, c.pattern, text[s:e]), c.weight)
        if len(out) > 1:  # annotated cues never overlap: where two found spans do, the likelier one stays
            kept: list[tuple[PredictedCue, float]] = []
            starts: list[int] = []  # the kept spans, by start (they never overlap: their ends are in order too)
            ends: list[int] = []
            for cw in sorted(out, key=lambda cw: (-cw[0].probability, cw[0].start, cw[0].start - cw[0].end)):
                s, e = cw[0].start, cw[0].end
                i = bisect_left(starts, s)  # only the kept spans either side of it can overlap it
                if (i == 0 or ends[i - 1] <= s) and (i == len(starts) or starts[i] >= e):
                    starts.insert(i, s)
                    ends.insert(i, e)
                    kept.append(cw)
            out = kept
        out.sort()
        return [c for c, _ in out], p_max, [w for _, w in out]

    def _backoff_spans(self, words: Sequence[str], category: str) -> Template:
        """The back-off spans of a candidate's ``words`` (see :attr:`backoff`): runs of the kept
        words, split at a gap and before a starting word; ``()`` if no word is kept or a run is
        not one of :attr:`backoff_cues`."""
        code = self.backoff
        out: list[tuple[int, int, str]] = []
        for j, w in enumerate(words):
            c = code.get(w)
            if c is None:
                continue
            if out and out[-1][1] == j and c != "start":
                out[-1] = (out[-1][0], j + 1, category)
            else:
                out.append((j, j + 1, category))
        if any(" ".join(words[a:b]) not in self.backoff_cues for a, b, _ in out):
            return ()
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (weights rounded to 6 significant digits)."""
        return {"weights": {k: float(f"{v:.6g}") for k, v in sorted(self.weights.items()) if v or k == "bias"},
                "templates": {p: [list(x) for x in t] for p, t in sorted(self.templates.items())},
                "extra": dict(sorted(self.extra.items())), "threshold": self.threshold,
                "lexicon_hash": self.lexicon_hash, "backoff": dict(sorted(self.backoff.items())),
                "backoff_cues": sorted(self.backoff_cues)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CueModel:
        """Inverse of :meth:`to_json`."""
        return cls({str(k): float(v) for k, v in d["weights"].items()},
                   {p: tuple((int(a), int(b), str(c)) for a, b, c in t) for p, t in d.get("templates", {}).items()},
                   dict(d.get("extra", {})), float(d.get("threshold", 0.5)), str(d.get("lexicon_hash", "")),
                   dict(d.get("training") or {}), dict(d.get("backoff") or {}), frozenset(d.get("backoff_cues") or ()))


def instance_matrix(insts: Sequence[Instance], min_df: int = 2) -> tuple[list[str], Any, np.ndarray]:
    """``(names, X, y)``: the binary design of candidate instances (scipy CSR, one row per instance,
    one column per feature name seen in at least ``min_df`` instances, ``"bias"`` left out) and the
    0/1 labels."""
    from scipy import sparse

    df: Counter[str] = Counter(f for x in insts for f in set(x.features))
    names = sorted(f for f, n in df.items() if n >= min_df and f != "bias")
    vocab = {f: j for j, f in enumerate(names)}
    rows, cols = [], []
    for r, x in enumerate(insts):
        for f in sorted(set(x.features)):  # a fixed order: bytes must not depend on PYTHONHASHSEED
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(insts), len(vocab)))
    return names, X, np.array([x.label for x in insts])


def _check_fit(C: Any, min_df: Any, threshold: Any, where: str) -> None:
    """The fitting hyperparameters, as ArgumentErrors that name them (scikit-learn's own messages
    name its parameters, and came after the work)."""
    if not is_number(C) or not C > 0:
        raise ArgumentError(f"{where}: C must be a finite number > 0, got {C!r}")
    if not is_number(min_df, integer=True) or min_df < 1:
        raise ArgumentError(f"{where}: min_df must be an int >= 1, got {min_df!r}")
    check_open_unit(threshold, f"{where}: threshold")


def fit_cue_model(sentences: Sequence[AnnotatedSentence], lexicon: Lexicon, *, C: float = 0.5,
                  extra_min_count: int | None = 3, min_df: int = 2, threshold: float = 0.5,
                  seed: int = 20100715, backoff: bool = True) -> CueModel:
    """Fit a :class:`CueModel` on sentences with gold cues (scikit-learn needed).

    Args:
        sentences: annotated sentences (their ``cues`` are the gold cues; sentences without cues are
            negatives).
        lexicon: the lexicon that proposes candidates.
        C: inverse L2 regularisation of the logistic regression.
        extra_min_count: learn extra patterns seen at least this often (``None``: no extra patterns).
        min_df: features seen in fewer training candidates are dropped.
        threshold: the model's decision threshold on P(cue).
        backoff: learn back-off spans (:func:`learn_backoff`) for multi-word candidates whose
            pattern has no template; ``False``: such a candidate's span is the whole match.

    The weights are kept as fitted; :func:`write_cue_model` rounds them to 6 significant digits,
    so the model read back from its file gives probabilities that differ by about 1e-6.

    The model's :attr:`CueModel.training` records the number of sentences, these arguments
    (``hyperparameters``) and the sentences' hashes (``sentence_keys``, as a sentence model's record
    keeps them), so that :func:`hedgekit.benchmark.benchmark_corpus` can tell a corpus the model
    learned from, in memory or written by :func:`write_cue_model`.

    Raises:
        InputTypeError: ``sentences`` is a bare ``str`` or holds an item that is no
            :class:`~hedgekit.AnnotatedSentence`; ``lexicon`` is no :class:`~hedgekit.Lexicon`.
        ArgumentError: ``extra_min_count`` is not ``None`` or an int >= 1, ``C`` not a finite number
            > 0, ``min_df`` not an int >= 1, or ``threshold`` not in (0, 1).

    Warns:
        UserWarning: the lexicon's candidates in ``sentences`` are all cues, or none is: the model
            learns no weights (a bias of +-20) and finds a cue at every candidate, or at none.
    """
    sentences = _training_sentences(sentences, lexicon, "fit_cue_model")
    _check_fit(C, min_df, threshold, "fit_cue_model")  # (before the work: a bad threshold was refused after the fit)
    if extra_min_count is not None and (not is_number(extra_min_count, integer=True) or extra_min_count < 1):
        raise ArgumentError(f"fit_cue_model: extra_min_count must be None (no extra patterns) or an int >= 1, got "
                            f"{extra_min_count!r}")
    extra = learn_extra(sentences, lexicon, extra_min_count) if extra_min_count else {}
    insts = instances(sentences, lexicon, extra)
    n_cue = sum(1 for x in insts if x.label)
    if n_cue in (0, len(insts)):
        warnings.warn(f"fit_cue_model: of the lexicon's {len(insts)} candidate(s) in the {len(sentences)} sentence(s), "
                      f"{n_cue} are gold cues, so the model learns no weights and finds a cue at "
                      f"{'every candidate' if n_cue else 'no candidate'}; a cue model needs candidates that are cues and "
                      "candidates that are not (sentences with annotated cues and sentences whose hedge words are not "
                      "cues)", UserWarning, stacklevel=2)
    model = cue_model_from_instances(insts, insts, sentences, lexicon, extra, C=C, min_df=min_df, threshold=threshold,
                                     seed=seed, backoff=backoff)
    training = {"sentences": len(sentences), "sentence_keys": _sentence_keys(sentences),
                "hyperparameters": {"C": C, "extra_min_count": extra_min_count, "min_df": min_df,
                                    "threshold": threshold, "seed": seed, "backoff": backoff}}
    return replace(model, training=training)


def _sentence_keys(sentences: Sequence[AnnotatedSentence]) -> dict[str, Any]:
    """:func:`hedgekit.train.sentence_keys_record` of ``sentences``, one entry per ``source``
    (``"sentences"`` for those without one)."""
    from .train import TrainingSet, sentence_keys_record

    corpus = [s.source or "sentences" for s in sentences]
    return sentence_keys_record(TrainingSet([s.text for s in sentences], np.zeros(len(sentences), dtype=np.int8),
                                            ["#"] * len(sentences), corpus))


def cue_model_from_instances(insts: Sequence[Instance], own: Sequence[Instance], sentences: Sequence[AnnotatedSentence],
                             lexicon: Lexicon, extra: Mapping[str, str], *, C: float = 0.5, min_df: int = 2,
                             threshold: float = 0.5, seed: int = 20100715, backoff: bool = True) -> CueModel:
    """The second half of :func:`fit_cue_model`: a :class:`CueModel` whose weights are fitted on the
    candidate ``insts`` (their features may be other than :func:`candidate_features`', as in the
    variants of ``benchmarks/cue_variants.py``), whose span templates come from ``own`` (the
    target corpus's instances) and whose back-off spans from ``sentences`` (scikit-learn needed).

    Args:
        insts: the instances the logistic regression learns from.
        own: the instances the span templates are learned from (:func:`learn_templates`).
        sentences: the annotated sentences the back-off spans are learned from (:func:`learn_backoff`).
        lexicon, extra: the lexicon and extra patterns that proposed the candidates.
        C, min_df, threshold, seed, backoff: as for :func:`fit_cue_model`.
    """
    from sklearn.linear_model import LogisticRegression

    _check_fit(C, min_df, threshold, "cue_model_from_instances")
    names, X, y = instance_matrix(insts, min_df)
    weights: dict[str, float] = {}
    if len(set(y.tolist())) == 2:
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=seed).fit(X, y)
        weights = {n: float(w) for n, w in zip(names, clf.coef_[0]) if w}
        weights["bias"] = float(clf.intercept_[0])
    else:
        weights["bias"] = 20.0 if y.size and y[0] else -20.0
    words, cues = learn_backoff(sentences, lexicon, extra) if backoff else ({}, frozenset())
    return CueModel(weights, learn_templates(own), extra, threshold, lexicon.hash, backoff=words, backoff_cues=cues)


def _training_sentences(sentences: Any, lexicon: Any, func: str) -> list[AnnotatedSentence]:
    """``sentences`` as a list (a generator, ``load_corpus``'s iterator, is read once: it was used up
    by the first of the fit's passes, which left the others nothing), its items and ``lexicon`` checked.

    Raises:
        InputTypeError: a bare ``str``, an item that is no :class:`AnnotatedSentence`, or a
            ``lexicon`` that is no :class:`~hedgekit.Lexicon`.
    """
    if isinstance(sentences, (str, bytes)) or not hasattr(sentences, "__iter__"):
        raise InputTypeError(f"{func}: sentences must be an iterable of AnnotatedSentence (e.g. "
                             f"list(hedgekit.load_corpus(path))), got {type(sentences).__name__}")
    items = list(sentences)
    bad = next((i for i, x in enumerate(items) if not isinstance(x, AnnotatedSentence)), None)
    if bad is not None:
        raise InputTypeError(f"{func}: sentences[{bad}] is {type(items[bad]).__name__}, not an AnnotatedSentence "
                             "(sentences with gold cues, as hedgekit.load_corpus reads them)")
    if not isinstance(lexicon, Lexicon):
        raise InputTypeError(f"{func}: lexicon must be a hedgekit.Lexicon (hedgekit.load_lexicon() or "
                             f"load_lexicon(path)), got {type(lexicon).__name__}")
    return items


#: Names of the sentence-level features :func:`sentence_cue_features` computes.
SENTENCE_FEATURES: tuple[str, ...] = ("max", "noisy_or", "n_over_half")


def sentence_cue_features(probs: Sequence[float]) -> dict[str, float]:
    """Sentence features from the candidates' cue probabilities: max, noisy-or, count >= 0.5 (capped at 3)."""
    if not probs:
        return {"max": 0.0, "noisy_or": 0.0, "n_over_half": 0.0}
    q = 1.0
    for p in probs:
        q *= 1.0 - p
    return {"max": float(max(probs)), "noisy_or": 1.0 - q, "n_over_half": float(min(3, sum(p >= 0.5 for p in probs)))}


# ---------------------------------------------------------------------------------------------------
# Shipped cue models: file format, validation, loading, the public detect() API, the training command.
# ---------------------------------------------------------------------------------------------------

#: Version of the cue-model file format written by :func:`write_cue_model`.
CUE_FORMAT_VERSION = 2
#: The versions :func:`cue_model_from_document` reads: 1 is 2 without ``backoff`` (its spans are
#: those of a model with an empty back-off map).
CUE_FORMAT_VERSIONS: tuple[int, ...] = (1, 2)
#: The ``kind`` of a cue-model file.
CUE_MODEL_KIND = "hedgekit-cue-classifier"
#: Largest decompressed size of a cue-model file (the shipped ones are well under 1 MB).
MAX_FILE_BYTES = 64 << 20
_CUE_REQUIRED = ("format_version", "kind", "domain", "weights", "templates", "extra", "threshold", "lexicon_hash",
                 "checksum")
_MAX_OFFSET = 64  # template token offsets are a few tokens around the candidate

#: domain -> (file under hedgekit/data, training corpora as (name, path under the shared corpora,
#: reader format), the corpus key of its cross-validation in benchmarks/results/cue_level.json).
#: The biomedical model learns the Szeged re-annotation of the BioScope documents: the same texts as
#: BioScope, with typed cues (BioScope's own cues are untyped); the two are the same documents, so they
#: are not stacked. The bioscope model learns BioScope's own (CoNLL-2010) cue annotation, for work
#: that is measured against it.
SHIPPED_CUE_MODELS: dict[str, tuple[str, tuple[tuple[str, str, str], ...], str]] = {
    "biomedical": ("cues-biomedical.json.gz", tuple(
        ("szeged-bio", f"szeged-uncertainty/{n}.conll2010-train-docs.xml", "szeged")
        for n in ("bio_hbc", "bio_bmc", "bio_fly")), "szeged-bio"),
    "general": ("cues-general.json.gz",
                (("szeged-wiki", "szeged-uncertainty/wiki.conll2010-train-docs.xml", "szeged"),), "szeged-wiki"),
    "bioscope": ("cues-bioscope.json.gz", tuple(("bioscope", f"bioscope/{n}.xml", "bioscope")
                                                for n in ("abstracts", "full_papers")), "bioscope"),
}
DOMAINS: tuple[str, ...] = tuple(SHIPPED_CUE_MODELS)
#: Hyperparameters of the shipped cue models (those of the benchmark's ``cue-clf +templates +extra +backoff``).
SHIPPED_HYPERPARAMETERS: dict[str, Any] = {"C": 0.5, "extra_min_count": 3, "min_df": 2, "threshold": 0.5,
                                           "seed": 20100715, "solver": "liblinear", "penalty": "l2",
                                           "weight_digits": 6, "backoff": True}
_BENCH_SYSTEM = "cue-clf +templates +extra +backoff"


def fit_shipped_cue_model(sentences: Sequence[AnnotatedSentence], lexicon: Lexicon, *, C: float | None = None
                          ) -> CueModel:
    """:func:`fit_cue_model` with the shipped models' :data:`SHIPPED_HYPERPARAMETERS`: the recipe of
    ``python -m hedgekit.cues``, ``benchmarks/bio_split.py`` and ``benchmarks/cue_variants.py``
    (``benchmarks/cue_level.py`` sweeps it as ``cue-clf +templates +extra +backoff``).

    Args:
        sentences: annotated sentences (their ``cues`` are the gold cues).
        lexicon: the lexicon that proposes candidates.
        C: inverse L2 regularisation (> 0) in place of the shipped one; ``None`` keeps it.

    ``solver``, ``penalty`` and ``weight_digits`` in the dict describe what :func:`fit_cue_model`
    always does (liblinear, L2, weights rounded in the model file); they are recorded, not passed.
    Raises what :func:`fit_cue_model` raises (scikit-learn missing).
    """
    hp = SHIPPED_HYPERPARAMETERS
    return fit_cue_model(sentences, lexicon, C=hp["C"] if C is None else C, extra_min_count=hp["extra_min_count"],
                         min_df=hp["min_df"], threshold=hp["threshold"], seed=hp["seed"], backoff=hp["backoff"])


def _model_checksum(d: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of everything that changes predictions."""
    head = {k: d[k] for k in ("format_version", "kind", "domain", "weights", "templates", "extra", "threshold",
                              "lexicon_hash", "backoff", "backoff_cues") if k in d}
    blob = json.dumps(head, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cue_model_document(model: CueModel, domain: str, training: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The file contents (a JSON object) of a cue model, with its checksum; numpy numbers in
    ``training`` become JSON numbers (:func:`hedgekit.model._as_json`)."""
    from .model import _as_json

    d: dict[str, Any] = {"format_version": CUE_FORMAT_VERSION, "kind": CUE_MODEL_KIND, "domain": str(domain),
                         **model.to_json()}
    d["checksum"] = _model_checksum(d)
    d["training"] = _as_json(dict(training or {}))
    return d


def write_cue_model(model: CueModel, path: str | os.PathLike[str], domain: str,
                    training: Mapping[str, Any] | None = None) -> Path:
    """Write a cue model as gzip-compressed JSON, byte for byte reproducible.

    Sorted keys, weights rounded to 6 significant digits (the model read back gives probabilities
    that differ from the fitted one's by about 1e-6), gzip header without name or time
    (``mtime=0``): the same model and training record always give the same bytes.

    Args:
        model: the :class:`CueModel` (:func:`fit_shipped_cue_model`).
        path: the file to write (``.json.gz``).
        domain: the model's domain, one of :data:`DOMAINS` or a name of your own (``"legal"``;
            ``CueDetector(domain, model=path)`` checks it).
        training: provenance to record (a mapping of JSON data, read-only views such as a loaded
            model's :attr:`CueModel.training` too), written over the fields of the model's own
            :attr:`CueModel.training` (:func:`fit_cue_model`'s sentence hashes and
            hyperparameters, or a loaded model's record), which ``None`` writes as it is.

    Raises:
        InputTypeError: ``model`` is no :class:`CueModel`, ``path`` no path, or ``training`` no mapping.
        ArgumentError: ``domain`` is not a non-empty ``str``, or ``path`` names a folder.
        ModelError: the file would not load (:func:`cue_model_from_document`): a NaN, infinite or
            too large weight, a threshold outside (0, 1), ...; nothing is written then.
        OSError: the file cannot be written (no such folder, no permission, no space); the file
            written whole or not at all (:func:`hedgekit.fileio.write_atomic`), one that was at
            ``path`` is then as it was.
    """
    if not isinstance(model, CueModel):
        raise InputTypeError(f"write_cue_model: model must be a CueModel (fit_shipped_cue_model), got "
                             f"{type(model).__name__}")
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise InputTypeError(f"write_cue_model: path must be a file's path (str or os.PathLike), got {path!r:.40}")
    if not isinstance(domain, str) or not domain.strip():
        raise ArgumentError(f"write_cue_model: domain must be a non-empty str naming the model's domain (one of "
                            f"{list(DOMAINS)}, or a name of your own, e.g. 'legal'), got {domain!r}")
    if training is not None and not isinstance(training, Mapping):
        raise InputTypeError(f"write_cue_model: training must be a mapping of provenance fields or None, got "
                             f"{type(training).__name__}")
    # (a loaded model's record is read-only views: CueModel.training; it was dropped when training was
    # None, and a fitted model's sentence hashes with it, so benchmark_corpus could not tell in-sample use)
    training = {**_thawed(model.training), **(_thawed(training) if training is not None else {})}
    try:
        d = cue_model_document(model, domain, training)
        cue_model_from_document(d, f"{path}: not written", domain)  # what load_cue_model would refuse
        raw = (json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n")
        data = raw.encode("utf-8")
    except UnicodeEncodeError as e:  # (a ValueError too: from the checksum or the file's text)
        raise ModelError(f"{path}: not written: the model holds {e.object[e.start:e.end]!r}, a lone surrogate that "
                         "UTF-8 cannot store (in its domain, patterns or training record: text read with "
                         "errors='surrogateescape'?)") from None
    except ValueError as e:  # (json: NaN or an infinity, in the weights or the training record)
        if isinstance(e, ModelError):
            raise
        raise ModelError(f"{path}: not written: the model holds NaN or an infinity (in its weights or its training "
                         "record), which no cue model file may hold") from None
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as g:
        g.write(data)
    return write_atomic(path, buf.getvalue(), "write_cue_model")  # (a failed write leaves the old file)


def cue_model_from_document(d: Any, where: str = "cue model", domain: str | None = None) -> CueModel:
    """Validate a parsed cue-model file and build the :class:`CueModel`.

    Args:
        d: the parsed JSON.
        where: names the file in error messages.
        domain: if given, the file's ``domain`` must be this.

    Raises:
        ModelError: not an object, missing keys, wrong format version or kind, non-finite or
            out-of-range weights, malformed templates/extra patterns, threshold outside (0, 1), or a
            checksum that does not match (a corrupted or hand-edited file).
    """
    if not isinstance(d, dict):
        raise ModelError(f"{where}: a cue model must be a JSON object, got {type(d).__name__}")
    if "kind" in d and d["kind"] != CUE_MODEL_KIND:  # before the keys: another kind of file lacks them
        raise ModelError(f"{where}: kind is {d['kind']!r}, expected {CUE_MODEL_KIND!r} (a sentence model "
                         f"goes to hedgekit.load_model, not to the cue detector)")
    missing = [k for k in _CUE_REQUIRED if k not in d]
    if missing:
        raise ModelError(f"{where}: missing keys {missing} (is this a hedgekit cue model?)")
    v = d["format_version"]
    if not is_number(v) or v not in CUE_FORMAT_VERSIONS:
        raise ModelError(f"{where}: format_version {v!r} is not supported; this hedgekit reads versions "
                         f"{', '.join(map(str, CUE_FORMAT_VERSIONS))} (upgrade hedgekit for newer files)")
    for key in ("backoff", "backoff_cues"):
        if (v >= 2) != (key in d):
            raise ModelError(f"{where}: format_version {v} " + (f"needs {key!r} (it may be empty)" if v >= 2
                             else f"has no {key!r} (version 2 files do)"))
    if not isinstance(d["domain"], str):
        raise ModelError(f"{where}: domain is {d['domain']!r}; a cue model's domain is a string such as 'general'")
    if domain is not None and d["domain"] != domain:
        raise ModelError(f"{where}: domain is {d['domain']!r}, expected {domain!r}")
    w = d["weights"]
    if not isinstance(w, dict) or "bias" not in w:
        raise ModelError(f"{where}: 'weights' must be an object of feature name -> number, with a 'bias'")
    _check_numbers(w, d["threshold"], where, ModelError)
    if not isinstance(d["lexicon_hash"], str) or not d["lexicon_hash"].startswith("sha256:"):
        raise ModelError(f"{where}: 'lexicon_hash' must be a 'sha256:...' string")
    extra = d["extra"]
    if not isinstance(extra, dict):
        raise ModelError(f"{where}: 'extra' must be an object of non-empty pattern -> category string")
    tpl = d["templates"]
    if not isinstance(tpl, dict):
        raise ModelError(f"{where}: 'templates' must be an object of pattern -> list of [start, end, category]")
    _check_patterns(w, tpl, extra, where, ModelError)
    backoff, backoff_cues = d.get("backoff", {}), d.get("backoff_cues", [])
    if not isinstance(backoff, dict):
        raise ModelError(f"{where}: 'backoff' must be an object of word -> {' or '.join(map(repr, BACKOFF_CODES))}")
    if not isinstance(backoff_cues, list):
        raise ModelError(f"{where}: 'backoff_cues' must be a list of cue texts")
    _check_backoff(backoff, backoff_cues, where, ModelError)
    try:
        expect = _model_checksum(d)
    except UnicodeEncodeError as exc:  # (a "\ud800" escape in the file: no text a model was written with)
        raise ModelError(f"{where}: holds {exc.object[exc.start:exc.end]!r}, a lone surrogate, which no cue model "
                         "file written by hedgekit holds (a damaged or hand-edited file)") from None
    if d["checksum"] != expect:
        raise ModelError(f"{where}: checksum mismatch: the file was corrupted or edited by hand "
                         f"(expected {expect}, file says {d['checksum']!r})")
    if not isinstance(d.get("training", {}), dict):
        raise ModelError(f"{where}: 'training' must be an object")
    return CueModel.from_json(d)


def _read_document(raw: bytes, where: str) -> Any:
    return read_json_document(raw, where, MAX_FILE_BYTES, "a cue-model file: the .json or .json.gz that "
                              "hedgekit.cues.write_cue_model or python -m hedgekit.cues writes")


def _check_domain(domain: Any) -> str:
    if not isinstance(domain, str) or domain not in SHIPPED_CUE_MODELS:  # (a list or dict is not hashable)
        raise ArgumentError(f"domain must be one of {list(DOMAINS)}, got {domain!r}")
    return domain


_shipped_cue_models: dict[str, CueModel] = {}
_shipped_detectors: dict[str, CueDetector] = {}
_shipped_lock = threading.Lock()


def load_cue_model(path: str | os.PathLike[str] | None = None, domain: str | None = None) -> CueModel:
    """Read a cue-model file (``.json`` or ``.json.gz``); ``path=None`` loads the shipped model of
    ``domain`` (:data:`DOMAINS`: ``"biomedical"``, the default, ``"bioscope"`` or ``"general"``), once
    per process, thread-safe. With a ``path`` and a ``domain``, the file must be of that domain.
    Never executes code from the file.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        InputTypeError: ``path`` is not a ``str`` or ``os.PathLike``.
        ValueError: unknown ``domain`` (with a ``path``: one that is not a non-empty ``str``), or an
            empty ``path``.
        ModelError: the file is malformed (see :func:`cue_model_from_document`), or of another domain.
    """
    if path is not None:
        if domain is not None and (not isinstance(domain, str) or not domain.strip()):
            raise ArgumentError(f"load_cue_model: domain must be a name (str) or None, got {domain!r}")
        return _load_cue_file(path, domain)[0]
    domain = _check_domain("biomedical" if domain is None else domain)
    model = _shipped_cue_models.get(domain)
    if model is None:
        with _shipped_lock:
            model = _shipped_cue_models.get(domain)
            if model is None:
                name = SHIPPED_CUE_MODELS[domain][0]
                where = f"hedgekit/data/{name}"
                ref = resources.files("hedgekit") / "data" / name
                model = cue_model_from_document(_read_document(ref.read_bytes(), where), where, domain)
                _shipped_cue_models[domain] = model
    return model


def _load_cue_file(path: str | os.PathLike[str], domain: str | None) -> tuple[CueModel, str]:
    """``(model, the file's domain)`` of a cue-model file; a ``domain`` given must be the file's."""
    p = file_path(path, "a cue model")
    d = _read_document(read_bounded(p, str(p), MAX_FILE_BYTES), str(p))
    model = cue_model_from_document(d, str(p), domain)
    return model, d["domain"]


def _check_threshold(t: Any) -> float | None:
    return None if t is None else check_open_unit(t, "threshold (None: the model's own)")


class CueDetector:
    """Finds hedge cues in sentences with a trained cue model. Immutable and safe to share across threads.

    Args:
        domain: ``"biomedical"`` (trained on the Szeged re-annotation of BioScope: biological
            abstracts and papers; the default), ``"bioscope"`` (BioScope's own cues) or ``"general"``
            (the Szeged Wikipedia cues); picks the shipped model when ``model`` is ``None``. With a
            model file, ``None`` takes the file's domain and a name must be the file's; with a
            :class:`CueModel` object, any name labels it (``None``: ``"custom"``).
        model: a :class:`CueModel`, a path to a cue-model file, or ``None`` for the shipped one.
        lexicon: the :class:`~hedgekit.lexicon.Lexicon` (or a path to a lexicon TSV) that proposes
            candidates; ``None`` = the shipped lexicon. It must be the lexicon the model was trained with.
        threshold: decision threshold on P(cue) in (0, 1); ``None`` = the model's own (0.5).
        end_mark: ``True`` (default): a sentence without a final ``.``/``!``/``?``/``…`` (a headline,
            a bullet point) is read as if it ended in ``.``, as :class:`hedgekit.Scorer` reads it
            (the cue models were trained on sentences that nearly all have one; "Perhaps" and
            "Perhaps." then get the same probability); ``False``: as written.

    Raises:
        ValueError: unknown domain or threshold outside (0, 1).
        InputTypeError: ``model`` or ``lexicon`` is neither the object, a path nor ``None``; ``end_mark``
            is not a bool.
        ModelError: the model file is malformed, of another domain than ``domain``, or was trained
            with another lexicon (or records none: a :class:`CueModel` built without ``lexicon_hash``).

    Setting or deleting an attribute raises ``AttributeError``; build another detector instead.
    """

    __slots__ = ("domain", "model", "lexicon", "threshold", "end_mark")

    def __init__(self, domain: str | None = None, *, model: CueModel | str | os.PathLike[str] | None = None,
                 lexicon: Lexicon | str | os.PathLike[str] | None = None, threshold: float | None = None,
                 end_mark: bool = True) -> None:
        from .lexicon import load_lexicon

        _set = object.__setattr__
        _set(self, "end_mark", check_end_mark(end_mark, "CueDetector: "))
        if model is not None and not isinstance(model, (CueModel, str, os.PathLike)):
            raise InputTypeError(f"CueDetector: model must be a CueModel, a path (str or os.PathLike) or None for "
                                 f"the shipped one, got {type(model).__name__} ({model!r:.40})")
        if model is not None and domain is not None and (not isinstance(domain, str) or not domain.strip()):
            raise ArgumentError(f"CueDetector: domain must be a name (str) or None, got {domain!r}")
        if model is not None and not isinstance(model, CueModel):
            model, found = _load_cue_file(model, domain)
            _set(self, "domain", found)
        elif model is not None:  # a model object names no domain: the caller's name, any (as a file's may be)
            _set(self, "domain", domain or "custom")
        else:
            _set(self, "domain", _check_domain("biomedical" if domain is None else domain))
            if model is None:
                model = load_cue_model(None, self.domain)
        _set(self, "model", model)
        if not (lexicon is None or isinstance(lexicon, (Lexicon, str, os.PathLike))):
            raise InputTypeError(f"CueDetector: lexicon must be None (the shipped one), a hedgekit.Lexicon or a path to a "
                                 f"lexicon TSV, got {type(lexicon).__name__}")
        _set(self, "lexicon", lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon))
        if not (isinstance(model.lexicon_hash, str) and model.lexicon_hash.startswith("sha256:")):
            raise ModelError(f"the cue model records no lexicon (lexicon_hash {model.lexicon_hash!r}); build it with "
                             "the hash of the lexicon it was trained with: CueModel(..., lexicon_hash=lexicon.hash)")
        if model.lexicon_hash not in (self.lexicon.hash, *self.lexicon.ancestors):
            raise ModelError(f"the cue model was trained with lexicon {model.lexicon_hash[:19]}…, not with "
                             f"{self.lexicon.hash[:19]}… ({self.lexicon.name}); use the lexicon it was trained with, "
                             f"or one derived from it with Lexicon.with_entries() (Lexicon.to_tsv() saves it with "
                             f"the line '{BASE_PREFIX}{model.lexicon_hash}' before the header, which a file edited "
                             f"by hand can carry too)")
        _set(self, "threshold", model.threshold if threshold is None else _check_threshold(threshold))

    domain: str
    model: CueModel
    lexicon: Lexicon
    threshold: float
    end_mark: bool

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"CueDetector is immutable (so it can be shared across threads): build another one, "
                             f"e.g. CueDetector(domain, threshold=...), instead of setting {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"CueDetector is immutable (so it can be shared across threads); cannot delete {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_detector, (type(self), self.domain, self.model, self.lexicon, self.threshold, self.end_mark))

    def __repr__(self) -> str:
        return (f"CueDetector(domain={self.domain!r}, threshold={self.threshold}, end_mark={self.end_mark}, "
                f"weights={len(self.model.weights)})")

    def detect(self, sentences: Iterable[str]) -> list[list[PredictedCue]]:
        """The cues of each sentence, one list per input sentence, in input order (none dropped).

        Raises:
            InputTypeError: ``sentences`` is a bare string, ``None``, not iterable, or holds a non-str.
        """
        items = check_sentences(sentences, "detect",
                                "wrap one sentence in a list: detect([s]) (or CueDetector(...).detect_sentence(s))")
        m, lex, t, e = self.model, self.lexicon, self.threshold, self.end_mark
        return [m.predict(s, lex, t, e) for s in items]

    def score(self, sentences: Iterable[str]) -> list[SentenceScore]:
        """Sentence scores from the cues alone (see :func:`hedgekit.cues.score`), in input order.

        Raises:
            InputTypeError: ``sentences`` is a bare string, ``None``, not iterable, or holds a non-str.
        """
        items = check_sentences(sentences, "score", "wrap one sentence in a list: score([s])")
        return self._scores(items, [0] * len(items))

    def score_text(self, text: str, *, offset: int = 0) -> list[SentenceScore]:
        """Split raw ``text`` into sentences (:func:`hedgekit.split_sentences`) and score each from
        its cues, as :meth:`score` does; as :meth:`hedgekit.Scorer.score_text`, each result's
        ``start``/``end`` are character offsets into ``text`` (plus ``offset``: the position of
        ``text`` in a larger document) and its cues' offsets are into the sentence;
        ``score_text("")`` is ``[]``.

        Raises:
            InputTypeError: ``text`` is not a ``str`` (for a list of sentences use :meth:`score`).
            ArgumentError: ``offset`` is not an int >= 0.
        """
        from .text import text_sentences

        return self._scores(*text_sentences(text, offset))

    def _scores(self, items: Sequence[str], starts: Sequence[int],
                found_out: MutableSequence[list[PredictedCue]] | None = None) -> list[SentenceScore]:
        """The scores of ``items`` starting at ``starts``; each sentence's detected cues (their exact
        P(cue)) appended to ``found_out`` if given (the CLI prints them)."""
        m, lex, t, e = self.model, self.lexicon, self.threshold, self.end_mark
        out = []
        for s, a in zip(items, starts):
            found, p, weights = m._found(s, lex, t, e)
            if found_out is not None:
                found_out.append(found)
            cues = tuple(_cue(c.text, c.start, c.end, c.category, w, _logit(c.probability), c.pattern)
                         for c, w in zip(found, weights))  # (the fast constructors: fields known good)
            out.append(_sentence_score(s, 1.0 - p, "uncertain" if p >= t else "certain", cues, a, a + len(s), p, t))
        return out

    def detect_sentence(self, sentence: str) -> list[PredictedCue]:
        """The cues of one sentence; the same as ``detect([sentence])[0]``.

        Raises:
            InputTypeError: ``sentence`` is not a ``str``.
        """
        if not isinstance(sentence, str):
            raise InputTypeError(f"detect_sentence() expects a str, got {type(sentence).__name__}"
                                 f"{one_str_hint(sentence, 'detect()')}")
        return self.model.predict(sentence, self.lexicon, self.threshold, self.end_mark)


def _rebuild_detector(cls: type[CueDetector], domain: str, model: CueModel, lexicon: Lexicon,
                      threshold: float, end_mark: bool = False) -> CueDetector:
    # (a detector pickled before end_mark existed passes none: it read sentences as written)
    det = object.__new__(cls)
    for name, value in (("domain", domain), ("model", model), ("lexicon", lexicon), ("threshold", threshold),
                        ("end_mark", end_mark)):
        object.__setattr__(det, name, value)
    return det


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def _shipped_detector(domain: str | None, threshold: float | None, end_mark: bool) -> CueDetector:
    domain = "biomedical" if domain is None else domain  # (as CueDetector(None) and load_cue_model take it)
    _check_domain(domain)
    end_mark = check_end_mark(end_mark)
    det = _shipped_detectors.get(domain)
    if det is None:
        model = load_cue_model(None, domain)  # once per process, under the same lock (taken and released)
        with _shipped_lock:  # the detector too is built once, by the first thread to ask
            det = _shipped_detectors.get(domain)
            if det is None:
                det = _shipped_detectors[domain] = CueDetector(domain, model=model)
    if threshold is not None or not end_mark:
        det = CueDetector(domain, model=det.model, lexicon=det.lexicon, threshold=threshold, end_mark=end_mark)
    return det


def score(sentences: Iterable[str], domain: str | None = "biomedical", threshold: float | None = None,
          end_mark: bool = True) -> list[SentenceScore]:
    """Score sentences from their cues alone: *uncertain* iff the cue classifier finds a cue.

    The sentence-level reading of a cue-annotated corpus (BioScope, Szeged: a sentence is uncertain
    iff it has a cue). In 10-fold CV on BioScope, with ``domain="bioscope"``, it reaches a higher F1
    than :func:`hedgekit.score` (``python benchmarks/cue_level.py``; the numbers are in
    ``benchmarks/results/cue_level.md`` and the README), and it is slower (``cues_detect_per_s``
    against ``score_per_s`` in ``benchmarks/results/speed.md``).

    >>> from hedgekit import cues
    >>> [(s.label, [c.text for c in s.cues]) for s in cues.score(["The kinase may bind DNA.", "It binds DNA."])]
    [('uncertain', ['may']), ('certain', [])]

    Args:
        sentences: an iterable of ``str`` sentences.
        domain: the shipped cue model (:data:`DOMAINS`), as for :func:`detect`: ``"biomedical"``
            (default; ``None`` too) learned the Szeged re-annotation of the BioScope texts (typed cues),
            ``"bioscope"`` BioScope's own cues, ``"general"`` the Szeged Wikipedia cues.
        threshold: decision threshold on P(cue) in (0, 1); ``None`` = the model's own (0.5).
        end_mark: read a sentence without a final mark as if it ended in ``.`` (default ``True``;
            see :class:`CueDetector`).

    Returns:
        One :class:`~hedgekit.types.SentenceScore` per sentence, in input order: ``p_uncertain`` is
        the largest cue probability among the sentence's candidates that can yield a cue (0.0
        without any; a booster candidate only where it yields one, see :meth:`CueModel.spans`),
        ``certainty = 1 - p_uncertain``; ``label`` is ``"uncertain"`` iff ``p_uncertain >= threshold``,
        i.e. iff :func:`detect` finds a cue; ``cues`` are the detected cues as
        :class:`~hedgekit.types.Cue` (``weight``: the lexicon prior of their candidate, 0.0 for an
        extra pattern; ``contribution``: the candidate's log-odds of being a cue); ``start``/``end``
        are 0 and ``len(sentence)``.

    Raises:
        InputTypeError: ``sentences`` is a bare string, ``None``, not iterable, or holds a non-str;
            ``end_mark`` is not a bool.
        ValueError: unknown domain or threshold outside (0, 1).
    """
    return _shipped_detector(domain, threshold, end_mark).score(sentences)


def detect(sentences: Iterable[str], domain: str | None = "biomedical", threshold: float | None = None,
           end_mark: bool = True) -> list[list[PredictedCue]]:
    """Hedge cues of each sentence with the shipped cue model of ``domain``.

    >>> from hedgekit import cues
    >>> [(c.text, c.category) for c in cues.detect(["These data may be explained by a second site."])[0]]
    [('may', 'epistemic')]

    Args:
        sentences: an iterable of ``str`` sentences (raw text: ``[text[a:b] for a, b in
            hedgekit.split_sentences(text)]``, or :meth:`CueDetector.score_text`).
        domain: ``"biomedical"`` (default; ``None`` too), ``"bioscope"`` or ``"general"`` (see
            :class:`CueDetector`).
        threshold: decision threshold on P(cue) in (0, 1); ``None`` = the model's own (0.5).
        end_mark: read a sentence without a final mark as if it ended in ``.`` (default ``True``;
            see :class:`CueDetector`).

    Returns:
        One list of :class:`PredictedCue` per sentence, in input order, each sorted by position.

    Raises:
        InputTypeError: ``sentences`` is a bare string, ``None``, not iterable, or holds a non-str;
            ``end_mark`` is not a bool.
        ValueError: unknown domain or threshold outside (0, 1).
    """
    return _shipped_detector(domain, threshold, end_mark).detect(sentences)


# -- training the shipped models -------------------------------------------------------------------

def training_sentences(corpora_dir: str | os.PathLike[str], corpora: Sequence[tuple[str, str, str]],
                       limit: int | None = None) -> tuple[list[AnnotatedSentence], list[dict[str, Any]]]:
    """The annotated sentences of ``corpora`` (file order) and a record per file: corpus, file, SHA-256,
    sentences used. ``limit`` keeps the first ``limit`` sentences of each file (for quick tests)."""
    from .readers import load_corpus
    from .train import sha256_file

    root = Path(corpora_dir)
    sents: list[AnnotatedSentence] = []
    files: list[dict[str, Any]] = []
    for name, rel, fmt in corpora:
        path = root / rel
        if not path.is_file():
            raise FileNotFoundError(f"corpus {name!r} not found at {path}")
        got = list(load_corpus(path, format=fmt))
        if limit is not None:
            got = got[:limit]
        sents += got
        files.append({"corpus": name, "file": rel, "sha256": sha256_file(path), "sentences": len(got),
                      "cues": sum(len(s.cues) for s in got)})
    return sents, files


def _cv_results(path: Path | None) -> dict[str, Any] | None:
    """The cue-level benchmark's results (``--cv-results``, by default
    ``benchmarks/results/cue_level.json``), read before any model is fitted; ``None`` if there is no
    such file.

    Raises:
        ArgumentError: the file is not such results (not JSON, no ``cue_level`` object of corpus ->
            system -> record).
    """
    if path is None or not path.is_file():
        return None
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ArgumentError(f"{path}: not the cue-level benchmark's JSON results ({e}); pass "
                            "benchmarks/results/cue_level.json (python benchmarks/cue_level.py writes it)") from None
    levels = d.get("cue_level") if isinstance(d, dict) else None
    if not isinstance(levels, dict) or not all(
            isinstance(v, dict) and all(isinstance(r, dict) for r in v.values()) for v in levels.values()):
        raise ArgumentError(f"{path}: not the cue-level benchmark's results: expected an object with a 'cue_level' "
                            "object of corpus -> system -> record (benchmarks/results/cue_level.json)")
    return d


def _cross_validation(d: Mapping[str, Any] | None, path: Path | None, key: str) -> dict[str, Any] | None:
    """The benchmark's 10-fold CV record of the shipped recipe on corpus ``key`` in the results ``d``
    (:func:`_cv_results`) read from ``path``, if it has one, with that file as its source."""
    rec = None if d is None else d["cue_level"].get(key, {}).get(_BENCH_SYSTEM)
    if not rec or path is None:
        return None
    return {"source": path.as_posix(), "command": d.get("command"), "date": d.get("date"),
            "corpus": key, "system": _BENCH_SYSTEM, "C": d.get("cue_classifier_C"),
            "folds": "10-fold, grouped by document (mean, sd over folds)", "exact": rec.get("exact"),
            "overlap": rec.get("overlap")}


def train_shipped(corpora_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                  domains: Sequence[str] = DOMAINS, *, cv_results: str | os.PathLike[str] | None = None,
                  limit: int | None = None, lexicon: Lexicon | None = None) -> list[Path]:
    """Fit and write the shipped cue models (``cues-<domain>.json.gz``) from the shared corpora.

    Deterministic: the same corpora, lexicon, code and BLAS kernels give byte-identical files
    (other kernels move the weights in their last digits: README, "Cue-level detection").

    Raises:
        ArgumentError: an unknown domain, or ``cv_results`` is a file but not the cue-level
            benchmark's results (checked before any model is fitted).
    """
    import shlex

    from . import __version__
    from .lexicon import load_lexicon
    from .train import TrainingSet, default_corpora_dir, sentence_keys_record

    lex = lexicon or load_lexicon()
    domains = [_check_domain(d) for d in domains]
    cv_path = Path(cv_results) if cv_results else None
    # the benchmark's CV numbers describe the shared corpora whole: not a --limit subset, nor another folder
    shared = Path(corpora_dir).resolve() == Path(default_corpora_dir()).resolve()
    cv_doc = None if limit is not None else _cv_results(cv_path)  # (a bad file is refused before any fit)
    cv_doc = cv_doc if shared else None
    command = " ".join(["python -m hedgekit.cues"] + ([] if shared else [f"--corpora {shlex.quote(str(corpora_dir))}"])
                       + [f"--domain {d}" for d in domains if list(domains) != list(DOMAINS)]
                       + ([f"--limit {limit}"] if limit is not None else []))
    # every domain's corpora read before any model is written: a missing file left a mixed old/new set
    data = {d: training_sentences(corpora_dir, SHIPPED_CUE_MODELS[d][1], limit) for d in domains}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for domain in domains:
        fname, _, key = SHIPPED_CUE_MODELS[domain]
        sents, files = data[domain]
        model = fit_shipped_cue_model(sents, lex)
        cv = None if cv_doc is None else _cross_validation(cv_doc, cv_path, key)
        # the sentences' hashes, so that benchmark_corpus can tell a corpus the model learned from in any
        # file (Szeged's re-annotation of BioScope, say), as the sentence model's record does
        corpus_of = [f["corpus"] for f in files for _ in range(f["sentences"])]
        keys = sentence_keys_record(TrainingSet([s.text for s in sents], np.zeros(len(sents), dtype=np.int8),
                                                ["#"] * len(sents), corpus_of))
        training = {"command": command,
                    "hedgekit": __version__, "corpora": files, "sentences": len(sents), "sentence_keys": keys,
                    "hyperparameters": dict(SHIPPED_HYPERPARAMETERS), "limit": limit, "lexicon": lex.name,
                    "n_weights": len(model.weights), "n_templates": len(model.templates), "n_extra": len(model.extra),
                    "cross_validation": cv if cv is not None else
                    "not recorded (a --limit subset, corpora other than the shared folder, or "
                    f"{Path(cv_results).as_posix() if cv_results else 'no --cv-results'} not found)"}
        written.append(write_cue_model(model, out / fname, domain, training))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m hedgekit.cues``: fit the shipped cue models from the shared corpora."""
    import argparse

    from .train import corpora_missing, default_corpora_dir

    ap = argparse.ArgumentParser(prog="python -m hedgekit.cues",
                                 description="Fit the shipped cue models (hedgekit/data/cues-<domain>.json.gz) "
                                             "from the shared corpora; deterministic output.")
    ap.add_argument("--corpora", default=None, help="the shared corpora folder (default: $HEDGEKIT_SHARED/corpora "
                                                    "or ../shared/corpora)")
    ap.add_argument("--out", default="hedgekit/data", help="output folder (default: hedgekit/data)")
    ap.add_argument("--domain", action="append", choices=DOMAINS, help="train only this domain (repeatable)")
    ap.add_argument("--cv-results", default="benchmarks/results/cue_level.json",
                    help="the cue-level benchmark results whose CV numbers are recorded in each file")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="first N sentences of each corpus file (N >= 1; tests only)")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 1:  # (a negative N kept all but the last N sentences)
        ap.error(f"--limit: expected a whole number >= 1, got {args.limit}")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        ap.error(f"--out {args.out}: is a file; --out names the folder the cue models go to")
    corpora = Path(args.corpora) if args.corpora else default_corpora_dir()
    if corpora_missing(corpora, "python -m hedgekit.cues"):
        return 1
    try:
        written = train_shipped(corpora, args.out, args.domain or DOMAINS, cv_results=args.cv_results, limit=args.limit)
    except ArgumentError as e:
        ap.error(str(e))
    except (HedgekitError, OSError) as e:  # a missing or malformed corpus file, an unwritable folder
        print(f"python -m hedgekit.cues: error: {e}", file=sys.stderr)
        return 1
    for p in written:
        print(f"{p}: {p.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
