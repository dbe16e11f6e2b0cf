"""Form never costs the facts: a summary too long is trimmed at a sentence end, shown, not hidden.

After the last re-ask, a summary with more sentences than allowed ships its first four, the
model's whole text recorded in `withheld` as `summary_trimmed`; the trimmed text is validated
again. One with too few is withheld; a headline over its length limit is withheld, never cut.
Between re-asks (and under `--strict`) each still fails the answer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import salvage, validate
from summarizer.fields import validation_context
from tests.conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")
GOOD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8")
)

_EN = [
    "Iran wants wider cooperation with Russia.",
    "Mr. Jalali spoke at a car-industry exhibition.",
    "Trade grew by 16.2 % in 2024.",
    "The joint commission ended with a signed document.",
    "Energy was discussed too.",
    "Cars and auto parts lead the list!",
]
_AR = [
    "تسعى إيران إلى توسيع التعاون مع روسيا.",
    "تحدث السفير جلالي في معرض للسيارات.",
    "هل نما حجم التبادل التجاري بنسبة 16.2 بالمئة؟",
    "اختتمت اللجنة المشتركة أعمالها بتوقيع وثيقة.",
    "وناقش الجانبان الطاقة أيضا.",
    "وتتصدر السيارات وقطع الغيار القائمة!",
]
_FOR_THE_READER = {
    "officials": ("role", "organisation"),
    "agreements": ("name",),
    "figures": ("measures",),
    "dates": ("event",),
}
_HEADLINES = {"English": GOOD["headline"], "Arabic": "إيران تسعى لتعاون أوسع مع روسيا"}


def _answer(output_language: str, summary: str, headline: str | None = None) -> str:
    data = copy.deepcopy(GOOD)
    data["headline"] = headline or _HEADLINES[output_language]
    data["summary"] = summary
    if output_language != "English":  # the seed's answer writes these in English
        for field, keys in _FOR_THE_READER.items():
            for item in data[field]:
                item.update(dict.fromkeys(keys))
    return json.dumps(data, ensure_ascii=False)


def _context(output_language: str) -> dict[str, Any]:
    return validation_context(ARTICLE, None, output_language)


TRIMMED = [
    pytest.param("English", _EN, id="en-six-sentences"),
    pytest.param("English", _EN[:5], id="en-five-sentences"),
    pytest.param("Arabic", _AR, id="ar-six-sentences-question-decimal"),
]


@pytest.mark.parametrize(("language", "sentences"), TRIMMED)
def test_a_summary_too_long_is_trimmed_at_a_sentence_end(
    language: str, sentences: list[str]
) -> None:
    summary = " ".join(sentences)
    outcome = salvage(NewsSummary, _answer(language, summary), _context(language))
    assert outcome.value is not None
    assert outcome.value.summary == " ".join(sentences[:4])
    (record,) = outcome.value.withheld
    assert (record.location, record.value, [i.code for i in record.issues]) == (
        "summary",
        summary,
        ["summary_trimmed"],
    )
    assert f"has {len(sentences)} sentences" in record.issues[0].message
    assert outcome.rejected == []


def test_between_re_asks_a_summary_too_long_fails_the_answer() -> None:
    """The model is told first; --strict ships this failure, not a trimmed text."""
    outcome = validate(NewsSummary, _answer("English", " ".join(_EN)), _context("English"))
    assert outcome.value is None
    assert [(i.location, i.code) for i in outcome.issues] == [("summary", "sentence_count")]


WITHHELD = [
    pytest.param("summary", "Iran wants more.", "sentence_count", id="summary-one-sentence"),
    pytest.param(
        "summary",
        " ".join([*_EN[:4], "Trade will reach 99 billion dollars.", _EN[5]]),
        "prose_number",
        id="summary-too-long-with-an-unstated-number",
    ),
    pytest.param(
        "headline",
        "Iran seeks wider cooperation with Russia " + "in cars, energy, oil, gas and trade " * 4,
        "schema",
        id="headline-over-its-length-limit",
    ),
]


@pytest.mark.parametrize(("field", "value", "code"), WITHHELD)
def test_what_cannot_be_trimmed_is_withheld(field: str, value: str, code: str) -> None:
    summary = value if field == "summary" else GOOD["summary"]
    headline = value if field == "headline" else None
    outcome = salvage(NewsSummary, _answer("English", summary, headline), _context("English"))
    assert outcome.value is not None
    assert getattr(outcome.value, field) is None
    (record,) = outcome.value.withheld
    assert (record.location, record.value, [i.code for i in record.issues]) == (
        field,
        value,
        [code],
    )


def test_a_trimmed_summary_that_fails_again_is_withheld_with_the_models_text() -> None:
    """The trimmed text is validated again: four French sentences where English was asked."""
    french = [
        "L'Iran souhaite élargir sa coopération avec la Russie dans tous les domaines.",
        "L'ambassadeur a parlé lors de l'ouverture d'une exposition automobile.",
        "La commission mixte a terminé ses travaux par la signature d'un document final.",
        "Le ministre russe de l'énergie a parlé des échanges entre les deux pays.",
    ]
    english = [
        "Iran's ambassador in Moscow told the opening of an international car-industry "
        "exhibition that Iran wants to expand cooperation with Russia in every field.",
        "The joint economic commission, chaired by the two countries' oil and energy "
        "ministers, ended with the signing of its final document after long talks.",
        "Russia's energy minister said bilateral trade grew and that both countries want "
        "more cooperation in oil, gas, electricity, cars and auto parts in the coming years.",
    ]
    summary = " ".join(french + english)
    outcome = salvage(NewsSummary, _answer("English", summary), _context("English"))
    assert outcome.value is not None
    assert outcome.value.summary is None
    (record,) = outcome.value.withheld
    assert record.value == summary
    assert [i.code for i in record.issues] == ["summary_trimmed", "wrong_language"]
