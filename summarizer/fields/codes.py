"""Language and country codes checked against the ISO registries, not just their shape.

A shape check (two letters) lets `js` through as a language and `NA` only by luck; the
registries (pycountry) settle it. The sent schema carries the shape as a `pattern`, so servers
that compile the schema into a grammar (llama.cpp) make even a small model write a code.
Validation stays lenient about case and spaces.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

from summarizer.records import Code

#: Codes news uses that ISO 3166-1 reserves rather than assigns: Kosovo and the European Union.
_COUNTRY_EXTRAS = frozenset({"XK", "EU"})
#: Reserved codes that stand for an assigned one (the United Kingdom, Greece in EU usage).
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


@cache
def languages() -> frozenset[str]:
    """ISO 639-1 codes (loaded on first use: pycountry reads its tables lazily)."""
    import pycountry

    return frozenset(
        code for language in pycountry.languages if (code := getattr(language, "alpha_2", None))
    )


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus the reserved codes news uses."""
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries) | _COUNTRY_EXTRAS


def _language(value: object) -> object:
    if not isinstance(value, str):
        return value
    code = value.strip().lower()
    if code not in languages():
        raise Code.NOT_IN_REGISTRY.error(
            f"language {value!r} is not an ISO 639-1 code such as ar or en"
        )
    return code


def _country(value: object) -> object:
    if not isinstance(value, str):
        return value
    code = value.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code not in countries():
        raise Code.NOT_IN_REGISTRY.error(
            f"country {value!r} is not an ISO 3166-1 alpha-2 code such as IR or RU"
        )
    return code


LanguageCode = Annotated[
    str,
    BeforeValidator(_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2}$"}),
]
CountryCode = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"}),
]
