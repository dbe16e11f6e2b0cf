"""Finding located spans in a dumped result, for tests that check every one of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_SPAN_KEYS = frozenset({"quote", "start", "end", "text", "match"})


def located_spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every located span (a quote or raw text with its offsets) anywhere in `node`."""
    if isinstance(node, dict):
        if node.keys() >= _SPAN_KEYS:
            yield node
        for value in node.values():
            yield from located_spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from located_spans(value)
