"""The same index on the local store and on Milvus Lite: copy time, load time, memory, ask latency.

Builds a local index of the sample and provincial reports (``--more`` adds the 54 provincial reports
of ../shared/corpus_more), copies it into a fresh Milvus Lite folder with ``qa.ingest.copy_index``
(no re-encoding), then loads each store in a child process (load seconds and resident memory of the
loaded catalog) and times every dev and extra question on both (query vectors cached after a warm-up
pass, so the figures are retrieval + answer, not the encoder).

    python bench/milvus.py [--more] [--model m3e-small]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qa.compose import build_encoder, open_service, open_store
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import load_items
from qa.index.local import load_index
from qa.ingest.pipeline import copy_index, ingest_paths

SHARED = PROJECT_ROOT.parent / "shared"
CHILD = """
import json, time
from bench.scale import rss_mb
from qa.config import get_settings
from qa.compose import open_store
settings = get_settings()  # QA_STORE, QA_INDEX_DIR, QA_MILVUS_URI from the parent
base = rss_mb()
started = time.perf_counter()
data = open_store(settings).load()
print(json.dumps({"load_s": time.perf_counter() - started, "rss_mb": rss_mb() - base,
                  "passages": len(data.passages)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--more", action="store_true", help="add the 54 reports of shared/corpus_more")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    settings = get_settings()
    if args.model:
        settings = settings.model_copy(update={"model": args.model})
    encoder = build_encoder(settings)
    corpus = [PROJECT_ROOT / "data/reports", SHARED / "corpus_extra"] + (
        [SHARED / "corpus_more"] if args.more else []
    )
    items = [
        i
        for f in (SHARED / "eval/dev_qa.jsonl", PROJECT_ROOT / "eval/extra_qa.jsonl")
        if f.exists()
        for i in load_items(f)
    ]
    with tempfile.TemporaryDirectory(prefix="bench-milvus-") as tmp:
        local_settings = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
        milvus_settings = local_settings.model_copy(
            update={"store": "milvus", "milvus_uri": str(Path(tmp) / "milvus.db")}
        )
        started = time.perf_counter()
        ingest_paths(
            [c for c in corpus if c.exists()], root=local_settings.index_dir, encoder=encoder, progress=False
        )
        print(f"local ingest (parse + encode + write): {time.perf_counter() - started:.1f} s")
        local = load_index(local_settings.index_dir)
        started = time.perf_counter()
        target = open_store(milvus_settings)
        copy_index(local, target)
        target.close()  # a Milvus Lite folder is opened by one process at a time: free it for the child
        print(
            f"copy into Milvus Lite (no re-encoding): {time.perf_counter() - started:.1f} s for "
            f"{len(local.reports)} reports, {len(local.passages)} passages"
        )
        for name, s in (("local", local_settings), ("milvus-lite", milvus_settings)):
            env = {
                **os.environ,
                "QA_STORE": s.store,
                "QA_INDEX_DIR": str(s.index_dir),
                "QA_MILVUS_URI": s.milvus_uri,
            }
            out = (
                subprocess.run(
                    [sys.executable, "-c", CHILD],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=PROJECT_ROOT,
                    env=env,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            loaded = json.loads(out)
            print(f"{name:<12} load {loaded['load_s']:.2f} s, catalog +{loaded['rss_mb']:.0f} MB RSS")
        print(f"\n{'store':<12} {'questions':>9} {'found':>6} {'p50 ms':>7} {'p95 ms':>7}")
        for name, s in (("local", local_settings), ("milvus-lite", milvus_settings)):
            service = open_service(s, encoder)
            for item in items:  # warm-up: query vectors into the encoder's cache
                service.ask(item.question)
            times, found = [], 0
            for item in items:
                started = time.perf_counter()
                found += service.ask(item.question).found
                times.append((time.perf_counter() - started) * 1000)
            p50, p95 = np.percentile(times, [50, 95])
            print(f"{name:<12} {len(items):>9} {found:>6} {p50:7.1f} {p95:7.1f}")


if __name__ == "__main__":
    main()
