"""Dependencies handed to routes: the loaded service (503 until an index is loaded)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from qa import QAService


def get_service(request: Request) -> QAService:
    service: QAService | None = getattr(request.app.state, "service", None)
    if service is None:
        reason = getattr(request.app.state, "load_error", "") or "no index is loaded"
        raise HTTPException(status_code=503, detail=f"{reason}")
    return service


ServiceDep = Annotated[QAService, Depends(get_service)]
