"""Figures as written: the units the extractor knows, and any unit after an Arabic number."""

from __future__ import annotations

import pytest

from qa.lexicon.figures import asked_units, units_agree, written_quantity


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1640.06亿斤", 1.64006e11, "斤"),
        ("876部", 876, "部"),
        ("30.5微克/立方米", 30.5, "微克/立方米"),
        ("152.7亿美元", 1.527e10, "美元"),
        ("109万", 1.09e6, ""),
        ("47.89亿元", 4.789e9, "元"),  # a unit the extractor knows: its own reading
        ("70%", 70, "%"),
    ],
)
def test_written_quantity(text: str, value: float, unit: str) -> None:
    quantity = written_quantity(text)
    assert quantity is not None and quantity.value == pytest.approx(value) and quantity.unit == unit


def test_no_arabic_number_is_no_written_quantity() -> None:
    assert written_quantity("若干") is None and written_quantity("") is None


def test_a_level_reached_is_asked_in_its_own_unit() -> None:
    """提高到多少 asks for the level reached (补贴提高到810元), 提高了多少 for a change (%, 百分点)."""
    assert asked_units("廉租房货币补贴提高到多少") == ()
    assert asked_units("最低工资标准增长至多少") == ()
    assert "%" in asked_units("居民收入提高了多少")


def test_how_long_asks_a_length() -> None:
    assert asked_units("深圳地铁到2024年一共修了多长") == ("公里",)
    assert asked_units("高速公路有多少公里") == ("公里",)
    assert asked_units("开了多少个地铁项目") == ("个",)


def test_how_many_persons_counts_heads_not_visits() -> None:
    """一共有几个人 counts people one by one (名), which 出动综管队员48779人次 does not state."""
    assert asked_units("那些队员一共有几个人") == ("名",)
    assert not units_agree("名", "人次")
    assert asked_units("招了几个人才") == ("个",)
