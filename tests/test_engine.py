"""The batch engine computes exactly the features (and so the scores) of the string featurizer."""

from __future__ import annotations

import dataclasses

from itertools import islice

import numpy as np
import pytest

import hedgekit
from hedgekit.engine import Engine
from hedgekit.features import FeatureConfig, featurize, lexicon_matches, unmarked
from hedgekit.model import HedgeModel
from hedgekit.text import normalized_tokens, token_spans

SENTENCES = [
    "",
    "   ",
    "The drug may reduce mortality.",
    "In May 2019, 20 patients (3.5%) may have had IL-2 levels about 20 times higher.",
    "Reportedly, “experts” believe it might cost around 3.5 billion, no doubt.",
    "There are rumors that this car has 20 bulletproof cars.",
    "İstanbul may be big; ΣΊΣΥΦΟΣ might not.",
    "It is not clear whether p53 binds, e.g. in vivo, or whether it is believed to.",
    "Word word word word word.",
    "12 34 56",
    "😀 ‮ \x00 \u2028 some of the many people said so",
    "There is no doubt that the drug works, and it is clear that it may fail.",
    "Clearly,",
    "Clearly, perhaps.",
    # digits to str.isdigit() but not to regex \d: words "<num>" for both paths, never lexicon numbers
    "About ² people (①) saw ፩ things; ²3 may be 5² at 5 m/s ².",
    "I donʼt know; ʼtis so, isnʼt it? xʼ; I ʼd think",  # U+02BC: tokenized and normalized as '
    "It may rain… or 3…5 may… ’tis possibly so…",  # the ellipsis reads as "." (one character for one)
    # a <num> after a currency symbol or sign; split contractions; hyphens other than '-'
    "It cost about $5 million, around €3 or nearly −2; about ₹ and some $",
    "We do n't know ; it ca n't be ruled out ; the so–called and so‑called and so called experts.",
    "$5 may rise, about - 5 may, about +5 and about −5 ; the results–possibly–were so called because",
    # invisible characters and combining marks inside words: one token, normalized without them
    "The drug pro\u00adbably works, reported\u200bly; the nai\u0308ve İ may\u2060be ri\u0301sky \u00ad alone.",
    # a day-month date at the end: without its "." (the tests strip it) "<num> may ." matches only
    # as the Scorer reads an open-ended sentence (end_mark: Lexicon.match(open_end=True))
    "Polls close 5 May.",
]


def reference_scores(model: HedgeModel, lexicon: hedgekit.Lexicon, texts: list[str]) -> np.ndarray:
    feats = []
    for t in texts:
        norms, _ = token_spans(unmarked(t) if model.feature_config.item_marks else t)
        feats.append(featurize(norms, lexicon_matches(lexicon, norms, model.feature_config), model.feature_config)[0])
    return model.raw_scores(*model.encode(feats))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_engine_tokens_equal_token_spans(sentence: str) -> None:
    assert normalized_tokens(sentence) == token_spans(sentence)[0]


@pytest.mark.parametrize("end_mark, item_marks", [(True, True), (False, False), (False, True)])
def test_engine_matches_string_featurizer_on_shipped_model(story_text: str, end_mark: bool, item_marks: bool) -> None:
    """Also with and without ``end_mark`` and ``item_marks`` (the shipped weights under either
    setting): open-ended sentences ("Clearly,", "12 34 56", a headline) get their "." and a list
    item's marker ("- ", "2. ") is left out in both paths alike."""
    lexicon, real = hedgekit.load_lexicon(), hedgekit.load_model()
    config = dataclasses.replace(real.feature_config, end_mark=end_mark, item_marks=item_marks)
    model = HedgeModel(real.features, real.coef, real.intercept, real.experts, real.gate, real.thresholds, config,
                       real.lexicon_hash, real.training)
    texts = SENTENCES + [story_text[a:b] for a, b in hedgekit.split_sentences(story_text)]
    texts += [t.rstrip(".") for t in texts] + ["Kim may visit Russia", '"It may rain"', "It may rain .”"]
    texts += [m + t for m in ("- ", "• ", "  2. ", "10) ", "2.1.\t", "\u200b– ") for t in texts[:12]]
    texts += ["- ", "2. ", "-based may", "2.5 may", "1. May 2020 was wet.", "- - It may rain", "1. 2 may"]
    run = Engine(lexicon, model).run(texts, "auto")
    np.testing.assert_allclose(run.scores, reference_scores(model, lexicon, texts), rtol=0, atol=1e-9)
    # the cue offsets are the matches' own, as token_spans gives them (the appended "." is no text,
    # a marker left out is spaces at the same offsets)
    at = 0
    for k, n in enumerate(run.counts.tolist()):
        norms, spans = token_spans(unmarked(texts[k]) if item_marks else texts[k])
        want = [(spans[m.first][0], spans[m.last - 1][1]) for m in lexicon_matches(lexicon, norms, config)]
        assert list(zip(run.starts[at:at + n].tolist(), run.ends[at:at + n].tolist())) == want, texts[k]
        at += n


def test_engine_keeps_word_pairs_aligned_past_malformed_pair_names() -> None:
    # Feature names that hedgekit never writes but a hand-made model file may hold: a pair name
    # with no space, with two spaces, or with a line break. The pairs after them must keep their
    # own weights (the engine parses all pair names at once and must not shift them).
    lexicon = hedgekit.load_lexicon()
    names = sorted({f for t in SENTENCES for f in featurize(token_spans(t)[0], lexicon.match(token_spans(t)[0]),
                                                            FeatureConfig())[0]})
    weights = {n: (i % 7 - 3) / 7 + 0.01 * i for i, n in enumerate(names)}
    for odd in ("b:solo", "b:a b c", "b:x\ny z", "b:"):
        bad = {**weights, odd: 5.0}
        model = HedgeModel.linear(bad, -0.5, 0.5, FeatureConfig(), lexicon.hash)
        got = Engine(lexicon, model).run(SENTENCES, "auto").scores
        np.testing.assert_allclose(got, reference_scores(model, lexicon, SENTENCES), rtol=0, atol=1e-9)


@pytest.mark.parametrize("config", [FeatureConfig(), FeatureConfig(bigrams=False), FeatureConfig(words=False),
                                    FeatureConfig(cues=False, cue_context=False, priors=False),
                                    FeatureConfig(booster_frames=False)])
def test_engine_matches_string_featurizer_per_family(config: FeatureConfig) -> None:
    lexicon = hedgekit.load_lexicon()
    # A model with a distinct weight for every feature the sentences produce.
    names = sorted({f for t in SENTENCES for f in featurize(token_spans(t)[0], lexicon.match(token_spans(t)[0]),
                                                                config)[0]})
    weights = {n: (i % 7 - 3) / 7 + 0.01 * i for i, n in enumerate(names)}
    model = HedgeModel.linear(weights, -0.5, 0.5, config, lexicon.hash)
    got = Engine(lexicon, model).run(SENTENCES, "auto").scores
    np.testing.assert_allclose(got, reference_scores(model, lexicon, SENTENCES), rtol=0, atol=1e-9)


def test_batch_independence_is_bit_identical() -> None:
    s = "Experts believe Russia might require 122mm and 152mm shells."
    alone = hedgekit.score_sentence(s)
    mixed = hedgekit.score(["It rained.", s, "", "Some say 20 may fall."] * 3)
    assert mixed[1] == alone and mixed[5] == alone and mixed[9] == alone


_WORDS = ["may", "May", "2019", "il-2", "about", "20", "the", "it", "is", "believed", "to", "some", "experts",
          "there", "are", "rumors", "no", "doubt", "all", "his", "might", "could", "not", "be", "ruled", "out",
          "according", "sources", ",", ".", "3.5", "p53", "whether", "if", "most", "likely", "seems", "x",
          "$", "€", "−", "-", "+", "₹", "do", "n't", "ca", "know", "rule", "so–called", "so", "called"]


_ENGINE: list[Engine] = []


def _check_engine_equals_reference(texts: list[str]) -> None:
    lexicon, model = hedgekit.load_lexicon(), hedgekit.load_model()
    if not _ENGINE:
        _ENGINE.append(Engine(lexicon, model))
    r = _ENGINE[0].run(texts, "auto")
    for t, m in zip(texts, r.matches):
        assert m == lexicon.match(token_spans(t)[0]), t
    np.testing.assert_allclose(r.scores, reference_scores(model, lexicon, texts), rtol=0, atol=1e-9)


def test_engine_prefilter_finds_every_match(story_text: str) -> None:
    _check_engine_equals_reference(SENTENCES + [story_text])


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join), min_size=1, max_size=8))
    def test_engine_equals_reference_on_cue_dense_text(texts: list[str]) -> None:
        _check_engine_equals_reference(texts)


_ODD = [
    "İstanbul may be big; ΣΊΣΥΦΟΣ might not, İİİ reportedly.",
    "ربما 20 is İstanbul whether 3.5 about experts reportedly",
    "tabs\tmay\u3000be\u2028there\x1cperhaps\x85, or\u00a0possibly\u202fnot.",
    "Ligatures ﬁ may: ß might ǅ possibly.",
    "\ud800 lone surrogate may stay, perhaps.",
]


def _check_offsets(texts: list[str]) -> None:
    lexicon = hedgekit.load_lexicon()
    if not _ENGINE:
        _ENGINE.append(Engine(lexicon, hedgekit.load_model()))
    r = _ENGINE[0].run(texts, "auto")
    got = iter(zip(r.starts.tolist(), r.ends.tolist(), r.entries.tolist()))
    for t, k in zip(texts, r.counts.tolist()):
        want = [(c.start, c.end, c.pattern) for c in lexicon.find(t)]
        assert [(a, b, lexicon.entries[e].pattern) for a, b, e in islice(got, k)] == want, t


def test_engine_cue_offsets_equal_token_spans_on_odd_text(story_text: str) -> None:
    # Several sentences per batch, so that offsets into the joined batch must be right too.
    _check_offsets(_ODD + SENTENCES + [story_text] + _ODD[::-1])


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    _PIECES = st.sampled_from(_WORDS + ["İ", "ß", "\u3000", "\t", "\u2028", "\x85", "’", "-", "ﬁ", "İstanbul"])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=10).map(" ".join),
                    min_size=1, max_size=6))
    def test_engine_cue_offsets_equal_token_spans(texts: list[str]) -> None:
        _check_offsets(texts)


@pytest.mark.parametrize("n", [0, 1, 7, 5000])
def test_int_table_agrees_with_a_dict(n: int) -> None:
    from hedgekit.engine import IntTable

    rng = np.random.default_rng(n)
    keys = np.unique(rng.integers(0, 10**12, n))
    keys = np.unique(np.r_[keys, np.arange(20, dtype=np.int64) << 40])
    values = rng.integers(0, 10**6, len(keys))
    table = IntTable(keys, values)
    if n == 5000:
        assert table.max_step > 1  # some keys collided: probing is exercised
    queries = np.r_[keys, rng.integers(0, 10**12, 3000), np.arange(40, dtype=np.int64) << 40]
    found, got = table.get(queries)
    want = dict(zip(keys.tolist(), values.tolist()))
    assert found.tolist() == [q in want for q in queries.tolist()]
    assert got[found].tolist() == [want[q] for q in queries[found].tolist()]
    assert (got[~found] == 0).all()


def test_engine_with_features_in_any_order() -> None:
    # Trained models list features sorted (the engine's fast path); any other order must give the same scores.
    lexicon = hedgekit.load_lexicon()
    config = FeatureConfig()
    names = sorted({f for t in SENTENCES for f in featurize(token_spans(t)[0], lexicon.match(token_spans(t)[0]),
                                                                config)[0]})
    for order in (names, names[::-1], names[1::2] + names[0::2]):
        weights = [[(i % 5 - 2) / 5 + 0.01 * len(n)] for i, n in enumerate(order)]
        model = HedgeModel(order, weights, [-0.5], ["x"], ["x"], {"auto": 0.5, "x": 0.5}, config, lexicon.hash)
        got = Engine(lexicon, model).run(SENTENCES, "auto").scores
        np.testing.assert_allclose(got, reference_scores(model, lexicon, SENTENCES), rtol=0, atol=1e-9)


def test_engine_prefilter_finds_num_first_patterns_after_a_currency_symbol() -> None:
    """A pattern that starts with ``<num>`` may start at a currency symbol or sign ("$5 or so"); the
    pre-filter paired the "$" with its own number, so the engine matched from the number on. The
    shipped lexicon's ``<num>``-first rows are all pseudo rows, so only a user's row shows it."""
    lexicon = hedgekit.Lexicon([*hedgekit.load_lexicon(), ("<num> or so", "approximation", 0.6),
                                ("<num> <num> or", "approximation", 0.3)])
    texts = ["It was $5 or so.", "It cost +3 or so, then €4 −5 or more.", "It was $", "5 or so and ₹7 or so",
             "No numbers here, $ only.", "$5 or so"]
    got = Engine(lexicon, hedgekit.load_model()).run(texts, "auto").matches
    want = [lexicon.match(token_spans(t)[0]) for t in texts]
    assert got == want
    assert [(m.first, m.last) for m in got[0]] == [(2, 6)]  # "$ 5 or so": from the "$"


def test_engine_scores_an_empty_batch() -> None:
    """No sentences: empty arrays of the right shapes (the batch search indexed the first of none)."""
    engine = Engine(hedgekit.load_lexicon(), hedgekit.load_model())
    one = engine.run(["It may rain."], "auto")
    for expert in ("auto", "general"):
        got = engine.run([], expert)
        assert got.p.shape == (0,) and got.matches == [] and got.counts.shape == (0,)
        assert got.mix.shape == (0, one.mix.shape[1]) and got.scores.shape == (0, one.scores.shape[1])


def test_only_text_whose_tokens_change_length_takes_the_regex_offset_path() -> None:
    """The batched offsets count characters of the normalized tokens; only sentences whose tokens
    are not as long as their text need the regex (a review: the ellipsis, one character for one,
    had been sent there too, at half the speed)."""
    from hedgekit.engine import _offsets_by_regex

    for text in ("It may rain…", "Iʼd say so’s the so‐called 3…5", "Perhaps – or not", "Ünïcode may do"):
        assert not _offsets_by_regex(text), text
    for text in ("Signiﬁcant", "ｍａｙ", "İstanbul may", "pro\u00adbably", "nai\u0308ve"):
        assert _offsets_by_regex(text), text


def test_the_cue_cache_is_bounded_by_the_characters_its_keys_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache of a match's model rows kept the tokens around each cue in its keys, bounded only in
    entries: 4,000 sentences with a 10,000-letter sequence beside "may" held 40 MB after scoring (a
    review measured 121 -> 357 MB over 20,000). It now starts over when its keys hold too many
    characters, with the same scores."""
    import hedgekit.engine as engine
    from hedgekit.scorer import Scorer

    rng = np.random.default_rng(0)
    texts = ["It may " + "".join(rng.choice(list("acgt"), size=2_000)) + " bind." for _ in range(40)]
    plain = Scorer().score(texts)
    monkeypatch.setattr(engine, "_CACHE_CHARS", 10_000)
    scorer = Scorer()
    bounded = scorer.score(texts)
    assert [s.to_dict() for s in bounded] == [s.to_dict() for s in plain]
    held = sum(len(t) for key in scorer._engine._cue_rows for t in key[3:])
    assert 0 < held <= 10_000 and scorer._engine._cue_chars == held
