"""Scale bench: index build, size, load time, memory, BM25/ANN query time and ask latency at 10^4–10^6.

Recall@10 of the ANN store is measured against exact search with the dev and extra questions as
queries (perturbed passage vectors make a poor query set here: the synthetic passages are
near-duplicates of each other, so their exact top-10 is a tie-break among copies).

Synthetic corpus: the 13 real reports (5 sample 街道 reports + 8 provincial, so the dev questions
still have answers) plus synthetic reports whose passages recombine 1–3 real report sentences
(realistic lengths). Encoding 10^6 passages would take hours on 2 cores, so passage vectors are
derived from real m3e-small encodings of the source sentences: the mean of a passage's sentence
vectors plus Gaussian noise, normalised. Tokens likewise come from jieba tokens of the sentences.

    python bench/scale.py            # 10^4 and 10^5
    python bench/scale.py --full     # also 10^6
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from embeddings.encoder import Encoder
from embeddings.vectors import VectorStore
from qa.answer.service import QAService
from qa.compose import build_encoder
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import evaluate, load_items
from qa.index.local import build_index, load_index, local_parts, save_index
from qa.index.store import passage_tokens_text
from qa.ingest.parse import parse_document
from qa.ingest.pipeline import dictionary_for
from qa.ingest.readers import iter_input_files, read_document
from qa.ingest.split import sentence_spans
from qa.records import Metadata, ParsedReport, Passage, Report
from qa.retrieve.query import parse_query
from qa.retrieve.tokenize import Tokenizer

SHARED = PROJECT_ROOT.parent / "shared"
PASSAGES_PER_REPORT = 250


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_reports() -> list[ParsedReport]:
    files, _ = iter_input_files([PROJECT_ROOT / "data/reports", SHARED / "corpus_extra"])
    return [parse_document(read_document(f)) for f in files if f.exists()]


def source_sentences(real: list[ParsedReport]) -> list[str]:
    """The distinct sentences (≥ 10 characters) of the real reports' passages, in order."""
    sentences: list[str] = []
    for item in real:
        text = item.report.text
        for p in item.passages:
            sentences += [text[s:e] for s, e in sentence_spans(text, p.start, p.end) if e - s >= 10]
    return list(dict.fromkeys(sentences))


def synthetic(
    n_total: int,
    real: list[ParsedReport],
    sentences: list[str],
    sent_vecs: np.ndarray,
    sent_tokens: list[list[str]],
    tokenizer: Tokenizer,
    encoder_dim: int,
    seed: int = 0,
):
    """Reports, passages, tokens and vectors for a corpus of ``n_total`` passages."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    reports: dict[str, Report] = {}
    passages: list[Passage] = []
    tokens: list[list[str]] = []
    vec_rows: list[np.ndarray] = []
    real_vectors = build_encoder(get_settings())  # encoder for the real passages
    for item in real:
        reports[item.report.doc_id] = item.report
        passages.extend(item.passages)
        tokens.extend(tokenizer.tokens(passage_tokens_text(p)) for p in item.passages)
        vec_rows.append(real_vectors.encode_documents([p.text for p in item.passages]))
    n_synth = max(0, n_total - len(passages))
    n_reports = (n_synth + PASSAGES_PER_REPORT - 1) // PASSAGES_PER_REPORT
    synth_vecs = np.zeros((n_synth, encoder_dim), dtype=np.float32)
    row = 0
    for r in range(n_reports):
        count = min(PASSAGES_PER_REPORT, n_synth - row)
        picks = [[pyrng.randrange(len(sentences)) for _ in range(pyrng.randint(1, 3))] for _ in range(count)]
        texts = ["".join(sentences[i] for i in pick) for pick in picks]
        body = "\n".join(texts)
        doc_id = f"synth{r:07d}"
        district = f"合成{r}街道"
        reports[doc_id] = Report(
            doc_id,
            f"{doc_id}.txt",
            doc_id * 4,
            Metadata(
                f"{district}{2000 + r % 25}年法治政府建设工作报告", district, "", "街道", 2000 + r % 25, None
            ),
            body,
        )
        offset = 0
        for j, (pick, text) in enumerate(zip(picks, texts, strict=True)):
            passages.append(Passage(doc_id, j, "一、主要工作", offset, offset + len(text), text))
            tokens.append([t for i in pick for t in sent_tokens[i]])
            synth_vecs[row] = sent_vecs[pick].mean(axis=0)
            offset += len(text) + 1
            row += 1
    synth_vecs += rng.normal(scale=0.02, size=synth_vecs.shape).astype(np.float32)
    synth_vecs /= np.linalg.norm(synth_vecs, axis=1, keepdims=True)
    vectors = np.concatenate([*vec_rows, synth_vecs]) if n_synth else np.concatenate(vec_rows)
    return reports, passages, tokens, vectors


def measure_load(root: Path) -> dict[str, float]:
    """Load the index in a fresh process: seconds and resident memory."""
    code = (
        "import json,time;import bench.scale as s;from qa.index.local import load_index;base=s.rss_mb();"
        f"t=time.perf_counter();d=load_index(__import__('pathlib').Path({str(root)!r}));"
        "el=time.perf_counter()-t;print(json.dumps({'load_s':el,'rss_mb':s.rss_mb()-base}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 10^6 passages")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--keep", type=Path, help="keep the 10^5 index here (for the HTTP bench)")
    args = parser.parse_args()
    sizes = args.sizes or ([10_000, 100_000, 1_000_000] if args.full else [10_000, 100_000])
    settings = get_settings()
    encoder = build_encoder(settings)
    real = real_reports()
    tokenizer = Tokenizer(extra_words=dictionary_for(r.report for r in real))
    sentences = source_sentences(real)
    t0 = time.perf_counter()
    sent_vecs = cached_vectors(encoder, sentences)
    sent_tokens = [tokenizer.tokens(s) for s in sentences]
    print(
        f"{len(sentences)} source sentences encoded in {time.perf_counter() - t0:.1f} s; model {encoder.name}"
    )
    items = load_items(SHARED / "eval/dev_qa.jsonl")
    extra = PROJECT_ROOT / "eval/extra_qa.jsonl"
    questions = [i.question for i in items] + (
        [i.question for i in load_items(extra)] if extra.exists() else []
    )
    question_vectors = encoder.encode_queries(questions)
    print(
        f"{'passages':>9} {'store':>5} {'bm25 s':>7} {'faiss s':>7} {'disk MB':>8} {'load s':>6} {'RSS MB':>7} "
        f"{'B/pass':>7} {'recall@10':>9} {'bm25 ms':>7} {'ann ms':>6} {'ask p50':>7} {'ask p95':>7} {'cold50':>7} {'cold95':>7} {'acc':>5}"
    )
    for size in sizes:
        gc.collect()
        reports, passages, tokens, vectors = synthetic(
            size, real, sentences, sent_vecs, sent_tokens, tokenizer, encoder.dim
        )
        t = time.perf_counter()
        store = VectorStore(encoder.dim, vectors)
        faiss_s = time.perf_counter() - t
        t = time.perf_counter()
        data = build_index(
            model=encoder.name,
            dim=encoder.dim,
            reports=reports,
            passages=passages,
            tokens=tokens,
            vectors=store,
            dictionary=tokenizer_words(tokenizer),
        )
        bm25_s = time.perf_counter() - t
        root = Path(tempfile.mkdtemp(prefix=f"qa-scale-{size}-"))
        save_index(data, root)
        disk = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 2**20
        exact_vectors = store.vectors().copy()
        del data, store, tokens, passages, reports
        gc.collect()
        loaded = measure_load(root)
        data = load_index(root)
        # ANN recall@10 against exact search, with real questions (dev + extra sets) as queries.
        recall, ann_t = [], []
        for q in question_vectors:
            t = time.perf_counter()
            _, ids = local_parts(data).vectors.search(q, 10)
            ann_t.append(time.perf_counter() - t)
            exact = np.argpartition(-(exact_vectors @ q), 10)[:10]
            recall.append(len(set(ids) & set(exact)) / 10)
        del exact_vectors
        service = QAService(data, encoder, settings.model_copy(update={"index_dir": root}))
        bm25_t = []
        for item in items:
            toks = service.retriever.query_tokens(parse_query(item.question, service.gazetteer))
            t = time.perf_counter()
            local_parts(data).bm25_scores(toks)
            bm25_t.append(time.perf_counter() - t)
        service.warm_up()
        cold = evaluate(service, items)  # query vectors encoded on the way
        report = evaluate(service, items)  # repeated questions: query vectors cached
        lat = np.array([r.latency_ms for r in report.rows])
        cold_lat = np.array([r.latency_ms for r in cold.rows])
        print(
            f"{len(data.passages):>9} {local_parts(data).vectors.kind:>5} {bm25_s:7.1f} {faiss_s:7.1f} {disk:8.0f} "
            f"{loaded['load_s']:6.1f} {loaded['rss_mb']:7.0f} {loaded['rss_mb'] * 2**20 / len(data.passages):7.0f} "
            f"{np.mean(recall):9.3f} {np.mean(bm25_t) * 1000:7.2f} {np.mean(ann_t) * 1000:6.2f} "
            f"{np.percentile(lat, 50):7.1f} {np.percentile(lat, 95):7.1f} {np.percentile(cold_lat, 50):7.1f} "
            f"{np.percentile(cold_lat, 95):7.1f} {report.accuracy:5.2f}",
            flush=True,
        )
        if args.keep and size == 100_000:
            if args.keep.exists():
                shutil.rmtree(args.keep)
            shutil.copytree(root, args.keep)
        del service, data
        shutil.rmtree(root, ignore_errors=True)


def cached_vectors(encoder: Encoder, sentences: list[str]) -> np.ndarray:
    """Sentence vectors, cached under the project's cache (``QA_CACHE_DIR``, .cache by default) in
    bench/, by model and content (re-runs skip encoding)."""
    key = hashlib.sha256("\n".join([encoder.name, *sentences]).encode()).hexdigest()[:16]
    path = get_settings().cache_dir / "bench" / f"sentences-{key}.npy"
    if path.is_file():
        return np.load(path, allow_pickle=False)
    vectors = encoder.encode_documents(sentences)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors, allow_pickle=False)
    return vectors


def tokenizer_words(tokenizer: Tokenizer) -> tuple[str, ...]:
    return tuple(sorted(tokenizer.words))


if __name__ == "__main__":
    main()
