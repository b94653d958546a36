"""This project's retrieval side by side with the common LangChain set-up, same passages, same model.

LangChain: FAISS vector store + BM25Retriever (jieba) in an EnsembleRetriever with equal weights —
the usual hybrid recipe — over exactly the passages our index holds. Ours: `qa ingest` and
`QAService.ask`. Both models are loaded and have encoded one text, and jieba (both sides tokenise
with it) has loaded its dictionary, before any clock starts. Prints
ingest time (and the ratio LangChain/ours), query latency and hit@1/hit@5 (first result from the
right report holding a gold string) for both. The headline latency is each question's first run,
with our query-vector cache emptied; medians of repeated runs follow, labelled. Needs the bench
extra: `pip install -e '.[bench]'`.

    python bench/langchain_compare.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from embeddings.encoder import Encoder, PrefixedEncoder
from qa.answer.service import QAService
from qa.compose import build_encoder, read_limits
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import EvalItem, load_items
from qa.index.local import load_index
from qa.ingest.pipeline import ingest_paths

SHARED = PROJECT_ROOT.parent / "shared"
REPEATS = 3
LANGCHAIN_BATCH = 32  # sentence-transformers' default, which HuggingFaceEmbeddings keeps
WARM_UP = "法治政府建设情况"  # the question QAService.warm_up asks


def right(item: EvalItem, district: str, title: str, year: int | None, text: str) -> bool:
    return (
        item.district in f"{district} {title}"
        and (item.year is None or year == item.year)
        and any(g in text for g in item.answers)
    )


def empty_query_cache(encoder: Encoder) -> bool:
    """Forget the query vectors ``encoder`` keeps; False when it keeps none."""
    if not isinstance(encoder, PrefixedEncoder):
        return False
    encoder.forget_queries()
    return True


def timed(call: Callable[[], Any], before: Callable[[], object] = lambda: None) -> tuple[list[float], Any]:
    """Milliseconds of ``REPEATS`` calls, ``before`` run untimed ahead of each, and the last result."""
    times, result = [], None
    for _ in range(REPEATS):
        before()
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    warnings.filterwarnings("ignore")
    try:
        import jieba
        from langchain_classic.retrievers import EnsembleRetriever
        from langchain_community.embeddings import HuggingFaceEmbeddings
        from langchain_community.retrievers import BM25Retriever
        from langchain_community.vectorstores import FAISS
        from langchain_core.documents import Document
    except ImportError as exc:
        print(f"missing bench dependency ({exc}); run: pip install -e '.[bench]'", file=sys.stderr)
        sys.exit(2)

    # No passage-vector cache on disk: ours must encode every passage, as LangChain does.
    settings = get_settings().model_copy(update={"vector_cache": None})
    corpus = [p for p in (PROJECT_ROOT / "data/reports", SHARED / "corpus_extra") if p.exists()]
    qa_files = [f for f in (SHARED / "eval/dev_qa.jsonl", PROJECT_ROOT / "eval/extra_qa.jsonl") if f.exists()]

    encoder = build_encoder(settings)
    model_path = str(settings.model_cache / "m3e-small") if settings.model == "m3e-small" else settings.model
    embeddings = HuggingFaceEmbeddings(
        model_name=model_path, encode_kwargs={"normalize_embeddings": True, "batch_size": LANGCHAIN_BATCH}
    )
    encoder.encode_documents([WARM_UP])
    embeddings.embed_documents([WARM_UP])
    jieba.initialize()  # both sides tokenise with jieba: its dictionary loads before either clock

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        ingest_paths(
            corpus,
            root=Path(tmp),
            encoder=encoder,
            max_bytes=settings.max_file_bytes,
            limits=read_limits(settings),
            progress=False,
        )
        ours_ingest = time.perf_counter() - started
        data = load_index(Path(tmp))
    service = QAService(data, encoder, settings.model_copy(update={"index_dir": Path(tmp)}))

    docs = [
        Document(
            page_content=p.text,
            metadata={
                "doc_id": p.doc_id,
                "district": data.reports[p.doc_id].district,
                "title": data.reports[p.doc_id].title,
                "year": data.reports[p.doc_id].year,
            },
        )
        for p in data.passages
    ]
    started = time.perf_counter()
    store = FAISS.from_documents(docs, embeddings)
    bm25 = BM25Retriever.from_documents(docs, preprocess_func=jieba.lcut)
    ensemble = EnsembleRetriever(retrievers=[bm25, store.as_retriever()], weights=[0.5, 0.5])
    lc_ingest = time.perf_counter() - started

    service.warm_up()
    ensemble.invoke(WARM_UP)
    clears = empty_query_cache(encoder)

    n_passages = len(data.passages)
    print(f"{n_passages} passages from {len(data.reports)} reports; model {encoder.name}")
    print(
        "both models loaded, one text encoded on each side and jieba's dictionary loaded, before every clock"
    )
    print(f"\n{'ingest':10} {'seconds':>8} {'passages/s':>11}  encoder")
    print(
        f"{'ours':10} {ours_ingest:8.1f} {n_passages / ours_ingest:11.1f}  {encoder.name}, "
        f"batch {settings.encode_batch_size} (read, clean, parse, tokenise, encode, BM25, FAISS, write)"
    )
    print(
        f"{'LangChain':10} {lc_ingest:8.1f} {n_passages / lc_ingest:11.1f}  sentence-transformers (torch), "
        f"batch {LANGCHAIN_BATCH} (encode, FAISS, BM25 over the same passages; no parsing)"
    )
    print(f"ingest ratio LangChain/ours: {lc_ingest / ours_ingest:.2f} (issue 16 target: >= 1.5)")
    print(
        "\ncaches: "
        + (
            "our query-vector cache is emptied before every timed question"
            if clears
            else f"our encoder ({type(encoder).__name__}) keeps no query vectors"
        )
        + "; kept (keyed by text, filled by the warm-up and earlier questions): expand() (synonyms of"
        " the question's words), passage_clauses() and the service's figure cache. LangChain keeps none."
    )

    for qa_file in qa_files:
        items = [i for i in load_items(qa_file) if i.answerable]
        ours_first, ours_med, lc_first, lc_med, ours_hits, lc_hits = [], [], [], [], [0, 0], [0, 0]
        for item in items:
            times, answer = timed(partial(service.ask, item.question), partial(empty_query_cache, encoder))
            ours_first.append(times[0])
            ours_med.append(statistics.median(times))
            ranks = [right(item, c.district, c.title, c.year, c.text) for c in answer.citations[:5]]
            ours_hits[0] += bool(ranks[:1] and ranks[0])
            ours_hits[1] += any(ranks)
            times, found = timed(partial(ensemble.invoke, item.question))
            lc_first.append(times[0])
            lc_med.append(statistics.median(times))
            ranks = [
                right(item, d.metadata["district"], d.metadata["title"], d.metadata["year"], d.page_content)
                for d in found[:5]
            ]
            lc_hits[0] += bool(ranks[:1] and ranks[0])
            lc_hits[1] += any(ranks)
        n = len(items)

        print(f"\n{qa_file.name}: {n} answerable questions; first run of each question")
        print(f"{'':10} {'p50 ms':>7} {'p95 ms':>7} {'hit@1':>6} {'hit@5':>6}")
        print(
            f"{'ours':10} {pct(ours_first, 50):7.1f} {pct(ours_first, 95):7.1f} "
            f"{ours_hits[0] / n:6.3f} {ours_hits[1] / n:6.3f}"
        )
        print(
            f"{'LangChain':10} {pct(lc_first, 50):7.1f} {pct(lc_first, 95):7.1f} "
            f"{lc_hits[0] / n:6.3f} {lc_hits[1] / n:6.3f}"
        )
        print(f"latency ratio LangChain/ours (p50, first run): {pct(lc_first, 50) / pct(ours_first, 50):.2f}")
        print(f"repeated runs: median of {REPEATS} per question (our query-vector cache emptied before each)")
        print(f"{'ours':10} {pct(ours_med, 50):7.1f} {pct(ours_med, 95):7.1f}")
        print(f"{'LangChain':10} {pct(lc_med, 50):7.1f} {pct(lc_med, 95):7.1f}")


if __name__ == "__main__":
    main()
