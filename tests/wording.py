"""The glossary as a checker: what a Vietnamese text the product shows must not contain.

`problems(text)` lists, in Vietnamese-free developer words, every breach of
`../shared/spec/glossary.md` found in one text: a term the glossary lists under "not", an
English word (a word that is neither a Vietnamese syllable nor an allowed proper name or
abbreviation), a year written with a thousands separator, a percent sign after a space, a
date with a one-digit day or month, «…» quotation marks. The tests of each layer feed it every
label and message they own.
"""

from __future__ import annotations

import re
import unicodedata

# Terms the glossary lists under "not", each with what to write instead. Case matters where
# the glossary's point is the capital (TSLCD, the national centre); patterns are regexes.
FORBIDDEN: tuple[tuple[str, str, int], ...] = (
    (r"hạ tầng CNTT", "hạ tầng thông tin, hạ tầng số", re.IGNORECASE),
    # the only "trung tâm dữ liệu" is the national one, capitalised as the directive does
    (r"[Tt]rung tâm [Dd]ữ liệu(?! quốc gia)", "Trung tâm tích hợp dữ liệu …", 0),
    (r"trung tâm dữ liệu quốc gia|Trung tâm dữ liệu quốc gia", "Trung tâm Dữ liệu quốc gia", 0),
    (r"TTDL quốc gia", "Trung tâm Dữ liệu quốc gia", 0),
    (r"nền tảng chia sẻ, tích hợp dữ liệu", "Nền tảng tích hợp, chia sẻ dữ liệu …", re.I),
    (r"(?<![A-ZĐ])mạng truyền số liệu chuyên dùng", "Mạng truyền số liệu chuyên dùng", 0),
    # "Nơi đặt (mã xã/phường)" is a header of forms.md, quoted as the template writes it
    (r"(?<!mã )xã/phường", "xã, phường", re.IGNORECASE),
    (r"tỉnh trước hợp nhất", "tỉnh cũ (trước sắp xếp)", re.IGNORECASE),
    (r"cần chuyển|cần thay đổi", "máy chủ phải xử lý theo phương án", re.IGNORECASE),
    (r"biểu kiểm kê|(?<![A-ZĐ])danh mục máy chủ", "Biểu 01 – Danh mục máy chủ, …", 0),
    (r"Số liệu cập nhật đến", "Cập nhật lần cuối lúc …", re.IGNORECASE),
    (r"điểm %", "điểm phần trăm", 0),
    (r"\bkỳ\b(?! báo cáo)(?<!trong kỳ)", "ngày số liệu (a report date) or kỳ báo cáo", 0),
    (r"(?<!\S)[Cc]ơ quan\b", "đơn vị", 0),
    (r"Ô tô", "ô (a cell)", 0),
)
CHECKS: tuple[tuple[str, str], ...] = (
    (r"\d %", "a percent sign after a space: 6,3%"),
    (r"\b(?:1\.9\d\d|2\.0\d\d)\b(?!\.\d)", "a year with a thousands separator"),
    (r"\b\d/\d{1,2}/\d{4}\b|\b\d{1,2}/\d/\d{4}\b", "a date needs a two-digit day and month"),
    (r"[«»]", "quotation marks “…”"),
)

# Proper names, abbreviations and units that stand in Vietnamese text as they are.
ALLOWED_WORDS = frozenset(
    """
    Excel LibreOffice Calc Writer Impress Word PowerPoint Windows Streamlit DuckDB
    NDXP LGSP NDOP TSLCD TTTHDL UBND ATTT CNTT CPU RAM GB TB MB KB GiB MiB VNĐ VND SHA SHA-256
    xlsx xls ods csv pdf png pptx docx zip CSV PDF PNG XLSX ODS XLS PPTX DOCX ZIP JSON json
    OIDC SSO URL HTTP HTTPS TLS IP ID KH CN KHCN KH&CN BKHCN CĐSQG NĐ CP QĐ TTg BCA TCVN VNI
    Unicode UTF Nghị Định QR SOC GIS II III IV VI VII VIII IX euro
    YYYY MM DD yyyy mm dd HH
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

_ONSETS = [*"ngh ch gh gi kh ng nh ph qu th tr b c d đ g h k l m n p r s t v x".split(), ""]  # noqa: SIM905
# Vowel nuclei and codas of Vietnamese rhymes, with tone marks stripped.
_RHYME = re.compile(
    r"^(?:a|ă|â|e|ê|i|y|o|ô|ơ|u|ư|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iê|iêu|oa|oă|oai|oao|oay|oe|"
    r"oeo|oi|ôi|ơi|ua|uâ|uây|uê|ui|uô|uôi|uơ|uy|uya|uyê|uyu|ưa|ưi|ưu|ươ|ươi|ươu|yê|yêu|iêu)"
    r"(?:c|ch|m|n|ng|nh|p|t)?$"
)


def _without_tone(syllable: str) -> str:
    """The syllable with tone marks removed but vowel letters kept (ắ → ă, ộ → ô)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(ch for ch in decomposed if ch not in tones)
    return unicodedata.normalize("NFC", kept)


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` can be one Vietnamese syllable (onset + rhyme), in any case."""
    plain = _without_tone(word.lower())
    return any(plain.startswith(onset) and _RHYME.match(plain[len(onset) :]) for onset in _ONSETS)


WORD = re.compile(r"[^\W\d_]+(?:[-&][^\W\d_]+)*", re.UNICODE)


def english_words(text: str) -> list[str]:
    """Words of `text` that are neither Vietnamese syllables nor allowed names."""
    found = []
    for word in WORD.findall(text):
        if word in ALLOWED_WORDS or word.upper() in ALLOWED_WORDS:
            continue
        parts = re.split(r"[-&]", word)
        if all(is_vietnamese_syllable(p) or p in ALLOWED_WORDS for p in parts):
            continue
        # abbreviations of Vietnamese names (BN, BG, TC) and codes (BQL-KCN) are upper case
        if all(p.isupper() and len(p) <= 6 for p in parts):
            continue
        found.append(word)
    return found


def problems(text: str) -> list[str]:
    """Every breach of the glossary in one text, as "what: where" lines (empty when clean)."""
    found = []
    for pattern, instead, flags in FORBIDDEN:
        for match in re.finditer(pattern, text, flags):
            found.append(f"«{match.group(0)}» → {instead}")
    for pattern, rule in CHECKS:
        for match in re.finditer(pattern, text):
            found.append(f"«{match.group(0)}»: {rule}")
    found += [
        f"«{word}»: not Vietnamese (add it to ALLOWED_WORDS if a name)"
        for word in english_words(text)
    ]
    return found


# A message that refuses something must say what to do: "Đề nghị …", "hãy …" or "cần …".
ACTION_WORDS = ("đề nghị", "hãy", "cần")


def says_what_to_do(text: str) -> bool:
    """True when the message tells its reader what to do (glossary: "đề nghị …" form)."""
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){word}(?!\w)", lowered) for word in ACTION_WORDS)
