"""Keys, roles, rate limits, body limits, CORS, headers, request ids and metrics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import match_key, parse_api_keys
from qa.answer.service import QAService
from tests.conftest import make_settings

ASK = {"question": "东城街道行政诉讼出庭率"}


def _client(index: Path, service: QAService | None = None, **overrides: object) -> TestClient:
    return TestClient(create_app(make_settings(index, **overrides), service))


def test_keys_are_parsed_and_bad_entries_named_without_the_key() -> None:
    keys = parse_api_keys("alpha:read, beta:admin")
    assert [k.role for k in keys] == ["read", "admin"]
    assert match_key(keys, "beta") is keys[1] and match_key(keys, "gamma") is None
    with pytest.raises(ValueError, match="entry 2") as err:
        parse_api_keys("alpha:read,secret-value:root")
    assert "secret-value" not in str(err.value)


def test_roles(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service, api_keys="rkey:read,akey:admin")
    no_key = client.post("/v1/ask", json=ASK)
    assert no_key.status_code == 401 and "API key" in no_key.json()["detail"]
    assert client.post("/v1/ask", json=ASK, headers={"X-API-Key": "nope"}).status_code == 401
    assert client.post("/v1/ask", json=ASK, headers={"X-API-Key": "rkey"}).status_code == 200
    assert client.post("/v1/ask", json=ASK, headers={"Authorization": "Bearer akey"}).status_code == 200
    files = {"files": ("a.txt", "东城街道2022年共办理案件12件。".encode(), "text/plain")}
    denied = client.post("/v1/documents", files=files, headers={"X-API-Key": "rkey"})
    assert denied.status_code == 403 and "admin" in denied.json()["detail"]
    assert client.delete("/v1/documents/x", headers={"X-API-Key": "rkey"}).status_code == 403
    # Health, readiness and metrics stay open for probes.
    assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200


def test_rate_limit_answers_429_with_retry_after(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service, rate_limit="3/minute")
    codes = [client.get("/v1/documents").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/v1/documents")
    assert int(limited.headers["Retry-After"]) >= 1 and "limit" in limited.json()["detail"]


def test_body_size_limit(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service, max_body_bytes=2000)
    resp = client.post(
        "/v1/ask",
        content=b'{"question": "' + b"x" * 5000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 413 and "limit" in resp.json()["detail"]


def test_cors_off_by_default_and_configurable(sample_index: Path, sample_service: QAService) -> None:
    origin = {"Origin": "https://desk.example", "Access-Control-Request-Method": "POST"}
    off = _client(sample_index, sample_service).options("/v1/ask", headers=origin)
    assert "access-control-allow-origin" not in off.headers
    on = _client(sample_index, sample_service, cors_origins="https://desk.example").options(
        "/v1/ask", headers=origin
    )
    assert on.headers.get("access-control-allow-origin") == "https://desk.example"


def test_headers_request_id_and_metrics(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service)
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    assert len(client.get("/healthz", headers={"X-Request-ID": "bad id!\n"}).headers["x-request-id"]) == 16
    client.post("/v1/ask", json=ASK)
    client.post("/v1/ask", json={"question": "天河街道出庭率"})
    text = client.get("/metrics").text
    assert 'qa_answers_total{found="true"} 1.0' in text and 'qa_answers_total{found="false"} 1.0' in text
    assert 'qa_http_requests_total{method="POST",route="/v1/ask",status="200"} 2.0' in text
    assert "qa_http_request_seconds_bucket" in text


def test_errors_do_not_leak_internals(sample_index: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    (root / "CURRENT").write_text("gen-gone", encoding="utf-8")
    with _client(root, api_keys="topsecret:admin") as client:
        resp = client.post("/v1/ask", json=ASK, headers={"X-API-Key": "topsecret"})
        assert resp.status_code == 503 and "re-ingest" in resp.json()["detail"]
        assert "topsecret" not in resp.text and "Traceback" not in resp.text


def test_wrong_and_missing_keys_are_rate_limited(sample_index: Path, sample_service: QAService) -> None:
    """Issue 15.6: a refused key counted against nothing, so keys could be guessed at full speed. Failures
    now count against the client address; callers with a valid key keep their own budget."""
    client = _client(sample_index, sample_service, api_keys="rkey:read", rate_limit="3/minute")
    guesses = [client.get("/v1/documents", headers={"X-API-Key": f"guess-{n}"}) for n in range(4)]
    assert [r.status_code for r in guesses] == [401, 401, 401, 429]
    assert int(guesses[-1].headers["Retry-After"]) >= 1
    assert client.get("/v1/documents").status_code == 429  # no key at all: the same budget
    assert client.get("/v1/documents", headers={"X-API-Key": "rkey"}).status_code == 200


def test_unexpected_errors_keep_request_id_and_security_headers(
    sample_index: Path,
    sample_service: QAService,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 15.6: the 500 answer was sent from outside the serving middleware, without the request id
    the message points to and without the security headers."""

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret internals /srv/qa")

    monkeypatch.setattr(sample_service, "ask", broken)
    client = TestClient(
        create_app(make_settings(sample_index), sample_service), raise_server_exceptions=False
    )
    resp = client.post("/v1/ask", json=ASK, headers={"X-Request-ID": "req-500"})
    assert resp.status_code == 500 and "X-Request-ID" in resp.json()["detail"]
    assert "secret internals" not in resp.text and "Traceback" not in resp.text
    assert resp.headers["x-request-id"] == "req-500"
    assert resp.headers["x-content-type-options"] == "nosniff" and resp.headers["x-frame-options"] == "DENY"
    assert any("secret internals" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert 'route="/v1/ask",status="500"' in client.get("/metrics").text
