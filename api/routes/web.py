"""The help-desk page (a static single-page UI over the v1 API) and the API reference, shipped in
``api/static/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

router = APIRouter(tags=["web"], include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    """Ask, read the evidence, give feedback."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


@router.get("/report/{doc_id}")
async def report(doc_id: str) -> FileResponse:
    """One cleaned report; ``#start-end`` highlights and scrolls to a cited span (the page fetches
    ``/v1/documents/{doc_id}`` itself, so an unknown id shows the API's 404 message)."""
    return FileResponse(STATIC_DIR / "report.html", media_type="text/html")


@router.get("/docs")
async def docs() -> FileResponse:
    """The API reference: Swagger UI (vendored in ``static/swagger-ui/``) over ``/openapi.json``."""
    return FileResponse(STATIC_DIR / "docs.html", media_type="text/html")
