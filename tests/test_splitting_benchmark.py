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


def test_the_recorded_results_are_rendered_from_their_json() -> None:
    res = json.loads((RESULTS / "splitting.json").read_text(encoding="utf-8"))
    assert set(res["corpora"]) == set(SP.CORPORA)
    assert SP.render(res) == (RESULTS / "splitting.md").read_text(encoding="utf-8")
    for r in res["corpora"].values():
        assert r["tp"] + r["fn"] == r["boundaries"] and r["visible_recall"] >= r["recall"] - 0.25


def test_a_real_corpus_scores_as_recorded() -> None:
    corpora = require_shared("corpora")
    rel, fmt = SP.CORPORA["bioscope"]
    from hedgekit.readers import load_corpus

    got = SP.score_documents(SP.documents(load_corpus(corpora / rel, format=fmt)))
    recorded = json.loads((RESULTS / "splitting.json").read_text(encoding="utf-8"))["corpora"]["bioscope"]
    assert got == recorded
