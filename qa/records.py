"""Immutable records that flow through the pipeline: reports, passages, hits, answers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["街道", "乡镇", "区县", "市", "省", "国家", "unknown"]
Genre = Literal["政府工作报告", "管委会工作报告", "法治政府建设报告", "工作报告", "unknown"]
QuestionType = Literal["figure", "list", "which", "yesno", "general"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file read from disk and decoded, before cleaning."""

    source: str  # file name (no directories)
    sha256: str  # of the raw bytes
    text: str  # decoded text (HTML already reduced to text)
    # Paged files (PDF): pages[i] is the offset in ``text`` where page i+1 starts; empty otherwise.
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a report is, read from its text (and, where the text is silent, its file name)."""

    title: str
    district: str  # the unit the report is about, full form: 东城街道, 南山区, 天津市, 全国; "" unplaced
    city: str  # the units enclosing it, outermost first: 广东省深圳市, 广州市白云区, 东莞市; "" unknown
    level: Level
    year: int | None  # the year the report reviews (a 政府工作报告 delivered in January 2025: 2024)
    published: str | None  # ISO date (YYYY-MM-DD) when the text gives one
    genre: Genre = "unknown"
    delivered: str | None = (
        None  # when it was delivered or issued: YYYY-MM-DD, or YYYY when only that is known
    )
    # How each field was read, for `qa documents`: {"district": "代表 line", "year": "review heading …"}
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def placed(self) -> bool:
        """Whether the report's unit was found (an unplaced report is still indexed and searchable)."""
        return bool(self.district)


@dataclass(frozen=True, slots=True)
class Report:
    doc_id: str
    source: str
    sha256: str
    meta: Metadata
    text: str  # cleaned text; passages' offsets point into it
    # Paged files (PDF): pages[i] is the offset in ``text`` where page i+1 starts; empty otherwise.
    pages: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) the text at ``offset`` is printed on, None for a file without pages."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def district(self) -> str:
        return self.meta.district

    @property
    def year(self) -> int | None:
        return self.meta.year


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of whole sentences inside one paragraph; ``report.text[start:end] == text``."""

    doc_id: str
    ordinal: int  # position within its report, from 0
    section: str  # heading path joined with " > "; "" before the first heading
    start: int
    end: int
    text: str

    @property
    def passage_id(self) -> str:
        return f"{self.doc_id}:{self.ordinal}"


@dataclass(frozen=True, slots=True)
class ParsedReport:
    report: Report
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    doc_id: str
    title: str
    district: str
    year: int | None
    section: str
    text: str
    start: int
    end: int
    score: float
    page: int | None = None  # the page the cited text starts on, for paged files (PDF)


def cite(report: Report, section: str, start: int, end: int, score: float) -> Citation:
    """A citation of ``report.text[start:end]`` (the text is sliced here, so it always matches)."""
    return Citation(
        doc_id=report.doc_id,
        title=report.title,
        district=report.district,
        year=report.year,
        section=section,
        text=report.text[start:end],
        start=start,
        end=end,
        score=score,
        page=report.page_at(start),
    )


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    found: bool
    confidence: float
    took_ms: float
    citations: tuple[Citation, ...] = ()
    # Offsets of the answer text inside the first citation's report (found answers only).
    answer_start: int | None = None
    answer_end: int | None = None
    # Why nothing was found, in words a user can act on (found=false only).
    reason: str = ""
    # Districts/years the question was understood to be about.
    filters: dict[str, str | int] = field(default_factory=dict)
    # Comparison/ranking/threshold/trend questions: one row per report (value None = 未披露).
    table: tuple[dict[str, Any], ...] = ()
    # What the user should know about how the question was read ("按南山区最新的报告（回顾2024年）回答").
    note: str = ""
    # Figure answers: the checked value first ({"text": "70%", "indicator": "出庭应诉率", "district": …,
    # "year": 2022}); None for other answers.
    value: dict[str, Any] | None = None
    # Refusals: the nearest figures the reports do state (a sibling indicator, another year), cited.
    related: tuple[Citation, ...] = ()
    # What the verifier was told about the answer (for evaluation and fitting; not part of the API).
    features: dict[str, float] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """The checked value as the interfaces lead with it ("东城街道 2022年 出庭应诉率：70%"); "" without one."""
        if not self.value:
            return ""
        when = f" {self.value['year']}年" if self.value.get("year") else ""
        return f"{self.value['district']}{when} {self.value['indicator']}：{self.value['text']}"


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure a report states, with the sentence that states it (``report.text[start:end]``)."""

    doc_id: str
    district: str
    year: int | None  # the year the figure is about: a year named in its clause, else the report's
    indicator: str  # vocabulary name, or the phrase as written for metrics outside the vocabulary
    raw_indicator: str  # the words that named the metric, as written
    value: float  # normalised: 47.89亿元 → 4789000000.0, 七成 → 70.0
    unit: str  # normalised unit: "%", "元", "件", "宗", "人", "人次", "百分点" (raw metrics only) …
    qualifier: str  # "" | "余" | "近" | "超" | "约" | "以上" | "左右" | "以下" | "以内"
    start: int  # the sentence, offsets into report.text
    end: int
    section: str
    text: str  # report.text[start:end]
    value_text: str  # the figure as written: "47.89亿元", "三十余次"
    value_start: int = 0  # the figure, offsets into report.text
    value_end: int = 0
    breakdown: bool = False  # part of a "其中…" breakdown of a total stated before it
    planned: bool = False  # a target or plan (预期目标, 力争, 工作计划 sections), not a result
