from __future__ import annotations

from qa.lexicon.words import plan_section


def test_a_section_on_a_later_year_plans() -> None:
    assert plan_section("二、2015年工作总体部署", reviewed=2014)
    assert not plan_section("一、2014年工作回顾", reviewed=2014)
    assert plan_section("三、下一步工作计划") and not plan_section("二、2015年工作总体部署")
