"""Would the missing CoNLL-2010 Wikipedia sentences lift the ``conll-wiki`` expert? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 5 minutes on
a 2-core machine)::

    python -m benchmarks.conll_data     # writes benchmarks/results/conll_data.{json,md}

The shared CoNLL-2010 Wikipedia lists hold 7,343 of the task's 11,111 training sentences (2,131 of
its 2,484 uncertain ones; the 2,185 article titles and about 1,580 other sentences are missing, see
the corpus's SOURCE.md), and the ``conll-wiki`` expert reaches F1 0.625 in the 10-fold CV against
the goal of 0.66. The Szeged Uncertainty Corpus re-annotates the same articles, complete, with its
own (semantic) labels, so the missing sentences are there: the Szeged Wikipedia sentences with no
CoNLL twin (same letters and digits, :func:`hedgekit.train.load_training_set`'s rule). This suite
asks whether they help, with the labels they can be given:

- ``CoNLL lists only``: the shipped ``conll-wiki`` expert;
- ``+ Szeged-only sentences as certain``: about 9 in 10 of them are (2,484 - 2,131 = 353 uncertain
  among the ~3,770 missing);
- ``+ Szeged-only sentences, Szeged's label``;
- ``+ Szeged-only sentences, soft target from the twins``: a sentence Szeged calls uncertain counts
  as uncertain with weight P(CoNLL uncertain | Szeged uncertain) and as certain with the rest, and
  likewise for Szeged-certain, both rates measured on the twins in the training folds.

Every variant is the shipped recipe's ``conll-wiki`` expert (:data:`hedgekit.train.DEFAULT_C`, the
columns seen in >= 2 training sentences of all the binary corpora, the same for every variant) on
the folds of the shipped model's CV (:func:`hedgekit.train.make_folds`: an added sentence is in
its document's fold, and a document's sentences are never on both sides), its threshold from the inner 3-fold CV of its
training part judged on the CoNLL sentences alone; F1 of the uncertain class on the CoNLL sentences
of each test fold, mean ± sd over the 10 folds. The first variant reproduces the recorded 0.625
(``benchmarks/results/accuracy.json``). The twins' agreement table (CoNLL label x Szeged label) is
reported too: it says how far apart the two annotations of the same sentences are.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpora_dir
from hedgekit import benchmark as B
from hedgekit import train as T
from hedgekit.features import FeatureConfig
from hedgekit.lexicon import load_lexicon

COMMAND = "python -m benchmarks.conll_data"
CONLL, SZEGED = "conll2010-wiki", "szeged-wiki"
EXPERT = "conll-wiki"
#: variant -> how the Szeged-only sentences join the expert's training data (None: they do not)
VARIANTS: dict[str, str | None] = {
    "CoNLL lists only": None,
    "+ Szeged-only sentences as certain": "certain",
    "+ Szeged-only sentences, Szeged's label": "szeged",
    "+ Szeged-only sentences, soft target from the twins": "soft",
}


class _Recipe(T.Recipe):
    """The recipe with the ``conll-wiki`` threshold judged on the CoNLL sentences alone."""

    def scope(self, name: str, rows: np.ndarray) -> np.ndarray:
        if name == EXPERT:
            return np.asarray(self.ts.corpus)[rows] == CONLL
        return super().scope(name, rows)


class Data:
    """The shipped binary corpora, which of their Szeged sentences have no CoNLL twin, the folds."""

    def __init__(self, root: Path) -> None:
        self.ts = ts = T.load_training_set(root, T.SHIPPED_CORPORA)
        corpus = np.asarray(ts.corpus)
        keys = [T._link_key(t) for t in ts.texts]
        szeged_row = {k: i for i, k in enumerate(keys) if corpus[i] == SZEGED}
        #: per sentence, the row of its Szeged twin if it is a CoNLL sentence that has one, else -1
        self.twin = np.array([szeged_row.get(k, -1) if corpus[i] == CONLL else -1 for i, k in enumerate(keys)])
        conll_keys = {k for i, k in enumerate(keys) if corpus[i] == CONLL}
        self.conll_only = int(((corpus == CONLL) & (self.twin < 0)).sum())
        #: the Szeged sentences without a CoNLL twin (rows of ``ts``)
        self.extra = np.array([i for i in np.flatnonzero(corpus == SZEGED) if keys[i] not in conll_keys])
        y = ts.y.astype(np.int64)
        has = self.twin >= 0
        #: (CoNLL label, Szeged label) -> number of twins
        self.agreement = {(a, b): int((has & (y == a) & (y[np.maximum(self.twin, 0)] == b)).sum())
                          for a in (0, 1) for b in (0, 1)}
        #: the shipped CV's folds (the Szeged-only sentences are in their documents' folds already)
        self.folds = T.make_folds(ts, 10)
        lexicon = load_lexicon()
        self.design = T.Design(T.featurize_all(ts.texts, lexicon, FeatureConfig()))
        self.nonpositive = T.booster_features(self.design.names, lexicon)


def twin_rates(d: Data, rows: np.ndarray) -> tuple[float, float]:
    """P(CoNLL uncertain | Szeged certain) and P(CoNLL uncertain | Szeged uncertain), over the CoNLL
    sentences of ``rows`` that have a Szeged twin."""
    y = d.ts.y.astype(np.int64)
    conll = rows[d.twin[rows] >= 0]
    sz = y[d.twin[conll]]
    return tuple(float(y[conll][sz == s].mean()) for s in (0, 1))  # type: ignore[return-value]


def run_variant(d: Data, how: str | None) -> dict[str, Any]:
    """The 10-fold CV of the ``conll-wiki`` expert with the Szeged-only sentences added ``how``.

    Every variant fits on the same rows (all three corpora's sentences outside the test fold, so the
    columns are the same); only the expert's members and their labels differ. The Szeged sentences
    also feed a second expert, which is there so that the recipe selects the shipped columns and
    whose own fit nothing here reads (it sees the relabelled Szeged-only sentences too)."""
    corpus = np.asarray(d.ts.corpus)
    recipe = _Recipe(d.ts, d.design, {EXPERT: (CONLL,), "_others": ("bioscope", SZEGED)}, ["_others"],
                     nonpositive=d.nonpositive)
    extra = np.zeros(len(d.ts), dtype=bool)
    extra[d.extra] = True
    if how is not None:
        recipe.members[EXPERT] = (corpus == CONLL) | extra
    sz = d.ts.y[d.extra].astype(np.int64)
    scores, thresholds = [], []
    for f in range(10):
        train, test = np.flatnonzero(d.folds != f), np.flatnonzero((d.folds == f) & (corpus == CONLL))
        recipe.y = d.ts.y.astype(np.int64)
        recipe.target = recipe.y.astype(np.float64)
        if how == "certain":
            recipe.y[extra], recipe.target[extra] = 0, 0.0
        elif how == "soft":
            low, high = twin_rates(d, train)
            recipe.target[d.extra] = np.where(sz == 1, high, low)
        threshold = recipe.inner_thresholds(train, 3)[EXPERT]
        p = recipe.predict(recipe.fit(train), test)[EXPERT]
        scores.append(T.prf(recipe.y[test], (p >= threshold).astype(np.int64)))
        thresholds.append(round(threshold, 4))
        logging.info("%s fold %d: F1 %.4f", how, f, scores[-1]["f1"])
    out: dict[str, Any] = {}
    for key in ("precision", "recall", "f1"):
        v = np.array([s[key] for s in scores])
        out[key], out[key + "_std"] = round(float(v.mean()), 4), round(float(v.std(ddof=1)), 4)
    out["f1_folds"] = [round(s["f1"], 4) for s in scores]
    out["thresholds"] = thresholds
    return out


def run(root: Path, variants: Sequence[str] = tuple(VARIANTS)) -> dict[str, Any]:
    """The agreement table and every variant's CV (see the module docstring)."""
    d = Data(root)
    res: dict[str, Any] = {
        "n_conll": int((np.asarray(d.ts.corpus) == CONLL).sum()), "n_szeged_only": len(d.extra),
        "n_szeged_only_uncertain": int(d.ts.y[d.extra].sum()), "conll_without_twin": d.conll_only,
        "agreement": {f"conll {a} / szeged {b}": n for (a, b), n in d.agreement.items()},
        "twin_rates_all": [round(r, 4) for r in twin_rates(d, np.arange(len(d.ts)))],
        "variants": {},
    }
    base = None
    for v in variants:
        r = run_variant(d, VARIANTS[v])
        if base is None:
            base = np.array(r["f1_folds"])
        diff = np.array(r["f1_folds"]) - base
        r["f1_diff"], r["f1_diff_std"] = round(float(diff.mean()), 4), round(float(diff.std(ddof=1)), 4)
        res["variants"][v] = r
    res["baseline"] = variants[0]
    return res


def render(res: Mapping[str, Any]) -> str:
    a = res["agreement"]
    rate0, rate1 = res["twin_rates_all"]
    lines = B.stamp_header("Would the missing CoNLL-2010 Wikipedia sentences lift the `conll-wiki` expert? (issue 7)", res) + [
        f"The CoNLL lists: {res['n_conll']} sentences; the Szeged Wikipedia sentences without a CoNLL twin: "
        f"{res['n_szeged_only']} ({res['n_szeged_only_uncertain']} uncertain by Szeged's labels; the article "
        f"titles among them); CoNLL sentences without a Szeged twin: {res['conll_without_twin']}.", "",
        "## The two annotations of the same sentences", "",
        "| | Szeged certain | Szeged uncertain |", "|---|---|---|",
        f"| CoNLL certain | {a['conll 0 / szeged 0']} | {a['conll 0 / szeged 1']} |",
        f"| CoNLL uncertain | {a['conll 1 / szeged 0']} | {a['conll 1 / szeged 1']} |", "",
        f"P(CoNLL uncertain | Szeged certain) = {rate0:.3f}, P(CoNLL uncertain | Szeged uncertain) = {rate1:.3f} "
        "(all twins; the `soft` variant measures them on each fold's training part).", "",
        "## The `conll-wiki` expert with the Szeged-only sentences added", "",
        "10-fold CV on the shipped model's folds, F1 of the uncertain class on the CoNLL sentences, mean ± sd "
        f"over folds; *F1 - baseline*: per fold against `{res['baseline']}`. Goal (issue 7): 0.66. Variants: "
        "see the docstring of `benchmarks/conll_data.py`.", "",
        "| variant | precision | recall | F1 | F1 - baseline |", "|---|---|---|---|---|"]
    for v, s in res["variants"].items():
        lines.append(f"| {v} | {s['precision']:.3f} ± {s['precision_std']:.3f} | {s['recall']:.3f} ± "
                     f"{s['recall_std']:.3f} | {s['f1']:.3f} ± {s['f1_std']:.3f} | {s['f1_diff']:+.4f} ± {s['f1_diff_std']:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora_dir())
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = ap.parse_args(argv)
    if B.corpora_missing(args.corpora, COMMAND):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    print(B.stamp_and_write(run(args.corpora), COMMAND, t0, args.out, "conll_data", render))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
