"""Bounded load test on 127.0.0.1: the serving path against the core, then questions during uploads.

Over a fresh index of the sample reports (or a copy of ``--index``):

1. core: ``QAService.ask`` on one thread in this process — warm (the questions below rotating, query
   vectors cached) and cold (every question new, so the encoder is in the path);
2. ``qa serve --workers N`` on a free loopback port, CLIENTS connections for DURATION seconds (≤ 60)
   each: warm (the same questions rotating, after a warm-up) and cold (questions made from the index's
   places and indicators, none asked before), with the ratio HTTP / core;
3. with ``--uploads`` > 0: CLIENTS askers and one uploader for DURATION seconds, then a check that
   every uploaded report is indexed.

The load generator is wrk when it is installed (``-t1``: a Python client on the same cores would take
the CPU the server needs), otherwise an httpx client, as the output says. The server logs as
``qa serve`` does by default (JSON at INFO), to a file.

    python bench/load.py [--clients 16] [--duration 20] [--uploads 5] [--model m3e-small] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "东城街道行政诉讼出庭率",
    "黄石街道有多少个基础网格",
    "四季青街道存在哪些不足",
    "哪个街道打造了青枫义警品牌",
    "笋岗街道化解了多少宗信访诉求",
    "双桂街道办事处接访群众多少批次",
    "天河街道2022年出庭应诉率",
]
# Cold questions: a place, an indicator and sometimes a year, worded several ways.
_PLAIN = ("{d}{i}是多少", "{d}的{i}情况", "请问{d}{i}", "{c}{d}{i}", "查询{d}的{i}")
_DATED = ("{d}{y}年{i}", "{y}年{d}的{i}", "{d}{y}年{i}是多少", "{d}在{y}年的{i}有多少")

# wrk's Lua: request bodies from a file (one JSON object a line) in turn; one summary line at the end.
_WRK_SCRIPT = """
local bodies = {}
for line in io.lines(%s) do bodies[#bodies + 1] = line end
local sent = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  sent = sent + 1
  return wrk.format(nil, "/v1/ask", nil, bodies[(sent - 1) %% #bodies + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True, slots=True)
class Figure:
    answers: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int = 0
    repeats: int = 0  # cold runs: answers that had to reuse a question (the list ran out)

    @property
    def rate(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _synthetic_report(n: int) -> bytes:
    return (
        f"测试{n}镇2023年法治政府建设工作报告\n"
        f"2023年,测试{n}镇坚持依法行政。\n一、主要工作\n"
        f"全年共受理行政复议案件{n + 3}件,办结{n + 3}件。\n测试{n}镇人民政府\n2024年1月10日\n"
    ).encode()


def cold_questions(places: Sequence[tuple[str, str, int | None]], indicators: Sequence[str]) -> list[str]:
    """Distinct questions, none of them in QUESTIONS, in a fixed shuffled order: every place
    (district, city, year) with every indicator, worded each way."""
    asked = set(QUESTIONS)
    found: dict[str, None] = {}
    for (district, city, year), indicator in itertools.product(places, indicators):
        for template in _PLAIN:
            found[template.format(d=district, c=city, i=indicator)] = None
        for y, template in itertools.product({year or 2023, (year or 2023) - 1}, _DATED):
            found[template.format(d=district, y=y, i=indicator)] = None
    questions = [q for q in found if q not in asked]
    random.Random(16).shuffle(questions)
    return questions


def _figure(latencies_s: Sequence[float], seconds: float, errors: int = 0, repeats: int = 0) -> Figure:
    lat = np.asarray(latencies_s) * 1000 if len(latencies_s) else np.zeros(1)
    return Figure(
        len(latencies_s),
        seconds,
        float(np.percentile(lat, 50)),
        float(np.percentile(lat, 95)),
        errors,
        repeats,
    )


def core_figures(index: Path, model: str, seconds: float) -> tuple[Figure, Figure, list[str]]:
    """``QAService.ask`` on this thread: warm over QUESTIONS, cold over new questions (returned, for
    the server's cold run: its encoder has not seen them either)."""
    from qa import get_settings, open_service

    settings = get_settings().model_copy(update={"index_dir": index, "model": model})
    service = open_service(settings)
    places = sorted({(d.district, d.city, d.year) for d in service.documents() if d.district}, key=str)[:40]
    indicators = [i.name for i, _ in service.indicators()[0]]
    questions = cold_questions(places, indicators)
    for q in QUESTIONS:
        service.ask(q)

    def timed(source: Iterator[str]) -> Figure:
        latencies: list[float] = []
        began = time.perf_counter()
        for question in source:
            t0 = time.perf_counter()
            service.ask(question)
            latencies.append(time.perf_counter() - t0)
            if t0 - began > seconds:
                break
        return _figure(latencies, time.perf_counter() - began)

    return timed(itertools.cycle(QUESTIONS)), timed(iter(questions)), questions


def _bodies(questions: Sequence[str]) -> list[str]:
    return [json.dumps({"question": q}, ensure_ascii=False) for q in questions]


def wrk_run(
    wrk: str,
    base: str,
    questions: Sequence[str],
    clients: int,
    seconds: float,
    tmp: Path,
    *,
    new: bool = False,
) -> Figure:
    """``clients`` connections asking ``questions`` in turn for ``seconds``, with wrk; ``new``: the
    questions are meant to be asked once (the figure counts those asked again)."""
    bodies = tmp / f"bodies-{len(questions)}.jsonl"
    bodies.write_text("\n".join(_bodies(questions)) + "\n", encoding="utf-8")
    script = tmp / "ask.lua"
    script.write_text(_WRK_SCRIPT % json.dumps(str(bodies)), encoding="utf-8")
    duration = max(1, round(seconds))
    command = [wrk, "-t1", f"-c{clients}", f"-d{duration}s", "--timeout", "30s", "-s", str(script), base]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    answers, micros, p50, p95, status_errors, socket_errors = (int(v) for v in line.split()[1:])
    return Figure(
        answers,
        micros / 1e6,
        p50 / 1000,
        p95 / 1000,
        status_errors + socket_errors,
        max(0, answers - len(questions)) if new else 0,
    )


async def httpx_run(
    client: httpx.AsyncClient, questions: Sequence[str], clients: int, seconds: float, *, new: bool = False
) -> Figure:
    """The same with ``clients`` asyncio tasks over one httpx client (when wrk is not installed)."""
    latencies: list[float] = []
    errors = 0
    order = itertools.cycle(questions)
    stop_at = time.monotonic() + seconds

    async def asker() -> None:
        nonlocal errors
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            resp = await client.post("/v1/ask", json={"question": next(order)})
            latencies.append(time.perf_counter() - t0)
            errors += resp.status_code != 200

    began = time.perf_counter()
    await asyncio.gather(*(asker() for _ in range(clients)))
    repeats = max(0, len(latencies) - len(questions)) if new else 0
    return _figure(latencies, time.perf_counter() - began, errors, repeats)


async def serve_and_load(
    args: argparse.Namespace, index: Path, core: tuple[Figure, Figure], cold: list[str], tmp: Path
) -> int:
    """Start the server, run the warm and cold loads and the upload run; print; return the exit code."""
    env = {
        **os.environ,
        "QA_MODEL": args.model,
        "QA_RATE_LIMIT": "1000000000/minute",
        "QA_RELOAD_CHECK_SECONDS": "0.5",
    }
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    wrk = shutil.which("wrk")
    seconds = min(args.duration, 60.0)
    started = time.monotonic()
    with (tmp / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "qa", "serve", "--index", str(index), "--port", str(port)]
            + ["--workers", str(args.workers)],
            env=env,
            stdout=log,
            stderr=log,
        )
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while True:
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    raise RuntimeError(f"qa serve stopped with {server.returncode}; see {tmp / 'server.log'}")
                await asyncio.sleep(0.1)
            ready_s = time.monotonic() - started
            if wrk:  # a warm-up fills every worker's query-vector cache
                wrk_run(wrk, base, QUESTIONS, args.clients, 3, tmp)
                warm = wrk_run(wrk, base, QUESTIONS, args.clients, seconds, tmp)
                cold_http = wrk_run(wrk, base, cold, args.clients, seconds, tmp, new=True)
            else:
                await httpx_run(client, QUESTIONS, args.clients, 3)
                warm = await httpx_run(client, QUESTIONS, args.clients, seconds)
                cold_http = await httpx_run(client, cold, args.clients, seconds, new=True)
            generator = (
                "wrk -t1" if wrk else "httpx (wrk not found: the Python client takes CPU from the server)"
            )
            print(
                f"index: {args.index or 'sample reports'}; server ready in {ready_s:.1f} s; model {args.model}; "
                f"{args.workers} worker(s); {args.clients} clients, {seconds:.0f} s a run; load: {generator}"
            )
            print(f"{'':<24}{'answers/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
            print(_row("core, warm (1 thread)", core[0]))
            print(_row("HTTP, warm", warm, core[0]))
            print(_row("core, cold (1 thread)", core[1]))
            print(_row("HTTP, cold", cold_http, core[1]))
            if args.uploads:
                return await upload_run(client, args, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if warm.errors or cold_http.errors else 0


async def upload_run(client: httpx.AsyncClient, args: argparse.Namespace, seconds: float) -> int:
    """CLIENTS askers and one uploader (httpx) for ``seconds``; then every upload must be indexed."""
    latencies: list[float] = []
    errors: list[str] = []
    uploaded: list[str] = []
    stop_at = time.monotonic() + seconds

    async def asker(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            resp = await client.post("/v1/ask", json={"question": rng.choice(QUESTIONS)})
            latencies.append(time.perf_counter() - t0)
            if resp.status_code != 200:
                errors.append(f"ask {resp.status_code}")

    async def uploader() -> None:
        for n in range(args.uploads):
            await asyncio.sleep(seconds / (args.uploads + 1))
            name = f"load-{n}.txt"
            resp = await client.post("/v1/documents", files={"files": (name, _synthetic_report(n))})
            if resp.status_code == 200:
                uploaded.append(name)
            else:
                errors.append(f"upload {resp.status_code}: {resp.text[:100]}")

    await asyncio.gather(*(asker(i) for i in range(args.clients)), uploader())
    docs = (await client.get("/v1/documents")).json()["documents"]
    sources = {d["source"] for d in docs}
    lost = [name for name in uploaded if name not in sources]
    figure = _figure(latencies, seconds, len(errors))
    print(
        f"with {args.uploads} uploads (httpx askers): {figure.rate:.1f} answers/s, p50 {figure.p50_ms:.1f} ms, "
        f"p95 {figure.p95_ms:.1f} ms; uploads: {len(uploaded)}/{args.uploads}  errors: {len(errors)}  "
        f"lost documents: {len(lost)}"
    )
    for error in errors[:10]:
        print("  error:", error)
    return 1 if errors or lost else 0


def _row(name: str, figure: Figure, core: Figure | None = None) -> str:
    share = f"{figure.rate / core.rate:6.0%} of core" if core and core.rate else ""
    repeats = f"  ({figure.repeats} asked a second time)" if figure.repeats else ""
    errors = str(figure.errors) if core else "-"
    return (
        f"{name:<24}{figure.rate:>10.1f}{figure.p50_ms:>9.1f}{figure.p95_ms:>9.1f}{errors:>8}"
        f"  {share}{repeats}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of each run (at most 60)")
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--model", default=os.environ.get("QA_MODEL", "m3e-small"))
    parser.add_argument("--index", type=Path, help="serve a copy of this index instead of the sample reports")
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="qa serve --workers (default: one per core, at most 2)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-load-") as tmp_name:
        tmp = Path(tmp_name)
        index = tmp / "index"
        if args.index:
            shutil.copytree(args.index, index)
        else:
            ingest = [
                sys.executable,
                "-m",
                "qa",
                "ingest",
                str(PROJECT / "data/reports"),
                "--index",
                str(index),
            ]
            env = {**os.environ, "QA_MODEL": args.model}
            subprocess.run([*ingest, "--no-progress"], env=env, check=True, capture_output=True)
        warm, cold_figure, cold = core_figures(index, args.model, min(args.duration, 10.0))
        sys.exit(asyncio.run(serve_and_load(args, index, (warm, cold_figure), cold, tmp)))


if __name__ == "__main__":
    main()
