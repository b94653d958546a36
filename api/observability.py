"""Request ids, structured JSON logs, Prometheus metrics, body-size limits and security headers."""

from __future__ import annotations

import json
import logging
import random
import re
import time
from contextvars import ContextVar

from prometheus_client import CollectorRegistry, Counter, Histogram
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id: ContextVar[str] = ContextVar("request_id", default="-")
log = logging.getLogger("api.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# Metric labels come only from this closed set and the app's route templates: a client's path or
# method never becomes a label, so /metrics cannot be grown by random requests.
UNMATCHED = "unmatched"
INTERNAL_ERROR = "internal error; the request id is in the X-Request-ID header"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The same headers as ASGI pairs, encoded once.
_SECURITY = tuple((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())
_PAGE_CSP = (b"content-security-policy", PAGE_CSP.encode())


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def configure_logging(level: str, json_logs: bool) -> None:
    """Root logging for the server: one JSON object a line with the request id, or plain text."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if json_logs:
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s", timestamp=False)
        )
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("bm25s", "jieba", "httpx", "sentence_transformers", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class Metrics:
    """Prometheus metrics of one app (own registry, so several apps can live in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "qa_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "qa_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )
        self.answers = Counter("qa_answers", "answers given", ["found"], registry=self.registry)
        self.ingested = Counter(
            "qa_ingest_files", "files sent to ingest", ["outcome"], registry=self.registry
        )
        # The labelled children, looked up once: ``labels()`` checks the values and takes a lock on
        # every call. Bounded: methods, routes and statuses come from closed sets (see UNMATCHED).
        self._served: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self._answered = {found: self.answers.labels(str(found).lower()) for found in (True, False)}

    def served(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one response of ``route`` and its latency."""
        children = self._served.get((method, route, status))
        if children is None:
            children = (self.requests.labels(method, route, str(status)), self.latency.labels(route))
            self._served[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)

    def answered(self, found: bool) -> None:
        self._answered[found].inc()


# Request ids need to be unique, not secret: a generator seeded once from the OS, not a uuid4 (a system
# call) per request — that was a tenth of the serving path's time under load.
_IDS = random.Random()


class ServingMiddleware:
    """Pure ASGI middleware: request id, access log, metrics, body-size limit, security headers."""

    def __init__(self, app: ASGIApp, metrics: Metrics, max_body: int, max_upload: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = declared = b""
        for name, value in scope.get("headers", ()):  # only two are needed: no dict of them all
            name = name.lower()
            if name == b"x-request-id":
                incoming = value
            elif name == b"content-length":
                declared = value
        offered = incoming.decode("latin-1")
        rid = offered if _SAFE_ID.match(offered) else f"{_IDS.getrandbits(64):016x}"
        token = request_id.set(rid)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        limit = self.max_upload if (method == "POST" and path == "/v1/documents") else self.max_body
        began = time.perf_counter()
        status = 500
        started = False  # whether the response has begun
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                headers = [*message.get("headers", ()), (b"x-request-id", rid.encode()), *_SECURITY]
                if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.append(_PAGE_CSP)  # the help-desk pages and /docs
                message["headers"] = headers
            await send(message)

        try:
            if declared.isdigit() and int(declared) > limit:
                await _reject_too_large(send_wrapper, limit)
            else:
                try:
                    await self.app(scope, limited_receive, send_wrapper)
                except _TooLarge:
                    await _reject_too_large(send_wrapper, limit)
                except Exception:
                    # Answered here, not by Starlette's outermost handler, so that the 500 carries the
                    # request id it refers to and the security headers. The traceback goes to the log.
                    log.exception("unhandled error")
                    if started:
                        raise  # too late for an answer: the server closes the connection
                    await send_error(send_wrapper, 500, INTERNAL_ERROR)
        finally:
            elapsed = time.perf_counter() - began
            label = getattr(scope.get("route"), "path", None) or UNMATCHED
            method_label = method if method in _METHODS else "other"
            self.metrics.served(method_label, label, status, elapsed)
            log.info(
                "request",
                extra={"method": method, "path": path, "status": status, "ms": round(elapsed * 1000, 2)},
            )
            request_id.reset(token)


class _TooLarge(Exception):
    pass


async def _reject_too_large(send: Send, limit: int) -> None:
    await send_error(send, 413, f"request body is larger than the limit of {limit} bytes")


async def send_error(send: Send, status: int, detail: str) -> None:
    """A JSON error response ``{"detail": ...}`` sent straight from ASGI middleware."""
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
