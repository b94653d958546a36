"""Dependencies handed to routes: the live service (503 until an index is loaded)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from qa import LiveService, QAService


def get_live(request: Request) -> LiveService:
    live: LiveService = request.app.state.live
    return live


def get_service(request: Request) -> QAService:
    live = get_live(request)
    live.refresh()
    service = live.service
    if service is None:
        raise HTTPException(status_code=503, detail=live.error or "no index is loaded")
    return service


ServiceDep = Annotated[QAService, Depends(get_service)]
LiveDep = Annotated[LiveService, Depends(get_live)]
