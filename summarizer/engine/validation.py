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

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from summarizer.fields.base import Extraction, list_fields
from summarizer.fields.context import LENIENT_KEY
from summarizer.fields.form import sentences_of
from summarizer.fields.withhold import withholdable
from summarizer.records import Code, Issue, RejectedItem, WithheldValue

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


def parse_partial(raw: str) -> tuple[dict[str, Any], list[tuple[str, Any]]] | None:
    """The complete part of a JSON object the token limit cut off, and the item it cut.

    jiter's partial mode reads what is there (an unfinished string is left out); the last
    element of the list being written when the answer stopped is unfinished unless the text
    ends with its closing brace, so it is taken out and returned apart, to be rejected as
    truncated rather than kept with fields missing.
    """
    import jiter

    text = raw.strip()
    start = text.find("{")
    if start < 0:
        return None
    text = text[start:]
    try:
        data = jiter.from_json(text.encode("utf-8"), partial_mode=True)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    cut: list[tuple[str, Any]] = []
    last = next(reversed(data))
    if isinstance(data[last], list) and data[last] and not text.rstrip(" \n\t,").endswith("}"):
        cut.append((last, data[last].pop()))
    return data, cut


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
    """Parse `raw` once and validate it; with `salvage`, keep what validates of a failed answer.

    Salvage validates again, leniently (`LENIENT_KEY`: re-asks are spent, so a near-verbatim
    quote is located rather than refused), and from the complete part of a cut-off answer.
    """
    try:
        data = parse_json(raw)
    except ValueError as exc:
        unreadable = Outcome(None, [_unreadable(exc)])
        if not salvage:
            return Verdict(unreadable, None)
        partial = parse_partial(raw or "") if unreadable.issues[0].code == Code.TRUNCATED else None
        if partial is None:
            return Verdict(unreadable, unreadable)
        data, cut = partial
        cut_off = [
            RejectedItem(
                field=name,
                item=item,
                issues=[Issue(code=Code.TRUNCATED, message=f"{CUT_OFF} inside this item")],
            )
            for name, item in cut
        ]
        return Verdict(unreadable, _salvage(schema, data, context, cut_off))
    try:
        valid = Outcome(schema.model_validate(data, context=context), [])
    except ValidationError as exc:
        whole = Outcome(None, describe(exc))
        if not salvage:
            return Verdict(whole, None)
        if not isinstance(data, dict):
            return Verdict(whole, whole)
        return Verdict(whole, _salvage(schema, data, context, []))
    return Verdict(valid, valid if salvage else None)


def validate(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    return judge(schema, raw, context).whole


def salvage(schema: type[Extraction], raw: str | None, context: dict[str, Any]) -> Outcome:
    """Keep what validates (see :func:`_salvage`)."""
    kept = judge(schema, raw, context, salvage=True).kept
    assert kept is not None
    return kept


def _salvage(
    schema: type[Extraction],
    data: dict[str, Any],
    context: dict[str, Any],
    rejected: list[RejectedItem],
) -> Outcome:
    """Keep what validates, leniently.

    A failing attribute marked `Withholdable` is set to null and recorded (`withheld`), except a
    text with more sentences than its :class:`~summarizer.fields.form.Sentences` rule allows,
    which is trimmed at a sentence end and validated again (recorded as `summary_trimmed`,
    with the model's whole text); a failing element of a list attribute (one party of an agreement) is dropped and recorded
    the same way; any other failure inside a list item moves the item to `rejected`. Errors
    outside the lists, in fields that cannot be withheld, still fail the answer.
    """
    context = {**context, LENIENT_KEY: True}
    withheld: list[WithheldValue] = []
    items_of = list_fields(schema)
    for _ in range(4):  # each round can only reveal errors the previous removal uncovered
        try:
            value = schema.model_validate(data, context=context)
        except ValidationError as exc:
            round_ = _Round(schema, data, items_of)
            fatal = [i for e in exc.errors(include_url=False) if (i := round_.sort(schema, e))]
            if fatal:
                return Outcome(
                    None,
                    fatal + [_within(f, i, r) for (f, i), rs in round_.by_item.items() for r in rs],
                )
            data = round_.apply()
            rejected = [*rejected, *round_.rejected]
            withheld = _merged(_renumbered([*withheld, *round_.withheld], round_.by_item))
            continue
        value._rejected = rejected
        value._withheld = withheld
        return Outcome(value, [], rejected)
    return Outcome(
        None,
        [
            Issue(
                code=Code.ITEMS_KEEP_FAILING,
                message="items kept failing after the invalid ones were removed",
            )
        ],
    )


class _Round:
    """One salvage round: sorts each error into withhold, drop-element, reject-item or fatal."""

    def __init__(
        self,
        schema: type[Extraction],
        data: dict[str, Any],
        items_of: dict[str, type[BaseModel]],
    ) -> None:
        self.schema = schema
        self.data = data
        self.items_of = items_of
        self.by_item: dict[tuple[str, int], list[Issue]] = {}
        self.nulls: dict[tuple[int | str, ...], list[Issue]] = {}
        self.drops: dict[tuple[int | str, ...], list[Issue]] = {}
        self.rejected: list[RejectedItem] = []
        self.withheld: list[WithheldValue] = []

    def sort(self, schema: type[Extraction], error: Any) -> Issue | None:
        """File the error; return it when it fails the whole answer."""
        loc = tuple(error["loc"])
        data = self.data
        if len(loc) == 1 and isinstance(loc[0], str) and withholdable(schema, loc[0]):
            self.nulls.setdefault(loc, []).append(_issue(loc, error))
            return None
        if not (
            len(loc) >= 2
            and isinstance(loc[0], str)
            and isinstance(loc[1], int)
            and isinstance(data.get(loc[0]), list)
        ):
            return _issue(loc, error)
        name, index, rest = loc[0], loc[1], loc[2:]
        item = data[name][index] if index < len(data[name]) else None
        model = self.items_of.get(name)
        if model is not None and isinstance(item, dict) and rest and isinstance(rest[0], str):
            attr = rest[0]
            if len(rest) >= 2 and isinstance(rest[1], int) and isinstance(item.get(attr), list):
                self.drops.setdefault(loc[:4], []).append(_issue(loc, error))
                return None
            if withholdable(model, attr) and attr in item:
                self.nulls.setdefault(loc[:3], []).append(_issue(loc, error))
                return None
        self.by_item.setdefault((name, index), []).append(_issue(rest, error))
        return None

    def apply(self) -> dict[str, Any]:
        """The answer with rejected items removed, withheld values nulled, bad elements dropped."""
        data = {k: (list(v) if isinstance(v, list) else v) for k, v in self.data.items()}
        for name in {n for n, _ in self.by_item}:
            data[name] = [dict(x) if isinstance(x, dict) else x for x in data[name]]
        for loc, issues in self.nulls.items():
            if len(loc) == 1:
                trimmed = self._trimmed(str(loc[0]), data[str(loc[0])], issues)
                if trimmed is not None:
                    self.withheld.append(trimmed[0])
                    data[str(loc[0])] = trimmed[1]
                    continue
                self.withheld.append(_withheld(loc, data[str(loc[0])], issues))
                data[str(loc[0])] = None
                continue
            name, index, attr = str(loc[0]), int(loc[1]), str(loc[2])
            if (name, index) in self.by_item:
                continue  # the item goes anyway
            item = dict(data[name][index])
            self.withheld.append(_withheld(loc, item[attr], issues))
            item[attr] = None
            data[name][index] = item
        for loc, issues in sorted(self.drops.items(), key=lambda x: -int(x[0][3])):
            name, index, attr, element = str(loc[0]), int(loc[1]), str(loc[2]), int(loc[3])
            if (name, index) in self.by_item:
                continue
            item = dict(data[name][index])
            values = list(item[attr])
            self.withheld.append(_withheld(loc, values[element], issues))
            del values[element]
            item[attr] = values
            data[name][index] = item
        for name in dict.fromkeys(f for f, _ in self.by_item):  # in answer order, run after run
            bad = {i for f, i in self.by_item if f == name}
            items = data[name]
            self.rejected += [
                RejectedItem(field=name, item=items[i], issues=self.by_item[(name, i)])
                for i in sorted(bad)
            ]
            data[name] = [item for i, item in enumerate(items) if i not in bad]
        return data

    def _trimmed(
        self, name: str, value: Any, issues: list[Issue]
    ) -> tuple[WithheldValue, str] | None:
        """A text with too many sentences cut at a sentence end, and the record of the cut."""
        rule = sentences_of(self.schema.model_fields[name].annotation)
        if rule is None or not isinstance(value, str):
            return None
        if not any(i.code == Code.SENTENCE_COUNT for i in issues):
            return None
        cut = rule.trim(value)
        if cut is None:
            return None
        why = "; ".join(i.message for i in issues)
        issue = Issue(
            location=name,
            code=Code.SUMMARY_TRIMMED,
            message=f"trimmed at a sentence end to its first {rule.most} sentences ({why})",
        )
        return WithheldValue(location=name, value=value, issues=[issue]), cut


def _merged(withheld: list[WithheldValue]) -> list[WithheldValue]:
    """One record per location: a trimmed text that fails again keeps the model's whole text."""
    by_location: dict[str, WithheldValue] = {}
    for value in withheld:
        first = by_location.get(value.location)
        if first is None:
            by_location[value.location] = value
        else:
            by_location[value.location] = first.model_copy(
                update={"issues": [*first.issues, *value.issues]}
            )
    return list(by_location.values())


def _renumbered(
    withheld: list[WithheldValue], removed_items: dict[tuple[str, int], list[Issue]]
) -> list[WithheldValue]:
    """Withheld locations point at the item's place in the result, after rejections."""
    removed: dict[str, list[int]] = {}
    for name, index in removed_items:
        removed.setdefault(name, []).append(index)
    out = []
    for value in withheld:
        match = _ITEM_LOCATION.match(value.location)
        if match and match.group(1) in removed:
            before = sum(1 for i in removed[match.group(1)] if i < int(match.group(2)))
            location = f"{match.group(1)}[{int(match.group(2)) - before}]{match.group(3)}"
            value = value.model_copy(update={"location": location})
        out.append(value)
    return out


_ITEM_LOCATION = re.compile(r"^(\w+)\[(\d+)\](.*)$")


def _withheld(loc: tuple[int | str, ...], value: Any, issues: list[Issue]) -> WithheldValue:
    return WithheldValue(location=_path(loc), value=value, issues=issues)


def _within(name: str, index: int, issue: Issue) -> Issue:
    """An item's issue located from the answer's root again (`figures[3].value`)."""
    inner = (
        f".{issue.location}"
        if issue.location and not issue.location.startswith("[")
        else issue.location
    )
    return issue.model_copy(update={"location": f"{name}[{index}]{inner}"})
