"""Uploads and deletes. The upload route reads the multipart body itself, so that the router's
admin check runs on the headers alone: a caller without the right key is refused before a byte of
the body is read (FastAPI would parse a ``File()`` parameter before any dependency)."""

from __future__ import annotations

import unicodedata
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from api.deps import LiveDep
from api.schemas import ErrorOut
from qa import Upload, ingest_uploads, read_limits, remove_reports

router = APIRouter(tags=["documents"])


class SkippedOut(BaseModel):
    file: str
    reason: str


class UploadResult(BaseModel):
    added: list[str] = Field(description="new reports")
    replaced: list[str] = Field(description="reports whose file changed; their old passages are gone")
    unchanged: list[str] = Field(description="already indexed with the same content")
    skipped: list[SkippedOut] = Field(description="files refused, with the reason")
    reports: int
    passages: int


MAX_NAME_BYTES = 255  # a file name's limit on common filesystems (UTF-8 bytes)
# Control, format (bidi overrides U+202A-U+202E and U+2066-U+2069, zero-width marks), surrogate,
# private-use and line/paragraph-separator characters: a name with them can pose as another name.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})

_UPLOAD_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                        "description": "one or more reports",
                    }
                },
            }
        }
    },
}


def file_name_problem(name: str) -> str | None:
    """Why an uploaded file's name is refused, or None when it is usable (the type, size and content
    checks come later, in the core)."""
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"the name is longer than {MAX_NAME_BYTES} bytes ({len(name)} characters)"
    hidden = sorted({f"U+{ord(c):04X}" for c in name if unicodedata.category(c) in _HIDDEN_CATEGORIES})
    if hidden:
        return f"the name holds invisible or direction-changing characters ({', '.join(hidden[:5])})"
    return None


async def _read_uploads(request: Request, *, max_files: int, max_bytes: int) -> list[Upload]:
    """The ``files`` parts of the multipart body (each read up to one byte over ``max_bytes``, so the
    core can name the file that is too large); 422 when a name is refused or no file was sent."""
    # One file over the limit still reaches the core, which refuses the request with its own reason.
    async with request.form(max_files=max_files + 1, max_fields=max_files + 10) as form:
        uploads = []
        for number, item in enumerate(form.getlist("files"), start=1):
            if not isinstance(item, UploadFile):
                raise HTTPException(422, detail=f"files: part {number} is not a file")
            name = item.filename or ""
            problem = file_name_problem(name)
            if problem:
                raise HTTPException(422, detail=f"file {number} {ascii(name)[:60]}: {problem}")
            uploads.append(Upload(name=name, data=await item.read(max_bytes + 1)))
    if not uploads:
        raise HTTPException(422, detail="files: send one or more reports as the multipart field 'files'")
    return uploads


@router.post(
    "/v1/documents",
    response_model=UploadResult,
    responses={
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    summary="Upload reports (.txt .md .html .htm .pdf .docx) and index them incrementally",
    openapi_extra={"requestBody": _UPLOAD_BODY},
)
async def upload_documents(request: Request, live: LiveDep) -> UploadResult:
    settings = live.settings
    uploads = await _read_uploads(
        request, max_files=settings.max_upload_files, max_bytes=settings.max_file_bytes
    )
    if live.encoder is None:
        raise HTTPException(503, detail=live.error or "the encoder is not loaded")
    result = await run_in_threadpool(
        ingest_uploads,
        uploads,
        store=live.store,
        encoder=live.encoder,
        max_bytes=settings.max_file_bytes,
        max_files=settings.max_upload_files,
        limits=read_limits(settings),
    )
    metrics = request.app.state.metrics
    for outcome, names in (
        ("added", result.added),
        ("replaced", result.replaced),
        ("unchanged", result.unchanged),
    ):
        if names:
            metrics.ingested.labels(outcome).inc(len(names))
    if result.skipped:
        metrics.ingested.labels("skipped").inc(len(result.skipped))
    if result.changed:
        await run_in_threadpool(live.reload_now)
    if not (result.changed or result.unchanged):
        reasons = "; ".join(reason for _, reason in result.skipped) or "no files"
        raise HTTPException(422, detail=f"nothing was ingested: {reasons}")
    service = live.service
    return UploadResult(
        added=list(result.added),
        replaced=list(result.replaced),
        unchanged=list(result.unchanged),
        skipped=[SkippedOut(file=f, reason=r) for f, r in result.skipped],
        reports=len(service.data.reports) if service else result.reports,
        passages=len(service.data.passages) if service else result.passages,
    )


class DeleteResult(BaseModel):
    deleted: str = Field(description="the report id removed")
    reports: int
    passages: int


@router.delete(
    "/v1/documents/{doc_id}",
    response_model=DeleteResult,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
    summary="Remove one report from the index (its passages, vectors and facts)",
)
async def delete_document(doc_id: str, live: LiveDep) -> DeleteResult:
    data = await run_in_threadpool(remove_reports, [doc_id], store=live.store)
    await run_in_threadpool(live.reload_now)
    return DeleteResult(deleted=doc_id, reports=len(data.reports), passages=len(data.passages))
