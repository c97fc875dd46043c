"""How steady is the default threshold? The shipped recipe's threshold under other fold seeds (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 4 minutes
per seed and process on a 2-core machine)::

    python -m benchmarks.threshold_seeds --jobs 2     # writes benchmarks/results/threshold_seeds.{json,md}

The shipped model's default (``"auto"``) threshold is the one that maximises F1 of the uncertain
class over the pooled out-of-fold probabilities of its 10-fold cross-validation
(:func:`hedgekit.train.train_model`, folds of :func:`hedgekit.train.make_folds` with seed
:data:`hedgekit.train.SEED`). Another seed deals the documents into other, equally valid folds.
Per seed (:data:`SEEDS`), this suite runs that cross-validation of the default -- the gated experts
``biomedical`` and ``general`` on BioScope, the CoNLL-2010 lists and Szeged Wikipedia; the ungated
experts never move it -- and reports the threshold found, the pooled F1 there and the pooled F1 at
the shipped threshold. The first seed is the shipped one and reproduces the shipped threshold. For
each threshold found it also scores the behaviours of ``benchmarks.behaviour`` with the shipped
model's weights at that threshold: how much of what the behaviour benchmark reports rests on where
in a flat F1 optimum the threshold fell.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main
from hedgekit import benchmark as B
from hedgekit import train as T

COMMAND = "python -m benchmarks.threshold_seeds"
#: the fold seeds: the shipped one first
SEEDS: tuple[int, ...] = (T.SEED, 1, 2, 3)


def seed_threshold(root: Path, seed: int) -> dict[str, Any]:
    """The default's 10-fold CV with folds of ``seed``: its pooled-F1 threshold, the pooled F1 there
    and at the shipped model's threshold.

    Raises:
        FileNotFoundError, hedgekit.CorpusError: as :func:`hedgekit.train.load_training_set`.
    """
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO, load_model

    ts = T.load_training_set(root, T.SHIPPED_CORPORA)
    lexicon = load_lexicon()
    design = T.Design(T.featurize_all(ts.texts, lexicon, FeatureConfig()))
    recipe = T.Recipe(ts, design, {e: T.SHIPPED_EXPERTS[e] for e in T.SHIPPED_GATE}, T.SHIPPED_GATE,
                      nonpositive=T.booster_features(design.names, lexicon))
    oof = T.cross_validate(recipe, k=10, inner_k=0, seed=seed)["oof"][AUTO]
    t = T.best_threshold(recipe.y, oof)
    shipped = load_model().thresholds[AUTO]
    return {"seed": seed, "threshold": round(t, 6),
            "f1": round(T.prf(recipe.y, (oof >= t).astype(np.int64))["f1"], 4),
            "f1_at_shipped": round(T.prf(recipe.y, (oof >= shipped).astype(np.int64))["f1"], 4)}


def behaviour_at(thresholds: Sequence[float]) -> list[dict[str, float]]:
    """Per threshold, the behaviour shares of the shipped model's default at it: each hedge frame
    behaviour's share caught (``P(uncertain) >= t``), and the share of literal uses (and of the unseen
    ones) labelled certain."""
    from benchmarks.behaviour import CLAUSES, HEDGE_FRAMES, LITERAL, LITERAL_UNSEEN, fill
    from hedgekit import Scorer

    sc = Scorer()
    p = {b: np.array([s.p_uncertain for s in sc.score([fill(f, c) for f in frames for c in CLAUSES])])
         for b, frames in HEDGE_FRAMES.items()}
    lit = np.array([s.p_uncertain for s in sc.score(list(LITERAL))])
    out = []
    for t in thresholds:
        row = {b: round(float(np.mean(v >= t)), 4) for b, v in p.items()}
        row["literal certain"] = round(float(np.mean(lit < t)), 4)
        row["literal unseen certain"] = round(float(np.mean(lit[-len(LITERAL_UNSEEN):] < t)), 4)
        out.append(row)
    return out


def run(root: Path, seeds: Sequence[int] = SEEDS, jobs: int = 1) -> dict[str, Any]:
    """Every seed's threshold (in ``jobs`` processes) and the behaviours at each (module docstring)."""
    from hedgekit.model import AUTO, load_model

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(seed_threshold, [root] * len(seeds), seeds))
    for row, shares in zip(rows, behaviour_at([r["threshold"] for r in rows])):
        row["behaviour"] = shares
    shipped = load_model().thresholds[AUTO]
    return {"shipped_threshold": shipped, "seeds": rows,
            "behaviour_at_shipped": behaviour_at([shipped])[0]}


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results (stamped by :func:`hedgekit.benchmark.stamp_and_write`)."""
    names = list(res["behaviour_at_shipped"])
    lines = B.stamp_header("How steady is the default threshold? Other fold seeds (issue 7)", res) + [
        "The default's 10-fold CV (gated experts `biomedical` and `general`; BioScope, CoNLL-2010 lists, Szeged "
        "Wikipedia) with the folds of each seed: the threshold that maximises F1 of the uncertain class over the "
        "pooled out-of-fold probabilities, that F1, and the pooled F1 at the shipped threshold "
        f"({res['shipped_threshold']}). Then the behaviours of `python -m benchmarks.behaviour` with the shipped "
        "model's weights at each threshold (shares caught; literal uses: share certain).", "",
        "| seed | threshold | pooled F1 | pooled F1 at the shipped threshold | " + " | ".join(names) + " |",
        "|---|---|---|---|" + "---|" * len(names)]
    for r in res["seeds"]:
        shipped = " (shipped)" if r["seed"] == T.SEED else ""
        lines.append(f"| {r['seed']}{shipped} | {r['threshold']:.4f} | {r['f1']:.4f} | {r['f1_at_shipped']:.4f} | "
                     + " | ".join(f"{r['behaviour'][n]:.3f}" for n in names) + " |")
    return "\n".join(lines) + "\n"


def _jobs(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS), help=f"fold seeds (default: {list(SEEDS)})")
    ap.add_argument("--jobs", type=_jobs, default=1, help="worker processes (default: 1)")


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="threshold_seeds", run=run,
                             render=render, options=_options)


if __name__ == "__main__":
    raise SystemExit(main())
