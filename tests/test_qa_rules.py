"""Answering rules that keep a wrong figure out, each on the real index: one test per rule, failing without it."""

from assistant.qa.answer_types import counted_thing
from assistant.text.normalize import match_key


def _has(answer, *strings: str) -> bool:
    text = match_key(answer.answer + " " + " ".join(c.quote for c in answer.citations))
    return all(match_key(s) in text for s in strings)


def test_an_abbreviation_weighs_as_the_documents_wording_of_it(service):
    # "cds" is rarely written, "chuyển đổi số" is everywhere: the poor households are what is asked.
    ev = service.evidence
    q = service.understand("so ho ngheo, can ngheo trong bao cao cds la bao nhieu", [])
    ev.terms(q)
    assert ev.weight(q, "cds") < ev.idf("cds") / 2
    assert ev.weight(q, "ngheo") > ev.weight(q, "cds")


def test_percent_sign_stands_for_phan_tram(service):
    ev = service.evidence
    q = service.understand("đạt bao nhiêu phần trăm", [])
    assert ev.coverage(q, "đạt 81%") == 1.0


def test_a_question_opening_with_so_asks_a_count(service):
    assert counted_thing("số hộ nghèo, cận nghèo theo báo cáo") == "ho"
    assert counted_thing("số hóa hồ sơ đạt bao nhiêu %") is None
    a = service.ask("so ho ngheo, can ngheo trong bao cao cds")
    assert a.found and _has(a, "118.839")
