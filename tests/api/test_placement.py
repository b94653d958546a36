from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.placement import AnswerPlacement
from qa.answer.service import QAService
from tests.conftest import make_settings


def test_a_question_asked_lately_is_answered_on_the_loop() -> None:
    placement = AnswerPlacement(local_index=True, remembered=2)
    assert not placement.on_loop("a")  # new: its encoding goes to the thread pool
    placement.answered("a")
    placement.answered("b")
    assert placement.on_loop("a")
    placement.answered("c")  # "a" was asked again after "b", so "b" is forgotten first
    assert placement.on_loop("a") and not placement.on_loop("b") and placement.on_loop("c")


def test_over_milvus_every_answer_goes_to_the_thread_pool() -> None:
    placement = AnswerPlacement(local_index=False)
    placement.answered("a")
    assert not placement.on_loop("a")


def test_the_second_asking_gives_the_same_answer(sample_service: QAService, sample_index: Path) -> None:
    client = TestClient(create_app(make_settings(sample_index), sample_service))
    question = {"question": "东城街道行政诉讼出庭率", "history": ["黄石街道有多少个基础网格"]}
    first, second = (client.post("/v1/ask", json=question) for _ in range(2))  # pool, then the loop
    assert first.status_code == second.status_code == 200
    assert first.headers["content-type"] == second.headers["content-type"] == "application/json"
    one, two = first.json(), second.json()
    assert one.pop("took_ms") >= 0 and two.pop("took_ms") >= 0
    assert one == two and one["found"] and "70%" in one["answer"]
