"""One rate limiter shared by every task of a run.

A 429 pauses the whole run for the time the server asked (`Retry-After`), not just the task
that received it; optional requests-per-minute and tokens-per-minute caps keep a run under a
provider's limits before it hits them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from aiolimiter import AsyncLimiter


class SharedLimiter:
    """Every request waits here first: for a pause after a 429, then for the rpm/tpm budget."""

    def __init__(
        self, *, rpm: int | None = None, tpm: int | None = None, in_flight: int | None = None
    ) -> None:
        self._resume_at = 0.0
        self._slots = asyncio.Semaphore(in_flight) if in_flight else None
        self._rpm = AsyncLimiter(rpm, 60) if rpm else None
        self._tpm = AsyncLimiter(tpm, 60) if tpm else None
        self._tpm_max = tpm or 0
        self.pauses = 0
        #: Requests sent through the gate, whatever became of them (errors and time-outs too).
        self.sent = 0

    def pause(self, seconds: float) -> None:
        """Hold every request for `seconds` from now (extending, never shortening, a pause)."""
        until = time.monotonic() + max(seconds, 0.0)
        if until > self._resume_at:
            self._resume_at = until
            self.pauses += 1

    async def wait(self, tokens: int = 0) -> None:
        while (delay := self._resume_at - time.monotonic()) > 0:
            await asyncio.sleep(delay)
        if self._rpm is not None:
            await self._rpm.acquire()
        if self._tpm is not None and tokens:
            await self._tpm.acquire(min(tokens, self._tpm_max))

    @contextlib.asynccontextmanager
    async def slot(self, tokens: int = 0) -> AsyncIterator[None]:
        """Hold one of the `in_flight` request slots while a request is on the wire.

        Only the request holds a slot: validation and writing happen outside it, so the CPU
        work of one article overlaps with the requests of others.
        """
        if self._slots is None:
            await self.wait(tokens)
            self.sent += 1
            yield
            return
        async with self._slots:
            await self.wait(tokens)
            self.sent += 1
            yield
