"""Over the network: a `milvus-lite server` on 127.0.0.1 stands in for a Milvus cluster, a `qa ingest`
process writes to it while this process reads, as separate replicas and writers do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.answer.service import QAService
from qa.compose import open_store
from qa.config import PROJECT_ROOT
from qa.errors import StoreUnavailable
from tests.conftest import REPORTS, make_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("milvus-server")
    milvus_lite = Path(sys.executable).with_name("milvus-lite")
    proc = subprocess.Popen(
        [str(milvus_lite), "server", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("milvus-lite server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _cli(uri: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QA_STORE": "milvus",
        "QA_MILVUS_URI": uri,
        "QA_MODEL": "fake",
        "QA_INDEX_DIR": str(tmp_path / "index"),
    }
    return subprocess.run(
        [sys.executable, "-m", "qa", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT_ROOT,
    )


def test_a_writer_process_and_a_reader_share_one_server(
    server_uri: str, tmp_path: Path, fake_encoder: object
) -> None:
    files = sorted(REPORTS.glob("*.txt"))
    first = _cli(server_uri, tmp_path, "ingest", *map(str, files[:3]), "--no-progress")
    assert first.returncode == 0, first.stderr
    settings = make_settings(tmp_path / "index", store="milvus", milvus_uri=server_uri)
    reader = open_store(settings)
    before = reader.load()
    assert len(before.reports) == 3
    second = _cli(server_uri, tmp_path, "ingest", *map(str, files[3:]), "--no-progress")
    assert second.returncode == 0, second.stderr
    assert reader.generation() != before.generation  # what a replica polls
    after = reader.load()
    assert len(after.reports) == 5
    answer = QAService(after, fake_encoder, settings).ask("东城街道行政诉讼出庭率")  # type: ignore[arg-type]
    assert answer.found and "70%" in answer.answer


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    uri = f"http://127.0.0.1:{_free_port()}"
    settings = make_settings(tmp_path / "index", store="milvus", milvus_uri=uri)
    with pytest.raises(StoreUnavailable, match=uri.split("//")[1]):
        open_store(settings).load()
    done = _cli(uri, tmp_path, "documents")
    assert done.returncode == 1 and "Milvus" in done.stderr and "Traceback" not in done.stderr
