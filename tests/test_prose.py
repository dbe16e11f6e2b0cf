"""Free text (headline, summary) may only give numbers the article states."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.fields import Prose, unstated_numbers, validation_context

WHEAT = (
    "Egypt and Kazakhstan agreed on Monday to raise wheat deliveries to 1.5 million tonnes a "
    "year. Egypt imported nearly 12 million tonnes of wheat in 2024. A terminal could cost 75 "
    "million dollars."
)
TRADE = "ارتفع حجم التبادل التجاري بين البلدين بنسبة 2/16% ليصل إلى 8/4 مليار دولار"
PUBLISHED = date(2025, 1, 20)

CASES = [
    pytest.param(WHEAT, "Deliveries rise to 1.5 million tonnes a year.", [], id="as-written"),
    pytest.param(WHEAT, "Deliveries rise to 1,500,000 tonnes.", [], id="scale-written-out"),
    pytest.param(WHEAT, "A $75m terminal is planned.", [], id="scale-abbreviated"),
    pytest.param(WHEAT, "Deliveries rise to 1.5 billion tonnes.", ["1.5"], id="wrong-scale"),
    pytest.param(WHEAT, "Egypt bought 13 million tonnes.", ["13"], id="invented-amount"),
    pytest.param(WHEAT, "Imports neared 12 (in millions).", [], id="scale-left-out"),
    pytest.param(
        "Deliveries rise to 1.5\nmillion tonnes.", "1.5 million tonnes", [], id="scale-on-next-line"
    ),
    pytest.param(WHEAT, "Imports in 2024 were large.", [], id="year-stated"),
    pytest.param(WHEAT, "Imports in 2023 were large.", ["2023"], id="year-not-stated"),
    pytest.param(WHEAT, "They agreed on 20 January 2025.", [], id="publication-date-parts"),
    pytest.param(WHEAT, "They agreed on 21 January 2025.", ["21"], id="day-not-stated"),
    pytest.param(WHEAT, "واردات ١٢ مليون طن", [], id="arabic-indic-digits"),
    pytest.param(WHEAT, "Импорт: 12 млн тонн.", [], id="russian-scale-word"),
    pytest.param(WHEAT, "Two ministers met three times.", [], id="number-words-not-checked"),
    pytest.param(TRADE, "Trade grew 16.2% to $4.8 billion.", [], id="slash-decimals-read-right"),
    pytest.param(TRADE, "Trade grew 2.16%.", ["2.16"], id="slash-decimal-misread"),
]


@pytest.mark.parametrize(("article", "prose", "unstated"), CASES)
def test_unstated_numbers(article: str, prose: str, unstated: list[str]) -> None:
    assert unstated_numbers(prose, article, PUBLISHED) == unstated


class Story(BaseModel):
    summary: Prose


def test_a_summary_with_an_invented_number_fails_naming_it() -> None:
    context = validation_context(WHEAT, PUBLISHED)
    assert Story.model_validate({"summary": "Up to 1.5 million tonnes."}, context=context)
    with pytest.raises(ValidationError, match=r"summary gives '13', which the article does not"):
        Story.model_validate({"summary": "Egypt bought 13 million tonnes."}, context=context)


def test_without_the_article_prose_is_not_checked() -> None:
    assert Story.model_validate({"summary": "Egypt bought 13 million tonnes."}).summary
