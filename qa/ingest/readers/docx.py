"""Word (.docx) reports: the body's paragraphs and table rows in order, as python-docx parses them.

A paragraph is one line, its automatic number ("一、", "（二）") rendered in front (``numbering``);
a line break inside a body paragraph starts a new line, inside a heading or title it does not (a
title broken over two lines is one title). A table row is one line, its cells joined by " | ".
Headers, footers, footnotes, endnotes, comments, text boxes, deleted revisions, hidden text and field
codes are not read. The package is checked first (``formats.check_docx``): a zip bomb is refused before
anything is unpacked.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from qa.errors import UnsupportedFile
from qa.ingest.readers.formats import check_docx
from qa.ingest.readers.limits import Budget, ReadLimits
from qa.ingest.readers.numbering import Numbering, w
from qa.lexicon.typeset import normalize_extracted

if TYPE_CHECKING:
    from lxml.etree import _Element

CELL_SEP = " | "
ITEMS_PER_CHECK = 500  # paragraphs read between two looks at the clock
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = frozenset(
    (w("txbxContent"), f"{_MC}Fallback", w("del"), w("moveFrom"), w("rPr"), w("pPr"), w("instrText"),
     w("delText"), w("footnoteReference"), w("endnoteReference"), w("commentReference"))
)  # fmt: skip
_HEADING_NAMES = re.compile(r"^(?:heading|标题|title|subtitle|副标题)", re.IGNORECASE)


def _hidden(run: _Element) -> bool:
    rpr = run.find(w("rPr"))
    if rpr is None:
        return False
    for tag in ("vanish", "webHidden"):
        node = rpr.find(w(tag))
        if node is not None and node.get(w("val"), "true") not in ("0", "false", "off"):
            return True
    return False


def paragraph_text(element: _Element) -> str:
    """Visible text of a w:p: runs, hyperlinks, field results, tabs (as spaces) and line breaks (as
    newlines); deleted revisions, hidden runs, text boxes and field codes skipped."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED or (tag == w("r") and _hidden(child)):
                continue
            if tag == w("t"):
                parts.append(child.text or "")
            elif tag in (w("tab"), w("ptab")):
                parts.append(" ")
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _outline_level(ppr: _Element | None) -> int | None:
    node = ppr.find(w("outlineLvl")) if ppr is not None else None
    if node is None:
        return None
    try:
        return int(node.get(w("val"), "9"))
    except ValueError:
        return None


def _num_pr(ppr: _Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a paragraph's or style's numbering properties, None where not given."""
    node = ppr.find(w("numPr")) if ppr is not None else None
    if node is None:
        return None, None
    num_id, ilvl = node.find(w("numId")), node.find(w("ilvl"))
    level = ilvl.get(w("val")) if ilvl is not None else None
    return (
        num_id.get(w("val")) if num_id is not None else None,
        int(level) if level is not None and level.isdigit() else None,
    )


class _Styles:
    """Paragraph styles, followed through basedOn: which are headings (a Heading/标题/Title name or an
    outline level 0–8) and which carry numbering."""

    def __init__(self, element: _Element | None) -> None:
        self._info: dict[str, tuple[str, _Element | None, str | None]] = {}
        for style in element.iter(w("style")) if element is not None else ():
            style_id = style.get(w("styleId"))
            if style_id:
                name = style.find(w("name"))
                based = style.find(w("basedOn"))
                self._info[style_id] = (
                    str(name.get(w("val"), "")) if name is not None else "",
                    style.find(w("pPr")),
                    based.get(w("val")) if based is not None else None,
                )

    def _chain(self, style_id: str | None) -> Iterator[tuple[str, _Element | None]]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._info:
            seen.add(style_id)
            name, ppr, based = self._info[style_id]
            yield name, ppr
            style_id = based

    def is_heading(self, style_id: str | None) -> bool:
        for name, ppr in self._chain(style_id):
            level = _outline_level(ppr)
            if _HEADING_NAMES.match(name.strip()) or (level is not None and level < 9):
                return True
            if level is not None:
                return False
        return False

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _, ppr in self._chain(style_id):
            num_id, ilvl = _num_pr(ppr)
            if num_id is not None:
                return num_id, ilvl if ilvl is not None else max(0, _outline_level(ppr) or 0)
        return None, None


def _body_items(container: _Element) -> Iterator[_Element]:
    """w:p and w:tbl in body order, looking inside content controls and custom XML."""
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _body_items(content)
        elif child.tag == w("customXml"):
            yield from _body_items(child)


def _cell_text(cell: _Element) -> str:
    texts: list[str] = []
    for item in _body_items(cell):
        if item.tag == w("p"):
            texts.append(normalize_extracted(paragraph_text(item)))
        else:
            texts.extend(_table_rows(item))
    return " ".join(t for t in texts if t)


def _row_cells(row: _Element) -> Iterator[_Element]:
    for child in row:
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            for content in child.iter(w("sdtContent")) if child.tag == w("sdt") else (child,):
                yield from (cell for cell in content if cell.tag == w("tc"))


def _table_rows(table: _Element) -> list[str]:
    """One line per row, cells joined by " | " (a nested table is flattened into its cell)."""
    rows: list[str] = []
    for row in table.iter(w("tr")):
        if row.getparent() is not table and row.getparent().getparent() is not table:
            continue  # a nested table's row: read through its cell
        cells = [_cell_text(cell) for cell in _row_cells(row)]
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return rows


class _Reader:
    """One document's paragraphs in order, with their numbers rendered."""

    def __init__(self, document: Any) -> None:
        self.styles = _Styles(document.styles.element)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        self.numbering = Numbering.parse(numbering)

    def paragraph(self, item: _Element) -> list[str]:
        ppr = item.find(w("pPr"))
        style_node = ppr.find(w("pStyle")) if ppr is not None else None
        style = style_node.get(w("val")) if style_node is not None else None
        level = _outline_level(ppr)
        heading = (level is not None and level < 9) or (level is None and self.styles.is_heading(style))
        text = paragraph_text(item)
        num_id, ilvl = _num_pr(ppr)
        if num_id is None:
            num_id, style_level = self.styles.numbering(style)
            ilvl = ilvl if ilvl is not None else style_level
        if num_id not in (None, "0"):
            label = self.numbering.label(str(num_id), ilvl or 0)  # counted even when the paragraph is empty
            text = label + text if text.strip() else text
        parts = [text.replace("\n", "")] if heading else text.split("\n")
        return [clean for clean in (normalize_extracted(part) for part in parts) if clean]


def read_docx(data: bytes, name: str, limits: ReadLimits, budget: Budget) -> list[str]:
    """The lines of a .docx body in order (see the module notes). Raises ``UnsupportedFile`` with the
    reason for a file that is not a Word package, is damaged, over a limit, or not read in time."""
    check_docx(data, name)
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
        reader = _Reader(document)
        lines: list[str] = []
        chars = 0
        for number, item in enumerate(_body_items(document.element.body)):
            if number % ITEMS_PER_CHECK == 0:
                budget.check()
            found = _table_rows(item) if item.tag == w("tbl") else reader.paragraph(item)
            chars += sum(len(line) for line in found)
            if chars > limits.max_chars:
                raise UnsupportedFile(
                    f"{name}: more than {limits.max_chars:,} characters of text, over the limit (QA_MAX_TEXT_CHARS)"
                )
            lines.extend(found)
        return lines
    except UnsupportedFile:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on damaged files
        raise UnsupportedFile(
            f"{name}: the .docx is damaged and cannot be read ({type(exc).__name__}: {exc})"
        ) from None
