"""A readable terminal rendering of one summary (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from summarizer.terminal import plain


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(plain("" if cell is None else cell) for cell in row))
    return table


def render_summary(result: Any, console: Console | None = None) -> None:
    """Headline, summary, one table per list field, rejected items and run facts."""
    console = console or Console()
    console.print(plain(result.headline or "(headline withheld)", "bold"))
    console.print(plain(result.summary or "(summary withheld)"))
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Officials",
            ["name", "English", "role", "country"],
            [
                [o.name.text, o.name_en, o.role, o.country or ""]
                for o in getattr(result, "officials", [])
            ],
        ),
        (
            "Agreements",
            ["name", "kind", "status", "parties", "date"],
            [
                [a.name, a.kind, a.status, ", ".join(a.parties), a.date or ""]
                for a in getattr(result, "agreements", [])
            ],
        ),
        (
            "Figures",
            ["value", "unit", "measures", "as written"],
            [
                [
                    f"{f.value:,.10g}" + (" ~" if f.approximate else ""),
                    f.unit or "",
                    f.measures,
                    f.raw.text,
                ]
                for f in getattr(result, "figures", [])
            ],
        ),
        (
            "Dates",
            ["date", "event", "as written"],
            [
                [
                    (d.value or "(relative)") + (" (inferred)" if d.inferred else ""),
                    d.event,
                    d.raw.text,
                ]
                for d in getattr(result, "dates", [])
            ],
        ),
    ]
    for title, columns, rows in sections:
        if rows:
            console.print(_table(title, columns, rows))
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
