"""Which reports a question is about: places named, the year reviewed, plans, the latest report."""

from __future__ import annotations

from qa.answer.scope import resolve_scope
from qa.records import Metadata, Report
from qa.retrieve.gazetteer import Gazetteer, Unit
from qa.retrieve.query import parse_query


def _report(doc_id: str, district: str, year: int, level: str = "区县", city: str = "深圳市") -> Report:
    title = f"{year + 1}年{district}政府工作报告"
    meta = Metadata(title, district, city, level, year, None, genre="政府工作报告")  # type: ignore[arg-type]
    return Report(doc_id, f"{doc_id}.txt", "0" * 64, meta, "正文。")


REPORTS = [
    _report("lg21", "龙岗区", 2021),
    _report("lg22", "龙岗区", 2022),
    _report("lg23", "龙岗区", 2023),
    _report("ft20a", "福田区", 2020),
    _report("ft20b", "福田区", 2020),  # a new congress's report in the same year
    _report("sz23", "深圳市", 2023, level="市", city="广东省"),
]
GAZ = Gazetteer.build(
    [Unit(r.district, r.meta.level, ("深圳市",) if r.district != "深圳市" else ("广东省",)) for r in REPORTS]
)


def _scope(question: str):  # type: ignore[no-untyped-def]
    return resolve_scope(parse_query(question, GAZ), REPORTS)


def test_a_year_means_the_report_that_reviews_it() -> None:
    assert _scope("龙岗区2022年地区生产总值").doc_ids == ("lg22",)


def test_targets_for_a_year_come_from_the_report_delivered_in_it() -> None:
    scope = _scope("龙岗区2023年GDP预期增长目标")
    assert scope.doc_ids == ("lg22",) and scope.plans


def test_the_targets_of_a_report_named_by_its_year_are_its_own() -> None:
    # 2023年…政府工作报告 is the report delivered in 2023 (on 2022): its targets are for 2023
    scope = _scope("2023年龙岗区政府工作报告提出的GDP增长目标")
    assert scope.doc_ids == ("lg22",) and scope.plans


def test_a_year_no_report_reviews_is_not_answered_from_another() -> None:
    scope = _scope("龙岗区2019年地区生产总值")
    assert scope.empty and "2021年、2022年、2023年" in scope.reason and "2019年" in scope.reason


def test_no_year_means_the_latest_report_and_says_so() -> None:
    scope = _scope("龙岗区地区生产总值是多少")
    assert scope.doc_ids == ("lg23",) and scope.year == 2023
    # where the latest does not state it, the earlier reports are next, newest first
    assert scope.earlier == ((2022, ("lg22",)), (2021, ("lg21",)))
    assert _scope("龙岗区2022年地区生产总值").earlier == ()  # a year named is kept


def test_a_yes_no_question_without_a_year_searches_every_years_report() -> None:
    """龙岗区是否入选…: something done once, said in whichever year's report; the note says so."""
    scope = _scope("龙岗区是否入选了首批示范区")
    assert set(scope.doc_ids or ()) == {"lg21", "lg22", "lg23"} and "各年" in scope.note
    assert _scope("龙岗区2022年是否入选了首批示范区").doc_ids == ("lg22",)  # a year named is kept


def test_two_reports_of_one_place_and_year_are_both_kept() -> None:
    assert set(_scope("福田区2020年GDP").doc_ids or ()) == {"ft20a", "ft20b"}
    assert _scope("福田区GDP").year is None  # one year only: nothing to say about which


def test_a_city_question_is_not_answered_from_its_districts() -> None:
    assert _scope("深圳市2023年地区生产总值").doc_ids == ("sz23",)


def test_places_the_index_lacks_are_refused_with_what_it_holds() -> None:
    scope = _scope("盐田区2022年地区生产总值")
    assert scope.empty and "未收录盐田区" in scope.reason and "龙岗区" in scope.reason


def test_similar_names_are_named_once_and_not_for_a_shared_level_word() -> None:
    # 盐田区 shares only 田区 with 福田区 (a level word); 南山区粤海街道 names an indexed 区's stem
    assert "相近" not in _scope("盐田区2022年地区生产总值").reason
    reason = _scope("龙岗区布吉街道2022年地区生产总值").reason
    assert "未收录龙岗区布吉街道" in reason and reason.count("深圳市龙岗区") == 1


def test_no_place_no_year_is_every_report() -> None:
    assert _scope("哪个区的地区生产总值最高").doc_ids is None


def test_a_year_no_report_reviews_falls_to_the_report_delivered_the_year_after() -> None:
    mid_year = Report(
        "sz15",
        "sz15.txt",
        "0" * 64,
        Metadata(
            "2015年深圳市政府工作报告",
            "深圳市",
            "广东省",
            "市",
            2015,
            None,
            genre="政府工作报告",
            delivered="2015-05",
        ),  # type: ignore[arg-type]
        "正文。",
    )
    reports = [*REPORTS, mid_year]
    scope = resolve_scope(parse_query("深圳市2014年社会消费品零售总额", GAZ), reports)
    assert scope.doc_ids == ("sz15",) and "2015年" in scope.note
    refused = resolve_scope(parse_query("深圳市2012年社会消费品零售总额", GAZ), reports)
    assert refused.empty and "2012" in refused.reason


def test_a_renamed_district_is_one_place_for_its_latest_report() -> None:
    """光明新区 became 光明区: "光明区…" without a year is the latest report under either name."""
    reports = [
        _report("gm16", "光明新区", 2016),
        _report("gm24", "光明区", 2024),
        _report("gm23", "光明区", 2023),
    ]
    gazetteer = Gazetteer.build([Unit(r.district, "区县", ("深圳市",)) for r in reports])
    scope = resolve_scope(parse_query("光明区地区生产总值增速是多少", gazetteer), reports)
    assert scope.doc_ids == ("gm24",) and scope.year == 2024 and "按光明区最新" in scope.note
    assert resolve_scope(parse_query("光明区2016年地区生产总值", gazetteer), reports).doc_ids == ("gm16",)
