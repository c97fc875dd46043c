"""Reproducible training of hedgekit's classifier, and the cross-validation that reports its accuracy.

Retrain the shipped model (writes the same file again on the same BLAS kernels: fixed seeds, sorted
inputs; README, "The model")::

    python -m hedgekit.train --corpora ../shared/corpora --out hedgekit/data/model.json.gz

The shipped model is trained only on corpora whose licence allows it (see ``corpora/README.md``):
BioScope (CC BY 2.0), the CoNLL-2010 Wikipedia training lists, the Wikipedia part of the Szeged
Uncertainty Corpus and the Pei & Jurgens certainty ratings (MIT). It has four binary experts and a
graded one (see :mod:`hedgekit.model`):

- ``biomedical``: BioScope abstracts and full papers (CoNLL-2010's biological notion: speculation);
- ``general``: the Wikipedia articles with both label sets -- the CoNLL weasel/hedge labels and the
  Szeged semantic-uncertainty labels -- so that encyclopaedic and news prose gets epistemic
  hedges ("may", "might", "seems to") *and* weasels ("some critics") right;
- ``conll-wiki``: the CoNLL-2010 Wikipedia labels alone, for benchmarking against that corpus's own
  notion (in which most "may" sentences are certain);
- ``semantic``: the Szeged Wikipedia labels alone (semantic uncertainty; reported speech is certain),
  ungated: better than ``general`` on Szeged's own labels and than the default out of domain, but
  blind to reported speech ("sources say", "reportedly");
- ``science``: the Pei & Jurgens ratings of science findings (graded, below), ungated and out of
  the default.

The gate chooses between ``biomedical`` and ``general``. Cross-validation is 10-fold, grouped by
document (a CoNLL Wikipedia sentence takes the document of its Szeged twin, or of the Szeged sentence
it is a piece of or that is a piece of it, so the two labellings of one text never sit on both sides
of a split; documents that share a sentence, such as the Szeged articles held twice under two ids,
are one group) and stratified by corpus and label. Every fold's thresholds are chosen by an inner
cross-validation on that fold's training part only (the median of the cuts within
:data:`THRESHOLD_TOLERANCE` of the best F1), so no fold's threshold is tuned on its own test part
(the lexicon, and the recipe's choices among variants, were made with all the folds in view: the
README's "Nor are the in-domain numbers wholly out of sample");
the shipped thresholds, by the same rule, pool the out-of-fold probabilities of
:data:`THRESHOLD_REPEATS` such cross-validations with different fold seeds
(:func:`repeated_thresholds`). scikit-learn is needed here, never when scoring.

Graded corpora (issue 7): a corpus with ratings instead of labels (Pei & Jurgens, 1-6 certainty)
gives soft targets :func:`rating_target`; an expert trained on it is fitted to them, by default a
logistic regression with sample weights (each sentence once as uncertain with weight ``t``, once as
certain with ``1 - t``), so its ``P(uncertain)`` is fitted to the rating and ``certainty = 1 -
P(uncertain)`` stays a probability; the shipped ``science`` expert is a ridge regression of the soft
targets instead (:data:`GRADED_RIDGE_ALPHA`; its estimate ``t_hat`` becomes the log-odds
``4 (t_hat - 1/2)``, so ``P(uncertain)`` is about ``t_hat`` between 0.2 and 0.8).
:data:`GRADED_CORPORA` / :data:`GRADED_EXPERTS` add that expert;
:func:`graded_cv` measures Pearson / Spearman of certainty with the ratings in k-fold CV
(``python -m benchmarks.graded``).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import math
import os
import platform
import re
import shlex
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .errors import ArgumentError, CorpusError, HedgekitError, InputTypeError, check_flag, check_open_unit, is_number
from .features import (NUMERIC_FEATURES, FeatureConfig, featurize, lexicon_matches, open_ended, scoring_config,
                       unmarked)
from .lexicon import LEXICON_CATEGORIES, Lexicon, load_lexicon
from .model import AUTO, HedgeModel
from .text import _COMPAT_RE, _IGNORABLE, _no_word, token_spans

__all__ = ["TrainingSet", "load_training_set", "train_model", "threshold_rule_text", "cross_validate", "graded_cv", "fit_model",
           "train_shipped", "shipped_file_changes", "repeated_thresholds", "uninformative_threshold", "check_words", "without_words", "check_hyperparameters", "GROUPING", "OneClassError", "THRESHOLD_REPEATS", "THRESHOLD_TOLERANCE", "piece_documents", "merge_twin_groups", "canonical_group_names", "name_digest", "MIN_PIECE", "graded_corpora", "fold_correlations", "default_corpora_dir", "corpora_missing", "shuffled_group_folds", "best_threshold", "best_macro_threshold", "prf", "fold_summary", "sha256_file", "main", "rating_target", "SHIPPED_CORPORA",
           "SHIPPED_EXPERTS", "SHIPPED_GATE", "GRADED_CORPORA", "GRADED_EXPERTS", "GRADED_GATE",
           "GRADED_UNGATED", "RIDGE_LOG_ODDS", "UNANNOTATED_CATEGORIES", "CONSTRAINABLE_CATEGORIES", "check_categories", "check_unannotated", "unannotated_features", "sign_constraints", "GRADED_RIDGE_ALPHA", "GRADED_FEATURE_SCALE", "SHIPPED_NB_SCALE", "SHIPPED_NB_GROUPS", "SHIPPED_FEATURE_SCALE", "shipped_options", "shipped_counterpart", "FEATURE_FAMILIES", "SCALE_GROUPS",
           "DEFAULT_FEATURE_SCALE"]

log = logging.getLogger(__name__)

#: (name, file or folder under the shared corpora, reader format) of the binary-labelled corpora the
#: shipped model trains on (its graded corpus is the last of :data:`GRADED_CORPORA`).
SHIPPED_CORPORA: tuple[tuple[str, str, str], ...] = (
    ("bioscope", "bioscope", "bioscope"),
    ("conll2010-wiki", "conll2010-wiki", "conll-wiki"),
    ("szeged-wiki", "szeged-uncertainty/wiki.conll2010-train-docs.xml", "szeged"),
)
#: expert name -> the corpora it is trained on (the shipped model adds ``science``: :data:`GRADED_EXPERTS`).
#: ``semantic`` learns Szeged's *semantic* uncertainty alone, without the CoNLL-2010 weasel labels
#: that ``general`` also learns (``python -m benchmarks.accuracy``: F1 0.859 on Szeged Wikipedia in
#: the 10-fold CV against 0.755 for ``general``; out of domain FactBank 0.766 and SFU 0.662 against
#: the default's 0.714 and 0.599). It is not gated: the default keeps ``general``, because only the
#: CoNLL labels make reported speech uncertain ("Sources say the deal is close." is
#: certain for ``semantic``).
SHIPPED_EXPERTS: dict[str, tuple[str, ...]] = {
    "biomedical": ("bioscope",),
    "general": ("conll2010-wiki", "szeged-wiki"),
    "conll-wiki": ("conll2010-wiki",),
    "semantic": ("szeged-wiki",),
}
#: the experts the gate mixes by default; each corpus feeds exactly one of them.
SHIPPED_GATE: tuple[str, ...] = ("biomedical", "general")

#: The shipped model's corpora (:func:`train_shipped`): the binary ones plus the Pei & Jurgens (2021)
#: science findings (MIT), whose 1-6 certainty ratings become soft targets (:func:`rating_target`).
GRADED_CORPORA: tuple[tuple[str, str, str], ...] = SHIPPED_CORPORA + (
    ("pei-jurgens", "pei-jurgens-certainty/sentence-level-certainty.train-val.jsonl", "pei-jurgens"),
)
#: corpus -> the lexicon's cue categories (``hedgekit/data/LEXICON.md``) its annotation does not mark.
#: BioScope (Vincze et al. 2008) annotates speculation cues, not hearsay or weasel words: a
#: sentence with "was reported" or "some researchers" is labelled certain there for want of a
#: label, not because the corpus judged it certain. Trained with it (:func:`train_model`'s
#: ``unannotated``), an expert whose corpora all leave a category unannotated may not learn that
#: category's feature (``k:<category>``) as evidence of certainty (:class:`Recipe`'s
#: ``nonnegative``). Measured by ``python -m benchmarks.unannotated_categories``. BioScope does not
#: annotate approximators or investigation verbs either, but they are left out: in the 10-fold CV
#: adding approximation lowered BioScope's default F1 by 0.006 (0.0016, ``biomedical``'s 0.0001,
#: since ``biomedical`` has naive-Bayes-scaled penalties, :data:`SHIPPED_NB_SCALE`; its sentences
#: with "approximately" are certain, and the lexicon prior would make them uncertain), and investigation moved every
#: corpus by 0.002 or less, with no behaviour it was needed for.
UNANNOTATED_CATEGORIES: dict[str, tuple[str, ...]] = {"bioscope": ("hearsay", "weasel")}
#: the categories ``unannotated`` may name: the lexicon's cue categories but ``booster`` (its
#: weights are already kept at or below zero) and ``pseudo`` (never a cue).
CONSTRAINABLE_CATEGORIES: tuple[str, ...] = tuple(c for c in LEXICON_CATEGORIES if c not in ("pseudo", "booster"))
#: the shipped model's experts: the binary ones plus ``science``, fitted to the Pei & Jurgens ratings.
GRADED_EXPERTS: dict[str, tuple[str, ...]] = {**SHIPPED_EXPERTS, "science": ("pei-jurgens",)}
#: a gate that also routes science-findings sentences to ``science`` (benchmarked, not shipped: the
#: default's F1 drops on CoNLL Wikipedia and the out-of-domain corpora).
GRADED_GATE: tuple[str, ...] = ("biomedical", "general", "science")
#: the shipped model's gate: ``science`` is a named expert only (``Scorer(expert="science")``); the
#: default stays the biomedical/general mixture.
GRADED_UNGATED: tuple[str, ...] = SHIPPED_GATE
#: Pei & Jurgens ratings (1 = very uncertain .. 6 = very certain) at or below this are *uncertain*
#: when a binary label is needed (folds, thresholds, F1); the same cut as the accuracy benchmark.
RATING_UNCERTAIN_AT_MOST = 3.5
DEFAULT_C = 0.5
DEFAULT_C_GATE = 1.0
DEFAULT_MIN_DF = 2
SEED = 20100715  # CoNLL-2010's date; any fixed number would do
#: a trained model's thresholds come from the out-of-fold probabilities of this many
#: cross-validations pooled, with fold seeds ``SEED, SEED + 1, ...`` (:func:`repeated_thresholds`)
THRESHOLD_REPEATS = 4
#: ... as the median of the cuts whose F1 is within this of the best (:func:`best_threshold`'s
#: ``tolerance``; about one bootstrap standard error of the default's pooled F1, 0.0043). The F1
#: optimum is flat: over 8 fold seeds the default's F1 peak fell anywhere in 0.28-0.36, the middle
#: of the optimum in 0.293-0.306 (``python -m benchmarks.threshold_seeds``)
THRESHOLD_TOLERANCE = 0.005
#: per-expert inverse regularisation of the graded proposal: the ``science`` expert learns from
#: 1,139 graded sentences and wants a stronger prior than the large binary corpora (5-fold CV on
#: the ratings, soft labels alone: C 0.1 gives Pearson 0.69, C 1 gives 0.65).
GRADED_C: dict[str, float] = {**dict.fromkeys(SHIPPED_EXPERTS, DEFAULT_C), "science": 0.1}
#: feature families (names of :class:`FeatureConfig`'s fields) -> the feature-name prefixes they emit.
FEATURE_FAMILIES: dict[str, tuple[str, ...]] = {"words": ("w",), "bigrams": ("b",), "cues": ("c", "k"),
                                                "cue_context": ("cp", "cn", "cs"), "priors": ("lex",)}
#: the graded ``science`` expert fitted by ridge regression of the soft targets (squared loss, L2
#: ``alpha`` 30) instead of a logistic regression, with the lexicon families (cue identity and
#: category, lexicon priors) penalised 9x less (scaled x3). In the 5-fold CV on the Pei & Jurgens
#: ratings, repeated on 3 random splits (``python -m benchmarks.graded``: variants ``graded`` and
#: ``graded-logistic``) Pearson 0.706 +- 0.026 against 0.684 +- 0.026 for a logistic regression with C 0.1.
GRADED_RIDGE_ALPHA: dict[str, float] = {"science": 30.0}
#: what :class:`Recipe`'s ``feature_scale`` can name: the feature families, and ``categories``, a
#: cue's lexicon category alone (the ``k:`` features, without the pattern's own ``c:`` ones).
SCALE_GROUPS: dict[str, tuple[str, ...]] = {**FEATURE_FAMILIES, "categories": ("k",)}
#: every gated logistic-regression expert's scale unless ``feature_scale`` names it: a cue's category
#: and the lexicon priors penalised 4x less (scaled x2) than the words and the pattern's own
#: features, so that what a category's cues share is learnt by the category and carries to lexicon
#: rows that training never saw ("sources say", "according to sources"). The ungated experts learn
#: one corpus's own notion (``conll-wiki``, ``semantic``: reported speech certain) and keep the
#: lexicon at the words' footing. In the shipped recipe's 10-fold CV it moved the default's F1 by
#: -0.003 to +0.003 in domain; on the corpora never trained on, FactBank news went 0.704 -> 0.720,
#: SFU 0.593 -> 0.597, UNSC 0.484 -> 0.482; hearsay caught 0.69 -> 0.81 (``python -m
#: benchmarks.accuracy --jobs 2``, ``python -m benchmarks.behaviour``; README, "The model").
DEFAULT_FEATURE_SCALE: dict[str, float] = {"categories": 2.0, "priors": 2.0}
GRADED_FEATURE_SCALE: dict[str, dict[str, float]] = {"science": {"cues": 3.0, "priors": 3.0}}
#: the shipped recipe's naive-Bayes-scaled penalties (:class:`Recipe`'s ``nb_scale``, Wang & Manning
#: 2012): the ``biomedical`` expert's words, bigrams and cue context scaled by their log-count
#: ratios (smoothing 1), ...
SHIPPED_NB_SCALE: dict[str, float] = {"biomedical": 1.0}
#: ... the feature groups it scales (the lexicon's own, cue identity/category and priors, are left
#: at the ``feature_scale`` footing) ...
SHIPPED_NB_GROUPS: tuple[str, ...] = ("words", "bigrams", "cue_context")
#: ... and the per-expert feature scales of the shipped recipe: the ``biomedical`` expert's lexicon
#: priors scaled x4 (the default x2), because with NB scaling alone the expert leans less on the
#: prior that carries hearsay to it (its ``lex:max`` weight 6.48 -> 4.13, the default's hearsay
#: caught 0.799 -> 0.736 in the refits of ``python -m benchmarks.nb_scale``; x4: 0.771); the other
#: gated experts keep :data:`DEFAULT_FEATURE_SCALE`, ``science`` :data:`GRADED_FEATURE_SCALE`.
#: Measured against the recipe without NB on the shipped folds (the same benchmark): BioScope
#: default +0.010 F1 (paired over folds, sd 0.005), Szeged Wikipedia +0.003, CoNLL-2010 +0.002;
#: never trained on: FactBank 0.710 -> 0.714, SFU 0.595 -> 0.602, UNSC 0.474 -> 0.503. The
#: ``biomedical`` expert alone catches less hearsay (README, "The model").
#: (Written out whole, the gated ``general``'s default included, it is what the shipped model's
#: record holds.)
SHIPPED_FEATURE_SCALE: dict[str, dict[str, float]] = {
    "biomedical": {**DEFAULT_FEATURE_SCALE, "priors": 4.0}, "general": dict(DEFAULT_FEATURE_SCALE),
    **GRADED_FEATURE_SCALE}


def shipped_options(experts: Mapping[str, Sequence[str]], *,
                    feature_scale: Mapping[str, Mapping[str, float]] | None = None,
                    nb_scale: Mapping[str, float] | None = None,
                    nb_groups: Sequence[str] | None = None) -> dict[str, Any]:
    """:class:`Recipe` keywords ``feature_scale``, ``nb_scale`` and ``nb_groups`` of the shipped
    recipe (or of those given, e.g. as a model file records them) for a recipe with ``experts``.

    Each expert of ``experts`` takes the options of the shipped expert of the same name, or else of
    the shipped binary expert (:data:`SHIPPED_EXPERTS`) trained on the same corpora (a one-corpus
    expert named ``bioscope`` gets ``biomedical``'s); an expert matching neither gets none (the
    :class:`Recipe` defaults). ``experts`` maps expert name -> corpora.
    """
    feature_scale = SHIPPED_FEATURE_SCALE if feature_scale is None else feature_scale
    nb_scale = SHIPPED_NB_SCALE if nb_scale is None else nb_scale
    nb_groups = SHIPPED_NB_GROUPS if nb_groups is None else tuple(nb_groups)
    counterpart = {e: shipped_counterpart(e, cs) for e, cs in experts.items()}
    fs = {e: dict(feature_scale[s]) for e, s in counterpart.items() if s in feature_scale}
    nb = {e: float(nb_scale[s]) for e, s in counterpart.items() if s in nb_scale}
    return {"feature_scale": fs, "nb_scale": nb, "nb_groups": nb_groups if nb else None}


def shipped_counterpart(name: str, corpora: Sequence[str]) -> str | None:
    """The shipped expert whose hyperparameters an expert ``name`` trained on ``corpora`` takes: the
    one of that name (:data:`GRADED_EXPERTS`), or else the shipped binary expert
    (:data:`SHIPPED_EXPERTS`) trained on the same corpora (``("bioscope",)`` -> ``"biomedical"``);
    ``None`` if neither."""
    if name in GRADED_EXPERTS:
        return name
    return next((e for e, cs in SHIPPED_EXPERTS.items() if sorted(cs) == sorted(corpora)), None)


@dataclass
class TrainingSet:
    """Labelled sentences ready for training.

    Attributes:
        texts: the sentences.
        y: 0/1 labels, 1 = uncertain (ints or bools; floats that are all 0.0 or 1.0 are taken as ints).
        groups: document of each sentence, a ``str`` (cross-validation keeps a group in one fold).
        corpus: corpus name of each sentence, a ``str`` (experts name corpora; metrics are per corpus).
        files: provenance, one ``{"corpus", "file", "sha256"}`` per file read.
        target: optional soft target ``P(uncertain)`` in [0, 1] per sentence (graded corpora, see
            :func:`rating_target`); None = the labels. ``y`` stays the 0/1 label used for folds,
            thresholds and F1.

    Raises:
        InputTypeError: an item of ``texts``, ``groups`` or ``corpus`` is not a ``str`` (document
            ids that are numbers: ``[str(g) for g in groups]``), or a field is not a sequence.
        ArgumentError: the fields differ in length, ``y`` is not 0/1, or ``target`` is not one
            probability in [0, 1] per sentence.
    """

    texts: list[str]
    y: np.ndarray
    groups: list[str]
    corpus: list[str]
    files: list[dict[str, str]] = field(default_factory=list)
    target: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("texts", "y", "groups", "corpus"):
            if not hasattr(getattr(self, name), "__len__") or isinstance(getattr(self, name), (str, bytes)):
                raise InputTypeError(f"TrainingSet: {name} must be a sequence with one item per sentence, got "
                                     f"{type(getattr(self, name)).__name__}")
        if not len(self.texts) == len(self.y) == len(self.groups) == len(self.corpus):
            raise ArgumentError("TrainingSet: texts, y, groups and corpus must have the same length")
        y = np.asarray(self.y)
        if y.dtype.kind == "f" and y.ndim == 1 and np.isin(y, (0.0, 1.0)).all():
            y = y.astype(np.int64)  # (0.0/1.0 labels, as a numpy or pandas column of floats holds them)
        if y.ndim != 1 or y.dtype.kind not in "biu" or not np.isin(y, (0, 1)).all():
            shown = sorted(set(y.ravel().tolist()))[:5] if y.dtype.kind in "biuf" else y.dtype
            raise ArgumentError(f"TrainingSet: y must be a 1-D array of 0/1 labels (1 = uncertain), got {shown!r}")
        self.y = y
        for name in ("texts", "groups", "corpus"):
            bad = next((i for i, v in enumerate(getattr(self, name)) if not isinstance(v, str)), None)
            if bad is not None:
                item = getattr(self, name)[bad]
                hint = (f"; pass {name}=[str(g) for g in {name}] (document ids as text)" if name != "texts" and
                        not isinstance(item, (bytes, bytearray)) else "")
                raise InputTypeError(f"TrainingSet: {name}[{bad}] is {type(item).__name__} {item!r:.40}; every item "
                                     f"must be a str{hint}")
        if self.target is not None:
            try:
                self.target = np.asarray(self.target, dtype=np.float64)
            except (TypeError, ValueError):
                raise ArgumentError("TrainingSet: target must hold one number (a probability in [0, 1]) per sentence, "
                                    f"got {list(self.target)[:3]!r:.60}") from None
            if self.target.shape != (len(self.texts),):
                raise ArgumentError("TrainingSet: target must have one number per sentence")
            if not (np.isfinite(self.target).all() and (self.target >= 0).all() and (self.target <= 1).all()):
                raise ArgumentError("TrainingSet: target values must be probabilities in [0, 1]")

    def targets(self) -> np.ndarray:
        """The training target of each sentence: ``target`` where given, else the 0/1 label."""
        return self.target if self.target is not None else self.y.astype(np.float64)

    def __len__(self) -> int:
        return len(self.texts)


def sha256_file(path: str | os.PathLike[str]) -> str:
    """``"sha256:<hex>"`` of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def default_corpora_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """``$HEDGEKIT_SHARED/corpora`` if set, else ``<base>/shared/corpora``; ``base`` defaults to
    ``..``, the parent of the current directory (``../shared/corpora`` from a checkout's root)."""
    env = os.environ.get("HEDGEKIT_SHARED")
    return Path(env) / "corpora" if env else Path(".." if base is None else base) / "shared" / "corpora"


def corpora_missing(corpora: str | os.PathLike[str], prog: str, *, has_option: bool = True) -> bool:
    """Whether the shared corpora folder ``corpora`` is absent; if so, say so on stderr.

    The message names ``prog`` (the command that needs the corpora), the folder looked for, and how
    to point at the corpora: ``$HEDGEKIT_SHARED`` (the folder that holds ``corpora/``), and
    ``--corpora`` when ``has_option``. The training and benchmark entry points return exit status 1
    on ``True``.
    """
    if Path(corpora).is_dir():
        return False
    how = "pass --corpora <corpora folder> or set" if has_option else "set"
    sys.stderr.write(f"{prog}: error: {corpora}: no such folder ({how} $HEDGEKIT_SHARED to the folder "
                     "that holds corpora/)\n")
    return True


def _link_key(text: str) -> str:
    """Text reduced to lower-case letters and digits (PTB brackets dropped), to find twins: read as the
    featurizer reads it, so that copies the model cannot tell apart are twins too, and no others
    (:func:`hedgekit.text.normalize_token`'s folding: the Latin ligatures and full-width forms, "ﬁnd"
    is "find", "ｍａｙ" is "may"; accents composed, "nai\u0308ve" is "naïve"; zero-width characters
    and soft hyphens dropped; but "10²" is not "102"). Plain ASCII text is taken as it is."""
    for b in ("-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"):
        text = text.replace(b, "")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_DROP_INVISIBLE))
        text = _COMPAT_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return re.sub(r"[\W_]+", "", text.lower())


_DROP_INVISIBLE = str.maketrans(dict.fromkeys(_IGNORABLE))

#: how a model's training record keeps its sentences (``training["sentence_keys"]``)
SENTENCE_KEY_HASH = "blake2b, 4 bytes, of hedgekit.train._link_key (the lower-cased letters and digits)"


def sentence_key_hash(text: str) -> int | None:
    """The 32-bit hash (:data:`SENTENCE_KEY_HASH`) of ``text``'s letters and digits, or ``None`` when
    it has fewer than :data:`MIN_PIECE` of them ("Methods", "Table 1": no evidence of a shared sentence)."""
    key = _link_key(text)
    if len(key) < MIN_PIECE:
        return None
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "little")


def sentence_key_hashes(texts: Iterable[str]) -> np.ndarray:
    """The distinct :func:`sentence_key_hash` values of ``texts``, sorted (``uint32``)."""
    return np.array(sorted({h for h in map(sentence_key_hash, texts) if h is not None}), dtype=np.uint32)


def sentence_keys_record(ts: TrainingSet) -> dict[str, Any]:
    """``training["sentence_keys"]``: per corpus of ``ts``, the :func:`sentence_key_hashes` of its
    sentences as base64 (little-endian ``uint32``), so that ``hedgekit.benchmark`` can tell how many
    of a corpus's sentences a model was trained on whatever file they come in (a re-annotation of
    the same texts, an edited copy) without the model holding the texts: about 4 bytes a sentence."""
    import base64

    corpus = np.asarray(ts.corpus)
    keys = {c: sentence_key_hashes([ts.texts[i] for i in np.flatnonzero(corpus == c)]) for c in dict.fromkeys(ts.corpus)}
    return {"hash": SENTENCE_KEY_HASH, "min_letters_and_digits": MIN_PIECE,
            "corpora": {c: base64.b64encode(k.astype("<u4").tobytes()).decode("ascii") for c, k in keys.items()}}


def conflicting_labels(texts: Sequence[str], y: Sequence[int] | np.ndarray) -> int:
    """How many distinct sentences (same letters and digits, :func:`_link_key`) occur with both labels."""
    seen: dict[str, int] = {}
    both: set[str] = set()
    for t, v in zip(texts, y):
        key = _link_key(t)
        if key and seen.setdefault(key, int(v)) != int(v):
            both.add(key)
    return len(both)


#: a sentence without a twin takes the document of a sentence that contains it, or that it contains,
#: only if the shorter of the two has at least this many letters and digits (:func:`piece_documents`)
MIN_PIECE = 20


def piece_documents(keys: Sequence[str], docs: Mapping[str, str], min_len: int = MIN_PIECE) -> list[str | None]:
    """The document of each key's *piece* partner: a sentence of ``docs`` (letters-and-digits key ->
    document, :func:`_link_key`) whose key contains the key or is contained in it, the shorter having
    at least ``min_len`` characters; None if there is none. Corpora that split the same text into
    sentences differently (the CoNLL-2010 Wikipedia lists and the Szeged corpus) pair up this way."""
    from bisect import bisect_right

    long_keys = [k for k in docs if len(k) >= min_len]
    joined = "|".join(long_keys)
    starts = np.cumsum([0] + [len(k) + 1 for k in long_keys[:-1]]).tolist()
    by_prefix: dict[str, list[str]] = {}
    for k in long_keys:
        by_prefix.setdefault(k[:min_len], []).append(k)
    out: list[str | None] = []
    for key in keys:
        found = None
        if len(key) >= min_len:
            pos = joined.find(key)  # a document sentence that contains the key
            if pos >= 0:
                found = docs[long_keys[bisect_right(starts, pos) - 1]]
        for s in range(len(key) - min_len + 1):  # a document sentence inside the key, starting at s
            if found is not None:
                break
            found = next((docs[k] for k in by_prefix.get(key[s:s + min_len], ()) if key.startswith(k, s)), None)
        out.append(found)
    return out


def number_text(x: float) -> str:
    """``x`` as the shortest text that reads back as the same float, without a trailing ``.0``
    (``6``, ``0.3``, ``1234567``, ``1e+16``): for commands and records that must re-run as they ran."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def check_rating_scale(scale: Any, what: str = "rating_scale",
                       error: type[Exception] = ArgumentError) -> tuple[float, float]:
    """``scale`` as ``(U, C)`` floats: the rating of the most uncertain and of the most certain
    sentence, two different finite numbers, either the larger (``(6, 1)``: 1 is very certain),
    whose difference is finite too.

    Raises:
        ``error`` (default :class:`ArgumentError`), its message starting with ``what``.
    """
    if isinstance(scale, np.ndarray) and scale.ndim == 1:  # (np.array([1, 6]): not a Sequence, but two numbers)
        scale = scale.tolist()
    if (isinstance(scale, (str, bytes)) or not isinstance(scale, Sequence) or len(scale) != 2
            or not all(map(is_number, scale)) or scale[0] == scale[1]):
        raise error(f"{what} must be two different finite numbers (the most uncertain rating, the most certain "
                    f"one), got {scale!r}")
    u, c = float(scale[0]), float(scale[1])
    if not math.isfinite(c - u):  # (a rating's place on it, (c - r) / (c - u), would be NaN)
        raise error(f"{what} must be two finite numbers less than {number_text(sys.float_info.max)} apart, got "
                    f"{scale!r}")
    return u, c


def scale_position(rating: float, scale: tuple[float, float]) -> float:
    """Where ``rating`` lies on ``scale`` = ``(U, C)`` (:func:`check_rating_scale`):
    ``(rating - U) / (C - U)``, 0 at the most uncertain end, 1 at the most certain; ``1 -`` it is the
    soft target ``P(uncertain)`` that graded training fits (for 1..6, :func:`rating_target`).

    Raises:
        ArgumentError: ``rating`` is not a finite number, or lies outside the scale (clipped, it
            would count as the scale's end without a word), or ``scale`` is not one
            :func:`check_rating_scale` takes.
    """
    u, c = check_rating_scale(scale, "scale_position: scale")
    if not is_number(rating):
        raise ArgumentError(f"a rating must be a finite number, got {rating!r}")
    if not min(u, c) <= rating <= max(u, c):
        raise ArgumentError(f"the rating {number_text(rating)} is outside the rating scale {number_text(u)} (most "
                            f"uncertain) .. {number_text(c)} (most certain); give the scale's true ends")
    return (rating - u) / (c - u)


def _signed(x: float) -> str:
    """:func:`number_text`, a negative number in parentheses (a formula reads ``6 - (-1)``, not ``6 - -1``)."""
    return f"({number_text(x)})" if x < 0 else number_text(x)


def _soft_target_text(recipe: Recipe, scale: tuple[float, float] = (1.0, 6.0)) -> str:
    """How a recipe fits the soft targets of its graded sentences, in words (a training record's
    ``hyperparameters["soft_targets"]``); ``scale`` is the ratings' (most uncertain, most certain)."""
    u, c = scale
    t = recipe.ts.targets()
    graded = (t > 0) & (t < 1)
    ridge = [e for e in recipe.experts if e in recipe.ridge_alpha]  # (ratings at the scale's ends only: still t)
    logistic = [e for e in recipe.experts if graded[recipe.members[e]].any() and e not in recipe.ridge_alpha]
    origin = ("a 1-6 rating: rating_target, (6 - rating) / 5" if (u, c) == (1.0, 6.0) else
              f"a rating on {number_text(u)} (most uncertain) .. {number_text(c)} (most certain): "
              f"({_signed(c)} - rating) / ({_signed(c)} - {_signed(u)})")
    return "; ".join([f"soft targets t in [0, 1] (from {origin})",
                      *([f"ridge expert(s) {ridge} regress t (squared loss)"] if ridge else []),
                      *([f"logistic expert(s) {logistic} fit each graded sentence as uncertain with weight t "
                         "and certain with 1 - t"] if logistic else [])])


def rating_target(rating: float, low: float = 1.0, high: float = 6.0) -> float:
    """A certainty rating on ``low..high`` (``high`` = very certain) as a soft ``P(uncertain)`` target.

    Linear: ``(high - rating) / (high - low)``, clipped to [0, 1]. A Pei & Jurgens sentence rated
    6 is a certain example, one rated 1 an uncertain one, one rated 4.5 counts 0.3 as uncertain and
    0.7 as certain, so a logistic regression fitted with these weights models the rating as a
    probability (and ``certainty = 1 - P(uncertain)`` is then linear in the expected rating).

    Raises:
        ArgumentError: ``rating`` is not a finite number, or ``high`` is not above ``low``.
    """
    if not is_number(rating):  # (NaN passed through the clipping)
        raise ArgumentError(f"rating must be a finite number, got {rating!r}")
    if not (is_number(low) and is_number(high) and high > low):
        raise ArgumentError(f"the rating scale must run from low to a higher high, got {low!r}..{high!r}")
    return float(min(max((high - rating) / (high - low), 0.0), 1.0))


#: The words of a file or folder name that mark a test or evaluation set: a name's words are its
#: runs of letters, split where a capital follows a small letter ("wikipedia_test.xml",
#: "bioEval.xml", "test/a.tsv", "held-out"; not "testimonies", "retrieval", "evaluative").
_EVALUATION_WORDS = frozenset({"test", "testset", "eval", "evaluation", "heldout"})


def _evaluation_word(relative: str) -> str | None:
    """The word of ``relative`` (a path under a folder the training set walks) that marks a test or
    evaluation set, or None."""
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", relative)]
    words += [a + b for a, b in zip(words, words[1:])]  # "held-out", "test_set"
    return next((w for w in words if w in _EVALUATION_WORDS), None)


def _training_corpus(sentences: Iterable[Any], name: str) -> Iterator[Any]:
    """``sentences`` as read, with a CoNLL-2010 list whose file name names no label said as a training
    folder's problem (the reader's hint names ``benchmark``'s option, which training has not)."""
    try:
        yield from sentences
    except CorpusError as e:
        if "cannot tell the label from the file name" not in str(e):
            raise
        where = str(e).split(": cannot tell")[0]
        raise CorpusError(f"corpus {name!r}: {where}: its file name says neither 'certain' nor 'uncertain', as a "
                          "CoNLL-2010 list's must for training (train_wikiweasel_uncertain_sentences.txt): rename it "
                          "or move it out of the folder") from None


def load_training_set(corpora_dir: str | os.PathLike[str],
                      corpora: Sequence[tuple[str, str, str]] = SHIPPED_CORPORA) -> TrainingSet:
    """Read labelled sentences from the shared corpora, in a fixed order.

    Sentences without a binary label are skipped, unless they carry a rating (graded corpora such as
    Pei & Jurgens): those get the soft target :func:`rating_target` and the label *uncertain* iff the
    rating is at most :data:`RATING_UNCERTAIN_AT_MOST`; ``target`` is None when no corpus is graded.
    ``groups`` are ``"<corpus>/<doc_id>"``; a sentence
    of a corpus without documents takes the document of its twin (same letters and digits) in
    another corpus, else of a sentence there that contains it or that it contains
    (:func:`piece_documents`: corpora split some sentences differently), else a group of its own;
    then groups that share a sentence of at least :data:`MIN_PIECE` letters and digits are merged
    (:func:`merge_twin_groups`), so that cross-validation never scores such a sentence it trained
    on (shorter repeats, such as headings and article titles, may still fall in two folds).

    Raises:
        FileNotFoundError: a corpus file or folder is missing.
        ArgumentError: a file it would read in a corpus's folder is named as a test or evaluation
            set (an official test set dropped into a training folder is refused, not trained on).
        CorpusError: a corpus file is malformed, a corpus gives no labelled or rated sentence (an
            emptied file), or a CoNLL-2010 list's file name names no label.
    """
    from .readers import _read_files, load_corpus

    root = Path(corpora_dir)
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    names: list[str] = []
    soft: list[float] = []
    graded = False
    files: list[dict[str, str]] = []
    for name, rel, fmt in corpora:
        path = root / rel
        if not path.exists():
            raise FileNotFoundError(f"corpus {name!r} not found at {path}")
        # the files the reader reads (a .tsv or .csv too), as load_corpus lists them
        read = _read_files(path, fmt)
        for f in read if path.is_dir() else ():  # (a file named as the corpus is read as named)
            word = _evaluation_word(f.relative_to(path).as_posix())
            if word:
                raise ArgumentError(f"corpus {name!r}: {f.relative_to(root).as_posix()} in its folder {path} is named "
                                    f"as a test or evaluation set ({word!r}); a training folder may not hold one (the "
                                    "official test sets are kept aside, never trained on): move it out of the folder")
        files += [{"corpus": name, "file": f.relative_to(root).as_posix(), "sha256": sha256_file(f)} for f in read]
        before = len(texts)
        for s in _training_corpus(load_corpus(path, format=fmt), name):
            if s.label is not None:
                labels.append(1 if s.label == "uncertain" else 0)
                soft.append(float(labels[-1]))
            elif s.rating is not None:
                graded = True
                labels.append(1 if s.rating <= RATING_UNCERTAIN_AT_MOST else 0)
                soft.append(rating_target(s.rating))
            else:
                continue
            texts.append(s.text)
            groups.append(f"{name}/{s.doc_id}" if s.doc_id else "")
            names.append(name)
        if len(texts) == before:  # (an emptied file: the expert that names it said its corpus was absent)
            raise CorpusError(f"corpus {name!r}: no labelled or rated sentence in {path}")
    docs: dict[str, str] = {}
    for t, g in zip(texts, groups):
        if g:
            docs.setdefault(_link_key(t), g)
    loose = [i for i, (t, g) in enumerate(zip(texts, groups)) if not g and _link_key(t) not in docs]
    pieces = dict(zip(loose, piece_documents([_link_key(texts[i]) for i in loose], docs)))
    for i, (t, g) in enumerate(zip(texts, groups)):
        if not g:
            groups[i] = docs.get(_link_key(t)) or pieces.get(i) or f"{names[i]}/#{i}"
    return TrainingSet(texts, np.asarray(labels, dtype=np.int8), merge_twin_groups(texts, groups), names, files,
                       np.asarray(soft, dtype=np.float64) if graded else None)


def name_digest(key: str) -> str:
    """A short, stable name for ``key``: 16 hex digits of its blake2b digest (the text's own bytes;
    a lone surrogate is kept)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def canonical_group_names(groups: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Each group renamed by its contents: a digest of its sentences' ``keys`` (sorted, copies
    counted), so that the name, and with it the folds a shuffled ``StratifiedGroupKFold`` deals the
    groups into, does not depend on the order of the rows or on which document came first (the names
    :func:`merge_twin_groups` gives do). ``keys`` are the sentences' texts as copies are found
    (:func:`_link_key`, or the text itself where that is empty). Groups of the same sentences get
    one name.

    Raises:
        ArgumentError: ``groups`` and ``keys`` differ in length.
    """
    if len(groups) != len(keys):
        raise ArgumentError(f"canonical_group_names: {len(groups)} groups but {len(keys)} keys")
    members: dict[str, list[str]] = {}
    for g, k in zip(groups, keys):
        members.setdefault(g, []).append(k)
    names = {g: name_digest("\x00".join(sorted(ks))) for g, ks in members.items()}
    return [names[g] for g in groups]


def merge_twin_groups(texts: Sequence[str], groups: Sequence[str], min_len: int = MIN_PIECE) -> list[str]:
    """``groups`` with every two groups that share a sentence made one, so that no sentence is in
    two cross-validation folds.

    Two sentences are the same when their letters and digits are (:func:`_link_key`) and there
    are at least ``min_len`` of them (shorter ones, such as "Methods." or "Table 1", are left to
    their documents). Linking is transitive; a merged group takes the name of the group of its first
    sentence in ``texts``' order, so a group that shares nothing keeps its name. The shipped corpora
    need it: Szeged Wikipedia holds some articles twice under two ids, and BioScope some sentences
    in two documents.

    Raises:
        ArgumentError: ``texts`` and ``groups`` differ in length, or a group name is not a
            non-empty string (an empty or missing name would join every such sentence).
    """
    if len(texts) != len(groups):
        raise ArgumentError(f"merge_twin_groups: {len(texts)} texts but {len(groups)} groups")
    bad = [g for g in groups if not isinstance(g, str) or not g]
    if bad:
        raise ArgumentError(f"merge_twin_groups: every group must be a non-empty string, got {bad[0]!r}")
    parent: dict[str, str] = {}

    def root(g: str) -> str:
        while g in parent:
            up = parent[g]
            if up in parent:  # path halving: later searches take half the steps
                parent[g] = parent[up]
            g = parent[g]
        return g

    first_of: dict[str, str] = {}
    order: dict[str, int] = {}
    for t, g in zip(texts, groups):
        order.setdefault(g, len(order))
        key = _link_key(t)
        if len(key) < min_len:
            continue
        other = first_of.setdefault(key, g)
        a, b = root(g), root(other)
        if a != b:  # the root stays the group seen first
            parent[max(a, b, key=order.__getitem__)] = min(a, b, key=order.__getitem__)
    return [root(g) for g in groups]


def booster_features(names: Sequence[str], lexicon: Lexicon) -> np.ndarray:
    """Mask of the feature names that belong to booster cues (see :func:`hedgekit.features.featurize`)."""
    boosters = {e.pattern for e in lexicon.by_category("booster")}
    words = {" ".join(e.tokens) for e in lexicon.by_category("booster") if len(e.tokens) <= 2}
    mask = np.zeros(len(names), dtype=bool)
    for i, n in enumerate(names):
        kind, _, rest = n.partition(":")
        if n in ("lex:boost", "k:booster"):
            mask[i] = True
        elif kind in ("c", "cs"):
            mask[i] = rest in boosters
        elif kind in ("cp", "cn"):
            mask[i] = rest.rsplit("|", 1)[0] in boosters
        elif kind in ("w", "b"):
            mask[i] = rest in words
    return mask


def without_words(texts: Sequence[str]) -> list[int]:
    """The indices of the sentences with no word (empty, white space or invisible characters only),
    which training refuses (:func:`check_words`) and a :class:`~hedgekit.Scorer` scores P(uncertain) 0."""
    return [i for i, t in enumerate(texts) if _no_word(t)]


def check_words(texts: Sequence[str], name: str) -> None:
    """Refuse training sentences without a word (empty, white space or invisible characters only):
    such a row would move only the intercept, and a :class:`~hedgekit.Scorer` scores it P(uncertain)
    0 whatever the model, as the corpus and ``--data`` readers refuse a row with no text.

    Args:
        texts: the training sentences.
        name: how the caller's argument is named in the message (``"X"``, ``"texts"``).

    Raises:
        ArgumentError: a sentence has no word; the message gives the first one's index and how many more.
    """
    blank = without_words(texts)
    if blank:
        more = f" (and {len(blank) - 1} more)" if len(blank) > 1 else ""
        raise ArgumentError(f"{name}[{blank[0]}] is {texts[blank[0]]!r}{more}; every training sentence needs a word "
                            "(empty, white space and invisible characters only are none): drop such rows")


def check_categories(cats: Any, where: str) -> tuple[str, ...]:
    """``cats``, the cue categories some labels do not mark, checked: a tuple in the order given,
    each once. ``where`` names the argument in the error (e.g. ``"HedgeClassifier: unannotated"``).

    Raises:
        ArgumentError: ``cats`` is not a list or tuple (a bare str, a set, None), or an item is
            not in :data:`CONSTRAINABLE_CATEGORIES`: the cue categories but ``booster`` (its
            weights are already kept at or below zero, so there is nothing to constrain) and
            ``pseudo`` (never a cue).
    """
    if isinstance(cats, str):
        raise ArgumentError(f"{where}: give the categories as a list or tuple, e.g. ({cats!r},), not a str")
    if not isinstance(cats, (list, tuple)):
        raise ArgumentError(f"{where}: give the categories as a list or tuple, e.g. ('hearsay', 'weasel'), "
                            f"got {type(cats).__name__}")
    bad = list(dict.fromkeys(repr(c) for c in cats if not (isinstance(c, str) and c in CONSTRAINABLE_CATEGORIES)))
    if bad:
        why = (" (booster weights are already kept at or below zero)" if "'booster'" in bad else
               " (pseudo rows are never cues)" if "'pseudo'" in bad else "")
        raise ArgumentError(f"{where} names [{', '.join(bad)}]; accepted: the cue categories "
                            f"{list(CONSTRAINABLE_CATEGORIES)}{why}")
    return tuple(dict.fromkeys(cats))


def check_unannotated(unannotated: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """``unannotated`` (corpus -> the cue categories its annotation does not mark) checked, as a
    dict of tuples (:func:`check_categories`, per corpus).

    Raises:
        ArgumentError: ``unannotated`` is not a mapping, or a corpus's categories fail
            :func:`check_categories`.
    """
    if not isinstance(unannotated, Mapping):
        raise ArgumentError(f"unannotated must map corpus names to lists of cue categories, e.g. "
                            f"{{'bioscope': ['hearsay', 'weasel']}}, got {type(unannotated).__name__}")
    return {corpus: check_categories(cats, f"unannotated[{corpus!r}]") for corpus, cats in unannotated.items()}


def unannotated_features(names: Sequence[str], experts: Mapping[str, Sequence[str]],
                         unannotated: Mapping[str, Sequence[str]]) -> dict[str, np.ndarray]:
    """Masks over ``names`` for :class:`Recipe`'s ``nonnegative``: expert -> the category feature
    (``k:<category>``, which every cue of the category shares) of each category that *none* of
    its corpora annotate (``unannotated``: corpus -> categories, e.g. :data:`UNANNOTATED_CATEGORIES`;
    a corpus it does not name annotates them all). A cue's own features (``c:``, its context, its
    words) are not constrained. Experts with no such category are left out.

    Raises:
        ArgumentError: as :func:`check_unannotated`.
    """
    unannotated = check_unannotated(unannotated)
    out = {}
    for e, corpora in experts.items():
        common = set.intersection(*(set(unannotated.get(c, ())) for c in corpora)) if corpora else set()
        if common:
            out[e] = np.isin(np.asarray(names, dtype=object), [f"k:{c}" for c in sorted(common)])
    return out


def sign_constraints(names: Sequence[str], lexicon: Lexicon, experts: Mapping[str, Sequence[str]],
                     unannotated: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """:class:`Recipe`'s ``nonpositive`` and ``nonnegative`` as the training rules set them: booster
    cues (:func:`booster_features`) only raise certainty, and an expert's category feature of a
    category its corpora do not annotate (``unannotated``: the shipped recipe's is
    :data:`UNANNOTATED_CATEGORIES`, ``{}`` for none; :func:`unannotated_features`) may not count
    as evidence of certainty.

    Raises:
        ArgumentError: as :func:`check_unannotated`.
    """
    return {"nonpositive": booster_features(names, lexicon),
            "nonnegative": unannotated_features(names, experts, unannotated)}


def featurize_all(texts: Sequence[str], lexicon: Lexicon, config: FeatureConfig) -> list[dict[str, float]]:
    """Features of every text (see :func:`hedgekit.features.featurize`)."""
    out = []
    for t in texts:
        norms, _ = token_spans(unmarked(t) if config.item_marks else t)
        out.append(featurize(norms, lexicon_matches(lexicon, norms, config), config)[0])
    return out


def featurize_scored(texts: Sequence[str], lexicon: Lexicon,
                     config: FeatureConfig) -> tuple[list[dict[str, float]], list[dict[str, float] | None] | None]:
    """Features of every text as training reads it (``config``) and as :class:`hedgekit.Scorer`
    reads it by default (:func:`hedgekit.features.scoring_config`: an open-ended sentence as if it
    ended in ``.``, a list item's marker at its start left out), for a :class:`Design` whose
    predictions score held-out sentences as the scorer will (:func:`scoring_design`).

    Returns:
        ``(feats, scored)``; ``scored`` is ``None`` when every sentence reads the same both ways
        (each ends in a final mark and starts with no list marker, or ``config`` already reads them
        so) and none is a bare list marker; else a list whose item is the same dict as ``feats``'s
        for such a sentence, and ``None`` for a sentence that holds no word as the scorer reads it
        ("- ", its marker left out): the scorer gives it P(uncertain) 0, and so does
        :meth:`Recipe.predict` (:attr:`Design.blank`).
    """
    scoring = scoring_config(config)
    # (a bare list marker holds no word as the scorer reads it, whether or not training unmarks too)
    blank = [_no_word(unmarked(t) if scoring.item_marks else t) for t in texts]
    if scoring == config:
        feats = featurize_all(texts, lexicon, config)
        return feats, ([None if b else f for f, b in zip(feats, blank)] if any(blank) else None)
    feats, scored, differ = [], [], False
    for t, b in zip(texts, blank):
        norms, _ = token_spans(unmarked(t) if config.item_marks else t)
        f = featurize(norms, lexicon_matches(lexicon, norms, config), config)[0]
        feats.append(f)
        u = unmarked(t) if scoring.item_marks and not config.item_marks else t
        if b:
            scored.append(None)
            differ = True
        elif u is not t:
            un, _ = token_spans(u)
            scored.append(featurize(un, lexicon_matches(lexicon, un, scoring), scoring)[0])
            differ = True
        elif open_ended(norms) and not config.end_mark:
            scored.append(featurize(norms, lexicon_matches(lexicon, norms, scoring), scoring)[0])
            differ = True
        else:
            scored.append(f)
    return feats, scored if differ else None


def scoring_design(texts: Sequence[str], lexicon: Lexicon, config: FeatureConfig) -> Design:
    """The :class:`Design` of a user's training: fitted on the sentences as written (``config``),
    and held-out sentences predicted as :class:`hedgekit.Scorer` scores them by default, an
    open-ended one as if it ended in ``.`` (:func:`featurize_scored`), so that a threshold chosen
    on out-of-fold probabilities suits the probabilities the trained model will give. On
    punctuated text the two featurizations are the same."""
    return Design(*featurize_scored(texts, lexicon, config))


class Design:
    """A sparse design matrix over all sentences, with per-subset vocabulary selection by frequency.

    Args:
        feats: each sentence's features, as training reads it (:func:`featurize_all`).
        scored: optional, the same sentences' features as predictions read them, one per sentence
            (e.g. with ``end_mark``, as :class:`hedgekit.Scorer` reads an open-ended sentence;
            :func:`scoring_design`); fitting reads ``feats``, :meth:`Recipe.predict` reads these;
            an item ``None``, a sentence the scorer reads as holding no word (:attr:`blank`).
            ``None``: predictions read ``feats`` too.

    Raises:
        ArgumentError: ``scored`` does not hold one item per sentence of ``feats``.
    """

    def __init__(self, feats: list[dict[str, float]], scored: list[dict[str, float] | None] | None = None) -> None:
        from scipy import sparse

        if scored is not None and len(scored) != len(feats):
            raise ArgumentError(f"Design: scored holds {len(scored)} sentences' features, feats {len(feats)}")
        #: mask of the sentences predictions score P(uncertain) 0, as :class:`hedgekit.Scorer` scores
        #: a sentence with no word (an item ``None`` of ``scored``: a bare list marker, "- ")
        self.blank = np.array([d is None for d in scored] if scored is not None else [False] * len(feats), dtype=bool)
        if scored is not None and self.blank.any():
            scored = [{} if d is None else d for d in scored]
        names = sorted({k for d in (*feats, *(scored or ())) for k in d})
        order = {n: i for i, n in enumerate(names)}

        def matrix(fs: list[dict[str, float]]) -> Any:
            rows, cols, vals = [], [], []
            for r, d in enumerate(fs):
                for k, v in d.items():
                    rows.append(r)
                    cols.append(order[k])
                    vals.append(v)
            return sparse.csr_matrix((vals, (rows, cols)), shape=(len(fs), len(names)), dtype=np.float64)

        self.names = names
        self.X = matrix(feats)
        self._X_scored = None if scored is None else matrix(scored)
        self.always = np.isin(np.array(names, dtype=object), NUMERIC_FEATURES)

    @property
    def X_scored(self) -> Any:
        """The rows as predictions read them: the ``scored`` features' matrix, or :attr:`X` itself
        when none were given (also for a design whose ``X`` a caller replaced or built by hand)."""
        scored = getattr(self, "_X_scored", None)
        return self.X if scored is None else scored

    def columns(self, rows: np.ndarray, min_df: int) -> np.ndarray:
        """Columns whose feature occurs in at least ``min_df`` of ``rows`` (real-valued ones always)."""
        df = np.asarray((self.X[rows] != 0).sum(axis=0)).ravel()
        return np.flatnonzero((df >= min_df) | self.always)


def _blank(design: Design) -> np.ndarray:
    """:attr:`Design.blank`, or no row for a design built by hand without it."""
    blank = getattr(design, "blank", None)
    return blank if blank is not None and len(blank) == design.X.shape[0] else np.zeros(design.X.shape[0], dtype=bool)


def _lr(C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=SEED)


def _round(a: np.ndarray) -> np.ndarray:
    """Round to 6 significant digits (the model file stays small and byte-reproducible)."""
    flat = [float(f"{x:.6g}") for x in np.asarray(a, dtype=np.float64).ravel()]
    return np.array(flat, dtype=np.float64).reshape(np.shape(a))


def best_threshold(y: np.ndarray, p: np.ndarray, tolerance: float = 0.0) -> float:
    """The threshold on ``p`` that maximises F1 of class 1 (midpoint between neighbouring scores).

    With ``tolerance`` > 0 (an F1 difference, 0..1): the median of every cut whose F1 is within
    ``tolerance`` of the best, i.e. the middle of a flat optimum rather than wherever noise put its
    peak (:data:`THRESHOLD_TOLERANCE`). If those cuts are far apart (small data) and the median
    falls where F1 is not within ``tolerance``, the median of the unbroken run of such cuts around
    the peak instead, so the threshold returned scores within ``tolerance`` of the best.

    The cuts are clipped to [1e-6, 1 - 1e-6] (log-odds -13.8 to 13.8) and judged by the F1 they
    give so clipped, so a score of exactly 0 (a blank sentence's) is never counted uncertain.

    Raises:
        ArgumentError: ``tolerance`` is not in 0..1; ``y`` and ``p`` are empty, differ in length, or
            ``p`` holds a NaN.
    """
    if not 0 <= tolerance <= 1:
        raise ArgumentError(f"tolerance must be an F1 difference in 0..1, got {tolerance}")
    y, p = np.asarray(y), np.asarray(p, dtype=np.float64)
    if not len(p) or y.shape != p.shape:
        raise ArgumentError(f"best_threshold: y and p must be one label and one probability per sentence, got "
                            f"{y.shape} and {p.shape}")
    if np.isnan(p).any():
        raise ArgumentError(f"best_threshold: p holds NaN (at index {int(np.flatnonzero(np.isnan(p))[0])})")
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    valid = np.r_[ps[1:] < ps[:-1], True]  # only cut where the score changes
    # between a sentence's score and the next lower one (or 0), clipped as the result is, and scored
    # as clipped: the cut below a score of exactly 0 (all uncertain) is 1e-6, which leaves the zeros
    # certain, so it is judged by the F1 it gives (it was judged as all uncertain and then clipped)
    cuts = np.clip((ps + np.r_[ps[1:], 0.0]) / 2, 1e-6, 1 - 1e-6)
    k = np.searchsorted(-ps, -cuts, side="right")  # sentences at or above each cut
    tp_k = np.where(k > 0, tp[np.maximum(k - 1, 0)], 0)
    f1 = 2 * tp_k / (k + ys.sum())
    f1 = np.where(valid, f1, -1.0)
    peak = int(np.argmax(f1))
    t = float(cuts[peak])
    if tolerance > 0:
        near = valid & (f1 >= f1[peak] - tolerance)
        t = float(np.median(cuts[near]))
        if f1[np.searchsorted(-ps, -t, side="right") - 1] < f1[peak] - tolerance:  # a valley between near cuts
            idx = np.flatnonzero(valid)
            at = int(np.searchsorted(idx, peak))
            ok = near[idx]
            lo, hi = at, at
            while lo > 0 and ok[lo - 1]:
                lo -= 1
            while hi + 1 < len(idx) and ok[hi + 1]:
                hi += 1
            t = float(np.median(cuts[idx[lo:hi + 1]]))
    return float(min(max(t, 1e-6), 1 - 1e-6))


def best_macro_threshold(y: np.ndarray, p: np.ndarray, corpus: Sequence[str] | np.ndarray,
                         max_candidates: int = 4000) -> float:
    """The threshold on ``p`` that maximises the *mean over corpora* of the uncertain class's F1.

    Unlike :func:`best_threshold` over the pooled sentences, every corpus counts the same however
    large it is, so the default threshold is not simply the one of the largest training domain.
    Candidates are midpoints between neighbouring distinct scores (at most ``max_candidates``,
    taken at evenly spaced quantiles), clipped to [1e-6, 1 - 1e-6] (log-odds -13.8 to 13.8) before
    they are scored, so the threshold returned is the best of those it can be (the cut below a
    score of exactly 0, a blank sentence's, was scored as 0 and returned as 1e-6, where the
    sentences at 0 change sides).
    """
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    corpus = np.asarray(corpus)
    u = np.unique(p)
    if len(u) > max_candidates:
        u = np.unique(np.quantile(p, np.linspace(0.0, 1.0, max_candidates)))
    cand = np.r_[u[0] / 2, (u[1:] + u[:-1]) / 2] if len(u) > 1 else np.array([u[0] / 2])
    cand = np.unique(np.clip(cand, 1e-6, 1 - 1e-6))  # (the thresholds it may return, scored as such)
    score = np.zeros(len(cand))
    names = sorted(set(corpus.tolist()))
    for name in names:
        sel = corpus == name
        ps, ys = p[sel], y[sel]
        n_pos = int(ys.sum())
        pos = np.sort(ps[ys == 1])
        every = np.sort(ps)
        tp = len(pos) - np.searchsorted(pos, cand, side="left")
        n_pred = len(every) - np.searchsorted(every, cand, side="left")
        denom = n_pred + n_pos
        score += np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return float(cand[int(np.argmax(score))])


def prf(y: np.ndarray, pred: np.ndarray, *, undefined: float = 0.0) -> dict[str, float]:
    """Precision, recall and F1 of class 1 for 0/1 arrays ``y`` and ``pred``; ``undefined`` (0.0, or
    NaN for :func:`fold_summary`) where a denominator is 0: precision without a predicted 1, recall
    without a true 1, F1 with neither."""
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else undefined
    r = tp / (tp + fn) if tp + fn else undefined
    f1 = undefined if not tp + fp + fn else 2 * p * r / (p + r) if tp else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def fold_summary(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Mean and sample sd over folds of each fold's precision, recall and F1 (:func:`prf` with
    ``undefined=NaN``). A fold where a metric is undefined (a small corpus's fold without an
    uncertain sentence has no recall) is left out of that metric's mean, not counted as 0 (a perfect
    classifier read 0.6 ± 0.55); ``<metric>_folds`` then says over how many folds it is taken (0.0
    when over none)."""
    m: dict[str, float] = {}
    for key in ("precision", "recall", "f1"):
        vals = np.array([r[key] for r in rows], dtype=np.float64)
        vals = vals[~np.isnan(vals)]
        m[key] = round(float(vals.mean()), 4) if len(vals) else 0.0
        m[key + "_std"] = round(float(vals.std(ddof=1)), 4) if len(vals) > 1 else 0.0
        if len(vals) < len(rows):
            m[key + "_folds"] = len(vals)
    return m


def make_folds(ts: TrainingSet, k: int = 10, seed: int = SEED) -> np.ndarray:
    """Fold number (0..k-1) of each sentence, grouped by document, stratified by corpus and label.

    The sentences of graded corpora (:func:`graded_corpora`) are split on their own, so adding a
    graded corpus to a training set leaves the folds of the other sentences as they were. A graded
    sentence whose group also holds binary-labelled sentences (the shipped set links two Pei &
    Jurgens findings to the Szeged Wikipedia documents they were taken from) then moves to that
    group's fold, so that a group is never split.

    Raises:
        ArgumentError: ``k`` is not an integer >= 2, or a part (binary or graded) has fewer
            documents than ``k`` (scikit-learn's own message speaks of n_splits and samples).
    """
    from sklearn.model_selection import StratifiedGroupKFold

    _check_folds(k)
    corpus = np.asarray(ts.corpus)
    graded = np.isin(corpus, graded_corpora(ts))
    fold = np.empty(len(ts), dtype=np.int64)
    groups = np.asarray(ts.groups)

    def split(part: np.ndarray) -> None:
        n_groups = len(set(groups[part].tolist()))
        if n_groups < k:
            raise ArgumentError(f"{k} cross-validation folds need at least {k} documents (groups), and these "
                                f"{len(part)} sentences have {n_groups}; use fewer folds or more documents")
        keys = [f"{corpus[i]}:{ts.y[i]}" for i in part]
        strata = {s: i for i, s in enumerate(sorted(set(keys)))}
        strat = np.array([strata[s] for s in keys])
        cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        for f, (_, test) in enumerate(cv.split(np.zeros(len(part)), strat, groups[part])):
            fold[part[test]] = f

    binary, rated = np.flatnonzero(~graded), np.flatnonzero(graded)
    for part in (binary, rated):
        if len(part):
            split(part)
    _join_linked(fold, groups, binary, rated)
    return fold


def _join_linked(fold: np.ndarray, groups: np.ndarray, binary: np.ndarray, rated: np.ndarray) -> None:
    """Move each graded sentence (indices ``rated``) whose group also holds binary sentences
    (``binary``) to that group's fold, in place: the two parts are split on their own, and a group
    must not be split."""
    if len(binary) and len(rated):
        fold_of = dict(zip(groups[binary].tolist(), fold[binary].tolist()))
        linked = rated[[g in fold_of for g in groups[rated].tolist()]]
        fold[linked] = [fold_of[g] for g in groups[linked].tolist()]


def graded_corpora(ts: TrainingSet) -> list[str]:
    """The corpora of ``ts`` whose sentences carry graded targets (some strictly between 0 and 1)."""
    if ts.target is None:
        return []
    t = ts.target
    return sorted(set(np.asarray(ts.corpus)[(t > 0) & (t < 1)].tolist()))


Fitted = tuple[np.ndarray, np.ndarray, np.ndarray]  # (columns, coef, intercept)


class OneClassError(ArgumentError):
    """An expert's training sentences (in a fold, or in all) are of one class only: nothing to fit."""


#: A ridge expert's log-odds are ``RIDGE_LOG_ODDS * (t - 1/2)`` for its regression's output ``t``
#: (the soft target: 1 = uncertain), so that P(uncertain) = sigmoid of them is ``t`` near 1/2 (the
#: logistic curve's slope there is 1/4).
RIDGE_LOG_ODDS = 4.0


@dataclass(frozen=True)
class _Linear:
    """A fitted linear scorer in scikit-learn's shape: ``coef_`` (1, F) and ``intercept_`` (1,)."""

    coef_: np.ndarray
    intercept_: np.ndarray


class Recipe:
    """The training recipe: fit experts and gate on any subset of one featurized training set.

    Args:
        ts: the training set.
        design: its features (:class:`Design`).
        experts: expert name -> the corpora (of ``ts.corpus``) it trains on.
        gate: the experts the gate mixes; every corpus of a gated expert belongs to only one of them.
        C: inverse L2 regularisation of the experts (one number, or expert name -> number);
            ``C_gate``: of the gate.
        min_df: features seen in fewer training sentences are dropped.
        nonpositive: mask over ``design.names`` of features whose expert weights may not push
            towards *uncertain* (booster cues): they are clipped to <= 0 after fitting, so a booster
            can only raise certainty.
        nonnegative: expert name -> mask over ``design.names`` of features whose weights in that
            expert may not push towards *certain*: clipped to >= 0 after fitting (the categories its
            corpora do not annotate, :func:`unannotated_features`).
        gate_balanced: weight each gated expert's corpora equally in the gate's fit (a small
            corpus such as Pei & Jurgens is otherwise outvoted by the large ones).
        gate_temperature: the gate's logits are multiplied by this after fitting (< 1 softens the
            gate towards an even mixture of the gated experts on text it cannot place).
        threshold_rule: how the ``"auto"`` threshold is chosen: ``"pooled"`` judges F1 over all
            sentences pooled (:func:`best_threshold`, with the tolerance the caller gives), ``"macro"``
            takes the peak of the mean of the corpora's F1 (:func:`best_macro_threshold`). Experts
            always use their own corpora pooled.
        ridge_alpha: expert name -> L2 strength ``alpha``: that expert is fitted by ridge regression
            of its targets (squared loss; the soft targets of a graded corpus as they are, for a
            rating closer to linear in the score than log-loss gives) instead of a logistic
            regression; its estimate ``t_hat`` becomes the log-odds ``4 (t_hat - 1/2)`` (the
            sigmoid's tangent at 1/2, so ``P(uncertain)`` is about ``t_hat`` between 0.2 and 0.8).
            ``C`` does not apply to such an expert.
        feature_scale: expert name -> {feature group (:data:`SCALE_GROUPS`) -> factor ``s``}:
            that expert is fitted on those columns multiplied by ``s`` and its weights multiplied by
            ``s`` again, i.e. the group's L2 penalty is divided by ``s**2``; the model still holds
            one weight per original feature (nothing changes at inference). A gated
            logistic-regression expert it does not name gets :data:`DEFAULT_FEATURE_SCALE` (``{}``
            scales nothing); an ungated or ridge expert, nothing.
        nb_scale: expert name -> smoothing ``a`` > 0: that logistic-regression expert's columns are
            further scaled, in each fit, by ``|r| + 0.001``, where ``r`` is a feature's naive-Bayes
            log-count ratio on the expert's training sentences, ``log((p_f / |p|) / (q_f / |q|))``
            with ``p``/``q`` its counts in uncertain/certain sentences plus ``a`` (Wang & Manning
            2012): features whose frequency differs between the classes are penalised less, ones
            that occur equally in both more. As with ``feature_scale``, the weights are scaled back,
            so the model format and inference do not change. Not for ridge or soft-target experts.
        nb_groups: the feature groups (:data:`SCALE_GROUPS`) ``nb_scale`` applies to; ``None`` (the
            default), every feature. Leaving out the lexicon's groups (``cues``, ``priors``) leaves
            their columns at the ``feature_scale`` footing (meant to keep a category's features
            from being penalised out where the expert's corpus rarely shows it; the other weights
            still shift, see ``python -m benchmarks.nb_scale``). The ratios' totals are over all
            the expert's columns.

    An expert whose sentences carry soft targets (``ts.target`` strictly between 0 and 1) is fitted
    on each such sentence twice, as *uncertain* with weight ``t`` and as *certain* with weight
    ``1 - t``; an expert with 0/1 targets only is fitted exactly as before.

    Raises:
        ArgumentError: an expert names no corpus present, or the gate is inconsistent; ``C``,
            ``C_gate`` or ``gate_temperature`` is not a finite number > 0 (or ``C`` names a
            non-expert), ``min_df`` not an integer >= 1, a ``ridge_alpha`` not a finite number
            >= 0, a ``feature_scale`` factor not a finite number > 0, a ``nb_scale`` expert that is a
            ridge expert, learns soft targets or is not an expert, or its smoothing not a finite
            number > 0, ``nb_groups`` not a list of :data:`SCALE_GROUPS`, or a ``nonnegative`` key
            not an expert or its mask not one flag per design feature.
    """

    def __init__(self, ts: TrainingSet, design: Design, experts: Mapping[str, Sequence[str]],
                 gate: Sequence[str], *, C: float | Mapping[str, float] = DEFAULT_C, C_gate: float = DEFAULT_C_GATE,
                 min_df: int = DEFAULT_MIN_DF, nonpositive: np.ndarray | None = None,
                 nonnegative: Mapping[str, np.ndarray] | None = None, gate_balanced: bool = False,
                 gate_temperature: float = 1.0,
                 threshold_rule: str = "pooled", ridge_alpha: Mapping[str, float] | None = None,
                 feature_scale: Mapping[str, Mapping[str, float]] | None = None,
                 nb_scale: Mapping[str, float] | None = None, nb_groups: Sequence[str] | None = None) -> None:
        self.ts, self.design, self.C, self.C_gate, self.min_df = ts, design, C, C_gate, min_df
        if design.X.shape[0] != len(ts):  # (fit would pair the wrong feature rows with the labels)
            raise ArgumentError(f"Recipe: the design has {design.X.shape[0]} rows, the training set {len(ts)} "
                                "sentences; featurize ts.texts (Design(featurize_all(ts.texts, ...)))")
        if threshold_rule not in ("pooled", "macro"):
            raise ArgumentError(f"threshold_rule must be 'pooled' or 'macro', got {threshold_rule!r}")
        self.threshold_rule = threshold_rule
        check_hyperparameters(C=C, C_gate=C_gate, min_df=min_df, gate_temperature=gate_temperature,
                              ridge_alpha=ridge_alpha, experts=list(experts))
        self.gate_balanced, self.gate_temperature = check_flag(gate_balanced, "gate_balanced"), float(gate_temperature)
        self.nonpositive = (np.asarray(nonpositive, dtype=bool) if nonpositive is not None
                            else np.zeros(len(design.names), dtype=bool))
        if self.nonpositive.shape != (len(design.names),):
            raise ArgumentError(f"nonpositive: a mask must be {len(design.names)} long (one per design feature), got "
                                f"shape {self.nonpositive.shape}")
        self.experts = list(experts)
        self.gate = list(gate)
        self.nonnegative = {e: np.asarray(m, dtype=bool) for e, m in (nonnegative or {}).items()}
        for e, m in self.nonnegative.items():
            if e not in experts:
                raise ArgumentError(f"nonnegative[{e!r}]: keys must be experts of {self.experts}")
            if m.shape != (len(design.names),):
                raise ArgumentError(f"nonnegative[{e!r}]: a mask must be {len(design.names)} long (one per design "
                                    f"feature), got shape {m.shape}")
        corpus = np.asarray(ts.corpus)
        present = set(ts.corpus)
        for e, cs in experts.items():
            if isinstance(cs, str):
                raise ArgumentError(f"expert {e!r}: give its corpora as a list or tuple, e.g. ({cs!r},), not a str")
            missing = sorted(set(cs) - present)
            if missing:  # a misspelt name would silently leave that corpus out of the expert
                raise ArgumentError(f"expert {e!r} names corpora {missing} that the training set does not hold; "
                                    f"its corpora are {sorted(present)}")
        self.members = {e: np.isin(corpus, list(cs)) for e, cs in experts.items()}
        for e, m in self.members.items():
            if not m.any():
                raise ArgumentError(f"expert {e!r} has no training sentences (corpora {list(experts[e])})")
        unknown = [g for g in self.gate if g not in experts]
        if unknown or not self.gate:
            raise ArgumentError(f"gate {self.gate} must name experts of {self.experts}")
        self.domain = np.full(len(ts), -1, dtype=np.int64)
        for g, name in enumerate(self.gate):
            if (self.domain[self.members[name]] >= 0).any():
                raise ArgumentError(f"a corpus of gated expert {name!r} also feeds another gated expert")
            self.domain[self.members[name]] = g
        self.y = ts.y.astype(np.int64)
        self.target = ts.targets()
        self.ridge_alpha = dict(ridge_alpha or {})
        for e in (*self.ridge_alpha, *(feature_scale or {})):
            if e not in experts:  # (ridge_alpha's names: check_hyperparameters)
                raise ArgumentError(f"ridge_alpha / feature_scale name {e!r}, not an expert of {self.experts}")
        self.nb_scale = dict(nb_scale or {})
        for e, a in self.nb_scale.items():
            if e not in experts or e in self.ridge_alpha or not (is_number(a) and a > 0):
                raise ArgumentError(f"nb_scale[{e!r}] = {a!r}: name a logistic-regression expert of {self.experts} "
                                    "and give a finite smoothing > 0")
            t = self.target[self.members[e]]
            if not np.all((t == 0) | (t == 1)):
                raise ArgumentError(f"nb_scale[{e!r}]: the expert learns soft targets (a graded corpus); the "
                                    "naive-Bayes ratios need hard labels")
        if nb_groups is not None and not isinstance(nb_groups, str):
            nb_groups = tuple(nb_groups)  # an iterator is read once
        if nb_groups is not None and (isinstance(nb_groups, str) or not set(nb_groups) <= set(SCALE_GROUPS)):
            raise ArgumentError(f"nb_groups must be a list of feature groups of {sorted(SCALE_GROUPS)}, "
                                f"got {nb_groups!r}")
        #: expert -> {group -> factor}, as fitted (the defaults included)
        self.feature_scale = {e: dict(DEFAULT_FEATURE_SCALE) for e in self.gate if e not in self.ridge_alpha}
        self.feature_scale.update({e: dict(f) for e, f in (feature_scale or {}).items()})
        prefix = np.array([n.partition(":")[0] for n in design.names], dtype=object)
        #: the feature groups ``nb_scale`` applies to (all of :data:`SCALE_GROUPS` when not given)
        self.nb_groups: tuple[str, ...] = tuple(nb_groups) if nb_groups is not None else tuple(SCALE_GROUPS)
        #: mask over ``design.names`` of the columns ``nb_scale`` scales (``nb_groups``)
        self._nb_mask = np.isin(prefix, [p for g in self.nb_groups for p in SCALE_GROUPS[g]])
        #: expert -> factor of each design column (see ``feature_scale``).
        self._scale: dict[str, np.ndarray] = {}
        for e, fams in self.feature_scale.items():
            unknown = set(fams) - set(SCALE_GROUPS)
            if unknown or not all(is_number(f) and f > 0 for f in fams.values()):
                raise ArgumentError(f"feature_scale[{e!r}] = {fams}: groups of {sorted(SCALE_GROUPS)}, "
                                 "factors finite and > 0")
            if not fams:
                continue
            s = np.ones(len(design.names))
            for fam, f in fams.items():
                s[np.isin(prefix, SCALE_GROUPS[fam])] = f
            self._scale[e] = s

    def _fit_expert(self, X: Any, sel: np.ndarray, rows: np.ndarray, C: float, name: str = "") -> Any:
        """One expert's logistic regression on ``X[sel]``: hard labels, or soft targets as weights
        (for an expert of ``ridge_alpha``, its ridge regression, as an object with ``coef_`` and
        ``intercept_``)."""
        t = self.target[rows][sel]
        if X.shape[1] == 0:  # (scikit-learn's message names an array's shape, not the cause)
            raise ArgumentError(f"cannot fit expert {name!r}: no feature occurs in at least min_df={self.min_df} of its "
                                f"{len(sel)} training sentences (a cross-validation fold's, when fewer than all); "
                                "lower min_df, or keep the priors feature family, whose numeric features are always used")
        if name in self.ridge_alpha:
            from sklearn.linear_model import Ridge

            r = Ridge(alpha=self.ridge_alpha[name]).fit(X[sel], t)
            k = RIDGE_LOG_ODDS
            return _Linear(k * np.asarray(r.coef_).reshape(1, -1), np.array([k * (float(r.intercept_) - 0.5)]))
        if np.all((t == 0) | (t == 1)):
            y = self.y[rows][sel]
            if not len(y):
                raise OneClassError(f"cannot fit expert {name!r}: no training sentences in this fold (its corpora "
                                    "have fewer documents than the folds need; use fewer folds)")
            if len(np.unique(y)) < 2:  # (scikit-learn's own message speaks of multiclass problems)
                raise OneClassError(f"cannot fit expert {name!r}: its {len(y)} training sentence(s) here are all "
                                    f"{'uncertain' if y[0] else 'certain'}; it needs both classes"
                                    + (f" (in the training part of a cross-validation fold: the training set's "
                                       f"{len(self.ts)} sentences hold {int(self.ts.y.sum())} uncertain ones; use "
                                       "fewer folds, or more documents of the rarer class)"
                                       if len(rows) < len(self.ts) else ""))
            return _lr(C).fit(X[sel], y)
        from scipy import sparse

        pos, neg = sel[t > 0], sel[t < 1]
        Xw = sparse.vstack([X[pos], X[neg]]).tocsr()
        yw = np.r_[np.ones(len(pos), dtype=np.int64), np.zeros(len(neg), dtype=np.int64)]
        tp = self.target[rows]
        return _lr(C).fit(Xw, yw, sample_weight=np.r_[tp[pos], 1.0 - tp[neg]])

    def _nb_ratio(self, X: Any, sel: np.ndarray, rows: np.ndarray, a: float) -> np.ndarray:
        """``|r| + 0.001`` per column of ``X``: the naive-Bayes log-count ratio of feature presence
        in the uncertain vs the certain sentences ``sel`` (hard labels), smoothed by ``a``."""
        present = X[sel] != 0
        y = self.y[rows][sel]
        p = np.asarray(present[y == 1].sum(axis=0), dtype=np.float64).ravel() + a
        q = np.asarray(present[y == 0].sum(axis=0), dtype=np.float64).ravel() + a
        return np.abs(np.log(p / p.sum()) - np.log(q / q.sum())) + 1e-3

    def fit(self, rows: np.ndarray) -> Fitted:
        """Fit the experts and the gate on ``rows``; coefficients rounded to 6 significant digits.

        The columns are the features seen in at least ``min_df`` of ``rows``. The gate and the experts
        that learn only from the gated experts' corpora use only the features seen that often in
        *those* corpora, so an ungated expert's corpus (e.g. a graded one) adds its own features
        without changing what the others learn.
        """
        cols = self.design.columns(rows, self.min_df)
        X = self.design.X[rows][:, cols]
        in_gate = self.domain[rows] >= 0
        if in_gate.all():
            base = np.arange(len(cols))
        else:
            base = np.flatnonzero(np.isin(cols, self.design.columns(rows[in_gate], self.min_df)))
        Xb = X[:, base]
        n_exp, n_gate = len(self.experts), len(self.gate)
        k = n_exp + (n_gate if n_gate > 1 else 0)
        coef = np.zeros((len(cols), k))
        intercept = np.zeros(k)
        for h, name in enumerate(self.experts):
            sel = np.flatnonzero(self.members[name][rows])
            C = self.C[name] if isinstance(self.C, Mapping) else self.C
            gated_only = bool(in_gate[sel].all())
            at = base if gated_only else np.arange(len(cols))
            Xe = Xb if gated_only else X
            if name in self._scale or name in self.nb_scale:
                from scipy import sparse

                s = self._scale[name][cols[at]] if name in self._scale else np.ones(len(at))
                if name in self.nb_scale:
                    s = s * np.where(self._nb_mask[cols[at]], self._nb_ratio(Xe, sel, rows, self.nb_scale[name]), 1.0)
                clf = self._fit_expert(Xe @ sparse.diags(s), sel, rows, C, name)
                coef[at, h] = clf.coef_[0] * s
            else:
                clf = self._fit_expert(Xe, sel, rows, C, name)
                coef[at, h] = clf.coef_[0]
            intercept[h] = clf.intercept_[0]
        clip = self.nonpositive[cols]
        coef[clip, :n_exp] = np.minimum(coef[clip, :n_exp], 0.0)
        for name, mask in self.nonnegative.items():
            h, up = self.experts.index(name), mask[cols]
            coef[up, h] = np.maximum(coef[up, h], 0.0)
        if n_gate > 1:
            gated = np.flatnonzero(self.domain[rows] >= 0)
            dom = self.domain[rows][gated]
            # One-vs-rest logistic gates; their logits go through a softmax at inference (for two
            # gated experts, a single logistic gate P(second) = sigmoid(g) in column 2).
            targets = range(1, 2) if n_gate == 2 else range(n_gate)
            weight = None
            if self.gate_balanced:
                counts = np.bincount(dom, minlength=n_gate).astype(np.float64)
                weight = (len(dom) / (n_gate * np.maximum(counts, 1.0)))[dom]
            for g in targets:
                clf = _lr(self.C_gate).fit(Xb[gated], (dom == g).astype(np.int64), sample_weight=weight)
                coef[base, n_exp + g] = clf.coef_[0] * self.gate_temperature
                intercept[n_exp + g] = clf.intercept_[0] * self.gate_temperature
        return cols, _round(coef), _round(intercept)

    def shell(self, fitted: Fitted, thresholds: Mapping[str, float] | None = None, *,
              config: FeatureConfig = FeatureConfig(), lexicon_hash: str = "",
              training: Mapping[str, Any] | None = None, names: Sequence[str] | None = None) -> HedgeModel:
        _, coef, intercept = fitted
        t = dict(thresholds or {n: 0.5 for n in (AUTO, *self.experts)})
        return HedgeModel(names if names is not None else [], coef if names is not None else np.zeros((0, coef.shape[1])),
                          intercept, self.experts, self.gate, t, config, lexicon_hash, training)

    def predict(self, fitted: Fitted, rows: np.ndarray) -> dict[str, np.ndarray]:
        """``P(uncertain)`` of ``rows`` for ``"auto"`` and for each expert, as the scorer computes it
        from the same features: the rows as this recipe's design featurized them for predictions
        (:attr:`Design.X_scored`: as written, unless the design was made with
        ``FeatureConfig(end_mark=True)`` or with ``scored`` features, :func:`scoring_design`;
        :class:`hedgekit.Scorer` adds a ``.`` to an open-ended sentence by default)."""
        cols, coef, intercept = fitted
        scores = np.asarray(self.design.X_scored[rows][:, cols] @ coef) + intercept
        shell = self.shell(fitted)
        out = {name: shell.combine(scores, name)[0] for name in (AUTO, *self.experts)}
        blank = _blank(self.design)[rows]
        if blank.any():  # (a bare list marker, "- ": the scorer reads no word in it)
            for p in out.values():
                p[blank] = 0.0
        return out

    def scope(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Mask over ``rows`` of the sentences a prediction mode is judged on: an expert's own corpora;
        for ``"auto"`` the corpora of the gated experts (a corpus that feeds only an ungated expert,
        e.g. a graded one, does not move the default threshold)."""
        return self.domain[rows] >= 0 if name == AUTO else self.members[name][rows]

    def thresholds(self, rows: np.ndarray, probs: Mapping[str, np.ndarray],
                   tolerance: float = 0.0) -> dict[str, float]:
        """Per mode, the median of the cuts whose F1 over ``rows`` (probabilities ``probs``) is within
        ``tolerance`` of the best (:func:`best_threshold`; 0, the default, takes the F1 peak).

        ``"auto"`` is judged on the rows of the gated experts' corpora (with :attr:`threshold_rule`),
        an expert on the rows of its own corpora. The ``"macro"`` rule ignores ``tolerance``: it
        takes the peak of the corpora's mean F1 (:func:`best_macro_threshold`).
        """
        out = {}
        for name, p in probs.items():
            sel = self.scope(name, rows)  # ``p`` is parallel to ``rows``
            if name == AUTO and self.threshold_rule == "macro":
                out[name] = best_macro_threshold(self.y[rows][sel], p[sel], np.asarray(self.ts.corpus)[rows][sel])
                continue
            out[name] = best_threshold(self.y[rows][sel], p[sel], tolerance)
        return out

    def inner_thresholds(self, train: np.ndarray, k: int, tolerance: float = THRESHOLD_TOLERANCE) -> dict[str, float]:
        """Thresholds from an inner ``k``-fold CV of ``train`` (grouped by document; the sentences of
        graded corpora are split on their own and then join their group's fold, as in
        :func:`make_folds`), by the shipped rule: the
        median of the cuts within ``tolerance`` of the best F1 (:func:`best_threshold`). Where an
        inner fold's training part would hold one class only (a few uncertain documents, which
        grouped folds may put in one inner fold), the inner folds are stratified by class instead
        (``StratifiedGroupKFold``); only if that fails too is :class:`OneClassError` raised."""
        try:
            return self._inner_thresholds(train, k, tolerance, stratified=False)
        except OneClassError:
            return self._inner_thresholds(train, k, tolerance, stratified=True)

    def _inner_thresholds(self, train: np.ndarray, k: int, tolerance: float, stratified: bool) -> dict[str, float]:
        from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

        groups = np.asarray(self.ts.groups)[train]
        graded = np.isin(np.asarray(self.ts.corpus)[train], graded_corpora(self.ts))
        for part in (groups[~graded], groups[graded]):
            n = len(set(part.tolist()))
            if 0 < n < k:  # (scikit-learn's own message speaks of n_splits)
                raise ArgumentError(f"inner_k={k} inner folds need at least {k} documents in each fold's training "
                                    f"part, and one holds {n}; use a smaller inner_k (or k), or more documents")
        fold = np.empty(len(train), dtype=np.int64)
        binary, rated = np.flatnonzero(~graded), np.flatnonzero(graded)
        for part in (binary, rated):
            if len(part):
                split = (StratifiedGroupKFold(n_splits=k) if stratified and part is binary else GroupKFold(n_splits=k))
                for f, (_, te) in enumerate(split.split(part, self.y[train][part], groups[part])):
                    fold[part[te]] = f
        _join_linked(fold, groups, binary, rated)
        oof = {n: np.empty(len(train)) for n in (AUTO, *self.experts)}
        for f in range(k):
            tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            for n, p in self.predict(self.fit(train[tr]), train[te]).items():
                oof[n][te] = p
        return self.thresholds(train, oof, tolerance)

    def model(self, fitted: Fitted, thresholds: Mapping[str, float], config: FeatureConfig, lexicon_hash: str,
              training: Mapping[str, Any]) -> HedgeModel:
        """The fitted arrays as a :class:`HedgeModel`, without the features whose weights are all 0."""
        cols, coef, intercept = fitted
        keep = np.flatnonzero(np.any(coef != 0, axis=1))
        names = [self.design.names[cols[j]] for j in keep]
        rounded = {n: round(t, 6) for n, t in thresholds.items()}
        return self.shell((cols[keep], coef[keep], intercept), rounded, config=config, lexicon_hash=lexicon_hash,
                          training=training, names=names)


#: How :func:`load_training_set` groups sentences into documents, for :func:`cross_validate`'s report.
GROUPING = ("by document (a sentence without one, as in the CoNLL Wikipedia lists, takes the document of its twin "
            "in another corpus (the same letters and digits), or of the sentence there that it is a piece of or "
            f"that is a piece of it; documents that share a sentence of {MIN_PIECE} or more letters and digits are one "
            "group)")


def check_hyperparameters(*, C: Any = DEFAULT_C, C_gate: Any = DEFAULT_C_GATE, min_df: Any = DEFAULT_MIN_DF,
                          gate_temperature: Any = 1.0, ridge_alpha: Any = None,
                          experts: Sequence[str] | None = None) -> None:
    """Check the recipe's numbers before anything is featurized or fitted (:class:`Recipe` and
    :func:`train_model` call it), so that a bad one is named at once and not by scikit-learn later.

    Raises:
        ArgumentError: ``C`` (a number, or expert name -> number), ``C_gate`` or
            ``gate_temperature`` is not a finite number > 0, ``min_df`` not an integer >= 1, a
            value of ``ridge_alpha`` (expert name -> number) not a finite number >= 0, or (given
            ``experts``) ``C`` or ``ridge_alpha`` names another expert, or a ``C`` mapping leaves one out.
    """
    pairs = [(f"C[{e!r}]", v) for e, v in C.items()] if isinstance(C, Mapping) else [("C", C)]
    for name, value in (*pairs, ("C_gate", C_gate), ("gate_temperature", gate_temperature)):
        if not is_number(value) or value <= 0:
            raise ArgumentError(f"{name} must be a finite number > 0, got {value!r}")
    if not is_number(min_df, integer=True) or min_df < 1:
        raise ArgumentError(f"min_df (the fewest training sentences a feature is kept for) must be an integer "
                            f">= 1, got {min_df!r}")
    if ridge_alpha is not None and not isinstance(ridge_alpha, Mapping):
        raise ArgumentError(f"ridge_alpha must map expert names to numbers, got {type(ridge_alpha).__name__}")
    for e, alpha in (ridge_alpha or {}).items():
        if not is_number(alpha) or alpha < 0:
            raise ArgumentError(f"ridge_alpha[{e!r}] must be a finite number >= 0 (the L2 strength), got {alpha!r}")
    if experts is not None:
        for name, given in (("C", C), ("ridge_alpha", ridge_alpha)):
            other = sorted(set(given) - set(experts)) if isinstance(given, Mapping) else []
            if other:
                raise ArgumentError(f"{name} names {other}, not experts of {list(experts)}")
        missing = sorted(set(experts) - set(C)) if isinstance(C, Mapping) else []
        if missing:  # (each expert's fit reads its own C: a KeyError mid-run)
            raise ArgumentError(f"C, a mapping, must give every expert its C: {missing} missing (experts "
                                f"{list(experts)}); or pass one number for all")


def _check_folds(k: Any, inner_k: Any = 0) -> None:
    """``k`` an integer >= 2 and ``inner_k`` 0 (no inner CV) or an integer >= 2, as ArgumentErrors that
    name them (scikit-learn's own messages speak of n_splits)."""
    if not is_number(k, integer=True) or k < 2:
        raise ArgumentError(f"k (cross-validation folds) must be an integer >= 2, got {k!r}")
    if not is_number(inner_k, integer=True) or inner_k == 1 or inner_k < 0:
        raise ArgumentError(f"inner_k (inner folds for the thresholds) must be 0 (none) or an integer >= 2, "
                            f"got {inner_k!r}")


def cross_validate(recipe: Recipe, *, k: int = 10, inner_k: int = 3, seed: int = SEED,
                   grouping: str = GROUPING) -> dict[str, Any]:
    """k-fold cross-validation of a recipe, reported per corpus and per prediction mode.

    Each fold fits the experts and the gate on the other folds, picks its thresholds by an inner
    ``inner_k``-fold CV on its training part only, and is scored on its own test part. For every
    corpus the report gives mean and standard deviation over folds of precision, recall and F1 of
    the uncertain class for ``"auto"`` (the gated default) and for each expert trained on it, over
    the folds that hold sentences of that corpus (``"folds"`` says how many when that is not all), and
    ``"f1_per_fold"``, each of those folds' F1 in fold order (None where undefined), for paired
    comparisons of recipes on the same folds. The
    pooled out-of-fold probabilities are returned under ``"oof"`` (not JSON). ``seed`` deals the folds
    (:func:`make_folds`); ``inner_k=0`` skips the inner CV (every threshold 0.5). ``grouping`` says in
    the report how ``recipe.ts.groups`` were made (default: :data:`GROUPING`, what
    :func:`load_training_set` does); "; stratified by corpus and label" is added.

    Raises:
        ArgumentError: ``k`` is not an integer >= 2, or ``inner_k`` not 0 or an integer >= 2.
    """
    _check_folds(k, inner_k)
    ts = recipe.ts
    folds = make_folds(ts, k, seed)
    y = recipe.y
    corpus = np.asarray(ts.corpus)
    modes = (AUTO, *recipe.experts)
    oof = {n: np.empty(len(ts)) for n in modes}
    per_fold: dict[tuple[str, str], list[dict[str, float]]] = {}
    fold_thresholds = []
    for f in range(k):
        train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        thresholds = recipe.inner_thresholds(train, inner_k) if inner_k else {n: 0.5 for n in modes}
        fold_thresholds.append({n: round(t, 4) for n, t in thresholds.items()})
        for n, p in recipe.predict(recipe.fit(train), test).items():
            oof[n][test] = p
        scored = []
        for name in sorted(set(ts.corpus)):
            sel = test[corpus[test] == name]
            if not len(sel):  # a corpus with fewer documents than folds: no F1 in this fold, not an F1 of 0
                continue
            for mode in modes:
                if mode != AUTO and not recipe.members[mode][sel].all():
                    continue
                per_fold.setdefault((name, mode), []).append(
                    prf(y[sel], (oof[mode][sel] >= thresholds[mode]).astype(np.int64), undefined=np.nan))
                scored.append((name, mode))
        at = "" if inner_k else " at 0.5"  # (the repeats that only gather out-of-fold scores choose no threshold)
        log.info("fold %d/%d: %s", f + 1, k, ", ".join(  # (a model of one expert: "auto" is that expert)
            f"{c}/{m} F1{at} {per_fold[(c, m)][-1]['f1']:.3f}" for c, m in scored if m == AUTO or len(recipe.gate) > 1
            or m not in recipe.gate))
    report: dict[str, Any] = {
        "k": k, "inner_k": inner_k, "C": recipe.C, "C_gate": recipe.C_gate, "min_df": recipe.min_df,
        "grouping": grouping + "; stratified by corpus and label",
        "thresholds": fold_thresholds, "corpora": {},
    }
    for name in sorted(set(ts.corpus)):
        sel = corpus == name
        entry: dict[str, Any] = {"n": int(sel.sum()), "uncertain": int(y[sel].sum())}
        for mode in modes:
            rows = per_fold.get((name, mode))
            if not rows:
                continue
            m = fold_summary(rows)
            m["f1_per_fold"] = [None if np.isnan(r["f1"]) else round(float(r["f1"]), 4) for r in rows]
            if len(rows) < k:
                m["folds"] = len(rows)  # the folds that held sentences of this corpus
            entry[mode] = m
        report["corpora"][name] = entry
    report["oof"] = oof
    return report


def shuffled_group_folds(groups: Sequence[Any] | np.ndarray, k: int, seed: int = SEED) -> np.ndarray:
    """Fold number (0..k-1) of each item: ``k`` folds of whole groups, dealt in a random order.

    The groups are taken in a ``seed``-ed random order, each into the fold that holds the fewest
    items so far, so fold sizes differ by at most the largest group's size. (scikit-learn's ``GroupKFold``
    deals the groups by size and then by label, so reordering the items changes nothing; it
    shuffles only from scikit-learn 1.6 on, and hedgekit supports 1.3.)

    Raises:
        ValueError: ``k`` is not an integer >= 2, or there are fewer than ``k`` distinct groups.
    """
    _check_folds(k)
    uniq, inv = np.unique(np.asarray(groups), return_inverse=True)
    inv = inv.reshape(-1)
    if len(uniq) < k:
        raise ArgumentError(f"{len(uniq)} distinct groups cannot fill {k} folds")
    sizes = np.bincount(inv, minlength=len(uniq))
    load = np.zeros(k, dtype=np.int64)
    fold_of = np.empty(len(uniq), dtype=np.int64)
    for g in np.random.default_rng(seed).permutation(len(uniq)):
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += sizes[g]
    return fold_of[inv]


def fold_correlations(per_fold: Sequence[tuple[float, float]]) -> dict[str, float | None]:
    """``{"pearson", "pearson_std", "spearman", "spearman_std"}``: mean and sd (ddof 1) over folds of
    per-fold ``(pearson, spearman)`` pairs, rounded to 4 decimals; the sd is 0.0 for one fold, and
    every value ``None`` (JSON ``null``) for none (a model file holds no NaN)."""
    a = np.asarray(per_fold, dtype=np.float64).reshape(-1, 2)
    if not len(a):
        return {"pearson": None, "pearson_std": None, "spearman": None, "spearman_std": None}
    sd = (lambda v: round(float(v.std(ddof=1)), 4)) if len(a) > 1 else (lambda v: 0.0)
    return {"pearson": round(float(a[:, 0].mean()), 4), "pearson_std": sd(a[:, 0]),
            "spearman": round(float(a[:, 1].mean()), 4), "spearman_std": sd(a[:, 1])}


def _correlations(certainty: np.ndarray, ratings: np.ndarray) -> tuple[float, float] | None:
    """``(pearson, spearman)``, or ``None`` where :func:`hedgekit.evaluate.graded_metrics` finds them
    undefined: fewer than 2 sentences, or a side without spread (a small fold of equal ratings)."""
    from .evaluate import graded_metrics

    m = graded_metrics(ratings, certainty, n_boot=0)
    return None if m["pearson"] is None else (m["pearson"], m["spearman"])


def graded_cv(recipe: Recipe, corpus: str, ratings: np.ndarray, *, k: int = 5,
              seed: int = SEED, repeats: int = 1) -> dict[str, Any]:
    """k-fold cross-validation of ``certainty = 1 - P(uncertain)`` against the ratings of one graded corpus.

    The graded corpus's sentences are split into ``k`` folds grouped by document (``ts.groups``),
    shuffled by ``seed`` (:func:`shuffled_group_folds`); every fold fits the whole recipe on the
    other folds *plus all other corpora* (they are never scored here; their sentences in a
    held-out group are left out), and correlates the held-out sentences' certainty with their
    ratings. With ``repeats`` > 1 the whole CV is run again on new
    splits (seeds ``seed``, ``seed + 1``, ...): the fold statistics are over all ``repeats * k``
    folds and the pooled correlations are averaged over the repetitions.

    Args:
        recipe: the recipe; its training set holds ``corpus``.
        corpus: the graded corpus (e.g. ``"pei-jurgens"``).
        ratings: the rating of each of ``corpus``'s sentences, in training-set order (higher = more
            certain).
        k: folds per repetition, >= 2.
        seed: the first repetition's shuffling seed.
        repeats: repetitions, >= 1.

    Returns:
        ``{"k", "repeats", "seed", "n", "corpus", "modes": {mode: {"pearson", "pearson_std",
        "spearman", "spearman_std", "pearson_pooled", "spearman_pooled"}}}``: mean and sd over
        folds, and the correlation of the pooled out-of-fold certainties; ``"certainty"`` holds the
        first repetition's out-of-fold certainties per mode (not JSON).

    Raises:
        ValueError: the ratings do not match the corpus's sentences, fewer than ``k`` documents, or
            ``k`` < 2 or ``repeats`` < 1.
    """

    ts = recipe.ts
    rows = np.flatnonzero(np.asarray(ts.corpus) == corpus)
    if not len(rows):
        raise ArgumentError(f"graded_cv: no corpus {corpus!r} in the training set; its corpora are {sorted(set(ts.corpus))}")
    ratings = np.asarray(ratings, dtype=np.float64)
    if k < 2 or repeats < 1:
        raise ArgumentError(f"need k >= 2 and repeats >= 1, got k={k}, repeats={repeats}")
    bad = np.flatnonzero(~np.isfinite(ratings))
    if len(bad):  # (before the fits; the index is the caller's, not a fold's)
        raise ArgumentError(f"graded_cv: ratings[{int(bad[0])}] is {ratings[bad[0]]}, not a finite rating"
                            + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""))
    if len(rows) != len(ratings) or len(rows) < k:
        raise ArgumentError(f"{corpus!r}: {len(rows)} sentences but {len(ratings)} ratings (need >= {k})")
    others = np.flatnonzero(np.asarray(ts.corpus) != corpus)
    modes = (AUTO, *recipe.experts)
    all_groups = np.asarray(ts.groups)
    groups = all_groups[rows]
    per_fold: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
    pooled: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
    first: dict[str, np.ndarray] = {}
    for r in range(repeats):
        fold = shuffled_group_folds(groups, k, seed + r)
        cert = {m: np.empty(len(rows)) for m in modes}
        for f in range(k):
            tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            # a held-out sentence's group (e.g. the Szeged article a finding was taken from) is not trained on
            keep = others[~np.isin(all_groups[others], groups[te])]
            probs = recipe.predict(recipe.fit(np.r_[keep, rows[tr]]), rows[te])
            shown = []
            for m in modes:
                cert[m][te] = 1.0 - probs[m]
                r_fold = _correlations(cert[m][te], ratings[te])  # a fold where it is undefined does not count
                if r_fold is not None:
                    per_fold[m].append(r_fold)
                shown.append(f"{m} r=" + ("-" if r_fold is None else f"{r_fold[0]:.3f}"))  # (this fold's own)
            log.info("graded fold: %s", ", ".join(shown))
        for m in modes:
            r_all = _correlations(cert[m], ratings)
            if r_all is not None:
                pooled[m].append(r_all)
        first = first or cert
    out: dict[str, Any] = {"k": k, "repeats": repeats, "seed": seed, "n": len(rows), "corpus": corpus, "modes": {}}
    for m in modes:
        p = np.array(pooled[m]).reshape(-1, 2)
        out["modes"][m] = {
            **fold_correlations(per_fold[m]),
            "pearson_pooled": round(float(p[:, 0].mean()), 4) if len(p) else None,
            "spearman_pooled": round(float(p[:, 1].mean()), 4) if len(p) else None,
        }
        if len(per_fold[m]) < k * repeats:
            out["modes"][m]["folds"] = len(per_fold[m])  # those where the correlation is defined
    out["certainty"] = first
    return out


def repeated_thresholds(recipe: Recipe, oof: Mapping[str, np.ndarray], *, k: int,
                        repeats: int = THRESHOLD_REPEATS, tolerance: float = THRESHOLD_TOLERANCE) -> dict[str, float]:
    """Per mode, the median of the cuts whose F1 is within ``tolerance`` of the best
    (:func:`best_threshold`), over the out-of-fold probabilities of ``repeats`` ``k``-fold
    cross-validations pooled (every sentence counted once per repeat).

    ``oof`` holds the first one's (fold seed :data:`SEED`, from :func:`cross_validate`); repeat ``r``
    deals the folds with seed ``SEED + r`` and needs no inner CV, so it costs ``k`` fits.

    Raises:
        ArgumentError: ``repeats`` is below 1, or ``tolerance`` is not in 0..1 (:func:`best_threshold`).
    """
    if repeats < 1:
        raise ArgumentError(f"repeats must be at least 1, got {repeats}")
    oofs = [oof]
    for r in range(1, repeats):
        log.info("threshold repeat %d/%d: %d-fold CV with fold seed %d", r + 1, repeats, k, SEED + r)
        oofs.append(cross_validate(recipe, k=k, inner_k=0, seed=SEED + r)["oof"])
    rows = np.tile(np.arange(len(recipe.ts)), repeats)
    pooled = {m: np.concatenate([o[m] for o in oofs]) for m in oof}
    thresholds = recipe.thresholds(rows, pooled, tolerance)
    said = set()  # (a model of one expert: the default is that expert, said once)
    for m, t in thresholds.items():  # (hedgekit train --data wrote such a model without a word)
        sel = recipe.scope(m, rows)
        y, p = recipe.y[rows][sel], pooled[m][sel]
        if len(y) and (t, len(y)) not in said and uninformative_threshold(y, p, t):
            said.add((t, len(y)))
            log.warning("%s", all_uncertain_note("the model" if m == AUTO else f"the {m!r} expert", t, y, p,
                                                 len(y) // repeats)
                        + (f" ({repeats} cross-validations pooled)" if repeats > 1 else ""))
    return thresholds


#: a threshold that labels this share of the held-out sentences uncertain, or more, is warned of: the
#: classifier tells the classes apart too little to do better than calling nearly everything uncertain
#: (and so is one whose F1 is no better than calling every sentence uncertain, whatever the share)
ALL_UNCERTAIN_SHARE = 0.95


def uninformative_threshold(y: np.ndarray, p: np.ndarray, t: float) -> bool:
    """Whether the threshold ``t`` on out-of-fold probabilities ``p`` (labels ``y``, 1 = uncertain)
    does no better than calling nearly everything uncertain: it labels :data:`ALL_UNCERTAIN_SHARE` or
    more of the sentences uncertain, or, where uncertain sentences are the minority (as hedges are),
    its F1 is no better than that of calling every sentence uncertain (``2 b / (1 + b)`` at a share
    ``b`` of uncertain ones: 5 uncertain sentences of 270 gave a threshold that called 85% uncertain
    at F1 0.034, against 0.036; where most are uncertain that F1 is high, 0.95 at b = 0.9, and a
    classifier that tells the classes apart well may not beat it). ``False`` when the sentences are
    nearly all uncertain, or none is."""
    y = np.asarray(y)
    if not len(y) or not y.any() or y.mean() >= ALL_UNCERTAIN_SHARE:
        return False
    called = np.asarray(p) >= t
    return bool(called.mean() >= ALL_UNCERTAIN_SHARE
                or y.mean() < 0.5 and prf(y, called.astype(np.int64))["f1"] <= 2 * y.mean() / (1 + y.mean()))


def all_uncertain_note(who: str, t: float, y: np.ndarray, p: np.ndarray, n: int | None = None) -> str:
    """The warning for a threshold ``t`` that does no better than calling nearly everything uncertain
    (:func:`uninformative_threshold`; labels ``y``, out-of-fold probabilities ``p``; ``n`` sentences,
    default ``len(y)``)."""
    f1 = prf(y, (p >= t).astype(np.int64))["f1"]
    return (f"{who}: the threshold chosen by cross-validation, {t:.4g}, labels {(p >= t).mean():.0%} of the held-out "
            f"sentences uncertain (F1 {f1:.3f}; all of them uncertain: {2 * y.mean() / (1 + y.mean()):.3f}): on these "
            f"{len(y) if n is None else n} sentences the classifier tells the classes apart too little to do better; "
            "give it more labelled sentences, or choose the threshold yourself")


def threshold_rule_text(k: int, repeats: int = THRESHOLD_REPEATS, rule: str = "pooled") -> str:
    """How a recipe's thresholds were chosen, in words: a model's ``training["threshold_rule"]``.

    Args:
        k: the folds of each cross-validation (2 or more).
        repeats: how many cross-validations (fold seeds ``SEED, SEED + 1, ...``) were pooled, 1 or more
            (:func:`repeated_thresholds`).
        rule: the recipe's ``threshold_rule`` (:class:`Recipe`), ``"pooled"`` or ``"macro"``.

    Raises:
        ArgumentError: ``k`` below 2, ``repeats`` below 1, or an unknown ``rule``.
    """
    if k < 2 or repeats < 1:
        raise ArgumentError(f"threshold_rule_text needs k >= 2 and repeats >= 1, got k={k}, repeats={repeats}")
    if rule not in ("pooled", "macro"):
        raise ArgumentError(f"rule must be 'pooled' or 'macro', got {rule!r}")
    median = f"the median of the cuts within {THRESHOLD_TOLERANCE} of the best F1"
    how = (f"{median} of the uncertain class over pooled out-of-fold probabilities (auto: all sentences; an "
           "expert: its own corpora)") if rule == "pooled" else \
        ("auto: maximises the mean over corpora of the uncertain class's F1 on out-of-fold probabilities; "
         f"an expert: {median} over its own corpora pooled")
    return (how + f"; the out-of-fold probabilities of {repeats} {k}-fold cross-validation"
            + (f"s (fold seeds {SEED}..{SEED + repeats - 1}) pooled" if repeats > 1 else f" (fold seed {SEED})"))


def train_model(ts: TrainingSet, *, experts: Mapping[str, Sequence[str]] | None = None,
                gate: Sequence[str] | None = None, lexicon: Lexicon | None = None,
                config: FeatureConfig = FeatureConfig(), C: float | Mapping[str, float] = DEFAULT_C,
                C_gate: float = DEFAULT_C_GATE, min_df: int = DEFAULT_MIN_DF, k: int = 10, inner_k: int = 3,
                provenance: Mapping[str, Any] | None = None, gate_balanced: bool = False,
                gate_temperature: float = 1.0, threshold_rule: str = "pooled",
                ridge_alpha: Mapping[str, float] | None = None,
                feature_scale: Mapping[str, Mapping[str, float]] | None = None,
                threshold_repeats: int = THRESHOLD_REPEATS, grouping: str = GROUPING,
                unannotated: Mapping[str, Sequence[str]] | None = None,
                nb_scale: Mapping[str, float] | None = None,
                nb_groups: Sequence[str] | None = None,
                predict_as_scored: bool = False,
                rating_scale: tuple[float, float] = (1.0, 6.0),
                graded: Sequence[str] | None = None) -> tuple[HedgeModel, dict[str, Any]]:
    """Cross-validate the recipe on ``ts``, then fit the final model on all of it.

    Args:
        ts: labelled sentences.
        experts: expert name -> corpora; default: one expert per corpus of ``ts``.
        gate: the gated experts; default: all experts.
        lexicon: the lexicon to match cues with (a :class:`~hedgekit.Lexicon` or a path to a lexicon
            TSV); default: the shipped one.
        config: the feature families (:class:`~hedgekit.features.FeatureConfig`).
        C: inverse L2 strength of the logistic experts (> 0; one number, or expert -> number);
            ``C_gate``: the gate's (> 0); ``min_df``: drop features seen in fewer training sentences
            (an int >= 1; :func:`check_hyperparameters`).
        k: cross-validation folds (2 or more, at most the documents); ``inner_k``: inner folds for
            thresholds (0: none, every fold's threshold 0.5; else 2 or more, at most a fold's
            training documents).
        provenance: extra fields for the model's ``training`` record (e.g. ``command``; a mapping).
        gate_balanced, gate_temperature, threshold_rule, ridge_alpha, feature_scale, nb_scale,
        nb_groups: see :class:`Recipe`.
        threshold_repeats: cross-validations (fold seeds ``SEED, SEED + 1, ...``) whose out-of-fold
            probabilities, pooled, choose the final thresholds (:func:`repeated_thresholds`); 1 or more.
        grouping: how ``ts.groups`` were made, for the report (:func:`cross_validate`).
        unannotated: corpus -> the cue categories its annotation does not mark (e.g.
            :data:`UNANNOTATED_CATEGORIES`): an expert whose corpora all leave a category unannotated
            gets that category's weight clipped to >= 0 (:func:`unannotated_features`); default none.
        predict_as_scored: the cross-validations predict the held-out sentences as
            :class:`hedgekit.Scorer` reads them by default, an open-ended one as if it ended in ``.``
            (:func:`scoring_design`), so the CV numbers and the thresholds are those of the scores the
            model will give; fitting always reads the sentences as written. Off (the default) for the
            shipped recipe, whose CV numbers are of the sentences as written; on for a user's
            training (``hedgekit train --data``).
        rating_scale: ``(most uncertain, most certain)`` rating of the scale ``ts.target`` was made
            from (``t = (c - rating) / (c - u)``; default: Pei & Jurgens's 1..6,
            :func:`rating_target`): the training record says so (``hyperparameters["soft_targets"]`` in
            words, ``hyperparameters["rating_scale"]`` as ``[u, c]``, which
            :meth:`hedgekit.HedgeRegressor.load` reads). The graded cross-validation
            correlates certainty with ``1 - t``, the ratings oriented so that higher is more certain
            whichever way the scale runs (for 1..6, with the ratings themselves, ``6 - 5 t``).
        graded: the corpora whose ratings the report correlates certainty with (:func:`graded_cv`,
            up to 5 folds, no more than the corpus has groups); default: those whose targets hold
            a value strictly between 0 and 1 (:func:`graded_corpora`; a corpus rated only at its
            scale's ends needs naming).

    Returns:
        ``(model, report)``: the final thresholds (per mode) are :func:`repeated_thresholds`';
        ``report`` is the first cross-validation's report (JSON-serialisable).

    Raises:
        ArgumentError: ``ts`` is empty or holds a sentence without a word (:func:`check_words`: it
            would count in the CV as the intercept scores it, where a Scorer gives it 0),
            ``threshold_repeats`` is below 1, ``k`` / ``inner_k`` are not fold counts
            (:func:`cross_validate`) or more than a fold's documents, a flag is not a bool, or a bad
            recipe argument (:func:`check_hyperparameters`, :class:`Recipe`).
        InputTypeError: an argument of the wrong type (:func:`_training_inputs`), or ``provenance``
            is not a mapping.
    """
    if not is_number(threshold_repeats, integer=True) or threshold_repeats < 1:
        raise ArgumentError(f"threshold_repeats must be an integer >= 1, got {threshold_repeats!r}")
    rating_scale = check_rating_scale(rating_scale)
    _check_folds(k, inner_k)
    predict_as_scored = check_flag(predict_as_scored, "train_model: predict_as_scored")
    check_flag(gate_balanced, "train_model: gate_balanced")
    if provenance is not None and not isinstance(provenance, Mapping):
        raise InputTypeError(f"train_model: provenance must be a mapping of record fields (e.g. {{'command': ...}}), "
                             f"got {type(provenance).__name__}")
    experts, gate, lexicon = _training_inputs(ts, experts, gate, lexicon, config, "train_model")
    check_hyperparameters(C=C, C_gate=C_gate, min_df=min_df, gate_temperature=gate_temperature,
                          ridge_alpha=ridge_alpha, experts=list(experts))
    unannotated = check_unannotated(unannotated or {})
    if graded is not None and (isinstance(graded, str) or not set(graded) <= set(ts.corpus)):
        raise ArgumentError(f"graded must name corpora of the training set, {sorted(set(ts.corpus))}, got {graded!r}")
    if any(unannotated.values()) and not config.cues:
        raise ArgumentError("unannotated constrains the category features (k:<category>) of the cues feature "
                            "family, which this feature config switches off")
    absent = sorted(set(unannotated) - set(ts.corpus))
    if absent:  # a misspelt corpus ("BioScope") would constrain nothing and still be recorded
        raise ArgumentError(f"unannotated names corpora {absent} that the training set does not hold; its corpora "
                            f"are {sorted(set(ts.corpus))}")
    # after every check: featurizing takes a while
    design = scoring_design(ts.texts, lexicon, config) if predict_as_scored else Design(featurize_all(ts.texts, lexicon,
                                                                                                     config))
    signs = sign_constraints(design.names, lexicon, experts, unannotated)
    nonnegative = signs["nonnegative"]
    recipe = Recipe(ts, design, experts, gate, C=C, C_gate=C_gate, min_df=min_df, **signs,
                    gate_balanced=gate_balanced,
                    gate_temperature=gate_temperature, threshold_rule=threshold_rule,
                    ridge_alpha=ridge_alpha, feature_scale=feature_scale, nb_scale=nb_scale, nb_groups=nb_groups)
    log.info("%d sentences (%d uncertain), %d candidate features (a fit keeps those of >= %d of its training "
             "sentences); %d-fold cross-validation", len(ts), int(ts.y.sum()), len(design.names), min_df, k)
    report = cross_validate(recipe, k=k, inner_k=inner_k, grouping=grouping)
    all_ridge = set(experts) <= set(ridge_alpha or {})  # (C is the logistic experts': none then)
    if all_ridge:
        report["C"] = None
    thresholds = repeated_thresholds(recipe, report.pop("oof"), k=k, repeats=threshold_repeats)
    correlated = {}
    for corpus in graded_corpora(ts) if graded is None else graded:
        rows = np.asarray(ts.corpus) == corpus
        n_groups = len(set(np.asarray(ts.groups)[rows].tolist()))
        if n_groups < 2:  # (graded_cv needs 2 folds of whole groups)
            log.warning("%s: no graded cross-validation, its sentences are in %d group(s)", corpus, n_groups)
            continue
        # the ratings as certainty, higher = more certain whichever way the scale runs (Pearson and
        # Spearman are those of the ratings on a scale whose most certain end is its highest)
        g = graded_cv(recipe, corpus, 6.0 - 5.0 * ts.targets()[rows] if rating_scale == (1.0, 6.0) else
                      1.0 - ts.targets()[rows], k=min(5, n_groups))
        g.pop("certainty")
        g["ratings"] = ("recovered from the soft targets: rating = 6 - 5 t (rating_target's inverse)"
                        if rating_scale == (1.0, 6.0) else "the ratings as certainty, 1 - t = (rating - U) / (C - U) "
                        f"for the scale U={number_text(rating_scale[0])} (most uncertain) .. "
                        f"C={number_text(rating_scale[1])} (most certain)")
        correlated[corpus] = g
    if correlated:
        report["graded"] = correlated
    training = {
        "corpora": ts.files,
        "sentence_keys": sentence_keys_record(ts),
        "n_sentences": len(ts),
        "n_uncertain": int(ts.y.sum()),
        "experts": {e: list(cs) for e, cs in experts.items()},
        "gate": gate,
        "hyperparameters": {"estimator": ("one sklearn Ridge regression per expert" if all_ridge
                                          else "one sklearn LogisticRegression(liblinear, L2) per expert"
                                          + (f" (sklearn Ridge for {sorted(ridge_alpha)})" if ridge_alpha else ""))
                                         + " + one-vs-rest logistic gates; booster-cue weights clipped to <= 0"
                                         + ("; an expert's weights of the cue categories its corpora do not "
                                            "annotate clipped to >= 0" if nonnegative else "")
                                         + (f"; naive-Bayes-scaled penalties for {sorted(recipe.nb_scale)}"
                                            if recipe.nb_scale else ""),
                            "C": None if all_ridge else C, "C_gate": C_gate,
                            "min_df": min_df, "seed": SEED, "threshold_repeats": threshold_repeats,
                            "threshold_tolerance": THRESHOLD_TOLERANCE,
                            "feature_config": config.to_dict(),
                            **({"predict_as_scored": True} if predict_as_scored else {}),
                            **({"gate_balanced": True} if gate_balanced else {}),
                            **({"gate_temperature": gate_temperature} if gate_temperature != 1.0 else {}),
                            **({"ridge_alpha": dict(ridge_alpha)} if ridge_alpha else {}),
                            **({"unannotated": {c: list(cats) for c, cats in unannotated.items()},
                                "nonnegative": {e: [n for n, f in zip(design.names, m) if f]
                                                for e, m in nonnegative.items()}} if unannotated else {}),
                            "feature_scale": {e: dict(f) for e, f in recipe.feature_scale.items()},
                            **({"nb_scale": dict(recipe.nb_scale), "nb_groups": list(recipe.nb_groups)}
                               if recipe.nb_scale else {}),
                            **({"soft_targets": _soft_target_text(recipe, rating_scale),
                                "rating_scale": list(rating_scale)} if ts.target is not None else {})},
        "threshold_rule": threshold_rule_text(k, threshold_repeats, threshold_rule),
        "cross_validation": report,
        "hedgekit_version": __version__,
        "sklearn_version": _sklearn_version(),
        **dict(provenance or {}),
    }
    model = recipe.model(recipe.fit(np.arange(len(ts))), thresholds, config, lexicon.hash, training)
    return model, report


def _training_inputs(ts: Any, experts: Any, gate: Any, lexicon: Any, config: Any,
                     who: str) -> tuple[dict[str, tuple[str, ...]], list[str], Lexicon]:
    """``(experts, gate, lexicon)`` of a training call (:func:`train_model`, :func:`fit_model`), with
    their defaults (one expert per corpus, all gated, the shipped lexicon), checked.

    Raises:
        InputTypeError: ``ts`` is no :class:`TrainingSet`, ``experts`` no mapping, ``gate`` a bare
            str, ``lexicon`` neither a :class:`~hedgekit.Lexicon`, a path nor None, or ``config`` no
            :class:`~hedgekit.features.FeatureConfig`.
        ArgumentError: ``ts`` is empty or holds a sentence without a word (:func:`check_words`).
    """
    if not isinstance(ts, TrainingSet):
        raise InputTypeError(f"{who}: ts must be a hedgekit.train.TrainingSet, got {type(ts).__name__}")
    if not len(ts):
        raise ArgumentError(f"{who}: the training set holds no sentences")
    check_words(ts.texts, "ts.texts")
    if not isinstance(config, FeatureConfig):
        raise InputTypeError(f"{who}: config must be a hedgekit.features.FeatureConfig, got {type(config).__name__}")
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon)
    elif not isinstance(lexicon, Lexicon):
        raise InputTypeError(f"{who}: lexicon must be None (the shipped one), a hedgekit.Lexicon or a path to a "
                             f"lexicon TSV, got {type(lexicon).__name__}")
    if experts is not None and not isinstance(experts, Mapping):
        raise InputTypeError(f"{who}: experts must map each expert's name to the corpora it learns from, e.g. "
                             f"{{'bio': ('bio',)}}, got {type(experts).__name__}")
    experts = dict(experts) if experts is not None else {c: (c,) for c in sorted(set(ts.corpus))}
    if isinstance(gate, str):
        raise InputTypeError(f"{who}: gate must be a list of expert names, e.g. [{gate!r}], not a str")
    return experts, list(gate) if gate is not None else list(experts), lexicon


def fit_model(ts: TrainingSet, *, experts: Mapping[str, Sequence[str]] | None = None,
              gate: Sequence[str] | None = None, lexicon: Lexicon | None = None,
              config: FeatureConfig = FeatureConfig(), C: float = DEFAULT_C, C_gate: float = DEFAULT_C_GATE,
              min_df: int = DEFAULT_MIN_DF, threshold: float = 0.5) -> HedgeModel:
    """Fit on all of ``ts`` without cross-validation; every mode gets ``threshold``. ``experts``,
    ``gate``, ``lexicon``, ``config``, ``C``, ``C_gate`` and ``min_df`` (an int >= 1) are
    :func:`train_model`'s.

    Raises:
        ArgumentError: ``threshold`` is not a number in (0, 1) stored to 6 decimals (what a model file
            holds), ``ts`` is empty or holds a sentence without a word (:func:`check_words`), or a bad
            recipe argument (:func:`check_hyperparameters`, :class:`Recipe`).
        InputTypeError: an argument of the wrong type (:func:`_training_inputs`).
    """
    threshold = check_open_unit(threshold, "fit_model: threshold", decimals=6)  # (as a model file stores it)
    check_hyperparameters(C=C, C_gate=C_gate, min_df=min_df)
    experts, gate, lexicon = _training_inputs(ts, experts, gate, lexicon, config, "fit_model")
    design = Design(featurize_all(ts.texts, lexicon, config))
    recipe = Recipe(ts, design, experts, gate, C=C, C_gate=C_gate, min_df=min_df,
                    nonpositive=booster_features(design.names, lexicon))
    return recipe.model(recipe.fit(np.arange(len(ts))), {n: threshold for n in (AUTO, *experts)}, config,
                        lexicon.hash, {})


#: How the shipped model is made (recorded in it; the corpora folder is written as ``<shared>/corpora``).
SHIPPED_COMMAND = "python -m hedgekit.train --corpora <shared>/corpora --out hedgekit/data/model.json.gz"


def train_shipped(corpora_dir: str | os.PathLike[str], out: str | os.PathLike[str], *, C: float = DEFAULT_C,
                  C_gate: float = DEFAULT_C_GATE, min_df: int = DEFAULT_MIN_DF, k: int = 10,
                  lexicon: Lexicon | None = None,
                  config: FeatureConfig = FeatureConfig(),
                  command: str = SHIPPED_COMMAND) -> tuple[HedgeModel, dict[str, Any]]:
    """Train the shipped model's recipe on the shared corpora and write it to ``out``.

    ``command`` is recorded in the model as how it was made (default: the command that makes the
    shipped model).

    The recipe: the binary corpora (:data:`SHIPPED_CORPORA`) feed the gated ``biomedical`` and
    ``general`` experts and the named ``conll-wiki`` and ``semantic`` experts (:data:`SHIPPED_EXPERTS`); the Pei &
    Jurgens ratings (:data:`GRADED_CORPORA`) feed the named, ungated ``science`` expert (ridge
    regression, :data:`GRADED_RIDGE_ALPHA`, :data:`GRADED_FEATURE_SCALE`), which leaves the default
    and the other experts exactly as without it (see :meth:`Recipe.fit`). ``biomedical`` is fitted
    with naive-Bayes-scaled penalties and its lexicon priors penalised less
    (:data:`SHIPPED_NB_SCALE`, :data:`SHIPPED_FEATURE_SCALE`). ``biomedical``'s weights
    of the hearsay and weasel category features may not count as evidence of certainty
    (:data:`UNANNOTATED_CATEGORIES`). The model's training
    record holds the 10-fold CV of every mode and the 5-fold graded CV of ``science``.

    A corpus file that the shipped model was trained on and is missing, one added to a corpus folder,
    or one whose content changed is logged as a warning before training (:func:`shipped_file_changes`).
    """
    t0 = time.perf_counter()
    ts = load_training_set(corpora_dir, GRADED_CORPORA)
    for line in shipped_file_changes(ts.files):  # said before the minutes of training, not after
        log.warning("%s", line)
    model, report = train_model(
        ts, experts=GRADED_EXPERTS, gate=GRADED_UNGATED, lexicon=lexicon, config=config, C=C, C_gate=C_gate,
        min_df=min_df, k=k, ridge_alpha=GRADED_RIDGE_ALPHA, **shipped_options(GRADED_EXPERTS),
        unannotated=UNANNOTATED_CATEGORIES, provenance={"command": command},
    )
    model.save(out)
    log.info("wrote %s (%d features) in %.0f s", out, len(model.features), time.perf_counter() - t0)
    return model, report


def shipped_file_changes(files: Sequence[Mapping[str, str]],
                         shipped: Sequence[Mapping[str, str]] | None = None) -> list[str]:
    """What differs between the corpus files a training run read (``files``, as
    :attr:`TrainingSet.files` lists them) and those the shipped model was trained on (``shipped``; by
    default its record's ``training.corpora``): a file missing, a file added to a corpus folder (both
    read from folders, so nothing else would say it), or a file whose SHA-256 differs. One line per
    file, in the shipped record's order, then the added files; empty when the files are the same.
    """
    if shipped is None:
        from .model import load_model

        shipped = load_model().training.get("corpora") or []
    now = {f["file"]: f for f in files}
    before = {f["file"]: f for f in shipped}
    lines = []
    for name, f in before.items():
        if name not in now:
            lines.append(f"corpus {f['corpus']!r}: {name} was read to train the shipped model but is not here: "
                         "the model is trained without it")
        elif now[name]["sha256"] != f["sha256"]:
            lines.append(f"corpus {f['corpus']!r}: {name} differs from the file the shipped model was trained on "
                         "(its SHA-256)")
    lines += [f"corpus {f['corpus']!r}: {name} is not one of the files the shipped model was trained on: "
              "it is trained on too" for name, f in now.items() if name not in before]
    return lines


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


def format_cv(report: Mapping[str, Any]) -> str:
    """The per-corpus, per-mode lines of a cross-validation report (``auto``: the model's default, the
    gate's mix of its experts; an expert's line that repeats ``auto``'s, as the one expert of a model
    trained on one corpus does, is left out); a metric that no fold defines (no fold predicted an
    uncertain sentence: no precision) reads "-", not 0.000, and one that only some folds define
    says over how many it is the mean ("P=0.500 [1 of 2 folds]"; a correlation also gives the
    pooled out-of-fold one)."""
    k = report.get("k")

    def shown(m: Mapping[str, Any], key: str) -> str:
        folds = m.get(f"{key}_folds")
        if folds == 0:
            return "-"
        return f"{m[key]:.3f}" + ("" if folds is None else f" [{folds}" + (f" of {k}" if k else "") + " folds]")

    lines = []
    for name, r in report["corpora"].items():
        for mode, m in r.items():
            if isinstance(m, dict) and not (mode != AUTO and m == r.get(AUTO)):
                f1 = shown(m, "f1")
                lines.append(f"{name:16} {mode:12} n={r['n']:6d}  P={shown(m, 'precision')}  R={shown(m, 'recall')}  "
                             f"F1={f1}" + (f" ± {m['f1_std']:.3f}" if f1 != "-" else ""))
    for name, g in report.get("graded", {}).items():  # (certainty against a graded corpus's ratings)
        modes = g["modes"]
        for mode, m in modes.items():
            if mode != AUTO and m == modes.get(AUTO):
                continue
            r = "-" if m["pearson"] is None else f"{m['pearson']:.3f} ± {m['pearson_std']:.3f}"
            rho = "-" if m["spearman"] is None else f"{m['spearman']:.3f} ± {m['spearman_std']:.3f}"
            # (a small corpus's folds where a correlation is undefined do not count: say over how many it is)
            few = "" if m.get("folds") is None or m["pearson"] is None else (
                f"  [over {m['folds']} of {g['k'] * g.get('repeats', 1)} folds; pooled Pearson "
                + ("-" if m.get("pearson_pooled") is None else f"{m['pearson_pooled']:.3f}") + "]")
            lines.append(f"{name:16} {mode:12} n={g['n']:6d}  certainty vs ratings ({g['k']}-fold CV): "
                         f"Pearson {r}  Spearman {rho}{few}")
    return "\n".join(lines)


def command_text(words: Sequence[str], options: Iterable[tuple[str, Any, Any]]) -> str:
    """A command line as a training record stores it: ``words`` as given (already quoted), then
    ``--flag value`` for each ``(flag, value, default)`` whose value is given and not the default,
    the value shell-quoted, so that the stored command runs as it ran (``--flag=value`` for a value
    that starts with ``-``, which argparse would take for an option: ``--rating-scale=-3,3``)."""
    return " ".join([*words, *(f"--{flag}{'=' if str(value).startswith('-') else ' '}{shlex.quote(str(value))}"
                               for flag, value, default in options if value is not None and value != default)])


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m hedgekit.train``."""
    ap = argparse.ArgumentParser(prog="python -m hedgekit.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=default_corpora_dir(),
                    help="the shared corpora folder (default: $HEDGEKIT_SHARED/corpora or ../shared/corpora)")
    ap.add_argument("--out", type=Path, default=Path("hedgekit/data/model.json.gz"), help="model file to write")
    ap.add_argument("--C", type=float, default=DEFAULT_C, help="inverse L2 regularisation of the experts")
    ap.add_argument("--C-gate", type=float, default=DEFAULT_C_GATE, help="inverse L2 regularisation of the gate")
    ap.add_argument("--min-df", type=int, default=DEFAULT_MIN_DF, help="drop features seen in fewer sentences")
    ap.add_argument("--folds", type=int, default=10, help="cross-validation folds")
    args = ap.parse_args(argv)
    # a bad number or output path is said before the corpora are read and the folds trained
    for flag, check in (("--C", lambda: check_hyperparameters(C=args.C)),
                        ("--C-gate", lambda: check_hyperparameters(C_gate=args.C_gate)),
                        ("--min-df", lambda: check_hyperparameters(min_df=args.min_df)),
                        ("--folds", lambda: _check_folds(args.folds, 3))):
        try:
            check()
        except ArgumentError as e:
            ap.error(f"{flag}: {e}")
    out_dir = args.out.parent if str(args.out.parent) else Path(".")
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK):
        ap.error(f"--out {args.out}: {out_dir} is not a folder this process can write to")
    if args.out.is_dir():
        ap.error(f"--out {args.out}: is a folder; --out names the model file to write")
    if args.out.resolve().is_relative_to(args.corpora.resolve()):
        ap.error(f"--out {args.out}: a file in the corpora folder {args.corpora}; writing it could replace a corpus")
    if corpora_missing(args.corpora, "python -m hedgekit.train"):
        return 1
    from .progress import log_to_stderr

    with log_to_stderr(logging.INFO):  # (the root logger left alone: main may be called in-process)
        return _train_main(args)


def _train_main(args: argparse.Namespace) -> int:
    """``python -m hedgekit.train`` once its options are checked: train the shipped recipe, write it."""
    shared = args.corpora.resolve() == Path(default_corpora_dir()).resolve()
    command = command_text(
        ["python -m hedgekit.train --corpora", "<shared>/corpora" if shared else shlex.quote(str(args.corpora)),
         "--out", shlex.quote(str(args.out))],
        [("C", args.C, DEFAULT_C), ("C-gate", args.C_gate, DEFAULT_C_GATE), ("min-df", args.min_df, DEFAULT_MIN_DF),
         ("folds", args.folds, 10)])
    try:
        model, report = train_shipped(args.corpora, args.out, C=args.C, C_gate=args.C_gate, min_df=args.min_df,
                                      k=args.folds, command=command)
    except (HedgekitError, OSError) as e:  # a missing or malformed corpus file, one class only, a full disk
        print(f"python -m hedgekit.train: error: {e}", file=sys.stderr)
        return 1
    print(format_cv(report))
    print(f"thresholds={dict(model.thresholds)}  features={len(model.features)}  python={platform.python_version()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
