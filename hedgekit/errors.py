"""The library's own exceptions.

Every error hedgekit raises on purpose derives from :class:`HedgekitError`; each specific one also
derives from the matching built-in, so ``except ValueError`` keeps working for users who expect it.
"""

from __future__ import annotations


class HedgekitError(Exception):
    """Base class of every error hedgekit raises on purpose."""


class InputTypeError(HedgekitError, TypeError):
    """An argument has the wrong type (e.g. a bare ``str`` passed to :func:`hedgekit.score`)."""


class LexiconError(HedgekitError, ValueError):
    """A lexicon file or entry is malformed; the message names the file and line."""


class ModelError(HedgekitError, ValueError):
    """A model file is malformed, of the wrong version, or does not match its lexicon."""


class CorpusError(HedgekitError, ValueError):
    """A corpus file is malformed or unsafe; the message names the file and the line or element."""


class EvaluationError(HedgekitError, ValueError):
    """Metric inputs are unusable: empty, misaligned, NaN, out of range, or an unknown option value."""
