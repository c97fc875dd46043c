"""benchmarks/bio_split.py: the cue classifier on the abstracts -> full papers split, reproduced."""

from __future__ import annotations

import json
from pathlib import Path

import hedgekit
from benchmarks import bio_split

from conftest import require_shared


def test_cue_classifier_split_reproduces_the_recorded_numbers() -> None:
    corpora = require_shared("corpora")
    got = bio_split.cue_classifier_split(corpora, hedgekit.load_lexicon())
    recorded = json.loads((Path(bio_split.__file__).parent / "results" / "bio_split.json").read_text())
    assert got["own"] == recorded["cue_classifier"]
    assert got["cv"] == recorded["cue_classifier_cv_threshold"]
    assert 0.0 < got["cv"]["threshold"] < 1.0
