"""benchmarks/cue_variants.py: the variants' features, the network's forward pass, one real run, the report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import hedgekit
from benchmarks import cue_variants as CV
from hedgekit import cues
from hedgekit.text import token_spans

POPE = "The Pope may change the procedures for electing his successor."


@pytest.fixture(scope="module")
def lexicon() -> hedgekit.Lexicon:
    return hedgekit.load_lexicon()


def _may(lexicon: hedgekit.Lexicon) -> tuple[list[str], list[cues.Candidate], int]:
    norms, _ = token_spans(POPE)
    cands = cues.candidates(norms, lexicon)
    return norms, cands, next(i for i, c in enumerate(cands) if c.pattern == "may")


def test_variant_features_extend_the_shipped_ones(lexicon: hedgekit.Lexicon) -> None:
    norms, cands, i = _may(lexicon)
    shipped = cues.candidate_features(norms, cands, i)
    wider = CV.wider_context(norms, cands, i)
    assert wider[:len(shipped)] == shipped
    assert {"w-3=<s>", "w+3=procedures", "p|w+1w+2=may|change|the", "p|w-2w-1=may|the|pope",
            "p|st-1=may|pope", "p|st+1=may|change"} <= set(wider[len(shipped):])
    bag = CV.context_bag(norms, cands, i)
    assert bag[:len(wider)] == wider
    assert {"p|bag=may|procedur", "p|bag=may|pope", "p|bag=may|elect"} <= set(bag)
    assert "p|bag=may|successor" not in bag  # six tokens after "may": outside the window of 5
    doubled = CV._augmented("target")(norms, cands, i)
    assert doubled == shipped + ["target::" + f for f in shipped]


def test_the_feature_swap_is_undone_even_on_error() -> None:
    with pytest.raises(RuntimeError):
        with CV.candidate_features(CV.wider_context):
            assert cues.candidate_features is CV.wider_context
            raise RuntimeError("boom")
    assert cues.candidate_features is CV._SHIPPED_FEATURES


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # any fitted network will do
def test_the_network_cue_model_is_sklearns_forward_pass(lexicon: hedgekit.Lexicon) -> None:
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(0)
    names = [f"f{j}" for j in range(12)]
    X = (rng.random((200, 12)) < 0.3).astype(float)
    y = ((X[:, 0] + X[:, 1] * X[:, 2]) > 0).astype(int)
    clf = MLPClassifier(hidden_layer_sizes=(5,), max_iter=500, random_state=0).fit(X, y)
    model = CV.MLPCueModel(cues.CueModel({}, {}, {}, 0.5, lexicon.hash), names, clf)
    for row in X[:20]:
        feats = [n for n, v in zip(names, row) if v] + ["unseen", "bias"]
        assert model.probability(feats) == pytest.approx(clf.predict_proba(row[None, :])[0, 1], abs=1e-9)


def test_the_shipped_variant_reproduces_the_bio_split_benchmark(lexicon: hedgekit.Lexicon) -> None:
    from conftest import require_shared

    corpora = require_shared("corpora")
    res = CV.split("shipped", corpora, {"sets": {"szeged-wiki": ([], None, None)}}, lexicon)
    recorded = json.loads((Path(CV.__file__).parent / "results" / "bio_split.json").read_text())["cue_classifier"]
    # the same recipe on the same split: the same numbers, to the 4th digit (bio_split adds intervals)
    assert res == {k: recorded[k] for k in res}
    assert 0.8 < res["f1"] < 0.9


def test_errors_count_each_side_of_a_span_error() -> None:
    from hedgekit.types import AnnotatedSentence, Cue

    text = "It may be that he would come, as May said."
    w, m = text.index("would"), text.index("May")
    s = AnnotatedSentence(text, "uncertain", cues=(Cue("may", 3, 6, "epistemic"), Cue("would", w, w + 5, "epistemic")))
    pred = [(Cue(text[3:9], 3, 9, "epistemic"), Cue("would", w, w + 5, "epistemic"), Cue("May", m, m + 3, "epistemic"))]
    counts: dict = CV.defaultdict(CV.Counter)
    CV._errors([s], pred, counts)
    assert counts["gold"] == {"may": 1, "would": 1} and counts["missed"] == {"may": 1}
    assert counts["predicted"] == {"may be": 1, "would": 1, "may": 1} and counts["spurious"] == {"may be": 1, "may": 1}
    assert CV._top(counts) == {"missed": [["may", 1, 1]], "spurious": [["may be", 1, 1], ["may", 1, 1]]}


def test_report_has_a_row_per_variant() -> None:
    cell = {"f1": [0.8241, 0.0249], "sentence_f1": [0.882, 0.02],
            "errors": {"missed": [["would", 63, 104]], "spurious": [["may", 71, 677], ["if", 25, 220]]}}
    res = {"variants": {v: {"cv": dict.fromkeys(CV.CORPORA, cell), "split": {"f1": 0.8529}} for v in ("shipped", "MLP")},
           "stamp": {"command": CV.COMMAND, "hedgekit_version": "0", "date": "today", "python": "3", "numpy": "2",
                     "scipy": "1", "sklearn": "1", "machine": {"platform": "x", "cpu_count": 2}},
           "wall_seconds": 60.0}
    md = CV.render(res)
    assert CV.COMMAND in md
    assert "| szeged-wiki | would 63/104 | may 71/677, if 25/220 |" in md
    assert "| MLP | 0.824 ± 0.025 | 0.882 ± 0.020 | 0.824 ± 0.025 | 0.882 ± 0.020 | 0.824 ± 0.025 | 0.882 ± 0.020 | 0.853 |" in md


def test_word_classes_group_words_by_their_neighbours() -> None:
    animals, verbs = ("cat", "dog", "bird", "horse"), ("sleeps", "runs", "sings", "waits")
    texts = [f"The {a} {v} here." for a in animals for v in verbs]
    texts += [f"A {a} {v} now." for a in animals for v in verbs] + ["A rare word."]
    classes = CV.word_classes(texts, 2, min_count=3, dims=3)
    assert "rare" not in classes and "word" not in classes  # seen once: no class
    assert len({classes[a] for a in animals}) == 1 and len({classes[v] for v in verbs}) == 1
    assert classes["cat"] != classes["runs"]
    assert CV.word_classes(texts, 2, min_count=3, dims=3) == classes  # seeded: the same classes again
    with pytest.raises(ValueError, match="fewer than k = 99"):
        CV.word_classes(texts, 99, min_count=3)
    with pytest.raises(ValueError, match="at least 1"):
        CV.word_classes(texts, 0)
    with pytest.raises(ValueError, match="or than 2"):
        CV.word_classes(["Yes yes yes"], 1, min_count=3)  # one word kept: nothing to reduce or cluster


def test_class_features_extend_the_shipped_ones(lexicon: hedgekit.Lexicon) -> None:
    norms, cands, i = _may(lexicon)  # "the pope may change the procedures ..."
    shipped = cues.candidate_features(norms, cands, i)
    f = CV.class_features({"pope": 7, "change": 3})(norms, cands, i)
    assert f[:len(shipped)] == shipped
    assert f[len(shipped):] == ["c-1=7", "c+1=3", "p|c-2=may|U", "p|c-1=may|7", "p|c+1=may|3", "p|c+2=may|U"]
    norms, _ = token_spans("Perhaps not.")
    cands = cues.candidates(norms, lexicon)
    j = next(j for j, c in enumerate(cands) if c.first == 0)
    assert {"p|c-2=perhaps|S", "p|c-1=perhaps|S", "c-1=S"} <= set(CV.class_features({})(norms, cands, j))
    norms, _ = token_spans("It may")
    cands = cues.candidates(norms, lexicon)
    j = next(j for j, c in enumerate(cands) if c.pattern == "may")
    assert {"c+1=E", "p|c+1=may|E", "p|c+2=may|E", "p|c-1=may|U"} <= set(CV.class_features({})(norms, cands, j))


def test_a_word_class_variant_needs_its_classes_induced(lexicon: hedgekit.Lexicon) -> None:
    CV._WORD_CLASSES.pop(200, None)
    with pytest.raises(RuntimeError, match="not induced"):
        CV.VARIANTS["word classes (200)"]([], [], lexicon)


def test_two_pass_features_say_what_the_first_pass_makes_of_the_other_candidates(lexicon: hedgekit.Lexicon) -> None:
    first = cues.CueModel({"p=may": 5.0, "bias": -2.0}, {}, {}, 0.5, lexicon.hash)  # may 0.95, the rest 0.12
    fn = CV.two_pass_features(first)
    norms, _ = token_spans("The Pope may possibly change the procedures.")
    cands = cues.candidates(norms, lexicon)
    assert [c.pattern for c in cands] == ["may", "possibly"]
    may, possibly = fn(norms, cands, 0), fn(norms, cands, 1)
    assert may[:-2] == cues.candidate_features(norms, cands, 0)
    assert may[-2:] == ["omax=1", "p|omax=may|1"]  # its one other candidate is unlikely: no o50
    assert possibly[-4:] == ["omax=9", "p|omax=possibly|9", "o50", "p|o50=possibly"]
    norms, _ = token_spans("The Pope may change the procedures.")
    cands = cues.candidates(norms, lexicon)
    assert fn(norms, cands, 0)[-2:] == ["omax=none", "p|omax=may|none"]  # the sentence's only candidate


def test_inner_folds_keep_a_document_together() -> None:
    from hedgekit.types import AnnotatedSentence

    sents = [AnnotatedSentence(f"S {j}.", "certain", doc_id=f"d{j % 7}") for j in range(70)]
    sents += [AnnotatedSentence("No document.", "certain") for _ in range(50)]
    fold = CV._inner_folds(sents)
    assert fold == CV._inner_folds(sents)  # not salted: the same folds in every process
    assert all(fold[j] == fold[j % 7] for j in range(70))
    assert set(fold) <= set(range(CV.INNER_FOLDS)) and len(set(fold[70:])) > 1  # no document: each its own


def test_inner_cv_threshold_refits_the_shipped_model_with_the_best_cut(lexicon: hedgekit.Lexicon) -> None:
    from hedgekit.types import AnnotatedSentence, Cue

    sents = []
    for j in range(60):
        if j % 2:
            text = f"Prices may rise in week {j}."
            sents.append(AnnotatedSentence(text, "uncertain", cues=(Cue("may", 7, 10, "epistemic"),), doc_id=f"d{j}"))
        else:
            sents.append(AnnotatedSentence(f"The shop opens in May, week {j}.", "certain", doc_id=f"d{j}"))
    model = CV._fit_inner_threshold(sents, lexicon)
    shipped = CV._fit_linear(sents, lexicon)
    assert model.threshold in CV.THRESHOLDS
    assert dict(model.weights) == dict(shipped.weights) and dict(model.templates) == dict(shipped.templates)
    assert [c.text for c in model.predict("Prices may rise in week 99.", lexicon)] == ["may"]
