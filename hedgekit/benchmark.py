"""Benchmarks: one corpus (``hedgekit benchmark``) and the accuracy suite over the shared corpora.

``hedgekit benchmark --corpus PATH`` scores any annotated corpus with a scorer and reports every
metric its annotation supports (:func:`benchmark_corpus`, built on :func:`hedgekit.evaluate.evaluate`).

The accuracy suite (``python -m benchmarks.accuracy``, see :func:`suite_main`) compares three systems

- ``lexicon``: lexicon only -- a sentence is uncertain iff the lexicon finds a hedge cue (any
  category but ``booster``; ``pseudo`` rows never match), and ``P(uncertain)`` is the strongest
  such cue's prior weight (0 when there is none). Nothing is trained;
- ``classifier``: the shipped training recipe without lexicon features
  (``FeatureConfig(cues=False, cue_context=False, priors=False)``: words and word pairs only);
- ``combined``: the shipped recipe (lexicon features + words, experts + gate), i.e. the shipped model;

in three settings:

1. **in-domain** cross-validation on BioScope, the CoNLL-2010 Wikipedia lists and Szeged Wikipedia
   with :func:`hedgekit.train.cross_validate` (10 folds grouped by document, thresholds from an
   inner 3-fold CV -- exactly what ``python -m hedgekit.train`` reports), the lexicon scored on the
   same folds (:func:`hedgekit.train.make_folds`);
2. a **cross-domain matrix**: one single-expert model per training corpus (CoNLL Wikipedia,
   BioScope, Pei & Jurgens with rating <= 3.5 = uncertain), its threshold chosen on the pooled
   out-of-fold probabilities of a 5-fold grouped CV of that corpus (which also gives the diagonal),
   fitted once on all of it and tested on every other corpus, including the evaluation-only ones
   (Szeged FactBank news, SFU reviews);
3. the **shipped model out of domain**: SFU reviews, FactBank, UNSC speeches, Pei & Jurgens.

Licence rule (``../shared/corpora/README.md``): SFU, FactBank and UNSC are never trained on;
:func:`training_set` refuses them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import json
import logging
import os
import platform
import shlex
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .errors import ArgumentError, CorpusError, EvaluationError, check_sentences, is_number
from .features import FeatureConfig
from .progress import ProgressBar
from .train import corpora_missing, default_corpora_dir, fold_summary, prf
from .lexicon import Lexicon, load_lexicon
from .types import AnnotatedSentence, SentenceScore, _cue, _sentence_score

__all__ = [
    "ProgressBar",
    "LexiconScorer",
    "benchmark_corpus",
    "CORPORA",
    "EVALUATION_ONLY",
    "SYSTEMS",
    "load_sentences",
    "training_set",
    "subset",
    "lexicon_cv",
    "recipe_cv",
    "single_corpus_model",
    "evaluate_system",
    "run_suite",
    "render_markdown",
    "readme_table",
    "replace_readme_section",
    "make_plots",
    "suite_main",
    "write_results",
    "stamp_header",
    "stamp_and_write",
    "corpora_missing",
    "README_START",
    "README_END",
]

log = logging.getLogger(__name__)

README_START = "<!-- accuracy-table:start -->"
README_END = "<!-- accuracy-table:end -->"
SUITE_COMMAND = "python -m benchmarks.accuracy"

#: corpus name -> (path under the shared corpora folder, reader format, display name)
CORPORA: dict[str, tuple[str, str, str]] = {
    "bioscope": ("bioscope", "bioscope", "BioScope"),
    "conll2010-wiki": ("conll2010-wiki", "conll-wiki", "CoNLL-2010 Wikipedia lists"),
    "szeged-wiki": ("szeged-uncertainty/wiki.conll2010-train-docs.xml", "szeged", "Szeged Wikipedia"),
    "factbank": ("szeged-uncertainty/factbank.xml", "szeged", "Szeged FactBank news"),
    "sfu": ("sfu-review", "sfu", "SFU reviews"),
    "pei-jurgens": ("pei-jurgens-certainty/sentence-level-certainty.train-val.jsonl", "pei-jurgens",
                    "Pei & Jurgens science findings"),
    "unsc": ("unsc-hedges", "unsc", "UNSC speeches"),
}
#: corpora whose licence (or doubtful provenance) allows evaluation only: never trained on.
EVALUATION_ONLY: frozenset[str] = frozenset({"factbank", "sfu", "unsc"})
#: Pei & Jurgens ratings (1-6, 6 = very certain) at or below this count as uncertain for F1.
PJ_UNCERTAIN_AT_MOST = 3.5

#: system name -> feature families (None = lexicon only, nothing trained)
SYSTEMS: dict[str, FeatureConfig | None] = {
    "lexicon": None,
    "classifier": FeatureConfig(cues=False, cue_context=False, priors=False),
    "combined": FeatureConfig(),
}
#: named experts of the shipped model also scored on :data:`SHIPPED_OOD` (``semantic`` never saw them either).
SHIPPED_OOD_EXPERTS = ("semantic",)
#: shipped cue models (:mod:`hedgekit.cues`) also scored on :data:`SHIPPED_OOD` as sentence
#: classifiers (*uncertain* iff a cue is found: ``hedgekit.cues.score(sentences, domain=...)``); none
#: was trained on those corpora. ``general`` (Szeged Wikipedia's cues) is the one for prose that is
#: not biomedical (:data:`OOD_CUE_READING`: the README's column and the targets' reading); the
#: biomedical two are reported beside it.
SHIPPED_OOD_CUES = ("general", "biomedical", "bioscope")
#: the cue model whose out-of-domain numbers the README table shows
OOD_CUE_READING = "general"
SYSTEM_LABELS = {
    "lexicon": "lexicon only",
    "classifier": "classifier, no lexicon features",
    "combined": "combined (shipped recipe)",
    "shipped": "shipped model",
}


def _system_label(system: str) -> str:
    """The label of a system in the results tables; ``"shipped:<expert>"`` is one named expert of the shipped model."""
    if system.startswith("shipped:"):
        return f"shipped model, `{system.partition(':')[2]}` expert"
    if system.startswith("cues:"):
        return f"shipped cue classifier, `{system.partition(':')[2]}` (`hedgekit.cues.score`)"
    return SYSTEM_LABELS.get(system, system)


IN_DOMAIN = ("bioscope", "conll2010-wiki", "szeged-wiki")
CROSS_TRAIN = ("conll2010-wiki", "bioscope", "pei-jurgens")
CROSS_TEST = ("conll2010-wiki", "bioscope", "factbank", "sfu", "pei-jurgens")
#: corpora the shipped model's default is scored on out of domain (Pei & Jurgens trains only the named,
#: ungated ``science`` expert, which never changes the default).
SHIPPED_OOD = ("sfu", "factbank", "unsc", "pei-jurgens")


# ------------------------------------------------------------------------------------------ progress


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


# ------------------------------------------------------------------------------------ lexicon only
class LexiconScorer:
    """The lexicon alone, with the :class:`hedgekit.Scorer` interface that :func:`evaluate` uses.

    ``p_uncertain`` is the largest prior weight of the hedge cues found (any category but
    ``booster``; 0.0 when there is none), ``certainty = 1 - p_uncertain``, and the label is
    uncertain iff a hedge cue is found (every hedge row's weight is > 0). Cues carry their prior
    as ``contribution`` (negative for boosters).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.threshold = 1e-9

    def p_uncertain(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) of each text, in [0, 1], in order (:meth:`score`'s)."""
        return np.array([s.p_uncertain for s in self.score(texts)])

    def score(self, sentences: Iterable[str]) -> list[SentenceScore]:
        """Score each sentence (a bare ``str`` is refused, as :meth:`hedgekit.Scorer.score` refuses it)."""
        out = []
        for s in check_sentences(sentences, "LexiconScorer.score", "wrap one sentence in a list: [sentence]"):
            cues = tuple(_cue(c.text, c.start, c.end, c.category, c.weight,  # (the fast constructors: known good)
                              -c.weight if c.category == "booster" else c.weight, c.pattern) for c in self.lexicon.find(s))
            p = max((c.weight for c in cues if c.category != "booster"), default=0.0)
            out.append(_sentence_score(s, 1.0 - p, "uncertain" if p >= self.threshold else "certain", cues, 0, len(s),
                                       p, self.threshold))
        return out


class _Recording:
    """Wraps a scorer for :func:`evaluate` and keeps every ``p_uncertain`` it returned (for plots)."""

    def __init__(self, scorer: Any) -> None:
        from .evaluate import _detects_cues

        self.scorer = scorer
        self.threshold = getattr(scorer, "threshold", None)
        #: :func:`evaluate` reads a cue detector's cues as detected ones (every cue it returns counts)
        self.detects_cues = _detects_cues(scorer)  # (isinstance would not see it through this wrapper)
        self.p: list[float] = []

    def score(self, texts: list[str]) -> list[SentenceScore]:
        res = self.scorer.score(texts)
        if not isinstance(res, Sequence):  # (a generator, which evaluate() reads too: recorded, then read again)
            res = list(res)
        self.p.extend(r.p_uncertain for r in res)
        return res


# ------------------------------------------------------------------------------- one corpus (CLI)
def benchmark_corpus(path: str | os.PathLike[str], scorer: Any = None, *, format: str | None = None,
                     n_boot: int = 1000, seed: int = 0, ci: float = 0.95, n_bins: int = 10,
                     cue_match: Sequence[str] | str = ("exact", "overlap"), uncertain_at_most: float | None = None,
                     progress: Callable[[int, int | None], None] | None = None, distinct: bool = False,
                     resample: str = "sentences", rating_scale: tuple[float, float] | None = None,
                     **options: Any) -> dict[str, Any]:
    """Evaluate ``scorer`` (default: the shipped one) on the corpus at ``path``.

    Args:
        path: a corpus file or folder (any format :func:`hedgekit.load_corpus` reads).
        scorer: ``None`` (the shipped scorer), a :class:`hedgekit.Scorer`, a
            :class:`hedgekit.cues.CueDetector` or anything with a ``score(list[str])`` method
            (:func:`hedgekit.evaluate.check_scorer`; a ``HedgeClassifier``: ``clf.to_scorer()``).
        format: the reader format; default inferred.
        n_boot, seed, ci, n_bins, cue_match, resample: as :func:`hedgekit.evaluate.evaluate`
            (``resample="documents"``: a cluster bootstrap over the corpus's documents).
        uncertain_at_most: for graded corpora, label a sentence that has a rating and no label
            ``uncertain`` when its rating is at most this (``certain`` above), so that precision /
            recall / F1 apply; a labelled sentence keeps its label. With ``rating_scale``, at this
            rating or beyond it towards the scale's uncertain end.
        rating_scale: ``(U, C)``, the rating of the most uncertain and of the most certain
            sentence, for a scale whose higher ratings are *less* certain (``(6, 1)``): the ratings
            are read as ``(rating - U) / (C - U)``, 0 most uncertain .. 1 most certain, so that the
            correlations with certainty have the sign they would have on the same scale the right
            way round (``None``, the default: higher ratings are more certain, as read). A rating
            outside the scale is an ``EvaluationError``.
        distinct: count each distinct sentence text (white space normalised) once, its first
            annotated occurrence (:func:`distinct_sentences`; a label or rating that only a later copy
            has is added to it), as the accuracy suite counts the UNSC folder,
            whose two files label mostly the same speeches (1,038 rows, 564 distinct). The report then
            also has ``n_rows`` (read), ``n_dropped`` (copies left out) and ``n_conflicting`` (texts
            with a left-out annotated copy of another label or rating; a warning names their count).
        options: reader options (``text_column=``, ``label_column=``, ``rating_column=`` ...); a
            column option on a corpus with fixed fields (XML, CoNLL lists) and ``uncertain_at_most``
            on one without ratings have no effect, and a ``UserWarning`` says so; an option no
            reader takes is an ``ArgumentError`` (:func:`hedgekit.readers.check_reader_options`).

    Returns:
        The report of :func:`hedgekit.evaluate.evaluate`, with ``precision``, ``recall`` and ``f1``
        always at the top level (``None`` when the corpus has no binary labels) and ``corpus``,
        ``format``, ``hedgekit_version``, ``trained_on`` (:func:`training_files_in`: the files the
        model was trained on, which a ``UserWarning`` names: its numbers are then in-sample),
        ``trained_sentences`` (:func:`trained_sentences`: how many of the sentences evaluated
        against a label, a rating or cues the model learned from in any file; a ``UserWarning``
        when they are at least 1% of those with 20 or more letters and digits, the ones it can
        tell; ``None``, with a warning, when the model keeps no record of them), ``in_sample``
        (whether either warning fired: the numbers are then in-sample, and the text report says
        so), and ``uncertain_at_most`` and ``rating_scale`` when given.

    Raises:
        CorpusNotFoundError, CorpusError: the corpus cannot be found or read.
        ArgumentError: a reader option that no reader takes.
        InputTypeError: ``scorer`` has no ``score`` method.
        EvaluationError: the corpus is empty or has no label, rating or cue to evaluate against,
            ``uncertain_at_most`` is not a finite number, a bad ``n_boot``/``ci``/``n_bins``/``cue_match``/``resample``,
            or ``resample="documents"`` for a corpus without documents.
    """
    from .evaluate import _check_settings, _settings_checked, check_scorer, evaluate
    from .readers import infer_format, load_corpus, read_as
    from .train import MIN_PIECE, check_rating_scale

    check_scorer(scorer, "benchmark_corpus()")
    _check_settings(n_boot, ci, seed, n_bins, cue_match, resample)  # before the corpus is read (and warns: once)
    if uncertain_at_most is not None and not is_number(uncertain_at_most):
        raise EvaluationError(f"uncertain_at_most must be a finite number (a rating), got {uncertain_at_most!r}")
    if rating_scale is not None:
        rating_scale = check_rating_scale(rating_scale, "rating_scale", EvaluationError)
    # the user's format as given: for a folder, None reads the files a reader recognises, a format
    # every file of the folder (as hedgekit.load_corpus does)
    sentences = list(load_corpus(path, format=format, **options))
    try:
        with warnings.catch_warnings():  # (load_corpus has warned about the files it skips)
            warnings.simplefilter("ignore")
            fmt = format or read_as(infer_format(path), options)[0]  # (as load_corpus read it)
    except CorpusError:  # a folder of several formats, which load_corpus reads file by file
        fmt = "+".join(sorted({s.source.partition("/")[0] for s in sentences})) or "mixed"
    if not sentences:
        raise EvaluationError(f"{path}: no sentences to evaluate (read as {fmt})")
    n_rows = len(sentences)
    if distinct:
        kept = distinct_sentences(sentences)
        dropped, conflicting = _dropped_copies(sentences, kept)
        if conflicting:
            warnings.warn(f"{path}: distinct kept the first annotated copy of {conflicting} sentence(s) given again with "
                          "another label or rating, and dropped the others (the annotations disagree there)",
                          stacklevel=2)
        sentences = kept
    if "encoding" in options and not any(_takes_encoding(f) for f in fmt.split("+")):
        warnings.warn(f"{path}: encoding had no effect: {fmt} files are XML, which declare their own encoding",
                      stacklevel=2)
    columns = sorted(k for k in ("text_column", "label_column", "rating_column", "doc_column") if k in options)
    if columns and not {"tsv", "csv", "jsonl"} & set(fmt.split("+")):
        warnings.warn(f"{path}: {', '.join(columns)} had no effect: {fmt} files have fixed fields (only tsv, csv "
                      "and jsonl files have named columns)", stacklevel=2)
    if "doc_column" in options and resample != "documents":
        warnings.warn(f"{path}: doc_column had no effect: documents are what resample='documents' resamples (on "
                      "the command line --resample documents)", stacklevel=2)
    if "label" in options and "conll-wiki" not in fmt.split("+"):
        warnings.warn(f"{path}: label had no effect: it labels CoNLL-2010 lists (conll-wiki), and {fmt} files "
                      "carry their own labels", stacklevel=2)
    if rating_scale is not None and not any(s.rating is not None for s in sentences):
        warnings.warn(f"{path}: rating_scale had no effect: no sentence has a rating", stacklevel=2)
        rating_scale = None
    if uncertain_at_most is not None and not any(s.rating is not None for s in sentences):
        warnings.warn(f"{path}: uncertain_at_most had no effect: no sentence has a rating", stacklevel=2)
        uncertain_at_most = None
    elif uncertain_at_most is not None and not any(s.rating is not None and s.label is None for s in sentences):
        # (the report would say "labels from ratings" of labels that all came from the corpus)
        warnings.warn(f"{path}: uncertain_at_most had no effect: every rated sentence has a label of its own, which "
                      "is kept", stacklevel=2)
        uncertain_at_most = None
    if uncertain_at_most is not None:  # (on the ratings as read: "at most" towards the scale's uncertain end)
        higher = rating_scale is None or rating_scale[0] < rating_scale[1]
        sentences = [with_rating_label(s, uncertain_at_most, higher_is_certain=higher) for s in sentences]
    if rating_scale is not None:
        sentences = _on_scale(sentences, rating_scale, path)
    if not any(map(_annotated, sentences)):
        raise EvaluationError(
            f"{path}: {len(sentences)} sentences but nothing to evaluate them against: no label, rating or cue "
            f"(read as {fmt}); for a table, name the columns (label_column= / rating_column=, on the command "
            f"line --label-column / --rating-column)")
    matches = _training_file_matches(path, scorer, format)
    trained_on: list[str] = []
    for _, names in matches:
        trained_on += [f for f in names if f not in trained_on]
    # (only the sentences evaluated against something count: a file's unlabelled rows are scored, not judged)
    all_seen = seen = _trained_counts(_judged_texts(sentences), scorer)
    expert = getattr(scorer, "expert", "auto")
    who = "the model" if expert in (None, "auto") else f"the model's {expert!r} expert"
    where = ""
    if trained_on:
        warnings.warn(f"{path}: {who} was trained on {', '.join(trained_on)}, so its numbers on "
                      f"{'that file' if len(trained_on) == 1 else 'those files'} are in-sample, not an evaluation "
                      "(hedgekit.train.cross_validate gives fair ones)", stacklevel=2)
        # a folder's other files may hold training sentences too (a re-annotation of them)
        others = _judged_texts(_other_sentences(path, format, [q for q, _ in matches], options))
        seen, where = _trained_counts(others, scorer), " of its other files"
    many = bool(seen[0] and seen[0] >= TRAINED_SENTENCES_WARN * seen[1])  # (learned sentences among those judged)
    in_sample = bool(trained_on) or many
    checked = _keeps_sentence_keys(scorer)
    if not checked:
        warnings.warn(f"{path}: {who} keeps no record of the sentences it was trained on (a model file without "
                      "one), so whether these numbers are in-sample cannot be told", stacklevel=2)
    if many:
        warnings.warn(f"{path}: {seen[0]} of {'the' if where else 'its'} {seen[1]} sentences{where} with {MIN_PIECE} "
                      f"or more letters and "
                      f"digits ({seen[0] / seen[1]:.0%}) are sentences {who} was trained on (the same letters and "
                      "digits, in another file: a re-annotation of its training texts, or an edited copy), so its "
                      "numbers on them are in-sample, not an evaluation", stacklevel=2)
    with _settings_checked():  # (warned above, at the caller's line)
        report = evaluate(scorer, sentences, n_boot=n_boot, seed=seed, ci=ci, n_bins=n_bins, cue_match=cue_match,
                          progress=progress, resample=resample)
    out: dict[str, Any] = {"corpus": str(path), "format": fmt, "hedgekit_version": __version__, "n": report["n"],
                           "distinct": bool(distinct),
                           **({"n_rows": n_rows, "n_dropped": dropped, "n_conflicting": conflicting} if distinct else {}),
                           "trained_on": trained_on,
                           "trained_sentences": all_seen[0] if checked else None,
                           "in_sample": in_sample}
    if uncertain_at_most is not None:  # the binary labels of rated sentences were made from their ratings
        out["uncertain_at_most"] = float(uncertain_at_most)
    if rating_scale is not None:
        out["rating_scale"] = [float(rating_scale[0]), float(rating_scale[1])]
    for key in ("precision", "recall", "f1"):
        out[key] = report.get(key)
    out.update(report)
    return out


def training_files_in(path: str | os.PathLike[str], scorer: Any = None, format: str | None = None) -> list[str]:
    """The files at ``path`` (a file, or the files of a folder that :func:`hedgekit.load_corpus`
    reads with ``format``) that the scores of ``scorer`` (default: the shipped one) learned from, as
    its model's training record names them (``model.training["corpora"]``: a file is the same when
    its SHA-256 is, whatever its name, so a renamed copy counts; each such file is hashed, which
    reads it once more; one that cannot be read counts as not learned from). When the
    record says which corpora each expert learned (``"experts"``, and ``"gate"`` for ``auto``),
    only those of the scorer's expert count: the shipped default never saw the Pei & Jurgens
    findings that its named ``science`` expert learned. An adapted model (``base=``) also counts
    its base expert's files (``training["base"]["files"]``, and those of the bases before it where
    an adapted model was adapted again). ``[]`` when none is, or the model
    keeps no such record."""
    out: list[str] = []
    for _, names in _training_file_matches(path, scorer, format):
        out += [f for f in names if f not in out]
    return out


def _training_file_matches(path: str | os.PathLike[str], scorer: Any, format: str | None
                           ) -> list[tuple[Path, list[str]]]:
    """The files at ``path`` that :func:`training_files_in` finds learned from, each with the
    training record's names of it."""
    from .readers import _read_files
    from .scorer import default_scorer
    from .train import sha256_file

    scorer = scorer if scorer is not None else default_scorer()
    record, learned = _learned(scorer)
    def usable(entries: Any) -> list[Mapping[str, Any]]:  # the file records that name a file and its hash
        return [f for f in entries or [] if isinstance(f, Mapping) and "file" in f and "sha256" in f]

    files = usable(record.get("corpora"))
    if learned is not None:
        files = [f for f in files if f.get("corpus") in learned]
    for base in _bases(record):  # an adapted expert carries its base expert's weights, and so its corpora
        files += usable(base.get("files"))
    by_digest: dict[str, list[str]] = {}
    for f in files:
        by_digest.setdefault(str(f["sha256"]), []).append(str(f["file"]))
    out: list[tuple[Path, list[str]]] = []
    for q in _read_files(path, format) if by_digest else []:
        try:
            digest = sha256_file(q)
        except OSError:
            continue
        if digest in by_digest:
            out.append((q, by_digest[digest]))
    return out


def _other_sentences(path: str | os.PathLike[str], format: str | None, skip: Sequence[Path],
                     options: Mapping[str, Any]) -> list[AnnotatedSentence]:
    """The sentences of the files at ``path`` other than ``skip`` (read again, quietly)."""
    from .readers import _read_files, load_corpus

    out: list[AnnotatedSentence] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for q in _read_files(path, format):
            if q not in skip:
                out += load_corpus(q, format=format, **options)
    return out


def _judged_texts(sentences: Sequence[AnnotatedSentence]) -> list[str]:
    """The texts of the sentences :func:`hedgekit.evaluate.evaluate` judges against a label, a
    rating or cue annotations (:func:`hedgekit.evaluate.evaluated_indices`)."""
    from .evaluate import evaluated_indices

    judged = sorted(set().union(*evaluated_indices(sentences)))
    return [sentences[i].text for i in judged]


#: the share of a corpus's sentences that, learned by the model, makes benchmark_corpus warn
TRAINED_SENTENCES_WARN = 0.01


def _learned(scorer: Any) -> tuple[Mapping[str, Any], set[str] | None]:
    """``(training record, corpora)`` of ``scorer``'s model: the corpora its expert learned from
    (``auto``: the gate's experts'), or ``None`` when the record does not say."""
    record = getattr(getattr(scorer, "model", None), "training", None) or {}
    experts, expert = record.get("experts"), getattr(scorer, "expert", None)
    if isinstance(experts, Mapping) and expert is not None:
        used = record.get("gate") if expert == "auto" else [expert]
        if isinstance(used, list) and all(e in experts for e in used):
            return record, {c for e in used for c in experts[e]}
    return record, None


def trained_sentences(texts: Sequence[str], scorer: Any = None) -> int:
    """How many of ``texts`` are sentences that the scores of ``scorer`` (default: the shipped one)
    learned from, whatever file they came in: their letters and digits (at least
    :data:`hedgekit.train.MIN_PIECE` of them) are a training sentence's, by the 32-bit hashes the
    model's training record keeps (``training["sentence_keys"]``, of the corpora its expert learned,
    as :func:`training_files_in`, and of its base expert's corpora for an adapted one; a chance
    match is about one in 100,000). 0 when the model keeps no such record (a model trained before
    it); an entry of the record that is no such array is passed over.
    """
    return _trained_counts(texts, scorer)[0]


def _bases(record: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The ``base`` records of an adapted model's training record, the one it was adapted from first,
    then the one that was adapted from, and so on (a chain of adaptations; at most 100 deep)."""
    base = record.get("base")
    for _ in range(100):
        if not isinstance(base, Mapping):
            return
        yield base
        base = base.get("base")


def _trained_counts(texts: Sequence[str], scorer: Any) -> tuple[int, int]:
    """``(trained, hashable)``: :func:`trained_sentences` of ``texts``, and how many of them have
    enough letters and digits to tell (each text hashed once)."""
    from .scorer import default_scorer
    from .train import sentence_key_hash

    record, learned = _learned(scorer if scorer is not None else default_scorer())
    seen = _key_arrays(record.get("sentence_keys"), learned)
    for base in _bases(record):  # an adapted expert also learned what its base expert did
        seen += _key_arrays(base.get("sentence_keys"), None)
    mine = np.array([h for h in map(sentence_key_hash, texts) if h is not None], dtype=np.uint32)
    return (int(np.isin(mine, np.concatenate(seen)).sum()) if seen and len(mine) else 0), len(mine)


def _keeps_sentence_keys(scorer: Any) -> bool:
    """Whether ``scorer``'s model keeps the hashes of its training sentences (so that
    :func:`trained_sentences` can tell), or is no hedgekit model at all (a scorer of the user's own,
    which no record describes)."""
    from .scorer import default_scorer

    scorer = scorer if scorer is not None else default_scorer()
    if not hasattr(getattr(scorer, "model", None), "training"):
        return True
    return bool(_key_arrays(_learned(scorer)[0].get("sentence_keys"), None))


def _key_arrays(keys: Any, corpora: set[str] | None) -> list[np.ndarray]:
    """The sentence-hash arrays of a ``sentence_keys`` record, of ``corpora`` (``None``: all); an
    entry that is not such an array (an edited or foreign record) is passed over."""
    import base64
    import binascii

    from .train import SENTENCE_KEY_HASH

    if not (isinstance(keys, Mapping) and keys.get("hash") == SENTENCE_KEY_HASH
            and isinstance(keys.get("corpora"), Mapping)):
        return []
    out = []
    for c, v in keys["corpora"].items():
        if not isinstance(v, str) or (corpora is not None and c not in corpora):
            continue
        try:
            raw = base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            continue
        if len(raw) % 4 == 0:
            out.append(np.frombuffer(raw, dtype="<u4"))
    return out


def with_rating_label(s: AnnotatedSentence, at_most: float = PJ_UNCERTAIN_AT_MOST, *,
                      higher_is_certain: bool = True) -> AnnotatedSentence:
    """``s`` labelled from its rating (``<= at_most`` -> uncertain; ``>= at_most`` on a scale whose
    higher ratings are less certain) when it has a rating and no label."""
    if s.rating is None or s.label is not None:
        return s
    uncertain = s.rating <= at_most if higher_is_certain else s.rating >= at_most
    return dataclasses.replace(s, label="uncertain" if uncertain else "certain")


def _on_scale(sentences: list[AnnotatedSentence], scale: tuple[float, float], path: Any) -> list[AnnotatedSentence]:
    """The sentences with their ratings read on ``scale`` = ``(U, C)``: ``(rating - U) / (C - U)``.

    Raises:
        EvaluationError: a rating outside the scale (clipped, it would count as the scale's end).
    """
    from .train import scale_position

    out = []
    for i, s in enumerate(sentences):
        if s.rating is None:
            out.append(s)
            continue
        try:
            out.append(dataclasses.replace(s, rating=scale_position(s.rating, scale)))
        except ArgumentError as e:
            line = dict(s.meta).get("line")
            raise EvaluationError(f"{path}: sentence {i}{f' (line {line})' if line is not None else ''}: {e}") from None
    return out


# --------------------------------------------------------------------------------- shared corpora
def load_sentences(root: str | os.PathLike[str], name: str) -> list[AnnotatedSentence]:
    """The sentences of shared corpus ``name`` (a key of :data:`CORPORA`) as evaluated by the suite.

    Pei & Jurgens sentences get a binary label from their rating (<= 3.5 = uncertain) and keep the
    rating; the two UNSC files overlap (two annotators label mostly the same speeches), so each
    distinct sentence text (white space normalised) is kept once, first file in sorted order first:
    564 of 1,038 sentences (this also drops procedural lines repeated within a file, such as
    "There being no objection, it is so decided.").
    """
    from .readers import load_corpus

    rel, fmt, _ = CORPORA[name]
    sents = list(load_corpus(Path(root) / rel, format=fmt))
    if name == "pei-jurgens":
        sents = [with_rating_label(s) for s in sents]
    if name == "unsc":
        sents = distinct_sentences(sents)
    return sents


def _distinct_key(text: str) -> str:
    """What makes two sentences one for :func:`distinct_sentences`: their text, white space normalised."""
    return " ".join(text.split())


def distinct_sentences(sentences: Iterable[AnnotatedSentence]) -> list[AnnotatedSentence]:
    """Each distinct sentence text (white space normalised) once, in the order of first occurrence:
    the first occurrence that carries a label, rating or cues, or, when none does, the first
    (a copy without annotation never stands in for one with it: the Pei & Jurgens folder holds its
    rated findings after an unrated file of the same texts). A later copy's label or rating that
    the kept one lacks is added to it when the two do not disagree (neither has another label or
    rating than the other): one file's label and another's rating of the same sentence are both
    kept."""
    at: dict[str, int] = {}
    kept: list[AnnotatedSentence] = []
    for s in sentences:
        key = _distinct_key(s.text)
        i = at.get(key)
        if i is None:
            at[key] = len(kept)
            kept.append(s)
        elif not _annotated(kept[i]) and _annotated(s):
            kept[i] = s
        elif not _disagree(kept[i], s) and (kept[i].label is None and s.label is not None
                                            or kept[i].rating is None and s.rating is not None):
            k = kept[i]
            kept[i] = dataclasses.replace(k, label=s.label if k.label is None else k.label,
                                          rating=s.rating if k.rating is None else k.rating)
    return kept


def _disagree(a: AnnotatedSentence, b: AnnotatedSentence) -> bool:
    """Whether two copies of a sentence carry different labels, or different ratings."""
    return (a.label is not None and b.label is not None and a.label != b.label
            or a.rating is not None and b.rating is not None and a.rating != b.rating)


def _takes_encoding(fmt: str) -> bool:
    """Whether the reader of format ``fmt`` reads an ``encoding`` option (one registered with any
    keyword may: it counts as one that does; an unknown name, as ``"mixed"``, too)."""
    from .readers import READERS, _option_names

    reader = READERS.get(fmt)
    names = _option_names(reader) if reader is not None else None
    return names is None or "encoding" in names


def _dropped_copies(sentences: Sequence[AnnotatedSentence], kept: Sequence[AnnotatedSentence]) -> tuple[int, int]:
    """``(dropped, conflicting)``: how many of ``sentences`` :func:`distinct_sentences` left out for
    ``kept``, and how many of the distinct texts had a copy left out whose label or rating differs
    from the kept one's (a copy without one, or that only added one, does not differ)."""
    chosen = {_distinct_key(s.text): s for s in kept}
    differ = {key for s in sentences if _disagree(s, chosen[key := _distinct_key(s.text)])}
    return len(sentences) - len(kept), len(differ)


def _annotated(s: AnnotatedSentence) -> bool:
    return s.label is not None or s.rating is not None or bool(s.cues)


_TS_CACHE: dict[str, Any] = {}


def training_set(root: str | os.PathLike[str], names: Sequence[str]) -> Any:
    """A :class:`hedgekit.train.TrainingSet` of the named shared corpora, in the training order.

    The sentences and groups of :func:`hedgekit.train.load_training_set` (so a CoNLL sentence is
    grouped with the document of its Szeged twin or piece partner, a Pei & Jurgens finding with the
    Szeged article it was taken from, and documents that share a sentence are one group); Pei &
    Jurgens is labelled from its ratings (<= 3.5 = uncertain, as :func:`load_sentences`) and has no
    soft targets here.

    Raises:
        ValueError: a corpus is evaluation-only (:data:`EVALUATION_ONLY`) or unknown.
    """
    from .train import GRADED_CORPORA, load_training_set

    bad = [n for n in names if n in EVALUATION_ONLY]
    if bad:
        raise ArgumentError(f"{bad} may be used for evaluation only (licence); never train on them")
    known = {c[0] for c in GRADED_CORPORA}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ArgumentError(f"no training set for {unknown}")
    key = str(Path(root).resolve())
    if key not in _TS_CACHE:
        _TS_CACHE[key] = load_training_set(root, GRADED_CORPORA)
    return subset(_TS_CACHE[key], names)


def subset(ts: Any, corpora: Sequence[str]) -> Any:
    """The sentences of ``ts`` that belong to ``corpora``, in order."""
    from .train import TrainingSet

    idx = np.flatnonzero(np.isin(np.asarray(ts.corpus), list(corpora)))
    return TrainingSet([ts.texts[i] for i in idx], ts.y[idx], [ts.groups[i] for i in idx],
                       [ts.corpus[i] for i in idx], [f for f in ts.files if f["corpus"] in corpora])


# ------------------------------------------------------------------------------------------- metrics
def _pooled(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    """Threshold-free metrics of pooled out-of-fold probabilities: ROC AUC, AP, calibration error."""
    from .evaluate import calibration, sentence_metrics

    sm = sentence_metrics(y, np.clip(p, 0.0, 1.0), 0.5, n_boot=0)
    cal = calibration(y, np.clip(p, 0.0, 1.0))
    return {"roc_auc": _r(sm["roc_auc"]), "average_precision": _r(sm["average_precision"]), "ece": _r(cal["ece"])}


def _r(x: Any, nd: int = 6) -> Any:
    """``x`` to ``nd`` decimals for a results file. Six, not four: the tables print three, and a
    value kept to four that ends in 5 was rounded twice (FactBank's F1 CI bound 0.74549 -> 0.7455
    -> 0.746 in ``accuracy.md``, where ``hedgekit benchmark`` gave 0.745); with six that happens
    only to a value within 5e-7 of a half (0.7454996), about one in a thousand where it was one in
    ten."""
    return None if x is None else round(float(x), nd)


# ----------------------------------------------------------------------------------------- in-domain
def lexicon_cv(ts: Any, lexicon: Lexicon | None = None, *, k: int = 10) -> dict[str, Any]:
    """The lexicon-only system on the folds of :func:`hedgekit.train.make_folds` (nothing is fitted).

    Returns the shape of :func:`recipe_cv`'s report with one mode, ``"lexicon"``; ``"oof"`` holds
    ``{"lexicon": p_uncertain}`` (not JSON).
    """
    from .train import make_folds

    scorer = LexiconScorer(lexicon)
    p = scorer.p_uncertain(ts.texts)
    pred = (p >= scorer.threshold).astype(np.int64)
    folds = make_folds(ts, k)
    y = np.asarray(ts.y, dtype=np.int64)
    corpus = np.asarray(ts.corpus)
    report: dict[str, Any] = {"k": k, "corpora": {}}
    for name in sorted(set(ts.corpus)):
        sel = corpus == name
        rows = [prf(y[sel & (folds == f)], pred[sel & (folds == f)], undefined=np.nan)
                for f in range(k) if (sel & (folds == f)).any()]
        entry: dict[str, Any] = {"n": int(sel.sum()), "uncertain": int(y[sel].sum()), "lexicon": fold_summary(rows)}
        entry["lexicon"].update(_pooled(y[sel], p[sel]))
        report["corpora"][name] = entry
    report["oof"] = {"lexicon": p}
    return report


def shipped_hyperparameters() -> dict[str, Any]:
    """``C``, ``C_gate``, ``min_df``, ``unannotated`` (corpus -> the cue categories it does not
    annotate, :func:`hedgekit.train.unannotated_features`), ``feature_scale``, ``nb_scale`` and
    ``nb_groups`` (per shipped expert, :class:`hedgekit.train.Recipe`) of the shipped model's recipe,
    as recorded in the model file, so that "combined" stays the shipped recipe. Without a shipped
    model: the training defaults and the shipped recipe's constants (:func:`hedgekit.train.train_shipped`,
    ``unannotated`` :data:`hedgekit.train.UNANNOTATED_CATEGORIES`); a record without ``nb_scale``,
    ``feature_scale`` or ``unannotated`` (a model trained before them) means none
    (:class:`hedgekit.train.Recipe`'s defaults)."""
    from . import train
    from .model import load_model

    try:
        hp = dict(load_model().training.get("hyperparameters", {}))
        recorded = True
    except Exception:  # noqa: BLE001 - no shipped model: the training defaults
        hp, recorded = {}, False
    return {"C": hp.get("C", train.DEFAULT_C), "C_gate": hp.get("C_gate", train.DEFAULT_C_GATE),
            "min_df": hp.get("min_df", train.DEFAULT_MIN_DF),
            "unannotated": {c: list(v) for c, v in hp.get(
                "unannotated", {} if recorded else train.UNANNOTATED_CATEGORIES).items()},
            "feature_scale": {e: dict(f) for e, f in hp.get(
                "feature_scale", {} if recorded else train.SHIPPED_FEATURE_SCALE).items()},
            "nb_scale": dict(hp.get("nb_scale", {} if recorded else train.SHIPPED_NB_SCALE)),
            "nb_groups": list(hp.get("nb_groups", train.SHIPPED_NB_GROUPS))}


def shipped_options(experts: Mapping[str, Sequence[str]], hp: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The :class:`hedgekit.train.Recipe` keywords ``feature_scale``, ``nb_scale`` and ``nb_groups``
    of the shipped recipe as the model file records them (:func:`shipped_hyperparameters`, or ``hp``),
    for a recipe with ``experts`` (name -> corpora): :func:`hedgekit.train.shipped_options`."""
    from . import train

    hp = hp if hp is not None else shipped_hyperparameters()
    return train.shipped_options(experts, feature_scale=hp["feature_scale"], nb_scale=hp["nb_scale"],
                                 nb_groups=hp["nb_groups"])


def _single_C(C: Any, corpus: str) -> float:
    """A per-expert ``C`` reduced to the one of the shipped expert trained on ``corpus`` alone."""
    from . import train

    if not isinstance(C, Mapping):
        return float(C)
    expert = train.shipped_counterpart(corpus, (corpus,))
    return float(C[expert]) if expert in C else float(train.DEFAULT_C)


def shipped_recipe(ts: Any, lexicon: Lexicon, config: FeatureConfig, experts: Mapping[str, Sequence[str]],
            gate: Sequence[str], hp: Mapping[str, Any] | None = None, *, design: Any = None,
            **options: Any) -> Any:
    """The training recipe over ``ts`` with the shipped hyperparameters (or ``hp``, e.g. with its
    ``unannotated`` table replaced), sign rules and per-expert options (:func:`shipped_options`):
    the one place the benchmarks build a recipe from. ``design`` reuses features already computed with
    ``config``; ``options`` go to :class:`hedgekit.train.Recipe` and replace the shipped ones key by
    key (e.g. ``nb_scale={}`` for none; ``nb_scale`` alone keeps the shipped ``nb_groups``, so pass
    ``nb_groups=None`` for every group)."""
    from .train import Design, Recipe, featurize_all, sign_constraints

    hp = dict(hp) if hp is not None else shipped_hyperparameters()
    C = hp["C"]
    if isinstance(C, Mapping):
        C = {e: float(C.get(e, next(iter(C.values())))) for e in experts}
    design = design if design is not None else Design(featurize_all(ts.texts, lexicon, config))
    kw = {**shipped_options(experts, hp), **options}
    return Recipe(ts, design, experts, gate, C=C, C_gate=hp["C_gate"], min_df=hp["min_df"],
                  **sign_constraints(design.names, lexicon, experts, hp.get("unannotated", {})), **kw)


def recipe_cv(ts: Any, lexicon: Lexicon | None = None, config: FeatureConfig = FeatureConfig(), *,
              experts: Mapping[str, Sequence[str]] | None = None, gate: Sequence[str] | None = None,
              k: int = 10, inner_k: int = 3) -> dict[str, Any]:
    """:func:`hedgekit.train.cross_validate` of the training recipe with feature families ``config``.

    ``experts``/``gate`` default to the shipped ones. The report gains, per corpus and mode, the
    threshold-free metrics of the pooled out-of-fold probabilities (``roc_auc``,
    ``average_precision``, ``ece``); ``"oof"`` holds them per mode (not JSON).
    """
    from .train import SHIPPED_EXPERTS, SHIPPED_GATE, cross_validate

    lexicon = lexicon or load_lexicon()
    experts = dict(experts) if experts is not None else dict(SHIPPED_EXPERTS)
    gate = list(gate) if gate is not None else list(SHIPPED_GATE)
    recipe = shipped_recipe(ts, lexicon, config, experts, gate)
    report = cross_validate(recipe, k=k, inner_k=inner_k)
    oof = report["oof"]
    y = np.asarray(ts.y, dtype=np.int64)
    corpus = np.asarray(ts.corpus)
    for name, entry in report["corpora"].items():
        sel = corpus == name
        for mode, m in entry.items():
            if isinstance(m, dict):
                m.update(_pooled(y[sel], oof[mode][sel]))
    report["feature_config"] = config.to_dict()
    report["n_features"] = len(recipe.design.names)
    return report


# -------------------------------------------------------------------------------------- cross-domain
def single_corpus_model(ts: Any, name: str, lexicon: Lexicon | None = None,
                        config: FeatureConfig = FeatureConfig(), *, k: int = 5) -> tuple[Any, dict[str, Any]]:
    """A one-expert model trained on corpus ``name`` of ``ts`` (the training recipe, one corpus).

    A ``k``-fold grouped :func:`hedgekit.train.cross_validate` (no inner CV) gives pooled
    out-of-fold probabilities; the training rule's threshold over them (the median of the cuts whose
    F1 is within :data:`hedgekit.train.THRESHOLD_TOLERANCE` of the best) becomes the model's, and the
    same probabilities give the in-domain (diagonal) figures -- slightly optimistic, as the one
    threshold is tuned on them. The model is then fitted once on all of ``ts``.

    Returns:
        ``(model, diagonal)``; ``diagonal`` has precision / recall / F1 at that threshold, ROC AUC,
        average precision, ECE, ``threshold`` and ``k``.
    """
    from .model import AUTO
    from .train import THRESHOLD_TOLERANCE, best_threshold, cross_validate, threshold_rule_text

    lexicon = lexicon or load_lexicon()
    hp = shipped_hyperparameters()
    hp["C"] = _single_C(hp["C"], name)
    recipe = shipped_recipe(ts, lexicon, config, {name: (name,)}, [name], hp)
    report = cross_validate(recipe, k=k, inner_k=0)
    p = report["oof"][AUTO]
    y = np.asarray(ts.y, dtype=np.int64)
    t = best_threshold(y, p, THRESHOLD_TOLERANCE)
    diag = {key: round(v, 4) for key, v in prf(y, (p >= t).astype(np.int64)).items()}
    diag.update(_pooled(y, p))
    diag.update({"threshold": round(t, 4), "k": k, "n": len(ts), "uncertain": int(y.sum())})
    training = {"corpora": ts.files, "n_sentences": len(ts), "feature_config": config.to_dict(),
                "threshold_rule": threshold_rule_text(k, 1)}
    model = recipe.model(recipe.fit(np.arange(len(ts))), {AUTO: t, name: t}, config, lexicon.hash, training)
    return model, diag


_SUMMARY_KEYS = ("n", "n_labelled", "n_uncertain", "threshold", "precision", "recall", "f1", "accuracy", "roc_auc",
                 "average_precision", "f1_ci", "roc_auc_ci", "pearson", "spearman", "pearson_ci", "spearman_ci",
                 "resample", "n_documents")


def evaluate_system(scorer: Any, sentences: Sequence[AnnotatedSentence], *, n_boot: int = 1000,
                    seed: int = 0, resample: str | None = None) -> tuple[dict[str, Any], np.ndarray]:
    """:func:`hedgekit.evaluate.evaluate` of ``scorer``, reduced to the suite's summary.

    ``resample``: as :func:`hedgekit.evaluate.evaluate`; ``None`` (default): whole documents where
    the sentences have them (``doc_id``), sentences where none has one.

    Returns ``(summary, p_uncertain)``: the sentence metrics and their CIs (``resample``, and
    ``n_documents``, say what the bootstrap resampled), correlations with ratings, ``ece``, and cue
    F1 (``cue_f1_exact``, ``cue_f1_overlap``) when the corpus has cues.
    """
    from .evaluate import evaluate

    if resample is None:
        resample = "documents" if any(s.doc_id is not None for s in sentences) else "sentences"
    rec = _Recording(scorer)
    report = evaluate(rec, sentences, n_boot=n_boot, seed=seed, resample=resample)
    out: dict[str, Any] = {}
    for key in _SUMMARY_KEYS:
        if key in report:
            v = report[key]
            out[key] = [_r(x) for x in v] if isinstance(v, list) else (_r(v) if isinstance(v, float) else v)
    if "calibration" in report:
        out["ece"] = _r(report["calibration"]["ece"])
    for mode, cm in report.get("cues", {}).items():
        out[f"cue_f1_{mode}"] = _r(cm["f1"])
    return out, np.asarray(rec.p)


# ------------------------------------------------------------------------------------------ the suite
def _versions() -> dict[str, str]:
    """The versions of Python and of the libraries the numbers depend on."""
    import scipy
    import sklearn

    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
            "sklearn": sklearn.__version__}


def _blas() -> str | None:
    """numpy's BLAS and the kernels it runs ("openblas 0.3.31.188.0, Haswell"), or ``None`` when
    threadpoolctl (a scikit-learn dependency) cannot tell. Training results differ in the fourth
    decimal between OpenBLAS's kernels (``OPENBLAS_CORETYPE``): the CoNLL-2010 ``conll-wiki`` CV
    gives 0.6211 with SkylakeX's and 0.6209 with Haswell's (README, "Cross-validated accuracy")."""
    try:
        from threadpoolctl import threadpool_info

        libs = [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]
    except Exception:  # (a stamp must never fail the suite it ends)
        return None
    # numpy's own (a wheel keeps it in numpy.libs/ or numpy/.dylibs/ beside the package), else the
    # first one loaded (a conda or system BLAS, which numpy and scipy share)
    here = os.path.dirname(os.path.abspath(np.__file__))
    own = [lib for lib in libs if str(lib.get("filepath") or "").startswith((here + ".libs", here + os.sep))]
    for lib in own or libs:
        arch = lib.get("architecture")
        return f"{lib.get('internal_api')} {lib.get('version')}" + (f", {arch}" if arch else "")
    return None


def _stamp(command: str) -> dict[str, Any]:
    return {
        "command": command,
        "hedgekit_version": __version__,
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        **_versions(),
        "machine": {"platform": platform.platform(), "processor": platform.machine(), "cpu_count": os.cpu_count(),
                    "blas": _blas()},
    }


def stamp_header(title: str, res: Mapping[str, Any]) -> list[str]:
    """The opening lines of a suite's markdown: title, the command that wrote it, wall time, versions
    and machine (``res["stamp"]`` from :func:`_stamp`, ``res["wall_seconds"]``)."""
    st = res["stamp"]
    return [
        f"# {title}", "",
        "Generated by the command below; do not edit by hand.", "", "```", st["command"], "```", "",
        f"- wall time: {res['wall_seconds']:.0f} s ({res['wall_seconds'] / 60:.1f} min)",
        f"- hedgekit {st['hedgekit_version']}, {st['date']}",
        f"- Python {st['python']}, numpy {st['numpy']}, scipy {st['scipy']}, scikit-learn {st['sklearn']}",
        f"- machine: {st['machine']['platform']}, {st['machine']['cpu_count']} CPUs"
        + (f", BLAS {st['machine']['blas']}" if st["machine"].get("blas") else ""), "",
    ]


def _task_cv(root: str, system: str, k: int, inner_k: int) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    ts = training_set(root, list(IN_DOMAIN))
    if SYSTEMS[system] is None:
        rep = lexicon_cv(ts, k=k)
    else:
        rep = recipe_cv(ts, config=SYSTEMS[system], k=k, inner_k=inner_k)  # type: ignore[arg-type]
    oof = rep.pop("oof")
    return rep, oof


def _task_cross(root: str, train: str | None, system: str, cross_k: int, tests: Sequence[str],
                n_boot: int) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """One row of the cross-domain matrix (``train`` None: the lexicon, or the shipped model;
    ``system`` ``"shipped:<expert>"``: one named expert of the shipped model; ``"cues:<domain>"``:
    a shipped cue model as a sentence classifier)."""
    from .cues import CueDetector
    from .scorer import Scorer

    row: dict[str, Any] = {"train": train, "system": system, "test": {}}
    curves: dict[str, np.ndarray] = {}
    if system == "lexicon":
        scorer: Any = LexiconScorer()
    elif system.startswith("cues:"):
        scorer = CueDetector(system.partition(":")[2])
    elif system == "shipped" or system.startswith("shipped:"):
        scorer = Scorer(expert=system.partition(":")[2] or None)
    else:
        ts = training_set(root, [train])  # type: ignore[list-item]
        model, diag = single_corpus_model(ts, train, config=SYSTEMS[system], k=cross_k)  # type: ignore[arg-type]
        row["in_domain"] = diag
        row["threshold"] = diag["threshold"]
        scorer = Scorer(model=model)
    for test in tests:
        if test == train:
            continue
        summary, p = evaluate_system(scorer, load_sentences(root, test), n_boot=n_boot)
        row["test"][test] = summary
        curves[test] = p
    return row, curves


def run_suite(corpora_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, folds: int = 10,
              inner_folds: int = 3, cross_folds: int = 5, n_boot: int = 1000, jobs: int = 1,
              command: str = SUITE_COMMAND, progress: bool = False, plots: bool = True) -> dict[str, Any]:
    """Run the whole accuracy suite, write ``accuracy.json``, ``accuracy.md`` (and PNG plots) to ``out_dir``.

    Finished tasks are kept meanwhile in ``<temp dir>/hedgekit-benchmark-cache/<key>/`` (the temp
    dir: ``$TMPDIR`` or the system's; folders readable by their owner only, and read only if theirs),
    so that a run that fails half-way resumes; a run that finishes deletes them (:func:`_cache_dir`).

    Returns the results (the content of ``accuracy.json``).
    """
    root = str(corpora_dir)
    for name in set(IN_DOMAIN) | set(CROSS_TEST) | set(SHIPPED_OOD):
        p = Path(root) / CORPORA[name][0]
        if not p.exists():
            raise FileNotFoundError(f"corpus {name!r} not found at {p}")
    t0 = time.perf_counter()
    results: dict[str, Any] = {"meta": _stamp(command)}
    results["meta"]["hyperparameters"] = shipped_hyperparameters()
    results["meta"]["settings"] = {"folds": folds, "inner_folds": inner_folds, "cross_folds": cross_folds,
                                   "n_boot": n_boot, "jobs": jobs, "pei_jurgens_uncertain_at_most": PJ_UNCERTAIN_AT_MOST}
    tasks: list[tuple[str, Callable[..., Any], tuple[Any, ...], float]] = []
    for system in SYSTEMS:
        tasks.append((f"cv/{system}", _task_cv, (root, system, folds, inner_folds), folds if SYSTEMS[system] else 1))
    tasks.append(("cross/lexicon", _task_cross, (root, None, "lexicon", cross_folds, CROSS_TEST, n_boot), 1))
    for train in CROSS_TRAIN:
        for system in ("classifier", "combined"):
            tasks.append((f"cross/{system}/{train}", _task_cross,
                          (root, train, system, cross_folds, CROSS_TEST, n_boot), 2))
    tasks.append(("ood/shipped", _task_cross, (root, None, "shipped", cross_folds, SHIPPED_OOD, n_boot), 1))
    for expert in SHIPPED_OOD_EXPERTS:
        tasks.append((f"ood/shipped:{expert}", _task_cross,
                      (root, None, f"shipped:{expert}", cross_folds, SHIPPED_OOD, n_boot), 1))
    for domain in SHIPPED_OOD_CUES:
        tasks.append((f"ood/cues:{domain}", _task_cross,
                      (root, None, f"cues:{domain}", cross_folds, SHIPPED_OOD, n_boot), 0.2))
    tasks.append(("ood/lexicon", _task_cross, (root, None, "lexicon", cross_folds, ("unsc",), n_boot), 0.2))
    bar = ProgressBar("accuracy", sum(t[3] for t in tasks), enabled=progress)
    cache = _cache_dir(root, results["meta"]["settings"])
    out: dict[str, Any] = {}
    for key, _, _, w in tasks:
        hit = _cache_load(cache, key)
        if hit is not None:
            out[key] = hit
            bar.advance(w, f"{key} (cached)")
    # a resumed run says so: its wall time covers only the tasks it ran
    results["meta"]["tasks_from_an_interrupted_run"] = sorted(out)
    tasks = [t for t in tasks if t[0] not in out]
    try:
        if jobs > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futs = {pool.submit(fn, *args): (key, w) for key, fn, args, w in tasks}
                for fut in as_completed(futs):
                    key, w = futs[fut]
                    out[key] = fut.result()
                    _cache_save(cache, key, out[key])
                    bar.advance(w, key)
        else:
            handler = _FoldProgress(bar)
            tlog = logging.getLogger("hedgekit.train")
            old_level, old_prop = tlog.level, tlog.propagate
            tlog.addHandler(handler)
            tlog.setLevel(logging.INFO)
            tlog.propagate = False
            try:
                for key, fn, args, w in tasks:
                    start = bar.done
                    bar.update(bar.done, key)
                    handler.key = key
                    out[key] = fn(*args)
                    _cache_save(cache, key, out[key])
                    bar.update(start + w, key)
            finally:
                tlog.removeHandler(handler)
                tlog.setLevel(old_level)
                tlog.propagate = old_prop
    finally:
        bar.close()

    # ---- assemble
    in_domain: dict[str, Any] = {"settings": {}, "corpora": {}}
    oofs: dict[str, dict[str, np.ndarray]] = {}
    for system in SYSTEMS:
        rep, oof = out[f"cv/{system}"]
        oofs[system] = oof
        in_domain["settings"][system] = {k: v for k, v in rep.items() if k != "corpora"}
        for name, entry in rep["corpora"].items():
            dst = in_domain["corpora"].setdefault(name, {"n": entry["n"], "uncertain": entry["uncertain"]})
            dst[system] = {mode: m for mode, m in entry.items() if isinstance(m, dict)}
    results["in_domain"] = in_domain
    cross: dict[str, Any] = {"train": list(CROSS_TRAIN), "test": list(CROSS_TEST), "rows": []}
    curves: dict[str, dict[str, np.ndarray]] = {}
    row, _ = out["cross/lexicon"]
    cross["rows"].append(row)
    for train in CROSS_TRAIN:
        for system in ("classifier", "combined"):
            cross["rows"].append(out[f"cross/{system}/{train}"][0])
    results["cross_domain"] = cross
    ship, ship_curves = out["ood/shipped"]
    lex_row, lex_curves = out["cross/lexicon"]
    lex_unsc, lex_unsc_curves = out["ood/lexicon"]
    ood = {"corpora": list(SHIPPED_OOD), "shipped": ship["test"], "lexicon": {},
           "experts": {e: out[f"ood/shipped:{e}"][0]["test"] for e in SHIPPED_OOD_EXPERTS},
           "cues": {d: out[f"ood/cues:{d}"][0]["test"] for d in SHIPPED_OOD_CUES}}
    for name in SHIPPED_OOD:
        ood["lexicon"][name] = lex_row["test"].get(name) or lex_unsc["test"].get(name)
        curves[name] = {"lexicon": lex_curves.get(name, lex_unsc_curves.get(name)), "shipped": ship_curves[name],
                        **{f"shipped:{e}": out[f"ood/shipped:{e}"][1][name] for e in SHIPPED_OOD_EXPERTS},
                        f"cues:{OOD_CUE_READING}": out[f"ood/cues:{OOD_CUE_READING}"][1][name]}
    results["out_of_domain"] = ood
    results["meta"]["wall_time_s"] = round(time.perf_counter() - t0, 1)

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if plots:
        ts = training_set(root, list(IN_DOMAIN))
        y = np.asarray(ts.y)
        corpus = np.asarray(ts.corpus)
        from .model import AUTO

        labelled: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
        for name in IN_DOMAIN:
            sel = corpus == name
            labelled[name] = (y[sel], {"lexicon": oofs["lexicon"]["lexicon"][sel],
                                       "classifier": oofs["classifier"][AUTO][sel],
                                       "combined": oofs["combined"][AUTO][sel]})
        for name in SHIPPED_OOD:
            sents = load_sentences(root, name)
            keep = np.array([s.label is not None for s in sents])
            yy = np.array([s.label == "uncertain" for s in sents])[keep]
            labelled[name] = (yy, {k: v[keep] for k, v in curves[name].items()})
        results["plots"] = make_plots(labelled, out_dir)
    write_results(results, out_dir)
    import shutil

    shutil.rmtree(cache, ignore_errors=True)  # finished: nothing to resume
    return results


def _cache_dir(root: str, settings: Mapping[str, Any]) -> Path:
    """Where finished tasks of a run are kept, so that a run that fails half-way resumes; a run that
    finishes deletes them.

    The key covers the settings, every file of the package (code, this module's tasks, lexicon,
    model), the versions of Python, numpy, scipy and scikit-learn, and the corpora (each file's
    path, size and modification time): any change there starts afresh. The folder is in the temp
    directory.
    """
    import hashlib
    import tempfile

    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".tsv", ".gz"):
            h.update(f.relative_to(pkg).as_posix().encode() + b"\0" + f.read_bytes())
    corpora = Path(root).resolve()
    files = [(f.relative_to(corpora).as_posix(), f.stat().st_size, f.stat().st_mtime_ns)
             for f in sorted(corpora.rglob("*")) if f.is_file()]
    h.update(json.dumps([str(corpora), settings, _versions(), files], sort_keys=True).encode())
    return Path(tempfile.gettempdir()) / "hedgekit-benchmark-cache" / h.hexdigest()[:16]


def _cache_file(cache: Path, key: str, suffix: str) -> Path:
    """The file of a task key (``"ood/shipped:semantic"``) in the cache folder, a valid name on any OS."""
    return cache / (key.replace("/", "_").replace(":", "-") + suffix)


def _own_folder(path: Path) -> bool:
    """Whether ``path`` is a folder of this user's, that no other user may write in (a cache another
    user could have put there, or could change, is not read)."""
    try:
        st = path.stat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # (Windows: the temp dir is the user's own)
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _cache_load(cache: Path, key: str) -> Any:
    """A task's ``(report, {name: array})`` saved by :func:`_cache_save`, or None (JSON, never pickle;
    nothing from a folder that is not this user's own: :func:`_own_folder`)."""
    if not (_own_folder(cache) and _own_folder(cache.parent)):
        return None
    f = _cache_file(cache, key, ".json")
    try:
        report, arrays = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    return report, {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}


def _cache_save(cache: Path, key: str, value: tuple[Any, Mapping[str, np.ndarray]]) -> None:
    report, arrays = value
    try:
        cache.parent.mkdir(mode=0o700, exist_ok=True)
        cache.mkdir(mode=0o700, exist_ok=True)
        if not (_own_folder(cache) and _own_folder(cache.parent)):
            return  # (another user's folder: no cache rather than one they could change)
        tmp = _cache_file(cache, key, ".tmp")
        tmp.write_text(json.dumps([report, {k: np.asarray(v).tolist() for k, v in arrays.items()}]), encoding="utf-8")
        os.replace(tmp, _cache_file(cache, key, ".json"))
    except (OSError, TypeError, ValueError):
        pass


class _FoldProgress(logging.Handler):
    """Moves the progress bar on by one at each ``fold i/k`` message of :func:`hedgekit.train.cross_validate`."""

    def __init__(self, bar: ProgressBar) -> None:
        super().__init__(logging.INFO)
        self.bar = bar
        self.key = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("fold ") and self.key.startswith("cv/"):
            f, k = record.args[0], record.args[1]  # type: ignore[index]
            self.bar.advance(1.0, f"{self.key} fold {f}/{k}")


def write_results(results: Mapping[str, Any], out_dir: str | os.PathLike[str], stem: str = "accuracy",
                  render: Callable[[Mapping[str, Any]], str] | None = None) -> str:
    """Write ``<stem>.json`` and ``<stem>.md`` (each whole or not at all:
    :func:`hedgekit.fileio.write_atomic`; ``out_dir`` is created if missing) and return the markdown. ``render`` makes the markdown from the results
    (default: this suite's :func:`render_markdown`)."""
    from .fileio import write_atomic

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    md = (render or render_markdown)(results)
    for name, text in ((f"{stem}.json", json.dumps(results, indent=1, ensure_ascii=False) + "\n"),
                       (f"{stem}.md", md)):
        write_atomic(out_dir / name, text.encode("utf-8"), "write_results")  # (a failed write leaves no part)
    return md



def stamp_and_write(results: dict[str, Any], command: str, started: float, out_dir: str | os.PathLike[str],
                    stem: str, render: Callable[[Mapping[str, Any]], str]) -> str:
    """Finish a suite: record the command, versions and machine (``results["stamp"]``) and the wall
    time in seconds since ``started`` (a :func:`time.perf_counter` value; ``results["wall_seconds"]``),
    then :func:`write_results` and return the markdown."""
    results["stamp"] = _stamp(command)
    results["wall_seconds"] = round(time.perf_counter() - started, 1)
    return write_results(results, out_dir, stem, render)

# -------------------------------------------------------------------------------------------- plots

def _save_plot(fig: Any, ax: Any, legend: str, path: Path) -> str:
    """Legend, grid and layout of a benchmark plot; write it to ``path``, close it, return its file name."""
    import matplotlib.pyplot as plt

    ax.legend(loc=legend, fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path.name


def make_plots(labelled: Mapping[str, tuple[np.ndarray, Mapping[str, np.ndarray]]],
               out_dir: str | os.PathLike[str]) -> list[str]:
    """A precision-recall curve and a reliability diagram per corpus, as PNG files in ``out_dir``.

    Args:
        labelled: corpus -> ``(y, {system: p_uncertain})``.

    Returns:
        The file names written; ``[]`` (quietly) when matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    from sklearn.metrics import average_precision_score, precision_recall_curve

    from .evaluate import calibration

    written = []
    out_dir = Path(out_dir)
    for name, (y, systems) in labelled.items():
        y = np.asarray(y, dtype=bool)
        if not y.any() or y.all():
            continue
        title = CORPORA.get(name, (None, None, name))[2]
        fig, ax = plt.subplots(figsize=(5.5, 4.5), dpi=100)
        for system, p in systems.items():
            prec, rec, _ = precision_recall_curve(y, p)
            ap = average_precision_score(y, p)
            ax.step(rec, prec, where="post", label=f"{_system_label(system).replace('`', '')} (AP {ap:.2f})")
        ax.axhline(y.mean(), color="grey", lw=0.8, ls=":", label=f"base rate {y.mean():.2f}")
        ax.set(xlabel="recall (uncertain)", ylabel="precision (uncertain)", xlim=(0, 1), ylim=(0, 1.02),
               title=f"Precision-recall: {title}")
        written.append(_save_plot(fig, ax, "lower left", out_dir / f"pr-{name}.png"))

        fig, ax = plt.subplots(figsize=(5.5, 4.5), dpi=100)
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":", label="perfectly calibrated")
        for system, p in systems.items():
            cal = calibration(y, np.clip(p, 0, 1))
            pts = [(b["mean_predicted"], b["fraction_positive"]) for b in cal["bins"] if b["count"]]
            ax.plot([a for a, _ in pts], [b for _, b in pts], marker="o", ms=4,
                    label=f"{_system_label(system).replace('`', '')} (ECE {cal['ece']:.3f})")
        ax.set(xlabel="mean predicted P(uncertain)", ylabel="fraction uncertain", xlim=(0, 1), ylim=(0, 1),
               title=f"Reliability: {title}")
        written.append(_save_plot(fig, ax, "upper left", out_dir / f"reliability-{name}.png"))
    return written


# ----------------------------------------------------------------------------------------- rendering
def _f3(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def _pm(m: Mapping[str, Any], key: str = "f1") -> str:
    return f"{_f3(m.get(key))} ± {_f3(m.get(key + '_std'))}" if m.get(key + "_std") is not None else _f3(m.get(key))


def _name(c: str) -> str:
    return CORPORA.get(c, ("", "", c))[2]


def _in_domain_rows(results: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(corpus, system label, metrics) rows of the in-domain table."""
    from .train import SHIPPED_EXPERTS

    rows = []
    for c, entry in results["in_domain"]["corpora"].items():
        for system in SYSTEMS:
            modes = entry.get(system, {})
            for mode, m in modes.items():
                if mode in ("lexicon", "auto"):
                    label = SYSTEM_LABELS[system] + ("" if mode == "lexicon" else ", gate")
                elif len(SHIPPED_EXPERTS.get(mode, ())) == 1 or system == "combined":
                    label = f"{SYSTEM_LABELS[system]}, `{mode}` expert"
                else:
                    continue
                if system == "classifier" and mode != "auto":
                    continue
                rows.append((c, label, m))
    return rows


def readme_table(results: Mapping[str, Any]) -> str:
    """The README's accuracy tables (between :data:`README_START` and :data:`README_END`), from the results."""
    meta = results["meta"]
    ood = results["out_of_domain"]
    experts = ood.get("experts") or {}
    cue_reading = (ood.get("cues") or {}).get(OOD_CUE_READING)  # (results older than the cue rows have none)
    lines = [
        f"<!-- generated by `{SUITE_COMMAND}` from benchmarks/results/accuracy.json; do not edit by hand -->",
        "",
        "| corpus | system | precision | recall | F1 |",
        "|---|---|---|---|---|",
    ]
    last = None
    for c, label, m in _in_domain_rows(results):
        n = results["in_domain"]["corpora"][c]["n"]
        cell = f"{_name(c)} ({n:,} sentences)" if c != last else ""
        last = c
        lines.append(f"| {cell} | {label} | {_f3(m['precision'])} | {_f3(m['recall'])} | {_pm(m)} |")
    lines += [
        "",
        "The shipped model's default out of domain (never trained on these; Pei & Jurgens: only the named "
        "`science` expert learns from it, the default is the same with or without it; rating <= 3.5 = uncertain "
        "for F1, Spearman = rank correlation of certainty with the 1-6 rating; UNSC: the two annotators' "
        "overlapping files, each distinct sentence counted once (`hedgekit benchmark --corpus` on the folder "
        "scores every row of both files; add `--distinct` to count each once); the `semantic` expert, trained "
        "on Szeged Wikipedia alone, never saw them either"
        + (f", nor did the cue classifier `cues.score(sentences, domain=\"{OOD_CUE_READING}\")` (uncertain iff it "
           "finds a cue; trained on Szeged Wikipedia's cues)" if cue_reading is not None else "") + "):",
        "",
        "| corpus | sentences | F1 lexicon only | F1 shipped model | ROC AUC shipped | Spearman shipped |"
        + "".join(f" F1 `{e}` expert |" for e in experts)
        + (f" F1 cue classifier `{OOD_CUE_READING}` |" if cue_reading is not None else ""),
        "|---|---|---|---|---|---|" + "---|" * (len(experts) + (cue_reading is not None)),
    ]
    for c in ood["corpora"]:
        s, lx = ood["shipped"][c], ood["lexicon"][c] or {}
        lines.append(f"| {_name(c)} | {s['n']:,} | {_f3(lx.get('f1'))} | {_f3(s.get('f1'))} | "
                     f"{_f3(s.get('roc_auc'))} | {_f3(s.get('spearman'))} |"
                     + "".join(f" {_f3((experts[e].get(c) or {}).get('f1'))} |" for e in experts)
                     + (f" {_f3((cue_reading.get(c) or {}).get('f1'))} |" if cue_reading is not None else ""))
    lines += ["", f"hedgekit {meta['hedgekit_version']}, {meta['date']}; full results, the cross-domain matrix and "
              "plots: [`benchmarks/results/accuracy.md`](benchmarks/results/accuracy.md)."]
    return "\n".join(lines) + "\n"


def replace_readme_section(text: str, table: str) -> str:
    """``text`` with what lies between the README markers replaced by ``table``.

    Raises:
        ValueError: the markers are missing or out of order.
    """
    a, b = text.find(README_START), text.find(README_END)
    if a < 0 or b < a:
        raise ArgumentError(f"README markers {README_START} ... {README_END} not found (in that order)")
    return text[: a + len(README_START)] + "\n" + table + text[b:]


def readme_section(text: str) -> str:
    """What lies between the README markers (after the start marker's line break)."""
    a, b = text.find(README_START), text.find(README_END)
    if a < 0 or b < a:
        raise ArgumentError(f"README markers {README_START} ... {README_END} not found (in that order)")
    return text[a + len(README_START) + 1 : b]


def render_markdown(results: Mapping[str, Any]) -> str:
    """``accuracy.md``: the stamp, the in-domain table, the cross-domain matrix, the shipped model out of domain."""
    from .train import THRESHOLD_REPEATS, THRESHOLD_TOLERANCE

    meta = results["meta"]
    st = meta["settings"]
    mach = meta["machine"]
    out = [
        "# hedgekit accuracy benchmark",
        "",
        "Generated by the command below; do not edit by hand (the README's accuracy table is generated "
        "from `accuracy.json` by the same command).",
        "",
        "```",
        meta["command"],
        "```",
        "",
        f"- wall time: {meta.get('wall_time_s', 0):.0f} s ({meta.get('wall_time_s', 0) / 60:.1f} min)"
        + (f"; {len(meta['tasks_from_an_interrupted_run'])} task(s) taken from an interrupted run of the same "
           f"code, corpora and settings: {', '.join(meta['tasks_from_an_interrupted_run'])}"
           if meta.get("tasks_from_an_interrupted_run") else ""),
        f"- hedgekit {meta['hedgekit_version']}, {meta['date']}",
        f"- Python {meta['python']}, numpy {meta['numpy']}, scipy {meta['scipy']}, scikit-learn {meta['sklearn']}",
        f"- machine: {mach['platform']} ({mach['processor']}), {mach['cpu_count']} CPUs"
        + (f", BLAS {mach['blas']}" if mach.get("blas") else ""),
        f"- settings: in-domain {st['folds']}-fold CV (inner {st['inner_folds']}-fold for thresholds), "
        f"cross-domain thresholds from {st['cross_folds']}-fold CV, {st['n_boot']} bootstrap resamples, "
        f"{st['jobs']} worker process(es)",
        "",
        "Systems: **lexicon only** = uncertain iff the lexicon finds a hedge cue (not a booster), "
        "P(uncertain) = the strongest cue's prior weight; **classifier, no lexicon features** = the shipped "
        "training recipe with `FeatureConfig(cues=False, cue_context=False, priors=False)` (words and word "
        "pairs only); **combined** = the shipped recipe (lexicon cue, context and prior features + words). "
        "F1, precision and recall are of the *uncertain* class (CoNLL-2010 Task 1).",
        "",
        "## In-domain cross-validation",
        "",
        f"`hedgekit.train.cross_validate`: {st['folds']} folds grouped by document (a CoNLL Wikipedia sentence "
        "takes the document of its Szeged twin, or of the Szeged sentence it is a piece of or that is a piece of "
        "it; documents that share a sentence are one group), stratified by corpus and label; each fold's threshold "
        "from an inner "
        f"{st['inner_folds']}-fold CV of its training part. The lexicon is scored on the same folds. "
        "Precision / recall / F1: mean (± sd) over folds; ROC AUC, average precision (AP) and expected "
        "calibration error (ECE, 10 bins): pooled out-of-fold probabilities.",
        "",
        "| corpus | system | precision | recall | F1 | ROC AUC | AP | ECE |",
        "|---|---|---|---|---|---|---|---|",
    ]
    last = None
    for c, label, m in _in_domain_rows(results):
        e = results["in_domain"]["corpora"][c]
        cell = f"{_name(c)} ({e['n']:,} / {e['uncertain']:,} uncertain)" if c != last else ""
        last = c
        out.append(f"| {cell} | {label} | {_pm(m, 'precision')} | {_pm(m, 'recall')} | {_pm(m)} | "
                   f"{_f3(m.get('roc_auc'))} | {_f3(m.get('average_precision'))} | {_f3(m.get('ece'))} |")
    cross = results["cross_domain"]
    tests = cross["test"]
    out += [
        "",
        "## Cross-domain matrix",
        "",
        f"Rows: the system and the corpus it was trained on (one expert, the training recipe). Its threshold "
        "follows the training rule (the median of the cuts whose F1 is within "
        f"{THRESHOLD_TOLERANCE} of the best) over the out-of-fold probabilities of one {st['cross_folds']}-fold "
        f"grouped CV of the training corpus (the shipped model pools {THRESHOLD_REPEATS}); the model is then fitted once on all of it. Cells: F1 of the uncertain class on the "
        "test corpus with that threshold (ROC AUC in brackets); the diagonal (*italic*) is the training corpus's "
        "own out-of-fold F1 (slightly optimistic: the threshold is tuned on it). Pei & Jurgens: rating <= "
        f"{st['pei_jurgens_uncertain_at_most']} = uncertain for F1; ρ = Spearman correlation of certainty with "
        "the rating. FactBank and SFU are evaluation-only (licence) and never trained on.",
        "",
        "| system | trained on | " + " | ".join(_name(t) for t in tests) + " |",
        "|---|---|" + "---|" * len(tests),
    ]
    for row in cross["rows"]:
        cells = []
        for t in tests:
            if t == row["train"]:
                d = row["in_domain"]
                cells.append(f"*{_f3(d['f1'])}* ({_f3(d['roc_auc'])})")
                continue
            m = row["test"].get(t)
            if m is None:
                cells.append("–")
                continue
            cell = f"{_f3(m.get('f1'))} ({_f3(m.get('roc_auc'))})"
            if m.get("spearman") is not None:
                cell += f", ρ {_f3(m['spearman'])}"
            cells.append(cell)
        train = _name(row["train"]) if row["train"] else "(nothing trained)"
        out.append(f"| {SYSTEM_LABELS.get(row['system'], row['system'])} | {train} | " + " | ".join(cells) + " |")
    thr = [f"{SYSTEM_LABELS[r['system']]} / {_name(r['train'])}: {r['threshold']:.3f}" for r in cross["rows"]
           if r.get("threshold") is not None]
    if thr:
        out += ["", "Thresholds carried over from the training corpus: " + "; ".join(thr) + "."]
    ood = results["out_of_domain"]
    out += [
        "",
        "## The shipped model out of domain",
        "",
        "The shipped model (default gate over the `biomedical` and `general` experts, its own threshold) on "
        "corpora it was never trained on, against the lexicon alone. Pei & Jurgens trains only the shipped "
        "model's named `science` expert, never the default: the gate, its experts and the default threshold "
        "are the same with or without it (`hedgekit.train.Recipe.fit`), so the default's numbers here are out "
        "of domain. The named `semantic` expert (`Scorer(expert=\"semantic\")`, trained on Szeged Wikipedia "
        "alone, ungated) is scored on the same corpora, and so are the shipped cue models as sentence "
        "classifiers (`hedgekit.cues.score(sentences, domain=...)`: uncertain iff a cue is found; `general` "
        "learned Szeged Wikipedia's cues, `biomedical` the Szeged re-annotation of BioScope's, `bioscope` "
        "BioScope's own; their certainty is 1 - the largest cue probability). 95% bootstrap intervals in "
        "brackets, resampling whole documents where the corpus has them (FactBank's 208 articles, SFU's 400 "
        "reviews, UNSC's speeches: a document's sentences are alike, and sentence resampling would make the "
        "intervals too narrow), Pei & Jurgens' findings one by one (the corpus names no paper). UNSC: "
        "the two annotators' overlapping files, each distinct sentence text counted once. Cue F1: cue spans "
        "(overlap match) where the corpus marks cues.",
        "",
        "| corpus | system | n | precision | recall | F1 [95% CI] | ROC AUC | AP | ECE | cue F1 | Pearson | Spearman [95% CI] |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    expert_rows = [(f"shipped:{e}", rows) for e, rows in (ood.get("experts") or {}).items()]
    expert_rows += [(f"cues:{d}", rows) for d, rows in (ood.get("cues") or {}).items()]
    for c in ood["corpora"]:
        for system, m in (("lexicon", ood["lexicon"][c] or {}), ("shipped", ood["shipped"][c]),
                          *((name, rows.get(c) or {}) for name, rows in expert_rows)):
            ci = m.get("f1_ci")
            f1 = _f3(m.get("f1")) + (f" [{_f3(ci[0])}, {_f3(ci[1])}]" if ci else "")
            sci = m.get("spearman_ci")
            sp = _f3(m.get("spearman")) + (f" [{_f3(sci[0])}, {_f3(sci[1])}]" if sci else "")
            label = _system_label(system)
            out.append(f"| {_name(c) if system == 'lexicon' else ''} | {label} | {m.get('n', 0):,} | "
                       f"{_f3(m.get('precision'))} | {_f3(m.get('recall'))} | {f1} | {_f3(m.get('roc_auc'))} | "
                       f"{_f3(m.get('average_precision'))} | {_f3(m.get('ece'))} | {_f3(m.get('cue_f1_overlap'))} | "
                       f"{_f3(m.get('pearson'))} | {sp if m.get('spearman') is not None else '–'} |")
    plots = results.get("plots") or []
    if plots:
        out += ["", "## Plots", "",
                "Precision-recall curves and reliability diagrams (in-domain corpora: pooled out-of-fold "
                "probabilities of the three systems; the others: the shipped model, its named experts of the "
                "table above and the lexicon):", ""]
        for fn in plots:
            out.append(f"- [{fn}]({fn})")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------- entry point
def suite_main(argv: Sequence[str] | None = None, prog: str = SUITE_COMMAND,
               default_corpora: str | os.PathLike[str] | None = None) -> int:
    """Command line of the accuracy suite (``python -m benchmarks.accuracy``); ``--corpora`` defaults
    to ``default_corpora``, else :func:`default_corpora_dir`."""
    ap = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=None,
                    help="the shared corpora folder (default: $HEDGEKIT_SHARED/corpora or ../shared/corpora)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results"), help="results folder")
    ap.add_argument("--readme", type=Path, default=None,
                    help="README whose accuracy section (between the markers) is regenerated (default: README.md "
                         "when --out is the default benchmarks/results; with another --out, none unless named)")
    ap.add_argument("--no-readme", action="store_true", help="leave the README alone")
    ap.add_argument("--readme-only", action="store_true",
                    help="only regenerate the README section and accuracy.md from an existing accuracy.json")
    ap.add_argument("--folds", type=int, default=10, help="in-domain cross-validation folds (default 10)")
    ap.add_argument("--inner-folds", type=int, default=3, help="inner folds for thresholds (default 3)")
    ap.add_argument("--cross-folds", type=int, default=5,
                    help="folds of the CV that picks a cross-domain model's threshold (default 5)")
    ap.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for confidence intervals")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--no-plots", action="store_true", help="no PNG plots")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = ap.parse_args(argv)
    if min(args.folds, args.cross_folds) < 2 or args.inner_folds < 0 or args.n_boot < 0 or args.jobs < 1:
        ap.error("--folds and --cross-folds must be >= 2, --inner-folds and --n-boot >= 0, --jobs >= 1")
    if args.readme_only:
        try:
            results = json.loads((args.out / "accuracy.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            sys.stderr.write(f"{prog}: error: {args.out / 'accuracy.json'}: no such file; run the suite first\n")
            return 1
        write_results(results, args.out)
    else:
        corpora = args.corpora or (Path(default_corpora) if default_corpora is not None else default_corpora_dir())
        if corpora_missing(corpora, prog):
            return 1
        given = [a for a in (sys.argv[1:] if argv is None else list(argv))]
        command = " ".join([prog, *map(shlex.quote, given)])
        results = run_suite(corpora, args.out, folds=args.folds, inner_folds=args.inner_folds,
                            cross_folds=args.cross_folds, n_boot=args.n_boot, jobs=args.jobs, command=command,
                            progress=not args.quiet and _isatty(sys.stderr), plots=not args.no_plots)
        if not args.quiet:
            sys.stderr.write(f"wrote {args.out / 'accuracy.md'} and accuracy.json in {results['meta']['wall_time_s']:.0f} s\n")
    readme = args.readme if args.readme is not None else (
        Path("README.md") if args.out == Path("benchmarks/results") else None)  # (a run to /tmp rewrote the README)
    if not args.no_readme and readme is not None:
        try:
            text = readme.read_text(encoding="utf-8")
            readme.write_text(replace_readme_section(text, readme_table(results)), encoding="utf-8")
        except (OSError, ValueError) as e:
            sys.stderr.write(f"{prog}: error: {readme}: {e}\n")
            return 1
    print(render_markdown(results), end="")
    return 0

