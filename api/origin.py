"""Where a request may come from: the ``Host`` it names and, for state-changing methods, the page that
sent it. Headers only, so it runs before anything reads a body.

- ``Host`` must be one of ``allowed_hosts`` (loopback names always): a page on ``evil.example`` whose
  name an attacker re-points at 127.0.0.1 (DNS rebinding) names its own host, and is refused.
- A POST, PUT, PATCH or DELETE sent by a browser page of another origin — ``Sec-Fetch-Site``
  ``cross-site`` or ``same-site`` (another port of the same host is same-site), or an ``Origin`` that
  is not this server's — is refused unless that origin is in ``QA_CORS_ORIGINS``. Browsers send these
  headers even for ``fetch(..., {mode: "no-cors"})`` and HTML form posts, which CORS does not stop.
  Clients that are not browsers (curl, scripts, the bot) send neither and are not affected.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from api.observability import send_error

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FOREIGN_SITES = frozenset({"cross-site", "same-site"})


def parse_list(spec: str) -> tuple[str, ...]:
    """'a, b,,c' → ('a', 'b', 'c')."""
    return tuple(item.strip() for item in spec.split(",") if item.strip())


def host_name(host: str) -> str:
    """The name in a Host header or URL authority, lower case, without port or trailing dot:
    'Example.org:8000' → 'example.org', '[::1]:8000' → '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


class SiteGuard:
    """Pure ASGI middleware: 400 for a Host not served here, 403 for a cross-site state change."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str], trusted_origins: Iterable[str]) -> None:
        self.app = app
        hosts = {host_name(h) for h in allowed_hosts}
        self.any_host = "*" in hosts
        self.hosts = frozenset(hosts | set(LOOPBACK_HOSTS))
        self.origins = frozenset(o.rstrip("/").lower() for o in trusted_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host, origin, site = "", None, None
        for name, value in scope.get("headers", ()):  # three are needed: no dict of them all
            name = name.lower()
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"sec-fetch-site":
                site = value.decode("latin-1")
        problem = self._host_problem(host)
        if problem:
            await send_error(send, 400, problem)
            return
        if scope.get("method", "GET") not in _SAFE_METHODS:
            problem = self._origin_problem(host, origin, site)
            if problem:
                await send_error(send, 403, problem)
                return
        await self.app(scope, receive, send)

    def _host_problem(self, host: str) -> str | None:
        if self.any_host or host_name(host) in self.hosts:
            return None
        return f"host {ascii(host)[:80]} is not served here; the server's names go in QA_ALLOWED_HOSTS"

    def _origin_problem(self, host: str, origin: str | None, site: str | None) -> str | None:
        if origin is not None and origin.rstrip("/").lower() in self.origins:
            return None  # a page the operator trusts (QA_CORS_ORIGINS)
        if origin is not None and (origin == "null" or urlsplit(origin).netloc.lower() != host.lower()):
            return f"cross-site request refused: origin {ascii(origin)[:80]} is not in QA_CORS_ORIGINS"
        if site in _FOREIGN_SITES:
            return (
                f"cross-site request refused (Sec-Fetch-Site: {site}); trusted origins go in QA_CORS_ORIGINS"
            )
        return None
