"""Would the missing CoNLL-2010 Wikipedia sentences lift the ``conll-wiki`` expert? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about a minute on
a 2-core machine)::

    python -m benchmarks.conll_data     # writes benchmarks/results/conll_data.{json,md}

The shared CoNLL-2010 Wikipedia lists hold 7,343 of the task's 11,111 training sentences; the
~3,770 missing are the 2,185 article titles and ~1,580 other sentences, 353 of them uncertain
(2,484 - 2,131; see the corpus's SOURCE.md), so about 9 in 10 missing sentences are certain. The
``conll-wiki`` expert reaches F1 0.621 in the 10-fold CV (``benchmarks/results/accuracy.json``)
against the goal of 0.66. The Szeged Uncertainty Corpus re-annotates the same articles, complete,
with its own (semantic) labels, so the
missing sentences are there: the Szeged Wikipedia sentences with no CoNLL twin (same letters and
digits, :func:`hedgekit.train.load_training_set`'s rule), except the *pieces*: the two corpora
split some sentences differently, and a Szeged sentence whose letters and digits (at least
:data:`MIN_PIECE` of them) occur inside a CoNLL sentence's, or contain one, is a piece of a sentence
the lists already hold; it is left out, as it would put a test sentence's own text, in another fold,
into training (a CoNLL sentence without a twin is its own group). This suite asks whether the
others help, with two labellings:

- ``CoNLL lists only``: the shipped ``conll-wiki`` expert;
- ``+ Szeged-only sentences as certain``: right for about 9 in 10 of the missing sentences;
- ``+ Szeged-only sentences, Szeged's label``.

Every variant is the shipped recipe's ``conll-wiki`` expert (:data:`hedgekit.train.DEFAULT_C`, the
columns seen in >= 2 training sentences of all the binary corpora, the same for every variant) on
the folds of the shipped model's CV (:func:`hedgekit.train.make_folds`; an added sentence is in
its document's fold), its threshold from the inner 3-fold CV of its training part judged on the
CoNLL sentences alone; F1 of the uncertain class on the CoNLL sentences of each test fold, mean ±
sd over the 10 folds. The first variant reproduces the recorded 0.621
(``benchmarks/results/accuracy.json``). The twins' agreement table (CoNLL label x Szeged label) is
reported too: it says how far apart the two annotations of the same sentences are.

The lists' class balance: they hold more uncertain sentences (29%) than the task's training data
(the missing ones are nearly all certain), and F1 of the uncertain class falls with that share. So
for the first variant each fold's missing sentences are also scored, with the fold's model and
threshold, and added to its test part, once all labelled certain and once with Szeged's labels:
what the reported F1 would be on (a reading of) the task's full training data.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main
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
}
#: the CoNLL-2010 Wikipedia training set as published (the corpus's SOURCE.md): sentences, uncertain ones
TASK_SENTENCES, TASK_UNCERTAIN = 11_111, 2_484
#: a Szeged sentence is a piece of a CoNLL sentence (or holds one) only if the shorter of the two has
#: at least this many letters and digits: a short title inside an unrelated sentence is no piece
MIN_PIECE = 20


def is_piece(key: str, others: str, among: Sequence[str]) -> bool:
    """Whether the letters-and-digits ``key`` of a sentence occurs in ``others`` (the keys of the
    other corpus joined by ``|``) or holds one of ``among`` (that corpus's keys), the shorter having
    at least :data:`MIN_PIECE` characters."""
    if len(key) >= MIN_PIECE and key in others:
        return True
    return any(len(k) >= MIN_PIECE and k in key for k in among)


class _Recipe(T.Recipe):
    """The recipe with the ``conll-wiki`` threshold judged on the CoNLL sentences alone."""

    def scope(self, name: str, rows: np.ndarray) -> np.ndarray:
        if name == EXPERT:
            return np.asarray(self.ts.corpus)[rows] == CONLL
        return super().scope(name, rows)


class Data:
    """The shipped binary corpora, which of their Szeged sentences have no CoNLL twin, the folds.

    Raises:
        FileNotFoundError: a corpus is missing under ``root``.
        hedgekit.CorpusError: a corpus file is malformed.
    """

    def __init__(self, root: Path) -> None:
        self.ts = ts = T.load_training_set(root, T.SHIPPED_CORPORA)
        corpus = np.asarray(ts.corpus)
        keys = [T._link_key(t) for t in ts.texts]
        szeged_row = {k: i for i, k in enumerate(keys) if corpus[i] == SZEGED}
        #: per sentence, the row of its Szeged twin if it is a CoNLL sentence that has one, else -1
        self.twin = np.array([szeged_row.get(k, -1) if corpus[i] == CONLL else -1 for i, k in enumerate(keys)])
        self.conll_only = int(((corpus == CONLL) & (self.twin < 0)).sum())
        conll_keys = [k for i, k in enumerate(keys) if corpus[i] == CONLL]
        twinless = [keys[i] for i in np.flatnonzero((corpus == CONLL) & (self.twin < 0))]
        joined, known = "|".join(conll_keys), set(conll_keys)
        candidates = [i for i in np.flatnonzero(corpus == SZEGED) if keys[i] not in known]
        pieces = [is_piece(keys[i], joined, twinless) for i in candidates]
        #: the Szeged sentences without a CoNLL twin that are not pieces of a CoNLL sentence (rows of ``ts``)
        self.extra = np.array([i for i, p in zip(candidates, pieces) if not p], dtype=np.int64)
        #: the Szeged sentences without a twin that are such pieces (left out)
        self.pieces = np.array([i for i, p in zip(candidates, pieces) if p], dtype=np.int64)
        y = ts.y.astype(np.int64)
        has = self.twin >= 0
        #: (CoNLL label, Szeged label) -> number of twins
        self.agreement = {(a, b): int((has & (y == a) & (y[np.maximum(self.twin, 0)] == b)).sum())
                          for a in (0, 1) for b in (0, 1)}
        #: the shipped CV's folds (the Szeged-only sentences are in their documents' folds already)
        self.folds = T.make_folds(ts, 10)
        lexicon = load_lexicon()
        # fitted on the sentences as written, predicted as the Scorer reads them (an open-ended one, such as
        # an article title among the missing sentences, as if it ended in "."), as the accuracy suite's CV
        self.design = T.scoring_design(ts.texts, lexicon, FeatureConfig())
        self.nonpositive = T.booster_features(self.design.names, lexicon)


def agreement_rates(agreement: Mapping[tuple[int, int], int]) -> tuple[float, float]:
    """P(CoNLL uncertain | Szeged certain) and P(CoNLL uncertain | Szeged uncertain) of a
    ``{(CoNLL label, Szeged label): count}`` table (:attr:`Data.agreement`)."""
    return tuple(agreement[1, s] / (agreement[0, s] + agreement[1, s]) for s in (0, 1))  # type: ignore[return-value]


def run_variant(d: Data, how: str | None) -> dict[str, Any]:
    """The 10-fold CV of the ``conll-wiki`` expert with the Szeged-only sentences added ``how``
    (``None``: not added, ``"certain"``, ``"szeged"``: with Szeged's label).

    Every variant fits on the same rows (all three corpora's sentences outside the test fold, so the
    columns are the same); only the expert's members and their labels differ. The Szeged sentences
    also feed a second expert, which is there so that the recipe selects the shipped columns and
    whose own fit nothing here reads (it sees the relabelled Szeged-only sentences too). The
    expert must stay ungated, so that it learns from every column of the training rows.

    Raises:
        ValueError: ``how`` is none of those.
    """
    if how not in (None, "certain", "szeged"):
        raise ValueError(f"how must be None, 'certain' or 'szeged', got {how!r}")
    corpus = np.asarray(d.ts.corpus)
    recipe = _Recipe(d.ts, d.design, {EXPERT: (CONLL,), "_others": ("bioscope", SZEGED)}, ["_others"],
                     nonpositive=d.nonpositive)
    extra = np.zeros(len(d.ts), dtype=bool)
    extra[d.extra] = True
    if how is not None:
        recipe.members[EXPERT] = (corpus == CONLL) | extra
    scores, thresholds = [], []
    with_missing: dict[str, list[float]] = {"certain": [], "szeged": []}
    y_szeged = d.ts.y.astype(np.int64)
    for f in range(10):
        train, test = np.flatnonzero(d.folds != f), np.flatnonzero((d.folds == f) & (corpus == CONLL))
        missing = np.flatnonzero((d.folds == f) & extra)  # (the baseline's test fold with them: see below)
        recipe.y = d.ts.y.astype(np.int64)
        recipe.target = recipe.y.astype(np.float64)
        if how == "certain":
            recipe.y[extra], recipe.target[extra] = 0, 0.0
        threshold = recipe.inner_thresholds(train, 3)[EXPERT]
        p_all = recipe.predict(recipe.fit(train), np.r_[test, missing] if how is None else test)[EXPERT]
        p = p_all[: len(test)]
        scores.append(T.prf(recipe.y[test], (p >= threshold).astype(np.int64)))
        if how is None:  # the CoNLL lists' test fold plus the fold's missing sentences, labelled two ways
            pred = (p_all >= threshold).astype(np.int64)
            for label, gold in (("certain", np.zeros(len(missing), dtype=np.int64)), ("szeged", y_szeged[missing])):
                with_missing[label].append(T.prf(np.r_[recipe.y[test], gold], pred)["f1"])
        thresholds.append(round(threshold, 4))
        logging.info("%s fold %d: F1 %.4f", how, f, scores[-1]["f1"])
    out: dict[str, Any] = {}
    for key in ("precision", "recall", "f1"):
        v = np.array([s[key] for s in scores])
        out[key], out[key + "_std"] = round(float(v.mean()), 4), round(float(v.std(ddof=1)), 4)
    out["f1_folds"] = [round(s["f1"], 4) for s in scores]
    out["thresholds"] = thresholds
    if how is None:
        out["f1_with_missing"] = {label: [round(float(np.mean(v)), 4), round(float(np.std(v, ddof=1)), 4)]
                                  for label, v in with_missing.items()}
    return out


def run(root: Path, variants: Sequence[str] = tuple(VARIANTS)) -> dict[str, Any]:
    """The agreement table and every variant's CV (see the module docstring).

    Raises:
        KeyError: a variant is not one of :data:`VARIANTS`.
        FileNotFoundError, hedgekit.CorpusError: as :class:`Data`.
    """
    d = Data(root)
    res: dict[str, Any] = {
        "n_conll": int((np.asarray(d.ts.corpus) == CONLL).sum()),
        "n_conll_uncertain": int(d.ts.y[np.asarray(d.ts.corpus) == CONLL].sum()), "n_szeged_only": len(d.extra),
        "n_szeged_only_uncertain": int(d.ts.y[d.extra].sum()), "n_pieces": len(d.pieces),
        "conll_without_twin": d.conll_only, "min_piece": MIN_PIECE,
        "agreement": {f"conll {a} / szeged {b}": n for (a, b), n in d.agreement.items()},
        "twin_rates": [round(r, 4) for r in agreement_rates(d.agreement)],
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
    y, corpus = d.ts.y, np.asarray(d.ts.corpus)
    res["uncertain_share"] = {"conll lists": round(float(y[corpus == CONLL].mean()), 4),
                              "conll lists + missing, as certain": round(
                                  float(y[corpus == CONLL].sum() / ((corpus == CONLL).sum() + len(d.extra))), 4)}
    return res


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results (stamped by :func:`hedgekit.benchmark.stamp_and_write`)."""
    a = res["agreement"]
    rate0, rate1 = res["twin_rates"]
    lines = B.stamp_header("Would the missing CoNLL-2010 Wikipedia sentences lift the `conll-wiki` expert? (issue 7)", res) + [
        f"The CoNLL lists: {res['n_conll']} sentences, {res['conll_without_twin']} of them without a Szeged twin. "
        f"The Szeged Wikipedia sentences without a CoNLL twin: {res['n_szeged_only'] + res['n_pieces']}, of which "
        f"{res['n_pieces']} are pieces of a CoNLL sentence (or hold one; at least {res['min_piece']} letters and "
        f"digits in common) and are left out; the other {res['n_szeged_only']}, the article titles among them, are "
        f"added ({res['n_szeged_only_uncertain']} of them uncertain by Szeged's labels).", "",
        "## The two annotations of the same sentences", "",
        "| | Szeged certain | Szeged uncertain |", "|---|---|---|",
        f"| CoNLL certain | {a['conll 0 / szeged 0']} | {a['conll 0 / szeged 1']} |",
        f"| CoNLL uncertain | {a['conll 1 / szeged 0']} | {a['conll 1 / szeged 1']} |", "",
        f"P(CoNLL uncertain | Szeged certain) = {rate0:.3f}, P(CoNLL uncertain | Szeged uncertain) = {rate1:.3f}.", "",
        "## The `conll-wiki` expert with the Szeged-only sentences added", "",
        "10-fold CV on the shipped model's folds, F1 of the uncertain class on the CoNLL sentences, mean ± sd "
        f"over folds; *F1 - baseline*: per fold against `{res['baseline']}`. Goal (issue 7): 0.66. Variants: "
        "see the docstring of `benchmarks/conll_data.py`.", "",
        "| variant | precision | recall | F1 | F1 - baseline |", "|---|---|---|---|---|"]
    for v, s in res["variants"].items():
        lines.append(f"| {v} | {s['precision']:.3f} ± {s['precision_std']:.3f} | {s['recall']:.3f} ± "
                     f"{s['recall_std']:.3f} | {s['f1']:.3f} ± {s['f1_std']:.3f} | {s['f1_diff']:+.4f} ± {s['f1_diff_std']:.4f} |")
    base = res["variants"].get(res["baseline"], {})
    share = res.get("uncertain_share")
    if "f1_with_missing" in base and share:
        wm = base["f1_with_missing"]
        lines += ["", "## What the lists' class balance does to the F1", "",
                  f"The lists hold {share['conll lists']:.1%} uncertain sentences; with the missing sentences, about 9 "
                  f"in 10 of them certain, the task's training data holds fewer (its {TASK_SENTENCES:,} sentences "
                  f"{TASK_UNCERTAIN:,}, {TASK_UNCERTAIN / TASK_SENTENCES:.1%}, by the corpus's SOURCE.md; the lists with "
                  "the sentences added here, counting them all certain, "
                  f"{share['conll lists + missing, as certain']:.1%}), and the F1 of the uncertain class falls "
                  "with their share. The same CV of the shipped `conll-wiki` expert (first variant), each fold's "
                  "missing sentences scored with the fold's model and threshold and added to its test part:", "",
                  "| test part | F1 |", "|---|---|",
                  f"| the CoNLL lists (as reported) | {base['f1']:.3f} ± {base['f1_std']:.3f} |",
                  f"| + the missing sentences, all certain (up to {TASK_UNCERTAIN - res['n_conll_uncertain']:,} of them "
                  "are uncertain by CoNLL's labels) | "
                  f"{wm['certain'][0]:.3f} ± {wm['certain'][1]:.3f} |",
                  f"| + the missing sentences, with Szeged's labels | {wm['szeged'][0]:.3f} ± {wm['szeged'][1]:.3f} |",
                  "", "The missing sentences' CoNLL labels are not shared, so neither reading is the F1 on the task's "
                  "full training data; both say it is below the lists' own."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="conll_data", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
