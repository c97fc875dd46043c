"""Shared test helpers: where the shared corpora and examples are, and skipping when they are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``$HEDGEKIT_SHARED`` if set, else ``../shared`` beside the repository (the folder that holds
    ``corpora/`` and ``examples/``, as :func:`hedgekit.train.default_corpora_dir` resolves it)."""
    from hedgekit.train import default_corpora_dir

    return default_corpora_dir(ROOT.parent).parent


def require_shared(*parts: str) -> Path:
    """The path under the shared folder, or skip the test when it is absent (a user's machine)."""
    p = shared_dir().joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (the shared corpora are only on the developers' and CI machines)")
    return p


@pytest.fixture
def story_text() -> str:
    return require_shared("examples", "news-kim-putin.txt").read_text(encoding="utf-8")


def tiny_model(lexicon_hash: str | None = None):
    """A one-expert model that hedges on "may", "might", "probably": predictable scores for CLI tests."""
    import hedgekit
    from hedgekit.features import FeatureConfig
    from hedgekit.model import HedgeModel

    return HedgeModel.linear(
        {"c:may": 3.0, "c:might": 3.0, "c:probably": 3.0, "lex:max": 2.0}, -2.0, 0.5, FeatureConfig(),
        lexicon_hash or hedgekit.load_lexicon().hash,
    )


#: Rated sentences for graded training tests: hedged ones (rated 2 with 'might', else 3) and plain
#: ones (rated 5 or 6) -- tests/test_regressor.py and the README recipe test of tests/test_train.py.
RATED_HEDGED = ["The treatment may improve survival.", "It might rain later today.", "The drug probably works.",
                "These results suggest a possible link.", "The protein may bind to DNA.", "Prices might rise next year.",
                "The effect is probably small.", "He may have left already.", "This might explain the delay.",
                "The virus may spread quickly.", "It is probably a mistake.", "The cells might divide faster.",
                "Sales may fall in spring.", "The bridge might collapse.", "The team probably lost.",
                "This may be the reason.", "The data might be wrong.", "Rates may go up soon.",
                "The plan probably fails.", "It may reduce the risk."]
RATED_PLAIN = ["The treatment improved survival.", "It rained today.", "The drug works.", "The results show a link.",
               "The protein binds to DNA.", "Prices rose last year.", "The effect is small.", "He left already.",
               "This explains the delay.", "The virus spread quickly.", "It is a mistake.", "The cells divide faster.",
               "Sales fell in spring.", "The bridge collapsed.", "The team lost.", "This is the reason.",
               "The data are wrong.", "Rates went up.", "The plan failed.", "It reduces the risk."]
