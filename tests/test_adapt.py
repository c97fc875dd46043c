"""hedgekit.adapt: prior adaptation of one shipped expert (offset logistic regression, merged weights)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

import hedgekit
from hedgekit import ModelError, train
from hedgekit.adapt import ESTIMATOR, AdaptationRecipe, adapt_expert, base_offsets, fit_offset_logistic


def _toy(n: int = 400, d: int = 12, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < expit(X @ rng.normal(size=d) - 0.5)).astype(int)
    return X, y


def test_without_offset_it_is_sklearns_l2_logistic_regression() -> None:
    X, y = _toy()
    w, b, a = fit_offset_logistic(X, y, np.zeros(len(y)), C=0.7)
    assert a == 1.0
    ref = LogisticRegression(C=0.7, solver="lbfgs", tol=1e-10, max_iter=5000).fit(X, y)  # intercept unpenalised
    assert np.allclose(w, ref.coef_[0], atol=1e-4) and b == pytest.approx(ref.intercept_[0], abs=1e-4)


def test_offset_fit_refuses_non_finite_input() -> None:
    """A NaN offset or an infinite feature used to end the fit at once, returning the prior (w = 0,
    b = 0, a = 1) with only a RuntimeWarning."""
    X, y = _toy()
    off = np.zeros(len(y))
    off[3] = np.nan
    with pytest.raises(ValueError, match="offset holds NaN or infinite values"):
        fit_offset_logistic(X, y, off, C=0.5, learn_scale=True)
    bad = X.astype(float).copy()
    bad[2, 1] = np.inf
    for matrix in (bad, sparse.csr_matrix(bad), sparse.lil_matrix(bad)):
        with pytest.raises(ValueError, match="X holds NaN or infinite values"):
            fit_offset_logistic(matrix, y, np.zeros(len(y)), C=0.5)


def test_offset_fit_is_stationary_and_sparse_input_gives_the_same() -> None:
    X, y = _toy(seed=1)
    off = np.random.default_rng(2).normal(size=len(y))
    w, b, _ = fit_offset_logistic(X, y, off, C=0.3)
    p = expit(X @ w + b + off)
    assert np.allclose(X.T @ (p - y) + w / 0.3, 0.0, atol=1e-3)  # gradient of the penalised loss
    assert abs((p - y).sum()) < 1e-3  # the free intercept matches the base rate
    ws, bs, _ = fit_offset_logistic(sparse.csr_matrix(X), y, off, C=0.3)
    assert np.allclose(ws, w, atol=1e-5) and bs == pytest.approx(b, abs=1e-5)
    w, b, a = fit_offset_logistic(X, y, off, C=0.3, learn_scale=True)
    p = expit(X @ w + b + a * off)
    g = (p - y) @ off + (a - 1.0) / 0.3  # d loss / d scale: 0 inside, >= 0 at the bound a = 0
    assert (a > 0 and abs(g) < 1e-3) or (a == 0 and g >= -1e-3)


def test_a_strong_penalty_keeps_the_base() -> None:
    X, y = _toy(seed=3)
    off = np.random.default_rng(5).normal(size=len(y))  # an offset that disagrees with the labels
    w, b, a = fit_offset_logistic(X, y, off, C=1e-6, learn_scale=True)
    assert np.abs(w).max() < 1e-3 and a == pytest.approx(1.0, abs=1e-3)  # only the free intercept moves


def test_the_scale_follows_how_much_the_offset_knows() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    z = rng.normal(scale=2.0, size=n)  # the true log-odds
    y = (rng.random(n) < expit(z)).astype(int)
    X = rng.normal(size=(n, 3))  # features that carry nothing
    assert fit_offset_logistic(X, y, z, 1.0, learn_scale=True).scale == pytest.approx(1.0, abs=0.15)
    assert fit_offset_logistic(X, y, 2.0 * z, 1.0, learn_scale=True).scale == pytest.approx(0.5, abs=0.08)
    noise = rng.normal(scale=2.0, size=n)  # an offset that knows nothing
    assert 0 <= fit_offset_logistic(X, y, noise, 1.0, learn_scale=True).scale < 0.1
    assert fit_offset_logistic(X, y, -z, 1.0, learn_scale=True).scale == 0.0  # a reversed expert is dropped


def test_separable_data_give_a_finite_scale() -> None:
    off = np.r_[np.full(10, 3.0), np.full(10, -3.0)]  # the offset alone separates the labels
    y = np.r_[np.ones(10, int), np.zeros(10, int)]
    fit = fit_offset_logistic(np.zeros((20, 1)), y, off, C=0.5, learn_scale=True)
    assert 1.0 < fit.scale < 3.0  # pulled towards 1 by the penalty, not sent to infinity


@pytest.mark.parametrize("args, match", [
    ((np.zeros((3, 2)), np.array([0, 1]), np.zeros(3), 1.0), "3 rows"),
    ((np.zeros((2, 2)), np.array([0, 2]), np.zeros(2), 1.0), "0/1"),
    ((np.zeros((2, 2)), np.array([0, 1]), np.zeros(2), 0.0), "C must be"),
    ((np.zeros((2, 2)), np.array([0, 1]), np.zeros(2), float("inf")), "C must be"),
    ((np.zeros((2, 2)), np.array([0, 1]), np.zeros(2), True), "C must be"),
])
def test_bad_arguments(args, match) -> None:
    with pytest.raises(ValueError, match=match):
        fit_offset_logistic(*args)


def test_numpy_numbers_are_accepted_for_C() -> None:
    X, y = _toy(n=50, seed=6)
    a = fit_offset_logistic(X, y, np.zeros(50), np.float32(0.5))
    b = fit_offset_logistic(X, y, np.zeros(50), 0.5)
    assert np.allclose(a.w, b.w)


# --- adapting the shipped model --------------------------------------------------------------------
# A made-up domain: "zorbly" marks an unconfirmed report. The shipped model has never seen the word.
ZORBLY = [f"The {x} was zorbly {v} last {t}." for x, v, t in zip(
    ["bridge", "ship", "mayor", "river", "factory", "train", "school", "market", "museum", "harbour"],
    ["closed", "seized", "arrested", "polluted", "sold", "delayed", "evacuated", "flooded", "robbed", "blocked"],
    ["week", "night", "year", "month", "spring", "winter", "Monday", "summer", "autumn", "Friday"])]
PLAIN = [s.replace("zorbly ", "") for s in ZORBLY]
Y = np.array([1] * 10 + [0] * 10)


@pytest.fixture(scope="module")
def shipped() -> hedgekit.HedgeModel:
    return hedgekit.load_model()


@pytest.fixture(scope="module")
def adapted(shipped: hedgekit.HedgeModel) -> hedgekit.HedgeModel:
    return adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), C=1.0, min_df=1,
                        learn_scale=False)


def test_adaptation_learns_the_new_cue_and_keeps_the_old_ones(shipped, adapted) -> None:
    base = hedgekit.Scorer(model=shipped, expert="general")
    new = hedgekit.Scorer(model=adapted)
    unseen = "The stadium was zorbly damaged by the storm."
    assert base.score([unseen])[0].label == "certain"
    assert new.score([unseen])[0].label == "uncertain"
    assert new.score(["The stadium was damaged by the storm."])[0].label == "certain"
    # hedges the twenty sentences never showed are still known, from the base expert
    for s in ("The drug may reduce mortality.", "It is unclear whether the vote will happen.",
              "Some experts believe the policy will fail."):
        assert new.score([s])[0].label == "uncertain", s


def _recipe(shipped, texts, y, **kw) -> AdaptationRecipe:
    ts = train.TrainingSet(texts, np.asarray(y, dtype=np.int8), [f"#{i}" for i in range(len(y))], ["d"] * len(y))
    return AdaptationRecipe(ts, shipped, "general", hedgekit.load_lexicon(), **kw)


def test_merged_model_scores_as_the_recipe_predicts(shipped, adapted) -> None:
    lex = hedgekit.load_lexicon()
    texts = ZORBLY + PLAIN
    feats = train.featurize_all(texts, lex, shipped.feature_config)
    off = base_offsets(shipped, "general", feats)
    # the offset is >= 0 exactly where the base expert says uncertain
    p_base = shipped.predict_proba(feats, expert="general")
    assert np.array_equal(off >= 0, p_base >= shipped.thresholds["general"])
    fixed = _recipe(shipped, texts, Y, C=1.0, min_df=1, learn_scale=False)
    rows = np.arange(20)
    assert np.allclose(adapted.predict_proba(feats), fixed.predict(fixed.fit(rows), rows)["auto"], atol=2e-4)
    assert adapted.experts == ("default",) and adapted.threshold == 0.5
    assert adapted.training["adaptation"]["scale"] == 1.0
    # with the scale learnt
    recipe = _recipe(shipped, texts, Y, C=1.0, min_df=1)
    fit = recipe.fit(rows)
    scaled = adapt_expert(shipped, "general", texts, Y, lex, C=1.0, min_df=1, threshold=0.3)
    assert scaled.training["adaptation"]["scale"] == pytest.approx(fit.scale, abs=1e-6) and scaled.threshold == 0.3
    assert np.allclose(scaled.predict_proba(feats), recipe.predict(fit, rows)["auto"], atol=2e-4)
    assert fit.scale == pytest.approx(1.0, abs=0.5)  # the expert is neither trusted blindly nor dropped


def test_predict_as_scored_reads_open_ended_sentences_as_the_merged_models_scorer_does(shipped) -> None:
    """With ``predict_as_scored`` the recipe's predictions (which choose the threshold of
    ``HedgeClassifier(base=...)`` and ``hedgekit train --data --base``) are the merged model's
    scores under the Scorer's default ``end_mark``, on sentences without a final mark as on
    punctuated ones; without it, the scores read as written. The fit is the same either way."""
    texts = [t.rstrip(".") for t in ZORBLY + PLAIN]  # spreadsheet cells: no final mark
    rows = np.arange(20)
    as_scored = _recipe(shipped, texts, Y, C=1.0, min_df=1, predict_as_scored=True)
    as_written = _recipe(shipped, texts, Y, C=1.0, min_df=1)
    fit, fit_written = as_scored.fit(rows), as_written.fit(rows)
    names = [as_scored.design.names[c] for c in fit.cols]
    assert names == [as_written.design.names[c] for c in fit_written.cols]
    assert np.allclose(fit.w, fit_written.w) and fit.scale == pytest.approx(fit_written.scale)
    merged = as_scored.merged(fit, 0.5)
    scored = np.array([s.p_uncertain for s in hedgekit.Scorer(model=merged).score(texts)])
    written = np.array([s.p_uncertain for s in hedgekit.Scorer(model=merged, end_mark=False).score(texts)])
    assert np.abs(scored - written).max() > 0.01  # the final mark matters to these sentences
    assert np.allclose(as_scored.predict(fit, rows)["auto"], scored, atol=2e-4)
    assert np.allclose(as_written.predict(fit_written, rows)["auto"], written, atol=2e-4)
    # a bare list marker ("- ") holds no word to the scorer: P 0, in the recipe's predictions too
    bare = _recipe(shipped, [*texts, "- "], np.r_[Y, 1], C=1.0, min_df=1, predict_as_scored=True)
    p = bare.predict(bare.fit(rows), np.arange(21))["auto"]
    assert p[20] == 0.0 and hedgekit.Scorer(model=merged).score(["- "])[0].p_uncertain == 0.0
    assert np.allclose(p[:20], scored, atol=2e-4)


# Boosters that come with uncertain labels: unclipped, the correction would make them hedges.
BOOSTED = [f"Clearly, the {x} was {v}." for x, v in zip(
    ["bridge", "ship", "mayor", "river", "factory", "train", "school", "market"],
    ["closed", "seized", "arrested", "polluted", "sold", "delayed", "evacuated", "flooded"])]
UNBOOSTED = [s.replace("Clearly, the", "The") for s in BOOSTED]


def test_boosters_still_only_raise_certainty(shipped) -> None:
    lex = hedgekit.load_lexicon()
    y = np.array([1] * 8 + [0] * 8)
    recipe = _recipe(shipped, BOOSTED + UNBOOSTED, y, C=5.0, min_df=1)
    raw = fit_offset_logistic(recipe.design.X, recipe.y, recipe.offset, 5.0, learn_scale=True)
    names = np.array(recipe.design.names, dtype=object)
    booster = train.booster_features(list(names), lex)
    pushed = booster & (raw.scale * recipe.base_weight + raw.w > 0)
    assert pushed.any(), "the data should push some booster feature towards uncertain"
    model = adapt_expert(shipped, "general", BOOSTED + UNBOOSTED, y, lex, C=5.0, min_df=1)
    mask = train.booster_features(list(model.features), lex)
    assert mask.any() and (model.coef[mask, 0] <= 0).all()
    for n in names[pushed]:
        assert n not in model.index or model.coef[model.index[n], 0] <= 0


# Speculation-only labels: hearsay sentences labelled certain for want of a label.
HEARSAY = [f"Reportedly, the {x} was {v} last {t}." for x, v, t in zip(
    ["bridge", "ship", "mayor", "river", "factory", "train", "school", "market", "museum", "harbour"],
    ["closed", "seized", "arrested", "polluted", "sold", "delayed", "evacuated", "flooded", "robbed", "blocked"],
    ["week", "night", "year", "month", "spring", "winter", "Monday", "summer", "autumn", "Friday"])]


def test_an_unannotated_category_keeps_the_base_experts_weight(shipped) -> None:
    lex = hedgekit.load_lexicon()
    texts, y = ZORBLY + PLAIN + HEARSAY, np.r_[Y, np.zeros(10, dtype=int)]
    j, col = shipped.experts.index("general"), "k:hearsay"
    prior = shipped.coef[shipped.index[col], j]
    recipe = _recipe(shipped, texts, y, C=5.0, min_df=1)
    raw = fit_offset_logistic(recipe.design.X, recipe.y, recipe.offset, 5.0, learn_scale=True)
    at = recipe.design.names.index(col)
    assert raw.w[at] < 0  # the certain labels push the category towards certainty
    plain = adapt_expert(shipped, "general", texts, y, lex, C=5.0, min_df=1)
    ruled = adapt_expert(shipped, "general", texts, y, lex, C=5.0, min_df=1, unannotated=("hearsay",))
    a = ruled.training["adaptation"]
    assert a["unannotated"] == ["hearsay"] and "unannotated" not in plain.training["adaptation"]
    assert "unannotated categories' weights" in _recipe(shipped, texts, y, unannotated=["hearsay"]).estimator_text()
    assert _recipe(shipped, texts, y).estimator_text() == ESTIMATOR
    assert plain.coef[plain.index[col], 0] < plain.training["adaptation"]["scale"] * prior
    assert ruled.coef[ruled.index[col], 0] == pytest.approx(a["scale"] * prior, rel=1e-5)  # correction clipped at 0
    # only that one column is clipped: the cue's own features still learn from the data
    fitted = _recipe(shipped, texts, y, C=5.0, min_df=1, unannotated=("hearsay",)).fit(np.arange(len(y)))
    unclipped = recipe.fit(np.arange(len(y)))
    differs = np.flatnonzero(fitted.w != unclipped.w)
    assert [recipe.design.names[fitted.cols[i]] for i in differs] == [col]
    for bad, match in (("hearsay", "adapt_expert: unannotated: give the categories as a list or tuple"),
                       ((c for c in ["hearsay"]), "list or tuple, e.g. .*, got generator"),  # not silently used up
                       (("rumour",), r"adapt_expert: unannotated names \['rumour'\]")):
        with pytest.raises(hedgekit.ArgumentError, match=match):
            adapt_expert(shipped, "general", texts, y, lex, unannotated=bad)
    with pytest.raises(hedgekit.ArgumentError, match=r"AdaptationRecipe: unannotated names \['booster'\]"):
        _recipe(shipped, texts, y, unannotated=("booster",))


def test_cross_validate_runs_on_the_adaptation_recipe(shipped) -> None:
    texts = ZORBLY + PLAIN
    groups = [f"d{i % 10}" for i in range(20)]  # a zorbly sentence and its plain twin share a document
    ts = train.TrainingSet(texts, Y.astype(np.int8), groups, ["zorbly"] * 20)
    recipe = AdaptationRecipe(ts, shipped, "general", hedgekit.load_lexicon(), min_df=1)
    rep = train.cross_validate(recipe, k=5, inner_k=2)
    m = rep["corpora"]["zorbly"]["default"]
    assert rep["k"] == 5 and len(rep["thresholds"]) == 5
    assert m["f1"] > 0.9  # held-out documents: the correction learnt "zorbly" from the other folds
    assert rep["oof"]["default"].shape == (20,) and train.format_cv(rep).startswith("zorbly")


def test_bad_bases(shipped) -> None:
    lex = hedgekit.load_lexicon()
    y = np.array([1, 0])
    with pytest.raises(ModelError, match="gated default, which is not linear"):
        adapt_expert(shipped, "auto", PLAIN[:2], y, lex)
    # a single-expert model's default is its one expert, named in the message (an audit)
    single = adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, lex)
    with pytest.raises(ModelError, match=r"'auto' names the model's default, not an expert; name its one expert, "
                                         r"'default'"):
        adapt_expert(single, "auto", PLAIN[:2], y, lex)
    with pytest.raises(ModelError, match=r"unknown expert 'legal'; this model has \['biomedical', 'general'"):
        adapt_expert(shipped, "legal", PLAIN[:2], y, lex)
    with pytest.raises(hedgekit.InputTypeError, match="expert must be None .* or an expert's name"):
        adapt_expert(shipped, 3, PLAIN[:2], y, lex)
    other = hedgekit.load_lexicon().with_entries([("zorbly", "epistemic", 0.9)])
    with pytest.raises(ModelError, match="own lexicon"):
        adapt_expert(shipped, "general", PLAIN[:2], y, other)
    with pytest.raises(ValueError, match="2 sentences but 3 labels"):
        adapt_expert(shipped, "general", PLAIN[:2], np.array([1, 0, 1]), lex)
    with pytest.raises(ValueError, match="min_df"):
        adapt_expert(shipped, "general", PLAIN[:2], y, lex, min_df=0)
    with pytest.raises(ValueError, match="both classes, got 2 uncertain of 2"):
        adapt_expert(shipped, "general", PLAIN[:2], np.array([1, 1]), lex)
    with pytest.raises(hedgekit.ArgumentError, match="both classes, got 0 uncertain of 0"):  # not numpy's "zero-size array"
        adapt_expert(shipped, "general", [], np.array([]), lex)


def test_bad_texts_and_labels_are_refused_before_any_cast(shipped) -> None:
    """Labels are checked as given: 0.9 is not truncated to 0, 'uncertain' is not an int() error."""
    from hedgekit.errors import InputTypeError

    lex = hedgekit.load_lexicon()
    texts = ZORBLY + PLAIN
    for bad, shown in (([0.3, 0.9] * 10, r"\[0.3, 0.9, 0.3\]"), ([-1, 1] * 10, r"\[-1, -1, -1\]"),
                       (["uncertain", "certain"] * 10, r"string labels such as \['uncertain'\]; map them first: .* "
                                                          r"\[int\(v\) for v in y\] for '0'/'1'")):
        with pytest.raises(ValueError, match="labels 0/1 \\(1 = uncertain\\) or bools, got " + shown):
            adapt_expert(shipped, "general", texts, np.array(bad), lex)
    with pytest.raises(ValueError, match="1-D"):
        adapt_expert(shipped, "general", texts, Y.reshape(-1, 1), lex)
    with pytest.raises(InputTypeError, match="bare str"):
        adapt_expert(shipped, "general", "ab", np.array([0, 1]), lex)
    with pytest.raises(InputTypeError, match="item 3 is NoneType"):
        adapt_expert(shipped, "general", texts[:3] + [None] + texts[4:], Y, lex)
    from_generator = adapt_expert(shipped, "general", (t for t in texts), Y.astype(bool), lex, C=1.0, min_df=1,
                                  learn_scale=False)
    assert from_generator.to_json() == adapt_expert(shipped, "general", texts, Y, lex, C=1.0, min_df=1,
                                                    learn_scale=False).to_json()


def test_object_labels_and_a_missing_lexicon(shipped) -> None:
    """A pandas column of bools or ints kept as objects (after a missing value was dropped) is taken, as
    HedgeClassifier takes it; lexicon=None is a clear error, not an AttributeError (found by an audit)."""
    from hedgekit.errors import InputTypeError

    lex = hedgekit.load_lexicon()
    texts = ZORBLY + PLAIN
    want = adapt_expert(shipped, "general", texts, Y, lex, C=1.0, min_df=1, learn_scale=False).to_json()
    for labels in (np.array(Y.astype(bool).tolist(), dtype=object), np.array(Y.tolist(), dtype=object)):
        assert adapt_expert(shipped, "general", texts, labels, lex, C=1.0, min_df=1, learn_scale=False).to_json() == want
    with pytest.raises(InputTypeError, match="needs the base model's Lexicon .* got NoneType"):
        adapt_expert(shipped, "general", texts, Y, None)  # type: ignore[arg-type]


def test_rows_without_a_word_and_missing_labels_are_refused_by_index(shipped) -> None:
    """A blank row moved the adapted intercept (-2.37 -> +0.45 in the audit's 10 sentences) though
    it scores P 0 whatever the model; HedgeClassifier.fit and the readers refuse it, and so does
    adapt_expert now. A missing label is named by its index, not by the array's dtype (an audit)."""
    lex = hedgekit.load_lexicon()
    texts = ZORBLY + PLAIN
    for blank in (" ", "\u200b", ""):
        with pytest.raises(ValueError, match=r"texts\[20\] is .* every training sentence needs a word"):
            adapt_expert(shipped, "general", texts + [blank], np.r_[Y, 1], lex)
    with pytest.raises(ValueError, match=r"texts\[3\] is ' ' \(and 1 more\)"):
        adapt_expert(shipped, "general", texts[:3] + [" ", "\t"] + texts[5:], Y, lex)
    for missing in (None, float("nan")):
        labels = np.array([missing] + Y[1:].tolist(), dtype=object)
        with pytest.raises(ValueError, match=r"y has no label at index 0; every sentence needs a 0/1 label"):
            adapt_expert(shipped, "general", texts, labels, lex)
    with pytest.raises(ValueError, match=r"y has no label at index 2 \(and 1 more\)"):
        adapt_expert(shipped, "general", texts, np.r_[Y[:2], np.nan, np.nan, Y[4:]].astype(float), lex)


def test_a_fold_of_one_class_is_refused_as_the_recipe_refuses_it(shipped) -> None:
    """`train --base` retries without the inner threshold CV on OneClassError; the adaptation recipe
    fitted a one-class fold instead (P(uncertain) ~1e-13 for every sentence), and its CV was wrong."""
    texts = ZORBLY + PLAIN
    ts = train.TrainingSet(texts, Y.astype(np.int8), [f"d{i}" for i in range(20)], ["data"] * 20)
    recipe = AdaptationRecipe(ts, shipped, "semantic", hedgekit.load_lexicon())
    for rows, which in ((np.flatnonzero(Y == 0), "all certain"), (np.flatnonzero(Y == 1), "all uncertain")):
        with pytest.raises(train.OneClassError, match=f"'semantic': its 10 training sentence\\(s\\) are {which}"):
            recipe.fit(rows)
    recipe.fit(np.arange(20))  # both classes: fits


def test_round_sig_matches_the_training_rounding() -> None:
    from hedgekit.adapt import _round_sig

    x = np.r_[np.random.default_rng(7).normal(scale=3.0, size=2000), 0.0, -0.0, 1e-20, -123456789.0, 5e-310]
    got = _round_sig(x)
    assert np.isfinite(got).all() and got[-1] == 0.0
    assert np.array_equal(got[:-1], train._round(x[:-1]))


def test_threshold_is_checked_before_fitting(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thresholds are stored to 6 decimals: one that rounds to 0 or 1 is refused like 1.5 is, and
    before anything is fitted (1e-7 used to fail after the fit, naming 0.0)."""
    from hedgekit import adapt

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("fitted before the threshold was checked")

    with monkeypatch.context() as m:
        m.setattr(adapt.AdaptationRecipe, "fit", no_fit)
        for bad in (1.5, 1e-7, 0.9999996, 0.0, float("nan"), "0.3"):
            with pytest.raises(ValueError, match=r"threshold must be a number in \(0, 1\), stored to 6 decimals"):
                adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), threshold=bad)
    m = adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), min_df=1,
                     threshold=np.float32(0.3))
    assert m.threshold == 0.3
    recipe = _recipe(shipped, ZORBLY + PLAIN, Y, min_df=1)
    with pytest.raises(NotImplementedError, match="merged"):
        recipe.model(recipe.fit(np.arange(20)), {"auto": 0.5}, None, "", {})
    with pytest.raises(ValueError, match="C must be"):
        _recipe(shipped, ZORBLY + PLAIN, Y, C=-1.0)


def test_an_adapted_model_records_what_it_learned_from(shipped, adapted, tmp_path) -> None:
    """adapt_expert wrote only an "adaptation" record: `benchmark` could not tell its own training
    sentences, nor its base expert's corpora, and reported in-sample numbers without a warning
    (HedgeClassifier(base=...) and train --base always recorded them; a review)."""
    from hedgekit.benchmark import trained_sentences

    rec = adapted.training
    assert rec["command"] == "hedgekit.adapt.adapt_expert" and rec["n_sentences"] == 20 and rec["n_uncertain"] == 10
    assert rec["base"]["expert"] == "general" and rec["base"]["corpora"] == shipped.training["experts"]["general"]
    path = tmp_path / "adapted.json.gz"
    adapted.save(path)
    scorer = hedgekit.Scorer(model=path)
    assert trained_sentences(ZORBLY + PLAIN, scorer) == 20  # its own data
    assert trained_sentences(["The zorbly bridge closed on a wet Monday night in the spring of 2031."], scorer) == 0
    own = adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), C=1.0, min_df=1,
                       training={"command": "mine", "note": "x"})
    assert own.training["command"] == "mine" and own.training["note"] == "x" and "sentence_keys" in own.training


@pytest.mark.parametrize("kw, match", [
    ({"training": [1, 2]}, r"training must be a mapping of provenance fields \(or None\), got list"),
    ({"learn_scale": "no"}, r"learn_scale must be True or False, got 'no'"),
])
def test_adapt_expert_refuses_bad_arguments_before_the_fit(shipped, kw, match) -> None:
    """training=[1, 2] failed with a bare TypeError after the whole fit; learn_scale="no" learnt the scale."""
    with pytest.raises(ValueError, match=match):
        adapt_expert(shipped, "general", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), min_df=1, **kw)


def test_an_adapted_model_knows_its_base_experts_training_sentences(adapted, tmp_path) -> None:
    """The base expert's corpora count as learned from (in CI, where the corpora are)."""
    from conftest import require_shared
    from hedgekit.benchmark import trained_sentences
    from hedgekit.readers import load_corpus

    lists = require_shared("corpora", "conll2010-wiki", "train_wikiweasel_uncertain_sentences.txt")
    texts = [s.text for s, _ in zip(load_corpus(lists), range(200))]
    path = tmp_path / "adapted.json.gz"
    adapted.save(path)
    n = trained_sentences(texts, hedgekit.Scorer(model=path))
    assert n == trained_sentences(texts, hedgekit.Scorer(expert="general")) and n >= 190
    assert trained_sentences(texts, hedgekit.Scorer(expert="biomedical")) < 5  # (another expert's corpora)


def test_the_fit_reads_its_rows_in_an_order_of_their_texts(shipped) -> None:
    """The L-BFGS fit summed its rows in the order given, so that the same rows shuffled changed the
    weights in their last digits (and a saved file's bytes): HedgeClassifier(base=...) promised
    weights that do not depend on the order of the rows (a review)."""
    texts = [*ZORBLY, *PLAIN, *(s.replace("last", "this") for s in ZORBLY), *(s.replace("last", "this") for s in PLAIN)]
    y = np.r_[Y, Y]
    ts = train.TrainingSet(texts, y, [f"#{i}" for i in range(len(y))], ["x"] * len(y))
    recipe = AdaptationRecipe(ts, shipped, "semantic", hedgekit.load_lexicon(), min_df=1)
    ref = recipe.fit(np.arange(len(y)))
    rng = np.random.default_rng(0)
    for _ in range(6):
        got = recipe.fit(rng.permutation(len(y)))
        np.testing.assert_array_equal(got.w, ref.w)
        assert (got.b, got.scale) == (ref.b, ref.scale)


def test_a_one_dimensional_X_is_refused_with_its_shape() -> None:
    """A 1-D X (one feature given flat) failed to unpack its shape, unexplained (a review)."""
    with pytest.raises(hedgekit.ArgumentError, match=r"X must be 2-D.*\(4,\).*reshape\(-1, 1\)"):
        fit_offset_logistic(np.array([0.0, 1.0, 0.5, 2.0]), np.array([0, 1, 0, 1]), np.zeros(4), 1.0)
    a = fit_offset_logistic([[0.0], [1.0], [0.5], [2.0]], np.array([0, 1, 0, 1]), np.zeros(4), 1.0)  # a list too
    assert a.w.shape == (1,)


def test_adapting_on_sentences_the_base_expert_learned_warns_that_its_cv_is_in_sample(shipped) -> None:
    """train --data d50.tsv --base general reported CV F1 0.947 on 50 CoNLL sentences (1.000 in
    another audit sample): the base expert had learned their labels. The recipe now warns, as
    benchmark does for a corpus the model learned (an audit)."""
    import warnings

    from conftest import require_shared

    conll = list(hedgekit.load_corpus(require_shared("corpora", "conll2010-wiki")))
    picked = [s for s in conll if s.label == "uncertain"][:15] + [s for s in conll if s.label == "certain"][:15]
    texts = [s.text for s in picked]
    labels = np.array([int(s.label == "uncertain") for s in picked], dtype=np.int8)
    ts = train.TrainingSet(texts, labels, [f"#{i}" for i in range(30)], ["data"] * 30)
    lex = hedgekit.load_lexicon()
    with pytest.warns(UserWarning, match=r"30 of the 30 sentences .* the base expert 'general' was trained on .* "
                                         r"in-sample"):
        recipe = AdaptationRecipe(ts, shipped, "general", lex)
    assert recipe.learned_by_base == (30, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # BioScope's expert never saw them: no warning
        assert AdaptationRecipe(ts, shipped, "biomedical", lex).learned_by_base == (0, 30)


def test_the_in_sample_warning_of_hedgeclassifier_points_at_its_caller(shipped) -> None:
    """Through HedgeClassifier(base=...).fit the warning named a line of hedgekit/estimator.py, so a
    filter by module, or once-per-location display, did not see the caller's code (an audit)."""
    from conftest import require_shared

    conll = list(hedgekit.load_corpus(require_shared("corpora", "conll2010-wiki")))
    picked = [s for s in conll if s.label == "uncertain"][:15] + [s for s in conll if s.label == "certain"][:15]
    with pytest.warns(UserWarning, match="in-sample") as record:
        hedgekit.HedgeClassifier(base="general", threshold=0.5).fit([s.text for s in picked],
                                                                    [s.label for s in picked])
    assert [w.filename for w in record if "in-sample" in str(w.message)] == [__file__]


def test_fit_offset_logistic_refuses_what_it_cannot_fit() -> None:
    """One class, no rows, text for numbers and a non-bool learn_scale fitted silently or failed with
    numpy's words (an audit)."""
    X, off = np.eye(4), np.zeros(4)
    with pytest.raises(ValueError, match=r"y must hold both labels, 0 and 1, got only 1s"):
        fit_offset_logistic(X, np.ones(4), off, 1.0)
    with pytest.raises(ValueError, match=r"got no rows"):
        fit_offset_logistic(np.zeros((0, 2)), np.zeros(0), np.zeros(0), 1.0)
    with pytest.raises(ValueError, match=r"X and offset must hold numbers"):
        fit_offset_logistic([["a", "b"]] * 4, np.array([0, 1, 0, 1]), off, 1.0)
    with pytest.raises(ValueError, match=r"learn_scale"):
        fit_offset_logistic(X, np.array([0, 1, 0, 1]), off, 1.0, learn_scale="no")
    assert fit_offset_logistic(X, np.array([0, 1, 0, 1]), off, 1.0).w.shape == (4,)


def test_adapt_expert_refuses_a_generator_of_labels(shipped) -> None:
    with pytest.raises(TypeError, match=r"y must be a sequence of labels .* got generator; pass list\(y\)"):
        adapt_expert(shipped, "general", ZORBLY + PLAIN, (int(v) for v in Y), hedgekit.load_lexicon())


def test_sentences_of_ones_own_raise_no_in_sample_warning(shipped) -> None:
    import warnings

    ts = train.TrainingSet(ZORBLY + PLAIN, Y.astype(np.int8), [f"#{i}" for i in range(20)], ["data"] * 20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        recipe = AdaptationRecipe(ts, shipped, "general", hedgekit.load_lexicon())
    assert recipe.learned_by_base == (0, 20)


def test_an_adapted_model_loads_into_hedgekit_classifier_with_its_settings(shipped, tmp_path) -> None:
    """A saved adapt_expert model loaded by HedgeClassifier.load refits as it was fitted: its expert,
    C, min_df and unannotated categories (it got base=None and C=0.5, and a clone trained from
    scratch; an audit); with learn_scale=False, which the classifier cannot refit, the defaults."""
    from hedgekit import HedgeClassifier

    lex = hedgekit.load_lexicon()
    m = adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, lex, C=0.1, min_df=1, unannotated=("hearsay",))
    m.save(tmp_path / "ae.json")
    params = HedgeClassifier.load(tmp_path / "ae.json").get_params()
    assert (params["base"], params["C"], params["min_df"], params["unannotated"]) == ("semantic", 0.1, 1, ("hearsay",))
    refit = HedgeClassifier(**{**params, "threshold": 0.5}).fit(ZORBLY + PLAIN, Y)
    assert refit.model_.training["adaptation"]["expert"] == "semantic"
    adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, lex, C=0.1, learn_scale=False).save(tmp_path / "fixed.json")
    assert HedgeClassifier.load(tmp_path / "fixed.json").get_params()["base"] is None
    # a caller's own hyperparameters record is kept as given
    own = adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, lex, training={"hyperparameters": {"mine": 1}})
    assert own.training["hyperparameters"] == {"mine": 1}


def test_an_adapted_model_adapted_again_keeps_what_its_first_expert_learned(shipped, tmp_path) -> None:
    """(an audit) adapting a model that was itself adapted kept only its own training sentences in the
    record's base: benchmark no longer told the first expert's corpus (Szeged Wikipedia, for
    `semantic`) as in-sample, though the weights still carried it."""
    from hedgekit.benchmark import _bases, trained_sentences

    lex = hedgekit.load_lexicon()
    first = adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, lex)
    other = [s.replace("last", "this") for s in ZORBLY + PLAIN]
    second = adapt_expert(first, first.experts[0], other, Y, lex)
    second.save(tmp_path / "second.json")
    record = hedgekit.load_model(tmp_path / "second.json").training
    chain = list(_bases(record))
    assert [b["expert"] for b in chain] == [first.experts[0], "semantic"]
    assert chain[1]["corpora"] == list(shipped.training["experts"]["semantic"])  # the shipped expert's own
    assert trained_sentences(ZORBLY[:3], hedgekit.Scorer(model=tmp_path / "second.json")) == 3  # the first's data
    try:
        from conftest import require_shared
        wiki = require_shared("corpora", "szeged-uncertainty", "wiki.conll2010-train-docs.xml")
    except BaseException:  # (skipped without the shared corpora: the rest holds)
        return
    texts = [s.text for s, _ in zip(hedgekit.load_corpus(wiki), range(200))]
    assert trained_sentences(texts, hedgekit.Scorer(model=tmp_path / "second.json")) == \
        trained_sentences(texts, hedgekit.Scorer(expert="semantic")) > 100


def test_a_model_adapted_without_learning_the_scale_loads_with_a_warning(shipped, tmp_path) -> None:
    """(an audit) HedgeClassifier.load took an adapt_expert(learn_scale=False) model with the default
    hyperparameters and no word: a clone then trained from scratch."""
    model = adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, hedgekit.load_lexicon(), learn_scale=False)
    model.save(tmp_path / "m.json")
    with pytest.warns(UserWarning, match=r"adapted with adapt_expert\(learn_scale=False\), which "
                                         r"HedgeClassifier\(base=\.\.\.\) does not do .* trains from scratch"):
        loaded = hedgekit.HedgeClassifier.load(tmp_path / "m.json")
    assert loaded.get_params()["base"] is None
    plain = adapt_expert(shipped, "semantic", ZORBLY + PLAIN, Y, hedgekit.load_lexicon())
    plain.save(tmp_path / "p.json")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert hedgekit.HedgeClassifier.load(tmp_path / "p.json").get_params()["base"] == "semantic"
