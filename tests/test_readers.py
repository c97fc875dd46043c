"""Tests of hedgekit.readers: small fixtures in corpora/fixtures, and the real corpora when present."""

from __future__ import annotations

import codecs
import json
import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedgekit.errors import CorpusError, HedgekitError
from hedgekit.readers import (
    READERS,
    CorpusNotFoundError,
    infer_format,
    join_tokens,
    load_corpus,
    read_csv,
    register_reader,
)
from hedgekit.types import CATEGORIES, AnnotatedSentence

from conftest import shared_dir

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "corpora" / "fixtures"
BAD = FIX / "bad"


def _shared() -> Path:
    base = shared_dir()
    return base / "corpora" if (base / "corpora").is_dir() else base


SHARED = _shared()


def load(path, **kw) -> list[AnnotatedSentence]:
    return list(load_corpus(path, **kw))


def check_offsets(records) -> None:
    for r in records:
        assert isinstance(r, AnnotatedSentence)
        for c in r.cues:
            assert r.text[c.start : c.end] == c.text, (r.source, r.text, c)
            assert c.text and c.category in CATEGORIES
        assert list(r.cues) == sorted(r.cues, key=lambda c: (c.start, c.end))
        hash(r)  # meta must stay hashable


# ------------------------------------------------------------------------------------- fixtures


def test_bioscope_fixture():
    recs = load(FIX / "bioscope" / "sample.xml")
    check_offsets(recs)
    assert [r.label for r in recs] == ["certain", "uncertain", "certain", "uncertain", "certain"]
    assert recs[0].text == "Kinase X binds protein Y in yeast cells."
    assert recs[1].text == "These data suggest that kinase X may regulate growth."
    assert [(c.text, c.start, c.end, c.category) for c in recs[1].cues] == [
        ("suggest", 11, 18, "unspecified"),
        ("may", 33, 36, "unspecified"),
    ]
    meta2 = dict(recs[2].meta)
    assert recs[2].cues == () and meta2["negation_cues"] == (("not", 14, 17),)
    meta3 = dict(recs[3].meta)
    assert [c.text for c in recs[3].cues] == ["unclear whether"]
    assert meta3["negation_cues"] == (("absent", 27, 33),)
    assert meta3["part"] == "Text" and meta3["sentence_id"] == "S2.1"
    assert meta3["document_type"] == "Biological_full_article"
    assert recs[4].text == "Café extracts were stored at 4°C."  # character references decoded
    assert [r.doc_id for r in recs] == ["1001", "1001", "1001", "PMC2002", "PMC2002"]
    assert {r.source for r in recs} == {"bioscope/sample.xml"}
    assert dict(recs[0].meta)["part"] == "Title"


def test_szeged_fixture():
    recs = load(FIX / "szeged" / "sample.xml")
    check_offsets(recs)
    assert [r.label for r in recs] == ["certain", "uncertain", "uncertain", "certain", "uncertain"]
    assert [dict(r.meta)["part"] for r in recs] == ["Title", "Text", "Text", "Text", "Text"]
    assert [(c.text, c.category) for c in recs[1].cues] == [("may", "epistemic")]
    assert recs[1].cues[0].start == 9
    assert [(c.text, c.category) for c in recs[2].cues] == [("believe", "doxastic")]
    assert [(c.text, c.category) for c in recs[4].cues] == [
        ("examined whether", "investigation"),
        ("could", "dynamic"),
        ("if", "condition"),
    ]
    assert recs[4].text == "Engineers examined whether the bridge could carry trucks if it rained."
    assert recs[0].doc_id == "Blue Lake_1" and recs[4].doc_id == "news_7"
    assert recs[0].source == "szeged/sample.xml"


def test_conll_wiki_fixture_folder_and_files():
    recs = load(FIX / "conll-wiki")
    assert [(r.text, r.label) for r in recs] == [
        ("The river is 40 km long.", "certain"),
        ("The town was founded in 1850.", "certain"),
        ("Some historians say the bridge is older.", "uncertain"),
    ]
    assert all(r.doc_id is None and r.cues == () for r in recs)
    assert dict(recs[1].meta)["line"] == 3  # the empty line 2 is skipped
    assert recs[2].source == "conll-wiki/train_wikiweasel_uncertain_sentences.txt"
    assert infer_format(FIX / "conll-wiki") == "conll-wiki"
    with pytest.warns(UserWarning, match="label='uncertain' overrides the file name, which says 'certain'"):
        one = load(FIX / "conll-wiki" / "train_wikiweasel_certain_sentences.txt", label="uncertain")
    assert {r.label for r in one} == {"uncertain"}


def test_conll_wiki_label_from_name_required(tmp_path):
    f = tmp_path / "sentences.txt"
    f.write_text("A line.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="sentences.txt"):
        load(f, format="conll-wiki")
    assert [r.label for r in load(f, format="conll-wiki", label="certain")] == ["certain"]


def test_pei_jurgens_fixture():
    recs = load(FIX / "pei-jurgens")
    # sorted path order: aspect-level file first
    assert [r.text for r in recs][0] == "Roughly half of the mice appeared to recover."
    aspect = recs[0]
    assert aspect.label is None and aspect.rating is None and aspect.doc_id is None
    meta = dict(aspect.meta)
    assert dict(meta["aspects"])["Probability"] == "Uncertain"
    assert meta["id"] == 20 and meta["split"] == "train"
    sent = recs[1:]
    assert [r.rating for r in sent] == [3.5, 6.0]
    assert [dict(r.meta)["split"] for r in sent] == ["train", "val"]
    assert all(r.label is None for r in sent)
    assert infer_format(FIX / "pei-jurgens" / "aspect-level-certainty.sample.jsonl") == "pei-jurgens"


def test_sfu_fixture():
    recs = load(FIX / "sfu")
    check_offsets(recs)
    assert [r.doc_id for r in recs] == ["BOOKS/yes1done.xml"] * 3 + ["CARS/no1done.xml"] * 2
    assert recs[0].text == "I think it isn't the author's best (sadly)."
    assert recs[0].label == "certain"  # no annotated cue, whatever the words
    assert recs[1].text == "This might be a gift, or not."
    assert [(c.text, c.start, c.category) for c in recs[1].cues] == [
        ("might", 5, "unspecified"),
        ("or", 22, "unspecified"),
    ]
    assert dict(recs[1].meta)["negation_cues"] == (("or", 22, 24),)
    assert recs[2].text == "Never again!" and recs[2].label == "certain"  # empty token dropped
    assert dict(recs[2].meta)["negation_cues"] == (("Never", 0, 5),)
    assert recs[3].cues[0].text == "seems to" and recs[3].label == "uncertain"
    assert recs[3].source == "sfu/CARS/no1done.xml"
    assert recs[4].text == "It doesn\u2019t start \u2013 ever."  # cp1252 C1 controls repaired
    raw = load(FIX / "sfu" / "CARS" / "no1done.xml", repair_cp1252=False)
    assert raw[1].text == "It does n\x92t start \x96 ever."
    # every review file was annotated for cues, those without any too: the cue evaluation counts them
    assert all(dict(r.meta)["cue_annotated"] is True for r in recs)


def test_an_sfu_file_read_by_its_bare_name_keeps_its_domain(monkeypatch):
    """(an audit) Read from inside its domain's folder, a file had the doc_id '/no1done.xml', which
    same-named files of other domains shared."""
    monkeypatch.chdir(FIX / "sfu" / "CARS")
    recs = list(load_corpus("no1done.xml", format="sfu"))
    assert {r.doc_id for r in recs} == {"CARS/no1done.xml"} and recs[0].source == "sfu/CARS/no1done.xml"


def test_sfu_keeps_the_cp1252_ellipsis(tmp_path):
    """cp1252's "…" (byte 0x85) reads as U+0085, which str.strip() takes for white space: it was
    deleted before it could be repaired, and a sentence of two of them came out empty."""
    review = tmp_path / "BOOKS" / "yes9done.xml"
    review.parent.mkdir()
    review.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<DOCUMENT><P><SENTENCE><W>Next</W><W>&#133;</W>'
                      "<W>still&#133;</W><W>it&#146;s</W></SENTENCE><SENTENCE><W>&#133;</W><W>&#133;</W>"
                      "</SENTENCE></P></DOCUMENT>", encoding="utf-8")
    assert [r.text for r in load(review)] == ["Next… still… it’s", "……"]
    assert [r.text for r in load(review, repair_cp1252=False)] == ["Next \x85 still\x85 it\x92s", "\x85 \x85"]


def test_a_review_without_cues_counts_in_the_cue_evaluation(tmp_path):
    import shutil

    from hedgekit.evaluate import evaluate

    shutil.copytree(FIX / "sfu", tmp_path / "sfu")
    (tmp_path / "sfu" / "CARS" / "no2done.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<DOCUMENT><P><SENTENCE><W>It</W><W>may</W><W>stall</W><W>.</W>'
        "</SENTENCE></P></DOCUMENT>", encoding="utf-8")
    recs = load(tmp_path / "sfu")
    assert len(recs) == 6 and recs[-1].text == "It may stall." and not recs[-1].cues
    rep = evaluate(None, recs, n_boot=0, cue_match=("exact",))
    assert rep["n_cue_sentences"] == 6  # the cue-free review too: its "may" is a false alarm
    assert rep["cues"]["exact"]["fp"] >= 1


def test_join_tokens():
    text, spans = join_tokens(["It", "is", "n't", "(", "", "really", ")", "$", "5", "'S", "."])
    assert text == "It isn't (really) $5'S."
    assert [text[a:b] for a, b in spans] == ["It", "is", "n't", "(", "", "really", ")", "$", "5", "'S", "."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "Bb", "", ".", ",", "(", ")", "n't", "'S", "$", "’s"]), max_size=12))
def test_join_tokens_offsets_property(tokens):
    text, spans = join_tokens(tokens)
    assert len(spans) == len(tokens)
    assert [text[a:b] for a, b in spans] == tokens
    assert all(a <= b for a, b in spans) and all(p[1] <= q[0] for p, q in zip(spans, spans[1:]))
    assert text == text.strip() and "  " not in text


def test_unsc_fixture():
    recs = load(FIX / "unsc" / "sample.json")
    check_offsets(recs)
    assert [r.label for r in recs] == ["uncertain", "certain", "uncertain"]
    assert [(c.text, c.start) for c in recs[0].cues] == [("may", 3), ("perhaps", 7)]
    assert recs[0].text.startswith("We may\nperhaps")  # line breaks kept
    assert [(c.text, c.start) for c in recs[2].cues] == [("Should", 0)]  # case-insensitive fallback
    assert dict(recs[2].meta)["unlocated_hedges"] == ("presumably",)
    assert [r.doc_id for r in recs] == ["SPEECH_A", "SPEECH_A", "SPEECH_B"]
    assert infer_format(FIX / "unsc" / "sample.json") == "unsc"


def test_unsc_hedges_are_words_found_in_any_order(tmp_path):
    """A hedge was searched for as a substring after the previous one: "or" landed in "border",
    and a hedge listed after one that comes later in the sentence was not found; "may" listed
    before "may be" must not take the "may" of "may be". A numeric
    Review_id is a document id like any other (train --data stripped it and crashed)."""
    import json

    speech = {"Review_id": 7, "Sentences": [
        {"Sentence_id": 1, "Sentence": "We believe the border should open, or close.",
         "Gold_Hedges": [{"Hedge": "should"}, {"Hedge": "believe"}, {"Hedge": "or"}]},
        {"Sentence_id": 2, "Sentence": "Therefore or rather, or not.", "Gold_Hedges": [{"Hedge": "or"}, {"Hedge": "or"}]},
        {"Sentence_id": 3, "Sentence": "It may be so, or it may.", "Gold_Hedges": [{"Hedge": "may"}, {"Hedge": "may be"}]}]}
    path = tmp_path / "speeches.json"
    path.write_text(json.dumps([speech]), encoding="utf-8")
    recs = load(path, format="unsc")
    check_offsets(recs)
    assert [(c.text, c.start) for c in recs[0].cues] == [("believe", 3), ("should", 22), ("or", 35)]
    assert [(c.text, c.start) for c in recs[1].cues] == [("or", 10), ("or", 21)]
    assert [(c.text, c.start) for c in recs[2].cues] == [("may be", 3), ("may", 20)]  # the longest first
    assert not any(dict(r.meta)["unlocated_hedges"] for r in recs)
    assert {r.doc_id for r in recs} == {"7"}


def test_tsv_fixture():
    recs = load(FIX / "user" / "sample.tsv", doc_column="doc")
    assert [r.label for r in recs] == ["certain", "uncertain", "certain", "uncertain", None]
    assert recs[0].text == '"Quoted" text is certain.'  # tsv: no quoting
    assert [r.doc_id for r in recs] == ["d1", "d1", "d2", "d2", "d3"]
    assert dict(recs[1].meta)["line"] == 3
    assert recs[0].source == "tsv/sample.tsv"


def test_csv_fixture_with_custom_columns():
    recs = load(FIX / "user" / "sample.csv", text_column="sentence", label_column="certainty")
    assert [(r.text, r.label, r.rating) for r in recs] == [
        ("Prices rose, probably by 3%.", "uncertain", 2.5),
        ("Prices rose.", "certain", None),
    ]
    with pytest.raises(CorpusError, match=r"sample\.csv.*line 1.*'text'"):
        load(FIX / "user" / "sample.csv")


def test_jsonl_fixture():
    recs = load(FIX / "user" / "sample.jsonl", doc_column="doc")
    assert [(r.label, r.rating, r.doc_id) for r in recs] == [
        ("uncertain", 2.0, "a"),
        ("certain", None, "a"),
        ("uncertain", 3.5, "b"),
    ]
    assert dict(recs[1].meta) == {"line": 3, "extra": (1, 2)}
    assert infer_format(FIX / "user" / "sample.jsonl") == "jsonl"


def test_format_inference():
    assert infer_format(FIX / "bioscope" / "sample.xml") == "bioscope"
    assert infer_format(FIX / "szeged" / "sample.xml") == "szeged"
    assert infer_format(FIX / "sfu" / "BOOKS" / "yes1done.xml") == "sfu"
    assert infer_format(FIX / "sfu") == "sfu"
    assert infer_format(FIX / "user" / "sample.tsv") == "tsv"
    assert infer_format(FIX / "user" / "sample.csv") == "csv"
    assert infer_format(FIX / "pei-jurgens" / "sentence-level-certainty.sample.jsonl") == "pei-jurgens"
    with pytest.raises(CorpusError, match=r"unknown\.dat.*format=.*'bioscope'"):
        infer_format(BAD / "unknown.dat")
    with pytest.raises(CorpusError, match="several formats"):
        infer_format(FIX / "user")


def test_format_override_and_unknown_format():
    """A file forced into another XML reader is refused with the format it looks like: BioScope read
    as Szeged gave every sentence certain (its cues are <cue>, not <ccue>), the others nothing."""
    for name, forced, looks in (("bioscope/sample.xml", "szeged", "bioscope"), ("szeged/sample.xml", "bioscope", "szeged"),
                                ("sfu/CARS/no1done.xml", "bioscope", "sfu"), ("bioscope/sample.xml", "sfu", "bioscope")):
        with pytest.raises(CorpusError, match=rf"not a {forced} file \(root <\w+>; it looks like {looks}"):
            load(FIX / name, format=forced)
    assert len(load(FIX / "bioscope" / "sample.xml", format="bioscope")) == 5
    with pytest.raises(CorpusError, match=r"unknown corpus format 'nope'.*'bioscope'.*'szeged'"):
        load_corpus(FIX / "bioscope" / "sample.xml", format="nope")


def test_folder_explicit_format_and_empty_folder(tmp_path):
    recs = load(FIX / "user", format="tsv")
    assert {r.source for r in recs} == {"tsv/sample.tsv"}
    with pytest.raises(CorpusError, match="no file of a recognisable format"):
        load_corpus(tmp_path)


def test_missing_path():
    with pytest.raises(CorpusNotFoundError) as info:
        load_corpus(FIX / "does-not-exist.xml")
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, CorpusError)
    assert "does-not-exist.xml" in str(info.value)


def test_bad_path_type():
    with pytest.raises(TypeError):
        load_corpus(42)  # type: ignore[arg-type]


def test_register_reader(tmp_path):
    def read_lines(path, **options):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            yield AnnotatedSentence(text=line, label="certain", source="lines")

    register_reader("test-lines", read_lines, extensions=[".lines"])
    try:
        (tmp_path / "a.lines").write_text("one\ntwo\n", encoding="utf-8")
        (tmp_path / "b.other").write_text("three\n", encoding="utf-8")
        assert [r.text for r in load_corpus(tmp_path, format="test-lines")] == ["one", "two"]
        with pytest.raises(ValueError):
            register_reader("test-lines", read_lines)
    finally:
        READERS.pop("test-lines", None)


def test_a_utf16_encoding_without_a_byte_order_mark_is_a_corpus_error(tmp_path):
    """Python's "UTF-16 stream does not start with BOM" is a UnicodeError, not a UnicodeDecodeError:
    it escaped the readers (and crashed hedgekit train) instead of naming the file."""
    rows = {"a.tsv": "text\tlabel\nIt may rain.\t1\n", "a.csv": "text,label\nIt may rain.,1\n",
            "a.jsonl": '{"text": "It may rain.", "label": 1}\n'}
    for name, body in rows.items():
        f = tmp_path / name
        f.write_text(body, encoding="utf-8")
        with pytest.raises(CorpusError, match=f"a.{name[2:]}: cannot be read as utf-16 text: .*BOM; if it is "
                                              "utf-16 without a byte-order mark, name the byte order"):
            list(load_corpus(f, encoding="utf-16"))
        with pytest.raises(CorpusError, match=r"as utf16 text: .*\(utf-16-le or utf-16-be; on the command line "
                                              r"--encoding utf-16-le\)"):  # the codec's own name, not "utf16-le"
            list(load_corpus(f, encoding="utf16"))
        with pytest.raises(CorpusError, match=f"a.{name[2:]}: not valid utf-32 text"):  # its bytes fail to decode
            list(load_corpus(f, encoding="utf-32"))
        f.write_text(body, encoding="utf-16-le")
        assert [s.text for s in load_corpus(f, encoding="utf-16-le")] == ["It may rain."]


def test_a_utf16_or_utf32_file_with_a_byte_order_mark_is_read_without_an_encoding(tmp_path):
    """Excel's "Unicode Text" export (UTF-16 with a mark) was refused as not UTF-8, with a hint to try
    cp1252; a mark names its encoding, which is never UTF-8, also where UTF-8 is named."""
    rows = {"a.tsv": "text\tlabel\nIt may rain.\t1\n", "a.csv": "text,label\nIt may rain.,1\n",
            "a.jsonl": '{"text": "It may rain.", "label": 1}\n',
            "train_wikiweasel_uncertain_sentences.txt": "It may rain.\n"}
    for codec in ("utf-16", "utf-32", "utf-16-be-bom"):
        for name, body in rows.items():
            f = tmp_path / codec / name
            f.parent.mkdir(exist_ok=True)
            data = codecs.BOM_UTF16_BE + body.encode("utf-16-be") if codec == "utf-16-be-bom" else body.encode(codec)
            f.write_bytes(data)
            assert [s.text for s in load_corpus(f)] == ["It may rain."], (codec, name)
            assert [s.text for s in load_corpus(f, encoding="utf-8")] == ["It may rain."], (codec, name)
    unsc = tmp_path / "unsc.json"
    unsc.write_bytes(json.dumps([]).encode("utf-16"))
    assert list(load_corpus(unsc, format="unsc")) == []
    # another named encoding is kept: such a file is then undecodable in it, and says so
    with pytest.raises(CorpusError, match="a.tsv"):
        list(load_corpus(tmp_path / "utf-16" / "a.tsv", encoding="cp1252"))


def test_an_option_no_reader_takes_is_refused(tmp_path):
    """Readers ignore the options of other formats, but a misspelling no reader knows fails at once
    instead of being ignored; a registered reader that takes any keyword turns the check off, and
    one that names its options adds them to what is known."""
    from hedgekit.errors import ArgumentError

    f = tmp_path / "a.tsv"
    f.write_text("text\tlabel\nIt may rain.\t1\n", encoding="utf-8")
    assert [s.label for s in load_corpus(f, label="uncertain", repair_cp1252=False)] == ["uncertain"]
    with pytest.raises(ArgumentError, match=r"unknown corpus reader option\(s\) \['lable_column'\]; the readers "
                                            r"take \['doc_column', 'encoding', 'label', 'label_column'"):
        load_corpus(f, lable_column="label")

    def named(path, *, strict=False):  # (it would be given every option: only for its own files)
        yield AnnotatedSentence(text="one", label="certain", source="named")

    def anything(path, **kwargs):
        yield AnnotatedSentence(text="one", label="certain", source="any")

    register_reader("test-named", named)
    try:
        assert len(list(load_corpus(f, strict=True))) == 1  # the tsv reader ignores it; test-named takes it
        with pytest.raises(ArgumentError, match="'strict'"):
            load_corpus(f, strictly=True)
        register_reader("test-any", anything)
        assert len(list(load_corpus(f, strictly=True))) == 1
    finally:
        READERS.pop("test-named", None)
        READERS.pop("test-any", None)


# ------------------------------------------------------------------------------- errors, safety


@pytest.mark.parametrize(
    "name, line",
    [("bioscope_malformed.xml", 6), ("szeged_malformed.xml", 5), ("sfu_malformed.xml", 3)],
)
def test_malformed_xml_names_file_and_line(name, line):
    with pytest.raises(CorpusError, match=rf"{re.escape(name)}.*line {line}\b"):
        load(BAD / name)


def test_szeged_unknown_cue_type():
    with pytest.raises(CorpusError, match=r"szeged_unknown_type\.xml.*speculation_hypo_wishful.*S9\.1"):
        load(BAD / "szeged_unknown_type.xml")


def test_malformed_jsonl_names_file_and_line():
    with pytest.raises(CorpusError, match=r"pei_jurgens_malformed\.jsonl, line 2"):
        load(BAD / "pei_jurgens_malformed.jsonl", format="pei-jurgens")
    with pytest.raises(CorpusError, match=r"user_malformed\.jsonl, line 2"):
        load(BAD / "user_malformed.jsonl")


def test_malformed_json_names_file_and_line():
    with pytest.raises(CorpusError, match=r"unsc_malformed\.json, line 3"):
        load(BAD / "unsc_malformed.json", format="unsc")


def test_unknown_label_value():
    with pytest.raises(CorpusError, match=r"bad_label\.tsv, line 3.*'maybe'.*uncertain/1/1.0/true"):
        load(BAD / "bad_label.tsv")


def test_float_labels_as_pandas_writes_them(tmp_path):
    """A label column with one missing cell becomes float in pandas, and to_csv writes 1.0 / 0.0."""
    p = tmp_path / "floats.csv"
    p.write_text("text,label\nIt may rain.,1.0\nIt rained.,0.0\nNo label here.,\n", encoding="utf-8")
    assert [r.label for r in load(p)] == ["uncertain", "certain", None]


def test_a_column_named_twice_is_an_error(tmp_path):
    p = tmp_path / "twice.tsv"
    p.write_text("text\tlabel\tlabel\nIt may rain.\t1\t0\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"twice\.tsv, line 1: .*column 'label' more than once"):
        load(p)
    # a spreadsheet's trailing unnamed columns are not names given twice
    p.write_text("text\tlabel\t\t\nIt may rain.\t1\t\t\n", encoding="utf-8")
    assert [r.label for r in load(p)] == ["uncertain"]
    c = tmp_path / "trailing.csv"
    c.write_text("text,label,,\nIt may rain.,1,,\n", encoding="utf-8")
    assert [r.label for r in load(c)] == ["uncertain"]


def test_a_csv_record_spanning_lines_is_reported_where_it_starts(tmp_path):
    p = tmp_path / "multi.csv"
    p.write_text('text,label\n"It may\nperhaps\nrain.",1\n\nIt rained.,0\n"Bad\nlabel",maybe\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"multi\.csv, line 7: unknown label 'maybe'"):
        load(p)
    p.write_text('text,label\n"It may\nperhaps\nrain.",1\n\nIt rained.,0\n', encoding="utf-8")
    assert [dict(r.meta)["line"] for r in load(p)] == [2, 6]
    p.write_text('text,label\n"It may\nrain.",1,extra\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 2-3: 3 fields, the header has 2"):
        load(p)


def test_wrong_encoding():
    with pytest.raises(CorpusError, match=r"latin1\.csv: not valid utf-8-sig text \(wrong encoding\?\) at line 2: "
                                          r".*--encoding cp1252"):
        load(BAD / "latin1.csv")
    with pytest.raises(CorpusError, match=r"latin1_bioscope\.xml.*line 3"):
        load(BAD / "latin1_bioscope.xml")
    # the right encoding, given as an option, reads it
    assert load(BAD / "latin1.csv", encoding="latin-1")[0].text == "Café is open."


@pytest.mark.parametrize("name, head", [("big.csv", "text,label\n"), ("big.jsonl", ""), ("big_certain.txt", "")])
def test_an_undecodable_byte_is_reported_on_its_line(tmp_path, name, head):
    """The readers decode ahead of the line they are on: a bad byte on line 2002 was reported
    "after line 1886" (CSV) or "near line 1329" (a sentence list)."""
    row = '{"text": "It may rain.", "label": 1}\n' if name.endswith(".jsonl") else (
        "It may rain.,1\n" if name.endswith(".csv") else "It may rain.\n")
    body = head + row * 2000 + row.replace("may", "m\u00e4y")
    path = tmp_path / name
    path.write_bytes(body.encode("cp1252"))
    bad_line = 2001 + bool(head)
    with pytest.raises(CorpusError, match=rf"not valid utf-8-sig text \(wrong encoding\?\) at line {bad_line}: "):
        load(path)
    assert load(path, encoding="cp1252")[-1].text == "It m\u00e4y rain."


@pytest.mark.parametrize(
    "name", ["billion_laughs.xml", "external_entity.xml", "external_parameter_entity.xml"]
)
def test_hostile_xml_refused_quickly(name):
    t0 = time.perf_counter()
    with pytest.raises(CorpusError, match=rf"{re.escape(name)}.*unsafe XML"):
        load(BAD / name)
    assert time.perf_counter() - t0 < 1.0


def test_errors_are_hedgekit_errors():
    assert issubclass(CorpusError, HedgekitError) and issubclass(CorpusError, ValueError)


# ---------------------------------------------------------------------------------- real corpora

needs_shared = pytest.mark.skipif(
    not (SHARED / "bioscope").is_dir(), reason=f"shared corpora not found at {SHARED}"
)


def _refused(path: Path, text: str, match: str, **kw) -> None:
    """Write ``text`` to ``path`` and check that reading it raises a CorpusError matching ``match``."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=match):
        load(path, **kw)


def _shared_path(rel: str) -> Path:
    p = SHARED / rel
    if not p.exists():
        pytest.skip(f"{p} not found")
    return p


def _summary(recs):
    labels = Counter(r.label for r in recs)
    return len(recs), labels["uncertain"]


@needs_shared
@pytest.mark.parametrize(
    "rel, n, uncertain, cues, docs",
    [
        ("bioscope/abstracts.xml", 11871, 2101, 2694, 1273),
        ("bioscope/full_papers.xml", 2670, 519, 682, 9),
        ("bioscope", 14541, 2620, 3376, 1282),
    ],
)
def test_real_bioscope(rel, n, uncertain, cues, docs):
    t0 = time.perf_counter()
    recs = load(_shared_path(rel))
    elapsed = time.perf_counter() - t0
    check_offsets(recs)
    assert _summary(recs) == (n, uncertain)
    assert sum(len(r.cues) for r in recs) == cues
    assert len({r.doc_id for r in recs}) == docs
    assert all(r.label == ("uncertain" if r.cues else "certain") for r in recs)
    if rel == "bioscope/abstracts.xml":
        assert elapsed < 5.0
        assert sum(1 for r in recs if dict(r.meta)["negation_cues"]) == 1597


SZEGED = [
    ("wiki.conll2010-train-docs.xml", 11118, 1800, (1300, 564, 66, 360, 0), 2185),
    ("bio_hbc.conll2010-train-docs.xml", 11797, 2697, (2478, 200, 784, 24, 0), 1273),
    ("bio_bmc.conll2010-train-docs.xml", 1410, 287, (214, 55, 58, 84, 0), 4),
    ("bio_fly.conll2010-train-docs.xml", 1260, 315, (324, 40, 42, 23, 0), 5),
    ("factbank.xml", 3129, 554, (195, 201, 36, 178, 110), 208),
]


@needs_shared
@pytest.mark.parametrize("name, n, uncertain, cue_counts, docs", SZEGED)
def test_real_szeged(name, n, uncertain, cue_counts, docs):
    recs = load(_shared_path(f"szeged-uncertainty/{name}"))
    check_offsets(recs)
    assert _summary(recs) == (n, uncertain)
    cats = Counter(c.category for r in recs for c in r.cues)
    order = ("epistemic", "doxastic", "investigation", "condition", "dynamic")
    assert tuple(cats[c] for c in order) == cue_counts
    assert len({r.doc_id for r in recs}) == docs
    if name.startswith("wiki"):
        assert sum(1 for r in recs if dict(r.meta)["part"] == "Title") == 2185


@needs_shared
def test_real_conll_wiki():
    folder = _shared_path("conll2010-wiki")
    recs = load(folder)
    assert _summary(recs) == (7343, 2131)
    assert Counter(r.source for r in recs) == {
        "conll-wiki/train_wikiweasel_certain_sentences.txt": 5212,
        "conll-wiki/train_wikiweasel_uncertain_sentences.txt": 2131,
    }
    assert all(r.doc_id is None and r.text for r in recs)


@needs_shared
def test_real_pei_jurgens():
    sent = load(_shared_path("pei-jurgens-certainty/sentence-level-certainty.train-val.jsonl"))
    assert len(sent) == 1139
    assert all(r.label is None and 1 <= r.rating <= 6 for r in sent)
    assert Counter(dict(r.meta)["split"] for r in sent) == {"train": 1010, "val": 129}
    assert sum(1 for r in sent if r.rating <= 3.5) == 200
    aspect = load(_shared_path("pei-jurgens-certainty/aspect-level-certainty.train-val.jsonl"))
    assert len(aspect) == 1328
    assert all(r.label is None and r.rating is None for r in aspect)
    assert Counter(dict(r.meta)["split"] for r in aspect) == {"train": 1179, "val": 149}
    prob = Counter(dict(dict(r.meta)["aspects"])["Probability"] for r in aspect)
    assert prob == {"Certain": 629, "Uncertain": 409, "NotPresent": 290}


SFU = {
    "BOOKS": (1596, 275), "CARS": (3027, 788), "COMPUTERS": (3036, 704),
    "HOTELS": (2129, 505), "MOVIES": (1802, 469), "MUSIC": (3110, 470), "PHONES": (1059, 290),
    "COOKWARE": (1504, 409),  # (its files mark 411: two scopes saved as cues, see read_sfu)
}  # fmt: skip


def test_sfu_scopes_saved_as_cues_and_cues_nested_in_their_copies(tmp_path):
    """Two COOKWARE "cues" hold a <ref>, the mark of a scope ("be so durable", the scope of "not"),
    and made their sentences uncertain; CARS/yes2done.xml nests a "may" cue in a copy of itself,
    which counted twice in cue-level scores (an audit of the readers against the raw files)."""
    f = tmp_path / "COOKWARE" / "x.xml"
    f.parent.mkdir()
    f.write_text('<?xml version="1.0"?><DOCUMENT><P><SENTENCE><W>I</W><W>found</W><W>it</W><W>to</W>'
                 '<C><cue ID="0" type="negation"><W>not</W></cue></C><cue ID="2" type="speculation">'
                 '<ref ID="4" SRC="0"/><W>be</W><W>so</W><W>durable</W></cue><W>.</W></SENTENCE>'
                 '<SENTENCE><W>It</W><cue ID="82" type="speculation"><cue ID="83" type="speculation"><W>may</W>'
                 '</cue></cue><W>rain</W><W>.</W></SENTENCE>'
                 # a negation cue whose <ref> points at the scope it shares is a cue (CARS/yes12done.xml's "either")
                 '<SENTENCE><C><cue ID="150" type="negation"><W>don\'t</W></cue></C><xcope ID="155"><ref ID="156" '
                 'SRC="150"/><W>buy</W><W>it</W></xcope><C><cue ID="151" type="negation"><ref ID="157" SRC="155"/>'
                 '<W>either</W></cue></C><W>.</W></SENTENCE></P></DOCUMENT>', encoding="utf-8")
    scope, nested, either = load_corpus(f, format="sfu")
    assert scope.label == "certain" and scope.cues == () and dict(scope.meta)["negation_cues"] == (("not", 14, 17),)
    assert nested.label == "uncertain" and [(c.text, c.start) for c in nested.cues] == [("may", 3)]
    assert dict(either.meta)["negation_cues"] == (("don't", 0, 5), ("either", 13, 19))


@needs_shared
def test_real_sfu():  # (3,528 negation cues: the "either" cues whose <ref> points at a shared scope count)
    recs = load(_shared_path("sfu-review"))
    check_offsets(recs)
    assert _summary(recs) == (17263, 3910)  # (the files mark 3,912 and 5,363: read_sfu's annotation errors)
    assert len({r.doc_id for r in recs}) == 400
    by_domain: dict[str, list[int]] = {}
    for r in recs:
        d = by_domain.setdefault(r.doc_id.split("/")[0], [0, 0])
        d[0] += 1
        d[1] += r.label == "uncertain"
    assert {k: tuple(v) for k, v in by_domain.items()} == SFU
    assert sum(len(r.cues) for r in recs) == 5360
    assert sum(1 for r in recs if dict(r.meta)["negation_cues"]) == 3119
    assert sum(len(dict(r.meta)["negation_cues"]) for r in recs) == 3528
    assert all(r.text.strip() for r in recs) and sum("…" in r.text for r in recs) == 34  # cp1252 0x85 kept
    for r in recs:
        for _, a, b in dict(r.meta)["negation_cues"]:
            assert 0 <= a < b <= len(r.text)


@needs_shared
@pytest.mark.parametrize(
    "name, n, hedged, hedges",
    [("gold_labeled_unsc_MELISA_combined_fini.json", 570, 127, 156), ("gold_labeled_unsc_kseniya.json", 468, 88, 109)],
)
def test_real_unsc(name, n, hedged, hedges):
    recs = load(_shared_path(f"unsc-hedges/{name}"))
    check_offsets(recs)
    assert _summary(recs) == (n, hedged)
    located = sum(len(r.cues) for r in recs)
    unlocated = sum(len(dict(r.meta)["unlocated_hedges"]) for r in recs)
    assert located + unlocated == hedges
    assert unlocated == 1  # "believe", where the sentence has "believing"
    for r in recs:  # every located hedge is a word of its own ("or", not the "or" of "border")
        for c in r.cues:
            assert not r.text[c.start - 1:c.start].isalnum() and not r.text[c.end:c.end + 1].isalnum(), (c, r.text)


def test_an_empty_corpus_path_is_refused_not_read_as_the_current_folder():
    from hedgekit.readers import infer_format

    for call in (lambda: load_corpus(""), lambda: infer_format("")):
        with pytest.raises(CorpusError, match="an empty corpus path"):
            call()


def test_user_format_edge_cases_that_changed_data_silently(tmp_path):
    """A stray quote in a CSV merged the rows after it into one text; a doc id with a space was a
    document of its own; a JSONL whose text key is "finding" was read as Pei & Jurgens (and its
    labels dropped); a misspelt JSONL key was ignored (every label None, every doc_id None)."""
    _refused(tmp_path / "stray.csv", 'text,label\n"He said maybe,1\nok,0\nthird "row,1\nfourth,0\n',
             r"line \d+: malformed CSV: .*quoted whole")
    _refused(tmp_path / "inner.csv", 'text,label\n"He said "maybe" today",1\n', "malformed CSV")
    fine = tmp_path / "fine.csv"
    fine.write_text('text,label,doc\n"He said ""maybe"", today",1, d1\nIt rained.,0,d1\n', encoding="utf-8")
    assert [(r.text, r.doc_id) for r in load(fine, doc_column="doc")] == [('He said "maybe", today', "d1"),
                                                                         ("It rained.", "d1")]
    findings = tmp_path / "findings.jsonl"
    findings.write_text('{"finding": "It may work.", "label": 1}\n{"finding": "It works.", "label": 0}\n',
                        encoding="utf-8")
    assert infer_format(findings) == "jsonl"
    assert [r.label for r in load(findings, text_column="finding")] == ["uncertain", "certain"]
    assert infer_format(FIX / "pei-jurgens" / "sentence-level-certainty.sample.jsonl") == "pei-jurgens"
    with pytest.raises(CorpusError, match="no record has the label key 'tag' \\(you named it: label_column="):
        load(findings, text_column="finding", label_column="tag")
    # (an audit) a label or rating column named on purpose must be there, even when the other one is:
    # a misspelt name read every label as missing (or dropped the ratings) without a word
    both = tmp_path / "both.csv"
    both.write_text("text,gold,rating\nIt may rain.,1,2\nThe sky is blue.,0,6\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 1: no label column 'golld' in the header \['text', 'gold', 'rating'\] "
                                          r"\(you named it: label_column=, on the command line --label-column\)"):
        list(load(both, label_column="golld"))
    with pytest.raises(CorpusError, match="no rating column 'scor' in the header"):
        list(load(both, label_column="gold", rating_column="scor"))
    assert [(r.label, r.rating) for r in load(both)] == [(None, 2.0), (None, 6.0)]  # default names: one is enough
    assert [(r.label, r.rating) for r in load(both, label_column="gold")] == [("uncertain", 2.0), ("certain", 6.0)]
    with pytest.raises(CorpusError, match="no record has the rating key 'score'"):
        list(load(findings, text_column="finding", rating_column="score"))
    # (an audit) a label column called "rating" is read as the labels only: its "uncertain" was refused
    # as a rating that is no number; nor is a text or document column called "label" read as labels
    for name, data in (("rl.tsv", "text\trating\nIt may rain.\tuncertain\nIt rains.\tcertain\n"),
                       ("rl.jsonl", '{"text": "It may rain.", "rating": "uncertain"}\n'
                                    '{"text": "It rains.", "rating": "certain"}\n')):
        (tmp_path / name).write_text(data, encoding="utf-8")
        assert [(r.label, r.rating) for r in load(tmp_path / name, label_column="rating")] == [
            ("uncertain", None), ("certain", None)]
    (tmp_path / "tl.csv").write_text("label,rating\nIt may rain.,2\nIt rains.,6\n", encoding="utf-8")
    assert [(r.text, r.label, r.rating) for r in load(tmp_path / "tl.csv", text_column="label")] == [
        ("It may rain.", None, 2.0), ("It rains.", None, 6.0)]
    (tmp_path / "tr.csv").write_text("rating,doc\nIt may rain.,d1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 1: no label column 'label' in the header \['rating', 'doc'\]"):
        list(load(tmp_path / "tr.csv", text_column="rating", doc_column="doc"))
    (tmp_path / "none.jsonl").write_text('{"text": "It may rain.", "source": "x"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="neither a label key 'label' nor a rating key 'rating' in any record"):
        list(load(tmp_path / "none.jsonl"))
    # a blank first line, and an R table with quoted names, say what is wrong (they were told to name
    # a column that was there)
    blank = tmp_path / "blank.csv"
    blank.write_text("\ntext,label\nIt may rain.,1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="line 1: the first line is blank; it must be the header row"):
        list(load(blank))
    quoted = tmp_path / "r.tsv"
    quoted.write_text('"text"\t"label"\n"It may rain."\t1\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"its names are in quotes, which hedgekit's TSV does not take off"):
        list(load(quoted))
    # a key spelt almost like the one named fails at the first record, not after the whole file
    with pytest.raises(CorpusError, match=r"line 1: no key 'labl' but 'label': misspelt\? \(name the key: "
                                          r"label_column='label', on the command line --label-column 'label'\)"):
        load(findings, text_column="finding", label_column="labl")
    # a look-alike key whose value is no label is another column: the file reads as it is
    other = tmp_path / "labeler.jsonl"
    other.write_text('{"text": "It may rain.", "labeler": "ann"}\n'
                     '{"text": "It rained.", "label": "certain", "labeler": "bob"}\n', encoding="utf-8")
    assert [(r.text, r.label) for r in load(other)] == [("It may rain.", None), ("It rained.", "certain")]
    with pytest.raises(CorpusError, match="no record has the document key 'dco'"):
        load(findings, text_column="finding", doc_column="dco")


def test_a_folder_recognises_utf16_xml_and_warns_about_files_it_skips(tmp_path):
    """A BioScope file saved as UTF-16 was skipped in a folder without a word (its first bytes did
    not look like XML), and the benchmark ran on part of the data."""
    import shutil
    import warnings

    shutil.copy(FIX / "bioscope" / "sample.xml", tmp_path / "a.xml")
    text = (FIX / "bioscope" / "sample.xml").read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    (tmp_path / "b.xml").write_bytes(text.encode("utf-16"))
    assert infer_format(tmp_path / "b.xml") == "bioscope"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        recs = load(tmp_path)
    assert len(recs) == 10 and [r.text for r in recs[5:]] == [r.text for r in recs[:5]]
    (tmp_path / "notes.json").write_text('{"what": "my notes"}', encoding="utf-8")
    (tmp_path / "README.md").write_text("about the corpus", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"notes\.json: skipped, not recognised") as caught:
        assert len(load(tmp_path)) == 10
    assert len(caught) == 1  # not the README


def test_a_line_column_does_not_hide_the_file_line(tmp_path):
    """`hedgekit score --lines -f tsv` writes a "line" column; read back with labels added, it gave
    meta two "line" pairs, and dict(meta)["line"] was the column's, not the file's."""
    p = tmp_path / "scored.tsv"
    p.write_text("line\ttext\tlabel\n7\tIt may rain.\t1\n\n9\tIt rained.\t0\n", encoding="utf-8")
    recs = load(p)
    assert [(dict(r.meta)["line"], dict(r.meta)["column:line"]) for r in recs] == [(2, "7"), (4, "9")]
    assert all(len(dict(r.meta)) == len(r.meta) for r in recs)
    # (a review) a "column:line" column beside a "line" one would make two "column:line" pairs: refused
    for name, body in (("both.tsv", "line\tcolumn:line\ttext\tlabel\n5\t9\tIt may rain.\t1\n"),
                       ("both.jsonl", '{"text": "It may rain.", "label": 1, "line": 5, "column:line": 9}\n')):
        (tmp_path / name).write_text(body, encoding="utf-8")
        with pytest.raises(CorpusError, match=r"line (2|1): both a 'line' and a 'column:line' column.*rename one"):
            load(tmp_path / name)


def test_a_tsv_quoted_the_csv_way_is_refused_with_the_way_out(tmp_path):
    """pandas' to_csv(sep="\\t") quotes a cell with a quote or a line break in it; read as TSV (no
    quoting) its text kept the doubled quotes, and a line break gave a bare field-count error."""
    pd = pytest.importorskip("pandas")
    quotes, breaks = tmp_path / "quotes.tsv", tmp_path / "breaks.tsv"
    pd.DataFrame({"text": ['He said "it may rain".', "Plain."], "label": [1, 0]}).to_csv(quotes, sep="\t", index=False)
    pd.DataFrame({"text": ["It may\nrain.", "Plain."], "label": [1, 0]}).to_csv(breaks, sep="\t", index=False)
    for path, message in ((quotes, r"line 2: a cell looks quoted the CSV way"),
                          (breaks, r"line 2: 1 fields, the header has 2; a cell looks quoted the CSV way")):
        with pytest.raises(CorpusError, match=message + r".*quoting=csv\.QUOTE_NONE, or save it as CSV"):
            load(path)
    plain = tmp_path / "plain.tsv"  # quotes in the text itself stay text
    plain.write_text('text\tlabel\n"It may rain," he said.\t1\n"Quoted whole."\t0\n', encoding="utf-8")
    assert [r.text for r in load(plain)] == ['"It may rain," he said.', '"Quoted whole."']


def test_missing_values_as_r_and_pandas_write_them_and_clearer_column_errors(tmp_path):
    """R's write.csv writes a missing label as NA; it was an "unknown label" error. A semicolon file
    was told only that the text column is missing, and a JSON number as text that it was empty."""
    p = tmp_path / "r.csv"
    p.write_text('text,label,rating\nIt may rain.,1,NA\nIt rained.,NA,5\nMaybe.,n/a,NaN\n', encoding="utf-8")
    assert [(r.label, r.rating) for r in load(p)] == [("uncertain", None), (None, 5.0), (None, None)]
    _refused(tmp_path / "semi.csv", "text;label\nIt may rain.;1\n", "is the file separated by ';'")
    _refused(tmp_path / "comma.tsv", "text,label\nIt may rain.,1\n", "is the file separated by ','")  # (no hint: an audit)
    _refused(tmp_path / "num.jsonl", '{"text": 123, "label": 1}\n',
             "line 1: the text in column 'text' is 123, not a string")


def test_cue_spans_are_trimmed_and_empty_cues_skipped_with_a_warning(tmp_path):
    """Szeged's wiki file has one cue "would " (a trailing space): its span did not equal the word's,
    so cue-level scoring and training counted it as missed. An empty <ccue/> gave a zero-width cue."""
    szeged = ('<Annotation><Document><DocID>d1</DocID><DocumentPart type="Text">'
              '<Sentence id="s1">It <ccue type="speculation_modal_probable_">would </ccue>rain.</Sentence>'
              '<Sentence id="s2">It <ccue type="speculation_modal_probable_"/>rained.</Sentence>'
              '</DocumentPart></Document></Annotation>')
    p = tmp_path / "sz.xml"
    p.write_text(szeged, encoding="utf-8")
    with pytest.warns(UserWarning, match=r"sz\.xml: 1 cue element\(s\) with no text"):
        recs = load(p, format="szeged")
    assert [(r.label, [(c.text, c.start, c.end) for c in r.cues]) for r in recs] == [
        ("uncertain", [("would", 3, 8)]), ("certain", [])]
    bio = ('<Annotation><DocumentSet><Document><DocID>d1</DocID><DocumentPart type="Text">'
           '<sentence id="s1">It <cue type="speculation" ref="c1"> </cue>rained.</sentence>'
           '</DocumentPart></Document></DocumentSet></Annotation>')
    p = tmp_path / "bio.xml"
    p.write_text(bio, encoding="utf-8")
    with pytest.warns(UserWarning, match=r"bio\.xml: 1 cue element"):
        assert [(r.label, r.cues) for r in load(p, format="bioscope")] == [("certain", ())]


def test_a_document_part_nested_in_another_is_read_once(tmp_path):
    """The DTDs do not allow it, but a nested DocumentPart's sentences were yielded twice, once with
    the outer part's type."""
    p = tmp_path / "nested.xml"
    p.write_text('<Annotation><Document><DocID>d1</DocID><DocumentPart type="Text">'
                 '<Sentence id="s1">One.</Sentence><DocumentPart type="Title"><Sentence id="s2">Two.</Sentence>'
                 '</DocumentPart><Sentence id="s3">Three.</Sentence></DocumentPart></Document></Annotation>',
                 encoding="utf-8")
    assert [(r.text, dict(r.meta)["part"]) for r in load(p, format="szeged")] == [
        ("One.", "Text"), ("Two.", "Title"), ("Three.", "Text")]


def test_a_json_nan_rating_is_no_rating(tmp_path):
    """Python's json.dumps writes a missing float as NaN; it was "not finite" while the string "NaN"
    was no value. Infinity stays an error."""
    p = tmp_path / "r.jsonl"
    p.write_text('{"text": "It may rain.", "rating": NaN, "label": 1}\n{"text": "It rained.", "rating": 5}\n',
                 encoding="utf-8")
    assert [(r.label, r.rating) for r in load(p)] == [("uncertain", None), (None, 5.0)]
    _refused(tmp_path / "inf.jsonl", '{"text": "It may rain.", "rating": Infinity}\n', "is not finite")


# ------------------------------------------------------------------ audit: data lost or misread


def test_a_labelled_jsonl_with_a_finding_and_a_rating_is_not_pei_jurgens(tmp_path):
    """A user's file with "finding" and "sentence-level-certainty" keys was sniffed as Pei & Jurgens,
    whose reader drops labels: every label came out None. Only records with nothing but the corpus's
    own keys are Pei & Jurgens; forced into that reader, a file with other keys is refused."""
    p = tmp_path / "mine.jsonl"
    p.write_text('{"id": 0, "finding": "It may rain.", "sentence-level-certainty": 2.0, "label": "uncertain"}\n'
                 '{"id": 1, "finding": "It rained.", "sentence-level-certainty": 6.0, "label": "certain"}\n',
                 encoding="utf-8")
    assert infer_format(p) == "jsonl"
    recs = load(p, text_column="finding", rating_column="sentence-level-certainty")
    assert [(r.text, r.label, r.rating) for r in recs] == [("It may rain.", "uncertain", 2.0),
                                                           ("It rained.", "certain", 6.0)]
    with pytest.raises(CorpusError, match=r"mine\.jsonl, line 1: key\(s\) \['label'\] are not Pei & Jurgens keys "
                                          r".*format='jsonl', text_column='finding'"):
        load(p, format="pei-jurgens")
    for name in ("sentence-level-certainty.sample.jsonl", "aspect-level-certainty.sample.jsonl"):
        assert infer_format(FIX / "pei-jurgens" / name) == "pei-jurgens"


def test_a_jsonl_key_given_twice_is_refused(tmp_path):
    """json.loads keeps the last of two values of one key: {"label": "certain", "label": "uncertain"}
    read as uncertain without a word (CSV refuses a column named twice)."""
    _refused(tmp_path / "dup.jsonl", '{"text": "a", "label": "certain", "label": "uncertain"}\n',
             r"dup\.jsonl, line 1: the key 'label' is given twice in one object; keys must be unique")
    _refused(tmp_path / "nested.jsonl", '{"text": "a", "label": 1}\n{"text": "b", "label": 0, "x": {"k": 1, "k": 2}}\n',
             r"nested\.jsonl, line 2: the key 'k' is given twice")
    _refused(tmp_path / "pj.jsonl", '{"id": 1, "finding": "a", "sentence-level-certainty": 2, '
                                    '"sentence-level-certainty": 5}\n',
             r"pj\.jsonl, line 1: the key 'sentence-level-certainty' is given twice", format="pei-jurgens")


def test_utf16_without_a_byte_order_mark_is_refused_not_read_as_nul_filled_text(tmp_path):
    """UTF-16 without a mark is valid UTF-8 (an ASCII letter and a NUL byte): a sentence list was read
    as text full of NUL characters, a table gave a header that named no column."""
    rows = {"a.tsv": "text\tlabel\nIt may rain.\t1\n", "a.csv": "text,label\nIt may rain.,1\n",
            "a.jsonl": '{"text": "It may rain.", "label": 1}\n', "a_uncertain.txt": "It may rain.\n",
            "a.json": json.dumps([{"Review_id": "r", "Sentences": [{"Sentence": "It may rain.", "Gold_Hedges": []}]}])}
    formats = {"a.json": "unsc"}
    for name, body in rows.items():
        f = tmp_path / name
        f.write_bytes(body.encode("utf-16-le"))
        for enc in ({}, {"encoding": "utf-8"}, {"encoding": "latin-1"}):
            with pytest.raises(CorpusError, match=rf"{re.escape(name)}, line 1: a NUL character .*UTF-16 without a "
                                                  r"byte-order mark\? pass encoding='utf-16-le'"):
                load(f, format=formats.get(name), **enc)
        assert [r.text for r in load(f, format=formats.get(name), encoding="utf-16-le")] == ["It may rain."]
    f = tmp_path / "b_certain.txt"  # a NUL elsewhere is text, as score takes it (a review: its CSV read back)
    f.write_text("It rained.\nIt\x00 rained.\n", encoding="utf-8")
    assert [r.text for r in load(f)] == ["It rained.", "It\x00 rained."]
    g = tmp_path / "late_certain.txt"  # UTF-16 after an ASCII line is still refused, at its line
    g.write_bytes(b"It rained.\n" + "It may rain today, or tomorrow, or the day after.\n".encode("utf-16-le") * 4)
    with pytest.raises(CorpusError, match=r"late_certain\.txt, line 2: a NUL character"):
        load(g)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "UTF-16LE"])
def test_an_explicit_byte_order_drops_its_own_byte_order_mark(tmp_path, encoding):
    """(an audit) encoding='utf-16-le' on a file with the UTF-16-LE mark (a Windows "Unicode" file, and
    the byte order the errors advise) read the mark as text: a sentence list's first sentence began
    with U+FEFF, and a table's header or a JSON file was refused ("no text column", "Unexpected UTF-8
    BOM (decode using utf-8-sig)")."""
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE}[codecs.lookup(encoding).name]
    files = {"a_uncertain.txt": "May be so.\nIt may rain.\n", "a.csv": "text,label\nMay be so.,1\nIt may rain.,1\n",
             "a.tsv": "text\tlabel\nMay be so.\t1\nIt may rain.\t1\n",
             "a.jsonl": '{"text": "May be so.", "label": 1}\n{"text": "It may rain.", "label": 1}\n',
             "a.json": json.dumps([{"Sentences": [{"Sentence": "May be so.", "Gold_Hedges": ["May"]},
                                                  {"Sentence": "It may rain.", "Gold_Hedges": ["may"]}]}])}
    for name, body in files.items():
        f = tmp_path / name
        f.write_bytes(bom + body.encode(codecs.lookup(encoding).name))
        recs = load(f, format="unsc" if name == "a.json" else None, encoding=encoding)
        assert [r.text for r in recs] == ["May be so.", "It may rain."], (name, encoding)


def test_utf16_without_a_byte_order_mark_and_a_non_ascii_letter_gets_the_utf16_advice(tmp_path):
    """With a non-ASCII letter in its first piece, such a file fails to decode before its NULs are
    seen: the advice was cp1252's, whose error then gave the UTF-16 advice (an audit)."""
    for name, body in (("u.csv", "text,label\nIt may rain.,1\nCaf\u00e9 closed.,0\n"),
                       ("u_certain.txt", "It rained.\nCaf\u00e9 closed.\n")):
        f = tmp_path / name
        f.write_bytes(body.encode("utf-16-le"))
        with pytest.raises(CorpusError, match=r"not valid utf-8-sig text at line \d+: .*; it begins with NUL bytes: "
                                              r"UTF-16 without a byte-order mark\? pass encoding='utf-16-le'") as e:
            load(f)
        assert "cp1252" not in str(e.value)
        assert [r.text for r in load(f, encoding="utf-16-le")][-1] == "Caf\u00e9 closed."


def test_an_explicit_utf8_encoding_drops_a_utf8_byte_order_mark(tmp_path):
    """encoding='utf-8' (not the default utf-8-sig) kept the mark: the text was '\\ufeffMay be so.' and a
    CSV's first column '\\ufefftext', so the text column was not found."""
    bom = codecs.BOM_UTF8
    files = {"a_uncertain.txt": b"May be so.\n", "a.csv": b"text,label\nMay be so.,1\n",
             "a.tsv": b"text\tlabel\nMay be so.\t1\n", "a.jsonl": b'{"text": "May be so.", "label": 1}\n',
             "a.json": json.dumps([{"Sentences": [{"Sentence": "May be so.", "Gold_Hedges": ["May"]}]}]).encode()}
    for name, body in files.items():
        f = tmp_path / name
        f.write_bytes(bom + body)
        for enc in ("utf-8", "utf8", "UTF-8", "U8", "utf-8-sig", None):
            recs = load(f, format="unsc" if name == "a.json" else None, encoding=enc)
            assert [r.text for r in recs] == ["May be so."], (name, enc)
    f = tmp_path / "a.csv"  # another encoding is taken as named
    assert [r.text for r in load(f, encoding="latin-1", text_column="\u00ef\u00bb\u00bftext")] == ["May be so."]
    with pytest.raises(CorpusError, match=r"a\.csv: unknown encoding 'nope'; name one Python knows"):
        load(f, encoding="nope")


def test_sentences_outside_a_document_part_are_read(tmp_path):
    """Sentences that were not inside a DocumentPart (the DTDs do not allow it) were dropped without a
    word; nested documents were read twice."""
    sz = tmp_path / "sz.xml"
    sz.write_text('<Annotation><DocumentSet><Document type="news"><DocID>d1</DocID>'
                  '<Sentence id="s0">Before the parts.</Sentence><DocumentPart type="Text">'
                  '<Sentence id="s1">It <ccue type="speculation_modal_probable_">may</ccue> rain.</Sentence>'
                  '</DocumentPart><Sentence id="s2">After them.</Sentence></Document>'
                  '<Sentence id="s3">Outside any document.</Sentence></DocumentSet></Annotation>', encoding="utf-8")
    recs = load(sz, format="szeged")
    assert [(r.text, r.doc_id, dict(r.meta)["part"], dict(r.meta)["document_type"]) for r in recs] == [
        ("Before the parts.", "d1", None, "news"), ("It may rain.", "d1", "Text", "news"),
        ("After them.", "d1", None, "news"), ("Outside any document.", None, None, None)]
    assert [r.label for r in recs] == ["certain", "uncertain", "certain", "certain"]
    bio = tmp_path / "bio.xml"
    bio.write_text('<Annotation><DocumentSet><Document><DocID>p1</DocID><DocumentPart type="Text">'
                   '<sentence id="S1">In a part.</sentence></DocumentPart>'
                   '<sentence id="S2">It <cue type="speculation" ref="c1">might</cue> not.</sentence>'
                   '<Document><DocID>p2</DocID><sentence id="S3">Nested.</sentence></Document>'
                   '</Document></DocumentSet></Annotation>', encoding="utf-8")
    recs = load(bio, format="bioscope")
    assert [(r.text, r.label, r.doc_id, dict(r.meta)["part"]) for r in recs] == [
        ("In a part.", "certain", "p1", "Text"), ("It might not.", "uncertain", "p1", None),
        ("Nested.", "certain", "p2", None)]


def test_a_folder_reads_each_real_file_once_and_follows_folder_links(tmp_path):
    """A link to a file of the folder was read twice (its sentences counted twice in a benchmark); a
    link to a folder was not followed (its files were silently left out)."""
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (corpus / "a.tsv").write_text("text\tlabel\nA one.\t1\n", encoding="utf-8")
    (corpus / "sub" / "b.tsv").write_text("text\tlabel\nB one.\t0\n", encoding="utf-8")
    (elsewhere / "c.tsv").write_text("text\tlabel\nC one.\t1\n", encoding="utf-8")
    try:
        (corpus / "z.tsv").symlink_to(corpus / "a.tsv")  # sorts after its file: read as a.tsv
        (corpus / "0.tsv").symlink_to(corpus / "sub" / "b.tsv")  # sorts first: read as 0.tsv
        (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
        (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)  # an ancestor
        (corpus / "twin").symlink_to(corpus / "sub", target_is_directory=True)  # a folder walked already
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available")
    for fmt in (None, "tsv"):
        recs = load(corpus, format=fmt)
        assert [(r.text, r.source) for r in recs] == [("B one.", "tsv/0.tsv"), ("A one.", "tsv/a.tsv"),
                                                      ("C one.", "tsv/c.tsv")], fmt
    assert infer_format(corpus) == "tsv"


def test_missing_document_ids_are_none(tmp_path):
    """With doc_column, NA, N/A and NaN cells (as R and pandas write a missing value) and JSON NaN were
    document ids 'NA', 'N/A', 'nan': their rows made documents of their own in grouped CV."""
    p = tmp_path / "docs.csv"
    p.write_text("text,label,doc\nOne.,1,d1\nTwo.,0,NA\nThree.,1,N/A\nFour.,0,\nFive.,1,nan\nSix.,0, null \n"
                 "Seven.,1, d1 \n", encoding="utf-8")
    assert [r.doc_id for r in load(p, doc_column="doc")] == ["d1", None, None, None, None, None, "d1"]
    j = tmp_path / "docs.jsonl"
    j.write_text('{"text": "One.", "label": 1, "doc": NaN}\n{"text": "Two.", "label": 0, "doc": null}\n'
                 '{"text": "Three.", "label": 1, "doc": "NA"}\n{"text": "Four.", "label": 1, "doc": 7}\n',
                 encoding="utf-8")
    assert [r.doc_id for r in load(j, doc_column="doc")] == [None, None, None, "7"]


def test_a_rating_must_be_a_plain_decimal_number(tmp_path):
    """float() reads Python's own syntax: the rating '1_0' was 10.0; 'inf' said "not finite" and
    full-width or Arabic-Indic digits were numbers."""
    p = tmp_path / "r.csv"
    p.write_text("text,rating\nA.,4\nB., 3.5 \nC.,+2\nD.,.5\nE.,1e0\nF.,-1E-1\nG.,5.\n", encoding="utf-8")
    assert [r.rating for r in load(p)] == [4.0, 3.5, 2.0, 0.5, 1.0, -0.1, 5.0]
    for bad in ("1_0", "inf", "Infinity", "\u0663", "\uff13", "0x10", "1e", "-", "."):
        _refused(tmp_path / "bad.csv", f"text,rating\nA.,4\nB.,{bad}\n",
                 rf"bad\.csv, line 3: rating '{re.escape(bad)}' in column 'rating' is not a number \(accepted: a "
                 r"plain decimal number")
    _refused(tmp_path / "big.jsonl", '{"text": "A.", "rating": 1' + "0" * 400 + "}\n", "is not finite")


def test_long_cells_are_read_and_a_broken_quote_is_reported_where_its_record_starts(tmp_path):
    """A cell over 131,072 characters (the csv module's default limit) could not be read, and a quote
    left open on line 2 was reported as "line 3674: field larger than field limit"."""
    long_text = "It may rain. " * 20000 + "Yes."
    for name, sep in (("long.csv", ","), ("long.tsv", "\t")):
        p = tmp_path / name
        p.write_text(f"text{sep}label\n{long_text}{sep}1\nShort.{sep}0\n", encoding="utf-8")
        assert [(len(r.text), r.label) for r in load(p)] == [(len(long_text), "uncertain"),
                                                              (6, "certain")]
    _refused(tmp_path / "open.csv", 'text,label\n"It may rain,1\n' + "It rained.,0\n" * 20000,
             r"open\.csv, line 2-20002 \(a quoted cell opened on line 2 never closes\): malformed CSV: .*"
             r"a quoted cell must be quoted whole")
    _refused(tmp_path / "stray.csv", 'text,label\nFine.,0\n"He said maybe,1\nok,0\nthird "row,1\nfourth,0\n',
             r"stray\.csv, line 3: malformed CSV: .* \(on line 5, in the record that starts on line 3\); a quoted "
             r"cell must be quoted whole")


def test_reading_a_table_leaves_the_csv_modules_field_limit_as_it_was(tmp_path):
    """The reader raised the csv module's process-wide field size limit to 2**31 - 1 and left it
    there, so a user's own csv reading after ours lost its guard. It is raised while a table is
    read and put back when the last read ends (put back between rows, one thread's reader lowered
    it under another's, which then refused a long cell: a review)."""
    import csv
    import threading

    before = csv.field_size_limit()
    try:
        csv.field_size_limit(1000)
        p = tmp_path / "long.csv"
        p.write_text("text,label\n" + "It may rain. " * 200 + ",1\nShort.,0\n", encoding="utf-8")
        rows = read_csv(p)
        first = next(rows)
        assert len(first.text) > 1000
        assert [r.text for r in rows] == ["Short."]
        assert csv.field_size_limit() == 1000
        with pytest.raises(csv.Error, match="field larger than field limit"):  # the user's own reader
            list(csv.reader(["x" * 2000]))
        rows = read_csv(p)
        next(rows)
        rows.close()  # a read given up
        assert csv.field_size_limit() == 1000
        with pytest.raises(CorpusError):  # a read refused
            list(read_csv(tmp_path / "missing.csv"))
        bad = tmp_path / "bad.csv"
        bad.write_text('text,label\n"It may,1\n', encoding="utf-8")
        with pytest.raises(CorpusError):
            list(read_csv(bad))
        assert csv.field_size_limit() == 1000
        big = tmp_path / "big.csv"
        big.write_text("text,label\n" + "".join(f"{'It may rain. ' * 11000}{i},1\n" for i in range(60)),
                       encoding="utf-8")
        errors: list[BaseException] = []

        def read() -> None:
            try:
                for _ in range(3):
                    assert len(list(read_csv(big))) == 60
            except BaseException as e:  # (reported below, in the test's thread)
                errors.append(e)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and csv.field_size_limit() == 1000
    finally:
        csv.field_size_limit(before)


def test_unnamed_columns_keep_their_cells(tmp_path):
    """Several unnamed columns were all called '' in meta: only the last cell was kept ({'': 'y'})."""
    p = tmp_path / "unnamed.csv"
    p.write_text("text,label,,\na,1,x,y\n", encoding="utf-8")
    assert [dict(r.meta) for r in load(p)] == [{"line": 2, "column:3": "x", "column:4": "y"}]
    t = tmp_path / "unnamed.tsv"
    t.write_text("\ttext\tlabel\t\nr1\ta\t1\tz\n", encoding="utf-8")
    assert [dict(r.meta) for r in load(t)] == [{"line": 2, "column:1": "r1", "column:4": "z"}]
    _refused(tmp_path / "clash.csv", "text,label,,column:3\na,1,x,y\n",
             r"clash\.csv, line 1: the header names a column 'column:3', the name hedgekit gives the unnamed "
             r"column 3")


def test_a_missing_text_column_names_the_key_that_holds_the_text(tmp_path):
    """A labelled file with Pei & Jurgens' 'finding' is a user's JSON Lines file: read without
    text_column it failed with no hint (found by a review)."""
    f = tmp_path / "pj.jsonl"
    f.write_text('{"finding": "It may rain.", "sentence-level-certainty": 4, "label": "uncertain"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="missing or empty text in column 'text'; is the text in 'finding'\\? pass "
                                          "text_column='finding' \\(on the command line --text-column finding\\)"):
        list(load_corpus(f))
    assert [s.label for s in load_corpus(f, text_column="finding")] == ["uncertain"]
    g = tmp_path / "empty.jsonl"
    g.write_text('{"text": " ", "finding": "It may rain.", "label": 1}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="missing or empty text in column 'text'$"):  # given, but empty: no hint
        list(load_corpus(g))
    # (a review) invisible characters alone are no text either: HedgeClassifier.fit refuses them too
    h = tmp_path / "zwsp.tsv"
    h.write_text("text\tlabel\nIt may rain.\tuncertain\n\u200b\u2060\tcertain\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="zwsp.tsv, line 3: no word in the text '\\\\u200b\\\\u2060' in column 'text'"):
        list(load_corpus(h))


# ------------------------------------------------------------------ a review (session 9): readers


def test_json_that_json_refuses_though_well_formed_is_a_corpus_error(tmp_path):
    """A number of more than 4,300 digits or arrays nested thousands deep made ``json`` raise a bare
    ValueError / RecursionError (a traceback from ``train --data``, no file named by ``benchmark``)."""
    big = "1" * 4301
    deep = "[" * 5000 + "]" * 5000
    _refused(tmp_path / "big.jsonl", f'{{"text": "a", "label": 1, "n": {big}}}\n',
             r"big\.jsonl, line 1: JSON that cannot be read: Exceeds the limit \(4300 digits\)[^;]*$")
    _refused(tmp_path / "deep.jsonl", f'{{"text": "It may rain.", "label": 1}}\n{{"text": "a", "x": {deep}}}\n',
             r"deep\.jsonl, line 2: JSON nested too deeply to read")
    _refused(tmp_path / "pj.jsonl", f'{{"finding": "a", "sentence-level-certainty": {big}}}\n',
             r"pj\.jsonl, line 1: JSON that cannot be read")
    _refused(tmp_path / "deep_first.jsonl", f'{{"text": "a", "x": {deep}}}\n', r"line 1: JSON nested too deeply")
    u = tmp_path / "speeches.json"
    u.write_text(f'[{{"Review_id": {big}, "Sentences": []}}]', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"speeches\.json: JSON that cannot be read"):
        load(u, format="unsc")


def test_json_values_nested_as_deeply_as_json_reads_are_kept(tmp_path):
    """Meta values are frozen (dicts and lists to tuples) without recursion: 900 levels were a
    RecursionError after json had read them."""
    p = tmp_path / "nested.jsonl"
    p.write_text('{"text": "It may rain.", "label": 1, "x": ' + "[" * 900 + '{"k": [1, {}]}' + "]" * 900 + "}\n",
                 encoding="utf-8")
    (rec,) = load(p)
    x = dict(rec.meta)["x"]
    for _ in range(900):
        (x,) = x
    assert x == (("k", (1, ())),)
    flat = tmp_path / "flat.jsonl"
    flat.write_text('{"text": "a", "label": 0, "x": {"b": [1, "c", {"d": null}], "e": {}}}\n', encoding="utf-8")
    assert dict(load(flat)[0].meta)["x"] == (("b", (1, "c", (("d", None),))), ("e", ()))


@pytest.mark.parametrize("name, data, line", [
    ("cr.csv", b"text,label\rfoo,1\rb\xffar,0\r", 3),  # CR-only line ends
    ("crlf.csv", b"text,label\r\nfoo,1\r\nb\xffar,0\r\n", 3),
    # UTF-16 by its byte-order mark: U+010A (bytes 0A 01) is no line break; a lone surrogate on line 3
    ("u16.csv", b"\xff\xfe" + "text,label\n\u010a x,1\n".encode("utf-16-le") + b"\x00\xd8" + "y,0\n".encode("utf-16-le"), 3),
    ("mac_certain.txt", b"It rained.\rIt may.\rb\xffad\r", 3),  # a sentence list of CR lines
    ("lf_certain.txt", b"It rained.\rIt may.\nb\xffad\n", 2),  # LF lines with a stray CR: 2 lines
])
def test_an_undecodable_byte_is_reported_on_its_line_whatever_the_line_ends(tmp_path, name, data, line):
    """The line of a bad byte was found by counting 0x0A bytes: "line 1" for every bad byte of a
    CR-only file, and in UTF-16 any character with a 0x0A byte counted as a line break."""
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(CorpusError, match=rf"{re.escape(name)}: not valid utf-\S+ text.* at line {line}: "):
        load(p)


def test_a_damaged_utf16_file_is_not_told_to_try_cp1252(tmp_path):
    p = tmp_path / "u16.csv"
    p.write_bytes(b"\xff\xfe" + "text,label\n".encode("utf-16-le") + b"\x00\xd8" + "y,0\n".encode("utf-16-le"))
    with pytest.raises(CorpusError, match=r"not valid utf-16 text at line 2: illegal UTF-16 surrogate; a damaged "
                                          r"file .* save it again as UTF-8, or name its own encoding$"):
        load(p)



def test_conll_list_skips_lines_of_invisible_characters_only(tmp_path) -> None:
    """A line holding only a zero-width space or a BOM was a labelled "sentence" with no word, which a
    benchmark counted (an audit): it is a blank line, as ``score --lines`` reads it."""
    f = tmp_path / "zw_uncertain.txt"
    f.write_text("It may rain.\n\u200b\n\ufeff\nIt might.\n", encoding="utf-8")
    got = list(load_corpus(f))
    assert [(s.text, s.label, dict(s.meta)["line"]) for s in got] == [("It may rain.", "uncertain", 1),
                                                                      ("It might.", "uncertain", 4)]


def test_a_stray_carriage_return_stays_inside_its_sentence_list_line(tmp_path):
    """The lines of a CoNLL-2010 list are those of ``hedgekit score --lines`` (and ``wc -l``): a lone CR
    split "It may\\rrain today." into two sentences, each labelled, every later line number one off.
    A file of CR line ends (old Mac) is still read a line per CR."""
    p = tmp_path / "x_uncertain.txt"
    p.write_bytes(b"It may\rrain today.\r\nIt rains.\n")
    assert [(r.text, dict(r.meta)["line"]) for r in load(p)] == [("It may\rrain today.", 1), ("It rains.", 2)]
    mac = tmp_path / "mac_uncertain.txt"
    mac.write_bytes(b"It may rain.\rIt rains.\r\rIt poured.\r")
    assert [(r.text, dict(r.meta)["line"]) for r in load(mac)] == [
        ("It may rain.", 1), ("It rains.", 2), ("It poured.", 4)]
    j = tmp_path / "j.jsonl"  # JSON allows a CR between tokens: the record stays one line
    j.write_bytes(b'{"text": "It may rain.",\r "label": 1}\n{"text": "It rained.", "label": 0}\n')
    assert [(r.text, dict(r.meta)["line"]) for r in load(j)] == [("It may rain.", 1), ("It rained.", 2)]


def test_a_szeged_file_with_lowercase_sentences_is_inferred_by_its_doctype(tmp_path):
    """Szeged's DTD names sentences <sentence>, as BioScope does; without a <ccue> in the first 64 KB
    the file was taken for BioScope and refused ("not a bioscope file")."""
    p = tmp_path / "lower.xml"
    body = "".join(f'<sentence id="s{i}">It rained on day {i}.</sentence>' for i in range(2000))  # > 64 KB
    p.write_text('<?xml version="1.0"?>\n<!DOCTYPE Annotation PUBLIC "-//Uncertainty//DTD  SCOPE ANNOTATION 1.0//EN" '
                 '"Uncertainty.dtd">\n<Annotation><Document><DocID>d</DocID><DocumentPart type="Text">' + body
                 + '<sentence id="last">It <ccue type="speculation_modal_probable_">may</ccue> rain.</sentence>'
                 "</DocumentPart></Document></Annotation>", encoding="utf-8")
    assert infer_format(p) == "szeged"
    recs = load(p)
    assert len(recs) == 2001 and recs[-1].label == "uncertain" and recs[-1].cues[0].category == "epistemic"


def test_an_sfu_sentence_inside_another_is_read_once(tmp_path):
    """A nested SENTENCE was read twice: inside the outer one's text, and again on its own."""
    p = tmp_path / "review.xml"
    p.write_text('<DOCUMENT><P><SENTENCE><W>A</W><SENTENCE><cue ID="1" type="speculation"><W>may</W></cue>'
                 '</SENTENCE><W>.</W></SENTENCE><SENTENCE><W>B</W><W>.</W></SENTENCE></P></DOCUMENT>', encoding="utf-8")
    assert [(r.text, r.label, dict(r.meta)["sentence_index"]) for r in load(p, format="sfu")] == [
        ("A may.", "uncertain", 1), ("B.", "certain", 2)]


@pytest.mark.parametrize("fmt, xml, match", [
    ("bioscope", '<Annotation><Document><DocID>d</DocID><sentence id="s1">A is.</sentence><sentence id="s2"> '
                 "</sentence></Document></Annotation>", r"<sentence id='s2'> of document 'd': a sentence with no text"),
    ("szeged", '<Annotation><Document><DocID>d</DocID><Sentence id="s1"/></Document></Annotation>',
     r"<Sentence id='s1'> of document 'd': a sentence with no text"),
    ("sfu", "<DOCUMENT><SENTENCE><W>A</W></SENTENCE><SENTENCE><W> </W></SENTENCE></DOCUMENT>",
     r"sentence 2: a sentence with no text"),
    ("bioscope", '<Annotation><Document><DocID>d</DocID><sentence id="s1">A is.</sentence><cue type="speculation">'
                 'might <sentence id="s2">B is.</sentence></cue></Document></Annotation>',
     r"a <cue> outside any sentence \(document 'd': 'might B is\.'\); a cue must be inside the sentence it marks"),
    ("szeged", '<Annotation><Document><DocID>d</DocID><Sentence id="s1">A is.</Sentence>'
               '<ccue type="speculation_modal_probable_">may</ccue></Document></Annotation>', r"a <ccue> outside any sentence"),
    ("sfu", '<DOCUMENT><cue ID="1" type="speculation"><SENTENCE><W>A</W></SENTENCE></cue></DOCUMENT>',
     r"a <cue> outside any sentence"),
])
def test_xml_sentences_without_text_and_cues_outside_sentences_are_refused(tmp_path, fmt, xml, match):
    """Both were read silently: an empty sentence as a certain one (the user formats refuse an empty
    text), and a cue around or between sentences was dropped (the sentence it meant read as certain)."""
    p = tmp_path / f"{fmt}.xml"
    p.write_text(xml, encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"{fmt}\.xml: .*{match}"):
        load(p, format=fmt)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_pipe_is_refused_not_read_as_empty(tmp_path) -> None:
    """A corpus given as a pipe (<(zcat x.jsonl.gz), a FIFO) was opened once to sniff it and again to
    read it: its records came out as none, or as "empty file" (a review). It is refused, saying why."""
    fifo = tmp_path / "corpus.jsonl"
    os.mkfifo(fifo)
    for fmt in (None, "jsonl", "csv", "bioscope"):
        with pytest.raises(CorpusError, match=r"not a regular file or a folder \(a pipe.*save it to a file first"):
            load_corpus(fifo, format=fmt)
    with pytest.raises(CorpusError, match="not a regular file or a folder"):
        infer_format(fifo)


# ------------------------------------------------------------------ (an audit of the readers)

CONLL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Annotation created="2010">
<DocumentSet><Document type="Wikipedia"><DocID>W1</DocID><DocumentPart type="Text">
<sentence certainty="uncertain" id="S1.1">These results <ccue>suggest</ccue> that X binds Y.</sentence>
<sentence certainty="certain" id="S1.2">X binds Z.</sentence>
<sentence certainty="uncertain" id="S1.3">Some say it rained.</sentence>
</DocumentPart></Document></DocumentSet></Annotation>
"""


def test_the_conll2010_shared_task_xml_is_read_with_its_labels(tmp_path) -> None:
    """The shared task's XML gives each sentence a certainty attribute and untyped <ccue>s: it was
    read as BioScope with every sentence certain (no <ccue>), or refused for a cue of type None."""
    path = tmp_path / "task1.xml"
    path.write_text(CONLL_XML, encoding="utf-8")
    assert infer_format(path) == "szeged"
    recs = load(path)
    check_offsets(recs)
    assert [r.label for r in recs] == ["uncertain", "certain", "uncertain"]  # (the third, by its attribute)
    assert [(c.text, c.category) for c in recs[0].cues] == [("suggest", "unspecified")]
    # cue-annotated: the sentences of a file that marks cues, but not an uncertain one without a cue
    # (its gold cues are not known), nor any in a file that marks none (a review: their cue scores were 0)
    assert [dict(r.meta)["cue_annotated"] for r in recs] == [True, True, False]
    from hedgekit.evaluate import evaluated_indices

    assert evaluated_indices(recs)[2] == [0, 1]
    nocue = tmp_path / "nocue.xml"
    nocue.write_text(CONLL_XML.replace("<ccue>suggest</ccue>", "suggest"), encoding="utf-8")
    assert infer_format(nocue) == "szeged" and [r.label for r in load(nocue)] == ["uncertain", "certain", "uncertain"]
    assert not any(dict(r.meta)["cue_annotated"] for r in load(nocue))
    from hedgekit.evaluate import evaluate

    assert "cues" not in evaluate(None, load(nocue), n_boot=0)
    with pytest.raises(CorpusError, match=r"not a bioscope file .*it looks like szeged"):
        load(nocue, format="bioscope")
    bad = tmp_path / "bad.xml"
    bad.write_text(CONLL_XML.replace('certainty="certain"', 'certainty="maybe"'), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"<sentence id='S1.2'> of document 'W1': certainty='maybe'; the CoNLL-2010 "
                                          r"layout's labels are 'certain' and 'uncertain'"):
        load(bad)
    # a Szeged file's untyped ccue (no certainty attribute) is still refused
    szeged = tmp_path / "szeged.xml"
    szeged.write_text(CONLL_XML.replace(' certainty="uncertain"', "").replace(' certainty="certain"', ""),
                      encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown cue type"):
        load(szeged)


def test_cue_level_scores_count_the_files_without_a_cue(tmp_path) -> None:
    """A BioScope or Szeged file whose sentences have no cue is annotated all the same: the cues a
    system finds there are false (they were left out of cue precision, which came out too high)."""
    from hedgekit.evaluate import evaluated_indices

    nocue = (FIX / "szeged" / "sample.xml").read_text(encoding="utf-8")
    nocue = re.sub(r"<ccue[^>]*>(.*?)</ccue>", r"\1", nocue)
    path = tmp_path / "nocue.xml"
    path.write_text(nocue, encoding="utf-8")
    recs = load(path, format="szeged")
    assert not any(r.cues for r in recs)
    assert all(dict(r.meta)["cue_annotated"] is True for r in recs)
    assert evaluated_indices(recs)[2] == list(range(len(recs)))
    for fixture in (FIX / "bioscope" / "sample.xml", FIX / "unsc" / "sample.json"):
        assert all(dict(r.meta)["cue_annotated"] is True for r in load(fixture))
    import hedgekit
    from hedgekit.benchmark import benchmark_corpus

    res = benchmark_corpus(path, hedgekit.Scorer(), format="szeged", n_boot=0)
    assert res["cues"]["exact"]["n_gold"] == 0 and res["cues"]["exact"]["fp"] == res["cues"]["exact"]["n_predicted"] > 0


def test_a_unsc_sentence_without_gold_hedges_is_refused(tmp_path) -> None:
    """A file of predicted hedges (no Gold_Hedges key) was read with every sentence certain."""
    path = tmp_path / "predicted.json"
    path.write_text(json.dumps([{"Review_id": "r1", "Sentences": [
        {"Sentence_id": 1, "Sentence": "We may agree.", "Predicted_Hedges": [{"Hedge": "may"}]}]}]), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"speech 'r1', sentence #0: no 'Gold_Hedges' list \(an empty list for a "
                                          r"sentence without a hedge\); its keys: Sentence_id, Sentence, Predicted_Hedges"):
        load(path, format="unsc")
    path.write_text(json.dumps([{"Review_id": "r1", "Sentences": [
        {"Sentence_id": 1, "Sentence": "We agree.", "Gold_Hedges": []}]}]), encoding="utf-8")
    assert [r.label for r in load(path, format="unsc")] == ["certain"]


def test_compressed_files_are_named_not_misread(tmp_path) -> None:
    """A gzip file was skipped in a folder without a word, 'cannot infer'-ed alone, and read with a
    forced format as text in a wrong encoding (advice that read its bytes as a header)."""
    import gzip
    import warnings

    (tmp_path / "plain.tsv").write_text("text\tlabel\nIt may rain.\tuncertain\n", encoding="utf-8")
    (tmp_path / "more.tsv.gz").write_bytes(gzip.compress(b"text\tlabel\nIt rained.\tcertain\n"))
    for fmt in (None, "tsv"):
        with pytest.warns(UserWarning, match=r"more\.tsv\.gz: skipped, a compressed file"):
            assert [r.text for r in load(tmp_path, format=fmt)] == ["It may rain."]
    for fmt in (None, "tsv", "csv", "jsonl", "bioscope", "conll-wiki"):
        with pytest.raises(CorpusError, match=r"more\.tsv\.gz: gzip-compressed, not text; decompress it first "
                                              r"\(e\.g\. gunzip -k more\.tsv\.gz\)"):
            load(tmp_path / "more.tsv.gz", format=fmt, **({"label": "certain"} if fmt == "conll-wiki" else {}))
    # gunzip refuses a name without its suffix ("unknown suffix -- ignored"): the advice is one that runs
    (tmp_path / "odd.csv").write_bytes(gzip.compress(b"text,label\nIt rained.,0\n"))
    with pytest.raises(CorpusError, match=r"odd\.csv: gzip-compressed, not text; decompress it first "
                                          r"\(e\.g\. gunzip -c odd\.csv > odd\.decompressed\.csv\)"):
        load(tmp_path / "odd.csv")
    # unxz takes no ".XZ" (gunzip does take ".GZ"): a review
    import lzma

    (tmp_path / "a.TSV.XZ").write_bytes(lzma.compress(b"text\tlabel\nIt rained.\t0\n"))
    with pytest.raises(CorpusError, match=r"\(e\.g\. unxz -c a\.TSV\.XZ > a\.TSV\.decompressed\.XZ\)"):
        load(tmp_path / "a.TSV.XZ", format="tsv")
    (tmp_path / "b.TSV.GZ").write_bytes(gzip.compress(b"text\tlabel\nIt rained.\t0\n"))
    with pytest.raises(CorpusError, match=r"\(e\.g\. gunzip -k b\.TSV\.GZ\)"):
        load(tmp_path / "b.TSV.GZ", format="tsv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load(tmp_path / "plain.tsv")) == 1
    import zipfile

    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as z:  # (an .xlsx is a zip: no "unzip" advice; a review)
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CorpusError, match=r"book\.xlsx: a spreadsheet or word-processor file, not text; save or export "
                                          r"it as CSV or TSV"):
        load(tmp_path / "book.xlsx", format="csv")


@pytest.mark.parametrize("content, looks", [
    ("text\tlabel\nIt may rain.\t1\n", r"a table with a header row \('text\\tlabel'\); read it as format='tsv'"),
    ('<?xml version="1.0"?>\n<Annotation/>\n', r"an XML file"),
    ('{"text": "It may rain.", "label": 1}\n', r"a JSON file"),
    ('{\n  "text": "It may rain.",\n  "label": 1\n}\n', r"a JSON file \('\{'\)"),  # pretty-printed
    ('[\n  {"text": "It may rain."}\n]\n', r"a JSON file \('\['\)"),
])
def test_a_sentence_list_refuses_a_file_of_another_format(tmp_path, content, looks) -> None:
    """format='conll-wiki' read any text file's lines as sentences: a TSV's header and rows, an XML
    file's tags, all labelled as the list's label."""
    path = tmp_path / "mine_uncertain.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 1: not a sentence list \(one sentence per line\): it looks like "
                       + looks):
        load(path, format="conll-wiki")


@pytest.mark.parametrize("first", ["Text, images and video are used.", "<b>Bold</b> is a tag.",
                                   "{{Infobox}} is a template.", "[citation needed] It rained.", "Label it clearly.",
                                   # a bracket alone before a sentence (a property test's "{": JSON's opening
                                   # only where the next line goes on as JSON does)
                                   "{", "["])
def test_a_sentence_list_keeps_sentences_that_look_like_markup(tmp_path, first) -> None:
    path = tmp_path / "list_uncertain.txt"
    path.write_text(first + "\nIt may rain.\n", encoding="utf-8")
    assert [r.text for r in load(path)] == [first, "It may rain."]


@pytest.mark.parametrize("name, fmt, guess", [("user/sample.jsonl", "csv", "jsonl"), ("user/sample.jsonl", "unsc", "jsonl"),
                                              ("bioscope/sample.xml", "tsv", "bioscope"), ("user/sample.tsv", "jsonl", None)])
def test_a_forced_format_that_fails_names_the_format_the_file_looks_like(name, fmt, guess) -> None:
    """format='csv' on a JSONL file said only "malformed CSV" or "Extra data" (an audit). Only the
    file's first bytes tell: a table's name is no sign of its format (a review)."""
    if guess is None:
        with pytest.raises(CorpusError) as e:
            load(FIX / name, format=fmt)
        assert "the file looks like" not in str(e.value)
        return
    with pytest.raises(CorpusError, match=rf"\(read as format='{fmt}'; the file looks like {guess}: format='{guess}', "
                                          r"or let the format be inferred\)\Z"):
        load(FIX / name, format=fmt)


def test_the_forced_format_hint_is_given_only_before_the_first_sentence_and_for_builtin_readers(tmp_path) -> None:
    """A CSV named like a CoNLL list with a bad row 4 was told it looked like conll-wiki; a registered
    reader's error was told the file looked like jsonl (a review)."""
    bad = tmp_path / "data_uncertain.txt"
    bad.write_text("text,label\nIt may rain.,1\nIt rained.,0\nOne,two,three\n", encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        load(bad, format="csv")
    assert "3 fields" in str(e.value) and "looks like" not in str(e.value)
    recs = tmp_path / "recs.jsonl"
    recs.write_text('{"text": "It may rain.", "label": 1}\n', encoding="utf-8")

    def mine(path, **options):
        raise CorpusError(f"{path}: not mine")
        yield  # pragma: no cover

    register_reader("mine-for-a-test", mine)
    try:
        with pytest.raises(CorpusError) as e:
            load(recs, format="mine-for-a-test")
        assert str(e.value) == f"{recs}: not mine"
    finally:
        READERS.pop("mine-for-a-test", None)


def test_a_json_document_id_written_as_a_whole_float_is_the_integer(tmp_path) -> None:
    """3 and 3.0 in a JSONL doc column were two documents, so folds could split one (an audit)."""
    path = tmp_path / "nd.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": "It may rain.", "label": 1, "doc": 3}, {"text": "It rained.", "label": 0, "doc": 3.0},
        {"text": "Fine.", "label": 0, "doc": "3"}, {"text": "Odd.", "label": 0, "doc": 3.5}]), encoding="utf-8")
    assert [s.doc_id for s in load(path, doc_column="doc")] == ["3", "3", "3", "3.5"]


def test_a_table_row_of_empty_cells_is_skipped_but_an_empty_text_with_a_label_is_refused(tmp_path) -> None:
    """As read_tsv's docstring says (it said any empty text was an error: an audit)."""
    f = tmp_path / "t.csv"
    f.write_text("text,label\nIt may rain.,1\n,\n , \nIt rained.,0\n", encoding="utf-8")
    assert [(s.text, dict(s.meta)["line"]) for s in load_corpus(f)] == [("It may rain.", 2), ("It rained.", 5)]
    f.write_text("text,label\nIt may rain.,1\n,1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 3: missing or empty text"):
        list(load_corpus(f))


def test_a_pei_jurgens_file_with_named_columns_reads_them(tmp_path: Path) -> None:
    """(an audit) a .jsonl of Pei & Jurgens records was read with the corpus's fixed fields whatever
    columns were named: `train --doc-column id` split every paper's findings across folds, without a
    word, and recorded a grouping it had not used. Named columns make it a table (read_as)."""
    import warnings

    from hedgekit.benchmark import benchmark_corpus
    from hedgekit.readers import read_as

    rows = [{"id": i // 2, "finding": f"Finding {i} may hold.", "sentence-level-certainty": 2.0 + i % 3}
            for i in range(6)]
    path = tmp_path / "pj.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    plain = list(load_corpus(path))
    assert infer_format(path) == "pei-jurgens" and {s.doc_id for s in plain} == {None}
    grouped = list(load_corpus(path, doc_column="id"))
    assert [s.text for s in grouped] == [s.text for s in plain] and [s.rating for s in grouped] == [s.rating for s in plain]
    assert [s.doc_id for s in grouped] == ["0", "0", "1", "1", "2", "2"] and grouped[0].source == "jsonl/pj.jsonl"
    assert [s.rating for s in load_corpus(path, rating_column="id")] == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]
    assert read_as("pei-jurgens", {"text_column": "x"}) == ("jsonl", {"text_column": "x",
                                                                       "rating_column": "sentence-level-certainty"})
    assert read_as("pei-jurgens", {}) == ("pei-jurgens", {}) and read_as("tsv", {"doc_column": "d"})[0] == "tsv"
    # a format named keeps its fixed fields; the benchmark no longer says the columns had no effect
    assert {s.doc_id for s in load_corpus(path, format="pei-jurgens", doc_column="id")} == {None}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = benchmark_corpus(path, None, doc_column="id", resample="documents", n_boot=50)
    assert report["n_documents"] == 3


def test_a_pei_jurgens_or_unsc_id_of_json_lists_is_read_hashable(tmp_path):
    """(a review) the readers put a record's id into meta as parsed: an id given as a list made the
    record unhashable (and, since AnnotatedSentence checks, refused with no file or line)."""
    pj = tmp_path / "pj.jsonl"
    pj.write_text('{"id": ["a", 1], "split": "train", "finding": "It may rain.", "sentence-level-certainty": 3}\n',
                  encoding="utf-8")
    (rec,) = load(pj, format="pei-jurgens")
    assert dict(rec.meta)["id"] == ("a", 1) and hash(rec)
    unsc = tmp_path / "u.json"
    unsc.write_text(json.dumps([{"Review_id": "r", "Sentences": [
        {"Sentence": "It may rain.", "Sentence_id": [1, 2], "Gold_Hedges": ["may"]}]}]), encoding="utf-8")
    (rec,) = load(unsc, format="unsc")
    assert dict(rec.meta)["sentence_id"] == (1, 2) and hash(rec)
