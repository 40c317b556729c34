"""The built wheel works without the checkout: prompts and the web page ship, folders default to the cwd.

The wheel is built offline from a copy of the sources and installed (without dependencies) into a
fresh venv; the dependencies come from the shared environment's site-packages through PYTHONPATH,
which does not process .pth files, so the editable install of the checkout stays invisible.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["assistant", "prompts", "pyproject.toml", "setup.py", "README.md"]


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, environment) with only the wheel of this checkout installed."""
    tmp = tmp_path_factory.mktemp("packaging")
    src = tmp / "src"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, src / name)
    # Nothing of the checkout on the path (a PYTHONPATH pointing at it would make pip think it is installed).
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PYTHONPATH"}
    run(sys.executable, "-m", "pip", "wheel", src, "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", tmp / "dist", env=clean)
    wheel = next((tmp / "dist").glob("tro_ly_ao-*.whl"))
    run(sys.executable, "-m", "venv", tmp / "venv", env=clean)
    python = tmp / "venv" / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, env=clean)
    env = {**clean, "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    cwd = tmp / "run"
    cwd.mkdir()
    return python, env, cwd


def test_installed_copy_reads_its_prompts(installed):
    python, env, cwd = installed
    code = ("import assistant, json; from assistant.qa.compose import templates; from assistant.resources import prompt_path;"
            "from assistant.generation.llm import templates as gen; from assistant.settings import Settings;"
            "s = Settings(); print(json.dumps([assistant.__file__, sorted(templates()), sorted(gen()),"
            "str(prompt_path('answers.toml')), str(s.corpus_dir), str(s.index_dir), str(s.data_dir)]))")
    where, answers, generate, prompt, corpus, index, data = json.loads(run(python, "-c", code, cwd=cwd, env=env).stdout)
    venv = python.parent.parent
    assert Path(where).is_relative_to(venv), where  # the wheel, not the checkout
    assert Path(prompt).is_relative_to(venv) and "not_found" in answers and {"system", "user"} <= set(generate)
    # an installed copy works on the folder it is started from
    assert (corpus, index, data) == (str(cwd / "corpus"), str(cwd / "index"), str(cwd / "data"))


def test_installed_copy_serves(installed, index_settings):
    python, env, cwd = installed
    (cwd / "index").symlink_to(index_settings.index_dir, target_is_directory=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([str(python.parent / "assistant"), "serve", "--port", str(port)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                health = json.load(urllib.request.urlopen(url + "/api/health", timeout=2))
                break
            except OSError:
                assert time.monotonic() < deadline, "the installed server did not start"
                time.sleep(0.3)
        assert health["status"] == "ok" and health["documents"] >= 1
        page = urllib.request.urlopen(url + "/", timeout=10).read().decode()
        assert "<html" in page.lower() and "app.js" in page
        assert urllib.request.urlopen(url + "/static/app.js", timeout=10).status == 200
        request = urllib.request.Request(url + "/api/ask", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"question": "Tổng số trạm BTS toàn tỉnh là bao nhiêu?"}).encode())
        answer = json.load(urllib.request.urlopen(request, timeout=60))
        assert answer["found"] and "9.399" in answer["answer"]
        assert (cwd / "data" / "conversations.sqlite").exists()  # data/ of the working folder
    finally:
        proc.terminate()
        proc.wait(timeout=10)
