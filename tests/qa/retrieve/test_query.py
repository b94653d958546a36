from __future__ import annotations

import pytest

from qa.lexicon.words import expand
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import find_year, normalise, parse_query, question_type, spell_out_years

GAZ = Gazetteer.build(["东城街道", "黄石街道", "四季青街道", "天津市", "海南省", "广西壮族自治区"])


@pytest.mark.parametrize(
    ("question", "districts"),
    [
        ("东城街道行政诉讼出庭率", ("东城街道",)),
        ("东城那边办事窗口能自助打照吗", ("东城街道",)),
        ("黄石街收到几份申请", ("黄石街道",)),
        ("天津2024年提请审议了几件法规草案", ("天津市",)),
        ("广西新增就业多少", ("广西壮族自治区",)),
        ("哪个街道成立了合法性审查中心", ()),
    ],
)
def test_districts_full_and_short_forms(question: str, districts: tuple[str, ...]) -> None:
    assert parse_query(question, GAZ).districts == districts


def test_unknown_places_are_reported_not_guessed() -> None:
    query = parse_query("天河街道2022年出庭应诉率", GAZ)
    assert query.districts == ()
    assert query.unknown_places == ("天河街道",)
    assert parse_query("广东省2024年地区生产总值", GAZ).unknown_places == ("广东省",)
    assert parse_query("河北省城镇新增就业多少人", Gazetteer.build(["河北省"])).unknown_places == ()
    assert parse_query("哪个街道成立了合法性审查中心", GAZ).unknown_places == ()
    # the special administrative regions by their short names (澳门 of 澳门特别行政区), as provinces are
    assert parse_query("澳门2024年接待了多少入境旅客", GAZ).unknown_places == ("澳门",)
    assert parse_query("香港2024年GDP增长了多少", GAZ).unknown_places == ("香港",)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("东城街道2022年裁定撤诉", 2022),
        ("二〇二三年的情况", 2023),
        ("没有年份", None),
        ("2019 年度", 2019),
        ("河北2024 新增就业", 2024),
        ("12345热线满意率", None),
        ("新增2019个托位", None),
    ],
)
def test_year(text: str, year: int | None) -> None:
    assert find_year(text) == year


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("东城街道行政诉讼出庭率", "figure"),
        ("黄石街道有多少个基础网格", "figure"),
        ("地铁总共有多长", "figure"),  # 多长, 多远, 多久…: a figure in a unit the question leaves out
        ("上海2024年外贸出口额", "figure"),  # …额, 产量, 产值 name a figure
        ("四川经济体量有多大", "figure"),
        ("广东省战略性新兴产业增加值占GDP比重", "figure"),  # a keyword query naming a measure
        ("南山区 2014年 GDP", "figure"),
        ("黄石街道2020年群众满意度", "figure"),
        ("河北2025年一般公共预算支出", "figure"),
        ("光明区2022年常住人口", "figure"),
        ("笋岗街道存在哪些问题", "list"),
        ("四季青街道2024年工作计划", "list"),
        ("哪个街道成立了合法性审查中心", "which"),
        ("东城街道是否设立了公共法律服务站", "yesno"),
        ("罗湖是不是开了个数字人民币产业园", "yesno"),  # 是不是 asks; it is no topic word
        ("深中通道通车了没", "yesno"),
        ("东城街道的法治建设", "general"),
        ("2024年国家在足球改革方面做了什么？", "general"),  # 么 of 什么 asks what, not yes or no
        ("红树林公园开园了么？", "yesno"),
    ],
)
def test_question_type(question: str, qtype: str) -> None:
    assert question_type(question) == qtype


def test_content_drops_是不是() -> None:
    assert "是不是" not in parse_query("宝安是不是有新口岸开了", GAZ).content


def test_content_drops_place_year_and_asking_words() -> None:
    query = parse_query("请问东城街道2022年裁定撤诉的案件有几宗？", GAZ)
    assert "东城" not in query.content and "2022" not in query.content
    assert "裁定撤诉" in query.content and "几" not in query.content


def test_explicit_filters_win() -> None:
    query = parse_query("出庭应诉率", GAZ, district="东城", year=2022)
    assert query.districts == ("东城街道",) and query.year == 2022
    assert parse_query("出庭应诉率", GAZ, district="天河街道").unknown_places == ("天河街道",)


def test_synonyms() -> None:
    assert "出庭应诉率" in expand("行政诉讼出庭率")
    assert "信访" in expand("上访件有多少")
    assert expand("出庭应诉率") == ("出庭应诉",) or "出庭应诉率" not in expand("出庭应诉率")


def test_report_title_year_means_the_year_before() -> None:
    assert find_year("河北省2025年政府工作报告里提到哪些困难") == 2024
    assert find_year("2026年海南省政府工作报告的目标") == 2025
    assert find_year("海南省2025年城镇新增就业多少人") == 2025


def test_the_nation_is_no_place_of_a_which_question() -> None:
    """哪个省提出建设全国统一大市场 asks which province: its 全国 was scoped to the State Council's reports."""
    gaz = Gazetteer.build(["全国", "河南省", "广东省"])
    assert parse_query("哪个省提出建设全国统一大市场", gaz).districts == ()
    assert parse_query("全国2023年GDP增长多少", gaz).districts == ("全国",)


@pytest.mark.parametrize(
    ("question", "understood"),
    [
        ("福田15年GDP有多少", "福田2015年GDP有多少"),
        ("广东16年失业率多少，登记的那个", "广东2016年失业率多少，登记的那个"),
        ("近15年来GDP增长了多少", "近15年来GDP增长了多少"),  # a span of years
        ("用了15年", "用了15年"),
        ("PM10年均浓度", "PM10年均浓度"),
        ("2015年GDP", "2015年GDP"),
    ],
)
def test_two_digit_years_are_written_out(question: str, understood: str) -> None:
    assert spell_out_years(question) == understood


@pytest.mark.parametrize(
    ("question", "understood"),
    [
        ("罗湖区２０２３年ＧＤＰ是多少", "罗湖区2023年GDP是多少"),  # full-width, as input methods type
        ("罗湖区二〇二三年地区生产总值", "罗湖区2023年地区生产总值"),
        ("去年罗湖区GDP是多少", "2025年罗湖区GDP是多少"),  # relative to the year it is asked in
        ("前年和今年", "2024年和2026年"),
        ("天津去年也就是2025年的GDP", "天津去年也就是2025年的GDP"),  # the year named wins
    ],
)
def test_years_are_written_out_as_digits(question: str, understood: str) -> None:
    assert spell_out_years(question, 2026) == understood


def test_a_question_in_traditional_characters_is_read_in_simplified_ones() -> None:
    assert normalise("羅湖區去年GDP是多少", 2026) == "罗湖区2025年GDP是多少"
    assert normalise("东城街道行政诉讼出庭率") == "东城街道行政诉讼出庭率"  # simplified stays as it is
