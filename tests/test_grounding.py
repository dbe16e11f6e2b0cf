"""Locating quotes in the article: one named case per normalisation the domain notes list."""

from __future__ import annotations

import pytest

from summarizer.fields.grounding import Source
from summarizer.normalize.folding import fold

CASES = [
    # (article, quote as the model wrote it, the article's own wording that must be found)
    pytest.param("قال السفير الإيراني في موسكو", "السفير الإيراني", "السفير الإيراني", id="exact"),
    pytest.param(
        "أكد السفير الإيراني", "اكد السفير الايراني", "أكد السفير الإيراني", id="alef-hamza-forms"
    ),
    pytest.param("إلى آستارا", "الى استارا", "إلى آستارا", id="alef-madda-and-hamza-below"),
    pytest.param(
        "المعاهدة الستراتيجية", "المعاهده الستراتيجيه", "المعاهدة الستراتيجية", id="ta-marbuta"
    ),
    pytest.param("على مستوى", "علي مستوي", "على مستوى", id="alef-maqsura"),
    pytest.param("تعزيز الـتـعـاون بين", "تعزيز التعاون", "تعزيز الـتـعـاون", id="tatweel"),
    pytest.param("مذكّراً بأنّ الإنتاج", "مذكرا بأن الإنتاج", "مذكّراً بأنّ الإنتاج", id="diacritics"),
    pytest.param(
        "حفل\u00a0افتتاح المعرض", "حفل افتتاح المعرض", "حفل\u00a0افتتاح المعرض", id="nbsp"
    ),
    pytest.param(
        "حفل\u2009\u2003افتتاح", "حفل افتتاح", "حفل\u2009\u2003افتتاح", id="unicode-spaces-run"
    ),
    pytest.param(
        "شركة “غازبروم” واستكمالها",
        'شركة "غازبروم" واستكمالها',
        "شركة “غازبروم” واستكمالها",
        id="curly-quotes",
    ),
    pytest.param("وكالة «إرنا» في", 'وكالة "إرنا" في', "وكالة «إرنا» في", id="guillemets"),
    pytest.param("می\u200cخواهد ایران", "میخواهد ایران", "می\u200cخواهد ایران", id="zwnj-persian"),
    pytest.param(
        "سفير \u200fإيران\u200e في", "سفير إيران في", "سفير \u200fإيران\u200e في", id="bidi-marks"
    ),
    pytest.param(
        "بنسبة \u061c2/16% ليصل",
        "بنسبة 2/16% ليصل",
        "بنسبة \u061c2/16% ليصل",
        id="arabic-letter-mark",
    ),
    pytest.param("رئيس الجمهورية", "رييس الجمهورية", "رئيس الجمهورية", id="hamza-on-ya"),
    pytest.param("على سؤال مراسل", "على سوال مراسل", "على سؤال مراسل", id="hamza-on-waw"),
    pytest.param(
        "ещё одно соглашение", "еще одно соглашение", "ещё одно соглашение", id="russian-yo"
    ),
    pytest.param("وزارت نفت ایران", "وزارت نفت ايران", "وزارت نفت ایران", id="persian-yeh"),
    pytest.param("کشور بزرگ", "كشور بزرگ", "کشور بزرگ", id="persian-kaf"),
    pytest.param("بلغ ١٥٠٠ شركة", "بلغ 1500 شركة", "بلغ ١٥٠٠ شركة", id="arabic-indic-digits"),
    pytest.param("رشد ۱۶ درصد", "رشد 16 درصد", "رشد ۱۶ درصد", id="persian-digits"),
    pytest.param(
        "The Kremlin – said", "the kremlin - said", "The Kremlin – said", id="case-and-dash"
    ),
    pytest.param(
        "وفي ردّ حصري على سؤال مراسل وكالة إرنا في موسكو أمس",
        "وفي رد حصري علي سوال مراسل وكاله ارنا في موسكو امس",
        "وفي ردّ حصري على سؤال مراسل وكالة إرنا في موسكو أمس",
        id="fuzzy-hamza-on-waw",
    ),
    pytest.param(
        "أوضح ديمتري بيسكوف بأن نتائج عمل اللجنة المشتركة تم تقييمها بشكل إيجابي",
        "أوضح ديمتري بيسكوف أن نتائج عمل اللجنة المشتركة تم تقييمها بشكل إيجابي",
        "أوضح ديمتري بيسكوف بأن نتائج عمل اللجنة المشتركة تم تقييمها بشكل إيجابي",
        id="fuzzy-one-letter-dropped",
    ),
]


@pytest.mark.parametrize(("article", "quote", "expected"), CASES)
def test_quote_is_located_by_its_original_span(article: str, quote: str, expected: str) -> None:
    found = Source(article).locate(quote)
    assert found is not None
    assert article[found.start : found.end] == expected


MISSES = [
    pytest.param(
        "قال السفير الإيراني في موسكو", "قال الوزير الروسي في طهران", id="different-sentence"
    ),
    pytest.param("بلغ 1500 شركة", "بلغ 1600 شركة", id="short-quote-wrong-number"),
    pytest.param(
        "ارتفع حجم التبادل التجاري بنسبة 2/16%",
        "ارتفع حجم التبادل التجاري بنسبة 16.2%",
        id="number-rewritten",
    ),
    pytest.param("some text", "   ", id="blank-quote"),
]


@pytest.mark.parametrize(("article", "quote"), MISSES)
def test_quote_not_in_article_is_not_found(article: str, quote: str) -> None:
    assert Source(article).locate(quote) is None


def test_exact_match_outside_folding_is_not_fuzzy() -> None:
    found = Source("a b c").locate("b")
    assert found is not None and found.kind == "exact"


def test_within_restricts_the_search_to_a_span() -> None:
    text = "عام 2025 ثم في عام 2025 وقعت"
    second = text.index("في")
    found = Source(text).locate("2025", fuzzy=False, within=(second, len(text)))
    assert found is not None and found.start > second


def test_fold_maps_every_character_back() -> None:
    text = "  أكّد\u00a0\u00a0السفيرُ  "
    folded = fold(text)
    assert folded.text == "اكد السفير"
    start, end = folded.span(0, len(folded.text))
    assert text[start:end] == "أكّد\u00a0\u00a0السفيرُ"


def _fold_reference(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The folding spelled out one character at a time: the oracle for the fast version."""
    from summarizer.normalize.folding import _fold_char

    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    last_space = True
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if not folded:
            if out and not last_space:
                ends[-1] = i + 1
            continue
        if folded == " ":
            if last_space:
                continue
            last_space = True
        else:
            last_space = False
        out.append(folded)
        origin.append(i)
        ends.append(i + 1)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
        ends.pop()
    return "".join(out), tuple(origin), tuple(ends)


def test_fast_fold_agrees_with_the_reference_on_random_text() -> None:
    import random

    alphabet = "اأإآةىيـًٌَُِّ \u00a0\u2009\n\t\u200c\u200e\u200f“”«»۱٢3aBcÉ-–ک\u0301"
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        folded = fold(text)
        assert (folded.text, folded.origin, folded.ends) == _fold_reference(text), repr(text)


FOLDED_ALIKE = [
    pytest.param("رئيس", "رييس", id="hamza-on-ya"),
    pytest.param("مسؤول", "مسوول", id="hamza-on-waw"),
    pytest.param("أإآٱ", "اااا", id="alef-forms"),
    pytest.param("ىیې", "ييي", id="ya-forms"),
    pytest.param("ةۀ", "هه", id="ta-marbuta-forms"),
    pytest.param("ещё", "еще", id="russian-yo"),
    pytest.param("١٥۱۶", "1516", id="digits"),
]


@pytest.mark.parametrize(("written", "folded"), FOLDED_ALIKE)
def test_grounding_and_lookup_fold_letters_alike(written: str, folded: str) -> None:
    """One fold: quotes and the normaliser's word tables see the same letters."""
    from summarizer.normalize.folding import fold_for_lookup

    assert fold(written).text == folded
    assert fold_for_lookup(written) == folded
