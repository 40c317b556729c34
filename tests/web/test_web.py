"""End-to-end tests of the web page against the real service.

Every check compares what the page shows with what the API returns, so the
tests hold whatever the corpus and the extraction produce (no hard-coded
counts). Screenshots go to eval/results/screenshots/.
"""
import json
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

ANSWER_TIMEOUT = 120_000  # first answers may wait for models to warm up
ANSWERABLE = "Tổng số trạm BTS trên toàn tỉnh Thanh Hóa là bao nhiêu?"
UNANSWERABLE = "Tỉnh Nghệ An có bao nhiêu trạm BTS?"
STORAGE_KEY = "trolyao.conversation_id"


# ---------------------------------------------------------------- helpers
def collapse(text):
    return re.sub(r"\s+", " ", text or "").strip()


def api_get(base, path, **params):
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v})
    url = base + path + ("?" + query if query else "")
    with urllib.request.urlopen(url, timeout=60) as resp:
        return json.loads(resp.read().decode("utf-8"))


def open_app(page, base, hash_=""):
    """Loads the page (optionally on a view: #chi-tieu, #can-cu-phap-ly) and waits for the script."""
    page.goto(base + "/" + hash_)
    expect(page.locator("body")).to_have_attribute("data-view", re.compile(r"\w+"))


def ask(page, question):
    """Types a question, sends it with the button and returns the Answer JSON."""
    page.get_by_test_id("chat-input").fill(question)
    with page.expect_response(lambda r: r.url.endswith("/api/chat") and r.request.method == "POST",
                              timeout=ANSWER_TIMEOUT) as info:
        page.get_by_test_id("chat-send").click()
    response = info.value
    assert response.ok, f"/api/chat answered {response.status}: {response.text()[:300]}"
    body = response.json()
    answers = page.get_by_test_id("message-answer")
    expect(answers.last).to_be_visible()
    return body["answer"]


# Elements sticking out of the viewport sideways. The page may hide overflow,
# so a scrollWidth check alone would miss content that is simply cut off.
OVERFLOW_JS = """() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > vw) out.push('document scrollWidth ' + document.documentElement.scrollWidth);
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.width < 2 || r.height < 2) continue;
        if (r.right > vw + 1 || r.left < -1) {
            out.push(e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || '') +
                     ' [' + Math.round(r.left) + ',' + Math.round(r.right) + '] ' + (e.textContent || '').trim().slice(0, 40));
        }
    }
    return out.slice(0, 8);
}"""


def horizontal_overflow(page):
    """[] when nothing on the page is wider than the window."""
    return page.evaluate(OVERFLOW_JS)


# True when the highlight is inside the visible part of the panel body.
HIGHLIGHT_IN_VIEW_JS = """() => {
    const m = document.querySelector('[data-testid=source-highlight]');
    const b = document.querySelector('[data-testid=source-body]');
    if (!m || !b) return false;
    const mr = m.getBoundingClientRect(), br = b.getBoundingClientRect();
    return mr.height > 0 && mr.top >= br.top - 1 && mr.top < br.bottom - 10;
}"""


# ------------------------------------------------------------------ tests
def test_question_gets_answer_with_citation(web, live_server_url, screenshot_dir):
    open_app(web, live_server_url)
    answer = ask(web, ANSWERABLE)

    assert answer["found"] is True, f"expected an answer, got: {answer['answer'][:200]}"
    assert answer["citations"], "a found answer must cite at least one passage"
    node = web.get_by_test_id("message-answer").last
    expect(node).to_have_attribute("data-found", "true")
    chips = node.get_by_test_id("citation")
    expect(chips).to_have_count(len(answer["citations"]))
    # Markers like [1] become superscript links, not literal text.
    if re.search(r"\[\d+\]", answer["answer"]):
        expect(node.locator("sup a.cite-ref").first).to_be_visible()
    expect(web.get_by_test_id("chat-send")).to_be_enabled()
    expect(web.get_by_test_id("chat-loading")).to_have_count(0)
    web.screenshot(path=str(screenshot_dir / "desktop-answer.png"))
    assert not web.js_errors, web.js_errors


def test_citation_opens_source_panel_with_highlight(web, live_server_url, screenshot_dir):
    open_app(web, live_server_url)
    answer = ask(web, ANSWERABLE)
    assert answer["citations"], "need a citation to click"
    first = answer["citations"][0]

    chip = web.get_by_test_id("message-answer").last.get_by_test_id("citation").first
    chip.click()
    panel = web.get_by_test_id("source-panel")
    expect(panel).to_be_visible()
    mark = panel.get_by_test_id("source-highlight")
    expect(mark).to_be_visible()
    assert collapse(mark.inner_text()) == collapse(first["quote"])

    doc = api_get(live_server_url, "/api/documents/" + urllib.parse.quote(first["source"]))
    expect(panel.get_by_test_id("source-title")).to_have_text(doc["title"] or doc["short_title"] or doc["name"])
    # The panel scrolls by itself to the cited passage.
    web.wait_for_function(HIGHLIGHT_IN_VIEW_JS, timeout=5_000)
    web.screenshot(path=str(screenshot_dir / "desktop-source-panel.png"))

    # Escape closes the panel and gives focus back to the chip.
    web.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(chip).to_be_focused()
    assert not web.js_errors, web.js_errors


def test_indicator_filter_count_matches_api(web, live_server_url, screenshot_dir):
    source = "thanhhoa-bc-cds-9thang-2023.txt"
    expected = api_get(live_server_url, "/api/indicators", status="completed", source=source)
    assert len(expected) > 0, "the 9-month report states completed indicators"

    open_app(web, live_server_url)
    web.get_by_test_id("nav-indicators").click()
    table = web.get_by_test_id("indicators-table")
    expect(table).to_be_visible()
    web.get_by_test_id("source-filter").select_option(source)
    web.get_by_test_id("status-filter").select_option("completed")
    expect(table).to_have_attribute("aria-busy", "false")

    expect(web.get_by_test_id("indicators-count")).to_have_text(str(len(expected)))
    rows = table.get_by_test_id("indicator-row")
    expect(rows).to_have_count(len(expected))
    statuses = rows.evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert set(statuses) == {"completed"}
    # The counters describe the selected document; "completed" must agree too.
    counts = web.get_by_test_id("status-counts")
    expect(counts.get_by_test_id("count-completed")).to_have_text(str(len(expected)))
    scope = api_get(live_server_url, "/api/indicators", source=source)
    expect(counts.get_by_test_id("count-all")).to_have_text(str(len(scope)))
    web.screenshot(path=str(screenshot_dir / "desktop-indicators.png"))
    assert not web.js_errors, web.js_errors


def test_indicator_row_opens_its_source(web, live_server_url):
    items = api_get(live_server_url, "/api/indicators")
    assert items, "the indicator extraction returned nothing"
    open_app(web, live_server_url, "#chi-tieu")
    table = web.get_by_test_id("indicators-table")
    expect(table).to_have_attribute("aria-busy", "false")
    row = table.get_by_test_id("indicator-row").first
    item_id = row.get_attribute("data-id")
    item = next(i for i in items if str(i["id"]) == item_id)
    doc = api_get(live_server_url, "/api/documents/" + urllib.parse.quote(item["source"]))

    row.get_by_test_id("view-source").click()
    mark = web.get_by_test_id("source-highlight")
    expect(mark).to_be_visible()
    assert collapse(mark.inner_text()) == collapse(doc["text"][item["start"]:item["end"]])
    web.get_by_test_id("source-close").click()
    expect(web.get_by_test_id("source-panel")).to_be_hidden()


def test_compare_across_units(web, live_server_url, screenshot_dir):
    items = api_get(live_server_url, "/api/indicators")
    by_canon = {}
    for i in items:
        if i.get("canonical_id"):
            by_canon.setdefault(i["canonical_id"], []).append(i)
    shared = [v for v in by_canon.values() if len({i["source"] for i in v}) > 1]
    if not shared:
        pytest.skip("no canonical indicator appears in more than one document")
    target = shared[0][0]
    expected = api_get(live_server_url, "/api/indicators", canonical_id=target["canonical_id"])

    open_app(web, live_server_url, "#chi-tieu")
    table = web.get_by_test_id("indicators-table")
    expect(table).to_have_attribute("aria-busy", "false")
    row = table.locator(f'[data-testid=indicator-row][data-id="{target["id"]}"]')
    row.get_by_test_id("compare").click()
    dialog = web.get_by_test_id("compare-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("compare-card")).to_have_count(len(expected))
    web.screenshot(path=str(screenshot_dir / "desktop-compare.png"))
    web.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_legal_view_lists_references_and_opens_mentions(web, live_server_url, screenshot_dir):
    legal = api_get(live_server_url, "/api/legal")
    assert legal, "no legal references extracted"
    open_app(web, live_server_url, "#can-cu-phap-ly")
    table = web.get_by_test_id("legal-table")
    expect(table).to_have_attribute("aria-busy", "false")
    expect(table.get_by_test_id("legal-row")).to_have_count(len(legal))

    entry = next(e for e in legal if e.get("mentions"))
    row = table.locator(f'[data-testid=legal-row][data-key="{entry["key"]}"]')
    mention = entry["mentions"][0]
    row.get_by_test_id("legal-mention").first.click()
    mark = web.get_by_test_id("source-highlight")
    expect(mark).to_be_visible()
    doc = api_get(live_server_url, "/api/documents/" + urllib.parse.quote(mention["source"]))
    assert collapse(mark.inner_text()) == collapse(doc["text"][mention["start"]:mention["end"]])
    web.screenshot(path=str(screenshot_dir / "desktop-legal.png"))


def test_new_conversation_shows_suggestions(web, live_server_url, screenshot_dir):
    open_app(web, live_server_url)
    expect(web.get_by_test_id("suggestion")).to_have_count(5)
    web.screenshot(path=str(screenshot_dir / "desktop-empty.png"))
    ask(web, ANSWERABLE)
    expect(web.get_by_test_id("suggestion")).to_have_count(0)
    assert web.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")

    web.get_by_test_id("new-conversation").click()
    expect(web.get_by_test_id("message-answer")).to_have_count(0)
    expect(web.get_by_test_id("suggestion")).to_have_count(5)
    assert web.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None
    expect(web.get_by_test_id("chat-input")).to_be_focused()

    # A suggestion is a real question: clicking it asks it.
    with web.expect_response(lambda r: r.url.endswith("/api/chat"), timeout=ANSWER_TIMEOUT):
        web.get_by_test_id("suggestion").first.click()
    expect(web.get_by_test_id("message-answer")).to_have_count(1)


def test_reload_restores_conversation(web, live_server_url):
    open_app(web, live_server_url)
    first = ask(web, ANSWERABLE)
    ask(web, UNANSWERABLE)
    conv_id = web.evaluate(f"localStorage.getItem('{STORAGE_KEY}')")
    assert conv_id
    server_side = api_get(live_server_url, "/api/conversations/" + urllib.parse.quote(conv_id))

    web.reload()
    users = web.get_by_test_id("message-user")
    expect(users).to_have_count(2)
    expect(users.first).to_have_text(ANSWERABLE)
    answers = web.get_by_test_id("message-answer")
    expect(answers).to_have_count(sum(1 for m in server_side["messages"] if m["role"] == "assistant"))
    expect(answers.first).to_have_attribute("data-found", "true" if first["found"] else "false")
    expect(answers.first.get_by_test_id("citation")).to_have_count(len(first["citations"]))
    expect(answers.last).to_have_attribute("data-found", "false")
    expect(web.get_by_test_id("suggestion")).to_have_count(0)


def test_unanswerable_question_is_marked_not_found(web, live_server_url, screenshot_dir):
    open_app(web, live_server_url)
    answer = ask(web, UNANSWERABLE)
    assert answer["found"] is False
    node = web.get_by_test_id("message-answer").last
    expect(node).to_have_attribute("data-found", "false")
    expect(node).to_contain_text("Không tìm thấy trong tài liệu")
    expect(node.get_by_test_id("citation")).to_have_count(0)
    web.screenshot(path=str(screenshot_dir / "desktop-not-found.png"))


def test_loading_indicator_and_disabled_send(web, live_server_url):
    held = []
    # Hold the request so the waiting state can be observed, then let it go.
    web.route("**/api/chat", lambda route: held.append(route))
    open_app(web, live_server_url)
    web.get_by_test_id("chat-input").fill(ANSWERABLE)
    web.get_by_test_id("chat-send").click()
    expect(web.get_by_test_id("chat-loading")).to_be_visible()
    expect(web.get_by_test_id("chat-send")).to_be_disabled()
    web.wait_for_function("() => true")  # let the route handler run
    assert held, "the page did not call /api/chat"
    held[0].continue_()
    expect(web.get_by_test_id("message-answer")).to_have_count(1, timeout=ANSWER_TIMEOUT)
    expect(web.get_by_test_id("chat-loading")).to_have_count(0)
    expect(web.get_by_test_id("chat-send")).to_be_enabled()


def test_server_error_is_shown_in_chat(web, live_server_url, screenshot_dir):
    detail = "Máy chủ đang bảo trì, vui lòng thử lại sau."
    web.route("**/api/chat", lambda route: route.fulfill(
        status=500, content_type="application/json", body=json.dumps({"detail": detail})))
    open_app(web, live_server_url)
    web.get_by_test_id("chat-input").fill(ANSWERABLE)
    web.get_by_test_id("chat-send").click()
    error = web.get_by_test_id("chat-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(detail)
    expect(web.get_by_test_id("chat-send")).to_be_enabled()
    web.screenshot(path=str(screenshot_dir / "desktop-error.png"))

    # A network failure is reported too, never a blank page.
    web.unroute("**/api/chat")
    web.route("**/api/chat", lambda route: route.abort())
    web.get_by_test_id("chat-input").fill(ANSWERABLE)
    web.get_by_test_id("chat-input").press("Enter")
    expect(error).to_have_count(2)
    expect(error.last).to_contain_text("Không kết nối được")


def test_keyboard_enter_sends_shift_enter_newline(web, live_server_url):
    open_app(web, live_server_url)
    box = web.get_by_test_id("chat-input")
    box.click()
    box.press_sequentially("Tổng số trạm BTS")
    box.press("Shift+Enter")
    box.press_sequentially("trên toàn tỉnh?")
    assert box.input_value() == "Tổng số trạm BTS\ntrên toàn tỉnh?"
    expect(web.get_by_test_id("message-user")).to_have_count(0)
    with web.expect_response(lambda r: r.url.endswith("/api/chat"), timeout=ANSWER_TIMEOUT):
        box.press("Enter")
    bubble = web.get_by_test_id("message-user")
    expect(bubble).to_have_text("Tổng số trạm BTS\ntrên toàn tỉnh?")
    assert "\n" in bubble.inner_text(), "the line break must be kept in the question bubble"
    expect(web.get_by_test_id("message-answer")).to_have_count(1)
    assert box.input_value() == ""


def test_phone_layout_has_no_horizontal_scroll(phone, live_server_url, screenshot_dir):
    page = phone
    open_app(page, live_server_url)
    expect(page.get_by_test_id("suggestion").first).to_be_visible()
    assert horizontal_overflow(page) == [], "empty chat"
    page.screenshot(path=str(screenshot_dir / "phone-empty.png"))

    answer = ask(page, ANSWERABLE)
    assert horizontal_overflow(page) == [], "chat with an answer"
    page.screenshot(path=str(screenshot_dir / "phone-answer.png"))
    if answer["citations"]:
        page.get_by_test_id("citation").first.click()
        expect(page.get_by_test_id("source-highlight")).to_be_visible()
        assert horizontal_overflow(page) == [], "source panel"
        page.screenshot(path=str(screenshot_dir / "phone-source-panel.png"))
        page.get_by_test_id("source-close").click()

    page.get_by_test_id("nav-indicators").click()
    expect(page.get_by_test_id("indicators-table")).to_have_attribute("aria-busy", "false")
    assert horizontal_overflow(page) == [], "indicators view"
    page.screenshot(path=str(screenshot_dir / "phone-indicators.png"))

    page.get_by_test_id("nav-legal").click()
    expect(page.get_by_test_id("legal-table")).to_have_attribute("aria-busy", "false")
    assert horizontal_overflow(page) == [], "legal view"
    page.screenshot(path=str(screenshot_dir / "phone-legal.png"))
    assert not page.js_errors, page.js_errors


def test_long_list_collapses_beyond_ten_items(web, live_server_url):
    open_app(web, live_server_url)
    answer = ask(web, "Những chỉ tiêu nào của tỉnh đang thực hiện?")
    assert answer["found"] and answer["count"] and answer["count"] > 10
    node = web.get_by_test_id("message-answer").last
    more = node.get_by_test_id("answer-more")
    expect(more).to_be_hidden()
    expand = node.get_by_test_id("answer-expand")
    expect(expand).to_have_text(f"Hiện thêm {answer['count'] - 10}")
    expand.click()
    expect(more).to_be_visible()
    expect(node.get_by_test_id("answer-expand")).to_have_count(0)
    assert not web.js_errors, web.js_errors


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard(web, live_server_url):
    web.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server_url)
    open_app(web, live_server_url)
    answer = ask(web, ANSWERABLE)
    node = web.get_by_test_id("message-answer").last
    node.get_by_test_id("answer-copy").click()
    expect(node.get_by_test_id("answer-actions")).to_contain_text("Đã chép")
    copied = web.evaluate("() => navigator.clipboard.readText()")
    assert answer["citations"][0]["quote"] in copied and "[1]" in copied
    expect(node.get_by_test_id("answer-print")).to_be_visible()
    expect(node.get_by_test_id("answer-download")).to_be_visible()


def test_answer_text_shows_no_markup(web, live_server_url):
    open_app(web, live_server_url)
    ask(web, "Hà Tân có mấy chỉ tiêu chính quyền số đã hoàn thành?")
    text = web.get_by_test_id("message-answer").last.inner_text()
    for mark in ("**", "###", "<b>", "<i>", "Ghi rõ"):
        assert mark not in text


def test_source_panel_renders_markup_and_keeps_the_exact_highlight(web, live_server_url):
    open_app(web, live_server_url)
    answer = ask(web, "Hà Tân có mấy chỉ tiêu chính quyền số đã hoàn thành?")
    first = answer["citations"][0]
    assert first["source"] == "hatan-bc-cds-2023.txt"  # a document written with markdown and HTML markup
    web.get_by_test_id("message-answer").last.get_by_test_id("citation").first.click()
    mark = web.get_by_test_id("source-highlight")
    expect(mark).to_be_visible()
    panel_text = web.locator("#source-text").inner_text()
    for raw in ("**", "<b>", "</b>", "<i>", "\n### "):
        assert raw not in panel_text, raw
    assert web.locator("#source-text strong").count() > 0  # bold and headings are rendered, not dropped
    # The highlight covers exactly the cited span: the quote without its heading marks.
    assert collapse(mark.inner_text()) == collapse(re.sub(r"^#+\s*", "", first["quote"], flags=re.M))
    assert not web.js_errors, web.js_errors
