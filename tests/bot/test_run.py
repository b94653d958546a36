"""run_bot() as a process: long polling and webhook mode against the Bot API stand-in."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.app import build_application
from bot.webhook import SECRET_HEADER, webhook_app
from qa import LiveService, QAError, QAService
from tests.bot.conftest import TOKEN
from tests.bot.stand_in import StandIn, free_port, running_stand_in
from tests.conftest import PROJECT_ROOT, make_settings

SCRIPT = """
import logging, sys
from bot import run_bot
from qa import LiveService, get_settings, open_service
logging.basicConfig(level=logging.DEBUG)
settings = get_settings()
webhook = sys.argv[1] if len(sys.argv) > 1 else None
run_bot(settings, LiveService(settings, service=open_service(settings)), webhook_url=webhook, port=int(sys.argv[2]) if webhook else 8443)
"""


def _env(tmp_path: Path, sample_index: Path, stand_in: StandIn) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(
        QA_INDEX_DIR=str(sample_index),
        QA_MODEL="fake",
        QA_FEEDBACK_DB=str(tmp_path / "feedback.sqlite3"),
        QA_TELEGRAM_TOKEN=TOKEN,
        QA_TELEGRAM_API_URL=stand_in.api_url,
        QA_TELEGRAM_WEBHOOK_SECRET="s3cret-token",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def _stop(process: subprocess.Popen[bytes]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate(timeout=10)
        raise AssertionError("run_bot did not stop on SIGINT within 30 s") from None
    assert process.returncode == 0, err.decode()[-3000:]
    return err.decode()


def test_polling_answers_within_one_cycle(tmp_path: Path, sample_index: Path) -> None:
    with running_stand_in() as stand_in:
        process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT],
            cwd=tmp_path,
            env=_env(tmp_path, sample_index, stand_in),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            stand_in.wait_for("getUpdates", timeout=90)
            started = time.monotonic()
            stand_in.send_text(42, "东城街道行政诉讼出庭率")
            reply = stand_in.wait_for("sendMessage", timeout=10)
            assert time.monotonic() - started < 4.0  # the stand-in's polling cycle is 1 s
        finally:
            log = _stop(process)
    assert "<b>70%</b>" in reply.params["text"]
    assert {"deleteWebhook", "setMyCommands"} <= {c.method for c in stand_in.calls}
    assert "Calling Bot API endpoint `sendMessage`" in log  # DEBUG logging was on…
    assert TOKEN not in log  # …and the token never reached it


def test_webhook_mode(tmp_path: Path, sample_index: Path) -> None:
    port = free_port()
    with running_stand_in() as stand_in:
        process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, "https://bot.example.org/hook/telegram", str(port)],
            cwd=tmp_path,
            env=_env(tmp_path, sample_index, stand_in),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            registered = stand_in.wait_for("setWebhook", timeout=90)
            assert registered.params["url"] == "https://bot.example.org/hook/telegram"
            assert registered.params["secret_token"] == "s3cret-token"
            _wait_for_server(port)
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": "东城街道行政诉讼出庭率",
                    "chat": {"id": 42, "type": "private"},
                    "from": {"id": 42, "is_bot": False, "first_name": "u"},
                },
            }
            assert _post(port, update, "wrong") == 403
            assert _post(port, update, "s3cret-token") == 200
            reply = stand_in.wait_for("sendMessage", timeout=10)
        finally:
            log = _stop(process)
    assert "<b>70%</b>" in reply.params["text"]
    assert TOKEN not in log


def _wait_for_server(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the webhook server did not come up within 30 s")


def _post(port: int, update: dict[str, object], secret: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/hook/telegram",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", SECRET_HEADER: secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_checks_the_secret(tmp_path: Path, sample_service: QAService) -> None:
    settings = make_settings(tmp_path, telegram_token=TOKEN)
    application = build_application(settings, LiveService(settings, service=sample_service))
    client = TestClient(webhook_app(application, "s3cret", "/tg"))
    update = {"update_id": 9, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
    assert client.post("/tg", json=update).status_code == 403
    assert client.post("/tg", json=update, headers={SECRET_HEADER: "nope"}).status_code == 403
    assert client.post("/tg", content=b"{", headers={SECRET_HEADER: "s3cret"}).status_code == 400
    assert client.post("/tg", json=update, headers={SECRET_HEADER: "s3cret"}).status_code == 200
    assert application.update_queue.qsize() == 1


def test_webhook_needs_a_secret(tmp_path: Path, sample_service: QAService) -> None:
    from bot.app import check_settings, run_bot

    settings = make_settings(tmp_path, telegram_token=TOKEN, telegram_webhook_secret=None)
    with pytest.raises(QAError, match="QA_TELEGRAM_WEBHOOK_SECRET"):
        run_bot(
            settings,
            LiveService(settings, service=sample_service),
            webhook_url="https://bot.example.org/hook",
        )
    with pytest.raises(QAError, match="QA_TELEGRAM_WEBHOOK_SECRET"):
        check_settings(settings, webhook_url="https://bot.example.org/hook")
    check_settings(settings)  # polling needs no secret
    with pytest.raises(QAError, match="QA_TELEGRAM_TOKEN"):
        check_settings(make_settings(tmp_path, telegram_token=None))


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_rejected_token_is_never_printed(tmp_path: Path, sample_index: Path, mode: str) -> None:
    """Issue 15.6: python-telegram-bot's InvalidToken says "The token `<token>` was rejected by the
    server."; it reached stderr in the traceback of `qa bot`."""
    webhook = ["--webhook-url", "https://bot.example.org/hook", "--port", str(free_port())]
    with running_stand_in() as stand_in:
        stand_in.rejected_tokens.add(TOKEN)
        done = subprocess.run(
            [sys.executable, "-m", "qa", "bot", *(webhook if mode == "webhook" else [])],
            cwd=tmp_path,
            env={**_env(tmp_path, sample_index, stand_in), "QA_LOG_LEVEL": "DEBUG"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "QA_TELEGRAM_TOKEN" in done.stderr and "rejected" in done.stderr
