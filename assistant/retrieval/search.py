"""Hybrid search over the current index: dense (Chroma) + lexical (BM25), fused.

:class:`Searcher` loads everything once (Chroma collection, BM25 index, display
nodes, embedding model, underthesea) so that a query costs one query embedding,
one segmentation, one vector lookup and one BM25 scoring.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from llama_index.core import VectorStoreIndex
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from assistant.components import configure_llama_index, get_embedding
from assistant.indexing.build import IndexNotReady, acquire_lease, read_build_info, resolve_build
from assistant.retrieval.lexical import LexicalRetriever, MaskedLexicalRetriever
from assistant.settings import Settings
from assistant.qa.validation import QuestionError, validate_question
from assistant.text.normalize import has_diacritics

# Measured with `eval/bench_retrieval.py --modes` on eval/retrieval_gold.jsonl: relative-score
# fusion (min-max normalized scores, weighted sum) holds the answer in the top 3 clearly more
# often than reciprocal-rank fusion, which lets the weaker dense ranking pull good BM25 hits down.
DEFAULT_FUSION_MODE = "relative_score"
FUSION_MODES = ("reciprocal_rerank", "relative_score", "dist_based_score")
# Dense and lexical weigh the same, except for queries typed without any diacritics: the
# e5 model reads "tong so tram" as noise, while BM25 matches it on the folded tokens.
DENSE_WEIGHT = 0.5
DENSE_WEIGHT_UNACCENTED = 0.1

# Restoring tone marks (pyvi) before DENSE retrieval of queries typed without diacritics; the
# lexical path keeps the folded query. Measured with `eval/bench_retrieval.py --accents`.
RESTORE_ACCENTS = False


class AccentRestoringRetriever(BaseRetriever):
    """Adds Vietnamese tone marks to the query (pyvi, ~1 ms) before the wrapped dense retriever."""

    def __init__(self, dense: BaseRetriever) -> None:
        super().__init__()
        self.dense = dense

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from pyvi import ViUtils

        return self.dense.retrieve(QueryBundle(ViUtils.add_accents(query_bundle.query_str)))


class QueryError(QuestionError):
    """A query that cannot be searched; the message is shown to the user as is."""


@dataclass
class Hit:
    source: str
    title: str
    short_title: str
    section: str
    text: str
    score: float
    start: int
    end: int
    kind: str  # "text" | "row"
    table_title: str = ""
    id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_node(cls, item: NodeWithScore) -> "Hit":
        node = item.node
        m = node.metadata
        return cls(
            source=m.get("source", ""),
            title=m.get("title", ""),
            short_title=m.get("short_title", ""),
            section=m.get("section", ""),
            text=node.get_content(),
            score=round(float(item.score or 0.0), 6),
            start=int(m.get("start", 0)),
            end=int(m.get("end", 0)),
            kind=m.get("kind", ""),
            table_title=m.get("table_title", ""),
            id=node.node_id,
        )


def check_query(query: object, max_chars: int | None = 2000) -> str:
    """A query typed by a person: the shared question check (empty, punctuation only, bad characters, length)."""
    return validate_question(query, max_chars, error=QueryError)


class ChunkMap(Mapping[str, TextNode]):
    """The index's display nodes by id, read from the records file on demand (only ids stay in memory)."""

    def __init__(self, records) -> None:
        self._records = records
        self._ids = records.chunk_ids()
        self._known = set(self._ids)
        self._load = lru_cache(maxsize=4096)(self._read)  # per map: a replaced build's nodes go with it

    def __getitem__(self, cid: str) -> TextNode:
        node = self._load(cid)
        if node is None:
            raise KeyError(cid)
        return node

    def _read(self, cid: str) -> TextNode | None:
        found = self._records.chunks([cid]).get(cid)
        return TextNode.from_dict(found) if found else None

    def __contains__(self, cid: object) -> bool:
        return cid in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class Searcher:
    """Loads the current index once; ``search``/``dense``/``lexical`` return :class:`Hit` lists, best first."""

    def __init__(
        self,
        settings: Settings,
        fusion_mode: str = DEFAULT_FUSION_MODE,
        build_dir: Path | None = None,
        unaccented_dense_weight: float = DENSE_WEIGHT_UNACCENTED,
        restore_accents: bool = RESTORE_ACCENTS,
    ) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        from assistant.components.chroma import open_collection

        if fusion_mode not in FUSION_MODES:
            raise ValueError(f"fusion_mode must be one of {FUSION_MODES}")
        self.settings = settings
        self.fusion_mode = fusion_mode
        self.unaccented_dense_weight = unaccented_dense_weight
        self.restore_accents = restore_accents
        self.build_dir = (build_dir or resolve_build(settings)).resolve()
        self.info = read_build_info(self.build_dir)
        if self.info is None:
            raise IndexNotReady(
                f"Chưa có chỉ mục trong {settings.index_dir}: hãy chạy `assistant index`. "
                f"(No index in {settings.index_dir}: run `assistant index` first.)"
            )
        self._lease = acquire_lease(self.build_dir)  # the build is not deleted while this searcher serves from it
        self.embed = get_embedding(settings)
        if self.info.get("embedding_model") != self.embed.model_id:
            raise IndexNotReady(
                f"Chỉ mục được tạo với mô hình {self.info.get('embedding_model')}, cấu hình hiện dùng "
                f"{self.embed.model_id}: hãy chạy lại `assistant index`. (The index was built with another "
                f"embedding model: run `assistant index`.)"
            )
        configure_llama_index(self.embed)

        from assistant.extract.store import Records

        self.records = Records(self.build_dir / "records.sqlite")
        collection = open_collection(settings, self.build_dir, self.embed, self.info.get("collection", "chunks"))
        self._store = ChromaVectorStore(chroma_collection=collection)
        self._index = VectorStoreIndex.from_vector_store(self._store, embed_model=self.embed)
        self.nodes = ChunkMap(self.records)

        self.candidates = max(1, min(settings.candidates_per_retriever, len(self.nodes)))
        self._dense = self._index.as_retriever(similarity_top_k=self.candidates)
        self._lexical = LexicalRetriever.load(self.build_dir / "bm25", self.nodes, similarity_top_k=self.candidates)
        # No searcher-wide lock: Chroma queries are thread-safe, the embedder guards its engines
        # and BM25 its scorer, so concurrent searches do not queue behind each other.
        self._years: dict[str, set[str]] = {}  # chunk ids about each year asked (see _year_ids)
        self._fusions = self._make_fusions(self._dense, self._lexical, self.candidates)
        self._warm_up()

    def _make_fusions(self, dense: BaseRetriever, lexical: BaseRetriever, top_k: int) -> dict[bool, QueryFusionRetriever]:
        """Fusion retrievers keyed by "the query has diacritics" (weights are ignored by RRF)."""
        unaccented_dense = AccentRestoringRetriever(dense) if self.restore_accents else dense
        return {
            accented: QueryFusionRetriever(
                retrievers=[dense if accented else unaccented_dense, lexical], mode=self.fusion_mode, similarity_top_k=top_k,
                num_queries=1, use_async=False, retriever_weights=[weight, 1.0 - weight],
            )
            for accented, weight in ((True, DENSE_WEIGHT), (False, self.unaccented_dense_weight))
        }

    def _warm_up(self) -> None:
        """Load underthesea and touch every path once, so the first user query is not the slow one."""
        self.search("chuyển đổi số", k=1)

    # ---------------------------------------------------------------- queries

    def _query_text(self, query: object) -> str:
        """Any query, including ones the assistant built (glossary, follow-up context): checked for
        content, never refused for length; cut to twice the question limit (the embedder caps tokens)."""
        text = check_query(query, None)
        return text[: 2 * self.settings.max_question_chars]

    def search(self, query: str, k: int | None = None, sources: list[str] | None = None,
               years: list[str] | None = None) -> list[Hit]:
        """Dense and lexical candidates fused (relative-score fusion by default).

        ``sources`` restricts both retrievers to those documents BEFORE ranking (a Chroma ``where``
        on the ``source`` metadata, a mask over BM25 scores), so a unit's chunks are never crowded out;
        ``years`` to the chunks about each year (of a document of that year, or naming it), by their ids.
        """
        k = k or self.settings.top_k
        text = self._query_text(query)
        fusions = self._fusions
        if years:
            allowed = self.records.chunk_ids_of(sorted(set(sources))) if sources else None
            for year in years:
                allowed = self._year_ids(year) if allowed is None else allowed & self._year_ids(year)
            if not allowed:
                return []
            fusions = self._fusions_over(allowed, max(k, self.candidates))
        elif sources:
            fusions = self._filtered_fusions(sorted(set(sources)), max(k, self.candidates))
        elif k > self.candidates:
            n = min(k, len(self.nodes))
            fusions = self._make_fusions(
                self._index.as_retriever(similarity_top_k=n),
                LexicalRetriever(display_nodes=self.nodes, existing_bm25=self._lexical.bm25, similarity_top_k=n),
                n,
            )
        results = fusions[has_diacritics(text)].retrieve(QueryBundle(text))
        return [Hit.from_node(r) for r in results[:k]]

    def _filtered_fusions(self, sources: list[str], n: int) -> dict[bool, QueryFusionRetriever]:
        n = min(n, len(self.nodes))
        where = MetadataFilters(filters=[MetadataFilter(key="source", value=sources, operator=FilterOperator.IN)])
        allowed = self._lexical.mask(self.records.chunk_ids_of(sources))  # from the records' index, no chunk read
        return self._make_fusions(self._index.as_retriever(similarity_top_k=n, filters=where),
                                  MaskedLexicalRetriever(self._lexical, allowed, n), n)

    def _fusions_over(self, ids: set[str], n: int) -> dict[bool, QueryFusionRetriever]:
        """Both retrievers restricted to these chunks: Chroma's query by ids, a mask over BM25 scores."""
        n = min(n, len(ids))
        dense = self._index.as_retriever(similarity_top_k=n, vector_store_kwargs={"ids": sorted(ids)})
        return self._make_fusions(dense, MaskedLexicalRetriever(self._lexical, self._lexical.mask(ids), n), n)

    def _year_ids(self, year: str) -> set[str]:
        """The chunks about a year, looked up once per year per build."""
        if year not in self._years:
            self._years[year] = self.records.chunk_ids_of_year(year)
        return self._years[year]

    def dense(self, query: str, k: int | None = None) -> list[Hit]:
        k = k or self.settings.top_k
        text = self._query_text(query)
        retriever = self._dense if k == self.candidates else self._index.as_retriever(similarity_top_k=k)
        results = retriever.retrieve(QueryBundle(text))
        return [Hit.from_node(r) for r in results[:k]]

    def lexical(self, query: str, k: int | None = None) -> list[Hit]:
        k = k or self.settings.top_k
        text = self._query_text(query)
        results = self._lexical.retrieve_top(text, k)
        return [Hit.from_node(r) for r in results]

    def search_many(self, queries: list[str], k: int | None = None) -> list[list[Hit]]:
        return [self.search(q, k) for q in queries]

    def close(self) -> None:
        """Release the build: its vectors' client, its records connection and its lease."""
        from assistant.components.chroma import release

        release(self.build_dir)
        self.records.close()
        self._lease.close()


_SEARCHERS: dict[tuple, Searcher] = {}
_SEARCHERS_LOCK = threading.Lock()


def get_searcher(settings: Settings) -> Searcher:
    """A process-wide Searcher for the current index; reloaded when ``current`` moves to a new build."""
    key = (str(settings.index_dir.resolve()), str(settings.current_index.resolve()), settings.embedding_backend,
           str(settings.embedding_model_path))
    with _SEARCHERS_LOCK:
        searcher = _SEARCHERS.get(key)
        if searcher is None:
            for old in [k for k in _SEARCHERS if k[0] == key[0]]:
                del _SEARCHERS[old]
            searcher = _SEARCHERS[key] = Searcher(settings)
        return searcher
