"""Things a user's `--schema module:Class` may name, for tests/test_user_schema.py."""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarizer.fields import Extraction, Quote


class Weather(Extraction):
    """A schema: one grounded observation."""

    schema_version = "7"

    observation: Quote = Field(description="The sentence that reports the weather.")


class PlainModel(BaseModel):
    """A pydantic model, but not a schema: it does not subclass Extraction."""

    text: str


NOT_A_CLASS = "a string"
