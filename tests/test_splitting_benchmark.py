"""benchmarks/splitting.py: boundaries counted on documents rebuilt from their sentences, and the report."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import splitting as SP
from conftest import require_shared
from hedgekit.types import AnnotatedSentence

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_boundaries_are_counted_against_the_corpus_sentences() -> None:
    def sent(text: str, doc: str | None = None) -> AnnotatedSentence:
        return AnnotatedSentence(text, None, doc_id=doc)

    docs = SP.documents([sent("Mr. Smith left.", "a"), sent("He said no.", "a"), sent("Results", "b"),
                         sent("It may rain (see Fig. 2).", "b"), sent("  ", "b"), sent("Alone.")])
    assert docs == [["Mr. Smith left.", "He said no."], ["Results", "It may rain (see Fig. 2)."], ["Alone."]]
    r = SP.score_documents(docs)
    # every document's last boundary is found; "Results" (no final stop) is not: it is not visible
    assert (r["boundaries"], r["tp"], r["fp"], r["fn"]) == (5, 4, 0, 1)
    assert (r["visible_boundaries"], r["visible_recall"], r["precision"], r["recall"]) == (4, 1.0, 1.0, 0.8)
    wrong = SP.score_documents([["It was Dr.", "Smith who left."]])  # the corpus splits where the splitter does not
    assert (wrong["tp"], wrong["fn"], wrong["fp"]) == (1, 1, 0)


def test_wrap_turns_spaces_into_line_breaks_and_keeps_every_offset() -> None:
    text = "North Korea's leader has supposedly begun his trip. The two leaders are going to meet on Tuesday."
    for width in (20, 40, 72):
        wrapped = SP.wrap(text, width)
        assert len(wrapped) == len(text) and wrapped.replace("\n", " ") == text
        assert all(len(line) <= width for line in wrapped.split("\n")) and "\n" in wrapped
    assert SP.wrap("a " + "x" * 30 + " b c", 10) == "a\n" + "x" * 30 + "\nb c"  # a long word: a line of its own
    # the wrapped document scores as the one-line one when no line rule fires
    docs = [["Mr. Smith may leave on Friday, sources said.", "He did not say why the talks had failed."]]
    assert SP.score_documents(docs, 20) == SP.score_documents(docs)


def test_the_layouts_keep_every_offset() -> None:
    sents = ["Poincaré conjecture", "In some cases Hamilton was able to show that this works.", "It may fail.",
             "Notes", "References"]
    joined = SP.join(sents, own_lines=True)
    # the unmarked sentences on lines of their own; the others joined by a space
    assert joined == ("Poincaré conjecture\nIn some cases Hamilton was able to show that this works. It may fail.\n"
                      "Notes\nReferences")
    assert SP.join(sents) == " ".join(sents)
    text = " ".join(["word"] * 5 + ["a-much-longer-word"] + ["word"] * 12)
    for width in (20, 30):
        balanced = SP.balanced_wrap(text, width)
        assert len(balanced) == len(text) and balanced.replace("\n", " ") == text
        lines = balanced.split("\n")
        assert all(len(line) <= width for line in lines)
        # ... as evenly as it can: no line but the last shorter than the greedy wrap's shortest one
        greedy = SP.wrap(text, width).split("\n")
        assert min(map(len, lines[:-1])) >= min(map(len, greedy[:-1]))
    # a greedy wrap leaves a short line above a long word, the balanced one evens the lines out
    assert SP.wrap("aa bb cc dd eeeeeeeeee", 10) == "aa bb cc\ndd\neeeeeeeeee"
    assert SP.balanced_wrap("aa bb cc dd eeeeeeeeee", 10) == "aa bb\ncc dd\neeeeeeeeee"
    assert SP.balanced_wrap("aaaa bbbb cc dd ee ff\nx y", 10) == "aaaa bbbb\ncc dd ee\nff\nx y"  # each line alone


def test_the_recorded_results_are_rendered_from_their_json() -> None:
    res = json.loads((RESULTS / "splitting.json").read_text(encoding="utf-8"))
    assert set(res["corpora"]) == set(SP.CORPORA)
    assert SP.render(res) == (RESULTS / "splitting.md").read_text(encoding="utf-8")
    for r in res["corpora"].values():
        assert r["tp"] + r["fn"] == r["boundaries"] and r["visible_recall"] >= r["recall"] - 0.25
    # hard-wrapped, the line rules add at most a handful of false boundaries to a corpus
    assert set(res["wrapped"]) == set(SP.CORPORA)
    for name, by_width in res["wrapped"].items():
        assert list(by_width) == [str(w) for w in SP.WRAP_WIDTHS]
        for r in by_width.values():
            assert r["boundaries"] == res["corpora"][name]["boundaries"] and r["fp"] <= res["corpora"][name]["fp"] + 5
    # the heading rules find most titles on lines of their own, hard-wrapped or not; wrapped as fmt
    # wraps, the layouts gain at most a few false boundaries over the same text unwrapped
    assert set(res["own_lines"]) == set(res["balanced"]) == set(SP.CORPORA)
    assert all(r["unmarked_recall"] > 0.85 for r in res["own_lines"]["szeged-wiki"].values())
    for name, by_key in res["balanced"].items():
        for key, r in by_key.items():
            base = res["corpora"][name] if key.startswith("joined") else res["own_lines"][name]["0"]
            assert r["boundaries"] == base["boundaries"] and r["fp"] <= base["fp"] + 30


def test_a_real_corpus_scores_as_recorded() -> None:
    corpora = require_shared("corpora")
    rel, fmt = SP.CORPORA["bioscope"]
    from hedgekit.readers import load_corpus

    docs = SP.documents(load_corpus(corpora / rel, format=fmt))
    recorded = json.loads((RESULTS / "splitting.json").read_text(encoding="utf-8"))
    assert SP.score_documents(docs) == recorded["corpora"]["bioscope"]
    # ... and the layouts of the heading rules' tables
    assert SP.score_documents(docs, 72, own_lines=True) == recorded["own_lines"]["bioscope"]["72"]
    assert SP.score_documents(docs, 45, own_lines=True, balanced=True) == recorded["balanced"]["bioscope"]["own-lines 45"]


def test_the_readme_table_is_the_results_file() -> None:
    """The README's splitting table had kept SFU's recall of before a splitter change (an audit)."""
    import re

    results = json.loads((RESULTS / "splitting.json").read_text(encoding="utf-8"))["corpora"]
    readme = (RESULTS.parents[1] / "README.md").read_text(encoding="utf-8")
    names = {"BioScope": "bioscope", "Szeged Wikipedia": "szeged-wiki", "Szeged bio (its `bio_fly` file)": "szeged-bio",
             "FactBank news": "factbank", "SFU reviews": "sfu"}
    rows = re.findall(r"^\| (.+?) \| (0\.\d{4}) \| (0\.\d{4}) \| (0\.\d{4}) \|$", readme, re.M)
    got = {name: tuple(map(float, nums)) for name, *nums in rows if name in names}
    assert set(got) == set(names)
    for name, key in names.items():
        r = results[key]
        assert got[name] == (r["precision"], r["recall"], r["visible_recall"]), name
