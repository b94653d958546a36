from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.clean import clean_text
from qa.ingest.structure import parse_heading, section_paths

REPORTS = Path(__file__).resolve().parents[3] / "data" / "reports"


@pytest.mark.parametrize(
    ("line", "rank", "label", "bare"),
    [
        ("一、2020年法治建设工作情况", 1, "一、2020年法治建设工作情况", True),
        ("(一)加强组织领导", 2, "(一)加强组织领导", True),
        ("（二）加快转变政府职能。", 2, "（二）加快转变政府职能", True),
        ("(一)群众参与社会治理积极性不高。群众参与意识不足。", 2, "(一)群众参与社会治理积极性不高", False),
        ("1.加强组织领导,将法治建设工作落到实处。", 3, "1.加强组织领导,将法治建设工作落到实处", True),
        ("2、开展领导干部学法活动", 3, "2、开展领导干部学法活动", True),
        ("3．强化督导检查。强化责任意识。", 3, "3．强化督导检查", False),
        ("一是发挥组织引领作用。街道充分发挥党工委职能。", 5, "一是发挥组织引领作用", False),
        ("第一部分 总体要求", 0, "第一部分 总体要求", True),
        ("（1）完善制度", 4, "（1）完善制度", True),
    ],
)
def test_parse_heading(line: str, rank: int, label: str, bare: bool) -> None:
    heading = parse_heading(line)
    assert heading is not None
    assert (heading.rank, heading.label, heading.heading_only) == (rank, label, bare)


@pytest.mark.parametrize(
    "line",
    [
        "1.5万人参与活动。",
        "2023年1月召开会议。",
        "我街共有法治宣传栏14个。",
        "一、",
        "12.4%的增长",
        "一是",
        "",
    ],
)
def test_prose_is_not_a_heading(line: str) -> None:
    assert parse_heading(line) is None


def test_long_first_clause_is_cut_at_a_comma_and_is_not_bare() -> None:
    line = "(二)继续加强行政执法能力,提升依法治理效能深化综合行政执法体制改革,深入推进政府职能转变,提升行政决策科学化水平。"
    heading = parse_heading(line)
    assert heading is not None and heading.label == "(二)继续加强行政执法能力" and not heading.heading_only


def test_section_paths_nest_reset_and_skip_levels() -> None:
    lines = [
        "前言。",
        "一、工作情况",
        "(一)组织领导",
        "1.学法",
        "正文。",
        "一是强化学习。正文。",
        "(二)执法",
        "正文。",
        "二、问题",
        "一是短板。正文。",
    ]
    assert section_paths(lines) == [
        "",
        "一、工作情况",
        "一、工作情况 > (一)组织领导",
        "一、工作情况 > (一)组织领导 > 1.学法",
        "一、工作情况 > (一)组织领导 > 1.学法",
        "一、工作情况 > (一)组织领导 > 1.学法 > 一是强化学习",
        "一、工作情况 > (二)执法",
        "一、工作情况 > (二)执法",
        "二、问题",
        "二、问题 > 一是短板",
    ]


def test_004_section_of_the_appearance_rate() -> None:
    raw = next(REPORTS.glob("004_*.txt")).read_text(encoding="utf-8")
    lines = clean_text(raw).split("\n")
    paths = section_paths(lines)
    path = next(p for line, p in zip(lines, paths, strict=True) if "出庭应诉率为70%" in line)
    assert path == "一、2022年法治建设工作情况 > (四)加快推进法治政府建设 > 四是加强和规范行政应诉工作"


def test_a_part_set_apart_by_layout_alone() -> None:
    lines = ["一、经济发展", "本地生产总值3464亿元。", "2015年工作安排", "——本地生产总值3800亿元；"]
    assert section_paths(lines)[-1] == "2015年工作安排"
    assert parse_heading("南山区人民政府") is None and parse_heading("目标任务全面完成。") is None


def test_a_years_main_work_set_apart_is_a_part() -> None:
    """2018年主要工作 on a line of its own opens the plans part; its numbered parts are not the review's."""
    lines = [
        "2017年工作回顾",
        "一、经济发展新业绩",
        "2018年主要工作",
        "一、实施营商环境改革行动",
        "筹集住房5600套。",
    ]
    assert section_paths(lines)[-1] == "2018年主要工作 > 一、实施营商环境改革行动"
