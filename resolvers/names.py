"""A person's name in one form, for storage and for comparison (issue 7.7).

Phones' keyboards type the middle dot of names such as 买买提·艾力 as any of several look-alikes; spreadsheets
carry full-width and trailing spaces. Every name a school imports or a user types goes through `normalize`,
and names are compared only in that form. Nothing else changes: traditional characters stay traditional and
characters outside the Basic Multilingual Plane (𠮷) are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata

MIDDLE_DOT = "\u00b7"
# ・ (katakana), • (bullet), ‧ (hyphenation point), ･ (half-width katakana), ᛫ (runic), ∙ (bullet operator),
# ⋅ (dot operator), · (Greek ano teleia): all typed for the dot between the parts of a transliterated name.
_DOTS = str.maketrans(dict.fromkeys("\u30fb\u2022\u2027\uff65\u16eb\u2219\u22c5\u0387", MIDDLE_DOT))
_SPACES = re.compile(r"\s+")  # includes the full-width space U+3000
_SPACED_DOT = re.compile(r"\s*\u00b7\s*")


def normalize(value: str | None) -> str:
    """NFC; every middle dot as U+00B7 with no spaces around it; spaces trimmed and runs of them made one."""
    text = unicodedata.normalize("NFC", value or "").translate(_DOTS)
    text = _SPACES.sub(" ", text).strip()
    return _SPACED_DOT.sub(MIDDLE_DOT, text)


def same(a: str | None, b: str | None) -> bool:
    return normalize(a) == normalize(b)
