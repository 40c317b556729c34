"""BM25 over the lexical form of chunks (underthesea words + diacritic-folded forms).

The BM25 index holds one node per chunk whose text is ``lexical_form(embed_text)``
and whose id is the chunk's id. :class:`LexicalRetriever` turns the query into its
lexical form the same way, scores it, and hands back the DISPLAY nodes (the ones
stored in Chroma), so fused results merge both retrievers' hits on one node.

llama-index's own ``BM25Retriever._retrieve`` tokenizes queries with bm25s'
default English stopwords, which would drop folded Vietnamese words ("the" = thẻ,
"an" = an ninh, "to" = tổ, "no" = nợ, "on" = ổn, "in" = in ấn …) and, with its
default pattern, one-letter words: queries are tokenized here, without stopwords,
with the same pattern as the corpus.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.indexing.lexical import LexicalIndex, tokenize
from assistant.text.segment import lexical_form


class LexicalRetriever(LexicalIndex):
    """BM25 retriever answering with display nodes: query -> lexical_form -> BM25 -> chunk ids -> nodes."""

    def __init__(self, display_nodes: dict[str, TextNode], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._display = display_nodes
        self._ids = [entry["node_id"] for entry in self.corpus]
        self._positions: dict[str, int] | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path, display_nodes: dict[str, TextNode], similarity_top_k: int = 20) -> "LexicalRetriever":
        # Memory-mapped: the scores matrix stays on disk and in the page cache, not in the process.
        bm25 = bm25s.BM25.load(str(path), load_corpus=True, mmap=True)
        return cls(display_nodes=display_nodes, existing_bm25=bm25, similarity_top_k=similarity_top_k)

    def scores(self, query: str) -> np.ndarray:
        tokens = tokenize([lexical_form(query)])[0]
        ids = self.bm25.get_tokens_ids(tokens)
        if not ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        with self._lock:
            return self.bm25.get_scores(tokens)

    def retrieve_top(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[NodeWithScore]:
        """The k best chunks; ``allowed`` (a boolean mask over chunks) filters BEFORE ranking."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            NodeWithScore(node=self._display[self._ids[i]], score=float(scores[i]))
            for i in top
            if scores[i] > 0 and self._ids[i] in self._display
        ]

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.retrieve_top(query_bundle.query_str, self.similarity_top_k)

    def mask(self, ids: set[str]) -> np.ndarray:
        """A boolean mask of the given chunks (built from their ids: no chunk is read)."""
        if self._positions is None:
            self._positions = {cid: i for i, cid in enumerate(self._ids)}
        allowed = np.zeros(len(self._ids), dtype=bool)
        allowed[[self._positions[c] for c in ids if c in self._positions]] = True
        return allowed


class MaskedLexicalRetriever(BaseRetriever):
    """The shared BM25 index restricted to some chunks (a metadata filter), for one fusion."""

    def __init__(self, lexical: LexicalRetriever, allowed: np.ndarray, top_k: int) -> None:
        super().__init__()
        self.lexical, self.allowed, self.top_k = lexical, allowed, top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return self.lexical.retrieve_top(query_bundle.query_str, self.top_k, self.allowed)
