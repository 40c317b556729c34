"""Optional phrasing by an OpenAI-compatible model server, against a REAL local HTTP server.

No model can be installed here, so the test starts a small FastAPI app under uvicorn on a free
loopback port that answers in the OpenAI chat format; what it says is chosen per test (faithful,
inventing a number, echoing the prompt, hanging). Everything else is the real service.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from assistant.generation import phrase
from assistant.generation.verify import problems

QUESTION = "Tổng số trạm BTS trên toàn tỉnh Thanh Hóa là bao nhiêu?"
FIGURE = re.compile(r"\d{1,3}(?:\.\d{3})+")


class FakeModel:
    """What the fake server says, and what it was sent."""

    def __init__(self):
        self.mode = "faithful"
        self.requests: list[dict] = []

    def reply(self, body: dict) -> str:
        prompt = "\n".join(m["content"] for m in body["messages"])
        first_quote = re.search(r"^\[1\] .*?«(.*)»$", prompt, re.MULTILINE).group(1)
        figure = FIGURE.search(first_quote).group(0)  # a figure the quote really holds
        if self.mode == "faithful":
            return f"Theo báo cáo, con số là {figure} [1]."
        if self.mode == "invented":
            return f"Con số là {figure}, tăng 42% so với năm trước [1]."
        if self.mode == "bad_ref":
            return f"Con số là {figure} [7]."
        if self.mode == "echo":
            return prompt
        raise AssertionError(self.mode)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def model_server():
    fake = FakeModel()
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request):
        body = await request.json()
        fake.requests.append(body)
        for _ in range(600):  # "hang": no answer until the next test changes the mode
            if fake.mode != "hang":
                break
            await asyncio.sleep(0.05)
        return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": fake.reply(body)},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    fake.url = f"http://127.0.0.1:{port}/v1"
    yield fake
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def fake(model_server):
    model_server.mode, model_server.requests = "faithful", []
    return model_server


def llm_settings(index_settings, url: str, timeout: float = 5.0, retries: int = 1):
    return index_settings.model_copy(update={"llm_base_url": url, "llm_model": "test-model",
                                             "llm_timeout_seconds": timeout, "llm_max_retries": retries})


@pytest.fixture(scope="module")
def extractive(service):
    answer = service.ask(QUESTION).model_dump()
    assert answer["found"] and answer["citations"]
    return answer


def test_off_by_default_returns_the_answer_untouched(index_settings, extractive):
    assert index_settings.llm_base_url is None
    assert phrase(extractive, index_settings) is extractive


def test_faithful_reply_is_used(index_settings, extractive, fake):
    out = phrase(extractive, llm_settings(index_settings, fake.url))
    assert out["answer_path"] == "generated", out["generation_note"]
    assert out["generation_note"] is None
    assert out["answer"] != extractive["answer"] and out["answer"].endswith("[1].")
    assert out["citations"] == extractive["citations"]
    # the model was sent the question and the exact quotes, and asked with the configured model name
    sent = "\n".join(m["content"] for m in fake.requests[0]["messages"])
    assert fake.requests[0]["model"] == "test-model"
    assert QUESTION in sent and all(c["quote"] in sent for c in extractive["citations"])


def test_invented_number_falls_back_to_extractive(index_settings, extractive, fake):
    fake.mode = "invented"
    out = phrase(extractive, llm_settings(index_settings, fake.url))
    assert out["answer_path"] == "extractive"
    assert out["answer"] == extractive["answer"]
    assert "42%" in out["generation_note"] and "không có trong trích dẫn" in out["generation_note"]


def test_reference_to_a_missing_citation_falls_back(index_settings, extractive, fake):
    fake.mode = "bad_ref"
    out = phrase(extractive, llm_settings(index_settings, fake.url))
    assert out["answer_path"] == "extractive" and "[7]" in out["generation_note"]


def test_echoed_prompt_falls_back(index_settings, extractive, fake):
    fake.mode = "echo"
    out = phrase(extractive, llm_settings(index_settings, fake.url))
    assert out["answer_path"] == "extractive" and out["answer"] == extractive["answer"]
    assert "lời nhắc" in out["generation_note"]


def test_hanging_server_is_timed_out(index_settings, extractive, fake):
    fake.mode = "hang"
    timeout, retries = 1.0, 1
    started = time.perf_counter()
    out = phrase(extractive, llm_settings(index_settings, fake.url, timeout=timeout, retries=retries))
    elapsed = time.perf_counter() - started
    assert out["answer_path"] == "extractive" and out["answer"] == extractive["answer"]
    assert "Timeout" in out["generation_note"]
    assert len(fake.requests) == retries + 1  # retried exactly as configured
    assert (retries + 1) * timeout <= elapsed < (retries + 1) * timeout + 2.0


def test_dead_port_falls_back_fast(index_settings, extractive):
    started = time.perf_counter()
    out = phrase(extractive, llm_settings(index_settings, f"http://127.0.0.1:{free_port()}/v1", timeout=5.0))
    assert time.perf_counter() - started < 3.0
    assert out["answer_path"] == "extractive" and out["answer"] == extractive["answer"]
    assert "Connection" in out["generation_note"]


def test_refusal_is_never_sent_to_the_model(index_settings, service, fake):
    refusal = service.ask("Giá vé máy bay từ Hà Nội đi Đà Nẵng là bao nhiêu?").model_dump()
    assert refusal["found"] is False
    out = phrase(refusal, llm_settings(index_settings, fake.url))
    assert out["answer"] == refusal["answer"] and out["answer_path"] == "extractive"
    assert fake.requests == []


def test_http_routes_use_generation_when_enabled(index_settings, service, fake):
    from assistant.server.app import create_app

    app = create_app(llm_settings(index_settings, fake.url), service=service)
    with TestClient(app) as client:
        asked = client.post("/api/ask", json={"question": QUESTION}).json()
        chat = client.post("/api/chat", json={"question": QUESTION}).json()["answer"]
        v1 = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]}).json()
        fake.mode = "invented"
        rejected = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]}).json()
    assert asked["answer_path"] == chat["answer_path"] == v1["answer_path"] == "generated"
    assert v1["choices"][0]["message"]["content"].startswith(asked["answer"] + "\n\nNguồn:\n[1] ")
    assert rejected["answer_path"] == "extractive" and "42%" in rejected["generation_note"]
    assert rejected["choices"][0]["message"]["content"].startswith(service.ask(QUESTION).answer)


@pytest.mark.parametrize("text, fine", [
    ("Toàn tỉnh có 9.399 trạm BTS [1].", True),
    ("Toàn tỉnh có 9399 trạm BTS [1].", True),       # same value, other spelling
    ("Toàn tỉnh có 9.400 trạm BTS [1].", False),
    ("Tỷ lệ 19,4% [1].", True),
    ("Tỷ lệ 19.4% [1].", True),
    ("Tỷ lệ 19,4 [1].", False),                       # a percentage is not a plain number
    ("Đạt 21/43 xã [1].", True),
    ("Đạt 22/43 xã [1].", False),
    ("Theo Quyết định 1829/QĐ-UBND ngày 30/05/2023 [1].", True),
    ("Theo Quyết định 1830/QĐ-UBND [1].", False),
    ("Ban hành ngày 31/5/2023 [1].", False),
    ("Toàn tỉnh có 9.399 trạm BTS.", False),          # no citation
    ("", False),
])
def test_verification_rules(text, fine):
    citations = [{"id": 1, "quote": "Có 9.399 trạm BTS, tỷ lệ dùng chung 19,4%, 21/43 xã hoàn thành "
                                    "theo Quyết định số 1829/QĐ-UBND ngày 30/5/2023."}]
    assert (problems(text, citations, ["Trả lời ngắn gọn bằng tiếng Việt, tối đa ba câu."]) == []) is fine


def test_a_pydantic_answer_comes_back_as_the_same_model(index_settings, extractive, fake):
    """The QA core may return a pydantic Answer instead of a dict: phrase keeps its type."""
    from pydantic import BaseModel

    class Answer(BaseModel):
        question: str
        answer: str
        found: bool
        citations: list[dict]
        intent: str
        latency_ms: float
        answer_path: str = "extractive"
        generation_note: str | None = None

    model = Answer(**extractive)
    out = phrase(model, llm_settings(index_settings, fake.url))
    assert isinstance(out, Answer) and out.answer_path == "generated" and out.answer != model.answer
    assert phrase(model, index_settings) is model
