"""Does a figure answer what was asked? The question's slot against the figure's own, typed.

A figure question asks for a slot: the measured thing (its head: 败诉率, 纠纷, 罚没), the class of
unit it is counted in (宗/件/起 count cases, 人/名 people, % shares, 元 money …), a place and a year
(held by the scope). A candidate figure comes with its slot from the same typed extraction that
builds the facts table at ingest: its unit, and the words that govern it — its own clause, not the
whole sentence ("撤诉率(含调解、和解)达38.5%" governs 38.5%; 败诉 appears nowhere near it).

The answer is given only when the two agree: the unit class fits and the head (or a synonym of it)
stands in the figure's clause. Otherwise the report does not state what was asked, whatever else
the sentence shares with the question.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from qa.lexicon.figures import (
    AFTER_NUMBER,
    COUNT_CLASSES,
    CURRENCIES,
    MAGNITUDE,
    MAGNITUDES,
    MEASUREMENT,
    NUMBER,
    RATE_WORDS,
    UNIT_ALIASES,
    UNIT_CLASSES,
    UNITS,
    asked_units,
    unit_class,
    units_agree,
)
from qa.lexicon.indicators import curated_names
from qa.lexicon.text import CLAUSE_END, COLON, COMMA, SENTENCE_END, YEARLIKE
from qa.lexicon.words import NOT_NAMING, PLAN_QUESTION, SEVERAL_YEARS, listed_terms, restated, synonym_pairs
from qa.records import Fact

_HAN = "\u4e00-\u9fff"
_ASK_WORDS = re.compile(
    r"^(?:多少|百分之(?:几|多少)|几|几个|几宗|几件|几次|几份|几项|几家|几回|多大|多高|多快|多长|多远|多久|多重|多深|多宽|多少次)"
)
_RATE_WORD = re.compile(rf"([{_HAN}]{{2}})(率|比例|占比|比重)$")
_MEASURES = ("率", "比例", "占比", "比重", "强度")  # 研发投入强度: a share of GDP
# 挣/赚/花/领多少: earning, spending or receiving is money however it is worded
_MONEY = re.compile(
    r"多少钱|多少经费|多少资金|多少罚款|金额|罚没款|多少万元|多少亿元|多少元|[挣赚花领]了?多少"
)
_RECEIVING = re.compile(r"(?:能|可以|可)?[挣赚花领拿]了?(?:到)?")  # a verb of getting or spending money
_FUNCTION = frozenset(
    [
        "的",
        "了",
        "是",
        "有",
        "共",
        "一共",
        "总共",
        "累计",
        "全年",
        "一年",
        "全省",  # the whole place: the scope's business, never the measured thing
        "全市",
        "全区",
        "全县",
        "区政府",  # the place's own government: the scope again (区政府自己收上来的钱)
        "市政府",
        "省政府",
        "县政府",
        "年度",
        "又",
        "还",
        "已",
        "被",
        "把",
        "给",
        "对",
        "为",
        "到",
        "在",
        "和",
        "与",
        "及",
        "这",
        "那",
        "那边",
        "这边",
        "那几个",
        "个",
        "些",
        "都",
        "就",
        "也",
        "要",
        "能",
        "会",
        "可以",
        "呢",
        "吗",
        "啊",
        "吧",
        "具体",
        "大概",
        "大约",
        "一下",
        "情况",
        "数量",
        "数字",
        "总数",
        "人数",
        "现在",
        "目前",
        "到底",
        "实际",
        "请问",
        "告诉",
        "麻烦",  # 麻烦查下…, 帮我查一下…: asking politely, never the measured thing
        "查下",
        "查一下",
        "查查",
        "帮忙",
        "帮我",
        "问下",
        "问一下",
        "各有",
        "各",
        "分别",
        "各自",
        "我",
        "想",
        "知道",
        "了解",
        "达到",
        "达",
        "完成",  # 完成固定资产投资: the reports state it as 固定资产投资628.5亿元 as often
        "实现",
        "折合",  # 人均GDP折合多少美元: a conversion of the figure, not what is measured
        "百分之",  # 涨了百分之多少 (cut 百分之 | 多少): the ask, not the thing
        "一个月",  # 多少钱一个月: the period an amount is per (Slot.period), not the thing
        "每个月",
        "每月",
        "每年",
        "约合",
    ]
)
_STOPS = re.escape(COMMA + CLAUSE_END + SENTENCE_END + COLON)  # what ends a clause, for a [] class
_DELIMS = re.compile(f"[{_STOPS}？?！!]")  # not 、 or brackets: inside a clause
ELLIPTICAL = 3  # a clause with this few characters before its figure ("化解702宗") borrows its subject
_VERB_OPENERS = re.compile(
    r"^(?:同比|比上年|分别|其中|增长|下降|提高|降低|增加(?!值)|减少|达到|达|占|约|共|实现|完成|累计|合计|总计|共计"
    r"|总产|总量|总额|总值|总里程|总长|总数|总面积|总人数|规模|产量)"
)  # a clause opening with a verb, a total ("…减免租金，累计减免金额2568万元") or an amount of what the
# clause before names ("粮食生产再获丰收，总产达到557亿斤") continues the one before


# A quantity per person, household or area is another figure than the total: 每平方公里土地GDP产出 does
# not answer GDP, 人均地区生产总值 is not 地区生产总值.
PER_UNIT = re.compile(
    rf"人均|户均|地均|每(?:[{_HAN}]{{0,3}}?)(?:平方公里|平方米|公顷|亩|千人|万人|百人|人|户|万名|千名|百名)"
    # per unit of output: 万元GDP建设用地1.74平方米, 单位地区生产总值能耗, 亿元GDP生产安全事故死亡率
    r"|(?:万元|亿元|单位)(?:GDP|地区生产总值|国内生产总值|本地生产总值|生产总值|工业增加值|增加值)"
)


# A part of the place that opens a clause or sentence (片区地区生产总值1334.1亿元、…固定资产投资完成额
# 878.8亿元: the 片区's figures, not the 区's); a question naming one asks for its figures
_PARTS = "片区|园区|开发区|合作区|示范区|功能区"
# (a sentence opening with a verb of making one — 出台示范区建设实施方案 — names no part as its subject)
SUB_AREA = re.compile(
    rf"(?!出台|建设|创建|打造|推进|获批|申报|入选|设立|成立|争创)[^，,；;]{{0,6}}?(?:{_PARTS})"
)
# Part of a year (前三季度, 上半年, 1-9月): a figure so dated is not the year's
PART_OF_YEAR = re.compile(r"前[一二三]季度|上半年|第?[一二三]季度|1\s*[-—～~至]\s*(?:[1-9]|1[01])\s*月")


@dataclass(frozen=True, slots=True)
class Slot:
    """What a figure question asks for."""

    units: tuple[str, ...]  # units asked for (几宗 → 宗); () when the question names none
    head: tuple[str, ...]  # the words naming the measured thing: (败诉率,), (纠纷,), (罚没,)
    rate: bool  # a share or rate (%)
    money: bool  # an amount of money
    ordinal: bool = False  # 第几年, 第几名: a rank, not a quantity; no figure to check
    per: bool = False  # a quantity per person, household or area (人均, 每平方公里) may answer
    per_person: bool = False  # only a quantity per person (人均, 一个人) answers
    # the question may ask for what was added (新增, 新建, 增加, 建了, 开了…): without that, a figure
    # stated as an addition (新增1500个托位) does not answer "一共有多少个托位" (a stock, not a flow)
    added: bool = True
    # the question asks for a share (占…比重, 比例, 占比): only then does a share answer it
    share: bool = False
    change: bool = False  # the question asks how much something changed: only then do 百分点 answer it
    # the change is asked by a verb alone (标准提高了多少, 涨了多少; not 增长率, 增幅, 占比): a figure stating
    # that change in its own unit (再提高20元) answers it as well as a percentage does
    by_how_much: bool = False
    plans: bool = False  # the question asks for a plan or target: only then does a target answer it
    year: int | None = None  # the year asked (the scope's); a figure its own words date otherwise is not it
    # the report's terms for a listed everyday phrase of the question that takes in a head word
    # (被人告上法院: 告上法院 → 行政诉讼, 诉讼; the head words alone, 人告 and 法院, are not stated)
    reworded: tuple[str, ...] = ()
    new: bool = False  # asked in the reports' own words for an addition (新增, 新建): a stock is no answer
    # the naming words right before the head (森林 of 森林覆盖率, 户籍人口 of 户籍人口城镇化率, 规上工业 of
    # 规上工业增加值增长): the figure's sentence must state them (区级覆盖率, 常住人口城镇化率 and
    # 高技术制造业增加值 are other figures)
    qualifier: tuple[str, ...] = ()
    # what a share is of, as the question words it before its 占 (战略性新兴产业增加值占GDP比重): the
    # figure's sentence states it, every word or the whole as one phrase (数字经济核心产业增加值 is not it)
    subject: tuple[str, ...] = ()
    part: bool = False  # the question names a part of its place (园区, 片区 …): its figures may answer
    # the vocabulary's indicator the question names in one of its wordings (经济增长 → 地区生产总值增速):
    # a fact the extractor typed as that indicator states the head, however its sentence words it
    indicator: str = ""
    beyond: tuple[str, ...] = ()  # the head words outside that wording: the figure's sentence states them
    # the head read as one phrase is the reports' own wording (工业增加值; not 法庭应诉): then it is
    # not read loosely (产业增加值 is another figure)
    worded: bool = False
    # The head's naming words: the head without the verbs, particles, adverbs and adjectives its lay
    # wording wraps them in (公共厕所建了 → 公共厕所, 防诈骗 → 诈骗); () when no word class was given
    core: tuple[str, ...] = ()
    # the head ends in a verb (城中村改造了多少个, 财政花出去多少钱): where the figure's own words give
    # that verb an object of its own, the words before it are not borrowed from the clause before
    # (2.3万户城中村供用电安全整治，更新改造老旧电梯337台 counts lifts; see ``_has_object``)
    verbal: bool = False
    # places the question names beside the indexed one whose report answers, which the index does not
    # hold (浙江2025年杭州的GDP): the figure's sentence names them — the province's own GDP is not 杭州's
    places: tuple[str, ...] = ()
    # indexed units the question names with a place inside one of them (深圳新建的公园里福田区有几个):
    # (unit, place) pairs; a figure of the unit's own report names the place, or it is the unit's whole
    inside: tuple[tuple[str, str], ...] = ()
    # the question asks for a part of a whole it names first (重点项目中，产业项目完成投资多少): the part's
    # qualifier must be the figure's own, not said elsewhere in its sentence (特别是产业项目实现重大突破)
    breakdown: bool = False
    driven: bool = False  # the question asks what something brought about (带动了多少人就业)
    # the numbers the question itself states (新增的10155个学位里幼儿园学位有多少个): the asker knows
    # them, so a figure of one of them is not what is asked
    given: tuple[str, ...] = ()
    # the period an amount is asked per ("month": 每个月能领多少; "year": 一个人一年最低能领多少): a figure
    # stated per the other period (每月503元 for a year's) is another figure
    period: str = ""
    # the question asks for items (哪几个景区) or lists its own (市、区人大代表建议): a figure of a list of
    # things may answer it; else the list is what the figure is of (肉蛋奶、蔬菜产量 is no 粮食产量)
    itemised: bool = False
    # the question asks for the whole (一共, 总共, 全年): a sentence on each of the unit's parts (各社区律师
    # …化解矛盾纠纷5起) states the parts' figures, not the whole's
    whole: bool = False
    # the verb a question's 新 on its own goes with (新评上 → 评上, 新筹建 → 筹建): a figure stated with
    # that 新 (新筹建保障性租赁住房27.1万套) is an addition, as one stated with 新增 is
    newly: str = ""

    @property
    def checkable(self) -> bool:
        return not self.ordinal

    @property
    def names_something(self) -> bool:
        """Whether the head names what is measured, beyond a bare 比例/率 (没工作的人的比例 → 比例):
        only then does a figure that agrees answer the question by meaning."""
        return any(w not in _MEASURES for w in self.core or self.head)

    @property
    def unit_class(self) -> str:
        if self.rate:
            return "percent"
        if self.money:
            return "money"
        return unit_class(self.units[0]) if self.units else ""


def _content(words: list[str]) -> list[str]:
    return [w for w in words if not _not_head(w) and len(w) >= 2 and re.search(f"[{_HAN}A-Za-z]", w)]


def _not_head(word: str) -> bool:
    """Words that never name the measured thing: function words, quantity verbs (达到), and the plan
    words that make a question about a target (目标, 预期: the scope's business, not the figure's)."""
    return word in _FUNCTION or bool(PLAN_QUESTION.fullmatch(word))


WordClass = Callable[[str], str]  # a word's part of speech, jieba's tags: "n", "v", "vn", "d" …


def naming_words(
    head: tuple[str, ...], word_class: WordClass, everyday: Callable[[str], bool] = lambda w: True
) -> tuple[str, ...]:
    """The words of ``head`` that name a thing (() when none does): the verbs, particles and adverbs
    of everyday speech around the measured thing go (建了, 防, 刚), whatever their wording — but only
    ``everyday`` ones, common in general Chinese and rare in the reports: a verb the reports use
    (完成, 新增) or a rare, specific one (放款, 罚没, 追回) says which figure is meant; and a phrase the
    synonym data lists names what its report terms name (挣多少钱: 收入)."""
    return tuple(
        w for w in head if w in listed_terms() or not (NOT_NAMING.fullmatch(word_class(w)) and everyday(w))
    )


# Parts of speech that never name the measured thing: modal particles (呀, 呢), interjections, pronouns
# (咱们, 那里, 自己), time words — jieba's tags
_NEVER_HEAD = ("y", "e", "r")
# Time words that date a question (去年, 年底, 现在): the scope's year, never the measured thing
_WHEN = re.compile(r"年|现在|目前|当前|如今")


def _when(word: str, word_class: WordClass) -> bool:
    return word_class(word) == "t" and bool(_WHEN.search(word))


def _nominal(word: str, word_class: WordClass) -> bool:
    tag = word_class(word)
    # j: an abbreviation (研发, 社零), though 人均 says only per whom
    return tag[:1] in ("n", "x") or tag in ("vn", "eng", "l") or (tag == "j" and not PER_UNIT.fullmatch(word))


def _noun_phrase(words: list[str], end: int, word_class: WordClass) -> list[int]:
    """The positions of the last run of nouns before ``words[end]`` (at most two): what a question
    whose last words are an adverb and a complement (平均下来有多少) asks about."""
    nouns = [i for i in range(end) if _content([words[i]]) and _nominal(words[i], word_class)]
    if not nouns:
        return []
    run = [nouns[-1]]
    while len(run) < 2 and run[0] - 1 in nouns:
        run.insert(0, run[0] - 1)
    at = run[0]
    if (
        all(words[i] in _DAYS for i in run)
        and at >= 2
        and words[at - 1] == "的"
        and _content([words[at - 2]])
    ):
        run = [at - 2]  # 空气好的日子: a count of days, of the days the words before say
    return run


def _nouns_around(before: list[str], after: list[str], word_class: WordClass | None) -> bool:
    """Whether a 的 joins two nouns (县里的医疗次中心, 农村的路) — not a clause and the noun it
    describes (刚毕业的大学生, 当官的参加了…)."""
    if word_class is None or not before or not after or _not_head(after[0]):
        return False
    return all(_nominal(w, word_class) for w in before + after)


def _clause_before_noun(before: list[str], after: list[str], word_class: WordClass | None) -> bool:
    """Whether a 的 after the ask ends a clause (a verb in it) that describes the noun after it (多少台
    救心脏骤停用的除颤仪, 多少个在社区接受改造的服刑人员): the noun is what is counted."""
    if word_class is None or not after or _not_head(after[0]) or not _nominal(after[0], word_class):
        return False
    return any(word_class(w)[:1] == "v" and not _nominal(w, word_class) for w in before)


_SHARE_LINKS = frozenset(("的", "了", "有", "是", "多", "大", "多大", "多少", "占"))


def _share_of(words: list[str], word_class: WordClass) -> list[str]:
    """What a bare share (``words`` end before it) is of: the nouns right before the 在 or 占 that
    opens "X在Y里占多少比重"; else the words just before it, past 的/了 and the asking words
    ("没工作的人的比例", "解决了多大比例"); nothing when the question names no such thing."""
    at = next((i for i, w in enumerate(words) if w in ("在", "占", "相当于")), None)
    if at is not None:
        return [words[i] for i in _noun_phrase(words, at, word_class)]
    out: list[str] = []
    for w in reversed(words):
        if w in _SHARE_LINKS or (len(w) == 1 and not out):  # 的人的比例: 人 only links
            continue
        if not _content([w]) or len(out) == 2:
            break
        out.insert(0, w)
    return out


def _subject_of_share(words: list[str]) -> tuple[str, ...]:
    """The words that name what a share is of, right before its 占 (全社会研发投入占GDP比重: 全社会 研发
    投入; 战略性新兴产业增加值占…): each stated, or all of them as one phrase, maybe abbreviated (战新产业)."""
    out: list[str] = []
    days = False
    for w in reversed(words):
        if not out and (w in _DAYS or (days and w == "的")):
            days = True  # 空气好的日子占多少: a share of days, which the words before say
            continue
        if not _content([w]) or len(out) == 4:
            break
        out.insert(0, w)
    return tuple(out)


# people's income (农村的人收入, 农民收入, 老百姓的收入): the reports state it per person (人均可支配收入)
_PEOPLES_INCOME = re.compile(r"(?:人|居民|农民|牧民|群众|百姓|职工)[^，,。？?]{0,8}收入")


def _per_unit_term(word: str) -> bool:
    """Whether every report term the synonym data gives ``word`` is per unit (居民收入: 居民人均可支配收入),
    or it is a standard of provision (低保标准: 人均月标准1167元), which is per person."""
    if word.endswith("标准"):
        return True
    terms = restated(word)
    return bool(terms) and all(PER_UNIT.search(t) for t in terms)


def _predicate(word: str, word_class: WordClass | None) -> bool:
    """A verb around the measured thing that says what became of it, not how it changed (做到, 完成,
    创造, 降到; not 增长, 下降: a change is another figure)."""
    if word_class is None:
        return False
    return word_class(word) in ("v", "vi", "vd") and bool(
        _REACHED.search(word) or not _ASKS_CHANGE.search(word)
    )


_REACHED = re.compile(r"[到至]$")  # 降到, 提高到, 跃升至: the level reached, not the change
# Words for an amount of what the word before names (地区生产总值规模, 经济总量): not a thing of their own
_PASSED = re.compile(r"突破|超过|超|达到|达|跨过|迈上")  # a level passed, as a predicate: no head word
_ADDING = re.compile(r"新加|新添|新增|新建|新开|加了|添了|建了|增加")  # an addition, as a predicate
_AMOUNT = frozenset(("规模", "总量", "体量"))
# Nouns that stand for "something" and name nothing themselves (老人吃饭的地方, 吃的东西): the words before
# them say what is meant
_LIGHT = frozenset(("地方", "东西", "事情", "事儿", "生意"))
_DAYS = frozenset(("日子", "天数"))  # a count of days, of days the words before say (空气好的日子)


def _preceding(words: list[str], at: int, most: int = 2) -> tuple[str, ...]:
    """The content words right before ``words[at]``, with nothing between (户籍人口 of 户籍人口城镇化率)."""
    out: list[str] = []
    for w in reversed(words[max(0, at - most) : at]):
        if not _content([w]) or _ASK_WORDS.match(w):
            break
        out.insert(0, w)
    return tuple(out)


_PER_WORDS = frozenset(("一年", "每年", "一个月", "每月", "每人", "每个人", "一天", "每天"))


def _without_per(words: list[str]) -> list[str]:
    """``words`` less those saying what a figure is per (一个人, 一年, 每月): ``Slot.per``, ``per_person``
    and ``period`` are read from the question's text."""
    out: list[str] = []
    for i, w in enumerate(words):
        if w in _PER_WORDS or (w == "一个" and words[i + 1 : i + 2] == ["人"]):
            continue
        if w == "人" and words[i - 1 : i] == ["一个"]:
            continue
        out.append(w)
    return out


def asked_slot(
    question: str,
    words: list[str],
    word_class: WordClass | None = None,
    everyday: Callable[[str], bool] = lambda w: True,
    said: Callable[[str], bool] = lambda phrase: False,
) -> Slot:
    """The slot a figure question asks for: the unit from its measure word, the head from the words
    around the (last) asking word — the measure it names (败诉率), else the noun after the unit
    (多少宗纠纷), else the words before the asking word (罚没了多少钱, 地区生产总值是多少). With
    ``word_class``, also the head's naming words (``Slot.core``, see ``naming_words``). A qualifier word
    right before a measure (X率) that the reports ``said`` with it is kept, verb or not (登记 of
    登记失业率: 调查失业率 is another figure)."""
    # a bare magnitude (多少亿, 多少万) is no unit: 5696亿元 answers 做到多少亿
    units = tuple(u for u in asked_units(question) if u not in ("％", "成", "个百分点", "万", "亿", "万亿"))
    if word_class is not None:
        words = [w for w in words if word_class(w) not in _NEVER_HEAD and not _when(w, word_class)]
    words = _without_per(words)  # 脱贫户一个人一年纯收入: what the figure is per is no part of its name
    money = bool(_MONEY.search(question))
    if money and not any(w.endswith(_MEASURES) for w in words):  # 涨了多少钱: an amount, not a rate
        units = tuple(u for u in units if u != "%")
    asks = [i for i, w in enumerate(words) if _ASK_WORDS.match(w)]
    if (
        asks
        and "占" in words[: asks[-1]]
        and "占比" not in question
        and not any(w.endswith(_MEASURES) for w in words)
    ):
        # 研发投入占GDP多少, 服务业在GDP里占到多少: a share, asked without its measure word
        words = [*words[: asks[-1]], "比重", *words[asks[-1] :]]
        asks = [i for i, w in enumerate(words) if _ASK_WORDS.match(w)]
        units = units or ("%",)
    ask = asks[-1] if asks else len(words)
    rate_at = [i for i, w in enumerate(words) if w.endswith(_MEASURES)]
    head: list[str] = []
    qualifier: tuple[str, ...] = ()
    share_subject: tuple[str, ...] = ()
    names_last = not asks  # the head's last word names the thing, whatever its word class
    if rate_at:
        at = max((i for i in rate_at if i <= ask), default=rate_at[-1])
        word = words[at]
        if len(word) == 1 and at > 0 and _content(words[at - 1 : at]):
            word = words[at - 1] + word  # 出庭 + 率 → 出庭率
        else:
            qualifier = _preceding(words, at)  # 森林 + 覆盖率: the sentence must say whose 覆盖率
        head = [word]
        if word in _MEASURES and not qualifier and word_class is not None:
            head = _share_of(words[:at], word_class) + head  # 服务业在GDP里占多少比重: 服务业's 比重
        links = [i for i, w in enumerate(words[:at]) if w in ("占", "相当于")]
        if word in _MEASURES and links:  # 新兴产业增加值占GDP比重, 研发经费相当于GDP的比例: a share of
            share_subject = _subject_of_share(words[: links[0]])  # one subject is not another's
    else:
        after: list[str] = []
        # the nouns before a 的 (多少个县里的医疗次中心): the noun after it is the head
        modifiers: list[str] = []
        rest = words[ask + 1 :]
        for i, w in enumerate(rest):
            if w == "的" and not modifiers and _nouns_around(after, rest[i + 1 : i + 2], word_class):
                modifiers, after = after, []
                continue
            if w == "的" and after and _clause_before_noun(after, rest[i + 1 : i + 2], word_class):
                after = []  # 多少个在社区接受改造的服刑人员: the clause describes the noun counted
                continue
            if _DELIMS.fullmatch(w) or (after and w in _FUNCTION):
                break
            if (w[:1] in units or w[:1] in MAGNITUDES) and len(w) > 1:  # 个班, 亿呀: glued to the next word
                w = w[1:]
                if word_class is not None and word_class(w) in _NEVER_HEAD:
                    continue  # 亿呀
            if _CURRENCY.fullmatch(w):  # 多少亿美元: money in a currency the units do not list
                money = True
                continue
            if _not_head(w) or w in units or unit_class(w) or w in MAGNITUDES:
                continue
            if after and len(w) == 1:  # 多少家企业做了…: a one-character word after the noun is its verb
                break
            after.append(w)
        nouns = [w for w in after if re.fullmatch(f"[{_HAN}A-Za-z]+", w)]  # 多少个班: one character will do
        if modifiers and not any(len(w) > 1 for w in nouns):  # 农村的路: one character names too little
            nouns = modifiers + nouns
        head = nouns[-3:]
        if all(w in _LIGHT for w in head):
            head = []  # 做了多少钱的生意: the words before the ask say what
        if len(head) == 1 and len(head[0]) == 1 and word_class is not None:
            # 出口了多少钱的货: one character (货) names too little; the verb before the ask says which
            verb = [w for w in words[:ask] if _content([w])][-1:]
            head = [w for w in verb if word_class(w) in ("v", "vn")] + head
        if not head:
            before = [i for i, w in enumerate(words[:ask]) if _content([w])][-2:]
            if len(before) == 2 and words[before[1]] in _LIGHT:
                before = before[:1]  # 老人吃饭的地方
            opening = words[before[0]] if before else ""
            if len(before) == 2 and "的" in words[before[0] : before[1]] and _predicate(opening, word_class):
                before = before[1:]  # 创造的GDP: what 的 leads to (老人吃饭的地方 is one thing)
            if word_class is not None and before and not any(_nominal(words[i], word_class) for i in before):
                before = _noun_phrase(words, ask, word_class) or before  # …PM2.5一年平均下来有多少
            # A keyword query asks nothing, and 是/为 link a noun to the ask: the last words name the
            # thing then, whatever jieba calls them (一般公共预算支出, 预算支出是多少)
            linked = any(w in _COPULAS for w in words[before[-1] + 1 : ask]) if before else False
            names_last = names_last or linked
            if (
                asks
                and not linked
                and word_class is not None
                and len(before) == 2
                and (
                    _predicate(words[before[1]], word_class)
                    or _PASSED.fullmatch(words[before[1]])
                    or _ADDING.fullmatch(words[before[1]])
                )
            ):
                predicate = words[before[1]]  # GDP做到多少亿: the noun is the head; 完成 stays
                after = words[before[1] + 1 : before[1] + 2]
                reached = bool(_REACHED.search(predicate)) or after in (["到"], ["至"])  # 跃升 到了多少
                reached = reached or bool(_PASSED.fullmatch(predicate))  # 总长突破多少: the level passed
                added = bool(_ADDING.fullmatch(predicate))  # 床位新加了多少张: Slot.added says it
                if (
                    everyday(predicate) or reached or added
                ) and predicate not in listed_terms():  # 找到工作 names 就业
                    before = before[:1]
            if len(before) == 2 and words[before[1]] in _AMOUNT:
                before = before[:1]  # 地区生产总值规模
            head = [words[i] for i in before]
            qualifier = _preceding(words, before[0]) if before else ()  # 规上工业 + 增加值增长
    # 出口额, 销售额, 交易额: an amount of money (not 名额, 份额, 配额), whatever else the sentence counts
    money = money or any(_AMOUNT_OF_MONEY.search(w) for w in head)
    if money and len(head) > 1:  # 低保每个月能领多少: 领 says money is asked, not what money
        head = [w for w in head if not _RECEIVING.fullmatch(w)] or head
    if not units and head and head[-1].endswith(("人数", "人次")):  # 新增就业人数: people, not 岗位12.7万个
        units = ("人",)
    termed = qualifier[-1:] if rate_at and qualifier and said(qualifier[-1] + head[-1]) else ()
    part_of = _breakdown(words, head)
    rate = bool(rate_at) or ("%" in units and bool(RATE_WORDS.search(question)))
    if not rate and not units and not money and "占多少" in question:  # 天数占多少: a share
        rate, units = True, ("%",)
    newly = _newly(words)  # 新评上几个院士: jieba's 新 on its own, and the verb after it
    return Slot(
        units=units,
        head=tuple(head),
        rate=rate,
        money=money,
        ordinal="第几" in question,
        # 平均一年挣多少钱: per person; and 居民收入, whose every report term is per person (人均可支配收入)
        per=bool(PER_UNIT.search(question) or _ASKS_PER.search(question) or any(map(_per_unit_term, head)))
        or _PEOPLES_INCOME.search(question) is not None,
        per_person=bool(_PER_PERSON.search(question)),
        added=bool(_ASKS_ADDED.search(_NOT_ADDED.sub(" ", question))),
        new=bool(_ASKS_NEW.search(question)) or bool(newly),
        share=bool(_ASKS_SHARE.search(question)),
        change=bool(_ASKS_CHANGE.search(question)),
        by_how_much=rate
        and not rate_at
        and not _RATE_NOUN.search(question)
        and bool(_ASKS_CHANGE.search(question)),
        plans=bool(PLAN_QUESTION.search(question)),
        reworded=_reworded(question, head),
        qualifier=naming_words(qualifier, word_class, lambda w: everyday(w) and w not in termed)
        if word_class is not None
        else qualifier,
        subject=share_subject,
        part=bool(_PART.search(question)),
        core=(tuple(head) if part_of else _core(tuple(head), names_last, word_class, everyday))
        if word_class is not None
        else (),
        breakdown=part_of,
        driven=bool(_DRIVES.search(question)),
        verbal=len(head) > 1 and word_class is not None and word_class(head[-1]) == "v",
        given=tuple(_NUMERAL.findall(question)) if asks else (),
        period=_period(question) if money else "",
        itemised="哪" in question or "、" in question,
        whole=bool(_ASKS_WHOLE.search(question)),
        newly=newly,
    )


_NUMERAL = re.compile(r"\d+(?:\.\d+)?")
_PER_MONTH = re.compile(r"每个?月|一个月|月均|/月")
_PER_YEAR = re.compile(r"一年|每年|年人均|/年")


def _period(text: str) -> str:
    """The period ``text`` states an amount per: "month", "year" or "" (neither, or both)."""
    month, year = bool(_PER_MONTH.search(text)), bool(_PER_YEAR.search(text))
    return "month" if month and not year else "year" if year and not month else ""


_COPULAS = frozenset(("是", "为"))
_PART_OF = frozenset(("中", "里", "当中", "其中", "里面", "之中"))  # 新增学位中高中学位: a part of a whole


def _breakdown(words: list[str], head: list[str]) -> bool:
    """Whether the question asks for a part of a whole it names first (新增学位中高中学位有多少个): then
    every head word says which part, everyday or not (高中), and the whole's figure is no answer."""
    at = next((i for i, w in enumerate(words) if w in _PART_OF), -1)
    return at > 0 and bool(head) and head[0] in words[at + 1 :]


_AMOUNT_OF_MONEY = re.compile(r"(?<![名份配])额$|收入$")  # 收入: an income is an amount of money
_PART = re.compile(_PARTS)


def _core(
    head: tuple[str, ...], names_last: bool, word_class: WordClass, everyday: Callable[[str], bool]
) -> tuple[str, ...]:
    """The head's naming words; with ``names_last`` (a keyword query, or 是 before the ask) its last
    word names the thing, whatever jieba calls it (一般公共预算支出: 支出, "v")."""
    core = naming_words(head, word_class, everyday)
    if names_last and head and head[-1] not in core:
        core += head[-1:]
    return core


# Everyday ways to ask for a quantity per person (平均一年挣多少钱, 一个人一年收入多少); the ones that
# can only mean per person (not 平均, as in PM2.5年平均浓度)
_ASKS_PER = re.compile(r"平均|一个人|每个人")
_PER_PERSON = re.compile(r"人均|每人|一个人|每个人")

# Words with which a question may ask for an addition; read loosely (any 新, 增, 建, 开…), since a question
# refused for this is worse than one let through to the other checks
_ASKS_ADDED = re.compile(r"[新增添扩建修开招引办加弄搞]|多了|多出|培育|创建|设立|成立")  # 弄了多少套: made
# A figure stated as an addition to a stock: its own words begin with one of these (新增1500个托位,
# 新改扩建社康中心14家, 增加学位3000个)
_ADDED = re.compile(
    r"^(?:[^，,；;。]{0,4}?)(?:新增|新建|新改扩建|新改建|新开|新设|新招|新引进|新认定|新培育|新注册|新登记|新落地|新入驻|新获批|净增|增加(?!值)|增设|扩增)"  # 增加值: value added
)

# Words whose 新 adds nothing (高新技术企业总数 asks for no 新认定 firms)
_NOT_ADDED = re.compile(r"高新|创新|更新|新兴|新能源|新型|新时代|新质|新区|公办|民办")  # 公办学位: whose


_NEWLY_DONE = re.compile(rf"新[{_HAN}]{{1,2}}$")  # a figure right after 新 and its verb (新上牌, 新注册)
_EVERY_YEAR = re.compile(rf"^年(?![底末度内初中份])[{_HAN}]")  # 年实际使用外资…: every year of a period
_FROM = re.compile(r"从(?:(?:19|20)\d{2}年(?:的|底)?|[^，,；;。]{0,4}的)?$")  # the start of a from-to
# trade with a partner (对东盟进出口; not 对外贸易, the whole)
_PARTNER = re.compile(r"对(?!外)([^，,；;。对]{1,12}?)(?:的)?(?:进出口|出口|进口|贸易)")
_DRIVES = re.compile(r"带动|拉动")  # what something brought about
_DRIVEN = re.compile(rf"^[^，,；;]{{0,2}}(?:{_DRIVES.pattern})")  # a figure so opening: a part
_ASKS_NEW = re.compile(r"新增|新建|新开|新设|增设")
_NEW_IN = re.compile(
    r"新增|新建|新改扩建|新改建|新开|新设|新招|新引进|净增|增加(?!值)|增设|扩增|建成|开通|开业|落成|投用|新落地|落户|引进"
)
CHANGE = re.compile(r"增长|下降|提高|提升|降低|增加(?!值)|减少|增速|增幅|翻")  # a figure stating a change
_ASKS_SHARE = re.compile(r"占|比重|比例|份额")
_RATE_NOUN = re.compile(r"率|比例|占比|比重|份额|百分|增速|增幅|几成|多少成")
# a figure whose own words end in the change they state (最低标准再提高20元, 比上年增加1.36亿元)
_CHANGE_LEAD = re.compile(r"(?:提高|提升|增加|增长|上涨|上调|减少|下降|降低|下调)了?(?:近|超过?|约|达)?$")
_ASKS_CHANGE = re.compile(
    r"提高|提升|增长|增加(?!值)|增幅|下降|降低|上升|减少|回落|变化|百分点|多了|(?<!多)少了|涨|降"
)
_SHARE = re.compile(r"占.{0,16}(?:比重|比例|份额)|占比")  # 占地区生产总值比重提升至60.5%: a share
_SHARE_LEAD = re.compile(r"(?<!地)占(?!地)[^，,；;。]{0,16}$")  # a percentage right after 占…: its share
# A target stated in a review's prose, before the figure: 力争…, 预期目标…, 到2025年…
_TARGET = re.compile(r"预期目标|目标是|力争|到((?:19|20)\d{2})年")
# A year the figure's own words give it (至2020年的801亿元), not a base it is compared with or starts
# from (比2020年, 由2023年176.7亿元增长至924.2亿元)
_BASE_YEAR = re.compile(r"(?:比|较)((?:19|20)\d{2})年")  # the year a change is measured from
_OWN_YEAR = re.compile(r"(?<![比较与同由从])((?:19|20)\d{2})年")


def _reworded(question: str, head: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for phrase, terms in synonym_pairs():
        if len(phrase) <= 2 or phrase not in question or not any(w in phrase for w in head):
            continue
        if any(w in listed_terms() and w not in phrase for w in head):
            continue  # 打行政官司输了: 官司输了 (败诉) says which figure; 行政官司's terms do not state it
        if not any(phrase in w for w in head):  # not a head word's own synonym (expanded as such)
            out.extend(t for t in terms if t not in out)
    return tuple(out)


# A clause's items are separated by 、: a figure's words end at the next one ("研发经费支出2800亿元、占地区
# 生产总值比重达2.8%": 地区生产总值 belongs to the share, not to the 2800亿元)
_ITEM_START = re.compile(f"{_DELIMS.pattern}|、")


@lru_cache(maxsize=1 << 16)
def figure_clause(fact: Fact) -> str:
    """The words that govern a figure: its clause (from the delimiter before it to the delimiter or 、
    after it), and the phrase the extractor named it with."""
    return f"{fact.raw_indicator} {_clause(fact.text, fact.value_start - fact.start, fact.value_end - fact.start)}"


# After a figure's measure, a noun of its own ("完成2家医院扩建": the 2 counts 医院, whatever the clause
# before was about)
_NOUN_START = re.compile(f"[{_HAN}]{{2}}")


def _own_noun(sentence: str, end: int) -> bool:
    measure = AFTER_NUMBER.match(sentence, end)  # greedy: 亿元 is the measure, never the noun
    return bool(_NOUN_START.match(sentence, measure.end() if measure else end))


def _counted(sentence: str, end: int, unit: str) -> str:
    """What a count is of when its own noun follows its measure word (3个千亿级台阶 → 千亿级台阶,
    完成2家医院扩建 → 医院扩建); "" otherwise (新增托位1405个)."""
    if unit_class(unit) not in COUNT_CLASSES:
        return ""
    measure = AFTER_NUMBER.match(sentence, end)
    at = measure.end() if measure else end
    if not _NOUN_START.match(sentence, at):
        return ""
    stop = _ITEM_START.search(sentence, at)
    return sentence[at : stop.start() if stop else len(sentence)]


_BORROW_CLAUSES = 3  # a clause borrows its subject from at most this many clauses back
_DIGIT = re.compile(r"\d")


def _clause(sentence: str, at: int, end: int) -> str:
    """The clause of the figure at ``sentence[at:end]``: from the delimiter before it to the delimiter
    or 、 after it, with the clause before when this one leaves its subject to it (and the figure is not
    followed by a noun of its own)."""
    before = [m.end() for m in _DELIMS.finditer(sentence, 0, at)]
    after = _ITEM_START.search(sentence, end)
    start = before[-1] if before else 0
    clause = sentence[start : after.start() if after else len(sentence)]
    lead = sentence[start:at].strip()
    borrows = _VERB_OPENERS.match(clause) or len(lead) <= ELLIPTICAL
    if before and borrows and not _own_noun(sentence, end):
        # "…生产总值1.8万亿元，增长5.1%", "受理信访诉求720宗，化解702宗": the clause leaves its subject
        # to the one before it, or past remarks without a figure to the last one that states one
        # ("地区生产总值1080亿元，历史性突破千亿大关，增长14.0%")
        starts = [0, *before[:-1]]
        back = len(starts) - 1
        while (
            back > 0
            and len(starts) - back < _BORROW_CLAUSES
            and not _DIGIT.search(sentence, starts[back], before[back])
        ):
            back -= 1
        # … and a clause that itself opens with a verb leaves its subject further back ("本地生产总值
        # 突破4000亿元，达4601.5亿元，增长9.1%")
        while (
            back > 0
            and len(starts) - back < _BORROW_CLAUSES
            and _VERB_OPENERS.match(sentence[starts[back] :])
        ):
            back -= 1
        clause = sentence[starts[back] : start] + clause
    return clause


# Coordinate compounds: one word for two things (城乡 is 城镇 and 农村). A part written inside one is not
# stated by it — 出口 in 进出口 (imports and exports together) is not the exports alone — and a
# respectively list after one pairs its figures with the parts (城乡居民收入分别达6.9万元、3.4万元)
_COORDINATE = {
    "进出口": ("进口", "出口"),
    "中小学": ("中学", "小学"),
    "城乡": ("城镇", "农村"),
    "收支": ("收入", "支出"),
}


def _masked(word: str, text: str) -> str:
    """``text`` with the coordinate compounds that hold ``word``'s leading part masked (出口总额 is not
    stated by 进出口总额, whole or as a right-headed compound)."""
    for compound, parts in _COORDINATE.items():
        if any(part in compound and word.startswith(part) for part in parts):
            text = text.replace(compound, "\0" * len(compound))
    return text


def _swapped(word: str, governing: str) -> bool:
    """Whether ``governing`` words ``word`` with one part of a coordinate compound put for another, or
    for the whole (外贸出口额 for 外贸进口额, 进出口总额 for 出口总额): a sibling figure, not a shortening."""
    own = [m.span() for m in re.finditer(re.escape(word), governing)]  # its own wording is no sibling
    for compound, parts in _COORDINATE.items():
        forms = (compound, *parts)
        for part in forms:
            for at in (m.start() for m in re.finditer(re.escape(part), word)):  # 货物出口总额: inside too
                for f in (f for f in forms if f != part):
                    other = word[:at] + f + word[at + len(part) :]
                    for m in re.finditer(re.escape(other), governing):
                        if not any(a <= m.start() and m.end() <= b for a, b in own):
                            return True
    return False


def _sibling_stated(word: str, own: str) -> bool:
    """Whether a figure's own words name a sibling of ``word`` and not ``word`` (农村居民人均可支配收入
    is no 城镇居民's, whatever else its sentence says of 城镇)."""
    siblings = [p for parts in _COORDINATE.values() if word in parts for p in parts if p != word]
    return word not in own and any(p in own for p in siblings)


def _word_stated(word: str, governing: str) -> bool:
    governing = _masked(word, governing)
    if word in governing or any(e in _masked(e, governing.lower()) for e in restated(word) if len(e) >= 2):
        return True
    if word in _MEASURES:  # a bare 比例/率 asks for a share of what the other words name, which a
        return any(m in governing for m in (*_MEASURES, "占"))  # bare 占 states (占GDP4.02%)
    rate = _RATE_WORD.search(word)
    if rate is not None:  # X率: X shortly before a 率 (出庭…率 states 出庭率; 撤诉率 does not state 败诉率)
        return bool(re.search(rf"{re.escape(rate.group(1))}[^，,；;。]{{0,3}}{rate.group(2)}", governing))
    return _compound_stated(word, governing)


def _compound_stated(text: str, governing: str, parts: tuple[str, ...] = ()) -> bool:
    """Chinese compounds are headed on the right: 栋长 states 楼栋长 (one leading modifier dropped);
    or ``governing`` abbreviates ``text`` (made of the words ``parts``, when given). A coordinate
    compound holding ``text``'s leading part, or a sibling part put for it, states none of it (口总额
    of 进出口总额 is no 出口总额, 进出口总额 less 出 no 进口总额)."""
    governing = _masked(text, governing)
    if _swapped(text, governing):
        return False
    return (
        (len(text) >= 3 and text[1:] in governing)
        or abbreviated(text, governing, parts)
        or _shortened(text, governing)
    )


def _shortened(word: str, governing: str) -> bool:
    """Whether ``word`` is ``governing``'s word less one inner character (停车位 of 停车泊位)."""
    if len(word) < 3:
        return False
    inner = "|".join(re.escape(word[:i]) + f"[{_HAN}]" + re.escape(word[i:]) for i in range(1, len(word)))
    return re.search(inner, governing) is not None


def abbreviated(word: str, governing: str, parts: tuple[str, ...] = ()) -> bool:
    """Whether ``governing`` holds an abbreviation of ``word``: its first character and at least half
    of its characters, in order, but not contiguous in it (公厕 for 公共厕所; 出口 is part of 出口额,
    not its abbreviation) — and, for a phrase of several words ``parts``, the first character of each
    (战新 for 战略性 新兴产业; 行政诉 of 行政诉讼 abbreviates no 行政复议 败诉)."""
    if len(word) < 4:
        return False
    need = (len(word) + 1) // 2
    starts: set[int] = set()
    if parts and "".join(parts) == word:
        offsets = [0]
        for part in parts[:-1]:
            offsets.append(offsets[-1] + len(part))
        starts = {o for o, part in zip(offsets, parts, strict=True) if len(part) >= 2}
    for at in (m.start() for m in re.finditer(re.escape(word[0]), governing)):
        used, pos = [0], 1
        for char in governing[at + 1 : at + len(word)]:
            found = word.find(char, pos)
            if found < 0:
                break
            used.append(found)
            pos = found + 1
        if len(used) >= need and governing[at : at + len(used)] not in word and starts <= set(used):
            return True
    return False


def _all_stated(head: tuple[str, ...], governing: str, context: str = "") -> bool:
    """The last word of ``head`` in ``governing``; at least half of the others (its modifiers) there
    or in ``context``, the clause before (粮食 of 粮食生产再获丰收，总产达到557亿斤)."""
    if not _word_stated(head[-1], governing):
        return False
    others = head[:-1]
    stated = [_word_stated(w, governing) or _word_stated(w, context) for w in others]
    if any(w in listed_terms() and not ok for w, ok in zip(others, stated, strict=True)):
        return False  # 官司输了, a phrase the synonym data lists, says which figure: never left out
    return sum(stated) * 2 >= len(others)


def states_every_word(head: tuple[str, ...], governing: str) -> bool:
    """Whether ``governing`` states every word of ``head``, each itself or a synonym (no loose reading)."""
    return bool(head) and all(_word_stated(w, governing) for w in head)


def head_stated(
    head: tuple[str, ...],
    governing: str,
    core: tuple[str, ...] = (),
    *,
    as_phrase: bool = True,
    context: str = "",
) -> bool:
    """Whether ``governing`` states the asked head: its last word (the measure or noun) and at least
    half of the others (its modifiers: 人均 makes 人均地区生产总值 another figure), each itself or a
    synonym. Lay wording is read more loosely: the head's naming words ``core`` alone (公共厕所 of
    公共厕所建了), or — ``as_phrase``, for wording the reports do not use — the head read as one phrase
    (法庭应诉 states 出庭应诉 as 栋长 states 楼栋长)."""
    if not head:
        return True
    if _swapped("".join(head), governing):
        return False  # 进出口总额 states no 出口总额, whatever the clause before says of 出口
    if _all_stated(head, governing, context):
        return True
    if core and core != head and not set(core) <= _GENERIC and _all_stated(core, governing, context):
        return True
    readings = [head] + ([core] if len(core) > 1 else [])  # each read as one phrase of its words
    return as_phrase and len(head) > 1 and any(_phrase_stated("".join(w), governing, w) for w in readings)


# Words for an amount of anything: a head's naming words that are only these (处罚金额 without the
# verb: 金额) name no particular figure, so the whole head must be stated
_GENERIC = frozenset(
    ("金额", "总额", "数额", "数量", "总数", "次数", "人数", "件数", "规模", "总量", "体量") + _MEASURES
)  # a bare 比例 or 率 (投诉反映的事有多少比例解决了): a share of anything


def _phrase_stated(phrase: str, governing: str, parts: tuple[str, ...] = ()) -> bool:
    """A head read as one phrase: itself, less its first character (法庭应诉 ~ 出庭应诉, as 栋长 states
    楼栋长), or abbreviated — not through the synonyms of its parts, nor a share (率) loosely."""
    return not phrase.endswith(_MEASURES) and _compound_stated(phrase, governing, parts)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure in an answer candidate: its unit ("" when written without one) and governing words."""

    unit: str
    governing: str
    fact: Fact | None  # the typed fact, when the extractor made one of it
    lead: str = ""  # the words right before it, from the last 、 or delimiter: what it is a figure of
    sentence: str = ""  # the whole sentence it stands in
    # a figure of a respectively list (``_respectively``): its own item (农村居民人均可支配收入), and
    # the sentence less the other items, where its qualifiers are looked for
    item: str = ""
    qualified_in: str = ""
    counts: str = ""  # the noun a count is of, when it follows the measure word (``_counted``)
    # a figure no fact was made of: where it stands in the report, as written (1640.06亿斤, 876部)
    written: tuple[int, int] = (0, 0)
    number: str = ""  # its number as written (10155 of 10155个)


# What a number the extractor left is written with: a magnitude, 余/多, and a unit up to the next
# delimiter (亿斤, 万标准箱, 微克/立方米, 亿美元, 万头只)
_WRITTEN_UNIT = re.compile(
    rf"(?:{MAGNITUDE})?[余多]?[^\d{_STOPS}、（(）)\s“”]{{0,6}}?(?=[{_STOPS}、（(）)\s]|$)"
)


def _governing(fact: Fact) -> str:
    """A fact's clause, and the vocabulary's name for its metric where it has one: the report's own
    term for what a question may word otherwise (依申请公开 is 政府信息公开申请数)."""
    clause = figure_clause(fact)
    if fact.indicator != fact.raw_indicator and fact.indicator in curated_names():
        return f"{fact.indicator} {clause}"
    return clause


def _lead(sentence: str, at: int) -> str:
    starts = [m.end() for m in _ITEM_START.finditer(sentence, 0, at)]
    return sentence[starts[-1] if starts else 0 : at]


def figures_in(sentence: str, start: int, facts: list[Fact]) -> list[Figure]:
    """The figures of ``sentence`` (at ``start`` in its report): the facts extracted from it, and bare
    numbers the extractor left (2.4万亿, 46022) with their clause — a figure of a "respectively" list
    governed by its own item (``_respectively``)."""
    paired = _respectively(sentence)
    out = []
    for f in facts:
        at = f.value_start - start
        governing, item, context = paired.get(at) or (_governing(f), "", "")
        counts = _counted(sentence, f.value_end - start, f.unit)
        number = _NUMERAL.search(f.value_text)
        out.append(
            Figure(
                f.unit,
                governing,
                f,
                _lead(sentence, at),
                sentence,
                item,
                context,
                counts,
                number=number.group() if number else "",
            )
        )
    taken = [(f.value_start - start, f.value_end - start) for f in facts]
    for m in NUMBER.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken) or _not_a_quantity(sentence, m):
            continue
        measure = MEASUREMENT.match(sentence, m.end())
        governing, item, context = paired.get(m.start()) or (_clause(sentence, m.start(), m.end()), "", "")
        unit = measure.group(1) if measure else _bare_unit(sentence, m.end())
        counted = _counted(sentence, m.end(), _count_unit(sentence, m.end()))
        tail = _WRITTEN_UNIT.match(sentence, m.end()) or AFTER_NUMBER.match(sentence, m.end())
        written = (start + m.start(), start + (tail.end() if tail else m.end()))
        out.append(
            Figure(
                unit,
                governing,
                None,
                _lead(sentence, m.start()),
                sentence,
                item,
                context,
                counted,
                written,
                m.group(),
            )
        )
    return out


_COUNT_UNIT = re.compile(rf"(?:{MAGNITUDE})?([个家所项座处台部辆户人名位件宗起次场批条])")


def _count_unit(sentence: str, end: int) -> str:
    m = _COUNT_UNIT.match(sentence, end)
    return m.group(1) if m else ""


# Money after a bare number the extractor left (160.6亿美元): its unit is 元, whatever the currency
_CURRENCY = re.compile(rf"(?:{MAGNITUDE})?(?:{CURRENCIES}|元)")


def _bare_unit(sentence: str, end: int) -> str:
    """The unit of a bare number that no physical measure follows: 元 for money, 倍 for a multiple
    (增长超过120倍 is no rate), a share or percentage points, the list's where it ends one (分别提高11.1、
    8.2个百分点), else none."""
    if _CURRENCY.match(sentence, end):
        return "元"
    if sentence.startswith("倍", end):
        return "倍"
    share = _SHARE_UNIT.match(sentence, end)
    if share:
        return UNIT_ALIASES.get(share.group(0), share.group(0))
    listed = _LIST_UNIT.match(sentence, end)
    return UNIT_ALIASES.get(listed.group(1), listed.group(1)) if listed else ""


_SHARE_UNIT = re.compile(r"个百分点|百分点|%|％")
# A bare number in a list whose last number carries the unit: "11.1、8.2个百分点"
_LIST_UNIT = re.compile(r"(?:[、和](?:\d+(?:\.\d+)?))+(个百分点|百分点|%|％)")


# "X、Y分别增长a、b": the items before 分别 and the figures after it, in the same order
_RESPECTIVELY = re.compile(
    rf"(?P<items>[^{_STOPS}]+?)分别"
    rf"(?P<values>[^{_STOPS}]+)"
)
_ITEM_JOINS = ("、", "、|和|与|及")  # 、 first: 租赁和商务服务业、交通运输仓储和邮政业 are two items
_MODIFIER = 4  # items this short before a longer last one are its modifiers (城镇、农村居民…收入)


def _items(text: str, count: int) -> list[str] | None:
    """The ``count`` items of a respectively list's subject, each with the words they share: a last
    item's tail goes with modifiers before it (城镇、农村居民收入 → 城镇居民收入, 农村居民收入)."""
    for compound, parts in _COORDINATE.items():
        if count == len(parts) and compound in text and not re.search("、|和|与|及", text):
            return [text.replace(compound, part, 1) for part in parts]
    for joins in _ITEM_JOINS:
        items = [i for i in re.split(joins, text) if i]
        if len(items) == count >= 2:
            break
    else:
        return None
    own = len(items[0])
    if all(len(i) <= _MODIFIER for i in items[:-1]) and len(items[-1]) > own:
        tail = items[-1][own:]
        return [i + tail for i in items[:-1]] + [items[-1]]
    return items


def _respectively(sentence: str) -> dict[int, tuple[str, str, str]]:
    """Each figure of a "respectively" list, by its offset: its governing words — its own item and the
    verb (城镇、农村居民人均可支配收入分别增长4.4%、5.9%: 5.9% is 农村居民人均可支配收入's) —, the item,
    and the sentence less the other items (where its qualifiers are looked for); nothing where items
    and figures do not pair up."""
    paired: dict[int, tuple[str, str, str]] = {}
    for m in _RESPECTIVELY.finditer(sentence):
        numbers = [
            n
            for n in NUMBER.finditer(sentence, m.start("values"), m.end("values"))
            if not _not_a_quantity(sentence, n)
        ]
        items = _items(m.group("items"), len(numbers))
        if items is None:
            continue
        verb = sentence[m.start("values") : numbers[0].start()]
        before, after = sentence[: m.start("items")], sentence[m.end("items") :]
        written = re.split("、|和|与|及", m.group("items"))
        for i, (item, n) in enumerate(zip(items, numbers, strict=True)):
            ends = AFTER_NUMBER.match(sentence, n.end())
            governing = f"{item}分别{verb}{sentence[n.start() : ends.end() if ends else n.end()]}"
            # the other items stay where they are longer than a modifier: they may hold what all
            # items share (上海机场 of 上海机场航空货邮和旅客吞吐量)
            kept = [o for j, o in enumerate(written) if j != i and len(o) > _MODIFIER]
            shared = "".join(kept) if written == items else ""  # not where modifiers share a tail
            paired[n.start()] = (governing, item, before + item + after + shared)
    return paired


def _qualified(qualifier: tuple[str, ...], sentence: str) -> bool:
    """Whether ``sentence`` states the qualifier: each word, or the words as one (abbreviated) phrase
    (规模以上 as 规上)."""
    if all(_word_stated(q, sentence) for q in qualifier):
        return True
    if len(qualifier) < 2:
        return False
    joined = "".join(qualifier)  # never less its first character: 品抽检 of 食品抽检 is no 药品抽检
    return any(e in sentence for e in (joined, *restated(joined))) or abbreviated(joined, sentence)


def _lead_end(figure: Figure) -> int:
    """Where the figure's own words end in its sentence (-1 when it has none found there)."""
    at = figure.sentence.find(figure.lead) if figure.lead else -1
    return at + len(figure.lead) if at >= 0 else -1


def _targeted(slot: Slot, figure: Figure) -> bool:
    """Whether the sentence sets the figure as a target: a target word before it (到2025年 only for a
    year after the one asked)."""
    end = _lead_end(figure)
    before = figure.sentence[:end] if end >= 0 else ""
    for m in _TARGET.finditer(before):
        if m.group(1) is None or slot.year is None or int(m.group(1)) > slot.year:
            return True
    return False


def _not_a_quantity(sentence: str, m: re.Match[str]) -> bool:
    follow = sentence[m.end() : m.end() + 1]
    lead = sentence[max(0, m.start() - 1) : m.start()]
    return (
        follow
        in (
            "年",
            "月",
            "日",
            "号",
            "届",
            "次会",
            "〕",
            "］",
            "]",
            "】",
            "/",
            "连",
            "·",
        )  # 〔2019〕: a document number; 18连增: a streak; “4·15”: a date
        or lead in ("第", "〔", "[", "【", "［", "/", "·")  # 1/3: a fraction of something else
        or not m.group(0)[0].isdigit()
        or (bool(_YEARLIKE.fullmatch(m.group(0))) and _bare(sentence, m.end()))  # 2021的述法: a year
        or _identifier(m, lead, follow)
        or bool(_NAMED_BY.match(sentence, m.end()))
    )


_NAMED_BY = re.compile(r"[GD](?![A-Za-z])")  # 5G, 6G, 3D: a number in a name, counting nothing


_HAN_CHAR = re.compile(f"[{_HAN}]")
# What may follow a number as its unit, magnitude or qualifier, by first character (件, 部, 列, 万,
# 公里, 微克, 余 …)
_UNIT_STARTS = frozenset(
    u[0] for u in (*UNITS, *MAGNITUDES, *(x for us in UNIT_CLASSES.values() for x in us))
) | frozenset("微毫千平立公兆标米吨亩分小秒余多左以倍岁周")


def _identifier(m: re.Match[str], lead: str, follow: str) -> bool:
    """A whole number of three digits or more written before a word, with no unit, names something
    (市场监管96315投诉, 公安110警情, 、12345投诉) — it counts nothing."""
    digits = m.group(0)
    return (
        len(digits) >= 3
        and digits.isdigit()
        and not (lead.isascii() and lead.isalnum())  # A110: part of a longer code
        and bool(_HAN_CHAR.match(follow))
        and follow not in _UNIT_STARTS
    )


_YEARLIKE = re.compile(YEARLIKE)  # a year written without 年


def _bare(sentence: str, end: int) -> bool:
    """Whether nothing that makes a number a quantity follows it: no magnitude, unit or measure."""
    after = AFTER_NUMBER.match(sentence, end)
    return (after is None or after.end() == end) and not MEASUREMENT.match(sentence, end)


def same_kind(slot: Slot, unit: str) -> bool:
    """Whether a figure in ``unit`` is of the kind the slot asks for (a share, money, a count of …);
    a figure written without a unit passes."""
    if not unit:
        return True
    if unit == "倍":  # a multiple answers only 多少倍
        return "倍" in slot.units
    if slot.rate:  # 城镇化率是多少: a level; 提高1.1个百分点 is a change
        return unit == "%" or (unit == "百分点" and slot.change)
    if slot.plans and not slot.units and unit == "%":  # GDP目标, 零售总额的预期目标: targets are mostly
        return True  # growth (增长5.5%), of an amount of money as of anything
    if slot.money:
        return unit == "元"
    # 生产总值是多少: an amount; a share or a growth (增长5%, 占…比重42%) is another figure
    if not slot.units:  # …降了多少 (a change asked without its unit): a share of the level is its size
        return unit_class(unit) != "percent" or (slot.change and not slot.money and unit == "%")
    return all(units_agree(u, unit) for u in slot.units[:1])


def _own_clause(figure: Figure) -> str:
    """The figure's clause up to it, with the verb its 、 list shares (新增学位5190座、病床位120张)."""
    end = _lead_end(figure)
    if end < 0:
        return figure.governing
    starts = [m.end() for m in _DELIMS.finditer(figure.sentence, 0, end)]
    return figure.sentence[starts[-1] if starts else 0 : end]


def _new(clause: str, before: str, newly: str = "") -> bool:
    """Whether a figure's own ``clause`` states an addition (新增, or 新 with the question's own verb:
    新筹建) — or, for a part (其中公办学位超过5万个), the clause of the whole ``before`` it does."""

    def states(text: str) -> bool:
        return bool(_NEW_IN.search(text)) or (bool(newly) and f"新{newly[0]}" in text)

    return states(clause) or (clause.startswith("其中") and states(before))


def _newly(words: list[str]) -> str:
    """The word after a question's 新 standing on its own (jieba's 新 | 评上), or ""."""
    return next((n for w, n in itertools.pairwise(words) if w == "新"), "")


def _clause_before(figure: Figure) -> str:
    """The clause right before the figure's own (粮食生产再获丰收 of "…，总产达到557亿斤")."""
    end = _lead_end(figure)
    if end < 0:
        return ""
    ends = [m.start() for m in _DELIMS.finditer(figure.sentence, 0, end)]
    if not ends:
        return ""
    starts = [m.end() for m in _DELIMS.finditer(figure.sentence, 0, ends[-1])]
    return figure.sentence[starts[-1] if starts else 0 : ends[-1]]


# What closes a list of items into a group its figure is of (集成电路、生物医药、人工智能三大先导产业, 粮食、
# 蔬菜等农产品): a count of 大 or an 等
_GROUP = re.compile(r"、[^，,；;。]{1,12}?([两二三四五六七八九十]大|等)")


def _grouped(word: str, clause: str, slot: Slot) -> bool:
    """Whether ``word`` stands in the figure's own ``clause`` only as an item of a group the figure is
    of — not a respectively list (分别), and not a group the question itself names (三大先导产业规模)."""
    at = clause.find(word)
    if at < 0 or "分别" in clause:
        return False
    group = _GROUP.search(clause, at)
    return group is not None and not any(group.group(1) in w for w in (*slot.qualifier, *slot.head))


def _listed_subjects(clause: str, slot: Slot) -> bool:
    """Whether the figure's own ``clause`` opens with a 、 list of what it is of (肉蛋奶、蔬菜产量), none
    of them asked — not a respectively list (分别), nor a list of figures (新增学位5190座、病床位120张)."""
    *items, _ = clause.split("、")
    if slot.itemised or not items or "分别" in clause or any(_DIGIT.search(i) for i in items):
        return False
    asked = "".join((*slot.qualifier, *slot.head, *slot.places))
    last = clause[clause.rfind("、") + 1 :]  # its own subject: the words before the head (蔬菜 of 蔬菜产量)
    at = min((i for i in (last.find(w) for w in slot.head) if i > 0), default=0)
    named = ["".join(re.findall(f"[{_HAN}]", i)) for i in (*items, last[:at])]
    group = _GROUP.search(clause)  # 集成电路、…三大先导产业规模: the question may name the group
    if group is not None and any(w in clause[group.end() :] for w in (*slot.qualifier, *slot.head)):
        return False
    return not any(n and (n in asked or asked in n) for n in named)


_ASKS_WHOLE = re.compile(r"一共|总共|总计|合计|加起来|全年")
_EACH_PART = re.compile(r"^[^，,；;。]{0,4}?各(?:社区|村|街道|部门|单位|镇|园区|学校|医院|科室|网格)")
_UNDER_WAY = re.compile(r"在建|拟建|待建|在谈")  # a figure of work under way or pending
_PROJECT = re.compile(r"项目|工程")
# the words after a figure, to the end of its clause, that make it a project's size (2万吨高质碳酸锂项目)
_PROJECT_AFTER = re.compile(rf"^[^\d，,；;。、]{{0,12}}?(?:{_PROJECT.pattern})")


def _written(figure: Figure) -> re.Match[str] | None:
    """Where the figure stands in its governing words (its number, magnitude and unit as written)."""
    if not figure.number:
        return None
    written = re.compile(rf"{re.escape(figure.number)}[万亿千百余多]*{re.escape(figure.unit)}")
    return written.search(figure.governing, max(len(figure.lead) - 1, 0))


def _own_words(figure: Figure) -> str:
    """The figure's governing words up to the next figure after it: in 年产4万吨基础锂盐一体化和2万吨高质
    碳酸锂项目, 碳酸锂 is the second figure's, not the first's."""
    at = _written(figure)
    following = _DIGIT.search(figure.governing, at.end()) if at is not None else None
    return figure.governing[: following.start()] if following else figure.governing


def _of_project(figure: Figure) -> bool:
    """Whether the figure measures a project or works named right after it (2万吨高质碳酸锂项目顺利投产) —
    a count of them (55项民生实事项目) is no project's size."""
    if not figure.unit or unit_class(figure.unit) in ("bodies", "people"):
        return False
    at = _written(figure)
    return at is not None and bool(_PROJECT_AFTER.match(figure.governing[at.end() :]))


def _has_object(slot: Slot, own: str) -> bool:
    """Whether the verb the slot's head ends in takes an object of its own in the figure's words
    (更新改造老旧电梯337台: 改造 counts 老旧电梯, not the 城中村 of the clause before)."""
    at = own.rfind(slot.head[-1]) if slot.verbal else -1
    return at >= 0 and len(re.findall(f"[{_HAN}]", own[at + len(slot.head[-1]) :])) >= 2


def figure_agrees(slot: Slot, figure: Figure, *, several_years: bool = False) -> bool:
    """The figure answers the slot: a fitting unit, the head stated among its governing words, and a
    quantity per person or area only when one was asked for. ``several_years``: the figure stands in a
    part of its report that reviews several years (``qa.lexicon.periods``), where a change (增长53.1%)
    or an addition (新增就业106万人) is over those years — a level (收入达9364.8亿元) may still be the
    last year's."""
    if figure.number and figure.number in slot.given:
        return False
    if slot.period and _period(figure.governing) not in ("", slot.period):
        return False  # 一个人一年最低能领多少: 每月251元 is a month's
    own = figure.lead.strip()
    borrowed = len(own) <= ELLIPTICAL or _VERB_OPENERS.match(own)  # "…GDP产出18.68亿元，比上年增加1.36亿元"
    if not slot.per and PER_UNIT.search(figure.governing if borrowed else own):  # not its list neighbours
        return False
    if slot.per_person and figure.unit and not PER_UNIT.search(figure.governing):  # 一个人一年收入: no total
        return False
    if not slot.added and (_ADDED.match(own) or _NEWLY_DONE.search(_NOT_ADDED.sub(" ", own))):
        return False  # 一共有多少辆: not 新能源汽车新上牌37万辆 (an addition)
    if _FROM.search(own):
        return False  # 城镇化率从2020年的53.2%提升到…: where a change started, not the level asked
    if _of_project(figure) and not any(_PROJECT.search(w) for w in (*slot.head, *slot.qualifier)):
        return False  # 2万吨高质碳酸锂项目顺利投产: a project's size, not the year's output
    if slot.whole and _EACH_PART.match(figure.sentence):
        return False  # 一共调解了多少起: not 各社区律师…化解矛盾纠纷5起, the communities' lawyers'
    if _UNDER_WAY.search(own) and not any(_UNDER_WAY.search(w) for w in (*slot.head, *slot.qualifier)):
        return False  # 轨道交通在建里程达278.2公里: what is being built, not what there is
    if _DRIVEN.match(own) and not slot.driven:
        return False  # 中欧班列…带动陕西进出口415.4亿元: a part it brought, not the whole
    clause, before = _own_clause(figure), _clause_before(figure)  # read once: the checks below share them
    partner = _PARTNER.search(clause)
    if partner and not any(w in partner.group(1) for w in (*slot.head, *slot.qualifier, *slot.places)):
        return False  # 对东盟、欧盟进出口分别增长16.7%: trade with partners the question does not name
    if slot.new and not _new(clause, before, slot.newly):  # 新增了多少张病床: not 实有病床2731张
        return False
    if not slot.share and (_SHARE.search(own) or (figure.unit == "%" and _SHARE_LEAD.search(own))):
        return False  # 占全市金融业增加值45%: a share, not the growth or level asked
    base = _BASE_YEAR.search(own)
    if slot.year is not None and base is not None and int(base.group(1)) != slot.year - 1:
        return False  # 比2015年增长17%, asked of 2020: five years' growth, not the year's
    dated = [int(y) for y in _OWN_YEAR.findall(own)]
    if slot.year is not None and dated and dated[-1] != slot.year:
        return False
    if slot.year is not None and SEVERAL_YEARS.search(clause):  # 五年累计…、进出口总额3149亿美元
        return False
    if PART_OF_YEAR.search(before + clause):  # 前三季度，前海GDP实现1543.4亿元
        return False
    # a change, or a flow added over the period (新增就业106万人), is the whole period's
    # (提高到69.85%: the level reached, which a review of several years states for its last year)
    changed = (
        figure.unit == "百分点"
        or (bool(CHANGE.search(own)) and not _REACHED.search(own))
        or bool(_ADDED.match(own))
    )
    if slot.year is not None and several_years and changed and slot.year not in dated:
        return False
    if slot.year is not None and several_years and _EVERY_YEAR.match(own):
        return False  # 年实际使用外资保持在千亿元以上, in a five-year review: each year's, not the year asked
    if figure.sentence and not _qualified(slot.qualifier, figure.qualified_in or figure.sentence):
        return False
    if (
        slot.breakdown
        and slot.qualifier
        and not _word_stated("".join((*slot.qualifier, *slot.head[:1])), f"{before}，{clause}")
    ):
        return False  # 重点项目中，产业项目完成投资多少: not 完成投资1800多亿元, the whole's
    if figure.sentence and not _qualified(slot.subject, figure.qualified_in or figure.sentence):
        return False
    if any(_sibling_stated(w, figure.item or own) for w in (*slot.qualifier, *slot.beyond, *slot.head)):
        return False
    if _listed_subjects(clause, slot):
        return False  # 电动汽车、锂电池、太阳能电池“新三样”出口总额增长85.8%: those items', not all exports
    if any(_grouped(w, clause, slot) for w in (*slot.qualifier, *slot.head[:1])):
        return False  # 集成电路、生物医药、人工智能三大先导产业规模2万亿元: the three's, not 集成电路's
    if slot.qualifier and "分别" not in own and _swapped("".join((*slot.qualifier, *slot.head)), own):
        return False  # 出口总值增长 asked, 进出口总值增长17.6% stated (not 城乡…分别: a respectively list)
    if slot.places and not all(p in (figure.qualified_in or figure.sentence) for p in slot.places):
        return False
    if figure.sentence and SUB_AREA.match(figure.sentence) and not slot.part:
        return False  # a part of the place the question does not name
    if not slot.plans and _targeted(slot, figure):
        return False
    if slot.plans and not (figure.fact is not None and figure.fact.planned) and not _targeted(slot, figure):
        return False  # a target is asked: a year's result (增长9.4%) is not it
    # the clause before only serves a head's modifiers: a one-word head has none to look for there
    context = before if (len(slot.head) > 1 or len(slot.core) > 1) and not _has_object(slot, own) else ""
    typed = (
        bool(slot.indicator)
        and figure.fact is not None
        and figure.fact.indicator == slot.indicator
        and all(_word_stated(w, figure.sentence) for w in slot.beyond)
    )
    stated = (
        typed
        or head_stated(slot.head, _own_words(figure), slot.core, as_phrase=not slot.worded, context=context)
        or any(t in figure.governing for t in slot.reworded)
    )
    if stated and figure.counts and slot.head and not _word_stated(slot.head[-1], figure.counts):
        stated = any(_word_stated(w, figure.counts) for w in slot.core)  # 3个千亿级台阶 counts 台阶
    in_kind = same_kind(slot, figure.unit) or (
        slot.by_how_much and figure.unit not in ("", "百分点", "倍") and bool(_CHANGE_LEAD.search(own))
    )
    return in_kind and stated
