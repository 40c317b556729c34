"""Uploading a report through the "Tài liệu" view, then asking about it in chat.

Uses the contract of POST /api/documents (field "files", per-document ingest report)
and DELETE /api/documents/{name}; the uploaded document is deleted again at the end so
the session's shared index is left as it was.
"""
import re
import urllib.parse

from playwright.sync_api import expect

from tests.web.test_web import ANSWER_TIMEOUT, api_get, ask, open_app


NAME = "xa-minh-khai-bc-cds-2024.txt"
REPORT = """BÁO CÁO
Kết quả thực hiện chuyển đổi số năm 2024 trên địa bàn xã Minh Khai

I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU

STT\tCác chỉ tiêu\tKết quả đạt được
I\tKinh tế số\t
1\tTỷ lệ hộ kinh doanh trên địa bàn xã ký hợp đồng điện tử với nhà cung cấp nước sạch đạt trên 60%\tĐạt 64%, đã hoàn thành
2\tSố điểm bán hàng nông sản địa phương có mã QR truy xuất nguồn gốc đạt 40 điểm\tĐạt 12 điểm, chưa hoàn thành

II. PHƯƠNG HƯỚNG NĂM 2025

Tiếp tục duy trì các chỉ tiêu đã đạt.
"""


def test_upload_report_then_ask_about_it(web, live_server_url, tmp_path, screenshot_dir):
    path = tmp_path / NAME
    path.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bang-tinh.xls"
    bad.write_bytes(b"not a document")
    open_app(web, live_server_url, "#tai-lieu")
    expect(web.get_by_test_id("document-row").first).to_be_visible()
    try:
        with web.expect_response(lambda r: r.url.endswith("/api/documents") and r.request.method == "POST",
                                 timeout=ANSWER_TIMEOUT) as info:
            web.get_by_test_id("upload-input").set_input_files([str(path), str(bad)])
        body = info.value.json()
        item = next(d for d in body["documents"] if d["name"] == NAME)
        assert item["status"] in ("added", "replaced") and item["indicators"] >= 2, item

        # The page shows the server's ingest report, and refuses the .xls itself, naming it.
        report = web.get_by_test_id("upload-report")
        added = report.locator(f"[data-testid=ingest-item][data-name='{NAME}']")
        expect(added).to_have_attribute("data-status", item["status"])
        expect(added).to_contain_text(f"{item['indicators']} chỉ tiêu")
        refused = report.locator("[data-testid=ingest-item][data-name='bang-tinh.xls']")
        expect(refused).to_have_attribute("data-status", "error")
        expect(refused).to_contain_text("không hỗ trợ")
        expect(web.locator(f"[data-testid=document-row][data-name='{NAME}']")).to_be_visible()
        assert any(d["name"] == NAME for d in api_get(live_server_url, "/api/documents"))
        web.screenshot(path=str(screenshot_dir / "desktop-upload.png"))

        web.get_by_test_id("nav-chat").click()
        answer = ask(web, "Xã Minh Khai đạt bao nhiêu % hộ kinh doanh ký hợp đồng điện tử với nhà cung cấp nước sạch?")
        assert answer["found"], answer["answer"]
        assert "64%" in answer["answer"]
        assert any(c["source"] == NAME for c in answer["citations"])
    finally:
        open_app(web, live_server_url, "#tai-lieu")
        row = web.locator(f"[data-testid=document-row][data-name='{NAME}']")
        if row.count():
            web.once("dialog", lambda d: d.accept())
            with web.expect_response(lambda r: urllib.parse.unquote(r.url).endswith("/api/documents/" + NAME)
                                     and r.request.method == "DELETE", timeout=ANSWER_TIMEOUT):
                row.get_by_test_id("document-delete").click()
            expect(web.get_by_test_id("document-message")).to_contain_text(NAME)
            expect(row).to_have_count(0)
    assert not any(d["name"] == NAME for d in api_get(live_server_url, "/api/documents"))
    assert not [e for e in web.js_errors if not re.search(r"ResizeObserver", e)], web.js_errors
