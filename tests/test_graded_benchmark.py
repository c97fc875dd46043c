"""benchmarks/graded.py: the lexicon baseline on graded folds and the report it renders."""

from __future__ import annotations

import numpy as np

from benchmarks import graded
from hedgekit import train


def test_lexicon_graded_and_render() -> None:
    texts = ["The drug may reduce mortality.", "The drug reduced mortality.", "Perhaps p53 is involved.",
             "p53 is involved.", "It is possible that IL-2 matters.", "IL-2 matters."] * 3
    ratings = np.array([3.0, 5.5, 2.5, 6.0, 3.5, 5.0] * 3)
    ts = train.TrainingSet(texts, (ratings <= 3.5).astype(np.int8), [f"pei-jurgens/#{i}" for i in range(18)],
                           ["pei-jurgens"] * 18, target=np.array([train.rating_target(r) for r in ratings]))
    lx = graded.lexicon_graded(ts, ratings, k=3)
    assert lx["pearson_pooled"] > 0.8  # hedged sentences get lower certainty and lower ratings
    modes = {"auto": {**lx}, "science": {**lx}}
    res = {"k": 3, "n_pei_jurgens": 18, "lexicon": lx, "wall_seconds": 1.0,
           "stamp": {"command": "python -m benchmarks.graded", "hedgekit_version": "0", "date": "today",
                     "python": "3", "numpy": "2", "scipy": "1", "sklearn": "1",
                     "machine": {"platform": "x", "cpu_count": 2}},
           "variants": {"graded": {"description": "d", "graded": {"modes": modes}}}}
    md = graded.render(res)
    assert "python -m benchmarks.graded" in md and "| lexicon only | - |" in md
    assert f"{lx['pearson']:.3f} ± {lx['pearson_std']:.3f}" in md
    assert set(graded.FULL_DEFAULT) <= set(graded.VARIANTS)


def test_the_recorded_full_shipped_variant_is_the_shipped_model() -> None:
    """``--full`` trains each variant as the shipped model is trained: the ``shipped`` variant's
    thresholds are the shipped model's (the same recipe, rules and folds), and the report shows them."""
    import json
    from pathlib import Path

    import hedgekit

    res = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "graded.json")
                     .read_text(encoding="utf-8"))
    shipped = res["variants"]["shipped"]
    assert shipped["thresholds"] == dict(hedgekit.load_model().thresholds)
    md = graded.render(res)
    assert f"| `shipped` | {shipped['thresholds']['auto']:.3f} |" in md
    for v in graded.FULL_DEFAULT:
        assert {"in_domain", "thresholds", "ood"} <= set(res["variants"][v]), v
