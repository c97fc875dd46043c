"""The result types: the scorer's fast constructors make the same objects as the dataclass ones."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

import hedgekit
from hedgekit.errors import ArgumentError, InputTypeError
from hedgekit.types import Cue, SentenceScore, _cue, _sentence_score


def test_fast_constructors_equal_dataclass_constructors() -> None:
    c = _cue("might", 3, 8, "epistemic", 0.9, 2.5, "might")
    assert c == Cue("might", 3, 8, "epistemic", 0.9, 2.5, "might") and hash(c) == hash(Cue(*dataclasses.astuple(c)))
    s = _sentence_score("It might rain.", 0.2, "uncertain", (c,), 10, 24, 0.8, 0.5)
    want = SentenceScore("It might rain.", 0.2, "uncertain", (c,), 10, 24, 0.8, 0.5)
    assert s == want and repr(s) == repr(want) and s.to_dict() == want.to_dict()
    assert pickle.loads(pickle.dumps(s)) == s and copy.deepcopy(s) == s
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.label = "certain"  # type: ignore[misc]


def test_scored_results_are_ordinary_results() -> None:
    s = hedgekit.score_sentence("Experts believe Russia might require 122mm shells.")
    rebuilt = SentenceScore(*(getattr(s, f.name) for f in dataclasses.fields(SentenceScore)))
    assert s == rebuilt and all(c == Cue(*dataclasses.astuple(c)) for c in s.cues)


# ------------------------------------------------------------------ a review (session 9): the result types


def test_scores_round_trip_through_json_with_from_dict() -> None:
    """to_dict had no inverse: SentenceScore(**json) kept the cues as dicts (unequal, unhashable)."""
    import json

    for s in hedgekit.score(["It may rain, reportedly.", "It rained.", ""]):
        back = SentenceScore.from_dict(json.loads(json.dumps(s.to_dict())))
        assert back == s and hash(back) == hash(s)
        for c in s.cues:
            assert Cue.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    d = hedgekit.score(["x"])[0].to_dict()
    d["thresh"] = d.pop("threshold")  # a misspelt key
    with pytest.raises(ArgumentError, match=r"SentenceScore\.from_dict: missing \['threshold'\]; unknown keys \['thresh'\]"):
        SentenceScore.from_dict(d)
    with pytest.raises(InputTypeError, match=r"Cue\.from_dict expects a mapping"):
        Cue.from_dict([("text", "may")])


@pytest.mark.parametrize("make, error, match", [
    (lambda: Cue("may", 5, 2, "epistemic"), ArgumentError, r"0 <= start <= end, got start=5, end=2"),
    (lambda: Cue("may", "0", "3", "epistemic"), InputTypeError, r"start must be an int"),
    (lambda: Cue("may", 0, 3, "nonsense"), ArgumentError, r"category 'nonsense' is not one of epistemic"),
    (lambda: Cue("may", 0, 3, "epistemic", weight="high"), InputTypeError, r"weight must be a finite real number"),
    (lambda: SentenceScore("x", 2.0, "certain", (), 0, 1, 0.5, 0.5), ArgumentError, r"certainty must be in \[0, 1\]"),
    (lambda: SentenceScore("x", 0.5, "maybe", (), 0, 1, 0.5, 0.5), ArgumentError, r"label must be 'certain' or"),
    (lambda: SentenceScore("x", 0.5, "certain", [], 0, 1, 0.5, 0.5), InputTypeError, r"cues must be a tuple of Cue"),
    (lambda: SentenceScore("x", 0.5, "certain", (), 0, 1, float("nan"), 0.5), InputTypeError, r"p_uncertain must be"),
])
def test_hand_built_results_are_checked(make, error, match) -> None:
    """The constructors took anything (end before start, unknown categories, a certainty of 2)."""
    with pytest.raises(error, match=match):
        make()


def test_from_dict_reads_the_records_of_score_jsonl(tmp_path) -> None:
    """A record of `hedgekit score -f jsonl` carries input (and, with --lines, line) besides the fields."""
    import json

    from hedgekit import cli

    f = tmp_path / "t.txt"
    f.write_text("It may rain, reportedly.\n \t\nIt rained.\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(["score", "--lines", "-f", "jsonl", str(f)]) == 0
    out.write_text(buf.getvalue(), encoding="utf-8")
    back = [SentenceScore.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s.text for s in back] == ["It may rain, reportedly.", " \t", "It rained."]
    assert [c.text for c in back[0].cues] == ["may", "reportedly"]
    # the blank line's record has null scores (it failed: "certainty must be a real number, got None");
    # it reads as the score hedgekit.score gives a text with no word
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[1])["certainty"] is None
    assert back[1] == SentenceScore(" \t", 1.0, "certain", (), 25, 27, 0.0, back[0].threshold)
    api = hedgekit.score([" \t"])[0]
    assert (api.certainty, api.p_uncertain, api.label) == (1.0, 0.0, "certain")
    # null scores for a text with words, or only some of them null, are refused
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    with pytest.raises(ArgumentError, match=r"certainty null for the text 'It may rain, reportedly\.'; null scores are read "
                                            r"only from the record of a blank line"):
        SentenceScore.from_dict({**rec, "certainty": None})
    blank = json.loads(out.read_text(encoding="utf-8").splitlines()[1])
    with pytest.raises(ArgumentError, match=r"certainty, p_uncertain null"):
        SentenceScore.from_dict({**blank, "label": "certain"})


@pytest.mark.parametrize("fields, match", [
    (dict(label="certain", p_uncertain=0.9, certainty=0.1, threshold=0.3), r"label 'certain' does not follow from"),
    (dict(certainty=0.9, p_uncertain=0.9, label="uncertain"), r"certainty 0\.9 is not 1 - p_uncertain"),
    (dict(text="xyz", start=0, end=1), r"text is 3 characters long, but start=0 and end=1"),
    (dict(threshold=0.0), r"threshold must be in \(0, 1\)"),
    (dict(threshold=1.0, label="certain"), r"threshold must be in \(0, 1\)"),
    (dict(text="x", end=1, cues=[dict(text="may", start=5, end=8, category="epistemic")]), r"cue 'may' at 5-8 is not"),
    (dict(cues=[dict(text="zzz", start=3, end=6, category="epistemic")]), r"cue 'zzz' at 3-6 is not the sentence's text"),
    (dict(cues=[dict(text="rain", start=7, end=11, category="epistemic"),
                dict(text="may", start=3, end=6, category="epistemic")]), r"in order of their start offset"),
])
def test_a_record_whose_fields_disagree_is_refused(fields, match) -> None:
    """Each field was checked on its own: a label against its probability and threshold, a certainty
    that is not 1 - p_uncertain, offsets that do not span the text, a cue that is not the sentence's
    text there all came back from from_dict as valid scores (a review)."""
    d = dict(text="It may rain.", start=0, end=12, certainty=0.25, label="uncertain", p_uncertain=0.75,
             threshold=0.3, cues=[dict(text="may", start=3, end=6, category="epistemic")])
    SentenceScore.from_dict(d)  # (consistent)
    with pytest.raises(ArgumentError, match=match):
        SentenceScore.from_dict({**d, **fields})


def test_a_cue_spans_its_text_and_weighs_in_0_1_and_numpy_numbers_become_python_ones() -> None:
    import json

    import numpy as np

    with pytest.raises(ArgumentError, match=r"text 'mayyyy' is 6 characters long, but start=3 and end=6 span 3"):
        Cue("mayyyy", 3, 6, "epistemic")
    for w in (5.0, -1.0):
        with pytest.raises(ArgumentError, match=r"weight must be a lexicon prior in \[0, 1\]"):
            Cue("may", 3, 6, "epistemic", weight=w)
    c = Cue("may", np.int64(3), np.int32(6), "epistemic", weight=np.float32(0.5), contribution=np.float64(1.5))
    assert (type(c.start), type(c.end), type(c.weight), type(c.contribution)) == (int, int, float, float)
    s = SentenceScore("It may rain.", np.float64(0.25), "uncertain", (c,), np.int64(0), np.int64(12), np.float32(0.75),
                      np.float64(0.3))
    assert json.loads(json.dumps(s.to_dict()))["cues"][0]["weight"] == 0.5
    assert all(type(getattr(s, k)) is float for k in ("certainty", "p_uncertain", "threshold"))


def test_numpy_float32_fields_are_checked_as_stored() -> None:
    """A float32 p_uncertain passed the checks in float32 (certainty 0.7 against 1 - 0.3f) and was
    stored as a float64 that fails them: the score's own to_dict did not read back (an audit)."""
    import json

    import numpy as np

    with pytest.raises(ArgumentError, match=r"certainty 0.7 is not 1 - p_uncertain \(0.699999988"):
        SentenceScore("x", 0.7, "certain", (), 0, 1, np.float32(0.3), 0.5)
    with pytest.raises(ArgumentError, match="does not follow from p_uncertain"):
        SentenceScore("x", float(1 - np.float32(0.3)), "uncertain", (), 0, 1, np.float32(0.3),
                      0.30000001192092896 + 1e-9)
    ok = SentenceScore("x", float(1 - np.float32(0.3)), "certain", (), 0, 1, np.float32(0.3), 0.5)
    assert type(ok.p_uncertain) is float and SentenceScore.from_dict(json.loads(json.dumps(ok.to_dict()))) == ok
    with pytest.raises(ArgumentError, match="weight must be a lexicon prior in"):
        Cue("may", 0, 3, "epistemic", weight=np.float32(1.0000001) + np.float64(1e-9))


def test_annotated_sentences_check_their_fields() -> None:
    """A malformed meta failed inside evaluate() with a bare TypeError, and a gold cue outside the
    text counted as matched (an audit); lists are stored as tuples (the record stays hashable)."""
    from hedgekit.types import AnnotatedSentence

    for kwargs, error, message in (
            ({"meta": None}, InputTypeError, "meta must be a sequence"), ({"meta": ["abc"]}, InputTypeError, "meta"),
            ({"meta": ((1, 2),)}, InputTypeError, "str keys"),
            # (an audit: the record "stays hashable", yet a list value made hash() fail, later)
            ({"meta": [("k", [1, 2])]}, InputTypeError, r"meta value of 'k' must be hashable .* got the list \[1, 2\]"),
            ({"meta": [("k", {"a": 1})]}, InputTypeError, "meta value of 'k' must be hashable"),
            ({"cues": (Cue("x" * 20, 0, 20, "epistemic"),)}, ArgumentError, "is not the sentence's text there"),
            ({"cues": (Cue("rain", 0, 4, "epistemic"),)}, ArgumentError, r"\('It m'\)"),
            ({"cues": "may"}, InputTypeError, "cues must be a sequence"),
            ({"label": "maybe"}, ArgumentError, "label must be 'certain', 'uncertain' or None"),
            ({"rating": float("nan")}, InputTypeError, "rating must be a finite real number or None"),
            ({"rating": "4"}, InputTypeError, "rating"), ({"doc_id": 3}, InputTypeError, "doc_id must be a str or None"),
            ({"source": None}, InputTypeError, "source must be a str")):
        with pytest.raises(error, match=message):
            AnnotatedSentence(**{"text": "It may rain.", "label": None, **kwargs})
    s = AnnotatedSentence("It may rain.", "uncertain", rating=4, cues=[Cue("may", 3, 6, "epistemic")],
                          meta=[["line", 3]])
    assert s.cues == (Cue("may", 3, 6, "epistemic"),) and s.meta == (("line", 3),) and type(s.rating) is float
    assert hash(s) == hash(AnnotatedSentence("It may rain.", "uncertain", 4.0, (Cue("may", 3, 6, "epistemic"),),
                                             meta=(("line", 3),)))
