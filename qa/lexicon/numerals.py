"""Chinese numerals: the one digit table and the one parser of written numbers (三十, 二〇二三, 三点五)."""

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


CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "〇零一二两三四五六七八九十百千"  # what a written number is made of


def cn_number(text: str) -> float | None:
    """Value of a Chinese numeral: 三十 → 30, 一百零五 → 105, 二〇二三 → 2023, 三点五 → 3.5."""
    whole, _, decimals = text.partition("点")
    if not whole or any(c not in CN_DIGITS and c not in CN_UNITS for c in whole):
        return None
    if decimals and any(c not in CN_DIGITS for c in decimals):
        return None
    if not any(c in CN_UNITS for c in whole):
        value = float("".join(str(CN_DIGITS[c]) for c in whole))
    else:
        total, digit = 0, 0
        for c in whole:
            if c in CN_DIGITS:
                digit = CN_DIGITS[c]
            else:
                total += (digit or 1) * CN_UNITS[c]
                digit = 0
        value = float(total + digit)
    if decimals:
        value += float("0." + "".join(str(CN_DIGITS[c]) for c in decimals))
    return value


def cn_numeral(n: int, *, digits: str = "零一二三四五六七八九", ten: str = "十", hundred: str = "百") -> str:
    """A number as Chinese counting writes it, the inverse of ``cn_number`` under 1000: 1 → 一,
    10 → 十, 21 → 二十一, 105 → 一百零五; other numbers as digits."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[hundreds]}{hundred}" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and ones:
        out += digits[0]
    return out + (digits[ones] if ones else "")
