"""The curated indicator vocabulary: which indicator a text words, and how."""

from __future__ import annotations

from qa.lexicon.indicators import worded_in


def test_the_longest_wording_names_the_indicator() -> None:
    indicator, wording = worded_in("辽宁2025年经济增长了多少") or (None, "")
    assert indicator is not None and indicator.name == "地区生产总值增速" and wording == "经济增长"
    named = worded_in("哪个街道化解率最高")
    assert named is not None and named[0].name == "信访化解率"
    assert worded_in("天气怎么样") is None


def test_the_economy_going_up_is_gdp_growth() -> None:
    """经济比上一年涨了多少, 经济打算涨多少: everyday words for 地区生产总值增速 (not 数字经济, 海洋经济)."""
    for question in ("宝安2022年经济比上一年涨了多少", "北京2026年经济打算涨多少"):
        named = worded_in(question)
        assert named is not None and named[0].name == "地区生产总值增速"
    named = worded_in("数字经济规模涨了多少")
    assert named is None or named[0].name != "地区生产总值增速"
