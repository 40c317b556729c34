"""Word .docx: the body walked in order, paragraphs and tables built straight into the model."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from assistant.documents.model import Document, DocumentMeta
from assistant.documents.readers.build import DocumentBuilder, split_group_row, tidy
from assistant.documents.readers.sniff import DocumentError
from assistant.settings import Settings, get_settings
from assistant.text.normalize import fold

_HEADING_STYLE = re.compile(r"^(?:heading|tiêu đề)\s*(\d)$", re.IGNORECASE)


def check_zip(path: Path, settings: Settings) -> None:
    """Refuse zip bombs before anything inflates them: total size and compression ratio."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    total = sum(i.file_size for i in infos)
    if total > settings.max_unzipped_bytes:
        raise DocumentError(
            path.name, f"tệp DOCX giải nén ra {_size(total)}, vượt giới hạn {_size(settings.max_unzipped_bytes)} (max_unzipped_bytes; zip bomb?)"
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > settings.max_zip_ratio * max(info.compress_size, 1):
            raise DocumentError(path.name, f"tệp DOCX có thành phần {info.filename} nén bất thường (tỉ lệ > {settings.max_zip_ratio}:1, zip bomb?)")


def _size(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n / 1e3:g} KB"


def read_docx(path: Path, meta: DocumentMeta) -> Document:
    import docx

    check_zip(path, get_settings())
    try:
        word = docx.Document(str(path))
        return _build(word, meta)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types for a broken package
        raise DocumentError(path.name, f"tệp DOCX bị hỏng, không đọc được ({type(exc).__name__}: {str(exc)[:120]})") from None


def _style_level(paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    if name.lower() == "title":
        return None
    m = _HEADING_STYLE.match(name or "")
    return int(m.group(1)) if m else None


def _is_list(paragraph) -> bool:
    """A list paragraph: a List style, or Word's own bullets/numbering (numPr), whose marks are not in the text."""
    style = paragraph.style.name if paragraph.style is not None else ""
    ppr = paragraph._p.pPr
    return style.lower().startswith("list") or (ppr is not None and ppr.numPr is not None and _style_level(paragraph) is None)


def _build(word, meta: DocumentMeta) -> Document:
    from docx.table import Table as WordTable

    builder = DocumentBuilder(meta, "docx")
    for item in word.iter_inner_content():
        if isinstance(item, WordTable):
            rows = _table_rows(item)
            if _is_letterhead(rows):
                for row in rows:
                    builder.layout_row([c for c in row if isinstance(c, str)])
            else:
                builder.table(rows, header_rows=_header_rows(item))
        else:
            builder.paragraph(item.text, _style_level(item), list_item=_is_list(item))
    return builder.finish()


_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|doc lap\s*-\s*tu do")


def _is_letterhead(rows: list[list]) -> bool:
    """The two-column header (issuer | national motto) is laid out as a table: it is not data."""
    return any(isinstance(c, str) and _MOTTO.search(fold(c)) for row in rows[:2] for c in row)


def _header_rows(table) -> int:
    """2 when the first row merges cells (a label spanning sub-columns, or cells running down into row 2)."""
    trs = table._tbl.tr_lst
    if len(trs) < 3:
        return 1
    merged = any(tc.grid_span > 1 or tc.vMerge == "restart" for tc in trs[0].tc_lst)
    return 2 if merged else 1


def _cell_text(tc, table) -> str:
    from docx.table import _Cell

    return tidy(" ".join(p.text for p in _Cell(tc, table).paragraphs))


def _table_rows(table) -> list[list]:
    """Rows of the layout grid. A merged cell keeps its text once (the cells it covers are empty);
    a row merged into one cell "I. Hạ tầng số" becomes ("I.", "Hạ tầng số"), "", … like a group row."""
    width = len(table._tbl.tblGrid.gridCol_lst)
    rows = []
    for row in table.rows:
        cells: list = [""] * row.grid_cols_before
        for tc in row._tr.tc_lst:
            text = "" if tc.vMerge == "continue" else _cell_text(tc, table)
            cells += [text] + [""] * (tc.grid_span - 1)
        cells += [""] * max(0, width - len(cells))
        rows.append(split_group_row(cells))
    return rows
