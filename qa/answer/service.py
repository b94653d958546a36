"""The one core every interface calls: ask, search, list and read reports."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from embeddings.encoder import Encoder
from embeddings.search import Weights
from qa.answer.extract import AnswerWeights, Extract, best_sentence, section_answer, term_weights
from qa.answer.facts import (
    FactQuestion,
    FactTable,
    answer_fact_question,
    fact_citation,
    parse_fact_question,
    resolve_listing,
)
from qa.config import Settings
from qa.errors import DocumentNotFound, InvalidQuestion
from qa.index.data import IndexData
from qa.lexicon.figures import has_figure
from qa.lexicon.indicators import Indicator, vocabulary
from qa.lexicon.words import PLAN_QUESTION
from qa.records import Answer, Citation, Fact, Passage, Report, cite
from qa.retrieve.followup import resolve_followup
from qa.retrieve.gazetteer import Gazetteer
from qa.retrieve.query import Query, parse_query
from qa.retrieve.retriever import Retriever
from qa.retrieve.tokenize import Tokenizer


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    doc_id: str
    title: str
    district: str
    city: str
    level: str
    year: int | None
    published: str | None
    source: str
    sha256: str
    passages: int


def coverage_summary(reports: Sequence[Report]) -> str:
    """'东城街道(2022)、天津市(2024、2025)' — what the index holds, for not-found answers."""
    years: dict[str, list[str]] = {}
    for r in reports:
        years.setdefault(r.district or r.title, []).append(str(r.year) if r.year else "年份不详")
    return "、".join(f"{d}({'、'.join(sorted(set(ys)))})" for d, ys in sorted(years.items()))


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
        self.gazetteer = Gazetteer.build(r.district for r in data.reports.values())
        self.texts = {doc_id: r.text for doc_id, r in data.reports.items()}
        self.titles = {doc_id: r.title for doc_id, r in data.reports.items()}
        self.facts = FactTable(data.facts)
        self.passages_by_doc: dict[str, list[Passage]] = {}
        for p in data.passages:
            self.passages_by_doc.setdefault(p.doc_id, []).append(p)

    def warm_up(self) -> None:
        """Run one question through every stage so the first user does not pay for lazy set-up."""
        self.ask("法治政府建设情况")

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
    def _scope(self, query: Query) -> tuple[list[str] | None, str]:
        """Report ids the question is about, or (None, "") for all; ([], reason) when none fit."""
        reports = list(self.data.reports.values())
        if query.unknown_places and not query.districts:
            names = "、".join(query.unknown_places)
            return [], f"未收录{names}的报告。已收录：{coverage_summary(reports)}。"
        if query.districts:
            reports = [r for r in reports if r.district in query.districts]
        if query.year is not None:
            # A plan or target for year Y is set in the report covering Y-1.
            years = {query.year, query.year - 1} if PLAN_QUESTION.search(query.text) else {query.year}
            covering = [r for r in reports if r.year in years]
            if not covering:
                # A report may plan for the year after the one it covers ("三、2024年工作计划").
                marker = f"{query.year}年"
                covering = [
                    r
                    for r in reports
                    if any(marker in p.section for p in self.passages_by_doc.get(r.doc_id, ()))
                ]
            if not covering:
                scope = coverage_summary(reports)
                return (
                    [],
                    f"已收录的报告没有覆盖{query.year}年的{'、'.join(query.districts) or ''}内容（已收录：{scope}）。",
                )
            reports = covering
        if not query.districts and query.year is None:
            return None, ""
        return [r.doc_id for r in reports], ""

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
        doc_ids, _ = self._scope(query)
        hits = self.retriever.search(query, doc_ids, top_k)
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
        question = self._check(question, top_k)
        if history:
            question = resolve_followup(question, [h for h in history if isinstance(h, str)], self.gazetteer)
        query = parse_query(question, self.gazetteer, district=district, year=year)
        filters: dict[str, str | int] = {}
        if query.districts:
            filters["district"] = "、".join(query.districts)
        if query.year is not None:
            filters["year"] = query.year

        def not_found(reason: str) -> Answer:
            return Answer(
                question=question,
                answer=f"没有在已收录的报告中找到答案。{reason}",
                found=False,
                confidence=0.0,
                took_ms=round((time.perf_counter() - started) * 1000, 2),
                reason=reason,
                filters=filters,
            )

        if not self.data.reports:
            return not_found("索引中还没有报告。")
        doc_ids, reason = self._scope(query)
        if doc_ids is not None and not doc_ids:
            return not_found(reason)
        fact_question = parse_fact_question(question, query, self.facts)
        if fact_question is not None:
            return self._fact_answer(fact_question, question, started, filters)
        hits = self.retriever.search(query, doc_ids, max(top_k, 10))
        if not hits:
            return not_found("没有相关段落。")
        weights = term_weights(
            query, self.tokenizer, self.data.backend.document_frequency, len(self.data.passages), self.knobs
        )
        extract: Extract | None = None
        if query.qtype == "list":
            extract = section_answer(
                hits, self.passages_by_doc, self.texts, weights, titles=self.titles, knobs=self.knobs
            )
        if extract is None:
            extract = best_sentence(hits, self.texts, query, weights, titles=self.titles, knobs=self.knobs)
        if extract is None:
            return not_found("没有相关段落。")
        if extract.coverage < self.settings.min_coverage:
            return not_found("报告中没有与问题相符的内容。")
        if query.qtype == "figure" and not has_figure(extract.text):
            return not_found("报告中没有给出这个数字。")
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
        text = extract.text
        if query.qtype == "which" and report.district and report.district not in text:
            text = f"{report.district}：{text}"
        confidence = min(1.0, extract.coverage) * (0.6 + 0.4 * min(1.0, max(extract.hit.lexical, 0.0)))
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
        )
