"""benchmarks/gate_threshold.py: the gate-weighted threshold, its behaviour shares, and the recorded results."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import hedgekit
from benchmarks import gate_threshold as GT
from hedgekit.model import AUTO

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_gated_thresholds_weigh_each_experts_own_threshold_by_the_gate() -> None:
    model = hedgekit.load_model()
    th = model.thresholds
    mix = np.zeros((3, len(model.experts)))
    b, g = model.experts.index("biomedical"), model.experts.index("general")
    mix[0, b] = 1.0
    mix[1, g] = 1.0
    mix[2, [b, g]] = 0.25, 0.75
    got = GT.gated_thresholds(model, mix, th)
    assert got == pytest.approx([th["biomedical"], th["general"], 0.25 * th["biomedical"] + 0.75 * th["general"]])
    # with the shipped gate: a biomedical sentence is judged near biomedical's cut, a news one near general's
    p, mix = GT._p_mix(model, ["The protein binds to the promoter in vitro.", "The minister will resign next week."])
    t = GT.gated_thresholds(model, mix, th)
    assert abs(t[0] - th["biomedical"]) < abs(t[0] - th["general"]) and abs(t[1] - th["general"]) < 0.02
    assert p == pytest.approx([s.p_uncertain for s in hedgekit.score(["The protein binds to the promoter in vitro.",
                                                                        "The minister will resign next week."])])
    # a bare list marker scores 0, as the Scorer scores it (a review: the mixture was recomputed without that)
    texts = ["- ", "2. ", "- It may rain."]
    p, _ = GT._p_mix(model, texts)
    assert p.tolist()[:2] == [s.p_uncertain for s in hedgekit.score(texts)][:2] == [0.0, 0.0]
    assert p[2] == pytest.approx(hedgekit.score(texts)[2].p_uncertain) and p[2] > 0.3


def test_the_default_rule_reproduces_the_behaviour_benchmark() -> None:
    got = GT.behaviour(hedgekit.load_model())
    recorded = json.loads((RESULTS / "behaviour.json").read_text())["modes"][AUTO]
    for b in ("hearsay", "vague attribution", "negated certainty"):
        assert got[f"{b} caught"]["default"] == recorded[b]["caught"], b
    assert got["literal uses certain"]["default"] == recorded["literal_certain"]
    assert got["bare clauses certain"]["default"] == recorded["controls_certain"]


def test_recorded_results_match_the_accuracy_suite_for_the_default_rule() -> None:
    """The *default* column is the shipped rule: the accuracy suite's numbers, same folds and model."""
    res = json.loads((RESULTS / "gate_threshold.json").read_text())
    acc = json.loads((RESULTS / "accuracy.json").read_text())
    assert res["stamp"]["command"] == GT.COMMAND
    for c, r in res["in_domain"].items():
        assert r["default"]["mean"] == pytest.approx(acc["in_domain"]["corpora"][c]["combined"]["auto"]["f1"], abs=1e-4)
        assert r["difference"]["mean"] == pytest.approx(r["gate-weighted"]["mean"] - r["default"]["mean"], abs=2e-4)
    for c, r in res["shipped"]["corpora"].items():
        assert r["default"] == pytest.approx(acc["out_of_domain"]["shipped"][c]["f1"], abs=1e-4)
    assert res["shipped"]["thresholds"] == {n: hedgekit.load_model().thresholds[n] for n in (AUTO, "biomedical", "general")}
    assert res["shipped"]["behaviour"] == GT.behaviour(hedgekit.load_model())
    assert "| bioscope |" in (RESULTS / "gate_threshold.md").read_text()
