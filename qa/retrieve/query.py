"""Question understanding without an LLM: places and years become filters, wording becomes a type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import opencc

from qa.lexicon.numerals import digits_to_int
from qa.lexicon.text import CN_YEAR, YEAR, YEARLIKE
from qa.lexicon.words import MULTI_YEAR, expand
from qa.records import QuestionType
from qa.retrieve.gazetteer import NATIONAL, Gazetteer

_WHICH = re.compile(r"哪(个|一个|些|几个|一些)?(街道|镇|乡|区|县|市|省|地方|单位|部门)|哪里|哪儿|谁")
_FIGURE = re.compile(
    r"多少|几[个份次件宗起人家批条项名笔处所]?|多[长远久重深宽大高快]|[比效]?率|额|产量|产值|数量|比例|增长|增速|总值|总量|占比|比重|人数|百分|规模|收入|支出|GDP|满意度|浓度|密度|常住人口|户籍人口|人口数"
)
_LIST = re.compile(
    r"哪些|有什么|什么问题|存在.{0,6}(问题|不足|困难)|不足|短板|计划|打算|安排|下一步|措施|举措|做法|经验"
)
# 吗 or 么 closing the question, not that of 什么/怎么 (做了什么？ asks what)
_YESNO = re.compile(
    r"有没有|是否|是不是|能否|可否|可不可以|了没有?\s*[？?]?\s*$|(?:吗|(?<![什怎那这多要])么)\s*[？?]?\s*$"
)

# Words that ask rather than describe; removed before matching evidence.
_ASKING = re.compile(
    r"请问|请告诉我|告诉我|我想知道|想了解|了解一下|一共|总共|大概|多少|几[个份次件宗起人家批条项名笔处所]?|哪些|哪个|"
    r"什么样|什么|怎么样|怎样|如何|有没有|是否|是不是|能否|可否|可以|吗|呢|吧|那边|那里|这边|的情况|情况|做得|[？?！!。，,、\s]"
)


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # as asked
    content: str  # without places, years and asking words: what the evidence must talk about
    districts: tuple[str, ...]  # full names of indexed districts the question names
    unknown_places: tuple[str, ...]  # places named that the index does not hold
    year: int | None
    qtype: QuestionType
    expansions: tuple[str, ...]  # synonyms of words in the question
    # the year comes from a report named by the year it was delivered in (2019年政府工作报告): ``year``
    # is already the year it covers, and its plans are that report's
    report_named: bool = False

    @property
    def one_year(self) -> int | None:
        """The year asked when the question is about that one year (not 五年来, 累计, 年均 … of it)."""
        return self.year if not MULTI_YEAR.search(self.text) else None


# "2025年政府工作报告" names the report by the year it is delivered in; it covers the year before.
_REPORT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:的)?(?:[\u4e00-\u9fff]{0,4}?)政府工作报告")


# A year written without 年, as in keyword queries: four digits 1950–2049 that are no quantity
_BARE_YEAR = re.compile(rf"(?<![\d.])({YEARLIKE})(?![\d.%％万亿元个人家次件项])")


# A year written with two digits, as people say it (福田15年GDP, 广东16年失业率): not a span of years
# (近15年, 用了15年, 15年来) — a lead word or a following 来/间/内/以来/后/前… says so
_SHORT_YEAR = re.compile(
    r"(?<![\dA-Za-z.近去这续第前后用花了过经每满约超余数几十])([0-3]\d)年(?![来间内以后前里多左半度均])"
)


# Full-width digits and Latin letters typed by a Chinese input method (２０２３年ＧＤＰ): their ASCII forms
_FULL_WIDTH = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
    }
)
# Years said relative to today (去年, 前年, 今年, 明年), in years back from the current one; not inside a
# longer time word (去年同期 is still 去年)
_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
_RELATIVE_YEAR = re.compile("|".join(_RELATIVE_YEARS))


@cache
def _simplifier() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str, this_year: int | None = None) -> str:
    """A question as the reports would write it: in simplified characters (羅湖區 → 罗湖区), its years
    written out (``spell_out_years``)."""
    return spell_out_years(_simplifier().convert(text), this_year)


def spell_out_years(text: str, this_year: int | None = None) -> str:
    """``text`` with its years written out: full-width digits as ASCII, two-digit years (15年 →
    2015年), years in Chinese numerals (二〇二三年 → 2023年), and — given ``this_year`` — years said
    relative to it (去年 → 2025年 in 2026)."""
    text = text.translate(_FULL_WIDTH)
    text = _SHORT_YEAR.sub(lambda m: f"20{m.group(1)}年", text)
    text = CN_YEAR.sub(lambda m: f"{digits_to_int(m.group(1))}年", text)
    if this_year is not None and not YEAR.search(text):  # 去年也就是2025年: the year named wins
        text = _RELATIVE_YEAR.sub(lambda m: f"{this_year + _RELATIVE_YEARS[m.group(0)]}年", text)
    return text


def find_year(text: str) -> int | None:
    """The year a question is about: the year it names, or for "2025年政府工作报告" the year that
    report covers (2024)."""
    match = _REPORT_YEAR.search(text)
    if match:
        return int(match.group(1)) - 1
    match = YEAR.search(text)
    if match:
        return int(match.group(1))
    match = CN_YEAR.search(text)
    if match:
        return digits_to_int(match.group(1))
    match = _BARE_YEAR.search(text)  # a keyword query: "河北2024 新增就业"
    return int(match.group(1)) if match else None


def question_type(text: str) -> QuestionType:
    if _WHICH.search(text):
        return "which"
    if _FIGURE.search(text):
        return "figure"
    if _LIST.search(text):
        return "list"
    if _YESNO.search(text):
        return "yesno"
    return "general"


def parse_query(
    text: str,
    gazetteer: Gazetteer,
    *,
    district: str | None = None,
    year: int | None = None,
) -> Query:
    """Read places, year and type from the question; explicit ``district``/``year`` take precedence."""
    mentions = gazetteer.find(text)
    if _WHICH.search(text):  # 哪个省提出建设全国统一大市场: 全国 is what they all share, not the place asked
        mentions = [m for m in mentions if m.units != (NATIONAL,)]
    named = tuple(dict.fromkeys(u for m in mentions for u in m.units))
    unknown = tuple(dict.fromkeys(m.text(text) for m in mentions if not m.units))
    if district:
        chosen = gazetteer.districts(district)
        named, unknown = (chosen, ()) if chosen else ((), (district,))
    content = text
    for mention in reversed(mentions):
        content = content[: mention.start] + " " + content[mention.end :]
    content = YEAR.sub(" ", content)
    content = CN_YEAR.sub(" ", content)
    content = _WHICH.sub(" ", content)  # 哪个省: the level of the place asked for, not what the evidence says
    content = re.sub(r"\s+", " ", _ASKING.sub(" ", content)).strip()
    return Query(
        text=text,
        content=content,
        districts=named,
        unknown_places=unknown,
        year=year if year is not None else find_year(text),
        qtype=question_type(text),
        expansions=expand(text),
        report_named=year is None and _REPORT_YEAR.search(text) is not None,
    )
