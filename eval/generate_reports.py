"""Synthetic commune/town digital-transformation reports (.docx, .pdf, .txt) with their gold.

    .venv/bin/python eval/generate_reports.py OUT_DIR --n 30 --formats docx,pdf,txt --seed 7

Each report has a standard administrative header, prose sections and its indicators, laid
out in one of several ways (column orders and header words vary, group rows, merged group
rows in DOCX, stated status words or only figures, a status list in text files). Unit names
are invented from syllables. OUT_DIR/gold.json holds, per file, the metadata and indicator
records extraction must find. :func:`write_bad_files` writes broken files for tests.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SYLLABLES = (
    "An Bình Cẩm Châu Đông Định Đức Giang Hà Hải Hòa Hoằng Hưng Khánh Kiên Lạc Lâm Lộc Long Minh Nam Nga "
    "Ngọc Nguyên Phú Phúc Quảng Sơn Tân Thạch Thành Thiệu Thịnh Thọ Thủy Tiến Trung Vân Vĩnh Xuân Yên"
).split()
PROVINCE = "Thanh Hóa"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)

# (group, wordings, kind): kind "pct" = a percentage, "count" = a number of things.
INDICATORS: list[tuple[str, tuple[str, ...], str]] = [
    ("Hạ tầng số", ("Tỷ lệ hộ gia đình có đường Internet cáp quang băng rộng", "Tỷ lệ hộ gia đình được phủ cáp quang"), "pct"),
    ("Hạ tầng số", ("Tỷ lệ thôn, bản có sóng di động 4G", "Tỷ lệ thôn có phủ sóng mạng di động 4G/5G"), "pct"),
    ("Hạ tầng số", ("Tỷ lệ người dân trưởng thành có điện thoại thông minh", "Tỷ lệ dân số trưởng thành sử dụng điện thoại thông minh"), "pct"),
    ("Hạ tầng số", ("Số điểm truy cập Wifi công cộng miễn phí", "Số điểm phát Wifi miễn phí tại nơi công cộng"), "count"),
    ("Chính quyền số", ("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "Tỷ lệ hồ sơ TTHC giải quyết hoàn toàn trực tuyến"), "pct"),
    ("Chính quyền số", ("Tỷ lệ văn bản điện tử ký số trao đổi giữa các cơ quan", "Tỷ lệ văn bản đi được ký số và gửi trên môi trường mạng"), "pct"),
    ("Chính quyền số", ("Tỷ lệ cán bộ, công chức được tập huấn kỹ năng số", "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng về chuyển đổi số"), "pct"),
    ("Chính quyền số", ("Tỷ lệ kết quả giải quyết TTHC được số hóa", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"), "pct"),
    ("Chính quyền số", ("Số cuộc họp trực tuyến được tổ chức", "Số hội nghị trực tuyến đã tổ chức"), "count"),
    ("Kinh tế số", ("Tỷ lệ hộ kinh doanh sử dụng thanh toán không dùng tiền mặt", "Tỷ lệ hộ kinh doanh chấp nhận thanh toán qua mã QR"), "pct"),
    ("Kinh tế số", ("Số sản phẩm OCOP được đưa lên sàn thương mại điện tử", "Số sản phẩm chủ lực bán trên sàn thương mại điện tử"), "count"),
    ("Xã hội số", (
        "Tỷ lệ người dân trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        "Tỷ lệ dân số trưởng thành có chữ ký số",
    ), "pct"),
    ("Xã hội số", (
        "Tỷ lệ người dân được cấp tài khoản định danh điện tử mức 2",
        "Tỷ lệ công dân kích hoạt tài khoản định danh điện tử VNeID",
    ), "pct"),
    ("Xã hội số", ("Tỷ lệ người dân trưởng thành có tài khoản thanh toán điện tử", "Tỷ lệ dân số trưởng thành có tài khoản giao dịch thanh toán tại ngân hàng"), "pct"),
    ("Xã hội số", ("Số Tổ công nghệ số cộng đồng được thành lập và hoạt động", "Số tổ công nghệ số cộng đồng ở thôn, khu phố"), "count"),
]
ROMAN = ("I", "II", "III", "IV", "V")
PERIODS = ("năm {y}", "9 tháng đầu năm {y}", "6 tháng đầu năm {y}", "quý III năm {y}")
# (header, status words by status or None for "only figures", group rows)
LAYOUTS = [
    (["STT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Đánh giá"], {"completed": "Đạt", "not_completed": "Chưa đạt"}),
    (["TT", "Nội dung", "Mục tiêu", "Kết quả thực hiện", "Tình trạng"],
     {"completed": "Hoàn thành", "not_completed": "Chưa hoàn thành", "in_progress": "Đang triển khai"}),
    (["STT", "Tên chỉ tiêu", "Kết quả", "Chỉ tiêu kế hoạch"], None),
    (["TT", "Chỉ tiêu", "Kết quả thực hiện", "Mục tiêu năm", "Đánh giá"], {"completed": "Đạt", "not_completed": "Chưa đạt"}),
    (["STT", "Chỉ tiêu", "Kết quả thực hiện", "", "Đánh giá"], {"completed": "Đạt", "not_completed": "Chưa đạt"}),
]
# Two-row headers: "Kết quả thực hiện" spans "Kế hoạch | Thực hiện"; the other cells run down both rows.
SUBHEADERS = {4: ["", "", "Kế hoạch", "Thực hiện", ""]}


@dataclass
class Record:
    text: str
    target: str
    result: str | None
    status: str
    group: str
    number: str = ""


@dataclass
class Report:
    file: str
    level: str
    name: str  # "Định Long"
    district: str  # "huyện Yên Định" or ""
    number: str
    date: str  # as the gold expects: dd/mm/yyyy, mm/yyyy
    date_line: str  # as printed
    period: str
    title_lines: list[str]
    layout: int
    group_rows: bool
    merged_groups: bool  # DOCX/PDF: a group row is one cell spanning the row
    records: list[Record] = field(default_factory=list)
    standard_header: bool = True
    repeat_header: bool = True  # PDF: the table header is printed again on the next page

    @property
    def unit(self) -> str:
        return f"{self.level} {self.name}"


# ---------------------------------------------------------------- content


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = " ".join(rng.sample(SYLLABLES, 2))
        if name not in taken:
            taken.add(name)
            return name


def _fmt_pct(value: float) -> str:
    return (f"{value:.1f}".replace(".", ",") if value % 1 else f"{int(value)}") + "%"


def _record(rng: random.Random, wording: str, kind: str, group: str, layout: int) -> Record:
    words = LAYOUTS[layout][1]
    choices = list(words) if words else ["completed", "not_completed"]
    status = rng.choice(choices)
    if kind == "pct":
        goal = rng.choice([30, 50, 60, 70, 80, 90, 95])
        op = rng.choice(["≥", "Trên", "Tối thiểu"])
        target = f"≥ {goal}%" if op == "≥" else f"{op} {goal}%"
        if status == "completed":
            got = min(100.0, goal + rng.choice([1, 2.5, 5, 8, 12]))
        else:
            got = goal - rng.choice([3, 7.5, 12, 20])
        result = _fmt_pct(got)
    else:
        goal = rng.choice([2, 3, 5, 10, 12])
        target = f"≥ {goal:02d}"
        got = goal + rng.choice([1, 2, 4]) if status == "completed" else max(0, goal - rng.choice([1, 2]))
        result = f"{got:02d}"
    if status == "in_progress":
        result = result if rng.random() < 0.5 else "Đang thực hiện"
    return Record(wording, target, result, status, group)


def make_report(rng: random.Random, index: int, fmt: str, taken: set[str]) -> Report:
    level = rng.choice(["xã", "xã", "xã", "thị trấn", "phường", "thị xã", "huyện"])
    parent_level = {"xã": "huyện", "thị trấn": "huyện", "phường": rng.choice(["thị xã", "thành phố"])}.get(level)
    name = _name(rng, taken)
    district = f"{parent_level} {_name(rng, taken)}" if parent_level else ""
    year = rng.choice([2023, 2024, 2025])
    period = rng.choice(PERIODS).format(y=year)
    month = {"9 t": 9, "6 t": 6, "qu": 10}.get(period[:3], 12)
    day = rng.choice([None, 5, 15, 28])
    date = f"{day:02d}/{month:02d}/{year}" if day else f"{month:02d}/{year}"
    date_line = f"{name}, ngày {day or '    '} tháng {month} năm {year}"
    number = "" if rng.random() < 0.25 else f"{rng.randint(10, 400)}/BC-UBND"
    lead = rng.choice(["Kết quả thực hiện chuyển đổi số", "Kết quả triển khai nhiệm vụ chuyển đổi số", "Tình hình thực hiện chuyển đổi số"])
    title_lines = [f"{lead} {period}"] if rng.random() < 0.5 else [lead, f"{period} trên địa bàn {level} {name}"]
    layout = rng.randrange(len(LAYOUTS))
    report = Report(
        file=f"bc-cds-{index:03d}.{fmt}", level=level, name=name, district=district, number=number, date=date,
        date_line=date_line, period=period, title_lines=title_lines, layout=layout,
        group_rows=rng.random() < 0.6, merged_groups=fmt in ("docx", "pdf") and rng.random() < 0.6,
        standard_header=fmt != "txt" or rng.random() < 0.8,
    )
    if fmt == "txt" and not report.standard_header:
        report.title_lines = [f"{lead} {period}", f"trên địa bàn {report.unit}" + (f", {district}" if district else "")]
        report.number, report.date = "", ""
    report.repeat_header = rng.random() < 0.5
    picked = sorted(rng.sample(range(len(INDICATORS)), rng.randint(7, 12)))
    for i in picked:
        group, wordings, kind = INDICATORS[i]
        report.records.append(_record(rng, rng.choice(wordings), kind, group, layout))
    for n, record in enumerate(report.records, start=1):
        record.number = str(n)
    return report


def _header_lines(r: Report) -> tuple[list[str], list[str]]:
    """(left column, right column) of the standard header."""
    if r.level in ("thị xã", "huyện"):
        parent = f"UBND TỈNH {PROVINCE.upper()}"
    else:
        parent = f"UBND {r.district.upper()}"
    left = [parent, f"ỦY BAN NHÂN DÂN {r.unit.upper()}", f"Số: {r.number or '   /BC-UBND'}"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", r.date_line]
    return left, right


def _prose(r: Report) -> list[tuple[str, str]]:
    """(kind, text) paragraphs before the indicators: kind "h" heading or "p" paragraph."""
    return [
        ("p", f"Kính gửi: UBND {r.district or 'tỉnh ' + PROVINCE}."),
        ("p", f"Thực hiện chỉ đạo của cấp trên về chuyển đổi số, UBND {r.unit} báo cáo kết quả thực hiện {r.period} như sau:"),
        ("h", "I. KẾT QUẢ THỰC HIỆN"),
        ("h", "1. Công tác chỉ đạo, điều hành"),
        ("p", f"UBND {r.unit} đã ban hành kế hoạch triển khai, phân công nhiệm vụ cho từng bộ phận chuyên môn; "
              "tổ chức tuyên truyền về chuyển đổi số trên hệ thống truyền thanh cơ sở."),
        ("h", "2. Kết quả thực hiện các chỉ tiêu"),
    ]


_CLOSING = [
    ("h", "II. KHÓ KHĂN, VƯỚNG MẮC"),
    ("p", "Hạ tầng viễn thông ở một số thôn còn hạn chế; kỹ năng số của một bộ phận người dân còn thấp."),
    ("h", "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"),
    ("p", "Tiếp tục đẩy mạnh tuyên truyền, hoàn thành các chỉ tiêu chưa đạt trong kỳ tới."),
]


def _signature(r: Report) -> tuple[list[str], list[str]]:
    """(recipients, signer) columns of the closing block."""
    left = ["Nơi nhận:", f"- UBND {r.district or 'tỉnh ' + PROVINCE};", "- Lưu: VT."]
    right = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", f"{_SIGNERS[len(r.name) % len(_SIGNERS)]}"]
    return left, right


_SIGNERS = ("Lê Văn Hùng", "Nguyễn Thị Lan", "Trịnh Đình Nam", "Phạm Văn Quang")


def table_rows(r: Report) -> list[list[str] | str]:
    """Header, then rows; a str item is a group row ("I. Hạ tầng số") when groups are shown."""
    header, words = LAYOUTS[r.layout]
    out: list[list[str] | str] = [header] + ([SUBHEADERS[r.layout]] if r.layout in SUBHEADERS else [])
    group = None
    g = 0
    for rec in r.records:
        if r.group_rows and rec.group != group:
            group = rec.group
            out.append(f"{ROMAN[g]}. {group}")
            g += 1
        cells = {"number": rec.number, "text": rec.text, "target": rec.target, "result": rec.result or "",
                 "status": words[rec.status] if words else ""}
        out.append([cells[k] for k in _ORDER[r.layout]])
    return out


_ORDER = [
    ["number", "text", "target", "result", "status"],
    ["number", "text", "target", "result", "status"],
    ["number", "text", "result", "target"],
    ["number", "text", "result", "target", "status"],
    ["number", "text", "target", "result", "status"],
]


def _caption(r: Report) -> str:
    return f"Bảng: Kết quả thực hiện các chỉ tiêu chuyển đổi số {r.period} của {r.unit}"


# ---------------------------------------------------------------- writers


def write_docx(r: Report, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(12)
    left, right = _header_lines(r)
    head = d.add_table(rows=2, cols=2)  # borderless two-column header
    head.cell(0, 0).text = "\n".join(left[:2])
    head.cell(0, 1).text = "\n".join(right[:2])
    head.cell(1, 0).text = left[2]
    head.cell(1, 1).text = right[2]
    d.add_paragraph("BÁO CÁO")
    for line in r.title_lines:
        d.add_paragraph(line)
    for kind, text in _prose(r):
        if kind == "h" and text.startswith("I."):
            d.add_heading(text, level=1)
        else:
            d.add_paragraph(text)
    d.add_paragraph(_caption(r))
    rows = table_rows(r)
    table = d.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            if r.merged_groups:
                merged = cells[0].merge(cells[-1])
                merged.text = row
            else:
                number, text = row.split(". ", 1)
                cells[0].text, cells[1].text = number, text
            continue
        for cell, text in zip(cells, row):
            cell.text = text
    if r.layout in SUBHEADERS:
        _merge_docx_header(table, rows[0], rows[1])
    for kind, text in _CLOSING:
        d.add_paragraph(text)
    left, right = _signature(r)  # a borderless two-column table, as Word reports lay it out
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).text, sign.cell(0, 1).text = "\n".join(left), "\n".join(right)
    d.save(str(path))


def _merge_docx_header(table, top: list[str], sub: list[str]) -> None:
    for c, (head, below) in enumerate(zip(top, sub)):
        if head and not below:
            table.cell(0, c).merge(table.cell(1, c)).text = head
        elif head and c + 1 < len(top) and not top[c + 1]:
            table.cell(0, c).merge(table.cell(0, c + 1)).text = head


def _header_spans(top: list[str], sub: list[str]) -> list[tuple]:
    spans = []
    for c, (head, below) in enumerate(zip(top, sub)):
        if head and not below:
            spans.append(("SPAN", (c, 0), (c, 1)))
        elif head and c + 1 < len(top) and not top[c + 1]:
            spans.append(("SPAN", (c, 0), (c + 1, 0)))
    return spans


def _font() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
                pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
            return "DejaVu", "DejaVu-Bold"
    raise SystemExit("Không tìm thấy phông DejaVuSans (cài gói Debian fonts-dejavu-core)")


def write_pdf(r: Report, path: Path, encrypt: str | None = None) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _font()
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15)
    strong = ParagraphStyle("strong", parent=body, fontName=bold)
    center = ParagraphStyle("center", parent=strong, alignment=1)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    left, right = _header_lines(r)
    header = Table([[Paragraph(left[0], center), Paragraph(right[0], center)],
                    [Paragraph(left[1], center), Paragraph(right[1], center)],
                    [Paragraph(left[2], ParagraphStyle("c", parent=body, alignment=1)),
                     Paragraph(right[2], ParagraphStyle("i", parent=body, alignment=1))]], colWidths=[230, 270])
    story = [header, Spacer(1, 16), Paragraph("BÁO CÁO", center)]
    story += [Paragraph(line, center) for line in r.title_lines] + [Spacer(1, 10)]
    # Enough prose that the table runs onto a second page.
    for kind, text in _prose(r):
        story.append(Paragraph(text, strong if kind == "h" else body))
    story += [Paragraph(_FILLER, body) for _ in range(4)]
    story.append(Paragraph(_caption(r), strong))
    rows = table_rows(r)
    data, style = [], [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), regular),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")]
    width = len(rows[0])
    for i, row in enumerate(rows):
        if isinstance(row, str) and r.merged_groups:  # one cell across the row
            data.append([Paragraph(row, cell)] + [""] * (width - 1))
            style.append(("SPAN", (0, i), (-1, i)))
        elif isinstance(row, str):
            number, text = row.split(". ", 1)
            data.append([Paragraph(number, cell), Paragraph(text, cell)] + [""] * (width - 2))
        else:
            data.append([Paragraph(t, cell) for t in row])
    widths = {4: [30, 240, 80, 110], 5: [30, 200, 80, 90, 80]}[width]
    head_rows = 2 if r.layout in SUBHEADERS else 1
    if head_rows == 2:
        style += _header_spans(rows[0], rows[1])
    table = Table(data, colWidths=widths, repeatRows=head_rows if r.repeat_header else 0)
    table.setStyle(TableStyle(style))
    story.append(table)
    for kind, text in _CLOSING:
        story.append(Paragraph(text, strong if kind == "h" else body))
    left, right = _signature(r)
    story.append(Table([[[Paragraph(x, body) for x in left], [Paragraph(x, center) for x in right]]], colWidths=[250, 250]))

    def folio(canvas, template) -> None:  # the page number at the top, as printed reports have
        canvas.setFont(regular, 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, str(template.page))

    doc = SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt, title=r.file)
    doc.build(story, onFirstPage=lambda c, d: None, onLaterPages=folio)


_FILLER = (
    "Công tác chuyển đổi số được cấp ủy, chính quyền quan tâm chỉ đạo; các bộ phận chuyên môn phối hợp với "
    "Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng các ứng dụng dịch vụ công trực tuyến, "
    "thanh toán không dùng tiền mặt và tài khoản định danh điện tử; kết quả từng chỉ tiêu được tổng hợp dưới đây."
)


_LISTS = (("completed", "đã hoàn thành"), ("in_progress", "đang triển khai thực hiện"), ("not_completed", "chưa hoàn thành"))


def _groups(r: Report) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = {}
    for rec in r.records:
        groups.setdefault(rec.group, []).append(rec)
    return groups


def _listed(r: Report) -> list[Record]:
    """Records in the order a status-list report prints them: by group, then by status."""
    return [x for records in _groups(r).values() for status, _ in _LISTS for x in records if x.status == status]


def write_txt(r: Report, path: Path) -> None:
    lines: list[str] = []
    if r.standard_header:
        left, right = _header_lines(r)
        lines += [left[0], left[1], right[0], right[1], "", left[2], "", right[2], ""]
    lines += ["**BÁO CÁO**"] + [f"**{t}**" for t in r.title_lines] + [""]
    for kind, text in _prose(r):
        lines += [f"**{text}**" if kind == "h" else text, ""]
    for n, (group, records) in enumerate(_groups(r).items(), start=1):
        lines += [f"**2.{n}. {group}: gồm {len(records):02d} chỉ tiêu, trong đó**", ""]
        for status, phrase in _LISTS:
            these = [x for x in records if x.status == status]
            if these:
                lines += [f"+ Có {len(these):02d}/{len(records):02d} chỉ tiêu {phrase}"]
                lines += [f"- {x.text}." for x in these] + [""]
    for kind, text in _CLOSING:
        lines += [f"**{text}**" if kind == "h" else text, ""]
    left, right = _signature(r)
    lines += left + [""] + right
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- gold


def gold_of(r: Report, fmt: str) -> dict:
    meta = {"unit": r.unit, "level": r.level, "district": r.district, "kind": "báo cáo", "number": r.number,
            "date": r.date, "period": r.period}
    if fmt == "txt":  # a status list: the bullet text, no result, the stated status, in list order
        records = [{"text": f"{x.text}.", "target": None, "result": None, "status": x.status} for x in _listed(r)]
    else:
        records = [{"text": x.text, "target": x.target, "result": x.result, "status": x.status} for x in r.records]
    return {"meta": meta, "indicators": records, "layout": r.layout, "group_rows": r.group_rows,
            "merged_groups": r.merged_groups}


def generate(out_dir: Path, n: int = 30, formats: tuple[str, ...] = ("docx", "pdf", "txt"), seed: int = 7) -> dict:
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    gold = {}
    writers = {"docx": write_docx, "pdf": write_pdf, "txt": write_txt}
    for i in range(n):
        fmt = formats[i % len(formats)]
        report = make_report(rng, i + 1, fmt, taken)
        writers[fmt](report, out_dir / report.file)
        gold[report.file] = gold_of(report, fmt)
    (out_dir / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return gold


# ---------------------------------------------------------------- bad files


def write_bad_files(out_dir: Path, seed: int = 7) -> dict[str, str]:
    """Broken files of every kind; returns {file name: words its error must contain}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    report = make_report(rng, 0, "pdf", set())
    expected = {}

    (out_dir / "hong.docx").write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))
    expected["hong.docx"] = "hỏng"

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body>" + " " * 60_000_000 + "</w:body></w:document>")
    (out_dir / "bom.docx").write_bytes(buf.getvalue())
    expected["bom.docx"] = "zip bomb"

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>không đóng thẻ")
    (out_dir / "xml-hong.docx").write_bytes(buf.getvalue())
    expected["xml-hong.docx"] = "hỏng"

    (out_dir / "matkhau.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    expected["matkhau.docx"] = "mật khẩu"

    write_pdf(report, out_dir / "mahoa.pdf", encrypt="matkhau")
    expected["mahoa.pdf"] = "mã hóa"

    _image_only_pdf(out_dir / "scan.pdf")
    expected["scan.pdf"] = "không có lớp văn bản"

    (out_dir / "rong.txt").write_bytes(b"  \n\n ")
    expected["rong.txt"] = "rỗng"

    (out_dir / "nul.txt").write_bytes(("Báo cáo kết quả chuyển đổi số\n" * 2000).encode() + b"\x00" + b"tiep theo\n")
    expected["nul.txt"] = "nhị phân"

    (out_dir / "latin1.txt").write_bytes("Báo cáo kết quả".encode("cp1258", errors="replace") + b"\xff\xfe\xfa")
    expected["latin1.txt"] = "UTF-8"
    return expected


def _image_only_pdf(path: Path) -> None:
    """A "scanned" page: shapes only, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(30):
        c.rect(50, 780 - i * 24, 300 + (i * 37) % 200, 10, fill=1)
    c.showPage()
    c.save()


# ---------------------------------------------------------------- check


def check(out_dir: Path) -> dict[str, dict[str, float]]:
    """Read OUT_DIR back with the assistant's readers and score it against gold.json, per format:
    metadata fields exactly right, indicator records (text, target, result, status) precision and recall."""
    import sys
    import time
    from collections import Counter

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from assistant.documents.loader import load_document
    from assistant.extract.indicators import extract_indicators

    gold = json.loads((out_dir / "gold.json").read_text(encoding="utf-8"))
    scores: dict[str, Counter] = {}
    for name, expected in gold.items():
        s = scores.setdefault(Path(name).suffix.lstrip("."), Counter())
        started = time.perf_counter()
        doc = load_document(out_dir / name)
        got = Counter((r.text, r.target, r.result, r.status) for r in extract_indicators(doc, []))
        s["seconds"] += time.perf_counter() - started
        want = Counter((g["text"], g["target"], g["result"], g["status"]) for g in expected["indicators"])
        s["files"] += 1
        s["meta_ok"] += sum(getattr(doc.meta, k) == v for k, v in expected["meta"].items())
        s["meta_all"] += len(expected["meta"])
        s["hits"] += sum((got & want).values())
        s["got"] += sum(got.values())
        s["want"] += sum(want.values())
    table = {}
    for fmt, s in sorted(scores.items()):
        table[fmt] = {"files": s["files"], "meta": s["meta_ok"] / s["meta_all"], "precision": s["hits"] / max(s["got"], 1),
                      "recall": s["hits"] / max(s["want"], 1), "ms_per_file": 1000 * s["seconds"] / s["files"]}
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description="Sinh báo cáo chuyển đổi số giả lập (.docx/.pdf/.txt) và gold.json")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--formats", default="docx,pdf,txt")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bad", action="store_true", help="also write broken files into OUT_DIR/bad")
    ap.add_argument("--check", action="store_true", help="read the reports back and score them against gold.json")
    args = ap.parse_args()
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = set(formats) - {"docx", "pdf", "txt"}
    if unknown:
        raise SystemExit(f"định dạng không hỗ trợ: {', '.join(sorted(unknown))} (chọn docx, pdf, txt)")
    gold = generate(args.out_dir, args.n, formats, args.seed)
    print(f"{len(gold)} báo cáo -> {args.out_dir} (gold.json)")
    if args.bad:
        bad = write_bad_files(args.out_dir / "bad", args.seed)
        print(f"{len(bad)} tệp lỗi -> {args.out_dir / 'bad'}")
    if args.check:
        print(f"{'format':8}{'files':>6}{'meta':>8}{'prec':>8}{'recall':>8}{'ms/file':>9}")
        for fmt, row in check(args.out_dir).items():
            print(f"{fmt:8}{row['files']:>6}{row['meta']:>8.3f}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['ms_per_file']:>9.0f}")


if __name__ == "__main__":
    main()
