"""The cue classifier (hedgekit.cues): candidates, features, templates, fit and predict on real sentences."""

from __future__ import annotations

import json

import pytest

import hedgekit
from hedgekit import cues
from hedgekit.text import token_spans
from hedgekit.types import AnnotatedSentence, Cue

from conftest import require_shared


def sentence(text: str, *cue_words: tuple[str, str]) -> AnnotatedSentence:
    """An annotated sentence whose cues are the first occurrences of the given (word, category)."""
    out = []
    for w, cat in cue_words:
        a = text.index(w)
        out.append(Cue(w, a, a + len(w), cat))
    return AnnotatedSentence(text, "uncertain" if out else "certain", cues=tuple(out))


@pytest.fixture(scope="module")
def lexicon() -> hedgekit.Lexicon:
    return hedgekit.load_lexicon()


def test_candidates_and_extra_patterns(lexicon: hedgekit.Lexicon) -> None:
    norms, _ = token_spans("These results may be due to either IL-2 or IL-4.")
    plain = cues.candidates(norms, lexicon)
    assert [c.pattern for c in plain][:1] == ["may be"]
    more = cues.candidates(norms, lexicon, {"either": "epistemic", "or": "epistemic"})
    extra = [(c.pattern, c.extra) for c in more if c.extra]
    assert extra == [("either", True), ("or", True)]
    assert [c.first for c in more] == sorted(c.first for c in more)


def test_features_see_context(lexicon: hedgekit.Lexicon) -> None:
    norms, spans = token_spans("We investigated whether the kinase binds DNA.")
    cands = cues.candidates(norms, lexicon)
    i = next(j for j, c in enumerate(cands) if "whether" in c.pattern or c.pattern.startswith("investigated"))
    f = cues.candidate_features(norms, cands, i, "investigated")
    assert "w-1=we" in f and any(x.startswith("p=") for x in f)
    text = "The kinase may bind DNA, as May suggested."
    norms2, spans2 = token_spans(text)
    cands2 = cues.candidates(norms2, lexicon)
    assert [c.pattern for c in cands2] == ["may", "may", "suggested"]
    raw = [text[spans2[c.first][0]:spans2[c.first][1]] for c in cands2]
    f0 = cues.candidate_features(norms2, cands2, 0, raw[0])
    f1 = cues.candidate_features(norms2, cands2, 1, raw[1])
    assert {"w-1=kinase", "w+1=bind", "p|w+1=may|bind"} <= set(f0) and "cap" not in f0
    assert {"cap", "p|cap=may", "s+1=ed"} <= set(f1)  # the name "May", followed by an -ed verb


def test_gold_token_spans_and_templates(lexicon: hedgekit.Lexicon) -> None:
    s = sentence("These data may be explained by a second site.", ("may", "epistemic"))
    _, spans = token_spans(s.text)
    assert cues.gold_token_spans(spans, s.cues) == [(2, 3, "epistemic")]
    insts = cues.instances([s], lexicon)
    pos = [x for x in insts if x.label]
    assert pos and pos[0].cand.pattern == "may be" and pos[0].gold == ((0, 1, "epistemic"),)
    assert cues.learn_templates(insts)["may be"] == ((0, 1, "epistemic"),)


def toy() -> list[AnnotatedSentence]:
    hedged = [sentence(f"These results suggest that {x} may regulate the response.", ("suggest", "epistemic"),
                       ("may", "epistemic")) for x in ("IL-2", "p53", "NF-kB", "the kinase", "STAT3", "TCF-1")]
    plain = [AnnotatedSentence(f"Cells were harvested in May {1990 + i} and {x} was measured.", "certain")
             for i, x in enumerate(("IL-2", "p53", "NF-kB", "the kinase", "STAT3", "TCF-1"))]
    return hedged + plain


def test_fit_predict_and_json_round_trip(lexicon: hedgekit.Lexicon) -> None:
    model = cues.fit_cue_model(toy(), lexicon, C=10.0, min_df=1, extra_min_count=None)
    text = "Our data suggest that TNF may activate the promoter."
    pred = model.predict(text, lexicon)
    assert [text[c.start:c.end] for c in pred] == ["suggest", "may"]
    assert all(c.category == "epistemic" and c.probability >= 0.5 for c in pred)
    assert model.predict("Samples were taken in May 2001.", lexicon) == []
    again = cues.CueModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.predict(text, lexicon) == pred


def test_sentence_cue_features() -> None:
    assert cues.sentence_cue_features([]) == {"max": 0.0, "noisy_or": 0.0, "n_over_half": 0.0}
    d = cues.sentence_cue_features([0.5, 0.5, 0.9])
    assert d["max"] == 0.9 and d["noisy_or"] == pytest.approx(1 - 0.5 * 0.5 * 0.1) and d["n_over_half"] == 3.0


def test_real_bioscope_cues_learned_in_context(lexicon: hedgekit.Lexicon) -> None:
    from hedgekit.evaluate import cue_metrics
    from hedgekit.readers import load_corpus

    folder = require_shared("corpora", "bioscope")
    train = list(load_corpus(folder / "abstracts.xml", format="bioscope"))
    papers = list(load_corpus(folder / "full_papers.xml", format="bioscope"))
    model = cues.fit_cue_model(train, lexicon)
    assert "or" in model.extra  # BioScope annotates "either ... or" alternatives; the lexicon has no "or"
    gold = [s.cues for s in papers]
    pred = [[Cue("", c.start, c.end, c.category) for c in model.predict(s.text, lexicon)] for s in papers]
    every = [[Cue("", c.start, c.end, c.category) for c in lexicon.find(s.text)] for s in papers]
    m = cue_metrics(gold, pred, match="exact")
    assert m["n_gold"] == 682 and m["f1"] > 0.75
    assert m["f1"] > cue_metrics(gold, every, match="exact")["f1"] + 0.2  # context and templates matter
    text = "These findings suggest that the kinase may be involved in apoptosis."
    assert [text[c.start:c.end] for c in model.predict(text, lexicon)] == ["suggest", "may"]  # not "may be"
