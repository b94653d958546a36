"""The API served from Milvus (Milvus Lite here): the same routes, uploads, deletes, and replicas
that pick up each other's writes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from qa.compose import open_feedback, open_store
from qa.index.local import load_index
from qa.ingest.pipeline import copy_index
from tests.api.test_upload import NEW_REPORT, _files
from tests.conftest import make_settings

ASK = {"question": "东城街道行政诉讼出庭率"}


@pytest.fixture
def uri(sample_index: Path, tmp_path: Path) -> str:
    uri = str(tmp_path / "milvus.db")
    settings = make_settings(tmp_path / "index", store="milvus", milvus_uri=uri)
    copy_index(load_index(sample_index), open_store(settings))
    return uri


def _app_client(tmp_path: Path, uri: str) -> TestClient:
    settings = make_settings(
        tmp_path / "index", store="milvus", milvus_uri=uri, reload_check_seconds=0.1, max_file_bytes=50_000
    )
    return TestClient(create_app(settings))


@pytest.fixture
def client(tmp_path: Path, uri: str) -> Iterator[TestClient]:
    with _app_client(tmp_path, uri) as client:
        yield client


def test_ask_search_documents(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200
    answer = client.post("/v1/ask", json=ASK).json()
    assert answer["found"] and "70%" in answer["answer"]
    cite = answer["citations"][0]
    text = client.get(f"/v1/documents/{cite['doc_id']}").json()["text"]
    assert text[cite["start"] : cite["end"]] == cite["text"]
    hits = client.get("/v1/search", params={"q": "合法性审查中心", "top_k": 3}).json()["results"]
    assert 1 <= len(hits) <= 3 and any("合法性审查" in h["text"] for h in hits)
    assert len(client.get("/v1/documents").json()["documents"]) == 5
    assert client.get("/v1/facts", params={"indicator": "出庭应诉率"}).status_code == 200


def test_upload_then_delete(client: TestClient) -> None:
    added = client.post("/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode("gb18030"))))
    assert added.status_code == 200 and added.json()["reports"] == 6, added.text
    answer = client.post("/v1/ask", json={"question": "星河镇行政复议案件有多少件"}).json()
    assert answer["found"] and "6件" in answer["answer"]
    doc_id = answer["citations"][0]["doc_id"]
    assert client.delete(f"/v1/documents/{doc_id}").json()["reports"] == 5
    gone = client.post("/v1/ask", json={"question": "星河镇行政复议案件有多少件"}).json()
    assert not gone["found"]


def test_a_replica_serves_another_replicas_write(tmp_path: Path, uri: str) -> None:
    with _app_client(tmp_path, uri) as writer, _app_client(tmp_path, uri) as reader:
        before = reader.get("/readyz").json()["generation"]
        writer.post("/v1/documents", files=_files(("xinghe.txt", NEW_REPORT.encode())))
        deadline = time.monotonic() + 10
        while reader.get("/readyz").json()["generation"] == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(reader.get("/v1/documents").json()["documents"]) == 6
        answer = reader.post("/v1/ask", json={"question": "星河镇行政复议案件有多少件"}).json()
        assert answer["found"] and "6件" in answer["answer"]


def test_feedback_goes_to_milvus_and_every_replica_shares_it(tmp_path: Path, uri: str) -> None:
    with _app_client(tmp_path, uri) as one, _app_client(tmp_path, uri) as two:
        answer = one.post("/v1/ask", json=ASK).json()
        body = {"question": answer["question"], "answer": answer["answer"], "rating": "up", "channel": "web"}
        first = one.post("/v1/feedback", json=body | {"citations": answer["citations"][:1]})
        second = two.post("/v1/feedback", json=body | {"rating": "down", "comment": "不对"})
        assert first.status_code == second.status_code == 201, first.text
    settings = make_settings(tmp_path / "index", store="milvus", milvus_uri=uri)
    log = open_feedback(settings).recent(10)
    assert [r.id for r in log] == [second.json()["id"], first.json()["id"]]
    assert log[0].feedback.rating == "down" and log[0].feedback.comment == "不对"
    assert log[1].feedback.citations[0].district == "东城街道"
    assert not (tmp_path / "index" / "feedback.sqlite3").exists()  # nothing kept on the replica
