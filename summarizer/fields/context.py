"""How validators reach the article: pydantic's validation context carries a :class:`Source`."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationInfo

from summarizer.fields.grounding import Source

CONTEXT_KEY = "summarizer_source"
LANGUAGE_KEY = "summarizer_output_language"
#: Set by salvage once re-asks are spent: near-verbatim quotes are then located, not refused.
LENIENT_KEY = "summarizer_lenient"


def validation_context(
    text: str, published: date | None = None, output_language: str | None = None
) -> dict[str, Any]:
    """The context to pass as `model_validate(..., context=...)` so field types can check facts.

    `output_language` (a name such as "English", or a code) is what fields meant for the
    reader are checked to be written in; without it they are not checked.
    """
    return {CONTEXT_KEY: Source(text, published), LANGUAGE_KEY: output_language}


def output_language_of(info: ValidationInfo) -> str | None:
    """ISO 639-1 code of the language the reader asked for, or None when it is not known."""
    from summarizer.normalize.language import language_code

    context = info.context
    name = context.get(LANGUAGE_KEY) if isinstance(context, dict) else None
    return language_code(name) if isinstance(name, str) else None


def source_of(info: ValidationInfo) -> Source | None:
    """The article being validated against, or None when validating stored data without it."""
    context = info.context
    if isinstance(context, dict):
        source = context.get(CONTEXT_KEY)
        if isinstance(source, Source):
            return source
    return None


def lenient(info: ValidationInfo) -> bool:
    """Whether the re-asks are spent, so a quote the model did not copy exactly is located
    over the article's passage instead of sent back."""
    context = info.context
    return isinstance(context, dict) and context.get(LENIENT_KEY) is True
