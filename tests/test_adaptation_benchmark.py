"""benchmarks/adaptation.py: document draws, one real learning-curve cell, and the report."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import adaptation


def test_draw_takes_whole_documents_until_n() -> None:
    groups = np.array([f"d{i // 4}" for i in range(40)])  # 10 documents of 4 sentences
    mask = adaptation.draw(groups, 10, np.random.default_rng(0))
    assert mask.sum() == 12  # three whole documents
    for g in set(groups[mask].tolist()):
        assert mask[groups == g].all()
    assert not np.array_equal(mask, adaptation.draw(groups, 10, np.random.default_rng(1)))


def test_one_cell_on_bioscope_and_the_report() -> None:
    from conftest import require_shared

    root = require_shared("corpora")
    res = adaptation.run(root, repeats=2, sizes=[100], tasks=[("bioscope", "semantic")])
    (task,) = res["tasks"]
    (row,) = task["sizes"]
    assert task["n_sentences"] > 14000 and row["n_train_mean"] >= 100
    # 100 BioScope sentences are too few to learn hedging from scratch; the Wikipedia-trained
    # expert already knows most of it, and adapting it keeps that
    assert row["adapted"]["f1"] > row["scratch"]["f1"] + 0.02  # (0.859 against 0.831 on these two draws)
    assert row["base"]["f1"] > 0.8 and row["adapted"]["runs"] == 2
    assert 0.5 < row["scale_mean"] < 2.0  # a related expert is kept, not dropped
    res["stamp"] = {"command": adaptation.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3",
                    "numpy": "2", "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}}
    res["wall_seconds"] = 1.0
    md = adaptation.render(res)
    assert adaptation.COMMAND in md and "| bioscope | `semantic` | 100 |" in md
    assert f"{row['adapted']['f1']:.3f} ± {row['adapted']['f1_std']:.3f}" in md


def test_an_expert_that_saw_the_target_is_refused() -> None:
    from conftest import require_shared

    with pytest.raises(ValueError, match="'biomedical' was trained on 'bioscope'"):
        adaptation.run(require_shared("corpora"), repeats=1, sizes=[100], tasks=[("bioscope", "biomedical")])
