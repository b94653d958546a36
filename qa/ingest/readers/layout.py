"""Page lines back into paragraphs: what PDF layout does to a report, undone.

A PDF holds lines, not paragraphs. These rules drop the page furniture (page numbers, running
headers and footers), then join hard-wrapped lines into paragraphs, across page breaks and inside
numbers ("出庭应诉率为7" / "0%"), using the line geometry when it is known (indents, margins, font
size, line pitch) and the punctuation when it is not. All pure functions over ``Line`` records: the
PDF reader (``qa.ingest.readers.pdf``) makes the lines, the tests make them by hand.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from qa.lexicon.text import heading_rank
from qa.lexicon.typeset import (
    CLOSERS,
    SENTENCE_END,
    STRONG_END,
    furniture_key,
    is_page_number,
    join_wrap,
    lead_width,
)

REPEAT_SHARE = 0.5  # a running header/footer repeats on at least this share of pages
HEADING_RANKS = 4  # 第一部分 一、 （一） 1. （1）: outline markers that open a paragraph (not 一是)

Band = Literal["header", "body", "footer"]


@dataclass(frozen=True, slots=True)
class Line:
    """One text line of a PDF page; geometry in points from the page's top-left, None when unknown
    (a rotated page, or a test that gives text only)."""

    text: str
    page: int  # 1-based
    x0: float | None = None  # left edge
    x1: float | None = None  # right edge
    base: float | None = None  # baseline, distance from the top of the page
    size: float | None = None  # font size
    band: Band | None = None  # the top or bottom strip of the page where furniture lives, or the body


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph joined from page lines: its text, the page it starts on, and where in the text a
    later page begins when it runs over a page break: ``(offset, page)`` pairs."""

    text: str
    page: int
    turns: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Frame:
    """The body text frame of a document, estimated from its lines."""

    left: float  # left margin: where continuation lines start
    right: float  # right margin: where full lines end
    em: float  # body font size
    pitch: float  # usual distance between the baselines of consecutive lines
    indents: bool  # paragraphs start with a first-line indent
    spaced: bool = False  # paragraphs are set apart by extra space between lines


def is_heading_start(text: str) -> bool:
    """A line that opens an outline heading: 第一部分 一、 （一） 1. （1） …; not 一是, which runs inside
    paragraphs."""
    rank = heading_rank(text.lstrip())
    return rank is not None and rank <= HEADING_RANKS


def drop_page_furniture(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """The lines of all pages in order, less page numbers and running headers/footers.

    Candidates are the lines in the header/footer band of a page when the geometry is known, else the
    first two and last two lines of each page. A candidate goes when it is a page number, or when the
    same line (digits ignored) is a candidate on at least half of the pages, and on two or more: a
    running unit name, "某某街道 第3页". The title on page one appears once, so it stays.
    """

    def candidates(page: Sequence[Line]) -> list[int]:
        if page and all(line.band is not None for line in page):
            return [i for i, line in enumerate(page) if line.band != "body"]
        return sorted({*range(min(2, len(page))), *range(max(0, len(page) - 2), len(page))})

    per_page = [candidates(page) for page in pages]
    seen: Counter[str] = Counter()
    for page, picks in zip(pages, per_page, strict=True):
        seen.update({furniture_key(page[i].text) for i in picks})
    needed = max(2.0, REPEAT_SHARE * len(pages))
    out: list[Line] = []
    for page, picks in zip(pages, per_page, strict=True):
        drop = {
            i for i in picks if is_page_number(page[i].text) or seen[furniture_key(page[i].text)] >= needed
        }
        out.extend(line for i, line in enumerate(page) if i not in drop)
    return out


def _typical_length(lines: Sequence[str]) -> float:
    """The length of a full line: the upper quartile of the line lengths (most lines are full; lines
    with half-width figures and spaces run longer)."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return float(lengths[int(0.75 * (len(lengths) - 1))]) if lengths else 0.0


def estimate_frame(lines: Sequence[Line]) -> Frame | None:
    """The body frame from the lines that have geometry: the most common left edge, the right edge
    most lines reach, the median font size and line pitch, and whether first-line indents (1.5 to 3
    characters) and extra space between paragraphs are used. None under three such lines."""
    body = [ln for ln in lines if ln.x0 is not None and ln.x1 is not None and ln.size and ln.band == "body"]
    if len(body) < 3:
        return None
    em = float(statistics.median(ln.size or 0.0 for ln in body))
    lefts = Counter(round(ln.x0 or 0.0) for ln in body)
    left = float(min(x for x, n in lefts.items() if n >= 0.5 * max(lefts.values())))
    rights = sorted(ln.x1 or 0.0 for ln in body)
    right = rights[int(0.9 * (len(rights) - 1))]
    pitches = [
        b.base - a.base
        for a, b in pairwise(body)
        if a.page == b.page and a.base is not None and b.base is not None and 0 < b.base - a.base < 4 * em
    ]
    pitch = float(statistics.median(pitches)) if pitches else 1.5 * em
    indented = sum(1 for ln in body if 1.5 * em <= (ln.x0 or 0.0) - left <= 3.0 * em)
    spaced = sum(1 for p in pitches if p > 1.2 * pitch)
    return Frame(
        left=left, right=right, em=em, pitch=pitch,
        indents=indented >= max(2, 0.03 * len(body)), spaced=spaced >= max(2, 0.03 * len(pitches)),
    )  # fmt: skip


def _centred(line: Line, frame: Frame) -> bool:
    """Set in the middle of the frame: as much room on the left as on the right, and not flush left."""
    assert line.x0 is not None and line.x1 is not None
    left_room, right_room = line.x0 - frame.left, frame.right - line.x1
    return left_room > frame.em and abs(left_room - right_room) <= 2 * frame.em


def _title_wrap(a: Line, b: Line, frame: Frame) -> bool:
    """``b`` continues the title (or subtitle) line ``a``: ``a`` is set in a bigger font than the body or
    centred, both are the same size, on one page at a line's distance (a title's own line pitch, wider
    than the body's), and ``a`` does not end a sentence. A title wrapped over three lines is one title."""
    assert a.x0 is not None and a.x1 is not None and b.x0 is not None and b.x1 is not None
    size_a, size_b = a.size or frame.em, b.size or frame.em
    titled = size_a > 1.15 * frame.em or _centred(a, frame)
    return (
        titled
        and a.page == b.page
        and abs(size_a - size_b) <= 0.15 * frame.em
        and a.base is not None
        and b.base is not None
        and 0 < b.base - a.base <= 1.8 * max(size_a, size_b)
        and (_centred(b, frame) or abs(b.x0 - a.x0) <= size_b)
        and not a.text.rstrip().endswith(SENTENCE_END)
    )


def geometry_break(a: Line, b: Line, frame: Frame) -> bool:
    """True when line ``b`` starts a new paragraph after line ``a`` (both with geometry)."""
    assert a.x0 is not None and a.x1 is not None and b.x0 is not None and b.x1 is not None
    em = frame.em
    if _title_wrap(a, b, frame):
        return False  # a title set over two or three lines
    if a.x0 > frame.left + 3 * em or b.x0 > frame.left + 3 * em:
        return True  # centred or right-aligned lines (subtitle, signature) stand alone
    if a.size and b.size and abs(a.size - b.size) > 0.15 * em:
        return True  # a title in a bigger font
    if b.x0 > a.x0 + em:
        return True  # first-line indent
    ends = a.text.rstrip().endswith(CLOSERS)
    if frame.indents and b.x0 > frame.left + em and a.x0 > frame.left + em:
        return True  # two indented lines in a row: the first was a one-line paragraph
    if a.page == b.page and a.base is not None and b.base is not None and b.base - a.base > 1.2 * frame.pitch:
        return True  # space between paragraphs
    gap = frame.right - a.x1
    if gap > 0.5 * (frame.right - frame.left):
        return True  # a very short line
    room = gap > (lead_width(b.text) + 0.5) * em  # the next line's first word would have fit
    if is_heading_start(a.text) and gap > 3 * em and room:
        return True  # a short heading line
    if is_heading_start(b.text) and (ends or room):
        return True  # a heading after a sentence end or a short line
    if room and (ends or gap > 3 * em):
        return True  # a line that had room for the next line's first word: a paragraph's last
    if frame.indents or (frame.spaced and a.page == b.page):
        return False  # indents or spacing mark paragraphs: a sentence end at the margin is no end
    return a.text.rstrip().endswith(STRONG_END) or (room and a.text.rstrip().endswith(SENTENCE_END))


def text_break(paragraph: str, last: str, line: str, typical: float) -> bool:
    """True when ``line`` starts a new paragraph after ``paragraph``, whose last line is ``last`` (text
    only, no geometry): after a sentence end, after a heading line shorter than usual, and before a
    heading line that follows a closing mark or a short line (a wrapped line may start with "十、" in
    "…通车，西" / "十、康渝等4条高铁")."""
    if paragraph.endswith(SENTENCE_END):
        return True
    short = len(last) < 0.85 * typical
    if is_heading_start(line) and (short or last.endswith(CLOSERS)):
        return True
    return is_heading_start(paragraph) and len(paragraph) < 0.85 * typical  # a short heading line


def join_lines(lines: Sequence[Line], frame: Frame | None) -> list[Paragraph]:
    """Paragraphs from page lines (furniture already dropped), each with the page it starts on and the
    pages it runs onto.

    With geometry (``geometry_break``) a paragraph ends around a centred or right-aligned line (a
    title set over several lines is one paragraph), at a font-size change, before an indented line, at
    extra space between lines, after a very short line, and after a line that had room for the next
    line's first word (``lead_width``) and ends a sentence; with first-line indents or paragraph
    spacing in use, a sentence end at the right margin is no paragraph end, else 。！？ there is. A
    sentence split by a page break is joined like any wrap, a wrap inside a number too. Lines without
    geometry follow the text rules (``text_break``).
    """
    typical = _typical_length([ln.text for ln in lines])
    out: list[Paragraph] = []
    current, start_page, turns = "", 0, list[tuple[int, int]]()
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if previous is None or not current:
            current, start_page, turns = text, line.page, []
        else:
            geometric = frame is not None and None not in (previous.x0, previous.x1, line.x0, line.x1)
            split = (
                geometry_break(previous, line, frame)
                if geometric and frame is not None
                else text_break(current, previous.text.strip(), text, typical)
            )
            if split:
                out.append(Paragraph(current, start_page, tuple(turns)))
                current, start_page, turns = text, line.page, []
            else:
                current = join_wrap(current, text)
                if line.page != previous.page:
                    turns.append((len(current) - len(text), line.page))
        previous = line
    if current:
        out.append(Paragraph(current, start_page, tuple(turns)))
    return out


def join_wrapped(lines: Sequence[str]) -> list[str]:
    """Paragraphs from text lines without geometry (see ``text_break``)."""
    return [paragraph.text for paragraph in join_lines([Line(line, 1) for line in lines], None)]
