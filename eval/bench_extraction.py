"""Field-level precision and recall of indicator extraction against the hand-checked gold.

    .venv/bin/python eval/bench_extraction.py

Parses the corpus, extracts the records into a temporary SQLite store, aligns them with
tests/gold/indicators/*.json row by row and prints precision/recall per field.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.documents.loader import load_corpus  # noqa: E402
from assistant.extract.gold import FIELDS, align, field_scores, load_gold, mismatches  # noqa: E402
from assistant.extract.store import Records, write_records  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    docs, errors = load_corpus(ROOT / "corpus")
    with tempfile.TemporaryDirectory() as tmp:
        report = write_records(docs, Path(tmp) / "records.sqlite")
        records = Records(Path(tmp) / "records.sqlite")
        gold = load_gold(ROOT / "tests" / "gold" / "indicators")
        pairs, per_source = [], {}
        for source, rows in gold.items():
            p = align(records.indicators(source=source), rows)
            per_source[source] = (len(rows), sum(1 for r, g in p if r and g))
            pairs += p
        scores = field_scores(pairs)
        problems = mismatches(pairs)
        refs, projects = len(records.legal_refs()), len(records.projects())
    seconds = time.perf_counter() - started
    print(f"documents {len(docs)}  load errors {len(errors)}  indicators {report['indicators']}  "
          f"legal references {refs}  projects {projects}  ({seconds:.1f} s)")
    print(f"{'source':<36}{'gold':>6}{'matched':>9}")
    for source, (n, matched) in per_source.items():
        print(f"{source:<36}{n:>6}{matched:>9}")
    print(f"\n{'field':<15}{'gold':>6}{'precision':>11}{'recall':>9}")
    for field in FIELDS:
        s = scores[field]
        print(f"{field:<15}{s['expected']:>6}{s['precision']:>11.3f}{s['recall']:>9.3f}")
    micro_p = sum(scores[f]["precision"] for f in FIELDS) / len(FIELDS)
    micro_r = sum(scores[f]["recall"] for f in FIELDS) / len(FIELDS)
    print(f"{'mean':<15}{'':>6}{micro_p:>11.3f}{micro_r:>9.3f}")
    if problems:
        print("\nmismatches:")
        for line in problems:
            print("  " + line)


if __name__ == "__main__":
    main()
