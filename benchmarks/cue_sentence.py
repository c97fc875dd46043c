"""Sentence level with cue-classifier features (issue 7, step 3); called by ``benchmarks/cue_level.py``.

Two cue models (:mod:`hedgekit.cues`): ``bio`` trained on BioScope's cues, ``wiki`` on the Szeged
Wikipedia cues. Each gives every sentence three real-valued features (max, noisy-or and count >= 0.5
of its candidates' cue probabilities: ``cue:bio:max``...), appended to the shipped recipe's design.

Cross-fitting, so that no sentence's feature comes from a cue model that saw its cues: in outer fold
``f`` the test rows get cue models fitted on the other nine folds, and the training rows of fold
``g`` get cue models fitted on the folds other than ``f`` and ``g`` (45 pair models + 10 per cue
model). The inner 3-fold threshold search of each outer fold reuses those features (a small
optimism in the threshold only; the test fold is clean). The 10-fold baseline rows are the shipped
model's own record of the same cross-validation (same recipe, folds and code; ``--rerun-baseline``
recomputes them); the abstracts -> full papers baseline is recomputed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hedgekit import cues as cuelib
from hedgekit.benchmark import shipped_hyperparameters, shipped_recipe

NAMES = tuple(f"cue:{m}:{k}" for m in ("bio", "wiki") for k in cuelib.SENTENCE_FEATURES)


def _cand_features(texts: Sequence[str], lexicon: Any) -> list[list[list[str]]]:
    """Per sentence, the feature lists of its lexicon candidates (no extra patterns)."""
    from hedgekit.text import token_spans

    out = []
    for t in texts:
        norms, spans = token_spans(t)
        cands = cuelib.candidates(norms, lexicon)
        has = cuelib.sentence_words(norms)
        out.append([cuelib.candidate_features(norms, cands, i, t[spans[c.first][0]:spans[c.first][1]], has)
                    for i, c in enumerate(cands)])
    return out


def _values(model: cuelib.CueModel, feats: list[list[str]]) -> list[float]:
    d = cuelib.sentence_cue_features([model.probability(f) for f in feats])
    return [d[k] for k in cuelib.SENTENCE_FEATURES]


def _augment(design: Any, extra_cols: np.ndarray) -> Any:
    """A copy of a :class:`hedgekit.train.Design` with real-valued columns appended."""
    from scipy import sparse

    from hedgekit.train import Design

    new = Design.__new__(Design)
    new.names = list(design.names) + list(NAMES)
    new.X = sparse.hstack([design.X, sparse.csr_matrix(extra_cols)], format="csr")
    new.always = np.r_[design.always, np.ones(len(NAMES), dtype=bool)]
    return new


def _cv(ts: Any, design: Any, lexicon: Any, folds: np.ndarray, cols_by_fold: list[np.ndarray] | None) -> dict:
    """The shipped recipe's 10-fold CV (as :func:`hedgekit.train.cross_validate`), per fold design."""
    from hedgekit import train
    from hedgekit.features import FeatureConfig

    corpus = np.asarray(ts.corpus)
    per: dict[tuple[str, str], list[dict[str, float]]] = {}
    for f in range(10):
        d = design if cols_by_fold is None else _augment(design, cols_by_fold[f])
        recipe = shipped_recipe(ts, lexicon, FeatureConfig(), train.SHIPPED_EXPERTS, train.SHIPPED_GATE, design=d)
        tr, te = np.flatnonzero(folds != f), np.flatnonzero(folds == f)
        thresholds = recipe.inner_thresholds(tr, 3)
        probs = recipe.predict(recipe.fit(tr), te)
        for name in sorted(set(ts.corpus)):
            for mode, p in probs.items():
                sel = corpus[te] == name
                if mode != "auto" and not recipe.members[mode][te[sel]].all():
                    continue
                per.setdefault((name, mode), []).append(
                    train.prf(recipe.y[te[sel]], (p[sel] >= thresholds[mode]).astype(np.int64)))
        print(f"  sentence CV ({'with' if cols_by_fold is not None else 'without'} cue features): fold {f + 1}/10",
              file=sys.stderr)
    out = {}
    for key, rows in per.items():
        out[key] = {k: (round(float(np.mean([r[k] for r in rows])), 4), round(float(np.std([r[k] for r in rows], ddof=1)), 4))
                    for k in ("precision", "recall", "f1")}
    return out


def run(data: dict[str, Any], lexicon: Any, corpora: Path, C: float, rerun_baseline: bool = False) -> dict[str, Any]:
    """Sentence-level F1 with and without cue features: 10-fold CV and abstracts -> full papers."""
    from hedgekit import train
    from hedgekit.features import FeatureConfig

    ts, folds = data["ts"], data["folds"]
    cue_sets = {"bio": data["sets"]["bioscope"], "wiki": data["sets"]["szeged-wiki"]}
    feats = _cand_features(ts.texts, lexicon)
    # cols[f][row] = the six features of row as seen in outer fold f
    cols = [np.zeros((len(ts), len(NAMES))) for _ in range(10)]
    for m, (sents, sfold, _) in enumerate(cue_sets.values()):
        models: dict[frozenset[int], cuelib.CueModel] = {}

        def model(out: frozenset[int]) -> cuelib.CueModel:
            if out not in models:
                models[out] = cuelib.fit_cue_model([s for s, k in zip(sents, sfold) if k not in out], lexicon, C=C,
                                                   extra_min_count=None)
            return models[out]

        k = len(cuelib.SENTENCE_FEATURES)
        for f in range(10):
            for g in range(10):
                cm = model(frozenset({f}) if g == f else frozenset({f, g}))
                for r in np.flatnonzero(folds == g):
                    cols[f][r, m * k:(m + 1) * k] = _values(cm, feats[r])
            print(f"  cue features ({list(cue_sets)[m]}): outer fold {f + 1}/10", file=sys.stderr)
    design = train.Design(train.featurize_all(ts.texts, lexicon, FeatureConfig()))
    if rerun_baseline:
        base = _cv(ts, design, lexicon, folds, None)
    else:  # the shipped model's own record of the same CV (same recipe, folds and code)
        import hedgekit

        rec = hedgekit.load_model().training["cross_validation"]["corpora"]
        base = {(n, m): {k: (v[k], v[k + "_std"]) for k in ("precision", "recall", "f1")}
                for n, r in rec.items() for m, v in r.items() if isinstance(v, dict)}
    withf = _cv(ts, design, lexicon, folds, cols)
    rows = []
    for (name, mode) in sorted(withf):
        for label, res in (("shipped", base), ("shipped + cue features", withf)):
            m = res.get((name, mode))
            if m is None:
                continue
            rows.append({"evaluation": f"10-fold CV {name}, {mode}", "features": label,
                         **{k: f"{v[0]:.3f} ± {v[1]:.3f}" for k, v in m.items()}})
    rows += bio_split(corpora, lexicon, C)
    return {"note": __doc__.split("\n\n", 1)[1].strip().replace("\n", " "), "rows": rows,
            "cv": {f"{n}/{m}": {"shipped": base.get((n, m)), "with_cue_features": withf[(n, m)]}
                   for n, m in sorted(withf)}}


def bio_split(corpora: Path, lexicon: Any, C: float) -> list[dict[str, Any]]:
    """Abstracts -> full papers (as ``benchmarks/bio_split.py``), with and without cue features."""
    from sklearn.model_selection import GroupKFold

    from hedgekit import train
    from hedgekit.features import FeatureConfig
    from hedgekit.readers import load_corpus

    ts = train.load_training_set(corpora, [("abstracts", "bioscope/abstracts.xml", "bioscope"),
                                           ("full_papers", "bioscope/full_papers.xml", "bioscope")])
    sents = list(load_corpus(corpora / "bioscope/abstracts.xml", format="bioscope"))
    sents += list(load_corpus(corpora / "bioscope/full_papers.xml", format="bioscope"))
    corpus = np.asarray(ts.corpus)
    fit_rows, test_rows = np.flatnonzero(corpus == "abstracts"), np.flatnonzero(corpus == "full_papers")
    feats = _cand_features(ts.texts, lexicon)
    k = len(cuelib.SENTENCE_FEATURES)
    extra = np.zeros((len(ts), len(NAMES)))
    groups = np.asarray(ts.groups)[fit_rows]
    for tr, te in GroupKFold(n_splits=5).split(fit_rows, groups=groups):
        cm = cuelib.fit_cue_model([sents[r] for r in fit_rows[tr]], lexicon, C=C, extra_min_count=None)
        for r in fit_rows[te]:
            extra[r, :k] = _values(cm, feats[r])
    cm = cuelib.fit_cue_model([sents[r] for r in fit_rows], lexicon, C=C, extra_min_count=None)
    for r in test_rows:
        extra[r, :k] = _values(cm, feats[r])
    keep = np.r_[np.ones(k, dtype=bool), np.zeros(len(NAMES) - k, dtype=bool)]
    base = train.Design(train.featurize_all(ts.texts, lexicon, FeatureConfig()))
    out = []
    for label, design in (("shipped", base), ("shipped + cue features", _augment(base, extra))):
        if label != "shipped":  # only the bio cue model's features exist here
            design.names = [n for n, kp in zip(design.names, np.r_[np.ones(len(base.names), bool), keep]) if kp]
            design.X = design.X[:, np.flatnonzero(np.r_[np.ones(len(base.names), bool), keep])]
            design.always = design.always[np.r_[np.ones(len(base.names), bool), keep]]
        hp = shipped_hyperparameters()
        hp["unannotated"] = {"abstracts": hp["unannotated"].get("bioscope", [])}  # the abstracts are BioScope's
        recipe = shipped_recipe(ts, lexicon, FeatureConfig(), {"biomedical": ("abstracts",)}, ["biomedical"], hp,
                                design=design)
        t = recipe.inner_thresholds(fit_rows, 3)["biomedical"]
        p = recipe.predict(recipe.fit(fit_rows), test_rows)["biomedical"]
        m = train.prf(recipe.y[test_rows], (p >= t).astype(int))
        out.append({"evaluation": "BioScope abstracts -> full papers (biomedical, inner-CV threshold)",
                    "features": label, **{kk: f"{v:.3f}" for kk, v in m.items()}})
    return out
