"""Index building: structure-aware chunks, embeddings, Chroma + BM25, atomic switch."""

from assistant.indexing.build import BuildError, BuildReport, build_index, is_stale
from assistant.indexing.chunker import chunk_corpus, chunk_document, embed_text

__all__ = ["BuildError", "BuildReport", "build_index", "chunk_corpus", "chunk_document", "embed_text", "is_stale"]
