"""The ``hedgekit`` command: score files, highlight them as HTML, browse the lexicon, train a model.

Run ``hedgekit --help`` or ``hedgekit COMMAND --help``. Exit status: 0 success, 1 an input or model
error (one ``hedgekit: error: ...`` line per problem on stderr), 2 a usage error, 130 interrupted
(Ctrl-C), 141 the reader of the output went away (``hedgekit score big.txt | head``).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import functools
import io
import itertools
import json
import logging
import math
import os
import re
import shlex
import shutil
import stat
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from . import __version__
from .progress import ProgressBar
from .text import LINE_END_RE, LINE_MODE_WINDOW, _says_nothing, cr_line_ends
from .types import SCORE_TABLE_COLUMNS, SentenceScore, _sentence_score

__all__ = ["main"]

PROG = "hedgekit"
BLOCK = 1 << 16  # bytes read at a time
MAX_CHUNK = 1 << 20  # characters: cut a paragraph that grows past this at a sentence boundary
BOM = "\ufeff"
SNIFF = 8192  # bytes checked for NUL to detect binary files
#: --encoding of the commands that read text
_ENCODING_HELP = ("input encoding (default: UTF-8, or UTF-16 / UTF-32 when the input starts with their byte-order "
                  "mark)")
#: --end-mark of the commands that score with a Scorer
_END_MARK_HELP = ("score a sentence without a final . ! ? or … (a headline, a bullet point, a --lines line) as if it "
                  "ended in '.', and one that starts with a list item's marker ('- ', '2. ') without it (the default, "
                  "hedgekit.Scorer(end_mark=True)); --no-end-mark scores it as written, whatever the model was "
                  "trained with (hedgekit.Scorer(end_mark=False))")
PROGRESS_MIN = 4 << 20  # bytes: no progress bar for smaller files
_PAGE_PIECE = 1 << 14  # characters of the highlight page written at a time to stdout
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PIPE, EXIT_INTERRUPT = 0, 1, 2, 141, 130

# A paragraph break is hedgekit.text.split_sentences' own (text._PARA_RE: a line holding only white
# space or invisible characters, with LF, CRLF or CR line ends, or U+2029, and the white space after
# it). The splitter always breaks there and looks at nothing across it, so the text can be scored
# paragraph group by paragraph group with exactly the results of scoring it whole.
#: characters a cut of a paragraph longer than :data:`MAX_CHUNK` leaves after it (the splitter's
#: decisions look ahead at most a heading's 500 characters and a quotation's 300)
CUT_LOOKAHEAD = 1 << 13
_WS_RE = re.compile(r"\s+")
#: what a table must not send to a terminal as it is: control characters (escape sequences that clear
#: the screen or set its title) and the bidirectional overrides that reorder what is shown
_UNSHOWABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: those of them that an error line escapes (its tabs and line breaks are its own)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(s: str) -> str:
    """``s`` on one line for a terminal table: runs of white space as one space, other control
    characters as ``\\xNN`` / ``\\uNNNN`` escapes."""
    s = _WS_RE.sub(" ", s).strip()
    return _UNSHOWABLE_RE.sub(_escaped, s)


def _columns(ch: str) -> int:
    """The terminal columns a character takes: 2 for a wide or full-width one (CJK, "Ｍ"), 0 for a
    combining mark or an invisible format character, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class InputError(Exception):
    """A problem with one input file; reported as ``hedgekit: error: FILE: message``."""


class FatalError(Exception):
    """A problem that stops the command (bad model, unwritable output); exit status 1."""


class _OutputError(Exception):
    """Standard output cannot be written (disk full, an I/O error; not a closed pipe): the command
    stops with one error line, rather than blaming the input it was scoring."""


class _GuardedStdout:
    """``sys.stdout`` while a command runs: a failed write or flush raises :class:`_OutputError`
    (a ``BrokenPipeError`` stays itself: ``| head`` ends the command quietly)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, s: str) -> Any:
        try:
            return self._stream.write(s)  # (an embedding's stream may return None, not a count)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _OutputError(e.strerror or str(e)) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _OutputError(e.strerror or str(e)) from None

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer...
        return getattr(self._stream, name)


def _refuse_overwriting(out: str | os.PathLike[str], option: str, inputs: Iterable[tuple[str, Any]]) -> None:
    """Refuse an output file that is one of the command's input files, before any work: writing it
    would destroy the user's data. An input is a file (the same file by any name or link), a folder
    (any file in it: give a folder's data files one by one to allow other files there), or ``-``,
    standard input (when it is redirected from that file).

    Raises:
        FatalError: naming both.
    """
    try:
        target = os.stat(out)
    except OSError:
        return  # (not there yet, or not reachable: nothing to destroy)
    for what, name in inputs:
        if name is None:
            continue
        try:
            if name == "-":
                st = os.fstat(sys.stdin.fileno())
                same, inside = (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino), False
            else:
                same = os.path.samefile(out, name)
                inside = not same and os.path.isdir(name) and Path(os.path.realpath(out)).is_relative_to(
                    os.path.realpath(name))
        except (OSError, ValueError, AttributeError):
            continue
        if same or inside:
            where = "standard input" if name == "-" else f"{name}{' (a file in it)' if inside else ' (the same file)'}"
            raise FatalError(f"{out}: {option} names the {what}, {where}; writing it would replace your {what}: "
                             f"give {option} another file name")


def _is_number_text(s: str) -> bool:
    """Whether ``s`` reads as a number ("0.7", "1e3"): an option's stray value rather than a file name."""
    try:
        float(s)
    except ValueError:
        return False
    return True


def _err(msg: str) -> None:
    """One error line on stderr, control characters escaped (a file name's escape sequences must not
    reach the terminal); nothing when stderr is closed ("2>&-"), so that the other inputs still run."""
    if sys.stderr is None:
        return
    sys.stderr.write(f"{PROG}: error: {_CONTROL_RE.sub(_escaped, msg)}\n")
    sys.stderr.flush()


def _escaped(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode("ascii")


def _shown_name(name: str) -> str:
    """A file name for a terminal table's header: not-UTF-8 bytes and control characters escaped."""
    return _UNSHOWABLE_RE.sub(_escaped, _data_name(name))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


# --------------------------------------------------------------------------------------- reading
def _decoded_blocks(raw: IO[bytes], encoding: str | None, progress: ProgressBar | None) -> Iterator[str]:
    """Decode the byte stream ``raw`` incrementally; yield non-empty text blocks. ``encoding=None``
    (no ``--encoding``) is UTF-8; where that is UTF-8 and the stream starts with a UTF-16 or UTF-32
    byte-order mark, that (as Notepad's "Unicode" and PowerShell write; :func:`hedgekit.readers.bom_encoding`).

    Raises:
        InputError: NUL bytes in the first 8 KB (a binary file), compressed data (gzip, bzip2, xz,
            zip, zstd), a UTF-16/32 byte-order mark of another byte order than ``encoding``'s, bytes
            that are not ``encoding``, or text that decodes to a lone surrogate (``--encoding utf-7``
            or ``unicode_escape`` can).
    """
    from .readers import _COMPRESSION_MAGIC, _DECOMPRESS, WIDE_BOMS, _wide, bom_encoding, bom_mismatch

    read = getattr(raw, "read1", raw.read)
    data = read(BLOCK)
    # (a pipe may give the mark in pieces: read on only while what came may still be one, so that a
    # short first line of "tail -f log | hedgekit score --lines" is not held back)
    while data and any(len(data) < len(bom) and bom.startswith(data) for bom, _ in WIDE_BOMS):
        more = read(BLOCK)
        if not more:
            break
        data += more
    wrong = None if encoding is None else bom_mismatch(data, encoding, "leave --encoding out or pass --encoding")
    if wrong:  # (--encoding utf-16-be on a file with a UTF-16-LE mark decodes to garbage without an error)
        raise InputError(wrong)
    packed = next((kind for magic, kind in _COMPRESSION_MAGIC if data.startswith(magic)), None)
    if packed:  # (gzip, bzip2, xz, zip, zstd: as the corpus readers say; it was "binary file" or "not valid utf-8")
        how = "unzip -p" if packed == "zip" else f"{_DECOMPRESS[packed]} -c"
        raise InputError(f"{packed}-compressed, not text; decompress it first (e.g. {how} FILE, piped in as -)")
    encoding = bom_encoding(data, encoding)
    sniff = not _wide(encoding)  # UTF-16/32 text is full of NUL bytes
    # strict UTF-8 never decodes to a lone surrogate; UTF-7 or unicode_escape may, which no output can hold
    surrogates = codecs.lookup(encoding).name != "utf-8"
    dec = codecs.getincrementaldecoder(encoding)("strict")
    consumed = 0
    lines = _LineCount()  # for an error's line and hint
    beyond_ascii = False
    while True:
        if sniff and consumed < SNIFF and b"\0" in data[: SNIFF - consumed]:
            wide = next((enc for bom, enc in WIDE_BOMS if data.startswith(bom)), None) if not consumed else None
            if wide:
                raise InputError(f"{wide.upper()} text (it starts with a {wide.upper()} byte-order mark), not "
                                 f"{encoding}; leave --encoding out or pass --encoding {wide}")
            guess = _utf16_order(data) if not consumed else None
            raise InputError("binary file (NUL bytes in the first 8 KB); hedgekit reads text"
                             + (f"; if it is UTF-16 text without a byte-order mark (every other byte NUL, as in "
                                f"this one), pass --encoding {guess}" if guess else ""))
        pending = len(dec.getstate()[0])
        try:
            s = dec.decode(data, final=not data)
        except UnicodeDecodeError as e:
            at = consumed - pending + e.start
            bad = e.object[e.start : e.start + 1].hex()
            name = codecs.lookup(encoding).name
            head = ""
            if sniff:  # (an ASCII-compatible encoding: b"\n" and b"\r" are line breaks) the whole lines before
                # the byte go to the reader first, as those of the blocks before it did (--lines scores them
                # where lines end in LF; a paragraph or a CR-ended line it still holds is not scored)
                good = bytes(e.object[: e.start])
                cr_lines = lines.cr_lines(bytes(e.object).decode(encoding, "replace"))
                head = good[: (max(good.rfind(b"\n"), good.rfind(b"\r")) if cr_lines else good.rfind(b"\n")) + 1
                            ].decode(encoding)
                lines.add(head)
                beyond_ascii = beyond_ascii or not head.isascii()
            where = f"line {lines.before_next(cr_lines) + 1}, " if sniff else ""
            if name == "utf-8" and beyond_ascii:
                hint = ("; the text before it is UTF-8 with characters beyond ASCII, which --encoding cp1252 or "
                        "latin-1 would garble: mend that byte (iconv -f utf-8 -t utf-8 -c drops it; Python's "
                        "open(path, errors='replace') reads it as U+FFFD)")
            else:
                hint = ("; pass --encoding (e.g. --encoding cp1252, Windows text: latin-1 but for the quotes and "
                        "dashes at 0x80-0x9f)" if name == "utf-8" else
                        "; pass --encoding latin-1 (cp1252 leaves five bytes undefined)" if name == "cp1252" else
                        "; it reads as UTF-8: leave --encoding out" if _utf8_at(e.object, e.start) else "")
            if head:
                yield head
            raise InputError(f"not valid {encoding} text ({where}byte 0x{bad} at offset {at}: {e.reason}){hint}"
                             ) from None
        except UnicodeError as e:  # e.g. "UTF-16 stream does not start with BOM"
            name = codecs.lookup(encoding).name
            order = _utf16_order(data) if name == "utf-16" and not consumed else None
            hint = (f"; it looks like {order} text, every other byte NUL: pass --encoding {order}" if order else
                    "; it does not look like UTF-16 (no NUL byte, which UTF-16 text of Latin letters, digits or "
                    "spaces has): leave --encoding out for UTF-8, or name the file's own encoding"
                    if name == "utf-16" and not consumed and len(data) >= 16 and b"\0" not in data[:SNIFF] else
                    f"; name the byte order: --encoding {name}-le or {name}-be" if name in ("utf-16", "utf-32") else "")
            raise InputError(f"not valid {encoding} text ({e}){hint}") from None
        consumed += len(data)
        if progress is not None:
            progress.update(consumed, f"{consumed / 1e6:.1f}/{progress.total / 1e6:.1f} MB")
        if s:
            lone = _SURROGATE.search(s) if surrogates else None
            if lone:
                raise InputError(f"not valid {encoding} text: it decodes to a lone surrogate (U+{ord(lone[0]):04X}), "
                                 "which is no character; pass the file's own --encoding")
            lines.add(s)
            beyond_ascii = beyond_ascii or not s.isascii()
            yield s
        if not data:
            return
        data = read(BLOCK)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8_at(data: Any, at: int) -> bool:
    """Whether the bytes of ``data`` from ``at`` on (up to 64 of them) start a valid UTF-8 sequence of a
    character beyond ASCII: text that another encoding refused there is likely UTF-8."""
    chunk = bytes(data[at : at + 64])
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start == 0 and e.reason != "unexpected end of data":
            return False
    return bool(chunk) and chunk[0] >= 0xC2


class _LineCount:
    """The line breaks of a decoded stream, counted as ``score --lines`` counts lines: in LFs, or
    in line ends of any kind in a file of CR line ends (:func:`hedgekit.text.cr_line_ends`, which
    reads the stream's first :data:`hedgekit.text.LINE_MODE_WINDOW` characters, kept here)."""

    def __init__(self) -> None:
        self.head = ""
        self.lf = self.cr = self.crlf = 0
        self.ended_cr = False

    def add(self, s: str) -> None:
        if len(self.head) <= LINE_MODE_WINDOW:
            self.head += s[: LINE_MODE_WINDOW + 1 - len(self.head)]
        self.lf += s.count("\n")
        self.cr += s.count("\r")
        self.crlf += s.count("\r\n") + (self.ended_cr and s.startswith("\n"))  # (a CRLF cut between blocks)
        if s:
            self.ended_cr = s.endswith("\r")

    def cr_lines(self, rest: str) -> bool:
        """Whether the stream has CR line ends, ``rest`` being what follows the text added so far
        (decoded as well as it can be: past a bad byte)."""
        return bool(cr_line_ends(self.head + rest[: LINE_MODE_WINDOW + 1 - len(self.head)]
                                 if len(self.head) <= LINE_MODE_WINDOW else self.head, final=True))

    def before_next(self, cr_lines: bool) -> int:
        """How many lines the text added so far ends."""
        return self.lf + self.cr - self.crlf if cr_lines else self.lf


def _text_blocks(stream: IO[str]) -> Iterator[str]:
    """Blocks of an already decoded text stream (``sys.stdin`` replaced by a ``StringIO``)."""
    while True:
        s = stream.read(BLOCK)
        if not s:
            return
        yield s


def _regular_file_left(raw: IO[bytes]) -> int:
    """The bytes left to read in ``raw`` when it is a regular file, else 0 (a pipe or terminal)."""
    try:
        st = os.fstat(raw.fileno())
        # raw.tell(), not the descriptor's offset, which runs ahead by what is buffered
        return max(st.st_size - raw.tell(), 0) if stat.S_ISREG(st.st_mode) else 0
    except (OSError, ValueError):  # no file descriptor (io.UnsupportedOperation is both), or closed
        return 0


@contextmanager
def open_input(name: str, encoding: str | None, show_progress: bool = False) -> Iterator[Iterator[str]]:
    """Open one input (a file name or ``-`` for stdin) and give its decoded text blocks
    (``encoding=None``: UTF-8, or UTF-16/32 by a byte-order mark, see :func:`_decoded_blocks`).

    The first block is read at once, so a missing, unreadable, binary or (at its start) wrongly
    encoded file raises :class:`InputError` here, before anything is written for it.
    """
    f: IO[bytes] | None = None
    progress: ProgressBar | None = None
    try:
        if name == "-":
            if sys.stdin is None:  # (started with stdin closed: "hedgekit score <&-")
                raise InputError("standard input is closed; give file names or pipe text in")
            raw = getattr(sys.stdin, "buffer", None)
            if raw is not None and show_progress:  # stdin redirected from a file ("< big.txt") has a size
                left = _regular_file_left(raw)
                if left >= PROGRESS_MIN:
                    progress = ProgressBar("<stdin>", left, sys.stderr)
            blocks = _text_blocks(sys.stdin) if raw is None else _decoded_blocks(raw, encoding, progress)
        else:
            if not name:  # (Path("") is the working directory: "is a directory")
                raise InputError("an empty file name (an unset variable?); give a file, or - for standard input")
            p = Path(name)
            try:
                if p.is_dir():
                    raise InputError("is a folder; give the text files in it (e.g. DIR/*.txt)")
                f = open(p, "rb")  # noqa: SIM115 - closed below
            except FileNotFoundError:
                raise InputError("no such file") from None
            except PermissionError:
                raise InputError("permission denied") from None
            except OSError as e:
                raise InputError(e.strerror or str(e)) from None
            if show_progress:
                try:
                    size = os.fstat(f.fileno()).st_size
                except OSError:
                    size = 0
                if size >= PROGRESS_MIN:
                    progress = ProgressBar(name, size, sys.stderr)
            blocks = _decoded_blocks(f, encoding, progress)
        first = next(blocks, None)
        yield itertools.chain([first] if first is not None else [], blocks)
    finally:
        if progress is not None:
            progress.close()
        if f is not None:
            f.close()


def _utf16_order(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` looks like ASCII-range UTF-16 text without a
    byte-order mark (at least 16 bytes, nearly every odd or every even byte NUL and the others not),
    else ``None``."""
    head = data[:512]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------------------- scoring
def _flush_between(blocks: Iterator[str], out: IO[str]) -> Iterator[str]:
    """Pass ``blocks`` on, flushing ``out`` before reading the next one (records of a block reach a
    pipe as soon as they are written, e.g. for ``tail -f log | hedgekit score --lines``)."""
    for b in blocks:
        yield b
        out.flush()


def _shift(s: SentenceScore, offset: int) -> SentenceScore:
    # (the scorer's own result, moved: built past the hand-built records' check, as the scorer builds it)
    return _sentence_score(s.text, s.certainty, s.label, s.cues, s.start + offset, s.end + offset, s.p_uncertain,
                           s.threshold) if offset else s


def _cut_long(buf: str) -> int:
    """Where to cut a chunk that has grown past :data:`MAX_CHUNK` without a paragraph break: at the
    start of a sentence with :data:`CUT_LOOKAHEAD` characters or more after it, so that the
    boundaries before it are decided as in the whole text (the next word after an abbreviation, the
    line after a heading, a quotation's close), preferably one that starts a line (where the
    next chunk starts as a paragraph does); else at the start of the last sentence; else, in one
    gigantic "sentence", at its last white space (or anywhere) to keep memory bounded."""
    from .text import split_sentences

    spans = split_sentences(buf)
    limit = len(buf) - CUT_LOOKAHEAD
    starts = [a for a, _ in spans[1:] if a <= limit]
    if starts:
        at_line = [a for a in starts if buf[a - 1] in "\n\r"]
        return (at_line or starts)[-1]
    if len(spans) >= 2:  # no sentence starts early enough: the last one's start is still a sentence's
        return spans[-1][0]
    ws = max(buf.rfind(c) for c in (" ", "\n", "\r", "\t", "\xa0", "\u3000"))
    return ws + 1 if ws > 0 else len(buf)


def iter_text_scores(score_text: Callable[..., list[SentenceScore]], blocks: Iterator[str]) -> Iterator[SentenceScore]:
    """Score a text arriving in ``blocks`` paragraph group by paragraph group.

    Offsets of the results are character offsets into the whole text (the concatenated blocks).
    The results are those of ``score_text(whole)``, however the text is divided into blocks, except
    where more than :data:`MAX_CHUNK` characters come without a paragraph break (a blank line or
    U+2029; single line breaks are none): that text is cut at the start of a sentence with
    :data:`CUT_LOOKAHEAD` characters after it (see :func:`_cut_long`) first.
    """
    from .text import _EDGE, _PARA_RE

    edge = frozenset(_EDGE)
    buf = ""
    base = 0
    first = True
    run = 0  # where the white space and invisible characters that end buf start
    for block in blocks:
        if first and block.startswith(BOM):
            block = " " + block[1:]  # a byte-order mark is no text, but still counts as a character
        first = False
        # a break that this block may complete starts in that run (the run is found from the end
        # of each block, never by rescanning the buffer)
        search_from = run
        i = len(block)
        while i and (block[i - 1].isspace() or block[i - 1] in edge):
            i -= 1
        run = len(buf) + i if i else run
        buf += block
        cut = 0
        for m in _PARA_RE.finditer(buf, search_from):
            # only a break that text follows in the buffer is final: the white space after it, and
            # whether a CR is followed by LF, may go on in the next block
            if m.end() < len(buf):
                cut = m.end()
        if not cut and len(buf) > MAX_CHUNK:
            cut = _cut_long(buf)
        if cut:
            yield from score_text(buf[:cut], offset=base)
            base += cut
            buf = buf[cut:]
            run = max(0, run - cut)
    if buf:
        yield from score_text(buf, offset=base)


def iter_line_scores(
    score: Callable[[list[str]], list[SentenceScore]], blocks: Iterator[str]
) -> Iterator[tuple[int, SentenceScore]]:
    """Score every line as one sentence: ``(line number, score)``, one per line, blank lines included.

    ``score`` scores a list of sentences (:meth:`hedgekit.Scorer.score`); the lines of each block
    are scored together. Lines end at ``\\n`` (a ``\\r`` before it is not part of the line), so that a
    stray ``\\r`` inside a line stays there and the lines are those of ``wc -l``; but a file whose
    first :data:`hedgekit.text.LINE_MODE_WINDOW` characters (64 Ki) start with a ``\\r`` followed by text before
    any ``\\n`` and hold more such ``\\r`` than ``\\n`` (old Mac files, Excel's "CSV (Mac)", whose
    cells' line breaks are ``\\n``) has lines ending at ``\\r``, ``\\r\\n`` or ``\\n``. Input whose
    first line break is a ``\\n`` is scored as it arrives; one that starts with a ``\\r`` line break
    is scored once that many characters (or all of it, if shorter) have been read. A final line
    without a line break counts. Offsets are character offsets into the whole text.
    """
    buf = ""
    base = 0
    lineno = 0
    first = True
    cr_lines: bool | None = None  # unknown until the head of the file tells (:func:`hedgekit.text.cr_line_ends`)
    scan = 0  # where this block's new text starts in buf (line ends before it were looked for)

    def split(final: bool) -> tuple[list[str], list[int], int]:
        """The complete lines of ``buf`` (all of them at the end of the file), their starts, and
        where the unfinished rest begins."""
        texts: list[str] = []
        starts: list[int] = []
        pos = 0
        while True:
            if cr_lines:
                m = LINE_END_RE.search(buf, max(pos, scan))
                if m is None or (not final and m.end() == len(buf) and m.group() == "\r"):  # (a cut \r\n?)
                    break
                end, nxt = m.start(), m.end()
            else:
                nl = buf.find("\n", max(pos, scan))
                if nl < 0:
                    break
                end, nxt = (nl - 1 if nl > pos and buf[nl - 1] == "\r" else nl), nl + 1
            texts.append(buf[pos:end])
            starts.append(base + pos)
            pos = nxt
        return texts, starts, pos

    for block in blocks:
        if first and block.startswith(BOM):
            block = block[1:]  # a byte-order mark is not part of line 1, but counts as a character
            base = 1
        first = False
        # the carried-over part holds no line break but perhaps a final \r, whose \n may start this block
        scan = len(buf) - buf.endswith("\r")
        buf += block
        if cr_lines is None:
            cr_lines = cr_line_ends(buf, final=False)
            if cr_lines is None:
                continue
            scan = 0  # the head, undecided until now, is split as the file's lines end
        texts, starts, pos = split(final=False)
        for text_start, s in zip(starts, score(texts)):
            lineno += 1
            yield lineno, _shift(s, text_start)
        base += pos
        buf = buf[pos:]
    if cr_lines is None:
        cr_lines = cr_line_ends(buf, final=True)
    scan = 0
    texts, starts, pos = split(final=True)
    if buf[pos:]:
        rest = buf[pos:]
        texts.append(rest[:-1] if rest.endswith("\r") else rest)
        starts.append(base + pos)
    for text_start, s in zip(starts, score(texts) if texts else []):
        lineno += 1
        yield lineno, _shift(s, text_start)


# --------------------------------------------------------------------------------------- writers
def _cue_field(s: SentenceScore) -> str:
    return ";".join(f"{c.text}@{c.start}-{c.end}:{c.category}" for c in s.cues)


class Writer:
    """Writes score records to ``out``; one subclass per ``--format``."""

    def __init__(self, out: IO[str], lines: bool, end_mark: bool = True) -> None:
        self.out = out
        self.lines = lines
        self.end_mark = end_mark

    def begin(self, name: str, index: int, count: int) -> None:
        """Called before the records of each input."""

    def write(self, name: str, s: SentenceScore, line: int | None) -> None:
        raise NotImplementedError


def _wordless(s: SentenceScore, end_mark: bool) -> bool:
    """Whether ``s`` says nothing as the scorer read it (``end_mark``: the ``--no-end-mark`` switch's
    opposite): no word (empty, white space or invisible characters only) or, read with ``end_mark``,
    a list item's marker alone ("-", "•", "2.": :func:`hedgekit.text._says_nothing`). Its record gets
    no certainty, P(uncertain) or label (null in JSON Lines, empty cells in CSV/TSV), as
    :mod:`hedgekit.pandas` gives such a cell NaN, so that a mean or a count of the labels taken from
    the output is not swayed by blank lines, or bullets alone, scored as certain."""
    return _says_nothing(s.text, end_mark)


class JsonlWriter(Writer):
    def write(self, name: str, s: SentenceScore, line: int | None) -> None:
        rec: dict[str, Any] = {"input": name}
        if line is not None:
            rec["line"] = line
        blank = _wordless(s, self.end_mark)
        rec.update(
            # (every number unrounded: the sentence's so that they never contradict its label (rounded to
            # 6 decimals, P 0.71514934 at a threshold of 0.7151493 printed as equal, and labelled
            # certain), and the cues' so that SentenceScore.from_dict reads back what score() returns)
            text=s.text, start=s.start, end=s.end, certainty=None if blank else s.certainty,
            label=None if blank else s.label, p_uncertain=None if blank else s.p_uncertain, threshold=s.threshold,
            cues=[
                {"text": c.text, "start": c.start, "end": c.end, "category": c.category,
                 "weight": c.weight, "contribution": c.contribution, "pattern": c.pattern}
                for c in s.cues
            ],
        )  # fmt: skip
        line = json.dumps(rec, ensure_ascii=False)
        # JSON allows these raw, but str.splitlines() and many line readers break records at them.
        self.out.write(line.translate(_JSON_LINE_BREAKS) + "\n")


_JSON_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _tsv_cell(cell: str) -> str:
    """A TSV cell with a leading ``"`` escaped (``\\x22``; ``hedgekit.load_corpus`` undoes it)."""
    return "\\x22" + cell[1:] if cell[:1] == '"' else cell


class DelimitedWriter(Writer):
    """CSV (standard quoting) or TSV (no quoting; ``\\``, tab, CR and LF in cells escaped as ``\\\\ \\t \\r \\n``,
    and a ``"`` that starts a cell as ``\\x22``, so that readers that take a leading quote for CSV
    quoting, pandas and spreadsheets among them, read the cell as it is)."""

    _TSV_ESC = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\\x00", "\x0b": "\\x0b",
                              "\x0c": "\\x0c", "\x1c": "\\x1c", "\x1d": "\\x1d", "\x1e": "\\x1e", "\x85": "\\x85",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})

    def __init__(self, out: IO[str], lines: bool, delimiter: str, end_mark: bool = True) -> None:
        super().__init__(out, lines, end_mark)
        self.tsv = delimiter == "\t"
        self.csv = None if self.tsv else csv.writer(out, lineterminator="\n")
        # csv only quotes the line terminator; a cell with a bare "\r" must be quoted too.
        self.csv_all = None if self.tsv else csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        header = ["input"] + (["line"] if lines else []) + list(SCORE_TABLE_COLUMNS)
        self._row(header)

    def _row(self, cells: list[Any]) -> None:
        if self.csv is not None and self.csv_all is not None:
            (self.csv_all if any("\r" in str(c) for c in cells) else self.csv).writerow(cells)
        else:
            self.out.write("\t".join(_tsv_cell(str(c).translate(self._TSV_ESC)) for c in cells) + "\n")

    def write(self, name: str, s: SentenceScore, line: int | None) -> None:
        cells: list[Any] = [name] + ([line] if self.lines else [])
        blank = _wordless(s, self.end_mark)
        cells += [s.start, s.end, "" if blank else f"{s.certainty:.6f}", "" if blank else s.label,
                  "" if blank else f"{s.p_uncertain:.6f}", s.text, _cue_field(s)]
        self._row(cells)


class TableWriter(Writer):
    """An aligned table for reading in a terminal; sentences are truncated to the terminal width."""

    def __init__(self, out: IO[str], lines: bool, end_mark: bool = True) -> None:
        super().__init__(out, lines, end_mark)
        self.width = max(60, shutil.get_terminal_size((100, 24)).columns)
        self.cue_w = min(32, self.width // 4)
        self.line_w = 6 if lines else 0
        fixed = 4 + 2 + 9 + 2 + 2 + self.cue_w + (self.line_w + 2 if lines else 0)
        self.text_w = max(20, self.width - fixed)
        self.header_done = False

    @staticmethod
    def _fit(s: str, w: int) -> str:
        """``s`` on one line (:func:`_shown`), cut with "…" to at most ``w`` terminal columns and padded
        with spaces to ``w`` (a CJK or full-width character takes two columns, a combining mark none)."""
        s = _shown(s)
        cols = [_columns(ch) for ch in s]
        if sum(cols) > w:
            used, keep = 0, 0
            while keep < len(s) and used + cols[keep] <= w - 1:
                used += cols[keep]
                keep += 1
            s, cols = s[:keep] + "…", cols[:keep] + [1]
        return s + " " * (w - sum(cols))

    def begin(self, name: str, index: int, count: int) -> None:
        if count > 1:
            self.out.write(("\n" if index else "") + f"==> {_shown_name(name)} <==\n")
        if not self.header_done or count > 1:
            ln = f"{'line':>{self.line_w}}  " if self.lines else ""
            self.out.write(f"{ln}cert  {'label':9}  {self._fit('sentence', self.text_w)}  cues\n")
            self.header_done = True

    def write(self, name: str, s: SentenceScore, line: int | None) -> None:
        ln = f"{line:>{self.line_w}}  " if self.lines else ""
        cues = self._fit(", ".join(c.text for c in s.cues), self.cue_w)
        text = self._fit(s.text, self.text_w)
        cert, label = ("   -", "-") if _wordless(s, self.end_mark) else (f"{s.certainty:4.2f}", s.label)
        self.out.write(f"{ln}{cert}  {label:9}  {text}  {cues}".rstrip() + "\n")


def _make_writer(fmt: str, out: IO[str], lines: bool, end_mark: bool) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(out, lines, end_mark)
    if fmt == "csv":
        return DelimitedWriter(out, lines, ",", end_mark)
    if fmt == "tsv":
        return DelimitedWriter(out, lines, "\t", end_mark)
    return TableWriter(out, lines, end_mark)


# --------------------------------------------------------------------------------------- commands
def _load_scorer(args: argparse.Namespace) -> Any:
    from .errors import HedgekitError
    from .scorer import Scorer

    try:
        return Scorer(lexicon=args.lexicon, model=args.model, threshold=args.threshold, expert=args.expert,
                      end_mark=args.end_mark)
    except FileNotFoundError as e:
        missing = e.filename or str(e)
        if args.model is None and str(missing).endswith("model.json.gz"):
            raise FatalError(
                "the shipped model (hedgekit/data/model.json.gz) is missing from this installation; "
                "pass --model FILE (train one with `hedgekit train`)"
            ) from None
        raise FatalError(f"{missing}: no such file") from None
    except IsADirectoryError as e:
        raise FatalError(f"{e.filename}: is a directory") from None
    except (HedgekitError, ValueError, OSError) as e:
        raise FatalError(str(e)) from None


def _data_name(name: str) -> str:
    """A file name as data output may hold it: a name that is not valid UTF-8 (Python keeps its bytes
    as lone surrogates, which UTF-8 output cannot encode) gets them as ``\\xNN`` escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _regular_file_id(stream: IO[str]) -> tuple[int, int] | None:
    """``(device, inode)`` of the regular file ``stream`` writes to; ``None`` for a terminal, a pipe
    or a stream without a file descriptor."""
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _file_id(name: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the input ``name`` (``"-"``: standard input); ``None`` if unknown."""
    try:
        st = os.fstat(sys.stdin.fileno()) if name == "-" else os.stat(name)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None
    return (st.st_dev, st.st_ino)


def _each_input(files: list[str], encoding: str | None, show_progress: bool, out: IO[str],
                handle: Callable[[int, str, Iterator[str]], None]) -> int:
    """Call ``handle(index, name, blocks)`` for each input file (``"-"`` = stdin) and return the exit
    status: a file that cannot be read or decoded gets one message on stderr and the others still run.
    ``name`` is passed as data output may hold it (:func:`_data_name`)."""
    status = EXIT_OK
    written = _regular_file_id(out)
    for i, name in enumerate(files):
        if written is not None and _file_id(name) == written:
            # ("score n.txt >> n.txt": its own records, flushed between blocks, would be read back as text)
            _err(f"{_shown_name(name) or repr(name)}: input file is output file (standard output goes to it); "
                 "write the output to another file")
            status = EXIT_ERROR
            continue
        try:
            with open_input(name, encoding, show_progress) as raw_blocks:
                handle(i, _data_name(name), _flush_between(raw_blocks, out))
                out.flush()
        except InputError as e:
            out.flush()
            _err(f"{_shown_name(name) or repr(name)}: {e}")
            status = EXIT_ERROR
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                raise
            out.flush()
            _err(f"{_shown_name(name) or repr(name)}: {e.strerror or e}")
            status = EXIT_ERROR
    return status


def cmd_score(args: argparse.Namespace) -> int:
    scorer = _load_scorer(args)
    out = sys.stdout
    fmt = args.format or ("table" if _isatty(out) else "jsonl")
    writer = _make_writer(fmt, out, args.lines, args.end_mark)
    files = args.files or ["-"]
    show_progress = not args.quiet and _isatty(sys.stderr) and not _isatty(out)
    if "-" in files and _isatty(sys.stdin) and not args.quiet:
        sys.stderr.write(f"{PROG}: reading text from the terminal; end it with Ctrl-D\n")

    def handle(i: int, name: str, blocks: Iterator[str]) -> None:
        writer.begin(name, i, len(files))
        if args.lines:
            for lineno, s in iter_line_scores(scorer.score, blocks):
                writer.write(name, s, lineno)
        else:
            for s in iter_text_scores(scorer.score_text, blocks):
                writer.write(name, s, None)

    return _each_input(files, args.encoding, show_progress, out, handle)


def _read_whole(name: str, encoding: str | None) -> str:
    with open_input(name, encoding) as blocks:
        text = "".join(blocks)
    return text[1:] if text.startswith(BOM) else text


def cmd_highlight(args: argparse.Namespace) -> int:
    from .highlight import render_html

    if args.output != "-":
        _refuse_overwriting(args.output, "-o/--output", [("input text", args.file), ("lexicon", args.lexicon),
                                                           ("model file", args.model)])
    scorer = _load_scorer(args)
    try:
        text = _read_whole(args.file, args.encoding)
    except InputError as e:
        _err(f"{_shown_name(args.file) or repr(args.file)}: {e}")
        return EXIT_ERROR
    except OSError as e:
        _err(f"{_shown_name(args.file) or repr(args.file)}: {e.strerror or e}")
        return EXIT_ERROR
    scores = scorer.score_text(text)
    title = _data_name(args.title or (Path(args.file).name if args.file != "-" else "hedgekit report"))
    page = render_html(scores, text, title)
    if args.output == "-":
        # in pieces: with PYTHONUNBUFFERED, one write of the whole page ended short, unnoticed, when
        # the reader went away (`| head`), and the command exited 0 instead of 141
        for i in range(0, len(page), _PAGE_PIECE):
            sys.stdout.write(page[i : i + _PAGE_PIECE])
        return EXIT_OK
    from .errors import ArgumentError
    from .fileio import write_atomic

    try:  # (whole or not at all; "", a folder and "name/" refused: pathlib read "victim.txt/" as victim.txt)
        write_atomic(args.output, page.encode("utf-8"), "-o/--output")
    except ArgumentError as e:
        raise FatalError(f"{_shown_name(args.output) or repr(args.output)}: {e}") from None
    except OSError as e:
        raise FatalError(f"{_shown_name(args.output)}: cannot write: {e.strerror or e}") from None
    if not args.quiet:
        unc = sum(s.label == "uncertain" for s in scores)
        sys.stderr.write(f"{PROG}: wrote {_shown_name(args.output)} ({len(scores)} sentences, {unc} uncertain)\n")
    return EXIT_OK


def cmd_cues(args: argparse.Namespace) -> int:
    from collections import deque

    from .cues import CueDetector
    from .errors import HedgekitError
    from .text import text_sentences

    try:
        detector = CueDetector(args.domain, model=args.model, threshold=args.threshold, end_mark=args.end_mark,
                               lexicon=args.lexicon)
    except FileNotFoundError as e:
        raise FatalError(f"{e.filename or args.model or args.lexicon}: no such file") from None
    except (HedgekitError, ValueError, OSError) as e:
        raise FatalError(str(e)) from None
    # each sentence's detected cues, with their exact P(cue), in the order its score comes out
    found: deque[list[Any]] = deque()

    def score(texts: list[str]) -> list[SentenceScore]:
        return detector._scores(texts, [0] * len(texts), found)

    def score_text(text: str, offset: int = 0) -> list[SentenceScore]:
        return detector._scores(*text_sentences(text, offset), found)

    out = sys.stdout
    fmt = args.format or ("table" if _isatty(out) else "jsonl")
    files = args.files or ["-"]
    if "-" in files and _isatty(sys.stdin) and not args.quiet:  # (as score says it)
        sys.stderr.write(f"{PROG}: reading text from the terminal; end it with Ctrl-D\n")

    def write(name: str, s: SentenceScore, line: int | None) -> None:
        cues = found.popleft()
        if fmt == "jsonl":
            rec: dict[str, Any] = {"input": name, **({"line": line} if line is not None else {})}
            # (the numbers unrounded, as score's JSONL gives them: P(cue) exactly as cues.detect gives it)
            blank = _wordless(s, args.end_mark)
            rec.update(text=s.text, start=s.start, end=s.end, p_uncertain=None if blank else s.p_uncertain,
                       label=None if blank else s.label, threshold=s.threshold,
                       cues=[{"text": c.text, "start": c.start, "end": c.end, "category": c.category,
                              "probability": c.probability, "pattern": c.pattern} for c in cues])
            out.write(json.dumps(rec, ensure_ascii=False).translate(_JSON_LINE_BREAKS) + "\n")
        elif cues or line is not None:  # (--lines: every line, as its help says)
            where = f"{line:>8}" if line is not None else f"{s.start:>8}"
            out.write(f"{where}  {_shown(s.text)}\n")
            if cues:
                shown = ", ".join(f"{_shown(c.text)} ({c.category} {c.probability:.2f}, {c.start}-{c.end})"
                                  for c in cues)  # (the span: offsets in the sentence as written)
                out.write(f"{'':>8}  -> {shown}\n")

    def handle(i: int, name: str, blocks: Iterator[str]) -> None:
        if fmt != "jsonl" and len(files) > 1:  # which file the table's records come from, as score's table says
            out.write(("\n" if i else "") + f"==> {_shown_name(name)} <==\n")
        if args.lines:
            for lineno, s in iter_line_scores(score, blocks):
                write(name, s, lineno)
        else:
            for s in iter_text_scores(score_text, blocks):
                write(name, s, None)

    return _each_input(files, args.encoding, False, out, handle)


def cmd_lexicon(args: argparse.Namespace) -> int:
    from .errors import ArgumentError, HedgekitError
    from .lexicon import LEXICON_CATEGORIES, load_lexicon

    parser = args.parser

    action = args.action or "list"
    if action == "list" and args.term is not None:
        parser.error(f"'list' takes no argument (got {args.term!r}); did you mean 'search {args.term}'?")
    if action in ("search", "show") and (args.term is None or not args.term.strip()):
        # (an empty TEXT, an unset shell variable's, matched every row)
        parser.error(f"'{action}' needs {'TEXT' if action == 'search' else 'CATEGORY'}"
                     + ("" if args.term is None else f", got {args.term!r}"))
    if action == "show" and args.term not in LEXICON_CATEGORIES:
        parser.error(f"unknown category {args.term!r}; choose from {', '.join(LEXICON_CATEGORIES)}")
    try:
        lex = load_lexicon(args.lexicon)
    except FileNotFoundError:
        raise FatalError(f"{args.lexicon}: no such file") from None
    except (HedgekitError, OSError) as e:  # a malformed file, an empty path
        raise FatalError(str(e)) from None
    if action == "search":
        try:
            rows = lex.search(args.term)
        except ArgumentError as e:  # (invisible characters only: it would list every row)
            parser.error(f"'search' needs TEXT: {str(e).removeprefix('search(): ')}")
    elif action == "show":
        rows = lex.by_category(args.term)
    else:
        rows = lex.entries
    table = [(e.pattern, e.category, f"{e.weight:g}", e.source) for e in rows]
    header = ("pattern", "category", "weight", "source")
    out = sys.stdout
    if args.format == "tsv":  # the lexicon file format itself: every column, exact weights
        from .lexicon import Lexicon

        out.write(lex.tsv_text() if action == "list" else Lexicon(rows, name=lex.name).tsv_text())
    else:
        widths = [max([len(h)] + [len(r[i]) for r in table]) for i, h in enumerate(header)]
        for r in [header, *table]:
            out.write("  ".join(c.ljust(w) if i != 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip() + "\n")
    if not table:
        sys.stderr.write(f"{PROG}: no lexicon row matches\n")
        return EXIT_ERROR
    return EXIT_OK


def _train_user_data(args: argparse.Namespace) -> tuple[Any, dict[str, Any], Any]:
    """Train on a user's labelled file: cross-validate, pick the threshold, fit on everything."""
    import numpy as np

    from . import train
    from .errors import ArgumentError, CorpusError, HedgekitError
    from .lexicon import load_lexicon
    from .readers import UNREAD, _read_files, load_corpus

    try:
        lexicon = load_lexicon(args.lexicon)
    except FileNotFoundError:
        raise FatalError(f"{args.lexicon}: no such file") from None
    except (HedgekitError, OSError) as e:  # a malformed file, an empty path
        raise FatalError(str(e)) from None
    # a --label-column given must exist; the default "label" may be absent in a file of ratings only
    # (a column named only when given: any named column reads a Pei & Jurgens file as a table, readers.read_as)
    options = {**({"text_column": args.text_column} if args.text_column is not None else {}),
               **({"doc_column": args.doc_column} if args.doc_column is not None else {}),
               **({"label_column": args.label_column} if args.label_column is not None else {}),
               # (--rating-column: a label column is not used, and not read: its cells may hold anything)
               **({"rating_column": args.rating_column, "label_column": UNREAD} if args.rating_column is not None
                  else {}),
               **({"encoding": args.encoding} if args.encoding else {})}
    graded = args.rating_column is not None
    if graded:
        u, c = args.rating_scale
        ends = Decimal(repr(u)) + Decimal(repr(c))  # (twice the midpoint, as the decimals written)
    texts: list[str] = []
    labels: list[int] = []
    targets: list[float] = []  # (--rating-column: each sentence's soft P(uncertain), from its rating)
    groups: list[str] = []
    n_rated = 0
    n_unlabelled = 0  # sentences with neither a label nor a rating (left out), and where the first are
    unlabelled: list[str] = []
    read: list[Path] = []  # the files that gave a labelled sentence, in reading order
    doc_files: dict[str, set[Path]] = {}  # document id -> the files it occurs in
    try:
        load_corpus(args.data, format=args.format, **options)  # the path, format and options checked at once
        # file by file, so that the record names each file that gave a labelled sentence by its path (the
        # sentences' sources give only its base name, which two files in different subfolders can share)
        sentences = ((f, s) for f in _read_files(args.data, args.format)
                     for s in load_corpus(f, format=args.format, **options))
        def where(f: Path, s: Any) -> str:
            """The file and line of a sentence, for a message (built only when one is said)."""
            line = dict(s.meta).get("line")
            return f"{f}" + (f", line {line}" if line is not None else "")

        for f, s in sentences:
            if (s.rating if graded else s.label) is None:
                n_rated += not graded and s.rating is not None
                if graded or s.rating is None:
                    n_unlabelled += 1
                    if n_unlabelled <= 3:
                        unlabelled.append(where(f, s))
                continue
            if graded:
                try:
                    targets.append(1.0 - train.scale_position(s.rating, args.rating_scale))
                except ArgumentError as e:  # (outside the scale: clipped, it would count as its end)
                    raise FatalError(f"{where(f, s)}: column {args.rating_column!r}: {e}") from None
                # uncertain: at the midpoint or nearer U, compared as the decimals written (0.5 is the
                # midpoint of 0.3 and 0.7, which binary floating point does not find)
                twice = 2 * Decimal(repr(s.rating))
                labels.append(1 if (twice <= ends if u < c else twice >= ends) else 0)
            else:
                labels.append(1 if s.label == "uncertain" else 0)
            texts.append(s.text)
            if not read or read[-1] != f:
                read.append(f)
            # A sentence is grouped with its document; without one, with the identical sentences (same
            # letters and digits), so that a repeated sentence is never in training and test at once.
            key = train._link_key(s.text)
            # (a sentence without letters or digits, "* * *", by its text: a name by row would make
            # the folds follow the rows' order)
            groups.append(f"doc/{s.doc_id}" if s.doc_id and s.doc_id.strip() else f"text/{key}" if key
                          else "raw/" + " ".join(s.text.split()))
            if s.doc_id and s.doc_id.strip():
                doc_files.setdefault(s.doc_id, set()).add(f)
    except FileNotFoundError:
        raise FatalError(f"{args.data}: no such file or folder") from None
    except (CorpusError, OSError) as e:
        hint = ("; train reads the labels only: rename or drop the 'rating' column (the readers take a column of "
                "that name for graded ratings)" if "in column 'rating' is not a number" in str(e)
                and args.label_column != "rating" and not graded else
                "; train reads tsv, csv and jsonl: pass --format tsv, csv or jsonl" if "cannot infer" in str(e) else "")
        raise FatalError(str(e).split("; pass format=")[0] + hint if "cannot infer" in str(e) else str(e) + hint) from None
    if not texts and n_rated:
        raise FatalError(f"{args.data}: its {n_rated} sentences have ratings but no labels; --data trains on "
                         "binary labels (certain/uncertain, 0/1, true/false) unless --rating-column NAME "
                         "--rating-scale U,C names a column of graded ratings to train on")
    if Path(args.data).is_dir():  # (a folder's .txt or .tab files were passed over without a word)
        from .readers import _walk

        taken = {os.path.realpath(f) for f in _read_files(args.data, args.format)}
        skipped = [f for f in _walk(Path(args.data)) if os.path.realpath(f) not in taken]
        if skipped:
            logging.getLogger(__name__).warning(
                "%d file(s) of %s not read (no reader takes them%s): %s%s", len(skipped), args.data,
                f" as {args.format}" if args.format else " by their names' endings, as .tsv, .csv or .jsonl",
                ", ".join(str(f) for f in skipped[:3]), ", ..." if len(skipped) > 3 else "")
    shared_ids = sorted(d for d, fs in doc_files.items() if len(fs) > 1)
    if shared_ids:  # (a document id is one document wherever it occurs: never a leak, but maybe not meant)
        logging.getLogger(__name__).warning(
            "%d document id(s) occur in more than one file (%s%s), and each is one document across them; if the "
            "files number their documents each on its own, make the ids unique (e.g. prefix the file's name)",
            len(shared_ids), ", ".join(repr(d) for d in shared_ids[:3]), ", ..." if len(shared_ids) > 3 else "")
    if n_rated:  # (a rating column is read as one, not trained on)
        logging.getLogger(__name__).warning(
            "%d sentence(s) with a rating but no label left out: --data trains on binary labels only, unless "
            "--rating-column names the column to train on instead", n_rated)
    if n_unlabelled and graded:  # (an empty or NA rating cell, or a record without the rating key)
        logging.getLogger(__name__).warning(
            "%d sentence(s) without a rating left out (%s%s); a rating is a number in the %r column",
            n_unlabelled, "; ".join(unlabelled), ", ..." if n_unlabelled > 3 else "", args.rating_column)
    elif n_unlabelled:  # (an empty or NA label cell, or a record without the label key)
        logging.getLogger(__name__).warning(
            "%d sentence(s) without a label left out (%s%s); a label is certain/uncertain, 0/1 or true/false in "
            "the %r column", n_unlabelled, "; ".join(unlabelled), ", ..." if n_unlabelled > 3 else "",
            args.label_column or "label")
    y = np.asarray(labels, dtype=np.int8)
    n_unc = int(y.sum())
    by_doc = any(g.startswith("doc/") for g in groups)
    no_doc = sum(not g.startswith("doc/") for g in groups)
    if args.doc_column and no_doc:
        logging.getLogger(__name__).warning(
            "%d of the %d labelled sentences have no document in the %r column; each is grouped only with its "
            "identical copies (and their documents), so cross-validation may test on a document it also trained on",
            no_doc, len(groups), args.doc_column)
    unit = "documents" if by_doc else "distinct sentences"
    # documents that share a sentence are one group, so that no sentence is trained and tested on
    raw_groups = groups
    groups = train.merge_twin_groups(texts, groups)
    joined = _joined_documents(texts, raw_groups, groups) if by_doc else ""
    # each group named by its sentences, so that the folds do not follow the rows' order (a merged
    # group was named after its document that came first)
    groups = train.canonical_group_names(groups, [train._link_key(t) or t for t in texts])
    if joined:  # (a sentence every document has, boilerplate, joins them all: CV then fails, or has one big fold)
        logging.getLogger(__name__).warning("%s", joined)
    both = 0 if graded else train.conflicting_labels(texts, labels)  # (ratings of one sentence may differ)
    if both:
        logging.getLogger(__name__).warning(
            "%d sentence(s) occur with both labels; %s", both,
            f"copies with {train.MIN_PIECE} or more letters and digits keep their documents in one fold, "
            "shorter ones may land in different folds" if by_doc else "each stays in one fold with all its copies")
    # A fold needs whole documents of both classes: count the documents that hold each class.
    per_class = [len({g for g, v in zip(groups, labels) if v == c}) for c in (0, 1)]
    n_min = min(per_class)
    if n_min < 2:
        kinds = (f"rated sentences on each side of the scale's midpoint ({train.number_text((u + c) / 2)}: at it "
                 f"or nearer {train.number_text(u)} is uncertain, nearer {train.number_text(c)} certain)" if graded else
                 "labelled sentences of each class (certain and uncertain)")
        raise FatalError(
            f"{args.data}: need {kinds} in at least 2 {unit} to "
            f"train and cross-validate; found {len(y) - n_unc} certain and {n_unc} uncertain sentence(s), in "
            f"{per_class[0]} and {per_class[1]} {'groups of ' if joined else ''}{unit}" + (f" ({joined})" if joined else "")
        )
    if graded:
        _check_scale_direction(texts, targets, args.rating_scale)
    k = min(args.folds, n_min)
    # the corpus ("." is the folder it names); its expert is "default", as HedgeClassifier and --base name it
    name = Path(os.path.abspath(args.data)).name or "data"
    # every file read that gave labelled sentences, with its hash
    ts = train.TrainingSet(texts, y, groups, [name] * len(texts),
                           [{"corpus": name, "file": str(f), "sha256": train.sha256_file(f)} for f in read],
                           target=np.asarray(targets) if graded else None)

    @functools.cache
    def poorest(folds: int, seed: int) -> int:
        """The fewest documents of one class in any training part of that seed's folds."""
        fold = train.make_folds(ts, folds, seed)
        return min(len({g for g, v, f in zip(groups, labels, fold) if v == c and f != out})
                   for out in range(folds) for c in (0, 1))

    # Every training part of the THRESHOLD_REPEATS cross-validations (fold seeds SEED, SEED + 1, ...)
    # must hold both classes: fewer folds until they do.
    seeds = [train.SEED + r for r in range(train.THRESHOLD_REPEATS)]
    while any(poorest(k, s) < 1 for s in seeds):
        if k == 2:
            raise FatalError(f"{args.data}: its {unit} cannot be dealt into 2 folds whose training parts all hold "
                             f"both classes (for each of the {len(seeds)} fold seeds the threshold rule uses); "
                             f"label more sentences of each class, spread over more {unit}")
        k -= 1
    if k < args.folds:
        logging.getLogger(__name__).info("using %d folds (only %d %s of the smaller class, dealt so that every "
                                         "training part holds both)", k, n_min,
                                         "documents hold a sentence" if by_doc else "distinct sentences")
    # Each fold's threshold comes from an inner CV (up to 3 folds) of its training part, which must
    # hold documents of both classes for every inner fold: as many inner folds as the poorest
    # training part has documents of its smaller class; with fewer than 2, no inner CV (threshold
    # 0.5 within the CV; the model's own threshold still comes from the pooled out-of-fold
    # probabilities).
    least = poorest(k, train.SEED)
    inner_k = min(3, least) if least >= 2 else 0
    rest = ("a sentence without one is grouped with its identical copies (same letters and digits); documents "
            f"that share a sentence of {train.MIN_PIECE} or more letters and digits are one group")
    grouping = (f"by document (the {args.doc_column!r} column; {rest})" if args.doc_column else
                f"by document (as the {name} reader gives them; {rest})" if by_doc else
                "by sentence text: identical sentences (same letters and digits) share a group, so no repeated "
                "sentence is in training and test at once (no --doc-column)")
    # the paths as given, so that the stored command reruns from the folder it ran in
    command = train.command_text(["hedgekit train --data", shlex.quote(str(args.data)), "--out",
                                  shlex.quote(str(args.out))], [
        ("format", args.format, None), ("text-column", args.text_column, None),
        ("label-column", args.label_column, None), ("rating-column", args.rating_column, None),
        ("rating-scale", args.rating_scale and ",".join(map(train.number_text, args.rating_scale)), None),
        ("alpha", args.alpha, None), ("doc-column", args.doc_column, None),
        ("encoding", args.encoding, None), ("lexicon", args.lexicon, None), ("C", args.C, 0.5),
        ("min-df", args.min_df, 2), ("folds", args.folds, 10), ("base", args.base, None),
        ("unannotated", ",".join(args.unannotated) or None, None)])

    def fit(inner: int) -> tuple[Any, dict[str, Any], Any]:
        if args.base:
            return _adapt_user_data(args, ts, lexicon, k, inner, command, grouping)
        # --rating-column: the shipped science expert's recipe, a ridge regression of the soft targets with
        # the lexicon's families penalised less (hedgekit.train.GRADED_RIDGE_ALPHA, GRADED_FEATURE_SCALE)
        ridge = {"ridge_alpha": {"default": args.alpha or train.GRADED_RIDGE_ALPHA["science"]},
                 "feature_scale": {"default": dict(train.GRADED_FEATURE_SCALE["science"])},
                 "rating_scale": args.rating_scale, "graded": [name]} if graded else {}
        model, report = train.train_model(ts, experts={"default": (name,)}, lexicon=lexicon, C=args.C,
                                          min_df=args.min_df, k=k, inner_k=inner, provenance={"command": command},
                                          grouping=grouping, predict_as_scored=True,
                                          unannotated={name: args.unannotated} if args.unannotated else None,
                                          **ridge)
        return model, report, ts

    try:
        try:
            return fit(inner_k)
        except train.OneClassError as e:  # an inner fold's training part held one class only (even stratified)
            if not inner_k:
                raise
            logging.getLogger(__name__).info("no inner cross-validation (%s); the folds' thresholds are 0.5", e)
            model, report, used = fit(0)
            # (for the note the command prints: not too few documents, but an inner fold of one class)
            return model, {**report, "inner_one_class": str(e)}, used
    except train.OneClassError as e:  # a fold's training part holds one class only
        raise FatalError(f"{args.data}: too little data for a {k}-fold cross-validation ({e}); label more "
                         f"sentences of each class, spread over more {unit}"
                         + (", or lower --folds" if k > 2 else "")) from None
    except HedgekitError as e:
        raise FatalError(f"{args.data}: {e}") from None


#: ``train --rating-column`` warns when the soft targets correlate with the shipped model's
#: P(uncertain) at or below this (Pearson): a scale given the wrong way round trains a model whose
#: certainty runs against the hedges (the Pei & Jurgens ratings the right way round: +0.55).
SCALE_DIRECTION_WARN = -0.2


def _check_scale_direction(texts: list[str], targets: list[float], scale: tuple[float, float]) -> None:
    """Warn when the ratings, read on ``scale``, run against the shipped model's reading of the same
    sentences (:data:`SCALE_DIRECTION_WARN`): most likely the scale's ends are swapped."""
    import numpy as np

    from .scorer import Scorer

    t = np.asarray(targets, dtype=np.float64)
    if len(t) < 10 or np.ptp(t) == 0:
        return
    p = np.array([s.p_uncertain for s in Scorer().score(texts)])
    if np.ptp(p) == 0:
        return
    r = float(np.corrcoef(t, p)[0, 1])
    if r <= SCALE_DIRECTION_WARN:
        from .train import number_text

        u, c = map(number_text, scale)
        logging.getLogger(__name__).warning(
            "the ratings run against the shipped model's reading of the same sentences (Pearson %.2f of P(uncertain) "
            "with the ratings' uncertainty, with --rating-scale %s,%s: %s most uncertain, %s most certain): if %s is "
            "the most certain rating, the scale is %s,%s", r, u, c, u, c, u, c, u)
    return


def _joined_documents(texts: list[str], before: list[str], after: list[str]) -> str:
    """What merging documents that share a sentence did, in words (``""`` when it joined none): how
    many documents became how many groups, and the sentence shared by the most documents."""
    from . import train

    n_before, n_after = len(set(before)), len(set(after))
    if n_after == n_before:
        return ""
    n_docs = len({b for b in before if b.startswith("doc/")})  # (a sentence without a document is a group of its own)
    members: dict[str, set[str]] = {}
    for b, a in zip(before, after):
        if b.startswith("doc/"):  # (documents only: a sentence without one is no document that was joined)
            members.setdefault(a, set()).add(b)
    joined = [m for m in members.values() if len(m) > 1]  # (the groups that took in more than one document)
    if not joined:
        return ""
    spread: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for t, g in zip(texts, before):
        key = train._link_key(t)
        if len(key) >= train.MIN_PIECE and g.startswith("doc/"):
            spread.setdefault(key, set()).add(g)
            first.setdefault(key, t)
    key = max(spread, key=lambda k: len(spread[k]), default=None)
    return (f"{sum(map(len, joined))} of the {n_docs} documents share sentences and were joined into "
            f"{len(joined)} group(s), so that no sentence is in training and test at once"
            + ("" if key is None or len(spread[key]) < 2 else
               f"; {first[key][:60]!r} is in {len(spread[key])} documents (a sentence that every document has, such "
               "as boilerplate, joins them all: leave it out of the data)"))


def _adapt_user_data(args: argparse.Namespace, ts: Any, lexicon: Any, k: int, inner_k: int,
                     command: str, grouping: str) -> tuple[Any, dict[str, Any], Any]:
    """``--base EXPERT``: adapt that shipped expert to the user's data (:mod:`hedgekit.adapt`), with the
    same grouped k-fold CV and threshold rule as training from scratch."""
    import numpy as np

    from . import __version__, train
    from .adapt import AdaptationRecipe
    from .model import AUTO, load_model

    base = load_model()
    if args.base not in base.experts:
        raise FatalError(f"--base {args.base!r}: name one of the shipped model's experts, {', '.join(base.experts)} "
                         f"(the gated default cannot be adapted)")
    if lexicon.hash != base.lexicon_hash:
        raise FatalError("--base adapts the shipped model, which needs the shipped lexicon; drop --lexicon")
    recipe = AdaptationRecipe(ts, base, args.base, lexicon, C=args.C, min_df=args.min_df,
                              unannotated=args.unannotated, predict_as_scored=True)
    report = train.cross_validate(recipe, k=k, inner_k=inner_k, grouping=grouping)
    report.pop("C_gate", None)
    report["base"] = args.base
    threshold = train.repeated_thresholds(recipe, report.pop("oof"), k=k)[AUTO]
    training = {"corpora": ts.files, "sentence_keys": train.sentence_keys_record(ts), "n_sentences": len(ts),
                "n_uncertain": int(ts.y.sum()), "experts": {"default": sorted(set(ts.corpus))}, "gate": ["default"],
                "base": recipe.provenance(),
                "hyperparameters": {"estimator": recipe.estimator_text(), "C": args.C, "min_df": args.min_df,
                                    "seed": train.SEED, "threshold_repeats": train.THRESHOLD_REPEATS,
                                    "threshold_tolerance": train.THRESHOLD_TOLERANCE,
                                    "feature_config": base.feature_config.to_dict(),
                                    "predict_as_scored": recipe.predict_as_scored,
                                    **({"unannotated": {c: list(args.unannotated) for c in sorted(set(ts.corpus))}}
                                       if args.unannotated else {})},
                "threshold_rule": train.threshold_rule_text(k, train.THRESHOLD_REPEATS),
                "cross_validation": report, "hedgekit_version": __version__,
                "sklearn_version": train._sklearn_version(), "command": command}
    return recipe.merged(recipe.fit(np.arange(len(ts))), threshold, training), report, ts


def cmd_train(args: argparse.Namespace) -> int:
    parser = args.parser
    if args.doc_column and args.data is None:
        parser.error("--doc-column applies to --data")
    if (args.corpora is None) == (args.data is None):
        parser.error("give either --corpora DIR (retrain the shipped recipe) or --data FILE (your labelled file)")
    if args.format and args.data is None:
        parser.error("--format applies to --data")
    if args.base and args.data is None:
        parser.error("--base applies to --data")
    if args.rating_column is not None:
        if args.data is None:
            parser.error("--rating-column applies to --data")
        if args.rating_scale is None:
            parser.error("--rating-column needs --rating-scale U,C: the rating of the most uncertain and of the most "
                         "certain sentence, e.g. 1,6 where 6 is very certain, or 5,1 where 5 is most uncertain")
        if args.label_column is not None:
            parser.error("--label-column and --rating-column: train on one of them")
        if args.base:
            parser.error("--base adapts an expert with binary labels; with --rating-column, train from scratch "
                         "(or threshold the ratings into a label column)")
        if args.C is not None:
            parser.error("--C is the logistic regression's; --rating-column fits a ridge regression, whose "
                         "strength is --alpha")
    elif args.rating_scale is not None or args.alpha is not None:
        parser.error("--rating-scale and --alpha apply to --rating-column")
    args.C = 0.5 if args.C is None else args.C
    args.unannotated = tuple(dict.fromkeys(args.unannotated or ()))  # --unannotated may be given more than once
    if args.unannotated and args.data is None:
        parser.error("--unannotated applies to --data (--corpora uses the shipped recipe's table, "
                     "hedgekit.train.UNANNOTATED_CATEGORIES)")
    if args.data is None and (args.text_column is not None or args.label_column is not None or args.encoding):
        parser.error("--text-column, --label-column and --encoding apply to --data")
    from .progress import log_to_stderr

    with log_to_stderr(logging.WARNING if args.quiet else logging.INFO):  # (the root logger left alone)
        return _train(args, parser)


def _train(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``hedgekit train`` once its options are checked: read the data, train, write the model."""
    out = Path(args.out)
    if out.is_dir():
        raise FatalError(f"{out}: is a directory; --out names the model file to write")
    if not out.parent.is_dir():
        raise FatalError(f"{out.parent}: no such folder for --out")
    from .readers import _read_files

    # a --data folder: the files it reads (a model written beside them, say, may be written again)
    data = [] if args.data is None else [("labelled data", args.data)] if not Path(args.data).is_dir() else [
        ("labelled data", str(f)) for f in _read_files(args.data, args.format)]
    _refuse_overwriting(out, "--out", [*data, ("corpora", args.corpora), ("lexicon", args.lexicon)])
    if not out.name.lower().endswith((".json", ".json.gz")):  # (model.tsv in the data folder broke every later run)
        parser.error(f"--out {args.out}: a model file's name ends in .json or .json.gz (gzip-compressed)")
    if args.corpora is not None:
        from . import train
        from .lexicon import load_lexicon

        try:
            lexicon = load_lexicon(args.lexicon) if args.lexicon else None
            command = train.command_text(
                ["hedgekit train --corpora", shlex.quote(str(args.corpora)), "--out", shlex.quote(str(out))],
                [("lexicon", args.lexicon, None), ("C", args.C, 0.5),
                 ("min-df", args.min_df, 2), ("folds", args.folds, 10)])
            model, report = train.train_shipped(args.corpora, out, C=args.C, min_df=args.min_df, k=args.folds,
                                                lexicon=lexicon, command=command)
        except FileNotFoundError as e:
            raise FatalError(str(e)) from None
        except (ValueError, OSError) as e:
            raise FatalError(str(e)) from None
    else:
        model, report, _ = _train_user_data(args)
        try:
            model.save(out)
        except OSError as e:
            raise FatalError(f"{out}: cannot write: {e.strerror or e}") from None
    from .train import format_cv

    print(format_cv(report))
    if report.get("inner_k") == 0:  # (too little data: the folds' thresholds were not the model's rule)
        why = ("no inner cross-validation could be made (an inner fold's training part held sentences of one "
               "class only, even stratified)" if report.get("inner_one_class")
               else "too few documents of the smaller class for an inner cross-validation")
        print(f"note: {why}: each fold above was scored at threshold 0.5; the model's "
              "own threshold comes from the pooled out-of-fold probabilities")
    print(f"threshold={model.threshold:.4f}  features={len(model.features)}  wrote {out}")
    return EXIT_OK


_BENCHMARK_EPILOG = """\
examples:
  hedgekit benchmark --corpus ../shared/corpora/sfu-review
  hedgekit benchmark --corpus labelled.tsv --json | jq .f1
  hedgekit benchmark --corpus ../shared/corpora/szeged-uncertainty/factbank.xml --expert semantic
  hedgekit benchmark --corpus findings.jsonl --uncertain-at-most 3.5     # graded corpus, also F1
  hedgekit benchmark --corpus abstracts.xml --cues bioscope --cue-match exact --ci 0.9   # the cue classifier

Reads any corpus hedgekit.load_corpus reads (BioScope, Szeged, CoNLL-2010 Wikipedia lists, Pei &
Jurgens, SFU Review, UNSC, and tsv/csv/jsonl files with text and label/rating columns) and reports
precision, recall and F1 of the uncertain class, accuracy, ROC AUC, average precision (with
bootstrap confidence intervals), calibration, cue-span precision/recall/F1 where the corpus marks
cues, and Pearson/Spearman correlation of certainty with ratings for graded corpora.
--json prints one JSON object (precision/recall/f1 are null when the corpus has no binary labels).
The accuracy suite over all shared corpora is `python -m benchmarks.accuracy`.
"""


def cmd_benchmark(args: argparse.Namespace) -> int:
    from .benchmark import benchmark_corpus
    from .errors import HedgekitError
    from .readers import READERS
    from .scorer import Scorer

    if args.format is not None and args.format not in READERS:
        args.parser.error(f"argument --format: unknown format {args.format!r} (choose from {', '.join(sorted(READERS))})")
    cues = args.cues or args.cue_model
    if cues and (args.model or args.expert):
        args.parser.error(f"{'--cues' if args.cues else '--cue-model'} scores with a cue classifier: it takes no "
                          "--model or --expert")
    try:
        if cues:  # (the cue classifier's reading: uncertain iff it finds a cue, as hedgekit.cues.score)
            from .cues import CueDetector

            scorer: Any = CueDetector(args.cues, model=args.cue_model, lexicon=args.lexicon, threshold=args.threshold,
                                      end_mark=args.end_mark)
        else:
            scorer = Scorer(lexicon=args.lexicon, model=args.model, threshold=args.threshold, expert=args.expert,
                            end_mark=args.end_mark)
    except FileNotFoundError as e:
        raise FatalError(f"{e.filename or e}: no such file") from None
    except IsADirectoryError as e:
        raise FatalError(f"{e.filename}: is a directory") from None
    except (HedgekitError, ValueError, OSError) as e:  # (a model file of the other kind: this command's options)
        raise FatalError(str(e).replace(_CUE_MODEL_HINT, "goes to --model, not to --cue-model").replace(
            _SENTENCE_MODEL_HINT, "(a cue model: pass it as --cue-model)")) from None
    bar = ProgressBar("benchmark", 1, sys.stderr, enabled=not args.quiet and _isatty(sys.stderr))

    def progress(done: int, total: int | None) -> None:
        bar.total = float(total or done or 1)
        bar.update(done, f"{done:,}/{total:,} sentences" if total else f"{done:,} sentences")

    options = {k: v for k, v in (("text_column", args.text_column), ("label_column", args.label_column),
                                 ("rating_column", args.rating_column), ("doc_column", args.doc_column),
                                 ("encoding", args.encoding), ("label", args.conll_label)) if v is not None}
    try:
        report = benchmark_corpus(args.corpus, scorer, format=args.format, n_boot=args.n_boot, seed=args.seed,
                                  ci=args.ci, cue_match=("exact", "overlap") if args.cue_match in (None, "both")
                                  else (args.cue_match,), uncertain_at_most=args.uncertain_at_most,
                                  progress=progress, distinct=args.distinct, resample=args.resample,
                                  rating_scale=args.rating_scale, **options)
    except FileNotFoundError:
        raise FatalError(f"{args.corpus}: no such file or folder") from None
    except (HedgekitError, ValueError, OSError) as e:
        raise FatalError(str(e)) from None
    finally:
        bar.close()
    report["scorer"] = {"model": f"cue classifier {_data_name(args.cue_model)}" if args.cue_model else
                        f"cue classifier {args.cues}" if args.cues else _data_name(args.model) if args.model
                        else "shipped", "expert": getattr(scorer, "expert", None),
                        "threshold": scorer.threshold, "end_mark": scorer.end_mark}
    if args.cue_match is not None and not report.get("n_cue_sentences"):  # (as the options that had no effect say)
        warnings.warn(f"{args.corpus}: --cue-match had no effect: the corpus has no cue annotations", stacklevel=1)
    if args.json:
        report["corpus"] = _data_name(report["corpus"])
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        from .evaluate import format_report

        what = f"the cue classifier {_shown_name(args.cue_model)}" if args.cue_model else f"the {args.cues} cue classifier"
        who = (f"{what} (uncertain iff it finds a cue), threshold on P(cue) "
               f"{scorer.threshold:.3f}" if cues else f"{_shown_name(report['scorer']['model'])} model, "
               f"expert {scorer.expert}, threshold {scorer.threshold:.3f}")
        sys.stdout.write(f"{_shown_name(args.corpus)} ({report['format']}), scored with {who}"
                         f"{'' if scorer.end_mark else ', --no-end-mark'}\n\n")
        sys.stdout.write(format_report(report))
    return EXIT_OK


# --------------------------------------------------------------------------------------- parser
def _open_unit(what: str) -> Callable[[str], float]:
    """An argparse type: a number in (0, 1), called ``what`` in the message."""
    def parse(s: str) -> float:
        try:
            t = float(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
        from .errors import check_open_unit

        return check_open_unit(t, what, argparse.ArgumentTypeError)
    return parse


_threshold = _open_unit("the threshold")


def _encoding(s: str) -> str:
    try:
        info = codecs.lookup(s)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {s!r}; name one Python knows, e.g. utf-8, utf-16, "
                                         "cp1252, latin-1") from None
    # base64, hex, rot13, zlib...: bytes<->bytes or str<->str; "undefined" decodes nothing
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        raise argparse.ArgumentTypeError(f"{s!r} is not a text encoding (bytes to text), e.g. utf-8, latin-1, cp1252")
    return s


def _finite_float(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {s}")
    return v


def _positive_float(s: str) -> float:
    v = _finite_float(s)
    if not v > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {s}")
    return v


def _rating_scale(s: str) -> tuple[float, float]:
    """``--rating-scale U,C``: the rating of the most uncertain and of the most certain sentence, two
    different finite numbers (either may be the larger)."""
    from .train import check_rating_scale

    parts = s.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"give two numbers separated by a comma, the most uncertain rating first "
                                         f"(e.g. 1,6 or 5,1), got {s!r}")
    return check_rating_scale(tuple(_finite_float(x.strip()) for x in parts), "the scale", argparse.ArgumentTypeError)


def _categories(s: str) -> tuple[str, ...]:
    """``--unannotated``: comma-separated cue categories, each one of ``CONSTRAINABLE_CATEGORIES``
    (checked by :func:`hedgekit.train.check_categories`)."""
    from .errors import ArgumentError
    from .train import check_categories

    cats = [c.strip() for c in s.split(",") if c.strip()]
    hint = "give them comma-separated, e.g. hearsay,weasel"
    if not cats:
        raise argparse.ArgumentTypeError(f"{s!r} names no category; {hint}")
    try:
        return check_categories(cats, "the list")
    except ArgumentError as e:
        raise argparse.ArgumentTypeError(f"{e}; {hint}") from None


def _int_at_least(lo: int) -> Callable[[str], int]:
    def conv(s: str) -> int:
        try:
            v = int(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {s!r}") from None
        if v < lo:
            raise argparse.ArgumentTypeError(f"must be at least {lo}, got {v}")
        return v

    return conv


_MAIN_EPILOG = """\
examples:
  hedgekit score report.txt
  hedgekit score --lines sentences.txt --format csv > scores.csv
  hedgekit highlight article.txt -o article.html
  hedgekit lexicon search believe

exit status: 0 ok, 1 an input/model error, 2 a usage error, 130 interrupted, 141 output closed early
"""

_SCORE_EPILOG = """\
examples:
  hedgekit score report.txt                       # table in a terminal, JSON Lines in a pipe
  cat report.txt | hedgekit score --format csv > scores.csv
  hedgekit score --lines sentences.txt            # one record per line, blank lines included
  hedgekit score --threshold 0.3 --format tsv a.txt b.txt
  hedgekit score --expert science --lines findings.txt   # how certain each finding sounds, graded
  hedgekit score big.txt | jq -c 'select(.label == "uncertain")'

Records: input, [line,] text, start, end, certainty (1 = certain), label, p_uncertain, cues;
JSON Lines also give threshold (the cut on p_uncertain that made label; every number unrounded,
so that SentenceScore.from_dict reads a record back as score_text returns it; a blank --lines
line's record, and that of a list item's marker alone ("-", "2.", read as no word without
--no-end-mark), have null numbers and label, empty cells in CSV/TSV; CSV/TSV round
certainty and p_uncertain to 6) and, per cue, the keys of Cue.to_dict() (text, start, end,
category, weight, contribution, pattern).
start/end are character offsets into the file as decoded (line breaks kept as they are, a
UTF-8 byte-order mark counts as one character, unless --encoding utf-8-sig drops it, and so
does the mark of --encoding utf-16-le and the like, while utf-16 and utf-32, which read the mark
to know the byte order, drop it); cue offsets
are into the sentence text. CSV/TSV write cues as text@start-end:category joined by ';'. TSV
escapes \\, tab, CR and LF in cells as \\\\, \\t, \\r and \\n, and the other line breaks (VT, FF,
FS-RS, NEL, U+2028, U+2029) as \\xHH or \\uHHHH (hedgekit's TSV reader undoes them); JSON Lines
escapes NEL, U+2028 and U+2029: every record is one line. Any of the three, its labels corrected,
is a corpus for train --data and benchmark --corpus (the records of blank --lines lines skipped).

Input is read incrementally and scored paragraph by paragraph, with the results of scoring it
whole (more than a million characters without a blank line are cut at the start of a sentence
that 8,192 characters follow, and what follows the cut is split as a paragraph of its own: a
quotation mark left open before it pairs no quotation after it), so memory use does not grow with
the file. With --lines each line is
one sentence, read whole: memory grows with the longest line (about 70 bytes per character), so
give running text without --lines. A file that cannot be
read (missing, a directory, binary, wrongly encoded) is reported on stderr and skipped; the exit
status is then 1. Records already written for a file that turns out to be wrongly encoded part of
the way through are kept.
"""

_HIGHLIGHT_EPILOG = """\
examples:
  hedgekit highlight article.txt -o article.html
  hedgekit highlight notes.txt -o notes.html --title "Lab notes, week 3" --threshold 0.4
  cat draft.txt | hedgekit highlight - > draft.html

The page needs no network and runs no scripts: sentences are shaded from red (hedged) to green
(certain), cues are underlined in the colour of their category; hover for the numbers.
"""

_CUES_EPILOG = """\
examples:
  hedgekit cues abstract.txt                       # cues with category, P(cue) and span, per sentence
  hedgekit cues --domain general -f jsonl essay.txt > cues.jsonl
  hedgekit cues --lines -f jsonl sentences.txt     # one sentence per line, one record each
  hedgekit cues --model my-cues.json.gz notes.txt  # a cue model of your own

The cue classifier is hedgekit.cues (exact annotated spans: "may be" -> "may"); `hedgekit score`
says how certain each sentence is as a whole.
"""

_LEXICON_EPILOG = """\
examples:
  hedgekit lexicon                      # every row
  hedgekit lexicon search "according"   # rows whose pattern contains the text
  hedgekit lexicon show hearsay         # the rows of one category
  hedgekit lexicon --format tsv > lexicon.tsv  # the lexicon file itself: to score with an edited
      # copy (--lexicon), keep its rows sorted and unique and add the '# base: ...' line that
      # score --lexicon prints when it refuses the copy
  hedgekit lexicon --lexicon my-lexicon.tsv show booster

categories: epistemic, doxastic, hearsay, weasel, approximation, condition, investigation,
dynamic, booster, pseudo (rows that suppress false matches). Exit status 1 when no row matches.
"""

_TRAIN_EPILOG = """\
examples:
  hedgekit train --data labelled.tsv --out my-model.json.gz
  hedgekit train --data labelled.csv --format csv --text-column sentence --out m.json.gz
  hedgekit train --data labelled.tsv --base semantic --out adapted.json.gz   # adapt a shipped expert
  hedgekit train --data speculation.tsv --unannotated hearsay,weasel --out m.json.gz  # labels mark no hearsay
  hedgekit train --data findings.jsonl --rating-column certainty --rating-scale 1,6 --out g.json.gz  # ratings
  hedgekit score --model my-model.json.gz report.txt
  hedgekit train --corpora ../shared/corpora --out hedgekit/data/model.json.gz   # the shipped recipe

--data reads a tsv/csv/jsonl file with a text column and a label column (certain/uncertain, 0/1,
false/true; rows without a label are skipped), or with --rating-column a column of graded
certainty ratings on the --rating-scale (rows without a rating are skipped): a ridge regression of
them, as the shipped science expert's, whose certainty tracks the rating; the report adds Pearson
and Spearman of certainty with the ratings in a 5-fold CV. The threshold of the model is chosen on
cross-validated (out-of-fold) probabilities: the middle of the cuts whose F1 of the uncertain class
is within {tolerance} of the best, over {repeats} cross-validations with different folds pooled.
--base starts from an expert of the shipped model and learns a correction (hedgekit.adapt);
with a few hundred labels it usually beats training from scratch, not always: compare both
(python -m benchmarks.adaptation shows where each wins). Training needs scikit-learn.
"""


def build_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG, description="Hedging and certainty analysis: score the epistemic certainty of every sentence.",
        epilog=_MAIN_EPILOG, formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def scoring_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", metavar="PATH", help="model file (.json or .json.gz); default: the shipped one")
        p.add_argument("--lexicon", metavar="PATH", help="lexicon TSV; default: the shipped one (or, with a --model "
                       "file saved by HedgeClassifier.save, the lexicon it carries)")
        p.add_argument("--threshold", type=_threshold, metavar="T",
                       help="decision threshold on P(uncertain) in (0, 1); default: the model's own")
        p.add_argument("--expert", metavar="NAME",
                       help="score with one expert of the model, e.g. 'science' (graded certainty of science "
                            "findings), 'semantic' (Szeged's semantic uncertainty; reported speech counts as certain) or "
                            "'conll-wiki'; default: the gate over 'biomedical' and 'general'")
        p.add_argument("--end-mark", action=argparse.BooleanOptionalAction, default=True, help=_END_MARK_HELP)
        p.add_argument("--encoding", type=_encoding, help=_ENCODING_HELP)
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or notes on stderr")

    p = sub.add_parser("score", help="score the sentences of text files", description="Score the epistemic "
                       "certainty of every sentence of the input files (or stdin).", epilog=_SCORE_EPILOG,
                       formatter_class=raw)
    p.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none = stdin")
    p.add_argument("-f", "--format", choices=("table", "jsonl", "csv", "tsv"),
                   help="output format (default: table when stdout is a terminal, else jsonl)")
    p.add_argument("--lines", action="store_true",
                   help="each input line is one sentence: exactly one record per line, with its number "
                        "(lines end at LF or CRLF; also at a CR alone when the input's first line break is one "
                        "and its first 64 Ki characters hold more of those than LFs, as old Mac files do); an "
                        "empty line, or one of white space or invisible characters only, or (without "
                        "--no-end-mark) a list item's marker alone (-, 2.), gets no certainty, "
                        "p_uncertain or label (empty cells; null in JSON Lines), so that it counts in no mean or "
                        "count of labels")
    scoring_options(p)
    p.set_defaults(run=cmd_score, parser=p)

    p = sub.add_parser("highlight", help="write an HTML page with hedged sentences shaded",
                       description="Write a self-contained HTML page of FILE with every sentence shaded by "
                       "its certainty and every cue marked.", epilog=_HIGHLIGHT_EPILOG, formatter_class=raw)
    p.add_argument("file", metavar="FILE", help="text file ('-' = stdin)")
    p.add_argument("-o", "--output", default="-", metavar="HTML", help="page to write (default: stdout)")
    p.add_argument("--title", help="page title (default: the file name)")
    scoring_options(p)
    p.set_defaults(run=cmd_highlight, parser=p)

    p = sub.add_parser("cues", help="find the hedge cues of text files, word by word",
                       description="Split the input files (or stdin) into sentences and print every hedge cue "
                       "the cue classifier finds, with its exact span (character offsets in its sentence as written, "
                       "as -f jsonl gives it; the table shows the sentence on one line, its white space runs as one "
                       "space), category and probability.",
                       epilog=_CUES_EPILOG, formatter_class=raw)
    p.add_argument("files", nargs="*", metavar="FILE", help="text files; '-' or none = stdin")
    p.add_argument("--domain", choices=("biomedical", "general", "bioscope"),
                   help="which shipped cue model: biomedical (Szeged's typed cues on BioScope's texts), general "
                        "(Szeged Wikipedia), bioscope (BioScope's own cues); default: biomedical, or with --model "
                        "the file's (a domain given must be the file's)")
    p.add_argument("--model", metavar="PATH", help="a cue-model file (.json or .json.gz, as `python -m hedgekit.cues "
                   "--out DIR` or hedgekit.cues.write_cue_model writes it); default: the shipped model of --domain")
    p.add_argument("-f", "--format", choices=("table", "jsonl"),
                   help="output format (default: table when stdout is a terminal, else jsonl: one record per "
                   "sentence: input, text, start, end, and p_uncertain, label and threshold as hedgekit.cues.score "
                   "gives them (p_uncertain: the largest P(cue), label: uncertain iff a cue is found), and its cues "
                   "with each one's text, offsets into the sentence, category, exact P(cue) (probability) and "
                   "pattern; not score's record: no certainty, and no weight or contribution)")
    p.add_argument("--lines", action="store_true",
                   help="each input line is one sentence, as score --lines reads them: exactly one record per line, "
                        "with its number (an empty line, or one of white space or invisible characters only, or "
                        "without --no-end-mark a list item's marker alone: p_uncertain and label null); the table "
                        "lists every line, without --lines only the sentences with a cue")
    p.add_argument("--lexicon", metavar="PATH", help="lexicon TSV (the one the cue model was trained with, or one "
                   "derived from it); default: the shipped one")
    p.add_argument("--threshold", type=_threshold, metavar="T", help="threshold on P(cue) in (0, 1); default: the model's own "
                   "(0.5 for the shipped ones)")
    p.add_argument("--end-mark", action=argparse.BooleanOptionalAction, default=True,
                   help="read a sentence without a final . ! ? or … (a headline, a bullet point) as if it ended in "
                        "'.', and one that starts with a list item's marker ('- ', '2. ') without it (the default, "
                        "hedgekit.cues.CueDetector(end_mark=True)); --no-end-mark reads it as written")
    p.add_argument("--encoding", type=_encoding, help=_ENCODING_HELP)
    p.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
    p.set_defaults(run=cmd_cues, parser=p)

    p = sub.add_parser("lexicon", help="list or search the hedge-cue lexicon",
                       description="Print lexicon rows (pattern, category, weight, source).",
                       epilog=_LEXICON_EPILOG, formatter_class=raw)
    p.add_argument("action", nargs="?", choices=("list", "search", "show"), help="list (default), search TEXT, "
                   "show CATEGORY")
    p.add_argument("term", nargs="?", metavar="TEXT|CATEGORY",
                   help="what to search for (the words after search are one text: search may be) / the category to show")
    p.add_argument("--lexicon", metavar="PATH", help="lexicon TSV; default: the shipped one")
    p.add_argument("-f", "--format", choices=("table", "tsv"), default="table", help="output format (default: table)")
    p.set_defaults(run=cmd_lexicon, parser=p)

    from .train import GRADED_RIDGE_ALPHA, THRESHOLD_REPEATS, THRESHOLD_TOLERANCE  # numpy only; sklearn on use

    p = sub.add_parser("train", help="train a model", description="Train a hedge classifier and write a model "
                       "file that `hedgekit score --model` loads.",
                       epilog=_TRAIN_EPILOG.format(tolerance=THRESHOLD_TOLERANCE, repeats=THRESHOLD_REPEATS),
                       formatter_class=raw)
    src = p.add_argument_group("training data (one of)")
    src.add_argument("--data", metavar="FILE", help="your labelled file (tsv, csv or jsonl)")
    src.add_argument("--corpora", metavar="DIR", help="the shared corpora folder (the shipped model's recipe)")
    p.add_argument("--format", choices=("tsv", "csv", "jsonl"),
                   help="format of --data (default: inferred from the file name; a .jsonl file of Pei & Jurgens "
                        "records is read with its own fields unless a column is named)")
    p.add_argument("--text-column", help="text column of --data (default: text; a Pei & Jurgens file's: finding)")
    p.add_argument("--label-column", help="label column of --data (default: label)")
    p.add_argument("--rating-column", metavar="NAME",
                   help="train on this column of --data, graded certainty ratings, instead of binary labels (needs "
                        "--rating-scale): the model's certainty then tracks the rating")
    p.add_argument("--rating-scale", type=_rating_scale, metavar="U,C",
                   help="with --rating-column: the rating of the most uncertain and of the most certain sentence, "
                        "e.g. 1,6 (Pei & Jurgens: 1 = very uncertain, 6 = very certain) or 5,1; ratings in between "
                        "count linearly, and those at the midpoint or nearer U are the uncertain class (for folds, "
                        "threshold and F1); a negative first end needs '=': --rating-scale=-3,3")
    p.add_argument("--alpha", type=_positive_float,
                   help=f"with --rating-column: L2 strength of the ridge regression of the ratings (default: "
                        f"{GRADED_RIDGE_ALPHA['science']:g}, the shipped science expert's)")
    p.add_argument("--doc-column", help="document id column of --data: cross-validation keeps documents whole "
                                        "(without it, identical sentences are kept together)")
    p.add_argument("--encoding", type=_encoding,
                   help="text encoding of --data, e.g. cp1252 (default: UTF-8, with or without a byte-order mark)")
    p.add_argument("--out", required=True, metavar="FILE", help="model file to write (.json or .json.gz)")
    p.add_argument("--lexicon", metavar="PATH", help="lexicon TSV to train with; default: the shipped one")
    p.add_argument("--C", type=_positive_float, help="inverse L2 regularisation strength of the logistic "
                   "regression (default: 0.5; not with --rating-column, whose ridge regression takes --alpha)")
    p.add_argument("--min-df", type=_int_at_least(1), default=2,
                   help="drop features seen in fewer sentences (default: 2)")
    p.add_argument("--folds", type=_int_at_least(2), default=10, help="cross-validation folds (default: 10)")
    p.add_argument("--base", metavar="EXPERT",
                   help="with --data: adapt this expert of the shipped model (e.g. semantic, general, biomedical) "
                        "to the data instead of training from scratch")
    p.add_argument("--unannotated", type=_categories, action="extend", metavar="CATS",
                   help="with --data: cue categories your labels do not mark, comma-separated (e.g. hearsay,weasel "
                        "for a corpus annotated for speculation only); the model may not learn them as evidence "
                        "of certainty: their category weight is kept >= 0 (with --base, its correction is, so the "
                        "weight stays at least the rescaled expert's)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    p.set_defaults(run=cmd_train, parser=p)

    p = sub.add_parser("benchmark", help="evaluate a scorer on an annotated corpus",
                       description="Score an annotated corpus and report every metric its annotation supports.",
                       epilog=_BENCHMARK_EPILOG, formatter_class=raw)
    p.add_argument("--corpus", required=True, metavar="PATH", help="corpus file or folder")
    p.add_argument("--format", metavar="F", help="corpus format (default: inferred): bioscope, szeged, conll-wiki, "
                   "pei-jurgens, sfu, unsc, tsv, csv, jsonl")
    p.add_argument("--expert", metavar="NAME", help="score with one expert of the model (default: the gate)")
    p.add_argument("--end-mark", action=argparse.BooleanOptionalAction, default=True, help=_END_MARK_HELP)
    p.add_argument("--model", metavar="PATH", help="model file (.json or .json.gz); default: the shipped one")
    p.add_argument("--lexicon", metavar="PATH", help="lexicon TSV; default: the shipped one (or, with a --model "
                   "file saved by HedgeClassifier.save, the lexicon it carries)")
    p.add_argument("--threshold", type=_threshold, metavar="T",
                   help="decision threshold on P(uncertain) in (0, 1); default: the model's own")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--n-boot", type=_int_at_least(0), default=1000, metavar="N",
                   help="bootstrap resamples for confidence intervals (default: 1000; 0 = none; fewer than "
                        "2 / (1 - LEVEL), 40 at 0.95, are warned about: a tail of the interval would hold none)")
    p.add_argument("--seed", type=_int_at_least(0), default=0, help="bootstrap seed, an integer >= 0 (default: 0)")
    p.add_argument("--ci", type=_open_unit("the confidence level"), default=0.95, metavar="LEVEL",
                   help="confidence level of the bootstrap intervals, in (0, 1) (default: 0.95)")
    p.add_argument("--cue-match", choices=("exact", "overlap", "both"), default=None,
                   help="how a predicted cue matches a gold one, for cue-annotated corpora: the same span, or at "
                        "least one character in common (default: both reported)")
    p.add_argument("--cues", choices=("biomedical", "general", "bioscope"), metavar="DOMAIN",
                   help="score with that shipped cue classifier instead (hedgekit.cues.score: uncertain iff it finds "
                        "a cue; --threshold is then on P(cue)): biomedical, general or bioscope")
    p.add_argument("--cue-model", metavar="PATH",
                   help="score with this cue-model file instead, as --cues does with a shipped one (a file that "
                        "hedgekit.cues.write_cue_model wrote; with --cues, the domain must be the file's)")
    p.add_argument("--resample", choices=("sentences", "documents"), default="sentences",
                   help="what the bootstrap resamples (default: sentences); documents: whole documents (the "
                        "corpus's own, or a table's --doc-column), for intervals that allow for a document's "
                        "sentences being alike")
    p.add_argument("--uncertain-at-most", type=_finite_float, metavar="R",
                   help="graded corpora: a sentence with a rating and no label is labelled uncertain when its "
                        "rating is <= R, certain above (binary metrics apply; with a --rating-scale whose higher "
                        "ratings are less certain, >= R); labelled ones keep their label")
    p.add_argument("--rating-scale", type=_rating_scale, metavar="U,C",
                   help="graded corpora: the rating of the most uncertain and of the most certain sentence, for a "
                        "scale that runs the other way (e.g. 6,1: 1 = very certain): ratings are read as "
                        "(rating - U) / (C - U), so that Pearson and Spearman have the sign they have on the "
                        "scale the right way round (default: higher ratings are more certain); a negative first end "
                        "needs '=': --rating-scale=-3,3")
    p.add_argument("--distinct", action="store_true",
                   help="count each distinct sentence text once (its first occurrence with a label, rating or "
                        "cues), e.g. for the UNSC folder, whose two annotators' files hold mostly the same sentences")
    p.add_argument("--text-column", help="tsv/csv/jsonl: text column (default: text)")
    p.add_argument("--label-column", help="tsv/csv/jsonl: label column (default: label)")
    p.add_argument("--rating-column", help="tsv/csv/jsonl: rating column (default: rating)")
    p.add_argument("--doc-column", help="tsv/csv/jsonl: the column naming each row's document (for --resample "
                   "documents; default: none)")
    p.add_argument("--conll-label", choices=("certain", "uncertain"),
                   help="conll-wiki: the label of every sentence of the lists read, for a list file whose name "
                        "says neither 'certain' nor 'uncertain' (default: read from the file name; a name that says "
                        "the other label is overridden, with a warning)")
    p.add_argument("--encoding", type=_encoding,
                   help="tsv/csv/jsonl/conll-wiki/unsc: text encoding, e.g. cp1252 (default: UTF-8, with or "
                        "without a byte-order mark; XML files declare their own)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar on stderr")
    p.set_defaults(run=cmd_benchmark, parser=p)
    return parser


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the final flush at exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hedgekit`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Called with ``argv`` (in-process, from a program or a notebook), it leaves the process as it found
    it: stdout's encoding, the file behind it (after a broken pipe or a full disk the command's own
    process points it at /dev/null, for the flush at exit) and a missing stderr."""
    in_process = argv is not None
    no_stderr = sys.stderr is None
    if no_stderr:  # (started with stderr closed, "2>&-": notes and warnings go nowhere, and the
        # usage that argparse would print to stdout then, and the results with it, stay out of the data)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    try:
        return _main(argv, in_process)
    finally:
        if no_stderr and in_process:
            sys.stderr.close()
            sys.stderr = None  # type: ignore[assignment]


def _main(argv: Sequence[str] | None, in_process: bool) -> int:
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra and isinstance(getattr(args, "files", None), list) and all(
                x == "-" or not x.startswith("-") and (os.path.exists(x) or not _is_number_text(x)) for x in extra):
            # files after an option ("score a.txt -f csv b.txt"): argparse takes the first run of a
            # command's file names only; the others, in the order given, come after them (a missing
            # one is then said to be missing; but a number that is no file, "--threshold 0.5 0.7",
            # is a mistake in the options, told as one)
            args.files.extend(extra)
            extra = []
        if (extra and args.command == "lexicon" and args.action in ("search", "show")
                and not any(x.startswith("-") for x in extra)):
            # "lexicon search -f tsv believe": argparse fills both positionals before the option, and
            # the word after it is left over; "lexicon search may be": the words are one text
            args.term, extra = " ".join(([] if args.term is None else [args.term]) + extra), []
        if extra:  # told by the command's own usage ("highlight a.txt b.txt", which takes one file) when
            # they all come after the command's name; else by the top level's ("hedgekit -q score x")
            given = list(sys.argv[1:] if argv is None else argv)
            at = given.index(args.command) if args.command in given else len(given)
            after = args.command is not None and all(x in given[at + 1:] for x in extra)
            (getattr(args, "parser", parser) if after else parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as e:  # --help, --version, usage errors
        return int(e.code or 0) if isinstance(e.code, int) or e.code is None else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if sys.stdout is None:  # (started with stdout closed: "hedgekit score f >&-")
        _err("standard output is closed; hedgekit writes its results there")
        return EXIT_ERROR
    real_stdout = sys.stdout
    encoding = (getattr(real_stdout, "encoding", None), getattr(real_stdout, "errors", None))
    _set_output_encoding(args)
    sys.stdout = _GuardedStdout(real_stdout)  # type: ignore[assignment]
    # (in-process, a broken pipe leaves the caller's stdout where it was: the exit is theirs)
    silence = (lambda: None) if in_process else _silence_stdout
    try:
        with warnings.catch_warnings():  # a warning is one line for a person, not Python's file:line report
            warnings.showwarning = _show_warning
            status = args.run(args)
        sys.stdout.flush()
        return status
    except SystemExit as e:  # parser.error() inside a command
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    except FatalError as e:
        _err(_in_options(str(e)))
        return EXIT_ERROR
    except _OutputError as e:
        _err(f"<stdout>: cannot write: {e}")
        silence()  # (the final flush at exit would fail again)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _silence_stdout_quietly(silence)
        return EXIT_INTERRUPT
    except BrokenPipeError:
        silence()
        return EXIT_PIPE
    finally:
        sys.stdout = real_stdout
        if in_process and isinstance(real_stdout, io.TextIOWrapper) and encoding != (real_stdout.encoding,
                                                                                      real_stdout.errors):
            with contextlib.suppress(OSError, ValueError):  # (a stream that broke is left as it is)
                real_stdout.reconfigure(encoding=encoding[0], errors=encoding[1])


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: IO[str] | None = None, line: str | None = None) -> None:
    sys.stderr.write(f"{PROG}: warning: {_in_options(str(message))}\n")


#: the hints of a model file of the other kind (hedgekit.cues: a sentence model given as a cue model;
#: hedgekit.model: a cue model given as a sentence model), said in each command's options
_CUE_MODEL_HINT = "goes to hedgekit.load_model, not to the cue detector"
_SENTENCE_MODEL_HINT = "(a cue model: load it with hedgekit.cues.load_cue_model or CueDetector(model=...))"
#: the Python API's names in the library's messages -> the command's options (``n_boot=10`` ->
#: ``--n-boot 10``), so that a message names what the user typed
_OPTION_NAMES: tuple[tuple[re.Pattern[str], Any], ...] = tuple((re.compile(a), b) for a, b in (
    # (each pattern is a whole phrase of one message, so that a file or column name in a message,
    # "label_column.csv", is never taken for a parameter)
    (r"^n_boot=(\d+) resamples are too few", r"--n-boot \1 resamples are too few"),
    (r"; use n_boot >= (\d+) \(1000 or more for stable ends\), or 0 for no intervals$",
     r"; use --n-boot \1 or more (1000 or more for stable ends), or --n-boot 0 for no intervals"),
    (r": distinct kept the first annotated copy ", ": --distinct kept the first annotated copy "),
    (r": ((?:(?:text|label|rating|doc)_column, )*(?:text|label|rating|doc)_column) had no effect: ",
     lambda m: ": " + re.sub(r"(\w+)_column", r"--\1-column", m.group(1)) + " had no effect: "),
    (r": label had no effect: it labels CoNLL-2010 lists", ": --conll-label had no effect: it labels CoNLL-2010 lists"),
    (r": uncertain_at_most had no effect: ", ": --uncertain-at-most had no effect: "),
    (r": rating_scale had no effect: ", ": --rating-scale had no effect: "),
    (r"resample='documents' resamples \(on the command line --resample documents\)", "--resample documents resamples"),
    (r"leave it out \(None, or 'auto'\) for the gated default", "leave --expert out (or pass --expert auto) for "
     "the gated default"),
    (re.escape(_CUE_MODEL_HINT), "goes to score --model, not to cues --model"),
    (re.escape(_SENTENCE_MODEL_HINT), "(a cue model: it goes to cues --model)"),
))


def _in_options(message: str) -> str:
    """``message`` with the API's parameter names it holds given as the command's options (the
    phrases of :data:`_OPTION_NAMES` only)."""
    for pattern, repl in _OPTION_NAMES:
        message = pattern.sub(repl, message)
    return message


def _writes_data(args: argparse.Namespace) -> bool:
    """Whether the command writes a data format to stdout (JSON, CSV/TSV, HTML), not text for a person."""
    if args.command == "highlight":
        return True
    if args.command == "benchmark":
        return bool(getattr(args, "json", False))
    if args.command == "train":  # a report for a person (its --format is the input's)
        return False
    if args.command == "lexicon":
        return bool(args.format == "tsv")
    fmt = getattr(args, "format", None)
    if fmt is None:  # score / cues: table on a terminal, else JSON Lines
        return not _isatty(sys.stdout)
    return fmt != "table"


def _set_output_encoding(args: argparse.Namespace) -> None:
    """Data formats are written in UTF-8 whatever the locale's encoding (the HTML page declares it,
    JSON requires it, and a CSV/TSV must not lose what it cannot spell); text for a person stays in
    the terminal's encoding, with what it cannot show written as backslash escapes."""
    out = sys.stdout
    if not isinstance(out, io.TextIOWrapper):
        return
    if codecs.lookup(out.encoding or "ascii").name in ("utf-8", "utf-16", "utf-32"):
        return
    if _writes_data(args):
        out.reconfigure(encoding="utf-8")
    else:
        out.reconfigure(errors="backslashreplace")


def _silence_stdout_quietly(silence: Callable[[], None] = _silence_stdout) -> None:
    """On Ctrl-C: end a progress bar's line; unflushed output may be lost, without a traceback."""
    try:
        if _isatty(sys.stderr):
            sys.stderr.write("\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError, _OutputError):
        silence()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
