"""Load test of `assistant serve` on loopback: many users, and long questions against a normal one.

    python eval/bench_load.py [--users 50] [--seconds 60] [--short] [--index-dir DIR] [--pythonpath DIR]

1. load: ``--users`` asyncio clients each POST /api/ask in a loop for ``--seconds`` (questions from
   eval/qa_dev.jsonl); prints requests, errors (any non-200), statuses, requests/s, p50/p95/p99.
2. long questions: the p95 of a normal question asked alone (idle), then asked while 4 clients keep
   sending maximal (2000-character) questions (loaded), and their ratio (target <= 3).

The service is started by this script on a free 127.0.0.1 port with its own data folder and the
rate limit off (one address sends everything here); all traffic stays on 127.0.0.1 and every loop
is bounded in time and count. ``--pythonpath`` runs the service from another checkout (to compare).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "qa_dev.jsonl"
NORMAL = "Tổng số trạm BTS trên toàn tỉnh Thanh Hóa là bao nhiêu?"
MAX_REQUESTS = 200_000  # a bound on any loop, whatever the duration


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))] if values else float("nan")


def questions(answerable_only: bool = False) -> list[str]:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [q["question"] for q in items if not answerable_only or q["kind"] != "unanswerable"]


def maximal_questions(url: str, count: int = 40) -> list[str]:
    """2000-character questions cut from the documents' own text at word boundaries, so every word is
    known and they go all the way through search (made-up text would be refused early), each different."""
    names = [d["name"] for d in httpx.get(url + "/api/documents", timeout=60).json()]
    texts = [" ".join(httpx.get(f"{url}/api/documents/{n}", timeout=60).json()["text"].split()) for n in names]
    out = []
    for i in range(count):
        text = texts[i % len(texts)]
        start = text.find(" ", (i * 997) % max(1, len(text) - 2100)) + 1
        out.append(text[start:start + 2000].rsplit(" ", 1)[0])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(index_dir: str | None, pythonpath: str | None, data_dir: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", "ASSISTANT_DATA_DIR": data_dir,
           "PYTHONPATH": pythonpath or str(ROOT)}
    if index_dir:
        env["ASSISTANT_INDEX_DIR"] = index_dir
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=pythonpath or ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the service stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the service did not start within 180 s")


async def ask(client: httpx.AsyncClient, question: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        status = (await client.post("/api/ask", json={"question": question})).status_code
    except httpx.HTTPError:
        status = 0
    return status, time.perf_counter() - started


async def load(url: str, users: int, seconds: float) -> dict:
    pool = questions()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop = time.monotonic() + seconds

    async def user(n: int, client: httpx.AsyncClient) -> None:
        i = n
        while time.monotonic() < stop and len(latencies) < MAX_REQUESTS:
            status, took = await ask(client, pool[i % len(pool)])
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(took)
            i += users

    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.monotonic()
        await asyncio.gather(*(user(n, client) for n in range(users)))
        took = time.monotonic() - started
    errors = sum(n for s, n in statuses.items() if s != 200)
    return {"users": users, "seconds": round(took, 1), "requests": len(latencies), "errors": errors,
            "statuses": statuses, "rps": round(len(latencies) / took, 1),
            "p50_ms": round(percentile(latencies, 0.5) * 1000), "p95_ms": round(percentile(latencies, 0.95) * 1000),
            "p99_ms": round(percentile(latencies, 0.99) * 1000)}


async def normal_p95(client: httpx.AsyncClient, rounds: int) -> tuple[float, int]:
    times, errors = [], 0
    for _ in range(rounds):
        status, took = await ask(client, NORMAL)
        times.append(took)
        errors += status != 200
    return percentile(times, 0.95), errors


async def long_questions(url: str, rounds: int, senders: int = 4) -> dict:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        await normal_p95(client, 3)  # warm
        idle, idle_errors = await normal_p95(client, rounds)
        done = asyncio.Event()
        sent = {"n": 0, "errors": 0}
        long = maximal_questions(url)

        async def sender(i: int) -> None:
            async with httpx.AsyncClient(base_url=url, timeout=120) as own:
                while not done.is_set() and sent["n"] < MAX_REQUESTS:
                    status, _ = await ask(own, long[(i + sent["n"]) % len(long)])
                    sent["n"] += 1
                    sent["errors"] += status != 200

        tasks = [asyncio.create_task(sender(i)) for i in range(senders)]
        await asyncio.sleep(1.0)  # the long questions are in flight
        loaded, loaded_errors = await normal_p95(client, rounds)
        done.set()
        await asyncio.gather(*tasks)
    return {"idle_p95_ms": round(idle * 1000), "loaded_p95_ms": round(loaded * 1000),
            "ratio": round(loaded / idle, 2), "maximal_questions_sent": sent["n"],
            "errors": idle_errors + loaded_errors + sent["errors"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=40, help="normal questions per p95 measurement")
    parser.add_argument("--short", action="store_true", help="10 users x 10 s, 20 rounds")
    parser.add_argument("--index-dir")
    parser.add_argument("--pythonpath", help="run the service from this checkout")
    args = parser.parse_args()
    if args.short:
        args.users, args.seconds, args.rounds = 10, 10, 20
    with tempfile.TemporaryDirectory() as data_dir:
        proc, url = start_service(args.index_dir, args.pythonpath, data_dir)
        try:
            report = asyncio.run(load(url, args.users, args.seconds))
            print("load:", json.dumps(report))
            print("long questions:", json.dumps(asyncio.run(long_questions(url, args.rounds))))
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
