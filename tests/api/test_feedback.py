from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from qa import FeedbackStore
from qa.answer.service import QAService
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def feedback_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"


@pytest.fixture(scope="module")
def client(sample_service: QAService, sample_index: Path, feedback_db: Path) -> TestClient:
    settings = make_settings(sample_index).model_copy(update={"feedback_db": feedback_db})
    return TestClient(create_app(settings, sample_service))


@pytest.fixture(scope="module")
def answered(client: TestClient) -> dict[str, Any]:
    return client.post("/v1/ask", json={"question": "东城街道行政诉讼出庭率", "top_k": 2}).json()


def test_feedback_is_stored_in_the_shared_store(
    client: TestClient, answered: dict[str, Any], feedback_db: Path
) -> None:
    payload = {
        "question": answered["question"],
        "answer": answered["answer"],
        "citations": answered["citations"],
        "rating": "up",
        "channel": "web",
    }
    resp = client.post("/v1/feedback", json=payload)
    assert resp.status_code == 201
    stored_id = resp.json()["id"]
    assert isinstance(stored_id, int) and stored_id > 0

    # The bot opens the same table: read it back with the core's store, not through the API.
    record = next(r for r in FeedbackStore(feedback_db).recent() if r.id == stored_id)
    assert record.feedback.rating == "up" and record.feedback.channel == "web"
    assert record.feedback.question == answered["question"]
    assert record.feedback.answer == answered["answer"]
    assert [c.doc_id for c in record.feedback.citations] == [c["doc_id"] for c in answered["citations"]]
    assert record.feedback.citations[0].start == answered["citations"][0]["start"]


def test_feedback_defaults_and_ids_increase(client: TestClient, feedback_db: Path) -> None:
    first = client.post(
        "/v1/feedback", json={"question": "天河街道出庭率", "answer": "没有找到", "rating": "down"}
    )
    second = client.post("/v1/feedback", json={"question": " 问 ", "answer": " 答 ", "rating": "up"})
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] > first.json()["id"]
    latest = FeedbackStore(feedback_db).recent(1)[0]
    assert latest.id == second.json()["id"]
    assert (latest.feedback.question, latest.feedback.answer) == ("问", "答")
    assert latest.feedback.channel == "api" and latest.feedback.citations == ()


GOOD = {"question": "东城街道行政诉讼出庭率", "answer": "出庭应诉率为70%", "rating": "up"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**GOOD, "rating": "meh"}, "rating"),
        ({**GOOD, "rating": ""}, "rating"),
        ({**GOOD, "rating": 1}, "rating"),
        ({**GOOD, "question": ""}, "question"),
        ({**GOOD, "question": "   "}, "question"),
        ({**GOOD, "answer": ""}, "answer"),
        ({**GOOD, "question": "问" * 2001}, "question"),
        ({k: v for k, v in GOOD.items() if k != "question"}, "question"),
        ({k: v for k, v in GOOD.items() if k != "answer"}, "answer"),
        ({k: v for k, v in GOOD.items() if k != "rating"}, "rating"),
        ({}, "question"),
        ({**GOOD, "citations": [{"doc_id": "x"}]}, "citations"),
        ({**GOOD, "citations": "none"}, "citations"),
        ({**GOOD, "channel": "telegram"}, "channel"),
    ],
)
def test_feedback_rejects_bad_input_with_a_message(
    client: TestClient, feedback_db: Path, payload: dict[str, object], field: str
) -> None:
    before = len(FeedbackStore(feedback_db).recent(1000))
    resp = client.post("/v1/feedback", json=payload)
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert isinstance(detail, str) and field in detail
    assert len(FeedbackStore(feedback_db).recent(1000)) == before


CITED = {
    "doc_id": "a6effe1a1d779eda",
    "title": "东城街道2022年法治政府建设情况的报告",
    "district": "东城街道",
    "year": 2022,
    "section": "一、工作情况",
    "text": "出庭应诉率为70%",
    "start": 10,
    "end": 19,
    "score": 1.0,
}


@pytest.mark.parametrize(
    ("citation", "field"),
    [
        ({**CITED, "doc_id": "x" * 200}, "doc_id"),
        ({**CITED, "title": "题" * 5000}, "title"),
        ({**CITED, "district": "东" * 500}, "district"),
        ({**CITED, "section": "节" * 5000}, "section"),
        ({**CITED, "text": "文" * 10_000}, "text"),
        ({**CITED, "start": -1}, "start"),
        ({**CITED, "end": 10**30}, "end"),
        ({**CITED, "year": 10**12}, "year"),
    ],
)
def test_feedback_citation_fields_have_limits(
    client: TestClient, feedback_db: Path, citation: dict[str, object], field: str
) -> None:
    """Issue 15.6: every stored field is bounded, citations included (they were free before)."""
    before = len(FeedbackStore(feedback_db).recent(1000))
    resp = client.post("/v1/feedback", json={**GOOD, "citations": [citation]})
    assert resp.status_code == 422 and field in resp.json()["detail"], resp.text
    assert len(FeedbackStore(feedback_db).recent(1000)) == before


@pytest.mark.parametrize("field", ["question", "answer", "comment"])
def test_feedback_with_lone_surrogates_is_422(client: TestClient, field: str) -> None:
    body = json.dumps({**GOOD, field: "好\ud800"})  # ASCII JSON: the surrogate travels as \\ud800
    resp = client.post("/v1/feedback", content=body.encode(), headers={"content-type": "application/json"})
    assert resp.status_code == 422 and field in resp.json()["detail"], resp.text


def test_feedback_rejects_non_json(client: TestClient) -> None:
    resp = client.post("/v1/feedback", content=b"rating=up", headers={"content-type": "application/json"})
    assert resp.status_code == 422 and resp.json()["detail"]
