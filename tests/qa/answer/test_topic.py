"""The topic of a question without a figure, read with made-up word statistics (1,000 passages)."""

from __future__ import annotations

from qa.answer.extract import AnswerWeights
from qa.answer.topic import TopicReader, missing

DF = {"无人": 5, "人机": 4, "无人机": 3, "执法": 200, "事有": 2, "赛事": 8, "垃圾": 13, "分类": 20,
      "情况": 400, "机器": 2, "自助": 2, "打印": 3, "营业执照": 1, "体检": 1, "法治": 60}  # fmt: skip
CLASS = {"打印": "v", "自助": "v", "体检": "v", "执法": "v", "机器": "n", "事有": "v"}
EVERYDAY = {"机器", "打印"}


def _reader(frequency: dict[str, int] = DF) -> TopicReader:
    """A reader over 1,000 passages, ``frequency`` of which use each word."""
    return TopicReader(
        lambda w: frequency.get(w, 0),
        lambda w: frequency.get(w, 0) / 1000,
        lambda w: CLASS.get(w, "n"),
        EVERYDAY.__contains__,
        AnswerWeights(),
    )


def test_rare_naming_words_less_the_pieces_of_a_longer_one() -> None:
    topic = _reader().topic(["无人", "人机", "无人机", "执法"], ["开展", "无人机", "执法"])
    assert topic == (("无人机",),)  # 执法: a fifth of the passages; 无人, 人机: pieces of 无人机
    assert missing(topic) == "无人机"


def test_a_piece_across_two_words_is_no_topic_word() -> None:
    assert _reader().topic(["赛事", "事有"], ["马拉松赛事", "有"]) == (("赛事", "马拉松赛事"),)


def test_without_a_rare_word_the_most_specific_noun() -> None:
    assert _reader().topic(["垃圾", "分类", "情况"], ["垃圾", "分类", "情况"]) == (("垃圾",),)


def test_everyday_words_are_wording_not_topic() -> None:
    topic = _reader().topic(["自助", "打印", "营业执照", "机器"], ["自助", "打印", "营业执照", "的", "机器"])
    assert [forms[0] for forms in topic] == ["自助", "营业执照"]


def test_every_naming_word_and_half_the_verbs_must_be_stated() -> None:
    reader = _reader()
    topic = (("自助",), ("营业执照",))
    assert reader.stated(topic, "研发全市首台“营业执照自助打照终端机”")
    assert not reader.stated(topic, "推行自助办税")  # 营业执照, a naming word, is not said
    assert not reader.stated((("体检",),), "深耕法治文化建设")


def test_a_numbered_thing_must_be_the_one_named() -> None:
    """地铁16号线 is not answered by a sentence on 地铁8号线."""
    reader = _reader()
    topic = reader.topic(["执法"], ["开通", "16", "号线"], "深圳2023年有没有开通16号线")
    assert ("16号线",) in topic
    assert not reader.stated(topic, "地铁8号线开通至大小梅沙")
    assert reader.stated(topic, "地铁16号线开通运营")


def test_a_quoted_name_must_be_stated_as_quoted() -> None:
    """“人工智能+” is not answered by a sentence on 人工智能 alone."""
    reader = _reader()
    topic = reader.topic(["执法"], ["搞", "人工智能", "+"], "国家有没有说要搞“人工智能+”")
    assert ("人工智能+",) in topic
    assert not reader.stated(topic, "集成电路、人工智能、量子科技等领域取得新成果")
    assert reader.stated(topic, "持续推进“人工智能+”行动")


def test_a_yes_no_question_is_about_every_word_that_is_not_everywhere() -> None:
    """是否入选了首批…示范区: 示范区 is too common to be a topic word of an open question, but a yes/no
    question is about it too; 法治政府 alone does not answer it."""
    reader = _reader({"入选": 30, "示范区": 30, "法治政府": 20})
    words = ["入选", "示范区", "法治政府"]
    assert ("示范区",) not in reader.topic(words, words)
    strict = reader.topic(words, words, strict=True)
    assert ("示范区",) in strict and not reader.stated(strict, "法治政府建设迈出新步伐")


def test_a_count_after_which_is_part_of_the_asking() -> None:
    """哪三项改革: 三项 says how many are expected; the answer (旧改、棚改、医改) need not say it."""
    DF["三项"] = 3
    try:
        topic = _reader().topic(
            ["三项", "营业执照"], ["营业执照", "是", "指", "哪", "三项", "改革"], "营业执照是指哪三项改革"
        )
        assert [forms[0] for forms in topic] == ["营业执照"]
        kept = _reader().topic(["三项", "营业执照"], ["营业执照", "三项", "改革"], "营业执照三项改革有哪些")
        assert [forms[0] for forms in kept] == ["三项", "营业执照"]  # a name's own count stays
    finally:
        del DF["三项"]


def test_a_noun_that_asks_for_progress_is_no_topic_word() -> None:
    """有什么进展, 取得了什么成效: the kind of answer wanted, not what it is about (营业执照 here)."""
    DF["进展"] = 1
    try:
        topic = _reader().topic(
            ["营业执照", "进展"], ["营业执照", "方面", "有", "什么", "进展"], "营业执照方面有什么进展"
        )
        assert [forms[0] for forms in topic] == ["营业执照"]
    finally:
        del DF["进展"]


def test_a_problem_named_x_nan_is_stated_by_x() -> None:
    """怎么解决融资难: a sentence on 融资 (搭建融资对接平台) answers it; one on 停车 does not."""
    reader = _reader({"融资难": 2, "融资": 30})
    topic = reader.topic(["融资难"], ["怎么", "解决", "融资难"])
    assert reader.stated(topic, "搭建融资对接平台，为263家企业解决融资需求11.3亿元。")
    assert not reader.stated(topic, "新增停车位1200个。")
