"""benchmarks/bio_split.py: the cue classifier on the abstracts -> full papers split, reproduced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hedgekit
from benchmarks import bio_split

from conftest import require_shared


def test_cue_classifier_split_reproduces_the_recorded_numbers() -> None:
    corpora = require_shared("corpora")
    lexicon = hedgekit.load_lexicon()
    got = bio_split.cue_classifier_split(corpora, lexicon, bio_split.sentence_recipe(corpora, lexicon))
    recorded = json.loads((Path(bio_split.__file__).parent / "results" / "bio_split.json").read_text())
    assert got["own"] == recorded["cue_classifier"]
    assert got["cv"] == recorded["cue_classifier_cv_threshold"]
    assert got["blend"] == recorded["blend"]
    assert 0.0 < got["cv"]["threshold"] < 1.0
    assert got["blend"]["weight"] in bio_split.BLEND_WEIGHTS


def test_blend_refuses_rows_that_are_not_the_split() -> None:
    corpora = require_shared("corpora")
    lexicon = hedgekit.load_lexicon()
    recipe, abstracts, papers = bio_split.sentence_recipe(corpora, lexicon)
    with pytest.raises(ValueError, match="corpus order"):
        bio_split.cue_classifier_split(corpora, lexicon, (recipe, papers, abstracts))


def test_f1_intervals_resample_sentences_and_documents() -> None:
    import numpy as np

    y = np.array([1, 1, 0, 0, 1, 0, 1, 0] * 25)
    pred = np.array([1, 0, 0, 1, 1, 0, 1, 0] * 25)  # F1 0.75 on every 8 sentences
    docs = [f"d{i // 40}" for i in range(len(y))]  # 5 documents of 40 sentences, each F1 0.75
    got = bio_split.f1_intervals(y, pred, docs, n_boot=200)
    assert got == bio_split.f1_intervals(y, pred, docs, n_boot=200)  # seeded
    assert got["f1_ci_documents"] == [0.75, 0.75]  # every document alike: resampling them changes nothing
    lo, hi = got["f1_ci_sentences"]
    assert lo < 0.75 < hi and hi - lo < 0.2
    # documents that differ: one perfect, one missing every positive
    docs2 = ["a"] * 100 + ["b"] * 100
    pred2 = np.r_[y[:100], np.zeros(100, dtype=int)]
    lo2, hi2 = bio_split.f1_intervals(y, pred2, docs2, n_boot=200)["f1_ci_documents"]
    assert lo2 == 0.0 and hi2 == 1.0


def test_help_runs_nothing_and_out_is_an_option(capsys):
    """(an audit) `python benchmarks/bio_split.py --help` ran the benchmark and overwrote the
    checkout's results; it has --help and --out now."""
    with pytest.raises(SystemExit) as e:
        bio_split.main(["--help"])
    assert e.value.code == 0 and "--out" in capsys.readouterr().out
