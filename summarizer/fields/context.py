"""How validators reach the article: pydantic's validation context carries a :class:`Source`."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationInfo

from summarizer.fields.grounding import Source

CONTEXT_KEY = "summarizer_source"


def validation_context(text: str, published: date | None = None) -> dict[str, Any]:
    """The context to pass as `model_validate(..., context=...)` so field types can check facts."""
    return {CONTEXT_KEY: Source(text, published)}


def source_of(info: ValidationInfo) -> Source | None:
    """The article being validated against, or None when validating stored data without it."""
    context = info.context
    if isinstance(context, dict):
        source = context.get(CONTEXT_KEY)
        if isinstance(source, Source):
            return source
    return None
