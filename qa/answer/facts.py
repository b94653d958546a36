"""Questions over the facts table: compare, rank, filter by a threshold, follow over the years.

"各街道出庭应诉率对比", "哪个街道信访化解率最高", "出庭应诉率超过60%的街道", "东城街道行政诉讼案件数历年
变化". The answer is a small table, one row per report in scope, each stated value with its sentence
as the citation; a report that does not state the indicator gets a row marked 未披露 (value None).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from qa.answer.check import PART_OF_YEAR, PER_UNIT, SUB_AREA
from qa.errors import UnknownIndicator
from qa.lexicon.figures import parse_number
from qa.lexicon.indicators import curated_names, vocabulary, worded_in
from qa.lexicon.places import PROVINCE_NAMES, aliases
from qa.lexicon.words import PLAN_QUESTION, SEVERAL_YEARS
from qa.records import Citation, Fact, Report, cite
from qa.retrieve.query import Query


def _preference(fact: Fact) -> tuple[bool, bool, int]:
    """Sort key: results before plans, totals before their breakdowns, then text order."""
    return (fact.planned, fact.breakdown, fact.value_start)


class FactTable:
    """The facts of the indexed reports, in memory, looked up by indicator, district and year."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts: tuple[Fact, ...] = tuple(facts)
        self._by_indicator: dict[str, list[Fact]] = {}
        self._by_doc: dict[str, list[Fact]] = {}
        for fact in self.facts:
            self._by_indicator.setdefault(fact.indicator, []).append(fact)
            self._by_doc.setdefault(fact.doc_id, []).append(fact)
        for facts_of_doc in self._by_doc.values():
            facts_of_doc.sort(key=lambda f: f.value_start)
        self._starts = {d: [f.value_start for f in fs] for d, fs in self._by_doc.items()}
        self._counts = Counter(f.indicator for f in self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def in_span(self, doc_id: str, start: int, end: int) -> list[Fact]:
        """The facts whose figure stands in ``report.text[start:end]`` of report ``doc_id``."""
        starts = self._starts.get(doc_id, [])
        facts = self._by_doc.get(doc_id, [])
        return facts[bisect_left(starts, start) : bisect_left(starts, end)]

    def of_doc(self, doc_id: str) -> list[Fact]:
        return self._by_doc.get(doc_id, [])

    def query(
        self, indicator: str | None = None, district: str | None = None, year: int | None = None
    ) -> list[Fact]:
        """Facts of ``indicator`` (its exact name), ``district`` (full or short name: 东城 = 东城街道)
        and ``year`` (the year the figure is about); None means any. Within a report, results come
        before plans and totals before breakdowns."""
        pool = self._by_indicator.get(indicator, []) if indicator is not None else self.facts
        out = [
            f
            for f in pool
            if (district is None or district in aliases(f.district) or district == f.district)
            and (year is None or f.year == year)
        ]
        return sorted(out, key=lambda f: (f.district, f.year or 0, f.doc_id, *_preference(f)))

    def indicators(self) -> list[tuple[str, int]]:
        """The curated vocabulary, in file order, with how many facts each has (0 included)."""
        return [(i.name, self._counts.get(i.name, 0)) for i in vocabulary()]

    def other_indicators(self) -> list[tuple[str, int]]:
        """Metrics outside the vocabulary (their phrase as written), most frequent first."""
        names = curated_names()
        return sorted(
            ((n, c) for n, c in self._counts.items() if n not in names), key=lambda t: (-t[1], t[0])
        )

    def resolve_indicator(self, text: str) -> str | None:
        """The indicator a phrase or question names: the vocabulary wording with the longest match
        (化解率 → 信访化解率, GDP增长 → 地区生产总值增速), else the longest metric phrase of the table
        (three characters at least) that ``text`` contains; None when neither."""
        worded = worded_in(text)
        if worded is not None:
            return worded[0].name
        found = [n for n in self._counts if len(n) >= 3 and n in text and n not in curated_names()]
        return max(found, key=len) if found else None


FactKind = Literal["comparison", "superlative", "threshold", "trend"]
NOT_STATED = "未披露"

# 福田和罗湖哪个高, 南山和宝安谁的GDP增长更快: the higher of the places named (not 哪个…有多少)
_WHICH = r"(?:哪个|哪一个|哪家|谁)[^，,。？?！!]{0,6}?"
# 第一 ranks (GDP第一的区), but 第一家, 第一批, 第一个 say who did something first
_HIGH = re.compile(
    rf"最高|最多|最大|最快|第一(?![家个批所届次座条位项])|排名第一|最好|{_WHICH}(?:[高大快好强]|多(?!少))"
)
_LOW = re.compile(rf"最低|最少|最小|最慢|最差|{_WHICH}(?:[低小慢差弱]|(?<!多)少)")
# Terms that hold 最低/最高 without ranking anything (最低工资标准提高到多少 asks for one figure)
_NAMED_MINIMUM = re.compile(r"最低工资|最低生活|最低标准|最低缴费|最高人民|最高检|最高法")
_TREND = re.compile(r"历年|逐年|变化|趋势|各年|这几年|近几年|每年")
# 哪些 compares places only when it asks for places (哪些区, 哪些省): 培育哪些未来产业 asks for a list
_COMPARE = re.compile(
    r"对比|比较|各街道|各镇|各地|各省|各市|各区|分别|排名|排序|一览|列表|哪些(?:街道|镇|乡|区|县|省|市|地方)"
)
_ABOVE = r"超过|超出|高于|大于|多于|不少于|不低于|至少|达到|以上"
_BELOW = r"低于|少于|小于|不足|不到|不超过|以下"
_THRESHOLD = re.compile(
    rf"(?P<op>{_ABOVE}|{_BELOW})\s*(?P<fig>百分之[〇零一二两三四五六七八九十百点]+|[\d.]+\s*(?:%|％|[^\d\s的]{{0,3}}))"
    rf"(?P<post>以上|以下)?"
)
_LEVEL_WORDS = {
    "街道": "街道",
    "镇": "乡镇",
    "乡": "乡镇",
    "区": "区县",
    "县": "区县",
    "省": "省",
    "市": "市",
}
_SCOPE_LEVEL = re.compile(r"(?:各|哪个|哪些|哪一个|所有|的)(街道|镇|乡|区|县|省|市)")


@dataclass(frozen=True, slots=True)
class FactQuestion:
    kind: FactKind
    indicator: str
    districts: tuple[str, ...]  # named in the question; () means every report in scope
    year: int | None
    level: str | None  # "街道" for 各街道/哪个街道; None for every level
    direction: Literal["high", "low"] = "high"  # superlative: 最高 or 最低
    op: Literal[">", ">=", "<", "<="] | None = None  # threshold comparison
    threshold: float | None = None
    threshold_unit: str = ""
    threshold_text: str = ""  # the bound as the question writes it (10万亿), for the answer to repeat
    plans: bool = False  # targets compared (各区GDP增长目标), not results


@dataclass(frozen=True, slots=True)
class FactRow:
    district: str
    year: int | None
    value: float | None  # None: the report does not state the indicator (未披露)
    unit: str
    value_text: str  # the figure as written, or 未披露
    fact: Fact | None
    doc_id: str = ""


@dataclass(frozen=True, slots=True)
class FactAnswer:
    summary: str
    rows: tuple[FactRow, ...]
    found: bool
    indicator: str = ""

    def table(self) -> list[dict[str, Any]]:
        """JSON-safe rows (district, year, value, unit, value_text, qualifier, doc_id, start, end)."""
        return [
            {
                "district": r.district,
                "year": r.year,
                "value": r.value,
                "unit": r.unit,
                "value_text": r.value_text,
                "qualifier": r.fact.qualifier if r.fact else "",
                "doc_id": r.doc_id,
                "start": r.fact.start if r.fact else None,
                "end": r.fact.end if r.fact else None,
            }
            for r in self.rows
        ]


def fact_citation(fact: Fact, report: Report, score: float = 1.0) -> Citation:
    """The sentence stating ``fact`` as a citation (``report.text[start:end] == text``)."""
    return cite(report, fact.section, fact.start, fact.end, score)


def _ranking_words(question: str) -> str:
    """The question less the terms that hold 最低/最高 without ranking anything (最低工资)."""
    return _NAMED_MINIMUM.sub(" ", question)


def _kind(question: str) -> tuple[FactKind, re.Match[str] | None] | None:
    threshold = _THRESHOLD.search(question)
    if threshold and (parse_number(_figure_text(threshold)) is not None or _bare(threshold) is not None):
        return "threshold", threshold
    ranked = _ranking_words(question)
    if _HIGH.search(ranked) or _LOW.search(ranked):
        return "superlative", None
    if _TREND.search(question):
        return "trend", None
    if _COMPARE.search(question):
        return "comparison", None
    return None


def _figure_text(m: re.Match[str]) -> str:
    return re.sub(r"\s+", "", m.group("fig"))


def _bare(m: re.Match[str]) -> float | None:
    """A number without a unit ("超过60的"), read as a plain value."""
    digits = re.match(r"[\d.]+", _figure_text(m))
    try:
        return float(digits.group(0)) if digits else None
    except ValueError:
        return None


def parse_fact_question(question: str, query: Query, table: FactTable) -> FactQuestion | None:
    """The question as a comparison/superlative/threshold/trend question over an indicator the
    table knows, or None for any other question."""
    kind = _kind(question)
    if kind is None:
        return None
    indicator = table.resolve_indicator(question)
    if indicator is None:
        return None
    level_match = _SCOPE_LEVEL.search(question)
    level = _LEVEL_WORDS[level_match.group(1)] if level_match else None
    if kind[0] == "comparison" and len(query.districts) == 1 and level is None:
        return None  # 浙江城乡居民收入分别增长多少: several figures of one place, not places compared
    plans = bool(PLAN_QUESTION.search(question))
    fq = FactQuestion(kind[0], indicator, query.districts, query.year, level, plans=plans)
    if kind[0] == "superlative":
        direction: Literal["high", "low"] = "low" if _LOW.search(_ranking_words(question)) else "high"
        return FactQuestion(**{**_fields(fq), "direction": direction})
    if kind[0] == "threshold" and kind[1] is not None:
        m = kind[1]
        text = _figure_text(m)
        parsed = parse_number(text)
        if parsed is None and text.endswith(("万", "亿")):  # 超过10万亿: the unit the indicator is in
            units = Counter(f.unit for f in table.query(indicator))
            parsed = parse_number(text + units.most_common(1)[0][0]) if units else None
        value, unit = (parsed.value, parsed.unit) if parsed else (_bare(m) or 0.0, "")
        if not unit and any(f.unit == "%" for f in table.query(indicator)):
            unit = "%"
        above = re.fullmatch(_ABOVE, m.group("op")) is not None and m.group("post") != "以下"
        inclusive = m.group("op") in ("不少于", "不低于", "至少", "达到", "不超过") or bool(m.group("post"))
        op: Literal[">", ">=", "<", "<="] = (
            (">=" if inclusive else ">") if above else ("<=" if inclusive else "<")
        )
        return FactQuestion(
            **{**_fields(fq), "op": op, "threshold": value, "threshold_unit": unit, "threshold_text": text}
        )
    return fq


def _fields(fq: FactQuestion) -> dict[str, Any]:
    return {name: getattr(fq, name) for name in FactQuestion.__slots__}


def _in_scope(fq: FactQuestion, reports: Sequence[Report]) -> list[Report]:
    scope = [r for r in reports if not fq.districts or r.district in fq.districts]
    if fq.level and fq.districts and not any(r.meta.level == fq.level for r in scope):
        # 深圳哪个区…: the units of that level inside the places named
        scope = [r for r in reports if any(d in r.meta.city for d in fq.districts)]
    if fq.level == "省":  # 各省 takes in the municipalities (天津市) too
        scope = [r for r in scope if r.meta.level == "省" or r.district in PROVINCE_NAMES]
    elif fq.level:
        scope = [r for r in scope if r.meta.level == fq.level]
    if fq.year is not None and fq.kind != "trend":  # a year's targets: in the report on the year before
        scope = [r for r in scope if r.year == (fq.year - 1 if fq.plans else fq.year)]
    return sorted(scope, key=lambda r: (r.district, r.year or 0, r.doc_id))


def _row(report: Report, facts: list[Fact], plans: bool = False) -> FactRow:
    """The report's value: its first stated result (a breakdown only when nothing else) — never a
    target (8%左右 in the next year's plan is no result), nor a figure over several years (十三五时期
    累计增长38.7%); with ``plans``, its first target instead."""
    own = [f for f in facts if f.doc_id == report.doc_id and f.planned == plans and _one_year_total(f)]
    if not own:
        return FactRow(report.district, report.year, None, "", NOT_STATED, None, report.doc_id)
    best = min(own, key=lambda f: (f.planned, f.breakdown, f.year != report.year, f.value_start))
    year = best.year
    if plans and year is not None and year == report.year:  # a target no year dates: the next year's
        year += 1
    return FactRow(report.district, year, best.value, best.unit, best.value_text, best, report.doc_id)


def _one_year_total(fact: Fact) -> bool:
    """Whether the fact is its indicator's figure for one year and the whole place: not one over
    several years (“十三五”时期…累计增长38.7%) nor per area or person (每平方公里GDP产出27.3亿元 is no
    地区生产总值) unless the indicator is (人均地区生产总值)."""
    before = fact.text[: fact.value_start - fact.start]
    clause = re.split(r"[，,；;：:]", before)[-1]
    per = PER_UNIT.search(clause) and not PER_UNIT.search(fact.indicator)
    return (
        not SEVERAL_YEARS.search(before)
        and not PART_OF_YEAR.search(before)
        and not per
        and not SUB_AREA.match(clause)
    )


def _passes(row: FactRow, fq: FactQuestion) -> bool:
    if row.value is None or fq.threshold is None or (fq.threshold_unit and row.unit != fq.threshold_unit):
        return False
    return {
        ">": row.value > fq.threshold,
        ">=": row.value >= fq.threshold,
        "<": row.value < fq.threshold,
        "<=": row.value <= fq.threshold,
    }[fq.op or ">"]


def _label(row: FactRow, with_year: bool = True) -> str:
    return f"{row.district}({row.year})" if with_year and row.year else row.district


def _listing(rows: Sequence[FactRow]) -> str:
    return "；".join(f"{_label(r)} {r.value_text}" for r in rows)


def answer_fact_question(fq: FactQuestion, table: FactTable, reports: Sequence[Report]) -> FactAnswer:
    """One row per report in scope (the question's districts, year and level; every report when
    none is named), the stated value with its sentence, or 未披露. Superlatives rank the stated
    values, thresholds keep the values that pass (and the 未披露 rows), trends run by year."""
    scope = _in_scope(fq, reports)
    facts = table.query(fq.indicator)
    rows = [_row(r, facts, fq.plans) for r in scope]
    stated = [r for r in rows if r.value is not None]
    missing = [r for r in rows if r.value is None]
    name = fq.indicator
    if not scope:
        return FactAnswer(f"已收录的报告中没有符合条件的报告，无法比较{name}。", (), False, name)
    if not stated:
        return FactAnswer(
            f"{name}：{'、'.join(_label(r) for r in missing)}均未披露。", tuple(rows), False, name
        )
    tail = f"。未披露：{'、'.join(_label(r) for r in missing)}" if missing else ""
    absent = [d for d in fq.districts if fq.level is None and not any(r.district == d for r in scope)]
    if absent and fq.year is not None:  # 罗湖区和福田区2023年…: no report of 福田区 reviews 2023
        tail += f"。没有{'、'.join(absent)}回顾{fq.year - 1 if fq.plans else fq.year}年的报告"
    if fq.kind == "superlative":
        comparable = [r for r in stated if r.unit == stated[0].unit]
        ranked = sorted(comparable, key=lambda r: r.value or 0.0, reverse=fq.direction == "high")
        ranked += [r for r in stated if r not in comparable]
        top = ranked[0]
        word = "最高" if fq.direction == "high" else "最低"
        ties = [r for r in ranked[1:] if r.value == top.value and r.unit == top.unit]
        who = "、".join(_label(r) for r in (top, *ties))
        summary = f"{name}{word}的是{who}：{top.value_text}"
        if len(ranked) > 1:
            summary += (
                f"（其余：{_listing([r for r in ranked[1:] if r not in ties])}）"
                if len(ranked) > len(ties) + 1
                else ""
            )
        return FactAnswer(summary + tail + "。", tuple(ranked + missing), True, name)
    if fq.kind == "threshold":
        passing = [r for r in stated if _passes(r, fq)]
        op_word = {">": "超过", ">=": "不低于", "<": "低于", "<=": "不超过"}[fq.op or ">"]
        bound = fq.threshold_text or f"{fq.threshold:g}{fq.threshold_unit}"
        head = (
            f"{name}{op_word}{bound}的：{_listing(passing)}"
            if passing
            else f"没有{name}{op_word}{bound}的报告"
        )
        others = [r for r in stated if r not in passing]
        if others:
            head += f"（未达到：{_listing(others)}）"
        return FactAnswer(head + tail + "。", tuple(passing + missing), bool(passing), name)
    if fq.kind == "trend":
        ordered = sorted(rows, key=lambda r: (r.district, r.year or 0))
        by_year = "；".join(f"{_label(r)} {r.value_text}" for r in ordered)
        return FactAnswer(f"{name}历年情况：{by_year}。", tuple(ordered), True, name)
    return FactAnswer(f"{name}对比：{_listing(stated)}{tail}。", tuple(stated + missing), True, name)


def resolve_listing(table: FactTable, indicator: str | None) -> str | None:
    """The indicator a facts listing is asked for: a vocabulary name as given, else the name its
    wording resolves to (化解率 → 信访化解率), else a raw metric phrase the table holds; None for
    every indicator. ``UnknownIndicator`` when nothing matches."""
    if not indicator:
        return None
    if indicator in curated_names():
        return indicator
    name = table.resolve_indicator(indicator)
    if name is None and table.query(indicator):
        name = indicator
    if name is None:
        raise UnknownIndicator(f"unknown indicator {indicator!r}; GET /v1/indicators lists them")
    return name
