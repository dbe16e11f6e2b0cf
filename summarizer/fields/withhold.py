"""Attributes that may be withheld: null in the result, their value and reason kept beside it.

An official whose quote and name are grounded but whose country the article does not support is
still a fact worth shipping; the country is not. A field marked :class:`Withholdable` is one
that validation, once re-asks are spent, sets to null (recording what the model said and why)
instead of dropping its whole item. Such a field must accept None; the schema the model sees
can still ask for a value (`WithJsonSchema`), so withholding never changes the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Withholdable:
    """Annotation marker: salvage may set this attribute to null (module docstring)."""


def withholdable(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is not None and any(isinstance(m, Withholdable) for m in info.metadata)
