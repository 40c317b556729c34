"""The records store: documents, indicators, legal references and projects in SQLite.

Written by ``assistant index`` into each build folder beside the vectors, so records
and passages always come from the same corpus; read through :class:`Records`.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from assistant.documents.model import Document
from assistant.extract.canonical import link
from assistant.extract.indicators import Indicator, extract_indicators
from assistant.extract.legal import enrich_from_list_tables, gather, mentions_in
from assistant.extract.projects import extract_projects
from assistant.text.normalize import fold, match_key
from assistant.text.places import places_in
from assistant.text.years import label_of, mentions_year

SCHEMA = """
CREATE TABLE documents (name TEXT PRIMARY KEY, title TEXT, short_title TEXT, kind TEXT, issuer TEXT,
    level TEXT, unit TEXT, district TEXT, period TEXT, date TEXT, number TEXT, text TEXT);
CREATE TABLE pages (source TEXT, start INTEGER, "end" INTEGER, page INTEGER);
CREATE TABLE chunks (id TEXT PRIMARY KEY, source TEXT, kind TEXT, form TEXT, node TEXT);
CREATE TABLE sections (source TEXT, id INTEGER, heading TEXT, path TEXT, level INTEGER, start INTEGER, "end" INTEGER);
CREATE TABLE indicators (id TEXT PRIMARY KEY, source TEXT, plan TEXT, "group" TEXT, number TEXT, text TEXT,
    target TEXT, deadline TEXT, result TEXT, status TEXT, status_source TEXT, lead_agency TEXT, legal_basis TEXT,
    notes TEXT, unit TEXT, start INTEGER, "end" INTEGER, line INTEGER, "table" TEXT, canonical_id TEXT, legal_keys TEXT);
CREATE TABLE legal_refs (key TEXT PRIMARY KEY, base_key TEXT, type TEXT, number TEXT, date TEXT, issuer TEXT, title TEXT);
CREATE TABLE legal_mentions (key TEXT, source TEXT, start INTEGER, "end" INTEGER);
CREATE TABLE projects (id TEXT PRIMARY KEY, source TEXT, number TEXT, name TEXT, lead_agency TEXT, necessity TEXT,
    scope TEXT, legal_basis TEXT, notes TEXT, start INTEGER, "end" INTEGER, legal_keys TEXT);
CREATE TABLE problems (source TEXT, message TEXT);
-- What an incremental build needs of each document without reading it again: its artifact's key,
-- table count, share of the word statistics and raw legal mentions (references are merged across documents).
CREATE TABLE artifacts (source TEXT PRIMARY KEY, key TEXT, tables INTEGER, stats TEXT, mentions TEXT);
-- What the answer service looks up in the whole corpus without holding its text: folded lines by their
-- words (does any document write this name, year or number?) and the places each document names.
CREATE VIRTUAL TABLE folded_lines USING fts5(source UNINDEXED, line);
CREATE TABLE places (source TEXT, name TEXT);
CREATE INDEX indicators_status ON indicators(status);
CREATE INDEX indicators_canonical ON indicators(canonical_id);
CREATE INDEX mentions_key ON legal_mentions(key);
CREATE INDEX chunks_source ON chunks(source);
CREATE INDEX indicators_source ON indicators(source);
CREATE INDEX sections_source ON sections(source);
CREATE INDEX pages_source ON pages(source);
CREATE INDEX mentions_source ON legal_mentions(source);
CREATE INDEX projects_source ON projects(source);
CREATE INDEX problems_source ON problems(source);
CREATE INDEX places_source ON places(source);
"""


def extract_document(doc: Document) -> tuple[list[Indicator], list, list, list[str]]:
    """The records of one document: indicators, projects, legal mentions, problems (no cross-document linking)."""
    problems: list[str] = []
    indicators = extract_indicators(doc, problems)
    projects = extract_projects(doc)
    mentions = mentions_in(doc.name, doc.text)
    enrich_from_list_tables(doc, mentions)
    return indicators, projects, mentions, problems + doc.problems


def extract_all(docs: list[Document]) -> tuple[list[Indicator], list, list, list[str]]:
    indicators, projects, mentions, problems = [], [], [], []
    for doc in docs:
        i, p, m, pr = extract_document(doc)
        indicators += i
        projects += p
        mentions += m
        problems += pr
    link(indicators)
    return indicators, gather(mentions), projects, problems


def document_row(meta: dict, text: str) -> tuple:
    return (meta["name"], meta.get("title", ""), meta.get("short_title") or meta.get("title", ""), meta.get("kind", ""),
            meta.get("issuer", ""), meta.get("level", ""), meta.get("unit", ""), meta.get("district", ""),
            meta.get("period", ""), meta.get("date", ""), meta.get("number", ""), text)


def write_records(docs: list[Document], path: Path) -> dict:
    """Extract every record from the documents and write them to a new SQLite file."""
    from dataclasses import asdict

    indicators, refs, projects, problems = extract_all(docs)
    documents = [(document_row(asdict(d.meta), d.text),
                  [(s.id, s.heading, s.path_text, s.level, s.start, s.end) for s in d.sections],
                  list(getattr(d, "pages", []) or [])) for d in docs]
    write_store(path, documents, indicators, refs, projects, problems)
    return {"indicators": len(indicators), "legal_refs": len(refs), "projects": len(projects), "problems": problems}


def write_store(path: Path, documents: list[tuple], indicators: list[Indicator], refs: list, projects: list,
                problems: list[str]) -> None:
    """Write a new records file. ``documents``: (document row, section rows, page spans) per document."""
    path = Path(path)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    with con:
        con.executescript(SCHEMA)
        for row, sections, pages in documents:
            insert_document(con, row, sections, pages)
        insert_indicators(con, indicators)
        replace_legal_refs(con, refs)
        insert_projects(con, projects)
        insert_problems(con, problems)
    con.close()


# The writing steps, shared by write_store and the index build (which patches a copy of the previous records).

def insert_document(con: sqlite3.Connection, row: tuple, sections: list[tuple], pages: list) -> None:
    """A document's row (its text last), sections, pages, folded lines and places."""
    name, text = row[0], row[-1]
    con.execute("INSERT INTO documents VALUES (" + ",".join("?" * 12) + ")", row)
    con.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?)", [(name, *s) for s in sections])
    con.executemany("INSERT INTO pages VALUES (?,?,?,?)", [(name, *p) for p in pages])
    con.executemany("INSERT INTO folded_lines VALUES (?,?)", [(name, line) for line in fold(text).split("\n") if line.strip()])
    con.executemany("INSERT INTO places VALUES (?,?)", [(name, place) for place in sorted(places_in(text))])


def insert_indicators(con: sqlite3.Connection, indicators: list[Indicator]) -> None:
    con.executemany(
        "INSERT INTO indicators VALUES (" + ",".join("?" * 21) + ")",
        [(r.id, r.source, r.plan, r.group, r.number, r.text, r.target, r.deadline, r.result, r.status, r.status_source,
          r.lead_agency, r.legal_basis, r.notes, r.unit, r.start, r.end, r.line, r.table, r.canonical_id,
          json.dumps(r.legal_keys, ensure_ascii=False)) for r in indicators],
    )


def replace_legal_refs(con: sqlite3.Connection, refs: list) -> None:
    """Legal references are merged across documents: the whole table is written again."""
    con.execute("DELETE FROM legal_refs")
    con.execute("DELETE FROM legal_mentions")
    con.executemany("INSERT INTO legal_refs VALUES (?,?,?,?,?,?,?)",
                    [(ref.key, ref.base_key, ref.type, ref.number, ref.date, ref.issuer, ref.title) for ref in refs])
    con.executemany("INSERT INTO legal_mentions VALUES (?,?,?,?)",
                    [(ref.key, m["source"], m["start"], m["end"]) for ref in refs for m in ref.mentions])


def insert_projects(con: sqlite3.Connection, projects: list) -> None:
    con.executemany(
        "INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(p.id, p.source, p.number, p.name, p.lead_agency, p.necessity, p.scope, p.legal_basis, p.notes, p.start, p.end,
          json.dumps(p.legal_keys, ensure_ascii=False)) for p in projects],
    )


def insert_problems(con: sqlite3.Connection, problems: list[str], source: str | None = None) -> None:
    """Problems name their document first ("name: …") unless ``source`` says whose they are."""
    con.executemany("INSERT INTO problems VALUES (?,?)", [(source or p.split(":", 1)[0], p) for p in problems])


# Words as the full-text index splits them (its default unicode61 tokenizer, on folded text).
_TOKEN = re.compile(r"[a-z0-9]+")
# Whole documents (text, sections, pages) kept in memory after use: answering reads a few per question.
DOCUMENTS_KEPT = 32


class LazyDocument(dict):
    """A document's metadata; its ``["text"]``, ``["sections"]`` and ``["pages"]`` are read from the records
    when used (the recently used kept), so a service does not hold the corpus's text in memory."""

    _PARTS = ("text", "sections", "pages")

    def __init__(self, meta: dict, read) -> None:
        super().__init__(meta)
        self._read = read

    def __missing__(self, key: str):
        if key in self._PARTS:
            return self._read(self["name"])[key]
        raise KeyError(key)


class Records:
    """Read-only queries over a build's records.sqlite (the API the QA layer and the CLI use)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"không có kho bản ghi {self.path}: hãy chạy 'assistant index'")
        self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.con.row_factory = sqlite3.Row
        self._lock = threading.Lock()  # one connection, shared by the server's threads
        # Indicator records stay on disk (a province has ~10k): queries filter in SQL on indexed columns.
        self._groups = sorted(r[0] for r in self.con.execute('SELECT DISTINCT "group" FROM indicators WHERE "group" != \'\''))
        # Metadata only: document texts are read on demand (a province corpus does not fit in memory twice).
        columns = [c[1] for c in self.con.execute("PRAGMA table_info(documents)") if c[1] != "text"]
        quoted = ", ".join(f'"{c}"' for c in columns)
        self._documents = {r["name"]: dict(r) for r in self.con.execute(f"SELECT {quoted} FROM documents ORDER BY name")}
        # Folded file name, unit and short title of each document: what a "source" filter matches.
        self._source_labels = {name: fold(" ".join([name, d.get("unit") or "", d.get("short_title") or ""]))
                               for name, d in self._documents.items()}
        self._whole = lru_cache(maxsize=DOCUMENTS_KEPT)(self._read_whole)

    def close(self) -> None:
        with self._lock:
            self.con.close()

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.con.execute(sql, params).fetchall()

    # ------------------------------------------------------------ documents

    def documents(self) -> list[dict]:
        return [dict(d) for d in self._documents.values()]

    def document(self, name: str) -> dict | None:
        """A document's metadata, full text, sections and page spans."""
        return dict(self._whole(name)) if name in self._documents else None

    def lazy_documents(self) -> dict[str, LazyDocument]:
        """Every document by name, its text read only when used."""
        return {name: LazyDocument(meta, self._whole) for name, meta in self._documents.items()}

    def _read_whole(self, name: str) -> dict:
        text = self._rows("SELECT text FROM documents WHERE name=?", (name,))[0]["text"]
        sections = [dict(r) for r in self._rows(
            'SELECT id, heading, path, level, start, "end" FROM sections WHERE source=? ORDER BY id', (name,))]
        pages = [dict(r) for r in self._rows('SELECT start, "end", page FROM pages WHERE source=? ORDER BY start', (name,))]
        return {**self._documents[name], "text": text, "sections": sections, "pages": pages}

    # ------------------------------------------------------------ chunks (the index's display nodes)

    def chunk_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM chunks ORDER BY rowid")]

    def chunk_ids_of(self, sources: list[str]) -> set[str]:
        """Ids of the chunks of these documents (an index lookup)."""
        out: set[str] = set()
        for i in range(0, len(sources), 500):
            part = sources[i:i + 500]
            out.update(r[0] for r in self._rows(f"SELECT id FROM chunks WHERE source IN ({','.join('?' * len(part))})",
                                                tuple(part)))
        return out

    def chunk_ids_of_year(self, year: str) -> set[str]:
        """Ids of the chunks about a year: all of a document whose title or period names it ("Kế hoạch … năm
        2025"), and those of other documents whose own text names it (not in a signing date written out)."""
        ids = self.chunk_ids_of([name for name, d in self._documents.items() if mentions_year(label_of(d), year)])
        rows = self._rows("SELECT id, node FROM chunks WHERE node LIKE ?", (f"%{year}%",))
        return ids | {r["id"] for r in rows if r["id"] not in ids and mentions_year(json.loads(r["node"])["text"], year)}

    def chunks(self, ids: list[str]) -> dict[str, dict]:
        """TextNode dicts of the given chunk ids."""
        out: dict[str, dict] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self._rows(f"SELECT id, node FROM chunks WHERE id IN ({','.join('?' * len(part))})", tuple(part))
            out.update((r["id"], json.loads(r["node"])) for r in rows)
        return out

    def folded_lines(self, folded: str, batch: int = 256) -> Iterator[str]:
        """Folded lines of the corpus holding these words side by side (a full-text phrase lookup on disk),
        for the caller to check exactly; read in batches, so a caller stopping at the first match reads little."""
        tokens = _TOKEN.findall(folded)
        if not tokens:
            return
        with self._lock:
            cursor = self.con.execute("SELECT line FROM folded_lines WHERE folded_lines MATCH ?",
                                      ('"' + " ".join(tokens) + '"',))
            rows = cursor.fetchmany(batch)
        while rows:
            yield from (r[0] for r in rows)
            with self._lock:
                rows = cursor.fetchmany(batch)

    def sources_with_initials(self, initials: str, limit: int) -> list[str]:
        """Up to ``limit`` documents holding consecutive words with these initials ("vhttdl": "van hoa, the thao
        va du lich"; "và" may stand before any word): a lookup of prefix phrases on disk."""
        letters = [c for c in initials if c.isalnum()]
        if len(letters) < 2:
            return []
        variants = [letters[:k] + ["va"] + letters[k:] for k in range(1, len(letters))]
        phrase = lambda tokens: " + ".join(f'"{t}"' if t == "va" else f'"{t}"*' for t in tokens)
        query = " OR ".join(f"({phrase(v)})" for v in [letters, *variants])
        with self._lock:
            return [r[0] for r in self.con.execute(
                "SELECT DISTINCT source FROM folded_lines WHERE folded_lines MATCH ? LIMIT ?", (query, limit))]

    def places(self) -> set[str]:
        """Folded names of the places the documents name ("hai nhan")."""
        return {r[0] for r in self._rows("SELECT DISTINCT name FROM places")}

    def unit_of(self, source: str) -> str:
        d = self._documents.get(source, {})
        return d.get("unit") or d.get("short_title") or source

    # ------------------------------------------------------------ indicators

    @staticmethod
    def _indicator(row: sqlite3.Row) -> dict:
        d = dict(row)
        d["legal_keys"] = json.loads(d["legal_keys"] or "[]")
        return d

    def indicators(self, status: str | Iterable[str] | None = None, source: str | Iterable[str] | None = None,
                   group: str | Iterable[str] | None = None, query: str | None = None, canonical_id: str | None = None,
                   plan: str | None = None) -> list[dict]:
        """Indicators in document order, filtered by status(es), document (a file name, unit words, or a list of
        file names), group (words of it, or a list of exact groups), words of the text, canonical id, plan.
        The indexed filters run in SQL, so a question about one unit reads that unit's rows only."""
        where, params = [], []

        def among(column: str, values: list[str]) -> None:
            where.append(f'"{column}" IN ({",".join("?" * len(values))})' if values else "0")
            params.extend(values)

        if status:
            among("status", [status] if isinstance(status, str) else list(status))
        if source is not None:
            if isinstance(source, str) and source not in self._documents:
                wanted = fold(source)  # unit words: the documents whose name, unit or title hold them
                source = [name for name, label in self._source_labels.items() if wanted in label]
            among("source", [source] if isinstance(source, str) else list(source))
        if canonical_id:
            among("canonical_id", [canonical_id])
        if group is not None and not isinstance(group, str):
            among("group", list(group))
        sql = "SELECT * FROM indicators" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY source, start"
        out = [self._indicator(r) for r in self._rows(sql, tuple(params))]
        if isinstance(group, str) and group:
            g = fold(group)
            out = [r for r in out if r["group"] and g in fold(r["group"])]
        if query:
            words = fold(query).split()
            out = [r for r in out if all(w in fold(r["text"]) for w in words)]
        if plan:
            out = [r for r in out if r["plan"] and match_key(r["plan"]) == match_key(plan)]
        return out

    def indicator_at(self, source: str, offset: int) -> dict | None:
        """The indicator record whose span holds the offset (or starts at it)."""
        rows = self._rows('SELECT * FROM indicators WHERE source=? AND start<=? AND (? < "end" OR start=?) '
                          'ORDER BY start LIMIT 1', (source, offset, offset, offset))
        return self._indicator(rows[0]) if rows else None

    def indicator_count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM indicators")[0][0]

    def groups(self) -> list[str]:
        return self._groups

    # ------------------------------------------------------------ legal references

    def _ref(self, row: sqlite3.Row) -> dict:
        ref = dict(row)
        ref["mentions"] = [dict(m) for m in self._rows(
            'SELECT source, start, "end" FROM legal_mentions WHERE key=? ORDER BY source, start', (row["key"],))]
        return ref

    def legal_refs(self) -> list[dict]:
        return [self._ref(r) for r in self._rows("SELECT * FROM legal_refs ORDER BY type, key")]

    def legal(self, key: str) -> list[dict]:
        """References whose key is the given one, written in any of its forms ("123 /QĐ-UBND")."""
        from assistant.extract.legal import normalize_key, signature

        wanted = signature(normalize_key(key))
        rows = self._rows("SELECT * FROM legal_refs")
        return [self._ref(r) for r in rows if signature(r["base_key"]) == wanted]

    # ------------------------------------------------------------ projects

    def projects(self) -> list[dict]:
        out = []
        for r in self._rows("SELECT * FROM projects ORDER BY source, start"):
            d = dict(r)
            d["legal_keys"] = json.loads(d["legal_keys"] or "[]")
            out.append(d)
        return out

    def problems(self) -> list[str]:
        return [r["message"] for r in self._rows("SELECT message FROM problems")]
