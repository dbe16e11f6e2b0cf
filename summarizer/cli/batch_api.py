"""`summarizer batch --via batch-api|requests-file` and `summarizer batch-status`: the terminal
around the provider's batch path (`summarizer.batchapi.flow.advance`).

Each run takes the folder as far as it goes now and says what is next: run the requests file
elsewhere, rerun to collect the batch (or `--wait`), or the run's summary once it is done.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from summarizer.cli.exits import Exit, fail

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.batch.runner import BatchConfig
    from summarizer.batchapi.flow import Progress

F = TypeVar("F", bound=Callable[..., Any])


def via_options(command: F) -> F:
    """`--via`, `--repair`, `--wait` and `--results` of `summarizer batch`."""
    for option in reversed(
        [
            click.option(
                "--via",
                type=click.Choice(["live", "batch-api", "requests-file"]),
                default="live",
                show_default=True,
                help="live: ask the endpoint now; batch-api: the provider's Batch API (half the "
                "price, answers within 24 h; rerun to collect); requests-file: write the "
                "requests for vllm run-batch and read its results back with --results.",
            ),
            click.option(
                "--repair",
                type=click.Choice(["batch", "live"]),
                default="batch",
                show_default=True,
                help="Re-ask answers that fail validation (and retry failed requests) as a "
                "second batch, or at once over the live API.",
            ),
            click.option(
                "--wait", is_flag=True, help="Poll the batch, with backoff, until it ends."
            ),
            click.option(
                "--results",
                multiple=True,
                type=click.Path(dir_okay=False, exists=True, path_type=Path),
                help="requests-file: the results JSONL made elsewhere (vllm run-batch -o FILE).",
            ),
        ]
    ):
        command = option(command)
    return command


def needs_key(via: str, repair: str) -> bool:
    """A requests file is written and read without an endpoint, unless repairs go live."""
    return via != "requests-file" or repair == "live"


def execute_via(
    config: BatchConfig,
    *,
    via: str,
    repair: str,
    wait: bool,
    results: Sequence[Path],
    quiet: bool,
    with_report: bool = False,
) -> Exit:
    """One step of the batch path for `config`, and what to do next; the exit code. The report
    (`with_report`) is written once the folder is done."""
    from rich.console import Console

    from summarizer.batchapi.client import live_opener, openai_batches
    from summarizer.batchapi.flow import Flow, advance
    from summarizer.batchapi.waiting import WaitBar
    from summarizer.cli.terminal import plain
    from summarizer.errors import BatchAPIError, TransportError

    settings = config.settings
    batches = openai_batches(settings) if via == "batch-api" else None
    flow = Flow(
        config,
        via="batch-api" if via == "batch-api" else "requests-file",
        repair="live" if repair == "live" else "batch",
        batches=batches,
        open_live=live_opener(settings) if settings.api_key is not None else None,
    )
    console = Console(stderr=True)
    again = shlex.join(["summarizer", *sys.argv[1:]]) if sys.argv[1:] else "the same command"
    try:
        with WaitBar(console, quiet=quiet or not wait) as bar:
            progress = advance(flow, results=list(results), wait_batch=wait, on_update=bar.update)
    except (BatchAPIError, TransportError) as exc:  # the provider's batch, or its endpoints
        console.print(plain(f"summarizer: error: {exc}", "red"), soft_wrap=True)
        return Exit.FAILED
    except KeyboardInterrupt:
        console.print(
            plain(f"Interrupted: the batch's state is saved in {config.out_dir}; run {again}"),
            soft_wrap=True,
        )
        return Exit.INTERRUPTED
    finally:
        if batches is not None:
            batches.close()
    code = _next(progress, console, again, quiet=quiet)
    if with_report and progress.step == "done":
        from summarizer.report import write_report

        index = write_report(config.out_dir)
        if not quiet:
            click.echo(f"report: {index}", err=True)
    return code


def _next(progress: Progress, console: Console, again: str, *, quiet: bool) -> Exit:
    from summarizer.cli.terminal import plain

    def say(text: str) -> None:
        console.print(plain(text), soft_wrap=True)

    info = progress.batch
    if progress.step == "written":
        requests = progress.state.current.requests
        say(
            f"{requests} requests written to {progress.requests_file}. Run them where the model "
            f"is, e.g. `vllm run-batch -i {progress.requests_file} -o results.jsonl --model M`, "
            f"then: {again} --results results.jsonl"
        )
        return Exit.OK
    if progress.step == "waiting":
        assert info is not None
        say(
            f"batch {info.id}: {info.status} ({info.completed}/{info.total} answered). "
            f"Rerun {again} to collect it, or add --wait"
        )
        return Exit.OK
    if progress.step == "cancelled":
        ids = ", ".join(progress.state.cancelled)
        say(f"batch {ids} was cancelled: its answers are saved; run {again} to send the rest")
        return Exit.FAILED
    manifest = progress.manifest or {}
    counts = manifest.get("this_run", {})
    if not quiet:
        batch, live = manifest["paths"]["batch"], manifest["paths"]["live"]
        cost = manifest.get("estimated_cost_usd")
        say(
            f"done: {counts.get('succeeded', 0)} succeeded, {counts.get('failed', 0)} failed, "
            f"{counts.get('skipped', 0)} skipped; tokens batch {batch['total']}, live "
            f"{live['total']}" + (f"; estimated ${cost:.4f}" if cost is not None else "")
        )
    return Exit.FAILED if counts.get("failed") else Exit.OK


@click.command(name="batch-status")
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--offline", is_flag=True, help="Only read the folder: do not ask the provider.")
def batch_status(out_dir: Path, offline: bool) -> None:
    """Report the progress of OUT_DIR's batch (`summarizer batch --via batch-api`)."""
    from summarizer.batchapi.client import openai_batches
    from summarizer.batchapi.state import load_state
    from summarizer.batchapi.status import status
    from summarizer.config import resolve
    from summarizer.errors import BatchAPIError, ConfigurationError, TransportError

    try:
        state = load_state(out_dir)
        ask = not offline and state is not None and state.via == "batch-api" and not state.done
        if ask:
            with openai_batches(resolve()) as batches:
                report = status(out_dir, batches)
        else:
            report = status(out_dir)
    except ConfigurationError as exc:
        fail(f"{exc} (or pass --offline to read the folder only)", Exit.CONFIG)
    except (BatchAPIError, TransportError) as exc:
        fail(str(exc), Exit.FAILED)
    click.echo("\n".join(report.lines()))
