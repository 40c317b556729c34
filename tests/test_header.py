"""Metadata read from the document's own header; the manifest only overrides."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from assistant.documents.header import read_header
from assistant.documents.loader import load_corpus, load_document, read_manifest
from assistant.text.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate_reports", ROOT / "eval" / "generate_reports.py")
gen = sys.modules.setdefault("generate_reports", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(gen)

HEADER = """UBND HUYỆN YÊN ĐỊNH
ỦY BAN NHÂN DÂN XÃ ĐỊNH LONG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: {number}

Định Long, ngày {day} tháng 12 năm 2024

BÁO CÁO
Kết quả thực hiện chuyển đổi số {period}
{more}
Kính gửi: UBND huyện Yên Định.

I. KẾT QUẢ

Nội dung báo cáo.
"""


def _load(tmp_path: Path, text: str, name: str = "bc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_standard_header_gives_every_field(tmp_path):
    meta = _load(tmp_path, HEADER.format(number="125/BC-UBND", day="15", period="năm 2024", more="")).meta
    assert (meta.issuer, meta.level, meta.unit, meta.district) == ("UBND xã Định Long", "xã", "xã Định Long", "huyện Yên Định")
    assert (meta.kind, meta.number, meta.date, meta.period) == ("báo cáo", "125/BC-UBND", "15/12/2024", "năm 2024")
    assert meta.title == "Báo cáo kết quả thực hiện chuyển đổi số năm 2024"
    assert meta.short_title == "Báo cáo năm 2024 – xã Định Long"


def test_blank_number_and_day_and_a_title_on_two_lines(tmp_path):
    text = HEADER.format(number="  /BC-UBND", day="   ", period="quý III năm 2024", more="trên địa bàn xã Định Long\n")
    meta = _load(tmp_path, text).meta
    assert (meta.number, meta.date, meta.period) == ("", "12/2024", "quý III năm 2024")
    assert meta.title == "Báo cáo kết quả thực hiện chuyển đổi số quý III năm 2024 trên địa bàn xã Định Long"
    assert "UBND" not in meta.title


@pytest.mark.parametrize(
    "letterhead",
    [
        # a DOCX header table: each cell's lines joined in one cell
        "UBND TỈNH THANH HÓA SỞ THÔNG TIN VÀ TRUYỀN THÔNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n",
        # a PDF: both columns on each line
        "UBND TỈNH THANH HÓA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG Độc lập - Tự do - Hạnh phúc\n",
    ],
)
def test_two_column_header_in_one_line_per_row(tmp_path, letterhead):
    text = (
        letterhead +
        "Số: 88/BC-STTTT\tThanh Hóa, ngày 03 tháng 10 năm 2023\n\n"
        "BÁO CÁO\n6 tháng đầu năm 2023 về chuyển đổi số\n\nNội dung.\n"
    )
    meta = _load(tmp_path, text).meta
    assert (meta.level, meta.issuer, meta.district) == ("sở", "Sở Thông tin và Truyền thông", "")
    assert (meta.number, meta.date, meta.period) == ("88/BC-STTTT", "03/10/2023", "6 tháng đầu năm 2023")


@pytest.mark.parametrize(
    ("title", "unit", "level"),
    [
        ("Báo cáo kết quả chuyển đổi số năm 2023 tại Thị xã Lam Sơn", "thị xã Lam Sơn", "thị xã"),
        ("Báo cáo kết quả chuyển đổi số trên địa bàn xã Nam Lạc năm 2023", "xã Nam Lạc", "xã"),
        ("KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2025 TRÊN ĐỊA BÀN TỈNH NINH BÌNH", "tỉnh Ninh Bình", "tỉnh"),
    ],
)
def test_without_a_header_the_title_names_the_unit(tmp_path, title, unit, level):
    kind, rest = title.split(" ", 2)[:2], title.split(" ", 2)[2]
    text = f"{' '.join(kind)}\n{rest}\n\nI. MỞ ĐẦU\n\nNội dung.\n"
    meta = _load(tmp_path, text).meta
    assert (meta.unit, meta.level) == (unit, level)
    assert meta.kind in ("báo cáo", "kế hoạch")
    assert meta.period.startswith("năm 20") and fold(unit) in fold(meta.title)


def test_generated_reports_metadata_matches_gold(tmp_path):
    gold = gen.generate(tmp_path / "out", n=15, seed=21)
    docs, errors = load_corpus(tmp_path / "out")
    assert [e.name for e in errors] == ["gold.json"]  # not a document: named, and the others still load
    assert len(docs) == 15
    for doc in docs:
        expected = gold[doc.name]["meta"]
        assert {k: getattr(doc.meta, k) for k in expected} == expected, doc.name


def test_seed_corpus_keeps_its_manifest_metadata():
    docs, errors = load_corpus(ROOT / "corpus")
    assert not errors
    manifest = read_manifest(ROOT / "corpus")
    assert len(manifest) == 5
    for doc in docs:
        for key, value in manifest[doc.name].items():
            assert getattr(doc.meta, key) == value, (doc.name, key)
    hatan = next(d for d in docs if d.name.startswith("hatan"))
    assert read_header(hatan)["unit"] == "xã Hà Tân"  # the header agrees where the manifest is silent


def test_manifest_fields_override_and_the_rest_come_from_the_header(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bc.txt").write_text(HEADER.format(number="125/BC-UBND", day="15", period="năm 2024", more=""), encoding="utf-8")
    entry = {"file": "bc.txt", "unit": "xã Định Long (cũ)", "number": ""}
    (corpus / "manifest.json").write_text(json.dumps({"documents": [entry]}, ensure_ascii=False), encoding="utf-8")
    (doc,), errors = load_corpus(corpus)
    assert not errors
    assert (doc.meta.unit, doc.meta.number) == ("xã Định Long (cũ)", "")  # given, even when empty
    assert (doc.meta.district, doc.meta.date, doc.meta.kind) == ("huyện Yên Định", "15/12/2024", "báo cáo")


@pytest.mark.parametrize(
    ("title", "unit", "district"),
    [
        ("Kết quả kiểm tra chuyển đổi số năm 2024 tại xã Tân Phúc", "xã Tân Phúc", "huyện Yên Định"),
        ("Kết quả thực hiện Kế hoạch chuyển đổi số của tỉnh Thanh Hóa năm 2024", "huyện Yên Định", ""),
    ],
)
def test_title_unit_wins_only_below_the_issuer(tmp_path, title, unit, district):
    text = (
        "UBND TỈNH THANH HÓA\nỦY BAN NHÂN DÂN HUYỆN YÊN ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Yên Định, ngày 02 tháng 01 năm 2025\n\nBÁO CÁO\n{title}\n\nNội dung.\n"
    )
    meta = _load(tmp_path, text).meta
    assert (meta.issuer, meta.unit, meta.district) == ("UBND huyện Yên Định", unit, district)


def test_kind_and_title_on_one_line_and_official_letters(tmp_path):
    meta = _load(tmp_path, "KẾ HOẠCH Chuyển đổi số năm 2025 của huyện Lam Sơn\n\nI. MỤC ĐÍCH\n\nNội dung.\n").meta
    assert (meta.kind, meta.title, meta.unit) == ("kế hoạch", "Kế hoạch chuyển đổi số năm 2025 của huyện Lam Sơn", "huyện Lam Sơn")
    letter = "UBND XÃ NAM LẠC\nSố: 45/UBND-VP\nV/v báo cáo kết quả chuyển đổi số quý III năm 2024\n\nKính gửi: UBND huyện.\n\nNội dung.\n"
    meta = _load(tmp_path, letter, "cv.txt").meta
    assert (meta.kind, meta.number, meta.period, meta.unit) == ("công văn", "45/UBND-VP", "quý III năm 2024", "xã Nam Lạc")
    assert meta.title == "Công văn về việc báo cáo kết quả chuyển đổi số quý III năm 2024"


def test_a_broken_manifest_is_named_and_the_documents_still_load(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bc.txt").write_text(HEADER.format(number="125/BC-UBND", day="15", period="năm 2024", more=""), encoding="utf-8")
    (corpus / "manifest.json").write_text('{"documents": [{"title": "thiếu file"', encoding="utf-8")
    docs, errors = load_corpus(corpus)
    assert [d.meta.unit for d in docs] == ["xã Định Long"]
    assert [e.name for e in errors] == ["manifest.json"] and "manifest không hợp lệ" in errors[0].reason


def test_docx_title_block_ends_at_an_empty_paragraph(tmp_path):
    import docx

    d = docx.Document()
    for text in ("UBND HUYỆN YÊN ĐỊNH", "ỦY BAN NHÂN DÂN XÃ ĐỊNH LONG", "BÁO CÁO", "Kết quả chuyển đổi số năm 2024", "",
                 "Năm 2024, UBND xã triển khai nhiều nhiệm vụ.", "I. KẾT QUẢ", "Nội dung."):
        d.add_paragraph(text)
    d.save(str(tmp_path / "bc.docx"))
    meta = load_document(tmp_path / "bc.docx").meta
    assert (meta.title, meta.unit, meta.district) == ("Báo cáo kết quả chuyển đổi số năm 2024", "xã Định Long", "huyện Yên Định")
