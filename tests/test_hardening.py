"""Regression tests for the hostile-input and load findings (issue #10) on the real service."""

from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from assistant.qa.validation import QuestionError, validate_question
from assistant.settings import Settings


@pytest.fixture
def make_client(tmp_path, index_settings, service):
    """A fresh app over the session's service with its own data folder and settings overrides."""
    from assistant.server.app import create_app

    clients = []

    def make(**overrides) -> TestClient:
        settings = Settings(**{**index_settings.model_dump(), "data_dir": tmp_path / "data", "rate_limit_per_minute": 0,
                               **overrides})
        client = TestClient(create_app(settings, service=service))
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


def post_raw(client, path: str, raw: bytes):
    return client.post(path, content=raw, headers={"content-type": "application/json"})


# ------------------------------------------------------------------ one validation


@pytest.mark.parametrize("bad, needle", [
    ("_", "trống"), ("___ ... ---", "trống"), ("", "trống"), ("bts \ud800 toàn tỉnh", "surrogate"),
    ("bts\x00tỉnh", "điều khiển"), ("x" * 2001, "quá dài"),
])
def test_validate_question_names_what_is_wrong(bad, needle):
    with pytest.raises(QuestionError, match=needle):
        validate_question(bad, 2000)


def test_validate_question_keeps_newlines_tabs_and_diacritics():
    assert validate_question("  tổng số\ttrạm\nBTS?  ", 2000) == "tổng số\ttrạm\nBTS?"


@pytest.mark.parametrize("raw", [
    b'{"question": "_"}', b'{"question": "___"}', b'{"question": "\\ud800"}', b'{"question": "bts \\udc00 tinh"}',
    b'{"question": "bts\\u0000tinh"}', b'{"question": 5}', b'{"question": ["a"]}', b'[]', b'"x"', b'{}',
    b'{"question": "bts", "extra": 1}',
])
def test_hostile_questions_get_a_vietnamese_4xx_never_500(make_client, raw):
    client = make_client()
    for path in ("/api/ask", "/api/chat"):
        r = post_raw(client, path, raw)
        assert 400 <= r.status_code < 500, (path, raw, r.status_code, r.text)
        detail = r.json()["detail"]
        assert isinstance(detail, str) and any(ch in detail for ch in "ăâđêôơưàáảãạ«»")


def test_surrogate_conversation_id_is_refused(make_client):
    client = make_client()
    r = post_raw(client, "/api/chat", b'{"question": "tong so tram bts", "conversation_id": "\\ud800abc"}')
    assert r.status_code == 422 and "conversation_id" in r.json()["detail"]
    assert client.get("/api/conversations/%ED%A0%80").status_code in (404, 422)


def test_a_question_lengthened_past_the_limit_by_expansion_is_answered(make_client, service):
    # Glossary expansion appends the documents' wording: a valid question at the limit grows past it.
    from assistant.text.glossary import expand

    base = "CĐS và CCHC của tỉnh: tổng số trạm BTS toàn tỉnh là bao nhiêu? "
    question = (base * 40)[:2000]
    assert len(expand(question)) > 2000
    client = make_client()
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 200, r.text


def test_follow_up_chain_after_a_maximal_question_keeps_working(make_client):
    client = make_client()
    long_q = ("Bỉm Sơn đạt bao nhiêu phần trăm tài khoản định danh điện tử? " * 40)[:2000]
    r = client.post("/api/chat", json={"question": long_q})
    assert r.status_code == 200, r.text
    cid = r.json()["conversation_id"]
    for q in ["còn Hà Tân thì sao?", "đơn vị nào chủ trì?", "còn toàn tỉnh thì sao?", "còn Hà Tân thì sao?"]:
        r = client.post("/api/chat", json={"question": q, "conversation_id": cid})
        assert r.status_code == 200, (q, r.text)
    messages = client.get(f"/api/conversations/{cid}").json()["messages"]
    assert len(messages) == 10


# ------------------------------------------------------------------ errors and headers


def test_errors_are_json_vietnamese_and_405_says_allow(make_client):
    client = make_client()
    r = client.get("/api/ask")
    assert r.status_code == 405 and r.headers["allow"] == "POST" and "Phương thức" in r.json()["detail"]
    r = client.put("/static/app.js")
    assert r.status_code == 405 and "GET" in r.headers["allow"]
    r = client.get("/api/khong-co")
    assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy địa chỉ này."
    r = post_raw(client, "/api/ask", b"{not json")
    assert r.status_code == 400 and "JSON" in r.json()["detail"]
    r = client.post("/api/ask", json={})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str) and "question" in r.json()["detail"]


def test_security_headers_on_pages_api_errors_and_docs(make_client):
    client = make_client()
    for r in (client.get("/"), client.get("/api/health"), client.get("/api/khong-co"), client.get("/docs"),
              client.post("/api/ask", json={"question": "_"})):
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_docs_are_served_offline_without_inline_script(make_client):
    client = make_client()
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "https://" not in page and "<script>" not in page
    for path in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/static/docs-init.js"):
        assert client.get(path).status_code == 200, path
    assert client.get("/redoc").status_code == 404


def test_host_header_outside_the_allow_list_gets_400(make_client):
    client = make_client()
    r = client.get("/api/health", headers={"host": "evil.example"})
    assert r.status_code == 400 and "Host" in r.json()["detail"]
    assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "[::1]:8000"}).status_code == 200
    opened = make_client(allowed_hosts=["tro-ly.example"])
    assert opened.get("/api/health", headers={"host": "tro-ly.example"}).status_code == 200


def test_health_reports_the_loaded_build_and_no_path(make_client, service, index_settings):
    body = make_client().get("/api/health").json()
    assert body["status"] == "ok" and body["reasons"] == []
    assert body["build"]["id"] == service.searcher.build_dir.name
    assert body["build"]["created"] == service.searcher.info["created"]
    assert body["build"]["documents"] == len(service.docs)
    text = json.dumps(body)
    assert str(index_settings.index_dir) not in text and "/" not in body["build"]["id"]


# ------------------------------------------------------------------ limits


def test_rate_limit_answers_429_with_retry_after(make_client):
    client = make_client(rate_limit_per_minute=3)
    codes = [client.get("/api/documents").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    r = client.get("/api/documents")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "thử lại" in r.json()["detail"]
    assert client.get("/api/health").status_code == 200  # health is never throttled


def _http(url: str):
    parsed = urlparse(url)
    return parsed.hostname, parsed.port


def _read_response(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            part = sock.recv(65536)
            if not part:
                break
            data += part
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def test_a_100_mb_body_is_refused_at_once_without_being_read(live_server_url):
    host, port = _http(live_server_url)
    started = time.perf_counter()
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 104857600\r\n\r\n" + b"{" * 1000)
        answer = _read_response(sock, 5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.perf_counter() - started < 3


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(live_server_url):
    host, port = _http(live_server_url)
    sent = 0
    chunk = b"a" * 16384
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        sock.setblocking(False)
        answer = b""
        while sent < 50 * 1024 * 1024:  # bounded: 50 MB at most
            try:
                answer += sock.recv(65536)
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            if b"\r\n\r\n" in answer:
                break
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.01)
        if b"\r\n\r\n" not in answer:
            sock.setblocking(True)
            answer += _read_response(sock, 5)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    # Refused long before the end of the stream: what was sent is at most the loopback socket buffers
    # (a few MB, filled while a busy server is not yet reading), not the 50 MB the client would send.
    assert sent < 16 * 1024 * 1024, sent


def test_body_limits_are_per_path():
    from assistant.server.limits import BodyLimitMiddleware

    limits = BodyLimitMiddleware(None, 100, {"/api/documents": 1000})
    assert limits.limit_for("/api/ask") == 100 and limits.limit_for("/api/documents/upload") == 1000


# ------------------------------------------------------------------ concurrency


def test_ten_concurrent_chats_on_one_conversation_keep_each_answer_with_its_question(make_client):
    client = make_client()
    cid = client.post("/api/chat", json={"question": "tong so tram bts toan tinh"}).json()["conversation_id"]
    questions = [f"Chỉ tiêu số {i} về chuyển đổi số năm 2025 là gì?" for i in range(10)]
    errors = []

    def send(q):
        r = client.post("/api/chat", json={"question": q, "conversation_id": cid})
        if r.status_code != 200:
            errors.append(r.text)

    threads = [threading.Thread(target=send, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    messages = client.get(f"/api/conversations/{cid}").json()["messages"]
    assert len(messages) == 22
    for user, assistant in zip(messages[::2], messages[1::2]):
        assert user["role"] == "user" and assistant["role"] == "assistant"
        assert assistant["answer"]["question"] == user["text"]
    assert sorted(m["text"] for m in messages[2::2]) == sorted(questions)


def test_concurrent_searches_give_the_same_hits_as_one_at_a_time(searcher):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["tổng số trạm BTS toàn tỉnh", "so tram bts bim son", "camera an ninh Hà Tân", "chữ ký số", "hồ sơ trực tuyến"]
    alone = [[h.id for h in searcher.search(q, 5)] for q in queries]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda q: [h.id for h in searcher.search(q, 5)], queries * 3))
    assert together == alone * 3


def test_dense_query_is_capped_in_tokens(searcher):
    from assistant.components.embedding import truncate_tokens

    embed = searcher.embed
    long_q = "tổng số trạm BTS toàn tỉnh Thanh Hóa " * 60
    assert embed.token_count(long_q, True) > 300
    cut = truncate_tokens(long_q, embed.max_query_tokens, lambda t: embed.token_count(t, True))
    assert embed.token_count(cut, True) <= embed.max_query_tokens and long_q.startswith(cut)
    vector = embed.embed_queries([long_q])[0]
    assert float(vector @ embed.embed_queries([cut])[0]) > 0.9999  # only the capped query was embedded


# ------------------------------------------------------------------ conversations and the data folder


def test_unwritable_data_folder_degrades_instead_of_stopping(make_client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    client = make_client(data_dir=blocker / "data")
    health = client.get("/api/health").json()
    assert health["status"] == "degraded" and health["reasons"]
    assert str(blocker) not in json.dumps(health)
    assert client.post("/api/ask", json={"question": "tong so tram bts toan tinh"}).status_code == 200
    r = client.post("/api/chat", json={"question": "tong so tram bts toan tinh"})
    assert r.status_code == 200 and r.json()["persisted"] is False and r.json()["answer"]["found"]
    for r in (client.get("/api/conversations"), client.post("/api/conversations"), client.get("/api/conversations/abc")):
        assert r.status_code == 503 and "dữ liệu" in r.json()["detail"]


def test_conversations_page_and_delete(make_client):
    client = make_client()
    ids = [client.post("/api/conversations").json()["id"] for _ in range(5)]
    page = client.get("/api/conversations", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["limit"] == 2
    assert client.get("/api/conversations", params={"limit": 0}).status_code == 422
    assert client.delete(f"/api/conversations/{ids[0]}").json()["deleted"] is True
    assert client.get(f"/api/conversations/{ids[0]}").status_code == 404
    assert client.delete(f"/api/conversations/{ids[0]}").status_code == 404
    assert client.get("/api/conversations").json()["total"] == 4


def test_retention_purges_old_conversations(tmp_path):
    from assistant.qa.conversations import ConversationStore

    store = ConversationStore(tmp_path / "c.sqlite")
    old, new = store.create(), store.create()
    with store.con:
        store.con.execute("UPDATE conversations SET updated_at='2000-01-01T00:00:00+00:00' WHERE id=?", (old,))
    assert store.purge(0) == 0 and store.purge(30) == 1
    assert not store.exists(old) and store.exists(new)


def test_follow_up_context_is_bounded(tmp_path):
    from assistant.qa.conversations import ConversationStore

    store = ConversationStore(tmp_path / "c.sqlite")
    cid = store.create()
    for i in range(6):
        store.add_turn(cid, f"câu {i} " + "x" * 3000, {"answer": "a"})
    history = store.questions(cid, last=3, max_chars=2000)
    assert len(history) == 3 and history[0].startswith("câu 3") and all(len(h) <= 2000 for h in history)


# ------------------------------------------------------------------ --jsonl


def test_ask_jsonl_answers_an_error_line_for_each_bad_line_and_goes_on(index_settings):
    from click.testing import CliRunner

    from assistant.cli import main

    lines = [
        json.dumps({"question": "tong so tram bts toan tinh"}),
        json.dumps({"question": "_"}),
        '{"question": "bts \\ud800 tinh"}',
        json.dumps({"question": "còn Hà Tân thì sao?", "history": ["\ud800"]}),
        "{not json",
        json.dumps({"question": ("CĐS tổng số trạm BTS toàn tỉnh? " * 80)[:2000]}),
        json.dumps({"question": "còn Hà Tân thì sao?", "history": [("Bỉm Sơn tài khoản định danh " * 100)[:2000]]}),
    ]
    stdin = ("\n".join(lines) + "\n").encode("utf-8") + b"\xff\xfe bad bytes\n" + lines[0].encode() + b"\n"
    result = CliRunner().invoke(main, ["ask", "--jsonl", "--index-dir", str(index_settings.index_dir)], input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 9, result.output
    assert [("error" in o) for o in out] == [False, True, True, True, True, False, False, True, False]
    assert result.exit_code == 1  # some lines failed, all were answered


def test_search_jsonl_survives_surrogates_and_bad_bytes(index_settings):
    from click.testing import CliRunner

    from assistant.cli import main

    stdin = (b'{"query": "tong so tram bts"}\n{"query": "\\ud800"}\n\xff\xfe\n{"query": "_"}\n'
             b'{"query": "tong so tram bts"}\n')
    result = CliRunner().invoke(main, ["search", "--jsonl", "--k", "2", "--index-dir", str(index_settings.index_dir)],
                                input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [bool(o.get("error")) for o in out] == [False, True, True, True, False]
    assert out[0]["hits"] == out[-1]["hits"]


def test_long_questions_wait_for_a_slot_and_normal_ones_do_not(make_client):
    client = make_client(long_question_slots=1)
    slots = client.app.state.long_questions
    long_q = ("Tổng số trạm BTS trên toàn tỉnh Thanh Hóa là bao nhiêu? " * 10)[:500]
    done = threading.Event()
    assert slots.acquire(timeout=5)  # every long-question slot is busy
    try:
        worker = threading.Thread(target=lambda: (client.post("/api/ask", json={"question": long_q}), done.set()))
        worker.start()
        assert client.post("/api/ask", json={"question": "tong so tram bts toan tinh"}).status_code == 200
        assert not done.wait(0.5)  # the long one is still waiting for its slot
    finally:
        slots.release()
    assert done.wait(60)
    worker.join()


def test_two_workers_sharing_the_conversation_file_keep_every_turn_whole(tmp_path):
    """Two stores on one SQLite file stand for two worker processes: turns are numbered inside an
    IMMEDIATE transaction, so none is lost or split from its answer."""
    from assistant.qa.conversations import ConversationStore

    first, second = ConversationStore(tmp_path / "c.sqlite"), ConversationStore(tmp_path / "c.sqlite")
    cid = first.create("k")

    def talk(store, worker):
        for turn in range(15):
            store.add_turn(cid, f"hỏi {worker}-{turn}", {"answer": f"đáp {worker}-{turn}"})

    threads = [threading.Thread(target=talk, args=(store, n)) for n, store in enumerate([first, second, first, second])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    messages = second.get(cid)["messages"]
    assert len(messages) == 4 * 15 * 2
    for question, answer in zip(messages[::2], messages[1::2]):
        assert question["role"] == "user" and answer["text"] == question["text"].replace("hỏi", "đáp")
