"""Turning a model's raw answer into a schema object, or into errors the model can act on.

`validate` is all-or-nothing (used between re-asks); `salvage` runs once re-asks are spent and
keeps every list item that validates, moving each failing item to `rejected` with its reasons.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from summarizer.engine.result import RejectedItem
from summarizer.fields.base import Extraction

#: How an answer that stops mid-JSON is described: some servers report finish_reason "stop" or
#: "tool_calls" for an answer the token limit cut off, so the text itself must tell.
CUT_OFF = "the answer was cut off"
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_INPUT_PREVIEW = 80


@dataclass(slots=True)
class Outcome:
    value: Extraction | None
    errors: list[str]
    rejected: list[RejectedItem] = field(default_factory=list)


def parse_json(raw: str | None) -> Any:
    """The JSON object in a model's answer, tolerating a Markdown fence or chatter around it."""
    if raw is None or not raw.strip():
        raise ValueError("the answer is empty: no JSON object was returned")
    text = raw.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        # strict=False: small models copy the article's line breaks into strings unescaped
        return json.loads(text, strict=False)
    except json.JSONDecodeError as first:
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            try:
                return json.loads(text[start : end + 1], strict=False)
            except json.JSONDecodeError:
                pass
        if first.msg.startswith("Unterminated string") or first.pos >= len(text) - 1:
            raise ValueError(
                f"{CUT_OFF}: the JSON ends before it is complete ({first.msg})"
            ) from None
        raise ValueError(
            f"the answer is not valid JSON: {first.msg} at character {first.pos}"
        ) from None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: Any) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] in {"missing", "value_error", "assertion_error"}:
        return msg
    shown = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    if len(shown) > _INPUT_PREVIEW:
        shown = shown[:_INPUT_PREVIEW] + "…"
    return f"{msg} (got {shown})"


def _line(loc: tuple[int | str, ...], error: Any) -> str:
    path = _path(loc)
    return f"{path}: {_message(error)}" if path else _message(error)


def describe(exc: ValidationError) -> list[str]:
    """One line per error, `path: message`, as shown to the model in a re-ask."""
    return [_line(tuple(e["loc"]), e) for e in exc.errors(include_url=False)]


def validate(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    try:
        data = parse_json(raw)
    except ValueError as exc:
        return Outcome(None, [str(exc)])
    try:
        return Outcome(schema.model_validate(data, context=context), [])
    except ValidationError as exc:
        return Outcome(None, describe(exc))


def salvage(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    """Keep what validates: failing list items go to `rejected`; other errors still fail."""
    try:
        data = parse_json(raw)
    except ValueError as exc:
        return Outcome(None, [str(exc)])
    if not isinstance(data, dict):
        return validate(schema, raw, context)
    rejected: list[RejectedItem] = []
    for _ in range(3):  # removing items can only reveal errors that are themselves item errors
        try:
            value = schema.model_validate(data, context=context)
        except ValidationError as exc:
            by_item: dict[tuple[str, int], list[str]] = {}
            fatal: list[str] = []
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                if (
                    len(loc) >= 2
                    and isinstance(loc[0], str)
                    and isinstance(loc[1], int)
                    and isinstance(data.get(loc[0]), list)
                ):
                    by_item.setdefault((loc[0], loc[1]), []).append(_line(loc[2:], error))
                else:
                    fatal.append(_line(loc, error))
            if fatal:
                return Outcome(
                    None, fatal + [f"{f}[{i}]: {r}" for (f, i), rs in by_item.items() for r in rs]
                )
            data = dict(data)
            for name in {f for f, _ in by_item}:
                bad = {i for f, i in by_item if f == name}
                items = data[name]
                rejected += [
                    RejectedItem(field=name, item=items[i], reasons=by_item[(name, i)])
                    for i in sorted(bad)
                ]
                data[name] = [item for i, item in enumerate(items) if i not in bad]
            continue
        value._rejected = rejected
        return Outcome(value, [], rejected)
    return Outcome(None, ["items kept failing after the invalid ones were removed"])
