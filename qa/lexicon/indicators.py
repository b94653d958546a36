"""The curated indicator vocabulary (``data/indicators.tsv``): metric names, their wordings and units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.lexicon.figures import PEOPLE_UNITS
from qa.lexicon.loader import data_rows

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
def compiled_vocabulary() -> tuple[tuple[Indicator, re.Pattern[str], re.Pattern[str] | None], ...]:
    """Each indicator with its wordings as one pattern and its sentence context (None: any)."""
    return tuple(
        (
            i,
            re.compile("|".join(f"(?:{p})" for p in i.patterns)),
            re.compile(i.context) if i.context else None,
        )
        for i in vocabulary()
    )


def worded_in(text: str) -> tuple[Indicator, str] | None:
    """The indicator ``text`` words with the vocabulary's longest wording there (化解率 → 信访化解率,
    GDP增长 → 地区生产总值增速; the earliest in the vocabulary among equals), with that wording as
    written; None when it words none."""
    best: tuple[Indicator, str] | None = None
    for indicator, regex, _ in compiled_vocabulary():
        for m in regex.finditer(text):
            if best is None or len(m.group(0)) > len(best[1]):
                best = (indicator, m.group(0))
    return best


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Indicator]:
    return {i.name: i for i in vocabulary()}


def indicator_named(name: str) -> Indicator | None:
    """The vocabulary's indicator of that name (地区生产总值增速), or None."""
    return _by_name().get(name)


@lru_cache(maxsize=1)
def curated_names() -> frozenset[str]:
    """The vocabulary's indicator names (a fact outside them keeps the phrase it was written with)."""
    return frozenset(i.name for i in vocabulary())
