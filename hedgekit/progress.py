"""A one-line progress bar on stderr, for the command's long inputs and the benchmark's long runs."""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Any

__all__ = ["ProgressBar"]


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
        self.done = min(self.done + n, self.total)
        self.update(self.done, note)

    def update(self, done: float, note: str | None = None) -> None:
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
