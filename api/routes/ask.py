from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter

from api.deps import ServiceDep
from api.placement import AnswerPlacement
from api.schemas import AskRequest, AskResponse, ErrorOut
from qa import Answer

router = APIRouter(tags=["ask"])
_ASK_RESPONSE = TypeAdapter(AskResponse)


def ask_json(answer: Answer) -> bytes:
    """The response body for ``answer``: validated as ``AskResponse`` straight from the records'
    attributes (no ``asdict`` copies) and serialised once, where returning the model would have
    FastAPI validate it a second time."""
    response = AskResponse.model_validate(
        {
            "question": answer.question,
            "answer": answer.answer,
            "found": answer.found,
            "confidence": answer.confidence,
            "took_ms": answer.took_ms,
            "citations": answer.citations,
            "table": answer.table or None,
            "value": answer.value or None,
            "related": answer.related,
            "note": answer.note,
        },
        from_attributes=True,
    )
    return _ASK_RESPONSE.dump_json(response)


@router.post(
    "/v1/ask",
    response_model=AskResponse,
    responses={422: {"model": ErrorOut}, 503: {"model": ErrorOut}},
    summary="Answer a question with cited sentences from the reports",
)
async def ask(request: Request, body: AskRequest, service: ServiceDep) -> Response:
    def answer() -> Answer:
        return service.ask(
            body.question, top_k=body.top_k, district=body.district, year=body.year, history=body.history
        )

    placement: AnswerPlacement = request.app.state.placement
    asked = hash((body.question, body.district, body.year, tuple(body.history)))  # an int to remember
    result = answer() if placement.on_loop(asked) else await run_in_threadpool(answer)
    placement.answered(asked)
    request.app.state.metrics.answered(result.found)
    return Response(ask_json(result), media_type="application/json")
