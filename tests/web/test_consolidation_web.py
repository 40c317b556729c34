"""The "Tổng hợp" view in a real browser: matrix, status colours, filters, source panel, exports.

Expected values come from the API at run time (no hard-coded counts).
"""
import csv
import io
import urllib.parse

from playwright.sync_api import expect

from assistant.text.normalize import strip_markup

from tests.web.test_web import api_get, collapse, open_app

LABELS = {"completed": "Đã hoàn thành", "in_progress": "Đang thực hiện", "not_completed": "Chưa đạt", "unknown": "Chưa rõ"}

# Background colour of the page's own status badge, to compare matrix cells with.
BADGE_BG_JS = """status => {
    const b = document.createElement('span');
    b.className = 'badge badge-' + status;
    document.body.appendChild(b);
    const c = getComputedStyle(b).backgroundColor;
    b.remove();
    return c;
}"""


def open_matrix(page, base):
    open_app(page, base, "#tong-hop")
    table = page.get_by_test_id("consolidation-table")
    expect(table).to_have_attribute("aria-busy", "false")
    return table


def test_matrix_cells_coloured_by_status(web, live_server_url, screenshot_dir):
    data = api_get(live_server_url, "/api/consolidation")
    table = open_matrix(web, live_server_url)
    cells = table.get_by_test_id("matrix-cell")
    expect(cells).to_have_count(sum(len(r["cells"]) for r in data["rows"]))
    expect(table.get_by_test_id("matrix-unit")).to_have_count(len(data["units"]))
    expect(table.get_by_test_id("matrix-row")).to_have_count(len(data["rows"]))

    shown = cells.evaluate_all("""cs => cs.map(c => ({status: c.dataset.status, source: c.dataset.source,
        start: c.dataset.start, text: c.innerText, bg: getComputedStyle(c).backgroundColor}))""")
    expected = {(s, str(c["start"])): (c["status"], c["result"] or LABELS[c["status"]])
                for r in data["rows"] for s, c in r["cells"].items()}
    colours = {}
    for c in shown:
        status, text = expected[(c["source"], c["start"])]
        assert c["status"] == status
        assert collapse(c["text"]) == collapse(text)
        colours.setdefault(status, web.evaluate(BADGE_BG_JS, status))
        assert c["bg"] == colours[status], (c, colours[status])
    assert len(colours) > 1, "the reports mix statuses: the matrix must show more than one colour"

    # Bars state the numbers as text too.
    bars = web.get_by_test_id("unit-bar")
    expect(bars).to_have_count(len(data["units"]))
    for u, text in zip(data["units"], bars.all_inner_texts()):
        assert f"{u['completed']}/{u['total']}" in text
    expect(web.get_by_test_id("indicator-bar")).to_have_count(len(data["rows"]))
    web.screenshot(path=str(screenshot_dir / "desktop-consolidation.png"))
    assert not web.js_errors, web.js_errors


def test_filter_by_level(web, live_server_url):
    data = api_get(live_server_url, "/api/consolidation")
    level = data["units"][0]["level"]
    want = api_get(live_server_url, "/api/consolidation", level=level)
    assert 0 < len(want["units"]) < len(data["units"])

    table = open_matrix(web, live_server_url)
    web.get_by_test_id("cons-level").select_option(level)
    expect(table.get_by_test_id("matrix-unit")).to_have_count(len(want["units"]))
    expect(table).to_have_attribute("aria-busy", "false")
    expect(table.get_by_test_id("matrix-cell")).to_have_count(sum(len(r["cells"]) for r in want["rows"]))
    sources = set(table.get_by_test_id("matrix-cell").evaluate_all("cs => cs.map(c => c.dataset.source)"))
    assert sources == {u["source"] for u in want["units"]}
    # Export links carry the filter.
    href = web.get_by_test_id("export-csv").get_attribute("href")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(href).query)["level"] == [level]
    assert not web.js_errors, web.js_errors


def test_cell_opens_source_at_its_span(web, live_server_url):
    table = open_matrix(web, live_server_url)
    cell = table.get_by_test_id("matrix-cell").nth(1)
    source, start = cell.get_attribute("data-source"), int(cell.get_attribute("data-start"))
    end = int(cell.get_attribute("data-end"))
    doc = api_get(live_server_url, "/api/documents/" + urllib.parse.quote(source))
    cell.click()
    mark = web.get_by_test_id("source-highlight")
    expect(mark).to_be_visible()
    # The panel renders the document's markup (italics, bold) as text: the highlight holds the span without it.
    assert collapse(mark.inner_text()) == collapse(strip_markup(doc["text"][start:end]))
    expect(web.get_by_test_id("source-title")).to_have_text(doc["title"] or doc["short_title"] or doc["name"])
    web.keyboard.press("Escape")
    expect(web.get_by_test_id("source-panel")).to_be_hidden()
    expect(cell).to_be_focused()


def test_export_links_download(web, live_server_url, tmp_path):
    data = api_get(live_server_url, "/api/consolidation")
    open_matrix(web, live_server_url)
    for testid, ext, kind in [("export-csv", "csv", "text/csv"), ("export-xlsx", "xlsx", "spreadsheetml")]:
        link = web.get_by_test_id(testid)
        with web.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"tong-hop-chi-tieu.{ext}"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        resp = web.request.get(live_server_url + link.get_attribute("href"))
        assert resp.ok and kind in resp.headers["content-type"]
        assert f'filename="tong-hop-chi-tieu.{ext}"' in resp.headers["content-disposition"]
        assert resp.body() == path.read_bytes() or ext == "xlsx"   # xlsx embeds a creation time
    rows = list(csv.reader(io.StringIO((tmp_path / "tong-hop-chi-tieu.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows[0]) == 4 + len(data["units"])
    assert len(rows[1:rows.index([])]) == len(data["rows"])


def test_many_units_sticky_column_and_phone(phone, live_server_url, screenshot_dir):
    """Sideways scrolling keeps the indicator column in place; the page itself never scrolls sideways."""
    table = open_matrix(phone, live_server_url)
    first = table.locator("tbody th.m-sticky").first
    left = first.bounding_box()["x"]
    phone.locator("#cons-wrap").evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    phone.wait_for_function("() => document.querySelector('#cons-wrap').scrollLeft > 0")
    assert abs(first.bounding_box()["x"] - left) < 1
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    phone.screenshot(path=str(screenshot_dir / "phone-consolidation.png"))
    assert not phone.js_errors, phone.js_errors
