"""benchmarks/encoder_ceiling: its recorded results rest on the shipped recipe's own CV (the same folds)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_the_studys_expert_rows_are_the_recorded_cv_fold_for_fold() -> None:
    res = json.loads((RESULTS / "encoder_ceiling.json").read_text(encoding="utf-8"))
    conll = json.loads((RESULTS / "conll_data.json").read_text(encoding="utf-8"))["variants"]["CoNLL lists only"]
    assert res["frozen_conll"]["variants"]["base"]["f1_folds"] == conll["f1_folds"]
    assert res["conll_expert"]["f1_folds"] == conll["f1_folds"]
    # every fine-tuned variant is paired with the expert on its own folds
    for key in ("finetuned_1_epoch", "finetuned_2_epochs"):
        ft = res[key]
        base = ft["variants"]["base"]["f1_folds"]
        assert base == [conll["f1_folds"][f] for f in ft["folds"]]
        for v in ft["variants"].values():
            assert len(v["f1_folds"]) == len(ft["folds"])
            assert abs(sum(a - b for a, b in zip(v["f1_folds"], base)) / len(base) - v["diff"]) < 1e-3
    md = (RESULTS / "encoder_ceiling.md").read_text(encoding="utf-8")
    assert "bash benchmarks/encoder_ceiling/run.sh" in md and "| CoNLL-2010 lists | `conll-wiki` expert" in md
