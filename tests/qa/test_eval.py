"""Scoring an answer against a question record."""

from __future__ import annotations

from qa.eval import EvalItem, from_right_report, pointed
from qa.records import Answer, Citation


def _citation(district: str, year: int) -> Citation:
    return Citation("d", f"{year + 1}年{district}政府工作报告", district, year, "", "", 0, 0, 1.0)


def test_the_right_report_is_the_place_and_the_year_reviewed() -> None:
    item = EvalItem("x", "上海2025年城镇新增就业多少人", "上海", 2025, ("64.1万人",), "numeric")
    assert from_right_report(_citation("上海市", 2025), item)
    assert not from_right_report(_citation("上海市", 2024), item)
    assert not from_right_report(_citation("内蒙古自治区", 2025), item)


def test_a_province_asked_by_its_abbreviation_is_that_province() -> None:
    item = EvalItem("x", "沪2025年城镇新增就业多少人", "沪", 2025, ("64.1万人",), "alias")
    assert from_right_report(_citation("上海市", 2025), item)
    assert not from_right_report(_citation("内蒙古自治区", 2025), item)


def test_a_refusal_points_to_the_answer_when_a_related_figure_holds_it() -> None:
    item = EvalItem("x", "上海2025年城里新找到工作的有多少人", "上海", 2025, ("64.1万人",), "lay")
    holding = Citation("d", "2026年上海市政府工作报告", "上海市", 2025, "", "城镇新增就业64.1万人", 0, 0, 0.0)
    refusal = Answer("q", "没有在已收录的报告中找到答案。", False, 0.0, 1.0, related=(holding,))
    assert pointed(item, refusal)
    assert not pointed(item, Answer("q", "没有…", False, 0.0, 1.0, related=(_citation("上海市", 2025),)))
