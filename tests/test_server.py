"""The HTTP API through FastAPI's test client, on the real index."""

def test_ask_returns_the_answer_json(client):
    r = client.post("/api/ask", json={"question": "Quyết định 1829/QĐ-UBND ban hành ngày nào?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"question", "answer", "found", "citations", "intent", "latency_ms"}
    c = body["citations"][0]
    assert set(c) >= {"id", "source", "title", "section", "quote", "start", "end"}


def test_chat_keeps_context_and_persists(client):
    r = client.post("/api/chat", json={"question": "Bỉm Sơn đạt bao nhiêu % tài khoản định danh điện tử?"})
    cid = r.json()["conversation_id"]
    r2 = client.post("/api/chat", json={"question": "còn Hà Tân thì sao?", "conversation_id": cid})
    assert r2.status_code == 200 and "28%" in r2.json()["answer"]["answer"]
    conv = client.get(f"/api/conversations/{cid}").json()
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant", "user", "assistant"]


def test_conversations_survive_a_restart(client, index_settings, service):
    from fastapi.testclient import TestClient

    from assistant.server.app import create_app

    cid = client.post("/api/chat", json={"question": "tong so tram bts toan tinh"}).json()["conversation_id"]
    with TestClient(create_app(index_settings, service=service)) as fresh:
        assert len(fresh.get(f"/api/conversations/{cid}").json()["messages"]) == 2


def test_records_endpoints(client):
    rows = client.get("/api/indicators", params={"status": "completed", "source": "thanhhoa-bc-cds-9thang-2023.txt"}).json()
    assert len(rows) == 21
    ref = client.get("/api/legal/1829%2FQĐ-UBND").json()
    assert ref["key"] == "1829/QĐ-UBND" and ref["mentions"]
    docs = client.get("/api/documents").json()
    assert len(docs) == 5
    doc = client.get("/api/documents/bimson-bc-cds-2023.txt").json()
    assert doc["text"] and doc["sections"] and doc["title"]
    assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/openapi.json").status_code == 200


def test_bad_requests_get_4xx_with_a_vietnamese_message(client):
    cases = [
        client.post("/api/ask", json={"question": ""}),
        client.post("/api/ask", json={"question": "   "}),
        client.post("/api/ask", json={"question": "a" * 2001}),
        client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"}),
        client.post("/api/ask", json={}),
        client.post("/api/chat", json={"question": "xin chào", "conversation_id": "khong-co"}),
        client.get("/api/conversations/khong-co"),
        client.get("/api/documents/khong-co.txt"),
        client.get("/api/legal/999/XX-YY"),
        client.get("/api/indicators", params={"status": "xong"}),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        assert r.json()["detail"]


def test_the_web_page_is_served(client):
    r = client.get("/")
    assert r.status_code == 200 and "chat-input" in r.text
    # Works offline: no script, style or font from another host.
    assert "https://" not in r.text and "//cdn" not in r.text
