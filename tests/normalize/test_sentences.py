"""Where sentences end: one table of texts and the sentences they split into."""

from __future__ import annotations

import pytest

from summarizer.normalize.sentences import sentence_spans

SPLITS = [
    pytest.param("Trade grew. Talks ended.", ["Trade grew.", "Talks ended."], id="en-two"),
    pytest.param(
        "Trade rose 3.5 percent. It fell.", ["Trade rose 3.5 percent.", "It fell."], id="decimal"
    ),
    pytest.param(
        "Mr. Putin met Dr. Pezeshkian. They talked.",
        ["Mr. Putin met Dr. Pezeshkian.", "They talked."],
        id="en-titles",
    ),
    pytest.param(
        "The U.S. Senate voted. J. Smith spoke.",
        ["The U.S. Senate voted.", "J. Smith spoke."],
        id="initials",
    ),
    pytest.param("It grew approx. five times.", ["It grew approx. five times."], id="lower-next"),
    pytest.param(
        "M. Macron a signé. Le traité «entre en vigueur.» Oui !",
        ["M. Macron a signé.", "Le traité «entre en vigueur.»", "Oui !"],
        id="fr-monsieur-quotes",
    ),
    pytest.param(
        "В. Путин подписал указ. Рост составил 3,5%.",
        ["В. Путин подписал указ.", "Рост составил 3,5%."],
        id="ru-initial",
    ),
    pytest.param(
        "ارتفعت التجارة 3.5 بالمئة. هل التقى د. محمد بالوزير؟ نعم!",
        ["ارتفعت التجارة 3.5 بالمئة.", "هل التقى د. محمد بالوزير؟", "نعم!"],
        id="ar-question-exclamation-doctor",
    ),
    pytest.param(
        "تجارت ۳.۵ درصد رشد کرد. وزیر چه گفت؟ هیچ",
        ["تجارت ۳.۵ درصد رشد کرد.", "وزیر چه گفت؟", "هیچ"],
        id="fa-persian-digits-trailing-fragment",
    ),
    pytest.param("Wait... then it grew.", ["Wait... then it grew."], id="ellipsis-lower-next"),
    pytest.param("  ", [], id="blank"),
]


@pytest.mark.parametrize(("text", "sentences"), SPLITS)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences
