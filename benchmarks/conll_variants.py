"""What else was tried for the CoNLL-2010 Wikipedia goal (issue 7): stacked Szeged models, surface n-grams.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; 15-40 minutes on
a 2-core machine)::

    python -m benchmarks.conll_variants     # writes benchmarks/results/conll_variants.{json,md}

The ``conll-wiki`` expert reaches F1 0.621 in the 10-fold CV against the goal of 0.66, and more
CoNLL-like sentences do not help (``python -m benchmarks.conll_data``). This suite asks whether more
*features* do: what the Szeged Uncertainty Corpus's annotation of the same articles knows, stacked
onto the expert, or surface n-grams beside the lexicon's features. Every variant is the
``conll-wiki`` expert of ``benchmarks.conll_data`` (the shipped recipe's expert, :data:`hedgekit.train.DEFAULT_C`,
the columns seen in >= 2 training sentences of all the binary corpora, its threshold from the inner
3-fold CV of the training part judged on the CoNLL sentences) with columns appended to its design:

- ``conll-wiki``: the expert as it is (reproduces 0.621 on the shipped folds);
- ``+ Szeged cue classifier (7 columns, x s)``: the shipped cue recipe
  (:func:`hedgekit.cues.fit_shipped_cue_model`) trained on the Szeged Wikipedia cues, read on each
  CoNLL sentence as the Scorer reads it: the largest probability of its candidates (also of one that
  yields no span), their noisy-or and how many reach 0.5, capped at 3
  (:func:`hedgekit.cues.sentence_cue_features`), and the largest probability per Szeged category
  (epistemic, doxastic, investigation, condition; a candidate's lexicon category mapped by
  :data:`hedgekit.cues.DEFAULT_CATEGORY`), times ``s`` (``s`` 4: a penalty 16 times lighter);
- ``+ Szeged sentence classifier's log-odds``: a logistic regression (C as the expert's) of
  Szeged's sentence labels on the expert's features (those in >= 2 of the Szeged Wikipedia training
  sentences), its log-odds one more column;
- ``+ character 2-5-grams (x s)``: TF-IDF of the CoNLL sentences' character 2-5-grams within words
  (lower-cased, hashed into 2^20 columns, sublinear term frequency, rows of unit length; the idf from the
  training part's CoNLL sentences), times ``s``, as more columns (those in >= 2 training sentences);
- ``+ word 1-3-grams (x s)``: TF-IDF of the words and word pairs and triples in >= 2 training
  CoNLL sentences (scikit-learn's tokens: lower-cased runs of two or more word characters, so no
  "a" and no punctuation), times ``s``;
- ``+ TF-IDF LR's log-odds``: the log-odds of a separate logistic regression (liblinear, C 1,
  untuned) of the CoNLL labels on the two TF-IDF blocks above (every hashed character column, not
  only those in >= 2 sentences), one more column; alone, ``TF-IDF LR alone``, the issue's "plain
  TF-IDF + logistic regression" anchor on these folds, its threshold by the recipe's rule (the
  median of the cuts within :data:`hedgekit.train.THRESHOLD_TOLERANCE` of the best F1) from a 3-fold
  CV, grouped by document, of the CoNLL training sentences alone;
- ``balanced class weights``: the expert fitted with scikit-learn's ``class_weight="balanced"``.

The stacked columns are cross-fitted: in outer fold ``f`` the test fold's sentences get a model
trained on the other nine folds, and a training sentence in fold ``g`` one trained on the folds
other than ``f`` and ``g`` (so no sentence's column comes from a model that saw it, or its Szeged
twin: linked documents share a fold; a training sentence's model so sees eight folds, a test
sentence's nine). The inner threshold search reuses those columns (a small
optimism in the threshold only; the test fold is clean). The n-grams' idf is fitted on the outer
training part, as the inner threshold search's folds then see it.

On the shipped folds and on :data:`SPLITS` - 1 more seeded 10-fold splits (:func:`hedgekit.train.make_folds`
with seeds ``SEED + r``): F1 of the uncertain class on the CoNLL sentences of each test fold, mean ±
sd over the folds; per fold, the variant's F1 minus the expert's on the same fold; and the pooled
ROC AUC of the out-of-fold probabilities per split (which ranks the sentences without a threshold).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main, ngrams
from benchmarks.conll_data import CONLL, EXPERT, SZEGED, Data, _Recipe
from hedgekit import benchmark as B
from hedgekit import train as T

COMMAND = "python -m benchmarks.conll_variants"
#: the fold splits: the shipped model's (seed :data:`hedgekit.train.SEED`) and ``SPLITS - 1`` more
SPLITS = 4
K = 10
#: the second expert of :class:`benchmarks.conll_data._Recipe`, there only so that the recipe selects the
#: shipped columns; nothing reads its fit, so it is not fitted here
OTHERS = "_others"
SZEGED_CATEGORIES = ("epistemic", "doxastic", "investigation", "condition")
SZEGED_WIKI_FILE = "szeged-uncertainty/wiki.conll2010-train-docs.xml"


class _VariantRecipe(_Recipe):
    """``benchmarks.conll_data``'s recipe, with ``_others`` left unfitted and, if ``balanced``, the
    expert fitted with balanced class weights."""

    balanced = False

    def _fit_expert(self, X: Any, sel: np.ndarray, rows: np.ndarray, C: float, name: str = "") -> Any:
        if name == OTHERS:
            return T._Linear(np.zeros((1, X.shape[1])), np.zeros(1))
        if name == EXPERT and self.balanced:
            return T._lr(C).set_params(class_weight="balanced").fit(X[sel], self.y[rows][sel])
        return super()._fit_expert(X, sel, rows, C, name)


class Split:
    """One 10-fold split of the data (``seed``), with the cross-fitted models it needs, cached."""

    def __init__(self, d: Data, seed: int, szeged_sentences: Sequence[Any], lexicon: Any, char_counts: Any) -> None:
        self.d, self.seed = d, seed
        self.folds = d.folds if seed == T.SEED else T.make_folds(d.ts, K, seed)
        self.corpus = np.asarray(d.ts.corpus)
        self.conll = np.flatnonzero(self.corpus == CONLL)
        self.szeged = np.flatnonzero(self.corpus == SZEGED)
        self.szeged_sentences = szeged_sentences  # parallel to ``szeged``
        self.lexicon = lexicon
        #: every row's text if it is a CoNLL sentence, else "" (the n-grams are the CoNLL sentences')
        self.conll_texts = [t if c == CONLL else "" for t, c in zip(d.ts.texts, self.corpus)]
        #: :func:`benchmarks.ngrams.char_counts` of ``conll_texts``
        self.char_counts = char_counts
        self._models: dict[tuple[str, frozenset[int]], Any] = {}
        self._columns: dict[tuple[str, int], np.ndarray] = {}

    def model(self, kind: str, out: frozenset[int], fit: Callable[[np.ndarray], Any]) -> Any:
        """The ``kind`` model fitted (``fit(training fold mask)``) on the folds not in ``out``, cached."""
        if (kind, out) not in self._models:
            self._models[kind, out] = fit(~np.isin(self.folds, list(out)))
        return self._models[kind, out]

    def crossfit(self, kind: str, f: int, fit: Callable[[np.ndarray], Any],
                 apply: Callable[[Any, np.ndarray], np.ndarray], width: int) -> np.ndarray:
        """Columns over all rows (0 but on the CoNLL sentences) for outer fold ``f``: a sentence in
        fold ``g`` gets ``apply(model, rows)`` of the model fitted on the folds other than ``f`` and ``g``
        (cached: the same ``kind`` gives the same columns)."""
        if (kind, f) not in self._columns:
            out = np.zeros((len(self.d.ts), width))
            for g in range(K):
                rows = self.conll[self.folds[self.conll] == g]
                out[rows] = apply(self.model(kind, frozenset({f, g}), fit), rows)
            self._columns[kind, f] = out
        return self._columns[kind, f]


# ----------------------------------------------------------------------------------------- columns

def _szeged_cue_columns(s: Split, f: int) -> np.ndarray:
    from hedgekit import cues

    def fit(keep: np.ndarray) -> Any:
        return cues.fit_shipped_cue_model([x for x, r in zip(s.szeged_sentences, s.szeged) if keep[r]], s.lexicon)

    def apply(model: Any, rows: np.ndarray) -> np.ndarray:
        out = []
        for r in rows:
            cands, probs, _, _ = model.candidate_probabilities(s.d.ts.texts[r], s.lexicon, end_mark=True)
            feats = cues.sentence_cue_features(probs)
            by_cat = [max((p for c, p in zip(cands, probs)
                           if cues.DEFAULT_CATEGORY.get(c.category, c.category) == cat), default=0.0)
                      for cat in SZEGED_CATEGORIES]
            out.append([feats[k] for k in cues.SENTENCE_FEATURES] + by_cat)
        return np.array(out, dtype=np.float64).reshape(len(rows), -1)

    return s.crossfit("szeged-cues", f, fit, apply, len(cues.SENTENCE_FEATURES) + len(SZEGED_CATEGORIES))


def _szeged_sentence_column(s: Split, f: int) -> np.ndarray:
    d = s.d

    def fit(keep: np.ndarray) -> Any:
        rows = s.szeged[keep[s.szeged]]
        cols = d.design.columns(rows, T.DEFAULT_MIN_DF)
        return cols, T._lr(T.DEFAULT_C).fit(d.design.X[rows][:, cols], d.ts.y[rows].astype(np.int64))

    def apply(model: Any, rows: np.ndarray) -> np.ndarray:
        cols, clf = model
        return clf.decision_function(d.design.X_scored[rows][:, cols])[:, None]

    return s.crossfit("szeged-sentences", f, fit, apply, 1)


def _char_idf(s: Split, fit_rows: np.ndarray) -> Any:
    """:func:`benchmarks.ngrams.char_idf` of the CoNLL sentences ``fit_rows``."""
    return ngrams.char_idf(s.char_counts[fit_rows])


def _word_vocabulary(s: Split, fit_rows: np.ndarray) -> Any:
    """:func:`benchmarks.ngrams.word_vectorizer` of the CoNLL sentences ``fit_rows``."""
    return ngrams.word_vectorizer([s.conll_texts[r] for r in fit_rows])


def _char_tfidf(s: Split, fit_rows: np.ndarray) -> Any:
    """Character 2-5-gram TF-IDF of every row (0 but on the CoNLL sentences), the idf from ``fit_rows``."""
    return _char_idf(s, fit_rows).transform(s.char_counts)


def _word_tfidf(s: Split, fit_rows: np.ndarray) -> Any:
    """Word 1-3-gram TF-IDF (:func:`_word_vocabulary` of ``fit_rows``) of every row (0 but on the CoNLL sentences)."""
    return _word_vocabulary(s, fit_rows).transform(s.conll_texts)


def _tfidf_lr(s: Split, keep: np.ndarray) -> tuple[Any, Any, Any]:
    """The separate TF-IDF logistic regression on the CoNLL sentences of ``keep`` (a row mask): its
    character idf, word vectorizer and classifier (apply with :func:`_tfidf_lr_log_odds`; the matrices
    are not kept, as the crossfit caches 55 such models per split)."""
    from sklearn.linear_model import LogisticRegression

    rows = s.conll[keep[s.conll]]
    idf, words = _char_idf(s, rows), _word_vocabulary(s, rows)
    clf = LogisticRegression(C=1.0, solver="liblinear", max_iter=1000, random_state=T.SEED)
    return idf, words, clf.fit(_tfidf_rows(s, idf, words, rows), s.d.ts.y[rows].astype(np.int64))


def _tfidf_rows(s: Split, idf: Any, words: Any, rows: np.ndarray) -> Any:
    """The two TF-IDF blocks of ``rows`` side by side (TF-IDF is row by row: the rows as in the whole matrix)."""
    from scipy import sparse

    return sparse.hstack([idf.transform(s.char_counts[rows]), words.transform([s.conll_texts[r] for r in rows])],
                         format="csr")


def _tfidf_lr_log_odds(s: Split, model: tuple[Any, Any, Any], rows: np.ndarray) -> np.ndarray:
    idf, words, clf = model
    return clf.decision_function(_tfidf_rows(s, idf, words, rows))


def _tfidf_lr_column(s: Split, f: int) -> np.ndarray:
    return s.crossfit("tfidf-lr", f, lambda keep: _tfidf_lr(s, keep),
                      lambda m, rows: _tfidf_lr_log_odds(s, m, rows)[:, None], 1)


def _training_rows(s: Split, f: int) -> np.ndarray:
    return s.conll[s.folds[s.conll] != f]


#: the columns of a variant in outer fold ``f``: a matrix (dense or sparse) with one row per sentence
Columns = Callable[[Split, int], Any]


@dataclass(frozen=True)
class Part:
    """Columns appended to the expert's design, times ``scale``; ``dense`` ones are always kept (as the
    design's real-valued features), others only where seen in ``min_df`` training sentences."""

    columns: Columns
    dense: bool = True
    scale: float = 1.0


@dataclass(frozen=True)
class Variant:
    """One row of the report: the expert with the ``parts`` appended, and/or fitted with balanced
    class weights, or (``alone``) the TF-IDF logistic regression on its own."""

    parts: tuple[Part, ...] = ()
    balanced: bool = False
    alone: bool = False


def _chars(s: Split, f: int) -> Any:
    return _char_tfidf(s, _training_rows(s, f))


def _words(s: Split, f: int) -> Any:
    return _word_tfidf(s, _training_rows(s, f))


CUES, CUES_X4 = Part(_szeged_cue_columns), Part(_szeged_cue_columns, scale=4.0)
SZEGED_LOG_ODDS = Part(_szeged_sentence_column)
CHARS_X3, WORDS_X3 = Part(_chars, dense=False, scale=3.0), Part(_words, dense=False, scale=3.0)

VARIANTS: dict[str, Variant] = {
    "conll-wiki": Variant(),
    "+ Szeged cue classifier (7 columns)": Variant((CUES,)),
    "+ Szeged cue classifier (7 columns, x 4)": Variant((CUES_X4,)),
    "+ Szeged sentence classifier's log-odds": Variant((SZEGED_LOG_ODDS,)),
    "+ character 2-5-grams (x 1)": Variant((Part(_chars, dense=False),)),
    "+ character 2-5-grams (x 3)": Variant((CHARS_X3,)),
    "+ character 2-5-grams (x 10)": Variant((Part(_chars, dense=False, scale=10.0),)),
    "+ word 1-3-grams (x 1)": Variant((Part(_words, dense=False),)),
    "+ word 1-3-grams (x 3)": Variant((WORDS_X3,)),
    "+ TF-IDF LR's log-odds": Variant((Part(_tfidf_lr_column),)),
    "+ all four: cues x 4, Szeged log-odds, characters x 3, words x 3": Variant((CUES_X4, SZEGED_LOG_ODDS,
                                                                                 CHARS_X3, WORDS_X3)),
    "TF-IDF LR alone": Variant(alone=True),
    "balanced class weights": Variant(balanced=True),
}


def augmented(design: T.Design, extra: Any, dense: np.ndarray) -> T.Design:
    """A copy of ``design`` with the columns ``extra`` (one row per sentence) appended, to both the
    features as trained on and as predicted from; the ``dense`` ones (a mask over them) are always
    kept (as the design's real-valued features), others only where seen in ``min_df`` training sentences."""
    from scipy import sparse

    extra = sparse.csr_matrix(extra)
    new = T.Design.__new__(T.Design)
    new.names = [*design.names, *(f"stack:{j}" for j in range(extra.shape[1]))]
    new.X = sparse.hstack([design.X, extra], format="csr")
    new._X_scored = sparse.hstack([design.X_scored, extra], format="csr")
    new.blank = design.blank
    new.always = np.r_[design.always, np.asarray(dense, dtype=bool)]
    return new


def _alone(s: Split, f: int) -> tuple[np.ndarray, float]:
    """The TF-IDF LR's P(uncertain) of the test fold's CoNLL sentences, and its threshold by the
    recipe's rule from a 3-fold CV (grouped by document) of the fold's CoNLL training sentences."""
    from scipy.special import expit  # (LogisticRegression.predict_proba's own)
    from sklearn.model_selection import GroupKFold

    train = _training_rows(s, f)
    groups = np.asarray(s.d.ts.groups)[train]
    oof = np.empty(len(train))
    y = s.d.ts.y.astype(np.int64)
    for tr, te in GroupKFold(n_splits=3).split(train, y[train], groups):
        keep = np.zeros(len(s.d.ts), dtype=bool)
        keep[train[tr]] = True
        oof[te] = expit(_tfidf_lr_log_odds(s, _tfidf_lr(s, keep), train[te]))
    threshold = T.best_threshold(y[train], oof, T.THRESHOLD_TOLERANCE)
    keep = np.zeros(len(s.d.ts), dtype=bool)
    keep[train] = True
    test = s.conll[s.folds[s.conll] == f]
    return expit(_tfidf_lr_log_odds(s, _tfidf_lr(s, keep), test)), threshold


def run_fold(s: Split, v: Variant, f: int) -> tuple[np.ndarray, np.ndarray, float]:
    """``(gold, P(uncertain), threshold)`` of the test fold's CoNLL sentences under variant ``v``."""
    d = s.d
    test = s.conll[s.folds[s.conll] == f]
    y = d.ts.y.astype(np.int64)
    if v.alone:
        p, t = _alone(s, f)
        return y[test], p, t
    design, nonpositive = d.design, d.nonpositive
    if v.parts:
        from scipy import sparse

        blocks = [sparse.csr_matrix(p.columns(s, f)) * p.scale for p in v.parts]
        extra = sparse.hstack(blocks, format="csr")
        design = augmented(d.design, extra, np.concatenate([np.full(b.shape[1], p.dense) for p, b in zip(v.parts, blocks)]))
        nonpositive = np.r_[d.nonpositive, np.zeros(extra.shape[1], dtype=bool)]
    recipe = _VariantRecipe(d.ts, design, {EXPERT: (CONLL,), OTHERS: ("bioscope", SZEGED)}, [OTHERS],
                            nonpositive=nonpositive)
    recipe.balanced = v.balanced
    train = np.flatnonzero(s.folds != f)
    threshold = recipe.inner_thresholds(train, 3)[EXPERT]
    p = recipe.predict(recipe.fit(train), test)[EXPERT]
    return y[test], p, threshold


def szeged_wiki_sentences(root: Path, d: Data) -> list[Any]:
    """The Szeged Wikipedia sentences with their cues, parallel to the training set's ``szeged-wiki`` rows.

    Raises:
        ValueError: the corpus file and the training set disagree (a different corpus version).
    """
    from hedgekit.readers import load_corpus

    sents = list(load_corpus(root / SZEGED_WIKI_FILE, format="szeged"))
    rows = np.flatnonzero(np.asarray(d.ts.corpus) == SZEGED)
    if len(rows) != len(sents) or any(d.ts.texts[r] != x.text for r, x in zip(rows, sents)):
        raise ValueError(f"{SZEGED_WIKI_FILE} does not hold the training set's {SZEGED} sentences in order")
    return sents


def run(root: Path, variants: Sequence[str] = tuple(VARIANTS), splits: int = SPLITS) -> dict[str, Any]:
    """Every variant on ``splits`` fold splits (see the module docstring); the first of ``variants``
    is the baseline the others' per-fold differences are taken against.

    Raises:
        KeyError: a variant is not one of :data:`VARIANTS` (checked before the corpora are read).
        ValueError: no variant, or ``splits`` < 1.
        FileNotFoundError, hedgekit.CorpusError: as :class:`benchmarks.conll_data.Data`.
    """
    from sklearn.metrics import roc_auc_score

    variants = list(variants)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise KeyError(f"unknown variants {unknown}; known: {list(VARIANTS)}")
    if not variants or splits < 1:
        raise ValueError(f"need at least one variant and one split, got {len(variants)} and {splits}")

    from hedgekit.lexicon import load_lexicon

    d = Data(root)
    sentences = szeged_wiki_sentences(root, d)
    lexicon = load_lexicon()
    counts = ngrams.char_counts([t if c == CONLL else "" for t, c in zip(d.ts.texts, d.ts.corpus)])
    f1: dict[str, list[float]] = {v: [] for v in variants}
    auc: dict[str, list[float]] = {v: [] for v in variants}
    thresholds: dict[str, list[float]] = {v: [] for v in variants}
    for r in range(splits):
        s = Split(d, T.SEED + r, sentences, lexicon, counts)
        for v in variants:
            gold, prob = [], []
            for f in range(K):
                y, p, t = run_fold(s, VARIANTS[v], f)
                f1[v].append(T.prf(y, (p >= t).astype(np.int64))["f1"])
                thresholds[v].append(round(float(t), 4))
                gold.append(y)
                prob.append(p)
            auc[v].append(float(roc_auc_score(np.concatenate(gold), np.concatenate(prob))))
            logging.info("split %d %s: F1 %.4f, ROC AUC %.4f", r, v, np.mean(f1[v][-K:]), auc[v][-1])
    base = variants[0]
    res: dict[str, Any] = {"splits": splits, "k": K, "baseline": base, "n_conll": int(len(np.flatnonzero(
        np.asarray(d.ts.corpus) == CONLL))), "variants": {}}
    for v in variants:
        a, b = np.array(f1[v]), np.array(f1[base])
        per_split = [float(x) for x in (a - b).reshape(splits, K).mean(axis=1)]
        res["variants"][v] = {
            "f1_shipped_folds": [round(float(a[:K].mean()), 4), round(float(a[:K].std(ddof=1)), 4)],
            "diff_shipped_folds": [round(float((a - b)[:K].mean()), 4), round(float((a - b)[:K].std(ddof=1)), 4)],
            "f1_all": [round(float(a.mean()), 4), round(float(a.std(ddof=1)), 4)],
            "diff_all": [round(float((a - b).mean()), 4), round(float((a - b).std(ddof=1)), 4)],
            "diff_per_split": [round(x, 4) for x in per_split],
            "roc_auc_per_split": [round(x, 4) for x in auc[v]],
            "f1_folds": [round(float(x), 4) for x in a], "thresholds": thresholds[v]}
    return res


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results (stamped by :func:`hedgekit.benchmark.stamp_and_write`)."""
    n = res["splits"]
    lines = B.stamp_header("More features for the `conll-wiki` expert: stacked Szeged models, surface n-grams "
                           "(issue 7)", res) + [
        f"{res['n_conll']} CoNLL-2010 Wikipedia sentences; 10-fold CV on the shipped model's folds and on {n - 1} more "
        f"seeded splits ({n * res['k']} folds). F1 of the uncertain class on the CoNLL sentences of each test fold; "
        f"*- baseline*: per fold, minus `{res['baseline']}`'s F1 on the same fold, mean ± sd; per split: the mean "
        "difference on each split, the shipped folds first; ROC AUC: of the pooled out-of-fold probabilities, per "
        "split. Goal (issue 7): F1 >= 0.66. Variants: see the docstring of `benchmarks/conll_variants.py`.", "",
        "| variant | F1, shipped folds | - baseline, shipped folds | F1, all folds | - baseline, all folds "
        "| - baseline per split | ROC AUC per split |", "|---|---|---|---|---|---|---|"]
    for v, s in res["variants"].items():
        lines.append(
            f"| {v} | {s['f1_shipped_folds'][0]:.4f} ± {s['f1_shipped_folds'][1]:.4f} | "
            f"{s['diff_shipped_folds'][0]:+.4f} ± {s['diff_shipped_folds'][1]:.4f} | "
            f"{s['f1_all'][0]:.4f} ± {s['f1_all'][1]:.4f} | {s['diff_all'][0]:+.4f} ± {s['diff_all'][1]:.4f} | "
            + ", ".join(f"{x:+.4f}" for x in s["diff_per_split"]) + " | "
            + ", ".join(f"{x:.4f}" for x in s["roc_auc_per_split"]) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="conll_variants", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
