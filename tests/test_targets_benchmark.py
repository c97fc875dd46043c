"""benchmarks/targets.py: issue 7's targets table, read from the results files."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import targets

ROOT = Path(__file__).resolve().parents[1]


def _results(bio_auto: float, sfu_model: float, pearson: float) -> dict:
    cv = {"f1": bio_auto, "f1_std": 0.02}
    return {
        "accuracy": {"meta": {"date": "d1"},
                     "in_domain": {"corpora": {"bioscope": {"combined": {"auto": cv, "biomedical": cv}}}},
                     "out_of_domain": {"shipped": {"sfu": {"f1": sfu_model}}, "lexicon": {"sfu": {"f1": 0.7}}}},
        "graded": {"stamp": {"date": "d2"}, "variants": {
            "shipped": {"graded": {"modes": {"auto": {"pearson": pearson, "pearson_std": 0.01}}}},
            "graded": {"graded": {"modes": {"science": {"pearson": 0.75, "pearson_std": 0.02}}}}}},
    }


def _row(rows: list[dict[str, str]], prefix: str) -> dict[str, str]:
    return next(r for r in rows if r["target"].startswith(prefix))


def test_met_and_unmet_follow_the_numbers() -> None:
    rows = targets.rows(_results(bio_auto=0.92, sfu_model=0.65, pearson=0.5))
    bio = _row(rows, "BioScope: sentence")
    assert bio["met"] == "yes" and bio["shipped"].startswith("0.920 ± 0.020")
    sfu = _row(rows, "SFU")
    assert sfu["met"] == "no" and sfu["goal"] == "> lexicon (0.700)"
    graded = _row(rows, "Pei & Jurgens")
    assert graded["met"] == "no" and graded["best"].startswith("0.750 ± 0.020 (`graded` variant, `science` mode")
    # a file that was not read leaves its rows unmeasured, never met
    assert _row(rows, "Cue spans, Szeged wiki")["met"] == "not measured"
    rows = targets.rows(_results(bio_auto=0.90, sfu_model=0.71, pearson=0.8))
    assert _row(rows, "BioScope: sentence")["met"] == "no"
    assert _row(rows, "SFU")["met"] == "yes"
    assert _row(rows, "Pei & Jurgens")["best"] == "(the shipped number)"
    # the shipped model's named science expert counts as shipped, with how to call it
    res = _results(bio_auto=0.90, sfu_model=0.71, pearson=0.5)
    res["graded"]["variants"]["shipped"]["graded"]["modes"]["science"] = {"pearson": 0.73, "pearson_std": 0.02}
    pj = _row(targets.rows(res), "Pei & Jurgens")
    assert pj["met"] == "yes" and pj["shipped"] == '0.730 ± 0.020 (`science` expert, `Scorer(expert="science")`)'
    assert pj["best"].startswith("0.750 ± 0.020 (`graded` variant, `science` mode, not shipped")


def test_the_shipped_cue_scorer_counts_as_shipped_with_its_call() -> None:
    res = _results(bio_auto=0.90, sfu_model=0.65, pearson=0.5)
    res["cue_level"] = {"command": "c", "date": "d3",
                        "sentence_from_cues": {"bioscope": {"f1": [0.915, 0.02]}, "szeged-wiki": {"f1": [0.6, 0.03]}}}
    rows = targets.rows(res)
    bio = _row(rows, "BioScope: sentence")
    assert bio["met"] == "yes" and bio["shipped"] == '0.915 ± 0.020 (`hedgekit.cues.score(sentences, domain="bioscope")`)'
    # the better of the default and the cue scorer: here the cue scorer is worse, and not shown
    res["accuracy"]["in_domain"]["corpora"]["szeged-wiki"] = {"combined": {"auto": {"f1": 0.7, "f1_std": 0.01}}}
    wiki = _row(targets.rows(res), "Wikipedia, Szeged")
    assert wiki["met"] == "yes" and wiki["shipped"] == "0.700 ± 0.010 (default, gate)"


def test_a_named_expert_out_of_domain_is_best_measured_not_shipped() -> None:
    # Choosing the mode per evaluation corpus would be tuning on it: the default stays "shipped".
    res = _results(bio_auto=0.90, sfu_model=0.65, pearson=0.5)
    res["accuracy"]["out_of_domain"]["experts"] = {"semantic": {"sfu": {"f1": 0.71}}}
    sfu = _row(targets.rows(res), "SFU")
    assert sfu["met"] == "no" and sfu["shipped"] == "0.650 (shipped model)"
    assert sfu["best"] == '0.710 (`semantic` expert, `Scorer(expert="semantic")`, not the default)'
    res["accuracy"]["out_of_domain"]["experts"]["semantic"]["sfu"]["f1"] = 0.6
    assert _row(targets.rows(res), "SFU")["best"] == "-"


def test_the_semantic_expert_counts_as_shipped_in_its_own_cross_validation() -> None:
    res = _results(bio_auto=0.90, sfu_model=0.65, pearson=0.5)
    res["accuracy"]["in_domain"]["corpora"]["szeged-wiki"] = {"combined": {
        "auto": {"f1": 0.75, "f1_std": 0.03}, "semantic": {"f1": 0.86, "f1_std": 0.02}}}
    wiki = _row(targets.rows(res), "Wikipedia, Szeged")
    assert wiki["shipped"] == '0.860 ± 0.020 (`semantic` expert, `Scorer(expert="semantic")`)'
    assert wiki["best"] == "(the shipped number)"


def test_readme_section_is_replaced_and_required() -> None:
    text = f"a\n{targets.README_START}\nold\n{targets.README_END}\nb\n"
    new = targets.replace_section(text, "NEW")
    assert new == f"a\n{targets.README_START}\nNEW\n{targets.README_END}\nb\n"
    assert targets.replace_section(new, "NEW") == new
    with pytest.raises(ValueError, match="targets-table"):
        targets.replace_section("no markers here", "x")


def test_readme_table_matches_the_committed_results() -> None:
    # The README's table is what `python -m benchmarks.targets` makes of the results files in the repo.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = targets.table(targets.load_results())
    assert targets.replace_section(readme, body) == readme


def _behaviour_mode(hearsay: int, literal: float, unseen: float) -> dict:
    """A mode of behaviour.json: ``hearsay`` of 24 hearsay sentences caught, the other hedges all caught."""
    return {"hearsay": {"caught": hearsay / 24, "per_frame": {"a": min(hearsay, 12), "b": max(hearsay - 12, 0)}},
            "vague attribution": {"caught": 1.0, "per_frame": {"c": 12}},
            "negated certainty": {"caught": 1.0, "per_frame": {"d": 12}},
            "boosters": {"raises": 1.0}, "literal_certain": literal, "literal_unseen_certain": unseen}


def test_behaviour_rows_read_the_default_and_a_mode_blind_to_hedges_is_never_best() -> None:
    res = _results(bio_auto=0.90, sfu_model=0.65, pearson=0.5)
    science = _behaviour_mode(0, 1.0, 1.0)
    science["vague attribution"] = {"caught": 0.0, "per_frame": {"c": 0}}
    science["negated certainty"] = {"caught": 0.0, "per_frame": {"d": 0}}
    res["behaviour"] = {"stamp": {"date": "d4"}, "modes": {
        "auto": _behaviour_mode(18, 0.8, 0.7),
        "general": _behaviour_mode(22, 0.84, 0.7),   # catches more hedges: may be best on literal uses
        "semantic": _behaviour_mode(10, 0.92, 0.9),  # catches fewer: its certain literal uses come cheap
        "science": science}}                         # catches none
    rows = targets.rows(res)
    hearsay = _row(rows, "Behaviour: hearsay")
    assert hearsay["goal"] == "all (1.00)" and hearsay["met"] == "no"
    assert hearsay["shipped"] == "0.750 (default)"
    assert hearsay["best"] == '0.917 (`general` expert, `Scorer(expert="general")`, not the default)'
    assert _row(rows, "Behaviour: negated certainty")["met"] == "yes"
    literal = _row(rows, "Behaviour: literal uses")
    assert literal["met"] == "no" and literal["shipped"] == "0.800 (default; the unseen ones: 0.700)"
    assert literal["best"] == '0.840 (`general` expert, `Scorer(expert="general")`, not the default; the unseen ones: 0.700)'
    assert "behaviour d4" in targets.table(res)
    del res["behaviour"]["modes"]["general"]
    assert _row(targets.rows(res), "Behaviour: literal uses")["best"] == "(the shipped number)"
    del res["behaviour"]
    assert _row(targets.rows(res), "Behaviour: hearsay")["met"] == "not measured"


def test_the_met_cell_gives_the_margin_and_the_conll_row_the_lists_class_balance() -> None:
    """An audit: "met" was decided on means whose margin lay inside the folds' spread, and the CoNLL
    row's 0.621 is on lists with more uncertain sentences than the task's data."""
    res = _results(0.92, 0.65, 0.70)
    res["accuracy"]["in_domain"]["corpora"]["conll2010-wiki"] = {"combined": {"conll-wiki": {"f1": 0.62, "f1_std": 0.02}}}
    res["conll_data"] = {"baseline": "lists", "variants": {"lists": {"f1_with_missing": {"certain": [0.56, 0.02],
                                                                                          "szeged": [0.6, 0.01]}}}}
    rows = targets.rows(res)
    assert _row(rows, "BioScope: sentence")["margin"] == "+0.010, +0.5 sd"
    assert _row(rows, "SFU")["margin"] == "-0.050"
    conll = _row(rows, "Wikipedia, CoNLL")
    assert conll["margin"] == "-0.040, -2.0 sd" and conll["met"] == "no"
    assert conll["shipped"].endswith("missing, mostly certain sentences added to the test folds 0.560 (all labelled "
                                     "certain) or 0.600 (Szeged's labels), `conll_data.json`)")
    assert "| no (-0.040, -2.0 sd) |" in targets.table(res)
    del res["conll_data"]
    assert _row(targets.rows(res), "Wikipedia, CoNLL")["shipped"] == \
        '0.620 ± 0.020 (`conll-wiki` expert, `Scorer(expert="conll-wiki")`)'


def test_the_conll_rows_best_is_the_encoder_naming_the_best_within_the_model_budget() -> None:
    """Best measured on the CoNLL lists: the fine-tuned encoder (outside the budget, said so), with the
    best stacked variant within it; without the encoder's results, the better of the expert and that."""
    res = _results(0.92, 0.65, 0.70)
    res["accuracy"]["in_domain"]["corpora"]["conll2010-wiki"] = {"combined": {"conll-wiki": {"f1": 0.62, "f1_std": 0.02}}}
    name = targets.CONLL_STACKED[0]
    res["conll_variants"] = {"stamp": {"date": "d3"}, "variants": {name: {"f1_shipped_folds": [0.63, 0.02]}}}
    best = _row(targets.rows(res), "Wikipedia, CoNLL")["best"]
    assert best.startswith("0.630 ± 0.020 (`conll-wiki` + the Szeged cue classifier's readings")
    res["encoder_ceiling"] = {"date": "d4", "model_bytes": 91_618_861,
                              "finetuned_2_epochs": {"variants": {"ft_avg": {"f1": 0.666, "f1_std": 0.021}}}}
    row = _row(targets.rows(res), "Wikipedia, CoNLL")
    assert row["best"].startswith("0.666 ± 0.021 (all-MiniLM-L6-v2 fine-tuned for 2 epochs")
    assert "92 MB and PyTorch, outside the issue's small numpy model, not shipped" in row["best"]
    assert "; within that budget 0.630 ± 0.020, `conll-wiki` + the Szeged cue" in row["best"]
    assert row["met"] == "no" and row["margin"] == "-0.040, -2.0 sd"  # (met is the shipped model's)
    del res["conll_variants"]
    assert "within that budget" not in _row(targets.rows(res), "Wikipedia, CoNLL")["best"]
    del res["encoder_ceiling"]
    assert _row(targets.rows(res), "Wikipedia, CoNLL")["best"] == "(the shipped number)"
