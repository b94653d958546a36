"""Names of the places an index covers, with the short forms people type (东城 = 东城街道)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from qa.lexicon.places import PROVINCE_NAMES, aliases

# A 街道/镇/乡 name in a question: two or three Han characters before the suffix, starting the question
# or following a non-Han character, so "城镇" or "推进乡村" are not taken for names.
_LOCAL_PLACE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))([\u4e00-\u9fff]{2,3})(街道|镇|乡)")
_STREET = re.compile(r"([\u4e00-\u9fff]{2,3})街道")
_FUNCTION_CHARS = set("个些这那哪各本该全每的了在是有和与及我你他问请其所年月日城新")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Maps every alias to the full district names it may mean."""

    names: tuple[str, ...]
    alias_map: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, names: Iterable[str]) -> Gazetteer:
        unique = tuple(sorted({n for n in names if n}))
        alias_map: dict[str, set[str]] = {}
        for name in unique:
            for alias in aliases(name):
                alias_map.setdefault(alias, set()).add(name)
        return cls(unique, {a: tuple(sorted(v)) for a, v in alias_map.items()})

    def find(self, text: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
        """Districts named in ``text`` (longest alias wins) and the spans that named them."""
        found: list[str] = []
        spans: list[tuple[int, int]] = []
        taken = [False] * len(text)
        for alias in sorted(self.alias_map, key=len, reverse=True):
            start = text.find(alias)
            while start >= 0:
                end = start + len(alias)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    spans.append((start, end))
                    for name in self.alias_map[alias]:
                        if name not in found:
                            found.append(name)
                start = text.find(alias, end)
        return tuple(found), spans

    def unknown_places(self, text: str, known_spans: list[tuple[int, int]]) -> list[str]:
        """Place-like names in ``text`` (天河街道, 广东省) that the gazetteer does not know."""
        unknown: list[str] = []

        def overlaps(start: int, end: int) -> bool:
            return any(s < end and start < e for s, e in known_spans)

        candidates = [(m.start(), m.end(), m.group(1), m.group(0)) for m in _STREET.finditer(text)]
        candidates += [(m.start(), m.end(), m.group(1), m.group(0)) for m in _LOCAL_PLACE.finditer(text)]
        for start, end, stem, name in candidates:
            if overlaps(start, end) or _FUNCTION_CHARS & set(stem) or name in unknown:
                continue
            unknown.append(name)
        for province in PROVINCE_NAMES:
            for alias in sorted(aliases(province), key=len, reverse=True):
                at = text.find(alias)
                if at >= 0 and not overlaps(at, at + len(alias)) and province not in self.names:
                    unknown.append(province)
                    break
        return unknown
