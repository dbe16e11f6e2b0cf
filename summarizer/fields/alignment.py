"""Word-by-word alignment of a near-verbatim quote with the article's passage it came from.

Character-level fuzzy matching slides a window as long as the quote; a quote with a word left
out is shorter than its passage, so the window either misses it or lands a word off at one
edge. Here the quote's words are aligned with the words of a window around the candidate
passage (Levenshtein alignment over words, rapidfuzz), and the span runs from the first to the
last word that matched, so its edges are the article's own words. The passage is accepted
only when nearly every word of the quote matched, in order, and every number the quote gives
is in it: a quote is never placed where its words are not.
"""

from __future__ import annotations

import re

#: Share of the quote's words that must match the passage word for word (after folding).
MIN_MATCHED_SHARE = 0.8
#: Words of context taken on each side of the candidate passage.
CONTEXT_WORDS = 6
_WORD = re.compile(r"\S+")
_DIGITS = re.compile(r"\d+")
#: Punctuation around a quote or a word that is not part of the words themselves.
TRIM = " \"'.,;:!?()[]-"


def align(hay: str, needle: str, near: tuple[int, int]) -> tuple[int, int, float, bool] | None:
    """`[start, end)` in `hay` of the passage `needle` was copied from, near `near`, the share
    of its words that matched, and whether its first and last words both did (so the span's
    edges are the quote's own); None when the words do not line up (module docstring)."""
    ours = [w.strip(TRIM) for w in _WORD.findall(needle)]
    if len(ours) < 3:
        return None
    slack = max(2, len(ours) // 5)
    lo, hi = _widen(hay, near[0], near[1], CONTEXT_WORDS + slack)
    words = list(_WORD.finditer(hay, lo, hi))
    theirs = [w.group().strip(TRIM) for w in words]  # a word's comma is not a different word
    best = _between_edges(ours, theirs, slack) or _anywhere(ours, theirs)
    if best is None:
        return None
    matched, first, last, edges = best
    if matched < MIN_MATCHED_SHARE * len(ours) or last - first + 1 > len(ours) + slack:
        return None  # too few words line up, or they are spread out: not one passage
    start, end = words[first].start(), words[last].end()
    start, end = trimmed(hay, start, end)  # a word's own punctuation is not the passage's
    if not _in_order(_DIGITS.findall(needle), _DIGITS.findall(hay[start:end])):
        return None
    return start, end, matched / len(ours), edges


def _matched(ours: list[str], theirs: list[str]) -> tuple[int, int, int]:
    """Words of `ours` equal to words of `theirs` in a word-level alignment, and the first and
    last of `theirs` that matched."""
    from rapidfuzz.distance import Levenshtein

    matched, first, last = 0, -1, -1
    for op in Levenshtein.opcodes(ours, theirs):
        if op.tag == "equal":
            matched += op.src_end - op.src_start
            first = op.dest_start if first < 0 else first
            last = op.dest_end - 1
    return matched, first, last


def _between_edges(
    ours: list[str], theirs: list[str], slack: int
) -> tuple[int, int, int, bool] | None:
    """The passage that starts with the quote's first word and ends with its last, matching
    most of its words (the shortest such): edges exact."""
    best: tuple[int, int, int, bool] | None = None
    starts = [i for i, w in enumerate(theirs) if w == ours[0]]
    ends = [j for j, w in enumerate(theirs) if w == ours[-1]]
    for i in starts:
        for j in ends:
            if j < i or j - i + 1 > len(ours) + slack:
                continue
            matched = _matched(ours, theirs[i : j + 1])[0]
            if best is None or (matched, i - j) > (best[0], best[1] - best[2]):
                best = (matched, i, j, True)
    return best


def _anywhere(ours: list[str], theirs: list[str]) -> tuple[int, int, int, bool] | None:
    """The quote's first or last word is not the article's: the span runs between the outermost
    words that matched."""
    matched, first, last = _matched(ours, theirs)
    return None if first < 0 else (matched, first, last, False)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`[start, end)` without the punctuation at its edges."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _widen(text: str, start: int, end: int, words: int) -> tuple[int, int]:
    for _ in range(words):
        start = text.rfind(" ", 0, max(start - 1, 0)) + 1 if start > 0 else 0
    for _ in range(words):
        found = text.find(" ", end + 1)
        end = len(text) if found < 0 else found
    return start, end


def _in_order(wanted: list[str], found: list[str]) -> bool:
    it = iter(found)
    return all(any(w == f for f in it) for w in wanted)
