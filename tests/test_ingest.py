"""Documents added, replaced and removed while serving; damaged builds; builds in use are kept.

Everything runs for real: a copy of the corpus, an index built in a temporary folder
(seeded with the session's embedding cache), uvicorn on a loopback port, httpx.
"""

from __future__ import annotations

import os
import shutil
import time

import httpx
import pytest
from click.testing import CliRunner

from assistant.indexing import build_index
from assistant.indexing.build import IndexNotReady, resolve_build, verify_build
from assistant.settings import Settings
from tests.conftest import CACHE_NAME, copy_corpus, seed_cache, serving

NEW_REPORT = """ỦY BAN NHÂN DÂN
XÃ THẠCH LONG

Số: 31/BC-UBND

Thạch Long, ngày 12 tháng 12 năm 2024

BÁO CÁO
Kết quả thực hiện chuyển đổi số năm 2024

I. KẾT QUẢ THỰC HIỆN

1. Hạ tầng số

Trong năm 2024, UBND xã Thạch Long đã lắp đặt 17 camera giám sát an ninh trật tự tại các thôn.
Toàn xã có 1.245 hộ gia đình sử dụng cáp quang.
"""


@pytest.fixture(scope="module")
def live_index(tmp_path_factory, index_settings):
    """A writable corpus and index, served by a real uvicorn process-thread; yields (settings, base url)."""
    from assistant.server.app import create_app

    root = tmp_path_factory.mktemp("live")
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), index_dir=root / "index", data_dir=root / "data",
                        reload_check_seconds=0.2)
    seed_cache(settings.index_dir, index_settings.index_dir / CACHE_NAME)
    build_index(settings, progress=False)
    with serving(create_app(settings)) as url:
        yield settings, url


def ask(url: str, question: str) -> dict:
    r = httpx.post(url + "/api/ask", json={"question": question}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_uploaded_report_is_answerable_when_the_upload_returns(live_index):
    settings, url = live_index
    before = ask(url, "Xã Thạch Long lắp đặt bao nhiêu camera giám sát?")
    assert not before["found"]

    started = time.perf_counter()
    r = httpx.post(url + "/api/documents", files=[("files", ("xa-thach-long.txt", NEW_REPORT.encode(), "text/plain"))],
                   timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    [doc] = body["documents"]
    assert doc["status"] == "added" and doc["name"] == "xa-thach-long.txt" and doc["sections"] >= 2
    assert body["build"]["documents"] == 6
    assert time.perf_counter() - started < 30

    after = ask(url, "Xã Thạch Long lắp đặt bao nhiêu camera giám sát?")
    assert after["found"] and "17 camera" in after["answer"]
    assert any(c["source"] == "xa-thach-long.txt" for c in after["citations"])
    names = [d["name"] for d in httpx.get(url + "/api/documents").json()]
    assert "xa-thach-long.txt" in names


def test_replacing_a_report_serves_the_new_figures(live_index):
    _, url = live_index
    changed = NEW_REPORT.replace("17 camera", "19 camera")
    r = httpx.post(url + "/api/documents", files=[("files", ("xa-thach-long.txt", changed.encode(), "text/plain"))],
                   timeout=120)
    assert r.json()["documents"][0]["status"] == "replaced"
    answer = ask(url, "Xã Thạch Long lắp đặt bao nhiêu camera giám sát?")
    assert "19 camera" in answer["answer"] and "17 camera" not in answer["answer"]


def test_two_files_of_one_name_in_one_upload_keep_the_first_and_name_the_second(live_index):
    _, url = live_index
    files = [("files", ("xa-thach-long.txt", NEW_REPORT.encode(), "text/plain")),
             ("files", ("xa-thach-long.txt", NEW_REPORT.replace("17 camera", "23 camera").encode(), "text/plain"))]
    r = httpx.post(url + "/api/documents", files=files, timeout=120)
    assert r.status_code == 200, r.text
    first, second = sorted(r.json()["documents"], key=lambda d: d["status"] == "error")
    assert first["status"] in ("added", "replaced") and second["status"] == "error" and "trùng tên" in second["error"]
    assert "17 camera" in ask(url, "Xã Thạch Long lắp đặt bao nhiêu camera giám sát?")["answer"]


def test_broken_uploads_are_named_and_nothing_indexed_is_lost(live_index):
    settings, url = live_index
    before = httpx.get(url + "/api/health").json()["documents"]
    corpus_before = sorted(p.name for p in settings.corpus_dir.iterdir())
    corrupt_docx = b"PK\x03\x04" + os.urandom(300)
    files = [("files", ("hong.docx", corrupt_docx, "application/octet-stream")),
             ("files", ("rong.txt", b"   ", "text/plain")),
             ("files", ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "text/plain"))]
    r = httpx.post(url + "/api/documents", files=files, timeout=60)
    assert r.status_code == 200, r.text
    reports = {d["name"]: d for d in r.json()["documents"]}
    assert set(reports) == {"hong.docx", "rong.txt", "anh.txt"}
    for name, report in reports.items():
        assert report["status"] == "error" and name in report["error"]
    assert r.json()["build"] is None
    assert httpx.get(url + "/api/health").json()["documents"] == before
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == corpus_before


def test_an_upload_past_the_size_limit_is_refused(live_index):
    settings, url = live_index
    big = b"a" * (settings.max_upload_bytes + 1)
    r = httpx.post(url + "/api/documents", files=[("files", ("lon.txt", big, "text/plain"))], timeout=60)
    assert r.status_code == 413 and "lon.txt" in r.json()["detail"]


def test_removing_a_report_through_the_api(live_index):
    settings, url = live_index
    r = httpx.delete(url + "/api/documents/xa-thach-long.txt", timeout=120)
    assert r.status_code == 200 and r.json()["documents"][0]["status"] == "removed"
    assert not (settings.corpus_dir / "xa-thach-long.txt").exists()
    assert not ask(url, "Xã Thạch Long lắp đặt bao nhiêu camera giám sát?")["found"]
    assert httpx.delete(url + "/api/documents/khong-co.txt", timeout=30).status_code == 404


def test_the_service_follows_a_build_made_by_another_process(live_index):
    settings, url = live_index
    shutil.copyfile(settings.corpus_dir / "hatan-bc-cds-2023.txt", settings.corpus_dir / "ban-sao.txt")
    try:
        build_index(settings, progress=False)  # as `assistant index` in another process would
        deadline = time.time() + 30
        while time.time() < deadline and httpx.get(url + "/api/health").json()["documents"] != 6:
            time.sleep(0.2)
        assert httpx.get(url + "/api/health").json()["documents"] == 6
    finally:
        (settings.corpus_dir / "ban-sao.txt").unlink()
        build_index(settings, progress=False)


# ---------------------------------------------------------------- CLI


def test_cli_add_and_remove(tmp_index, tmp_path):
    from assistant.cli import main
    from assistant.extract.store import Records

    settings = tmp_index
    build_index(settings, progress=False)
    report = tmp_path / "xa-thach-long.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    args = ["--corpus", str(settings.corpus_dir), "--index-dir", str(settings.index_dir)]

    result = CliRunner().invoke(main, ["add", str(report), str(broken), *args])
    assert result.exit_code == 1  # one file was refused, the other added
    assert "added: xa-thach-long.txt" in result.stdout and "hong.docx" in result.stderr
    assert "xa-thach-long.txt" in {d["name"] for d in Records(resolve_build(settings) / "records.sqlite").documents()}

    result = CliRunner().invoke(main, ["remove", "xa-thach-long.txt", *args])
    assert result.exit_code == 0 and "removed: xa-thach-long.txt" in result.stdout
    assert "xa-thach-long.txt" not in {d["name"] for d in Records(resolve_build(settings) / "records.sqlite").documents()}

    result = CliRunner().invoke(main, ["remove", "khong-co.txt", *args])
    assert result.exit_code == 1 and "khong-co.txt" in result.stderr


def test_the_same_report_under_two_names_is_two_documents(tmp_index):
    """A unit sends the same file again under another name: both are indexed, each under its own name."""
    from assistant.extract.store import Records
    from assistant.indexing.ingest import add_documents

    settings = tmp_index
    build_index(settings, progress=False)
    results, report = add_documents(settings, [("xa-thach-long.txt", NEW_REPORT.encode())])
    results, report = add_documents(settings, [("gui-lai.txt", NEW_REPORT.encode())])
    assert [r.status for r in results] == ["added"] and report is not None
    names = {d["name"] for d in Records(resolve_build(settings) / "records.sqlite").documents()}
    assert {"xa-thach-long.txt", "gui-lai.txt"} <= names


# ---------------------------------------------------------------- damaged builds, builds in use


@pytest.mark.parametrize("damage", ["truncate-records", "remove-chroma", "remove-bm25", "remove-build-json"])
def test_a_damaged_current_build_falls_back_to_the_newest_intact_one(tmp_index, damage):
    from assistant.indexing.build import is_stale
    from assistant.retrieval import Searcher

    settings = tmp_index
    first = build_index(settings, progress=False)
    (settings.corpus_dir / "ban-sao.txt").write_text(NEW_REPORT, encoding="utf-8")
    second = build_index(settings, progress=False)
    current = settings.current_index.resolve()
    assert current.name == os.path.basename(second.build_dir)
    if damage == "truncate-records":
        with open(current / "records.sqlite", "r+b") as f:
            f.truncate(1000)
    elif damage == "remove-chroma":
        shutil.rmtree(current / "chroma")
    elif damage == "remove-bm25":
        shutil.rmtree(current / "bm25")
    else:
        (current / "build.json").unlink()

    problem = verify_build(current)
    assert problem and current.name in problem and "\n" not in problem
    assert resolve_build(settings).name == os.path.basename(first.build_dir)
    hits = Searcher(settings).search("Hà Tân lắp đặt camera an ninh", 3)
    assert hits  # served from the previous build
    assert is_stale(settings)

    from assistant.cli import main

    result = CliRunner().invoke(main, ["index", "--if-stale", "--corpus", str(settings.corpus_dir),
                                       "--index-dir", str(settings.index_dir)])
    assert result.exit_code == 0, result.output
    assert verify_build(settings.current_index.resolve()) is None and not is_stale(settings)


def test_no_usable_build_is_a_clear_error(tmp_index):
    settings = tmp_index
    build_index(settings, progress=False)
    for build in settings.index_dir.glob("build-*"):
        (build / "build.json").unlink()
    with pytest.raises(IndexNotReady, match="assistant index"):
        resolve_build(settings)


def test_a_build_in_use_is_never_deleted(tmp_index):
    from assistant.retrieval import Searcher

    settings = tmp_index
    build_index(settings, progress=False)
    serving = Searcher(settings)
    for n in range(3):
        (settings.corpus_dir / "ban-sao.txt").write_text(NEW_REPORT.replace("17", str(20 + n)), encoding="utf-8")
        build_index(settings, progress=False)
    assert serving.build_dir.exists()
    assert serving.search("Hà Tân lắp đặt camera an ninh", 1)  # still answers from its own build
    serving.close()
    (settings.corpus_dir / "ban-sao.txt").unlink()
    build_index(settings, progress=False)
    assert not serving.build_dir.exists()
