"""Linking the same indicator across units by its distinctive words, and keeping different indicators apart."""

import pytest

from assistant.extract.canonical import Linker

SAME = [
    ("Tỷ lệ người dân trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân", "Tỷ lệ dân số trưởng thành có chữ ký số"),
    ("Tỷ lệ dân số có hồ sơ sức khỏe điện tử đạt 90%", "Tỷ lệ người dân có hồ sơ sức khỏe điện tử"),
    ("Tỷ lệ hộ gia đình có kết nối Internet băng rộng đạt trên 85%", "Tỷ lệ hộ gia đình kết nối Internet băng rộng"),
    ("Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", "Tỷ lệ hộ gia đình có Internet cáp quang băng rộng"),
    ("Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử trên 30%",
     "Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử"),
]
DIFFERENT = [
    ("Tỷ lệ dân số trưởng thành có chữ ký số", "Tỷ lệ dân số trưởng thành có điện thoại thông minh"),
    ("Tỷ lệ dân số trưởng thành có chữ ký số", "Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử"),
    ("Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", "Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử"),
    ("Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình", "Tỷ lệ hồ sơ giải quyết đúng hạn"),
    ("Tỷ lệ thanh toán trực tuyến trên cổng dịch vụ công", "Tỷ lệ thanh toán không dùng tiền mặt"),
    ("Tỷ lệ các cơ sở giáo dục từ tiểu học đến trung học", "Tỷ lệ các cơ sở đào tạo đại học, cao đẳng, giáo dục nghề nghiệp"),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "Tỷ lệ hồ sơ giao dịch thanh toán trực tuyến"),
]


@pytest.fixture(scope="module")
def linker(corpus_docs):
    from assistant.extract.store import extract_all

    indicators, *_ = extract_all(list(corpus_docs.values()))
    return Linker([r.text for r in indicators] + [t for pair in SAME + DIFFERENT for t in pair])


@pytest.mark.parametrize("a, b", SAME)
def test_one_indicator_worded_differently_is_linked(linker, a, b):
    assert linker.same(a, b) and linker.same(b, a)


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_indicators_are_not_linked(linker, a, b):
    assert not linker.same(a, b) and not linker.same(b, a)


def test_a_report_of_another_unit_links_to_the_province_indicator(corpus_docs):
    from dataclasses import replace

    from assistant.extract.store import extract_all

    docs = list(corpus_docs.values())
    commune = next(d for d in docs if d.name == "hatan-bc-cds-2023.txt")
    # The same report with reworded indicators, as another commune would write it.
    text = commune.text.replace("Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử",
                                "Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử")
    from assistant.documents.parser import parse

    other = parse(text, replace(commune.meta, name="xa-khac.txt"))
    indicators, *_ = extract_all(docs + [other])
    province = next(r for r in indicators if r.source == "thanhhoa-bc-cds-9thang-2023.txt"
                    and r.text.startswith("Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử"))
    reworded = next(r for r in indicators if r.source == "xa-khac.txt" and "người dân trưởng thành có tài khoản" in r.text)
    assert reworded.canonical_id == province.canonical_id
