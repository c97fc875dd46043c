"""Cue-level accuracy (issue 7): span F1 of hedge cues on BioScope and the Szeged Uncertainty Corpus.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED)::

    python benchmarks/cue_level.py            # writes benchmarks/results/cue_level.{json,md}
    python benchmarks/cue_level.py --no-sentence   # cue level only (skip the sentence-level part)

10-fold cross-validation, grouped by document: the folds are the shipped recipe's
(:func:`hedgekit.train.make_folds` over the shipped training set); Szeged bio documents take the
fold of the same BioScope document (the same abstracts and papers, re-annotated with cue types).

Systems compared, each fitted on the other nine folds:

- ``current``: the shipped recipe's sentence model; its predicted cues are the scorer's hedge cues
  with contribution > 0 (as ``hedgekit.evaluate`` counts them), spans = lexicon matches. BioScope and
  Szeged bio are scored with the ``biomedical`` expert, Szeged wiki with ``general``, and both with
  the gate (``auto``).
- ``cue-clf``: :mod:`hedgekit.cues` -- a logistic regression per corpus over each lexicon candidate in
  context; ``raw spans`` keeps the lexicon match as the span, ``+templates`` maps it to the span(s)
  the corpus annotates (learned on the training folds), ``+extra`` also proposes gold cue strings the
  lexicon misses (seen >= 3 times in the training folds), ``+backoff`` (the shipped recipe) gives a
  multi-word candidate whose pattern has no template the words of it that the training folds' cues
  mostly include, not the whole match (:func:`hedgekit.cues.learn_backoff`; the same classifier).

Per category (Szeged only; BioScope cues are untyped): recall counts gold cues of the category,
precision counts predicted cues given that category (the current system's lexicon categories are
mapped to Szeged's by ``hedgekit.cues.DEFAULT_CATEGORY``: hearsay and weasel -> doxastic,
approximation -> epistemic).

The sentence-level part adds the cue classifier's probabilities (max, noisy-or, count >= 0.5) as
sentence features, cross-fitted so that no sentence's feature comes from a cue model trained on it,
and re-runs the shipped recipe's 10-fold CV and the abstracts -> full papers split.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpora_dir  # noqa: E402
from hedgekit import cues as cuelib  # noqa: E402
from hedgekit.benchmark import corpora_missing  # noqa: E402
from hedgekit.evaluate import cue_metrics  # noqa: E402
from hedgekit.types import HEDGE_CATEGORIES, Cue  # noqa: E402

SZEGED_CATS = ("epistemic", "doxastic", "investigation", "condition")
#: the row of the shipped cue recipe (:func:`hedgekit.cues.fit_shipped_cue_model`)
SHIPPED = cuelib._BENCH_SYSTEM
BIO_FILES = ("bio_hbc", "bio_bmc", "bio_fly")


def load(corpora: Path) -> dict[str, Any]:
    """The shipped training set, its folds, and the cue-annotated corpora aligned with those folds."""
    from hedgekit import train
    from hedgekit.readers import load_corpus

    ts = train.load_training_set(corpora)
    folds = train.make_folds(ts)
    corpus = np.asarray(ts.corpus)
    out: dict[str, Any] = {"ts": ts, "folds": folds}
    bio = list(load_corpus(corpora / "bioscope", format="bioscope"))
    rows = np.flatnonzero(corpus == "bioscope")
    assert len(rows) == len(bio) and all(ts.texts[r] == s.text for r, s in zip(rows, bio))
    doc_fold = {ts.groups[r]: int(folds[r]) for r in rows}
    wiki = list(load_corpus(corpora / "szeged-uncertainty/wiki.conll2010-train-docs.xml", format="szeged"))
    wrows = np.flatnonzero(corpus == "szeged-wiki")
    assert len(wrows) == len(wiki) and all(ts.texts[r] == s.text for r, s in zip(wrows, wiki))
    szbio = []
    for name in BIO_FILES:
        szbio += list(load_corpus(corpora / f"szeged-uncertainty/{name}.conll2010-train-docs.xml", format="szeged"))
    # Szeged abstracts carry PMIDs where BioScope has MEDLINE ids: link documents by their sentences.
    key_doc = {train._link_key(ts.texts[r]): ts.groups[r] for r in rows}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for s in szbio:
        g = key_doc.get(train._link_key(s.text))
        if g:
            votes[(s.source, s.doc_id)][g] += 1
    szdoc = {d: v.most_common(1)[0][0] for d, v in votes.items()}
    missing = {(s.source, s.doc_id) for s in szbio} - set(szdoc)
    assert not missing, f"Szeged bio documents without a BioScope twin: {sorted(missing)[:5]}"
    out["sets"] = {
        "bioscope": (bio, folds[rows], rows),
        "szeged-bio": (szbio, np.array([doc_fold[szdoc[(s.source, s.doc_id)]] for s in szbio]), None),
        "szeged-wiki": (wiki, folds[wrows], wrows),
    }
    return out


def ms(vals: list[float]) -> list[float]:
    """``[mean, sd]`` over folds, rounded to 4 digits (sd 0.0 for a single fold)."""
    a = np.asarray(vals, dtype=float)
    return [round(float(a.mean()), 4), round(float(a.std(ddof=1)), 4) if len(a) > 1 else 0.0]


def summarize(per_fold: list[dict[str, Any]], categories: tuple[str, ...]) -> dict[str, Any]:
    """Mean and sd over folds of P/R/F1 (overall and per category), plus pooled counts."""
    out: dict[str, Any] = {k: ms([m[k] for m in per_fold]) for k in ("precision", "recall", "f1")}
    out["n_gold"] = int(sum(m["n_gold"] for m in per_fold))
    out["n_predicted"] = int(sum(m["n_predicted"] for m in per_fold))
    out["tp"] = int(sum(m["tp"] for m in per_fold))
    cats = {}
    for c in categories:
        rows = [m["per_category"].get(c, {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n_gold": 0,
                                          "n_predicted": 0, "tp_gold": 0}) for m in per_fold]
        cats[c] = {k: ms([r[k] for r in rows]) for k in ("precision", "recall", "f1")}
        cats[c]["n_gold"] = int(sum(r["n_gold"] for r in rows))
        cats[c]["n_predicted"] = int(sum(r["n_predicted"] for r in rows))
    if cats:
        out["per_category"] = cats
    return out


def ceiling(sents: list, lexicon: Any, extra_by_fold: dict[int, dict[str, str]] | None = None) -> dict[str, Any]:
    """How many gold cues a lexicon candidate overlaps / matches exactly (the recall ceiling)."""
    from hedgekit.text import token_spans

    tot: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in sents:
        if not s.cues:
            continue
        norms, spans = token_spans(s.text)
        cs = [(spans[c.first][0], spans[c.last - 1][1]) for c in cuelib.candidates(norms, lexicon)]
        for g in s.cues:
            for key in ("all", g.category):
                t = tot[key]
                t[0] += 1
                t[1] += any(g.start < b and a < g.end for a, b in cs)
                t[2] += (g.start, g.end) in cs
    return {k: {"n_gold": v[0], "overlapped": round(v[1] / v[0], 4), "exact": round(v[2] / v[0], 4)}
            for k, v in sorted(tot.items())}


def current_system(data: dict[str, Any], lexicon: Any) -> dict[str, Any]:
    """Step 1: per fold, the shipped recipe fitted on the other folds; cues with contribution > 0."""
    from hedgekit import train
    from hedgekit.benchmark import shipped_recipe
    from hedgekit.features import FeatureConfig
    from hedgekit.scorer import Scorer

    ts, folds = data["ts"], data["folds"]
    recipe = shipped_recipe(ts, lexicon, FeatureConfig(), train.SHIPPED_EXPERTS, train.SHIPPED_GATE)
    experts = {"bioscope": "biomedical", "szeged-bio": "biomedical", "szeged-wiki": "general"}
    per: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for f in range(10):
        fitted = recipe.fit(np.flatnonzero(folds != f))
        model = recipe.model(fitted, {n: 0.5 for n in ("auto", *recipe.experts)}, FeatureConfig(), lexicon.hash, {})
        for name, (sents, sfold, _) in data["sets"].items():
            test = [s for s, k in zip(sents, sfold) if k == f]
            gold = [s.cues for s in test]
            for mode in (experts[name], "auto"):
                scorer = Scorer(lexicon, model, expert=None if mode == "auto" else mode)
                pred = [tuple(Cue(c.text, c.start, c.end, cuelib.DEFAULT_CATEGORY.get(c.category, c.category))
                              for c in sc.cues if c.category in HEDGE_CATEGORIES and c.contribution > 0)
                        for sc in scorer.score([s.text for s in test])]
                for match in ("exact", "overlap"):
                    per[(name, mode, match)].append(cue_metrics(gold, pred, match=match))
        print(f"  current system: fold {f + 1}/10", file=sys.stderr)
    return per


def cue_classifier(data: dict[str, Any], lexicon: Any, C: float
                   ) -> tuple[dict[tuple[str, str, str], list], dict[str, list[dict[str, float]]]]:
    """Step 2: per corpus and fold, the cue classifier fitted on the other folds.

    Returns the span metrics, and per corpus the sentence-level metrics of labelling a sentence
    *uncertain* iff the shipped (``+templates +extra +backoff``) classifier finds a cue in it (at its own threshold,
    0.5; the corpora call a sentence uncertain iff it has an annotated cue).
    """
    from hedgekit.train import prf

    per: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    sentence: dict[str, list[dict[str, float]]] = defaultdict(list)
    for name, (sents, sfold, _) in data["sets"].items():
        for f in range(10):
            train_s = [s for s, k in zip(sents, sfold) if k != f]
            test = [s for s, k in zip(sents, sfold) if k == f]
            gold = [s.cues for s in test]
            for variant, extra_min in (("+templates", None), ("+templates +extra", 3)):
                model = cuelib.fit_cue_model(train_s, lexicon, C=C, extra_min_count=extra_min, backoff=False)
                runs = {variant: model}
                if extra_min is None:
                    runs["raw spans"] = cuelib.CueModel(model.weights, {}, {}, model.threshold, model.lexicon_hash)
                else:  # the shipped recipe: the same classifier, back-off spans for untemplated patterns
                    words, cues = cuelib.learn_backoff(train_s, lexicon, model.extra)
                    runs[SHIPPED[len("cue-clf "):]] = cuelib.CueModel(
                        model.weights, model.templates, model.extra, model.threshold, model.lexicon_hash,
                        backoff=words, backoff_cues=cues)
                for v, m in runs.items():
                    pred = [tuple(Cue(c.text, c.start, c.end, c.category) for c in m.predict(s.text, lexicon))
                            for s in test]
                    for match in ("exact", "overlap"):
                        per[(name, "cue-clf " + v, match)].append(cue_metrics(gold, pred, match=match))
                    if "cue-clf " + v == SHIPPED:
                        sentence[name].append(prf(np.array([int(bool(g)) for g in gold]),
                                                  np.array([int(bool(p)) for p in pred])))
            print(f"  cue classifier {name}: fold {f + 1}/10", file=sys.stderr)
    return per, sentence


def fmt(ms: list[float]) -> str:
    return f"{ms[0]:.3f} ± {ms[1]:.3f}"


def markdown(result: dict[str, Any]) -> str:
    lines = ["# Cue-level accuracy (issue 7)", "",
             f"Command: `{result['command']}` (wall time {result['wall_s']} s)  ",
             f"Date: {result['date']}; hedgekit {result['hedgekit']}, Python {result['python']}, "
             f"{result['cpus']} CPUs", "",
             "10-fold CV grouped by document (the shipped recipe's folds; Szeged bio documents take their "
             "BioScope twin's fold). Mean ± sd over the 10 folds. Target: span F1 >= 0.85.", "",
             "## Lexicon recall ceiling", "",
             "Share of gold cues that some lexicon candidate overlaps / matches exactly (character span).", "",
             "| corpus | category | gold cues | overlapped | exact |", "|---|---|---|---|---|"]
    for name, cats in result["ceiling"].items():
        for cat, v in cats.items():
            lines.append(f"| {name} | {cat} | {v['n_gold']} | {v['overlapped']:.3f} | {v['exact']:.3f} |")
    lines += ["", "## Span F1 (all cues)", "",
              "| corpus | system | match | precision | recall | F1 | gold | predicted |",
              "|---|---|---|---|---|---|---|---|"]
    for name, systems in result["cue_level"].items():
        for system, matches in systems.items():
            for match, m in matches.items():
                lines.append(f"| {name} | {system} | {match} | {fmt(m['precision'])} | {fmt(m['recall'])} | "
                             f"{fmt(m['f1'])} | {m['n_gold']} | {m['n_predicted']} |")
    lines += ["", "## Per category (Szeged; exact / overlap F1)", "",
              "| corpus | system | category | gold | exact P | exact R | exact F1 | overlap F1 |",
              "|---|---|---|---|---|---|---|---|"]
    for name, systems in result["cue_level"].items():
        for system, matches in systems.items():
            ex, ov = matches["exact"], matches["overlap"]
            for cat, m in ex.get("per_category", {}).items():
                lines.append(f"| {name} | {system} | {cat} | {m['n_gold']} | {fmt(m['precision'])} | "
                             f"{fmt(m['recall'])} | {fmt(m['f1'])} | {fmt(ov['per_category'][cat]['f1'])} |")
    if "backoff_gain" in result:
        lines += ["", "Back-off spans (`+backoff`, the shipped recipe, against `+templates +extra`: the same classifier "
                  "and folds), exact F1 per fold, mean ± sd of the difference: "
                  + ", ".join(f"{name} {g[0]:+.4f} ± {g[1]:.4f}" for name, g in result["backoff_gain"].items()) + "."]
    lines += ["", "## Sentence label from the cue classifier", "",
              "A sentence is *uncertain* iff the shipped `cue-clf +templates +extra +backoff` classifier (fitted on the other "
              "nine folds) finds a cue in it, at its own threshold 0.5; the corpora call a sentence uncertain "
              "iff it has an annotated cue. F1 of the uncertain class, mean ± sd over the 10 folds.", "",
              "| corpus | precision | recall | F1 |", "|---|---|---|---|"]
    for name, m in result.get("sentence_from_cues", {}).items():
        lines.append(f"| {name} | {fmt(m['precision'])} | {fmt(m['recall'])} | {fmt(m['f1'])} |")
    if "sentence_level" in result:
        lines += ["", "## Sentence level with cue-classifier features", "", result["sentence_level"]["note"], "",
                  "| evaluation | features | precision | recall | F1 |", "|---|---|---|---|---|"]
        for row in result["sentence_level"]["rows"]:
            lines.append(f"| {row['evaluation']} | {row['features']} | {row['precision']} | {row['recall']} | "
                         f"{row['f1']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import hedgekit
    from hedgekit.lexicon import load_lexicon

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--C", type=float, default=0.5, help="inverse L2 regularisation of the cue classifier")
    ap.add_argument("--no-sentence", action="store_true", help="skip the sentence-level part")
    ap.add_argument("--rerun-baseline", action="store_true",
                    help="recompute the sentence-level baseline CV instead of reading the shipped model's record")
    args = ap.parse_args(argv)
    corpora = corpora_dir()
    if corpora_missing(corpora, "python benchmarks/cue_level.py", has_option=False):
        return 1
    t0 = time.perf_counter()
    lexicon = load_lexicon()
    data = load(corpora)
    per = current_system(data, lexicon)
    per_clf, sentence = cue_classifier(data, lexicon, args.C)
    per.update(per_clf)
    result: dict[str, Any] = {
        "command": "python benchmarks/cue_level.py" + (" --no-sentence" if args.no_sentence else "")
                   + (f" --C {args.C}" if args.C != 0.5 else "") + (" --rerun-baseline" if args.rerun_baseline else ""),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "hedgekit": hedgekit.__version__, "python": platform.python_version(), "cpus": os.cpu_count(),
        "cue_classifier_C": args.C,
        "ceiling": {name: ceiling(s, lexicon) for name, (s, _, _) in data["sets"].items()},
        "cue_level": {},
        "sentence_from_cues": {name: {k: ms([m[k] for m in runs]) for k in ("precision", "recall", "f1")}
                               for name, runs in sentence.items()},
    }
    for (name, system, match), runs in per.items():
        cats = () if name == "bioscope" else SZEGED_CATS
        result["cue_level"].setdefault(name, {}).setdefault(system, {})[match] = summarize(runs, cats)
    # the back-off spans' gain, paired over the folds (the same classifier, the same folds)
    result["backoff_gain"] = {name: ms([a["f1"] - b["f1"] for a, b in zip(per[(name, SHIPPED, "exact")],
                                                                         per[(name, "cue-clf +templates +extra", "exact")])])
                              for name in data["sets"]}
    if not args.no_sentence:
        from benchmarks import cue_sentence

        result["sentence_level"] = cue_sentence.run(data, lexicon, corpora, args.C, args.rerun_baseline)
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cue_level.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    md = markdown(result)
    (out / "cue_level.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
