"""What a file is, by its name and first bytes, and why a format is refused: in words the sender can act
on ("legacy Word (.doc): save it as .docx"). Also the one check of a .docx package, used before it
is read and when it is uploaded: a real Word document, not encrypted, bounded when unpacked.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from qa.errors import UnsupportedFile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls, password-protected .docx
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"  # within the first 1024 bytes, as PDF readers accept it
MAX_DOCX_PART_BYTES = 64_000_000  # one XML part of a .docx, unpacked
MAX_DOCX_BYTES = 256_000_000  # all parts of a .docx, unpacked (python-docx loads them all)

LEGACY_WORD = "legacy Word (.doc): save it as .docx"
WPS = "WPS document (.wps): save it as .docx (or PDF) in WPS Office"
RTF = "RTF document: save it as .docx"
OFD = "OFD document (.ofd): export it as PDF or save it as .docx"
ODT = "OpenDocument text (.odt): save it as .docx"
PASSWORD = "a password-protected Office file: remove the password and save it again as .docx"
NOT_PDF = "not a PDF file (no %PDF header)"

# Refused by name alone: the reason is the same whatever the bytes.
REFUSED_SUFFIXES: dict[str, str] = {
    ".doc": LEGACY_WORD,
    ".dot": LEGACY_WORD,
    ".wps": WPS,
    ".wpt": WPS,
    ".rtf": RTF,
    ".ofd": OFD,
    ".odt": ODT,
}


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def _ole2_reason(data: bytes, name: str) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data[:2_000_000]:
        return PASSWORD
    suffix = suffix_of(name)
    if suffix in REFUSED_SUFFIXES:
        return REFUSED_SUFFIXES[suffix]
    if suffix in ("", ".doc", ".docx", ".txt"):
        return LEGACY_WORD
    return f"a legacy Office file saved as {suffix}: save it as .docx or PDF"


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _zip_reason(data: bytes) -> str | None:
    names = _zip_names(data)
    if names is None or "word/document.xml" in names:
        return None  # damage is for the reader to report; a Word package is read
    if "OFD.xml" in names or any(n.lower().endswith("/ofd.xml") for n in names):
        return OFD
    if "xl/workbook.xml" in names:
        return "an Excel workbook, not a report: save the report as .docx or PDF"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation, not a report: save the report as .docx or PDF"
    if "content.xml" in names and "mimetype" in names:
        return ODT
    return None


def refusal(data: bytes, name: str) -> str | None:
    """Why a file is refused, by its name and first bytes, or None when it is not a refused format (a
    good PDF or .docx, text, or damage the reader will name). Never raises."""
    head = data[:1024]
    if head.startswith(OLE2_MAGIC):
        return _ole2_reason(data, name)
    if head.lstrip().startswith(b"{\\rtf"):
        return RTF
    if head.startswith(ZIP_MAGIC):
        return _zip_reason(data)
    return REFUSED_SUFFIXES.get(suffix_of(name))


def is_pdf(data: bytes) -> bool:
    """The file starts as a PDF (its header within the first 1024 bytes)."""
    return PDF_MAGIC in data[:1024]


def check_docx(data: bytes, name: str) -> None:
    """Refuse what is not a readable Word package: not a zip, no ``word/document.xml``, or more than
    ``MAX_DOCX_BYTES`` (or one XML part over ``MAX_DOCX_PART_BYTES``) once unpacked: a zip bomb is
    caught by the sizes its directory declares, which the unpacking then holds to."""
    reason = refusal(data, name)
    if reason:
        raise UnsupportedFile(f"{name}: {reason}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnsupportedFile(
            f"{name}: not a Word .docx file (not a valid zip package; damaged or cut short?)"
        ) from None
    if "word/document.xml" not in {info.filename for info in infos}:
        raise UnsupportedFile(f"{name}: not a Word .docx file (a zip archive without word/document.xml)")
    total = sum(info.file_size for info in infos)
    if total > MAX_DOCX_BYTES or any(
        info.file_size > MAX_DOCX_PART_BYTES for info in infos if info.filename.endswith((".xml", ".rels"))
    ):
        raise UnsupportedFile(
            f"{name}: the .docx unpacks to {total:,} bytes, over the limit of {MAX_DOCX_BYTES:,} "
            f"(or one part over {MAX_DOCX_PART_BYTES:,}): refused as a possible zip bomb"
        )
