"""The typed answer check: what a figure question asks for, and whether a stated figure answers it."""

from __future__ import annotations

import dataclasses

import pytest

from qa.answer.check import (
    Figure,
    abbreviated,
    asked_slot,
    figure_agrees,
    figure_clause,
    figures_in,
    head_stated,
    naming_words,
)
from qa.records import Fact
from qa.retrieve.tokenize import Tokenizer

TOKENIZER = Tokenizer()


def _slot(question: str):  # type: ignore[no-untyped-def]
    return asked_slot(question, TOKENIZER.cut(question))


@pytest.mark.parametrize(
    ("question", "head", "units", "rate", "money"),
    [
        ("行政诉讼的败诉率是多少？", ("败诉率",), ("%",), True, False),
        ("行政诉讼出庭率", ("出庭率",), ("%",), True, False),
        ("那几个调委会一共调解成功了多少宗纠纷？", ("纠纷",), ("个", "宗"), False, False),
        ("查办侵犯知识产权案件一共罚没了多少钱？", ("案件", "罚没"), (), False, True),
        ("城管开了多少张罚单", ("罚单",), ("张",), False, False),
        ("新增的义务教育学位一共是多少个班？", ("班",), ("个",), False, False),
        ("地区生产总值是多少", ("地区生产总值",), (), False, False),
        ("给多少家企业做了法治体检", ("企业",), ("家",), False, False),  # 做: the verb ends the noun
        ("粮食产量目标是多少", ("粮食产量",), (), False, False),  # 目标: the scope's word
        ("公办高中学位和学前教育学位各有多少", ("学前教育", "学位"), (), False, False),  # 各有: no head
        ("居民人均可支配收入达到多少钱", ("居民人均可支配收入",), (), False, True),
    ],
)
def test_asked_slot(
    question: str, head: tuple[str, ...], units: tuple[str, ...], rate: bool, money: bool
) -> None:
    slot = _slot(question)
    assert (slot.head, slot.units, slot.rate, slot.money) == (head, units, rate, money)


def _fact(sentence: str, value_text: str, unit: str, raw: str) -> Fact:
    at = sentence.index(value_text)
    return Fact("d", "东城街道", 2022, raw, raw, 1.0, unit, "", 0, len(sentence), "", sentence, value_text,
                at, at + len(value_text))  # fmt: skip


REVIEW = "撤诉率(含调解、和解)达38.5%，出庭应诉率为70%。"
WITHDRAWN = _fact(REVIEW, "38.5%", "%", "撤诉率")
ATTENDED = _fact(REVIEW, "70%", "%", "出庭应诉率")
COMMITTEES = _fact("各个商会调委会共5个。", "5个", "个", "商会调委会")
GDP = _fact("地区生产总值1.8万亿元，增长5.1%。", "5.1%", "%", "增长")


def test_the_figure_is_governed_by_its_own_clause() -> None:
    assert figure_clause(WITHDRAWN) == "撤诉率 撤诉率(含调解、和解)达38.5%"
    assert figure_clause(ATTENDED) == "出庭应诉率 出庭应诉率为70%"
    assert figure_clause(GDP).endswith("地区生产总值1.8万亿元，增长5.1%")  # a bare 增长 takes its subject


def test_a_sibling_indicator_does_not_answer() -> None:
    asked = _slot("东城街道行政诉讼的败诉率是多少")
    assert not figure_agrees(asked, Figure("%", figure_clause(WITHDRAWN), WITHDRAWN))
    assert not figure_agrees(asked, Figure("%", figure_clause(ATTENDED), ATTENDED))
    assert figure_agrees(_slot("东城街道行政诉讼出庭率"), Figure("%", figure_clause(ATTENDED), ATTENDED))


def test_a_figure_in_another_unit_class_does_not_answer() -> None:
    asked = _slot("那几个调委会一共调解了多少宗纠纷")
    assert not figure_agrees(asked, Figure("个", figure_clause(COMMITTEES), COMMITTEES))
    assert not figure_agrees(_slot("罚没了多少钱"), Figure("宗", "侵犯知识产权案件5宗", None))
    assert figure_agrees(_slot("化解了多少宗信访"), Figure("件", "化解信访件94件", None))  # 宗 ~ 件: cases


def test_head_words_and_their_synonyms() -> None:
    assert head_stated(("出庭率",), "出庭应诉率为70%")  # synonym data: 出庭率 ~ 出庭应诉率
    assert not head_stated(("败诉率",), "撤诉率达38.5%")
    assert head_stated((), "anything")


def test_bare_numbers_are_figures_too_but_not_years() -> None:
    figures = figures_in("2022年网格累计解决问题46022。", 0, [])
    assert [f.governing for f in figures] == ["2022年网格累计解决问题46022"]


def test_a_bare_number_borrows_its_subject_like_a_fact() -> None:
    """The extractor leaves "达10505亿元" (its subject is in the clause before); the check must still
    read it as the figure of 规上工业总产值, as it reads a typed fact's clause."""
    (figure,) = figures_in("规上工业总产值首次突破万亿元，达10505亿元。", 0, [])
    assert figure.governing == "规上工业总产值首次突破万亿元，达10505亿元"
    assert figure_agrees(_slot("规上工业总产值达到多少"), figure)


def test_a_figure_followed_by_its_own_noun_does_not_borrow() -> None:
    """ "完成2家医院扩建": the 2 counts 医院, not the 社康中心 of the clause before."""
    figures = figures_in("新改扩建社康中心14家，完成2家医院扩建。", 0, [])
    assert [f.governing for f in figures] == ["新改扩建社康中心14家", "完成2家医院扩建"]
    assert not figure_agrees(_slot("社康中心有多少家"), figures[1])


def test_an_addition_does_not_answer_a_stock() -> None:
    added = Figure("个", "新增1500个托位", None, "新增")
    assert not figure_agrees(_slot("全区托育机构一共能提供多少个托位"), added)
    assert figure_agrees(_slot("新增了多少个托位"), added)
    assert figure_agrees(_slot("建了多少个托位"), added)  # everyday words for an addition pass
    assert figure_agrees(_slot("一共多出来多少个托位"), added)
    assert figure_agrees(_slot("一共弄了多少个托位"), added)  # 弄, 搞: made, in everyday words
    assert figure_agrees(_slot("一共能提供多少个托位"), Figure("个", "托位总数达5000个", None, "托位总数达"))


def test_a_growth_borrows_its_subject_past_a_remark() -> None:
    sentence = "全区地区生产总值1080亿元，历史性突破千亿大关，增长14.0%，增速排名全省第一。"
    growth = next(f for f in figures_in(sentence, 0, []) if f.governing.endswith("14.0%"))
    assert figure_agrees(_slot("地区生产总值增长了多少"), growth)


def test_a_growth_borrows_its_subject_past_a_clause_that_borrows_too() -> None:
    """达4601.5亿元 opens with a verb: it has no subject either, and 增长9.1% is 本地生产总值's growth."""
    sentence = "本地生产总值突破4000亿元，达4601.5亿元，增长9.1%，规模跃居全省区县第一。"
    growth = next(f for f in figures_in(sentence, 0, []) if f.governing.endswith("9.1%"))
    assert figure_agrees(_slot("本地生产总值增速有多快"), growth)


def test_a_share_does_not_answer_a_growth() -> None:
    share = Figure("%", "增长35.5%，占地区生产总值比重提升至60.5%", None, "占地区生产总值比重提升至")
    assert not figure_agrees(_slot("地区生产总值增长了多少"), share)
    assert figure_agrees(_slot("占地区生产总值比重是多少"), share)


def test_a_figure_its_words_date_to_another_year_does_not_answer() -> None:
    five_years = Figure("元", "地区生产总值由2016年的532亿元跃升至2020年的801亿元", None, "跃升至2020年的")
    asked = dataclasses.replace(_slot("地区生产总值达到多少"), year=2021)
    assert not figure_agrees(asked, five_years)
    assert figure_agrees(dataclasses.replace(asked, year=2020), five_years)
    based = Figure("元", "地区生产总值比2020年增加80亿元", None, "地区生产总值比2020年增加")
    assert figure_agrees(dataclasses.replace(_slot("地区生产总值增加了多少"), year=2021), based)


def test_a_synonym_of_a_small_part_does_not_state_the_word() -> None:
    gdp = Figure("元", "全区地区生产总值超1444亿元", None, "全区地区生产总值超")
    assert not figure_agrees(_slot("社会消费品零售总额是多少"), gdp)  # 总额 ~ 总值 is not enough
    assert head_stated(("出庭率",), "出庭应诉率为70%")


def test_an_everyday_phrase_around_the_head_is_read_in_the_reports_terms() -> None:
    sued = Figure("宗", "行政诉讼案件16宗", None, "行政诉讼案件")
    assert figure_agrees(_slot("一共被人告上法院多少次"), sued)  # 告上法院 → 行政诉讼
    gdp = Figure("元", "全年地区生产总值3000亿元", None, "全年地区生产总值")
    assert not figure_agrees(_slot("人均地区生产总值是多少"), gdp)  # a head word's own synonyms only


def test_the_qualifier_of_an_asked_rate_must_be_in_the_sentence() -> None:
    asked = _slot("森林覆盖率是多少")
    other = "普惠性学前教育资源覆盖率达94.5%"
    assert not figure_agrees(asked, Figure("%", other, None, "普惠性学前教育资源覆盖率达", other))
    own = "森林覆盖率达到62.1%"
    assert figure_agrees(asked, Figure("%", own, None, "森林覆盖率达到", own))


def test_a_figure_over_several_years_does_not_answer_one_year() -> None:
    asked = dataclasses.replace(_slot("进出口总额是多少"), year=2025)
    total = Figure("元", "进出口总值五年累计超过3.8万亿元", None, "进出口总值五年累计超过")
    assert not figure_agrees(asked, total)
    assert figure_agrees(dataclasses.replace(asked, year=None), total)  # 十四五期间…: no year asked
    this_year = Figure("张", "2020年累计办理居住证22679张", None, "2020年累计办理居住证")
    assert figure_agrees(dataclasses.replace(_slot("办了多少张居住证"), year=2020), this_year)


def test_a_change_in_a_five_year_review_is_not_one_years() -> None:
    asked = dataclasses.replace(_slot("进出口总值增长了多少"), year=2025)
    grown = Figure("%", "进出口总值增长53.1%", None, "进出口总值增长")
    assert figure_agrees(asked, grown) and not figure_agrees(asked, grown, several_years=True)
    level = Figure("元", "地方一般公共预算收入达9364.8亿元", None, "地方一般公共预算收入达")
    revenue = dataclasses.replace(_slot("地方一般公共预算收入达到多少"), year=2015)
    assert figure_agrees(revenue, level, several_years=True)  # a level: the last year's
    jobs = dataclasses.replace(_slot("城镇新增就业多少人"), year=2025)
    added = Figure("人", "城镇新增就业106万人", None, "城镇新增就业")
    assert figure_agrees(jobs, added) and not figure_agrees(jobs, added, several_years=True)  # a flow
    assert figure_agrees(_slot("研发投入强度是多少"), Figure("%", "研发投入强度2.61%", None, "研发投入强度"))


def test_a_qualifier_may_be_stated_abbreviated() -> None:
    asked = _slot("规模以上工业增加值是多少")
    assert asked.qualifier == ("规模", "以上") or asked.qualifier == ("规模以上",)
    sentence = "实现规上工业增加值2145.5亿元、增长4.3%。"
    assert figure_agrees(
        asked, Figure("元", "实现规上工业增加值2145.5亿元", None, "实现规上工业增加值", sentence)
    )
    other = "工业增加值突破40万亿元。"
    assert not figure_agrees(asked, Figure("元", "工业增加值突破40万亿元", None, "工业增加值突破", other))


def test_an_annual_mean_is_one_years() -> None:
    asked = dataclasses.replace(_slot("PM2.5是多少"), year=2025)
    assert figure_agrees(asked, Figure("", "PM2.5年均浓度36.2微克/立方米", None, "PM2.5年均浓度"))
    grew = Figure("%", "地区生产总值年均增长7.5%", None, "地区生产总值年均增长")
    assert not figure_agrees(dataclasses.replace(_slot("地区生产总值增长多少"), year=2025), grew)


def test_a_magnitude_before_the_unit_is_no_unit_of_its_own() -> None:
    asked = _slot("粮食产量有多少万吨")
    assert asked.units == ("万吨",) and asked.head == ("粮食产量",)
    assert figure_agrees(asked, Figure("吨", "粮食产量119.3万吨", None, "粮食产量"))
    assert not figure_agrees(asked, Figure("%", "粮食产量增长2%", None, "粮食产量增长"))


def test_percentage_points_answer_only_a_change() -> None:
    points = Figure("百分点", "城镇化率提高1.1个百分点", None, "城镇化率提高")
    assert not figure_agrees(_slot("常住人口城镇化率是多少"), points)
    assert figure_agrees(_slot("城镇化率提高了多少"), points)


def test_the_reports_own_wording_is_not_read_loosely() -> None:
    sibling = Figure("元", "数字经济核心产业增加值超过6000亿元", None, "数字经济核心产业增加值超过")
    asked = _slot("工业增加值是多少")
    assert figure_agrees(asked, sibling)  # read as one phrase, 产业增加值 passes for 工业增加值 …
    assert not figure_agrees(dataclasses.replace(asked, worded=True), sibling)  # … not when reports say it


def test_a_target_in_a_review_does_not_answer_a_result() -> None:
    sentence = "构建三级公园体系，到2025年，新建和提升改造城市公园100个。"
    (target,) = figures_in(sentence, 0, [])
    asked = dataclasses.replace(_slot("新建了多少个城市公园"), year=2021)
    assert not figure_agrees(asked, target)
    assert figure_agrees(dataclasses.replace(asked, year=2025), target)  # the year the target is for
    assert figure_agrees(_slot("城市公园的目标是新建多少个"), target)


def test_a_target_is_asked_a_result_does_not_answer() -> None:
    """ "2025年规上工业增加值增长目标" from the report delivered in 2025: its review of 2024 (增长9.4%)
    is not the target, which that report may not state at all."""
    result = Figure(
        "%",
        "规上工业增加值增长 规上工业增加值增长9.4%",
        None,
        "规上工业增加值增长",
        "规上工业增加值增长9.4%。",
    )
    asked = dataclasses.replace(_slot("规上工业增加值增长目标是多少"), year=2025)
    assert asked.plans and not figure_agrees(asked, result)
    target = Figure("%", "规上工业增加值增长 规上工业增加值增长7%", None, "规上工业增加值预期目标增长",
                    "规上工业增加值预期目标增长7%。")  # fmt: skip
    assert figure_agrees(asked, target)


def test_a_share_is_of_the_subject_the_question_names() -> None:
    """The subject of a share stands before its 占: 数字经济核心产业增加值's share is not that of 战略性
    新兴产业增加值, although both are 增加值 (half of the subject's words); an abbreviation (战新) is it."""
    asked = _lay_slot("战略性新兴产业增加值占GDP比重是多少")
    assert asked.subject == ("战略性", "新兴产业", "增加值")
    sentence = "数字经济核心产业增加值占国内生产总值比重达到10%左右。"
    (other,) = figures_in(sentence, 0, [])
    assert not figure_agrees(asked, other)
    sentence = "战新产业增加值实现2405.4亿元，占GDP比重45.4%。"
    own = [f for f in figures_in(sentence, 0, []) if f.unit == "%"]
    assert figure_agrees(asked, own[0])


def test_dates_are_not_figures() -> None:
    sentence = "充分利用“4·15”国家安全教育日、“12·4”国家宪法日等时间节点开展宣传。"
    assert figures_in(sentence, 0, []) == []


def test_document_numbers_are_not_figures() -> None:
    sentence = "按照《关于印发职能配置规定的通知》(云编〔2019〕6号)，我街设立8个科室。"
    assert [f.governing for f in figures_in(sentence, 0, [])] == ["我街设立8个科室"]
    assert [f.unit for f in figures_in("单位GDP能耗为全国平均水平的1/3。", 0, [])] == []  # a fraction


def test_a_head_that_is_only_a_measure_names_nothing() -> None:
    assert not _slot("没工作的人的比例有多少").names_something
    assert _slot("行政诉讼的败诉率是多少").names_something


def test_general_classifier_counts_anything_countable() -> None:
    slot = _slot("培养了多少个法律明白人")
    assert figure_agrees(slot, Figure("名", "“法律明白人”33名", None))
    assert not figure_agrees(slot, Figure("%", "法律明白人占比33%", None))


def test_right_headed_compounds_and_bare_measures() -> None:
    assert head_stated(("楼栋长",), "目前共有“栋长”2346位")  # the head noun without its modifier
    assert not head_stated(("败诉率",), "撤诉率达38.5%")  # a rate keeps its own rule
    assert head_stated(("比例",), "5分钟到达率达99.9%")
    assert not head_stated(("比例",), "处置突发事件186起")


def test_ordinal_questions_are_not_checked_as_quantities() -> None:
    assert not _slot("粮食是连续第几年丰收").checkable and _slot("粮食产量是多少").checkable


def test_a_total_clause_continues_the_one_before() -> None:
    sentence = "对租户减免租金,累计减免金额2568.41万元。"
    governing = figure_clause(_fact(sentence, "2568.41万元", "元", "减免金额"))
    assert head_stated(("房租",), governing)


def test_an_amount_is_not_answered_by_a_share_or_a_growth() -> None:
    slot = _slot("地区生产总值是多少")
    assert not figure_agrees(slot, Figure("%", "地区生产总值增长5.8%", None))
    assert figure_agrees(slot, Figure("元", "地区生产总值达3.68万亿元", None))


def test_a_physical_measure_after_a_bare_number_is_its_unit() -> None:
    figures = figures_in("供应用地13公顷。", 0, [])
    assert [f.unit for f in figures] == ["公顷"]
    assert not figure_agrees(_slot("供应了多少宗用地"), figures[0])


def test_a_quantity_per_person_or_area_answers_only_when_asked() -> None:
    per_area = Figure("元", "每平方公里土地GDP产出18.68亿元", None)
    assert not figure_agrees(_slot("GDP是多少"), per_area)
    assert figure_agrees(_slot("每平方公里GDP产出是多少"), per_area)
    assert figure_agrees(_slot("居民人均可支配收入是多少"), Figure("元", "居民人均可支配收入6.9万元", None))


def test_a_per_unit_neighbour_in_a_list_does_not_count() -> None:
    sentence = "社会消费品零售总额2294亿元、进出口总额8900亿元、地均GDP 30亿元。"
    fact = _fact(sentence, "2294亿元", "元", "社会消费品零售总额")
    (total,) = figures_in(sentence, 0, [fact])[:1]
    assert figure_agrees(_slot("社会消费品零售总额是多少"), total)
    per_area = figures_in("地均GDP产出18.68亿元，比上年增加。", 0, [])[0]
    assert per_area.lead == "地均GDP产出" and not figure_agrees(_slot("GDP是多少"), per_area)


def test_a_clause_that_borrows_its_subject_borrows_its_per_unit_too() -> None:
    sentence = "每平方公里土地GDP产出18.68亿元，比上年增加1.36亿元。"
    (increase,) = figures_in(sentence, 0, [_fact(sentence, "1.36亿元", "元", "比上年增加")])[:1]
    assert increase.lead == "比上年增加" and "GDP" in increase.governing
    assert not figure_agrees(_slot("GDP是多少"), increase)
    assert figure_agrees(_slot("每平方公里GDP产出比上年增加多少"), increase)


def test_a_figure_in_a_list_is_governed_by_its_own_item() -> None:
    sentence = "预计全省研发经费支出2800亿元、占地区生产总值比重达2.8%。"
    amount, share = figures_in(sentence, 0, [])
    assert "地区生产总值" not in amount.governing and "地区生产总值" in share.governing
    assert not figure_agrees(_slot("广东省2019年地区生产总值是多少"), amount)
    assert figure_agrees(_slot("研发经费支出是多少"), amount)


# ---- lay wording: the head's naming words, the head as one phrase, abbreviations, the vocabulary's name


def _lay_slot(question: str):  # type: ignore[no-untyped-def]
    return asked_slot(question, TOKENIZER.cut(question), TOKENIZER.word_class)


def test_naming_words_drop_verbs_particles_and_adverbs_by_word_class() -> None:
    classes = {"公共厕所": "n", "建了": "v", "刚": "d", "毕业": "n", "防": "v", "诈骗": "vn"}
    assert naming_words(("公共厕所", "建了"), classes.__getitem__) == ("公共厕所",)
    assert naming_words(("刚", "毕业"), classes.__getitem__) == ("毕业",)
    assert naming_words(("防", "诈骗"), classes.__getitem__) == ("诈骗",)  # a verbal noun names a thing
    assert _slot("公共厕所建了多少座").core == ()  # no word classes given: no core
    # a rare, specific verb (not everyday speech) says which figure is meant: it stays
    lent = {"放款": "v", "金额": "n"}.__getitem__
    assert naming_words(("放款", "金额"), lent, lambda w: w != "放款") == ("放款", "金额")


def test_a_lay_head_is_stated_by_its_naming_words() -> None:
    slot = _lay_slot("评上星级的公共厕所建了多少座？")
    assert slot.core == ("公共厕所",)
    assert figure_agrees(slot, Figure("座", "创建星级公厕 创建星级公厕178座", None))
    assert slot.head == ("公共厕所",)  # 建了, an everyday verb after it, names nothing
    lay = ("公共厕所", "建了")  # a head with its lay verb is stated by its naming words alone
    assert head_stated(lay, "创建星级公厕178座", ("公共厕所",)) and not head_stated(lay, "创建星级公厕178座")


def test_abbreviations_are_ordered_characters_not_a_part_of_the_word() -> None:
    assert abbreviated("公共厕所", "创建星级公厕178座")
    assert not abbreviated("出口额", "进出口总额突破7000亿元")  # 出口 is part of it, and too short
    assert not abbreviated("社区矫正对象", "召开社区会议2次")  # 社区 is contiguous in it
    assert not abbreviated("公共厕所", "公园191个")  # 公 alone is not half of it


def test_a_head_read_as_one_phrase() -> None:
    assert head_stated(("法庭", "应诉"), "街道分管领导出庭应诉案件共7宗")  # 庭应诉 in 出庭应诉
    assert not head_stated(("人均", "地区生产总值"), "全年地区生产总值2630.2亿元")  # no synonyms of parts
    assert not head_stated(("行政诉讼", "败诉率"), "行政诉讼撤诉率达38.5%")  # a share is never loose


def test_the_vocabulary_name_of_a_fact_governs_its_figure() -> None:
    sentence = "街道受理依申请公开7件。"
    at = sentence.index("7件")
    fact = Fact("d", "四季青街道", 2023, "政府信息公开申请数", "依申请公开", 7.0, "件", "", 0, len(sentence),
                "", sentence, "7件", at, at + 2)  # fmt: skip
    (figure,) = figures_in(sentence, 0, [fact])
    assert figure.governing.startswith("政府信息公开申请数 ")
    assert figure_agrees(_lay_slot("收到几件要求公开政府信息的申请？"), figure)


# ---- how a lay question names its head: particles, X的Y, the subject of a share


def test_particles_and_pronouns_are_never_the_head() -> None:
    """呀/呢 (modal particles), 咱们/那里 (pronouns): jieba's tags y, e, r."""
    assert "呀" not in _lay_slot("办事大厅接待了多少人次呀").head
    assert "咱们" not in _lay_slot("咱们这里新增了多少个托位").head


def test_a_noun_after_de_is_the_head_its_noun_modifier_qualifies() -> None:
    assert _lay_slot("新建了多少个县里的医疗次中心").head == ("医疗", "中心")
    assert _lay_slot("修了多少公里农村的路").head == ("农村", "路")  # one character names too little
    # a clause before 的 describes the noun: the old reading stands (刚毕业的大学生)
    assert _lay_slot("招来了多少刚毕业的大学生").head == ("刚", "毕业")
    # … but a clause with a verb in it describes the noun after its 的, which is what is counted
    assert _lay_slot("还有多少个在社区接受改造的服刑人员").head == ("服刑人员",)


def test_a_light_noun_names_nothing_the_words_before_it_do() -> None:
    """老人吃饭的地方: 地方 stands for "somewhere"; 长者饭堂及助餐点 answers without saying 地方."""
    words = [
        "老人吃饭",
        "的",
        "地方",
        "有",
        "多少",
        "个",
    ]  # 老人吃饭 kept whole: a phrase of the synonym data
    assert asked_slot("老人吃饭的地方有多少个", words, TOKENIZER.word_class).head == ("老人吃饭",)


def test_a_bare_share_is_of_the_subject_before_zai_or_zhan() -> None:
    slot = _lay_slot("服务业在GDP里占多少比重？")
    assert slot.head == ("服务业", "比重") and slot.share
    share = Figure("%", "服务业增加值占地区生产总值比重达56.2%", None, "服务业增加值占地区生产总值比重达")
    assert figure_agrees(slot, share)
    assert not figure_agrees(slot, dataclasses.replace(share, governing="工业增加值占地区生产总值比重达40%"))


def test_a_bare_share_is_of_the_words_just_before_it() -> None:
    """ "没工作的人的比例" is 没工作's (失业率), "解决了多大比例" is 解决's (解决率)."""
    slot = _lay_slot("没工作的人的比例有多少")
    assert slot.head[-1] == "比例" and "人" not in slot.head
    # 解决 is a verb the reports use (not everyday speech): it says which share
    solved = asked_slot(
        "解决了多大比例", TOKENIZER.cut("解决了多大比例"), TOKENIZER.word_class, lambda w: False
    )
    assert solved.head == ("解决", "比例")
    assert figure_agrees(solved, Figure("%", "诉求解决率分别达96.7%", None, "诉求解决率分别达"))
    assert not figure_agrees(solved, Figure("%", "满意率分别达97%", None, "满意率分别达"))


def test_value_added_is_neither_an_addition_nor_a_change() -> None:
    """增加值 (value added) is a level: 工业增加值2000亿元 answers 工业增加值是多少."""
    level = Figure("元", "工业增加值2000亿元", None, "工业增加值")
    assert figure_agrees(_slot("工业增加值是多少钱"), level)
    assert not figure_agrees(_slot("工业增加值是多少钱"), Figure("元", "增加工业用地200亿元", None, "增加"))


def test_a_head_modifier_may_stand_in_the_clause_before() -> None:
    sentence = "建成2号线西延伸等轨道交通线，全市运营线路总长达到906公里。"
    total = figures_in(sentence, 0, [])[-1]
    assert total.governing == "全市运营线路总长达到906公里"
    assert figure_agrees(_slot("轨道交通线路一共有多长"), total)
    # only the clause right before: two clauses back is another statement
    far = "工业增加值占地区生产总值的比重提升至64.0%，高于全市均值，对全市工业增长的贡献率提高到28.0%。"
    assert not any(
        f.unit == "%" and figure_agrees(_slot("地区生产总值增长了多少"), f)
        for f in figures_in(far, 0, [])[1:]
    )


def test_trips_and_trains_machines_and_catties_are_units_of_a_class() -> None:
    assert figure_agrees(
        _slot("中欧班列开了多少趟"), Figure("列", "中欧班列开行6037列", None, "中欧班列开行")
    )
    assert figure_agrees(
        _slot("加装了多少台电梯"), Figure("部", "既有住宅加装电梯9555部", None, "既有住宅加装电梯")
    )
    assert not figure_agrees(_slot("加装了多少台电梯"), Figure("人", "电梯维保人员9555人", None, ""))


def test_a_listed_lay_phrase_names_what_its_report_terms_name() -> None:
    """挣多少钱 (a phrase of the synonym data: 收入) names the figure; 平均 asks for a quantity per person."""
    slot = asked_slot("平均一年能挣多少钱", ["平均", "一年", "能", "挣多少钱"], TOKENIZER.word_class)
    assert "挣多少钱" in slot.core and slot.per and slot.money
    assert figure_agrees(slot, Figure("元", "居民人均可支配收入达到9.2万元", None, "居民人均可支配收入达到"))
    assert not figure_agrees(slot, Figure("元", "人均GDP达到15万元", None, "人均GDP达到"))


def test_an_amount_word_opening_a_clause_takes_its_subject_from_the_one_before() -> None:
    """总产/总量/规模 say "the amount of" what the clause before names."""
    total = figures_in("粮食生产再获丰收，总产达到557亿斤。", 0, [])[0]
    assert total.governing == "粮食生产再获丰收，总产达到557亿斤"
    assert figure_agrees(_slot("一共收了多少斤粮食"), total)


@pytest.mark.parametrize(
    ("sentence", "question", "value"),
    [
        ("工业投资、民间投资分别增长11.2%、8.1%。", "民间投资增长多少", "8.1"),
        ("城镇、农村居民人均可支配收入分别增长4.4%、5.9%。", "城镇居民人均可支配收入增长多少", "4.4"),
        ("城镇、农村居民人均可支配收入分别增长4.4%、5.9%。", "农村居民人均可支配收入增长多少", "5.9"),
        ("城乡居民人均可支配收入分别达6.9万元、3.4万元。", "农村居民人均可支配收入是多少钱", "3.4"),
        ("解决率、满意率分别达96.7%和97%。", "满意率是多少", "97"),
    ],
)
def test_a_figure_of_a_respectively_list_is_its_own_items(sentence: str, question: str, value: str) -> None:
    """ "X、Y分别增长a、b": a is X's and b is Y's (a shared tail after modifiers goes with each)."""
    slot = _slot(question)
    agreeing = [f for f in figures_in(sentence, 0, []) if figure_agrees(slot, f)]
    assert [f.governing.rsplit("分别", 1)[1].lstrip("增长达") for f in agreeing][0].startswith(value)
    assert len(agreeing) == 1 and question.startswith(agreeing[0].item[:2])  # its own item names it


def test_a_part_inside_a_coordinate_compound_is_not_stated() -> None:
    """出口 in 进出口 is imports and exports together: 进出口总额 does not answer 出口总额."""
    total = Figure("%", "进出口总额增长3.4%", None, "进出口总额增长", "进出口总额增长3.4%。")
    assert not figure_agrees(_slot("出口总额增长了多少"), total)
    assert figure_agrees(_slot("进出口总额增长了多少"), total)
    part = Figure(
        "%", "其中出口总额增长5%", None, "其中出口总额增长", "进出口总额增长3.4%，其中出口总额增长5%。"
    )
    assert figure_agrees(_slot("出口总额增长了多少"), part)


def test_a_one_character_head_takes_the_verb_before_the_ask() -> None:
    """多少钱的货: 货 names too little; 出口 (or 进口) says which goods."""
    assert _lay_slot("光出口卖了多少钱的货").head == ("出口", "货")
    exports = Figure("元", "货物贸易出口达3.9万亿元", None, "货物贸易出口达")
    assert not figure_agrees(_lay_slot("从国外进口了多少钱的货"), exports)
    assert figure_agrees(_lay_slot("往外国卖了多少钱的货"), exports)  # 外国 is no verb: 货 alone


def test_a_verb_after_the_head_that_names_nothing_is_not_the_head() -> None:
    """GDP做到多少亿: an everyday verb, or one that says a level was reached (降到, 跃升至), after the
    noun; 多少亿 is a magnitude, no unit. A verb the reports use to tell figures apart stays (罚没)."""
    slot = asked_slot("GDP做到多少亿了", ["GDP", "做到", "多少", "亿", "了"], TOKENIZER.word_class)
    assert slot.head == ("GDP",) and slot.units == ()
    assert _lay_slot("PM2.5年均浓度降到了多少").head[-1] == "浓度"
    rises = "货邮吞吐量跃升到了多少吨"  # 跃升 到: the level reached, though the reports say 跃升 (no everyday verb)
    assert asked_slot(rises, TOKENIZER.cut(rises), TOKENIZER.word_class, lambda w: False).head == ("吞吐量",)
    fines = asked_slot(
        "案件一共罚没了多少钱",
        ["案件", "一共", "罚没", "了", "多少", "钱"],
        TOKENIZER.word_class,
        lambda w: False,
    )
    assert fines.head == ("案件", "罚没")
    assert _lay_slot("地区生产总值规模有多大").head == ("地区生产总值",)  # 规模: the amount of it


def test_a_rise_without_a_unit_is_a_rate_unless_it_is_money_or_a_level() -> None:
    assert _slot("出口涨了多少").rate
    assert not _slot("最低工资每个月涨了多少钱").rate
    assert not _slot("三甲医院数量涨到几家了").rate


def test_the_whole_place_is_the_scope_not_the_head() -> None:
    """全省/全市/全区: the whole place the scope already names; 多少头 counts head of livestock."""
    assert _slot("全省粮食收了多少斤").head[-1] == "粮食"
    assert "全市" not in _slot("全市的固投是多少钱").head
    assert "区政府" not in _slot("区政府自己收上来的钱有多少").head  # the place's own government
    assert _slot("出栏了多少头生猪").units == ("头",)


def test_what_a_number_is_not() -> None:
    """18连增 is a streak, 2021的述法内容 a year; 160.6亿美元 is money; 3个千亿级台阶 counts 台阶."""
    assert figures_in("油菜产量实现“18连增”。", 0, []) == []
    assert figures_in("完成街道党政主要负责人2021的述法内容。", 0, []) == []
    assert figures_in("四大主导产业［2］占比提高。", 0, []) == []  # a note mark
    assert [f.unit for f in figures_in("实际使用外资达到160.6亿美元。", 0, [])] == ["元"]
    steps = figures_in("全省地区生产总值连跨3个千亿级台阶。", 0, [])
    assert steps[0].counts == "千亿级台阶"
    assert not figure_agrees(_slot("地区生产总值是多少"), steps[0])
    assert figure_agrees(_slot("完成了多少家医院扩建"), figures_in("完成2家医院扩建。", 0, [])[0])


def test_per_person_multiples_and_starting_years() -> None:
    """一个人一年收入 asks per person: a total does not answer; 增长超过120倍 is a multiple, no rate;
    由2023年176.7亿元增长至924.2亿元: 2023 is where it started, 924.2亿元 is not dated by it."""
    assert _slot("一个人一年纯收入是多少元").per_person and not _slot("PM2.5年平均浓度是多少").per_person
    per = dataclasses.replace(_slot("纯收入是多少元"), per=True, per_person=True)
    assert not figure_agrees(per, Figure("元", "实现劳务收入75.4亿元", None, "实现劳务收入"))
    assert figure_agrees(per, Figure("元", "农村居民人均纯收入1.8万元", None, "农村居民人均纯收入"))
    multiple = figures_in("经济体量增长超过120倍。", 0, [])[0]
    assert multiple.unit == "倍" and not figure_agrees(_slot("经济增速是多少"), multiple)
    grown = figures_in("跨境电商进出口额由2023年176.7亿元增长至924.2亿元。", 0, [])[-1]
    assert figure_agrees(dataclasses.replace(_slot("跨境电商进出口额是多少"), year=2024), grown)


def test_time_words_particles_and_lists_in_lay_questions() -> None:
    """去年 dates the question; 多少亿呀 is a magnitude and a particle; 天数占多少 asks a share; 净增 is an
    addition; a bare number in a list takes the unit the list ends with (分别提高11.1、8.2个百分点)."""
    assert "去年" not in _lay_slot("北京去年GDP一共多少啊").head
    assert _lay_slot("经济总量是多少亿呀").head == ("经济总量",)
    shares = _lay_slot("空气好的天数占多少")
    assert shares.rate and shares.units == ("%",)
    stock = _slot("一共有多少户经营主体")
    assert not figure_agrees(stock, Figure("户", "全年净增经营主体11.7万户", None, "全年净增经营主体"))
    listed = figures_in("机电产品出口占出口比重62.6%，分别提高11.1、8.2个百分点。", 0, [])
    assert [f.unit for f in listed] == ["%", "百分点", "百分点"]
    assert not figure_agrees(_slot("机电产品出口了多少亿"), listed[1])  # a change in points, no amount


def test_a_listed_phrase_in_a_head_is_never_left_out() -> None:
    """官司输了 (listed: 败诉) must be stated; the half-of-the-modifiers leniency does not cover it, and
    its own line, not a part's synonyms (官司 → 诉讼), says what states it."""
    lost = asked_slot("打行政官司输了的比例", ["打", "行政", "官司输了", "的", "比例"], TOKENIZER.word_class)
    assert lost.head == ("行政", "官司输了", "比例")
    withdrawn = Figure("%", "行政诉讼案件撤诉率达38.5%", None, "行政诉讼案件撤诉率达")
    assert not figure_agrees(lost, withdrawn)
    assert figure_agrees(lost, Figure("%", "行政诉讼败诉率为0", None, "行政诉讼败诉率为"))


def test_percent_how_many_asks_and_names_nothing() -> None:
    """百分之几 asks for a share as 多少 asks for a quantity: the head is what comes before it."""
    slot = _lay_slot("电信诈骗案件比上年少了百分之几")
    assert "百分之几" not in slot.head and slot.head[-1] == "案件"
    assert slot.rate and slot.change


def test_an_abbreviation_of_a_phrase_takes_the_first_character_of_each_word() -> None:
    assert abbreviated("公共厕所", "创建星级公厕178座")
    assert abbreviated("行政复议败诉", "收到行政诉讼案件16宗")  # 行政诉: half the characters, in order …
    assert not abbreviated("行政复议败诉", "收到行政诉讼案件16宗", ("行政复议", "败诉"))  # … but no 败
    asked = dataclasses.replace(_slot("行政复议败诉了几宗"), head=("行政复议", "败诉"), core=())
    (cases,) = figures_in("街道办事处共收到行政诉讼案件16宗。", 0, [])
    assert not figure_agrees(asked, cases)


def test_a_number_that_names_something_is_no_figure() -> None:
    sentence = "对接公安110警情、市场监管96315投诉、12345投诉等信息资源，走访企业1100余家。"
    (visits,) = figures_in(sentence, 0, [])
    assert visits.governing.endswith("走访企业1100余家")
    assert figures_in("经济体量增长超过120倍。", 0, [])  # a unit after it: a figure


def test_a_generic_amount_alone_names_no_figure() -> None:
    """处罚金额 read by its naming words alone is 金额, which any amount states (质押登记金额): the whole
    head is needed then."""
    assert not head_stated(("处罚", "金额"), "质押登记金额超过3亿元", core=("金额",))
    assert head_stated(("处罚", "金额"), "处罚金额共计12万元", core=("金额",))


def test_a_bare_share_alone_names_no_figure() -> None:
    """投诉反映的事有多少比例解决了, read by its naming word alone, is 比例, which any share states (非现场
    检查量占比): the whole head must be stated."""
    assert not head_stated(("投诉", "反映", "比例"), "非现场检查量占比提升至70.6%", core=("比例",))
    assert head_stated(("投诉", "反映", "比例"), "投诉反映问题解决比例达95%", core=("比例",))
    assert head_stated(("公共厕所", "建了"), "创建星级公厕178座", core=("公共厕所",))  # a particular noun


def test_people_are_not_counted_in_their_turns() -> None:
    turns = Figure("人次", "公共法律服务站律师值班 公共法律服务站律师值班123人次", None)
    assert not figure_agrees(_slot("有多少名律师"), turns)
    assert figure_agrees(_slot("律师值班多少人次"), turns)


def test_a_keyword_query_or_a_copula_leaves_the_last_word_the_thing_named() -> None:
    """jieba calls 支出 a verb; in 一般公共预算支出 (no asking word) and 预算支出是多少 (是 before the ask)
    it is the thing named, so 一般公共预算收入 does not answer — while 做到 in GDP做到多少亿 stays a verb."""
    income = Figure("元", "一般公共预算收入 一般公共预算收入3826.5亿元", None)
    for question in ("一般公共预算支出", "一般公共预算支出是多少"):
        asked = _lay_slot(question)
        assert asked.head[-1] == "支出" and "支出" in asked.core
        assert not figure_agrees(asked, income)
    assert _lay_slot("GDP做到多少亿了").head == ("GDP",)


def test_a_part_of_the_place_does_not_answer_for_the_place() -> None:
    sentence = "片区地区生产总值1334.1亿元、同比增长10.9%，固定资产投资完成额878.8亿元、同比增长35.1%。"
    growth = [f for f in figures_in(sentence, 0, []) if f.sentence and "35.1" in f.governing]
    assert growth and not figure_agrees(_slot("固定资产投资增长多少"), growth[0])
    assert figure_agrees(_slot("片区固定资产投资增长多少"), growth[0])  # asked of the part itself


def test_a_fact_typed_as_the_indicator_the_question_words_states_its_head() -> None:
    """经济增长 is the vocabulary's wording of 地区生产总值增速: a fact the extractor typed so answers it
    however its sentence words it — unless a head word outside that wording (农村) is not stated."""
    sentence = "全年地区生产总值5300.43亿元，同比增长6.8%。"
    at = sentence.index("6.8%")
    fact = Fact("d", "宝安区", 2024, "地区生产总值增速", "地区生产总值增长", 6.8, "%", "", 0, len(sentence), "",
                sentence, "6.8%", at, at + 4)  # fmt: skip
    figure = Figure("%", "同比增长 同比增长6.8%", fact, "同比增长", sentence)
    asked = dataclasses.replace(_slot("经济增长了多少"), head=("经济",), core=("经济",), reworded=())
    assert not figure_agrees(asked, figure)  # 经济 is not in its words
    assert figure_agrees(dataclasses.replace(asked, indicator="地区生产总值增速"), figure)
    rural = dataclasses.replace(asked, indicator="地区生产总值增速", beyond=("农村",))
    assert not figure_agrees(rural, figure)


def test_an_amount_ending_in_额_asks_for_money() -> None:
    assert _slot("出口额是多少").money and not _slot("托育名额有多少个").money
    exits = Figure("处", "疏散通道、安全出口 清理打通疏散通道、安全出口3.2万余处", None)
    assert not figure_agrees(_slot("出口额是多少"), exits)


def test_a_share_worded_with_相当于_is_of_its_subject() -> None:
    asked = _lay_slot("研发经费支出相当于国内生产总值的比例是多少")
    assert asked.subject and "研发" in "".join(asked.subject)
    (other,) = figures_in("数字经济核心产业增加值占国内生产总值比重达到10%左右。", 0, [])
    assert not figure_agrees(asked, other)


def test_a_target_asked_without_a_unit_may_be_a_growth() -> None:
    """GDP目标: a year's GDP target is mostly stated as growth (本地生产总值增长5.5%); a result asked
    without a unit is an amount, which a growth is not."""
    growth = Figure(
        "%",
        "本地生产总值增长 本地生产总值增长5.5%",
        None,
        "本地生产总值增长",
        "预期目标是：本地生产总值增长5.5%。",
    )
    assert figure_agrees(_slot("GDP目标是多少"), growth)
    assert not figure_agrees(_slot("GDP是多少"), growth)
    # an amount of money (总额) likewise: its target is a growth, its result an amount
    retail = Figure("%", "社会消费品零售总额增长 社会消费品零售总额增长3%", None, "社会消费品零售总额增长",
                    "预期目标是：社会消费品零售总额增长3%左右。")  # fmt: skip
    assert figure_agrees(_slot("社会消费品零售总额的预期目标是多少"), retail)
    assert not figure_agrees(_slot("社会消费品零售总额是多少"), retail)


def test_a_head_counting_people_asks_for_people() -> None:
    """新增就业人数 asks how many people: 新增就业岗位12.7万个 (jobs) does not answer it, 新增就业1.2万人 does."""
    slot = _lay_slot("新增就业人数是多少")
    assert slot.units == ("人",)
    assert not figure_agrees(slot, Figure("个", "新增就业岗位12.7万个", None, "新增就业岗位"))
    assert figure_agrees(slot, Figure("人", "城镇新增就业1.2万人", None, "城镇新增就业"))


def test_a_word_whose_report_terms_are_all_per_person_asks_per_person() -> None:
    """居民收入 is 居民人均可支配收入 in every report: its figures are per person and answer it; 收入 alone
    (可支配收入) asks no per-person figure."""
    per_person = Figure("%", "农村居民人均可支配收入分别增长6.1%", None, "")
    assert figure_agrees(_slot("农村居民收入增幅是多少"), per_person)
    assert _slot("农村居民收入增幅是多少").per and not _slot("财政收入增幅是多少").per


def test_an_addition_asked_in_the_reports_words_is_not_answered_by_a_stock() -> None:
    """新增了多少张病床: 实有病床数达2731张 is the stock; a 、 list shares its 新增 with every item."""
    slot = _slot("新增了多少张病床")
    stock = Figure("张", "区属医疗机构实有病床数达2731张", None, "区属医疗机构实有病床数达")
    assert not figure_agrees(slot, stock)
    sentence = "新增基础教育学位5190座、病床位120张、养老床位500张。"
    beds = next(f for f in figures_in(sentence, 0, []) if f.governing.endswith("120张"))
    assert figure_agrees(slot, beds)
    assert figure_agrees(_slot("一共有多少张病床"), stock)


def test_a_word_less_one_inner_character_is_stated() -> None:
    """停车位 is 停车泊位 shortened."""
    assert head_stated(("停车位",), "新增停车泊位6610个")
    assert not head_stated(("停车位",), "新增停车场71个")


def test_a_verb_with_an_object_of_its_own_does_not_borrow_the_asked_one() -> None:
    """更新改造老旧电梯337台 counts lifts: the 城中村 of the clause before is not what 改造 acts on
    here; 支出2164.9亿元 has no object of its own and may take 财政 from the clause before."""
    slot = asked_slot(
        "城中村改造了多少个", ["城中村", "改造", "了", "多少", "个"], TOKENIZER.word_class, lambda w: False
    )
    assert slot.head == ("城中村", "改造") and slot.verbal
    sentence = "完成2.3万户城中村供用电安全整治，更新改造老旧电梯337台。"
    lifts = next(f for f in figures_in(sentence, 0, []) if f.governing.endswith("337台"))
    assert not figure_agrees(slot, lifts)
    spent = next(f for f in figures_in("财政支撑有力，一般公共预算支出2164.9亿元。", 0, []))
    slot = dataclasses.replace(slot, units=(), money=True, head=("财政", "支出"), core=("财政", "支出"))
    assert figure_agrees(slot, spent)


def test_a_part_of_a_whole_is_asked_with_every_word_that_says_which_part() -> None:
    """新增学位中高中学位: 高中 (an everyday word) says which part; the whole's 新增学位1.2万座 is no answer."""
    words = ["新增", "学位", "中", "高中", "学位", "有", "多少", "个"]
    slot = asked_slot("新增学位中高中学位有多少个", words, TOKENIZER.word_class)
    assert slot.core == ("高中", "学位")
    whole = Figure("个", "新增学位1.2万座", None, "新增学位")
    assert not figure_agrees(slot, whole)
    assert figure_agrees(slot, Figure("个", "新增高中学位3000个", None, "新增高中学位"))


def test_a_quantity_per_unit_of_output_is_no_total() -> None:
    """万元地区生产总值建设用地1.74平方米 is land per 10,000 yuan of GDP: not the GDP."""
    (per,) = figures_in("万元地区生产总值建设用地1.74平方米，是全市平均水平的一半。", 0, [])
    assert not figure_agrees(_slot("地区生产总值是多少"), per)
    assert figure_agrees(_slot("万元地区生产总值建设用地是多少"), per)


def test_the_old_name_of_the_general_budget_states_it() -> None:
    """公共财政预算收入 was 一般公共预算收入's name before 2014 (南山区's 2016 report still uses it)."""
    (figure,) = figures_in("公共财政预算收入186.4亿元。", 0, [])
    assert figure_agrees(_slot("一般公共预算收入是多少"), figure)
    (per,) = figures_in("亿元GDP生产安全事故死亡率控制在0.02以内。", 0, [])
    assert not figure_agrees(_slot("GDP是多少"), per)


def test_a_part_of_an_addition_is_an_addition() -> None:
    """其中公办学位超过5万个 is a part of 新增学位6万多个: 新增…公办学位 is answered by it."""
    sentence = "全年新增学位6万多个，其中公办学位超过5万个。"
    part = next(f for f in figures_in(sentence, 0, []) if "5万" in f.governing)
    slot = asked_slot(
        "新增学位中公办学位多少个", ["新增", "学位", "中", "公办", "学位", "多少", "个"], TOKENIZER.word_class
    )
    assert slot.new and figure_agrees(slot, part)


def test_earning_or_receiving_is_money() -> None:
    """一个月平均挣多少: money, so 城镇居民人均住房建筑面积超50平方米 cannot answer it."""
    for question in ("老百姓一个月平均挣多少", "低保一个月能领多少"):
        assert _slot(question).money, question


def test_a_figure_of_part_of_the_year_is_not_the_years() -> None:
    """前三季度，前海GDP实现1543.4亿元 is three quarters' (and was compared as 宝安区's 2023 GDP)."""
    sentence = "前三季度，前海GDP实现1543.4亿元，增长16%。"
    partial = next(f for f in figures_in(sentence, 0, []) if "1543.4" in f.governing)
    assert not figure_agrees(dataclasses.replace(_slot("GDP是多少"), year=2023), partial)
    whole = next(f for f in figures_in("全年GDP实现5043亿元，增长6%。", 0, []) if "5043" in f.governing)
    assert figure_agrees(dataclasses.replace(_slot("GDP是多少"), year=2023), whole)


def _only(sentence: str, number: str) -> Figure:
    return next(f for f in figures_in(sentence, 0, []) if f.number == number)


def test_exports_are_not_stated_by_imports_and_exports_together() -> None:
    """出口总额 read as one phrase less its first character (口总额) was found in 进出口总额."""
    slot = _lay_slot("出口总额是多少亿美元")
    assert slot.money and slot.head == ("出口", "总额")  # 亿美元 is the currency asked, not the head
    assert not figure_agrees(slot, _only("完成进出口总额1130.8亿美元，增长6.6%。", "1130.8"))
    assert figure_agrees(slot, _only("实现出口总额426亿美元。", "426"))


def test_a_joined_qualifier_is_not_read_less_its_first_character() -> None:
    """药品抽检 is not stated by 食品抽检 (品抽检 of it)."""
    slot = _slot("药品抽检合格率是多少")
    assert slot.qualifier == ("药品", "抽检")
    assert not figure_agrees(slot, _only("食品抽检合格率98.7%。", "98.7"))
    assert figure_agrees(slot, _only("药品抽检合格率99.2%。", "99.2"))


def test_a_verb_the_reports_use_with_a_rate_qualifies_it() -> None:
    """登记 of 城镇登记失业率 is an everyday verb, but 登记失业率 is a report term: 调查失业率 is
    another figure."""
    said = {"登记失业率", "调查失业率"}.__contains__
    slot = asked_slot("城镇登记失业率是多少", TOKENIZER.cut("城镇登记失业率是多少"), TOKENIZER.word_class,
                      lambda w: True, said)  # fmt: skip
    assert "登记" in slot.qualifier
    assert not figure_agrees(slot, _only("城镇调查失业率平均为5.2%。", "5.2"))
    assert figure_agrees(slot, _only("城镇登记失业率2.3%。", "2.3"))


def test_a_figure_the_question_states_is_not_its_answer() -> None:
    """新增的10155个学位里幼儿园学位有多少个: the asker knows the 10155; it is no answer."""
    slot = _slot("新增的10155个学位里幼儿园学位有多少个")
    assert slot.given == ("10155",)
    assert not figure_agrees(slot, _only("建成幼儿园12所，新增学位10155个。", "10155"))


def test_a_sibling_part_of_a_coordinate_compound_states_nothing() -> None:
    """外贸出口额 is no 外贸进口额 (one inner character apart), 出口总额 no 进出口总额, and the reverse —
    while 进出口总额 still states itself."""
    imports = _lay_slot("外贸进口额是多少")
    assert not figure_agrees(imports, _only("外贸出口额695亿美元，增长50.0%。", "695"))
    both = _lay_slot("进出口总额是多少")
    assert not figure_agrees(both, _only("出口总额426亿美元，与去年基本持平。", "426"))
    assert figure_agrees(both, _only("进出口总额425.52亿美元，增长14.7%。", "425.52"))
    exports = _lay_slot("出口总额是多少")
    assert not figure_agrees(exports, _only("出口增长69.4%，进出口总额达到10318亿元。", "10318"))


def test_a_figure_of_the_sibling_group_does_not_answer() -> None:
    """城镇居民人均可支配收入: 农村居民's figure is not it, though its sentence goes on about 城镇居民."""
    slot = _lay_slot("城镇居民人均可支配收入多少元")
    rural = _only("农村居民人均可支配收入1.88万元、增长9.6%，增速高于城镇居民1.1个百分点。", "1.88")
    assert not figure_agrees(slot, rural)
    assert figure_agrees(slot, _only("城镇居民人均可支配收入5.1万元、增长8.5%。", "5.1"))


def test_a_share_asked_without_its_measure_word_is_a_share() -> None:
    """研发投入占GDP大概多少: a share of GDP (比重), though the question never says 比重."""
    slot = _lay_slot("研发投入占GDP大概多少")
    assert slot.rate and slot.units == ("%",) and slot.head == ("研发", "比重")  # 研发's 比重
    assert figure_agrees(slot, _only("全社会研发投入占GDP比重4.55%。", "4.55"))
    # and a share stated without one: 占GDP4.02% (a growth of the same sentence is no share)
    stated = _lay_slot("全社会研发投入占GDP比重是多少")
    assert figure_agrees(stated, _only("全社会研发投入达到643亿元，增长15%，占GDP4.02%。", "4.02"))
    assert not figure_agrees(stated, _only("全社会研发投入达到643亿元，增长15%，占GDP4.02%。", "15"))


def test_a_level_reached_in_a_review_of_several_years_is_the_last_years() -> None:
    """全省城镇化率提高到69.85% in a five-year review: the level at its end, not a change over it."""
    slot = dataclasses.replace(_slot("城镇化率到多少了"), year=2017)
    reached = _only("实施新型城镇化战略，全省城镇化率提高到69.85%。", "69.85")
    assert figure_agrees(slot, reached, several_years=True)
    grown = _only("全省城镇化率提高5.2个百分点。", "5.2")
    assert not figure_agrees(slot, grown, several_years=True)


def test_a_change_asked_without_its_unit_may_be_a_percentage() -> None:
    """“三公”经费降了多少 is answered by 下降27.1%; 增加值 asks no change, and 多少了 is no 少了."""
    slot = _lay_slot("“三公”经费降了多少")
    assert slot.change and figure_agrees(slot, _only("“三公”经费下降27.1%，接待费下降67.1%。", "27.1"))
    assert not _lay_slot("规上工业增加值是多少").change
    assert not _lay_slot("城镇化率到多少了").change


def test_a_change_asked_by_its_verb_alone_is_answered_in_the_figures_own_unit() -> None:
    """最低标准提高了多少 is answered by 再提高20元 as well as by a percentage; an 增长率 is not, nor is
    a level (标准为每月178元) or a multiple."""
    slot = _lay_slot("基础养老金最低标准提高了多少")
    assert slot.by_how_much
    assert figure_agrees(slot, _only("城乡居民基础养老金最低标准再提高20元。", "20"))
    assert not figure_agrees(slot, _only("城乡居民基础养老金最低标准为每月178元。", "178"))
    assert not _lay_slot("居民收入增长率是多少").by_how_much
    assert not figure_agrees(_lay_slot("出口增长了多少"), _only("锂电池出口增长3.8倍。", "3.8"))


def test_an_amount_in_another_currency_borrows_its_subject_like_one_in_yuan() -> None:
    """…，达到2.4万美元: 美元 is the measure, not a noun of the figure's own, so the clause leaves its
    subject (人均GDP) to the one before, as …，达到2.4万元 does."""
    slot = _lay_slot("人均GDP是多少")
    sentence = "人均GDP五年增加1万美元，达到2.4万美元，每平方公里产出GDP达8亿元。"
    assert figure_agrees(slot, _only(sentence, "2.4"))
    assert figure_agrees(slot, _only(sentence.replace("美元", "元"), "2.4"))


def test_a_clause_opening_with_a_total_borrows_the_subject_before() -> None:
    """…开通3条地铁新线、新增运营里程30公里，总里程达909公里: 总里程 is the 地铁's, named before."""
    slot = _lay_slot("地铁到2025年总共有多少公里")
    sentence = "深化交通综合治理，开通3条地铁新线、新增运营里程30公里，总里程达909公里、居全国首位。"
    assert figure_agrees(slot, _only(sentence, "909"))


def test_a_light_noun_after_the_ask_leaves_the_words_before_it_the_head() -> None:
    """进出口一共做了多少钱的生意: 生意 says nothing; 进出口 is what is measured."""
    slot = _lay_slot("进出口一共做了多少钱的生意")
    assert "进出口" in slot.head and "生意" not in slot.head


def test_what_something_brought_about_is_no_total() -> None:
    """中欧班列…带动陕西进出口415.4亿元 is the trains' part of 进出口, not the province's 5379亿元."""
    slot = _lay_slot("进出口总值是多少")
    assert not figure_agrees(slot, _only("中欧班列开行6037列，带动陕西进出口415.4亿元。", "415.4"))
    assert figure_agrees(slot, _only("全省进出口总值创历史新高，达到5379亿元。", "5379"))
    # unless the question asks what was brought about: 带动了多少人在家门口上班
    asked = _lay_slot("返乡创业带动了多少人就地就业")
    assert figure_agrees(asked, _only("返乡创业人员达12万人，带动就地就业36.8万人。", "36.8"))


def test_a_level_passed_or_an_addition_as_predicate_is_no_head_word() -> None:
    """高速公路总长突破多少了: 突破 says a level is asked, not what; 床位新加了多少张: an addition."""
    assert "突破" not in _lay_slot("高速公路总长突破多少了").head
    slot = _lay_slot("养老床位新增了多少张")
    assert slot.added and "新增" not in slot.head


def test_a_standard_of_provision_is_per_person() -> None:
    """低保标准每月多少钱: 低保、特困人均月标准1167元 is per person, and that is what a standard is."""
    slot = _lay_slot("低保标准涨到每月多少钱了")
    assert slot.per and figure_agrees(slot, _only("低保、特困人均月标准1167元。", "1167"))


def test_an_amount_per_month_is_no_amount_per_year() -> None:
    """农村低保一个人一年最低能领多少钱: 能领 says money is asked; 每月…251元 is a month's, 年人均5280元
    the year's."""
    slot = _lay_slot("农村低保一个人一年最低能领多少钱")
    assert slot.money and slot.period == "year" and "能领" not in slot.head
    monthly = _only("农村低保对象人均补差水平，分别从每月228元提高到251元。", "251")
    assert not figure_agrees(slot, monthly)


def test_trade_with_a_partner_is_not_the_whole_trade() -> None:
    slot = _lay_slot("外贸进出口增长了百分之几")
    assert not figure_agrees(slot, _only("对东盟进出口增长13.8%。", "13.8"))
    assert figure_agrees(slot, _only("外贸进出口增长5.2%。", "5.2"))


def test_where_a_change_started_is_not_the_level_asked() -> None:
    """常住人口城镇化率从2020年的53.2%提升到2025年的57.7%: 53.2% is where it started."""
    slot = dataclasses.replace(_slot("城镇化率是多少"), year=2025)
    sentence = "常住人口城镇化率从2020年的53.2%提升到2025年的57.7%。"
    assert not figure_agrees(slot, _only(sentence, "53.2"))
    assert figure_agrees(slot, _only(sentence, "57.7"))


def test_wanting_a_figure_asks_for_a_target() -> None:
    assert _slot("贵州2026年城镇化率想搞到多少").plans and _slot("广东想让城里新增多少人就业").plans


def test_an_addition_verb_after_the_noun_and_百分之_are_no_head_words() -> None:
    assert "增加" not in _lay_slot("三甲医院增加到几家了").head
    assert "新加" not in _lay_slot("养老床位新加了多少张").head
    assert "百分之" not in _lay_slot("新能源车销量涨了百分之多少").head


def test_foreign_trade_is_no_partner() -> None:
    slot = _lay_slot("外贸进出口总额是多少")
    assert figure_agrees(slot, _only("对外贸易进出口总额1000亿元。", "1000"))


def test_a_count_of_days_is_of_the_days_the_words_before_say() -> None:
    """空气好的日子占多少比例: 日子 (days) names nothing itself; the share is of good-air days, which
    空气质量优良率 states (the synonym data gives 空气好 its report terms)."""
    words = ["罗湖区", "2022", "年", "空气好", "的", "日子", "占", "了", "多少", "比例", "？"]
    slot = asked_slot("罗湖区2022年空气好的日子占了多少比例？", words, TOKENIZER.word_class)
    assert slot.head == ("空气好", "比例") and slot.subject == ("空气好",)
    assert figure_agrees(slot, _only("全区空气质量优良率94%。", "94"))
    assert not figure_agrees(slot, _only("全区森林覆盖率44%。", "44"))


def test_a_qualifier_stated_only_inside_a_coordinate_compound_is_a_sibling() -> None:
    """出口总值增长 (出口 the qualifier) is not stated by 进出口总值增长17.6%, whatever else the sentence
    says of 出口; 货物出口总额 not by 货物进出口总额 (the part inside the word)."""
    slot = _lay_slot("出口总值增长了多少？")
    assert slot.qualifier == ("出口",)
    sentence = "进出口总值增长17.6%、居全国前列，锂离子蓄电池、盐湖化工产品出口分别增长3.8倍、80.2%。"
    assert not figure_agrees(slot, _only(sentence, "17.6"))
    assert figure_agrees(slot, _only("出口总值增长12%。", "12"))
    assert not head_stated(("货物出口总额",), "货物进出口总额增长13.5%")
    assert head_stated(("货物出口总额",), "货物出口总额增长13.5%")


def test_a_classifier_the_reports_seldom_use_is_still_the_unit_asked() -> None:
    """超充枪多少把: guns, counted in 把; 超充站1030座 counts stations, another thing."""
    slot = _lay_slot("超充枪一共有多少把？")
    assert slot.units == ("把",)
    assert not figure_agrees(slot, Figure("座", "累计建成超充站1030座", None, "累计建成超充站"))
    assert figure_agrees(slot, Figure("把", "建成超充枪1500把", None, "建成超充枪"))


def test_an_abbreviation_names_a_thing() -> None:
    """研发投入是多少亿元: 研发 (jieba's j, an abbreviation) is a noun of the head, not skipped for the
    noun before it (全社会 → 社会, which 社会消费品零售总额 states); 人均 still only says per whom."""
    classes = {"全": "a", "社会": "n", "研发": "j", "投入": "v", "总共": "b", "是": "v"}
    words = ["全", "社会", "研发", "投入", "总共", "是", "多少", "亿元", "？"]
    slot = asked_slot("全社会研发投入总共是多少亿元？", words, lambda w: classes.get(w, "x"))
    assert "研发" in slot.head and "社会" not in slot.head
    assert not figure_agrees(slot, _only("全年实现社会消费品零售总额1367亿元。", "1367"))


def test_asking_politely_qualifies_nothing() -> None:
    """麻烦查下2025年青海碳酸锂产量: 麻烦 is politeness, not a qualifier the sentence must state."""
    slot = _slot("麻烦查下碳酸锂产量")
    assert slot.head == ("碳酸锂", "产量") and slot.qualifier == ()
    assert figure_agrees(slot, _only("全年生产碳酸锂16.9万吨、增长25.3%。", "16.9"))


def test_a_figure_of_a_group_is_not_one_items() -> None:
    """集成电路产业规模: 集成电路、生物医药、人工智能三大先导产业规模突破2万亿元 is the three's; a question
    naming the group (三大先导产业规模) is answered by it, and 5G in a list is a name, not a figure."""
    sentence = "集成电路、生物医药、人工智能三大先导产业规模突破2万亿元。"
    assert not figure_agrees(_slot("集成电路产业规模是多少"), _only(sentence, "2"))
    assert figure_agrees(_slot("三大先导产业规模是多少"), _only(sentence, "2"))
    assert not any(f.number == "6" for f in figures_in("推进量子计算、6G等领域未来产业培育。", 0, []))


def test_a_part_asked_of_a_whole_is_the_figures_own() -> None:
    """重点项目中，产业项目完成投资多少: 完成投资1800多亿元 is all the projects', though its sentence goes on
    to say 产业项目实现重大突破; the part's own figure answers."""
    slot = _lay_slot("2000多个重点项目中，产业项目完成投资多少？")
    assert slot.breakdown and slot.qualifier == ("产业",)
    whole = "全年实施重点项目2000多个、完成投资1800多亿元，特别是产业项目实现重大突破。"
    assert not figure_agrees(slot, _only(whole, "1800"))
    assert figure_agrees(slot, _only("其中产业项目完成投资900亿元。", "900"))


def test_a_figure_of_every_year_of_a_review_is_not_the_years() -> None:
    """年实际使用外资保持在千亿元以上, in a five-year review: each year's level, not 2025's figure."""
    slot = dataclasses.replace(_slot("实际使用外资多少"), year=2025)
    sentence = "进出口总额接连突破8万亿元、9万亿元，年实际使用外资保持在千亿元以上。"
    every = Figure("元", "年实际使用外资保持在千亿元", None, "年实际使用外资保持在", sentence)
    assert not figure_agrees(slot, every, several_years=True)
    assert figure_agrees(slot, _only("实际使用外资1126.6亿元、增长11.3%。", "1126.6"))


def test_a_figure_of_listed_things_is_not_the_whole() -> None:
    """肉蛋奶、蔬菜产量 and 电动汽车、锂电池…出口总额 are those things' figures, not 粮食's nor all
    exports'; a question that names an item, asks for items (哪几个) or lists its own is answered."""
    goods = "电动汽车、锂电池、太阳能电池“新三样”出口总额增长85.8%，货物进出口总额增长13.5%。"
    assert not figure_agrees(_lay_slot("货物出口总额增长了多少"), _only(goods, "85.8"))
    assert figure_agrees(_lay_slot("锂电池出口总额增长了多少"), _only(goods, "85.8"))
    food = "粮食生产再获丰收，肉蛋奶、蔬菜产量均突破百万吨大关。"
    assert not figure_agrees(_lay_slot("粮食产量具体多少吨"), _only(food.replace("百万", "100万"), "100"))
    assert figure_agrees(_lay_slot("蔬菜产量多少吨"), _only(food.replace("百万", "100万"), "100"))
    offices = "办理市、区人大代表建议139件。"
    assert figure_agrees(_lay_slot("办理市、区人大代表建议多少件"), _only(offices, "139"))


def test_what_a_figure_is_per_is_no_part_of_its_name() -> None:
    """脱贫户一个人一年纯收入: 一个人 and 一年 say per whom and per what; 脱贫 still says whose income."""
    slot = _lay_slot("脱贫户一个人一年纯收入是多少元")
    assert "一个" not in slot.head and "纯收入" in slot.head and slot.per_person
    income = "城乡居民人均可支配收入从2021年的46503元和16935元分别提高到58794元和23184元。"
    assert not figure_agrees(slot, _only(income, "23184"))


def test_new_on_its_own_asks_for_an_addition() -> None:
    """新评上几个院士 is not answered by 两院院士增至93位 (a level reached); 新筹建…多少套 is answered by
    a clause stating the same 新筹建."""
    slot = _lay_slot("一年就新评上几个院士呀")
    assert slot.new and slot.newly == "评上"
    assert not figure_agrees(slot, _only("两院院士增至93个，均居全国前列。", "93"))
    housing = _lay_slot("新筹建保障性租赁住房多少套")
    assert figure_agrees(housing, _only("新筹建保障性租赁住房27.1万套（间）。", "27.1"))
    assert not figure_agrees(housing, _only("保障性租赁住房总数达27.1万套。", "27.1"))


def test_a_change_from_an_earlier_base_year_is_not_the_years() -> None:
    """比2015年增长40%, asked of 2020, is five years' growth; 比2019年增长 and 比上年增长 are the year's."""
    slot = dataclasses.replace(_lay_slot("地区生产总值比上年增长多少"), year=2020)
    for base, agrees in (("比2015年", False), ("比2019年", True), ("比上年", True)):
        sentence = f"地区生产总值实现5000亿元，{base}增长40%。"
        assert figure_agrees(slot, next(f for f in figures_in(sentence, 0, []) if f.unit == "%")) is agrees


@pytest.mark.parametrize(
    ("question", "sentence", "number"),
    [
        # a figure per 10,000 people is no headcount
        ("全科医生一共有多少名", "每万名常住人口全科医生数增至6.1名。", "6.1"),
        # 公办 is whose schools, not an addition: 新增 places do not answer how many there are
        ("公办学校学位现在一共有多少个", "新建学校（园）23所，新增公办学位4.63万座。", "4.63"),
        # a percentage right after 占… is a share, not the growth asked
        ("金融业比前一年涨了百分之几", "实现金融业增加值约2500亿元，占全市金融业增加值45%。", "45"),
        # 财政资金 spent is no 财政收入
        ("区财政收入一共有多少钱", "全年投入财政资金1.54亿元，实施帮扶项目29个。", "1.54"),
        # cars newly registered are an addition, not the stock asked
        ("路上一共有多少辆新能源车", "新增光伏装机214万千瓦，新能源汽车新上牌37万辆。", "37"),
    ],
)
def test_a_sibling_figure_in_lay_words_does_not_answer(question: str, sentence: str, number: str) -> None:
    assert not figure_agrees(_lay_slot(question), _only(sentence, number))


def test_the_reports_own_words_for_those_figures_still_answer() -> None:
    assert figure_agrees(_lay_slot("全科医生一共有多少名"), _only("全区全科医生达到1200名。", "1200"))
    assert figure_agrees(_lay_slot("新增了多少个公办学位"), _only("新增公办学位4.63万座。", "4.63"))
    assert figure_agrees(_lay_slot("财政收入一共有多少钱"), _only("财政收入192.7亿元。", "192.7"))
    assert figure_agrees(_lay_slot("新能源车新上牌多少辆"), _only("新能源汽车新上牌37万辆。", "37"))


def test_a_target_a_question_says_was_set_is_a_plan() -> None:
    """目标定的多少 and 比例定的多少 ask for a target (认定了多少家 does not); 规模以上工业增加值增长5% of a
    target list is no 经济增长 (a bare 增长 no longer restates 经济增长)."""
    assert _lay_slot("赤字占GDP的比例定的多少").plans
    assert not _lay_slot("认定了多少家高新技术企业").plans
    slot = _lay_slot("经济增长的目标定的多少")
    assert slot.plans
    assert not figure_agrees(slot, _only("规模以上工业增加值增长5%，固定资产投资额增长10%。", "5"))


def test_a_figure_is_governed_by_its_own_words_not_the_next_figures() -> None:
    """年产4万吨基础锂盐一体化和2万吨高质碳酸锂项目: 碳酸锂 is the second figure's, and the second is a
    project's size; 生产碳酸锂16.9万吨 is the year's output. A count of projects (55项民生实事项目) counts."""
    slot = _lay_slot("碳酸锂产了多少吨")
    both = "一年内就实现年产4万吨基础锂盐一体化和2万吨高质碳酸锂项目顺利投产。"
    assert not figure_agrees(slot, _only(both, "4"))
    assert not figure_agrees(slot, _only(both, "2"))
    assert figure_agrees(slot, _only("全年生产钾肥757.5万吨、增长1.1%，生产碳酸锂16.9万吨。", "16.9"))
    projects = "全年10大类55项民生实事项目如期完成。"
    assert figure_agrees(_lay_slot("完成了多少项民生实事"), _only(projects, "55"))


def test_peoples_income_is_asked_per_person() -> None:
    """农村的人收入涨了多少: a population's income is stated per person (农村居民人均可支配收入)."""
    slot = _lay_slot("农村的人收入比上年涨了百分之几")
    assert slot.per
    sentence = "城镇和农村居民人均可支配收入分别增长4.3%、5.9%，十方面民生实事圆满完成。"
    assert figure_agrees(slot, _only(sentence, "5.9"))
    assert not figure_agrees(slot, _only(sentence, "4.3"))
    assert not _lay_slot("财政收入增长了多少").per


def test_a_length_question_is_not_answered_by_a_count_nor_by_work_under_way() -> None:
    """深圳地铁一共修了多长: not 轨道交通在建里程278.2公里 (still being built); a length is asked."""
    slot = _lay_slot("地铁一共修了多长")
    assert slot.units == ("公里",)
    sentence = "以及15号线等9个地铁项目，轨道交通在建里程达278.2公里。"
    assert not figure_agrees(slot, _only(sentence, "278.2"))
    assert figure_agrees(slot, _only("地铁运营里程增至595.1公里。", "595.1"))
    assert figure_agrees(_lay_slot("地铁在建里程有多长"), _only(sentence, "278.2"))


def test_a_whole_asked_is_not_answered_by_each_parts_figure() -> None:
    """一共调解了多少起纠纷: 各社区律师…化解矛盾纠纷5起 is the communities' lawyers', not the 街道's whole;
    各类事件 (every kind) is a whole."""
    slot = _lay_slot("一共调解了多少起纠纷")
    assert slot.whole
    parts = "各社区律师值班284人次,进行调解8次,化解矛盾纠纷5起,举办法治讲座20余场。"
    assert not figure_agrees(slot, _only(parts, "5"))
    assert figure_agrees(slot, _only("今年以来街道调处纠纷1675件。", "1675"))
    assert figure_agrees(_lay_slot("化解了多少起纠纷"), _only(parts, "5"))


def test_an_income_asked_is_an_amount_of_money() -> None:
    """农村居民人均可支配收入是多少 asks an amount (元): not the 45% a poverty line is set at; a growth of
    income is still a percentage."""
    slot = _lay_slot("农村居民人均可支配收入是多少")
    assert slot.money
    line = "按照人均可支配收入不低于全省农村居民人均可支配收入的45%的脱贫标准，实现60万贫困人口增收脱贫。"
    assert not figure_agrees(slot, _only(line, "45"))
    assert _lay_slot("农村居民人均可支配收入增长了多少").rate


def test_a_sentence_opening_with_making_a_zone_names_no_part_of_the_place() -> None:
    """出台示范区建设实施方案，全社会研发投入占GDP比重4.05%: the 示范区 is what the city made, not a part
    of it whose figure this is; 前海合作区实现增加值… is a part's."""
    slot = _lay_slot("全社会研发投入占GDP比重是多少")
    made = "出台示范区建设实施方案，全社会研发投入占GDP比重4.05%，PCT国际专利申请1.33万件。"
    assert figure_agrees(slot, _only(made, "4.05"))
    part = "前海合作区全社会研发投入占GDP比重4.05%。"
    assert not figure_agrees(slot, _only(part, "4.05"))
