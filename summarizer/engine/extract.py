"""One article through the model: request, validate, re-ask with the errors, give up cleanly.

The conversation is written once, as a generator that yields request arguments and receives
completions; :func:`run` and :func:`arun` drive it over a sync or async openai client with
transport retries around each request. Output retries (re-asks) live here and only here.

A re-ask sends the original messages plus the last answer and its errors, never the whole
history: attempt k costs what attempt 2 costs. The caller's objects are never mutated.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import functools
import json
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from instructor import Mode
from instructor.v2.core.response import handle_response_model

from summarizer.config import Settings
from summarizer.engine.prompting import PromptSet
from summarizer.engine.transport import TransportPolicy
from summarizer.engine.validation import CUT_OFF, salvage, validate
from summarizer.errors import (
    AttemptRecord,
    ConfigurationError,
    DeadlineError,
    ExtractionError,
    InternalError,
    SummarizerError,
    UnsupportedModeError,
)
from summarizer.fields.base import Extraction
from summarizer.fields.context import validation_context
from summarizer.records import AttemptInfo, Code, Issue, RunMeta, Usage, lines

#: tools: tool calling; json_schema: structured outputs (`response_format` json_schema);
#: json: the schema in the system prompt and `response_format` json_object; json_object: the
#: same plus the schema inside `response_format`, which llama.cpp-style servers enforce with a
#: grammar (they accept json_object but not json_schema).
INSTRUCTOR_MODES = {
    "tools": Mode.TOOLS,
    "json_schema": Mode.JSON_SCHEMA,
    "json": Mode.JSON,
    "json_object": Mode.JSON,
}


#: Longest answer read, sent back in a re-ask or stored. A complete answer for a 200 kB article
#: is a few tens of kB; a looping model's megabytes are cut here, not paid for again.
MAX_ANSWER_CHARS = 262_144


@dataclass(slots=True)
class Trace:
    """What one article's conversation has cost and answered so far, for a failure record."""

    usage: Usage = field(default_factory=Usage)
    log: list[AttemptInfo] = field(default_factory=list)
    failures: list[AttemptRecord] = field(default_factory=list)
    last_raw: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """Everything one extraction needs besides the client."""

    article: str
    schema: type[Extraction]
    prompts: PromptSet
    settings: Settings
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """What the conversation needs from one completion."""

    raw: str | None
    finish_reason: str | None
    tool_call_id: str | None
    tool_name: str | None
    usage: Any
    model: str | None
    transport_tries: int


def read_completion(completion: Any, mode: str, tries: int) -> Answer:
    """The raw structured output of a chat completion, wherever the mode puts it."""
    choices = getattr(completion, "choices", None) or []
    message = choices[0].message if choices else None
    finish = choices[0].finish_reason if choices else None
    raw: str | None = getattr(message, "content", None)
    call_id = name = None
    if mode == "tools" and message is not None and message.tool_calls:
        call = message.tool_calls[0]
        raw, call_id, name = call.function.arguments, call.id, call.function.name
    return Answer(
        raw,
        finish,
        call_id,
        name,
        getattr(completion, "usage", None),
        getattr(completion, "model", None),
        tries,
    )


def _schema_name(schema: type[Extraction]) -> str:
    return schema.__name__


_PLACEHOLDER = "\x00summarizer-user-message\x00"


@functools.lru_cache(maxsize=64)
def _request_template(
    schema: type[Extraction], mode: str, system: str, options: str
) -> dict[str, Any]:
    """instructor's request for this schema and mode, built once: it costs ~10 ms per call."""
    messages = [{"role": "system", "content": system}, {"role": "user", "content": _PLACEHOLDER}]
    return _build(schema, mode, messages, json.loads(options))


def _build(
    schema: type[Extraction], mode: str, messages: list[dict[str, Any]], request: dict[str, Any]
) -> dict[str, Any]:
    _, kwargs = handle_response_model(
        schema, mode=INSTRUCTOR_MODES[mode], messages=messages, **request
    )
    if mode == "json_object":
        kwargs["response_format"] = {"type": "json_object", "schema": schema.model_json_schema()}
    return dict(kwargs)


def _fresh(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A copy whose messages the receiver may change without touching ours (the schema is shared, read-only)."""
    return {**kwargs, "messages": [copy.copy(m) for m in kwargs["messages"]]}


def request_kwargs(
    schema: type[Extraction], mode: str, messages: list[dict[str, Any]], request: dict[str, Any]
) -> dict[str, Any]:
    """The first request: the cached template with this article's user message put in."""
    system, user = messages
    template = _request_template(
        schema, mode, system["content"], json.dumps(request, sort_keys=True)
    )
    kwargs = _fresh(template)
    slots = [m for m in kwargs["messages"] if m.get("content") == _PLACEHOLDER]
    if len(slots) != 1:  # instructor changed how it lays out messages: build this one directly
        return _build(schema, mode, messages, request)
    slots[0]["content"] = user["content"]
    return kwargs


def _capped(raw: str | None) -> str | None:
    if raw is None or len(raw) <= MAX_ANSWER_CHARS:
        return raw
    return raw[:MAX_ANSWER_CHARS] + f"\u2026[{len(raw) - MAX_ANSWER_CHARS} more characters cut]"


def _checked(job: Job, answer: Answer, context: dict[str, Any]) -> tuple[Any, list[Issue]]:
    """Validate one answer; whatever goes wrong reading it is that answer's error, never a crash."""
    if answer.raw is not None and len(answer.raw) > MAX_ANSWER_CHARS:
        return None, [
            Issue(
                code=Code.ANSWER_TOO_LARGE,
                message=f"the answer is {len(answer.raw)} characters long, over the limit of "
                f"{MAX_ANSWER_CHARS}: answer with the schema's fields only, each item once",
            )
        ]
    expected = _schema_name(job.schema)
    if answer.tool_name is not None and answer.tool_name != expected:
        return None, [
            Issue(
                code=Code.WRONG_FUNCTION,
                message=f"the answer called the function {answer.tool_name!r}; call {expected!r}",
            )
        ]
    try:
        outcome = validate(job.schema, answer.raw, context)
    except RecursionError:
        message = "the answer nests too deeply to be read: answer with the schema's fields"
        return None, [Issue(code=Code.TOO_DEEP, message=message)]
    except Exception as exc:  # a validator's bug must not cost the article
        message = f"the answer could not be checked ({type(exc).__name__}: {exc})"
        return None, [Issue(code=Code.CHECK_FAILED, message=message)]
    return outcome.value, outcome.issues


def conversation(
    job: Job, trace: Trace | None = None
) -> Generator[dict[str, Any], Answer, Extraction]:
    """Yield request kwargs, receive answers, return the validated result or raise.

    `trace`, when given, is kept up to date so that a driver can record what a failed
    article cost, whatever stopped it.
    """
    trace = trace if trace is not None else Trace()
    settings = job.settings
    if not (isinstance(job.schema, type) and issubclass(job.schema, Extraction)):
        raise ConfigurationError("the schema must subclass summarizer.fields.Extraction")
    request: dict[str, Any] = {"model": settings.model}
    if settings.temperature is not None:
        request["temperature"] = settings.temperature
    if settings.max_tokens is not None:
        request["max_tokens"] = settings.max_tokens
    messages = job.prompts.messages(
        job.article, published=job.published, output_language=settings.output_language
    )
    base = request_kwargs(job.schema, settings.mode, messages, request)
    context = validation_context(job.article, job.published, settings.output_language)

    usage, log, failures = trace.usage, trace.log, trace.failures
    started = time.perf_counter()
    kwargs = base
    answer: Answer | None = None
    for number in range(1, settings.max_reasks + 2):
        sent = time.perf_counter()
        answer = yield _fresh(kwargs)
        usage.add(answer.usage)
        trace.last_raw = _capped(answer.raw)
        value, issues = _checked(job, answer, context)
        oversized = answer.raw is not None and len(answer.raw) > MAX_ANSWER_CHARS
        truncated = value is None and (
            oversized
            or answer.finish_reason == "length"
            or any(i.code == Code.TRUNCATED for i in issues)
        )
        if truncated and answer.finish_reason == "length":
            limit = f"{CUT_OFF} at the output token limit (finish_reason=length)"
            issues = [Issue(code=Code.TRUNCATED, message=limit), *issues]
        log.append(
            AttemptInfo(
                number=number,
                issues=issues,
                finish_reason=answer.finish_reason,
                transport_tries=answer.transport_tries,
                seconds=round(time.perf_counter() - sent, 4),
            )
        )
        if value is not None:
            return _finish(value, job, usage, log, started, answer)
        failures.append(AttemptRecord(number, tuple(issues), trace.last_raw, answer.finish_reason))
        kwargs = _reask(base, answer, lines(issues), truncated, job)

    assert answer is not None
    readable = (
        answer.raw is not None
        and len(answer.raw) <= MAX_ANSWER_CHARS
        and answer.tool_name in (None, _schema_name(job.schema))
    )
    if not settings.strict and readable:
        try:
            kept = salvage(job.schema, answer.raw, context)
        except Exception:  # as in _checked: reading a strange answer never crashes the article
            kept = None
        if kept is not None and kept.value is not None:
            return _finish(kept.value, job, usage, log, started, answer)
    raise ExtractionError(
        f"no valid output after {len(failures)} attempt{'s' if len(failures) != 1 else ''}"
        + (" (strict mode)" if settings.strict else "")
        + f"; last errors: {'; '.join(failures[-1].errors[:3])}",
        attempts=failures,
        usage=usage,
    )


def _reask(
    base: dict[str, Any], answer: Answer, errors: list[str], truncated: bool, job: Job
) -> dict[str, Any]:
    """The first request plus the last answer and what was wrong with it."""
    text = job.prompts.reask_text(errors, truncated=truncated)
    follow: list[dict[str, Any]]
    if truncated:
        follow = [{"role": "user", "content": text}]
    elif answer.tool_call_id is not None:
        follow = [
            {
                "role": "assistant",
                "content": "",  # llama.cpp refuses null content beside tool calls; OpenAI takes ""
                "tool_calls": [
                    {
                        "id": answer.tool_call_id,
                        "type": "function",
                        "function": {"name": answer.tool_name, "arguments": answer.raw or ""},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": answer.tool_call_id, "content": text},
        ]
    else:
        follow = [
            {"role": "assistant", "content": answer.raw or ""},
            {"role": "user", "content": text},
        ]
    return {**base, "messages": [*base["messages"], *follow]}


def _finish(
    value: Extraction,
    job: Job,
    usage: Usage,
    log: list[AttemptInfo],
    started: float,
    answer: Answer,
) -> Extraction:
    value._meta = RunMeta(
        model=job.settings.model,
        served_model=answer.model,
        mode=job.settings.mode,
        prompt_version=job.prompts.version,
        schema_name=_schema_name(job.schema),
        schema_version=job.schema.schema_version,
        attempts=len(log),
        attempt_log=log,
        usage=usage,
        seconds=round(time.perf_counter() - started, 4),
        raw_output=_capped(answer.raw),
        merged_duplicates=value._merged,
    )
    return value


def estimate_tokens(kwargs: dict[str, Any]) -> int:
    """A rough upper estimate of a request's tokens, for tokens-per-minute budgets."""
    chars = sum(len(str(m.get("content") or "")) for m in kwargs.get("messages", []))
    return chars // 3 + int(kwargs.get("max_tokens") or 1000)


def _send_args(kwargs: dict[str, Any]) -> dict[str, Any]:
    """SDK arguments: the schema-bearing parameters travel as `extra_body`.

    The openai SDK walks every typed parameter recursively to transform it; for a tool schema
    of a few hundred nodes that costs milliseconds per request, which a concurrent batch pays
    on its critical path. The JSON sent is the same.
    """
    extra = {k: v for k, v in kwargs.items() if k not in ("model", "messages")}
    return {"model": kwargs["model"], "messages": kwargs["messages"], "extra_body": extra}


def _name_the_mode(exc: UnsupportedModeError, job: Job) -> UnsupportedModeError:
    return UnsupportedModeError(f"mode {job.settings.mode!r}: {exc}")


def run(job: Job, client: Any, policy: TransportPolicy) -> Extraction:
    """Drive the conversation over a synchronous openai client."""
    trace = Trace()
    try:
        return _run(job, client, policy, trace)
    except UnsupportedModeError as exc:
        raise _name_the_mode(exc, job) from exc
    except SummarizerError as exc:
        raise _traced(exc, trace) from None
    except Exception as exc:
        raise _internal(exc, trace) from exc


async def arun(job: Job, client: Any, policy: TransportPolicy) -> Extraction:
    """Drive the conversation over an asynchronous openai client, within the article deadline."""
    trace = Trace()
    deadline = job.settings.article_deadline
    try:
        async with asyncio.timeout(deadline):
            return await _arun(job, client, policy, trace)
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


def _run(job: Job, client: Any, policy: TransportPolicy, trace: Trace) -> Extraction:
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
        completion, tries = this.call(
            functools.partial(client.chat.completions.create, **_send_args(kwargs))
        )
        try:
            kwargs = chat.send(read_completion(completion, job.settings.mode, tries))
        except StopIteration as done:
            result: Extraction = done.value
            return result


async def _arun(job: Job, client: Any, policy: TransportPolicy, trace: Trace) -> Extraction:
    chat = conversation(job, trace)
    kwargs = next(chat)
    while True:
        completion, tries = await policy.acall(
            functools.partial(client.chat.completions.create, **_send_args(kwargs)),
            tokens=estimate_tokens(kwargs),
        )
        try:
            kwargs = chat.send(read_completion(completion, job.settings.mode, tries))
        except StopIteration as done:
            result: Extraction = done.value
            return result
