from __future__ import annotations

import time
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import ServiceDep
from api.schemas import CitationOut, ErrorOut, SearchResponse

router = APIRouter(tags=["search"])


@router.get(
    "/v1/search",
    response_model=SearchResponse,
    responses={422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    summary="Ranked passages for a query",
)
async def search(
    service: ServiceDep,
    q: Annotated[str, Query(description="query text")],
    top_k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    started = time.perf_counter()
    hits = await run_in_threadpool(service.search, q, top_k=top_k)
    return SearchResponse(
        query=q,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        results=[CitationOut(**asdict(c)) for c in hits],
    )
