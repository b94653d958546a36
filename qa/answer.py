"""Extractive answers: pick the sentence(s) that hold the answer, or say plainly that none do.

The answer is always text copied from a report, with offsets into it. Whether it counts as found is
decided by evidence, not by rank: the chosen sentence and its passage (with its section path) must
cover most of the question's content words, weighted by how rare they are; a figure question also
needs a figure in the sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.query import Query, expand
from qa.records import Passage
from qa.retrieve import Hit
from qa.split import sentence_spans
from qa.tokenize import Tokenizer

_NUMBER = re.compile(
    r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+(?=[个件次宗起人家批条项名笔处所万亿元%％倍])"
)
_FIGURE = re.compile(
    r"\d|[零一二三四五六七八九十百千万亿两][^，,。；]{0,2}[个件次宗起人家批条项名笔处所万亿元%％倍]|百分之|[一二三四五六七八九]成"
)
SECTION_SEP = " > "
# Sections that plan ahead rather than report what was done; a question that does not ask about
# plans wants the figures actually reached, which live elsewhere.
_PLAN_SECTION = re.compile(
    r"工作安排|工作计划|工作打算|工作思路|目标任务|主要任务|主要目标|预期目标|总体要求|下一步|今后|重点工作|主要工作|工作建议"
)
_PLAN_QUESTION = re.compile(r"计划|打算|安排|下一步|目标|今后|明年|将要|准备|预期|任务|思路")
# Figures over several years (每年…, 年均…, 累计…, 五年来…): not the answer to a one-year question.
_MULTI_YEAR = re.compile(r"每年|年均|累计|五年|十四五|近\d+年|近[两三四五]年|历年")


@dataclass(frozen=True, slots=True)
class Extract:
    """A run of report text chosen as the answer."""

    hit: Hit
    start: int  # offsets in the report text
    end: int
    text: str
    coverage: float  # weighted share of the question's content words found in the evidence
    score: float


@dataclass(frozen=True, slots=True)
class TermWeights:
    """Content words of a question, each with an IDF weight and the synonyms that also count."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    alternates: tuple[tuple[str, ...], ...]

    def coverage(self, evidence: str) -> float:
        total = sum(self.weights)
        if total <= 0:
            return 0.0
        hit = sum(
            w
            for t, w, alts in zip(self.terms, self.weights, self.alternates, strict=True)
            if t in evidence or any(a in evidence for a in alts)
        )
        return hit / total


def term_weights(
    query: Query, tokenizer: Tokenizer, doc_freq: Callable[[str], int], n_docs: int
) -> TermWeights:
    terms: list[str] = []
    for token in tokenizer.tokens(query.content):
        if token not in terms and not token.isdigit():
            terms.append(token)
    weights = []
    alternates = []
    for term in terms:
        df = doc_freq(term)
        weights.append(math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)))
        alternates.append(expand(term))
    return TermWeights(tuple(terms), tuple(weights), tuple(alternates))


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


_ASKED_UNIT = re.compile(
    r"(?:多少|几)(万人次|人次|万人|万元|亿元|批次|[个件次宗起人家批条项名笔处所份篇场期台万亿元])"
)
_RATE = re.compile(r"率|比例|占比|百分|增长|增速|下降|提高|降低")
_PERCENT = ("%", "％", "成", "个百分点")


def asked_units(question: str) -> tuple[str, ...]:
    """Units the question expects its figure in: 几宗 → 宗, 出庭率 → %."""
    units = [m.group(1) for m in _ASKED_UNIT.finditer(question)]
    if _RATE.search(question):
        units.extend(_PERCENT)
    return tuple(units)


def figure_focus(
    sentence: str, weights: TermWeights, units: tuple[str, ...] = (), window: int = 12
) -> tuple[float, str]:
    """The figure in ``sentence`` that fits the question best: (score 0..1.5, the words before it).

    The words just before a figure must match the question ("出庭应诉率为70%" answers 出庭率 better
    than "撤诉率达38.5%" in the same sentence), and a figure in the unit asked for scores higher.
    """
    best = (0.0, "")
    for match in _NUMBER.finditer(sentence):
        lead = sentence[max(0, match.start() - window) : match.start()]
        score = weights.coverage(lead)
        if units and sentence[match.end() : match.end() + 4].lstrip().startswith(units):
            score += 0.5
        if score > best[0]:
            best = (score, lead)
    return best


def best_sentence(
    hits: Sequence[Hit],
    report_texts: dict[str, str],
    query: Query,
    weights: TermWeights,
    *,
    max_hits: int = 8,
) -> Extract | None:
    """The best-supported sentence among the top passages."""
    best: Extract | None = None
    wants_plans = bool(_PLAN_QUESTION.search(query.text))
    one_year = query.year is not None and not _MULTI_YEAR.search(query.text)
    units = asked_units(query.text)
    for rank, hit in enumerate(hits[:max_hits]):
        passage = hit.passage
        text = report_texts[passage.doc_id]
        context_cov = weights.coverage(passage.section + passage.text)
        plan_penalty = 0.8 if not wants_plans and _PLAN_SECTION.search(passage.section) else 0.0
        heading = passage.section.rsplit(SECTION_SEP, 1)[-1]
        for start, end in sentence_spans(text, passage.start, passage.end, clauses=True):
            sentence = text[start:end]
            sentence_cov = weights.coverage(passage.section + sentence)
            score = hit.score + 1.5 * sentence_cov + 0.3 * context_cov - 0.02 * rank - plan_penalty
            if heading and sentence.rstrip("。；;.!！") in heading:
                score -= 0.6  # the heading restated: the section path already says it
            focus, lead = (
                figure_focus(sentence, weights, units) if query.qtype == "figure" else (0.0, sentence)
            )
            if one_year and _MULTI_YEAR.search(lead or sentence):
                score -= 0.8
            if query.qtype == "figure":
                score += 0.5 + 0.5 * focus if has_figure(sentence) else -0.5
            if len(sentence) < 8:
                score -= 0.3
            coverage = max(sentence_cov, 0.5 * sentence_cov + 0.5 * context_cov)
            candidate = Extract(hit, start, end, sentence, coverage, score)
            if best is None or candidate.score > best.score:
                best = candidate
    return best


def section_answer(
    hits: Sequence[Hit],
    passages_by_doc: dict[str, list[Passage]],
    report_texts: dict[str, str],
    weights: TermWeights,
    *,
    min_heading_coverage: float = 0.3,
    max_chars: int = 600,
) -> Extract | None:
    """For list questions: the items of the section whose heading matches the question best."""
    best: tuple[float, Hit, str] | None = None
    for hit in hits[:8]:
        parts = hit.passage.section.split(SECTION_SEP) if hit.passage.section else []
        for depth in range(len(parts)):
            cov = weights.coverage(parts[depth])
            if cov >= min_heading_coverage and (best is None or cov > best[0]):
                best = (cov, hit, SECTION_SEP.join(parts[: depth + 1]))
    if best is None:
        return None
    cov, hit, prefix = best
    members = [
        p
        for p in passages_by_doc[hit.passage.doc_id]
        if p.section == prefix or p.section.startswith(prefix + SECTION_SEP)
    ]
    if not members:
        return None
    depth = prefix.count(SECTION_SEP) + 1
    text = report_texts[hit.passage.doc_id]
    items: list[str] = []
    seen: set[str] = set()
    for p in members:
        parts = p.section.split(SECTION_SEP)
        item = parts[depth] if len(parts) > depth else p.text
        if item not in seen:
            seen.add(item)
            items.append(item)
    answer = "\n".join(items)
    if len(answer) > max_chars:
        answer = answer[:max_chars].rstrip() + "…"
    start, end = members[0].start, members[-1].end
    anchor = next((h for h in hits if h.passage in members), None)
    first = anchor or Hit(row=-1, passage=members[0], score=hit.score, lexical=hit.lexical, dense=hit.dense)
    return Extract(first, start, end, answer if answer else text[start:end], max(cov, 0.0), hit.score + cov)
