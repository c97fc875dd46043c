"""hedgekit.adapt: prior adaptation of one shipped expert (offset logistic regression, merged weights)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

import hedgekit
from hedgekit import ModelError, train
from hedgekit.adapt import adapt_expert, base_offsets, fit_offset_logistic


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
    g = (p - y) @ off  # d loss / d scale: 0 at an interior optimum, >= 0 at the bound a = 0
    assert (a > 0 and abs(g) < 1e-3) or (a == 0 and g >= -1e-3)


def test_a_strong_penalty_keeps_the_offset() -> None:
    X, y = _toy(seed=3)
    w, _, _ = fit_offset_logistic(X, y, np.zeros(len(y)), C=1e-6)
    assert np.abs(w).max() < 1e-3


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


@pytest.mark.parametrize("args, match", [
    ((np.zeros((3, 2)), np.array([0, 1]), np.zeros(3), 1.0), "3 rows"),
    ((np.zeros((2, 2)), np.array([0, 2]), np.zeros(2), 1.0), "0/1"),
    ((np.zeros((2, 2)), np.array([0, 1]), np.zeros(2), 0.0), "C must be"),
    ((np.zeros((2, 2)), np.array([0, 1]), np.zeros(2), float("inf")), "C must be"),
])
def test_bad_arguments(args, match) -> None:
    with pytest.raises(ValueError, match=match):
        fit_offset_logistic(*args)


# --- adapting the shipped model --------------------------------------------------------------------
# A made-up domain: "zorbly" marks an unconfirmed report. The shipped model has never seen the word.
ZORBLY = [f"The {x} was zorbly {v} last {t}." for x, v, t in zip(
    ["bridge", "ship", "mayor", "river", "factory", "train", "school", "market", "museum", "harbour"],
    ["closed", "seized", "arrested", "polluted", "sold", "delayed", "evacuated", "flooded", "robbed", "blocked"],
    ["week", "night", "year", "month", "spring", "winter", "Monday", "summer", "autumn", "Friday"])]
PLAIN = [s.replace("zorbly ", "") for s in ZORBLY]


@pytest.fixture(scope="module")
def shipped() -> hedgekit.HedgeModel:
    return hedgekit.load_model()


@pytest.fixture(scope="module")
def adapted(shipped: hedgekit.HedgeModel) -> hedgekit.HedgeModel:
    texts = ZORBLY + PLAIN
    return adapt_expert(shipped, "general", texts, np.array([1] * 10 + [0] * 10), hedgekit.load_lexicon(),
                        C=1.0, min_df=1, learn_scale=False)


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


def test_merged_weights_score_as_base_offset_plus_correction(shipped, adapted) -> None:
    lex = hedgekit.load_lexicon()
    texts = ZORBLY + PLAIN
    feats = train.featurize_all(texts, lex, shipped.feature_config)
    design = train.Design(feats)
    cols = design.columns(np.arange(len(texts)), 1)
    y = np.array([1] * 10 + [0] * 10)
    off = base_offsets(shipped, "general", feats)
    w, b, _ = fit_offset_logistic(design.X[:, cols], y, off, 1.0)
    expected = expit(design.X[:, cols] @ w + b + off)
    assert np.allclose(adapted.predict_proba(feats), expected, atol=2e-4)  # weights rounded to 6 digits
    assert adapted.experts == ("default",) and adapted.threshold == 0.5
    assert adapted.training["adaptation"]["scale"] == 1.0
    scaled = adapt_expert(shipped, "general", texts, y, lex, C=1.0, min_df=1, threshold=0.3)
    w, b, a = fit_offset_logistic(design.X[:, cols], y, off, 1.0, learn_scale=True)
    assert scaled.training["adaptation"]["scale"] == pytest.approx(a, abs=1e-6) and scaled.threshold == 0.3
    assert np.allclose(scaled.predict_proba(feats), expit(design.X[:, cols] @ w + b + a * off), atol=2e-4)
    # the offset is >= 0 exactly where the base expert says uncertain
    p_base = shipped.predict_proba(feats, expert="general")
    assert np.array_equal(off >= 0, p_base >= shipped.thresholds["general"])


def test_boosters_still_only_raise_certainty(adapted) -> None:
    lex = hedgekit.load_lexicon()
    mask = train.booster_features(list(adapted.features), lex)
    assert mask.any() and (adapted.coef[mask, 0] <= 0).all()


def test_bad_bases(shipped) -> None:
    lex = hedgekit.load_lexicon()
    y = np.array([1, 0])
    with pytest.raises(ModelError, match="not linear"):
        adapt_expert(shipped, "auto", PLAIN[:2], y, lex)
    with pytest.raises(ModelError, match="unknown expert 'legal'"):
        adapt_expert(shipped, "legal", PLAIN[:2], y, lex)
    other = hedgekit.load_lexicon().with_entries([("zorbly", "epistemic", 0.9)])
    with pytest.raises(ModelError, match="own lexicon"):
        adapt_expert(shipped, "general", PLAIN[:2], y, other)
    with pytest.raises(ValueError, match="2 sentences but 3 labels"):
        adapt_expert(shipped, "general", PLAIN[:2], np.array([1, 0, 1]), lex)
    with pytest.raises(ValueError, match="min_df"):
        adapt_expert(shipped, "general", PLAIN[:2], y, lex, min_df=0)


def test_adaptation_cv_reports_like_cross_validate(shipped) -> None:
    from hedgekit.adapt import adaptation_cv

    texts = ZORBLY + PLAIN
    y = np.array([1] * 10 + [0] * 10)
    groups = [f"d{i % 10}" for i in range(20)]  # a zorbly sentence and its plain twin share a document
    rep = adaptation_cv(shipped, "general", texts, y, groups, hedgekit.load_lexicon(), k=5, inner_k=2, min_df=1,
                        name="zorbly")
    m = rep["corpora"]["zorbly"]["default"]
    assert rep["k"] == 5 and len(rep["thresholds"]) == 5 and rep["base"] == "general"
    assert rep["corpora"]["zorbly"]["n"] == 20 and rep["corpora"]["zorbly"]["uncertain"] == 10
    assert m["f1"] > 0.9  # held-out documents: the correction learnt "zorbly" from the other folds
    assert rep["oof"]["default"].shape == (20,) and train.format_cv(rep).startswith("zorbly")
    with pytest.raises(ValueError, match="at least k documents"):
        adaptation_cv(shipped, "general", texts, y, ["one"] * 20, hedgekit.load_lexicon(), k=5)
