"""How Chinese report prose is punctuated and structured: sentence and clause ends, quotes, heading
markers, the section-path separator and how years are written. Every module that cuts, cleans or
reads structure takes these from here."""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?"  # a sentence ends after one of these
CLAUSE_END = "；;"  # a clause ends (a list item, an answer's natural unit)
COLON = "：:"
COMMA = "，,"
ELLIPSIS = "…"
# Characters that stay with the sentence they close: closing quotes and brackets, ellipses.
CLOSERS = "”’」』）)】》〉…⋯"
# Quoted spans a sentence is never cut inside: opener → closer.
QUOTE_PAIRS = {"《": "》", "“": "”", "「": "」", "『": "』"}
# Spans whose figures are names, not figures ("“十四五”规划", 《…2023年…》).
NAME_QUOTES = {**QUOTE_PAIRS, "〈": "〉", '"': '"'}
OPEN_BRACKETS, CLOSE_BRACKETS = "（(", "）)"

SECTION_SEP = " > "  # joins a passage's heading path: "一、… > （一）… > 1. …"

CN_ORDINALS = "一二三四五六七八九十百零〇"  # the numerals headings are numbered with
# Heading markers, outermost first: (rank, the marker at the very start of a line).
HEADING_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{CN_ORDINALS}\d]+(?:部分|章|篇)\s*")),  # 第一部分 / 第一章
    (1, re.compile(rf"^[{CN_ORDINALS}]+\s*(?:、|[.．](?!\d))")),  # 一、
    (2, re.compile(rf"^[（(]\s*[{CN_ORDINALS}]*\s*[)）]")),  # （一）
    (3, re.compile(r"^\d{1,2}\s*[.、．](?!\d)")),  # 1. / 1、
    (4, re.compile(r"^(?:[（(]\d{1,2}[)）]|[①-⑳])")),  # （1） / ①
    (5, re.compile(rf"^[{CN_ORDINALS}]{{1,3}}是(?=[^，,。；：:\s])")),  # 一是
)
OUTLINE_RANKS = 3  # ranks 0–3 number a report's outline (一、 （一） 1.); 4–5 number items inside prose

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")  # "2022年", "2019 年"
CN_YEAR = re.compile(r"([二一][〇零一二三四五六七八九]{3})年")  # "二〇二三年"
YEARLIKE = r"(?:19[5-9]|20[0-4])\d"  # four digits that may be a year written without 年 (1950–2049)


def heading_rank(line: str) -> int | None:
    """The rank of the heading marker ``line`` starts with, or None."""
    for rank, pattern in HEADING_MARKERS:
        if pattern.match(line):
            return rank
    return None
