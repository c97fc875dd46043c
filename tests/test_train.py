"""The training recipe: thresholds, grouped folds, experts and gate, booster clipping, reproducibility."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import numpy as np
import pytest

import hedgekit
from hedgekit import train
from hedgekit.features import FeatureConfig, scoring_config
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


def test_best_threshold_with_a_tolerance_takes_the_middle_of_a_flat_optimum() -> None:
    # F1 by cut: 0.85 -> 0.400, 0.75 -> 0.667, 0.65 -> 0.857 (the peak), 0.55 -> 0.750, 0.35 -> 0.667,
    # 0.15 -> 0.800, 0.05 -> 0.727
    y = np.array([1, 1, 1, 0, 0, 1, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.2, 0.1])
    assert train.best_threshold(y, p) == pytest.approx(0.65)
    assert train.best_threshold(y, p, 0.01) == pytest.approx(0.65)  # only the peak is within 0.01
    # within 0.06: the peak and 0.15 (0.800); their median, 0.40, scores 0.667 (a valley), so the
    # unbroken run of near cuts around the peak is taken instead: the peak alone
    assert train.best_threshold(y, p, 0.06) == pytest.approx(0.65)
    assert train.best_threshold(y, p, 0.11) == pytest.approx(0.55)  # and 0.750: the median of three
    assert train.best_threshold(y, p, 0.2) == pytest.approx((0.55 + 0.35) / 2)  # all but 0.85
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(hedgekit.ArgumentError, match="tolerance"):
            train.best_threshold(y, p, bad)


def test_best_threshold_with_a_tolerance_scores_within_it_on_noisy_small_data() -> None:
    rng = np.random.default_rng(0)
    for n in (40, 200, 1000):
        for _ in range(50):
            y = (rng.random(n) < 0.3).astype(np.int64)
            p = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1)
            best = train.prf(y, (p >= train.best_threshold(y, p)).astype(int))["f1"]
            t = train.best_threshold(y, p, 0.005)
            assert train.prf(y, (p >= t).astype(int))["f1"] >= best - 0.005 - 1e-12


def test_folds_keep_documents_whole_and_cover_everything() -> None:
    ts = toy_set()
    folds = train.make_folds(ts, k=4)
    assert set(folds.tolist()) == {0, 1, 2, 3}
    for g in set(ts.groups):
        assert len({f for f, gg in zip(folds, ts.groups) if gg == g}) == 1


def test_link_key_matches_ptb_and_raw_text() -> None:
    assert train._link_key("It is based on the -LRB- old -RRB- rifle .") == train._link_key(
        "It is based on the (old) rifle.")


def test_piece_documents_pair_sentences_split_differently() -> None:
    docs = {"theboardvotedtoclosethefactory": "szeged/d1", "itwillreopeninmarchnextyearifthestrikeends": "szeged/d2",
            "history": "szeged/d3"}
    keys = ["theboardvotedtoclosethefactoryitwillreopeninmarchnextyear",  # holds d1's sentence
            "reopeninmarchnextyear",                                      # a piece of d2's
            "history",                                                    # too short to pair
            "anunrelatedsentenceaboutthetrains"]
    assert train.piece_documents(keys, docs) == ["szeged/d1", "szeged/d2", None, None]


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
        train.Recipe(ts, design, {"x": ()}, ["x"])
    # a misspelt corpus would have been silently left out of its expert
    with pytest.raises(ValueError, match=r"expert 'x' names corpora \['wikki'\] that the training set does not hold"):
        train.Recipe(ts, design, {"x": ("bio", "wikki")}, ["x"])
    with pytest.raises(ValueError, match="as a list or tuple, e.g. \\('bio',\\), not a str"):
        train.Recipe(ts, design, {"x": "bio"}, ["x"])
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


def test_repeated_thresholds_pool_the_out_of_fold_probabilities_of_several_fold_seeds() -> None:
    ts = toy_set()
    # a noisy toy: flip some labels so the threshold is not at a clean gap
    y = ts.y.copy()
    y[::7] = 1 - y[::7]
    ts = train.TrainingSet(ts.texts, y, ts.groups, ts.corpus)
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"])
    oofs = [train.cross_validate(recipe, k=3, inner_k=0, seed=train.SEED + r)["oof"] for r in range(3)]
    rows = np.arange(len(ts))
    tol = train.THRESHOLD_TOLERANCE
    assert train.repeated_thresholds(recipe, oofs[0], k=3, repeats=1) == recipe.thresholds(rows, oofs[0], tol)
    pooled = train.repeated_thresholds(recipe, oofs[0], k=3, repeats=3)
    sel = recipe.scope(AUTO, rows)
    p = np.concatenate([o[AUTO][sel] for o in oofs])
    assert pooled[AUTO] == train.best_threshold(np.tile(y[sel], 3), p, tol)
    assert set(pooled) == {AUTO, "bio", "wiki"}
    with pytest.raises(hedgekit.ArgumentError, match="at least 1"):
        train.repeated_thresholds(recipe, oofs[0], k=3, repeats=0)


def test_train_model_records_its_threshold_repeats() -> None:
    ts = toy_set()
    m, _ = train.train_model(ts, experts={"bio": ("bio",), "wiki": ("wiki",)}, k=3, inner_k=2, threshold_repeats=2)
    assert m.training["hyperparameters"]["threshold_repeats"] == 2
    assert f"2 3-fold cross-validations (fold seeds {train.SEED}..{train.SEED + 1}) pooled" in m.training["threshold_rule"]
    with pytest.raises(hedgekit.ArgumentError, match="threshold_repeats"):
        train.train_model(ts, k=3, threshold_repeats=0)


def test_a_design_with_scored_features_fits_on_the_written_ones_and_predicts_from_the_scored() -> None:
    """``scoring_design``: fitting reads the sentences as written, predictions read them as the
    Scorer does by default (an open-ended sentence as if it ended in "."), so a user's threshold
    CV (``train_model(predict_as_scored=True)``, ``HedgeClassifier``) judges the scores the model
    will give."""
    ts = toy_set()
    open_ended = train.TrainingSet([t.rstrip(".") for t in ts.texts], ts.y, ts.groups, ts.corpus)
    lex = hedgekit.load_lexicon()
    written = train.Design(train.featurize_all(open_ended.texts, lex, FeatureConfig()))
    scored = train.scoring_design(open_ended.texts, lex, FeatureConfig())
    experts, gate = {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"]
    a = train.Recipe(open_ended, written, experts, gate, min_df=1)
    b = train.Recipe(open_ended, scored, experts, gate, min_df=1)
    rows = np.arange(2 * len(ts) // 3)  # the first 8 documents
    fa, fb = a.fit(rows), b.fit(rows)
    assert [written.names[c] for c in fa[0]] == [scored.names[c] for c in fb[0]]  # the same fit
    assert np.array_equal(fa[1], fb[1]) and np.array_equal(fa[2], fb[2])
    model = b.model(fb, {AUTO: 0.5, "bio": 0.5, "wiki": 0.5}, FeatureConfig(), lex.hash, {})
    p_scored = np.array([s.p_uncertain for s in hedgekit.Scorer(lexicon=lex, model=model).score(open_ended.texts)])
    p_written = np.array([s.p_uncertain for s in hedgekit.Scorer(lexicon=lex, model=model, end_mark=False)
                          .score(open_ended.texts)])
    everything = np.arange(len(ts))
    assert np.abs(p_scored - p_written).max() > 0.01  # the final mark matters to these sentences
    assert np.allclose(b.predict(fb, everything)[AUTO], p_scored, atol=1e-4)
    assert np.allclose(a.predict(fa, everything)[AUTO], p_written, atol=1e-4)
    # punctuated sentences read the same either way: no second set of features, no second matrix
    feats, none = train.featurize_scored(ts.texts, lex, FeatureConfig())
    assert none is None and feats == train.featurize_all(ts.texts, lex, FeatureConfig())
    # a list item's marker is read as the scorer reads it too: left out
    listed = ["- The drug may work.", "2. It worked."]
    feats, scored = train.featurize_scored(listed, lex, FeatureConfig())
    assert feats == train.featurize_all(listed, lex, FeatureConfig()) and "b:<s> -" in feats[0]
    assert scored == train.featurize_all(["The drug may work.", "It worked."], lex, scoring_config(FeatureConfig()))
    punctuated = train.scoring_design(ts.texts, lex, FeatureConfig())
    assert punctuated.X_scored is punctuated.X and not punctuated.blank.any()
    # a bare list marker is a sentence with no word to the scorer (P 0), and to predictions too
    bare = train.TrainingSet([*open_ended.texts, "- ", "2. "], np.r_[ts.y, 1, 1], [*ts.groups, "d1", "d2"],
                             [*ts.corpus, "bio", "wiki"])
    feats, scored = train.featurize_scored(bare.texts, lex, FeatureConfig())
    assert scored[-2:] == [None, None] and feats[-2] == train.featurize_all(["- "], lex, FeatureConfig())[0]
    design = train.scoring_design(bare.texts, lex, FeatureConfig())
    assert design.blank.tolist() == [False] * len(ts) + [True, True]
    c = train.Recipe(bare, design, experts, gate, min_df=1)
    fc = c.fit(rows)
    probs = c.predict(fc, np.arange(len(bare)))
    assert all(p[-1] == p[-2] == 0.0 and p[:-2].min() > 0 for p in probs.values())
    model = c.model(fc, {AUTO: 0.5, "bio": 0.5, "wiki": 0.5}, FeatureConfig(), lex.hash, {})
    assert [s.p_uncertain for s in hedgekit.Scorer(lexicon=lex, model=model).score(["- ", "2. "])] == [0.0, 0.0]
    assert np.allclose(probs[AUTO][:-2], b.predict(fb, everything)[AUTO])  # the other rows as before
    # ... also where training already reads the markers as the scorer does (item_marks, end_mark set)
    for config in (FeatureConfig(end_mark=True, item_marks=True), FeatureConfig(end_mark=False, item_marks=True)):
        _, scored = train.featurize_scored(bare.texts, lex, config)
        assert scored is not None and scored[-2:] == [None, None] and None not in scored[:-2]
        assert train.scoring_design(bare.texts, lex, config).blank.tolist() == [False] * len(ts) + [True, True]
    # a design built by hand, or whose X a caller replaced, predicts from that X
    hand = train.Design.__new__(train.Design)
    hand.X = written.X
    assert hand.X_scored is written.X
    with pytest.raises(hedgekit.ArgumentError, match="scored holds 1 sentences' features, feats 2"):
        train.Design([{"w:a": 1.0}, {"w:b": 1.0}], [{"w:a": 1.0}])
    m, _ = train.train_model(open_ended, experts=experts, k=3, inner_k=2, threshold_repeats=1, predict_as_scored=True)
    assert m.training["hyperparameters"]["predict_as_scored"] is True


def test_threshold_rule_text_is_the_shipped_models_record() -> None:
    shipped = hedgekit.load_model().training
    k, repeats = shipped["cross_validation"]["k"], shipped["hyperparameters"]["threshold_repeats"]
    assert train.threshold_rule_text(k, repeats) == shipped["threshold_rule"]  # one text, byte for byte
    one = train.threshold_rule_text(5, 1)
    assert one.endswith(f"of 1 5-fold cross-validation (fold seed {train.SEED})")
    assert f"within {train.THRESHOLD_TOLERANCE} of the best F1" in one
    assert train.threshold_rule_text(5, 2, "macro").startswith("auto: maximises the mean over corpora")
    for bad in ({"k": 1}, {"k": 5, "repeats": 0}, {"k": 5, "rule": "best"}):
        with pytest.raises(hedgekit.ArgumentError):
            train.threshold_rule_text(**bad)


def test_per_expert_regularisation() -> None:
    ts = toy_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    strong = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"],
                          C={"bio": 0.01, "wiki": 10.0}).fit(np.arange(len(ts)))[1]
    assert np.abs(strong[:, 0]).max() < np.abs(strong[:, 1]).max()


# ----------------------------------------------------------------------------------- graded targets
def graded_set(n_docs: int = 12) -> tuple[train.TrainingSet, np.ndarray]:
    """The toy set plus a graded corpus "sci": hedged findings rated 2-3, plain ones 5-6."""
    ts = toy_set(n_docs)
    texts, ratings = [], []
    for d in range(n_docs):
        for i, thing in enumerate(THINGS):
            texts.append(HEDGED[(d + i + 1) % len(HEDGED)].format(thing))
            ratings.append(2.0 + (d + i) % 3 * 0.5)
            texts.append(PLAIN[(d + i + 1) % len(PLAIN)].format(thing))
            ratings.append(5.0 + (d + i) % 3 * 0.5)
    r = np.array(ratings)
    target = np.r_[ts.y.astype(float), [train.rating_target(x) for x in r]]
    y = np.r_[ts.y, (r <= train.RATING_UNCERTAIN_AT_MOST).astype(np.int8)]
    return train.TrainingSet(ts.texts + texts, y, ts.groups + [f"sci/#{i}" for i in range(len(texts))],
                             ts.corpus + ["sci"] * len(texts), target=target), r


def test_rating_target_is_linear_and_clipped() -> None:
    assert train.rating_target(6.0) == 0.0
    assert train.rating_target(1.0) == 1.0
    assert train.rating_target(3.5) == pytest.approx(0.5)
    assert train.rating_target(4.5) == pytest.approx(0.3)
    assert train.rating_target(7.0) == 0.0 and train.rating_target(0.0) == 1.0


def test_training_set_rejects_bad_labels_and_items() -> None:
    """Labels 0/2 trained silently as 0/1 with a wrong count; strings and None failed deep inside."""
    ts = toy_set(2)
    for y, shown in ((np.r_[ts.y[:-1], 2], r"\[0, 1, 2\]"), (np.where(ts.y == 1, "uncertain", "certain"), "dtype"),
                     (np.r_[ts.y[:-1], np.nan], r"\[0.0, 1.0, nan\]")):
        with pytest.raises(hedgekit.ArgumentError, match="y must be a 1-D array of 0/1 labels .* got " + shown):
            train.TrainingSet(ts.texts, y, ts.groups, ts.corpus)
    with pytest.raises(hedgekit.InputTypeError, match=r"groups\[0\] is NoneType None"):
        train.TrainingSet(ts.texts, ts.y, [None] * len(ts), ts.corpus)
    # (document ids that are numbers: a TypeError that says how to pass them; it was a ValueError)
    with pytest.raises(TypeError, match=r"groups\[0\] is int 0; every item must be a str; pass "
                                        r"groups=\[str\(g\) for g in groups\]"):
        train.TrainingSet(ts.texts, ts.y, list(range(len(ts))), ts.corpus)
    assert train.TrainingSet(ts.texts, list(ts.y), ts.groups, ts.corpus).y.dtype.kind in "iu"  # a list is fine


def test_training_set_rejects_bad_targets() -> None:
    ts = toy_set(2)
    with pytest.raises(ValueError, match="probabilities"):
        train.TrainingSet(ts.texts, ts.y, ts.groups, ts.corpus, target=np.full(len(ts), 1.5))
    with pytest.raises(ValueError, match="one number per sentence"):
        train.TrainingSet(ts.texts, ts.y, ts.groups, ts.corpus, target=np.zeros(3))
    assert np.array_equal(ts.targets(), ts.y.astype(float))


def test_soft_expert_fits_the_ratings_and_hard_experts_are_unchanged() -> None:
    ts, r = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    experts = {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)}
    recipe = train.Recipe(ts, design, experts, ["bio", "wiki", "science"], C=1.0)
    rows = np.arange(len(ts))
    fitted = recipe.fit(rows)
    sci = np.flatnonzero(np.asarray(ts.corpus) == "sci")
    p = recipe.predict(fitted, sci)["science"]
    # A soft target is a probability: hedged findings (target 0.4-0.6) land near 0.5, not near 1.
    hedged = r <= 3.5
    assert 0.3 < p[hedged].mean() < 0.7 and p[~hedged].mean() < 0.25
    assert np.corrcoef(1 - p, r)[0, 1] > 0.8
    # Experts with 0/1 targets are fitted exactly as without the soft corpus.
    hard = train.TrainingSet(ts.texts, ts.y, ts.groups, ts.corpus)
    fitted_hard = train.Recipe(hard, design, experts, ["bio", "wiki", "science"], C=1.0).fit(rows)
    assert np.array_equal(fitted[1][:, :2], fitted_hard[1][:, :2])
    assert not np.allclose(fitted[1][:, 2], fitted_hard[1][:, 2])


def test_gate_temperature_scales_the_gate_and_balancing_reweights() -> None:
    ts, _ = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    experts = {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)}
    rows = np.arange(len(ts))
    base = train.Recipe(ts, design, experts, list(experts), C=1.0).fit(rows)
    half = train.Recipe(ts, design, experts, list(experts), C=1.0, gate_temperature=0.5).fit(rows)
    assert np.array_equal(base[1][:, :3], half[1][:, :3])
    assert np.allclose(half[1][:, 3:], 0.5 * base[1][:, 3:], atol=1e-5)
    bal = train.Recipe(ts, design, experts, list(experts), C=1.0, gate_balanced=True).fit(rows)
    assert not np.allclose(bal[1][:, 3:], base[1][:, 3:])
    with pytest.raises(ValueError, match="gate_temperature"):
        train.Recipe(ts, design, experts, list(experts), gate_temperature=0.0)


def test_graded_cv_correlates_certainty_with_ratings() -> None:
    ts, r = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)},
                          ["bio", "wiki", "science"], C=1.0)
    rep = train.graded_cv(recipe, "sci", r, k=4)
    assert rep["n"] == len(r) and set(rep["modes"]) == {AUTO, "bio", "wiki", "science"}
    assert rep["modes"]["science"]["pearson"] > 0.8
    assert rep["certainty"]["science"].shape == (len(r),)
    with pytest.raises(ValueError, match="ratings"):
        train.graded_cv(recipe, "sci", r[:-1], k=4)


def test_the_record_says_how_each_expert_fitted_the_soft_targets() -> None:
    """A ridge expert regresses the soft targets; the record said every graded sentence was fitted
    as a weighted pair of labels, which only a logistic expert does."""
    ts, _ = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    experts = {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)}
    ridge = train.Recipe(ts, design, experts, ["bio", "wiki"], C=1.0, ridge_alpha={"science": 1.0})
    text = train._soft_target_text(ridge)
    assert "ridge expert(s) ['science'] regress t" in text and "logistic" not in text
    logistic = train.Recipe(ts, design, experts, ["bio", "wiki", "science"], C=1.0)
    text = train._soft_target_text(logistic)
    assert "logistic expert(s) ['science'] fit each graded sentence as uncertain with weight t" in text
    assert "ridge" not in text  # bio and wiki hold no graded sentence: not named


def test_shuffled_group_folds_keep_groups_whole_and_follow_the_seed() -> None:
    groups = np.array([f"doc{i // 3}" for i in range(60)])  # 20 documents of 3 sentences
    a = train.shuffled_group_folds(groups, 5, seed=1)
    assert sorted(set(a.tolist())) == [0, 1, 2, 3, 4] and np.bincount(a).tolist() == [12] * 5
    for g in set(groups.tolist()):
        assert len(set(a[groups == g].tolist())) == 1  # a document never straddles two folds
    assert np.array_equal(a, train.shuffled_group_folds(groups, 5, seed=1))
    assert not np.array_equal(a, train.shuffled_group_folds(groups, 5, seed=2))
    # one sentence per group (Pei & Jurgens findings): sklearn's GroupKFold alone ignores any order
    single = np.array([f"pj/#{i}" for i in range(40)])
    splits = {tuple(train.shuffled_group_folds(single, 4, seed=s).tolist()) for s in range(5)}
    assert len(splits) == 5
    # documents of different sizes: the split still follows the seed, and the folds stay balanced
    uneven = np.array([f"doc{i}" for i, n in enumerate(range(1, 21)) for _ in range(n)])  # sizes 1..20
    folds = [train.shuffled_group_folds(uneven, 4, seed=s) for s in range(6)]
    assert len({tuple(f.tolist()) for f in folds}) == 6
    for f in folds:
        assert np.bincount(f).max() - np.bincount(f).min() <= 20
        for g in set(uneven.tolist()):
            assert len(set(f[uneven == g].tolist())) == 1
    with pytest.raises(ValueError, match="3 distinct groups cannot fill 5 folds"):
        train.shuffled_group_folds(["a", "b", "c", "a"], 5)


def test_graded_cv_repeats_on_new_splits() -> None:
    ts, r = graded_set()
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)},
                          ["bio", "wiki", "science"], C=1.0)
    one = train.graded_cv(recipe, "sci", r, k=4, seed=3)
    other = train.graded_cv(recipe, "sci", r, k=4, seed=4)
    assert one["modes"]["science"] != other["modes"]["science"]  # the seed moves the split
    two = train.graded_cv(recipe, "sci", r, k=4, seed=3, repeats=2)
    assert (two["repeats"], two["seed"], two["k"]) == (2, 3, 4)
    assert np.array_equal(two["certainty"]["science"], one["certainty"]["science"])  # first repetition
    m1, m2 = one["modes"]["science"], other["modes"]["science"]
    assert two["modes"]["science"]["pearson_pooled"] == pytest.approx(
        (m1["pearson_pooled"] + m2["pearson_pooled"]) / 2, abs=1e-4)
    for bad in ({"k": 1}, {"repeats": 0}):
        with pytest.raises(ValueError, match="k >= 2 and repeats >= 1"):
            train.graded_cv(recipe, "sci", r, **bad)


def test_load_training_set_records_every_file_it_reads(tmp_path) -> None:
    """Only .xml, .txt, .json and .jsonl files were recorded: a .tsv or .csv corpus trained a model with
    no training file in its record, so ``benchmark`` on that file listed nothing in ``trained_on`` (an audit)."""
    (tmp_path / "mine.tsv").write_text("text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n", encoding="utf-8")
    (tmp_path / "mine.csv").write_text("text,label\nPerhaps so.,uncertain\nSo it is.,certain\n", encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.tsv").write_text("text\tlabel\nIt might work.\tuncertain\n", encoding="utf-8")
    (folder / "sub" / "b.tsv").write_text("text\tlabel\nIt works.\tcertain\n", encoding="utf-8")
    (folder / "README.md").write_text("not a corpus file\n", encoding="utf-8")
    (folder / ".hidden.tsv").write_text("text\tlabel\nHidden.\tcertain\n", encoding="utf-8")
    ts = train.load_training_set(tmp_path, [("t", "mine.tsv", "tsv"), ("c", "mine.csv", "csv"), ("f", "folder", "tsv")])
    assert ts.texts == ["It may rain.", "It rained.", "Perhaps so.", "So it is.", "It might work.", "It works."]
    assert ts.files == [{"corpus": c, "file": f, "sha256": train.sha256_file(tmp_path / f)}
                        for c, f in (("t", "mine.tsv"), ("c", "mine.csv"), ("f", "folder/a.tsv"), ("f", "folder/sub/b.tsv"))]
    # a link to the folder is recorded under its own path; a file reached twice in it, once
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    (folder / "again.tsv").symlink_to(folder / "a.tsv")
    ts = train.load_training_set(tmp_path, [("l", "link", "tsv")])
    assert [f["file"] for f in ts.files] == ["link/a.tsv", "link/sub/b.tsv"] and len(ts) == 2
    # a pipe is refused with the reader's own message, not as a folder that cannot be listed
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.tsv")
        with pytest.raises(hedgekit.CorpusError, match="not a regular file or a folder"):
            train.load_training_set(tmp_path, [("p", "pipe.tsv", "tsv")])


def test_load_training_set_refuses_a_test_or_evaluation_file_in_a_training_folder(tmp_path) -> None:
    """The training set reads whole folders ("bioscope", "conll2010-wiki"): an official test set
    dropped into one was trained on without a word (an audit)."""
    folder = tmp_path / "conll2010-wiki"
    folder.mkdir()
    (folder / "train_wikiweasel_uncertain_sentences.txt").write_text("It may rain.\n", encoding="utf-8")
    (folder / "train_wikiweasel_certain_sentences.txt").write_text("It rained.\n", encoding="utf-8")
    corpora = [("conll2010-wiki", "conll2010-wiki", "conll-wiki")]
    assert train.load_training_set(tmp_path, corpora).texts == ["It rained.", "It may rain."]
    for bad, word in (("test_wikiweasel_uncertain_sentences.txt", "test"),
                      ("wikiweaselEval_uncertain_sentences.txt", "eval"),
                      ("held-out_uncertain_sentences.txt", "heldout")):
        (folder / bad).write_text("Some say it will rain.\n", encoding="utf-8")
        with pytest.raises(hedgekit.ArgumentError, match=rf"corpus 'conll2010-wiki': conll2010-wiki/{bad} in its folder "
                                                         rf".* is named as a test or evaluation set \('{word}'\); a "
                                                         "training folder may not hold one"):
            train.load_training_set(tmp_path, corpora)
        (folder / bad).unlink()
    # a folder so named inside the corpus's folder too
    (tmp_path / "tsv" / "test").mkdir(parents=True)
    (tmp_path / "tsv" / "test" / "a.tsv").write_text("text\tlabel\nIt may.\tuncertain\n", encoding="utf-8")
    with pytest.raises(hedgekit.ArgumentError, match="tsv/test/a.tsv in its folder"):
        train.load_training_set(tmp_path, [("t", "tsv", "tsv")])
    # words that merely hold the letters are no such names; a file named as the corpus is read as named,
    # and so is a folder whose own name (above the corpus's folder) says test
    (tmp_path / "tsv" / "test" / "a.tsv").unlink()
    for fine in ("testimonies.tsv", "lab-tests.tsv", "retrieval_contest.tsv", "evaluative.tsv"):
        (tmp_path / "tsv" / fine).write_text("text\tlabel\nIt may.\tuncertain\n", encoding="utf-8")
    assert len(train.load_training_set(tmp_path, [("t", "tsv", "tsv")])) == 4
    (tmp_path / "wiki_test.tsv").write_text("text\tlabel\nIt may.\tuncertain\n", encoding="utf-8")
    assert len(train.load_training_set(tmp_path, [("t", "wiki_test.tsv", "tsv")])) == 1
    (tmp_path / "tsv" / "test" / "b.tsv").write_text("text\tlabel\nIt may.\tuncertain\n", encoding="utf-8")
    assert len(train.load_training_set(tmp_path / "tsv", [("t", "test", "tsv")])) == 1


def test_graded_corpora_load_pei_jurgens_as_soft_targets() -> None:
    from conftest import require_shared

    root = require_shared("corpora")
    require_shared("corpora", "pei-jurgens-certainty")
    ts = train.load_training_set(root, train.GRADED_CORPORA)
    pj = np.flatnonzero(np.asarray(ts.corpus) == "pei-jurgens")
    assert len(pj) == 1139 and ts.target is not None
    assert ((ts.target[pj] > 0) & (ts.target[pj] < 1)).any()
    assert np.array_equal(ts.y[pj], (ts.target[pj] >= 0.5).astype(np.int8))  # rating <= 3.5
    other = np.flatnonzero(np.asarray(ts.corpus) != "pei-jurgens")
    assert np.array_equal(ts.target[other], ts.y[other].astype(float))


def test_shipped_file_changes_names_each_file_missing_added_or_changed() -> None:
    shipped = [{"corpus": "bio", "file": "bio/a.xml", "sha256": "sha256:1"},
               {"corpus": "bio", "file": "bio/b.xml", "sha256": "sha256:2"},
               {"corpus": "wiki", "file": "wiki/w.txt", "sha256": "sha256:3"}]
    assert train.shipped_file_changes(shipped, shipped) == []
    now = [{"corpus": "bio", "file": "bio/a.xml", "sha256": "sha256:9"},
           {"corpus": "bio", "file": "bio/new.xml", "sha256": "sha256:4"},
           {"corpus": "wiki", "file": "wiki/w.txt", "sha256": "sha256:3"}]
    lines = train.shipped_file_changes(now, shipped)
    assert len(lines) == 3
    assert "bio/a.xml differs" in lines[0] and "SHA-256" in lines[0]
    assert "bio/b.xml was read to train the shipped model but is not here" in lines[1]
    assert lines[2].startswith("corpus 'bio': bio/new.xml is not one of the files")


def test_the_shared_corpora_are_the_files_the_shipped_model_was_trained_on() -> None:
    from conftest import require_shared

    root = require_shared("corpora")
    require_shared("corpora", "pei-jurgens-certainty")
    assert train.shipped_file_changes(train.load_training_set(root, train.GRADED_CORPORA).files) == []


def test_retraining_on_a_corpus_folder_with_a_file_missing_or_added_says_so_before_training(
        tmp_path, monkeypatch, caplog) -> None:
    """A corpus read from a folder (BioScope, the CoNLL-2010 lists) trained silently on whatever the
    folder held: without full_papers.xml, or with a stray file in it."""
    from conftest import require_shared

    root = require_shared("corpora")
    require_shared("corpora", "pei-jurgens-certainty")
    mine = tmp_path / "corpora"
    for _, rel, _ in train.GRADED_CORPORA:
        src = root / rel
        for f in (sorted(src.iterdir()) if src.is_dir() else [src]):
            if f.name != "full_papers.xml":
                (mine / f.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
                (mine / f.relative_to(root)).symlink_to(f)
    (mine / "bioscope" / "extra.xml").symlink_to(root / "bioscope" / "full_papers.xml")

    def stop(*a: Any, **kw: Any) -> None:
        raise SystemExit(0)

    monkeypatch.setattr(train, "train_model", stop)
    with caplog.at_level("WARNING", logger="hedgekit.train"), pytest.raises(SystemExit):
        train.train_shipped(mine, tmp_path / "m.json.gz")
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert said == ["corpus 'bioscope': bioscope/full_papers.xml was read to train the shipped model but is not "
                    "here: the model is trained without it",
                    "corpus 'bioscope': bioscope/extra.xml is not one of the files the shipped model was trained on: "
                    "it is trained on too"]


def test_conll_sentences_split_differently_share_their_szeged_partners_document() -> None:
    from conftest import require_shared

    root = require_shared("corpora")
    ts = train.load_training_set(root, train.SHIPPED_CORPORA)
    corpus, groups = np.asarray(ts.corpus), np.asarray(ts.groups)
    conll = np.flatnonzero(corpus == "conll2010-wiki")
    szeged_docs = set(groups[corpus == "szeged-wiki"].tolist())
    keys = {train._link_key(ts.texts[i]) for i in np.flatnonzero(corpus == "szeged-wiki")}
    twinless = [i for i in conll if train._link_key(ts.texts[i]) not in keys]
    pieces = [i for i in twinless if groups[i] in szeged_docs]
    assert (len(conll), len(twinless), len(pieces)) == (7343, 598, 517)
    assert all(groups[i].startswith("conll2010-wiki/#") for i in twinless if i not in set(pieces))
    # a piece's text is inside a sentence of its group (or holds one)
    by_doc: dict[str, list[str]] = {}
    for i in np.flatnonzero(corpus == "szeged-wiki"):
        by_doc.setdefault(groups[i], []).append(train._link_key(ts.texts[i]))
    for i in pieces[:50]:
        k = train._link_key(ts.texts[i])
        assert any(k in s or s in k for s in by_doc[groups[i]]), ts.texts[i]


def test_expert_thresholds_use_the_membership_of_the_given_rows() -> None:
    # Regression: thresholds() took the membership of rows 0..n-1 instead of ``rows`` (an inner CV
    # fold), so an expert whose corpus comes last was judged on nothing (or on the wrong sentences).
    base = toy_set()
    order = np.argsort(np.asarray(base.corpus), kind="stable")  # all "bio" first, then all "wiki"
    ts = train.TrainingSet([base.texts[i] for i in order], base.y[order], [base.groups[i] for i in order],
                           [base.corpus[i] for i in order])
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"], C=1.0)
    rows = np.flatnonzero(np.asarray(ts.corpus) == "wiki")[::2]  # fewer rows than "bio" sentences
    y = recipe.y[rows]
    p = np.where(y == 1, 0.8, 0.3)  # separable at any cut in (0.3, 0.8)
    t = recipe.thresholds(rows, {AUTO: p, "wiki": p})
    assert 0.3 < t["wiki"] < 0.8 and 0.3 < t[AUTO] < 0.8


def test_best_threshold_judges_its_cuts_as_clipped_when_scores_are_exactly_zero() -> None:
    """(a review) the cut below a score of exactly 0 was judged as 'all uncertain' and returned
    clipped to 1e-6, where the zeros are certain: F1 0.667 where 0.8 was to be had."""
    y, p = np.array([1, 1, 1, 0]), np.array([0.9, 0.5, 0.0, 0.2])
    for tolerance in (0.0, train.THRESHOLD_TOLERANCE):
        t = train.best_threshold(y, p, tolerance)
        assert train.prf(y, (p >= t).astype(int))["f1"] == pytest.approx(0.8) and t == pytest.approx(0.35)
    # without a 0 or 1 the cuts are those of before: midpoints between neighbouring scores
    assert train.best_threshold(np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.4])) == pytest.approx(0.5)


def test_macro_threshold_returns_a_best_threshold_when_scores_are_exactly_zero() -> None:
    """(an audit) with a score of exactly 0 (Recipe.predict gives a blank sentence 0.0) the cut below
    it, 0, tied for the best and was returned clipped to 1e-6, where the sentences at 0 are certain:
    F1 0.4 where 0.667 was to be had."""
    y, p = np.array([0, 1, 0, 1]), np.array([0.3, 0.9, 0.1, 0.0])
    t = train.best_macro_threshold(y, p, ["a"] * 4)
    f1 = train.prf(y, (p >= t).astype(int))["f1"]
    best = max(train.prf(y, (p >= c).astype(int))["f1"] for c in (1e-6, 0.05, 0.2, 0.6, 0.95))
    assert f1 == pytest.approx(best) == pytest.approx(2 / 3) and 1e-6 <= t <= 1 - 1e-6


def test_macro_threshold_weighs_every_corpus_equally() -> None:
    # A big corpus "a" wants a high cut (its certain sentences score 0.5), a small corpus "b" a low
    # one (its uncertain sentences score 0.3): pooled F1 follows "a", the macro rule finds the cut
    # that serves both best.
    y = np.r_[np.tile([1, 0], 50), [1, 1, 0, 0]]
    p = np.r_[np.tile([0.9, 0.5], 50), [0.3, 0.3, 0.1, 0.1]]
    corpus = ["a"] * 100 + ["b"] * 4
    pooled = train.best_threshold(y, p)
    macro = train.best_macro_threshold(y, p, corpus)
    assert 0.5 < pooled < 0.9
    f = lambda t: np.mean([train.prf(y[s], (p[s] >= t).astype(int))["f1"]
                           for s in (slice(0, 100), slice(100, 104))])
    assert f(macro) >= f(pooled) and f(macro) == pytest.approx(max(f(t) for t in (0.05, 0.2, 0.4, 0.7)))
    ts = toy_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    with pytest.raises(ValueError, match="threshold_rule"):
        train.Recipe(ts, design, {"bio": ("bio",)}, ["bio"], threshold_rule="median")
    m, _ = train.train_model(ts, experts={"bio": ("bio",), "wiki": ("wiki",)}, k=3, inner_k=0,
                             threshold_rule="macro")
    assert "mean over corpora" in m.training["threshold_rule"]


def test_auto_threshold_ignores_corpora_of_ungated_experts() -> None:
    ts, _ = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)},
                          ["bio", "wiki"], C=1.0)
    rows = np.arange(len(ts))
    sci = np.asarray(ts.corpus) == "sci"
    p = np.linspace(0.05, 0.95, len(ts))[np.argsort(np.argsort(recipe.y * 2 + np.arange(len(ts)) % 2))]
    p[sci] = np.where(recipe.y[sci] == 1, 0.1, 0.9)  # the ungated corpus, scored backwards
    t = recipe.thresholds(rows, {AUTO: p})
    assert t[AUTO] == train.best_threshold(recipe.y[~sci], p[~sci])
    assert t[AUTO] != train.best_threshold(recipe.y, p)


def test_ridge_and_feature_scale_change_only_their_expert() -> None:
    ts, r = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    experts = {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci", "bio")}
    gate = ["wiki", "science"]
    rows = np.arange(len(ts))
    base = train.Recipe(ts, design, experts, gate, C=1.0).fit(rows)
    # ridge and feature scale act on the named expert alone; its scores still track the ratings
    rr = train.Recipe(ts, design, experts, gate, C=1.0, ridge_alpha={"science": 1.0},
                      feature_scale={"science": {"cues": 3.0, "priors": 3.0}})
    fitted = rr.fit(rows)
    assert np.array_equal(base[1][:, :2], fitted[1][:, :2]) and np.array_equal(base[1][:, 3:], fitted[1][:, 3:])
    assert not np.allclose(base[1][:, 2], fitted[1][:, 2])
    sci = np.flatnonzero(np.asarray(ts.corpus) == "sci")
    assert np.corrcoef(1 - rr.predict(fitted, sci)["science"], r)[0, 1] > 0.8
    for bad in ({"ridge_alpha": {"nope": 1.0}}, {"feature_scale": {"science": {"trigrams": 2.0}}},
                {"feature_scale": {"science": {"cues": 0.0}}}):
        with pytest.raises(ValueError):
            train.Recipe(ts, design, experts, gate, **bad)


def test_gated_experts_learn_lexicon_categories_and_priors_at_a_lighter_penalty() -> None:
    """By default a gated logistic expert fits a cue's category (k:) and the lexicon priors (lex:)
    scaled x2 (DEFAULT_FEATURE_SCALE): that is the same as fitting weights w/2 on them under the
    same penalty, so the learnt weights equal a fit on the columns doubled, and an ungated expert
    (a corpus's own notion) is fitted as it is; {} turns the scale off."""
    from scipy import sparse

    ts, _ = graded_set()
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    experts = {"bio": ("bio",), "wiki": ("wiki",)}
    recipe = train.Recipe(ts, design, experts, ["bio"], C=1.0)
    assert recipe.feature_scale == {"bio": train.DEFAULT_FEATURE_SCALE} == {"bio": {"categories": 2.0, "priors": 2.0}}
    names = np.array(design.names, dtype=object)
    scaled = np.array([n.startswith(("k:", "lex:")) for n in names])
    assert scaled.any() and not any(n.startswith("c:") for n in names[scaled])
    rows = np.arange(len(ts))
    cols, coef, _ = recipe.fit(rows)
    # by hand: the bio expert's logistic regression on its columns with k:/lex: doubled
    sel = np.flatnonzero(recipe.members["bio"])
    X = design.X[:, cols][sel] @ sparse.diags(np.where(scaled[cols], 2.0, 1.0))
    clf = train._lr(1.0).fit(X, recipe.y[sel])
    w = clf.coef_[0] * np.where(scaled[cols], 2.0, 1.0)
    w[recipe.nonpositive[cols]] = np.minimum(w[recipe.nonpositive[cols]], 0.0)
    assert np.allclose(coef[:, 0], train._round(w), atol=1e-5)
    # the ungated expert, and a gated one told {}, are the plain fit
    off = train.Recipe(ts, design, experts, ["bio"], C=1.0, feature_scale={"bio": {}}).fit(rows)
    assert np.array_equal(off[1][:, 1], coef[:, 1]) and not np.allclose(off[1][:, 0], coef[:, 0])
    with pytest.raises(ValueError, match="groups of"):
        train.Recipe(ts, design, experts, ["bio"], feature_scale={"bio": {"lexicon": 2.0}})


def test_an_ungated_graded_expert_leaves_the_other_experts_and_folds_unchanged() -> None:
    # Adding a graded corpus for an ungated expert must not move what the shipped experts and the
    # gate learn (their columns are the features frequent in *their* corpora) nor their folds.
    base = toy_set()
    ts, _ = graded_set()
    sci = np.asarray(ts.corpus) == "sci"
    ts.texts = [t + " Our cohort findings." if s else t for t, s in zip(ts.texts, sci)]  # sci-only words
    # ... and "cohort" once in a bio sentence: too rare there to be a column of the shared experts
    base.texts[1] = ts.texts[1] = base.texts[1] + " A cohort."
    lex = hedgekit.load_lexicon()
    experts = {"bio": ("bio",), "wiki": ("wiki",)}
    folds_base, folds = train.make_folds(base, k=4), train.make_folds(ts, k=4)
    assert np.array_equal(folds[~sci], folds_base) and set(folds[sci].tolist()) == {0, 1, 2, 3}
    assert train.graded_corpora(ts) == ["sci"] and train.graded_corpora(base) == []

    def fitted(t: train.TrainingSet, ex: dict) -> dict[str, np.ndarray]:
        design = train.Design(train.featurize_all(t.texts, lex, FeatureConfig()))
        recipe = train.Recipe(t, design, ex, ["bio", "wiki"], C=1.0, ridge_alpha={"science": 1.0} if "science" in ex else None)
        cols, coef, intercept = recipe.fit(np.arange(len(t)))
        names = [design.names[c] for c in cols]
        inner = recipe.inner_thresholds(np.arange(len(t)), 3)
        return {"names": names, "coef": coef, "intercept": intercept, "inner": inner}

    a = fitted(base, experts)
    b = fitted(ts, {**experts, "science": ("sci",)})
    assert "w:cohort" in b["names"] and "w:cohort" not in a["names"] and "w:findings" in b["names"]
    at = [b["names"].index(n) for n in a["names"]]
    # columns: bio, wiki, (science), the two gate columns; the shared experts and the gate are bit-identical
    keep = [0, 1, 3, 4]
    assert np.array_equal(b["coef"][at][:, keep], a["coef"])
    assert np.array_equal(b["intercept"][keep], a["intercept"])
    only_sci = [i for i, n in enumerate(b["names"]) if n not in set(a["names"])]
    assert not b["coef"][only_sci][:, keep].any() and b["coef"][only_sci][:, 2].any()
    # the inner CV that picks each fold's thresholds splits the other sentences as before, too
    assert {m: b["inner"][m] for m in a["inner"]} == a["inner"] and "science" in b["inner"]


def test_fold_correlations_mean_and_sd_over_folds() -> None:
    s = train.fold_correlations([(0.6, 0.5), (0.8, 0.7), (0.7, 0.9)])
    assert s == {"pearson": 0.7, "pearson_std": 0.1, "spearman": 0.7, "spearman_std": 0.2}


def test_the_recorded_command_is_the_one_that_ran(tmp_path, monkeypatch, capsys) -> None:
    """Both retraining commands record how they were run (the shipped model's own is
    train.SHIPPED_COMMAND); they once recorded that fixed command whatever the options."""
    from hedgekit import cli

    seen: list[str] = []

    def fake(corpora, out, **kw):
        seen.append(kw["command"])
        raise SystemExit(0)  # stop before any training

    monkeypatch.setattr(train, "train_shipped", fake)
    monkeypatch.setattr(train, "corpora_missing", lambda *a: False)
    with pytest.raises(SystemExit):
        train.main(["--corpora", str(tmp_path / "mini"), "--out", str(tmp_path / "m.json.gz"), "--C", "0.3",
                    "--folds", "3"])
    monkeypatch.setattr(train, "default_corpora_dir", lambda: tmp_path / "mini")
    with pytest.raises(SystemExit):
        train.main(["--corpora", str(tmp_path / "mini"), "--out", "hedgekit/data/model.json.gz"])
    cli.main(["train", "--corpora", str(tmp_path / "mini"), "--out", str(tmp_path / "m.json"), "--min-df", "3"])
    assert seen == [f"python -m hedgekit.train --corpora {tmp_path / 'mini'} --out {tmp_path / 'm.json.gz'} --C 0.3 "
                    "--folds 3", train.SHIPPED_COMMAND,
                    f"hedgekit train --corpora {tmp_path / 'mini'} --out {tmp_path / 'm.json'} --min-df 3"]


def test_a_corpus_absent_from_a_fold_scores_no_f1_there() -> None:
    """With fewer documents of a corpus than folds, some folds hold none of it: they are left out of
    its mean (they counted as F1 0, and an expert that never trains on it got an all-zero row)."""
    ts = toy_set(12)
    rows = [i for i, (g, c) in enumerate(zip(ts.groups, ts.corpus)) if c == "wiki" or g in ("doc1", "doc3")]
    small = train.TrainingSet([ts.texts[i] for i in rows], ts.y[rows], [ts.groups[i] for i in rows],
                              [ts.corpus[i] for i in rows])  # 2 "bio" documents, 6 "wiki" ones
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(small.texts, lex, FeatureConfig()))
    recipe = train.Recipe(small, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"], C=1.0)
    rep = train.cross_validate(recipe, k=4, inner_k=0)
    bio = rep["corpora"]["bio"]
    assert bio[AUTO]["folds"] == 2 and bio["bio"]["folds"] == 2  # the folds that held a bio document
    assert "wiki" not in bio  # the wiki expert never trains on bio: no row, not a row of zeros
    assert "folds" not in rep["corpora"]["wiki"][AUTO]  # in every fold
    assert bio[AUTO]["f1"] > 0.5


def test_graded_folds_without_a_defined_correlation_do_not_count() -> None:
    """A fold of equal ratings (or of one sentence) has no correlation: it is left out, and the
    report stays free of NaN, so the model file that records it can be written and read back."""
    ts, r = graded_set(4)
    sci = np.flatnonzero(np.asarray(ts.corpus) == "sci")
    groups = np.asarray(ts.groups, dtype=object)
    groups[sci] = [f"sci/doc{i % 8}" for i in range(len(sci))]  # 8 documents, one per fold below
    r = np.where(np.arange(len(sci)) % 8 < 4, 4.0, r)  # documents 0-3 rated all alike: no correlation
    ts = train.TrainingSet(ts.texts, ts.y, list(groups), ts.corpus, target=ts.targets())
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)},
                          ["bio", "wiki"], C=1.0)
    rep = train.graded_cv(recipe, "sci", r, k=8)
    science = rep["modes"]["science"]
    assert science["folds"] == 4 and science["pearson"] is not None
    values = [v for m in rep["modes"].values() for v in m.values() if isinstance(v, float)]
    assert values and not any(np.isnan(values))
    assert train.fold_correlations([]) == {"pearson": None, "pearson_std": None, "spearman": None,
                                           "spearman_std": None}
    assert train.fold_correlations([(0.5, 0.4)])["pearson_std"] == 0.0


def test_a_model_holding_nan_is_not_written(tmp_path) -> None:
    from hedgekit.model import HedgeModel

    model = HedgeModel.linear({"w:may": 1.0}, -1.0, 0.5, FeatureConfig(), hedgekit.load_lexicon().hash)
    bad = HedgeModel(model.features, model.coef, model.intercept, model.experts, model.gate, model.thresholds,
                     model.feature_config, model.lexicon_hash, {"cross_validation": {"pearson": float("nan")}})
    with pytest.raises(hedgekit.ModelError, match="not written: the model holds NaN"):
        bad.save(tmp_path / "m.json")
    assert not (tmp_path / "m.json").exists()


def test_fold_counts_are_checked_with_their_own_names() -> None:
    """scikit-learn's messages speak of n_splits; these name k and inner_k."""
    ts = toy_set(4)
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",)}, ["bio", "wiki"], C=1.0)
    for kwargs, message in (({"k": 1}, "k .cross-validation folds. must be an integer >= 2, got 1"),
                            ({"k": 3.0}, "got 3.0"), ({"k": 3, "inner_k": 1}, "inner_k .* got 1"),
                            ({"k": 3, "inner_k": -1}, "inner_k")):
        with pytest.raises(hedgekit.ArgumentError, match=message):
            train.cross_validate(recipe, **kwargs)
    with pytest.raises(hedgekit.ArgumentError, match="threshold_repeats must be an integer >= 1, got 2.5"):
        train.train_model(ts, k=2, threshold_repeats=2.5)
    with pytest.raises(hedgekit.ArgumentError, match="k .cross-validation folds."):
        train.train_model(ts, k=0)


def test_recipe_numbers_are_checked_before_anything_is_fitted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad C, C_gate, gate_temperature, min_df, ridge_alpha or feature_scale is an ArgumentError
    naming it, raised before featurizing (scikit-learn or numpy used to say it, mid-fit, in their
    own words); an infinite gate temperature used to be accepted."""
    ts = toy_set(4)
    experts = {"bio": ("bio",), "wiki": ("wiki",)}
    cases = [({"C": 0}, r"C must be a finite number > 0, got 0"), ({"C": "1"}, r"C must .* got '1'"),
             ({"C": float("nan")}, "C must"), ({"C": {"bio": -1.0, "wiki": 1.0}}, r"C\['bio'\] must .* got -1.0"),
             ({"C": {"bio": 1.0, "wiki": 1.0, "news": 1.0}}, r"C names \['news'\], not experts"),
             ({"C_gate": float("inf")}, "C_gate must"), ({"gate_temperature": float("nan")}, "gate_temperature must"),
             ({"gate_temperature": "2"}, "gate_temperature must"), ({"min_df": 0}, "min_df .* got 0"),
             ({"min_df": 2.0}, "min_df .* got 2.0"), ({"ridge_alpha": {"bio": -1}}, r"ridge_alpha\['bio'\] must"),
             ({"ridge_alpha": 1.0}, "ridge_alpha must map expert names"),
             ({"feature_scale": {"bio": {"cues": "2"}}}, r"feature_scale\['bio'\]")]
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    for kwargs, message in cases:
        with pytest.raises(hedgekit.ArgumentError, match=message):
            train.Recipe(ts, design, experts, ["bio", "wiki"], **kwargs)
    def no_featurizing(*args: object, **kwargs: object) -> None:
        raise AssertionError("featurized before the arguments were checked")
    monkeypatch.setattr(train, "featurize_all", no_featurizing)
    for kwargs, message in cases[:-1]:  # (the feature scales: the Recipe checks them)
        with pytest.raises(hedgekit.ArgumentError, match=message):
            train.train_model(ts, experts=experts, k=2, **kwargs)
    for bad in (1.5, 0.0, 1.0):  # 0 and 1 trained the whole model, then the model refused them
        with pytest.raises(hedgekit.ArgumentError, match=r"threshold must be a number in \(0, 1\)"):
            train.fit_model(ts, threshold=bad)
    with pytest.raises(hedgekit.ArgumentError, match="C must"):
        train.fit_model(ts, C=-1)


def test_a_group_spanning_binary_and_graded_corpora_stays_in_one_fold() -> None:
    """Graded corpora are split on their own, but a group may hold sentences of both kinds (the same
    document rated and labelled; the shipped set links two Pei & Jurgens findings to their Szeged
    Wikipedia documents): its graded sentences go to the group's fold, and the binary folds stay
    as they are without the graded corpus (the group used to be cut across folds)."""
    ts, _ = graded_set()
    sci = np.flatnonzero(np.asarray(ts.corpus) == "sci")
    groups = list(ts.groups)
    for i in sci[:6]:
        groups[i] = "doc3"  # rated findings from a binary corpus's document
    shared = train.TrainingSet(ts.texts, ts.y, groups, ts.corpus, target=ts.target)
    n_binary = len(toy_set())
    for seed in range(5):
        folds = train.make_folds(shared, k=4, seed=seed)
        assert len(set(folds[np.asarray(groups) == "doc3"].tolist())) == 1, seed
        assert set(folds[sci].tolist()) == {0, 1, 2, 3}
        assert np.array_equal(folds[:n_binary], train.make_folds(toy_set(), k=4, seed=seed))
    # without a shared group the graded corpus is still split on its own (the other folds unchanged)
    assert np.array_equal(train.make_folds(ts, k=4)[: len(toy_set())], train.make_folds(toy_set(), k=4))


def test_conflicting_labels_counts_distinct_sentences_with_both_labels():
    """One count for train --data and HedgeClassifier (train --data had counted only sentences
    without a document, so a sentence labelled both ways in two documents went unreported)."""
    texts = ["It may rain.", "it may rain", "It rained.", "It rained!", "It rained.", "...", "!!!"]
    assert train.conflicting_labels(texts, [1, 0, 0, 0, 1, 1, 0]) == 2
    assert train.conflicting_labels(texts, [1, 1, 0, 0, 0, 1, 0]) == 0  # (no letters: never a copy)


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")  # (3 uncertain in 5 folds: the point)
def test_a_fold_without_uncertain_sentences_does_not_count_as_recall_zero() -> None:
    """A small corpus whose folds held no uncertain sentence got precision, recall and F1 of 0 in
    those folds, averaged in: a classifier right on every sentence read F1 0.6 ± 0.55."""
    texts, y, groups, corpus = [], [], [], []
    for i in range(100):  # corpus a: balanced
        u = i % 2 == 0
        texts.append(("It may possibly rain on day %d." if u else "It rained on day %d.") % i)
        y.append(int(u)), groups.append(f"a{i}"), corpus.append("a")
    for i in range(40):  # corpus b: 3 uncertain sentences of 40
        u = i < 3
        texts.append(("Perhaps it may possibly snow in town %d." if u else "It snowed in town %d.") % i)
        y.append(int(u)), groups.append(f"b{i}"), corpus.append("b")
    ts = train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus)
    recipe = train.Recipe(ts, train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig())),
                          {"x": ("a", "b")}, ["x"])
    cv = train.cross_validate(recipe, k=5, inner_k=2)
    b = cv["corpora"]["b"]["auto"]
    folds = train.make_folds(ts, 5)
    with_uncertain = len({f for f, label, c in zip(folds, y, corpus) if c == "b" and label})
    assert with_uncertain < 5 and b["recall_folds"] == with_uncertain
    assert (b["precision"], b["recall"], b["f1"]) == (1.0, 1.0, 1.0)
    summary = train.fold_summary([{"precision": 1.0, "recall": np.nan, "f1": np.nan}] * 2)
    assert summary == {"precision": 1.0, "precision_std": 0.0, "recall": 0.0, "recall_std": 0.0, "recall_folds": 0,
                       "f1": 0.0, "f1_std": 0.0, "f1_folds": 0}


def test_a_partial_C_mapping_and_an_expert_without_sentences_are_said_to_be_so() -> None:
    """C={"a": 1.0} for experts a and b ended in a bare KeyError('b') mid-run; an expert whose only
    document sat in the test fold was said to have '0 training sentence(s) ... all certain'."""
    with pytest.raises(hedgekit.ArgumentError, match=r"C, a mapping, must give every expert its C: \['b'\] missing"):
        train.check_hyperparameters(C={"a": 1.0}, experts=["a", "b"])
    ts = toy_set(12)
    rows = [i for i, (g, c) in enumerate(zip(ts.groups, ts.corpus)) if c == "wiki" or g == "doc1"]
    small = train.TrainingSet([ts.texts[i] for i in rows], ts.y[rows], [ts.groups[i] for i in rows],
                              [ts.corpus[i] for i in rows])  # "bio" has one document
    with pytest.raises(train.OneClassError, match="cannot fit expert 'bio': no training sentences in this fold"):
        train.train_model(small, k=3, inner_k=0, threshold_repeats=1)


def test_the_command_line_refuses_bad_options_before_reading_anything(tmp_path, capsys) -> None:
    """An unwritable --out failed only at model.save, after the whole training; --folds 1 or --C -1
    ended in a traceback."""
    for argv, message in ((["--out", str(tmp_path / "no" / "such" / "m.json.gz")], "is not a folder this process "
                                                                                   "can write to"),
                          (["--folds", "1"], "k .cross-validation folds. must be an integer >= 2, got 1"),
                          (["--C", "-1"], "C must be a finite number > 0, got -1.0"),
                          (["--min-df", "0"], r"min_df \(.*\) must be an integer >= 1, got 0")):
        with pytest.raises(SystemExit) as info:
            train.main(["--corpora", str(tmp_path / "no-corpora"), *argv])
        assert info.value.code == 2, argv
        assert re.search(message, capsys.readouterr().err), argv


def test_rating_targets_and_group_folds_refuse_what_they_cannot_use() -> None:
    """rating_target(nan) returned nan (the docstring says clipped to [0, 1]); a scale of one value
    divided by zero; shuffled_group_folds(g, 0) failed inside numpy."""
    assert train.rating_target(4.5) == pytest.approx(0.3) and train.rating_target(7.0) == 0.0
    for bad, message in ((lambda: train.rating_target(float("nan")), "rating must be a finite number"),
                         (lambda: train.rating_target(3, 3, 3), "the rating scale must run from low to a higher"),
                         (lambda: train.shuffled_group_folds(["a", "b", "c"], 0), r"k \(cross-validation folds\) must be an integer >= 2"),
                         (lambda: train.shuffled_group_folds(["a", "b", "c"], 2.5), r"k \(cross-validation folds\) must be an integer >= 2")):
        with pytest.raises(hedgekit.ArgumentError, match=message):
            bad()


def test_folds_need_as_many_documents_as_folds() -> None:
    """6 sentences in 6 documents with k=10 ended in scikit-learn's 'n_splits=10 greater than the
    number of samples'."""
    ts = train.TrainingSet(["It may rain.", "It rained.", "Perhaps.", "Yes.", "Maybe so.", "So."],
                           np.array([1, 0, 1, 0, 1, 0], dtype=np.int8), [f"d{i}" for i in range(6)], ["c"] * 6)
    with pytest.raises(hedgekit.ArgumentError, match="10 cross-validation folds need at least 10 documents .* have 6"):
        train.make_folds(ts, 10)
    assert sorted(set(train.make_folds(ts, 3).tolist())) == [0, 1, 2]


def test_merge_twin_groups_joins_documents_that_share_a_sentence() -> None:
    texts = ["The committee may have approved the plan.", "It rained on Monday in the city.",
             "The committee may have approved the plan!",  # a copy in doc2 (same letters and digits)
             "Prices rose sharply across the region.", "Prices rose sharply across the region.",  # doc3, doc4
             "Snow fell on Tuesday in the north.", "Prices rose sharply across the region",  # doc5 and doc4
             "Methods.", "Methods."]  # too short to be a twin
    groups = ["doc1", "doc1", "doc2", "doc3", "doc4", "doc5", "doc5", "doc6", "doc7"]
    merged = train.merge_twin_groups(texts, groups)
    assert merged == ["doc1", "doc1", "doc1", "doc3", "doc3", "doc3", "doc3", "doc6", "doc7"]
    assert train.merge_twin_groups(texts[:2], groups[:2]) == groups[:2]  # nothing shared: names kept
    assert train.merge_twin_groups(texts, groups, min_len=5)[7:] == ["doc6", "doc6"]
    # transitive through a later link: doc8 and doc9 are joined by doc10, named after the first seen
    t = ["A first sentence of some length.", "A second sentence of some length.",
         "A first sentence of some length.", "A second sentence of some length."]
    assert train.merge_twin_groups(t, ["doc9", "doc8", "doc10", "doc10"]) == ["doc9"] * 4


def test_shipped_training_set_never_puts_one_sentence_in_two_folds() -> None:
    """Szeged Wikipedia holds some articles twice under two ids, and BioScope some sentences in two
    documents: each sentence was its own document's, so 237 distinct texts (652 sentences) were in
    more than one of the 10 folds, and cross-validation scored sentences it had trained on."""
    from conftest import require_shared

    root = require_shared("corpora")
    ts = train.load_training_set(root, train.SHIPPED_CORPORA)
    folds = train.make_folds(ts)
    fold_of: dict[str, set[int]] = {}
    for t, f in zip(ts.texts, folds.tolist()):
        if len(train._link_key(t)) >= train.MIN_PIECE:
            fold_of.setdefault(train._link_key(t), set()).add(f)
    assert all(len(v) == 1 for v in fold_of.values())
    assert len(set(ts.groups)) == 3424
    groups = dict(zip(ts.texts, ts.groups))
    assert groups["False allegation of child sexual abuse"] == "szeged-wiki/False allegation of child sexual abuse_1670"


def _spy_fits(monkeypatch: pytest.MonkeyPatch, recipe: train.Recipe) -> list[tuple[np.ndarray, np.ndarray]]:
    """Record (fitted rows, predicted rows) of every fit-then-predict of ``recipe``."""
    calls: list[tuple[np.ndarray, np.ndarray]] = []
    fit, predict = recipe.fit, recipe.predict
    fitted_rows: dict[int, np.ndarray] = {}

    def spy_fit(rows: np.ndarray) -> Any:
        out = fit(rows)
        fitted_rows[id(out)] = np.asarray(rows)
        return out

    def spy_predict(fitted: Any, rows: np.ndarray) -> Any:
        calls.append((fitted_rows[id(fitted)], np.asarray(rows)))
        return predict(fitted, rows)

    monkeypatch.setattr(recipe, "fit", spy_fit)
    monkeypatch.setattr(recipe, "predict", spy_predict)
    return calls


def _linked_graded_recipe(doc: str = "doc3", n: int = 6) -> tuple[train.Recipe, np.ndarray, list[str]]:
    """The graded toy set with ``n`` rated findings put in a binary corpus's document ``doc``."""
    ts, r = graded_set()
    groups = list(ts.groups)
    for i in np.flatnonzero(np.asarray(ts.corpus) == "sci")[:n]:
        groups[i] = doc
    ts = train.TrainingSet(ts.texts, ts.y, groups, ts.corpus, target=ts.target)
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    recipe = train.Recipe(ts, design, {"bio": ("bio",), "wiki": ("wiki",), "science": ("sci",)},
                          ["bio", "wiki", "science"], C=1.0)
    return recipe, r, groups


def test_graded_cv_does_not_train_on_a_held_out_findings_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """graded_cv trained every fold on all the other corpora, so the binary sentences of a document
    whose rated findings were held out (two Pei & Jurgens findings are Szeged Wikipedia sentences)
    were trained on."""
    recipe, r, groups = _linked_graded_recipe()
    calls = _spy_fits(monkeypatch, recipe)
    g = np.asarray(groups)
    train.graded_cv(recipe, "sci", r, k=4)
    assert len(calls) == 4
    for fitted, scored in calls:
        assert not set(g[fitted].tolist()) & set(g[scored].tolist())
    assert any("doc3" in set(g[scored].tolist()) for _, scored in calls)


def test_inner_thresholds_keep_a_group_spanning_binary_and_graded_corpora_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The inner CV split graded and binary sentences on their own and did not join them again, so
    a document's findings and its labelled sentences could land in two inner folds."""
    for doc, n in (("doc3", 6), ("doc0", 30), ("doc7", 12)):
        recipe, _, groups = _linked_graded_recipe(doc, n)
        calls = _spy_fits(monkeypatch, recipe)
        g = np.asarray(groups)
        recipe.inner_thresholds(np.arange(len(groups)), 3)
        assert len(calls) == 3
        for fitted, scored in calls:
            assert not set(g[fitted].tolist()) & set(g[scored].tolist()), (doc, n)


def test_merge_twin_groups_refuses_unnamed_groups_and_joins_long_chains() -> None:
    with pytest.raises(hedgekit.ArgumentError, match="non-empty string, got ''"):
        train.merge_twin_groups(["A first sentence of some length."] * 2, ["doc1", ""])
    with pytest.raises(hedgekit.ArgumentError, match="got None"):
        train.merge_twin_groups(["A first sentence of some length."], [None])  # type: ignore[list-item]
    with pytest.raises(hedgekit.ArgumentError, match="2 texts but 1 groups"):
        train.merge_twin_groups(["a", "b"], ["doc1"])
    # a chain doc0 - doc1 - ... linked in the order that makes naive root-following quadratic
    n = 20000
    texts, groups = [], []
    for i in range(n):
        texts += [f"Sentence number {i} of a long chain of documents.", f"Sentence number {i + 1} of a long chain of documents."]
        groups += [f"doc{n - i}", f"doc{n - i}"]
    assert set(train.merge_twin_groups(texts, groups)) == {f"doc{n}"}  # (seconds without path halving: minutes)


def _hearsay_is_certain_in_bio() -> tuple[train.TrainingSet, train.Design]:
    """A "bio" corpus whose hearsay sentences are labelled certain (as BioScope, which does not annotate
    hearsay), and a "wiki" corpus where they are uncertain."""
    things = ["the protein binds DNA", "the drug works", "the gene is expressed", "the cells divide",
              "the virus spreads", "the level rises", "the enzyme is active", "the tumour shrinks"]
    texts, y, groups, corpus = [], [], [], []
    for d in range(8):
        for t in things:
            for text, label_bio, label_wiki in ((f"Reportedly, {t}.", 0, 1), (f"It may be that {t}.", 1, 1),
                                                (f"We show that {t}.", 0, 0)):
                for c, label in (("bio", label_bio), ("wiki", label_wiki)):
                    texts.append(text if c == "bio" else text.replace(".", " here."))
                    y.append(label), groups.append(f"{c}{d}"), corpus.append(c)
    ts = train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus)
    return ts, train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))


def test_unannotated_categories_mask_only_the_experts_whose_corpora_all_leave_them_out() -> None:
    names = ["k:hearsay", "k:weasel", "k:epistemic", "c:reportedly", "w:hearsay"]
    experts = {"biomedical": ("bioscope",), "general": ("conll2010-wiki", "szeged-wiki"),
               "both": ("bioscope", "szeged-wiki"), "two": ("bioscope", "x")}
    masks = train.unannotated_features(names, experts, {**train.UNANNOTATED_CATEGORIES, "x": ("weasel",)})
    assert set(masks) == {"biomedical", "two"}  # an expert with an annotating corpus is unconstrained
    assert masks["biomedical"].tolist() == [True, True, False, False, False]  # the category features only
    assert masks["two"].tolist() == [False, True, False, False, False]  # what all its corpora leave out
    with pytest.raises(hedgekit.ArgumentError, match=r"names \['rumour'\]; accepted: the cue categories"):
        train.unannotated_features(names, experts, {"bioscope": ("hearsay", "rumour")})
    with pytest.raises(hedgekit.ArgumentError, match=r"names \['pseudo'\]"):
        train.unannotated_features(names, experts, {"bioscope": ("pseudo",)})
    with pytest.raises(hedgekit.ArgumentError, match=r"as a list or tuple, e.g. \('hearsay',\), not a str"):
        train.unannotated_features(names, experts, {"bioscope": "hearsay"})
    with pytest.raises(hedgekit.ArgumentError, match=r"names \['booster'\]"):  # boosters: already <= 0
        train.unannotated_features(names, experts, {"bioscope": ("booster",)})
    signs = train.sign_constraints(names, hedgekit.load_lexicon(), experts, train.UNANNOTATED_CATEGORIES)
    assert set(signs) == {"nonpositive", "nonnegative"} and set(signs["nonnegative"]) == {"biomedical"}
    assert train.sign_constraints(names, hedgekit.load_lexicon(), experts, {})["nonnegative"] == {}


def test_a_category_the_corpus_does_not_annotate_is_not_learnt_as_certain() -> None:
    ts, design = _hearsay_is_certain_in_bio()
    experts = {"biomedical": ("bio",), "general": ("wiki",)}
    plain = train.Recipe(ts, design, experts, list(experts), C=1.0)
    nonneg = train.unannotated_features(design.names, experts, {"bio": ("hearsay",)})
    ruled = train.Recipe(ts, design, experts, list(experts), C=1.0, nonnegative=nonneg)
    rows = np.arange(len(ts))
    (cols, coef, _), (cols2, coef2, _) = plain.fit(rows), ruled.fit(rows)
    assert np.array_equal(cols, cols2)
    j = [design.names[c] for c in cols].index("k:hearsay")
    assert coef[j, 0] < 0 and coef2[j, 0] == 0.0  # biomedical: learnt as certain, then clipped
    assert coef2[j, 1] == coef[j, 1] > 0  # general keeps its weight
    others = np.ones(len(cols), dtype=bool)
    others[j] = False
    assert np.array_equal(coef[others], coef2[others])  # nothing else moves
    with pytest.raises(hedgekit.ArgumentError, match=r"nonnegative\['nobody'\]: keys must be experts"):
        train.Recipe(ts, design, experts, list(experts), nonnegative={"nobody": nonneg["biomedical"]})
    with pytest.raises(hedgekit.ArgumentError, match="one per design feature"):
        train.Recipe(ts, design, experts, list(experts), nonnegative={"biomedical": nonneg["biomedical"][:3]})


def test_train_model_records_the_unannotated_categories_rule() -> None:
    ts, _ = _hearsay_is_certain_in_bio()
    experts = {"biomedical": ("bio",), "general": ("wiki",)}
    m, _ = train.train_model(ts, experts=experts, k=3, inner_k=2, threshold_repeats=1,
                             unannotated={"bio": ["hearsay"]})
    hp = m.training["hyperparameters"]
    assert hp["unannotated"] == {"bio": ["hearsay"]} and hp["nonnegative"] == {"biomedical": ["k:hearsay"]}
    assert "categories its corpora do not annotate clipped to >= 0" in hp["estimator"]
    assert m.coef[m.index["k:hearsay"], 0] >= 0
    with pytest.raises(hedgekit.ArgumentError, match=r"as a list or tuple, e.g. \('hearsay',\), not a str"):
        train.train_model(ts, experts=experts, k=3, unannotated={"bio": "hearsay"})
    with pytest.raises(hedgekit.ArgumentError, match=r"names corpora \['Bio'\] that the training set does not hold"):
        train.train_model(ts, experts=experts, k=3, unannotated={"Bio": ["hearsay"]})
    with pytest.raises(hedgekit.ArgumentError, match="cues feature family, which this feature config switches off"):
        train.train_model(ts, experts=experts, k=3, config=FeatureConfig(cues=False), unannotated={"bio": ["hearsay"]})
    with pytest.raises(hedgekit.ArgumentError, match="must map corpus names to lists of cue categories"):
        train.train_model(ts, experts=experts, k=3, unannotated=["hearsay"])
    plain, _ = train.train_model(ts, experts=experts, k=3, inner_k=2, threshold_repeats=1)
    assert "unannotated" not in plain.training["hyperparameters"]
    assert plain.coef[plain.index["k:hearsay"], 0] < 0


def test_the_shipped_model_holds_the_rule_it_records() -> None:
    m = hedgekit.load_model()
    hp = m.training["hyperparameters"]
    assert hp["unannotated"] == {c: list(v) for c, v in train.UNANNOTATED_CATEGORIES.items()}
    assert hp["nonnegative"] == {"biomedical": ["k:hearsay", "k:weasel"]}
    for e, feats in hp["nonnegative"].items():
        for f in feats:
            assert m.coef[m.index[f], m.experts.index(e)] >= 0


def test_shipped_options_give_each_expert_its_shipped_counterparts_options() -> None:
    """An expert takes the shipped expert's options by name, or else by the same corpora (a one-corpus
    ``bioscope`` expert is ``biomedical``); ``science``'s ridge scale goes to ``science`` only."""
    opts = train.shipped_options(train.GRADED_EXPERTS)
    assert opts["nb_scale"] == train.SHIPPED_NB_SCALE == {"biomedical": 1.0}
    assert opts["nb_groups"] == train.SHIPPED_NB_GROUPS == ("words", "bigrams", "cue_context")
    assert opts["feature_scale"] == {"biomedical": {"categories": 2.0, "priors": 4.0},
                                     "general": train.DEFAULT_FEATURE_SCALE,
                                     "science": train.GRADED_FEATURE_SCALE["science"]}
    single = train.shipped_options({"bioscope": ("bioscope",), "szeged-wiki": ("szeged-wiki",),
                                    "pei-jurgens": ("pei-jurgens",)})
    assert single["nb_scale"] == {"bioscope": 1.0} and set(single["feature_scale"]) == {"bioscope"}
    assert train.shipped_counterpart("bioscope", ("bioscope",)) == "biomedical"
    assert train.shipped_counterpart("wiki", ("szeged-wiki", "conll2010-wiki")) == "general"  # any order
    assert train.shipped_counterpart("science", ("bio",)) == "science"  # a shipped name wins
    assert train.shipped_counterpart("pei-jurgens", ("pei-jurgens",)) is None  # no binary expert of it alone
    from hedgekit.benchmark import _single_C
    assert _single_C({"biomedical": 0.3, "general": 2.0}, "bioscope") == 0.3
    assert _single_C({"biomedical": 0.3}, "pei-jurgens") == train.DEFAULT_C and _single_C(0.7, "bioscope") == 0.7
    none = train.shipped_options({"bio": ("bio",)})
    assert none == {"feature_scale": {}, "nb_scale": {}, "nb_groups": None}
    # as a model file records them (an older one: no nb_scale)
    old = train.shipped_options(train.SHIPPED_EXPERTS, feature_scale={"general": {"priors": 2.0}}, nb_scale={})
    assert old == {"feature_scale": {"general": {"priors": 2.0}}, "nb_scale": {}, "nb_groups": None}


def test_train_model_records_the_naive_bayes_scaling() -> None:
    ts = toy_set()
    experts = {"bio": ("bio",), "wiki": ("wiki",)}
    m, _ = train.train_model(ts, experts=experts, k=3, inner_k=0, threshold_repeats=1,
                             nb_scale={"bio": 1.0}, nb_groups=["words", "bigrams"])
    hp = m.training["hyperparameters"]
    assert hp["nb_scale"] == {"bio": 1.0} and hp["nb_groups"] == ["words", "bigrams"]
    assert "naive-Bayes-scaled penalties for ['bio']" in hp["estimator"]
    plain, _ = train.train_model(ts, experts=experts, k=3, inner_k=0, threshold_repeats=1)
    assert "nb_scale" not in plain.training["hyperparameters"]  # older hedgekits read such a record
    b = m.experts.index("bio")
    assert not np.allclose(m.coef[:, b], plain.coef[:, b]) and np.array_equal(m.coef[:, 1 - b], plain.coef[:, 1 - b])
    with pytest.raises(ValueError, match="nb_scale"):
        train.train_model(ts, experts=experts, k=3, nb_scale={"nobody": 1.0})


def test_train_model_on_an_empty_training_set_says_so() -> None:
    empty = train.TrainingSet([], np.zeros(0, dtype=np.int8), [], [])
    with pytest.raises(hedgekit.ArgumentError, match="the training set holds no sentences"):  # not "gate [] must..."
        train.train_model(empty)


def test_train_model_records_an_unscaled_gated_expert_as_such() -> None:
    """``feature_scale={"general": {}}`` (no scaling for a gated expert) is recorded as ``{}``, not
    left out: read back as the recipe's options (:func:`hedgekit.benchmark.shipped_options`), a
    missing entry would be the x2 default that every gated expert gets unless told otherwise."""
    from hedgekit import benchmark

    ts = toy_set()
    experts = {"biomedical": ("bio",), "general": ("wiki",)}
    m, _ = train.train_model(ts, experts=experts, k=3, inner_k=0, threshold_repeats=1,
                             feature_scale={"general": {}})
    hp = m.training["hyperparameters"]
    assert hp["feature_scale"] == {"biomedical": train.DEFAULT_FEATURE_SCALE, "general": {}}
    opts = benchmark.shipped_options(experts, {**hp, "nb_scale": {}, "nb_groups": []})
    assert opts["feature_scale"] == {"biomedical": train.DEFAULT_FEATURE_SCALE, "general": {}}
    design = train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))
    recipe = train.Recipe(ts, design, experts, list(experts), **opts)
    assert recipe.feature_scale["general"] == {}  # refitted as it was trained, not at the default scale


def test_format_cv_leaves_out_an_expert_line_that_repeats_auto() -> None:
    """`hedgekit train --data` printed two identical lines, "auto" and "default", for a model of one
    expert (a review of the README as a user)."""
    from hedgekit.train import format_cv

    m = {"precision": 0.8, "recall": 0.7, "f1": 0.75, "f1_std": 0.05, "f1_per_fold": [0.7, 0.8]}
    one = format_cv({"corpora": {"mine.tsv": {"n": 60, "uncertain": 30, "auto": m, "default": dict(m)}}})
    assert one.splitlines() == ["mine.tsv         auto         n=    60  P=0.800  R=0.700  F1=0.750 ± 0.050"]
    two = format_cv({"corpora": {"bio": {"n": 9, "uncertain": 3, "auto": m, "biomedical": {**m, "f1": 0.76}}}})
    assert [line.split()[1] for line in two.splitlines()] == ["auto", "biomedical"]
    # a graded corpus's correlations: one line per mode that differs from auto; "-" where undefined
    r = {"pearson": 0.7021, "pearson_std": 0.0254, "spearman": 0.6531, "spearman_std": 0.0488}
    graded = format_cv({"corpora": {}, "graded": {"pj": {"k": 5, "n": 1139, "modes": {
        "auto": r, "default": dict(r), "science": {"pearson": None, "pearson_std": None, "spearman": None,
                                                   "spearman_std": None}}}}})
    assert graded.splitlines() == [
        "pj               auto         n=  1139  certainty vs ratings (5-fold CV): Pearson 0.702 ± 0.025  "
        "Spearman 0.653 ± 0.049",
        "pj               science      n=  1139  certainty vs ratings (5-fold CV): Pearson -  Spearman -"]
    # (an audit) a mean over the few folds that define a metric said nothing of it: "Pearson 1.000 ± 0.000"
    # from one fold of two sentences, whose pooled correlation was -0.405; "P=0.500" from 1 of 2 folds
    few = format_cv({"k": 2, "corpora": {"small.tsv": {"n": 20, "auto": {**m, "precision": 0.5, "precision_folds": 1}}},
                     "graded": {"f.tsv": {"k": 5, "repeats": 1, "n": 6, "modes": {"auto": {
                         "pearson": 1.0, "pearson_std": 0.0, "spearman": 1.0, "spearman_std": 0.0, "folds": 1,
                         "pearson_pooled": -0.405}}}}})
    assert few.splitlines() == [
        "small.tsv        auto         n=    20  P=0.500 [1 of 2 folds]  R=0.700  F1=0.750 ± 0.050",
        "f.tsv            auto         n=     6  certainty vs ratings (5-fold CV): Pearson 1.000 ± 0.000  "
        "Spearman 1.000 ± 0.000  [over 1 of 5 folds; pooled Pearson -0.405]"]


def test_train_model_rating_scale() -> None:
    """``rating_scale`` names the scale the soft targets came from; it must be two different numbers."""
    from hedgekit.errors import ArgumentError
    from hedgekit.train import TrainingSet, train_model

    ts = TrainingSet(["It may rain.", "It rained."], np.array([1, 0]), ["a", "b"], ["c", "c"])
    for bad in ((1, 1), (1, 6, 7), "16", (1, float("nan")), ("1", "6"), None):
        with pytest.raises(ArgumentError, match="rating_scale must be two different finite numbers"):
            train_model(ts, rating_scale=bad)
    assert train.check_rating_scale([6, 1]) == (6.0, 1.0)  # (any two-item sequence, either way round)
    assert train.scale_position(4.5, (1, 6)) == 0.7 and train.scale_position(4.5, (6, 1)) == 0.3
    assert 1 - train.scale_position(4.5, (1, 6)) == pytest.approx(train.rating_target(4.5))
    with pytest.raises(ArgumentError, match=r"the rating 7 is outside the rating scale 6 \(most uncertain\) .. 1"):
        train.scale_position(7, (6, 1))


def test_a_threshold_no_better_than_calling_everything_uncertain_is_uninformative() -> None:
    """5 uncertain sentences of 270: a threshold that called 85% uncertain at F1 0.034, below the 0.036 of
    calling every sentence uncertain, was not warned of, as the share was under 95% (an audit)."""
    from hedgekit.train import uninformative_threshold

    y = np.zeros(270, dtype=np.int64)
    y[:5] = 1
    p = np.linspace(1.0, 0.0, 270)
    p[[0, 2, 4]] = 0.001  # three uncertain ones among the least probable: the others far down the list
    p[[1, 3]] = 0.3
    t = float(np.sort(p)[::-1][int(0.85 * 270)])  # calls 85% uncertain
    called = p >= t
    f1 = 2 * (y & called).sum() / (y.sum() + called.sum())
    assert 0.8 < called.mean() < 0.95 and f1 <= 2 * y.mean() / (1 + y.mean())
    assert uninformative_threshold(y, p, t)
    assert not uninformative_threshold(y, np.where(y == 1, 0.9, 0.1), 0.5)  # a useful one
    assert uninformative_threshold(y, np.full(270, 0.6), 0.5)  # everything uncertain
    assert not uninformative_threshold(np.ones(270, dtype=np.int64), np.full(270, 0.6), 0.5)  # all are uncertain
    assert not uninformative_threshold(np.zeros(270, dtype=np.int64), np.full(270, 0.6), 0.5)  # none is
    # where most are uncertain, calling them all so has an F1 a good classifier may not beat: not warned of
    # unless it calls 95% uncertain (a review)
    rng = np.random.default_rng(0)
    y9 = (rng.random(600) < 0.9).astype(np.int64)
    p9 = np.clip(0.5 + 0.35 * (y9 - 0.5) + rng.normal(0, 0.2, 600), 0, 1)
    t9 = 0.4
    called = p9 >= t9
    assert 0.5 < called.mean() < 0.95 and 2 * (y9 & called).sum() / (y9.sum() + called.sum()) <= 2 * y9.mean() / (1 + y9.mean())
    assert not uninformative_threshold(y9, p9, t9)


def test_the_readme_recipe_trains_on_ratings_in_python() -> None:
    """The README's Python recipe for graded ratings ("Graded certainty"), run as written: soft
    targets from 1-6 ratings, the science expert's ridge recipe; the report gives the CV
    correlation and the model's certainty follows the ratings."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    after = readme.index("The lower-level `hedgekit.train.train_model` on a `TrainingSet`")
    code = readme[readme.index("```python\n", after) + len("```python\n"):]
    code = code[:code.index("```")]
    from conftest import RATED_HEDGED as hedged, RATED_PLAIN as plain

    texts = hedged + plain
    ratings = [2.0 if "might" in s else 3.0 for s in hedged] + [5.0 + i % 2 for i in range(len(plain))]
    # (document ids as numbers, as a user's often are: the recipe makes them str)
    namespace: dict[str, Any] = {"texts": texts, "ratings": ratings, "doc_ids": list(range(len(texts)))}
    exec(compile(code, "README.md", "exec"), namespace)
    model, report = namespace["model"], namespace["report"]
    assert report["graded"]["mine"]["k"] == 5 and report["graded"]["mine"]["modes"]["auto"]["pearson"] > 0.5
    scorer = hedgekit.Scorer(model=model)
    cert = [s.certainty for s in scorer.score(texts)]
    assert np.corrcoef(cert, ratings)[0, 1] > 0.8
    might, plain_one = scorer.score(["The drug might reduce mortality.", "The drug reduced mortality."])
    assert might.certainty < plain_one.certainty


def test_the_retraining_command_refuses_a_bad_out_and_reports_corpus_errors_in_one_line(tmp_path, capsys) -> None:
    """An audit: --out onto a corpus file replaced it with the model; --out a folder trained for
    minutes and then failed; a missing or malformed corpus file ended in a traceback."""
    corpora = tmp_path / "corpora"
    (corpora / "bioscope").mkdir(parents=True)
    (corpora / "bioscope" / "abstracts.xml").write_text("<Annotation/>", encoding="utf-8")
    for out, message in ((corpora / "bioscope" / "abstracts.xml", "a file in the corpora folder"),
                         (tmp_path, "is a folder; --out names the model file to write")):
        with pytest.raises(SystemExit) as info:
            train.main(["--corpora", str(corpora), "--out", str(out)])
        assert info.value.code == 2 and message in capsys.readouterr().err
    assert (corpora / "bioscope" / "abstracts.xml").read_text(encoding="utf-8") == "<Annotation/>"
    assert train.main(["--corpora", str(corpora), "--out", str(tmp_path / "m.json.gz"), "--folds", "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m hedgekit.train: error: ") and "Traceback" not in err
    assert not (tmp_path / "m.json.gz").exists()


def test_a_training_folder_s_unlabelled_list_or_empty_corpus_is_named(tmp_path) -> None:
    """An audit: a stray .txt in conll2010-wiki/ was refused with the reader's hint to pass
    --conll-label, an option training has not; an emptied corpus file surfaced as "expert 'science'
    names corpora ['pei-jurgens'] that the training set does not hold"."""
    from hedgekit.errors import CorpusError

    wiki = tmp_path / "conll2010-wiki"
    wiki.mkdir()
    (wiki / "train_wikiweasel_uncertain_sentences.txt").write_text("It may rain.\n", encoding="utf-8")
    (wiki / "README.txt").write_text("Notes.\n", encoding="utf-8")
    corpora = (("conll2010-wiki", "conll2010-wiki", "conll-wiki"),)
    with pytest.raises(CorpusError, match=r"corpus 'conll2010-wiki': .*README.txt: its file name says neither") as e:
        train.load_training_set(tmp_path, corpora)
    assert "--conll-label" not in str(e.value)
    (wiki / "README.txt").unlink()
    (wiki / "train_wikiweasel_uncertain_sentences.txt").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match="corpus 'conll2010-wiki': no labelled or rated sentence in"):
        train.load_training_set(tmp_path, corpora)


def test_the_training_functions_refuse_what_they_cannot_use_before_fitting() -> None:
    """(an audit) train_model/fit_model trained on sentences without a word (the CV scored them by the
    intercept, a Scorer gives them 0), took "no" for True, refused a threshold after the fit with a
    ModelError on the rounded value, and let scikit-learn's, numpy's and Python's own errors through."""
    from hedgekit.errors import ArgumentError, InputTypeError

    ts = toy_set()
    blank = train.TrainingSet([*ts.texts, " "], np.r_[ts.y, 1], [*ts.groups, "b"], [*ts.corpus, ts.corpus[0]])
    for fit in (train.fit_model, lambda t: train.train_model(t, k=2, threshold_repeats=1)):
        with pytest.raises(ArgumentError, match=r"ts\.texts\[\d+\] is ' '; every training sentence needs a word"):
            fit(blank)
    quick = dict(k=2, inner_k=0, threshold_repeats=1)
    for flag in ("predict_as_scored", "gate_balanced"):
        with pytest.raises(ArgumentError, match=rf"train_model: {flag} must be True or False, got 'no'"):
            train.train_model(ts, **quick, **{flag: "no"})
    with pytest.raises(ArgumentError, match=r"fit_model: threshold must be a number in \(0, 1\), stored to 6 decimals"):
        train.fit_model(ts, threshold=0.9999999)
    with pytest.raises(ArgumentError, match=r"inner_k=8 inner folds need at least 8 documents in each fold's training "
                                            r"part, and one holds 6"):
        train.train_model(ts, k=2, inner_k=8, threshold_repeats=1)
    for kw, match in ((dict(gate=ts.corpus[0]), r"gate must be a list of expert names"),
                      (dict(experts=[ts.corpus[0]]), r"experts must map each expert's name to the corpora"),
                      (dict(config={"words": True}), r"config must be a hedgekit\.features\.FeatureConfig"),
                      (dict(provenance=[1]), r"provenance must be a mapping")):
        with pytest.raises(InputTypeError, match=match):
            train.train_model(ts, **quick, **kw)
    with pytest.raises(ArgumentError, match=r"fit_model: the training set holds no sentences"):
        train.fit_model(train.TrainingSet([], np.array([], dtype=int), [], []))
    # the pieces
    with pytest.raises(ArgumentError, match=r"best_threshold: p holds NaN \(at index 1\)"):
        train.best_threshold(np.array([1, 0, 1]), np.array([0.1, np.nan, 0.3]))
    with pytest.raises(ArgumentError, match=r"one label and one probability per sentence"):
        train.best_threshold(np.array([1, 0]), np.array([0.3]))
    for scale in ((3, 3), (float("nan"), 6), (-1e308, 1e308)):
        with pytest.raises(ArgumentError, match=r"scale_position: scale must be two"):
            train.scale_position(3, scale)
    assert train.TrainingSet(["a b", "c d"], np.array([0.0, 1.0]), ["d1", "d2"], ["c", "c"]).y.dtype.kind == "i"
    with pytest.raises(InputTypeError, match=r"TrainingSet: y must be a sequence with one item per sentence, got NoneType"):
        train.TrainingSet(["a b"], None, ["d1"], ["c"])
    with pytest.raises(ArgumentError, match=r"TrainingSet: target must hold one number"):
        train.TrainingSet(["a b", "c d"], np.array([0, 1]), ["d1", "d2"], ["c", "c"], target=["high", "low"])
    lex = hedgekit.load_lexicon()
    design = train.Design(train.featurize_all(ts.texts[:10], lex, FeatureConfig()))
    with pytest.raises(ArgumentError, match=rf"Recipe: the design has 10 rows, the training set {len(ts)} sentences"):
        train.Recipe(ts, design, {"c": (ts.corpus[0],)}, ["c"])
    full = train.Design(train.featurize_all(ts.texts, lex, FeatureConfig()))
    with pytest.raises(ArgumentError, match=r"nonpositive: a mask must be \d+ long"):
        train.Recipe(ts, full, {"c": (ts.corpus[0],)}, ["c"], nonpositive=np.zeros(3, bool))


def test_a_fold_of_one_class_says_it_is_a_fold() -> None:
    """(an audit) one uncertain sentence in a hundred read "its 34 training sentence(s) are all certain"."""
    ts = toy_set()
    y = np.zeros(len(ts), dtype=np.int64)
    y[0] = 1
    with pytest.raises(train.OneClassError, match=rf"in the training part of a cross-validation fold: the training "
                                                  rf"set's {len(ts)} sentences hold 1 uncertain ones; use fewer folds"):
        train.train_model(train.TrainingSet(ts.texts, y, ts.groups, ts.corpus), k=2, inner_k=0, threshold_repeats=1)
