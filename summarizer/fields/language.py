"""Attributes written for the reader: in the language asked for, and the article's own language.

A role, a headline or a summary in Arabic where English was asked is a failed answer (the
model is re-asked with the error, and the attribute withheld if it stays wrong), checked by
script and, for longer Latin text, by a language identifier
(:mod:`summarizer.normalize.language`). The article's `language` is read from its text when the
identifier is sure, not taken from the model: one model labelled a BBC article "fr".
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from summarizer.fields.codes import LanguageCode
from summarizer.fields.context import output_language_of, source_of
from summarizer.normalize.language import MIN_CONFIDENCE, identify, written_in
from summarizer.records import Code


def _in_output_language(value: str, info: ValidationInfo) -> str:
    language = output_language_of(info)
    if language is not None and value.strip() and not written_in(value, language):
        raise Code.WRONG_LANGUAGE.error(
            f"this is not written in the output language ({language}): write it in that language"
        )
    return value


def _read_from_text(code: str, info: ValidationInfo) -> str:
    source = source_of(info)
    found = identify(source.text) if source is not None else None
    if found is not None and found[1] >= MIN_CONFIDENCE:
        return found[0]
    return code


in_output_language = AfterValidator(_in_output_language)
"""The check of :data:`OutputText`, to add to another string type (`Annotated[Prose, ...]`)."""
OutputText = Annotated[str, in_output_language]
"""Free text for the reader, checked to be in the output language."""
ArticleLanguage = Annotated[LanguageCode, AfterValidator(_read_from_text)]
"""The article's ISO 639-1 code: the identifier's reading of the text when it is sure."""
