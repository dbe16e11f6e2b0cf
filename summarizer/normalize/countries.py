"""Which countries an article names: by their name, capital or people, in any of its languages.

A country code is only as good as the article's support for it: a model that writes IQ for
Iran's ambassador invents a fact. The names come from CLDR (through babel) in the languages of
the news this project reads; what CLDR lacks (capitals, irregular demonyms such as "British" or
"русский") is data in `data/country_words.json`, not code.

Regular forms are derived, so the data stays short: after folding (the same fold as
grounding), a word names a country when, less its proclitics (Arabic و ف ب ل ك and the article
ال), it is one of the country's names, or a name's stem with a demonym or case ending
(إيران → الإيرانية, روسيا → الروسي, Иран → иранского, Iran → iranienne, Russia → Russian).
A stem alone never counts: "سور" (a wall) is not Syria.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from importlib import resources

from summarizer.normalize.folding import fold_text

#: CLDR locales whose country names are looked for: the five of the project's news and a few
#: more whose names news in those languages borrows.
LOCALES = ("ar", "fa", "ru", "fr", "en", "de", "es")
#: A stem cut from a name keeps at least this many letters (ألبانيا must not give بان);
#: a whole short name (مصر, الهند) is its own stem.
_MIN_STEM = 4
_MIN_NAME = 3
_ARABIC_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_SUFFIXES = {
    "arabic": ("ي", "يه", "يون", "يين", "يان", "ين", "يا"),
    "cyrillic": (
        *("а", "у", "ом", "е", "ы", "и", "ию", "ии", "ией", "ей", "ой", "я", "ю", "ем"),
        *(
            prefix + ending
            for prefix in ("ск", "ийск", "янск", "анск")
            for ending in ("ий", "ая", "ое", "ие", "ого", "ой", "ую", "им", "их", "ому", "ими")
        ),
        *("ец", "цы", "цев", "цам"),
    ),
    "latin": (
        *("s", "n", "an", "ans", "ian", "ians", "ien", "iens", "ienne", "iennes"),
        *("en", "ens", "enne", "ennes", "ese", "ois", "oise", "ais", "aise", "ish", "i", "is"),
        *("ic", "e", "es", "que", "ques", "o", "os", "a", "as"),
    ),
}
_WORD = re.compile(r"\w+")


def _script(word: str) -> str:
    first = word[0]
    if "\u0600" <= first <= "\u06ff":
        return "arabic"
    if "\u0400" <= first <= "\u04ff":
        return "cyrillic"
    return "latin"


_TAILS = {"arabic": ("يا", "ا", "ه", "ي"), "cyrillic": ("ия", "а", "я", "ь", "й")}


def _stem(word: str) -> str | None:
    """The part of a one-word name that demonyms and case endings attach to."""
    script = _script(word)
    if script == "arabic":
        word = word.removeprefix("ال")
    if script == "latin":
        stripped = word.rstrip("aeiouy")
        if stripped != word and len(stripped) >= _MIN_STEM:
            return stripped
    for tail in _TAILS.get(script, ()):
        if word.endswith(tail) and len(word) - len(tail) >= _MIN_STEM:
            return word[: -len(tail)]
    return word if len(word) >= _MIN_NAME else None


class _Lexicon:
    """Every country's names folded, split into one-word names (with stems) and phrases."""

    def __init__(self, names: dict[str, set[str]]) -> None:
        self.words: dict[str, set[str]] = defaultdict(set)
        self.stems: dict[str, set[str]] = defaultdict(set)
        phrases: dict[str, set[str]] = defaultdict(set)
        for code, spellings in names.items():
            for spelling in spellings:
                folded = " ".join(_WORD.findall(fold_text(spelling)))
                if not folded:
                    continue
                if " " in folded:
                    phrases[folded].add(code)
                    continue
                self.words[folded].add(code)
                if _script(folded) == "arabic":
                    self.words[folded.removeprefix("ال")].add(code)
                stem = _stem(folded)
                if stem is not None:
                    self.stems[stem].add(code)
        self.phrases = dict(phrases)
        alternation = "|".join(
            re.escape(p).replace(r"\ ", r"\W+") for p in sorted(phrases, key=len, reverse=True)
        )
        self.phrase_pattern = re.compile(rf"(?<!\w)(?:ال)?({alternation})(?!\w)")

    def codes_of(self, word: str) -> set[str]:
        found: set[str] = set()
        script = _script(word)
        bases = [word]
        if script == "arabic":
            # لل is ل before the article (للصين: to China), whose alef is not written
            word = "لال" + word[2:] if word.startswith("لل") else word
            bases = [
                rest
                for clitic in _ARABIC_CLITICS
                if word.startswith(clitic)
                for rest in (word[len(clitic) :],)
                for rest in (rest, rest.removeprefix("ال"))
                if rest
            ]
        for base in bases:
            found |= self.words.get(base, set())
            for suffix in _SUFFIXES[script]:
                if base.endswith(suffix) and len(base) > len(suffix):
                    found |= self.stems.get(base[: -len(suffix)], set())
        return found


@functools.cache
def _lexicon() -> _Lexicon:
    from babel import Locale

    names: dict[str, set[str]] = defaultdict(set)
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names[code].add(name)
    extra = json.loads(
        resources.files("summarizer.normalize")
        .joinpath("data", "country_words.json")
        .read_text(encoding="utf-8")
    )
    for code, words in extra.items():
        if not code.startswith("_"):
            names[code].update(words)
    return _Lexicon(names)


@functools.lru_cache(maxsize=16)
def countries_named(text: str) -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (and EU) of every country `text` names (module docstring)."""
    lexicon = _lexicon()
    folded = fold_text(text)
    found: set[str] = set()
    for word in set(_WORD.findall(folded)):
        found |= lexicon.codes_of(word)
    for match in lexicon.phrase_pattern.finditer(folded):
        phrase = " ".join(_WORD.findall(match.group(1)))
        found |= lexicon.phrases.get(phrase, set())
    return frozenset(found)
