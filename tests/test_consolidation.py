"""Consolidation of the units' reports: group keys, the indicator × unit matrix, exports, filters.

Expected numbers are recomputed here from Records.indicators()/documents(), never typed in.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from collections import defaultdict

import pytest
from openpyxl import load_workbook

from assistant.consolidation.matrix import consolidate, full
from assistant.extract.groups import group_key, group_label
from assistant.extract.store import SCHEMA, Records

STATUS_TEXT = {"Đã hoàn thành": "completed", "Đang thực hiện": "in_progress", "Chưa đạt": "not_completed", "Chưa rõ": "unknown"}


@pytest.fixture(scope="module")
def records(index_settings):
    return Records(index_settings.current_index / "records.sqlite")


def expected(records, sources=None):
    """Per-unit (completed, known, total) and per-indicator (completed, reporting) from the raw records."""
    reports = {d["name"] for d in records.documents() if d["kind"] == "báo cáo"}
    cells = {}
    for r in records.indicators():
        if r["source"] in reports and (sources is None or r["source"] in sources):
            key = (r["canonical_id"], r["source"])
            if key not in cells or (cells[key] == "unknown" and r["status"] != "unknown"):
                cells[key] = r["status"]
    units, rows = defaultdict(lambda: [0, 0, 0]), defaultdict(lambda: [0, 0])
    for (cid, source), status in cells.items():
        units[source][0] += status == "completed"
        units[source][1] += status != "unknown"
        units[source][2] += 1
        rows[cid][0] += status == "completed"
        rows[cid][1] += 1
    return {k: tuple(v) for k, v in units.items()}, {k: tuple(v) for k, v in rows.items()}


# ------------------------------------------------------------------ groups

@pytest.mark.parametrize("text", ["Kinh tế số", "Phát triển Kinh tế số", "Về Kinh tế số", "II. KINH TẾ SỐ",
                                  "Nhóm chỉ tiêu về kinh tế số", "2.1. Lĩnh vực kinh tế số", "a) Kinh tế số:"])
def test_group_variants_share_a_key(text):
    assert group_key(text) == group_key("kinh te so") == "kinh te so"


def test_groups_that_differ_keep_different_keys():
    keys = {group_key(t) for t in ["Chính quyền số", "Xã hội số", "Kinh tế số", "Hạ tầng và nền tảng số", "Dữ liệu số"]}
    assert len(keys) == 5
    assert group_key("") == "" and group_key(None) == ""
    assert group_key("Về") == "ve"   # nothing but a filler word: kept rather than emptied


def test_group_label_is_the_most_common_wording():
    assert group_label(["II. KINH TẾ SỐ", "Kinh tế số", "Về Kinh tế số", "Kinh tế số"]) == "Kinh tế số"
    assert group_label(["1. Dữ liệu số"]) == "Dữ liệu số"
    assert group_label([None, ""]) == ""


# ------------------------------------------------------------------ matrix

def test_matrix_columns_are_the_reports(records):
    m = consolidate(records)
    reports = [d for d in records.documents() if d["kind"] == "báo cáo"]
    assert sorted(c.source for c in m.columns) == sorted(d["name"] for d in reports)
    by_name = {d["name"]: d for d in reports}
    for c in m.columns:
        assert (c.unit, c.level, c.period) == (by_name[c.source]["unit"], by_name[c.source]["level"], by_name[c.source]["period"])
    plans = {d["name"] for d in records.documents() if d["kind"] != "báo cáo"}
    assert plans and not any(s in plans for r in m.rows for s in r.cells)


def test_matrix_completion_matches_records(records):
    m = consolidate(records)
    units, rows = expected(records)
    assert {c.source: (c.completed, c.known, c.total) for c in m.columns} == units
    assert {r.canonical_id: (r.completed, r.reporting) for r in m.rows} == rows
    # Some indicators are reported by several units: the point of the matrix.
    assert any(r.reporting > 1 for r in m.rows)


def test_matrix_cells_point_at_their_records(records):
    by_id = {r["id"]: r for r in records.indicators()}
    for row in consolidate(records).rows:
        for source, cell in row.cells.items():
            rec = by_id[cell["indicator_id"]]
            assert (rec["source"], rec["canonical_id"], rec["start"], rec["end"]) == (source, row.canonical_id, cell["start"], cell["end"])
            assert cell["status"] == rec["status"] and cell["result"] == (rec["result"] or "")


def test_row_groups_are_normalized(records):
    m = consolidate(records)
    raw = {r["group"] for r in records.indicators() if r["group"]}
    assert len({g["key"] for g in m.groups}) < len(raw)          # variants were merged
    for row in m.rows:
        assert row.group_key == group_key(row.group)


def test_filters_by_level_period_group_status(records):
    base = consolidate(records)
    level = base.columns[0].level
    m = consolidate(records, level=level.upper())                # case and diacritics do not matter
    assert m.columns and all(c.level == level for c in m.columns)
    units, _ = expected(records, {c.source for c in m.columns})
    assert {c.source: (c.completed, c.known, c.total) for c in m.columns} == units

    period = base.columns[-1].period
    assert all(c.period == period for c in consolidate(records, period=period).columns)

    g = base.groups[0]
    rows = consolidate(records, group=g["label"]).rows
    assert rows and all(r.group_key == g["key"] for r in rows)
    assert len(rows) == sum(1 for r in base.rows if r.group_key == g["key"])

    rows = consolidate(records, status="not_completed").rows
    assert rows and all(any(c["status"] == "not_completed" for c in r.cells.values()) for r in rows)


def test_matrix_is_cached_per_records(records):
    assert full(records) is full(records)


def test_fast_with_500_units(tmp_path):
    """500 unit reports × 20 indicators: one pass, well under a second, filters on the cached matrix."""
    path = tmp_path / "records.sqlite"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    statuses = ["completed", "in_progress", "not_completed", "unknown"]
    for u in range(500):
        con.execute("INSERT INTO documents (name, kind, level, unit, period) VALUES (?,?,?,?,?)",
                    (f"u{u}.txt", "báo cáo", "xã" if u % 2 else "huyện-thị xã", f"xã số {u}", "năm 2025"))
        con.executemany('INSERT INTO indicators (id, source, "group", text, result, status, status_source, start, "end", canonical_id) '
                        "VALUES (?,?,?,?,?,?,?,?,?,?)",
                        [(f"u{u}-{i}", f"u{u}.txt", f"Nhóm {i % 4}", f"Chỉ tiêu {i}", "1", statuses[(u + i) % 4], "stated",
                          i * 10, i * 10 + 5, f"c{i}") for i in range(20)])
    con.commit()
    con.close()
    recs = Records(path)
    t0 = time.perf_counter()
    m = consolidate(recs)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    half = consolidate(recs, level="xa")
    filtered = time.perf_counter() - t0
    assert len(m.columns) == 500 and len(m.rows) == 20
    assert sum(c.total for c in m.columns) == 10_000
    assert len(half.columns) == 250 and all(r.reporting == 250 for r in half.rows)
    assert built < 1.0 and filtered < 0.5, (built, filtered)


# ------------------------------------------------------------------ API

def test_api_consolidation_matches_records(client, records):
    body = client.get("/api/consolidation").json()
    units, rows = expected(records)
    assert {u["source"]: (u["completed"], u["known"], u["total"]) for u in body["units"]} == units
    assert {r["canonical_id"]: (r["completed"], r["reporting"]) for r in body["rows"]} == rows
    some = next(r for r in body["rows"] if r["cells"])
    cell = next(iter(some["cells"].values()))
    assert set(cell) == {"status", "status_source", "result", "target", "indicator_id", "start", "end"}


def test_api_level_filter(client, records):
    level = next(d["level"] for d in records.documents() if d["kind"] == "báo cáo")
    body = client.get("/api/consolidation", params={"level": level}).json()
    assert body["units"] and {u["level"] for u in body["units"]} == {level}


@pytest.mark.parametrize("params, word", [({"level": "không-có"}, "Cấp"), ({"period": "năm 1900"}, "Kỳ báo cáo"),
                                          ({"district": "xyz"}, "Huyện"), ({"group": "Nhóm không tồn tại"}, "Nhóm"),
                                          ({"status": "done"}, "Trạng thái")])
def test_bad_filters_get_422_in_vietnamese(client, params, word):
    for path in ("/api/consolidation", "/api/consolidation/export"):
        resp = client.get(path, params=params)
        assert resp.status_code == 422, resp.text
        detail = resp.json()["detail"]
        assert word in detail and next(iter(params.values())) in detail


def test_bad_export_format_gets_422(client):
    resp = client.get("/api/consolidation/export", params={"format": "pdf"})
    assert resp.status_code == 422 and "pdf" in resp.json()["detail"]


def test_csv_export_parses_back(client, records):
    resp = client.get("/api/consolidation/export", params={"format": "csv"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    assert 'filename="tong-hop-chi-tieu.csv"' in resp.headers["content-disposition"]
    assert resp.content.startswith(b"\xef\xbb\xbf")                       # BOM for Excel
    lines = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    blank = lines.index([])
    matrix, unit_part = lines[:blank], lines[blank + 1:]
    body = client.get("/api/consolidation").json()
    assert len(matrix) - 1 == len(body["rows"]) and len(matrix[0]) == 4 + len(body["units"])
    units, rows = expected(records)
    by_label = defaultdict(list)
    for cid, counts in rows.items():
        by_label[next(r["label"] for r in body["rows"] if r["canonical_id"] == cid)].append(counts)
    for line in matrix[1:]:
        assert (int(line[2]), int(line[3])) in by_label[line[1]]
        statuses = [STATUS_TEXT[c.split(": ", 1)[0]] for c in line[4:] if c]
        assert len(statuses) == int(line[3]) and statuses.count("completed") == int(line[2])
    got = {u[4]: (int(u[5]), int(u[6]), int(u[7])) for u in unit_part[1:]}
    assert got == units


def test_xlsx_export_parses_back(client, records):
    resp = client.get("/api/consolidation/export", params={"format": "xlsx", "level": "xã"})
    assert resp.status_code == 200
    assert 'filename="tong-hop-chi-tieu.xlsx"' in resp.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Ma trận", "Theo đơn vị", "Chỉ tiêu"]
    body = client.get("/api/consolidation", params={"level": "xã"}).json()
    units, _ = expected(records, {u["source"] for u in body["units"]})
    per_unit = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert {r[4]: (r[5], r[6], r[7]) for r in per_unit} == units
    matrix = wb["Ma trận"]
    assert matrix.max_row - 1 == len(body["rows"])
    coloured = [c for row in matrix.iter_rows(min_row=2, min_col=5) for c in row if c.value]
    assert coloured and all(c.fill.fgColor.rgb.endswith(("E5F4EA", "E6EFFA", "FDECEA", "ECEFF3")) for c in coloured)
    by_id = {r["id"]: r for r in records.indicators()}
    recs = list(wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    assert recs
    for r in recs:
        rec = by_id[r[4]]
        assert (r[3], r[11], r[12]) == (rec["source"], rec["start"], rec["end"])


def test_api_units_lists_every_document(client, records):
    body = client.get("/api/units").json()
    names = sorted(d["name"] for u in body for d in u["documents"])
    assert names == sorted(d["name"] for d in records.documents())
    for u in body:
        assert {"unit", "level", "district", "periods"} <= set(u)


def test_district_when_documents_carry_it(tmp_path):
    """Documents may carry their parent district: it becomes a column attribute and a filter."""
    path = tmp_path / "records.sqlite"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    for u, district in enumerate(["huyện Đông", "huyện Đông", "huyện Tây"]):
        con.execute("INSERT INTO documents (name, kind, level, unit, period, district) VALUES (?,?,?,?,?,?)",
                    (f"x{u}.txt", "báo cáo", "xã", f"xã {u}", "năm 2025", district))
        con.execute('INSERT INTO indicators (id, source, "group", text, status, start, "end", canonical_id) VALUES (?,?,?,?,?,?,?,?)',
                    (f"x{u}-1", f"x{u}.txt", "Về Dữ liệu số", "Chỉ tiêu một", "completed" if u else "unknown", 0, 5, "c1"))
    con.commit()
    con.close()
    recs = Records(path)
    m = consolidate(recs, district="huyen dong")
    assert [c.source for c in m.columns] == ["x0.txt", "x1.txt"]
    assert [(c.completed, c.known, c.total) for c in m.columns] == [(0, 0, 1), (1, 1, 1)]
    assert [(r.completed, r.reporting, r.group_key, r.group) for r in m.rows] == [(1, 2, "du lieu so", "Về Dữ liệu số")]
    with pytest.raises(ValueError, match="huyện Nam"):
        consolidate(recs, district="huyện Nam")
