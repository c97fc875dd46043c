"""hedgekit.pandas: scoring a DataFrame column into new columns; pandas stays optional."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hedgekit
from hedgekit import InputTypeError

pd = pytest.importorskip("pandas")

from hedgekit.pandas import COLUMNS, score_frame, score_series  # noqa: E402

TEXTS = ["The drug may reduce mortality.", "The drug reduced mortality.", "", "Some say it is probably fine."]


@pytest.fixture
def df():
    return pd.DataFrame({"id": [10, 20, 30, 40], "text": TEXTS}, index=["d", "b", "c", "a"])


def test_score_frame_adds_columns_matching_score(df):
    out = score_frame(df, "text")
    expected = hedgekit.score(TEXTS)
    assert list(out.columns) == ["id", "text", *COLUMNS]
    assert list(out.index) == ["d", "b", "c", "a"]
    scored = ["d", "b", "a"]  # ("c" is the empty cell: below)
    assert out.loc[scored, "certainty"].tolist() == [s.certainty for i, s in enumerate(expected) if TEXTS[i]]
    assert out.loc[scored, "p_uncertain"].tolist() == [s.p_uncertain for i, s in enumerate(expected) if TEXTS[i]]
    assert out.loc[scored, "label"].tolist() == [s.label for i, s in enumerate(expected) if TEXTS[i]]
    assert out["cues"].tolist() == [s.cues for s in expected]
    assert out.loc["d", "label"] == "uncertain" and out.loc["d", "cues"][0].text == "may"
    assert out["certainty"].dtype == "float64"


def test_a_cell_with_no_word_has_no_score():
    """An empty or white-space cell scored certainty 1.0 ("certain"): a group's mean certainty rose with
    every blank cell that pd.read_csv(keep_default_na=False) makes (an audit). It is NaN now, as the
    spaCy component gives None for such a sentence; the row stays."""
    texts = ["It may rain.", "", "   ", "\n", "\u200b", "It rained."]
    out = score_series(pd.Series(texts, index=list("abcdef")))
    blank = list("bcde")
    assert list(out.index) == list("abcdef")
    assert out.loc[blank, "certainty"].isna().all() and out.loc[blank, "p_uncertain"].isna().all()
    assert out.loc[blank, "label"].isna().all() and out.loc[blank, "cues"].tolist() == [()] * 4
    assert out.loc[["a", "f"], "label"].tolist() == ["uncertain", "certain"]
    assert out["certainty"].mean() == pytest.approx((out.at["a", "certainty"] + out.at["f", "certainty"]) / 2)
    assert out["label"].value_counts().to_dict() == {"uncertain": 1, "certain": 1}
    as_json = score_series(pd.Series(texts), cues_as_json=True)
    assert as_json["cues"].tolist()[1:5] == ["[]"] * 4


def test_a_cell_of_a_list_marker_alone_has_no_score_under_end_mark():
    """A cell "-" or "2." scored certainty 1.0, "certain" (end_mark reads a marker as no word), where
    an empty cell gets NaN (an audit). Read as written (end_mark=False) it is a sentence with a score."""
    texts = ["It may rain.", "-", "•", "2.", "It rained."]
    out = score_series(pd.Series(texts))
    assert out["certainty"].isna().tolist() == [False, True, True, True, False]
    assert out["label"].value_counts().to_dict() == {"uncertain": 1, "certain": 1}
    plain = score_series(pd.Series(texts), scorer=hedgekit.Scorer(end_mark=False))
    assert not plain["certainty"].isna().any()
    framed = score_frame(pd.DataFrame({"text": texts}), "text")
    assert framed["label"].isna().tolist() == [False, True, True, True, False]


def test_the_readme_recipe_reads_score_csv_with_blank_lines(tmp_path) -> None:
    """The README's pd.read_csv recipe for `hedgekit score -f csv`: with keep_default_na=False alone the
    empty scores of a blank --lines line stayed "", so certainty became a column of strings (its mean a
    TypeError, "0.97" < "0.5" compared as text; an audit)."""
    import contextlib
    import io

    from hedgekit import cli

    f = tmp_path / "in.txt"
    f.write_text("It may rain.\n\nNA\n2023\n", encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(["score", "--lines", "-f", "csv", str(f)]) == 0
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    recipe = ('pd.read_csv("out.csv", keep_default_na=False, na_values={"certainty": [""], "p_uncertain": [""],\n'
              '"label": [""]}, dtype={"input": str, "text": str, "cues": str})')
    assert recipe in readme
    table = pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=False,
                        na_values={"certainty": [""], "p_uncertain": [""], "label": [""]},
                        dtype={"input": str, "text": str, "cues": str})
    assert table["text"].tolist() == ["It may rain.", "", "NA", "2023"]  # the text as written
    assert table["certainty"].dtype == "float64" and table["p_uncertain"].dtype == "float64"
    assert table["certainty"].isna().tolist() == [False, True, False, False]
    assert table["label"].isna().tolist() == [False, True, False, False]
    assert table["certainty"].mean() == pytest.approx(table["certainty"].drop(1).mean())


def test_copy_by_default_inplace_on_request(df):
    before = df.copy()
    out = score_frame(df, "text")
    assert out is not df
    pd.testing.assert_frame_equal(df, before)
    same = score_frame(df, "text", inplace=True, prefix="h_")
    assert same is df and [f"h_{c}" for c in COLUMNS] == list(df.columns[2:])


def test_prefix_and_name_clash(df):
    out = score_frame(df, "text", prefix="hedge_")
    assert {"hedge_certainty", "hedge_label", "hedge_cues", "hedge_p_uncertain"} <= set(out.columns)
    with pytest.raises(ValueError, match="prefix="):
        score_frame(out.rename(columns={"hedge_label": "label"}), "text")


def test_duplicate_index_and_empty_frame():
    df = pd.DataFrame({"text": ["It may rain.", "It rained."]}, index=[1, 1])
    out = score_frame(df, "text")
    assert out["label"].tolist() == ["uncertain", "certain"]
    empty = score_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}), "text")
    assert len(empty) == 0 and list(empty.columns) == ["text", *COLUMNS]


@pytest.mark.parametrize("bad, what, fix", [(None, "missing", "fillna"), (float("nan"), "missing", "fillna"),
                                            (pd.NA, "missing", "fillna"), (pd.NaT, "missing", "fillna"),
                                            (3, "int", r"astype\(str\), after dropping"), (["It may rain."], "list", r"df.explode\('text'\)"),
                                            # (the score_frame docstring's recipe exploded split_sentences' offsets)
                                            ((0, 12), "tuple", r"a \(start, end\) pair is what split_sentences gives, offsets "
                                                               r"into the text: .* column of texts you split, e\.g\. texts\.map\(lambda t: \[t\[a:b\]")])
def test_non_str_cell_names_the_row_label(df, bad, what, fix):
    """The fix suggested fits the cell: filling a number or a list of sentences (an audit found the
    NaN advice given for both) does nothing for it."""
    df = df.astype({"text": object})
    df.at["b", "text"] = bad
    with pytest.raises(TypeError, match=rf"column 'text': row 'b' is {what}.*{fix}"):
        score_frame(df, "text")
    assert issubclass(InputTypeError, TypeError)


def test_the_docstring_recipe_for_documents_runs_on_an_empty_one():
    """score_frame's docstring: split documents with split_sentences, explode, drop the NaN rows an
    empty document makes (an audit: without dropna the recipe stopped at its NaN row); the sentences
    then score as score_text scores the documents."""
    import hedgekit

    docs = pd.DataFrame({"doc": ["It may rain. It rained.", "", "Perhaps."]})
    e = docs["doc"].map(lambda t: [t[a:b] for a, b in hedgekit.split_sentences(t)]).explode().dropna()
    out = score_frame(e.to_frame("sentence"), "sentence")
    assert out.index.tolist() == [0, 0, 2]
    want = [s.certainty for t in docs["doc"] for s in hedgekit.score_text(t)]
    assert out["certainty"].tolist() == want


def test_a_missing_cell_of_a_series_names_the_row():
    """A named Series' advice named a df that the caller does not have (an audit)."""
    for name in (None, "text"):
        with pytest.raises(InputTypeError, match=r"the Series' row 1 is missing .* s = s\.dropna\(\) \(or s = "
                                                 r"s\.fillna\(''\), which keeps them as rows with no score: NaN\)"):
            score_series(pd.Series(["It may rain.", None], name=name))


def test_the_fill_suggested_for_a_missing_cell_of_a_categorical_column_works():
    """``fillna('')`` fails on a categorical column that has no category '' (an audit): the hint
    fills it as objects, and what it suggests runs and scores the other rows."""
    df = pd.DataFrame({"text": pd.Series(["It may rain.", None, "It rained."], dtype="category")})
    with pytest.raises(InputTypeError, match=r"row 1 is missing .* df = df\.dropna\(subset=\['text'\]\) \(or "
                                             r"df\['text'\] = df\['text'\]\.astype\(object\)\.fillna\(''\),") as e:
        score_frame(df, "text")
    fix = str(e.value).split("(or ")[1].split(", which")[0]
    exec(fix, {"df": df})
    out = score_frame(df, "text")
    assert out["label"].tolist()[::2] == ["uncertain", "certain"] and pd.isna(out.at[1, "label"])
    s = pd.Series(["It may rain.", None], dtype="category")
    with pytest.raises(InputTypeError, match=r"s = s\.astype\(object\)\.fillna\(''\)"):
        score_series(s)


def test_a_missing_cell_of_a_string_dtype_column_names_the_row():
    """``convert_dtypes()``, ``read_parquet`` and Arrow strings hold a missing cell as ``pd.NA``, whose
    truth value is ambiguous: the error still names the row, as for None and NaN."""
    df = pd.DataFrame({"text": ["It may rain.", None]}, index=["a", "b"]).convert_dtypes()
    assert df["text"].dtype == "string"
    with pytest.raises(InputTypeError, match=r"row 'b' is missing \(NaN/None/<NA>\).*fillna"):
        score_frame(df, "text")
    filled = score_frame(df.fillna(""), "text")  # (the row stays, with no score)
    assert filled.at["a", "label"] == "uncertain" and pd.isna(filled.at["b", "label"])


def test_missing_column_and_wrong_types(df):
    with pytest.raises(KeyError, match="'txt' is not in the DataFrame.*'text'"):
        score_frame(df, "txt")
    with pytest.raises(TypeError, match="DataFrame"):
        score_frame(TEXTS, "text")
    with pytest.raises(TypeError, match="Series"):
        score_series(TEXTS)


def test_wrong_options_say_what_to_pass(df, tmp_path):
    """A HedgeClassifier passed as scorer ran sklearn's score() ("missing 1 required positional
    argument: 'y'"); a path, a list of columns or prefix=None gave bare AttributeErrors/TypeErrors;
    on MultiIndex columns a top-level name was called a duplicate column."""
    with pytest.raises(InputTypeError, match=r"scorer must be a hedgekit.Scorer or None, got HedgeClassifier; "
                                             r"a fitted HedgeClassifier gives one: clf.to_scorer\(\)"):
        score_frame(df, "text", scorer=hedgekit.HedgeClassifier())
    with pytest.raises(InputTypeError, match=r"got str; load a model file with hedgekit.Scorer\(model=path\)"):
        score_series(df["text"], scorer="model.json.gz")
    with pytest.raises(InputTypeError, match=r"prefix must be a str"):
        score_frame(df, "text", prefix=None)
    with pytest.raises(InputTypeError, match=r"column must be one column's name, got list"):
        score_frame(df, ["text"])
    wide = pd.DataFrame({("a", "text"): TEXTS[:2], ("a", "id"): [1, 2]})
    with pytest.raises(ValueError, match=r"'a' starts the keys of 2 of the DataFrame's MultiIndex columns: \[\('a', "
                                         r"'text'\), \('a', 'id'\)\]; name one column by its whole key, e.g. \('a', 'text'\)"):
        score_frame(wide, "a")
    # a key that starts one column's, and a whole key two columns share (it said to name the column by
    # the key it was given; an audit)
    deep = pd.DataFrame({("a", "text", "x"): TEXTS[:2], ("b", "id", "y"): [1, 2]})
    with pytest.raises(ValueError, match=r"\('a', 'text'\) starts the key \('a', 'text', 'x'\) of the DataFrame's "
                                         r"MultiIndex columns; name the column by its whole key$"):
        score_frame(deep, ("a", "text"))
    dup = pd.DataFrame([TEXTS[:2]], columns=pd.MultiIndex.from_tuples([("a", "text"), ("a", "text")]))
    with pytest.raises(ValueError, match=r"^the DataFrame has 2 columns named \('a', 'text'\); rename them first$"):
        score_frame(dup, ("a", "text"))
    scored = score_frame(wide, ("a", "text"))
    assert scored[("label", "")].tolist() == ["uncertain", "certain"]
    with pytest.raises(ValueError, match=r"already has column\(s\) \[\('certainty', ''\)"):
        score_frame(scored, ("a", "text"))
    with pytest.raises(InputTypeError, match=r"row 0 is bytes .*decode such cells first, e.g. "
                                             r"df\['text'\].map\(lambda v: v.decode\('utf-8'\) if isinstance\(v, \(bytes, bytearray\)\) else v\)"):
        score_frame(pd.DataFrame({"text": [b"It may rain."]}), "text")
    # the hint decodes the bytes cells of a mixed column and keeps its str cells (.str.decode made them NaN)
    mixed = pd.DataFrame({"text": pd.Series(["It may rain.", b"It may snow.", "Maybe."], dtype=object)})
    with pytest.raises(InputTypeError) as err:
        score_frame(mixed, "text")
    hint = str(err.value).split("e.g. ")[1]
    fixed = eval(hint, {"df": mixed})  # (the hint, run as written)
    assert fixed.tolist() == ["It may rain.", "It may snow.", "Maybe."]
    assert score_frame(mixed.assign(text=fixed), "text")["label"].tolist()[:2] == ["uncertain", "uncertain"]


def test_custom_scorer(df):
    strict = hedgekit.Scorer(threshold=0.99)
    out = score_frame(df, "text", scorer=strict)
    assert set(out["label"].dropna()) == {"certain"} and out["label"].isna().sum() == 1  # (the empty cell)


def test_score_series_keeps_index_and_can_give_json_cues(df):
    out = score_series(df["text"], cues_as_json=True)
    assert list(out.index) == list(df.index) and list(out.columns) == list(COLUMNS)
    cues = json.loads(out.loc["d", "cues"])
    assert cues[0]["text"] == "may" and cues[0]["start"] == 9
    assert out.loc["d", "cues"] == json.dumps([c.to_dict() for c in hedgekit.score(TEXTS)[0].cues])


def test_clear_import_error_without_pandas():
    code = ("import sys; sys.modules['pandas'] = None\n"
            "from hedgekit.pandas import score_frame\n"
            "try:\n    score_frame(None, 'text')\n"
            "except ImportError as e:\n    assert 'pip install pandas' in str(e), e\n"
            "else:\n    raise SystemExit('no ImportError')\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_flags_must_be_bools(df):
    """inplace="False" is true: the caller's frame was changed; cues_as_json="no" gave JSON (a review)."""
    with pytest.raises(ValueError, match=r"score_frame\(\): inplace must be True or False, got 'False'"):
        score_frame(df, "text", inplace="False")
    assert "certainty" not in df.columns  # (refused before the frame was touched)
    with pytest.raises(ValueError, match=r"score_series\(\): cues_as_json must be True or False, got 'no'"):
        score_series(df["text"], cues_as_json="no")


def test_a_multiindex_column_under_a_new_name_is_a_clash():
    """("certainty", "rater") was not seen as taking "certainty": the frame got a second certainty
    column and out["certainty"] became a two-column frame (a review)."""
    frame = pd.DataFrame({("text", ""): ["It may rain."], ("certainty", "rater"): [0.2]})
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    with pytest.raises(ValueError, match=r"already has column\(s\) \[\('certainty', 'rater'\)\]; pass prefix="):
        score_frame(frame, ("text", ""))
    out = score_frame(frame, ("text", ""), prefix="hk_")
    assert out["hk_certainty"].shape == (1,) and ("certainty", "rater") in out.columns
