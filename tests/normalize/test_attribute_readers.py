"""Countries named, names spelled, languages written: the readers behind the attribute checks."""

from __future__ import annotations

import pytest

from summarizer.normalize.countries import countries_named
from summarizer.normalize.language import identify, language_code, written_in
from summarizer.normalize.romanize import consistent

COUNTRIES = [
    pytest.param("قال السفير الإيراني في موسكو", {"IR", "RU"}, id="ar-adjective-and-capital"),
    pytest.param("والروسية", {"RU"}, id="ar-conjunction-article-feminine"),
    pytest.param("للصين", {"CN"}, id="ar-preposition-short-name"),
    pytest.param("الهندية", {"IN"}, id="ar-three-letter-name-adjective"),
    pytest.param("ایران و روسیه", {"IR", "RU"}, id="fa-names"),
    pytest.param("ایرانیان", {"IR"}, id="fa-people"),
    pytest.param("Иранский посол в Москве", {"IR", "RU"}, id="ru-adjective-and-capital"),
    pytest.param("российского", {"RU"}, id="ru-case-ending"),
    pytest.param("l'ambassadrice iranienne à Pékin", {"IR", "CN"}, id="fr-feminine-and-capital"),
    pytest.param("les États-Unis", {"US"}, id="fr-hyphenated-name"),
    pytest.param("the Iranian envoy in London", {"IR", "GB"}, id="en-demonym-and-capital"),
    pytest.param("British and French ministers", {"GB", "FR"}, id="en-irregular-demonyms"),
    pytest.param("بانها", set(), id="ar-stem-of-albania-is-not-enough"),
    pytest.param("مصرف النفط", set(), id="ar-bank-is-not-egypt"),
    pytest.param("ساخت سور بزرگ", set(), id="stem-alone-never-counts"),
]


@pytest.mark.parametrize(("text", "codes"), COUNTRIES)
def test_countries_named(text: str, codes: set[str]) -> None:
    assert countries_named(text) == codes


NAMES = [
    pytest.param("Kazem Jalali", "كاظم جلالي", True, id="ar-kazem"),
    pytest.param("Kazim Jalali", "كاظم جلالي", True, id="ar-kazim"),
    pytest.param("Kadhim Jalali", "كاظم جلالي", True, id="ar-kadhim"),
    pytest.param("Kazem Jalali", "کاظم جلالی", True, id="fa-kazem"),
    pytest.param("Jamal Jelali", "كاظم جلالي", False, id="ar-invented-first-name"),
    pytest.param("Dmitry Peskov", "دميتري بيسكوف", True, id="ar-dmitry"),
    pytest.param("Dmitri Peskov", "Дмитрий Песков", True, id="ru-dmitri"),
    pytest.param("Sergei Tsivilev", "Сергей Цивилев", True, id="ru-sergei"),
    pytest.param("Sergey Tsivilev", "سيرغي تسيفيليف", True, id="ar-sergey"),
    pytest.param("Patrick Pouyanné", "باتريك بويان", True, id="ar-french-name"),
    pytest.param("Bartek Buiwan", "باتريك بويان", False, id="ar-invented-spelling"),
    pytest.param("Mohammad Ali Khan", "وزير نفت هند", False, id="fa-invented-person-for-office"),
    pytest.param("Abdel Fattah al-Sisi", "عبد الفتاح السيسي", True, id="ar-compound-name"),
    pytest.param("Vladimir Putin", "ولادیمیر پوتین", True, id="fa-putin"),
    pytest.param("Vladimir Putin", "بوتين", False, id="ar-first-name-added"),
    pytest.param("Putin", "فلاديمير بوتين", True, id="ar-surname-only"),
    pytest.param("José Manuel Barroso", "José Manuel Barroso", True, id="fr-same-script"),
    pytest.param("John Straw", "Jack Straw", False, id="en-other-first-name"),
]


@pytest.mark.parametrize(("latin", "original", "same"), NAMES)
def test_romanized_name_spells_the_original(latin: str, original: str, same: bool) -> None:
    assert consistent(latin, original) is same


LANGUAGES = [
    pytest.param("ambassador to Russia", "en", True, id="en-short"),
    pytest.param("سفير إيران", "en", False, id="ar-where-en-asked"),
    pytest.param("سفير إيران", "ar", True, id="ar-where-ar-asked"),
    pytest.param("وزیر نفت", "fa", True, id="fa-where-fa-asked"),
    pytest.param("посол Ирана", "en", False, id="ru-where-en-asked"),
    pytest.param("посол Ирана", "ru", True, id="ru-where-ru-asked"),
    pytest.param(
        "L'Iran et la Russie ont signé un accord de coopération stratégique à Moscou.",
        "en",
        False,
        id="fr-sentence-where-en-asked",
    ),
    pytest.param("Iran's ambassador to Moscow", "fr", True, id="too-short-to-tell-latin"),
    pytest.param("2025", "en", True, id="no-letters"),
]


@pytest.mark.parametrize(("text", "language", "written"), LANGUAGES)
def test_written_in(text: str, language: str, written: bool) -> None:
    assert written_in(text, language) is written


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("English", "en", id="english"),
        pytest.param("French", "fr", id="french"),
        pytest.param("ar", "ar", id="code"),
        pytest.param("Persian", "fa", id="persian"),
        pytest.param("Klingon-ish", None, id="unknown"),
    ],
)
def test_language_code(name: str, code: str | None) -> None:
    assert language_code(name) == code


def test_identify_reads_the_seed_as_arabic() -> None:
    from tests.conftest import SEED

    found = identify(SEED.read_text(encoding="utf-8"))
    assert found is not None
    assert found[0] == "ar"
