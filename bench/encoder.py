"""Passage-encoding speed and quality: torch fp32 against ONNX Runtime fp32 and int8.

Prints, per backend: passages/s, tokens/s, the encoder's achieved GFLOP/s and its ratio to a plain fp32
matmul timed in the same run; a batch-size / length-sorting sweep for torch fp32; dense-only hit@5 on
the dev questions; optionally the full pipeline (ingest + ``qa.eval``) for each backend.

FLOPs counted per sequence of n real (unpadded) tokens, per layer, d = hidden size, f = FFN size:
    n·(8·d² + 4·d·f) + 4·n²·d      (QKV + output projections, FFN, QKᵀ and attention·V; 2 FLOPs per MAC)
times the number of layers. Embeddings, layer norms, softmax, GELU and pooling are not counted.
Padding is computed but not counted, so padding waste lowers the achieved rate.

Timings are noisy on a shared machine: each figure is the best (and median) of several trials, taken
round-robin across backends so that a busy spell does not favour one of them.

    python bench/encoder.py [--corpus DIR ...] [--synthetic N] [--trials 3] [--no-sweep] [--pipeline]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder, SentenceTransformerEncoder
from embeddings.fetch import resolve_model_path
from embeddings.onnx import load_onnx_encoder
from qa.config import PROJECT_ROOT, Settings
from qa.eval import EvalItem, evaluate, load_items
from qa.index.local import load_index
from qa.index.store import passage_encoding_text
from qa.ingest.parse import parse_document
from qa.ingest.pipeline import ingest_paths
from qa.ingest.readers import iter_input_files, read_document
from qa.records import Passage, Report

MODEL = "m3e-small"
SHARED = PROJECT_ROOT.parent / "shared"


@dataclass(frozen=True, slots=True)
class Corpus:
    passages: tuple[Passage, ...]
    reports: dict[str, Report]
    files: tuple[Path, ...]

    @property
    def texts(self) -> list[str]:
        return [passage_encoding_text(p) for p in self.passages]


@dataclass(frozen=True, slots=True)
class Timing:
    seconds: list[float]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


SIMD_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")


def cpu_line() -> str:
    """The CPU model and the SIMD flags that decide ONNX Runtime's int8 kernels (u8×s8 with VNNI, or
    AVX2's 16-bit pair sums without it), so every figure names the machine class it holds for."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "cpu: unknown (no /proc/cpuinfo)"
    model = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    flags = set(re.search(r"^flags\s*:\s*(.+)$", info, re.M)[1].split()) if "flags" in info else set()
    shown = " ".join(f for f in SIMD_FLAGS if f in flags) or "none of " + ",".join(SIMD_FLAGS)
    return f"cpu: {model[1] if model else 'unknown'}; flags: {shown}"


def load_corpus(folders: Sequence[Path]) -> Corpus:
    files, _ = iter_input_files([f for f in folders if f.exists()])
    passages: list[Passage] = []
    reports: dict[str, Report] = {}
    seen: set[str] = set()
    kept: list[Path] = []
    for path in files:
        raw = read_document(path)
        if raw.sha256 in seen:  # data/reports and shared/corpus_extra hold the same files
            continue
        seen.add(raw.sha256)
        parsed = parse_document(raw)
        reports[parsed.report.doc_id] = parsed.report
        passages.extend(parsed.passages)
        kept.append(path)
    return Corpus(tuple(passages), reports, tuple(kept))


def synthetic_texts(texts: Sequence[str], n: int, seed: int = 0) -> list[str]:
    """``n`` passages of 1–4 real report sentences recombined (for a larger, report-like workload)."""
    sentences = [s for t in texts for s in re.findall(r"[^。；！？]+[。；！？]?", t) if len(s) > 4]
    rng = random.Random(seed)
    return ["".join(rng.sample(sentences, rng.randint(1, 4))) for _ in range(n)]


def flops(lengths: np.ndarray, layers: int, d: int, d_ff: int) -> float:
    n = lengths.astype(np.float64)
    return float(layers * (n * (8 * d * d + 4 * d * d_ff) + 4 * n * n * d).sum())


def matmul_gflops(trials: int, size: int = 2048, inner: int = 512, repeat: int = 8) -> float:
    """Best fp32 GFLOP/s of a (size×inner)@(inner×size) torch matmul, same threads as the encoders."""
    import torch

    a = torch.randn(size, inner)
    b = torch.randn(inner, size)
    a @ b
    best = float("inf")
    for _ in range(max(trials, 3)):
        started = time.perf_counter()
        for _ in range(repeat):
            a @ b
        best = min(best, (time.perf_counter() - started) / repeat)
    return 2 * size * inner * size / best / 1e9


def torch_batches(
    model: object, texts: Sequence[str], lengths: np.ndarray, batch_size: int, sort: bool
) -> None:
    """sentence-transformers forward over our own batches (sorted by length or in input order)."""
    import torch

    order = np.argsort(-lengths, kind="stable") if sort else np.arange(len(texts))
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            batch = [texts[i] for i in rows]
            prepare = getattr(model, "preprocess", None) or model.tokenize  # type: ignore[attr-defined]
            features = prepare(batch)
            model(features)  # type: ignore[operator]


def padded_tokens(lengths: np.ndarray, batch_size: int, sort: bool) -> int:
    ordered = np.sort(lengths)[::-1] if sort else lengths
    return int(
        sum(
            ordered[s : s + batch_size].max() * len(ordered[s : s + batch_size])
            for s in range(0, len(ordered), batch_size)
        )
    )


def time_round_robin(
    runs: dict[str, Callable[[], object]], trials: int, warm_up: Callable[[str], object] | None = None
) -> dict[str, Timing]:
    for name, run in runs.items():  # first-call allocations, thread pools
        if warm_up is None:
            run()
        else:
            warm_up(name)
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(trials):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - started)
    return {name: Timing(s) for name, s in seconds.items()}


def dense_hit_at_5(encoder: Encoder, vectors: np.ndarray, corpus: Corpus, items: Sequence[EvalItem]) -> float:
    """Share of answerable questions whose top 5 passages (of all) hold a gold string from the right report."""
    hits = 0
    for item in items:
        scores = vectors @ encoder.encode_queries([item.question])[0]
        for row in np.argsort(-scores, kind="stable")[:5]:
            passage = corpus.passages[row]
            report = corpus.reports[passage.doc_id]
            right = item.district in f"{report.district} {report.title}" and (
                item.year is None or report.year == item.year
            )
            if right and any(g in passage.text for g in item.answers):
                hits += 1
                break
    return hits / len(items)


def pipeline(encoder: Encoder, corpus: Corpus, qa: Path) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory(prefix="bench-encoder-") as tmp:
        root = Path(tmp)
        ingest_paths(list(corpus.files), root=root, encoder=encoder, progress=False)
        settings = Settings(index_dir=root, model=encoder.name, feedback_db=root / "feedback.sqlite3")
        from qa.answer.service import QAService

        service = QAService(load_index(root, model=encoder.name), encoder, settings)
        return evaluate(service, load_items(qa)).summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, action="append", help="folders (default: sample + extra reports)"
    )
    parser.add_argument("--synthetic", type=int, default=0, help="time N recombined passages instead")
    parser.add_argument("--limit", type=int, default=300, help="time a seeded sample of N passages (0 = all)")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=0, help="skip the sweep's choice; use this size")
    parser.add_argument("--sweep", default="8,16,32,64", help="torch fp32 batch sizes to try")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--pipeline", action="store_true", help="also ingest + qa.eval per backend (slow)")
    parser.add_argument("--qa", type=Path, default=SHARED / "eval" / "dev_qa.jsonl")
    parser.add_argument("--cache", type=Path, default=PROJECT_ROOT / ".cache" / "models")
    parser.add_argument(
        "--onnx-dir", type=Path, default=None, help="export folder (default CACHE/m3e-small-onnx)"
    )
    args = parser.parse_args()

    import torch
    from sentence_transformers import SentenceTransformer

    threads = max(1, os.cpu_count() or 1)
    torch.set_num_threads(threads)
    model_dir = Path(resolve_model_path(MODEL, args.cache))
    onnx_dir = args.onnx_dir or args.cache / f"{MODEL}-onnx"
    corpus = load_corpus(args.corpus or [PROJECT_ROOT / "data" / "reports", SHARED / "corpus_extra"])
    texts = synthetic_texts(corpus.texts, args.synthetic) if args.synthetic else corpus.texts
    if args.limit and not args.synthetic and args.limit < len(texts):
        texts = random.Random(0).sample(texts, args.limit)

    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    config = st[0].auto_model.config
    int8 = load_onnx_encoder(model_dir, onnx_dir, quantized=True, base_name=MODEL)
    lengths = int8.token_counts(texts)
    tokens = int(lengths.sum())
    work = flops(lengths, config.num_hidden_layers, config.hidden_size, config.intermediate_size)
    print(cpu_line())
    print(
        f"timing {len(texts)} of {len(corpus.passages)} passages ({len(corpus.files)} files), {tokens} tokens "
        f"(mean {lengths.mean():.0f}, max {lengths.max()}), {work / 1e9:.0f} GFLOP per pass, "
        f"{threads} threads, {args.trials} trials; timings are noisy (shared CPU): best / median"
    )
    mm_before = matmul_gflops(args.trials)
    print(f"fp32 matmul 2048x512 @ 512x2048 (torch): {mm_before:.1f} GFLOP/s")

    batch_size = args.batch_size or 32
    if not args.no_sweep:
        print("\ntorch fp32 sweep (sentence-transformers forward, own batching)")
        print(f"{'batch':>5} {'sorted':>6} {'pass/s best':>11} {'median':>7} {'padding':>8}")
        configs = [(int(bs), sort) for bs in args.sweep.split(",") for sort in (True, False)]
        sweep = time_round_robin(
            {f"{bs}/{sort}": partial(torch_batches, st, texts, lengths, bs, sort) for bs, sort in configs},
            max(1, args.trials - 1),
            warm_up=lambda _: torch_batches(st, texts[:16], lengths[:16], 16, True),
        )
        for (bs, sort), timing in zip(configs, sweep.values(), strict=True):
            waste = padded_tokens(lengths, bs, sort) / tokens - 1
            print(
                f"{bs:>5} {sort!s:>6} {len(texts) / timing.best:>11.1f} {len(texts) / timing.median:>7.1f} "
                f"{waste:>7.1%}"
            )
        best_key = min(configs, key=lambda c: sweep[f"{c[0]}/{c[1]}"].median)
        if not args.batch_size:
            batch_size = best_key[0]
        print(f"best: batch {best_key[0]}, sorted={best_key[1]} (by median); using batch {batch_size}")

    encoders: dict[str, Encoder] = {
        "torch fp32": SentenceTransformerEncoder(MODEL, cache=args.cache, batch_size=batch_size),
        "onnx fp32": load_onnx_encoder(
            model_dir, onnx_dir, quantized=False, base_name=MODEL, batch_size=batch_size
        ),
        "onnx int8": load_onnx_encoder(
            model_dir, onnx_dir, quantized=True, base_name=MODEL, batch_size=batch_size
        ),
    }
    timings = time_round_robin(
        {name: partial(encoder.encode_documents, texts) for name, encoder in encoders.items()},
        args.trials,
        warm_up=lambda name: encoders[name].encode_documents(texts[:64]),
    )
    mm_after = matmul_gflops(args.trials)
    matmul = max(mm_before, mm_after)
    print(f"\nfp32 matmul again: {mm_after:.1f} GFLOP/s; reference = {matmul:.1f} (the higher)")
    print(f"\nbatch {batch_size}, length-sorted")
    print(
        f"{'backend':<11} {'pass/s best':>11} {'median':>7} {'tok/s best':>10} {'GFLOP/s best':>12} "
        f"{'median':>7} {'/matmul':>7}"
    )
    for name, timing in timings.items():
        rate = work / timing.best / 1e9
        print(
            f"{name:<11} {len(texts) / timing.best:>11.1f} {len(texts) / timing.median:>7.1f} "
            f"{tokens / timing.best:>10.0f} {rate:>12.1f} {work / timing.median / 1e9:>7.1f} "
            f"{rate / matmul:>7.1%}"
        )
    base = timings["torch fp32"]
    for name in ("onnx fp32", "onnx int8"):
        print(
            f"speed-up {name} / torch fp32: best {base.best / timings[name].best:.2f}x, "
            f"median {base.median / timings[name].median:.2f}x"
        )
    onnx32 = timings["onnx fp32"]
    print(
        f"speed-up onnx int8 / onnx fp32: best {onnx32.best / timings['onnx int8'].best:.2f}x, "
        f"median {onnx32.median / timings['onnx int8'].median:.2f}x"
    )

    if args.qa.exists():
        vectors = {name: encoder.encode_documents(corpus.texts) for name, encoder in encoders.items()}
        for name in ("onnx fp32", "onnx int8"):
            cosine = (vectors[name] * vectors["torch fp32"]).sum(axis=1)
            print(
                f"cosine {name} vs torch fp32 (all passages): mean {cosine.mean():.5f}, min {cosine.min():.5f}"
            )
        items = [i for i in load_items(args.qa) if i.answerable]
        print(
            f"\ndense-only hit@5 over all {len(corpus.passages)} passages, {len(items)} answerable dev questions"
        )
        for name, encoder in encoders.items():
            print(f"{name:<11} {dense_hit_at_5(encoder, vectors[name], corpus, items):.3f}")
        if args.pipeline:
            print("\nfull pipeline (ingest + qa.eval, all dev questions)")
            for name, encoder in encoders.items():
                print(f"{name:<11} {pipeline(encoder, corpus, args.qa)}")


if __name__ == "__main__":
    main()
