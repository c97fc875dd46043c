"""The built wheel carries the data files, and the package imports without its optional extras."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stdout}\n{done.stderr}")
    [whl] = out.glob("hedgekit-*.whl")
    return whl


def test_wheel_contains_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("hedgekit/data/lexicon.tsv", "hedgekit/data/model.json.gz", "hedgekit/data/LEXICON.md",
              "hedgekit/data/cues-biomedical.json.gz", "hedgekit/data/cues-general.json.gz",
              "hedgekit/data/cues-bioscope.json.gz",
              "hedgekit/py.typed", "hedgekit/__init__.py"):
        assert f in names, f
    assert not any(n.startswith(("tests/", "corpora/", "benchmarks/")) for n in names)


def test_wheel_carries_the_licence_and_the_third_party_notices(wheel: Path) -> None:
    """No licence text shipped, though the lexicon has rows seeded from MIT-licensed lists whose
    licence asks for its notice in every copy (an audit)."""
    z = zipfile.ZipFile(wheel)
    info = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
    assert z.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    notice = z.read(f"{info}/licenses/NOTICE").decode("utf-8")
    assert "Copyright (c) 2014 Titus Wormer" in notice and "permission notice shall be" in notice
    meta = z.read(f"{info}/METADATA").decode("utf-8").splitlines()
    assert "License-Expression: MIT" in meta


def test_wheel_data_files_equal_the_source(wheel: Path) -> None:
    z = zipfile.ZipFile(wheel)
    for f in ("lexicon.tsv", "model.json.gz", "cues-biomedical.json.gz", "cues-general.json.gz", "cues-bioscope.json.gz"):
        assert z.read(f"hedgekit/data/{f}") == (ROOT / "hedgekit" / "data" / f).read_bytes()


def test_import_does_not_load_training_or_optional_libraries() -> None:
    code = ("import sys, hedgekit; hedgekit.score(['It may rain.']); "
            "print(sorted(m for m in ('sklearn', 'scipy', 'pandas', 'spacy', 'dask', 'nltk', 'pickle_loaded') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
