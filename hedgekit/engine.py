"""The batch scoring engine: a lexicon and a model compiled into numpy lookups.

:func:`hedgekit.features.featurize` builds each feature as a string, which is clear and is what
training uses, but costs a dictionary entry per word and word pair. The engine computes the *same*
features for a whole batch of sentences at once: every token becomes an integer id (one dictionary
lookup), the word-pair features are found in a numpy hash table of the model's known pairs
(:class:`IntTable`), the rows of the model's weight table are summed per sentence in one numpy
call, and only the lexicon matches (a few per sentence) go through the string-based
:func:`~hedgekit.features.cue_features`, once per distinct (pattern, context) thanks to a cache.
The cues' character offsets come from token lengths, for the whole batch at once. Tests check
that both paths give the same features, scores and offsets.

Per sentence the result never depends on the rest of the batch (same rows, summed in the same
order), so scores are bit-identical whether a sentence is scored alone or among a million.
"""

from __future__ import annotations

import re
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np

from .features import FINAL_MARKS, _cue_features, booster_drops, open_ended, scoring_config, unmarked
from .lexicon import _DIGIT, Lexicon, Match, _num_prefix
from .model import HedgeModel
from .text import _COMPAT_RE, _DIRECTION, _TOKEN_RE, normalized_tokens, token_pattern, word_spans

__all__ = ["Engine", "Scored"]

_SPECIAL = ("<unk>", "<s>", "</s>")
_DIRECTION_RE = re.compile(f"[{_DIRECTION}]")  # (no tokens: see hedgekit.text._TOKEN_RE)
_NO_MATCHES: list[Match] = []  # shared by the sentences without matches: never modified
_CACHE = 200_000  # (pattern, context) entries kept by Engine._match_rows before it starts over
# ... or characters of context tokens in its keys (a DNA sequence or a URL beside a cue is one long
# token: 200,000 of 10,000 characters would hold 2 GB)
_CACHE_CHARS = 4_000_000


class Scored(NamedTuple):
    """What the engine computes for a batch of ``n`` sentences with ``c`` lexicon matches in all.

    ``p`` (n,) P(uncertain); ``mix`` (n, experts) the expert mix; ``scores`` the raw scores (experts'
    log-odds and gate logits, as :meth:`HedgeModel.raw_scores`); ``matches`` each sentence's lexicon
    matches; ``counts`` (n,) how many; then per match, sentence by sentence: ``entries`` (c,) its row
    in ``lexicon.entries``, ``starts``/``ends`` (c,) its character offsets in its sentence, and
    ``contributions`` (c,) its mix-weighted log-odds.
    """

    p: np.ndarray
    mix: np.ndarray
    scores: np.ndarray
    matches: list[list[Match]]
    counts: np.ndarray
    entries: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    contributions: np.ndarray


class _CueRows(NamedTuple):
    """What a batch's lexicon matches add, per cue in batch order: its binary feature rows as parallel
    ``b_rows``/``b_sent``/``b_cue`` (row, sentence, cue; a row two cues of a sentence share belongs to
    the first), the priors (``lex:max`` of the strongest hedge, ``lex:boost`` of the strongest
    booster) as ``real_*`` with their values, and each cue's row in ``lexicon.entries``."""

    b_rows: list[int]
    b_sent: list[int]
    b_cue: list[int]
    real_row: list[int]
    real_val: list[float]
    real_sent: list[int]
    real_cue: list[int]
    entries: list[int]


# Which code points are white space (str.isspace, the same set as the regex \s); none is above U+3000.
_WS = np.zeros(0x3002, dtype=bool)
_WS[[c for c in range(0x3001) if chr(c).isspace()]] = True


def _offsets_by_regex(sentence: str) -> bool:
    """Whether :func:`_cue_offsets` must take the regex path for ``sentence``: its normalized tokens
    are not as long as the text they stand for (lower-casing changes its length, e.g. "İ"; a word
    holds a soft hyphen, zero-width character or combining mark; a ligature or full-width form
    folds), or not every non-space character is in a token (a direction mark). The apostrophes,
    hyphens and the ellipsis map one character to one: no."""
    return len(sentence.lower()) != len(sentence) or token_pattern(sentence) is not _TOKEN_RE \
        or _COMPAT_RE.search(sentence) is not None or _DIRECTION_RE.search(sentence) is not None


def _cue_offsets(texts: list[str], toks: list[list[str]], m_sent: np.ndarray, m_first: np.ndarray,
                 m_last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Character offsets ``(starts, ends)`` of matches (sentence ``m_sent``, non-decreasing; tokens
    ``[m_first, m_last)`` of ``toks[m_sent]``) as :func:`hedgekit.text.token_spans` gives them, for
    a whole batch at once.

    Tokens cover every non-space character and nothing else, so the token ``j`` of a sentence starts
    at its ``k``-th non-space character, ``k`` being the length of the tokens before it. A sentence
    whose lower-casing changes its length (e.g. "İ"), or whose words hold characters that their
    normalized form drops, composes or folds (a soft hyphen, a combining mark, a ligature), so that
    normalized tokens are not as long as the text, takes the regex path instead.
    """
    new_sent = np.r_[True, m_sent[1:] != m_sent[:-1]]
    uniq = m_sent[new_sent]
    si = np.cumsum(new_sent) - 1
    sent_toks = [toks[i] for i in uniq.tolist()]
    counts = np.fromiter(map(len, sent_toks), dtype=np.int64, count=len(sent_toks))
    tok_chars = np.zeros(int(counts.sum()) + 1, dtype=np.int64)  # token lengths cumulated, a leading 0
    np.cumsum(np.fromiter(map(len, chain.from_iterable(sent_toks)), dtype=np.int64, count=len(tok_chars) - 1),
              out=tok_chars[1:])
    first_tok = np.cumsum(counts) - counts
    sents = [texts[i] for i in uniq.tolist()]
    odd = [k for k, t in enumerate(sents) if not t.isascii() and _offsets_by_regex(t)]
    lens = np.fromiter(map(len, sents), dtype=np.int64, count=len(sents))
    char_base = np.cumsum(lens) - lens
    cp = np.frombuffer("".join(sents).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    nonws = ~_WS[np.minimum(cp, len(_WS) - 1)]
    nonws_pos = np.flatnonzero(nonws)
    nw_base = (np.cumsum(nonws) - nonws)[char_base]  # every sentence with a match has a character
    ft = first_tok[si]
    before = tok_chars[ft + m_first] - tok_chars[ft]
    through = tok_chars[ft + m_last] - tok_chars[ft]
    if odd:  # their token lengths do not count their characters: placeholders, set below
        bad = np.isin(si, odd)
        before[bad], through[bad] = 0, 1
    base = nw_base[si]
    starts = nonws_pos[base + before] - char_base[si]
    ends = nonws_pos[base + through - 1] + 1 - char_base[si]
    for k in odd:
        spans = word_spans(sents[k])
        # (si is sorted: sentence k's matches are one run of it, found by bisection, not a scan of all)
        for j in range(int(np.searchsorted(si, k)), int(np.searchsorted(si, k, side="right"))):
            starts[j] = spans[int(m_first[j])][0]
            ends[j] = spans[int(m_last[j]) - 1][1]
    return starts, ends


def _pair(name: str) -> tuple[str, str]:
    """The two words of a word-pair feature name ``"a b"`` (the second keeps any further space)."""
    a, _, b = name.partition(" ")
    return a, b


def _rows_with_prefix(names: list[str], prefix: str) -> np.ndarray:
    """The indices of ``names`` that start with ``prefix``, in order."""
    return np.flatnonzero(np.fromiter(map(str.startswith, names, repeat(prefix)), dtype=bool, count=len(names)))


_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply by 2^64 / golden ratio


class IntTable:
    """A read-only hash map from non-negative int64 keys to int64 values, looked up a whole array
    at a time (open addressing with linear probing, built and probed with numpy).

    ``np.searchsorted`` over sorted keys costs ``log2(n)`` cache misses per lookup; this costs about one.
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        n = len(keys)
        self.bits = bits = max(4, int(np.ceil(np.log2(max(n, 1) * 4))))  # load factor <= 1/4
        size = 1 << bits
        self.mask = size - 1
        self.keys = np.full(size, -1, dtype=np.int64)
        self.values = np.zeros(size, dtype=np.int64)
        pending = np.arange(n)
        home = self._home(keys)
        step = 0
        while len(pending):
            pos = (home[pending] + step) & self.mask
            free = self.keys[pos] < 0
            pos, cand = pos[free], pending[free]
            pos, first = np.unique(pos, return_index=True)  # one key per free slot this round
            self.keys[pos] = keys[cand[first]]
            self.values[pos] = values[cand[first]]
            placed = np.zeros(len(pending), dtype=bool)
            placed[np.flatnonzero(free)[first]] = True
            pending = pending[~placed]
            step += 1
        self.max_step = step

    def _home(self, keys: np.ndarray) -> np.ndarray:
        h = keys.astype(np.uint64) * _MIX
        return (h >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(found, values)``: which of ``keys`` are in the table, and their values (0 where not)."""
        pos = self._home(keys)
        slot = self.keys[pos]
        found = slot == keys
        values = np.where(found, self.values[pos], 0)
        todo = np.flatnonzero(~found & (slot >= 0))  # collided: probe on
        pos = pos[todo]
        for _ in range(self.max_step - 1):
            if not len(todo):
                break
            pos = (pos + 1) & self.mask
            slot = self.keys[pos]
            hit = slot == keys[todo]
            found[todo[hit]] = True
            values[todo[hit]] = self.values[pos[hit]]
            more = ~hit & (slot >= 0)
            todo, pos = todo[more], pos[more]
        return found, values


class Engine:
    """A (lexicon, model) pair compiled for fast batch scoring. Safe to share across threads: its only
    mutable part is a bounded cache of each match's feature rows (:meth:`_match_rows`), whose entries
    are pure functions of their keys, so a race can only compute one twice.

    Args:
        lexicon: the lexicon whose matches feed the cue features.
        model: the trained model.
        end_mark: featurize an open-ended sentence as if it ended in ``.``, and a sentence that
            starts with a list item's marker without it (:func:`~hedgekit.features.scoring_config`),
            whatever the model was trained with; ``None`` = the model's own setting.
    """

    def __init__(self, lexicon: Lexicon, model: HedgeModel, end_mark: bool | None = None) -> None:
        self.lexicon = lexicon
        self.model = model
        self.config = model.feature_config if end_mark is None else scoring_config(model.feature_config, end_mark)
        index = model.index
        zero = len(model.features)
        names = model.features
        # The model's word and word-pair features, parsed with C-level string and map calls (a few
        # hundred thousand names: this is most of the time it takes to build an Engine).
        uni_rows = _rows_with_prefix(names, "w:")
        unigram_words = [names[r][2:] for r in uni_rows.tolist()]
        bi_rows = _rows_with_prefix(names, "b:")
        # "b:a b" -> "a", "b" for all names at once; a name that is not two words split by one space
        # (none that hedgekit writes) sends the lot through the per-name split, which keeps the pairs aligned.
        bi_names = [names[r] for r in bi_rows.tolist()]
        pair_words = "\n".join(bi_names)[2:].replace("\nb:", "\n").replace(" ", "\n")
        bigram_words = pair_words.split("\n") if bi_names else []
        if len(bigram_words) != 2 * len(bi_names) or "\n" in "".join(bi_names):
            bigram_words = list(chain.from_iterable(_pair(n[2:]) for n in bi_names))
        singles, pairs = lexicon.first_pairs()
        lexicon_tokens = sorted((set(singles) | set(chain.from_iterable(pairs))) - {"<num>"})
        vocab = {t: i for i, t in enumerate(dict.fromkeys(chain(_SPECIAL, unigram_words, bigram_words,
                                                                lexicon_tokens)))}
        self.vocab = vocab
        self.unk, self.bos, self.eos = 0, 1, 2
        self.size = size = len(vocab)
        self.zero = zero
        # Word features see numbers as "<num>" (hedgekit.features.word).
        self.num = vocab.get("<num>", self.unk)
        word_of = np.arange(size, dtype=np.int64)
        has_digit = np.zeros(size, dtype=bool)
        digits = [(t, i) for t, i in vocab.items() if i > 2 and not t.isalpha() and _DIGIT(t) is not None]
        has_digit[np.array([i for _, i in digits], dtype=np.int64)] = True
        # "<num>" is any token that starts with a digit as str.isdigit() sees it ("²", "①" too), as in
        # hedgekit.features.word; the lexicon's number test (_DIGIT: starts with a regex \d) is a separate flag
        word_of[np.array([i for t, i in vocab.items() if i > 2 and t[:1].isdigit()], dtype=np.int64)] = self.num
        self.word_of, self.has_digit = word_of, has_digit
        # A currency symbol or sign, which a lexicon "<num>" may take before its number ("$5").
        self.is_prefix = np.zeros(size, dtype=bool)
        self.is_prefix[np.array([i for t, i in vocab.items() if i > 2 and _num_prefix(t)], dtype=np.int64)] = True
        uni = np.full(size, zero, dtype=np.int64)
        if self.config.words and len(uni_rows):
            uni[np.fromiter(map(vocab.__getitem__, unigram_words), dtype=np.int64, count=len(uni_rows))] = uni_rows
        self.uni_rows = uni
        if self.config.bigrams and len(bi_rows):
            ab = np.fromiter(map(vocab.__getitem__, bigram_words), dtype=np.int64, count=len(bigram_words))
            self.bigram_rows: IntTable | None = IntTable(ab[0::2] * size + ab[1::2], bi_rows)
        else:
            self.bigram_rows = None
        # The lexicon's pre-filter (Lexicon.first_pairs) over token ids; class `size` = "<num>".
        numc = size
        cls = {**vocab, "<num>": numc}
        self.is_single = np.zeros(size, dtype=bool)
        self.is_single[np.array([cls[t] for t in singles if t != "<num>"], dtype=np.int64)] = True
        self.num_single = "<num>" in singles
        # whether a pattern starts with "<num>" (which may start at a currency symbol or sign)
        self.num_first = self.num_single or any(a == "<num>" for a, _ in pairs)
        # The entry of each token's one-token pattern (None: no such pattern, or a pseudo row, which
        # consumes its token but is no match).
        self.single_by_id: list[Any] = [None] * size
        for t, e in lexicon.single_entries().items():
            if e.category != "pseudo":
                self.single_by_id[vocab[t]] = e
        pair_keys = np.unique(np.array([cls[a] * (size + 1) + cls[b] for a, b in pairs], dtype=np.int64))  # (sorted)
        self.pairs = IntTable(pair_keys, np.zeros(len(pair_keys), dtype=np.int64))
        # Model rows of the features each (pattern, context) match owns; see _match_rows.
        self._cue_rows: dict[tuple[Any, ...], tuple[tuple[int, ...], str, float, int]] = {}
        self._cue_chars = 0  # characters of the tokens in _cue_rows' keys
        self.entry_row = {id(e): i for i, e in enumerate(lexicon.entries)}
        self.lex_max = index.get("lex:max") if self.config.priors else None
        self.lex_boost = index.get("lex:boost") if self.config.priors else None

    def _in_pairs(self, keys: np.ndarray) -> np.ndarray:
        return self.pairs.get(keys)[0]

    def _match_rows(self, tokens: list[str], m: Match) -> tuple[tuple[int, ...], str, float, int]:
        """The model rows of the binary features match ``m`` owns (:func:`~hedgekit.features.cue_features`
        of the match alone, known to the model, priors aside), its category, its prior weight and
        its entry's row in ``lexicon.entries``.

        They depend only on the pattern, the tokens of the match and its two neighbours, and
        whether it starts or ends the sentence, so they are cached per Engine (bounded in entries and
        in the characters of the tokens the keys hold).
        """
        lo = m.first - 1 if m.first else 0
        key = (m.entry.pattern, m.first == 0, m.last == len(tokens), *tokens[lo : m.last + 1])
        got = self._cue_rows.get(key)
        if got is None:
            _, owned = _cue_features(tokens, [m], self.config)  # (a list of str and a FeatureConfig)
            index = self.model.index
            rows = tuple(index[f] for f in owned[0] if f in index and not f.startswith("lex:"))
            got = (rows, m.entry.category, m.entry.weight, self.entry_row[id(m.entry)])
            chars = sum(map(len, tokens[lo : m.last + 1]))
            if len(self._cue_rows) >= _CACHE or self._cue_chars + chars > _CACHE_CHARS:
                self._cue_rows.clear()
                self._cue_chars = 0
            self._cue_rows[key] = got
            self._cue_chars += chars
        return got

    def _candidates(self, raw: np.ndarray, digit: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions (into the flat token array) where a lexicon pattern may start, and whether a
        pattern of two or more tokens may start there; ``digit`` marks where a ``<num>`` may start."""
        size = self.size
        base = size + 1
        nxt = np.empty_like(raw)
        nxt[:-1] = raw[1:]
        nxt[last] = self.eos  # never the second token of a pattern
        nd = np.zeros_like(digit)
        nd[:-1] = digit[1:]
        nd[last] = False
        pair = self._in_pairs(raw * base + nxt)
        cand = self.is_single[raw] | pair
        if digit.any():
            numc = size
            both = bool(self._in_pairs(np.full(1, numc * base + numc))[0])
            at = np.flatnonzero(nd)  # followed by a number: "about <num>"
            cand[at[self._in_pairs(raw[at] * base + numc)]] = True
            at = np.flatnonzero(digit)  # a number: "<num> times", "<num> <num>"
            cand[at] |= self.num_single | self._in_pairs(numc * base + nxt[at]) | (nd[at] & both)
        at = np.flatnonzero(cand)
        return at, pair[at]

    def _find_matches(self, toks: list[list[str]], raw: np.ndarray, digit: np.ndarray, prefix: np.ndarray,
                      sent_of_tok: np.ndarray, first_tok: np.ndarray, last: np.ndarray) -> list[list[Match]]:
        """Each sentence's lexicon matches (:meth:`Lexicon.match`), looked for only at the candidates.
        ``digit`` marks the number tokens (those that start with a digit), ``prefix`` the currency
        symbols and signs."""
        n = len(toks)
        num_start = digit
        before = None
        if prefix.any():  # "$ 5": a <num> may start at the "$" (not when the number is the next sentence's)
            num_start = digit.copy()
            before = np.zeros_like(digit)
            before[:-1] = prefix[:-1] & digit[1:]
            before[last] = False
            num_start |= before
        cand, multi = self._candidates(raw, num_start, last)
        if before is not None and self.num_first and before.any():
            # _candidates paired the "$" with its own number, not with the token after the <num>:
            # a pattern that starts with <num> ("<num> or so") may start at any such "$"
            at = np.flatnonzero(before)
            cand, order = np.unique(np.r_[cand, at], return_index=True)
            multi = np.r_[multi, np.ones(len(at), dtype=bool)][order]
        sent_digits = np.bincount(sent_of_tok[digit], minlength=n) > 0
        match = self.lexicon.match
        matches: list[list[Match]] = [_NO_MATCHES] * n  # replaced where a sentence has some
        if len(cand):
            cand_sent = sent_of_tok[cand]
            local = (cand - first_tok[cand_sent]).tolist()
            bounds = np.flatnonzero(np.r_[True, cand_sent[1:] != cand_sent[:-1], True]).tolist()
            cs = cand_sent.tolist()
            # A sentence without numbers whose candidates can only start one-token patterns needs no
            # trie walk: each candidate is its own match (what Lexicon.match would find).
            walk = (np.bincount(cand_sent[multi], minlength=n) > 0) | sent_digits
            single = self.single_by_id
            entries = [single[j] for j in raw[cand].tolist()]
            for a, b in zip(bounds, bounds[1:]):
                i = cs[a]
                if walk[i]:
                    matches[i] = match(toks[i], local[a:b], bool(sent_digits[i]))
                else:
                    found = [Match(p, p + 1, e) for p, e in zip(local[a:b], entries[a:b]) if e is not None]
                    if found:
                        matches[i] = found
        return matches

    def run(self, texts: list[str], expert: str) -> Scored:
        """Score ``texts`` with ``expert`` (``"auto"`` = the gate). See :class:`Scored`."""
        model = self.model
        config = self.config
        n = len(texts)
        if not n:
            none = np.zeros(0, dtype=np.int64)
            scores = np.zeros((0, model._table.shape[1])) + model.intercept
            return Scored(*model.combine(scores, expert), scores, [], none, none, none, none, np.zeros(0))
        if config.item_marks:  # a list item's marker as spaces: out of the tokens, every offset kept
            texts = list(map(unmarked, texts))
        toks = [normalized_tokens(s) for s in texts]
        lens = np.fromiter(map(len, toks), dtype=np.int64, count=n)
        blank = lens == 0  # no word, nothing said: certain whatever an expert's intercept is
        flat = list(chain.from_iterable(toks))
        raw = np.fromiter(map(self.vocab.get, flat, repeat(0)), dtype=np.int64, count=len(flat))
        ids = self.word_of[raw]
        digit = self.has_digit[raw]
        prefix = self.is_prefix[raw]
        for i in np.flatnonzero(raw == 0).tolist():  # tokens the vocabulary does not know
            t = flat[i]
            if t[:1].isdigit():
                ids[i] = self.num
            if not t.isalpha() and _DIGIT(t):
                digit[i] = True
            elif _num_prefix(t):
                prefix[i] = True
        sent_of_tok = np.repeat(np.arange(n, dtype=np.int64), lens)
        first_tok = np.cumsum(lens) - lens
        last = (first_tok + lens - 1)[lens > 0]
        matches = self._find_matches(toks, raw, digit, prefix, sent_of_tok, first_tok, last)
        ftoks = toks  # the tokens features see: with end_mark, "." after an open-ended sentence
        if config.end_mark:
            open_ = [i for i, t in enumerate(toks) if t and t[-1] not in FINAL_MARKS and open_ended(t)]
            if open_ and self.lexicon._dot_final:  # its matches as the lexicon reads it then (Lexicon.match)
                for i in open_:
                    matches[i] = self.lexicon.match(toks[i], open_end=True)
            ftoks, ids, sent_of_tok, lens, first_tok, last = self._with_end_marks(toks, ids, sent_of_tok, lens, open_)
        if config.cues and config.booster_frames:
            ids, sent_of_tok, lens, first_tok, last = self._without_boosters(matches, ftoks, ids, sent_of_tok, lens,
                                                                             first_tok, last)
        width = self.zero + 1
        keys = [np.arange(n, dtype=np.int64) * width + self.zero]  # every sentence has the zero row
        if config.words and len(ids):
            keys.append(sent_of_tok * width + self.uni_rows[ids])
        if config.bigrams and self.bigram_rows is not None:
            # Pair neighbours inside each sentence padded as <s> t1 ... tk </s>.
            prev = np.empty_like(ids)
            prev[1:] = ids[:-1]
            prev[first_tok[lens > 0]] = self.bos
            pair_keys = np.concatenate([prev * self.size + ids, ids[last] * self.size + self.eos])
            pair_sent = np.concatenate([sent_of_tok, sent_of_tok[last]])
            hit, rows = self.bigram_rows.get(pair_keys)
            keys.append(pair_sent[hit] * width + rows[hit])
            empty = np.flatnonzero(lens == 0)  # "<s> </s>"
            if len(empty):
                hit, rows = self.bigram_rows.get(np.full(1, self.bos * self.size + self.eos))
                if hit[0]:
                    keys.append(empty * width + rows[0])
        c = self._cue_rows_of(matches, ftoks)
        if c.b_rows:
            keys.append(np.array(c.b_sent, dtype=np.int64) * width + np.array(c.b_rows, dtype=np.int64))
        allk = np.sort(np.concatenate(keys))  # sorting and dropping repeats beats np.unique's hashing here
        uniq = allk[np.r_[True, allk[1:] != allk[:-1]]]
        sent = uniq // width
        rows_u = uniq - sent * width
        starts_u = np.searchsorted(sent, np.arange(n, dtype=np.int64))
        table = model._table
        scores = np.add.reduceat(table[rows_u], starts_u, axis=0)
        if c.real_row:
            np.add.at(scores, np.array(c.real_sent), table[np.array(c.real_row)] * np.array(c.real_val)[:, None])
        scores += model.intercept
        p, mix = model.combine(scores, expert)
        if blank.any():
            p[blank] = 0.0
        counts = np.fromiter(map(len, matches), dtype=np.int64, count=n)
        n_cues = len(c.entries)
        if not n_cues:
            none = np.zeros(0, dtype=np.int64)
            return Scored(p, mix, scores, matches, counts, none, none, none, np.zeros(0))
        m_sent = np.repeat(np.arange(n, dtype=np.int64), counts)
        m_first = np.fromiter((m.first for ms in matches for m in ms), dtype=np.int64, count=n_cues)
        m_last = np.fromiter((m.last for ms in matches for m in ms), dtype=np.int64, count=n_cues)
        starts, ends = _cue_offsets(texts, toks, m_sent, m_first, m_last)
        # Per cue, its binary rows and then its prior: the order HedgeModel.contribution sums them in.
        contributions = model.contributions(
            np.array(c.b_rows + c.real_row, dtype=np.intp),
            np.r_[np.ones(len(c.b_rows)), np.array(c.real_val, dtype=np.float64)],
            mix[np.array(c.b_sent + c.real_sent, dtype=np.intp)], np.array(c.b_cue + c.real_cue, dtype=np.intp),
            n_cues)
        return Scored(p, mix, scores, matches, counts, np.array(c.entries, dtype=np.int64), starts, ends,
                      contributions)

    def _with_end_marks(self, toks: list[list[str]], ids: np.ndarray, sent_of_tok: np.ndarray, lens: np.ndarray,
                        open_: list[int]
                        ) -> tuple[list[list[str]], np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(tokens, ids, sent_of_tok, lens, first_tok, last)`` with a ``.`` after every sentence
        of ``open_``, those that :func:`~hedgekit.features.open_ended` finds open-ended
        (``FeatureConfig.end_mark``): unchanged, but for ``first_tok`` and ``last``, when none is."""
        first_tok = np.cumsum(lens) - lens
        if open_:
            at = np.array(open_, dtype=np.int64)
            dot = self.word_of[self.vocab.get(".", 0)]
            ids = np.insert(ids, first_tok[at] + lens[at], dot)
            sent_of_tok = np.insert(sent_of_tok, first_tok[at] + lens[at], at)
            lens = lens.copy()
            lens[at] += 1
            first_tok = np.cumsum(lens) - lens
            toks = list(toks)
            for i in open_:
                toks[i] = [*toks[i], "."]
        return toks, ids, sent_of_tok, lens, first_tok, (first_tok + lens - 1)[lens > 0]

    @staticmethod
    def _without_boosters(matches: list[list[Match]], toks: list[list[str]], ids: np.ndarray, sent_of_tok: np.ndarray,
                          lens: np.ndarray, first_tok: np.ndarray, last: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(ids, sent_of_tok, lens, first_tok, last)`` of the tokens that give word features: the
        batch's flat token arrays without the :func:`~hedgekit.features.booster_drops` (the tokens of
        booster matches and a trailing ``that`` / ``,``); unchanged when no sentence has a booster."""
        drop: list[int] = []
        for i, ms in enumerate(matches):
            if ms:
                gone = booster_drops(toks[i], ms)
                if gone:
                    base = int(first_tok[i])
                    drop.extend(base + j for j in gone)
        if not drop:
            return ids, sent_of_tok, lens, first_tok, last
        keep_mask = np.ones(len(ids), dtype=bool)
        keep_mask[np.array(drop, dtype=np.intp)] = False
        ids, sent_of_tok = ids[keep_mask], sent_of_tok[keep_mask]
        lens = np.bincount(sent_of_tok, minlength=len(lens)).astype(np.int64)
        first_tok = np.cumsum(lens) - lens
        return ids, sent_of_tok, lens, first_tok, (first_tok + lens - 1)[lens > 0]

    def _cue_rows_of(self, matches: list[list[Match]], toks: list[list[str]]) -> _CueRows:
        """The model rows the lexicon matches of a batch own (see :class:`_CueRows`): each match its
        cue features' rows (cached, :meth:`_match_rows`), the strongest hedge and booster also the prior."""
        b_rows: list[int] = []
        b_sent: list[int] = []
        b_cue: list[int] = []
        real_row: list[int] = []
        real_val: list[float] = []
        real_sent: list[int] = []
        real_cue: list[int] = []
        n_cues = 0
        entry_rows: list[int] = []
        lex_max, lex_boost = self.lex_max, self.lex_boost
        match_rows = self._match_rows
        for i, ms in enumerate(matches):
            if not ms:
                continue
            tokens = toks[i]
            if len(ms) == 1:  # the common case: nothing to share
                rows, category, weight, entry = match_rows(tokens, ms[0])
                entry_rows.append(entry)
                b_rows.extend(rows)
                b_sent.extend([i] * len(rows))
                b_cue.extend([n_cues] * len(rows))
                row = lex_boost if category == "booster" else lex_max
                if weight > 0 and row is not None:
                    real_row.append(row)
                    real_val.append(weight)
                    real_sent.append(i)
                    real_cue.append(n_cues)
                n_cues += 1
                continue
            taken: set[int] = set()
            best_hedge = best_boost = -1
            best_hw = best_bw = 0.0
            for c, m in enumerate(ms):
                rows, category, weight, entry = match_rows(tokens, m)
                entry_rows.append(entry)
                for j in rows:
                    if j not in taken:
                        taken.add(j)
                        b_rows.append(j)
                        b_sent.append(i)
                        b_cue.append(n_cues + c)
                if category == "booster":
                    if best_boost < 0 or weight > best_bw:
                        best_boost, best_bw = c, weight
                elif best_hedge < 0 or weight > best_hw:
                    best_hedge, best_hw = c, weight
            for best, w, row in ((best_hedge, best_hw, lex_max), (best_boost, best_bw, lex_boost)):
                if best >= 0 and w > 0 and row is not None:
                    real_row.append(row)
                    real_val.append(w)
                    real_sent.append(i)
                    real_cue.append(n_cues + best)
            n_cues += len(ms)
        return _CueRows(b_rows, b_sent, b_cue, real_row, real_val, real_sent, real_cue, entry_rows)
