"""Where a report speaks of other years than the one it reviews. Reviews of several years at once: the
"五年来…" and "“十三五”时期…" parts of a report that also reviews its last year — a sentence there
("城镇新增就业86.22万人") states a five-year figure even when its own words name no period, so it is not
the answer to a one-year question. Goals for the coming years ("未来五年的发展目标是：" and the "——"
paragraphs under it): their figures are targets, whatever heading they stand under."""

from __future__ import annotations

import re
from collections.abc import Callable

_PART = r"[一二三四五六七八九十]+、"  # a part of the report: 一、 二、 …
# A paragraph or heading that opens a review of several years (after an optional 各位代表！)
_OPENS = re.compile(
    rf"^\s*(?:各位代表[！!，,]\s*)?(?:{_PART}\s*)?"
    r"(?:“?十[一二三四五六七八九]五”?(?:时期|以来)|过去(?:的)?五年|五年来|这五年|五年间|经过五年"
    r"|这是[^\n。]{0,30}?的五年"  # 这是经济实力持续提升的五年。
    r"|(?:透过\d{4}年?)?(?:回望|回顾|纵观)“?十[一二三四五六七八九]五”?)"  # 透过2025回望“十四五”
)
# … and one that goes back to a single year, or a new part of the report
_CLOSES = re.compile(
    r"^\s*(?:各位代表[！!，,]\s*)?(?:刚刚过去的\d{4}年|过去(?:的)?一年|这一年|一年来|去年|今年|\d{4}年(?:[，,]|是|以来))"
    rf"|^\s*{_PART}"
)
_NUMBERED = re.compile(rf"^\s*{_PART}")
_AHEAD = re.compile(r"目标|规划|展望|建议|任务|安排|部署")


Spans = tuple[tuple[int, int], ...]


def _runs(text: str, opens: Callable[[str], bool], closes: Callable[[str], bool]) -> Spans:
    """The (start, end) offsets of the runs of lines from one that ``opens`` to the next that
    ``closes`` (which may open the next run), or to the end of ``text``."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    at = 0
    for line in text.splitlines(keepends=True):
        if opened is not None and closes(line):
            spans.append((opened, at))
            opened = None
        if opened is None and opens(line):
            opened = at
        at += len(line)
    if opened is not None:
        spans.append((opened, at))
    return tuple(spans)


def period_spans(text: str) -> Spans:
    """The (start, end) offsets of the parts of ``text`` that review several years — not a part on
    the next five years' aims (二、“十五五”时期主要目标)."""
    return _runs(
        text,
        lambda line: bool(_OPENS.match(line)) and not (_NUMBERED.match(line) and _AHEAD.search(line)),
        lambda line: bool(_CLOSES.match(line)),
    )


# A paragraph that sets the coming years' goals, and the "——" paragraphs that spell them out under it
_GOALS_OPEN = re.compile(r"^\s*(?:未来|今后)(?:五|5|几)年[^\n]{0,16}?目标[^\n]{0,4}?[是为][：:]?")
_GOAL_ITEM = re.compile(r"^\s*——")


def goal_spans(text: str) -> Spans:
    """The (start, end) offsets of the parts of ``text`` that set goals for the coming years."""
    return _runs(
        text,
        lambda line: bool(_GOALS_OPEN.match(line)),
        lambda line: bool(line.strip()) and not _GOAL_ITEM.match(line),
    )


def in_spans(spans: Spans, offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
