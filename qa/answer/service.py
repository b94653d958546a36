"""The one core every interface calls: ask, search, list and read reports."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from typing import Any

from embeddings.encoder import Encoder
from embeddings.search import Weights
from qa.answer.check import (
    CHANGE,
    PER_UNIT,
    Figure,
    Slot,
    asked_slot,
    figure_agrees,
    figure_clause,
    figures_in,
    same_kind,
    states_every_word,
)
from qa.answer.define import defines, quoted_name
from qa.answer.extract import AnswerWeights, Extract, TermWeights, best_sentence, section_answer, term_weights
from qa.answer.facts import (
    FactQuestion,
    FactTable,
    answer_fact_question,
    fact_citation,
    parse_fact_question,
    resolve_listing,
)
from qa.answer.scope import Scope, resolve_scope
from qa.answer.topic import Topic, TopicReader, missing
from qa.answer.verify import features, shipped_verifier
from qa.answer.which import asked_levels, names_level
from qa.config import Settings
from qa.errors import DocumentNotFound, InvalidQuestion
from qa.index.data import IndexData
from qa.lexicon.divisions import split_chain
from qa.lexicon.figures import written_quantity
from qa.lexicon.indicators import Indicator, vocabulary, worded_in
from qa.lexicon.periods import goal_spans, in_spans, period_spans
from qa.lexicon.shares import reference_share
from qa.lexicon.text import YEAR
from qa.lexicon.words import whole_words
from qa.records import Answer, Citation, Fact, Level, Passage, Report, cite
from qa.retrieve.followup import resolve_followup
from qa.retrieve.gazetteer import Gazetteer, Unit
from qa.retrieve.query import Query, normalise, parse_query
from qa.retrieve.retriever import Hit, Retriever
from qa.retrieve.tokenize import Tokenizer


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    doc_id: str
    title: str
    district: str  # "" when the report could not be placed (it is still searched)
    city: str  # the units enclosing it
    level: str
    year: int | None  # the year it reviews
    published: str | None
    source: str
    sha256: str
    passages: int
    genre: str = "unknown"
    delivered: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # how each field was read

    @property
    def placed(self) -> bool:
        return bool(self.district)


RELATED_FACTS = 3  # figures named in a refusal
RELATED_PASSAGES = 3  # … which may come from the passages retrieved first, of the kind and year asked
RELATED_RANK_BONUS = 0.5  # … ranked by where they were retrieved
# A keyword query's last word names a figure when the reports follow it with a number (within four
# characters, in its clause) at least this often, over at least so many uses: 里程 0.90, 覆盖率 0.83,
# 学位 0.75, 面积 0.68; 案件 0.36, 企业 0.20, 措施 0.02 (measured over the shared reports)
MEASURE_SHARE = 0.5
MEASURE_MIN_USES = 10
# A head the reports' facts state in % this often (健康素养水平 41.6%, 达标率…) is a share, though the
# question asks for it without a share word (居民健康素养水平为多少)
PERCENT_SHARE = 0.8
PERCENT_MIN_FACTS = 3
LEAD_CHARS = 6  # the words right before a figure that say it is a change (增长, 下降…)
_FIGURE_AFTER = re.compile(r"[^，,。；;、\n]{0,4}?[\d一二三四五六七八九十百千万亿]")
_ASKS = re.compile(r"怎么|如何|什么|哪|吗|呢|[？?]|有没有|是否|情况")
NEARBY_REPORTS = 2  # a refusal reads every fact of a scope this small for its related figures


# The report a question names as its source (政府工作报告里提出的, 报告中提到的)
_REPORT_NAMED = re.compile(
    r"(?:政府工作|法治政府建设(?:工作)?(?:情况)?的?|法治建设(?:工作)?|工作)?报告"
    r"(?:里|中|上|里面)?(?:提出|提到|说|写|定)?了?的?"
)


RANK_COVERAGE = 0.5  # the share of a 第几 question's weighted words its answer must state
# A rank or a count of years in a row (第几 asks either): 居全国第2, 首位, 前10, 二十一连丰, 连续5年
_RANK = re.compile(
    r"第[一二三四五六七八九十\d]+(?:位|名)?|首位|榜首|前列|前[一二三四五六七八九十\d]+"
    r"|[一二三四五六七八九十百\d]+连|连续[一二三四五六七八九十百\d]+年"
)


def _remembered(memo: dict[str, bool], key: str, compute: Callable[[], bool]) -> bool:
    """``compute()`` for ``key``, remembered in ``memo`` up to 100,000 keys (questions repeat their
    words; a scan of every report text is what it saves)."""
    found = memo.get(key)
    if found is None:
        found = compute()
        if len(memo) < 100_000:
            memo[key] = found
    return found


def _in_unit(slot: Slot, figure: Figure) -> bool:
    """Whether the figure is in the very unit the question asks (几起 → 5起, not 8次)."""
    written = figure.fact.value_text if figure.fact is not None else figure.unit  # 16宗 (normalised: 件)
    return bool(slot.units) and slot.units[0].lstrip("万亿") in written


def _stem(place: str) -> str:
    """A place's name as a sentence may write it, without its level word (杭州市 → 杭州)."""
    stem = re.sub(r"(?:市|省|区|县)$", "", place)
    return stem if len(stem) >= 2 else place


def refusal(question: str, reason: str, started: float, filters: dict[str, str | int]) -> Answer:
    """The plain "not found" answer, with why."""
    return Answer(
        question=question,
        answer=f"没有在已收录的报告中找到答案。{reason}",
        found=False,
        confidence=0.0,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        reason=reason,
        filters=filters,
    )


FIGURE_CACHE = 1 << 17  # sentences whose figures are kept (then the cache starts over)


_GLUED = "是有"  # the verbs that follow a noun in a question and may be glued to it (额是, 楼有)
_LOCALISERS = "上里"  # 在教育上花了, 在家里挣了: after a noun, before a verb


# Words around a figure's name that are not the name: 其中入境游客, 全区常住人口达到, 首次突破
_NOT_THE_NAME = re.compile(
    r"^(?:其中|全区|全市|全省|全县|全年|累计|共)|(?:达到|达|为|实现|完成|突破|超过|超)$"
)


def _label(figure: Figure) -> str:
    """What a figure no fact was made of is a figure of: its own words less the verbs and scope words
    around them (全区常住人口达到 → 常住人口), or the clause before when its own say nothing (达 of
    "规上工业总产值首次突破万亿元，达10505亿元")."""
    for words in (figure.lead, *reversed(re.split(r"[，,；;]", figure.governing)[:-1])):
        label = words.strip()
        while (shorter := _NOT_THE_NAME.sub("", label)) != label:
            label = shorter
        label = re.split(r"首次|再次|连续|稳步|超过|突破", label)[0]
        if len(label) >= 2:
            return label
    return "数值"


def _named_indicator(question: str, head: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The vocabulary's indicator the question words (经济增长 → 地区生产总值增速; its longest wording
    there), with the head words outside that wording (农村 of 农村居民人均可支配收入): ("", ()) when
    none is worded."""
    worded = worded_in(question)
    if worded is None:
        return "", ()
    indicator, wording = worded
    return indicator.name, tuple(w for w in head if w not in wording)


class QAService:
    def __init__(self, data: IndexData, encoder: Encoder, settings: Settings) -> None:
        self.data = data
        self.settings = settings
        self.tokenizer = Tokenizer(extra_words=data.dictionary)
        weights = Weights(
            settings.dense_weight, settings.candidates, settings.lexical_pool, settings.dense_pool
        )
        self.retriever = Retriever(data, encoder, self.tokenizer, weights)
        self.knobs = AnswerWeights.from_overrides(settings.answer_weights)
        self._topics = TopicReader(
            data.backend.document_frequency,
            self.share,
            self.tokenizer.word_class,
            self._everyday,
            self.knobs,
        )
        self.gazetteer = Gazetteer.build(
            Unit(r.district, r.meta.level, split_chain(r.meta.city))
            for r in data.reports.values()
            if r.district
        )
        self.texts = {doc_id: r.text for doc_id, r in data.reports.items()}
        self.titles = {doc_id: r.title for doc_id, r in data.reports.items()}
        self.reviewed = {doc_id: r.year for doc_id, r in data.reports.items()}
        self.periods = {doc_id: period_spans(r.text) for doc_id, r in data.reports.items()}
        self.goals = {doc_id: goal_spans(r.text) for doc_id, r in data.reports.items()}
        self._said: dict[str, bool] = {}
        self._measures: dict[str, bool] = {}
        self._percent: dict[str, bool] = {}
        self._figure_cache: dict[tuple[str, int, int], tuple[Figure, ...]] = {}
        self.facts = FactTable(data.facts)
        self.passages_by_doc: dict[str, list[Passage]] = {}
        for p in data.passages:
            self.passages_by_doc.setdefault(p.doc_id, []).append(p)

    def warm_up(self) -> None:
        """Run one question through every stage so the first user does not pay for lazy set-up."""
        self.ask("法治政府建设情况")
        self.tokenizer.word_class("法治")  # the word-class table, read on a figure question's first use

    # ---- validation -------------------------------------------------------------------------
    def _check(self, question: str, top_k: int) -> str:
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestion("question must not be empty")
        question = question.strip()
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"question is {len(question)} characters; the limit is {self.settings.max_question_chars}"
            )
        if not 1 <= top_k <= self.settings.max_top_k:
            raise InvalidQuestion(f"top_k must be between 1 and {self.settings.max_top_k}, got {top_k}")
        return question

    # ---- reports ----------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                doc_id=r.doc_id,
                title=r.title,
                district=r.district,
                city=r.meta.city,
                level=r.meta.level,
                year=r.year,
                published=r.meta.published,
                source=r.source,
                sha256=r.sha256,
                passages=len(self.passages_by_doc.get(r.doc_id, ())),
                genre=r.meta.genre,
                delivered=r.meta.delivered,
                sources=dict(r.meta.sources),
            )
            for r in self.data.reports.values()
        ]

    def document(self, doc_id: str) -> Report:
        report = self.data.reports.get(doc_id)
        if report is None:
            raise DocumentNotFound(f"no report with id {doc_id!r}; GET /v1/documents lists them")
        return report

    # ---- the facts table --------------------------------------------------------------------
    def facts_listing(
        self, indicator: str | None = None, district: str | None = None, year: int | None = None
    ) -> tuple[str | None, list[tuple[Fact, Citation]]]:
        """The figures stated for ``indicator`` (a name or wording: 化解率, GDP增长; None for all),
        ``district`` (full or short name) and ``year``, each with the sentence that states it; the
        indicator as resolved comes first. ``UnknownIndicator`` when the wording matches nothing."""
        name = resolve_listing(self.facts, indicator)
        facts = self.facts.query(name, district or None, year)
        return name, [(f, fact_citation(f, self.data.reports[f.doc_id])) for f in facts]

    def indicators(self) -> tuple[list[tuple[Indicator, int]], list[tuple[str, int]]]:
        """The curated vocabulary with fact counts, and the metrics outside it with theirs."""
        counts = dict(self.facts.indicators())
        return [(i, counts.get(i.name, 0)) for i in vocabulary()], self.facts.other_indicators()

    # ---- retrieval --------------------------------------------------------------------------
    def _scope(self, query: Query) -> Scope:
        return resolve_scope(query, list(self.data.reports.values()))

    def _within(self, query: Query) -> Query:
        """A which-question's places with the indexed units inside them (广州 encloses 黄石街道): the
        place asked for is one of those, though its own report, if indexed, may name it."""
        named = (*query.districts, *query.unknown_places)
        enclosing = self.gazetteer.enclosing
        inside = tuple(
            u.name for u in self.gazetteer.units if any(n in enclosing.get(u.name, ()) for n in named)
        )
        if not inside:
            return query
        kept = tuple(p for p in query.unknown_places if not any(p in enclosing.get(u, ()) for u in inside))
        return replace(
            query, districts=tuple(dict.fromkeys((*query.districts, *inside))), unknown_places=kept
        )

    def _citation(self, passage: Passage, score: float) -> Citation:
        return cite(
            self.data.reports[passage.doc_id], passage.section, passage.start, passage.end, round(score, 4)
        )

    def _fact_answer(
        self, fact_question: FactQuestion, question: str, started: float, filters: dict[str, str | int]
    ) -> Answer:
        """Comparison, ranking, threshold and trend questions, answered from the facts table with one
        citation per stated value."""
        result = answer_fact_question(fact_question, self.facts, list(self.data.reports.values()))
        citations = tuple(
            fact_citation(row.fact, self.data.reports[row.doc_id])
            for row in result.rows
            if row.fact is not None
        )
        return Answer(
            question=question,
            answer=result.summary,
            found=result.found,
            confidence=1.0 if result.found else 0.0,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            citations=citations,
            filters=filters,
            table=tuple(result.table()),
        )

    def search(
        self, q: str, *, top_k: int = 5, district: str | None = None, year: int | None = None
    ) -> list[Citation]:
        q = self._check(q, top_k)
        query = parse_query(q, self.gazetteer, district=district, year=year)
        scope = self._scope(query)
        hits = self.retriever.search(query, scope.doc_ids, top_k)
        return [self._citation(h.passage, h.score) for h in hits]

    def ask(
        self,
        question: str,
        *,
        top_k: int = 5,
        district: str | None = None,
        year: int | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """Answer ``question``; ``history`` holds the conversation's earlier questions, oldest first,
        so that a follow-up such as "那四季青街道呢？" is read as the previous question about 四季青街道.
        The returned ``question`` is the question as understood."""
        started = time.perf_counter()
        question = normalise(self._check(question, top_k), date.today().year)
        if history:
            earlier = [h for h in history if isinstance(h, str)]
            limit = self.settings.max_question_chars
            if any(len(h) > limit for h in earlier):
                raise InvalidQuestion(
                    f"each history entry must be at most {limit} characters, like a question"
                )
            question = resolve_followup(question, earlier, self.gazetteer)
            if len(question) > limit:
                raise InvalidQuestion(
                    f"the follow-up read with its history is {len(question)} characters; the limit is {limit}"
                )
        query = parse_query(question, self.gazetteer, district=district, year=year)
        if query.qtype == "general" and self._names_a_measure(question):
            query = replace(query, qtype="figure")  # 深圳2017年城市轨道交通运营里程: a figure is meant
        scope = self._scope(query)
        answer = self._answer(question, query, started, top_k, scope)
        if query.qtype == "figure" and not answer.found and not answer.table:  # (not a comparison)
            answer = self._earlier(question, query, scope, started, top_k) or answer
        if query.qtype == "which" and not answer.found:
            # 深圳哪个区…, 广州哪个街道…: not in the place's own report (or none is indexed): the units
            # inside it are searched next
            wider = self._within(query)
            if wider != query:
                again = self._answer(question, wider, started, top_k)
                return again if again.found else answer
        return answer

    def _earlier(
        self, question: str, query: Query, scope: Scope, started: float, top_k: int
    ) -> Answer | None:
        """A figure the places' latest report (``scope``) does not state, from the newest earlier report
        that does — saying which year it is; None when none does (the latest report's refusal stands)."""
        # one search a year, newest first (a refusal over a place of twelve years costs twelve: about
        # 60 ms more here; one search over them all missed answers a year's own search finds)
        for year, doc_ids in scope.earlier:
            note = f"问题没有说年份：最新的报告（回顾{scope.year}年）没有说到，按回顾{year}年的报告回答。"
            again = self._answer(
                question, query, started, top_k, Scope(doc_ids, year=year, plans=scope.plans, note=note)
            )
            if again.found and (again.features or {}).get("coverage", 0.0) >= self.knobs.earlier_coverage:
                return again
        return None

    def _answer(
        self, question: str, query: Query, started: float, top_k: int, scope: Scope | None = None
    ) -> Answer:
        """The answer to ``question`` read as ``query``, searched in the reports ``scope`` gives (by
        default the question's own)."""
        filters: dict[str, str | int] = {}
        if query.districts:
            filters["district"] = "、".join(query.districts)
        if query.year is not None:
            filters["year"] = query.year

        def not_found(reason: str) -> Answer:
            return refusal(question, reason, started, filters)

        if not self.data.reports:
            return not_found("索引中还没有报告。")
        scope = scope or self._scope(query)
        if query.unknown_places and not query.districts:
            return not_found(scope.reason)
        fact_question = parse_fact_question(question, query, self.facts)
        if fact_question is not None:  # comparisons, rankings, thresholds, trends: over every year
            return self._fact_answer(fact_question, question, started, filters)
        if scope.empty:
            return not_found(scope.reason)
        note = scope.note
        if scope.year is not None:
            filters["year"] = scope.year
        hits = self.retriever.search(query, scope.doc_ids, max(top_k, 10, self.knobs.max_hits))
        if not hits:
            return not_found("没有相关段落。")
        weights = term_weights(
            query, self.tokenizer, self.data.backend.document_frequency, len(self.data.passages), self.knobs
        )
        extract: Extract | None = None
        passed: set[str] = set()  # the sentences the typed check let through: rivals of the answer
        slot = self._slot(question, query.one_year) if query.qtype == "figure" else None
        if slot is not None and query.unknown_places:  # 浙江…杭州的GDP: a figure naming 杭州
            slot = replace(slot, places=self._sub_places(query))
        if slot is not None and len(query.districts) > 1:  # 深圳…福田区有几个: 深圳's figure names 福田
            slot = replace(slot, inside=self._inside(query.districts))
        levels = asked_levels(question) if query.qtype == "which" else frozenset()
        topic = (
            self._topics.topic(
                weights.terms, self._words(query.content), question, strict=query.qtype == "yesno"
            )
            if query.qtype != "figure"
            else ()
        )
        choose = partial(
            best_sentence,
            hits,
            self.texts,
            query,
            weights,
            titles=self.titles,
            knobs=self.knobs,
            reviewed=self.reviewed,
            periods=self.periods,
        )
        name = quoted_name(question)  # “三箭齐发”是指哪三项: the sentence that spells the name out
        if name:
            extract = choose(accept=lambda doc_id, start, end: defines(name, self.texts[doc_id][start:end]))
        defined = extract is not None  # nothing below replaces an answer found so
        if query.qtype == "list" and extract is None:
            extract = section_answer(
                hits,
                self.passages_by_doc,
                self.texts,
                weights,
                titles=self.titles,
                knobs=self.knobs,
                plans=scope.plans,
            )
            if extract is not None and not self._section_on(topic, extract):
                extract = None  # 在垃圾分类方面有哪些措施: not the section on 义警
        if extract is None:
            accept = None if slot is None or not slot.checkable else partial(self._answers_slot, slot, passed)
            if slot is not None and slot.ordinal:  # 排全国第几: a sentence that gives a rank
                accept = partial(self._states_rank, slot, weights)
            if levels or topic:  # 哪个区: a 区's report or a sentence naming one; 公职律师: one saying so
                accept = partial(self._answers_topic, levels, topic)
            extract = choose(accept=accept)
        if extract is None and slot is not None and slot.checkable:
            return self._unstated(
                slot, question, weights, self._nearby_facts(scope, hits), hits, started, filters
            )
        if extract is None and topic:  # unless a sentence says it, and the level asked is what failed
            said = (
                bool(levels) and choose(accept=partial(self._answers_topic, frozenset(), topic)) is not None
            )
            if not said:
                return not_found(f"报告中没有提到{missing(topic)}。")
        if extract is None and slot is not None and slot.ordinal:
            return not_found("报告中没有说到这个排名。")
        if extract is None and levels:
            return not_found(f"报告中没有说到这样的{'或'.join(sorted(levels))}。")
        if extract is None:
            return not_found("没有相关段落。")
        verifier = shipped_verifier() if self.settings.verifier else None
        checked = slot is not None and slot.checkable and slot.names_something and self._specific(slot)
        floor = self.knobs.checked_coverage if checked else self.settings.min_coverage
        if verifier is None and extract.coverage < floor:
            return not_found("报告中没有与问题相符的内容。")
        lead = extract.hit.passage
        citations = [self._citation(lead, extract.hit.score)]
        # Further citations only where the passage itself speaks to the question: no filler sources.
        floor = self.knobs.related_share * max(extract.hit.score, hits[0].score)
        for hit in hits:
            if len(citations) >= top_k:
                break
            related = (
                hit.score >= floor
                and weights.coverage(hit.passage.section + hit.passage.text) >= self.knobs.related_coverage
            )
            if hit.passage != lead and related:
                citations.append(self._citation(hit.passage, hit.score))
        report = self.data.reports[lead.doc_id]
        if (
            not query.districts
            and query.qtype != "which"
            and len(self.gazetteer.units) > 1
            and report.district
        ):
            # 出庭应诉率是多少, asked of many places: say whose figure it is
            covers = f"（回顾{report.year}年）" if report.year else ""
            unnamed = f"问题没有指明地区：按{report.district}的报告{covers}回答。"
            note = f"{note}{unnamed}" if note else unnamed
        text = extract.text
        if query.qtype == "which" and report.district and report.district not in text:
            text = f"{report.district}：{text}"
        # the answer's figures that answer the slot, read once; the one shown first is in the unit asked
        # (化解矛盾纠纷5起 for 多少起, not 进行调解8次) and covers most of the question (化解702宗, not
        # 受理720宗; the first of equals)
        agreeing = self._agreeing(slot, lead.doc_id, extract.start, extract.end) if slot is not None else []
        figure = (
            max(
                agreeing,
                key=lambda f: (_in_unit(slot, f), weights.coverage(f.governing)),
            )
            if slot is not None and agreeing
            else None
        )
        value = self._value(figure, report)
        seen = features(
            query,
            extract,
            scope=scope,
            value=value is not None,
            head_words=len(slot.head) if slot else 0,
            question_terms=len(weights.terms),
            # every head word stated (itself or a synonym), not only through the loose lay readings
            strict_head=slot is not None and any(states_every_word(slot.head, f.governing) for f in agreeing),
            rivals=max(len(passed) - 1, 0),
            figure=figure,
            asked_units=slot.units if slot is not None else (),
            defined=defined,
        )
        if verifier is None:  # before a verifier is fitted: evidence coverage and lexical support
            confidence = min(1.0, extract.coverage) * (0.6 + 0.4 * min(1.0, max(extract.hit.lexical, 0.0)))
        else:
            confidence = verifier.probability(seen)
            threshold = (
                verifier.threshold if self.settings.min_confidence is None else self.settings.min_confidence
            )
            if confidence < threshold:
                return replace(
                    not_found(f"最接近的内容不足以确定答案（可信度{confidence:.2f}）。"),
                    related=tuple(citations[:1]),
                    confidence=round(confidence, 3),
                    features=seen,
                )
        return Answer(
            question=question,
            answer=text,
            found=True,
            confidence=round(confidence, 3),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            citations=tuple(citations),
            answer_start=extract.start,
            answer_end=extract.end,
            filters=filters,
            note=note,
            value=value,
            features=seen,
        )

    # ---- figure questions: the typed check ---------------------------------------------------
    def _states_rank(self, slot: Slot, weights: TermWeights, doc_id: str, start: int, end: int) -> bool:
        """Whether a sentence gives a rank (居全国第2, 排名第一, 首位) in a clause per person only when
        asked (人均生产总值居全国第12位 is no rank of GDP), and states most of the question's words (a
        第几 question's words around the ask name no head the typed check could read)."""
        sentence = self.texts[doc_id][start:end]
        clauses = [c for c in re.split(r"[，,；;。]", sentence) if _RANK.search(c)]
        ranked = any(slot.per or not PER_UNIT.search(c) for c in clauses)
        return ranked and weights.coverage(sentence) >= RANK_COVERAGE

    def _sub_places(self, query: Query) -> tuple[str, ...]:
        """The places a question names beside its indexed ones that are none of theirs enclosing units
        (浙江…杭州, not the 东莞 of 东城街道（东莞）): what a figure must be of."""
        enclosing = "".join(p for u in self.gazetteer.units if u.name in query.districts for p in u.parents)
        stems = (_stem(p) for p in query.unknown_places)
        return tuple(s for s in stems if s not in enclosing)

    def _inside(self, districts: Sequence[str]) -> tuple[tuple[str, str], ...]:
        """The (unit, place inside it) pairs among the indexed units a question names."""
        enclosing = self.gazetteer.enclosing
        return tuple(
            (p, _stem(c)) for c in districts for p in districts if p != c and p in enclosing.get(c, ())
        )

    def _slot(self, question: str, year: int | None) -> Slot:
        """The question's slot, read with the place names and years blanked out (they are the scope's
        business: "2025年定的" must not leave a word 年定); ``year`` is the one asked."""
        text = question
        for mention in reversed(self.gazetteer.find(question)):
            text = text[: mention.start] + " " + text[mention.end :]
        text = YEAR.sub(" ", text)
        text = _REPORT_NAMED.sub(" ", text)  # 政府工作报告提出的GDP目标: the report is no head word
        slot = asked_slot(
            text, self._words(text), self.tokenizer.word_class, self._everyday, self._reports_say
        )
        indicator, beyond = _named_indicator(text, slot.core or slot.head)
        if not (slot.rate or slot.units or slot.money) and slot.head and self._in_percent("".join(slot.head)):
            slot = replace(slot, rate=True, units=("%",))
        return replace(
            slot,
            year=year,
            worded=len(slot.head) > 1 and self._reports_say("".join(slot.head)),
            indicator=indicator,
            beyond=beyond,
        )

    def _words(self, text: str) -> list[str]:
        """The words of a question, an everyday phrase of the synonym data or a quantity adverb kept
        whole where jieba, not knowing it, glued it to a neighbour (社零有 → 社零, 有; 一共通 → 一共, 通)
        — but not where it is part of a real word (失业 in 失业率, 老人 in 老人家)."""
        cut = self._cut(text)
        spans: list[tuple[int, int]] = []
        for w in cut:  # where each word stands (cut drops the spaces between them)
            start = text.find(w, spans[-1][1] if spans else 0)
            spans.append((start, start + len(w)))
        words: list[str] = []
        at = 0
        for m in whole_words().finditer(text):
            inside = next(((a, b) for a, b in spans if a <= m.start() and m.end() <= b), None)
            if inside is not None and (inside == m.span() or self.tokenizer.known(text[slice(*inside)])):
                continue  # jieba has it as a word already, or it is part of one
            words += self._cut(text[at : m.start()]) + [m.group(0)]
            at = m.end()
        return words + self._cut(text[at:]) if at else cut

    def _cut(self, text: str) -> list[str]:
        """jieba's words, where its HMM made one of a noun and the 是 or 有 after it (额是, 楼有) the two;
        a one-character noun so freed ends the word before it (完成 + 额 → 完成额, 亿元 + 楼), as does a
        率 glued to the word after it (率拟), and a noun's 上/里 glued to the verb after it (教育上花了)."""
        cut: list[str] = []
        for w in self.tokenizer.cut(text):
            if len(w) > 1 and w[0] == "率" and not self.tokenizer.known(w) and cut and len(cut[-1]) > 1:
                cut[-1] += "率"  # 财政赤字 + 率拟 → 财政赤字率, 拟: a rate's 率 ends the word before it
                w = w[1:]
            if len(w) == 2 and w[0] in _LOCALISERS and not self.tokenizer.known(w) and cut:
                cut += [w[0], w[1]]  # 教育 + 上花 → 教育, 上, 花: the noun's 上, then the verb
                continue
            if len(w) > 1 and w[-1] in _GLUED and not self.tokenizer.known(w):
                stem = w[:-1]
                noun = self.tokenizer.word_class(stem).startswith("n")
                if len(stem) == 1 and noun and cut and re.fullmatch(r"[\u4e00-\u9fff]{2,}", cut[-1]):
                    stem = cut.pop() + stem
                cut += [stem, w[-1]]
            else:
                cut.append(w)
        return cut

    def _reports_say(self, phrase: str) -> bool:
        """Whether some report uses ``phrase`` as written (remembered: questions repeat)."""
        return _remembered(self._said, phrase, lambda: any(phrase in text for text in self.texts.values()))

    def _in_percent(self, phrase: str) -> bool:
        """Whether the facts named by ``phrase`` (their words ending in it) are mostly in %, levels
        rather than changes or shares of it (一般公共预算支出增长5%, 民生支出占一般公共预算支出80.2% make
        no share of 一般公共预算支出)."""

        def level(fact: Fact) -> bool:
            at = fact.value_start - fact.start
            return "占" not in fact.raw_indicator and not CHANGE.search(
                fact.text[max(0, at - LEAD_CHARS) : at]
            )

        def mostly() -> bool:
            units = [f.unit for f in self.facts.facts if f.raw_indicator.endswith(phrase) and level(f)]
            return len(units) >= PERCENT_MIN_FACTS and units.count("%") >= PERCENT_SHARE * len(units)

        return _remembered(self._percent, phrase, mostly)

    def _names_a_measure(self, question: str) -> bool:
        """Whether a keyword query (no asking word) ends in a word the reports mostly follow with a
        figure (里程, 覆盖率, 营业收入; not 措施 or 改革): it asks for that figure."""
        if _ASKS.search(question):
            return False
        words = [w for w in self._words(question) if len(w) >= 2 and not w.isdigit()]
        if not words:
            return False
        word = words[-1]

        def measured() -> bool:
            follows = [
                bool(_FIGURE_AFTER.match(text, m.end()))
                for text in self.texts.values()
                for m in re.finditer(re.escape(word), text)
            ]
            return len(follows) >= MEASURE_MIN_USES and sum(follows) >= MEASURE_SHARE * len(follows)

        return _remembered(self._measures, word, measured)

    def share(self, word: str) -> float:
        """The share of passages that use ``word``: the index's own count blended with the reference
        index's share (``qa.lexicon.shares``), so that a few reports read words as many would."""
        prior = self.knobs.reference_passages
        used = self.data.backend.document_frequency(word) + prior * reference_share(word)
        return used / (len(self.data.passages) + prior)

    def _specific(self, slot: Slot) -> bool:
        """Whether the slot's head names something particular: a word of it is used by few passages
        (托位, 社康中心; not 企业, which a fifth of all passages use)."""
        return any(self.share(w) < self.knobs.specific_share for w in slot.core or slot.head)

    def _everyday(self, word: str) -> bool:
        """Whether ``word`` is everyday speech rather than the reports' wording: common in general
        Chinese (jieba's dictionary count) and used by few passages."""
        common = self.tokenizer.general_frequency(word) >= self.knobs.everyday_count
        return common and self.share(word) < self.knobs.report_word_share

    def _figures(self, doc_id: str, start: int, end: int) -> tuple[Figure, ...]:
        """The figures of one sentence, read once per index (the same sentences come back question
        after question; reading them was a fifth of an answer's time)."""
        key = (doc_id, start, end)
        found = self._figure_cache.get(key)
        if found is None:
            if len(self._figure_cache) >= FIGURE_CACHE:
                self._figure_cache.clear()
            text = self.texts[doc_id][start:end]
            found = tuple(figures_in(text, start, self.facts.in_span(doc_id, start, end)))
            self._figure_cache[key] = found
        return found

    def _agreeing(self, slot: Slot, doc_id: str, start: int, end: int) -> list[Figure]:
        """The figures of a sentence that answer the slot — the one reading of the typed check that
        choosing the sentence, its value and the verifier's features all share."""
        if not slot.plans and in_spans(self.goals[doc_id], start):
            return []  # 未来五年的发展目标是：…研发投入占GDP比重达到5%: a target, not a result
        places = [place for unit, place in slot.inside if unit == self.data.reports[doc_id].district]
        if places and not all(p in self.texts[doc_id][start:end] for p in places):
            return []  # 深圳新建的公园里福田区有几个: not 深圳's 新建公园117个
        several = slot.year is not None and in_spans(self.periods[doc_id], start)
        return [f for f in self._figures(doc_id, start, end) if figure_agrees(slot, f, several_years=several)]

    def _answers_slot(self, slot: Slot, passed: set[str], doc_id: str, start: int, end: int) -> bool:
        ok = bool(self._agreeing(slot, doc_id, start, end))
        if ok:
            passed.add(self.texts[doc_id][start:end])
        return ok

    def _section_on(self, topic: Topic, extract: Extract) -> bool:
        """Whether a list answer's section is on the topic: its report's title (法治政府建设 of
        法治政府建设存在哪些问题), heading path or text states it."""
        passage = extract.hit.passage
        title = self.titles.get(passage.doc_id, "")
        return self._topics.stated(topic, f"{title}\n{passage.section}\n{extract.text}")

    def _answers_topic(
        self, levels: frozenset[Level], topic: Topic, doc_id: str, start: int, end: int
    ) -> bool:
        """The typed check of a question without a figure: a place of the level asked, the topic stated."""
        return (not levels or self._of_level(levels, doc_id, start, end)) and (
            not topic or self._topics.stated(topic, self.texts[doc_id][start:end])
        )

    def _of_level(self, levels: frozenset[Level], doc_id: str, start: int, end: int) -> bool:
        """Whether a which-question's answer is a place of the level asked: the report's own unit, or a
        place its sentence names (哪个区 is not answered by a province's sentence on its cities)."""
        return self.data.reports[doc_id].meta.level in levels or names_level(
            self.texts[doc_id][start:end], levels
        )

    @staticmethod
    def _value(figure: Figure | None, report: Report) -> dict[str, Any] | None:
        """The checked figure of a found figure answer, to show first: its fact, or the
        figure as written where the extractor made none (1640.06亿斤, 876部)."""
        if figure is None:
            return None
        if figure.fact is None:
            start, end = figure.written
            quantity = written_quantity(report.text[start:end]) if end > start else None
            if quantity is None:
                return None
            return {
                "text": report.text[start:end],
                "indicator": figure.item or _label(figure),
                "district": report.district,
                "year": report.year,
                "value": quantity.value,
                "unit": quantity.unit,
                "start": start,
                "end": end,
            }
        fact = figure.fact
        return {
            "text": fact.value_text,
            "indicator": figure.item or fact.indicator,
            "district": report.district,
            "year": fact.year or report.year,
            "value": fact.value,
            "unit": fact.unit,
            "start": fact.value_start,
            "end": fact.value_end,
        }

    def _nearby_facts(self, scope: Scope, hits: Sequence[Hit]) -> Iterable[Fact]:
        """The facts a refusal may name as related: every fact of a report or two in scope, else those
        of the passages retrieved (every fact of a wide scope cost ~12 ms a refusal)."""
        if scope.doc_ids is not None and len(scope.doc_ids) <= NEARBY_REPORTS:
            return [f for doc_id in scope.doc_ids for f in self.facts.of_doc(doc_id)]
        return [f for h in hits for f in self.facts.in_span(h.passage.doc_id, h.passage.start, h.passage.end)]

    def _unstated(
        self,
        slot: Slot,
        question: str,
        weights: TermWeights,
        candidates: Iterable[Fact],
        hits: Sequence[Hit],
        started: float,
        filters: dict[str, str | int],
    ) -> Answer:
        """A figure question no stated figure answers: say so, and name the nearest figures stated —
        those whose words cover the question, and those of the kind asked in the passages retrieved
        first, whatever their words (lay wording the check could not read: 摆平了多少起纠纷)."""
        top = [h.passage for h in hits[:RELATED_PASSAGES]]
        scored = []
        for fact in candidates:
            score = weights.coverage(figure_clause(fact))
            kind = same_kind(slot, fact.unit)  # a figure of the kind asked comes first (撤诉率 for 败诉率)
            at = next(
                (
                    i
                    for i, p in enumerate(top)
                    if p.doc_id == fact.doc_id and p.start <= fact.value_start < p.end
                ),
                None,
            )
            retrieved = (
                at is not None and kind and fact.planned == slot.plans and slot.year in (None, fact.year)
            )
            if score >= self.knobs.related_coverage or retrieved:
                bonus = RELATED_RANK_BONUS / (1 + at) if retrieved and at is not None else 0.0
                scored.append((score + (0.5 if kind else 0.0) + bonus, fact))
        scored.sort(key=lambda sf: (-sf[0], sf[1].planned, sf[1].value_start))
        related: list[Fact] = []
        for _, fact in scored:
            if all(fact.indicator != r.indicator or fact.doc_id != r.doc_id for r in related):
                related.append(fact)
            if len(related) == RELATED_FACTS:
                break
        asked = "".join((*slot.qualifier, *slot.head)) or "这个数字"  # 森林覆盖率, not 覆盖率
        places = (*slot.places, *(p for _, p in slot.inside))
        if places:  # 浙江…杭州的GDP: the province's report says nothing of 杭州's
            asked = f"{'、'.join(places)}的{asked}"
        said = "；".join(
            f"{f.raw_indicator}{f.value_text}（{f.district}，{f.year}年）"
            if f.year
            else f"{f.raw_indicator}{f.value_text}"
            for f in related
        )
        reason = f"报告未披露{asked}。" + (f"相关：{said}。" if said else "")
        return replace(
            refusal(question, reason, started, filters),
            related=tuple(fact_citation(f, self.data.reports[f.doc_id], 0.0) for f in related),
        )
