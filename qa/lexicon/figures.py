"""Figures as written in reports: the one list of units, the one figure pattern, and their values.

A figure is a number with a unit ("16宗", "70%", "47.89亿元", "三十余次", "七成", "百分之九十"),
optionally qualified (近/约/超过 before it, 余/多 inside, 以上/左右 after). The fact extractor, the
answer stage, the bot and the web page all mark figures with what is defined here (the page's
``api/static/app.js`` keeps a copy of ``UNITS``, checked against this list by a test).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from qa.lexicon.numerals import CN_CHARS, cn_number

MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# Units a figure may carry, longest first so that 人次 wins over 人. 名 is stored as 人, ％ as %.
UNITS = (
    "个百分点", "平方米", "人次", "件次", "家次", "批次", "车次", "户次", "场次", "公里", "小时",
    "%", "％", "元", "宗", "件", "次", "个", "家", "人", "名", "位", "份", "条", "场", "期", "批",
    "项", "笔", "篇", "台", "起", "户", "张", "幢", "栋", "支", "封", "块", "所", "座", "处", "册",
    "本", "辆", "吨", "亩", "间", "套", "成", "天", "岁",
)  # fmt: skip
# Physical measures no count or money question asks for (13公顷 is no answer to 多少宗); read after bare
# numbers by the answer check, not extracted as facts.
MAGNITUDE = "万亿|亿|万|千"  # what may stand between a number and its unit (47.89亿元)
MEASUREMENT = re.compile(
    rf"(?:{MAGNITUDE})?(平方公里|平方米|立方米|公顷|公里|千米|千瓦|兆瓦|公斤|千克|标箱|米|吨|亩)"
)
UNIT_ALIASES = {"名": "人", "％": "%", "个百分点": "百分点", "成": "%"}
PEOPLE_UNITS = frozenset({"人", "人次"})
PRE_QUALIFIERS = {
    "近": "近",
    "约": "约",
    "大约": "约",
    "超过": "超",
    "超": "超",
    "逾": "超",
    "不少于": "以上",
    "不低于": "以上",
}
POST_QUALIFIERS = ("以上", "左右", "以下", "以内")

_ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
_CN_NUMBER = rf"[{CN_CHARS}]+(?:点[〇零一二三四五六七八九]+)?"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
FIGURE = re.compile(
    rf"(?P<pre>大约|近|约|超过|超|逾|不少于|不低于)?"
    rf"(?:百分之(?P<pct>{_ARABIC}|{_CN_NUMBER})"
    rf"|(?P<num>{_ARABIC}|{_CN_NUMBER})(?P<mag>{MAGNITUDE})?(?P<yu>余|多)?(?P<unit>{_UNIT_RE}))"
    rf"(?P<post>{'|'.join(POST_QUALIFIERS)})?"
)
CURRENCIES = "美元|港元|欧元"  # money in other currencies: 元 to the checks, but no fact unit
# Whatever follows a number as part of its figure: magnitude, 余/多, a unit or measure, 以上/左右…
AFTER_NUMBER = re.compile(
    rf"(?:{MAGNITUDE})?[余多]?(?:{MEASUREMENT.pattern}|{CURRENCIES}|{_UNIT_RE})?(?:{'|'.join(POST_QUALIFIERS)})?"
)
_DATE = re.compile(
    rf"(?P<y>\d{{4}}|[一二][〇零一二三四五六七八九]{{3}})年"
    rf"(?:(?P<m>\d{{1,2}}|[{CN_CHARS}]{{1,2}})月(?:(?P<d>\d{{1,2}}|[{CN_CHARS}]{{1,3}})日)?)?"
)


# What the answer stage and the interfaces look for, built from the same unit list: the measure
# words a number can carry (single-character units, and 万/亿/倍 which may stand before or for one).
_MEASURE = "|".join(re.escape(u) for u in UNITS) + "|万|亿|倍"
_CN_FIGURE_CHARS = "零一二两三四五六七八九十百千万亿"
# A number in a sentence, Arabic or Chinese with a measure word after it (figure_focus ranks them).
NUMBER = re.compile(rf"\d+(?:\.\d+)?|[{_CN_FIGURE_CHARS}]+(?=(?:{_MEASURE}))")
# Whether a sentence states a figure at all: any digit, a Chinese number a few characters before a
# measure word, 百分之…, or 七成.
_ANY_FIGURE = re.compile(
    rf"\d|[{_CN_FIGURE_CHARS}][^，,。；]{{0,2}}(?:{_MEASURE})|百分之|[一二三四五六七八九]成"
)
# The unit a question asks its figure in: 几宗, 多少万元, 多少人次.
# A magnitude may stand before the unit (多少万人次, 多少亿元, 多少万平方米, 多少万吨). Classifiers the
# reports seldom count in are asked for all the same (超充枪多少把): a figure in another unit (超充站1030座)
# does not answer them.
_UNITS_ASKED = "|".join(
    re.escape(u)
    for u in (
        *UNITS,
        "公斤",
        "千克",
        "斤",
        "班次",
        "架次",
        "趟",
        "列",
        "头",
        "只",
        "把",
        "艘",
        "棵",
        "株",
        "颗",
        "枚",
    )
)
ASKED_UNIT = re.compile(rf"(?:多少|几)((?:万|亿)?(?:{_UNITS_ASKED})|万|亿|倍)")
# a question asking for a share or a change (涨了多少; not 涨到几家 or 提高到多少, the level reached)
RATE_WORDS = re.compile(
    r"率|比例|占比|百分|增长(?![到至])|增速|增幅|涨(?![到至])|下降(?![到至])|提高(?![到至])|降低(?![到至])"
)
PERCENT_UNITS = ("%", "％", "成", "个百分点")
_ASKS_LENGTH = re.compile(r"多长|多远")
_ASKS_HEADCOUNT = re.compile(r"(?:几|多少)个人(?![次员才])")


def has_figure(text: str) -> bool:
    return bool(_ANY_FIGURE.search(text))


def asked_units(question: str) -> tuple[str, ...]:
    """Units the question expects its figure in: 几宗 → 宗, 出庭率 → %."""
    units = [m.group(1) for m in ASKED_UNIT.finditer(question)]
    if _ASKS_HEADCOUNT.search(question):  # 一共有几个人: people counted one by one (名), not 人次
        units = ["名" if u == "个" else u for u in units]
    if not units and _ASKS_LENGTH.search(question):  # 地铁总共有多长: a length, not 9个地铁项目
        units.append("公里")
    if RATE_WORDS.search(question):
        units.extend(PERCENT_UNITS)
    return tuple(units)


def figure_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` states figures (70%, 7宗, 百分之九十, 47.89亿元; not a bare year): for display."""
    return [m.span() for m in FIGURE.finditer(text)]


class Quantity(NamedTuple):
    value: float
    unit: str  # normalised: "%", "元", "件", "人" …; "年" for a year, "日期" for a date (value YYYYMMDD)
    qualifier: str  # "" | "余" | "近" | "超" | "约" | "以上" | "左右" | "以下" | "以内"


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    return cn_number(text)


def quantity_of(m: re.Match[str]) -> Quantity | None:
    """The value of a ``FIGURE`` match, or None when it is not a figure after all ("3成")."""
    qualifier = PRE_QUALIFIERS.get(m.group("pre") or "", "")
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
            value *= MAGNITUDES[m.group("mag")]
        if m.group("yu"):
            qualifier = qualifier or "余"
        unit = UNIT_ALIASES.get(unit, unit)
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
    m = FIGURE.fullmatch(text)
    return quantity_of(m) if m else None


_WRITTEN = re.compile(rf"(?P<num>{_ARABIC})(?P<mag>{MAGNITUDE})?(?P<yu>余|多)?(?P<unit>[^\d]*)")


def written_quantity(text: str) -> Quantity | None:
    """A figure the extractor's unit list does not know, as written (1640.06亿斤 → (1.64006e11, "斤"),
    876部 → (876, "部"), 30.5微克/立方米): its number, magnitude and whatever unit follows; None when
    ``text`` does not open with an Arabic number."""
    known = parse_number(text)
    if known is not None:
        return known
    m = _WRITTEN.fullmatch(text.strip())
    if m is None:
        return None
    value = float(Decimal(m.group("num").replace(",", "")) * Decimal(MAGNITUDES.get(m.group("mag") or "", 1)))
    return Quantity(value, UNIT_ALIASES.get(m.group("unit"), m.group("unit")), m.group("yu") or "")


# ---- the vocabulary -----------------------------------------------------------------------------

UnitKind = str  # "%", "元", "count", "people", or "个|块" (explicit units)


# What a figure counts, by its unit: a question asking 几宗 is answered by 件 or 起 as well (both
# count cases), but not by 个 (a count of bodies) or 人 (people). Units outside every class agree
# only with themselves.
UNIT_CLASSES: dict[str, frozenset[str]] = {
    "percent": frozenset({"%", "％", "成", "百分点", "个百分点"}),
    "money": frozenset({"元", "万元", "亿元", "钱", "金额", "资金"}),
    "people": frozenset({"人", "名", "位", "人次", "万人", "万人次"}),
    "events": frozenset(
        {"宗", "件", "起", "次", "回", "场", "批", "批次", "期", "例", "轮", "趟", "列", "班次", "架次"}
    ),
    "documents": frozenset({"份", "张", "件", "本", "册", "篇", "条"}),
    "bodies": frozenset({"个", "家", "所", "处", "座", "支", "项"}),
    "machines": frozenset({"台", "部", "辆", "架"}),  # 加装电梯147台 / 9555部
    "mass": frozenset({"吨", "公斤", "千克", "斤"}),  # 多少万吨: 粮食总产量119.3万吨
    "length": frozenset({"公里", "千米", "米", "延米"}),  # 多长, 多远: 地铁运营里程595.1公里
}


COUNT_CLASSES = frozenset({"people", "events", "documents", "bodies", "machines"})


def unit_class(unit: str) -> str:
    """The class a unit belongs to ("" for one outside every class); 万元 → money, 名 → people."""
    for name, units in UNIT_CLASSES.items():
        if unit in units:
            return name
    return ""


def units_agree(asked: str, stated: str) -> bool:
    """Whether a figure stated in ``stated`` answers a question asking for ``asked`` (either "" → yes)."""
    if not asked or not stated or asked == stated:
        return True
    if asked[:1] in ("万", "亿") and len(asked) > 1:  # 多少万人, 多少万吨: the magnitude is no unit
        asked = asked[1:]
    if stated[:1] in ("万", "亿") and len(stated) > 1:
        stated = stated[1:]
    # 多少名律师 counts people; 值班123人次 counts their turns (多少人次 is answered by 人 as well)
    if asked in ("名", "位") and stated == "人次":
        return False
    # 个, the general classifier, counts anything countable (几个人, 多少个案件), not shares or money
    if asked == "个":
        return unit_class(stated) in COUNT_CLASSES
    classes = {name for name, units in UNIT_CLASSES.items() if asked in units}
    return any(stated in UNIT_CLASSES[name] for name in classes)
