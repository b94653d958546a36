"""The help-desk page: served files (TestClient) and the page itself in a real browser (Playwright +
Debian's Chromium, against uvicorn on a free local port)."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.web import STATIC_DIR
from qa import FeedbackStore
from qa.answer.service import QAService
from qa.config import PROJECT_ROOT
from tests.api.servers import launched_chromium, serving
from tests.conftest import make_settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
QUESTION = "东城街道行政诉讼出庭率"
UNKNOWN = "天河街道2022年出庭应诉率"


# ---- served files (no browser) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def client(sample_service: QAService, sample_index: Path) -> TestClient:
    return TestClient(create_app(make_settings(sample_index), sample_service))


def _pages(client: TestClient, sample_service: QAService) -> dict[str, str]:
    doc_id = sample_service.documents()[0].doc_id
    return {page: client.get(page).text for page in ("/", f"/report/{doc_id}", "/docs")}


def test_index_page_is_html(client: TestClient) -> None:
    resp = client.get("/")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in resp.text and "法治问答" in resp.text
    assert 'name="viewport"' in resp.text


def test_report_page_is_html(client: TestClient, sample_service: QAService) -> None:
    doc_id = sample_service.documents()[0].doc_id
    resp = client.get(f"/report/{doc_id}")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")


def test_pages_reference_only_local_files(client: TestClient, sample_service: QAService) -> None:
    """Offline machines: no CDN, no web fonts, nothing fetched from another host. (The vendored
    Swagger UI names URLs in its code; test_api_docs_work_offline_under_the_csp shows it fetches none.)"""
    texts = _pages(client, sample_service)
    for path in sorted(p for p in STATIC_DIR.iterdir() if p.is_file()):
        resp = client.get(f"/static/{path.name}")
        assert resp.status_code == 200, path.name
        texts[f"/static/{path.name}"] = resp.text
    for where, text in texts.items():
        assert not re.search(r"https?://", text), f"{where} refers to another host"
        assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?//""", text), (
            f"{where}: protocol-relative URL"
        )
        assert "@import" not in text and "@font-face" not in text, where


def test_referenced_assets_exist(client: TestClient, sample_service: QAService) -> None:
    for page, html in _pages(client, sample_service).items():
        refs = re.findall(r"""(?:src|href)="([^"#]+)\"""", html)
        assert refs, page
        for ref in refs:
            if ref.startswith("data:"):
                continue
            url = urljoin(f"http://testserver{page}", ref)
            assert client.get(url).status_code == 200, f"{page} → {ref}"


def test_static_files_are_all_package_data() -> None:
    """pyproject's package-data globs for ``api`` must cover every file, or it is left out of the wheel."""
    globs = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    covered = {p for glob in globs["api"] for p in STATIC_DIR.parent.glob(glob) if p.is_file()}
    assert sorted(p for p in STATIC_DIR.rglob("*") if p.is_file() and p not in covered) == []
    assert {"index.html", "report.html", "docs.html", "app.js", "common.js", "report.js", "style.css"} <= {
        p.name for p in STATIC_DIR.iterdir()
    }


def test_vendored_swagger_ui_is_the_pinned_one() -> None:
    """The hashes in static/swagger-ui/SOURCE.md (those of the fastapi-offline wheel's files)."""
    source = (STATIC_DIR / "swagger-ui" / "SOURCE.md").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"\| `([\w.-]+)` \| `([0-9a-f]{64})` \|", source))
    assert set(pinned) == {"swagger-ui-bundle.js", "swagger-ui.css"}
    for name, digest in pinned.items():
        assert hashlib.sha256((STATIC_DIR / "swagger-ui" / name).read_bytes()).hexdigest() == digest, name


def test_page_routes_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/report/{doc_id}" not in paths and "/v1/feedback" in paths
    assert "/docs" not in paths


# ---- the page in a real browser --------------------------------------------------------------
@dataclass(frozen=True)
class LiveServer:
    base_url: str
    feedback_db: Path


@pytest.fixture(scope="module")
def live_server(
    sample_service: QAService, sample_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """uvicorn serving the app on 127.0.0.1 (a free port), in a background thread."""
    feedback_db = tmp_path_factory.mktemp("web-feedback") / "feedback.sqlite3"
    settings = make_settings(sample_index).model_copy(update={"feedback_db": feedback_db})
    with serving(create_app(settings, sample_service)) as base_url:
        yield LiveServer(base_url, feedback_db)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@dataclass
class Session:
    page: Page
    requests: list[str]
    errors: list[str]


def _open(browser: Browser, server: LiveServer, **context_args: Any) -> Session:
    context = browser.new_context(base_url=server.base_url, locale="zh-CN", **context_args)
    context.set_default_timeout(10_000)
    page = context.new_page()
    session = Session(page, [], [])
    page.on("request", lambda r: session.requests.append(r.url))
    page.on("pageerror", lambda e: session.errors.append(str(e)))
    page.on("console", lambda m: session.errors.append(m.text) if m.type == "error" else None)
    page.goto("/")
    page.wait_for_selector("html[data-ready='1']", state="attached")
    return session


@pytest.fixture
def session(browser: Browser, live_server: LiveServer) -> Iterator[Session]:
    """A fresh tab (own sessionStorage) at desktop width; afterwards: no request left the server's
    host and the page logged no errors."""
    s = _open(browser, live_server, viewport={"width": 1280, "height": 900})
    yield s
    outside = [u for u in s.requests if not u.startswith(live_server.base_url) and not u.startswith("data:")]
    assert not outside, f"requests to other hosts: {outside}"
    assert not s.errors, s.errors
    s.page.context.close()


def _ask(page: Page, question: str) -> None:
    box = page.get_by_label("问题", exact=True)
    box.fill(question)
    box.press("Enter")


def _screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def test_ask_read_evidence_and_give_feedback(session: Session, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    page = session.page
    expected = httpx.post(f"{live_server.base_url}/v1/ask", json={"question": QUESTION, "top_k": 5}).json()
    cited = expected["citations"][0]
    assert cited["district"] == "东城街道"

    # The selectors are filled from /v1/documents.
    expect(page.locator("#district option", has_text="东城街道")).to_have_count(1)
    expect(page.locator("#year option", has_text="2022年")).to_have_count(1)

    page.evaluate(
        """() => { const l = document.getElementById('loading');
        new MutationObserver(() => { if (!l.hidden) window.sawLoading = true; })
          .observe(l, { attributes: true }); }"""
    )
    _ask(page, QUESTION)
    answer = page.locator("article.answer")
    expect(answer).to_contain_text("70%")
    expect(answer.locator("mark.fig", has_text="70%")).to_be_visible()
    expect(page.locator("#loading")).to_be_hidden()
    assert page.evaluate("window.sawLoading === true"), "no loading indicator while asking"

    first = page.locator("li.cite").first
    expect(first.locator(".where")).to_contain_text("东城街道")
    expect(first.locator(".where")).to_contain_text("2022年")
    expect(first.locator(".title")).to_contain_text(cited["title"])
    expect(first.locator(".where")).to_contain_text("四是加强和规范行政应诉工作")

    # Expand with the keyboard: the cited span, highlighted, inside its surrounding text.
    expand = first.locator("button.expand")
    expect(expand).to_have_text("展开上下文")
    expand.focus()
    page.keyboard.press("Enter")
    expect(expand).to_have_attribute("aria-expanded", "true")
    expect(expand).to_have_text("收起上下文")
    mark = first.locator(".context mark.cited")
    expect(mark).to_be_visible()
    expect(mark).to_have_text(cited["text"])
    context_text = first.locator(".context").inner_text()
    assert len(context_text) > len(cited["text"]) + 50, "no surrounding text around the cited span"
    _screenshot(page, "web-desktop.png")

    # Copy the citation: text + 《title》 section.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.base_url)
    first.get_by_role("button", name="复制引用").click()
    expect(first.locator(".copied")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert cited["text"] in copied and f"《{cited['title']}》" in copied and cited["section"] in copied

    # 👍 → stored in the same SQLite table the bot writes.
    page.get_by_role("button", name="👍 有帮助").click()
    note = page.locator(".feedback .done")
    expect(note).to_contain_text("已记录反馈")
    stored_id = int(re.search(r"#(\d+)", note.inner_text()).group(1))  # type: ignore[union-attr]
    expect(page.get_by_role("button", name="👍 有帮助")).to_be_disabled()
    record = next(r for r in FeedbackStore(live_server.feedback_db).recent() if r.id == stored_id)
    assert record.feedback.rating == "up" and record.feedback.channel == "web"
    assert record.feedback.question == expected["question"] and "70%" in record.feedback.answer
    assert record.feedback.citations[0].doc_id == cited["doc_id"]
    assert (record.feedback.citations[0].start, record.feedback.citations[0].end) == (
        cited["start"],
        cited["end"],
    )

    # The whole cleaned report, scrolled to the cited span.
    first.get_by_role("link", name=re.compile("查看全文")).click()
    page.wait_for_url(re.compile(rf"/report/{cited['doc_id']}#{cited['start']}-{cited['end']}$"))
    report_mark = page.locator("#report-text mark.cited")
    expect(report_mark).to_have_text(cited["text"])
    expect(report_mark).to_be_in_viewport()
    expect(page.locator("#report-title")).to_contain_text(cited["title"])
    _screenshot(page, "web-report.png", full_page=False)

    # Back: the answer (and the recorded feedback) are still there.
    page.go_back()
    expect(page.locator("article.answer")).to_contain_text("70%")
    expect(page.locator(".feedback .done")).to_contain_text(f"#{stored_id}")


def test_unknown_district_shows_not_found_and_recent_questions(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    _ask(page, UNKNOWN)
    card = page.locator("article.notfound")
    expect(card).to_contain_text("未找到")
    expect(card).to_contain_text("天河街道")
    expect(card.locator("li", has_text="东城街道")).to_have_count(1)  # what is indexed
    expect(page.locator("li.cite")).to_have_count(0)
    expect(page.locator("article.answer")).to_have_count(0)
    _screenshot(page, "web-not-found.png")

    _ask(page, QUESTION)
    expect(page.locator("article.answer")).to_contain_text("70%")
    recent = page.locator("#recent-list button")
    expect(recent).to_have_text([QUESTION, UNKNOWN])  # newest first
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('qa.recent'))")
    assert stored == [UNKNOWN, QUESTION]

    recent.nth(1).click()
    expect(page.locator("article.notfound")).to_contain_text("天河街道")


def test_a_figure_answer_shows_its_value_first_and_a_refusal_what_is_stated(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    _ask(page, QUESTION)
    value = page.locator("article.answer p.value")
    expect(value.locator(".figure")).to_have_text("70%")
    expect(value.locator(".label")).to_have_text("东城街道 2022年 出庭应诉率")
    _screenshot(page, "web-value.png")

    _ask(page, "东城街道2022年行政诉讼的败诉率是多少")
    card = page.locator("article.notfound")
    expect(card).to_contain_text("报告未披露败诉率")
    expect(card.locator(".related li").first).to_contain_text("东城街道")
    _screenshot(page, "web-related.png")


def test_comparison_renders_a_table_with_undisclosed_rows(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    _ask(page, "各街道出庭应诉率对比")
    table = page.locator("article.answer table.facts")
    expect(table.locator("tr", has_text="东城街道")).to_contain_text("70%")
    expect(table.locator("tr.undisclosed", has_text="黄石街道")).to_contain_text("未披露")
    expect(page.locator("li.cite").first).to_contain_text("出庭应诉率为70%")
    _screenshot(page, "web-table.png")


def test_follow_up_uses_this_sessions_questions(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    _ask(page, QUESTION)
    expect(page.locator("article.answer")).to_contain_text("70%")
    with page.expect_request("**/v1/ask") as request:
        _ask(page, "那四季青街道呢？")
    assert request.value.post_data_json["history"] == [QUESTION]
    expect(page.locator("#result .asked")).to_contain_text("四季青街道行政诉讼出庭率")


def test_api_errors_are_shown_clearly(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    page.route(
        "**/v1/ask",
        lambda route: route.fulfill(status=503, json={"detail": "索引未加载：测试用"}),
    )
    _ask(page, QUESTION)
    error = page.get_by_role("alert")
    expect(error).to_be_visible()
    expect(error).to_contain_text("索引未加载：测试用")
    expect(page.locator("#loading")).to_be_hidden()
    expect(page.get_by_role("button", name="提问")).to_be_enabled()

    page.unroute("**/v1/ask")
    page.route(
        "**/v1/ask",
        lambda route: route.fulfill(status=401, json={"detail": "unknown API key"}),
    )
    _ask(page, QUESTION)
    expect(error).to_contain_text("unknown API key")
    expect(page.get_by_label("X-API-Key")).to_be_visible()  # the key field is opened

    page.unroute("**/v1/ask")
    page.route("**/v1/ask", lambda route: route.abort())
    _ask(page, QUESTION)
    expect(error).to_contain_text("无法连接到服务器")
    session.errors.clear()  # Chromium logs the aborted request to the console

    page.unroute("**/v1/ask")
    _ask(page, QUESTION)
    expect(page.locator("article.answer")).to_contain_text("70%")
    expect(error).to_be_hidden()


def test_api_key_is_sent_as_header_when_filled(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    with page.expect_request("**/v1/ask") as plain:
        _ask(page, QUESTION)
    assert "x-api-key" not in plain.value.headers

    page.locator("#settings summary").click()
    key = page.get_by_label("X-API-Key")
    key.fill("k-123")
    key.press("Tab")  # change event
    assert page.evaluate("sessionStorage.getItem('qa.apiKey')") == "k-123"
    with page.expect_request("**/v1/ask") as keyed:
        _ask(page, QUESTION)
    assert keyed.value.headers["x-api-key"] == "k-123"
    expect(page.locator("article.answer")).to_contain_text("70%")

    # "/" from outside a text field jumps back to the question box.
    page.locator("article.answer h2").click()
    page.keyboard.press("/")
    expect(page.get_by_label("问题", exact=True)).to_be_focused()


def test_phone_width(browser: Browser, live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    s = _open(browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = s.page
    try:
        _ask(page, QUESTION)
        expect(page.locator("article.answer")).to_contain_text("70%")
        page.locator("li.cite").first.get_by_role("button", name="展开上下文").click()
        expect(page.locator("li.cite").first.locator("mark.cited")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page is {width}px wide on a 390px screen (horizontal scrolling)"
        page.evaluate("window.scrollTo(0, 0)")
        _screenshot(page, "web-phone.png", full_page=False)
        _screenshot(page, "web-phone-full.png")
        assert not s.errors, s.errors
    finally:
        page.context.close()


def test_report_view_shows_the_api_error_for_an_unknown_report(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.page
    page.goto("/report/no-such-report#1-5")
    page.wait_for_selector("html[data-ready='1']", state="attached")
    expect(page.get_by_role("alert")).to_contain_text("no-such-report")
    expect(page.locator("#report")).to_be_hidden()
    session.errors.clear()  # Chromium logs the 404 response to the console


def test_api_docs_work_offline_under_the_csp(browser: Browser, live_server: LiveServer) -> None:
    """Issue 15.6: /docs loaded an unpinned Swagger UI from a CDN (nothing, offline) and ran an inline
    script, so it was served without a CSP. Now every operation renders from this server alone."""
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(f"{live_server.base_url}/docs")
        assert response is not None and response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.locator(".opblock-summary-path[data-path='/v1/ask']").wait_for(timeout=10_000)
        page.locator(".opblock-summary-path[data-path='/v1/ask']").click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        page.locator(".live-responses-table .response-col_status", has_text="200").wait_for(timeout=10_000)
    finally:
        page.close()
    outside = [u for u in requests if not u.startswith(live_server.base_url) and not u.startswith("data:")]
    assert outside == [] and errors == []


# ---- uploading reports through the page -----------------------------------------------------
def test_the_file_picker_accepts_every_readable_type(client: TestClient) -> None:
    from qa.ingest.readers import SUPPORTED_SUFFIXES

    accept = re.search(r'id="upload-files"[^>]*accept="([^"]+)"', client.get("/").text)
    assert accept is not None and accept.group(1).split(",") == list(SUPPORTED_SUFFIXES)


@pytest.fixture(scope="module")
def upload_server(sample_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """uvicorn over a copy of the sample index, loading the live index (uploads change it)."""
    root = tmp_path_factory.mktemp("web-upload") / "index"
    shutil.copytree(sample_index, root)
    settings = make_settings(root)
    with serving(create_app(settings)) as base_url:
        yield LiveServer(base_url, settings.feedback_db)


XINGHE = "星河镇2023年法治政府建设工作报告\n2023年，星河镇坚持依法行政。\n一、主要工作\n全年共受理行政复议案件6件，办结6件。\n星河镇人民政府\n2024年1月10日"
HEKOU = "河口镇2023年法治政府建设工作报告\n2023年，河口镇坚持依法行政。\n一、主要工作\n全年共办理行政应诉案件9件，行政机关负责人出庭应诉率为100%。\n河口镇人民政府\n2024年1月12日"


def test_upload_reports_with_the_file_picker(
    browser: Browser, upload_server: LiveServer, tmp_path: Path
) -> None:
    """A .docx and (with LibreOffice) a PDF are added, a .doc is refused with its reason, the new places
    appear in the selector, and a citation of the PDF names its page."""
    from playwright.sync_api import expect

    from tests.qa.ingest.office_fixtures import make_docx, make_pdf, soffice_path

    files = [make_docx(XINGHE, tmp_path / "xinghe.docx"), tmp_path / "old.doc"]
    files[1].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with_pdf = soffice_path() is not None
    if with_pdf:
        files.append(make_pdf(make_docx(HEKOU, tmp_path / "hekou.docx"), tmp_path / "pdf"))
    s = _open(browser, upload_server, viewport={"width": 1280, "height": 900})
    page = s.page
    page.locator("#upload summary").click()
    page.set_input_files("#upload-files", [str(f) for f in files])
    page.locator("#upload-button").click()
    result = page.locator("#upload-result")
    expect(result).to_contain_text("xinghe.docx", timeout=60_000)
    expect(result).to_contain_text("未收录：old.doc: legacy Word (.doc): save it as .docx")
    expect(page.locator("#district option", has_text="星河镇")).to_have_count(1)
    if with_pdf:
        expect(result).to_contain_text("hekou.pdf")
        _ask(page, "河口镇行政应诉案件有多少件")
        first = page.locator("li.cite").first
        expect(first.locator(".where")).to_contain_text("河口镇")
        expect(first.locator(".where .page")).to_have_text("第1页")
    _screenshot(page, "upload.png")
    assert not s.errors, s.errors
    page.context.close()
