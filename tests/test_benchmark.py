"""``hedgekit benchmark`` and the accuracy suite (hedgekit.benchmark, benchmarks/accuracy.py)."""

from __future__ import annotations

import io
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

import hedgekit
from conftest import require_shared
from hedgekit import benchmark as bm
from hedgekit import Scorer, cli, load_corpus
from hedgekit.evaluate import format_report
from hedgekit.features import FeatureConfig
from hedgekit.train import TrainingSet
from hedgekit.types import AnnotatedSentence

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "corpora" / "fixtures"
RESULTS = ROOT / "benchmarks" / "results" / "accuracy.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = cli.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def in_unit(x: object) -> bool:
    return isinstance(x, (int, float)) and 0.0 <= x <= 1.0


# --------------------------------------------------------------------------------- the subcommand
@pytest.mark.parametrize("corpus", ["bioscope/sample.xml", "szeged/sample.xml", "sfu", "unsc/sample.json",
                                    "conll-wiki", "user/sample.tsv"])
def test_cli_json_on_fixtures(capsys: pytest.CaptureFixture[str], corpus: str) -> None:
    rc, out, err = run(capsys, "benchmark", "--corpus", str(FIX / corpus), "--json", "--n-boot", "50")
    assert rc == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal
    assert len(out.strip().splitlines()) == 1
    rep = json.loads(out)
    for key in ("n", "precision", "recall", "f1", "accuracy", "threshold", "f1_ci", "calibration", "scorer"):
        assert key in rep, key
    assert isinstance(rep["n"], int) and rep["n"] >= rep["n_labelled"] > 0
    for key in ("precision", "recall", "f1", "accuracy"):
        assert in_unit(rep[key]), (key, rep[key])
    for key in ("roc_auc", "average_precision"):
        assert rep[key] is None or in_unit(rep[key])
    lo, hi = rep["f1_ci"]
    assert 0.0 <= lo <= hi <= 1.0
    assert rep["scorer"]["expert"] == "auto"


def test_cli_json_graded_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(FIX / "pei-jurgens"), "--json", "--n-boot", "40")
    assert rc == 0
    rep = json.loads(out)
    assert rep["format"] == "pei-jurgens" and rep["n_rated"] >= 2
    assert rep["precision"] is None and rep["recall"] is None and rep["f1"] is None  # no binary labels
    for key in ("pearson", "spearman"):
        assert -1.0 <= rep[key] <= 1.0
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(FIX / "pei-jurgens" / "sentence-level-certainty.sample.jsonl"),
                     "--json", "--n-boot", "0", "--uncertain-at-most", "3.5")
    rep = json.loads(out)
    assert rc == 0 and rep["n_labelled"] == rep["n_rated"] and in_unit(rep["f1"]) and "pearson" in rep


def test_cli_table_expert_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--n-boot", "40",
                     "--expert", "biomedical", "--threshold", "0.4")
    assert rc == 0
    assert "expert biomedical, threshold 0.400" in out
    assert "Sentence classification (positive class: uncertain)" in out
    assert "Cues, overlap match" in out and "Calibration" in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_cli_user_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "mine.csv"
    p.write_text("sentence,hedged\nIt may rain.,1\nIt rains.,0\nPerhaps not.,1\nThe sky is blue.,0\n", encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(p), "--text-column", "sentence",
                       "--label-column", "hedged", "--json", "--n-boot", "0")
    assert rc == 0, err
    rep = json.loads(out)
    assert rep["n"] == 4 and rep["n_uncertain"] == 2 and rep["format"] == "csv"


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(capsys, "benchmark", "--corpus", str(tmp_path / "missing"), "--json")
    assert (rc, out) == (1, "") and "no such file" in err
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bad" / "szeged_malformed.xml"))
    assert rc == 1 and "szeged_malformed.xml" in err and "line" in err
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bad" / "unknown.dat"))
    assert rc == 1 and "format" in err
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--expert", "nope")
    assert rc == 1 and "unknown expert" in err
    empty = tmp_path / "empty.tsv"
    empty.write_text("text\tlabel\n", encoding="utf-8")
    rc, _, err = run(capsys, "benchmark", "--corpus", str(empty))
    assert (rc, err) == (1, f"hedgekit: error: {empty}: no sentences to evaluate (read as tsv)\n")
    # ratings under a column the reader was not told about: nothing to evaluate against, not all-null metrics
    unrated = tmp_path / "unrated.tsv"
    unrated.write_text("text\tlabel\tscore\nIt may rain.\t\t2\nIt rained.\t\t5\n", encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(unrated), "--json")
    assert rc == 1 and out == "" and "2 sentences but nothing to evaluate them against" in err
    assert "--rating-column" in err
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(unrated), "--json", "--rating-column", "score",
                     "--n-boot", "0")
    assert rc == 0 and json.loads(out)["n_rated"] == 2
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--seed", "-1")
    assert rc == 2 and "--seed: must be at least 0" in err
    with pytest.raises(ValueError, match="seed must be an int >= 0 or None"):
        bm.benchmark_corpus(FIX / "bioscope", seed="a", n_boot=5)  # type: ignore[arg-type]
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--format", "nope")
    assert rc == 2 and "unknown format" in err
    assert run(capsys, "benchmark")[0] == 2  # --corpus is required
    assert run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--threshold", "1.5")[0] == 2
    assert run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), "--n-boot", "-1")[0] == 2
    for bad in ("nan", "inf", "-inf"):  # NaN would label every rating certain, silently
        rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope"), f"--uncertain-at-most={bad}")
        assert rc == 2 and "--uncertain-at-most: must be a finite number" in err
    with pytest.raises(ValueError, match="uncertain_at_most must be a finite number"):
        bm.benchmark_corpus(FIX / "bioscope", uncertain_at_most=float("nan"))


def test_benchmark_corpus_passes_the_evaluation_settings_and_refuses_what_it_cannot_use() -> None:
    """``ci``, ``n_bins`` and ``cue_match`` reach the evaluation (they used to go to the reader, which
    ignored them); a misspelt reader option and a scorer without ``score(list[str])`` are refused
    before anything is scored."""
    from hedgekit import HedgeClassifier
    from hedgekit.errors import ArgumentError, InputTypeError

    rep = bm.benchmark_corpus(FIX / "bioscope", ci=0.5, n_bins=4, cue_match="exact", n_boot=50)
    assert rep["ci"] == 0.5 and rep["calibration"]["n_bins"] == 4 and list(rep["cues"]) == ["exact"]
    low, high = rep["f1_ci"]
    wide = bm.benchmark_corpus(FIX / "bioscope", n_boot=50)
    assert wide["ci"] == 0.95 and wide["f1_ci"][0] <= low <= high <= wide["f1_ci"][1]
    with pytest.raises(ArgumentError, match=r"unknown corpus reader option\(s\) \['txt_column'\]; the readers take "
                                            r"\[.*'text_column'"):
        bm.benchmark_corpus(FIX / "bioscope", txt_column="sentence")
    with pytest.raises(InputTypeError, match=r"HedgeClassifier.*clf.to_scorer\(\)"):
        bm.benchmark_corpus(FIX / "bioscope", HedgeClassifier())
    with pytest.raises(InputTypeError, match=r"score\(list\[str\]\) method .* got str"):
        bm.benchmark_corpus(FIX / "bioscope", "model.json.gz")


def test_a_folder_is_read_as_load_corpus_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of train_certain.txt / train_uncertain.txt with a notes file: the inferred format reads
    the files it recognises, as hedgekit.load_corpus does (it used to read every .txt and fail)."""
    from hedgekit import load_corpus

    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "train_uncertain.txt").write_text("It may rain.\nPerhaps it works.\n", encoding="utf-8")
    (folder / "train_certain.txt").write_text("It rained.\nIt works.\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a corpus file\n", encoding="utf-8")
    assert len(list(load_corpus(folder))) == 4
    rc, out, err = run(capsys, "benchmark", "--corpus", str(folder), "--json", "--n-boot", "0")
    assert rc == 0 and err == ""
    rep = json.loads(out)
    assert (rep["n"], rep["n_uncertain"], rep["format"]) == (4, 2, "conll-wiki")
    # a folder of several formats, which load_corpus reads file by file, was refused ("cannot infer one format")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.tsv").write_text("text\tlabel\nIt may rain.\t1\nIt rained.\t0\n", encoding="utf-8")
    (mixed / "b.jsonl").write_text('{"text": "Perhaps it works.", "label": 1}\n', encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(mixed), "--json", "--n-boot", "0")
    assert rc == 0, err
    rep = json.loads(out)
    assert (rep["n"], rep["n_uncertain"], rep["format"]) == (3, 2, "jsonl+tsv")


def test_progress_bar_only_when_enabled() -> None:
    s = io.StringIO()
    bar = bm.ProgressBar("x", 4, s, enabled=False)
    bar.advance(2, "half")
    bar.close()
    assert s.getvalue() == ""
    bar = bm.ProgressBar("x", 4, s, enabled=True)
    bar.advance(4, "done")
    assert "100%" in s.getvalue() and "done" in s.getvalue()
    bar.close()
    assert s.getvalue().endswith("\r")


# -------------------------------------------------------------------------------- suite functions
HEDGED = ["The drug may reduce mortality in group {}.", "These results suggest that gene {} is involved.",
          "It is possible that protein {} binds DNA.", "Perhaps sample {} was contaminated."]
PLAIN = ["The drug reduced mortality in group {}.", "Gene {} is involved in the pathway.",
         "Protein {} binds DNA.", "Sample {} was contaminated with bacteria."]


def tiny_ts(n: int = 12, corpora: tuple[str, ...] = ("a", "b")) -> TrainingSet:
    texts, y, groups, names = [], [], [], []
    for c in corpora:
        for i in range(n):
            for tpl, lab in ((HEDGED[i % 4], 1), (PLAIN[i % 4], 0)):
                texts.append(tpl.format(f"{c}{i}"))
                y.append(lab)
                groups.append(f"{c}/{i}")
                names.append(c)
    return TrainingSet(texts, np.array(y, dtype=np.int8), groups, names)


def test_lexicon_scorer() -> None:
    lx = bm.LexiconScorer()
    res = lx.score(["The drug may reduce mortality.", "The drug clearly reduced mortality.", ""])
    assert [r.label for r in res] == ["uncertain", "certain", "certain"]
    assert 0 < res[0].p_uncertain <= 1 and res[0].certainty == pytest.approx(1 - res[0].p_uncertain)
    assert res[1].p_uncertain == 0.0 and any(c.category == "booster" and c.contribution < 0 for c in res[1].cues)
    assert [c.text for c in res[0].cues] == ["may"] and res[0].cues[0].contribution > 0
    assert np.allclose(lx.p_uncertain([r.text for r in res]), [r.p_uncertain for r in res])
    with pytest.raises(TypeError, match="bare str"):  # it scored each character as a sentence
        lx.score("It may rain.")


def test_lexicon_cv_and_recipe_cv_tiny() -> None:
    ts = tiny_ts()
    rep = bm.lexicon_cv(ts, k=3)
    assert set(rep["corpora"]) == {"a", "b"}
    m = rep["corpora"]["a"]["lexicon"]
    assert m["f1"] == 1.0 and m["roc_auc"] == 1.0 and len(rep["oof"]["lexicon"]) == len(ts)
    rep = bm.recipe_cv(ts, config=bm.SYSTEMS["classifier"], experts={"a": ("a",), "b": ("b",)}, gate=["a", "b"],
                       k=2, inner_k=0)
    assert rep["feature_config"]["cues"] is False and set(rep["oof"]) == {"auto", "a", "b"}
    for name in ("a", "b"):
        for mode in ("auto", name):
            m = rep["corpora"][name][mode]
            assert all(in_unit(m[k]) for k in ("precision", "recall", "f1", "roc_auc", "ece"))


def test_single_corpus_model_and_evaluate_system() -> None:
    ts = bm.subset(tiny_ts(), ["a"])
    assert set(ts.corpus) == {"a"} and len(ts) == 24
    model, diag = bm.single_corpus_model(ts, "a", config=FeatureConfig(), k=2)
    assert model.experts == ("a",) and 0 < diag["threshold"] < 1 and in_unit(diag["f1"])
    sents = [AnnotatedSentence(t, "uncertain" if y else "certain", rating=2.0 if y else 5.5)
             for t, y in zip(bm.subset(tiny_ts(), ["b"]).texts, bm.subset(tiny_ts(), ["b"]).y)]
    from hedgekit import Scorer

    summary, p = bm.evaluate_system(Scorer(model=model), sents, n_boot=40)
    assert len(p) == len(sents) and summary["n"] == len(sents)
    assert in_unit(summary["f1"]) and summary["spearman"] > 0 and "ece" in summary


def test_evaluate_system_keeps_six_decimals_so_its_tables_round_once() -> None:
    """The summary kept four decimals, and the suite's tables print three: a value such as 0.74549
    was written 0.7455 and printed 0.746 (FactBank's F1 CI in accuracy.md; `benchmark` said 0.745)."""
    from hedgekit import Scorer
    from hedgekit.evaluate import evaluate

    ts = tiny_ts()
    sents = [AnnotatedSentence(t, "uncertain" if y else "certain") for t, y in zip(ts.texts, ts.y)]
    summary, _ = bm.evaluate_system(Scorer(), sents, n_boot=50, resample="sentences")
    full = evaluate(Scorer(), sents, n_boot=50, resample="sentences")
    for key in ("precision", "recall", "f1", "roc_auc", "average_precision"):
        assert summary[key] == round(full[key], 6)
    assert summary["f1_ci"] == [round(x, 6) for x in full["f1_ci"]]
    assert summary["ece"] == round(full["calibration"]["ece"], 6)
    assert bm._f3(bm._r(0.7454949)) == "0.745"


def test_rating_label() -> None:
    s = AnnotatedSentence("x", None, rating=3.5)
    assert bm.with_rating_label(s).label == "uncertain"
    assert bm.with_rating_label(AnnotatedSentence("x", None, rating=3.75)).label == "certain"
    assert bm.with_rating_label(AnnotatedSentence("x", "certain", rating=1.0)).label == "certain"


def test_training_set_refuses_evaluation_only_corpora(tmp_path: Path) -> None:
    for name in ("sfu", "factbank", "unsc"):
        with pytest.raises(ValueError, match="evaluation only"):
            bm.training_set(tmp_path, [name])


def test_plots_tiny(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    y = np.array([0, 1, 0, 1, 1, 0])
    written = bm.make_plots({"bioscope": (y, {"combined": np.array([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])})}, tmp_path)
    assert written == ["pr-bioscope.png", "reliability-bioscope.png"]
    for fn in written:
        assert (tmp_path / fn).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_named_expert_of_the_shipped_model_is_scored_alone() -> None:
    # "shipped:<expert>" rows score with that expert alone: the same labels as Scorer(expert=...)
    root = require_shared("corpora")
    row, _ = bm._task_cross(str(root), None, "shipped:semantic", 5, ("factbank",), 40)
    sents = [s for s in bm.load_sentences(str(root), "factbank") if s.label is not None]
    y = np.array([s.label == "uncertain" for s in sents])
    pred = np.array([r.label == "uncertain" for r in Scorer(expert="semantic").score([s.text for s in sents])])
    tp = int((pred & y).sum())
    assert row["test"]["factbank"]["f1"] == pytest.approx(2 * tp / (int(pred.sum()) + int(y.sum())), abs=1e-4)
    assert row["system"] == "shipped:semantic"
    assert bm._system_label(row["system"]) == "shipped model, `semantic` expert"


def test_a_shipped_cue_model_is_scored_as_a_sentence_classifier() -> None:
    # "cues:<domain>" rows: uncertain iff hedgekit.cues.score finds a cue, certainty 1 - its largest P(cue)
    from hedgekit import cues

    root = require_shared("corpora")
    row, p = bm._task_cross(str(root), None, "cues:general", 5, ("factbank",), 40)
    sents = [s for s in bm.load_sentences(str(root), "factbank") if s.label is not None]
    y = np.array([s.label == "uncertain" for s in sents])
    scored = cues.score([s.text for s in sents], domain="general")
    pred = np.array([r.label == "uncertain" for r in scored])
    assert pred.any() and not pred.all()
    tp = int((pred & y).sum())
    assert row["test"]["factbank"]["f1"] == pytest.approx(2 * tp / (int(pred.sum()) + int(y.sum())), abs=1e-4)
    assert np.allclose(p["factbank"], [r.p_uncertain for r in scored])
    assert row["system"] == "cues:general"
    assert bm._system_label(row["system"]) == "shipped cue classifier, `general` (`hedgekit.cues.score`)"


def test_readme_section_replacement() -> None:
    text = f"a\n{bm.README_START}\nold\n{bm.README_END}\nb\n"
    new = bm.replace_readme_section(text, "| t |\n")
    assert new == f"a\n{bm.README_START}\n| t |\n{bm.README_END}\nb\n"
    assert bm.readme_section(new) == "| t |\n"
    with pytest.raises(ValueError):
        bm.replace_readme_section("no markers", "x")


# ----------------------------------------------------------------------------- committed results
@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def test_results_are_stamped_and_complete(results: dict) -> None:
    meta = results["meta"]
    for key in ("command", "hedgekit_version", "date", "python", "numpy", "sklearn", "machine", "wall_time_s"):
        assert meta[key], key
    assert meta["command"].startswith("python -m benchmarks.accuracy")
    assert meta["machine"]["cpu_count"] >= 1 and meta["machine"]["platform"]
    assert set(results["in_domain"]["corpora"]) == set(bm.IN_DOMAIN)
    for entry in results["in_domain"]["corpora"].values():
        assert {"lexicon", "classifier", "combined"} <= set(entry)
        for system in bm.SYSTEMS:
            for m in entry[system].values():
                assert all(in_unit(m[k]) for k in ("precision", "recall", "f1"))
    for row in results["cross_domain"]["rows"]:
        assert row["train"] not in bm.EVALUATION_ONLY
    assert set(results["out_of_domain"]["shipped"]) == set(bm.SHIPPED_OOD)
    assert set(results["out_of_domain"]["experts"]) == set(bm.SHIPPED_OOD_EXPERTS)
    for rows in results["out_of_domain"]["experts"].values():
        assert set(rows) == set(bm.SHIPPED_OOD) and all(in_unit(m["f1"]) for m in rows.values())
    assert set(results["out_of_domain"]["cues"]) == set(bm.SHIPPED_OOD_CUES) >= {bm.OOD_CUE_READING}
    for rows in results["out_of_domain"]["cues"].values():
        assert set(rows) == set(bm.SHIPPED_OOD) and all(in_unit(m["f1"]) for m in rows.values())
    pj = results["out_of_domain"]["shipped"]["pei-jurgens"]
    assert -1 <= pj["spearman"] <= 1 and -1 <= pj["pearson"] <= 1


def test_results_markdown_is_rendered_from_json(results: dict) -> None:
    md = (RESULTS.parent / "accuracy.md").read_text(encoding="utf-8")
    assert md == bm.render_markdown(results)
    assert results["meta"]["command"] in md
    for fn in results.get("plots", []):
        assert (RESULTS.parent / fn).is_file(), fn


def test_readme_table_matches_results(results: dict) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert bm.readme_section(readme) == bm.readme_table(results), (
        "the README accuracy table is out of date: run `python -m benchmarks.accuracy --readme-only`")
    combined = results["in_domain"]["corpora"]["bioscope"]["combined"]["auto"]
    assert f"{combined['f1']:.3f} ± {combined['f1_std']:.3f}" in readme


def test_suite_readme_only(tmp_path: Path, results: dict, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    out.mkdir()
    (out / "accuracy.json").write_text(json.dumps(results), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"x\n{bm.README_START}\n{bm.README_END}\ny\n", encoding="utf-8")
    assert bm.suite_main(["--readme-only", "--out", str(out), "--readme", str(readme)]) == 0
    assert bm.readme_section(readme.read_text(encoding="utf-8")) == bm.readme_table(results)
    assert (out / "accuracy.md").read_text(encoding="utf-8") == bm.render_markdown(results)
    assert capsys.readouterr().out.startswith("# hedgekit accuracy benchmark")
    assert bm.suite_main(["--readme-only", "--out", str(tmp_path / "none"), "--no-readme"]) == 1


def test_suite_leaves_the_readme_alone_with_another_out(tmp_path: Path, results: dict, monkeypatch) -> None:
    """A run with --out /tmp rewrote the project's README table with that run's results and date
    (a review of the session's diff): with another --out the README is regenerated only when named."""
    out = tmp_path / "results"
    out.mkdir()
    (out / "accuracy.json").write_text(json.dumps(results), encoding="utf-8")
    empty = f"x\n{bm.README_START}\n{bm.README_END}\ny\n"
    (tmp_path / "README.md").write_text(empty, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # (where the default README.md would be)
    assert bm.suite_main(["--readme-only", "--out", str(out)]) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == empty and (out / "accuracy.md").is_file()
    assert bm.suite_main(["--readme-only", "--out", str(out), "--readme", "README.md"]) == 0
    assert bm.readme_section((tmp_path / "README.md").read_text(encoding="utf-8")) == bm.readme_table(results)


# --------------------------------------------------------------------------------- real corpora
def test_real_unsc_deduplicated_and_benchmarked(capsys: pytest.CaptureFixture[str]) -> None:
    corpora = require_shared("corpora")
    sents = bm.load_sentences(corpora, "unsc")
    texts = [" ".join(s.text.split()) for s in sents]
    assert len(texts) == len(set(texts)) and 462 <= len(sents) < 570  # each distinct text once
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(corpora / "unsc-hedges"), "--json", "--n-boot", "0")
    rep = json.loads(out)
    assert rc == 0 and rep["n"] == 1038 and in_unit(rep["f1"]) and "cues" in rep and rep["distinct"] is False
    # --distinct counts each text once, as the suite does
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(corpora / "unsc-hedges"), "--json", "--n-boot", "0",
                     "--distinct")
    rep = json.loads(out)
    assert rc == 0 and rep["n"] == len(sents) and rep["distinct"] is True
    suite, _ = bm.evaluate_system(Scorer(), sents, n_boot=0)
    assert rep["f1"] == pytest.approx(suite["f1"], abs=5e-4)


def test_distinct_keeps_an_annotated_copy_in_the_place_of_the_first(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--distinct kept the first copy of a text even without a label, dropping the labelled one
    (a review: the only uncertain sentence of a file, and 781 of the Pei & Jurgens folder's 1,139
    ratings, whose unrated aspect file sorts first)."""
    f = tmp_path / "dist.tsv"
    f.write_text("text\tlabel\nIt may rain.\t\nIt rained.\t0\nIt  may rain.\t1\nThe sun rose.\t0\nIt rained.\t1\n",
                 encoding="utf-8")
    kept = bm.distinct_sentences(load_corpus(f))
    assert [(s.text, s.label) for s in kept] == [("It  may rain.", "uncertain"), ("It rained.", "certain"),
                                                  ("The sun rose.", "certain")]
    rc, out, _ = run(capsys, "benchmark", "--corpus", str(f), "--json", "--n-boot", "0", "--distinct")
    rep = json.loads(out)
    assert rc == 0 and rep["n_labelled"] == 3 and rep["n_uncertain"] == 1
    corpora = require_shared("corpora")
    folder = corpora / "pei-jurgens-certainty"
    whole = bm.benchmark_corpus(folder, n_boot=0)
    once = bm.benchmark_corpus(folder, n_boot=0, distinct=True)
    assert whole["n_rated"] == once["n_rated"] == 1139 and once["pearson"] == pytest.approx(whole["pearson"], abs=0.01)


def test_real_pei_jurgens_graded() -> None:
    corpora = require_shared("corpora")
    rep = bm.benchmark_corpus(corpora / bm.CORPORA["pei-jurgens"][0], n_boot=0)
    assert rep["n"] == rep["n_rated"] == 1139 and rep["f1"] is None
    assert rep["spearman"] > 0.3 and not math.isnan(rep["pearson"])


def test_stamp_and_write_records_the_run_and_writes_both_files(tmp_path) -> None:
    import time

    res = {"rows": [1, 2]}
    md = bm.stamp_and_write(res, "python -m benchmarks.example --flag", time.perf_counter() - 2.0, tmp_path / "out",
                           "example", lambda r: "\n".join(bm.stamp_header("Example", r)) + f"rows: {r['rows']}\n")
    assert res["wall_seconds"] >= 2.0 and res["stamp"]["command"] == "python -m benchmarks.example --flag"
    assert {"python", "numpy", "sklearn", "date", "machine"} <= set(res["stamp"])
    assert (tmp_path / "out" / "example.md").read_text(encoding="utf-8") == md
    assert md.startswith("# Example") and "python -m benchmarks.example --flag" in md and md.endswith("rows: [1, 2]\n")
    assert json.loads((tmp_path / "out" / "example.json").read_text(encoding="utf-8")) == res
    assert not list((tmp_path / "out").glob("*.tmp"))
    # the BLAS kernels are recorded: they move training results in the fourth decimal
    import numpy as np  # noqa: F401  (loaded, so that threadpoolctl sees numpy's BLAS)
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]
    if blas:
        assert res["stamp"]["machine"]["blas"].split()[0] in {lib["internal_api"] for lib in blas}
        assert f"BLAS {res['stamp']['machine']['blas']}" in md


def test_the_blas_stamp_never_fails_and_prefers_numpys_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import numpy as np
    import threadpoolctl

    here = os.path.dirname(os.path.abspath(np.__file__))
    scipy_lib = {"user_api": "blas", "internal_api": "openblas", "version": "0.3.1", "architecture": "Zen",
                 "filepath": "/home/numpyfan/env/scipy.libs/libopenblas.so"}
    numpy_lib = {"user_api": "blas", "internal_api": "openblas", "version": "0.3.2", "architecture": "Haswell",
                 "filepath": here + ".libs/libscipy_openblas.so"}
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: [scipy_lib, numpy_lib])
    assert bm._blas() == "openblas 0.3.2, Haswell"
    system = {"user_api": "blas", "internal_api": "mkl", "version": "2024", "filepath": None}
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: [{"user_api": "openmp"}, system])
    assert bm._blas() == "mkl 2024"  # a conda or system BLAS: the first, without an architecture
    monkeypatch.setattr(threadpoolctl, "threadpool_info", lambda: [])
    assert bm._blas() is None

    def broken() -> list:
        raise RuntimeError("dlopen failed")

    monkeypatch.setattr(threadpoolctl, "threadpool_info", broken)
    assert bm._blas() is None and bm._stamp("x")["machine"]["blas"] is None


def test_corpora_missing_says_where_it_looked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not bm.corpora_missing(tmp_path, "prog")
    assert capsys.readouterr().err == ""
    gone = tmp_path / "nowhere" / "corpora"
    assert bm.corpora_missing(gone, "prog")
    err = capsys.readouterr().err
    assert err.startswith(f"prog: error: {gone}: no such folder") and "--corpora" in err and "$HEDGEKIT_SHARED" in err
    assert bm.corpora_missing(gone, "prog", has_option=False)
    assert "--corpora" not in capsys.readouterr().err


ENTRY_POINTS = ["accuracy", "graded", "graded_aspects", "conll_data", "threshold_seeds", "adaptation", "cue_variants",
                "cue_level", "bio_split", "speed", "splitting", "unannotated_categories", "nb_scale", "hedgekit.train",
                "hedgekit.cues"]


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_benchmarks_without_corpora_exit_1_with_a_message(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import importlib

    gone = tmp_path / "nowhere"
    monkeypatch.setenv("HEDGEKIT_SHARED", str(gone))
    if name == "accuracy":
        rc = bm.suite_main(["--corpora", str(gone / "corpora")], prog="python -m benchmarks.accuracy")
    elif name == "bio_split":
        rc = importlib.import_module("benchmarks.bio_split").main([])
    elif name.startswith("hedgekit."):  # the training commands, with their default --corpora
        rc = importlib.import_module(name).main(["--out", str(tmp_path / "out")])
    else:
        main = importlib.import_module(f"benchmarks.{name}").main
        rc = main(["--corpora", str(gone / "corpora")] if name in ("graded", "graded_aspects", "adaptation", "cue_variants",
                                                                   "unannotated_categories", "nb_scale")
                  else [] if name not in ("conll_data", "threshold_seeds") else ["--out", str(tmp_path / "out")])
    assert rc == 1
    err = capsys.readouterr().err
    assert f"{gone / 'corpora'}: no such folder" in err and "$HEDGEKIT_SHARED" in err
    assert not (tmp_path / "out").exists()


def test_benchmarks_read_the_shared_folder_beside_their_checkout(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    import benchmarks
    from hedgekit.train import default_corpora_dir

    monkeypatch.delenv("HEDGEKIT_SHARED", raising=False)
    checkout = Path(benchmarks.__file__).resolve().parents[1]
    assert benchmarks.corpora_dir() == checkout.parent / "shared" / "corpora"
    assert default_corpora_dir() == Path("..") / "shared" / "corpora"  # the library's: from the cwd
    monkeypatch.chdir(tmp_path)  # the benchmarks' default does not depend on where they are run from
    assert benchmarks.corpora_dir() == checkout.parent / "shared" / "corpora"
    monkeypatch.setenv("HEDGEKIT_SHARED", str(tmp_path / "elsewhere"))
    assert benchmarks.corpora_dir() == default_corpora_dir() == tmp_path / "elsewhere" / "corpora"


def test_suite_reads_the_corpora_default_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # benchmarks/accuracy.py passes benchmarks.corpora_dir(); --corpora still wins over it
    monkeypatch.delenv("HEDGEKIT_SHARED", raising=False)
    assert bm.suite_main([], prog="p", default_corpora=tmp_path / "given") == 1
    assert f"{tmp_path / 'given'}: no such folder" in capsys.readouterr().err
    assert bm.suite_main(["--corpora", str(tmp_path / "flag")], prog="p", default_corpora=tmp_path / "given") == 1
    assert f"{tmp_path / 'flag'}: no such folder" in capsys.readouterr().err


def test_the_suite_cache_key_covers_what_the_numbers_depend_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache a failed suite run resumes from was keyed on the package without this module (which
    holds the tasks), and on neither the library versions nor the corpora's contents: a rerun after
    such a change would have reused old numbers under a new date."""
    (tmp_path / "c.txt").write_text("It may rain.\n", encoding="utf-8")
    settings = {"folds": 10}
    key = bm._cache_dir(str(tmp_path), settings)
    assert bm._cache_dir(str(tmp_path), settings) == key
    assert bm._cache_dir(str(tmp_path), {"folds": 5}) != key
    (tmp_path / "c.txt").write_text("It may rain!\nIt rained.\n", encoding="utf-8")
    edited = bm._cache_dir(str(tmp_path), settings)
    assert edited != key
    monkeypatch.setattr(bm, "_versions", lambda: {"sklearn": "0.0"})
    assert bm._cache_dir(str(tmp_path), settings) != edited
    read: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    bm._cache_dir(str(tmp_path), settings)
    assert {"benchmark.py", "train.py", "model.json.gz", "lexicon.tsv"} <= set(read)


def test_options_that_cannot_apply_are_said_to_have_no_effect(capsys: pytest.CaptureFixture[str]) -> None:
    """--text-column on a BioScope file and --uncertain-at-most on a corpus without ratings were
    accepted silently (and the report still said "labels from ratings"); a warning is one line."""
    rc, out, err = run(capsys, "benchmark", "--corpus", str(FIX / "bioscope" / "sample.xml"), "--text-column", "x",
                       "--uncertain-at-most", "3", "--n-boot", "0")
    assert rc == 0
    assert err.splitlines() == [
        f"hedgekit: warning: {FIX / 'bioscope' / 'sample.xml'}: --text-column had no effect: bioscope files have fixed "
        "fields (only tsv, csv and jsonl files have named columns)",
        f"hedgekit: warning: {FIX / 'bioscope' / 'sample.xml'}: --uncertain-at-most had no effect: no sentence has a "
        "rating"]
    assert "labels from ratings" not in out
    rc, _, err = run(capsys, "benchmark", "--corpus", str(FIX / "user" / "sample.tsv"), "--text-column", "text",
                     "--n-boot", "0")
    assert rc == 0 and err == ""


def test_uncertain_at_most_on_rated_sentences_that_all_have_labels_has_no_effect(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every rated row already labelled: no label came from a rating, but the report said "labels from
    ratings" and nothing warned (a review). One unlabelled rated row is enough for it to apply."""
    f = tmp_path / "lr.tsv"
    f.write_text("text\tlabel\trating\nPerhaps it rains.\tcertain\t3\nIt rained.\tcertain\t6\n"
                 "It may rain.\tuncertain\t2\n", encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--uncertain-at-most", "3.5", "--n-boot", "0")
    assert rc == 0 and "labels from ratings" not in out
    assert err.splitlines() == [f"hedgekit: warning: {f}: --uncertain-at-most had no effect: every rated sentence has a "
                                "label of its own, which is kept"]
    f.write_text("text\tlabel\trating\nPerhaps it rains.\t\t3\nIt rained.\tcertain\t6\nIt may rain.\tuncertain\t2\n",
                 encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--uncertain-at-most", "3.5", "--n-boot", "0")
    assert rc == 0 and "labels from ratings" in out and err == ""


def test_benchmark_resamples_documents_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--resample documents: a cluster bootstrap over a table's --doc-column (or a corpus's own documents)."""
    f = tmp_path / "docs.tsv"
    rows = [(f"It may rain on day {i}." if i % 3 else f"It rained on day {i}.", "uncertain" if i % 3 else "certain",
             f"d{i // 4}") for i in range(24)]
    f.write_text("text\tlabel\tdoc\n" + "".join(f"{t}\t{l}\t{d}\n" for t, l, d in rows), encoding="utf-8")
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--resample", "documents", "--doc-column", "doc",
                       "--n-boot", "50", "--json")
    rep = json.loads(out)
    assert rc == 0 and rep["resample"] == "documents" and rep["n_documents"] == 6 and rep["f1_ci"]
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--resample", "documents", "--n-boot", "50")
    assert rc == 1 and "resample='documents': none of the labelled or rated sentences has a document" in err
    direct = bm.benchmark_corpus(f, n_boot=50, doc_column="doc", resample="documents")
    assert direct["f1_ci"] == rep["f1_ci"]
    with pytest.raises(ValueError, match="resample must be 'sentences' or 'documents'"):
        bm.benchmark_corpus(tmp_path / "not-read.tsv", resample="docs")


def test_training_set_groups_a_finding_with_the_article_it_was_taken_from() -> None:
    """Two Pei & Jurgens findings are pieces of Szeged Wikipedia sentences: the cross-domain CV keeps
    each with its article (each finding was its own group, so one could be tested on while the
    article trained), and the findings are labelled from their ratings as the suite labels them."""
    root = require_shared("corpora")
    ts = bm.training_set(root, ["szeged-wiki", "pei-jurgens"])
    corpus, groups = np.asarray(ts.corpus), np.asarray(ts.groups)
    wiki = set(groups[corpus == "szeged-wiki"].tolist())
    assert sum(g in wiki for g in groups[corpus == "pei-jurgens"].tolist()) == 2
    sents = bm.load_sentences(root, "pei-jurgens")
    assert [t for t, c in zip(ts.texts, corpus) if c == "pei-jurgens"] == [s.text for s in sents]
    assert ts.y[corpus == "pei-jurgens"].tolist() == [int(s.label == "uncertain") for s in sents]
    assert ts.target is None and {f["corpus"] for f in ts.files} == {"szeged-wiki", "pei-jurgens"}


def test_training_files_in_finds_the_models_training_files_by_content(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from hedgekit.train import sha256_file

    (tmp_path / "sub").mkdir()
    seen = tmp_path / "sub" / "train.tsv"
    seen.write_text("text\tlabel\nIt may rain.\tuncertain\n", encoding="utf-8")
    other = tmp_path / "other.tsv"  # a renamed copy: the same bytes, so the same training file
    other.write_text(seen.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "train.tsv"  # the training file's name, other content
    edited.write_text("text\tlabel\nIt rained.\tcertain\n", encoding="utf-8")
    record = {"corpora": [{"corpus": "x", "file": "data/train.tsv", "sha256": sha256_file(seen)}]}
    scorer = SimpleNamespace(model=SimpleNamespace(training=record))
    assert bm.training_files_in(tmp_path, scorer) == ["data/train.tsv"]
    assert bm.training_files_in(seen, scorer) == ["data/train.tsv"]
    assert bm.training_files_in(edited, scorer) == []  # the training file's name, other bytes
    assert bm.training_files_in(other, scorer) == ["data/train.tsv"]
    assert bm.training_files_in(seen, SimpleNamespace(model=SimpleNamespace(training={}))) == []
    assert bm.training_files_in(tmp_path / "missing", scorer) == []
    # only the files load_corpus would read count: not a hidden copy, nor one it cannot read as a corpus
    (tmp_path / "folder" / ".git").mkdir(parents=True)
    (tmp_path / "folder" / ".git" / "train.tsv").write_bytes(seen.read_bytes())
    (tmp_path / "folder" / "notes.md").write_bytes(seen.read_bytes())
    (tmp_path / "folder" / "other.tsv").write_text("text\tlabel\nIt rained.\tcertain\n", encoding="utf-8")
    assert bm.training_files_in(tmp_path / "folder", scorer) == []
    assert bm.training_files_in(tmp_path / "folder", scorer, format="tsv") == []


def test_benchmarking_the_shipped_model_on_its_training_corpus_warns() -> None:
    """`hedgekit benchmark --corpus conll2010-wiki` scored the model on what it learned from, silently."""
    root = require_shared("corpora")
    with pytest.warns(UserWarning, match="the model was trained on .*, so its numbers on those files are in-sample"):
        report = bm.benchmark_corpus(root / "conll2010-wiki", n_boot=0)
    assert report["trained_on"] == ["conll2010-wiki/train_wikiweasel_certain_sentences.txt",
                                    "conll2010-wiki/train_wikiweasel_uncertain_sentences.txt"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bm.benchmark_corpus(root / "szeged-uncertainty" / "factbank.xml", n_boot=0)["trained_on"] == []
        # the default never learned the findings that only the named `science` expert did
        pj = root / bm.CORPORA["pei-jurgens"][0]
        assert bm.training_files_in(pj) == []
    science = Scorer(expert="science")
    assert bm.training_files_in(pj, science) == [bm.CORPORA["pei-jurgens"][0]]
    assert bm.training_files_in(root / "bioscope", Scorer(expert="semantic")) == []
    with pytest.warns(UserWarning, match="the model's 'science' expert was trained on"):
        bm.benchmark_corpus(pj, science, n_boot=0)


def test_benchmarking_a_cue_detector_on_its_training_corpus_warns() -> None:
    """(an audit) A CueDetector's model file records its training files and sentences, but the
    loaded model kept neither: `benchmark_corpus(full_papers.xml, CueDetector("bioscope"))` gave
    F1 0.943 on the detector's own training data without a word."""
    import pickle

    from hedgekit import cues, load_corpus

    root = require_shared("corpora")
    papers = root / "bioscope" / "full_papers.xml"
    detector = cues.CueDetector("bioscope")
    assert {f["file"] for f in detector.model.training["corpora"]} == {"bioscope/abstracts.xml",
                                                                        "bioscope/full_papers.xml"}
    with pytest.warns(UserWarning, match="the model was trained on bioscope/full_papers.xml, so its numbers"):
        report = bm.benchmark_corpus(papers, detector, n_boot=0)
    assert report["trained_on"] == ["bioscope/full_papers.xml"] and report["trained_sentences"] > 2000
    # Szeged's re-annotation of the BioScope texts: no file of the `biomedical` detector's, its sentences
    bmc = root / "szeged-uncertainty" / "bio_bmc.conll2010-train-docs.xml"
    assert bm.trained_sentences([s.text for s in bm.load_sentences(root, "factbank")], cues.CueDetector("general")) == 0
    assert bm.trained_sentences([s.text for s in load_corpus(bmc)], cues.CueDetector("bioscope")) > 1300
    # the record is information: pickled with the model, and no part of its equality
    model = detector.model
    assert pickle.loads(pickle.dumps(model)).training == model.training
    assert cues.CueModel(dict(model.weights), dict(model.templates), dict(model.extra), model.threshold,
                         model.lexicon_hash, backoff=dict(model.backoff),
                         backoff_cues=model.backoff_cues) == model


def test_benchmarking_a_reannotation_of_the_training_texts_warns() -> None:
    """Szeged's BioScope files hold the BioScope sentences the model learned from, relabelled: no file
    hash matched, so `benchmark --corpus` gave in-sample numbers silently (an audit found F1 0.83 on
    bio_bmc with "trained_on": [])."""
    from types import SimpleNamespace

    root = require_shared("corpora")
    bmc = root / "szeged-uncertainty" / "bio_bmc.conll2010-train-docs.xml"
    with pytest.warns(UserWarning, match=r"bio_bmc.conll2010-train-docs.xml: 13\d\d of its 1\d\d\d sentences with 20 or "
                                         r"more letters and digits \(\d+%\) are sentences the model was trained on"):
        report = bm.benchmark_corpus(bmc, n_boot=0)
    assert report["trained_on"] == [] and report["trained_sentences"] >= 1300  # (95%; the rest are short or edited)
    # the corpora it never saw share (next to) none: FactBank news, and, for the default, the Pei & Jurgens
    # findings (two of them are sentences of a Szeged Wikipedia article, too few to warn)
    assert bm.trained_sentences([s.text for s in bm.load_sentences(root, "factbank")]) == 0
    pj = [s.text for s in bm.load_sentences(root, "pei-jurgens")]
    assert bm.trained_sentences(pj) <= 2 and bm.trained_sentences(pj, Scorer(expert="science")) == len(set(pj))
    # a model without the record (trained before it) counts none
    assert bm.trained_sentences(["It may rain today in the north of the country."],
                                SimpleNamespace(model=SimpleNamespace(training={}), expert="auto")) == 0


def test_trained_sentences_reads_the_record_of_the_expert_and_its_base_and_passes_over_bad_entries() -> None:
    from types import SimpleNamespace

    from hedgekit import train

    texts = ["The drug may reduce mortality in adults.", "The kinase binds DNA in vitro in all cells.",
             "Short one.", "Reportedly the mayor resigned on Friday."]
    ts = train.TrainingSet(texts, np.array([1, 0, 0, 1], dtype=np.int8), ["a", "b", "c", "d"], ["x", "x", "x", "y"])
    keys = train.sentence_keys_record(ts)
    assert keys["hash"] == train.SENTENCE_KEY_HASH and len(keys["corpora"]["x"]) == 12  # two 4-byte hashes, base64

    def scorer(training: dict, expert: str = "auto") -> SimpleNamespace:
        return SimpleNamespace(model=SimpleNamespace(training=training), expert=expert)

    rec = {"sentence_keys": keys, "experts": {"e": ["x"], "f": ["y"]}, "gate": ["e"]}
    asked = ["THE DRUG MAY REDUCE MORTALITY IN ADULTS!", "Reportedly, the mayor resigned on Friday", "Short one."]
    assert bm.trained_sentences(asked, scorer(rec)) == 1  # the gate's expert learned x only
    assert bm.trained_sentences(asked, scorer(rec, "f")) == 1 and bm.trained_sentences(asked, scorer({
        "sentence_keys": keys})) == 2  # (a record without experts: every corpus)
    adapted = {"sentence_keys": {**keys, "corpora": {}}, "experts": {"default": ["mine"]}, "gate": ["default"],
               "base": {"sentence_keys": keys}}
    assert bm.trained_sentences(asked, scorer(adapted)) == 2
    for bad in ("abc", "!!!!", "AAAAAA==", 5):  # not base64, not whole hashes, not a str: passed over
        broken = {"sentence_keys": {**keys, "corpora": {"x": bad, "y": keys["corpora"]["y"]}}}
        assert bm.trained_sentences(asked, scorer(broken)) == 1
    assert bm.trained_sentences(asked, scorer({"sentence_keys": {**keys, "hash": "md5"}})) == 0


def test_the_benchmark_recipe_applies_the_shipped_models_recorded_rules() -> None:
    """``recipe_cv`` and the cross-corpus models reproduce the shipped recipe, rules included: the
    unannotated-categories rule as the model file records it."""
    import hedgekit
    from hedgekit import train
    from hedgekit.features import FeatureConfig

    hp = bm.shipped_hyperparameters()
    assert hp["unannotated"] == {c: list(v) for c, v in train.UNANNOTATED_CATEGORIES.items()}
    texts = ["Reportedly, the drug works.", "The drug works.", "It may be that the gene is expressed.",
             "The gene is expressed."] * 2
    ts = train.TrainingSet(texts, np.array([0, 0, 1, 0] * 2, dtype=np.int8), ["b1"] * 4 + ["w1"] * 4,
                           ["bioscope"] * 4 + ["szeged-wiki"] * 4)
    experts = {"biomedical": ("bioscope",), "general": ("szeged-wiki",)}
    recipe = bm.shipped_recipe(ts, hedgekit.load_lexicon(), FeatureConfig(), experts, list(experts))
    assert set(recipe.nonnegative) == {"biomedical"}
    flagged = [n for n, f in zip(recipe.design.names, recipe.nonnegative["biomedical"]) if f]
    assert flagged == ["k:hearsay"]  # (no weasel cue in these sentences)
    assert recipe.nonpositive.shape == (len(recipe.design.names),)


def test_distinct_says_what_it_dropped_and_where_the_copies_disagree(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--distinct reported only the new n: how many rows it dropped, and that a copy with another
    label was settled by file order, were not said (a review)."""
    f = tmp_path / "dup.tsv"
    f.write_text("text\tlabel\nIt may rain.\tuncertain\nIt  may rain.\tcertain\nThe sun set.\tcertain\n"
                 "The sun set.\tcertain\nPerhaps so.\tuncertain\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"distinct kept the first annotated copy of 1 sentence\(s\) given again with "
                                         r"another label"):
        rep = bm.benchmark_corpus(f, n_boot=0, distinct=True)
    assert (rep["n"], rep["n_rows"], rep["n_dropped"], rep["n_conflicting"]) == (3, 5, 2, 1)
    rc, out, err = run(capsys, "benchmark", "--corpus", str(f), "--n-boot", "0", "--distinct")
    assert rc == 0 and "of 5 rows, 2 copies dropped (1 with another label or rating)" in out
    assert "another label or rating, and dropped the others" in err
    plain = bm.benchmark_corpus(f, n_boot=0)
    assert "n_rows" not in plain and plain["n"] == 5


def test_distinct_adds_a_later_copy_s_label_or_rating_that_does_not_disagree(tmp_path: Path) -> None:
    """A copy with only a label and one with only a rating were called disagreeing ("n_conflicting")
    and the rating was dropped (an audit): a later copy's label or rating that the kept one lacks is
    added to it; only another label or another rating disagrees."""
    import warnings

    f = tmp_path / "mix.tsv"
    f.write_text("text\tlabel\trating\nIt may rain.\tuncertain\t\nIt may rain.\t\t2\nIt rained.\tcertain\t5\n"
                 "It rained.\tuncertain\t\nThe sun set.\tcertain\t5\nThe sun set.\tcertain\t4\n"
                 "Perhaps so.\t\t\nPerhaps so.\tuncertain\t\n", encoding="utf-8")
    kept = bm.distinct_sentences(load_corpus(f))
    assert [(s.text, s.label, s.rating) for s in kept] == [
        ("It may rain.", "uncertain", 2.0), ("It rained.", "certain", 5.0), ("The sun set.", "certain", 5.0),
        ("Perhaps so.", "uncertain", None)]
    with pytest.warns(UserWarning, match=r"first annotated copy of 2 sentence\(s\) given again with another label"):
        rep = bm.benchmark_corpus(f, n_boot=0, distinct=True)
    assert (rep["n"], rep["n_rows"], rep["n_dropped"], rep["n_conflicting"], rep["n_rated"]) == (4, 8, 4, 2, 3)
    same = tmp_path / "same.tsv"
    same.write_text("text\tlabel\trating\nIt may rain.\tuncertain\t\nIt may rain.\tuncertain\t2\nIt rained.\t"
                    "certain\t\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing disagrees: no warning
        rep = bm.benchmark_corpus(same, n_boot=0, distinct=True)
    assert (rep["n_conflicting"], rep["n_rated"], rep["n_labelled"]) == (0, 1, 2)


def test_an_encoding_given_for_xml_is_said_to_have_no_effect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--encoding with an XML corpus was dropped without a word (the column options warned); a
    registered reader that reads an encoding gets no such warning (a review of the first version)."""
    import warnings

    from hedgekit import readers
    from hedgekit.types import AnnotatedSentence

    f = require_shared("corpora") / "sfu-review" / "PHONES" / "no5done.xml"
    with pytest.warns(UserWarning, match="encoding had no effect: sfu files are XML, which declare their own encoding"):
        bm.benchmark_corpus(f, n_boot=0, encoding="latin-1")

    def mine(path, *, encoding: str = "utf-8"):
        for line in Path(path).read_text(encoding=encoding).splitlines():
            text, label = line.split("|")
            yield AnnotatedSentence(text=text, label=label, source="mine/x")

    monkeypatch.setitem(readers.READERS, "mine", mine)
    g = tmp_path / "x.mine"
    g.write_bytes("Perhaps it may rain.|uncertain\nThe caf\xe9 opened.|certain\n".encode("latin-1"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rep = bm.benchmark_corpus(g, format="mine", n_boot=0, encoding="latin-1")
    assert rep["n"] == 2


def test_evaluate_system_takes_a_scorer_that_returns_a_generator() -> None:
    """evaluate() reads a scorer's generator of results; evaluate_system recorded its probabilities
    from the generator and passed it on used up: "the scorer returned 0 results" (a review)."""
    class Lazy:
        threshold = 0.3

        def score(self, texts):
            return (r for r in Scorer().score(texts))

    gold = [AnnotatedSentence("It may rain.", "uncertain"), AnnotatedSentence("It rained.", "certain")]
    summary, p = bm.evaluate_system(Lazy(), gold, n_boot=0)
    assert summary["f1"] == 1.0 and len(p) == 2 and p[0] > p[1]


def test_the_in_sample_check_counts_the_sentences_it_evaluates(tmp_path: Path) -> None:
    """The share of training sentences was taken over every row read, unlabelled ones too: 4 training
    sentences among 20 labelled rows and 500 unlabelled ones (0.8%) gave no warning, and 3 unlabelled
    training sentences beside 100 clean labelled rows did; the text report never said "in-sample"
    (a review of the benchmark command)."""
    root = require_shared("corpora")
    lines = (root / "conll2010-wiki" / "train_wikiweasel_uncertain_sentences.txt").read_text(encoding="utf-8")
    trained = [t for t in lines.splitlines() if len(t) > 60][:4]
    clean = [f"The blue kettle in aisle {i} might be slightly damaged by the storm." for i in range(10)] + \
            [f"The red kettle in aisle {i} was delivered to the depot on Monday." for i in range(10)]
    rows = [f"Row {i} of the appendix lists a shipment of {i} boxes to depot {i}.\t" for i in range(500)]
    hidden = tmp_path / "hidden.tsv"
    hidden.write_text("text\tlabel\n" + "\n".join(rows + [f"{t}\tuncertain" for t in clean[:16] + trained]) + "\n",
                      encoding="utf-8")
    with pytest.warns(UserWarning, match=r"hidden.tsv: 4 of its 20 sentences .* are sentences the model was trained on"):
        report = bm.benchmark_corpus(hidden, n_boot=0)
    assert report["trained_sentences"] == 4 and report["in_sample"] is True and report["n_unevaluated"] == 500
    assert "IN-SAMPLE: 4 of the evaluated sentences are among its training sentences" in format_report(report)
    context = tmp_path / "context.tsv"  # training sentences as unlabelled context rows only: nothing evaluated on them
    context.write_text("text\tlabel\n" + "\n".join([f"{t}\t" for t in trained[:3]] + [
        f"{t}\t{'uncertain' if 'might' in t else 'certain'}" for t in clean * 5]) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = bm.benchmark_corpus(context, n_boot=0)
    assert report["trained_sentences"] == 0 and report["in_sample"] is False
    assert "IN-SAMPLE" not in format_report(report)


def test_a_model_without_a_record_of_its_training_sentences_is_said_to_be_unchecked(tmp_path: Path, capsys) -> None:
    """A model file without the record gave "trained_sentences": 0, as a checked clean run does."""
    import gzip

    doc = json.loads(gzip.decompress((Path(hedgekit.__file__).parent / "data" / "model.json.gz").read_bytes()))
    del doc["training"]["sentence_keys"]
    model = tmp_path / "norecord.json"
    model.write_text(json.dumps(doc), encoding="utf-8")
    corpus = tmp_path / "c.tsv"
    corpus.write_text("text\tlabel\nIt may rain today in the north.\tuncertain\nIt rained in the north.\tcertain\n",
                      encoding="utf-8")
    with pytest.warns(UserWarning, match="keeps no record of the sentences it was trained on"):
        report = bm.benchmark_corpus(corpus, Scorer(model=str(model)), n_boot=0)
    assert report["trained_sentences"] is None and report["in_sample"] is False
    assert "in-sample use cannot be told" in format_report(report)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bm.benchmark_corpus(corpus, n_boot=0)["trained_sentences"] == 0  # (the shipped model: checked, clean)



def test_a_users_cue_model_is_checked_for_its_training_sentences(tmp_path: Path) -> None:
    """A cue model fitted with fit_cue_model kept no sentence hashes: benchmark_corpus warned that it
    could not tell, and evaluated the model on its own training sentences as an evaluation."""
    from hedgekit import cues
    from hedgekit.types import Cue

    def hedged(x: str) -> AnnotatedSentence:
        text = f"These results suggest that {x} may regulate the immune response in mice."
        a = text.index("may")
        return AnnotatedSentence(text, "uncertain", cues=(Cue("may", a, a + 3, "epistemic"),))

    names = ("IL-2", "p53", "NF-kB", "the kinase", "STAT3", "TCF-1")
    train = [hedged(x) for x in names] + [
        AnnotatedSentence(f"Cells were harvested in May {1990 + i} and {x} was measured.", "certain")
        for i, x in enumerate(names)]
    model = cues.fit_cue_model(train, hedgekit.load_lexicon(), C=10.0, min_df=1, extra_min_count=None)
    path = cues.write_cue_model(model, tmp_path / "mine.json.gz", "mine")
    corpus = tmp_path / "own.tsv"
    corpus.write_text("text\tlabel\n" + "".join(f"{s.text}\t{s.label}\n" for s in train), encoding="utf-8")
    for detector in (cues.CueDetector("mine", model=model), cues.CueDetector("mine", model=path)):
        with pytest.warns(UserWarning, match="12 of its 12 sentences .* are sentences the model was trained on"):
            report = bm.benchmark_corpus(corpus, detector, n_boot=0)
        assert report["trained_sentences"] == 12 and report["in_sample"] is True
    fresh = tmp_path / "fresh.tsv"
    fresh.write_text("text\tlabel\nThe drug may bind the receptor in some patients.\tuncertain\n"
                     "The samples were stored at four degrees overnight.\tcertain\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = bm.benchmark_corpus(fresh, cues.CueDetector("mine", model=path), n_boot=0)
    assert report["trained_sentences"] == 0 and report["in_sample"] is False


def test_the_suite_cache_is_read_only_from_a_folder_of_ones_own(tmp_path) -> None:
    """(an audit) the cache of finished tasks in the temp dir was made with the umask's mode and read
    whoever had made it: a folder others may write in is not read, one of one's own is."""
    import numpy as np

    from hedgekit.benchmark import _cache_load, _cache_save, _own_folder

    parent = tmp_path / "hedgekit-benchmark-cache"
    cache = parent / "key"
    _cache_save(cache, "cv/x", ({"f1": 0.5}, {"p": np.array([0.25, 0.75])}))
    assert oct(cache.stat().st_mode & 0o777) == "0o700" and _own_folder(cache)
    report, arrays = _cache_load(cache, "cv/x")
    assert report == {"f1": 0.5} and arrays["p"].tolist() == [0.25, 0.75]
    cache.chmod(0o777)
    assert not _own_folder(cache) and _cache_load(cache, "cv/x") is None
