"""The field types on their own: any schema built from them gets these checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.fields import DateMention, Extraction, FigureMention, Quote, validation_context
from tests.conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")
TRADE = "ارتفع حجم التبادل التجاري بين البلدين بنسبة 2/16% ليصل إلى 8/4 مليار دولار"


class Figures(Extraction):
    figures: list[FigureMention]


class Dates(Extraction):
    dates: list[DateMention]


class Quoted(Extraction):
    quote: Quote


def _figure(value: float, raw: str, unit: str | None = None, quote: str = TRADE) -> dict[str, Any]:
    return {"value": value, "unit": unit, "raw": raw, "quote": quote}


FIGURES_OK = [
    pytest.param(_figure(16.2, "2/16%", "%"), 16.2, "%", False, id="rtl-swapped-percent"),
    pytest.param(
        _figure(4_800_000_000, "8/4 مليار دولار", "USD"),
        4.8e9,
        "USD",
        False,
        id="rtl-swapped-billions",
    ),
    pytest.param(
        _figure(4_800_000_000, "8/4 مليار دولار", "dollars"),
        4.8e9,
        "USD",
        False,
        id="unit-word-normalised",
    ),
    pytest.param(
        _figure(
            1_200_000,
            "نحو مليون و200 ألف سيارة",
            "cars",
            "الإنتاج السنوي للسيارات في إيران، يبلغ نحو مليون و200 ألف سيارة",
        ),
        1.2e6,
        "cars",
        True,
        id="hedge-sets-approximate",
    ),
    pytest.param(
        _figure(1500, "أكثر من 1500 شركة", "companies", "يوجد اليوم في إيران أكثر من 1500 شركة"),
        1500,
        "companies",
        True,
        id="bound-sets-approximate",
    ),
]


@pytest.mark.parametrize(("item", "value", "unit", "approximate"), FIGURES_OK)
def test_figure_agreeing_with_raw_is_kept(
    item: dict[str, Any], value: float, unit: str, approximate: bool
) -> None:
    figure = Figures.model_validate(
        {"figures": [item]}, context=validation_context(ARTICLE)
    ).figures[0]
    assert (figure.value, figure.unit, figure.approximate) == (value, unit, approximate)
    assert ARTICLE[figure.raw.start : figure.raw.end] == item["raw"]
    assert figure.quote.start <= figure.raw.start < figure.raw.end <= figure.quote.end


FIGURES_BAD = [
    pytest.param(_figure(2.16, "2/16%", "%"), "reads as 16.2 %", id="literal-slash-reading"),
    pytest.param(
        _figure(8.4e9, "8/4 مليار دولار", "USD"),
        "reads as 4 800 000 000 USD",
        id="literal-billions",
    ),
    pytest.param(
        _figure(4.8e9, "8/4 مليار دولار", "EUR"), "unit 'EUR' disagrees", id="wrong-currency"
    ),
    pytest.param(
        _figure(16.2, "2/16", "%", quote=TRADE), "'%' is not in raw text", id="unit-not-in-raw"
    ),
    pytest.param(_figure(16.2, "16.2%", "%"), "is not in the article", id="raw-not-verbatim"),
    pytest.param(_figure(3, "بين البلدين", None), "holds no number", id="raw-without-number"),
]


@pytest.mark.parametrize(("item", "message"), FIGURES_BAD)
def test_figure_disagreeing_with_raw_is_an_error(item: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Figures.model_validate({"figures": [item]}, context=validation_context(ARTICLE))


def _date(value: str | None, raw: str, quote: str, inferred: bool = False) -> dict[str, Any]:
    return {"value": value, "raw": raw, "quote": quote, "inferred": inferred}


TREATY = "بتوقيع المعاهدة الستراتيجية الشاملة بين البلدين في 17 كانون الثاني/ يناير 2025"
FTA = "وبدء تنفيذ إتفاقية التجارة الحرة بين إيران والاتحاد الاقتصادي الأوراسي في 15 أيار/ مايو"
PESKOV = "في موسكو، أمس الثلاثاء"

DATES_OK = [
    pytest.param(
        _date("2025-01-17", "17 كانون الثاني/ يناير 2025", TREATY),
        None,
        "2025-01-17",
        False,
        id="doubled-month-names",
    ),
    pytest.param(
        _date("2025-05-15", "15 أيار/ مايو", FTA), None, "2025-05-15", True, id="year-from-article"
    ),
    pytest.param(
        _date("2024", "في عام 2024", "أنه في عام 2024"), None, "2024", False, id="year-precision"
    ),
    pytest.param(
        _date(None, "أمس الثلاثاء", PESKOV), None, None, False, id="relative-without-published"
    ),
    pytest.param(
        _date("2025-04-29", "أمس الثلاثاء", PESKOV),
        date(2025, 4, 30),
        "2025-04-29",
        True,
        id="relative-with-published",
    ),
]


@pytest.mark.parametrize(("item", "published", "value", "inferred"), DATES_OK)
def test_date_agreeing_with_raw_is_kept(
    item: dict[str, Any], published: date | None, value: str | None, inferred: bool
) -> None:
    context = validation_context(ARTICLE, published)
    mention = Dates.model_validate({"dates": [item]}, context=context).dates[0]
    assert (mention.value, mention.inferred) == (value, inferred)


DATES_BAD = [
    pytest.param(
        _date("2025-01-18", "17 كانون الثاني/ يناير 2025", TREATY),
        "reads as 2025-01-17",
        id="wrong-day",
    ),
    pytest.param(
        _date("2025-01", "17 كانون الثاني/ يناير 2025", TREATY),
        "reads as 2025-01-17",
        id="wrong-precision",
    ),
    pytest.param(
        _date("2024-01-01", "في عام 2024", "أنه في عام 2024"), "reads as 2024", id="invented-day"
    ),
    pytest.param(
        _date("2025-04-29", "أمس الثلاثاء", PESKOV), "must be null", id="relative-invented"
    ),
    pytest.param(
        _date("2019-05-15", "15 أيار/ مايو", FTA),
        "appears nowhere in the article",
        id="year-unsupported",
    ),
    pytest.param(_date("2025-06-15", "15 أيار/ مايو", FTA), "--05-15", id="wrong-month-no-year"),
    pytest.param(
        _date("2025-02-30", "17 كانون الثاني/ يناير 2025", TREATY),
        "day is out of range",
        id="not-a-date",
    ),
    pytest.param(
        _date("17/01/2025", "17 كانون الثاني/ يناير 2025", TREATY), "not ISO 8601", id="not-iso"
    ),
]


@pytest.mark.parametrize(("item", "message"), DATES_BAD)
def test_date_disagreeing_with_raw_is_an_error(item: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Dates.model_validate({"dates": [item]}, context=validation_context(ARTICLE))


NO_DATE_ARTICLE = (
    "في أعقاب تراجع حاد في قيمة الليرة التركية، عقد الوزيران اجتماعا أمس. "
    "The talks before the June summit ended yesterday, and a deal is due in 2025."
)
NO_DATE = [
    pytest.param(
        _date(None, "في أعقاب تراجع حاد في قيمة الليرة التركية", "في أعقاب تراجع حاد"),
        id="ar-clause",
    ),
    pytest.param(_date(None, "The talks", "The talks before the June summit"), id="en-event"),
    pytest.param(_date("2025", "The talks", "The talks before the June summit"), id="en-valued"),
]


@pytest.mark.parametrize("item", NO_DATE)
def test_date_whose_raw_text_holds_no_date_is_rejected_with_a_code(item: dict[str, Any]) -> None:
    context = validation_context(NO_DATE_ARTICLE, date(2025, 4, 30))
    with pytest.raises(ValidationError, match="holds no date expression") as caught:
        Dates.model_validate({"dates": [item]}, context=context)
    assert [error["type"] for error in caught.value.errors()] == ["no_date"]


KEPT_WITH_A_DATE = [
    pytest.param(_date(None, "أمس", "عقد الوزيران اجتماعا أمس"), None, None, id="ar-yesterday"),
    pytest.param(
        _date(None, "yesterday", "ended yesterday"), None, None, id="en-yesterday-unanchored"
    ),
    pytest.param(_date("2025", "2025", "a deal is due in 2025"), None, "2025", id="en-year"),
    # A bare month is a date expression: its year comes from the publication date.
    pytest.param(
        _date(None, "June summit", "The talks before the June summit"),
        None,
        None,
        id="en-bare-month-unanchored",
    ),
    pytest.param(
        _date("2025-06", "June summit", "The talks before the June summit"),
        date(2025, 4, 30),
        "2025-06",
        id="en-bare-month-anchored",
    ),
]


@pytest.mark.parametrize(("item", "published", "value"), KEPT_WITH_A_DATE)
def test_date_whose_raw_text_holds_a_date_is_kept(
    item: dict[str, Any], published: date | None, value: str | None
) -> None:
    context = validation_context(NO_DATE_ARTICLE, published)
    assert Dates.model_validate({"dates": [item]}, context=context).dates[0].value == value


def test_date_naming_no_real_day_is_rejected_with_a_code() -> None:
    article = "The deal was signed on 31 February 2025, the ministry said."
    item = _date(None, "31 February 2025", "signed on 31 February 2025")
    with pytest.raises(ValidationError, match="names no day that exists") as caught:
        Dates.model_validate({"dates": [item]}, context=validation_context(article))
    assert [error["type"] for error in caught.value.errors()] == ["no_date"]


def test_duplicates_are_merged() -> None:
    item = _figure(16.2, "2/16%", "%")
    result = Figures.model_validate(
        {"figures": [item, dict(item)]}, context=validation_context(ARTICLE)
    )
    assert len(result.figures) == 1


def test_quote_without_article_is_an_error_naming_the_problem() -> None:
    with pytest.raises(ValidationError, match="no article in the validation context"):
        Quoted.model_validate({"quote": "anything"})


def test_stored_result_reads_back_without_the_article() -> None:
    first = Quoted.model_validate(
        {"quote": "أكد السفير الإيراني"}, context=validation_context(ARTICLE)
    )
    again = Quoted.model_validate(first.model_dump())
    assert again.quote == first.quote


def test_stored_result_is_relocated_against_the_article() -> None:
    stored = {
        "quote": {
            "quote": "أكد السفير الإيراني",
            "start": 0,
            "end": 3,
            "text": "xxx",
            "match": "exact",
        }
    }
    again = Quoted.model_validate(stored, context=validation_context(ARTICLE))
    assert ARTICLE[again.quote.start : again.quote.end] == "أكد السفير الإيراني"


def test_model_facing_schema_asks_for_plain_strings() -> None:
    schema = Figures.model_json_schema()
    figure = schema["$defs"]["FigureMention"]["properties"]
    assert figure["raw"]["type"] == "string" and figure["quote"]["type"] == "string"


def test_last_week_resolves_to_an_iso_week_only_with_a_publication_date() -> None:
    article = "وقال الوزير إن الاجتماع عقد الأسبوع الماضي في موسكو."
    item = _date("2025-W17", "الأسبوع الماضي", "الاجتماع عقد الأسبوع الماضي")
    context = validation_context(article, date(2025, 4, 30))
    assert Dates.model_validate({"dates": [item]}, context=context).dates[0].value == "2025-W17"
    with pytest.raises(ValidationError, match="must be null"):
        Dates.model_validate({"dates": [item]}, context=validation_context(article))
