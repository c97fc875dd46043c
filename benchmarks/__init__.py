"""hedgekit's benchmark suites (run from the repository root): ``python -m benchmarks.accuracy``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hedgekit.train import default_corpora_dir

#: The checkout these benchmarks belong to (and measure).
ROOT = Path(__file__).resolve().parents[1]


def corpora_dir() -> Path:
    """The shared corpora every benchmark reads by default: ``$HEDGEKIT_SHARED/corpora`` if set, else
    ``shared/corpora`` beside this checkout (``../shared/corpora`` from the repository root, as
    :func:`hedgekit.train.default_corpora_dir` resolves it from there)."""
    return default_corpora_dir(ROOT.parent)


def corpus_suite_main(argv: Sequence[str] | None, *, command: str, description: str | None, stem: str,
                      run: Callable[..., dict[str, Any]], render: Callable[[Mapping[str, Any]], str],
                      options: Callable[[Any], None] | None = None) -> int:
    """The command line of a suite that reads the shared corpora: ``--corpora`` (default
    :func:`corpora_dir`), ``--out`` (default ``benchmarks/results``) and whatever ``options(parser)``
    adds; ``run(corpora, **those options)``'s results are stamped and written to
    ``<out>/<stem>.{json,md}`` (:func:`hedgekit.benchmark.stamp_and_write`) and the markdown printed.
    Returns the exit status: 1, with a message, when the corpora are missing (a bad option exits 2)."""
    import argparse
    import logging
    import sys
    import time

    from hedgekit import benchmark as B

    ap = argparse.ArgumentParser(prog=command, description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=corpora_dir())
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    if options is not None:
        options(ap)
    args = vars(ap.parse_args(argv))
    corpora, out = args.pop("corpora"), args.pop("out")
    if B.corpora_missing(corpora, command):
        return 1
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.perf_counter()
    print(B.stamp_and_write(run(corpora, **args), command, t0, out, stem, render))
    return 0
