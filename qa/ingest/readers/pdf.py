"""PDF reports: the text layer, read by PDFium in a child process, turned back into paragraphs.

The child (``pdf_worker.py``) gives the page lines with their geometry and is killed at the read
limit; here the text layer is judged (encrypted, scanned, garbled: refused with the reason), page
furniture is dropped and lines are joined into paragraphs (``qa.ingest.readers.layout``), and each
paragraph is normalised (``qa.lexicon.typeset``). Every paragraph keeps the page it starts on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.errors import UnsupportedFile
from qa.ingest.readers.formats import NOT_PDF, is_pdf
from qa.ingest.readers.layout import Line, Paragraph, drop_page_furniture, estimate_frame, join_lines
from qa.ingest.readers.limits import Budget, ReadLimits
from qa.lexicon.typeset import normalize_extracted

WORKER = Path(__file__).with_name("pdf_worker.py")
SCANNED_SHARE = 0.5  # refused when at least this share of the pages is an image without text
GARBLED_SHARE = 0.2  # refused when more of the text layer than this is not text
EOF_WINDOW = 16_384  # a PDF's end-of-file marker is within its last bytes, else it is cut short

ENCRYPTED = "a password-protected (encrypted) PDF: remove the password and send it again"
SCANNED = "no text layer (a scanned PDF): it needs OCR"
GARBLED = "the PDF's text layer is unreadable (its fonts have no Unicode map): it needs OCR"
_LATIN1_OK = frozenset("·×÷°±§¥©®²³µ¼½¾")
_SURROGATE = re.compile("[\ud800-\udfff]")


def worker_command(limits: ReadLimits, seconds: float) -> list[str]:
    """The child process that reads the text layer (``-I``: no user site, no environment, no cwd)."""
    return [sys.executable, "-I", str(WORKER), str(limits.max_pages), str(limits.max_chars), f"{seconds:.3f}"]


def _is_bad_char(char: str) -> bool:
    """Not text: control, private-use, unassigned or surrogate characters, stray Latin-1 (what a font
    without a Unicode map yields)."""
    if char in "\t\r\n":
        return False
    if "\u0080" <= char <= "\u00ff":
        return char not in _LATIN1_OK
    return unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") or char == "\ufffd"


def _run_worker(data: bytes, name: str, limits: ReadLimits, budget: Budget) -> dict[str, Any]:
    seconds = budget.left()
    if seconds <= 0:
        raise budget.exceeded()
    try:
        done = subprocess.run(
            worker_command(limits, seconds), input=data, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise budget.exceeded() from None
    except OSError as exc:
        raise UnsupportedFile(f"{name}: the PDF reader could not be started ({exc})") from exc
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise UnsupportedFile(
            f"{name}: the PDF reader stopped before the end (out of memory, or crashed: {why[0][:200]})"
        ) from None
    return result


def _refusal(result: dict[str, Any], name: str, limits: ReadLimits) -> UnsupportedFile:
    kind, detail = result.get("error"), str(result.get("detail", ""))
    if kind == "encrypted":
        return UnsupportedFile(f"{name}: {ENCRYPTED}")
    if kind == "pages":
        return UnsupportedFile(
            f"{name}: {detail} pages, over the limit of {limits.max_pages:,} (QA_MAX_PDF_PAGES)"
        )
    if kind == "chars":
        return UnsupportedFile(
            f"{name}: more than {limits.max_chars:,} characters of text, over the limit (QA_MAX_TEXT_CHARS)"
        )
    return UnsupportedFile(f"{name}: the PDF is damaged and cannot be read ({detail[:200]})")


def read_pages(data: bytes, name: str, limits: ReadLimits, budget: Budget) -> tuple[list[list[Line]], int]:
    """The text lines of every page (with geometry where the page is upright) and how many pages are
    an image without text. Raises ``UnsupportedFile`` for a file that is no PDF, is cut short,
    damaged, encrypted, over a limit, or not read in time."""
    if not is_pdf(data):
        raise UnsupportedFile(f"{name}: {NOT_PDF}")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise UnsupportedFile(f"{name}: the PDF is cut short or damaged (no end-of-file marker)")
    result = _run_worker(data, name, limits, budget)
    if "error" in result:
        raise _refusal(result, name, limits)
    pages = [
        [
            Line(text=_SURROGATE.sub("\ufffd", str(text)), page=number, x0=x0, x1=x1, base=base, size=size,
                 band=band)
            for text, x0, x1, base, size, band in lines
        ]
        for number, lines in enumerate(result["pages"], start=1)
    ]  # fmt: skip
    return pages, int(result["image_only"])


def text_layer_reason(pages: list[list[Line]], image_only: int) -> str | None:
    """Why the text layer cannot be used: no text (scanned), half the pages images (partly scanned),
    or mostly characters that are not text (fonts without a Unicode map)."""
    chars = sum(1 for page in pages for line in page for ch in line.text if not ch.isspace())
    if chars == 0 or image_only == len(pages):
        return SCANNED
    if image_only >= SCANNED_SHARE * len(pages):
        return f"no text layer on {image_only} of {len(pages)} pages (a partly scanned PDF): it needs OCR"
    bad = sum(1 for page in pages for line in page for ch in line.text if _is_bad_char(ch))
    if bad > GARBLED_SHARE * chars:
        return GARBLED
    return None


def paragraphs(pages: list[list[Line]]) -> list[Paragraph]:
    """The report's paragraphs with the pages they are printed on: each line normalised, furniture
    dropped, wraps joined (normalising lines before joining keeps the page turns' offsets exact)."""
    normalised = [
        [replace(line, text=text) for line in page if (text := normalize_extracted(line.text))]
        for page in pages
    ]
    kept = drop_page_furniture(normalised)
    return join_lines(kept, estimate_frame(kept))


def read_pdf(data: bytes, name: str, limits: ReadLimits, budget: Budget) -> list[Paragraph]:
    """The paragraphs of a PDF's text layer, in reading order, repaired, with the pages they are
    printed on. Raises ``UnsupportedFile`` with the reason for a PDF that cannot or may not be read."""
    pages, image_only = read_pages(data, name, limits, budget)
    reason = text_layer_reason(pages, image_only)
    if reason:
        raise UnsupportedFile(f"{name}: {reason}")
    found = paragraphs(pages)
    if not found:
        raise UnsupportedFile(f"{name}: {SCANNED}")
    return found
