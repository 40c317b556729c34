"""Readers for .docx, .pdf and text files, on reports written by eval/generate_reports.py."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest

from assistant.documents.loader import load_corpus, load_document
from assistant.documents.readers import DocumentError
from assistant.documents.readers.build import combine_header
from assistant.extract.indicators import extract_indicators
from assistant.text.normalize import clean

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate_reports", ROOT / "eval" / "generate_reports.py")
gen = sys.modules.setdefault("generate_reports", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(gen)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Twelve reports (four of each format) loaded as a corpus, with their gold."""
    out = tmp_path_factory.mktemp("reports")
    gold = gen.generate(out, n=12, seed=11)
    (out / "gold.json").rename(out.parent / "gold.json")  # not a document
    docs, errors = load_corpus(out)
    assert errors == []
    return {d.name: d for d in docs}, gold


def _report(tmp_path: Path, fmt: str, seed: int = 3, **flags) -> tuple[Path, "gen.Report"]:
    report = gen.make_report(random.Random(seed), 1, fmt, set())
    for key, value in flags.items():
        setattr(report, key, value)
    path = tmp_path / report.file
    {"docx": gen.write_docx, "pdf": gen.write_pdf, "txt": gen.write_txt}[fmt](report, path)
    return path, report


@pytest.mark.parametrize("fmt", ["docx", "pdf", "txt"])
def test_indicators_match_the_generators_gold(generated, fmt):
    docs, gold = generated
    names = [n for n in gold if n.endswith(fmt)]
    assert len(names) == 4
    for name in names:
        problems: list[str] = []
        got = [(r.text, r.target, r.result, r.status) for r in extract_indicators(docs[name], problems)]
        expected = [(g["text"], g["target"], g["result"], g["status"]) for g in gold[name]["indicators"]]
        assert got == expected, name


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_every_element_is_a_verbatim_slice_of_the_text(generated, fmt):
    docs, _ = generated
    for doc in (d for n, d in docs.items() if n.endswith(fmt)):
        for block in doc.blocks:
            assert doc.text[block.start:block.end] == block.text
        for table in doc.tables:
            lines = [[clean(c) for c in line.split("\t")] for line in doc.text[table.start:table.rows[0].start].split("\n")[:-1]]
            assert table.header == (lines[0] if len(lines) == 1 else combine_header(*lines))
            for row in table.rows:
                assert doc.text[row.start:row.end].split("\t")[0].startswith(row.cells[0].text)
                for cell in row.cells:
                    assert doc.text[cell.start:cell.end] == cell.text
                assert "\n" not in doc.text[row.start:row.end]  # one row per line
        for section in doc.sections[1:]:
            assert doc.text[section.start:].startswith(section.heading)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_merged_group_rows_read_as_group_rows(tmp_path, fmt):
    path, report = _report(tmp_path, fmt, group_rows=True, merged_groups=True)
    doc = load_document(path)
    table = next(t for t in doc.tables if t.header[0] in ("STT", "TT"))
    groups = [r for r in table.rows if r.cell(0) in ("I.", "II.", "III.", "IV.")]
    assert groups, "no group row"
    for row in groups:
        assert [c.text for c in row.cells[2:]] == [""] * (len(table.header) - 2)
        assert doc.text[row.start:row.end] == f"{row.cell(0)} {row.cell(1)}" + "\t" * (len(table.header) - 2)
    records = extract_indicators(doc, [])
    assert [r.text for r in records] == [x.text for x in report.records]
    assert [r.group for r in records] == [x.group for x in report.records]


def test_docx_vertically_merged_cell_keeps_its_text_once(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    t = d.add_table(rows=3, cols=3)
    for i, h in enumerate(["STT", "Chỉ tiêu", "Kết quả"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text, t.cell(1, 1).text, t.cell(2, 0).text, t.cell(2, 1).text = "1", "Tỷ lệ A", "2", "Tỷ lệ B"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "Đạt"
    d.save(str(tmp_path / "doc.docx"))
    rows = load_document(tmp_path / "doc.docx").tables[0].rows
    assert [r.cell(2) for r in rows] == ["Đạt", ""]


def test_docx_row_under_a_merged_number_cell_continues_its_row(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    t = d.add_table(rows=4, cols=3)
    for i, h in enumerate(["STT", "Chỉ tiêu", "Kết quả"]):
        t.cell(0, i).text = h
    t.cell(1, 1).text, t.cell(1, 2).text = "Tỷ lệ hộ có cáp quang", "85%"
    t.cell(2, 1).text = "(tính đến tháng 12)"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "1"
    t.cell(3, 0).text, t.cell(3, 1).text, t.cell(3, 2).text = "2", "Tỷ lệ thôn có 4G", "100%"
    d.save(str(tmp_path / "doc.docx"))
    doc = load_document(tmp_path / "doc.docx")
    rows = doc.tables[0].rows
    assert [(r.cell(0), r.cell(1), r.cell(2)) for r in rows] == [
        ("1", "Tỷ lệ hộ có cáp quang (tính đến tháng 12)", "85%"), ("2", "Tỷ lệ thôn có 4G", "100%")]
    assert doc.text[rows[0].start:rows[0].span_end].count("\n") == 1


def test_docx_heading_styles_and_numbering_make_sections(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    d.add_heading("Tình hình chung", level=1)
    d.add_paragraph("Đoạn mở đầu.")
    d.add_paragraph("1. Hạ tầng số")
    d.add_paragraph("a) Cáp quang")
    d.add_paragraph("Nội dung về cáp quang.")
    d.add_paragraph("+ Có 01/01 chỉ tiêu đã hoàn thành")
    d.add_paragraph("Tỷ lệ thôn có cáp quang", style="List Bullet")  # Word's bullet: no mark in the text
    d.save(str(tmp_path / "doc.docx"))
    doc = load_document(tmp_path / "doc.docx")
    assert [(r.text, r.status) for r in extract_indicators(doc, [])] == [("Tỷ lệ thôn có cáp quang", "completed")]
    assert [s.heading for s in doc.sections[1:]] == ["Tình hình chung", "1. Hạ tầng số", "a) Cáp quang"]
    last = next(b for b in doc.blocks if b.text == "Nội dung về cáp quang.")
    assert doc.section(last.section_id).path == ["Tình hình chung", "1. Hạ tầng số", "a) Cáp quang"]


def test_pdf_keeps_pages_and_joins_a_table_across_them(generated):
    docs, gold = generated
    for name in (n for n in gold if n.endswith(".pdf")):
        doc = docs[name]
        assert [p[2] for p in doc.pages] == list(range(1, len(doc.pages) + 1))
        assert doc.page_at(0) == 1
        assert doc.page_at(len(doc.text)) == doc.pages[-1][2]
        indicator_tables = [t for t in doc.tables if t.header[0] in ("STT", "TT")]
        assert len(indicator_tables) == 1  # the generator's table always runs onto page 2
        table = indicator_tables[0]
        assert {doc.page_at(r.start) for r in table.rows} == {1, 2}
        assert all(r.cell(0) not in ("STT", "TT") for r in table.rows)  # repeated header dropped
        assert "\n2\n" not in doc.text  # the page number printed on page 2 is not content


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_two_row_header_names_the_sub_columns(tmp_path, fmt):
    # "Kết quả thực hiện" spans "Kế hoạch | Thực hiện"; STT, Chỉ tiêu, Đánh giá run down both rows.
    seed = next(s for s in range(200) if gen.make_report(random.Random(s), 1, fmt, set()).layout in gen.SUBHEADERS)
    path, report = _report(tmp_path, fmt, seed=seed)
    doc = load_document(path)
    (table,) = [t for t in doc.tables if t.header[0] == "STT"]
    assert table.header == ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả thực hiện Thực hiện", "Đánh giá"]
    got = [(r.text, r.target, r.result, r.status) for r in extract_indicators(doc, [])]
    assert got == [(x.text, x.target, x.result, x.status) for x in report.records]


@pytest.mark.parametrize("repeat", [True, False])
def test_pdf_table_continued_with_or_without_its_header_repeated(tmp_path, repeat):
    path, report = _report(tmp_path, "pdf", seed=8, repeat_header=repeat, group_rows=True)
    doc = load_document(path)
    (table,) = [t for t in doc.tables if t.header[0] in ("STT", "TT")]
    groups = len({x.group for x in report.records})
    assert len(table.rows) == len(report.records) + groups
    assert {doc.page_at(r.start) for r in table.rows} == {1, 2}
    assert [r.text for r in extract_indicators(doc, [])] == [x.text for x in report.records]


def test_pdf_table_continued_by_a_merged_group_row(tmp_path):
    import pdfplumber

    path, report = _report(tmp_path, "pdf", seed=6, repeat_header=False, group_rows=True, merged_groups=True)
    with pdfplumber.open(str(path)) as pdf:  # the case itself: page 2 opens with a row-wide group cell
        assert pdf.pages[1].find_tables()[0].extract()[0][1:] == [None] * (len(pdf.pages[1].find_tables()[0].extract()[0]) - 1)
    doc = load_document(path)
    assert len([t for t in doc.tables if t.header[0] in ("STT", "TT")]) == 1
    assert [r.text for r in extract_indicators(doc, [])] == [x.text for x in report.records]


def test_type_is_read_from_content_not_extension(tmp_path):
    path, report = _report(tmp_path, "docx")
    renamed = path.rename(tmp_path / "bao-cao.txt")
    doc = load_document(renamed)
    assert doc.tables and doc.meta.unit == report.unit
    pdf, _ = _report(tmp_path, "pdf")
    assert load_document(pdf.rename(tmp_path / "bao-cao.md")).pages


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_text_with_a_bom_is_read(tmp_path, encoding):
    path, _ = _report(tmp_path, "txt")
    text = path.read_text(encoding="utf-8")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8-sig": b""}[encoding]
    other = tmp_path / f"other-{encoding}.txt"
    other.write_bytes(bom + text.encode(encoding))
    assert load_document(other).text == load_document(path).text


def test_nul_in_the_middle_is_binary_in_any_encoding(tmp_path):
    text = "Báo cáo chuyển đổi số\n" * 1000 + "\x00" + "tiếp\n"
    for name, data in (("a.txt", text.encode()), ("b.txt", b"\xff\xfe" + text.encode("utf-16-le"))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(DocumentError, match=rf"{name}: tệp nhị phân.*NUL"):
            load_document(tmp_path / name)


def test_a_text_file_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_bytes(("Báo cáo chuyển đổi số.\n" * 800_000).encode())
    assert big.stat().st_size > 20_000_000
    with pytest.raises(DocumentError) as err:
        load_document(big)
    assert "lon.txt" in str(err.value) and "10 MB" in str(err.value) and "max_document_bytes" in str(err.value)


def test_bad_files_give_clear_errors_and_do_not_stop_the_good_ones(tmp_path):
    expected = gen.write_bad_files(tmp_path)
    _report(tmp_path, "docx")
    _report(tmp_path, "pdf", seed=4)
    (tmp_path / "bang.xlsx").write_bytes(b"PK\x03\x04")
    docs, errors = load_corpus(tmp_path)
    assert sorted(d.name for d in docs) == ["bc-cds-001.docx", "bc-cds-001.pdf"]
    reasons = {e.name: e.reason for e in errors}
    assert set(reasons) == set(expected) | {"bang.xlsx"}
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    assert ".xlsx" in reasons["bang.xlsx"]
    assert "PDF được mã hóa" in reasons["mahoa.pdf"]
    assert "no text layer" in reasons["scan.pdf"] and "OCR" in reasons["scan.pdf"]
    for name in expected:  # every error names its file when raised on its own
        with pytest.raises(DocumentError, match=name.replace(".", r"\.")):
            load_document(tmp_path / name)


def test_zip_limits_come_from_the_settings(tmp_path):
    from assistant.documents.readers.docx import check_zip
    from assistant.settings import Settings

    path, _ = _report(tmp_path, "docx")
    check_zip(path, Settings())  # a real report passes the default limits
    with pytest.raises(DocumentError, match=r"bc-cds-001\.docx: .*vượt giới hạn 10 KB \(max_unzipped_bytes"):
        check_zip(path, Settings(max_unzipped_bytes=10_000))


def test_generator_cli_writes_reports_and_gold(tmp_path):
    import subprocess

    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "eval" / "generate_reports.py"), str(out), "--n", "3", "--formats", "docx,txt",
                          "--seed", "5", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    gold = json.loads((out / "gold.json").read_text(encoding="utf-8"))
    assert sorted(gold) == ["bc-cds-001.docx", "bc-cds-002.txt", "bc-cds-003.docx"]
    assert all(g["indicators"] and g["meta"]["unit"] for g in gold.values())
    scores = {line.split()[0]: line.split()[1:5] for line in run.stdout.splitlines()[2:]}
    assert scores == {"docx": ["2", "1.000", "1.000", "1.000"], "txt": ["1", "1.000", "1.000", "1.000"]}
