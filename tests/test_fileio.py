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


def test_a_path_ending_in_a_separator_is_refused_not_written_as_a_file(tmp_path: Path) -> None:
    """'out/' for a folder that does not exist wrote a file named 'out' (an audit)."""
    for path in (f"{tmp_path}/out/", f"{tmp_path}/out/."):  # (and "out/.": a review)
        with pytest.raises(ArgumentError, match=r"^save: the path '.*out/\.?' ends in a separator or '\.', so it "
                                                r"names a folder"):
            write_atomic(path, b"x", "save")
    assert list(tmp_path.iterdir()) == []


def test_what_a_new_file_cannot_stand_in_for_is_written_in_place(tmp_path: Path) -> None:
    """A rename replaced a pipe with a regular file, failed for /dev/stdout (its link resolves to no
    folder), broke hard links, and the temporary file's longer name failed for a long one (a review)."""
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe", "test")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)
    one, two = tmp_path / "one.tsv", tmp_path / "two.tsv"
    one.write_bytes(b"old")
    os.link(one, two)
    write_atomic(one, b"new", "test")
    assert two.read_bytes() == b"new"  # the links still share the file
    long_name = tmp_path / ("m" * 250)
    write_atomic(long_name, b"x", "test")
    assert long_name.read_bytes() == b"x"
    dangling = tmp_path / "current.tsv"
    dangling.symlink_to(tmp_path / "later.tsv")
    write_atomic(dangling, b"y", "test")
    assert dangling.is_symlink() and (tmp_path / "later.tsv").read_bytes() == b"y"


def test_save_to_standard_output(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = "import hedgekit; hedgekit.load_lexicon().to_tsv('/dev/stdout')"
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == hedgekit.load_lexicon().tsv_text()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to act as another user")
def test_a_file_one_may_not_write_is_not_replaced(tmp_path: Path) -> None:
    """A rename replaced a read-only file of another owner, which a plain write refuses (a review)."""
    import subprocess
    import sys

    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    locked = folder / "locked.tsv"
    locked.write_bytes(b"keep")
    locked.chmod(0o444)
    # (imported before giving up root: the interpreter's own files may be readable by root only)
    code = ("import os, sys; from hedgekit.fileio import write_atomic; os.setgid(65534); os.setuid(65534)\n"
            f"try:\n    write_atomic({str(locked)!r}, b'gone', 'test')\nexcept PermissionError:\n    sys.exit(3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 3, done.stderr
    assert locked.read_bytes() == b"keep" and locked.stat().st_uid == 0


def test_an_error_names_the_file_asked_for(tmp_path: Path) -> None:
    """A missing folder was reported with the temporary file's name, ".hedgekit-<pid>-<hex>.tmp", not
    the path the user gave (an audit)."""
    target = tmp_path / "no-such-folder" / "model.json.gz"
    with pytest.raises(FileNotFoundError) as info:
        write_atomic(target, b"data", "test")
    assert info.value.filename == str(target) and ".tmp" not in str(info.value)
    with pytest.raises(FileNotFoundError, match="no-such-folder/cues.json.gz"):
        hedgekit.cues.write_cue_model(hedgekit.cues.load_cue_model(None, "general"),
                                      tmp_path / "no-such-folder" / "cues.json.gz", "general")
