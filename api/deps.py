"""Dependencies handed to routes: the live service (503 until an index is loaded).

They are ``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a hop (two thread
switches and a turn for the GIL) on every request for what is an attribute read and, every few
seconds, a look at the index pointer — the call ``/readyz`` makes on the event loop too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from qa import LiveService, QAService


async def get_live(request: Request) -> LiveService:
    live: LiveService = request.app.state.live
    return live


async def get_service(request: Request) -> QAService:
    live: LiveService = request.app.state.live
    if live.service is None:  # the refresh may load an index now (seconds): not on the event loop
        await run_in_threadpool(live.refresh)
    else:  # a reload, when one is due, runs in a thread of its own
        live.refresh()
    service = live.service
    if service is None:
        raise HTTPException(status_code=503, detail=live.error or "no index is loaded")
    return service


ServiceDep = Annotated[QAService, Depends(get_service)]
LiveDep = Annotated[LiveService, Depends(get_live)]
