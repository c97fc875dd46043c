"""Golden scores for a fixed set of sentences the project wrote (tests/golden/sentences.txt).

A change to the lexicon, the features or the model changes these on purpose; regenerate with

    HEDGEKIT_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of tests/golden/scores.json before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import hedgekit

HERE = Path(__file__).parent / "golden"
SENTENCES = (HERE / "sentences.txt").read_text(encoding="utf-8").splitlines()
GOLDEN = HERE / "scores.json"


def current() -> list[dict]:
    return [
        {"text": s.text, "certainty": round(s.certainty, 6), "label": s.label,
         "cues": [[c.text, c.start, c.end, c.category] for c in s.cues]}
        for s in hedgekit.score(SENTENCES)
    ]


def test_golden_scores() -> None:
    now = current()
    if os.environ.get("HEDGEKIT_REGENERATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(now, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.skip("golden file regenerated; review its diff")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [g["text"] for g in golden] == SENTENCES
    for g, n in zip(golden, now):
        assert n["label"] == g["label"], n["text"]
        assert n["cues"] == g["cues"], n["text"]
        assert n["certainty"] == pytest.approx(g["certainty"], abs=1e-6), n["text"]


def test_golden_labels_are_sensible() -> None:
    """The few golden sentences whose label is beyond dispute."""
    got = {s.text: s.label for s in hedgekit.score(SENTENCES)}
    for t in ("The drug may reduce mortality.", "The minister has reportedly resigned.",
              "There are rumors that the factory will close.", "The meeting will probably take place on Tuesday.",
              "It is believed to be the oldest tree in Europe.", "The suspect seems to have left the country."):
        assert got[t] == "uncertain", t
    for t in ("The drug reduced mortality.", "The trial ended in May 2019.", "He pushed the cart with all his might.",
              "The minister appeared on television on Monday.", "The river flows north into the lake.",
              "There is no doubt that the vaccine is effective.", "The treatment clearly works."):
        assert got[t] == "certain", t
