"""benchmarks/unannotated_categories.py: what the rule constrains, and the recorded comparison."""

from __future__ import annotations

import json
from pathlib import Path

import hedgekit
from benchmarks import unannotated_categories as UC

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_the_clipped_features_are_the_training_rules() -> None:
    assert UC.clipped_features() == ("k:hearsay", "k:weasel")
    model = hedgekit.load_model()
    assert model.training["hyperparameters"]["nonnegative"] == {UC.EXPERT: list(UC.clipped_features())}


def test_the_recorded_results_compare_the_shipped_recipe_with_and_without_the_rule() -> None:
    res = json.loads((RESULTS / "unannotated_categories.json").read_text(encoding="utf-8"))
    acc = json.loads((RESULTS / "accuracy.json").read_text(encoding="utf-8"))
    md = UC.render(res)
    assert UC.COMMAND in md and "| bioscope | biomedical |" in md and "reproduces the shipped weights" in md
    assert res["refit_reproduces_shipped"] is True
    with_rule, without = UC.VARIANTS
    # the shipped recipe's CV is the accuracy suite's (same recipe, folds and code)
    combined = {c: d["combined"] for c, d in acc["in_domain"]["corpora"].items()}
    assert res["cv"][with_rule] == {c: {m: round(v["f1"], 4) for m, v in d.items()} for c, d in combined.items()}
    model = hedgekit.load_model()
    h = list(model.experts).index(UC.EXPERT)
    assert res["weights"][with_rule] == {f: round(float(model.coef[model.index[f], h]), 4)
                                         for f in UC.clipped_features()}
    assert all(v >= 0 for v in res["weights"][with_rule].values())
    assert all(v < 0 for v in res["weights"][without].values())  # what the rule is there to prevent
