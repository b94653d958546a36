"""Immutable records that flow through the pipeline: reports, passages, hits, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["街道", "乡镇", "区县", "市", "省", "unknown"]
QuestionType = Literal["figure", "list", "which", "yesno", "general"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A file read from disk and decoded, before cleaning."""

    source: str  # file name (no directories)
    sha256: str  # of the raw bytes
    text: str  # decoded text (HTML already reduced to text)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the report says about itself."""

    title: str
    district: str  # the unit the report is about, full form: 东城街道, 天津市, 海南省
    city: str  # the enclosing city/district when stated: 东莞市, 广州市白云区; "" when unknown
    level: Level
    year: int | None  # the year the report covers (a 2025 政府工作报告 covers 2024)
    published: str | None  # ISO date (YYYY-MM-DD) when the text gives one


@dataclass(frozen=True, slots=True)
class Report:
    doc_id: str
    source: str
    sha256: str
    meta: Metadata
    text: str  # cleaned text; passages' offsets point into it

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
