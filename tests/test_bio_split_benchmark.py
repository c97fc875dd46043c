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
