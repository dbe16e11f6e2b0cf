"""The command line: thin over the API; library errors become one line and an exit code.

Exit codes: 0 success, 1 the article failed (model output never valid, endpoint down),
2 usage or configuration error (no key, bad option, unreadable file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_FAILED = 1
EXIT_CONFIG = 2


def _fail(message: str, code: int) -> None:
    click.echo(f"summarizer: error: {message}", err=True)
    sys.exit(code)


def _read_article(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}", EXIT_CONFIG)
        raise  # unreachable; keeps type checkers informed
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text", EXIT_CONFIG)
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Validated, source-grounded structured summaries of news articles."""


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", help="Model name [env SUMMARIZER_MODEL; default gpt-4o-mini].")
@click.option("--base-url", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL].")
@click.option(
    "--mode",
    type=click.Choice(["tools", "json_schema", "json"]),
    help="How the schema is sent: tool calling, JSON schema, or plain JSON [env SUMMARIZER_MODE].",
)
@click.option("--published", help="Publication date (YYYY-MM-DD), to anchor relative dates.")
@click.option(
    "--language",
    "output_language",
    default="English",
    show_default=True,
    help="Language of the headline and summary.",
)
@click.option("--max-reasks", default=2, show_default=True, help="Re-asks after invalid output.")
@click.option("--strict", is_flag=True, help="Fail the article instead of rejecting invalid items.")
@click.option("--json", "as_json", is_flag=True, help="Print the result and its metadata as JSON.")
def summarize(
    file: Path,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    published: str | None,
    output_language: str,
    max_reasks: int,
    strict: bool,
    as_json: bool,
) -> None:
    """Summarise one article FILE."""
    from summarizer.api import summarize as run
    from summarizer.errors import ConfigurationError, InputError, SummarizerError

    text = _read_article(file)
    try:
        result = run(
            text,
            model=model,
            base_url=base_url,
            mode=mode,
            published=published,
            output_language=output_language,
            max_reasks=max_reasks,
            strict=strict,
        )
    except (ConfigurationError, InputError) as exc:
        _fail(str(exc), EXIT_CONFIG)
        return
    except SummarizerError as exc:
        _fail(f"{file}: {exc}", EXIT_FAILED)
        return
    if as_json:
        click.echo(json.dumps(result.to_record(), ensure_ascii=False, indent=2))
    else:
        from summarizer.render import render_summary

        render_summary(result)


@main.command()
@click.option("--name", default="news", show_default=True, help="A built-in schema.")
def schema(name: str) -> None:
    """Print the JSON Schema the model is asked to fill."""
    from summarizer.errors import ConfigurationError
    from summarizer.schema_export import export, load_schema

    try:
        click.echo(export(load_schema(name)), nl=False)
    except ConfigurationError as exc:
        _fail(str(exc), EXIT_CONFIG)


if __name__ == "__main__":
    main()
