"""An agreement's status is held to its quote: one the quote does not state is withheld.

Each article says one agreement was signed and another will be; the model's status for each is
kept when the quote bears it out and withheld (null, `status_not_in_quote`) when it does not,
the item kept either way. Between re-asks the same check fails the answer, which is what
`--strict` ships.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import salvage, validate
from summarizer.fields import validation_context

ARTICLES = {
    "ar": ("وقّع البلدان اتفاقية للتجارة في موسكو.", "وسيوقع البلدان معاهدة للطاقة الشهر المقبل."),
    "fa": ("دو کشور قرارداد تجارت را امضا کردند.", "معاهده انرژی ماه آینده امضا خواهد شد."),
    "ru": ("Страны подписали торговое соглашение.", "Договор об энергетике подпишут в мае."),
    "fr": (
        "Les deux pays ont signé un accord commercial.",
        "Ils signeront un traité sur l'énergie.",
    ),
    "en": ("The two countries signed a trade deal.", "They will sign an energy treaty next month."),
}


def _answer(language: str, quote: str, status: str) -> str:
    answer: dict[str, Any] = {
        "language": language,
        "headline": "Two agreements",
        "summary": "One agreement was signed. Another one is planned.",
        "officials": [],
        "agreements": [
            {
                "name": "trade agreement",
                "kind": "other",
                "parties": [],
                "status": status,
                "quote": quote,
            }
        ],
        "figures": [],
        "dates": [],
    }
    return json.dumps(answer, ensure_ascii=False)


def _context(language: str) -> dict[str, Any]:
    return validation_context(" ".join(ARTICLES[language]), None, "English")


CASES = [
    pytest.param(language, sentence, status, kept, id=f"{language}-{name}")
    for language in ARTICLES
    for sentence, status, kept, name in [
        (0, "signed", True, "signed-kept"),
        (1, "signed", False, "will-sign-withheld"),
        (1, "proposed", True, "will-sign-proposed-kept"),
        (0, "ratified", False, "ratified-withheld"),
        (1, "unknown", True, "unknown-kept"),
    ]
]


@pytest.mark.parametrize(("language", "sentence", "status", "kept"), CASES)
def test_status_kept_or_withheld(language: str, sentence: int, status: str, kept: bool) -> None:
    quote = ARTICLES[language][sentence].rstrip(".")
    outcome = salvage(NewsSummary, _answer(language, quote, status), _context(language))
    assert outcome.value is not None
    assert outcome.rejected == []
    (agreement,) = outcome.value.agreements
    assert agreement.status == (status if kept else None)
    withheld = [(w.location, w.value, [i.code for i in w.issues]) for w in outcome.value.withheld]
    assert withheld == ([] if kept else [("agreements[0].status", status, ["status_not_in_quote"])])


def test_the_model_is_told_before_the_status_is_withheld() -> None:
    """Between re-asks (and under --strict) an unsupported status fails the answer."""
    quote = ARTICLES["en"][1].rstrip(".")
    outcome = validate(NewsSummary, _answer("en", quote, "signed"), _context("en"))
    assert outcome.value is None
    assert [(i.location, i.code) for i in outcome.issues] == [
        ("agreements[0].status", "status_not_in_quote")
    ]
    assert "will sign" in outcome.issues[0].message
