"""benchmarks/graded_aspects.py: aligning the aspect records, their encoding, the report, and the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import graded_aspects as GA
from conftest import require_shared

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_text_key_ignores_spacing_and_punctuation() -> None:
    assert GA.text_key("Kids get more exercise when the sun is out later in the evening .") == \
        GA.text_key("Kids get more exercise when the sun is out later in the evening.")
    assert GA.text_key("IL-2 may matter") != GA.text_key("IL-2 may matters")


def test_one_hot_marks_certain_and_uncertain_aspects() -> None:
    v = GA.one_hot({"Number": "Certain", "Probability": "Uncertain", "Extent": "NotPresent"})
    assert len(v) == 2 * len(GA.ASPECTS) and sum(v) == 2
    assert v[0] == 1.0 and v[2 * GA.ASPECTS.index("Probability") + 1] == 1.0


def test_lexicon_counts() -> None:
    c = GA.lexicon_counts(["The drug may possibly reduce mortality by 15%.", "The drug reduced mortality."])
    assert c[0, 0] == 2 and c[1, 0] == 0 and c[0, 1] > 1.0 and c[0, 3] > 0 and c[1, 3] == 0


def test_render() -> None:
    res = {"n_rated": 10, "n_rated_with_aspects": 6, "n_aspect_only": 4, "k": 5, "repeats": 3, "wall_seconds": 1.0,
           "stamp": {"command": GA.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3", "numpy": "2",
                     "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
           "variants": {"science": {"pearson": 0.7116, "pearson_std": 0.0528, "spearman": 0.66, "spearman_std": 0.05}}}
    md = GA.render(res)
    assert GA.COMMAND in md and "| science | 0.712 ± 0.053 | 0.660 ± 0.050 |" in md and "4 aspect-only findings" in md


def test_data_aligns_the_aspect_records_with_the_rated_findings() -> None:
    d = GA.Data(require_shared("corpora"))
    assert (len(d.pj), len(d.rated_aspects), len(d.extra)) == (1139, 781, 547)
    assert d.ratings.min() == 1.0 and d.ratings.max() == 6.0
    assert all(set(a) == set(GA.ASPECTS) for a in d.extra_aspects)


def test_results_reproduce_the_science_expert_and_record_every_variant() -> None:
    res = json.loads((RESULTS / "graded_aspects.json").read_text(encoding="utf-8"))
    graded = json.loads((RESULTS / "graded.json").read_text(encoding="utf-8"))
    shipped = graded["variants"]["shipped"]["graded"]["modes"]["science"]
    # the suite's `science` row is the shipped recipe's science expert on the same folds
    assert res["variants"]["science"]["pearson"] == pytest.approx(shipped["pearson"], abs=6e-4)
    assert set(res["variants"]) == set(GA.VARIANTS) and res["stamp"]["command"] == GA.COMMAND
