"""A real server on 127.0.0.1 keeps answering while a CLI ingest runs, then serves the new index."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from tests.conftest import CORPUS_EXTRA, REPORTS

PROJECT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, deadline: float) -> dict[str, object]:
    while time.monotonic() < deadline:
        try:
            resp = httpx.get(f"{base}/readyz", timeout=2)
            if resp.status_code == 200:
                return dict(resp.json())
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("server did not become ready")


def test_queries_during_ingest_succeed_and_new_state_is_served(sample_index: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "QA_MODEL": "fake",
        "QA_RELOAD_CHECK_SECONDS": "0.2",
        "QA_JSON_LOGS": "false",
        "QA_RATE_LIMIT": "100000/minute",
        "PYTHONPATH": str(PROJECT),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", "--index", str(root), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_ready(base, time.monotonic() + 60)["reports"] == 5
        statuses: list[int] = []
        stop = threading.Event()

        def ask_loop() -> None:
            with httpx.Client(timeout=10) as client:
                while not stop.is_set():
                    resp = client.post(f"{base}/v1/ask", json={"question": "东城街道行政诉讼出庭率"})
                    statuses.append(resp.status_code)
                    if resp.status_code == 200:
                        assert "70%" in resp.json()["answer"]

        workers = [threading.Thread(target=ask_loop) for _ in range(3)]
        for w in workers:
            w.start()
        extra = CORPUS_EXTRA if CORPUS_EXTRA.is_dir() else REPORTS
        ingest = subprocess.run(
            [sys.executable, "-m", "qa", "ingest", str(extra), "--index", str(root), "--no-progress"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.returncode == 0, ingest.stderr
        deadline = time.monotonic() + 30
        expected = 13 if extra == CORPUS_EXTRA else 5
        while _wait_ready(base, deadline)["reports"] != expected:
            assert time.monotonic() < deadline, "the server did not pick up the new index"
            time.sleep(0.2)
        stop.set()
        for w in workers:
            w.join(timeout=30)
        assert statuses and set(statuses) == {200}
        answer = httpx.post(
            f"{base}/v1/ask", json={"question": "天津2024年提请审议了几件地方性法规草案"}, timeout=10
        )
        assert answer.json()["found"] and answer.json()["citations"][0]["district"] == "天津市"
    finally:
        server.terminate()
        server.wait(timeout=30)
