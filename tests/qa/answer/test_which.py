"""Which-questions: the level of the place asked, and whether a sentence names a place of it."""

from __future__ import annotations

import pytest

from qa.answer.which import asked_levels, names_level


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("哪个区建设了人工智能产业园", {"区县"}),
        ("哪个街道成立了合法性审查中心", {"街道", "乡镇"}),
        ("哪些省提出发展冰雪经济", {"省"}),
        ("哪个市建成了地铁", {"市", "区县"}),
        ("哪个单位负责行政复议", set()),
        ("法治政府建设情况", set()),
    ],
)
def test_the_level_a_which_question_asks_for(question: str, levels: set[str]) -> None:
    assert asked_levels(question) == levels


def test_a_sentence_names_a_place_of_the_level() -> None:
    assert names_level("南山区建成人工智能产业园3个", frozenset({"区县"}))
    assert names_level("支持义乌市建设国际贸易综合改革试验区", frozenset({"区县"}))
    assert not names_level("加快建设福州、厦门、泉州省级人工智能产业园", frozenset({"区县"}))
    assert names_level("加快建设福州市、厦门市省级人工智能产业园", frozenset({"市"}))


def test_a_city_or_town_written_short_is_of_its_level() -> None:
    """海口 is 海口市; 东莞长安 is 东莞市's 长安镇 (a 东莞 that names no town after it is none)."""
    assert names_level("海口、五指山分别入选全国首批美丽城市先行区。", asked_levels("哪个市"))
    town = "东莞长安成为全省第3个地区生产总值超千亿元镇。"
    assert names_level(town, asked_levels("哪个镇"))
    assert not names_level("东莞市场主体活跃。", asked_levels("哪个镇"))
