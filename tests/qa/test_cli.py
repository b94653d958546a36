from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.config import get_settings
from tests.conftest import REPORTS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QA_MODEL", "fake")
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))
    get_settings.cache_clear()


def test_ingest_ask_documents(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert result.output.count("added") == 5
    again = runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    assert again.exit_code == 0 and again.output.count("unchanged") == 5

    asked = runner.invoke(app, ["ask", "东城街道行政诉讼出庭率", "--json"])
    assert asked.exit_code == 0, asked.output
    body = json.loads(asked.output)
    assert body["found"] and "70%" in body["answer"]

    plain = runner.invoke(app, ["ask", "东城街道行政诉讼出庭率"])  # the checked value leads
    assert plain.exit_code == 0 and plain.output.splitlines()[0].endswith("出庭应诉率：70%"), plain.output

    refused = runner.invoke(app, ["ask", "天河街道出庭应诉率"])
    assert refused.exit_code == 3 and "天河街道" in refused.output

    listed = runner.invoke(app, ["documents"])
    assert listed.exit_code == 0 and "东城街道" in listed.output


def test_ingest_nothing_usable_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF")
    result = runner.invoke(app, ["ingest", str(bad)])
    assert result.exit_code != 0
    assert "nothing was ingested" in result.output
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope")])
    assert missing.exit_code != 0 and "no such file" in missing.output


def test_ask_without_index_fails_clearly() -> None:
    result = runner.invoke(app, ["ask", "出庭率"])
    assert result.exit_code == 1 and "qa ingest" in result.output


def test_ask_empty_question_fails() -> None:
    runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    result = runner.invoke(app, ["ask", "  "])
    assert result.exit_code == 1 and "empty" in result.output


def test_eval_on_temporary_index(tmp_path: Path) -> None:
    qa_file = tmp_path / "qa.jsonl"
    rows = [
        {
            "id": "a",
            "question": "东城街道行政诉讼出庭率",
            "district": "东城街道",
            "answers": ["70%"],
            "type": "numeric",
        },
        {
            "id": "b",
            "question": "天河街道2022年出庭应诉率",
            "district": "天河街道",
            "answers": [],
            "type": "unanswerable",
        },
    ]
    qa_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(qa_file), "--corpus", str(REPORTS), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["qa.jsonl"]
    assert summary["questions"] == 2 and summary["accuracy"] == 1.0 and summary["refusal_rate"] == 1.0
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{oops", encoding="utf-8")
    bad = runner.invoke(app, ["eval", str(broken), "--corpus", str(REPORTS)])
    assert bad.exit_code == 1 and "broken.jsonl:1" in bad.output


def test_changed_model_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    monkeypatch.setenv("QA_MODEL", "fake-hash-32")
    get_settings.cache_clear()
    result = runner.invoke(app, ["ask", "出庭率"])
    assert result.exit_code == 1 and "rebuild" in result.output
    shutil.rmtree(tmp_path / "index")


def test_bot_without_token_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QA_TELEGRAM_TOKEN", raising=False)
    get_settings.cache_clear()
    result = runner.invoke(app, ["bot"])
    assert result.exit_code == 1 and "QA_TELEGRAM_TOKEN" in result.output


def test_delete_removes_a_report_and_rejects_unknown_ids(tmp_path: Path) -> None:
    runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    listed = runner.invoke(app, ["documents"]).output
    doc_id = next(line.split()[0] for line in listed.splitlines() if "东城街道" in line)
    deleted = runner.invoke(app, ["delete", doc_id])
    assert deleted.exit_code == 0 and "4 reports" in deleted.output, deleted.output
    assert "东城街道" not in runner.invoke(app, ["documents"]).output
    unknown = runner.invoke(app, ["delete", "nope"])
    assert unknown.exit_code == 1 and "'nope'" in unknown.output and "qa documents" in unknown.output


def test_migrate_to_milvus_then_serve_from_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.invoke(app, ["ingest", str(REPORTS), "--no-progress"])
    uri = str(tmp_path / "milvus.db")
    moved = runner.invoke(app, ["migrate", "--to", "milvus", "--uri", uri])
    assert moved.exit_code == 0 and "copied 5 reports" in moved.output, moved.output
    wrong = runner.invoke(app, ["migrate", "--to", "faiss"])
    assert wrong.exit_code == 1 and "--to milvus" in wrong.output
    shutil.rmtree(tmp_path / "index")  # the answers now come from Milvus alone
    monkeypatch.setenv("QA_STORE", "milvus")
    monkeypatch.setenv("QA_MILVUS_URI", uri)
    get_settings.cache_clear()
    asked = runner.invoke(app, ["ask", "东城街道行政诉讼出庭率", "--json"])
    assert asked.exit_code == 0, asked.output
    assert "70%" in json.loads(asked.output)["answer"]
    assert "东城街道" in runner.invoke(app, ["documents"]).output


def test_milvus_lite_file_held_by_another_process_fails_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pymilvus import MilvusClient

    uri = str(tmp_path / "held.db")
    holder = MilvusClient(uri)  # this process holds the file, as a running `qa serve` would
    try:
        env = {**os.environ, "QA_STORE": "milvus", "QA_MILVUS_URI": uri, "QA_MODEL": "fake"}
        done = subprocess.run(
            [sys.executable, "-m", "qa", "documents"], env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        holder.close()
    assert done.returncode == 1, done.stderr
    assert "one process at a time" in done.stderr and "milvus-lite server" in done.stderr


def _statuses_behind_spoofed_addresses(sample_index: Path, *extra: str) -> list[int]:
    """`qa serve` (2 requests a minute per client) asked three times, each claiming another client
    address in X-Forwarded-For."""
    import httpx

    from tests.bot.stand_in import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(QA_INDEX_DIR=str(sample_index), QA_MODEL="fake", QA_RATE_LIMIT="2/minute")
    server = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "qa serve did not start"
            time.sleep(0.1)
        return [
            httpx.get(f"{url}/v1/documents", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(3)
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_believes_x_forwarded_for_only_from_named_proxies(sample_index: Path) -> None:
    """Issue 15.6: uvicorn believed X-Forwarded-For from 127.0.0.1 by default, so a local client could
    pose as any address and the rate limit never caught it."""
    assert _statuses_behind_spoofed_addresses(sample_index) == [200, 200, 429]
    behind_proxy = _statuses_behind_spoofed_addresses(sample_index, "--forwarded-allow-ips", "127.0.0.1")
    assert behind_proxy == [200, 200, 200]  # three clients behind the proxy, each with its own limit
