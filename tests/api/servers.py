"""Real servers for the tests that need sockets: uvicorn on a free port of 127.0.0.1, in a thread."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from starlette.types import ASGIApp

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serving(app: ASGIApp, *, lifespan: str = "auto") -> Iterator[str]:
    """``app`` served on 127.0.0.1 (a free port) for the duration of the block; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@contextmanager
def launched_chromium(extra_args: Sequence[str] = ()) -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (the test is skipped, loudly, when either is missing)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="!!! BROWSER TESTS SKIPPED: the Python package 'playwright' is not installed "
        "(pip install -e '.[dev]') !!!",
    )
    executable = _chromium()
    if executable is None:
        pytest.skip(
            "!!! BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium "
            "(install it with `apt-get install -y chromium`, or set CHROMIUM=/path/to/chromium) !!!"
        )
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=executable, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
        )
        try:
            yield chromium
        finally:
            chromium.close()
