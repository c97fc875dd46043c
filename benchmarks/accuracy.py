"""The accuracy benchmark suite over the shared corpora.

Run from the repository root (2-10 minutes on a 2-core machine either way: 3.1 in the recorded run, which used ``--jobs 1``)::

    python -m benchmarks.accuracy --jobs 2

It writes ``benchmarks/results/accuracy.md`` and ``accuracy.json`` (stamped with the command, the
hedgekit version, the date, the Python / numpy / scipy / scikit-learn versions and the machine) and,
when matplotlib is installed (``pip install -e ".[plot]"``), a precision-recall curve and a
reliability diagram per corpus as PNG files there; then it regenerates the README's accuracy table
(between ``<!-- accuracy-table:start -->`` and ``<!-- accuracy-table:end -->``) from the JSON.
``--readme-only`` does just that last step; ``--help`` lists every option. The work itself is in
:mod:`hedgekit.benchmark`.
"""

from __future__ import annotations


from benchmarks import corpora_dir
from hedgekit.benchmark import suite_main

if __name__ == "__main__":
    raise SystemExit(suite_main(prog="python -m benchmarks.accuracy" if __package__ else "python benchmarks/accuracy.py",
                                default_corpora=corpora_dir()))
