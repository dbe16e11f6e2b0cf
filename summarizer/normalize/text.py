"""Folding raw text into one form, so word tables match however the source spelled a word.

Folding is for lookup only: it never feeds a value back to the caller.
"""

from __future__ import annotations

import re
import unicodedata

from .digits import to_ascii_digits

__all__ = ["fold"]

_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        "ـ": None,  # tatweel
        "ё": "е",
        "\u200c": " ",  # ZWNJ separates Persian word parts
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "’": "'",
        "‘": "'",
        "\u2009": "\u00a0",  # thin space
        "\u202f": "\u00a0",  # narrow no-break space
        "\u2007": "\u00a0",  # figure space
        "−": "-",
        "–": "-",
        "—": "-",
    }
)
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_SPACES = re.compile(r"[ \t\r\n]+")


def fold(raw: str) -> str:
    """Lower-case, ASCII digits, one alef/yeh/kaf form, no tatweel, harakat or bidi marks.

    NBSP-like spaces become a single U+00A0 (they are thousands separators in French and
    Russian); other whitespace collapses to one space.
    """
    text = unicodedata.normalize("NFC", to_ascii_digits(raw))
    text = _HARAKAT.sub("", text.translate(_MAP)).lower()
    return _SPACES.sub(" ", text).strip()
