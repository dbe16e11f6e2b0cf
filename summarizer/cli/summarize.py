"""`summarizer summarize FILE`: one article, printed as tables or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from summarizer.cli.exits import Exit, fail
from summarizer.cli.local import local_options, maybe_local, speed_line
from summarizer.cli.options import given, setting_options
from summarizer.config import Settings


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date (YYYY-MM-DD), to anchor relative dates.")
@click.option("--json", "as_json", is_flag=True, help="Print the result and its metadata as JSON.")
@setting_options(batch=False)
@local_options
def summarize(
    file: Path, published: str | None, as_json: bool, local: bool, gguf: Path | None, **values: Any
) -> None:
    """Summarise one article FILE."""
    from summarizer.api import summarize as run
    from summarizer.engine.loading import load_article
    from summarizer.errors import ConfigurationError, InputError, SummarizerError

    try:
        article = load_article(file)
    except InputError as exc:
        fail(str(exc), Exit.CONFIG)
    try:
        with maybe_local(
            given(values, Settings), local=local, gguf=gguf, longest_chars=len(article.text)
        ) as chosen:
            options = given(chosen, Settings)
            result = run(
                article,
                model=options.pop("model", None),
                published=published or article.published,
                **options,
            )
            if chosen.get("local") and result.meta is not None:
                meta = result.meta
                click.echo(
                    speed_line(meta.usage.completion_tokens, meta.seconds, meta.attempts), err=True
                )
    except (ConfigurationError, InputError) as exc:
        fail(str(exc), Exit.CONFIG)
    except SummarizerError as exc:
        fail(f"{file}: {exc}", Exit.FAILED)
    if as_json:
        click.echo(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        from summarizer.cli.render import render_summary

        render_summary(result)
