from __future__ import annotations

import json
import logging
import random
import string
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.observability import configure_logging, request_id
from tests.conftest import make_settings


def test_json_logs_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json_logs=True)
    token = request_id.set("rid-42")
    try:
        logging.getLogger("api.access").info("request", extra={"path": "/v1/ask", "status": 200})
    finally:
        request_id.reset(token)
        logging.getLogger().handlers.clear()
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "request" and record["request_id"] == "rid-42"
    assert record["path"] == "/v1/ask" and record["status"] == 200 and record["levelname"] == "INFO"


def test_metrics_stay_bounded_under_random_paths_and_methods(tmp_path: Path) -> None:
    """Issue 15.2: every response without a route is counted under one fixed label, so random paths
    (404s, bodies refused with 413 before routing) and made-up methods cannot grow /metrics."""
    client = TestClient(create_app(make_settings(tmp_path / "none", max_body_bytes=1000)))
    before = len(client.get("/metrics").content)
    rng = random.Random(15)
    paths = ["/" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=24)) for _ in range(800)]
    for n, path in enumerate(paths):
        if n % 3 == 0:
            client.post(path, content=b"x" * 2000)  # 413 before any route is chosen
        elif n % 3 == 1:
            client.get(path)  # 404
        else:
            client.request("X" + "".join(rng.choices(string.ascii_uppercase, k=8)), path)  # 405/404
    text = client.get("/metrics").text
    assert len(text.encode()) - before < 100_000, f"/metrics grew by {len(text.encode()) - before} bytes"
    assert 'route="unmatched"' in text
    assert not [p for p in paths if p in text]
