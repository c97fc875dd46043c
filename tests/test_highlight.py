"""The HTML report: well-formed, self-contained, escaped, and faithful to the document."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

import hedgekit
from conftest import tiny_model
from hedgekit.errors import ArgumentError, InputTypeError
from hedgekit.highlight import CATEGORY_COLOURS, CATEGORY_MEANINGS, certainty_colour, render_html
from hedgekit.types import CATEGORIES

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

TEXT = (
    "Reportedly, the drug <script>alert('x')</script> may reduce mortality & \"risk\".  It works.\n"
    "\n"
    "   Some experts believe it might fail; it is probably about 20% effective.\n"
    "\tThis is clearly true.\n"
)


class Checker(HTMLParser):
    """Checks that tags balance; collects marks, attributes and the text inside <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str]] = []  # (class, text)
        self.main_text: list[str] = []
        self._mark: tuple[str, list[str]] | None = None
        self.legend_rows: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "mark":
            self._mark = (dict(attrs).get("class") or "", [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag of void element {tag}")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], "".join(self._mark[1])))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if "main" in self.stack:
            self.main_text.append(data)
        if self._mark is not None:
            self._mark[1].append(data)


def check(page: str) -> Checker:
    c = Checker()
    c.feed(page)
    c.close()
    assert c.errors == []
    assert c.stack == [], f"unclosed tags: {c.stack}"
    return c


@pytest.fixture(scope="module")
def scores() -> list[hedgekit.SentenceScore]:
    return hedgekit.Scorer(model=tiny_model()).score_text(TEXT)


def test_well_formed_and_faithful(scores) -> None:
    page = render_html(scores, TEXT, "Report")
    assert page.startswith("<!DOCTYPE html>")
    c = check(page)
    # the document reads as it was: every character, white space between sentences included
    assert "".join(c.main_text) == TEXT
    spans = [(t, a) for t, a in c.tags if t == "span" and "s" in (a.get("class") or "").split()]
    assert len(spans) == len(scores)
    for (_, attrs), s in zip(spans, scores):
        assert s.label in attrs["class"]
        assert certainty_colour(s.certainty, s.threshold) in attrs["style"]


def test_every_cue_is_a_mark_with_its_category(scores) -> None:
    page = render_html(scores, TEXT, "Report")
    c = check(page)
    cues = [cue for s in scores for cue in s.cues]
    assert len(cues) >= 5
    cue_marks = [(cls, text) for cls, text in c.marks if "cue" in cls.split()]
    assert cue_marks == [(f"cue cat-{cue.category}", cue.text) for cue in cues]
    titles = [a["title"] for t, a in c.tags if t == "mark" and "cue" in (a.get("class") or "").split()]
    for title, cue in zip(titles, cues):
        assert title == f"{cue.category}, weight {cue.weight:.2f}, contribution {cue.contribution:+.2f}"


def test_input_is_escaped(scores) -> None:
    title = "<script>alert(1)</script> & co"
    page = render_html(scores, TEXT, title)
    c = check(page)
    assert "<script" not in page.lower()
    assert not any(t == "script" for t, _ in c.tags)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_a_direction_override_stays_inside_its_sentence() -> None:
    """A bidi override (U+202E) in one sentence reversed the display of the sentences after it (a
    review): every sentence is a bidi isolate, and the text is kept as written."""
    import re

    text = "\u202eThe results may be wrong. The sun rose. It \u2066may\u2069 rain."
    scored = hedgekit.Scorer(model=tiny_model()).score_text(text)
    page = render_html(scored, text, "Report")
    assert "".join(check(page).main_text) == text
    rule = re.search(r"^\.s \{[^}]*\}", page, re.M)
    assert rule is not None and "unicode-bidi: isolate" in rule.group()
    assert page.count('<span class="s ') == len(scored) == 3


class _Isolates(HTMLParser):
    """The bidi controls of <main>'s text that stand outside every isolate (a sentence, ``.s``, or a
    stretch between sentences, ``.g``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[str]] = []
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((dict(attrs).get("class") or "").split() if tag == "span" else [])

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any("s" in c or "g" in c for c in self.stack):
            self.outside += [ch for ch in data if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"]


def test_a_direction_override_between_sentences_is_isolated_too() -> None:
    """The splitter leaves a direction mark at a sentence's edge out of it, so an override (U+202E)
    before the first sentence stood in <main>'s own text, where it made every sentence after it an
    isolate laid out right to left: the sentences read in reverse order (a review). Each stretch
    between sentences that holds a bidi control is an isolate of its own; the text stays as written."""
    text = "\u202eThe results may be wrong. The sun rose.\u202b It \u2066may\u2069 rain.\u202c"
    scored = hedgekit.Scorer(model=tiny_model()).score_text(text)
    page = render_html(scored, text, "Report")
    assert "".join(check(page).main_text) == text
    iso = _Isolates()
    iso.feed(page[page.index("<main") : page.index("</main>") + len("</main>")])
    assert iso.outside == [] and page.count('<span class="g">') == 3
    rule = re.search(r"^\.g \{[^}]*\}", page, re.M)
    assert rule is not None and "unicode-bidi: isolate" in rule.group()
    # a page without bidi controls has no such spans
    plain = "The sun rose. It may rain."
    assert '<span class="g">' not in render_html(hedgekit.Scorer(model=tiny_model()).score_text(plain), plain, "R")


def test_a_lone_surrogate_is_shown_so_the_page_can_be_saved() -> None:
    """A lone surrogate (text read with errors="surrogateescape") went into the page as it was, which
    then could not be encoded to be saved (a review): it is shown as its escape, one for one."""
    text = "It may\udc80 rain."
    page = render_html(hedgekit.Scorer(model=tiny_model()).score_text(text), text, "R")
    page.encode("utf-8")
    assert "\\udc80" in page and "a lone surrogate" in page


@pytest.mark.parametrize("bad", [None, 3, "It may.", "scored-one"])
def test_render_html_names_what_scores_must_be(bad) -> None:
    """A single SentenceScore or None as scores raised a bare "object is not iterable" (a review)."""
    scored = hedgekit.Scorer(model=tiny_model()).score_text("It may.")
    with pytest.raises(InputTypeError, match=r"scores must be the list of SentenceScore of the text \(from "
                                             r"Scorer\.score_text\(text\)\), got "):
        render_html(scored[0] if bad == "scored-one" else bad, "It may.", "R")


@pytest.mark.parametrize("args", [(float("nan"),), (0.0, float("nan")), ("0.5",), (0.5, "0.3")])
def test_certainty_colour_refuses_what_is_no_number(args) -> None:
    """NaN raised "cannot convert float NaN to integer", and a NaN threshold shaded the most hedged
    sentence fully green (a review)."""
    with pytest.raises(ArgumentError, match=r"(certainty|threshold) must be a finite number, got "):
        certainty_colour(*args)


def test_self_contained(scores) -> None:
    page = render_html(scores, TEXT, "Report")
    c = check(page)
    assert "http://" not in page and "https://" not in page
    for tag, attrs in c.tags:
        assert "src" not in attrs and "href" not in attrs, tag
        assert tag not in ("link", "img", "iframe", "object", "embed", "script")
    assert "url(" not in page and "@import" not in page
    assert any(t == "style" for t, _ in c.tags)


def test_legend_and_summary(scores) -> None:
    page = render_html(scores, TEXT, "Report")
    c = check(page)
    legend = [text for cls, text in c.marks if "legend" in cls.split()]
    found = {cue.category for s in scores for cue in s.cues}
    assert legend == [cat for cat in CATEGORIES if cat in found]  # the categories the page shows, in order
    for cat in legend:
        assert CATEGORY_MEANINGS[cat] in html.unescape(page)
    for cat in CATEGORIES:
        assert f"mark.cat-{cat} " in page and CATEGORY_COLOURS[cat] in page
    t = scores[0].threshold
    # the cut as the label rule has it, not rounded to 3 decimals (0.301375 is not "certainty <= 0.699")
    p_text, c_text = re.search(r"P\(uncertain\) ≥ ([\d.]+), i\.e\. certainty ≤ ([\d.]+)<", html.unescape(page)).groups()
    assert float(p_text) == t and float(c_text) == 1 - t
    n_unc = sum(s.label == "uncertain" for s in scores)
    assert re.search(rf"Sentences</th><td class=\"n\">{len(scores)}<", page)
    assert f"{n_unc} ({n_unc / len(scores):.0%})" in page
    mean = sum(s.certainty for s in scores) / len(scores)
    assert f"{mean:.2f}" in page


def test_empty_document_and_bad_scores() -> None:
    check(render_html([], "", "Empty"))
    check(render_html([], "  \n\n ", "Blank"))
    s = hedgekit.Scorer(model=tiny_model()).score_text("It may rain. It rained.")
    with pytest.raises(ValueError, match="does not match"):
        render_html(s, "Something else entirely.", "x")
    with pytest.raises(ValueError):
        render_html(list(reversed(s)), "It may rain. It rained.", "x")


def test_wrong_arguments_are_said_to_be_wrong() -> None:
    """A None title, a generator of scores and a NaN certainty gave AttributeError, 'not
    subscriptable' and 'cannot convert float NaN to integer'."""

    text = "It may rain. It rained."
    s = hedgekit.Scorer(model=tiny_model()).score_text(text)
    assert render_html(iter(s), text, "x") == render_html(s, text, "x")
    with pytest.raises(hedgekit.InputTypeError, match="title must be a str, got NoneType"):
        render_html(s, text, None)
    with pytest.raises(hedgekit.InputTypeError, match="score 1 is str, expected a SentenceScore"):
        render_html([s[0], "It rained."], text, "x")
    with pytest.raises(hedgekit.InputTypeError, match="certainty must be a real number in"):
        dataclasses.replace(s[0], certainty=float("nan"))  # (a SentenceScore checks its fields)
    odd = dataclasses.replace(s[0])
    object.__setattr__(odd, "certainty", float("nan"))  # (one built around the check)
    with pytest.raises(ValueError, match=r"score 0 \('It may rain.'\) has certainty nan"):
        render_html([odd, s[1]], text, "x")


def test_certainty_colour_scale() -> None:
    assert certainty_colour(0.0) != certainty_colour(1.0)
    assert certainty_colour(-3) == certainty_colour(0.0) and certainty_colour(7) == certainty_colour(1.0)

    def hue(c: float, t: float | None = None) -> int:
        return int(re.match(r"hsl\((\d+),", certainty_colour(c, t)).group(1))

    # with the label's threshold the hue breaks where the label changes (certainty 1 - t): a sentence
    # just labelled uncertain and one just labelled certain never look alike
    t = 0.302888
    below, above = hue(1 - t, t), hue(1 - t + 0.01, t)
    assert below <= 45 < 75 <= above
    hues = [hue(c, t) for c in (0.0, 0.3, 0.6, 0.69, 0.71, 0.8, 1.0)]
    assert hues == sorted(hues)  # still monotone
    assert hue(0.0, t) == 0 and hue(1.0, t) == 120


def _gradient_stops(page: str) -> list[tuple[int, str]]:
    scale = re.search(r"linear-gradient\(to right, ([^;]*)\)", page).group(1)
    return [(int(h), at) for h, at in re.findall(r"hsl\((\d+), [^)]*\) ([\d.]+%)", scale)]


@pytest.mark.parametrize("t", [0.301375, *(i / 1000 for i in range(1, 1000, 7))])
def test_the_page_legend_steps_where_the_label_changes(t: float) -> None:
    """The legend's two stops at the cut were coloured by 1 - (1 - t) >= t, which rounding makes false
    for some thresholds (the shipped 0.301375 among them): the scale faded from red into yellow-green
    with no step (an audit). They now take the labels either side of the cut."""
    from hedgekit.highlight import _css

    stops = _gradient_stops(_css(t))
    assert len(stops) == 4 and stops[1][1] == stops[2][1] == f"{100 * (1 - t):.1f}%"
    assert stops[1][0] <= 45 < 75 <= stops[2][0]
    assert [h for h, _ in stops] == sorted(h for h, _ in stops)


def test_the_shipped_page_legend_steps_at_the_default_threshold() -> None:
    text = "It may rain. It rains."
    scores = hedgekit.score_text(text)
    page = html.unescape(render_html(scores, text, "x"))
    stops = _gradient_stops(page)
    assert stops[1][0] == 45 and stops[2][0] == 75
    assert scores[0].threshold == 0.301375  # (the shipped default: it prints as it is)
    assert "P(uncertain) ≥ 0.301375, i.e. certainty ≤ 0.698625" in page
    assert "the colour changes at 0.698625, where the label does" in page


@pytest.mark.parametrize("t", [5e-05, 1 - 1e-11, 1 / 3, 0.9, 0.7])
def test_the_page_states_any_threshold_exactly_without_an_exponent(t: float) -> None:
    """The certainty it states is 1 minus the threshold in decimal: "certainty <= 0.1" for 0.9, not
    the float 1 - 0.9, 0.09999999999999998 (an audit)."""
    from decimal import Decimal

    text = "It may rain."
    page = html.unescape(render_html(hedgekit.Scorer(threshold=t).score_text(text), text, "x"))
    p_text, c_text = re.search(r"P\(uncertain\) ≥ ([\d.]+), i\.e\. certainty ≤ ([\d.]+)<", page).groups()
    assert float(p_text) == t and Decimal(p_text) + Decimal(c_text) == 1 and "e-" not in p_text + c_text
    assert float(c_text) == pytest.approx(1 - t, rel=1e-9, abs=1e-15)
    assert f"the colour changes at {c_text}, where the label does" in page
    if t == 0.9:
        assert c_text == "0.1"


@pytest.mark.parametrize("delta", [1e-4, -1e-4, 1e-9, 0.0])
def test_a_sentences_tooltip_shows_p_and_threshold_in_their_true_order(delta: float) -> None:
    """The tooltip rounded both to 2 decimals: a sentence just below its threshold read "certain;
    P(uncertain) 0.71, threshold 0.71" (a review). They now get the digits that tell them apart."""
    text = "It may rain."
    p = hedgekit.score_sentence(text).p_uncertain
    s = hedgekit.Scorer(threshold=p + delta).score_text(text)
    tip = re.search(r'class="s [a-z]+"[^>]*title="([^"]*)"', render_html(s, text, "x")).group(1)
    shown_p, shown_t = map(float, re.search(r"P\(uncertain\) ([\d.]+), threshold ([\d.]+)\)", tip).groups())
    assert s[0].label == ("uncertain" if delta <= 0 else "certain") and f"({s[0].label};" in tip
    assert (shown_p >= shown_t) == (s[0].label == "uncertain")
    if delta:
        assert shown_p != shown_t


def test_a_document_without_cues_says_so() -> None:
    s = hedgekit.Scorer(model=tiny_model()).score_text("It rained. The sun set.")
    page = render_html(s, "It rained. The sun set.", "x")
    assert "no cues" in page and "mark class=\"legend" not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_renders_in_headless_chromium(scores, tmp_path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(scores, TEXT, "Report"), encoding="utf-8")
    png = tmp_path / "report.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         f"--screenshot={png}", "--window-size=1000,800", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    assert png.exists() and png.stat().st_size > 1000


def test_characters_html_cannot_carry_are_shown_one_for_one() -> None:
    """A NUL (which an HTML parser drops) and other controls went into the page raw: the browser lost
    the NUL and reported the others as parse errors (a review). Each is now shown by its picture."""
    text = "It may\x00 rain.\x01 Perhaps\x0b not.\r\nIt could\x7f be\x85 so \ufffe.\n"
    scores = hedgekit.score_text(text)
    page = render_html(scores, text, title="A\x1b[2J title")
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe]", page)
    c = check(page)
    shown = "".join(c.main_text)
    want = re.sub("[\x00-\x08\x0b\x0e-\x1f]", lambda m: chr(0x2400 + ord(m.group())), text)
    want = want.replace("\x7f", "\u2421").replace("\x85", "\\u0085").replace("\ufffe", "\\ufffe")
    assert shown == want  # one shown character (or escape) per character, in order
    assert [t for t, a in c.tags if a.get("class") == "ctl"] == ["span"] * 7  # (six in the text, one in <h1>)
    assert "<title>A\\u001b[2J title</title>" in page
    astral = render_html(hedgekit.score_text("It may\U0002fffe rain."), "It may\U0002fffe rain.", title="x\U0001ffff")
    assert "\U0002fffe" not in astral and "\\U0002fffe</span>" in astral and "<title>x\\U0001ffff</title>" in astral
    assert [m for _, m in c.marks if "may" in m or "could" in m or "Perhaps" in m] == ["may", "Perhaps", "could"]


def test_certainty_colour_never_shades_against_the_label() -> None:
    """At thresholds 0 and 1 (every sentence uncertain / only certainty 0 uncertain) the scale's break
    was clipped 1e-9 inside [0, 1], so a sentence of certainty 1.0 at threshold 0, labelled uncertain,
    was shaded green. The side is now the label's rule, or the label itself when given."""
    def hue(c: float, t: float, label: str | None = None) -> int:
        return int(re.match(r"hsl\((\d+),", certainty_colour(c, t, label=label)).group(1))

    assert hue(1.0, 0.0) <= 45 and hue(0.0, 0.0) == 0  # threshold 0: everything uncertain
    assert hue(0.0, 1.0) == 0 and hue(1e-12, 1.0) >= 75 and hue(1.0, 1.0) == 120
    # a score whose certainty, 1 - p, rounds across the cut: the label decides
    p, t = 0.1 + 0.2, 0.3  # p >= t although 1 - (1 - p) may not be
    assert hue(1.0 - p, t, "uncertain") <= 45 and hue(1.0 - t, t, "certain") >= 75
    assert certainty_colour(0.5, 0.3, label="certain") != certainty_colour(0.5, 0.3, label="uncertain")
    with pytest.raises(ValueError, match="label must be"):
        certainty_colour(0.5, 0.3, label="hedged")
    with pytest.raises(ValueError, match="threshold"):
        certainty_colour(0.5, label="certain")


def test_render_html_shades_each_sentence_by_its_label() -> None:
    s = hedgekit.Scorer(model=tiny_model()).score_text("It may rain. The sun set.")
    forced = [dataclasses.replace(x) for x in s]
    for x in forced:  # threshold 0, which no Scorer gives: built around the check, as a caller's own may be
        object.__setattr__(x, "threshold", 0.0)
        object.__setattr__(x, "label", "uncertain")
    page = render_html(forced, "It may rain. The sun set.", "x")
    for x in forced:
        assert f"background: {certainty_colour(x.certainty, 0.0, label='uncertain')}" in page
        assert int(re.match(r"hsl\((\d+),", certainty_colour(x.certainty, 0.0, label="uncertain")).group(1)) <= 45


def test_a_right_to_left_document_takes_its_direction_from_its_text() -> None:
    """Each sentence is an isolate; in a left-to-right page an Arabic document's sentences ran from
    the left (an audit). The page's main element takes its direction from the text (dir="auto")."""
    text = "قد يكون هذا صحيحا. ربما لا."
    page = render_html(hedgekit.score_text(text), text, "x")
    assert '<main class="doc" dir="auto">' in page


def test_carriage_returns_are_kept_as_written() -> None:
    """(an audit) a raw CR went into the page, which an HTML parser turns (and CRLF) into LF: every
    sentence and cue after it was shifted on the page, and a copy lost the CRs."""
    text = "It may rain.\r\nIt is clear.\r\n\r\nPerhaps.\rDone.\r"
    page = render_html(hedgekit.score_text(text), text, title="crlf")
    assert "\r" not in page and page.count("&#13;") == text.count("\r")
    assert "".join(check(page).main_text) == text  # (html.parser unescapes &#13; to the CR it stands for)


def test_highlight_output_names_are_checked_and_shown_escaped(tmp_path) -> None:
    """(an audit) '-o victim.txt/' overwrote the input text (pathlib read it as victim.txt, past the
    guard), '-o ""' said "Is a directory", and the "wrote" line put a name's escape sequences on the
    terminal."""
    victim = tmp_path / "victim.txt"
    victim.write_text("It may rain.\n", encoding="utf-8")
    for out in (f"{victim}/", "", str(tmp_path / "nope") + "/"):
        proc = subprocess.run([sys.executable, "-m", "hedgekit", "highlight", str(victim), "-o", out],
                              capture_output=True, text=True)
        assert proc.returncode == 1 and ("ends in a separator" in proc.stderr or "names no file" in proc.stderr), out
    assert victim.read_text(encoding="utf-8") == "It may rain.\n" and not (tmp_path / "nope").exists()
    odd = tmp_path / "e\x1b]0;x\x07.html"
    proc = subprocess.run([sys.executable, "-m", "hedgekit", "highlight", str(victim), "-o", str(odd)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and odd.is_file() and "\x1b" not in proc.stderr and "\\x1b]0;x\\x07.html" in proc.stderr
