"""One focused test per strategy of the router: each fails when its strategy is taken out.

Plus the refusal guards, the answer-kind check and the everyday wording officials use.
"""

import pytest

from assistant.qa.evaluate import is_verbatim
from assistant.qa.router import default_strategies
from assistant.qa.validation import QuestionError, validate_question
from assistant.text.normalize import match_key


def _has(a, *strings):
    text = match_key(a.answer + " " + " ".join(c.quote for c in a.citations))
    return all(match_key(s) in text for s in strings)


def test_router_is_an_ordered_list_of_strategies(service):
    names = [type(s).__name__ for s in default_strategies(service.evidence)]
    assert names[0] == "OutOfCorpus" and names[-1] == "PassageAnswerer"
    assert all(hasattr(s, "applies") and hasattr(s, "answer") for s in service.strategies)


def test_legal_strategy(service):
    a = service.ask("Quyết định 1829/QĐ-UBND nói gì?")
    assert a.found and a.intent == "legal" and _has(a, "30/5/2023")


def test_indicator_list_strategy_counts_and_carries_items(service):
    a = service.ask("Những chỉ tiêu nào của Bỉm Sơn chưa đạt?")
    assert a.found and a.intent == "indicator_list"
    assert a.count == 6 and len(a.items) == 6
    assert a.answer.splitlines()[0].startswith("Có 6 chỉ tiêu")  # the count comes first


def test_not_completed_list_includes_what_is_still_in_progress(service):
    a = service.ask("Những chỉ tiêu kinh tế số nào của tỉnh chưa hoàn thành?")
    assert a.intent == "indicator_list" and a.count == 4, a.answer


def test_projects_strategy(service):
    a = service.ask("Các dự án CNTT năm 2025 do Sở Thông tin và Truyền thông chủ trì gồm những dự án nào?")
    assert a.found and a.intent == "projects" and a.items
    assert all("Thông tin và Truyền thông" in i.detail for i in a.items)


def test_compare_strategy(service):
    a = service.ask("So sánh tỷ lệ thuê bao di động dùng điện thoại thông minh giữa tỉnh, Bỉm Sơn và Hà Tân")
    assert a.found and a.intent == "compare"
    assert len({c.source for c in a.citations}) >= 2 and _has(a, "81%")


def test_indicator_strategy(service):
    a = service.ask("Chỉ tiêu năm 2025 về tỷ lệ hồ sơ trực tuyến toàn trình là bao nhiêu, căn cứ pháp lý nào?")
    assert a.found and a.intent == "indicator" and _has(a, "Tối thiểu 70%")


def test_passage_strategy(service):
    a = service.ask("tong so tram bts toan tinh la bao nhieu")
    assert a.found and a.intent == "passage" and _has(a, "9.399")


def test_out_of_corpus_guard_refuses_another_province(service):
    a = service.ask("Tổng số trạm BTS của tỉnh Nghệ An là bao nhiêu?")
    assert not a.found and a.intent == "out_of_scope" and a.citations == []


def test_key_word_guard_refuses_what_the_documents_do_not_report(service):
    a = service.ask("Sầm Sơn đã lắp được bao nhiêu trạm 5G?")
    assert not a.found and a.citations == []


def test_refusal_offers_related_passages_and_names_no_unit(service):
    a = service.ask("Hà Tân đã mua bao nhiêu máy tính?")
    assert not a.found and a.citations == []
    assert "mua bán" not in a.answer
    assert all(is_verbatim(c.model_dump(), service.docs) for c in a.related)
    for doc in service.docs.values():
        assert doc["unit"] not in a.answer  # the refusal is built from counts, not unit names


def test_money_question_gets_an_amount_not_a_row_about_welfare(service):
    a = service.ask("Năm 2023 Bỉm Sơn chi bao nhiêu tiền cho chuyển đổi số?")
    assert not a.found or _has(a, "2.092.423.000")
    assert "an sinh" not in a.answer


@pytest.mark.parametrize("question", ["Tôi muốn biết số trạm BTS của tỉnh", "cho tôi hỏi số trạm BTS của tỉnh với ạ"])
def test_filler_words_never_make_it_refuse(service, question):
    a = service.ask(question)
    assert a.found and _has(a, "9.399")


def test_legal_question_with_filler_word(service):
    a = service.ask("630/QĐ-UBND quy định về cái gì?")
    assert a.found and a.intent == "legal" and _has(a, "cơ sở dữ liệu dùng chung")


def test_short_follow_up_without_thi_sao(service):
    a = service.ask("còn Hà Tân?", history=["Bỉm Sơn đạt bao nhiêu % tài khoản định danh điện tử?"])
    assert a.found and _has(a, "28%") and {c.source for c in a.citations} == {"hatan-bc-cds-2023.txt"}


def test_answers_carry_no_markup_or_template_text(service):
    a = service.ask("còn Hà Tân?", history=["Bỉm Sơn đạt bao nhiêu % tài khoản định danh điện tử?"])
    for mark in ("Ghi rõ", "**", "<i>", "<b>", "###"):
        assert mark not in a.answer


@pytest.mark.parametrize("bad, words", [("", "trống"), ("?!…", "chữ"), ("x" * 2001, "quá dài"), (None, "chuỗi")])
def test_validate_question_names_what_is_wrong(bad, words):
    with pytest.raises(QuestionError, match=words):
        validate_question(bad, 2000)


def test_signature_strategy_names_the_signer_of_the_asked_document(service):
    a = service.ask("ai ký kế hoạch chuyển đổi số năm 2025 của tỉnh")
    assert a.found and a.intent == "signature" and a.kind == "person"
    assert [c.source for c in a.citations] == ["thanhhoa-kh-cds-2025.txt"] and _has(a, "Đỗ Minh Tuấn")
