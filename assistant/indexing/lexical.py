"""The BM25 side of the index: lexical forms of chunks (cached) and the BM25 index itself.

underthesea segmentation is the slow step of a build (~7k tokens/s). A chunk's
indexed text is title + section path + table title + text; each part is segmented
on its own (titles and paths repeat across hundreds of chunks) and the forms of
chunk texts are kept in the embedding cache's value store, keyed by sha256.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import bm25s
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.components.embedding import EmbeddingCache, text_sha
from assistant.indexing.chunker import embed_parts

try:
    from importlib.metadata import version as _version

    _UNDERTHESEA = _version("underthesea")
except Exception:  # pragma: no cover
    _UNDERTHESEA = "?"

# bm25s sets its own logger to DEBUG and chatters on stderr.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Bump when assistant.text.segment.lexical_form changes.
LEXICAL_NAMESPACE = f"lexical-1-underthesea-{_UNDERTHESEA}"


def lexical_forms(nodes: list[TextNode], cache: EmbeddingCache | None, progress: Any = None) -> list[str]:
    from assistant.text.segment import lexical_form

    parts_of = [embed_parts(n) for n in nodes]
    unique = list(dict.fromkeys(p for parts in parts_of for p in parts))
    shas = {p: text_sha(p) for p in unique}
    known = cache.get_values(LEXICAL_NAMESPACE, list(shas.values())) if cache is not None else {}
    forms: dict[str, str] = {}
    fresh: list[tuple[str, str]] = []
    if progress is not None:
        progress.total = len(unique)
        progress.refresh()
    for part in unique:
        if progress is not None:
            progress.update(1)
        sha = shas[part]
        if sha in known:
            forms[part] = known[sha]
        else:
            forms[part] = lexical_form(part)
            fresh.append((sha, forms[part]))
    if cache is not None and fresh:
        cache.put_values(LEXICAL_NAMESPACE, fresh)
    out = []
    for parts in parts_of:
        out.append(" ".join(forms[p] for p in parts if forms[p]))
    return out


TOKEN_PATTERN = r"(?u)\b\w+\b"
PARAMS_FILE = "lexical.json"


def tokenize(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(
        texts, lower=True, token_pattern=TOKEN_PATTERN, stopwords=None, stemmer=None,
        return_ids=False, show_progress=False,
    )


_TOKEN = re.compile(TOKEN_PATTERN)


def index_tokens(form: str) -> str:
    """A lexical form as the BM25 index reads it (what :func:`tokenize` gives), space-separated.

    Kept per chunk in the records, so that a build re-indexes every chunk without tokenizing it again."""
    return " ".join(_TOKEN.findall(form.lower()))


def build_lexical_retriever(ids: list[str], tokens: list[str], similarity_top_k: int = 20) -> BM25Retriever:
    """A llama-index BM25Retriever over chunks' :func:`index_tokens` (ids = chunk ids).

    The bm25s index is built here and handed over: llama-index's own constructor would keep and
    save every node's full JSON as the BM25 corpus, while a search needs only the chunk ids."""
    bm25 = bm25s.BM25()
    bm25.index([t.split() for t in tokens], show_progress=False)
    bm25.corpus = [{"node_id": cid} for cid in ids]
    return LexicalIndex(existing_bm25=bm25, similarity_top_k=min(similarity_top_k, len(ids)))


class LexicalIndex(BM25Retriever):
    """BM25Retriever with the Vietnamese set-up: no stemming, no stopwords, one-letter words kept."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("skip_stemming", True)
        kwargs.setdefault("token_pattern", TOKEN_PATTERN)
        kwargs["language"] = None  # -> bm25s stopwords=None: nothing dropped
        super().__init__(**kwargs)

    def persist(self, path: str, encoding: str = "utf-8", **kwargs: Any) -> None:
        kwargs.setdefault("show_progress", False)
        super().persist(path, encoding=encoding, **kwargs)
        # retriever.json does not record the tokenization; keep it next to it.
        params = {"token_pattern": self.token_pattern, "skip_stemming": True, "stopwords": None}
        (Path(path) / PARAMS_FILE).write_text(json.dumps(params), encoding=encoding)
