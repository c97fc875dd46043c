"""benchmarks/conll_variants.py: cross-fitting, the augmented design, the recipe's two overrides, the recorded run."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from benchmarks import conll_variants as CV
from conftest import require_shared
from hedgekit import train as T
from hedgekit.features import FeatureConfig
from hedgekit.lexicon import load_lexicon

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


class _TrainingSet:
    """What :class:`benchmarks.conll_variants.Split` reads of a training set."""

    def __init__(self, corpus: list[str]) -> None:
        self.corpus, self.texts = corpus, [f"s{i}" for i in range(len(corpus))]

    def __len__(self) -> int:
        return len(self.corpus)


def _fake_split(folds: np.ndarray, corpus: list[str]) -> CV.Split:
    d = SimpleNamespace(ts=_TrainingSet(corpus), folds=folds)
    return CV.Split(d, T.SEED, [], None, None)  # type: ignore[arg-type]


def test_crossfit_never_gives_a_sentence_a_column_from_a_model_that_saw_its_fold() -> None:
    rng = np.random.default_rng(0)
    folds = rng.integers(0, CV.K, 400)
    corpus = [CV.CONLL if i % 3 else CV.SZEGED for i in range(400)]
    s = _fake_split(folds, corpus)
    fits = []

    def fit(keep: np.ndarray) -> np.ndarray:
        fits.append(keep)
        return keep

    for f in range(CV.K):
        def apply(keep: np.ndarray, rows: np.ndarray) -> np.ndarray:
            assert not keep[folds == f].any()    # no model serving outer fold f saw a row of fold f
            return keep[rows].astype(float)[:, None] + 10.0  # 10, + 1 if the model saw the row

        cols = s.crossfit("k", f, fit, apply, 1)
        assert (cols[np.asarray(corpus) == CV.CONLL, 0] == 10).all()  # no row was in its own model's training part
        assert (cols[np.asarray(corpus) != CV.CONLL] == 0).all()       # only the CoNLL sentences get a column
        assert cols is s.crossfit("k", f, fit, apply, 1)               # cached
    assert len(fits) == CV.K * (CV.K + 1) // 2                         # one model per pair of folds (and per fold)
    for keep in fits:                                                  # each left out one or two whole folds
        out = set(folds[~keep].tolist())
        assert 1 <= len(out) <= 2 and not (set(folds[keep].tolist()) & out)


def test_augmented_appends_to_the_training_and_the_scoring_features() -> None:
    texts = ["It may rain.", "It rained", "- ", "Perhaps not."]
    design = T.scoring_design(texts, load_lexicon(), FeatureConfig())
    extra = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [3.0, 5.0]])
    new = CV.augmented(design, extra, np.array([True, False]))
    n = len(design.names)
    assert new.X.shape == new.X_scored.shape == (4, n + 2)
    assert (new.X[:, n:].toarray() == extra).all() and (new.X_scored[:, n:].toarray() == extra).all()
    assert (new.X_scored[:, :n] != design.X_scored).nnz == 0 and (new.X[:, :n] != design.X).nnz == 0
    assert (design.X_scored != design.X).nnz > 0   # (the open-ended sentence is scored as if it ended in ".")
    assert new.blank.tolist() == design.blank.tolist() == [False, False, True, False]
    # the dense column is kept whatever its count, the sparse one only where min_df training sentences have it
    cols = new.columns(np.arange(4), 2)
    assert n in cols and n + 1 not in cols
    assert n + 1 in new.columns(np.arange(4), 1)


def test_the_recipe_leaves_the_second_expert_unfitted_and_can_balance_the_classes() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    r = CV._VariantRecipe.__new__(CV._VariantRecipe)
    r.y = np.array([1, 0, 0, 0, 0, 1])
    r.target = r.y.astype(float)
    r.ridge_alpha = {}
    sel, rows = np.arange(6), np.arange(6)
    other = r._fit_expert(X, sel, rows, 0.5, CV.OTHERS)
    assert (other.coef_ == 0).all() and other.intercept_.tolist() == [0.0]
    plain = r._fit_expert(X, sel, rows, 0.5, CV.EXPERT)
    r.balanced = True
    balanced = r._fit_expert(X, sel, rows, 0.5, CV.EXPERT)
    assert balanced.get_params()["class_weight"] == "balanced" and plain.get_params()["class_weight"] is None
    assert balanced.intercept_[0] > plain.intercept_[0]   # 2 of 6 uncertain: balancing raises the prior


@pytest.fixture(scope="module")
def split() -> CV.Split:
    root = require_shared("corpora")
    d = CV.Data(root)
    counts = CV.ngrams.char_counts([t if c == CV.CONLL else "" for t, c in zip(d.ts.texts, d.ts.corpus)])
    return CV.Split(d, T.SEED, CV.szeged_wiki_sentences(root, d), load_lexicon(), counts)


def test_the_recorded_run_reproduces(split: CV.Split) -> None:
    """Fold 0 of the baseline and of a stacked variant as recorded (to what another machine's
    floating point moves, as ``test_conll_data_benchmark``), and the baseline as ``conll_data`` records it."""
    recorded = json.loads((RESULTS / "conll_variants.json").read_text())
    base = recorded["variants"][recorded["baseline"]]
    assert base["f1_folds"][: CV.K] == json.loads((RESULTS / "conll_data.json").read_text())["variants"][
        "CoNLL lists only"]["f1_folds"]
    for name in (recorded["baseline"], "+ Szeged sentence classifier's log-odds", "+ TF-IDF LR's log-odds",
                 "TF-IDF LR alone"):
        y, p, t = CV.run_fold(split, CV.VARIANTS[name], 0)
        assert len(y) == int((np.asarray(split.d.ts.corpus)[split.folds == 0] == CV.CONLL).sum())
        assert t == pytest.approx(recorded["variants"][name]["thresholds"][0], abs=0.005)
        assert T.prf(y, (p >= t).astype(np.int64))["f1"] == pytest.approx(recorded["variants"][name]["f1_folds"][0],
                                                                          abs=0.005)


@pytest.mark.parametrize("name", ["+ Szeged cue classifier (7 columns, x 4)", "+ Szeged sentence classifier's log-odds",
                                  "+ TF-IDF LR's log-odds", "TF-IDF LR alone"])
def test_a_test_folds_labels_never_reach_its_predictions(split: CV.Split, name: str) -> None:
    """Every label of outer fold 0 flipped (CoNLL's and the other corpora's) and its Szeged cues
    removed: fold 0's probabilities and threshold stay exactly as they were (a review's check; a
    training fold's labels do move them, so the check can fail)."""
    d = split.d
    flipped = copy.copy(d)
    y = d.ts.y.copy()
    fold0 = split.folds == 0
    y[fold0] = 1 - y[fold0]
    flipped.ts = dataclasses.replace(d.ts, y=y)
    sentences = [dataclasses.replace(x, cues=(), label="certain") if fold0[r] else x
                 for x, r in zip(split.szeged_sentences, split.szeged)]
    other = CV.Split(flipped, T.SEED, sentences, split.lexicon, split.char_counts)
    _, p, t = CV.run_fold(split, CV.VARIANTS[name], 0)
    y1, p1, t1 = CV.run_fold(other, CV.VARIANTS[name], 0)
    assert np.array_equal(p, p1) and t == t1
    assert (y1 != d.ts.y[split.conll[split.folds[split.conll] == 0]]).all()  # (the flipped labels were read)


def test_run_pairs_each_variant_with_the_baseline_fold_by_fold(monkeypatch) -> None:
    """``run``'s statistics on stubbed folds: per-fold differences, per split, the shipped folds first."""
    corpus = [CV.CONLL] * 4
    monkeypatch.setattr(CV, "Data", lambda root: SimpleNamespace(ts=_TrainingSet(corpus)))
    monkeypatch.setattr(CV, "szeged_wiki_sentences", lambda root, d: [])
    monkeypatch.setattr(CV.ngrams, "char_counts", lambda texts: None)
    monkeypatch.setattr(CV, "Split", lambda d, seed, *rest: SimpleNamespace(seed=seed))
    gold = np.array([1, 1, 0, 0])
    shift = {"conll-wiki": 0.0, "balanced class weights": 0.3}

    def run_fold(s, v, f):  # the variant finds one more uncertain sentence on the second split's odd folds
        bonus = shift[next(k for k, x in CV.VARIANTS.items() if x is v)] if s.seed == T.SEED + 1 and f % 2 else 0.0
        return gold, np.array([0.9, 0.45 + bonus, 0.2, 0.1]), 0.5

    monkeypatch.setattr(CV, "run_fold", run_fold)
    res = CV.run(Path("."), ["conll-wiki", "balanced class weights"], splits=2)
    base, var = res["variants"]["conll-wiki"], res["variants"]["balanced class weights"]
    f1_one, f1_two = 2 / 3, 1.0
    assert base["f1_folds"] == [round(f1_one, 4)] * 20
    assert var["f1_folds"][:10] == [round(f1_one, 4)] * 10
    assert var["f1_folds"][10:] == [round(f1_one if f % 2 == 0 else f1_two, 4) for f in range(10)]
    assert var["diff_shipped_folds"] == [0.0, 0.0] and var["f1_shipped_folds"][0] == round(f1_one, 4)
    assert var["diff_per_split"] == [0.0, round((f1_two - f1_one) / 2, 4)]
    diffs = np.r_[np.zeros(15), np.full(5, f1_two - f1_one)]
    assert var["diff_all"] == [round(diffs.mean(), 4), round(diffs.std(ddof=1), 4)]
    assert base["roc_auc_per_split"] == [1.0, 1.0] and var["thresholds"] == [0.5] * 20


def test_run_checks_its_variants_before_reading_the_corpora(tmp_path) -> None:
    with pytest.raises(KeyError, match="unknown variants .*nope"):
        CV.run(tmp_path, ["conll-wiki", "nope"])
    with pytest.raises(ValueError, match="at least one variant"):
        CV.run(tmp_path, [])


def test_render_gives_the_recorded_report() -> None:
    recorded = json.loads((RESULTS / "conll_variants.json").read_text())
    text = (RESULTS / "conll_variants.md").read_text(encoding="utf-8")
    assert CV.render(recorded) == text
    assert len(recorded["variants"]["conll-wiki"]["f1_folds"]) == recorded["splits"] * CV.K
    assert set(recorded["variants"]) == set(CV.VARIANTS)
