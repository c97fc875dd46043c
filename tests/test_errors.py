"""hedgekit.errors: every error hedgekit raises on purpose is a HedgekitError and still the built-in it was."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

import hedgekit
from hedgekit import cues
from hedgekit.errors import ArgumentError, HedgekitError, InputTypeError, NotFoundError

PACKAGE = Path(hedgekit.__file__).resolve().parent
#: built-ins hedgekit may raise itself: a missing file, a missing optional dependency, the module
#: attribute protocol, an abstract method, and a command's exit status
ALLOWED = {"FileNotFoundError", "ImportError", "AttributeError", "NotImplementedError", "SystemExit"}


def _raised_builtins(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = exc.id if isinstance(exc, ast.Name) else ""
            if isinstance(getattr(builtins, name, None), type) and issubclass(getattr(builtins, name), BaseException):
                out.append((node.lineno, name))
    return out


def test_no_module_raises_a_bare_builtin_error() -> None:
    found = {p.name: [(n, e) for n, e in _raised_builtins(p) if e not in ALLOWED]
             for p in sorted(PACKAGE.glob("*.py"))}
    found = {k: v for k, v in found.items() if v}
    # the one exception: readers.py raises ValueError with no message inside a try that re-raises it as a CorpusError
    assert list(found) == ["readers.py"] and [e for _, e in found["readers.py"]] == ["ValueError"], found


@pytest.mark.parametrize("call, builtin", [
    (lambda: hedgekit.Scorer(threshold=2), ValueError),
    (lambda: hedgekit.score(["It may rain."], n_jobs=0), ValueError),
    (lambda: cues.detect(["It may rain."], domain="wiki"), ValueError),
    (lambda: cues.detect(["It may rain."], threshold=1.5), ValueError),
    (lambda: hedgekit.load_lexicon()["no such pattern"], KeyError),
    (lambda: hedgekit.tokenize(5), TypeError),
])
def test_bad_arguments_are_hedgekit_errors_and_builtins(call, builtin: type) -> None:
    with pytest.raises(HedgekitError) as info:
        call()
    assert isinstance(info.value, builtin)
    assert isinstance(info.value, (ArgumentError, NotFoundError, InputTypeError))


def test_argument_errors_say_what_was_given_and_what_is_accepted() -> None:
    with pytest.raises(ArgumentError, match=r"threshold must be a number in \(0, 1\), got 2"):
        hedgekit.Scorer(threshold=2)
    with pytest.raises(ArgumentError, match=r"domain must be one of \[.*'biomedical'.*\], got 'wiki'"):
        cues.CueDetector("wiki")


def test_a_missing_dataframe_column_is_a_not_found_error() -> None:
    pd = pytest.importorskip("pandas")
    from hedgekit.pandas import score_frame

    with pytest.raises(NotFoundError, match="column 'nope' is not in the DataFrame") as info:
        score_frame(pd.DataFrame({"text": ["It may rain."]}), "nope")
    assert isinstance(info.value, KeyError)
