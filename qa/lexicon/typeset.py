"""How Chinese reports are typeset on paper, and what PDF and Word extraction does to their text:
page-number footers, the marks that may not start a line (避头) and open one, full-width forms,
radical look-alikes from broken font maps, and the spaces PDF puts around Latin letters and digits.

Each rule is data plus a small pure function; the readers in ``qa.ingest.readers`` apply them.
"""

from __future__ import annotations

import re
import unicodedata

# ---- page furniture -------------------------------------------------------------------------------

# A page number alone on its line: 3, — 3 —, －3－, -3-, - 3 -, · 12 ·, 第3页, 第 3 页 共 10 页, 共10页 第3页,
# 3 / 10, Page 3 of 10.
PAGE_NUMBER = re.compile(
    r"^(?:"
    r"[-—－–―~～·•]*\s*\d{1,4}\s*[-—－–―~～·•]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r")$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """A page-number line: "3", "— 3 —", "－ 3 －", "-3-", "第3页", "第 3 页 共 10 页", "3 / 10"."""
    return bool(PAGE_NUMBER.match(line.strip()))


def furniture_key(line: str) -> str:
    """A running header or footer compared across pages: spaces dropped, digits ignored
    ("某某街道 第3页" and "某某街道第4页" are the same)."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


# ---- line breaking ---------------------------------------------------------------------------------

# Paragraph ends: a line that ends with one of these may close a paragraph.
SENTENCE_END: tuple[str, ...] = tuple("。！？；：!?;:…")
STRONG_END: tuple[str, ...] = tuple("。！？!?…")  # ends a sentence for sure
CLOSERS: tuple[str, ...] = (*SENTENCE_END, *"”’」』）)》〉】.")  # what a finished clause ends with
# 避头: marks that cannot start a line; they travel with the character before them.
NO_LINE_START = "，。、；：！？）)”’》」』】〉]］｝〕〗,.;:!?%％…·"
# 避尾: marks that cannot end a line; they travel with the character after them.
NO_LINE_END = "“‘《（(「『【〈[［｛〔〖\"'"
_ASCII_WORD = re.compile(r"[0-9A-Za-z.%/+\-_&@#]+")


def lead_width(text: str) -> float:
    """Width in ems of what ``text`` must start a line with: its first word or character, with opening
    marks before it and the marks that cannot start a line after it, chained through quotation marks
    and figures after a mark ("18.1%、16.6%，", "家，1324"), which line breaking keeps together. Latin
    letters and digits count half an em."""
    width, i, n = 0.0, 0, len(text)
    while i < n:
        while i < n and text[i] in NO_LINE_END:
            width, i = width + 1.0, i + 1
        word = _ASCII_WORD.match(text, i)
        if word:
            width, i = width + 0.5 * len(word.group(0)), word.end()
        elif i < n:
            width, i = width + 1.0, i + 1
        glued = False
        while i < n and text[i] in NO_LINE_START:
            width, i, glued = width + (0.5 if text[i].isascii() else 1.0), i + 1, True
        if i >= n or not (text[i] in "“‘\"'" or (glued and _ASCII_WORD.match(text, i))):
            break  # quotation marks bind on both sides, and a figure to the mark before it ("家，1324")
    return width


def join_wrap(left: str, right: str) -> str:
    """Join a line to the line it wrapped onto: no space, except between two Latin letters
    ("Windows" / "Server"); "出庭应诉率为7" / "0%" → "出庭应诉率为70%"."""
    left, right = left.rstrip(), right.lstrip()
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalpha()
        and right[0].isascii()
        and right[0].isalpha()
    ):
        return f"{left} {right}"
    return left + right


# ---- characters ------------------------------------------------------------------------------------

_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7\U00020000-\U0003134f"
)
_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=\S)|(?<=\S) +(?=[{_CJK}])")
_FULLWIDTH_ALNUM = {
    c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_FULLWIDTH_DECIMAL = re.compile(r"(?<=[0-9])．(?=[0-9])")
_RADICALS = re.compile("[\u2e80-\u2fd5\uf900-\ufaff]")
# CJK radical-supplement forms that broken font maps yield, and the ideograph they stand for.
RADICAL_SUPPLEMENT = {
    "⺁": "厂", "⺇": "几", "⺌": "小", "⺠": "民", "⺮": "竹", "⻁": "虎", "⻄": "西", "⻅": "见",
    "⻆": "角", "⻉": "贝", "⻋": "车", "⻓": "长", "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页",
    "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟",
    "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
}  # fmt: skip
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # line breaks included: a paragraph is one line


def tidy_spaces(text: str) -> str:
    """Collapse runs of spaces (ideographic and no-break ones too) and remove the spaces next to CJK
    characters and marks ("2020 年" → "2020年", "GDP 增长" → "GDP增长", "法 治" → "法治"); a space
    between two Latin words or numbers ("Windows Server", "12 15") stays."""
    text = _SPACE_RUN.sub(" ", text).strip()
    return _SPACE_NEAR_CJK.sub("", text)


def fold_width(text: str) -> str:
    """Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) become ASCII, and a full-width point
    between two digits a decimal point ("１．５" → "1.5"). Chinese punctuation (，。：；（）) and the
    per-cent signs "％" and "%" stay as written: the .txt versions of reports keep them too."""
    return _FULLWIDTH_DECIMAL.sub(".", text.translate(_FULLWIDTH_ALNUM))


def fix_radicals(text: str) -> str:
    """Kangxi radicals (U+2F00–2FD5), the common radical-supplement forms and CJK compatibility
    ideographs, which PDFs with broken font maps yield ("⾏政复议"), become the unified ideographs."""

    def fix(match: re.Match[str]) -> str:
        char = match.group(0)
        if char in RADICAL_SUPPLEMENT:
            return RADICAL_SUPPLEMENT[char]
        folded = unicodedata.normalize("NFKC", char)
        return folded if len(folded) == 1 else char

    return _RADICALS.sub(fix, text)


def normalize_extracted(text: str) -> str:
    """A paragraph as PDF or Word extraction gives it, made one clean line: invisible characters
    removed, control characters and line breaks made spaces, radicals fixed, widths folded, spaces
    tidied."""
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    return tidy_spaces(fold_width(fix_radicals(text)))
