"""Splitting a long article: where chunks end, how they overlap, and spans moved back exactly."""

from __future__ import annotations

import itertools

import pytest

from summarizer.engine.chunking import (
    DEFAULT_CHUNK_CHARS,
    Chunk,
    chunk_size,
    shifted,
    spans,
    split,
)
from summarizer.errors import ConfigurationError
from summarizer.fields.quote import Located
from tests.conftest import SHARED

_EN = " ".join(f"Sentence number {n} says something short." for n in range(60))
_AR = " ".join(f"قال الوزير إن الصادرات بلغت {n} مليون دولار؟" for n in range(60))
_FA = " ".join(f"وزیر گفت که صادرات {n} میلیون دلار بود۔" for n in range(60))
_PARAGRAPHS = "\n\n".join(f"Paragraph {n} has a sentence. And another one here." for n in range(40))
_NO_SENTENCES = " ".join(f"word{n}" for n in range(800))


def _covers(text: str, chunks: list[Chunk]) -> None:
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    for before, after in itertools.pairwise(chunks):
        assert after.start <= before.end, "a gap between chunks"
        assert before.start < after.start, "no progress"


@pytest.mark.parametrize(
    ("text", "size", "ends_with"),
    [
        pytest.param(_EN, 400, ". ", id="english-sentence-ends"),
        pytest.param(_AR, 400, "؟ ", id="arabic-question-mark"),
        pytest.param(_FA, 400, "۔ ", id="persian-full-stop"),
        pytest.param(_PARAGRAPHS, 500, "\n\n", id="paragraphs-first"),
        pytest.param(_NO_SENTENCES, 300, " ", id="words-when-no-sentence-ends"),
    ],
)
def test_chunks_end_at_the_strongest_boundary(text: str, size: int, ends_with: str) -> None:
    chunks = split(text, size)
    assert len(chunks) > 1
    _covers(text, chunks)
    for chunk in chunks[:-1]:
        assert chunk.text.endswith(ends_with), repr(chunk.text[-20:])
        assert len(chunk.text) <= size


@pytest.mark.parametrize(
    ("text", "size"),
    [
        pytest.param(_EN, 400, id="english"),
        pytest.param(_AR, 400, id="arabic"),
        pytest.param(_NO_SENTENCES, 300, id="words"),
    ],
)
def test_no_word_is_cut_and_chunks_overlap_at_a_word_start(text: str, size: int) -> None:
    chunks = split(text, size, overlap=80)
    for before, after in itertools.pairwise(chunks):
        assert before.end - after.start > 0, "no overlap"
        assert text[after.start - 1].isspace(), "the next chunk starts inside a word"
        assert text[before.end - 1].isspace() or before.end == len(text)


@pytest.mark.parametrize(
    ("text", "size", "count"),
    [
        pytest.param("short text.", 100, 1, id="fits"),
        pytest.param(_EN, 0, 1, id="zero-never-splits"),
        pytest.param(_EN, len(_EN), 1, id="exactly-the-size"),
    ],
)
def test_text_that_fits_is_one_chunk(text: str, size: int, count: int) -> None:
    assert len(split(text, size)) == count


def test_a_word_longer_than_a_chunk_is_kept_whole() -> None:
    text = "a" * 1000 + " tail words here."
    chunks = split(text, 300)
    assert chunks[0].text == "a" * 1000 + " "


@pytest.mark.parametrize(
    ("chunk_chars", "context", "expected"),
    [
        pytest.param(None, None, DEFAULT_CHUNK_CHARS, id="default"),
        pytest.param(5000, 128_000, 5000, id="explicit-wins"),
        pytest.param(0, None, 0, id="zero-disables"),
        pytest.param(None, 4096, 4096, id="small-context"),
        pytest.param(None, 128_000, DEFAULT_CHUNK_CHARS, id="large-context-capped"),
    ],
)
def test_chunk_size(chunk_chars: int | None, context: int | None, expected: int) -> None:
    assert chunk_size(chunk_chars, context) == expected


def test_a_negative_chunk_size_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        chunk_size(-1)


def test_shifted_spans_are_the_articles_own() -> None:
    text = _AR
    for chunk in split(text, 400):
        where = chunk.text.index("مليون")
        span = Located(quote="مليون", start=where, end=where + 5, text="مليون", match="exact")
        moved = shifted([span], chunk.start)
        assert [text[s.start : s.end] for s in spans(moved)] == ["مليون"]


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="the shared corpus is not beside it")
@pytest.mark.parametrize("language", ["ar", "fa", "ru", "fr", "en"])
def test_corpus_text_splits_into_exact_slices_at_word_starts(language: str) -> None:
    folder = SHARED / "corpus" / "articles" / language
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.txt")))
    chunks = split(text, 3000)
    assert len(chunks) > 2
    _covers(text, chunks)
    for chunk in chunks[1:]:
        assert text[chunk.start - 1].isspace()
