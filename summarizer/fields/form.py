"""Form rules for prose the model writes: a summary of two to four sentences.

Form is not fact, so it never costs the facts: between re-asks a text with the wrong number of
sentences fails the answer (`sentence_count`) and the model is told; once the re-asks are
spent, salvage trims a text with too many at a sentence end (:meth:`Sentences.trim`), records
the model's whole text beside it (`summary_trimmed`) and validates the trimmed text again, so it
still passes the other checks. A text with too few is withheld: there is nothing to cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, ValidationInfo
from pydantic_core import CoreSchema, core_schema

from summarizer.normalize.sentences import sentence_spans
from summarizer.records import Code

_NUMBER_WORDS = dict(enumerate(["zero", "one", "two", "three", "four", "five", "six"]))


@dataclass(frozen=True, slots=True)
class Sentences:
    """Annotation: a text of `least` to `most` sentences (module docstring)."""

    least: int
    most: int

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: str, info: ValidationInfo) -> str:
        count = len(sentence_spans(value.strip()))
        if not self.least <= count <= self.most:
            least = _NUMBER_WORDS.get(self.least, str(self.least))
            most = _NUMBER_WORDS.get(self.most, str(self.most))
            raise Code.SENTENCE_COUNT.error(
                f"{info.field_name or 'text'} has {count} sentences; write {least} to {most}"
            )
        return value

    def trim(self, value: str) -> str | None:
        """`value` cut after its `most`-th sentence, or None when it has no more than that."""
        spans = sentence_spans(value)
        if len(spans) <= self.most:
            return None
        return value[: spans[self.most - 1][1]]


def sentences_of(annotation: Any) -> Sentences | None:
    """The :class:`Sentences` rule anywhere inside a field's annotation, if it has one."""
    for part in getattr(annotation, "__metadata__", ()):
        if isinstance(part, Sentences):
            return part
    for arg in getattr(annotation, "__args__", ()):
        found = sentences_of(arg)
        if found is not None:
            return found
    return None
