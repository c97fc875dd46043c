"""hedgekit's benchmark suites (run from the repository root): ``python -m benchmarks.accuracy``."""

from __future__ import annotations

from pathlib import Path

from hedgekit.train import default_corpora_dir

#: The checkout these benchmarks belong to (and measure).
ROOT = Path(__file__).resolve().parents[1]


def corpora_dir() -> Path:
    """The shared corpora every benchmark reads by default: ``$HEDGEKIT_SHARED/corpora`` if set, else
    ``shared/corpora`` beside this checkout (``../shared/corpora`` from the repository root, as
    :func:`hedgekit.train.default_corpora_dir` resolves it from there)."""
    return default_corpora_dir(ROOT.parent)
