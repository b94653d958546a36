"""API keys with roles, and per-caller rate limits — as FastAPI dependencies on the routers."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal

from fastapi import HTTPException, Request
from limits import parse

from api.ratelimit import MovingWindow
from qa import Settings

Role = Literal["read", "admin"]
ROLES: tuple[Role, ...] = ("read", "admin")


@dataclass(frozen=True, slots=True)
class ApiKey:
    digest: bytes  # sha256 of the key: the key itself is never kept in memory dumps or logs
    role: Role
    label: str  # short, non-secret name for logs and rate-limit buckets


@dataclass(frozen=True, slots=True)
class Caller:
    identity: str  # "key:<label>" or "ip:<address>"
    role: Role | None  # None when the server has no keys configured


def parse_api_keys(spec: str) -> tuple[ApiKey, ...]:
    """'k1:read,k2:admin' → keys; raises ValueError naming the bad entry (never the key itself)."""
    keys: list[ApiKey] = []
    for number, entry in enumerate(filter(None, (e.strip() for e in spec.split(","))), start=1):
        key, sep, role = entry.rpartition(":")
        if not sep or not key or role not in ROLES:
            raise ValueError(
                f"QA_API_KEYS entry {number} is not KEY:ROLE with ROLE one of {', '.join(ROLES)}"
            )
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        keys.append(ApiKey(digest, role, label=digest.hex()[:8]))  # type: ignore[arg-type]
    return tuple(keys)


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-api-key") or None


def match_key(keys: tuple[ApiKey, ...], presented: str) -> ApiKey | None:
    """Constant-time comparison against every key (no early exit on a match)."""
    digest = hashlib.sha256(presented.encode("utf-8")).digest()
    found: ApiKey | None = None
    for key in keys:
        if hmac.compare_digest(key.digest, digest):
            found = key
    return found


class Guard:
    """Authentication, authorisation and rate limiting for one app."""

    def __init__(self, settings: Settings) -> None:
        spec = settings.api_keys.get_secret_value() if settings.api_keys else ""
        self.keys = parse_api_keys(spec)
        self.limit = parse(settings.rate_limit)
        self.limiter = MovingWindow(self.limit.amount, self.limit.get_expiry())

    def caller(self, request: Request, needed: Role) -> Caller:
        # The connecting peer, or the client a trusted proxy names (`qa serve --forwarded-allow-ips`).
        client = request.client.host if request.client else "unknown"
        anonymous = Caller(identity=f"ip:{client}", role=None)
        if not self.keys:
            return anonymous
        presented = presented_key(request)
        key = match_key(self.keys, presented) if presented is not None else None
        if key is None:
            self.throttle(anonymous)  # missing and wrong keys count against the address: no free guessing
            detail = (
                "unknown API key"
                if presented is not None
                else "an API key is required: send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
            )
            raise HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})
        if needed == "admin" and key.role != "admin":
            raise HTTPException(403, detail="this needs an API key with the 'admin' role")
        return Caller(identity=f"key:{key.label}", role=key.role)

    def throttle(self, caller: Caller) -> None:
        wait = self.limiter.hit(caller.identity)
        if not wait:
            return
        retry = max(1, int(wait + 0.999))
        raise HTTPException(
            429,
            detail=f"too many requests: the limit is {self.limit}; try again in {retry} s",
            headers={"Retry-After": str(retry)},
        )


def _guard(request: Request) -> Guard:
    guard: Guard = request.app.state.guard
    return guard


async def require_read(request: Request) -> Caller:
    guard = _guard(request)
    caller = guard.caller(request, "read")
    guard.throttle(caller)
    return caller


async def require_admin(request: Request) -> Caller:
    guard = _guard(request)
    caller = guard.caller(request, "admin")
    guard.throttle(caller)
    return caller
