"""The shared limiter: one rate-limited request holds back every concurrent one."""

from __future__ import annotations

import asyncio

import httpx
import openai
import pytest

from summarizer.batch.limiter import SharedLimiter
from summarizer.engine.transport import TransportPolicy, retry_after


def _status_error(status: int, headers: dict[str, str]) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    response = httpx.Response(status, headers=headers, request=request)
    cls = openai.RateLimitError if status == 429 else openai.InternalServerError
    return cls("scripted", response=response, body=None)


@pytest.mark.anyio
async def test_pause_holds_back_other_requests() -> None:
    limiter = SharedLimiter(in_flight=4)
    limiter.pause(30)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(limiter.wait(), timeout=0.05)
    assert limiter.pauses == 1


@pytest.mark.anyio
async def test_a_429_in_one_task_pauses_the_gate_for_all() -> None:
    limiter = SharedLimiter(in_flight=4)
    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    policy = TransportPolicy(attempts=2, gate=limiter, async_sleep=no_sleep)
    calls = 0

    async def send() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise _status_error(429, {"retry-after": "30"})
        return "ok"

    task = asyncio.create_task(policy.acall(send))
    with pytest.raises(TimeoutError):  # the retry itself waits at the paused gate
        await asyncio.wait_for(asyncio.shield(task), timeout=0.1)
    assert waits == [30.0]
    with pytest.raises(TimeoutError):  # and so does any other task's request
        await asyncio.wait_for(limiter.wait(), timeout=0.05)
    task.cancel()


@pytest.mark.anyio
async def test_in_flight_slots_bound_concurrent_requests() -> None:
    limiter = SharedLimiter(in_flight=2)
    active = peak = 0

    async def request() -> None:
        nonlocal active, peak
        async with limiter.slot():
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0)
            active -= 1

    await asyncio.gather(*(request() for _ in range(10)))
    assert peak == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"retry-after": "2"}, 2.0, id="seconds"),
        pytest.param({"retry-after-ms": "1500"}, 1.5, id="milliseconds"),
        pytest.param({"retry-after": "9999"}, 120.0, id="capped"),
        pytest.param({"retry-after": "soon"}, None, id="unparseable"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_retry_after_header(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after(_status_error(429, headers)) == expected
