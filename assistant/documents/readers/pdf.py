"""PDF with a text layer: ruled tables as tables, the text outside them as lines, page by page."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.documents.model import Document, DocumentMeta
from assistant.documents.parser import _LIST, heading_of
from assistant.documents.readers.build import DocumentBuilder, split_group_row
from assistant.documents.readers.sniff import DocumentError


def read_pdf(path: Path, meta: DocumentMeta) -> Document:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return _build(pdf, path.name, meta)
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many types (pdfplumber wraps them); encryption ones are named so
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        name = type(exc).__name__
        if any("Password" in type(c).__name__ or "Encrypt" in type(c).__name__ for c in causes):
            raise DocumentError(path.name, "PDF được mã hóa (có mật khẩu), không đọc được; hãy gửi bản không mật khẩu") from None
        raise DocumentError(path.name, f"tệp PDF bị hỏng, không đọc được ({name}: {str(exc)[:120]})") from None


def _outside(bboxes):
    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in bboxes)

    return keep


def _is_folio(text: str, page_number: int) -> bool:
    """The page number printed on the page ("2", "Trang 2", "2/5"): furniture, not content."""
    m = re.fullmatch(r"\s*(?:Trang\s*)?(\d{1,4})(?:\s*/\s*\d{1,4})?\s*", text, re.IGNORECASE)
    return bool(m) and int(m.group(1)) == page_number


def _paragraphs(lines: list[dict]) -> list[tuple[float, str]]:
    """Lines joined into paragraphs: a line that reaches the right margin wraps into the next one
    when the next follows closely and does not open a heading or a list item. A wide vertical gap
    gives an empty paragraph (a blank line)."""
    if not lines:
        return []
    right = max(line["x1"] for line in lines)
    out: list[tuple[float, str]] = []
    prev = None
    for line in lines:
        text = line["text"].strip()
        wraps = (
            prev is not None
            and prev["x1"] >= right - 60
            and line["top"] - prev["bottom"] < (prev["bottom"] - prev["top"]) * 0.9
            and heading_of(text) is None
            and not _LIST.match(text)
        )
        if wraps and out:
            out[-1] = (out[-1][0], out[-1][1] + " " + text)
            prev = line
            continue
        if prev is not None and line["top"] - prev["bottom"] > (prev["bottom"] - prev["top"]) * 1.2:
            out.append((prev["bottom"], ""))  # a vertical gap reads as a blank line
        out.append((line["top"], text))
        prev = line
    return out


def _build(pdf, name: str, meta: DocumentMeta) -> Document:
    builder = DocumentBuilder(meta, "pdf")
    chars = 0
    last_was_table = False
    for page in pdf.pages:
        chars += len(page.chars)
        builder.start_page(page.page_number)
        tables = page.find_tables()
        bboxes = [t.bbox for t in tables]
        lines = [line for line in page.filter(_outside(bboxes)).extract_text_lines() if not _is_folio(line["text"], page.page_number)]
        items = [(top, "line", text) for top, text in _paragraphs(lines)]
        items += [(t.bbox[1], "table", t) for t in tables]
        items.sort(key=lambda item: item[0])
        for n, (_, kind, item) in enumerate(items):
            if kind == "line":
                builder.paragraph(item)
                last_was_table = False
                continue
            raw = item.extract()
            if not raw:
                continue
            rows = [split_group_row([c or "" for c in row]) for row in raw]
            # A header cell spanning sub-columns leaves holes (None) in row 1; row 2 then names them.
            two = len(raw) > 2 and None in raw[0] and not raw[1][0]
            # A table opening a page right after a table that closed the last one, with as many columns, goes on.
            previous = builder.doc.tables[-1] if builder.doc.tables else None
            continues = n == 0 and last_was_table and previous is not None and len(raw[0]) == len(previous.header)
            builder.table(rows, continues=continues, header_rows=1 if continues or not two else 2)
            last_was_table = True
    if chars == 0:
        raise DocumentError(name, "PDF không có lớp văn bản (no text layer) — cần OCR (tệp scan/ảnh)")
    return builder.finish()
