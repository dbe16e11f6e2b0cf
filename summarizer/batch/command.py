"""`summarizer batch`: settings, client, signals, progress, exit code around a BatchRun."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openai
import openai.resources.chat  # the SDK imports this on first use, mid-run; a batch pays it at start
from rich.console import Console

from summarizer.batch.progress import BatchProgress, summary_table
from summarizer.batch.runner import BatchConfig, BatchRun
from summarizer.batch.store import OutputStore
from summarizer.config import client_options, resolve
from summarizer.engine.loading import discover
from summarizer.engine.prompting import PromptSet
from summarizer.errors import ConfigurationError
from summarizer.schema_export import load_schema
from summarizer.terminal import plain

EXIT_OK, EXIT_SOME_FAILED, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 2, 130


def run_batch_command(
    *,
    input_dir: Path,
    out_dir: Path,
    model: str | None,
    base_url: str | None,
    mode: str | None,
    concurrency: int,
    rpm: int | None,
    tpm: int | None,
    force: bool,
    max_bytes: int,
    output_language: str,
    max_reasks: int,
    strict: bool,
    quiet: bool,
    client: Any = None,
    max_tokens: int | None = None,
    timeout: float = 120.0,
    attempt_deadline: float | None = 300.0,
    article_deadline: float | None = 900.0,
    follow_outside: bool = False,
    chunk_chars: int | None = None,
) -> int:
    """Run the batch and return the exit code; configuration problems raise before any work."""
    if os.path.realpath(input_dir) == os.path.realpath(out_dir):
        raise ConfigurationError("--out must not be the input folder itself: choose another folder")
    settings = resolve(
        model=model,
        base_url=base_url,
        mode=mode,
        need_key=client is None,
        output_language=output_language,
        max_reasks=max_reasks,
        strict=strict,
        max_tokens=max_tokens,
        timeout=timeout,
        attempt_deadline=attempt_deadline,
        article_deadline=article_deadline,
        chunk_chars=chunk_chars,
    )
    config = BatchConfig(
        input_dir=input_dir,
        out_dir=out_dir,
        schema=load_schema("news"),
        prompts=PromptSet.load("news"),
        settings=settings,
        concurrency=concurrency,
        rpm=rpm,
        tpm=tpm,
        force=force,
        max_bytes=max_bytes,
        follow_outside=follow_outside,
    )
    console = Console(stderr=True)
    store = OutputStore(out_dir)
    with store.lock():
        # One walk: its list sizes the progress bar and feeds the run (a path is ~100 bytes).
        paths = list(discover(input_dir, exclude=[out_dir]))
        return asyncio.run(_run(config, client, console, paths, quiet))


async def _run(
    config: BatchConfig, client: Any, console: Console, paths: list[Path], quiet: bool
) -> int:
    started, started_at = time.perf_counter(), datetime.now(UTC)
    settings = config.settings
    own = client is None
    if own:
        # aiohttp's connection pool stays cheap with many requests in flight; httpx's default
        # pool re-checks every connection on every request, which a concurrent batch pays for.
        client = openai.AsyncOpenAI(
            **client_options(settings), http_client=openai.DefaultAioHttpClient()
        )
    else:
        client = client.with_options(max_retries=0)
    with BatchProgress(len(paths), console, quiet=quiet) as progress:
        batch = BatchRun(config, client, on_event=progress.event)
        main = asyncio.current_task()
        loop = asyncio.get_running_loop()

        def interrupt() -> None:
            batch.stop()
            if main is not None:
                main.cancel()

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, interrupt)
        try:
            await batch.run(paths)
        except asyncio.CancelledError:
            batch.tally.interrupted = True
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            if own:
                await client.close()
    tally = batch.tally
    try:
        manifest = batch.finish(started, started_at)
    except OSError as exc:
        console.print(
            plain(
                f"summarizer: error: the per-article files are kept, but the aggregates and "
                f"run.json could not be written to {config.out_dir}: {exc.strerror or exc}",
                "red",
            ),
            soft_wrap=True,
        )
        return EXIT_SOME_FAILED
    if not quiet:
        console.print(summary_table(tally, manifest))
    if tally.fatal:
        console.print(plain(f"summarizer: error: {tally.fatal}", "red"), soft_wrap=True)
        return EXIT_CONFIG if tally.fatal_kind == "configuration" else EXIT_SOME_FAILED
    if tally.interrupted:
        again = shlex.join(["summarizer", *sys.argv[1:]]) if sys.argv[1:] else "the same command"
        console.print(
            plain(
                f"Interrupted: finished articles are saved in {config.out_dir}. "
                f"To resume, run {again}"
            ),
            soft_wrap=True,
        )
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if tally.failed else EXIT_OK
