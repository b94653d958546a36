from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from api.deps import ServiceDep
from api.schemas import DocumentDetail, DocumentList, DocumentOut, ErrorOut

router = APIRouter(tags=["documents"])


@router.get("/v1/documents", response_model=DocumentList, summary="Indexed reports with metadata")
async def list_documents(service: ServiceDep) -> DocumentList:
    return DocumentList(documents=[DocumentOut(**asdict(d), placed=d.placed) for d in service.documents()])


@router.get(
    "/v1/documents/{doc_id}",
    response_model=DocumentDetail,
    responses={404: {"model": ErrorOut}},
    summary="One report: metadata and cleaned text",
)
async def get_document(doc_id: str, service: ServiceDep) -> DocumentDetail:
    report = service.document(doc_id)
    info = next(d for d in service.documents() if d.doc_id == report.doc_id)
    return DocumentDetail(**asdict(info), placed=info.placed, text=report.text, pages=list(report.pages))
