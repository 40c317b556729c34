"""The document model: what a plan or report is made of, with character offsets.

Every element keeps ``start``/``end`` offsets into ``Document.text`` (the file's
text, decoded and NFC-normalized but otherwise untouched; for DOCX and PDF the text
the reader composed: one paragraph per line, one table row per line with its cells
separated by tabs), so anything shown to a user can be quoted verbatim and located.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.text.normalize import clean


@dataclass
class Block:
    """A heading, paragraph, list item, caption or footnote line."""

    kind: str  # heading | paragraph | list_item | footnote
    start: int
    end: int
    text: str  # verbatim source slice
    section_id: int = 0

    @property
    def clean(self) -> str:
        return clean(self.text)


@dataclass
class Cell:
    text: str  # verbatim (multi-line cells of flattened tables keep their line breaks)
    start: int
    end: int

    @property
    def clean(self) -> str:
        return clean(self.text)


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int
    line: int  # 1-based line number in the file, for error messages
    # Rows of a tab table whose number cell is empty continue the row before them
    # (a page break split it); the parser records them here instead of as new rows.
    continuations: list["Row"] = field(default_factory=list)

    def cell(self, i: int) -> str:
        parts = [self.cells[i].clean] if i < len(self.cells) else []
        parts += [c.cells[i].clean for c in self.continuations if i < len(c.cells)]
        return " ".join(p for p in parts if p)

    @property
    def span_end(self) -> int:
        return self.continuations[-1].end if self.continuations else self.end


@dataclass
class Table:
    header: list[str]  # clean header cells
    rows: list[Row]
    start: int
    end: int
    line: int
    form: str  # tsv | pipe | flattened (text files) | docx | pdf (rows tab-separated in the composed text)
    title: str = ""  # caption lines just above the table (appendix title, "Kèm theo …")
    section_id: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Section:
    id: int
    heading: str  # clean heading text ("" for the preamble)
    number: str | None  # "I", "2", "3.1", "a" …
    level: int
    path: list[str]  # headings from the top down to this one
    start: int
    end: int = 0

    @property
    def path_text(self) -> str:
        return " > ".join(self.path)


@dataclass
class DocumentMeta:
    name: str
    title: str = ""
    short_title: str = ""
    kind: str = ""  # báo cáo | kế hoạch | …
    issuer: str = ""
    level: str = ""  # tỉnh | huyện | thị xã | thành phố | xã | phường | thị trấn | sở (manifests may say "huyện-thị xã")
    unit: str = ""  # the administrative unit reported on, with its level word: "xã Tây Sơn"
    district: str = ""  # its parent huyện / thị xã / thành phố when the header gives one
    period: str = ""
    date: str = ""
    number: str = ""
    from_manifest: bool = False


@dataclass
class Document:
    meta: DocumentMeta
    text: str
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # recoverable issues, with line numbers
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, page number) for PDFs

    @property
    def name(self) -> str:
        return self.meta.name

    def section(self, section_id: int) -> Section:
        return self.sections[section_id]

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def page_at(self, offset: int) -> int | None:
        """The page an offset falls on, for documents read from pages (PDF)."""
        for start, end, number in self.pages:
            if start <= offset <= end:
                return number
        return None
