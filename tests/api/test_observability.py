from __future__ import annotations

import json
import logging

import pytest

from api.observability import configure_logging, request_id


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
