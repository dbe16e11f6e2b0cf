"""The articles a batch round left over, through the live path (``repair="live"``): answers to
re-ask with their errors, and requests the provider failed.

A re-ask continues the article's own conversation from the answers the batch gave
(`extract.arun(answered=...)`), so it is the live path's next attempt within the same re-ask
limit; its cost is counted as live tokens, apart from what the batch had already spent. A long
article left over is read again live, in chunks (`longdoc.arun_article`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.limiter import SharedLimiter
from summarizer.batch.runner import BatchConfig, failure_record, result_record
from summarizer.batch.store import OutputStore
from summarizer.batchapi.cost import minus, plus
from summarizer.batchapi.entries import Entry, article_job
from summarizer.batchapi.state import Live
from summarizer.engine.extract import arun
from summarizer.engine.longdoc import arun_article
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import ConfigurationError, SummarizerError
from summarizer.fields.base import Extraction
from summarizer.records import Usage


@dataclass(slots=True)
class _Repair:
    config: BatchConfig
    client: Any
    policy: TransportPolicy
    store: OutputStore
    succeeded: int = 0
    failed: int = 0
    usage: Usage = field(default_factory=Usage)

    async def one(self, entry: Entry) -> None:
        found = await asyncio.to_thread(article_job, self.config, entry)
        if found is None:  # changed or vanished since: the next run sees it as new
            return
        article, job = found
        before = Usage()
        for stored in entry.answers:
            before.add(stored.answer().usage)
        try:
            if entry.long:
                result: Extraction = await arun_article(job, self.client, self.policy)
            else:
                answered = [stored.answer() for stored in entry.answers]
                result = await arun(job, self.client, self.policy, answered=answered)
        except ConfigurationError:
            raise
        except SummarizerError as exc:
            failure = failure_record(entry.path, exc, article, entry.key)
            await asyncio.to_thread(self.store.save_error, entry.path, failure)
            self.failed += 1
            self.usage = plus(self.usage, minus(exc.spent or Usage(), before))
            return
        assert result.meta is not None
        record = result_record(entry.path, entry.key, article, result)
        await asyncio.to_thread(self.store.save_result, entry.path, record)
        self.succeeded += 1
        self.usage = plus(self.usage, minus(result.meta.usage, before))


async def repair_live(
    config: BatchConfig, entries: Iterable[Entry], client: Any, *, concurrency: int = 8
) -> Live:
    """Finish `entries` over an async openai `client`, `concurrency` requests at a time."""
    settings = config.settings
    policy = TransportPolicy(
        attempts=settings.transport_attempts,
        gate=SharedLimiter(in_flight=concurrency),
        deadline=settings.attempt_deadline,
    )
    repair = _Repair(config, client, policy, OutputStore(config.out_dir))
    queue: asyncio.Queue[Entry | None] = asyncio.Queue(maxsize=concurrency * 2)

    fatal: list[ConfigurationError] = []

    async def worker() -> None:
        """Never dies of one entry: a dead worker would leave the queue full (a hang)."""
        while (entry := await queue.get()) is not None:
            if not fatal:
                try:
                    await repair.one(entry)
                except ConfigurationError as exc:  # every other article would fail the same way
                    fatal.append(exc)

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    try:
        for entry in entries:
            await queue.put(entry)
        for _ in workers:
            await queue.put(None)
        await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    if fatal:
        raise fatal[0]
    return Live(succeeded=repair.succeeded, failed=repair.failed, usage=repair.usage)
