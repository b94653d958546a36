"""The dev questions on the five sample reports (d01–d28) answered from their PDF and Word versions as
from the .txt: same accuracy within two points, with the real model (m3e-small)."""

from __future__ import annotations

from pathlib import Path

import pytest

from embeddings.encoder import Encoder
from qa.answer.service import QAService
from qa.config import Settings
from qa.eval import EvalItem, EvalReport, evaluate, load_items
from qa.index.local import load_index
from qa.ingest.pipeline import ingest_paths
from tests.conftest import DEV_QA, SOFFICE_MISSING, OfficeSample

pytestmark = pytest.mark.integration
SAMPLE_QUESTIONS = 28  # d01–d28 are about the five sample reports


def _items() -> list[EvalItem]:
    if not DEV_QA.is_file():
        pytest.fail(f"{DEV_QA} is missing")
    return [item for item in load_items(DEV_QA) if int(item.id.lstrip("d")) <= SAMPLE_QUESTIONS]


def _evaluate(files: list[Path], encoder: Encoder, root: Path) -> EvalReport:
    result = ingest_paths(files, root=root, encoder=encoder, progress=False)
    assert len(result.added) == len(files), result.skipped
    service = QAService(
        load_index(root, model=encoder.name), encoder, Settings(index_dir=root, model=encoder.name)
    )
    return evaluate(service, _items())


def test_pdf_and_docx_versions_answer_as_well_as_the_txt(
    office_samples: list[OfficeSample],
    real_encoder: Encoder,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reports = {
        kind: _evaluate(files, real_encoder, tmp_path_factory.mktemp(f"office-eval-{kind}"))
        for kind, files in (
            ("txt", [s.txt for s in office_samples]),
            ("docx", [s.docx for s in office_samples]),
            ("pdf", [s.pdf for s in office_samples if s.pdf is not None]),
        )
        if files
    }
    with capsys.disabled():
        for kind, report in reports.items():
            misses = [r.item.id for r in report.rows if not r.correct]
            print(f"\nd01–d28 from {kind}: {report.summary()} misses {misses}")
    txt = reports["txt"]
    for kind in ("docx", "pdf"):
        if kind in reports:
            assert reports[kind].accuracy >= txt.accuracy - 0.02, (
                kind,
                reports[kind].summary(),
                txt.summary(),
            )
            assert reports[kind].refusal_rate == txt.refusal_rate
    if "pdf" not in reports:
        pytest.skip(f"the .docx versions pass; the PDF versions were not made: {SOFFICE_MISSING}")
