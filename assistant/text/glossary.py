"""Abbreviations and everyday words officials use for the documents' terms.

A question is expanded with the documents' wording before retrieval and before
its evidence is weighed ("smartphone" -> "điện thoại thông minh"), so that a
synonym is not mistaken for a subject the documents never mention.
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold

GLOSSARY: dict[str, str] = {
    "smartphone": "điện thoại thông minh",
    "dien thoai thong minh": "smartphone",
    "dti": "chỉ số chuyển đổi số",
    "cds": "chuyển đổi số",
    "cntt": "công nghệ thông tin",
    "tthc": "thủ tục hành chính",
    "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "cccd": "căn cước công dân",
    "attt": "an toàn thông tin",
    "app": "ứng dụng",
    "online": "trực tuyến",
    "vneid": "định danh điện tử",
    "ubnd": "ủy ban nhân dân",
    "stttt": "sở thông tin và truyền thông",
    "so tt&tt": "sở thông tin và truyền thông",
    "tmdt": "thương mại điện tử",
    "bcd": "ban chỉ đạo",
    "hdnd": "hội đồng nhân dân",
    "csdl": "cơ sở dữ liệu",
    "cqnn": "cơ quan nhà nước",
    "ttdt": "thông tin điện tử",
    "tien": "kinh phí",
    "tw": "trung ương",
    "htx": "hợp tác xã",
    "kcb": "khám chữa bệnh",
    "cbcc": "cán bộ, công chức",
    "cbccvc": "cán bộ, công chức, viên chức",
    "nguoi lon": "dân số trưởng thành",
    "thu hang": "xếp hạng",
    "xong": "hoàn thành",
    "xai": "sử dụng",
    "thpt": "trung học phổ thông",
    "thcs": "trung học cơ sở",
}


def expansions(text: str) -> list[str]:
    folded = fold(text)
    return [v for k, v in GLOSSARY.items() if re.search(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])", folded)]


def expand(text: str) -> str:
    """The question with the documents' wording of its abbreviations and synonyms appended.

    A question typed without diacritics gets them without diacritics too, so that it stays one
    kind of text for the retrievers.
    """
    from assistant.text.normalize import has_diacritics

    extra = expansions(text)
    if not has_diacritics(text):
        extra = [fold(e) for e in extra]
    return f"{text} ({'; '.join(extra)})" if extra else text


def known_terms() -> set[str]:
    return {w for k in GLOSSARY for w in k.split()}
