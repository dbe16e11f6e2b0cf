"""A near-verbatim quote is found at its own passage, never misplaced; refused while re-asks remain."""

from __future__ import annotations

import json

import pytest
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import salvage, validate
from summarizer.fields import Source, validation_context

ARABIC = (
    "قال وزير الخارجية إن المحادثات كانت مفيدة جدا. "
    "وقد وصف سفير هايتي في لندن، بوتشي أدموند، المزاعم الأخيرة بأنها صادمة وغير مقبولة. "
    "وارتفعت الصادرات إلى 4500 طن في مارس."
)
ENGLISH = (
    "The minister said the talks were useful. The ambassador of Haiti in London, Bocchit "
    "Edmond, called the latest claims shocking and unacceptable. Exports rose to 4500 tonnes."
)

DROPPED = [
    pytest.param(
        ARABIC,
        "وقد وصف سفير هايتي في لندن، بوتشي المزاعم الأخيرة بأنها صادمة وغير مقبولة",
        "وقد وصف سفير هايتي في لندن، بوتشي أدموند، المزاعم الأخيرة بأنها صادمة وغير مقبولة",
        id="ar-name-word-left-out",
    ),
    pytest.param(
        ENGLISH,
        "The ambassador of Haiti in London, Bocchit Edmond, called the claims shocking and unacceptable",
        "The ambassador of Haiti in London, Bocchit Edmond, called the latest claims shocking and unacceptable",
        id="en-adjective-left-out",
    ),
]


@pytest.mark.parametrize(("text", "quote", "passage"), DROPPED)
def test_a_quote_with_a_word_left_out_is_located_word_by_word(
    text: str, quote: str, passage: str
) -> None:
    source = Source(text)
    assert (
        source.locate(quote) is None
    )  # while re-asks remain: the model's words, not the article's
    match = source.locate(quote, aligned=True)
    assert match is not None
    assert (text[match.start : match.end], match.kind) == (passage, "aligned")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        pytest.param(
            ENGLISH,
            "The ambassador of Peru in Paris praised the talks warmly today",
            id="other-words",
        ),
        pytest.param(ENGLISH, "Exports rose sharply to 9900 tonnes in the year", id="other-number"),
        pytest.param(ARABIC, "وارتفعت الواردات إلى 4500 كيلو في أبريل الماضي", id="ar-other-words"),
    ],
)
def test_a_quote_whose_words_are_not_there_is_never_placed(text: str, quote: str) -> None:
    assert Source(text).locate(quote, aligned=True) is None


def _answer(quote: str) -> str:
    official = {
        "name": "Bocchit Edmond",
        "name_en": "Bocchit Edmond",
        "role": "ambassador",
        "quote": quote,
    }
    return json.dumps(
        {
            "language": "en",
            "headline": "Claims rejected",
            "summary": "The ambassador spoke. He rejected the claims.",
            "officials": [official],
            "agreements": [],
            "figures": [],
            "dates": [],
        }
    )


def test_the_model_is_shown_the_passage_then_it_is_located_after_the_reasks() -> None:
    quote = "The ambassador of Haiti in London, Bocchit Edmond, called the claims shocking"
    context = validation_context(ENGLISH)
    refused = validate(NewsSummary, _answer(quote), context)
    assert [i.code for i in refused.issues] == ["quote_not_found"]
    assert "called the latest claims shocking" in refused.issues[0].message
    kept = salvage(NewsSummary, _answer(quote), context)
    assert kept.value is not None
    assert kept.value.officials[0].quote.match == "aligned"
