"""summarizer: validated, source-grounded structured summaries of news articles.

    from summarizer import summarize
    result = summarize(article_text)          # a NewsSummary; result.meta, result.rejected

Heavy modules (openai, instructor) load on first use, so importing the package and running the
CLI's `--help` stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from summarizer.api import asummarize, summarize
    from summarizer.errors import (
        ConfigurationError,
        ExtractionError,
        InputError,
        MissingKeyError,
        SummarizerError,
        TransportError,
        UnsupportedModeError,
    )

_LAZY = {
    "summarize": "summarizer.api",
    "asummarize": "summarizer.api",
    "SummarizerError": "summarizer.errors",
    "ConfigurationError": "summarizer.errors",
    "MissingKeyError": "summarizer.errors",
    "InputError": "summarizer.errors",
    "TransportError": "summarizer.errors",
    "UnsupportedModeError": "summarizer.errors",
    "ExtractionError": "summarizer.errors",
}

__all__ = [
    "ConfigurationError",
    "ExtractionError",
    "InputError",
    "MissingKeyError",
    "SummarizerError",
    "TransportError",
    "UnsupportedModeError",
    "__version__",
    "asummarize",
    "summarize",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
