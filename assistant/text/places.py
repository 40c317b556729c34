"""Vietnam's provinces and centrally-run cities, folded: a question about another province
is outside what Thanh Hóa's documents can answer, even when typed without diacritics."""

PROVINCES = """
ha noi|ho chi minh|hai phong|da nang|can tho|an giang|ba ria vung tau|bac giang|bac kan|bac lieu|bac ninh|
ben tre|binh dinh|binh duong|binh phuoc|binh thuan|ca mau|cao bang|dak lak|dak nong|dien bien|dong nai|
dong thap|gia lai|ha giang|ha nam|ha tinh|hai duong|hau giang|hoa binh|hung yen|khanh hoa|kien giang|kon tum|
lai chau|lam dong|lang son|lao cai|long an|nam dinh|nghe an|ninh binh|ninh thuan|phu tho|phu yen|quang binh|
quang nam|quang ngai|quang ninh|quang tri|soc trang|son la|tay ninh|thai binh|thai nguyen|thanh hoa|
thua thien hue|tien giang|tra vinh|tuyen quang|vinh long|vinh phuc|yen bai
""".replace("\n", "").split("|")
