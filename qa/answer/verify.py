"""How sure an answer is: a logistic-regression verifier over features of the (question, answer) pair.

The answer stage picks its best candidate; the verifier turns what is known about that choice —
evidence coverage, the scores and ranks of both retrievers, the typed checks, scope, question type —
into the probability that the answer is right. It is fitted on labelled answers (``bench/verifier.py``:
the dev, extra and in-sample place and trap questions, and questions made from the reports' own facts)
and shipped as plain JSON (``qa/answer/data/verifier.json``). ``QA_MIN_CONFIDENCE`` is the threshold
below which an answer is withheld; the reliability and the refusal / false-answer curve of the shipped
model are in BENCHMARKS.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from qa.answer.check import Figure
from qa.answer.extract import Extract
from qa.answer.scope import Scope
from qa.retrieve.query import Query

MODEL_FILE = "verifier.json"
FEATURES = (
    "coverage",
    "sentence_coverage",
    "context_coverage",
    "fused",
    "lexical",
    "dense",
    "rank",
    "focus",
    "plan_section",
    "margin",
    "candidates",
    "figure",
    "list",
    "which",
    "yesno",
    "general",
    "place_named",
    "year_named",
    "year_inferred",
    "value",
    "head_words",
    "scope_reports",
    "question_terms",
    "strict_head",
    "rivals",
    "unit_asked",
    "unit_exact",
    "no_digits",
    "defined",
)


def features(
    query: Query,
    extract: Extract,
    *,
    scope: Scope,
    value: bool,
    head_words: int,
    question_terms: int,
    strict_head: bool = False,
    rivals: int = 0,
    figure: Figure | None = None,
    asked_units: tuple[str, ...] = (),
    defined: bool = False,
) -> dict[str, float]:
    """What the verifier is told about one answer (every value a plain float)."""
    hit = extract.hit
    fact = figure.fact if figure is not None else None
    asked = asked_units[0].lstrip("万亿") if asked_units else ""
    reports = len(scope.doc_ids) if scope.doc_ids is not None else 0
    return {
        "coverage": extract.coverage,
        "sentence_coverage": extract.sentence_coverage,
        "context_coverage": extract.context_coverage,
        "fused": hit.score,
        "lexical": hit.lexical,
        "dense": hit.dense,
        "rank": float(extract.rank),
        "focus": extract.focus,
        "plan_section": float(extract.plan),
        "margin": max(min(extract.margin, 3.0), 0.0),
        "candidates": math.log1p(extract.candidates),
        "figure": float(query.qtype == "figure"),
        "list": float(query.qtype == "list"),
        "which": float(query.qtype == "which"),
        "yesno": float(query.qtype == "yesno"),
        "general": float(query.qtype == "general"),
        "place_named": float(bool(query.districts)),
        "year_named": float(query.year is not None),
        "year_inferred": float(scope.year is not None),
        "value": float(value),
        "head_words": float(head_words),
        "scope_reports": math.log1p(reports),
        "question_terms": float(question_terms),
        "strict_head": float(strict_head),  # the typed check found every head word, not a loose reading
        "rivals": math.log1p(rivals),  # other sentences the typed check let through
        # the figure that answers: in the very unit asked (几起 answered by 调解8次 is not), or only in
        # words (肉蛋奶产量均突破百万吨)
        "unit_asked": float(bool(asked)),
        "unit_exact": float(fact is not None and bool(asked) and fact.unit.lstrip("万亿") == asked),
        "no_digits": float(fact is not None and not any(c.isdigit() for c in fact.value_text)),
        "defined": float(defined),  # the sentence spells out the quoted name asked (``qa.answer.define``)
    }


@dataclass(frozen=True, slots=True)
class Verifier:
    """A standardised logistic regression: P(right) = σ(b + Σ wᵢ·(xᵢ − μᵢ)/σᵢ)."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    bias: float
    threshold: float  # the threshold the fit recommends (QA_MIN_CONFIDENCE overrides it)
    trained_on: str = ""

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.bias
        for name, w, mu, sd in zip(self.names, self.weights, self.means, self.scales, strict=True):
            z += w * (float(values.get(name, 0.0)) - mu) / (sd or 1.0)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "weights": list(self.weights),
            "means": list(self.means),
            "scales": list(self.scales),
            "bias": self.bias,
            "threshold": self.threshold,
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Verifier:
        return cls(
            names=tuple(data["names"]),
            weights=tuple(float(w) for w in data["weights"]),
            means=tuple(float(m) for m in data["means"]),
            scales=tuple(float(s) for s in data["scales"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            trained_on=str(data.get("trained_on", "")),
        )


@cache
def shipped_verifier() -> Verifier | None:
    """The verifier shipped with the package, or None before one has been fitted."""
    try:
        text = resources.files("qa.answer").joinpath(f"data/{MODEL_FILE}").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Verifier.from_json(json.loads(text))
