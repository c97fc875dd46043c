"""benchmarks/behaviour.py: the frames, one real run on the shipped model, and the report."""

from __future__ import annotations

import pytest

from benchmarks import behaviour as BH
from hedgekit.model import AUTO
from hedgekit.scorer import Scorer


def test_frames_wrap_every_clause_as_one_sentence() -> None:
    assert BH.fill("{P}, sources said.", "the bridge was built in 1850") == "The bridge was built in 1850, sources said."
    assert BH.fill("Sources say {p}.", "the bridge was built in 1850") == "Sources say the bridge was built in 1850."
    frames = [f for fs in BH.HEDGE_FRAMES.values() for f in fs] + list(BH.BOOSTER_FRAMES)
    assert len(set(frames)) == len(frames) and all(f.endswith(".") and ("{p}" in f or "{P}" in f) for f in frames)
    assert all(c == c.strip() and c[:1].islower() and not c.endswith(".") for c in BH.CLAUSES)
    assert len(set(BH.LITERAL)) == len(BH.LITERAL)


@pytest.fixture(scope="module")
def result() -> dict:
    scorer = Scorer()
    return BH.run(scorer, (AUTO, "semantic"))


def test_the_shipped_default_on_the_issue_behaviours(result: dict) -> None:
    d = result["modes"][AUTO]
    n = len(BH.CLAUSES)
    assert d["controls_certain"] == 1.0  # every clause alone is certain: the frames are what changes
    assert d["negated certainty"]["caught"] == 1.0
    assert all(d[b]["mean_change"] < -0.3 for b in BH.HEDGE_FRAMES)  # hedges lower certainty, on average a lot
    assert d["vague attribution"]["caught"] >= 0.9
    # 8 of 12 at the middle-of-the-optimum threshold (0.303); 9 at one fold seed's F1 peak (0.269)
    assert d["hearsay"]["per_frame"]["Reportedly, {p}."] >= n - 4
    assert d["hearsay"]["per_frame"]["It is rumoured that {p}."] == n
    assert d["boosters"]["certain"] == 1.0
    per = d["boosters"]["per_frame_raises"]
    # a booster's frame gives no word features (FeatureConfig.booster_frames): every framed clause is
    # at least as certain as the bare one (first-person certainty is in the lexicon)
    assert per["There is no doubt that {p}."] == per["It is certain that {p}."] == per["Clearly, {p}."] == n
    assert per["We are certain that {p}."] == n and d["boosters"]["raises"] == 1.0
    # the frames added after the lexicon changes this benchmark prompted, before they were scored
    assert per["Without question, {p}."] == per["Beyond doubt, {p}."] == per["It is well known that {p}."] == n
    assert d["hearsay"]["per_frame"]["It was reported that {p}."] >= n - 2
    assert sum(per.values()) == round(d["boosters"]["raises"] * n * len(BH.BOOSTER_FRAMES))
    assert d["literal_certain"] >= 0.7 and len(d["literal_missed"]) == round((1 - d["literal_certain"]) * len(BH.LITERAL))
    assert "He pushed the cart with all his might." not in d["literal_missed"]
    # the unseen literal uses are the last ones scored, and their share is theirs alone
    unseen_missed = [t for t in d["literal_missed"] if t in BH.LITERAL_UNSEEN]
    assert d["literal_unseen_certain"] == round(1 - len(unseen_missed) / len(BH.LITERAL_UNSEEN), 4)
    assert "Thought experiments are a staple of physics teaching." not in d["literal_missed"]  # its pseudo row


def test_the_committed_results_are_what_the_shipped_model_gives(result: dict) -> None:
    # deterministic: a fresh run reproduces behaviour.json (and so the README's behaviour table)
    import json
    from pathlib import Path

    recorded = json.loads((Path(BH.__file__).parent / "results" / "behaviour.json").read_text(encoding="utf-8"))
    assert recorded["n_clauses"] == result["n_clauses"]
    for mode, got in result["modes"].items():
        assert recorded["modes"][mode] == got, mode


def test_the_semantic_expert_does_not_count_reported_speech(result: dict) -> None:
    # Szeged's semantic uncertainty: "sources say" is not a hedge there (see tests/test_scorer.py)
    sem, default = result["modes"]["semantic"], result["modes"][AUTO]
    assert sem["hearsay"]["per_frame"]["Sources say {p}."] < default["hearsay"]["per_frame"]["Sources say {p}."]
    assert sem["negated certainty"]["caught"] == 1.0


def test_report(result: dict) -> None:
    res = dict(result, stamp={"command": BH.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3",
                              "numpy": "2", "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
               wall_seconds=1.0)
    md = BH.render(res)
    d = result["modes"][AUTO]
    assert BH.COMMAND in md and "| behaviour | default | `semantic` |" in md
    assert f"| negated certainty caught | {d['negated certainty']['caught']:.2f} |" in md
    assert f"| hearsay: caught | `Sources say {{p}}.` | {d['hearsay']['per_frame']['Sources say {p}.']} |" in md
