"""👍/👎 on an answer, stored in the same SQLite feedback table as the Telegram bot's."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas import ErrorOut, Text, whole_text
from qa import Citation, Feedback, FeedbackLog, Settings, open_feedback

router = APIRouter(tags=["feedback"])

# Every stored field is bounded (the body limit, QA_MAX_BODY_BYTES, bounds only the whole).
Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(whole_text)
]
AnswerText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000), AfterValidator(whole_text)
]


class CitationIn(BaseModel):
    """A citation as /v1/ask returned it (CitationOut), with limits on what may be stored."""

    doc_id: Text = Field(max_length=64)
    title: Text = Field(max_length=500)
    district: Text = Field(max_length=100)
    year: int | None = Field(ge=1900, le=2100)
    section: Text = Field(max_length=2000)
    text: Text = Field(max_length=5000)
    start: int = Field(ge=0, le=1_000_000_000)
    end: int = Field(ge=0, le=1_000_000_000)
    score: float = Field(allow_inf_nan=False)


class FeedbackRequest(BaseModel):
    question: Question = Field(
        description="the question as answered (AskResponse.question)", examples=["东城街道行政诉讼出庭率"]
    )
    answer: AnswerText = Field(description="the answer shown (AskResponse.answer)")
    rating: Literal["up", "down"] = Field(description="👍 'up' or 👎 'down'")
    citations: list[CitationIn] = Field(
        default_factory=list, max_length=50, description="the citations shown with the answer"
    )
    channel: Literal["api", "web"] = Field(default="api", description="'web' from the help-desk page")
    comment: Text = Field(default="", max_length=2000, description="optional free text")


class FeedbackOut(BaseModel):
    id: int = Field(description="id of the stored feedback record")


def get_feedback_store(request: Request) -> FeedbackLog:
    """The feedback log beside the index (SQLite, or Milvus), opened on first use and kept on the app."""
    store: FeedbackLog | None = getattr(request.app.state, "feedback_store", None)
    if store is None:
        settings: Settings = request.app.state.settings
        store = open_feedback(settings)
        request.app.state.feedback_store = store
    return store


FeedbackStoreDep = Annotated[FeedbackLog, Depends(get_feedback_store)]


@router.post(
    "/v1/feedback",
    response_model=FeedbackOut,
    status_code=status.HTTP_201_CREATED,
    responses={422: {"model": ErrorOut}},
    summary="Record 👍/👎 on an answer (same store as the Telegram bot)",
)
async def post_feedback(body: FeedbackRequest, store: FeedbackStoreDep) -> FeedbackOut:
    feedback = Feedback(
        rating=body.rating,
        question=body.question,
        answer=body.answer,
        citations=tuple(Citation(**c.model_dump()) for c in body.citations),
        channel=body.channel,
        comment=body.comment.strip(),
    )
    return FeedbackOut(id=await run_in_threadpool(store.record, feedback))
