"""`qa serve --workers N`: N processes behind one port, each answering from the index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.test_live_reload import PROJECT, _free_port, _wait_ready


def _workers(pid: int) -> list[int]:
    """The worker processes uvicorn spawned under ``pid``."""
    return [c for c in _children(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_two_workers_serve_one_port(sample_index: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "QA_MODEL": "fake", "QA_JSON_LOGS": "false", "PYTHONPATH": str(PROJECT)}
    command = [
        sys.executable,
        "-m",
        "qa",
        "serve",
        "--index",
        str(root),
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_ready(base, time.monotonic() + 90)["reports"] == 5
        deadline = time.monotonic() + 60
        while len(_workers(server.pid)) < 2:
            assert time.monotonic() < deadline, "fewer than two worker processes"
            time.sleep(0.2)
        for _ in range(4):
            answer = httpx.post(
                f"{base}/v1/ask", json={"question": "东城街道行政诉讼出庭率"}, timeout=30
            ).json()
            assert answer["found"] and "70%" in answer["answer"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_workers_must_be_positive(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa", "serve", "--index", str(tmp_path), "--workers", "0"],
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "workers" in result.stderr


def test_uvicorn_runs_on_its_c_loop_and_parser() -> None:
    """uvicorn picks uvloop and httptools only when they are installed; they are dependencies because
    without them `qa serve` answered about half as many questions a second (BENCHMARKS.md, HTTP)."""
    import uvloop
    from uvicorn.loops.auto import auto_loop_factory
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert AutoHTTPProtocol is HttpToolsProtocol
    loop = auto_loop_factory()()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
