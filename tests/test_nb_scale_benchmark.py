"""Recipe(nb_scale=...) and benchmarks/nb_scale.py: what the scaling does, and the suite on toy data."""

from __future__ import annotations

import numpy as np
import pytest

import hedgekit
from benchmarks import nb_scale as NB
from hedgekit import train
from hedgekit.features import FeatureConfig
from hedgekit.types import AnnotatedSentence

_NOUNS = ["drug", "gene", "bridge", "mayor", "river", "virus", "market", "school", "enzyme", "storm",
          "treaty", "engine", "harbour", "museum", "tumour", "budget", "vaccine", "factory", "protein", "council"]


def _toy() -> train.TrainingSet:
    """The shipped binary corpora's names, 20 documents each of a hedged, a plain and a filler sentence."""
    texts, y, groups, corpus = [], [], [], []
    hedges = {"bioscope": "may", "conll2010-wiki": "reportedly", "szeged-wiki": "probably"}
    for name, _, _ in train.SHIPPED_CORPORA:
        for d, noun in enumerate(_NOUNS):
            for text, label in ((f"The {noun} {hedges[name]} changed in {name} {d}.", 1),
                                (f"The {noun} changed in {name} {d}.", 0), (f"A {noun} was seen in {name}.", 0)):
                texts.append(text), y.append(label), groups.append(f"{name}/d{d}"), corpus.append(name)
    return train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus)


def _recipe(ts: train.TrainingSet, **kw) -> train.Recipe:
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    return train.Recipe(ts, design, train.SHIPPED_EXPERTS, train.SHIPPED_GATE, **kw)


def test_nb_scale_penalises_class_neutral_features_more_and_keeps_the_model_format() -> None:
    ts = _toy()
    plain, scaled = _recipe(ts), _recipe(ts, nb_scale={"biomedical": 1.0})
    rows = np.arange(len(ts))
    (cols, coef, _), (cols2, coef2, _) = plain.fit(rows), scaled.fit(rows)
    assert np.array_equal(cols, cols2)
    names = [plain.design.names[c] for c in cols]
    h = plain.experts.index("biomedical")
    hedge, neutral = names.index("w:may"), names.index("w:changed")  # in every hedged and plain sentence
    assert abs(coef2[hedge, h]) > abs(coef[hedge, h])  # the class-specific word is penalised less
    assert abs(coef2[neutral, h]) < abs(coef[neutral, h])  # the word in both classes more
    others = [e for e in range(len(plain.experts)) if e != h]
    assert np.array_equal(coef[:, others], coef2[:, others])  # only the named expert changes
    # a model of the scaled fit scores as the recipe predicts: inference is unchanged
    fitted = scaled.fit(rows)
    model = scaled.model(fitted, {m: 0.5 for m in ("auto", *scaled.experts)}, FeatureConfig(),
                         hedgekit.load_lexicon().hash, {})
    feats = train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig())
    assert np.allclose(model.predict_proba(feats, expert="biomedical"), scaled.predict(fitted, rows)["biomedical"],
                       atol=1e-5)
    # limited to the text groups, the lexicon's features keep their plain fit's scale
    text_only = _recipe(ts, nb_scale={"biomedical": 1.0}, nb_groups=NB.TEXT_GROUPS).fit(rows)[1]
    cue = names.index("k:epistemic")
    assert abs(text_only[hedge, h]) > abs(coef[hedge, h]) and text_only[cue, h] != coef2[cue, h]
    for bad in ("words", ["words", "nouns"]):
        with pytest.raises(hedgekit.ArgumentError, match="nb_groups must be a list of feature groups"):
            _recipe(ts, nb_scale={"biomedical": 1.0}, nb_groups=bad)
    for bad in ({"nobody": 1.0}, {"biomedical": 0.0}, {"biomedical": float("nan")}):
        with pytest.raises(hedgekit.ArgumentError, match="nb_scale"):
            _recipe(ts, nb_scale=bad)
    with pytest.raises(hedgekit.ArgumentError, match="logistic-regression expert"):
        _recipe(ts, nb_scale={"semantic": 1.0}, ridge_alpha={"semantic": 1.0})
    soft = np.where(np.asarray(ts.corpus) == "szeged-wiki", 0.3, ts.y.astype(np.float64))
    graded = train.TrainingSet(ts.texts, ts.y, ts.groups, ts.corpus, target=soft)
    with pytest.raises(hedgekit.ArgumentError, match="soft targets"):
        _recipe(graded, nb_scale={"semantic": 1.0})


def test_the_ratios_see_only_the_rows_being_fitted() -> None:
    """No leakage: the labels of the sentences outside a fit's rows (a CV's test fold) change nothing."""
    ts = _toy()
    rows = np.flatnonzero(np.random.default_rng(1).random(len(ts)) < 0.6)
    flipped = ts.y.copy()
    out = np.setdiff1d(np.arange(len(ts)), rows)
    flipped[out] = 1 - flipped[out]
    other = train.TrainingSet(ts.texts, flipped, ts.groups, ts.corpus)
    kw = {"nb_scale": dict.fromkeys(train.SHIPPED_EXPERTS, 1.0)}
    assert np.array_equal(_recipe(ts, **kw).fit(rows)[1], _recipe(other, **kw).fit(rows)[1])


def test_paired_difference_leaves_out_undefined_folds() -> None:
    assert NB.paired_difference([0.5, 0.7, None], [0.4, 0.5, 0.3]) == (0.15, pytest.approx(0.0707, abs=1e-4))


def _toy_ood(root: object, name: str) -> list[AnnotatedSentence]:
    return [s for noun in _NOUNS for s in (AnnotatedSentence(f"The {noun} may fail in {name}.", "uncertain"),
                                            AnnotatedSentence(f"The {noun} failed in {name}.", "certain"))]


def test_the_suite_runs_and_renders_on_toy_data(tmp_path, monkeypatch) -> None:
    from hedgekit import benchmark as B

    ts = _toy()
    noisy = ts.y.copy()
    noisy[np.random.default_rng(0).random(len(ts)) < 0.15] ^= 1  # so that folds and variants differ
    ts = train.TrainingSet(ts.texts, noisy, ts.groups, ts.corpus)
    monkeypatch.setattr(train, "load_training_set", lambda root, corpora: ts)
    monkeypatch.setattr(B, "load_sentences", _toy_ood)
    every = dict.fromkeys(train.SHIPPED_EXPERTS, 1.0)  # unlike the shipped recipe, whatever the model records
    monkeypatch.setattr(NB, "VARIANTS", {NB.SHIPPED: {}, "NB": {"nb_scale": every, "nb_groups": None,
                                                                "feature_scale": {}}})
    res = NB.run(tmp_path)
    shipped = res["variants"][NB.SHIPPED]
    lexicon = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lexicon, FeatureConfig()))
    signs = train.sign_constraints(design.names, lexicon, train.SHIPPED_EXPERTS, train.UNANNOTATED_CATEGORIES)
    rep = train.cross_validate(train.Recipe(ts, design, train.SHIPPED_EXPERTS, train.SHIPPED_GATE, **signs,
                                            nb_scale=every), k=10, inner_k=3)
    for c, modes in shipped["cv"].items():
        for m, e in modes.items():
            assert len(e["folds"]) == 10 and e["diff"] == 0.0
            assert np.mean(e["folds"]) == pytest.approx(e["f1"], abs=1e-4), (c, m)
            nb = res["variants"]["NB"]["cv"][c][m]
            assert nb["folds"] == rep["corpora"][c][m]["f1_per_fold"]  # each fold scored as the CV scored it
            assert nb["diff"] == pytest.approx(np.mean(np.subtract(nb["folds"], e["folds"])), abs=1e-4)
    assert any(res["variants"]["NB"]["cv"][c][m]["diff"] != 0 for c, d in shipped["cv"].items() for m in d)
    assert set(res["variants"]["NB"]["ood"]) == set(NB.OOD) and 0 < shipped["thresholds"]["auto"] < 1
    assert res["variants"]["NB"]["nb_groups"] == list(train.SCALE_GROUPS)
    assert res["variants"]["NB"]["feature_scale"] == dict.fromkeys(train.SHIPPED_GATE, train.DEFAULT_FEATURE_SCALE)
    recorded = B.shipped_options(train.SHIPPED_EXPERTS)  # the shipped row: the options the model records
    assert shipped["nb_scale"] == recorded["nb_scale"] and shipped["nb_groups"] == list(recorded["nb_groups"] or [])
    res.update(wall_seconds=1.0, stamp={"command": NB.COMMAND, "hedgekit_version": "0", "date": "today",
                                        "python": "3", "numpy": "2", "scipy": "1", "sklearn": "1",
                                        "machine": {"platform": "x", "cpu_count": 2}})
    md = NB.render(res)
    assert NB.COMMAND in md and "| bioscope | auto |" in md and ("(Δ +" in md or "(Δ -" in md)
    assert "| hearsay caught |" in md and "| sfu F1 (out of domain) |" in md
    assert "| `biomedical` expert alone: hearsay caught |" in md
    assert set(shipped["behaviour_biomedical"]) == set(shipped["behaviour"])


def test_the_recorded_results_start_from_the_shipped_recipe() -> None:
    """The first row is the shipped recipe (its CV is the accuracy suite's, same folds and code), and
    the shipped model is trained with the naive-Bayes scaling and feature scales the benchmark chose."""
    import json
    from pathlib import Path

    results = Path(__file__).resolve().parents[1] / "benchmarks" / "results"
    res = json.loads((results / "nb_scale.json").read_text(encoding="utf-8"))
    acc = json.loads((results / "accuracy.json").read_text(encoding="utf-8"))
    combined = {c: d["combined"] for c, d in acc["in_domain"]["corpora"].items()}
    shipped = res["variants"][NB.SHIPPED]
    assert {c: {m: e["f1"] for m, e in d.items()} for c, d in shipped["cv"].items()} == {
        c: {m: round(v["f1"], 4) for m, v in d.items()} for c, d in combined.items()}
    assert set(res["variants"]) == set(NB.VARIANTS)
    hp = hedgekit.load_model().training["hyperparameters"]
    assert hp["nb_scale"] == train.SHIPPED_NB_SCALE == shipped["nb_scale"]
    assert hp["nb_groups"] == list(train.SHIPPED_NB_GROUPS) == shipped["nb_groups"]
    assert hp["feature_scale"] == train.SHIPPED_FEATURE_SCALE
    assert shipped["feature_scale"]["biomedical"] == train.SHIPPED_FEATURE_SCALE["biomedical"]
    # the record and the training constants give every benchmark recipe the same options
    from hedgekit import benchmark as B
    for experts in (train.GRADED_EXPERTS, train.SHIPPED_EXPERTS, {"bioscope": ("bioscope",)}):
        assert B.shipped_options(experts) == train.shipped_options(experts)
    assert res["variants"]["without NB (the recipe shipped before)"]["nb_scale"] == {}
    assert NB.COMMAND in NB.render(res)


def test_benchmark_recipes_take_the_options_the_model_records(monkeypatch) -> None:
    """``hedgekit.benchmark``'s recipes are the shipped model's: its recorded ``nb_scale``, ``nb_groups``
    and ``feature_scale`` (the training constants when there is no model), replaced by options given."""
    import hedgekit.model
    from hedgekit import benchmark as B

    ts, lex = _toy(), hedgekit.load_lexicon()
    hp = B.shipped_hyperparameters()
    recorded = hedgekit.load_model().training["hyperparameters"]
    assert hp["nb_scale"] == recorded.get("nb_scale", {}) and hp["feature_scale"] == recorded["feature_scale"]
    r = B.shipped_recipe(ts, lex, FeatureConfig(), train.SHIPPED_EXPERTS, train.SHIPPED_GATE)
    assert r.nb_scale == hp["nb_scale"] and r.feature_scale["biomedical"] == hp["feature_scale"]["biomedical"]
    other = B.shipped_recipe(ts, lex, FeatureConfig(), train.SHIPPED_EXPERTS, train.SHIPPED_GATE,
                      dict(hp, nb_scale={"general": 2.0}, feature_scale={}))
    assert other.nb_scale == {"general": 2.0} and other.nb_groups == tuple(hp["nb_groups"])
    assert other.feature_scale == dict.fromkeys(train.SHIPPED_GATE, train.DEFAULT_FEATURE_SCALE)
    assert B.shipped_recipe(ts, lex, FeatureConfig(), train.SHIPPED_EXPERTS, train.SHIPPED_GATE, nb_scale={}).nb_scale == {}

    def missing() -> None:
        raise FileNotFoundError("no model")

    monkeypatch.setattr(hedgekit.model, "load_model", missing)
    assert B.shipped_options(train.SHIPPED_EXPERTS) == train.shipped_options(train.SHIPPED_EXPERTS)
