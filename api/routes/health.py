from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import LiveDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="An index is loaded (503 until then)")
async def readyz(live: LiveDep) -> JSONResponse:
    live.refresh()
    service = live.service
    if service is None:
        return JSONResponse(
            {"status": "not ready", "detail": live.error or "no index is loaded"}, status_code=503
        )
    return JSONResponse(
        {
            "status": "ready",
            "generation": service.data.generation,
            "reports": len(service.data.reports),
            "passages": len(service.data.passages),
        }
    )
