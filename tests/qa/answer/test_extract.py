"""The answer stage pinned on tiny hand-built inputs: term weights, coverage, figure focus, the best
sentence and section answers. Exact outputs, so a change of behaviour is a deliberate one."""

from __future__ import annotations

import math

import pytest

from qa.answer.extract import (
    AnswerWeights,
    TermWeights,
    best_sentence,
    figure_focus,
    section_answer,
    term_weights,
)
from qa.lexicon.figures import asked_units, has_figure
from qa.records import Passage
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import parse_query
from qa.retrieve.retriever import Hit
from qa.retrieve.tokenize import Tokenizer

GAZ = Gazetteer.build(["东城街道"])
RATE = TermWeights(("出庭应诉率", "行政诉讼"), (2.0, 1.0), (("出庭率",), ()))


def _passage(text: str, doc_id: str, ordinal: int, section: str, piece: str) -> Passage:
    start = text.index(piece)
    return Passage(doc_id, ordinal, section, start, start + len(piece), piece)


@pytest.mark.parametrize(
    ("evidence", "coverage"),
    [
        ("行政诉讼出庭应诉率为70%", 1.0),
        ("出庭率", 2 / 3),  # a synonym earns the whole word
        ("出庭应诉", 0.25),  # 3 of 出庭应诉率's 4 character pairs: half credit × 3/4, weight 2 of 3
        ("诉讼", 1 / 18),  # one of 行政诉讼's 3 pairs: 0.5 × 1/3, weight 1 of 3
        ("", 0.0),
    ],
)
def test_coverage_is_weighted_with_partial_credit(evidence: str, coverage: float) -> None:
    assert RATE.coverage(evidence) == pytest.approx(coverage)


def test_without_drops_covered_words_but_never_all() -> None:
    assert RATE.without("出庭应诉率") == TermWeights(("行政诉讼",), (1.0,), ((),))
    assert RATE.without("出庭应诉率 行政诉讼") == RATE


def test_term_weights_are_idf_with_oov_words_halved() -> None:
    query = parse_query("东城街道行政诉讼出庭率是多少", GAZ)
    frequencies = {"行政诉讼": 3, "出庭": 0}
    weights = term_weights(query, Tokenizer(), lambda t: frequencies.get(t, 1), 10)
    assert weights.terms == ("行政", "诉讼", "行政诉讼", "出庭", "率")

    def idf(df: int) -> float:
        return math.log(1.0 + (10 - df + 0.5) / (df + 0.5))

    assert weights.weights == pytest.approx((idf(1), idf(1), idf(3), 0.5 * idf(0), idf(1)))
    assert weights.alternates[2] == ("行政应诉",)  # synonyms from qa/lexicon/data/synonyms.tsv


def test_asked_units() -> None:
    assert asked_units("东城街道有几宗案件") == ("宗",)
    assert asked_units("出庭率多少") == ("%", "％", "成", "个百分点")
    assert asked_units("涉案金额多少万元") == ("万元",)


def test_figure_focus_prefers_the_figure_named_by_the_words_before_it() -> None:
    weights = TermWeights(("出庭应诉率",), (1.0,), ((),))
    assert figure_focus("撤诉率达38.5%，出庭应诉率为70%", weights, ("%",)) == (1.5, "38.5%，出庭应诉率为")
    # 撤诉率 shares the pair 诉率 with 出庭应诉率: partial credit 0.5 × 1/4, plus 0.5 for the unit asked
    assert figure_focus("撤诉率达38.5%", weights, ("%",)) == (0.625, "撤诉率达")


@pytest.mark.parametrize(
    ("text", "figure"),
    [("共3件", True), ("三件", True), ("七成", True), ("百分之五", True), ("加强领导", False)],
)
def test_has_figure(text: str, figure: bool) -> None:
    assert has_figure(text) is figure


REPORT = (
    "一、2022年工作情况\n（一）行政应诉\n全年行政诉讼案件16宗。出庭应诉率为70%，撤诉率38.5%。\n"
    "二、2023年工作计划\n出庭应诉率达到100%。"
)
DONE = _passage(
    REPORT,
    "d",
    0,
    "一、2022年工作情况 > （一）行政应诉",
    "全年行政诉讼案件16宗。出庭应诉率为70%，撤诉率38.5%。",
)
PLAN = _passage(REPORT, "d", 1, "二、2023年工作计划", "出庭应诉率达到100%。")
TITLES = {"d": "东城街道法治政府建设报告"}


def test_best_sentence_picks_the_figure_sentence_with_offsets() -> None:
    hits = [Hit(0, DONE, 1.0, 1.0, 0.5), Hit(1, PLAN, 0.9, 0.8, 0.4)]
    weights = TermWeights(("出庭应诉率",), (1.0,), ((),))
    extract = best_sentence(
        hits, {"d": REPORT}, parse_query("东城街道出庭应诉率是多少", GAZ), weights, titles=TITLES
    )
    assert extract is not None
    assert extract.text == "出庭应诉率为70%，撤诉率38.5%。" == REPORT[extract.start : extract.end]
    assert (extract.start, extract.end) == (32, 51)
    assert extract.coverage == 1.0
    # hit 1.0 + 1.5·coverage + 0.3·context + figure 0.5 + 0.5·focus 1.5
    assert extract.score == pytest.approx(4.05)
    assert extract.hit.passage == DONE


def test_plan_sections_lose_to_results_unless_plans_are_asked_for() -> None:
    hits = [Hit(1, PLAN, 1.0, 1.0, 0.5), Hit(0, DONE, 0.95, 0.9, 0.4)]  # the plan ranked first
    weights = TermWeights(("出庭应诉率",), (1.0,), ((),))
    texts = {"d": REPORT}
    result = best_sentence(hits, texts, parse_query("东城街道出庭应诉率是多少", GAZ), weights, titles=TITLES)
    planned = best_sentence(
        hits, texts, parse_query("东城街道出庭应诉率目标是多少", GAZ), weights, titles=TITLES
    )
    assert result is not None and planned is not None
    assert result.text == "出庭应诉率为70%，撤诉率38.5%。"
    assert planned.text == "出庭应诉率达到100%。"


def test_a_checked_figure_question_is_never_answered_from_a_plan() -> None:
    """With the typed check (``accept``), a plan's target is not offered for a result that the
    reviewed part does not state: nothing is chosen, and the service says what is stated instead."""
    hits = [Hit(1, PLAN, 1.0, 1.0, 0.5)]
    weights = TermWeights(("出庭应诉率",), (1.0,), ((),))
    query = parse_query("东城街道出庭应诉率是多少", GAZ)
    assert best_sentence(hits, {"d": REPORT}, query, weights, titles=TITLES) is not None
    assert best_sentence(hits, {"d": REPORT}, query, weights, titles=TITLES, accept=lambda *_: True) is None


PROBLEMS = "一、存在的问题\n（一）宣传不够深入\n法治宣传形式单一。\n（二）执法不够规范\n执法程序有待规范。\n二、下一步计划\n加强领导。"
ITEMS = [
    _passage(PROBLEMS, "e", 0, "一、存在的问题 > （一）宣传不够深入", "法治宣传形式单一。"),
    _passage(PROBLEMS, "e", 1, "一、存在的问题 > （二）执法不够规范", "执法程序有待规范。"),
    _passage(PROBLEMS, "e", 2, "二、下一步计划", "加强领导。"),
]


def test_section_answer_lists_the_items_under_the_matching_heading() -> None:
    hits = [Hit(0, ITEMS[0], 1.0, 1.0, 0.3), Hit(2, ITEMS[2], 0.5, 0.5, 0.2)]
    weights = TermWeights(("问题",), (1.0,), ((),))
    extract = section_answer(hits, {"e": ITEMS}, {"e": PROBLEMS}, weights, titles={"e": "报告"})
    assert extract is not None
    assert extract.text == "（一）宣传不够深入\n（二）执法不够规范"
    assert (extract.start, extract.end) == (ITEMS[0].start, ITEMS[1].end)
    assert (extract.coverage, extract.score) == (1.0, 2.0)
    assert extract.hit.passage == ITEMS[0]


def test_section_answer_needs_a_matching_heading() -> None:
    hits = [Hit(0, ITEMS[0], 1.0, 1.0, 0.3)]
    weights = TermWeights(("招商引资",), (1.0,), ((),))
    assert section_answer(hits, {"e": ITEMS}, {"e": PROBLEMS}, weights) is None


def test_answer_weights_come_from_overrides_and_steer_the_choice() -> None:
    assert AnswerWeights.from_overrides({}) == AnswerWeights()
    knobs = AnswerWeights.from_overrides({"plan_penalty": 0.0, "max_hits": 4.0})
    assert knobs.plan_penalty == 0.0 and knobs.max_hits == 4 and isinstance(knobs.max_hits, int)
    with pytest.raises(ValueError, match="unknown answer weight.*plan_penatly.*valid:.*plan_penalty"):
        AnswerWeights.from_overrides({"plan_penatly": 1.0})
    hits = [Hit(1, PLAN, 1.0, 1.0, 0.5), Hit(0, DONE, 0.95, 0.9, 0.4)]
    weights = TermWeights(("出庭应诉率",), (1.0,), ((),))
    query = parse_query("东城街道出庭应诉率是多少", GAZ)
    unpenalised = best_sentence(hits, {"d": REPORT}, query, weights, titles=TITLES, knobs=knobs)
    assert unpenalised is not None and unpenalised.text == "出庭应诉率达到100%。"  # the plan wins without it


def test_a_general_question_answered_by_a_paragraph_lead_gets_what_follows() -> None:
    """如何拓展发展空间 answered by the lead 拓展发展空间。 alone says nothing: the sentences after it in its
    paragraph, which say what was done, come with it; a longer sentence stands alone."""
    text = "二、主要工作\n拓展发展空间。完成土地整备2.1平方公里，盘活低效用地80公顷。\n其他工作。"
    passage = _passage(
        text, "d", 0, "二、主要工作", "拓展发展空间。完成土地整备2.1平方公里，盘活低效用地80公顷。"
    )
    weights = TermWeights(("拓展", "发展空间"), (1.0, 1.0), ((), ()))
    query = parse_query("东城街道是如何拓展发展空间的", GAZ)
    assert query.qtype == "general"
    extract = best_sentence([Hit(0, passage, 1.0, 1.0, 0.5)], {"d": text}, query, weights)
    assert extract is not None
    assert extract.text == "拓展发展空间。完成土地整备2.1平方公里，盘活低效用地80公顷。"
    assert text[extract.start : extract.end] == extract.text


def test_a_list_introduced_with_a_colon_takes_the_paragraphs_after_it() -> None:
    text = (
        "二、工作安排\n我们将实施十大行动，在十个方面努力争创一流：\n一是科技创新行动。\n二是产业升级行动。\n"
    )
    intro = "我们将实施十大行动，在十个方面努力争创一流："
    passage = _passage(text, "d", 0, "二、工作安排", intro)
    weights = TermWeights(("十大行动",), (1.0,), ((),))
    query = parse_query("东城街道提出实施的十大行动有哪些", GAZ)
    assert query.qtype == "list"
    extract = best_sentence([Hit(0, passage, 1.0, 1.0, 0.5)], {"d": text}, query, weights)
    assert extract is not None and extract.text.startswith(intro) and "二是产业升级行动。" in extract.text
    assert text[extract.start : extract.end] == extract.text
