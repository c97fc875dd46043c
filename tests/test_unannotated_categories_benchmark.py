"""benchmarks/unannotated_categories.py: the clip in training and on a fitted model, and the report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import hedgekit
from benchmarks import unannotated_categories as UC
from hedgekit import train
from hedgekit.features import FeatureConfig

RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def _hearsay_is_certain_in_bio() -> tuple[train.TrainingSet, train.Design]:
    """A "bio" corpus whose hearsay sentences are labelled certain (as BioScope, which does not annotate
    hearsay), and a "wiki" corpus where they are uncertain."""
    things = ["the protein binds DNA", "the drug works", "the gene is expressed", "the cells divide",
              "the virus spreads", "the level rises", "the enzyme is active", "the tumour shrinks"]
    texts, y, groups, corpus = [], [], [], []
    for d in range(8):
        for i, t in enumerate(things):
            for text, label_bio, label_wiki in ((f"Reportedly, {t}.", 0, 1), (f"It may be that {t}.", 1, 1),
                                                (f"We show that {t}.", 0, 0)):
                for c, label in (("bio", label_bio), ("wiki", label_wiki)):
                    texts.append(text if c == "bio" else text.replace(".", " here."))
                    y.append(label), groups.append(f"{c}{d}"), corpus.append(c)
    ts = train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus)
    return ts, train.Design(train.featurize_all(ts.texts, hedgekit.load_lexicon(), FeatureConfig()))


def test_the_clipped_recipe_keeps_an_unannotated_category_from_counting_as_certain() -> None:
    ts, design = _hearsay_is_certain_in_bio()
    experts = {"biomedical": ("bio",), "general": ("wiki",)}
    plain = train.Recipe(ts, design, experts, list(experts), C=1.0)
    clipped = UC.ClippedRecipe(ts, design, experts, list(experts), C=1.0)
    rows = np.arange(len(ts))
    (cols, coef, _), (cols2, coef2, _) = plain.fit(rows), clipped.fit(rows)
    assert np.array_equal(cols, cols2)
    j = [design.names[c] for c in cols].index("k:hearsay")
    assert coef[j, 0] < 0 and coef2[j, 0] == 0.0  # biomedical: learned as certain, then clipped
    assert coef2[j, 1] == coef[j, 1] > 0  # general keeps its weight
    others = np.ones(len(cols), dtype=bool)
    others[[k for k, c in enumerate(cols) if design.names[c] in UC.CLIPPED]] = False
    assert np.array_equal(coef[others], coef2[others])


def test_clipped_model_changes_only_those_weights_of_that_expert() -> None:
    model = hedgekit.load_model()
    clipped = UC.clipped_model(model)
    h = list(model.experts).index(UC.EXPERT)
    changed = np.argwhere(clipped.coef != model.coef)
    assert {model.features[i] for i, _ in changed} <= set(UC.CLIPPED) and set(changed[:, 1].tolist()) <= {h}
    for f in UC.CLIPPED:
        assert clipped.coef[model.index[f], h] == max(0.0, model.coef[model.index[f], h])
    assert clipped.thresholds == model.thresholds


def test_the_recorded_results_compare_with_the_shipped_numbers() -> None:
    res = json.loads((RESULTS / "unannotated_categories.json").read_text(encoding="utf-8"))
    acc = json.loads((RESULTS / "accuracy.json").read_text(encoding="utf-8"))
    md = UC.render(res)
    assert UC.COMMAND in md and "| bioscope | biomedical |" in md
    # the baseline CV is the accuracy suite's (same recipe, folds and code)
    combined = {c: d["combined"] for c, d in acc["in_domain"]["corpora"].items()}
    assert res["cv"]["shipped"] == {c: {m: round(v["f1"], 4) for m, v in d.items()} for c, d in combined.items()}
    model = hedgekit.load_model()
    h = list(model.experts).index(UC.EXPERT)
    assert res["shipped_weights"] == {f: round(float(model.coef[model.index[f], h]), 4) for f in UC.CLIPPED}
