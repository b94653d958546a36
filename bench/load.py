"""Bounded load test on 127.0.0.1: concurrent questions and uploads against a real server.

Starts `qa serve` on a free loopback port over a fresh index of the sample reports, runs CLIENTS
concurrent askers and one uploader for DURATION seconds (≤ 60), then checks that every uploaded
report is indexed. Prints requests/s, latency percentiles, errors and lost documents.

    python bench/load.py [--clients 16] [--duration 30] [--uploads 5] [--model m3e-small] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--model", default=os.environ.get("QA_MODEL", "m3e-small"))
    parser.add_argument("--index", type=Path, help="serve a copy of this index instead of the sample reports")
    parser.add_argument("--workers", type=int, default=1, help="qa serve --workers")
    args = parser.parse_args()
    duration = min(args.duration, 60.0)
    env = {
        **os.environ,
        "QA_MODEL": args.model,
        "QA_JSON_LOGS": "false",
        "QA_LOG_LEVEL": "WARNING",
        "QA_RATE_LIMIT": "1000000/minute",
        "QA_RELOAD_CHECK_SECONDS": "0.5",
    }
    with tempfile.TemporaryDirectory(prefix="qa-load-") as tmp:
        index = Path(tmp) / "index"
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
            subprocess.run([*ingest, "--no-progress"], env=env, check=True, capture_output=True)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        server = subprocess.Popen(
            [sys.executable, "-m", "qa", "serve", "--index", str(index), "--port", str(port)]
            + ["--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                while True:
                    try:
                        if (await client.get("/readyz")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(0.1)
                ready_s = time.monotonic() - started
                latencies: list[float] = []
                errors: list[str] = []
                uploaded: list[str] = []
                stop_at = time.monotonic() + duration

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
                        await asyncio.sleep(duration / (args.uploads + 1))
                        name = f"load-{n}.txt"
                        resp = await client.post(
                            "/v1/documents", files={"files": (name, _synthetic_report(n))}
                        )
                        if resp.status_code == 200:
                            uploaded.append(name)
                        else:
                            errors.append(f"upload {resp.status_code}: {resp.text[:100]}")

                await asyncio.gather(*(asker(i) for i in range(args.clients)), uploader())
                docs = (await client.get("/v1/documents")).json()["documents"]
                sources = {d["source"] for d in docs}
                lost = [name for name in uploaded if name not in sources]
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat = np.array(latencies) * 1000
    print(
        f"index: {args.index or 'sample reports'}; server ready in {ready_s:.1f} s; {args.clients} clients, "
        f"{duration:.0f} s, model {args.model}, {args.workers} worker(s)"
    )
    print(
        f"answers: {len(lat)}  rate: {len(lat) / duration:.1f}/s  "
        f"p50: {np.percentile(lat, 50):.1f} ms  p95: {np.percentile(lat, 95):.1f} ms  max: {lat.max():.1f} ms"
    )
    print(f"uploads: {len(uploaded)}/{args.uploads}  errors: {len(errors)}  lost documents: {len(lost)}")
    for error in errors[:10]:
        print("  error:", error)
    if errors or lost:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
