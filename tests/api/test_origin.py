"""Host and Origin checks (issue 15.3): headers in process, then real pages of other origins in Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from api.app import create_app
from api.origin import host_name
from qa.answer.service import QAService
from tests.api.servers import launched_chromium, serving
from tests.conftest import make_settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser

FEEDBACK = {"question": "东城街道行政诉讼出庭率", "answer": "出庭应诉率为70%", "rating": "up"}
REPORT = (
    "星河镇2023年法治政府建设工作报告\n全年共受理行政复议案件6件,办结6件。\n星河镇人民政府\n2024年1月10日\n"
)
REBOUND = "evil.test"  # Chromium resolves it to 127.0.0.1: a DNS-rebinding attacker's name


def _client(sample_index: Path, sample_service: QAService, **overrides: object) -> TestClient:
    return TestClient(create_app(make_settings(sample_index, **overrides), sample_service))


def test_host_names_are_read_without_port() -> None:
    assert host_name("Example.ORG:8000") == "example.org" and host_name("[::1]:8000") == "::1"
    assert host_name("qa.example.org.") == "qa.example.org" and host_name("::1") == "::1"


def test_hosts_not_served_here_are_refused(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service)
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "testserver"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    refused = client.get("/v1/documents", headers={"Host": f"{REBOUND}:8000"})
    assert refused.status_code == 400 and "QA_ALLOWED_HOSTS" in refused.json()["detail"]
    assert refused.headers["x-request-id"] and refused.headers["x-content-type-options"] == "nosniff"
    named = _client(sample_index, sample_service, allowed_hosts="qa.example.org")
    assert named.get("/healthz", headers={"Host": "qa.example.org"}).status_code == 200
    assert named.get("/healthz", headers={"Host": REBOUND}).status_code == 400
    anyone = _client(sample_index, sample_service, allowed_hosts="*")
    assert anyone.get("/healthz", headers={"Host": REBOUND}).status_code == 200


def test_cross_site_writes_are_refused_unless_trusted(sample_index: Path, sample_service: QAService) -> None:
    client = _client(sample_index, sample_service)
    post = client.post
    assert post("/v1/feedback", json=FEEDBACK).status_code == 201  # curl, scripts: no browser headers
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert post("/v1/feedback", json=FEEDBACK, headers=same).status_code == 201
    for headers in (
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://evil.example"},  # an older browser: Origin alone
        {"Sec-Fetch-Site": "same-site"},  # another port of this host
        {"Origin": "null"},  # sandboxed frames, file:// pages
    ):
        refused = post("/v1/feedback", json=FEEDBACK, headers=headers)
        assert refused.status_code == 403 and "QA_CORS_ORIGINS" in refused.json()["detail"], headers
        assert client.delete("/v1/documents/x", headers=headers).status_code == 403
    # Reading stays open to every page (CORS decides whether the page may see the answer).
    assert client.get("/v1/documents", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
    trusted = _client(sample_index, sample_service, cors_origins="https://desk.example")
    desk = {"Origin": "https://desk.example", "Sec-Fetch-Site": "cross-site"}
    assert trusted.post("/v1/feedback", json=FEEDBACK, headers=desk).status_code == 201


# ---- in Chromium -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium([f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"]) as chromium:
        yield chromium


@pytest.fixture
def server(sample_index: Path, tmp_path: Path) -> Iterator[str]:
    """The API as `make run` serves it: no keys, on 127.0.0.1, over a copy of the sample index."""
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    with serving(create_app(make_settings(root, allowed_hosts=""))) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def other_site() -> Iterator[str]:
    """Another web server on this machine, its pages the attacker's."""
    page = HTMLResponse("<!doctype html><title>另一个网站</title><p>hello</p>")
    with serving(Starlette(routes=[Route("/", lambda _: page)]), lifespan="off") as base_url:
        yield base_url


_UPLOAD_JS = """async ({url, report}) => {
  const form = new FormData();
  form.append("files", new Blob([report], {type: "text/plain"}), "xinghe.txt");
  try { const r = await fetch(url, {method: "POST", mode: "no-cors", body: form}); return r.type; }
  catch (e) { return "failed: " + e; }
}"""


def _reports(base_url: str) -> int:
    return len(httpx.get(f"{base_url}/v1/documents").json()["documents"])


@pytest.mark.parametrize("site", ["localhost", "127.0.0.1"])
def test_a_page_on_another_origin_cannot_add_a_report(
    browser: Browser, server: str, other_site: str, site: str
) -> None:
    """localhost:<port> is another site than 127.0.0.1:<port>; 127.0.0.1:<other port> is the same site
    but another origin. Neither may upload, even with a no-cors request whose answer it never reads."""
    page = browser.new_page()
    try:
        page.goto(other_site.replace("127.0.0.1", site) + "/")
        page.evaluate(_UPLOAD_JS, {"url": f"{server}/v1/documents", "report": REPORT})
    finally:
        page.close()
    assert _reports(server) == 5


def test_the_servers_own_page_can_still_upload(browser: Browser, server: str) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{server}/")
        kind = page.evaluate(_UPLOAD_JS, {"url": f"{server}/v1/documents", "report": REPORT})
    finally:
        page.close()
    assert kind == "basic" and _reports(server) == 6


def test_a_rebound_name_gets_nothing(browser: Browser, server: str) -> None:
    """DNS rebinding: a page of evil.test, whose name now points at this machine, is same-origin with
    the server as far as the browser knows; the Host header it sends gives it away."""
    port = server.rsplit(":", 1)[1]
    page = browser.new_page()
    try:
        response = page.goto(f"http://{REBOUND}:{port}/")
        assert response is not None and response.status == 400
        kind = page.evaluate(_UPLOAD_JS, {"url": f"http://{REBOUND}:{port}/v1/documents", "report": REPORT})
    finally:
        page.close()
    assert kind == "basic" and _reports(server) == 5
