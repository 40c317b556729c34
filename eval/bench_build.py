"""Build and search performance: cold build, unchanged rebuild, warm search latency, peak RSS.

    python eval/bench_build.py [--corpus DIR] [--work DIR] [--rounds N]

* cold build: a fresh index folder with an EMPTY embedding cache (everything embedded);
* unchanged rebuild: the same corpus again (nothing re-embedded);
* search latency: a separate process loads the Searcher once, warms up, then runs
  every query of eval/retrieval_gold.jsonl (``--rounds`` times); p50/p95 per method;
* peak RSS: of the build process and of the search process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "eval" / "retrieval_gold.jsonl"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[index]


def search_only(index_dir: Path, rounds: int) -> dict:
    """Runs in its own process: load once, warm up, time every gold query."""
    from assistant.retrieval import Searcher
    from assistant.settings import Settings

    queries = [json.loads(line)["query"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    searcher = Searcher(Settings(index_dir=index_dir))
    load = time.perf_counter() - started
    for query in queries[:5]:  # warm-up beyond the constructor's own
        searcher.search(query, 5)
    out: dict = {"load_seconds": round(load, 2), "queries": len(queries), "rounds": rounds}
    for name in ("search", "dense", "lexical"):
        method = getattr(searcher, name)
        times = []
        for _ in range(rounds):
            for query in queries:
                t = time.perf_counter()
                method(query, 5)
                times.append(time.perf_counter() - t)
        out[name] = {"p50_ms": round(1000 * percentile(times, 0.5), 1), "p95_ms": round(1000 * percentile(times, 0.95), 1),
                     "max_ms": round(1000 * max(times), 1)}
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--work", type=Path, default=None, help="folder for the throw-away index (default: a temp dir)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--search-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.search_only:
        print(json.dumps(search_only(args.search_only, args.rounds)))
        return 0

    from assistant.indexing import build_index
    from assistant.settings import Settings

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-build-"))
    index_dir = work / "index"
    if index_dir.exists():
        shutil.rmtree(index_dir)
    settings = Settings(corpus_dir=args.corpus, index_dir=index_dir, data_dir=work / "data")

    t = time.perf_counter()
    cold = build_index(settings, progress=False)
    cold_s = time.perf_counter() - t
    t = time.perf_counter()
    warm = build_index(settings, progress=False)
    warm_s = time.perf_counter() - t
    build_rss = peak_rss_mib()

    proc = subprocess.run(
        [sys.executable, __file__, "--search-only", str(index_dir), "--rounds", str(args.rounds)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
    )
    search = json.loads(proc.stdout.strip().splitlines()[-1])

    print(f"Build benchmark: corpus {args.corpus} ({cold.documents} documents, {cold.chunks} chunks), "
          f"embedding {cold.embedding_model}, {os.cpu_count()} CPUs")
    print(f"cold build (empty embedding cache)   {cold_s:7.1f} s   ({cold.reembedded} chunks embedded)")
    print(f"unchanged rebuild                    {warm_s:7.1f} s   ({warm.reembedded} chunks embedded)")
    print(f"searcher load (new process)          {search['load_seconds']:7.1f} s")
    print(f"search latency, warm, {search['queries']} gold queries x {search['rounds']} rounds:")
    for name in ("search", "dense", "lexical"):
        s = search[name]
        label = "fused" if name == "search" else name
        print(f"  {label:8} p50 {s['p50_ms']:6.1f} ms   p95 {s['p95_ms']:6.1f} ms   max {s['max_ms']:6.1f} ms")
    print(f"peak RSS: build process {build_rss:.0f} MiB, search process {search['peak_rss_mib']:.0f} MiB")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
