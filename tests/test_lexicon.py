"""The lexicon: validity of the shipped file, matching rules, pseudo-cues, extension, file errors."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import pytest

import hedgekit
from hedgekit.errors import InputTypeError, LexiconError, NotFoundError
from hedgekit.lexicon import HEADER, LEXICON_CATEGORIES, SOURCES, Lexicon, LexiconEntry, load_lexicon

SHIPPED = load_lexicon()


def cues(sentence: str, lexicon: Lexicon = SHIPPED) -> list[tuple[str, str]]:
    return [(c.text, c.category) for c in lexicon.find(sentence)]


# --- the shipped file -----------------------------------------------------------------------------
def test_shipped_file_is_sorted_unique_and_valid() -> None:
    text = (Path(hedgekit.__file__).parent / "data" / "lexicon.tsv").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    assert tuple(lines[0].split("\t")) == HEADER
    patterns = [line.split("\t")[0] for line in lines[1:]]
    assert patterns == sorted(patterns)
    assert len(patterns) == len(set(patterns))
    assert len(SHIPPED) == len(patterns) >= 300
    for e in SHIPPED:
        assert e.category in LEXICON_CATEGORIES
        assert 0.0 <= e.weight <= 1.0
        assert set(e.source.split(";")) <= SOURCES
        if e.category == "pseudo":
            assert e.weight == 0.0


def test_shipped_covers_every_category_and_multiword_cues() -> None:
    cats = {e.category for e in SHIPPED}
    assert cats == set(LEXICON_CATEGORIES)
    for p in ("it is believed", "according to sources", "there are rumors", "cannot rule out", "most likely",
              "no doubt", "is said to", "some experts", "seems to"):
        assert p in SHIPPED, p
    assert sum(len(e.tokens) > 1 for e in SHIPPED) >= 60


def test_to_tsv_round_trip(tmp_path: Path) -> None:
    SHIPPED.to_tsv(tmp_path / "lex.tsv")
    again = load_lexicon(tmp_path / "lex.tsv")
    assert again.hash == SHIPPED.hash
    assert again.entries == SHIPPED.entries


# --- matching -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The drug may reduce mortality.", [("may", "epistemic")]),
        ("The trial ended in May 2019.", []),
        ("He pushed with all his might.", []),
        ("There are rumors that this car has 20 bulletproof cars.", [("There are rumors", "hearsay")]),
        ("The two leaders are going to meet on Tuesday, most likely.", [("most likely", "epistemic")]),
        ("Kim Jong Un has supposedly begun his trip.", [("supposedly", "hearsay")]),
        ("The missile is believed to be the first.", [("is believed to", "doxastic")]),
        ("The number is said to have belonged to a girl.", [("is said to", "hearsay")]),
        ("There is no doubt that it works.", [("There is no doubt", "booster")]),
        ("No doubt it works.", [("No doubt", "booster")]),
        ("It weighs about 20 tonnes.", [("about 20", "approximation")]),
        ("They talked about the weather.", []),
        ("Thought experiments are a staple of physics teaching.", []),
        ("The suggestion box was emptied every week.", []),
        ("This suggestion is plausible.", [("suggestion", "epistemic"), ("plausible", "epistemic")]),
        # no pseudo row for "assumed the debts": with a clause it is a belief
        ("Investors assumed the debts would be repaid.", [("assumed", "doxastic"), ("would", "condition")]),
        # (an audit) month uses of "may" the rows missed: an ordinal day ("1st" is "1", "st"), a date
        # before other punctuation, "through May", "May Day"; and contracted modals, one token each
        ("Workers marched on 1st May, and again on 22nd May.", []),
        ("By 3rd May talks had stalled; the 5th May meeting was cancelled.", []),
        ("The deadline (5 May) passed.", []),
        ("Is the vote on 5 May? It ran 5 May - 6 June; then 7 May: a recount.", []),
        ("Talks ran through May and during May; the May Day rally drew thousands.", []),
        ("He might've known, and she may’ve left.", [("might've", "epistemic"), ("may’ve", "epistemic")]),
        ("It could've been worse, we would've said.", [("could've", "epistemic"), ("would've", "condition")]),
        ("It must 've rained.", [("must 've", "booster")]),
    ],
)
def test_shipped_matching(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert cues(sentence) == expected  # every cue, in order: a spurious extra match fails too


def test_match_offsets_are_exact() -> None:
    s = "Reportedly, “experts” believe it might cost around 3.5 billion, no doubt."
    found = SHIPPED.find(s)
    assert found
    for c in found:
        assert s[c.start : c.end] == c.text
        assert c.contribution == 0.0 and c.weight == SHIPPED[c.pattern].weight


def test_longest_match_wins_and_pseudo_suppresses() -> None:
    lex = Lexicon([
        ("doubt", "doxastic", 0.5, "user"),
        ("no doubt", "booster", 0.9, "user"),
        ("may", "epistemic", 0.6, "user"),
        ("may <num>", "pseudo", 0.0, "user"),
        ("<num> may", "pseudo", 0.0, "user"),
    ])
    assert cues("There is no doubt.", lex) == [("no doubt", "booster")]
    assert cues("I doubt it.", lex) == [("doubt", "doxastic")]
    assert cues("Since May 2019 it may grow.", lex) == [("may", "epistemic")]
    assert cues("On 5 May it grew.", lex) == []


def test_open_end_reads_the_tokens_as_followed_by_a_full_stop() -> None:
    """(an audit) the Scorer reads a headline "Polls close 5 May" as "Polls close 5 May." for its
    features, but matched the lexicon as written, so "<num> may ." did not fire: the month was an
    epistemic "May" cue and the label flipped. ``open_end`` matches as if a "." followed."""
    from hedgekit.text import normalized_tokens

    toks = normalized_tokens("Polls close 5 May")
    assert [m.entry.pattern for m in SHIPPED.match(toks)] == ["may"]
    assert SHIPPED.match(toks, open_end=True) == [] == SHIPPED.match(normalized_tokens("Polls close 5 May."))
    toks = normalized_tokens("It may rain")  # nothing that ends in "." there: the same matches
    assert SHIPPED.match(toks, open_end=True) == SHIPPED.match(toks) != []
    assert SHIPPED.match([], open_end=True) == []
    # a match that takes the "." ends at the last token: no offset past the text
    lex = Lexicon([("and so on .", "weasel", 0.5, "user"), ("so on", "approximation", 0.5, "user")])
    toks = normalized_tokens("They sang and so on")
    got = lex.match(toks, open_end=True)
    assert [(m.first, m.last, m.entry.pattern) for m in got] == [(2, 5, "and so on .")]
    assert [(m.first, m.last, m.entry.pattern) for m in lex.match(toks)] == [(3, 5, "so on")]
    plain = Lexicon([("so on", "approximation", 0.5, "user")])  # no pattern ends in ".": no second look
    assert plain.match(toks, open_end=True) == plain.match(toks)


def test_num_is_a_token_that_starts_with_a_digit() -> None:
    """A gene or protein name that holds a digit ("p53", "IL-2", "roX2") is no number: the date row
    ``<num> may ,`` took "p53 may, however," (no cue found) and ``at least <num>`` "at least p50"
    (BioScope) before; a number still is one, also one written in full-width digits."""
    found = {t: [(c.text, c.pattern) for c in SHIPPED.find(t)] for t in (
        "p53 may, however, bind DNA.", "IL-2 may, however, act.", "On 12 May, the talks began.",
        "It holds at least p50 and p65.", "It holds at least 50 proteins.", "In some 1990s studies, it rose.",
        "Experts believe Russia might require 122mm and 152mm shells.")}
    assert found["p53 may, however, bind DNA."] == [("may", "may")]
    assert found["IL-2 may, however, act."] == [("may", "may")]
    assert found["On 12 May, the talks began."] == []
    assert found["It holds at least p50 and p65."] == []
    assert found["It holds at least 50 proteins."] == [("at least 50", "at least <num>")]
    assert found["In some 1990s studies, it rose."] == [("some 1990", "some <num>")]  # ("1990", "s": two tokens)
    assert found["Experts believe Russia might require 122mm and 152mm shells."] == [
        ("Experts believe", "experts believe"), ("might", "might")]
    lex = Lexicon([("about <num>", "approximation", 0.8)])
    assert [c.text for c in lex.find("About 122mm, about stat5 and about ３ of them.")] == ["About 122", "about ３"]


# --- building and extending ------------------------------------------------------------------------
def test_with_entries_returns_new_lexicon() -> None:
    before = SHIPPED.hash
    bigger = SHIPPED.with_entries([("word on the street", "hearsay", 0.9, "user", "slang")])
    assert SHIPPED.hash == before and "word on the street" not in SHIPPED
    assert "word on the street" in bigger
    assert bigger.base_hash == SHIPPED.hash
    assert cues("Word on the street is that he left.", bigger) == [("Word on the street", "hearsay")]
    assert len(bigger) == len(SHIPPED) + 1


def test_derived_lexicon_file_keeps_its_base_and_exact_weights(tmp_path: Path) -> None:
    """A lexicon saved with to_tsv reads back with the same rows, weights, hash and base, so the
    shipped model accepts it by path as it accepts the object (and the CLI, spaCy and Dask with it)."""
    import hedgekit

    derived = SHIPPED.with_entries([("word on the street", "hearsay", 0.99996)]).without("all his might")
    derived.to_tsv(tmp_path / "mine.tsv")
    first = (tmp_path / "mine.tsv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# base: {SHIPPED.hash}"
    again = load_lexicon(tmp_path / "mine.tsv")
    assert again.entries == derived.entries and again.hash == derived.hash and again.base_hash == SHIPPED.hash
    assert again["word on the street"].weight == 0.99996  # not rounded to 4 decimals
    scorer = hedgekit.Scorer(lexicon=str(tmp_path / "mine.tsv"))
    assert [c.pattern for c in scorer.score_sentence("Word on the street is that he left.").cues] == [
        "word on the street"]
    # a lexicon that is its own base (the shipped one) is written without the line
    SHIPPED.to_tsv(tmp_path / "plain.tsv")
    assert (tmp_path / "plain.tsv").read_text(encoding="utf-8").startswith("pattern\tcategory")


def test_a_lexicon_derived_from_a_derived_one_works_with_the_model_of_its_parent(tmp_path: Path) -> None:
    """The file keeps every lexicon it was derived from (oldest first), so a model trained with the
    parent accepts the child; ``base_hash`` stays the oldest. A model trained with the parent only
    refused the child: the file named the root."""
    import hedgekit
    from hedgekit.model import HedgeModel

    parent = SHIPPED.with_entries([("word on the street", "hearsay", 0.9, "user")])
    parent.to_tsv(tmp_path / "parent.tsv")
    parent = load_lexicon(tmp_path / "parent.tsv")
    assert parent.ancestors == (SHIPPED.hash,) and SHIPPED.ancestors == ()
    child = parent.without("all his might")
    child.to_tsv(tmp_path / "child.tsv")
    lines = (tmp_path / "child.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[:3] == [f"# base: {SHIPPED.hash}", f"# base: {parent.hash}", "\t".join(HEADER)]
    child = load_lexicon(tmp_path / "child.tsv")
    assert child.ancestors == (SHIPPED.hash, parent.hash) and child.base_hash == SHIPPED.hash
    assert child.tsv_text() == (tmp_path / "child.tsv").read_text(encoding="utf-8")
    assert pickle.loads(pickle.dumps(child)).ancestors == child.ancestors
    # a lexicon pickled before ancestors gave its base_hash (its own hash when it was not derived)
    from hedgekit.lexicon import _rebuild

    assert _rebuild(Lexicon, parent.entries, parent.name, SHIPPED.hash).ancestors == (SHIPPED.hash,)
    assert _rebuild(Lexicon, SHIPPED.entries, SHIPPED.name, SHIPPED.hash).ancestors == ()
    # a model trained with the parent (the shipped weights, relabelled) accepts the child, not a stranger
    real = hedgekit.load_model()
    m = HedgeModel(real.features, real.coef, real.intercept, real.experts, real.gate, real.thresholds,
                   real.feature_config, parent.hash, real.training)
    sentence = "Word on the street is that he left."
    assert hedgekit.Scorer(model=m, lexicon=str(tmp_path / "child.tsv")).score_sentence(sentence).cues[0].category \
        == "hearsay"
    with pytest.warns(UserWarning, match="'hearsay has it' contains the row"):  # (with_entries says so)
        stranger = SHIPPED.with_entries([("hearsay has it", "hearsay", 0.9, "user")])
    with pytest.raises(hedgekit.ModelError, match="trained with lexicon"):
        hedgekit.Scorer(model=m, lexicon=stranger)
    # a line that is not a base line among them is refused, naming it
    (tmp_path / "bad.tsv").write_text(f"# base: {SHIPPED.hash}\n# note\n" + "\t".join(HEADER) + "\n",
                                      encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.tsv: line 2: the only lines allowed before the header"):
        load_lexicon(tmp_path / "bad.tsv")
    with pytest.raises(LexiconError, match="base_hash .* is not the first of ancestors"):
        Lexicon([("maybe", "epistemic", 0.5)], base_hash=parent.hash, ancestors=[SHIPPED.hash, parent.hash])
    with pytest.raises(LexiconError, match="ancestors must be lexicon hashes"):
        Lexicon([("maybe", "epistemic", 0.5)], ancestors=["sha256:x"])
    with pytest.raises(LexiconError, match="ancestors must be a list or tuple"):
        Lexicon([("maybe", "epistemic", 0.5)], ancestors=SHIPPED.hash)


def test_a_lexicon_the_model_never_saw_is_refused_with_the_fix(tmp_path: Path) -> None:
    import hedgekit

    p = _tsv(tmp_path, "maybe\tepistemic\t0.7\tuser\t")
    with pytest.raises(hedgekit.ModelError, match=f"'# base: {SHIPPED.hash}' before the header"):
        hedgekit.Scorer(lexicon=str(p))
    p.write_text(f"# base: {SHIPPED.hash}\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    assert hedgekit.Scorer(lexicon=str(p)).score_sentence("It is maybe true.").cues[0].pattern == "maybe"


@pytest.mark.parametrize("first", ["# a comment", "# base: md5:abc", f"# base: {'0' * 64}"])
def test_only_base_lines_may_precede_the_header(tmp_path: Path, first: str) -> None:
    p = _tsv(tmp_path, "maybe\tepistemic\t0.7\tuser\t")
    p.write_text(first + "\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LexiconError, match="line 1: the only lines allowed before the header"):
        load_lexicon(p)


def test_with_entries_replace_and_refuse() -> None:
    changed = SHIPPED.with_entries([{"pattern": "probably", "category": "epistemic", "weight": 0.5}])
    assert changed["probably"].weight == 0.5
    with pytest.raises(LexiconError, match="exists already"):
        SHIPPED.with_entries([("probably", "epistemic", 0.5)], replace=False)
    smaller = SHIPPED.without(["probably"])
    assert "probably" not in smaller and len(smaller) == len(SHIPPED) - 1
    assert SHIPPED.without("probably").entries == smaller.entries  # one pattern, not its letters
    with pytest.raises(NotFoundError, match="no row with pattern 'no such cue'"):
        SHIPPED.without("no such cue")


@pytest.mark.parametrize(
    "entry, message",
    [
        (("maybe", "vibes", 0.5), "unknown category"),
        (("maybe", "epistemic", 1.5), "weight"),
        (("Maybe", "epistemic", 0.5), "lower case"),
        (("may <month>", "pseudo", 0.0), "placeholder"),
        (("may <num>", "pseudo", 0.3), "weight 0"),
        (("maybe", "epistemic", 0.5, "wikipedia"), "unknown source"),
        (("", "epistemic", 0.5), "non-empty"),
        (42, "expected a LexiconEntry.*got int \\(42\\)"),
        (("maybe", "epistemic"), r"got a tuple of 2 item\(s\): \('maybe', 'epistemic'\)"),
        ({"pattern": "maybe"}, "missing key"),
        (("maybe", "epistemic", "abc"), "weight 'abc' of 'maybe' is not a number"),
        (("maybe", "epistemic", None), "weight None of 'maybe' is not a number"),
        (("maybe", "epistemic", True), "weight True of 'maybe' is not a number"),
        (("maybe", "epistemic", "0_1"), "weight '0_1' of 'maybe' is not a number"),
        (("maybe", "epistemic", b"0_1"), "weight b'0_1' of 'maybe' is not a number"),
        ({"pattern": "maybe", "category": "epistemic", "weight": [0.5]}, "weight \\[0.5\\] of 'maybe'"),
        (("<num>%", "approximation", 0.5), "glues a placeholder.*write '<num> %'"),
        (("rose <num>-fold", "approximation", 0.5), "write '<num> - fold'"),
    ],
)
def test_invalid_entries(entry, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        Lexicon([entry])


def test_duplicate_entries() -> None:
    with pytest.raises(LexiconError, match="duplicate"):
        Lexicon([("maybe", "epistemic", 0.5), ("maybe", "epistemic", 0.6)])
    # written differently, tokenized alike: only one could ever match
    with pytest.raises(LexiconError, match="match the same tokens"):
        Lexicon([("it's rumoured", "hearsay", 0.9), ("it’s rumoured", "weasel", 0.2)])
    with pytest.raises(LexiconError, match="match the same tokens"):
        Lexicon([("word on the street,", "hearsay", 0.9), ("word on the street ,", "weasel", 0.2)])


def test_patterns_tokenize_as_sentences_do() -> None:
    """ʼ (U+02BC) and ’ read as ' in patterns as in sentences, so such a row matches."""
    lex = Lexicon([("itʼs rumoured", "hearsay", 0.9)])
    for text in ("Itʼs rumoured he left.", "It's rumoured he left.", "It’s rumoured he left."):
        assert [c.pattern for c in lex.find(text)] == ["itʼs rumoured"], text
    assert [e.pattern for e in SHIPPED.search("CAN’T")] == [e.pattern for e in SHIPPED.search("can't")] != []
    # (an audit) a split contraction finds what `in` finds: "could n't" is in the lexicon, search found nothing
    assert "could n't" in SHIPPED and [e.pattern for e in SHIPPED.search("could n't")] == [
        e.pattern for e in SHIPPED.search("couldn't")] != [] and SHIPPED.search("ca n't be") == SHIPPED.search("can't be")
    # (an audit) spacing around punctuation does not matter either, as for `in`: "Mrs. May" is the row
    # "mrs . may"; a text of invisible characters only matched every row
    assert "Mrs. May" in SHIPPED and [e.pattern for e in SHIPPED.search("Mrs. May")] == ["mrs . may"]
    assert "c . <num>" in [e.pattern for e in SHIPPED.search("c.")]
    assert [e.pattern for e in Lexicon([("u.s. officials say", "hearsay", 0.9)]).search("u . s . officials")] == [
        "u.s. officials say"]
    for blank in ("", "  ", "\u200b", "\u00ad\u200e"):
        with pytest.raises(hedgekit.ArgumentError, match="holds nothing to search for"):
            SHIPPED.search(blank)
    assert SHIPPED.name == "hedgekit"  # (as its docstring says)


def test_num_takes_a_currency_symbol_or_sign_before_its_number() -> None:
    """``<num>`` matches "$5", "€3", "−2" (U+2212) and "+5" whole, so "about $5 million" is an
    approximation as "about 5 million" is; a symbol without a number after it is no ``<num>``, and
    neither is an ASCII hyphen, which may be a dash: "may - 2 sources say -" keeps its "may"."""
    found = {t: [(c.text, c.pattern) for c in SHIPPED.find(t)] for t in (
        "It cost about $5 million.", "It fell to about −2 degrees.", "Nearly €3 billion, around £4 or ¥5.",
        "A change of about +5 or about -5.", "It cost about $ in all.", "About US$5 changed hands.",
        "The vote may - 2 sources say - be delayed.")}
    assert found == {
        "It cost about $5 million.": [("about $5", "about <num>")],
        "It fell to about −2 degrees.": [("about −2", "about <num>")],
        "Nearly €3 billion, around £4 or ¥5.": [("Nearly €3", "nearly <num>"), ("around £4", "around <num>")],
        "A change of about +5 or about -5.": [("about +5", "about <num>")],
        "It cost about $ in all.": [],
        "About US$5 changed hands.": [],  # a currency code between them: not a <num>
        "The vote may - 2 sources say - be delayed.": [("may", "may"), ("sources say", "sources say")],
    }
    lex = Lexicon([("<num> times", "approximation", 0.5), ("up to <num> %", "approximation", 0.5)])
    assert [c.text for c in lex.find("It rose $3 times and up to −4 % a year.")] == ["$3 times", "up to −4 %"]


def test_contractions_also_match_their_split_form() -> None:
    """Tokenized corpora write "don't" as "do n't" (Penn Treebank); a contraction row matches both,
    and a row written split matches the contraction too, so the two spellings are one pattern for
    matching, lookups, duplicates and replacements."""
    for text, want in (("I do n't know .", [("do n't know", "don't know")]),
                       ("It ca n't be ruled out .", [("ca n't be ruled out", "can't be ruled out")]),
                       ("He could n't see .", []),  # the pseudo row "couldn't" takes it
                       ("I don't know.", [("don't know", "don't know")])):
        assert [(c.text, c.pattern) for c in SHIPPED.find(text)] == want, text
    # a file with both forms, as lexicons before the split forms had ("couldn't" and "could n't"),
    # still loads: each row keeps its own form
    both = Lexicon([("couldn't", "pseudo", 0.0), ("could n't", "weasel", 0.4)])
    assert [c.pattern for c in both.find("He could n't , he couldn't .")] == ["could n't"]
    assert both["could n't"].pattern == "could n't" and both["couldn't"].pattern == "couldn't"
    lex = Lexicon([("won't say", "hearsay", 0.5)])
    assert [c.text for c in lex.find("They wo n't say .")] == ["wo n't say"]
    assert ("wo", "n't") in lex.first_pairs()[1]
    new = lex.with_entries([("wo n't say", "hearsay", 0.4)])  # replaces the row it tokenizes like,
    assert [(e.pattern, e.weight) for e in new] == [("won't say", 0.4)]  # in the old row's spelling
    assert [c.text for c in new.find("They won't say.")] == ["won't say"] and "won't say" in new
    # (a review) two new rows alike through a contraction are refused, as one would replace the other
    # in two calls; the same pattern twice is still a duplicate
    with pytest.raises(LexiconError, match="new entries .couldn't guess. and .could n't guess. match the same tokens"):
        SHIPPED.with_entries([("couldn't guess", "hearsay", 0.5), ("could n't guess", "epistemic", 0.6)])
    with pytest.raises(LexiconError, match=r"match the same tokens \['so-called', 'cure'\]; pass one"):
        SHIPPED.with_entries([("so-called cure", "weasel", 0.5), ("so‐called cure", "weasel", 0.6)])
    # (an audit: the same pattern twice was refused by the rebuild, naming the new lexicon, not the entries)
    with pytest.raises(LexiconError, match=r"with_entries: entries 1 and 3 both have pattern 'x y'; pass one"):
        SHIPPED.with_entries([("x y", "hearsay", 0.5), ("z y", "hearsay", 0.5), ("x y", "hearsay", 0.6)])
    with warnings.catch_warnings():  # (that the new row contains "could" and "guess", and is recategorised)
        warnings.simplefilter("ignore")
        two = SHIPPED.with_entries([("couldn't guess", "hearsay", 0.5)]).with_entries(
            [("could n't guess", "epistemic", 0.6)])
    assert len(two) == len(SHIPPED) + 1 and two["could n't guess"].category == "epistemic"


def test_clitic_contractions_also_match_their_split_form() -> None:
    """Penn Treebank splits "it's", "i'd", "i'm", "there's" too ("It 's said ...", as the CoNLL-2010
    Wikipedia lists write it): the contracted rows match that form; a possessive stays a word."""
    for text, want in (("It 's been said that he left .", [("It 's been said", "it's been said")]),
                       ("It's been said that he left.", [("It's been said", "it's been said")]),
                       ("I 'd think he left .", [("I 'd think", "i'd think")]),
                       ("There 's no doubt that it works .", [("There 's no doubt", "there's no doubt")]),
                       ("I ’m sure it works .", [("I ’m sure", "i'm sure")]),
                       ("Korea 's leader may go .", [("may", "may")])):
        assert [(c.text, c.pattern) for c in SHIPPED.find(text)] == want, text
    assert [e.pattern for e in SHIPPED.search("it 's been said")] == ["it's been said"]
    lex = Lexicon([("it's said", "hearsay", 1.0)])
    assert ("it", "'") in lex.first_pairs()[1] and [c.text for c in lex.find("It 's said .")] == ["It 's said"]
    # (a review) a row written split matches the contraction too, so lookups and replacements agree
    split = Lexicon([("it 's said", "hearsay", 1.0)])
    assert "it's said" in split and [c.text for c in split.find("It's said that he left.")] == ["It's said"]
    new = split.with_entries([("it's said", "hearsay", 0.9)])
    assert [(e.pattern, e.weight) for e in new] == [("it 's said", 0.9)]
    assert [c.text for c in new.find("It's said that he left.")] == ["It's said"]
    split_row = Lexicon([("do n't know", "epistemic", 0.5)])
    assert [c.text for c in split_row.find("I don't know.")] == ["don't know"] and split_row["don't know"]
    with pytest.warns(UserWarning, match="contains the row"):  # "could" wins no more in "could n't say"
        Lexicon([("could", "epistemic", 0.6)], name="x").with_entries([("couldn't say", "weasel", 0.5)])


def test_with_entries_warns_where_the_model_knowledge_does_not_carry() -> None:
    """Replacing a row keeps what the model learned for its pattern; a row that contains a shipped
    one takes its place where both match. Both change scores in ways a user would not expect. Each
    warning obeys the caller's warning filters (a set of messages already given kept a second call
    from warning even under "always" or "error"; an audit)."""
    with pytest.warns(UserWarning, match="'may' was epistemic, now booster: a model keeps what it learned for the "
                                         "pattern, and scores the new category and prior weight in place of the old"):
        booster_may = SHIPPED.with_entries([("may", "booster", 0.75)])
    # what the warning and the docs say: the sentence loses its epistemic features and comes out
    # certain, while the cue still adds uncertainty by what was learned for "may" (an audit found
    # the docs saying the score would not move)
    sentence = "The drug may reduce mortality."
    before, after = hedgekit.score_sentence(sentence), hedgekit.Scorer(lexicon=booster_may).score_sentence(sentence)
    assert (round(before.certainty, 2), before.label, round(after.certainty, 2), after.label) == (
        0.34, "uncertain", 0.91, "certain")
    assert after.cues[0].category == "booster" and round(after.cues[0].contribution, 1) == 1.0
    # (an audit) a row made pseudo is no cue any more: the model's weights for it no longer apply
    with pytest.warns(UserWarning, match="'may' was epistemic, now pseudo: it is no cue any more"):
        no_may = SHIPPED.with_entries([("may", "pseudo", 0.0)])
    assert hedgekit.Scorer(lexicon=no_may).score_sentence("It may rain.").cues == ()
    with pytest.warns(UserWarning, match="\"couldn't\" was pseudo, now epistemic: a cue now, scored by its category"):
        SHIPPED.with_entries([("couldn't", "epistemic", 0.5)])
    with pytest.warns(UserWarning, match="'minister reportedly' contains the row\\(s\\) 'reportedly'"):
        shadow = SHIPPED.with_entries([("minister reportedly", "hearsay", 0.9)])
    sentence = "The minister reportedly resigned on Friday."
    from hedgekit import Scorer

    shipped = Scorer().score_sentence(sentence)
    shadowed = Scorer(lexicon=shadow).score_sentence(sentence)
    assert [c.pattern for c in shadowed.cues] == ["minister reportedly"]
    assert shadowed.certainty > shipped.certainty  # what the warning is about
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a new row that shadows nothing, or a same-category re-weighting
        SHIPPED.with_entries([("word on the street", "hearsay", 0.9), ("probably", "epistemic", 0.5)])
        SHIPPED.with_entries([("all his might", "pseudo", 0.0)])  # pseudo rows are meant to take over
        # re-weighting a multi-word row: it contained "appear" before too (319 of the 822 rows warned)
        SHIPPED.with_entries([("appear to", "epistemic", 0.5)])


def test_a_row_replaced_in_another_spelling_keeps_the_old_spelling() -> None:
    """A model's features name a pattern as written: replacing "so-called" by "so‐called" (U+2010),
    or "don't know" by "do n't know", dropped what the model learned for the row, without a warning."""
    old = SHIPPED["so-called"]
    for new, kept in (("so\u2010called", "so-called"), ("do n't know", "don't know")):
        row = SHIPPED[kept]
        lex = SHIPPED.with_entries([(new, row.category, 0.42, row.source, row.note)])
        assert lex[kept].pattern == kept and lex[kept].weight == 0.42
    lex = SHIPPED.with_entries([("so\u2010called", old.category, old.weight, old.source, old.note)])
    assert lex.hash == SHIPPED.hash  # the same rows
    sentence = "The so-called experts were wrong."
    assert hedgekit.Scorer(lexicon=lex).score_sentence(sentence) == hedgekit.Scorer().score_sentence(sentence)


def test_lexicon_is_immutable_and_checks_its_base_hash(tmp_path: Path) -> None:
    lex = load_lexicon()
    for name, value in (("name", "oops"), ("base_hash", "sha256:" + "0" * 64)):
        with pytest.raises(AttributeError):
            setattr(lex, name, value)
    assert load_lexicon().name == lex.name and load_lexicon().base_hash == lex.hash
    with pytest.raises(LexiconError, match="base_hash must be 'sha256:' and 64 hex digits"):
        Lexicon([("maybe", "epistemic", 0.5)], base_hash="nonsense")
    with pytest.raises(LexiconError, match="pass a list of entries"):
        lex.with_entries(("word on the street", "hearsay", 0.9))  # type: ignore[arg-type]
    p = tmp_path / "bom.tsv"
    p.write_text("\ufeff" + "\t".join(HEADER) + "\nmaybe\tepistemic\t0.5\tuser\t\n", encoding="utf-8")
    assert load_lexicon(p)["maybe"].weight == 0.5  # a byte-order mark (Excel, Notepad) is not part of the header


def _tsv(tmp_path: Path, *rows: str, header: str = "\t".join(HEADER)) -> Path:
    p = tmp_path / "lex.tsv"
    p.write_text("\n".join((header,) + rows) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "rows, message",
    [
        (("maybe\tepistemic\t0.5\tuser",), "line 2: expected 5 tab-separated columns"),
        (("maybe\tepistemic\t0.5\tuser\t", "might\tvibes\t0.5\tuser\t"), "line 3: unknown category"),
        (("maybe\tepistemic\tlots\tuser\t",), "line 2: weight 'lots'"),
        (("maybe\tepistemic\tnan\tuser\t",), "NaN"),
        # Python's digit grouping: float() read "0_1" as 1.0 and the file loaded (an audit)
        (("maybe\tepistemic\t0_1\tuser\t",), r"line 2: weight '0_1' is not a number in \[0, 1\]"),
        (("maybe\tepistemic\t2\tuser\t",), "line 2: weight"),
        (("might\tepistemic\t0.5\tuser\t", "maybe\tepistemic\t0.5\tuser\t"), "line 3: .*out of order"),
        (("maybe\tepistemic\t0.5\tuser\t", "maybe\tepistemic\t0.5\tuser\t"), "line 3: .*duplicate"),
        (("maybe\tepistemic\t0.5\tuser\t", ""), "line 3: blank line"),
        # written differently, tokenized alike (the file's order: ASCII ' before ’)
        (("it's rumoured\thearsay\t0.9\tuser\t", "it’s rumoured\tweasel\t0.2\tuser\t"),
         "line 3: patterns \"it's rumoured\" \\(line 2\\) and 'it’s rumoured' match the same tokens"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, rows: tuple[str, ...], message: str) -> None:
    p = _tsv(tmp_path, *rows)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(p)
    assert str(p) in str(info.value)


def test_bad_header_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="line 1: header"):
        load_lexicon(_tsv(tmp_path, header="cue\tcat"))
    p = tmp_path / "latin1.tsv"
    p.write_bytes("\t".join(HEADER).encode() + b"\nperhaps\xe9\tepistemic\t0.5\tuser\t\n")
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon(p)


def test_user_file_loads(tmp_path: Path) -> None:
    p = _tsv(tmp_path, "maybe\tepistemic\t0.7\tuser\tmine", "word on the street\thearsay\t0.9\tuser\t")
    lex = load_lexicon(p)
    assert [e.pattern for e in lex] == ["maybe", "word on the street"]
    assert lex["maybe"] == LexiconEntry("maybe", "epistemic", 0.7, "user", "mine")


def test_single_entries_are_the_one_token_patterns() -> None:
    lex = hedgekit.load_lexicon()
    singles = lex.single_entries()
    assert singles["may"].pattern == "may" and "may be" not in singles and "<num>" not in singles
    assert {e.pattern for e in singles.values()} == {e.pattern for e in lex if len(e.tokens) == 1 and e.pattern != "<num>"}


def test_note_counts_are_what_the_matcher_finds_in_the_corpora() -> None:
    """Every ``bioscope K/N``, ``szeged K/N`` and ``conll2010 uncertain K/N`` in a row's note is what
    the shipped matcher finds now, counted as LEXICON.md says (K of N matches inside an annotated cue,
    or in a sentence labelled uncertain; written when N >= 3). Pseudo rows are left out: the matcher
    returns no match for them, and their counts were taken with the row as a cue."""
    import re

    from conftest import require_shared

    from hedgekit.readers import load_corpus
    from hedgekit.text import token_spans

    root = require_shared("corpora")
    counts: dict[tuple[str, str], list[int]] = {}

    def count(corpus: str, paths: list[str], hit) -> None:
        for p in paths:
            for s in load_corpus(root / p):
                norms, spans = token_spans(s.text)
                for m in SHIPPED.match(norms):
                    a, b = spans[m.first][0], spans[m.last - 1][1]
                    c = counts.setdefault((corpus, m.entry.pattern), [0, 0])
                    c[0] += bool(hit(s, a, b))
                    c[1] += 1

    def in_cue(s, a: int, b: int) -> bool:
        return any(c.start < b and a < c.end for c in s.cues)

    count("bioscope", ["bioscope/abstracts.xml", "bioscope/full_papers.xml"], in_cue)
    count("szeged", [f"szeged-uncertainty/{part}.conll2010-train-docs.xml"
                     for part in ("wiki", "bio_hbc", "bio_bmc", "bio_fly")], in_cue)
    count("conll2010 uncertain", ["conll2010-wiki"], lambda s, a, b: s.label == "uncertain")
    wrong = []
    for e in SHIPPED:
        if e.category == "pseudo":
            continue
        for corpus in ("bioscope", "szeged", "conll2010 uncertain"):
            k, n = counts.get((corpus, e.pattern), (0, 0))
            m = re.search(re.escape(corpus) + r" (\d+)/(\d+)", e.note)
            noted = (int(m.group(1)), int(m.group(2))) if m else None
            if noted != ((k, n) if n >= 3 else None):
                wrong.append(f"{e.pattern!r} {corpus}: note {noted}, matcher {k}/{n}")
    assert not wrong, wrong


def test_lookups_compare_patterns_as_the_matcher_does() -> None:
    """``in``, ``[]`` and ``without`` find a row however its pattern is written, as long as it
    tokenizes alike (case, ’ for ', a split contraction); they took the exact string, while
    ``with_entries`` and the matcher compared tokens."""
    assert "We’re Certain" in SHIPPED and SHIPPED["We’re Certain"].pattern == "we're certain"
    assert SHIPPED["could n't"] is SHIPPED["couldn't"] and SHIPPED["So‐Called"].pattern == "so-called"
    assert "no such cue" not in SHIPPED and 3 not in SHIPPED and None not in SHIPPED
    with pytest.raises(KeyError, match="no such cue"):
        SHIPPED["no such cue"]
    smaller = SHIPPED.without(["Probably", "could n't"])
    assert "probably" not in smaller and "couldn't" not in smaller and len(smaller) == len(SHIPPED) - 2
    with pytest.raises(NotFoundError, match="no row with pattern 'no such cue'"):
        SHIPPED.without(["probably", "no such cue"])


def test_bad_text_in_a_row_is_named_and_search_compares_as_lookups_do() -> None:
    """A lone surrogate in a note raised a UnicodeEncodeError about the hash text; search() did not
    collapse white space as lookups do, and search(5) was an AttributeError. (Source keys stay as
    written: sorting them would change the hash of existing lexicon files, and their models would
    be refused.)"""
    a = SHIPPED.with_entries([("zorbly", "epistemic", 0.5, "user;bioscope", "")])
    assert a["zorbly"].source == "user;bioscope"
    with pytest.raises(LexiconError, match=r"entry 1: the note 'bad \\udce9 note' of 'zork' is not text"):
        SHIPPED.with_entries([("zork", "epistemic", 0.5, "user", "bad \udce9 note")])
    assert SHIPPED.search("may  be") == SHIPPED.search("May be") != ()
    with pytest.raises(TypeError, match="search\\(\\) expects a str, got int"):
        SHIPPED.search(5)  # type: ignore[arg-type]


def test_an_entry_takes_any_real_number_as_its_weight_but_a_bool() -> None:
    """(an audit) LexiconEntry refused the weight 1 that with_entries' tuples take, and np.float32;
    np.float64 was kept as it was. A weight is now stored as a float; a bool or a str is refused."""
    import numpy as np

    from hedgekit.lexicon import LexiconEntry

    for w in (1, np.float32(0.5), np.float64(0.25), np.int64(0)):
        e = LexiconEntry("word on the street", "hearsay", w)
        e.validate()
        assert type(e.weight) is float and e.weight == float(w)
    for bad in (True, np.bool_(True), "0.5", 1.5, float("nan")):
        with pytest.raises(hedgekit.LexiconError, match="must be a float in \\[0, 1\\]"):
            LexiconEntry("word on the street", "hearsay", bad).validate()
    assert SHIPPED.with_entries([LexiconEntry("word on the street", "hearsay", 1)])["word on the street"].weight == 1.0


def test_lexicon_md_shows_the_tokenizer_regex_in_use() -> None:
    """LEXICON.md quotes the tokenizer's regex for whoever writes patterns; it had gone stale when
    the apostrophe U+02BC changed how words are cut."""
    from hedgekit.text import _TOKEN_RE

    doc = (Path(hedgekit.__file__).parent / "data" / "LEXICON.md").read_text(encoding="utf-8")
    assert f"`{_TOKEN_RE.pattern}`" in doc


def test_the_documented_row_counts_are_the_files() -> None:
    """LEXICON.md's row counts and the README's cue count had not followed two added rows (a review)."""
    import collections
    import re

    lex = hedgekit.load_lexicon()
    rows = list(lex)
    doc = (Path(hedgekit.__file__).parent / "data" / "LEXICON.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\w+) \| (\d+) \|$", doc, re.M))
    assert {k: int(v) for k, v in table.items()} == dict(collections.Counter(e.category for e in rows))
    assert f"| **total** | **{len(rows)}** |" in doc
    multi, num = sum(len(e.pattern.split()) > 1 for e in rows), sum("<num>" in e.pattern for e in rows)
    assert f"{multi} rows are multiword patterns; {num} rows use `<num>`." in doc
    keys = collections.Counter(k for e in rows for k in e.source.split(";"))
    listed = re.search(r"Rows per source key \(a row can have several\): (.*?)\.\n\n", doc, re.S).group(1)
    assert dict((k, int(v)) for k, v in re.findall(r"([\w-]+) (\d+)", listed)) == dict(keys)
    readme = (Path(hedgekit.__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    hedges, pseudo = sum(e.category != "pseudo" for e in rows), sum(e.category == "pseudo" for e in rows)
    assert f"**lexicon** of {hedges} hedge and booster cues (and {pseudo} rows" in readme


def test_entries_with_unknown_keys_missing_values_or_non_str_fields() -> None:
    """A misspelt key ("sorce") was dropped and the entry became the user's; a None or NaN note was
    written down as "None" / "nan"; a LexiconEntry of non-str fields raised AttributeError (a review)."""
    from hedgekit.lexicon import LexiconEntry

    lex = hedgekit.load_lexicon()
    with pytest.raises(LexiconError, match=r"unknown key\(s\) \['notes', 'sorce'\] of 'zzz'; accepted: pattern, "
                                           r"category, weight, source, note"):
        lex.with_entries([{"pattern": "zzz", "category": "epistemic", "weight": 0.5, "sorce": "bioscope",
                           "notes": "x"}])
    new = lex.with_entries([{"pattern": "zzz", "category": "epistemic", "weight": 0.5, "note": None},
                            ("yyy", "epistemic", 0.5, None, float("nan"))])
    assert [(new[p].source, new[p].note) for p in ("zzz", "yyy")] == [("user", ""), ("user", "")]
    for bad, field in ((LexiconEntry(5, "epistemic", 0.5), "pattern"), (LexiconEntry("zzz", 3, 0.5), "category"),
                       (LexiconEntry("zzz", "epistemic", 0.5, note=1.5), "note")):
        with pytest.raises(LexiconError, match=rf"{field} .* must be a str"):
            Lexicon([bad])


def test_search_compares_as_tokens_are_without_invisible_characters() -> None:
    """'pro\\xadbably' in lex and find() saw "probably", search() found nothing (a review)."""
    lex = hedgekit.load_lexicon()
    assert "probably" in [e.pattern for e in lex.search("pro\u00adbably")]
    assert "probably" in [e.pattern for e in lex.search("prob\u200bably")]
    own = Lexicon([("naïve guess", "epistemic", 0.5)])
    assert [e.pattern for e in own.search("nai\u0308ve")] == ["naïve guess"]
    with pytest.warns(UserWarning, match="contains the row"):  # (a pattern written decomposed)
        decomposed = lex.with_entries([("nai\u0308ve guess", "epistemic", 0.5)])
    for q in ("nai\u0308ve", "na\u00efve", "nai\u0308ve guess"):
        assert [e.pattern for e in decomposed.search(q)] == ["nai\u0308ve guess"], q


def test_lexicon_methods_say_what_they_take(tmp_path) -> None:
    """without(3), with_entries(None), Lexicon(None), to_tsv(5) were bare TypeErrors; name=3 failed
    later; match("it may rain") read the string a character at a time and found nothing (a review)."""
    lex = hedgekit.load_lexicon()
    for call, match in ((lambda: lex.without(3), r"without: expected a pattern \(a str\) or a list of them"),
                        (lambda: lex.without([3]), r"without: a pattern is a str, got 3"),
                        (lambda: lex.with_entries(None), r"with_entries: expected a list of entries"),
                        (lambda: Lexicon(None), r"Lexicon: expected a list of entries"),
                        (lambda: Lexicon([("zzq", "epistemic", 0.5)], name=3), r"Lexicon: name must be a str"),
                        (lambda: lex.to_tsv(5), r"to_tsv: path must be a str or os\.PathLike"),
                        (lambda: lex.match("it may rain"), r"match\(\) takes normalized tokens")):
        with pytest.raises(hedgekit.InputTypeError, match=match):
            call()
    assert [m.entry.pattern for m in lex.match("it may rain".split())] == ["may"]


@pytest.mark.parametrize("text, pattern, category", [
    ("There is no \u200edoubt that it works.", "there is no doubt", "booster"),
    ("It costs about \u200e5 million.", "about <num>", "approximation"),
    ("It is \ufeff believed to work.", "it is believed", "weasel"),
    ("We have no \u00ad doubt.", "no doubt", "booster"),
    ("Some \u2067experts\u2069 believe it.", "some experts", "weasel"),
])
def test_invisible_characters_between_words_do_not_break_a_pattern(text: str, pattern: str, category: str) -> None:
    """A direction mark, or a zero-width space or soft hyphen standing alone, was a token of its own,
    so that every pattern across it failed and a shorter row won: "no \u200edoubt" was the epistemic
    "doubt", not the booster "no doubt" (a review). They are no tokens now, as white space is none;
    the cue's span is still the text's."""
    lex = hedgekit.load_lexicon()
    found = lex.find(text)
    assert [(c.pattern, c.category) for c in found][:1] == [(pattern, category)]
    assert all(text[c.start : c.end] == c.text for c in found)
    scored = hedgekit.score_sentence(text)
    plain = hedgekit.score_sentence("".join(ch for ch in text if ch not in "\u200e\ufeff\u00ad\u2067\u2069"))
    assert [c.category for c in scored.cues] == [c.category for c in plain.cues]
    assert scored.p_uncertain == pytest.approx(plain.p_uncertain, abs=1e-9)
    assert all(text[c.start : c.end] == c.text for c in scored.cues)


def test_a_malformed_placeholder_is_refused() -> None:
    """"about <num", "about < num >" and the full-width "＜ｎｕｍ＞" were accepted as the literal tokens
    '<', 'num', '>', rows that can never match a number (a review)."""
    for pattern in ("about <num", "about < num >", "about ＜ｎｕｍ＞", "about num>"):
        with pytest.raises(LexiconError, match=r"malformed placeholder.*write <num>"):
            Lexicon([(pattern, "approximation", 0.5)])
    assert Lexicon([("about <num>", "approximation", 0.5)]).entries[0].tokens == ("about", "<num>")
    assert Lexicon([("x < y", "approximation", 0.5)]).entries[0].tokens == ("x", "<", "y")


def test_a_lexicon_whose_rows_come_back_keeps_its_root() -> None:
    """Rows removed and added back give the root's hash; its ancestors lost the root, so base_hash
    named the intermediate lexicon (a review)."""
    mid = SHIPPED.without("reportedly")
    back = mid.with_entries([SHIPPED["reportedly"]])
    assert back.hash == SHIPPED.hash and back.base_hash == SHIPPED.hash
    assert back.ancestors == (SHIPPED.hash, mid.hash)
    assert SHIPPED.with_entries([]).ancestors == ()  # a derivation that changed nothing is the lexicon itself


def test_a_decimal_weight_is_a_weight_in_an_entry_as_in_a_tuple() -> None:
    from decimal import Decimal

    from hedgekit.lexicon import LexiconEntry

    e = LexiconEntry("zorbly", "epistemic", Decimal("0.5"))
    assert e.weight == 0.5 and type(e.weight) is float
    assert Lexicon([e]).entries[0] == Lexicon([("zorbly", "epistemic", Decimal("0.5"))]).entries[0]


def test_search_reads_across_invisible_characters_as_find_does() -> None:
    """find read "no \u200edoubt" as "no doubt" but search found no row for it (a review): the
    direction marks and invisible characters go before white space is collapsed."""
    lex = hedgekit.load_lexicon()
    rows = lex.search("no doubt")
    assert rows and lex.search("no \u200edoubt") == rows == lex.search("no \u200b doubt")
    assert lex.search("\u200edoubt") == lex.search("doubt")


def test_a_number_after_an_invisible_character_is_one_token() -> None:
    """"about \u200b3.5" was the tokens about, "\u200b3", ".", "5" (a review): the number keeps its
    decimals, as after a direction mark."""
    from hedgekit.text import normalized_tokens, token_spans

    for mark in ("\u200b", "\ufeff", "\u00ad", "\u200e"):
        text = f"It costs about {mark}3.5 million."
        assert token_spans(text)[0] == normalized_tokens(text) == ["it", "costs", "about", "3.5", "million", "."]
        assert [c.pattern for c in hedgekit.score_sentence(text).cues] == ["about <num>"]


def test_a_lexicon_file_in_another_encoding_names_its_line_and_the_fix(tmp_path) -> None:
    """A Windows-1252 file said only "not UTF-8 text (invalid continuation byte at byte 39)" (a review
    of the README as a user)."""
    f = tmp_path / "cp.tsv"
    f.write_bytes("pattern\tcategory\tweight\tsource\nmay\tepistemic\t0.5\tuser\ncafé rumour\thearsay\t0.5\tuser\n"
                  .encode("cp1252"))
    with pytest.raises(LexiconError, match=r"cp\.tsv: line 3: not UTF-8 text \(.* at byte 57: b'\\xe9'\); a lexicon "
                                           r"file is UTF-8: save it as such \(from Windows-1252, e\.g\. iconv"):
        hedgekit.load_lexicon(f)


def test_a_model_or_binary_file_given_as_a_lexicon_is_told_so(tmp_path) -> None:
    """A cue model (.json.gz) given to --lexicon was called UTF-16 text, with iconv advice (an audit)."""
    import gzip

    gz = tmp_path / "cues.json.gz"
    gz.write_bytes(gzip.compress(b'{"kind": "hedgekit-cue-classifier"}'))
    with pytest.raises(LexiconError, match=r"cues\.json\.gz: a gzip file, not a lexicon TSV \(a model file\?"):
        hedgekit.load_lexicon(gz)
    # the shipped model given as the Scorer's lexicon (its first argument) is pointed to model= (an audit)
    shipped_model = Path(hedgekit.__file__).parent / "data" / "model.json.gz"
    with pytest.raises(LexiconError, match=r"a model file\? it goes to Scorer\(model=path\) or --model"):
        hedgekit.Scorer(str(shipped_model))
    # ... and a lexicon given as the model, to lexicon=
    with pytest.raises(hedgekit.ModelError, match=r"lexicon\.tsv: a lexicon TSV, not a model file \(pass it as a "
                                                  r"lexicon: Scorer\(lexicon=path\), --lexicon PATH\)"):
        hedgekit.Scorer(model=str(shipped_model.with_name("lexicon.tsv")))
    hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")]).to_tsv(tmp_path / "mine.tsv")
    with pytest.raises(hedgekit.ModelError, match="mine.tsv: a lexicon TSV, not a model file"):
        hedgekit.load_model(tmp_path / "mine.tsv")  # (it opens with its '# base:' line)
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 2)
    with pytest.raises(LexiconError, match=r"data\.bin: a binary file \(NUL bytes\), not a lexicon TSV"):
        hedgekit.load_lexicon(binary)


def test_a_utf16_lexicon_file_is_told_so(tmp_path) -> None:
    """A TSV saved as Windows' "Unicode text" was told to convert from Windows-1252 (a review)."""
    f = tmp_path / "u16.tsv"
    f.write_text("pattern\tcategory\tweight\tsource\nmay\tepistemic\t0.5\tuser\n", encoding="utf-16")
    with pytest.raises(LexiconError, match=r"u16\.tsv: UTF-16 text, not UTF-8; .* iconv -f utf-16 -t utf-8"):
        hedgekit.load_lexicon(f)
    cr = tmp_path / "cr.tsv"  # (lines that end in CR alone are counted too)
    cr.write_bytes(b"pattern\tcategory\tweight\tsource\rmay\tepistemic\t0.5\tuser\rcaf\xe9\thearsay\t0.5\tuser\r")
    with pytest.raises(LexiconError, match=r"cr\.tsv: line 3: not UTF-8"):
        hedgekit.load_lexicon(cr)


def test_a_table_of_entries_is_pointed_to_its_rows() -> None:
    """A pandas DataFrame iterates over its column names: "entry 1: ... got str ('pattern')" blamed an
    entry the user never wrote (an audit)."""
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"pattern": ["word on the street"], "category": ["hearsay"], "weight": [0.9]})
    with pytest.raises(hedgekit.InputTypeError, match=r"with_entries: got a table \(DataFrame\), which iterates over "
                                                      r"its column names; pass its rows, e\.g\. df\.to_dict\('records'\)"):
        SHIPPED.with_entries(table)
    lex = SHIPPED.with_entries(table.to_dict("records"))
    assert lex["word on the street"].category == "hearsay" and lex["word on the street"].weight == 0.9


def test_with_entries_warnings_obey_the_callers_filters() -> None:
    """The warnings were given once per process, whatever the filters: a second call under "always" gave
    none, and "error" did not raise (an audit)."""
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            SHIPPED.with_entries([("may", "booster", 0.75)])
        assert [str(w.message)[:42] for w in caught] == ["with_entries: 'may' was epistemic, now boo"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="'may' was epistemic, now booster"):
            SHIPPED.with_entries([("may", "booster", 0.75)])


def test_match_and_find_refuse_what_they_do_not_take() -> None:
    """(an audit) match() let None, bytes and non-str tokens through to a bare TypeError ("can only join
    an iterable", "expected str instance, int found" for bytes), and find() named token_spans()."""
    for bad, got in ((None, "got NoneType"), (b"may", "got bytes"), ([1, 2], "got list whose item 0 is int"),
                     (("it", 3), "got tuple whose item 1 is int"), ("it may", "got str")):
        with pytest.raises(InputTypeError, match=rf"match\(\) takes normalized tokens, a list of str .*{got}; to find "
                                                 r"the cues of a sentence, use find\(sentence\)"):
            SHIPPED.match(bad)
    assert [m.entry.pattern for m in SHIPPED.match(("it", "may", "rain"))] == ["may"]
    for bad, hint in ((None, "got NoneType$"), (b"It may rain.", r"got bytes \(decode it first"),
                      (["It may rain."], r"got list \(for many sentences: \[lexicon.find\(s\) for s in sentences\]\)")):
        with pytest.raises(InputTypeError, match=rf"^find\(\) expects a str \(one sentence\), {hint}"):
            SHIPPED.find(bad)
