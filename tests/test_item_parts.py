"""An item's grounded parts belong together: its name, figure or date inside its quote."""

from __future__ import annotations

import json
from typing import Any

import pytest
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import validate
from summarizer.fields import validation_context
from summarizer.fields.anchoring import sentence_around

ARTICLE = (
    "Jack Straw said the talks were useful. Barroso spoke later.\n"
    "The European Commission said aid of £3bn was agreed, and the treaty was signed on "
    "3 March 2025 in Brussels. Trade fell."
)
BASE: dict[str, Any] = {
    "language": "en",
    "headline": "Talks end",
    "summary": "Talks ended. Aid was agreed.",
    "officials": [],
    "agreements": [],
    "figures": [],
    "dates": [],
}


def _run(**fields: Any) -> Any:
    return validate(NewsSummary, json.dumps({**BASE, **fields}), validation_context(ARTICLE))


def _official(name: str, quote: str) -> dict[str, Any]:
    return {"name": name, "name_en": name, "role": "minister", "quote": quote}


def _figure(quote: str) -> dict[str, Any]:
    return {"measures": "aid", "value": 3e9, "unit": "GBP", "raw": "£3bn", "quote": quote}


APART = [
    pytest.param(
        "officials",
        _official("Barroso", "Jack Straw said the talks were useful"),
        id="other-speaker",
    ),
    pytest.param("figures", _figure("Trade fell"), id="figure-quote-other-sentence"),
    pytest.param(
        "dates",
        {"event": "signing", "value": "2025-03-03", "raw": "3 March 2025", "quote": "Trade fell"},
        id="date-quote-other-sentence",
    ),
]


@pytest.mark.parametrize(("category", "item"), APART)
def test_parts_apart_fail_the_item(category: str, item: dict[str, Any]) -> None:
    outcome = _run(**{category: [item]})
    assert [(i.location, i.code) for i in outcome.issues] == [(f"{category}[0]", "parts_apart")]


def test_a_clause_that_stops_short_is_widened_to_its_sentence() -> None:
    outcome = _run(figures=[_figure("the treaty was signed on 3 March 2025 in Brussels")])
    figure = outcome.value.figures[0]
    quote = figure.quote
    assert ARTICLE[quote.start : quote.end] == quote.text
    assert quote.text.startswith("The European Commission said aid of £3bn")
    assert quote.start <= figure.raw.start < figure.raw.end <= quote.end


def test_a_repeated_name_is_anchored_in_its_own_quote() -> None:
    text = "Barroso arrived. Later Barroso said aid was agreed."
    data = {**BASE, "officials": [_official("Barroso", "Later Barroso said aid was agreed")]}
    value = validate(NewsSummary, json.dumps(data), validation_context(text)).value
    assert value.officials[0].name.start == text.index("Later Barroso") + len("Later ")


@pytest.mark.parametrize(
    ("start", "end", "sentence"),
    [
        pytest.param(0, 4, "Jack Straw said the talks were useful.", id="first-sentence"),
        pytest.param(45, 52, "Barroso spoke later.", id="after-a-full-stop"),
        pytest.param(len(ARTICLE) - 5, len(ARTICLE) - 1, "Trade fell.", id="last-sentence"),
    ],
)
def test_sentence_around(start: int, end: int, sentence: str) -> None:
    a, b = sentence_around(ARTICLE, start, end)
    assert ARTICLE[a:b] == sentence
