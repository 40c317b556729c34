"""Vietnam's provinces and centrally-run cities, folded: a question about another province
is outside what the province's documents can answer, even when typed without diacritics; and how a
document names the places it is about."""

import re

from assistant.text.normalize import fold

PROVINCES = """
ha noi|ho chi minh|hai phong|da nang|can tho|an giang|ba ria vung tau|bac giang|bac kan|bac lieu|bac ninh|
ben tre|binh dinh|binh duong|binh phuoc|binh thuan|ca mau|cao bang|dak lak|dak nong|dien bien|dong nai|
dong thap|gia lai|ha giang|ha nam|ha tinh|hai duong|hau giang|hoa binh|hung yen|khanh hoa|kien giang|kon tum|
lai chau|lam dong|lang son|lao cai|long an|nam dinh|nghe an|ninh binh|ninh thuan|phu tho|phu yen|quang binh|
quang nam|quang ngai|quang ninh|quang tri|soc trang|son la|tay ninh|thai binh|thai nguyen|thanh hoa|
thua thien hue|tien giang|tra vinh|tuyen quang|vinh long|vinh phuc|yen bai
""".replace("\n", "").split("|")


# "xã Hải Nhân", "huyện Mường Lát", "TP Sầm Sơn": a level word, then the place's name.
_LEVEL_NAMED = r"(?:xã|phường|huyện|thị xã|thị trấn|thành phố|tp\.?)"
PLACE_MARKED = re.compile(rf"(?i:{_LEVEL_NAMED})\s+([A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){{0,2}})")


def places_in(text: str) -> set[str]:
    """Folded names a document writes as places ("xã Hải Nhân" -> "hai nhan", and its first two words)."""
    names = set()
    for m in PLACE_MARKED.finditer(text):
        words = fold(m.group(1)).split()
        names.update({" ".join(words), " ".join(words[:2])})
    return names
