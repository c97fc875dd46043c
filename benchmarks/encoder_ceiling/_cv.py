"""The expert's 10-fold CV that both baselines reproduce, keeping what the study stacks on."""
import time

import numpy as np
from sklearn.model_selection import GroupKFold

from hedgekit import train as T


def expert_cv(recipe, folds, y, groups, corpus, name, expert, t0=None):
    """Per outer fold, as the shipped CV: the inner 3-fold ``GroupKFold`` of
    ``Recipe.inner_thresholds`` (its out-of-fold predictions kept), the shipped threshold rule on
    them, and ``expert``'s P(uncertain) on the fold's ``name`` sentences. Returns ``(out, f1s)``:
    the arrays saved as ``baseline*.npz`` and the per-fold F1."""
    n = len(y)
    out = {"folds": folds, "p_test": np.full(n, np.nan), "inner_fold": np.full((10, n), -1),
           "p_inner": np.full((10, n), np.nan), "thr": np.zeros(10)}
    f1s = []
    for f in range(10):
        train, test = np.flatnonzero(folds != f), np.flatnonzero((folds == f) & (corpus == name))
        fold = np.empty(len(train), dtype=np.int64)  # == Recipe.inner_thresholds(train, 3) (no class-stratified retry: never needed here)
        for g, (_, te) in enumerate(GroupKFold(n_splits=3).split(train, y[train], groups[train])):
            fold[te] = g
        oof = np.empty(len(train))
        for g in range(3):
            tr, te = np.flatnonzero(fold != g), np.flatnonzero(fold == g)
            oof[te] = recipe.predict(recipe.fit(train[tr]), train[te])[expert]
        sel = recipe.scope(expert, train)
        thr = T.best_threshold(y[train][sel], oof[sel], T.THRESHOLD_TOLERANCE)
        p = recipe.predict(recipe.fit(train), test)[expert]
        f1s.append(T.prf(y[test], (p >= thr).astype(np.int64))["f1"])
        out["p_test"][test] = p; out["inner_fold"][f, train] = fold; out["p_inner"][f, train] = oof; out["thr"][f] = thr
        print(f"fold {f}: thr {thr:.4f} F1 {f1s[-1]:.4f}" + (f" {time.time() - t0:.0f}s" if t0 else ""), flush=True)
    return out, np.array(f1s)
