"""How well :func:`hedgekit.split_sentences` finds the sentence boundaries of the annotated corpora.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED; under a minute)::

    python -m benchmarks.splitting        # writes benchmarks/results/splitting.{json,md}

Each document of a corpus (BioScope abstracts and papers, the Szeged Wikipedia, biological and
FactBank news documents, SFU reviews) is rebuilt as one text, its annotated sentences joined by a
single space, and split again. A boundary is where a sentence of the corpus ends; the splitter's
boundaries are the ends of its sentences. Reported per corpus: precision and recall of the
boundaries, and recall over the boundaries the splitter can see, those after a sentence that ends
with ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets): a corpus sentence without
final punctuation (a title, a list item) joined to the next by a space leaves no trace in the text.

The texts are not the originals: line breaks and paragraph breaks are gone, so the numbers are a
floor for text that keeps them. Two layouts put line breaks back: the same texts hard-wrapped at
60, 72 and 80 columns (where a line break is no boundary, so any boundary beyond the unwrapped
text's is a mistake of the line rules), and the sentences without a final mark on lines of their
own (:func:`join`), as titles, headings and list items stand in a plain-text file, on one line per
paragraph and hard-wrapped. Both are also wrapped as ``fmt`` wraps (:func:`balanced_wrap`), whose
lines may end before a word that would have fitted, as lines broken by hand do.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks import corpus_suite_main
from hedgekit.readers import load_corpus
from hedgekit.text import split_sentences

COMMAND = "python -m benchmarks.splitting"

#: name -> (path under the corpora folder, reader format)
CORPORA: dict[str, tuple[str, str]] = {
    "bioscope": ("bioscope", "bioscope"),
    "szeged-wiki": ("szeged-uncertainty/wiki.conll2010-train-docs.xml", "szeged"),
    "szeged-bio": ("szeged-uncertainty/bio_fly.conll2010-train-docs.xml", "szeged"),
    "factbank": ("szeged-uncertainty/factbank.xml", "szeged"),
    "sfu": ("sfu-review", "sfu"),
}

_VISIBLE_END = re.compile(r"[.!?…]['\"”’)\]»]*\Z")


def documents(sentences: Iterable[Any]) -> list[list[str]]:
    """The sentence texts of each document (``doc_id``), in corpus order, white space trimmed;
    sentences without a document are one document each."""
    docs: dict[Any, list[str]] = defaultdict(list)
    for i, s in enumerate(sentences):
        text = s.text.strip()
        if text:
            docs[s.doc_id if s.doc_id is not None else ("#", i)].append(text)
    return list(docs.values())


#: the widths the documents are also hard-wrapped at (:func:`wrap`)
WRAP_WIDTHS: tuple[int, ...] = (60, 72, 80)
#: ... and wrapped at as ``fmt`` does (:func:`balanced_wrap`; a narrow column too)
BALANCED_WIDTHS: tuple[int, ...] = (45, 60, 72)


def wrap(text: str, width: int) -> str:
    """``text`` hard-wrapped at ``width`` columns by turning spaces into line breaks (greedily, as an
    editor's fill does; a word longer than ``width`` gets a line of its own), so that every offset
    stays where it was."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i, c in enumerate(chars):
        if c == "\n":
            line_start, last_space = i + 1, -1
        elif c == " ":
            if i - line_start >= width and last_space >= line_start:
                chars[last_space] = "\n"
                line_start = last_space + 1
            last_space = i
        elif i - line_start >= width and last_space >= line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def balanced_wrap(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` columns as GNU ``fmt`` and TeX wrap a paragraph: the breaks
    (spaces turned into line breaks, every offset kept) that minimise the sum of the squared room
    left on each line but the last, so that a line may break early to even out the next ones
    (:func:`wrap` breaks only where the next word does not fit). Each line of ``text`` is wrapped
    on its own; a word longer than ``width`` gets a line of its own."""
    out = list(text)
    at = 0
    for line in text.split("\n"):
        words = [(m.start(), m.end()) for m in re.finditer(r"[^ ]+", line)]
        n = len(words)
        cost = [0.0] + [math.inf] * n  # cost[i]: the best cost of the first i words, line ends after word i
        back = [0] * (n + 1)
        for j in range(1, n + 1):  # a line holding words i..j-1
            for i in range(j - 1, -1, -1):
                length = words[j - 1][1] - words[i][0]
                if length > width and i < j - 1:
                    break
                slack = 0.0 if j == n else float(max(width - length, 0)) ** 2
                if cost[i] + slack < cost[j]:
                    cost[j], back[j] = cost[i] + slack, i
        j = n
        while j > 0:
            i = back[j]
            if i > 0:
                out[at + words[i][0] - 1] = "\n"  # the space before the line's first word
            j = i
        at += len(line) + 1
    return "".join(out)


def join(sents: Sequence[str], own_lines: bool = False) -> str:
    """A document's sentences joined by single spaces; with ``own_lines``, a sentence without a
    visible final mark (a title, a heading, a list item) on a line of its own: line breaks instead
    of the spaces on either side of it."""
    if not own_lines:
        return " ".join(sents)
    parts: list[str] = []
    prev_own = False
    for t in sents:
        own = not _VISIBLE_END.search(t)
        if parts:
            parts.append("\n" if own or prev_own else " ")
        parts.append(t)
        prev_own = own
    return "".join(parts)


def score_documents(docs: Sequence[Sequence[str]], width: int | None = None, own_lines: bool = False,
                    balanced: bool = False) -> dict[str, Any]:
    """Boundary counts and rates of :func:`split_sentences` on the documents, each joined by spaces
    (and hard-wrapped at ``width`` columns with :func:`wrap`, or :func:`balanced_wrap` with
    ``balanced``, when given; with ``own_lines``, the sentences without a final mark on lines of
    their own: :func:`join`)."""
    tp = fp = fn = visible = visible_found = 0
    for sents in docs:
        text = join(sents, own_lines)
        if width is not None:
            text = balanced_wrap(text, width) if balanced else wrap(text, width)
        gold: dict[int, bool] = {}  # end offset -> whether the sentence ends with visible punctuation
        at = 0
        for t in sents:
            at += len(t)
            gold[at] = bool(_VISIBLE_END.search(t))
            at += 1
        found = {b for _, b in split_sentences(text)}
        tp += len(found & gold.keys())
        fp += len(found - gold.keys())
        fn += len(gold.keys() - found)
        visible += sum(gold.values())
        visible_found += sum(1 for b, v in gold.items() if v and b in found)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    unmarked = tp + fn - visible
    return {"documents": len(docs), "boundaries": tp + fn, "found": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "visible_boundaries": visible,
            "visible_recall": round(visible_found / visible, 4) if visible else 0.0,
            "unmarked_recall": round((tp - visible_found) / unmarked, 4) if unmarked else 0.0}


def run(corpora: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"corpora": {}, "wrapped": {}, "own_lines": {}, "balanced": {}}
    for name, (rel, fmt) in CORPORA.items():
        docs = documents(load_corpus(Path(corpora) / rel, format=fmt))
        out["corpora"][name] = score_documents(docs)
        out["wrapped"][name] = {str(w): score_documents(docs, w) for w in WRAP_WIDTHS}
        out["own_lines"][name] = {str(w): score_documents(docs, w or None, own_lines=True) for w in (0, *WRAP_WIDTHS)}
        out["balanced"][name] = {f"{layout} {w}": score_documents(docs, w, own_lines=layout == "own-lines", balanced=True)
                                 for layout in ("joined", "own-lines") for w in BALANCED_WIDTHS}
    return out


def render(res: Mapping[str, Any]) -> str:
    from hedgekit import benchmark as B

    lines = B.stamp_header("Sentence splitting on the corpora's documents", res) + [
        "Each document's annotated sentences joined by one space and split again with "
        "`hedgekit.split_sentences` (see `benchmarks/splitting.py`). *visible*: the boundaries after a "
        "sentence ending in `.`, `!`, `?` or `…` (the others, titles and list items, leave no trace once "
        "joined by a space).", "",
        "| corpus | documents | boundaries | precision | recall | F1 | visible boundaries | recall of the visible |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in res["corpora"].items():
        lines.append(f"| {name} | {r['documents']:,} | {r['boundaries']:,} | {r['precision']:.4f} | {r['recall']:.4f} "
                     f"| {r['f1']:.4f} | {r['visible_boundaries']:,} | {r['visible_recall']:.4f} |")
    if res.get("wrapped"):
        widths = list(next(iter(res["wrapped"].values())))
        lines += ["", "## Hard-wrapped", "",
                  "The same documents hard-wrapped at " + ", ".join(widths) + " columns (`wrap`: spaces turned into "
                  "line breaks, the offsets unchanged), as plain-text files and e-mails are: a line break is no "
                  "boundary unless a rule makes it one (a list item, a heading: `hedgekit.text._heading`), so "
                  "*found - boundaries* beyond the unwrapped text's are the line rules' mistakes.", "",
                  "| corpus | width | precision | recall | F1 | false boundaries (unwrapped) |", "|---|---|---|---|---|---|"]
        for name, by_width in res["wrapped"].items():
            for w, r in by_width.items():
                lines.append(f"| {name} | {w} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
                             f"{r['fp']:,} ({res['corpora'][name]['fp']:,}) |")
    if res.get("own_lines"):
        lines += ["", "## Titles on lines of their own", "",
                  "The same documents with each sentence that has no final mark (a title, a heading, a list item) "
                  "on a line of its own, as in a plain-text file (`join`: line breaks instead of the spaces "
                  "around it), the rest joined by spaces; on one line per paragraph (width -) or hard-wrapped as "
                  "above. *unmarked*: the boundaries after those sentences, which the line rules find or a "
                  "document's end does (the last sentence of a document: 13 of BioScope's 394, 46 of Szeged "
                  "Wikipedia's 2,402, 9 of FactBank's 99, 79 of SFU's 1,875); most are titles and section headings, "
                  "and 78 of BioScope's are clauses that end in `;` or `:`, most of them before a sentence in lower "
                  "case, which the splitter leaves joined. "
                  "*false boundaries*: found where no sentence ends.", "",
                  "| corpus | width | precision | recall | F1 | unmarked boundaries | recall of the unmarked "
                  "| false boundaries |", "|---|---|---|---|---|---|---|---|"]
        for name, by_width in res["own_lines"].items():
            for w, r in by_width.items():
                unmarked = r["boundaries"] - r["visible_boundaries"]
                lines.append(f"| {name} | {w if w != '0' else '-'} | {r['precision']:.4f} | {r['recall']:.4f} | "
                             f"{r['f1']:.4f} | {unmarked:,} | {r['unmarked_recall']:.4f} | {r['fp']:,} |")
    if res.get("balanced"):
        lines += ["", "## Wrapped as `fmt` wraps", "",
                  "Both layouts wrapped at " + ", ".join(map(str, BALANCED_WIDTHS)) + " columns with the fewest "
                  "ragged lines (`balanced_wrap`: as GNU `fmt` and TeX do, a line may break before a word that "
                  "would have fitted, to even out the next lines), where a short line above a longer one is no "
                  "heading: the line rules' mistakes show as false boundaries beyond those of the same layout "
                  "unwrapped (in brackets).", "",
                  "| corpus | layout | width | precision | recall | unmarked recall | false boundaries (unwrapped) |",
                  "|---|---|---|---|---|---|---|"]
        for name, by_key in res["balanced"].items():
            for key, r in by_key.items():
                layout, w = key.split()
                base = res["corpora"][name] if layout == "joined" else res["own_lines"][name]["0"]
                lines.append(f"| {name} | {layout} | {w} | {r['precision']:.4f} | {r['recall']:.4f} | "
                             f"{r['unmarked_recall']:.4f} | {r['fp']:,} ({base['fp']:,}) |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return corpus_suite_main(argv, command=COMMAND, description=__doc__, stem="splitting", run=run, render=render)


if __name__ == "__main__":
    raise SystemExit(main())
