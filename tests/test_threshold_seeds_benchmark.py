"""benchmarks/threshold_seeds.py: the behaviours at a threshold, the report, and the recorded results."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
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


def test_threshold_row_gives_the_peak_the_rule_and_the_shipped_threshold() -> None:
    # F1 by cut: 0.85 -> 0.400, 0.75 -> 0.667, 0.65 -> 0.857 (the peak), 0.55 -> 0.750, 0.35 -> 0.667,
    # 0.15 -> 0.800, 0.05 -> 0.727; within THRESHOLD_TOLERANCE of the peak: 0.65 alone
    y = np.array([1, 1, 1, 0, 0, 1, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.2, 0.1])
    row = TS.threshold_row(y, p, 0.15)
    assert row["peak"] == row["threshold"] == pytest.approx(0.65)
    assert row["f1_peak"] == row["f1"] == pytest.approx(0.8571)
    assert row["f1_at_shipped"] == pytest.approx(0.8)


def test_threshold_row_tells_the_peak_from_the_rule() -> None:
    # 100 positives (0.99 .. 0.5), a negative at 0.45, a positive at 0.40, 50 negatives (0.30 .. 0.01).
    # F1 by cut: 0.475 -> 0.99502, 0.425 -> 0.99010, 0.35 -> 0.99507 (the peak), 0.297 -> 0.99020;
    # those four are within 0.005 of the peak (the cut before 0.5, 0.99000, is not): median 0.3875
    p = np.r_[np.linspace(0.99, 0.5, 100), 0.45, 0.40, np.linspace(0.30, 0.01, 50)]
    y = np.r_[np.ones(100), 0, 1, np.zeros(50)].astype(np.int64)
    assert T.THRESHOLD_TOLERANCE == 0.005
    row = TS.threshold_row(y, p, 0.475)
    assert row["peak"] == pytest.approx(0.35) and row["threshold"] == pytest.approx(0.3875)
    assert row["f1_peak"] == row["f1"] == pytest.approx(0.9951, abs=1e-4)  # 0.3875 keeps the peak's labels
    assert row["f1_at_shipped"] == pytest.approx(0.9950, abs=1e-4)


def test_recorded_results_reproduce_the_shipped_rule() -> None:
    res = json.loads((RESULTS / "threshold_seeds.json").read_text())
    assert res["stamp"]["command"] == TS.COMMAND and res["repeats"] == T.THRESHOLD_REPEATS
    assert [r["seed"] for r in res["seeds"]] == list(TS.SEEDS)
    shipped = res["pooled"][0]
    assert shipped["seeds"] == [T.SEED + r for r in range(T.THRESHOLD_REPEATS)]
    assert shipped["threshold"] == pytest.approx(hedgekit.load_model().threshold, abs=1e-6)
    assert shipped["f1"] == shipped["f1_at_shipped"]
    assert res["tolerance"] == T.THRESHOLD_TOLERANCE
    for r in res["seeds"] + res["pooled"]:
        assert r["f1_peak"] >= max(r["f1"], r["f1_at_shipped"])  # the peak is the best F1 of its seed(s)
        assert r["f1"] >= r["f1_peak"] - T.THRESHOLD_TOLERANCE
        assert r["behaviour"] == TS.behaviour_at([r["threshold"]])[0]


def test_render() -> None:
    row = {"hearsay": 0.785, "literal certain": 0.8}
    res = {"shipped_threshold": 0.29, "repeats": 2, "tolerance": 0.005, "behaviour_at_shipped": row,
           "wall_seconds": 1.0,
           "stamp": {"command": TS.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3", "numpy": "2",
                     "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
           "seeds": [{"seed": T.SEED, "peak": 0.268765, "f1_peak": 0.7325, "threshold": 0.28, "f1": 0.732,
                      "f1_at_shipped": 0.7315, "behaviour": row},
                     {"seed": T.SEED + 1, "peak": 0.3065, "f1_peak": 0.7345, "threshold": 0.3, "f1": 0.734,
                      "f1_at_shipped": 0.7322, "behaviour": {"hearsay": 0.688, "literal certain": 0.8}}],
           "pooled": [{"seeds": [T.SEED, T.SEED + 1], "peak": 0.2901, "f1_peak": 0.7331, "threshold": 0.29,
                       "f1": 0.733, "f1_at_shipped": 0.733, "behaviour": row}]}
    md = TS.render(res)
    assert TS.COMMAND in md and "| hearsay | literal certain |" in md and "within 0.005 of the peak" in md
    assert f"| {T.SEED} | 0.2688 | 0.7325 | 0.2800 | 0.7320 | 0.7315 | 0.785 | 0.800 |" in md
    assert f"| {T.SEED + 1} | 0.3065 | 0.7345 | 0.3000 | 0.7340 | 0.7322 | 0.688 | 0.800 |" in md
    assert f"| {T.SEED}..{T.SEED + 1} (shipped) | 0.2901 | 0.7331 | 0.2900 | 0.7330 | 0.7330 | 0.785 | 0.800 |" in md
