"""Sentence splitting and tokenization, both with exact character offsets.

No NLTK data package (``punkt_tab``) is needed: the splitter is a small rule-based one that knows
the abbreviations of news and scientific prose, keeps quoted speech together, and always breaks at a
blank line. Every function here runs in time linear in the length of its input.

It also owns the rule for where a file's lines end (:func:`cr_line_ends`), which ``hedgekit score
--lines`` and the readers of one-record-a-line files share.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .errors import ArgumentError, InputTypeError, is_number, one_str_hint

__all__ = ["Token", "tokenize", "token_spans", "normalized_tokens", "normalize_token", "split_sentences", "list_marker",
           "ABBREVIATIONS", "BEFORE_NUMBER", "SENTENCE_STARTERS", "SECTION_NAMES"]

#: A token is a number (with inner ``.``/``,`` groups: ``3.5``, ``1,000``), a word (letters and
#: digits, with inner apostrophes or hyphens: ``can't``, ``Korea's``, ``so-called``; the hyphen may
#: also be U+2010 or the non-breaking U+2011, but not an en dash, which stands between words as a
#: dash: "results–possibly due to chance–were"), or any other single non-space character but the
#: invisible ones outside words (:data:`_EDGE`), which are no tokens, as white space is none.
#: (The full-width ＇ － ． ， join as their ASCII forms do: "ｃａｎ＇ｔ", "ｓｏ－ｃａｌｌｅｄ", "３．５"; so does
#: the apostrophe U+02BC, which Unicode counts as a letter: "Iʼd" is one token, "I ʼd" three, as "I 'd" is.)
#: Characters that do not break a word: the invisible soft hyphen, zero-width (non-)joiners and
#: spaces, word joiner and U+FEFF, which scraped and typeset text leaves inside words ("pro\u00adbably"),
#: the other invisible format characters (the invisible mathematical operators U+2061-U+2064, the
#: Mongolian vowel separator U+180E, the tag characters U+E0000-U+E007F) and the variation selectors
#: (U+FE00-U+FE0F, an emoji's "\ufe0f"), and the combining marks of a decomposed (NFD) letter
#: ("nai\u0308ve"). A word that holds one is still one token; its normalized form drops the
#: invisible ones and composes the marks (NFC), so it matches the lexicon as the word written plainly
#: does; alone they are no token (a line of them is no sentence).
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u2061\u2062\u2063\u2064\u180e" + "".join(
    map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0000, 0xE0080)))
#: The direction marks and embeddings that web pages put around words, numbers and sentences (LRM,
#: RLM, ALM, U+202A-U+202E, U+2066-U+2069). They are no part of a word, so that a cue's span and a
#: number ("\u200e3.5") keep their own characters, and no tokens either, so that a pattern reads
#: across them ("no \u200edoubt"); like the invisible characters above they do not hide a sentence's
#: end ("It rained.\u200f It may." is two sentences) and are no part of a sentence's edges.
_DIRECTION = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: what the sentence splitter passes over at a sentence's edges besides white space
_EDGE = _IGNORABLE + _DIRECTION
# (the direction marks, and the invisible characters standing alone, are no tokens: "no \u200edoubt"
# is the lexicon's "no doubt", "about \u200e5" its "about <num>", as without them)
def _escaped_class(chars: str) -> str:
    """``chars`` as the escaped body of a regex character class, runs of consecutive code points as
    ranges ("\\ufe00-\\ufe0f"): the pattern shows them, and stays short."""
    def esc(o: int) -> str:
        return f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"
    codes = sorted(set(map(ord, chars)))
    runs: list[list[int]] = []
    for o in codes:
        if runs and o == runs[-1][1] + 1:
            runs[-1][1] = o
        else:
            runs.append([o, o])
    return "".join(esc(a) if a == b else esc(a) + esc(b) if b == a + 1 else f"{esc(a)}-{esc(b)}" for a, b in runs)


_NO_TOKEN = "[^\\s" + _escaped_class(_EDGE) + "]"  # (escaped: the pattern shows them)
_TOKEN_RE = re.compile(r"\d+(?:[.,．，]\d+)*|[^\W_ʼ]+(?:['’＇ʼ\-－\u2010\u2011][^\W_ʼ]+)*|" + _NO_TOKEN)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_INWORD_RE = re.compile(f"[{_IGNORABLE}{_MARKS}]")
_W = f"(?:[^\\W_ʼ]|[{_IGNORABLE}{_MARKS}])"
#: :data:`_TOKEN_RE` for a sentence that holds one of those characters (slower, so only then)
# (a word may start with invisible characters or marks, but only where their run starts: tried at
# every position of a long run that no letter ends, the run would be read again and again; a run of
# combining marks without a letter is one token, as before, and one of invisible characters none)
# (a number after invisible characters is the number: "about \u200b3.5" is about, 3.5)
_TOKEN_RE_INWORD = re.compile(rf"\d+(?:[.,．，]\d+)*|(?<![{_IGNORABLE}{_MARKS}])(?:[{_IGNORABLE}]+\d+(?:[.,．，]\d+)*|"
                              rf"[{_IGNORABLE}{_MARKS}]*[^\W_ʼ]{_W}*"
                              rf"(?:['’＇ʼ\-－\u2010\u2011]{_W}+)*|[{_IGNORABLE}]*[{_MARKS}][{_IGNORABLE}{_MARKS}]*)|"
                              + _NO_TOKEN)
_DROP_IGNORABLE = str.maketrans(dict.fromkeys(_IGNORABLE))


def token_pattern(sentence: str) -> re.Pattern[str]:
    """The token regex for ``sentence``: :data:`_TOKEN_RE`, or, when it holds a soft hyphen,
    zero-width character or combining mark, the one that keeps them inside words."""
    return _TOKEN_RE_INWORD if not sentence.isascii() and _INWORD_RE.search(sentence) else _TOKEN_RE


def _plain(token: str) -> str:
    """A normalized token without invisible characters, its combining marks composed (NFC); a token
    that is nothing but such characters stays as it is (a symbol of its own)."""
    if not _INWORD_RE.search(token):
        return token
    return unicodedata.normalize("NFC", token.translate(_DROP_IGNORABLE)) or token
# What normalization maps: the typographic apostrophes to ', the hyphens U+2010 and U+2011 to -, the ellipsis to .,
# and the compatibility forms of _COMPAT_RE to the letters, digits and signs they stand for.
# _before() is the part that tokenizes alike either way (so it may be applied to a whole
# sentence before the regex).
#: The Latin ligatures (U+FB00-U+FB06: "signiﬁcant" as PDF extraction leaves it) and the
#: full-width forms of ASCII (U+FF01-U+FF5E: "ｍａｙ"), folded in normalized tokens (NFKC of each:
#: "ﬁ" is "fi", "ｍ" is "m") so that they match the lexicon and the model's words as the plain
#: letters do; a token's offsets stay those of the text as written.
_COMPAT_RE = re.compile("[\ufb00-\ufb06\uff01-\uff5e]")
#: The ellipsis "…" (U+2026), always a token of its own, reads as "." (:func:`_stops`), so "It may
#: rain…" scores as "It may rain." does (its features were the unseen "…": 0.38 against 0.72), as
#: "It may rain..." nearly does. One character for one: a token's length stays the text's.
_ELLIPSIS = "\u2026"
_NORM = str.maketrans({"’": "'", "ʼ": "'", "\u2010": "-", "\u2011": "-", "\u2026": ".",
                       **{chr(c): unicodedata.normalize("NFKC", chr(c)).lower()
                          for r in ((0xFB00, 0xFB06), (0xFF01, 0xFF5E)) for c in range(r[0], r[1] + 1)}})
#: the full-width forms of ASCII as the ASCII characters, case kept (the splitter reads "Ｍｒ．" as "Mr.")
_UNWIDE = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})


def _stops(toks: list[str], low: str) -> list[str]:
    """``toks`` (of the lower-cased sentence ``low``) with the ellipsis token ``…`` read as ``.``."""
    return ["." if t == _ELLIPSIS else t for t in toks] if _ELLIPSIS in low else toks


def _before(low: str) -> str:
    """``low`` with ’, ʼ and the hyphens U+2010 and U+2011 mapped (replace: far faster than translate)."""
    if "’" in low:
        low = low.replace("’", "'")
    if "ʼ" in low:
        low = low.replace("ʼ", "'")
    if "\u2010" in low or "\u2011" in low:
        low = low.replace("\u2010", "-").replace("\u2011", "-")
    return low


class Token(NamedTuple):
    """A token and where it is: ``sentence[start:end] == text``; ``norm`` is its normalized form."""

    text: str
    start: int
    end: int
    norm: str


def normalize_token(token: str) -> str:
    """Lower-case ``token``, map the typographic apostrophes ``’`` and ``ʼ`` (U+02BC) to ``'``,
    the hyphens U+2010 and U+2011 to ``-``, the ellipsis ``…`` to ``.``, and fold the Latin
    ligatures and full-width ASCII (:data:`_COMPAT_RE`: "Signiﬁcant" is ``significant``, "ＭＡＹ"
    is ``may``), and drop soft hyphens and zero-width characters and compose combining marks
    (NFC), as :attr:`Token.norm`, :func:`token_spans` and the lexicon's matcher do ("pro\\u00adbably"
    is ``probably``).

    Raises:
        InputTypeError: ``token`` is not a ``str``.
    """
    if not isinstance(token, str):
        raise InputTypeError(f"normalize_token() expects a str, got {type(token).__name__}")
    return _plain(token.lower().translate(_NORM))


def normalized_tokens(sentence: str) -> list[str]:
    """The normalized tokens of ``sentence`` (those of :func:`token_spans`) without their offsets.

    The scoring engine's form: one regex pass over the lower-cased sentence (token by token for a
    sentence whose lower-casing changes its length, or that holds a soft hyphen, zero-width
    character or combining mark).

    Raises:
        InputTypeError: ``sentence`` is not a ``str``.
    """
    if not isinstance(sentence, str):
        raise InputTypeError(f"normalized_tokens() expects a str, got {type(sentence).__name__}")
    low = sentence.lower()
    regex = token_pattern(sentence)
    if regex is _TOKEN_RE_INWORD:  # soft hyphens, zero-width characters, combining marks: token by token
        return [_plain(normalize_token(m.group())) for m in regex.finditer(sentence)]
    if len(low) == len(sentence):
        if low.isascii():
            return _TOKEN_RE.findall(low)
        low = _before(low)  # ’, ʼ and ' (and the hyphens) tokenize alike
        toks = _TOKEN_RE.findall(low)
        if _COMPAT_RE.search(low):  # (a ligature folds to two letters: token by token; _NORM maps … too)
            return [t.translate(_NORM) for t in toks]
        return _stops(toks, low)
    # a few characters (e.g. "İ") lower-case to two: normalize token by token.
    return [normalize_token(m.group()) for m in _TOKEN_RE.finditer(sentence)]


def token_spans(sentence: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Return the normalized tokens of ``sentence`` and their ``(start, end)`` character offsets.

    A word keeps a soft hyphen, zero-width character or combining mark inside it (one token), and
    its normalized form drops the invisible ones and composes the marks (NFC): "pro\u00adbably" is
    ``probably``, a decomposed "naïve" is the composed one. Outside words the invisible ones, and
    the direction marks anywhere, are no tokens, as white space is none ("no \u200edoubt" is ``no``,
    ``doubt``); a run of combining marks without a letter is one token.

    :func:`tokenize` returns the same as :class:`Token`\\ s; :func:`normalized_tokens` without offsets.

    Raises:
        InputTypeError: ``sentence`` is not a ``str``.
    """
    if not isinstance(sentence, str):
        raise InputTypeError(f"token_spans() expects a str, got {type(sentence).__name__}")
    regex = token_pattern(sentence)
    spans = word_spans(sentence, regex)
    if regex is _TOKEN_RE_INWORD:  # soft hyphens, zero-width characters, combining marks: token by token
        return [_plain(normalize_token(sentence[a:b])) for a, b in spans], spans
    low = sentence.lower()
    if len(low) == len(sentence):
        if not low.isascii():
            low = _before(low)  # spans come from the sentence as written
            if _COMPAT_RE.search(low):  # (a ligature folds to two letters: token by token; _NORM maps … too)
                return [low[a:b].translate(_NORM) for a, b in spans], spans
            return _stops([low[a:b] for a, b in spans], low), spans
        norms = [low[a:b] for a, b in spans]
    else:  # a few characters (e.g. "İ") lower-case to two: normalize token by token.
        norms = [normalize_token(sentence[a:b]) for a, b in spans]
    return norms, spans


def word_spans(sentence: str, regex: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the tokens of ``sentence`` (``regex``: its
    :func:`token_pattern`, if known). A word's span does not take in the invisible characters at its
    edges (a zero-width space before it, a soft hyphen after it: "\u200bSome" spans "Some"), so that
    a cue's text is its word however the sentence around it was cut or trimmed; inside a word they
    stay ("pro\u00adbably")."""
    regex = token_pattern(sentence) if regex is None else regex
    spans = [m.span() for m in regex.finditer(sentence)]
    if regex is _TOKEN_RE_INWORD:
        for i, (a, b) in enumerate(spans):
            if sentence[a] in _IGNORABLE or sentence[b - 1] in _IGNORABLE:
                a2, b2 = a, b
                while a2 < b2 and sentence[a2] in _IGNORABLE:
                    a2 += 1
                while b2 > a2 and sentence[b2 - 1] in _IGNORABLE:
                    b2 -= 1
                if a2 < b2:
                    spans[i] = (a2, b2)
    return spans


def tokenize(sentence: str) -> list[Token]:
    """Split ``sentence`` into :class:`Token`\\ s with exact offsets.

    >>> [t.text for t in tokenize("It's about 3.5 km, reportedly.")]
    ["It's", 'about', '3.5', 'km', ',', 'reportedly', '.']

    Raises:
        InputTypeError: ``sentence`` is not a ``str``.
    """
    if not isinstance(sentence, str):
        raise InputTypeError(f"tokenize() expects a str, got {type(sentence).__name__}")
    norms, spans = token_spans(sentence)
    return [Token(sentence[a:b], a, b, n) for n, (a, b) in zip(norms, spans)]


#: Words that end with a full stop without ending a sentence (lower case, without the final dot).
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms mx dr prof rev hon st sr jr messrs mme mlle gen gov sen rep col lt sgt capt cmdr adm
    maj pres supt insp det fr pvt pte pfc spc cpl brig msgr amb atty rt
    e.g i.e cf viz vs v al fig figs eq eqs eqn eqns ref refs no nos vol vols pp p ch sec sect sects chap para paras
    art arts suppl supp ed eds approx tab tabs exp expt expts prop props cor thm thms lem ver
    ca resp est dept univ inst assoc ave blvd rd mt ft inc ltd co corp bros sp spp var cv
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n e.u u.s.a ph.d m.d b.a m.a b.sc m.sc a.m p.m a.k.a
    proc natl acad sci biol chem phys med res lett soc clin intl int eur engl nucl biochem biophys immunol
    microbiol pharmacol physiol genet neurosci mol nat struct annu curr opin
    """.split()
)

#: Of :data:`ABBREVIATIONS`, those that are also common words or names ("He said no.", "Wait a
#: sec.", "I met Jan.", "Pay the tab.", "a stage prop."): abbreviations only before a number ("No.
#: 5", "Fig. 2a", "Eq. (3)", "Ref. [4]", "Fig. S1", "Vol. II", "Jan. 5", "Tab. 2", "Exp. 3", "Prop.
#: 4", "Cor. 1", "ver. 22"). Besides, "ed."/"eds." is one only in lower case
#: ("2nd ed.", not "I met Ed.") and "al." only after "et" ("(et al. 2001)"); a single capital
#: letter is an initial ("P. Smith") unless a word of :data:`SENTENCE_STARTERS` follows it.
BEFORE_NUMBER: frozenset[str] = frozenset(
    "no nos p pp vol vols fig figs eq eqs eqn eqns ref refs ch chap sec sect sects para paras art arts suppl est jan feb "
    "mar apr jun jul aug sep sept oct nov dec tab tabs exp expt expts prop props cor thm thms lem ver"
    .split()
)

#: the marks that end a sentence before white space or the text's end: ours, the Devanagari danda
#: "।" and double danda "॥", the Arabic question mark "؟" and the Urdu full stop "۔"
_FINAL_MARKS = ".!?…।॥؟۔．"
#: the CJK full stop "。" (and the half-width "｡") and the full-width "！" and "？", which end a
#: sentence with or without white space after them (CJK text puts none between sentences), but not
#: before a digit; the full-width "．" is read as "." is (abbreviations, list numbers, white space after it)
_WIDE_MARKS = "。｡！？"
# A candidate end: a run of marks, closing quotes or brackets, Wikipedia's citation markers and
# footnote superscripts ("It rained.[3][4] It", "rained.¹ It") and invisible characters (a web page's
# zero-width space after a full stop does not hide it); _split_paragraph checks what follows. The
# look-behind makes a candidate start only at the first mark of a run ("!?!?..."): without it every
# position inside a long run of dots would be tried and rescanned, which is quadratic. It stands
# after the first mark, so that the pattern starts with the marks and the regex engine skips ahead
# to them.
_ALL_MARKS = _FINAL_MARKS + _WIDE_MARKS
#: what may close a sentence after its final mark (quotes, brackets)
_CLOSERS = "'\"”’)]»"
# and after a CJK one
_WIDE_CLOSERS = "」』）】》〉〕］｣"
# the Japanese quotative particles that go on after a closing 」 or 』: the quotation ends in 。 but
# the sentence that reports it does not ("「雨だ。」と言った。", "「雨だ。」って"). "と" only before a
# verb of saying or thinking or "の"/"い" ("と言った", "と思う", "という", "とのこと"): many sentences
# start with it ("ところが", "とにかく", "とても")
_QUOTATIVE_TO = frozenset("言云いおの思聞書答述話考叫尋語伝記申称し")
_END_RE = re.compile(f"(?P<mark>[{_ALL_MARKS}](?<![{_ALL_MARKS}][{_ALL_MARKS}])[{_ALL_MARKS}]*)"
                     f"[{re.escape(_CLOSERS + _WIDE_CLOSERS)}]*" r"(?:\[[^\[\]\n]{1,30}\]|[¹²³⁰⁴-⁹])*" f"[{_EDGE}]*")
_SPACES = re.compile(r"\s*")
# white space and the invisible characters a text may start with (a byte-order mark)
_LEAD = re.compile(f"[\\s{_EDGE}]*")
# a line holding only white space (or invisible characters: a zero-width space, a byte-order mark),
# with LF or CRLF line ends or with CR alone (old Mac files), or the paragraph separator U+2029
_PARA_RE = re.compile(f"(?:\\n(?:[^\\S\\n]|[{_EDGE}])*\\n|\\r(?:[^\\S\\n\\r]|[{_EDGE}])*\\r(?!\\n)|\\u2029)\\s*")
# a number, "S1", "(3)", "[4]", or a Roman numeral other than a lone "I" ("Vol. II", "Fig. IV"; "No. I
# think" is two sentences)
_NUMBER_NEXT = re.compile(r"[(\[]?[A-Z]?\d|(?:[IVXLC]{2,}|[VXLC])\b")
_QUOTE_RE = re.compile(r"[“”\"]")
# a news agency's credit in a dateline after the place, before a dash: "SPRINGFIELD, Ill. (AP) — ..."
_AGENCY = re.compile(r"\([A-Z][A-Za-z]{1,11}\)[^\S\r\n]*[—–-]")
# a list item's mark: a bullet, a number of one to three digits (or a section's, "2.1"), a
# lower-case letter or a Roman numeral of two to four letters ("ii", "IV"; one capital is an
# initial's: "J. Smith") with "." or ")", the letters not before a number ("c. 1200" is circa,
# "VI. 13" a chapter and verse)
_LETTERS = r"(?:[a-z]|[ivx]{2,4}|[IVX]{2,4})"
_LETTER_MARK = _LETTERS + r"[.)](?![^\S\r\n]*\d)"
_SPLIT_MARK = r"(?:[-*•‣◦·–]|\d{1,3}(?:\.\d{1,3})*[.)]|" + _LETTER_MARK + ")"
# a line break before a list item: its mark, then white space ("- It may rain", "2. Mix the drug",
# "10) It binds", "2.1. Methods", "b. Polls may be wrong", "II. Related work"),
# after any indent and invisible characters (a zero-width space);
# or before a line that starts with a letter (or an opening quote and a letter), unindented (which
# ends a list or a heading: see _split_lines), or with a day's number and a capital or an ISO date
# (which may be a date line, "12 September 2023", "2023-09-12": _date_line_at decides)
# (the mark then white space, or the mark alone on its line: an empty item, "-\n-")
_AFTER_MARK = f"(?:[^\\S\\r\\n]|(?=[^\\S\\r\\n{_EDGE}]*(?:[\\r\\n]|\\Z)))"
_LIST_RE = re.compile(f"(?:\\r\\n|\\r|\\n)(?:(?:[^\\S\\r\\n]|[{_EDGE}])*"
                      f"(?={_SPLIT_MARK}{_AFTER_MARK})"
                      "|(?=[\"“‘«']?[^\\W\\d_])|(?=\\d{1,2}(?:st|nd|rd|th)?[^\\S\\r\\n]+[A-Z])|(?=\\d{4}-\\d\\d-\\d\\d))")
# a list item's number or letter ("2.", "2.1.", "b.", "iv."), when it is all a sentence holds so far
_LIST_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|" + _LETTERS + r")\Z")
# a list item's mark at the start of a line
_LIST_ITEM = re.compile(_SPLIT_MARK + _AFTER_MARK)
# one that is a letter or a Roman numeral
_LETTER_ITEM = re.compile(_LETTER_MARK + _AFTER_MARK)
# a lower-case letter's or Roman numeral's mark within a line, before a capital: an item that starts
# a sentence after a sentence's end ("It rained. iv. Polls closed.", "... b) The ...")
_INLINE_ITEM = re.compile(_LETTER_MARK + "[^\\S\\r\\n]+[\"“‘(]?[A-Z]")
_WORD_BEFORE = re.compile(r"[^\W\d_]{2,}\Z")
_CLOSING_BEFORE_MARK = frozenset(")]\"”’")


def _word_end(text: str, dot: int, lo: int) -> bool:
    """Whether the mark at ``text[dot]`` ends a word of two or more letters that is no abbreviation
    (:data:`ABBREVIATIONS`, :data:`BEFORE_NUMBER`): after it an inline list item may start a
    sentence ("It rained. iv. Polls"), not after a letter ("i. e. The", "e. e. Cummings") or an
    abbreviation ("Vol. ii. The", "Sec. v. Definitions")."""
    if dot > lo and text[dot - 1] in _CLOSING_BEFORE_MARK:  # "(a club hit). b) Generic lyrics."
        return True
    m = _WORD_BEFORE.search(text, max(lo, dot - 20), dot)
    if m is None or m.start() > lo and not text[m.start() - 1].isspace() and text[m.start() - 1] not in "\"'([“‘":
        return False
    key = m.group().lower()
    return key not in ABBREVIATIONS and key not in BEFORE_NUMBER


# the same at a text's start, after white space and invisible characters (list_marker)
# (what list_marker reads: the mark, then white space within the line or nothing but white space and
# invisible characters to the text's end, a mark alone: "- ", "-", "•", "2.")
_ITEM_START = re.compile(f"[\\s{_EDGE}]*({_SPLIT_MARK})(?:[^\\S\\r\\n]|(?=[\\s{_EDGE}]*\\Z))")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]\Z")
_WORD_AT = re.compile(r"[^\W\d_]{1,12}")
#: Words (lower case) that start sentences and are rarely a surname: after a single capital letter
#: and a full stop they begin a new sentence ("... vitamin D. It may help."), where a name would
#: follow an initial ("P. Smith"). No single letter ("J. A. Smith" keeps its initials), and none of
#: the words that are also surnames ("K. He", "Andrew T. Still", "J. So", "H. Her", "C. Most").
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    it its the this these those that there they their then thus therefore however here we our us in
    on at as by for from with of to and but or if when while although though after before since
    because such both all no not none one some many each every other what which how why yes also only
    furthermore moreover finally instead indeed yet nevertheless nonetheless accordingly hence
    """.split()
)
_MAX_QUOTE = 300  # characters: a longer "quotation" is a stray quote mark, not quoted speech


#: a quotation in single quotes: "‘" and a "’" that is no apostrophe (not before a letter: "don’t"),
#: or, in straight quotes, a "'" that opens a word in capitals after white space or a bracket and
#: one after a "," "." "!" or "?" before white space or the end ("'We will not back down. Never,'
#: the minister said."; not "the students' results"); at most _MAX_QUOTE characters apart
_SINGLE_QUOTE_RE = re.compile(r"‘[^‘’]{1,%d}?’(?![^\W\d_])|'(?=[A-Z])[^'\r\n]{1,%d}?[,.!?]'(?!\S)"
                              % (_MAX_QUOTE, _MAX_QUOTE))
# a straight single quote before a capital: where such a quotation may open (tried with _SINGLE_QUOTE_RE)
_STRAIGHT_OPEN_RE = re.compile("'(?=[A-Z])")


def _quote_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Return ``(open, close)`` offsets of quotations in ``text[lo:hi]`` (at most ``_MAX_QUOTE`` long),
    in double quotes and in single ones (:data:`_SINGLE_QUOTE_RE`; a straight one opens after white
    space or a bracket, or at the paragraph's start), by their opening."""
    opens = []
    i = text.find("‘", lo, hi)
    while i >= 0:  # (str.find and a literal-led pattern: the scan for them runs at C speed)
        opens.append(i)
        i = text.find("‘", i + 1, hi)
    opens += [o.start() for o in _STRAIGHT_OPEN_RE.finditer(text, lo, hi)
              if o.start() == lo or text[o.start() - 1] in "([" or text[o.start() - 1].isspace()]
    singles = []
    after = lo
    for i in sorted(opens):
        if i < after:
            continue  # (inside the quotation found before it)
        m = _SINGLE_QUOTE_RE.match(text, i, hi)
        if m is not None:
            singles.append((i, m.end() - 1))
            after = m.end()
    doubles = _double_quote_spans(text, lo, hi)
    return sorted(doubles + singles) if singles else doubles


def _double_quote_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of the quotations in double quotes in ``text[lo:hi]``."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_RE.finditer(text, lo, hi):
        q, at = m.group(), m.start()
        if q == '"' and open_at < 0 and at > lo and text[at - 1].isdigit():
            continue  # an inch mark ('the 15" screen'), not a quotation opening
        if q == "“" or (q == '"' and open_at < 0):
            open_at = at
        elif open_at >= 0:  # ” or a second "
            if at - open_at <= _MAX_QUOTE:
                spans.append((open_at, at))
            open_at = -1
    return spans


#: What may stand right before a word besides white space (any, "\xa0" and "\u3000" too): opening
#: brackets and quotes, and dashes ("see—Fig. 2").
_WORD_OPENERS = frozenset("([{“‘«\"'—–")


def _is_abbreviation(text: str, dot: int, lo: int, nxt: int, hi: int) -> bool:
    """True when the ``.`` at ``text[dot]`` ends an abbreviation or an initial rather than a sentence
    (``text[nxt]`` starts the next word). Reads nothing before ``lo`` or from ``hi`` on (the end of
    the paragraph: the next one never decides a boundary in this one)."""
    begin = max(lo, dot - 12)
    word = text[begin:dot]
    # (an apostrophe after a letter or digit is inside the word: "Mary's." is not the initial "s.")
    space = next((i for i in range(len(word) - 1, -1, -1) if word[i].isspace() or (
        word[i] in _WORD_OPENERS and not (word[i] in "'’" and i > 0 and word[i - 1].isalnum()))), -1)
    if space < 0 and begin > lo:
        return False  # a token longer than any abbreviation
    # (an invisible character before the word is no part of it: "\ufeffMr.", "\u200bDr. Smith")
    word = word[space + 1 :].lstrip("\"'([" + _EDGE)
    if not word.isascii() and _COMPAT_RE.search(word):  # "Ｍｒ．", "Ｕ．Ｓ．": as "Mr.", "U.S."
        word = word.translate(_UNWIDE)
    if "/" in word:  # "Table/Fig. 2": the abbreviation after a slash ("mmol/L.", "Mg/Ca." end sentences)
        tail = word.rsplit("/", 1)[1]
        if tail.lower() in BEFORE_NUMBER:
            word = tail
    if not word:
        return False
    key = word.lower()
    if len(word) == 1 and word.isupper():
        # an initial ("P. Smith", "John F. Kennedy"), before any rule for "p"; not before a word that
        # starts sentences and no name ("vitamin D. It may help.", "kinase C. These"), unless "et al."
        # follows that word, which makes it a surname ("T. To et al.")
        return not _starts_sentence(text, nxt, hi)
    if len(word) == 1 and word.islower() and key not in BEFORE_NUMBER and key not in ABBREVIATIONS:
        # "c. 1200", "(b. 1920)", "n. 3": an abbreviation before a number; no initial before a word
        # ("Plot y against x. It may curve.")
        return _NUMBER_NEXT.match(text, nxt, hi) is not None
    if key in BEFORE_NUMBER:
        return _NUMBER_NEXT.match(text, nxt, hi) is not None
    if key in ("ed", "eds"):
        return word == key and not _starts_sentence(text, nxt, hi)
    if key == "al":
        before = text[max(lo, dot - len(word) - 5) : dot - len(word)].split()
        # "(et al. 2001)", "Smith et al. reported", but "... by Smith et al. These data"
        return (bool(before) and before[-1].lstrip("([{\"'“‘").lower() == "et"
                and not _starts_sentence(text, nxt, hi))
    # dotted letters ("e.g", "U.S" are listed; "i.v", "p.o" are not); a title that is also a word's
    # abbreviation or a company's "Inc." before a capitalised sentence starter ends a sentence ("the
    # U.S. The", "Acme Inc. It", "on Main St. The"), but a word that introduces an example ("e.g. The
    # Times") and a title that only stands before a name ("with Mr. This") do not
    if key in _DOSING and word == key:  # (in capitals a name's initials: "P.O. Box", "I.M. Pei")
        # a prescription's "b.i.d.", "q.d.", "p.o.": a capitalised word after it starts a sentence
        # ("40 mg b.i.d. Will reassess"); a lower-case one does not (above)
        return False
    if key in ABBREVIATIONS or _INITIALS_RE.match(word):
        if key in _BEFORE_EXAMPLES:
            return True
        if key in _HONORIFICS and word[0].isupper() and word[1:].islower():
            return True  # a name follows, even one that reads as a sentence starter ("Mr. This"; not "tandem MS. This")
        if key in _TITLES:
            return not _starts_sentence(text, nxt, hi, _TITLE_NAMES)
        # after a company's, a place's, a time's or a degree's abbreviation ("Inc.", "U.S.", "p.m.",
        # "Ph.D.") no name follows, so the pronouns, articles and titles that may be surnames after
        # an initial start a sentence too ("Acme Inc. He", "the U.S. A study", "Co. Mr. Smith")
        return not _starts_sentence(text, nxt, hi,
                                    starters=_STARTERS_AFTER_NAMES if key in _NO_NAME_AFTER else SENTENCE_STARTERS)
    return False


#: the dosing abbreviations of prescriptions and clinical notes, in dotted small letters: a capitalised
#: word after one starts a sentence (:func:`_is_abbreviation`), as no name follows them
_DOSING = frozenset("b.i.d t.i.d q.i.d q.d q.o.d q.h q.h.s h.s p.o p.r.n i.v i.m s.c".split())
#: Of :data:`ABBREVIATIONS`, those that introduce an example or a name, which may well start with
#: a sentence starter ("e.g. The Times", "Smith vs. The State").
_BEFORE_EXAMPLES = frozenset("e.g i.e cf viz vs v a.k.a".split())
#: Of :data:`ABBREVIATIONS`, the titles before a name, and the sentence starters that may be one ("Dr. No").
_TITLES = frozenset("mr mrs ms mx dr prof rev hon st sr messrs mme mlle gen gov sen rep col lt sgt capt cmdr adm "
                    "maj pres supt insp det fr pvt pte pfc spc cpl brig msgr amb atty rt".split())
_TITLE_NAMES = frozenset({"no", "one", "yes"})
#: the pronouns and articles that SENTENCE_STARTERS leaves out (they may be surnames after an
#: initial, "K. He"), which start a sentence where no name is read
_PRONOUNS = frozenset("he she i you we a an his her my".split())
#: the titles that only ever stand before a name, never at a sentence's end: a capitalised word after
#: one is that name, whatever it is ("Mr. This", a story that lost the name), where a title that is
#: also a word's abbreviation ("Dr." drive, "St." street, "Sr." senior, "Gen.", "Gov.") ends a
#: sentence before a sentence starter (:func:`_is_abbreviation`: "12 Oak Dr. The house"); written as
#: a title is, "Mr." or "Prof." ("tandem MS." is an abbreviation of another kind)
_HONORIFICS = frozenset("mr mrs ms mx messrs mme mlle prof".split())
#: the sentence starters after an abbreviation that no name follows (:func:`_is_abbreviation`): those
#: of :data:`SENTENCE_STARTERS`, the pronouns, the articles, the titles ("Inc. Mr. Smith said"), and
#: a news report's common subjects and time words, which may be surnames after an initial ("at 10
#: a.m. Police estimated", "Washington, D.C. Critics", "Pfizer Inc. Earlier", "the U.S. Most")
_STARTERS_AFTER_NAMES = SENTENCE_STARTERS | _PRONOUNS | frozenset("mr mrs ms dr prof most several "
                                                       "few police officials critics experts researchers scientists "
                                                       "analysts authorities earlier later today yesterday meanwhile "
                                                       "still now".split())
#: those abbreviations: a company's, a department's, a place's, a time's, a degree's, and "Jr."
#: after a name (not "Ave. A", "ca. A third", "Mt. Everest", which a name, a letter or a number may follow)
_NO_NAME_AFTER = frozenset("inc ltd co corp bros dept u.s u.k u.n e.u u.s.a ph.d m.d b.a m.a b.sc m.sc a.m p.m d.c jr"
                           .split())


def _first_word(text: str, at: int, hi: int) -> tuple[str, int]:
    """The letters of the word that starts at ``text[at]`` (up to 12, before ``hi``), after any
    opening quotes ('D. "It may help," she said.'), and where they end."""
    while at < hi and text[at] in _OPENING_QUOTES:
        at += 1
    m = _WORD_AT.match(text, at, hi)
    return (m.group(), m.end()) if m else ("", at)


_OPENING_QUOTES = "\"“‘«'"
# the words after a possible headline's third, up to a final mark or a line break (_starts_sentence)
_CLAUSE_PIECE = re.compile(r"[^.!?…\r\n]*")
# a contraction's ending after a starter ("It's", "There's", "They're", "That’ll"): the word is the starter
_CONTRACTION = re.compile(r"['’](?:s|re|ve|ll|d|m)(?![^\W_])", re.IGNORECASE)


def _starts_sentence(text: str, nxt: int, hi: int, names: frozenset[str] = frozenset(),
                     starters: frozenset[str] = SENTENCE_STARTERS) -> bool:
    """Whether the word at ``text[nxt]`` (after any opening quotes; nothing from ``hi`` on, the end of
    its paragraph, is read) is a capitalised word of ``starters`` (:data:`SENTENCE_STARTERS`), other
    than ``names``, that starts a sentence: not part of a longer word ("In-ho", "As-Sadr"; a
    contraction is the word: "It's", "They're"), not an initial ("A. B. Smith"), not a reference's
    "In:" ("Smith et al. In: Proceedings"), not a surname (one before "et al." is: "T. To et al."),
    and not the first of three capitalised words ("U.S. To Send Troops", "Inc. And Its Rivals": a
    headline), unless on the same line a word in lower case other than a headline's small ones
    ("to", "of", "the"...) follows them within four words ("The White House said": a name).
    (So "Episode V. The Empire Strikes Back was released" reads as two sentences.)"""
    first, end = _first_word(text, nxt, hi)
    if not first[:1].isupper() or first.lower() not in starters or first.lower() in names:
        return False
    if len(first) == 1 and text.startswith(".", end, hi):
        return False  # an initial ("Co. A. B. Jones")
    if end < hi and (text[end].isalnum() or text[end] in "-'’\u2010\u2011"):
        contraction = _CONTRACTION.match(text, end, hi)
        if contraction is None:
            return False  # a longer word (more than 12 letters, or hyphenated), not a contraction ("It's")
        end = contraction.end()  # (the headline test below reads the words after "It's")
    if first.lower() == "in" and text.startswith(":", end, hi):
        return False  # a reference's "In: Proceedings" ("Also: eat well." starts a sentence)
    after = _SPACES.match(text, end, hi).end()  # type: ignore[union-attr]
    if text.startswith("et ", after, hi) or text.startswith("et al", after, hi):
        return False
    # a headline capitalises every word: the starter and the two words after it ("To Send Troops");
    # a sentence's next words may be a name or two ("The Spanish flu", "Both TNF-alpha and"), or
    # longer, when a word in lower case other than a headline's small ones soon follows ("The White
    # House said", "The New York Times funded", "The National Institutes of Health recommends")
    second, end2 = _first_word(text, after, hi)
    third, end3 = _first_word(text, _SPACES.match(text, end2, hi).end(), hi)  # type: ignore[union-attr]
    if not (second[:1].isupper() and third[:1].isupper()):
        return True
    if _LINE_BREAK.search(text, nxt, end3):
        return False  # a headline on its own line ("U.S. To Decide\nThe White House said ...")
    rest = _CLAUSE_PIECE.match(text, end3, min(hi, end3 + 80)).group()  # type: ignore[union-attr]
    return any(w[:1].islower() and w not in _TITLE_SMALL for w in _HEADING_WORD.findall(rest)[:4])


def _split_paragraph(text: str, lo: int, hi: int, out: list[tuple[int, int]], end_of_paragraph: int) -> None:
    """Split ``text[lo:hi]``, a paragraph or one of its list items or headings, into sentences
    (appended to ``out``). The words after an abbreviation that decide whether it ends a sentence
    may be read up to ``end_of_paragraph`` (a headline "U.S. To Decide" on its own line), never
    beyond: the next paragraph decides nothing in this one."""
    quotes = _quote_spans(text, lo, hi)
    qi = 0
    start = _LEAD.match(text, lo, hi).end()  # type: ignore[union-attr]  # (an indented "1. ..." too, or after a BOM)
    start = _after_stamp(text, start, hi, out)
    for m in _END_RE.finditer(text, lo, hi):
        if m.start() < start:
            continue  # inside a citation that the sentence before took along
        end = m.end()
        if end < hi and (text[end].isdigit() if m.group("mark")[-1] in _WIDE_MARKS else not text[end].isspace()):
            continue  # "3.5", "e.g.,", "a.b": no end (a CJK mark needs no white space after it)
        if end < hi and text[m.start():end].rstrip(_EDGE)[-1:] in "」』" and (
                text[end] == "っ" or text[end] == "と" and text[end + 1 : end + 2] in _QUOTATIVE_TO):
            continue  # a Japanese quotation that the sentence goes on to report: "「雨だ。」と言った。"
        # The first character after the candidate boundary that is neither white space nor invisible
        # (a zero-width space before "then" hid its lower case; the sentence's edges drop them anyway)
        nxt = _LEAD.match(text, end, hi).end()  # type: ignore[union-attr]  # (always matches)
        if nxt >= hi:
            break
        c = text[nxt]
        if c.islower() and not (_INLINE_ITEM.match(text, nxt, hi) and _word_end(text, m.start(), lo)):
            continue  # "e.g. the", "... and so on. and" -- not a new sentence (but "It rained. iv. Polls ...")
        if c in ".…" and (nxt + 1 >= hi or text[nxt + 1].isspace() or text[nxt + 1] in ".…"):
            continue  # a spaced ellipsis (". . .", "? . . ."): its last dot decides (not "C#. .NET")
        if c in "—–" or c == "(" and _AGENCY.match(text, nxt, hi):
            continue  # a dash goes on with the sentence; a dateline's "SPRINGFIELD, Ill. (AP) — ..."
        while qi < len(quotes) and quotes[qi][1] < m.start():
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < m.start() and m.end() <= quotes[qi][1]:
            continue  # inside quoted speech
        punct = m.group("mark")
        if punct in ".．" and _is_abbreviation(text, m.start(), lo, nxt, end_of_paragraph):
            continue
        if punct[-1] in "?!" and _QUOTE_CLOSE_RE.search(text, m.end("mark"), end) and _attribution(text, nxt, hi):
            continue  # '"Why now?" Putin asked.': the speaker's attribution is the quotation's sentence
        if punct in ".．" and m.start() - start <= 11 and _LIST_NUMBER.match(text, start, m.start()):
            continue  # "2. Mix the drug.", "2.1. Methods": the item's number, not a sentence
        if c in "([":  # a citation after the full stop belongs to its sentence ("It rained. (Smith 2003) It")
            end, nxt = _citation_after(text, nxt, hi, end, nxt)
        out.append((start, end))
        start = nxt
        if _LINE_BREAK.search(text, end, nxt):  # a line that opens with a stamp, as a log's do
            start = _after_stamp(text, start, hi, out)
    out.append((start, hi))


#: a closing quotation mark among the closers after a final mark
_QUOTE_CLOSE_RE = re.compile("[\"”’']")
#: verbs of saying that attribute a quotation to the name before them ('"Why now?" Putin asked.')
_SPEECH_VERBS = ("asked|asks|said|says|replied|replies|answered|answers|shouted|shouts|cried|cries|yelled|yells|"
                 "screamed|whispered|whispers|exclaimed|demanded|demands|wondered|wonders|added|adds|told|tells|"
                 "wrote|writes|insisted|insists|continued|recalled|joked|quipped|declared|snapped|murmured|muttered")
#: one to four capitalised words, a title's or an initial's full stop allowed ("Mr. Kim", "President
#: Biden", "J. Smith"), then a verb of saying
_ATTRIBUTION = re.compile(r"(?:[A-Z][\w'’-]*\.?[^\S\r\n]+){1,4}(?:" + _SPEECH_VERBS + r")\b")


def _attribution(text: str, at: int, hi: int) -> bool:
    """Whether a speaker's attribution starts at ``text[at]``, after a quotation that ends in "?" or
    "!": capitalised words, the first no sentence starter ("Nobody answered." is a sentence of its
    own), then a verb of saying ('"Why now?" Putin asked.', '"Enough!" President Biden said on
    Tuesday.'). Reads at most a line."""
    m = _ATTRIBUTION.match(text, at, hi)
    return m is not None and _first_word(text, at, hi)[0].lower() not in _NO_SPEAKER


#: capitalised words after a quotation that start a sentence of their own rather than name its
#: speaker: the sentence starters, pronouns and articles ('"Why?" He asked again.' is written "he
#: asked" where it is the attribution), "Nobody", "Everyone", ...
_NO_SPEAKER = SENTENCE_STARTERS | _PRONOUNS | frozenset("nobody everyone everybody someone somebody anyone anybody"
                                                         .split())


def _after_stamp(text: str, start: int, hi: int, out: list[tuple[int, int]]) -> int:
    """Where the sentence that starts at ``text[start]`` starts after a date stamp that opens it on
    its line (:func:`_date_stamp_end`, appended to ``out`` as a sentence of its own): ``start`` when
    there is none."""
    if start < hi and (text[start].isdigit() or text[start] in "DdUuPpLl"):
        stamp = _date_stamp_end(text, start, hi)
        if stamp is not None:
            out.append((start, stamp[0]))
            return stamp[1]
    return start


_MAX_CITATION = 40  # characters between a citation's brackets
# "(1)", "(100)", "(b)", "(iv)", a figure panel's "(2A)": a list's or a figure's label, not a citation
_ENUMERATOR = re.compile(r"\d{1,3}[a-zA-Z]?|[a-zA-Z]|[ivxIVX]{1,4}|[A-Z]?\d{1,3}")


def _citation_after(text: str, at: int, hi: int, end: int, nxt: int) -> tuple[int, int]:
    """``(end, nxt)`` of a sentence boundary moved past a citation that starts at ``text[at]`` right
    after a final mark ("(Smith et al., 2003)", "[3]", "(ref. 12)"): a bracket group of at most
    :data:`_MAX_CITATION` characters on the mark's line, not ending in a final mark (a sentence of
    its own: "(It was cold.)"), a parenthesis holding a digit in at most four words and no
    enumerator or figure label ("(1) GenBank ...", "(2A) Control cells." start the next sentence),
    and followed by the paragraph's end or a word that does not start in lower case; else the
    boundary unchanged."""
    if "\n" in text[end:at] or "\r" in text[end:at]:
        return end, nxt  # a label that starts a line ("[2] Jones K." in a list of references)
    close = text.find(")" if text[at] == "(" else "]", at + 1, min(hi, at + _MAX_CITATION + 2))
    if close < 0:
        return end, nxt
    inner = text[at + 1 : close].rstrip()
    if not inner or any(ch in inner for ch in "([\n\r") or inner[-1] in ".!?…":
        return end, nxt
    if text[at] == "(" and (not any(ch.isdigit() for ch in inner) or len(inner.split()) > 4
                            or _ENUMERATOR.fullmatch(inner)):
        return end, nxt  # an aside ("(10 days after I saw it)") or an enumeration ("(1) GenBank ...")
    after = _SPACES.match(text, close + 1, hi).end()  # type: ignore[union-attr]
    if after < hi and (after == close + 1 or text[after].islower()):
        return end, nxt
    return close + 1, after


def _split_lines(text: str, lo: int, hi: int, out: list[tuple[int, int]]) -> None:
    """Split the paragraph ``text[lo:hi]`` at the line breaks before list items, then each part
    into sentences.

    A line that starts like a list item starts one only after a line that ends a sentence (in
    ``.``, ``:``, ``;``, ``!``, ``?`` or ``…``, not in an abbreviation such as "Fig.") or inside a
    list (an item has been seen in the paragraph): hard-wrapped prose whose next line happens to
    start with "10." or "- as expected -" stays one sentence. An unindented line after an item's
    ends the item when it starts with a capitalised word of :data:`SENTENCE_STARTERS` ("- Sales
    fell\nIt may rain.", not after a line that ends in a comma or a word such as "as" or "the") or
    after a line that ends a sentence; a wrapped item's next line ("- treated with\nAspirin daily")
    stays in the item, and later items are still items. Linear in the paragraph's length."""
    if text.find("\n", lo, hi) < 0 and text.find("\r", lo, hi) < 0:  # (most paragraphs: one line)
        _split_paragraph(text, lo, hi, out, hi)
        return
    first = _LEAD.match(text, lo).end()  # type: ignore[union-attr]  # (a part may start with line breaks)
    item = _LIST_ITEM.match(text, first) is not None
    listing = item  # a list item has been seen in the paragraph: a bullet line after it starts another
    # ... and a letter's or a Roman numeral's line, only after an item of such a mark ("17. ...
    # featuring mary\nj. blige" is no item "j.")
    lettered = _LETTER_ITEM.match(text, first) is not None
    for m in _LIST_RE.finditer(text, first, hi):
        date = m.end() < hi and text[m.end()].isdigit() and not _LIST_ITEM.match(text, m.end())
        if date and not _date_line_at(text, m.end(), hi) and not _above_section(text, max(lo, first), m.start(),
                                                                                m.end(), hi):
            continue  # (_LIST_RE admits a line that starts with a day's number for a date line or a section's)
        if m.end() < hi and (text[m.end()].isalpha() and not _LIST_ITEM.match(text, m.end(), hi)
                             or text[m.end()] in _OPENING_QUOTES or date):
            # an unindented line of text may end an item, or a heading (also above a date line,
            # "12 September 2023")
            if not (item and (_starts_sentence(text, m.end(), hi) and not _continues(text, lo, m.start())
                              or _ends_line(text, lo, m.start(), hi))
                    or not item and _heading(text, max(lo, first), m.start(), m.end(), hi)
                    or item and _section_line_end(text, max(lo, first), m.start()) == m.start()
                    and _opens_line(text, m.end(), hi)  # ("1. Introduction\nDeep learning ...": the whole item)
                    or text[m.end()] in _SECTION_INITIALS
                    and _above_section(text, max(lo, first), m.start(), m.end(), hi)):
                continue
        elif not (lettered if _LETTER_ITEM.match(text, m.end(), hi) else listing) \
                and not _ends_line(text, lo, m.start(), hi) \
                and not _heading_above_list(text, max(lo, first), m.start(), m.end(), hi) \
                and not _above_section(text, max(lo, first), m.start(), m.end(), hi):
            continue
        _split_paragraph(text, lo, m.start(), out, hi)
        lo = m.end()
        item = _LIST_ITEM.match(text, lo) is not None
        listing = listing or item
        lettered = lettered or _LETTER_ITEM.match(text, lo) is not None
    _split_paragraph(text, lo, hi, out, hi)


#: a heading line is at most this many words and characters ...
_MAX_HEADING_WORDS = 20
_MAX_HEADING_CHARS = 300
#: ... and at most this share of the next line's length, when that is longer than the widths text is
#: hard-wrapped at (:data:`_WRAP_WIDTH`: a paragraph on one line), unless it is title-cased
_HEADING_SHARE = 0.6
_WRAP_WIDTH = 80
#: ... or when another line follows it in the paragraph and it is at least this long (text wrapped
#: at a narrow column's width or wider)
_MIN_WRAPPED = 40
_WRAPPED_SHARE = 0.8
_INNER_END = re.compile(r"[.!?…]['\"”’)\]»]*\s")
#: capitalised words that go on from the line before rather than open a paragraph under a heading
_LINKING = frozenset("And But Or Nor Yet So With".split())
_HEADING_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*")
_LINE_BREAK = re.compile(r"[\r\n]")
_MAX_BYLINE = 60  # characters
#: short words that a title capitalises and prose does not ("Why The Visit Matters")
_TITLE_SMALL = frozenset("the a an of in on to for and at by with is as or".split())


def _leading_word(token: str) -> str:
    """The letters and digits that ``token`` (a run of non-space characters) starts with after any
    quotes or punctuation: ``'"And,'`` -> ``'And'``."""
    m = _HEADING_WORD.search(token)
    return m.group() if m else ""


def _unclosed(line: str) -> bool:
    """Whether ``line`` leaves a quotation or a bracket open: an odd number of ``"``, more ``“`` than
    ``”``, ``«`` than ``»``, ``(`` than ``)`` or ``[`` than ``]``."""
    return (line.count('"') % 2 == 1 or line.count("“") > line.count("”") or line.count("«") > line.count("»")
            or line.count("(") > line.count(")") or line.count("[") > line.count("]"))


#: a line that holds only one of these (any case, but capitalised; numbered or not; a colon after it
#: allowed) heads a section of a paper or a clinical note: it ends a sentence, and so does the line
#: above it (:func:`_above_section`)
SECTION_NAMES: frozenset[str] = frozenset(" ".join(name.split()) for name in """
    abstract|background|introduction|methods|method|methodology|materials and methods|methods and materials|
    patients and methods|results|findings|discussion|results and discussion|conclusion|conclusions|summary|
    references|bibliography|acknowledgements|acknowledgments|keywords|key words|objective|objectives|aims|
    purpose|limitations|funding|related work|future work|appendix|supplementary material|case report|
    case presentation|impression|assessment|assessment and plan|plan|history of present illness|diagnosis|
    recommendations|acknowledgement|experimental procedures|statistical analysis|data availability|
    competing interests|conflict of interest|conflicts of interest|author contributions|subjective|indication|
    indications|technique|comparison|medications|allergies|hospital course""".split("|"))
#: what a section's line starts with: a name's capital (a name in lower case heads no section) or a
#: section's number ("1 Introduction", "2.1. Methods", "II. RESULTS")
_SECTION_INITIALS = frozenset(name[0].upper() for name in SECTION_NAMES) | frozenset("0123456789IVX")
#: a line that holds only a name of SECTION_NAMES, at a line's start (white space around it allowed)
_SECTION_LINE = re.compile(
    r"[^\S\r\n]*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)[^\S\r\n]+)?(?=[A-Z])(?i:"
    + "|".join(r"[^\S\r\n]+".join(map(re.escape, name.split())) for name in sorted(SECTION_NAMES, key=len, reverse=True))
    + r")[^\S\r\n]*(?::[^\S\r\n]*)?(?=[\r\n]|\Z)")


def _section_line_end(text: str, at: int, hi: int) -> int | None:
    """Where the line that starts at ``text[at]`` ends, if it holds only a name of
    :data:`SECTION_NAMES` ("Abstract", "MATERIALS AND METHODS", "Results:"); else ``None``."""
    m = _SECTION_LINE.match(text, at, hi)
    return m.end() if m else None


def _above_section(text: str, lo: int, at: int, nxt: int, hi: int) -> bool:
    """Whether the line that ends at the line break ``text[at]`` ends its sentence because the next
    line, starting at ``nxt``, is a section's name (:func:`_section_line_end`) above a line that opens
    a sentence (:func:`_opens_line`): "Multiple RNA-protein interactions in Drosophila dosage
    compensation\nAbstract\nFrom worms to humans ...", and the sentence that the line ends could be
    a title (:func:`_title_block`). Not when the line goes on (:func:`_continues`: "... as shown in
    the\nResults\nsection") or holds no word."""
    end = _section_line_end(text, nxt, hi)
    if end is None or not _opens_line(text, end, hi) or _continues(text, lo, at):
        return False
    return _title_block(text, lo, at, hi)


def _title_block(text: str, lo: int, at: int, hi: int) -> bool:
    """Whether the text from the sentence's start (the part's start ``lo``, or the last line before
    ``at`` that ends a sentence) to the line break ``text[at]`` could be a title: one to
    :data:`_MAX_HEADING_WORDS` words on at most :data:`_MAX_HEADING_CHARS` characters, over one
    line or more ("... Sequences Were Derived from\nTransib Transposons"), not the tail of a long
    sentence. Reads at most that many characters back."""
    floor = max(lo, at - _MAX_HEADING_CHARS)
    start = at
    while True:
        brk = max(text.rfind("\n", floor, start), text.rfind("\r", floor, start))
        if brk < 0:
            if floor > lo:
                return False  # longer than a title
            start = lo
            break
        if _ends_line(text, lo, brk, hi):
            start = brk + 1
            break
        start = brk
    return 0 < len(_HEADING_WORD.findall(text, start, at)) <= _MAX_HEADING_WORDS


def _title_cased(words: list[str]) -> bool:
    """Whether a line's ``words`` are a title's: every word of four letters or more capitalised, and
    at least three of them or a short word such as "The" or "In" capitalised after the first word
    ("Talks Resume In Geneva", "Why The Visit Matters"; not "On Monday the New York", which a
    hard-wrapped line may be)."""
    long_words = [w for w in words if len(w) >= 4]
    if not long_words or not all(w[0].isupper() for w in long_words):
        return False
    return len(long_words) >= 3 or any(w[0].isupper() and w.lower() in _TITLE_SMALL for w in words[1:])


_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_SP = r"[^\S\r\n]"  # white space within a line
#: white space within a line or an invisible character (a zero-width space between a date stamp's
#: label, date and text: "date \u200b2023-09-12 \u200bNorth Korea's ...")
_SP_EDGE = rf"(?:{_SP}|[{_escaped_class(_EDGE)}])"
#: what a date line may start with: "Updated:", "Published on", "date"
_DATE_LABEL = rf"(?:[Dd]ated?|[Uu]pdated|[Pp]ublished|[Pp]osted|[Ll]ast updated)(?:{_SP}+on)?\b:?{_SP_EDGE}*"
#: time zones a date stamp on a sentence's line may end in ("10:42 AM EDT The talks ..."; on a line of
#: its own any two to four capitals are taken: "10:42 WIB")
_ZONES = (r"(?:UTC|GMT|BST|IST|JST|KST|HKT|SGT|MSK|WIB|SAST|HST|AKS?T|AKDT|CES?T|EES?T|WES?T|[ECMP][SD]?T|A[SD]T|AES?T|AEDT|"
          r"NZS?T|NZDT)")


def _written_date(zone: str) -> str:
    """A written date, with a weekday and a time or not, its time zone ``zone`` (a pattern)."""
    return (rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?{_SP}+)?"
            rf"(?:{_MONTH}{_SP}+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?{_SP}+{_MONTH}),?{_SP}+\d{{4}}"
            rf"(?:(?:,{_SP}*|{_SP}+)\d{{1,2}}[:.]\d{{2}}(?:{_SP}*[aApP]\.?[mM]\.?)?(?:{_SP}+{zone}(?![^\W_]))?)?")


_WRITTEN_DATE = _written_date(r"[A-Z]{2,4}")
#: "2023-09-12", "2023-09-12 10:42", "2023-09-12T10:42:00Z", "2023-09-12 10:42 +02:00" (a zone's
#: letters are not a word's first: "2023-09-12 10:42 Zelensky arrived")
_ISO_DATE = (rf"\d{{4}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
             rf"(?:(?:T|{_SP}+)\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:{_SP}*[aApP]\.?[mM]\.?(?![^\W_]))?"
             rf"(?:(?:Z|{_SP}*(?:UTC|GMT))(?![^\W_])|{_SP}*[+-]\d{{2}}:?\d{{2}})?)?")
#: a date line under a headline: "September 12, 2023", "Tuesday, 12 September 2023", "12 September 2023",
#: "Updated: Sept. 12, 2023 10:42 AM EDT", "Date: 2023-09-12" (the line rules look at a line break
#: before a digit only where the next line is such a date line, :func:`_date_line_at`, or a list item)
_DATELINE = re.compile(rf"(?:{_DATE_LABEL})?(?:{_WRITTEN_DATE}|{_ISO_DATE})")
#: a date stamp that opens a paragraph on the line of its text: "date 2023-09-12 North Korea's leader
#: ...", "Updated: Sept. 12, 2023 The talks ..." (an ISO date, or a labelled date; a written date
#: alone may open a sentence: "12 September 2023 Brussels" is left alone), then white space and a
#: capital letter (:func:`_date_stamp_end`)
_DATE_STAMP = re.compile(rf"(?:{_DATE_LABEL})?{_ISO_DATE}|{_DATE_LABEL}{_written_date(_ZONES)}")
_MAX_STAMP = 100  # characters of a date stamp on a sentence's line, at most
_LINE_SPACES = re.compile(f"{_SP_EDGE}+")


def _masthead(line: str, words: list[str]) -> bool:
    """Whether a ``line`` (white space at its edges left out) of ``words`` (:data:`_HEADING_WORD`) is
    a byline ("By" and one to five capitalised words: "By John Smith") or a date line
    (:data:`_DATELINE`), of at most :data:`_MAX_BYLINE` characters."""
    if len(line) > _MAX_BYLINE:
        return False
    return (2 <= len(words) <= 6 and words[0] == "By" and all(w[:1].isupper() for w in words)
            or _DATELINE.fullmatch(line) is not None)


def _date_stamp_end(text: str, at: int, hi: int) -> tuple[int, int] | None:
    """``(end, next)`` of a date stamp (:data:`_DATE_STAMP`) that starts at ``text[at]`` and is
    followed, on its line, by white space and a capital letter (after an opening quote, if any) at
    ``text[next]``: "date 2023-09-12 North Korea's leader ..."; else ``None``."""
    m = _DATE_STAMP.match(text, at, min(hi, at + _MAX_STAMP))
    if m is None:
        return None
    brk = _LINE_BREAK.search(text, at, min(hi, at + _MAX_STAMP + 1))
    if _DATELINE.fullmatch(text[at:brk.start() if brk else hi].rstrip()) is not None:
        return None  # (a date line of its own, "Updated: Sept. 12, 2023 10:42 AM ET": the line rules' to end)
    nxt = _LINE_SPACES.match(text, m.end(), hi)
    if nxt is None or nxt.end() >= hi:
        return None
    c = nxt.end() + (text[nxt.end()] in _OPENING_QUOTES and nxt.end() + 1 < hi)
    return (m.end(), nxt.end()) if text[c].isupper() else None


def _date_line_at(text: str, at: int, hi: int) -> bool:
    """Whether the line that starts at ``text[at]`` (before ``hi``) is a date line that starts with a
    digit ("12 September 2023"; :data:`_DATELINE`); reads at most :data:`_MAX_BYLINE` + 1 characters."""
    if not text[at].isdigit():
        return False
    end = min(hi, at + _MAX_BYLINE + 1)
    brk = _LINE_BREAK.search(text, at, end)
    line = text[at:brk.start() if brk else end].rstrip()
    return len(line) <= _MAX_BYLINE and _DATELINE.fullmatch(line) is not None


def _opens_line(text: str, at: int, hi: int) -> bool:
    """Whether the line that starts at or after ``text[at]`` (past line-break and space characters)
    opens a sentence: it starts with a capital letter (after an opening quote, if any) or is a date
    line (:func:`_date_line_at`), or the paragraph ``text[..:hi]`` ends before it."""
    while at < hi and text[at] in "\r\n \t":
        at += 1
    if at >= hi:
        return True
    return text[at + (text[at] in _OPENING_QUOTES and at + 1 < hi)].isupper() or _date_line_at(text, at, hi)


def _heading_line(text: str, lo: int, at: int, hi: int) -> tuple[int, list[str]] | None:
    """``(start, words)`` of the line that ends at ``text[at]`` if it may be a heading: it starts the
    paragraph ``text[lo:hi]`` or follows a line that ends a sentence, and holds at most
    :data:`_MAX_HEADING_CHARS` characters and one to :data:`_MAX_HEADING_WORDS` words
    (:data:`_HEADING_WORD`); else ``None``. Reads at most that many characters back."""
    floor = max(lo, at - _MAX_HEADING_CHARS)
    start = max(text.rfind("\n", floor, at), text.rfind("\r", floor, at)) + 1
    if start == 0:  # no line break in the window
        if floor > lo:
            return None  # a line longer than a heading
        start = lo
    if start > lo and not _ends_line(text, lo, start - 1, hi):
        return None  # the line goes on from the line before it
    words = _HEADING_WORD.findall(text, start, at)
    if not words and _DATELINE.fullmatch(text[start:at].strip()) is None or len(words) > _MAX_HEADING_WORDS:
        return None  # (a line without a word is a heading's only when it is a date line: "2023-09-12")
    return start, words


def _heading_above_list(text: str, lo: int, at: int, nxt: int, hi: int) -> bool:
    """Whether the line that ends at the line break ``text[at]`` is a heading above a list whose
    first item starts at ``nxt`` ("Key risks\n- Turnout could fall.\n- The polls may be wrong."):
    the line starts the paragraph ``text[lo:hi]`` or follows a line that ends a sentence, does not
    end as a wrapped line does (:func:`_continues`), holds at most :data:`_MAX_HEADING_WORDS` words
    and :data:`_MAX_HEADING_CHARS` characters; the item's text starts with a capital letter (after
    an opening quote, if any), and the line after the item's starts another item. Hard-wrapped
    prose whose next line starts with "- as expected -" or "10." stays one sentence. Reads the line
    and the item's line once."""
    item = _LIST_ITEM.match(text, nxt, hi)
    if item is None or _continues(text, lo, at):
        return False
    body = _SPACES.match(text, item.end(), hi).end()  # type: ignore[union-attr]
    if body >= hi or not text[body + (text[body] in _OPENING_QUOTES and body + 1 < hi)].isupper():
        return False
    if _heading_line(text, lo, at, hi) is None:
        return False
    brk = _LINE_BREAK.search(text, body, hi)
    after = _LIST_RE.match(text, brk.start(), hi) if brk else None
    return after is not None and _LIST_ITEM.match(text, after.end(), hi) is not None


#: a Markdown heading's line: "## Results", "### 2.1 Study design", or a line in bold alone ("**Results**")
_MARKDOWN_HEADING = re.compile(r"[^\S\r\n]*(?:#{1,6}[^\S\r\n]+\S.*|(\*\*|__)[^*_\r\n]+\1:?)")


def _heading(text: str, lo: int, at: int, nxt: int, hi: int) -> bool:
    """Whether the line that ends at the line break ``text[at]`` is a heading whose sentence ends
    there ("Kim Jong Un arrives in Russia\nNorth Korea's leader ..."), ``nxt`` being where the next
    line's text starts. The line must start the paragraph ``text[lo:hi]`` or follow a line that ends
    a sentence, have no final mark, not end as a wrapped line does (:func:`_continues`), hold at
    most :data:`_MAX_HEADING_WORDS` words and :data:`_MAX_HEADING_CHARS` characters, and be
    followed by a line that starts with a capital letter or is a date line ("12 September 2023",
    :func:`_date_line_at`); and it must be a section's name (:data:`SECTION_NAMES`: "Abstract",
    "IMPRESSION:", "1 Introduction", the one heading that may end in ":"), a Markdown heading ("##
    Results", "**Results**": :data:`_MARKDOWN_HEADING`), or short beside a next line
    longer than :data:`_WRAP_WIDTH` characters (a paragraph on one line; at most
    :data:`_HEADING_SHARE` of its length), or, when it starts the part ``lo`` (the paragraph, or
    the text after a heading or a list), short beside a wrapped next line (one that another line
    of the paragraph follows, of at least :data:`_MIN_WRAPPED` characters; at most
    :data:`_WRAPPED_SHARE` of its length, its first word fitting on the line within it and not one
    of :data:`_LINKING`, no sentence's end inside the line and no quotation or bracket left open:
    hard-wrapped prose breaks a line where the next word does not fit, "Poincaré conjecture\nIn
    some cases Hamilton was able to show that ..."), or a byline or
    date line (:func:`_masthead`: "By John
    Smith", "September 12, 2023") or the line above one (when the line after that opens a sentence,
    :func:`_opens_line`), or title-cased
    (:func:`_title_cased`, without a comma: not a list of authors) and not broken as a wrapped line
    is (the next line's first word would have fitted on it at the width of the longer of the two
    lines). Text hard-wrapped at 80 characters or less ("He met\nDr. Jones yesterday.", "...
    President Emmanuel\nMacron met") thus stays one sentence. Each call reads at
    most the line and :data:`_MAX_HEADING_CHARS` / :data:`_HEADING_SHARE` characters of the next,
    so a paragraph of many lines is split in linear time."""
    if not (text[nxt + (text[nxt] in _OPENING_QUOTES)].isupper() or _date_line_at(text, nxt, hi)):
        return False  # (the next line may open with a quote: '"We will talk," he said.', or be a date line)
    ends = _ends_line(text, lo, at, hi)
    if ends and text[_text_end(text, lo, at) - 1] != ":" or _continues(text, lo, at):
        return False  # (a sentence's end ends the sentence without this rule)
    found = _heading_line(text, lo, at, hi)
    if found is None:
        return False
    start, words = found
    if _section_line_end(text, start, at) is not None or _MARKDOWN_HEADING.fullmatch(text, start, _text_end(text, start, at)):
        return True  # "Abstract", "Results and discussion", "IMPRESSION:", "## Results", "**Results**"
    if ends:
        return False  # (a line that ends in ":" goes on: '... said:\n"We will talk."')
    horizon = min(hi, nxt + int(_MAX_HEADING_CHARS / _HEADING_SHARE) + 1)
    brk = _LINE_BREAK.search(text, nxt, horizon)
    following = len(text[nxt:brk.start() if brk else horizon].rstrip())
    line = text[start:at].strip()
    if following > _WRAP_WIDTH and len(line) <= _HEADING_SHARE * following:
        return True
    next_word = text[nxt:horizon].split(None, 1)[0]  # (text[nxt] is a letter or an opening quote)
    first_word = len(next_word)
    if (start == lo and following >= _MIN_WRAPPED and len(line) <= _WRAPPED_SHARE * following
            and len(line) + 1 + first_word <= following and brk is not None
            and _SPACES.match(text, brk.end(), hi).end() < hi  # type: ignore[union-attr]
            and not _INNER_END.search(line) and not _unclosed(line)
            and _leading_word(next_word) not in _LINKING):
        # short beside a wrapped line (one that another line follows in the paragraph) that its
        # first word fitted on: a line of hard-wrapped prose breaks where a word does not fit. Only
        # a paragraph's first line (or one after a heading or a list): a short line after a
        # sentence's end is as likely a line broken by hand ("... on Tuesday.\nAfter a long
        # debate\nParliament voted ..."); not before "And", "But", ... (a verse's line); no
        # sentence's end inside it ("In English we call it a keystone. '", a quotation's line), no
        # quotation or bracket left open ('"I never said\nJohn was the one ...," she whispered.')
        return True
    if _masthead(line, words) or following <= _MAX_BYLINE and _masthead(
            text[nxt:nxt + following], _HEADING_WORD.findall(text, nxt, nxt + following)) and _opens_line(
            text, brk.end() if brk else hi, hi):
        # a byline or a date line ("By John Smith", "September 12, 2023"), or the line above one when
        # the line after that opens a sentence (not "The treaty was signed\n12 May 2020\nand it lapsed")
        return True
    # a wrapped line broke because the next word did not fit: the next line's first word would not
    # have fitted on it at the width of the longer of the two ("... French President Emmanuel\nMacron
    # met"); a title ends where it ends
    if len(line) + 1 + first_word > max(len(line), following):
        return False
    return "," not in line and _title_cased(words)


#: Words that end a wrapped line whose sentence goes on in the next ("- Prices rose as\nThe Economist reported")
_CONTINUING = frozenset("a an the of to in on at as by for from with and or but nor that which who whom whose than "
                        "into onto via per".split())


def _text_end(text: str, lo: int, at: int) -> int:
    """Where the text of ``text[lo:at]`` ends, white space at its end left out."""
    while at > lo and text[at - 1].isspace():
        at -= 1
    return at


def _continues(text: str, lo: int, at: int) -> bool:
    """Whether the line that ends at ``text[at]`` (its paragraph starts at ``lo``) ends in a comma or
    a word of :data:`_CONTINUING`, so that its sentence goes on in the next line."""
    b = _text_end(text, lo, at)
    if b > lo and text[b - 1] in ",;-–—(":
        return True
    a = b
    while a > lo and text[a - 1].isalpha():
        a -= 1
    return text[a:b].lower() in _CONTINUING


def _ends_line(text: str, lo: int, at: int, hi: int) -> bool:
    """True when ``text[lo:at]``, a line break's text before it, ends a sentence: in ``. : ; ! ? …``
    (with any closing quotes or brackets), not in an abbreviation ("Fig.", "e.g."; the words that
    decide it are read before ``hi``, the paragraph's end)."""
    e = _text_end(text, lo, at)
    while e > lo and (text[e - 1] in _CLOSERS or text[e - 1] in _WIDE_CLOSERS):
        e -= 1
    if e == lo or (text[e - 1] not in ".:;" and text[e - 1] not in _ALL_MARKS):
        return False
    nxt = _SPACES.match(text, at, hi).end()  # type: ignore[union-attr]
    return not (text[e - 1] in ".．" and _is_abbreviation(text, e - 1, lo, nxt, hi))


def _no_word(text: str) -> bool:
    """Whether ``text`` holds no token at all (empty, white space or invisible characters only):
    nothing to score (the engine gives it P(uncertain) 0) and nothing to train or evaluate on."""
    return not text.strip() or not any(map(str.isalnum, text)) and not normalized_tokens(text)


def _says_nothing(text: str, end_mark: bool = True) -> bool:
    """Whether a scorer reads ``text`` as no word: :func:`_no_word`, or, with ``end_mark`` (under
    which a list item's marker is no token: :attr:`hedgekit.features.FeatureConfig.item_marks`), a
    list item's marker alone ("-", "•", "2."). Such a text scores P(uncertain) 0; what writes scores
    out (``score --lines``, :mod:`hedgekit.pandas`, the spaCy component) gives it none, so that it
    counts in no mean or count of labels."""
    if _no_word(text):
        return True
    span = list_marker(text) if end_mark else None
    return span is not None and _no_word(text[span[1]:])


def list_marker(text: str) -> tuple[int, int] | None:
    """The ``(start, end)`` character span of the list item's marker that ``text`` starts with,
    after any white space and invisible characters: a bullet (``-``, ``*``, ``•``, ``‣``, ``◦``,
    ``·``, ``–``), a number of one to three digits or a section number (``2.1``), or a small letter
    or a Roman numeral of two to four letters not before a number, with ``.`` or ``)``, followed
    by white space, as :func:`split_sentences` reads a list item ("- It may rain." -> ``(0, 1)``,
    "  2. Mix the drug." -> ``(2, 4)``, "b) It may." -> ``(0, 2)``), or by nothing but white space
    and invisible characters: a mark alone ("-", "• ", "2." -> ``(0, 2)``, as "2. " is: a mark
    with and without white space after it reads alike, as no word); ``None`` if it starts
    otherwise ("-based", "2.5 mg", "c. 1200 it fell.", "-\\nIt", "It may rain.").

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"list_marker() expects a str, got {type(text).__name__}")
    m = _ITEM_START.match(text)
    return m.span(1) if m else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""Split raw ``text`` into sentences and return their ``(start, end)`` character offsets.

    ``text[start:end]`` is a sentence with no leading or trailing white space or invisible
    characters (a zero-width space, a byte-order mark); stretches of only those belong to no
    sentence. A blank line (LF, CRLF or CR-only line ends; a line holding only invisible characters
    is blank) or a U+2029 paragraph separator always ends a sentence, and so does a line break
    before a list item (a line that starts with a bullet, ``-``, ``*``, ``•``, ``–``..., or with a
    number of one to three digits, a section number such as ``2.1``, a small letter or a Roman
    numeral of two to four letters, ``ii``, ``IV``, and ``.`` or ``)``, then white space) after a
    line that ends a sentence, inside a list (a letter's item inside a list of such items only), or after a heading above a list
    (a short line that starts the paragraph or follows a sentence's end, over an item that starts
    with a capital and another item: "Key risks\n- Turnout could fall\n- Polls may be wrong";
    :func:`_heading_above_list`); the item's mark stays with its sentence ("2. Mix the drug.", "b. Wait.").
    Inside a list, an unindented line that starts with a capitalised word of
    :data:`SENTENCE_STARTERS` ends it. A heading's line break ends it: a line
    without a final mark that starts the paragraph or follows a sentence's end, before a line that
    starts with a capital, when title-cased, short beside a paragraph written on one line or beside
    the wrapped line under it, or a byline or date line or the line above one ("Kim arrives in
    Russia\nNorth Korea's leader ...", "By Jane Doe", "September 12, 2023", "12 September 2023";
    :func:`_heading`). A line that holds only a section's name, numbered or not
    (:data:`SECTION_NAMES`: "Abstract", "2.1. Materials and methods", "IMPRESSION:") or a Markdown
    heading ("## Results", "**Results**") above a line
    that starts with a capital ends its sentence, and so does a title of up to 20 words above it
    unless its line goes on (:func:`_above_section`). A full stop, ``!``, ``?`` or ``…`` (with
    any closing quotes or brackets, citation markers or footnote superscripts, "rained.[3][4]",
    "rained.¹", and any zero-width space) followed by white space ends one, and so do the
    Devanagari danda "।" and "॥", the Arabic "؟", the Urdu "۔" and the full-width "．" (read as
    "." is); the CJK "。" and the full-width "！" and "？" end one with or without white space after
    them (not before a digit, nor before the Japanese quotative "って", or "と" followed by a verb of
    saying or thinking, "の" or "い", after a closing "」" or "』": "「雨だ。」と言った。" is one
    sentence, "「雨だ。」とにかく行こう。" two). Not
    after the abbreviations in :data:`ABBREVIATIONS` ("Mr.", "e.g.", "et al.", "U.S."; those in
    :data:`BEFORE_NUMBER`, such as "No." and "Fig.", only before a number; after a slash too,
    "Table/Fig. 2") unless a capitalised word of :data:`SENTENCE_STARTERS` follows ("in the U.S.
    The", "Acme Inc. It's", "Smith et al. These"; after an abbreviation that no name follows, as
    "Inc.", "U.S.", "p.m.", "Ph.D.", "Jr.", also a pronoun, an article, a title or a news report's
    common subject or time word ("Police", "Critics", "Earlier", "Most"): "Acme Inc. He", "the
    U.S. A study", "Inc. Mr. Smith"; not after "e.g.", "i.e.", "cf.", "viz.", "vs.", "v.",
    "a.k.a.", nor "No" after a title, "Dr. No", nor where the starter and the two words after it are
    capitalised and no lower-case word but a headline's small ones follows them before the line
    or clause ends: a headline's "U.S. To Send Troops to Iraq", where "the U.S. The White House
    said" is two sentences), after a prescription's dosing abbreviation before any capitalised word
    ("40 mg b.i.d. Will reassess"), after initials ("J. Smith"; a capital letter before such a word is
    none: "vitamin D. It"), after a lone lower-case letter before a number ("c. 1200"), inside a quotation (up to 300
    characters; a ``"`` right after a digit is an inch mark; in single quotes too, "‘Never. Ever,’
    he said.", :data:`_SINGLE_QUOTE_RE`), before a speaker's attribution after a quotation's "?" or
    "!" ('"Why now?" Putin asked.': :func:`_attribution`), before a dash or a dateline's agency and
    dash ("SPRINGFIELD, Ill. (AP) — ..."), inside a spaced ellipsis (". . ."), or when the next word
    starts in lower case. A short citation right after the mark stays with
    its sentence ("It rained. (Smith 2003) It may", "rained. [3] It": brackets of at most 40
    characters, not ending in a mark, a parenthesis holding a digit in at most four words and not "(1)"). Decimals ("3.5") never split
    since no white space follows the point.

    Raises:
        TypeError: if ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"split_sentences() expects a str, got {type(text).__name__}")
    raw: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        _split_lines(text, pos, m.start(), raw)
        pos = m.end()
    _split_lines(text, pos, len(text), raw)
    spans = []
    for a, b in raw:  # (invisible characters at a sentence's edges, such as a leading byte-order mark, go too)
        a, b = visible_span(text, a, b)
        if a < b:
            spans.append((a, b))
    return spans


def text_sentences(text: str, offset: int = 0) -> tuple[list[str], list[int]]:
    """The sentences of raw ``text`` (:func:`split_sentences`) and their starts plus ``offset``: what
    the ``score_text`` methods (:meth:`hedgekit.Scorer.score_text`,
    :meth:`hedgekit.cues.CueDetector.score_text`) score, with their checks.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (for many sentences use ``score()``).
        ArgumentError: ``offset`` is not an int >= 0.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"score_text() expects a str, got {type(text).__name__}{one_str_hint(text, 'score()')}")
    if not is_number(offset, integer=True) or offset < 0:
        raise ArgumentError(f"offset must be an int >= 0, got {offset!r}")
    spans = split_sentences(text)
    return [text[a:b] for a, b in spans], [int(offset) + a for a, _ in spans]


def visible_span(text: str, a: int = 0, b: int | None = None) -> tuple[int, int]:
    """``text[a:b]`` (default: all of it) without the white space and invisible characters at its
    edges (a zero-width space, a byte-order mark: what :func:`split_sentences` trims), as ``(start,
    end)`` offsets into ``text``; ``start == end`` when nothing is left."""
    b = len(text) if b is None else b
    while a < b and (text[a].isspace() or text[a] in _EDGE):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE):
        b -= 1
    return a, b


#: a line end of a file of CR lines (:func:`cr_line_ends`): ``\r``, ``\r\n`` or ``\n``
LINE_END_RE = re.compile(r"\r\n?|\n")
# a \r that ends a line of an old Mac file: one followed by text (a file's "\r\r\n" ends are LF ones)
_CR_BEFORE_TEXT_RE = re.compile(r"\r(?=[^\r\n])")
# a file's first line break, as its line ends see it: a \n, or a \r followed by text
_FIRST_BREAK_RE = re.compile(r"\n|\r(?=[^\r\n])")
#: a file's line ends are decided by its first this many characters (:func:`cr_line_ends`): ``hedgekit
#: score --lines`` and the readers of one-record-a-line files (:mod:`hedgekit.readers`) read lines alike
LINE_MODE_WINDOW = 1 << 16


def cr_line_ends(head: str, final: bool) -> bool | None:
    """Whether a file whose first characters are ``head`` has CR lines: among its first
    :data:`LINE_MODE_WINDOW` characters, the first line break is a ``\\r`` followed by text and such
    ``\\r`` outnumber the ``\\n``. ``None`` while ``head`` cannot tell yet and more may follow
    (``final`` False); a file whose first line break is a ``\\n`` is told at once."""
    w = LINE_MODE_WINDOW
    window = head[: w + 1]  # (a \r at the window's end needs the character after it)
    first = _FIRST_BREAK_RE.search(window)
    if first is not None and first.start() >= w:
        first = None
    if first is None:
        return False if final or len(head) > w else None
    if first.group() == "\n":
        return False
    if len(head) <= w and not final:
        return None
    crs = sum(1 for m in _CR_BEFORE_TEXT_RE.finditer(window) if m.start() < w)
    return crs > head.count("\n", 0, w)
