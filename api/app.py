"""The FastAPI application: loads the encoder and index once (lifespan), converts core errors to HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.observability import Metrics, ServingMiddleware, configure_logging
from api.origin import SiteGuard, parse_list
from api.placement import AnswerPlacement
from api.routes import ask, documents, facts, feedback, health, metrics, search, upload, web
from api.security import Guard, require_admin, require_read
from qa import (
    DocumentNotFound,
    IndexConflict,
    IndexNotFound,
    InvalidQuestion,
    LiveService,
    QAError,
    QAService,
    Settings,
    StoreUnavailable,
    UnknownIndicator,
    get_settings,
)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


# Core errors and the HTTP status each becomes (most specific first; QAError catches the rest).
_ERROR_STATUS: tuple[tuple[type[QAError], int], ...] = (
    (InvalidQuestion, 422),
    (DocumentNotFound, 404),
    (UnknownIndicator, 404),
    (IndexNotFound, 503),
    (StoreUnavailable, 503),
    (IndexConflict, 409),
    (QAError, 400),
)


def _error_handler(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status)

    return handle


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``qa serve --workers N`` (settings from ``QA_*``), logging as
    ``qa serve`` itself does."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.json_logs)
    return create_app(settings)


def create_app(settings: Settings, service: QAService | None = None) -> FastAPI:
    """The API over ``service``, or over the index in ``settings.index_dir`` loaded at start-up.

    The index is reloaded without a restart when an ingest (CLI or upload) switches generations."""
    live = LiveService(settings, service=service)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if live.service is None:
            live.reload_now()
        yield

    app = FastAPI(
        title="法治问答 API",
        version="1.0.0",
        description="Cited extractive answers from Chinese government reports (法治政府建设报告, 政府工作报告).",
        lifespan=lifespan,
        docs_url=None,  # served by api/routes/web.py from the vendored Swagger UI, under the CSP
        redoc_url=None,
    )
    app.state.live = live
    app.state.settings = settings
    app.state.placement = AnswerPlacement(local_index=settings.store == "local")
    app.state.guard = Guard(settings)
    app.state.metrics = Metrics()

    for error, status in _ERROR_STATUS:
        app.add_exception_handler(error, _error_handler(status))

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    # Anything else becomes a 500 in ServingMiddleware (with the request id and security headers).

    read = [Depends(require_read)]
    for module in (ask, search, documents, feedback, facts):
        app.include_router(module.router, dependencies=read)
    app.include_router(upload.router, dependencies=[Depends(require_admin)])
    for module in (health, metrics, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")

    origins = parse_list(settings.cors_origins)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
        )
    app.add_middleware(SiteGuard, allowed_hosts=parse_list(settings.allowed_hosts), trusted_origins=origins)
    max_upload = settings.max_upload_files * settings.max_file_bytes + 1_000_000
    app.add_middleware(
        ServingMiddleware, metrics=app.state.metrics, max_body=settings.max_body_bytes, max_upload=max_upload
    )
    return app
