"""Which language a text is written in: by its script first, by a language identifier after.

Script decides most cases this project meets (an Arabic role where English was asked); where
it cannot (French against English, both Latin), the maintained identifier py3langid decides,
and only for texts long enough for it to be reliable. A text too short to tell is accepted:
a false alarm would withhold a correct attribute.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

#: Letters a text needs before the identifier's verdict on it is trusted.
MIN_IDENTIFIED_LETTERS = 40
#: Probability the identifier must give a language before its verdict is trusted.
MIN_CONFIDENCE = 0.9
#: Share of a text's letters that must be in the expected script.
MIN_SCRIPT_SHARE = 0.5
_SCRIPT_OF_LANGUAGE = {"ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC"}
_SCRIPT_OF_LANGUAGE |= {"ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC"}
_SCRIPT_OF_LANGUAGE |= {"he": "HEBREW", "el": "GREEK", "zh": "CJK", "ja": "CJK", "ko": "HANGUL"}


def language_code(name: str) -> str | None:
    """ISO 639-1 code of a language given by name ("English", "français") or code ("en")."""
    import pycountry

    value = name.strip()
    if not value:
        return None
    try:
        found = pycountry.languages.lookup(value)
    except LookupError:
        from babel import Locale, UnknownLocaleError

        try:
            return Locale.parse(value.lower()).language
        except (ValueError, UnknownLocaleError):
            return None
    return getattr(found, "alpha_2", None)


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or name.startswith(("HIRAGANA", "KATAKANA")):
        return "CJK"
    return name.split(" ", 1)[0] or None


def scripts(text: str) -> dict[str, int]:
    """Letters of `text` counted by Unicode script (LATIN, ARABIC, CYRILLIC, ...)."""
    counts: dict[str, int] = {}
    for char in text:
        script = _script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float] | None:
    """The language of `text` and the identifier's confidence, or None when too short to say."""
    letters = sum(scripts(text).values())
    if letters < MIN_IDENTIFIED_LETTERS:
        return None
    code, probability = _identifier().classify(text)
    return str(code), float(probability)


def written_in(text: str, language: str) -> bool:
    """Whether `text` is written in `language` (an ISO 639-1 code), as far as can be told."""
    counts = scripts(text)
    letters = sum(counts.values())
    if letters == 0:
        return True
    expected = _SCRIPT_OF_LANGUAGE.get(language, "LATIN")
    if counts.get(expected, 0) < MIN_SCRIPT_SHARE * letters:
        return False
    if expected != "LATIN" or letters < MIN_IDENTIFIED_LETTERS:
        return True
    found = identify(text)
    return found is None or found[0] == language or found[1] < MIN_CONFIDENCE
