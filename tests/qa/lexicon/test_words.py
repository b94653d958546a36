from __future__ import annotations

from qa.lexicon.loader import data_rows
from qa.lexicon.words import (
    MULTI_YEAR,
    PLAN_HEADING,
    PLAN_QUESTION,
    SEVERAL_YEARS,
    SYNONYM_FILES,
    plan_section,
    restated,
    synonyms,
)


def test_a_section_on_a_later_year_plans() -> None:
    assert plan_section("二、2015年工作总体部署", reviewed=2014)
    assert not plan_section("一、2014年工作回顾", reviewed=2014)
    assert plan_section("三、下一步工作计划") and not plan_section("二、2015年工作总体部署")


def test_main_work_plans_unless_it_names_the_reviewed_year() -> None:
    assert not plan_section("一、2025年主要工作和“十四五”发展成就 > （二）巩固实体经济根基", reviewed=2025)
    assert plan_section("三、2026年重点工作", reviewed=2025) and plan_section("二、主要任务", reviewed=2025)
    assert plan_section("一、2025年主要工作和下一步工作计划", reviewed=2025)  # a plan word still plans
    assert not plan_section("一、主要工作", reviewed=2023)  # a 法治政府建设 report's review
    assert plan_section("二、今年主要工作", reviewed=2024) and plan_section(
        "三、2025年主要工作", reviewed=2024
    )


def test_a_word_is_restated_whole_and_without_its_de() -> None:
    assert "出庭应诉率" in restated("出庭率")
    assert "领导干部" in restated("当官")  # listed as 当官的; jieba parts off the 的
    assert "社会消费品零售总值" in restated("社会消费品零售总额") and "总值" not in restated(
        "社会消费品零售总额"
    )
    # half a word is not most of it: 上市公司 is 上市企业, never any 企业 (公司 ~ 企业)
    assert "上市企业" in restated("上市公司") and "企业" not in restated("上市公司")
    assert "老年人" in restated("老人家")


def test_both_synonym_files_are_read_and_well_formed() -> None:
    """Every line: a phrase and at least one term, every phrase listed once across both files (the
    everyday file adds phrases of two characters or more, it does not repeat the first file's)."""
    left: list[str] = []
    for name in SYNONYM_FILES:
        rows = data_rows(name)
        assert rows, name
        for number, cells in rows:
            assert cells[0] and len(cells) >= 2 and cells[1], f"{name}:{number}"
            assert name == SYNONYM_FILES[0] or len(cells[0]) >= 2, f"{name}:{number}"
        left += [cells[0] for _, cells in rows]
    assert len(left) == len(set(left))
    assert ("坏账", ("不良贷款率", "不良贷款")) in synonyms()  # a line of synonyms_lay.tsv


def test_everyday_phrases_are_no_verb_forms_or_questions() -> None:
    """A phrase with 了 or an asking word (涨了, 卖了多少) would stand in for the measured thing of a
    figure question instead of the words around it."""
    for _, cells in data_rows("synonyms_everyday.tsv"):
        assert not cells[0].endswith("了") and "多少" not in cells[0] and "几" not in cells[0], cells[0]


def test_the_state_councils_proposals_for_this_year_are_plans() -> None:
    """国务院's second part, 对今年政府工作的建议, holds the year's targets (居民消费价格涨幅3%左右)."""
    assert plan_section("二、对今年政府工作的建议")
    assert PLAN_HEADING.search("二、对今年政府工作的建议")
    assert not plan_section("一、过去一年和五年工作回顾")


def test_ten_years_and_n_years_since_span_years() -> None:
    assert SEVERAL_YEARS.search("十年来我国居民消费价格涨幅稳定在2%左右")
    assert MULTI_YEAR.search("三年来累计") and not SEVERAL_YEARS.search("全年居民消费价格上涨2%")


def test_a_rise_is_stated_as_rising() -> None:
    assert "上涨" in restated("涨幅")


def test_life_expectancy_asks_no_plan() -> None:
    """人均预期寿命 holds 预期, as 预期目标 does: only the latter asks for a target."""
    assert not PLAN_QUESTION.search("2017年全国人均预期寿命是多少")
    assert PLAN_QUESTION.search("2017年GDP预期目标是多少")
