"""hedgekit: hedging and certainty analysis for English text.

Score how certain each sentence is, with the cues that made it so::

    >>> import hedgekit
    >>> s = hedgekit.score_sentence("The drug may reduce mortality.")
    >>> s.label, [c.text for c in s.cues]
    ('uncertain', ['may'])

The public names below are the whole API; everything else is internal.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (ArgumentError, CorpusError, EvaluationError, HedgekitError, InputTypeError, LexiconError,
                     ModelError, NotFoundError)
from .lexicon import Lexicon, LexiconEntry, load_lexicon
from .model import HedgeModel, load_model
from .scorer import Scorer, score, score_sentence, score_text
from .text import split_sentences, tokenize
from .types import CATEGORIES, AnnotatedSentence, Cue, SentenceScore

__all__ = [
    "__version__",
    "score",
    "score_sentence",
    "score_text",
    "Scorer",
    "SentenceScore",
    "Cue",
    "AnnotatedSentence",
    "CATEGORIES",
    "Lexicon",
    "LexiconEntry",
    "load_lexicon",
    "HedgeModel",
    "load_model",
    "split_sentences",
    "tokenize",
    "HedgekitError",
    "InputTypeError",
    "LexiconError",
    "ModelError",
    "CorpusError",
    "EvaluationError",
    "ArgumentError",
    "NotFoundError",
    "load_corpus",
    "HedgeClassifier",
    "HedgeRegressor",
]


def __getattr__(name: str) -> object:
    # Imported on first access so that `import hedgekit` (and scoring) stays fast and numpy-only:
    # HedgeClassifier and HedgeRegressor need scikit-learn; load_corpus needs the XML/CSV/JSON readers. (A star import
    # takes every name of __all__, so it loads scikit-learn too; the README says so.)
    if name == "HedgeClassifier":
        from .estimator import HedgeClassifier as value
    elif name == "HedgeRegressor":
        from .regressor import HedgeRegressor as value
    elif name == "load_corpus":
        from .readers import load_corpus as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
