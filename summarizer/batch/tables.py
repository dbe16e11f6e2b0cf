"""CSV tables for spreadsheets: one per list field of the schema, one row per item.

Built from the schema class, not from a particular schema: a located text becomes three
columns (its text, start, end), lists are joined with "; ", nested objects as JSON.

A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
or a carriage return: OWASP's list) is written with a leading `'`, so a model's
`=HYPERLINK(...)` stays text; numbers, negative ones included, are written as they are.
"""

from __future__ import annotations

import contextlib
import csv
import json
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.batch.atomic import atomic_writer
from summarizer.fields.base import Extraction, list_fields
from summarizer.fields.quote import Located


def _is_located(annotation: Any) -> bool:
    if annotation is Located:
        return True
    return any(_is_located(a) for a in typing.get_args(annotation))


def located_fields(item: type[BaseModel]) -> frozenset[str]:
    """The item's fields that hold a located text (its text, start and end become columns)."""
    return frozenset(n for n, info in item.model_fields.items() if _is_located(info.annotation))


def columns(item: type[BaseModel]) -> list[str]:
    out = ["path"]
    located = located_fields(item)
    for name in item.model_fields:
        out += [name, f"{name}_start", f"{name}_end"] if name in located else [name]
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutral(value: Any) -> Any:
    """`value` as a cell no spreadsheet runs as a formula (module docstring)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def row(path: str, item: dict[str, Any], cols: list[str], located: frozenset[str]) -> list[Any]:
    """One item's cells; a located field (by the schema) gives its text, start and end."""
    values: dict[str, Any] = {"path": path}
    for key, value in item.items():
        if key in located and isinstance(value, dict):
            values[key], values[f"{key}_start"], values[f"{key}_end"] = (
                _cell(value.get("text")),
                _cell(value.get("start")),
                _cell(value.get("end")),
            )
        else:
            values[key] = _cell(value)
    return [neutral(values.get(c, "")) for c in cols]


def write_tables(folder: Path, schema: type[Extraction], records: Iterable[dict[str, Any]]) -> None:
    """All tables in one pass over the records, each file written atomically."""
    fields = list_fields(schema)
    cols = {name: columns(model) for name, model in fields.items()}
    located = {name: located_fields(model) for name, model in fields.items()}
    writers: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        for name in fields:
            handle = stack.enter_context(atomic_writer(folder / f"{name}.csv"))
            writer = csv.writer(handle)
            writer.writerow(cols[name])
            writers[name] = writer
        for record in records:
            summary = record.get("summary", {})
            for name, writer in writers.items():
                for item in summary.get(name, []) or []:
                    writer.writerow(row(record.get("path", ""), item, cols[name], located[name]))
