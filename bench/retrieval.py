"""Retrieval quality of each ranking on the dev questions: dense only, BM25 only, rank fusion, ours.

Passages are encoded as the index encodes them (section path + text, ``qa.ingest``); "dense
(content)" and "bm25+0.1cos" are the query text and fusion used before, on those same vectors.

Evidence rank = position of the first passage from the right report that holds a gold string. Prints
hit@1 / hit@5 / MRR per ranking, over the answerable questions of a question file.

    python bench/retrieval.py [--qa ../shared/eval/dev_qa.jsonl] [--corpus data/reports --corpus ../shared/corpus_extra]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from embeddings.search import Weights
from qa.answer.service import QAService
from qa.compose import build_encoder
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import EvalItem, load_items
from qa.index.local import load_index, local_parts
from qa.ingest.pipeline import ingest_paths
from qa.retrieve.query import Query, parse_query
from qa.retrieve.retriever import Retriever

Ranker = Callable[[Query, list[str] | None], list[int]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", type=Path, action="append", help="question files (default: dev + extra sets)")
    parser.add_argument("--corpus", type=Path, action="append")
    args = parser.parse_args()
    corpus = args.corpus or [PROJECT_ROOT / "data/reports", PROJECT_ROOT.parent / "shared/corpus_extra"]
    settings = get_settings()
    encoder = build_encoder(settings)
    qa_files = args.qa or [
        PROJECT_ROOT.parent / "shared/eval/dev_qa.jsonl",
        PROJECT_ROOT / "eval/extra_qa.jsonl",
    ]
    question_sets = {f.name: [i for i in load_items(f) if i.answerable] for f in qa_files if f.exists()}
    with tempfile.TemporaryDirectory() as tmp:
        ingest_paths([c for c in corpus if c.exists()], root=Path(tmp), encoder=encoder, progress=False)
        data = load_index(Path(tmp))
    service = QAService(data, encoder, settings.model_copy(update={"index_dir": Path(tmp)}))
    parts = local_parts(data)
    n = len(data.passages)

    def scoped(query: Query, doc_ids: list[str] | None) -> np.ndarray:
        return np.arange(n) if doc_ids is None else parts.rows_of(doc_ids)

    def bm25(query: Query, doc_ids: list[str] | None) -> list[int]:
        rows = scoped(query, doc_ids)
        scores = parts.bm25_scores(service.retriever.query_tokens(query))[rows]
        return [int(rows[i]) for i in np.argsort(-scores, kind="stable")[:20]]

    def dense_for(text_of: Callable[[Query], str]) -> Ranker:
        def ranker(query: Query, doc_ids: list[str] | None) -> list[int]:
            rows = scoped(query, doc_ids)
            qvec = encoder.encode_queries([text_of(query)])[0]
            scores = parts.vectors.scores_for(qvec, rows)
            return [int(rows[i]) for i in np.argsort(-scores, kind="stable")[:20]]

        return ranker

    dense = dense_for(lambda q: q.text)

    def rrf(query: Query, doc_ids: list[str] | None) -> list[int]:
        fused: dict[int, float] = {}
        for ranking in (bm25(query, doc_ids), dense(query, doc_ids)):
            for rank, row in enumerate(ranking):
                fused[row] = fused.get(row, 0.0) + 1.0 / (60 + rank)
        return sorted(fused, key=lambda r: -fused[r])[:20]

    def previous(weight: float) -> Ranker:
        """The fusion used before: bm25/max + weight * (cos - max cos) over all candidates."""

        def ranker(query: Query, doc_ids: list[str] | None) -> list[int]:
            rows = scoped(query, doc_ids)
            lex = parts.bm25_scores(service.retriever.query_tokens(query))[rows]
            lex = lex / lex.max() if lex.max() > 0 else lex
            cos = parts.vectors.scores_for(encoder.encode_queries([query.content or query.text])[0], rows)
            fused = lex + weight * (cos - cos.max())
            return [int(rows[i]) for i in np.argsort(-fused, kind="stable")[:20]]

        return ranker

    def ours(
        weight: float, lexical_pool: int = settings.lexical_pool, dense_pool: int = settings.dense_pool
    ) -> Ranker:
        weights = Weights(weight, settings.candidates, lexical_pool, dense_pool)
        retriever = Retriever(data, encoder, service.tokenizer, weights)
        return lambda query, doc_ids: [h.row for h in retriever.search(query, doc_ids, 20)]

    rankers: dict[str, Ranker] = {
        "dense (question)": dense,
        "dense (content)": dense_for(lambda q: q.content or q.text),
        "bm25 only": bm25,
        "rrf (equal)": rrf,
        "bm25+0.1cos": previous(0.1),
        **{f"ours w={w}": ours(w) for w in (0.0, 0.3, 0.5, 0.7, 1.0)},
        "ours pool 20": ours(settings.dense_weight, 20),
        "ours no dense pool": ours(settings.dense_weight, settings.lexical_pool, 0),
    }

    def rank_of(item: EvalItem, rows: list[int]) -> int | None:
        for position, row in enumerate(rows, start=1):
            passage = data.passages[row]
            report = data.reports[passage.doc_id]
            right = item.district in f"{report.district} {report.title}" and (
                item.year is None or report.year == item.year
            )
            if right and any(g in passage.text for g in item.answers):
                return position
        return None

    for set_name, items in question_sets.items():
        print(f"{set_name}: {len(items)} answerable questions, {n} passages, model {encoder.name}")
        print(f"{'ranking':<20} {'hit@1':>6} {'hit@5':>6} {'MRR':>6}")
        for name, ranker in rankers.items():
            ranks = []
            for item in items:
                query = parse_query(item.question, service.gazetteer)
                scope = service._scope(query)
                # a question about a place the corpus does not hold has no passage to rank
                ranks.append(None if scope.empty else rank_of(item, ranker(query, scope.doc_ids)))
            hit1 = sum(r == 1 for r in ranks) / len(ranks)
            hit5 = sum(r is not None and r <= 5 for r in ranks) / len(ranks)
            mrr = sum(1 / r for r in ranks if r) / len(ranks)
            print(f"{name:<20} {hit1:6.3f} {hit5:6.3f} {mrr:6.3f}")
        print()


if __name__ == "__main__":
    main()
