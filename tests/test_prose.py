"""Free text (headline, summary) may only give numbers the article states."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.fields import Prose, unstated_numbers, validation_context
from tests.conftest import SEED

WHEAT = (
    "Egypt and Kazakhstan agreed on Monday to raise wheat deliveries to 1.5 million tonnes a "
    "year. Egypt imported nearly 12 million tonnes of wheat in 2024. A terminal could cost 75 "
    "million dollars."
)
TRADE = "ارتفع حجم التبادل التجاري بين البلدين بنسبة 2/16% ليصل إلى 8/4 مليار دولار"
PUBLISHED = date(2025, 1, 20)
SEED_TEXT = SEED.read_text(encoding="utf-8")

CASES = [
    pytest.param(WHEAT, "Deliveries rise to 1.5 million tonnes a year.", [], id="as-written"),
    pytest.param(WHEAT, "Deliveries rise to 1,500,000 tonnes.", [], id="scale-written-out"),
    pytest.param(WHEAT, "A $75m terminal is planned.", [], id="scale-abbreviated"),
    pytest.param(WHEAT, "Deliveries rise to 1.5 billion tonnes.", ["1.5"], id="wrong-scale"),
    pytest.param(WHEAT, "Egypt bought 13 million tonnes.", ["13"], id="invented-amount"),
    pytest.param(
        WHEAT, "Imports neared 12 (in millions).", ["12"], id="scale-left-out-is-another-number"
    ),
    pytest.param(
        "Deliveries rise to 1.5\nmillion tonnes.", "1.5 million tonnes", [], id="scale-on-next-line"
    ),
    pytest.param(WHEAT, "Imports in 2024 were large.", [], id="year-stated"),
    pytest.param(WHEAT, "Imports in 2023 were large.", ["2023"], id="year-not-stated"),
    pytest.param(WHEAT, "They agreed on 20 January 2025.", [], id="publication-date-parts"),
    pytest.param(WHEAT, "They agreed on 5 January 2025.", ["5"], id="day-not-stated"),
    pytest.param(
        WHEAT, "They agreed on 17 January 2025.", [], id="day-within-a-week-of-publication"
    ),
    pytest.param(WHEAT, "واردات ١٢ مليون طن", [], id="arabic-indic-digits"),
    pytest.param(WHEAT, "Импорт: 12 млн тонн.", [], id="russian-scale-word"),
    pytest.param(WHEAT, "Two ministers met three times.", [], id="number-words-not-checked"),
    pytest.param(TRADE, "Trade grew 16.2% to $4.8 billion.", [], id="slash-decimals-read-right"),
    pytest.param(TRADE, "Trade grew 2.16%.", ["2.16"], id="slash-decimal-misread"),
]

# Correct prose the check must not fail (each seen as a false alarm in review).
ARTICLE_FORMS = [
    pytest.param(
        SEED_TEXT, "Iran produces about 1.2 million cars a year.", id="seed-words-and-digits"
    ),
    pytest.param(SEED_TEXT, "Iran produces 1,200,000 cars a year.", id="seed-written-out"),
    pytest.param("بلغت 2 مليار و500 مليون دولار", "It reached $2.5 billion.", id="compound-scale"),
    pytest.param("بلغت قيمتها مليار دولار", "It is worth $1 billion.", id="bare-scale-word"),
    pytest.param("بلغت ملياري دولار", "It is worth $2 billion.", id="dual-scale-word"),
    pytest.param("يستمر المعرض أربعة أيام", "The fair runs for 4 days.", id="number-word"),
    pytest.param(
        "In 2024, thousands of firms traded.",
        "In 2024, thousands traded.",
        id="scale-in-next-clause",
    ),
    pytest.param("Договор подписан 17.01.2025.", "Signed on 17 January 2025.", id="dotted-date"),
    pytest.param("وقع في ۱۴۰۴/۰۲/۰۳", "Signed on 23 April 2025.", id="solar-hijri-date"),
    pytest.param(
        "Quelque 1\u202f500\u202f000 personnes.", "Some 1.5 million people.", id="narrow-spaces"
    ),
]


@pytest.mark.parametrize(("article", "prose"), ARTICLE_FORMS)
def test_numbers_the_article_states_in_another_form_pass(article: str, prose: str) -> None:
    assert unstated_numbers(prose, article, None) == []


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
