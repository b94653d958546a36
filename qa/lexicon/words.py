"""Word lists of the core: stopwords, the domain dictionary, synonyms, and the words that mark plans
(as opposed to results) and multi-year figures. The lists live in ``data/``; the patterns here."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.lexicon.loader import data_rows, data_words
from qa.lexicon.text import YEAR

STOPWORDS = frozenset(data_words("stopwords.txt"))

# Looking ahead rather than reporting what was done: a heading or question with one of these is
# about plans, targets or tasks (工作计划, 下一步打算, 2024年主要目标, 今后的任务).
PLAN_WORDS = "计划|打算|安排|部署|下一步|今后|明年|将要|要达到|准备|预期|目标|任务|思路|要点|展望|想让|想要|想搞|想达到"
# A heading that plans ahead (2024年工作计划, 下一步打算, 主要目标): the facts under it are targets,
# and its year is not the year the report reviews.
PLAN_HEADING = re.compile(r"计划|打算|安排|下一步|思路|目标|要点|展望|工作的?建议")
# The stricter, phrase-level test the answer stage ranks with: a bare 目标 or 任务 in a review heading
# ("完成年度目标任务" aside) must not push a year's results below the plans. Measured: ranking with
# PLAN_HEADING instead turns two right answers of the eval sets (x41, h14) into plan sentences.
PLAN_SECTION = re.compile(
    r"工作安排|工作计划|工作打算|工作思路|目标任务|主要目标|预期目标|总体要求|下一步|今后|工作的?建议"
)
# Headings that plan ahead unless they name the reviewed year ("2025年重点工作" in the report on 2025
# is its review; "2026年重点工作", "主要任务" plan). A bare "主要工作" is a review ("一、主要工作" of a
# 法治政府建设 report): it plans only with a later year or 今年/明年 ("今年主要工作").
_PLAN_UNLESS_REVIEWED = re.compile(r"重点工作|主要任务|(?:今年|明年)[^>]{0,6}主要工作")
# a question asking about plans or targets (预期寿命 is life expectancy, no plan)
# … and a figure a question says was set (目标定的多少, 赤字率定了多少: not 认定, 评定, 制定, 确定)
PLAN_QUESTION = re.compile(
    PLAN_WORDS.replace("预期", "预期(?!寿命)") + r"|(?<![认评制确决核审鉴规约])定(?:的|了|为|在)(?:多少|几)"
)


def plan_section(section: str, reviewed: int | None = None) -> bool:
    """Whether a section path plans ahead: a plan heading (工作安排, 主要目标 …), or a heading naming a year
    after the one its report reviews ("二、2015年工作总体部署" in a report on 2014)."""
    years = [int(y) for y in YEAR.findall(section)]
    if reviewed is not None and any(y > reviewed for y in years):
        return True
    if PLAN_SECTION.search(section):
        return True
    names_reviewed = reviewed is not None and bool(years) and max(years) <= reviewed
    return bool(_PLAN_UNLESS_REVIEWED.search(section)) and not names_reviewed


PLANNED_SENTENCE = re.compile(r"预期目标|目标是|力争|争取|到(?:19|20)\d{2}年")  # a target stated in prose
# Figures over several years (每年…, 年均…, 累计…, 五年来…): not the answer to a one-year question.
MULTI_YEAR = re.compile(
    r"每年|年均|累计|五年|十年|[两三四五六七八九十]年来|十[一二三四五六七八九]五|近\d+年|近[两三四五]年|历年"
)
# … of which those that always span years (累计 may total one year: 2020年累计办理居住证22679张)
# (年均 only of a change: 年均增长7.5% spans years, PM2.5年均浓度 is one year's mean)
SEVERAL_YEARS = re.compile(
    r"每年|年均(?:增长|增速|增幅|提高|下降)|五年|十年|[两三四五六七八九十]年来|十[一二三四五六七八九]五|近\d+年"
    r"|近[两三四五]年|历年"
)  # 十三五, 十四五: a five-year plan's period


# Word classes (jieba's tags) that do not name a thing: verbs (vn, a verbal noun, does: 诈骗, 违法),
# particles, adverbs, prepositions, pronouns, conjunctions, numerals, measure words, localisers. A
# question's lay wording is mostly made of them (建了, 摆平, 刚, 没, 跟). Adjectives are not among them:
# they qualify the measured thing (平均, 最高).
NOT_NAMING = re.compile(r"v|vd|vi|vq|u[a-z]?|d|dg|p|r|rr|rz|c|m|mq|q|y|e|o|f|s|z|zg")


def domain_terms() -> list[tuple[str, int]]:
    """The domain dictionary (``data/terms.txt``: word and optional jieba frequency) kept whole."""
    terms: list[tuple[str, int]] = []
    for line in data_words("terms.txt"):
        parts = line.split()
        terms.append((parts[0], int(parts[1]) if len(parts) > 1 else 20))
    return terms


SYNONYM_FILES = ("synonyms.tsv", "synonyms_lay.tsv", "synonyms_everyday.tsv")  # then everyday wording


@lru_cache(maxsize=1)
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word, the words that also count for it) from the files of ``SYNONYM_FILES``, in order."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    for name in SYNONYM_FILES:
        for _, cells in data_rows(name):
            expansions = ",".join(cells[1:])
            rows.append((cells[0], tuple(e.strip() for e in expansions.split(",") if e.strip())))
    return tuple(rows)


@lru_cache(maxsize=1)
def lay_phrases() -> re.Pattern[str]:
    """The synonym data's words of two characters or more, longest first (one alternation)."""
    words = sorted({w for w, _ in synonym_pairs() if len(w) >= 2}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


# Quantity adverbs that jieba glues to the next character (一共通了 → 一, 共通, 了)
_QUANTITY_ADVERBS = ("一共", "总共", "加起来")


@lru_cache(maxsize=1)
def whole_words() -> re.Pattern[str]:
    """What a question's words keep whole: the synonym data's phrases, then the quantity adverbs."""
    return re.compile(f"{lay_phrases().pattern}|{'|'.join(_QUANTITY_ADVERBS)}")


@lru_cache(maxsize=1)
def listed_terms() -> dict[str, tuple[str, ...]]:
    """Each phrase the synonym data lists (as ``synonym_pairs`` folds it), with all its terms."""
    terms: dict[str, tuple[str, ...]] = {}
    for word, expansions in synonym_pairs():
        terms[word] = terms.get(word, ()) + tuple(e.lower() for e in expansions)
    return terms


@lru_cache(maxsize=1)
def synonym_pairs() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word, its synonyms), lower-cased; a word listed with its 的 (当官的) is the word without it,
    as jieba parts it (当官 + 的)."""
    return tuple(
        (
            word.lower().removesuffix("的") or word.lower(),
            tuple(e for e in expansions if e.lower() != word.lower()),
        )
        for word, expansions in synonyms()
    )


@lru_cache(maxsize=1 << 14)
def restated(word: str) -> tuple[str, ...]:
    """``word`` with a synonym put in place of a listed part of it (出庭率 → 出庭应诉率; 社会消费品零售
    总额 → 社会消费品零售总值), and the part's bare synonyms only where the part is most of the word
    (老人家 → 老年人; never 总值 for 社会消费品零售总额: a small part does not state the whole word)."""
    folded = word.lower()
    own = listed_terms().get(folded)
    if own is not None:  # a listed phrase means what its own line says (官司输了: 败诉, not 诉讼 of 官司)
        return own
    out: dict[str, None] = {}  # ordered, without repeats
    for part, expansions in synonym_pairs():
        if part in folded:
            out.update(dict.fromkeys(folded.replace(part, e.lower()) for e in expansions))
            if len(part) * 2 > len(folded):  # the part is most of the word
                out.update(dict.fromkeys(e.lower() for e in expansions))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def expand(text: str) -> tuple[str, ...]:
    """Synonyms of the words in ``text`` that ``text`` does not already contain (memoised: the same
    question words are expanded for every candidate sentence)."""
    out: list[str] = []
    folded = text.lower()
    for word, expansions in synonym_pairs():
        if word in folded:
            out.extend(e for e in expansions if e not in out)
    return tuple(out)
