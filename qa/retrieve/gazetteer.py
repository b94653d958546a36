"""Which indexed units a text names — and which places it names that the index does not hold.

Names are found in one linear pass (an Aho–Corasick automaton over the indexed units' names and
short forms, and every division of the national table: ``qa.lexicon.divisions``). Adjacent names
form a chain, outermost first — 深圳市南山区, 北京市东城区, 罗湖区笋岗街道 — whose last name is the
place meant and whose others qualify it. A chain names an indexed unit only when the unit carries
that name (or one of its short forms) and every qualifier is among its enclosing units: 北京市东城区
is not 东莞市's 东城街道, and a 区 is not the 街道 inside it. A chain that names no indexed unit is
reported as a place the index lacks, so the question is answered "未收录…", never from another place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from qa.lexicon.divisions import (
    NameMatcher,
    divisions,
    full_name_of,
    leftmost_longest,
    national_hits,
    ordinary_word,
    stands_alone,
)
from qa.lexicon.places import ABBREVIATED_PROVINCE, PROVINCE_ABBREVIATIONS, aliases
from qa.records import Level

NATIONAL = "全国"  # the unit of the State Council's report
_NATIONAL_ALIASES = ("全国", "国务院", "我国")
# 中国 and 国家 name the country only as a question's subject, right before its year (中国2018年GDP);
# elsewhere they are parts of names (国家高新技术企业, 中国制造2025)
_LEADING_NATIONAL = re.compile(
    r"\s*(中国|国家)(?=\s*(?:\d{2,4}|[一二〇零][〇零一二三四五六七八九]{1,3})年?)"
    # 咱们国家, 我国: the country whatever follows, also after the year (2015年咱们国家城镇新增就业)
    r"|\s*(?:(?:\d{4}|[一二〇零][〇零一二三四五六七八九]{3})年[，,的\s]*)?((?:咱们|我们|咱)国家|我国|咱国)"
)
# A 街道/镇/乡/新区 name the national table may lack (set up since): two or three Han characters
# before the suffix, at the start or after a non-Han character, or right after a named place.
_LOCAL_PLACE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))([\u4e00-\u9fff]{2,3})(街道|镇|乡|新区)")
# (its 区 not that of 地区生产总值, 区域: 四川省实现地区生产总值 names no place 实现地区)
_AFTER_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(街道|镇|乡|新区|区(?!生产|域|间|块)|县)")
_FUNCTION_CHARS = set("个些这那哪各本该全每的了在是有和与及我你他问请其所年月日城新")
_SEPARATORS = "的 　·"  # what may stand between the names of a chain (深圳市的南山区)
_RANK = {"国家": 0, "省": 1, "市": 2, "区县": 3, "街道": 4, "乡镇": 4}


@dataclass(frozen=True, slots=True)
class Unit:
    """An indexed unit: a report's subject."""

    name: str
    level: Level
    parents: tuple[str, ...] = ()  # enclosing units as the reports and the national table give them


@dataclass(frozen=True, slots=True)
class Mention:
    """A chain of place names in a text: ``target`` is the place meant, ``qualifiers`` enclose it."""

    start: int
    end: int
    target: str  # as written: 南山区, 南山, 深圳
    qualifiers: tuple[str, ...] = ()  # as written, outermost first
    units: tuple[str, ...] = ()  # indexed units it names (full names); () when the index lacks it

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _full_names(name: str) -> set[str]:
    """A written name and the full names it may stand for (深圳 → 深圳市)."""
    return {name, *full_name_of().get(name, ())}


@dataclass(frozen=True, slots=True)
class Gazetteer:
    units: tuple[Unit, ...]
    alias_map: dict[str, tuple[str, ...]]  # alias → full names of the indexed units it may mean
    enclosing: dict[str, frozenset[str]]  # unit → every name of its enclosing units (full and short)
    levels: dict[str, Level]  # unit → its level
    matcher: NameMatcher = field(repr=False, compare=False)  # the aliases (national names: a shared one)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    @classmethod
    def build(cls, units: Iterable[Unit | str]) -> Gazetteer:
        """The gazetteer of the indexed ``units`` (a bare name stands for a unit of unknown level)."""
        known: dict[str, Unit] = {}
        for unit in units:
            unit = unit if isinstance(unit, Unit) else Unit(unit, "unknown")
            if unit.name and (unit.name not in known or len(unit.parents) > len(known[unit.name].parents)):
                known[unit.name] = unit
        alias_map: dict[str, set[str]] = {}
        for unit in known.values():
            names = set(_NATIONAL_ALIASES) if unit.name == NATIONAL else aliases(unit.name)
            if unit.name.endswith("新区"):  # 坪山新区 became 坪山区: one place, two names over time
                successor = unit.name[: -len("新区")] + "区"
                names |= {successor} if successor in known else set()
            for alias in names:
                alias_map.setdefault(alias, set()).add(unit.name)
        for unit in known.values():  # and the other way round: 坪山区 also means the old 坪山新区
            if unit.name.endswith("新区") and (successor := unit.name[: -len("新区")] + "区") in known:
                alias_map[successor].add(unit.name)
        enclosing = {name: frozenset(_enclosing(unit)) for name, unit in known.items()}
        return cls(
            units=tuple(sorted(known.values(), key=lambda u: u.name)),
            alias_map={a: tuple(sorted(v)) for a, v in alias_map.items()},
            enclosing=enclosing,
            levels={name: unit.level for name, unit in known.items()},
            matcher=NameMatcher(alias_map),
        )

    # ---- finding ---------------------------------------------------------------------------
    def _raw(self, text: str) -> list[tuple[int, int, str]]:
        """Every name found (indexed aliases, national divisions), plus 街道/镇/乡/新区 names the
        national table lacks, leftmost-longest and not overlapping."""
        indexed = self.matcher.matches(text)
        # an indexed place's short name that is an everyday word (光明 of 光明区) only where it stands
        # alone: 光明模式 is no place
        ends = {end for _, end, _ in national_hits(text)}
        indexed = [
            hit for hit in indexed if not self._everyday_stem(hit[2]) or stands_alone(text, *hit[:2], ends)
        ]
        found = leftmost_longest([*indexed, *national_hits(text, (end for _, end, _ in indexed))])
        taken = [False] * len(text)
        for start, end, _ in found:
            for i in range(start, end):
                taken[i] = True
        extra: list[tuple[int, int, str]] = []
        for m in _LOCAL_PLACE.finditer(text):
            if not any(taken[m.start() : m.end()]) and not _FUNCTION_CHARS & set(m.group(1)):
                extra.append((m.start(), m.end(), m.group(0)))
        for m in ABBREVIATED_PROVINCE.finditer(text):  # 沪2025年: 上海市
            if not taken[m.start()]:
                extra.append((m.start(), m.end(), PROVINCE_ABBREVIATIONS[m.group(1)]))
        for _, end, _ in found:  # 深圳市大鹏新区: an unknown name right after a known one
            after = _AFTER_PLACE.match(text, end)
            if (
                after
                and not any(taken[after.start() : after.end()])
                and not _FUNCTION_CHARS & set(after.group(1))
            ):
                extra.append((after.start(), after.end(), after.group(0)))
        return sorted({*found, *extra})

    def _everyday_stem(self, alias: str) -> bool:
        """Whether ``alias`` is the short name of an indexed unit (光明 of 光明区) and an everyday word."""
        units = self.alias_map.get(alias, ())
        return any(u != alias and u.startswith(alias) for u in units) and ordinary_word(alias)

    def find(self, text: str) -> list[Mention]:
        """The chains of place names in ``text``, each resolved to the indexed units it names."""
        raw = self._raw(text)
        chains: list[list[tuple[int, int, str]]] = []
        for hit in raw:
            if chains and self._continues(text, chains[-1], hit):
                chains[-1].append(hit)
            else:
                chains.append([hit])
        mentions = [self._resolve(chain) for chain in chains]
        leading = _LEADING_NATIONAL.match(text)
        if (
            leading
            and NATIONAL in self.alias_map.get("全国", ())
            and not any(m.start < leading.end() for m in mentions)
        ):
            # 中国2018年…, 国家2016年…: the country, as the question's subject (not 国家高新技术企业)
            group = 1 if leading.group(1) else 2
            mentions.insert(
                0, Mention(leading.start(group), leading.end(group), leading.group(group), (), (NATIONAL,))
            )
        # 全国/国务院 is weak evidence: "全国文明城市" in a question about a district is no place.
        if any(m.units and NATIONAL not in m.units for m in mentions):
            mentions = [m for m in mentions if m.units != (NATIONAL,)]
        return mentions

    def _continues(self, text: str, chain: list[tuple[int, int, str]], hit: tuple[int, int, str]) -> bool:
        """Whether ``hit`` is a name inside the place ``chain`` ends with (深圳市 | 南山区)."""
        gap = text[chain[-1][1] : hit[0]]
        if gap.strip(_SEPARATORS) or len(gap) > 1:
            return False
        outer = _full_names(chain[-1][2])
        if any(outer & self._containers(name) for name in self._candidates(hit[2])):
            return True
        # A lower-level name right after a higher one is still written as one place (广州市南山区):
        # kept together, it names no indexed unit unless the qualifier fits — never a silent match.
        return not self._known(hit[2]) or self._rank(chain[-1][2]) < self._rank(hit[2])

    def _rank(self, written: str) -> int:
        """How high the place a name stands for is: 0 the nation … 4 a 街道 or 镇 (the highest reading)."""
        levels = [self.levels[n] for n in self.alias_map.get(written, ()) if n in self.levels]
        levels += [p.level for n in _full_names(written) for p in divisions().get(n)]
        return min((_RANK.get(level, 5) for level in levels), default=5)

    def _known(self, name: str) -> bool:
        return name in self.alias_map or name in divisions() or name in full_name_of()

    def _candidates(self, written: str) -> set[str]:
        """The full names a written name may stand for: indexed units and national divisions."""
        return {*self.alias_map.get(written, ()), *(n for n in _full_names(written) if n in divisions())}

    def _containers(self, name: str) -> set[str]:
        """Every unit that encloses ``name`` anywhere: its parents in the index and nationally."""
        out = set(self.enclosing.get(name, ()))
        for place in divisions().get(name):
            out.update(place.parents)
        return out

    def _resolve(self, chain: list[tuple[int, int, str]]) -> Mention:
        *outer, (start_last, end, target) = chain
        qualifiers = tuple(name for _, _, name in outer)
        units = tuple(
            unit
            for unit in self.alias_map.get(target, ())
            if all(_full_names(q) & self.enclosing.get(unit, frozenset()) for q in qualifiers)
        )
        return Mention(chain[0][0], end, target, qualifiers, units)

    # ---- for callers that want names, not mentions -----------------------------------------
    def districts(self, text: str) -> tuple[str, ...]:
        """The indexed units ``text`` names, in order."""
        out: list[str] = []
        for mention in self.find(text):
            out.extend(u for u in mention.units if u not in out)
        return tuple(out)


def _enclosing(unit: Unit) -> set[str]:
    """The names (full and short) of every unit enclosing ``unit``: its own parents, completed from
    the national table where it agrees with them (南山区 in 深圳市 → also 广东省)."""
    own = set(unit.parents)
    parents = set(own)
    for place in divisions().get(unit.name):
        # agreeing with the unit's own parents, not with what an earlier entry added: 东莞市's 东城街道
        # brings 广东省, which must not let 清远市清城区's 东城街道 in
        if not own or own & set(place.parents):
            parents |= set(place.parents)
    names = set(parents)
    for parent in parents:
        names |= aliases(parent)
    return names
