"""End-to-end with the real model (m3e-small): the dev questions and the README's promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer.service import QAService
from qa.compose import open_store
from qa.eval import evaluate, load_items
from qa.ingest.pipeline import copy_index
from tests.conftest import DEV_QA

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"
EXTRA_QA = EVAL_DIR / "extra_qa.jsonl"
TRAP_QA = EVAL_DIR / "trap_qa.jsonl"

pytestmark = pytest.mark.integration


def test_readme_example(full_service: QAService) -> None:
    answer = full_service.ask("东城街道行政诉讼出庭率")
    assert answer.found and "70%" in answer.answer
    first = answer.citations[0]
    assert first.district == "东城街道" and first.year == 2022 and first.section
    assert full_service.document(first.doc_id).text[first.start : first.end] == first.text


def test_years_of_provincial_reports_are_told_apart(full_service: QAService) -> None:
    a2024 = full_service.ask("天津2024年提请审议了几件地方性法规草案")
    a2025 = full_service.ask("天津市2025年提请审议地方性法规草案多少件")
    assert a2024.found and a2025.found
    assert a2024.citations[0].year == 2024 and a2025.citations[0].year == 2025
    assert "9件" in a2024.answer and "13件" in a2025.answer


def test_dev_set_meets_the_bar(full_service: QAService) -> None:
    if not DEV_QA.is_file():
        pytest.fail(f"{DEV_QA} is missing")
    report = evaluate(full_service, load_items(DEV_QA))
    failures = [
        f"{r.item.id} {r.item.question} → {r.answer.answer[:60]!r}" for r in report.rows if not r.correct
    ]
    summary = report.summary()
    assert report.accuracy >= 0.90, (summary, failures)
    assert report.hit_at_1 >= 0.90, (summary, failures)
    assert report.refusal_rate == 1.0, (summary, failures)
    assert report.false_refusal_rate <= 0.05, (summary, failures)


def test_extra_questions_meet_the_bar(full_service: QAService) -> None:
    """70 more questions written like users type them (paraphrases, colloquial, year pairs)."""
    report = evaluate(full_service, load_items(EXTRA_QA))
    failures = [f"{r.item.id} {r.item.question}" for r in report.rows if not r.correct]
    assert report.accuracy >= 0.90, (report.summary(), failures)
    assert report.refusal_rate == 1.0, (report.summary(), failures)
    assert report.false_refusal_rate <= 0.05, (report.summary(), failures)


def test_dev_set_on_milvus_within_two_points_of_the_local_store(
    full_service: QAService, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same index copied into Milvus Lite (vectors as they are) answers as well as the local one."""
    tmp = tmp_path_factory.mktemp("milvus-full")
    settings = full_service.settings.model_copy(update={"store": "milvus", "milvus_uri": str(tmp / "m.db")})
    data = copy_index(full_service.data, open_store(settings))
    on_milvus = QAService(data, full_service.retriever.encoder, settings)
    items = load_items(DEV_QA)
    milvus, local = evaluate(on_milvus, items), evaluate(full_service, items)
    assert milvus.accuracy >= local.accuracy - 0.02, (milvus.summary(), local.summary())
    assert milvus.refusal_rate == 1.0 and milvus.false_refusal_rate <= 0.05, milvus.summary()


def test_traps_about_the_sample_reports_are_refused(full_service: QAService) -> None:
    """The in-sample trap questions that need no Shenzhen district reports: sibling indicators, other
    unit classes, uncovered years and unindexed places are refused, not answered."""
    shenzhen = ("罗湖区", "南山区", "宝安区", "福田区")
    items = [
        i
        for i in load_items(TRAP_QA)
        if i.split == "in" and not i.answerable and not (i.district or "").startswith(shenzhen)
    ]
    assert len(items) >= 30
    report = evaluate(full_service, items)
    wrong = [
        f"{r.item.id} {r.item.question} → {r.answer.answer[:60]!r}" for r in report.rows if not r.correct
    ]
    assert report.refusal_rate >= 0.95, (report.summary(), wrong)
