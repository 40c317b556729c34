"""API keys, roles and the audit log, through the real app, CLI and SQLite files."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from assistant.settings import Settings

QUESTION = "tong so tram bts toan tinh"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(folder))
    return folder


def cli(*args):
    from assistant.cli import main

    result = CliRunner().invoke(main, list(args))
    return result


def new_key(role, name="Người thử"):
    result = cli("keys", "create", "--role", role, "--name", name, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def secured(data_dir, index_settings, service):
    """An app with auth on, plus one key per role."""
    from assistant.server.app import create_app

    keys = {role: new_key(role, f"khóa {role}") for role in ("reader", "editor", "admin")}
    settings = Settings(**{**index_settings.model_dump(), "data_dir": data_dir, "auth": "on", "rate_limit_per_minute": 0})
    app = create_app(settings, service=service)
    with TestClient(app) as client:
        yield client, {role: k["key"] for role, k in keys.items()}, {role: k["id"] for role, k in keys.items()}


# A real upload through the real route, of a file the reader refuses: audited, and the index is untouched.
REFUSED_UPLOAD = {"files": ("mới.txt", b"\x00\x01\x02 not a report", "text/plain")}


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_keys_cli_create_list_revoke(data_dir):
    created = new_key("editor", "Phòng Văn hóa")
    assert created["key"].startswith("tla_") and created["role"] == "editor"
    listed = json.loads(cli("keys", "list", "--json").stdout)
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]
    stored = sqlite3.connect(data_dir / "access.sqlite").execute("SELECT hash FROM keys").fetchone()[0]
    assert created["key"] not in stored and len(stored) == 64  # only the hash is stored
    assert cli("keys", "revoke", created["id"]).exit_code == 0
    again = cli("keys", "revoke", created["id"])
    assert again.exit_code != 0 and "thu hồi" in again.output
    assert cli("keys", "revoke", "khong-co").exit_code != 0
    assert cli("keys", "create", "--role", "chief", "--name", "x").exit_code != 0
    assert cli("keys", "create", "--role", "reader", "--name", "  ").exit_code != 0


def test_no_key_or_a_wrong_key_gets_401(secured):
    client, _, _ = secured
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer" and "khóa API" in r.json()["detail"]
    r = client.post("/api/ask", json={"question": QUESTION}, headers=bearer("tla_sai"))
    assert r.status_code == 401 and "không đúng" in r.json()["detail"]
    for path in ("/api/documents", "/api/indicators", "/api/conversations", "/api/legal", "/api/me"):
        assert client.get(path).status_code in (401, 405), path
    # The page, its scripts, the docs and health stay reachable so the page can ask for a key.
    for path in ("/", "/static/app.js", "/docs", "/openapi.json", "/api/health"):
        assert client.get(path).status_code == 200, path


def test_roles(secured):
    client, keys, _ = secured
    assert client.post("/api/ask", json={"question": QUESTION}, headers=bearer(keys["reader"])).status_code == 200
    assert client.post("/api/ask", json={"question": QUESTION}, headers={"X-API-Key": keys["reader"]}).status_code == 200
    r = client.get("/api/audit", headers=bearer(keys["reader"]))
    assert r.status_code == 403 and "admin" in r.json()["detail"]
    assert client.post("/api/documents", files=REFUSED_UPLOAD, headers=bearer(keys["reader"])).status_code == 403
    r = client.post("/api/documents", files=REFUSED_UPLOAD, headers=bearer(keys["editor"]))
    assert r.status_code == 200 and r.json()["documents"][0]["status"] == "error" and r.json()["build"] is None
    assert client.get("/api/audit", headers=bearer(keys["editor"])).status_code == 403
    assert client.get("/api/audit", headers=bearer(keys["admin"])).status_code == 200
    assert client.get("/api/me", headers=bearer(keys["editor"])).json()["role"] == "editor"


def test_a_revoked_key_stops_working(secured):
    client, keys, ids = secured
    assert client.get("/api/documents", headers=bearer(keys["reader"])).status_code == 200
    assert cli("keys", "revoke", ids["reader"]).exit_code == 0
    assert client.get("/api/documents", headers=bearer(keys["reader"])).status_code == 401


def test_conversations_belong_to_their_key(secured):
    client, keys, _ = secured
    other = new_key("reader", "người khác")["key"]
    cid = client.post("/api/chat", json={"question": QUESTION}, headers=bearer(keys["reader"])).json()["conversation_id"]
    assert client.get(f"/api/conversations/{cid}", headers=bearer(keys["reader"])).status_code == 200
    assert client.get(f"/api/conversations/{cid}", headers=bearer(other)).status_code == 404
    r = client.post("/api/chat", json={"question": "còn Hà Tân thì sao?", "conversation_id": cid}, headers=bearer(other))
    assert r.status_code == 404
    assert client.delete(f"/api/conversations/{cid}", headers=bearer(other)).status_code == 404
    assert client.get("/api/conversations", headers=bearer(other)).json()["total"] == 0
    assert client.get("/api/conversations", headers=bearer(keys["reader"])).json()["total"] == 1
    assert client.get(f"/api/conversations/{cid}", headers=bearer(keys["admin"])).status_code == 200


def test_every_question_and_document_change_is_audited(secured, data_dir):
    client, keys, ids = secured
    answer = client.post("/api/ask", json={"question": QUESTION}, headers=bearer(keys["reader"])).json()
    client.post("/api/chat", json={"question": "_"}, headers=bearer(keys["editor"]))
    client.post("/api/documents", files=REFUSED_UPLOAD, headers=bearer(keys["editor"]))
    rows = client.get("/api/audit", params={"limit": 10}, headers=bearer(keys["admin"])).json()["items"]
    upload, refused, asked = rows[0], rows[1], rows[2]
    assert upload["action"] == "document.upload" and upload["key_id"] == ids["editor"] and "mới.txt" in upload["detail"]
    assert refused["action"] == "chat" and refused["status"] == 422 and refused["question"] == "_"
    assert asked["action"] == "ask" and asked["key_id"] == ids["reader"] and asked["status"] == 200
    assert asked["question"] == QUESTION and asked["found"] is answer["found"]
    assert asked["answer"] == answer["answer"][:300] and asked["client"] == "testclient"
    assert asked["citations"] == [{"source": c["source"], "start": c["start"], "end": c["end"]} for c in answer["citations"]]
    page = client.get("/api/audit", params={"limit": 1, "offset": 2}, headers=bearer(keys["admin"])).json()
    assert page["total"] == 3 and page["items"][0]["id"] == asked["id"]
    con = sqlite3.connect(data_dir / "audit.sqlite")
    for statement in ("UPDATE audit SET question='x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(statement)


def test_audit_cli_lists_and_exports(secured, tmp_path):
    client, keys, _ = secured
    client.post("/api/ask", json={"question": QUESTION}, headers=bearer(keys["reader"]))
    lines = cli("audit", "--json", "--limit", "5").stdout.splitlines()
    assert json.loads(lines[0])["question"] == QUESTION
    assert QUESTION in cli("audit").stdout
    assert cli("audit", "--export", str(tmp_path / "a.csv")).exit_code == 0
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    assert rows[-1]["question"] == QUESTION and rows[-1]["action"] == "ask"
    assert cli("audit", "--export", str(tmp_path / "a.jsonl")).exit_code == 0
    assert json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[-1])["question"] == QUESTION
    assert cli("audit", "--export", str(tmp_path / "a.txt")).exit_code != 0


@pytest.mark.parametrize("host, auth, required", [
    ("127.0.0.1", "auto", False), ("localhost", "auto", False), ("::1", "auto", False),
    ("0.0.0.0", "auto", True), ("10.0.0.5", "auto", True), ("127.0.0.1", "on", True), ("0.0.0.0", "off", False),
])
def test_auth_auto_depends_on_the_bound_host(host, auth, required):
    from assistant.server.auth import auth_required

    assert auth_required(Settings(host=host, auth=auth)) is required


def test_auth_off_still_names_a_caller_that_sends_a_key(data_dir, index_settings, service):
    from assistant.server.app import create_app

    key = new_key("reader")
    settings = Settings(**{**index_settings.model_dump(), "data_dir": data_dir, "rate_limit_per_minute": 0})
    with TestClient(create_app(settings, service=service)) as client:
        assert client.get("/api/me").json()["role"] == "admin"
        assert client.get("/api/me", headers=bearer(key["key"])).json()["key_id"] == key["id"]
