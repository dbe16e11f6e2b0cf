"""Reading one digit group ("1,500", "1,5", "2/16", "1 500", "٣٫٥") into candidate values.

Separators mean different things by language, and right-to-left display reorders the two
halves of a Persian slash decimal, so a group can have more than one honest reading.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

__all__ = ["NUMBER", "Lang", "read_number"]

Lang = Literal["en", "ar", "fr", "ru"] | None

# Digits joined by separators; spaces only join a following group of exactly three digits.
NUMBER = re.compile(r"\d+(?:(?:[.,'٫٬/]|[ \u00a0\u202f\u2009\u2007](?=\d{3}(?!\d)))\d+)*")
_GROUP_SPACE = re.compile(r"[ \u00a0\u202f\u2009\u2007']")


def read_number(text: str, lang: Lang, *, native_digits: bool = False) -> list[Decimal]:
    """Candidate values of one digit group matched by NUMBER, most likely first.

    lang is the convention the surrounding words suggest; None when the text has no words,
    which is when a lone "1,500" is genuinely ambiguous. native_digits says the group was
    written in Arabic-Indic or Persian digits (logical order, so a slash is not swapped).
    """
    text = _GROUP_SPACE.sub("", text).replace("٬", "")
    if "٫" in text:
        text = text.replace(",", "").replace("٫", ".")
        return [Decimal(text)] if text.count(".") == 1 else [Decimal(text.split(".")[0])]
    if "/" in text:
        return _slash(text, lang, native_digits=native_digits)
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) > 1:
            return [Decimal(text.replace(",", "").replace(".", ""))]
        return [Decimal(text.replace(group_mark, "").replace(decimal_mark, "."))]
    mark = "," if commas else "." if points else ""
    if not mark:
        return [Decimal(text)]
    head, *tails = text.split(mark)
    grouped = Decimal(text.replace(mark, ""))
    if len(tails) > 1:
        return [grouped]
    as_decimal = Decimal(f"{head}.{tails[0]}")
    if len(tails[0]) != 3 or head == "0":
        return [as_decimal]
    # One separator before exactly three digits: thousands or decimal by convention.
    thousands_first = (mark == "," and lang in ("en", "ar")) or (
        mark == "." and lang in ("fr", "ru")
    )
    if lang is None:
        return [grouped, as_decimal] if mark == "," else [as_decimal, grouped]
    return [grouped] if thousands_first else [as_decimal]


def _slash(text: str, lang: Lang, *, native_digits: bool) -> list[Decimal]:
    """A Persian slash decimal, as written (16/2) and as RTL display swaps it (2/16)."""
    parts = text.split("/")
    if len(parts) != 2 or any(not p.isdigit() for p in parts):
        head = re.split(r"[/.,]", text)[0]
        return [Decimal(head)]
    left, right = parts
    direct, swapped = Decimal(f"{left}.{right}"), Decimal(f"{right}.{left}")
    if direct == swapped:
        return [direct]
    if native_digits or lang not in ("ar", None):
        return [direct, swapped]
    # ASCII digits in right-to-left text: the half with fewer digits is most often the
    # fraction (16.2 %, 4.8 bn); on a tie, display swapping is the likelier history.
    if len(left) <= len(right):
        return [swapped, direct]
    return [direct, swapped]
