"""A readable terminal rendering of one summary (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from summarizer.cli.terminal import plain

#: Cells up to this long (a value, a code, a date) are kept on one line.
_SHORT = 16


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    """Columns empty in every row are left out; short ones (numbers, codes) never wrap."""
    keep = [i for i in range(len(columns)) if any(row[i] for row in rows)]
    columns, rows = [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]
    table = Table(title=title, title_justify="left", show_lines=False)
    for i, column in enumerate(columns):
        short = max(len(row[i] or "") for row in rows) <= _SHORT
        table.add_column(column, overflow="fold", no_wrap=short)
    for row in rows:
        table.add_row(*(plain("" if cell is None else cell) for cell in row))
    return table


#: Item fields left out of the terminal tables: the evidence, shown in full by `report`.
_EVIDENCE = frozenset({"quote", "evidence"})


def _cell(value: Any) -> str:
    """An item's value as a table cell: a located text by its text, a list joined."""
    if value is None:
        return ""
    if hasattr(value, "text") and hasattr(value, "start"):
        return str(value.text)
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.10g}"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def render_summary(result: Any, console: Console | None = None) -> None:
    """The schema's text fields, one table per list field, rejected and withheld parts, and
    run facts; any schema built on `Extraction`, not only the news one."""
    from summarizer.fields.base import list_fields

    console = console or Console()
    lists = list_fields(type(result))
    for name in type(result).model_fields:
        if name in lists or name == "language":
            continue
        value = getattr(result, name)
        text = _cell(value) if value is not None else f"({name} withheld)"
        console.print(plain(text, "bold" if name == "headline" else ""))
    for name, item in lists.items():
        columns = [c for c in item.model_fields if c not in _EVIDENCE]
        rows = [[_cell(getattr(i, c)) for c in columns] for i in getattr(result, name)]
        if rows:
            console.print(_table(_title(name), columns, rows))
    if result.rejected:
        console.print(
            _table(
                "Rejected (not shipped as fact)",
                ["field", "reasons"],
                [[r.field, "; ".join(r.reasons)] for r in result.rejected],
            )
        )
    withheld = getattr(result, "withheld", [])
    if withheld:
        console.print(
            _table(
                "Withheld (shipped as null: not supported by the article)",
                ["attribute", "the model said", "why"],
                [
                    [w.location, str(w.value), "; ".join(i.message for i in w.issues)]
                    for w in withheld
                ],
            )
        )
    meta = result.meta
    if meta is not None:
        console.print(
            plain(
                f"{meta.model} · {meta.mode} · prompt {meta.prompt_version} · schema "
                f"{meta.schema_name} v{meta.schema_version} · {meta.attempts} attempt(s) · "
                f"{meta.usage.total_tokens} tokens · {meta.seconds:.1f} s",
                "dim",
            )
        )
