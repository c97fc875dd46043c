"""Does the Pei & Jurgens aspect-level annotation (or the binary experts, or surface features) help the graded ``science`` expert? (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; 2-4 minutes
on a 2-core machine)::

    python -m benchmarks.graded_aspects     # writes benchmarks/results/graded_aspects.{json,md}

The ``science`` expert (a ridge regression of the rating targets, the lexicon families x3:
``hedgekit.train.GRADED_RIDGE_ALPHA`` / ``GRADED_FEATURE_SCALE``) correlates with the Pei & Jurgens
sentence ratings at Pearson 0.706 (``python -m benchmarks.graded``; goal 0.72). The same corpus also
labels 1,328 records of findings with six aspects of certainty (Number, Extent, Probability,
Condition, Suggestion, Framing: each Certain / Uncertain / NotPresent); 781 are rated findings, 547
(546 distinct findings) have no sentence rating. This suite asks whether that second annotation, as extra supervision, lifts the expert
(and, as more variants, whether the binary experts' judgements, the binary corpora's
sentences, surface n-grams or the cue classifiers' readings do).
Every variant is scored on the folds of ``benchmarks.graded`` (5 folds, 3 seeded splits: the seeds
of :func:`hedgekit.train.graded_cv`), with the feature columns the recipe would select (features in
>= 2 training sentences of all the corpora), and scored as the shipped expert scores: booster
weights clipped to <= 0, weights rounded to 6 significant digits and held at float32, ``certainty =
1 - sigmoid(4 (prediction - 0.5))``. Nothing is ever fitted on a test fold's findings or their
aspect labels:

- ``science``: the expert alone (its ridge on the rated findings of the training folds);
- ``+ aspect-only findings (w)``: the 546 distinct aspect-only findings join its training data with
  weight ``w``, each with the target that a ridge regression (alpha 1) of the training folds' rated
  findings' targets on their one-hot aspect labels predicts from its aspect labels;
- ``+ aspect classifiers (...)``: per aspect, a logistic regression (liblinear, C 0.3) of
  "Uncertain" on the features (those in >= 2 of its training findings) of the aspect-labelled
  findings outside the test fold; its log-odds is one more column of the ridge, cross-fitted for
  the training findings (3 inner folds: a finding's own aspect labels never make its feature);
- ``+ lexicon counts``: the number of hedge cues (pseudo rows and boosters excluded), the sum of
  their priors, the tokens / 30 and the numbers / 3, as four more columns;
- ``+ binary experts' log-odds``: the log-odds of the shipped model's four binary experts
  (``biomedical``, ``general``, ``conll-wiki``, ``semantic``) as four more columns: supervision from
  the 33,000 binary-labelled sentences as features rather than as training rows. Those experts never
  saw Pei & Jurgens (:data:`BINARY_EXPERTS` are checked against the model's training record), so
  no test finding's rating reaches its own feature (two findings contain a Szeged Wikipedia article
  title, labelled certain, that `general` and `semantic` trained on); a fitted combination of them folds into one linear
  expert (the sum of the experts' weights times their coefficients), so it would ship as one;
- ``+ binary corpora's sentences (w)``: the 33,000 sentences of BioScope, the CoNLL-2010 lists and
  Szeged Wikipedia join the ridge's training data with weight ``w`` each, their 0/1 labels as
  targets, and one indicator column per corpus (:data:`INDICATOR` on its sentences, 0 on the
  findings, so it absorbs the corpus's own rate of uncertain sentences and never scores a finding):
  the binary supervision as training rows rather than as features;
- ``+ character n-grams (x s)``: TF-IDF of the findings' character 2-5-grams within words (hashed
  into 2^20 columns, sublinear term frequency, rows of unit length; the idf from the training
  findings), times ``s`` (a ridge penalty ``1 / s^2`` times the expert's), as more columns;
  (rows of unit length, so at ``s`` 1 the expert's alpha 30 leaves them almost no weight);
- ``+ word 1-3-grams (x s)``: TF-IDF of the words and word pairs and triples in >= 2 training
  findings, times ``s``;
- ``+ TF-IDF ridge (x 10)``: the prediction of a separate ridge regression (alpha 1) of the targets
  on the two TF-IDF blocks above, times 10, one more column, cross-fitted for the training findings
  (3 inner folds); alone, ``TF-IDF ridge alone``: the issue's "TF-IDF ridge regression" baseline on
  these folds (its alpha not tuned);
- ``+ cue models' readings``: the three shipped cue classifiers' (:mod:`hedgekit.cues`; trained on
  BioScope's and Szeged's cues, never on Pei & Jurgens) largest cue probability, noisy-or and cues
  found of each finding, as the Scorer reads it, nine more columns;
- ``boosted trees over the ridge, counts and log-odds`` and ``... averaged with the ridge``: a
  non-linear second stage (:func:`boosted_second_stage`) over the ridge's prediction and the
  columns of the two variants above it; it would ship as a second model, not one linear expert.

Surface variants were tried because the expert's features are the lexicon's and a few word
families; the last needs the cue models at scoring time, so would ship only as a second stage.

Pearson and Spearman of ``certainty`` with the 1-6 ratings: mean ± sd over the 15 folds; and, as
every variant is scored on the same folds, the mean ± sd over the folds of its Pearson minus
``science``'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main, ngrams
from benchmarks.graded import pj_ratings
from hedgekit import benchmark as B
from hedgekit import train as T
from hedgekit.features import FeatureConfig, scoring_config
from hedgekit.lexicon import load_lexicon
from hedgekit.readers import load_corpus
from hedgekit.text import token_spans

COMMAND = "python -m benchmarks.graded_aspects"
PJ = "pei-jurgens"
ASPECT_FILE = "pei-jurgens-certainty/aspect-level-certainty.train-val.jsonl"
ASPECTS = ("Number", "Extent", "Probability", "Condition", "Suggestion", "Framing")
K, REPEATS, INNER = 5, 3, 3


def text_key(text: str) -> str:
    """The letters and digits of ``text``, lower-cased: how an aspect record finds its rated twin
    (the two files differ in spacing and punctuation of a few findings)."""
    return re.sub(r"[\W_]+", "", text.lower())


def one_hot(aspects: Mapping[str, str]) -> list[float]:
    """``[Certain, Uncertain]`` indicators of each of :data:`ASPECTS` (NotPresent is all zeros)."""
    return [float(aspects.get(a) == v) for a in ASPECTS for v in ("Certain", "Uncertain")]


def lexicon_counts(texts: Sequence[str]) -> np.ndarray:
    """Per text: hedge cues (not pseudo, not booster), sum of their priors, tokens / 30, numbers / 3."""
    lexicon = load_lexicon()
    out = []
    for t in texts:
        norms, _ = token_spans(t)
        hedges = [m for m in lexicon.match(norms) if m.entry.category not in ("booster", "pseudo")]
        out.append([len(hedges), sum(m.entry.weight for m in hedges), len(norms) / 30.0,
                    sum(1 for w in norms if w[:1].isdigit()) / 3.0])
    return np.array(out, dtype=np.float64)


class Data:
    """The shipped training set, the aspect records aligned with it, and one design matrix over both."""

    def __init__(self, root: Path) -> None:
        self.ts = T.load_training_set(root, T.GRADED_CORPORA)
        corpus = np.asarray(self.ts.corpus)
        self.pj = np.flatnonzero(corpus == PJ)
        self.others = np.flatnonzero(corpus != PJ)
        self.target = np.asarray(self.ts.target, dtype=np.float64)
        self.ratings = pj_ratings(root)
        self.groups = np.asarray(self.ts.groups)[self.pj]
        key = {text_key(self.ts.texts[i]): j for j, i in enumerate(self.pj)}
        records = [(s.text, dict(dict(s.meta)["aspects"])) for s in load_corpus(root / ASPECT_FILE, format="pei-jurgens")]
        #: aspect labels of the rated findings that have them (index into ``pj`` -> labels)
        self.rated_aspects = {key[text_key(t)]: a for t, a in records if text_key(t) in key}
        only_by_key: dict[str, tuple[str, dict[str, str]]] = {}
        for t, a in records:  # one aspect-only finding occurs twice: its first record counts
            if text_key(t) not in key:
                only_by_key.setdefault(text_key(t), (t, a))
        only = list(only_by_key.values())
        n0 = len(self.ts.texts)
        texts = [*self.ts.texts, *(t for t, _ in only)]
        lexicon = load_lexicon()
        design = T.Design(T.featurize_all(texts, lexicon, FeatureConfig()))
        self.X, self.names = design.X, design.names
        self.design = design
        #: the booster features, whose weights the recipe clips to <= 0 (:func:`hedgekit.train.booster_features`)
        self.booster = T.booster_features(design.names, lexicon)
        #: rows of the aspect-only findings in ``X``, and their labels
        self.extra = np.arange(n0, n0 + len(only))
        self.extra_aspects = [a for _, a in only]
        prefix = np.array([n.split(":", 1)[0] for n in design.names])
        self.scale = np.ones(len(design.names))
        for fam, f in T.GRADED_FEATURE_SCALE["science"].items():
            self.scale[np.isin(prefix, T.FEATURE_FAMILIES[fam])] = f
        #: :func:`lexicon_counts` of the rated findings (index into ``pj``)
        self.counts = lexicon_counts([self.ts.texts[i] for i in self.pj])
        #: :func:`binary_expert_log_odds` of the rated findings (index into ``pj``)
        self.binary = binary_expert_log_odds([self.ts.texts[i] for i in self.pj])
        #: the rated findings' texts (index into ``pj``)
        self.pj_texts = [self.ts.texts[i] for i in self.pj]
        #: :func:`cue_readings` of the rated findings (index into ``pj``)
        self.cue_readings = cue_readings(self.pj_texts)

    def others_outside(self, te: np.ndarray) -> np.ndarray:
        """The other corpora's sentences (:attr:`others`) that are not in the group of a held-out
        finding (indices ``te`` into :attr:`pj`), as :func:`hedgekit.train.graded_cv` leaves them out."""
        return self.others[~np.isin(np.asarray(self.ts.groups)[self.others], self.groups[te])]


Variant = Callable[[Data, np.ndarray, np.ndarray, np.ndarray], np.ndarray]

#: the shipped model's experts trained on binary labels only (never on Pei & Jurgens)
BINARY_EXPERTS = ("biomedical", "general", "conll-wiki", "semantic")


def binary_expert_log_odds(texts: Sequence[str]) -> np.ndarray:
    """Per text, the log-odds of "uncertain" of each of :data:`BINARY_EXPERTS` of the shipped model.

    Raises:
        ValueError: one of them was trained on Pei & Jurgens (its feature would leak the ratings).
    """
    from hedgekit.model import load_model

    model = load_model()
    trained_on = model.training.get("experts", {})
    for e in BINARY_EXPERTS:
        if e not in trained_on:
            raise ValueError(f"the shipped model records no training corpora for {e!r}: cannot rule out {PJ}")
        if PJ in trained_on[e]:
            raise ValueError(f"the shipped {e!r} expert was trained on {PJ}: its log-odds would leak the ratings")
    # as Scorer(expert=e) scores them (end_mark)
    idx, vals, starts = model.encode(T.featurize_all(texts, load_lexicon(), scoring_config(model.feature_config)))
    z = model.raw_scores(idx, vals, starts)
    return z[:, [model.experts.index(e) for e in BINARY_EXPERTS]]


def _ridge(X: Any, y: np.ndarray, w: np.ndarray | None = None, alpha: float = T.GRADED_RIDGE_ALPHA["science"]) -> Any:
    from sklearn.linear_model import Ridge

    return Ridge(alpha=alpha).fit(X, y, sample_weight=w)


def _scaled(d: Data, rows: np.ndarray, cols: np.ndarray) -> Any:
    from scipy import sparse

    return d.X[rows][:, cols] @ sparse.diags(d.scale[cols])


#: value of the per-corpus indicator columns that the binary corpora's rows carry (see ``binary_weight``):
#: large, so that the ridge penalty on their weights is negligible (alpha / 100) and each corpus's
#: rate of uncertain sentences goes into its indicator, not into the words' weights
INDICATOR = 10.0


def science(extra_columns: Callable[[Data, np.ndarray, np.ndarray, np.ndarray], tuple[Any, Any]] | None = None,
            extra_weight: float = 0.0, binary_weight: float = 0.0) -> Variant:
    """A variant: the science ridge, with more columns (``extra_columns(d, tr, te, cols)`` -> the
    training and test findings' columns), and/or the aspect-only findings at ``extra_weight``,
    and/or the binary corpora's sentences at ``binary_weight`` (their 0/1 labels as targets, each
    corpus with an indicator column of value :data:`INDICATOR`, 0 for the findings, so that its own
    share of uncertain sentences does not move the findings' intercept).

    Raises:
        ValueError: ``binary_weight`` with ``extra_weight`` or ``extra_columns`` (the extra columns
            of the binary sentences are not computed, and zeros would misstate them).
    """
    if binary_weight and (extra_weight or extra_columns is not None):
        raise ValueError("binary_weight combines with neither extra_weight nor extra_columns")

    def fit_predict(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> np.ndarray:
        from scipy import sparse

        Xtr = _scaled(d, d.pj[tr], cols)
        y, w = d.target[d.pj[tr]], np.ones(len(tr))
        if extra_weight:
            rated = [j for j in tr if j in d.rated_aspects]
            m = _ridge(np.array([one_hot(d.rated_aspects[j]) for j in rated]), d.target[d.pj[rated]], alpha=1.0)
            pseudo = np.clip(m.predict(np.array([one_hot(a) for a in d.extra_aspects])), 0.0, 1.0)
            Xtr = sparse.vstack([Xtr, _scaled(d, d.extra, cols)]).tocsr()
            y, w = np.r_[y, pseudo], np.r_[w, np.full(len(d.extra), extra_weight)]
        n_ind = 0
        if binary_weight:  # (not the sentences of a held-out finding's document)
            others = d.others_outside(te)
            corpus = np.asarray(d.ts.corpus)[others]
            names = sorted(set(corpus.tolist()))
            n_ind = len(names)
            ind = sparse.csr_matrix((np.full(len(others), INDICATOR),
                                     (np.arange(len(others)), [names.index(c) for c in corpus])),
                                    shape=(len(others), n_ind))
            Xtr = sparse.vstack([sparse.hstack([Xtr, sparse.csr_matrix((Xtr.shape[0], n_ind))]),
                                 sparse.hstack([_scaled(d, others, cols), ind])]).tocsr()
            y, w = np.r_[y, d.target[others]], np.r_[w, np.full(len(others), binary_weight)]
        if extra_columns is not None:
            ftr, fte = extra_columns(d, tr, te, cols)
            Xtr = sparse.hstack([Xtr, ftr]).tocsr()
        r = _ridge(Xtr, y, w)
        # the weights as the recipe stores them (Recipe._fit_expert / Recipe.fit): x4 logits on the
        # unscaled features, boosters clipped to <= 0, 6 significant digits, float32
        n = len(cols)
        coef = 4.0 * np.asarray(r.coef_, dtype=np.float64).ravel()
        coef = np.r_[coef[:n], coef[n + n_ind:]]  # the indicators are 0 for every finding
        coef[:n] *= d.scale[cols]
        clip = np.flatnonzero(d.booster[cols])
        coef[clip] = np.minimum(coef[clip], 0.0)
        coef = T._round(coef).astype(np.float32).astype(np.float64)
        b = float(T._round(np.array([4.0 * (float(r.intercept_) - 0.5)]))[0])
        z = d.X[d.pj[te]][:, cols] @ coef[:n] + b
        if extra_columns is not None:
            z = z + (fte @ coef[n:] if sparse.issparse(fte) else np.asarray(fte, dtype=np.float64) @ coef[n:])
        return 1.0 - 1.0 / (1.0 + np.exp(-z))
    return fit_predict


def _char_tfidf(texts: Sequence[str], fit_rows: np.ndarray) -> Any:
    """Character 2-5-gram TF-IDF of ``texts`` (see the module docstring), the idf from ``fit_rows``."""
    counts = ngrams.char_counts(texts)
    return ngrams.char_idf(counts[fit_rows]).transform(counts)


def _word_tfidf(texts: Sequence[str], fit_rows: np.ndarray) -> Any:
    return ngrams.word_vectorizer([texts[i] for i in fit_rows]).transform(texts)


def char_ngrams(scale: float) -> Callable[..., tuple[Any, Any]]:
    """Columns: the findings' character n-gram TF-IDF times ``scale``."""
    def columns(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
        X = _char_tfidf(d.pj_texts, tr) * scale
        return X[tr], X[te]
    return columns


def word_ngrams(scale: float) -> Callable[..., tuple[Any, Any]]:
    """Columns: the findings' word 1-3-gram TF-IDF times ``scale``."""
    def columns(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
        X = _word_tfidf(d.pj_texts, tr) * scale
        return X[tr], X[te]
    return columns


def _tfidf_ridge(d: Data, fit: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The separate TF-IDF ridge regression (alpha 1) fitted on findings ``fit``, predicting ``at``."""
    from scipy import sparse

    X = sparse.hstack([_char_tfidf(d.pj_texts, fit), _word_tfidf(d.pj_texts, fit)]).tocsr()
    return _ridge(X[fit], d.target[d.pj[fit]], alpha=1.0).predict(X[at])


def tfidf_ridge_column(scale: float) -> Callable[..., tuple[Any, Any]]:
    """Column: the TF-IDF ridge's prediction times ``scale``, cross-fitted for the training findings."""
    def columns(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
        ftr = np.empty((len(tr), 1))
        inner = T.shuffled_group_folds(d.groups[tr], INNER, T.SEED)
        for g in range(INNER):
            ftr[inner == g, 0] = _tfidf_ridge(d, tr[inner != g], tr[inner == g])
        return scale * ftr, scale * _tfidf_ridge(d, tr, te)[:, None]
    return columns


def tfidf_ridge_alone(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """A variant: certainty = 1 - the TF-IDF ridge's predicted target (the issue's ~0.69 baseline)."""
    return 1.0 - _tfidf_ridge(d, tr, te)


def cue_readings(texts: Sequence[str]) -> np.ndarray:
    """Per text, :func:`hedgekit.cues.sentence_cue_features` of each shipped cue model, as the Scorer
    reads the text (``end_mark``).

    Raises:
        ValueError: a cue model's training corpora include Pei & Jurgens (its readings would leak the ratings).
    """
    from hedgekit import cues

    lexicon = load_lexicon()
    out = []
    for domain in cues.DOMAINS:
        if any(PJ in name for name, _, _ in cues.SHIPPED_CUE_MODELS[domain][1]):
            raise ValueError(f"the {domain!r} cue model is trained on {PJ}: its readings would leak the ratings")
        model = cues.load_cue_model(domain=domain)
        for t in texts:
            out.append([cues.sentence_cue_features(model.candidate_probabilities(t, lexicon, end_mark=True)[1])[k]
                        for k in cues.SENTENCE_FEATURES])
    n = len(texts)
    return np.hstack([np.array(out[i * n:(i + 1) * n], dtype=np.float64) for i in range(len(cues.DOMAINS))])


def _cue_readings(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
    return d.cue_readings[tr], d.cue_readings[te]


def aspect_classifiers(aspects: Sequence[str], C: float = 0.3) -> Callable[..., tuple[Any, Any]]:
    """Columns: each aspect's cross-fitted log-odds of "Uncertain" (see the module docstring)."""
    def columns(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
        from sklearn.linear_model import LogisticRegression

        rated = np.array(sorted(d.rated_aspects))
        rows = np.r_[d.pj[rated], d.extra]  # every aspect-labelled finding, in X
        of_pj = np.r_[rated, np.full(len(d.extra), -1)]
        labels = {a: np.array([d.rated_aspects[j][a] == "Uncertain" for j in rated]
                              + [x[a] == "Uncertain" for x in d.extra_aspects], dtype=np.int64) for a in aspects}
        def log_odds(keep: np.ndarray, at: np.ndarray) -> np.ndarray:
            acols = np.intersect1d(d.design.columns(rows[keep], 2), cols)
            Xa = _scaled(d, rows[keep], acols)
            out = []
            for a in aspects:
                clf = LogisticRegression(C=C, solver="liblinear", random_state=T.SEED).fit(Xa, labels[a][keep])
                out.append(clf.decision_function(_scaled(d, d.pj[at], acols)))
            return np.array(out).T

        fte = log_odds(~np.isin(of_pj, te), te)
        ftr = np.empty((len(tr), len(aspects)))
        inner = T.shuffled_group_folds(d.groups[tr], INNER, T.SEED)
        for g in range(INNER):
            hold = tr[inner == g]
            ftr[inner == g] = log_odds(~np.isin(of_pj, te) & ~np.isin(of_pj, hold), hold)
        return ftr, fte
    return columns


def _counts(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
    return d.counts[tr], d.counts[te]


def _binary(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> tuple[Any, Any]:
    return d.binary[tr], d.binary[te]


def boosted_second_stage(average: bool) -> Variant:
    """A variant: boosted regression trees over the ``science`` ridge's prediction (its logit) and
    the findings' lexicon counts and binary experts' log-odds (:func:`_counts`, :func:`_binary`),
    fitted to the targets of the training findings on the ridge's out-of-fold predictions there
    (:data:`INNER` folds by group, the feature columns chosen again without each inner fold), then
    applied to the test findings with the ridge fitted on all the training findings; with
    ``average``, the mean of its certainty and the ridge's. Settings fixed, not tuned:
    scikit-learn's ``HistGradientBoostingRegressor``, depth 3, 100 iterations, learning rate 0.05,
    L2 1.0, leaves of >= 20 findings."""
    ridge = science()

    def fit_predict(d: Data, tr: np.ndarray, te: np.ndarray, cols: np.ndarray) -> np.ndarray:
        from sklearn.ensemble import HistGradientBoostingRegressor

        base = ridge(d, tr, te, cols)
        inner = T.shuffled_group_folds(d.groups[tr], INNER, T.SEED)
        oof = np.empty(len(tr))
        for g in range(INNER):
            fit, held = tr[inner != g], tr[inner == g]
            inner_cols = d.design.columns(np.r_[d.others_outside(np.r_[te, held]), d.pj[fit]], T.DEFAULT_MIN_DF)
            oof[inner == g] = ridge(d, fit, held, inner_cols)

        def logit(c: np.ndarray) -> np.ndarray:
            c = np.clip(c, 1e-9, 1.0 - 1e-9)
            return np.log(c / (1.0 - c))

        trees = HistGradientBoostingRegressor(max_depth=3, max_iter=100, learning_rate=0.05, l2_regularization=1.0,
                                              min_samples_leaf=20, early_stopping=False, random_state=0)
        trees.fit(np.column_stack([logit(oof), d.counts[tr], d.binary[tr]]), d.target[d.pj[tr]])
        pred = trees.predict(np.column_stack([logit(base), d.counts[te], d.binary[te]]))
        cert = 1.0 - 1.0 / (1.0 + np.exp(-4.0 * (pred - 0.5)))  # as the expert maps its prediction
        return 0.5 * (base + cert) if average else cert
    return fit_predict


VARIANTS: dict[str, Variant] = {
    "science": science(),
    "+ aspect-only findings (w 0.5)": science(extra_weight=0.5),
    "+ aspect-only findings (w 1)": science(extra_weight=1.0),
    "+ aspect classifiers (Probability)": science(aspect_classifiers(("Probability",))),
    "+ aspect classifiers (all six)": science(aspect_classifiers(ASPECTS)),
    "+ lexicon counts": science(_counts),
    "+ binary experts' log-odds": science(_binary),
    "+ binary corpora's sentences (w 0.005)": science(binary_weight=0.005),
    "+ binary corpora's sentences (w 0.02)": science(binary_weight=0.02),
    "+ character n-grams (x 2)": science(char_ngrams(2.0)),
    "+ character n-grams (x 5)": science(char_ngrams(5.0)),
    "+ character n-grams (x 10)": science(char_ngrams(10.0)),
    "+ word 1-3-grams (x 3)": science(word_ngrams(3.0)),
    "+ word 1-3-grams (x 10)": science(word_ngrams(10.0)),
    "+ TF-IDF ridge (x 10)": science(tfidf_ridge_column(10.0)),
    "TF-IDF ridge alone": tfidf_ridge_alone,
    "+ cue models' readings": science(_cue_readings),
    "boosted trees over the ridge, counts and log-odds": boosted_second_stage(average=False),
    "... averaged with the ridge": boosted_second_stage(average=True),
}


def run(root: Path, variants: Sequence[str] = tuple(VARIANTS)) -> dict[str, Any]:
    """Score ``variants`` on the graded folds: per variant Pearson / Spearman mean and sd over the folds,
    and the mean and sd of its per-fold Pearson minus that of ``variants[0]`` (the baseline)."""
    from scipy import stats

    d = Data(root)
    res: dict[str, Any] = {"n_rated": len(d.pj), "n_rated_with_aspects": len(d.rated_aspects),
                           "n_aspect_only": len(d.extra), "k": K, "repeats": REPEATS, "variants": {}}
    scores: dict[str, list[tuple[float, float]]] = {v: [] for v in variants}
    for r in range(REPEATS):
        fold = T.shuffled_group_folds(d.groups, K, T.SEED + r)
        for f in range(K):
            tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            others = d.others_outside(te)
            cols = d.design.columns(np.r_[others, d.pj[tr]], T.DEFAULT_MIN_DF)
            for v in variants:
                cert = VARIANTS[v](d, tr, te, cols)
                scores[v].append((float(stats.pearsonr(cert, d.ratings[te])[0]),
                                  float(stats.spearmanr(cert, d.ratings[te])[0])))
            logging.info("split %d fold %d: %s", r, f, ", ".join(f"{v} {s[-1][0]:.3f}" for v, s in scores.items()))
    base = np.array(scores[variants[0]])[:, 0]
    res["baseline"] = variants[0]
    for v in variants:
        a = np.array(scores[v])
        diff = a[:, 0] - base
        res["variants"][v] = {**T.fold_correlations(scores[v]),
                              "pearson_diff": round(float(diff.mean()), 4), "pearson_diff_std": round(float(diff.std(ddof=1)), 4),
                              "pearson_folds": [round(x, 4) for x in a[:, 0].tolist()]}
    return res


def render(res: Mapping[str, Any]) -> str:
    lines = B.stamp_header("Pei & Jurgens aspect labels, the binary experts and surface features as extra supervision for the `science` expert (issue 7)", res) + [
        f"{res['n_rated']} rated findings ({res['n_rated_with_aspects']} also aspect-labelled) and "
        f"{res['n_aspect_only']} aspect-only findings; {res['k']}-fold CV on {res['repeats']} seeded splits (the "
        "folds of `python -m benchmarks.graded`). Pearson / Spearman of certainty with the 1-6 ratings: mean ± sd "
        "over the folds; *Pearson - baseline*: mean ± sd over the folds of the variant's Pearson minus "
        f"`{res['baseline']}`'s on the same fold. Target (issue 7): Pearson >= 0.72. Variants: see the docstring "
        "of `benchmarks/graded_aspects.py`.", "",
        "| variant | Pearson | Spearman | Pearson - baseline |", "|---|---|---|---|"]
    for v, s in res["variants"].items():
        lines.append(f"| {v} | {s['pearson']:.3f} ± {s['pearson_std']:.3f} | {s['spearman']:.3f} ± {s['spearman_std']:.3f} "
                     f"| {s['pearson_diff']:+.4f} ± {s['pearson_diff_std']:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="graded_aspects", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
