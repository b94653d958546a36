"""Follow-up questions: "那四季青街道呢？" or "2021年呢？" reuse the previous question's intent."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.lexicon.text import CN_YEAR, YEAR
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import parse_query

# What is left of a follow-up once places and years are taken out: only connective words.
_FOLLOWUP_REST = re.compile(
    r"^(那么?|那个|还有|再看看?|换成|改成|如果是|要是|关于|的|呢|怎么样|如何|情况|是多少|多少|[，,。？?！!\s])*$"
)


def _strip_places_and_years(text: str, gazetteer: Gazetteer) -> str:
    for mention in reversed(gazetteer.find(text)):
        text = text[: mention.start] + text[mention.end :]
    return CN_YEAR.sub("", YEAR.sub("", text))


def is_followup(question: str, gazetteer: Gazetteer) -> bool:
    query = parse_query(question, gazetteer)
    if not (query.districts or query.unknown_places or query.year is not None):
        return False
    rest = _strip_places_and_years(question, gazetteer)
    for name in query.unknown_places:
        rest = rest.replace(name, "")
    return bool(_FOLLOWUP_REST.match(rest))


def _combine(followup: str, previous: str, gazetteer: Gazetteer) -> str:
    new = parse_query(followup, gazetteer)
    old = parse_query(previous, gazetteer)
    places = "、".join(new.districts or new.unknown_places or old.districts or old.unknown_places)
    year = new.year if new.year is not None else old.year
    body = _strip_places_and_years(previous, gazetteer)
    for name in old.unknown_places:
        body = body.replace(name, "")
    body = body.lstrip("的，, ")
    return f"{places}{f'{year}年' if year is not None else ''}{body}"


def resolve_followup(question: str, history: Sequence[str], gazetteer: Gazetteer) -> str:
    """The question to answer, given the earlier questions of the conversation (oldest first)."""
    context = ""
    for earlier in [*history, question]:
        earlier = earlier.strip()
        if not earlier:
            continue
        context = (
            _combine(earlier, context, gazetteer) if context and is_followup(earlier, gazetteer) else earlier
        )
    return context or question
