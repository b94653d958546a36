"""Questions without a figure (yes/no, which, general, list): the typed check of their topic.

"黄石街道有没有设立公职律师" is not answered by a sentence on 法律顾问: the question's rare words that name
something (公职, 律师) must be stated by the answer. Rare: used by at most ``topic_share`` of passages; a
question without one is checked on its most specific noun (垃圾 of 垃圾分类情况, up to ``specific_share``).
Everyday words the reports seldom use (打印, 机器, 晚上) are wording, not topic, and of the topic's verbs
half will do (打照 is said for 打印).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.answer.check import WordClass, naming_words, states_every_word
from qa.answer.extract import AnswerWeights
from qa.lexicon.words import NOT_NAMING, listed_terms

# Each topic word with the question's words that hold it, where the search pieces cut one (楼栋 of 楼栋长:
# a sentence saying 栋长 states it)
Topic = tuple[tuple[str, ...], ...]
_EVERYDAY_NAMES = ("n", "t")  # plain nouns and time words: 机器, 晚上
# A numbered thing a question names (地铁16号线, 第三批): the answer names the same one
MARK = re.compile(r"\d+号线|\d+号|第[\d一二三四五六七八九十百]+(?:届|次|批|期|号|条)")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,16})[”\"」』]")  # a quoted name in a question
# A count after 哪 (哪三项改革, 哪两个城市): how many the question expects, part of its asking words
_COUNT = re.compile(r"[一二三四五六七八九十两几]+[\u4e00-\u9fff]")
# Nouns that say what kind of answer is wanted (有什么进展, 取得了什么成效), never what it is about
_ASKING_NOUNS = frozenset(("进展", "成效", "进度", "成果", "亮点", "方面"))


@dataclass(frozen=True, slots=True)
class TopicReader:
    """Reads a question's topic with the index's word statistics."""

    document_frequency: Callable[[str], int]  # passages of the index that use a word
    share: Callable[[str], float]  # the share of passages that use a word (``QAService.share``)
    word_class: WordClass
    everyday: Callable[[str], bool]  # common in general Chinese, seldom used by the reports
    knobs: AnswerWeights

    def topic(
        self, terms: Sequence[str], words: Sequence[str], text: str = "", *, strict: bool = False
    ) -> Topic:
        """The topic of a question: of its search ``terms`` (IDF-weighted pieces) those inside one of its
        ``words`` (not 事有 of 赛事有哪些), used by some passage (合法性审查中心 is stated through its pieces)
        and naming something — the rare ones, else the most specific noun — less the pieces of a longer
        one (无人 of 无人机)."""
        df = self.document_frequency
        words = [w.lower() for w in words]
        used = [
            t
            for t in terms
            if len(t) > 1
            and df(t) > 0
            and any(t in w for w in words)
            and not (_COUNT.fullmatch(t) and f"哪{t}" in text)
            and t not in _ASKING_NOUNS
        ]
        named = [
            t
            for t in naming_words(tuple(used), self.word_class, self.everyday)
            if t in listed_terms() or self.word_class(t) not in _EVERYDAY_NAMES or not self.everyday(t)
        ]
        # a yes/no question (``strict``) is about all it names that is not everywhere (入选首批…示范区: not
        # a sentence on 法治政府 alone)
        share = self.knobs.specific_share if strict else self.knobs.topic_share
        rare = [t for t in named if self.share(t) <= share]
        nouns = [t for t in named if not NOT_NAMING.fullmatch(self.word_class(t))]
        if not rare and nouns:
            most = min(nouns, key=self.share)
            rare = [most] if self.share(most) <= self.knobs.specific_share else []
        marks = tuple((m,) for m in dict.fromkeys(MARK.findall(text)))  # 16号线: not 8号线
        # a name the question quotes (“人工智能+”) is stated as quoted: 人工智能 alone is not it
        marks += tuple((q,) for q in dict.fromkeys(QUOTED.findall(text)) if len(q) >= 2 and (q,) not in marks)
        return (
            tuple(
                (t, *[w for w in words if t in w and w != t], *_problem_of(t))
                for t in rare
                if not any(t != other and t in other for other in rare)
            )
            + marks
        )

    def stated(self, topic: Topic, text: str) -> bool:
        """Whether ``text`` states the topic: every naming word of it (itself, a word holding it, or a
        synonym) and at least half of its verbs."""
        text = text.lower()
        said = [any(states_every_word((w,), text) for w in forms) for forms in topic]
        verb = [
            bool(NOT_NAMING.fullmatch(self.word_class(forms[0]))) and not MARK.fullmatch(forms[0])
            for forms in topic
        ]
        names_said = all(ok for ok, v in zip(said, verb, strict=True) if not v)
        return names_said and sum(ok for ok, v in zip(said, verb, strict=True) if v) * 2 >= sum(verb)


def _problem_of(word: str) -> tuple[str, ...]:
    """What a problem named X难 is about (融资难 → 融资, 停车难 → 停车): a sentence on 融资 answers how 融资难
    was eased."""
    return (word[:-1],) if len(word) >= 3 and word.endswith("难") else ()


def missing(topic: Topic) -> str:
    """The topic as a refusal names it: the question's own words (公职、律师; 楼栋长 for 楼栋)."""
    return "、".join(forms[-1] for forms in topic)
