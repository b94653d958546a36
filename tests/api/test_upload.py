"""POST /v1/documents: incremental ingest over HTTP, limits, and the live index swap."""

from __future__ import annotations

import contextlib
import io
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from qa.index.local import load_index
from tests.api.servers import serving
from tests.conftest import SOFFICE_MISSING, OfficeSample, make_settings
from tests.qa.ingest.office_fixtures import make_docx

NEW_REPORT = (
    "星河镇2023年法治政府建设工作报告\n"
    "2023年,星河镇坚持依法行政,全面推进法治政府建设。\n"
    "一、主要工作\n"
    "全年共受理行政复议案件6件,办结6件,行政复议纠错率为0。\n"
    "星河镇人民政府\n2024年1月10日\n"
)


@pytest.fixture
def client(sample_index: Path, tmp_path: Path) -> TestClient:
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    with TestClient(create_app(make_settings(root, max_file_bytes=50_000))) as client:
        yield client


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_upload_adds_and_is_answerable_at_once(client: TestClient) -> None:
    resp = client.post("/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode("gb18030"))))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["added"] == ["xinghe.txt"] and body["reports"] == 6
    answer = client.post("/v1/ask", json={"question": "星河镇行政复议案件有多少件"}).json()
    assert answer["found"] and "6件" in answer["answer"] and answer["citations"][0]["district"] == "星河镇"
    again = client.post("/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode("gb18030")))).json()
    assert again["unchanged"] == ["xinghe.txt"] and again["reports"] == 6


def test_html_is_stripped_of_scripts(client: TestClient) -> None:
    html = f"<html><head><script>alert('x')</script></head><body><p>{NEW_REPORT.replace(chr(10), '</p><p>')}</p></body></html>"
    resp = client.post("/v1/documents", files=_files(("xinghe.html", html.encode("utf-8"))))
    assert resp.status_code == 200
    doc_id = next(
        d["doc_id"] for d in client.get("/v1/documents").json()["documents"] if d["source"] == "xinghe.html"
    )
    assert "alert" not in client.get(f"/v1/documents/{doc_id}").json()["text"]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.txt", "0" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("slides.pdf", b"%PDF-1.7 ...", "the PDF is cut short or damaged"),
        ("slides.pdf", b"not a pdf at all", "not a PDF file (no %PDF header)"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "legacy Word (.doc): save it as .docx",
        ),
        ("scan.wps", b"anything", "WPS document (.wps)"),
        ("slides.pptx", b"PK\x03\x04", "unsupported file type .pptx"),
        ("report.txt", _zip_bomb(), "archives"),
        ("report.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("report.txt", b"   ", "empty"),
        ("big.txt", "法治".encode() * 30_000, "over the limit"),
        ("../../etc/.hidden", b"text", "usable file name"),
    ],
)
def test_bad_uploads_are_refused_and_index_kept(
    client: TestClient, name: str, data: bytes, reason: str
) -> None:
    before = client.get("/readyz").json()["generation"]
    resp = client.post("/v1/documents", files=_files((name, data)))
    assert resp.status_code == 422 and reason in resp.json()["detail"]
    assert client.get("/readyz").json()["generation"] == before
    assert len(client.get("/v1/documents").json()["documents"]) == 5


def test_mixed_upload_reports_each_file(client: TestClient) -> None:
    resp = client.post(
        "/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode()), ("notes.docx", b"PK\x03\x04rest"))
    )
    body = resp.json()
    assert resp.status_code == 200 and body["added"] == ["xinghe.txt"]
    assert (
        body["skipped"][0]["file"] == "notes.docx" and "not a Word .docx file" in body["skipped"][0]["reason"]
    )


def test_upload_without_files_is_422(client: TestClient) -> None:
    assert client.post("/v1/documents").status_code == 422


def test_index_on_disk_matches_after_upload(client: TestClient) -> None:
    client.post("/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode())))
    root = client.app.state.settings.index_dir  # type: ignore[attr-defined]
    data = load_index(root)
    assert len(data.reports) == 6
    for p in data.passages:
        assert data.reports[p.doc_id].text[p.start : p.end] == p.text


def test_delete_removes_a_report_and_404s_unknown_ids(client: TestClient) -> None:
    docs = client.get("/v1/documents").json()["documents"]
    victim = next(d["doc_id"] for d in docs if d["district"] == "东城街道")
    resp = client.delete(f"/v1/documents/{victim}")
    assert resp.status_code == 200, resp.text
    assert resp.json()["deleted"] == victim and resp.json()["reports"] == 4
    assert client.get(f"/v1/documents/{victim}").status_code == 404
    assert not client.post("/v1/ask", json={"question": "东城街道行政诉讼出庭率"}).json()["found"]
    missing = client.delete("/v1/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    assert len(client.get("/v1/documents").json()["documents"]) == 4  # nothing else was touched


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qa.ingest.readers import formats

    monkeypatch.setattr(formats, "MAX_DOCX_BYTES", 1_000_000)  # the real limit needs a bigger upload
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/fill.bin", b"\x00" * 5_000_000)
    resp = client.post("/v1/documents", files=_files(("bomb.docx", buffer.getvalue())))
    assert resp.status_code == 422 and "possible zip bomb" in resp.json()["detail"]


def test_word_and_pdf_reports_are_added_and_cited_with_their_pages(
    sample_index: Path, tmp_path: Path, office_samples: list[OfficeSample]
) -> None:
    """The same limits apply; a PDF's citations carry 第N页, a .docx's none."""
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    new = tmp_path / "xinghe.docx"
    make_docx(NEW_REPORT, new)
    uploads = [("xinghe.docx", new.read_bytes())]
    pdf = office_samples[4].pdf
    if pdf is not None:
        uploads.append(("dongcheng.pdf", pdf.read_bytes()))
    with TestClient(create_app(make_settings(root, max_file_bytes=2_000_000))) as client:
        body = client.post("/v1/documents", files=_files(*uploads)).json()
        assert body["added"] == sorted(name for name, _ in uploads)
        answer = client.post("/v1/ask", json={"question": "星河镇行政复议案件有多少件"}).json()
        assert answer["found"] and answer["citations"][0]["page"] is None
        if pdf is None:
            pytest.skip(SOFFICE_MISSING)
        docs = client.get("/v1/documents").json()["documents"]
        doc_id = next(d["doc_id"] for d in docs if d["source"] == "dongcheng.pdf")
        answer = client.post("/v1/ask", json={"question": "东城街道行政诉讼出庭率", "top_k": 10}).json()
        cited = next(c for c in answer["citations"] if c["doc_id"] == doc_id)
        detail = client.get(f"/v1/documents/{doc_id}").json()
        pages = detail["pages"]
        assert cited["page"] == sum(1 for start in pages if start <= cited["start"]) > 1
        assert detail["text"][cited["start"] : cited["end"]] == cited["text"]


def _status_before_body_is_sent(base_url: str, headers: dict[str, str], declared: int, sent: int) -> int:
    """POST /v1/documents declaring ``declared`` bytes, send ``sent`` of them (from a thread: the server
    may stop reading), and return the status the server answers without waiting for the rest."""
    host, port = base_url.removeprefix("http://").split(":")
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (
        f"POST /v1/documents HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: {declared}\r\n{head}\r\n"
    ).encode() + b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    with socket.create_connection((host, int(port)), timeout=10) as sock:

        def send() -> None:
            with contextlib.suppress(OSError):
                sock.sendall(request + b"x" * (sent - len(request)))

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        try:
            status_line = sock.makefile("rb").readline()
        except TimeoutError:
            pytest.fail("no answer within 10 s: the server waited for the whole body")
        sock.shutdown(socket.SHUT_RDWR)
        sender.join(timeout=10)
    return int(status_line.split()[1])


def test_upload_is_refused_before_its_body_is_read(sample_index: Path, tmp_path: Path) -> None:
    """Issue 15.1: with keys set, an anonymous or read-only upload of 60 MB is refused after the
    headers; nothing more is received (so nothing is spooled to disk)."""
    root = tmp_path / "index"
    shutil.copytree(sample_index, root)
    app = create_app(make_settings(root, api_keys="rkey:read,akey:admin"))
    with serving(app) as base_url:
        anonymous = _status_before_body_is_sent(base_url, {}, declared=60_000_000, sent=1_000_000)
        wrong = _status_before_body_is_sent(base_url, {"X-API-Key": "nope"}, 60_000_000, 1_000_000)
        reader = _status_before_body_is_sent(base_url, {"X-API-Key": "rkey"}, 60_000_000, 1_000_000)
        huge = _status_before_body_is_sent(base_url, {"X-API-Key": "akey"}, 10**12, 1_000_000)
    assert (anonymous, wrong, reader, huge) == (401, 401, 403, 413)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a" * 300 + ".txt", "longer than 255 bytes"),
        ("法" * 90 + ".txt", "longer than 255 bytes"),  # 90 characters, 274 bytes in UTF-8
        ("report\u202etxt.html", "U+202E"),  # shows as "reportlmth.txt"
        ("\u2066报告\u2069.txt", "U+2066"),
        ("报告\u200b.txt", "U+200B"),
    ],
)
def test_unusable_file_names_are_refused_with_422(client: TestClient, name: str, reason: str) -> None:
    """Issue 15.6: over-long names (a 500 before: the temporary file could not be created) and names
    with bidi or invisible characters (accepted before) are refused at the edge."""
    resp = client.post("/v1/documents", files=_files((name, NEW_REPORT.encode())))
    assert resp.status_code == 422 and reason in resp.json()["detail"]
    assert "\u202e" not in resp.text and "\u2066" not in resp.text  # never echoed as is
    assert len(client.get("/v1/documents").json()["documents"]) == 5
