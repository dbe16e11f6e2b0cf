"""`summarizer summarize FILE`: one article, printed as tables or as JSON."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click

from summarizer.cli.exits import Exit, fail
from summarizer.cli.local import local_options, maybe_local, speed_line
from summarizer.cli.options import budget_options, given, schema_options, setting_options
from summarizer.config import BatchSettings, Settings


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date (YYYY-MM-DD), to anchor relative dates.")
@click.option("--json", "as_json", is_flag=True, help="Print the result and its metadata as JSON.")
@setting_options(batch=False)
@budget_options
@schema_options()
@local_options
def summarize(
    file: Path,
    published: str | None,
    as_json: bool,
    local: bool,
    gguf: Path | None,
    schema_spec: str | None,
    prompts_dir: Path | None,
    **values: Any,
) -> None:
    """Summarise one article FILE.

    Exit 0 on success, 1 when the article failed, 2 for usage or configuration errors, 3 when
    a spending cap refused a request, 130 when interrupted."""
    from summarizer.api import asummarize
    from summarizer.engine.budget import Limits
    from summarizer.engine.loading import load_article
    from summarizer.engine.prompting import PromptSet
    from summarizer.errors import BudgetError, ConfigurationError, InputError, SummarizerError
    from summarizer.schema_export import load_schema

    try:
        article = load_article(file)
    except InputError as exc:
        fail(str(exc), Exit.CONFIG)
    try:
        # Before the model is chosen: a broken schema or prompt folder fails first, whatever
        # the key and the server.
        schema = load_schema(schema_spec) if schema_spec else None
        prompts = PromptSet.load(prompts_dir or "news")
        limits = Limits.of(BatchSettings(**given(values, BatchSettings)))
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)
    try:
        with maybe_local(
            given(values, Settings), local=local, gguf=gguf, longest_chars=len(article.text)
        ) as chosen:
            options = given(chosen, Settings)
            # The async path, even for one article: Ctrl-C cancels its request and closes the
            # connection, so a local server stops generating at once. A synchronous read cannot
            # be interrupted, and the server's stop would wait for the whole answer.
            result = asyncio.run(
                asummarize(
                    article,
                    model=options.pop("model", None),
                    published=published or article.published,
                    schema=schema,
                    prompts=prompts,
                    max_cost_usd=limits.max_cost_usd,
                    max_tokens_total=limits.max_tokens_total,
                    max_article_tokens=limits.max_article_tokens,
                    price=limits.price,
                    batch_api=limits.batch_api,
                    **options,
                )
            )
            if chosen.get("local") and result.meta is not None:
                meta = result.meta
                click.echo(
                    speed_line(meta.usage.completion_tokens, meta.seconds, meta.attempts), err=True
                )
    except KeyboardInterrupt:
        fail(f"{file}: interrupted; nothing was written", Exit.INTERRUPTED)
    except (ConfigurationError, InputError) as exc:
        fail(str(exc), Exit.CONFIG)
    except BudgetError as exc:
        fail(f"{file}: {exc}", Exit.BUDGET)
    except SummarizerError as exc:
        fail(f"{file}: {exc}", Exit.FAILED)
    if as_json:
        click.echo(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        from summarizer.cli.render import render_summary

        render_summary(result)
