"""Refused formats named with a reason the sender can act on, and the .docx package check."""

from __future__ import annotations

import io
import zipfile

import pytest

from qa.errors import UnsupportedFile
from qa.ingest.readers import formats
from qa.ingest.readers.formats import (
    LEGACY_WORD,
    OFD,
    OLE2_MAGIC,
    PASSWORD,
    RTF,
    WPS,
    check_docx,
    refusal,
)

OLE2 = OLE2_MAGIC + b"\x00" * 504


def zip_of(files: dict[str, bytes | str], *, method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (OLE2, "报告.doc", LEGACY_WORD),
        (OLE2, "报告.docx", LEGACY_WORD),  # a .doc renamed
        (OLE2, "报告.wps", WPS),
        (OLE2 + "EncryptedPackage".encode("utf-16-le"), "报告.docx", PASSWORD),
        (b"{\\rtf1\\ansi hello}", "报告.doc", RTF),
        (b"<html>Word saved as web page</html>", "报告.doc", LEGACY_WORD),  # by name alone
        (zip_of({"OFD.xml": "<ofd/>"}), "a.ofd", OFD),
        (
            zip_of({"xl/workbook.xml": "<x/>"}),
            "a.docx",
            "an Excel workbook, not a report: save the report as .docx or PDF",
        ),
    ],
)
def test_refused_formats_say_what_to_do(data: bytes, name: str, reason: str) -> None:
    assert refusal(data, name) == reason


@pytest.mark.parametrize("data", [b"", b"plain text", b"%PDF-1.7 broken", b"PK\x03\x04broken zip"])
def test_what_is_not_a_refused_format_gives_none(data: bytes) -> None:
    assert refusal(data, "x.pdf") is None


def test_check_docx_refuses_what_is_not_a_word_package() -> None:
    with pytest.raises(
        UnsupportedFile, match=r"^notes\.docx: not a Word \.docx file \(a zip archive without"
    ):
        check_docx(zip_of({"hello.txt": "hi"}), "notes.docx")
    with pytest.raises(UnsupportedFile, match=r"^cut\.docx: not a Word \.docx file \(not a valid zip"):
        check_docx(b"PK\x03\x04" + b"\x00" * 100, "cut.docx")
    with pytest.raises(UnsupportedFile, match=r"^old\.docx: legacy Word"):
        check_docx(OLE2, "old.docx")


def test_check_docx_refuses_a_zip_bomb_by_its_declared_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 20 MB upload may hold gigabytes once unpacked: refused from the zip directory, before unpacking
    (the limit lowered here so that the test stays small)."""
    monkeypatch.setattr(formats, "MAX_DOCX_BYTES", 1_000_000)
    bomb = zip_of(
        {"word/document.xml": "<w:document/>", "word/media/fill.bin": b"\x00" * 2_000_000},
        method=zipfile.ZIP_DEFLATED,
    )
    assert len(bomb) < 20_000
    with pytest.raises(UnsupportedFile, match=r"^bomb\.docx: the \.docx unpacks to .* possible zip bomb"):
        check_docx(bomb, "bomb.docx")
