"""One focused test per strategy of the router: each fails when its strategy is taken out.

Plus the refusal guards, the answer-kind check and the everyday wording officials use.
"""

import re

import pytest

from assistant.qa.answerers.basis import footnote
from assistant.qa.evaluate import is_verbatim
from assistant.qa.router import default_strategies
from assistant.qa.validation import QuestionError, validate_question
from assistant.text.normalize import fold, match_key


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
    assert a.found and a.intent == "indicator_list" and len(a.items) == 6
    # Counts come first, one per list the report gives (its two appended tables), never summed.
    head = a.answer.split("\n- ")[0]
    assert [int(n) for n in re.findall(r"\((\d+) chỉ tiêu\):", head)] == [1, 5] and a.count is None


def test_a_plan_code_typed_without_marks_filters_the_list(service):
    """"KH 100/KH-BCD" typed without marks is the plan "100/KH-BCĐ" its indicators are listed under."""
    marked = service.ask("Theo báo cáo 9 tháng, còn bao nhiêu chỉ tiêu của KH 100/KH-BCĐ đang triển khai?")
    folded = service.ask("theo bao cao 9 thang, con bao nhieu chi tieu cua KH 100/KH-BCD dang trien khai?")
    assert folded.found and folded.intent == "indicator_list" and folded.answer == marked.answer

def test_a_report_listing_its_indicators_twice_gets_no_summed_count(service):
    """Status lists in the body and an appended criteria table may name the same indicators: each list is
    counted with where it stands, and no total adds them up."""
    from collections import defaultdict

    from assistant.qa.answerers.indicator_list import _list_of

    ev = service.evidence
    checked = 0
    for doc in ev.docs.values():
        lists = defaultdict(int)
        for r in ev.records.indicators(source=doc["name"], status="completed"):
            lists[_list_of(r)] += 1
        if len(lists) < 2 or doc.get("kind") != "báo cáo":
            continue
        a = service.ask(f"Những chỉ tiêu nào của {doc['unit']} đã hoàn thành?")
        assert a.intent == "indicator_list" and a.count is None
        assert sorted(int(n) for n in re.findall(r"\((\d+) chỉ tiêu\):", a.answer)) == sorted(lists.values())
        assert f"Có {sum(lists.values())} chỉ tiêu" not in a.answer
        checked += 1
    assert checked


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


def test_two_parts_strategy_answers_each_part_with_its_own_citation(service):
    from assistant.qa.answerers.two_parts import split_parts

    # The parts share a repeated head word; a name joined by "và" repeats none and is never split.
    assert split_parts("tỷ lệ A năm 2023 và năm 2025 khác nhau bao nhiêu") == ("tỷ lệ A năm 2023 bao nhiêu",
                                                                           "tỷ lệ A năm 2025 bao nhiêu")
    assert split_parts("Sở Văn hóa, Thể thao và Du lịch chủ trì bao nhiêu chỉ tiêu?") is None
    assert split_parts("doanh nghiệp nhỏ và vừa dùng nền tảng số bao nhiêu %") is None
    a = service.ask("Hà Tân: tỷ lệ DN dùng hợp đồng điện tử với tỷ lệ hộ có hồ sơ sức khỏe điện tử, mỗi cái đạt bao nhiêu?")
    assert a.found and a.intent == "two_parts" and _has(a, "35%", "96,8%"), a.answer
    first, second = a.answer.split("\n2. ")
    assert "[1]" in first and "[2]" in second and [c.id for c in a.citations] == [1, 2]
    assert "hợp đồng điện tử" in a.citations[0].quote and "sức khỏe" in a.citations[1].quote
    # A unit named in the first part only is the second's too.
    a = service.ask("Tỷ lệ DN dùng hợp đồng điện tử ở Bỉm Sơn và tỷ lệ hộ có hồ sơ sức khỏe điện tử là bao nhiêu?")
    assert a.found and a.intent == "two_parts" and {c.source for c in a.citations} == {"bimson-bc-cds-2023.txt"}, a.answer


def test_two_parts_found_in_one_sentence_are_answered_by_it(service):
    """"thuê bao cố định với thuê bao di động … mỗi loại bao nhiêu": one sentence gives both; it is the answer."""
    a = service.ask("thuê bao cố định với thuê bao di động toàn tỉnh mỗi loại bao nhiêu vậy")
    quoted = " ".join(c.quote for c in a.citations)
    assert a.found and len(a.citations) == 1 and "cố định" in quoted and "di động" in quoted, a.answer

def test_indicator_strategy(service):
    a = service.ask("Chỉ tiêu năm 2025 về tỷ lệ hồ sơ trực tuyến toàn trình là bao nhiêu, căn cứ pháp lý nào?")
    assert a.found and a.intent == "indicator" and _has(a, "Tối thiểu 70%")


@pytest.mark.parametrize("question", ["chỉ tiêu 300 xã hoàn thành CĐS năm 2025 căn cứ văn bản nào?",
                                      "chi tieu 300 xa hoan thanh CDS trong KH 2025 dua tren van ban nao"])
def test_status_words_naming_an_indicator_do_not_ask_its_status(service, question):
    """"… xã hoàn thành CĐS … căn cứ văn bản nào" asks the plan row's basis; "hoàn thành" names the indicator."""
    a = service.ask(question)
    assert a.found and "legal_basis" in service.understand(question, []).fields
    assert _has(a, "06-NQ/TU") and "thanhhoa-kh-cds-2025.txt" in {c.source for c in a.citations}, a.answer

def test_passage_strategy(service):
    a = service.ask("tong so tram bts toan tinh la bao nhieu")
    assert a.found and a.intent == "passage" and _has(a, "9.399")


def test_a_part_named_by_its_heading_is_answered_by_its_items(service):
    # "những nội dung kiểm tra nào" names the plan's part "II. NỘI DUNG KIỂM TRA": every numbered item of it,
    # in order, not the sentence that announces the plan's contents.
    a = service.ask("Kế hoạch kiểm tra năm 2023 có những nội dung kiểm tra nào?")
    assert a.found and {c.section for c in a.citations} == {"II. NỘI DUNG KIỂM TRA"}
    assert [c.quote.split(".")[0] for c in a.citations] == [str(n) for n in range(1, len(a.citations) + 1)]
    assert len(a.citations) >= 5
    # A part without sub-parts: its lines.
    a = service.ask("Hà Tân gặp những khó khăn gì?")
    assert a.found and len(a.citations) > 1 and all(c.section.endswith("Khó khăn") for c in a.citations)
    # Not a part whose heading has the words but not the subject ("3. Các đơn vị được kiểm tra" is no team's).
    a = service.ask("Đoàn kiểm tra số 2 kiểm tra những đơn vị nào")
    assert not any("Các đơn vị được kiểm tra" in (c.section or "") for c in a.citations)


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


@pytest.mark.parametrize("bad, words", [("", "trống"), ("?!…", "dấu câu"), ("x" * 2001, "quá dài"), (None, "chuỗi")])
def test_validate_question_names_what_is_wrong(bad, words):
    with pytest.raises(QuestionError, match=words):
        validate_question(bad, 2000)


def test_signature_strategy_names_the_signer_of_the_asked_document(service):
    a = service.ask("ai ký kế hoạch chuyển đổi số năm 2025 của tỉnh")
    assert a.found and a.intent == "signature" and a.kind == "person"
    assert [c.source for c in a.citations] == ["thanhhoa-kh-cds-2025.txt"] and _has(a, "Đỗ Minh Tuấn")


# ---------------------------------------------------------------- typed answers: counts, lead agencies, documents

def test_a_count_is_no_rate_date_year_or_document_number():
    from assistant.qa.answer_types import expected_kind, holds

    assert expected_kind("Xã có bao nhiêu định danh điện tử?") == "count"
    assert expected_kind("Tỷ lệ hồ sơ trực tuyến đạt bao nhiêu?") == "number"  # a rate may answer
    assert expected_kind("Đạt bao nhiêu % vậy?") == "percent"
    assert expected_kind("hỗ trợ máy tính cho bao nhiêu xã") == "count"  # "máy" is not "mấy"
    assert not holds("count", "Tỷ lệ dân số có tài khoản trên 30% | Kết quả: 93% [1]")
    assert not holds("count", "3\tKế hoạch số 12/KH-UBND ngày 26/4/2023 về chuyển đổi số năm 2023")
    assert holds("count", "đã ban hành 01 Chỉ thị, 09 Quyết định")
    assert holds("count", "chưa đáp ứng 5/14 tiêu chí")


def test_who_leads_needs_an_agency_named_with_the_leading_role():
    from assistant.qa.answer_types import expected_kind, holds

    assert expected_kind("ai chủ trì?") == "agency"
    assert expected_kind("Đơn vị nào chủ trì nhiệm vụ này?") == "agency"
    assert holds("agency", "Cơ quan chủ trì: Sở Y tế")
    assert not holds("agency", "Căn cứ Chỉ thị của Thủ tướng Chính phủ về chuyển đổi số")


def test_a_document_asked_by_type_needs_a_number_of_that_type():
    from assistant.qa.answer_types import answers, asked_document

    assert asked_document("kế hoạch số mấy, ban hành ngày nào?") == "kh"
    assert asked_document("theo quyết định nào của huyện?") == "qd"
    assert asked_document("Kế hoạch kiểm tra chuyển đổi số năm 2023 số mấy?") == "kh"  # named first, asked last
    assert asked_document("Tỷ lệ hồ sơ là bao nhiêu?") is None
    assert answers("Theo kế hoạch nào?", "Báo cáo theo Kế hoạch số 06/KH-UBND ngày 09/01/2023")
    assert not answers("Theo kế hoạch nào?", "Quyết định số 1829/QĐ-UBND ngày 30/5/2023")


def test_a_count_question_is_not_answered_by_a_rate_row(service):
    a = service.ask("Bỉm Sơn có bao nhiêu định danh điện tử?")
    assert a.intent != "indicator"
    assert not a.found or any(ch.isdigit() for c in a.citations for ch in c.quote.replace("%", ""))


def test_a_plan_asked_by_number_is_not_answered_by_a_decision(service):
    a = service.ask("Phụ lục của báo cáo Hà Tân báo cáo chỉ tiêu theo kế hoạch nào của huyện?")
    assert not a.found or "/KH-" in " ".join(c.quote for c in a.citations)


def test_word_splits_are_remembered_but_never_shared():
    from assistant.qa.statistics import _marked_words, marked_words, words

    first = marked_words("Tỷ lệ hồ sơ trực tuyến")
    first.append("x")
    assert "x" not in marked_words("Tỷ lệ hồ sơ trực tuyến")
    assert _marked_words.cache_info().hits >= 1
    assert words("Ty le ho so") == words("Ty le ho so") and words("Ty le ho so") is not words("Ty le ho so")


def test_a_list_of_any_kind_of_thing_is_a_list():
    from assistant.qa.understand import understand

    assert understand("Những quyết định thay đổi thành viên Ban chỉ đạo?", {}).is_list
    assert understand("Mô hình được triển khai ở những xã, phường nào?", {}).is_list
    assert not understand("Chỉ tiêu này tình trạng thế nào?", {}).is_list
    assert understand("Năm 2023 xã đã ban hành những kế hoạch gì?", {}).is_list
    assert understand("Tỉnh còn những việc gì chưa làm xong?", {}).is_list
    assert understand("xa ra nhung QD kien toan ban chi dao, to cong nghe so nao?", {}).is_list


def test_a_list_question_in_prose_or_rows_quotes_every_near_best_item(service):
    a = service.ask("Những quyết định thay đổi thành viên Ban chỉ đạo chuyển đổi số tỉnh năm 2023?")
    assert a.found and len(a.citations) >= 2


@pytest.mark.parametrize("question, opening, rows", [
    ("9 tháng đầu năm 2023 tỉnh ban hành những kế hoạch nào về CĐS?", "kế hoạch", 6),
    ("9 tháng đầu năm 2023 tỉnh ban hành những quyết định nào về CĐS?", "quyết định", 9),  # across a page break
    ("Năm 2023 Bỉm Sơn ban hành những quyết định nào về CĐS?", "quyết định", 3)])
def test_a_list_of_documents_in_a_table_quotes_the_rows_of_the_asked_type(service, question, opening, rows):
    """The best row's neighbours in its table are items too, across a page break's repeated header; a row is of
    the type its first cell opens with, so a letter citing a plan is not one of the plans."""
    a = service.ask(question)
    assert a.found and len(a.citations) == rows
    assert all(re.match(rf"\d+\t{opening}", c.quote, re.IGNORECASE) for c in a.citations)


def test_a_long_list_says_how_many_items_are_not_shown(service):
    a = service.ask("Bỉm Sơn ban hành những văn bản nào về CĐS năm 2023?")
    shown = len(a.citations)
    more = re.search(r"… và (\d+) mục khác", a.answer)
    assert shown == 10 and more and int(more.group(1)) > 0


def test_which_department_is_not_which_number(service):
    from assistant.qa.answer_types import asked_document
    from assistant.qa.answerers.document import DocumentAnswerer

    assert asked_document("Theo KH kiểm tra thì những sở nào làm phó trưởng đoàn?") is None
    assert asked_document("KH kiểm tra là kế hoạch số nào?") == "kh"
    identity = DocumentAnswerer(service.evidence)
    assert not identity.applies(service.understand("Kế hoạch kiểm tra CĐS 2023 do sở nào làm trưởng đoàn?", []))
    assert identity.applies(service.understand("Kế hoạch kiểm tra CĐS 2023 là kế hoạch số nào?", []))


def test_row_sentences_split_cells_at_tabs_and_sentences():
    from assistant.qa.evidence import row_sentences

    text = "1\tDự án hạ tầng số\tSở Y tế\t- Đầu tư hệ thống mới cho các bệnh viện. Triển khai tại 12 bệnh viện công lập."
    spans = [text[s:e] for s, e in row_sentences(text, 0, len(text))]
    assert "Triển khai tại 12 bệnh viện công lập." in spans
    assert all("\t" not in s for s in spans)


def test_a_figure_in_one_sentence_of_a_long_row_is_quoted_alone(service):
    a = service.ask("Hệ thống giải quyết TTHC của tỉnh còn chưa đáp ứng bao nhiêu tiêu chí an toàn, an ninh mạng?")
    assert a.found and a.intent == "passage"
    assert len(a.citations[0].quote.split()) < 40 and "\t" not in a.citations[0].quote
    assert is_verbatim(a.citations[0].model_dump(), service.docs)


def test_document_strategy_answers_a_corpus_documents_own_number(service):
    plan = next(d for d in service.docs.values() if d.get("kind") == "kế hoạch" and d.get("number"))
    a = service.ask(f"{plan['title']} là kế hoạch số mấy, ban hành ngày nào?")
    assert a.found and a.intent == "document"
    assert plan["number"] in a.answer and plan["number"] in a.citations[0].quote  # its own, not one it cites
    assert is_verbatim(a.citations[0].model_dump(), service.docs)


def test_a_document_without_its_own_number_gets_the_one_another_lists_it_under(service):
    from assistant.qa.statistics import words

    # A draft ("Số: /KH-BCĐ") that a report of the corpus lists with its number and date, title and all.
    unnumbered = next(d for d in service.docs.values() if d.get("kind") == "kế hoạch" and not d.get("number"))
    a = service.ask(f"{unnumbered['title']} số mấy?")
    assert a.found and a.intent == "document" and "chưa ghi số" in a.answer
    [cite] = a.citations
    assert cite.source != unnumbered["name"] and is_verbatim(cite.model_dump(), service.docs)
    given = re.search(r"số (\d+/[\w-]+) ngày (\S+?)\.?$", a.answer.split("\n")[0])
    assert given.group(1) in cite.quote and set(words(unnumbered["title"])) <= set(words(cite.quote))
    assert given.group(2) in cite.quote  # the date as the quoted line writes it
    # A document no other one lists is not given another's number.
    for report in (d for d in service.docs.values() if d.get("kind") == "báo cáo" and not d.get("number")):
        a = service.ask(f"{report['title']} số mấy?")
        assert a.intent != "document" and (not a.found or "/BC-" in " ".join(c.quote for c in a.citations))
    # Nor is a document of another year ("kế hoạch CĐS năm 2024" when the corpus holds 2025's); and asked by a
    # few words and its year, the plan of that year is the one, not the draft of another year.
    assert not service.ask("Kế hoạch CĐS năm 2024 số mấy").found
    plan = next(d for d in service.docs.values() if d.get("kind") == "kế hoạch" and d.get("number"))
    year = re.search(r"20\d\d", plan["title"]).group(0)
    a = service.ask(f"KH CĐS {year} của tỉnh số mấy")
    assert a.intent == "document" and plan["number"] in a.answer


def test_a_document_asked_when_it_was_signed_or_what_it_plans(service):
    from assistant.qa.answer_types import expected_kind

    # "ký ngày nào" asks the listed plan's date: "ký" is no word the text must hold.
    a = service.ask("KH về chuyển đổi số năm 2023 của xã Hà Tân ký ngày nào?")
    assert a.found and re.search(r"\d{1,2}/\d{1,2}/2023", a.citations[0].quote), a.answer
    # "kết thúc ngày nào" asks the day the plan's inspection ends, not the plan's own date.
    a = service.ask("ket thuc ngay nao", history=["KH kiem tra CDS 2023 bat dau kiem tra tu khi nao?"])
    assert a.found and a.intent != "document"
    # "nhóm nào" is no "hôm nào".
    assert expected_kind("gồm những nhóm nào?") != "date" and expected_kind("họp hôm nào?") == "date"


@pytest.mark.parametrize("wording", ["Báo cáo CĐS {period} của {unit} làm theo công văn nào?",
                                     "{unit} lam bao cao CDS {period} la thuc hien van ban nao vay"])
def test_a_reports_basis_is_its_own_opening(service, wording):
    """What a report answers ("Thực hiện Công văn số …") stands in its opening lines, quoted from that report."""
    reports = [d for d in service.docs.values() if d.get("kind") == "báo cáo"]
    for doc in reports:
        a = service.ask(wording.format(period=doc["period"], unit=doc["unit"]))
        assert a.found and a.intent == "document_basis", doc["name"]
        assert {c.source for c in a.citations} == {doc["name"]}
        assert fold(a.citations[0].quote).startswith("thuc hien") and is_verbatim(a.citations[0].model_dump(), service.docs)
    assert len(reports) >= 2


def test_a_plans_listed_basis_and_the_footnote_its_opening_calls_are_quoted(service):
    listed = service.ask("KH CĐS 2025 căn cứ những văn bản nào?")
    assert listed.intent == "document_basis" and len(listed.citations) >= 10
    assert all("CĂN CỨ" in c.section for c in listed.citations)
    called = service.ask("KH kiểm tra CĐS 2023 dựa trên những kế hoạch nào vậy?")
    assert called.intent == "document_basis" and called.citations[1].quote.startswith("¹") and _has(called, "100/KH-BCĐ")


def test_footnote_lines_follow_their_call():
    text = "Thực hiện các kế hoạch<sup>2</sup> sau:\n\nNội dung\n<sup>2</sup> Kế hoạch số 1/KH-UBND;\nKế hoạch số 2/KH-UBND.\n\nHết"
    spans = footnote(text, text.split("\n")[0])
    assert [text[s:e] for s, e in spans] == ["<sup>2</sup> Kế hoạch số 1/KH-UBND;", "Kế hoạch số 2/KH-UBND."]


@pytest.mark.parametrize("question", ["chi tieu 80% cuoc hop khong giay to nam 2025 can cu van ban nao",
                                      "Báo cáo CĐS năm 2021 của Bỉm Sơn làm theo công văn nào?"])
def test_an_indicators_basis_or_another_years_report_is_no_documents_basis(service, question):
    assert service.ask(question).intent != "document_basis"


# ---------------------------------------------------------------- freely worded questions

def test_chat_shorthand_is_spelled_out():
    from assistant.qa.understand import spell_out, understand

    assert spell_out("bn trạm BTS ở đây vậy") == "bao nhiêu trạm BTS ở đây vậy"
    assert spell_out("co bn xa") == "co bao nhieu xa"
    assert spell_out("KH 258 ban hành ngày nào nhé") == "Kế hoạch 258 ban hành ngày nào nhé"
    assert spell_out("QĐ 1829 nói gì") == "Quyết định 1829 nói gì"
    assert spell_out("Kế hoạch 258/KH-UBND") == "Kế hoạch 258/KH-UBND"  # a full number stays as written
    assert understand("qđ 1829 nói gì", {}).legal_number == ("Quyết định", "1829")


def test_shorthand_questions_are_answered_not_refused(service):
    a = service.ask("cho hỏi năm 2023 Bỉm Sơn chi bn cho CNTT")
    assert a.found and a.intent == "passage" and a.kind == "money"
    b = service.ask("KH 258 ban hành ngày nào nhé")
    assert b.found and b.intent == "legal"


def test_an_abbreviation_counts_where_the_documents_spell_it_out(service):
    from assistant.qa.understand import understand

    ev = service.evidence
    q = understand("Bỉm Sơn chi bao nhiêu tiền cho cds?", ev.unit_names)
    assert ev.coverage(q, "Thị xã đã chi 100.000.000 đồng cho chuyển đổi số") > ev.coverage(q, "Thị xã đã chi 100.000.000 đồng")
    a = service.ask("muốn biết cái tỷ lệ thuê bao dùng smartphone của Hà Tân")
    assert a.found and "điện thoại thông minh" in a.answer


def test_every_chosen_passage_holds_the_questions_rarest_word(service):
    # The best candidate is about the subject but holds no count; a lower one holds a count of
    # something else: no answer rather than the wrong subject's figure.
    a = service.ask("Bỉm Sơn có bao nhiêu người dùng VNeID?")
    assert not a.found or any("định danh" in c.quote or "VNeID" in c.quote for c in a.citations)


def test_a_status_question_needs_a_stated_status():
    from assistant.qa.answer_types import expected_kind, holds

    assert expected_kind("chỉ tiêu này đã hoàn thành chưa") == "status"
    assert holds("status", "Kết quả: đã hoàn thành 100%")
    assert holds("status", "Chỉ tiêu đang triển khai thực hiện")
    assert not holds("status", "Công văn về việc hỗ trợ các xã hoàn thành chỉ tiêu chuyển đổi số")


def test_names_with_a_digit_are_no_count():
    from assistant.qa.answer_types import holds

    assert not holds("count", "Mạng 4G/5G được phủ đến các hộ gia đình đạt 80%")
    assert holds("count", "Phủ sóng 4G đến 12 thôn")


def test_who_signed_a_corpus_document_named_by_its_number(service):
    numbered = next(d for d in service.docs.values() if d.get("number"))
    kind, number = numbered["kind"], numbered["number"].split("/")[0]
    a = service.ask(f"{kind} {number} do ai ký?")
    assert a.found and a.intent == "signature"
    assert {c.source for c in a.citations} == {numbered["name"]}


def test_who_signed_a_document_the_corpus_only_cites_is_not_a_signature_answer(service):
    a = service.ask("ai ký quyết định 1829")
    assert a.intent != "signature"


def test_where_needs_a_named_place():
    from assistant.qa.answer_types import expected_kind, holds

    assert expected_kind("Mô hình được triển khai ở những xã, phường nào?") == "place"
    assert expected_kind("triển khai ở đâu?") == "place"
    assert holds("place", "triển khai tại phường Điện Biên và xã Tây Hồ")
    assert not holds("place", "tuyên truyền về cách làm hay ở các xã, phường")


def test_a_count_written_with_a_leading_zero_is_the_same_word(service):
    from assistant.qa.understand import understand

    ev = service.evidence
    q = understand("Mô hình 3 không triển khai ở đâu?", ev.unit_names)
    assert ev.coverage(q, "triển khai mô hình 03 Không tại phường") > ev.coverage(q, "triển khai mô hình tại phường")


def test_a_document_of_a_named_level_needs_that_issuer():
    from assistant.qa.answer_types import answers, asked_issuer

    q = "Xã được giao hoàn thành theo quyết định nào của huyện?"
    assert asked_issuer(q) == "huyen"
    assert answers(q, "Quyết định 12/QĐ-UBND ngày 23/7/2022 của UBND huyện X về việc giao chỉ tiêu")
    assert not answers(q, "Quyết định số 34/QĐ-UBND ngày 30/5/2023 của UBND tỉnh Y về việc giao chỉ tiêu")


def test_a_question_asking_two_things_quotes_the_next_sentence_that_answers_the_second(service):
    from assistant.qa.answerers.passage import asks_two_things

    assert asks_two_things("xa duoc giao hoan thanh nam nao, theo quyet dinh nao?")
    assert not asks_two_things("9 thang dau nam tinh ban hanh bao nhieu chi thi")
    a = service.ask("Xã Hà Tân được giao hoàn thành chuyển đổi số năm nào, theo quyết định nào của huyện?")
    assert a.found and len(a.citations) == 1
    quote = a.citations[0].quote
    assert "/QĐ-" in quote and len([s for s in quote.split(". ") if s]) >= 2  # the decision, then the year
    assert is_verbatim(a.citations[0].model_dump(), service.docs)


def test_a_document_number_the_corpus_never_mentions_is_refused(service):
    a = service.ask("kh 99999 do ai ký")
    assert not a.found and a.intent == "out_of_scope" and not a.citations
    from assistant.qa.understand import understand

    q = understand("Bao lâu phải rà quét theo kế hoạch 2025?", service.evidence.unit_names)
    assert service.evidence.knows_document(q)  # the plan of a year is no number to check


def test_a_count_is_of_the_thing_asked():
    from assistant.qa.answer_types import answers, counted_thing

    assert counted_thing("Có bao nhiêu bệnh viện công lập?") == "benh"
    assert counted_thing("chi bao nhiêu cho CNTT") is None  # money, not a count
    assert answers("Có bao nhiêu bệnh viện?", "triển khai tại 33 bệnh viện công lập")
    assert answers("Có bao nhiêu trạm BTS?", "Tổng số trạm BTS trên địa bàn là 108")
    assert not answers("Có bao nhiêu hộ dân?", "chứng thư số cho gần 1.000 người")
    assert not answers("Có bao nhiêu dân?", "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản")


def test_a_count_question_is_not_answered_by_an_indicators_wording(service):
    a = service.ask("Hà Tân có bao nhiêu dân?")
    assert a.intent != "indicator"
    assert not a.found


def test_a_person_is_a_family_name_not_an_office_name():
    from assistant.qa.answer_types import holds

    assert holds("person", "Kế hoạch do ông Đỗ Minh Tuấn ký")
    assert holds("person", "do Lãnh đạo Sở Khoa học và Công nghệ làm Trưởng đoàn")
    assert not holds("person", "gửi báo cáo về Sở Thông tin và Truyền thông trước 02 ngày Đoàn đến kiểm tra")


def test_a_reports_number_needs_a_report_number():
    from assistant.qa.answer_types import answers

    assert not answers("Báo cáo 9 tháng của tỉnh số mấy?", "Thực hiện Công văn số 4850/BTTTT-CĐSQG ngày 21/9/2023")
    assert answers("Báo cáo 9 tháng của tỉnh số mấy?", "Báo cáo số 12/BC-UBND ngày 2/10/2023")


def test_a_province_opening_the_question_is_out_of_corpus(service):
    a = service.ask("Quảng Ninh có bao nhiêu trạm BTS?")
    assert not a.found and a.intent == "out_of_scope"
    # A common word capitalized at the start is no name: "Nhóm An toàn …" is a group of indicators.
    assert service.ask("Nhóm An toàn, an ninh mạng của tỉnh có những chỉ tiêu nào?").intent != "out_of_scope"


def test_a_code_the_question_names_must_stand_in_the_answer(service):
    # The passage counts 2G, 3G and 4G stations: it does not answer about 5G ones.
    a = service.ask("Toàn tỉnh có tổng cộng bao nhiêu trạm BTS 5G?")
    assert not a.found and not a.citations


def test_an_indicator_count_is_of_the_asked_year(service):
    a = service.ask("Kế hoạch năm 2026 của tỉnh có bao nhiêu chỉ tiêu?")
    assert not a.found


def test_a_narrowed_indicator_count_is_not_the_units_whole_list(service):
    a = service.ask("Tỉnh có bao nhiêu chỉ tiêu khó thực hiện?")
    assert a.intent != "indicator_list"


def test_an_everyday_word_meets_the_documents_wording_as_written(service):
    ev = service.evidence
    q = service.understand("Tỷ lệ thuê bao dùng smartphone là bao nhiêu?", [])
    scattered = "thuê bao điện thoại di động thông minh có sử dụng phần mềm an toàn thông tin"
    written = "thuê bao điện thoại di động sử dụng điện thoại thông minh"
    assert ev.coverage(q, written) > ev.coverage(q, scattered)


@pytest.mark.parametrize("question", ["nam 2025 bao nhieu % nguoi lon phai co dien thoai thong minh",
                                      "Năm 2025 bao nhiêu % người lớn phải có điện thoại thông minh?"])
def test_an_everyday_phrase_meets_the_documents_wording_word_by_word(service, question):
    """"người lớn" is the documents' "dân số trưởng thành": its "lớn" is found there, and the target is given."""
    ev = service.evidence
    q = service.understand(question, [])
    split, wanted, _ = ev.terms(q)
    row = "Tỷ lệ dân số trưởng thành có điện thoại thông minh"
    assert ev.has_term(q, next(w for w in wanted if fold(w) == "lon"), set(split(row)), row)
    a = service.ask(question)
    assert a.found and "trưởng thành" in a.citations[0].quote and "80%" in a.answer

def test_a_year_asked_prefers_the_document_of_that_year(service):
    ev = service.evidence
    q = service.understand("Mục tiêu năm 2025 về tỷ lệ người dân hài lòng khi giải quyết thủ tục hành chính?", [])
    best = ev.scored(q)[0][1]
    assert "2025" in ev.doc_label(best.source)


def test_unit_names_are_found_by_lookup_among_hundreds_of_units():
    """Which units a question names, and the question without them, over 600 units (no per-unit scan)."""
    from assistant.qa.understand import UnitNames, understand

    names = UnitNames({f"xa-{i}.txt": [f"dong {i}", f"xa dong {i}"] for i in range(600)}
                      | {"tinh.txt": ["toan tinh", "tinh"], "son.txt": ["bac son"]})
    q = understand("Xã Đông 12 và Bắc Sơn đạt bao nhiêu? còn toàn tỉnh?", names)
    assert q.units == ["xa-12.txt", "tinh.txt", "son.txt"]
    assert "xa-120.txt" not in q.units and "xa-1.txt" not in q.units
    assert names.without_names("bac son la bao nhieu").split() == ["la", "bao", "nhieu"]


@pytest.mark.parametrize("question", ["Đến năm 2025 phải có bao nhiêu người lao động được đào tạo kỹ năng số cơ bản?",
                                      "muc tieu nam 2025 co bao nhieu truong hoc thanh toan hoc phi khong dung tien mat"])
def test_a_plans_share_answers_a_count_of_its_target(service, question):
    """A plan sets its targets as shares: "bao nhiêu người … phải được đào tạo" is given the row's share."""
    a = service.ask(question)
    assert a.found and a.intent == "indicator" and re.search(r"\d+%", a.answer)
    assert "Tỷ lệ" in a.citations[0].quote


@pytest.mark.parametrize("question", ["mục tiêu năm 2025 có bao nhiêu người dân và doanh nghiệp?",
                                      "năm 2025 có bao nhiêu dân số trưởng thành phải đạt?"])
def test_a_share_answers_a_count_only_when_its_row_stands_out(service, question):
    """Several plan rows about "người dân, doanh nghiệp" or "dân số trưởng thành" score alike: none of their shares
    is the number asked."""
    assert service.ask(question).intent != "indicator"


def test_an_everyday_verb_meets_the_documents_wording():
    from assistant.text.glossary import expansions
    assert "hoàn thành" in expansions("bao nhieu xa phai xong CDS")
    assert "sử dụng" in expansions("tỷ lệ thuê bao xài smartphone")


def test_a_kind_and_year_name_their_documents(service):
    """"KH 2025" is the plan of 2025, not another plan whose text mentions 2025."""
    ev = service.evidence
    q = service.understand("KH 2025 giao chỉ tiêu tỷ lệ dân số có tài khoản thanh toán điện tử bao nhiêu?", [])
    named = ev.named_by_year(q)
    assert named and all(ev.docs[n]["kind"] == "kế hoạch" and "2025" in ev.doc_label(n) for n in named)
    assert {h.source for h in ev.hits(q)} <= set(named)


def test_an_outcome_of_a_year_needs_a_report_of_that_year(service):
    """A 2023 report's row that names 2024 as a deadline does not say what was reached in 2024."""
    a = service.ask("nam 2024 Bim Son dat duoc ket qua CDS nhu the nao?")
    assert not a.found


def test_a_lower_candidate_lacking_what_a_better_one_shares_is_no_answer(service):
    """The best row names another kind of the thing ("dân số trưởng thành có điện thoại thông minh"); a lower row
    without "trưởng thành" ("dân số đủ 15 tuổi có tài khoản … thanh toán") does not answer "… có tài khoản định
    danh điện tử" either."""
    a = service.ask("KH 2025 giao chi tieu ty le dan so truong thanh co tai khoan dinh danh dien tu la bao nhieu?")
    assert not a.found


def test_a_number_of_something_is_not_a_number_of_its_conjunct():
    """"kinh tế số và xã hội số … Đề án 06": "số và xã" counts no communes."""
    from assistant.qa.answer_types import counts
    assert not counts("xa", "Chiến lược quốc gia phát triển kinh tế số và xã hội số, Đề án 06 và các chiến lược khác")
    assert counts("xa", "toàn tỉnh có 300 xã, phường, thị trấn hoàn thành")


@pytest.mark.parametrize("question", ["ha tan ty le nguoi truong thanh co tai khoan dinh danh co vuot muc 30% khong",
                                      "Hà Tân tỷ lệ dân dùng khám chữa bệnh từ xa có cao hơn chỉ tiêu 30% ko"])
def test_a_value_weighed_against_its_target_asks_the_row(service, question):
    """"có vượt mức …", "có cao hơn chỉ tiêu … k": words that weigh a value against its target, not its subject."""
    a = service.ask(question)
    assert a.found and a.intent == "indicator" and "Hà Tân" in a.answer.split("—")[0] and "Kết quả" in a.answer


def test_a_word_typed_with_a_letter_missing_is_read_as_the_documents_word(service):
    """"bao nhiu", "gắn chp": one letter dropped from a word the documents use often; a made-up word stays unknown."""
    assert service.respell("tỷ lệ ký số cơ quan đạt bao nhiu %", ["nhiu"]) == "tỷ lệ ký số cơ quan đạt bao nhiều %"
    assert service.respell("the CCCD gan chp", ["chp"]) == "the CCCD gan chip"
    assert service.respell("gia qwzx hom nay", ["qwzx"]) == "gia qwzx hom nay"
    assert service.respell("Hà Nhiu có bao nhiêu xã", ["nhiu"]) == "Hà Nhiu có bao nhiêu xã"  # a name stays as typed
    a = service.ask("da dong bo bao nhieu the BHYT vao CCCD gan chp roi")
    assert a.found and "gắn chip" in a.citations[0].quote


def test_a_targets_year_is_its_horizon(service):
    """"mục tiêu năm 2025 … bao nhiêu doanh nghiệp số" is not answered by the clause setting 2030's figure."""
    a = service.ask("mục tiêu năm 2025 có bao nhiêu doanh nghiệp số?")
    assert not a.found or "100 doanh nghiệp số" in a.answer


def test_a_target_of_a_year_is_that_years_plans(service):
    """Two plans give the same indicator's target for 2025 (an older decision's 90%, the 2025 plan's 95%): the plan
    of the asked year answers."""
    a = service.ask("mục tiêu năm 2025 về tỷ lệ người dân, doanh nghiệp hài lòng với giải quyết thủ tục hành chính của các cơ quan nhà nước?")
    assert a.found and a.intent == "indicator" and "2025" in a.answer.split("—")[0] and "95%" in a.answer


def test_no_typed_short_is_no_unknown_word(service):
    """"ko", "k": "không" typed short asks, it names nothing the documents lack."""
    from assistant.qa.guards import unknown_words
    assert unknown_words(service.evidence, "ha tan ty le dan so truong thanh co chu ky so dat chi tieu chua ko") == []
    assert service.ask("ha tan ty le dan so truong thanh co chu ky so dat chi tieu chua ko").found


def test_school_levels_are_spelled_the_documents_way():
    from assistant.text.glossary import expansions
    assert "trung học phổ thông" in expansions("trường từ tiểu học đến THPT")


def test_a_document_asked_by_what_it_does_is_one_the_text_says_does_it():
    """"QĐ công nhận … số mấy": not the decision a sentence names for another purpose."""
    from assistant.qa.answer_types import answers
    q = "Xã Quang Trung có QĐ công nhận hoàn thành CĐS chưa, là QĐ số mấy?"
    other = ("hỗ trợ UBND phường Ngọc Trạo và xã Quang Trung hoàn thiện hồ sơ theo Quyết định số 1829/QĐ-UBND ngày "
             "30/5/2023 và đề nghị Sở Thông tin & Truyền thông thẩm định công nhận hoàn thành chỉ tiêu")
    own = "Quyết định số 12/QĐ-UBND ngày 02/02/2024 về việc công nhận xã Quang Trung hoàn thành chuyển đổi số"
    assert not answers(q, other) and answers(q, own)
    assert answers("Quyết định kiện toàn Ban chỉ đạo CĐS là QĐ số mấy?",
                   "Quyết định số 57/QĐ-UBND ngày 19/4/2023 về kiện toàn Ban chỉ đạo chuyển đổi số xã.")
    # A table row is one document's: its name stands in another cell than its number.
    row = ("Trích yếu nội dung: Kế hoạch tổ chức đoàn công tác đi học tập kinh nghiệm | Số Chỉ thị, Quyết định, "
           "Kế hoạch: 65/KH-BCĐ | Ngày, tháng, năm ban hành: 20/3/2023")
    assert answers("KH tổ chức đoàn đi học tập kinh nghiệm số hiệu là gì?", row)


def test_a_degree_asked_is_of_what_follows(service):
    # "mức độ hài lòng": "hài lòng" is the subject; the plan's row does not say "mức độ" and still answers.
    a = service.ask("Năm 2025 mức độ hài lòng của dân đối với cơ quan hành chính phải đạt bao nhiêu?")
    assert a.found and "hài lòng" in a.answer and re.search(r"\d+\s*%", a.answer), a.answer
    assert all(service.evidence.is_plan(c.source) for c in a.citations)


@pytest.mark.parametrize("question", ["2025 tỉnh phấn đấu xếp hạng chuyển đổi số đứng ở đâu trong cả nước?",
                                      "xep hang chuyen doi so cua tinh nam 2025 phan dau o vi tri nao"])
def test_a_rank_asked_where_is_a_rank(service, question):
    from assistant.qa.answer_types import _RANK, expected_kind

    # "xếp hạng … đứng ở đâu" asks a rank, not a place; a place among the first ("trong nhóm 10 tỉnh") is one,
    # and an indicator row that only says "xếp hạng" (of heritage sites) holds none.
    assert expected_kind(question) == "rank"
    a = service.ask(question)
    assert a.found and _RANK.search(a.citations[0].quote), a.answer


def test_a_list_of_things_is_not_one_indicators_figures(service):
    # "những mục tiêu gì": the plan's items on the subject, not the one indicator row that scores best.
    a = service.ask("Năm 2025 về bảo đảm an toàn thông tin có những mục tiêu gì?")
    assert a.found and a.intent != "indicator" and len(a.citations) > 1, a.answer


def test_of_the_province_after_a_thing_says_whose_thing(service):
    # "phần mềm dùng chung của tỉnh": the province's software that the town uses, not a second unit to compare.
    town = next(d for d in service.docs.values() if d.get("level") != "tỉnh")
    unit = town["unit"]
    for question in [f"{unit} dùng những phần mềm dùng chung nào của tỉnh?",
                     f"{fold(unit)} dung nhung phan mem dung chung nao cua tinh"]:
        assert service.understand(question, []).units == [town["name"]]
    # Compared, both stay.
    q = service.understand(f"Tỷ lệ hộ có cáp quang của {unit} so với của tỉnh thế nào?", [])
    assert town["name"] in q.units and len(q.units) > 1


def test_how_is_not_which(service):
    from assistant.qa.answerers.indicator_list import IndicatorListAnswerer

    # "… thì xử lý thế nào" asks how, not which indicators are not completed; "chỉ tiêu nào chưa hoàn thành" does.
    lists = IndicatorListAnswerer(service.evidence)
    assert not lists.applies(service.understand("đơn vị không hoàn thành chỉ tiêu thì xử lý thế nào?", []))
    assert lists.applies(service.understand("chỉ tiêu nào chưa hoàn thành?", []))
