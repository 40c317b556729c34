"""Search over the session index: fused, dense and lexical retrieval, hits, errors, latency."""

from __future__ import annotations

import re

import pytest

from assistant.retrieval import Hit, IndexNotReady, QueryError, Searcher
from assistant.settings import Settings
from assistant.text.normalize import match_key, strip_markup

NINE_MONTHS = "thanhhoa-bc-cds-9thang-2023.txt"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", match_key(strip_markup(text)))


def test_query_without_diacritics_finds_the_bts_paragraph(searcher):
    hits = searcher.search("tong so tram bts toan tinh", 3)
    assert any("9.399" in h.text and h.source == NINE_MONTHS for h in hits)
    assert any("9.399" in h.text for h in searcher.lexical("tong so tram bts toan tinh", 3))


def test_accented_query_finds_the_bts_paragraph_first(searcher):
    top = searcher.search("tổng số trạm BTS toàn tỉnh Thanh Hóa", 1)[0]
    assert "9.399" in top.text and top.source == NINE_MONTHS and top.kind == "text"
    assert "Hạ tầng viễn thông" in top.section


def test_a_table_row_of_the_nine_month_report_is_its_own_hit(searcher):
    hits = searcher.search("tỷ lệ hộ gia đình có kết nối Internet băng rộng kết quả toàn tỉnh", 3)
    rows = [h for h in hits if h.kind == "row" and h.source == NINE_MONTHS and "531.581/553.945" in h.text]
    assert rows, [h.text[:80] for h in hits]
    row = rows[0]
    assert "Các chỉ tiêu:" in row.text and "Thời gian hoàn thành: Quý IV" in row.text and "Kết quả đạt được:" in row.text
    assert row.text.startswith("Nhóm: Phát triển hạ tầng số")
    assert row.table_title.startswith("Phụ lục 2")
    assert "2.155.455" not in row.text  # the neighbouring row is not merged in


def test_hits_carry_fields_and_spans_that_point_at_the_source(searcher, corpus_docs):
    for query in ("Quyết định 1829/QĐ-UBND tiêu chí chuyển đổi số cấp xã", "Hà Tân lắp đặt camera an ninh", "mô hình PACS bệnh viện"):
        hits = searcher.search(query, 5)
        assert len(hits) == 5
        assert len({h.id for h in hits}) == 5  # fusion merged the two retrievers' copies
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for hit in hits:
            data = hit.to_dict()
            assert {"source", "section", "text", "score", "start", "end"} <= set(data)
            doc = corpus_docs[hit.source]
            assert 0 <= hit.start < hit.end <= len(doc.text)
            assert hit.title == doc.meta.title
            span = doc.text[hit.start : hit.end]
            if hit.kind == "text":
                assert words(hit.text) == words(span)
            else:  # a row: every cell value rendered after its column name comes from the span
                for part in hit.text.split("\n")[-1].split(" | "):
                    assert set(words(part.split(": ", 1)[1])) <= set(words(span))


def test_dense_and_lexical_work_on_their_own(searcher):
    dense = searcher.dense("Hà Tân lắp đặt camera an ninh", 5)
    assert any("25 camera" in h.text for h in dense)
    assert all(h.source == "hatan-bc-cds-2023.txt" for h in dense[:3])
    lexical = searcher.lexical("quyet dinh 1829 ngay ban hanh", 3)
    assert any("1829" in h.text and "30/5/2023" in h.text for h in lexical)


def test_folded_vietnamese_words_are_not_english_stopwords(searcher):
    from assistant.retrieval.lexical import tokenize
    from assistant.text.segment import lexical_form

    # bm25s' English list holds "the" (thẻ), "an" (an ninh), "to" (tổ), "no" (nợ), "on" (ổn), "so" is kept too.
    assert {"the", "an", "to", "no", "on", "so"} <= set(tokenize([lexical_form("the an to no on so")])[0])
    assert searcher.lexical("the an to", 3)  # with English stopwords this query is empty
    top = searcher.lexical("the can cuoc cong dan gan chip", 3)
    assert any("căn cước" in match_key(h.text) for h in top)


@pytest.mark.parametrize("query", ["", "   ", "?!...", "— – …", "___", "\n\t"])
def test_empty_or_punctuation_query_gives_a_clear_error(searcher, query):
    for method in (searcher.search, searcher.dense, searcher.lexical):
        with pytest.raises(QueryError) as info:
            method(query, 3)
        message = str(info.value)
        assert "trống" in message


def test_too_long_query_is_refused_by_the_check_but_searched_when_built_internally(searcher):
    from assistant.retrieval import check_query

    with pytest.raises(QueryError, match="quá dài"):
        check_query("chuyển đổi số " * 400, 2000)
    # Queries the assistant builds (glossary expansion, follow-up context) are truncated, not refused.
    assert len(searcher.search("chuyển đổi số " * 400, 3)) == 3


def test_k_larger_than_the_candidate_pool(searcher):
    hits = searcher.search("chuyển đổi số", 40)
    assert len(hits) == 40 and len({h.id for h in hits}) == 40


def test_no_default_llm_or_embedding(searcher):
    from llama_index.core import Settings as LlamaSettings

    assert type(LlamaSettings.llm).__name__ == "MockLLM"
    assert LlamaSettings.embed_model is searcher.embed


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexNotReady, match="assistant index"):
        Searcher(Settings(index_dir=tmp_path / "nothing-here"))


def test_hit_from_dict_round_trip(searcher):
    hit = searcher.search("số hộ nghèo cận nghèo", 1)[0]
    assert Hit(**hit.to_dict()) == hit


def test_source_filter_runs_inside_both_retrievers(searcher):
    """A unit's chunks are ranked among themselves, not cut out of a fixed global top-k."""
    only = ["hatan-bc-cds-2023.txt"]
    for query in ("tổng số trạm BTS", "tong so tram bts"):  # dense-weighted and lexical-weighted fusions
        hits = searcher.search(query, k=8, sources=only)
        assert len(hits) == 8 and {h.source for h in hits} == set(only)


def test_year_filter_runs_inside_both_retrievers(searcher):
    """A year's chunks (of a document of that year, or naming it) are ranked among themselves: a short question
    about 2025 typed without marks is not crowded out by another year's tables."""
    from assistant.text.years import label_of, mentions_year

    for query in ("het 2025 bao nhieu xa phai xong CDS", "đến hết năm 2025 bao nhiêu xã hoàn thành"):
        hits = searcher.search(query, k=8, years=["2025"])
        assert len(hits) == 8
        assert all(mentions_year(f"{label_of(searcher.records.document(h.source))} {h.text}", "2025") for h in hits)
        assert any("300 xã" in h.text for h in hits)
    both = searcher.search("kết quả chuyển đổi số", k=8, sources=["hatan-bc-cds-2023.txt"], years=["2023"])
    assert both and {h.source for h in both} == {"hatan-bc-cds-2023.txt"}
    assert searcher.search("kết quả chuyển đổi số", k=8, years=["2031"]) == []  # no chunk about that year
