from __future__ import annotations

import pytest

from qa.retrieve.followup import is_followup, resolve_followup
from qa.retrieve.gazetteer import Gazetteer

GAZ = Gazetteer.build(["东城街道", "黄石街道", "四季青街道"])


@pytest.mark.parametrize(
    ("history", "question", "resolved"),
    [
        (["东城街道行政诉讼出庭率"], "那四季青街道呢？", "四季青街道行政诉讼出庭率"),
        (["东城街道行政诉讼出庭率"], "黄石街呢", "黄石街道行政诉讼出庭率"),
        (["东城街道2022年裁定撤诉的案件有几宗"], "2021年呢？", "东城街道2021年裁定撤诉的案件有几宗"),
        (["东城街道行政诉讼出庭率", "那黄石街道呢？"], "2020年呢", "黄石街道2020年行政诉讼出庭率"),
        (["东城街道行政诉讼出庭率"], "黄石街道有多少个基础网格", "黄石街道有多少个基础网格"),
        ([], "那黄石街道呢？", "那黄石街道呢？"),
    ],
)
def test_followups_reuse_the_previous_intent(history: list[str], question: str, resolved: str) -> None:
    assert resolve_followup(question, history, GAZ) == resolved


def test_only_short_place_or_year_questions_are_followups() -> None:
    assert is_followup("那四季青街道呢？", GAZ)
    assert is_followup("2021年呢", GAZ)
    assert not is_followup("四季青街道存在哪些不足", GAZ)
    assert not is_followup("还有呢", GAZ)
