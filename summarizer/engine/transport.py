"""Transport retries: 429, 5xx, timeouts and dropped connections, never shown to the model.

The openai SDK's own retries are switched off (clients are used with `max_retries=0`) so that
its retries and these never multiply. Waits honour `Retry-After` and otherwise back off
exponentially with jitter.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from summarizer.errors import (
    ConfigurationError,
    DeadlineError,
    TransportError,
    UnsupportedModeError,
)

T = TypeVar("T")

#: Longest wait a `Retry-After` may impose before we give up waiting politely.
MAX_RETRY_AFTER = 120.0
_TRANSIENT_STATUS = frozenset({408, 409, 425, 429})


_FORMAT_WORDS = (
    "response_format",
    "tool_choice",
    "tools",
    "json_schema",
    "json_object",
    "function",
)


def rejects_format(exc: BaseException) -> bool:
    """The server refused the structured-output parameters themselves, not the load.

    llama.cpp answers an unsupported `response_format` with HTTP 500, so the status alone does
    not tell a broken server from an unsupported mode; the error text names the parameter.
    """
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 422, 500, 501):
        return False
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in _FORMAT_WORDS)


class AttemptDeadlineError(Exception):
    """One request ran past its wall-clock deadline (the read timeout restarts with every byte)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within the deadline of {seconds:g} s")
        self.seconds = seconds


class UnreadableResponseError(Exception):
    """The SDK could not read the response: an HTTP 200 whose body is empty, HTML or garbled.

    Gateways and proxies answer so when the model server behind them fails; worth retrying.
    """


def is_transient(exc: BaseException) -> bool:
    """Worth trying again unchanged: the server was busy, failing or unreachable."""
    if isinstance(exc, openai.APIConnectionError | AttemptDeadlineError | UnreadableResponseError):
        return True
    if rejects_format(exc):
        return False
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
    return False


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait, from `retry-after-ms` or `retry-after`."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return min(float(ms) / 1000, MAX_RETRY_AFTER)
        if (value := headers.get("retry-after")) is None:
            return None
        try:
            return min(max(float(value), 0.0), MAX_RETRY_AFTER)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)
    except (TypeError, ValueError, OverflowError):
        return None


class Gate(Protocol):
    """A limiter shared by concurrent requests (see :mod:`summarizer.batch.limiter`)."""

    def slot(self, tokens: int = 0) -> AbstractAsyncContextManager[None]: ...

    def pause(self, seconds: float) -> None: ...


@dataclass(frozen=True, slots=True)
class TransportPolicy:
    """How many times to send one request and how long to wait between tries.

    With a `gate`, every try first waits at the gate, and a server's `Retry-After` (or a 429)
    pauses the gate, so one rate-limited request slows every concurrent one.
    """

    attempts: int = 4
    backoff: Any = field(default_factory=lambda: wait_random_exponential(multiplier=0.5, max=20))
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    gate: Gate | None = None
    #: Wall-clock seconds one try may take, None for no limit.
    deadline: float | None = None

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc)
        delay = asked if asked is not None else float(self.backoff(state))
        if self.gate is not None and (
            asked is not None or getattr(exc, "status_code", None) == 429
        ):
            self.gate.pause(delay)
        return delay

    def _options(self) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(self.attempts),
            "wait": self._wait,
            "retry": retry_if_exception(is_transient),
            "reraise": True,
        }

    def call(self, send: Callable[[], T]) -> tuple[T, int]:
        """`send()` with retries; returns its result and how many tries it took."""
        tries = 0
        try:
            for attempt in Retrying(sleep=self.sleep, **self._options()):
                tries = attempt.retry_state.attempt_number
                with attempt:
                    return _within(send, self.deadline), tries
        except (openai.APIError, AttemptDeadlineError, UnreadableResponseError) as exc:
            # from None: the SDK's error may quote what the server echoed, secrets included
            raise _translate(exc, tries) from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def acall(self, send: Callable[[], Awaitable[T]], *, tokens: int = 0) -> tuple[T, int]:
        """`await send()` with retries, each try first passing the gate (if any)."""
        tries = 0
        try:
            async for attempt in AsyncRetrying(sleep=self.async_sleep, **self._options()):
                tries = attempt.retry_state.attempt_number
                with attempt:
                    if self.gate is None:
                        return await _awithin(send, self.deadline), tries
                    async with self.gate.slot(tokens):
                        return await _awithin(send, self.deadline), tries
        except (openai.APIError, AttemptDeadlineError, UnreadableResponseError) as exc:
            raise _translate(exc, tries) from None
        raise AssertionError("unreachable: tenacity either returns or raises")


async def _awithin(send: Callable[[], Awaitable[T]], deadline: float | None) -> T:
    try:
        async with asyncio.timeout(deadline):
            return await send()
    except TimeoutError:
        assert deadline is not None
        raise AttemptDeadlineError(deadline) from None
    except openai.APIError:
        raise
    except Exception as exc:
        raise UnreadableResponseError(_unreadable(exc)) from None


def _within(send: Callable[[], T], deadline: float | None) -> T:
    """`send()` on a daemon thread, given up after `deadline` seconds.

    A synchronous read cannot be interrupted; the abandoned thread ends with its socket's read
    timeout, and being a daemon it never holds the process open.
    """
    if deadline is None:
        return _read(send)
    box: list[Any] = []
    done = threading.Event()

    def target() -> None:
        try:
            box.append((True, _read(send)))
        except BaseException as exc:
            box.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=target, name="summarizer-request", daemon=True).start()
    if not done.wait(deadline):
        raise AttemptDeadlineError(deadline)
    ok, value = box[0]
    if ok:
        return cast(T, value)
    raise value


def _read(send: Callable[[], T]) -> T:
    try:
        return send()
    except openai.APIError:
        raise
    except Exception as exc:
        raise UnreadableResponseError(_unreadable(exc)) from None


def _unreadable(exc: Exception) -> str:
    return f"the endpoint's response could not be read ({type(exc).__name__}: {exc})"


def _translate(exc: Exception, attempts: int) -> Exception:
    """An SDK error as one of ours, with a message that says what to do."""
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(exc, AttemptDeadlineError):
        return DeadlineError(f"{exc} {tries}", attempts=attempts)
    if isinstance(exc, UnreadableResponseError):
        return TransportError(f"{exc} {tries}", attempts=attempts)
    status = getattr(exc, "status_code", None)
    detail = getattr(exc, "message", None) or str(exc)
    if rejects_format(exc):
        return UnsupportedModeError(
            f"the server rejected the structured-output parameters (HTTP {status}: {detail}); "
            "it does not support this mode: choose another with --mode (tools, json_schema, json, json_object)"
        )
    if status in (401, 403):
        return ConfigurationError(
            f"the server refused the credentials (HTTP {status}): check OPENAI_API_KEY and "
            f"OPENAI_BASE_URL ({detail})"
        )
    if status == 404:
        return ConfigurationError(
            f"the model or endpoint was not found (HTTP 404): check the model name and base URL ({detail})"
        )
    what = f"HTTP {status}" if status is not None else type(exc).__name__
    return TransportError(
        f"the model endpoint failed {tries}: {what}: {detail}",
        attempts=attempts,
        status_code=status,
    )
