"""A self-contained HTML report of a scored document (``hedgekit highlight``).

:func:`render_html` keeps the document as it is (white space between sentences included), shades
every sentence by its certainty and marks every cue with a ``<mark class="cue cat-<category>">``.
The page has inline CSS only: no scripts, no fonts, images or style sheets from the network (a
Content-Security-Policy forbids them), so it can be mailed or archived as one file.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from . import __version__
from .errors import ArgumentError, InputTypeError, is_number
from .types import CATEGORIES, SentenceScore

__all__ = ["render_html", "certainty_colour", "CATEGORY_COLOURS", "CATEGORY_MEANINGS"]

#: Colour of each cue category (colour-blind-friendly palette: Okabe-Ito plus two greys).
CATEGORY_COLOURS: dict[str, str] = {
    "epistemic": "#e69f00",
    "doxastic": "#cc79a7",
    "hearsay": "#d55e00",
    "weasel": "#9467bd",
    "approximation": "#56b4e9",
    "condition": "#0072b2",
    "investigation": "#8c6d31",
    "dynamic": "#999999",
    "booster": "#009e73",
    "unspecified": "#666666",
}

#: What each cue category means, for the page's legend (see :data:`hedgekit.types.CATEGORIES`).
CATEGORY_MEANINGS: dict[str, str] = {
    "epistemic": "possibility, probability: may, probably",
    "doxastic": "someone's belief: believe, suspect",
    "hearsay": "an unnamed source: reportedly, rumors",
    "weasel": "vague attribution or amount: some experts",
    "approximation": "a vague quantity: about 20, roughly",
    "condition": "if, whether, unless",
    "investigation": "examined, not asserted: test whether",
    "dynamic": "ability, circumstance: can, could",
    "booster": "raises certainty: clearly, no doubt",
    "unspecified": "a corpus cue without a type",
}

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.6 Georgia, "Times New Roman", serif; color: #1d1d1d; background: #fff;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font: 600 1.6rem/1.3 system-ui, sans-serif; margin: 0 0 1rem; }
h2 { font: 600 1.1rem/1.3 system-ui, sans-serif; margin: 1.5rem 0 .5rem; }
.panel { font: 14px/1.5 system-ui, sans-serif; display: flex; flex-wrap: wrap; gap: 1rem 3rem;
         border: 1px solid #ddd; border-radius: 6px; padding: .75rem 1rem; background: #fafafa; }
.panel table { border-collapse: collapse; }
.panel td, .panel th { padding: .1rem .6rem .1rem 0; text-align: left; font-weight: normal; }
.panel td.n { text-align: right; font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -.1em;
          margin-right: .4em; }
.scale { display: inline-block; width: 12rem; height: .9em; vertical-align: -.1em; border-radius: 2px;
         background: linear-gradient(to right, %(scale)s); }
.doc { white-space: pre-wrap; overflow-wrap: break-word; margin-top: 1.5rem; }
.s { border-radius: 3px; padding: 1px 0; -webkit-box-decoration-break: clone; box-decoration-break: clone;
     unicode-bidi: isolate; }  /* a direction override in a sentence (U+202E) ends with it, never reversing the next */
.g { unicode-bidi: isolate; }  /* and one between sentences, which the splitter leaves out of them */
.s.uncertain { outline: 1px dashed rgba(0, 0, 0, .25); }
mark.cue, mark.legend { background: transparent; color: inherit; border-bottom: 3px solid; padding: 0 1px;
           font-weight: 600; }
%(categories)s
footer { font: 12px system-ui, sans-serif; color: #777; margin-top: 2rem; }
.ctl { color: #b00; }  /* a control character of the text, shown by its picture */
@media print { .s { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def certainty_colour(certainty: float, threshold: float | None = None, *, label: str | None = None) -> str:
    """The background colour of a sentence of this certainty: red (hedged) to pale green (certain).

    With the ``threshold`` on P(uncertain) that labels it, the scale breaks at the label boundary
    (certainty ``1 - threshold``): sentences labelled uncertain run from red to yellow-orange (hue
    0-45), those labelled certain from yellow-green to green (hue 75-120), so the two never look
    alike however close their numbers. The side is the sentence's ``label`` when given
    (``"uncertain"`` or ``"certain"``, as :class:`~hedgekit.SentenceScore` carries it), else the
    label's rule, uncertain iff ``1 - certainty >= threshold``; so at thresholds 0 and 1 too a
    sentence is never shaded against its label. Without a threshold, the hue runs evenly from 0 to
    120. ``certainty`` is clipped to [0, 1], ``threshold`` to [0, 1].

    Raises:
        ArgumentError (a ValueError): ``certainty`` or ``threshold`` is not a finite number (NaN, a
            str), ``label`` is given without a ``threshold``, or is neither label.
    """
    for name, v in (("certainty", certainty), ("threshold", threshold)):
        if not is_number(v) and not (name == "threshold" and v is None):
            raise ArgumentError(f"{name} must be a finite number, got {v!r}")
    c = min(max(float(certainty), 0.0), 1.0)
    if label is not None and label not in ("uncertain", "certain"):
        raise ArgumentError(f"label must be 'uncertain' or 'certain', got {label!r}")
    if threshold is None:
        if label is not None:
            raise ArgumentError("a label shades a sentence only with the threshold that gave it; pass threshold=")
        hue = round(120 * c)
    else:
        t = min(max(float(threshold), 0.0), 1.0)
        cut = 1.0 - t
        uncertain = label == "uncertain" if label is not None else 1.0 - c >= t
        if uncertain:  # hue 0-45, 45 at the boundary (and above it, where rounding put the number)
            hue = min(45, round(45 * c / cut)) if cut > 0 else 0
        else:  # hue 75-120
            hue = max(75, min(120, round(75 + 45 * (c - cut) / t))) if t > 0 else 120
    light = round(82 + 10 * c)  # uncertain sentences are shaded more strongly
    return f"hsl({hue}, 75%, {light}%)"


def _exact(x: float) -> str:
    """``x`` in the fewest digits that read back as the same float, without an exponent (0.301375,
    0.00005): a threshold stated on the page is the one the labels used, not a rounding of it."""
    return format(Decimal(repr(float(x))), "f")


def _complement(t: float) -> str:
    """``1 - t`` in decimal arithmetic on ``t`` as :func:`_exact` writes it, so that the two numbers
    the page states add up to 1 exactly ("0.1" for 0.9, where the float ``1 - 0.9`` prints
    0.09999999999999998; a sentence's certainty is the float ``1 - p``, which may differ from it in
    the 17th digit)."""
    return format(1 - Decimal(_exact(t)), "f")


def _apart(p: float, t: float) -> tuple[str, str]:
    """``p`` and ``t`` to 2 decimals, or to as many more as it takes to tell them apart (rounding is
    monotone, so the two read in their true order: a sentence labelled certain never shows
    "P(uncertain) 0.71, threshold 0.71")."""
    for d in range(2, 18):
        a, b = f"{p:.{d}f}", f"{t:.{d}f}"
        if a != b:
            return a, b
    return _exact(p), _exact(t)


def _css(threshold: float | None) -> str:
    if threshold is None:
        scale = ", ".join(certainty_colour(i / 4) for i in range(5))
    else:  # a hard step where the label changes
        cut = 1.0 - threshold
        # (labels given: 1 - (1 - t) may round below t, which would colour the cut's own stop as certain)
        scale = (f"{certainty_colour(0.0, threshold)} 0%, {certainty_colour(cut, threshold, label='uncertain')} "
                 f"{100 * cut:.1f}%, {certainty_colour(min(1.0, cut + 1e-6), threshold, label='certain')} {100 * cut:.1f}%, "
                 f"{certainty_colour(1.0, threshold)} 100%")
    cats = "\n".join(
        f"mark.cat-{c} {{ border-color: {col}; background: {col}22; }}" for c, col in CATEGORY_COLOURS.items()
    )
    return _CSS % {"scale": scale, "categories": cats}


#: characters that HTML cannot carry as text (a parser drops NUL and reports the other controls and
#: the noncharacters as errors): C0 controls but tab, line feed, form feed and carriage return, DEL,
#: C1 controls, U+FDD0-U+FDEF and U+xFFFE/U+xFFFF, and lone surrogates (text read with
#: errors="surrogateescape": UTF-8 cannot write them, so the page could not be saved)
_NOT_HTML_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
                            + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(17)) + "]")


def _shown_char(m: re.Match[str]) -> str:
    """A character HTML cannot carry, shown in its place: its Unicode control picture (U+2400 + the
    code, or U+2421 for DEL) or ``\\uXXXX``, in a span whose title names it."""
    c = m.group()
    o = ord(c)
    pic = chr(0x2400 + o) if o < 0x20 else "\u2421" if o == 0x7F else _escape(c)
    what = "a control character" if o < 0xA0 else "a lone surrogate" if 0xD800 <= o <= 0xDFFF else "a noncharacter"
    return f'<span class="ctl" title="U+{o:04X}, {what}">{pic}</span>'


def _escape(c: str) -> str:
    """``c`` as a Python-style escape: ``\\uXXXX``, or ``\\UXXXXXXXX`` above U+FFFF."""
    o = ord(c)
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


def _esc(s: str) -> str:
    """``s`` as HTML text: escaped, each character HTML cannot carry (:data:`_NOT_HTML_TEXT`) shown in
    its place, one for one, and a carriage return as ``&#13;`` (a parser turns a raw CR or CRLF into
    a line feed), so that the page keeps every character in order."""
    out = html.escape(s, quote=True).replace("\r", "&#13;")
    return _NOT_HTML_TEXT.sub(_shown_char, out) if _NOT_HTML_TEXT.search(out) else out


def _attr(s: str) -> str:
    """``s`` for an attribute value (a tooltip): escaped, each character HTML cannot carry as ``\\uXXXX``."""
    out = html.escape(s, quote=True).replace("\r", "&#13;")
    return _NOT_HTML_TEXT.sub(lambda m: _escape(m.group()), out)


# the bidi controls that open or close a directional run (embeddings, overrides, isolates)
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _gap_html(gap: str) -> str:
    """The text between two sentences as HTML: in an isolate of its own when it holds a bidi control,
    so that an override there (U+202E, which the splitter leaves outside the sentences) does not
    lay out the sentences after it right to left, in reverse order."""
    out = _esc(gap)
    return f'<span class="g">{out}</span>' if _BIDI_CONTROLS.search(gap) else out


def _sentence_html(s: SentenceScore) -> str:
    parts: list[str] = []
    pos = 0
    for c in sorted(s.cues, key=lambda c: (c.start, c.end)):
        if c.start < pos or c.end > len(s.text) or c.start >= c.end:
            continue  # overlapping or out-of-range cue: leave the text unmarked rather than garble it
        parts.append(_esc(s.text[pos : c.start]))
        cat = c.category if c.category in CATEGORY_COLOURS else "unspecified"
        tip = f"{c.category}, weight {c.weight:.2f}, contribution {c.contribution:+.2f}"
        parts.append(f'<mark class="cue cat-{_attr(cat)}" title="{_attr(tip)}">{_esc(s.text[c.start : c.end])}</mark>')
        pos = c.end
    parts.append(_esc(s.text[pos:]))
    p, t = _apart(s.p_uncertain, s.threshold)
    tip = f"certainty {s.certainty:.2f} ({s.label}; P(uncertain) {p}, threshold {t})"
    return (
        f'<span class="s {_attr(s.label)}" '
        f'style="background: {certainty_colour(s.certainty, s.threshold, label=s.label)}" '
        f'title="{_attr(tip)}">{"".join(parts)}</span>'
    )


def _summary(scores: Sequence[SentenceScore]) -> str:
    n = len(scores)
    unc = sum(1 for s in scores if s.label == "uncertain")
    mean = sum(s.certainty for s in scores) / n if n else float("nan")
    counts = Counter(c.category for s in scores for c in s.cues)
    share = f"{unc / n:.0%}" if n else "–"
    rows = [
        ("Sentences", f"{n}"),
        ("Uncertain", f"{unc} ({share})"),
        ("Mean certainty", f"{mean:.2f}" if n else "–"),
        ("Cues", f"{sum(counts.values())}"),
    ]
    t = scores[0].threshold if scores else None
    if t is not None:
        rows.append(("Uncertain when", f"P(uncertain) ≥ {_exact(t)}, i.e. certainty ≤ {_complement(t)}"))
    summary = "".join(f'<tr><th scope="row">{_esc(k)}</th><td class="n">{_esc(v)}</td></tr>' for k, v in rows)
    cats = [c for c in list(CATEGORIES) + sorted(set(counts) - set(CATEGORIES)) if counts.get(c)]
    legend = "".join(
        f'<tr><td><mark class="legend cat-{_attr(c if c in CATEGORY_COLOURS else "unspecified")}">'
        f'<span class="swatch" style="background: {CATEGORY_COLOURS.get(c, "#666666")}"></span>{_esc(c)}</mark>'
        f'</td><td class="n">{counts[c]}</td><td>{_esc(CATEGORY_MEANINGS.get(c, ""))}</td></tr>'
        for c in cats
    ) or '<tr><td colspan="3">no cues</td></tr>'
    cut = f" (the colour changes at {_complement(t)}, where the label does)" if t is not None else ""
    scale = (
        f'<p>Sentence shading: certainty 0 <span class="scale"></span> 1{_esc(cut)}<br>'
        "Dashed outline: labelled <em>uncertain</em>. Hover a sentence or a cue for its numbers.</p>"
    )
    return (
        '<section class="panel" aria-label="Summary">'
        f'<div><h2>Summary</h2><table class="summary">{summary}</table>{scale}</div>'
        f'<div><h2>Cue categories</h2><table class="legend">'
        f"<tr><th>category</th><th>cues</th><th>what it marks</th></tr>{legend}</table></div>"
        "</section>"
    )


def render_html(scores: Iterable[SentenceScore], text: str, title: str) -> str:
    """Render ``text`` and its sentence ``scores`` as a self-contained HTML page.

    Args:
        scores: the sentences of ``text`` in document order, with ``start``/``end`` offsets into it
            (as :meth:`hedgekit.Scorer.score_text` returns them).
        text: the whole document; the text between sentences is kept as it is.
        title: the page title (escaped).

    Raises:
        InputTypeError: (a ``TypeError``) ``text`` or ``title`` is not a ``str``, ``scores`` is not
            a sequence of :class:`~hedgekit.SentenceScore` (a generator is read once).
        ValueError: a score's offsets do not point at its text in ``text``, scores overlap or
            are out of order, or a certainty is not a finite number.
    """
    for name, v in (("text", text), ("title", title)):
        if not isinstance(v, str):
            raise InputTypeError(f"render_html(): {name} must be a str, got {type(v).__name__}")
    if isinstance(scores, (SentenceScore, str, bytes)) or not isinstance(scores, Iterable):
        raise InputTypeError(f"render_html(): scores must be the list of SentenceScore of the text (from "
                             f"Scorer.score_text(text)), got {type(scores).__name__}")
    scores = list(scores)  # (a generator: read once, then indexed)
    for i, s in enumerate(scores):
        if not isinstance(s, SentenceScore):
            raise InputTypeError(f"render_html(): score {i} is {type(s).__name__}, expected a SentenceScore "
                                 "(from Scorer.score_text(text))")
        if not is_number(s.certainty) or not is_number(s.p_uncertain):
            raise ArgumentError(f"render_html(): score {i} ({s.text[:40]!r}) has certainty {s.certainty!r}; "
                                 "certainties must be finite numbers")
    body: list[str] = []
    pos = 0
    for i, s in enumerate(scores):
        if s.start < pos or text[s.start : s.end] != s.text:
            raise ArgumentError(
                f"render_html(): score {i} ({s.text[:40]!r}) does not match text[{s.start}:{s.end}] "
                f"or overlaps the previous sentence; pass the scores of score_text(text), in order"
            )
        body.append(_gap_html(text[pos : s.start]))
        body.append(_sentence_html(s))
        pos = s.end
    body.append(_gap_html(text[pos:]))
    t = _esc(title)  # (in <h1>; <title> holds text only: :func:`_attr`)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f'<meta name="generator" content="hedgekit {_attr(__version__)}">\n'
        f"<title>{_attr(title)}</title>\n<style>{_css(scores[0].threshold if scores else None)}</style>\n</head>\n<body>\n"
        f"<h1>{t}</h1>\n{_summary(scores)}\n"
        # (dir="auto": the page's direction from the text's first strong letter, so that a right-to-left
        # document's sentences, each isolated, follow each other from the right)
        f'<main class="doc" dir="auto">{"".join(body)}</main>\n'
        f"<footer>Generated by hedgekit {_esc(__version__)}. Certainty is 1 &minus; P(uncertain) of hedgekit's "
        "classifier over hedge cues and their context.</footer>\n"
        "</body>\n</html>\n"
    )
