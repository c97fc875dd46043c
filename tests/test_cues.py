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
    # sentence-wide hints: the other candidates, and words such as "if" or quotes anywhere in the sentence
    assert {"p|other=may|may", "p|other=may|suggested"} <= set(f0) and not any("p|has=" in x for x in f0)
    text3 = 'He said: "If it rains, the match would be cancelled."'
    norms3, _ = token_spans(text3)
    cands3 = cues.candidates(norms3, lexicon)
    k = next(j for j, c in enumerate(cands3) if c.pattern == "would")
    f3 = cues.candidate_features(norms3, cands3, k)
    assert {"p|has=would|if", "p|has=would|said", 'p|has=would|"'} <= set(f3)


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


def test_a_fitted_cue_model_keeps_its_training_sentences_hashes_through_its_file(lexicon: hedgekit.Lexicon,
                                                                                tmp_path) -> None:
    """A cue model a user fitted kept no record of its sentences, and write_cue_model wrote only the
    ``training`` it was given (a loaded model written again lost its record): benchmark_corpus could
    not tell that a corpus was the model's own training data."""
    from hedgekit.train import sentence_key_hashes

    data = toy() + [AnnotatedSentence(f"{who} may log in for free.", "certain") for who in ("Guests", "Members", "Users")]
    model = cues.fit_cue_model(data, lexicon, C=10.0, min_df=1, extra_min_count=None)
    rec = model.training
    assert rec["sentences"] == 15 and rec["hyperparameters"]["C"] == 10.0
    assert rec["hyperparameters"]["extra_min_count"] is None and rec["hyperparameters"]["backoff"] is True
    assert set(rec["sentence_keys"]["corpora"]) == {"sentences"}  # (toy sentences have no source)
    import base64

    import numpy as np

    got = np.frombuffer(base64.b64decode(rec["sentence_keys"]["corpora"]["sentences"]), dtype="<u4")
    assert got.tolist() == sentence_key_hashes([s.text for s in data]).tolist() and len(got) == 15
    path = cues.write_cue_model(model, tmp_path / "mine.json.gz", "mine")
    assert cues.load_cue_model(path, "mine").training == rec
    again = cues.write_cue_model(cues.load_cue_model(path, "mine"), tmp_path / "again.json.gz", "mine",
                                 {"note": "re-written", "sentences": 13})
    back = cues.load_cue_model(again, "mine").training
    assert back["note"] == "re-written" and back["sentences"] == 13  # the given fields over the model's own
    assert back["sentence_keys"] == rec["sentence_keys"]


def test_instance_matrix_is_the_binary_design_of_the_candidates(lexicon: hedgekit.Lexicon) -> None:
    permission = AnnotatedSentence("Guests may log in for free.", "certain")  # a "may" that is no cue
    insts = cues.instances([*toy(), permission], lexicon)
    names, X, y = cues.instance_matrix(insts, min_df=1)
    assert X.shape == (len(insts), len(names)) == (13, len(names)) and names == sorted(names)
    assert "bias" not in names and set(X.data.tolist()) == {1.0}
    assert y.tolist() == [x.label for x in insts] == [1] * 12 + [0]
    assert {names[j] for j in X[0].indices} == set(insts[0].features) - {"bias"}
    assert {names[j] for j in X[12].indices} >= {"p=may", "w-1=guests", "w+1=log"}
    common, _, _ = cues.instance_matrix(insts, min_df=7)  # in >= 7 of the 13: the 7 "may" candidates' own
    assert "p=may" in common and "p=suggest" not in common and "w-1=guests" not in common


def test_fit_predict_and_json_round_trip(lexicon: hedgekit.Lexicon) -> None:
    data = toy() + [AnnotatedSentence(f"{who} may log in for free.", "certain") for who in ("Guests", "Members", "Users")]
    model = cues.fit_cue_model(data, lexicon, C=10.0, min_df=1, extra_min_count=None)
    text = "Our data suggest that TNF may activate the promoter."
    pred = model.predict(text, lexicon)
    assert [text[c.start:c.end] for c in pred] == ["suggest", "may"]
    assert all(c.category == "epistemic" and c.probability >= 0.5 for c in pred)
    assert model.predict("Samples were taken in May 2001.", lexicon) == []
    again = cues.CueModel.from_json(json.loads(json.dumps(model.to_json())))
    # (the JSON rounds the weights to 6 significant digits: the same cues, probabilities within about 1e-6)
    back = again.predict(text, lexicon)
    assert [c._replace(probability=0.0) for c in back] == [c._replace(probability=0.0) for c in pred]
    assert [c.probability for c in back] == pytest.approx([c.probability for c in pred], abs=1e-5)
    assert cues.CueModel.from_json(json.loads(json.dumps(again.to_json()))).predict(text, lexicon) == back


def test_fit_shipped_cue_model_is_the_shipped_recipe(lexicon: hedgekit.Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    # values unlike fit_cue_model's defaults, so that a hyperparameter not passed on shows
    hp = {**cues.SHIPPED_HYPERPARAMETERS, "C": 2.0, "extra_min_count": None, "min_df": 1, "threshold": 0.7, "seed": 7,
          "backoff": False}
    monkeypatch.setattr(cues, "SHIPPED_HYPERPARAMETERS", hp)
    explicit = {k: hp[k] for k in ("extra_min_count", "min_df", "threshold", "seed", "backoff")}
    data = toy() + [AnnotatedSentence(f"{who} may log in for free.", "certain") for who in ("Guests", "Members", "Users")]
    shipped = cues.fit_shipped_cue_model(data, lexicon)
    assert shipped.to_json() == cues.fit_cue_model(data, lexicon, C=hp["C"], **explicit).to_json()
    strong = cues.fit_shipped_cue_model(data, lexicon, C=10.0)
    assert strong.to_json() == cues.fit_cue_model(data, lexicon, C=10.0, **explicit).to_json()
    assert strong.weights != shipped.weights and abs(strong.weights["bias"]) < 20  # both classes, C is used
    assert shipped.threshold == 0.7 and shipped.extra == {}
    assert shipped.to_json() != cues.fit_cue_model(data, lexicon, C=2.0).to_json()  # the defaults differ


def test_learn_backoff_keeps_the_words_the_training_cues_include(lexicon: hedgekit.Lexicon) -> None:
    """A multi-word match whose pattern was never a positive candidate in training has no template:
    its span keeps the words the training cues mostly include ("was expected to" -> "expected",
    as "is expected to" was annotated), split before a word that starts its own cue ("could
    possibly" -> "could", "possibly")."""
    train = [sentence(f"The {x} is expected to open soon.", ("expected", "epistemic")) for x in ("bridge", "mall", "park")]
    train += [sentence(f"The {x} could open soon.", ("could", "epistemic")) for x in ("bridge", "mall", "park")]
    train += [sentence(f"The {x} will possibly open soon.", ("possibly", "epistemic")) for x in ("bridge", "mall")]
    train += [AnnotatedSentence(f"The {x} is closed and was shut when we went to it.", "certain")
              for x in ("bridge", "mall")]
    backoff, seen = cues.learn_backoff(train, lexicon)
    # "was", "is" and "to" are in no cue: left out ("was" is in no candidate of these sentences, but
    # in a lexicon row); "expected" begins its cues; "bridge" is in no multi-word row or candidate
    assert backoff["expected"] == backoff["could"] == backoff["possibly"] == "start"
    assert not {"is", "to", "was", "bridge"} & set(backoff) and set(backoff.values()) <= set(cues.BACKOFF_CODES)
    assert seen == {"expected", "could", "possibly"}  # the training cues made only of its words
    model = cues.fit_cue_model(train, lexicon, C=10.0, min_df=1, extra_min_count=None)
    assert dict(model.backoff) == backoff and model.backoff_cues == seen and "is expected to" in model.templates
    for text, spans in (("The bridge was expected to open.", ["expected"]),
                        ("It could possibly rain.", ["could", "possibly"]),
                        ("The bridge is expected to open.", ["expected"])):  # (its template)
        norms, offsets = token_spans(text)
        got = [c for c in cues.candidates(norms, lexicon)]
        out = [norms[c.first + a:c.first + b] for c in got for a, b, _ in model.spans(c, norms)]
        assert [" ".join(x) for x in out] == spans, text
    # without it, or counting tokens only (no words to read), the whole match
    plain = cues.fit_cue_model(train, lexicon, C=10.0, min_df=1, extra_min_count=None, backoff=False)
    assert dict(plain.backoff) == {} and plain.weights == model.weights
    norms, _ = token_spans("The bridge was expected to open.")
    c = cues.candidates(norms, lexicon)[0]
    assert plain.spans(c, norms) == model.spans(c, len(norms)) == ((0, 3, "doxastic"),)
    # no word kept (here none ever seen in a cue, a number never seen at all): the whole match rather than nothing
    norms, _ = token_spans("It cost about 23 dollars.")
    c = next(c for c in cues.candidates(norms, lexicon) if c.pattern == "about <num>")
    assert "about" not in backoff and model.spans(c, norms) == ((0, 2, "epistemic"),)
    assert model._backoff_spans(["is", "to"], "epistemic") == ()
    # a span no training cue was ("expected possibly": two kept words, never one cue) keeps the whole match
    assert model._backoff_spans(["expected", "possibly"], "epistemic") == ((0, 1, "epistemic"), (1, 2, "epistemic"))
    unseen = cues.CueModel(dict(model.weights), dict(model.templates), {}, model.threshold, model.lexicon_hash,
                           backoff={**backoff, "possibly": "keep"}, backoff_cues=seen)
    assert unseen._backoff_spans(["expected", "possibly"], "epistemic") == ()  # "expected possibly" was no cue
    c2 = cues.Candidate(1, 3, "is to", "epistemic", 1.0, False)
    assert model.spans(c2, ["it", "is", "to"]) == ((0, 2, "epistemic"),)


def test_shipped_back_off_spans_are_annotated_cues_or_the_whole_match() -> None:
    """A review found the first back-off rule splitting hedges into pieces no annotator marked
    ("could not be ruled out" -> "could", "not", "out"; "As far as we know" -> "As", "as"): a
    back-off piece must be a cue its training corpus annotated, else the whole match stays."""
    text = ["A role for p53 could not be ruled out.", "As far as we know, the protein is inactive.",
            "He asked whether she won."]
    for domain in ("biomedical", "bioscope"):
        got = [[c.text for c in cs] for cs in cues.detect(text, domain=domain)]
        assert got == [["could not be ruled out"], ["As far as we know"], ["whether"]], domain
    lex = hedgekit.load_lexicon()
    for domain in cues.DOMAINS:
        m = cues.load_cue_model(None, domain)
        assert m.backoff and m.backoff_cues and all(set(c.split()) <= set(m.backoff) for c in m.backoff_cues)
        for s in text:
            for c in m.predict(s, lex, threshold=1e-9, end_mark=True):
                norms, _ = token_spans(c.text)
                if c.pattern not in m.templates and c.pattern not in m.extra and len(c.pattern.split()) > 1:
                    # a back-off span is a training cue, or the candidate's whole match
                    assert " ".join(norms) in m.backoff_cues or " ".join(norms) == c.pattern, (domain, c)


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
    pred = [[Cue(c.text, c.start, c.end, c.category) for c in model.predict(s.text, lexicon)] for s in papers]
    every = [[Cue(c.text, c.start, c.end, c.category) for c in lexicon.find(s.text)] for s in papers]
    m = cue_metrics(gold, pred, match="exact")
    assert m["n_gold"] == 682 and m["f1"] > 0.75
    assert m["f1"] > cue_metrics(gold, every, match="exact")["f1"] + 0.2  # context and templates matter
    text = "These findings suggest that the kinase may be involved in apoptosis."
    assert [text[c.start:c.end] for c in model.predict(text, lexicon)] == ["suggest", "may"]  # not "may be"


# -- the shipped cue models and the public API ----------------------------------------------------

import gzip  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

from hedgekit.errors import InputTypeError, ModelError  # noqa: E402

DATA = Path(cues.__file__).parent / "data"
ALLOWED = {"bioscope", "conll2010-wiki", "szeged-wiki", "szeged-bio", "pei-jurgens-certainty"}


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_shipped_detector_finds_may_but_not_the_month(domain: str) -> None:
    s1 = "The kinase may bind DNA in these cells."
    s2 = "Samples were collected in May 2001 and analysed in June."
    r1, r2 = cues.detect([s1, s2], domain=domain)
    assert [c.text for c in r1] == ["may"] and r1[0].category == "epistemic" and r1[0].probability >= 0.5
    assert r2 == []


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_shipped_detector_gives_the_annotated_span(domain: str) -> None:
    text = "These data may be explained by a second binding site."
    [found] = cues.detect([text], domain=domain)
    assert [(c.text, c.pattern) for c in found] == [("may", "may be")]  # the corpus annotates "may", not "may be"
    c = found[0]
    assert (c.start, c.end) == (11, 14) and text[c.start:c.end] == "may"


def test_biomedical_splits_investigation_cues() -> None:
    text = "We investigated whether the kinase binds DNA."
    [found] = cues.detect([text])
    assert [(c.text, c.category) for c in found] == [("investigated", "investigation"), ("whether", "investigation")]


def test_offsets_index_the_sentence_exactly() -> None:
    texts = ["  Leading spaces: it may rain.", "Tabs\tmight\tmatter, perhaps.", "Café owners suggest that prices could rise.",
             "It is unclear whether IL-2 or IL-4 is involved.", "The résumé (possibly forged) appears genuine.",
             "", "   ", "MAY IT PLEASE THE COURT: the defendant probably lied.", "Whether-or-not; may/might."]
    for domain in cues.DOMAINS:
        out = cues.detect(texts, domain=domain)
        extra = cues.load_cue_model(None, domain).extra
        assert len(out) == len(texts)
        assert sum(map(len, out)) >= 5
        for t, found in zip(texts, out):
            assert [c.start for c in found] == sorted(c.start for c in found)
            for c in found:
                assert 0 <= c.start < c.end <= len(t) and t[c.start:c.end] == c.text and c.text.strip() == c.text
                # BioScope's cues are untyped: a lexicon match takes the lexicon's category, an extra
                # pattern ("or") stays unspecified
                assert c.category in ("epistemic", "doxastic", "investigation", "condition", "dynamic") or (
                    domain == "bioscope" and c.category == "unspecified" and c.pattern in extra), (domain, c)
                assert 0.5 <= c.probability <= 1.0


def test_detect_keeps_order_and_length_and_threshold() -> None:
    texts = ["It may rain.", "", "The sky is blue.", "It may rain."]
    gen = (t for t in texts)
    out = cues.detect(gen)
    assert len(out) == 4 and out[0] == out[3] and out[1] == [] and out[2] == []
    assert cues.detect([]) == []
    low = cues.detect(texts, threshold=0.05)[0]
    high = cues.detect(texts, threshold=0.999999)[0]
    assert set(high) <= set(cues.detect(texts)[0]) <= set(low)
    det = cues.CueDetector("general", threshold=0.3)
    assert det.detect(texts) == cues.detect(texts, domain="general", threshold=0.3)
    assert det.detect_sentence("It may rain.") == det.detect(["It may rain."])[0]


@pytest.mark.parametrize("bad", ["It may rain.", b"It may rain.", None, 42, ["ok", None], ["ok", b"bytes"], [3.5]])
def test_detect_rejects_bad_input(bad: object) -> None:
    with pytest.raises(InputTypeError):
        cues.detect(bad)  # type: ignore[arg-type]


def test_detect_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match="domain"):
        cues.detect(["x"], domain="legal")
    for t in (0, 1, -0.1, 1.5, "0.5", True, float("nan")):
        with pytest.raises(ValueError, match="threshold"):
            cues.detect(["x"], threshold=t)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        cues.CueDetector().detect_sentence(None)  # type: ignore[arg-type]
    for bad in (["general"], {"x": 1}, 3):  # an unhashable one was a bare TypeError of Python's
        with pytest.raises(hedgekit.ArgumentError, match=r"domain must be one of \['biomedical'"):
            cues.detect(["x"], domain=bad)  # type: ignore[arg-type]
    # None is the default domain, as for CueDetector(None) and load_cue_model (it was refused here only)
    assert cues.detect(["It may rain."], domain=None) == cues.detect(["It may rain."])
    assert cues.score(["It may rain."], domain=None) == cues.score(["It may rain."])
    with pytest.raises(hedgekit.ArgumentError, match="domain must be one of"):
        cues.CueDetector(domain={"x": 1})  # type: ignore[arg-type]


def test_a_cue_at_the_sentence_edge_keeps_its_span() -> None:
    """A learned span wider than the match ("cannot exclude the possibility") was dropped where it ran
    past the sentence's end, so a candidate of P 0.96 gave no cue, p_uncertain 0.0 and 'certain';
    where it fitted it took in the full stop ("cannot exclude it.")."""
    for domain in ("bioscope", "biomedical"):
        for sentence, cue in (("Other mechanisms we cannot exclude.", "cannot exclude"),
                              ("We cannot rule out.", "cannot rule out")):
            got = cues.score([sentence], domain=domain)[0]
            assert got.label == "uncertain" and got.p_uncertain > 0.9, (domain, sentence)
            assert [c.text for c in got.cues] == [cue] and got.cues[0].text == sentence[got.cues[0].start:got.cues[0].end]
    assert [c.text for c in cues.detect(["We cannot exclude it."], domain="bioscope")[0]] == ["cannot exclude it"]
    # where the sentence goes on, the span is the one the corpus annotates
    assert [c.text for c in cues.detect(["We cannot exclude the possibility that it binds."], domain="bioscope")[0]
            ][0] == "cannot exclude the possibility"
    # a template is cut at the edges, never beyond the match
    model = cues.load_cue_model(None, "bioscope")
    assert model.templates["cannot exclude"] == ((0, 4, "unspecified"),)  # "cannot exclude the possibility"
    cand = cues.Candidate(first=3, last=5, pattern="cannot exclude", category="epistemic", weight=0.9, extra=False)
    words = ["other", "mechanisms", "we", "cannot", "exclude", ".", "x"]
    assert model.spans(cand, 5) == ((0, 2, "epistemic"),)  # (by the number of tokens: cut at the end)
    assert model.spans(cand, words[:6]) == ((0, 2, "epistemic"),)  # (by the tokens: nor the full stop)
    assert model.spans(cand, words) == ((0, 4, "epistemic"),)  # (where it fits and ends in a word)


def test_detect_is_thread_safe() -> None:
    texts = ["It may rain.", "Perhaps the drug works.", "We examined whether cells divide."] * 20
    want = cues.detect(texts)
    got: list[object] = []

    def run() -> None:
        got.append(cues.detect(texts))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 4


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_shipped_files_record_their_provenance(domain: str) -> None:
    name = cues.SHIPPED_CUE_MODELS[domain][0]
    path = DATA / name
    assert path.stat().st_size < 300_000
    d = json.loads(gzip.decompress(path.read_bytes()))
    assert d["format_version"] == cues.CUE_FORMAT_VERSION and d["kind"] == cues.CUE_MODEL_KIND
    assert d["domain"] == domain and d["lexicon_hash"] == hedgekit.load_lexicon().hash
    tr = d["training"]
    assert tr["limit"] is None and tr["hyperparameters"]["C"] == 0.5
    assert {f["corpus"] for f in tr["corpora"]} <= ALLOWED
    assert all(f["sha256"].startswith("sha256:") and len(f["sha256"]) == 71 for f in tr["corpora"])
    cv = tr["cross_validation"]
    assert cv["corpus"] == cues.SHIPPED_CUE_MODELS[domain][2] and cv["exact"]["f1"][0] > 0.8
    assert cues.load_cue_model(path).weights == cues.load_cue_model(None, domain).weights


def test_data_folder_stays_small() -> None:
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.suffix in (".gz", ".tsv"))
    assert total < 5_000_000


def test_import_hedgekit_does_not_import_cues() -> None:
    code = "import sys, hedgekit; print('hedgekit.cues' in sys.modules, 'sklearn' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
    code = ("import sys; from hedgekit import cues; cues.detect(['It may rain.']); "
            "print('sklearn' in sys.modules, 'scipy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


# -- hostile and corrupt cue-model files ------------------------------------------------------------

def shipped_doc() -> dict:
    return json.loads(gzip.decompress((DATA / "cues-general.json.gz").read_bytes()))


def write(tmp_path: Path, d: object, rechecksum: bool = True, name: str = "m.json") -> Path:
    if rechecksum and isinstance(d, dict) and all(k in d for k in cues._CUE_REQUIRED):
        d["checksum"] = cues._model_checksum(d)
    p = tmp_path / name
    p.write_text(json.dumps(d), encoding="utf-8")
    return p


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    model = cues.load_cue_model(None, "general")
    p = cues.write_cue_model(model, tmp_path / "c.json.gz", "general", {"note": "copy"})
    again = cues.load_cue_model(p)
    text = "Some scientists believe the results may be wrong."
    assert again.predict(text, hedgekit.load_lexicon()) == model.predict(text, hedgekit.load_lexicon())
    assert cues.CueDetector("general", model=p).detect([text]) == cues.detect([text], domain="general")
    # the file says its domain: the detector takes it, and refuses another one named
    assert cues.CueDetector(model=p).domain == "general"
    with pytest.raises(hedgekit.ModelError, match="domain is 'general', expected 'bioscope'"):
        cues.CueDetector("bioscope", model=p)
    with pytest.raises(hedgekit.ModelError, match="domain is 'general', expected 'biomedical'"):
        cues.load_cue_model(p, "biomedical")


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("weights"), "missing keys"),
    (lambda d: d.pop("lexicon_hash"), "missing keys"),
    (lambda d: d.update(format_version=3), "format_version"),
    (lambda d: d.update(format_version="2"), "format_version"),
    (lambda d: d.pop("backoff"), "format_version 2 needs 'backoff'"),
    (lambda d: d.pop("backoff_cues"), "format_version 2 needs 'backoff_cues'"),
    (lambda d: d.update(format_version=1), "format_version 1 has no 'backoff'"),
    (lambda d: d.update(backoff={"to": "drop"}), "'backoff' must map single lower-case tokens to 'keep' or 'start'"),
    (lambda d: d.update(backoff={"": "keep"}), "'backoff' must map"),
    (lambda d: d.update(backoff={"Expected": "keep"}), "'backoff' must map"),
    (lambda d: d.update(backoff={"was expected": "keep"}), "'backoff' must map"),
    (lambda d: d.update(backoff={" ": "keep"}), "'backoff' must map"),
    (lambda d: d.update(backoff=["to"]), "'backoff' must be an object"),
    (lambda d: d.update(backoff_cues={"to": 1}), "'backoff_cues' must be a list"),
    (lambda d: d.update(backoff_cues=["zzz-not-a-backoff-word"]), "'backoff_cues' must be cue texts"),
    (lambda d: d.update(backoff_cues=[" estimated"]), "'backoff_cues' must be cue texts"),
    (lambda d: d.update(kind="hedgekit-gated-linear"), "kind"),
    (lambda d: d["weights"].update(bias="1.0"), "weight 'bias'"),
    (lambda d: d["weights"].update(bias=True), "weight 'bias'"),
    (lambda d: d["weights"].update(bias=1e300), "weight 'bias'"),
    (lambda d: d["weights"].pop("bias"), "bias"),
    (lambda d: d.update(weights=[1, 2]), "weights"),
    (lambda d: d.update(threshold=1.0), "threshold"),
    (lambda d: d.update(lexicon_hash=None), "lexicon_hash"),
    (lambda d: d.update(templates={"may be": [[0, 1]]}), "template"),
    (lambda d: d.update(templates={"may be": [[1, 0, "epistemic"]]}), "template"),
    (lambda d: d.update(templates={"may be": [[0, 10**9, "epistemic"]]}), "template"),
    (lambda d: d.update(templates={"may be": [[0.0, 1, "epistemic"]]}), "template"),
    (lambda d: d.update(extra={"": "epistemic"}), "extra"),
    (lambda d: d.update(extra={"or": 3}), "extra"),
    (lambda d: d.update(training=[]), "training"),
    (lambda d: d.update(domain=5), "domain is 5; a cue model's domain is a string"),
])
def test_malformed_cue_models_are_refused(tmp_path: Path, edit, message: str) -> None:
    d = shipped_doc()
    edit(d)
    with pytest.raises(ModelError, match=message):
        cues.load_cue_model(write(tmp_path, d))


def test_corrupt_cue_model_files_are_refused(tmp_path: Path) -> None:
    good = (DATA / "cues-general.json.gz").read_bytes()
    cases = {
        "truncated.json.gz": (good[: len(good) // 2], "gzip"),
        "garbage.json": (b"\x00\x01not json", "JSON"),
        "latin1.json": ('{"kind": "caf\xe9"}'.encode("latin-1"), "UTF-8"),
        "list.json": (b"[1, 2, 3]", "JSON object"),
        "nan.json": (gzip.decompress(good).replace(b'"bias":', b'"bias":NaN,"x":', 1), "NaN"),
        "inf.json": (gzip.decompress(good).replace(b'"bias":', b'"bias":1e999,"x":', 1), "weight 'bias'"),
        "deep.json": (b"[" * 100000 + b"]" * 100000, "JSON"),
        "long-int.json": (gzip.decompress(good).replace(b'"bias":', b'"bias":' + b"9" * 5000 + b',"x":', 1),
                          "unreadable JSON"),
        "sentence-model.json.gz": ((DATA / "model.json.gz").read_bytes(), "a sentence model goes to hedgekit.load_model"),
    }
    for name, (raw, message) in cases.items():
        p = tmp_path / name
        p.write_bytes(raw)
        with pytest.raises(ModelError, match=message):
            cues.load_cue_model(p)
    with pytest.raises(FileNotFoundError):
        cues.load_cue_model(tmp_path / "absent.json.gz")


def test_edited_weights_fail_the_checksum(tmp_path: Path) -> None:
    d = shipped_doc()
    d["weights"]["bias"] += 1.0
    with pytest.raises(ModelError, match="checksum"):
        cues.load_cue_model(write(tmp_path, d, rechecksum=False))
    d = shipped_doc()  # the back-off map changes spans: the checksum covers it
    assert d["backoff"]
    d["backoff"][next(iter(d["backoff"]))] = "start" if next(iter(d["backoff"].values())) == "keep" else "keep"
    with pytest.raises(ModelError, match="checksum"):
        cues.load_cue_model(write(tmp_path, d, rechecksum=False))


def test_a_version_1_file_loads_without_back_off_spans(tmp_path: Path) -> None:
    """A cue model written before back-off spans (format 1) loads, and gives a multi-word match
    with no template the whole match, as it did; its version 2 copy backs off."""
    d = shipped_doc()
    backoff = d.pop("backoff")
    seen = d.pop("backoff_cues")
    d["format_version"] = 1
    old = cues.load_cue_model(write(tmp_path, d, name="v1.json"))
    assert dict(old.backoff) == {} and old.weights == cues.load_cue_model(None, "general").weights
    new = cues.load_cue_model(None, "general")
    assert dict(new.backoff) == backoff and new.backoff_cues == frozenset(seen) and "estimated" in seen
    lex = hedgekit.load_lexicon()
    text = "An estimated 300 people attended."
    assert "an estimated" not in new.templates
    assert [c.text for c in old.predict(text, lex, threshold=1e-9)] == ["An estimated"]
    assert [c.text for c in new.predict(text, lex, threshold=1e-9)] == ["estimated"]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cues, "MAX_FILE_BYTES", 1000)
    p = tmp_path / "big.json.gz"
    p.write_bytes(gzip.compress(b" " * 5000))
    with pytest.raises(ModelError, match="larger than"):
        cues.load_cue_model(p)


def test_lexicon_mismatch_is_refused(tmp_path: Path) -> None:
    d = shipped_doc()
    d["lexicon_hash"] = "sha256:" + "0" * 64
    p = write(tmp_path, d)
    cues.load_cue_model(p)  # the file itself is well-formed ...
    with pytest.raises(ModelError, match="lexicon"):
        cues.CueDetector("general", model=p)  # ... but not for this lexicon


def test_wrong_domain_file_is_refused(tmp_path: Path) -> None:
    d = shipped_doc()
    with pytest.raises(ModelError, match="domain"):
        cues.cue_model_from_document(d, "x", domain="biomedical")


# -- the training command ----------------------------------------------------------------------------

def test_training_command_is_deterministic(tmp_path: Path) -> None:
    from hedgekit.train import sha256_file

    corpora = require_shared("corpora")
    outs = []
    root = Path(__file__).resolve().parents[1]
    for seed in ("1", "2"):  # separate processes with different string hashing: the bytes must not change
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-m", "hedgekit.cues", "--corpora", str(corpora), "--out", str(out),
                               "--limit", "250"], capture_output=True, text=True, timeout=300, env=env, cwd=root)
        assert done.returncode == 0, done.stderr
        outs.append(out)
    for domain in cues.DOMAINS:
        name = cues.SHIPPED_CUE_MODELS[domain][0]
        a, b = (outs[0] / name).read_bytes(), (outs[1] / name).read_bytes()
        assert a == b and a[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0
        d = json.loads(gzip.decompress(a))
        tr = d["training"]
        assert tr["limit"] == 250 and isinstance(tr["cross_validation"], str)
        for f in tr["corpora"]:
            assert f["sha256"] == sha256_file(corpora / f["file"]) and f["sentences"] == 250
        det = cues.CueDetector(domain, model=outs[0] / name)
        assert len(det.detect(["The kinase may bind DNA in these cells.", "No."])) == 2  # loads and runs


def test_training_command_without_corpora_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cues.main(["--corpora", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m hedgekit.cues: error: ") and "nowhere: no such folder" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_score_is_the_sentence_reading_of_detect(domain: str) -> None:
    texts = ["The kinase may bind DNA in these cells.", "Samples were collected in May 2001.",
             "It is unclear whether IL-2 or IL-4 is involved.", "", "We show that p53 binds DNA.",
             "These data may be explained by a second binding site."]
    got = cues.score(texts, domain=domain)
    found = cues.detect(texts, domain=domain)
    assert [s.text for s in got] == texts
    assert [s.label for s in got] == ["uncertain" if f else "certain" for f in found]
    assert [s.label for s in got] == ["uncertain", "certain", "uncertain", "certain", "certain", "uncertain"]
    for s, f in zip(got, found):
        assert s.certainty == pytest.approx(1.0 - s.p_uncertain) and 0.0 <= s.p_uncertain <= 1.0
        assert s.threshold == 0.5 and (s.start, s.end) == (0, len(s.text))
        assert [(c.text, c.start, c.end, c.category, c.pattern) for c in s.cues] == [
            (p.text, p.start, p.end, p.category, p.pattern) for p in f]
        assert all(c.contribution > 0 and 0.0 <= c.weight <= 1.0 for c in s.cues)
        if f:  # the sentence's probability is its strongest cue's
            assert s.p_uncertain == pytest.approx(max(p.probability for p in f))
    assert got[3].p_uncertain == 0.0 and got[3].cues == ()
    low = cues.score(texts, domain=domain, threshold=0.01)
    assert [s.p_uncertain for s in low] == [s.p_uncertain for s in got] and low[0].threshold == 0.01
    with pytest.raises(TypeError, match="score"):
        cues.score("The kinase may bind DNA.", domain=domain)  # type: ignore[arg-type]


def test_detector_is_immutable_and_pickles() -> None:
    """Documented immutable (shared across threads): a changed threshold would silently change every
    later detect(); a copy sent to another process detects the same."""
    import pickle

    det = cues.CueDetector("general", threshold=0.4)
    before = det.detect(["It may rain.", "Some say the plan could fail."])
    with pytest.raises(AttributeError, match="immutable.*setting 'threshold'"):
        det.threshold = 7  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot delete 'model'"):
        del det.model
    assert det.threshold == 0.4 and det.detect(["It may rain.", "Some say the plan could fail."]) == before
    copy = pickle.loads(pickle.dumps(det))
    assert (copy.domain, copy.threshold) == ("general", 0.4)
    assert copy.detect(["It may rain.", "Some say the plan could fail."]) == before


def test_a_list_items_marker_is_read_as_the_scorer_reads_it() -> None:
    """(a review) The Scorer's end_mark leaves a list item's marker out; the cue classifier read it,
    and "- Maybe later." was certain (0.416) where "Maybe later." is uncertain (0.760)."""
    plain = ["Maybe later.", "It is likely.", "Seems fine.", "Suggests harm.", "Results appear robust."]
    for domain in cues.DOMAINS:
        want = cues.score(plain, domain=domain)
        for marker in ("- ", "• ", "2. ", "\u200b10) "):
            got = cues.score([marker + t for t in plain], domain=domain)
            assert [g.p_uncertain for g in got] == [w.p_uncertain for w in want], (domain, marker)
            assert [[(c.text, c.start - len(marker)) for c in g.cues] for g in got] == \
                [[(c.text, c.start) for c in w.cues] for w in want]
    written = cues.score(["- Maybe later."], domain="general", end_mark=False)[0]
    assert written.p_uncertain < 0.5 < cues.score(["- Maybe later."], domain="general")[0].p_uncertain


def test_a_sentence_without_a_final_mark_is_read_as_if_it_had_one() -> None:
    """The cue models learned sentences that nearly all end in a mark, and their ``noend`` and
    next-word features moved a headline's cue: bioscope's "Perhaps" 0.835, "Perhaps." 0.748. With
    end_mark (the default, as the Scorer's) the two read the same; end_mark=False reads as written;
    the spans and offsets are the text's own either way."""
    import pickle

    for domain in cues.DOMAINS:
        pairs = [("Perhaps", "Perhaps."), ("The kinase may bind DNA", "The kinase may bind DNA."),
                 ("Reportedly the talks failed", "Reportedly the talks failed!"),
                 # (an audit) the lexicon's matches too: "<num> may ." takes the month of a headline
                 ("Polls close 5 May", "Polls close 5 May.")]
        for bare, marked in pairs:
            a, b = cues.score([bare, marked], domain=domain)
            assert a.p_uncertain == b.p_uncertain and a.label == b.label, (domain, bare)
            assert [(c.text, c.start, c.end) for c in a.cues] == [(c.text, c.start, c.end) for c in b.cues]
            assert a.end == len(bare) and all(bare[c.start:c.end] == c.text for c in a.cues)
            assert cues.detect([bare], domain=domain) == cues.detect([marked], domain=domain)
    as_written = cues.score(["Perhaps", "Perhaps."], domain="bioscope", end_mark=False)
    assert as_written[0].p_uncertain == pytest.approx(0.835, abs=0.005)
    assert as_written[1].p_uncertain == pytest.approx(0.748, abs=0.005)
    # "…" is a final mark (read as "."): nothing is appended, and the sentence has an end
    ellipsis = cues.score(["Perhaps…"], domain="bioscope", end_mark=False)[0].p_uncertain
    assert ellipsis == cues.score(["Perhaps…"], domain="bioscope")[0].p_uncertain == as_written[1].p_uncertain
    det = cues.CueDetector("bioscope", end_mark=False)
    assert det.end_mark is False and "end_mark=False" in repr(det)
    assert det.score(["Perhaps"])[0].p_uncertain == as_written[0].p_uncertain
    assert pickle.loads(pickle.dumps(det)).end_mark is False
    assert cues.CueDetector("bioscope").end_mark is True
    # a mark before closing quotes, a citation or a footnote is a mark: nothing is appended
    quoted = 'He said "perhaps."'
    assert (cues.score([quoted], domain="bioscope")[0].p_uncertain
            == cues.score([quoted], domain="bioscope", end_mark=False)[0].p_uncertain)
    for bad in (1, None, "yes"):
        with pytest.raises(TypeError, match="end_mark must be True"):
            cues.CueDetector("bioscope", end_mark=bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="end_mark must be True"):
            cues.score(["Perhaps"], end_mark=bad)  # type: ignore[arg-type]


def test_noend_is_a_sentence_without_a_final_mark_as_the_sentence_model_reads_it() -> None:
    """The ``noend`` feature said "no final mark" after "…", closing quotes, a footnote or a citation
    ('He said "perhaps."': 184 Szeged Wikipedia training sentences end so); it now follows
    :func:`hedgekit.features.open_ended` (a ";" or ":" still ends a clause piece, also before a closing
    quote or bracket: six Szeged Wikipedia training sentences end so, "... can be read at: \"")."""
    from hedgekit.lexicon import load_lexicon
    from hedgekit.text import normalized_tokens

    lex = load_lexicon()

    def noend(text: str) -> bool:
        toks = normalized_tokens(text)
        cands = cues.candidates(toks, lex)
        return "noend" in cues.candidate_features(toks, cands, 0)

    for text in ("Perhaps…", 'He said "perhaps."', "It may rain.[3]", "It may rain.¹", "(Perhaps it rains.)",
                 "It may rain. (Smith et al., 2003)", "It may rain.", "It may rain;", "It may rain:",
                 'He said "it may rain;"', "(It may be read at:)", "It may rain:\"", "It may rain;[3]",
                 "It may rain;¹", "It may rain; (Smith et al., 2003)"):
        assert not noend(text), text
    for text in ("Perhaps", "It may rain", 'He said "perhaps"', "It may rain [3]"):
        assert noend(text), text


def test_boosters_are_never_hedge_cues_by_their_own_category() -> None:
    """A booster row raises certainty: the cue classifier reported 'beyond doubt' and 'there is no
    doubt' as epistemic cues (P about 0.52 from the shared features) and called such sentences
    uncertain; a user's booster row went the same way. A booster pattern the corpus annotated with a
    type is still that type."""
    boosted = ["The data show beyond doubt that the drug works.", "There is no doubt that the drug works.",
               "It is evident that the drug works.", "It is certain that the drug works."]
    with pytest.warns(UserWarning, match="contains the row"):  # it contains the hedge row "doubt"
        lex = hedgekit.load_lexicon().with_entries([("without a shadow of a doubt", "booster", 1.0, "user")])
    for domain in cues.DOMAINS:
        got = cues.score(boosted, domain=domain)
        assert [s.label for s in got] == ["certain"] * 4 and all(not s.cues for s in got), domain
        det = cues.CueDetector(domain, lexicon=lex)
        assert det.detect(["Without a shadow of a doubt, the drug works."]) == [[]]
    assert "booster" not in cues.DEFAULT_CATEGORY
    # what the corpus annotated on a booster row still counts: a negated booster is a hedge (BioScope's
    # template for "clearly" takes in the word before it; the span is typed epistemic)
    negated = cues.detect(["It is not clearly established."], domain="bioscope")[0]
    assert [(c.text, c.category) for c in negated] == [("not clearly established", "epistemic")]


def test_the_shared_cue_model_cannot_be_edited() -> None:
    """load_cue_model() returns the model every CueDetector of the process shares: setting a weight
    to -50 silenced "may be" for all of them."""
    import dataclasses
    import pickle

    model = cues.load_cue_model()
    sentence = ["These data may be explained by a second site."]
    before = cues.detect(sentence)
    with pytest.raises(TypeError):
        model.weights["p=may be"] = -50.0  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.threshold = 0.99  # type: ignore[misc]
    assert cues.detect(sentence) == before and before[0]
    back = pickle.loads(pickle.dumps(model))  # (worker processes get it pickled)
    assert back == model and cues.CueDetector(model=back).detect(sentence) == before
    # its training record too, all the way down: emptying the shared sentence hashes silenced the
    # benchmark's in-sample warning for every detector of the process (a review)
    keys = model.training["sentence_keys"]["corpora"]
    with pytest.raises((TypeError, AttributeError)):
        keys.clear()  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        model.training["corpora"][0]["sha256"] = "sha256:0"  # type: ignore[index]
    assert back.training == model.training and cues.load_cue_model().training["sentence_keys"]["corpora"]


def test_a_long_sentence_is_featurized_in_linear_time(monkeypatch) -> None:
    """Every candidate rebuilt the sentence's word set and its list of other candidates, so an
    unsplit 180,000-character text took 1.2 s (220,000: 65 s); the word set is now made once per
    sentence, with the same features."""
    calls = []
    real = cues.sentence_words
    monkeypatch.setattr(cues, "sentence_words", lambda tokens: calls.append(len(tokens)) or real(tokens))
    long = " ".join(["It may rain, and perhaps it will, as some say."] * 200)
    found = cues.detect([long])[0]
    assert len(found) >= 400 and calls == [len(cues.token_spans(long)[0])]  # once, for the one sentence
    norms = cues.token_spans(long)[0]
    cands = cues.candidates(norms, hedgekit.load_lexicon(), {})
    has = real(norms)
    for i in (0, 5, len(cands) - 1):
        assert cues.candidate_features(norms, cands, i, "It", has) == cues.candidate_features(norms, cands, i, "It")


def test_cue_model_files_are_written_only_when_they_load_and_objects_name_their_domain(tmp_path) -> None:
    """A zero bias was dropped from the file (which then had no 'bias'), a weight of 2e6 was written
    though loading refuses it, a NaN raised a bare ValueError; CueDetector(model=<CueModel>) called
    itself 'biomedical' and refused any other name."""
    m = cues.load_cue_model()
    w = dict(m.weights)
    make = lambda weights: cues.CueModel(weights, dict(m.templates), dict(m.extra), m.threshold, m.lexicon_hash)  # noqa: E731
    path = tmp_path / "c.json.gz"
    cues.write_cue_model(make({**w, "bias": 0.0}), path, "legal")
    assert cues.load_cue_model(path, domain="legal").weights["bias"] == 0.0
    # such a model is no CueModel at all (a review: a NaN weight scored every candidate 0.0, a threshold
    # of 1.5 labelled P(cue) 0.993 certain, in results SentenceScore.from_dict then refused)
    for bad, message in (({**w, "p=may": 2e6}, "weight 'p=may' is 2000000.0"),
                         ({**w, "bias": float("nan")}, "weight 'bias' is nan"), ({**w, "p=may": "1"}, "weight 'p=may' is '1'")):
        with pytest.raises(hedgekit.ArgumentError, match=f"CueModel: {message}.*; weights must be finite numbers"):
            make(bad)
    for t in (1.5, 0.0, float("nan"), None):
        with pytest.raises(hedgekit.ArgumentError, match="CueModel: threshold"):
            cues.CueModel(w, dict(m.templates), dict(m.extra), t, m.lexicon_hash)
    assert cues.CueDetector(model=m).domain == "custom"
    assert cues.CueDetector("legal", model=m).domain == "legal"


def test_a_cue_model_hashes_as_it_compares() -> None:
    """A frozen CueModel could not be hashed (its read-only mappings cannot): no dict key, no
    functools.cache argument (a review)."""
    m = cues.load_cue_model()
    twin = cues.CueModel(dict(m.weights), dict(m.templates), dict(m.extra), m.threshold, m.lexicon_hash,
                         backoff=dict(m.backoff), backoff_cues=m.backoff_cues)
    assert twin == m and hash(twin) == hash(m) and {m: 1}[twin] == 1
    assert cues.CueModel(dict(m.weights), dict(m.templates), dict(m.extra), m.threshold, m.lexicon_hash) != m
    with pytest.raises(hedgekit.ArgumentError, match="'backoff' must map single lower-case tokens"):
        cues.CueModel(dict(m.weights), backoff={"x": "drop"})  # ("drop" once read as "keep")
    with pytest.raises(hedgekit.ArgumentError, match="'backoff_cues' must be cue texts"):
        cues.CueModel(dict(m.weights), backoff={"x": "keep"}, backoff_cues=frozenset({"x y"}))


@pytest.mark.parametrize("domain", ["", 0, False])
def test_a_falsy_domain_is_no_default(domain) -> None:
    """"" and 0 meant "biomedical" in CueDetector and load_cue_model, while detect refused them (a review)."""
    for call in (lambda: cues.CueDetector(domain), lambda: cues.load_cue_model(None, domain),
                 lambda: cues.detect(["It may rain."], domain=domain)):
        with pytest.raises(hedgekit.ArgumentError, match=r"domain must be one of \['biomedical', "):
            call()


@pytest.mark.parametrize("sentence, domain", [("It has not been, clear evidence that it binds.", "biomedical"),
                                              ("We could not; clearly that it binds.", "bioscope"),
                                              ("This is not, clearly, defined.", "general")])
def test_a_booster_cue_never_starts_with_punctuation(sentence: str, domain: str) -> None:
    """A booster's templates take in the word before it ("not clearly"); before punctuation they took
    the punctuation in (", clear evidence", "; clearly that", ", clearly,"), and the span trimming
    of the other cues did not apply to them (a review). Such a span now needs a word there."""
    found = cues.detect([sentence], domain=domain, threshold=0.01)[0]
    assert all(c.text[0].isalnum() and c.text[-1].isalnum() for c in found), found
    assert not any(c.pattern in ("clearly", "clear evidence") for c in found)


def test_score_text_scores_a_document_as_the_scorer_does() -> None:
    """There was no cue-level score_text: a document's offsets had to be built by hand (a review)."""
    text = "  It rained.\n\nPerhaps it will rain again. It is sunny."
    det = cues.CueDetector("general")
    got = det.score_text(text, offset=7)
    assert [(s.start - 7, s.end - 7) for s in got] == hedgekit.split_sentences(text)
    assert [s.text for s in got] == [text[a:b] for a, b in hedgekit.split_sentences(text)]
    bare = det.score([s.text for s in got])
    assert [(s.label, s.p_uncertain, s.cues) for s in got] == [(s.label, s.p_uncertain, s.cues) for s in bare]
    assert [s.label for s in got] == ["certain", "uncertain", "certain"] and got[1].cues[0].text == "Perhaps"
    assert det.score_text("") == []
    with pytest.raises(hedgekit.InputTypeError, match=r"score_text\(\) expects a str, got list \(for many "
                                                      r"sentences use score\(\), which takes a list"):
        det.score_text(["It may."])
    with pytest.raises(hedgekit.ArgumentError, match="offset must be an int >= 0, got -1"):
        det.score_text(text, offset=-1)


def test_a_lexicon_mismatch_says_how_to_make_a_lexicon_the_detector_takes(tmp_path: Path) -> None:
    """(an audit) The error told the user to retrain with `python -m hedgekit.cues`, which takes no
    lexicon; it now gives the base line (with the whole hash) that makes a file of the shipped
    lexicon plus a row acceptable, and that file is accepted."""
    import re

    shipped = hedgekit.load_lexicon()
    appended = tmp_path / "app.tsv"
    shipped.with_entries([("word on the street", "hearsay", 0.9)]).to_tsv(appended)
    with_base = appended.read_text(encoding="utf-8")
    assert with_base.startswith(f"# base: {shipped.hash}\n")
    appended.write_text(with_base.split("\n", 1)[1], encoding="utf-8")  # a file edited by hand, no base line
    with pytest.raises(hedgekit.ModelError, match=re.escape(f"'# base: {shipped.hash}' before the header")):
        cues.CueDetector("general", lexicon=appended)
    appended.write_text(with_base, encoding="utf-8")
    det = cues.CueDetector("general", lexicon=appended)
    assert det.lexicon.ancestors == (shipped.hash,) and "word on the street" in det.lexicon
    assert [c.text for c in det.detect(["The mayor may resign."])[0]] == ["may"]


@pytest.mark.parametrize("domain", cues.DOMAINS)
def test_found_cues_never_overlap(domain: str) -> None:
    """Annotated cues never overlap (none in BioScope or Szeged), but a span template may reach past
    its pattern: the `general` model gave "not known whether the" and "whether" for one sentence (an
    audit). Where two found spans overlap, the likelier one stays."""
    sentences = ["It is not known whether the drug works.", "It is not known how the drug works.",
                 "We cannot exclude it.", "These results may suggest that it is possibly not known whether X binds.",
                 "It remains unclear whether or not the drug might work."]
    for found in cues.detect(sentences, domain=domain):
        for a, b in zip(found, found[1:]):
            assert a.end <= b.start, found
    general = cues.detect(["It is not known whether the drug works."], domain="general")[0]
    assert [c.text for c in general] == ["whether"]  # (0.90, against 0.78 for "not known whether the")


# -- a review (session 9) ---------------------------------------------------------------------------

def test_an_invisible_character_before_a_capital_does_not_hide_it() -> None:
    """The capitalisation feature read the token's first character as written: a zero-width space or
    word joiner before "Possibly" made it lower case, and P 0.47 became 0.79 (a cue)."""
    plain = cues.score(["The results Possibly fit."], domain="general")[0]
    for mark in ("\u200b", "\u2060", "\u00ad"):
        hidden = cues.score([f"The results {mark}Possibly fit."], domain="general")[0]
        assert (hidden.label, hidden.p_uncertain) == (plain.label, plain.p_uncertain), mark


def test_a_lone_surrogate_in_a_cue_model_file_is_a_model_error(tmp_path: Path) -> None:
    """A "\\ud800" escape in a file raised UnicodeEncodeError from the checksum; writing one was a
    "NaN or an infinity" error, or UnicodeEncodeError."""
    d = shipped_doc()
    d["extra"]["\ud800"] = "epistemic"
    p = tmp_path / "surrogate.json"
    p.write_text(json.dumps(d), encoding="utf-8")  # (json escapes it: the file is valid UTF-8)
    with pytest.raises(ModelError, match=r"surrogate\.json: holds '\\ud800', a lone surrogate"):
        cues.load_cue_model(p)
    model = cues.load_cue_model(None, "general")
    for kw in ({"training": {"note": "caf\udce9"}}, {"domain": "caf\udce9"}):
        args = {"domain": "general", **kw}
        with pytest.raises(ModelError, match=r"not written: the model holds '\\udce9', a lone surrogate"):
            cues.write_cue_model(model, tmp_path / "out.json.gz", args["domain"], args.get("training"))
    assert not (tmp_path / "out.json.gz").exists()


@pytest.mark.parametrize("edit, match", [
    (lambda d: d["extra"].update({" either ": d["extra"].pop(next(iter(d["extra"])))}),
     r"extra pattern ' either ' must be lower case, single-spaced and trimmed"),
    (lambda d: d["extra"].update({"Either": "epistemic"}), r"extra pattern 'Either' must be lower case"),
    (lambda d: d["extra"].update({"zzq": "<b>banana"}), r"extra pattern 'zzq' has category '<b>banana'; accepted: "),
    (lambda d: d["templates"].update({"zzq": [[0, 1, "banana"]]}), r"template of 'zzq' is malformed"),
])
def test_extra_patterns_and_categories_are_checked_when_loading(tmp_path: Path, edit, match) -> None:
    """' either ' loaded (its checksum recomputed) and then raised KeyError on the first sentence;
    'Either' could never match; any string was taken as a category."""
    d = shipped_doc()
    edit(d)
    with pytest.raises(ModelError, match=match):
        cues.load_cue_model(write(tmp_path, d))


def test_the_same_span_from_two_candidates_keeps_the_likelier_reading() -> None:
    """The first candidate's probability was kept: a cue could report less than the sentence's
    p_uncertain, and lose an overlap it should have won."""
    lex = hedgekit.load_lexicon()
    m = cues.CueModel({"bias": 0.0, "p=it is likely": -1.0, "p=possibly": 3.0},
                      {"it is likely": ((2, 4, "epistemic"),), "possibly": ((-1, 1, "epistemic"),)}, {}, 0.5, lex.hash)
    det = cues.CueDetector(model=m, threshold=0.2)
    (cue,) = det.detect_sentence("It is likely possibly true.")
    (res,) = det.score(["It is likely possibly true."])
    assert cue.text == "likely possibly" and cue.probability == pytest.approx(res.p_uncertain) and cue.probability > 0.9
    assert cue.pattern == "possibly"


def test_cue_training_refuses_a_limit_below_one(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        cues.main(["--corpora", "/nonexistent", "--limit", "-11000"])
    assert e.value.code == 2 and "--limit: expected a whole number >= 1, got -11000" in capsys.readouterr().err


def test_the_cv_record_names_the_file_it_came_from(tmp_path) -> None:
    """The cue model's cross-validation record always said it came from
    benchmarks/results/cue_level.json, whatever --cv-results named (a review)."""
    from hedgekit.cues import _cross_validation, _cv_results

    results = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "cue_level.json"
    copy = tmp_path / "elsewhere.json"
    copy.write_text(results.read_text(encoding="utf-8"), encoding="utf-8")
    key = next(iter(json.loads(copy.read_text(encoding="utf-8"))["cue_level"]))
    rec = _cross_validation(_cv_results(copy), copy, key)
    assert rec is not None and rec["source"] == copy.as_posix()
    shipped = Path("benchmarks/results/cue_level.json")
    assert _cross_validation(_cv_results(shipped), shipped, key) in (
        None, {**rec, "source": "benchmarks/results/cue_level.json"})  # (from the repository root: the shipped files')


@pytest.mark.parametrize("content", ['{"cue_level": []}', "not json", '[1, 2]', '{"cue_level": {"bioscope": [1]}}'])
def test_cue_training_refuses_bad_cv_results_before_fitting(tmp_path, capsys, content: str) -> None:
    """A --cv-results file that is not the benchmark's results ended the training, after the models
    were fitted, in an AttributeError or JSONDecodeError traceback (a review)."""
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    corpora = tmp_path / "corpora"  # (never read: the file is refused first)
    for sub in ("bioscope", "szeged-uncertainty"):
        (corpora / sub).mkdir(parents=True)
    with pytest.raises(SystemExit) as e:
        cues.main(["--corpora", str(corpora), "--out", str(tmp_path / "out"), "--cv-results", str(bad)])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "not the cue-level benchmark's" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_fitting_checks_its_data(lexicon: hedgekit.Lexicon, tmp_path) -> None:
    """A generator was used up by the fit's first pass (an empty model, bias -20, no error); data whose
    candidates are all cues (or none) gave a model that finds a cue at every candidate (or none); a
    str, a missing lexicon, a bad domain or training record got raw Python errors (an audit)."""
    data = toy() + [AnnotatedSentence(f"{who} may log in for free.", "certain") for who in ("Guests", "Members", "Users")]
    from_list = cues.fit_cue_model(data, lexicon, min_df=1, extra_min_count=None)
    from_generator = cues.fit_cue_model((s for s in data), lexicon, min_df=1, extra_min_count=None)
    assert from_generator.to_json() == from_list.to_json() and abs(from_list.weights["bias"]) < 20
    with pytest.warns(UserWarning, match=r"of the lexicon's (\d+) candidate\(s\) in the \d+ sentence\(s\), \1 are gold "
                                         r"cues, so the model learns no weights and finds a cue at every candidate"):
        assert cues.fit_cue_model(toy(), lexicon).weights == {"bias": 20.0}
    with pytest.warns(UserWarning, match=r", 0 are gold cues, so the model learns no weights and finds a cue at no "
                                         r"candidate"):
        cues.fit_cue_model([AnnotatedSentence("It may rain.", "certain")], lexicon)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cues.fit_cue_model(data, lexicon, min_df=1, extra_min_count=None)  # (both kinds: no warning)
    with pytest.raises(hedgekit.InputTypeError, match=r"sentences\[0\] is str, not an AnnotatedSentence"):
        cues.fit_shipped_cue_model(["It may rain."], lexicon)
    with pytest.raises(hedgekit.InputTypeError, match="lexicon must be a hedgekit.Lexicon"):
        cues.fit_shipped_cue_model(data, None)
    with pytest.raises(hedgekit.ArgumentError, match="extra_min_count must be None .* or an int >= 1, got 0"):
        cues.fit_cue_model(data, lexicon, extra_min_count=0)
    # the hyperparameters are checked before the fit, as ArgumentErrors that name them (scikit-learn's
    # InvalidParameterError, a bare TypeError, or a threshold refused after the whole fit: an audit)
    for kwargs, message in (({"C": 0}, "C must be a finite number > 0, got 0"), ({"C": "x"}, "C must be"),
                            ({"min_df": "2"}, "min_df must be an int >= 1, got '2'"), ({"min_df": 0}, "min_df"),
                            ({"threshold": 1.5}, "threshold")):
        with pytest.raises(hedgekit.ArgumentError, match=message):
            cues.fit_cue_model(data, lexicon, **kwargs)
    for domain in (None, "", " ", 3):
        with pytest.raises(hedgekit.ArgumentError, match=r"domain must be a non-empty str naming the model's domain"):
            cues.write_cue_model(from_list, tmp_path / "m.json.gz", domain)
    with pytest.raises(hedgekit.InputTypeError, match="training must be a mapping"):
        cues.write_cue_model(from_list, tmp_path / "m.json.gz", "general", training=["x"])
    with pytest.raises(hedgekit.InputTypeError, match="model must be a CueModel"):
        cues.write_cue_model(None, tmp_path / "m.json.gz", "general")
    assert not (tmp_path / "m.json.gz").exists()
    with pytest.raises(hedgekit.InputTypeError, match="lexicon must be None .*, a hedgekit.Lexicon or a path"):
        cues.CueDetector(lexicon=3)
    with pytest.raises(hedgekit.InputTypeError, match=r"got bytes \(decode it first"):
        cues.CueDetector().detect_sentence(b"It may rain.")


def test_a_cue_model_checks_its_patterns_as_a_file_does() -> None:
    """A hand-built CueModel was checked for its numbers only: a template of two numbers crashed the
    detector, an unknown category made Cues that no record reads back, and a weight named by an int
    failed write_cue_model with a bare TypeError (an audit)."""
    base = cues.load_cue_model(None, "general")
    w = dict(base.weights)
    for kwargs, message in (({"templates": {"may": ((0, 1),)}}, "template of 'may' is malformed"),
                            ({"templates": {"may": ((0, 1, "nonsense"),)}}, "template of 'may' is malformed"),
                            ({"templates": {"may": ()}}, "template of 'may' is malformed"),
                            ({"extra": {"Or Else": "epistemic"}}, "extra pattern 'Or Else' must be lower case"),
                            ({"extra": {"or else": "nonsense"}}, "has category 'nonsense'"),
                            ({"weights": {**w, 1: 0.5}}, "weight names must be feature-name strings, got 1")):
        args = {"weights": w, "lexicon_hash": base.lexicon_hash, **kwargs}
        with pytest.raises(hedgekit.ArgumentError, match=message):
            cues.CueModel(**args)
    fine = cues.CueModel(w, {"may": ([0, 1, "epistemic"],)}, lexicon_hash=base.lexicon_hash)  # (a list: as JSON)
    assert [c.text for c in cues.CueDetector(model=fine).detect_sentence("It may rain.")] == ["may"]
    assert fine.templates["may"] == ((0, 1, "epistemic"),) and fine == cues.CueModel.from_json(fine.to_json())


def test_the_cue_training_command_writes_no_model_when_a_corpus_is_missing(tmp_path: Path, capsys) -> None:
    """An audit: a missing corpus file ended in a traceback after the models of the domains before it
    were written (a mixed old/new set in hedgekit/data); --out an existing file, a traceback too."""
    corpora = tmp_path / "corpora"
    (corpora / "szeged-uncertainty").mkdir(parents=True)
    assert cues.main(["--corpora", str(corpora), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("python -m hedgekit.cues: error: ") and "Traceback" not in err
    assert not (tmp_path / "o").exists()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cues.main(["--corpora", str(corpora), "--out", str(tmp_path / "afile")])
    assert info.value.code == 2 and "is a file; --out names the folder" in capsys.readouterr().err


def test_a_loaded_model_is_written_back_with_its_training_record(tmp_path: Path) -> None:
    """(an audit) write_cue_model refused CueModel.training itself (read-only views inside), though
    it takes a mapping of provenance: a loaded model could not be saved again with its record."""
    m = cues.load_cue_model(None, "general")
    out = cues.write_cue_model(m, tmp_path / "again.json.gz", "general", m.training)
    shipped = Path(cues.__file__).parent / "data" / "cues-general.json.gz"
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(shipped.read_bytes())
    assert "write_cue_model" in cues.__all__ and "cue_model_from_document" in cues.__all__


def test_bad_models_and_domains_are_named_for_what_they_are(tmp_path: Path) -> None:
    """(an audit) a CueModel without a lexicon hash got a garbled lexicon-mismatch message, one without
    weights a bare TypeError; a domain of the wrong type with a model file was blamed on the file; a
    file that is no JSON did not say what the option takes."""
    from hedgekit.errors import ArgumentError

    with pytest.raises(ModelError, match=r"the cue model records no lexicon \(lexicon_hash ''\); build it with the "
                                         r"hash of the lexicon it was trained with: CueModel\(\.\.\., lexicon_hash="):
        cues.CueDetector(model=cues.CueModel({"bias": 0.0}))
    with pytest.raises(ArgumentError, match=r"CueModel: weights must be a mapping \(a dict\), got NoneType"):
        cues.CueModel(None)  # type: ignore[arg-type]
    path = cues.write_cue_model(cues.load_cue_model(None, "general"), tmp_path / "g.json.gz", "general")
    for bad in (5, ""):
        with pytest.raises(ArgumentError, match=rf"CueDetector: domain must be a name \(str\) or None, got {bad!r}"):
            cues.CueDetector(bad, model=path)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match=r"load_cue_model: domain must be a name \(str\) or None, got 5"):
        cues.load_cue_model(path, 5)  # type: ignore[arg-type]
    text = tmp_path / "a.txt"
    text.write_text("It may rain.\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"invalid or truncated JSON at line 1 column 1: .* \(expected a cue-model "
                                         r"file: the \.json or \.json\.gz that hedgekit\.cues\.write_cue_model"):
        cues.CueDetector(model=text)
    with pytest.raises(ModelError, match=r"\(expected a hedgekit model file"):
        hedgekit.Scorer(model=text)
