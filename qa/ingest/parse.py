"""Turn a decoded document into a report with metadata and passages that cite exact offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from qa.errors import UnsupportedFile
from qa.ingest.clean import clean_lines, find_title, is_signature_line
from qa.ingest.metadata import extract_metadata
from qa.ingest.reader import reader_version
from qa.ingest.split import passage_spans
from qa.ingest.structure import Heading, parse_heading, section_paths
from qa.lexicon.text import CLAUSE_END, COLON, SENTENCE_END
from qa.records import ParsedReport, Passage, RawDocument, Report

FRONT_MAX = 120  # subtitle / speaker / addressee lines under the title are short
BACK_MAX = 40  # issuer and date lines at the end are short
_SENTENCE_END = tuple(SENTENCE_END + COLON + CLAUSE_END)  # a line that ends one of these is prose
_MEETING_WORDS = ("人民代表大会", "会议上")


def _front_matter(lines: Sequence[str], headings: Sequence[Heading | None]) -> set[int]:
    """The title and the subtitle/speaker/addressee lines right under it."""
    title = find_title(lines)
    if title is None:
        return set()
    skip = set(range(title + 1))
    for i in range(title + 1, len(lines)):
        line = lines[i]
        short_label = len(line) <= FRONT_MAX and not line.endswith(_SENTENCE_END)
        subtitle = len(line) <= FRONT_MAX and any(word in line for word in _MEETING_WORDS)
        if headings[i] is not None or not (short_label or subtitle):
            break
        skip.add(i)
    return skip


def _back_matter(lines: Sequence[str], headings: Sequence[Heading | None]) -> set[int]:
    """The issuer and date lines that sign off the report."""
    skip: set[int] = set()
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        short = len(line) <= BACK_MAX and not line.endswith(_SENTENCE_END) and headings[i] is None
        if not (is_signature_line(line) or short):
            break
        skip.add(i)
    return skip


def _ends_section(i: int, headings: Sequence[Heading | None], skip: set[int]) -> bool:
    """Whether nothing but a heading of the same or an outer rank follows heading line ``i``."""
    heading = headings[i]
    assert heading is not None
    for j in range(i + 1, len(headings)):
        if j in skip:
            continue
        following = headings[j]
        return following is not None and following.rank <= heading.rank
    return True


def page_starts(lines: Sequence[tuple[str, int]], raw_text: str, raw_pages: Sequence[int]) -> tuple[int, ...]:
    """Where each page starts in the cleaned text made of ``lines`` (each with the index of the line of
    ``raw_text`` it comes from), given where each page starts in ``raw_text``. A page starting inside
    a line that cleaning kept as it was keeps its exact offset; one starting inside a line cleaning
    changed starts with that line, and one starting in dropped lines where the next kept line does.
    Empty for a file without pages."""
    if not raw_pages:
        return ()
    raw_starts, at = [], 0  # where each raw line starts
    raw_lines = raw_text.split("\n")
    for raw in raw_lines:
        raw_starts.append(at)
        at += len(raw) + 1
    out: list[int] = []
    pending = iter(raw_pages)
    page = next(pending, None)
    offset = 0
    for line, origin in lines:
        begin, raw = raw_starts[origin], raw_lines[origin]
        while page is not None and page < begin + len(raw):
            inside = page - begin if line == raw and page >= begin else 0
            out.append(offset + max(0, inside))
            page = next(pending, None)
        offset += len(line) + 1
    while page is not None:
        out.append(max(0, offset - 1))
        page = next(pending, None)
    return tuple(out)


# Chinese prose: a report's sentences end in these (an English list's ";" does not count)
_PROSE_MARKS = "。！？；"
NO_PROSE = "no report prose (no sentence ends in 。！？；): only navigation, a list or headings"


def parse_document(raw: RawDocument, *, max_chars: int = 200) -> ParsedReport:
    """Clean, describe and cut a document into passages; raises ``UnsupportedFile`` when no text
    is left after cleaning. For a paged file the report records where each page starts."""
    cleaned = clean_lines(raw.text)
    text = "\n".join(line for line, _ in cleaned)
    if not text.strip():
        raise UnsupportedFile(f"{raw.source}: no report text left after cleaning")
    meta = extract_metadata(raw.text, text, raw.source)
    meta = replace(meta, sources={**meta.sources, "reader": reader_version()})
    doc_id = raw.sha256[:16]
    lines = text.split("\n")
    headings = [parse_heading(line) for line in lines]
    paths = section_paths(lines)
    skip = _front_matter(lines, headings) | _back_matter(lines, headings)
    if not any(c in _PROSE_MARKS for c in text):
        # a scraped page's menus, a list of sources: nothing to answer from — no passages (the
        # pipeline skips the file and says why), though what it is may still be read (its title)
        skip = set(range(len(lines)))
        meta = replace(meta, sources={**meta.sources, "text": NO_PROSE})
    passages: list[Passage] = []
    offset = 0
    for i, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        heading = headings[i]
        if i in skip or (
            heading is not None and heading.heading_only and not _ends_section(i, headings, skip)
        ):
            continue
        for s, e in passage_spans(text, start, start + len(line), max_chars=max_chars):
            passages.append(
                Passage(
                    doc_id=doc_id, ordinal=len(passages), section=paths[i], start=s, end=e, text=text[s:e]
                )
            )
    report = Report(
        doc_id=doc_id,
        source=raw.source,
        sha256=raw.sha256,
        meta=meta,
        text=text,
        pages=page_starts(cleaned, raw.text, raw.pages),
    )
    return ParsedReport(report=report, passages=tuple(passages))
