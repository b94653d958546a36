"""Read report files from disk: decode bytes to text, reduce HTML and Markdown to plain lines."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from charset_normalizer import from_bytes

from qa.errors import UnsupportedFile
from qa.records import RawDocument

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md",)

DROPPED_TAGS = ("script", "style", "noscript", "head", "nav", "footer", "template", "iframe", "svg")
BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "ul", "ol",
    "table", "blockquote", "pre", "dd", "dt", "header", "main", "aside", "form", "hr", "figure",
    "figcaption", "caption", "title",
)  # fmt: skip
CELL_TAGS = ("td", "th")
CONTROL_SHARE = 0.05  # more control characters than this: not text
REPLACEMENT_SHARE = 0.02  # more U+FFFD than this after decoding: wrong or no encoding

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]\s+|>\s?)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*```.*$")
_WS = re.compile(r"\s+")


def _supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        raise UnsupportedFile(f"{path.name}: unsupported file type {shown} (supported: {_supported_list()})")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    return bad / len(text)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    return _control_share(text) <= CONTROL_SHARE and text.count("\ufffd") / len(text) <= REPLACEMENT_SHARE


def decode_bytes(data: bytes, name: str) -> str:
    """Decode file bytes: UTF-8 (BOM or not), UTF-16 with BOM, else the encoding charset-normalizer
    detects (GB18030/GBK/Big5 …). Raises ``UnsupportedFile`` for binary or undecodable data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnsupportedFile(f"{name}: cannot decode UTF-16 text ({exc.reason})") from exc
        if not _looks_like_text(text):
            raise UnsupportedFile(f"{name}: looks like a binary file, not text")
        return text
    if b"\x00" in data:
        raise UnsupportedFile(f"{name}: looks like a binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnsupportedFile(
                f"{name}: cannot decode the text (tried UTF-8, UTF-16 and detection of GB18030/GBK/Big5 "
                "and other encodings); save it as UTF-8"
            ) from None
        text = str(best)
    if not _looks_like_text(text):
        raise UnsupportedFile(f"{name}: looks like a binary file, not text")
    return text


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line (scripts, styles, head, nav and
    footer dropped)."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Doctype | ProcessingInstruction):
            node.extract()
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for node in soup.find_all(string=True):
        if isinstance(node, NavigableString) and node.find_parent("pre") is None:
            node.replace_with(_WS.sub(" ", str(node)))
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(BLOCK_TAGS):
        if isinstance(tag, Tag):
            tag.insert_before("\n")
            tag.insert_after("\n")
    for tag in soup.find_all(CELL_TAGS):
        if isinstance(tag, Tag):
            tag.insert_after(" ")
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def markdown_to_text(markdown: str) -> str:
    """Markdown reduced to its text lines: heading marks, emphasis, link and list syntax removed."""
    out: list[str] = []
    for line in markdown.splitlines():
        if _MD_RULE.match(line):
            continue
        line = _MD_HEADING.sub("", line)
        if line != line.rstrip("#"):
            line = _MD_CLOSING_HASHES.sub("", line)
        line = _MD_BULLET.sub("", line)
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        out.append(line.strip())
    return "\n".join(out)


def read_document(path: Path, *, max_bytes: int = 20_000_000) -> RawDocument:
    """Read and decode one report file. Raises ``UnsupportedFile`` for a wrong type, a file too
    large, empty, binary or undecodable."""
    path = Path(path)
    name = path.name
    _check_suffix(path)
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
    if not data.strip():
        raise UnsupportedFile(f"{name}: file is empty")
    text = decode_bytes(data, name)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    elif suffix in MARKDOWN_SUFFIXES:
        text = markdown_to_text(text)
    if not text.strip():
        raise UnsupportedFile(f"{name}: no text in the file (empty or whitespace only)")
    return RawDocument(source=name, sha256=hashlib.sha256(data).hexdigest(), text=text)


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
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(path)
        else:
            shown = path.suffix.lower() or "(none)"
            skipped.append((path, f"unsupported file type {shown} (supported: {_supported_list()})"))

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
