"""The ``hedgekit`` command: output formats, exact offsets, streaming, per-file errors, exit codes."""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import os
import shlex
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import hedgekit
from conftest import tiny_model
from hedgekit import cli, train

ROOT = Path(__file__).resolve().parents[1]

DOC = (
    "The drug may reduce mortality. It works in mice.\r\n"
    "It might, however, fail in humans – probably.\r\n"
    "\r\n"
    "  Reportedly, about 20 people died. Mr. Smith said so (café, naïve, 😀 emoji).\n"
    "\n"
    "\n"
    "This result is certain.\n"
    "Probably not."
)


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    p = tmp_path_factory.mktemp("model") / "tiny.json"
    tiny_model().save(p)
    return str(p)


@pytest.fixture(scope="session")
def scorer() -> hedgekit.Scorer:
    return hedgekit.Scorer(model=tiny_model())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = cli.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def has_shipped_model() -> bool:
    return (resources.files("hedgekit") / "data" / "model.json.gz").is_file()


# ------------------------------------------------------------------------------------------- score
def test_jsonl_is_default_off_a_terminal_and_offsets_are_exact(capsys, tmp_path, model_path, scorer) -> None:
    f = write(tmp_path, "doc.txt", DOC)
    rc, out, err = run(capsys, "score", "--model", model_path, str(f))
    assert rc == 0 and err == ""
    recs = jsonl(out)
    text = f.read_bytes().decode("utf-8")  # offsets are into the file as decoded, CRLF kept
    expect = scorer.score_text(text)
    assert [r["text"] for r in recs] == [s.text for s in expect]
    for r, s in zip(recs, expect):
        assert r["input"] == str(f)
        assert text[r["start"] : r["end"]] == r["text"]
        assert (r["start"], r["end"], r["label"]) == (s.start, s.end, s.label)
        assert (r["certainty"], r["p_uncertain"]) == (s.certainty, s.p_uncertain)  # unrounded
        assert r["label"] in ("certain", "uncertain")
        assert [c["text"] for c in r["cues"]] == [c.text for c in s.cues]
        # the keys of SentenceScore.to_dict() (the cues' with them), after "input"
        assert list(r) == ["input", *s.to_dict()] and r["threshold"] == s.threshold
        assert (r["label"] == "uncertain") == (r["p_uncertain"] >= r["threshold"])  # the numbers as the label saw them
        assert [c["pattern"] for c in r["cues"]] == [c.pattern for c in s.cues]
        for c in r["cues"]:
            assert set(c) == {"text", "start", "end", "category", "weight", "contribution", "pattern"}
            assert r["text"][c["start"] : c["end"]] == c["text"]
    assert recs[0]["label"] == "uncertain" and recs[1]["label"] == "certain"
    assert any("😀" in r["text"] for r in recs)


def test_streaming_in_small_blocks_gives_the_same_records(capsys, tmp_path, model_path, monkeypatch) -> None:
    f = write(tmp_path, "doc.txt", "\ufeff" + (DOC + "\n\n") * 5)
    rc, whole, _ = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(f))
    monkeypatch.setattr(cli, "BLOCK", 7)  # splits multi-byte characters and CRLFs across blocks
    rc2, small, _ = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(f))
    assert rc == rc2 == 0
    assert jsonl(small) == jsonl(whole)
    text = f.read_bytes().decode("utf-8")
    assert text[0] == "\ufeff"
    for r in jsonl(small):
        assert text[r["start"] : r["end"]] == r["text"] and "\ufeff" not in r["text"]


def test_streamed_text_splits_as_the_whole_text_does(scorer) -> None:
    """The command cuts its input into chunks after blank lines; an indented first list item of a
    chunk kept its "1." apart from its sentence, unlike score_text of the whole text."""
    text = "Steps.\n\n  1. Mix the drug. It may work.\n\n\ufeff2. Stir it."
    streamed = [(s.start, s.end, s.text) for s in cli.iter_text_scores(scorer.score_text, iter([text]))]
    assert streamed == [(s.start, s.end, s.text) for s in scorer.score_text(text)]
    assert [t for _, _, t in streamed][:3] == ["Steps.", "1. Mix the drug.", "It may work."]
    # (an audit: after two or more blank lines a chunk starts with a line break, and a byline or a
    # date line at its start was not one; nor after a blank line and a line of spaces, or with CRLF)
    for text in ("Officials may resign.\n\n\nBy Jane Doe\nThe minister said the plan could fail.\n",
                 "Officials may resign.\r\n\r\n\r\nSeptember 12, 2023\r\nThe minister said the plan could fail.\r\n",
                 "Text.\n\n  \nBy Jane Doe\nThe plan could fail.", "Text.\n\n\nMinister Quits Over Budget\nBy Jane Doe\n"
                 "The plan could fail."):
        streamed = [(s.start, s.end, s.text) for s in cli.iter_text_scores(scorer.score_text, iter([text]))]
        assert streamed == [(s.start, s.end, s.text) for s in scorer.score_text(text)]
        assert any(t in ("By Jane Doe", "September 12, 2023") for _, _, t in streamed)
    # (a review) the words after an abbreviation were read across the blank line, which the command's
    # chunks end at: "J. The Times" split or not by what the next paragraph said
    for text in ("Photo courtesy of J. The Times\n\nNew Trial Results\n", "Dr. It\n\nKim Arrives In Vladivostok",
                 "vitamin D. The\n\n By Jane Doe"):
        for blocks in ([text], [text[: text.index("\n\n") + 2], text[text.index("\n\n") + 2 :]]):
            streamed = [(s.start, s.end, s.text) for s in cli.iter_text_scores(scorer.score_text, iter(blocks))]
            assert streamed == [(s.start, s.end, s.text) for s in scorer.score_text(text)], (text, blocks)


def test_every_paragraph_break_of_the_splitter_ends_a_chunk(scorer) -> None:
    """The command knew only LF blank lines as paragraph breaks: a CR-only file, U+2029 and a line of
    a zero-width space were one paragraph to it, cut only past a million characters (a review). Each
    now ends a chunk; a CR at the end of a block waits for the next (a CRLF is no CR blank line)."""
    for sep in ("\r\r", "\r \r", "\u2029", "\n\u200b\n", "\r\n\r\n", "\n\n"):
        text = sep.join(f"It may rain on day {i}." for i in range(6))
        calls: list[str] = []

        def counted(t: str, offset: int = 0) -> list[hedgekit.SentenceScore]:
            calls.append(t)
            return scorer.score_text(t, offset=offset)

        whole = [(s.start, s.end, s.text) for s in scorer.score_text(text)]
        for size in (1, 2, 3, 7, len(text)):
            calls.clear()
            blocks = [text[i : i + size] for i in range(0, len(text), size)]
            assert [(s.start, s.end, s.text) for s in cli.iter_text_scores(counted, iter(blocks))] == whole, (sep, size)
            assert len(calls) == (6 if size < 10 else 2), (sep, size, calls)  # (a block's last break ends a chunk)
    # "\r\r" then "\n" in the next block: a CR line, then a blank CRLF line, which the splitter does
    # not take for a paragraph break; nor may the command
    text = "Kim Arrives In Vladivostok\r\r\nIt may rain. It may not."
    for cut in range(1, len(text)):
        streamed = cli.iter_text_scores(scorer.score_text, iter([text[:cut], text[cut:]]))
        assert [(s.start, s.end) for s in streamed] == [(s.start, s.end) for s in scorer.score_text(text)], cut


def test_a_long_paragraph_is_cut_where_the_whole_text_splits(scorer, monkeypatch) -> None:
    """Past MAX_CHUNK characters without a paragraph break (a file of one paragraph per line), the
    command cut at the start of the buffer's last sentence, decided without the words after it:
    "in the U.S. The|ory" was two sentences when a read ended inside "Theory" (a review). It now
    cuts at the start of a sentence that CUT_LOOKAHEAD characters follow, and gives the whole
    text's sentences however the input arrives."""
    monkeypatch.setattr(cli, "MAX_CHUNK", 2000)
    monkeypatch.setattr(cli, "CUT_LOOKAHEAD", 600)
    lines = [f"The results of trial {i} were clear." for i in range(300)]
    lines[150] = 'He lives in the U.S. Theory says so. He said "It rained. It may rain again."'
    text = "\n".join(lines) + "\n"
    whole = [(s.start, s.end, s.text) for s in scorer.score_text(text)]
    at = text.index("Theory") + 3
    for blocks in ([text[:at], text[at:]], [text[i : i + 997] for i in range(0, len(text), 997)]):
        assert [(s.start, s.end, s.text) for s in cli.iter_text_scores(scorer.score_text, iter(blocks))] == whole


def test_a_long_paragraph_without_an_early_sentence_start_is_cut_at_its_last_one(scorer, monkeypatch) -> None:
    """When no sentence starts early enough for CUT_LOOKAHEAD, the cut fell back to the last white
    space, inside an ordinary sentence ("It may" | "rain."; a review): it is at the last sentence's
    start then, as before."""
    monkeypatch.setattr(cli, "MAX_CHUNK", 2000)
    monkeypatch.setattr(cli, "CUT_LOOKAHEAD", 600)
    text = "x " * 1400 + ". Theory says so and it may rain today. " + "It may rain. " * 100
    got = [s.text for s in cli.iter_text_scores(scorer.score_text, iter([text[i : i + 997] for i in range(0, len(text), 997)]))]
    assert "It may" not in got and "rain." not in got and got.count("It may rain.") >= 99


def test_a_gigantic_paragraph_is_cut_at_sentence_boundaries(tmp_path, scorer, monkeypatch) -> None:
    monkeypatch.setattr(cli, "MAX_CHUNK", 300)
    monkeypatch.setattr(cli, "CUT_LOOKAHEAD", 100)
    sentences = [f"Sentence number {i} may well be true." for i in range(200)]
    text = " ".join(sentences) + "\n" + "x" * 1000 + " tail."
    blocks = (text[i : i + 50] for i in range(0, len(text), 50))
    out = list(cli.iter_text_scores(scorer.score_text, blocks))
    assert [s.text for s in out[:200]] == sentences
    pos = 0
    for s in out:
        assert text[s.start : s.end] == s.text and s.start >= pos
        pos = s.end
    assert "".join(text.split()) == "".join("".join(s.text for s in out).split())  # nothing dropped


def test_csv_and_tsv_parse(capsys, tmp_path, model_path) -> None:
    f = write(tmp_path, "doc.txt", DOC)
    text = f.read_bytes().decode("utf-8")
    _, ref, _ = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(f))
    ref_recs = jsonl(ref)
    rc, out, _ = run(capsys, "score", "--model", model_path, "--format", "csv", str(f))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["input", "start", "end", "certainty", "label", "p_uncertain", "text", "cues"]
    assert [r["text"] for r in rows] == [r["text"] for r in ref_recs]
    for row, rec in zip(rows, ref_recs):
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
        want = ";".join(f"{c['text']}@{c['start']}-{c['end']}:{c['category']}" for c in rec["cues"])
        assert row["cues"] == want
        assert float(row["certainty"]) == pytest.approx(rec["certainty"], abs=1e-6)
    assert "may@9-12:epistemic" in rows[0]["cues"]

    rc, out, _ = run(capsys, "score", "--model", model_path, "--format", "tsv", str(f))
    lines = out.splitlines()
    header = lines[0].split("\t")
    assert header == ["input", "start", "end", "certainty", "label", "p_uncertain", "text", "cues"]
    assert len(lines) == len(ref_recs) + 1
    unescape = lambda s: s.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")  # noqa: E731
    for line, rec in zip(lines[1:], ref_recs):
        cells = line.split("\t")
        assert len(cells) == len(header)
        assert unescape(cells[6]) == rec["text"]  # sentences spanning a CRLF come back whole


def test_score_tsv_reads_back_as_a_corpus_with_its_escapes_undone(capsys, tmp_path, model_path) -> None:
    """Scored TSV is a corpus to correct by hand and train on (its label column); the reader kept its
    escapes (a sentence's "C:\\temp" came back with two backslashes, a tab as the two letters "\\t")."""
    text = "Files in C:\\temp\\new may be lost.\tIt rained.\nThe lines\u2028may split here.\n"
    f = write(tmp_path, "doc.txt", text)
    for flags in ((), ("--lines",)):
        _, ref, _ = run(capsys, "score", "--model", model_path, "-f", "jsonl", *flags, str(f))
        rc, out, _ = run(capsys, "score", "--model", model_path, "-f", "tsv", *flags, str(f))
        scored = write(tmp_path, "scored.tsv", out)
        back = list(hedgekit.load_corpus(scored))
        assert [r.text for r in back] == [r["text"] for r in jsonl(ref)]
        assert "C:\\temp\\new" in back[0].text and "\u2028" in back[-1].text
        assert [r.label for r in back] == [r["label"] for r in jsonl(ref)]
    # a NUL past the first 8 KB (the binary-file sniff) went into the TSV raw, which the reader refuses
    f = write(tmp_path, "nul.txt", "Filler sentence here.\n" * 500 + "It may\x00 rain.\n")
    rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", "tsv", str(f))
    assert rc == 0 and "\x00" not in out and "\\x00" in out
    assert list(hedgekit.load_corpus(write(tmp_path, "nul.tsv", out)))[-1].text == "It may\x00 rain."
    from hedgekit.readers import _tsv_unescape

    # a sentence that starts with a quote: hedgekit refused its own table ("looks quoted the CSV way"),
    # and pandas and spreadsheets merged the following rows into one quoted cell
    f = write(tmp_path, "quotes.txt", '"He said ""maybe"" twice"\n"It may rain tomorrow, and then it will stop.\n\n'
                                      'It will pour. He said "no" to it.\n\nPerhaps so.\n')
    for flags in ((), ("--lines",)):
        _, ref, _ = run(capsys, "score", "--model", model_path, "-f", "jsonl", *flags, str(f))
        rc, out, _ = run(capsys, "score", "--model", model_path, "-f", "tsv", *flags, str(f))
        texts = [r["text"] for r in jsonl(ref) if r["text"].strip()]
        assert rc == 0 and texts[0].startswith('"') and len(texts) >= 4
        assert [r.text for r in hedgekit.load_corpus(write(tmp_path, "q.tsv", out))] == texts
        rows = list(csv.DictReader(io.StringIO(out), delimiter="\t"))
        assert [_tsv_unescape(r["text"]) for r in rows if r["text"].strip()] == texts
        pd = pytest.importorskip("pandas")
        table = pd.read_csv(io.StringIO(out), sep="\t", keep_default_na=False)
        assert len(table) == len(rows)
    plain = write(tmp_path, "plain.tsv", "text\tlabel\nIt may be in C:\\\\temp\\n.\t1\n")  # not hedgekit's: kept as it is
    assert [r.text for r in hedgekit.load_corpus(plain)] == ["It may be in C:\\\\temp\\n."]


def test_score_lines_table_with_an_invisible_only_line_reads_back_without_it(capsys, tmp_path, model_path) -> None:
    """A line of invisible characters only (a zero-width space, a BOM) is blank to ``score --lines``,
    which writes it without a score; the readers took only white space for blank and refused its
    record as a sentence with no word (an audit)."""
    f = write(tmp_path, "zw.txt", "It may rain.\n\u200b\n\ufeff\u200b \nIt rained.\n")
    for fmt in ("tsv", "csv", "jsonl"):
        rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", fmt, str(f))
        assert rc == 0
        back = list(hedgekit.load_corpus(write(tmp_path, f"zw.{fmt}", out)))
        assert [(r.text, r.label) for r in back] == [("It may rain.", "uncertain"), ("It rained.", "certain")]
        assert [int(dict(r.meta)["column:line"]) for r in back] == [1, 4]


def test_score_lines_gives_a_list_marker_alone_no_score_and_reads_back_without_it(capsys, tmp_path,
                                                                                 model_path) -> None:
    """A line "-", "•" or "2." was written certainty 1.000000, certain: the score of no word, which
    the default end_mark reads a marker alone as, counted in a mean taken from the output (an audit).
    It gets no score now, and reads back as a blank line; with --no-end-mark it is scored as written
    and reads back as a sentence."""
    f = write(tmp_path, "marks.txt", "-\n\u2022\n2.\n\n...\nIt may.\n")
    for fmt in ("csv", "tsv", "jsonl"):
        rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", fmt, str(f))
        assert rc == 0
        if fmt == "jsonl":
            recs = [json.loads(r) for r in out.splitlines()]
            assert [r["label"] for r in recs] == [None, None, None, None, "certain", "uncertain"]
        else:
            rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))[1:]
            assert [r[5] for r in rows] == ["", "", "", "", "certain", "uncertain"]
        back = list(hedgekit.load_corpus(write(tmp_path, f"marks.{fmt}", out)))
        assert [r.text for r in back] == ["...", "It may."]
        rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "--no-end-mark", "-f", fmt, str(f))
        back = list(hedgekit.load_corpus(write(tmp_path, f"plain.{fmt}", out)))
        assert [r.text for r in back] == ["-", "\u2022", "2.", "...", "It may."]
    rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", "table", str(f))
    assert [line.split()[1:3] for line in out.splitlines()[1:4]] == [["-", "-"]] * 3
    # without --lines too: a marker left alone in running text is written unscored, and a table read
    # back skips it, as it skips a blank --lines line (it came back as an unlabelled sentence: a review)
    doc = write(tmp_path, "doc.txt", "Key risks:\n- It may rain.\n-\n- It rained.\n\nSteps\n1. Mix it.\n2.\n3. Wait.\n")
    for fmt in ("csv", "tsv", "jsonl"):
        rc, out, _ = run(capsys, "score", "--model", model_path, "-f", fmt, str(doc))
        back = list(hedgekit.load_corpus(write(tmp_path, f"doc.{fmt}", out)))
        assert "-" not in [r.text for r in back] and "2." not in [r.text for r in back], fmt
        assert all(r.label is not None for r in back) and len(back) == 6, [r.text for r in back]
    rec = json.loads(run(capsys, "score", "--model", model_path, "--lines", "-f", "jsonl", str(f))[1].splitlines()[0])
    assert hedgekit.SentenceScore.from_dict(rec).certainty == 1.0  # (null scores read back, as a blank line's)


def test_score_lines_table_with_blank_lines_reads_back_without_them(capsys, tmp_path, model_path) -> None:
    """``score --lines`` keeps a record for each blank line (empty text or white space, which TSV
    writes escaped); read back as a corpus (TSV, CSV, JSON Lines) those records are skipped, the
    sentences keep their order and file lines. An empty text anywhere else stays an error: in a
    file hedgekit did not write, in its table without ``--lines``, or read through another column."""
    f = write(tmp_path, "lines.txt", "The drug may reduce mortality.\n\n \t\x0b\nThe drug reduced mortality.\n")
    for fmt in ("tsv", "csv", "jsonl"):
        rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", fmt, str(f))
        rows = list(csv.reader(io.StringIO(out))) if fmt == "csv" else out.split("\n")[:-1]
        assert rc == 0 and len(rows) == 4 + (fmt != "jsonl")  # every line, the blank ones included
        # ... with no certainty, P(uncertain) or label (a blank line counted as certain, 1.0, in a
        # mean or a count taken from the output; hedgekit.pandas gives it NaN: an audit)
        if fmt == "jsonl":
            blank = [json.loads(r) for r in rows[1:3]]
            assert [(r["certainty"], r["p_uncertain"], r["label"]) for r in blank] == [(None, None, None)] * 2
        else:
            for r in (rows[2:4] if fmt == "csv" else [row.split("\t") for row in rows[2:4]]):
                assert r[4:7] == ["", "", ""], r
        scored = write(tmp_path, f"scored.{fmt}", out)
        back = list(hedgekit.load_corpus(scored))
        assert [r.text for r in back] == ["The drug may reduce mortality.", "The drug reduced mortality."]
        assert [r.label for r in back] == ["uncertain", "certain"]
        assert [int(dict(r.meta)["column:line"]) for r in back] == [1, 4]
        assert [dict(r.meta)["line"] for r in back] == ([2, 5] if fmt != "jsonl" else [1, 4])
        if fmt != "jsonl":
            with pytest.raises(hedgekit.CorpusError, match="line 3: missing or empty text in column 'cues'"):
                list(hedgekit.load_corpus(scored, text_column="cues"))
    rc, out, _ = run(capsys, "score", "--model", model_path, "-f", "tsv", str(f))
    edited = write(tmp_path, "edited.tsv", out.replace("The drug reduced mortality.", "", 1))
    with pytest.raises(hedgekit.CorpusError, match="line 3: missing or empty text"):
        list(hedgekit.load_corpus(edited))
    mine = write(tmp_path, "mine.tsv", "text\tlabel\nIt may rain.\t1\n\t0\n")
    with pytest.raises(hedgekit.CorpusError, match=r"line 3: missing or empty text"):
        list(hedgekit.load_corpus(mine))


def test_table_fits_the_terminal(capsys, tmp_path, model_path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    f = write(tmp_path, "doc.txt", DOC + " " + "A very long sentence that goes on " * 10 + "and may end.")
    rc, out, _ = run(capsys, "score", "--model", model_path, "--format", "table", str(f))
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["cert", "label", "sentence"]
    assert all(len(line) <= 80 for line in lines)
    assert any(line.startswith("0.") and "uncertain" in line and "may" in line for line in lines)
    assert any("…" in line for line in lines)


def test_tables_do_not_pass_control_characters_to_the_terminal(capsys, tmp_path, model_path) -> None:
    """An escape sequence in the input (clear the screen, colours) or a bidirectional override is shown
    escaped in a table, never sent to the terminal; JSON Lines keep the text as it is."""
    f = write(tmp_path, "t.txt", "\x1b[31mRED may\x1b[0m ok.\nIt might\x1b[2J rain \u202eevil.\n")
    rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", "table", str(f))
    assert rc == 0 and "\x1b" not in out and "\\x1b[31mRED may\\x1b[0m ok." in out
    assert "\u202e" not in out and "\\u202eevil." in out
    rc, out, _ = run(capsys, "cues", "-f", "table", str(f))
    assert rc == 0 and "\x1b" not in out and "It might\\x1b[2J rain \\u202eevil." in out
    rc, out, _ = run(capsys, "score", "--model", model_path, "--lines", "-f", "jsonl", str(f))
    assert jsonl(out)[0]["text"] == "\x1b[31mRED may\x1b[0m ok."


def test_lines_one_record_per_line(capsys, tmp_path, model_path) -> None:
    data = "\ufeffIt may rain.\r\n\r\n  \nIt rained. It stopped.\n\nProbably.\r\nlast line without newline"
    f = write(tmp_path, "lines.txt", data)
    rc, out, _ = run(capsys, "score", "--lines", "--model", model_path, "-f", "jsonl", str(f))
    assert rc == 0
    recs = jsonl(out)
    text = f.read_bytes().decode("utf-8")
    expected_lines = data[1:].split("\n")
    assert [r["line"] for r in recs] == list(range(1, len(expected_lines) + 1))
    assert [r["text"] for r in recs] == [x.removesuffix("\r") for x in expected_lines]
    for r in recs:
        assert text[r["start"] : r["end"]] == r["text"]
    assert recs[0]["start"] == 1  # after the byte-order mark
    assert recs[1]["text"] == "" and recs[2]["text"] == "  "
    assert recs[0]["label"] == "uncertain" and recs[3]["label"] == "certain"

    # a final line break does not make an extra record; CSV has the line column
    f2 = write(tmp_path, "l2.txt", "a\n\nb\n")
    rc, out, _ = run(capsys, "score", "--lines", "--model", model_path, "-f", "csv", str(f2))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["line"], r["text"]) for r in rows] == [("1", "a"), ("2", ""), ("3", "b")]


def test_lines_in_small_blocks(capsys, tmp_path, model_path, monkeypatch) -> None:
    data = "".join(f"Line {i} may be é.\r\n" if i % 3 else "\n" for i in range(50))
    f = write(tmp_path, "l.txt", data)
    monkeypatch.setattr(cli, "BLOCK", 5)
    rc, out, _ = run(capsys, "score", "--lines", "--model", model_path, "-f", "jsonl", str(f))
    recs = jsonl(out)
    assert len(recs) == 50
    for r in recs:
        assert data[r["start"] : r["end"]] == r["text"] and "\r" not in r["text"]


def test_stdin(capsys, model_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("It may rain.\n\nIt rained.".encode())))
    rc, out, _ = run(capsys, "score", "--model", model_path)
    assert rc == 0
    assert [(r["input"], r["text"]) for r in jsonl(out)] == [("-", "It may rain."), ("-", "It rained.")]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\nb\n"))  # no .buffer: read as text
    rc, out, _ = run(capsys, "score", "--lines", "--model", model_path, "-")
    assert [r["text"] for r in jsonl(out)] == ["a", "b"]


def test_bad_files_are_reported_and_the_others_scored(capsys, tmp_path, model_path) -> None:
    good = write(tmp_path, "good.txt", "It may rain.")
    binary = write(tmp_path, "bin.dat", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin = write(tmp_path, "latin.txt", "Le café est peut-être fermé.".encode("latin-1"))
    good2 = write(tmp_path, "good2.txt", "It rained.")
    missing = tmp_path / "missing.txt"
    folder = tmp_path / "folder"
    folder.mkdir()
    args = [str(p) for p in (good, missing, binary, latin, folder, good2)]
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", *args)
    assert rc == 1
    assert [r["input"] for r in jsonl(out)] == [str(good), str(good2)]
    lines = err.splitlines()
    assert len(lines) == 4
    assert lines[0] == f"hedgekit: error: {missing}: no such file"
    assert lines[1].startswith(f"hedgekit: error: {binary}: binary file")
    assert lines[2].startswith(f"hedgekit: error: {latin}: not valid utf-8") and "--encoding" in lines[2]
    assert "0xe9" in lines[2]
    assert lines[3] == f"hedgekit: error: {folder}: is a folder; give the text files in it (e.g. DIR/*.txt)"
    assert "Traceback" not in err

    rc, out, err = run(capsys, "score", "--model", model_path, "--encoding", "latin-1", str(latin))
    assert rc == 0 and err == ""
    assert jsonl(out)[0]["text"] == "Le café est peut-être fermé."
    # the hint names cp1252 (a review: latin-1 read Windows quotes as C1 controls, losing the cue "It's
    # possible that"), and latin-1 for the bytes cp1252 leaves undefined
    win = write(tmp_path, "win.txt", b"It\x92s possible that the drug works.\n")
    rc, _, err = run(capsys, "score", "--model", model_path, str(win))
    assert rc == 1 and "--encoding cp1252" in err
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", "--encoding", "cp1252", str(win))
    assert rc == 0 and jsonl(out)[0]["text"] == "It’s possible that the drug works."
    odd = write(tmp_path, "odd.txt", b"It may rain\x81.\n")
    rc, _, err = run(capsys, "score", "--model", model_path, "--encoding", "cp1252", str(odd))
    assert rc == 1 and "pass --encoding latin-1" in err

    # an encoding that decodes to a lone surrogate (UTF-7's "+2AA-") is an error line, for every output
    # format and command (it was a UnicodeEncodeError traceback at the write); the next file is read
    u7 = write(tmp_path, "u7.txt", b"It may rain +2AA- today.\n")
    fine = write(tmp_path, "fine.txt", b"It may rain +AGEAYgBj- today.\n")
    for cmd in (("score", "-f", "jsonl"), ("score", "-f", "tsv"), ("cues",), ("highlight", "-o", str(tmp_path / "h.html"))):
        files = [str(u7)] if cmd[0] == "highlight" else [str(u7), str(fine)]  # (highlight takes one input)
        rc, out, err = run(capsys, *cmd, "--encoding", "utf-7", *files)
        assert rc == 1 and err.startswith(f"hedgekit: error: {u7}: not valid utf-7 text: it decodes to a lone "
                                          "surrogate (U+D800)"), (cmd, err)
        assert "Traceback" not in err and (cmd[0] == "highlight" or "abc" in out), cmd
    # UTF-16 without a byte-order mark: one line that says how to name the byte order; the next file is read
    u16 = write(tmp_path, "u16.txt", "It may rain.\n".encode("utf-16-le"))
    u16bom = write(tmp_path, "u16bom.txt", "It may rain.\n".encode("utf-16"))
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", "--encoding", "utf-16", str(u16),
                       str(u16bom))
    assert rc == 1 and [r["input"] for r in jsonl(out)] == [str(u16bom)]
    assert err == f"hedgekit: error: {u16}: not valid utf-16 text (UTF-16 stream does not start with BOM); " \
                  "it looks like utf-16-le text, every other byte NUL: pass --encoding utf-16-le\n"
    # ... and a UTF-8 file read as UTF-16 is told it is none: a byte order named on the advice read it
    # as CJK mojibake without an error (an audit)
    u8 = write(tmp_path, "u8.txt", "It may rain in the hills today.\n".encode("utf-8"))
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", "--encoding", "utf-16", str(u8))
    assert rc == 1 and err == f"hedgekit: error: {u8}: not valid utf-16 text (UTF-16 stream does not start with " \
                              "BOM); it does not look like UTF-16 (no NUL byte, which UTF-16 text of Latin letters, " \
                              "digits or spaces has): leave --encoding out for UTF-8, or name the file's own encoding\n"
    # ... but UTF-16 text of another script (few NUL bytes, none in every other place) keeps the
    # byte-order advice (a review: it was told it was no UTF-16)
    ru = write(tmp_path, "ru16.txt", "Возможно, пойдёт дождь. Это так.\n".encode("utf-16-le"))
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", "--encoding", "utf-16", str(ru))
    assert rc == 1 and err.endswith("name the byte order: --encoding utf-16-le or utf-16-be\n"), err
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", "--encoding", "utf-16-le", str(u16))
    assert rc == 0 and jsonl(out)[0]["text"] == "It may rain."
    # without --encoding, a UTF-16 or UTF-32 byte-order mark names the encoding (Notepad's "Unicode",
    # PowerShell); it was refused as a binary file. Named wrongly, the error says so.
    u32bom = write(tmp_path, "u32bom.txt", "It may rain. It is hot.\n".encode("utf-32"))
    u16be = write(tmp_path, "u16be.txt", codecs.BOM_UTF16_BE + "It may rain.\n".encode("utf-16-be"))
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(u16bom), str(u32bom), str(u16be))
    assert rc == 0 and err == ""
    assert [(r["input"], r["text"], r["start"]) for r in jsonl(out)] == [
        (str(u16bom), "It may rain.", 0), (str(u32bom), "It may rain.", 0), (str(u32bom), "It is hot.", 13),
        (str(u16be), "It may rain.", 0)]
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(u16))  # no mark: as before
    assert rc == 1 and "binary file" in err
    rc, out, err = run(capsys, "score", "--model", model_path, "--encoding", "utf-8", str(u16bom))  # never UTF-8
    assert rc == 0 and err == "" and jsonl(out)[0]["text"] == "It may rain."
    rc, out, err = run(capsys, "score", "--model", model_path, "--encoding", "latin-1", str(u16bom))
    assert rc == 1 and err == (f"hedgekit: error: {u16bom}: UTF-16 text (it starts with a UTF-16 byte-order mark), "
                               "not latin-1; leave --encoding out or pass --encoding utf-16\n")
    # so do train --data and benchmark --corpus (Excel's "Unicode Text" export is UTF-16 with a mark)
    table = write(tmp_path, "u16.tsv", ("text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                                        + "".join(f"{t}\tcertain\n" for t in PLAIN)).encode("utf-16"))
    rc, out, err = run(capsys, "benchmark", "--corpus", str(table), "--model", model_path, "--n-boot", "0", "--json")
    assert rc == 0 and json.loads(out)["n"] == len(HEDGED) + len(PLAIN), err
    rc, out, err = run(capsys, "train", "--data", str(table), "--out", str(tmp_path / "m16.json"), "-q")
    assert rc == 0, err
    rc, out, err = run(capsys, "highlight", "--model", model_path, str(u16bom))
    assert rc == 0 and "may" in out


def test_usage_errors_exit_2(capsys, tmp_path, model_path) -> None:
    f = write(tmp_path, "a.txt", "x")
    for argv in (
        [],
        ["frobnicate"],
        ["score", "--format", "xml", str(f)],
        ["score", "--threshold", "1.5", str(f)],
        ["score", "--threshold", "abc", str(f)],
        ["score", "--encoding", "no-such-codec", str(f)],
        ["score", "--encoding", "rot13", str(f)],  # codecs that are not bytes -> text
        ["cues", "--encoding", "base64", str(f)],
        ["score", "--no-such-option"],
        ["lexicon", "show", "nonsense"],
        ["lexicon", "search"],
        ["train", "--out", str(tmp_path / "m.json")],
        ["train", "--data", str(f), "--corpora", str(tmp_path), "--out", str(tmp_path / "m.json")],
        ["highlight"],
    ):
        rc, _, err = run(capsys, *argv)
        assert rc == 2, argv
        assert "usage:" in err or "error:" in err
    rc, _, err = run(capsys, "score", "--threshold", "1.5", str(f))
    assert "argument --threshold: the threshold must be a number in (0, 1), got 1.5" in err


def test_help_has_examples_for_every_command(capsys) -> None:
    for cmd in ([], ["score"], ["highlight"], ["lexicon"], ["train"]):
        rc, out, _ = run(capsys, *cmd, "--help")
        assert rc == 0
        assert "examples:" in out and "hedgekit" in out
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and hedgekit.__version__ in out
    _, out, _ = run(capsys, "train", "--help")  # the epilog states the rule with the library's constants
    assert f"within {train.THRESHOLD_TOLERANCE} of the best, over {train.THRESHOLD_REPEATS} cross-validations" in out


def test_threshold_changes_labels(capsys, tmp_path, model_path) -> None:
    f = write(tmp_path, "a.txt", "It may rain.\nIt rained.\n")
    _, out, _ = run(capsys, "score", "--lines", "--model", model_path, str(f))
    assert [r["label"] for r in jsonl(out)] == ["uncertain", "certain"]
    _, out, _ = run(capsys, "score", "--lines", "--model", model_path, "--threshold", "0.05", str(f))
    assert [r["label"] for r in jsonl(out)] == ["uncertain", "uncertain"]
    _, out, _ = run(capsys, "score", "--lines", "--model", model_path, "--threshold", "0.99", str(f))
    assert [r["label"] for r in jsonl(out)] == ["certain", "certain"]


def test_bad_model_file_is_one_error_line(capsys, tmp_path) -> None:
    f = write(tmp_path, "a.txt", "x")
    bad = write(tmp_path, "bad.json", "{not json")
    rc, out, err = run(capsys, "score", "--model", str(bad), str(f))
    assert rc == 1 and out == ""
    assert err.startswith("hedgekit: error: ") and len(err.splitlines()) == 1
    rc, _, err = run(capsys, "score", "--model", str(tmp_path / "nope.json"), str(f))
    assert rc == 1 and "nope.json" in err and "Traceback" not in err


@pytest.mark.skipif(not has_shipped_model(), reason="the shipped model is not built yet")
def test_expert_option_scores_with_one_expert(capsys, tmp_path) -> None:
    lines = ["These results suggest that the drug may reduce mortality.", "The drug reduced mortality by 30%."]
    f = write(tmp_path, "findings.txt", "\n".join(lines) + "\n")
    for expert in ("science", "conll-wiki"):
        rc, out, _ = run(capsys, "score", "--lines", "--expert", expert, str(f))
        expect = hedgekit.Scorer(expert=expert).score(lines)
        assert rc == 0
        assert [r["p_uncertain"] for r in jsonl(out)] == pytest.approx([s.p_uncertain for s in expect], abs=1e-6)
    rc, out, _ = run(capsys, "highlight", "--expert", "science", str(f), "-o", str(tmp_path / "h.html"))
    assert rc == 0 and (tmp_path / "h.html").is_file()
    rc, out, err = run(capsys, "score", "--expert", "nope", str(f))
    assert rc == 1 and out == "" and len(err.splitlines()) == 1
    assert "unknown expert 'nope'" in err and "'science'" in err


@pytest.mark.skipif(not has_shipped_model(), reason="the shipped model is not built yet")
def test_default_model(capsys, tmp_path) -> None:
    f = write(tmp_path, "a.txt", "The drug may reduce mortality. The drug reduced mortality.")
    rc, out, _ = run(capsys, "score", str(f))
    assert rc == 0
    recs = jsonl(out)
    assert [r["text"] for r in recs] == ["The drug may reduce mortality.", "The drug reduced mortality."]
    assert recs[0]["certainty"] < recs[1]["certainty"]
    rc, out, _ = run(capsys, "highlight", str(f), "-o", str(tmp_path / "a.html"))
    assert rc == 0 and "<mark" in (tmp_path / "a.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------- highlight
def test_highlight_command(capsys, tmp_path, model_path) -> None:
    f = write(tmp_path, "doc.txt", "It may rain <b>today</b>.\n\nIt rained.")
    out_html = tmp_path / "report.html"
    rc, out, err = run(capsys, "highlight", str(f), "-o", str(out_html), "--title", "My <report>",
                       "--model", model_path)
    assert rc == 0 and out == ""
    page = out_html.read_text(encoding="utf-8")
    assert "<title>My &lt;report&gt;</title>" in page
    assert '<mark class="cue cat-epistemic"' in page and "&lt;b&gt;today&lt;/b&gt;" in page
    rc, out, _ = run(capsys, "highlight", str(f), "--model", model_path)  # no -o: stdout
    assert rc == 0 and out.startswith("<!DOCTYPE html>")
    rc, _, err = run(capsys, "highlight", str(tmp_path / "nope.txt"), "-o", str(out_html), "--model", model_path)
    assert rc == 1 and err.startswith("hedgekit: error: ") and "no such file" in err


# ------------------------------------------------------------------------------------------- lexicon
def test_lexicon_commands(capsys, tmp_path) -> None:
    lex = hedgekit.load_lexicon()
    rc, out, _ = run(capsys, "lexicon")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split() == ["pattern", "category", "weight", "source"]
    assert len(lines) == len(lex) + 1

    rc, out, _ = run(capsys, "lexicon", "list", "--format", "tsv")
    rows = list(csv.reader(io.StringIO(out), delimiter="\t"))
    assert rows[0] == ["pattern", "category", "weight", "source", "note"]
    assert [r[0] for r in rows[1:]] == [e.pattern for e in lex]
    assert all(len(r) == 5 for r in rows)
    # the export is the lexicon file itself: it loads, with the shipped hash, and the model takes it
    exported = write(tmp_path, "exported.tsv", out)
    assert out == lex.tsv_text() and hedgekit.load_lexicon(exported).hash == lex.hash
    assert hedgekit.Scorer(lexicon=str(exported)).score_sentence("It may rain.").label == "uncertain"

    rc, out, _ = run(capsys, "lexicon", "search", "believ", "-f", "tsv")
    pats = [line.split("\t")[0] for line in out.splitlines()[1:]]
    assert rc == 0 and pats and all("believ" in p for p in pats)
    assert pats == [e.pattern for e in lex.search("believ")]
    # (an audit) an option between the action and its word: the word is still the search's
    assert run(capsys, "lexicon", "search", "-f", "tsv", "believ")[1] == out
    rc, shown, _ = run(capsys, "lexicon", "show", "--lexicon", str(exported), "booster", "-f", "tsv")
    assert rc == 0 and {line.split("\t")[1] for line in shown.splitlines()[1:]} == {"booster"}
    rc, _, err = run(capsys, "lexicon", "search", "\u200b")
    assert rc == 2 and "'search' needs TEXT: '\\u200b' holds nothing to search for" in err

    rc, out, _ = run(capsys, "lexicon", "show", "hearsay", "--format", "tsv")
    cats = {line.split("\t")[1] for line in out.splitlines()[1:]}
    assert rc == 0 and cats == {"hearsay"}

    rc, out, err = run(capsys, "lexicon", "search", "zzzqqq")
    assert rc == 1 and "no lexicon row" in err

    custom = tmp_path / "lex.tsv"
    custom.write_text("pattern\tcategory\tweight\tsource\tnote\nfoo bar\tweasel\t0.5\tuser\t\n", encoding="utf-8")
    rc, out, _ = run(capsys, "lexicon", "--lexicon", str(custom), "-f", "tsv")
    assert out.splitlines()[1:] == ["foo bar\tweasel\t0.5\tuser\t"]
    bad = write(tmp_path, "bad.tsv", "not a lexicon\n")
    rc, _, err = run(capsys, "lexicon", "--lexicon", str(bad))
    assert rc == 1 and err.startswith("hedgekit: error: ")
    for argv in (["lexicon", "--lexicon="], ["train", "--data", str(bad), "--lexicon=", "--out", str(tmp_path / "m.json")],
                 ["benchmark", "--corpus="]):
        rc, _, err = run(capsys, *argv)  # an empty path: one line, no traceback
        assert rc == 1 and err.startswith("hedgekit: error: ") and len(err.splitlines()) == 1, (argv, err)


# ------------------------------------------------------------------------------------------- train
HEDGED = [
    "The treatment may improve survival.", "It might rain later today.", "The drug probably works.",
    "These results suggest a possible link.", "The protein may bind to DNA.", "Prices might rise next year.",
    "The effect is probably small.", "He may have left already.", "This might explain the delay.",
    "The virus may spread quickly.", "It is probably a mistake.", "The cells might divide faster.",
    "Sales may fall in spring.", "The bridge might collapse.", "The team probably lost.",
    "This may be the reason.", "The data might be wrong.", "Rates may go up soon.",
    "The plan probably fails.", "It may reduce the risk.",
]
PLAIN = [
    "The treatment improved survival.", "It rained today.", "The drug works.", "The results show a link.",
    "The protein binds to DNA.", "Prices rose last year.", "The effect is small.", "He left already.",
    "This explains the delay.", "The virus spread quickly.", "It is a mistake.", "The cells divide faster.",
    "Sales fell in spring.", "The bridge collapsed.", "The team lost.", "This is the reason.",
    "The data are wrong.", "Rates went up.", "The plan failed.", "It reduces the risk.",
]


def test_train_on_a_tsv_then_score_with_it(capsys, tmp_path, caplog) -> None:
    data = tmp_path / "labelled.tsv"
    rows = ["text\tlabel"] + [f"{t}\tuncertain" for t in HEDGED] + [f"{t}\tcertain" for t in PLAIN]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "my-model.json.gz"
    rc, out, err = run(capsys, "train", "--data", str(data), "--format", "tsv", "--out", str(model), "--folds", "4",
                       "-q")
    assert rc == 0, err
    assert model.exists() and "threshold=" in out
    m = hedgekit.load_model(model)
    assert 0 < m.threshold < 1 and m.lexicon_hash == hedgekit.load_lexicon().hash
    # its CV scored the held-out sentences as `score` will (an open-ended one as if it ended in ".")
    assert m.training["hyperparameters"]["predict_as_scored"] is True

    f = write(tmp_path, "new.txt", "The medicine may help patients.\nThe medicine helped patients.\n")
    rc, out, _ = run(capsys, "score", "--lines", "--model", str(model), str(f))
    recs = jsonl(out)
    assert rc == 0 and [r["label"] for r in recs] == ["uncertain", "certain"]

    # jsonl input, format inferred from the file name
    data2 = tmp_path / "labelled.jsonl"
    data2.write_text("".join(json.dumps({"text": t, "label": lab}) + "\n"
                             for ts, lab in ((HEDGED, 1), (PLAIN, 0)) for t in ts), encoding="utf-8")
    rc, _, err = run(capsys, "train", "--data", str(data2), "--out", str(tmp_path / "m2.json"), "--folds", "3", "-q")
    assert rc == 0, err
    # rows without a label are left out, and said so (they were dropped without a word)
    data3 = write(tmp_path, "partly.csv", "text,label\n" + "".join(f'"{t}",uncertain\n' for t in HEDGED)
                  + "".join(f'"{t}",certain\n' for t in PLAIN) + "Not labelled yet.,\nNor this one.,NA\n")
    with caplog.at_level(logging.WARNING):
        rc, out, err = run(capsys, "train", "--data", str(data3), "--out", str(tmp_path / "m3.json"), "--folds", "3")
    n = len(HEDGED) + len(PLAIN)
    assert rc == 0 and (f"2 sentence(s) without a label left out ({data3}, line {n + 2}; {data3}, line {n + 3}); a "
                        "label is certain/uncertain, 0/1 or true/false in the 'label' column") in caplog.text


def test_train_with_base_adapts_a_shipped_expert(capsys, tmp_path) -> None:
    data = tmp_path / "labelled.tsv"
    rows = ["text\tlabel"] + [f"{t}\tuncertain" for t in HEDGED] + [f"{t}\tcertain" for t in PLAIN]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    adapted, scratch = tmp_path / "adapted.json.gz", tmp_path / "scratch.json.gz"
    rc, out, err = run(capsys, "train", "--data", str(data), "--base", "semantic", "--out", str(adapted),
                       "--folds", "4", "-q")
    assert rc == 0, err
    assert "labelled.tsv" in out and "F1=" in out and "threshold=" in out
    m = hedgekit.load_model(adapted)
    assert m.training["base"]["expert"] == "semantic" and m.training["cross_validation"]["k"] == 4
    assert m.training["command"].endswith("--base semantic") and 0 < m.threshold < 1
    assert m.training["threshold_rule"] == train.threshold_rule_text(4, train.THRESHOLD_REPEATS)
    assert m.training["hyperparameters"]["predict_as_scored"] is True
    assert run(capsys, "train", "--data", str(data), "--out", str(scratch), "--folds", "4", "-q")[0] == 0
    # the 40 sentences hedge only with may / might / probably; the adapted model still knows conditions
    # and rumours from the expert, the one trained from scratch does not
    f = write(tmp_path, "new.txt", "If the council agrees, the plan will go ahead.\nThe council agreed.\n")
    labels = {}
    for name, path in (("adapted", adapted), ("scratch", scratch)):
        rc, out, _ = run(capsys, "score", "--lines", "--model", str(path), str(f))
        labels[name] = [r["label"] for r in jsonl(out)]
    assert labels == {"adapted": ["uncertain", "certain"], "scratch": ["certain", "certain"]}


def test_train_with_base_errors(capsys, tmp_path) -> None:
    data = write(tmp_path, "d.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                 + "".join(f"{t}\tcertain\n" for t in PLAIN))
    out = str(tmp_path / "m.json")
    rc, _, err = run(capsys, "train", "--data", str(data), "--base", "legal", "--out", out, "-q")
    assert rc == 1 and "semantic" in err and "gated default" in err and len(err.strip().splitlines()) == 1
    rc, _, err = run(capsys, "train", "--data", str(data), "--base", "auto", "--out", out, "-q")
    assert rc == 1 and "gated default" in err
    shipped = Path(hedgekit.__file__).parent / "data" / "lexicon.tsv"
    lex = write(tmp_path, "lex.tsv", shipped.read_text(encoding="utf-8") + "zorbly\tepistemic\t0.9\tuser\t\n")
    rc, _, err = run(capsys, "train", "--data", str(data), "--base", "semantic", "--lexicon", str(lex),
                     "--out", out, "-q")
    assert rc == 1 and "shipped lexicon" in err
    rc, _, err = run(capsys, "train", "--corpora", str(tmp_path), "--base", "semantic", "--out", out)
    assert rc == 2 and "--base applies to --data" in err


def test_train_errors(capsys, tmp_path) -> None:
    one_class = write(tmp_path, "one.tsv", "text\tlabel\n" + "".join(f"{t}\tcertain\n" for t in PLAIN))
    rc, _, err = run(capsys, "train", "--data", str(one_class), "--out", str(tmp_path / "m.json"), "-q")
    assert rc == 1 and "each class" in err
    rc, _, err = run(capsys, "train", "--data", str(tmp_path / "nope.tsv"), "--out", str(tmp_path / "m.json"), "-q")
    assert rc == 1 and err.startswith("hedgekit: error: ")
    rc, _, err = run(capsys, "train", "--corpora", str(tmp_path / "no-corpora"), "--out", str(tmp_path / "m.json"),
                     "-q")
    assert rc == 1 and "not found" in err and "Traceback" not in err
    bad = write(tmp_path, "bad.tsv", "words\tlabel\nfoo\tcertain\n")
    rc, _, err = run(capsys, "train", "--data", str(bad), "--out", str(tmp_path / "m.json"), "-q")
    assert rc == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("base", [None, "semantic"])
def test_train_on_little_data_works_or_says_why(capsys, tmp_path, caplog, base) -> None:
    """Small data: as few as 2 sentences of each class train (no inner CV then); sentences of both
    classes in 3 documents train with a 3-fold CV; one document is a one-line error, never a
    traceback."""
    extra = ["--base", base] if base else []
    out = str(tmp_path / "m.json.gz")
    tiny = write(tmp_path, "tiny.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED[:2])
                 + "".join(f"{t}\tcertain\n" for t in PLAIN[:2]))
    rc, _, err = run(capsys, "train", "--data", str(tiny), "--out", out, "-q", *extra)
    assert rc == 0, err
    assert hedgekit.load_model(out).training["cross_validation"]["k"] == 2
    three = write(tmp_path, "three.tsv", "text\tlabel\tdoc\n" + "".join(
        f"{t}\t{lab}\tD{i % 3}\n" for lab, ts in (("uncertain", HEDGED), ("certain", PLAIN)) for i, t in enumerate(ts)))
    rc, _, err = run(capsys, "train", "--data", str(three), "--doc-column", "doc", "--out", out, "-q", *extra)
    assert rc == 0, err
    cv = hedgekit.load_model(out).training["cross_validation"]
    assert cv["k"] == 3 and cv["grouping"].startswith("by document (the 'doc' column")
    # a blank document cell is said to be one (such a sentence is grouped only with its copies)
    # and a sentence labelled both ways in two documents is counted (only copies without a document were)
    blank = write(tmp_path, "blank.tsv", three.read_text(encoding="utf-8") + f"{HEDGED[0]} too\tuncertain\t \n"
                  + f"{PLAIN[0]}\tuncertain\tD1\n")
    with caplog.at_level(logging.WARNING):
        rc, _, err = run(capsys, "train", "--data", str(blank), "--doc-column", "doc", "--out", out, "-q", *extra)
    assert rc == 0, err
    assert f"1 of the {len(HEDGED) + len(PLAIN) + 2} labelled sentences have no document in the 'doc' column" \
        in caplog.text
    assert "1 sentence(s) occur with both labels; copies with 20 or more letters and digits keep their documents " \
        "in one fold" in caplog.text
    cv = hedgekit.load_model(out).training["cross_validation"]
    assert "documents that share a sentence of 20 or more letters and digits are one group" in cv["grouping"]
    assert cv["k"] == 2  # D0 and D1 share that sentence: one group, so only 2 documents hold certain sentences
    # three documents that only one of the threshold rule's fold seeds deals into two usable folds:
    # a one-line error that does not ask for fewer folds than 2
    odd = write(tmp_path, "odd.tsv", "text\tlabel\tdoc\n" + "".join(f"{t}\t{lab}\t{d}\n" for t, lab, d in (
        (PLAIN[0], "certain", "D0"), (PLAIN[1], "certain", "D0"), (HEDGED[0], "uncertain", "D1"),
        (HEDGED[1], "uncertain", "D2"), (PLAIN[2], "certain", "D2"), (PLAIN[3], "certain", "D2"))))
    rc, _, err = run(capsys, "train", "--data", str(odd), "--doc-column", "doc", "--out", out, "-q", *extra)
    assert rc == 1 and "cannot be dealt into 2 folds" in err and "--folds" not in err
    assert len(err.strip().splitlines()) == 1
    one = write(tmp_path, "one.tsv", "text\tlabel\tdoc\n" + "".join(
        f"{t}\t{lab}\tD0\n" for lab, ts in (("uncertain", HEDGED), ("certain", PLAIN)) for t in ts))
    rc, _, err = run(capsys, "train", "--data", str(one), "--doc-column", "doc", "--out", out, "-q", *extra)
    assert rc == 1 and "in at least 2 documents" in err and len(err.strip().splitlines()) == 1
    assert f"found {len(PLAIN)} certain and {len(HEDGED)} uncertain sentence(s), in 1 and 1 documents" in err


def test_train_says_it_leaves_out_rated_sentences_without_a_label(capsys, tmp_path, caplog) -> None:
    """--data trains on binary labels: rows with only a rating are left out with a warning (they were
    dropped silently), and a file of ratings alone is an error."""
    import json as _json

    rows = [{"text": t, "label": "uncertain"} for t in HEDGED] + [{"text": t, "label": "certain"} for t in PLAIN]
    rows += [{"text": f"{t} Again.", "rating": 3.0} for t in PLAIN[:3]]
    mixed = write(tmp_path, "mixed.jsonl", "".join(_json.dumps(r) + "\n" for r in rows))
    out = str(tmp_path / "m.json.gz")
    with caplog.at_level(logging.WARNING):
        rc, _, err = run(capsys, "train", "--data", str(mixed), "--out", out, "-q")
    assert rc == 0, err
    assert "3 sentence(s) with a rating but no label left out: --data trains on binary labels only" in caplog.text
    rated = write(tmp_path, "rated.jsonl", "".join(_json.dumps({"text": t, "rating": 2.0}) + "\n" for t in HEDGED))
    rc, _, err = run(capsys, "train", "--data", str(rated), "--out", out, "-q")
    assert rc == 1 and f"its {len(HEDGED)} sentences have ratings but no labels" in err
    # a --label-column given must be there (the default may be absent, as above)
    table = write(tmp_path, "gold.csv", "text,gold\n" + "".join(f'"{t}",1\n' for t in HEDGED)
                  + "".join(f'"{t}",0\n' for t in PLAIN))
    rc, _, err = run(capsys, "train", "--data", str(table), "--label-column", "golld", "--out", out, "-q")
    assert rc == 1 and "no label column 'golld' in the header ['text', 'gold']" in err
    assert run(capsys, "train", "--data", str(table), "--label-column", "gold", "--out", out, "-q")[0] == 0


def _rated_rows(flip: bool = False) -> list[dict]:
    """Graded rows: HEDGED sentences rated 2 ("might") or 3 ("may", "probably", "suggest"), PLAIN ones 5
    or 6 (1-6, 6 = very certain); ``flip`` writes ``7 - rating`` (a scale where 1 is very certain)."""
    rows = [{"text": t, "rating": 2.0 if "might" in t else 3.0} for t in HEDGED]
    rows += [{"text": t, "rating": 6.0 if i % 2 else 5.0} for i, t in enumerate(PLAIN)]
    return [{**r, "rating": 7.0 - r["rating"]} for r in rows] if flip else rows


def test_train_on_graded_ratings(capsys, tmp_path, caplog) -> None:
    """--rating-column trains on graded ratings (soft targets, a ridge regression as the shipped
    science expert's): the model's certainty follows the ratings, the report gives Pearson and
    Spearman, the record says how, and a reversed scale gives the same model."""
    rows = _rated_rows() + [{"text": "The storm may have passed.", "label": "uncertain"}]  # no rating: left out
    data = write(tmp_path, "findings.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "g.json.gz"
    with caplog.at_level(logging.WARNING):
        rc, stdout, err = run(capsys, "train", "--data", str(data), "--rating-column", "rating", "--rating-scale",
                              "1,6", "--folds", "5", "--min-df", "1", "--out", str(out), "-q")
    assert rc == 0, err
    assert "1 sentence(s) without a rating left out (" in caplog.text and "line 41" in caplog.text
    graded_line = next(line for line in stdout.splitlines() if "certainty vs ratings" in line)
    r = float(re.search(r"Pearson (-?[0-9.]+)", graded_line)[1])
    assert "(5-fold CV)" in graded_line and r > 0.5  # held-out sentences: the cue words carry over
    model = hedgekit.load_model(out)
    hp = model.training["hyperparameters"]
    assert hp["ridge_alpha"] == {"default": train.GRADED_RIDGE_ALPHA["science"]}
    assert hp["feature_scale"]["default"] == train.GRADED_FEATURE_SCALE["science"]
    assert "from a 1-6 rating" in hp["soft_targets"]
    assert model.training["n_sentences"] == 40 and model.training["n_uncertain"] == 20  # rated 3 or less
    assert "--rating-column rating --rating-scale 1,6" in model.training["command"]
    graded = model.training["cross_validation"]["graded"]["findings.jsonl"]
    assert graded["k"] == 5 and graded["n"] == 40 and round(graded["modes"]["auto"]["pearson"], 3) == r
    s = hedgekit.Scorer(model=model)
    unseen = s.score(["The vaccine might protect children.", "The vaccine protected children."])
    assert unseen[0].certainty < unseen[1].certainty
    # in sample, certainty ranks the ratings: Spearman of certainty with them
    import numpy as np

    cert = np.array([x.certainty for x in s.score([r["text"] for r in _rated_rows()])])
    ratings = np.array([r["rating"] for r in _rated_rows()])
    assert np.corrcoef(cert, ratings)[0, 1] > 0.8
    # HedgeClassifier reads a train --data model's hyperparameters to refit as the command did; it
    # fits no ratings, so a graded model's are not taken (its refit would be a binary classifier)
    # (and says so: the README promised a train --data file's hyperparameters back: an audit)
    with pytest.warns(UserWarning, match=r"trained on graded ratings .* its hyperparameters are the defaults, and "
                                         r"fit\(\) \(or a clone's\) trains a binary classifier"):
        loaded = hedgekit.HedgeClassifier.load(out)
    assert loaded.get_params() == hedgekit.HedgeClassifier().get_params()
    import warnings

    with warnings.catch_warnings():  # (the shipped model's science expert, one of five, is no such model)
        warnings.simplefilter("error")
        hedgekit.HedgeClassifier.load(None)
    assert loaded.predict_proba(["The vaccine might protect children."])[0, 1] == pytest.approx(
        s.score_sentence("The vaccine might protect children.").p_uncertain, abs=1e-12)  # (as the file predicts)
    # the same ratings written on a reversed scale (1 = very certain) make the same model
    flipped = write(tmp_path, "flipped.jsonl", "".join(json.dumps(r) + "\n" for r in _rated_rows(flip=True)))
    out2 = tmp_path / "f.json.gz"
    rc, _, err = run(capsys, "train", "--data", str(flipped), "--rating-column", "rating", "--rating-scale", "6,1",
                     "--folds", "5", "--min-df", "1", "--out", str(out2), "-q")
    assert rc == 0, err
    flipped_model = hedgekit.load_model(out2)
    assert flipped_model.features == model.features and np.array_equal(flipped_model.coef, model.coef)
    assert np.array_equal(flipped_model.intercept, model.intercept) and flipped_model.threshold == model.threshold
    assert "from a rating on 6 (most uncertain) .. 1 (most certain)" in (
        flipped_model.training["hyperparameters"]["soft_targets"])


def test_train_graded_scales_and_edge_cases(capsys, tmp_path) -> None:
    """From a review of the graded training: a reversed scale reported negative correlations, a
    negative first end could not be typed back from the stored command, a decimal midpoint (0.5 of
    0.3..0.7) fell on the certain side, fewer than 5 documents failed after all the work, ratings at
    the scale's ends only gave no correlations, and an unused label column stopped training."""
    def data(name: str, rows: list[dict]) -> Path:
        return write(tmp_path, name, "".join(json.dumps(r) + "\n" for r in rows))

    def train_on(path: Path, *extra: str) -> tuple[str, hedgekit.HedgeModel]:
        out = tmp_path / f"{path.stem}-{len(list(tmp_path.glob('*.json.gz')))}.json.gz"
        rc, stdout, err = run(capsys, "train", "--data", str(path), "--rating-column", "rating", "--folds", "4",
                              "--min-df", "1", "--out", str(out), "-q", *extra)
        assert rc == 0, err
        return stdout, hedgekit.load_model(out)

    def pearson(stdout: str) -> float:
        return float(re.search(r"certainty vs ratings \(\d-fold CV\): Pearson (-?[0-9.]+)", stdout)[1])

    rows = _rated_rows()
    forward, model = train_on(data("fw.jsonl", rows), "--rating-scale", "1,6")
    backward, flipped = train_on(data("bw.jsonl", _rated_rows(flip=True)), "--rating-scale", "6,1")
    assert pearson(forward) == pearson(backward) > 0.5
    assert "(1 - rating) / (1 - 6)" in flipped.training["hyperparameters"]["soft_targets"]
    # a scale with negative ends: typed with '=', stored so, and the stored command runs again
    neg = data("neg.jsonl", [{**r, "rating": r["rating"] - 7.0} for r in rows])  # -6 .. -1
    _, negative = train_on(neg, "--rating-scale=-6,-1")
    command = negative.training["command"]
    assert "--rating-scale=-6,-1" in command and "((-1) - rating) / ((-1) - (-6))" in (
        negative.training["hyperparameters"]["soft_targets"])
    again = tmp_path / "again.json.gz"
    words = shlex.split(command)[1:]  # (without "hedgekit")
    words[words.index("--out") + 1] = str(again)
    assert run(capsys, *words)[0] == 0
    import numpy as np

    assert np.array_equal(hedgekit.load_model(again).coef, negative.coef)
    assert np.array_equal(negative.coef, model.coef)  # (the same targets as 1..6)
    # the midpoint of 0.3..0.7 is 0.5 as written: uncertain
    mid = data("mid.jsonl", [{"text": r["text"], "rating": 0.5 if r["rating"] <= 3 else 0.7} for r in rows])
    _, at_mid = train_on(mid, "--rating-scale", "0.3,0.7")
    assert at_mid.training["n_uncertain"] == 20
    # a scale end is stored as written, not rounded to 6 digits
    big = data("big.jsonl", [{**r, "rating": r["rating"] * 246913.4} for r in rows])
    _, wide = train_on(big, "--rating-scale", "0,1481480.4")
    assert "--rating-scale 0,1481480.4" in wide.training["command"]
    # 4 documents: the graded CV takes 4 folds (it asked for 5 and failed after the training)
    docs = data("docs.jsonl", [{**r, "doc": f"d{i % 4}"} for i, r in enumerate(rows)])
    four, _ = train_on(docs, "--rating-scale", "1,6", "--doc-column", "doc")
    assert "certainty vs ratings (4-fold CV)" in four
    # ratings at the ends only: still correlated, and the record names the ridge regression
    ends = data("ends.jsonl", [{"text": r["text"], "rating": 1.0 if r["rating"] <= 3 else 6.0} for r in rows])
    stdout, at_ends = train_on(ends, "--rating-scale", "1,6")
    hp = at_ends.training["hyperparameters"]
    assert pearson(stdout) > 0.5 and "ridge expert(s) ['default'] regress t" in hp["soft_targets"]
    assert hp["estimator"].startswith("one sklearn Ridge regression per expert") and hp["C"] is None
    # a label column the ratings do not need, holding what is no label, is not read (it stopped training)
    labelled = data("labelled.jsonl", [{**r, "label": "maybe"} for r in rows])
    rc, _, err = run(capsys, "train", "--data", str(labelled), "--rating-column", "rating", "--rating-scale", "1,6",
                     "--folds", "4", "--min-df", "1", "--out", str(tmp_path / "x.json.gz"), "-q")
    assert rc == 0, err
    assert np.array_equal(hedgekit.load_model(tmp_path / "x.json.gz").coef, model.coef)


def test_a_scale_the_wrong_way_round_is_warned_of_and_benchmark_reads_a_reversed_scale(capsys, tmp_path,
                                                                                     caplog) -> None:
    """A user audit: --rating-scale given the wrong way round trained an inverted model without a word
    (its CV Pearson looks as good), and benchmark read every scale as higher = more certain, so a
    reversed one gave Pearson -0.70 and an F1 of 0.03 with no way to say otherwise."""
    forward = write(tmp_path, "fw.jsonl", "".join(json.dumps(r) + "\n" for r in _rated_rows()))
    flipped = write(tmp_path, "bw.jsonl", "".join(json.dumps(r) + "\n" for r in _rated_rows(flip=True)))
    out = str(tmp_path / "m.json.gz")
    for scale, warned in (("6,1", True), ("1,6", False)):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            rc, _, err = run(capsys, "train", "--data", str(forward), "--rating-column", "rating", "--rating-scale",
                             scale, "--folds", "4", "--min-df", "1", "--out", out, "-q")
        assert rc == 0, err
        assert ("the ratings run against the shipped model's reading" in caplog.text) is warned, caplog.text
        assert ("if 6 is the most certain rating, the scale is 1,6" in caplog.text) is warned
    # benchmark: the flipped file read on its scale gives what the forward file gives
    common = ("benchmark", "--model", out, "--rating-column", "rating", "--n-boot", "0", "--json", "-q")
    rc, got, err = run(capsys, *common, "--corpus", str(forward), "--uncertain-at-most", "3.5")
    assert rc == 0, err
    want = json.loads(got)
    rc, got, err = run(capsys, *common, "--corpus", str(flipped), "--uncertain-at-most", "3.5", "--rating-scale", "6,1")
    assert rc == 0, err
    read = json.loads(got)
    assert want["pearson"] > 0.5 and read["pearson"] == pytest.approx(want["pearson"])
    assert read["spearman"] == pytest.approx(want["spearman"]) and read["f1"] == want["f1"] > 0.5
    assert read["rating_scale"] == [6.0, 1.0] and "rating_scale" not in want
    rc, got, _ = run(capsys, *common, "--corpus", str(flipped))  # (as read: the sign of a reversed scale)
    assert json.loads(got)["pearson"] == pytest.approx(-want["pearson"])
    rc, _, err = run(capsys, *common, "--corpus", str(flipped), "--rating-scale", "4,1")
    assert rc == 1 and "sentence 1 (line 2): the rating 5 is outside the rating scale 4 (most uncertain) .. 1 (most" in err
    # the text report says the rule as applied, and the scale (it printed "<=" for a reversed scale)
    rc, text, _ = run(capsys, "benchmark", "--model", out, "--rating-column", "rating", "--n-boot", "0", "-q",
                      "--corpus", str(flipped), "--uncertain-at-most", "3.5", "--rating-scale", "6,1")
    assert "labels from ratings: uncertain iff rating >= 3.5" in text
    assert "ratings read on the scale 6 (most uncertain) .. 1 (most certain)" in text
    # a scale for a corpus without ratings has no effect, and says so
    labels = write(tmp_path, "labels.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n")
    rc, got, err = run(capsys, "benchmark", "--model", out, "--n-boot", "0", "--json", "--corpus", str(labels),
                       "--rating-scale", "6,1")
    assert rc == 0 and "--rating-scale had no effect: no sentence has a rating" in err
    assert "rating_scale" not in json.loads(got)


def test_train_graded_option_errors(capsys, tmp_path) -> None:
    """The graded options are checked together, and a rating off the scale is refused with its line
    (clipped, it would silently count as the scale's end)."""
    data = write(tmp_path, "r.jsonl", "".join(json.dumps(r) + "\n" for r in _rated_rows()))
    out = str(tmp_path / "m.json.gz")
    base = ("train", "--data", str(data), "--out", out, "-q")
    for extra, message in [
        (("--rating-column", "rating"), "--rating-column needs --rating-scale U,C"),
        (("--rating-column", "rating", "--rating-scale", "1,6", "--C", "2"), "--C is the logistic regression's"),
        (("--rating-column", "rating", "--rating-scale", "1,6", "--label-column", "label"),
         "--label-column and --rating-column: train on one of them"),
        (("--rating-column", "rating", "--rating-scale", "1,6", "--base", "semantic"), "--base adapts an expert"),
        (("--rating-scale", "1,6"), "--rating-scale and --alpha apply to --rating-column"),
        (("--alpha", "3"), "--rating-scale and --alpha apply to --rating-column"),
        (("--rating-column", "rating", "--rating-scale", "1"), "give two numbers separated by a comma"),
        (("--rating-column", "rating", "--rating-scale", "3,3"), "the scale must be two different finite numbers"),
        (("--rating-column", "rating", "--rating-scale", "1,x"), "not a number: 'x'"),
        (("--rating-column", "rating", "--rating-scale", "1,6", "--alpha", "0"), "must be > 0"),
    ]:
        rc, _, err = run(capsys, *base, *extra)
        assert rc == 2 and message in err, (extra, err)
    rc, _, err = run(capsys, "train", "--corpora", str(tmp_path), "--rating-column", "rating", "--rating-scale", "1,6",
                     "--out", out)
    assert rc == 2 and "--rating-column applies to --data" in err
    # a rating outside the scale: the file and line, and nothing written
    rc, _, err = run(capsys, *base, "--rating-column", "rating", "--rating-scale", "1,5")
    assert rc == 1 and ("r.jsonl, line 22: column 'rating': the rating 6 is outside the rating scale 1 (most "
                        "uncertain) .. 5 (most certain)") in err
    assert not Path(out).exists()
    # ratings all on one side of the midpoint: no uncertain class to fold and threshold by
    rc, _, err = run(capsys, *base, "--rating-column", "rating", "--rating-scale", "1,20")
    assert rc == 1 and "rated sentences on each side of the scale's midpoint (10.5" in err
    assert "found 0 certain and 40 uncertain" in err
    # a misspelt rating column is named
    rc, _, err = run(capsys, *base, "--rating-column", "ratng", "--rating-scale", "1,6")
    assert rc == 1 and "'ratng'" in err


def test_train_record_says_how_it_was_made(capsys, tmp_path) -> None:
    """The stored command reproduces the run (the paths as given, every option that was not the
    default) and the grouping says what the CV did."""
    data = write(tmp_path, "d.tsv", "sentence\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                 + "".join(f"{t}\tcertain\n" for t in PLAIN))
    out = str(tmp_path / "m.json.gz")
    write(tmp_path, "d2.tsv", "my text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                  + "".join(f"{t}\tcertain\n" for t in PLAIN))
    rc, _, err = run(capsys, "train", "--data", str(data), "--text-column", "sentence", "--C", "2", "--folds", "5",
                     "--min-df", "1", "--out", out, "-q")
    assert rc == 0, err
    rec = hedgekit.load_model(out).training
    assert rec["command"] == (f"hedgekit train --data {data} --out {out} --text-column sentence --C 2.0 --min-df 1 "
                              "--folds 5")
    # a value with a space is quoted, so the command runs as stored
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        rc, _, err = run(capsys, "train", "--data", "d2.tsv", "--text-column", "my text", "--out", "m.json.gz", "-q")
    assert rc == 0, err
    assert hedgekit.load_model(out).training["command"] == ("hedgekit train --data d2.tsv --out m.json.gz "
                                                             "--text-column 'my text'")
    assert rec["cross_validation"]["grouping"].startswith("by sentence text: identical sentences")
    assert hedgekit.load_model(out).experts == ("default",)  # as HedgeClassifier and --base name it
    # so is a data path with a space; the corpus is named by the folder ("." is the folder it names)
    spaced = tmp_path / "my data"
    spaced.mkdir()
    (spaced / "d.tsv").write_bytes(data.read_bytes())
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        rc, _, err = run(capsys, "train", "--data", "my data", "--text-column", "sentence", "--out", out, "-q")
        assert rc == 0, err
        rec = hedgekit.load_model(out).training
        assert rec["command"] == f"hedgekit train --data 'my data' --out {out} --text-column sentence"
        # the stored command reruns as it ran: the same files, so the same record
        argv = shlex.split(rec["command"])[1:]
        assert run(capsys, *argv, "-q")[0] == 0
        assert hedgekit.load_model(out).training["corpora"] == rec["corpora"]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(spaced)
        rc, _, err = run(capsys, "train", "--data", ".", "--text-column", "sentence", "--out", out, "-q")
    assert rc == 0, err
    rec = hedgekit.load_model(out).training
    assert rec["command"] == f"hedgekit train --data . --out {out} --text-column sentence"
    assert [f["corpus"] for f in rec["corpora"]] == ["my data"]
    with pytest.MonkeyPatch.context() as mp:  # and ".." the folder above
        (spaced / "sub").mkdir()
        mp.chdir(spaced / "sub")
        rc, _, err = run(capsys, "train", "--data", "..", "--text-column", "sentence", "--out", out, "-q")
    assert rc == 0, err
    assert [f["corpus"] for f in hedgekit.load_model(out).training["corpora"]] == ["my data"]


@pytest.mark.parametrize("base", [None, "semantic"])
def test_train_with_unannotated_categories_does_not_learn_them_as_certain(capsys, tmp_path, base) -> None:
    """A speculation-only corpus labels hearsay certain for want of a label; --unannotated hearsay
    keeps the hearsay category's weight from learning that (as the shipped recipe does for BioScope)."""
    hearsay = [f"Reportedly, {t[0].lower()}{t[1:]}" for t in PLAIN]
    data = write(tmp_path, "spec.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                 + "".join(f"{t}\tcertain\n" for t in PLAIN + hearsay))
    extra = ["--base", base] if base else []
    plain, ruled = tmp_path / "plain.json", tmp_path / "ruled.json"
    assert run(capsys, "train", "--data", str(data), "--folds", "4", "--out", str(plain), "-q", *extra)[0] == 0
    rc, _, err = run(capsys, "train", "--data", str(data), "--folds", "4", "--unannotated", "hearsay, weasel",
                     "--unannotated", "hearsay", "--out", str(ruled), "-q", *extra)  # given twice: both count, once
    assert rc == 0, err
    m0, m1 = hedgekit.load_model(plain), hedgekit.load_model(ruled)
    assert m1.training["command"] == (f"hedgekit train --data {data} --out {ruled} --folds 4"
                                      + (f" --base {base}" if base else "") + " --unannotated hearsay,weasel")
    hp = m1.training["hyperparameters"]
    assert hp["unannotated"] == {"spec.tsv": ["hearsay", "weasel"]}  # corpus -> categories, with --base too
    assert "unannotated categories' weights" in hp["estimator"] or "categories its corpora do not annotate" in hp["estimator"]
    assert "unannotated" not in m0.training["hyperparameters"]

    def weight(m: hedgekit.HedgeModel) -> float:
        return float(m.coef[m.index["k:hearsay"], 0]) if "k:hearsay" in m.index else 0.0

    shipped = hedgekit.load_model()
    floor = 0.0 if base is None else m1.training["adaptation"]["scale"] * shipped.coef[
        shipped.index["k:hearsay"], shipped.experts.index(base)]
    assert weight(m0) < floor - 0.1 and weight(m1) == pytest.approx(floor, abs=1e-5)


def test_train_unannotated_errors(capsys, tmp_path) -> None:
    data = write(tmp_path, "d.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                 + "".join(f"{t}\tcertain\n" for t in PLAIN))
    out = str(tmp_path / "m.json")
    for bad, shown in (("rumour", "names ['rumour']; accepted: the cue categories ['epistemic', 'doxastic'"),
                       ("hearsay,booster", "names ['booster']"), ("pseudo", "names ['pseudo']"),
                       (",", None)):
        rc, _, err = run(capsys, "train", "--data", str(data), "--unannotated", bad, "--out", out)
        assert rc == 2 and (f"argument --unannotated: the list {shown}" if shown else
                            "argument --unannotated: ',' names no category") in err, err
        assert "give them comma-separated, e.g. hearsay,weasel" in err
        assert ("already kept at or below zero" in err) == ("booster" in bad)
        assert ("pseudo rows are never cues" in err) == ("pseudo" in bad)
    rc, _, err = run(capsys, "train", "--corpora", str(tmp_path), "--unannotated", "hearsay", "--out", out)
    assert rc == 2 and "--unannotated applies to --data" in err and "UNANNOTATED_CATEGORIES" in err
    assert not Path(out).exists()


def test_train_keeps_repeated_sentences_and_reader_documents_together(capsys, tmp_path, caplog,
                                                                      monkeypatch) -> None:
    """A sentence written twice never sits in training and test at once (its copies share a group; one
    with both labels is reported), and a corpus whose reader gives documents is grouped by them, as
    the record says."""

    from hedgekit import train

    dealt = []
    make_folds = train.make_folds
    monkeypatch.setattr(train, "make_folds", lambda ts, *a, **k: dealt.append(make_folds(ts, *a, **k)) or dealt[-1])
    rows = [(t, "uncertain") for t in HEDGED] + [(t, "certain") for t in PLAIN]
    n = len(rows)
    data = write(tmp_path, "twice.tsv", "text\tlabel\n" + "".join(f"{t}\t{lab}\n" for t, lab in rows * 2)
                 + f"{PLAIN[0]}\tuncertain\n")
    out = tmp_path / "m.json.gz"
    with caplog.at_level(logging.WARNING):
        rc, _, err = run(capsys, "train", "--data", str(data), "--folds", "4", "--out", str(out), "-q")
    assert rc == 0, err
    assert "1 sentence(s) occur with both labels" in caplog.text
    assert dealt and all(len(f) == 2 * n + 1 for f in dealt)
    for fold in dealt:  # every outer CV of every threshold repeat
        assert (fold[:n] == fold[n:2 * n]).all() and fold[2 * n] == fold[n + len(HEDGED)]
    # BioScope-format documents: grouped by the reader's documents, as the record says
    docs = "".join(
        f'<Document type="Biological_abstract"><DocID type="PMID">{d}</DocID><DocumentPart type="AbstractText">'
        + "".join(f'<sentence id="S{d}.{i}">{t}</sentence>' for i, t in enumerate(
            [PLAIN[(d + j) % len(PLAIN)] for j in range(3)]))
        + f'<sentence id="S{d}.9">These data <xcope id="X{d}"><cue type="speculation" ref="X{d}">suggest</cue> '
          f'a role for gene {d}</xcope>.</sentence></DocumentPart></Document>'
        for d in range(8))
    xml = write(tmp_path, "docs.xml", f'<?xml version="1.0"?><Annotation><DocumentSet>{docs}</DocumentSet></Annotation>')
    rc, _, err = run(capsys, "train", "--data", str(xml), "--folds", "4", "--min-df", "1",
                     "--out", str(out), "-q")
    assert rc == 0, err
    assert hedgekit.load_model(out).training["cross_validation"]["grouping"].startswith(
        "by document (as the docs.xml reader gives them")


# ------------------------------------------------------------------------------------------- processes
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_closed_pipe_ends_quietly(tmp_path, model_path) -> None:
    big = tmp_path / "big.txt"
    para = "The drug may reduce mortality. It works in mice. Reportedly, about 20 people died.\n"
    big.write_text((para * 5 + "\n") * 600, encoding="utf-8")  # ~9000 sentences, ~2 MB of JSON Lines
    proc = subprocess.Popen(
        [sys.executable, "-m", "hedgekit", "score", "--model", model_path, str(big)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=60)
    assert json.loads(first)["text"] == "The drug may reduce mortality."
    assert "Traceback" not in err and "Exception" not in err, err
    assert rc == cli.EXIT_PIPE


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_highlight_to_a_closed_pipe_ends_quietly(tmp_path, model_path, unbuffered) -> None:
    """With PYTHONUNBUFFERED=1 the page went out in one write that ended short when the reader
    went away, unnoticed: exit 0 instead of 141 (an audit)."""
    big = tmp_path / "big.txt"
    big.write_text(("The drug may reduce mortality. It works in mice.\n\n") * 20000, encoding="utf-8")
    env = {**_env(), "PYTHONUNBUFFERED": unbuffered}
    proc = subprocess.Popen([sys.executable, "-m", "hedgekit", "highlight", "--model", model_path, str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=120)
    assert head.startswith(b"<!DOCTYPE") or head.lower().startswith(b"<!doctype")
    assert "Traceback" not in err, err
    assert rc == cli.EXIT_PIPE


def test_data_formats_are_utf8_whatever_the_locale(tmp_path, model_path) -> None:
    """With stdout in a legacy encoding (Windows' cp1252 when redirected, an ASCII locale), JSON Lines
    and the HTML page are still UTF-8 (the page says so), and a table escapes what it cannot show."""
    text = "Café owners may close — 你好 👍.\n"
    f = write(tmp_path, "u.txt", text)
    env = {**_env(), "PYTHONIOENCODING": "cp1252"}

    def cli_out(*argv: str, encoding: str = "cp1252") -> bytes:
        proc = subprocess.run([sys.executable, "-m", "hedgekit", *argv], capture_output=True, timeout=120,
                              env={**env, "PYTHONIOENCODING": encoding})
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        return proc.stdout

    record = json.loads(cli_out("score", "--model", model_path, "-f", "jsonl", str(f)).decode("utf-8"))
    assert record["text"] == text.strip()
    page = cli_out("highlight", "--model", model_path, str(f)).decode("utf-8")
    assert 'charset="utf-8"' in page and "Café owners" in page and "你好 👍" in page
    assert json.loads(cli_out("cues", "-f", "jsonl", str(f), encoding="ascii"))["text"] == text.strip()
    table = cli_out("cues", "-f", "table", str(f), encoding="ascii").decode("ascii")
    assert "\\u4f60\\u597d" in table and "may" in table


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_unwritable_stdout_is_one_error_line_not_blamed_on_the_input(tmp_path, model_path) -> None:
    """A full disk under stdout named each input file as the problem and went on; other commands
    raised a traceback."""
    a, b = write(tmp_path, "a.txt", "It may rain. " * 2000), write(tmp_path, "b.txt", "It rained.")
    corpus = write(tmp_path, "c.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n")
    for argv in (["score", "--model", model_path, str(a), str(b)], ["highlight", "--model", model_path, str(a)],
                 ["lexicon"], ["benchmark", "--corpus", str(corpus), "--model", model_path, "--n-boot", "0"],
                 ["cues", str(a)]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "hedgekit", *argv], stdout=full, stderr=subprocess.PIPE,
                                  timeout=120, env=_env())
        # (the test model keeps no record of its training sentences: benchmark says so, before the error)
        err = "".join(line for line in proc.stderr.decode().splitlines(keepends=True)
                      if "keeps no record of the sentences it was trained on" not in line)
        assert proc.returncode == 1 and err == "hedgekit: error: <stdout>: cannot write: No space left on device\n", \
            (argv, err)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")
def test_a_closed_stdin_or_stdout_is_an_error_line(tmp_path, model_path) -> None:
    f = write(tmp_path, "a.txt", "It may rain.")
    for argv, fd, message in ((["score", "--model", model_path], 0, "-: standard input is closed"),
                              (["highlight", "--model", model_path, "-"], 0, "-: standard input is closed"),
                              (["score", "--model", model_path, str(f)], 1, "standard output is closed"),
                              (["lexicon"], 1, "standard output is closed")):
        proc = subprocess.run([sys.executable, "-m", "hedgekit", *argv], stderr=subprocess.PIPE, timeout=120,
                              env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              preexec_fn=lambda fd=fd: os.close(fd))  # noqa: PLW1509 - POSIX only, no threads
        err = proc.stderr.decode()
        assert proc.returncode == 1 and err.startswith(f"hedgekit: error: {message}") and "Traceback" not in err, \
            (argv, err)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_quietly(model_path) -> None:
    # (the command as a terminal starts it: a test run in the background of a shell, "nohup ... &",
    # passes SIGINT on ignored, and a process that ignores it rightly keeps reading; it timed out so)
    proc = subprocess.Popen(
        [sys.executable, "-m", "hedgekit", "score", "--lines", "--model", model_path, "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(b"It may rain.\n")
    proc.stdin.flush()
    first = json.loads(proc.stdout.readline())  # the record arrives while stdin is still open
    assert first["text"] == "It may rain." and first["line"] == 1
    proc.send_signal(signal.SIGINT)
    rc = proc.wait(timeout=30)
    err = proc.stderr.read().decode()
    proc.stdin.close()
    assert rc == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_progress_bar_draws_and_clears(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    err = io.StringIO()
    bar = cli.ProgressBar("some/long/path/to/a/file/that/is/big.txt", 10_000_000, err)
    bar.update(2_500_000, "2.5/10.0 MB")
    bar.update(10_000_000, "10.0/10.0 MB")
    bar.close()
    drawn = err.getvalue().split("\r")
    assert any("25%" in d and "[" in d for d in drawn) and any("100%" in d for d in drawn)
    assert all(len(d) < 60 for d in drawn)
    assert drawn[-1] == ""  # the line is cleared at the end


def test_cues_command_jsonl_offsets_and_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("These data may be explained by a second site. Samples were taken in May 2001.\n\n"
            "We investigated whether the kinase binds DNA.")
    p = write(tmp_path, "abstract.txt", text)
    rc, out, err = run(capsys, "cues", "-f", "jsonl", str(p))
    assert rc == 0 and err == ""
    recs = jsonl(out)
    assert [r["text"] for r in recs] == ["These data may be explained by a second site.",
                                         "Samples were taken in May 2001.",
                                         "We investigated whether the kinase binds DNA."]
    for r in recs:
        assert text[r["start"]:r["end"]] == r["text"]
        for c in r["cues"]:
            assert r["text"][c["start"]:c["end"]] == c["text"] and 0.5 <= c["probability"] <= 1.0
    assert [(c["text"], c["category"]) for c in recs[0]["cues"]] == [("may", "epistemic")]  # "may be" -> "may"
    assert recs[1]["cues"] == []  # the month
    assert [c["text"] for c in recs[2]["cues"]] == ["investigated", "whether"]
    assert cli.main(["cues", "-f", "jsonl", "--threshold", "0.99999", str(p)]) == 0
    assert all(not r["cues"] for r in jsonl(capsys.readouterr().out))


def test_cues_command_reads_a_line_without_a_final_mark_as_with_one(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """As `score` does: "Perhaps" (a headline, a bullet) and "Perhaps." give the same cue probability
    unless --no-end-mark, which reads each line as written (bioscope: 0.835 against 0.748)."""
    p = write(tmp_path, "lines.txt", "Perhaps\n\nPerhaps.\n")
    probs = {}
    for flag in ("--end-mark", "--no-end-mark"):
        rc, out, err = run(capsys, "cues", "--domain", "bioscope", "-f", "jsonl", flag, str(p))
        assert rc == 0 and err == ""
        recs = jsonl(out)
        assert [r["text"] for r in recs] == ["Perhaps", "Perhaps."]
        probs[flag] = [r["cues"][0]["probability"] for r in recs]
    assert probs["--end-mark"][0] == probs["--end-mark"][1] == probs["--no-end-mark"][1]
    assert probs["--no-end-mark"][0] > probs["--no-end-mark"][1] + 0.05
    _, default, _ = run(capsys, "cues", "--domain", "bioscope", "-f", "jsonl", str(p))
    assert [r["cues"][0]["probability"] for r in jsonl(default)] == probs["--end-mark"]


def test_cues_command_takes_a_cue_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CueDetector(model=path) had no command-line counterpart (an audit)."""
    from hedgekit import cues

    p = write(tmp_path, "r.txt", "It may rain. It rained.")
    shipped = Path(cues.__file__).parent / "data" / "cues-general.json.gz"
    rc, out, _ = run(capsys, "cues", "-f", "jsonl", "--model", str(shipped), str(p))
    expected = [[c.probability for c in cs] for cs in cues.CueDetector(model=shipped).detect(["It may rain.", "It rained."])]
    assert rc == 0 and [[c["probability"] for c in r["cues"]] for r in jsonl(out)] == expected
    _, same, _ = run(capsys, "cues", "-f", "jsonl", "--domain", "general", str(p))
    assert same == out  # (the shipped general model, by name or by file)
    rc, _, err = run(capsys, "cues", "--model", str(shipped), "--domain", "biomedical", str(p))
    assert rc == 1 and "domain is 'general', expected 'biomedical'" in err
    rc, _, err = run(capsys, "cues", "--model", str(tmp_path / "none.json.gz"), str(p))
    assert rc == 1 and "none.json.gz: no such file" in err
    rc, _, err = run(capsys, "cues", "--model", str(Path(cues.__file__).parent / "data" / "model.json.gz"), str(p))
    assert rc == 1 and "a sentence model goes to score --model, not to cues --model" in err


def test_benchmark_takes_a_cue_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """benchmark --cues took the shipped cue models only; --cue-model PATH takes one's own file."""
    from hedgekit import cues

    shipped = Path(cues.__file__).parent / "data" / "cues-general.json.gz"
    corpus = str(ROOT / "corpora" / "fixtures" / "szeged" / "sample.xml")
    rc, by_file, _ = run(capsys, "benchmark", "--corpus", corpus, "--cue-model", str(shipped), "--n-boot", "0",
                         "--json")
    rc2, by_name, _ = run(capsys, "benchmark", "--corpus", corpus, "--cues", "general", "--n-boot", "0", "--json")
    a, b = json.loads(by_file), json.loads(by_name)
    assert rc == rc2 == 0 and a["scorer"]["model"] == f"cue classifier {shipped}"
    assert {k: a[k] for k in ("f1", "tp", "fp", "cues")} == {k: b[k] for k in ("f1", "tp", "fp", "cues")}
    rc, _, err = run(capsys, "benchmark", "--corpus", corpus, "--cue-model", str(shipped), "--cues", "bioscope")
    assert rc == 1 and "domain is 'general', expected 'bioscope'" in err
    rc, _, err = run(capsys, "benchmark", "--corpus", corpus, "--cue-model", str(shipped), "--expert", "general")
    assert rc == 2 and "--cue-model scores with a cue classifier: it takes no --model or --expert" in err


def test_cues_command_table_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, "essay.txt", "Some historians believe the letter is probably a forgery. It is dated 1850.")
    rc, out, _ = run(capsys, "cues", "--domain", "general", "-f", "table", str(p))
    assert rc == 0
    assert "believe (doxastic" in out and "probably (epistemic" in out and "1850" not in out
    # each cue's span in its sentence, as the help promises (a word twice in a sentence: which one)
    assert re.search(r"believe \(doxastic \d\.\d\d, 16-23\)", out)
    assert re.search(r"probably \(epistemic \d\.\d\d, 38-46\)", out)
    assert "==>" not in out  # one input: no file headers
    # several inputs: each file's records under its name (offsets restart at 0 in each)
    q = write(tmp_path, "other.txt", "The letter may be a forgery.")
    rc, out, _ = run(capsys, "cues", "--domain", "general", "-f", "table", str(p), str(q), str(p))
    heads = [ln for ln in out.splitlines() if ln.startswith("==>")]
    assert rc == 0 and heads == [f"==> {p} <==", f"==> {q} <==", f"==> {p} <=="]
    assert out.index(f"==> {q} <==") < out.index("may (") < out.rindex(f"==> {p} <==")
    # --lines: every line in the table too, numbered, as the help promises (lines without a cue were
    # left out, an audit)
    lines = write(tmp_path, "lines.txt", "The drug may reduce mortality.\n\n   \nIt rained.\n")
    rc, out, _ = run(capsys, "cues", "--domain", "general", "-f", "table", "--lines", str(lines))
    assert rc == 0 and [ln.split()[0] for ln in out.splitlines() if not ln.lstrip().startswith("->")] == [
        "1", "2", "3", "4"]
    assert out.splitlines()[1].strip().startswith("-> may (") and out.splitlines()[-1].endswith("It rained.")
    rc, out, err = run(capsys, "cues", str(tmp_path / "missing.txt"))
    assert rc != 0 and "missing.txt" in err
    rc, _, err = run(capsys, "cues", "--domain", "legal", str(p))
    assert rc == cli.EXIT_USAGE and "invalid choice: 'legal'" in err


def test_progress_bar_fits_the_terminal_it_is_drawn_on(monkeypatch) -> None:
    """Without $COLUMNS the bar takes the width of stderr's terminal (stdout is redirected whenever it
    is shown); it took stdout's fallback, 80 columns, and wrapped on narrower terminals."""
    import os as os_mod

    from hedgekit import progress

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(progress.os, "get_terminal_size", lambda fd: os_mod.terminal_size((40, 24)))

    class Stream(io.StringIO):
        def fileno(self) -> int:
            return 2

    err = Stream()
    bar = cli.ProgressBar("big.txt", 100, err)
    bar.update(50, "half")
    bar.close()
    assert all(len(d) < 40 for d in err.getvalue().split("\r")) and "50%" in err.getvalue()
    assert progress._width(io.StringIO()) == 80  # no terminal: the fallback


def test_stdin_redirected_from_a_file_shows_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``hedgekit score < big.txt`` reads a regular file through stdin, whose size is known: the bar
    counts the bytes left from where stdin stands; a pipe has no size and gets no bar."""
    p = write(tmp_path, "big.txt", "It may rain. " * 400)
    monkeypatch.setattr(cli, "PROGRESS_MIN", 1000)
    monkeypatch.setenv("COLUMNS", "60")
    totals: list[int] = []

    class Bar(cli.ProgressBar):
        def __init__(self, name: str, total: int, stream: object) -> None:
            totals.append(total)
            super().__init__(name, total, stream)

    monkeypatch.setattr(cli, "ProgressBar", Bar)
    for source, drawn in (("file", True), ("pipe", False)):
        err = io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        if source == "file":
            raw = open(p, "rb")  # noqa: SIM115 - closed below
            raw.read(13)  # stdin need not stand at the start
        else:
            r, w = os.pipe()
            os.write(w, p.read_bytes())
            os.close(w)
            raw = open(r, "rb")  # noqa: SIM115 - closed below
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
        try:
            with cli.open_input("-", "utf-8", show_progress=True) as blocks:
                text = "".join(blocks)
        finally:
            raw.close()
        assert text.startswith("It may rain.") and len(text) == (5200 - 13 if source == "file" else 5200)
        assert ("100%" in err.getvalue() and "<stdin>" in err.getvalue()) == drawn, (source, err.getvalue())
    assert totals == [5200 - 13]  # the bytes left, not the file's size or the descriptor's offset


def test_train_and_benchmark_read_data_in_the_encoding_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cp1252 file (Excel's CSV) could not be read from the command line: the error named no way
    out. --encoding reads it; the error says to pass it; train records it in the command."""
    rows = ["text,label"] + [f"Caf\u00e9 {i} may open.,1" for i in range(30)] + [f"Caf\u00e9 {i} opened.,0" for i in range(30)]
    data = tmp_path / "labelled.csv"
    data.write_bytes("\n".join(rows).encode("cp1252"))
    rc, _, err = run(capsys, "benchmark", "--corpus", str(data), "--n-boot", "0", "-q")
    assert rc != 0 and "at line 2" in err and "--encoding cp1252" in err
    rc, out, err = run(capsys, "benchmark", "--corpus", str(data), "--n-boot", "0", "-q", "--encoding", "cp1252")
    assert rc == 0, err
    assert re.search(r"n_labelled +60", out)
    model = tmp_path / "m.json.gz"
    rc, _, err = run(capsys, "train", "--data", str(data), "--encoding", "cp1252", "--folds", "2", "--out", str(model))
    assert rc == 0, err
    assert "--encoding cp1252" in hedgekit.load_model(model).training["command"]
    rc, _, err = run(capsys, "train", "--corpora", str(tmp_path), "--encoding", "cp1252", "--out", str(model))
    assert rc == cli.EXIT_USAGE and "--encoding apply to --data" in err


def test_a_file_name_that_is_not_utf8_is_written_escaped(capsys, tmp_path, model_path) -> None:
    """Python keeps such a name's bytes as lone surrogates; written as they are, the JSON Lines were
    not UTF-8 (or, with strict UTF-8 output, a traceback)."""
    raw = os.fsencode(tmp_path) + b"/n\xf6te.txt"
    with open(raw, "wb") as f:
        f.write(b"It may rain.\n")
    name = os.fsdecode(raw)
    shown = str(tmp_path / "n\\xf6te.txt")
    for fmt in ("jsonl", "csv", "tsv"):
        rc, out, err = run(capsys, "score", "--model", model_path, "-f", fmt, name)
        assert rc == 0, err
        out.encode("utf-8")  # strict: no lone surrogate
        first = (json.loads(out) if fmt == "jsonl" else
                 next(csv.DictReader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ",")))
        assert first["input"] == (shown.replace("\\", "\\\\") if fmt == "tsv" else shown), fmt  # (TSV escapes \\)
    html = tmp_path / "out.html"
    rc, _, err = run(capsys, "highlight", "--model", model_path, name, "-o", str(html), "-q")
    assert rc == 0, err
    assert "<title>n\\xf6te.txt</title>" in html.read_text(encoding="utf-8")


def test_train_on_a_folder_records_each_file_so_benchmark_warns_on_it(capsys, tmp_path) -> None:
    """train --data FOLDER recorded the folder with no hash, so benchmarking one of its files with
    the trained model gave in-sample numbers without the warning."""
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "a.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED[:6])
          + "".join(f"{t}\tcertain\n" for t in PLAIN[:6]))
    write(folder, "b.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED[6:12])
          + "".join(f"{t}\tcertain\n" for t in PLAIN[6:12]))
    write(folder, "notes.md", "not a corpus")
    (folder / ".old").mkdir()  # a hidden copy of a.tsv's name with other rows: load_corpus skips it
    write(folder / ".old", "a.tsv", "text\tlabel\nIt rained.\tcertain\n")
    out = str(tmp_path / "m.json.gz")
    rc, _, err = run(capsys, "train", "--data", str(folder), "--out", out, "-q")
    assert rc == 0, err
    files = hedgekit.load_model(out).training["corpora"]
    assert [Path(f["file"]).name for f in files] == ["a.tsv", "b.tsv"] and all(f["sha256"] for f in files)
    assert all(".old" not in f["file"] for f in files)
    # a file in a subfolder with a trained file's name but no labelled sentence is not recorded (the
    # record went by base name, so it was)
    (folder / "sub").mkdir()
    write(folder / "sub", "a.tsv", "text\tlabel\nIt rained.\t\n")
    rc, _, err = run(capsys, "train", "--data", str(folder), "--out", out, "-q")
    assert rc == 0, err
    assert [f["file"] for f in hedgekit.load_model(out).training["corpora"]] == [str(folder / "a.tsv"),
                                                                                 str(folder / "b.tsv")]
    rc, _, err = run(capsys, "benchmark", "--corpus", str(folder / "b.tsv"), "--model", out, "--n-boot", "0", "-q")
    assert rc == 0 and "was trained on" in err and "b.tsv" in err and "a.tsv" not in err.split("trained on")[1]
    other = write(tmp_path, "c.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED[12:14])
                  + "".join(f"{t}\tcertain\n" for t in PLAIN[12:14]))
    rc, _, err = run(capsys, "benchmark", "--corpus", str(other), "--model", out, "--n-boot", "0", "-q")
    assert rc == 0 and "trained on" not in err
    # the same sentences in another file (edited: other case, spacing and punctuation, relabelled):
    # no file hash matches, the sentences do
    # (HEDGED[12], never trained on, has 20 letters and digits and counts; the short PLAIN[12:14] cannot)
    edited = write(tmp_path, "edited.tsv", "text\tlabel\n" + "".join(f"{t.upper().rstrip('.')} !\tcertain\n"
                                                                    for t in HEDGED[6:13] + PLAIN[12:14]))
    rc, out_json, err = run(capsys, "benchmark", "--corpus", str(edited), "--model", out, "--n-boot", "0", "--json")
    assert rc == 0 and (f"{edited}: 6 of its 7 sentences with 20 or more letters and digits (86%) are sentences the "
                        "model was trained on") in err, err
    assert json.loads(out_json)["trained_sentences"] == 6
    # a folder with a trained file and such a copy: both warnings (the file's warning hid the other)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.tsv").write_bytes((folder / "a.tsv").read_bytes())
    (mixed / "edited.tsv").write_bytes(edited.read_bytes())
    rc, out_json, err = run(capsys, "benchmark", "--corpus", str(mixed), "--model", out, "--n-boot", "0", "--json")
    assert rc == 0 and "was trained on" in err and (f"{mixed}: 6 of the 7 sentences of its other files with 20 or "
                                                    "more letters and digits (86%) are sentences") in err, err
    from hedgekit.train import sentence_key_hash
    trained_a = sum(sentence_key_hash(row.split("\t")[0]) is not None
                    for row in (folder / "a.tsv").read_text().splitlines()[1:])
    assert json.loads(out_json)["trained_sentences"] == 6 + trained_a
    # an adapted expert knows what its base learned: the shipped biomedical expert's BioScope sentences
    adapted = str(tmp_path / "adapted.json")
    rc, _, err = run(capsys, "train", "--data", str(folder), "--base", "biomedical", "--folds", "3", "--out", adapted,
                     "-q")
    assert rc == 0, err
    record = hedgekit.load_model(adapted).training
    assert set(record["base"]["sentence_keys"]["corpora"]) == {"bioscope"} and "data" in record["sentence_keys"]["corpora"]


def test_jsonl_numbers_never_contradict_the_label(capsys, tmp_path) -> None:
    """Rounded to 6 decimals, P(uncertain) 0.71514902 at --threshold 0.7151493 printed as 0.715149 for
    both and 'certain', and --threshold 0.0000001 printed as 0.0, outside (0, 1) (found by an audit)."""
    f = write(tmp_path, "r.txt", "It may rain.\n")
    p = hedgekit.Scorer().score_sentence("It may rain.").p_uncertain
    for t in (round(p, 6) + 1e-7 if round(p, 6) > p else round(p, 6) + 3e-7, 1e-7):
        rc, out, _ = run(capsys, "score", "-f", "jsonl", "--threshold", repr(t), str(f))
        (r,) = jsonl(out)
        assert rc == 0 and r["threshold"] == t and r["p_uncertain"] == p
        assert (r["label"] == "uncertain") == (r["p_uncertain"] >= r["threshold"])


def test_a_jsonl_record_reads_back_as_what_score_text_returns(capsys, tmp_path) -> None:
    """The cues' weight and contribution were rounded to 6 decimals (4.777122 for 4.777121610657926),
    so SentenceScore.from_dict of a record, which its docstring says reads them, was not equal to
    score_text's result for the same text (an audit)."""
    from hedgekit import SentenceScore

    text = "Experts believe Russia might require shells. The talks, reportedly, may resume.\n"
    f = write(tmp_path, "story.txt", text)
    rc, out, _ = run(capsys, "score", "-f", "jsonl", str(f))
    recs = jsonl(out)
    assert rc == 0 and recs and all(r["cues"] for r in recs)
    back = [SentenceScore.from_dict({k: v for k, v in r.items() if k not in ("input", "line")}) for r in recs]
    assert back == hedgekit.score_text(text)


def test_end_mark_scores_lines_without_a_full_stop_as_with_one(capsys, tmp_path) -> None:
    f = write(tmp_path, "lines.txt", "It may rain\nmaybe\nIt may rain.\n")
    _, plain, _ = run(capsys, "score", "--lines", "-f", "jsonl", "--no-end-mark", str(f))
    rc, marked, err = run(capsys, "score", "--lines", "-f", "jsonl", str(f))  # the default
    assert rc == 0 and err == ""
    _, explicit, _ = run(capsys, "score", "--lines", "-f", "jsonl", "--end-mark", str(f))
    assert explicit == marked
    p, m = [r["p_uncertain"] for r in jsonl(plain)], [r["p_uncertain"] for r in jsonl(marked)]
    assert m[0] == m[2] == p[2] and m[0] > p[0] and m[1] > p[1]  # as with a full stop; the closed line the same
    corpus = write(tmp_path, "c.tsv", "text\tlabel\nIt may rain\tuncertain\nmaybe\tuncertain\n")
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(corpus), "--n-boot", "0", "--json")
    assert rc == 0 and json.loads(out)["recall"] == 1.0 and json.loads(out)["scorer"]["end_mark"] is True
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(corpus), "--no-end-mark", "--n-boot", "0", "--json")
    assert rc == 0 and json.loads(out)["recall"] == 0.5  # "maybe" without its full stop: certain
    assert json.loads(out)["scorer"]["end_mark"] is False  # the report says how it was scored
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(corpus), "--no-end-mark", "--n-boot", "0")
    assert rc == 0 and "threshold 0.301, --no-end-mark" in out.splitlines()[0]


def test_an_output_file_that_is_an_input_file_is_refused(capsys, tmp_path, model_path, monkeypatch) -> None:
    """``train --out`` naming the labelled data (or a link to it) and ``highlight -o`` naming the text
    replaced the user's file without a word (a review); now refused before any work, the file intact."""
    data = tmp_path / "labelled.tsv"
    rows = "text\tlabel\n" + "".join(f"It may rain {i}.\t1\nIt rained {i}.\t0\n" for i in range(4))
    data.write_text(rows, encoding="utf-8")
    (tmp_path / "alias.tsv").symlink_to(data)
    for out in (data, tmp_path / "alias.tsv"):
        rc, _, err = run(capsys, "train", "--data", str(data), "--out", str(out), "-q")
        assert rc == 1 and "--out names the labelled data" in err and "another file name" in err
        assert data.read_text(encoding="utf-8") == rows
    text = tmp_path / "story.txt"
    text.write_text("It may rain. The sun rose.\n", encoding="utf-8")
    rc, _, err = run(capsys, "highlight", "--model", model_path, str(text), "-o", str(text))
    assert rc == 1 and "-o/--output names the input text" in err
    assert text.read_text(encoding="utf-8") == "It may rain. The sun rose.\n"
    rc, _, _ = run(capsys, "highlight", "--model", model_path, str(text), "-o", str(tmp_path / "page.html"), "-q")
    assert rc == 0 and (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # (a review) a file of a --data folder, and the text on standard input, are inputs too; a model
    # written beside the data may be written again
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.tsv").write_text(rows, encoding="utf-8")
    rc, _, err = run(capsys, "train", "--data", str(folder), "--out", str(folder / "a.tsv"), "-q")
    assert rc == 1 and "--out names the labelled data" in err and (folder / "a.tsv").read_text(encoding="utf-8") == rows
    for _ in range(2):
        rc, _, _ = run(capsys, "train", "--data", str(folder), "--format", "tsv", "--out", str(folder / "m.json"), "-q")
        assert rc == 0
    with open(text, encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        rc, _, err = run(capsys, "highlight", "--model", model_path, "-", "-o", str(text))
    assert rc == 1 and "standard input" in err and text.read_text(encoding="utf-8") == "It may rain. The sun rose.\n"


def test_a_conll_list_named_otherwise_is_labelled_on_the_command_line(capsys, tmp_path, model_path) -> None:
    """A CoNLL-2010 list takes its label from its file name; one named otherwise could be read only
    from Python (``label=``), and the error said so to a command-line user (a review)."""
    f = tmp_path / "hedged.txt"
    f.write_text("It may rain .\nSome say it will .\n", encoding="utf-8")
    rc, _, err = run(capsys, "benchmark", "--model", model_path, "--corpus", str(f), "--format", "conll-wiki", "-q")
    assert rc == 1 and "--conll-label uncertain" in err
    rc, out, _ = run(capsys, "benchmark", "--model", model_path, "--corpus", str(f), "--format", "conll-wiki",
                     "--conll-label", "uncertain", "--json", "--n-boot", "0", "-q")
    rep = json.loads(out)
    assert rc == 0 and rep["n_labelled"] == rep["n_uncertain"] == 2
    # (a review) it overrides a name that says the other label, with a warning; on a corpus of another
    # format it has no effect, and a warning says so
    named = tmp_path / "train_certain_sentences.txt"
    named.write_text("It rained .\n", encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--model", model_path, "--corpus", str(named), "--conll-label",
                       "uncertain", "--json", "--n-boot", "0", "-q")
    assert rc == 0 and "label='uncertain' overrides the file name, which says 'certain'" in err
    table = tmp_path / "t.tsv"
    table.write_text("text\tlabel\nIt may rain.\t1\nIt rained.\t0\n", encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--model", model_path, "--corpus", str(table), "--conll-label",
                       "uncertain", "--json", "--n-boot", "0", "-q")
    assert rc == 0 and "label had no effect" in err and json.loads(out)["n_uncertain"] == 1


# ------------------------------------------------------------------ a review (session 9): the command end to end


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")
def test_a_closed_stderr_does_not_stop_the_other_inputs(tmp_path, model_path) -> None:
    """With stderr closed ("2>&-"), the first input error raised AttributeError and the files after
    it were never scored; the README says the other files are still processed."""
    good = write(tmp_path, "good.txt", "It may rain")
    proc = subprocess.run([sys.executable, "-m", "hedgekit", "score", "-f", "jsonl", "--model", model_path,
                           str(tmp_path / "missing.txt"), str(good)], stdout=subprocess.PIPE, timeout=120,
                          env=_env(), stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(2))  # noqa: PLW1509
    assert proc.returncode == 1
    assert [r["text"] for r in jsonl(proc.stdout.decode())] == ["It may rain"]


def test_file_names_reach_the_terminal_escaped(tmp_path, capsys, model_path) -> None:
    """A file name's escape sequences were written as they are in the table headers and errors."""
    evil = write(tmp_path, "evil\x1b[2J\x07.txt", "It may rain.")
    plain = write(tmp_path, "plain.txt", "It rained.")
    for command in ("score", "cues"):
        argv = [command, "-f", "table", str(evil), str(plain)] + (["--model", model_path] if command == "score" else [])
        rc, out, err = run(capsys, *argv)
        assert rc == 0 and "\x1b" not in out and "\x07" not in out and "evil\\x1b[2J\\x07.txt <==" in out
    rc, out, err = run(capsys, "score", "--model", model_path, str(tmp_path / "gone\x1b[31m.txt"))
    assert rc == 1 and err == f"hedgekit: error: {tmp_path}/gone\\x1b[31m.txt: no such file\n"
    rc, out, err = run(capsys, "score", "--model", model_path, str(tmp_path / "new\nline.txt"))  # (one error line)
    assert rc == 1 and err == f"hedgekit: error: {tmp_path}/new\\nline.txt: no such file\n"


def test_an_empty_file_name_says_so(capsys, model_path) -> None:
    """'' (an unset "$FILE") was "is a directory": Path('') is the working directory."""
    for argv in (["score", "--model", model_path, ""], ["cues", ""], ["highlight", "--model", model_path, ""]):
        rc, out, err = run(capsys, *argv)
        assert rc == 1 and err == ("hedgekit: error: '': an empty file name (an unset variable?); give a file, or - "
                                   "for standard input\n"), (argv, err)


def test_benchmark_output_holds_a_not_utf8_model_name_escaped(tmp_path, capsys, model_path) -> None:
    """The --model name went raw into the JSON (a byte 0xff: invalid UTF-8, or a UnicodeEncodeError)."""
    import shutil

    odd = tmp_path / "m\udcff.json.gz"
    shutil.copy(model_path, odd)
    corpus = write(tmp_path, "c.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(corpus), "--model", str(odd), "--json", "--n-boot", "0")
    assert rc == 0 and json.loads(out)["scorer"]["model"] == f"{tmp_path}/m\\xff.json.gz"
    out.encode("utf-8")  # (a lone surrogate would fail here)
    rc, out, err = run(capsys, "benchmark", "--corpus", str(corpus), "--model", str(odd), "--n-boot", "0")
    assert rc == 0 and out.splitlines()[0].startswith(f"{corpus} (tsv), scored with {tmp_path}/m\\xff.json.gz model")


def test_a_score_csv_with_a_nul_past_8_kb_reads_back_as_a_corpus(tmp_path, capsys, model_path) -> None:
    """score takes a NUL after the first 8 KB and its CSV writes it as it is; the readers refused any
    NUL ("UTF-16 without a byte-order mark?"), so its own output was no corpus for benchmark / train
    (also where the NUL lands early in the CSV: a blank 9,000-character line before it)."""
    from hedgekit.readers import load_corpus

    for name, data in (("nul.txt", "a" * 8200 + ".\nIt may\x00 rain.\n"), ("blank.txt", " " * 9000 + "\nIt may\x00 rain.\n")):
        src = write(tmp_path, name, data)
        rc, out, err = run(capsys, "score", "--lines", "-f", "csv", "--model", model_path, str(src))
        assert rc == 0
        table = write(tmp_path, name + ".csv", out)
        assert [s.text for s in load_corpus(table)][-1] == "It may\x00 rain."
    utf16 = write(tmp_path, "u.csv", "text,label\nIt may rain.,1\n".encode("utf-16-le"))  # UTF-16 without a mark
    with pytest.raises(hedgekit.CorpusError, match=r"u\.csv, line 1: a NUL character"):
        list(load_corpus(utf16))


def test_resampling_one_document_is_refused_and_a_doc_column_alone_is_warned_about(tmp_path, capsys) -> None:
    """One document gave a zero-width "95% CI" (every resample was the data); --doc-column without
    --resample documents was ignored without a word."""
    f = write(tmp_path, "one.tsv", "text\tlabel\tdoc\nIt may rain.\tuncertain\td1\nIt rains.\tcertain\td1\n"
                                   "Perhaps so.\tcertain\td1\n")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--doc-column", "doc", "--resample", "documents",
                       "--n-boot", "40")
    assert rc == 1 and "resampling documents needs two or more documents" in err
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--doc-column", "doc", "--n-boot", "40")
    assert rc == 0 and err == (f"hedgekit: warning: {f}: --doc-column had no effect: documents are what "
                               "--resample documents resamples\n")


def test_too_few_resamples_are_one_warning_line(tmp_path, capsys) -> None:
    """--n-boot 1 printed a zero-width "95% CI" without a word."""
    f = write(tmp_path, "few.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rains.\tcertain\n")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--n-boot", "1")
    assert rc == 0 and "95% CI" in out
    assert err == ("hedgekit: warning: --n-boot 1 resamples are too few for a 0.95 interval: each of its tails of "
                   "0.025 holds less than one resample, so its ends are set by the one or two most extreme resamples "
                   "and it is narrower than asked for; use --n-boot 40 or more (1000 or more for stable ends), or "
                   "--n-boot 0 for no intervals\n")


def _labelled_rows(n_docs: int, per_doc: int, shared: str | None = None) -> str:
    rows = ["text\tlabel\tdoc"]
    words = ["rain", "snow", "wind", "hail", "fog", "frost", "storm", "heat", "cold", "dust", "ice", "smoke"]
    for d in range(n_docs):
        for j in range(per_doc):
            w = words[(d + j) % len(words)]
            hedged = (d + j) % 3 == 0
            text = (f"The {w} may perhaps reach district {d} by day {j}." if hedged
                    else f"The {w} reached district {d} on day {j}.")
            rows.append(f"{text}\t{'uncertain' if hedged else 'certain'}\tdoc{d}")
        if shared:
            rows.append(f"{shared}\tcertain\tdoc{d}")
    return "\n".join(rows) + "\n"


def test_documents_joined_by_a_shared_sentence_are_reported(tmp_path, capsys, caplog) -> None:
    """Documents that share a sentence become one group: with a sentence every document has, training
    failed saying "in 1 and 1 documents" of a file of 20 document ids, with no word of why (a review)."""
    boiler = "All authors read and approved the final manuscript."
    f = write(tmp_path, "boiler.tsv", _labelled_rows(20, 6, shared=boiler))
    with caplog.at_level(logging.WARNING):
        rc, out, err = run(capsys, "train", "--data", str(f), "--doc-column", "doc", "--out", str(tmp_path / "m.json"),
                           "-q")
    assert rc == 1
    assert ("in 1 and 1 groups of documents (20 of the 20 documents share sentences and were joined into 1 group(s), so "
            f"that no sentence is in training and test at once; {boiler!r} is in 20 documents") in err
    from hedgekit.cli import _joined_documents
    from hedgekit.train import merge_twin_groups

    texts = [f"Document {i} has its own distinct sentence number {i}." for i in range(40)] + [boiler] * 2
    groups = [f"doc/d{i}" for i in range(40)] + ["doc/d0", "doc/d1"]  # only two documents share a sentence
    assert _joined_documents(texts, groups, merge_twin_groups(texts, groups)).startswith(
        "2 of the 40 documents share sentences and were joined into 1 group(s)")
    # a sentence without a document that repeats one of a document's joins no documents: nothing said
    # (it said "1 of the 6 documents ... were joined", counting the sentence as a document: a review)
    texts2 = texts[:5] + [texts[0]]
    groups2 = [f"doc/d{i}" for i in range(5)] + ["text/" + texts[0]]
    assert _joined_documents(texts2, groups2, merge_twin_groups(texts2, groups2)) == ""
    f2 = write(tmp_path, "fine.tsv", _labelled_rows(20, 6))
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        rc, out, err = run(capsys, "train", "--data", str(f2), "--doc-column", "doc", "--out", str(tmp_path / "m2.json"),
                           "-q")
    assert rc == 0 and "share sentences" not in caplog.text


def test_a_copy_in_another_unicode_form_stays_in_its_fold_and_is_known_to_benchmark(tmp_path, capsys) -> None:
    """Copies the model cannot tell apart (NFC/NFD accents, ligatures) had other link keys: they could be
    trained and tested on at once, and benchmark did not count them as training sentences (a review)."""
    from hedgekit.train import _link_key

    for a, b in (("The naïve model may fail.", "The nai\u0308ve model may fail."), ("We ﬁnd it.", "We find it."),
                 ("It ｍａｙ rain.", "It may rain."), ("It pro\u00adbably rains.", "It probably rains.")):
        assert _link_key(a) == _link_key(b)
    for a, b in (("Dose of 10² cells.", "Dose of 102 cells."), ("Take ½ of it.", "Take 12 of it.")):
        assert _link_key(a) != _link_key(b)  # (what the tokenizer tells apart is not folded)
    rows = _labelled_rows(8, 6).replace("district", "naïve district")
    nfc = write(tmp_path, "nfc.tsv", rows)
    nfd = write(tmp_path, "nfd.tsv", rows.replace("naïve", "nai\u0308ve"))
    rc, out, err = run(capsys, "train", "--data", str(nfc), "--doc-column", "doc", "--out", str(tmp_path / "m.json"),
                       "-q", "--folds", "3")
    assert rc == 0
    rc, out, err = run(capsys, "benchmark", "--corpus", str(nfd), "--model", str(tmp_path / "m.json"), "--n-boot", "0",
                       "--json")
    assert rc == 0 and json.loads(out)["trained_sentences"] == 48 and "are sentences the model was trained on" in err


def test_small_data_says_its_folds_were_scored_at_0_5(tmp_path, capsys) -> None:
    """Too few documents of the smaller class for an inner CV: the folds were scored at 0.5 while the
    model took another threshold, and an undefined precision was printed as P=0.000 (a review)."""
    rows = ["text\tlabel\tdoc"] + [f"The river rose on day {i} in town {i % 7}.\tcertain\td{i}" for i in range(40)]
    rows += ["The river may rise again.\tuncertain\tu1", "Perhaps the river will rise.\tuncertain\tu2"]
    f = write(tmp_path, "unbal.tsv", "\n".join(rows) + "\n")
    rc, out, err = run(capsys, "train", "--data", str(f), "--doc-column", "doc", "--out", str(tmp_path / "u.json"), "-q")
    assert rc == 0
    assert "note: too few documents of the smaller class for an inner cross-validation: each fold above was scored at " \
           "threshold 0.5" in out
    # three sentences of each class: enough documents, but grouped inner folds put one class in an inner
    # training part; the inner folds are then stratified, and the folds get their own thresholds (an
    # audit: it fell back to 0.5, which the note said)
    tiny = write(tmp_path, "tiny.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\nIt may snow.\t"
                 "uncertain\nIt snowed.\tcertain\nPerhaps hail.\tuncertain\nHail fell.\tcertain\n")
    rc, out, err = run(capsys, "train", "--data", str(tiny), "--out", str(tmp_path / "t.json"), "-q")
    assert rc == 0 and "note:" not in out and "F1=1.000" in out
    from hedgekit.train import format_cv

    report = {"corpora": {"x.tsv": {"n": 203, "auto": {"precision": 0.0, "precision_folds": 0, "recall": 0.0,
                                                       "f1": 0.0, "f1_std": 0.0}}}}
    assert format_cv(report) == "x.tsv            auto         n=   203  P=-  R=0.000  F1=0.000 ± 0.000"


def test_utf16_without_a_byte_order_mark_gets_a_hint(capsys, tmp_path, model_path) -> None:
    """UTF-16 text without a byte-order mark was called a binary file with no word of --encoding (a
    review); every other byte NUL now names the byte order to pass."""
    for order in ("le", "be"):
        f = tmp_path / f"{order}.txt"
        f.write_bytes("It may rain. The sun set.\n".encode(f"utf-16-{order}"))
        rc, _, err = run(capsys, "score", "--model", model_path, str(f))
        assert rc == 1 and "binary file" in err and f"pass --encoding utf-16-{order}" in err
        rc, out, _ = run(capsys, "score", "--model", model_path, "--encoding", f"utf-16-{order}", "-f", "jsonl", str(f))
        assert rc == 0 and [r["text"] for r in jsonl(out)] == ["It may rain.", "The sun set."]
    f = tmp_path / "bin.dat"
    f.write_bytes(bytes(range(256)) * 4)
    rc, _, err = run(capsys, "score", "--model", model_path, str(f))
    assert rc == 1 and "binary file" in err and "UTF-16" not in err


def test_train_data_gives_the_same_model_for_its_rows_in_any_order(tmp_path, capsys) -> None:
    """A sentence without letters or digits was grouped by its row number, and documents joined by a
    shared sentence took the name of the one that came first: the folds, so the threshold and the CV
    report, followed the rows' order (two swapped rows: threshold 0.418 against 0.424; a review).
    Groups are named by their sentences now."""
    import random

    lines = _labelled_rows(20, 6).splitlines()
    shared = "The committee met again later that same week."
    rows = lines[1:] + [f"{shared}\tcertain\tdoc{d}" for d in (1, 7, 13)] + ["* * *\tcertain\tdoc2", "(?)\tuncertain\tdoc5",
                                                                            "* * *\tcertain\t", "(?)\tuncertain\t"]
    got = []
    for seed in (0, 1, 2):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        (tmp_path / str(seed)).mkdir()
        f = write(tmp_path / str(seed), "d.tsv", "\n".join([lines[0], *shuffled]) + "\n")
        out_model = tmp_path / f"m{seed}.json"
        rc, _, _ = run(capsys, "train", "--data", str(f), "--doc-column", "doc", "--out", str(out_model), "-q")
        assert rc == 0
        m = hedgekit.load_model(out_model)
        got.append((m.thresholds, m.features, m.coef.tolist(), m.training["cross_validation"]))
    assert got[0] == got[1] == got[2]


def test_an_extra_argument_is_told_with_the_command_s_own_usage(capsys, tmp_path) -> None:
    """`hedgekit highlight a.txt b.txt` printed the top-level usage ("hedgekit [-h] [--version]
    COMMAND ...") for the second file, as if the command were unknown (a review of the README as a user)."""
    a = tmp_path / "a.txt"
    a.write_text("It may rain.", encoding="utf-8")
    rc, out, err = run(capsys, "highlight", str(a), str(a))
    assert rc == 2 and out == "" and err.startswith("usage: hedgekit highlight ")
    assert f"hedgekit highlight: error: unrecognized arguments: {a}" in err
    rc, _, err = run(capsys, "--bogus")
    assert rc == 2 and "hedgekit: error: unrecognized arguments: --bogus" in err
    # an option before the command's name is the top level's ("hedgekit -q score": -q is score's)
    rc, _, err = run(capsys, "-q", "score", str(a))
    assert rc == 2 and err.startswith("usage: hedgekit [-h]") and "hedgekit: error: unrecognized arguments: -q" in err


@pytest.mark.parametrize("command", ["score", "cues"])
def test_reading_from_the_terminal_is_noted_unless_quiet(capsys, monkeypatch, command: str) -> None:
    """`hedgekit cues` waited on a terminal without a word, and was the one command without -q (a
    review of the README as a user)."""
    import io

    for quiet in ((), ("-q",)):
        stdin = io.TextIOWrapper(io.BytesIO(b"It may rain.\n"), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", stdin)
        monkeypatch.setattr(cli, "_isatty", lambda f: f is stdin)
        rc, out, err = run(capsys, command, "-f", "jsonl", *quiet)
        assert rc == 0 and json.loads(out.splitlines()[0])["text"] == "It may rain."
        assert ("reading text from the terminal; end it with Ctrl-D" in err) is not bool(quiet)


def test_cues_command_lines_lexicon_and_the_sentence_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`hedgekit cues` could not read one sentence per line (its splitter joined "Results of the
    trial\\nThe drug may work" as hard-wrapped prose), took no --lexicon, printed no p_uncertain or
    label, and rounded P(cue) to 6 decimals (a review of the interfaces' agreement)."""
    from hedgekit import cues

    lines = ["Results of the trial", "The drug may work", "we measured it", "", "Perhaps it binds DNA."]
    p = write(tmp_path, "lines.txt", "\n".join(lines) + "\n")
    rc, out, err = run(capsys, "cues", "--lines", "-f", "jsonl", str(p))
    recs = jsonl(out)
    assert rc == 0 and [r["line"] for r in recs] == [1, 2, 3, 4, 5] and [r["text"] for r in recs] == lines
    scored = cues.CueDetector().score(lines)
    found = cues.detect(lines)
    for r, s, f in zip(recs, scored, found):
        blank = not r["text"]  # (a blank line: no P(uncertain) or label, as score --lines gives it)
        assert (r["p_uncertain"], r["label"], r["threshold"]) == ((None, None) if blank else (s.p_uncertain, s.label)) \
            + (s.threshold,)
        assert [(c["text"], c["start"], c["category"], c["probability"]) for c in r["cues"]] == \
            [(c.text, c.start, c.category, c.probability) for c in f]  # (exact, not rounded)
    assert [r["label"] for r in recs] == ["certain", "uncertain", "certain", None, "uncertain"]
    # the document mode's records carry the same fields
    rc, out, _ = run(capsys, "cues", "-f", "jsonl", str(p))
    assert rc == 0 and all({"p_uncertain", "label", "threshold", "line"} - set(r) == {"line"} for r in jsonl(out))
    # --lexicon: a lexicon derived from the shipped one, and a missing file
    lex = tmp_path / "lex.tsv"
    hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9)]).to_tsv(lex)
    rc, out, _ = run(capsys, "cues", "--lines", "-f", "jsonl", "--lexicon", str(lex), str(p))
    assert rc == 0 and [r["label"] for r in jsonl(out)] == [r["label"] for r in recs]
    rc, _, err = run(capsys, "cues", "--lexicon", str(tmp_path / "none.tsv"), str(p))
    assert rc == 1 and "none.tsv: no such file" in err


def test_train_data_warns_of_a_threshold_that_labels_nearly_everything_uncertain(tmp_path: Path, capsys,
                                                                                  caplog) -> None:
    """HedgeClassifier warned when its CV threshold labelled 95% or more of the held-out sentences
    uncertain; `hedgekit train --data` wrote such a model without a word (a review of the training
    paths): coin-flip labels, a model that calls every sentence uncertain."""
    import random

    rng = random.Random(3)
    subjects = ["The mayor", "The drug", "The kinase", "The river", "The committee", "The striker"]
    verbs = ["closed the bridge", "binds the promoter", "reduced mortality", "rose by a metre", "met on Monday",
             "joined a rival club"]
    rows = [f"{s} {v} in {year}.\t{rng.choice(['certain', 'uncertain'])}" for s in subjects for v in verbs
            for year in (1990, 2001, 2015)]
    data = write(tmp_path, "random.tsv", "text\tlabel\n" + "\n".join(rows) + "\n")
    with caplog.at_level(logging.WARNING):  # (-q: warnings only)
        rc, _, _ = run(capsys, "train", "-q", "--data", str(data), "--out", str(tmp_path / "m.json.gz"))
    assert rc == 0 and "the model: the threshold chosen by cross-validation" in caplog.text
    assert "labels 100% of the held-out sentences uncertain" in caplog.text and "on these 108 sentences" in caplog.text
    assert caplog.text.count("the threshold chosen by cross-validation") == 1  # (once: the default is that expert)


def test_train_data_names_document_ids_shared_by_files(tmp_path: Path, capsys, caplog) -> None:
    """Documents "1", "2", "3" of a.tsv and b.tsv were one document each across the files, silently
    (a review of the training paths); they still are (never a leak), and a warning says so."""
    rows = ["It may rain in the north today.\tuncertain\t1", "It rained in the north today.\tcertain\t1",
            "Perhaps the drug works well.\tuncertain\t2", "The drug works well in mice.\tcertain\t2",
            "The bridge might close soon.\tuncertain\t3", "The bridge closed in March.\tcertain\t3"]
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder, "a.tsv", "text\tlabel\tdoc\n" + "\n".join(rows) + "\n")
    write(folder, "b.tsv", "text\tlabel\tdoc\n" + "\n".join(r.replace("north", "south").replace("drug", "pill")
                                                          .replace("bridge", "road") for r in rows) + "\n")
    with caplog.at_level(logging.WARNING):
        rc, _, _ = run(capsys, "train", "-q", "--data", str(folder), "--doc-column", "doc", "--out",
                       str(tmp_path / "m.json.gz"))
    assert rc == 0 and "3 document id(s) occur in more than one file ('1', '2', '3'), and each is one document" \
        in caplog.text
    # a file no reader takes is named, not passed over (150 of 200 rows were, silently)
    write(folder, "c.txt", "text\tlabel\tdoc\n" + "\n".join(rows) + "\n")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        rc, _, _ = run(capsys, "train", "-q", "--data", str(folder), "--doc-column", "doc", "--out",
                       str(tmp_path / "m.json.gz"))
    assert rc == 0 and f"1 file(s) of {folder} not read (no reader takes them by their names' endings" in caplog.text
    assert str(folder / "c.txt") in caplog.text


def test_train_out_must_name_a_model_file(tmp_path: Path, capsys) -> None:
    """--out data/model.tsv wrote model JSON among the data, and every later `train --data data` failed
    on it, quoting the whole model as the "header" (a review of the training paths)."""
    data = write(tmp_path, "d.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n")
    rc, _, err = run(capsys, "train", "--data", str(data), "--out", str(tmp_path / "model.tsv"))
    assert rc == 2 and "--out " in err and "a model file's name ends in .json or .json.gz" in err
    assert not (tmp_path / "model.tsv").exists()
    wide = write(tmp_path, "wide.tsv", "\t".join(f"column{i}" for i in range(200)) + "\nx\n")
    with pytest.raises(hedgekit.CorpusError) as e:
        list(hedgekit.load_corpus(wide))
    assert len(str(e.value)) < 800 and "..." in str(e.value)  # (the header quoted in part)


def test_benchmark_cues_ci_and_cue_match(capsys) -> None:
    """`hedgekit benchmark` could not reproduce the README's cue-classifier column, nor set the
    intervals' level or the cue matching mode, which the Python API takes (a review of the command)."""
    from hedgekit import cues
    from hedgekit.evaluate import evaluate

    corpus = Path(__file__).resolve().parents[1] / "corpora" / "fixtures" / "bioscope"
    rc, out, _ = run(capsys, "benchmark", "-q", "--corpus", str(corpus), "--cues", "bioscope", "--json",
                     "--n-boot", "50", "--ci", "0.9", "--cue-match", "exact")
    rep = json.loads(out)
    want = evaluate(cues.CueDetector("bioscope"), list(hedgekit.load_corpus(corpus)), n_boot=50, ci=0.9,
                    cue_match="exact")
    assert rc == 0 and rep["f1"] == want["f1"] and rep["f1_ci"] == want["f1_ci"] and rep["ci"] == 0.9
    assert list(rep["cues"]) == ["exact"] and rep["cues"]["exact"]["f1"] == want["cues"]["exact"]["f1"]
    assert rep["scorer"]["model"] == "cue classifier bioscope"
    rc, out, _ = run(capsys, "benchmark", "-q", "--corpus", str(corpus), "--cues", "general", "--n-boot", "0")
    assert rc == 0 and "scored with the general cue classifier (uncertain iff it finds a cue)" in out
    rc, _, err = run(capsys, "benchmark", "--corpus", str(corpus), "--cues", "general", "--expert", "semantic")
    assert rc == 2 and "--cues scores with a cue classifier: it takes no --model or --expert" in err
    rc, _, err = run(capsys, "benchmark", "--corpus", str(corpus), "--ci", "1.5")
    assert rc == 2 and "--ci: the confidence level must be a number in (0, 1), got 1.5" in err  # (it said "the threshold")


@pytest.mark.parametrize("extra, expected", [
    ([], {"C": 0.5, "min_df": 2, "base": None, "unannotated": ()}),
    (["--C", "2", "--min-df", "1", "--base", "semantic", "--unannotated", "hearsay"],
     {"C": 2.0, "min_df": 1, "base": "semantic", "unannotated": ("hearsay",)}),
])
def test_a_train_data_model_loads_as_a_classifier_with_its_hyperparameters(capsys, tmp_path, extra, expected) -> None:
    """(a workflow trial) HedgeClassifier.load gave a `train --data --base semantic --C 2` model the
    default hyperparameters, so a clone refit a from-scratch model (max |dP| 0.69 on SFU)."""
    from sklearn.base import clone

    data = tmp_path / "labelled.tsv"
    data.write_text("\n".join(["text\tlabel"] + [f"{t}\tuncertain" for t in HEDGED] + [f"{t}\tcertain" for t in PLAIN])
                    + "\n", encoding="utf-8")
    path = tmp_path / "m.json.gz"
    rc, _, err = run(capsys, "train", "--data", str(data), "--out", str(path), "--folds", "3", "-q", *extra)
    assert rc == 0, err
    loaded = hedgekit.HedgeClassifier.load(path)
    assert {k: loaded.get_params()[k] for k in expected} == expected
    X, y = HEDGED + PLAIN, ["uncertain"] * len(HEDGED) + ["certain"] * len(PLAIN)
    refit = clone(loaded).set_params(threshold=0.5).fit(X, y)
    same = hedgekit.HedgeClassifier(threshold=0.5, **expected).fit(X, y)
    assert refit.predict_proba(X).tolist() == same.predict_proba(X).tolist()
    assert hedgekit.HedgeClassifier.load(None).get_params() == hedgekit.HedgeClassifier().get_params()


def test_a_stray_byte_names_its_line_and_the_lines_before_it_are_scored(capsys, tmp_path) -> None:
    """(a workflow trial) One stray byte near the end of a UTF-8 file: the error gave a byte offset,
    the ~450 good lines of its 64 KB block before it were never scored, and the hint (--encoding
    cp1252, then latin-1) garbled every curly apostrophe of the file."""
    good = [f"Grisham’s book {i} may be good." for i in range(6000)]
    data = ("\n".join(good[:5000]) + "\n").encode() + b"caf\xe9 " + ("\n".join(good[5000:]) + "\n").encode()
    assert len(data) > 2 * cli.BLOCK
    f = tmp_path / "stray.txt"
    f.write_bytes(data)
    rc, out, err = run(capsys, "score", "--lines", "-f", "tsv", str(f))
    assert rc == 1
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [r["text"] for r in rows] == good[:5000]  # every line before the byte's
    assert "not valid utf-8 text (line 5001, byte 0xe9 at offset" in err
    assert "the text before it is UTF-8 with characters beyond ASCII" in err and "pass --encoding" not in err
    # an ASCII file: nothing to garble, so --encoding is the advice
    f.write_bytes(b"It may rain.\n" * 3 + b"caf\xe9 is open.\n")
    rc, out, err = run(capsys, "score", "--lines", "-f", "tsv", str(f))
    assert rc == 1 and len(out.splitlines()) == 4
    assert "(line 4, byte 0xe9 at offset 42:" in err and "pass --encoding (e.g. --encoding cp1252" in err
    f.write_bytes(b"It may rain.\r" * 3 + b"caf\xe9 is open.\r")  # CR line ends are counted too
    rc, out, err = run(capsys, "score", "--lines", "-f", "tsv", str(f))
    assert rc == 1 and "(line 4, byte 0xe9 at offset 42:" in err
    # (a review) lines are counted as --lines counts them: in LFs, a stray CR inside a line is no line
    # break, and a CRLF cut between two blocks is one
    # (a second review) and in the file's own mode, as --lines decides it: an LF file whose first line
    # holds a stray CR, a CR file with an LF inside a line
    for data, line, scored in ((b"a\rb\nc \xff\n", 2, 0), (b"x" * (cli.BLOCK - 1) + b"\r\nline two.\nbad \xff\n", 3, 2),
                               (b"It is\ra test \xff.\nsecond.\n", 1, 0), (b"x1\ry\nz\rw2\rv3\r\xff bad\r", 6, 0)):
        f.write_bytes(data)
        rc, out, err = run(capsys, "score", "--lines", "-f", "tsv", str(f))
        assert rc == 1 and f"(line {line}, byte 0xff" in err and len(out.splitlines()) == 1 + scored, data[-20:]
        # (the first: a CR before any LF keeps --lines from deciding the line ends until 64 Ki characters)


# ------------------------------------------------------------------ (an audit of the command)

@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")
def test_a_closed_stderr_loses_no_output_and_keeps_usage_out_of_the_data(tmp_path, model_path) -> None:
    """With stderr closed ("2>&-") a warning killed benchmark before its report (exit 1), highlight's
    note failed after the page was written, and a usage error's text went to stdout, into the data."""
    corpus = write(tmp_path, "c.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rained.\tcertain\n")
    a = write(tmp_path, "a.txt", "It may rain. It rained.")
    for argv, rc in ((["benchmark", "--corpus", str(corpus), "--model", model_path, "--n-boot", "10", "-q"], 0),
                     (["highlight", "--model", model_path, str(a), "-o", str(tmp_path / "p.html")], 0),
                     (["score", "--threshold", "5", str(a)], 2)):
        proc = subprocess.run([sys.executable, "-m", "hedgekit", *argv], stdout=subprocess.PIPE, timeout=120,
                              env=_env(), stdin=subprocess.DEVNULL,
                              preexec_fn=lambda: os.close(2))  # noqa: PLW1509 - POSIX only, no threads
        out = proc.stdout.decode()
        assert proc.returncode == rc, (argv, proc.returncode)
        assert ("n_labelled                 2" in out) if argv[0] == "benchmark" else out == "", (argv, out)
    assert (tmp_path / "p.html").stat().st_size > 0


def test_output_appended_to_an_input_file_is_refused(tmp_path, model_path) -> None:
    """"score n.txt >> n.txt" read back its own records, flushed between blocks, as text (47 records
    for 24 sentences); as cat does, the file is refused and the other inputs still run."""
    n = write(tmp_path, "n.txt", "It may rain. It rained.\n")
    other = write(tmp_path, "o.txt", "Perhaps so.\n")
    for cmd in (["score", "--model", model_path, "-f", "csv"], ["cues", "-f", "jsonl"]):
        before = n.read_text(encoding="utf-8")
        with open(n, "a", encoding="utf-8") as out:
            proc = subprocess.run([sys.executable, "-m", "hedgekit", *cmd, str(n), str(other)], stdout=out,
                                  stderr=subprocess.PIPE, timeout=120, env=_env())
        assert proc.returncode == 1 and proc.stderr.decode() == (
            f"hedgekit: error: {n}: input file is output file (standard output goes to it); write the output to "
            "another file\n")
        added = n.read_text(encoding="utf-8")[len(before):]
        assert "Perhaps so." in added and "It rained." not in added, added  # only the other input's records
    with open(n, encoding="utf-8") as inp, open(n, "a", encoding="utf-8") as out:  # "score < n.txt >> n.txt"
        proc = subprocess.run([sys.executable, "-m", "hedgekit", "score", "--model", model_path], stdin=inp,
                              stdout=out, stderr=subprocess.PIPE, timeout=120, env=_env())
    assert proc.returncode == 1 and "-: input file is output file" in proc.stderr.decode()


def test_file_names_after_an_option_are_inputs_in_order(capsys, tmp_path, model_path) -> None:
    """"score a.txt -f csv b.txt" was refused ("unrecognized arguments: b.txt")."""
    a, b, c = (write(tmp_path, f"{x}.txt", f"It may rain in {x}.\n") for x in "abc")
    for argv in (["score", "--model", model_path, str(a), "-f", "jsonl", str(b), "--lines", str(c)],
                 ["cues", str(a), "-f", "jsonl", str(b), str(c)]):
        rc, out, _ = run(capsys, *argv)
        assert rc == 0 and [r["input"] for r in jsonl(out)] == [str(a), str(b), str(c)]
    rc, _, err = run(capsys, "score", "--model", model_path, str(a), "--bogus", str(b))
    assert rc == 2 and "unrecognized arguments: --bogus" in err
    rc, _, err = run(capsys, "score", "--model", model_path, str(a), "--threshold", "0.5", "0.7")
    assert rc == 2 and "unrecognized arguments: 0.7" in err  # (a stray value, no file: a review)
    rc, out, err = run(capsys, "score", "--model", model_path, str(a), "-f", "jsonl", str(tmp_path / "nosuch.txt"),
                       str(b))
    assert rc == 1 and "nosuch.txt: no such file" in err and [r["input"] for r in jsonl(out)] == [str(a), str(b)]
    rc, _, err = run(capsys, "highlight", "--model", model_path, str(a), "-o", str(tmp_path / "h.html"), str(b))
    assert rc == 2 and "unrecognized arguments" in err  # (highlight takes one file)


def test_messages_name_the_command_options(capsys, tmp_path, model_path) -> None:
    """Warnings and errors named the Python API's parameters (n_boot=10, label, uncertain_at_most,
    text_column; expert None) where the user had typed options."""
    corpus = write(tmp_path, "c.tsv", "text\tlabel\td\nIt may rain.\tuncertain\tx\nIt rained.\tcertain\ty\n")
    rc, _, err = run(capsys, "benchmark", "--corpus", str(corpus), "--model", model_path, "--n-boot", "10", "-q",
                     "--conll-label", "certain", "--uncertain-at-most", "3", "--doc-column", "d")
    assert rc == 0
    assert "warning: --n-boot 10 resamples are too few" in err and "use --n-boot 40 or more" in err
    assert "or --n-boot 0 for no intervals" in err
    assert "--conll-label had no effect" in err and "--uncertain-at-most had no effect" in err
    assert "--doc-column had no effect" in err and "n_boot" not in err and "_column" not in err
    rc, _, err = run(capsys, "score", "--expert", "nope", str(corpus))
    assert rc == 1 and "leave --expert out (or pass --expert auto) for the gated default" in err
    # ... and only those phrases: a file or a column named like a parameter is left as it is (a review)
    odd = write(tmp_path, "label_column.csv", "text_column,label\nIt may rain.,1\n")
    rc, _, err = run(capsys, "benchmark", "--corpus", str(odd), "--n-boot", "0")
    assert rc == 1 and f"{odd}, line 1: no text column 'text' in the header ['text_column', 'label']" in err


@pytest.mark.parametrize("term", ["", "  "])
def test_lexicon_search_needs_a_text(capsys, term) -> None:
    """An empty TEXT (an unset shell variable) listed the whole lexicon with exit 0."""
    rc, out, err = run(capsys, "lexicon", "search", term)
    assert rc == 2 and out == "" and f"'search' needs TEXT, got {term!r}" in err


def test_train_data_messages_for_a_rating_column_and_an_unknown_file_name(tmp_path: Path, capsys) -> None:
    """A non-numeric 'rating' column stopped train, which reads no ratings, without saying how to go on;
    a file of unknown ending was told to pass formats train refuses, as 'format=' (an audit)."""
    rated = write(tmp_path, "w_rating.tsv", "text\tlabel\trating\nIt may rain.\tuncertain\tlow\nIt rained.\tcertain\t"
                  "high\n")
    rc, _, err = run(capsys, "train", "--data", str(rated), "--out", str(tmp_path / "m.json.gz"))
    assert rc == 1 and "train reads the labels only: rename or drop the 'rating' column" in err
    txt = write(tmp_path, "w.txt", "text\tlabel\nIt may rain.\tuncertain\n")
    rc, _, err = run(capsys, "train", "--data", str(txt), "--out", str(tmp_path / "m.json.gz"))
    assert rc == 1 and err.endswith("cannot infer the corpus format; train reads tsv, csv and jsonl: pass --format tsv, "
                                    "csv or jsonl\n") and "format=" not in err


def test_benchmark_says_when_cue_match_has_no_effect_and_names_its_own_model_options(tmp_path, capsys) -> None:
    """An audit: --cue-match on a corpus without cue annotations was ignored without a word (the other
    options that can have no effect say so), and a model file of the other kind got hints naming the
    cues command's option or Python's API, not benchmark's --model / --cue-model."""
    labels = write(tmp_path, "t.tsv", "text\tlabel\nIt may rain.\tuncertain\nIt rains.\tcertain\n")
    common = ("benchmark", "--corpus", str(labels), "--n-boot", "0", "--json", "-q", "--cues", "general")
    rc, _, err = run(capsys, *common, "--cue-match", "exact")
    assert rc == 0 and "--cue-match had no effect: the corpus has no cue annotations" in err
    rc, _, err = run(capsys, *common)
    assert rc == 0 and "had no effect" not in err  # (the default: nothing asked for)
    data = Path(hedgekit.__file__).parent / "data"
    base = ("benchmark", "--corpus", str(labels), "--n-boot", "0", "-q")
    rc, _, err = run(capsys, *base, "--cue-model", str(data / "model.json.gz"))
    assert rc == 1 and "goes to --model, not to --cue-model" in err
    rc, _, err = run(capsys, *base, "--model", str(data / "cues-general.json.gz"))
    assert rc == 1 and "(a cue model: pass it as --cue-model)" in err
    rc, _, err = run(capsys, "score", "--model", str(data / "cues-general.json.gz"), str(labels))
    assert rc == 1 and "(a cue model: it goes to cues --model)" in err
    rc, _, err = run(capsys, "cues", "--model", str(data / "model.json.gz"), str(labels))
    assert rc == 1 and "goes to score --model, not to cues --model" in err


def test_train_reads_the_columns_named_in_a_pei_jurgens_file(capsys, tmp_path, caplog) -> None:
    """(an audit) a .jsonl of Pei & Jurgens records was read with the corpus's fixed fields: --doc-column
    id was ignored ("have no document in the 'id' column" though every record had one) and every
    paper's findings were split across folds."""
    rows = _rated_rows()
    data = write(tmp_path, "pj.jsonl", "".join(json.dumps({"id": i // 4, "finding": r["text"],
                                                            "sentence-level-certainty": r["rating"]}) + "\n"
                                               for i, r in enumerate(rows)))
    with caplog.at_level(logging.WARNING):
        rc, stdout, err = run(capsys, "train", "--data", str(data), "--text-column", "finding", "--rating-column",
                              "sentence-level-certainty", "--rating-scale", "1,6", "--doc-column", "id", "--folds", "5",
                              "--min-df", "1", "--out", str(tmp_path / "g.json"), "-q")
    assert rc == 0, err
    assert "no document" not in caplog.text + err
    assert "certainty vs ratings (5-fold CV)" in stdout
    assert hedgekit.load_model(tmp_path / "g.json").training["n_sentences"] == len(rows)
    # (an audit) without --text-column its text is 'finding', as --format's help says: the default
    # 'text' was passed as if named, and the file was refused ("missing or empty text in column 'text'")
    rc, stdout, err = run(capsys, "train", "--data", str(data), "--rating-column", "sentence-level-certainty",
                          "--rating-scale", "1,6", "--folds", "5", "--min-df", "1", "--out", str(tmp_path / "h.json"),
                          "-q")
    assert rc == 0, err
    trained = hedgekit.load_model(tmp_path / "h.json").training
    assert trained["n_sentences"] == len(rows) and "--text-column" not in trained["command"]


def test_a_byte_order_mark_of_the_other_byte_order_is_refused(capsys, tmp_path) -> None:
    """(an audit) --encoding utf-16-be on a file with a UTF-16-LE mark decoded it to U+FFFE and byte-swapped
    garbage, scored, exit 0; the corpus readers took it too."""
    le = write(tmp_path, "le.txt", "It may rain.\nSure.\n".encode("utf-16"))  # (little-endian, with its mark)
    be = write(tmp_path, "be.txt", codecs.BOM_UTF16_BE + "It may rain.\nSure.\n".encode("utf-16-be"))
    for path, given, found in ((le, "utf-16-be", "UTF-16-LE"), (le, "utf-32-le", "UTF-16-LE"), (be, "utf-16-le", "UTF-16-BE")):
        rc, out, err = run(capsys, "score", "-q", "-f", "csv", "--encoding", given, str(path))
        assert rc == 1 and out.count("\n") <= 1, (given, out)
        assert f"{found} text (it starts with a {found} byte-order mark), not {given}; leave --encoding out or " \
               f"pass --encoding utf-16 (the mark then says the byte order)" in err
    rc, out, _ = run(capsys, "score", "-q", "-f", "csv", "--encoding", "utf-16-le", str(le))
    assert rc == 0 and "Sure." in out  # (its own byte order: the mark counts as a character, as documented)
    table = write(tmp_path, "t.tsv", "text\tlabel\nIt may rain.\tuncertain\n".encode("utf-16"))
    with pytest.raises(hedgekit.CorpusError, match=r"t\.tsv: UTF-16-LE text .* not utf-16-be; leave the encoding "
                                                   r"out or name utf-16"):
        list(hedgekit.load_corpus(table, encoding="utf-16-be"))
    assert len(list(hedgekit.load_corpus(table, encoding="utf-16"))) == 1


def test_encodings_folders_and_compressed_files_say_what_to_do(capsys, tmp_path) -> None:
    """(an audit) an unknown --encoding named no known one, 'undefined' passed as one, ascii on UTF-8 text
    did not say it was UTF-8; a folder was "is a directory" and a gzip file a "binary file"."""
    import gzip

    text = write(tmp_path, "u8.txt", "Café may open.\n")
    rc, _, err = run(capsys, "score", "--encoding", "nosuch", str(text))
    assert rc == 2 and "unknown encoding 'nosuch'; name one Python knows, e.g. utf-8, utf-16, cp1252, latin-1" in err
    rc, _, err = run(capsys, "score", "--encoding", "undefined", str(text))
    assert rc == 2 and "'undefined' is not a text encoding" in err
    rc, _, err = run(capsys, "score", "-q", "--encoding", "ascii", str(text))
    assert rc == 1 and err.rstrip().endswith("ordinal not in range(128)); it reads as UTF-8: leave --encoding out")
    rc, _, err = run(capsys, "score", "-q", "--encoding", "ascii", str(write(tmp_path, "l1.txt", b"Caf\xe9 may.\n")))
    assert rc == 1 and "reads as UTF-8" not in err  # (latin-1 bytes)
    rc, _, err = run(capsys, "score", "-q", str(tmp_path))
    assert rc == 1 and "is a folder; give the text files in it (e.g. DIR/*.txt)" in err
    packed = write(tmp_path, "u8.txt.gz", gzip.compress(text.read_bytes()))
    rc, _, err = run(capsys, "score", "-q", str(packed))
    assert rc == 1 and "u8.txt.gz: gzip-compressed, not text; decompress it first (e.g. gunzip -c FILE, piped in as -)" in err


def test_the_table_fits_wide_characters_in_the_terminal(capsys, tmp_path, monkeypatch) -> None:
    """(an audit) the table measured a CJK sentence by its characters, two columns each on a terminal:
    a 98-column row at COLUMNS=80, the cues pushed out of line."""
    import unicodedata

    monkeypatch.setenv("COLUMNS", "80")
    path = write(tmp_path, "cjk.txt", "北韩领导人金正恩可能已经开始了他前往符拉迪沃斯托克的旅行，据报道他乘坐装甲列车前往俄罗斯远东地区。\n"
                                      "It may rain tomorrow in the north, sources say, but nobody really knows why.\n")
    rc, out, _ = run(capsys, "score", "-f", "table", str(path))
    assert rc == 0

    def columns(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    rows = out.splitlines()
    assert all(columns(r) <= 80 for r in rows) and "…" in rows[1]
    assert rows[2].index("may,") == columns(rows[0][:rows[0].index("cues")])  # (the cues column lines up)


def test_lexicon_search_takes_several_words_as_one_text(capsys) -> None:
    """(an audit) 'lexicon search may be' was 'unrecognized arguments: be'."""
    rc, out, _ = run(capsys, "lexicon", "search", "may", "be")
    assert rc == 0 and out.splitlines()[1].split()[:3] == ["may", "be", "epistemic"]
    rc, out, _ = run(capsys, "lexicon", "search", "may", "-f", "tsv", "be")  # (an option between the words)
    assert rc == 0 and out.splitlines()[1].split("\t")[:2] == ["may be", "epistemic"]
    rc, _, err = run(capsys, "lexicon", "show", "weasel", "hearsay")
    assert rc == 2 and "unknown category 'weasel hearsay'" in err


def test_main_in_process_leaves_logging_and_stdout_as_it_found_them(capsys, tmp_path, monkeypatch) -> None:
    """(an audit) cli.main called in-process added a handler to the root logger for good (a program's
    later logging.basicConfig did nothing), left stdout re-encoded, and a missing stderr replaced."""
    import logging

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # (as in a program that has not set up logging; pytest's put back after)
    level = root.level
    data = write(tmp_path, "d.tsv", "text\tlabel\n" + "".join(f"{t}\tuncertain\n" for t in HEDGED)
                 + "".join(f"{t}\tcertain\n" for t in PLAIN))
    rc = cli.main(["train", "--data", str(data), "--folds", "3", "--min-df", "1", "--out", str(tmp_path / "m.json")])
    assert rc == 0, capsys.readouterr().err
    assert root.handlers == [] and root.level == level
    hk = logging.getLogger("hedgekit")
    assert hk.handlers == [] and hk.level == logging.NOTSET
    # stdout's encoding: a data format is written in UTF-8, and the caller's setting is back after
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", errors="strict")
    monkeypatch.setattr(sys, "stdout", stream)
    text = write(tmp_path, "t.txt", "Café may open.\n")
    rc = cli.main(["score", "-q", "-f", "csv", str(text)])
    assert rc == 0, capsys.readouterr().err
    assert (sys.stdout.encoding, sys.stdout.errors) == ("latin-1", "strict")
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["lexicon", "search", "may"]) == 0 and sys.stderr is None
