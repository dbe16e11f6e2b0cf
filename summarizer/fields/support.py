"""Attributes the article must support: a country code is kept only if the article names it.

A model that writes IQ for Iran's ambassador invents a fact no quote can catch. The article
counts as naming a country when it writes its name, its capital or its people in any form
(:mod:`summarizer.normalize.countries`). Without an article (stored data validated by hand)
nothing is checked.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from summarizer.fields.codes import CountryCode
from summarizer.fields.context import source_of
from summarizer.normalize.countries import countries_named
from summarizer.records import Code


def _named(code: str, info: ValidationInfo) -> str:
    source = source_of(info)
    if source is not None and code not in countries_named(source.text):
        raise Code.COUNTRY_NOT_IN_ARTICLE.error(
            f"country {code} is not named in the article (by its name, capital or people): "
            "give the country the article says, or null"
        )
    return code


def party_named(party: str, info: ValidationInfo) -> str:
    """An agreement party: a two-letter code must be a country the article names."""
    if len(party) == 2 and party.isalpha() and party.isupper():
        return _named(party, info)
    return party


SupportedCountry = Annotated[CountryCode, AfterValidator(_named)]
"""An ISO 3166-1 code that the article names (module docstring)."""
Party = Annotated[str, AfterValidator(party_named)]
"""A party to an agreement: an organisation's name, or a country code the article names."""
