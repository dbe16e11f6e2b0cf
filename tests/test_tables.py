"""CSV tables: the columns come from the schema, so a located field is known by its type."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.batch.tables import columns, located_fields, write_tables
from summarizer.fields.base import Extraction
from summarizer.fields.quote import Quote


class Note(BaseModel):
    quote: Quote
    span: dict[str, Any]
    """Not located, though it holds the keys a located text has."""


class Notes(Extraction):
    notes: list[Note]


LOCATED = {"quote": "q", "start": 0, "end": 1, "text": "q", "match": "exact", "score": 100.0}
PLAIN = {"text": "t", "start": 5, "end": 6}


def test_located_fields_are_read_from_the_schema() -> None:
    assert located_fields(Note) == {"quote"}
    assert columns(Note) == ["path", "quote", "quote_start", "quote_end", "span"]


def test_a_dict_shaped_like_a_located_text_stays_one_cell(tmp_path: Path) -> None:
    record = {"path": "a.txt", "summary": {"notes": [{"quote": LOCATED, "span": PLAIN}]}}
    write_tables(tmp_path, Notes, [record])
    with (tmp_path / "notes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["path", "quote", "quote_start", "quote_end", "span"],
        ["a.txt", "q", "0", "1", '{"text": "t", "start": 5, "end": 6}'],
    ]
