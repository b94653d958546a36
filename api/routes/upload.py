from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

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
)
async def upload_documents(
    request: Request,
    live: LiveDep,
    files: Annotated[list[UploadFile], File(description="one or more reports")],
) -> UploadResult:
    settings = live.settings
    uploads = []
    for item in files:
        data = await item.read(settings.max_file_bytes + 1)
        uploads.append(Upload(name=item.filename or "", data=data))
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
