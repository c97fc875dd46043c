"""benchmarks/conll_data.py: the Szeged-only sentences, the twins' agreement, and the baseline reproduced."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks import conll_data as CD
from conftest import require_shared

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


@pytest.fixture(scope="module")
def data() -> CD.Data:
    return CD.Data(require_shared("corpora"))


def test_the_szeged_only_sentences_and_the_twins_partition_the_corpora(data: CD.Data) -> None:
    corpus = np.asarray(data.ts.corpus)
    n_conll = int((corpus == CD.CONLL).sum())
    assert sum(data.agreement.values()) + data.conll_only == n_conll
    # an added sentence is a Szeged one, and no CoNLL sentence has it as its twin
    assert (corpus[data.extra] == CD.SZEGED).all()
    assert not np.isin(data.extra, data.twin[data.twin >= 0]).any()
    # a twin is a Szeged sentence with the same letters and digits
    i = int(np.flatnonzero(data.twin >= 0)[0])
    assert corpus[data.twin[i]] == CD.SZEGED
    assert CD.T._link_key(data.ts.texts[i]) == CD.T._link_key(data.ts.texts[data.twin[i]])


def test_no_document_is_on_both_sides_of_a_fold(data: CD.Data) -> None:
    groups = np.asarray(data.ts.groups)
    for g in set(groups[data.extra].tolist()):
        assert len(set(data.folds[groups == g].tolist())) == 1


def test_twin_rates_are_the_agreement_table(data: CD.Data) -> None:
    low, high = CD.twin_rates(data, np.arange(len(data.ts)))
    a = data.agreement
    assert low == pytest.approx(a[1, 0] / (a[0, 0] + a[1, 0]))
    assert high == pytest.approx(a[1, 1] / (a[0, 1] + a[1, 1]))
    # on part of the rows, only the twins among them count
    some = np.flatnonzero(data.folds < 5)
    assert CD.twin_rates(data, some) != (low, high)


def test_the_baseline_reproduces_the_shipped_conll_wiki_cv(data: CD.Data) -> None:
    recorded = json.loads((RESULTS / "conll_data.json").read_text())
    base = recorded["variants"][recorded["baseline"]]
    got = CD.run_variant(data, None)
    assert got["f1_folds"] == base["f1_folds"] and got["thresholds"] == base["thresholds"]
    shipped = json.loads((RESULTS / "accuracy.json").read_text())["in_domain"]["corpora"][CD.CONLL]
    assert got["f1"] == pytest.approx(shipped["combined"][CD.EXPERT]["f1"], abs=1e-4)
    assert recorded["agreement"] == {f"conll {a} / szeged {b}": n for (a, b), n in data.agreement.items()}
