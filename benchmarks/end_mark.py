"""Does a missing full stop move the score? ``FeatureConfig.end_mark`` on and off (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 3 minutes on
a 2-core machine)::

    python -m benchmarks.end_mark      # writes benchmarks/results/end_mark.{json,md}

Nearly every training sentence ends in ``.``, ``!``, ``?`` or ``…``, so the word features of the
full stop (``w:.``, ``b:. </s>``, ``b:<last word> .``) are on in almost every sentence the experts
learn from, and their weights act as part of the intercept. A sentence without one -- a headline, a
spreadsheet cell, a bullet point, a line of ``score --lines`` -- lost them: "It may rain" scored
P(uncertain) 0.39 where "It may rain." scored 0.72. With ``end_mark`` (the default since
2026-11-30) such a sentence is featurized as if it ended in ``.``.

Measured on the 10-fold cross-validation of ``python -m benchmarks.accuracy`` (the shipped recipe,
its folds, each fold's thresholds from an inner 3-fold CV of its training part), for the recipe with
``end_mark`` off and on: F1 of the uncertain class of the test folds' sentences as they are, and of
the same sentences with their final mark (and any closing quotes or brackets after it) removed --
the same text as a headline would give it. The default (``auto``) and each corpus's own expert
(``biomedical`` for BioScope, ``conll-wiki`` for the CoNLL lists, ``semantic`` for Szeged
Wikipedia). Mean ± sd over the folds, and the per-fold difference of *on* minus *off*.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import corpus_suite_main
from hedgekit import benchmark as B
from hedgekit import train as T

COMMAND = "python -m benchmarks.end_mark"
log = logging.getLogger(__name__)

#: each corpus's own expert, besides the default
OWN_EXPERT: dict[str, str] = {"bioscope": "biomedical", "conll2010-wiki": "conll-wiki", "szeged-wiki": "semantic"}
#: a sentence's final mark, with any closing quotes or brackets after it and trailing white space
_FINAL = re.compile(r"\s*[.!?…]+['\"”’)\]»]*\s*\Z")


def strip_final_mark(text: str) -> str:
    """``text`` without its final ``.``/``!``/``?``/``…`` run and what closes it ("It may rain." ->
    "It may rain"; 'He said "No."' -> 'He said "No'); unchanged when it has none."""
    return _FINAL.sub("", text)


def _summary(v: Sequence[float]) -> dict[str, float]:
    a = np.asarray(v, dtype=np.float64)
    return {"mean": round(float(a.mean()), 4), "sd": round(float(a.std(ddof=1)), 4)}


def run(root: Path, k: int = 10, inner_k: int = 3) -> dict[str, Any]:
    """Both settings, both forms of the test sentences (module docstring)."""
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    base = B.training_set(root, list(B.IN_DOMAIN))
    n = len(base.texts)
    stripped = [strip_final_mark(t) for t in base.texts]
    # the stripped copies ride along as a corpus no expert learns from: test rows only
    ts = T.TrainingSet([*base.texts, *stripped], np.r_[base.y, base.y], [*base.groups, *base.groups],
                       [*base.corpus, *["_stripped"] * n])
    folds = T.make_folds(base, k, T.SEED)
    corpus = np.asarray(base.corpus)
    lexicon = load_lexicon()
    out: dict[str, Any] = {"n": n, "with_final_mark": int(sum(s != t for s, t in zip(stripped, base.texts))),
                           "settings": {}}
    per: dict[str, dict[tuple[str, str, str], list[float]]] = {}
    for setting, config in (("off", FeatureConfig(end_mark=False)), ("on", FeatureConfig(end_mark=True))):
        log.info("end_mark %s: featurizing", setting)
        design = T.Design(T.featurize_all(ts.texts, lexicon, config))
        recipe = B.shipped_recipe(ts, lexicon, config, dict(T.SHIPPED_EXPERTS), list(T.SHIPPED_GATE), design=design)
        scores: dict[tuple[str, str, str], list[float]] = {}
        for f in range(k):
            train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            th = recipe.inner_thresholds(train, inner_k)
            fitted = recipe.fit(train)
            for form, rows in (("as written", test), ("final mark removed", test + n)):
                p = recipe.predict(fitted, rows)
                for c, own in OWN_EXPERT.items():
                    sel = corpus[test] == c
                    for mode in (AUTO, own):
                        pred = (p[mode][sel] >= th[mode]).astype(np.int64)
                        scores.setdefault((c, mode, form), []).append(T.prf(base.y[test][sel], pred)["f1"])
            log.info("end_mark %s, fold %d/%d", setting, f + 1, k)
        per[setting] = scores
        out["settings"][setting] = {f"{c}|{m}|{form}": _summary(v) for (c, m, form), v in scores.items()}
    out["difference"] = {f"{c}|{m}|{form}": _summary(np.subtract(per["on"][(c, m, form)], per["off"][(c, m, form)]))
                         for (c, m, form) in per["on"]}
    return out


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results."""
    lines = B.stamp_header("A missing final mark: `FeatureConfig.end_mark` off and on (issue 7)", res) + [
        f"{res['n']:,} sentences of the in-domain corpora, {res['with_final_mark']:,} of them ending in `.`, `!`, "
        "`?` or `…`. 10-fold CV of the shipped recipe (the folds and inner-CV thresholds of `python -m "
        "benchmarks.accuracy`), once with `end_mark` off and once on; each fold's test sentences scored as "
        "written and with their final mark removed. F1 of the uncertain class, mean ± sd over the folds; "
        "*on - off*: per fold. See the module docstring of `benchmarks/end_mark.py`.", "",
        "| corpus | mode | test sentences | end_mark off | end_mark on | on - off |", "|---|---|---|---|---|---|"]
    for key, d in res["difference"].items():
        c, m, form = key.split("|")
        off, on = res["settings"]["off"][key], res["settings"]["on"][key]
        lines.append(f"| {c} | {m} | {form} | {off['mean']:.4f} ± {off['sd']:.4f} | {on['mean']:.4f} ± {on['sd']:.4f} "
                     f"| {d['mean']:+.4f} ± {d['sd']:.4f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="end_mark", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
