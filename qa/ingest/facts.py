"""Indicators as typed facts: every figure in a report, with the metric it measures, read once at ingest.

A figure is a number with a unit ("16宗", "70%", "47.89亿元", "三十余次", "七成"). Its indicator is
the metric of the curated vocabulary (``qa/lexicon/data/indicators.tsv``) whose wording stands right before
the figure ("出庭应诉率为70%") or right after it ("5宗裁定撤诉"); a figure no pattern claims keeps the
phrase it was written with as its indicator. No model is involved: extraction is pure and
deterministic, so the facts can be rebuilt with the index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any, NamedTuple

from qa.errors import IndexCorrupted
from qa.ingest.split import sentence_spans
from qa.lexicon.loader import data_rows
from qa.lexicon.numerals import CN_DIGITS
from qa.records import Passage, Report
from qa.retrieve.gazetteer import aliases

# ---- numbers ------------------------------------------------------------------------------------

_CN_DIGIT = CN_DIGITS
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN = "〇零一二两三四五六七八九十百千"
_MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# Units a figure may carry, longest first so that 人次 wins over 人. 名 is stored as 人, ％ as %.
_UNITS = (
    "个百分点", "平方米", "人次", "件次", "家次", "批次", "车次", "户次", "场次", "公里",
    "%", "％", "元", "宗", "件", "次", "个", "家", "人", "名", "位", "份", "条", "场", "期", "批",
    "项", "笔", "篇", "台", "起", "户", "张", "幢", "栋", "支", "封", "块", "所", "座", "处", "册",
    "本", "辆", "吨", "亩", "间", "套", "成",
)  # fmt: skip
_UNIT_ALIASES = {"名": "人", "％": "%", "个百分点": "百分点", "成": "%"}
PEOPLE_UNITS = frozenset({"人", "人次"})
_PRE_QUALIFIER = {
    "近": "近",
    "约": "约",
    "大约": "约",
    "超过": "超",
    "超": "超",
    "逾": "超",
    "不少于": "以上",
    "不低于": "以上",
}
_POST_QUALIFIER = ("以上", "左右", "以下", "以内")

_ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
_CN_NUMBER = rf"[{_CN}]+(?:点[〇零一二三四五六七八九]+)?"
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_FIGURE = re.compile(
    rf"(?P<pre>大约|近|约|超过|超|逾|不少于|不低于)?"
    rf"(?:百分之(?P<pct>{_ARABIC}|{_CN_NUMBER})"
    rf"|(?P<num>{_ARABIC}|{_CN_NUMBER})(?P<mag>万亿|亿|万|千)?(?P<yu>余|多)?(?P<unit>{_UNIT_RE}))"
    rf"(?P<post>以上|左右|以下|以内)?"
)
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[一二][〇零一二三四五六七八九]{{3}})年"
    rf"(?:(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})月(?:(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})日)?)?"
)


class Quantity(NamedTuple):
    value: float
    unit: str  # normalised: "%", "元", "件", "人" …; "年" for a year, "日期" for a date (value YYYYMMDD)
    qualifier: str  # "" | "余" | "近" | "超" | "约" | "以上" | "左右" | "以下" | "以内"


def cn_number(text: str) -> float | None:
    """Value of a Chinese numeral: 三十 → 30, 一百零五 → 105, 二〇二三 → 2023, 三点五 → 3.5."""
    whole, _, decimals = text.partition("点")
    if not whole or any(c not in _CN_DIGIT and c not in _CN_UNIT for c in whole):
        return None
    if decimals and any(c not in _CN_DIGIT for c in decimals):
        return None
    if not any(c in _CN_UNIT for c in whole):
        value = float("".join(str(_CN_DIGIT[c]) for c in whole))
    else:
        total, digit = 0, 0
        for c in whole:
            if c in _CN_DIGIT:
                digit = _CN_DIGIT[c]
            else:
                total += (digit or 1) * _CN_UNIT[c]
                digit = 0
        value = float(total + digit)
    if decimals:
        value += float("0." + "".join(str(_CN_DIGIT[c]) for c in decimals))
    return value


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    return cn_number(text)


def _quantity(m: re.Match[str]) -> Quantity | None:
    qualifier = _PRE_QUALIFIER.get(m.group("pre") or "", "")
    if m.group("pct") is not None:
        value, unit = _number(m.group("pct")), "%"
    else:
        value, unit = _number(m.group("num")), m.group("unit")
        if unit == "成" and not (
            value is not None and m.group("num") in "一二两三四五六七八九" and not m.group("mag")
        ):
            return None  # 七成 is 70%; "3成" and "十成" are not how shares are written
        if value is not None and unit == "成":
            value *= 10
        if value is not None and m.group("mag"):
            value *= _MAGNITUDE[m.group("mag")]
        if m.group("yu"):
            qualifier = qualifier or "余"
        unit = _UNIT_ALIASES.get(unit, unit)
    if value is None:
        return None
    if m.group("post"):
        qualifier = qualifier or m.group("post")
    return Quantity(round(value, 6), unit, qualifier)


def parse_number(text: str) -> Quantity | None:
    """Normalise one figure as written, or None when ``text`` is not a figure.

    70% / 70％ / 百分之七十 / 七成 → (70, "%"); 47.89亿元 → (4.789e9, "元"); 三十余次 → (30, "次", "余");
    1.5万人 → (15000, "人"); 近3万份 → (30000, "份", "近"); 5.1%左右 → (5.1, "%", "左右");
    2个百分点 → (2, "百分点"); 二〇二三年 → (2023, "年"); 2023年1月30日 → (20230130, "日期")."""
    text = text.strip()
    date = _DATE.fullmatch(text)
    if date:
        year = _number(date.group("y"))
        if year is None:
            return None
        if not date.group("m"):
            return Quantity(year, "年", "")
        month = _number(date.group("m")) or 0
        day = _number(date.group("d")) if date.group("d") else 0
        return Quantity(year * 10000 + month * 100 + (day or 0), "日期", "")
    m = _FIGURE.fullmatch(text)
    return _quantity(m) if m else None


# ---- the vocabulary -----------------------------------------------------------------------------

UnitKind = str  # "%", "元", "count", "people", or "个|块" (explicit units)


@dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    unit: UnitKind
    patterns: tuple[str, ...]
    context: str  # regular expression the sentence must contain; "" for none
    description: str

    def accepts(self, unit: str) -> bool:
        if self.unit == "%":
            return unit == "%"
        if self.unit == "元":
            return unit == "元"
        if self.unit == "people":
            return unit in PEOPLE_UNITS
        if self.unit == "count":
            return unit not in ("%", "百分点", "元")
        return unit in self.unit.split("|")


def _alternatives(patterns: str) -> list[str]:
    """Split a pattern cell at its top-level "|" (those inside brackets belong to a group)."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(patterns):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(patterns[start:i])
            start = i + 1
    out.append(patterns[start:])
    return [p for p in out if p]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Indicator, ...]:
    """The curated indicators of ``qa/lexicon/data/indicators.tsv``, in file order."""
    out: list[Indicator] = []
    for number, cells in data_rows("indicators.tsv"):
        if len(cells) != 5:
            raise ValueError(
                f"indicators.tsv line {number}: expected 5 tab-separated columns, got {len(cells)}"
            )
        name, unit, patterns, context, description = cells
        out.append(Indicator(name, unit, (name, *_alternatives(patterns)), context, description))
    return tuple(out)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[Indicator, re.Pattern[str], re.Pattern[str] | None], ...]:
    return tuple(
        (
            i,
            re.compile("|".join(f"(?:{p})" for p in i.patterns)),
            re.compile(i.context) if i.context else None,
        )
        for i in vocabulary()
    )


# ---- facts --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure a report states, with the sentence that states it (``report.text[start:end]``)."""

    doc_id: str
    district: str
    year: int | None  # the year the figure is about: a year named in its clause, else the report's
    indicator: str  # vocabulary name, or the phrase as written for metrics outside the vocabulary
    raw_indicator: str  # the words that named the metric, as written
    value: float  # normalised: 47.89亿元 → 4789000000.0, 七成 → 70.0
    unit: str  # normalised unit: "%", "元", "件", "宗", "人", "人次", "百分点" (raw metrics only) …
    qualifier: str  # "" | "余" | "近" | "超" | "约" | "以上" | "左右" | "以下" | "以内"
    start: int  # the sentence, offsets into report.text
    end: int
    section: str
    text: str  # report.text[start:end]
    value_text: str  # the figure as written: "47.89亿元", "三十余次"
    value_start: int = 0  # the figure, offsets into report.text
    value_end: int = 0
    breakdown: bool = False  # part of a "其中…" breakdown of a total stated before it
    planned: bool = False  # a target or plan (预期目标, 力争, 工作计划 sections), not a result

    @property
    def curated(self) -> bool:
        return self.indicator in _names()


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(i.name for i in vocabulary())


_DELIMS = frozenset("，,；;。：:！？!?")
_OPEN, _CLOSE = "（(", "）)"
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉", '"': '"'}
_PARENS = re.compile(r"[（(][^（）()]*[）)]")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")
_LEAD = re.compile(
    r"^(?:[、，,；;：:（()）“”]|\d+月|其中|共有|有|同时|此外|另外|目前|今年以来|今年|全年|年内|截至目前|截至\S{1,5}?[月底末]|"
    r"(?:19|20)\d{2}\s*年度?|共计|总计|合计|累计|共|我街道?|街道办事处|街道|全街道?|并|已|均|还|在|对|为|先后|\s)+"
)
_FILLER = re.compile(
    r"(?:共计|总计|合计|累计|共有|分别为|分别|共|为|达到|达|约|近|超过|超|逾|有|是|了|预计|实现|完成|"
    r"提升至|提高到|增加到|增加至|增至|突破|保持在|控制在|仅有|每年|的|等|数|总数|量|总量|各类|已|均|案|\s)+$"
)
_RIGHT_STOP = re.compile(r"[，,；;。：:！？!?、（(）)“”《》和及与的在被将把向从]|认为|进行|参与|获得|提供")
_PLANNED_SECTION = re.compile(r"计划|打算|安排|下一步|思路|目标")
_PLANNED_SENTENCE = re.compile(r"预期目标|目标是|力争|争取|到(?:19|20)\d{2}年")
_LIST_MARK = re.compile(r"[、和及与]")  # words across a list mark belong to another item
# A rate or share of something else (贡献率, 比重), or a multi-year figure (年均), between the words
# and the figure: the figure is not the indicator's value.
_OTHER_MEASURE = re.compile(r"年均|率|比重|占|[高低快慢]于")
_AFTER_FIGURE = frozenset(
    "的和及与是为比较同占居位均等并且而其让使已未增提下上升达到减降超高低突"
)  # may follow a figure that closes its phrase
MAX_GAP = 4  # characters allowed between an indicator's wording and its figure, fillers aside
MAX_RIGHT = 4  # characters allowed between a figure and an indicator's wording after it
MAX_PHRASE = 12  # longest raw phrase kept for a metric outside the vocabulary


def _quoted(text: str) -> list[bool]:
    """For each character of ``text``: inside “…”, 《…》 or similar (figures there are names)."""
    inside = [False] * len(text)
    i = 0
    while i < len(text):
        closer = _QUOTES.get(text[i])
        if closer:
            j = text.find(closer, i + 1)
            if j > 0:
                for k in range(i, j + 1):
                    inside[k] = True
                i = j + 1
                continue
        i += 1
    return inside


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause that ``pos`` lies in: after the previous delimiter, skipping over whole
    parentheticals; a figure inside brackets starts its clause at the opening bracket."""
    depth = 0
    for i in range(pos - 1, -1, -1):
        c = text[i]
        if c in _CLOSE:
            depth += 1
        elif c in _OPEN:
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and c in _DELIMS:
            return i + 1
    return 0


def _slogan(text: str, m: re.Match[str]) -> bool:
    """A Chinese-numeral "figure" that is wording: a lone 一 (一次性, 一个…), numbered slogans
    (五位一体, 四懂四会四个能力) and meeting names (十三届四次会议)."""
    a, b = m.span()
    return (
        m.group("num") == "一"
        or (b < len(text) and text[b] in _CN)
        or any(c in _CN for c in text[max(0, a - 3) : a])
        or text.startswith(("会议", "全会"), b)
    )


def _figures(text: str) -> list[tuple[re.Match[str], Quantity]]:
    quoted = _quoted(text)
    out: list[tuple[re.Match[str], Quantity]] = []
    for m in _FIGURE.finditer(text):
        a, b = m.span()
        core = m.start("pct") if m.group("pct") is not None else m.start("num")
        before = text[core - 1] if core > 0 else ""
        after = text[b] if b < len(text) else ""
        number = m.group("pct") or m.group("num")
        if quoted[a] or before == "第" or before == "〔" or before.isascii() and before.isalnum():
            continue
        if before == "." or after == "性" or (before and before in _CN and not m.group("pre")):
            continue
        if not number[0].isdigit() and m.group("pct") is None and _slogan(text, m):
            continue
        quantity = _quantity(m)
        if quantity is not None:
            out.append((m, quantity))
    return out


def _best_left(left: str, unit: str, sentence: str) -> tuple[Indicator, str] | None:
    best: tuple[tuple[int, int, int], Indicator, str] | None = None
    for order, (indicator, regex, context) in enumerate(_compiled()):
        if not indicator.accepts(unit) or (context and not context.search(sentence)):
            continue
        for m in regex.finditer(left):
            gap = left[m.end() :]
            if any(c.isdigit() for c in gap):
                continue
            rest = _FILLER.sub("", gap)
            if (
                len(rest) > MAX_GAP
                or _LIST_MARK.search(gap)
                or _OTHER_MEASURE.search(gap)
                or "年均" in m.group(0)
            ):
                continue
            key = (len(rest), len(gap) - len(m.group(0)), order)
            if best is None or key < best[0]:
                best = (key, indicator, m.group(0))
    return (best[1], best[2]) if best else None


def _best_right(right: str, unit: str, sentence: str) -> tuple[Indicator, str] | None:
    best: tuple[tuple[int, int, int], Indicator, str] | None = None
    for order, (indicator, regex, context) in enumerate(_compiled()):
        if not indicator.accepts(unit) or (context and not context.search(sentence)):
            continue
        m = regex.search(right)
        if m and m.start() <= MAX_RIGHT and not _LIST_MARK.search(right[: m.start()]):
            key = (m.start(), -len(m.group(0)), order)
            if best is None or key < best[0]:
                best = (key, indicator, m.group(0))
    return (best[1], best[2]) if best else None


def _phrase(left: str, right: str) -> str:
    """The metric's own words for a figure outside the vocabulary: the noun phrase before it
    ("行政办公会议26次"), or the one after it when the words before are only a verb ("开展8场诚信…")."""
    head = _FILLER.sub("", _LEAD.sub("", left)).strip()
    right = right.lstrip('“"')
    tail = right[: m.start()] if (m := _RIGHT_STOP.search(right)) else right
    tail = tail.strip()[:MAX_PHRASE]
    # A measure word followed by a noun ("27个党校分教点") names the metric after the figure; a figure
    # closing its clause ("受理业务52511件，") was named before it.
    if len(tail) >= 2 and right[:1].strip():
        return tail
    return head[-MAX_PHRASE:] if len(head) >= 2 else ""


def _sentence_facts(report: Report, section: str, s_start: int, s_end: int) -> list[Fact]:
    text = report.text
    sentence = text[s_start:s_end]
    figures = _figures(sentence)
    later = report.year is not None and any(int(y) > report.year for y in _YEAR_IN.findall(section))
    planned = bool(later or _PLANNED_SECTION.search(section) or _PLANNED_SENTENCE.search(sentence))
    out: list[Fact] = []
    for k, (m, quantity) in enumerate(figures):
        if quantity.unit in ("年", "日期"):
            continue
        a, b = m.span()
        cs, left_end = _clause_start(sentence, a), a
        if cs > 0 and sentence[cs - 1] in _OPEN and not sentence[cs:a].strip():
            left_end = cs - 1  # "举办线上培训(3次)": named by the clause before the bracket
            cs = _clause_start(sentence, left_end)
        clause_left = _PARENS.sub("", sentence[cs:left_end])
        prev_end = max([f.end() for f, _ in figures[:k] if cs < f.end() <= left_end], default=cs)
        segment = _PARENS.sub("", sentence[prev_end:left_end])
        stop = min([f.start() for f, _ in figures[k + 1 :]] + [len(sentence)])
        right = sentence[b:stop]
        right = right[: d.start()] if (d := re.search(r"[，,；;。：:！？!?]", right)) else right
        # "超200亿元县": a figure followed by a noun measures that noun, not the words before it.
        noun_follows = bool(right[:1]) and "\u4e00" <= right[0] <= "\u9fff" and right[0] not in _AFTER_FIGURE
        match = (None if noun_follows else _best_left(clause_left, quantity.unit, sentence)) or _best_right(
            right, quantity.unit, sentence
        )
        if match:
            indicator, raw = match[0].name, match[1]
        else:
            raw = _phrase(segment, right) or (out[-1].raw_indicator if out and out[-1].end == s_end else "")
            indicator = raw
        if not raw:
            continue
        quote_free = re.sub(r"《[^》]*》|“[^”]*”", "", sentence[cs:a])
        years = _YEAR_IN.findall(quote_free)
        group_start = max(sentence.rfind(c, 0, a) for c in "；;。") + 1
        sub_at = sentence.rfind("其中", group_start, a)
        closed = any(c in _CLOSE for c in sentence[max(sub_at, 0) : a])  # "（其中…）" ended before it
        breakdown = (
            sub_at >= 0
            and not closed
            and any(f.end() <= sub_at and f.start() >= group_start for f, _ in figures[:k])
        )
        out.append(
            Fact(
                doc_id=report.doc_id,
                district=report.district,
                year=int(years[-1]) if years else report.year,
                indicator=indicator,
                raw_indicator=raw,
                value=quantity.value,
                unit=quantity.unit,
                qualifier=quantity.qualifier,
                start=s_start,
                end=s_end,
                section=section,
                text=sentence,
                value_text=m.group(0),
                value_start=s_start + a,
                value_end=s_start + b,
                breakdown=breakdown,
                planned=planned,
            )
        )
    return out


def extract_facts(report: Report, passages: Sequence[Passage]) -> list[Fact]:
    """Every figure stated in the passages' sentences, in text order (pure and deterministic)."""
    out: list[Fact] = []
    for passage in sorted(passages, key=lambda p: p.start):
        for s_start, s_end in sentence_spans(report.text, passage.start, passage.end):
            out.extend(_sentence_facts(report, passage.section, s_start, s_end))
    return out


# ---- storage ------------------------------------------------------------------------------------

_FIELDS = tuple(f.name for f in fields(Fact))


def facts_to_rows(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """JSON-safe rows, one per fact (write them with ``ensure_ascii=False``)."""
    return [asdict(f) for f in facts]


def facts_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Fact]:
    """Facts back from ``facts_to_rows`` output; raises ``IndexCorrupted`` on a malformed row."""
    out: list[Fact] = []
    for n, row in enumerate(rows):
        missing = [k for k in _FIELDS[:13] if k not in row]
        if missing:
            raise IndexCorrupted(f"facts row {n} lacks {', '.join(missing)}; rebuild the index (qa ingest)")
        try:
            out.append(Fact(**{k: row[k] for k in _FIELDS if k in row}))
        except TypeError as exc:
            raise IndexCorrupted(
                f"facts row {n} is malformed ({exc}); rebuild the index (qa ingest)"
            ) from exc
    return out


# ---- the table ----------------------------------------------------------------------------------


def _preference(fact: Fact) -> tuple[bool, bool, int]:
    """Sort key: results before plans, totals before their breakdowns, then text order."""
    return (fact.planned, fact.breakdown, fact.value_start)


class FactTable:
    """The facts of the indexed reports, in memory, looked up by indicator, district and year."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts: tuple[Fact, ...] = tuple(facts)
        self._by_indicator: dict[str, list[Fact]] = {}
        for fact in self.facts:
            self._by_indicator.setdefault(fact.indicator, []).append(fact)
        self._counts = Counter(f.indicator for f in self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def query(
        self, indicator: str | None = None, district: str | None = None, year: int | None = None
    ) -> list[Fact]:
        """Facts of ``indicator`` (its exact name), ``district`` (full or short name: 东城 = 东城街道)
        and ``year`` (the year the figure is about); None means any. Within a report, results come
        before plans and totals before breakdowns."""
        pool = self._by_indicator.get(indicator, []) if indicator is not None else self.facts
        out = [
            f
            for f in pool
            if (district is None or district in aliases(f.district) or district == f.district)
            and (year is None or f.year == year)
        ]
        return sorted(out, key=lambda f: (f.district, f.year or 0, f.doc_id, *_preference(f)))

    def indicators(self) -> list[tuple[str, int]]:
        """The curated vocabulary, in file order, with how many facts each has (0 included)."""
        return [(i.name, self._counts.get(i.name, 0)) for i in vocabulary()]

    def other_indicators(self) -> list[tuple[str, int]]:
        """Metrics outside the vocabulary (their phrase as written), most frequent first."""
        names = _names()
        return sorted(
            ((n, c) for n, c in self._counts.items() if n not in names), key=lambda t: (-t[1], t[0])
        )

    def resolve_indicator(self, text: str) -> str | None:
        """The indicator a phrase or question names: the vocabulary wording with the longest match
        (化解率 → 信访化解率, GDP增长 → 地区生产总值增速), else the longest metric phrase of the table
        (three characters at least) that ``text`` contains; None when neither."""
        best: tuple[int, int, str] | None = None
        for order, (indicator, regex, _) in enumerate(_compiled()):
            for m in regex.finditer(text):
                key = (-len(m.group(0)), order, indicator.name)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[2]
        found = [n for n in self._counts if len(n) >= 3 and n in text and n not in _names()]
        return max(found, key=len) if found else None
