"""Chinese numerals: the one digit table the parsers share."""

from __future__ import annotations

# 〇/○/零 as written in dates ("二〇二三年") and figures; 两 as in "两个".
CN_DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def digits_to_int(text: str) -> int:
    """Digit by digit, as years are written: "二〇二三" → 2023."""
    return int("".join(str(CN_DIGITS[c]) for c in text))
