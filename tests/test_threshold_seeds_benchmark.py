"""benchmarks/threshold_seeds.py: the behaviours at a threshold, the report, and the recorded results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hedgekit
from benchmarks import threshold_seeds as TS
from hedgekit import train as T

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_behaviour_at_the_shipped_threshold_is_the_behaviour_benchmarks() -> None:
    shipped = hedgekit.load_model().threshold
    got = TS.behaviour_at([shipped, 0.99])
    recorded = json.loads((RESULTS / "behaviour.json").read_text())["modes"]["auto"]
    for b in ("hearsay", "vague attribution", "negated certainty"):
        assert got[0][b] == recorded[b]["caught"], b
    assert got[0]["literal certain"] == recorded["literal_certain"]
    assert got[0]["literal unseen certain"] == recorded["literal_unseen_certain"]
    # a threshold no hedge frame reaches catches nothing and leaves every literal use certain
    assert got[1]["hearsay"] == 0.0 and got[1]["literal certain"] == 1.0


def test_recorded_results_start_with_the_shipped_seed_and_reproduce_its_threshold() -> None:
    res = json.loads((RESULTS / "threshold_seeds.json").read_text())
    first = res["seeds"][0]
    assert first["seed"] == T.SEED and res["stamp"]["command"] == TS.COMMAND
    assert first["threshold"] == pytest.approx(hedgekit.load_model().threshold, abs=1e-6)
    assert first["f1"] == first["f1_at_shipped"]
    for r in res["seeds"]:
        assert r["f1"] >= r["f1_at_shipped"]  # each seed's threshold maximises its own pooled F1
        assert r["behaviour"] == TS.behaviour_at([r["threshold"]])[0]


def test_render() -> None:
    row = {"hearsay": 0.785, "literal certain": 0.8}
    res = {"shipped_threshold": 0.268765, "behaviour_at_shipped": row, "wall_seconds": 1.0,
           "stamp": {"command": TS.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3", "numpy": "2",
                     "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
           "seeds": [{"seed": T.SEED, "threshold": 0.268765, "f1": 0.732, "f1_at_shipped": 0.732, "behaviour": row},
                     {"seed": 1, "threshold": 0.3065, "f1": 0.734, "f1_at_shipped": 0.7322,
                      "behaviour": {"hearsay": 0.688, "literal certain": 0.8}}]}
    md = TS.render(res)
    assert TS.COMMAND in md and "| hearsay | literal certain |" in md
    assert f"| {T.SEED} (shipped) | 0.2688 | 0.7320 | 0.7320 | 0.785 | 0.800 |" in md
    assert "| 1 | 0.3065 | 0.7340 | 0.7322 | 0.688 | 0.800 |" in md
