"""The base of every extraction schema: merges duplicates and carries run metadata.

A schema subclasses :class:`Extraction`; the engine attaches where the result came from
(`.meta`) and what was refused (`.rejected`) without adding either to the schema the model sees.
"""

from __future__ import annotations

import typing
from typing import Any, ClassVar, Self

from pydantic import BaseModel, PrivateAttr, model_validator

from summarizer.records import RejectedItem, RunMeta, WithheldValue


def list_fields(schema: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The schema's `list[SomeModel]` fields and their item models: the lists of items that
    salvage keeps or rejects one by one, and that become the CSV tables."""
    found: dict[str, type[BaseModel]] = {}
    for name, info in schema.model_fields.items():
        if typing.get_origin(info.annotation) is list:
            (item,) = typing.get_args(info.annotation)
            if isinstance(item, type) and issubclass(item, BaseModel):
                found[name] = item
    return found


def merge_duplicates(items: list[Any]) -> tuple[list[Any], int]:
    """Items with equal `merge_key()` become one: the first, completed by the others' fields."""
    kept: dict[object, Any] = {}
    order: list[Any] = []
    merged = 0
    for item in items:
        key_of = getattr(item, "merge_key", None)
        key = key_of() if callable(key_of) else None
        if key is None or key not in kept:
            order.append(item)
            if key is not None:
                kept[key] = item
            continue
        merged += 1
        first = kept[key]
        for name in type(first).model_fields:
            if getattr(first, name) in (None, "", []) and getattr(item, name) not in (None, "", []):
                setattr(first, name, getattr(item, name))
    return order, merged


class Extraction(BaseModel):
    """Subclass this for a schema the engine can fill; set `schema_version` when it changes."""

    schema_version: ClassVar[str] = "1"

    _meta: RunMeta | None = PrivateAttr(default=None)
    _rejected: list[RejectedItem] = PrivateAttr(default_factory=list)
    _withheld: list[WithheldValue] = PrivateAttr(default_factory=list)
    _merged: int = PrivateAttr(default=0)

    @model_validator(mode="after")
    def _merge_duplicates(self) -> Self:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list) and value and isinstance(value[0], BaseModel):
                kept, merged = merge_duplicates(value)
                if merged:
                    setattr(self, name, kept)
                    self._merged += merged
        return self

    @property
    def meta(self) -> RunMeta | None:
        """How this result was produced; None for an object not made by the engine."""
        return self._meta

    @property
    def rejected(self) -> list[RejectedItem]:
        """Items the model proposed that failed validation after every re-ask."""
        return self._rejected

    @property
    def withheld(self) -> list[WithheldValue]:
        """Attributes of kept items (or the headline, the summary) that failed and are null."""
        return self._withheld

    def to_record(self) -> dict[str, Any]:
        """The summary with its metadata and rejected items, as one JSON-ready dict."""
        return {
            "summary": self.model_dump(mode="json"),
            "rejected": [r.model_dump(mode="json") for r in self._rejected],
            "withheld": [w.model_dump(mode="json") for w in self._withheld],
            "meta": self._meta.model_dump(mode="json") if self._meta else None,
        }
