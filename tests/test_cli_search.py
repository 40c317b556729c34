"""The `assistant search` command: plain, --json and --jsonl (one process, order kept)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main

REPO = Path(__file__).resolve().parent.parent
KEYS = {"source", "section", "text", "score", "start", "end"}


def run(args, index_settings, **kwargs):
    return CliRunner().invoke(main, [*args, "--index-dir", str(index_settings.index_dir)], **kwargs)


def test_search_prints_hits(index_settings):
    result = run(["search", "tong so tram bts toan tinh", "--k", "3"], index_settings)
    assert result.exit_code == 0, result.output
    assert "9.399" in result.stdout
    assert "thanhhoa-bc-cds-9thang-2023.txt" in result.stdout


def test_search_json(index_settings):
    result = run(["search", "Hà Tân lắp đặt camera an ninh", "--k", "2", "--json"], index_settings)
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and all(KEYS <= set(h) for h in hits)
    assert any("25 camera" in h["text"] for h in hits)


def test_search_rejects_punctuation(index_settings):
    result = run(["search", "?!..."], index_settings)
    assert result.exit_code == 2
    assert "trống" in result.stderr
    result = run(["search"], index_settings)
    assert result.exit_code == 2


def test_search_without_index(tmp_path):
    result = CliRunner().invoke(main, ["search", "chuyển đổi số", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "assistant index" in result.stderr


QUERIES = [
    ("Hà Tân lắp đặt camera an ninh", "hatan-bc-cds-2023.txt", "25 camera"),
    ("so tram bts bim son", "bimson-bc-cds-2023.txt", "108"),
    ("Quyết định 2733/QĐ-BYT hướng dẫn thí điểm Sổ sức khỏe điện tử", "thanhhoa-kh-cds-2025.txt", "2733/QĐ-BYT"),
    ("   ", None, None),
    ("tổng số trạm BTS toàn tỉnh Thanh Hóa", "thanhhoa-bc-cds-9thang-2023.txt", "9.399"),
]


def check_jsonl(lines):
    assert len(lines) == len(QUERIES)
    for line, (query, source, needle) in zip(lines, QUERIES):
        record = json.loads(line)
        if source is None:
            assert record["hits"] == [] and "trống" in record["error"]
            continue
        assert len(record["hits"]) == 3
        assert all(KEYS <= set(h) for h in record["hits"])
        assert record["hits"][0]["source"] == source, query
        assert any(needle in h["text"] for h in record["hits"]), query


def test_search_jsonl_keeps_order(index_settings):
    stdin = "".join(json.dumps({"query": q}, ensure_ascii=False) + "\n" for q, _, _ in QUERIES)
    result = run(["search", "--jsonl", "--k", "3"], index_settings, input=stdin)
    assert result.exit_code == 0, result.output
    check_jsonl(result.stdout.splitlines())


def test_search_jsonl_in_one_subprocess_with_clean_stdout(index_settings):
    """The console entry point as a real process: settings from the environment, only JSON on stdout."""
    stdin = "".join(json.dumps({"query": q}, ensure_ascii=False) + "\n" for q, _, _ in QUERIES)
    stdin += "this is not json\n"
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_settings.index_dir), "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "search", "--jsonl", "--k", "3"],
        input=stdin, capture_output=True, text=True, env=env, timeout=300, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    check_jsonl(lines[:-1])
    assert json.loads(lines[-1])["hits"] == [] and "JSON" in json.loads(lines[-1])["error"]
