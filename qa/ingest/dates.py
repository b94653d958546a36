"""Dates in report text: 2021年1月14日, 2021-12-27, 二〇二六年一月二十七日, and where a report puts
them — the meeting it was delivered at, a signature line, a 发布时间/成文日期 label, a site stamp."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from qa.lexicon.numerals import cn_number, digits_to_int

_DATE_AR = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_DATE_CN = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_DATE_RUN = re.compile(r"^(\d{4})年?(\d{1,4})月?(\d{1,2})?日$")  # "2023130日": a date with marks lost
_LABELLED_TIME = re.compile(r"(?:发布|发表|更新|成文)?(?:时间|日期)\s*[:：]\s*(.*)$")
_TIMESTAMP_TIME = re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}时\d{1,2}分")
MEETING = re.compile(r"人民代表大会|人大|会议上")
SUBTITLE_MAX = 80  # a subtitle (——2025年1月16日在…会议上) is short


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first valid date in ``text``: 2021年1月14日, 2021-12-27, 二〇二六年一月二十七日."""
    for match in _DATE_AR.finditer(text):
        date = _valid(int(match[1]), int(match[2]), int(match[3]))
        if date:
            return date
    for match in _DATE_CN.finditer(text):
        year = digits_to_int(match[1])
        date = _valid(year, int(cn_number(match[2]) or 0), int(cn_number(match[3]) or 0))
        if date:
            return date
    return None


def signature_date(line: str) -> dt.date | None:
    """A date standing alone on a line, also when its 年/月 marks were lost ("2023130日")."""
    compact = line.replace(" ", "")
    if len(compact) > 16:
        return None
    date = find_date(compact)
    if date:
        return date
    run = _DATE_RUN.match(compact)
    if run is None:
        return None
    digits = "".join(part or "" for part in run.groups()[1:])
    year = int(run[1])
    for split in (1, 2):
        month, day = digits[:split], digits[split:]
        if month and day and (date := _valid(year, int(month), int(day))):
            return date
    return None


def labelled_date(lines: Sequence[str]) -> dt.date | None:
    """A date given by a 发布时间：/时间： label, on the label's line or the next."""
    for i, line in enumerate(lines):
        match = _LABELLED_TIME.search(line)
        if match is None:
            continue
        date = find_date(match[1]) or (
            find_date(lines[i + 1]) if i + 1 < len(lines) and not match[1] else None
        )
        if date:
            return date
    return None


def stamp_date(lines: Iterable[str]) -> dt.date | None:
    """The date of a site time stamp (a date with a clock time) near the top."""
    for line in lines:
        if _TIMESTAMP_TIME.search(line) and len(line) <= 80 and (date := find_date(line)):
            return date
    return None


def delivery_date(lines: Sequence[str]) -> dt.date | None:
    """The date of the meeting the report was delivered at (the subtitle of a 政府工作报告, which
    may run over two lines)."""
    for i, line in enumerate(lines):
        if len(line) > SUBTITLE_MAX:  # prose ("1990年1月4日，经国务院批准…成立") dates other things
            continue
        meeting = (
            MEETING.search(line) or "届" in line or (i + 1 < len(lines) and MEETING.search(lines[i + 1]))
        )
        if meeting and (date := find_date(line)):
            return date
    return None
