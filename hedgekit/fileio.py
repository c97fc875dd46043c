"""Writing the files hedgekit makes (model files, lexicons, cue models) so that a failed write never
destroys the file it was to replace."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path
from typing import Any

from .errors import ArgumentError, InputTypeError

__all__ = ["write_atomic"]


def write_atomic(path: Any, data: bytes, what: str) -> Path:
    """Write ``data`` to ``path`` all at once: into a new file beside it, then renamed over it.

    A write that fails part-way (a full disk, a quota, an interrupted process) leaves the file that
    was at ``path`` as it was, and no half-written file under its name (the temporary file is
    removed). A file that was there keeps its permission bits; a new one gets the usual ones (0666
    less the umask). A symbolic link at ``path`` keeps pointing where it did: the file it points to
    is replaced. Where a new file cannot stand in for the old one, ``path`` is written in place, as
    ``open(path, "wb")`` writes (not all at once): a device, a pipe or another file that is not a
    regular one (``/dev/stdout``), a file with other hard links to it, a file of another owner, and
    a file in a folder where no new file may be made.

    Args:
        path: the file to write (``str`` or ``os.PathLike``).
        data: its whole content.
        what: what is written, for the messages (``"save"``, ``"to_tsv"``).

    Returns:
        The path written, as a :class:`~pathlib.Path`.

    Raises:
        InputTypeError: ``path`` is not a ``str`` or ``os.PathLike`` of ``str``.
        ArgumentError: ``path`` is empty or ``"."``, or names a folder (one that exists, or any path
            that ends in a separator, "/." or "/..").
        OSError: the file cannot be written (no such folder, no permission, no space); the file
            at ``path``, if any, is unchanged when it was replaced whole.
    """
    if not isinstance(path, (str, os.PathLike)) or not isinstance(os.fspath(path), str):
        raise InputTypeError(f"{what}: path must be a file's path (str or os.PathLike), got {type(path).__name__} "
                             f"({path!r:.40})")
    raw = os.fspath(path)
    if raw in ("", "."):
        why = "an empty path" if raw == "" else "the current directory"
        raise ArgumentError(f"{what}: the path {raw!r} names no file ({why}); pass a file name")
    if os.path.isdir(raw):
        raise ArgumentError(f"{what}: the path {raw!r} is a folder; pass a file's name in it")
    # (Path drops a final slash or "/.": a file named "out" was written for "out/" and "out/.")
    if raw.endswith((os.sep, os.altsep or os.sep)) or os.path.basename(raw) in (".", ".."):
        raise ArgumentError(f"{what}: the path {raw!r} ends in a separator or '.', so it names a folder; pass a "
                            "file's name")
    try:
        st: os.stat_result | None = os.stat(raw)  # (through a symbolic link: what it points to)
    except FileNotFoundError:
        st = None
    target = Path(os.path.realpath(raw)) if os.path.islink(raw) else Path(raw)
    if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1
                           or hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
        return _write_in_place(raw, data)  # (a rename would replace the device, break the links or the owner)
    if st is not None:  # (a rename would replace a file one may not write: open it for writing, as a write does)
        os.close(os.open(raw, os.O_WRONLY))  # (no truncation: the file is unchanged; PermissionError if refused)
    # (a short name: the target's own may be as long as a name can be)
    tmp = target.with_name(f".hedgekit-{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as e:  # no permission, no such folder, a read-only file system ...
        if isinstance(e, PermissionError) and st is not None:
            return _write_in_place(raw, data)  # (a writable file in a folder where no new file may be made)
        e.filename = raw  # (the error names the file asked for, not the temporary one)
        raise
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return Path(raw)


def _write_in_place(path: str, data: bytes) -> Path:
    with open(path, "wb") as f:
        f.write(data)
    return Path(path)
