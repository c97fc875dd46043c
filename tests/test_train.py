"""The training recipe: thresholds, grouped folds, experts and gate, booster clipping, reproducibility."""

from __future__ import annotations

import json

import numpy as np
import pytest

import hedgekit
from hedgekit import train
from hedgekit.features import FeatureConfig
from hedgekit.model import AUTO

HEDGED = ["The drug may reduce {}.", "It is possible that {} matters.", "We suggest that {} might help.",
          "Perhaps {} is involved.", "Some experts believe {} works.", "{} probably binds DNA."]
PLAIN = ["The drug reduced {}.", "{} was measured twice.", "We observed {} in all samples.",
         "{} binds DNA.", "The team studied {} in 2019.", "{} is clearly essential."]
THINGS = ["mortality", "IL-2", "the kinase", "p53", "the protein", "the response", "the virus", "the enzyme"]


def toy_set(n_docs: int = 12) -> train.TrainingSet:
    texts, y, groups, corpus = [], [], [], []
    for d in range(n_docs):
        for i, thing in enumerate(THINGS):
            for templates, label in ((HEDGED, 1), (PLAIN, 0)):
                texts.append(templates[(d + i) % len(templates)].format(thing))
                y.append(label)
                groups.append(f"doc{d}")
                corpus.append("bio" if d % 2 else "wiki")
    return train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus)


def test_best_threshold_maximises_f1() -> None:
    y = np.array([1, 1, 0, 1, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.2, 0.1])
    t = train.best_threshold(y, p)
    assert 0.2 < t < 0.6  # cut below 0.6: P=3/4, R=1, the best F1
    pred = (p >= t).astype(int)
    assert train.prf(y, pred)["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_folds_keep_documents_whole_and_cover_everything() -> None:
    ts = toy_set()
    folds = train.make_folds(ts, k=4)
    assert set(folds.tolist()) == {0, 1, 2, 3}
    for g in set(ts.groups):
        assert len({f for f, gg in zip(folds, ts.groups) if gg == g}) == 1


def test_link_key_matches_ptb_and_raw_text() -> None:
    assert train._link_key("It is based on the -LRB- old -RRB- rifle .") == train._link_key(
        "It is based on the (old) rifle.")


def test_recipe_experts_gate_and_booster_clipping() -> None:
    ts = toy_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    nonpos = train.booster_features(design.names, lex)
    assert nonpos[design.names.index("c:clearly")] and not nonpos[design.names.index("c:may")]
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "all": ("bio", "wiki")},
                          ["bio", "wiki"], C=1.0, nonpositive=nonpos)
    rows = np.arange(len(ts))
    fitted = recipe.fit(rows)
    cols, coef, _ = fitted
    assert coef.shape == (len(cols), 3 + 2)
    assert (coef[nonpos[cols], :3] <= 0).all()  # boosters can only raise certainty
    probs = recipe.predict(fitted, rows)
    assert set(probs) == {AUTO, "bio", "wiki", "all"}
    for name, p in probs.items():
        sel = recipe.scope(name, rows)
        assert train.prf(recipe.y[sel], (p[sel] >= 0.5).astype(int))["f1"] > 0.9, name
    with pytest.raises(ValueError, match="no training sentences"):
        train.Recipe(ts, design, {"x": ("nope",)}, ["x"])
    with pytest.raises(ValueError, match="also feeds"):
        train.Recipe(ts, design, {"a": ("bio",), "b": ("bio", "wiki")}, ["a", "b"])


def test_train_model_is_reproducible_and_reports_cv(tmp_path) -> None:
    ts = toy_set()
    m1, report = train.train_model(ts, experts={"bio": ("bio",), "wiki": ("wiki",)}, k=3, inner_k=2)
    m2, _ = train.train_model(ts, experts={"bio": ("bio",), "wiki": ("wiki",)}, k=3, inner_k=2)
    m1.save(tmp_path / "a.json.gz")
    m2.save(tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    assert set(report["corpora"]) == {"bio", "wiki"}
    assert report["corpora"]["bio"]["auto"]["f1"] > 0.8
    json.dumps(report)  # the report is JSON-serialisable
    assert m1.experts == ("bio", "wiki") and m1.gate == ("bio", "wiki")
    assert m1.training["cross_validation"]["k"] == 3
    scorer = hedgekit.Scorer(model=m1)
    assert scorer.score_sentence("Perhaps the kinase is involved.").label == "uncertain"
    assert scorer.score_sentence("The kinase was measured twice.").label == "certain"


def test_per_expert_regularisation() -> None:
    ts = toy_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    strong = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"],
                          C={"bio": 0.01, "wiki": 10.0}).fit(np.arange(len(ts)))[1]
    assert np.abs(strong[:, 0]).max() < np.abs(strong[:, 1]).max()
