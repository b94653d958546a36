"""GET /v1/facts and /v1/indicators over the sample reports (fake encoder): the route only shapes JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from qa import QAService
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def client(sample_service: QAService, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = create_app(make_settings(tmp_path_factory.mktemp("facts-api")), service=sample_service)
    return TestClient(app)


def test_facts_by_indicator_with_citations(client: TestClient, sample_service: QAService) -> None:
    body = client.get("/v1/facts", params={"indicator": "出庭应诉率"}).json()
    assert body["indicator"] == "出庭应诉率" and len(body["facts"]) == 1
    row = body["facts"][0]
    assert (row["district"], row["value"], row["unit"], row["value_text"]) == ("东城街道", 70, "%", "70%")
    c = row["citation"]
    assert set(c) == {"doc_id", "title", "district", "year", "section", "text", "start", "end", "page"}
    assert sample_service.document(c["doc_id"]).text[c["start"] : c["end"]] == c["text"]


def test_facts_filters_and_wording(client: TestClient) -> None:
    body = client.get("/v1/facts", params={"indicator": "化解率", "district": "笋岗"}).json()
    assert body["indicator"] == "信访化解率" and [f["value"] for f in body["facts"]] == [97]
    assert client.get("/v1/facts", params={"district": "东城", "year": 2021}).json()["facts"] == []
    assert len(client.get("/v1/facts", params={"district": "东城街道", "year": 2022}).json()["facts"]) > 20


@pytest.mark.parametrize("year", ["abc", "1800", "3000"])
def test_bad_year_is_422(client: TestClient, year: str) -> None:
    assert client.get("/v1/facts", params={"year": year}).status_code == 422


def test_unknown_indicator_is_404(client: TestClient) -> None:
    resp = client.get("/v1/facts", params={"indicator": "天气"})
    assert resp.status_code == 404 and "/v1/indicators" in resp.json()["detail"]


def test_indicators_with_counts(client: TestClient) -> None:
    body = client.get("/v1/indicators").json()
    by_name = {i["name"]: i for i in body["indicators"]}
    assert by_name["出庭应诉率"]["count"] == 1 and by_name["地区生产总值"]["count"] == 0
    assert "出庭率" in by_name["出庭应诉率"]["synonyms"] and by_name["出庭应诉率"]["description"]
    assert any(name == "授信金额" for name, _ in body["other"])


def test_documented_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"indicator", "district", "year"} <= {p["name"] for p in paths["/v1/facts"]["get"]["parameters"]}
    assert "/v1/indicators" in paths
