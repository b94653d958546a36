"""Extractive answers: pick the sentence(s) that hold the answer, or say plainly that none do.

The answer is always text copied from a report, with offsets into it. Whether it counts as found is
decided by evidence, not by rank: the chosen sentence and its passage (with its section path) must
cover most of the question's content words, weighted by how rare they are; a figure question also
needs a figure in the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from qa.ingest.split import sentence_spans
from qa.lexicon.figures import NUMBER, asked_units, has_figure
from qa.lexicon.periods import in_spans
from qa.lexicon.text import SECTION_SEP
from qa.lexicon.words import MULTI_YEAR, PLAN_QUESTION, expand, plan_section
from qa.records import Passage
from qa.retrieve.query import Query
from qa.retrieve.retriever import Hit
from qa.retrieve.tokenize import Tokenizer


@dataclass(frozen=True, slots=True)
class AnswerWeights:
    """Every constant of the answer stage, in one place (settings: ``QA_ANSWER_WEIGHTS``, a JSON object
    overriding any of them), so that ``qa eval`` and the benches can sweep them.

    A candidate sentence scores ``hit + sentence·coverage(sentence) + context·coverage(passage)
    − rank_step·rank``, minus the penalties that apply, plus the figure terms for figure questions."""

    sentence: float = 1.5  # weight of the question's words covered by the sentence (with its section path)
    context: float = 0.3  # … covered by the whole passage
    rank_step: float = 0.02  # per rank of the passage in the retrieval order
    plan_penalty: float = 0.8  # a plan section, when the question does not ask for plans
    restated_heading: float = 0.6  # the sentence only restates its own heading
    multi_year_penalty: float = 0.8  # a multi-year figure (每年, 累计, 五年) for a one-year question
    figure_bonus: float = 0.5  # figure questions: the sentence states a figure …
    focus: float = 0.5  # … times how well the words before it match (figure_focus, 0..1.5)
    no_figure_penalty: float = 0.5  # figure questions: the sentence states none
    short_penalty: float = 0.3  # sentences under ``short_chars``
    short_chars: int = 8
    unit_bonus: float = 0.5  # figure_focus: the figure is in the unit asked for
    focus_window: int = 12  # figure_focus: characters before a figure that must name it
    oov_weight: float = 0.5  # a word the corpus never uses: more likely paraphrase than a missing topic
    # figure questions: a verb, particle or adverb of the asked head may be left out of the check when it
    # is everyday speech: this common in general Chinese (jieba's dictionary count; 建, 防, 刚) …
    everyday_count: int = 1000
    # … and used by less than this share of the passages (完成, 新增 are the reports' own words)
    report_word_share: float = 0.02
    # passages whose sentences are scored (8 → 16: places in-sample 0.943 → 0.962, the other sets equal)
    max_hits: int = 16
    heading_coverage: float = 0.3  # list questions: least coverage of a heading to answer with its section
    list_chars: int = 600  # longest list answer
    following_chars: int = 400  # a list's introducing sentence takes the following ones up to this
    # a general question (如何…, 做了啥) answered by a sentence this short without a figure — a
    # paragraph's lead, which restates the topic (拓展发展空间。) — also gets the sentences after it
    lead_chars: int = 24
    related_share: float = 0.4  # a further citation scores at least this share of the best passage …
    related_coverage: float = 0.5  # … and covers this much of the question
    # figure answers the typed check accepted (indicator, unit, place, year): least coverage of the
    # question's words; the word-share gate (QA_MIN_COVERAGE) is for answers checked by nothing else …
    checked_coverage: float = 0.0
    # … and for heads no word of which is used by less than this share of passages (企业: a fifth)
    specific_share: float = 0.05
    context_share: float = 0.5  # the evidence of a sentence: its coverage, or this blend with its passage's
    # questions without a figure: the question's words used by at most this share of passages name its
    # topic, and the answer must state them (有没有设立公职律师: 公职 and 律师, not a sentence on 法律顾问).
    # In-sample: 0.005 → 0.01 refuses one more unanswerable yes/no question and loses nothing; 0.02 loses
    # two answers (义警队伍; 法治政府建设存在哪些问题 taken from another section)
    topic_share: float = 0.01
    # a figure the places' latest report does not state, taken from an earlier one (the question named
    # no year, and the user may mean now): least coverage of the question's words. Calibration (in-sample):
    # none 7 right answers gained, 4 wrong ones given (30枚金牌 of 亚运会 for 巴黎奥运会, coverage 0.15–0.43);
    # 0.5 the same 7 gained, 1 wrong given
    earlier_coverage: float = 0.5
    # the shares of passages using a word (everyday_count's report_word_share, specific_share,
    # topic_share) blend the index's own counts with a large reference index's shares
    # (``qa.lexicon.shares``), weighed as this many passages: over five reports they are mostly the
    # reference's, over two hundred mostly the index's own
    reference_passages: int = 5000

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, float]) -> AnswerWeights:
        """The defaults with ``overrides`` applied; an unknown name is refused with the valid ones."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise ValueError(
                f"unknown answer weight(s) {', '.join(unknown)}; valid: {', '.join(sorted(names))}"
            )
        defaults = cls()
        typed: dict[str, Any] = {
            name: type(getattr(defaults, name))(value) for name, value in overrides.items()
        }  # int fields stay ints
        return replace(defaults, **typed)


@dataclass(frozen=True, slots=True)
class Extract:
    """A run of report text chosen as the answer."""

    hit: Hit
    start: int  # offsets in the report text
    end: int
    text: str
    coverage: float  # weighted share of the question's content words found in the evidence
    score: float
    # How it was chosen (the verifier's features): the passage's rank, the sentence's own and its
    # passage's coverage, the figure focus, a plan section, the margin over the runner-up, and how many
    # sentences were candidates at all.
    rank: int = 0
    sentence_coverage: float = 0.0
    context_coverage: float = 0.0
    focus: float = 0.0
    plan: bool = False
    margin: float = 0.0
    candidates: int = 0


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


def term_weights(
    query: Query,
    tokenizer: Tokenizer,
    doc_freq: Callable[[str], int],
    n_docs: int,
    knobs: AnswerWeights = AnswerWeights(),
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
        weights.append(weight * knobs.oov_weight if df == 0 else weight)
        alternates.append(expand(term))
    return TermWeights(tuple(terms), tuple(weights), tuple(alternates))


def figure_focus(
    sentence: str, weights: TermWeights, units: tuple[str, ...] = (), knobs: AnswerWeights = AnswerWeights()
) -> tuple[float, str]:
    """The figure in ``sentence`` that fits the question best: (score 0..1.5, the words before it).

    The words just before a figure must match the question ("出庭应诉率为70%" answers 出庭率 better
    than "撤诉率达38.5%" in the same sentence), and a figure in the unit asked for scores higher.
    """
    best = (0.0, "")
    for match in NUMBER.finditer(sentence):
        lead = sentence[max(0, match.start() - knobs.focus_window) : match.start()]
        score = weights.coverage(lead)
        if units and sentence[match.end() : match.end() + 4].lstrip().startswith(units):
            score += knobs.unit_bonus
        if score > best[0]:
            best = (score, lead)
    return best


@lru_cache(maxsize=1 << 16)
def passage_clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The sentences and clauses of a passage, split once: passages recur from question to question,
    and splitting them was a fifth of an answer's time (py-spy under load)."""
    return tuple(sentence_spans(text, start, end, clauses=True))


def best_sentence(
    hits: Sequence[Hit],
    report_texts: dict[str, str],
    query: Query,
    weights: TermWeights,
    *,
    titles: dict[str, str] | None = None,
    knobs: AnswerWeights = AnswerWeights(),
    accept: Callable[[str, int, int], bool] | None = None,
    reviewed: Mapping[str, int | None] | None = None,
    periods: Mapping[str, tuple[tuple[int, int], ...]] | None = None,
) -> Extract | None:
    """The best-supported sentence among the top passages. The report's title counts as context
    (a question about 法治政府建设 is answered by a 法治政府建设 report without every sentence saying so).
    ``accept(doc_id, start, end)``, when given, must pass for a sentence to be chosen at all (figure
    questions: a figure in it answers what was asked). ``reviewed`` gives each report's year reviewed, so
    that a section on a later year counts as a plan; ``periods`` each report's parts that review several
    years (``period_spans``), whose figures do not answer a one-year question."""
    best: Extract | None = None
    runner_up = float("-inf")
    count = 0
    wants_plans = bool(PLAN_QUESTION.search(query.text))
    one_year = query.one_year is not None
    units = asked_units(query.text)
    for rank, hit in enumerate(hits[: knobs.max_hits]):
        passage = hit.passage
        text = report_texts[passage.doc_id]
        title = titles.get(passage.doc_id, "") if titles else ""
        context_cov = weights.coverage(f"{title}\n{passage.section}\n{passage.text}")
        planning = plan_section(passage.section, reviewed.get(passage.doc_id) if reviewed else None)
        plan_penalty = knobs.plan_penalty if not wants_plans and planning else 0.0
        heading = passage.section.rsplit(SECTION_SEP, 1)[-1]
        spans = periods.get(passage.doc_id, ()) if periods and one_year else ()
        if accept is not None and plan_penalty and query.qtype == "figure":
            continue  # a checked figure question not asking for plans: a target is not a result
        for start, end in passage_clauses(text, passage.start, passage.end):
            if accept is not None and not accept(passage.doc_id, start, end):
                continue
            sentence = text[start:end]
            sentence_cov = weights.coverage(f"{title}\n{passage.section}\n{sentence}")
            score = (
                hit.score
                + knobs.sentence * sentence_cov
                + knobs.context * context_cov
                - knobs.rank_step * rank
                - plan_penalty
            )
            if heading and sentence.rstrip("。；;.!！") in heading:
                score -= knobs.restated_heading  # the section path already says it
            focus, lead = (
                figure_focus(sentence, weights, units, knobs) if query.qtype == "figure" else (0.0, sentence)
            )
            if one_year and (MULTI_YEAR.search(lead or sentence) or in_spans(spans, start)):
                score -= knobs.multi_year_penalty
            if query.qtype == "figure":
                score += (
                    knobs.figure_bonus + knobs.focus * focus
                    if has_figure(sentence)
                    else -knobs.no_figure_penalty
                )
            if len(sentence) < knobs.short_chars:
                score -= knobs.short_penalty
            share = knobs.context_share
            coverage = max(sentence_cov, (1 - share) * sentence_cov + share * context_cov)
            count += 1
            candidate = Extract(
                hit, start, end, sentence, coverage, score, rank=rank, sentence_coverage=sentence_cov,
                context_coverage=context_cov, focus=focus, plan=plan_penalty > 0,
            )  # fmt: skip
            if best is None or candidate.score > best.score:
                if best is not None and best.text != candidate.text:
                    runner_up = max(runner_up, best.score)
                best = candidate
            elif candidate.text != best.text:
                runner_up = max(runner_up, candidate.score)
    if best is not None:
        margin = best.score - runner_up if runner_up > float("-inf") else knobs.sentence
        best = replace(best, margin=margin, candidates=count)
    if best is not None and (
        query.qtype == "list"
        or (query.qtype == "general" and len(best.text) < knobs.lead_chars and not has_figure(best.text))
    ):
        best = _with_following(best, report_texts[best.hit.passage.doc_id], knobs.following_chars)
    return best


def _with_following(extract: Extract, text: str, max_chars: int = 400) -> Extract:
    """A list question answered by an introducing sentence ("还存在不少问题和不足。", "…薄弱环节：")
    also gets the sentences after it in the same passage, which hold the items."""
    paragraph_end = text.find("\n", extract.end)
    # a sentence ending in a colon ("…实施十大行动，在十个方面努力争创一流：") introduces the paragraphs after it
    if paragraph_end < 0 or extract.text.rstrip().endswith(("：", ":")):
        paragraph_end = len(text)
    end = extract.end
    for _, stop in sentence_spans(text, extract.end, paragraph_end):
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
    knobs: AnswerWeights = AnswerWeights(),
    plans: bool = False,
) -> Extract | None:
    """For list questions: the items of the section whose heading matches the question best — for a
    question about plans (下一步工作计划), a heading that plans (三、2021年工作计划) before any other
    (二、存在问题 shares 一步 with it through 进一步)."""
    best: tuple[float, Hit, str] | None = None
    for hit in hits[: knobs.max_hits]:
        parts = hit.passage.section.split(SECTION_SEP) if hit.passage.section else []
        # Words the report's title already says (法治政府建设) do not tell its sections apart.
        telling = weights.without(titles.get(hit.passage.doc_id, "")) if titles else weights
        for depth in range(len(parts)):
            cov = telling.coverage(parts[depth])
            if cov >= knobs.heading_coverage and plans and plan_section(parts[depth]):
                cov += 1.0
            if cov >= knobs.heading_coverage and (best is None or cov > best[0]):
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
    if len(answer) > knobs.list_chars:
        answer = answer[: knobs.list_chars].rstrip() + "…"
    start, end = members[0].start, members[-1].end
    anchor = next((h for h in hits if h.passage in members), None)
    first = anchor or Hit(row=-1, passage=members[0], score=hit.score, lexical=hit.lexical, dense=hit.dense)
    title = titles.get(hit.passage.doc_id, "") if titles else ""
    evidence = weights.coverage(f"{title}\n{prefix}")
    return Extract(
        first, start, end, answer if answer else text[start:end], max(cov, evidence), hit.score + cov
    )
