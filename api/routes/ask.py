from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from api.deps import ServiceDep
from api.schemas import AskRequest, AskResponse, CitationOut, ErrorOut, TableRow, ValueOut

router = APIRouter(tags=["ask"])


@router.post(
    "/v1/ask",
    response_model=AskResponse,
    responses={422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    summary="Answer a question with cited sentences from the reports",
)
async def ask(request: Request, body: AskRequest, service: ServiceDep) -> AskResponse:
    answer = await run_in_threadpool(
        service.ask,
        body.question,
        top_k=body.top_k,
        district=body.district,
        year=body.year,
        history=body.history,
    )
    request.app.state.metrics.answers.labels(str(answer.found).lower()).inc()
    return AskResponse(
        question=answer.question,
        answer=answer.answer,
        found=answer.found,
        confidence=answer.confidence,
        took_ms=answer.took_ms,
        citations=[CitationOut(**asdict(c)) for c in answer.citations],
        table=[TableRow(**row) for row in answer.table] if answer.table else None,
        value=ValueOut(**answer.value) if answer.value else None,
        related=[CitationOut(**asdict(c)) for c in answer.related],
        note=answer.note,
    )
