"""Facts extraction: number normalisation, offsets, storage, the table, and precision/recall
against hand-checked figures read from the sample reports (tests/data/facts_gold.jsonl)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from qa.answer.facts import FactTable
from qa.errors import IndexCorrupted
from qa.index.rows import facts_from_rows, facts_to_rows
from qa.ingest.facts import extract_facts
from qa.ingest.parse import parse_document
from qa.ingest.readers import read_document
from qa.lexicon.figures import parse_number
from qa.lexicon.numerals import cn_number
from qa.records import Fact, ParsedReport
from tests.conftest import CORPUS_EXTRA, REPORTS

GOLD = Path(__file__).resolve().parents[2] / "data" / "facts_gold.jsonl"
MIN_PRECISION = 0.95
MIN_RECALL = 0.85


@pytest.fixture(scope="module")
def parsed() -> dict[tuple[str, int | None], ParsedReport]:
    paths = sorted(REPORTS.glob("*.txt")) + sorted(CORPUS_EXTRA.glob("*.txt"))
    out = {}
    for path in paths:
        p = parse_document(read_document(path))
        out[(p.report.district, p.report.year)] = p
    return out


@pytest.fixture(scope="module")
def facts(parsed: dict[tuple[str, int | None], ParsedReport]) -> dict[tuple[str, int | None], list[Fact]]:
    return {key: extract_facts(p.report, p.passages) for key, p in parsed.items()}


# ---- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("70%", 70, "%", ""),
        ("70％", 70, "%", ""),
        ("百分之七十", 70, "%", ""),
        ("百分之三点五", 3.5, "%", ""),
        ("七成", 70, "%", ""),
        ("38.5%", 38.5, "%", ""),
        ("5.1%左右", 5.1, "%", "左右"),
        ("50%以上", 50, "%", "以上"),
        ("超75%", 75, "%", "超"),
        ("3个百分点", 3, "百分点", ""),
        ("47.89亿元", 4.789e9, "元", ""),
        ("45.75万元", 457500, "元", ""),
        ("3.68万亿元", 3.68e12, "元", ""),
        ("超过3亿元", 3e8, "元", "超"),
        ("3万元以上", 30000, "元", "以上"),
        ("27136元", 27136, "元", ""),
        ("三十余次", 30, "次", "余"),
        ("10余次", 10, "次", "余"),
        ("1100余家", 1100, "家", ""),  # qualifier checked below: 余
        ("近3万份", 30000, "份", "近"),
        ("15万余份", 150000, "份", "余"),
        ("约4个", 4, "个", "约"),
        ("1.5万人", 15000, "人", ""),
        ("17.78万人", 177800, "人", ""),
        ("627名", 627, "人", ""),
        ("70000余人次", 70000, "人次", "余"),
        ("307件次", 307, "件次", ""),
        ("16宗", 16, "宗", ""),
        ("1675件", 1675, "件", ""),
        ("289批次", 289, "批次", ""),
        ("615家次", 615, "家次", ""),
        ("两个", 2, "个", ""),
        ("一百零五件", 105, "件", ""),
        ("二〇二三年", 2023, "年", ""),
        ("2023年", 2023, "年", ""),
        ("2023年1月30日", 20230130, "日期", ""),
        ("二〇二三年一月三十日", 20230130, "日期", ""),
    ],
)
def test_parse_number(text: str, value: float, unit: str, qualifier: str) -> None:
    q = parse_number(text)
    assert q is not None, text
    assert math.isclose(q.value, value, rel_tol=1e-9) and q.unit == unit
    assert q.qualifier == (qualifier or ("余" if "余" in text else ""))


@pytest.mark.parametrize("text", ["", "出庭应诉率", "第一批", "12345投诉", "3成"])
def test_parse_number_rejects_non_figures(text: str) -> None:
    assert parse_number(text) is None


def test_cn_number() -> None:
    assert cn_number("十") == 10 and cn_number("二十三") == 23 and cn_number("三百零五") == 305
    assert cn_number("二〇一九") == 2019 and cn_number("四点五") == 4.5 and cn_number("abc") is None


# ---- extraction ---------------------------------------------------------------------------------


def test_offsets_point_into_the_report(
    parsed: dict[tuple[str, int | None], ParsedReport], facts: dict[tuple[str, int | None], list[Fact]]
) -> None:
    for key, found in facts.items():
        text = parsed[key].report.text
        assert found, key
        for f in found:
            assert text[f.start : f.end] == f.text
            assert text[f.value_start : f.value_end] == f.value_text
            assert f.start <= f.value_start < f.value_end <= f.end
            assert parse_number(f.value_text) is not None


def test_extraction_is_deterministic(parsed: dict[tuple[str, int | None], ParsedReport]) -> None:
    p = parsed[("东城街道", 2022)]
    assert extract_facts(p.report, p.passages) == extract_facts(p.report, tuple(reversed(p.passages)))


def test_dates_ordinals_and_slogans_are_not_facts(facts: dict[tuple[str, int | None], list[Fact]]) -> None:
    all_facts = [f for found in facts.values() for f in found]
    assert all(f.unit not in ("年", "日期") for f in all_facts)
    texts = {f.value_text for f in facts[("东城街道", 2022)]}
    assert "1+24" not in texts and "第一批" not in texts
    assert not any(f.value_text.startswith("五位") for f in facts[("四季青街道", 2023)])  # 五位一体


def test_known_figures(facts: dict[tuple[str, int | None], list[Fact]]) -> None:
    dongcheng = facts[("东城街道", 2022)]
    rate = next(f for f in dongcheng if f.indicator == "出庭应诉率")
    assert (rate.value, rate.unit, rate.value_text) == (70, "%", "70%") and "出庭应诉率为70%" in rate.text
    money = next(f for f in dongcheng if f.value_text == "47.89亿元")
    assert money.value == 4.789e9 and money.unit == "元" and money.indicator == "授信金额"  # raw phrase kept
    withdrawn = next(f for f in dongcheng if f.indicator == "撤诉案件数")
    assert withdrawn.value == 5 and withdrawn.breakdown  # 其中…5宗裁定撤诉
    sunggang = facts[("笋岗街道", 2021)]
    assert [(f.indicator, f.value) for f in sunggang if f.indicator.startswith("信访")] == [
        ("信访受理数", 720),
        ("信访化解数", 702),
        ("信访化解率", 97),
    ]
    meetings = next(f for f in facts[("四季青街道", 2023)] if f.indicator == "党工委会议次数")
    assert (meetings.value, meetings.qualifier, meetings.value_text) == (30, "余", "三十余次")


def test_targets_are_marked_planned(facts: dict[tuple[str, int | None], list[Fact]]) -> None:
    hebei = facts[("河北省", 2025)]
    growth = [f for f in hebei if f.indicator == "地区生产总值增速"]
    assert any(f.value == 5.6 and not f.planned for f in growth)
    assert any(f.planned and f.value == 5 and f.qualifier == "以上" for f in growth)  # 预期目标 5%以上


def _gold() -> list[dict[str, object]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(fact: Fact, row: dict[str, object]) -> bool:
    return fact.unit == row["unit"] and math.isclose(fact.value, float(row["value"]), rel_tol=1e-9)  # type: ignore[arg-type]


def measure(facts: dict[tuple[str, int | None], list[Fact]]) -> tuple[int, int, int, int]:
    """(gold found, gold total, extracted correct, extracted judged); see the test's docstring."""
    gold = _gold()
    pairs: dict[tuple[str, int, str], list[dict[str, object]]] = {}
    for row in gold:
        pairs.setdefault((row["district"], row["year"], row["indicator"]), []).append(row)  # type: ignore[arg-type]
    found = sum(
        any(f.indicator == row["indicator"] and _same(f, row) for f in facts[(row["district"], row["year"])])  # type: ignore[index]
        for row in gold
    )
    judged = correct = 0
    for (district, year), extracted in facts.items():
        for f in extracted:
            rows = pairs.get((district, year, f.indicator))  # type: ignore[arg-type]
            if rows is None or f.planned:
                continue
            judged += 1
            correct += any(_same(f, row) for row in rows)
    return found, len(gold), correct, judged


def test_precision_and_recall_against_hand_checked_figures(
    facts: dict[tuple[str, int | None], list[Fact]],
) -> None:
    """Gold: tests/data/facts_gold.jsonl, figures read by hand from the five 街道 reports and four
    provincial 政府工作报告 (district, report year, indicator, value, unit); a (report, indicator)
    pair the report states several figures for lists each of them.

    recall    = gold figures for which the extractor produced a fact of that report with the same
                indicator, value and unit / all gold figures.
    precision = extracted results (facts not marked ``planned``) whose (report, indicator) pair is in
                the gold list and whose value and unit equal one of that pair's gold figures / all
                extracted results whose (report, indicator) pair is in the gold list.
    """
    found, total, correct, judged = measure(facts)
    recall, precision = found / total, correct / judged
    assert total >= 40
    assert recall >= MIN_RECALL, f"recall {found}/{total} = {recall:.3f}"
    assert precision >= MIN_PRECISION, f"precision {correct}/{judged} = {precision:.3f}"


# ---- storage and the table ----------------------------------------------------------------------


def test_rows_round_trip(facts: dict[tuple[str, int | None], list[Fact]]) -> None:
    original = facts[("东城街道", 2022)]
    rows = facts_to_rows(original)
    assert json.loads(json.dumps(rows, ensure_ascii=False)) == rows
    assert facts_from_rows(rows) == original


def test_malformed_rows_are_refused() -> None:
    with pytest.raises(IndexCorrupted, match="rebuild"):
        facts_from_rows([{"doc_id": "x"}])


def test_table_query_and_vocabulary(facts: dict[tuple[str, int | None], list[Fact]]) -> None:
    table = FactTable(f for found in facts.values() for f in found)
    rates = table.query("出庭应诉率")
    assert [(f.district, f.value) for f in rates] == [("东城街道", 70)]
    assert table.query("出庭应诉率", district="东城") == rates
    assert table.query("出庭应诉率", year=2021) == []
    counts = dict(table.indicators())
    assert counts["出庭应诉率"] == 1 and counts["信访化解率"] == 1 and "授信金额" not in counts
    assert ("授信金额", 1) in table.other_indicators()
    assert table.resolve_indicator("各街道出庭应诉率对比") == "出庭应诉率"
    assert table.resolve_indicator("哪个街道化解率最高") == "信访化解率"
    assert table.resolve_indicator("各省GDP增长对比") == "地区生产总值增速"
    assert table.resolve_indicator("各省地区生产总值") == "地区生产总值"
    assert table.resolve_indicator("东城街道授信金额是多少") == "授信金额"
    assert table.resolve_indicator("天气怎么样") is None


def _facts_of(tmp_path: Path, name: str, text: str) -> list[Fact]:
    """The facts of a report written to ``tmp_path/name``, read as a file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    parsed = parse_document(read_document(path))
    return extract_facts(parsed.report, parsed.passages)


def test_a_clause_that_states_only_a_change_is_the_growth_of_the_figure_before(tmp_path: Path) -> None:
    text = "宝安区2024年政府工作报告\n\n一、2024年工作回顾\n全年地区生产总值5300.43亿元，同比增长6.8%，增速保持全市第三。"
    found = {(f.indicator, f.value_text) for f in _facts_of(tmp_path, "宝安区2024年政府工作报告.txt", text)}
    assert ("地区生产总值", "5300.43亿元") in found and ("地区生产总值增速", "6.8%") in found


def test_a_clause_that_states_only_a_level_is_the_figure_whose_growth_came_before(tmp_path: Path) -> None:
    """2023年本地生产总值增长5.1%，达到8566亿元: the 8566亿元 is the GDP, not a "生产总值增长"."""
    text = "南山区2024年政府工作报告\n\n一、2023年工作回顾\n2023年本地生产总值增长5.1%，达到8566亿元。"
    found = {(f.indicator, f.value_text) for f in _facts_of(tmp_path, "南山区2024年政府工作报告.txt", text)}
    assert ("地区生产总值", "8566亿元") in found and ("地区生产总值增速", "5.1%") in found


def test_a_level_clause_takes_the_sentences_nearest_growth_across_other_figures(tmp_path: Path) -> None:
    """全年GDP同比增长3.5%，比全市高0.2个百分点，…；总量达到4702亿元: the level is the GDP's, though
    other figures stand between it and the growth."""
    text = (
        "宝安区2023年政府工作报告\n\n一、2022年工作回顾\n"
        "全年GDP同比增长3.5%，比全市高0.2个百分点，在全市六个超两千亿大区中排名第一；总量达到4702亿元，一年增加了280亿元。"
    )
    found = {(f.indicator, f.value_text) for f in _facts_of(tmp_path, "宝安区2023年政府工作报告.txt", text)}
    assert ("地区生产总值", "4702亿元") in found and ("地区生产总值增速", "3.5%") in found


def test_standard_indicators_of_work_reports_are_typed(tmp_path: Path) -> None:
    """R&D intensity in its several wordings, days of good air, life expectancy: one indicator each,
    in their own units (天, 岁); a share of R&D that is not of GDP is not the intensity."""
    text = (
        "某某区2024年政府工作报告\n\n一、2023年工作回顾\n"
        "全社会研发投入占GDP比重6.3%，企业研发投入占全社会研发投入比重87.4%。"
        "全年空气质量优良天数达332天，优良天数比例91%。人均预期寿命达到82.58岁。"
    )
    found = {(f.indicator, f.value_text) for f in _facts_of(tmp_path, "某某区2024年政府工作报告.txt", text)}
    assert ("研发投入强度", "6.3%") in found
    assert ("研发投入强度", "87.4%") not in found
    assert ("空气质量优良天数", "332天") in found and ("空气质量优良天数", "91%") not in found
    assert ("人均预期寿命", "82.58岁") in found


def test_a_sectors_total_is_not_the_economys(tmp_path: Path) -> None:
    """工业经济总量 is industry's, not 地区生产总值; the economy's own 经济总量 still is."""
    text = "某某市2025年政府工作报告\n\n一、2025年工作回顾\n全市工业经济总量突破3万亿元。全市经济总量达到3.3万亿元。"
    found = {(f.indicator, f.value_text) for f in _facts_of(tmp_path, "某某市2025年政府工作报告.txt", text)}
    assert ("地区生产总值", "3.3万亿元") in found
    assert not any(ind == "地区生产总值" and value.startswith("3万亿") for ind, value in found)


def test_figures_under_the_coming_years_goals_are_targets(tmp_path: Path) -> None:
    text = (
        "某某区2021年政府工作报告\n\n一、过去五年工作回顾\n研发投入占GDP比重4.55%。\n"
        "未来五年的发展目标是：地区生产总值达到6000亿元以上。\n——打造先进制造城。研发投入占GDP比重达到5%。\n"
    )
    planned = {f.value_text: f.planned for f in _facts_of(tmp_path, "某某区2021年政府工作报告.txt", text)}
    assert planned["5%"] and not planned["4.55%"]
