"""One article's conversation with the model: ask, validate, re-ask with the errors, give up.

Written once, as a generator that yields request arguments and receives answers; the drivers
in `engine/extract.py` send them over a sync or async client. Output retries (re-asks) live
here and only here. A re-ask sends the original messages plus the last answer and its errors,
never the whole history: attempt k costs what attempt 2 costs. The caller's objects are never
mutated. Each answer is parsed and validated once (:func:`~summarizer.engine.validation.judge`),
the last one together with its salvage.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.config import Settings
from summarizer.engine.loading import Article
from summarizer.engine.prompting import PromptSet
from summarizer.engine.request import Answer, fresh, request_kwargs
from summarizer.engine.validation import CUT_OFF, Outcome, judge
from summarizer.errors import ConfigurationError, ExtractionError
from summarizer.fields.base import Extraction
from summarizer.fields.context import validation_context
from summarizer.records import Attempt, Code, Issue, RunMeta, Usage, lines

#: Longest answer read, sent back in a re-ask or stored. A complete answer for a 200 kB article
#: is a few tens of kB; a looping model's megabytes are cut here, not paid for again.
MAX_ANSWER_CHARS = 262_144


@dataclass(frozen=True, slots=True)
class Job:
    """Everything one extraction needs besides the client: the article travels whole."""

    article: Article
    schema: type[Extraction]
    prompts: PromptSet
    settings: Settings


@dataclass(slots=True)
class Trace:
    """What one article's conversation has cost and answered so far, for a failure record."""

    usage: Usage = field(default_factory=Usage)
    log: list[Attempt] = field(default_factory=list)
    failures: list[Attempt] = field(default_factory=list)
    last_raw: str | None = None


def _capped(raw: str | None) -> str | None:
    if raw is None or len(raw) <= MAX_ANSWER_CHARS:
        return raw
    return raw[:MAX_ANSWER_CHARS] + f"\u2026[{len(raw) - MAX_ANSWER_CHARS} more characters cut]"


def _refused(answer: Answer, schema: type[Extraction]) -> Issue | None:
    """What makes an answer unreadable before the schema sees it: too large, wrong function."""
    if answer.raw is not None and len(answer.raw) > MAX_ANSWER_CHARS:
        return Issue(
            code=Code.ANSWER_TOO_LARGE,
            message=f"the answer is {len(answer.raw)} characters long, over the limit of "
            f"{MAX_ANSWER_CHARS}: answer with the schema's fields only, each item once",
        )
    expected = schema.__name__
    if answer.tool_name is not None and answer.tool_name != expected:
        return Issue(
            code=Code.WRONG_FUNCTION,
            message=f"the answer called the function {answer.tool_name!r}; call {expected!r}",
        )
    return None


def _checked(
    job: Job, answer: Answer, context: dict[str, Any], *, salvage: bool = False
) -> tuple[Any, list[Issue], Outcome | None]:
    """Judge one answer once: its value, its issues, and with `salvage` what can be kept.

    Whatever goes wrong reading it is that answer's error, never a crash.
    """
    refused = _refused(answer, job.schema)
    if refused is not None:
        return None, [refused], None
    try:
        verdict = judge(job.schema, answer.raw, context, salvage=salvage)
    except RecursionError:
        message = "the answer nests too deeply to be read: answer with the schema's fields"
        return None, [Issue(code=Code.TOO_DEEP, message=message)], None
    except Exception as exc:  # a validator's bug must not cost the article
        message = f"the answer could not be checked ({type(exc).__name__}: {exc})"
        return None, [Issue(code=Code.CHECK_FAILED, message=message)], None
    return verdict.whole.value, verdict.whole.issues, verdict.kept


def _request(settings: Settings) -> dict[str, Any]:
    request: dict[str, Any] = {"model": settings.model}
    if settings.temperature is not None:
        request["temperature"] = settings.temperature
    if settings.max_tokens is not None:
        request["max_tokens"] = settings.max_tokens
    return request


def conversation(
    job: Job, trace: Trace | None = None
) -> Generator[dict[str, Any], Answer, Extraction]:
    """Yield request kwargs, receive answers, return the validated result or raise.

    `trace`, when given, is kept up to date so that a driver can record what a failed
    article cost, whatever stopped it.
    """
    trace = trace if trace is not None else Trace()
    settings, article = job.settings, job.article
    if not (isinstance(job.schema, type) and issubclass(job.schema, Extraction)):
        raise ConfigurationError("the schema must subclass summarizer.fields.Extraction")
    messages = job.prompts.messages(
        article.text, published=article.published, output_language=settings.output_language
    )
    base = request_kwargs(job.schema, settings.mode, messages, _request(settings))
    context = validation_context(article.text, article.published, settings.output_language)

    usage, log, failures = trace.usage, trace.log, trace.failures
    started = time.perf_counter()
    last = settings.max_reasks + 1
    kwargs = base
    kept: Outcome | None = None
    for number in range(1, last + 1):
        sent = time.perf_counter()
        answer = yield fresh(kwargs)
        usage.add(answer.usage)
        trace.last_raw = _capped(answer.raw)
        salvage = number == last and not settings.strict
        value, issues, kept = _checked(job, answer, context, salvage=salvage)
        oversized = answer.raw is not None and len(answer.raw) > MAX_ANSWER_CHARS
        truncated = value is None and (
            oversized
            or answer.finish_reason == "length"
            or any(i.code == Code.TRUNCATED for i in issues)
        )
        if truncated and answer.finish_reason == "length":
            limit = f"{CUT_OFF} at the output token limit (finish_reason=length)"
            issues = [Issue(code=Code.TRUNCATED, message=limit), *issues]
        attempt = Attempt(
            number=number,
            issues=issues,
            finish_reason=answer.finish_reason,
            transport_tries=answer.transport_tries,
            seconds=round(time.perf_counter() - sent, 4),
            raw_output=trace.last_raw,
        )
        log.append(attempt)
        if value is not None:
            return _finish(value, job, trace, started, answer)
        failures.append(attempt)
        if number < last:
            kwargs = _reask(base, answer, lines(issues), truncated, job)
        elif kept is not None and kept.value is not None:
            return _finish(kept.value, job, trace, started, answer)
    raise ExtractionError(
        f"no valid output after {len(failures)} attempt{'s' if len(failures) != 1 else ''}"
        + (" (strict mode)" if settings.strict else "")
        + f"; last errors: {'; '.join(failures[-1].errors[:3])}",
        attempts=failures,
        usage=usage,
    )


Conversation = Generator[dict[str, Any], Answer, Extraction]


def resume(
    job: Job, answers: Sequence[Answer], trace: Trace | None = None
) -> tuple[Conversation, dict[str, Any]] | Extraction:
    """The conversation after `answers` were given: its next request, or its result.

    Judging is deterministic, so answers received elsewhere (a provider's batch, an earlier
    round) bring the conversation to where it was, with no second copy of its logic; a
    conversation that gives up raises as it would live.
    """
    chat = conversation(job, trace)
    kwargs = next(chat)
    for answer in answers:
        try:
            kwargs = chat.send(answer)
        except StopIteration as done:
            result: Extraction = done.value
            return result
    return chat, kwargs


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
    value: Extraction, job: Job, trace: Trace, started: float, answer: Answer
) -> Extraction:
    value._meta = RunMeta(
        model=job.settings.model,
        served_model=answer.model,
        mode=job.settings.mode,
        prompt_version=job.prompts.version,
        schema_name=job.schema.__name__,
        schema_version=job.schema.schema_version,
        attempts=len(trace.log),
        attempt_log=trace.log,
        usage=trace.usage,
        seconds=round(time.perf_counter() - started, 4),
        raw_output=trace.last_raw,
        merged_duplicates=value._merged,
    )
    return value
