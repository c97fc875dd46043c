"""benchmarks/graded_aspects.py: aligning the aspect records, their encoding, the report, and the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import graded_aspects as GA
from conftest import require_shared

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_text_key_ignores_spacing_and_punctuation() -> None:
    assert GA.text_key("Kids get more exercise when the sun is out later in the evening .") == \
        GA.text_key("Kids get more exercise when the sun is out later in the evening.")
    assert GA.text_key("IL-2 may matter") != GA.text_key("IL-2 may matters")


def test_one_hot_marks_certain_and_uncertain_aspects() -> None:
    v = GA.one_hot({"Number": "Certain", "Probability": "Uncertain", "Extent": "NotPresent"})
    assert len(v) == 2 * len(GA.ASPECTS) and sum(v) == 2
    assert v[0] == 1.0 and v[2 * GA.ASPECTS.index("Probability") + 1] == 1.0


def test_lexicon_counts() -> None:
    c = GA.lexicon_counts(["The drug may possibly reduce mortality by 15%.", "The drug reduced mortality."])
    assert c[0, 0] == 2 and c[1, 0] == 0 and c[0, 1] > 1.0 and c[0, 3] > 0 and c[1, 3] == 0


def test_render() -> None:
    res = {"n_rated": 10, "n_rated_with_aspects": 6, "n_aspect_only": 4, "k": 5, "repeats": 3, "wall_seconds": 1.0,
           "stamp": {"command": GA.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3", "numpy": "2",
                     "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
           "baseline": "science",
           "variants": {"science": {"pearson": 0.7116, "pearson_std": 0.0528, "spearman": 0.66, "spearman_std": 0.05,
                                    "pearson_diff": 0.0, "pearson_diff_std": 0.0},
                        "+ lexicon counts": {"pearson": 0.714, "pearson_std": 0.051, "spearman": 0.66,
                                             "spearman_std": 0.057, "pearson_diff": 0.0024, "pearson_diff_std": 0.0033}}}
    md = GA.render(res)
    assert GA.COMMAND in md and "4 aspect-only findings" in md and "minus `science`'s" in md
    assert "| science | 0.712 ± 0.053 | 0.660 ± 0.050 | +0.0000 ± 0.0000 |" in md
    assert "| + lexicon counts | 0.714 ± 0.051 | 0.660 ± 0.057 | +0.0024 ± 0.0033 |" in md


@pytest.fixture(scope="module")
def data() -> GA.Data:
    return GA.Data(require_shared("corpora"))


def test_data_aligns_the_aspect_records_with_the_rated_findings(data: GA.Data) -> None:
    d = data
    assert (len(d.pj), len(d.rated_aspects), len(d.extra)) == (1139, 781, 546)  # 547 records, one finding twice
    assert d.ratings.min() == 1.0 and d.ratings.max() == 6.0
    assert all(set(a) == set(GA.ASPECTS) for a in d.extra_aspects)


def test_a_test_folds_aspect_labels_never_reach_its_features(data: GA.Data) -> None:
    import copy

    import numpy as np

    from hedgekit import train as T

    fold = T.shuffled_group_folds(data.groups, GA.K, T.SEED)
    tr, te = np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)
    cols = data.design.columns(np.r_[data.others, data.pj[tr]], T.DEFAULT_MIN_DF)
    columns = GA.aspect_classifiers(("Probability",))
    ftr, fte = columns(data, tr, te, cols)
    flipped = copy.copy(data)
    flipped.rated_aspects = {j: ({**a, "Probability": "Certain" if a["Probability"] == "Uncertain" else "Uncertain"}
                                 if j in set(te.tolist()) else a) for j, a in data.rated_aspects.items()}
    assert sum(j in flipped.rated_aspects for j in te) > 100  # the test fold has aspect labels to flip
    ftr2, fte2 = columns(flipped, tr, te, cols)
    assert np.array_equal(ftr, ftr2) and np.array_equal(fte, fte2)
    # ... while a training finding's labels do reach the test fold's feature
    one = int(next(j for j in tr if j in data.rated_aspects))
    flipped.rated_aspects = {**data.rated_aspects, one: {**data.rated_aspects[one], "Probability": "Certain"
                             if data.rated_aspects[one]["Probability"] == "Uncertain" else "Uncertain"}}
    assert not np.array_equal(fte, columns(flipped, tr, te, cols)[1])


def test_results_reproduce_the_science_expert_and_record_every_variant() -> None:
    res = json.loads((RESULTS / "graded_aspects.json").read_text(encoding="utf-8"))
    graded = json.loads((RESULTS / "graded.json").read_text(encoding="utf-8"))
    shipped = graded["variants"]["shipped"]["graded"]["modes"]["science"]
    # the suite's `science` row is the shipped recipe's science expert on the same 15 folds
    for k in ("pearson", "pearson_std", "spearman", "spearman_std"):
        assert res["variants"]["science"][k] == pytest.approx(shipped[k], abs=1e-4), k
    assert set(res["variants"]) == set(GA.VARIANTS) and res["stamp"]["command"] == GA.COMMAND
    for v in res["variants"].values():
        folds = v["pearson_folds"]
        assert len(folds) == res["k"] * res["repeats"] and sum(folds) / len(folds) == pytest.approx(v["pearson"], abs=1e-4)


def test_binary_expert_columns_are_the_shipped_experts_log_odds(data: GA.Data) -> None:
    import numpy as np

    import hedgekit

    model = hedgekit.load_model()
    assert data.binary.shape == (len(data.pj), len(GA.BINARY_EXPERTS))
    texts = [data.ts.texts[i] for i in data.pj]
    for j, e in enumerate(GA.BINARY_EXPERTS):
        p = np.array([s.p_uncertain for s in hedgekit.Scorer(expert=e).score(texts)])
        assert np.allclose(1.0 / (1.0 + np.exp(-data.binary[:, j])), p, atol=1e-6), e
        assert "pei-jurgens" not in model.training["experts"][e]  # no rating reaches its own feature



def test_binary_expert_columns_refuse_an_expert_trained_on_the_ratings(monkeypatch: pytest.MonkeyPatch) -> None:
    import hedgekit.model as M

    real = M.load_model()
    record = real.training
    record["experts"]["general"] = ["szeged-wiki", "pei-jurgens"]
    leaky = M.HedgeModel(real.features, real.coef, real.intercept, real.experts, real.gate, real.thresholds,
                         real.feature_config, real.lexicon_hash, record)  # (a model cannot be edited)
    monkeypatch.setattr(M, "load_model", lambda *a, **k: leaky)
    with pytest.raises(ValueError, match="'general' expert was trained on pei-jurgens"):
        GA.binary_expert_log_odds(["The drug may work."])


def test_binary_corpora_rows_fade_to_the_expert_as_their_weight_vanishes(data: GA.Data) -> None:
    import copy

    import numpy as np

    from hedgekit import train as T

    fold = T.shuffled_group_folds(data.groups, GA.K, T.SEED)
    tr, te = np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)
    cols = data.design.columns(np.r_[data.others, data.pj[tr]], T.DEFAULT_MIN_DF)
    base = GA.science()(data, tr, te, cols)
    assert np.allclose(GA.science(binary_weight=1e-9)(data, tr, te, cols), base, atol=1e-5)
    with_rows = GA.science(binary_weight=0.02)(data, tr, te, cols)
    assert np.abs(with_rows - base).max() > 0.01
    # the binary sentences' labels are what moves it: flipped, they move the findings' scores the other way
    flipped = copy.copy(data)
    flipped.target = data.target.copy()
    flipped.target[data.others] = 1.0 - data.target[data.others]
    against = GA.science(binary_weight=0.02)(flipped, tr, te, cols)
    assert np.corrcoef(with_rows - base, against - base)[0, 1] < 0


def test_binary_corpora_rows_refuse_other_extras() -> None:
    with pytest.raises(ValueError, match="binary_weight combines with neither"):
        GA.science(GA._counts, binary_weight=0.01)
    with pytest.raises(ValueError, match="binary_weight combines with neither"):
        GA.science(extra_weight=0.5, binary_weight=0.01)


def test_the_binary_sentences_of_a_held_out_findings_document_are_not_trained_on(
        data: GA.Data, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Pei & Jurgens findings are Szeged Wikipedia sentences (one document); the variant that
    adds the binary corpora trained on them while their findings were held out."""
    import numpy as np

    from hedgekit import train as T

    groups = np.asarray(data.ts.groups)
    linked = [j for j in range(len(data.pj)) if data.groups[j] in set(groups[data.others].tolist())]
    assert len(linked) == 2
    te = np.array(linked)
    tr = np.setdiff1d(np.arange(len(data.pj)), te)
    n_twins = int(np.isin(groups[data.others], data.groups[te]).sum())
    assert n_twins >= 2
    sizes: list[int] = []
    real = GA._ridge
    monkeypatch.setattr(GA, "_ridge", lambda X, y, w=None, **kw: (sizes.append(X.shape[0]), real(X, y, w, **kw))[1])
    cols = data.design.columns(np.r_[data.others, data.pj[tr]], T.DEFAULT_MIN_DF)
    GA.science(binary_weight=0.005)(data, tr, te, cols)
    assert sizes == [len(tr) + len(data.others) - n_twins]


def test_tfidf_columns_learn_their_vocabulary_and_idf_from_the_training_findings_only(data: GA.Data) -> None:
    """A test fold's words shape neither the word n-gram vocabulary nor the idf of either block:
    replacing the test findings' texts leaves the training findings' columns as they were."""
    import copy

    import numpy as np

    from hedgekit import train as T

    fold = T.shuffled_group_folds(data.groups, GA.K, T.SEED)
    tr, te = np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)
    cols = data.design.columns(np.r_[data.others, data.pj[tr]], T.DEFAULT_MIN_DF)
    other = copy.copy(data)
    other.pj_texts = list(data.pj_texts)
    for j in te:
        other.pj_texts[j] = "Zorbly flumps may quibble over the vexing quandary of marmalade."
    for columns in (GA.char_ngrams(1.0), GA.word_ngrams(1.0)):
        ftr, fte = columns(data, tr, te, cols)
        ftr2, fte2 = columns(other, tr, te, cols)
        assert ftr.shape[0] == len(tr) and fte.shape[0] == len(te)
        assert (ftr != ftr2).nnz == 0 and (fte != fte2).nnz > 0
    # the cross-fitted ridge column: a training finding's column never comes from a ridge that saw its target
    flipped = copy.copy(data)
    flipped.target = data.target.copy()
    one = int(tr[0])
    flipped.target[data.pj[one]] = 1.0 - data.target[data.pj[one]]
    a, _ = GA.tfidf_ridge_column(1.0)(data, tr, te, cols)
    b, _ = GA.tfidf_ridge_column(1.0)(flipped, tr, te, cols)
    assert a[0, 0] == b[0, 0] and np.abs(a - b).max() > 0


def test_cue_readings_are_the_shipped_cue_models_sentence_features() -> None:
    import numpy as np

    from hedgekit import cues

    r = GA.cue_readings(["The drug may possibly reduce mortality.", "The drug reduced mortality by 15%.", "- "])
    assert r.shape == (3, 3 * len(cues.SENTENCE_FEATURES))
    for k, domain in enumerate(cues.DOMAINS):
        block = r[:, 3 * k:3 * k + 3]
        assert block[0, 0] > 0.5 and block[0, 2] >= 1 and block[1, 0] < 0.5 and block[1, 2] == 0, domain
        assert np.array_equal(block[2], [0.0, 0.0, 0.0])
        found = cues.detect(["The drug may possibly reduce mortality."], domain=domain)[0]
        assert int(block[0, 2]) == min(3, len(found)), domain


def test_the_boosted_second_stage_never_sees_a_test_findings_target(data: GA.Data) -> None:
    """The trees learn from the ridge's out-of-fold predictions on the training findings: flipping
    the test fold's targets changes nothing, flipping the training findings' does."""
    import copy

    import numpy as np

    from hedgekit import train as T

    fold = T.shuffled_group_folds(data.groups, GA.K, T.SEED)
    tr, te = np.flatnonzero(fold != 0), np.flatnonzero(fold == 0)
    cols = data.design.columns(np.r_[data.others_outside(te), data.pj[tr]], T.DEFAULT_MIN_DF)
    variant = GA.boosted_second_stage(average=True)
    cert = variant(data, tr, te, cols)
    assert cert.shape == (len(te),) and ((cert > 0) & (cert < 1)).all()
    for rows, moves in ((te, False), (tr, True)):
        flipped = copy.copy(data)
        flipped.target = data.target.copy()
        flipped.target[data.pj[rows]] = 1.0 - data.target[data.pj[rows]]
        assert np.array_equal(variant(flipped, tr, te, cols), cert) is not moves
