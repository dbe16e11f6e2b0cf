"""A Latin spelling of a grounded name must spell that name, not invent another one.

`name_en` beside a verbatim `name`: the name is checked against the article, its spelling in
English against the name (:mod:`summarizer.normalize.romanize`: consonant skeletons compared,
so the usual spellings pass and an invented first name does not).
"""

from __future__ import annotations

from typing import Any

from summarizer.normalize.romanize import consistent
from summarizer.records import Code


def check_romanized(latin: str, original: Any) -> str:
    """`latin` if it spells `original` (a string or a located text); raise otherwise."""
    text = getattr(original, "text", original)
    if isinstance(text, str) and text.strip() and latin.strip() and not consistent(latin, text):
        raise Code.NAME_MISMATCH.error(
            f"{latin!r} is not a spelling of the name {text!r} as the article writes it: "
            "transliterate that name (or write null when the article names no person)"
        )
    return latin
