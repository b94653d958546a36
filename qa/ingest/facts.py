"""Indicators as typed facts: every figure in a report, with the metric it measures, read once at ingest.

A figure is a number with a unit ("16宗", "70%", "47.89亿元", "三十余次", "七成"). Its indicator is
the metric of the curated vocabulary (``qa/lexicon/data/indicators.tsv``) whose wording stands right before
the figure ("出庭应诉率为70%") or right after it ("5宗裁定撤诉"); a figure no pattern claims keeps the
phrase it was written with as its indicator. No model is involved: extraction is pure and
deterministic, so the facts can be rebuilt with the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qa.ingest.split import sentence_spans
from qa.lexicon.figures import FIGURE, Quantity, quantity_of
from qa.lexicon.indicators import Indicator, compiled_vocabulary, indicator_named
from qa.lexicon.numerals import CN_CHARS
from qa.lexicon.periods import goal_spans, in_spans
from qa.lexicon.text import (
    CLAUSE_END,
    CLOSE_BRACKETS,
    COLON,
    COMMA,
    NAME_QUOTES,
    OPEN_BRACKETS,
    SENTENCE_END,
    YEAR,
)
from qa.lexicon.words import PLAN_HEADING, PLANNED_SENTENCE
from qa.records import Fact, Passage, Report

_DELIMS = frozenset(COMMA + CLAUSE_END + SENTENCE_END + COLON)
_OPEN, _CLOSE = OPEN_BRACKETS, CLOSE_BRACKETS
_PARENS = re.compile(r"[（(][^（）()]*[）)]")
_LEAD = re.compile(
    r"^(?:[、，,；;：:（()）“”]|\d+月|其中|共有|有|同时|此外|另外|目前|今年以来|今年|全年|年内|截至目前|截至\S{1,5}?[月底末]|"
    r"(?:19|20)\d{2}\s*年度?|共计|总计|合计|累计|共|我街道?|街道办事处|街道|全街道?|并|已|均|还|在|对|为|先后|\s)+"
)
_FILLER = re.compile(
    r"(?:共计|总计|合计|累计|共有|分别为|分别|共|为|达到|达|约|近|超过|超|逾|有|是|了|预计|实现|完成|"
    r"提升至|提高到|增加到|增加至|增至|突破|保持在|控制在|仅有|每年|的|等|数|总数|量|总量|各类|已|均|案|\s)+$"
)
_RIGHT_STOP = re.compile(r"[，,；;。：:！？!?、（(）)“”《》和及与的在被将把向从]|认为|进行|参与|获得|提供")
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
        closer = NAME_QUOTES.get(text[i])
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
        or (b < len(text) and text[b] in CN_CHARS)
        or any(c in CN_CHARS for c in text[max(0, a - 3) : a])
        or text.startswith(("会议", "全会"), b)
    )


def _figures(text: str) -> list[tuple[re.Match[str], Quantity]]:
    quoted = _quoted(text)
    out: list[tuple[re.Match[str], Quantity]] = []
    for m in FIGURE.finditer(text):
        a, b = m.span()
        core = m.start("pct") if m.group("pct") is not None else m.start("num")
        before = text[core - 1] if core > 0 else ""
        after = text[b] if b < len(text) else ""
        number = m.group("pct") or m.group("num")
        if quoted[a] or before == "第" or before == "〔" or before.isascii() and before.isalnum():
            continue
        if before == "." or after == "性" or (before and before in CN_CHARS and not m.group("pre")):
            continue
        if not number[0].isdigit() and m.group("pct") is None and _slogan(text, m):
            continue
        quantity = quantity_of(m)
        if quantity is not None:
            out.append((m, quantity))
    return out


def _best_left(left: str, unit: str, sentence: str) -> tuple[Indicator, str] | None:
    best: tuple[tuple[int, int, int], Indicator, str] | None = None
    for order, (indicator, regex, context) in enumerate(compiled_vocabulary()):
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
    for order, (indicator, regex, context) in enumerate(compiled_vocabulary()):
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


# A clause that only states a change (同比增长6.8%) is of the figure before it: 全年地区生产总值5300.43
# 亿元，同比增长6.8% gives 地区生产总值's growth
_CHANGE_ONLY = re.compile(r"(?:同比|比上年|较上年|比去年)?(?:增长|增速为?|增幅为?)")


def _growth_of(previous: Fact, clause_left: str) -> tuple[Indicator, str] | None:
    """The vocabulary's growth indicator of the figure before (地区生产总值 → 地区生产总值增速) for a
    clause that only states a change; None otherwise."""
    words = clause_left.strip()
    if not _CHANGE_ONLY.fullmatch(words):
        return None
    growth = indicator_named(previous.indicator + "增速")
    return (growth, previous.raw_indicator + words) if growth is not None else None


# A clause that only states the level reached (…增长5.1%，达到8566亿元) is of the figure whose growth the
# clause before gave: 地区生产总值增速 → 地区生产总值
_LEVEL_ONLY = re.compile(
    r"(?:总量|规模|总额)?(?:达到|达|为|突破|超过|超|跃升至|跃升到|增至|增加到|提高到|提高至)"
)
_CHANGE_WORDS = re.compile(r"(?:同比|比上年|较上年|比去年)?(?:增长|增速|增幅)[^，,；;。]*$")


def _level_of(previous: Fact, clause_left: str, unit: str) -> tuple[Indicator, str] | None:
    """The vocabulary's indicator whose growth the figure before gave (地区生产总值增速 → 地区生产总值),
    for a clause that only states a level in a unit it accepts; None otherwise."""
    if not previous.indicator.endswith("增速") or not _LEVEL_ONLY.fullmatch(clause_left.strip()):
        return None
    base = previous.indicator.removesuffix("增速")
    level = indicator_named(base)
    if level is None or not level.accepts(unit):
        return None
    return level, _CHANGE_WORDS.sub("", previous.raw_indicator) or base


def _sentence_facts(report: Report, section: str, s_start: int, s_end: int) -> list[Fact]:
    text = report.text
    sentence = text[s_start:s_end]
    figures = _figures(sentence)
    later = report.year is not None and any(int(y) > report.year for y in YEAR.findall(section))
    planned = bool(later or PLAN_HEADING.search(section) or PLANNED_SENTENCE.search(sentence))
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
        if match is None and quantity.unit == "%" and out and out[-1].end == s_end:
            match = _growth_of(out[-1], clause_left)
        if match is None and out and out[-1].end == s_end:
            # the nearest growth of the sentence: "GDP同比增长3.5%，比全市高0.2个百分点，…；总量达到4702亿元"
            growth = next(
                (f for f in reversed(out) if f.end == s_end and f.indicator.endswith("增速")), out[-1]
            )
            match = _level_of(growth, clause_left, quantity.unit)
        if match:
            indicator, raw = match[0].name, match[1]
        else:
            raw = _phrase(segment, right) or (out[-1].raw_indicator if out and out[-1].end == s_end else "")
            indicator = raw
        if not raw:
            continue
        quote_free = re.sub(r"《[^》]*》|“[^”]*”", "", sentence[cs:a])
        years = YEAR.findall(quote_free)
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
    goals = goal_spans(report.text)
    for passage in sorted(passages, key=lambda p: p.start):
        for s_start, s_end in sentence_spans(report.text, passage.start, passage.end):
            facts = _sentence_facts(report, passage.section, s_start, s_end)
            if in_spans(goals, s_start):  # 未来五年的发展目标是：…——研发投入占GDP比重达到5%
                facts = [replace(f, planned=True) for f in facts]
            out.extend(facts)
    return out
