"""Headings of a report and the section path in force for each line.

Markers, outermost first: 第一部分/第一章 (rank 0), 一、 (1), （一） (2), 1. / 1、 (3), （1） / ① (4),
一是 (5). Levels may be skipped; a heading closes every open heading of the same or a deeper rank.
A short line with no marker and no punctuation that reviews or plans ("2015年工作安排", "过去一年工作回顾")
opens a part (rank 0): reports often set their parts apart by layout alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.lexicon.text import HEADING_MARKERS, SECTION_SEP
from qa.lexicon.words import PLAN_HEADING

LABEL_MAX = 40
_LABEL_END = re.compile(r"[。；;：:！!？?]")
_COMMA = re.compile(r"[，,]")
_BARE_PART = re.compile(r"[\u4e00-\u9fff0-9“”\"]{4,16}")  # no punctuation, no spaces: a line set apart
_PART_WORDS = re.compile(rf"{PLAN_HEADING.pattern}|回顾|主要工作|重点工作|主要任务")  # 2018年主要工作


@dataclass(frozen=True, slots=True)
class Heading:
    rank: int  # 0 outermost … 5 innermost
    label: str  # marker and heading words as written, e.g. "(四)加快推进法治政府建设"
    heading_only: bool  # no body text follows the heading on its line


def _label(line: str) -> tuple[str, bool]:
    """(label, whether the line holds nothing but the heading).

    The label is the first clause, up to the first 。；：!?; a longer one is cut at a comma (or at
    LABEL_MAX characters), and then the line is not a bare heading but a sentence of content."""
    end = _LABEL_END.search(line)
    label, rest = (line[: end.start()], line[end.end() :]) if end else (line, "")
    label = label.strip()
    bare = not rest.strip("。；;：:！!？?”’)） ")
    if len(label) > LABEL_MAX:
        comma = _COMMA.search(label, 4)
        label = label[: comma.start()] if comma and comma.start() <= LABEL_MAX else label[:LABEL_MAX]
        bare = False
    return label.rstrip("，,、 "), bare


def parse_heading(line: str) -> Heading | None:
    """The heading a line opens, or None for ordinary text (numbers inside prose never count)."""
    line = line.strip()
    for rank, pattern in HEADING_MARKERS:
        match = pattern.match(line)
        if match is None or match.end() >= len(line):
            continue
        label, bare = _label(line)
        if len(label) <= match.end():
            continue  # a marker with no words after it
        return Heading(rank=rank, label=label, heading_only=bare)
    if _BARE_PART.fullmatch(line) and _PART_WORDS.search(line):
        return Heading(rank=0, label=line, heading_only=True)
    return None


def section_paths(lines: Sequence[str]) -> list[str]:
    """For each line, the heading path in force there (a heading line's own path includes it),
    labels joined with " > "; "" before the first heading."""
    stack: list[Heading] = []
    paths: list[str] = []
    for line in lines:
        heading = parse_heading(line)
        if heading is not None:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
            stack.append(heading)
        paths.append(SECTION_SEP.join(h.label for h in stack))
    return paths
