from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.ingest.clean import clean_text
from qa.ingest.metadata import extract_metadata, find_date
from qa.records import Metadata

ROOT = Path(__file__).resolve().parents[3]
REPORTS = ROOT / "data" / "reports"
SHARED = ROOT.parent / "shared"
CORPUS_EXTRA = SHARED / "corpus_extra"
CORPUS_MORE = SHARED / "corpus_more"


def meta_of(path: Path) -> Metadata:
    raw = path.read_text(encoding="utf-8")
    return extract_metadata(raw, clean_text(raw), path.name)


def sample(prefix: str) -> Path:
    return next(REPORTS.glob(f"{prefix}_*.txt"))


# (file, district, city, level, year, published, title or None, title fragment or None)
SAMPLES = [
    ("000", "黄石街道", "广州市白云区", "街道", 2020, "2021-01-14", "黄石街道2020年法治建设工作报告"),
    ("001", "四季青街道", "杭州市上城区", "街道", 2023, None, None),
    ("002", "笋岗街道", "深圳市罗湖区", "街道", 2021, "2021-12-27", "罗湖区笋岗街道2021年度法治政府建设报告"),
    ("003", "双桂街道", "重庆市梁平区", "街道", 2019, None, "双桂街道2019年法治政府建设情况的报告"),
    ("004", "东城街道", "东莞市", "街道", 2022, "2023-02-03", None),
]


@pytest.mark.parametrize(("prefix", "district", "city", "level", "year", "published", "title"), SAMPLES)
def test_sample_reports(
    prefix: str, district: str, city: str, level: str, year: int, published: str | None, title: str | None
) -> None:
    meta = meta_of(sample(prefix))
    assert (meta.district, meta.city, meta.level, meta.year) == (district, city, level, year)
    assert meta.published == published
    if title:
        assert meta.title == title


def test_004_title_and_001_composed_title() -> None:
    assert "关于东城街道2022年法治政府建设情况的报告" in meta_of(sample("004")).title
    title = meta_of(sample("001")).title
    assert title.startswith("四季青街道2023年") and title.endswith("报告")


PROVINCIAL = [
    ("tianjin_2025", "天津市", "省", 2024, "2025-01-14", "2025年天津市政府工作报告"),
    ("tianjin_2026", "天津市", "省", 2025, "2026-02-03", None),
    ("hainan_2025", "海南省", "省", 2024, "2025-01-14", None),
    ("hainan_2026", "海南省", "省", 2025, "2026-01-27", "2026年海南省政府工作报告"),
    ("hebei_2025", "河北省", "省", 2024, "2025-01-13", None),
    ("hebei_2026", "河北省", "省", 2025, "2026-02-02", None),
    ("shaanxi_2025", "陕西省", "省", 2024, "2025-01-16", None),
    ("shaanxi_2026", "陕西省", "省", 2025, "2026-02-02", "陕西省2026年政府工作报告"),
]


@pytest.mark.skipif(not CORPUS_EXTRA.is_dir(), reason="shared/corpus_extra not present")
@pytest.mark.parametrize(("name", "district", "level", "year", "published", "title"), PROVINCIAL)
def test_provincial_reports(
    name: str, district: str, level: str, year: int, published: str, title: str | None
) -> None:
    meta = meta_of(CORPUS_EXTRA / f"{name}.txt")
    assert (meta.district, meta.city, meta.level, meta.year, meta.published) == (
        district,
        "",
        level,
        year,
        published,
    )
    if title:
        assert meta.title == title


MORE = sorted(CORPUS_MORE.glob("*.txt")) if CORPUS_MORE.is_dir() else []
PINYIN = {
    "anhui": "安徽省", "beijing": "北京市", "chongqing": "重庆市", "fujian": "福建省", "gansu": "甘肃省",
    "guangdong": "广东省", "guangxi": "广西壮族自治区", "guizhou": "贵州省", "heilongjiang": "黑龙江省",
    "henan": "河南省", "hubei": "湖北省", "hunan": "湖南省", "jiangsu": "江苏省", "jiangxi": "江西省",
    "jilin": "吉林省", "liaoning": "辽宁省", "neimenggu": "内蒙古自治区", "ningxia": "宁夏回族自治区",
    "qinghai": "青海省", "shandong": "山东省", "shanghai": "上海市", "shanxi": "山西省", "sichuan": "四川省",
    "xinjiang": "新疆维吾尔自治区", "xizang": "西藏自治区", "yunnan": "云南省", "zhejiang": "浙江省",
}  # fmt: skip


@pytest.mark.skipif(not MORE, reason="shared/corpus_more not present")
@pytest.mark.parametrize("path", MORE, ids=lambda p: p.stem)
def test_more_provincial_reports(path: Path) -> None:
    province, year = path.stem.split("_")
    meta = meta_of(path)
    assert meta.district == PINYIN[province]
    assert meta.year == int(year) - 1
    assert meta.level == "省"  # municipalities are province-level units
    assert meta.published and meta.published.startswith(year)
    assert meta.title.startswith(year) or year in meta.title
    assert re.search(r"政府工作报告$", meta.title)


def test_signed_early_in_the_year_reports_on_the_year_before() -> None:
    raw = "我镇坚持依法行政，全面推进法治建设。\n一、主要做法\n各项工作有序推进。\n长安镇人民政府\n2021年1月14日"
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert (meta.district, meta.level, meta.year, meta.published) == ("长安镇", "乡镇", 2020, "2021-01-14")
    assert meta.title == "长安镇2020年法治建设工作报告"


def test_generic_title_made_specific() -> None:
    raw = "政府工作报告\n——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n省长 王予波\n各位代表：\n正文。"
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert meta.title == "2026年云南省政府工作报告" and meta.year == 2025 and meta.district == "云南省"


@pytest.mark.parametrize(
    "raw",
    [
        "星河镇2023年法治政府建设工作报告\n2023年，全面推进法治政府建设。\n一、主要工作\n受理案件6件。",
        "2023年，全面推进法治政府建设。\n一、主要工作\n受理案件6件。\n星河镇人民政府\n2024年1月10日",
    ],
)
def test_a_unit_the_national_table_lacks_is_believed_where_the_report_names_itself(raw: str) -> None:
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert (meta.district, meta.level, meta.year) == ("星河镇", "乡镇", 2023)


def test_names_run_together_in_passing_do_not_make_a_parent_the_table_denies() -> None:
    # a park named after two places (河源南山高新产业园) is no 河源市南山区: the table has 南山区 in
    # 深圳市, which the report names
    raw = (
        "2021年南山区政府工作报告\n一、工作回顾\n南山区经济持续向好，深圳各区协同发展，"
        "推进河源南山高新产业园建设。\n南山区人民政府"
    )
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert (meta.district, meta.city) == ("南山区", "深圳市")


def test_an_unknown_name_in_passing_is_not_a_unit() -> None:
    raw = "2023年，星河镇配合开展普法宣传。\n一、主要工作\n受理案件6件。\n各部门协同推进。"
    assert extract_metadata(raw, clean_text(raw), "x.txt").district == ""


def test_unknown_when_nothing_is_said() -> None:
    raw = "各项工作有序推进，取得良好成效。"
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert (meta.district, meta.level, meta.year, meta.published) == ("", "unknown", None, None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2021年1月14日", "2021-01-14"), ("时间：2026-02-02 09:20", "2026-02-02"), ("二〇二六年一月二十七日在", "2026-01-27"),
     ("2023年2月30日", None)],
)  # fmt: skip
def test_find_date(text: str, iso: str | None) -> None:
    date = find_date(text)
    assert (date.isoformat() if date else None) == iso


def test_a_report_delivered_during_the_year_covers_the_year_before() -> None:
    """A new congress's report of mid-2015 gives 2015 only so far (今年已经过去5个月): its full-year
    figures are 2014's, and that is the year it is found under."""
    raw = (
        "2015年深圳市政府工作报告\n——在深圳市第六届人民代表大会第一次会议上\n各位代表：\n"
        "一、过去五年工作回顾\n社会消费品零售总额4844亿元。今年已经过去5个月，各项工作开局良好。\n"
    )
    meta = extract_metadata(raw, clean_text(raw), "x.txt")
    assert meta.year == 2014, meta.sources
