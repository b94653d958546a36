"""An ingest killed with SIGKILL at any point leaves the previous index loadable and unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from embeddings.encoder import FakeEncoder
from qa.answer.service import QAService
from qa.index.local import current_generation, load_index
from qa.ingest.pipeline import ingest_paths
from tests.conftest import CORPUS_EXTRA, REPORTS, make_settings

QUESTIONS = ("东城街道行政诉讼出庭率", "黄石街道有多少个基础网格", "哪个街道打造了青枫义警品牌")


def _answers(root: Path) -> list[tuple[str, bool, tuple[tuple[str, int, int], ...]]]:
    service = QAService(load_index(root), FakeEncoder(64), make_settings(root))
    out = []
    for q in QUESTIONS:
        a = service.ask(q)
        out.append((a.answer, a.found, tuple((c.doc_id, c.start, c.end) for c in a.citations)))
    return out


def test_sigkill_during_ingest(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline"
    ingest_paths([REPORTS], root=baseline, encoder=FakeEncoder(64), progress=False)
    expected = _answers(baseline)
    extra = CORPUS_EXTRA if CORPUS_EXTRA.is_dir() else REPORTS
    env = {**os.environ, "QA_MODEL": "fake", "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    outcomes = set()
    for delay in (0.6, 1.2, 1.8, 2.4, 3.0, 4.5):
        root = tmp_path / f"index-{delay}"
        shutil.copytree(baseline, root)
        before = current_generation(root)
        proc = subprocess.Popen(
            [sys.executable, "-m", "qa", "ingest", str(extra), "--index", str(root), "--no-progress"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=30)
        after = current_generation(root)
        data = load_index(root)  # must load, whatever the moment of the kill
        if after == before:
            outcomes.add("old")
            assert _answers(root) == expected
        else:  # killed after the switch: the new state is complete
            outcomes.add("new")
            assert len(data.reports) == 13
            assert [(a, f, c[0]) for a, f, c in _answers(root)] == [(a, f, c[0]) for a, f, c in expected]
        # The next ingest finishes the work and clears whatever the killed one left behind.
        ingest_paths([extra], root=root, encoder=FakeEncoder(64), progress=False)
        live = current_generation(root)
        assert [p.name for p in root.iterdir() if p.is_dir()] == [live.name]  # type: ignore[union-attr]
        assert len(load_index(root).reports) == 13
    assert "old" in outcomes  # at least one kill landed before the switch
