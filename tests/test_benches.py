"""The benchmark scripts still run against the core (`make bench` is not part of the tests, and twice a
script that had fallen behind the core's API stopped it): each runs on a small input with the fake
encoder, its caches in a temporary folder, and must print its table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

RUNS = {
    # retrieval: the dev and extra questions over the five sample reports (extra's places are absent)
    "retrieval": (["bench/retrieval.py", "--corpus", "data/reports"], r"ours w=0\.5\s+\d\.\d{3}"),
    "scale": (["bench/scale.py", "--sizes", "3000"], r"^\s+3000\s+flat\s"),
    # above the store's exact limit, so the HNSW sweep and the IVF alternative both run
    "ann": (
        ["bench/ann.py", "--sizes", "55000", "--candidates"],
        r"55000\s+hnsw .* ef 512\s.*\n.*\n.*\n.*\n\s+55000\s+ivf",
    ),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_bench_script_runs(name: str, tmp_path: Path) -> None:
    args, table = RUNS[name]
    env = {
        **os.environ,
        "QA_MODEL": "fake",
        "QA_CACHE_DIR": str(tmp_path / "cache"),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "PYTHONPATH": str(PROJECT),
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.search(table, result.stdout, re.MULTILINE), result.stdout[-2000:]
