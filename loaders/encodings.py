"""Vietnamese typed in the legacy encodings TCVN3 (ABC) and VNI, recognised in a text cell.

Before Unicode, Vietnamese was typed with fonts whose letters sit on Latin-1 code points:
in TCVN3 ("ABC", fonts .VnTime…) "Sở Tài chính" is stored as "Së Tµi chÝnh"; in VNI
(fonts VNI-Times…) each accent is a separate Latin-1 letter after its vowel, "Sôû Taøi
chính". Excel keeps such text as those Latin-1 letters, so the cell is mojibake for every
other reader. `legacy_reading` recognises it precisely: a word counts only when it holds a
letter Vietnamese never uses (ë, µ, ø, û, …) and reads, once converted, as a Vietnamese
syllable; every such word of the cell must read so. Ordinary Unicode Vietnamese holds none
of those letters, and foreign words ("Müller", "Intel® Xeon®") do not convert to syllables.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["TCVN3", "VNI"]

# TCVN3 (TCVN 5712:1993, VN3): each Latin-1 code point → the Vietnamese letter it stands for.
_TCVN3_CODES = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
TCVN3 = dict(zip(_TCVN3_CODES, _TCVN3_LETTERS, strict=True))

# VNI (VNI Windows): a base letter, then a Latin-1 letter for its mark. Per vowel: the
# marks for no tone, sắc, huyền, hỏi, ngã, nặng, and what the vowel becomes.
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")
_VNI_VOWELS: tuple[tuple[str, str], ...] = (
    # (a vowel with its five tones, its six spellings in VNI)
    ("aáàảãạ", "a aù aø aû aõ aï"),
    ("âấầẩẫậ", "aâ aá aà aå aã aä"),
    ("ăắằẳẵặ", "aê aé aè aú aü aë"),
    ("eéèẻẽẹ", "e eù eø eû eõ eï"),
    ("êếềểễệ", "eâ eá eà eå eã eä"),
    ("oóòỏõọ", "o où oø oû oõ oï"),
    ("ôốồổỗộ", "oâ oá oà oå oã oä"),
    ("ơớờởỡợ", "ô ôù ôø ôû ôõ ôï"),
    ("uúùủũụ", "u uù uø uû uõ uï"),
    ("ưứừửữự", "ö öù öø öû öõ öï"),
    ("iíìỉĩị", "i í ì æ ó ò"),
    ("yýỳỷỹỵ", "y yù yø yû yõ î"),
)


def _vni_table() -> dict[str, str]:
    table = {"ñ": "đ", "Ñ": "Đ"}
    for letters, spellings in _VNI_VOWELS:
        for letter, spelling in zip(letters, spellings.split(), strict=True):
            if spelling == letter:
                continue
            table[spelling] = letter
            table[spelling.upper()] = letter.upper()
            table[spelling[0].upper() + spelling[1:]] = letter.upper()  # "Aù": capital, mark
    return table


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))

# Latin-1 letters and signs that ordinary Unicode Vietnamese never holds: a word must hold
# one to count as typed in the legacy encoding (à, á, â, ê, ô, … are Vietnamese letters too).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_MARKERS: dict[Encoding, frozenset[str]] = {
    "TCVN3": frozenset(set(_TCVN3_CODES) - _VIETNAMESE_LATIN1),
    "VNI": frozenset({ch for key in VNI for ch in key} - _VIETNAMESE_LATIN1 - set("aeiouyAEIOUY")),
}
# every character that may mark legacy text, and the VNI pairs Unicode Vietnamese never
# writes (a vowel, then a circumflex or an acute as a letter: Khoâng, Taùi), for a
# vectorised pre-filter of the cells: only texts it finds go through `legacy_reading`
MARKER_CHARACTERS = "".join(sorted(_MARKERS["TCVN3"] | _MARKERS["VNI"]))
_VNI_PAIRS = "[aeoAEO][âêôÂÊÔ]|[aeiouyAEIOUY][ùÙ]"
MARKER_PATTERN = "[" + re.escape(MARKER_CHARACTERS).replace("-", r"\-") + "]|" + _VNI_PAIRS

_CANDIDATE = re.compile(MARKER_PATTERN)

_ONSETS = (
    "ngh",
    *"ch gh gi kh ng nh ph qu th tr b c d đ g h k l m n p r s t v x".split(),  # noqa: SIM905
    "",
)
_CODA = "(?:ch|c|m|ng|nh|n|p|t)"
_RHYME = re.compile(
    # rhymes closed by a glide (-i, -o, -u, -y) take no final consonant
    r"^(?:ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iêu|oai|oao|oay|oeo|oi|ôi|ơi|ua|uây|ui|uôi|uya|uyu|"
    r"ưa|ưi|ưu|ươi|ươu|yêu"
    # vowels that may end the syllable, or take a final consonant
    rf"|(?:a|e|ê|i|y|o|ô|ơ|u|ư|oa|oe|uê|uơ|uy){_CODA}?"
    # vowels that need a final consonant
    rf"|(?:ă|â|iê|yê|oă|uâ|uô|ươ|uyê){_CODA})$"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def convert(text: str, encoding: Encoding) -> str:
    """The text read as `encoding` would show it: TCVN3 or VNI → Unicode (NFC)."""
    if encoding == "TCVN3":
        converted = "".join(TCVN3.get(ch, ch) for ch in text)
    else:
        converted = _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)
    return unicodedata.normalize("NFC", converted)


# rhymes closed by a glide: the tone never sits on the glide (tài, not taì; quảy, not quaỷ)
_GLIDE_CLOSED = frozenset(
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu oai oao oay oeo uây uôi uyu ươi ươu yêu".split()  # noqa: SIM905
)


def _carrier(decomposed: str, end: int) -> int:
    """The index of the last letter (not a combining mark) before `end`."""
    return max(i for i, ch in enumerate(decomposed[:end]) if not unicodedata.combining(ch))


def is_syllable(word: str) -> bool:
    """True when `word` can be one Vietnamese syllable: an onset, a rhyme, one tone at most,
    and the tone not on the closing glide of a rhyme."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [i for i, ch in enumerate(decomposed) if ch in _TONES]
    if len(tones) > 1:
        return False
    plain = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    for onset in _ONSETS:
        rhyme = plain[len(onset) :]
        if not plain.startswith(onset) or not _RHYME.match(rhyme):
            continue
        # the tone is never on the last letter of a rhyme closed by a glide
        return not (
            tones
            and rhyme in _GLIDE_CLOSED
            and _carrier(decomposed, tones[0]) == _carrier(decomposed, len(decomposed))
        )
    return False


_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’-–/"


def _evidence(text: str, encoding: Encoding) -> int | None:
    """How many words read as Vietnamese only once converted; None when a marked word does not.

    A word counts when converting changes it into a Vietnamese syllable and either it holds
    a letter Vietnamese never uses (Së, Taøi) or, as typed, it is no syllable (VNI's Khoâng).
    A word that already reads as Vietnamese ("chính", "Cã") proves nothing either way.
    """
    markers = _MARKERS[encoding]
    words = 0
    letters = 0
    # words are cut on spaces, so a VNI mark never splits its word
    for word in text.split():
        typed = word.strip(_PUNCTUATION)
        converted = convert(typed, encoding).strip(_PUNCTUATION)
        if converted == typed:
            continue
        if any(ch in markers for ch in word):
            if not converted or not is_syllable(converted):
                return None  # a letter foreign to Vietnamese that does not convert: not legacy
        elif is_syllable(typed) or not is_syllable(converted):
            continue
        words += 1
        letters = max(letters, len(converted))
    # one lone letter ("16 × 2": × is ì) is not enough to say the cell is legacy text
    return words if letters >= 2 else None


def legacy_reading(text: str) -> tuple[Encoding, str] | None:
    """(encoding, the text converted to Unicode) when `text` looks typed in TCVN3 or VNI."""
    if not text or not _CANDIDATE.search(text):
        return None
    found = [(e, n) for e in ("TCVN3", "VNI") if (n := _evidence(text, e))]
    if not found:
        return None
    encoding = max(found, key=lambda pair: pair[1])[0]  # a tie goes to TCVN3, the commoner
    return encoding, convert(text, encoding)
