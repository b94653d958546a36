"""Scoring the service as a user would: right answer text, cited from the right report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.answer.service import QAService
from qa.errors import QAError
from qa.lexicon.places import PROVINCE_ABBREVIATIONS
from qa.records import Answer, Citation


@dataclass(frozen=True, slots=True)
class EvalItem:
    id: str
    question: str
    district: str
    year: int | None
    answers: tuple[str, ...]
    type: str
    # "in" (tuned on), "held" (held out) or "calib" (the verifier's training questions, which no rule is
    # tuned on: written by helpers who read no code, never read one by one), for sets that mark it
    split: str = ""
    kind: str = ""  # what a trap question tests: sibling, unit, year, place, topic, lay

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


@dataclass(frozen=True, slots=True)
class EvalRow:
    item: EvalItem
    answer: Answer
    correct: bool
    evidence_rank: int | None  # 1-based rank of the first citation holding a gold string, right report
    latency_ms: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    rows: tuple[EvalRow, ...]
    accuracy: float
    hit_at_1: float
    hit_at_5: float
    mrr: float
    refusal_rate: float  # unanswerable questions answered found=false
    false_refusal_rate: float  # answerable questions answered found=false
    latency_p50_ms: float
    latency_p95_ms: float
    # of those false refusals, the share whose related figures (报告未披露X；相关：…) hold the answer
    pointed_rate: float = 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "questions": len(self.rows),
            "accuracy": round(self.accuracy, 4),
            "hit@1": round(self.hit_at_1, 4),
            "hit@5": round(self.hit_at_5, 4),
            "mrr": round(self.mrr, 4),
            "refusal_rate": round(self.refusal_rate, 4),
            "false_refusal_rate": round(self.false_refusal_rate, 4),
            "refused_but_related_holds_it": round(self.pointed_rate, 4),
            "latency_p50_ms": round(self.latency_p50_ms, 2),
            "latency_p95_ms": round(self.latency_p95_ms, 2),
        }


def load_items(path: Path) -> list[EvalItem]:
    items: list[EvalItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(
                EvalItem(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    district=str(row.get("district") or ""),
                    year=int(row["year"]) if row.get("year") is not None else None,
                    answers=tuple(str(a) for a in row.get("answers") or ()),
                    type=str(row.get("type") or ""),
                    split=str(row.get("split") or ""),
                    kind=str(row.get("kind") or ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise QAError(f"{path}:{number}: not a question record ({exc})") from exc
    return items


def from_right_report(citation: Citation, item: EvalItem) -> bool:
    district = PROVINCE_ABBREVIATIONS.get(item.district, item.district)  # 沪 → 上海市
    if district and district not in f"{citation.district} {citation.title}":
        return False
    return item.year is None or citation.year == item.year


def pointed(item: EvalItem, answer: Answer) -> bool:
    """Whether a refusal's related figures hold the answer, from the right report: the user asked in
    words the check could not read, and the refusal still shows them the figure."""
    return any(from_right_report(c, item) and any(g in c.text for g in item.answers) for c in answer.related)


def score(item: EvalItem, answer: Answer) -> tuple[bool, int | None]:
    if not item.answerable:
        return (not answer.found), None
    rank = next(
        (
            i
            for i, c in enumerate(answer.citations, start=1)
            if from_right_report(c, item) and any(g in c.text for g in item.answers)
        ),
        None,
    )
    correct = (
        answer.found
        and bool(answer.citations)
        and from_right_report(answer.citations[0], item)
        and any(g in answer.answer for g in item.answers)
    )
    return correct, rank


def evaluate(service: QAService, items: Sequence[EvalItem], *, top_k: int = 5) -> EvalReport:
    rows: list[EvalRow] = []
    for item in items:
        started = time.perf_counter()
        answer = service.ask(item.question, top_k=top_k)
        latency = (time.perf_counter() - started) * 1000
        correct, rank = score(item, answer)
        rows.append(EvalRow(item, answer, correct, rank, latency))
    return summarise(rows)


def summarise(rows: Sequence[EvalRow]) -> EvalReport:
    """The figures over ``rows`` (all of a run, or one split of it)."""
    answerable = [r for r in rows if r.item.answerable]
    unanswerable = [r for r in rows if not r.item.answerable]
    latencies = np.array([r.latency_ms for r in rows]) if rows else np.zeros(1)

    def share(selected: Sequence[EvalRow], test: Callable[[EvalRow], bool]) -> float:
        return sum(1 for r in selected if test(r)) / len(selected) if selected else 0.0

    return EvalReport(
        rows=tuple(rows),
        accuracy=share(rows, lambda r: r.correct),
        hit_at_1=share(answerable, lambda r: r.evidence_rank == 1),
        hit_at_5=share(answerable, lambda r: r.evidence_rank is not None and r.evidence_rank <= 5),
        mrr=(sum(1.0 / r.evidence_rank for r in answerable if r.evidence_rank) / len(answerable))
        if answerable
        else 0.0,
        refusal_rate=share(unanswerable, lambda r: not r.answer.found),
        false_refusal_rate=share(answerable, lambda r: not r.answer.found),
        latency_p50_ms=float(np.percentile(latencies, 50)),
        latency_p95_ms=float(np.percentile(latencies, 95)),
        pointed_rate=share(
            [r for r in answerable if not r.answer.found], lambda r: pointed(r.item, r.answer)
        ),
    )


UNREAD_SPLITS = frozenset(("held", "calib"))  # questions not read one by one while tuning rules
SPLIT_NAMES = {"in": "in-sample", "held": "held out", "calib": "calibration"}


def by_split(report: EvalReport) -> dict[str, EvalReport]:
    """The report of each split ("in": tuned on, "held": held out) of a set that marks them."""
    splits = sorted({r.item.split for r in report.rows if r.item.split})
    return {s: summarise([r for r in report.rows if r.item.split == s]) for s in splits}
