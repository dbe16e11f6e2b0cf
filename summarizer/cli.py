"""The command line: thin over the API; library errors become one line and an exit code.

Exit codes: 0 success, 1 the article failed (model output never valid, endpoint down),
2 usage or configuration error (no key, bad option, unreadable file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from summarizer.local.cli import local_options

EXIT_FAILED = 1
EXIT_CONFIG = 2


def _fail(message: str, code: int) -> None:
    from summarizer.terminal import visible

    click.echo(f"summarizer: error: {visible(message)}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Validated, source-grounded structured summaries of news articles."""


_CHUNK_SIZE = click.option(
    "--chunk-size",
    "chunk_chars",
    type=click.IntRange(0),
    help="Characters per chunk: a longer article is read in overlapping chunks and merged "
    "(default 20000; 0: never split).",
)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", help="Model name [env SUMMARIZER_MODEL; default gpt-4o-mini].")
@click.option("--base-url", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL].")
@click.option(
    "--mode",
    type=click.Choice(["tools", "json_schema", "json", "json_object"]),
    help="How the schema is sent: tool calling, structured outputs (json_schema), plain JSON, or JSON "
    "with the schema in response_format for llama.cpp-style servers (json_object) [env SUMMARIZER_MODE].",
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
@_CHUNK_SIZE
@local_options
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
    chunk_chars: int | None,
    local: bool,
    gguf: Path | None,
) -> None:
    """Summarise one article FILE."""
    from summarizer.api import summarize as run
    from summarizer.engine.loading import load_article
    from summarizer.errors import ConfigurationError, InputError, SummarizerError
    from summarizer.local.cli import maybe_local, speed_line

    try:
        article = load_article(file)
    except InputError as exc:
        _fail(str(exc), EXIT_CONFIG)
        return
    try:
        with maybe_local(
            local=local,
            gguf=gguf,
            model=model,
            base_url=base_url,
            longest_chars=len(article.text),
            max_tokens=None,
            timeout=None,
            mode=mode,
        ) as endpoint:
            extra: dict[str, Any] = {}
            if endpoint is not None:
                model, base_url, mode = endpoint.model, endpoint.base_url, endpoint.mode
                extra = {
                    "max_tokens": endpoint.max_tokens,
                    "timeout": endpoint.timeout,
                    "attempt_deadline": endpoint.timeout,
                    "article_deadline": endpoint.timeout * (max_reasks + 1),
                }
            result = run(
                article,
                model=model,
                base_url=base_url,
                mode=mode,
                published=published or article.published,
                output_language=output_language,
                max_reasks=max_reasks,
                strict=strict,
                chunk_chars=chunk_chars,
                **extra,
            )
            if endpoint is not None and result.meta is not None:
                usage = result.meta.usage
                click.echo(
                    speed_line(usage.completion_tokens, result.meta.seconds, result.meta.attempts),
                    err=True,
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
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (created if missing).",
)
@click.option("--model", help="Model name [env SUMMARIZER_MODEL; default gpt-4o-mini].")
@click.option("--base-url", help="OpenAI-compatible endpoint [env OPENAI_BASE_URL].")
@click.option(
    "--mode",
    type=click.Choice(["tools", "json_schema", "json", "json_object"]),
    help="How the schema is sent.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    help="Requests in flight [default: 8; the local model's server slots when local].",
)
@click.option("--rpm", type=click.IntRange(1), help="Cap on requests per minute.")
@click.option(
    "--tpm", type=click.IntRange(1), help="Cap on tokens per minute (estimated before sending)."
)
@click.option("--force", is_flag=True, help="Redo articles that already have an up-to-date result.")
@click.option(
    "--max-bytes",
    default=200_000,
    show_default=True,
    type=click.IntRange(1),
    help="Larger inputs are recorded as errors (shorter long ones are read in chunks).",
)
@click.option("--language", "output_language", default="English", show_default=True)
@click.option("--max-reasks", default=2, show_default=True)
@click.option(
    "--strict", is_flag=True, help="Fail an article instead of rejecting its invalid items."
)
@click.option(
    "--max-tokens",
    type=click.IntRange(1),
    help="Cap on each answer's tokens (small local models ramble).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1),
    help="Seconds to wait for the next byte of an answer [default: 120; 1200 for the local model].",
)
@click.option(
    "--deadline",
    "attempt_deadline",
    type=click.FloatRange(1),
    help="Wall-clock seconds for one request, however slowly the server answers "
    "[default: 300; the timeout for the local model].",
)
@click.option(
    "--article-deadline",
    type=click.FloatRange(1),
    help="Wall-clock seconds for one article, re-asks and retries included "
    "[default: 900; the timeout times the asks for the local model].",
)
@click.option(
    "--follow-links",
    "follow_outside",
    is_flag=True,
    help="Also read files whose links lead out of INPUT_DIR (skipped by default).",
)
@_CHUNK_SIZE
@click.option("--quiet", is_flag=True, help="No progress bar or summary table.")
@click.option(
    "--report", "with_report", is_flag=True, help="Write OUT_DIR/report/ at the end of the run."
)
@local_options
def batch(
    input_dir: Path,
    out_dir: Path,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    concurrency: int | None,
    rpm: int | None,
    tpm: int | None,
    force: bool,
    max_bytes: int,
    output_language: str,
    max_reasks: int,
    strict: bool,
    max_tokens: int | None,
    timeout: float | None,
    attempt_deadline: float | None,
    article_deadline: float | None,
    follow_outside: bool,
    chunk_chars: int | None,
    quiet: bool,
    with_report: bool,
    local: bool,
    gguf: Path | None,
) -> None:
    """Summarise every .txt, .md and .html article under INPUT_DIR into OUT_DIR.

    Reruns skip articles already done with the same content, model, prompt and schema.
    Exit 0 when all succeeded, 1 when some failed, 2 for usage or configuration errors,
    130 when interrupted (rerun the same command to resume).
    """
    from summarizer.batch.command import run_batch_command
    from summarizer.errors import ConfigurationError
    from summarizer.local.cli import longest_input, maybe_local

    if not input_dir.is_dir():
        _fail(f"input folder {input_dir} does not exist or is not a folder", EXIT_CONFIG)
    try:
        with maybe_local(
            local=local,
            gguf=gguf,
            model=model,
            base_url=base_url,
            longest_chars=longest_input(input_dir, max_bytes),
            max_tokens=max_tokens,
            timeout=timeout,
            mode=mode,
        ) as endpoint:
            if endpoint is not None:
                model, base_url, mode = endpoint.model, endpoint.base_url, endpoint.mode
                max_tokens, timeout = endpoint.max_tokens, endpoint.timeout
                concurrency = concurrency or endpoint.concurrency
                # a local answer takes minutes: the deadlines follow the local timeout
                attempt_deadline = attempt_deadline or endpoint.timeout
                article_deadline = article_deadline or endpoint.timeout * (max_reasks + 1)
            code = run_batch_command(
                input_dir=input_dir,
                out_dir=out_dir,
                model=model,
                base_url=base_url,
                mode=mode,
                concurrency=concurrency or 8,
                rpm=rpm,
                tpm=tpm,
                force=force,
                max_bytes=max_bytes,
                output_language=output_language,
                max_reasks=max_reasks,
                strict=strict,
                quiet=quiet,
                max_tokens=max_tokens,
                timeout=timeout or 120.0,
                attempt_deadline=attempt_deadline or 300.0,
                article_deadline=article_deadline or 900.0,
                follow_outside=follow_outside,
                chunk_chars=chunk_chars,
            )
    except ConfigurationError as exc:
        _fail(str(exc), EXIT_CONFIG)
        return
    if with_report and code != EXIT_CONFIG:
        from summarizer.report import write_report

        index = write_report(out_dir)
        if not quiet:
            click.echo(f"report: {index}", err=True)
    sys.exit(code)


@main.command(name="eval")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of gold annotation files.",
)
@click.option(
    "--predictions",
    type=click.Path(file_okay=False, path_type=Path),
    help="A batch output folder to score.",
)
@click.option("--model", help="Run the extraction with this model first (into --out), then score.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where --model writes its batch output [default: eval-runs/<model>].",
)
@click.option("--base-url", help="OpenAI-compatible endpoint for --model [env OPENAI_BASE_URL].")
@click.option("--mode", type=click.Choice(["tools", "json_schema", "json", "json_object"]))
@click.option(
    "--compare",
    "compare_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Another output folder, shown side by side with the difference per metric.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the scores as JSON to this file ('-' for standard output).",
)
def eval_(
    gold_dir: Path,
    predictions: Path | None,
    model: str | None,
    out_dir: Path | None,
    base_url: str | None,
    mode: str | None,
    compare_dir: Path | None,
    json_path: Path | None,
) -> None:
    """Score batch outputs against gold annotations (precision, recall, F1 per category)."""
    from summarizer.errors import ConfigurationError
    from summarizer.evaluation.command import run_eval

    if (predictions is None) == (model is None):
        _fail("give exactly one of --predictions OUT_DIR or --model NAME", EXIT_CONFIG)
    try:
        sys.exit(
            run_eval(
                gold_dir=gold_dir,
                predictions=predictions,
                model=model,
                out_dir=out_dir,
                base_url=base_url,
                mode=mode,
                compare_dir=compare_dir,
                json_path=json_path,
            )
        )
    except ConfigurationError as exc:
        _fail(str(exc), EXIT_CONFIG)


@main.command()
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
    from summarizer.errors import ConfigurationError
    from summarizer.evaluation.report import revalidate_table
    from summarizer.schema_export import load_schema

    try:
        with OutputStore(out_dir).lock():
            changes = revalidate_folder(
                out_dir, load_schema("news"), input_dir=input_dir, strict=strict
            )
    except ConfigurationError as exc:
        _fail(str(exc), EXIT_CONFIG)
        return
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


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Write OUT_DIR/report/: each article with its extractions highlighted, and an index."""
    from summarizer.errors import ConfigurationError
    from summarizer.report import write_report

    try:
        index = write_report(out_dir)
    except ConfigurationError as exc:
        _fail(str(exc), EXIT_CONFIG)
        return
    click.echo(str(index))


@main.command()
@click.option(
    "--verify",
    is_flag=True,
    help="Assemble installed models that are not yet, and hash every file again.",
)
def models(verify: bool) -> None:
    """List the local models: size, whether installed, where the file is, whether verified."""
    from summarizer.local.cli import models_rows

    for row in models_rows(verify):
        click.echo("\t".join(row))


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
