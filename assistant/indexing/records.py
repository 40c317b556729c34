"""A build's records file, written as a patch: the previous build's copy, changed documents swapped.

Adding one report to a province corpus must not read the other reports again. Each build's
``records.sqlite`` therefore keeps, per document, everything a later build needs of it: its
rows (document, sections, pages, indicators, projects, problems), its chunks with their display
node and BM25 tokens, and its artifact line (key, table count, share of the word statistics,
raw legal mentions; its folded lines and places). A build copies the previous file, deletes the rows of the changed and
removed documents, inserts the changed ones, then recomputes only what spans documents:
indicator links, legal references and word statistics. A full build is the same patch
applied to an empty file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

from llama_index.core.schema import TextNode

from assistant.extract.canonical import link
from assistant.extract.indicators import Indicator
from assistant.extract.legal import Mention, gather
from assistant.extract.projects import Project
from assistant.extract.store import (SCHEMA, document_row, insert_document, insert_indicators, insert_problems,
                                     insert_projects, replace_legal_refs)
from assistant.indexing.artifacts import DocumentArtifact
from assistant.qa import statistics

# Every table holding rows of one document, with the column naming the document.
PER_DOCUMENT = (("documents", "name"), ("sections", "source"), ("pages", "source"), ("chunks", "source"),
                ("indicators", "source"), ("projects", "source"), ("problems", "source"), ("artifacts", "source"),
                ("folded_lines", "source"), ("places", "source"))


def _placeholders(items: list) -> str:
    return ",".join("?" * len(items))


class RecordsWriter:
    """Opens a new records file, empty or copied from ``base``; ``close()`` commits it."""

    def __init__(self, path: Path, base: Path | None = None) -> None:
        if base is not None:
            shutil.copyfile(base, path)
        self.con = sqlite3.connect(path)
        if base is None:
            self.con.executescript(SCHEMA)

    def remove(self, sources: list[str]) -> list[str]:
        """Delete the rows of these documents; the ids of their chunks (to delete from the vectors)."""
        stale: list[str] = []
        for i in range(0, len(sources), 500):
            part = sources[i:i + 500]
            stale += [r[0] for r in self.con.execute(f"SELECT id FROM chunks WHERE source IN ({_placeholders(part)})", part)]
            for table, column in PER_DOCUMENT:
                self.con.execute(f'DELETE FROM {table} WHERE "{column}" IN ({_placeholders(part)})', part)
        return stale

    def add(self, artifact: DocumentArtifact, nodes: list[TextNode], forms: list[str]) -> None:
        """One document's rows; its indicators get their canonical ids in :meth:`relink`."""
        a = artifact
        insert_document(self.con, document_row(a.meta, a.text),
                        [(s["id"], s["heading"], s["path"], s["level"], s["start"], s["end"]) for s in a.sections],
                        [tuple(p) for p in a.pages])
        insert_indicators(self.con, [Indicator(**{**d, "canonical_id": None}) for d in a.indicators])
        insert_projects(self.con, [Project(**p) for p in a.projects])
        insert_problems(self.con, a.problems, a.name)
        self.con.executemany("INSERT INTO chunks VALUES (?,?,?,?,?)", [
            (n.node_id, a.name, n.metadata.get("kind", ""), form,
             json.dumps({**n.to_dict(), "embedding": None}, ensure_ascii=False))
            for n, form in zip(nodes, forms)])
        self.con.execute("INSERT INTO artifacts VALUES (?,?,?,?,?)",
                         (a.name, a.key, a.tables, json.dumps(a.stats, ensure_ascii=False),
                          json.dumps(a.mentions, ensure_ascii=False)))

    # ------------------------------------------------------------ what spans documents

    def relink(self) -> None:
        """Canonical ids of every indicator, linked across all documents as a full build would."""
        rows = self.con.execute('SELECT id, source, plan, text, start, "table" FROM indicators ORDER BY source, start, rowid')
        records = [SimpleNamespace(id=r[0], source=r[1], plan=r[2], text=r[3], start=r[4], table=r[5], canonical_id=None)
                   for r in rows]
        link(records)
        self.con.executemany("UPDATE indicators SET canonical_id=? WHERE id=?", [(r.canonical_id, r.id) for r in records])

    def relegal(self) -> None:
        """Legal references from every document's mentions, in file-name order as a full build reads them."""
        mentions = [Mention(**m) for (raw,) in self.con.execute("SELECT mentions FROM artifacts ORDER BY source")
                    for m in json.loads(raw)]
        replace_legal_refs(self.con, gather(mentions))

    def statistics(self) -> dict:
        return statistics.merge_statistics(json.loads(raw) for (raw,) in self.con.execute("SELECT stats FROM artifacts"))

    # ------------------------------------------------------------ what the other index parts are built from

    def lexical(self) -> tuple[list[str], list[str]]:
        """Chunk ids and their BM25 tokens (space-separated), in insertion order."""
        rows = self.con.execute("SELECT id, form FROM chunks ORDER BY rowid").fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def nodes(self, skip: set[str]) -> list[TextNode]:
        """Display nodes of the documents not in ``skip`` (a new vector collection needs all of them)."""
        return [TextNode.from_dict(json.loads(node)) for source, node in
                self.con.execute("SELECT source, node FROM chunks ORDER BY rowid") if source not in skip]

    def counts(self) -> dict:
        one = lambda sql: self.con.execute(sql).fetchone()[0] or 0  # noqa: E731
        return {"documents": one("SELECT COUNT(*) FROM documents"), "sections": one("SELECT COUNT(*) FROM sections"),
                "tables": one("SELECT SUM(tables) FROM artifacts"), "chunks": one("SELECT COUNT(*) FROM chunks"),
                "rows": one("SELECT COUNT(*) FROM chunks WHERE kind='row'")}

    def problems(self) -> list[str]:
        return [m for (m,) in self.con.execute("SELECT message FROM problems ORDER BY rowid")]

    def close(self) -> None:
        self.con.commit()
        self.con.close()

    def abort(self) -> None:
        self.con.close()

