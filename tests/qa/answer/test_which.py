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
