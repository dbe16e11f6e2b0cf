"""Where the sentences of a text end, in Arabic, Persian and Latin or Cyrillic script.

A sentence ends at `.` `!` `?` `؟` `۔` `。` or `…` (a run of them, with any closing quote or
bracket) followed by a space or the end of the text. A full stop inside a number (3.5, ۳.۵) is
not followed by a space, so it never ends one; nor does a full stop after an abbreviation
(Mr., M., د.; `data/abbreviations.json`), after a single capital (J. Smith, U.S., В. Путин),
or before a lower-case word (approx. five). Used to count and trim the sentences of a summary.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

__all__ = ["sentence_spans"]

_END = re.compile(r"[.!?؟۔。…]+[\"'»”’)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_WORD = re.compile(r"\s*[\"'«“‘(\[]*(\w)")
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _abbreviations() -> frozenset[str]:
    data = json.loads(
        resources.files("summarizer.normalize")
        .joinpath("data", "abbreviations.json")
        .read_text(encoding="utf-8")
    )
    return frozenset(data["abbreviations"])


def _ends_here(text: str, stop: int, mark: str) -> bool:
    """Whether the punctuation `mark` that stops at `stop` ends a sentence."""
    if not mark.startswith("."):
        return True
    before = _WORD_BEFORE.search(text, 0, stop - len(mark))
    word = before.group(1).rstrip(".") if before else ""
    if word in _abbreviations() or (len(word) == 1 and word.isupper()):
        return False
    if "." in word and all(len(part) == 1 for part in word.split(".")):
        return False  # U.S, e.g
    after = _NEXT_WORD.match(text, stop)
    return after is None or not after.group(1).islower()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """`[start, end)` of each sentence of `text`, its end punctuation included, blanks not.

    Text after the last sentence end counts as a sentence when it holds a letter.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if _ends_here(text, match.end(), match.group()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if _LETTER.search(text, a, b):
            out.append((a, b))
    return out
