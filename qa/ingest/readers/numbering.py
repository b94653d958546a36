"""Word's automatic numbering, rendered: the "一、" or "（二）" that Word shows before a numbered heading
or list paragraph is not in the paragraph's text but in ``numbering.xml``; without it a numbered
heading would not be read as a heading.

Supported number formats: decimal, Chinese counting (一 … 九十九, 壹贰叁 legal forms), ideographic
digits, 甲乙丙, circled numbers, Latin letters and Roman numerals; bullets and unknown formats give no
label (nothing is invented).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qa.lexicon.numerals import cn_numeral

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(node: _Element | None, default: str = "") -> str:
    return default if node is None else str(node.get(w("val"), default))


def _int(node: _Element | None, default: int) -> int:
    try:
        return int(_val(node, str(default)))
    except ValueError:
        return default


_LEGAL = "零壹贰叁肆伍陆柒捌玖"  # 大写数字
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _letters(n: int, upper: bool) -> str:
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = base[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else str(n)
    return text if upper else text.lower()


def _roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out if upper else out.lower()


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalFullWidth": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": cn_numeral,
    "chineseCountingThousand": cn_numeral,
    "japaneseCounting": cn_numeral,
    "chineseLegalSimplified": lambda n: cn_numeral(n, digits=_LEGAL, ten="拾", hundred="佰"),
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographTraditional": _cycle(_STEMS),
    "ideographZodiac": _cycle(_ZODIAC),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": lambda n: _roman(n, True),
    "lowerRoman": lambda n: _roman(n, False),
}


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str  # numFmt, e.g. "chineseCounting"; "bullet" and "none" give no label
    text: str  # lvlText, e.g. "%1、", "（%2）"
    suffix: str  # "tab", "space" or "nothing": what separates the label from the text


def _levels(abstract: _Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.iter(w("lvl")):
        levels[int(lvl.get(w("ilvl"), "0"))] = Level(
            start=_int(lvl.find(w("start")), 1),
            fmt=_val(lvl.find(w("numFmt")), "decimal"),
            text=_val(lvl.find(w("lvlText"))),
            suffix=_val(lvl.find(w("suff")), "tab"),
        )
    return levels


@dataclass(slots=True)
class Numbering:
    """The list definitions of one document and the counters as its paragraphs are read in order."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId → ilvl → Level
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → ilvl → start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId → ilvl → count
    started: set[str] = field(default_factory=set)  # numIds whose start overrides were applied

    @classmethod
    def parse(cls, element: _Element | None) -> Numbering:
        numbering = cls()
        if element is None:
            return numbering
        for abstract in element.iter(w("abstractNum")):
            numbering.levels[str(abstract.get(w("abstractNumId"), ""))] = _levels(abstract)
        for num in element.iter(w("num")):
            num_id = str(num.get(w("numId"), ""))
            numbering.abstract_of[num_id] = _val(num.find(w("abstractNumId")))
            for override in num.iter(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    level = int(override.get(w("ilvl"), "0"))
                    numbering.overrides.setdefault(num_id, {})[level] = _int(start, 1)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph numbered ``num_id`` at level ``ilvl`` ("" for none), counting it."""
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "")
        if abstract is None or not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in self.overrides.get(num_id, {}).items():
                counts[overridden] = start - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new item restarts the levels under it
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or level.fmt not in FORMATS:
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):  # %10 is not a thing: levels 0–8 are %1–%9
            if f"%{k + 1}" in text:
                outer = levels.get(k, level)
                value = counts.get(k, outer.start)
                text = text.replace(f"%{k + 1}", FORMATS.get(outer.fmt, str)(value))
        separate = level.suffix != "nothing" and text[-1:].isascii() and text[-1:].isalnum()
        return f"{text} " if separate else text
