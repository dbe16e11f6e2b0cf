"""`summarizer batch`: options, the local model, signals, progress and exit code around a run.

The run itself is the library's (`summarizer.batch.execute.run_batch`); this module only turns
the terminal's world into a :class:`~summarizer.batch.runner.BatchConfig` and back.
"""

from __future__ import annotations

import asyncio
import importlib
import shlex
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from summarizer.cli.batch_api import execute_via, needs_key, via_options
from summarizer.cli.exits import Exit, fail
from summarizer.cli.local import local_options, longest_input, maybe_local
from summarizer.cli.options import given, schema_options, setting_options
from summarizer.config import BatchSettings, Settings

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.batch.execute import BatchOutcome
    from summarizer.batch.runner import BatchConfig


@click.command()
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (created if missing).",
)
@setting_options(batch=True)
@schema_options()
@click.option("--quiet", is_flag=True, help="No progress bar or summary table.")
@click.option(
    "--report", "with_report", is_flag=True, help="Write OUT_DIR/report/ at the end of the run."
)
@local_options
@via_options
def batch(
    input_dir: Path,
    out_dir: Path,
    quiet: bool,
    with_report: bool,
    local: bool,
    gguf: Path | None,
    schema_spec: str | None,
    prompts_dir: Path | None,
    via: str,
    repair: str,
    wait: bool,
    results: tuple[Path, ...],
    **values: Any,
) -> None:
    """Summarise every .txt, .md and .html article under INPUT_DIR into OUT_DIR.

    Reruns skip articles already done with the same content, model, prompt and schema.
    Exit 0 when all succeeded, 1 when some failed, 2 for usage or configuration errors,
    3 when a spending cap stopped the run, 130 when interrupted (rerun the same command to
    resume). With --via batch-api or requests-file, exit 0 also when the batch is submitted or
    the requests file written: the message says what to run next (docs/batch-api.md).
    """
    from summarizer.errors import ConfigurationError

    if not input_dir.is_dir():
        fail(f"input folder {input_dir} does not exist or is not a folder", Exit.CONFIG)
    if via != "live":
        code = _via(
            input_dir,
            out_dir,
            values,
            given(values, BatchSettings),
            via=via,
            repair=repair,
            wait=wait,
            results=results,
            quiet=quiet,
            local=local,
            with_report=with_report,
            schema=schema_spec,
            prompts=prompts_dir,
        )
        sys.exit(int(code))
    if wait or results:
        fail("--wait and --results go with --via batch-api or requests-file", Exit.CONFIG)
    from summarizer.engine.loading import discover

    # One walk, while the SDK and the engine load: its list sizes the progress bar and feeds
    # the run. Nothing else is imported until the warm-up ends: two threads importing one
    # package at once can see it half-initialised.
    warm = _warm_up()
    paths = list(discover(input_dir, exclude=[out_dir]))
    warm.join()
    run = given(values, BatchSettings)
    try:
        max_bytes = run.get("max_bytes", BatchSettings().max_bytes)
        with maybe_local(
            given(values, Settings),
            local=local,
            gguf=gguf,
            longest_chars=lambda: longest_input(paths, max_bytes),
        ) as chosen:
            config = batch_config(
                input_dir,
                out_dir,
                chosen,
                {**given(chosen, BatchSettings), **run},
                schema=schema_spec,
                prompts=prompts_dir,
            )
            code = execute(config, quiet=quiet, paths=paths)
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)
    if with_report and code != Exit.CONFIG:
        from summarizer.report import write_report

        index = write_report(out_dir)
        if not quiet:
            click.echo(f"report: {index}", err=True)
    sys.exit(int(code))


def _via(
    input_dir: Path,
    out_dir: Path,
    values: dict[str, Any],
    run: dict[str, Any],
    *,
    via: str,
    repair: str,
    wait: bool,
    results: tuple[Path, ...],
    quiet: bool,
    local: bool,
    with_report: bool,
    schema: str | None,
    prompts: Path | None,
) -> Exit:
    """The provider's batch path: no embedded model (it has no batch endpoint)."""
    from summarizer.errors import ConfigurationError

    if local:
        fail("--local runs the embedded model live: it has no batch endpoint", Exit.CONFIG)
    if results and via != "requests-file":
        fail("--results goes with --via requests-file", Exit.CONFIG)
    try:
        config = batch_config(
            input_dir,
            out_dir,
            given(values, Settings),
            run,
            need_key=needs_key(via, repair),
            schema=schema,
            prompts=prompts,
        )
        return execute_via(
            config,
            via=via,
            repair=repair,
            wait=wait,
            results=results,
            quiet=quiet,
            with_report=with_report,
        )
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)


def _warm_up() -> threading.Thread:
    """Import the SDK and the engine in a thread while this one walks the input: the walk of a
    large folder waits on the disk, and the run needs both before its first request."""
    thread = threading.Thread(
        target=importlib.import_module, args=("summarizer.batch.execute",), daemon=True
    )
    thread.start()
    return thread


def batch_config(
    input_dir: Path,
    out_dir: Path,
    settings: dict[str, Any],
    run: dict[str, Any],
    *,
    need_key: bool = True,
    schema: str | None = None,
    prompts: Path | None = None,
) -> BatchConfig:
    """The run's one options object from what the user gave (`schema`: a spec for
    `load_schema`, `prompts`: a folder; the news ones by default); configuration errors raise
    here, before any work."""
    from summarizer.batch.runner import BatchConfig
    from summarizer.config import resolve
    from summarizer.engine.prompting import PromptSet
    from summarizer.schema_export import load_schema

    options = given(settings, Settings)
    return BatchConfig(
        input_dir=input_dir,
        out_dir=out_dir,
        schema=load_schema(schema or "news"),
        prompts=PromptSet.load(prompts or "news"),
        settings=resolve(model=options.pop("model", None), need_key=need_key, **options),
        run=BatchSettings(**given(run, BatchSettings)),
    )


def execute(
    config: BatchConfig, *, quiet: bool, client: Any = None, paths: list[Path] | None = None
) -> Exit:
    """Run `config` (over `paths`, default its folder's walk) with a progress bar, Ctrl-C and
    SIGTERM handled; the exit code."""
    from rich.console import Console

    from summarizer.batch.execute import discover_inputs

    console = Console(stderr=True)
    paths = discover_inputs(config) if paths is None else paths
    outcome = asyncio.run(_run(config, paths, console, quiet=quiet, client=client))
    return _report(config, outcome, console, quiet=quiet)


async def _run(
    config: BatchConfig, paths: list[Path], console: Console, *, quiet: bool, client: Any
) -> BatchOutcome:
    from summarizer.batch.execute import Interrupt, run_batch
    from summarizer.cli.progress import BatchProgress

    interrupt = Interrupt()
    loop = asyncio.get_running_loop()
    with BatchProgress(len(paths), console, quiet=quiet) as progress:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, interrupt)
        try:
            return await run_batch(
                config, paths, client=client, on_event=progress.event, interrupt=interrupt
            )
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


def _report(config: BatchConfig, outcome: BatchOutcome, console: Console, *, quiet: bool) -> Exit:
    from summarizer.cli.progress import summary_table
    from summarizer.cli.terminal import plain

    tally = outcome.tally
    if outcome.manifest is None:
        exc = outcome.finish_error
        reason = (exc.strerror or exc) if exc is not None else "unknown"
        console.print(
            plain(
                f"summarizer: error: the per-article files are kept, but the aggregates and "
                f"run.json could not be written to {config.out_dir}: {reason}",
                "red",
            ),
            soft_wrap=True,
        )
        return Exit.FAILED
    if not quiet:
        console.print(summary_table(tally, outcome.manifest))
    if tally.fatal:
        console.print(plain(f"summarizer: error: {tally.fatal}", "red"), soft_wrap=True)
        return Exit.CONFIG if tally.fatal_kind == "configuration" else Exit.FAILED
    if tally.interrupted:
        again = shlex.join(["summarizer", *sys.argv[1:]]) if sys.argv[1:] else "the same command"
        console.print(
            plain(
                f"Interrupted: finished articles are saved in {config.out_dir}. "
                f"To resume, run {again}"
            ),
            soft_wrap=True,
        )
        return Exit.INTERRUPTED
    if tally.stopped_by is not None:
        console.print(
            plain(
                f"Stopped by the budget: {tally.stop_message} Finished articles are saved in "
                f"{config.out_dir}."
            ),
            soft_wrap=True,
        )
        return Exit.BUDGET
    return Exit.FAILED if tally.failed else Exit.OK
