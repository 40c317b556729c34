"""The quality gate: wrong answers are counted apart from refusals, and the bar fails the run."""

from assistant.qa.evaluate import below_bar, score

DOCS = {"a.txt": {"text": "Tổng số trạm BTS là 9.399 trạm."}}
CITE = {"id": 1, "source": "a.txt", "title": "A", "section": "", "quote": "Tổng số trạm BTS là 9.399 trạm.", "start": 0, "end": 31}
GOLD = [
    {"id": "1", "kind": "figure", "question": "q", "must_contain": ["9.399"], "gold_sources": ["a.txt"]},
    {"id": "2", "kind": "figure", "question": "q", "must_contain": ["1.234"], "gold_sources": ["a.txt"]},
    {"id": "3", "kind": "figure", "question": "q", "must_contain": ["5"], "gold_sources": ["a.txt"]},
    {"id": "4", "kind": "unanswerable", "question": "q", "must_contain": [], "gold_sources": []},
]


def _answer(found, citations=()):
    return {"answer": "…", "found": found, "citations": list(citations), "intent": "passage", "latency_ms": 1.0}


def test_wrong_answers_are_found_but_not_right_and_refusals_are_not_wrong():
    answers = [_answer(True, [CITE]), _answer(True, [CITE]), _answer(False), _answer(True, [CITE])]
    report = score(GOLD, answers, DOCS)
    assert report["answer_accuracy"] == round(1 / 3, 3)
    assert report["wrong_answer_rate"] == 0.5  # #2 (wrong figure) and #4 (answered the unanswerable); #3 refused
    assert report["refusal_accuracy"] == 0.0


def test_the_bar_names_what_falls_short():
    report = {"answer_accuracy": 0.9, "wrong_answer_rate": 0.05, "refusal_accuracy": 1.0}
    assert below_bar(report, 0.85, 0.10, 1.0) == []
    short = below_bar(report, 0.95, 0.02, None)
    assert len(short) == 2 and "answer_accuracy" in short[0] and "wrong_answer_rate" in short[1]


def test_a_history_of_chat_messages_gives_the_earlier_questions():
    from assistant.qa.evaluate import user_turns

    chat = [{"role": "user", "content": "Bỉm Sơn có bao nhiêu trạm BTS?"}, {"role": "assistant", "content": "Có 62 trạm."}]
    assert user_turns(chat) == ["Bỉm Sơn có bao nhiêu trạm BTS?"]
    assert user_turns(["câu trước"]) == ["câu trước"]


def test_a_document_number_is_found_however_its_slash_is_spaced():
    """A table writes "1829 /QĐ-UBND": the gold "1829/QĐ-UBND" is the same number; "1829" alone is no "18/29"."""
    docs = {"a.txt": {"text": "8	Quyết định	1829 /QĐ-UBND	30/5/2023"}}
    cite = {**CITE, "quote": docs["a.txt"]["text"], "end": len(docs["a.txt"]["text"])}
    gold = [{"id": "1", "kind": "legal", "question": "q", "must_contain": ["1829/QĐ-UBND"], "gold_sources": ["a.txt"]},
            {"id": "2", "kind": "legal", "question": "q", "must_contain": ["18/29"], "gold_sources": ["a.txt"]}]
    report = score(gold, [_answer(True, [cite]), _answer(True, [cite])], docs)
    assert report["answer_accuracy"] == 0.5


def test_a_document_number_is_found_however_its_hyphen_is_spaced():
    """A cell breaks "272/KH-UBND" after its hyphen ("272/KH- UBND"): the same number."""
    docs = {"a.txt": {"text": "Kế hoạch số 272/KH- UBND ngày 21/12/2020"}}
    cite = {**CITE, "quote": docs["a.txt"]["text"], "end": len(docs["a.txt"]["text"])}
    gold = [{"id": "1", "kind": "legal", "question": "q", "must_contain": ["272/KH-UBND"], "gold_sources": ["a.txt"]}]
    assert score(gold, [_answer(True, [cite])], docs)["answer_accuracy"] == 1.0
