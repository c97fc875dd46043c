"""hedgekit.fileio: a file is written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import hedgekit
from hedgekit.errors import ArgumentError, InputTypeError
from hedgekit.fileio import write_atomic


def _fail_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next write fail after part of the data went to disk (as a full disk or quota does)."""
    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)


def test_a_failed_write_leaves_the_old_file_and_no_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Model.save and Lexicon.to_tsv wrote in place: a full disk left a truncated file where the
    good one was, and a lexicon cut inside its last row loaded without an error (an audit)."""
    lex_path, model_path = tmp_path / "my.tsv", tmp_path / "my.json.gz"
    lex = hedgekit.load_lexicon().with_entries([("word on the street", "hearsay", 0.9, "user")])
    lex.to_tsv(lex_path)
    model = hedgekit.load_model()
    model.save(model_path)
    before = {p.name: p.read_bytes() for p in (lex_path, model_path)}
    _fail_on_fsync(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        hedgekit.load_lexicon().to_tsv(lex_path)
    with pytest.raises(OSError, match="No space left"):
        model.save(model_path)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in (lex_path, model_path)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my.json.gz", "my.tsv"]  # no temporary file left
    assert "word on the street" in hedgekit.load_lexicon(lex_path)


def test_a_failed_cue_model_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hedgekit import cues

    lexicon = hedgekit.load_lexicon()
    sents = [hedgekit.AnnotatedSentence("It may rain.", "uncertain", cues=(hedgekit.Cue("may", 3, 6, "epistemic"),)),
             hedgekit.AnnotatedSentence("It rained in May.", "certain"),
             hedgekit.AnnotatedSentence("It might snow.", "uncertain", cues=(hedgekit.Cue("might", 3, 8, "epistemic"),)),
             hedgekit.AnnotatedSentence("They may go.", "certain")]
    model = cues.fit_cue_model(sents, lexicon)
    path = tmp_path / "cues.json.gz"
    cues.write_cue_model(model, path, "toy")
    before = path.read_bytes()
    _fail_on_fsync(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        cues.write_cue_model(model, path, "other")
    monkeypatch.undo()
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["cues.json.gz"]


def test_permissions_and_links_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "lex.tsv"
    write_atomic(path, b"one\n", "test")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # a new file: as open() makes it
    path.chmod(0o640)
    write_atomic(path, b"two\n", "test")
    assert path.read_bytes() == b"two\n" and stat.S_IMODE(path.stat().st_mode) == 0o640
    link = tmp_path / "current.tsv"
    link.symlink_to(path)
    write_atomic(link, b"three\n", "test")
    assert link.is_symlink() and path.read_bytes() == b"three\n"


@pytest.mark.parametrize("path, error, match", [
    ("", ArgumentError, r"^save: the path '' names no file \(an empty path\); pass a file name$"),
    (".", ArgumentError, r"names no file \(the current directory\)"),
    (3, InputTypeError, r"^save: path must be a file's path \(str or os.PathLike\), got int"),
    (b"model.json", InputTypeError, r"got bytes"),
])
def test_a_path_that_names_no_file_is_refused(path, error, match) -> None:
    """save('') raised a bare IsADirectoryError about '.' (an audit)."""
    with pytest.raises(error, match=match):
        write_atomic(path, b"x", "save")


def test_a_folder_is_refused_by_the_savers(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match=r"^to_tsv: the path '.*' is a folder; pass a file's name in it$"):
        hedgekit.load_lexicon().to_tsv(tmp_path)
    with pytest.raises(ArgumentError, match=r"^save: the path '' names no file"):
        hedgekit.load_model().save("")
    assert list(tmp_path.iterdir()) == []
