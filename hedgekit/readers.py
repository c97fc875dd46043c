"""Readers for annotated hedging / uncertainty corpora.

:func:`load_corpus` reads a file or a folder and yields one :class:`~hedgekit.types.AnnotatedSentence`
per sentence. The format is inferred from the file name and a peek at the content, or given with
``format=``. Each format has a reader in :data:`READERS`, a plain generator function
``reader(path, **options)``; :func:`register_reader` adds more.

Formats (see ``corpora/README.md`` for where each public corpus comes from):

``bioscope``
    BioScope XML (``Annotation > DocumentSet > Document > DocumentPart > sentence``; a sentence
    outside a ``DocumentPart`` is read too, its ``meta["part"]`` None). Uncertain iff
    a ``cue type="speculation"`` is inside the sentence. Text = all text content of the sentence.
    Speculation cues become :class:`~hedgekit.types.Cue`\\ s of category ``"unspecified"``;
    negation cues are kept apart in ``meta["negation_cues"]`` as ``(text, start, end)`` triples.
``szeged``
    Szeged Uncertainty Corpus XML (``Sentence`` elements, inline ``<ccue type="...">``). Uncertain iff
    the sentence has a ``ccue``. Cue types map to ``epistemic``, ``dynamic``, ``doxastic``,
    ``investigation``, ``condition``.
``conll-wiki``
    CoNLL-2010 Wikipedia sentence lists: one sentence per line, the label is in the file name
    (``..._uncertain_...`` / ``..._certain_...``; ``label=`` overrides). Empty lines are skipped.
``pei-jurgens``
    Pei & Jurgens (2021) JSONL: ``finding`` is the text; ``sentence-level-certainty`` (1-6) becomes
    ``rating``; ``aspect-level-certainty`` goes to ``meta["aspects"]``. ``label`` is always None.
    Records have only the corpus's own keys (those three, ``id`` and ``split``): a file with a
    ``label`` or any other key is a user's ``jsonl`` (inferred so; refused when forced into
    ``pei-jurgens``).
``sfu``
    SFU Review XML (``DOCUMENT > P > SENTENCE``). Word tokens are the ``W`` elements (the ``C``
    elements are groups of them); see :func:`join_tokens` for how the text is made from them.
    Speculation cues -> category ``"unspecified"``; negation cues -> ``meta["negation_cues"]``.
``unsc``
    UNSC JSON (HedgePeer layout). Uncertain iff ``Gold_Hedges`` is non-empty. Each ``Hedge`` string
    is located in the sentence (see :func:`read_unsc`: as a whole word where it occurs as one, the
    longest hedges first); hedges that cannot be found are kept in ``meta["unlocated_hedges"]``.
``tsv`` / ``csv`` / ``jsonl``
    User files with a text column and a label column (``certain``/``uncertain``, ``0``/``1``
    (also ``0.0``/``1.0``, as pandas writes a float column), ``false``/``true``, case-insensitive;
    1/true = uncertain; an empty cell = no label) and/or a rating column (a plain decimal number:
    ``4``, ``3.5``, ``-1e2``); in either, and in the document column, an empty cell or ``NA``,
    ``N/A``, ``NaN``, ``null`` or ``None`` (as R and pandas write a missing value; JSON ``null`` and
    ``NaN`` too) means no value. Options: ``text_column="text"``, ``label_column="label"``,
    ``rating_column="rating"`` (a label or rating column named in the options must be there, a
    misspelt name is an error; of the default names one is enough), ``doc_column=None``,
    ``encoding="utf-8-sig"`` (UTF-8 in any
    spelling drops a UTF-8 byte-order mark; a text that begins with NUL characters, a quarter or
    more of its first 256, as UTF-16 without a byte-order mark read as UTF-8 does, is refused unless
    the encoding is UTF-16/32; a NUL elsewhere is text, as ``hedgekit score`` takes it). tsv/csv need a header row
    whose column names are unique (unnamed columns go to ``meta`` named by their position,
    ``column:3``); a JSONL object must not name a key twice. tsv is split on tabs without any
    quoting (a file with the
    header ``hedgekit score --format tsv`` writes has its ``\\\\``, ``\\t``, ``\\n``, ``\\r``,
    ``\\xHH`` and ``\\uHHHH`` escapes undone). In a table or JSON Lines file that ``hedgekit
    score`` wrote, the records it gave no score are skipped: a list item's marker alone ("-", "2.")
    and, with ``--lines``, blank input lines (no word in the text). Other columns go
    to ``meta``, with ``line``: the line the record starts on (a quoted csv cell may span lines).

Cue spans (all XML formats) leave out the white space an annotator's selection took in (a Szeged
cue "would " is the word "would"); a cue element with no text is skipped, with a warning.

Errors: every problem with a corpus file raises :class:`~hedgekit.errors.CorpusError` whose message
names the file and, where there is one, the line (or the element). A missing path raises
:class:`CorpusNotFoundError`, which is both a ``CorpusError`` and a ``FileNotFoundError``.

Safety: XML is parsed with ``defusedxml``: a DOCTYPE that merely names an external DTD (as BioScope
and Szeged files do) is accepted, but the DTD is never loaded, and any entity declaration (entity
expansion "bombs", external entities) is refused with a ``CorpusError`` before anything is expanded
or fetched.

Readers are lazy: a malformed file raises when iteration reaches it. :func:`load_corpus` itself
checks eagerly that the path exists and that its format is known.
"""

from __future__ import annotations

import codecs
import csv
import functools
import inspect
import itertools
import json
import math
import os
import re
import shlex
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from hedgekit.errors import ArgumentError, CorpusError, InputTypeError
from hedgekit import text as _text
from hedgekit.types import SCORE_TABLE_COLUMNS, AnnotatedSentence, Cue

__all__ = [
    "CorpusNotFoundError",
    "READERS",
    "load_corpus",
    "register_reader",
    "check_reader_options",
    "infer_format",
    "read_as",
    "join_tokens",
    "SZEGED_CUE_TYPES",
    "read_bioscope",
    "read_szeged",
    "read_conll_wiki",
    "read_pei_jurgens",
    "read_sfu",
    "read_unsc",
    "read_tsv",
    "read_csv",
    "read_jsonl",
]

Reader = Callable[..., Iterator[AnnotatedSentence]]
PathLike = str | os.PathLike[str]


class CorpusNotFoundError(CorpusError, FileNotFoundError):
    """The corpus path does not exist (both a :class:`CorpusError` and a ``FileNotFoundError``)."""


# --------------------------------------------------------------------------------------------- XML


def _parse_xml(path: Path) -> Element:
    """Parse ``path`` safely and return its root element.

    Raises:
        CorpusError: malformed XML (message names the file, line and column), an undecodable byte
            (wrong encoding), or an entity declaration / external reference (refused as unsafe).
    """
    try:
        tree = SafeET.parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        what = re.sub(r": line \d+, column \d+$", "", str(exc))  # (expat's own position counts columns from 0)
        raise CorpusError(
            f"{path}: malformed XML (or wrong encoding) at line {line}, column {col + 1}: {what}"
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise CorpusError(f"{path}: unsafe XML refused ({type(exc).__name__}: {exc})") from None
    except FileNotFoundError:
        raise CorpusNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None
    return tree.getroot()


def _flatten(elem: Element, cue_tag: str) -> tuple[str, list[tuple[Element, int, int]]]:
    """Return the text content of ``elem`` (like ``"".join(elem.itertext())``) and the
    ``(element, start, end)`` offsets of every ``cue_tag`` element inside it, in document order of
    their end tags.

    Iterative (an explicit stack), so a hostile file nesting elements thousands deep cannot
    exhaust Python's recursion limit.
    """
    parts: list[str] = []
    cues: list[tuple[Element, int, int]] = []
    pos = 0
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    # (element, its children, where it starts); the root's tail is not its content.
    stack: list[tuple[Element, Iterator[Element], int]] = [(elem, iter(elem), 0)]
    while stack:
        e, children, start = stack[-1]
        child = next(children, None)
        if child is not None:
            stack.append((child, iter(child), pos))
            if child.text:
                parts.append(child.text)
                pos += len(child.text)
            continue
        stack.pop()
        if not stack:
            break
        if e.tag == cue_tag:
            cues.append((e, start, pos))
        if e.tail:
            parts.append(e.tail)
            pos += len(e.tail)
    return "".join(parts), cues


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """The span ``a:b`` of ``text`` without its surrounding white space (``(a, a)`` if it is all white
    space): an annotator's cue "would " is the word "would"."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _warn_empty_cues(path: Path, n: int) -> None:
    if n:
        warnings.warn(f"{path}: {n} cue element(s) with no text (or only white space) skipped; a sentence "
                      "whose only cues they are is read as certain", stacklevel=3)


def _sentences(
    path: Path, root: Element, sentence_tags: tuple[str, ...], cue_tag: str
) -> Iterator[tuple[str | None, str | None, str | None, Element]]:
    """Yield ``(doc id, document type, DocumentPart type, sentence element)`` for every sentence of a
    BioScope/Szeged/SFU tree, once and in document order, wherever it is: the doc id (the ``DocID``
    text) and type are the innermost enclosing ``Document``'s, the part type the innermost
    ``DocumentPart``'s; a sentence outside any ``DocumentPart`` (or ``Document``), which the DTDs
    do not allow, has ``None`` there instead of being dropped. Parts or documents nested in others
    are not read twice. A sentence's own elements are not searched for sentences (a sentence inside
    another is part of its text). Iterative, like :func:`_flatten`.

    Raises:
        CorpusError: a ``cue_tag`` element outside any sentence (around or between sentences), whose
            cue no sentence would carry.
    """
    # (children, doc id, doc type, part type)
    stack: list[tuple[Iterator[Element], str | None, str | None, str | None]] = [(iter(root), None, None, None)]
    while stack:
        children, doc_id, doc_type, part_type = stack[-1]
        el = next(children, None)
        if el is None:
            stack.pop()
        elif el.tag in sentence_tags:
            yield doc_id, doc_type, part_type, el  # its cues are its own: not searched for sentences
        elif el.tag == cue_tag:
            words = " ".join("".join(el.itertext()).split())
            raise CorpusError(f"{path}: a <{cue_tag}> outside any sentence (document {doc_id!r}: "
                              f"{words[:60]!r}); a cue must be inside the sentence it marks")
        elif el.tag == "Document":
            found = el.findtext("DocID")
            stack.append((iter(el), found.strip() if found is not None else None, el.get("type"), None))
        elif el.tag == "DocumentPart":
            stack.append((iter(el), doc_id, doc_type, el.get("type")))
        else:
            stack.append((iter(el), doc_id, doc_type, part_type))


def _expect(path: Path, fmt: str, ok: bool, root: Element) -> None:
    """Refuse a file forced into a reader whose layout it does not have: a BioScope file read as
    Szeged gave all sentences certain (its cues are ``<cue>``, not ``<ccue>``), others none."""
    if not ok:
        guess = _sniff_xml(_peek(path))
        raise CorpusError(f"{path}: not a {fmt} file (root <{root.tag}>"
                          + (f"; it looks like {guess}: format={guess!r}, or let the format be inferred)"
                             if guess and guess != fmt else ")"))


def _refuse_empty(path: Path, text: str, where: str) -> None:
    """Refuse an XML sentence with no text (nothing or XML white space): as in the user formats, where
    an empty text is an error, there is nothing to score, and a label on it would count all the same.
    (XML white space only: U+0085 is cp1252's "…" in SFU text read with ``repair_cp1252=False``.)

    Raises:
        CorpusError: ``text`` is white space or nothing (names the file and ``where``).
    """
    if not text.strip(" \t\r\n"):
        raise CorpusError(f"{path}: {where}: a sentence with no text; remove it, or give it its text")


def _xml_sentence(path: Path, text: str, cues: list[Cue], doc_id: str | None, source: str, sent: Element,
                  doc_type: str | None, part_type: str | None, *meta: tuple[str, Any],
                  file_has_cues: bool = True) -> AnnotatedSentence:
    """A BioScope or Szeged sentence: *uncertain* iff it has a cue (or as its ``certainty``
    attribute says, the CoNLL-2010 shared task's layout), its cues in order of position, and the
    meta both readers give (``sentence_id``, ``document_type``, ``part``, ``cue_annotated``: its
    file marks cues, so a sentence without one has none, and cue-level scores count what a
    system finds in it, in a file without any cue too; in the CoNLL-2010 layout, whose labels do
    not come from cues, only where the file marks some cue (``file_has_cues``) and the sentence is
    not uncertain without one), then ``meta``.

    Raises:
        CorpusError: the sentence has no text (:func:`_refuse_empty`), or a ``certainty`` other
            than ``certain`` / ``uncertain``.
    """
    where = f"<{sent.tag} id={sent.get('id')!r}> of document {doc_id!r}"
    _refuse_empty(path, text, where)
    cues.sort(key=lambda c: (c.start, c.end))
    certainty = sent.get("certainty")
    if certainty is not None and certainty.strip() not in ("certain", "uncertain"):
        raise CorpusError(f"{path}: {where}: certainty={certainty!r}; the CoNLL-2010 layout's labels are 'certain' "
                          "and 'uncertain'")
    label = ("uncertain" if cues else "certain") if certainty is None else certainty.strip()
    annotated = certainty is None or file_has_cues and not (label == "uncertain" and not cues)
    return AnnotatedSentence(
        text=text,
        label=label,
        cues=tuple(cues),
        doc_id=doc_id,
        source=source,
        meta=(("sentence_id", sent.get("id")), ("document_type", doc_type), ("part", part_type),
              ("cue_annotated", annotated), *meta),
    )


def read_bioscope(path: PathLike, **options: Any) -> Iterator[AnnotatedSentence]:
    """Yield the sentences of a BioScope XML file.

    label: ``"uncertain"`` iff a ``cue type="speculation"`` is inside the sentence. cues: the
    speculation cues (category ``"unspecified"``); a discontinuous cue, whose pieces share a ``ref``
    ("either ... or", "whether ... or"), is one cue per piece, the pieces not linked (cue-level
    scores count each piece). doc_id: the ``DocID`` text. source:
    ``"bioscope/<file name>"``. meta: ``sentence_id``, ``document_type``, ``part`` (DocumentPart
    type), ``cue_annotated`` and ``negation_cues`` (a tuple of ``(text, start, end)``). A sentence outside any
    ``DocumentPart`` is read too, with ``part`` None (outside any ``Document``: doc_id and
    ``document_type`` None). Other options are ignored.

    Raises:
        CorpusError: malformed or unsafe XML, a file of another corpus's layout (a forced format;
            sentences with a ``certainty`` attribute are the CoNLL-2010 layout, which
            :func:`read_szeged` reads), a cue of an unknown type (names file and sentence), a
            sentence with no text, or a cue outside any sentence.
    """
    path = Path(path)
    root = _parse_xml(path)
    _expect(path, "bioscope", root.tag == "Annotation" and root.find(".//ccue") is None
            and root.find(".//Sentence") is None and root.find(".//sentence[@certainty]") is None, root)
    source = f"bioscope/{path.name}"
    empty = 0
    for doc_id, doc_type, part_type, sent in _sentences(path, root, ("sentence",), "cue"):
        text, found = _flatten(sent, "cue")
        cues: list[Cue] = []
        negations: list[tuple[str, int, int]] = []
        for el, a, b in found:
            kind = el.get("type")
            a, b = _trim(text, a, b)
            if a == b and kind in ("speculation", "negation"):
                empty += 1
            elif kind == "speculation":
                cues.append(Cue(text[a:b], a, b, "unspecified"))
            elif kind == "negation":
                negations.append((text[a:b], a, b))
            else:
                raise CorpusError(
                    f"{path}: sentence {sent.get('id')!r}: cue of unknown type {kind!r} "
                    "(expected 'speculation' or 'negation')"
                )
        negations.sort(key=lambda n: (n[1], n[2]))
        yield _xml_sentence(path, text, cues, doc_id, source, sent, doc_type, part_type,
                            ("negation_cues", tuple(negations)))
    _warn_empty_cues(path, empty)


#: Szeged ``ccue`` types (normalised: lower case, letters only) -> hedgekit cue category, as the
#: corpus's SOURCE.md gives them from Szarvas et al. 2012. ``speculation_modal_possible_`` occurs in
#: the FactBank part only (110 cues), and its words are mostly epistemic ones (likely 24, appears 9,
#: probably 7, seem 5, likelihood 5, ...: FactBank's "possible" degree of certainty), not ability
#: ("can"); some public converters map it to epistemic. Read FactBank's per-category cue figures
#: with that in mind (sentence labels do not depend on it: any ``ccue`` makes a sentence uncertain).
SZEGED_CUE_TYPES: dict[str, str] = {
    "speculationmodalprobable": "epistemic",
    "speculationmodalpossible": "dynamic",
    "speculationhypodoxastic": "doxastic",
    "speculationhypoinvestigation": "investigation",
    "speculationhypocondition": "condition",
}

_NON_LETTERS = re.compile(r"[^a-z]+")


def _szeged_category(raw: str | None) -> str | None:
    key = _NON_LETTERS.sub("", (raw or "").lower())
    return SZEGED_CUE_TYPES.get(key)


def read_szeged(path: PathLike, **options: Any) -> Iterator[AnnotatedSentence]:
    """Yield the sentences of a Szeged Uncertainty Corpus XML file.

    label: ``"uncertain"`` iff the sentence has at least one ``ccue``. cues: every ``ccue``, its
    ``type`` mapped through :data:`SZEGED_CUE_TYPES` after dropping spaces, underscores and case
    (``speculation_modal_probable_`` -> ``epistemic``, ``..._possible_`` -> ``dynamic``,
    ``speculation_hypo_doxastic _`` -> ``doxastic``, ``..._investigation _`` -> ``investigation``,
    ``..._condition _`` -> ``condition``). doc_id: the ``DocID`` text. source:
    ``"szeged/<file name>"``. meta: ``sentence_id``, ``document_type``, ``part`` (e.g. ``"Title"``;
    None for a sentence outside any ``DocumentPart``, which is read too), ``cue_annotated``. Other
    options are ignored.

    The CoNLL-2010 shared task's XML (the Szeged corpus's layout with a ``certainty`` attribute on
    each ``sentence`` and untyped ``ccue`` cues) is read too: the label is the ``certainty``
    attribute, a ``ccue`` without ``type`` is an ``"unspecified"`` cue.

    Raises:
        CorpusError: malformed or unsafe XML, a file of another corpus's layout (a forced format),
            a ``ccue`` of an unknown type (the message names
            the file, the sentence id and the type), a sentence with no text, or a ``ccue`` outside
            any sentence, or a ``certainty`` other than ``certain`` / ``uncertain``.
    """
    path = Path(path)
    root = _parse_xml(path)
    _expect(path, "szeged", root.tag == "Annotation" and (root.find(".//ccue") is not None
                                                          or root.find(".//cue") is None), root)
    source = f"szeged/{path.name}"
    empty = 0
    file_has_cues = root.find(".//ccue") is not None
    for doc_id, doc_type, part_type, sent in _sentences(path, root, ("Sentence", "sentence"), "ccue"):
        text, found = _flatten(sent, "ccue")
        cues = []
        conll = sent.get("certainty") is not None  # (the CoNLL-2010 shared task's layout: untyped cues)
        for el, a, b in found:
            category = "unspecified" if conll and el.get("type") is None else _szeged_category(el.get("type"))
            if category is None:
                raise CorpusError(
                    f"{path}: <ccue type={el.get('type')!r}> in <{sent.tag} id="
                    f"{sent.get('id')!r}> of document {doc_id!r}: unknown cue type (known: "
                    "speculation_modal_probable_, speculation_modal_possible_, "
                    "speculation_hypo_doxastic_, speculation_hypo_investigation_, "
                    "speculation_hypo_condition_)"
                )
            a, b = _trim(text, a, b)
            if a == b:
                empty += 1
                continue
            cues.append(Cue(text[a:b], a, b, category))
        yield _xml_sentence(path, text, cues, doc_id, source, sent, doc_type, part_type, file_has_cues=file_has_cues)
    _warn_empty_cues(path, empty)


#: Tokens that attach to the previous token (no space before them) when SFU tokens are joined.
NO_SPACE_BEFORE: frozenset[str] = frozenset(
    {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "...", "\u2026",
     "'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}  # fmt: skip
)
#: Tokens after which no space is put.
NO_SPACE_AFTER: frozenset[str] = frozenset({"(", "[", "{", "$"})


def join_tokens(tokens: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join word tokens into text and return it with each token's ``(start, end)`` offsets.

    Tokens are separated by one space, except that no space is put before a token in
    :data:`NO_SPACE_BEFORE` (``. , ; : ! ? ) ] } % ...`` and the clitics ``'s n't 're 've 'll 'd
    'm``, compared case-insensitively) and none after a token in :data:`NO_SPACE_AFTER`
    (``( [ { $``); a typographic apostrophe ``\u2019`` counts as ``'``. Empty tokens take no room
    and get an empty span.

    >>> join_tokens(["It", "is", "n't", "(", "really", ")", "clear", "."])[0]
    "It isn't (really) clear."
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    prev: str | None = None
    for tok in tokens:
        if not tok:
            spans.append((pos, pos))
            continue
        key = tok.lower().replace("\u2019", "'")
        if prev is not None and key not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
            out.append(" ")
            pos += 1
        out.append(tok)
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
        prev = tok
    return "".join(out), spans


_C1 = re.compile("[\x80-\x9f]")


def _repair_c1(token: str) -> str:
    """Map C1 control characters (cp1252 bytes mis-decoded as Latin-1) to their cp1252 characters."""

    def fix(m: re.Match[str]) -> str:
        try:
            return m.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: undefined in cp1252
            return m.group()

    return _C1.sub(fix, token) if _C1.search(token) else token


def read_sfu(path: PathLike, *, repair_cp1252: bool = True, **options: Any) -> Iterator[AnnotatedSentence]:
    """Yield the sentences of one SFU Review corpus XML file (one review).

    Text: the ``W`` tokens joined with :func:`join_tokens` (empty tokens are dropped). About 1,000
    SFU sentences hold C1 control characters that are really cp1252 punctuation (``\x92`` = ``’``,
    ``\x93``/``\x94`` = ``“``/``”``, ``\x96`` = ``–``); with ``repair_cp1252=True`` (the default)
    each token is repaired before joining, so offsets stay exact. label:
    ``"uncertain"`` iff a ``cue type="speculation"`` is in the sentence. cues: speculation cues
    (category ``"unspecified"``) spanning their first to last token. doc_id:
    ``"<DOMAIN>/<file name>"`` (the parent folder is the domain). source: ``"sfu/<DOMAIN>/<file>"``.
    meta: ``negation_cues`` as ``(text, start, end)`` triples. Other options are ignored.

    Two kinds of annotation error in the corpus's files are read as what they are: a ``cue`` element
    that holds a ``ref`` pointing at a cue (the mark of a scope, which points at its cue) is a scope
    saved as a cue, and is no cue (2 speculation "cues" of COOKWARE/no5done.xml, "be so durable" and
    "round", which made their sentences uncertain; a negation cue whose ``ref`` points at the scope
    it shares, "don't ... either", is a cue); a cue nested in a copy of itself (the same span and
    type: CARS/yes2done.xml's "may") is one cue. The whole corpus then has 3,910 speculative
    sentences and 5,360 speculation cues (its files mark 3,912 and 5,363 elements).

    Raises:
        CorpusError: malformed or unsafe XML, a file of another corpus's layout (a forced format),
            a cue of an unknown type, a sentence with no text, or a cue outside any sentence.
    """
    path = Path(path)
    root = _parse_xml(path)
    _expect(path, "sfu", root.tag == "DOCUMENT", root)
    doc_id = f"{path.absolute().parent.name}/{path.name}"  # (a bare file name, read in its folder, has one too)
    source = f"sfu/{doc_id}"
    empty = 0
    for index, (_, _, _, sent) in enumerate(_sentences(path, root, ("SENTENCE",), "cue"), start=1):
        tokens: list[str] = []
        spans_of: list[tuple[Element, int, int]] = []  # (cue, first token, one past last token)
        refs: dict[int, list[str | None]] = {}  # cue element -> the SRC of the <ref>s it holds

        # Depth-first over the sentence's elements with an explicit stack (no recursion limit to
        # exhaust): W elements are tokens; a cue spans the tokens read between its start and end.
        stack: list[tuple[Element, Iterator[Element], int]] = [(sent, iter(sent), 0)]
        while stack:
            e, children, first = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if e.tag == "cue" and stack:
                    spans_of.append((e, first, len(tokens)))
            elif child.tag == "ref" and e.tag == "cue":  # (a "cue" that points at a cue is a scope: the docstring)
                refs.setdefault(id(e), []).append(child.get("SRC"))
            elif child.tag == "W":
                # XML white space only: str.strip() would also drop U+0085, which is cp1252's "…"
                tok = "".join(child.itertext()).strip(" \t\r\n")
                tokens.append(_repair_c1(tok) if repair_cp1252 else tok)
            else:
                stack.append((child, iter(child), len(tokens)))
        text, spans = join_tokens(tokens)
        _refuse_empty(path, text, f"sentence {index}")
        cues: list[Cue] = []
        negations: list[tuple[str, int, int]] = []
        cue_ids = {el.get("ID") for el, _, _ in spans_of}
        for el, first, last in spans_of:
            if any(src in cue_ids for src in refs.get(id(el), ())):
                continue  # a scope saved as a cue: its <ref> points at the cue it belongs to
            nonempty = [spans[i] for i in range(first, last) if tokens[i]]
            if not nonempty:
                empty += 1
                continue
            a, b = nonempty[0][0], nonempty[-1][1]
            kind = el.get("type")
            if kind == "speculation":
                if all((c.start, c.end) != (a, b) for c in cues):  # (a cue nested in a copy of itself: one cue)
                    cues.append(Cue(text[a:b], a, b, "unspecified"))
            elif kind == "negation":
                if (text[a:b], a, b) not in negations:
                    negations.append((text[a:b], a, b))
            else:
                raise CorpusError(
                    f"{path}: sentence {index}: cue ID={el.get('ID')!r} of unknown type {kind!r}"
                )
        cues.sort(key=lambda c: (c.start, c.end))
        negations.sort(key=lambda n: (n[1], n[2]))
        yield AnnotatedSentence(
            text=text,
            label="uncertain" if cues else "certain",
            cues=tuple(cues),
            doc_id=doc_id,
            source=source,
            # each file is one review, and many have no speculation cue: say they were annotated
            meta=(("sentence_index", index), ("negation_cues", tuple(negations)), ("cue_annotated", True)),
        )
    _warn_empty_cues(path, empty)


# ---------------------------------------------------------------------------------- text and JSON


def _undecodable(path: Path, encoding: str, exc: UnicodeError, *, by_lines: bool = False) -> str:
    """The error message for a file that is not valid ``encoding`` text, naming the line of the
    first bad byte (the reader decodes ahead of the line it is on, so its own count is no guide);
    the file is decoded again in 1 MB pieces to find it, and its lines are counted in the decoded
    text: ended by ``\\r``, ``\\r\\n`` or ``\\n`` (the lines of the ``csv`` and JSON readers), or, with
    ``by_lines``, as :func:`_open_text` ends them (at ``\\n`` only, unless the text's head makes
    them CR lines: :func:`hedgekit.text.cr_line_ends`). (A UTF-16/32 file without a byte-order
    mark read as ``utf-16``/``utf-32`` fails before any byte is decoded: its own message.)"""
    if not isinstance(exc, UnicodeDecodeError):  # "UTF-16 stream does not start with BOM"
        try:
            enc = codecs.lookup(encoding).name  # ("utf16" is utf-16, whose byte orders are utf-16-le/-be)
        except LookupError:
            enc = encoding
        return (f"{path}: cannot be read as {encoding} text: {exc}; if it is {enc} without a byte-order "
                f"mark, name the byte order ({enc}-le or {enc}-be; on the command line --encoding "
                f"{enc}-le), else its own encoding (UTF-8 is the default)")
    where = ""
    try:
        dec = codecs.getincrementaldecoder(encoding)("strict")
        lfs = ends = 0  # line breaks so far: the "\n", and the "\r", "\r\n" or "\n"
        head, last = "", ""  # the text's first LINE_MODE_WINDOW + 1 characters, and its last one
        with open(path, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                state = dec.getstate()
                bad: UnicodeDecodeError | None = None
                try:
                    text = dec.decode(chunk, final=not chunk)
                except UnicodeDecodeError as err:
                    # the piece's text up to the bad bytes: where they are in it, as the decoder
                    # saw it (after bytes held back from the last piece, or a dropped byte-order mark)
                    bad, cut = err, max(0, err.start + len(chunk) - len(err.object))
                    again = codecs.getincrementaldecoder(encoding)("strict")
                    again.setstate(state)
                    try:
                        text = again.decode(chunk[:cut])
                    except UnicodeDecodeError:
                        text = ""
                lfs += text.count("\n")
                ends += len(_text.LINE_END_RE.findall(text)) - (last == "\r" and text[:1] == "\n")
                head += text[: _text.LINE_MODE_WINDOW + 1 - len(head)]
                last = text[-1:] or last
                if bad is not None:
                    lf_lines = by_lines and not _text.cr_line_ends(head, final=True)
                    where, exc = f" at line {1 + (lfs if lf_lines else ends)}", bad
                    break
                if not chunk:
                    break
    except (OSError, LookupError):
        pass
    if _wide(encoding):  # (named by its byte-order mark, or by the caller): damaged, not mislabelled
        return (f"{path}: not valid {encoding} text{where}: {exc.reason}; a damaged file (cut short, or pieced "
                "together?) or one in another encoding: save it again as UTF-8, or name its own encoding")
    try:  # UTF-16 without a byte-order mark whose first piece holds a non-ASCII letter fails here before
        with open(path, "rb") as fh:  # _refuse_nul sees its NULs: the advice is theirs, not cp1252's
            if _begins_with_nuls(fh.read(NUL_SNIFF).decode("latin-1")):
                return (f"{path}: not valid {encoding} text{where}: {exc.reason}; it begins with NUL bytes: UTF-16 "
                        "without a byte-order mark? pass encoding='utf-16-le' (or 'utf-16-be'; on the command line "
                        "--encoding utf-16-le), else the file's own encoding")
    except OSError:
        pass
    other = "latin-1" if codecs.lookup(encoding).name == "cp1252" else "cp1252"
    return (f"{path}: not valid {encoding} text (wrong encoding?){where}: {exc.reason}; save it as UTF-8, or name "
            f"its encoding: encoding='{other}', on the command line --encoding {other}")


#: byte-order marks that name a wide encoding (UTF-32's first: its little-endian mark starts with UTF-16's)
WIDE_BOMS: tuple[tuple[bytes, str], ...] = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                                            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bom_encoding(head: bytes, encoding: str | None) -> str:
    """The encoding to read text that starts with the bytes ``head`` as: ``encoding``, but UTF-16 or
    UTF-32 where ``head`` starts with their byte-order mark and ``encoding`` is ``None`` or UTF-8
    (such a file is never valid UTF-8: Excel's "Unicode Text", Notepad's "Unicode", PowerShell);
    ``None`` otherwise means UTF-8."""
    if encoding is None or codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        return next((enc for bom, enc in WIDE_BOMS if head.startswith(bom)), encoding or "utf-8")
    return encoding


#: the UTF-16 and UTF-32 byte-order marks by the encoding of one byte order each, longest first
_ORDERED_BOMS: tuple[tuple[bytes, str], ...] = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                                                (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def bom_mismatch(head: bytes, encoding: str, instead: str = "leave the encoding out or name") -> str | None:
    """Why text that starts with the bytes ``head`` is not ``encoding``: where that is UTF-16 or
    UTF-32 of one byte order and ``head`` starts with the byte-order mark of another (it would decode
    to U+FFFE and text of swapped bytes, without an error), a message that names the mark and what to
    pass instead (``instead``, the encoding's family after it: the command says its option);
    ``None`` otherwise."""
    name = codecs.lookup(encoding).name
    if name not in {enc for _, enc in _ORDERED_BOMS}:
        return None
    found = next((enc for bom, enc in _ORDERED_BOMS if head.startswith(bom)), None)
    if found is None or found == name:
        return None
    family = found[:6]
    return (f"{found.upper()} text (it starts with a {found.upper()} byte-order mark), not {encoding}; {instead} "
            f"{family} (the mark then says the byte order)")


def _file_encoding(path: Path, encoding: str | None) -> str:
    """:func:`bom_encoding` of the file's first bytes (``encoding`` when it cannot be read: opening
    it again then says why), and ``utf-8-sig`` where ``encoding`` is UTF-8 under any spelling
    (``utf8``, ``UTF-8``) and the file starts with a UTF-8 byte-order mark, so that the mark is
    not read as text (a header ``"\\ufefftext"``); likewise ``utf-16`` / ``utf-32`` where ``encoding``
    is UTF-16/32 of one byte order (``utf-16-le``) and the file starts with that order's mark.
    ``None`` is the readers' default, ``utf-8-sig``.

    Raises:
        CorpusError: ``encoding`` is not an encoding Python knows, or is UTF-16/32 of one byte order
            where the file starts with the other's byte-order mark (:func:`bom_mismatch`).
    """
    if encoding is None:
        encoding = "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise CorpusError(f"{path}: unknown encoding {encoding!r}; name one Python knows, e.g. 'utf-8', "
                          "'utf-16', 'cp1252' or 'latin-1'") from None
    try:
        with open(path, "rb") as raw:
            head = raw.read(4)
    except OSError:
        return encoding
    if name == "utf-8" and head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    wrong = bom_mismatch(head, encoding)
    if wrong:
        raise CorpusError(f"{path}: {wrong}")
    own = next((enc for bom, enc in _ORDERED_BOMS if head.startswith(bom)), None)
    if own is not None and own == name:  # ("utf-16-le" on a file with its mark: "utf-16" reads the mark as one)
        return own[:6]
    return bom_encoding(head, encoding)


def _wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16 or UTF-32 (whose text may hold NUL characters)."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _nul_message(path: Path, lineno: int, encoding: str) -> str:
    """The error message for a NUL character on line ``lineno`` of text read as ``encoding``."""
    return (f"{path}, line {lineno}: a NUL character in the text read as {encoding}, where it begins with them: "
            "UTF-16 without a byte-order mark? pass encoding='utf-16-le' (or 'utf-16-be'; on the command "
            "line --encoding utf-16-le), else the file's own encoding")


#: a text whose first this many characters are a quarter or more NUL is UTF-16 read as an 8-bit encoding
NUL_SNIFF = 256


def _begins_with_nuls(text: str) -> bool:
    """Whether a quarter or more of ``text``'s first :data:`NUL_SNIFF` characters are NUL: UTF-16
    without a byte-order mark read as an 8-bit encoding (a NUL after every ASCII letter)."""
    start = text[:NUL_SNIFF]
    return bool(start) and 4 * start.count("\0") >= len(start)


def _refuse_nul(path: Path, lines: Iterable[str], encoding: str) -> Iterator[str]:
    """``lines`` as they are, but a ``CorpusError`` (at the line of the first NUL) when a quarter or
    more of the text's first :data:`NUL_SNIFF` characters are NUL characters, unless ``encoding`` is
    UTF-16/32: a UTF-16 file without a byte-order mark read as UTF-8 (or any 8-bit encoding) decodes
    without error into text with a NUL after every ASCII letter. A NUL elsewhere is text and is kept,
    as ``hedgekit score`` keeps one past its input's first 8 KB and its CSV writes it as it is (so
    that what ``score`` writes reads back as a corpus)."""
    if _wide(encoding):
        yield from lines
        return
    it = iter(lines)
    head: list[str] = []
    seen = 0
    for line in it:  # (the first lines, up to NUL_SNIFF characters)
        head.append(line)
        seen += len(line)
        if seen >= NUL_SNIFF:
            break
    if _begins_with_nuls("".join(head)):
        lineno = next(i for i, line in enumerate(head, start=1) if "\0" in line)
        raise CorpusError(_nul_message(path, lineno, encoding))
    yield from head
    yield from it


def _open_text(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` of a text file (UTF-16/32 by its byte-order mark when
    ``encoding`` is UTF-8: :func:`bom_encoding`; a UTF-8 mark dropped: :func:`_file_encoding`),
    converting decoding and I/O errors and refusing NUL characters (:func:`_refuse_nul`).

    Lines end as ``hedgekit score --lines`` ends them: at ``\\n`` (with a ``\\r`` before it, which
    the line keeps, for its reader to strip as white space), so that a stray ``\\r`` inside a line
    stays there; in a file whose head makes them CR lines (:func:`hedgekit.text.cr_line_ends`: old
    Mac files), at ``\\r``, ``\\r\\n`` or ``\\n``."""
    encoding = _file_encoding(path, encoding)
    try:
        with open(path, encoding=encoding, newline="") as fh:
            head = fh.read(_text.LINE_MODE_WINDOW + 1)
        cr_lines = _text.cr_line_ends(head, final=len(head) <= _text.LINE_MODE_WINDOW)
        with open(path, encoding=encoding, newline="" if cr_lines else "\n") as fh:
            yield from enumerate(_refuse_nul(path, fh, encoding), start=1)
    except UnicodeError as exc:
        raise CorpusError(_undecodable(Path(path), encoding, exc, by_lines=True)) from None
    except FileNotFoundError:
        raise CorpusNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None


_LABEL_WORD = re.compile(r"(?:^|[^a-z])(un)?certain(?:[^a-z]|$)")


def read_conll_wiki(
    path: PathLike, *, label: str | None = None, encoding: str = "utf-8-sig", **options: Any
) -> Iterator[AnnotatedSentence]:
    """Yield the sentences of a CoNLL-2010 Wikipedia sentence list (one sentence per line).

    The label comes from the file name (``..._uncertain_...`` -> ``"uncertain"``,
    ``..._certain_...`` -> ``"certain"``) unless ``label=`` is given (a name that says the other
    label is then overridden, with a ``UserWarning``). Text is the line without
    surrounding white space; blank lines (white space or invisible characters only, as
    ``hedgekit score --lines`` reads them) are skipped. Lines are those of ``hedgekit score --lines``
    (a ``\\r`` inside a line stays in it; old Mac files' CR line ends are read as such:
    :func:`_open_text`). doc_id: None. source:
    ``"conll-wiki/<file name>"``. meta: ``line`` (1-based line number).

    Raises:
        CorpusError: the label cannot be told from the file name, an invalid ``label=``, an unknown
            ``encoding``, the file is not valid text in ``encoding`` (UTF-16 read as UTF-8 included:
            :func:`_refuse_nul`), or its first line shows it is a file of another format (XML, JSON,
            a table's header row: a forced format).
    """
    path = Path(path)
    m = _LABEL_WORD.search(path.name.lower())
    named = None if m is None else "uncertain" if m.group(1) else "certain"
    if label is None:
        if named is None:
            raise CorpusError(
                f"{path}: cannot tell the label from the file name (expected 'certain' or "
                "'uncertain' in it); pass label='certain' or label='uncertain' (on the command line "
                "--conll-label certain or --conll-label uncertain), or rename the file"
            )
        label = named
    elif label not in ("certain", "uncertain"):
        raise CorpusError(f"{path}: label={label!r}: expected 'certain' or 'uncertain'")
    elif named is not None and named != label:
        warnings.warn(f"{path}: label={label!r} overrides the file name, which says {named!r}", UserWarning,
                      stacklevel=2)
    source = f"conll-wiki/{path.name}"
    # a line of white space or invisible characters only (a zero-width space) is a blank line, as
    # ``score --lines`` reads it: no sentence to label
    lines = ((lineno, text) for lineno, line in _open_text(path, encoding)
             if (text := line.strip()) and not _text._no_word(text))
    first = next(lines, None)
    if first is None:
        return
    second = next(lines, None)
    # a first line that is a bracket alone, "{" or "[", is a pretty-printed JSON file's opening if the
    # next line goes on as JSON does (a key, a value, a closing bracket), else a sentence (a property
    # test's "{")
    if first[1] not in ("{", "[") or second is not None and second[1][:1] in '"{[]}':
        _refuse_other_layout(path, *first)
    for lineno, text in itertools.chain([first], [] if second is None else [second], lines):
        yield AnnotatedSentence(text=text, label=label, source=source, meta=(("line", lineno),))


def _unscored_record(text: str, label: Any, lines: bool) -> bool:
    """Whether a record of ``hedgekit score`` (``lines``: of ``score --lines``) with ``text`` and
    ``label`` (its label cell: ``""`` for none) is one the command gave no score: a blank input
    line's (a text with no word: ``--lines`` only, where an empty text elsewhere is an error), or a
    list item's marker alone ("-", "2.") left unscored (``end_mark``, the default, reads the marker
    as no word; a marker scored with ``--no-end-mark``, or labelled by hand, is a sentence)."""
    if _text._no_word(text):
        return lines
    return label == "" and _text._says_nothing(text)


#: a first line that names the columns of a table of labelled sentences
_HEADER_NAMES = frozenset({"text", "sentence", "label", "labels", "id", "certainty"})


def _json_container(line: str) -> bool:
    try:
        return isinstance(json.loads(line), (dict, list))
    except (ValueError, RecursionError):
        return False


def _header_row(line: str) -> bool:
    """Whether ``line`` is a table's header: two or more tab-, comma- or semicolon-separated names
    without spaces, one of :data:`_HEADER_NAMES` ("text\tlabel"; not "Text, images and video")."""
    fields = [f.strip().strip('"').lower() for f in re.split(r"[\t,;]", line)]
    return (len(fields) >= 2 and all(re.fullmatch(r"[\w.-]+", f) for f in fields)
            and any(f in _HEADER_NAMES for f in fields))


def _refuse_other_layout(path: Path, lineno: int, line: str) -> None:
    """Refuse a sentence list whose first line (``line``, stripped, at ``lineno``) shows it is a file
    of another format: XML, a JSON object or array, or a table's header row (read as sentences,
    its markup and header were labelled as the list's label).

    Raises:
        CorpusError: naming the format the file looks like.
    """
    looks = ("an XML file" if line.startswith(("<?xml", "<!DOCTYPE")) or re.match(r"<[A-Za-z][^<>]*>", line)
             and line.endswith(">") else
             # (a bracket alone: the caller has seen the next line go on as JSON does)
             "a JSON file" if line in ("[", "{") or line[:1] in "{[" and _json_container(line) else
             "a table with a header row" if _header_row(line) else None)
    if looks is not None:
        guess = _infer(path)
        raise CorpusError(f"{path}, line {lineno}: not a sentence list (one sentence per line): it looks like {looks} "
                          f"({line[:40]!r})" + (f"; read it as format={guess!r}" if guess and guess != "conll-wiki"
                                                else "; pass its own format="))


def _unique_keys(path: Path, lineno: int, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` (with ``path`` and ``lineno`` bound) that refuses a key given twice in
    one object, which ``json`` would otherwise settle silently by keeping the last value.

    Raises:
        CorpusError: a key given twice (names the file, the line and the key).
    """
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise CorpusError(f"{path}, line {lineno}: the key {key!r} is given twice in one object; keys must be "
                              "unique (which value is meant cannot be told)")
        obj[key] = value
    return obj


def _json_lines(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSONL file.

    Raises:
        CorpusError: malformed JSON, a line that is not an object, or an object (at any depth) that
            names a key twice (names the file, the line and the key).
    """
    for lineno, line in _open_text(path, encoding):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=functools.partial(_unique_keys, path, lineno))
        except CorpusError:
            raise
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}, line {lineno}: malformed JSON: {exc.msg} (column {exc.colno})") from None
        except (ValueError, RecursionError) as exc:
            raise CorpusError(f"{path}, line {lineno}: {_json_limit(exc)}") from None
        if not isinstance(obj, dict):
            raise CorpusError(f"{path}, line {lineno}: expected a JSON object, got {type(obj).__name__}")
        yield lineno, obj


def _json_limit(exc: ValueError | RecursionError) -> str:
    """What JSON that ``json`` refuses although it is well formed (a number too long to convert, arrays
    or objects nested too deeply to parse) says in an error message."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read (arrays or objects inside one another, hundreds deep)"
    return f"JSON that cannot be read: {str(exc).split('; use sys.')[0]}"  # (not Python's advice to the programmer)


def _freeze(value: Any) -> Any:
    """Make a JSON value hashable: dicts -> tuples of pairs, lists -> tuples. Iterative, so a value
    nested as deeply as ``json`` reads is frozen too."""
    if not isinstance(value, (dict, list)):
        return value
    # per open dict or list: [its items, whether a dict, its frozen items so far, the key of the open child]
    def opened(v: dict[str, Any] | list[Any]) -> list[Any]:
        return [iter(v.items()) if isinstance(v, dict) else iter(v), isinstance(v, dict), [], None]

    stack = [opened(value)]
    while True:
        top = stack[-1]
        items, is_dict, out = top[0], top[1], top[2]
        item = next(items, _END)
        if item is _END:
            stack.pop()
            frozen = tuple(out)
            if not stack:
                return frozen
            parent = stack[-1]
            parent[2].append((parent[3], frozen) if parent[1] else frozen)
            continue
        key, v = item if is_dict else (None, item)
        if isinstance(v, (dict, list)):
            top[3] = key
            stack.append(opened(v))
        else:
            out.append((key, v) if is_dict else v)


_END = object()


#: The keys of the Pei & Jurgens records (both files); a record with any other key is a user's JSONL.
_PEI_JURGENS_KEYS: frozenset[str] = frozenset(
    {"id", "finding", "split", "sentence-level-certainty", "aspect-level-certainty"})


def read_pei_jurgens(
    path: PathLike, *, encoding: str = "utf-8-sig", **options: Any
) -> Iterator[AnnotatedSentence]:
    """Yield the findings of a Pei & Jurgens (2021) certainty JSONL file.

    text: ``finding``. label: None. rating: ``sentence-level-certainty`` (1-6, 6 = very certain)
    when present, else None. doc_id: None. source: ``"pei-jurgens/<file name>"``. meta: ``id``,
    ``split``, ``line`` and, for aspect-level records, ``aspects`` (a tuple of ``(aspect, value)``
    pairs such as ``("Probability", "Uncertain")``). A record may have only the corpus's own keys
    (``id``, ``finding``, ``split``, ``sentence-level-certainty``, ``aspect-level-certainty``): a
    file with a ``label`` (or any other key) is a user's, read as ``jsonl``.

    Raises:
        CorpusError: malformed JSON, a key given twice, a key that is not one of the corpus's (the
            message names it and the ``jsonl`` way to read the file), a missing/empty ``finding``
            or a non-numeric rating (names the file and the line).
    """
    path = Path(path)
    source = f"pei-jurgens/{path.name}"
    for lineno, obj in _json_lines(path, encoding):
        other = sorted(obj.keys() - _PEI_JURGENS_KEYS)
        if other:
            raise CorpusError(
                f"{path}, line {lineno}: key(s) {other} are not Pei & Jurgens keys (those are "
                f"{sorted(_PEI_JURGENS_KEYS)}), and reading it as pei-jurgens would drop them; read it as JSON "
                "Lines: format='jsonl', text_column='finding' (on the command line --format jsonl --text-column "
                "finding)"
            )
        text = obj.get("finding")
        if not isinstance(text, str) or not text.strip():
            raise CorpusError(f"{path}, line {lineno}: missing or empty 'finding'")
        rating = obj.get("sentence-level-certainty")
        if rating is not None:
            rating = _as_rating(rating, path, lineno, "sentence-level-certainty")
        meta: list[tuple[str, Any]] = [("id", _freeze(obj.get("id"))), ("split", _freeze(obj.get("split"))),
                                       ("line", lineno)]
        aspects = obj.get("aspect-level-certainty")
        if aspects is not None:
            if not isinstance(aspects, dict):
                raise CorpusError(f"{path}, line {lineno}: 'aspect-level-certainty' is not an object")
            meta.append(("aspects", _freeze(aspects)))
        yield AnnotatedSentence(text=text, label=None, rating=rating, source=source, meta=tuple(meta))


def _find_cue(sentence: str, hedge: str, used: list[tuple[int, int]]) -> int:
    """Offset of ``hedge`` in ``sentence`` outside the ``used`` spans, or -1: the first occurrence
    as a whole word (exact case, then any case), else inside a word (exact, then any case), so that
    "or" is the word "or", not the one in "border"."""
    word = re.escape(hedge)
    for pattern in (rf"(?<!\w){word}(?!\w)", word):
        for flags in (0, re.IGNORECASE):
            for m in re.finditer(pattern, sentence, flags):
                if not any(m.start() < b and a < m.end() for a, b in used):
                    return m.start()
    return -1


def read_unsc(path: PathLike, *, encoding: str = "utf-8-sig", **options: Any) -> Iterator[AnnotatedSentence]:
    """Yield the sentences of a UNSC hedge JSON file (HedgePeer layout).

    label: ``"uncertain"`` iff ``Gold_Hedges`` is non-empty. cues: each ``Hedge`` string located in
    the sentence (category ``"unspecified"``): its first occurrence that no other hedge of the
    sentence took, as a whole word if it occurs as one ("or", not the "or" of "border"), exact
    case before any case, the longest hedges first ("may be" before "may"), so that the list's
    order does not matter. Hedges not found are kept in
    ``meta["unlocated_hedges"]``. doc_id: ``Review_id``. source: ``"unsc/<file name>"``. meta:
    ``sentence_id``, ``hedges`` (``(Hedge, Span)`` pairs as given), ``unlocated_hedges``,
    ``cue_annotated``.

    Raises:
        CorpusError: malformed JSON (names the file and line), an unexpected layout (a sentence
            without a ``Gold_Hedges`` list: a file of predictions, not gold hedges), an unknown
            ``encoding`` or text that is not valid in it (a NUL character included).
    """
    path = Path(path)
    source = f"unsc/{path.name}"
    encoding = _file_encoding(path, encoding)
    try:
        with open(path, encoding=encoding) as fh:
            raw = fh.read()
        if not _wide(encoding) and _begins_with_nuls(raw):  # (UTF-16 read as UTF-8, as :func:`_refuse_nul` tells it)
            raise CorpusError(_nul_message(path, raw.count("\n", 0, raw.find("\0")) + 1, encoding))
        data = json.loads(raw)
    except UnicodeError as exc:
        raise CorpusError(_undecodable(path, encoding, exc)) from None
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}, line {exc.lineno}: malformed JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise CorpusError(f"{path}: {_json_limit(exc)}") from None
    except FileNotFoundError:
        raise CorpusNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a JSON array of speeches")
    for i, speech in enumerate(data):
        if not isinstance(speech, dict) or not isinstance(speech.get("Sentences"), list):
            raise CorpusError(f"{path}: speech #{i}: expected an object with a 'Sentences' list")
        rid = speech.get("Review_id")
        doc_id = None if rid is None else str(rid)
        for j, item in enumerate(speech["Sentences"]):
            where = f"{path}: speech {doc_id!r}, sentence #{j}"
            if not isinstance(item, dict) or not isinstance(item.get("Sentence"), str):
                raise CorpusError(f"{where}: expected an object with a 'Sentence' string")
            text = item["Sentence"]
            if "Gold_Hedges" not in item or item["Gold_Hedges"] is None:
                raise CorpusError(f"{where}: no 'Gold_Hedges' list (an empty list for a sentence without a "
                                  f"hedge); its keys: {', '.join(map(str, item))}")
            hedges = item["Gold_Hedges"]
            if not isinstance(hedges, list):
                raise CorpusError(f"{where}: 'Gold_Hedges' is not a list")
            cues: list[Cue] = []
            unlocated: list[str] = []
            pairs: list[tuple[Any, Any]] = []
            used: list[tuple[int, int]] = []
            found: dict[int, str] = {}  # hedge index -> why not located (kept in the list's order)
            wanted: list[tuple[int, str]] = []
            for k, h in enumerate(hedges):
                cue_text = h.get("Hedge") if isinstance(h, dict) else h
                pairs.append((cue_text, h.get("Span") if isinstance(h, dict) else None))
                if not isinstance(cue_text, str) or not cue_text.strip():
                    found[k] = str(cue_text)
                else:
                    wanted.append((k, cue_text.strip()))
            # the longest first, so that "may" does not take the "may" of "may be" before it is looked for
            for k, cue_text in sorted(wanted, key=lambda kc: -len(kc[1])):
                at = _find_cue(text, cue_text, used)
                if at < 0:
                    found[k] = cue_text
                    continue
                end = at + len(cue_text)
                cues.append(Cue(text[at:end], at, end, "unspecified"))
                used.append((at, end))
            unlocated.extend(found[k] for k in sorted(found))
            cues.sort(key=lambda c: (c.start, c.end))
            yield AnnotatedSentence(
                text=text,
                label="uncertain" if hedges else "certain",
                cues=tuple(cues),
                doc_id=doc_id,
                source=source,
                meta=(
                    ("sentence_id", _freeze(item.get("Sentence_id"))),
                    ("hedges", tuple(pairs)),
                    ("unlocated_hedges", tuple(unlocated)),
                    ("cue_annotated", True),
                ),
            )


# ---------------------------------------------------------------------------------- user formats

# "1.0" / "0.0": what pandas writes for a label column that became float (one missing cell is enough)
_UNCERTAIN_VALUES = frozenset({"uncertain", "1", "1.0", "true"})
_CERTAIN_VALUES = frozenset({"certain", "0", "0.0", "false"})
_ACCEPTED = ("certain/0/0.0/false (certain), uncertain/1/1.0/true (uncertain), case-insensitive, or empty "
             "(also NA, N/A, NaN, null, None: no label)")
#: Cell values that mean "no value", as R's write.csv (NA) and pandas (NaN, null, None) write them.
_MISSING = frozenset({"na", "n/a", "nan", "null", "none"})


def _is_missing(value: Any) -> bool:
    """Whether a cell or JSON value means "no value": None, JSON NaN (as Python's json.dumps writes a
    missing float), or a string that is empty or one of :data:`_MISSING` (``NA``, ``N/A``, ``NaN``,
    ``null``, ``None``, any case, surrounding white space ignored)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and (not value.strip() or value.strip().lower() in _MISSING)


def _as_label(value: Any, path: Path, lineno: int, column: str) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        return "uncertain" if value else "certain"
    if isinstance(value, (int, float)) and value in (0, 1):
        return "uncertain" if value == 1 else "certain"
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _UNCERTAIN_VALUES:
            return "uncertain"
        if v in _CERTAIN_VALUES:
            return "certain"
    raise CorpusError(
        f"{path}, line {lineno}: unknown label {value!r} in column {column!r}; accepted: {_ACCEPTED}"
    )


#: A rating written as a plain decimal number: optional sign, digits with an optional point (or a
#: point and digits), optional exponent; ASCII digits only ("1_0", "١" and "inf" are not ratings).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _as_rating(value: Any, path: Path, lineno: int, column: str) -> float | None:
    if _is_missing(value):
        return None
    try:
        if isinstance(value, bool) or (isinstance(value, str) and _DECIMAL.fullmatch(value.strip()) is None):
            raise ValueError  # float() also reads "1_0", "inf" and non-ASCII digits
        rating = float(value)
    except (TypeError, ValueError):
        raise CorpusError(f"{path}, line {lineno}: rating {value!r} in column {column!r} is not a number (accepted: "
                          "a plain decimal number such as 4, 3.5, -0.5 or 1e2; empty, NA, N/A, NaN, null or None: no "
                          "rating)") from None
    except OverflowError:  # a JSON integer of hundreds of digits
        rating = math.inf
    if not math.isfinite(rating):
        raise CorpusError(f"{path}, line {lineno}: rating {value!r} in column {column!r} is not finite")
    return rating


def _record(
    row: dict[str, Any],
    path: Path,
    lineno: int,
    source: str,
    text_column: str,
    label_column: str | None,
    rating_column: str | None,
    doc_column: str | None,
) -> AnnotatedSentence:
    text = row.get(text_column)
    if text is not None and not isinstance(text, str):  # a JSON number, list, ...
        raise CorpusError(f"{path}, line {lineno}: the text in column {text_column!r} is {text!r}, not a string")
    if not text or _text._no_word(text):
        # (invisible characters alone, a zero-width space, are no text either: nothing to score)
        # a key that holds the text in other files (Pei & Jurgens' "finding", "sentence"): name the option
        named = [k for k in ("finding", "sentence", "Sentence", "text", "Text") if k != text_column
                 and isinstance(row.get(k), str) and row[k].strip()] if text is None else []
        hint = (f"; is the text in {named[0]!r}? pass text_column={named[0]!r} (on the command line "
                f"--text-column {named[0]})") if named else ""
        what = "missing or empty text" if not text or not text.strip() else f"no word in the text {text!r}"
        raise CorpusError(f"{path}, line {lineno}: {what} in column {text_column!r}{hint}")
    label = _as_label(row.get(label_column), path, lineno, label_column)
    rating = _as_rating(row.get(rating_column), path, lineno, rating_column)
    doc_id = None
    if doc_column is not None:
        doc = row.get(doc_column)
        # a missing value as for labels and ratings (R's NA, pandas' NaN); " d1" and "d1" are one document
        # (a JSON number: 3 and 3.0 are one document, as "3" is)
        doc = int(doc) if isinstance(doc, float) and doc.is_integer() else doc
        doc_id = None if _is_missing(doc) else str(doc).strip()
    used = {text_column, label_column, rating_column, doc_column}
    # the file's line is "line"; a column of that name ("hedgekit score --lines" writes one) is
    # "column:line", so that dict(meta)["line"] stays the file's
    if "line" in row and "column:line" in row and not {"line", "column:line"} & used:
        raise CorpusError(f"{path}, line {lineno}: both a 'line' and a 'column:line' column; hedgekit keeps the "
                          "file's line number as 'line' and a 'line' column as 'column:line', so one would be "
                          "lost: rename one of them")
    meta = [("line", lineno)] + [("column:line" if k == "line" else k, _freeze(v))
                                 for k, v in row.items() if k not in used]
    return AnnotatedSentence(
        text=text, label=label, rating=rating, doc_id=doc_id, source=source, meta=tuple(meta)
    )


_TSV_QUOTED = ("a cell looks quoted the CSV way (as pandas' to_csv(sep='\\t') and Excel write it); hedgekit reads "
               "TSV without quoting, so the quotes would stay in the text: write it with quoting=csv.QUOTE_NONE, "
               "or save it as CSV")


#: The header ``hedgekit score --format tsv`` writes (without or with ``--lines``): its cells escape
#: backslash, tab and the line breaks (see ``hedgekit.cli.DelimitedWriter``), undone when read back.
_SCORE_TSV_HEADERS = (["input", *SCORE_TABLE_COLUMNS], ["input", "line", *SCORE_TABLE_COLUMNS])
#: The keys every record of ``hedgekit score --format jsonl`` has (``--lines`` adds ``line``).
_SCORE_KEYS = frozenset(_SCORE_TSV_HEADERS[0])
_TSV_ESCAPE = re.compile(r"\\(?:([\\tnr])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))")
_TSV_CHAR = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _tsv_unescape(cell: str) -> str:
    if "\\" not in cell:
        return cell
    return _TSV_ESCAPE.sub(lambda m: _TSV_CHAR[m[1]] if m[1] else chr(int(m[2] or m[3], 16)), cell)


#: The ``csv`` module's field size limit while a table's row is read: Python's default (131,072
#: characters) refused a legitimate long cell; the largest value a C long takes on every platform.
_FIELD_LIMIT = 2**31 - 1


#: the tables being read (paused readers included), and the caller's limit before the first of them
_WIDE_LOCK = threading.Lock()
_wide_state: dict[str, int] = {"open": 0, "before": 0}


def _wide_rows(reader: Any) -> Iterator[list[str]]:
    """The rows of a ``csv.reader``, read under :data:`_FIELD_LIMIT`.

    The limit is the ``csv`` module's, one for the whole process: it is raised while any table is
    being read (by this thread or another, a paused reader too) and put back to the value it had
    before the first of them when the last one ends (read to its end, closed, or refused), so
    that reading tables leaves the caller's own ``csv`` use as it was. (Putting it back between
    rows let one thread's reader lower it under another's, which then refused a long cell.)
    """
    with _WIDE_LOCK:
        if _wide_state["open"] == 0:
            _wide_state["before"] = csv.field_size_limit(_FIELD_LIMIT)
        _wide_state["open"] += 1
    try:
        yield from reader
    finally:
        with _WIDE_LOCK:
            _wide_state["open"] -= 1
            if _wide_state["open"] == 0:
                csv.field_size_limit(_wide_state["before"])


def _read_delimited(
    path: PathLike,
    delimiter: str,
    fmt: str,
    text_column: str,
    label_column: str | None,
    rating_column: str | None,
    doc_column: str | None,
    encoding: str,
) -> Iterator[AnnotatedSentence]:
    path = Path(path)
    source = f"{fmt}/{path.name}"
    label_column, rating_column, named = _columns(label_column, rating_column, text_column, doc_column)
    encoding = _file_encoding(path, encoding)
    try:
        fh = open(path, encoding=encoding, newline="")
    except FileNotFoundError:
        raise CorpusNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None
    with fh:
        lines = _refuse_nul(path, fh, encoding)
        if delimiter == "\t":
            reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:  # strict: a stray quote is an error, not text that swallows the rows after it
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
        rows = _wide_rows(reader)
        first = 1
        try:
            header = next(rows, None)
            if header is None:
                raise CorpusError(f"{path}: empty file; a header row naming the columns is required")
            header = [h.strip() for h in header]
            shown = header if len(repr(header)) <= 300 else f"{repr(header)[:300]}..."  # (quoted in the errors below)
            if not any(header):
                raise CorpusError(f"{path}, line 1: the first line is blank; it must be the header row naming the "
                                  f"columns (e.g. {text_column!r} and 'label')")
            twice = sorted({h for h in header if h and header.count(h) > 1})
            if twice:
                raise CorpusError(f"{path}, line 1: the header names column {twice[0]!r} more than once "
                                  f"({shown}); column names must be unique")
            if text_column not in header:
                other = next((d for d in ",;\t|" if d != delimiter and len(header) == 1 and d in header[0]), None)
                raise CorpusError(
                    f"{path}, line 1: no text column {text_column!r} in the header {shown} "
                    "(a header row is required; name the column: text_column=..., on the command line --text-column)"
                    + (f"; the header is one field with {other!r} in it: is the file separated by {other!r}? "
                       f"hedgekit's CSV is comma-separated and its TSV tab-separated" if other else "")
                    + ("; its names are in quotes, which hedgekit's TSV does not take off (TSV has no quoting: "
                       "write the file without quotes, e.g. R's write.table(..., quote = FALSE), or as CSV)"
                       if delimiter == "\t" and f'"{text_column}"' in header else "")
                )
            for kind, name in named:  # a column named on purpose that the header lacks is a misspelling
                if name not in header:
                    raise CorpusError(f"{path}, line 1: no {kind} column {name!r} in the header {shown} (you named "
                                      f"it: {kind}_column=, on the command line --{kind}-column)")
            if label_column not in header and rating_column not in header:
                raise CorpusError(
                    f"{path}, line 1: {_label_or_rating('column', label_column, rating_column)} in the header {shown} "
                    "(name them: label_column= / rating_column=, on the command line --label-column / --rating-column)"
                )
            if doc_column is not None and doc_column not in header:
                raise CorpusError(f"{path}, line 1: no document column {doc_column!r} in the header {shown}")
            # unnamed columns (a spreadsheet's trailing empty ones, say) may be many: each is named by
            # its position, "column:3", so that meta keeps every cell
            unnamed = {i: f"column:{i}" for i, h in enumerate(header, start=1) if not h}
            taken = sorted(set(unnamed.values()) & set(header))
            if taken:
                raise CorpusError(f"{path}, line 1: the header names a column {taken[0]!r}, the name hedgekit gives "
                                  f"the unnamed column {taken[0][7:]} ({header}); name that column")
            header = [h or unnamed[i] for i, h in enumerate(header, start=1)]
            first = reader.line_num + 1  # the line a record starts on (a quoted cell may span lines)
            escaped = delimiter == "\t" and header in _SCORE_TSV_HEADERS
            # ``hedgekit score``'s own table (its CSV has the same header): a record it gave no score
            # (with --lines, an empty text: a blank input line) is no sentence
            score_table = header in _SCORE_TSV_HEADERS and text_column == "text"
            lines_table = header == _SCORE_TSV_HEADERS[1]
            at_text = header.index(text_column)
            at_label = header.index("label") if score_table else -1
            for row in rows:
                if not row or all(not cell.strip() for cell in row):
                    first = reader.line_num + 1
                    continue
                if score_table and len(row) == len(header) and _unscored_record(
                        _tsv_unescape(row[at_text]) if escaped else row[at_text], row[at_label], lines_table):
                    first = reader.line_num + 1
                    continue
                where = first if first == reader.line_num else f"{first}-{reader.line_num}"
                quoted = delimiter == "\t" and any(
                    len(c) > 1 and c[0] == '"' and (c[-1] != '"' or '""' in c) for c in row)
                if len(row) != len(header):
                    raise CorpusError(f"{path}, line {where}: {len(row)} fields, the header has {len(header)}"
                                      + (f"; {_TSV_QUOTED}" if quoted else ""))
                if quoted and any(c[-1:] == '"' and '""' in c for c in row if c[:1] == '"'):
                    raise CorpusError(f"{path}, line {where}: {_TSV_QUOTED}")
                if escaped:
                    row = [_tsv_unescape(c) for c in row]
                yield _record(
                    dict(zip(header, row)), path, first, source,
                    text_column, label_column, rating_column, doc_column,
                )  # fmt: skip
                first = reader.line_num + 1
        except UnicodeError as exc:
            raise CorpusError(_undecodable(path, encoding, exc)) from None
        except csv.Error as exc:
            hint = ("; a quoted cell must be quoted whole, with a quote inside it written twice (\"\")"
                    if fmt == "csv" else "")
            # the line the broken record starts on: a quote that does not close where it should takes
            # the lines after it in (up to the end of the file, or to a quote that then fails)
            start, detail = f"{first}", f"{exc}"
            if "unexpected end of data" in detail:  # a quote that never closes: say where it opened
                start = f"{first}-{reader.line_num} (a quoted cell opened on line {first} never closes)"
            elif reader.line_num > first:
                detail += f" (on line {reader.line_num}, in the record that starts on line {first})"
            raise CorpusError(f"{path}, line {start}: malformed {fmt.upper()}: {detail}{hint}") from None


def read_tsv(
    path: PathLike,
    *,
    text_column: str = "text",
    label_column: str | None = None,
    rating_column: str | None = None,
    doc_column: str | None = None,
    encoding: str = "utf-8-sig",
    **options: Any,
) -> Iterator[AnnotatedSentence]:
    """Yield the rows of a tab-separated file with a header row (no quoting: cells hold no tabs).

    See the module docstring for the label values; the other columns go to ``meta`` together with
    ``line``, the file's line (a column named ``line`` goes there as ``column:line``). source:
    ``"tsv/<file name>"``.

    A table that ``hedgekit score --format tsv`` wrote is read back as a corpus (its ``label``
    column corrected by hand, say) with its escapes undone; in one that ``score`` wrote (TSV or CSV),
    read through its ``text`` column, the records it gave no score are skipped: a list item's marker
    alone without a label and, with ``--lines``, blank input lines (a ``text`` of white space or
    invisible characters, or nothing). A row whose cells are all empty or white
    space is skipped in any file; in any other file, a row with an empty text but some other cell is
    an error.

    Raises:
        CorpusError: no header (or a blank first line) / missing columns (a ``label_column`` or
            ``rating_column`` given that the header lacks) / a column named twice (or named ``column:N``
            where the N-th column has no name), wrong field count, malformed quoting (names the line
            the record starts on), unknown label value, a rating that is not a plain decimal number,
            empty text, an unknown ``encoding``, or undecodable bytes or text that begins with NUL
            characters (UTF-16 read as UTF-8: :func:`_refuse_nul`; names the
            file and line).
    """
    return _read_delimited(path, "\t", "tsv", text_column, label_column, rating_column, doc_column, encoding)


def _label_or_rating(what: str, label: str | None, rating: str | None) -> str:
    """"neither a label column 'label' nor a rating column 'rating'", or the one of them that is read."""
    kinds = [f"a {kind} {what} {name!r}" for kind, name in (("label", label), ("rating", rating)) if name is not None]
    if not kinds:  # (both default names given to the text and document columns)
        return f"no label or rating {what} (the names 'label' and 'rating' are other columns')"
    return "neither " + " nor ".join(kinds) if len(kinds) == 2 else "no " + kinds[0][2:]


#: a ``label_column`` / ``rating_column`` value that reads no such column, not even the default
#: (``hedgekit train --rating-column`` trains on ratings and leaves a ``label`` column unread)
UNREAD = "\x00unread"


def _columns(label_column: str | None, rating_column: str | None,
             *others: str | None) -> tuple[str | None, str | None, list[tuple[str, str]]]:
    """The label and rating column names (``"label"``, ``"rating"`` when not given) and the ones
    given by name, as ``(kind, name)``: a named column must exist, a default one may be absent. A
    default whose name is given to another column (``others``: the text and document columns, or
    the other of the two, e.g. ``label_column="rating"``) is None, not read: one column is read as
    what it was named for only (its labels were refused as ratings that are no numbers); one given
    as :data:`UNREAD` is None too."""
    named = [(kind, name) for kind, name in (("label", label_column), ("rating", rating_column))
             if name is not None and name != UNREAD]
    taken = {*others, label_column, rating_column}
    return (None if label_column == UNREAD else label_column if label_column is not None
            else None if "label" in taken else "label",
            None if rating_column == UNREAD else rating_column if rating_column is not None
            else None if "rating" in taken else "rating", named)


def read_csv(
    path: PathLike,
    *,
    text_column: str = "text",
    label_column: str | None = None,
    rating_column: str | None = None,
    doc_column: str | None = None,
    encoding: str = "utf-8-sig",
    **options: Any,
) -> Iterator[AnnotatedSentence]:
    """Yield the rows of a CSV file (standard ``csv`` quoting) with a header row.

    Same columns and errors as :func:`read_tsv`; source: ``"csv/<file name>"``. A cell may be of any
    length (reading raises the ``csv`` module's process-wide field size limit to 2**31 - 1).
    """
    return _read_delimited(path, ",", "csv", text_column, label_column, rating_column, doc_column, encoding)


def _misspelt_keys(path: Path, lineno: int, obj: dict[str, Any], label_column: str | None,
                   rating_column: str | None) -> None:
    """Refuse a first record that has neither the label nor the rating key but one spelt almost like
    it ("lable") whose value reads as a label (or a rating): a misspelt name, which would otherwise be
    found only after the whole file. A look-alike of another kind ("labeler": "ann") is not one."""
    import difflib

    if label_column in obj or rating_column in obj:
        return
    others = [k for k in obj if k not in (label_column, rating_column)]
    for name, option, flag, reads in ((label_column, "label_column", "--label-column", _as_label),
                                      (rating_column, "rating_column", "--rating-column", _as_rating)):
        if name is None:  # (a default left unread: its name is another column's)
            continue
        for close in difflib.get_close_matches(name, others, n=3, cutoff=0.75):
            try:
                if reads(obj[close], path, lineno, close) is None:
                    continue
            except CorpusError:
                continue
            raise CorpusError(f"{path}, line {lineno}: no key {name!r} but {close!r}: misspelt? (name the key: "
                              f"{option}={close!r}, on the command line {flag} {close!r})")


def read_jsonl(
    path: PathLike,
    *,
    text_column: str = "text",
    label_column: str | None = None,
    rating_column: str | None = None,
    doc_column: str | None = None,
    encoding: str = "utf-8-sig",
    **options: Any,
) -> Iterator[AnnotatedSentence]:
    """Yield the records of a JSON Lines file (one object per line; blank lines skipped).

    Keys are the column names; a label may also be a JSON boolean or 0/1. Other keys go to
    ``meta`` with ``line``, the file's line (a key ``line`` as ``column:line``). source:
    ``"jsonl/<file name>"``. In a file that ``hedgekit score -f jsonl`` wrote (records with its
    keys), read through its ``text`` key, the records it gave no score are skipped: a list item's
    marker alone with a null label and, with ``--lines``, blank input lines (a ``text`` of white space
    or invisible characters, or nothing); in any other file an empty text is an error.

    Raises:
        CorpusError: malformed JSON or non-object line, JSON that ``json`` cannot read (a number of
            more than 4,300 digits, values nested hundreds deep), a key given twice in one object, unknown
            label value, a rating that is not a plain decimal number, empty text, an unknown
            ``encoding``, or undecodable bytes or text that begins with NUL characters (UTF-16 read
            as UTF-8: :func:`_refuse_nul`; names the file and line, and the
            key given twice); at the first record, when it
            has neither the label nor the rating key but one spelt almost like it ("lable") holding
            a label (or a rating); after the last record, when
            no record had the label or the rating key, or ``doc_column``, ``label_column`` or
            ``rating_column`` is given and no record had it (a misspelt name).
    """
    path = Path(path)
    source = f"jsonl/{path.name}"
    label_column, rating_column, named = _columns(label_column, rating_column, text_column, doc_column)
    seen: set[str] = set()  # the named keys some record has: a misspelt name matches none
    records = 0
    for lineno, obj in _json_lines(path, encoding):
        if text_column == "text" and _SCORE_KEYS <= obj.keys() and isinstance(obj["text"], str) \
                and _unscored_record(obj["text"], "" if obj["label"] is None else obj["label"], "line" in obj):
            continue  # a record ``hedgekit score`` gave no score: a blank --lines line's, a marker alone
        seen.update(k for k in (label_column, rating_column, doc_column) if k is not None and k in obj)
        if not records:  # the first record stands for a header: a misspelt key fails here, not after the file
            _misspelt_keys(path, lineno, obj, label_column, rating_column)
        records += 1
        yield _record(obj, path, lineno, source, text_column, label_column, rating_column, doc_column)
    for kind, name in named:  # a key named on purpose that no record has is a misspelling
        if records and name not in seen:
            raise CorpusError(f"{path}: no record has the {kind} key {name!r} (you named it: {kind}_column=, on the "
                              f"command line --{kind}-column)")
    if records and label_column not in seen and rating_column not in seen:
        raise CorpusError(f"{path}: {_label_or_rating('key', label_column, rating_column)} in any record "
                          f"(name them: label_column= / rating_column=, on the command line --label-column / "
                          f"--rating-column)")
    if records and doc_column is not None and doc_column not in seen:
        raise CorpusError(f"{path}: no record has the document key {doc_column!r}")


# ------------------------------------------------------------------------------ registry, inference

#: Format name -> reader function ``reader(path, **options) -> Iterator[AnnotatedSentence]``.
READERS: dict[str, Reader] = {
    "bioscope": read_bioscope,
    "szeged": read_szeged,
    "conll-wiki": read_conll_wiki,
    "pei-jurgens": read_pei_jurgens,
    "sfu": read_sfu,
    "unsc": read_unsc,
    "tsv": read_tsv,
    "csv": read_csv,
    "jsonl": read_jsonl,
}

#: hedgekit's own readers: each takes ``**options`` only to ignore the options of the others.
_BUILTIN_READERS: tuple[Reader, ...] = tuple(READERS.values())


def _option_names(func: Reader) -> set[str] | None:
    """The keyword options a reader names; ``None`` when it takes any keyword (a registered reader
    with ``**kwargs``, whose options cannot be known)."""
    try:
        params = list(inspect.signature(func).parameters.values())[1:]  # after the path
    except (TypeError, ValueError):  # a builtin or C callable without a signature
        return None
    if func not in _BUILTIN_READERS and any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}


def check_reader_options(options: Iterable[str]) -> None:
    """Refuse an option that no reader takes (a misspelt ``txt_column=`` would otherwise be ignored).

    Every reader gets every option and ignores those it does not use, so an option counts as known
    when any registered reader names it; with a registered reader that takes any keyword nothing is
    refused.

    Raises:
        ArgumentError: an option no reader takes; the message lists those they take.
    """
    given = set(options)
    if not given:
        return
    known: set[str] = set()
    for func in READERS.values():
        names = _option_names(func)
        if names is None:
            return
        known |= names
    unknown = sorted(given - known)
    if unknown:
        raise ArgumentError(f"unknown corpus reader option(s) {unknown}; the readers take {sorted(known)}")


#: Format name -> file name endings a folder walk with an explicit ``format=`` picks up.
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "bioscope": (".xml",),
    "szeged": (".xml",),
    "sfu": (".xml",),
    "conll-wiki": (".txt",),
    "pei-jurgens": (".jsonl",),
    "unsc": (".json",),
    "tsv": (".tsv",),
    "csv": (".csv",),
    "jsonl": (".jsonl",),
}


def register_reader(
    name: str, func: Reader, *, extensions: Iterable[str] = (), replace: bool = False
) -> None:
    """Register ``func`` as the reader of format ``name`` (usable as ``load_corpus(..., format=name)``).

    ``func(path, **options)`` must yield :class:`AnnotatedSentence`\\ s; it is given every option
    :func:`load_corpus` is given, those of the other readers too. A reader that takes ``**options``
    turns :func:`check_reader_options` off while it is registered (which options it uses cannot be
    known); one that names its keyword options instead adds them to those known. ``extensions`` (e.g.
    ``(".xml",)``) are the file endings picked up when a folder is loaded with ``format=name``; with
    none, every non-hidden file of the folder is. Inference never picks a registered format.

    Raises:
        ValueError: ``name`` is already registered and ``replace`` is false.
        TypeError: ``name`` is not a non-empty string or ``func`` is not callable.
    """
    if not isinstance(name, str) or not name:
        raise InputTypeError("register_reader(): name must be a non-empty str")
    if not callable(func):
        raise InputTypeError("register_reader(): func must be callable")
    if name in READERS and not replace:
        raise ArgumentError(f"a reader for format {name!r} is already registered (pass replace=True)")
    READERS[name] = func
    exts = tuple(e if e.startswith(".") else "." + e for e in extensions)
    if exts:
        _EXTENSIONS[name] = exts
    else:
        _EXTENSIONS.pop(name, None)


def _known() -> str:
    return ", ".join(repr(k) for k in sorted(READERS))


_PEEK = 65536
_SUBSET_OR_END = re.compile(rb"[\[>]")
_SPACE = b" \t\r\n"
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _peek(path: Path) -> bytes:
    """The file's first bytes, as UTF-8 when it starts with a UTF-16 or UTF-32 byte-order mark (an
    XML file saved as "Unicode" is still recognised)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_PEEK)
        for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                body = head[len(bom):]
                body = body[:len(body) - len(body) % (4 if "32" in enc else 2)]  # whole code units only
                return body.decode(enc, errors="ignore").encode("utf-8")
        return head
    except FileNotFoundError:
        raise CorpusNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None


def _doctype_end(head: bytes, i: int) -> int:
    """Where the DOCTYPE declaration whose name starts at ``head[i]`` ends (``len(head)`` if it does
    not end): at its ``>``, or after an internal subset ``[...]`` at the first ``]`` followed by ``>``."""
    n = len(head)
    m = _SUBSET_OR_END.search(head, i)
    if m is None:
        return n
    if m.group() == b">":
        return m.end()
    j = m.end()
    while True:
        k = head.find(b"]", j)
        if k < 0:
            return n
        j = k + 1
        while j < n and head[j] in _SPACE:
            j += 1
        if head[j : j + 1] == b">":
            return j + 1


def _strip_declarations(head: bytes) -> bytes:
    """``head`` without its comments and DOCTYPE declarations (an unclosed one runs to the end).

    One left-to-right pass with ``find``: linear in ``len(head)`` whatever the content (the regular
    expressions ``<!--.*?-->`` and ``<!DOCTYPE...\\[.*?\\]>`` rescan the rest of the input from every
    unclosed opener, which a hostile file of ``<!--<!--<!--...`` makes quadratic: seconds per file).
    """
    out: list[bytes] = []
    pos, n = 0, len(head)
    while pos < n:
        lt = head.find(b"<!", pos)
        if lt < 0:
            out.append(head[pos:])
            break
        out.append(head[pos:lt])
        if head.startswith(b"<!--", lt):
            end = head.find(b"-->", lt + 4)
            pos = n if end < 0 else end + 3
        elif head.startswith(b"<!DOCTYPE", lt):
            pos = _doctype_end(head, lt + 9)
        else:
            out.append(b"<!")
            pos = lt + 2
    return b"".join(out)


def _sniff_xml(head: bytes) -> str | None:
    body = _strip_declarations(head)
    m = _FIRST_TAG.search(body)
    if m is None:
        return None
    root = m.group(1)
    if root == b"DOCUMENT":
        return "sfu"
    if root == b"Annotation":
        # (Szeged's own DTD names its sentences <sentence>, as BioScope does: the DOCTYPE tells first)
        if (re.search(rb"<(?:Sentence|ccue)\b", body) or b"Uncertainty.dtd" in head
                or re.search(rb"<sentence\b[^>]*\scertainty\s*=", body)):  # (the CoNLL-2010 layout)
            return "szeged"
        if re.search(rb"<sentence\b", body):
            return "bioscope"
        if b"BioScope" in head:
            return "bioscope"
    return None


def _sniff_jsonl(head: bytes) -> str:
    for raw in head.splitlines():
        if raw.strip():
            try:
                obj = json.loads(raw.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                return "jsonl"  # the reader will report the bad line
            # a user's file may call its text "finding", and even rate it, too: Pei & Jurgens records
            # carry their ratings and nothing but the corpus's own keys (a "label" would be dropped)
            pj = isinstance(obj, dict) and "finding" in obj and obj.keys() <= _PEI_JURGENS_KEYS and (
                "sentence-level-certainty" in obj or "aspect-level-certainty" in obj)
            return "pei-jurgens" if pj else "jsonl"
    return "jsonl"


def _infer(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".txt"):
        return "conll-wiki" if _LABEL_WORD.search(name) else None
    if "." not in name:  # (a name without an ending: its first bytes tell)
        return _sniff_content(path)
    if name.endswith(".xml"):
        return _sniff_xml(_peek(path))
    if name.endswith(".jsonl"):
        return _sniff_jsonl(_peek(path))
    if name.endswith(".json"):
        return "unsc" if _sniff_content(path) == "unsc" else None
    return None


def _check_not_empty(path: PathLike) -> None:
    if os.fspath(path) == "":  # Path("") would read the current directory, folders below it included
        raise CorpusError("an empty corpus path; name a corpus file or folder ('.' for this one)")


def infer_format(path: PathLike) -> str:
    """Return the format name of the corpus file or folder ``path``.

    Files: ``.tsv``/``.csv`` -> user formats; ``.txt`` with ``certain``/``uncertain`` in the name ->
    ``conll-wiki``; XML whose root is ``Annotation`` with ``sentence`` -> ``bioscope``, with
    ``Sentence``/``ccue`` -> ``szeged``, root ``DOCUMENT`` -> ``sfu``; a JSON array with
    ``Review_id`` -> ``unsc``; JSONL whose first record has ``finding``, a Pei & Jurgens
    certainty key and no key but the corpus's own (``id``, ``finding``, ``split``,
    ``sentence-level-certainty``, ``aspect-level-certainty``: a ``label`` makes it a user's file)
    -> ``pei-jurgens``, other ``.jsonl`` -> ``jsonl``. Files without an extension are sniffed by
    their first character. A folder gets the format of its files when they all agree.

    Raises:
        CorpusNotFoundError: ``path`` does not exist.
        CorpusError: the format cannot be told (the message lists the ``format=`` values), or
            ``path`` is empty, or neither a regular file nor a folder (a pipe).
    """
    _check_not_empty(path)
    p = Path(path)
    if not p.exists():
        raise CorpusNotFoundError(f"{p}: no such file or folder")
    _check_regular(p)
    if p.is_dir():
        formats = {fmt for _, fmt in _folder_files(p, None)}
        if len(formats) == 1:
            return formats.pop()
        what = "files of several formats" if formats else "no file of a recognisable format"
        raise CorpusError(f"{p}: cannot infer one format: the folder has {what}; pass format= (--format on the "
                          f"command line), one of {_known()}")
    fmt = _infer(p)
    if fmt is None:
        _refuse_compressed(p)
        raise CorpusError(f"{p}: cannot infer the corpus format; pass format= (--format on the command line), one of "
                          f"{_known()}")
    return fmt


def _check_regular(p: Path) -> None:
    """Refuse a path that is neither a regular file nor a folder: a corpus file is opened more than
    once (its format, its encoding, then its text), which a pipe cannot give (it read as empty).

    Raises:
        CorpusError: ``p`` is a pipe, a device or a socket.
    """
    if not p.is_file() and not p.is_dir():
        raise CorpusError(f"{p}: not a regular file or a folder (a pipe, such as <(zcat ...), or a device?); a "
                          "corpus is read more than once, to tell its format and encoding and then its text: save "
                          "it to a file first")


def _read_files(path: PathLike, fmt: str | None) -> list[Path]:
    """The files :func:`load_corpus` reads at ``path`` with format ``fmt``: the file itself, or a
    folder's :func:`_folder_files` (without repeating its warnings about skipped files); ``[]``
    when ``path`` is neither."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [f for f, _ in _folder_files(p, fmt)]


def _walk(folder: Path) -> Iterator[Path]:
    """The files below ``folder`` in sorted path order (depth first, the entries of each folder
    sorted by name), hidden ones (a name starting with ``.``) and those in hidden folders skipped.
    A symbolic link to a folder is followed, but each real folder is walked once: at the first path
    that reaches it, so that a link to a folder already walked (or to one of its own ancestors, a
    loop) adds nothing. Links to files are yielded as they are (:func:`_folder_files` reads each real
    file once).

    Raises:
        CorpusError: a folder that cannot be listed (names it).
    """
    walked = {os.path.realpath(folder)}
    stack: list[Iterator[Path]] = []

    def listing(d: Path) -> Iterator[Path]:
        try:
            return iter(sorted(d.iterdir(), key=lambda q: q.name))
        except OSError as exc:
            raise CorpusError(f"{d}: cannot read the folder: {exc}") from None

    stack.append(listing(folder))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir():  # (a link to a folder too)
            real = os.path.realpath(entry)
            if real not in walked:
                walked.add(real)
                stack.append(listing(entry))
        elif entry.is_file():  # (a link to a file too; a broken link is neither)
            yield entry


def _warn_compressed_skipped(f: Path) -> None:
    warnings.warn(f"{f}: skipped, a compressed file (the readers read text); decompress it to read it",
                  UserWarning, stacklevel=4)


def _folder_files(folder: Path, fmt: str | None) -> list[tuple[Path, str]]:
    """The files of ``folder`` to read, with formats: those of :func:`_walk` (recursive, sorted,
    hidden ones skipped, links to folders followed), each real file once: a link to a file that
    is read anyway (a copy of it under another name) is read at its first path in sorted order."""
    out: list[tuple[Path, str]] = []
    read: set[str] = set()
    for f in _walk(folder):
        if fmt is None:
            found = _infer(f)
            if found is None:
                if f.suffix.lower() in (".xml", ".json", ".jsonl"):  # data, not a README or DTD: say so
                    warnings.warn(f"{f}: skipped, not recognised as a corpus format; pass format= (--format on "
                                  f"the command line) to read it", UserWarning, stacklevel=3)
                elif f.suffix.lower() in _COMPRESSED_SUFFIXES:
                    _warn_compressed_skipped(f)
                continue
        else:
            exts = _EXTENSIONS.get(fmt)
            if exts is not None and not f.name.lower().endswith(exts):
                if f.suffix.lower() in _COMPRESSED_SUFFIXES:
                    _warn_compressed_skipped(f)
                continue
            found = fmt
        real = os.path.realpath(f)
        if real not in read:
            read.add(real)
            out.append((f, found))
    return out


def load_corpus(path: PathLike, format: str | None = None, **options: Any) -> Iterator[AnnotatedSentence]:
    """Read the corpus file or folder at ``path`` and yield one :class:`AnnotatedSentence` per sentence.

    ``format`` is one of :data:`READERS` (``bioscope``, ``szeged``, ``conll-wiki``,
    ``pei-jurgens``, ``sfu``, ``unsc``, ``tsv``, ``csv``, ``jsonl`` or a registered one); by default
    it is inferred (see :func:`infer_format`). A folder is read file by file, recursively, in
    sorted path order: with ``format=None`` every file of a recognisable format (others, such as
    README or DTD files, are skipped; a skipped ``.xml``, ``.json`` or ``.jsonl`` file is warned
    about, ``UserWarning``), with ``format=`` every file with that format's extension. Hidden files
    and folders (a name starting with ``.``) are skipped. Symbolic links are followed, to folders
    too, but each real file is read once: a file that several paths reach (a link to a file or
    folder of the corpus, a link to an ancestor folder, which would loop) is read at the path that
    comes first in sorted order, whose name it then has in ``source``.
    ``options`` are passed to every reader (e.g. ``text_column=`` for tsv/csv/jsonl, ``label=``
    for conll-wiki); readers ignore options they do not use, but an option that no reader takes
    (a misspelling) is refused (:func:`check_reader_options`). A Pei & Jurgens file whose format is
    inferred is read as ``jsonl`` when ``options`` name columns (:func:`read_as`: its ``finding``
    and ``sentence-level-certainty`` the default text and rating columns), so the columns named
    are read.

    The path and format are checked at once; the files themselves are read lazily, so errors in
    their content are raised during iteration.

    Raises:
        InputTypeError: ``path`` is not a str or path-like object.
        ArgumentError: an option that no reader takes.
        CorpusNotFoundError: ``path`` does not exist (also a ``FileNotFoundError``).
        CorpusError: unknown ``format`` (the message lists the known ones), an empty ``path``, a
            path that is neither a regular file nor a folder (a pipe), a format that cannot be inferred, a folder with no readable file or a (sub)folder that
            cannot be listed, and, during iteration,
            any malformed, unsafe or wrongly encoded file (the message names the file and line or
            element).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"load_corpus() expects a path (str or os.PathLike), got {type(path).__name__}")
    if format is not None and format not in READERS:
        raise CorpusError(f"unknown corpus format {format!r}; known formats: {_known()}")
    check_reader_options(options)
    _check_not_empty(path)
    p = Path(path)
    if not p.exists():
        raise CorpusNotFoundError(f"{p}: no such file or folder")
    _check_regular(p)
    if p.is_dir():
        jobs = _folder_files(p, format)
        if not jobs:
            raise CorpusError(
                f"{p}: no file of a recognisable format in this folder"
                + (f" for format {format!r}" if format else f"; pass format= (--format on the command line), one of {_known()}")
            )
    else:
        jobs = [(p, format if format is not None else infer_format(p))]
    return _chain(jobs, options, forced=format is not None)


#: the options that name a table's columns (tsv, csv, jsonl)
COLUMN_OPTIONS: tuple[str, ...] = ("text_column", "label_column", "rating_column", "doc_column")


def read_as(fmt: str, options: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """``(format, options)`` a file whose format was inferred as ``fmt`` is read with: a Pei & Jurgens
    file (told by its keys) for which ``options`` name columns is read as ``jsonl``, its ``finding``
    and ``sentence-level-certainty`` the text and rating columns unless named otherwise, so that the
    columns named are read ("--doc-column id" groups its findings by paper) rather than ignored."""
    if fmt == "pei-jurgens" and any(k in options for k in COLUMN_OPTIONS):
        return "jsonl", {"text_column": "finding", "rating_column": "sentence-level-certainty", **options}
    return fmt, dict(options)


def _chain(jobs: list[tuple[Path, str]], options: dict[str, Any], forced: bool = False) -> Iterator[AnnotatedSentence]:
    """The sentences of each ``(file, format)`` of ``jobs`` in turn; with ``forced`` (the caller named
    the format), a file's error says which format the file looks like, when that is another."""
    for f, fmt in jobs:
        fmt, opts = (fmt, options) if forced else read_as(fmt, options)
        builtin = READERS[fmt] in _BUILTIN_READERS
        if builtin:  # (a registered reader may read compressed files itself)
            _refuse_compressed(f)
        read = 0
        try:
            for sentence in READERS[fmt](f, **opts):
                read += 1
                yield sentence
        except CorpusError as e:
            # (only where the file's first bytes, not its name, show another format, and the reader
            # failed before its first sentence: a CSV's bad row 4 is no sign of another format)
            guess = _sniff_content(f) if forced and builtin and not read else None
            if guess is None or guess == fmt or "it looks like" in str(e) or type(e) is not CorpusError:
                raise
            raise CorpusError(f"{e} (read as format={fmt!r}; the file looks like {guess}: format={guess!r}, or let "
                              "the format be inferred)") from None


def _sniff_content(path: Path) -> str | None:
    """The built-in format the file's first bytes show (XML of a known corpus, JSON Lines, a UNSC
    array); ``None`` where they show none (tables and sentence lists look alike: only names tell)."""
    head = _peek(path)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"<":
        return _sniff_xml(head)
    if first == b"{":
        return _sniff_jsonl(head)
    if first == b"[" and b'"Review_id"' in head:
        return "unsc"
    return None


#: what compressed files start with -> the compression's name
_COMPRESSION_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"PK\x03\x04", "zip"),
    (b"\x28\xb5\x2f\xfd", "zstd"))
#: the compression's name -> the command that decompresses a file of it
_DECOMPRESS = {"gzip": "gunzip", "bzip2": "bunzip2", "xz": "unxz", "zip": "unzip", "zstd": "unzstd"}
#: the compression's name -> the suffix its decompressing command expects
_SUFFIX = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz", "zip": ".zip", "zstd": ".zst"}
#: names that compressed files end with
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zip", ".zst")


def _compression(path: Path) -> str | None:
    """The name of the compression the file at ``path`` is in (by its first bytes), or ``None``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return None
    return next((name for magic, name in _COMPRESSION_MAGIC if head.startswith(magic)), None)


def _refuse_compressed(path: Path) -> None:
    """Refuse a compressed file: the readers read text (a gzip file was "not valid utf-8-sig text
    (wrong encoding?)", with advice to name another encoding, which read its bytes as a header).

    Raises:
        CorpusError: the file is gzip, bzip2, xz, zip or zstd data.
    """
    kind = _compression(path)
    if kind == "zip" and path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".docx", ".odt"):
        raise CorpusError(f"{path}: a spreadsheet or word-processor file, not text; save or export it as CSV or TSV "
                          "(a header row with a text and a label column) and read that")
    if kind is not None:
        cmd, name = _DECOMPRESS[kind], shlex.quote(path.name)
        # (gunzip, bunzip2, unxz and unzstd refuse a file whose name lacks their suffix: -c then)
        # (their suffix in lower case: unxz, bunzip2 and unzstd take no ".XZ"; gunzip takes ".GZ")
        own = path.suffix == _SUFFIX[kind] or kind == "gzip" and path.suffix.lower() == ".gz"
        how = (f"{cmd} {name}" if kind == "zip" else f"{cmd} -k {name}" if own
               else f"{cmd} -c {name} > {shlex.quote(path.stem + '.decompressed' + path.suffix)}")
        raise CorpusError(f"{path}: {kind}-compressed, not text; decompress it first (e.g. {how}) and read the file "
                          "it gives")
