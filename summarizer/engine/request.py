"""What goes on the wire and what comes back: instructor's request for a schema and mode,
built once per schema, mode, system prompt and options, and the answer read from a completion.

The conversation (`engine/conversation.py`) decides what to ask; this module only lays it out.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from instructor import Mode
from instructor.v2.core.response import handle_response_model
from openai.types.chat import ChatCompletion

from summarizer.fields.base import Extraction

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

#: Request options besides the messages (model, temperature, max_tokens), as a cache key.
Options = tuple[tuple[str, Any], ...]


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


_PLACEHOLDER = "\x00summarizer-user-message\x00"


@functools.lru_cache(maxsize=64)
def _request_template(
    schema: type[Extraction], mode: str, system: str, options: Options
) -> dict[str, Any]:
    """instructor's request for this schema and mode, built once: it costs ~10 ms per call."""
    messages = [{"role": "system", "content": system}, {"role": "user", "content": _PLACEHOLDER}]
    return _build(schema, mode, messages, dict(options))


def _build(
    schema: type[Extraction], mode: str, messages: list[dict[str, Any]], request: dict[str, Any]
) -> dict[str, Any]:
    _, kwargs = handle_response_model(
        schema, mode=INSTRUCTOR_MODES[mode], messages=messages, **request
    )
    if mode == "json_object":
        kwargs["response_format"] = {"type": "json_object", "schema": schema.model_json_schema()}
    return dict(kwargs)


def fresh(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A copy whose messages the receiver may change without touching ours (the schema is shared, read-only)."""
    return {**kwargs, "messages": [copy.copy(m) for m in kwargs["messages"]]}


def request_kwargs(
    schema: type[Extraction], mode: str, messages: list[dict[str, Any]], request: dict[str, Any]
) -> dict[str, Any]:
    """The first request: the cached template with this article's user message put in."""
    system, user = messages
    options: Options = tuple(sorted(request.items()))
    kwargs = fresh(_request_template(schema, mode, system["content"], options))
    slots = [m for m in kwargs["messages"] if m.get("content") == _PLACEHOLDER]
    if len(slots) != 1:  # instructor changed how it lays out messages: build this one directly
        return _build(schema, mode, messages, request)
    slots[0]["content"] = user["content"]
    return kwargs


def estimate_tokens(kwargs: dict[str, Any]) -> int:
    """A rough upper estimate of a request's tokens, for tokens-per-minute budgets."""
    chars = sum(len(str(m.get("content") or "")) for m in kwargs.get("messages", []))
    return chars // 3 + int(kwargs.get("max_tokens") or 1000)


#: Completion tokens assumed for a request that sets no `max_tokens`, as `estimate_tokens` does.
DEFAULT_COMPLETION_ESTIMATE = 1000


def request_estimate(kwargs: dict[str, Any]) -> tuple[int, int]:
    """(prompt, completion) tokens a request may cost, for budgets: about 3 characters a token
    over the messages and the schema sent with them, and its `max_tokens` (else 1000)."""
    chars = sum(len(str(m.get("content") or "")) for m in kwargs.get("messages", []))
    extra = {k: v for k, v in kwargs.items() if k in ("tools", "response_format", "functions")}
    if extra:
        chars += len(json.dumps(extra, ensure_ascii=False, default=str))
    return chars // 3, int(kwargs.get("max_tokens") or DEFAULT_COMPLETION_ESTIMATE)


def sender(client: Any, kwargs: dict[str, Any]) -> Callable[[], Any]:
    """`client.post` of this request to `/chat/completions`, read as a `ChatCompletion`; for an
    `OpenAI`, `AsyncOpenAI` or `AzureOpenAI` client alike (the last maps the path to its
    deployment from the body's model).

    The same JSON as `client.chat.completions.create` sends, without its costs: the first use of
    `client.chat` imports every resource module of the SDK (0.2-0.3 s before a run's first
    request), and `create` walks every typed parameter recursively to transform it, which for a
    tool schema of a few hundred nodes costs milliseconds per request on a batch's critical path.
    """
    body = {"model": kwargs["model"], "messages": kwargs["messages"], **kwargs}
    return functools.partial(client.post, "/chat/completions", body=body, cast_to=ChatCompletion)
