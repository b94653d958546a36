"""Write the reference word shares: for each word of an index, the share of its passages that use it.

The answer stage tells the reports' own words from everyday speech, and rare words from common ones,
by how many passages use them. Over a user's few reports those counts are noise (打击 is in 3% of five
街道 reports' passages, 0.9% of 189 reports'), so the service blends its own counts with these shares,
read off a large index of real reports (``qa.lexicon.shares``); over an index as large, the blend is its
own counts.

    python bench/word_shares.py --index .cache/eval/index-all-int8 [--write]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qa.compose import build_encoder, open_service, open_store
from qa.config import PROJECT_ROOT, get_settings
from qa.lexicon.shares import FILE, MIN_SHARE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index of many reports (local backend)")
    parser.add_argument("--write", action="store_true", help=f"write qa/lexicon/data/{FILE}")
    args = parser.parse_args()
    settings = get_settings().model_copy(update={"index_dir": args.index})
    service = open_service(settings, build_encoder(settings), open_store(settings))
    backend, passages = service.data.backend, len(service.data.passages)
    vocabulary = getattr(getattr(backend, "bm25", None), "vocab_dict", None)
    if vocabulary is None:
        raise SystemExit("the index must use the local backend (its BM25 vocabulary is read)")
    shares = {w: backend.document_frequency(w) / passages for w in vocabulary if w.strip()}
    kept = sorted(((w, s) for w, s in shares.items() if s >= MIN_SHARE), key=lambda ws: (-ws[1], ws[0]))
    reports = len(service.data.reports)
    print(
        f"{len(shares)} words over {passages} passages of {reports} reports; {len(kept)} used by ≥ {MIN_SHARE:.2%}"
    )
    if args.write:
        lines = [
            f"# Share of passages (parts per million) using each word, over {passages} passages of {reports} real",
            "# reports (five 街道 法治政府建设报告, 62 provincial and 123 Shenzhen 政府工作报告); words used by",
            f"# fewer than {MIN_SHARE:.2%} are left out (read as 0). Written by bench/word_shares.py.",
            *(f"{w}\t{round(s * 1e6)}" for w, s in kept),
        ]
        path = PROJECT_ROOT / "qa" / "lexicon" / "data" / FILE
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
