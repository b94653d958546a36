"""Which-questions (哪个区…, 哪个街道…): the typed check of their answer is the level of the place asked.

"哪个区建设了人工智能产业园" is not answered by a province's sentence on 福州、厦门、泉州's parks: the answer
is a 区 — the unit of a 区 report, or a 区 the sentence names. Levels are the national table's
(``qa.lexicon.divisions``): 省, 市, 区县, 街道, 乡镇.
"""

from __future__ import annotations

import re

from qa.lexicon.divisions import divisions, full_name_of, leftmost_longest, national_hits
from qa.lexicon.places import level_of
from qa.records import Level

_ASKED = re.compile(r"哪(?:个|一个|些|几个|一些)?(街道|镇|乡|区|县|市|省)")
# The levels that answer each asked word: a 镇 may answer 哪个街道 (both are the township tier), a 县级市
# (区县 in the table) 哪个市
_LEVELS: dict[str, frozenset[Level]] = {
    "街道": frozenset(("街道", "乡镇")),
    "镇": frozenset(("乡镇", "街道")),
    "乡": frozenset(("乡镇", "街道")),
    "区": frozenset(("区县",)),
    "县": frozenset(("区县",)),
    "市": frozenset(("市", "区县")),
    "省": frozenset(("省",)),
}


def asked_levels(question: str) -> frozenset[Level]:
    """The levels a which-question asks for (empty when it names none: 哪个单位, 哪里)."""
    m = _ASKED.search(question)
    return _LEVELS[m.group(1)] if m else frozenset()


def names_level(text: str, levels: frozenset[Level]) -> bool:
    """Whether ``text`` names a place of one of ``levels`` (南山区, 义乌, 东城街道, 东莞长安)."""
    for _, end, name in leftmost_longest(national_hits(text)):
        full = (name, *full_name_of().get(name, ()))  # 海口 → 海口市
        found = {d.level for n in full for d in divisions().get(n)} or {level_of(name)}
        if name not in divisions() and "市" in found:  # 福州: the prefecture, not a county of that name
            found.discard("区县")
        if found & levels or _town_after(text, end, full) & levels:
            return True
    return False


def _town_after(text: str, end: int, around: tuple[str, ...]) -> set[Level]:
    """The levels of a town written without its suffix right after the city or county it lies in
    (东莞长安: 长安镇 of 东莞市)."""
    found: set[Level] = set()
    for length in (2, 3):
        stem = text[end : end + length]
        for suffix in _TOWN_SUFFIXES:
            for town in divisions().get(stem + suffix):
                if set(town.parents) & set(around):
                    found.add(town.level)
    return found


_TOWN_SUFFIXES = ("镇", "街道", "乡")
