"""Webhook mode without extra dependencies: a small ASGI app that checks Telegram's secret token and
hands each update to the running :class:`telegram.ext.Application`."""

from __future__ import annotations

import hmac
import json
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_app(application: Application, secret: str, path: str = "/telegram") -> Starlette:  # type: ignore[type-arg]
    """POST ``path``: one update from Telegram; 403 without the right secret token."""

    async def receive(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            logger.warning("webhook request without the right secret token from %s", request.client)
            return Response(status_code=403)
        try:
            payload = json.loads(await request.body())
            update = Update.de_json(payload, application.bot)
        except (ValueError, TypeError, KeyError):
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response()

    async def health(_: Request) -> Response:
        return Response("ok")

    return Starlette(routes=[Route(path, receive, methods=["POST"]), Route("/healthz", health)])
