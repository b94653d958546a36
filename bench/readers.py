"""Reading speed: PDF pages/s, and HTML / Markdown at 1 MB and 10 MB (issue 15.5: they must grow linearly).

PDFs: the sample reports and the provincial 政府工作报告 printed government-style by LibreOffice (as the
tests print them; skipped without ``soffice``). Two figures: PDFium's extraction of the text layer
with its geometry, in this process (the library's speed), and ``read_document`` end to end (a child
process per file, the layout repair, normalisation: what ingest pays).

HTML / Markdown: the same report text repeated to the size, as flat ``<p>`` paragraphs and as Markdown
with headings, links and emphasis, plus two inputs that were quadratic before ("<a " × n for the
standard library's html.parser, "![" × n for the old Markdown patterns). Best of 3 runs; prints
numbers, asserts nothing.

    python bench/readers.py [--corpus data/reports --corpus ../shared/corpus_extra] [--sizes 1,10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qa.config import PROJECT_ROOT
from qa.ingest.readers import html_to_text, markdown_to_text, pdf_worker, read_document

sys.path.insert(0, str(PROJECT_ROOT))  # the fixture builders live with the tests
from tests.qa.ingest.office_fixtures import make_docx, make_pdf, soffice_path  # noqa: E402

MB = 1_000_000


def best(run: Callable[[], object], trials: int = 3) -> float:
    times = []
    for _ in range(trials):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def pdf_speed(corpus: list[Path]) -> None:
    sources = [p for folder in corpus if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    if soffice_path() is None:
        print("PDF: skipped (LibreOffice is not installed; `make test` installs it)")
        return
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        out = Path(tmp)
        docs = [make_docx(src.read_text(encoding="utf-8"), out / f"{src.stem}.docx") for src in sources]
        with ThreadPoolExecutor(max_workers=2) as pool:
            pdfs = list(pool.map(lambda docx: make_pdf(docx, out / "pdf"), docs))
        datas = [pdf.read_bytes() for pdf in pdfs]
        pages = sum(len(pdf_worker.extract(data, 10_000, 10**8)["pages"]) for data in datas)
        extract = best(lambda: [pdf_worker.extract(data, 10_000, 10**8) for data in datas])
        read = best(lambda: [read_document(pdf) for pdf in pdfs])
    print(f"PDF: {len(pdfs)} reports, {pages} pages (A4, 16pt, LibreOffice {soffice_path()})")
    print(f"  PDFium text layer + geometry (pypdfium2, in process): {pages / extract:7.1f} pages/s")
    print(f"  read_document end to end (child process, repair):    {pages / read:7.1f} pages/s "
          f"({read / len(pdfs) * 1000:.0f} ms a report)")  # fmt: skip


def _report_text(corpus: list[Path]) -> list[str]:
    lines = [
        line.strip()
        for folder in corpus
        if folder.is_dir()
        for path in sorted(folder.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return lines or ["我街高度重视法治建设工作，共召开行政办公会议26次。"]


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


def markup_speed(corpus: list[Path], sizes: list[int]) -> None:
    lines = _report_text(corpus)
    html_unit = "".join(f"<p>{line}</p>\n" for line in lines)
    md_unit = "".join(
        f"## {line}\n" if i % 12 == 0 else f"**{line[:6]}**{line[6:]} [见通知](http://example.cn/{i})\n"
        for i, line in enumerate(lines)
    )
    print("HTML / Markdown (best of 3):")
    print(f"  {'input':<34} " + " ".join(f"{n:>3} MB" for n in sizes) + "   growth")
    cases: list[tuple[str, Callable[[str], str], str]] = [
        ("HTML, flat <p> paragraphs", html_to_text, html_unit),
        ('HTML, "<a " × n (unclosed tags)', html_to_text, "<a "),
        ("Markdown, report text", markdown_to_text, md_unit),
        ('Markdown, "![" × n', markdown_to_text, "!["),
    ]
    for label, read, unit in cases:
        times = []
        for n in sizes:
            text = _repeat(unit, n * MB)
            times.append(best(lambda read=read, text=text: read(text)))
        growth = f"×{times[-1] / times[0]:.1f} for ×{sizes[-1] // sizes[0]}" if len(sizes) > 1 else ""
        print(f"  {label:<34} " + " ".join(f"{t:5.2f}s" for t in times) + f"   {growth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--sizes", default="1,10", help="HTML/Markdown sizes in MB, comma-separated")
    args = parser.parse_args()
    corpus = args.corpus or [PROJECT_ROOT / "data/reports", PROJECT_ROOT.parent / "shared/corpus_extra"]
    pdf_speed(corpus)
    markup_speed(corpus, [int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
