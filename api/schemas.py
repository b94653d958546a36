"""Request and response bodies of the public REST contract (v1)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field


def whole_text(value: str) -> str:
    """``value`` when it is Unicode text; a lone surrogate (JSON can escape one: "\\ud800") is refused
    here rather than failing later, when the text is encoded for a response, a log or a database."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"holds a lone surrogate (U+{ord(value[exc.start]):04X} at {exc.start}), which is not text"
        ) from None
    return value


Text = Annotated[str, AfterValidator(whole_text)]


class AskRequest(BaseModel):
    question: Text = Field(description="the question, in Chinese", examples=["东城街道行政诉讼出庭率"])
    top_k: int = Field(default=5, ge=1, le=50, description="citations to return")
    district: Text | None = Field(default=None, description="only this district (full or short name)")
    year: int | None = Field(default=None, ge=1949, le=2100, description="only reports covering this year")
    history: list[Text] = Field(
        default_factory=list,
        max_length=20,
        description="earlier questions of the conversation, oldest first; a follow-up such as "
        "'那四季青街道呢？' is then read as the previous question about 四季青街道",
    )


class CitationOut(BaseModel):
    doc_id: str
    title: str
    district: str
    year: int | None
    section: str = Field(description="heading path, e.g. 一、… > (四)… > 四是…")
    text: str = Field(description="the passage text; equals the report text[start:end]")
    start: int
    end: int
    score: float


class TableRow(BaseModel):
    district: str
    year: int | None
    value: float | None = Field(description="normalised value (47.89亿元 → 4789000000); null = 未披露")
    unit: str
    value_text: str = Field(description="the figure as the report writes it")
    qualifier: str = Field(description="余/近/超/约/以上/左右 … or empty")
    doc_id: str
    start: int | None = Field(description="offsets of the stating sentence in the report text")
    end: int | None


class ValueOut(BaseModel):
    text: str = Field(description="the figure as written: 70%, 16宗, 2.4万亿元")
    indicator: str = Field(description="what it measures, as the facts table names it")
    district: str
    year: int | None = Field(description="the year the figure is about")
    value: float = Field(description="normalised: 47.89亿元 → 4789000000")
    unit: str = Field(description="normalised unit: %, 元, 件, 宗, 人 …")
    start: int = Field(description="the figure's offsets in the report text")
    end: int


class AskResponse(BaseModel):
    question: str = Field(description="the question as understood (follow-ups resolved against history)")
    answer: str = Field(description="sentence(s) copied from the report, or a not-found message")
    found: bool
    confidence: float = Field(ge=0.0, le=1.0)
    took_ms: float
    citations: list[CitationOut] = Field(description="citations[0] is the passage the answer comes from")
    table: list[TableRow] | None = Field(
        default=None,
        description="comparison/ranking/threshold/trend questions: one row per report, each value cited "
        "(the citations hold the stating sentences); null for other questions",
    )
    value: ValueOut | None = Field(
        default=None, description="figure questions: the checked figure, to show before the sentence"
    )
    related: list[CitationOut] = Field(
        default_factory=list,
        description="not-found answers: the nearest figures the reports do state (a sibling indicator, "
        "another year), each cited; empty otherwise",
    )
    note: str = Field(
        default="", description="how the question was read, e.g. which year's report answered it"
    )


class SearchResponse(BaseModel):
    query: str
    took_ms: float
    results: list[CitationOut]


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    district: str = Field(description="the unit the report is about; empty when it could not be placed")
    city: str = Field(description="the units enclosing it, outermost first (深圳市罗湖区)")
    level: str = Field(description="国家, 省, 市, 区县, 街道, 乡镇 or unknown")
    year: int | None = Field(description="the year the report reviews")
    published: str | None
    source: str
    sha256: str
    passages: int
    genre: str = Field(description="政府工作报告, 管委会工作报告, 法治政府建设报告, 工作报告 or unknown")
    delivered: str | None = Field(description="when it was delivered or issued: YYYY-MM-DD, or YYYY")
    sources: dict[str, str] = Field(description="where each field was read (title, 代表 line, file name …)")
    placed: bool = Field(description="whether the report's unit was found")


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class DocumentDetail(DocumentOut):
    text: str = Field(description="the cleaned report text that citation offsets point into")


class ErrorOut(BaseModel):
    detail: str
