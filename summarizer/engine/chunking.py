"""Splitting a long article into overlapping chunks, and moving located spans back to it.

A chunk ends at the last paragraph break before its size limit, else the last sentence end
(`.`, `!`, `?`, Arabic `؟`, Urdu/Persian `۔`, `。`), else the last space; a word is never cut.
The next chunk starts `overlap` characters earlier, at a sentence start (else a word start), so
an item whose sentence straddles a cut is whole in one of the two chunks. Each chunk is a slice
of the article (`article[start:end] == text`), so a span found in chunk *i* at `[s, e)` is the
article's `[start + s, start + e)`, exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer.errors import ConfigurationError
from summarizer.fields.quote import Located

#: Characters per chunk when neither the caller nor the model's context says: a few thousand
#: tokens, far inside every current context, and short enough for small models to read whole.
DEFAULT_CHUNK_CHARS = 20_000
#: Share of a chunk repeated at the start of the next one.
OVERLAP_SHARE = 0.08
#: Characters per token, low for Arabic script: a context of N tokens holds about 2.5 N characters.
_CHARS_PER_TOKEN = 2.5
#: Share of a context given to the article (the rest: prompts, schema, the answer).
_CONTEXT_SHARE = 0.4

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE = re.compile(r"[.!?؟۔。…]+[\"'»”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Part `index` (from 0) of an article: `article[start:end] == text`."""

    index: int
    start: int
    end: int
    text: str


def chunk_size(chunk_chars: int | None, context_tokens: int | None = None) -> int:
    """Characters per chunk: the explicit value, else what the model's context holds, else the
    default; 0 means never split."""
    if chunk_chars is not None:
        if chunk_chars < 0:
            raise ConfigurationError("chunk_chars must be 0 (never split) or more")
        return chunk_chars
    if context_tokens:
        return max(
            2_000, min(DEFAULT_CHUNK_CHARS, int(context_tokens * _CHARS_PER_TOKEN * _CONTEXT_SHARE))
        )
    return DEFAULT_CHUNK_CHARS


def _last_end(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of `pattern` that ends within `(lo, hi]`."""
    best = None
    for match in pattern.finditer(text, lo, hi):
        if match.end() > lo:
            best = match.end()
    return best


def _cut(text: str, start: int, size: int) -> int:
    """Where the chunk that starts at `start` ends."""
    hi = start + size
    if hi >= len(text):
        return len(text)
    lo = start + size // 2
    for pattern in (_PARAGRAPH, _SENTENCE, _SPACE):
        end = _last_end(pattern, text, lo, hi)
        if end is not None:
            return end
    # no space in half a chunk: move on to the next space rather than cut a word
    after = _SPACE.search(text, hi)
    return after.end() if after else len(text)


def _next_start(text: str, start: int, end: int, overlap: int) -> int:
    """The sentence (else word) start nearest after `end - overlap`, and after `start`."""
    lo = max(start + 1, end - overlap)
    for pattern in (_PARAGRAPH, _SENTENCE, _SPACE):
        match = pattern.search(text, lo, end)
        if match is not None and match.end() < end:
            return match.end()
    return end


def split(text: str, size: int, overlap: int | None = None) -> list[Chunk]:
    """The chunks of `text`, each at most about `size` characters; one chunk when it fits."""
    if size <= 0 or len(text) <= size:
        return [Chunk(0, 0, len(text), text)]
    overlap = int(size * OVERLAP_SHARE) if overlap is None else overlap
    chunks: list[Chunk] = []
    start = 0
    while True:
        end = _cut(text, start, size)
        chunks.append(Chunk(len(chunks), start, end, text[start:end]))
        if end >= len(text):
            return chunks
        start = _next_start(text, start, end, overlap)


def shifted(value: Any, offset: int) -> Any:
    """`value` with every located span moved by `offset` (a chunk's start): spans of the article."""
    if isinstance(value, Located):
        return value.model_copy(update={"start": value.start + offset, "end": value.end + offset})
    if isinstance(value, list):
        return [shifted(v, offset) for v in value]
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            current = getattr(value, name)
            moved = shifted(current, offset)
            if moved is not current:
                object.__setattr__(value, name, moved)
        return value
    return value


def spans(value: Any) -> list[Located]:
    """Every located span inside `value`, in field order."""
    if isinstance(value, Located):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in spans(v)]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in spans(getattr(value, name))]
    return []
