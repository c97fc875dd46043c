"""Turn a tokenized sentence and its lexicon matches into named features.

Features are strings (binary, present or not) plus a few named real values. The classifier
(:mod:`hedgekit.model`) holds one weight per name, so a prediction is a sum of looked-up weights,
and each cue's *contribution* is the sum of the weights of the features that cue fired.

Families (each can be switched off in :class:`FeatureConfig`):

- ``w:<token>`` and ``b:<token> <token>``: the sentence's lower-cased words and word pairs
  (``<s>``/``</s>`` mark the ends, numbers become ``<num>``) -- the learned, lexicon-free part;
  with ``end_mark`` (off in the shipped recipe), a sentence that does not end in ``.``, ``!``, ``?``
  or ``…`` (a headline, a spreadsheet cell, a bullet point) is featurized as if it ended in ``.``;
- ``c:<pattern>``: a lexicon cue; ``k:<category>``: its category; ``cp:<pattern>|<previous word>``
  and ``cn:<pattern>|<next word>``: its immediate context; ``cs:<pattern>``: it starts the sentence.
  These let the classifier learn *in context* which candidates are real hedges ("may" before a
  verb vs. "May 2019", "could not" vs. "could be");
- real values ``lex:max`` (the strongest hedge-cue prior weight in the sentence, 0-1) and
  ``lex:boost`` (the strongest booster weight, 0-1), so that cues the training data never showed
  still count by their lexicon prior.

A booster's words are not word features (``booster_frames``): "There is no doubt that the drug
works." has the word features of "The drug works." plus the booster's own cue features, whose
weights training keeps at or below zero, so a booster can only raise certainty -- its frame ("there
is", "that", "it is") cannot pass for the hedged constructions it shares words with ("there is
evidence that", "it is possible that").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from .errors import ArgumentError, InputTypeError
from .lexicon import Lexicon, Match
from .text import _CLOSERS as _TEXT_CLOSERS
from .text import list_marker

__all__ = ["FeatureConfig", "featurize", "lexicon_matches", "word_features", "word_tokens", "booster_drops",
           "cue_features", "word", "open_ended", "unmarked", "NUMERIC_FEATURES", "BOOSTER_TRAIL", "FINAL_MARKS", "CLOSERS"]

NUMERIC_FEATURES: tuple[str, ...] = ("lex:max", "lex:boost")


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which feature families to extract. Stored in every model file so inference matches training.

    Attributes:
        words: ``w:`` unigram features.
        bigrams: ``b:`` word-pair features.
        cues: ``c:``, ``k:`` cue identity and category features.
        cue_context: ``cp:``, ``cn:``, ``cs:`` cue-in-context features.
        priors: the real-valued ``lex:max`` / ``lex:boost`` lexicon-prior features.
        booster_frames: with ``cues``, the tokens of a booster match, and a ``that`` or ``,`` right
            after it, are left out of the ``w:``/``b:`` features (:func:`word_tokens`); the
            booster's cue features stand for them. Model files written before this setting existed
            lack it and read as ``False``.
        end_mark: a sentence whose last token (after closing quotes and brackets, and citation
            markers after a final mark such as "rain.[3]") is not one of :data:`FINAL_MARKS`
            (:func:`open_ended`) gets a ``.`` token appended: the features ``w:.``, ``b:<last
            token> .`` (after a closing quote or a ``:``, that token) and ``b:. </s>``, and ``.``
            as the next word of a cue at its end. Almost every training sentence ends in a mark,
            so without it a sentence lacking one lacks those features' weights ("It may rain"
            scores P(uncertain) 0.39 with the shipped model, "It may rain." 0.71). Off by default
            and in the shipped recipe: trained with it, the shipped recipe lost up to 0.008 F1 in
            domain and 0.009 on the corpora never trained on against the same recipe trained
            without it and scored with it, i.e. with a full stop added to open-ended text, which
            is what :class:`hedgekit.Scorer` does by default (``end_mark=True``, with
            :func:`scoring_config`; ``python -m benchmarks.end_mark``). Model files written
            before this setting existed lack it and read as ``False``.
        item_marks: a list item's marker at the sentence's start ("- ", "• ", "2. ", "10) ":
            :func:`hedgekit.text.list_marker`) is left out of the tokens (:func:`unmarked`), so
            "- Turnout could fall." reads as "Turnout could fall." does. A marker is layout, but
            its token took weights from the few training sentences that start with one (the
            ``general`` expert's ``b:<s> -`` is -0.71: with it, "- Turnout could fall sharply this
            year." scored P(uncertain) 0.25, certain, against 0.35 without). Set at scoring time
            with ``end_mark`` (:func:`scoring_config`); training reads sentences as written.
            Model files written before this setting existed lack it and read as ``False``.
    """

    words: bool = True
    bigrams: bool = True
    cues: bool = True
    cue_context: bool = True
    priors: bool = True
    booster_frames: bool = True
    end_mark: bool = False
    item_marks: bool = False

    def __post_init__(self) -> None:
        """Check that every setting is a bool.

        Raises:
            ArgumentError: a setting is not ``True`` or ``False`` (``"false"`` and ``"no"`` are
                true, and a model saved with such a setting could not be loaded again).
        """
        for name in self.__dataclass_fields__:
            v = getattr(self, name)
            if not isinstance(v, bool):
                raise ArgumentError(f"FeatureConfig: {name} must be True or False, got {v!r:.40}")

    def to_dict(self) -> dict[str, bool]:
        """The settings as a dict; ``booster_frames``, ``end_mark`` and ``item_marks`` only when
        ``True``, so that the files written before they existed (and their checksums) read back
        unchanged."""
        d = asdict(self)
        for late in _LATE_SETTINGS:
            if not d[late]:
                del d[late]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FeatureConfig:
        """Build from a dict (a missing ``booster_frames``, ``end_mark`` or ``item_marks`` is
        ``False``); unknown keys, and a value that is not a bool (``"false"`` is true), raise
        ``ValueError`` naming them, and a ``d`` that is not a mapping an ``InputTypeError``."""
        if not isinstance(d, Mapping):  # (a str was read as its letters: "unknown feature families ['d', 'o', ...]")
            raise InputTypeError(f"FeatureConfig.from_dict expects a mapping of setting name to True/False (what "
                                 f"to_dict gives), got {type(d).__name__}")
        unknown = set(d) - set(cls.__dataclass_fields__)
        if unknown:
            raise ArgumentError(f"unknown feature families {sorted(unknown)}; known: {sorted(cls.__dataclass_fields__)}")
        for k, v in d.items():
            if not isinstance(v, bool):
                raise ArgumentError(f"feature family {k!r} must be true or false, got {v!r}")
        return cls(**{**dict.fromkeys(_LATE_SETTINGS, False), **d})


def scoring_config(config: FeatureConfig, end_mark: bool = True) -> FeatureConfig:
    """How :class:`hedgekit.Scorer` featurizes sentences for a model trained with ``config``: the
    same families, with ``end_mark`` and ``item_marks`` as the scorer's ``end_mark`` (default
    ``True``: an open-ended sentence as if it ended in ``.``, and a list item's marker at its start
    left out, whatever the model was trained with; ``False``: as written)."""
    if config.end_mark == end_mark and config.item_marks == end_mark:
        return config
    return replace(config, end_mark=end_mark, item_marks=end_mark)


def unmarked(text: str) -> str:
    """``text`` with the list item's marker it starts with (:func:`hedgekit.text.list_marker`) turned
    into spaces, so that its tokens leave the marker out and every other character keeps its
    offset (:attr:`FeatureConfig.item_marks`); ``text`` itself if it starts with none."""
    span = list_marker(text)
    return text if span is None else text[: span[0]] + " " * (span[1] - span[0]) + text[span[1]:]


#: settings added after model files were first written: a file without one was made without it
_LATE_SETTINGS = ("booster_frames", "end_mark", "item_marks")
#: the tokens that end a sentence (:attr:`FeatureConfig.end_mark`)
FINAL_MARKS = frozenset({".", "!", "?", "…"})
#: what may follow the final mark: closing quotes and brackets (as the splitter has them)
CLOSERS = frozenset(_TEXT_CLOSERS)


#: the brackets of a citation marker after a final mark ("It may rain.[3]", "... rain. (Smith 2003)")
_CITATION_BRACKETS = {"]": "[", ")": "("}
#: the footnote superscripts that may follow a final mark ("It may rain.¹²")
_SUPERSCRIPTS = frozenset("¹²³⁰⁴⁵⁶⁷⁸⁹")
#: a citation marker's at most this many tokens between its brackets
_MAX_CITATION = 12


def open_ended(tokens: Sequence[str], marks: frozenset[str] = FINAL_MARKS) -> bool:
    """Whether a sentence of normalized ``tokens`` lacks a final mark (one of ``marks``, by default
    :data:`FINAL_MARKS`, before any closing quotes and brackets, footnote superscripts, and
    bracketed citation markers of at most :data:`_MAX_CITATION` tokens: "It may rain.[3][4]",
    "rain.¹" and "rain. (Smith et al., 2003)" have one); an empty one does not."""
    i = len(tokens) - 1
    if i < 0 or tokens[i] in marks:  # (most sentences)
        return False
    while True:
        while i >= 0 and (tokens[i] in CLOSERS or _SUPERSCRIPTS.issuperset(tokens[i])):  # (and footnotes: "rain.¹")
            i -= 1
        if i < 0:
            return False
        if tokens[i] in marks:
            return False
        # a bracketed group right after a final mark: skip it and look again
        closer = tokens[i + 1] if i + 1 < len(tokens) else ""
        opener = _CITATION_BRACKETS.get(closer)
        if opener is None:
            return True
        j = i
        while j >= 0 and i - j < _MAX_CITATION and tokens[j] != opener:  # ("(Smith et al., 2003)": a "." inside)
            j -= 1
        if j <= 0 or tokens[j] != opener or (tokens[j - 1] not in marks and tokens[j - 1] not in CLOSERS):
            return True
        i = j - 1


def word(tok: str) -> str:
    """The form a normalized token takes in features: numbers become ``<num>``."""
    return "<num>" if tok[:1].isdigit() else tok


def lexicon_matches(lexicon: Lexicon, tokens: list[str], config: FeatureConfig = FeatureConfig()) -> list[Match]:
    """The matches of ``lexicon`` over a sentence's normalized ``tokens`` as the featurizer reads
    the sentence: with ``config.end_mark``, an open-ended one (:func:`open_ended`) as if it ended in
    ``.`` (:meth:`hedgekit.lexicon.Lexicon.match` with ``open_end``: "Polls close 5 May" is the
    month of "Polls close 5 May.", not a modal); else as written.

    Raises what :meth:`~hedgekit.lexicon.Lexicon.match` raises.
    """
    return lexicon.match(tokens, open_end=config.end_mark and open_ended(tokens))


def featurize(
    tokens: list[str], matches: list[Match], config: FeatureConfig = FeatureConfig()
) -> tuple[dict[str, float], list[list[str]]]:
    """Features of one sentence.

    Args:
        tokens: normalized tokens (:func:`hedgekit.text.token_spans`).
        matches: the lexicon's matches over ``tokens``, as :func:`lexicon_matches` finds them for
            ``config`` (:meth:`hedgekit.lexicon.Lexicon.match`; the same unless ``config.end_mark``).
        config: which families to extract.

    Returns:
        ``(features, owned)``: ``features`` maps each feature name to its value (1.0 for binary
        ones); ``owned[i]`` lists the features that belong to ``matches[i]`` (see
        :func:`cue_features`).

    Raises:
        InputTypeError: ``tokens`` is a ``str`` (a sentence, not its tokens) or ``config`` is not a
            :class:`FeatureConfig`.
    """
    _check_arguments("featurize", tokens, config)
    if config.end_mark and open_ended(tokens):
        tokens = [*tokens, "."]  # (after the matches, which index the tokens before it)
    feats = _word_features([word(tokens[i]) for i in word_tokens(tokens, matches, config)], config)
    cue_feats, owned = _cue_features(tokens, matches, config)  # (the arguments checked once, above)
    feats.update(cue_feats)
    return feats, owned


#: What a booster match takes along from the token right after it (see ``booster_frames``).
BOOSTER_TRAIL = frozenset({"that", ","})


def booster_drops(tokens: list[str], matches: list[Match]) -> list[int]:
    """Indices of the tokens a booster frame takes out of the word features, ascending: those of the
    booster matches, and a :data:`BOOSTER_TRAIL` token right after one that no other match covers."""
    boosters = [m for m in matches if m.entry.category == "booster"]
    if not boosters:
        return []
    covered = {i for m in matches for i in range(m.first, m.last)}
    drop: set[int] = set()
    for m in boosters:
        drop.update(range(m.first, m.last))
        if m.last < len(tokens) and tokens[m.last] in BOOSTER_TRAIL and m.last not in covered:
            drop.add(m.last)
    return sorted(drop)


def word_tokens(tokens: list[str], matches: list[Match], config: FeatureConfig = FeatureConfig()) -> list[int]:
    """Indices of the tokens that give ``w:``/``b:`` features: all of them, except (with ``cues``
    and ``booster_frames``) the :func:`booster_drops`."""
    drop = booster_drops(tokens, matches) if config.cues and config.booster_frames else []
    if not drop:
        return list(range(len(tokens)))
    gone = set(drop)
    return [i for i in range(len(tokens)) if i not in gone]


def _check_arguments(name: str, tokens: Any, config: Any) -> None:
    """Refuse a sentence given as one ``str`` (each character would be a word) and a config that is
    not a :class:`FeatureConfig` (a dict's missing attributes would surface later, unexplained)."""
    if isinstance(tokens, str):
        raise InputTypeError(f"{name}() takes a sentence's normalized tokens, a list of str (e.g. "
                             f"hedgekit.text.normalized_tokens(sentence)), got the str {tokens!r:.40}")
    if not isinstance(tokens, (list, tuple)) or not all(isinstance(t, str) for t in tokens):
        bad = (type(tokens).__name__ if not isinstance(tokens, (list, tuple)) else
               next(f"a list whose item {i} is {type(t).__name__}" for i, t in enumerate(tokens) if not isinstance(t, str)))
        raise InputTypeError(f"{name}() takes a sentence's normalized tokens, a list of str (e.g. "
                             f"hedgekit.text.normalized_tokens(sentence)), got {bad}")
    if not isinstance(config, FeatureConfig):
        raise InputTypeError(f"{name}() takes a FeatureConfig as config (FeatureConfig.from_dict(d) reads a dict), "
                             f"got {type(config).__name__}")


def word_features(words: list[str], config: FeatureConfig = FeatureConfig()) -> dict[str, float]:
    """The ``w:`` and ``b:`` features of a sentence's words (see :func:`word`), all 1.0.

    Raises:
        InputTypeError: ``words`` is a ``str`` or ``config`` is not a :class:`FeatureConfig`.
    """
    _check_arguments("word_features", words, config)
    return _word_features(words, config)


def _word_features(words: list[str], config: FeatureConfig) -> dict[str, float]:
    """:func:`word_features` without the checks (:func:`featurize` has made them)."""
    feats: dict[str, float] = {}
    if config.words:
        for w in words:
            feats["w:" + w] = 1.0
    if config.bigrams:
        prev = "<s>"
        for w in words:
            feats["b:" + prev + " " + w] = 1.0
            prev = w
        feats["b:" + prev + " </s>"] = 1.0
    return feats


def cue_features(
    tokens: list[str], matches: list[Match], config: FeatureConfig = FeatureConfig()
) -> tuple[dict[str, float], list[list[str]]]:
    """The features of a sentence's lexicon matches, and which match owns which.

    ``tokens`` are the normalized tokens; only those around the matches are looked at.

    Returns:
        ``(features, owned)``: ``owned[i]`` lists the features that belong to ``matches[i]`` -- its
        cue and context features, its prior (``lex:max`` / ``lex:boost`` go to the strongest hedge
        / booster), and the word (or word pair) that *is* the cue when it is one or two words long.
        A feature two cues share belongs to the first, so the cues' contributions never count a
        weight twice. Real-valued features carry their value; the rest are 1.0.

    Raises:
        InputTypeError: ``tokens`` is a ``str`` or ``config`` is not a :class:`FeatureConfig`.
    """
    _check_arguments("cue_features", tokens, config)
    return _cue_features(tokens, matches, config)


def _cue_features(tokens: list[str], matches: list[Match], config: FeatureConfig
                  ) -> tuple[dict[str, float], list[list[str]]]:
    """:func:`cue_features` without the checks (:func:`featurize` and the engine have made them)."""
    feats: dict[str, float] = {}
    owned: list[list[str]] = []
    if not matches:
        return feats, owned
    n = len(tokens)
    taken: set[str] = set()
    best_hedge = best_boost = -1  # index of the match with the strongest prior of each kind
    for i, m in enumerate(matches):
        e = m.entry
        names: list[str] = []
        if config.cues:
            names += ("c:" + e.pattern, "k:" + e.category)
        if config.cue_context:
            names.append("cp:" + e.pattern + "|" + (word(tokens[m.first - 1]) if m.first else "<s>"))
            names.append("cn:" + e.pattern + "|" + (word(tokens[m.last]) if m.last < n else "</s>"))
            if m.first == 0:
                names.append("cs:" + e.pattern)
        # A one- or two-word cue also owns its word (pair) feature: "w:may" is the cue itself.
        k = m.last - m.first
        if k == 1 and config.words:
            names.append("w:" + word(tokens[m.first]))
        elif k == 2 and config.bigrams:
            names.append("b:" + word(tokens[m.first]) + " " + word(tokens[m.first + 1]))
        own = [f for f in dict.fromkeys(names) if f not in taken]
        taken.update(own)
        for f in own:
            feats[f] = 1.0
        owned.append(own)
        if e.category == "booster":
            if best_boost < 0 or e.weight > matches[best_boost].entry.weight:
                best_boost = i
        elif best_hedge < 0 or e.weight > matches[best_hedge].entry.weight:
            best_hedge = i
    if config.priors:
        for name, best in (("lex:max", best_hedge), ("lex:boost", best_boost)):
            if best >= 0 and matches[best].entry.weight > 0:
                feats[name] = matches[best].entry.weight
                owned[best].append(name)
    return feats, owned
