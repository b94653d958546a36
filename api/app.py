"""The FastAPI application: loads the encoder and index once (lifespan), converts core errors to HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.routes import ask, documents, health, search
from qa import DocumentNotFound, IndexNotFound, InvalidQuestion, QAError, QAService, Settings, open_service

log = logging.getLogger(__name__)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def create_app(settings: Settings, service: QAService | None = None) -> FastAPI:
    """The API over ``service``, or over the index in ``settings.index_dir`` loaded at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.service is None:
            try:
                app.state.service = open_service(settings)
                app.state.service.warm_up()
                log.info("index loaded from %s", settings.index_dir)
            except QAError as exc:
                app.state.load_error = str(exc)
                log.error("no index loaded: %s", exc)
        yield

    app = FastAPI(
        title="法治问答 API",
        version="1.0.0",
        description="Cited extractive answers from Chinese government reports (法治政府建设报告, 政府工作报告).",
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.load_error = ""
    app.state.settings = settings

    @app.exception_handler(InvalidQuestion)
    async def invalid_question(_: Request, exc: InvalidQuestion) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(DocumentNotFound)
    async def document_not_found(_: Request, exc: DocumentNotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(IndexNotFound)
    async def index_not_found(_: Request, exc: IndexNotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    for module in (ask, search, documents, health):
        app.include_router(module.router)
    return app
