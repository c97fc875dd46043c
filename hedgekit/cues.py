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

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from .lexicon import Lexicon
from .text import token_spans
from .types import AnnotatedSentence, Cue

__all__ = ["Candidate", "CueModel", "PredictedCue", "candidates", "candidate_features", "gold_token_spans",
           "instances", "learn_extra", "learn_templates", "fit_cue_model", "sentence_cue_features",
           "SENTENCE_FEATURES"]

#: Lexicon category -> Szeged-style category, for patterns whose annotated category is unknown.
DEFAULT_CATEGORY: dict[str, str] = {
    "epistemic": "epistemic", "doxastic": "doxastic", "hearsay": "doxastic", "weasel": "doxastic",
    "approximation": "epistemic", "condition": "condition", "investigation": "investigation",
    "dynamic": "dynamic", "booster": "epistemic",
}

_NEG = frozenset({"not", "no", "n't", "never", "cannot", "nor", "without"})
_FOLLOW = ("that", "to", "whether", "if", "be", "have", "of", "as")

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
    """One predicted cue: character span in the sentence, category, and the candidate's probability."""

    start: int
    end: int
    category: str
    probability: float
    pattern: str


def candidates(tokens: Sequence[str], lexicon: Lexicon, extra: Mapping[str, str] | None = None) -> list[Candidate]:
    """The cue candidates of a sentence's normalized tokens, in token order.

    Lexicon matches (:meth:`Lexicon.match`) first; then every occurrence of an ``extra`` pattern
    (space-joined normalized tokens -> category) that does not overlap a lexicon match or another
    extra occurrence (longest extra pattern first at each position).
    """
    toks = list(tokens)
    out = [Candidate(m.first, m.last, m.entry.pattern, m.entry.category, m.entry.weight, False)
           for m in lexicon.match(toks)]
    if extra:
        taken = np.zeros(len(toks) + 1, dtype=bool)
        for c in out:
            taken[c.first:c.last] = True
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for p in extra:
            t = tuple(p.split())
            by_first[t[0]].append(t)
        for lst in by_first.values():
            lst.sort(key=len, reverse=True)
        i, n = 0, len(toks)
        while i < n:
            hit = None
            if not taken[i]:
                for t in by_first.get(toks[i], ()):
                    k = len(t)
                    if tuple(toks[i:i + k]) == t and not taken[i:i + k].any():
                        hit = t
                        break
            if hit is None:
                i += 1
                continue
            p = " ".join(hit)
            out.append(Candidate(i, i + len(hit), p, extra[p], 0.0, True))
            i += len(hit)
        out.sort(key=lambda c: (c.first, c.last))
    return out


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


def candidate_features(tokens: Sequence[str], cands: Sequence[Candidate], i: int,
                       raw_first: str = "") -> list[str]:
    """The binary features of candidate ``cands[i]`` in a sentence of normalized ``tokens``.

    ``raw_first`` is the candidate's first token as written (for the capitalisation feature).
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
    elif raw_first[:1].isupper():
        f += ["cap", "p|cap=" + p]
    f.append("pos=" + str(min(2, 3 * c.first // max(n, 1))))
    f.append("ncand=" + str(min(len(cands) - 1, 3)))
    if not tokens or tokens[-1] not in (".", "!", "?", ";", ":"):
        f.append("noend")
    f.append("wt=" + str(round(c.weight * 4)))  # the lexicon prior, in five bins
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
        for i, c in enumerate(cands):
            hit = tuple(sorted((a - c.first, b - c.first, cat) for a, b, cat in gold if a < c.last and c.first < b))
            raw = s.text[spans[c.first][0]:spans[c.first][1]]
            out.append(Instance(si, c, candidate_features(norms, cands, i, raw), int(bool(hit)), hit))
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


@dataclass
class CueModel:
    """A fitted cue classifier: weights by feature name, span templates, extra patterns.

    Attributes:
        weights: feature name -> logistic-regression weight (``"bias"`` holds the intercept).
        templates: pattern -> gold-span template (token offsets from the candidate start, category).
        extra: extra pattern -> category (gold cue strings outside the lexicon).
        threshold: probability at or above which a candidate is a cue.
        lexicon_hash: the lexicon it was trained with.
    """

    weights: dict[str, float]
    templates: dict[str, Template] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    threshold: float = 0.5
    lexicon_hash: str = ""

    def probability(self, features: Iterable[str]) -> float:
        """P(cue) of one candidate from its features."""
        w = self.weights
        z = sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def spans(self, cand: Candidate, n_tokens: int) -> Template:
        """Token spans (relative to ``cand.first``) and categories a positive candidate yields."""
        t = self.templates.get(cand.pattern)
        if t is None:
            return ((0, cand.last - cand.first, DEFAULT_CATEGORY.get(cand.category, cand.category)),)
        return tuple((a, b, cat) for a, b, cat in t if 0 <= cand.first + a < cand.first + b <= n_tokens)

    def candidate_probabilities(self, text: str, lexicon: Lexicon) -> tuple[list[Candidate], list[float],
                                                                               list[str], list[tuple[int, int]]]:
        """``(candidates, probabilities, normalized tokens, token spans)`` of one sentence."""
        norms, spans = token_spans(text)
        cands = candidates(norms, lexicon, self.extra)
        probs = [self.probability(candidate_features(norms, cands, i, text[spans[c.first][0]:spans[c.first][1]]))
                 for i, c in enumerate(cands)]
        return cands, probs, norms, spans

    def predict(self, text: str, lexicon: Lexicon, threshold: float | None = None) -> list[PredictedCue]:
        """The cues of one sentence: candidates with probability >= ``threshold``, mapped to spans."""
        t = self.threshold if threshold is None else threshold
        cands, probs, norms, spans = self.candidate_probabilities(text, lexicon)
        out = []
        seen: set[tuple[int, int]] = set()
        for c, p in zip(cands, probs):
            if p < t:
                continue
            for a, b, cat in self.spans(c, len(norms)):
                s, e = spans[c.first + a][0], spans[c.first + b - 1][1]
                if (s, e) not in seen:
                    seen.add((s, e))
                    out.append(PredictedCue(s, e, cat, p, c.pattern))
        out.sort()
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (weights rounded to 6 significant digits)."""
        return {"weights": {k: float(f"{v:.6g}") for k, v in sorted(self.weights.items()) if v},
                "templates": {p: [list(x) for x in t] for p, t in sorted(self.templates.items())},
                "extra": dict(sorted(self.extra.items())), "threshold": self.threshold,
                "lexicon_hash": self.lexicon_hash}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CueModel:
        """Inverse of :meth:`to_json`."""
        return cls({str(k): float(v) for k, v in d["weights"].items()},
                   {p: tuple((int(a), int(b), str(c)) for a, b, c in t) for p, t in d.get("templates", {}).items()},
                   dict(d.get("extra", {})), float(d.get("threshold", 0.5)), str(d.get("lexicon_hash", "")))


def fit_cue_model(sentences: Sequence[AnnotatedSentence], lexicon: Lexicon, *, C: float = 0.5,
                  extra_min_count: int | None = 3, min_df: int = 2, threshold: float = 0.5,
                  seed: int = 20100715) -> CueModel:
    """Fit a :class:`CueModel` on sentences with gold cues (scikit-learn needed).

    Args:
        sentences: annotated sentences (their ``cues`` are the gold cues; sentences without cues are
            negatives).
        lexicon: the lexicon that proposes candidates.
        C: inverse L2 regularisation of the logistic regression.
        extra_min_count: learn extra patterns seen at least this often (``None``: no extra patterns).
        min_df: features seen in fewer training candidates are dropped.
        threshold: the model's decision threshold on P(cue).
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    extra = learn_extra(sentences, lexicon, extra_min_count) if extra_min_count else {}
    insts = instances(sentences, lexicon, extra)
    df: Counter[str] = Counter(f for x in insts for f in set(x.features))
    vocab = {f: j for j, f in enumerate(sorted(f for f, n in df.items() if n >= min_df and f != "bias"))}
    rows, cols = [], []
    for r, x in enumerate(insts):
        for f in set(x.features):
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(insts), len(vocab)))
    y = np.array([x.label for x in insts])
    weights: dict[str, float] = {}
    if len(set(y.tolist())) == 2:
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=seed).fit(X, y)
        names = sorted(vocab, key=vocab.get)  # type: ignore[arg-type]
        weights = {n: float(w) for n, w in zip(names, clf.coef_[0]) if w}
        weights["bias"] = float(clf.intercept_[0])
    else:
        weights["bias"] = 20.0 if y.size and y[0] else -20.0
    return CueModel(weights, learn_templates(insts), extra, threshold, lexicon.hash)


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
