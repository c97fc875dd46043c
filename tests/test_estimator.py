"""HedgeClassifier: the scikit-learn contract, written by hand (parametrize_with_checks skips text
estimators), on a small invented dataset of sentences with and without hedges."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer

import hedgekit
from hedgekit import ArgumentError, HedgeClassifier, InputTypeError, ModelError

HEDGED = [
    "The drug may reduce mortality in older patients.",
    "These results suggest that the protein might regulate growth.",
    "It is possible that the gene is involved in repair.",
    "The rate could be higher than previously reported.",
    "Some experts believe the policy will fail.",
    "The mutation appears to affect binding.",
    "It is unclear whether the treatment works.",
    "The council will probably approve the plan.",
    "Perhaps the sample was contaminated.",
    "We hypothesize that the receptor is inactive.",
    "The effect is likely due to temperature.",
    "The figures were reportedly inflated.",
    "It seems that the vote was postponed.",
    "The minister is thought to have resigned.",
    "This may indicate a new mechanism.",
    "The virus might spread to other regions.",
    "We examined whether the enzyme binds zinc.",
    "Critics say the bridge is possibly unsafe.",
    "The findings suggest a role for inflammation.",
    "The company may have misled investors.",
    "It is believed that the king died young.",
    "The cells could respond to the signal.",
    "Apparently the meeting was cancelled.",
    "The results indicate that the model may be wrong.",
    "The drought is likely to continue next year.",
    "Researchers suspect that the toxin blocks channels.",
    "The painting is probably a forgery.",
    "This could explain the low yield.",
    "The protein may be degraded in the cytoplasm.",
    "Some historians argue that the treaty was forged.",
]
CERTAIN = [
    "The drug reduced mortality in older patients.",
    "The protein regulates growth in yeast.",
    "The gene is involved in repair.",
    "The rate was higher than previously reported.",
    "The policy failed in 2019.",
    "The mutation affects binding.",
    "The treatment works in mice.",
    "The council approved the plan on Monday.",
    "The sample was contaminated with dust.",
    "The receptor is inactive at low pH.",
    "The effect is due to temperature.",
    "The figures were published in May 2020.",
    "The vote was postponed until June.",
    "The minister resigned last week.",
    "This indicates a new mechanism.",
    "The virus spread to other regions.",
    "The enzyme binds zinc.",
    "The bridge was closed for repairs.",
    "The findings show a role for inflammation.",
    "The company misled investors.",
    "The king died young.",
    "The cells respond to the signal.",
    "The meeting was cancelled.",
    "The results show that the model is wrong.",
    "The drought continued for three years.",
    "The toxin blocks sodium channels.",
    "The painting is a forgery.",
    "This explains the low yield.",
    "The protein is degraded in the cytoplasm.",
    "The treaty was signed in 1648.",
]
# Interleaved so that any contiguous slice holds both classes.
X = [s for pair in zip(HEDGED, CERTAIN) for s in pair]
Y = np.array(["uncertain", "certain"] * len(HEDGED))
NEW = ["The storm may hit the coast tomorrow.", "The storm hit the coast yesterday.",
       "It is possible that prices will rise.", "Prices rose by 3 percent."]


@pytest.fixture(scope="module")
def fitted() -> HedgeClassifier:
    return HedgeClassifier().fit(X, Y)


# --- the estimator contract ---------------------------------------------------------------------
def test_defaults_are_the_shipped_recipe():
    from hedgekit import train

    p = HedgeClassifier().get_params()
    assert p["C"] == train.DEFAULT_C and p["min_df"] == train.DEFAULT_MIN_DF
    assert p["threshold"] is None and p["lexicon"] is None
    assert all(p[k] for k in ("words", "bigrams", "cues", "cue_context", "priors"))


def test_get_set_params_round_trip():
    clf = HedgeClassifier(C=2.0, min_df=1, threshold=0.4)
    params = clf.get_params()
    other = HedgeClassifier().set_params(**params)
    assert other.get_params() == params
    assert clf.set_params(C=0.1) is clf and clf.C == 0.1


def test_init_stores_params_unchanged():
    lex = hedgekit.load_lexicon()
    clf = HedgeClassifier(C="not validated here", lexicon=lex)
    assert clf.C == "not validated here" and clf.lexicon is lex


def test_scikit_learn_tags_say_sentences_and_a_binary_classifier():
    """The tags scikit-learn reads: raw sentences, not a 2-D array, a target always, two classes only."""
    from sklearn.base import is_classifier
    from sklearn.utils import get_tags

    tags = get_tags(HedgeClassifier())
    assert tags.input_tags.string and not tags.input_tags.two_d_array and tags.target_tags.required
    assert tags.estimator_type == "classifier" and is_classifier(HedgeClassifier())
    assert tags.classifier_tags.multi_class is False
    assert HedgeClassifier()._more_tags() == {"X_types": ["string"], "requires_y": True}  # scikit-learn < 1.6


def test_clone_is_unfitted_with_equal_params(fitted):
    c = clone(fitted)
    assert c.get_params() == fitted.get_params()
    assert not hasattr(c, "model_")
    with pytest.raises(NotFittedError):
        c.predict(NEW)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function", "to_scorer", "save"])
def test_not_fitted_error(method, tmp_path):
    clf = HedgeClassifier()
    with pytest.raises(NotFittedError):
        if method == "to_scorer":
            clf.to_scorer()
        elif method == "save":
            clf.save(tmp_path / "m.json")
        else:
            getattr(clf, method)(NEW)


def test_fit_returns_self_and_sets_trailing_underscore_state():
    clf = HedgeClassifier()
    assert clf.fit(X, Y) is clf
    assert list(clf.classes_) == ["certain", "uncertain"]
    assert isinstance(clf.model_, hedgekit.HedgeModel) and 0 < clf.threshold_ < 1
    assert clf.lexicon_ is hedgekit.load_lexicon()


def test_learns_hedges(fitted):
    assert list(fitted.predict(NEW)) == ["uncertain", "certain", "uncertain", "certain"]
    assert fitted.score(X, Y) >= 0.9


def test_predict_proba_rows_sum_to_one_in_classes_order(fitted):
    P = fitted.predict_proba(NEW + X)
    assert P.shape == (len(NEW) + len(X), 2)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert ((P >= 0) & (P <= 1)).all()
    # column 1 is classes_[1] = "uncertain"
    assert P[0, 1] > P[1, 1]


def test_decision_function_agrees_with_predict(fitted):
    d = fitted.decision_function(NEW + X)
    pred = fitted.predict(NEW + X)
    assert d.shape == (len(NEW) + len(X),)
    assert list(pred) == list(fitted.classes_[(d > 0).astype(int)])
    # (a review) at P(uncertain) == threshold_ exactly predict says uncertain, and d was 0, not > 0
    tie = HedgeClassifier(threshold=0.5).fit(["Rain."] * 4, ["certain", "uncertain", "certain", "uncertain"])
    assert tie.predict_proba(["x"])[0, 1] == 0.5 and tie.predict(["x"])[0] == "uncertain"
    assert tie.decision_function(["x"])[0] > 0


@pytest.mark.parametrize("labels", [
    [1, 0] * 30, [True, False] * 30, np.array([1.0, 0.0] * 30), ["uncertain", "certain"] * 30,
    # an object array (a pandas column that held a missing value): sklearn called it "unknown"
    np.array([True, False] * 30, dtype=object), np.array([1, 0] * 30, dtype=object),
])
def test_label_types(labels):
    clf = HedgeClassifier(threshold=0.5).fit(X, labels)
    assert list(clf.classes_) == sorted(set(labels))
    pred = clf.predict(NEW)
    assert pred[0] == clf.classes_[1] and pred[1] == clf.classes_[0]
    assert type(pred[0].item()) is type(np.asarray(np.asarray(labels).tolist())[0].item())


def test_accepts_series_like_and_one_column_inputs(fitted):
    arr = np.array(NEW)
    np.testing.assert_array_equal(fitted.predict(arr), fitted.predict(NEW))
    np.testing.assert_array_equal(fitted.predict(arr.reshape(-1, 1)), fitted.predict(NEW))
    np.testing.assert_array_equal(fitted.predict(tuple(NEW)), fitted.predict(NEW))
    assert fitted.predict([]).shape == (0,)
    assert fitted.predict_proba([]).shape == (0, 2)


@pytest.mark.parametrize("bad, match", [
    ("one sentence", "bare str"), (None, "None"), (["ok", 3], "item 1 is int"),
    (np.array([["a", "b"]]), "one column"),
    ({"It may rain.": 0}, "gives its keys"), ({"It may rain."}, "no order to keep"),
])
def test_bad_inputs_are_clear_type_errors(fitted, bad, match):
    with pytest.raises(InputTypeError, match=match):
        fitted.predict(bad)
    assert issubclass(InputTypeError, TypeError)


@pytest.mark.parametrize("y, match", [
    (["certain"] * 60, "exactly two classes"),
    (["yes", "no"] * 30, "'certain' and 'uncertain'"),
    (["certain", "uncertain"] * 29, "60 sentences but y has 58"),
    ([0, 1, 2] * 20, "continuous|multiclass|two classes"),
    (["certain", "uncertain"] * 29 + ["certain", None], "no label at index 59; every sentence needs"),
    ([2, 1] * 30, r"numeric labels must be 0 and 1 \(1 = uncertain\), got \[1, 2\]"),  # which is uncertain?
    ([1, -1] * 30, r"got \[-1, 1\]"),
    ([0.0, 1.0] * 28 + [float("nan"), 1.0, float("nan"), 0.0], r"no label at index 56 \(and 1 more\)"),
    ([0.3, 0.7] * 30, r"'certain'/'uncertain', 0/1 or bools, got values such as \[0.3, 0.7\] \(for graded .* fit them with "
                      r"hedgekit.HedgeRegressor\(rating_scale=\(1, 6\)\)"),
    ([1, "certain"] * 30, r"one kind of label.*got number and str"),  # not "got \['1', 'certain'\]"
    ([b"certain", b"uncertain"] * 30, r"one kind of label.*got bytes"),
])
def test_bad_labels(y, match):
    with pytest.raises(ArgumentError, match=match):
        HedgeClassifier().fit(X, y)


def test_labels_and_groups_in_a_dict_or_a_set_are_refused_and_a_dicts_values_taken():
    """(an audit of HedgeRegressor, here too) groups in a dict were read through its keys, silently;
    labels in a dict, a set or a dict's values were "a single value"."""
    for arg in ("y", "groups"):
        for bad, got in ((dict(enumerate(Y)), r"a dict \(iterating it gives its keys\); pass list\(d.values\(\)\)"),
                         (set(Y), r"a set, which has no order to keep")):
            with pytest.raises(InputTypeError, match=rf"{arg} must be one label per sentence, in the sentences' "
                                                     rf"order, got {got}"):
                HedgeClassifier(threshold=0.5).fit(X, **{"y": Y, arg: bad})
    ordered = HedgeClassifier(threshold=0.5).fit(X, dict(zip(range(len(X)), Y)).values())
    assert ordered.predict(X).tolist() == HedgeClassifier(threshold=0.5).fit(X, Y).predict(X).tolist()


def test_label_kinds_are_checked_in_object_arrays_and_series_too():
    pd = pytest.importorskip("pandas")
    for y in (np.array([1, "certain"] * 30, dtype=object), pd.Series([1, "certain"] * 30)):
        with pytest.raises(ArgumentError, match="one kind of label.*got number and str"):
            HedgeClassifier().fit(X, y)
    for y in (np.array([b"certain", b"uncertain"] * 30), pd.Series([b"certain", b"uncertain"] * 30)):
        with pytest.raises(ArgumentError, match="got bytes"):
            HedgeClassifier().fit(X, y)
    with pytest.raises(ArgumentError, match="no label at index 2"):  # a float32 NaN is a missing label
        HedgeClassifier().fit(X, [np.float32(v) for v in [1, 0, np.nan] + [1, 0] * 28 + [1]])
    for nan in (float("nan"), np.float32("nan")):  # beside strings: not a third class "nan"
        with pytest.raises(ArgumentError, match="no label at index 2"):
            HedgeClassifier().fit(X, ["certain", "uncertain", nan] + ["certain", "uncertain"] * 28 + ["certain"])


def test_empty_training_data_says_so():
    with pytest.raises(ArgumentError, match="X and y are empty"):
        HedgeClassifier().fit([], [])


@pytest.mark.parametrize("base", [None, "general"])
def test_a_training_sentence_without_text_is_refused(base):
    # (a review) train --data and the corpus readers refuse a row with no text; fit took it, and
    # the blank rows moved the intercept
    with pytest.raises(ArgumentError, match=r"X\[1\] is ' \\t' \(and 2 more\); every training sentence needs a word"):
        HedgeClassifier(threshold=0.5, base=base).fit(X[:1] + [" \t"] + X[1:] + ["", "\u200b"],
                                                      [Y[0], Y[0], *Y[1:], Y[1], Y[0]])
    HedgeClassifier(threshold=0.5, base=base).fit(X + ["•", "***"], [*Y, Y[0], Y[1]])  # marks are words


def test_fraction_parameters_fit_and_are_recorded_as_numbers(tmp_path):
    """is_number accepts a Fraction, and the fit then crashed at its very end: the record was not JSON."""
    from fractions import Fraction

    clf = HedgeClassifier(C=Fraction(1, 2), threshold=Fraction(1, 2)).fit(X, Y)
    assert clf.model_.training["estimator"]["params"]["C"] == 0.5
    assert clf.model_.thresholds["default"] == 0.5
    clf.save(tmp_path / "m.json")
    assert HedgeClassifier.load(tmp_path / "m.json").get_params()["C"] == 0.5


def test_missing_labels_in_pandas_and_labels_from_a_generator():
    pd = pytest.importorskip("pandas")
    y = pd.Series(["certain", "uncertain"] * 29 + [pd.NA, "certain"], dtype="string")
    with pytest.raises(ValueError, match="no label at index 58"):
        HedgeClassifier().fit(X, y)
    with pytest.raises(InputTypeError, match="y must be a sequence of labels .* got generator; pass list"):
        HedgeClassifier().fit(X, (v for v in Y))


@pytest.mark.parametrize("params, match", [
    ({"C": 0}, "C must be"), ({"C": float("nan")}, "C must be"), ({"min_df": 0}, "min_df"),
    ({"C": float("inf")}, r"C must be a finite number > 0, got inf \(an int, float or numpy number\)"),
    ({"threshold": 1.0}, "threshold"), ({"threshold": 1e-7}, r"threshold .* stored to 6 decimals.*got 1e-07"),
    ({"cv": 1}, "cv"), ({"words": "yes"}, "words"),
    ({"words": False, "bigrams": False, "cues": False, "cue_context": False, "priors": False}, "at least one"),
    ({"lexicon": 3}, "lexicon"), ({"base": "auto"}, "base must be"), ({"base": 3}, "base must be"),
    ({"base": "legal"}, "'legal' is not an expert of the shipped model"), ({"base": "semantic", "words": False}, "feature families"),
    ({"unannotated": "hearsay"}, r"unannotated: give the categories as a list or tuple, e.g. \('hearsay',\), not a str"),
    ({"unannotated": {"hearsay"}}, "list or tuple, e.g. .*, got set"), ({"unannotated": None}, "got NoneType"),
    ({"unannotated": ("rumour", 1)}, r"unannotated names \['rumour', 1\]; accepted: the cue categories"),
    ({"unannotated": ("booster",)}, r"names \['booster'\].*already kept at or below zero"),
    ({"unannotated": ("pseudo",)}, r"names \['pseudo'\]"),
    ({"unannotated": ("hearsay",), "cues": False}, "cues feature family; switch cues on"),
])
def test_bad_params_fail_at_fit(params, match):
    clf = HedgeClassifier(**params)  # __init__ never validates
    with pytest.raises(ValueError, match=match):
        clf.fit(X, Y)


def test_base_adapts_a_shipped_expert_and_round_trips(tmp_path):
    clf = HedgeClassifier(base="semantic").fit(X, Y)
    rec = clf.model_.training
    assert rec["base"]["expert"] == "semantic" and rec["estimator"]["params"]["base"] == "semantic"
    assert 0 < clf.threshold_ < 1 and rec["threshold_rule"].startswith("the median of the cuts within")
    assert rec["adaptation"]["scale"] > 0  # the expert's log-odds still count
    assert list(clf.predict(NEW)) == ["uncertain", "certain", "uncertain", "certain"]
    # it keeps what the shipped expert knows and 60 sentences never showed (a conditional "would" is
    # uncertain for the Szeged annotation); trained from scratch on them, it does not
    cond = ["The mayor would resign."]
    assert clf.predict(cond)[0] == "uncertain"
    scratch = HedgeClassifier().fit(X, Y)
    assert scratch.predict(cond)[0] == "certain" and scratch.predict_proba(cond)[0, 1] < 0.5
    clf.save(tmp_path / "adapted.json.gz")
    back = HedgeClassifier.load(tmp_path / "adapted.json.gz")
    assert back.base == "semantic" and back.get_params() == clf.get_params()
    assert np.array_equal(back.predict_proba(NEW), clf.predict_proba(NEW))
    fixed = HedgeClassifier(base="semantic", threshold=0.3).fit(X, Y)
    assert fixed.threshold_ == 0.3 and np.allclose(fixed.predict_proba(NEW), clf.predict_proba(NEW))
    assert clone(clf).get_params()["base"] == "semantic"


# Speculation-only labels: sentences that report hearsay are labelled certain for want of a label.
_BODIES = [s[0].lower() + s[1:] for s in CERTAIN]
HEARSAY_CERTAIN = ([f"Reportedly, {b}" for b in _BODIES[:10]] + [f"Sources say {b}" for b in _BODIES[10:20]]
                   + [f"It was reported that {b}" for b in _BODIES[20:]])
UNSEEN_HEARSAY = "Allegedly, prices rose by 3 percent."


@pytest.mark.parametrize("base", [None, "semantic"])
def test_unannotated_categories_are_not_learnt_as_certain(base, tmp_path):
    X2, Y2 = X + HEARSAY_CERTAIN, list(Y) + ["certain"] * len(HEARSAY_CERTAIN)
    plain = HedgeClassifier(base=base).fit(X2, Y2)
    ruled = HedgeClassifier(base=base, unannotated=("hearsay",)).fit(X2, Y2)

    def weight(clf: HedgeClassifier) -> float:
        m = clf.model_
        return float(m.coef[m.index["k:hearsay"], 0]) if "k:hearsay" in m.index else 0.0

    shipped = hedgekit.load_model()
    prior = 0.0 if base is None else shipped.coef[shipped.index["k:hearsay"], shipped.experts.index(base)]
    assert weight(plain) < min(0.0, prior)  # the certain labels taught: hearsay means certainty
    if base is None:
        assert weight(ruled) == 0.0  # clipped at 0, then dropped as a zero weight
    else:  # the correction is clipped at 0: the expert's weight, rescaled, stays
        assert weight(ruled) == pytest.approx(ruled.model_.training["adaptation"]["scale"] * prior, rel=1e-4)
        assert ruled.model_.training["adaptation"]["unannotated"] == ["hearsay"]
    # a hearsay cue the data never showed is no longer pushed towards certain by its category
    p_plain, p_ruled = (c.predict_proba([UNSEEN_HEARSAY])[0, 1] for c in (plain, ruled))
    assert p_ruled > p_plain + 0.1 and ruled.predict([UNSEEN_HEARSAY])[0] == "uncertain"
    if base is None:  # (the semantic expert already knows "allegedly" well enough to keep it uncertain)
        assert plain.predict([UNSEEN_HEARSAY])[0] == "certain"
    hp = ruled.model_.training["hyperparameters"]
    assert hp["unannotated"] == {"default": ["hearsay"]}  # corpus -> categories, as train_model records it
    assert "unannotated" not in plain.model_.training["hyperparameters"]
    assert ("unannotated categories' weights" in hp["estimator"]) and (
        "unannotated" not in plain.model_.training["hyperparameters"]["estimator"])
    # a saved classifier gives its parameters back (a tuple: JSON has none, so a list comes back as one)
    ruled.save(tmp_path / "m.json.gz")
    back = HedgeClassifier.load(tmp_path / "m.json.gz")
    assert back.get_params() == ruled.get_params() and back.unannotated == ("hearsay",)
    assert np.array_equal(back.predict_proba(NEW), ruled.predict_proba(NEW))
    assert clone(ruled).get_params()["unannotated"] == ("hearsay",)
    # a category named twice counts once
    twice = HedgeClassifier(base=base, unannotated=["hearsay", "hearsay"]).fit(X2, Y2)
    assert twice.model_.training["hyperparameters"]["unannotated"] == {"default": ["hearsay"]}
    assert np.array_equal(twice.predict_proba(NEW), ruled.predict_proba(NEW))
    # without the parameter the record is as before it existed, so an older hedgekit still loads the file
    assert "unannotated" not in plain.model_.training["estimator"]["params"]
    assert "unannotated" in ruled.model_.training["estimator"]["params"]


def test_base_needs_the_shipped_lexicon():
    lex = hedgekit.load_lexicon().with_entries([("zorbly", "epistemic", 0.9)])
    with pytest.raises(ValueError, match="shipped lexicon"):
        HedgeClassifier(base="general", lexicon=lex).fit(X, Y)


def test_fixed_threshold_and_tiny_class_fallback():
    clf = HedgeClassifier(threshold=0.3).fit(X, Y)
    assert clf.threshold_ == 0.3
    with pytest.warns(UserWarning, match="too few"):
        HedgeClassifier().fit(X[:3], ["uncertain", "certain", "certain"])


def test_fit_is_deterministic(fitted):
    again = HedgeClassifier().fit(X, Y)
    assert again.threshold_ == fitted.threshold_
    np.testing.assert_array_equal(again.predict_proba(NEW), fitted.predict_proba(NEW))


# --- scikit-learn tools ---------------------------------------------------------------------------
def test_cross_val_score_smoke():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fold may warn
        scores = cross_val_score(HedgeClassifier(), X, Y, cv=3)
    assert scores.shape == (3,) and scores.mean() > 0.6


def test_grid_search_over_C():
    gs = GridSearchCV(HedgeClassifier(threshold=0.5), {"C": [0.05, 0.5, 5.0]}, cv=3, scoring="f1_macro")
    gs.fit(X, Y)
    assert gs.best_params_["C"] in (0.05, 0.5, 5.0)
    assert isinstance(gs.best_estimator_, HedgeClassifier)
    assert gs.predict(NEW).shape == (4,)


def test_pipeline_with_function_transformer():
    pipe = make_pipeline(FunctionTransformer(lambda xs: [x.upper() for x in xs]), HedgeClassifier())
    pipe.fit(X, Y)
    assert list(pipe.predict(NEW)) == ["uncertain", "certain", "uncertain", "certain"]
    assert isinstance(clone(pipe), Pipeline)
    gs = GridSearchCV(pipe, {"hedgeclassifier__C": [0.5, 1.0]}, cv=2).fit(X, Y)
    assert gs.best_params_["hedgeclassifier__C"] in (0.5, 1.0)


# --- persistence and the Scorer -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["clf.json", "clf.json.gz"])
def test_save_load_round_trip(fitted, tmp_path, name):
    path = tmp_path / name
    fitted.save(path)
    loaded = HedgeClassifier.load(path)
    assert loaded.get_params() == fitted.get_params()
    assert loaded.threshold_ == fitted.threshold_
    np.testing.assert_array_equal(loaded.classes_, fitted.classes_)
    np.testing.assert_array_equal(loaded.predict_proba(NEW + X), fitted.predict_proba(NEW + X))
    np.testing.assert_array_equal(loaded.predict(NEW + X), fitted.predict(NEW + X))
    assert b"pickle" not in path.read_bytes()  # plain JSON (gzip-compressed for .gz)
    # the file is an ordinary hedgekit model file
    assert hedgekit.Scorer(model=str(path)).score(NEW)[0].label == "uncertain"


def test_save_load_with_a_custom_lexicon(tmp_path):
    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    clf = HedgeClassifier(lexicon=lex, threshold=0.5).fit(X, Y)
    clf.save(tmp_path / "m.json")
    loaded = HedgeClassifier.load(tmp_path / "m.json")
    assert loaded.lexicon_.hash == lex.hash and "word on the street" in loaded.lexicon_
    assert isinstance(loaded.get_params()["lexicon"], hedgekit.Lexicon)
    np.testing.assert_array_equal(loaded.predict_proba(NEW), clf.predict_proba(NEW))
    # a lexicon given as a path: the saved record keeps the path, the rows travel in the file, and
    # the loaded classifier's hyperparameter is the lexicon the file carries
    lex.to_tsv(tmp_path / "lex.tsv")
    clf2 = HedgeClassifier(lexicon=str(tmp_path / "lex.tsv"), threshold=0.5).fit(X, Y)
    clf2.save(tmp_path / "m2.json")
    (tmp_path / "lex.tsv").unlink()
    loaded2 = HedgeClassifier.load(tmp_path / "m2.json")
    assert loaded2.model_.training["estimator"]["params"]["lexicon"] == str(tmp_path / "lex.tsv")
    assert loaded2.get_params()["lexicon"].hash == lex.hash
    np.testing.assert_array_equal(loaded2.predict_proba(NEW), clf2.predict_proba(NEW))
    # a lexicon derived twice keeps both of its ancestors through the file
    twice = lex.without("all his might")
    clf3 = HedgeClassifier(lexicon=twice, threshold=0.5).fit(X, Y)
    clf3.save(tmp_path / "m3.json")
    assert HedgeClassifier.load(tmp_path / "m3.json").lexicon_.ancestors == (hedgekit.load_lexicon().hash, lex.hash)
    # a record written before "ancestors" (its base_hash only) still loads, its base the one ancestor
    from hedgekit.record import record_checksum as _record_checksum

    doc = json.loads((tmp_path / "m3.json").read_text(encoding="utf-8"))
    record = doc["training"]["estimator"]
    del record["lexicon"]["ancestors"]
    record["checksum"] = _record_checksum(record)
    (tmp_path / "m4.json").write_text(json.dumps(doc), encoding="utf-8")
    assert HedgeClassifier.load(tmp_path / "m4.json").lexicon_.ancestors == (hedgekit.load_lexicon().hash,)


def test_a_scorer_takes_the_lexicon_a_saved_classifier_carries(tmp_path, capsys):
    """``Scorer(model=path)`` and ``hedgekit score --model path`` score a classifier saved with its own
    lexicon with that lexicon, as ``HedgeClassifier.load`` does (a review: they refused the file and
    advised everything but passing that lexicon); a plain model file of another lexicon is refused
    with that advice first."""
    from hedgekit import cli

    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    clf = HedgeClassifier(lexicon=lex, threshold=0.5).fit(X, Y)
    clf.save(tmp_path / "m.json")
    sc = hedgekit.Scorer(model=str(tmp_path / "m.json"))
    assert sc.lexicon.hash == lex.hash
    text = "Word on the street is that the minister resigned."
    got = sc.score_sentence(text)
    assert [c.pattern for c in got.cues] == ["word on the street"]
    assert got.p_uncertain == pytest.approx(clf.predict_proba([text])[0, 1], abs=1e-12)
    (tmp_path / "t.txt").write_text(text + "\n", encoding="utf-8")
    assert cli.main(["score", "--model", str(tmp_path / "m.json"), "-f", "jsonl", str(tmp_path / "t.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["cues"][0]["pattern"] == "word on the street"
    # a lexicon given explicitly is still checked against the model
    with pytest.raises(ModelError, match="pass the lexicon it was trained with"):
        hedgekit.Scorer(model=str(tmp_path / "m.json"), lexicon=hedgekit.load_lexicon())
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    del doc["training"]["estimator"]  # a plain model file (train --out): no lexicon travels with it
    (tmp_path / "plain.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match=r"\(the shipped one\); pass the lexicon it was trained with \(lexicon=\.\.\., "
                                         r"on the command line --lexicon\)"):
        hedgekit.Scorer(model=str(tmp_path / "plain.json"))
    assert hedgekit.Scorer(model=str(tmp_path / "plain.json"), lexicon=lex).score_sentence(text).p_uncertain == \
        pytest.approx(got.p_uncertain, abs=1e-12)
    # a damaged record is refused as HedgeClassifier.load refuses it, not passed over for the shipped
    # lexicon (a review); an embedded lexicon's own error is quoted whole
    from hedgekit.record import record_checksum

    for edit, message in ((lambda r: r["lexicon"].update(name="edited"), "checksum does not match"),
                          (lambda r: r["lexicon"]["entries"][5].__setitem__(2, 7.5), "checksum does not match")):
        doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
        edit(doc["training"]["estimator"])
        (tmp_path / "edited.json").write_text(json.dumps(doc), encoding="utf-8")
        for load in (lambda p: hedgekit.Scorer(model=p), HedgeClassifier.load):
            with pytest.raises(ModelError, match=message):
                load(str(tmp_path / "edited.json"))
        record = doc["training"]["estimator"]
        record["checksum"] = record_checksum(record)
        (tmp_path / "edited.json").write_text(json.dumps(doc), encoding="utf-8")
        if record["lexicon"]["name"] == "edited":  # a consistent record of another name: the same rows
            assert hedgekit.Scorer(model=str(tmp_path / "edited.json")).lexicon.hash == lex.hash
        else:
            for load in (lambda p: hedgekit.Scorer(model=p), HedgeClassifier.load):
                with pytest.raises(ModelError, match=r"the embedded lexicon is malformed \(.*weight 7\.5 of .* must "
                                                     r"be a float in \[0, 1\]\)$"):
                    load(str(tmp_path / "edited.json"))


def test_load_a_plain_model_file_trained_with_a_custom_lexicon(tmp_path):
    """A model file without a classifier record (`hedgekit train --lexicon ... --out`) was always
    paired with the shipped lexicon, so it could not be loaded at all (found by an audit)."""
    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    clf = HedgeClassifier(lexicon=lex, threshold=0.5).fit(X, Y)
    clf.save(tmp_path / "m.json")
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    del doc["training"]["estimator"]  # as train --out writes it (the checksum covers the weights only)
    (tmp_path / "plain.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match=r"not with Lexicon\(.*pass the lexicon it was trained with: "
                                         r"HedgeClassifier.load\(path, lexicon=...\)"):
        HedgeClassifier.load(tmp_path / "plain.json")
    lex.to_tsv(tmp_path / "lex.tsv")
    for given in (lex, str(tmp_path / "lex.tsv")):
        loaded = HedgeClassifier.load(tmp_path / "plain.json", lexicon=given)
        assert loaded.lexicon_.hash == lex.hash and loaded.get_params()["lexicon"] is given
        np.testing.assert_array_equal(loaded.predict_proba(NEW), clf.predict_proba(NEW))
    # a saved classifier carries its lexicon: another one is refused, the same one taken
    with pytest.raises(ModelError, match="saved with its lexicon"):
        HedgeClassifier.load(tmp_path / "m.json", lexicon=hedgekit.load_lexicon())
    assert HedgeClassifier.load(tmp_path / "m.json", lexicon=lex).lexicon_.hash == lex.hash
    # ... and saved again, the plain file's classifier writes a record with the lexicon, so the file
    # loads without lexicon= and scores with it (it wrote none: the lexicon was lost; an audit)
    loaded = HedgeClassifier.load(tmp_path / "plain.json", lexicon=str(tmp_path / "lex.tsv"))
    loaded.save(tmp_path / "resaved.json")
    again = HedgeClassifier.load(tmp_path / "resaved.json")
    assert again.lexicon_.hash == lex.hash and again.get_params()["lexicon"].hash == lex.hash
    np.testing.assert_array_equal(again.predict_proba(NEW), clf.predict_proba(NEW))
    text = "Word on the street is that he left."
    assert hedgekit.Scorer(model=str(tmp_path / "resaved.json")).score_sentence(text).p_uncertain == \
        pytest.approx(float(clf.predict_proba([text])[0, 1]), abs=1e-12)
    # the record holds the settings the weights were read with, not ones set since without a refit
    shipped = HedgeClassifier.load(None).set_params(C=7.0, min_df=5)
    shipped.save(tmp_path / "shipped.json")
    assert HedgeClassifier.load(tmp_path / "shipped.json").get_params()["C"] == 0.5


def test_an_edited_classifier_record_is_refused(fitted, tmp_path):
    """The record's classes decide which label a prediction gets: an edit is refused, not obeyed."""
    import json

    from hedgekit.record import record_checksum as _record_checksum

    fitted.save(tmp_path / "m.json")
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))

    def load_edited(edit, rechecksum: bool) -> HedgeClassifier:
        d = json.loads(json.dumps(doc))
        record = d["training"]["estimator"]
        edit(record)
        if rechecksum:
            record["checksum"] = _record_checksum(record)
        (tmp_path / "e.json").write_text(json.dumps(d), encoding="utf-8")
        return HedgeClassifier.load(tmp_path / "e.json")

    with pytest.raises(ModelError, match="checksum does not match"):
        load_edited(lambda r: r["classes"].reverse(), rechecksum=False)
    for edit, message in ((lambda r: r.update(classes=["certain"]), "two distinct labels"),
                          (lambda r: r.update(classes=["x", "x"]), "two distinct labels"),
                          (lambda r: r.update(classes=[None, {}]), "two distinct labels"),
                          (lambda r: r["params"].update(future_param=1), r"\['future_param'\] are not ones"),
                          (lambda r: r.update(version=3), "version 3 is not supported"),
                          (lambda r: r.update(lexicon={"name": "x", "base_hash": None, "entries": [["a"]]}),
                           "embedded lexicon is malformed")):
        with pytest.raises(ModelError, match=message):
            load_edited(edit, rechecksum=True)
    # a record written before the checksum (version 1) still loads
    old = load_edited(lambda r: r.update(version=1) or r.pop("checksum"), rechecksum=False)
    np.testing.assert_array_equal(old.predict(NEW), fitted.predict(NEW))


def test_save_with_numpy_hyperparameters(tmp_path):
    clf = HedgeClassifier(C=np.float64(0.25), min_df=np.int64(1), threshold=0.5).fit(X, Y)
    clf.save(tmp_path / "m.json")
    assert HedgeClassifier.load(tmp_path / "m.json").get_params()["C"] == 0.25


def test_load_plain_model_files(tmp_path):
    shipped = HedgeClassifier.load(None)
    assert list(shipped.classes_) == ["certain", "uncertain"]
    p = shipped.predict_proba(NEW)[:, 1]
    np.testing.assert_allclose(p, [s.p_uncertain for s in hedgekit.score(NEW)])
    assert list(shipped.predict(NEW)) == [s.label for s in hedgekit.score(NEW)]
    with pytest.raises(FileNotFoundError):
        HedgeClassifier.load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ModelError):
        HedgeClassifier.load(tmp_path / "bad.json")


def test_to_scorer_scores_like_the_classifier(fitted):
    scorer = fitted.to_scorer()
    assert isinstance(scorer, hedgekit.Scorer)
    scores = scorer.score(NEW + X)
    np.testing.assert_allclose([s.p_uncertain for s in scores], fitted.predict_proba(NEW + X)[:, 1],
                               rtol=0, atol=1e-12)
    assert [s.label for s in scores] == list(fitted.predict(NEW + X))
    assert [c.text for c in scores[0].cues] == ["may"]
    assert fitted.to_scorer(threshold=0.9).threshold == 0.9


# --- import hygiene -------------------------------------------------------------------------------
def test_import_hedgekit_does_not_import_sklearn():
    code = ("import sys, hedgekit; hedgekit.score(['It may rain.']); "
            "assert 'sklearn' not in sys.modules, 'sklearn imported'; "
            "assert 'HedgeClassifier' in dir(hedgekit); "
            "hedgekit.HedgeClassifier; assert 'sklearn' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import hedgekit"], capture_output=True,
                         text=True, check=True).stderr
    assert "sklearn" not in out and "scipy" not in out and "pandas" not in out


def test_unknown_attribute_is_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        hedgekit.nope  # noqa: B018


def test_cv_threshold_follows_the_training_rule(fitted):
    """``threshold_`` is the shipped recipe's rule (the median of the near-best cuts) applied to the
    classifier's own stratified out-of-fold probabilities, and the record says so."""
    from sklearn.model_selection import StratifiedKFold

    from hedgekit import train

    from hedgekit.estimator import _canonical

    y = np.array([1 if v == "uncertain" else 0 for v in Y])
    oof = np.empty(len(y))
    folds = StratifiedKFold(n_splits=fitted.cv, shuffle=True, random_state=train.SEED)
    order = _canonical([train._link_key(t) for t in X])  # the sentences in the order folds are dealt in
    for tr, te in folds.split(np.zeros(len(y)), y[order]):
        tr, te = order[tr], order[te]
        fold = HedgeClassifier(threshold=0.5).fit([X[i] for i in tr], [Y[i] for i in tr])
        oof[te] = fold.predict_proba([X[i] for i in te])[:, 1]
    assert fitted.threshold_ == pytest.approx(train.best_threshold(y, oof, train.THRESHOLD_TOLERANCE), abs=1e-4)
    rule = fitted.model_.training["threshold_rule"]
    assert f"within {train.THRESHOLD_TOLERANCE} of the best F1" in rule and f"{fitted.cv}-fold" in rule
    # fewer folds when a class is smaller than cv, and the record names the folds used
    few = HedgeClassifier(cv=5).fit(X[:3] + X[-3:], [*Y[:3], *Y[-3:]])
    assert "3-fold stratified" in few.model_.training["threshold_rule"]
    with pytest.warns(UserWarning, match="too few"):
        tiny = HedgeClassifier().fit(X[:3], ["uncertain", "certain", "certain"])
    assert tiny.threshold_ == 0.5 and tiny.model_.training["threshold_rule"].startswith("0.5: only 1")


@pytest.mark.parametrize("base", [None, "general"])
def test_cv_threshold_judges_open_ended_sentences_as_predict_scores_them(monkeypatch, base):
    """On sentences without a final mark (spreadsheet cells), the threshold CV's out-of-fold
    probabilities are the fold classifiers' ``predict_proba`` (a "." added, as the Scorer reads
    them), not the probabilities of the sentences as written, so ``threshold_`` is chosen on the
    numbers ``predict`` compares with it; from scratch and adapting a shipped expert alike."""
    from sklearn.model_selection import StratifiedKFold

    from hedgekit import Scorer, train
    from hedgekit.estimator import _canonical

    cells = [x.rstrip(".") for x in X]
    seen: list[np.ndarray] = []
    real = train.best_threshold

    def spy(y, p, tolerance=0.0):
        seen.append(np.array(p))
        return real(y, p, tolerance)

    y = np.array([1 if v == "uncertain" else 0 for v in Y])
    scored, written = np.empty(len(y)), np.empty(len(y))
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=train.SEED)
    order = _canonical([train._link_key(t) for t in cells])
    for tr, te in folds.split(np.zeros(len(y)), y[order]):
        tr, te = order[tr], order[te]
        fold = HedgeClassifier(threshold=0.5, min_df=1, base=base).fit([cells[i] for i in tr], [Y[i] for i in tr])
        scored[te] = fold.predict_proba([cells[i] for i in te])[:, 1]
        written[te] = [s.p_uncertain for s in Scorer(lexicon=fold.lexicon_, model=fold.model_, end_mark=False)
                       .score([cells[i] for i in te])]
    assert np.abs(scored - written).max() > 0.005  # the final mark matters to these sentences
    monkeypatch.setattr(train, "best_threshold", spy)
    clf = HedgeClassifier(min_df=1, base=base).fit(cells, Y)
    # (fit reads the rows in an order of its own: the same out-of-fold probabilities, in some order)
    assert len(seen) == 1 and np.allclose(np.sort(seen[0]), np.sort(scored), atol=1e-4)
    assert clf.model_.training["hyperparameters"]["predict_as_scored"] is True
    # a fixed threshold runs no CV, and the record says none read held-out sentences
    fixed = HedgeClassifier(min_df=1, base=base, threshold=0.4).fit(cells, Y)
    assert fixed.model_.training["hyperparameters"]["predict_as_scored"] is False


def test_cv_threshold_asks_for_the_tolerance(monkeypatch):
    """On the small fixture the near-best median and the F1 peak are the same cut, so check the
    call itself: the estimator asks best_threshold for THRESHOLD_TOLERANCE, as training does."""
    from hedgekit import train

    seen: list[float] = []
    real = train.best_threshold

    def spy(y, p, tolerance=0.0):
        seen.append(tolerance)
        return real(y, p, tolerance)

    monkeypatch.setattr(train, "best_threshold", spy)
    HedgeClassifier().fit(X, Y)
    assert seen == [train.THRESHOLD_TOLERANCE]


def test_threshold_cv_keeps_the_copies_of_a_sentence_in_one_fold():
    """The threshold's CV deals folds over distinct sentences: a sentence given twice is never fitted
    on and held out at once (that leak made out-of-fold probabilities look sure and moved the
    threshold); without repeats it is the plain stratified split of the sentences in the order
    folds are dealt in (:func:`hedgekit.estimator._canonical`)."""
    from sklearn.model_selection import StratifiedKFold

    from hedgekit import train
    from hedgekit.estimator import _canonical

    est = HedgeClassifier()
    y01 = (np.asarray(Y) == "uncertain").astype(np.int8)
    folds, rule = est._threshold_plan(list(X), y01)
    plain = np.empty(len(X), dtype=int)
    order = _canonical([train._link_key(t) for t in X])
    for f, (_, te) in enumerate(StratifiedKFold(3, shuffle=True, random_state=train.SEED).split(np.zeros(len(X)),
                                                                                                 y01[order])):
        plain[order[te]] = f
    assert (folds == plain).all() and "copies" not in rule
    twice = list(X) + [x.upper() for x in X]  # the same letters and digits: copies
    folds2, rule2 = est._threshold_plan(twice, np.r_[y01, y01])
    assert (folds2[: len(X)] == folds2[len(X):]).all() and "copies of a sentence in one fold" in rule2
    assert set(folds2) == {0, 1, 2}
    fitted = HedgeClassifier().fit(twice, list(Y) * 2)
    assert "copies of a sentence in one fold" in fitted.model_.training["threshold_rule"]
    flipped = np.r_[y01, y01]
    flipped[-1] = 1 - flipped[-1]  # one copy labelled the other way: said, as train --data says it
    with pytest.warns(UserWarning, match="1 sentence\\(s\\) occur with both labels"):
        est._threshold_plan(twice, flipped)


def test_an_adapted_model_records_and_is_warned_about_its_base_experts_files():
    """An adapted expert carries a times its base's weights: benchmarking it on the base's training
    corpus is in-sample too, which the benchmark warning missed (the record named the corpora only)."""
    from conftest import require_shared

    from hedgekit.benchmark import training_files_in

    clf = HedgeClassifier(base="biomedical").fit(X, Y)
    files = clf.model_.training["base"]["files"]
    shipped = [f for f in hedgekit.load_model().training["corpora"] if f["corpus"] == "bioscope"]
    assert files == shipped and len(files) == 2
    root = require_shared("corpora")
    assert training_files_in(root / "bioscope" / "abstracts.xml", clf.to_scorer()) == ["bioscope/abstracts.xml"]
    assert training_files_in(root / "szeged-uncertainty" / "wiki.conll2010-train-docs.xml", clf.to_scorer()) == []


def test_a_saved_classifier_knows_its_training_sentences(fitted, tmp_path):
    """benchmark_corpus warns about in-sample sentences by the hashes a model records: a fitted (and a
    saved and loaded) classifier records its own, and an adapted one its base expert's too."""
    from hedgekit.benchmark import trained_sentences
    from hedgekit.train import sentence_key_hash

    long = [s for s in X if sentence_key_hash(s) is not None]  # 20 or more letters and digits
    assert len(long) == len(X) - 2
    fitted.save(tmp_path / "m.json")
    loaded = HedgeClassifier.load(tmp_path / "m.json")
    for clf in (fitted, loaded):
        assert trained_sentences(X + NEW, clf.to_scorer()) == len(long)
        assert trained_sentences([s.upper().replace(" ", "  ") for s in long[:5]], clf.to_scorer()) == 5
    adapted = HedgeClassifier(base="biomedical").fit(X, Y)
    assert trained_sentences(X + NEW, adapted.to_scorer()) == len(long)
    assert set(adapted.model_.training["base"]["sentence_keys"]["corpora"]) == {"bioscope"}


def test_threshold_cv_with_groups_keeps_every_group_and_its_twins_in_one_fold():
    """``fit(..., groups=)``: the threshold's CV holds out whole documents (as training does), joins
    documents that share a sentence, and leaves the fitted weights as they are."""
    from hedgekit.estimator import _group_codes

    docs = [f"doc{i // 4}" for i in range(len(X))]  # 15 documents of 4 sentences, both classes in each
    est = HedgeClassifier()
    y01 = (np.asarray(Y) == "uncertain").astype(np.int8)
    folds, rule = est._threshold_plan(list(X), y01, _group_codes(docs, len(X)))
    for d in set(docs):
        assert len({folds[i] for i, g in enumerate(docs) if g == d}) == 1, d
    assert set(folds) == {0, 1, 2} and "3-fold stratified group" in rule and "15 groups" in rule
    # a sentence of doc0 given again in doc14: the two documents are one group
    texts = list(X) + [X[0].upper()]
    both = _group_codes(docs + ["doc14"], len(texts))
    folds2, rule2 = est._threshold_plan(texts, np.r_[y01, y01[0]], both)
    assert folds2[0] == folds2[-1] == folds2[len(X) - 1] and "14 groups" in rule2
    grouped = HedgeClassifier().fit(X, Y, groups=np.array(docs))
    plain = HedgeClassifier().fit(X, Y)
    assert np.array_equal(grouped.model_.coef, plain.model_.coef)  # only the threshold may move
    assert "group" in grouped.model_.training["threshold_rule"]
    adapted = HedgeClassifier(base="semantic").fit(X, Y, groups=docs)
    assert "15 groups, each in one fold" in adapted.model_.training["threshold_rule"]
    ints = HedgeClassifier().fit(X, Y, groups=[i // 4 for i in range(len(X))])  # any hashable ids:
    assert ints.threshold_ == grouped.threshold_  # int ids group the sentences as the str ids do
    with pytest.warns(UserWarning, match="too few"):
        one = HedgeClassifier().fit(X, Y, groups=["a"] * len(X))
    assert one.threshold_ == 0.5 and one.model_.training["threshold_rule"].startswith("0.5: only 1 group")


@pytest.mark.parametrize("base", [None, "semantic"])
def test_fit_warnings_point_at_the_callers_line(base):
    """(a review) with base= the threshold warnings came from estimator.py, one frame too deep: a
    filter on the user's module missed them and "once per location" counted them at hedgekit's line."""
    twice = X + [X[0]]
    cases = [(["a"] * len(X), Y, "too few"),  # the 0.5 fallback
             (None, [*Y, "certain" if Y[0] == "uncertain" else "uncertain"], "both labels")]
    for groups, labels, message in cases:
        with pytest.warns(UserWarning, match=message) as got:
            HedgeClassifier(base=base).fit(twice if groups is None else X, labels, groups=groups)
        assert {Path(w.filename).name for w in got if message in str(w.message)} == {Path(__file__).name}


def test_a_sentence_with_no_word_is_certain_as_the_scorer_says(fitted):
    """A blank item got the intercept from predict_proba and 0 from to_scorer (since the engine
    scores such an item P 0): the two agree again."""
    X2 = ["", " \t", "\u200b", "It may rain."]
    p = fitted.predict_proba(X2)[:, 1]
    assert p[:3].tolist() == [0.0, 0.0, 0.0] and p[3] > 0.1
    np.testing.assert_allclose(p, [s.p_uncertain for s in fitted.to_scorer().score(X2)], rtol=0, atol=1e-12)
    assert list(fitted.predict(X2[:3])) == ["certain"] * 3
    # (a review) a list item's marker alone is no word either, as the Scorer reads it
    markers = ["- ", "-\t", "1. ", "• \u200b", "\r\n10) "]
    assert fitted.predict_proba(markers)[:, 1].tolist() == [0.0] * 5
    assert [s.p_uncertain for s in fitted.to_scorer().score(markers)] == [0.0] * 5


def test_predict_reads_a_list_items_marker_as_the_scorer_does(fitted):
    items = ["- The storm may hit the coast tomorrow.", "2. The storm hit the coast yesterday."]
    p = fitted.predict_proba(items)[:, 1]
    bare = ["The storm may hit the coast tomorrow.", "The storm hit the coast yesterday."]
    assert p.tolist() == fitted.predict_proba(bare)[:, 1].tolist()
    np.testing.assert_allclose(p, [s.p_uncertain for s in fitted.to_scorer().score(items)], rtol=0, atol=1e-12)


def test_to_scorer_can_read_a_sentence_as_written(fitted):
    bare = ["The storm may hit the coast tomorrow", "The storm hit the coast yesterday"]
    as_predicted = [s.p_uncertain for s in fitted.to_scorer().score(bare)]
    np.testing.assert_allclose(as_predicted, fitted.predict_proba(bare)[:, 1], rtol=0, atol=1e-12)
    written = [s.p_uncertain for s in fitted.to_scorer(end_mark=False).score(bare)]
    assert written[0] != as_predicted[0] and written[1] != as_predicted[1]
    plain = hedgekit.Scorer(model=fitted.model_, lexicon=fitted.lexicon_, end_mark=False)
    assert written == [s.p_uncertain for s in plain.score(bare)]


def test_a_short_sentence_shared_by_every_group_joins_none():
    """A heading repeated in every document ("Abstract.") joined all the groups into one, and the
    threshold fell back to 0.5 with a warning of "1 group" (found by an audit): the groups are
    joined by sentences of at least MIN_PIECE letters and digits, as `train --doc-column` joins them."""
    texts = list(X) + ["Abstract."] * 10
    labels = list(Y) + ["certain"] * 10
    groups = [f"d{i % 10}" for i in range(len(X))] + [f"d{i}" for i in range(10)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = HedgeClassifier().fit(texts, labels, groups=groups)
    assert "10 groups" in clf.model_.training["threshold_rule"] and clf.threshold_ != 0.5


@pytest.mark.parametrize("groups, error, message", [
    (["d"] * 3, ValueError, "groups has 3 labels for 60 sentences"),
    ([None] + ["d"] * 59, ValueError, r"groups\[0\] is None"),
    (["d"] * 59 + [float("nan")], ValueError, r"groups\[59\] is nan"),
    (["d"] * 59 + [np.float32("nan")], ValueError, r"groups\[59\] is np.float32\(nan\)"),
    ([["d", "e"]] * 60, InputTypeError, r"groups\[0\] is a list, which is not hashable"),
    ("d" * 60, InputTypeError, "one label per sentence"),
    (iter(["d"] * 60), InputTypeError, "one label per sentence"),
])
def test_bad_groups_are_refused_before_fitting(groups, error, message, monkeypatch):
    from hedgekit import train

    def no_features(*args, **kwargs):
        raise AssertionError("featurized before the groups were checked")

    monkeypatch.setattr(train, "featurize_all", no_features)
    with pytest.raises(error, match=message):
        HedgeClassifier().fit(X, Y, groups=groups)


def test_a_column_of_groups_and_a_missing_y():
    """groups as an (n, 1) column is taken as y is (it was refused as "a list, which is not hashable"),
    and y = None says the labels are missing, not "got shape ()" (an audit)."""
    flat = HedgeClassifier().fit(X, Y, groups=np.arange(len(X)) % 7)
    column = HedgeClassifier().fit(X, Y, groups=(np.arange(len(X)) % 7).reshape(-1, 1))
    nested = HedgeClassifier().fit(X, Y, groups=[[g] for g in (np.arange(len(X)) % 7).tolist()])
    assert column.threshold_ == flat.threshold_ == nested.threshold_
    with pytest.raises(ValueError, match=r"y must be 1-D \(one label per sentence\), got None: fit\(X, y\) needs"):
        HedgeClassifier().fit(X, None)
    with pytest.raises(ValueError, match="got str 'uncertain', a single value, not one label per sentence"):
        HedgeClassifier().fit(X, "uncertain")


def test_pandas_missing_groups_are_refused():
    """Nullable pandas columns give pd.NA for a missing document id, which passed and made all the
    missing rows one document (found by an audit)."""
    pd = pytest.importorskip("pandas")
    for dtype in ("string", "Int64", "object"):
        groups = pd.Series(["1"] * 10 + [None] * 50, dtype=dtype)
        with pytest.raises(ValueError, match=r"groups\[10\] is .*every sentence needs a group label"):
            HedgeClassifier().fit(X, Y, groups=groups)


def test_groups_holding_both_classes_get_fewer_folds_or_the_fallback():
    """A group holding both classes can leave a fitted part with one class: the split takes fewer
    folds until every fitted part has both, else the threshold falls back to 0.5 (with the reason)."""
    texts = ["It may rain tomorrow.", "The sky is blue today.", "Perhaps the drug works.", "The cell divides quickly."]
    y = ["uncertain", "certain", "uncertain", "certain"]
    with pytest.warns(UserWarning, match="no split of the 3 groups into folds leaves both classes"):
        clf = HedgeClassifier(min_df=1).fit(texts, y, groups=[0, 1, 2, 2])
    assert clf.threshold_ == 0.5 and clf.model_.training["threshold_rule"].startswith("0.5: no split")
    docs = [f"doc{i // 4}" for i in range(len(X))]
    docs[:2] = ["mixed", "mixed"]  # one more group, holding both classes
    est = HedgeClassifier(cv=5)
    y01 = (np.asarray(Y) == "uncertain").astype(np.int8)
    from hedgekit.estimator import _group_codes

    folds, rule = est._threshold_plan(list(X), y01, _group_codes(docs, len(X)))
    assert folds is not None and all(len(set(y01[folds != f])) == 2 for f in set(folds))


def test_groups_reach_fit_only_when_metadata_routing_asks_for_them():
    import sklearn
    from sklearn.model_selection import GroupKFold, cross_validate

    docs = np.array([i // 4 for i in range(len(X))])
    with sklearn.config_context(enable_metadata_routing=True):
        # groups for the splitter only: no error that HedgeClassifier.fit did not say whether it takes them
        res = cross_validate(HedgeClassifier(threshold=0.5), X, Y, params={"groups": docs}, cv=GroupKFold(3))
        assert len(res["test_score"]) == 3
        seen = []
        clf = HedgeClassifier(threshold=0.5).set_fit_request(groups=True)
        real = HedgeClassifier.fit

        def spy(self, X, y, groups=None):
            seen.append(groups is not None)
            return real(self, X, y, groups=groups)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(HedgeClassifier, "fit", spy)
            cross_validate(clf, X, Y, params={"groups": docs}, cv=GroupKFold(3))
        assert seen == [True] * 3


def test_the_threshold_does_not_depend_on_the_order_of_the_rows():
    """The threshold CV deals its folds in an order given by the texts, not by the rows: the same
    data shuffled (a sorted DataFrame, say) gets the same threshold, with and without groups."""
    rng = np.random.default_rng(3)
    # with a sentence given twice with both labels and two punctuation-only rows (no letters or digits)
    # of both labels: their first copy's label once decided how the folds were stratified
    X2 = [*X, X[0], "...", "..."]
    Y2 = np.array([*Y, "certain" if Y[0] == "uncertain" else "uncertain", "uncertain", "certain"])
    docs = np.array([f"d{i // 4}" for i in range(len(X2))])
    with pytest.warns(UserWarning, match="both labels"):
        ref = HedgeClassifier().fit(X2, Y2)
    with pytest.warns(UserWarning, match="both labels"):
        ref_g = HedgeClassifier().fit(X2, Y2, groups=docs)
    for _ in range(6):
        perm = rng.permutation(len(X2))
        Xp, Yp = [X2[i] for i in perm], Y2[perm]
        with pytest.warns(UserWarning, match="both labels"):
            assert HedgeClassifier().fit(Xp, Yp).threshold_ == ref.threshold_
        renamed = np.array([f"doc-{d}" for d in docs])[perm]  # other names, other first appearances
        with pytest.warns(UserWarning, match="both labels"):
            assert HedgeClassifier().fit(Xp, Yp, groups=renamed).threshold_ == ref_g.threshold_


def test_the_weights_do_not_depend_on_the_order_of_the_rows():
    """liblinear stops at a tolerance, so the last digits of the weights followed the row order: at
    2,000 CoNLL-2010 sentences, 5,246 of 9,638 weights moved by up to 4e-6 when the rows were
    shuffled (an audit; at the 300 sentences of the test above they did not)."""
    from conftest import require_shared

    root = require_shared("corpora") / "conll2010-wiki"
    texts = {lab: [line.strip() for line in (root / f"train_wikiweasel_{lab}_sentences.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()][:1000] for lab in ("certain", "uncertain")}
    Xs, Ys = texts["certain"] + texts["uncertain"], ["certain"] * 1000 + ["uncertain"] * 1000
    perm = np.random.default_rng(0).permutation(len(Xs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (some sentences occur with both labels)
        a = HedgeClassifier(threshold=0.5).fit(Xs, Ys)
        b = HedgeClassifier(threshold=0.5).fit([Xs[i] for i in perm], [Ys[i] for i in perm])
    assert a.model_.features == b.model_.features and np.array_equal(a.model_.coef, b.model_.coef)
    assert np.array_equal(a.model_.intercept, b.model_.intercept)


def test_a_fit_with_no_feature_left_says_why():
    """min_df above every feature's count, with no priors (whose numeric features are always kept),
    left no column: scikit-learn's error quoted a cross-validation fold's shape (a review)."""
    with pytest.raises(ValueError, match=r"no feature occurs in at least min_df=1000 of its \d+ training sentences.*"
                                         r"lower min_df, or keep the priors feature family"):
        HedgeClassifier(min_df=1000, priors=False).fit(X, Y)
    assert HedgeClassifier(min_df=1000).fit(X, Y).predict(["It may rain."])[0] in ("certain", "uncertain")


def test_a_loaded_classifier_refits_with_the_lexicon_its_file_carries(tmp_path):
    """Fitted with a lexicon file, a saved classifier carries the lexicon, but loading put the file's
    path back as the hyperparameter: a clone's refit read the file as it is now (edited: another
    lexicon, silently; moved: FileNotFoundError) (a review)."""
    from sklearn.base import clone

    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    path = tmp_path / "lex.tsv"
    lex.to_tsv(path)
    clf = HedgeClassifier(lexicon=str(path), threshold=0.5).fit(X, Y)
    clf.save(tmp_path / "m.json")
    lex.with_entries([("grapevine says", "hearsay", 0.8, "user")]).to_tsv(path)  # edited after saving
    loaded = HedgeClassifier.load(tmp_path / "m.json")
    assert isinstance(loaded.get_params()["lexicon"], hedgekit.Lexicon)
    assert loaded.get_params()["lexicon"].hash == lex.hash == loaded.lexicon_.hash
    path.unlink()  # moved away
    refit = clone(loaded).fit(X, Y)
    assert refit.lexicon_.hash == lex.hash
    np.testing.assert_array_equal(refit.predict_proba(NEW), clf.predict_proba(NEW))
    # a path that held the shipped lexicon: the file carries none, and the hyperparameter is the default
    hedgekit.load_lexicon().to_tsv(tmp_path / "shipped.tsv")
    HedgeClassifier(lexicon=str(tmp_path / "shipped.tsv"), threshold=0.5).fit(X, Y).save(tmp_path / "s.json")
    (tmp_path / "shipped.tsv").unlink()
    assert HedgeClassifier.load(tmp_path / "s.json").get_params()["lexicon"] is None


def test_a_threshold_that_labels_everything_uncertain_is_warned_about():
    """On data the classifier cannot separate, the F1-maximising threshold labels every sentence
    uncertain (0.037 on 160 random sentences with random labels): the fit now says so (a review),
    and keeps the threshold, which is what the rule gives."""
    rng = np.random.default_rng(1)
    words = "the cat dog sat ran on a mat house red blue green big small over under quickly slowly".split()
    noise = [" ".join(rng.choice(words, 7)).capitalize() + "." for _ in range(160)]
    labels = rng.integers(0, 2, 160)
    with pytest.warns(UserWarning, match=r"labels 100% of the held-out sentences uncertain \(F1 0\.\d+; all of "
                                         r"them uncertain: 0\.\d+\).*threshold="):
        clf = HedgeClassifier().fit(noise, labels)
    assert (clf.predict_proba(noise)[:, 1] >= clf.threshold_).mean() > 0.95


@pytest.mark.parametrize("y, hint", [
    (["Uncertain", "CERTAIN"], r"they are case-sensitive and without white space: pass \[str\(v\)\.strip\(\)\.lower\(\)"),
    ([" uncertain", "certain "], r"case-sensitive and without white space"),
    (["1", "0"], r"these are strings \(a CSV read as text\?\): pass \[int\(float\(v\)\) for v in y\]"),
    (["yes", "no"], r"or pass 0/1 or False/True \(1/True = uncertain\)"),
    (["True", "False"], r"these are strings \(a CSV read as text\?\): pass \[str\(v\)\.strip\(\)\.lower\(\) == 'true'"),
])
def test_string_labels_of_another_spelling_get_the_fix_that_fits(y, hint) -> None:
    """The readers and `hedgekit train --data` take 'Uncertain' and '0'/'1'; fit refused them
    with a message that named no way out (a review of the README as a user)."""
    texts = ["It may rain.", "It rained."] * 4
    with pytest.raises(ArgumentError, match=r"string labels must be 'certain' and 'uncertain', got .*" + hint):
        HedgeClassifier().fit(texts, y * 4)


def test_a_stray_spelling_among_the_labels_is_named() -> None:
    """One 'Uncertain' among 'certain'/'uncertain' makes three classes: the message says why (an audit)."""
    texts = ["It may rain.", "It rained.", "Perhaps it rained."] * 3
    with pytest.raises(ArgumentError, match=r"got 3: \['Uncertain', 'certain', 'uncertain'\]; some differ only in "
                                            r"case or white space"):
        HedgeClassifier().fit(texts, ["uncertain", "certain", "Uncertain"] * 3)
    with pytest.raises(ArgumentError, match=r"got 3: \['maybe', 'no', 'yes'\]\Z"):
        HedgeClassifier().fit(texts, ["yes", "no", "maybe"] * 3)
    with pytest.raises(ArgumentError, match=r"some differ only in case or white space: pass \[str\(v\)\.strip\(\)\.lower\(\) "
                                            r"== 'true' for v in y\] \(True = uncertain\)"):
        HedgeClassifier().fit(texts, ["True", "False", "true"] * 3)
