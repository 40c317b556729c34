"""The question-answering service on the real index: answers, citations, refusals, follow-ups."""

import pytest

from assistant.qa.evaluate import is_verbatim
from assistant.qa.service import QuestionError
from assistant.text.normalize import match_key


def _has(answer, *strings: str) -> bool:
    text = match_key(answer.answer + " " + " ".join(c.quote for c in answer.citations))
    return all(match_key(s) in text for s in strings)


def test_figure_from_a_paragraph_without_diacritics(service):
    a = service.ask("tong so tram bts toan tinh la bao nhieu")
    assert a.found and _has(a, "9.399")
    assert a.citations[0].source == "thanhhoa-bc-cds-9thang-2023.txt"


def test_2025_target_with_legal_basis_and_lead_agency(service):
    a = service.ask("Chỉ tiêu năm 2025 về tỷ lệ hồ sơ trực tuyến toàn trình là bao nhiêu, căn cứ pháp lý nào?")
    assert a.found and a.intent == "indicator"
    assert _has(a, "Tối thiểu 70%", "3816/BTTTT-CĐSQG")


def test_unit_result_with_derived_status(service):
    a = service.ask("Bỉm Sơn đạt bao nhiêu % tài khoản định danh điện tử?")
    assert a.found and _has(a, "93%")
    assert all(c.source == "bimson-bc-cds-2023.txt" for c in a.citations)


def test_follow_up_keeps_the_indicator_and_changes_the_unit(service):
    first = "Bỉm Sơn đạt bao nhiêu % tài khoản định danh điện tử?"
    a = service.ask("còn Hà Tân thì sao?", history=[first])
    assert a.found and _has(a, "28%")
    assert {c.source for c in a.citations} == {"hatan-bc-cds-2023.txt"}


def test_list_by_status_counts_and_groups_by_document(service):
    a = service.ask("Những chỉ tiêu nào của tỉnh đang thực hiện?")
    assert a.found and a.intent == "indicator_list"
    assert _has(a, "22")


def test_legal_document_and_who_cites_it(service):
    a = service.ask("Quyết định 1829/QĐ-UBND nói gì?")
    assert a.found and a.intent == "legal"
    assert _has(a, "tiêu chí chuyển đổi số cấp xã", "30/5/2023")
    assert len({c.source for c in a.citations}) >= 3


@pytest.mark.parametrize("question", [
    "Tỉnh Nghệ An có bao nhiêu trạm BTS?",
    "Kết quả chuyển đổi số năm 2019 của Bỉm Sơn?",
    "Hôm nay trời có mưa không?",
])
def test_unanswerable_questions_are_refused_without_citations(service, question):
    a = service.ask(question)
    assert not a.found and a.citations == []


def test_every_citation_is_verbatim(service):
    for q in ["Quyết định 1829/QĐ-UBND nói gì?", "tong so tram bts toan tinh", "Những chỉ tiêu nào của Bỉm Sơn chưa đạt?"]:
        a = service.ask(q)
        assert a.citations and all(is_verbatim(c.model_dump(), service.docs) for c in a.citations)


@pytest.mark.parametrize("bad", ["", "   ", "?!...", "x" * 2001])
def test_bad_questions_raise_a_clear_error(service, bad):
    with pytest.raises(QuestionError):
        service.ask(bad)
