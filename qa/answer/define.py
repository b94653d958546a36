"""Questions asking what a quoted name stands for: “三箭齐发”是指哪三项改革, “三大新引擎”是哪三个.

Government prose coins numbered names and spells them out once, right before the name (旧改、棚改、医改
“三箭齐发”) or right after it (“五位一体”：标准、时尚、品牌、诚信和国际化). The sentence that does so is
the answer; one that only uses the name (聚焦“三大新引擎”建设) is not. A name with a count in it (三, 四位,
五园一街) is spelled out by a list of that many items, which makes the reading exact.
"""

from __future__ import annotations

import re

from qa.answer.topic import QUOTED
from qa.lexicon.numerals import CN_DIGITS

# what asks for a name's parts: 是指, 指哪, 是哪三个, 包括哪些, 具体指什么
_ASKS = re.compile(r"是指|指的是|指哪|指什么|指啥|是哪|包括哪|包含哪|有哪些|都有啥|是什么|是啥")
_COUNT = re.compile(r"[一二两三四五六七八九十]")
_CLAUSE_END = "，,；;。：:！!？?（("
_ITEM = re.compile(r"、|以及|和|及|与")  # 标准、时尚、品牌、诚信和国际化: the last item may be joined by 和
# after the name, within a few characters (“五位一体”方向：…, “一带五区”发展格局：…): a colon, a bracket, 即
_AFTER = re.compile(r"^[^，,。；;：:（(]{0,6}?(?:[：:（(]|，即|即|就是|是指|包括)\s*([^。；;）)]+)")


def quoted_name(question: str) -> str:
    """The quoted name a question asks to have spelled out ("" when it asks no such thing)."""
    name = QUOTED.search(question)
    return name.group(1) if name is not None and _ASKS.search(question, name.end()) else ""


def defines(name: str, sentence: str) -> bool:
    """Whether ``sentence`` spells ``name`` out: a list right before the quoted name, in its clause, or
    right after it — of as many items as the name counts, when it counts them."""
    count = _count(name)
    for quote in re.finditer(rf"[“\"「『]{re.escape(name)}[”\"」』]", sentence):
        before = sentence[: quote.start()]
        clause = before[max(before.rfind(c) for c in _CLAUSE_END) + 1 :]
        after = _AFTER.match(sentence[quote.end() :])
        for items in (clause, after.group(1) if after else ""):
            parts = [p for p in _ITEM.split(items) if p.strip()]
            if len(parts) >= 2 and (count is None or len(parts) == count):
                return True
    return False


def _count(name: str) -> int | None:
    """How many parts a name counts (三箭齐发 → 3, 五园一街 → 6, 四位一体 → 4), or None."""
    numerals = [CN_DIGITS.get(n, 10) for n in _COUNT.findall(name)]  # 十 is the one not a digit
    if not numerals:
        return None
    if re.fullmatch(r"[一二两三四五六七八九十]位一体", name):
        return numerals[0]
    return sum(numerals)
