"""How steady is the default threshold? Single fold seeds against the shipped repeated-CV rule (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 2 minutes
per seed and process on a 2-core machine)::

    python -m benchmarks.threshold_seeds --jobs 2     # writes benchmarks/results/threshold_seeds.{json,md}

The shipped model's default (``"auto"``) threshold is the median of the cuts whose F1 of the
uncertain class is within :data:`hedgekit.train.THRESHOLD_TOLERANCE` of the best, over the
out-of-fold probabilities of :data:`hedgekit.train.THRESHOLD_REPEATS` 10-fold cross-validations
pooled, with fold seeds ``SEED, SEED + 1, ...`` (:func:`hedgekit.train.repeated_thresholds`). Each
seed deals the documents into other, equally valid folds (:func:`hedgekit.train.make_folds`).
Per seed (:data:`SEEDS`: the shipped rule's seeds, then as many more), this suite runs that
cross-validation of the default -- the gated experts ``biomedical`` and ``general`` on BioScope,
the CoNLL-2010 lists and Szeged Wikipedia; the ungated experts never move it -- and reports the
threshold at the F1 peak and the rule's threshold one seed alone would give, the F1 at each and at
the shipped threshold. Then the rule itself on each run of ``THRESHOLD_REPEATS`` consecutive seeds: the
first run is the shipped rule and reproduces the shipped threshold, the next run shows how far
the rule moves with other seeds. For every rule threshold it also scores the behaviours of
``benchmarks.behaviour`` with the shipped model's weights at that threshold: how much of what the
behaviour benchmark reports rests on where in a flat F1 optimum the threshold fell.
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
#: the fold seeds: the shipped rule's (``SEED .. SEED + THRESHOLD_REPEATS - 1``), then as many more
SEEDS: tuple[int, ...] = tuple(T.SEED + r for r in range(2 * T.THRESHOLD_REPEATS))


def seed_oof(root: Path, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The labels and the default's out-of-fold ``P(uncertain)`` of its 10-fold CV with folds of ``seed``.

    Raises:
        FileNotFoundError, hedgekit.CorpusError: as :func:`hedgekit.train.load_training_set`.
    """
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    ts = T.load_training_set(root, T.SHIPPED_CORPORA)
    lexicon = load_lexicon()
    experts = {e: T.SHIPPED_EXPERTS[e] for e in T.SHIPPED_GATE}
    recipe = B.shipped_recipe(ts, lexicon, FeatureConfig(), experts, T.SHIPPED_GATE)
    return recipe.y, T.cross_validate(recipe, k=10, inner_k=0, seed=seed)["oof"][AUTO]


def threshold_row(y: np.ndarray, oof: np.ndarray, shipped: float) -> dict[str, float]:
    """Over ``oof`` (labels ``y``): the F1 peak's threshold, the shipped rule's (the middle of the cuts
    within :data:`hedgekit.train.THRESHOLD_TOLERANCE` of the peak), the F1 at each and at ``shipped``."""
    def f1(t: float) -> float:
        return round(T.prf(y, (oof >= t).astype(np.int64))["f1"], 4)

    peak = T.best_threshold(y, oof)
    t = T.best_threshold(y, oof, T.THRESHOLD_TOLERANCE)
    return {"peak": round(peak, 6), "f1_peak": f1(peak), "threshold": round(t, 6), "f1": f1(t),
            "f1_at_shipped": f1(shipped)}


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
    """Every seed's threshold and each run of ``THRESHOLD_REPEATS`` seeds' pooled threshold (in ``jobs``
    processes), and the behaviours at each (module docstring)."""
    from hedgekit.model import AUTO, load_model

    shipped = load_model().thresholds[AUTO]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        oofs = list(pool.map(seed_oof, [root] * len(seeds), seeds))
    rows = [{"seed": s, **threshold_row(y, p, shipped)} for s, (y, p) in zip(seeds, oofs)]
    n = T.THRESHOLD_REPEATS
    pooled = []
    for i in range(0, len(seeds) - n + 1, n):
        part = oofs[i:i + n]
        pooled.append({"seeds": list(seeds[i:i + n]), **threshold_row(np.concatenate([y for y, _ in part]),
                                                                        np.concatenate([p for _, p in part]), shipped)})
    for row, shares in zip(rows + pooled, behaviour_at([r["threshold"] for r in rows + pooled])):
        row["behaviour"] = shares
    return {"shipped_threshold": shipped, "repeats": n, "tolerance": T.THRESHOLD_TOLERANCE, "seeds": rows,
            "pooled": pooled,
            "behaviour_at_shipped": behaviour_at([shipped])[0]}


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results (stamped by :func:`hedgekit.benchmark.stamp_and_write`)."""
    names = list(res["behaviour_at_shipped"])
    head = (" | F1 peak: threshold | F1 | rule: threshold | F1 | F1 at the shipped threshold | "
            + " | ".join(names) + " |")
    rule = "|---|---|---|---|---|---|" + "---|" * len(names)

    def cells(r: Mapping[str, Any]) -> str:
        return (f" | {r['peak']:.4f} | {r['f1_peak']:.4f} | {r['threshold']:.4f} | {r['f1']:.4f} | "
                f"{r['f1_at_shipped']:.4f} | "
                + " | ".join(f"{r['behaviour'][n]:.3f}" for n in names) + " |")

    lines = B.stamp_header("How steady is the default threshold? Other fold seeds (issue 7)", res) + [
        "The default's 10-fold CV (gated experts `biomedical` and `general`; BioScope, CoNLL-2010 lists, Szeged "
        "Wikipedia) with the folds of each seed: the threshold at the peak of F1 of the uncertain class over the "
        "out-of-fold probabilities, the shipped rule's threshold (the median of the cuts whose F1 is within "
        f"{res['tolerance']} of the peak), F1 at each, and F1 at the shipped threshold "
        f"({res['shipped_threshold']}). The shipped rule pools the out-of-fold probabilities of {res['repeats']} "
        "seeds; single seeds show how far one dealing of the documents moves each threshold, the second run of "
        f"{res['repeats']} seeds how far the rule itself moves. Then the behaviours of "
        "`python -m benchmarks.behaviour` with the shipped model's weights at each threshold (shares caught; "
        "literal uses: share certain) at the rule's threshold.", "",
        "## One seed", "", "| seed" + head, rule]
    for r in res["seeds"]:
        lines.append(f"| {r['seed']}" + cells(r))
    lines += ["", f"## {res['repeats']} seeds pooled (the shipped rule)", "", "| seeds" + head, rule]
    for r in res["pooled"]:
        shipped = " (shipped)" if r["seeds"][0] == T.SEED else ""
        lines.append(f"| {r['seeds'][0]}..{r['seeds'][-1]}{shipped}" + cells(r))
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
