"""benchmarks/cue_level.py: the recorded results hold the shipped recipe's row and the back-off spans' paired gain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hedgekit import cues

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_recorded_results_hold_the_shipped_recipe_and_its_back_off_gain() -> None:
    res = json.loads((RESULTS / "cue_level.json").read_text(encoding="utf-8"))
    for name in ("bioscope", "szeged-bio", "szeged-wiki"):
        systems = res["cue_level"][name]
        shipped, before = systems[cues._BENCH_SYSTEM]["exact"], systems["cue-clf +templates +extra"]["exact"]
        # the paired gain's mean is the difference of the two rows' means (each rounded to 4 digits)
        assert res["backoff_gain"][name][0] == pytest.approx(shipped["f1"][0] - before["f1"][0], abs=2e-4)
        # back-off changes spans, not which candidates are cues: overlap F1 moves by little
        ov, ov0 = systems[cues._BENCH_SYSTEM]["overlap"]["f1"][0], systems["cue-clf +templates +extra"]["overlap"]["f1"][0]
        assert abs(ov - ov0) < 0.002
        assert res["backoff_gain"][name][0] > 0


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_the_shipped_cue_models_record_the_suites_numbers(domain: str) -> None:
    res = json.loads((RESULTS / "cue_level.json").read_text(encoding="utf-8"))
    key = cues.SHIPPED_CUE_MODELS[domain][2]
    record = cues.load_cue_model(None, domain).training["cross_validation"]
    assert tuple(record["exact"]["f1"]) == tuple(res["cue_level"][key][cues._BENCH_SYSTEM]["exact"]["f1"])
