"""The ``qa`` command line: ingest, ask, search, serve, eval, fetch-model, documents."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from qa.config import Settings, get_settings
from qa.errors import QAError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="法治问答: cited answers from government reports.",
    pretty_exceptions_show_locals=False,  # a traceback must not print settings (tokens, keys) from locals
)

IndexOption = Annotated[Path | None, typer.Option("--index", help="index folder (default: QA_INDEX_DIR)")]


def _settings(index: Path | None) -> Settings:
    settings = get_settings()
    if index is not None:
        settings = settings.model_copy(update={"index_dir": index})
    return settings


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _echo_json(payload: object) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (.txt .md .html .htm .pdf .docx)")],
    index: IndexOption = None,
    rebuild: Annotated[
        bool, typer.Option(help="start a new index instead of adding to the current one")
    ] = False,
    progress: Annotated[bool, typer.Option(help="show progress bars")] = True,
) -> None:
    """Add reports to the index (unchanged files are skipped, changed ones replaced)."""
    from qa.compose import build_encoder, open_store, read_limits
    from qa.ingest.pipeline import ingest_paths

    settings = _settings(index)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or folder: {', '.join(missing)}")
    try:
        encoder = build_encoder(settings)
        store = open_store(settings)
        result = ingest_paths(
            paths,
            store=store,
            encoder=encoder,
            max_bytes=settings.max_file_bytes,
            limits=read_limits(settings),
            rebuild=rebuild,
            progress=progress and sys.stderr.isatty(),
        )
    except QAError as exc:
        raise _fail(str(exc)) from exc
    for name in result.added:
        typer.echo(f"added      {name}")
    for name in result.replaced:
        typer.echo(f"replaced   {name}")
    for name in result.unchanged:
        typer.echo(f"unchanged  {name}")
    for path, reason in result.skipped:
        typer.secho(f"skipped    {path}: {reason}", err=True, fg=typer.colors.YELLOW)
    typer.echo(f"index {store.location}: {result.reports} reports, {result.passages} passages")
    if not result.changed and not result.unchanged:
        raise _fail("nothing was ingested")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the question, in Chinese")],
    index: IndexOption = None,
    top_k: Annotated[int, typer.Option("--top-k", help="citations to return")] = 5,
    district: Annotated[str | None, typer.Option(help="only this district")] = None,
    year: Annotated[int | None, typer.Option(help="only reports covering this year")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the answer as JSON")] = False,
) -> None:
    """Answer one question from the index."""
    from qa.compose import open_service

    try:
        answer = open_service(_settings(index)).ask(question, top_k=top_k, district=district, year=year)
    except QAError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        _echo_json(asdict(answer))
        return
    if answer.headline:  # the checked figure first, as the bot and the page lead with it
        typer.echo(answer.headline)
    if answer.note:
        typer.echo(answer.note)
    typer.echo(answer.answer)
    for n, c in enumerate(answer.citations, start=1):
        typer.echo(f"  [{n}] 《{c.title}》 {c.section} [{c.start}:{c.end}] score={c.score}")
    if not answer.found:
        raise typer.Exit(3)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words to look for")],
    index: IndexOption = None,
    top_k: Annotated[int, typer.Option("--top-k")] = 5,
) -> None:
    """Ranked passages for a query (no answer extraction)."""
    from qa.compose import open_service

    try:
        hits = open_service(_settings(index)).search(query, top_k=top_k)
    except QAError as exc:
        raise _fail(str(exc)) from exc
    _echo_json([asdict(c) for c in hits])


@app.command()
def documents(index: IndexOption = None) -> None:
    """List the indexed reports."""
    from qa.compose import open_store

    try:
        data = open_store(_settings(index)).load()
    except QAError as exc:
        raise _fail(str(exc)) from exc
    unplaced = 0
    for r in sorted(data.reports.values(), key=lambda r: (r.district or "~", r.year or 0, r.source)):
        place = f"{r.meta.city}{r.district}" if r.district else "（未能确定单位）"
        unplaced += not r.district
        how = "，".join(f"{k}: {v}" for k, v in r.meta.sources.items() if k in ("district", "year"))
        typer.echo(
            f"{r.doc_id}  {place}  {r.meta.level}  回顾{r.year or '?'}年  {r.meta.genre}  "
            f"{data.passage_counts[r.doc_id]} passages  {r.title}  [{how}]"
        )
    typer.echo(
        f"{len(data.reports)} reports" + (f", {unplaced} not placed (still searched)" if unplaced else "")
    )


@app.command()
def delete(
    doc_ids: Annotated[list[str], typer.Argument(help="report ids, as `qa documents` lists them")],
    index: IndexOption = None,
) -> None:
    """Remove reports from the index (a new generation without them; the others are untouched)."""
    from qa.compose import open_store
    from qa.ingest.pipeline import remove_reports

    try:
        store = open_store(_settings(index))
        data = remove_reports(doc_ids, store=store)
    except QAError as exc:
        raise _fail(str(exc)) from exc
    for doc_id in doc_ids:
        typer.echo(f"deleted    {doc_id}")
    typer.echo(f"index {store.location}: {len(data.reports)} reports, {len(data.passages)} passages")


@app.command()
def migrate(
    to: Annotated[str, typer.Option("--to", help="target store: milvus")],
    index: IndexOption = None,
    uri: Annotated[str | None, typer.Option(help="Milvus URI (default: QA_MILVUS_URI)")] = None,
) -> None:
    """Copy the local index into Milvus as it is: reports, passages, vectors (nothing re-encoded), facts."""
    from qa.compose import open_store
    from qa.index.local import LocalIndexStore
    from qa.ingest.pipeline import copy_index

    if to != "milvus":
        raise _fail(f"--to {to!r} is not a store this command writes; use --to milvus")
    settings = _settings(index)
    target_settings = settings.model_copy(update={"store": "milvus", **({"milvus_uri": uri} if uri else {})})
    try:
        source = LocalIndexStore(settings.index_dir).load()
        target = open_store(target_settings)
        data = copy_index(source, target)
    except QAError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(
        f"copied {len(data.reports)} reports, {len(data.passages)} passages from {settings.index_dir} "
        f"to {target.location}; serve it with QA_STORE=milvus"
    )


LOOPBACK = ("127.0.0.1", "::1", "localhost")
WILDCARD = ("0.0.0.0", "::", "")


@app.command()
def serve(
    index: IndexOption = None,
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    allow_open: Annotated[
        bool, typer.Option("--allow-open", help="serve beyond loopback even though no API keys are set")
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed "
            "(comma-separated, '*' = any); by default none are, and the client is the connecting peer",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="server processes, each with its own copy of the model and index (see BENCHMARKS.md "
            "for how many per core); rate limits and /metrics are then per process",
        ),
    ] = 1,
) -> None:
    """Serve the REST API and the help-desk page with uvicorn (JSON logs, graceful shutdown)."""
    import uvicorn

    from api.app import create_app
    from api.observability import configure_logging
    from api.security import parse_api_keys

    settings = _settings(index)
    try:
        keys = parse_api_keys(settings.api_keys.get_secret_value() if settings.api_keys else "")
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    if not keys and host not in LOOPBACK and not allow_open:
        raise _fail(
            f"no API keys are configured (QA_API_KEYS), so the server only binds to loopback; "
            f"set keys or pass --allow-open to serve on {host}"
        )
    if not settings.allowed_hosts.strip():  # the Host header may name the address bound
        settings = settings.model_copy(update={"allowed_hosts": "*" if host in WILDCARD else host})
    configure_logging(settings.log_level, settings.json_logs)
    if not keys and settings.allowed_hosts.strip() == "*":
        logging.getLogger(__name__).warning(
            "serving without API keys on every address and any Host name: set QA_ALLOWED_HOSTS to this "
            "server's names so that web pages on other names cannot reach it (DNS rebinding)"
        )
    trusted_proxies = (forwarded_allow_ips or "").strip()
    if workers > 1:  # worker processes build the app themselves, from the settings passed in the environment
        os.environ["QA_INDEX_DIR"] = str(settings.index_dir)
        os.environ["QA_ALLOWED_HOSTS"] = settings.allowed_hosts
    uvicorn.run(
        "api.app:app_from_environment" if workers > 1 else create_app(settings),
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        log_config=None,
        access_log=False,  # the access log is api.access (ServingMiddleware), not uvicorn's
        timeout_graceful_shutdown=15,
        server_header=False,
        # Off unless asked for: uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1, and
        # any local client could pick the address the rate limit counts against.
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=trusted_proxies or None,
    )


@app.command()
def bot(
    index: IndexOption = None,
    webhook_url: Annotated[
        str | None,
        typer.Option("--webhook-url", help="serve a webhook at this public URL instead of polling"),
    ] = None,
    listen: Annotated[str, typer.Option(help="address the webhook server binds")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port of the webhook server")] = 8443,
) -> None:
    """Run the Telegram bot (token from QA_TELEGRAM_TOKEN; long polling unless --webhook-url)."""
    from bot import check_settings, run_bot
    from qa.answer.live import LiveService
    from qa.compose import open_service

    settings = _settings(index)
    try:
        check_settings(settings, webhook_url=webhook_url)
        live = LiveService(settings, service=open_service(settings))  # fails now if there is no index
        run_bot(settings, live, webhook_url=webhook_url, listen=listen, port=port)
    except QAError as exc:
        raise _fail(str(exc)) from exc


@app.command("eval")
def evaluate_cmd(
    qa_files: Annotated[
        list[Path], typer.Argument(help="question files, one JSON object a line (see shared/eval)")
    ],
    index: IndexOption = None,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="ingest these into a temporary index and evaluate on it (repeatable)"),
    ] = None,
    vector_cache: Annotated[
        Path | None,
        typer.Option(help="remember passage vectors here between runs (the corpus is only encoded once)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summaries as JSON")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="one line per question (held-out and calibration ones: only with --show-held)",
        ),
    ] = False,
    show_held: Annotated[
        bool, typer.Option(help="also print held-out and calibration questions one by one")
    ] = False,
    split: Annotated[
        str | None,
        typer.Option(help='only the questions of this split ("in" while tuning, "held" at the end)'),
    ] = None,
) -> None:
    """Answer accuracy, evidence hit@1/@5, MRR, refusal rates and latency on question files; a file
    whose questions are marked "in"/"held"/"calib" is also reported per split (tuned on / held out /
    the verifier's calibration questions, which the rules are not tuned on)."""
    from embeddings import CachedEncoder
    from qa.compose import build_encoder, open_service, open_store
    from qa.eval import SPLIT_NAMES, UNREAD_SPLITS, by_split, evaluate, load_items
    from qa.ingest.pipeline import ingest_paths

    missing = [str(f) for f in qa_files if not f.is_file()]
    if missing:
        raise _fail(f"no such question file: {', '.join(missing)}")
    settings = _settings(index)
    try:
        item_sets = {
            f: [i for i in load_items(f) if split is None or i.split in ("", split)] for f in qa_files
        }
        encoder = build_encoder(settings)
        with tempfile.TemporaryDirectory(prefix="qa-eval-") as tmp:
            if corpus:
                settings = settings.model_copy(update={"index_dir": Path(tmp)})
                if settings.store == "milvus" and "://" not in settings.milvus_uri:
                    settings = settings.model_copy(update={"milvus_uri": str(Path(tmp) / "milvus.db")})
            store = open_store(settings)
            if corpus:
                writer = CachedEncoder(encoder, vector_cache) if vector_cache else encoder
                result = ingest_paths(corpus, store=store, encoder=writer, progress=False)
                for skipped, reason in result.skipped:
                    typer.secho(f"skipped    {skipped}: {reason}", err=True, fg=typer.colors.YELLOW)
            service = open_service(settings, encoder, store)
            reports = {f: evaluate(service, items) for f, items in item_sets.items()}
    except QAError as exc:
        raise _fail(str(exc)) from exc
    summaries: dict[str, dict[str, float | int]] = {}
    for qa_file, report in reports.items():
        if verbose:
            for row in report.rows:
                if row.item.split in UNREAD_SPLITS and not show_held:
                    continue
                mark = "✓" if row.correct else "✗"
                cite = row.answer.citations[0] if row.answer.citations else None
                where = f"{cite.district}{cite.year}" if cite else "-"
                typer.echo(
                    f"{mark} {row.item.id} [{row.item.type}] found={row.answer.found} rank={row.evidence_rank} "
                    f"{where} {row.item.question} → {row.answer.answer[:80]!r}"
                )
        summaries[qa_file.name] = report.summary()
        for split, part in by_split(report).items():
            summaries[f"{qa_file.name} [{SPLIT_NAMES.get(split, split)}]"] = part.summary()
    if as_json:
        _echo_json(summaries)
        return
    for name, summary in summaries.items():
        typer.echo(f"== {name}")
        for key, value in summary.items():
            typer.echo(f"{key:>20}: {value}")


@app.command("fetch-model")
def fetch_model() -> None:
    """Fetch the default model (m3e-small) into the model cache, hash-checked."""
    from embeddings.errors import EmbeddingError
    from embeddings.fetch import fetch_m3e_small

    settings = get_settings()
    try:
        path = fetch_m3e_small(settings.model_cache)
    except EmbeddingError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"m3e-small ready in {path}")


def main() -> None:
    logging.basicConfig(level=get_settings().log_level, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("bm25s", "jieba", "httpx", "sentence_transformers", "pymilvus"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    app()
