"""The facts table over REST: figures by indicator, district and year, each with its sentence."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import ServiceDep

router = APIRouter(tags=["facts"])


class FactCitationOut(BaseModel):
    doc_id: str
    title: str
    district: str
    year: int | None = Field(description="the year the report covers")
    section: str
    text: str = Field(description="the sentence stating the figure; equals the report text[start:end]")
    start: int
    end: int
    page: int | None = Field(default=None, description="the page the sentence is printed on (PDF reports)")


class FactOut(BaseModel):
    district: str
    year: int | None = Field(description="the year the figure is about")
    indicator: str = Field(description="vocabulary name, or the phrase as written for other metrics")
    raw_indicator: str = Field(description="the words that named the metric in the report")
    value: float = Field(description="normalised value: 47.89亿元 → 4789000000, 七成 → 70")
    unit: str = Field(description="normalised unit: %, 元, 件, 宗, 人 …")
    qualifier: str = Field(description="余, 近, 超, 约, 以上, 左右 … or empty")
    value_text: str = Field(description="the figure as written, e.g. 47.89亿元")
    planned: bool = Field(description="a target or plan rather than a result")
    breakdown: bool = Field(description="part of a 其中… breakdown of a total")
    citation: FactCitationOut


class FactList(BaseModel):
    indicator: str | None = Field(description="the indicator the request was resolved to")
    facts: list[FactOut]


class IndicatorOut(BaseModel):
    name: str
    unit: str = Field(description="%, 元, count, people, or the units allowed (个|块)")
    description: str
    synonyms: list[str] = Field(description="wordings (regular expressions) that name it")
    count: int = Field(description="facts in the index")


class IndicatorList(BaseModel):
    indicators: list[IndicatorOut]
    other: list[tuple[str, int]] = Field(
        description="metrics outside the vocabulary, as written, with counts"
    )


@router.get(
    "/v1/facts",
    response_model=FactList,
    summary="Figures stated in the reports, with the sentence that states each",
    responses={404: {"description": "unknown indicator"}, 422: {"description": "bad parameter"}},
)
async def list_facts(
    service: ServiceDep,
    indicator: Annotated[
        str | None,
        Query(description="indicator name or wording (出庭应诉率, 化解率, GDP增长)", max_length=100),
    ] = None,
    district: Annotated[
        str | None, Query(description="district, full or short name (东城)", max_length=50)
    ] = None,
    year: Annotated[int | None, Query(ge=1949, le=2100, description="the year the figure is about")] = None,
) -> FactList:
    name, rows = service.facts_listing(indicator, district, year)
    return FactList(
        indicator=name,
        facts=[
            FactOut(
                **{k: getattr(fact, k) for k in FactOut.model_fields if k != "citation"},
                citation=FactCitationOut(**{k: v for k, v in asdict(citation).items() if k != "score"}),
            )
            for fact, citation in rows
        ],
    )


@router.get(
    "/v1/indicators", response_model=IndicatorList, summary="The indicator vocabulary with fact counts"
)
async def list_indicators(service: ServiceDep) -> IndicatorList:
    curated, other = service.indicators()
    return IndicatorList(
        indicators=[
            IndicatorOut(
                name=i.name,
                unit=i.unit,
                description=i.description,
                synonyms=list(i.patterns[1:]),
                count=count,
            )
            for i, count in curated
        ],
        other=other,
    )
