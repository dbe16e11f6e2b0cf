"""`summarizer revalidate OUT_DIR`: stored answers re-checked with today's validation, offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from summarizer.cli.exits import Exit, fail


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--input",
    "input_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The batch's input folder, if it moved [default: from run.json].",
)
@click.option(
    "--strict", is_flag=True, help="Fail an article instead of rejecting its invalid items."
)
@click.option("--json", "as_json", is_flag=True, help="Print every change as JSON.")
def revalidate(out_dir: Path, input_dir: Path | None, strict: bool, as_json: bool) -> None:
    """Re-check stored outputs offline with today's validation; no request is made."""
    from dataclasses import asdict

    from rich.console import Console

    from summarizer.batch.revalidate import revalidate_folder
    from summarizer.batch.store import OutputStore
    from summarizer.cli.tables import revalidate_table
    from summarizer.errors import ConfigurationError
    from summarizer.schema_export import load_schema

    try:
        with OutputStore(out_dir).lock():
            changes = revalidate_folder(
                out_dir, load_schema("news"), input_dir=input_dir, strict=strict
            )
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)
    if as_json:
        click.echo(json.dumps([asdict(c) for c in changes], ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(revalidate_table(changes))
    for change in changes:
        if change.status != "unchanged":
            console.print(
                f"{change.status}: {change.path}"
                + (f" ({change.reason})" if change.reason else ""),
                highlight=False,
            )
            for item in change.newly_rejected:
                console.print(f"  - rejected now: {item[:160]}", highlight=False, markup=False)
            for item in change.newly_accepted:
                console.print(f"  + accepted now: {item[:160]}", highlight=False, markup=False)
