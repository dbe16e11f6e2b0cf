"""The one text folding: every spelling of a letter to one form, remembering where each came from.

Grounding compares quotes in folded form and reports spans of the original, so the fold maps
each character to at most one character and keeps, for each output character, the index of the
source character it stands for. The word tables of :mod:`summarizer.normalize` are keyed by the
same fold, in its *lookup* form, which differs only where reading numbers needs it:

- no-break and thin spaces stay (as U+00A0): they group digits (`1 500` in French and Russian);
- ZWNJ separates Persian word parts, so it is a space there, while grounding drops it;
- punctuation stays as written: `،` is a comma of prose, never a digit separator, and `٫ ٬ ٪`
  are read as such; grounding folds quotes, dashes and Arabic punctuation to their Latin twins.

Letters fold alike in both: alef forms (أ إ آ ٱ ٲ ٳ), ya forms and hamza on ya (ى ی ې ئ),
hamza on waw (ؤ), ta marbuta (ة ۀ), Persian kaf (ک), Russian ё, digits of every set; tatweel,
harakat, joiners and bidi controls are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Folded", "fold", "fold_for_lookup", "fold_text"]

# Characters that carry no meaning for matching: tatweel, harakat and Quranic marks, superscript
# alef, zero-width space and joiners, bidi controls, soft hyphen, BOM.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0640", "\u0670", "\u200b", "\u200d", "\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u00ad", "\ufeff"]
)
_ZWNJ = "\u200c"

_LETTERS: dict[str, str] = {
    # alef forms
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    # ya / alef maqsura / hamza on ya, hamza on waw, ta marbuta, Persian letters
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ۀ": "ه",
    "ک": "ك",
    # Russian
    "ё": "е",
    "Ё": "е",
    # apostrophes and minus signs, which number and word tables read alike
    "‘": "'",
    "’": "'",
    "−": "-",
    "–": "-",
    "—": "-",
}
for _zero in (0x0660, 0x06F0):
    for _i in range(10):
        _LETTERS[chr(_zero + _i)] = str(_i)

#: Grounding only: quotes, dashes and Arabic punctuation as their Latin twins.
_PUNCTUATION: dict[str, str] = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‟": '"',
    "‚": "'",
    "‹": "'",
    "›": "'",
    "`": "'",
    "´": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "―": "-",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٫": ".",
    "٬": ",",
    "٪": "%",
}

#: Lookup only: spaces that group digits, kept as one no-break space.
_DIGIT_GROUP_SPACES = frozenset("\u00a0\u2009\u202f\u2007")
_NBSP = "\u00a0"


def _fold_char(ch: str, *, lookup: bool = False) -> str:
    """One character folded: one character, or "" when it is dropped."""
    if ch in _DROP:
        return ""
    mapped = _LETTERS.get(ch)
    if mapped is not None:
        return mapped
    if lookup:
        if ch in _DIGIT_GROUP_SPACES:
            return _NBSP
        if ch == _ZWNJ:
            return " "
    else:
        if ch == _ZWNJ:
            return ""
        mapped = _PUNCTUATION.get(ch)
        if mapped is not None:
            return mapped
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch.lower()
    if unicodedata.category(ch) == "Mn":  # other combining marks (Latin accents typed apart)
        return ""
    return ch.casefold() if len(ch.casefold()) == 1 else ch


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text plus, for each folded character, its index in the original."""

    text: str
    origin: tuple[int, ...]
    ends: tuple[int, ...]
    """For each folded character, the original index just past it and the marks it carries."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original `[start, end)` covering folded characters `[start, end)`."""
        return self.origin[start], self.ends[end - 1]


_GONE = "\x00"
_RUNS = re.compile(r"(?P<word>[^\x00 ]+)|(?P<space>[ \x00]* [ \x00]*)")


def fold(text: str, *, lookup: bool = False) -> Folded:
    """Fold `text` for matching, whitespace runs collapsed to one space.

    Each distinct character is folded once and the text mapped with `str.translate`, so a
    200 KB article folds in a few milliseconds rather than in a Python loop per character.
    """
    table = {ord(ch): (_fold_char(ch, lookup=lookup) or _GONE) for ch in set(text)}
    mapped = text.translate(table)
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    for run in _RUNS.finditer(mapped):
        start, end = run.span()
        if run.lastgroup == "space":
            if out:  # leading whitespace is dropped
                at = mapped.index(" ", start)
                out.append(" ")
                origin.append(at)
                ends.append(at + 1)
            continue
        out.append(run.group())
        origin.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
        after = end
        while after < len(mapped) and mapped[after] == _GONE:
            after += 1  # a dropped mark belongs to the letter before it
        ends[-1] = after
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
        ends.pop()
    return Folded("".join(out), tuple(origin), tuple(ends))


def fold_text(text: str) -> str:
    """Folded form only, for comparing names and quotes without spans."""
    return fold(text).text


def fold_for_lookup(raw: str) -> str:
    """The lookup form, for reading numbers and dates: composed first, so a letter typed with
    a separate accent finds its table entry. Never fed back to the caller as a value."""
    return fold(unicodedata.normalize("NFC", raw), lookup=True).text
