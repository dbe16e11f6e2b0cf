"""Command-line options derived from the settings' declarations (`summarizer.config`).

A setting gets its flag, type, bounds, choices and help from its one declaration; every option
defaults to None (not given), so the library's own default applies, or the local model's where
it has one. The same declarations give docs/settings.md (:func:`settings_table`).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable
from dataclasses import MISSING, Field
from typing import Any, TypeVar

import click

from summarizer.config import BatchSettings, Declared, Settings, declared

F = TypeVar("F", bound=Callable[..., Any])

#: Not a flag of every command: `eval` names its own output folder and walks no input of its own.
BATCH_ONLY = frozenset({"force", "max_bytes", "follow_outside"})


def _base_type(spec: Field[Any], owner: type[Any]) -> type[Any]:
    hint = typing.get_type_hints(owner)[spec.name]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is typing.Literal:
        return str
    found: type[Any] = args[0] if args else hint
    return found


def _default(spec: Field[Any]) -> Any:
    return None if spec.default is MISSING else spec.default


def _help(spec: Field[Any], how: Declared) -> str:
    default = _default(spec)
    parts = [how.help.rstrip(".") + "."]
    notes = []
    if how.env:
        notes.append(f"env {how.env}")
    if default not in (None, False) and "default" not in how.help:
        shown = f"{default:g}" if isinstance(default, float) else str(default)
        notes.append(f"default {shown}")
    if how.local:
        notes.append(f"local model: {how.local}")
    if notes:
        parts.append(f"[{'; '.join(notes)}]")
    return " ".join(parts)


def _option(spec: Field[Any], how: Declared, owner: type[Any]) -> Callable[[F], F]:
    assert how.flag is not None
    kind = _base_type(spec, owner)
    extra: dict[str, Any] = {}
    if kind is bool:
        extra["is_flag"] = True
        extra["default"] = None
    elif how.choices:
        extra["type"] = click.Choice(how.choices)
    elif kind is int:
        low, high = how.minimum, how.maximum
        extra["type"] = click.IntRange(
            None if low is None else int(low), None if high is None else int(high)
        )
    elif kind is float:
        extra["type"] = click.FloatRange(how.minimum, how.maximum)
    return click.option(how.flag, spec.name, help=_help(spec, how), **extra)


def _declared(owner: type[Any], skip: Iterable[str]) -> list[tuple[Field[Any], Declared]]:
    return [(s, h) for s, h in declared(owner) if h.flag and s.name not in skip]


def setting_options(*, batch: bool, skip: Iterable[str] = ()) -> Callable[[F], F]:
    """Every declared setting with a flag (and the batch's when `batch`), as click options."""
    skip = frozenset(skip)
    specs: list[tuple[Field[Any], Declared, type[Any]]] = [
        (s, h, Settings) for s, h in _declared(Settings, skip)
    ]
    if batch:
        specs += [(s, h, BatchSettings) for s, h in _declared(BatchSettings, skip)]

    def decorate(command: F) -> F:
        for spec, how, owner in reversed(specs):
            command = _option(spec, how, owner)(command)
        return command

    return decorate


def given(values: dict[str, Any], owner: type[Any]) -> dict[str, Any]:
    """The declared settings of `owner` the user gave (flags left off are not given)."""
    names = {s.name for s, _ in declared(owner)}
    return {k: v for k, v in values.items() if k in names and v is not None}


def settings_table() -> str:
    """docs/settings.md's table, from the declarations."""
    rows = [
        "| setting | option | environment | default | local model | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for owner, label in ((Settings, "Settings"), (BatchSettings, "BatchSettings")):
        for spec, how in declared(owner):
            default = _default(spec)
            rows.append(
                f"| `{label}.{spec.name}` | {f'`{how.flag}`' if how.flag else '(Python only)'} "
                f"| {f'`{how.env}`' if how.env else ''} "
                f"| {'' if default is None else f'`{default}`'} | {how.local or ''} "
                f"| {how.help} |"
            )
    return "\n".join(rows) + "\n"
