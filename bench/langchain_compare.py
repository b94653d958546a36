"""This project's retrieval side by side with the common LangChain set-up, same passages, same model.

LangChain: FAISS vector store + BM25Retriever (jieba) in an EnsembleRetriever with equal weights —
the usual hybrid recipe — over exactly the passages our index holds. Ours: `qa ingest` and
`QAService.ask`. Prints ingest time, query latency and hit@1/hit@5 (first result from the right
report holding a gold string) for both. Needs the bench extra: `pip install -e '.[bench]'`.

    python bench/langchain_compare.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from qa.answer.service import QAService
from qa.compose import build_encoder
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import EvalItem, load_items
from qa.index.local import load_index
from qa.ingest.pipeline import ingest_paths

SHARED = PROJECT_ROOT.parent / "shared"


def right(item: EvalItem, district: str, title: str, year: int | None, text: str) -> bool:
    return (
        item.district in f"{district} {title}"
        and (item.year is None or year == item.year)
        and any(g in text for g in item.answers)
    )


def timed(call, repeats: int = 3) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Seconds of the first call, median seconds over ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times), result


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

    settings = get_settings()
    corpus = [p for p in (PROJECT_ROOT / "data/reports", SHARED / "corpus_extra") if p.exists()]
    qa_files = [f for f in (SHARED / "eval/dev_qa.jsonl", PROJECT_ROOT / "eval/extra_qa.jsonl") if f.exists()]
    encoder = build_encoder(settings)
    encoder.encode_documents(["预热"])
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        ingest_paths(corpus, root=Path(tmp), encoder=encoder, progress=False)
        ours_ingest = time.perf_counter() - started
        data = load_index(Path(tmp))
    service = QAService(data, encoder, settings.model_copy(update={"index_dir": Path(tmp)}))
    service.warm_up()

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
    model_path = str(settings.model_cache / "m3e-small") if settings.model == "m3e-small" else settings.model
    started = time.perf_counter()
    embeddings = HuggingFaceEmbeddings(model_name=model_path, encode_kwargs={"normalize_embeddings": True})
    store = FAISS.from_documents(docs, embeddings)
    bm25 = BM25Retriever.from_documents(docs, preprocess_func=jieba.lcut)
    ensemble = EnsembleRetriever(retrievers=[bm25, store.as_retriever()], weights=[0.5, 0.5])
    lc_ingest = time.perf_counter() - started

    print(f"{len(data.passages)} passages from {len(data.reports)} reports; model {encoder.name}")
    print(f"ingest  ours {ours_ingest:6.1f} s (read, clean, parse, tokenise, encode, BM25, FAISS, write)")
    print(f"        LangChain {lc_ingest:6.1f} s (encode, FAISS, BM25 over the same passages; no parsing)")
    print(f"        ratio LangChain/ours {lc_ingest / ours_ingest:.2f}")
    for qa_file in qa_files:
        items = [i for i in load_items(qa_file) if i.answerable]
        ours_t, ours_cold, lc_t, ours_hits, lc_hits = [], [], [], [0, 0], [0, 0]
        for item in items:
            first, seconds, answer = timed(lambda item=item: service.ask(item.question))
            ours_cold.append(first * 1000)
            ours_t.append(seconds * 1000)
            ranks = [right(item, c.district, c.title, c.year, c.text) for c in answer.citations[:5]]  # type: ignore[attr-defined]
            ours_hits[0] += bool(ranks[:1] and ranks[0])
            ours_hits[1] += any(ranks)
            _, seconds, found = timed(lambda item=item: ensemble.invoke(item.question))
            lc_t.append(seconds * 1000)
            ranks = [
                right(item, d.metadata["district"], d.metadata["title"], d.metadata["year"], d.page_content)
                for d in found[:5]
            ]  # type: ignore[index]
            lc_hits[0] += bool(ranks[:1] and ranks[0])
            lc_hits[1] += any(ranks)
        n = len(items)

        def pct(values: list[float], q: int) -> float:
            return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]

        print(f"\n{qa_file.name}: {n} answerable questions (median of 3 runs per question; 'ours, first' is")
        print(
            "the first run, before our query-vector cache holds the question — LangChain has no such cache)"
        )
        print(f"{'':10} {'p50 ms':>7} {'p95 ms':>7} {'hit@1':>6} {'hit@5':>6}")
        print(
            f"{'ours':10} {pct(ours_t, 50):7.1f} {pct(ours_t, 95):7.1f} {ours_hits[0] / n:6.3f} {ours_hits[1] / n:6.3f}"
        )
        print(f"{'ours,first':10} {pct(ours_cold, 50):7.1f} {pct(ours_cold, 95):7.1f}")
        print(
            f"{'LangChain':10} {pct(lc_t, 50):7.1f} {pct(lc_t, 95):7.1f} {lc_hits[0] / n:6.3f} {lc_hits[1] / n:6.3f}"
        )
        print(
            f"latency ratio LangChain/ours (p50): {pct(lc_t, 50) / pct(ours_t, 50):.2f} repeated, "
            f"{pct(lc_t, 50) / pct(ours_cold, 50):.2f} first run"
        )


if __name__ == "__main__":
    main()
