"""hedgekit.features: feature families, and booster frames that stay out of the word features."""

from __future__ import annotations

import pytest

import hedgekit
from hedgekit.features import FeatureConfig, booster_drops, featurize, open_ended, word_tokens
from hedgekit.text import token_spans


@pytest.fixture(scope="module")
def lexicon() -> hedgekit.Lexicon:
    return hedgekit.load_lexicon()


def feats(text: str, lexicon: hedgekit.Lexicon, config: FeatureConfig = FeatureConfig()) -> dict[str, float]:
    norms, _ = token_spans(text)
    return featurize(norms, lexicon.match(norms), config)[0]


def words_of(f: dict[str, float]) -> set[str]:
    return {n for n in f if n[:2] in ("w:", "b:")}


@pytest.mark.parametrize("framed", ["There is no doubt that the drug works.", "Clearly, the drug works.",
                                    "It is clear that the drug works.", "Undoubtedly the drug works."])
def test_a_booster_frame_adds_only_the_boosters_own_features(framed: str, lexicon: hedgekit.Lexicon) -> None:
    plain = feats("The drug works.", lexicon)
    f = feats(framed, lexicon)
    booster = {n for n in f if n not in plain}
    # the word features are the plain sentence's, plus at most the booster's own word (pair),
    # which training keeps at or below zero (hedgekit.train.booster_features)
    assert words_of(plain) <= words_of(f)
    assert all(n.startswith(("c:", "k:booster", "cp:", "cn:", "cs:", "lex:boost", "w:", "b:")) for n in booster)
    assert {n for n in booster if n[:2] in ("w:", "b:")} <= {"w:clearly", "w:undoubtedly"}
    assert "k:booster" in f and "w:that" not in f and "w:," not in f


def test_the_booster_keeps_its_context_and_the_old_setting_keeps_every_word(lexicon: hedgekit.Lexicon) -> None:
    f = feats("There is no doubt that the drug works.", lexicon)
    assert "cn:there is no doubt|that" in f and "b:<s> the" in f and "b:that the" not in f
    old = feats("There is no doubt that the drug works.", lexicon, FeatureConfig(booster_frames=False))
    assert {"w:there", "w:that", "b:that the", "b:<s> there"} <= set(old)
    words_only = feats("There is no doubt that the drug works.", lexicon, FeatureConfig(cues=False, cue_context=False,
                                                                                         priors=False))
    assert "w:doubt" in words_only  # without cue features nothing would stand for the booster's words


def test_word_tokens(lexicon: hedgekit.Lexicon) -> None:
    def kept(text: str) -> list[str]:
        norms, _ = token_spans(text)
        return [norms[i] for i in word_tokens(norms, lexicon.match(norms))]

    assert kept("Clearly, the drug may work.") == ["the", "drug", "may", "work", "."]
    assert kept("The drug clearly works, and it may fail.") == ["the", "drug", "works", ",", "and", "it", "may",
                                                                 "fail", "."]
    assert kept("The drug may work.") == ["the", "drug", "may", "work", "."]  # no booster: every token
    assert kept("Clearly,") == []
    # a hedge right after a booster keeps its words: only "that" and "," are taken along
    assert kept("It is clear that perhaps it works.") == ["perhaps", "it", "works", "."]


def test_booster_drops(lexicon: hedgekit.Lexicon) -> None:
    def drops(text: str) -> list[str]:
        norms, _ = token_spans(text)
        return [norms[i] for i in booster_drops(norms, lexicon.match(norms))]

    assert drops("Clearly, there is no doubt that it works.") == ["clearly", ",", "there", "is", "no", "doubt", "that"]
    assert drops("It works, clearly.") == ["clearly"]  # nothing trails it but the full stop
    assert drops("It may work.") == []


def test_feature_config_round_trip_and_old_files() -> None:
    new = FeatureConfig()
    assert new.booster_frames and not new.end_mark and FeatureConfig.from_dict(new.to_dict()) == new
    marked = FeatureConfig(end_mark=True)
    assert FeatureConfig.from_dict(marked.to_dict()) == marked and marked.to_dict()["end_mark"] is True
    old = {"words": True, "bigrams": True, "cues": True, "cue_context": True, "priors": True}
    assert FeatureConfig.from_dict(old) == FeatureConfig(booster_frames=False)
    assert FeatureConfig(booster_frames=False).to_dict() == old  # what a file written before them holds
    # a file written after booster_frames and before end_mark (the shipped model's, which is without it)
    assert FeatureConfig.from_dict({**old, "booster_frames": True}) == FeatureConfig()
    assert FeatureConfig().to_dict() == {**old, "booster_frames": True}
    # item_marks, later still: written only when on, so the shipped model's checksum reads as before
    listed = FeatureConfig(item_marks=True)
    assert FeatureConfig.from_dict(listed.to_dict()) == listed and listed.to_dict()["item_marks"] is True
    assert "item_marks" not in FeatureConfig().to_dict()


def test_scoring_config_reads_a_line_as_a_sentence_or_as_written() -> None:
    from hedgekit.features import scoring_config, unmarked

    trained = FeatureConfig()
    assert scoring_config(trained) == FeatureConfig(end_mark=True, item_marks=True)
    assert scoring_config(trained, end_mark=False) is trained
    assert scoring_config(FeatureConfig(end_mark=True, item_marks=True), end_mark=False) == trained
    # a list item's marker turns into spaces: the tokens leave it out, every offset stays
    for text, want in (("- It may rain.", "  It may rain."), ("  2. Mix it.", "     Mix it."),
                       ("10)\tIt binds.", "   \tIt binds."), ("\u200b• Maybe.", "\u200b  Maybe.")):
        assert unmarked(text) == want and len(want) == len(text)
    for text in ("-based drugs may work.", "2.5 mg may help.", "It may rain.", "1990. It rained.", ""):
        assert unmarked(text) is text


def test_a_missing_final_mark_does_not_move_the_features() -> None:
    """With end_mark, a sentence without a final '.', '!', '?' or '…' (a headline, a cell) has the
    features of the same sentence ending in '.': without it (the default, and the shipped model),
    "It may rain" lacks the weights of 'w:.', 'b:rain .' and 'b:. </s>' that nearly every training
    sentence has (P 0.39 against 0.72)."""
    lexicon = hedgekit.load_lexicon()

    def feats(text: str, config: FeatureConfig = FeatureConfig(end_mark=True)) -> dict[str, float]:
        norms, _ = token_spans(text)
        return featurize(norms, lexicon.match(norms), config)[0]

    for open_, closed in (("It may rain", "It may rain."), ("maybe", "maybe."), ("Reportedly", "Reportedly."),
                          ('He said "maybe"', 'He said "maybe".'), ("There is no doubt that it works",
                                                                    "There is no doubt that it works.")):
        assert feats(open_) == feats(closed), open_
        assert feats(open_, FeatureConfig(end_mark=False)) != feats(closed, FeatureConfig(end_mark=False))
    assert "cn:maybe|." in feats("maybe") and "cn:maybe|</s>" in feats("maybe", FeatureConfig(end_mark=False))
    # a sentence that ends in another mark, or in one before closing quotes, keeps its own
    for text in ("Will it rain?", "It may rain!", 'He said "It may rain."', "It may rain (probably).", "Wait…"):
        assert "b:. </s>" not in feats(text) or text.endswith((".", "…")), text  # ("…" reads as ".")
        assert feats(text) == feats(text, FeatureConfig(end_mark=False)), text
    assert feats("") == feats("", FeatureConfig(end_mark=False))
    assert [open_ended(t) for t in (["it", "rains"], ["it", "rains", "."], ["x", ".", "”"], ["x", "”"], [], ["”"])] \
        == [True, False, False, True, False, False]


@pytest.mark.parametrize("text, expected", [
    ("It may rain.[3]", False), ("It may rain.[3][4]", False), ('It may rain."[3]', False),
    ("It may rain. (Smith 2003)", False), ("It may rain.[citation needed]", False),
    ("It may rain. (Smith et al., 2003)", False), ("It may rain. (ref. 12)", False), ("It may rain.¹²", False),
    ("It may rain (Smith 2003)", True), ("Passenger car (rail)", True), ('It rains. "quoted (aside)"', True),
    ("Science 1991 Oct 4 ; 254 ( 5028 ) : 11]", True), ("It may rain.[" + " ".join("1" * 13) + "]", True),
])
def test_open_ended_looks_past_a_citation_marker_after_the_final_mark(text: str, expected: bool,
                                                                      lexicon: hedgekit.Lexicon) -> None:
    tokens, _ = token_spans(text)
    assert open_ended(tokens) is expected
    # with end_mark, a closed one keeps its features (no "." appended after the marker)
    with_mark = feats(text, lexicon, FeatureConfig(end_mark=True))
    assert (with_mark == feats(text, lexicon)) is not expected
    with pytest.raises(ValueError, match="unknown feature families"):
        FeatureConfig.from_dict({"boosters": True})


def test_a_sentence_given_as_a_str_or_a_dict_config_is_refused() -> None:
    """featurize("It may rain.", []) gave per-character features ('b:I t') and a dict config an
    AttributeError (a review); both are InputTypeErrors that say what to pass."""
    from hedgekit.errors import InputTypeError
    from hedgekit.features import cue_features, word_features

    with pytest.raises(InputTypeError, match=r"normalized tokens.*normalized_tokens\(sentence\).*'It may rain.'"):
        featurize("It may rain.", [])
    with pytest.raises(InputTypeError, match=r"FeatureConfig\.from_dict\(d\).*got dict"):
        featurize(["it", "may"], [], {"words": True})
    for f in (word_features, cue_features):
        with pytest.raises(InputTypeError, match=f.__name__):
            f("it may", *([[]] if f is cue_features else []))
    assert featurize(["it", "may", "rain", "."], [])[0]["w:may"] == 1.0


def test_feature_settings_and_tokens_of_another_type_are_refused() -> None:
    """FeatureConfig(words="false") was taken (a str is true) and a model saved with end_mark="no" could
    not be loaded again; from_dict("words") spoke of unknown families 'w', 'o', ...; featurize(None) and
    featurize([1, 2]) and normalize_token(5) raised Python's own errors (an audit)."""
    from hedgekit.errors import ArgumentError, InputTypeError
    from hedgekit.text import normalize_token, normalized_tokens, tokenize

    for bad in ({"words": "false"}, {"end_mark": "no"}, {"cues": 1}, {"item_marks": None}):
        with pytest.raises(ArgumentError, match=rf"^FeatureConfig: {next(iter(bad))} must be True or False, got"):
            FeatureConfig(**bad)
    for d in ("words", [("words", True)], None):
        with pytest.raises(InputTypeError, match=r"^FeatureConfig\.from_dict expects a mapping of setting name to "
                                                 rf"True/False \(what to_dict gives\), got {type(d).__name__}$"):
            FeatureConfig.from_dict(d)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"^featurize\(\) takes a sentence's normalized tokens, a list of str .* "
                                             r"got NoneType$"):
        featurize(None, [])  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"got a list whose item 1 is int$"):
        featurize(["it", 2], [])  # type: ignore[list-item]
    with pytest.raises(InputTypeError, match=r"^normalized_tokens\(\) expects a str, got NoneType$"):
        normalized_tokens(None)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"^normalize_token\(\) expects a str, got int$"):
        normalize_token(5)  # type: ignore[arg-type]
    # normalize_token gives the form the rest of the API gives (soft hyphens dropped, marks composed)
    for word in ("pro\u00adbably", "nai\u0308ve", "Proba\u200bbly", "MAY", "it’s"):
        assert normalize_token(word) == tokenize(word)[0].norm == token_spans(word)[0][0]


def test_a_decimal_threshold_is_pointed_to_float() -> None:
    from decimal import Decimal

    from hedgekit.errors import ArgumentError

    with pytest.raises(ArgumentError, match=r"threshold must be a number in \(0, 1\), got Decimal\('0\.5'\); pass "
                                            r"float\(value\): a Decimal is not taken$"):
        hedgekit.Scorer(threshold=Decimal("0.5"))
    with pytest.raises(ArgumentError, match=r"got Decimal\('5'\)$"):  # (float() of it is refused too: no hint)
        hedgekit.Scorer(threshold=Decimal("5"))
    assert hedgekit.Scorer(threshold=float(Decimal("0.5"))).threshold == 0.5
