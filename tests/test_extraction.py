"""Indicator, legal-reference and project extraction against hand-checked gold."""

from pathlib import Path

import pytest

from assistant.documents.loader import load_corpus, load_document
from assistant.documents.model import DocumentMeta
from assistant.extract.gold import align, load_gold, mismatches
from assistant.extract.store import Records, write_records

ROOT = Path(__file__).resolve().parent.parent
GOLD = load_gold(ROOT / "tests" / "gold" / "indicators")


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Records:
    docs, errors = load_corpus(ROOT / "corpus")
    assert not errors
    path = tmp_path_factory.mktemp("records") / "records.sqlite"
    write_records(docs, path)
    return Records(path)


@pytest.mark.parametrize("source", sorted(GOLD))
def test_every_gold_record_matches_field_by_field(records, source):
    pairs = align(records.indicators(source=source), GOLD[source])
    assert mismatches(pairs) == []


def test_province_counts_agree_with_its_own_text(records):
    # "Đến nay, đã hoàn thành 21/43 chỉ tiêu; còn lại 22/43 chỉ tiêu đang được triển khai thực hiện."
    rows = records.indicators(source="thanhhoa-bc-cds-9thang-2023.txt", plan="100/KH-BCĐ")
    assert len(rows) == 43
    assert sum(r["status"] == "completed" for r in rows) == 21
    assert sum(r["status"] == "in_progress" for r in rows) == 22
    assert all(r["status_source"] == "stated" for r in rows)


def test_2025_appendix_has_46_rows_with_targets_and_legal_bases(records):
    rows = records.indicators(source="thanhhoa-kh-cds-2025.txt")
    assert len(rows) == 46
    assert sum(r["number"] is None for r in rows) == 4
    row14 = next(r for r in rows if r["number"] == "14")
    assert row14["target"] == "Tối thiểu 70%"
    assert "3816/BTTTT-CĐSQG" in row14["legal_basis"]
    assert row14["lead_agency"].startswith("Trung tâm Phục vụ HCC tỉnh")


def test_derived_statuses_compare_numbers_with_targets(records):
    hatan = {r["number"]: r for r in records.indicators(source="hatan-bc-cds-2023.txt") if r["number"]}
    assert (hatan["33"]["status"], hatan["33"]["status_source"]) == ("not_completed", "derived")  # trên 30% vs 28%
    assert (hatan["25"]["status"], hatan["25"]["status_source"]) == ("completed", "derived")  # tối thiểu 90% vs 98%
    assert hatan["34"]["status"] == "unknown"  # "đạt ...%": no figure, no status
    bimson = [r for r in records.indicators(source="bimson-bc-cds-2023.txt", plan="100/KH-BCĐ")]
    borderline = next(r for r in bimson if r["text"].startswith("Phần đầu trên 30%"))
    assert (borderline["result"], borderline["status"]) == ("30%", "not_completed")  # "trên 30%" is strict


def test_same_indicator_is_linked_across_units(records):
    province = next(r for r in records.indicators(source="thanhhoa-bc-cds-9thang-2023.txt")
                    if r["text"].startswith("Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử"))
    linked = records.indicators(canonical_id=province["canonical_id"])
    assert {r["source"] for r in linked} >= {"thanhhoa-bc-cds-9thang-2023.txt", "bimson-bc-cds-2023.txt", "hatan-bc-cds-2023.txt"}


def test_spans_point_at_the_rows(records):
    for r in records.indicators()[:300]:
        text = records.document(r["source"])["text"][r["start"]:r["end"]]
        assert r["text"].split()[0] in text


def test_legal_references_are_normalized_and_kept_apart(records):
    [ref] = records.legal("1829 /QĐ-UBND")
    assert ref["key"] == "1829/QĐ-UBND" and ref["date"] == "30/05/2023"
    assert "tiêu chí chuyển đổi số cấp xã" in ref["title"]
    assert {m["source"] for m in ref["mentions"]} >= {"thanhhoa-bc-cds-9thang-2023.txt", "bimson-bc-cds-2023.txt", "hatan-bc-cds-2023.txt"}
    for m in ref["mentions"]:
        assert "1829" in records.document(m["source"])["text"][m["start"]:m["end"]]
    keys = {r["key"] for r in records.legal_refs()}
    assert {"47/2020/NĐ-CP", "47/2024/NĐ-CP"} <= keys


def test_it_projects_have_agencies_and_legal_bases(records):
    projects = records.projects()
    assert len(projects) == 14
    health = next(p for p in projects if p["name"].startswith("Triển khai Sổ sức khỏe điện tử"))
    assert health["lead_agency"] == "Sở Y tế"
    assert "2733/QĐ-BYT" in health["legal_keys"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_report_in_another_form_is_read_right(tmp_path):
    """A markdown pipe table with other header words and status words."""
    text = """# BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ XÃ MINH HOÁ

## I. Kết quả thực hiện các chỉ tiêu theo Kế hoạch số 12/KH-UBND ngày 05/01/2024

| Số TT | Tên chỉ tiêu | Mục tiêu | Kết quả thực hiện | Tình trạng | Cơ quan chủ trì |
|---|---|---|---|---|---|
| 1 | Tỷ lệ hồ sơ trực tuyến toàn trình | tối thiểu 70% | 72,5% | Đạt | Văn phòng UBND xã |
| 2 | Tỷ lệ dân số có chữ ký số | trên 50% | 41% | | Công an xã |
| 3 | Xây dựng kho dữ liệu dùng chung | Hoàn thành | | Chưa hoàn thành | Văn phòng UBND xã |
| 4 | Cổng thông tin xã | Duy trì | Duy trì ổn định | đang triển khai | |
"""
    doc = load_document(_write(tmp_path, "minhhoa.md", text), DocumentMeta(name="minhhoa.md"))
    write_records([doc], tmp_path / "r.sqlite")
    rows = {r["number"]: r for r in Records(tmp_path / "r.sqlite").indicators()}
    assert rows["1"]["plan"] == "12/KH-UBND"
    assert (rows["1"]["status"], rows["1"]["status_source"], rows["1"]["lead_agency"]) == ("completed", "stated", "Văn phòng UBND xã")
    assert (rows["2"]["status"], rows["2"]["status_source"], rows["2"]["target"]) == ("not_completed", "derived", "trên 50%")
    assert (rows["3"]["status"], rows["3"]["result"]) == ("not_completed", None)
    assert rows["4"]["status"] == "in_progress"


def test_malformed_tables_never_crash_and_are_reported(tmp_path):
    text = (
        "BÁO CÁO\nKết quả\n\nI. Chỉ tiêu\n\n"
        "STT\tChỉ tiêu\tKết quả\n"
        "1\tTỷ lệ A đạt trên 80%\t85%\tthừa một ô\n"  # extra cell
        "2\tTỷ lệ B đạt 50%\n"  # missing cell
        "3\t\t\n"  # empty row
        "4\tTỷ lệ C đạt 60%\tkhoảng bảy mươi\n"  # number that does not parse
        "\nSTT\tNội dung\tKết quả đạt được\n"  # a header with no rows
    )
    doc = load_document(_write(tmp_path, "xau.txt", text), DocumentMeta(name="xau.txt"))
    report = write_records([doc], tmp_path / "r.sqlite")
    rows = {r["number"]: r for r in Records(tmp_path / "r.sqlite").indicators()}
    assert rows["1"]["status"] == "completed"
    assert rows["2"]["result"] is None and rows["2"]["status"] == "unknown"
    assert rows["4"]["status"] == "unknown"
    assert any("dòng 7" in p and "xau.txt" in p for p in report["problems"])
