"""hedgekit.errors: every error hedgekit raises on purpose is a HedgekitError and still the built-in it was."""

from __future__ import annotations

import ast
import builtins
import importlib
import pickle
import re
from pathlib import Path

import numpy as np
import pytest

import hedgekit
from hedgekit import cues, readers
from hedgekit.errors import ArgumentError, HedgekitError, InputTypeError, NotFoundError

PACKAGE = Path(hedgekit.__file__).resolve().parent
#: built-ins hedgekit may raise itself: a missing file, a missing optional dependency, the module
#: attribute protocol, an abstract method, and a command's exit status
ALLOWED = (FileNotFoundError, ImportError, AttributeError, NotImplementedError, SystemExit)
#: the command line's own exceptions, which never leave it (hedgekit/cli.py turns them into messages
#: and exit statuses; argparse turns an ArgumentTypeError of an option's converter into a usage error)
CLI_INTERNAL = {"InputError", "FatalError", "_OutputError", "argparse.ArgumentTypeError"}


def _raised(path: Path) -> list[tuple[int, str]]:
    """``(line, dotted name)`` of every ``raise X`` / ``raise X(...)`` whose X is a name or attribute."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            parts = []
            while isinstance(exc, ast.Attribute):
                parts.append(exc.attr)
                exc = exc.value
            if isinstance(exc, ast.Name):
                out.append((node.lineno, ".".join([exc.id, *reversed(parts)])))
    return out


def _resolve(module: object, dotted: str) -> object:
    first, *rest = dotted.split(".")
    obj = getattr(module, first, None) or getattr(builtins, first, None)
    for a in rest:
        obj = getattr(obj, a, None)
    return obj


def test_every_exception_a_module_raises_is_a_hedgekit_error() -> None:
    bad, unresolved = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = "hedgekit." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        try:
            module = importlib.import_module(name.removesuffix(".__init__"))
        except ImportError:  # an optional integration whose library is not installed
            continue
        for line, dotted in _raised(path):
            obj = _resolve(module, dotted)
            if not isinstance(obj, type):  # a caught exception raised again (``raise e``) or a local name
                unresolved.append((path.name, line, dotted))
                continue
            if issubclass(obj, (HedgekitError, *ALLOWED)) or dotted in CLI_INTERNAL:
                continue
            bad.append((path.name, line, dotted))
    # the bare built-ins: a messageless ValueError that readers.py's own except turns into a CorpusError,
    # and the TypeError by which model.py's json default says "not JSON", turned into a ModelError there
    assert [(f, d) for f, _, d in bad] == [("model.py", "TypeError"), ("readers.py", "ValueError")], bad
    # ``error``: errors.check_open_unit raises the type its caller names (a HedgekitError, or argparse's),
    # and so do cues._check_numbers / _check_patterns (ArgumentError for a CueModel, ModelError for a
    # file) and train.check_rating_scale (ArgumentError, EvaluationError for benchmark, argparse's)
    assert all(d in ("e", "err", "exc") or (f, d) in (("errors.py", "error"), ("cues.py", "error"),
                                                      ("train.py", "error"))
               for f, _, d in unresolved), unresolved


@pytest.mark.parametrize("call, cls, builtin", [
    (lambda: hedgekit.Scorer(threshold=2), ArgumentError, ValueError),
    (lambda: hedgekit.score(["It may rain."], n_jobs=0), ArgumentError, ValueError),
    (lambda: cues.detect(["It may rain."], domain="wiki"), ArgumentError, ValueError),
    (lambda: cues.detect(["It may rain."], threshold=1.5), ArgumentError, ValueError),
    (lambda: hedgekit.HedgeClassifier(C=-1).fit(["It may rain.", "It rained."], [1, 0]), ArgumentError, ValueError),
    (lambda: hedgekit.load_lexicon()["no such pattern"], NotFoundError, KeyError),
    (lambda: hedgekit.load_lexicon().without("no such pattern"), NotFoundError, KeyError),
    (lambda: hedgekit.tokenize(5), InputTypeError, TypeError),
    (lambda: readers.register_reader("", print), InputTypeError, TypeError),
])
def test_bad_arguments_are_hedgekit_errors_and_builtins(call, cls: type, builtin: type) -> None:
    with pytest.raises(cls) as info:
        call()
    assert isinstance(info.value, HedgekitError) and isinstance(info.value, builtin)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is cls and copy.args == info.value.args


def test_argument_errors_say_what_was_given_and_what_is_accepted() -> None:
    with pytest.raises(ArgumentError, match=r"threshold must be a number in \(0, 1\), got 2"):
        hedgekit.Scorer(threshold=2)
    with pytest.raises(ArgumentError, match=r"domain must be one of \[.*'biomedical'.*\], got 'wiki'"):
        cues.CueDetector("wiki")


def test_not_found_messages_read_as_written_and_bare_keys_are_quoted() -> None:
    assert str(NotFoundError("column 'x' is not in the DataFrame")) == "column 'x' is not in the DataFrame"
    with pytest.raises(NotFoundError) as info:
        hedgekit.load_lexicon()["nope"]
    assert str(info.value) == "'nope'" and info.value.args == ("nope",)
    with pytest.raises(NotFoundError) as info:  # (a pattern of words too: it read as a message, unquoted)
        hedgekit.load_lexicon()["no such cue"]
    assert str(info.value) == "'no such cue'" and info.value.args == ("no such cue",)


def test_a_missing_dataframe_column_is_a_not_found_error() -> None:
    pd = pytest.importorskip("pandas")
    from hedgekit.pandas import score_frame

    with pytest.raises(NotFoundError) as info:
        score_frame(pd.DataFrame({"text": ["It may rain."]}), "nope")
    assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("column 'nope' is not in the DataFrame; its columns are ['text']")


def test_is_number_takes_what_users_pass_for_numbers_and_nothing_else() -> None:
    from fractions import Fraction

    import numpy as np

    from hedgekit.errors import is_number

    assert all(is_number(x) for x in (0.5, 3, np.float32(0.5), np.float64(-2.0), np.int64(3), Fraction(1, 2)))
    assert not any(is_number(x) for x in (True, np.bool_(False), float("nan"), float("inf"), np.float64("-inf"),
                                          "0.5", None, [0.5], np.array([0.5]), 10**400))
    assert all(is_number(x, integer=True) for x in (3, -1, np.int64(3), np.uint8(2), 10**400))
    assert not any(is_number(x, integer=True) for x in (3.0, np.float64(3.0), True, Fraction(3, 1), "3"))


def test_is_missing_knows_every_missing_marker_a_table_cell_holds() -> None:
    """One test for a missing cell (it was written three times, the evaluate one missing numpy's NaNs)."""
    from decimal import Decimal

    from hedgekit.errors import is_missing

    pd = pytest.importorskip("pandas")
    for v in (None, float("nan"), np.nan, np.float32("nan"), np.float16("nan"), Decimal("NaN"), Decimal("sNaN"),
              pd.NA, pd.NaT, np.datetime64("NaT"), np.timedelta64("NaT")):
        assert is_missing(v), v
    for v in (0, 0.0, False, "", "NA", "nan", np.float32(1), np.datetime64("2026-11-30"), [float("nan")],
              np.array([np.nan]), b"", object()):
        assert not is_missing(v), v


def test_one_check_for_numbers_in_the_open_unit_interval() -> None:
    """Thresholds and confidence levels are checked by one function (they were checked in eight
    places, with three wordings); the caller chooses the error type, file fields rounding."""
    from hedgekit.errors import ModelError, check_open_unit
    from hedgekit.features import FeatureConfig

    assert check_open_unit(np.float32(0.25), "threshold") == 0.25
    assert check_open_unit(0.3036631, "threshold", decimals=6) == 0.303663
    for bad in (0, 1, 1.5, -0.1, float("nan"), float("inf"), "0.5", True, None):
        with pytest.raises(ArgumentError, match=rf"threshold must be a number in \(0, 1\), got {re.escape(repr(bad))}"):
            check_open_unit(bad, "threshold")
    with pytest.raises(ArgumentError, match=r"stored to 6 decimals \(0.000001 to 0.999999\), got 1e-07"):
        check_open_unit(1e-7, "threshold", decimals=6)
    with pytest.raises(ModelError, match=r"threshold 'auto' must be"):
        hedgekit.HedgeModel(["f"], [[1.0]], [0.0], ["e"], ["e"], {"auto": 1.0, "e": 0.5}, FeatureConfig(), "sha256:x")
