"""Keep a raw text's span inside its evidence quote when the article repeats the same words."""

from __future__ import annotations

from summarizer.fields.grounding import Source
from summarizer.fields.quote import Located


def anchor_within(raw: Located, quote: Located, source: Source | None) -> Located:
    """`raw` relocated inside `quote`'s span when it occurs there; otherwise unchanged."""
    if source is None or (quote.start <= raw.start and raw.end <= quote.end):
        return raw
    found = source.locate(raw.quote, fuzzy=False, within=(quote.start, quote.end))
    if found is None:
        return raw
    return raw.model_copy(
        update={
            "start": found.start,
            "end": found.end,
            "text": source.text[found.start : found.end],
        }
    )
