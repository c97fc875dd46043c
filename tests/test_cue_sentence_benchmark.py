"""benchmarks/cue_sentence.py: its hand-built design (the cue features appended) fits and predicts."""

from __future__ import annotations

import numpy as np

from benchmarks import cue_sentence
from hedgekit import load_lexicon, train
from hedgekit.features import FeatureConfig


def test_the_augmented_design_fits_and_predicts_from_its_own_columns() -> None:
    """``_augment`` appends the cue features as real-valued columns; a recipe on it fits them and
    predicts from them (it once lacked what ``Recipe.predict`` reads, ``X_scored``, and crashed
    after the whole cue-level CV had run)."""
    texts = ["It may rain.", "It rained."] * 10
    ts = train.TrainingSet(texts, np.array([1, 0] * 10, dtype=np.int8), [f"#{i}" for i in range(20)],
                           ["bioscope"] * 20)
    design = train.Design(train.featurize_all(texts, load_lexicon(), FeatureConfig()))
    extra = np.tile(np.array([[1.0], [0.0]]), (10, len(cue_sentence.NAMES)))  # a cue feature that tells the classes
    new = cue_sentence._augment(design, extra)
    assert new.names[-len(cue_sentence.NAMES):] == list(cue_sentence.NAMES) and new.always[-1]
    assert new.X.shape == (20, len(design.names) + len(cue_sentence.NAMES)) and new.X_scored is new.X
    recipe = train.Recipe(ts, new, {"e": ("bioscope",)}, ["e"], min_df=1)
    fitted = recipe.fit(np.arange(20))
    assert set(cue_sentence.NAMES) <= {new.names[c] for c in fitted[0]}
    p = recipe.predict(fitted, np.arange(4))["auto"]
    assert p[0] > 0.5 > p[1] and np.allclose(p[:2], p[2:])
