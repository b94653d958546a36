"""The PDF text layer with its line geometry, read by PDFium (pypdfium2) in a child process.

Run as a script (``python -I pdf_worker.py MAX_PAGES MAX_CHARS SECONDS``): the PDF's bytes on stdin, one
JSON object on stdout. The parent (``qa.ingest.readers.pdf``) kills it at its time limit, and it caps
its own memory and CPU time first, so a hostile PDF that makes PDFium loop or allocate without end
costs a bounded amount and takes nothing else down; PDFium, which is not thread-safe, never runs in
the server's threads. Only the standard library and pypdfium2 are imported here (no ``qa``): the
child starts in a fraction of a second.

Output: ``{"pages": [[[text, x0, x1, base, size, band], …], …], "image_only": n}`` with geometry in
points from the page's top-left (``null`` on rotated pages), or ``{"error": kind, "detail": text}``,
kind being "encrypted", "damaged", "pages" or "chars".
"""

from __future__ import annotations

import ctypes
import json
import re
import sys
from typing import Any

MEMORY_BYTES = 3 << 30  # address space the child may use
FURNITURE_BAND = 0.10  # top/bottom share of the page where headers, footers and page numbers live
_LINE = re.compile(r"[^\r\n]+")


class Refused(Exception):
    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail)
        self.kind, self.detail = kind, detail


def _limit_resources(seconds: float) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        cpu = int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ImportError, ValueError, OSError):  # not on this platform: the parent's timeout still holds
        pass


def _font_size(raw: Any, textpage: Any, index: int) -> float | None:
    """The size a character is drawn at: the font size times the scale of its text matrix (cairo and
    others draw with a font size of 1 and scale the matrix)."""
    size = float(raw.FPDFText_GetFontSize(textpage, index))
    matrix = raw.FS_MATRIX()
    if raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)):
        size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return size if size > 0 else None


def _baseline(raw: Any, textpage: Any, index: int, fallback: float) -> float:
    x, y = ctypes.c_double(), ctypes.c_double()
    if raw.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y)):
        return float(y.value)
    return fallback


def _merge_fragments(lines: list[list[Any]]) -> list[list[Any]]:
    """PDFium sometimes ends a line early (a hanging "，", a table cell): pieces on one baseline, left
    to right, become one line, with a space between pieces a quarter em apart."""
    merged: list[list[Any]] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and None not in (prev[1], prev[2], prev[3], line[1], line[3])
            and abs(line[3] - prev[3]) < 0.3 * (line[4] or prev[4] or 10.0)
            and line[1] > prev[1]
        ):
            space = " " if line[1] - prev[2] > 0.25 * (line[4] or 10.0) else ""
            prev[0] = prev[0].rstrip() + space + line[0].lstrip()
            prev[2] = line[2]
        else:
            merged.append(line)
    return merged


def _page_lines(pdfium: Any, pdf: Any, index: int) -> tuple[list[list[Any]], bool]:
    """The text lines of page ``index`` (0-based), with geometry when the page is upright, and whether
    the page is an image without text."""
    raw = pdfium.raw
    page = pdf[index]
    try:
        left, bottom, _, top = page.get_cropbox()
        height = max(top - bottom, 1.0)
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            upright = page.get_rotation() == 0 and len(text) == textpage.count_chars()
            lines: list[list[Any]] = []
            for match in _LINE.finditer(text):
                chunk = match.group(0)
                if not chunk.strip():
                    continue
                if not upright:
                    lines.append([chunk, None, None, None, None, None])
                    continue
                first = match.start() + len(chunk) - len(chunk.lstrip())
                last = match.start() + len(chunk.rstrip()) - 1
                x0, fb, _, ft = textpage.get_charbox(first, loose=True)
                x1 = textpage.get_charbox(last, loose=True)[2]
                size = _font_size(raw, textpage.raw, first)
                base = _baseline(raw, textpage.raw, first, (fb + ft) / 2) - bottom
                band = (
                    "header"
                    if base > (1 - FURNITURE_BAND) * height
                    else "footer"
                    if base < FURNITURE_BAND * height
                    else "body"
                )
                lines.append([chunk, x0 - left, x1 - left, height - base, size, band])
            image_only = not lines and any(
                True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)
            )
        finally:
            textpage.close()
    finally:
        page.close()
    return _merge_fragments(lines), image_only


def extract(data: bytes, max_pages: int, max_chars: int) -> dict[str, Any]:
    """The lines of every page, within the limits; raises ``Refused``."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise Refused("encrypted") from None
        raise Refused("damaged", str(exc)) from None
    try:
        count = len(pdf)
        if count == 0:
            raise Refused("damaged", "the PDF has no pages")
        if count > max_pages:
            raise Refused("pages", f"{count:,}")
        pages: list[list[list[Any]]] = []
        image_only = chars = 0
        for index in range(count):
            lines, image = _page_lines(pdfium, pdf, index)
            image_only += image
            chars += sum(len(line[0]) for line in lines)
            if chars > max_chars:
                raise Refused("chars", f"{chars:,}")
            pages.append(lines)
    finally:
        pdf.close()
    return {"pages": pages, "image_only": image_only}


def main(argv: list[str]) -> int:
    max_pages, max_chars, seconds = int(argv[1]), int(argv[2]), float(argv[3])
    _limit_resources(seconds)
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, max_pages, max_chars)
    except Refused as refused:
        result = {"error": refused.kind, "detail": refused.detail}
    except Exception as exc:  # noqa: BLE001 - anything PDFium raises is damage, reported to the parent
        result = {"error": "damaged", "detail": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result))  # ASCII: whatever the locale, and lone surrogates survive
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
