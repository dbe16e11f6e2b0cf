"""Turning a model's raw answer into a schema object, or into errors the model can act on.

`validate` is all-or-nothing (used between re-asks); `salvage` runs once re-asks are spent and
keeps every list item that validates, moving each failing item to `rejected` with its reasons.
:func:`judge` does both from one parse and one validation of the answer, which the last attempt
needs (the issues to record, and what can be kept). Each failure becomes an :class:`Issue` whose
code is the one its validator raised.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from summarizer.fields.base import Extraction
from summarizer.records import Code, Issue, RejectedItem

#: How an answer that stops mid-JSON is described: some servers report finish_reason "stop" or
#: "tool_calls" for an answer the token limit cut off, so the text itself must tell.
CUT_OFF = "the answer was cut off"
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_INPUT_PREVIEW = 80


@dataclass(slots=True)
class Outcome:
    value: Extraction | None
    issues: list[Issue]
    rejected: list[RejectedItem] = field(default_factory=list)


def parse_json(raw: str | None) -> Any:
    """The JSON object in a model's answer, tolerating a Markdown fence or chatter around it."""
    if raw is None or not raw.strip():
        raise Code.EMPTY_ANSWER.error("the answer is empty: no JSON object was returned")
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
            raise Code.TRUNCATED.error(
                f"{CUT_OFF}: the JSON ends before it is complete ({first.msg})"
            ) from None
        raise Code.NOT_JSON.error(
            f"the answer is not valid JSON: {first.msg} at character {first.pos}"
        ) from None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_CODES = frozenset(Code)
_UNCODED = frozenset({"value_error", "assertion_error"})


def _code(error: Any) -> Code:
    """The validator's own code; pydantic's checks are `schema`, a plain ValueError `invalid`."""
    kind = str(error["type"])
    if kind in _CODES:
        return Code(kind)
    return Code.INVALID if kind in _UNCODED else Code.SCHEMA


def _message(error: Any) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if error["type"] == "missing" or error["type"] in _UNCODED or error["type"] in _CODES:
        return msg
    shown = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    if len(shown) > _INPUT_PREVIEW:
        shown = shown[:_INPUT_PREVIEW] + "…"
    return f"{msg} (got {shown})"


def _issue(loc: tuple[int | str, ...], error: Any) -> Issue:
    return Issue(location=_path(loc), code=_code(error), message=_message(error))


def describe(exc: ValidationError) -> list[Issue]:
    """One issue per error; its `line` (`path: message`) is what a re-ask shows the model."""
    return [_issue(tuple(e["loc"]), e) for e in exc.errors(include_url=False)]


def _unreadable(exc: ValueError) -> Issue:
    code = exc.type if isinstance(exc, PydanticCustomError) else Code.NOT_JSON
    return Issue(code=code, message=str(exc))


@dataclass(frozen=True, slots=True)
class Verdict:
    """One answer judged once: as a whole, and (when asked) with its failing items removed."""

    whole: Outcome
    """All or nothing: what a re-ask shows the model."""
    kept: Outcome | None
    """The salvaged result, or why nothing could be kept; None unless salvage was asked for."""


def judge(
    schema: type[Extraction], raw: str | None, context: dict[str, Any], *, salvage: bool = False
) -> Verdict:
    """Parse and validate `raw` once; with `salvage`, keep what validates of a failed answer."""
    try:
        data = parse_json(raw)
    except ValueError as exc:
        unreadable = Outcome(None, [_unreadable(exc)])
        return Verdict(unreadable, unreadable if salvage else None)
    try:
        valid = Outcome(schema.model_validate(data, context=context), [])
    except ValidationError as exc:
        whole = Outcome(None, describe(exc))
        if not salvage:
            return Verdict(whole, None)
        if not isinstance(data, dict):
            return Verdict(whole, whole)
        return Verdict(whole, _salvage(schema, data, context, exc))
    return Verdict(valid, valid if salvage else None)


def validate(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    return judge(schema, raw, context).whole


def salvage(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    """Keep what validates: failing list items go to `rejected`; other errors still fail."""
    kept = judge(schema, raw, context, salvage=True).kept
    assert kept is not None
    return kept


def _salvage(
    schema: type[Extraction],
    data: dict[str, Any],
    context: dict[str, Any],
    first: ValidationError,
) -> Outcome:
    """Remove the failing items, starting from the answer's own validation error `first`."""
    rejected: list[RejectedItem] = []
    error = first
    for round_ in range(3):  # removing items can only reveal errors that are themselves item errors
        if round_:
            try:
                value = schema.model_validate(data, context=context)
            except ValidationError as exc:
                error = exc
            else:
                value._rejected = rejected
                return Outcome(value, [], rejected)
        by_item: dict[tuple[str, int], list[Issue]] = {}
        fatal: list[Issue] = []
        for failure in error.errors(include_url=False):
            loc = tuple(failure["loc"])
            if (
                len(loc) >= 2
                and isinstance(loc[0], str)
                and isinstance(loc[1], int)
                and isinstance(data.get(loc[0]), list)
            ):
                by_item.setdefault((loc[0], loc[1]), []).append(_issue(loc[2:], failure))
            else:
                fatal.append(_issue(loc, failure))
        if fatal:
            return Outcome(
                None, fatal + [_within(f, i, r) for (f, i), rs in by_item.items() for r in rs]
            )
        data = dict(data)
        for name in dict.fromkeys(f for f, _ in by_item):  # in answer order, run after run
            bad = {i for f, i in by_item if f == name}
            items = data[name]
            rejected += [
                RejectedItem(field=name, item=items[i], issues=by_item[(name, i)])
                for i in sorted(bad)
            ]
            data[name] = [item for i, item in enumerate(items) if i not in bad]
    return Outcome(
        None,
        [
            Issue(
                code=Code.ITEMS_KEEP_FAILING,
                message="items kept failing after the invalid ones were removed",
            )
        ],
    )


def _within(name: str, index: int, issue: Issue) -> Issue:
    """An item's issue located from the answer's root again (`figures[3].value`)."""
    inner = (
        f".{issue.location}"
        if issue.location and not issue.location.startswith("[")
        else issue.location
    )
    return issue.model_copy(update={"location": f"{name}[{index}]{inner}"})
