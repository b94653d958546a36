from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from qa.answer.service import QAService
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def client(sample_service: QAService, sample_index: Path) -> TestClient:
    return TestClient(create_app(make_settings(sample_index), sample_service))


def test_ask_contract(client: TestClient) -> None:
    resp = client.post("/v1/ask", json={"question": "东城街道行政诉讼出庭率"})
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {
        "question",
        "answer",
        "found",
        "confidence",
        "took_ms",
        "citations",
        "table",
        "value",
        "related",
        "note",
    }
    assert body["table"] is None  # only comparison/ranking questions carry a table
    assert body["value"]["text"] == "70%" and body["value"]["district"] == "东城街道"
    assert body["found"] and "70%" in body["answer"]
    first = body["citations"][0]
    assert set(first) == {
        "doc_id",
        "title",
        "district",
        "year",
        "section",
        "text",
        "start",
        "end",
        "score",
        "page",
    }
    assert first["page"] is None  # a .txt report has no pages; a PDF's citations name theirs
    doc = client.get(f"/v1/documents/{first['doc_id']}").json()
    assert doc["text"][first["start"] : first["end"]] == first["text"]
    assert doc["district"] == "东城街道" and doc["year"] == 2022


def test_ask_filters_and_top_k(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "出庭应诉率", "district": "东城", "top_k": 2}).json()
    assert body["found"] and len(body["citations"]) <= 2
    assert all(c["district"] == "东城街道" for c in body["citations"])


def test_not_found_is_plain(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "天河街道2022年出庭应诉率"}).json()
    assert body["found"] is False and body["citations"] == [] and "天河街道" in body["answer"]


@pytest.mark.parametrize(
    "payload",
    [
        {"question": ""},
        {"question": "   "},
        {"question": "出" * 501},
        {"question": "出庭率", "top_k": 0},
        {"question": "出庭率", "top_k": 51},
        {"question": "出庭率", "top_k": "many"},
        {},
        {"question": 12},
    ],
)
def test_ask_rejects_bad_input_with_a_message(client: TestClient, payload: dict[str, object]) -> None:
    resp = client.post("/v1/ask", json=payload)
    assert resp.status_code == 422
    assert isinstance(resp.json()["detail"], str) and resp.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        '{"question": "\\ud800东城街道出庭率"}',
        '{"question": "东城街道出庭率", "district": "\\udc00"}',
        '{"question": "那四季青街道呢", "history": ["东城街道出庭率\\ud83d"]}',
    ],
)
def test_lone_surrogates_are_422_not_500(client: TestClient, body: str) -> None:
    """Issue 15.6: JSON may escape a lone surrogate, which is no text; it failed later (a 500, or an
    answer to a history that cannot be printed)."""
    resp = client.post("/v1/ask", content=body.encode(), headers={"content-type": "application/json"})
    assert resp.status_code == 422, resp.text
    assert "surrogate" in resp.json()["detail"]


def test_ask_rejects_non_json(client: TestClient) -> None:
    resp = client.post("/v1/ask", content=b"not json", headers={"content-type": "application/json"})
    assert resp.status_code == 422


def test_search(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "合法性审查", "top_k": 3}).json()
    assert 1 <= len(body["results"]) <= 3
    assert client.get("/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/v1/search", params={"q": "x", "top_k": 0}).status_code == 422


def test_documents(client: TestClient) -> None:
    docs = client.get("/v1/documents").json()["documents"]
    assert len(docs) == 5 and all(d["passages"] > 0 for d in docs)
    resp = client.get("/v1/documents/does-not-exist")
    assert resp.status_code == 404 and "does-not-exist" in resp.json()["detail"]


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["reports"] == 5


def test_no_index_gives_503(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path / "missing"))) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        resp = client.post("/v1/ask", json={"question": "出庭率"})
        assert resp.status_code == 503 and "qa ingest" in resp.json()["detail"]
        assert client.get("/v1/documents").status_code == 503


def test_comparison_question_answers_with_a_cited_table(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "各街道出庭应诉率对比"}).json()
    assert body["found"] and "东城街道" in body["answer"] and "未披露" in body["answer"]
    rows = {r["district"]: r for r in body["table"]}
    assert rows["东城街道"]["value"] == 70 and rows["东城街道"]["unit"] == "%"
    assert rows["黄石街道"]["value"] is None  # not stated: 未披露, not guessed
    cited = body["citations"][0]
    doc = client.get(f"/v1/documents/{cited['doc_id']}").json()
    assert "70%" in cited["text"] and doc["text"][cited["start"] : cited["end"]] == cited["text"]
    facts = client.get("/v1/facts", params={"indicator": "出庭应诉率"}).json()
    assert facts and client.get("/v1/indicators").status_code == 200
