"""Comparison, superlative, threshold and trend questions answered from the facts table."""

from __future__ import annotations

import pytest

from qa.answer.facts import (
    NOT_STATED,
    FactAnswer,
    FactQuestion,
    FactTable,
    _in_scope,
    _one_year_total,
    answer_fact_question,
    fact_citation,
    parse_fact_question,
)
from qa.ingest.facts import extract_facts
from qa.ingest.parse import parse_document
from qa.ingest.readers import read_document
from qa.records import Fact, Metadata, Report
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import parse_query
from tests.conftest import CORPUS_EXTRA, REPORTS


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Report], FactTable, Gazetteer]:
    reports, facts = [], []
    for path in sorted(REPORTS.glob("*.txt")) + sorted(CORPUS_EXTRA.glob("*.txt")):
        parsed = parse_document(read_document(path))
        reports.append(parsed.report)
        facts.extend(extract_facts(parsed.report, parsed.passages))
    return reports, FactTable(facts), Gazetteer.build(r.district for r in reports)


def ask(
    corpus: tuple[list[Report], FactTable, Gazetteer], question: str
) -> tuple[FactQuestion | None, FactAnswer | None]:
    reports, table, gazetteer = corpus
    fq = parse_fact_question(question, parse_query(question, gazetteer), table)
    return fq, answer_fact_question(fq, table, reports) if fq else None


def test_comparison_lists_the_undisclosed(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    reports = {r.doc_id: r for r in corpus[0]}
    fq, answer = ask(corpus, "各街道出庭应诉率对比")
    assert fq is not None and fq.kind == "comparison" and fq.indicator == "出庭应诉率" and fq.level == "街道"
    assert answer.found and "东城街道(2022) 70%" in answer.summary and NOT_STATED in answer.summary
    first, *rest = answer.rows
    assert (first.district, first.value, first.unit) == ("东城街道", 70, "%")
    citation = fact_citation(first.fact, reports[first.doc_id])
    assert reports[citation.doc_id].text[citation.start : citation.end] == citation.text
    assert "出庭应诉率为70%" in citation.text
    assert len(rest) == 4 and all(
        r.value is None and r.value_text == NOT_STATED and r.fact is None for r in rest
    )
    assert {r.district for r in rest} == {"黄石街道", "四季青街道", "笋岗街道", "双桂街道"}
    assert answer.table()[0]["value"] == 70 and answer.table()[1]["value"] is None


def test_superlative(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    fq, answer = ask(corpus, "哪个街道信访化解率最高")
    assert fq is not None and fq.kind == "superlative" and fq.direction == "high"
    assert answer.summary.startswith("信访化解率最高的是笋岗街道(2021)：97%")
    assert answer.rows[0].fact is not None and "化解率97%" in answer.rows[0].fact.text
    fq, answer = ask(corpus, "哪个省城镇新增就业最少")
    assert fq is not None and fq.direction == "low" and answer.rows[0].district == "海南省"


def test_threshold(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    fq, answer = ask(corpus, "出庭应诉率超过60%的街道")
    assert fq is not None and (fq.kind, fq.op, fq.threshold, fq.threshold_unit) == ("threshold", ">", 60, "%")
    assert [(r.district, r.value) for r in answer.rows if r.value is not None] == [("东城街道", 70)]
    fq, answer = ask(corpus, "出庭应诉率低于50%的街道")
    assert fq is not None and fq.op == "<" and not answer.found and "没有" in answer.summary


def test_trend_runs_by_year(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    fq, answer = ask(corpus, "陕西城镇新增就业历年变化")
    assert fq is not None and fq.kind == "trend" and fq.districts == ("陕西省",)
    assert [(r.year, r.value) for r in answer.rows] == [(2024, 434000), (2025, 441000)]
    fq, answer = ask(corpus, "东城街道行政诉讼案件数历年变化")
    assert [(r.year, r.value) for r in answer.rows] == [(2022, 16)]


def test_provinces_include_municipalities(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    fq, answer = ask(corpus, "各省地区生产总值增速对比")
    assert fq is not None and fq.level == "省"
    assert {r.district for r in answer.rows} == {"天津市", "河北省", "海南省", "陕西省"}
    assert ("天津市", 2025, 4.8) in {(r.district, r.year, r.value) for r in answer.rows}


@pytest.mark.parametrize(
    "question",
    [
        "东城街道出庭应诉率是多少",
        "各街道天气对比",
        "法治政府建设情况",
        "东城街道2022年出庭应诉率和败诉率分别是多少",  # one place's figures, not places compared
        "哪些出庭应诉率的做法值得推广",  # 哪些 asks for a list, not for places
        "出庭应诉率全省第一家突破70%的是哪个街道",  # 第一家: who did it first, not a ranking
    ],
)
def test_other_questions_are_not_fact_questions(
    corpus: tuple[list[Report], FactTable, Gazetteer], question: str
) -> None:
    assert ask(corpus, question)[0] is None


def test_a_year_s_targets_are_compared_from_the_report_before(
    corpus: tuple[list[Report], FactTable, Gazetteer],
) -> None:
    """A 2025 target stands in the report delivered in 2025 (on 2024): it is shown as 2025's, and a
    comparison of results never shows a target."""
    fq, answer = ask(corpus, "各省2025年地区生产总值增速目标对比")
    assert fq is not None and fq.plans and answer is not None and answer.found
    stated = [r for r in answer.rows if r.fact is not None]
    assert stated and all(r.fact.planned and r.year == 2025 for r in stated)
    _, results = ask(corpus, "各省地区生产总值增速对比")
    assert results is not None and all(not r.fact.planned for r in results.rows if r.fact is not None)


def _gdp(sentence: str, value_text: str, indicator: str) -> Fact:
    at = sentence.index(value_text)
    return Fact("d", "罗湖区", 2020, indicator, indicator, 1.0, "元", "", 0, len(sentence), "", sentence,
                value_text, at, at + len(value_text))  # fmt: skip


def test_a_table_row_is_one_year_s_figure_for_the_whole_place() -> None:
    assert _one_year_total(_gdp("全年地区生产总值2630.2亿元、增长3.4%。", "2630.2亿元", "地区生产总值"))
    assert not _one_year_total(
        _gdp("每平方公里GDP产出27.3亿元，较上年提升2.2亿元。", "27.3亿元", "地区生产总值")
    )
    five_years = "“十三五”时期，罗湖地区生产总值累计增长38.7％。"
    assert not _one_year_total(_gdp(five_years, "38.7％", "地区生产总值增速"))
    assert _one_year_total(_gdp("人均地区生产总值达15.6万元。", "15.6万元", "人均地区生产总值"))
    part = "片区地区生产总值1334.1亿元、同比增长10.9%。"  # a part of the district
    assert not _one_year_total(_gdp(part, "1334.1亿元", "地区生产总值"))


def test_which_of_the_named_places_is_higher(corpus: tuple[list[Report], FactTable, Gazetteer]) -> None:
    fq, answer = ask(corpus, "天津和河北地区生产总值增速哪个更快")
    assert fq is not None and fq.kind == "superlative" and fq.direction == "high"
    assert set(fq.districts) == {"天津市", "河北省"} and answer is not None and answer.found
    fq, _ = ask(corpus, "天津和河北城镇新增就业谁少")
    assert fq is not None and fq.direction == "low"
    fq, _ = ask(corpus, "哪个街道有多少个法治宣传栏")  # 多少 asks a count, not the least
    assert fq is None or fq.kind != "superlative"


def test_a_named_place_with_no_report_of_the_year_is_said_so(
    corpus: tuple[list[Report], FactTable, Gazetteer],
) -> None:
    """东城街道和黄石街道2022年…: 黄石街道's report reviews 2020; the answer says so, not silence."""
    fq, answer = ask(corpus, "东城街道和黄石街道2022年出庭应诉率分别是多少")
    assert fq is not None and answer is not None and answer.found
    assert "东城街道(2022) 70%" in answer.summary and "没有黄石街道回顾2022年的报告" in answer.summary


def test_which_district_of_a_named_city() -> None:
    """深圳2024年哪个区GDP最低: the 区 inside the city named, not the city's own report alone."""

    def report(district: str, city: str, level: str) -> Report:
        meta = Metadata(f"{district}政府工作报告", district, city, level, 2024, None)  # type: ignore[arg-type]
        return Report(district, "", "", meta, "")

    reports = [report("深圳市", "广东省", "市"), report("南山区", "广东省深圳市", "区县"),
               report("罗湖区", "广东省深圳市", "区县"), report("海淀区", "北京市", "区县")]  # fmt: skip
    fq = FactQuestion("superlative", "地区生产总值", ("深圳市",), 2024, "区县", "low")
    assert [r.district for r in _in_scope(fq, reports)] == ["南山区", "罗湖区"]


def test_a_bound_written_without_its_unit_takes_the_indicators(
    corpus: tuple[list[Report], FactTable, Gazetteer],
) -> None:
    """超过1万亿: 元 like the GDP figures (it was read as the bare number 1, which every one passes)."""
    fq, answer = ask(corpus, "哪些省地区生产总值超过1万亿")
    assert fq is not None and fq.threshold == 1e12 and fq.threshold_unit == "元"
    assert answer is not None and "超过1万亿的" in answer.summary
    passing = answer.summary.split("。")[0]
    assert "陕西省(2024) 35538亿元" in passing


def test_a_term_holding_最低_ranks_nothing() -> None:
    """最低工资标准提高到多少 asks one place's figure; 哪个区最低 still ranks."""
    from qa.answer.facts import _kind

    assert _kind("2015年深圳最低工资标准提高到多少") is None
    assert _kind("低保最低标准是多少") is None
    assert _kind("深圳哪个区的最低工资最低") == ("superlative", None)
