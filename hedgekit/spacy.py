"""A spaCy pipeline component: ``nlp.add_pipe("hedgekit")`` scores every sentence of a Doc.

::

    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")          # or any component that sets sentence boundaries
    nlp.add_pipe("hedgekit")
    doc = nlp("The drug may reduce mortality. It was approved in 2019.")
    for sent in doc.sents:
        if sent._.certainty is not None:  # None: no word ("\n": spaCy makes it a sentence) or a bullet alone
            print(f"{sent._.certainty:.2f}", sent.text, [c.text for c in sent._.hedge_cues])
    doc._.certainty                      # the mean of the sentences' certainties
    doc._.hedge_scores                   # a SentenceScore per scored sentence, offsets into doc.text

After ``pip install hedgekit[spacy]`` the factory ``"hedgekit"`` is found through the
``spacy_factories`` entry point, so ``add_pipe("hedgekit")`` works without importing this module
first (importing it does no harm).

Extensions (registered when this module is imported, which the factory does, or by
:func:`register_extensions`; a doc read back in another process needs ``import hedgekit.spacy``
first):

- ``span._.certainty`` (float in [0, 1], 1 = certain) and ``span._.hedge_label``
  (``"certain"``/``"uncertain"``) of a sentence of ``doc.sents``;
- ``span._.hedge_cues``: a tuple of :class:`~hedgekit.Cue` whose ``start``/``end`` are character
  offsets into the *sentence's* text (``sent.text[c.start:c.end] == c.text``); the cue's span in
  the doc is ``doc.char_span(sent.start_char + c.start, sent.start_char + c.end,
  alignment_mode="expand")`` (spaCy's tokens need not end where a cue does: "20%-ish");
- all three are ``None`` for a span that is not one of the scored sentences, and for a "sentence"
  of white space only (spaCy makes one of a trailing newline) or, with ``end_mark`` (the default),
  of a list item's marker alone ("-", "•", "2."), which is not scored;
- ``doc._.hedge_scores``: a tuple of :class:`~hedgekit.SentenceScore`, one per scored sentence, whose
  ``start``/``end`` are character offsets into ``doc.text``; ``None`` before the component ran;
- ``doc._.certainty``: the **mean** of the sentences' certainties (``aggregate="min"`` in the
  component's config gives the least certain sentence's instead); ``None`` for a doc without
  sentences or before the component ran.

The results live in ``doc.user_data`` as plain numbers, strings, lists and dicts, so docs keep them
through ``Doc.to_bytes``/``DocBin(store_user_data=True)`` and pickling. A doc holds one set of
results: running the component again (or a second hedgekit component) replaces them, sentences
and aggregate included. ``Span.as_doc(copy_user_data=True)`` and ``Doc.from_docs`` do not carry
them over (the first copies the old doc's offsets, so every getter gives ``None`` on the new doc;
the second drops them): run the component on the new doc. ``doc.to_json(underscore=["certainty"])``
exports the numbers; ``hedge_scores`` and ``hedge_cues`` hold objects, which spaCy's JSON refuses
(error E107): export ``[s.to_dict() for s in doc._.hedge_scores]`` instead.

Config (``nlp.add_pipe("hedgekit", config={...})``): ``model`` and ``lexicon`` (paths to a model
file and lexicon TSV; ``None`` = the shipped ones; the paths must exist wherever the pipeline is
loaded), ``threshold`` (``None`` = the model's own), ``expert`` and ``end_mark`` (see
:class:`~hedgekit.Scorer`; ``true``, the default, scores a sentence without a final mark as if it
ended in ``.``, ``false`` as written; ``null``, the default of pipelines saved before it was
``true``, keeps their scores: the model's own training setting, off for the shipped model),
``aggregate`` (``"mean"`` or ``"min"``).
"""

import sys
import warnings
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

try:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import minibatch
except ImportError as e:  # pragma: no cover - exercised only without spaCy
    raise ImportError("hedgekit.spacy needs spaCy, which is not installed: pip install 'hedgekit[spacy]' "
                      "(or pip install spacy)") from e

from .errors import ArgumentError, is_number
from .scorer import Scorer, scorer_or_default
from .text import _says_nothing, visible_span
from .types import Cue, SentenceScore, _cue, _sentence_score

__all__ = ["HedgeComponent", "make_hedgekit", "register_extensions", "AGGREGATES"]

#: How ``doc._.certainty`` summarises the sentences' certainties.
AGGREGATES: Tuple[str, ...] = ("mean", "min")
_KEY = "hedgekit"  # doc.user_data keys: (_KEY, "sents") -> [[start_char, end_char], ...]; (_KEY, start, end) -> dict


def _own(doc: Doc, d: Optional[Dict[str, Any]]) -> bool:
    """Whether record ``d`` was made from this doc's text (``Span.as_doc(copy_user_data=True)``
    copies another doc's records): the doc's length as scored (docs saved before it was recorded
    have none) and the sentence's text at its offsets."""
    return (d is not None and doc.user_data.get((_KEY, "chars"), len(doc.text)) == len(doc.text)
            and doc.text[d["start"]:d["end"]] == d["text"])


def _sentence_record(doc: Doc, span: Any) -> Optional[Dict[str, Any]]:
    d = doc.user_data.get((_KEY, span.start_char, span.end_char))
    return d if _own(doc, d) else None


def _records(doc: Doc) -> Optional[List[Dict[str, Any]]]:
    """The doc's sentence records in order, or None (not scored, or another doc's records)."""
    sents = doc.user_data.get((_KEY, "sents"))
    if sents is None:
        return None
    out = [doc.user_data.get((_KEY, a, b)) for a, b in sents]
    return out if all(_own(doc, d) for d in out) else None  # type: ignore[misc]


def _score_from_record(d: Dict[str, Any]) -> SentenceScore:
    cues = tuple(_cue(c["text"], c["start"], c["end"], c["category"], c["weight"], c["contribution"], c["pattern"])
                 for c in d["cues"])  # (records this component wrote: the fast constructors)
    return _sentence_score(d["text"], d["certainty"], d["label"], cues, d["start"], d["end"], d["p_uncertain"],
                           d["threshold"])


def _span_certainty(span: Span) -> Optional[float]:
    d = _sentence_record(span.doc, span)
    return None if d is None else d["certainty"]


def _span_label(span: Span) -> Optional[str]:
    d = _sentence_record(span.doc, span)
    return None if d is None else d["label"]


def _span_cues(span: Span) -> Optional[Tuple[Cue, ...]]:
    d = _sentence_record(span.doc, span)
    if d is None:
        return None
    # the record's offsets are into the sentence as scored (its edges' white space left out): into
    # the span's text, they move by what the span has before it
    shift = d["start"] - span.start_char
    return tuple(_cue(c["text"], c["start"] + shift, c["end"] + shift, c["category"], c["weight"], c["contribution"],
                      c["pattern"]) for c in d["cues"])


def _doc_scores(doc: Doc) -> Optional[Tuple[SentenceScore, ...]]:
    records = _records(doc)
    return None if records is None else tuple(_score_from_record(d) for d in records)


def _doc_certainty(doc: Doc) -> Optional[float]:
    records = _records(doc)
    if not records:
        return None
    values = [d["certainty"] for d in records]
    if doc.user_data.get((_KEY, "aggregate"), "mean") == "min":
        return min(values)
    return sum(values) / len(values)


_EXTENSIONS: Tuple[Tuple[Any, str, Callable[..., Any]], ...] = (
    (Span, "certainty", _span_certainty),
    (Span, "hedge_label", _span_label),
    (Span, "hedge_cues", _span_cues),
    (Doc, "hedge_scores", _doc_scores),
    (Doc, "certainty", _doc_certainty),
)


def _ours(getter: Any, mine: Callable[..., Any]) -> bool:
    """Whether ``getter`` is hedgekit's (also from an earlier import of this module: a reload)."""
    return getattr(getter, "__module__", None) == mine.__module__ and \
        getattr(getter, "__qualname__", None) == mine.__qualname__


def register_extensions() -> None:
    """Register the ``doc._`` / ``span._`` extensions (importing this module does, when it can).

    Needed to read hedgekit's results from a doc made elsewhere (a ``DocBin`` from another process)
    without building a component; safe to call again.

    Raises:
        ArgumentError: (a ``ValueError``) another package registered an extension of one of these
            names; none is registered then.
    """
    for cls, name, getter in _EXTENSIONS:
        if cls.has_extension(name) and not _ours(cls.get_extension(name)[2], getter):
            raise ArgumentError(
                f"{cls.__name__}._.{name} is already registered by another component; hedgekit sets "
                f"{cls.__name__}._.{name}. Remove the other extension ({cls.__name__}.remove_extension({name!r})) "
                f"before adding the 'hedgekit' pipe"
            )
    for cls, name, getter in _EXTENSIONS:
        cls.set_extension(name, getter=getter, force=True)


def _outside_stacklevel() -> int:
    """The ``stacklevel`` for a warning raised by this function's caller that points at the first
    frame outside hedgekit, spaCy and the config packages it calls through (the user's ``add_pipe``
    line, however deep spaCy's call of the factory is)."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] in _PIPELINE_PACKAGES:
        frame, level = frame.f_back, level + 1
    return level


#: the packages between a user's ``nlp.add_pipe`` and the component's ``__init__``
_PIPELINE_PACKAGES = frozenset({"hedgekit", "spacy", "thinc", "confection", "catalogue", "pydantic"})


class HedgeComponent:
    """Scores each sentence of a Doc (see the module documentation for what it sets).

    Args:
        nlp: the pipeline (unused; spaCy passes it).
        name: the component's name in the pipeline.
        scorer: the :class:`~hedgekit.Scorer` to use; ``None`` = hedgekit's default one.
        aggregate: ``"mean"`` (default) or ``"min"``: how ``doc._.certainty`` summarises sentences.

    Raises:
        ValueError: ``aggregate`` is unknown, or another package registered an extension of the
            same name.
        InputTypeError: ``scorer`` is not a :class:`~hedgekit.Scorer` (a model path goes to the
            factory's ``model`` setting, or ``hedgekit.Scorer(model=path)``).
    """

    def __init__(self, nlp: Any = None, name: str = "hedgekit", *, scorer: Optional[Scorer] = None,
                 aggregate: str = "mean") -> None:
        if aggregate not in AGGREGATES:
            raise ArgumentError(f"hedgekit component: aggregate must be one of {list(AGGREGATES)}, got {aggregate!r}")
        register_extensions()
        # (components: disabled ones too, which a select_pipes block may enable again; where the new one
        # goes, add_pipe's before/after/first, is not known yet)
        other = next((n for n, p in getattr(nlp, "components", ()) if isinstance(p, HedgeComponent)), None)
        if other is not None:
            warnings.warn(f"the pipeline already has a hedgekit component ({other!r}, enabled or not); both set the "
                          f"same doc._ and span._ results, so whichever of {other!r} and {name!r} runs later replaces "
                          "the other's: score with a second model in another pipeline (or with hedgekit.Scorer "
                          "directly)", UserWarning, stacklevel=_outside_stacklevel())
        self.name = name
        self.scorer = scorer_or_default("hedgekit component", scorer)
        self.aggregate = aggregate

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Score docs in batches of ``batch_size`` (an int >= 1; one scorer call per batch: faster
        than one per doc).

        Raises:
            ArgumentError: ``batch_size`` is not an int >= 1 (0 made no batch at all: no doc came back).
        """
        if not is_number(batch_size, integer=True) or batch_size < 1:
            raise ArgumentError(f"hedgekit component: batch_size must be an int >= 1 (docs per batch), got "
                                f"{batch_size!r}")
        for batch in minibatch(stream, size=int(batch_size)):
            docs = list(batch)
            self._annotate(docs)
            yield from docs

    def _annotate(self, docs: List[Doc]) -> None:
        sents: List[Tuple[Doc, Any, int, int]] = []
        # the same Doc twice in one batch (nlp.pipe([doc, doc])) is annotated once: its results are its own
        docs = list({id(doc): doc for doc in docs}.values())
        for doc in docs:
            if len(doc) and not doc.has_annotation("SENT_START"):
                raise ArgumentError(
                    "the 'hedgekit' component scores sentences, but the doc has no sentence boundaries; "
                    "add a component that sets them before it, e.g. nlp.add_pipe('sentencizer', "
                    "before='hedgekit') (or use a pipeline with a parser or 'senter')"
                )
            # spaCy makes a sentence of a trailing newline or a run of blank lines, and keeps white-space
            # tokens at a sentence's start: as score_text, hedgekit scores and places a sentence without
            # the white space and invisible characters at its edges (a byte-order mark, a zero-width
            # space), and a span of only those is no sentence: no score, not in doc._.certainty
            for s in doc.sents:
                a, b = visible_span(doc.text, s.start_char, s.end_char)
                if a < b and not _says_nothing(doc.text[a:b], self.scorer.end_mark):  # (nor a bullet alone)
                    sents.append((doc, s, a, b))
        scores = self.scorer.score([doc.text[a:b] for doc, _, a, b in sents])
        for doc in docs:
            for a, b in doc.user_data.get((_KEY, "sents")) or ():  # an earlier run's sentences
                doc.user_data.pop((_KEY, a, b), None)
            doc.user_data[(_KEY, "sents")] = []
            doc.user_data[(_KEY, "aggregate")] = self.aggregate
            doc.user_data[(_KEY, "chars")] = len(doc.text)
        for (doc, sent, start, _), sc in zip(sents, scores):
            a, b = sent.start_char, sent.end_char
            # (the scorer's own result, moved: built past the hand-built records' check)
            sc = _sentence_score(sc.text, sc.certainty, sc.label, sc.cues, start, start + len(sc.text), sc.p_uncertain,
                                 sc.threshold)
            doc.user_data[(_KEY, "sents")].append([a, b])
            doc.user_data[(_KEY, a, b)] = sc.to_dict()


@Language.factory(
    "hedgekit",
    default_config={"model": None, "lexicon": None, "threshold": None, "expert": None, "end_mark": True,
                    "aggregate": "mean"},
    requires=["token.is_sent_start"],
    assigns=["doc._.certainty", "doc._.hedge_scores", "span._.certainty", "span._.hedge_label",
             "span._.hedge_cues"],
)
def make_hedgekit(nlp: Language, name: str, model: Optional[str], lexicon: Optional[str],
                  threshold: Optional[float], expert: Optional[str], aggregate: str,
                  end_mark: Optional[bool] = True) -> HedgeComponent:
    """The ``"hedgekit"`` factory (also the ``spacy_factories`` entry point)."""
    if end_mark is None:  # a pipeline saved when null was the default: it scored with the model's own setting
        from .model import load_model

        end_mark = load_model(model).feature_config.end_mark
    if model is None and lexicon is None and threshold is None and expert is None and end_mark is True:
        scorer = None  # the process-wide default scorer, loaded once
    else:
        scorer = Scorer(lexicon=lexicon, model=model, threshold=threshold, expert=expert, end_mark=end_mark)
    return HedgeComponent(nlp, name, scorer=scorer, aggregate=aggregate)


try:  # so that a doc read back elsewhere shows its results; a clash is reported when a component is made
    register_extensions()
except ArgumentError:
    pass
