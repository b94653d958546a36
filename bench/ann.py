"""ANN bench: recall@10, query time, build time and memory of the dense store's index kinds at 10^5–10^6.

The vectors are those of ``bench/scale.py``'s synthetic corpus without the rest of an index (BM25,
passages), so 10^6 fits in ``make bench``: every passage is the mean of 1–3 real m3e-small sentence
vectors of the 13 real reports plus N(0, 0.02²) noise, normalised. That corpus is unusually hard for
a graph: each sentence recurs in ~300 passages at 10^6, so a question's exact top-10 is a close race
among near-copies. Queries are the 107 dev + extra questions, encoded by the configured model; recall
is against exact inner-product search over the same vectors. Two recalls are printed: the strict one
(the share of the exact top-10 rows returned) and ann-benchmarks' tie-tolerant one (the share of
returned rows scoring within ``TIE_EPSILON`` of the exact 10th score): near-copies whose cosines differ
in the fourth decimal are interchangeable to a reader, not to the strict figure.

Each configuration is built and queried in its own child process; the resident memory it reports is
that process's growth once the input vectors are released: the index alone.

    python bench/ann.py                      # 10^6: the store's own choice for that size
    python bench/ann.py --candidates         # also wider/narrower searches and the IVF alternative
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from embeddings.vectors import EXACT_LIMIT
from qa.config import PROJECT_ROOT

CHUNK = 50_000
TIE_EPSILON = 1e-3  # ann-benchmarks' default for its k-NN recall


def synthetic_vectors(n: int, sentence_vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """``n`` passage vectors, each the noisy normalised mean of 1–3 random sentence vectors."""
    rng = np.random.default_rng(seed)
    dim = sentence_vectors.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        counts = rng.integers(1, 4, size=m)
        picks = rng.integers(0, len(sentence_vectors), size=(m, 3))
        mask = (np.arange(3)[None, :] < counts[:, None]).astype(np.float32)
        block = np.einsum("mk,mkd->md", mask, sentence_vectors[picks]) / counts[:, None]
        block += rng.normal(scale=0.02, size=block.shape).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + m] = block
    return out


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_one(
    vectors_path: Path, queries_path: Path, truth_path: Path, tenth_path: Path, config: dict
) -> list[dict]:
    """Build one index over the vectors (child process), then, for each search setting in
    ``config["sweep"]`` (IVF nprobe or HNSW efSearch), time single queries and score recall."""
    import faiss

    from embeddings.vectors import VectorStore, build_config

    sweep = config.pop("sweep", [None])
    vectors = np.load(vectors_path, mmap_mode="r")
    queries = np.load(queries_path)
    truth = np.load(truth_path)
    tenth = np.load(tenth_path)  # each query's exact 10th-best score
    base = _rss_mb()
    t = time.perf_counter()
    store = VectorStore.build(np.asarray(vectors), build_config(len(vectors), **config))
    build_s = time.perf_counter() - t
    del vectors
    gc.collect()
    rss = _rss_mb() - base
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v.faiss"
        store.save(path)
        disk_mb = path.stat().st_size / 2**20
    results = []
    index = faiss.downcast_index(store._index)
    own = index.nprobe if store.kind == "ivf" else index.hnsw.efSearch if store.kind == "hnsw" else None
    for setting in sweep:  # None: the store's own setting
        if store.kind == "ivf":
            index.nprobe = own if setting is None else setting
        elif store.kind == "hnsw":
            index.hnsw.efSearch = own if setting is None else setting
        store.search(queries[0], 10)
        times, recall, tolerant = [], [], []
        for q, exact, floor in zip(queries, truth, tenth, strict=True):
            t = time.perf_counter()
            scores, ids = store.search(q, 10)
            times.append(time.perf_counter() - t)
            recall.append(len(set(ids.tolist()) & set(exact.tolist())) / 10)
            tolerant.append(float(np.sum(scores >= floor - TIE_EPSILON)) / 10)
        results.append(
            {
                "kind": store.kind,
                "params": store.describe(),
                "build_s": build_s,
                "disk_mb": disk_mb,
                "index_rss_mb": rss,
                "recall": float(np.mean(recall)),
                "tolerant": float(np.mean(tolerant)),
                "p50_ms": float(np.percentile(times, 50) * 1000),
                "p95_ms": float(np.percentile(times, 95) * 1000),
            }
        )
    return results


def _child(args: argparse.Namespace) -> None:
    print(json.dumps(run_one(args.vectors, args.queries, args.truth, args.tenth, json.loads(args.config))))


def _candidates(n: int) -> list[dict]:
    """The store's own choice for ``n`` rows with a wider and narrower search around its default,
    then the inverted file it was chosen over."""
    own: list[dict] = [{"sweep": [256, None, 1024, 2048]}] if n > EXACT_LIMIT else [{}]
    return own + [{"kind": "ivf", "sweep": [64, 128, 256]}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000])
    parser.add_argument(
        "--candidates", action="store_true", help="also the alternatives to the store's choice"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--truth", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tenth", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--config", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return

    sys.path.insert(0, str(PROJECT_ROOT))
    from bench.scale import cached_vectors, real_reports, source_sentences
    from qa.compose import build_encoder
    from qa.config import get_settings
    from qa.eval import load_items

    encoder = build_encoder(get_settings())
    sentence_vectors = cached_vectors(encoder, source_sentences(real_reports()))
    items = load_items(PROJECT_ROOT.parent / "shared/eval/dev_qa.jsonl") + load_items(
        PROJECT_ROOT / "eval/extra_qa.jsonl"
    )
    queries = encoder.encode_queries([i.question for i in items])
    print(f"{len(sentence_vectors)} source sentences, {len(queries)} questions, model {encoder.name}")
    print(
        f"{'passages':>9} {'kind':>5} {'params':<28} {'build s':>7} {'disk MB':>7} {'RSS MB':>6} "
        f"{'recall@10':>9} {'tie-tol.':>8} {'p50 ms':>6} {'p95 ms':>6}"
    )
    with tempfile.TemporaryDirectory(prefix="qa-ann-") as tmp:
        for n in args.sizes:
            vectors = synthetic_vectors(n, sentence_vectors)
            truth = np.stack([np.argpartition(-(vectors @ q), 10)[:10] for q in queries])
            tenth = np.array([(vectors[t] @ q).min() for t, q in zip(truth, queries, strict=True)])
            paths = {name: Path(tmp) / f"{name}.npy" for name in ("vectors", "queries", "truth", "tenth")}
            for name, array in zip(paths, (vectors, queries, truth, tenth), strict=True):
                np.save(paths[name], array)
            del vectors
            configs = _candidates(n) if args.candidates else [{}]
            for config in configs:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", "--config", json.dumps(config)]
                    + [f"--{name}={path}" for name, path in paths.items()],
                    capture_output=True,
                    text=True,
                    cwd=PROJECT_ROOT,
                    env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                )
                if out.returncode:
                    print(f"{n:>9} {config} failed: {out.stderr.strip().splitlines()[-1:]}", flush=True)
                    continue
                for r in json.loads(out.stdout.strip().splitlines()[-1]):
                    print(
                        f"{n:>9} {r['kind']:>5} {r['params']:<28} {r['build_s']:7.1f} {r['disk_mb']:7.0f} "
                        f"{r['index_rss_mb']:6.0f} {r['recall']:9.3f} {r['tolerant']:8.3f} {r['p50_ms']:6.2f} "
                        f"{r['p95_ms']:6.2f}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
