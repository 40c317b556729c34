"""Scale: cold build per report, adding one report, answer latency and memory at 10, 100 and 500 unit reports.

    .venv/bin/python eval/bench_scale.py [--sizes 10,100,500] [--formats docx,pdf,txt] [--work DIR]

For each size, ``eval/generate_reports.py`` writes that many synthetic unit reports (Word,
PDF and text, several layouts). Then:

* cold build: a fresh index folder with an EMPTY embedding cache, seconds per report;
* a separate serving process (as `assistant serve` would be) loads the answer service,
  warms up, answers questions about single units and across units (p50/p95), adds one
  new report with the same code path as the upload API (seconds until the new build is
  being served), and reports its peak RSS and the share of it that is the vectors.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mib() -> float:
    """This process's peak resident memory. Read from VmHWM, not getrusage: Linux carries ru_maxrss
    across fork and exec, so a serving process started by the builder would report the builder's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def generate(out: Path, n: int, formats: str, seed: int) -> dict:
    subprocess.run([sys.executable, str(ROOT / "eval" / "generate_reports.py"), str(out), "--n", str(n),
                    "--formats", formats, "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return json.loads((out / "gold.json").read_text(encoding="utf-8"))


def questions(gold: dict, count: int = 60, seed: int = 1) -> list[str]:
    """Questions a province office asks: one unit's figure (with or without the report's period and year), and which
    units of a level did or did not reach it."""
    rng = random.Random(seed)
    items = []
    for entry in gold.values():
        meta = entry["meta"]
        for ind in entry["indicators"][:3]:
            subject = ind["text"].rstrip(".")
            items.append(f"{meta['unit']} đạt bao nhiêu về chỉ tiêu {subject[0].lower()}{subject[1:]}?")
            # The period names a year ("năm 2024"): the year filter runs inside the retrievers.
            items.append(f"{meta['period'].capitalize()}, {meta['unit']} đạt bao nhiêu về chỉ tiêu {subject[0].lower()}{subject[1:]}?")
            status = rng.choice(["chưa hoàn thành", "đã đạt"])
            scope = f"{meta['district'].capitalize()} có những xã nào" if meta.get("district") else "Những xã nào"
            items.append(f"{scope} {status} chỉ tiêu {subject[0].lower()}{subject[1:]}?")
    rng.shuffle(items)
    return items[:count]


def serve_and_measure(corpus: Path, index: Path, extra: Path, gold_path: Path) -> dict:
    """Runs in its own process: what a serving worker costs and how fast it answers and takes a new report."""
    from assistant.indexing.ingest import add_documents
    from assistant.server.live import LiveService
    from assistant.settings import Settings

    # As `assistant serve` runs: settings for answering (one embedding thread, so answers stay fast).
    settings = Settings(corpus_dir=corpus, index_dir=index, data_dir=index.parent / "data").for_answering()
    started = time.perf_counter()
    live = LiveService(settings)
    load = time.perf_counter() - started
    asked = questions(json.loads(gold_path.read_text(encoding="utf-8")))
    for q in asked[:5]:
        live.ask(q)
    times, found = [], 0
    for q in asked:
        t = time.perf_counter()
        answer = live.ask(q)
        times.append((time.perf_counter() - t) * 1000)
        found += bool(answer["found"] if isinstance(answer, dict) else answer.found)
    serving_rss = peak_rss_mib()  # loaded and answering, before any build runs in this process
    t = time.perf_counter()
    add_documents(settings, [(extra.name, extra.read_bytes())])
    built = time.perf_counter() - t
    live.reload()
    add_seconds = time.perf_counter() - t
    info = json.loads((settings.current_index / "build.json").read_text(encoding="utf-8"))
    chunks = info["report"]["chunks"]
    return {
        "load_seconds": round(load, 2), "questions": len(asked), "found": found,
        "answer_ms_p50": round(percentile(times, 0.5), 1), "answer_ms_p95": round(percentile(times, 0.95), 1),
        "add_one_build_seconds": round(built, 2), "add_one_until_served_seconds": round(add_seconds, 2),
        "chunks": chunks, "vectors_mib": round(chunks * info["embedding_dim"] * 4 / 2**20, 1),
        "serving_rss_mib": round(serving_rss, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def bench(n: int, formats: str, work: Path) -> dict:
    from assistant.indexing import build_index
    from assistant.settings import Settings

    generated = work / f"generated-{n}"
    gold = generate(generated, n + 1, formats, seed=n)
    corpus = work / f"corpus-{n}"
    corpus.mkdir()
    files = sorted(p for p in generated.iterdir() if p.name != "gold.json")
    extra = work / f"extra-{n}{files[-1].suffix}"
    shutil.copyfile(files[-1], extra)  # the report added while serving
    for p in files[:-1]:
        shutil.copyfile(p, corpus / p.name)
    (work / f"gold-{n}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")

    settings = Settings(corpus_dir=corpus, index_dir=work / f"index-{n}", data_dir=work / f"data-{n}")
    started = time.perf_counter()
    report = build_index(settings, progress=False)
    cold = time.perf_counter() - started
    serving = subprocess.run(
        [sys.executable, __file__, "--serve", str(corpus), str(settings.index_dir), str(extra), str(work / f"gold-{n}.json")],
        check=True, capture_output=True, text=True,
    )
    return {"reports": n, "documents_indexed": report.documents, "errors": len(report.errors),
            "cold_build_seconds": round(cold, 1), "cold_build_seconds_per_report": round(cold / n, 2),
            "build_peak_rss_mib": round(peak_rss_mib(), 1), **json.loads(serving.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--formats", default="docx,pdf,txt")
    parser.add_argument("--work", type=Path, default=None, help="keep the generated corpora and indexes here")
    parser.add_argument("--serve", nargs=4, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve_and_measure(*args.serve)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        row = bench(n, args.formats, work)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print("\n| reports | cold build s/report | add one report (s, until served) | answer p50 / p95 ms "
          "| serving RSS MiB (vectors) | peak RSS with the add MiB |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['reports']} | {r['cold_build_seconds_per_report']} | {r['add_one_until_served_seconds']} "
              f"| {r['answer_ms_p50']} / {r['answer_ms_p95']} | {r['serving_rss_mib']} ({r['vectors_mib']}) "
              f"| {r['peak_rss_mib']} |")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
