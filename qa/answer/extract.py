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

from qa.ingest.split import sentence_spans
from qa.records import Passage
from qa.retrieve.query import Query, expand
from qa.retrieve.retriever import Hit
from qa.retrieve.tokenize import Tokenizer

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
        """Weighted share of the question's words found in ``evidence`` (case-insensitive); a longer
        word missing as a whole earns partial credit for the character pairs it shares (楼栋长 ~ 栋长)."""
        total = sum(self.weights)
        if total <= 0:
            return 0.0
        evidence = evidence.lower()
        found = 0.0
        for term, weight, alternates in zip(self.terms, self.weights, self.alternates, strict=True):
            if term in evidence or any(a.lower() in evidence for a in alternates):
                found += weight
            elif len(term) >= 3:
                pairs = [term[i : i + 2] for i in range(len(term) - 1)]
                found += weight * 0.5 * sum(p in evidence for p in pairs) / len(pairs)
        return found / total

    def without(self, context: str) -> TermWeights:
        """The words ``context`` does not already cover (all of them if it covers every one)."""
        keep = [
            i
            for i, t in enumerate(self.terms)
            if TermWeights((t,), (1.0,), (self.alternates[i],)).coverage(context) < 1
        ]
        if not keep:
            return self
        return TermWeights(
            tuple(self.terms[i] for i in keep),
            tuple(self.weights[i] for i in keep),
            tuple(self.alternates[i] for i in keep),
        )


OOV_WEIGHT = 0.5  # a word the corpus never uses is more likely paraphrase than a missing topic


def term_weights(
    query: Query, tokenizer: Tokenizer, doc_freq: Callable[[str], int], n_docs: int
) -> TermWeights:
    """The question's content words with IDF weights; when the question has none of its own
    ("2021年准备做哪些工作"), the synonyms its wording implies (计划, 打算) stand in."""
    terms: list[str] = []
    for token in tokenizer.tokens(query.content) or [
        t for e in query.expansions for t in tokenizer.tokens(e)
    ]:
        if token not in terms and not token.isdigit():
            terms.append(token)
    weights = []
    alternates = []
    for term in terms:
        df = doc_freq(term)
        weight = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        weights.append(weight * OOV_WEIGHT if df == 0 else weight)
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
    titles: dict[str, str] | None = None,
    max_hits: int = 8,
) -> Extract | None:
    """The best-supported sentence among the top passages. The report's title counts as context
    (a question about 法治政府建设 is answered by a 法治政府建设 report without every sentence saying so)."""
    best: Extract | None = None
    wants_plans = bool(_PLAN_QUESTION.search(query.text))
    one_year = query.year is not None and not _MULTI_YEAR.search(query.text)
    units = asked_units(query.text)
    for rank, hit in enumerate(hits[:max_hits]):
        passage = hit.passage
        text = report_texts[passage.doc_id]
        title = titles.get(passage.doc_id, "") if titles else ""
        context_cov = weights.coverage(f"{title}\n{passage.section}\n{passage.text}")
        plan_penalty = 0.8 if not wants_plans and _PLAN_SECTION.search(passage.section) else 0.0
        heading = passage.section.rsplit(SECTION_SEP, 1)[-1]
        for start, end in sentence_spans(text, passage.start, passage.end, clauses=True):
            sentence = text[start:end]
            sentence_cov = weights.coverage(f"{title}\n{passage.section}\n{sentence}")
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
    if best is not None and query.qtype == "list":
        best = _with_following(best, report_texts[best.hit.passage.doc_id])
    return best


def _with_following(extract: Extract, text: str, max_chars: int = 400) -> Extract:
    """A list question answered by an introducing sentence ("还存在不少问题和不足。", "…薄弱环节：")
    also gets the sentences after it in the same passage, which hold the items."""
    paragraph_end = text.find("\n", extract.end)
    end = extract.end
    for _, stop in sentence_spans(text, extract.end, len(text) if paragraph_end < 0 else paragraph_end):
        if stop - extract.start > max_chars:
            break
        end = stop
    if end == extract.end:
        return extract
    return Extract(
        extract.hit, extract.start, end, text[extract.start : end], extract.coverage, extract.score
    )


def section_answer(
    hits: Sequence[Hit],
    passages_by_doc: dict[str, list[Passage]],
    report_texts: dict[str, str],
    weights: TermWeights,
    *,
    titles: dict[str, str] | None = None,
    min_heading_coverage: float = 0.3,
    max_chars: int = 600,
) -> Extract | None:
    """For list questions: the items of the section whose heading matches the question best."""
    best: tuple[float, Hit, str] | None = None
    for hit in hits[:8]:
        parts = hit.passage.section.split(SECTION_SEP) if hit.passage.section else []
        # Words the report's title already says (法治政府建设) do not tell its sections apart.
        telling = weights.without(titles.get(hit.passage.doc_id, "")) if titles else weights
        for depth in range(len(parts)):
            cov = telling.coverage(parts[depth])
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
    title = titles.get(hit.passage.doc_id, "") if titles else ""
    evidence = weights.coverage(f"{title}\n{prefix}")
    return Extract(
        first, start, end, answer if answer else text[start:end], max(cov, evidence), hit.score + cov
    )
