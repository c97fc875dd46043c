"""hedgekit.spacy: the "hedgekit" pipeline component on spacy.blank("en") + sentencizer (no downloads)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

import hedgekit
from hedgekit import ArgumentError

spacy = pytest.importorskip("spacy")

import hedgekit.spacy as hkspacy  # noqa: E402
from spacy.tokens import Doc, DocBin, Span  # noqa: E402

TEXT = "The drug may reduce mortality.  It was approved in 2019. Reportedly, it works in mice."


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hedgekit")
    return nlp


def test_sentences_get_certainty_and_cues(nlp):
    doc = nlp(TEXT)
    sents = list(doc.sents)
    expected = hedgekit.score([s.text for s in sents])
    assert len(sents) == 3
    for sent, exp in zip(sents, expected):
        assert sent._.certainty == exp.certainty
        assert sent._.hedge_label == exp.label
        assert sent._.hedge_cues == exp.cues
        for c in sent._.hedge_cues:  # offsets are into the sentence's text
            assert sent.text[c.start:c.end] == c.text
            assert doc.char_span(sent.start_char + c.start, sent.start_char + c.end).text == c.text
    assert [c.text for c in sents[0]._.hedge_cues] == ["may"]
    assert sents[0]._.hedge_label == "uncertain" and sents[1]._.hedge_label == "certain"


def test_doc_certainty_is_the_mean_and_scores_have_doc_offsets(nlp):
    doc = nlp(TEXT)
    scores = doc._.hedge_scores
    assert isinstance(scores, tuple) and len(scores) == 3
    assert doc._.certainty == pytest.approx(sum(s.certainty for s in scores) / 3)
    for s, sent in zip(scores, doc.sents):
        assert doc.text[s.start:s.end] == s.text == sent.text.strip()
        assert s.certainty == sent._.certainty


def test_aggregate_min_and_config():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hedgekit", config={"aggregate": "min", "threshold": 0.99})
    doc = nlp(TEXT)
    assert doc._.certainty == min(s._.certainty for s in doc.sents)
    assert {s._.hedge_label for s in doc.sents} == {"certain"}
    with pytest.raises(ValueError, match="aggregate"):
        nlp.add_pipe("hedgekit", name="other", config={"aggregate": "median"})


def test_non_sentence_spans_and_unprocessed_docs_give_none(nlp):
    doc = nlp(TEXT)
    assert doc[1:3]._.certainty is None and doc[1:3]._.hedge_cues is None
    bare = spacy.blank("en")("It may rain.")
    assert bare._.hedge_scores is None and bare._.certainty is None


def test_white_space_sentences_are_not_scored(nlp):
    """The sentencizer makes a sentence of a trailing newline or blank lines; like score_text,
    hedgekit scores no white space, so it does not make the document look more certain."""
    doc = nlp("It may rain.\n\n\nIt rained.\n")
    sents = list(doc.sents)
    blank = [s for s in sents if s.text.isspace()]
    assert blank, "the sentencizer no longer makes white-space sentences; this test needs another text"
    assert all(s._.certainty is None and s._.hedge_label is None for s in blank)
    scores = doc._.hedge_scores
    # (the sentencizer keeps the blank lines before "It rained." in that sentence; its score, as
    # score_text's, has the sentence without them, at the same offsets)
    got = [(s.text, s.start, s.end, s.certainty) for s in scores]
    assert got == [(s.text, s.start, s.end, s.certainty) for s in hedgekit.score_text(doc.text)]
    assert doc._.certainty == pytest.approx((scores[0].certainty + scores[1].certainty) / 2)
    assert nlp("It may rain.\n")._.certainty == hedgekit.score_sentence("It may rain.").certainty


def test_a_bullet_alone_is_not_scored(nlp):
    """A bullet on a line of its own (scraped news: "Key points:", then bullets) was a sentence of
    certainty 1.0, the score of no word under end_mark, and raised the document's mean (an audit);
    it is not scored, as white space is not. Read as written (end_mark off) it has a score."""
    words = ["Key", "points", ":", "•", "The", "talks", "may", "fail", ".", "-", "Putin", "will", "attend", "."]
    starts = [w in ("Key", "•", "The", "-", "Putin") for w in words]  # (as a parser or senter might set them)

    def doc() -> Doc:
        return Doc(nlp.vocab, words=words, sent_starts=starts)

    scored = nlp.get_pipe("hedgekit")(doc())
    bullets = [s for s in scored.sents if s.text.strip() in ("•", "-")]
    assert len(bullets) == 2 and all(s._.certainty is None and s._.hedge_label is None for s in bullets)
    texts = [s.text for s in scored._.hedge_scores]
    assert texts == [s.text.strip() for s in scored.sents if s.text.strip() not in ("•", "-")]
    assert len(texts) == 3
    assert scored._.certainty == pytest.approx(sum(s.certainty for s in scored._.hedge_scores) / 3)
    plain = spacy.blank("en")
    plain.add_pipe("hedgekit", config={"end_mark": False})
    assert "•" in [s.text for s in plain.get_pipe("hedgekit")(doc())._.hedge_scores]


def test_invisible_characters_are_no_sentence_and_cues_index_the_span(nlp):
    """A sentence of only a byte-order mark or a zero-width space was scored (0.985, certain) and
    pulled doc._.certainty from 0.285 to 0.635 (an audit): as in score_text, it is no sentence. A
    sentence with white space before it (spaCy keeps it in the span) is scored and placed without
    it, and its span's cues still index the span's own text."""
    for junk in ("\ufeff", "\u200b", "\u200b \ufeff"):
        doc = nlp("It may rain. " + junk)
        assert doc._.certainty == hedgekit.score_sentence("It may rain.").certainty
        assert [s.text for s in doc._.hedge_scores] == ["It may rain."]
    text = "\r\n\r\nIt may fail. It was approved."
    doc = nlp(text)
    assert [(s.text, s.start) for s in doc._.hedge_scores] == [(s.text, s.start) for s in hedgekit.score_text(text)]
    for sent in doc.sents:
        for c in sent._.hedge_cues or ():
            assert sent.text[c.start:c.end] == c.text
    assert any(sent._.hedge_cues for sent in doc.sents)


def test_empty_doc(nlp):
    doc = nlp("")
    assert doc._.hedge_scores == () and doc._.certainty is None


def test_pipe_equals_call(nlp):
    texts = [TEXT, "It may rain.", "", "Some say so. Others disagree."]
    piped = [d._.hedge_scores for d in nlp.pipe(texts, batch_size=2)]
    assert piped == [nlp(t)._.hedge_scores for t in texts]


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True])
def test_pipe_refuses_a_batch_size_that_is_no_count(nlp, batch_size):
    """(an audit) batch_size=0 made no batch: nlp.pipe gave back no doc at all, without a word."""
    with pytest.raises(ArgumentError, match=rf"hedgekit component: batch_size must be an int >= 1 \(docs per "
                                            rf"batch\), got {batch_size!r}"):
        list(nlp.pipe(["It may rain.", "It rained."], batch_size=batch_size))


def test_without_sentence_boundaries_the_error_says_what_to_add():
    nlp = spacy.blank("en")
    nlp.add_pipe("hedgekit")
    with pytest.raises(ValueError, match="add_pipe\\('sentencizer'"):
        nlp("It may rain. It rained.")


def test_results_survive_docbin_and_pickle(nlp):
    doc = nlp(TEXT)
    db = DocBin(store_user_data=True, docs=[doc])
    [back] = DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    assert back._.hedge_scores == doc._.hedge_scores
    assert [s._.certainty for s in back.sents] == [s._.certainty for s in doc.sents]
    assert pickle.loads(pickle.dumps(doc))._.hedge_scores == doc._.hedge_scores


def test_refuses_to_overwrite_a_foreign_extension():
    """A foreign extension of one of the names is refused, and then none of hedgekit's is set (the
    ones before it in the list used to be registered already)."""
    for cls, name, _ in hkspacy._EXTENSIONS:
        cls.remove_extension(name)
    Span.set_extension("hedge_cues", default="mine")
    try:
        with pytest.raises(ValueError, match="already registered"):
            hkspacy.HedgeComponent()
        assert not Span.has_extension("certainty") and not Doc.has_extension("hedge_scores")
    finally:
        Span.remove_extension("hedge_cues")
        hkspacy.register_extensions()
    assert all(cls.has_extension(name) for cls, name, _ in hkspacy._EXTENSIONS)


def test_a_reloaded_module_takes_its_own_extensions_back(nlp):
    """After importlib.reload (a notebook's autoreload) the getters are new objects; they were
    taken for another package's and the component refused to build."""
    import importlib

    importlib.reload(hkspacy)
    try:
        hkspacy.HedgeComponent()
        assert nlp(TEXT)._.hedge_scores[0].text == "The drug may reduce mortality."
    finally:
        importlib.reload(hkspacy)


def test_results_read_back_in_another_process_need_only_the_import(nlp, tmp_path):
    """A DocBin written here and read in a fresh process shows its results after ``import
    hedgekit.spacy``: the extensions are registered on import, not only when a component is built
    (which loads the model)."""
    path = tmp_path / "docs.spacy"
    DocBin(store_user_data=True, docs=[nlp(TEXT)]).to_disk(path)
    code = ("import sys, spacy, hedgekit.spacy\n"
            "from spacy.tokens import DocBin\n"
            f"[doc] = DocBin().from_disk({str(path)!r}).get_docs(spacy.blank('en').vocab)\n"
            "print(round(doc._.certainty, 6), [s._.hedge_label for s in doc.sents])\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120)
    doc = nlp(TEXT)
    assert out.stdout.strip() == f"{round(doc._.certainty, 6)} {[s._.hedge_label for s in doc.sents]}"


def test_rescoring_and_copies_leave_no_stale_results(nlp):
    """Scoring a doc again after its sentence boundaries changed drops the old sentences' records
    (a span that is no longer a sentence kept its old certainty); a doc made with
    ``Span.as_doc(copy_user_data=True)`` does not show the old doc's results."""
    doc = nlp("It may rain. It rained.")
    doc[4].is_sent_start = False
    nlp.get_pipe("hedgekit")(doc)
    assert [s.text for s in doc.sents] == ["It may rain. It rained."]
    assert doc[0:4]._.certainty is None and doc[4:7]._.certainty is None
    assert doc[:]._.certainty == doc._.certainty == hedgekit.score_sentence("It may rain. It rained.").certainty
    part = list(nlp("It may rain. It rained.").sents)[1].as_doc(copy_user_data=True)
    assert part.text == "It rained." and part._.hedge_scores is None and part._.certainty is None
    assert [s._.certainty for s in part.sents] == [None]
    head = list(nlp("It may rain. It rained.").sents)[0].as_doc(copy_user_data=True)  # same offsets
    assert head.text.strip() == "It may rain." and [s._.certainty for s in head.sents] == [None]
    assert head._.hedge_scores is None
    nlp.get_pipe("hedgekit")(part)
    assert part._.certainty == hedgekit.score_sentence("It rained.").certainty


def test_a_second_hedgekit_component_is_warned_about():
    """Both set doc._/span._ results: the second replaced the first's without a word."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hedgekit")
    with pytest.warns(UserWarning, match=r"already has a hedgekit component \('hedgekit', enabled or not\).* "
                                         r"whichever of 'hedgekit' and 'hk2' runs later replaces the other's") as w:
        nlp.add_pipe("hedgekit", name="hk2", config={"expert": "semantic"})
    assert w[0].filename == __file__  # (an audit: it pointed at hedgekit's factory, not the add_pipe line)
    doc = nlp("It may rain.")
    assert doc._.hedge_scores[0].certainty == pytest.approx(
        hedgekit.Scorer(expert="semantic").score_sentence("It may rain.").certainty, abs=1e-9)
    # (an audit) the one added first may run later (before=...): the warning said the new one won; and a
    # disabled component was not looked at, though select_pipes enables it again after the block
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hedgekit", config={"expert": "semantic"})
    with nlp.select_pipes(disable=["hedgekit"]):
        with pytest.warns(UserWarning, match=r"already has a hedgekit component \('hedgekit', enabled or not\)"):
            nlp.add_pipe("hedgekit", name="hk2", before="hedgekit")
    assert nlp.pipe_names == ["sentencizer", "hk2", "hedgekit"]
    assert nlp("It may rain.")._.hedge_scores[0].certainty == pytest.approx(  # the later one's
        hedgekit.Scorer(expert="semantic").score_sentence("It may rain.").certainty, abs=1e-9)


def test_factory_metadata():
    meta = spacy.Language.get_factory_meta("hedgekit")
    assert "doc._.certainty" in meta.assigns and "token.is_sent_start" in meta.requires
    assert Doc.has_extension("hedge_scores")


def test_entry_point_finds_the_factory_without_importing_hedgekit_spacy(tmp_path):
    if not any(ep.name == "hedgekit" for ep in entry_points(group="spacy_factories")):
        pytest.skip("hedgekit is not installed with its spacy_factories entry point (pip install -e .)")
    code = ("import sys, spacy\n"
            "assert 'hedgekit.spacy' not in sys.modules\n"
            "nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); nlp.add_pipe('hedgekit')\n"
            "doc = nlp('The drug may reduce mortality.')\n"
            "assert doc._.hedge_scores[0].label == 'uncertain', doc._.hedge_scores\n")
    # run outside the source tree, so that a stale hedgekit.egg-info there cannot shadow the install
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, timeout=120)


def test_a_scorer_that_is_not_a_scorer_is_refused_at_once(tmp_path):
    """A model path as scorer= was taken and failed on the first doc ("'str' object has no attribute
    'score'"); it is refused when the component is built, with how to pass a model."""
    from hedgekit.errors import InputTypeError

    for bad, hint in (("m.json.gz", r"load a model file with hedgekit.Scorer\(model=path\)"),
                      (tmp_path / "m.json", r"load a model file"),
                      (hedgekit.load_model(), r"build one from a model with hedgekit.Scorer\(model=model\)")):
        with pytest.raises(InputTypeError, match=rf"hedgekit component: scorer must be a hedgekit.Scorer or None, "
                                                 rf"got \w+; {hint}"):
            hkspacy.HedgeComponent(scorer=bad)


def test_the_factory_takes_end_mark():
    import spacy as _spacy

    nlp = _spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hedgekit")
    assert nlp.get_pipe("hedgekit").scorer.end_mark is True  # the default, as Scorer's
    doc = nlp("It may rain")
    assert doc._.hedge_scores[0].p_uncertain == hedgekit.score_sentence("It may rain.").p_uncertain
    # null, the default of pipelines saved before, keeps their scores: the model's own setting (off)
    for setting, want in ((False, False), (None, False)):
        other = _spacy.blank("en")
        other.add_pipe("sentencizer")
        other.add_pipe("hedgekit", config={"end_mark": setting})
        assert other.get_pipe("hedgekit").scorer.end_mark is want
    plain = _spacy.blank("en")
    plain.add_pipe("sentencizer")
    plain.add_pipe("hedgekit", config={"end_mark": False})
    assert plain("It may rain")._.hedge_scores[0].p_uncertain == hedgekit.Scorer(end_mark=False).score_sentence(
        "It may rain").p_uncertain


def test_the_same_doc_twice_in_one_batch_is_annotated_once(nlp):
    """nlp.pipe([doc, doc]) gave the doc each of its sentences twice (a review)."""
    doc = nlp.make_doc("It may rain. It rained.")
    out = list(nlp.pipe([doc, doc]))
    assert out[0] is out[1] is doc
    assert [s.text for s in doc._.hedge_scores] == ["It may rain.", "It rained."]
    assert doc._.hedge_scores == nlp("It may rain. It rained.")._.hedge_scores
