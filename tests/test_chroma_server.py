"""Chroma client/server mode: a real `chroma run` server, builds as collections, two API workers sharing it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.indexing import build_index
from assistant.settings import Settings
from tests.conftest import CACHE_NAME, copy_corpus, seed_cache

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([str(VENV_BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server_settings(chroma_server, tmp_path_factory, index_settings) -> Settings:
    root = tmp_path_factory.mktemp("server-mode")
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), index_dir=root / "index", data_dir=root / "data",
                        chroma_mode="server", chroma_port=chroma_server)
    seed_cache(settings.index_dir, index_settings.index_dir / CACHE_NAME)
    build_index(settings, progress=False)
    return settings


def collections(settings: Settings) -> set[str]:
    from assistant.components.chroma import client

    return {c.name for c in client(settings, settings.index_dir).list_collections()}


def test_a_build_is_a_collection_on_the_server_and_answers(server_settings):
    from assistant.qa.service import AnswerService

    settings = server_settings
    build = settings.current_index.resolve()
    assert not (build / "chroma").exists()  # no vectors on local disk
    assert f"{settings.chroma_collection_prefix}{build.name}" in collections(settings)
    answer = AnswerService(settings).ask("tong so tram bts toan tinh la bao nhieu").model_dump()
    assert answer["found"] and "9.399" in answer["answer"]


def test_old_builds_drop_their_collections(server_settings):
    settings = server_settings
    path = settings.corpus_dir / "hatan-bc-cds-2023.txt"
    original = path.read_text(encoding="utf-8")
    for n in range(3):
        path.write_text(original.replace("25 camera", f"{30 + n} camera"), encoding="utf-8")
        build_index(settings, progress=False)
    names = collections(settings)
    builds = {p.name for p in settings.index_dir.glob("build-*")}
    ours = {n for n in names if n.startswith(settings.chroma_collection_prefix)}
    assert ours == {settings.chroma_collection_prefix + b for b in builds}
    assert len(ours) <= 3


def test_two_workers_against_one_chroma_server_answer_the_same(server_settings):
    settings = server_settings
    env = {**os.environ, "ASSISTANT_CHROMA_MODE": "server", "ASSISTANT_CHROMA_PORT": str(settings.chroma_port),
           "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "ASSISTANT_DATA_DIR": str(settings.data_dir)}
    ports = [free_port(), free_port()]
    workers = [subprocess.Popen([str(VENV_BIN / "assistant"), "serve", "--port", str(p)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for p in ports]
    try:
        for p in ports:
            wait_for(f"http://127.0.0.1:{p}/api/health", 120)
        question = {"question": "Bỉm Sơn có bao nhiêu trạm BTS?"}
        answers = [httpx.post(f"http://127.0.0.1:{p}/api/ask", json=question, timeout=60).json() for p in ports]
        assert answers[0]["found"] and "108" in answers[0]["answer"]
        assert answers[0]["answer"] == answers[1]["answer"] and answers[0]["citations"] == answers[1]["citations"]
    finally:
        for w in workers:
            w.terminate()
            w.wait(timeout=10)
