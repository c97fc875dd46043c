"""The result types: the scorer's fast constructors make the same objects as the dataclass ones."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

import hedgekit
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
