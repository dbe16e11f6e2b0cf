"""One batch run from the first request to run.json: what the CLI, `eval`, benchmarks and tests call.

Nothing here knows about terminals, signals or exit codes (`summarizer.cli.batch` does); a
caller that wants to stop a run early hands in an :class:`Interrupt` and calls it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openai

from summarizer.batch.runner import BatchConfig, BatchRun, Event, Tally
from summarizer.batch.store import OutputStore
from summarizer.config import client_options
from summarizer.engine.loading import discover


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What a run did, and its run.json (None when the aggregates could not be written)."""

    tally: Tally
    manifest: dict[str, Any] | None
    #: Why the aggregates and run.json are missing; the per-article files are kept.
    finish_error: OSError | None = None


class Interrupt:
    """Stops a run from outside (a signal handler): no new article, in-flight ones cancelled."""

    def __init__(self) -> None:
        self.requested = False
        self._run: BatchRun | None = None
        self._task: asyncio.Future[Tally] | None = None

    def __call__(self) -> None:
        self.requested = True
        if self._run is not None:
            self._run.stop()
        if self._task is not None:
            self._task.cancel()


def discover_inputs(config: BatchConfig) -> list[Path]:
    """The run's inputs in one walk: the list sizes a progress bar (a path is ~100 bytes)."""
    return list(discover(config.input_dir, exclude=[config.out_dir]))


async def run_batch(
    config: BatchConfig,
    paths: list[Path] | None = None,
    *,
    client: Any = None,
    on_event: Event | None = None,
    interrupt: Interrupt | None = None,
) -> BatchOutcome:
    """Run the batch over `paths` (default: the input folder's walk) and write run.json,
    holding the output folder's lock (another run on it is refused: `OutputBusyError`).

    A given openai client is used with its own retries off; without one, an aiohttp-backed
    client is made and closed: its connection pool stays cheap with many requests in flight,
    where httpx's default pool re-checks every connection on every request.
    """
    with OutputStore(config.out_dir).lock():
        return await _locked(config, paths, client, on_event, interrupt)


async def _locked(
    config: BatchConfig,
    paths: list[Path] | None,
    client: Any,
    on_event: Event | None,
    interrupt: Interrupt | None,
) -> BatchOutcome:
    started, started_at = time.perf_counter(), datetime.now(UTC)
    own = client is None
    if own:
        client = openai.AsyncOpenAI(
            **client_options(config.settings), http_client=openai.DefaultAioHttpClient()
        )
    else:
        client = client.with_options(max_retries=0)
    batch = BatchRun(config, client, on_event=on_event)
    task = asyncio.ensure_future(batch.run(discover_inputs(config) if paths is None else paths))
    if interrupt is not None:
        interrupt._run, interrupt._task = batch, task
        if interrupt.requested:  # a signal that came before the run existed
            interrupt()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # the caller itself was cancelled, not this run interrupted
        batch.tally.interrupted = True
    finally:
        if own:
            await client.close()
    try:
        manifest = batch.finish(started, started_at)
    except OSError as exc:
        return BatchOutcome(batch.tally, None, exc)
    return BatchOutcome(batch.tally, manifest)
