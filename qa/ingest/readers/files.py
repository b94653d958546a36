"""Report files → ``RawDocument``: the type from the name, refused formats named with the reason, the
size and time limits held, and one reader per type (text, HTML, Markdown, PDF, Word)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from qa.errors import UnsupportedFile
from qa.ingest.readers.docx import read_docx
from qa.ingest.readers.formats import REFUSED_SUFFIXES, refusal
from qa.ingest.readers.html import html_to_text
from qa.ingest.readers.layout import Paragraph
from qa.ingest.readers.limits import Budget, ReadLimits, check_chars
from qa.ingest.readers.markdown import markdown_to_text
from qa.ingest.readers.pdf import read_pdf
from qa.ingest.readers.text import decode_bytes
from qa.records import RawDocument

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md",)
OFFICE_SUFFIXES = (".pdf", ".docx")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + OFFICE_SUFFIXES


def supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def suffix_reason(suffix: str) -> str | None:
    """Why files with this suffix are not read, or None for a supported one."""
    if suffix in SUPPORTED_SUFFIXES:
        return None
    if suffix in REFUSED_SUFFIXES:
        return REFUSED_SUFFIXES[suffix]
    return f"unsupported file type {suffix or '(none)'} (supported: {supported_list()})"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnsupportedFile(f"{name}: file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise UnsupportedFile(f"{name}: is a folder, not a file") from exc
    except OSError as exc:
        raise UnsupportedFile(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise UnsupportedFile(f"{name}: file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    return data


def _text_of(lines: Sequence[str]) -> str:
    return "\n".join(lines)


def paged_text(paragraphs: Sequence[Paragraph]) -> tuple[str, tuple[int, ...]]:
    """The paragraphs as text, one a line, and the offset where each page starts in it (up to the last
    page with text; a page without text starts where the next text does)."""
    starts: list[int] = []
    offset = 0
    for paragraph in paragraphs:
        for at, page in ((0, paragraph.page), *paragraph.turns):
            while len(starts) < page:
                starts.append(offset + at if starts else 0)
        offset += len(paragraph.text) + 1
    return _text_of([p.text for p in paragraphs]), tuple(starts)


def read_bytes(data: bytes, name: str, *, limits: ReadLimits | None = None) -> RawDocument:
    """Read one report from its bytes, its type given by ``name``'s suffix. Raises ``UnsupportedFile``
    (the message starts with the name) for a refused type or format, an empty, binary, undecodable,
    damaged or encrypted file, a scanned PDF, or one over a limit."""
    limits = limits or ReadLimits()
    suffix = Path(name).suffix.lower()
    reason = suffix_reason(suffix) or refusal(data, name)
    if reason:
        raise UnsupportedFile(f"{name}: {reason}")
    if not data.strip():
        raise UnsupportedFile(f"{name}: file is empty")
    budget = Budget.start(name, limits.max_seconds)
    pages: tuple[int, ...] = ()
    if suffix == ".pdf":
        text, pages = paged_text(read_pdf(data, name, limits, budget))
    elif suffix == ".docx":
        text = _text_of(read_docx(data, name, limits, budget))
    else:
        text = decode_bytes(data, name)
        if suffix in HTML_SUFFIXES:
            text = html_to_text(text, budget=budget)
        elif suffix in MARKDOWN_SUFFIXES:
            text = markdown_to_text(text, budget=budget)
    check_chars(name, text, limits)
    if not text.strip():
        raise UnsupportedFile(f"{name}: no text in the file (empty or whitespace only)")
    return RawDocument(source=name, sha256=hashlib.sha256(data).hexdigest(), text=text, pages=pages)


def read_document(
    path: Path, *, max_bytes: int = 20_000_000, limits: ReadLimits | None = None
) -> RawDocument:
    """Read and decode one report file (see ``read_bytes``); a file over ``max_bytes`` is refused before
    it is read."""
    path = Path(path)
    reason = suffix_reason(path.suffix.lower())
    if reason:
        raise UnsupportedFile(f"{path.name}: {reason}")
    return read_bytes(_read_bytes(path, max_bytes), path.name, limits=limits)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_input_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders (recursively, sorted) into (supported files, skipped files with the
    reason). Hidden files and folders inside a folder are skipped silently; duplicates are dropped."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def consider(path: Path) -> None:
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        reason = suffix_reason(path.suffix.lower())
        if reason:
            skipped.append((path, reason))
        else:
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _hidden(child, path):
                    consider(child)
        elif path.is_file():
            consider(path)
        else:
            skipped.append((path, "no such file or folder"))
    return files, skipped
