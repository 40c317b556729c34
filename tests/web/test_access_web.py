"""The web page against a service that requires API keys: it asks for a key on 401 and works after."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.settings import Settings
from tests.conftest import serving

from test_web import ANSWERABLE, ask, open_app


@pytest.fixture(scope="module")
def secured_server(tmp_path_factory, index_settings, service):
    """A second live service, auth on, with one reader key."""
    from assistant.access.keys import KeyStore
    from assistant.server.app import create_app

    data = tmp_path_factory.mktemp("web-access")
    settings = Settings(**{**index_settings.model_dump(), "data_dir": data, "auth": "on"})
    _, key = KeyStore(settings.access_db).create("reader", "trình duyệt")
    with serving(create_app(settings, service=service)) as url:
        yield url, key


def test_page_asks_for_a_key_and_works_after(web, secured_server):
    url, key = secured_server
    open_app(web, url)
    dialog = web.get_by_test_id("key-dialog")
    expect(dialog).to_be_visible()
    expect(web.get_by_test_id("key-message")).to_contain_text("khóa API")
    web.get_by_test_id("key-input").fill("tla_sai")
    web.get_by_test_id("key-save").click()
    # A wrong key: asked again, with the server's reason.
    expect(dialog).to_be_visible()
    expect(web.get_by_test_id("key-message")).to_contain_text("không đúng")
    web.get_by_test_id("key-input").fill(key)
    web.get_by_test_id("key-save").click()
    expect(dialog).to_be_hidden()
    answer = ask(web, ANSWERABLE)
    assert answer["found"] and answer["citations"]
    assert web.evaluate("localStorage.getItem('trolyao.api_key')") == key
    # The key is remembered: a reload asks nothing.
    open_app(web, url)
    answer = ask(web, ANSWERABLE)
    assert answer["found"]
    expect(dialog).to_be_hidden()
    assert not web.js_errors, web.js_errors


def test_without_a_key_the_page_says_what_is_missing(web, secured_server):
    url, _ = secured_server
    open_app(web, url)
    expect(web.get_by_test_id("key-dialog")).to_be_visible()
    web.get_by_test_id("key-cancel").click()
    web.get_by_test_id("chat-input").fill(ANSWERABLE)
    web.get_by_test_id("chat-send").click()
    expect(web.get_by_test_id("key-dialog")).to_be_visible()  # asked again when a question needs it
    web.get_by_test_id("key-cancel").click()
    expect(web.get_by_test_id("chat-error").last).to_contain_text("khóa API")


def test_docs_page_renders_offline_under_the_csp(web, secured_server):
    url, _ = secured_server
    violations = []
    web.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    requests = []
    web.on("request", lambda r: requests.append(r.url))
    web.goto(url + "/docs")
    expect(web.locator(".swagger-ui .info .title")).to_contain_text("Trợ lý ảo")
    expect(web.locator(".opblock").first).to_be_visible()
    assert all(r.startswith(url) or r.startswith("data:") for r in requests), requests
    assert not violations, violations
