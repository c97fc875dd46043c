"""The public scoring API: the contract of score / score_sentence / score_text / Scorer."""

from __future__ import annotations

import dataclasses
import gc
import json
import math
import os
import threading

import numpy as np
import pytest

import hedgekit
from conftest import require_shared
from hedgekit import Cue, HedgekitError, ModelError, Scorer, SentenceScore, cues
from hedgekit.errors import InputTypeError


def test_readme_example() -> None:
    """The README's first example prints what the shipped model gives (its numbers as rounded there)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown_certainty = float(re.search(r"scores\[0\]\.certainty +# ([0-9.]+)", readme).group(1))
    cue = re.search(r"scores\[0\]\.cues +# \(Cue\(text='may', start=9, end=12, category='epistemic', "
                    r"weight=([0-9.]+), contribution=([0-9.]+)", readme)
    scores = hedgekit.score(["The drug may reduce mortality.", "The drug reduced mortality."])
    assert [s.label for s in scores] == ["uncertain", "certain"]
    assert round(scores[0].certainty, 2) == shown_certainty
    may = scores[0].cues[0]
    assert (may.text, may.start, may.end, may.category) == ("may", 9, 12, "epistemic")
    assert (may.weight, round(may.contribution, 1)) == (float(cue.group(1)), float(cue.group(2)))


def test_result_types_are_frozen_and_slotted() -> None:
    s = hedgekit.score_sentence("It might rain.")
    assert isinstance(s, SentenceScore) and all(isinstance(c, Cue) for c in s.cues)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.certainty = 1.0  # type: ignore[misc]
    assert not hasattr(s, "__dict__")
    d = s.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"text", "start", "end", "certainty", "label", "p_uncertain", "threshold", "cues"}
    assert d["cues"][0]["text"] == "might"


def test_score_keeps_order_and_length() -> None:
    sents = ["It may rain.", "", "It rained.", "   ", "Reportedly it rained.", "It may rain."]
    out = hedgekit.score(sents)
    assert [s.text for s in out] == sents
    assert out[0] == out[5]
    for s in out:
        assert 0.0 <= s.certainty <= 1.0
        assert s.certainty == pytest.approx(1.0 - s.p_uncertain)
        assert s.label == ("uncertain" if s.p_uncertain >= s.threshold else "certain")
        assert (s.start, s.end) == (0, len(s.text))


def test_score_sentence_equals_score() -> None:
    s = "Experts believe Russia might require 122mm and 152mm shells."
    assert hedgekit.score_sentence(s) == hedgekit.score([s])[0]


@pytest.mark.parametrize("bad", ["one sentence", b"bytes", None])
def test_score_rejects_bare_str_bytes_none(bad) -> None:
    with pytest.raises(TypeError, match="score_text") as info:
        hedgekit.score(bad)
    assert isinstance(info.value, HedgekitError)


@pytest.mark.parametrize("bad, index", [(["ok", None], 1), (["ok", "fine", 3], 2), ([["nested"]], 0), ([b"x"], 0)])
def test_score_names_index_of_bad_item(bad, index: int) -> None:
    with pytest.raises(InputTypeError, match=f"item {index} is"):
        hedgekit.score(bad)


def test_a_bad_item_of_a_series_is_named_by_its_position_and_its_label() -> None:
    """With a non-default index, "item 1" pointed at the wrong row for a user who reads it as a label."""
    pd = pytest.importorskip("pandas")
    s = pd.Series(["It may rain.", None, "It rained."], index=[1, 0, 2])
    with pytest.raises(InputTypeError, match=r"score\(\): item 1 \(index label 0\) is float \(nan\), expected str"):
        hedgekit.score(s)
    with pytest.raises(InputTypeError, match=r"item 1 \(index label 'b'\) is int"):
        hedgekit.score(pd.Series(["It may rain.", 3], index=["a", "b"]))
    with pytest.raises(InputTypeError, match=r"item 1 is NoneType"):  # the default index: no label to add
        hedgekit.score(pd.Series(["It may rain.", None], dtype=object))
    # a missing label (a review: comparing pd.NA raised a TypeError of its own) and a MultiIndex's
    df = pd.DataFrame({"id": pd.array([1, None], dtype="Int64"), "text": ["It may rain.", None]}).set_index("id")
    with pytest.raises(InputTypeError, match=r"item 1 \(index label <NA>\) is"):
        hedgekit.score(df["text"])
    multi = pd.Series(["It may rain.", None], index=pd.MultiIndex.from_tuples([(0, 1), (1, 0)]))
    with pytest.raises(InputTypeError, match=r"item 1 \(index label \(1, 0\)\) is"):
        hedgekit.score(multi)


def test_score_rejects_non_iterable() -> None:
    with pytest.raises(TypeError, match="iterable of str"):
        hedgekit.score(42)


def test_score_accepts_generators_tuples_numpy() -> None:
    sents = ("It may rain.", "It rained.")
    expect = hedgekit.score(list(sents))
    assert hedgekit.score(s for s in sents) == expect
    assert hedgekit.score(sents) == expect
    assert hedgekit.score(np.array(sents)) == expect
    assert [type(s.text) for s in hedgekit.score(np.array(sents))] == [str, str]  # not numpy's str_
    assert hedgekit.score({s: 1 for s in sents}.keys()) == expect  # keys asked for by name keep their order


def test_score_refuses_tables_mappings_and_sets() -> None:
    """Iterating these would score column names or keys, or lose the order: each is an error that says
    what to pass instead, for score() and cues.detect() alike."""
    pd = pytest.importorskip("pandas")
    sents = ["It may rain.", "It rained.", "Perhaps."]
    cases = [(pd.DataFrame({"text": sents}), r"shape \(3, 1\); pass one column, e.g. df\['text'\]"),
             (np.array([sents]), r"shape \(1, 3\)"),
             (dict.fromkeys(sents, 1), r"gives its keys\); pass list\(d.values\(\)\)"),
             (set(sents), "no order to keep"), (frozenset(sents), "no order to keep")]
    for bad, message in cases:
        for func in (hedgekit.score, cues.detect):
            with pytest.raises(InputTypeError, match=message):
                func(bad)
    assert [s.text for s in hedgekit.score(pd.DataFrame({"text": sents})["text"])] == sents


@pytest.mark.parametrize("expert", ["auto", *hedgekit.load_model().experts])
def test_an_item_with_no_word_is_certain_under_every_expert(expert: str) -> None:
    """(a review) score promises a blank item scores as a plain certain sentence; it got the
    expert's intercept, and ``conll-wiki``'s (P 0.296) is above its threshold (0.238): a blank cell
    of a column counted as hedged."""
    blank = ["", "   ", "\u200b", "\n\t"]
    out = hedgekit.Scorer(expert=expert).score(blank + ["It may rain."])
    for r in out[:-1]:
        assert (r.p_uncertain, r.certainty, r.label, r.cues) == (0.0, 1.0, "certain", ())
    assert out[-1].p_uncertain > 0.1  # the blanks changed nothing else in their batch
    assert [r.text for r in out] == blank + ["It may rain."]


def test_score_text_offsets_and_empty() -> None:
    text = "Dr. Lee thinks the drug might work.  It reduced mortality by 20%.\n\nThere is no doubt about it."
    out = hedgekit.score_text(text)
    assert len(out) == 3
    for s in out:
        assert text[s.start : s.end] == s.text
        for c in s.cues:
            assert s.text[c.start : c.end] == c.text
    assert hedgekit.score_text("") == []
    assert hedgekit.score_text("  \n ") == []
    with pytest.raises(TypeError, match="score_text\\(\\) expects a str"):
        hedgekit.score_text(["a list"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hedgekit.score_sentence(None)  # type: ignore[arg-type]


def test_cues_sorted_and_categories_closed() -> None:
    s = hedgekit.score_sentence("Some experts believe it probably costs around 20 dollars, if anything, reportedly.")
    starts = [c.start for c in s.cues]
    assert starts == sorted(starts)
    assert {c.category for c in s.cues} <= set(hedgekit.CATEGORIES)
    assert {"weasel", "doxastic", "epistemic", "approximation", "hearsay"} <= {c.category for c in s.cues}


def test_literal_uses_stay_certain() -> None:
    for sent in ("The trial ended in May 2019.", "He pushed with all his might.",
                 "The minister appeared on television on Monday.",
                 "Thought experiments are a staple of physics teaching.", "The suggestion box was emptied every week."):
        assert hedgekit.score_sentence(sent).label == "certain", sent


def test_booster_raises_certainty() -> None:
    plain = hedgekit.score_sentence("The treatment works.")
    boosted = hedgekit.score_sentence("The treatment clearly works.")
    assert boosted.certainty >= plain.certainty  # the booster's words are no word features (booster_frames)
    booster = [c for c in boosted.cues if c.category == "booster"]
    assert booster and booster[0].contribution < 0.5


@pytest.mark.parametrize("frame", ["We are certain that {}", "I am confident that {}", "We're sure that {}",
                                   "We are convinced that {}", "I'm convinced that {}"])
def test_first_person_certainty_is_a_booster(frame: str) -> None:
    plain = hedgekit.score_sentence("The bridge will reopen in March.")
    s = hedgekit.score_sentence(frame.format("the bridge will reopen in March."))
    assert [c.category for c in s.cues] == ["booster"] and s.certainty >= plain.certainty, (frame, s)


@pytest.mark.parametrize("frame", ["We are not certain that {}", "I am not confident that {}", "We aren't sure that {}",
                                   "We are not convinced that {}", "It isn't certain that {}"])
def test_negated_first_person_certainty_is_a_hedge(frame: str) -> None:
    s = hedgekit.score_sentence(frame.format("the bridge will reopen in March."))
    assert [c.category for c in s.cues] == ["epistemic"] and s.label == "uncertain", (frame, s)


# (an audit) a contracted spelling reads as the full one: "couldn't be ruled out" was swallowed by the
# pseudo row "couldn't" (certain, P 0.02), "it's said" and "can't be excluded" found nothing
@pytest.mark.parametrize("full, contracted, cue", [
    ("A role for IL-2 could not be ruled out.", "A role for IL-2 couldn't be ruled out.", "couldn't be ruled out"),
    ("A second binding site cannot be excluded.", "A second binding site can’t be excluded.", "can’t be excluded"),
    ("We could not rule out contamination.", "We couldn't rule out contamination.", "couldn't rule out"),
    ("It is said that the mayor took bribes.", "It's said that the mayor took bribes.", "It's said"),
    ("It is not known whether the drug works.", "It's not known whether the drug works.", "It's not known"),
    ("There is a chance that the bridge will close.", "There's a chance that the bridge will close.", "There's a chance"),
    ("It has been claimed that the drug works.", "It's been claimed that the drug works.", "It's been claimed"),
    ("It would seem that the vote was rigged.", "It'd seem that the vote was rigged.", "It'd seem"),
])
def test_a_contracted_hedge_is_the_hedge(full: str, contracted: str, cue: str) -> None:
    a, b = hedgekit.score_sentence(full), hedgekit.score_sentence(contracted)
    assert a.label == b.label == "uncertain" and cue in [c.text for c in b.cues], (b.certainty, b.cues)
    assert [c.category for c in b.cues] == [c.category for c in a.cues]


@pytest.mark.parametrize("sentence", ["Ms. May resigned in 2019.", "Mr May spoke to reporters.",
                                      "Dr. May will lead the trial."])
def test_may_as_a_surname_after_a_title_is_no_cue(sentence: str) -> None:
    """(an audit) Only "Mrs. May" and "Theresa May" were ruled out: "Ms. May resigned" was uncertain."""
    s = hedgekit.score_sentence(sentence)
    assert s.label == "certain" and "May" not in [c.text for c in s.cues], (s.certainty, s.cues)


def test_a_contracted_booster_is_the_booster() -> None:
    plain = hedgekit.score_sentence("The treatment works.")
    s = hedgekit.score_sentence("It's clear that the treatment works.")
    assert [c.category for c in s.cues] == ["booster"] and s.certainty >= plain.certainty


# Issue 7's behaviours: hearsay, vague attribution and negated certainty are caught as hedges ...
_CAUGHT = [
    "The minister reportedly resigned on Friday.", "Sources say the deal is close.",
    "It is said that the castle was built in 1200.", "According to sources, the president will resign.",
    "Allegedly, he stole the money.", "He is rumored to be ill.", "Critics say the law is unconstitutional.",
    "Some experts think the plan will fail.", "Many believe the vaccine caused it.",
    "We cannot rule out a link between the two.", "It is unclear whether the drug works.",
    "It is not clear if the treaty will hold.", "It remains unclear why the bridge collapsed.",
]


@pytest.mark.parametrize("sentence", _CAUGHT)
def test_hearsay_attribution_and_negated_certainty_are_hedges(sentence: str) -> None:
    s = hedgekit.score_sentence(sentence)
    assert s.label == "uncertain", (sentence, s.certainty)
    assert any(c.contribution > 1.0 for c in s.cues), s.cues


@pytest.mark.xfail(strict=True, reason="known miss (certainty 0.75): the gate picks `general`, whose training "
                   "labels disagree on 'is said to' (Szeged annotates none of its 16 matches as a cue; CoNLL-2010 "
                   "labels 8 of the 15 sentences with it uncertain) "
                   "and which learned its words as slightly certain; the `conll-wiki` expert catches it")
def test_is_said_to_before_a_predicate() -> None:
    assert hedgekit.score_sentence("The castle is said to be haunted.").label == "uncertain"


def test_is_said_to_is_caught_by_the_conll_wiki_expert() -> None:
    # the annotation scheme that counts reported speech as uncertain does catch it
    assert Scorer(expert="conll-wiki").score_sentence("The castle is said to be haunted.").label == "uncertain"


def test_an_expert_is_named_by_a_str_and_a_misspelt_one_is_suggested() -> None:
    assert Scorer(expert="auto").expert == Scorer(expert=None).expert == "auto"
    with pytest.raises(ModelError, match=r"unknown expert 'sematic' \(did you mean 'semantic'\?\); this model has "
                                         r"\['biomedical', .*leave it out \(None, or 'auto'\)"):
        Scorer(expert="sematic")
    with pytest.raises(ModelError) as e:
        Scorer(expert="xyz")
    assert "did you mean" not in str(e.value)
    with pytest.raises(ModelError, match=r"unknown expert 'SEMANTIC' \(did you mean 'semantic'\?\)"):
        Scorer(expert="SEMANTIC")
    named = Scorer(expert=np.str_("semantic"))  # (a numpy str_, as from an array of names)
    assert type(named.expert) is str and "expert='semantic'" in repr(named)
    # a wrong type is a TypeError, as for the other arguments
    for bad in (5, ["semantic"], b"semantic"):
        with pytest.raises(hedgekit.InputTypeError, match=r"expert must be None .* or an expert's name"):
            Scorer(expert=bad)


def test_semantic_expert_counts_reported_speech_as_certain_and_conditions_as_uncertain() -> None:
    # The `semantic` expert learned Szeged's semantic uncertainty alone (no CoNLL-2010 weasel
    # labels): reported speech is not a hedge there, a condition is. The default keeps catching
    # reported speech; beliefs and rumours are hedges for both.
    sem = Scorer(expert="semantic")
    reported = ["Sources say the deal is close.", "It is said that the castle was built in 1200.",
                "Critics say the law is unconstitutional."]
    assert [s.label for s in sem.score(reported)] == ["certain"] * 3
    assert [s.label for s in hedgekit.score(reported)] == ["uncertain"] * 3
    near = sem.score_sentence("The minister reportedly resigned on Friday.")  # just above the threshold (README)
    assert near.label == "uncertain" and (1 - near.certainty) - sem.threshold < 0.01
    beliefs = ["Many believe the vaccine caused it.", "He is rumored to be ill."]
    assert [s.label for s in sem.score(beliefs)] == [s.label for s in hedgekit.score(beliefs)] == ["uncertain"] * 2
    cond = "If the rain stops, we will leave."  # both README examples
    assert (sem.score_sentence(cond).label, hedgekit.score_sentence(cond).label) == ("uncertain", "certain")
    cond = "If the talks fail, prices will rise."
    assert (sem.score_sentence(cond).label, hedgekit.score_sentence(cond).label) == ("uncertain", "uncertain")
    got = sem.score(["It is unclear whether the drug works.", "He may have left.", "May 2019 was warm.",
                     "The treatment clearly works."])
    assert [s.label for s in got] == ["uncertain", "uncertain", "certain", "certain"]
    assert sem.threshold == hedgekit.load_model().thresholds["semantic"]


def test_semantic_expert_beats_the_default_on_factbank_news() -> None:
    # FactBank (Szeged's news part) is evaluation-only: no expert ever trained on it.
    from hedgekit.evaluate import evaluate
    from hedgekit.readers import load_corpus

    sents = list(load_corpus(require_shared("corpora", "szeged-uncertainty", "factbank.xml"), format="szeged"))
    sem = evaluate(Scorer(expert="semantic"), sents, n_boot=0, cue_match=())["f1"]
    default = evaluate(Scorer(), sents, n_boot=0, cue_match=())["f1"]
    assert sem > default + 0.02 and sem > 0.72, (sem, default)


def test_negated_hedge_raises_certainty() -> None:
    # ... and a negated hedge ("no doubt") counts as a booster: it never lowers certainty.
    plain = hedgekit.score_sentence("The drug works.")
    s = hedgekit.score_sentence("There is no doubt that the drug works.")
    assert s.label == "certain" and [c.category for c in s.cues] == ["booster"]
    assert s.cues[0].contribution <= 0.0 and s.certainty >= plain.certainty


def test_threshold_override() -> None:
    s = "The results suggest a role for TNF."
    p = hedgekit.score_sentence(s).p_uncertain
    low = Scorer(threshold=max(p - 0.01, 1e-3)).score_sentence(s)
    high = Scorer(threshold=min(p + 0.01, 0.999)).score_sentence(s)
    assert (low.label, high.label) == ("uncertain", "certain")
    assert low.certainty == high.certainty
    for bad in (0.0, 1.0, -1, "0.5", True, float("nan"), np.float32("nan")):
        with pytest.raises(ValueError, match="threshold"):
            Scorer(threshold=bad)  # type: ignore[arg-type]
    # a numpy scalar (from an array of thresholds, a CV result) is a number like any other
    assert Scorer(threshold=np.float32(0.25)).threshold == pytest.approx(0.25)


def test_science_expert_grades_how_certain_a_finding_sounds() -> None:
    # Findings written for this test: two flat statements, one mildly hedged, three clearly hedged.
    plain = ["The drug reduced mortality by 30% in all three trials.", "We show that the protein binds DNA."]
    mild = "The drug appears to reduce mortality in older patients."
    hedged = ["These results suggest that the drug may reduce mortality, although further studies are needed.",
              "It is possible, though far from certain, that the drug might slightly reduce mortality in some patients.",
              "The drug might reduce mortality."]
    sci = Scorer(expert="science")
    assert sci.threshold == hedgekit.load_model().thresholds["science"]
    got = {s.text: s for s in sci.score(plain + [mild] + hedged)}
    cert = {t: s.certainty for t, s in got.items()}
    assert min(cert[t] for t in plain) > cert[mild] + 0.1 > max(cert[t] for t in hedged) + 0.1, cert
    assert [got[t].label for t in plain + hedged] == ["certain"] * 2 + ["uncertain"] * 3
    assert all(0.0 <= c <= 1.0 for c in cert.values())
    # the default is another mode: the same cues, other numbers
    default = hedgekit.score(list(got))
    spans = lambda r: [[(c.text, c.start, c.category) for c in s.cues] for s in r]  # noqa: E731
    assert spans(default) == spans(got.values())
    assert [s.certainty for s in default] != list(cert.values())


def test_extended_lexicon_works_with_shipped_model() -> None:
    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 1.0, "user")])
    sc = Scorer(lexicon=lex)
    s = sc.score_sentence("Word on the street is that the mayor quits.")
    assert [c.category for c in s.cues] == ["hearsay"]
    assert s.cues[0].contribution > 0
    assert s.p_uncertain > hedgekit.score_sentence("The mayor quits.").p_uncertain


def test_unrelated_lexicon_is_refused() -> None:
    other = hedgekit.Lexicon([("maybe", "epistemic", 0.5)])
    with pytest.raises(ModelError, match="trained with lexicon"):
        Scorer(lexicon=other)
    assert Scorer(lexicon=other, check_lexicon=False).score_sentence("Maybe.").cues[0].text == "Maybe"


def _log_odds_by_hand(scorer: Scorer, sentence: str) -> tuple[float, list[float]]:
    """A named expert's log-odds of ``sentence`` and each cue's share of them, summed by hand from
    the model's weights over the features :func:`~hedgekit.features.featurize` gives and the cues
    own (not by the engine's batched path)."""
    from hedgekit.features import featurize
    from hedgekit.text import token_spans

    m = scorer.model
    j = m.experts.index(scorer.expert)
    norms, _ = token_spans(sentence)
    feats, owned = featurize(norms, scorer.lexicon.match(norms), m.feature_config)
    weight = {k: float(m.coef[m.index[k], j] * v) for k, v in feats.items() if k in m.index}
    return float(m.intercept[j]) + sum(weight.values()), [sum(weight.get(k, 0.0) for k in o) for o in owned]


def test_cue_contributions_are_their_share_of_the_log_odds() -> None:
    """With a named expert, each cue's contribution is the weight of the features it owns (its words,
    pattern, category, context, and the prior if it is the strongest cue), and the log-odds are those
    of the rest plus the contributions, exactly; a booster's is negative. With the gate (``auto``)
    the contributions are the experts' weighted by the mix, while P(uncertain) mixes probabilities,
    so there the log-odds are not a sum."""
    sentences = ("The drug might reduce mortality.", "Reportedly the drug might work, experts believe.",
                 "Some say it may rain.", "There is no doubt that it rained, probably.", "Clearly, it rained.",
                 "It rained.")
    for expert in ("general", "biomedical", "science"):
        scorer = Scorer(expert=expert)
        for sentence in sentences:
            s = scorer.score_sentence(sentence)
            logit, shares = _log_odds_by_hand(scorer, sentence)
            assert math.log(s.p_uncertain / (1.0 - s.p_uncertain)) == pytest.approx(logit, abs=1e-6)
            assert [c.contribution for c in s.cues] == pytest.approx(shares, abs=1e-9)
    clearly = Scorer(expert="general").score_sentence("Clearly, it rained.").cues
    assert [c.category for c in clearly] == ["booster"] and clearly[0].contribution < 0
    mixed = hedgekit.score_sentence("Some say it may rain.")
    assert len(mixed.cues) == 2 and all(c.contribution > 0 for c in mixed.cues)


def test_default_scorer_built_once_under_threads() -> None:
    from hedgekit import scorer as mod

    seen = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        seen.append(mod.default_scorer())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1


HEDGES = ("supposedly", "seems to", "most likely", "probably", "rumors", "might", "believe", "is believed")
PLAIN = (
    "The government of Russia, known as the Kremlin, has stated",
    "Because of this, it weighs more than regular trains",
    "He is going to Vladivostok and it will take him a whole day",
    "The spokesman for the National Security Council, John Kirby, said",
    "The meeting happens when Russia and North Korea have things",
    "“He told the BBC that the important thing now",
    "In return, they will offer food and raw materials",
    "During the meeting in July, Mr Kim and Mr Shoigu showed off some weapons.",
    "Mr Kim opened the country to foreign guests",
)


def test_example_story(story_text: str) -> None:
    out = hedgekit.score_text(story_text)
    assert 22 <= len(out) <= 23  # issue 2's count
    assert out[0].text == "date 2023-09-12" and out[0].label == "certain" and not out[0].cues
    hedged = [s for s in out if any(h in s.text.lower() for h in HEDGES)]
    assert len(hedged) >= 8
    for s in hedged:
        assert s.label == "uncertain", (s.p_uncertain, s.text)
    for start in PLAIN:
        [s] = [s for s in out if s.text.startswith(start)]
        assert s.label == "certain", (s.p_uncertain, s.text)


def test_n_jobs_gives_identical_results() -> None:
    from hedgekit.scorer import BATCH

    base = ["The drug may reduce mortality.", "It rained.", "Some say 20 may fall, reportedly.", ""]
    sents = [f"{s} ({i})" for i in range(BATCH) for s in base][: 3 * BATCH + 17]
    one = hedgekit.score(sents)
    two = hedgekit.score(sents, n_jobs=2)
    assert two == one
    custom = Scorer(threshold=0.9, expert="biomedical")
    assert custom.score(sents, n_jobs=2) == custom.score(sents)
    assert hedgekit.score(sents[:40], n_jobs=np.int64(2)) == one[:40]  # a numpy integer is an int
    for bad in (0, -2, 1.5, True, "2", np.float64(2.0)):
        with pytest.raises(ValueError, match="n_jobs"):
            hedgekit.score(["x"], n_jobs=bad)  # type: ignore[arg-type]
    # (an audit) refused before the sentences are read: a generator was used up, and a retry scored []
    gen = (s for s in ["It may rain.", "It rained."])
    with pytest.raises(ValueError, match="n_jobs"):
        hedgekit.score(gen, n_jobs=0)
    assert [s.text for s in hedgekit.score(gen)] == ["It may rain.", "It rained."]


def test_score_text_offset_places_pieces_in_the_document() -> None:
    doc = "It rained. Then it may snow.\n\nThe roads are probably closed."
    cut = doc.index("\n\n") + 2
    pieces = hedgekit.score_text(doc[:cut]) + hedgekit.score_text(doc[cut:], offset=cut)
    assert pieces == hedgekit.score_text(doc)
    for s in pieces:
        assert doc[s.start : s.end] == s.text
    tail = hedgekit.score_text(doc[cut:], offset=np.int64(cut))  # e.g. an offset from a numpy array
    assert tail == pieces[-1:] and type(tail[0].start) is int
    for bad in (-1, 1.0, True, "3"):
        with pytest.raises(ValueError, match="offset"):
            hedgekit.score_text("x", offset=bad)  # type: ignore[arg-type]


def test_garbage_collector_state_is_restored() -> None:
    sentences = ["The drug may reduce mortality.", "It rained."] * 3000  # several batches
    assert gc.isenabled()
    hedgekit.score(sentences)
    assert gc.isenabled()
    gc.disable()
    try:
        hedgekit.score(sentences)
        assert not gc.isenabled()  # switched off by the user: hedgekit leaves it off
    finally:
        gc.enable()
    with pytest.raises(InputTypeError):
        hedgekit.score(["ok", 3])
    assert gc.isenabled()


def test_collector_is_left_alone_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector's switch is process-wide: with another thread running, scoring must neither
    pause it (that thread's cyclic garbage would pile up) nor switch it back on (undoing that
    thread's own gc.disable()). Alone, it pauses it per batch."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    sentences = ["The drug may reduce mortality.", "It rained."] * 3000  # several batches
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        hedgekit.score(sentences)
    finally:
        stop.set()
        other.join()
    assert calls == []
    if threading.active_count() == 1:  # (a test runner may keep threads of its own)
        hedgekit.score(sentences)
        assert calls[:2] == ["disable", "enable"] and len(calls) == 2 * 3


def test_collector_runs_between_batches() -> None:
    seen: list[int] = []
    cb = lambda phase, info: seen.append(info["generation"]) if phase == "start" else None  # noqa: E731
    gc.callbacks.append(cb)
    try:
        hedgekit.score(["Some experts believe it might rain, reportedly."] * 20000)
    finally:
        gc.callbacks.remove(cb)
    assert seen  # paused within a batch, never for the whole call


def test_scorer_is_immutable() -> None:
    """Documented immutable (it is shared across threads): changing it in place is refused with the
    way to get what was wanted, and its labels stay as they were."""
    scorer = Scorer()
    before = scorer.score_sentence("The drug may reduce mortality.")
    with pytest.raises(AttributeError, match=r"immutable.*Scorer\(lexicon=.*setting 'threshold'"):
        scorer.threshold = 0.99  # type: ignore[misc]
    with pytest.raises(AttributeError, match="deleting 'expert'"):
        del scorer.expert
    assert scorer.score_sentence("The drug may reduce mortality.") == before
    assert Scorer(threshold=0.99).score_sentence("The drug may reduce mortality.").label == "certain"


def test_models_and_lexicons_are_objects_paths_or_none(tmp_path) -> None:
    """Anything else is a TypeError that lists what is accepted, not pathlib's message; an empty path
    is not read as the current directory."""
    for kwargs, message in (({"model": 123}, "model must be a HedgeModel, a path"),
                            ({"model": b"/tmp/m.json"}, "got bytes"),
                            ({"lexicon": 1.5}, "lexicon must be a Lexicon, a path")):
        with pytest.raises(InputTypeError, match=message):
            Scorer(**kwargs)
    with pytest.raises(InputTypeError, match="a model must be a path"):
        hedgekit.load_model(123)  # type: ignore[arg-type]
    for load, what in ((hedgekit.load_model, "model"), (hedgekit.load_lexicon, "lexicon"),
                       (cues.load_cue_model, "cue model")):
        with pytest.raises(ValueError, match=f"a {what} path '' names no file \\(an empty path\\)"):
            load("")
        with pytest.raises(ValueError, match=f"a {what} path '.' names no file \\(the current directory\\)"):
            load(".")
    with pytest.raises(InputTypeError, match="model must be a CueModel, a path"):
        cues.CueDetector(model=3)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        Scorer(model=tmp_path / "absent.json.gz")


def test_readme_thresholds_are_the_shipped_models() -> None:
    """The README's 'Reading the numbers' quotes each mode's threshold; they follow the model file."""
    import math
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    para = readme[readme.index("- Reading the numbers"):readme.index("- `Cue` (frozen)")]
    para = " ".join(para.split())
    shown = {"auto": float(re.search(r"([0-9.]+) for the default", para).group(1))}
    shown.update((name, float(t)) for name, t in re.findall(r"`([a-z-]+)` ([0-9]\.[0-9]+)", para))
    thresholds = hedgekit.load_model().thresholds
    assert shown == {k: round(v, 3) for k, v in thresholds.items()}
    # the cut rounded down to 4 digits: a certainty just above 1 - threshold reads certain
    cut = f"{math.floor((1 - thresholds['auto']) * 1e4) / 1e4:.4f}"
    assert f"certainty of {cut} or less" in para and float(cut) <= 1 - thresholds["auto"]


def test_an_error_inside_the_users_generator_passes_through() -> None:
    """A TypeError raised by the user's own generator was reported as "expects an iterable of str
    sentences ... got generator", its traceback dropped."""
    rows = [["It may rain."]]
    with pytest.raises(TypeError, match="list indices must be integers") as info:
        hedgekit.score(r["text"] for r in rows)
    assert not isinstance(info.value, HedgekitError)


def test_score_sentence_gives_plain_str_like_score() -> None:
    one = hedgekit.score_sentence(np.str_("It may rain."))
    assert type(one.text) is str and type(one.to_dict()["text"]) is str
    assert one == hedgekit.score([np.str_("It may rain.")])[0]


def test_n_jobs_starts_no_more_workers_than_parts(monkeypatch) -> None:
    from concurrent import futures

    from hedgekit import scorer as scorer_module

    started = []
    real = futures.ProcessPoolExecutor
    monkeypatch.setattr(futures, "ProcessPoolExecutor", lambda **kw: started.append(kw["max_workers"]) or real(**kw))
    sents = ["It may rain.", "It rained."] * scorer_module.BATCH  # two parts of BATCH
    assert hedgekit.score(sents, n_jobs=8) == hedgekit.score(sents)
    assert started == [2]
    assert scorer_module._check_jobs(-1) == len(os.sched_getaffinity(0))


def test_a_list_items_marker_does_not_move_its_score() -> None:
    """(a workflow trial) "- Turnout could fall sharply this year." scored 0.248, certain, against
    0.349, uncertain, without the dash: the general expert learnt its b:<s> - from the few
    training sentences that start with one. The default reads the marker as layout, as it reads a
    missing final mark; end_mark=False reads both as written."""
    plain = "Turnout could fall sharply this year."
    want = hedgekit.score_sentence(plain)
    for marker in ("- ", "• ", "* ", "1. ", "10) ", "2.1. ", "  – "):
        got = hedgekit.score_sentence(marker + plain)
        assert got.p_uncertain == want.p_uncertain and got.label == want.label == "uncertain", marker
        assert [(c.text, c.start - len(marker), c.end - len(marker)) for c in got.cues] == \
            [(c.text, c.start, c.end) for c in want.cues]
    as_written = Scorer(end_mark=False)
    assert as_written.score_sentence("- " + plain).p_uncertain != as_written.score_sentence(plain).p_uncertain
    # a document written as a list scores its items as the sentences they hold
    doc = "Key risks\n- Turnout could fall sharply this year.\n- The polls may be wrong."
    items = hedgekit.score_text(doc)[1:]
    assert [s.p_uncertain for s in items] == [s.p_uncertain for s in hedgekit.score(
        ["Turnout could fall sharply this year.", "The polls may be wrong."])]


def test_end_mark_scores_an_open_ended_sentence_as_if_it_ended_in_a_full_stop() -> None:
    """Without a final mark a sentence lacks the full stop's weights ("It may rain" 0.39, "It may
    rain." 0.71); the default Scorer (end_mark=True) scores it as the sentence with one, and changes
    nothing else; end_mark=False scores it as the model's training featurized it."""
    import pickle

    marked = Scorer()
    plain = Scorer(end_mark=False)
    assert marked.end_mark is True and Scorer(end_mark=True).end_mark is True and plain.end_mark is False
    assert "end_mark" not in repr(marked) and "end_mark=False" in repr(plain)
    assert hedgekit.score(["It may rain"]) == marked.score(["It may rain"])  # the module functions: the default
    for open_, closed in (("It may rain", "It may rain."), ("maybe", "maybe."), ('He said "maybe"', 'He said "maybe".'),
                          ("Reportedly the mayor resigned", "Reportedly the mayor resigned."),
                          # (an audit) its lexicon matches too: a headline's date was a "May" cue, uncertain
                          ("Polls close 5 May", "Polls close 5 May.")):
        got, want = marked.score_sentence(open_), plain.score_sentence(closed)
        assert got.p_uncertain == want.p_uncertain, open_
        assert [(c.text, c.start, c.end) for c in got.cues] == [(c.text, c.start, c.end) for c in want.cues]
        assert got.text == open_ and got.end == len(open_)
    assert plain.score_sentence("It may rain").p_uncertain < 0.5 < marked.score_sentence("It may rain").p_uncertain
    headline = marked.score_sentence("Polls close 5 May")
    assert headline.cues == () and headline.label == "certain"
    assert [c.text for c in plain.score_sentence("Polls close 5 May").cues] == ["May"]  # (as written)
    closed = ["It may rain.", "Will it rain?", 'He said "It may rain."', "It may rain.[3]", ""]
    assert [s.p_uncertain for s in marked.score(closed)] == [s.p_uncertain for s in plain.score(closed)]
    for scorer in (marked, plain):
        again = pickle.loads(pickle.dumps(scorer))
        assert again.end_mark is scorer.end_mark
        assert again.score_sentence("maybe").p_uncertain == scorer.score_sentence("maybe").p_uncertain
    texts = [f"It may rain on day {i}" for i in range(5000)]
    assert plain.score(texts, n_jobs=2) == plain.score(texts)  # the workers score with the setting too
    assert marked.score(texts, n_jobs=2) == marked.score(texts) != plain.score(texts)
    for bad in ("yes", None, 1):
        with pytest.raises(hedgekit.InputTypeError, match="end_mark must be True \\(the default\\) or False, got "
                                                          "builtins"):
            Scorer(end_mark=bad)  # type: ignore[arg-type]
    assert Scorer(end_mark=np.False_).end_mark is False  # a numpy bool is a bool
    # a Scorer pickled before end_mark was a bool (None: the model's own setting) unpickles as it scored
    from hedgekit.scorer import _rebuild

    old = _rebuild(Scorer, marked.lexicon, marked.model, marked.threshold, "auto", None)
    assert old.end_mark is False


def test_check_lexicon_must_be_a_bool_and_a_folder_is_no_file(tmp_path) -> None:
    """check_lexicon=0, None or "" silently turned the lexicon check off; a folder given as the
    lexicon or model path was a bare IsADirectoryError (a review)."""
    other = hedgekit.Lexicon([("zzq", "epistemic", 0.5)])
    for bad in (None, 0, "", "no"):
        with pytest.raises(hedgekit.InputTypeError, match=r"check_lexicon must be True or False"):
            hedgekit.Scorer(lexicon=other, check_lexicon=bad)
    assert hedgekit.Scorer(lexicon=other, check_lexicon=False).lexicon is other
    for kw in ({"lexicon": tmp_path}, {"model": str(tmp_path)}):
        with pytest.raises(hedgekit.ArgumentError, match=r"path .* is a folder; pass the file in it"):
            hedgekit.Scorer(**kw)


def test_bytes_input_is_told_to_decode_first() -> None:
    """score(b"...") advised score_sentence(s) or score_text(text), which refuse bytes too, and a
    list of bytes was told only that a str was expected (a review of the README as a user)."""
    with pytest.raises(InputTypeError, match=r"got a bare bytes; decode it first, e.g. data\.decode\('utf-8'\), then: "
                                             r"to score one sentence use score_sentence"):
        hedgekit.score(b"The drug may work.")
    with pytest.raises(InputTypeError, match=r"item 1 is bytes \(b'x'\), expected str; decode such items first"):
        hedgekit.score(["It may.", b"x"])
