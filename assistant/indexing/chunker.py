"""Structure-aware chunks (llama-index ``TextNode``) from the document model.

* Text: consecutive non-table blocks of ONE section are merged up to
  :data:`MAX_CHARS`, cut only at block boundaries (a block longer than
  :data:`LONG_BLOCK` is cut at sentence ends). A chunk never crosses a section
  or a table, so its span ``doc.text[start:end]`` is exactly the text it shows.
* Tables: every row (with its continuation rows) is its own node, rendered with
  the column names ("Các chỉ tiêu: … | Thời gian hoàn thành: Quý IV | …"), under
  the group row it belongs to ("Nhóm: Phát triển hạ tầng số").

A node's ``text`` is what a user is shown; what is embedded (and indexed by BM25)
is ``node.get_content(MetadataMode.EMBED)``: document title, section path and table
title above that text (see :func:`embed_text`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from llama_index.core.schema import MetadataMode, TextNode

from assistant.documents.columns import column_roles
from assistant.documents.model import Block, Document, Row, Table
from assistant.text.normalize import clean, match_key

MAX_CHARS = 1200
LONG_BLOCK = 1500  # a single block longer than this is cut at sentence ends
PIECE_CHARS = 900

KIND_TEXT = "text"
KIND_ROW = "row"

# Metadata never embedded: where the chunk is, not what it says.
_NOT_EMBEDDED = ["source", "short_title", "start", "end", "kind"]
_HEADING_MARK = re.compile(r"^#{1,6}\s*")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=\S)")


def embed_text(node: TextNode) -> str:
    """The text that is embedded and indexed: title, section path, table title, then the node text."""
    return node.get_content(metadata_mode=MetadataMode.EMBED)


def embed_parts(node: TextNode) -> list[str]:
    """The parts of :func:`embed_text`, in its order (lexical forms are computed part by part)."""
    excluded = set(node.excluded_embed_metadata_keys)
    return [str(v) for k, v in node.metadata.items() if k not in excluded and str(v)] + [node.text]


def _display(block: Block) -> str:
    return _HEADING_MARK.sub("", block.clean).strip()


def _node(doc: Document, text: str, start: int, end: int, section_id: int, kind: str, table_title: str = "") -> TextNode:
    meta = doc.meta
    section = doc.sections[section_id].path_text if section_id else ""
    metadata = {
        "title": meta.title,
        "short_title": meta.short_title or meta.title,
        "source": meta.name,
        "section": section,
        "table_title": table_title,
        "kind": kind,
        "start": start,
        "end": end,
    }
    excluded = list(_NOT_EMBEDDED)
    if not section or match_key(section) in match_key(meta.title + " " + table_title):
        excluded.append("section")  # said already by the title or the table title
    if not table_title:
        excluded.append("table_title")
    return TextNode(
        id_=f"{meta.name}#{kind}:{start}-{end}",
        text=text,
        metadata=metadata,
        excluded_embed_metadata_keys=excluded,
        excluded_llm_metadata_keys=list(_NOT_EMBEDDED),
        metadata_template="{value}",
        metadata_seperator="\n",
        text_template="{metadata_str}\n\n{content}",
        start_char_idx=start,
        end_char_idx=end,
    )


# ---------------------------------------------------------------- text chunks


def _pieces(doc: Document, block: Block) -> list[tuple[int, int]]:
    """(start, end) spans of a block; long blocks are cut at sentence ends."""
    if block.end - block.start <= LONG_BLOCK:
        return [(block.start, block.end)]
    raw = doc.text[block.start : block.end]
    cuts = [m.end() for m in _SENTENCE_END.finditer(raw)]
    spans, begin = [], 0
    last_cut = 0
    for cut in cuts + [len(raw)]:
        if cut - begin > PIECE_CHARS and last_cut > begin:
            spans.append((begin, last_cut))
            begin = last_cut
        last_cut = cut
    spans.append((begin, len(raw)))
    out = []
    for s, e in spans:
        seg = raw[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        out.append((block.start + s + lead, block.start + e - trail))
    return [(s, e) for s, e in out if e > s]


def _runs(doc: Document) -> Iterable[list[Block]]:
    """Maximal runs of blocks in one section with no table between them."""
    table_starts = sorted(t.start for t in doc.tables)
    run: list[Block] = []
    for block in doc.blocks:
        if run:
            prev = run[-1]
            split_by_table = any(prev.end <= t < block.start for t in table_starts)
            if block.section_id != prev.section_id or split_by_table:
                yield run
                run = []
        run.append(block)
    if run:
        yield run


def _leaf_or_lonely(doc: Document) -> set[int]:
    """Sections whose heading would be lost if a heading-only chunk were dropped."""
    has_children = {a.id for a, b in zip(doc.sections, doc.sections[1:]) if b.level > a.level}
    with_tables = {t.section_id for t in doc.tables}
    return {s.id for s in doc.sections if s.id not in has_children and s.id not in with_tables}


def text_nodes(doc: Document) -> list[TextNode]:
    keep_heading_only = _leaf_or_lonely(doc)
    nodes: list[TextNode] = []
    for run in _runs(doc):
        section_id = run[0].section_id
        if all(b.kind == "heading" for b in run) and section_id not in keep_heading_only:
            continue  # the heading is carried by the section path of what follows
        # (start, end, display text, is heading) units: whole blocks, or sentence pieces of long ones.
        units: list[tuple[int, int, str, bool]] = []
        for block in run:
            spans = _pieces(doc, block)
            if len(spans) == 1:
                units.append((block.start, block.end, _display(block), block.kind == "heading"))
            else:
                units.extend((s, e, clean(doc.text[s:e]), False) for s, e in spans)
        units = [u for u in units if u[2]]
        if not units:
            continue
        total = sum(len(u[2]) + 1 for u in units)
        target = total / max(1, math.ceil(total / MAX_CHARS))
        group: list[tuple[int, int, str, bool]] = []
        size = 0
        for unit in units:
            grown = size + len(unit[2]) + 1
            # cut before this unit when the chunk is full, but never leave a heading alone
            full = grown > MAX_CHARS or (size >= target and grown > target * 1.1)
            if group and full and not all(u[3] for u in group):
                nodes.append(_text_node(doc, group, section_id))
                group, size = [], 0
            group.append(unit)
            size += len(unit[2]) + 1
        if group:
            nodes.append(_text_node(doc, group, section_id))
    return nodes


def _text_node(doc: Document, units: list[tuple[int, int, str, bool]], section_id: int) -> TextNode:
    text = "\n".join(u[2] for u in units)
    return _node(doc, text, units[0][0], units[-1][1], section_id, KIND_TEXT)


# ---------------------------------------------------------------- table rows


def _column_names(table: Table) -> list[str]:
    return [h or f"Cột {i + 1}" for i, h in enumerate(table.header)]


def is_group_row(table: Table, row: Row) -> bool:
    """A row whose only non-empty cells are the first two ("I | Phát triển hạ tầng số")."""
    if len(table.header) <= 2:
        return False
    filled = [i for i in range(len(table.header)) if row.cell(i)]
    return filled == [0, 1]


def render_row(table: Table, row: Row, group: str = "") -> str:
    names = _column_names(table)
    roles = column_roles(table.header)
    parts = []
    for i, name in enumerate(names):
        value = row.cell(i)
        if not value or (roles[i] == "number" and i == 0):
            continue
        parts.append(f"{name}: {value}")
    line = " | ".join(parts)
    return f"Nhóm: {group}\n{line}" if group else line


def row_nodes(doc: Document) -> list[TextNode]:
    nodes: list[TextNode] = []
    for table in doc.tables:
        title = clean(table.title)
        group = ""
        for row in table.rows:
            if is_group_row(table, row):
                group = row.cell(1)
                text = render_row(table, row)
            else:
                text = render_row(table, row, group)
            if not text:
                continue
            nodes.append(_node(doc, text, row.start, row.span_end, table.section_id, KIND_ROW, title))
    return nodes


def chunk_document(doc: Document) -> list[TextNode]:
    """All nodes of a document, in reading order."""
    nodes = text_nodes(doc) + row_nodes(doc)
    nodes.sort(key=lambda n: n.metadata["start"])
    return nodes


def chunk_corpus(docs: Iterable[Document]) -> list[TextNode]:
    return [node for doc in docs for node in chunk_document(doc)]
