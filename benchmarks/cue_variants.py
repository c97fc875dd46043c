"""Cue-classifier variants (issue 7): what else was tried for the cue-level targets, and what it gave.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; 7-21 minutes
on a 2-core machine in the recorded runs)::

    python -m benchmarks.cue_variants      # writes benchmarks/results/cue_variants.{json,md}

Two targets of issue 7 stay below their goal with the shipped cue recipe (:mod:`hedgekit.cues`):
span F1 >= 0.85 on the Szeged Wikipedia cues and sentence F1 >= 0.86 trained on the BioScope
abstracts and tested on the 9 full papers (``benchmarks/results/targets.md``). This suite refits the cue classifier
with other features and learners, each on exactly the data and folds of
``benchmarks/cue_level.py`` (10-fold CV grouped by document, the shipped recipe's folds), and on the
abstracts -> full papers split of ``benchmarks/bio_split.py``:

- ``shipped``: the shipped recipe (L2 logistic regression, C 0.5, templates, extra patterns >= 3,
  back-off spans); every variant keeps the templates, extra patterns and back-off spans;
- ``C 0.25`` / ``C 1``: the same with weaker / stronger fit;
- ``wider context``: + the words at -3 and +3, the two words either side as one feature joined with
  the pattern, and crude stems (``-s``, ``-es``, ``-ed``, ``-ing``, ``-ly`` stripped) of the
  neighbours joined with the pattern;
- ``context bag``: ``wider context`` + the stems of every word within 5 tokens, joined with the pattern;
- ``domain-augmented``: the training folds plus a second cue corpus of another genre (Szeged bio for
  Szeged wiki, Szeged wiki for the others), every feature doubled into a shared and a per-corpus copy
  (Daumé III, 2007, "Frustratingly easy domain adaptation"); templates and extra patterns from the
  target corpus only;
- ``MLP``: the shipped features into one hidden layer of 16 ReLU units (scikit-learn
  ``MLPClassifier``, L2 alpha 1.0, 60 epochs of Adam) instead of the linear model;
- ``word classes (k)``: the shipped features + the distributional class of the words at -2..+2,
  alone (-1, +1) and joined with the pattern -- a part-of-speech hint without a tagger or a download
  (:func:`word_classes`: k-means over SVD-reduced PPMI vectors of each word's left and right
  neighbours, in the style of Brown clusters), for k in :data:`WORD_CLASS_SIZES`. The classes are
  induced once from the unlabeled text of the shipped training set (its labels are not used; the
  test folds' and the full papers' text is included, which can only flatter these variants);
- ``two-pass``: collective classification -- the shipped features + what a first-pass model (the
  shipped recipe) says of the sentence's *other* candidates: the largest of their probabilities, in
  six bins, alone and joined with the pattern, and whether one reaches 0.5, alone and joined with the
  pattern (:func:`two_pass_features`). The second pass learns from first-pass probabilities that are
  out of fold (:data:`INNER_FOLDS` inner folds of the training part, grouped by document), and is
  applied with the first pass fitted on the whole training part;
- ``inner-CV threshold``: the shipped classifier with the threshold (0.5 shipped) that the training
  part's own :data:`INNER_FOLDS`-fold CV, grouped by document, finds best for exact cue F1, of
  :data:`THRESHOLDS` (the first of equal ones; the inner folds' cues pooled).

Cells: exact-span F1 of the cues (mean ± sd over the 10 folds) and the sentence F1 of calling a
sentence uncertain iff a cue is found; for the split, sentence F1 on the full papers. Nothing here is
tuned on the full papers: every variant is fixed in advance and run once.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpora_dir
from benchmarks import cue_level as CL
from hedgekit import benchmark as B
from hedgekit import cues as cuelib
from hedgekit import train as T
from hedgekit.evaluate import cue_metrics
from hedgekit.lexicon import Lexicon, load_lexicon
from hedgekit.readers import load_corpus
from hedgekit.types import AnnotatedSentence, Cue

COMMAND = "python -m benchmarks.cue_variants"
CORPORA = ("szeged-wiki", "bioscope", "szeged-bio")
#: the second cue corpus of another genre that ``domain-augmented`` adds to each target.
AUX = {"szeged-wiki": "szeged-bio", "bioscope": "szeged-wiki", "szeged-bio": "szeged-wiki", "split": "szeged-wiki"}
HP = cuelib.SHIPPED_HYPERPARAMETERS
Features = Callable[..., list[str]]
_SHIPPED_FEATURES: Features = cuelib.candidate_features


@contextmanager
def candidate_features(fn: Features) -> Iterator[None]:
    """Make :mod:`hedgekit.cues` (fitting and prediction) use ``fn`` for a candidate's features."""
    cuelib.candidate_features = fn
    try:
        yield
    finally:
        cuelib.candidate_features = _SHIPPED_FEATURES


def _stem(tok: str) -> str:
    for suf in ("ing", "ed", "es", "s", "ly"):
        if tok.endswith(suf) and len(tok) > len(suf) + 3:
            return tok[:-len(suf)]
    return tok


def wider_context(tokens: Sequence[str], cands: Sequence[cuelib.Candidate], i: int, raw_first: str = "",
                  has: Sequence[str] | None = None) -> list[str]:
    """The shipped features + words at -3/+3, the word pairs either side and the neighbours' stems."""
    f = _SHIPPED_FEATURES(tokens, cands, i, raw_first, has)
    c, n, p = cands[i], len(tokens), cands[i].pattern
    tok = lambda j: cuelib._w(tokens[j]) if 0 <= j < n else ("<s>" if j < 0 else "</s>")  # noqa: E731
    return f + ["w-3=" + tok(c.first - 3), "w+3=" + tok(c.last + 2),
                "p|w+1w+2=" + p + "|" + tok(c.last) + "|" + tok(c.last + 1),
                "p|w-2w-1=" + p + "|" + tok(c.first - 2) + "|" + tok(c.first - 1),
                "p|st-1=" + p + "|" + _stem(tok(c.first - 1)), "p|st+1=" + p + "|" + _stem(tok(c.last))]


def context_bag(tokens: Sequence[str], cands: Sequence[cuelib.Candidate], i: int, raw_first: str = "",
                has: Sequence[str] | None = None) -> list[str]:
    """:func:`wider_context` + the stems of the words within 5 tokens, joined with the pattern."""
    c = cands[i]
    near = set(tokens[max(0, c.first - 5):c.first]) | set(tokens[c.last:c.last + 5])
    return wider_context(tokens, cands, i, raw_first, has) + sorted(
        "p|bag=" + c.pattern + "|" + _stem(cuelib._w(t)) for t in near)


def _augmented(domain: str) -> Features:
    """The shipped features, each also in a copy prefixed with ``domain``."""
    def fn(tokens: Sequence[str], cands: Sequence[cuelib.Candidate], i: int, raw_first: str = "",
           has: Sequence[str] | None = None) -> list[str]:
        f = _SHIPPED_FEATURES(tokens, cands, i, raw_first, has)
        return f + [domain + "::" + x for x in f]
    return fn


class MLPCueModel(cuelib.CueModel):
    """A :class:`hedgekit.cues.CueModel` whose P(cue) is a one-hidden-layer network over its features."""

    def __init__(self, base: cuelib.CueModel, names: Sequence[str], clf: Any) -> None:
        super().__init__({}, base.templates, base.extra, base.threshold, base.lexicon_hash, backoff=base.backoff,
                         backoff_cues=base.backoff_cues)
        self.vocab = {n: j for j, n in enumerate(names)}
        self.W1, self.W2 = clf.coefs_
        self.b1, self.b2 = clf.intercepts_

    def probability(self, features: Any) -> float:
        idx = sorted({self.vocab[f] for f in features if f in self.vocab})
        h = np.maximum(self.W1[idx].sum(axis=0) + self.b1, 0.0)
        return float(1.0 / (1.0 + np.exp(-(h @ self.W2[:, 0] + self.b2[0]))))


#: the numbers of word classes the ``word classes (k)`` variants use.
WORD_CLASS_SIZES = (200, 500, 1000)
#: k -> word -> class, filled by :func:`run` (from the shipped training set's text) before any
#: ``word classes`` variant is fitted.
_WORD_CLASSES: dict[int, dict[str, int]] = {}


def word_classes(texts: Iterable[str], k: int, *, min_count: int = 3, contexts: int = 3000, dims: int = 100,
                 seed: int = 0) -> dict[str, int]:
    """Distributional word classes: words that occur between the same neighbours share a class.

    Each word seen at least ``min_count`` times (digits-initial tokens as ``<num>``, the normalized
    tokens of :func:`hedgekit.text.token_spans`) is described by its positive PMI with the
    ``contexts`` most frequent words (plus the sentence boundaries and "other") at offsets -2, -1, +1
    and +2, context counts smoothed to the power 0.75; the vectors are reduced to ``dims``
    dimensions by truncated SVD, L2-normalized and grouped into ``k`` classes by k-means.

    Args:
        texts: the sentences to learn from (duplicates are counted once).
        k: the number of classes, at least 1 and at most the number of kept words.
        min_count, contexts, dims, seed: see above; ``dims`` is cut to the number of kept words - 1;
            ``seed`` fixes the SVD and k-means.

    Returns:
        word -> class id in ``0..k-1``.

    Raises:
        ValueError: ``k`` below 1, fewer than ``k`` (or 2) words, or at most ``dims`` context columns.
    """
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    from hedgekit.text import token_spans

    if k < 1:
        raise ValueError(f"word_classes: k must be at least 1, got {k}")
    toks = [[cuelib._w(t) for t in token_spans(s)[0]] for s in dict.fromkeys(texts)]
    count = Counter(t for s in toks for t in s)
    words = [w for w, n in count.most_common() if n >= min_count]
    if len(words) < max(k, 2):
        raise ValueError(f"word_classes: {len(words)} words seen >= {min_count} times, fewer than k = {k} "
                         "(or than 2)")
    row = {w: i for i, w in enumerate(words)}
    col = {w: i for i, w in enumerate(w for w, _ in count.most_common(contexts))}
    col.update({"<s>": len(col), "</s>": len(col) + 1})
    other = len(col)
    width = other + 1
    rows, cols = [], []
    for s in toks:
        padded = ["<s>"] + s + ["</s>"]
        for j in range(1, len(padded) - 1):
            if padded[j] not in row:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                if 0 <= j + off < len(padded):
                    rows.append(row[padded[j]])
                    cols.append(slot * width + col.get(padded[j + off], other))
    if 4 * width <= dims:
        raise ValueError(f"word_classes: {4 * width} context columns, need more than dims = {dims}")
    m = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(words), 4 * width)).tocsr().tocoo()
    total = m.data.sum()
    word_sum = np.asarray(m.sum(axis=1)).ravel()
    ctx = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    ctx *= total / ctx.sum()
    pmi = np.log(m.data * total / (word_sum[m.row] * ctx[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    vecs = TruncatedSVD(min(dims, len(words) - 1), random_state=seed).fit_transform(ppmi)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
    labels = MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit(vecs).labels_
    return dict(zip(words, (int(c) for c in labels)))


def class_features(classes: Mapping[str, int]) -> Features:
    """The shipped features + the word classes (``classes``) of the words at -2..+2 of the candidate:
    ``c-1=``, ``c+1=`` and, joined with the pattern, ``p|c-2=`` .. ``p|c+2=`` (``U`` = a word without
    a class, ``S`` / ``E`` = before the start / after the end of the sentence)."""
    def fn(tokens: Sequence[str], cands: Sequence[cuelib.Candidate], i: int, raw_first: str = "",
           has: Sequence[str] | None = None) -> list[str]:
        f = _SHIPPED_FEATURES(tokens, cands, i, raw_first, has)
        c, n, p = cands[i], len(tokens), cands[i].pattern

        def cls(j: int) -> str:
            if j < 0:
                return "S"
            if j >= n:
                return "E"
            k = classes.get(cuelib._w(tokens[j]))
            return "U" if k is None else str(k)

        a2, a1, b1, b2 = cls(c.first - 2), cls(c.first - 1), cls(c.last), cls(c.last + 1)
        return f + ["c-1=" + a1, "c+1=" + b1, "p|c-2=" + p + "|" + a2, "p|c-1=" + p + "|" + a1,
                    "p|c+1=" + p + "|" + b1, "p|c+2=" + p + "|" + b2]
    return fn


#: the inner folds of ``two-pass`` and ``inner-CV threshold``.
INNER_FOLDS = 5
#: the thresholds ``inner-CV threshold`` chooses from.
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def _prob_bin(p: float) -> str:
    return "0" if p < 0.1 else "1" if p < 0.3 else "3" if p < 0.5 else "5" if p < 0.7 else "7" if p < 0.9 else "9"


def two_pass_features(first: cuelib.CueModel) -> Features:
    """The shipped features + ``first``'s view of the sentence's other candidates: ``omax=`` and
    ``p|omax=`` (the largest of their probabilities, binned at 0.1, 0.3, 0.5, 0.7 and 0.9; ``none``
    when the candidate is the sentence's only one) and, when that reaches 0.5, ``o50`` and ``p|o50=``.
    The other candidates' probabilities are computed without their capitalisation feature (the
    features function is given the candidate's own first token as written only)."""
    cache: dict[tuple[Any, ...], list[float]] = {}

    def fn(tokens: Sequence[str], cands: Sequence[cuelib.Candidate], i: int, raw_first: str = "",
           has: Sequence[str] | None = None) -> list[str]:
        f = _SHIPPED_FEATURES(tokens, cands, i, raw_first, has)
        key = (tuple(tokens), tuple(cands))
        if key not in cache:
            cache.clear()  # (one sentence at a time: its candidates are featurized in a row)
            words = cuelib.sentence_words(tokens) if has is None else has
            cache[key] = [first.probability(_SHIPPED_FEATURES(tokens, cands, j, "", words)) for j in range(len(cands))]
        probs = cache[key]
        others = [q for j, q in enumerate(probs) if j != i]
        p = cands[i].pattern
        b = _prob_bin(max(others)) if others else "none"
        f += ["omax=" + b, "p|omax=" + p + "|" + b]
        if others and max(others) >= 0.5:
            f += ["o50", "p|o50=" + p]
        return f
    return fn


def _inner_folds(train: Sequence[AnnotatedSentence], k: int = INNER_FOLDS) -> list[int]:
    """An inner fold per sentence, by its document (crc32 of ``doc_id``; a sentence without one is
    its own document)."""
    import zlib

    return [zlib.crc32((s.doc_id if s.doc_id is not None else f"\0{j}").encode("utf-8")) % k
            for j, s in enumerate(train)]


def _fit_two_pass(train: Sequence[AnnotatedSentence], lexicon: Lexicon) -> tuple[cuelib.CueModel, Features]:
    fold = _inner_folds(train)
    extra = cuelib.learn_extra(train, lexicon, HP["extra_min_count"])
    insts: list[cuelib.Instance] = []
    for g in range(INNER_FOLDS):
        part = [s for s, h in zip(train, fold) if h == g]
        if not part:
            continue
        first = _fit_linear([s for s, h in zip(train, fold) if h != g], lexicon)
        with candidate_features(two_pass_features(first)):
            insts += cuelib.instances(part, lexicon, extra)
    model = _from_instances(insts, insts, train, lexicon, extra)
    return model, two_pass_features(_fit_linear(train, lexicon))


def _fit_inner_threshold(train: Sequence[AnnotatedSentence], lexicon: Lexicon) -> cuelib.CueModel:
    import dataclasses

    fold = _inner_folds(train)
    gold: list[tuple[Cue, ...]] = []
    pred: dict[float, list[tuple[Cue, ...]]] = {t: [] for t in THRESHOLDS}
    for g in range(INNER_FOLDS):
        part = [s for s, h in zip(train, fold) if h == g]
        if not part:
            continue
        model = _fit_linear([s for s, h in zip(train, fold) if h != g], lexicon)
        gold += [s.cues for s in part]
        for t in THRESHOLDS:
            pred[t] += [tuple(Cue(c.text, c.start, c.end, c.category) for c in model.predict(s.text, lexicon, t))
                        for s in part]
    f1 = {t: cue_metrics(gold, pred[t], match="exact")["f1"] for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (f1[t], -THRESHOLDS.index(t)))
    return dataclasses.replace(_fit_linear(train, lexicon), threshold=best)


def _fit_classes(k: int, train: Sequence[AnnotatedSentence], lexicon: Lexicon) -> tuple[cuelib.CueModel, Features]:
    if k not in _WORD_CLASSES:
        raise RuntimeError(f"word classes for k = {k} are not induced yet: run() induces them")
    return _fit_with(class_features(_WORD_CLASSES[k]), train, lexicon)


def _fit_linear(train: Sequence[AnnotatedSentence], lexicon: Lexicon, C: float = HP["C"]) -> cuelib.CueModel:
    return cuelib.fit_shipped_cue_model(train, lexicon, C=C)


def _fit_augmented(train: Sequence[AnnotatedSentence], aux: Sequence[AnnotatedSentence], lexicon: Lexicon
                   ) -> tuple[cuelib.CueModel, Features]:
    extra = cuelib.learn_extra(train, lexicon, HP["extra_min_count"])
    with candidate_features(_augmented("target")):
        own = cuelib.instances(train, lexicon, extra)
    with candidate_features(_augmented("aux")):
        other = cuelib.instances(aux, lexicon, extra)
    return _from_instances(own + other, own, train, lexicon, extra), _augmented("target")


def _from_instances(insts: Sequence[cuelib.Instance], own: Sequence[cuelib.Instance], train: Sequence[AnnotatedSentence],
                    lexicon: Lexicon, extra: Mapping[str, str]) -> cuelib.CueModel:
    """:func:`hedgekit.cues.cue_model_from_instances` with the shipped hyperparameters."""
    return cuelib.cue_model_from_instances(insts, own, train, lexicon, extra, C=HP["C"], min_df=HP["min_df"],
                                           threshold=HP["threshold"], seed=HP["seed"], backoff=HP["backoff"])


def _fit_mlp(train: Sequence[AnnotatedSentence], lexicon: Lexicon) -> cuelib.CueModel:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    extra = cuelib.learn_extra(train, lexicon, HP["extra_min_count"])
    insts = cuelib.instances(train, lexicon, extra)
    names, X, y = cuelib.instance_matrix(insts, HP["min_df"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(16,), alpha=1.0, max_iter=60, random_state=HP["seed"]).fit(X, y)
    words, cues = cuelib.learn_backoff(train, lexicon, extra) if HP["backoff"] else ({}, frozenset())
    base = cuelib.CueModel({}, cuelib.learn_templates(insts), extra, HP["threshold"], lexicon.hash,
                           backoff=words, backoff_cues=cues)
    return MLPCueModel(base, names, clf)


#: name -> fit(train sentences, aux sentences, lexicon) -> (model, its candidate features).
VARIANTS: dict[str, Callable[[Sequence[AnnotatedSentence], Sequence[AnnotatedSentence], Lexicon],
                             tuple[cuelib.CueModel, Features]]] = {
    "shipped": lambda tr, aux, lex: (_fit_linear(tr, lex), _SHIPPED_FEATURES),
    "C 0.25": lambda tr, aux, lex: (_fit_linear(tr, lex, C=0.25), _SHIPPED_FEATURES),
    "C 1": lambda tr, aux, lex: (_fit_linear(tr, lex, C=1.0), _SHIPPED_FEATURES),
    "wider context": lambda tr, aux, lex: _fit_with(wider_context, tr, lex),
    "context bag": lambda tr, aux, lex: _fit_with(context_bag, tr, lex),
    "domain-augmented": lambda tr, aux, lex: _fit_augmented(tr, aux, lex),
    "MLP": lambda tr, aux, lex: (_fit_mlp(tr, lex), _SHIPPED_FEATURES),
    **{f"word classes ({k})": (lambda tr, aux, lex, k=k: _fit_classes(k, tr, lex)) for k in WORD_CLASS_SIZES},
    "two-pass": lambda tr, aux, lex: _fit_two_pass(tr, lex),
    "inner-CV threshold": lambda tr, aux, lex: (_fit_inner_threshold(tr, lex), _SHIPPED_FEATURES),
}


def _fit_with(fn: Features, train: Sequence[AnnotatedSentence], lexicon: Lexicon) -> tuple[cuelib.CueModel, Features]:
    with candidate_features(fn):
        return _fit_linear(train, lexicon), fn


def _predict(model: cuelib.CueModel, fn: Features, sents: Sequence[AnnotatedSentence], lexicon: Lexicon
             ) -> list[tuple[Cue, ...]]:
    with candidate_features(fn):
        return [tuple(Cue(c.text, c.start, c.end, c.category) for c in model.predict(s.text, lexicon)) for s in sents]


def _sentence_f1(gold: Sequence[Sequence[Cue]], pred: Sequence[Sequence[Cue]]) -> float:
    return T.prf(np.array([int(bool(g)) for g in gold]), np.array([int(bool(p)) for p in pred]))["f1"]


def _errors(sents: Sequence[AnnotatedSentence], pred: Sequence[Sequence[Cue]], counts: dict[str, Counter[str]]) -> None:
    """Add the exact-span errors to ``counts``, by cue text lower-cased: ``gold`` / ``missed`` (gold
    cues, those not predicted) and ``predicted`` / ``spurious`` (predicted cues, those not gold)."""
    for s, p in zip(sents, pred):
        g = {(c.start, c.end) for c in s.cues}
        q = {(c.start, c.end) for c in p}
        for kind, spans, other in (("gold", g, q), ("predicted", q, g)):
            for a, b in sorted(spans):  # ties in _top keep text order
                word = s.text[a:b].lower()
                counts[kind][word] += 1
                if (a, b) not in other:
                    counts["missed" if kind == "gold" else "spurious"][word] += 1


def _top(counts: dict[str, Counter[str]], n: int = 10) -> dict[str, list[list[Any]]]:
    """The ``n`` most missed and most spurious cue texts: ``[text, errors, gold or predicted count]``."""
    return {err: [[w, k, counts[total][w]] for w, k in counts[err].most_common(n)]
            for err, total in (("missed", "gold"), ("spurious", "predicted"))}


def cross_validation(variant: str, data: dict[str, Any], lexicon: Lexicon) -> dict[str, Any]:
    """Per corpus of :data:`CORPORA`, the variant's 10-fold CV: cue exact P/R/F1, sentence F1 and the
    most frequent errors (:func:`_top`)."""
    out: dict[str, Any] = {}
    for name in CORPORA:
        sents, sfold, _ = data["sets"][name]
        aux_sents, aux_fold, _ = data["sets"][AUX[name]]
        cue, sent = [], []
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for f in range(10):
            train = [s for s, k in zip(sents, sfold) if k != f]
            test = [s for s, k in zip(sents, sfold) if k == f]
            aux = [s for s, k in zip(aux_sents, aux_fold) if k != f]  # never the test fold's documents
            model, fn = VARIANTS[variant](train, aux, lexicon)
            pred = _predict(model, fn, test, lexicon)
            gold = [s.cues for s in test]
            cue.append(cue_metrics(gold, pred, match="exact"))
            sent.append(_sentence_f1(gold, pred))
            _errors(test, pred, counts)
        out[name] = {**CL.summarize(cue, ()), "sentence_f1": CL.ms(sent), "errors": _top(counts)}
        logging.info("%s / %s: cue F1 %.4f, sentence F1 %.4f", variant, name, out[name]["f1"][0],
                     out[name]["sentence_f1"][0])
    return out


def split(variant: str, corpora: Path, data: dict[str, Any], lexicon: Lexicon) -> dict[str, float]:
    """The variant trained on the BioScope abstracts, sentence P/R/F1 on the 9 full papers."""
    abstracts = list(load_corpus(corpora / "bioscope" / "abstracts.xml", format="bioscope"))
    papers = list(load_corpus(corpora / "bioscope" / "full_papers.xml", format="bioscope"))
    model, fn = VARIANTS[variant](abstracts, data["sets"][AUX["split"]][0], lexicon)
    pred = _predict(model, fn, papers, lexicon)
    y = np.array([int(bool(s.cues)) for s in papers])
    res = {k: round(v, 4) for k, v in T.prf(y, np.array([int(bool(p)) for p in pred])).items()}
    logging.info("%s / split: F1 %.4f", variant, res["f1"])
    return res


def run(corpora: Path, variants: Sequence[str]) -> dict[str, Any]:
    lexicon = load_lexicon()
    data = CL.load(corpora)
    for k in WORD_CLASS_SIZES:
        if f"word classes ({k})" in variants and k not in _WORD_CLASSES:
            _WORD_CLASSES[k] = word_classes(data["ts"].texts, k)
    return {"variants": {v: {"cv": cross_validation(v, data, lexicon), "split": split(v, corpora, data, lexicon)}
                         for v in variants}}


def render(res: dict[str, Any]) -> str:
    def cell(ms: list[float]) -> str:
        return f"{ms[0]:.3f} ± {ms[1]:.3f}"

    lines = B.stamp_header("Cue-classifier variants", res) + [
        "What else was tried for the cue-level targets of issue 7 (see the module docstring of "
        "`benchmarks/cue_variants.py` for each variant). 10-fold CV grouped by document on the folds of "
        "`benchmarks/cue_level.py`: exact-span cue F1 and the sentence F1 of *uncertain iff a cue is found*, "
        "mean ± sd over folds. Split: trained on the BioScope abstracts, sentence F1 on the 9 full papers. "
        "Goals: Szeged wiki cue F1 >= 0.85, split F1 >= 0.86.", "",
        "| variant | Szeged wiki cue F1 | Szeged wiki sentence F1 | BioScope cue F1 | BioScope sentence F1 | "
        "Szeged bio cue F1 | Szeged bio sentence F1 | abstracts -> papers F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for v, r in res["variants"].items():
        cv = r["cv"]
        cells = [f"{cell(cv[c]['f1'])} | {cell(cv[c]['sentence_f1'])}" for c in CORPORA]
        lines.append(f"| {v} | " + " | ".join(cells) + f" | {r['split']['f1']:.3f} |")
    first = next(iter(res["variants"]))
    lines += ["", f"## Where `{first}` errs", "",
              "Exact-span errors pooled over the 10 test folds, by cue text: *missed* = gold cues not predicted "
              "with that exact span (of all gold cues with that text), *spurious* = predicted cues that are not "
              "gold (of all predicted cues with that text). A span error counts once on each side.", "",
              "| corpus | most missed | most spurious |", "|---|---|---|"]
    for c in CORPORA:
        err = res["variants"][first]["cv"][c]["errors"]
        cells = [", ".join(f"{w} {k}/{n}" for w, k, n in err[e]) for e in ("missed", "spurious")]
        lines.append(f"| {c} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora_dir())
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    ap.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    args = ap.parse_args(argv)
    if B.corpora_missing(args.corpora, COMMAND):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    res = run(args.corpora, args.variants)
    cmd = COMMAND + (f" --variants {' '.join(repr(v) for v in args.variants)}"
                     if list(args.variants) != list(VARIANTS) else "")
    print(B.stamp_and_write(res, cmd, t0, args.out, "cue_variants", render))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
