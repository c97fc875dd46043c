"""The surface n-gram features the benchmark suites try beside the lexicon's (``graded_aspects``,
``conll_variants``): one definition, so that the two suites' "character n-grams" and "word n-grams"
are the same features."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def char_counts(texts: Sequence[str]) -> Any:
    """Counts of the character 2-5-grams within words of ``texts`` (lower-cased), hashed into 2^20
    columns (a sparse matrix, one row per text)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=1 << 20, alternate_sign=False,
                             norm=None, lowercase=True).transform(texts)


def char_idf(counts: Any) -> Any:
    """The character n-grams' TF-IDF weighting (sublinear term frequency, rows of unit length),
    its idf from ``counts`` (rows of :func:`char_counts`); apply with ``.transform``."""
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True).fit(counts)


def word_vectorizer(texts: Sequence[str]) -> Any:
    """The word 1-3-gram TF-IDF vectorizer fitted on ``texts``: the n-grams in >= 2 of them
    (scikit-learn's tokens: lower-cased runs of two or more word characters), sublinear term
    frequency, rows of unit length; apply with ``.transform``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True).fit(texts)
