from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="An index is loaded (503 until then)")
async def readyz(request: Request) -> JSONResponse:
    service = getattr(request.app.state, "service", None)
    if service is None:
        reason = getattr(request.app.state, "load_error", "") or "no index is loaded"
        return JSONResponse({"status": "not ready", "detail": reason}, status_code=503)
    return JSONResponse(
        {"status": "ready", "reports": len(service.data.reports), "passages": len(service.data.passages)}
    )
