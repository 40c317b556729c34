"""Search over the built index: dense, lexical and fused retrieval."""

from assistant.retrieval.search import Hit, IndexNotReady, QueryError, Searcher, check_query, get_searcher

__all__ = ["Hit", "IndexNotReady", "QueryError", "Searcher", "check_query", "get_searcher"]
