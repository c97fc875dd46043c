"""The batch scoring engine: a lexicon and a model compiled into numpy lookups.

:func:`hedgekit.features.featurize` builds each feature as a string, which is clear and is what
training uses, but costs a dictionary entry per word and word pair. The engine computes the *same*
features for a whole batch of sentences at once: every token becomes an integer id (one dictionary
lookup), the word-pair features are found by binary search over the model's known pairs, the rows
of the model's weight table are summed per sentence in one numpy call, and only the lexicon
matches (a few per sentence) go through the string-based :func:`~hedgekit.features.cue_features`.
A test checks that both paths give the same features and the same scores.

Per sentence the result never depends on the rest of the batch (same rows, summed in the same
order), so scores are bit-identical whether a sentence is scored alone or among a million.
"""

from __future__ import annotations

from itertools import chain, islice
from typing import NamedTuple

import numpy as np

from .features import cue_features
from .lexicon import _DIGIT, Lexicon, Match
from .model import HedgeModel
from .text import _TOKEN_RE, normalized_tokens

__all__ = ["Engine", "Scored"]

_SPECIAL = ("<unk>", "<s>", "</s>")


class Scored(NamedTuple):
    """What the engine computes for a batch: probabilities, expert mixes, the raw scores (experts'
    log-odds and gate logits, as :meth:`HedgeModel.raw_scores`), and per sentence the token spans
    (up to its last match; None without matches), its lexicon matches and each match's contribution."""

    p: np.ndarray
    mix: np.ndarray
    scores: np.ndarray
    spans: list[list[tuple[int, int]] | None]
    matches: list[list[Match]]
    contributions: list[list[float]]


def _spans(sentence: str, upto: int) -> list[tuple[int, int]]:
    """Character offsets of the first ``upto`` tokens (as :func:`hedgekit.text.token_spans`)."""
    return [m.span() for m in islice(_TOKEN_RE.finditer(sentence), upto)]


class Engine:
    """A (lexicon, model) pair compiled for fast batch scoring. Immutable; safe to share across threads.

    Args:
        lexicon: the lexicon whose matches feed the cue features.
        model: the trained model.
    """

    def __init__(self, lexicon: Lexicon, model: HedgeModel) -> None:
        self.lexicon = lexicon
        self.model = model
        self.config = model.feature_config
        index = model.index
        zero = len(model.features)
        vocab: dict[str, int] = {t: i for i, t in enumerate(_SPECIAL)}
        unigrams: list[tuple[str, int]] = []
        bigrams: list[tuple[str, str, int]] = []
        for name, row in index.items():
            if name.startswith("w:"):
                unigrams.append((name[2:], row))
            elif name.startswith("b:"):
                a, _, b = name[2:].partition(" ")
                bigrams.append((a, b, row))
        for t, _ in unigrams:
            vocab.setdefault(t, len(vocab))
        for a, b, _ in bigrams:
            vocab.setdefault(a, len(vocab))
            vocab.setdefault(b, len(vocab))
        singles, pairs = lexicon.first_pairs()
        for t in chain(singles, chain.from_iterable(pairs)):
            if t != "<num>":
                vocab.setdefault(t, len(vocab))
        self.vocab = vocab
        self.unk, self.bos, self.eos = 0, 1, 2
        self.size = size = len(vocab)
        self.zero = zero
        # Word features see numbers as "<num>" (hedgekit.features.word).
        self.num = vocab.get("<num>", self.unk)
        word_of = np.arange(size, dtype=np.int64)
        has_digit = np.zeros(size, dtype=bool)
        for t, i in vocab.items():
            if i > 2:
                has_digit[i] = _DIGIT(t) is not None
                if t[:1].isdigit():
                    word_of[i] = self.num
        self.word_of, self.has_digit = word_of, has_digit
        uni = np.full(size, zero, dtype=np.int64)
        if self.config.words:
            for t, row in unigrams:
                uni[vocab[t]] = row
        self.uni_rows = uni
        if self.config.bigrams and bigrams:
            keys = np.array([vocab[a] * size + vocab[b] for a, b, _ in bigrams], dtype=np.int64)
            rows = np.array([r for _, _, r in bigrams], dtype=np.int64)
            order = np.argsort(keys)
            self.bi_keys, self.bi_rows = keys[order], rows[order]
        else:
            self.bi_keys = np.zeros(0, dtype=np.int64)
            self.bi_rows = np.zeros(0, dtype=np.int64)
        # The lexicon's pre-filter (Lexicon.first_pairs) over token ids; class `size` = "<num>".
        numc = size
        cls = {**vocab, "<num>": numc}
        self.is_single = np.zeros(size, dtype=bool)
        self.is_single[[cls[t] for t in singles if t != "<num>"]] = True
        self.num_single = "<num>" in singles
        self.pair_keys = np.unique(np.array([cls[a] * (size + 1) + cls[b] for a, b in pairs] or [-1], dtype=np.int64))

    def _in_pairs(self, keys: np.ndarray) -> np.ndarray:
        pos = np.minimum(np.searchsorted(self.pair_keys, keys), len(self.pair_keys) - 1)
        return self.pair_keys[pos] == keys

    def _candidates(self, raw: np.ndarray, digit: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Positions (into the flat token array) where a lexicon pattern may start."""
        size = self.size
        base = size + 1
        nxt = np.empty_like(raw)
        nxt[:-1] = raw[1:]
        nxt[last] = self.eos  # never the second token of a pattern
        nd = np.zeros_like(digit)
        nd[:-1] = digit[1:]
        nd[last] = False
        cand = self.is_single[raw] | self._in_pairs(raw * base + nxt)
        if digit.any():
            numc = size
            both = bool(self._in_pairs(np.full(1, numc * base + numc))[0])
            cand |= nd & self._in_pairs(raw * base + numc)
            cand |= digit & (self.num_single | self._in_pairs(numc * base + nxt) | (nd & both))
        return np.flatnonzero(cand)

    def run(self, texts: list[str], expert: str) -> Scored:
        """Score ``texts`` with ``expert`` (``"auto"`` = the gate). See :class:`Scored`."""
        model = self.model
        config = self.config
        n = len(texts)
        toks = [normalized_tokens(s) for s in texts]
        lens = np.fromiter((len(t) for t in toks), dtype=np.int64, count=n)
        flat = list(chain.from_iterable(toks))
        get = self.vocab.get
        raw = np.array([get(t, 0) for t in flat], dtype=np.int64)
        ids = self.word_of[raw]
        digit = self.has_digit[raw]
        for i in np.flatnonzero(raw == 0).tolist():  # tokens the vocabulary does not know
            t = flat[i]
            if not t.isalpha() and _DIGIT(t):
                digit[i] = True
                if t[:1].isdigit():
                    ids[i] = self.num
        sent_of_tok = np.repeat(np.arange(n, dtype=np.int64), lens)
        first_tok = np.cumsum(lens) - lens
        last = (first_tok + lens - 1)[lens > 0]
        cand = self._candidates(raw, digit, last)
        sent_digits = np.bincount(sent_of_tok[digit], minlength=n) > 0
        match = self.lexicon.match
        matches: list[list[Match]] = [[] for _ in range(n)]
        if len(cand):
            cand_sent = sent_of_tok[cand]
            local = (cand - first_tok[cand_sent]).tolist()
            bounds = np.flatnonzero(np.r_[True, cand_sent[1:] != cand_sent[:-1], True]).tolist()
            cs = cand_sent.tolist()
            for a, b in zip(bounds, bounds[1:]):
                i = cs[a]
                matches[i] = match(toks[i], local[a:b], bool(sent_digits[i]))
        width = self.zero + 1
        keys = [np.arange(n, dtype=np.int64) * width + self.zero]  # every sentence has the zero row
        if config.words and len(ids):
            keys.append(sent_of_tok * width + self.uni_rows[ids])
        if config.bigrams:
            # Pad each sentence as <s> t1 ... tk </s> and pair neighbours inside it.
            starts = np.cumsum(lens) - lens
            total = int(lens.sum()) + 2 * n
            padded = np.empty(total, dtype=np.int64)
            block = starts + 2 * np.arange(n)
            padded[block] = self.bos
            padded[block + lens + 1] = self.eos
            if len(ids):
                padded[np.arange(len(ids)) + np.repeat(block + 1 - starts, lens)] = ids
            left = np.delete(padded, block + lens + 1)[: total - n]
            keep = np.ones(total, dtype=bool)
            keep[block] = False
            right = padded[keep]
            pair_keys = left * self.size + right
            sent_of_pair = np.repeat(np.arange(n, dtype=np.int64), lens + 1)
            if len(self.bi_keys):
                pos = np.minimum(np.searchsorted(self.bi_keys, pair_keys), len(self.bi_keys) - 1)
                hit = self.bi_keys[pos] == pair_keys
                keys.append(sent_of_pair[hit] * width + self.bi_rows[pos[hit]])
        # Lexicon matches: string features, as in training.
        index = model.index
        cue_feats: list[dict[str, float]] = []
        owned_all: list[list[list[str]]] = []
        real_sent: list[int] = []
        real_row: list[int] = []
        real_val: list[float] = []
        bin_keys: list[int] = []
        for i, m in enumerate(matches):
            if not m:
                cue_feats.append({})
                owned_all.append([])
                continue
            feats, owned = cue_features(toks[i], m, config)
            cue_feats.append(feats)
            owned_all.append(owned)
            for name, v in feats.items():
                j = index.get(name)
                if j is None:
                    continue
                if name.startswith("lex:"):
                    real_sent.append(i)
                    real_row.append(j)
                    real_val.append(v)
                else:
                    bin_keys.append(i * width + j)
        if bin_keys:
            keys.append(np.array(bin_keys, dtype=np.int64))
        allk = np.sort(np.concatenate(keys))  # sorting and dropping repeats beats np.unique's hashing here
        uniq = allk[np.r_[True, allk[1:] != allk[:-1]]]
        sent = uniq // width
        rows = uniq - sent * width
        starts_u = np.searchsorted(sent, np.arange(n, dtype=np.int64))
        table = model._table
        scores = np.add.reduceat(table[rows], starts_u, axis=0)
        if real_row:
            np.add.at(scores, np.array(real_sent), table[np.array(real_row)] * np.array(real_val)[:, None])
        scores += model.intercept
        p, mix = model.combine(scores, expert)
        spans = [_spans(texts[i], m[-1].last) if m else None for i, m in enumerate(matches)]
        contributions = self._contributions(owned_all, cue_feats, mix)
        return Scored(p, mix, scores, spans, matches, contributions)

    def _contributions(self, owned_all: list[list[list[str]]], cue_feats: list[dict[str, float]],
                       mix: np.ndarray) -> list[list[float]]:
        """Each cue's mix-weighted log-odds (:meth:`HedgeModel.contributions`), for a whole batch."""
        index = self.model.index
        cue_id: list[int] = []
        sent: list[int] = []
        rows: list[int] = []
        vals: list[float] = []
        counts: list[int] = []
        n_cues = 0
        for i, owned in enumerate(owned_all):
            feats = cue_feats[i]
            for own in owned:
                for f in own:
                    j = index.get(f)
                    if j is not None:
                        cue_id.append(n_cues)
                        sent.append(i)
                        rows.append(j)
                        vals.append(feats[f])
                n_cues += 1
            counts.append(len(owned))
        if not n_cues:
            return [[] for _ in owned_all]
        flat = self.model.contributions(np.array(rows, dtype=np.intp), np.array(vals, dtype=np.float64),
                                        mix[np.array(sent, dtype=np.intp)], np.array(cue_id, dtype=np.intp),
                                        n_cues).tolist()
        out, k = [], 0
        for c in counts:
            out.append(flat[k : k + c])
            k += c
        return out

