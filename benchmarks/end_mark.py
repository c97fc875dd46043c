"""Does a missing full stop move the score? ``FeatureConfig.end_mark`` off and on (issue 7)

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; about 5 minutes on
a 2-core machine)::

    python -m benchmarks.end_mark      # writes benchmarks/results/end_mark.{json,md}

Nearly every training sentence ends in ``.``, ``!``, ``?`` or ``…``, so the word features of the
full stop (``w:.``, ``b:. </s>``, ``b:<last word> .``) are on in almost every sentence the experts
learn from, and their weights act as part of the intercept. A sentence without one -- a headline, a
spreadsheet cell, a bullet point, a line of ``score --lines`` -- lacks them: with the shipped model
"It may rain" scores P(uncertain) 0.39 where "It may rain." scores 0.71. ``end_mark`` featurizes such
a sentence as if it ended in ``.``. Three settings of the shipped recipe:

- ``off``: the shipped recipe (trained and scored without ``end_mark``);
- ``off, scored with end_mark``: the same models, the test sentences featurized with ``end_mark``
  (what appending a full stop to an open-ended sentence before scoring does);
- ``on``: trained and scored with ``end_mark``.

Measured

- in domain: the 10-fold cross-validation of ``python -m benchmarks.accuracy`` (the shipped recipe,
  its folds, each fold's thresholds from an inner 3-fold CV of its training part): F1 of the
  uncertain class of the test folds' sentences as they are, and of the same sentences with their
  final mark (and any closing quotes or brackets after it) removed, as a headline would give them;
  the default (``auto``) and each corpus's own expert (``biomedical`` for BioScope, ``conll-wiki``
  for the CoNLL lists, ``semantic`` for Szeged Wikipedia); mean ± sd over the folds;
- out of domain: the recipe fitted on all the in-domain sentences, at the mean of its ten folds'
  ``auto`` thresholds: F1 on the corpora never trained on (FactBank news, SFU reviews, UNSC
  speeches, as ``benchmarks.accuracy`` reads them), and the behaviour frames of ``python -m
  benchmarks.behaviour`` (share of hedged frames caught, of literal uses labelled certain).

A model a user trains on sentences without a final mark (``HedgeClassifier``, ``hedgekit train
--data``) is fitted on them as written and scored as the Scorer scores; its threshold CV reads its
held-out sentences as the Scorer does too (:func:`user_run`, against reading them as written).

The cue classifier (:mod:`hedgekit.cues`) has the same question (its ``noend`` feature): the 10-fold
CV of ``benchmarks/cue_level.py`` (its folds and corpora; each fold's cue model fitted with the
shipped hyperparameters, :func:`hedgekit.cues.fit_shipped_cue_model`), the test sentences as
written and with their final mark removed, scored as written and with ``end_mark`` (what
:class:`hedgekit.cues.CueDetector` does by default): exact-span cue F1, and the sentence F1 of
*uncertain iff a cue is found* (how ``hedgekit.cues.score`` labels), mean ± sd over the folds.

Nothing is chosen on the out-of-domain corpora or the frames; the shipped recipe keeps
``end_mark`` off in training, and ``hedgekit.Scorer`` scores with it by default (``off, scored
with end_mark``; README, "The model").
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
from hedgekit.features import CLOSERS, FINAL_MARKS
from hedgekit.types import Cue

COMMAND = "python -m benchmarks.end_mark"
log = logging.getLogger(__name__)

#: each corpus's own expert, besides the default
OWN_EXPERT: dict[str, str] = {"bioscope": "biomedical", "conll2010-wiki": "conll-wiki", "szeged-wiki": "semantic"}
#: the corpora never trained on
OOD: tuple[str, ...] = ("factbank", "sfu", "unsc")
SETTINGS: tuple[str, ...] = ("off", "off, scored with end_mark", "on")
FORMS: tuple[str, ...] = ("as written", "final mark removed")
#: a sentence's final mark, with any closing quotes or brackets after it and trailing white space (the
#: marks and closers of hedgekit.features.open_ended)
_FINAL = re.compile(rf"\s*[{re.escape(''.join(sorted(FINAL_MARKS)))}]+[{re.escape(''.join(sorted(CLOSERS)))}]*\s*\Z")


def strip_final_mark(text: str) -> str:
    """``text`` without its final ``.``/``!``/``?``/``…`` run and what closes it ("It may rain." ->
    "It may rain"; 'He said "No."' -> 'He said "No'); unchanged when it has none."""
    return _FINAL.sub("", text)


def _summary(v: Sequence[float]) -> dict[str, float]:
    a = np.asarray(v, dtype=np.float64)
    return {"mean": round(float(a.mean()), 4), "sd": round(float(a.std(ddof=1)), 4)}


def behaviour_groups() -> dict[str, list[str]]:
    """The sentences of ``benchmarks.behaviour``: each hedge behaviour's filled frames, the literal uses."""
    from benchmarks.behaviour import CLAUSES, HEDGE_FRAMES, LITERAL, fill

    groups = {b: [fill(f, c) for f in frames for c in CLAUSES] for b, frames in HEDGE_FRAMES.items()}
    groups["literal uses"] = list(LITERAL)
    return groups


def run(root: Path, k: int = 10, inner_k: int = 3) -> dict[str, Any]:
    """The three settings (module docstring)."""
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    base = B.training_set(root, list(B.IN_DOMAIN))
    n = len(base.texts)
    ood = {name: [s for s in B.load_sentences(root, name) if s.label is not None] for name in OOD}
    frames = behaviour_groups()
    # Blocks of rows: the in-domain sentences (the only training rows), the same without their final
    # mark, the out-of-domain sentences and the frames; for "off", each block once more featurized with
    # end_mark (the "scored with end_mark" rows), so that one recipe fits once and scores both ways.
    blocks: list[tuple[str, list[str], np.ndarray, str]] = [
        ("in", list(base.texts), np.asarray(base.y), "in"), ("in", [strip_final_mark(t) for t in base.texts],
                                                             np.asarray(base.y), "stripped")]
    blocks += [("ood", [s.text for s in sents], np.array([s.label == "uncertain" for s in sents], dtype=np.int8), name)
               for name, sents in ood.items()]
    blocks += [("frames", texts, np.zeros(len(texts), dtype=np.int8), b) for b, texts in frames.items()]
    texts = [t for _, ts_, _, _ in blocks for t in ts_]
    y = np.concatenate([yy for _, _, yy, _ in blocks]).astype(np.int8)
    starts = np.cumsum([0] + [len(ts_) for _, ts_, _, _ in blocks])
    rows = {name: np.arange(starts[i], starts[i + 1]) for i, (_, _, _, name) in enumerate(blocks)}
    ts = T.TrainingSet(texts * 2, np.r_[y, y], [*base.groups, *(f"#{i}" for i in range(n, len(texts)))] * 2,
                       [*base.corpus, *["_other"] * (len(texts) - n)] * 2)
    folds = T.make_folds(base, k, T.SEED)
    corpus = np.asarray(base.corpus)
    lexicon = load_lexicon()
    off, on = FeatureConfig(end_mark=False), FeatureConfig(end_mark=True)
    out: dict[str, Any] = {"n": n, "with_final_mark": int(sum(s != t for s, t in zip(blocks[1][1], base.texts))),
                           "in_domain": {}, "threshold": {}, "out_of_domain": {}, "behaviour": {}}
    total = len(texts)
    for trained, config in (("off", off), ("on", on)):
        log.info("end_mark %s: featurizing", trained)
        feats = T.featurize_all(texts, lexicon, config) + T.featurize_all(texts, lexicon, on)
        recipe = B.shipped_recipe(ts, lexicon, config, dict(T.SHIPPED_EXPERTS), list(T.SHIPPED_GATE),
                                  design=T.Design(feats))
        # the settings this training serves: rows shift by `total` for the copies featurized with end_mark
        served = {"off": 0, "off, scored with end_mark": total} if trained == "off" else {"on": total}
        scores: dict[tuple[str, str, str, str], list[float]] = {}
        fold_thresholds = []
        for f in range(k):
            train, test = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
            th = recipe.inner_thresholds(train, inner_k)
            fold_thresholds.append(th[AUTO])
            fitted = recipe.fit(train)
            for setting, shift in served.items():
                for form, at in (("as written", test), ("final mark removed", test + n)):
                    p = recipe.predict(fitted, at + shift)
                    for c, own in OWN_EXPERT.items():
                        sel = corpus[test] == c
                        for mode in (AUTO, own):
                            pred = (p[mode][sel] >= th[mode]).astype(np.int64)
                            scores.setdefault((setting, c, mode, form), []).append(
                                T.prf(base.y[test][sel], pred)["f1"])
            log.info("end_mark %s, fold %d/%d", trained, f + 1, k)
        fitted = recipe.fit(np.arange(n))
        t = float(np.mean(fold_thresholds))
        for setting, shift in served.items():
            out["in_domain"][setting] = {f"{c}|{m}|{form}": _summary(v) for (s_, c, m, form), v in scores.items()
                                         if s_ == setting}
            out["threshold"][setting] = round(t, 4)
            out["out_of_domain"][setting] = {}
            for name in OOD:
                p = recipe.predict(fitted, rows[name] + shift)[AUTO]
                out["out_of_domain"][setting][name] = round(T.prf(ts.y[rows[name]], (p >= t).astype(np.int64))["f1"], 4)
            out["behaviour"][setting] = {}
            for b in frames:
                uncertain = recipe.predict(fitted, rows[b] + shift)[AUTO] >= t
                share = float(1 - uncertain.mean()) if b == "literal uses" else float(uncertain.mean())
                out["behaviour"][setting][f"{b} {'certain' if b == 'literal uses' else 'caught'}"] = round(share, 4)
    out["cue_classifier"] = cue_run(root, k)
    out["user_trained"] = user_run(root, k, inner_k)
    return out


#: the thresholds of a model a user trains on open-ended sentences (``user_run``): chosen on held-out
#: sentences read as written (before 2026-11-30) or as the Scorer reads them (``predict_as_scored``)
USER_THRESHOLDS: tuple[str, ...] = ("as written", "as scored")


def user_run(root: Path, k: int = 10, inner_k: int = 3) -> dict[str, Any]:
    """A model a user trains on sentences without their final marks (spreadsheet cells), by the
    recipe of ``HedgeClassifier()`` (one expert, the shipped hyperparameters): each in-domain
    corpus on its own, its folds those of the in-domain CV, every sentence's final mark removed.
    Each fold's model is fitted on its training part as written, and scored on its test part as
    :class:`hedgekit.Scorer` scores (``end_mark``); its threshold comes from an inner ``inner_k``-fold
    CV of the training part whose held-out sentences are read as written, or as the Scorer reads
    them (:func:`hedgekit.train.scoring_design`, what ``HedgeClassifier`` and ``hedgekit train
    --data`` do). F1 of the uncertain class, mean ± sd over the folds, and the mean thresholds."""
    from hedgekit.features import FeatureConfig
    from hedgekit.lexicon import load_lexicon
    from hedgekit.model import AUTO

    base = B.training_set(root, list(B.IN_DOMAIN))
    folds = T.make_folds(base, k, T.SEED)
    corpus = np.asarray(base.corpus)
    lexicon = load_lexicon()
    config = FeatureConfig()
    out: dict[str, Any] = {}
    for name in B.IN_DOMAIN:
        rows = np.flatnonzero(corpus == name)
        texts = [strip_final_mark(base.texts[i]) for i in rows]
        ts = T.TrainingSet(texts, base.y[rows], [base.groups[i] for i in rows], ["data"] * len(rows))
        feats, as_scored = T.featurize_scored(texts, lexicon, config)
        experts = {"data": ("data",)}
        recipes = {}  # the same fits; predictions read the sentences as written, or as the Scorer does
        for how, design in zip(USER_THRESHOLDS, (T.Design(feats), T.Design(feats, as_scored))):
            signs = T.sign_constraints(design.names, lexicon, experts, {"data": ()})
            recipes[how] = T.Recipe(ts, design, experts, ["data"], **signs)
        f1: dict[str, list[float]] = {how: [] for how in USER_THRESHOLDS}
        thresholds: dict[str, list[float]] = {how: [] for how in USER_THRESHOLDS}
        fold = folds[rows]
        for f in range(k):
            tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            p = recipes["as scored"].predict(recipes["as scored"].fit(tr), te)[AUTO]
            for how, recipe in recipes.items():
                t = recipe.inner_thresholds(tr, inner_k)[AUTO]
                thresholds[how].append(t)
                f1[how].append(T.prf(ts.y[te], (p >= t).astype(np.int64))["f1"])
            log.info("end_mark, a user's model of %s: fold %d/%d", name, f + 1, k)
        out[name] = {"n": len(rows), "f1": {how: _summary(v) for how, v in f1.items()},
                     "threshold": {how: round(float(np.mean(v)), 4) for how, v in thresholds.items()}}
    return out


#: the cue classifier's corpora (``benchmarks/cue_level.py``) and the shipped cue model of each
CUE_DOMAINS: dict[str, str] = {"bioscope": "bioscope", "szeged-bio": "biomedical", "szeged-wiki": "general"}
#: (test sentences, end_mark) of the cue-classifier section
CUE_SETTINGS: tuple[tuple[str, bool], ...] = (("as written", False), ("final mark removed", False),
                                              ("final mark removed", True), ("as written", True))


def cue_run(root: Path, k: int = 10) -> dict[str, Any]:
    """The cue classifier's CV with and without ``end_mark`` (module docstring)."""
    from benchmarks import cue_level
    from hedgekit import cues as cuelib
    from hedgekit.evaluate import cue_metrics
    from hedgekit.lexicon import load_lexicon

    lexicon = load_lexicon()
    data = cue_level.load(root)
    out: dict[str, Any] = {}
    for name, (sents, sfold, _) in data["sets"].items():
        per: dict[str, list[tuple[float, float]]] = {}
        stripped = [strip_final_mark(s.text) for s in sents]
        for f in range(k):
            train = [s for s, g in zip(sents, sfold) if g != f]
            test = np.flatnonzero(sfold == f)
            model = cuelib.fit_shipped_cue_model(train, lexicon)
            gold = [sents[i].cues for i in test]
            y = np.array([int(bool(g)) for g in gold])
            for form, end_mark in CUE_SETTINGS:
                texts = [sents[i].text if form == "as written" else stripped[i] for i in test]
                pred = [tuple(Cue(c.text, c.start, c.end, c.category)
                              for c in model.predict(t, lexicon, end_mark=end_mark)) for t in texts]
                per.setdefault(f"{form}|{end_mark}", []).append(
                    (cue_metrics(gold, pred)["f1"], T.prf(y, np.array([int(bool(p)) for p in pred]))["f1"]))
            log.info("end_mark, cue classifier %s: fold %d/%d", name, f + 1, k)
        out[name] = {"domain": CUE_DOMAINS[name], "n": len(sents),
                     "with_final_mark": int(sum(s.text != t for s, t in zip(sents, stripped))),
                     "scores": {key: {"cue_f1": _summary([a for a, _ in v]), "sentence_f1": _summary([b for _, b in v])}
                                for key, v in per.items()}}
    return out


def render(res: Mapping[str, Any]) -> str:
    """The markdown report of :func:`run`'s results."""
    head = " | ".join(SETTINGS)
    thresholds = ", ".join(f"{s}: {res['threshold'][s]}" for s in SETTINGS)
    lines = B.stamp_header("A missing final mark: `FeatureConfig.end_mark` (issue 7)", res) + [
        "Settings: *off* is the shipped recipe; *off, scored with end_mark*: its models, the sentences they score "
        "featurized with `end_mark` (a full stop added where one is missing); *on*: trained and scored with it. "
        "See the module docstring of `benchmarks/end_mark.py`.", "",
        "## In domain", "",
        f"{res['n']:,} sentences, {res['with_final_mark']:,} of them ending in `.`, `!`, `?` or `…`. 10-fold CV of "
        "the shipped recipe (the folds and inner-CV thresholds of `python -m benchmarks.accuracy`); each fold's "
        "test sentences scored as written and with their final mark removed. F1 of the uncertain class, mean ± sd "
        "over the folds.", "",
        f"| corpus | mode | test sentences | {head} |", "|---|---|---|" + "---|" * len(SETTINGS)]
    for key in res["in_domain"]["off"]:
        c, m, form = key.split("|")
        cells = " | ".join(f"{res['in_domain'][s][key]['mean']:.4f} ± {res['in_domain'][s][key]['sd']:.4f}"
                           for s in SETTINGS)
        lines.append(f"| {c} | {m} | {form} | {cells} |")
    lines += ["", "## Out of domain and the behaviour frames", "",
              "The recipe fitted on all the in-domain sentences, at the mean of its ten folds' `auto` thresholds "
              f"({thresholds}). F1 of the uncertain class on the "
              "corpora never trained on; for the frames of `python -m benchmarks.behaviour`, the share of hedged "
              "frames labelled uncertain and of literal uses labelled certain.", "",
              f"| measure | {head} |", "|---|" + "---|" * len(SETTINGS)]
    for name in res["out_of_domain"]["off"]:
        lines.append(f"| {name} F1 | " + " | ".join(f"{res['out_of_domain'][s][name]:.4f}" for s in SETTINGS) + " |")
    for b in res["behaviour"]["off"]:
        lines.append(f"| {b} | " + " | ".join(f"{res['behaviour'][s][b]:.3f}" for s in SETTINGS) + " |")
    lines += ["", "## The cue classifier", "",
              "10-fold CV of `benchmarks/cue_level.py` (its folds), each fold's cue model fitted with the shipped "
              "hyperparameters; the test sentences as written or with their final mark removed, featurized as "
              "written or with `end_mark` (`CueDetector`'s default). Exact-span cue F1, and sentence F1 of "
              "*uncertain iff a cue is found*; mean ± sd over the folds.", "",
              "| corpus (shipped domain) | sentences (with a final mark) | test sentences | end_mark | cue F1 | "
              "sentence F1 |", "|---|---|---|---|---|---|"]
    for name, r in res["cue_classifier"].items():
        for form, end_mark in CUE_SETTINGS:
            v = r["scores"][f"{form}|{end_mark}"]
            lines.append(f"| {name} (`{r['domain']}`) | {r['n']:,} ({r['with_final_mark']:,}) | {form} | "
                         f"{'on' if end_mark else 'off'} | {v['cue_f1']['mean']:.4f} ± {v['cue_f1']['sd']:.4f} | "
                         f"{v['sentence_f1']['mean']:.4f} ± {v['sentence_f1']['sd']:.4f} |")
    lines += ["", "## A model trained on sentences without a final mark", "",
              "Each in-domain corpus on its own, every sentence's final mark removed (spreadsheet cells), by the "
              "recipe of `HedgeClassifier()`: the same 10 folds, each fold's model fitted on its training part as "
              "written and scored on its test part as the Scorer scores (`end_mark`). Its threshold comes from an "
              "inner 3-fold CV of the training part whose held-out sentences are read *as written* (how "
              "`HedgeClassifier` and `hedgekit train --data` chose it before 2026-11-30) or *as scored* (as the "
              "Scorer reads them, `hedgekit.train.scoring_design`: what they do now). F1 of the uncertain class, "
              "mean ± sd over the folds, and the mean threshold.", "",
              "| corpus | sentences | threshold chosen on | F1 | mean threshold |", "|---|---|---|---|---|"]
    for name, r in res["user_trained"].items():
        for how in USER_THRESHOLDS:
            v = r["f1"][how]
            lines.append(f"| {name} | {r['n']:,} | {how} | {v['mean']:.4f} ± {v['sd']:.4f} | {r['threshold'][how]} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="end_mark", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
