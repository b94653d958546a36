from __future__ import annotations

import pytest

from qa.answer.define import defines, quoted_name


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("罗湖区2016年“三箭齐发”是指哪三项改革？", "三箭齐发"),
        ("福田区2020年举全区之力建设的“三大新引擎”是哪三个？", "三大新引擎"),
        ("“五位一体”方向包括哪些？", "五位一体"),
        ("“人工智能+”行动进展如何", ""),  # quoted, but not asked to be spelled out
        ("三箭齐发是指哪三项改革？", ""),  # nothing quoted
    ],
)
def test_a_question_asking_what_a_quoted_name_stands_for(question: str, name: str) -> None:
    assert quoted_name(question) == name


@pytest.mark.parametrize(
    ("name", "sentence", "spelled_out"),
    [
        ("三箭齐发", "在旧改、棚改、医改“三箭齐发”基础上，率先在消费领域改革发力。", True),
        ("四位一体", "深入推进标准、质量、品牌、信誉“四位一体”建设。", True),
        ("五位一体", "国际消费中心建设的“五位一体”方向：标准、时尚、品牌、诚信和国际化。", True),
        ("五园一街", "甲产业园、乙科技城、丙科技园、丁产业园、戊研究中心以及己街区“五园一街”开园。", True),
        ("三大新引擎", "聚焦“三大新引擎”建设，战略平台成型成势。", False),  # only uses the name
        ("三大新引擎", "建设甲、乙“三大新引擎”。", False),  # two items for a name that counts three
        ("四位一体", "推进旧改、棚改“三箭齐发”。", False),  # another name
    ],
)
def test_a_sentence_spells_a_name_out_with_as_many_items_as_it_counts(
    name: str, sentence: str, spelled_out: bool
) -> None:
    assert defines(name, sentence) is spelled_out
