"""The typesetting rules on small handmade strings: what PDF and Word extraction does to Chinese text."""

from __future__ import annotations

import pytest

from qa.lexicon.numerals import cn_number, cn_numeral
from qa.lexicon.typeset import (
    fix_radicals,
    fold_width,
    furniture_key,
    is_page_number,
    join_wrap,
    lead_width,
    normalize_extracted,
    tidy_spaces,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020 年", "2020年"),
        ("共召开会议 26 次", "共召开会议26次"),
        ("GDP 增长 5.2%", "GDP增长5.2%"),
        ("法 治", "法治"),
        ("Windows Server 系统", "Windows Server系统"),
        ("  首尾\u3000空格  ", "首尾空格"),
        ("a  b", "a b"),
        ("12 15", "12 15"),
        ("“ 两重 ” 项目", "“两重”项目"),
    ],
)
def test_tidy_spaces(raw: str, expected: str) -> None:
    assert tidy_spaces(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２０年", "2020年"),
        ("ＧＤＰ增长", "GDP增长"),
        ("增长１．５％", "增长1.5％"),  # the per-cent sign stays as written, like the .txt versions keep it
        ("１．加强组织领导", "1．加强组织领导"),  # a full-width point after a list number is no decimal point
        ("（一）精神，深入：学习；", "（一）精神，深入：学习；"),  # Chinese punctuation is kept
    ],
)
def test_fold_width(raw: str, expected: str) -> None:
    assert fold_width(raw) == expected


def test_fix_radicals() -> None:
    assert fix_radicals("\u2f8f政复议") == "行政复议"  # Kangxi radical 行
    assert fix_radicals("\u2ed3江") == "长江"  # radical supplement 长
    assert fix_radicals("\uf9d0") == "類"  # compatibility ideograph
    assert fix_radicals("行政复议") == "行政复议"


def test_normalize_extracted_makes_one_clean_line() -> None:
    assert normalize_extracted("出庭应诉率为7\u200b0%\ufeff") == "出庭应诉率为70%"
    assert normalize_extracted("第一行\n第二行\u2028第三行") == "第一行第二行第三行"
    assert normalize_extracted("a\x01b") == "a b"
    assert normalize_extracted(" 2020 年 ，⾏政 ") == "2020年，行政"


@pytest.mark.parametrize(
    "line",
    ["— 3 —", "－ 3 －", "-3-", "- 3 -", "—3—", "3", "第3页", "第 3 页 共 10 页", "第3页，共10页", "共10页 第3页",
     "3 / 10", "3/10", "Page 3 of 10", "· 12 ·"],
)  # fmt: skip
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize(
    "line", ["2020年", "第3批次", "3.加强组织领导", "出庭应诉率为70%", "12 15", "一、总体情况"]
)
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_furniture_key_ignores_digits_and_spaces() -> None:
    assert furniture_key("某某街道 第3页") == furniture_key("某某街道第14页")
    assert furniture_key("某某街道") != furniture_key("某某镇")


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [("出庭应诉率为7", "0%", "出庭应诉率为70%"), ("Windows", "Server", "Windows Server"),
     ("GDP", "增长", "GDP增长"), ("增长", "18.1%", "增长18.1%"), ("2020", "年", "2020年")],
)  # fmt: skip
def test_join_wrap(left: str, right: str, expected: str) -> None:
    assert join_wrap(left, right) == expected


@pytest.mark.parametrize(
    ("text", "ems"),
    [("家。“三项改革”", 4.0), ("18.1%、16.6%，太阳能", 7.0), ("我街", 1.0), ("“两重”", 2.0), ("［9］。国家", 3.5),
     ("家，1324人", 4.0), ("GDP增长", 1.5)],
)  # fmt: skip
def test_lead_width(text: str, ems: float) -> None:
    assert lead_width(text) == ems


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "一百"), (105, "一百零五"),
                    (110, "一百一十"), (999, "九百九十九"), (1000, "1000")],
)  # fmt: skip
def test_cn_numeral_writes_what_cn_number_reads(n: int, text: str) -> None:
    assert cn_numeral(n) == text
    if n < 1000:
        assert cn_number(text) == n
