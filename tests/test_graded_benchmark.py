"""benchmarks/graded.py: the lexicon baseline on graded folds and the report it renders."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import graded
from hedgekit import train


def test_lexicon_graded_and_render() -> None:
    texts = ["The drug may reduce mortality.", "The drug reduced mortality.", "Perhaps p53 is involved.",
             "p53 is involved.", "It is possible that IL-2 matters.", "IL-2 matters."] * 3
    ratings = np.array([3.0, 5.5, 2.5, 6.0, 3.5, 5.0] * 3)
    ts = train.TrainingSet(texts, (ratings <= 3.5).astype(np.int8), [f"pei-jurgens/#{i}" for i in range(18)],
                           ["pei-jurgens"] * 18, target=np.array([train.rating_target(r) for r in ratings]))
    lx = graded.lexicon_graded(ts, ratings, k=3)
    assert lx["pearson_pooled"] > 0.8  # hedged sentences get lower certainty and lower ratings
    modes = {"auto": {**lx}, "science": {**lx}}
    res = {"k": 3, "n_pei_jurgens": 18, "lexicon": lx, "wall_seconds": 1.0,
           "stamp": {"command": "python -m benchmarks.graded", "hedgekit_version": "0", "date": "today",
                     "python": "3", "numpy": "2", "scipy": "1", "sklearn": "1",
                     "machine": {"platform": "x", "cpu_count": 2}},
           "variants": {"graded": {"description": "d", "graded": {"modes": modes}}}}
    md = graded.render(res)
    assert "python -m benchmarks.graded" in md and "| lexicon only | - |" in md
    assert f"{lx['pearson']:.3f} ± {lx['pearson_std']:.3f}" in md
    assert set(graded.FULL_DEFAULT) <= set(graded.VARIANTS)


def test_the_recorded_full_shipped_variant_is_the_shipped_model() -> None:
    """``--full`` trains each variant as the shipped model is trained: the ``shipped`` variant's
    thresholds are the shipped model's (the same recipe, rules and folds), and the report shows them."""
    import json
    from pathlib import Path

    import hedgekit

    res = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "graded.json")
                     .read_text(encoding="utf-8"))
    shipped = res["variants"]["shipped"]
    assert shipped["thresholds"] == dict(hedgekit.load_model().thresholds)
    md = graded.render(res)
    assert f"| `shipped` | {shipped['thresholds']['auto']:.3f} |" in md
    for v in graded.FULL_DEFAULT:
        assert {"in_domain", "thresholds", "ood"} <= set(res["variants"][v]), v


# --- run(..., full=...) on a toy training set ---------------------------------------------------
_NOUNS = ["drug", "gene", "bridge", "mayor", "river", "virus", "market", "school", "enzyme", "storm",
          "treaty", "engine", "harbour", "museum", "tumour", "budget", "vaccine", "factory", "protein", "council"]


def _toy_training_set() -> train.TrainingSet:
    """Each corpus of the graded recipe, 20 documents of a hedged and a plain sentence (Pei & Jurgens:
    ratings as soft targets), in the shape ``load_training_set`` gives; BioScope's also hold a hearsay
    sentence labelled certain, as BioScope does not annotate hearsay."""
    texts, y, groups, corpus, target = [], [], [], [], []
    hedges = {"bioscope": "may", "conll2010-wiki": "reportedly", "szeged-wiki": "probably", "pei-jurgens": "might"}
    for name, _, _ in train.GRADED_CORPORA:
        for d, noun in enumerate(_NOUNS):
            hearsay = ((f"Reportedly, the {noun} changed in {name} {d}.", 0, 5.5),) if name == "bioscope" else ()
            for text, label, rating in ((f"The {noun} {hedges[name]} change in {name} {d}.", 1, 2.5),
                                        (f"The {noun} changed in {name} {d}.", 0, 5.5), *hearsay):
                texts.append(text), y.append(label), groups.append(f"{name}/d{d}"), corpus.append(name)
                target.append(train.rating_target(rating) if name == graded.PJ else float(label))
    return train.TrainingSet(texts, np.array(y, dtype=np.int8), groups, corpus, target=np.array(target))


def _toy_ood(root: object, name: str) -> list:
    from hedgekit.types import AnnotatedSentence, Cue

    out = []
    for i, noun in enumerate(_NOUNS):
        hedged = f"The {noun} would probably fail in {name}."
        at = hedged.index("would")
        cue = Cue("would", at, at + 5, "unspecified") if i % 2 else Cue("probably", at + 6, at + 14, "unspecified")
        out += [AnnotatedSentence(hedged, "uncertain", cues=(cue,)), AnnotatedSentence(f"The {noun} failed.", "certain"),
                # gated to the biomedical expert (its corpus's words), which BioScope's rule constrains
                AnnotatedSentence(f"Reportedly, the {noun} changed in bioscope {i}.", "uncertain",
                                  cues=(Cue("Reportedly", 0, 10, "hearsay"),))]
    return out


def test_run_full_trains_each_variant_as_the_shipped_model_is_trained(tmp_path, monkeypatch) -> None:
    """``--full``'s ``shipped`` variant is ``train_shipped`` on the same sentences (the same thresholds, which
    move with any hyperparameter), its out-of-domain F1 is the model's at its own threshold, and the
    report shows it."""
    import hedgekit
    from hedgekit import benchmark as B

    ts = _toy_training_set()
    monkeypatch.setattr(train, "load_training_set", lambda root, corpora: ts)
    monkeypatch.setattr(graded, "pj_ratings", lambda root: 6.0 - 5.0 * ts.target[np.asarray(ts.corpus) == graded.PJ])
    monkeypatch.setattr(B, "load_sentences", _toy_ood)
    fitted = []
    train_model = train.train_model
    monkeypatch.setattr(train, "train_model", lambda *a, **kw: fitted.append(train_model(*a, **kw)) or fitted[-1])
    res = graded.run(tmp_path, ["shipped", "binary-macro"], k=3, full=["shipped"])
    assert len(fitted) == 1  # only the --full variant is trained whole
    shipped, _ = train.train_shipped(tmp_path, tmp_path / "m.json")
    entry, model = res["variants"]["shipped"], fitted[0][0]
    assert entry["thresholds"] == dict(shipped.thresholds)
    # the same weights (so the same sign rules: BioScope's k:hearsay, learnt as certain, is clipped at 0)
    assert model.features == shipped.features and np.array_equal(model.coef, shipped.coef)
    assert "k:hearsay" not in shipped.features or shipped.coef[shipped.index["k:hearsay"],
                                                                 shipped.experts.index("biomedical")] >= 0
    assert entry["ood"] == graded.ood_eval(shipped, tmp_path)  # F1, ROC AUC and gate mix: the same weights
    assert "ood" not in res["variants"]["binary-macro"]  # graded CV only, not in `full`
    assert set(entry["in_domain"]) == {c for c, _, _ in train.GRADED_CORPORA}
    for name in graded.OOD:
        sents = _toy_ood(tmp_path, name)
        got = hedgekit.Scorer(model=shipped).score([s.text for s in sents])
        expect = train.prf(np.array([s.label == "uncertain" for s in sents]),
                           np.array([g.label == "uncertain" for g in got]))
        assert entry["ood"][name]["f1"] == pytest.approx(expect["f1"], abs=1e-4), name
        assert set(entry["ood"][name]["mix"]) == set(shipped.experts)
    cues = {c["cue"]: c for c in entry["sfu_cues"]}
    assert {c: cues[c]["n"] for c in cues} == {"would": 10, "probably": 10, "reportedly": 20}
    assert cues["probably"]["lexicon_recall"] == 1.0 and set(cues["would"]["weights"]) == set(shipped.gate)
    res.update(wall_seconds=1.0, stamp={"command": graded.COMMAND + " --full", "hedgekit_version": "0", "date": "today",
                                        "python": "3", "numpy": "2", "scipy": "1", "sklearn": "1",
                                        "machine": {"platform": "x", "cpu_count": 2}})
    md = graded.render(res)
    assert f"| `shipped` | {entry['thresholds']['auto']:.3f} |" in md and "`binary-macro` |" not in md.split("--full`)")[1]
