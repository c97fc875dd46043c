"""benchmarks/conll_data.py: which Szeged sentences are added, the twins' agreement, the baseline reproduced."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import conll_data as CD
from conftest import require_shared

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def test_is_piece() -> None:
    conll = ["theboardvotedtoclosethefactorylastyearafteralongdispute", "historyoftheregion"]
    joined = "|".join(conll)
    assert CD.is_piece("theboardvotedtoclosethefactory", joined, conll)         # a piece of a CoNLL sentence
    assert CD.is_piece("theboardvotedtoclosethefactorylastyearafteralongdisputeandthenleft", joined, conll)  # holds one
    assert not CD.is_piece("history", joined, conll)                           # a short title is no piece
    assert not CD.is_piece("historyoftheregion" + "x", joined, conll)          # 18 letters: too short to hold
    assert not CD.is_piece("thefactorywillreopeninmarchnextyear", joined, conll)


def test_agreement_rates() -> None:
    low, high = CD.agreement_rates({(0, 0): 30, (1, 0): 10, (0, 1): 5, (1, 1): 15})
    assert (low, high) == (0.25, 0.75)


@pytest.fixture(scope="module")
def data() -> CD.Data:
    return CD.Data(require_shared("corpora"))


def test_no_added_sentence_is_a_piece_of_a_conll_sentence(data: CD.Data) -> None:
    corpus = np.asarray(data.ts.corpus)
    conll = [CD.T._link_key(data.ts.texts[i]) for i in np.flatnonzero(corpus == CD.CONLL)]
    rng = np.random.default_rng(0)
    for i in rng.choice(data.extra, 300, replace=False):
        k = CD.T._link_key(data.ts.texts[i])
        assert k not in conll
        assert not any(min(len(k), len(c)) >= CD.MIN_PIECE and (k in c or c in k) for c in conll), data.ts.texts[i]
    # the pieces left out do overlap a CoNLL sentence; without them a test sentence's own words would be trained on
    assert len(data.pieces) > 500
    for i in data.pieces[:50]:
        k = CD.T._link_key(data.ts.texts[i])
        assert any(min(len(k), len(c)) >= CD.MIN_PIECE and (k in c or c in k) for c in conll)
    assert (corpus[data.extra] == CD.SZEGED).all() and not np.isin(data.extra, data.twin).any()


def test_run_variant_refuses_an_unknown_labelling(data: CD.Data) -> None:
    with pytest.raises(ValueError, match="how must be None, 'certain' or 'szeged'"):
        CD.run_variant(data, "soft")


def test_the_baseline_reproduces_the_shipped_conll_wiki_cv(data: CD.Data) -> None:
    """The same folds, thresholds and F1 as recorded, to within what another machine's floating point
    moves: the recorded run was made where OpenBLAS used its SkylakeX kernels; with
    ``OPENBLAS_CORETYPE=Haswell`` the same code gives two folds' F1 0.0024 and 0.0026 lower and three
    folds' thresholds up to 0.0025 lower (mean F1 0.6212 against 0.6217), the other folds the same."""
    recorded = json.loads((RESULTS / "conll_data.json").read_text())
    base = recorded["variants"][recorded["baseline"]]
    got = CD.run_variant(data, None)
    assert got["f1_folds"] == pytest.approx(base["f1_folds"], abs=0.005)
    assert got["thresholds"] == pytest.approx(base["thresholds"], abs=0.005)
    assert sum(a == b for a, b in zip(got["f1_folds"], base["f1_folds"])) >= len(base["f1_folds"]) // 2
    shipped = json.loads((RESULTS / "accuracy.json").read_text())["in_domain"]["corpora"][CD.CONLL]
    assert got["f1"] == pytest.approx(shipped["combined"][CD.EXPERT]["f1"], abs=1e-3)
    assert recorded["agreement"] == {f"conll {a} / szeged {b}": n for (a, b), n in data.agreement.items()}
    assert recorded["n_szeged_only"] == len(data.extra) and recorded["n_pieces"] == len(data.pieces)
    # the lists' class balance (an audit): the same CV with each fold's missing sentences added to its test part
    for label in ("certain", "szeged"):
        assert got["f1_with_missing"][label] == pytest.approx(base["f1_with_missing"][label], abs=0.005)
    assert got["f1_with_missing"]["certain"][0] < got["f1_with_missing"]["szeged"][0] < got["f1"]


def test_render_reports_the_f1_with_the_missing_sentences() -> None:
    """The recorded results render as the recorded report, with the class-balance table (an audit)."""
    recorded = json.loads((RESULTS / "conll_data.json").read_text())
    text = (RESULTS / "conll_data.md").read_text(encoding="utf-8")
    section = "## What the lists' class balance does to the F1"
    assert CD.render(recorded).split(section)[1] == text.split(section)[1]
    wm = recorded["variants"][recorded["baseline"]]["f1_with_missing"]
    assert f"| + the missing sentences, with Szeged's labels | {wm['szeged'][0]:.3f} ± {wm['szeged'][1]:.3f} |" in text
    assert "The lists hold 29.0% uncertain sentences" in text
