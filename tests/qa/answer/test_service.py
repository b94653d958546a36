"""The core's behaviour on the sample reports with the fake encoder (BM25 carries these)."""

from __future__ import annotations

import pytest

from qa.answer.service import QAService
from qa.errors import DocumentNotFound, InvalidQuestion


def test_figure_answer_with_exact_citation(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道行政诉讼出庭率")
    assert answer.found and "70%" in answer.answer
    first = answer.citations[0]
    assert first.district == "东城街道" and first.year == 2022
    text = sample_service.document(first.doc_id).text
    assert text[first.start : first.end] == first.text
    assert text[answer.answer_start : answer.answer_end] == answer.answer  # type: ignore[misc]
    assert first.section.startswith("一、")
    assert 0.0 < answer.confidence <= 1.0


def test_unknown_district_is_refused_with_what_is_indexed(sample_service: QAService) -> None:
    answer = sample_service.ask("天河街道2022年出庭应诉率")
    assert not answer.found and not answer.citations
    assert "天河街道" in answer.answer and "东城街道" in answer.answer


def test_year_not_covered_is_refused(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道2015年行政诉讼出庭率")
    assert not answer.found and "2015" in answer.answer


def test_absent_figure_is_refused(sample_service: QAService) -> None:
    assert not sample_service.ask("双桂街道2019年招商引资金额").found


def test_which_district_names_it(sample_service: QAService) -> None:
    answer = sample_service.ask("哪个街道成立了外籍志愿者服务队")
    assert answer.found and answer.answer.startswith("黄石街道")


def test_list_question_gives_section_items(sample_service: QAService) -> None:
    answer = sample_service.ask("四季青街道存在哪些不足")
    assert answer.found and "需要系统整合" in answer.answer


@pytest.mark.parametrize(
    ("question", "top_k", "message"),
    [
        ("", 5, "empty"),
        ("   \n", 5, "empty"),
        ("出" * 501, 5, "limit"),
        ("出庭率", 0, "top_k"),
        ("出庭率", 99, "top_k"),
    ],
)
def test_bad_questions(sample_service: QAService, question: str, top_k: int, message: str) -> None:
    with pytest.raises(InvalidQuestion, match=message):
        sample_service.ask(question, top_k=top_k)


def test_documents(sample_service: QAService) -> None:
    docs = sample_service.documents()
    assert {d.district for d in docs} == {"东城街道", "黄石街道", "四季青街道", "笋岗街道", "双桂街道"}
    with pytest.raises(DocumentNotFound):
        sample_service.document("nope")


def test_search_returns_ranked_citations(sample_service: QAService) -> None:
    hits = sample_service.search("合法性审查中心", top_k=3)
    assert 1 <= len(hits) <= 3
    assert hits[0].score >= hits[-1].score
