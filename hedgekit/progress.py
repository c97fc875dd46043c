"""What a command shows on stderr while it runs: a one-line progress bar for the command's long
inputs and the benchmark's long runs, and hedgekit's log messages (:func:`log_to_stderr`)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["ProgressBar", "log_to_stderr"]


@contextlib.contextmanager
def log_to_stderr(level: int = logging.INFO) -> Iterator[None]:
    """While it lasts, hedgekit's log messages at ``level`` and above are made, and go to stderr as
    bare lines (a command's notes and its training's progress) unless the program has set up logging
    (the root logger has a handler: then they go there, once); the ``hedgekit`` logger's level and
    handlers are restored after, and the root logger is never touched (``logging.basicConfig`` set it
    up for good in a program that calls a command in-process, ``hedgekit.cli.main``)."""
    logger = logging.getLogger("hedgekit")
    saved = logger.level
    handler = None
    if not logging.getLogger().handlers:  # (as basicConfig did: only where no one listens)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        if handler is not None:
            logger.removeHandler(handler)
        logger.setLevel(saved)


class ProgressBar:
    """A one-line progress bar on ``stream`` (stderr), drawn only when ``enabled``.

    ``advance(n, note)`` moves it on; ``close()`` clears the line. Safe to use when disabled.
    """

    def __init__(self, label: str, total: float, stream: IO[str] | None = None, enabled: bool = True) -> None:
        self.label, self.total = label, max(float(total), 1e-9)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.done = 0.0
        self.note = ""
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def advance(self, n: float = 1.0, note: str | None = None) -> None:
        """Move on by ``n`` units of ``total`` (not past it); ``note`` replaces the text after the bar."""
        self.done = min(self.done + n, self.total)
        self.update(self.done, note)

    def update(self, done: float, note: str | None = None) -> None:
        """Set the units done to ``done`` (at most ``total``) and redraw; ``note`` as :meth:`advance`'s."""
        self.done = min(float(done), self.total)
        if note is not None:
            self.note = note
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self.done < self.total:
            return
        self.last = now
        width = _width(self.stream)
        frac = self.done / self.total
        elapsed = now - self.start
        tail = f" {frac:4.0%} {elapsed:5.0f}s {self.note}"
        label = self.label if len(self.label) <= 30 else "…" + self.label[-29:]
        bar_w = max(10, min(30, width - len(label) - len(tail) - 5))
        filled = int(bar_w * frac)
        line = f"{label} [{'#' * filled}{'.' * (bar_w - filled)}]{tail}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Clear the bar's line (where it was drawn), so that what is written next starts a clean line."""
        if self.shown:
            width = _width(self.stream)
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
            self.shown = False


def _width(stream: Any) -> int:
    """The columns of the terminal the bar is drawn on: ``$COLUMNS`` if set, else that of ``stream``
    (stderr; stdout is usually redirected when the bar is shown), else 80."""
    try:
        return max(20, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        pass
    try:
        return max(20, os.get_terminal_size(stream.fileno()).columns)
    except (AttributeError, OSError, ValueError):
        return 80
