"""benchmarks/end_mark.py: what it strips, and its recorded results against the accuracy suite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import end_mark as EM

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_strip_final_mark_removes_the_mark_and_what_closes_it() -> None:
    assert EM.strip_final_mark("It may rain.") == "It may rain"
    assert EM.strip_final_mark("Will it rain?!  ") == "Will it rain"
    assert EM.strip_final_mark('He said "It may rain."') == 'He said "It may rain'
    assert EM.strip_final_mark("It may rain (probably).") == "It may rain (probably)"
    assert EM.strip_final_mark("Wait…") == "Wait"
    assert EM.strip_final_mark("A title") == "A title"
    assert EM.strip_final_mark("3.5") == "3.5"


def test_the_behaviour_groups_are_the_behaviour_benchmarks() -> None:
    from benchmarks.behaviour import CLAUSES, HEDGE_FRAMES, LITERAL

    groups = EM.behaviour_groups()
    assert list(groups) == [*HEDGE_FRAMES, "literal uses"] and groups["literal uses"] == list(LITERAL)
    assert all(len(groups[b]) == len(HEDGE_FRAMES[b]) * len(CLAUSES) for b in HEDGE_FRAMES)


def test_recorded_results_match_the_accuracy_suite() -> None:
    """*off*, sentences as written, is the shipped recipe's CV: the accuracy suite's numbers."""
    res = json.loads((RESULTS / "end_mark.json").read_text())
    acc = json.loads((RESULTS / "accuracy.json").read_text())["in_domain"]["corpora"]
    assert res["stamp"]["command"] == EM.COMMAND and list(res["in_domain"]) == list(EM.SETTINGS)
    for corpus, own in EM.OWN_EXPERT.items():
        for mode in ("auto", own):
            key = f"{corpus}|{mode}|as written"
            assert res["in_domain"]["off"][key]["mean"] == pytest.approx(acc[corpus]["combined"][mode]["f1"], abs=1e-4)
    md = (RESULTS / "end_mark.md").read_text()
    assert "| conll2010-wiki | conll-wiki | final mark removed |" in md and "| sfu F1 |" in md
