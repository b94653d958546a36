"""Which reports a question is about: the places it names and the years it means.

A year means the year a report *reviews*: "罗湖区2023年地区生产总值" is answered from the report that
reviews 2023 (delivered in 2024). A plan or target for year Y ("2024年目标", "2023年工作计划") is set by
the report delivered in Y, which reviews Y−1. A year no report of the place reviews is answered from a
report delivered the year after (its results run to that year; the answer says so), else "not
indexed", with the years that are — never from a neighbouring year's review. A question that names a place
but no year is answered from the place's latest report, and says which year that is — except a yes/no
question (是否入选…), about something done once: every year's report of the place is searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qa.lexicon.words import PLAN_QUESTION
from qa.records import Report
from qa.retrieve.query import Query

SUMMARY_UNITS = 12  # units named in a "what is indexed" line before "等N个"


@dataclass(frozen=True, slots=True)
class Scope:
    doc_ids: tuple[str, ...] | None  # None: every report
    reason: str = ""  # why no report fits (doc_ids == ())
    year: int | None = None  # the year reviewed when the question named none and the latest was taken
    plans: bool = False  # the question asks for plans or targets (answered from plan sections)
    note: str = (
        ""  # how the scope was read, for the user: the latest report taken, a report of the year after
    )
    # with the latest report taken: the places' earlier reports by the year they review, newest first —
    # where a figure the latest does not state is looked for next (罗湖区福利中心有多少张床位)
    earlier: tuple[tuple[int, tuple[str, ...]], ...] = ()

    @property
    def empty(self) -> bool:
        return self.doc_ids is not None and not self.doc_ids


def _years(reports: Iterable[Report]) -> str:
    years = sorted({r.year for r in reports if r.year})
    return "、".join(f"{y}年" for y in years) or "年份不详"


def coverage_summary(reports: Sequence[Report], limit: int = SUMMARY_UNITS) -> str:
    """'东城街道(2022)、天津市(2024、2025)…等67个单位' — what the index holds, for not-found answers."""
    years: dict[str, set[str]] = {}
    for r in reports:
        years.setdefault(r.district or r.title, set()).add(str(r.year) if r.year else "年份不详")
    names = sorted(years)
    shown = "、".join(f"{d}({'、'.join(sorted(years[d]))})" for d in names[:limit])
    return shown + (f"等{len(names)}个单位" if len(names) > limit else "")


def _similar(unknown: Sequence[str], reports: Sequence[Report]) -> list[str]:
    """Indexed units whose names share two characters with a place the index lacks (东城 in 北京市东城区
    and 东城街道): the user may have meant one — or may not, so they are only named."""
    out: list[str] = []
    for name in unknown:
        # two characters of the name proper: a level word's (田区 of 盐田区, 新区, 街道) match any unit
        pairs = {name[i : i + 2] for i in range(len(name) - 1)}
        pairs = {p for p in pairs if not any(c in _LEVEL_CHARS for c in p)}
        for r in reports:
            shown = f"{r.meta.city}{r.district}" if r.meta.city else r.district
            if r.district and shown not in out and any(p in r.district for p in pairs):
                out.append(shown)  # once, however many of its reports are indexed
    return out[:5]


_LEVEL_CHARS = frozenset("省市区县旗镇乡街道")


_RENAMED = re.compile(r"(?:新区|区|县)$")  # the part of a district's name a renaming changes


def resolve_scope(query: Query, reports: Sequence[Report]) -> Scope:
    """The reports ``query`` is about (all of them when it names no place and no year)."""
    plans = bool(PLAN_QUESTION.search(query.text))
    if query.unknown_places and not query.districts:
        names = "、".join(query.unknown_places)
        similar = _similar(query.unknown_places, reports)
        hint = f"（已收录的相近名称：{'、'.join(similar)}）" if similar else ""
        return Scope((), f"未收录{names}的报告{hint}。已收录：{coverage_summary(reports)}。", plans=plans)
    places = "、".join(query.districts)
    chosen = [r for r in reports if r.district in query.districts] if query.districts else list(reports)
    if query.year is not None:
        # plans for Y: the report delivered in Y (a named report's year is already the one it covers)
        wanted = query.year - 1 if plans and not query.report_named else query.year
        covering = [r for r in chosen if r.year == wanted]
        if not covering and not plans:
            # A report delivered the year after that reads as reviewing another year (delivered mid-year,
            # or the first of a new term reviewing five years) still holds the year's results: it is
            # used, and the answer says so.
            after = [r for r in chosen if r.meta.delivered and r.meta.delivered[:4] == str(wanted + 1)]
            if after:
                return Scope(
                    tuple(r.doc_id for r in after),
                    note=f"没有标为回顾{wanted}年的报告：按{wanted + 1}年作的报告回答。",
                )
        if not covering:
            what = f"{query.year}年的{'计划和目标' if plans else '情况'}"
            have = (
                f"{places}已收录的报告回顾的年份：{_years(chosen)}"
                if places
                else f"已收录：{coverage_summary(chosen)}"
            )
            return Scope((), f"已收录的报告没有覆盖{places}{what}（{have}）。", plans=plans)
        return Scope(tuple(r.doc_id for r in covering), plans=plans)
    if not query.districts:
        return Scope(None, plans=plans)
    if query.qtype == "yesno" and len({r.year for r in chosen}) > 1:
        # 是否入选…: something done once, in whichever year's report says it
        note = f"问题没有说年份：查了{places}各年的报告。"
        return Scope(tuple(r.doc_id for r in chosen), plans=plans, note=note)
    latest: list[Report] = []
    units: dict[tuple[str, str, str], list[Report]] = {}
    for r in chosen:  # a unit under its names over the years (光明新区, then 光明区) is one place
        units.setdefault((r.meta.city, r.meta.level, _RENAMED.sub("", r.district)), []).append(r)
    for own in units.values():  # each place's latest report(s): two of one year are both kept
        top = max((r.year or 0 for r in own), default=0)
        latest += [r for r in own if (r.year or 0) == top]
    years = {r.year for r in latest if r.year}
    several = len({r.year for r in chosen if r.year}) > 1
    year = max(years) if several and len(years) == 1 else None
    named = "、".join(dict.fromkeys(r.district for r in latest))  # 光明区, not 光明区、光明新区
    note = f"问题没有说年份：按{named}最新的报告（回顾{year}年）回答。" if year is not None else ""
    older: dict[int, list[str]] = {}
    for r in chosen:
        if year is not None and r.year and r.year < year:
            older.setdefault(r.year, []).append(r.doc_id)
    earlier = tuple((y, tuple(ids)) for y, ids in sorted(older.items(), reverse=True))
    return Scope(tuple(r.doc_id for r in latest), year=year, plans=plans, note=note, earlier=earlier)
