"""An item's grounded parts must belong together: its raw text inside its evidence quote.

Each part can be verbatim and still not belong: an official given another speaker's sentence
as quote, a figure whose quote is a different sentence with no such number. So the raw text
(a name, a figure, a date as written) must lie inside the quote's span: it is looked for there
first (the article may repeat the same words elsewhere), and when the quote is a clause that
stops short of it, the quote is widened to the sentence holding both, offsets exact. Otherwise
the item fails with `parts_apart`.
"""

from __future__ import annotations

import re

from summarizer.fields.grounding import Source
from summarizer.fields.quote import Located
from summarizer.records import Code

#: Where a sentence ends: Latin and Arabic full stops, question and exclamation marks, line ends.
_SENTENCE_END = re.compile(r"[.!?؟؛\n]")


def anchor_within(raw: Located, quote: Located, source: Source | None) -> Located:
    """`raw` relocated inside `quote`'s span when it occurs there; otherwise unchanged."""
    if source is None or _inside(raw, quote):
        return raw
    found = source.locate(raw.quote, fuzzy=False, within=(quote.start, quote.end))
    if found is None:
        return raw
    return _at(raw, source, found.start, found.end)


def together(raw: Located, quote: Located, source: Source | None) -> tuple[Located, Located]:
    """`raw` and `quote` located together (module docstring), or raise `parts_apart`."""
    if source is None:
        return raw, quote
    raw = anchor_within(raw, quote, source)
    if _inside(raw, quote):
        return raw, quote
    start, end = sentence_around(source.text, quote.start, quote.end)
    found = source.locate(raw.quote, fuzzy=False, within=(start, end))
    if found is None:
        raise Code.PARTS_APART.error(
            f"{raw.quote!r} is not in the quoted sentence {quote.text!r}: quote the sentence "
            "of the article that states it"
        )
    widened = quote.model_copy(update={"start": start, "end": end, "text": source.text[start:end]})
    return _at(raw, source, found.start, found.end), widened


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) holding `text[start:end]`, without surrounding blanks."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after is not None else len(text)
    while before < stop and text[before].isspace():
        before += 1
    while stop > before and text[stop - 1].isspace():
        stop -= 1
    return before, stop


def _inside(raw: Located, quote: Located) -> bool:
    return quote.start <= raw.start and raw.end <= quote.end


def _at(raw: Located, source: Source, start: int, end: int) -> Located:
    return raw.model_copy(update={"start": start, "end": end, "text": source.text[start:end]})
