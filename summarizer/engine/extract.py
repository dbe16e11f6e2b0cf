"""One article through the model: the sync and async drivers of the conversation.

`engine/request.py` lays out each request, `engine/conversation.py` decides what to ask and
judges each answer; :func:`run` and :func:`arun` send the requests over an openai client with
transport retries (`engine/transport.py`) around each, within the article's deadline and, with
a `meter`, its budget (`engine/budget.py`: checked before each request, settled after), and
turn whatever stops the article into a :class:`~summarizer.errors.SummarizerError` that keeps
what it had cost and answered.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from typing import Any

from summarizer.engine.budget import Hold, Meter
from summarizer.engine.conversation import Job, Trace, conversation, resume
from summarizer.engine.request import (
    Answer,
    estimate_tokens,
    read_completion,
    request_estimate,
    sender,
)
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import (
    DeadlineError,
    InternalError,
    SummarizerError,
    UnsupportedModeError,
)
from summarizer.fields.base import Extraction


def _name_the_mode(exc: UnsupportedModeError, job: Job) -> UnsupportedModeError:
    return UnsupportedModeError(f"mode {job.settings.mode!r}: {exc}")


def run(job: Job, client: Any, policy: TransportPolicy, meter: Meter | None = None) -> Extraction:
    """Drive the conversation over a synchronous openai client."""
    trace = Trace()
    try:
        return _run(job, client, policy, trace, meter)
    except UnsupportedModeError as exc:
        raise _name_the_mode(exc, job) from exc
    except SummarizerError as exc:
        raise _traced(exc, trace) from None
    except Exception as exc:
        raise _internal(exc, trace) from exc


async def arun(
    job: Job,
    client: Any,
    policy: TransportPolicy,
    meter: Meter | None = None,
    *,
    answered: Sequence[Answer] = (),
) -> Extraction:
    """Drive the conversation over an asynchronous openai client, within the article deadline.

    `answered`: answers the conversation already received elsewhere (a provider's batch); it
    continues from them, so a repair is the live conversation's next attempt.
    """
    trace = Trace()
    deadline = job.settings.article_deadline
    try:
        async with asyncio.timeout(deadline):
            return await _arun(job, client, policy, trace, meter, answered)
    except TimeoutError:
        raise _traced(_article_deadline(deadline), trace) from None
    except UnsupportedModeError as exc:
        raise _name_the_mode(exc, job) from exc
    except SummarizerError as exc:
        raise _traced(exc, trace) from None
    except Exception as exc:
        raise _internal(exc, trace) from exc


def _article_deadline(seconds: float | None) -> DeadlineError:
    return DeadlineError(f"the article took longer than its deadline of {seconds:g} s", attempts=0)


def _traced(exc: SummarizerError, trace: Trace) -> SummarizerError:
    """`exc` with what the article cost and answered before it (kept by ExtractionError too)."""
    if not exc.answers:
        exc.answers = list(trace.failures)
    if exc.spent is None:
        exc.spent = trace.usage
    return exc


def _internal(exc: Exception, trace: Trace) -> InternalError:
    error = InternalError(
        f"unexpected {type(exc).__name__}: {exc}",
        cause=type(exc).__name__,
        attempts=list(trace.failures),
        usage=trace.usage,
        raw_output=trace.last_raw,
    )
    return error


def _reserve(meter: Meter | None, kwargs: dict[str, Any]) -> Hold | None:
    return None if meter is None else meter.reserve(*request_estimate(kwargs))


def _settle(meter: Meter | None, hold: Hold | None, completion: Any) -> None:
    if meter is not None and hold is not None:
        answered = completion is not None
        meter.settle(hold, getattr(completion, "usage", None), answered=answered)


def _run(
    job: Job, client: Any, policy: TransportPolicy, trace: Trace, meter: Meter | None
) -> Extraction:
    chat = conversation(job, trace)
    kwargs = next(chat)
    ends = (
        None
        if job.settings.article_deadline is None
        else time.monotonic() + job.settings.article_deadline
    )
    while True:
        if ends is not None:
            remaining = ends - time.monotonic()
            if remaining <= 0:
                raise _article_deadline(job.settings.article_deadline)
            bound = remaining if policy.deadline is None else min(policy.deadline, remaining)
            this = dataclasses.replace(policy, deadline=bound)
        else:
            this = policy
        hold, completion = _reserve(meter, kwargs), None
        try:
            completion, tries = this.call(sender(client, kwargs))
        finally:
            _settle(meter, hold, completion)
        try:
            kwargs = chat.send(read_completion(completion, job.settings.mode, tries))
        except StopIteration as done:
            result: Extraction = done.value
            return result


async def _arun(
    job: Job,
    client: Any,
    policy: TransportPolicy,
    trace: Trace,
    meter: Meter | None,
    answered: Sequence[Answer],
) -> Extraction:
    resumed = resume(job, answered, trace)
    if isinstance(resumed, Extraction):
        return resumed
    chat, kwargs = resumed
    while True:
        hold, completion = _reserve(meter, kwargs), None
        try:
            completion, tries = await policy.acall(
                sender(client, kwargs),
                tokens=estimate_tokens(kwargs),
            )
        finally:
            _settle(meter, hold, completion)
        try:
            kwargs = chat.send(read_completion(completion, job.settings.mode, tries))
        except StopIteration as done:
            result: Extraction = done.value
            return result
