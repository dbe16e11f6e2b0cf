"""Find a quote in its article and report where, in the article's own characters.

Matching runs on folded text (see :mod:`summarizer.normalize.folding`): first exactly, then, for quotes long enough
to judge, by fuzzy alignment that tolerates a few changed letters. Whatever matched, the span
points into the original article, so `article[start:end]` is the source's own wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from summarizer.normalize.folding import Folded, fold

MatchKind = Literal["exact", "normalized", "fuzzy"]

#: Below this many folded characters a quote must match exactly: a fuzzy short quote proves nothing.
MIN_FUZZY_LENGTH = 16
#: Similarity (0-100) a fuzzy alignment must reach to count as found.
FUZZY_THRESHOLD = 90.0

_TRIM = " \"'.,;:!?()[]-"
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    kind: MatchKind
    score: float


@dataclass(slots=True)
class Source:
    """The article a schema is validated against, folded once and reused by every field."""

    text: str
    published: date | None = None
    _folded: Folded | None = field(default=None, repr=False)

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def locate(
        self, quote: str, *, fuzzy: bool = True, within: tuple[int, int] | None = None
    ) -> Match | None:
        """Where `quote` occurs (first occurrence, or inside `within` when given), or None."""
        if within is not None:
            start, end = within
            inner = locate_in(Source(self.text[start:end]), quote, fuzzy=fuzzy)
            if inner is None:
                return None
            return Match(inner.start + start, inner.end + start, inner.kind, inner.score)
        return locate_in(self, quote, fuzzy=fuzzy)


def locate_in(source: Source, quote: str, *, fuzzy: bool = True) -> Match | None:
    text = source.text
    if quote:
        i = text.find(quote)
        if i >= 0:
            return Match(i, i + len(quote), "exact", 100.0)
    needle = fold(quote).text.strip(_TRIM)
    if not needle:
        return None
    hay = source.folded
    i = hay.text.find(needle)
    if i >= 0:
        start, end = hay.span(i, i + len(needle))
        return Match(start, end, "normalized", 100.0)
    if not fuzzy or len(needle) < MIN_FUZZY_LENGTH or not hay.text:
        return None
    from rapidfuzz import fuzz  # imported on first miss only: most quotes match exactly

    found = fuzz.partial_ratio_alignment(needle, hay.text, score_cutoff=FUZZY_THRESHOLD)
    if found is None or found.dest_end <= found.dest_start:
        return None
    lo, hi = _whole_words(hay.text, found.dest_start, found.dest_end)
    if _DIGITS.findall(needle) != _DIGITS.findall(hay.text[lo:hi]):
        return None  # a quote may differ in a letter, never in a number
    start, end = hay.span(lo, hi)
    return Match(start, end, "fuzzy", round(found.score, 1))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment to word boundaries: alignments may clip a letter at either edge."""
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return start, end
