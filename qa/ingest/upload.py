"""Reports sent over the network: checked before they touch the disk, then ingested like files."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from embeddings.encoder import Encoder
from qa.errors import UnsupportedFile
from qa.index.store import IndexStore
from qa.ingest.pipeline import IngestResult, ingest_paths
from qa.ingest.readers import ReadLimits, suffix_reason, supported_list
from qa.ingest.readers.formats import NOT_PDF, check_docx, is_pdf, refusal

# Archives and other containers are refused in a text file's name; a .docx is a zip checked for what it
# unpacks to (no zip bombs), a .pdf must start as one.
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"%PDF")


@dataclass(frozen=True, slots=True)
class Upload:
    name: str  # as the client sent it
    data: bytes


def check_upload(upload: Upload, *, max_bytes: int) -> tuple[str, str]:
    """(safe file name, "") when acceptable, else ("", reason)."""
    name = PurePath(upload.name.replace("\\", "/")).name.strip()
    if not name or name.startswith(".") or any(ord(c) < 32 for c in name):
        return "", f"{upload.name!r}: not a usable file name"
    suffix = PurePath(name).suffix.lower()
    reason = suffix_reason(suffix)
    if reason:
        return "", f"{name}: {reason}"
    if len(upload.data) > max_bytes:
        return "", f"{name}: {len(upload.data)} bytes is over the limit of {max_bytes}"
    if not upload.data.strip():
        return "", f"{name}: empty file"
    reason = refusal(upload.data, name)
    if reason:
        return "", f"{name}: {reason}"
    if suffix == ".pdf":
        if not is_pdf(upload.data):
            return "", f"{name}: {NOT_PDF}"
    elif suffix == ".docx":
        try:
            check_docx(upload.data, name)
        except UnsupportedFile as exc:
            return "", str(exc)
    elif upload.data.startswith(_ARCHIVE_MAGIC):
        return "", (
            f"{name}: archives, PDFs and other binary containers are not accepted as {suffix}; "
            f"send reports as {supported_list()}"
        )
    return name, ""


def ingest_uploads(
    uploads: Sequence[Upload],
    *,
    store: IndexStore,
    encoder: Encoder,
    max_bytes: int,
    max_files: int,
    limits: ReadLimits | None = None,
) -> IngestResult:
    """Check each upload, then ingest the acceptable ones (within ``limits``, as ``ingest_paths``);
    refusals are listed in ``skipped``."""
    skipped: list[tuple[str, str]] = []
    accepted: dict[str, bytes] = {}
    if len(uploads) > max_files:
        return IngestResult(
            skipped=tuple((u.name, f"more than {max_files} files in one request") for u in uploads)
        )
    for upload in uploads:
        name, reason = check_upload(upload, max_bytes=max_bytes)
        if reason:
            skipped.append((upload.name, reason))
        elif name in accepted:
            skipped.append((upload.name, f"{name}: sent twice in one request"))
        else:
            accepted[name] = upload.data
    if not accepted:
        return IngestResult(skipped=tuple(skipped))
    with tempfile.TemporaryDirectory(prefix="qa-upload-") as tmp:
        for name, data in accepted.items():
            (Path(tmp) / name).write_bytes(data)
        result = ingest_paths(
            [Path(tmp)], store=store, encoder=encoder, max_bytes=max_bytes, limits=limits, progress=False
        )
    # Report files by the names sent, not the temporary paths.
    relabelled = tuple((Path(path).name, reason) for path, reason in result.skipped)
    return replace(result, skipped=tuple(skipped) + relabelled)
