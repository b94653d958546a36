"""What a report is: the unit it is about (with its level and the units enclosing it), its genre,
when it was delivered and which year it reviews — each with the evidence it was read from.

Evidence, strongest first: the line where the speaker says whom they speak for (我代表深圳市南山区
人民政府 / 我代表区人民政府 / 我代表国务院), the title, the meeting subtitle (在…第N届人民代表大会…会议上),
the signature, the file name, and the place names of the body. Names are checked against the national
table of divisions (``qa.lexicon.divisions``), so a unit is a real place with a known level, and a
report that speaks as 我区 is not taken for the 街道 it mentions most. A report whose unit cannot be
found is still indexed, with an empty ``district``, and listed as unplaced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from qa.ingest.clean import TITLE_WINDOW, find_title, normalize_lines
from qa.ingest.dates import MEETING, delivery_date, find_date, labelled_date, signature_date, stamp_date
from qa.ingest.structure import parse_heading
from qa.lexicon.divisions import divisions, full_name_of, leftmost_longest, national_hits
from qa.lexicon.places import MUNICIPALITIES, PROVINCE_NAMES, aliases, level_of
from qa.lexicon.text import YEAR
from qa.lexicon.words import PLAN_HEADING
from qa.records import Genre, Level, Metadata

NATIONAL = "全国"
_CJK = "\u4e00-\u9fff"
# The speaker says whom they speak for: 我代表深圳市南山区人民政府 / 我代表区人民政府 / 我代表国务院 /
# 我代表新区党工委、管委会 / 受…委托，我代表…办事处.
_SPEAKER = re.compile(
    rf"我代表(?P<who>[{_CJK}]{{0,16}}?)(?P<body>人民政府|政府|街道办事处|办事处|管委会|管理委员会|党工委|国务院)"
)
_SELF = {  # self-references and the level they speak from
    "街道": re.compile(r"我街|本街道|全街道?(?!道路)"),
    "乡镇": re.compile(r"我镇|本镇|全镇|我乡|全乡"),
    "区县": re.compile(r"我区|本区|我县|本县|全县"),
    "市": re.compile(r"我市|本市"),
    "省": re.compile(r"我省|本省|全省"),
}
_GOV_REPORT = re.compile(r"政府工作报告|向大会(?:作)?(?:政府)?(?:工作)?报告|报告政府工作")
_ZONE_REPORT = re.compile(r"管委会|管理委员会|新区工作会议|年度工作会议")
_RULE_OF_LAW = re.compile(r"法治政府|法治建设|依法行政")
_REVIEW = re.compile(r"回顾|工作情况|成绩|总结|完成情况|工作开展")
# A review of the whole term (过去五年, 本届政府, 区六届人大一次会议以来的工作) rather than of one year.
_TERM_REVIEW = re.compile(
    r"五年|本届|届人大[一二三四五六七八九十]+次会议以来|届人民代表大会第[一二三四五六七八九十]+次会议以来"
)
# This year's results, which only a report delivered late in the year can give.
_LATE_YEAR = re.compile(
    r"今年已经过去|今年有望|今年1[—\-至~－]\d{1,2}月"
    r"|今年(?:上半年|前三季度)[^，。；]{0,8}(?:增长|实现|完成|达到|突破|GDP|地区生产总值)"
)
# The meeting is the first session of a new people's congress (第八届人民代表大会第一次会议, 二届人大一次会议).
_TERM_START = re.compile(r"(?:届人民代表大会第一次会议|届人大一次会议)(?!以来)")
_REPORT_TOPIC = re.compile(r"现将(.{2,30}?)(?:有关|相关)?(?:工作)?(?:情况)?(?:报告|总结|汇报)如下")
_LEAD_YEAR = re.compile(r"^(\d{4})\s*年(?:度)?[，,以来]")
_RANK = {"国家": 0, "省": 1, "市": 2, "区县": 3, "街道": 4, "乡镇": 4}


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str  # full name
    level: Level
    chain: tuple[str, ...]  # enclosing units as written before it ("深圳市",), () when none
    source: str  # where it was read


def _level(name: str) -> Level:
    """A unit's level from the national table (a 县级市 is 区县, a municipality 省), else its suffix."""
    if name == NATIONAL:
        return "国家"
    found = {p.level for p in divisions().get(name)}
    if name in MUNICIPALITIES or name in PROVINCE_NAMES:
        return "省"
    if len(found) == 1:
        return found.pop()
    return level_of(name)


def _chains(text: str) -> list[list[str]]:
    """The place names of ``text``, in runs of adjacent names (深圳市南山区 → [深圳市, 南山区]), full
    names restored from short forms (深圳 → 深圳市) where the short form is unambiguous."""
    runs: list[list[str]] = []
    last_end = -1
    for start, end, name in leftmost_longest(national_hits(text)):
        full = full_name_of().get(name, (name,))
        name = full[0] if len(full) == 1 else name
        if runs and start == last_end:
            runs[-1].append(name)
        else:
            runs.append([name])
        last_end = end
    for m in re.finditer(rf"([{_CJK}]{{2,4}}?)(新区)", text):  # functional zones the table lacks
        if m.group(0) not in divisions():
            runs.append([m.group(0)])
    return runs


def _candidates(text: str, source: str) -> list[Candidate]:
    """Every unit named in ``text``, the innermost of each run, with the names written before it."""
    out: list[Candidate] = []
    for run in _chains(text):
        for i, name in enumerate(run):
            if name in divisions() or name.endswith("新区"):
                out.append(Candidate(name, _level(name), tuple(run[:i]), source))
    return out


def _speaker(text: str) -> tuple[list[Candidate], Level | None, str]:
    """From 我代表…: the units named, the level spoken from, and the body spoken for."""
    match = _SPEAKER.search(text)
    if match is None:
        return [], None, ""
    who, body = match.group("who"), match.group("body")
    if body == "国务院":
        return [Candidate(NATIONAL, "国家", (), "代表 line")], "国家", body
    named = _candidates(who, "代表 line")
    level: Level | None = named[-1].level if named else None
    if level is None:
        level = next((lv for suffix, lv in _SPEAKER_LEVELS if who.endswith(suffix)), None)
    if level is None and body in ("街道办事处", "办事处"):
        level = "街道"
    return named, level, body


_SPEAKER_LEVELS: tuple[tuple[str, Level], ...] = (
    ("自治区", "省"),
    ("省", "省"),
    ("新区", "区县"),
    ("区", "区县"),
    ("县", "区县"),
    ("市", "市"),
    ("镇", "乡镇"),
    ("乡", "乡镇"),
    ("街道", "街道"),
)


def _self_level(text: str) -> Level | None:
    """The level a report speaks from when it says 我区, 全县, 本街道 … (the most said)."""
    counts = Counter({level: len(p.findall(text)) for level, p in _SELF.items()})
    level, n = counts.most_common(1)[0]
    return level if n >= 2 else None  # type: ignore[return-value]


def _fits(level: Level, spoken: Level | None, name: str) -> bool:
    """Whether a unit of ``level`` may speak as ``spoken`` (a municipality says 我市, a region 全区)."""
    if spoken is None or level == spoken:
        return True
    if spoken == "市" and name in MUNICIPALITIES:
        return True
    return spoken == "区县" and level == "省" and name.endswith("自治区")


def _body_counts(text: str) -> Counter[str]:
    """How often the body names each unit, counting its short forms (南山 for 南山区)."""
    counts: Counter[str] = Counter()
    for candidate in _candidates(text, "body"):
        counts[candidate.name] += 1
    for name in list(counts):
        for alias in aliases(name) - {name}:
            if len(alias) >= 2:
                counts[name] += text.count(alias) - text.count(name)
    return counts


def _written_chain(unit: str, text: str) -> tuple[str, ...]:
    """The names written right before ``unit`` in the text most often (广州市白云区 | 黄石街道)."""
    chains: Counter[tuple[str, ...]] = Counter()
    rank = _RANK.get(_level(unit), 5)
    for run in _chains(text):
        if unit in run and run.index(unit) > 0:
            before = tuple(run[: run.index(unit)])
            if all(_RANK.get(_level(name), 5) < rank for name in before):  # enclosing units only
                chains[before] += 1
    return max(chains, key=lambda c: (chains[c], len(c))) if chains else ()


def _as_renamed(name: str, text: str) -> str:
    """The name the report uses for a unit the table knows by an older one: 梁平县 became 梁平区,
    江干区 merged into 上城区 — when the text never says ``name`` but names a unit of the same stem
    (or, for a merged one, a sibling in the same city it names instead), the text's name."""
    if name in text:
        return name
    stems = {a for a in aliases(name) if a != name and len(a) >= 2}
    for run in _chains(text):
        for written in run:
            if (
                written != name
                and any(written.startswith(stem) for stem in stems)
                and _level(written) == _level(name)
            ):
                return written
    return name


def _parent(unit: str, chain: Sequence[str], text: str) -> str:
    """The units enclosing ``unit``, outermost first and without the province when a city is named:
    as the report writes them (before the unit's name, in the evidence or most often in the body),
    completed from the national table where they agree with it (罗湖区笋岗街道 → 深圳市罗湖区); when
    nothing is written, the table's entry whose enclosing units the text names most; failing that,
    the most-named unit one level up (a 新区 the table lacks)."""
    written = tuple(chain) or _written_chain(unit, text)
    level = _level(unit)
    known = [p for p in divisions().get(unit) if p.level == level]
    places = [p for p in known if set(written) <= set(p.parents)]
    if known and not places and not chain and not any(set(written) & set(p.parents) for p in known):
        # names run together in the body, none of which the table has enclosing the unit (河源南山高新
        # 产业园 is a park, not 河源市南山区; 杭州市上城区 of a 街道 the table has in 杭州市江干区 is a
        # renaming): the table's entry the text supports most
        places, written = known, ()
    if places:

        def support(parents: tuple[str, ...]) -> int:
            return sum(text.count(p) + sum(text.count(a) for a in aliases(p) - {p}) for p in parents)

        parents = max(places, key=lambda p: (support(p.parents), -len(p.parents))).parents
    elif written:
        parents = written
    else:
        rank = _RANK.get(_level(unit), 5)
        above = [n for n, _ in _body_counts(text).most_common() if _RANK.get(_level(n), 5) == rank - 1]
        parents = tuple(above[:1])
    parents = tuple(_as_renamed(p, text) for p in parents)
    if len(parents) >= 2 and parents[0] in PROVINCE_NAMES and parents[0] not in MUNICIPALITIES:
        parents = parents[1:]
    return "".join(parents)


# A unit the national table lacks (a town founded or renamed after the data was cut) is believed only
# where the report names itself: at the start of its title, or alone on a signature line.
_SELF_NAMED = re.compile(rf"^([{_CJK}]{{2,8}}?(?:街道|镇|乡|新区|区|县|旗))(?:人民政府|街道办事处|办事处)?")


def _self_named(text: str, source: str, whole_line: bool) -> list[Candidate]:
    text = text.strip()
    match = _SELF_NAMED.match(text)
    if match is None or (whole_line and match.end() != len(text)):
        return []
    name = match.group(1)
    return [] if name in divisions() else [Candidate(name, level_of(name), (), source)]


def _title_candidates(title: str) -> list[Candidate]:
    if not title:
        return []
    text = YEAR.sub("", title)
    return _candidates(text, "title") or _self_named(text, "title", whole_line=False)


def _file_candidates(source: str) -> list[Candidate]:
    stem = PurePath(source).stem
    return _candidates(YEAR.sub("", stem), "file name")


def _meeting_candidates(lines: Sequence[str], source: str) -> list[Candidate]:
    """The unit whose people's congress the report was delivered to: 在深圳市罗湖区第八届人民代表大会."""
    found: list[Candidate] = []
    for text in [*lines, PurePath(source).stem]:
        if MEETING.search(text):
            head = re.split(r"第[一二三四五六七八九十\d]+届|人民代表大会", text)[0]
            found.extend(_candidates(YEAR.sub("", head), "meeting line"))
    return found


def _signature_candidates(lines: Sequence[str]) -> list[Candidate]:
    tail = [line for line in lines[-6:] if len(line) <= 40]
    return [
        c for line in tail for c in _candidates(line, "signature") or _self_named(line, "signature", True)
    ]


def _unit(
    title: str, header: Sequence[str], tail: Sequence[str], text: str, source: str, speaker: list[Candidate],
    spoken: Level | None,
) -> tuple[str, Level, str, str]:  # fmt: skip
    """(unit, level, enclosing units, where the unit was read)."""
    body = _body_counts(text)
    weight_of: dict[str, float] = {}
    first: dict[str, Candidate] = {}  # the strongest evidence for each unit, a written chain kept
    for weight, candidates in (
        (8.0, speaker),
        (6.0, _title_candidates(title)),
        (6.0, _meeting_candidates(header, source)),
        (4.0, _signature_candidates(tail)),
        (3.0, _file_candidates(source)),
    ):
        for c in {c.name: c for c in candidates}.values():  # each kind of evidence counts once
            if not _fits(c.level, spoken, c.name):
                continue
            weight_of[c.name] = weight_of.get(c.name, 0.0) + weight
            if c.name not in first:
                first[c.name] = c
            elif c.chain and not first[c.name].chain:
                first[c.name] = Candidate(c.name, c.level, c.chain, first[c.name].source)
    if not weight_of:  # the body alone: the most-named unit (at the level spoken from, when known)
        ranked = sorted(body.items(), key=lambda item: (-item[1], -_RANK.get(_level(item[0]), 5)))
        for name, n in ranked:
            if n >= 3 and _fits(_level(name), spoken, name):
                weight_of[name] = 0.0
                first[name] = Candidate(name, _level(name), (), f"body ({n} mentions)")
                break
    if not weight_of:
        return "", "unknown", "", ""
    name = max(weight_of, key=lambda n: (weight_of[n] + min(body[n], 30) / 10, -_RANK.get(first[n].level, 5)))
    best = first[name]
    return best.name, best.level, _parent(best.name, best.chain, text), best.source


def _genre(title: str, header: Sequence[str], source: str, text: str, body: str) -> Genre:
    front = "\n".join([title, *header[:6], PurePath(source).stem])
    if _ZONE_REPORT.search(body) or (_ZONE_REPORT.search(front) and "新区" in front):
        return "管委会工作报告"
    if _GOV_REPORT.search(front) or body in ("人民政府", "政府", "国务院"):
        return "政府工作报告"
    if _RULE_OF_LAW.search(front) or _RULE_OF_LAW.search(text[:400]):
        return "法治政府建设报告"
    return "工作报告" if re.search(r"报告|总结", front) else "unknown"


def _delivered(header: Sequence[str], raw_header: Sequence[str], lines: Sequence[str], title: str, source: str,
               genre: Genre) -> tuple[dt.date | int | None, str]:  # fmt: skip
    """When the report was delivered: the meeting's date, a signature, a label; else the year of a
    政府工作报告's title or the file name."""
    if date := delivery_date(header) or delivery_date(raw_header):
        return date, "meeting line"
    if date := next((d for line in reversed(lines[-4:]) if (d := signature_date(line))), None):
        return date, "signature"
    if date := labelled_date(raw_header) or labelled_date(lines[-12:]):
        return date, "date label"
    if genre in ("政府工作报告", "管委会工作报告") and "报告" in title and (m := YEAR.search(title)):
        return int(m.group(1)), "title"
    if date := find_date(PurePath(source).stem):
        return date, "file name"
    if years := re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", PurePath(source).stem):
        return int(years[-1]), "file name"  # collectors put the delivery year last: …_2021.txt
    return None, ""


def _review_headings(lines: Sequence[str]) -> list[str]:
    """The headings (一、 or a short line of its own) that review rather than plan."""
    out = []
    for line in lines:
        heading = parse_heading(line)
        label = heading.label if heading and heading.rank <= 1 else (line if len(line) <= 30 else "")
        if label and not PLAN_HEADING.search(label) and (_REVIEW.search(label) or _TERM_REVIEW.search(label)):
            out.append(label)
    return out


def _review_year(headings: Sequence[str], before: int | None) -> int | None:
    """The year of the first heading that reviews a single year (一、2023年工作回顾), earlier than the
    year the report was delivered in (a heading of that year plans it: 二、做好2022年各项工作)."""
    for label in headings:
        years = {int(y) for y in YEAR.findall(label)}
        if len(years) == 1 and (before is None or min(years) < before):
            return years.pop()
    return None


def _covered_year(genre: Genre, title: str, lines: Sequence[str], text: str, meeting: str,
                  delivered: dt.date | int | None) -> tuple[int | None, str]:  # fmt: skip
    """The year a report reviews, and how that was read."""
    delivered_year = delivered.year if isinstance(delivered, dt.date) else delivered
    headings = _review_headings(lines)
    if genre in ("政府工作报告", "管委会工作报告"):
        if (year := _review_year(headings, delivered_year)) is not None:
            return year, "review heading"
        if delivered_year is None:
            return None, ""
        if isinstance(delivered, dt.date):
            if delivered.month >= 6:  # this year only so far: its full-year figures are the year before's
                return (
                    delivered_year - 1,
                    f"delivered {delivered.isoformat()}, late in the year: its last full year",
                )
            return delivered_year - 1, f"delivered {delivered.isoformat()}: reviews the year before"
        # Delivered during the year (今年上半年…, or a new congress's first session reviewing its term):
        # its full-year figures are the year before's — this year's are only so far
        if _LATE_YEAR.search(text):
            return (
                delivered_year - 1,
                "gives this year's results so far (今年上半年…): its full-year figures are the year before's",
            )
        term_review = bool(headings) and bool(_TERM_REVIEW.search(headings[0]))
        if term_review and _TERM_START.search(meeting):
            return (
                delivered_year - 1,
                "a new congress's first session reviewing the term, undated: its last full year is the year before",
            )
        return delivered_year - 1, f"delivered {delivered_year}: reviews the year before"
    if (m := YEAR.search(title)) is not None:
        return int(m.group(1)), "title"
    for line in lines[:TITLE_WINDOW]:
        if m := _LEAD_YEAR.match(line):
            return int(m.group(1)), "first line"
    if (year := _review_year(headings, None)) is not None:
        return year, "review heading"
    if isinstance(delivered, dt.date):
        year = delivered.year - 1 if delivered.month <= 3 else delivered.year
        return year, "signed date"
    return delivered_year, "delivery year" if delivered_year else ""


def _topic(lines: Sequence[str]) -> str:
    """What an untitled report says it reports on ("现将我街法治建设有关工作情况总结如下")."""
    for line in lines[:TITLE_WINDOW]:
        if match := _REPORT_TOPIC.search(line):
            topic = re.sub(r"^(?:我[街镇乡区县市]道?|本[街镇乡区县市]道?|\d{4}\s*年度?)+", "", match[1])
            topic = re.sub(r"(?:有关|相关|工作|情况)+$", "", topic)
            if len(topic) >= 2:
                return topic
    return "法治建设"


def _compose_title(unit: str, genre: Genre, year: int | None, delivered: dt.date | int | None, lines: Sequence[str],
                   source: str) -> str:  # fmt: skip
    """A title for a report that has none, from what was read: 2021年龙岗区政府工作报告."""
    if genre in ("政府工作报告", "管委会工作报告"):
        when = delivered.year if isinstance(delivered, dt.date) else delivered
        return f"{when or ''}{'年' if when else ''}{'国务院' if unit == NATIONAL else unit}{genre}"
    if unit or year:
        return f"{unit}{year or ''}{'年' if year else ''}{_topic(lines)}工作报告"
    return PurePath(source).stem


def extract_metadata(raw_text: str, clean: str, source: str) -> Metadata:
    """Metadata of one report, from its raw and cleaned text and (where they are silent) its file name."""
    lines = clean.split("\n") if clean else []
    raw_lines = normalize_lines(raw_text)
    title_at = find_title(lines)
    title = lines[title_at] if title_at is not None else ""
    header = lines[:TITLE_WINDOW]
    raw_header = raw_lines[: 2 * TITLE_WINDOW]
    speaker, spoken, body = _speaker("\n".join(lines[:40]))
    spoken = spoken or _self_level(clean)
    genre = _genre(title, header, source, clean, body)
    unit, level, parent, unit_source = _unit(title, header, lines, clean, source, speaker, spoken)
    delivered, delivered_source = _delivered(header, raw_header, lines, title, source, genre)
    meeting = "\n".join([*(line for line in raw_header if MEETING.search(line)), PurePath(source).stem])
    year, year_source = _covered_year(genre, title, lines, clean, meeting, delivered)
    published = (
        labelled_date(raw_header)
        or stamp_date(raw_header)
        or (delivered if isinstance(delivered, dt.date) else None)
    )
    sources = {
        key: value
        for key, value in (
            ("district", unit_source),
            ("year", year_source),
            ("delivered", delivered_source),
            ("level", "national table" if unit and divisions().get(unit) else ("name" if unit else "")),
            ("title", "" if title else "composed"),
        )
        if value
    }
    if genre == "政府工作报告" and unit and not any(a in title for a in aliases(unit) | {"国务院"}):
        title = ""  # "政府工作报告" alone does not say whose: compose one that does
    return Metadata(
        title=title or _compose_title(unit, genre, year, delivered, lines, source),
        district=unit,
        city=parent,
        level=level if unit else "unknown",
        year=year,
        published=published.isoformat() if published else None,
        genre=genre,
        delivered=(delivered.isoformat() if isinstance(delivered, dt.date) else str(delivered))
        if delivered
        else None,
        sources=sources,
    )


__all__ = ["extract_metadata", "find_date"]
