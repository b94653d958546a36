"""The parts of a report that review several years at once."""

from __future__ import annotations

from qa.lexicon.periods import goal_spans, in_spans, period_spans

REPORT = """一、2025年和“十四五”时期工作回顾
刚刚过去的2025年，城镇新增就业17.78万人。
各位代表！“十四五”时期是极不平凡的五年。
产业结构持续优化。
2025年四大主导产业占GDP比重较2020年提高约14个百分点。
五年来，我们坚定不移践行以人民为中心的发展思想。
城镇新增就业86.22万人。
二、“十五五”时期主要目标
"""


def test_a_five_year_review_runs_to_the_next_part() -> None:
    spans = period_spans(REPORT)
    assert len(spans) == 1
    start, end = spans[0]
    assert REPORT[start:].startswith("各位代表！“十四五”时期") and REPORT[end:].startswith("二、")
    assert in_spans(spans, REPORT.index("86.22")) and in_spans(spans, REPORT.index("2025年四大"))
    assert not in_spans(spans, REPORT.index("17.78"))


def test_a_return_to_the_last_year_closes_it() -> None:
    text = "“十四五”时期工作回顾\n五年来，累计新增就业300万人。\n刚刚过去的2025年，新增就业60万人。\n"
    spans = period_spans(text)
    assert in_spans(spans, text.index("300")) and not in_spans(spans, text.index("60万"))


def test_a_one_year_report_has_none() -> None:
    assert period_spans("一、2022年工作回顾\n全年受理信访件94件。\n二、2023年工作计划\n") == ()


def test_a_numbered_part_on_an_earlier_plan_period_is_a_review() -> None:
    """深圳's 2021 report opens with 一、“十三五”时期发展成就: its 新增病床位2.5万张 is five years'."""
    text = "一、“十三五”时期发展成就\n（八）社会民生事业实现跨越式发展。新增病床位2.5万张。\n二、2021年工作安排\n新增病床3000张。\n"
    spans = period_spans(text)
    assert in_spans(spans, text.index("2.5万")) and not in_spans(spans, text.index("3000"))


def test_looking_back_over_the_plan_period_opens_a_review() -> None:
    text = "一、工作回顾\n全市地区生产总值达到33757.93亿元。\n各位代表！透过2025回望“十四五”，这五年极不平凡。\n全市工业经济总量突破3万亿元。\n"
    spans = period_spans(text)
    assert in_spans(spans, text.index("3万亿")) and not in_spans(spans, text.index("33757"))


def test_the_five_years_said_as_such_open_a_review() -> None:
    """经过五年接续奋斗…; 这是经济实力持续提升的五年。 — each opens a review of the five years."""
    for opener in ("各位代表！经过五年接续奋斗，我省“十四五”顺利收官。", "这是经济实力持续提升的五年。"):
        text = f"一、工作回顾\n{opener}\n年实际使用外资保持在千亿元以上。\n二、今年工作安排\n"
        assert in_spans(period_spans(text), text.index("千亿元"))


def test_goals_for_the_coming_years_run_through_their_dashed_items() -> None:
    text = (
        "一、过去五年工作回顾\n研发投入占GDP比重4.55%。\n未来五年的发展目标是：地区生产总值达到6000亿元以上。\n"
        "——打造世界级先进制造城。研发投入占GDP比重达到5%。\n——打造国际化湾区滨海城。\n二、2021年工作安排\n"
    )
    spans = goal_spans(text)
    assert in_spans(spans, text.index("达到5%")) and in_spans(spans, text.index("6000"))
    assert not in_spans(spans, text.index("4.55")) and not in_spans(spans, text.index("二、"))
