"""HedgeRegressor: graded ratings as a scikit-learn regressor (fit, predict, save/load, errors)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
import sys
from decimal import Decimal

import numpy as np
import pytest

import hedgekit
from conftest import RATED_HEDGED, RATED_PLAIN
from hedgekit import ArgumentError, HedgeClassifier, HedgeRegressor, InputTypeError, ModelError

HEDGED, PLAIN = RATED_HEDGED, RATED_PLAIN
X = HEDGED + PLAIN
Y = [2.0 if "might" in s else 3.0 for s in HEDGED] + [5.0 + i % 2 for i in range(len(PLAIN))]
NEW = ["The vaccine might protect children.", "The vaccine protected children."]


@pytest.fixture(scope="module")
def fitted() -> HedgeRegressor:
    return HedgeRegressor(min_df=1).fit(X, Y)


def test_predicts_ratings_on_the_scale_that_follow_the_hedges(fitted) -> None:
    pred = fitted.predict(X)
    assert pred.shape == (len(X),) and pred.dtype == np.float64
    assert ((pred >= 1) & (pred <= 6)).all()
    assert np.corrcoef(pred, Y)[0, 1] > 0.8
    might, plain = fitted.predict(NEW)
    assert might < 3.5 < plain  # unseen sentences: the cue words carry over
    # a sentence with no word gets the certain end, as a Scorer gives it P(uncertain) 0
    assert fitted.predict(["", "\u200b", "-"]).tolist() == [6.0, 6.0, 6.0]
    assert fitted.predict([]).shape == (0,)


def test_the_scorer_agrees_with_the_regression(fitted) -> None:
    """The model's P(uncertain) is sigmoid(4 (t - 1/2)) of the regression's soft target t; the label is
    uncertain where the predicted rating is at the midpoint or nearer the uncertain end."""
    scorer = fitted.to_scorer()
    scores = scorer.score(NEW + X)
    pred = fitted.predict(NEW + X)
    t = (6.0 - pred) / 5.0
    p = 1.0 / (1.0 + np.exp(-4.0 * (t - 0.5)))
    inside = (pred > 1) & (pred < 6)  # (predict clips to the scale; the scorer's log-odds are not clipped)
    np.testing.assert_allclose([s.p_uncertain for s in scores][:2], p[:2], atol=1e-9)
    assert np.allclose(np.array([s.p_uncertain for s in scores])[inside], p[inside], atol=1e-9)
    assert [s.label for s in scores] == ["uncertain" if r <= 3.5 else "certain" for r in pred]
    assert scores[0].cues[0].text == "might"
    assert scorer.threshold == 0.5


def test_a_reversed_scale_learns_the_same_model() -> None:
    """(6, 1): 1 is very certain. The same ratings written that way make the same model, and predict
    the same ratings written that way."""
    a = HedgeRegressor(min_df=1).fit(X, Y)
    b = HedgeRegressor(rating_scale=(6, 1), min_df=1).fit(X, [7.0 - r for r in Y])
    assert a.model_.features == b.model_.features and np.array_equal(a.model_.coef, b.model_.coef)
    np.testing.assert_allclose(b.predict(NEW), 7.0 - a.predict(NEW), atol=1e-12)
    c = HedgeRegressor(rating_scale=(0, 100), min_df=1).fit(X, [(r - 1) * 20 for r in Y])
    np.testing.assert_allclose(c.predict(NEW), (a.predict(NEW) - 1) * 20, atol=1e-9)


def test_fit_does_not_depend_on_the_row_order(fitted) -> None:
    order = np.random.default_rng(0).permutation(len(X))
    shuffled = HedgeRegressor(min_df=1).fit([X[i] for i in order], [Y[i] for i in order])
    assert shuffled.model_.features == fitted.model_.features
    assert np.array_equal(shuffled.model_.coef, fitted.model_.coef)


def test_boosters_only_raise_certainty(fitted) -> None:
    plain, boosted = fitted.predict(["The drug reduced mortality.", "Clearly, the drug reduced mortality."])
    assert boosted >= plain


def test_save_load_round_trip_and_scorers_read_the_file(fitted, tmp_path) -> None:
    fitted.save(tmp_path / "r.json.gz")
    loaded = HedgeRegressor.load(tmp_path / "r.json.gz")
    assert loaded.get_params() == {**fitted.get_params(), "rating_scale": (1.0, 6.0)}
    np.testing.assert_array_equal(loaded.predict(NEW + X), fitted.predict(NEW + X))
    assert hedgekit.Scorer(model=tmp_path / "r.json.gz").score(NEW)[0].p_uncertain == \
        fitted.to_scorer().score(NEW)[0].p_uncertain
    training = loaded.model_.training
    assert training["command"] == "hedgekit.HedgeRegressor.fit" and training["n_sentences"] == len(X)
    assert training["hyperparameters"]["rating_scale"] == [1.0, 6.0]
    assert training["n_uncertain"] == len(HEDGED)  # rated 3.5 or less
    # the file is a regressor's: a classifier does not take it, nor the regressor another file
    with pytest.raises(ModelError, match=r"not a HedgeClassifier record but a HedgeRegressor one: load it with "
                                         r"hedgekit.HedgeRegressor.load"):
        HedgeClassifier.load(tmp_path / "r.json.gz")
    HedgeClassifier(min_df=1).fit(X, [r <= 3.5 for r in Y]).save(tmp_path / "c.json")
    with pytest.raises(ModelError, match=r"not a HedgeRegressor record but a HedgeClassifier one"):
        HedgeRegressor.load(tmp_path / "c.json")
    with pytest.raises(ModelError, match=r"the shipped model is no regressor of ratings"):
        HedgeRegressor.load(None)


def test_load_reads_a_model_that_train_rating_column_wrote(tmp_path) -> None:
    """`hedgekit train --data --rating-column` fits the same recipe: HedgeRegressor.load gives its
    ratings back on its scale, with the command's hyperparameters (a clone refits the recipe) and its
    cross-validated threshold; other files are refused with what is accepted."""
    from hedgekit.cli import main

    rows = [{"text": t, "rating": r} for t, r in zip(X, Y)]
    data = tmp_path / "rated.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    args = ["train", "--data", str(data), "--rating-column", "rating", "--folds", "4", "--min-df", "1", "-q"]
    assert main([*args, "--rating-scale", "1,6", "--alpha", "10", "--out", str(tmp_path / "g.json")]) == 0
    loaded = HedgeRegressor.load(tmp_path / "g.json")
    assert loaded.get_params() == {**HedgeRegressor().get_params(), "alpha": 10.0, "min_df": 1, "rating_scale": (1.0, 6.0)}
    refit = HedgeRegressor(alpha=10.0, min_df=1).fit(X, Y)
    np.testing.assert_allclose(loaded.predict(NEW + X), refit.predict(NEW + X), atol=1e-9)
    assert loaded.to_scorer().threshold == loaded.model_.thresholds["auto"] != 0.5  # (the command's CV threshold)
    # a reversed scale: ratings on it
    (tmp_path / "flipped.jsonl").write_text("".join(json.dumps({"text": t, "rating": 7.0 - r}) + "\n"
                                                    for t, r in zip(X, Y)), encoding="utf-8")
    assert main([*args[:2], str(tmp_path / "flipped.jsonl"), *args[3:], "--rating-scale", "6,1",
                 "--out", str(tmp_path / "f.json")]) == 0
    flipped = HedgeRegressor.load(tmp_path / "f.json")
    assert flipped.rating_scale_ == (6.0, 1.0)
    np.testing.assert_allclose(flipped.predict(NEW), 7.0 - HedgeRegressor(min_df=1).fit(X, Y).predict(NEW), atol=1e-9)
    # a file from before the scale was recorded as numbers: what to do
    doc = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    del doc["training"]["hyperparameters"]["rating_scale"]
    (tmp_path / "old.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match=r"did not record its rating scale as a number pair; train it again"):
        HedgeRegressor.load(tmp_path / "old.json")
    # a model of labels, by the same command: not a regressor
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps({"text": t, "label": int(r <= 3.5)}) + "\n"
                                                   for t, r in zip(X, Y)), encoding="utf-8")
    assert main(["train", "--data", str(tmp_path / "labels.jsonl"), "--folds", "4", "--min-df", "1", "-q",
                 "--out", str(tmp_path / "labels.json")]) == 0
    with pytest.raises(ModelError, match=r"not a regressor of ratings: neither a file HedgeRegressor.save wrote nor "
                                         r"one `hedgekit train --data FILE --rating-column NAME"):
        HedgeRegressor.load(tmp_path / "labels.json")
    # the lexicon: a command model's is the one given; a saved regressor's travels in its file
    other = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    with pytest.raises(ModelError, match=r"not with .*; pass the lexicon it was trained with: "
                                         r"HedgeRegressor.load\(path, lexicon=...\)"):
        HedgeRegressor.load(tmp_path / "g.json", lexicon=other)
    refit.save(tmp_path / "saved.json")
    with pytest.raises(ModelError, match=r"carries its lexicon; load it without lexicon="):
        HedgeRegressor.load(tmp_path / "saved.json", lexicon=other)


def test_a_custom_lexicon_travels_in_the_file(tmp_path) -> None:
    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    reg = HedgeRegressor(lexicon=lex, min_df=1).fit(X + ["Word on the street is that prices rise."], Y + [2.0])
    reg.save(tmp_path / "r.json")
    loaded = HedgeRegressor.load(tmp_path / "r.json")
    assert loaded.lexicon_.hash == lex.hash and loaded.get_params()["lexicon"].hash == lex.hash
    np.testing.assert_array_equal(loaded.predict(NEW), reg.predict(NEW))
    s = hedgekit.Scorer(model=tmp_path / "r.json").score(["Word on the street is that it rains."])[0]
    assert [c.text for c in s.cues] == ["Word on the street"]
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    doc["training"]["estimator"]["params"]["alpha"] = 1.0  # an edited record
    (tmp_path / "edited.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match=r"the HedgeRegressor record's checksum does not match"):
        HedgeRegressor.load(tmp_path / "edited.json")
    # nor by calling itself version 1 without a checksum (a classifier's first records had none; no
    # regressor's): the scale reversed so predicted the ratings the wrong way round (a review)
    record = doc["training"]["estimator"]
    record.update(version=1, params={**record["params"], "alpha": 30.0, "rating_scale": [6.0, 1.0]})
    del record["checksum"]
    (tmp_path / "v1.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError, match=r"the HedgeRegressor record's checksum does not match"):
        HedgeRegressor.load(tmp_path / "v1.json")


def test_scikit_learn_tools_work(fitted) -> None:
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score

    assert clone(fitted).get_params() == fitted.get_params() and not hasattr(clone(fitted), "model_")
    groups = [i % 8 for i in range(len(X))]
    scores = cross_val_score(HedgeRegressor(min_df=1), np.array(X, dtype=object), np.array(Y), groups=groups,
                             cv=GroupKFold(4), scoring="r2")
    assert scores.shape == (4,) and np.isfinite(scores).all()
    search = GridSearchCV(HedgeRegressor(min_df=1), {"alpha": [1.0, 30.0]}, cv=3).fit(X, Y)
    assert search.best_params_["alpha"] in (1.0, 30.0)
    assert fitted.score(X, Y) > 0.5  # R², in sample


def test_scikit_learn_tags_say_sentences_and_a_regressor() -> None:
    """The tags scikit-learn reads (input validation, check_estimator, is_regressor): raw sentences, not a
    2-D array, and a target always; the ones HedgeClassifier declares too (both from one base)."""
    from sklearn.base import is_classifier, is_regressor
    from sklearn.utils import get_tags

    tags = get_tags(HedgeRegressor())
    assert tags.input_tags.string and not tags.input_tags.two_d_array and tags.target_tags.required
    assert tags.estimator_type == "regressor" and is_regressor(HedgeRegressor()) and not is_classifier(HedgeRegressor())
    assert HedgeRegressor()._more_tags() == {"X_types": ["string"], "requires_y": True}  # scikit-learn < 1.6


@pytest.mark.parametrize("y, error, match", [
    ([7.0] + Y[1:], ArgumentError, r"y\[0\] is 7, outside rating_scale 1 \(most uncertain\) \.\. 6 \(most certain\)"),
    ([None] + Y[1:], ArgumentError, r"y\[0\] is None, no rating; drop the sentences without a rating first"),
    ([float("nan")] * 2 + Y[2:], ArgumentError, r"y\[0\] is nan, no rating \(and 1 more\)"),
    (["5"] + Y[1:], InputTypeError, r"y\[0\] is str '5'; ratings are numbers"),
    ([True] + Y[1:], InputTypeError, r"y\[0\] is a bool; .* use HedgeClassifier"),
    (Y[1:], ArgumentError, r"X has 40 sentences but y has 39 ratings"),
    (iter(Y), InputTypeError, r"y must be a sequence of ratings .* pass list\(y\)"),
    (None, ArgumentError, r"y is None"),
    (5.0, ArgumentError, r"y must be one rating per sentence \(1-D\), got float 5.0, a single value"),
    (np.array(5.0), ArgumentError, r"y must be one rating per sentence \(1-D\), got ndarray array\(5\.\), a single"),
    (np.ones((40, 2)), ArgumentError, r"y must be one rating per sentence \(1-D\), got shape \(40, 2\)"),
    # (an audit) a dict was read through its keys, a set in its own order: both trained silently
    (dict(enumerate(Y, start=1)), InputTypeError, r"y must be one rating per sentence, in the sentences' order, got "
                                                  r"a dict \(iterating it gives its keys\); pass list\(d.values\(\)\)"),
    (set(Y), InputTypeError, r"got a set, which has no order to keep; pass a list \(in the sentences' order\)"),
    (["2.5"] + Y[1:], InputTypeError, r"convert them first, e.g. \[float\(v\) for v in y\] \(a CSV read as text\?\)"),
    ([Decimal("2.5")] + Y[1:], InputTypeError, r"y\[0\] is Decimal .* pass \[float\(v\) for v in y\]: a Decimal is not taken"),
])
def test_bad_ratings_are_refused_with_what_is_accepted(y, error, match) -> None:
    with pytest.raises(error, match=match):
        HedgeRegressor().fit(X, y)


@pytest.mark.parametrize("params, match", [
    ({"rating_scale": (1, 1)}, r"rating_scale must be two different finite numbers"),
    ({"rating_scale": "1,6"}, r"rating_scale must be two different finite numbers"),
    ({"rating_scale": (-1e308, 1e308)}, r"rating_scale must be two finite numbers less than 1.797.*e\+308 apart"),
    ({"alpha": 0}, r"alpha must be a finite number > 0, got 0"),
    ({"min_df": 0}, r"min_df must be an integer >= 1"),
    ({"words": False, "bigrams": False, "cues": False, "cue_context": False, "priors": False},
     r"switch on at least one feature family"),
    ({"lexicon": 3}, r"lexicon must be None"),
])
def test_bad_hyperparameters_fail_at_fit(params, match) -> None:
    with pytest.raises(ArgumentError, match=match):
        HedgeRegressor(**params).fit(X, Y)


def test_bad_sentences_and_unfitted_use_are_clear() -> None:
    from sklearn.exceptions import NotFittedError

    with pytest.raises(InputTypeError, match=r"HedgeRegressor.fit\(\) expects"):
        HedgeRegressor().fit("It may rain.", [3.0])
    with pytest.raises(ArgumentError, match=r"X\[1\] is ' '; every training sentence needs a word"):
        HedgeRegressor().fit(["It may rain.", " "], [3.0, 5.0])
    with pytest.raises(ArgumentError, match=r"X and y are empty"):
        HedgeRegressor().fit([], [])
    with pytest.raises(NotFittedError):
        HedgeRegressor().predict(["It may rain."])
    col = np.array(Y).reshape(-1, 1)  # a column of ratings, as some tools pass y
    want = HedgeRegressor(min_df=1).fit(X, Y).predict(NEW)
    np.testing.assert_allclose(HedgeRegressor(min_df=1).fit(X, col).predict(NEW), want)
    pd = pytest.importorskip("pandas")  # (a one-column DataFrame: its column names were taken for ratings)
    np.testing.assert_allclose(HedgeRegressor(min_df=1).fit(X, pd.DataFrame({"r": Y})).predict(NEW), want)
    np.testing.assert_allclose(HedgeRegressor(min_df=1).fit(pd.Series(X), pd.Series(Y)).predict(NEW), want)
    # a dict's values, in its order, are ratings; the threshold of to_scorer is on P(uncertain), not a rating
    np.testing.assert_allclose(HedgeRegressor(min_df=1).fit(X, dict(zip(X, Y)).values()).predict(NEW), want)
    with pytest.raises(ArgumentError, match=r"to_scorer: threshold \(on P\(uncertain\), not a rating\) must be a number "
                                            r"in \(0, 1\), got 3.5"):
        HedgeRegressor(min_df=1).fit(X, Y).to_scorer(threshold=3.5)
    # a scale as a numpy array of two numbers
    np.testing.assert_allclose(HedgeRegressor(rating_scale=np.array([1, 6]), min_df=1).fit(X, Y).predict(NEW), want)


def test_import_hedgekit_does_not_import_sklearn_until_asked() -> None:
    code = ("import sys, hedgekit; assert 'sklearn' not in sys.modules; "
            "assert 'HedgeRegressor' in dir(hedgekit); hedgekit.HedgeRegressor; assert 'sklearn' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def _readme_block() -> str:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    after = readme.index("In Python, `hedgekit.HedgeRegressor` fits the same recipe")
    code = readme[readme.index("```python\n", after) + len("```python\n"):]
    return code[:code.index("```")]


def test_the_readme_block_on_pei_jurgens_gives_the_pearson_it_states(tmp_path, monkeypatch) -> None:
    """The README's HedgeRegressor block, run as written on the Pei & Jurgens findings (5-fold CV
    grouped by identical text): the Pearson r it states, 0.713 (BLAS kernels move its last digits)."""
    from conftest import require_shared

    path = require_shared("corpora", "pei-jurgens-certainty", "sentence-level-certainty.train-val.jsonl")
    # the README's own loading block, its ../shared the shared folder found here
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    load = readme[readme.index("```python\n", readme.index("`tests/test_regressor.py` runs it). Loaded so:")) + 10:]
    load = load[:load.index("```")].replace("../shared/", str(path.parents[2]) + "/")
    namespace: dict = {"np": np}
    exec(compile(load, "README.md", "exec"), namespace)
    texts, ratings = namespace["texts"], namespace["ratings"]
    assert len(texts) == 1139 and namespace["doc_ids"] is texts
    monkeypatch.chdir(tmp_path)  # (the block saves graded.json.gz)
    exec(compile(_readme_block(), "README.md", "exec"), namespace)
    assert round(float(np.corrcoef(namespace["pred"], ratings)[0, 1]), 3) == 0.713
    assert (tmp_path / "graded.json.gz").is_file()


def test_the_readme_block_runs_on_a_few_sentences(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace = {"texts": X, "ratings": np.array(Y), "doc_ids": [i % 8 for i in range(len(X))]}
    exec(compile(_readme_block(), "README.md", "exec"), namespace)
    assert np.corrcoef(namespace["pred"], Y)[0, 1] > 0.5
    assert HedgeRegressor.load(tmp_path / "graded.json.gz").predict(NEW)[0] < 3.5
