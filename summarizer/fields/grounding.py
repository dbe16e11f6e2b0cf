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

from summarizer.fields.alignment import TRIM, align, trimmed, word_count
from summarizer.normalize.folding import Folded, fold

MatchKind = Literal["exact", "normalized", "fuzzy", "aligned"]

#: Below this many folded characters a quote must match exactly: a fuzzy short quote proves nothing.
MIN_FUZZY_LENGTH = 16
#: Similarity (0-100) a fuzzy alignment must reach to count as found.
FUZZY_THRESHOLD = 90.0
#: Similarity at which a passage is a candidate for word-by-word alignment (a quote with a
#: word left out scores lower than one with a letter changed); alignment then decides.
CANDIDATE_THRESHOLD = 70.0

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
        self,
        quote: str,
        *,
        fuzzy: bool = True,
        within: tuple[int, int] | None = None,
        aligned: bool = False,
    ) -> Match | None:
        """Where `quote` occurs (first occurrence, or inside `within` when given), or None.

        `aligned` also accepts a passage the quote matches word by word with a few words left
        out or changed (:mod:`summarizer.fields.alignment`), as match kind `aligned`.
        """
        if within is not None:
            start, end = within
            inner = locate_in(Source(self.text[start:end]), quote, fuzzy=fuzzy, aligned=aligned)
            if inner is None:
                return None
            return Match(inner.start + start, inner.end + start, inner.kind, inner.score)
        return locate_in(self, quote, fuzzy=fuzzy, aligned=aligned)


def locate_in(
    source: Source, quote: str, *, fuzzy: bool = True, aligned: bool = False
) -> Match | None:
    text = source.text
    if quote:
        i = text.find(quote)
        if i >= 0:
            return Match(i, i + len(quote), "exact", 100.0)
    needle = fold(quote).text.strip(TRIM)
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

    cutoff = CANDIDATE_THRESHOLD if aligned else FUZZY_THRESHOLD
    found = fuzz.partial_ratio_alignment(needle, hay.text, score_cutoff=cutoff)
    if found is None or found.dest_end <= found.dest_start:
        return None
    lo, hi = _whole_words(hay.text, found.dest_start, found.dest_end)
    if found.score >= FUZZY_THRESHOLD and _DIGITS.findall(needle) == _DIGITS.findall(
        hay.text[lo:hi]
    ):  # a quote may differ in a letter, never in a number
        words = align(hay.text, needle, (lo, hi))
        if words is not None and words[3]:  # a window as long as the quote ends a word off
            lo, hi = words[0], words[1]
        start, end = hay.span(lo, hi)
        if word_count(hay.text[lo:hi]) <= word_count(needle):  # letters slipped, no word lost
            return Match(start, end, "fuzzy", round(found.score, 1))
        if not aligned:
            return None  # the model left words out: its quote, not the article's
        return Match(start, end, "aligned", round(found.score, 1))
    if not aligned:
        return None
    words = align(hay.text, needle, (lo, hi))
    if words is None:
        return None
    start, end = hay.span(words[0], words[1])
    return Match(start, end, "aligned", round(100 * words[2], 1))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment to word boundaries (alignments may clip a letter at either edge),
    without the punctuation around them: a span holds the passage's words, as a quote does."""
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return trimmed(text, start, end)
