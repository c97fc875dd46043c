"""hedgekit.dask on a local `distributed` cluster of two worker processes: results identical to
in-process scoring, and each worker builds its scorer once."""

from __future__ import annotations

import json

import pytest

import hedgekit
from hedgekit import InputTypeError

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")

import hedgekit.dask as hkdask  # noqa: E402
from hedgekit.pandas import score_series as pandas_score_series  # noqa: E402

BASE = ["The drug may reduce mortality.", "The drug reduced mortality.", "",
        "Reportedly, the talks were postponed.", "Some experts believe it is probably safe.",
        "It rained in May 2019.", "Clearly, the results hold."]
TEXTS = [f"{s} ({i})" if s else s for i, s in enumerate(BASE * 12)]  # 84 sentences, some distinct


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_score_bag_is_identical_to_in_process_scoring(client):
    bag = db.from_sequence(TEXTS, npartitions=12)
    records = hkdask.score_bag(bag).compute()
    assert records == [s.to_dict() for s in hedgekit.score(TEXTS)]
    # every worker process built the default scorer exactly once, whatever the number of tasks
    states = client.run(hkdask.worker_state)
    assert len(states) == 2
    # (the configuration is 7 fields since the files' hashes and end_mark joined it: a 4-field one
    # was never in the list, so that check could not fail; an audit)
    default = list(hkdask._config(None, None, None, None))
    assert len(default) == 7
    assert sum(state["configs"].count(default) for state in states.values()) >= 1
    for state in states.values():
        assert state["configs"].count(default) <= 1
        assert state["loads"] == len(state["configs"])


def test_score_bag_with_a_model_file_and_options(client, tmp_path):
    # a small model of one's own: a HedgeClassifier saved where the workers can read it
    path = tmp_path / "model.json"
    labels = ["uncertain", "certain", "uncertain", "uncertain", "certain", "certain"]
    hedgekit.HedgeClassifier(threshold=0.5, min_df=1).fit([s for s in BASE if s], labels).save(path)
    bag = db.from_sequence(TEXTS, npartitions=6)
    records = hkdask.score_bag(bag, model=path, expert="default", threshold=0.4).compute()
    local = hedgekit.Scorer(model=path, expert="default", threshold=0.4).score(TEXTS)
    assert records == [s.to_dict() for s in local]
    assert {r["threshold"] for r in records} == {0.4}
    for state in client.run(hkdask.worker_state).values():
        assert state["loads"] == len(state["configs"]) <= 2


def test_score_series_matches_pandas_and_keeps_the_index(client):
    df = pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))}, index=[f"r{i:03d}" for i in range(len(TEXTS))])
    ddf = dd.from_pandas(df, npartitions=4)
    out = hkdask.score_series(ddf["text"]).compute()
    expected = pandas_score_series(df["text"], cues_as_json=True)
    assert list(out.columns) == list(hkdask.COLUMNS)
    assert list(out.index) == list(df.index)
    pd.testing.assert_frame_equal(out, expected, check_index_type=False)  # (NaN where a cell has no word, as in pandas)
    first = json.loads(out.loc["r000", "cues"])
    assert first == [c.to_dict() for c in hedgekit.score([TEXTS[0]])[0].cues]


def test_score_frame_adds_prefixed_columns(client):
    df = pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))})
    ddf = dd.from_pandas(df, npartitions=3)
    scored = hkdask.score_frame(ddf, "text", prefix="h_")
    assert list(scored.columns) == ["text", "n", "h_certainty", "h_label", "h_p_uncertain", "h_cues"]
    out = scored.compute()
    assert out["n"].tolist() == list(range(len(TEXTS)))
    labels = [None if pd.isna(x) else x for x in out["h_label"]]
    assert labels == [s.label if t else None for t, s in zip(TEXTS, hedgekit.score(TEXTS))]
    with pytest.raises(ValueError, match="prefix="):
        hkdask.score_frame(scored, "text", prefix="h_")
    with pytest.raises(KeyError, match="'txt'"):
        hkdask.score_frame(ddf, "txt")


def test_bad_arguments_fail_in_the_client(tmp_path):
    bag = db.from_sequence(["It may rain."])
    with pytest.raises(FileNotFoundError):
        hkdask.score_bag(bag, model=tmp_path / "missing.json")
    with pytest.raises(InputTypeError, match="save\\(\\) it"):
        hkdask.score_bag(bag, model=hedgekit.load_model())
    with pytest.raises(ValueError, match="threshold"):
        hkdask.score_bag(bag, threshold=2.0)
    for bad in ("0.5", True, "abc"):  # as Scorer refuses them: "0.5" was taken, True was called 1.0
        with pytest.raises(hedgekit.ArgumentError, match=rf"threshold must be a number in \(0, 1\), got {bad!r}"):
            hkdask.score_bag(bag, threshold=bad)
    with pytest.raises(InputTypeError, match="dask.bag.Bag"):
        hkdask.score_bag(["It may rain."])
    with pytest.raises(InputTypeError, match="dask Series"):
        hkdask.score_series(["It may rain."])
    # a dask DataFrame or Series is not a bag (a DataFrame got through and failed in Dask's meta inference)
    ddf = dd.from_pandas(pd.DataFrame({"t": ["It may rain."]}), npartitions=1)
    for other, func in ((ddf, "score a dask DataFrame with score_frame"), (ddf["t"], "score a dask Series with score_series")):
        with pytest.raises(InputTypeError, match=f"expects a dask.bag.Bag .*; {func}\\(\\)$"):
            hkdask.score_bag(other)
    # prefix and column are checked as the pandas functions check them (they were TypeErrors of Python's)
    with pytest.raises(InputTypeError, match="score_frame\\(\\): prefix must be a str"):
        hkdask.score_frame(ddf, "t", prefix=3)
    with pytest.raises(InputTypeError, match="score_series\\(\\): prefix must be a str"):
        hkdask.score_series(ddf["t"], prefix=None)
    with pytest.raises(InputTypeError, match="score_frame\\(\\): column must be one column's name"):
        hkdask.score_frame(ddf, ["t"])
    # (a review) "" was made the working directory ("Is a directory"); a list expert was an unhashable
    # cache key; a dask Index has map_partitions and a dtype, and failed only at compute time
    for name in ("model", "lexicon"):
        with pytest.raises(hedgekit.ArgumentError, match=rf"a {name} path '' names no file \(an empty path\)"):
            hkdask.score_bag(bag, **{name: ""})
    with pytest.raises(InputTypeError, match=r"expert must be an expert's name \(a str\) or None, got list"):
        hkdask.score_bag(bag, expert=["semantic"])
    with pytest.raises(InputTypeError, match="score_series\\(\\) expects a dask Series .* got dask\\..*Index"):
        hkdask.score_series(ddf.index)


def test_non_str_items_fail_at_compute():
    """The item is named by its place in its partition, under score_bag, with a way to find it (it
    was "score(): item 7", the place in the partition as if in the user's list)."""
    items = ["It may rain."] * 12
    items[7] = None
    with pytest.raises(InputTypeError, match=r"score_bag\(\): item 1 of a partition of the bag is NoneType \(None\), "
                                             r"expected str; find such items with bag.filter"):
        hkdask.score_bag(db.from_sequence(items, npartitions=2)).compute(scheduler="sync")
    with pytest.raises(TypeError, match="item 1 of a partition of the bag is int"):
        hkdask.score_bag(db.from_sequence(["ok", 3], npartitions=1)).compute(scheduler="sync")


def test_missing_cell_of_a_string_column_names_the_row():
    """Parquet and Arrow-backed string columns hold a missing cell as ``pd.NA``: a clear error naming
    the row, as in pandas, not 'boolean value of NA is ambiguous'."""
    df = pd.DataFrame({"t": ["It may rain.", None]}).convert_dtypes()
    with pytest.raises(InputTypeError, match=r"row 1 is missing \(NaN/None/<NA>\)"):
        hkdask.score_series(dd.from_pandas(df, npartitions=1)["t"]).compute(scheduler="sync")


def test_an_extended_lexicon_file_reaches_the_workers(client, tmp_path):
    """A lexicon derived from the shipped one and saved with to_tsv is a path the workers can load."""
    path = tmp_path / "mine.tsv"
    hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9)]).to_tsv(path)
    texts = ["Word on the street is that he left.", "He left."]
    records = hkdask.score_bag(db.from_sequence(texts, npartitions=2), lexicon=path).compute()
    assert records == [s.to_dict() for s in hedgekit.Scorer(lexicon=str(path)).score(texts)]
    assert [c["pattern"] for c in records[0]["cues"]] == ["word on the street"]


def test_a_rewritten_or_relative_lexicon_path_is_not_served_from_the_cache(client, tmp_path, monkeypatch):
    """Each process caches its scorer per configuration: the configuration holds the absolute path and
    the file's hash, so a file rewritten at the same path, or a relative path read from another
    folder, gets the scorer of the file as it is now (it silently kept the old one)."""
    path = tmp_path / "lex.tsv"
    texts = ["Word on the street is that he left.", "He left."]
    hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9)]).to_tsv(path)
    first = hkdask.score_bag(db.from_sequence(texts, npartitions=2), lexicon=path).compute()
    hedgekit.load_lexicon().to_tsv(path)  # the shipped rows again
    second = hkdask.score_bag(db.from_sequence(texts, npartitions=2), lexicon=path).compute()
    assert [c["pattern"] for c in first[0]["cues"]] == ["word on the street"]
    assert second == [s.to_dict() for s in hedgekit.Scorer(lexicon=str(path)).score(texts)] != first
    other = tmp_path / "other"
    other.mkdir()
    hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9)]).to_tsv(other / "lex.tsv")
    for folder, expect in ((tmp_path, second), (other, first)):
        monkeypatch.chdir(folder)
        got = hkdask.score_bag(db.from_sequence(texts, npartitions=1), lexicon="lex.tsv").compute(scheduler="sync")
        assert got == expect


def test_a_worker_that_reads_other_bytes_at_the_path_refuses(tmp_path):
    from hedgekit.errors import ModelError

    path = tmp_path / "lex.tsv"
    hedgekit.load_lexicon().to_tsv(path)
    model, lexicon, threshold, expert, model_hash, lexicon_hash, end_mark = hkdask._config(None, path, None, None)
    stale = (model, lexicon, threshold, expert, model_hash, "0" * 64, end_mark)  # as if the client had read another file
    with pytest.raises(ModelError, match="reads other bytes than the client did"):
        hkdask._scorer(stale)


def test_end_mark_reaches_the_workers():
    """score_bag scores as Scorer does, by default a line without a full stop as with one;
    end_mark=False as Scorer(end_mark=False)."""
    items = ["It may rain", "maybe", "It may rain."]
    got = hkdask.score_bag(db.from_sequence(items, npartitions=2)).compute(scheduler="sync")
    assert got == [s.to_dict() for s in hedgekit.Scorer().score(items)]
    assert got[0]["p_uncertain"] == got[2]["p_uncertain"]
    plain = hkdask.score_bag(db.from_sequence(items, npartitions=2), end_mark=False).compute(scheduler="sync")
    assert plain == [s.to_dict() for s in hedgekit.Scorer(end_mark=False).score(items)]
    assert plain[0]["p_uncertain"] < got[0]["p_uncertain"]
    ddf = dd.from_pandas(pd.DataFrame({"t": items}), npartitions=1)
    out = hkdask.score_frame(ddf, "t", end_mark=False).compute(scheduler="sync")
    assert out["p_uncertain"].tolist() == [r["p_uncertain"] for r in plain]
    with pytest.raises(InputTypeError, match="end_mark must be True \\(the default\\) or False"):
        hkdask.score_bag(db.from_sequence(items), end_mark="yes")
    # refused in the client even when a scorer for True is cached (1 == True found it, and a fresh
    # worker then failed at compute time)
    for bad in (1, 1.0, None):
        with pytest.raises(InputTypeError, match="end_mark must be True \\(the default\\) or False"):
            hkdask.score_bag(db.from_sequence(items), end_mark=bad)


def test_a_pandas_object_or_a_series_is_named_and_pointed_to_its_function() -> None:
    """"score_frame() expects a pandas DataFrame, got DataFrame" said nothing (pandas and dask both
    have a DataFrame); a dask Series given to score_frame failed with "'StringDtype' object has no
    attribute 'items'" (an audit)."""
    import hedgekit.pandas as hkpandas

    pdf = pd.DataFrame({"text": ["It may rain.", "It rained."]})
    ddf = dd.from_pandas(pdf, npartitions=1)
    with pytest.raises(InputTypeError, match=r"expects a dask DataFrame, got pandas\.DataFrame; for a pandas DataFrame "
                                             r"use hedgekit\.pandas\.score_frame\(\)"):
        hkdask.score_frame(pdf, "text")
    with pytest.raises(InputTypeError, match=r"got pandas\.Series; for a pandas Series use "
                                             r"hedgekit\.pandas\.score_series\(\)"):
        hkdask.score_series(pdf["text"])
    with pytest.raises(InputTypeError, match=r"expects a dask DataFrame, got pandas\.Series; for a pandas Series "
                                             r"use hedgekit\.pandas\.score_series\(\)"):
        hkdask.score_frame(pdf["text"], "text")
    with pytest.raises(InputTypeError, match=r"expects a dask DataFrame, got dask\..*Series; score a dask Series "
                                             r"with score_series\(\)"):
        hkdask.score_frame(ddf["text"], "text")
    with pytest.raises(InputTypeError, match=r"expects a pandas DataFrame, got dask\..*DataFrame; for a dask DataFrame "
                                             r"use hedgekit\.dask\.score_frame\(\)"):
        hkpandas.score_frame(ddf, "text")
    with pytest.raises(InputTypeError, match=r"expects a pandas Series, got dask\..*Series; for a dask Series "
                                             r"use hedgekit\.dask\.score_series\(\)"):
        hkpandas.score_series(ddf["text"])
    # a Bag, an Index or a Delayed was pointed to score_frame (which refuses them); score_bag told a
    # Delayed to use score_series (an audit)
    with pytest.raises(InputTypeError, match=r"got dask\.bag\.core\.Bag; for a dask Bag use hedgekit\.dask\.score_bag\(\)$"):
        hkpandas.score_series(db.from_sequence(["It may rain."]))
    with pytest.raises(InputTypeError, match=r"got dask\..*Index; for a dask Index use "
                                             r"hedgekit\.dask\.score_series\(idx\.to_series\(\)\)$"):
        hkpandas.score_series(ddf.index)
    with pytest.raises(InputTypeError, match=r"got pandas\.Index; for a pandas Index use "
                                             r"hedgekit\.pandas\.score_series\(idx\.to_series\(\)\)$"):
        hkdask.score_series(pd.Index(["It may rain."]))
    with pytest.raises(InputTypeError, match=r"expects a pandas DataFrame, got dask\.delayed\.\w+$"):
        hkpandas.score_frame(dask.delayed(["It may rain."]), "text")
    with pytest.raises(InputTypeError, match=r"expects a dask\.bag\.Bag of str, got dask\.delayed\.\w+$"):
        hkdask.score_bag(dask.delayed(["It may rain."]))
    with pytest.raises(InputTypeError, match=r"got dask\..*DataFrame; score a dask DataFrame with score_frame\(\)$"):
        hkdask.score_bag(ddf)
    with pytest.raises(InputTypeError, match=r"got pandas\.Series; for a pandas Series use "
                                             r"hedgekit\.pandas\.score_series\(\)$"):
        hkdask.score_bag(pdf["text"])


def test_score_frame_errors_are_the_pandas_ones() -> None:
    """A bad cell's error named no column and told the user to edit a variable s; duplicate columns
    built a graph that failed at compute time, naming score_series (an audit)."""
    pdf = pd.DataFrame({"text": ["It may rain.", None, "It rained."]}, index=[10, 20, 30])
    ddf = dd.from_pandas(pdf, npartitions=2)
    with pytest.raises(InputTypeError, match=r"^column 'text': row 20 is missing \(NaN/None/<NA>\), expected str; "
                                             r"drop such rows first, e\.g\. df = df\.dropna\(subset=\['text'\]\)"):
        hkdask.score_frame(ddf, "text").compute(scheduler="sync")
    twice = pd.DataFrame([["It may rain.", "x"], ["It rained.", "y"]], columns=["text", "text"])
    with pytest.raises(ValueError, match=r"^the DataFrame has 2 columns named 'text'; rename them first$"):
        hkdask.score_frame(dd.from_pandas(twice, npartitions=1), "text")


def test_score_frame_metadata_is_the_computed_frame_s() -> None:
    """The metadata was rebuilt from (name, dtype) pairs and lost the columns' name (an audit)."""
    pdf = pd.DataFrame({"text": ["It may rain.", "", "It rained."], "n": [1, 2, 3]})
    pdf.columns.name = "field"
    scored = hkdask.score_frame(dd.from_pandas(pdf, npartitions=2), "text")
    out = scored.compute(scheduler="sync")
    assert scored._meta.columns.name == out.columns.name == "field"
    assert scored._meta.dtypes.to_dict() == out.dtypes.to_dict()
    assert pd.isna(out.loc[1, "certainty"]) and out.loc[1, "cues"] == "[]"
