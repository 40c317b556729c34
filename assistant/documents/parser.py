"""Parse a plan or report's text into the document model.

The corpus mixes forms on purpose, as real documents do: markdown-ish headings
whose ``#`` depth does not match their numbering, tab-separated tables whose rows
continue across page breaks, markdown pipe tables, a table flattened to one cell
per line, bullets, footnotes. Heading depth is therefore read from the numbering
(I. / 1. / 1.1. / a)), not from the markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents.columns import column_roles
from assistant.documents.model import Block, Cell, Document, DocumentMeta, Row, Section, Table
from assistant.text.normalize import clean, fold

_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*)$")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|PHU LUC)\b\s*(?:số\s*)?([0-9IVX]+)?", re.UNICODE)
_ROMAN = re.compile(r"^([IVX]{1,5})[.)]\s+\S")
_DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+\S")
_ARABIC = re.compile(r"^(\d{1,2})[.)]\s+\S")
_LETTER = re.compile(r"^([a-zđ])\)\s+\S")
_LIST = re.compile(r"^\s*[-+•*]\s")
_FOOTNOTE = re.compile(r"^\s*(?:<sup>\d+</sup>|\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_HEADER_WORDS = {"tt", "stt", "so tt"}
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")

MINOR_LEVEL = 9  # markdown headings without numbering nest under the current section


@dataclass
class _Line:
    no: int  # 1-based
    start: int
    end: int
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def split_lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for no, raw in enumerate(text.split("\n"), start=1):
        lines.append(_Line(no, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


# ---------------------------------------------------------------- headings


def heading_of(line: str) -> tuple[str | None, str, int] | None:
    """(number, text, level) when the line is a heading, else None."""
    md = _MD_HEADING.match(line)
    body = md.group(2) if md else line
    text = clean(body).strip("*_ ").strip()
    if not text:
        return None
    emphasized = bool(md) or (body.strip().startswith("**") and len(text) <= 400)
    if _APPENDIX.match(text):
        m = _APPENDIX.match(text)
        return (m.group(1), text, 0)
    if not emphasized and (len(text) > 200 or text.endswith((";", ","))):
        return None
    for pattern, level_of in (
        (_ROMAN, lambda n: 1),
        (_DECIMAL, lambda n: 2 + n.count(".")),
        (_ARABIC, lambda n: 2),
        (_LETTER, lambda n: 5),
    ):
        m = pattern.match(text)
        if m:
            return (m.group(1), text, level_of(m.group(1)))
    if md:
        return (None, text, MINOR_LEVEL)
    return None


# ---------------------------------------------------------------- tables


def _cells_of(line: _Line, sep: str) -> list[Cell]:
    cells, pos = [], line.start
    parts = line.raw.split(sep)
    if sep == "|":  # drop the outer pipes of a markdown row
        lead = len(line.raw) - len(line.raw.lstrip())
        pos += lead
        parts = line.raw.strip().split("|")
        if parts and parts[0] == "":
            parts, pos = parts[1:], pos + 1
        if parts and parts[-1] == "":
            parts = parts[:-1]
    for part in parts:
        cells.append(Cell(part, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _same_header(a: list[str], b: list[str]) -> bool:
    return [fold(x) for x in a] == [fold(x) for x in b]


def _add_row(table: Table, row: Row, number_col: bool) -> None:
    width = len(table.header)
    if len(row.cells) > width and any(c.clean for c in row.cells[width:]):
        table.problems.append(
            f"dòng {row.line}: hàng có {len(row.cells)} ô, tiêu đề có {width} ô; phần thừa bị bỏ qua"
        )
    while len(row.cells) < width:
        row.cells.append(Cell("", row.end, row.end))
    # A row whose number cell is empty continues the row before it (page break).
    if number_col and not row.cells[0].clean and table.rows and any(c.clean for c in row.cells[1:]):
        table.rows[-1].continuations.append(row)
    else:
        table.rows.append(row)


def _delimited_tables(lines: list[_Line], used: set[int], sep: str, form: str) -> list[Table]:
    """Tab-separated or pipe tables: runs of lines holding the separator."""
    is_row = (lambda l: "\t" in l.raw) if sep == "\t" else (lambda l: l.text.startswith("|"))
    tables: list[Table] = []
    current: Table | None = None
    last_row_idx = -10
    i = 0
    while i < len(lines):
        line = lines[i]
        if not is_row(line):
            i += 1
            continue
        cells = _cells_of(line, sep)
        header = [c.clean for c in cells]
        gap_blank = current is not None and all(lines[j].blank for j in range(last_row_idx + 1, i)) and i - last_row_idx <= 6
        if current is not None and gap_blank:
            if not _same_header(header, current.header):
                current_row = Row(cells, line.start, line.end, line.no)
                _add_row(current, current_row, column_roles(current.header)[0] == "number")
            # else: the header repeated after a page break; the table goes on
        else:
            current = Table(header=header, rows=[], start=line.start, end=line.end, line=line.no, form=form)
            tables.append(current)
            # A pipe table's second line is its |---| separator.
            if form == "pipe" and i + 1 < len(lines) and _PIPE_SEPARATOR.match(lines[i + 1].raw):
                used.add(i + 1)
                i += 1
        used.add(i)
        current.end = lines[i].end
        last_row_idx = i
        i += 1
    return [t for t in tables if t.header]


def _flattened_tables(lines: list[_Line], used: set[int]) -> list[Table]:
    """Tables exported one cell per line: a "TT" line, the header cells, then rows.

    A row starts at a line holding only its number, or at a line indented by a
    space (a row printed without a number). Its remaining lines are dealt to the
    columns in order by :func:`_deal_cells`, which allows missing cells.
    """
    tables = []
    i = 0
    while i < len(lines):
        if i in used or fold(lines[i].text) not in _HEADER_WORDS or "\t" in lines[i].raw:
            i += 1
            continue
        j = i + 1
        header = [lines[i].text]
        while j < len(lines) and len(header) < 9:
            t = lines[j].text
            if not t or _BARE_NUMBER.match(t) or lines[j].raw.startswith(" ") or len(t) > 60 or t.startswith("-"):
                break
            header.append(clean(t))
            j += 1
        if len(header) < 3 or j >= len(lines) or not (_BARE_NUMBER.match(lines[j].text) or lines[j].raw.startswith(" ")):
            i += 1
            continue
        table = Table(header=header, rows=[], start=lines[i].start, end=lines[j - 1].end, line=lines[i].no, form="flattened")
        roles = column_roles(header)
        used.update(range(i, j))
        groups: list[list[_Line]] = []
        last_number = None
        k = j
        while k < len(lines):
            line = lines[k]
            t = line.text
            if _APPENDIX.match(clean(t)) or _FOOTNOTE.match(line.raw) or (line.blank and k + 1 < len(lines) and lines[k + 1].blank):
                break
            if line.blank:
                k += 1
                continue
            starts_numbered = bool(_BARE_NUMBER.match(t)) and (last_number is None or 0 < int(t) - last_number <= 20)
            if starts_numbered or line.raw.startswith(" ") or not groups:
                groups.append([line])
                if starts_numbered:
                    last_number = int(t)
            else:
                groups[-1].append(line)
            used.add(k)
            k += 1
        for group in groups:
            table.rows.append(_flattened_row(group, roles, table))
        if table.rows:
            table.end = table.rows[-1].end
            tables.append(table)
        i = k
    return tables


def _flattened_row(group: list[_Line], roles: list[str], table: Table) -> Row:
    first = group[0]
    if _BARE_NUMBER.match(first.text):
        number_cell = Cell(first.raw, first.start, first.end)
        body = group[1:]
    else:
        number_cell = Cell("", first.start, first.start)
        body = group
    assignment = _deal_cells([l.text for l in body], roles[1:])
    cells = [number_cell]
    for col in range(1, len(roles)):
        own = [l for l, c in zip(body, assignment) if c == col - 1]
        if own:
            cells.append(Cell("\n".join(l.raw for l in own), own[0].start, own[-1].end))
        else:
            cells.append(Cell("", group[-1].end, group[-1].end))
    if not body:
        table.problems.append(f"dòng {first.no}: hàng chỉ có số thứ tự, không có nội dung")
    return Row(cells, first.start, group[-1].end, first.no)


_LEGAL_HINT = re.compile(
    r"(nghị quyết|nghị định|quyết định|chỉ thị|kế hoạch|công văn|thông tư|thông báo|tờ trình|văn bản|báo cáo|\bcv\b)[^\n]{0,40}?\d+\s*[-/]",
    re.IGNORECASE,
)
_AGENCY_HINT = re.compile(
    r"^(sở|ubnd|ủy ban|văn phòng|trung tâm|cục|công an|ngân hàng|các sở|các cơ quan|thanh tra|hội|mặt trận|bảo hiểm|ban|phòng|các dn|doanh nghiệp)\b",
    re.IGNORECASE,
)


def _line_score(text: str, role: str, index: int, total: int, first: str) -> float:
    n = len(text)
    legal = bool(_LEGAL_HINT.search(text))
    if role in ("indicator", "name", "title"):
        same_bullet = text[:1] in "-+" and first[:1] == text[:1] and n > 40
        return (5.0 if index == 0 else 0.5) + (1.0 if same_bullet else 0.0)
    if role == "target":
        size = 2 if n <= 25 else 1 if n <= 40 else 0 if n <= 80 else -1 if n <= 140 else -2
        hint = 1 if re.search(r"\d|%|^(duy trì|không giao|tối thiểu|triển khai)", text, re.IGNORECASE) else 0
        return size + hint - (2 if legal else 0)
    if role == "legal_basis":
        return 3.0 if legal else -2.0
    if role == "lead_agency":
        return 3.0 if _AGENCY_HINT.match(text) and n <= 160 else -2.0
    if role == "notes":
        return (1.0 if index == total - 1 else -1.0) + (1.0 if legal else 0.0)
    return 0.5  # prose columns: necessity, scope, result, other


def _deal_cells(texts: list[str], roles: list[str]) -> list[int]:
    """Assign each line to a column, in column order, maximizing a fit score.

    Dynamic programming over (line, column): columns may be skipped (a missing
    cell), each filled column earns a bonus so that lines spread over columns.
    """
    m, k = len(texts), len(roles)
    if m == 0 or k == 0:
        return []
    first = texts[0]
    fill_bonus = 1.5
    neg = float("-inf")
    # best[i][c]: best score with lines[:i+1] assigned and line i in column c
    best = [[neg] * k for _ in range(m)]
    back = [[-1] * k for _ in range(m)]
    for c in range(k):
        if c == 0:
            best[0][c] = _line_score(texts[0], roles[c], 0, m, first) + fill_bonus
    for i in range(1, m):
        for c in range(k):
            s = _line_score(texts[i], roles[c], i, m, first)
            stay = best[i - 1][c]
            move, arg = neg, -1
            for p in range(c):
                if best[i - 1][p] > move:
                    move, arg = best[i - 1][p], p
            if stay >= move + fill_bonus and stay > neg:
                best[i][c], back[i][c] = stay + s, c
            elif move > neg:
                best[i][c], back[i][c] = move + fill_bonus + s, arg
    c = max(range(k), key=lambda x: best[m - 1][x])
    out = [0] * m
    for i in range(m - 1, -1, -1):
        out[i] = c
        c = back[i][c] if i > 0 else c
    return out


# ---------------------------------------------------------------- document


def parse(text: str, meta: DocumentMeta) -> Document:
    lines = split_lines(text)
    used: set[int] = set()
    tables = _delimited_tables(lines, used, "\t", "tsv")
    tables += _delimited_tables(lines, used, "|", "pipe")
    tables += _flattened_tables(lines, used)
    tables.sort(key=lambda t: t.start)

    doc = Document(meta=meta, text=text)
    preamble = Section(0, "", None, 0, [], 0)
    doc.sections.append(preamble)
    stack: list[Section] = []
    for idx, line in enumerate(lines):
        if idx in used or line.blank:
            continue
        head = heading_of(line.raw)
        if head is not None and head[2] == MINOR_LEVEL and not stack:
            head = None  # unnumbered markdown headings before the first section are title lines
        if head is not None:
            number, heading, level = head
            while stack and stack[-1].level >= level:
                stack.pop()
            section = Section(len(doc.sections), heading, number, level, [s.heading for s in stack] + [heading], line.start)
            doc.sections.append(section)
            stack.append(section)
            kind = "heading"
        elif _FOOTNOTE.match(line.raw):
            kind = "footnote"
        elif _LIST.match(line.raw):
            kind = "list_item"
        else:
            kind = "paragraph"
        section_id = stack[-1].id if stack else 0
        doc.blocks.append(Block(kind, line.start + (len(line.raw) - len(line.raw.lstrip())), line.end, line.raw.strip(), section_id))

    for a, b in zip(doc.sections, doc.sections[1:]):
        a.end = b.start
    doc.sections[-1].end = len(text)
    if not meta.title:
        meta.title = _title_from_header(doc)
    preamble.heading = meta.title
    preamble.path = [meta.title]

    for table in tables:
        table.section_id = _section_at(doc, table.start)
        table.title = _caption_above(lines, table, used)
        doc.problems.extend(f"{meta.name}: {p}" for p in table.problems)
    doc.tables = tables
    return doc


def _section_at(doc: Document, offset: int) -> int:
    found = 0
    for s in doc.sections:
        if s.start <= offset:
            found = s.id
    return found


def _caption_above(lines: list[_Line], table: Table, used: set[int]) -> str:
    """The lines just above a table: its appendix heading and "(Kèm theo …)" caption."""
    start_idx = table.line - 1
    picked: list[str] = []
    blanks = 0
    j = start_idx - 1
    while j >= 0 and len(picked) < 5:
        line = lines[j]
        if j in used:
            break
        if line.blank:
            blanks += 1
            if blanks > 2:
                break
            j -= 1
            continue
        blanks = 0
        picked.append(clean(line.raw))
        if heading_of(line.raw) is not None:
            break
        j -= 1
    return " ".join(reversed(picked))


_KIND_WORDS = {"bao cao": "báo cáo", "ke hoach": "kế hoạch", "quyet dinh": "quyết định", "cong van": "công văn"}


def _title_from_header(doc: Document) -> str:
    """A title for a document without a manifest entry: its first lines up to the first heading."""
    parts: list[str] = []
    for block in doc.blocks:
        if block.section_id != 0 or len(parts) >= 3:
            break
        t = block.clean.strip("*# ")
        if not t or t.lower().startswith(("số:", "kính gửi")) or re.search(r"ngày\s+\S*\s*tháng", t):
            continue
        parts.append(t)
        if fold(t) not in _KIND_WORDS and len(parts) >= 2:
            break
    return " ".join(parts) or doc.meta.name


def kind_of_title(title: str) -> str:
    key = fold(title)
    for word, kind in _KIND_WORDS.items():
        if key.startswith(word):
            return kind
    return ""
