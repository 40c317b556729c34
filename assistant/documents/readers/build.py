"""Build a Document directly from paragraphs and tables (DOCX, PDF).

The text is composed as it is built: one paragraph per line, one table row per
line with its cells separated by a tab, so the text panel stays readable and
every Block, Cell, Row, Table and Section gets exact offsets into it.
"""

from __future__ import annotations

import re

from assistant.documents.columns import column_role, column_roles
from assistant.documents.model import Block, Cell, Document, DocumentMeta, Row, Section, Table
from assistant.documents.parser import _FOOTNOTE, _LIST, MINOR_LEVEL, heading_of
from assistant.text.normalize import clean, nfc

_SPACES = re.compile(r"[ \t\u00a0]+")
_GROUP = re.compile(r"^([IVX]{1,5}|\d{1,2}|[A-Z])[.)]?\s+(\S.*)$")


def tidy(text: str) -> str:
    """One display line: NFC, no tabs or line breaks inside (they separate cells and lines)."""
    return _SPACES.sub(" ", nfc(text).replace("\r", " ").replace("\n", " ")).strip()


def split_group_row(cells: list[str]) -> list:
    """A row merged into one cell, "I. Hạ tầng số", becomes ("I.", "Hạ tầng số"), "", … so it
    reads as a group row (number, text, empty cells); other rows are returned tidied."""
    cells = [tidy(c) for c in cells]
    if len(cells) <= 2 or not cells[0] or any(cells[1:]):
        return cells
    m = _GROUP.match(cells[0])
    if not m:
        return cells
    number = cells[0][: m.start(2)].rstrip()
    return [(number, m.group(2))] + cells[2:]


def combine_header(top: list[str], sub: list[str]) -> list[str]:
    """One header from two rows: "Kết quả" spanning "Kế hoạch | Thực hiện" gives "Kế hoạch" (a
    column name of its own) and "Kết quả Thực hiện" (the sub-label qualifies its parent)."""
    out, parent = [], ""
    for i, head in enumerate(top):
        parent = head or parent  # a spanned cell is empty: its parent is the label to its left
        below = sub[i] if i < len(sub) else ""
        if not below:
            out.append(head)
        elif column_role(below) != "other":
            out.append(below)
        else:
            out.append(f"{parent} {below}".strip())
    return out


class DocumentBuilder:
    def __init__(self, meta: DocumentMeta, form: str):
        self.form = form  # Table.form: "docx" | "pdf"
        self.doc = Document(meta=meta, text="")
        self.doc.sections.append(Section(0, "", None, 0, [], 0))
        self._parts: list[str] = []
        self._pos = 0
        self._line = 1
        self._stack: list[Section] = []
        self._header_lines: list[list] = []  # the last table's header rows, to drop when repeated
        self._page: tuple[int, int] | None = None  # (start, number)

    # ------------------------------------------------------------ text

    def _append(self, line: str) -> tuple[int, int, int]:
        """Add one line; (start, end, line number)."""
        if self._parts:
            self._parts.append("\n")
            self._pos += 1
            self._line += 1
        start = self._pos
        self._parts.append(line)
        self._pos += len(line)
        return start, self._pos, self._line

    def start_page(self, number: int) -> None:
        self.end_page()
        self._page = (self._pos + (1 if self._parts else 0), number)

    def end_page(self) -> None:
        if self._page is not None:
            self.doc.pages.append((self._page[0], self._pos, self._page[1]))
            self._page = None

    # ------------------------------------------------------------ blocks

    def paragraph(self, text: str, style_level: int | None = None, list_item: bool = False) -> None:
        """A paragraph; ``style_level`` is the Word heading level when its style is a heading."""
        text = tidy(text)
        if not text:
            # An empty paragraph is a blank line (once): it separates the title block from what follows.
            if self._parts and self._parts[-1] != "":
                self._append("")
            return
        start, end, _ = self._append(text)
        head = heading_of(text)
        if head is None and style_level is not None:
            head = (None, clean(text), style_level)
        if head is not None and head[2] == MINOR_LEVEL and not self._stack:
            head = None
        if head is not None:
            self._open_section(head, start)
            kind = "heading"
        elif _FOOTNOTE.match(text):
            kind = "footnote"
        elif list_item or _LIST.match(text):
            kind = "list_item"
        else:
            kind = "paragraph"
        self.doc.blocks.append(Block(kind, start, end, text, self._section_id()))

    def layout_row(self, cells: list[str]) -> None:
        """A row of a layout table (the two-column header): one paragraph, columns separated by a tab."""
        text = "\t".join(c for c in (tidy(c) for c in cells) if c)
        if text:
            start, end, _ = self._append(text)
            self.doc.blocks.append(Block("paragraph", start, end, text, self._section_id()))

    def _open_section(self, head: tuple[str | None, str, int], start: int) -> None:
        number, heading, level = head
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        section = Section(len(self.doc.sections), heading, number, level, [s.heading for s in self._stack] + [heading], start)
        self.doc.sections.append(section)
        self._stack.append(section)

    def _section_id(self) -> int:
        return self._stack[-1].id if self._stack else 0

    # ------------------------------------------------------------ tables

    def _row(self, cells: list[str | tuple[str, str]]) -> Row:
        """One table row on its own line. A ("I.", "Hạ tầng số") pair is a merged cell shown as one text."""
        pieces, spans, pos = [], [], 0
        for i, cell in enumerate(cells):
            if i:
                pieces.append("\t")
                pos += 1
            parts = cell if isinstance(cell, tuple) else (cell,)
            for j, part in enumerate(parts):
                if j:
                    pieces.append(" ")
                    pos += 1
                spans.append((pos, part))
                pieces.append(part)
                pos += len(part)
        start, end, line = self._append("".join(pieces))
        return Row([Cell(t, start + p, start + p + len(t)) for p, t in spans], start, end, line)

    def table(self, rows: list[list[str | tuple[str, str]]], continues: bool = False, header_rows: int = 1) -> None:
        """A table whose first ``header_rows`` rows are its header (two when a header cell spans
        sub-columns); ``continues`` joins it to the previous table (the same table on the next page)."""
        rows = [[c if isinstance(c, tuple) else tidy(c) for c in r] for r in rows]
        rows = [r for r in rows if any(c for c in r)]
        if not rows:
            return
        previous = self.doc.tables[-1] if continues and self.doc.tables else None
        if previous is None and len(rows) <= header_rows:  # no data rows: a layout box (signature block)
            for row in rows:
                self.layout_row([" ".join(c) if isinstance(c, tuple) else c for c in row])
            return
        if previous is not None:
            while rows and rows[0] in self._header_lines:  # the header repeated on the new page
                rows = rows[1:]
        else:
            lines = [self._row(r) for r in rows[:header_rows]]
            header = [c.clean for c in lines[0].cells]
            for sub in lines[1:]:
                header = combine_header(header, [c.clean for c in sub.cells])
            table = Table(header, [], lines[0].start, lines[-1].end, lines[0].line, self.form)
            table.section_id = self._section_id()
            table.title = self._caption()
            self.doc.tables.append(table)
            self._header_lines = rows[:header_rows]
            rows = rows[header_rows:]
        table = self.doc.tables[-1]
        numbered = column_roles(table.header)[0] == "number"
        for cells in rows:
            row = self._row(cells)
            self._add_row(table, row, numbered)
            table.end = row.end

    def _add_row(self, table: Table, row: Row, numbered: bool) -> None:
        width = len(table.header)
        extra = [c for c in row.cells[width:] if c.clean]
        if extra:
            table.problems.append(f"dòng {row.line}: hàng có {len(row.cells)} ô, tiêu đề có {width} ô; phần thừa bị bỏ qua")
        while len(row.cells) < width:
            row.cells.append(Cell("", row.end, row.end))
        # A row whose number cell is empty continues the row before it (a page break split it).
        if numbered and not row.cells[0].clean and table.rows and any(c.clean for c in row.cells[1:]):
            table.rows[-1].continuations.append(row)
        else:
            table.rows.append(row)

    def _caption(self) -> str:
        """The short paragraphs just above a table (up to its section heading): its title."""
        since = self.doc.tables[-1].end if self.doc.tables else -1
        picked = []
        for block in reversed(self.doc.blocks):
            if block.start <= since or len(picked) >= 3 or len(block.text) > 250:
                break
            picked.append(block.clean)
            if block.kind == "heading":
                break
        return " ".join(reversed(picked))

    # ------------------------------------------------------------ result

    def finish(self) -> Document:
        self.end_page()
        doc = self.doc
        doc.text = "".join(self._parts)
        for a, b in zip(doc.sections, doc.sections[1:]):
            a.end = b.start
        doc.sections[-1].end = len(doc.text)
        if not doc.meta.title:
            doc.meta.title = next((b.clean for b in doc.blocks if b.kind != "heading"), doc.meta.name)[:200]
        doc.sections[0].heading = doc.meta.title
        doc.sections[0].path = [doc.meta.title]
        for table in doc.tables:
            doc.problems.extend(f"{doc.meta.name}: {p}" for p in table.problems)
        return doc
