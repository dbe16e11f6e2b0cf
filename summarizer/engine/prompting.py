"""Prompt templates: loading, rendering and the version stamped into every result.

A prompt set is a folder with `system.j2` and `user.j2`; the engine's `reask.j2` sits one level
up. Static instructions go in the system message and the article last in the user message, so a
provider's prompt cache covers everything before the article.

Every variable is strict, and a set is rendered once when it is loaded with what the engine
gives each template (:data:`VARIABLES`), so a user's folder that uses a variable the engine does
not give, or never writes the article, fails at the start with the template and the variable
named, not at the first article.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2

from summarizer.errors import (
    PromptMissingError,
    PromptRenderError,
    PromptTemplateError,
)

_VERSION = re.compile(r"\{#-?\s*prompt-version:\s*(\S+)\s*-?#\}")
_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")

#: What the engine gives each template; a template may use these and nothing else.
VARIABLES: dict[str, tuple[str, ...]] = {
    "system": ("output_language",),
    "user": ("article", "published", "part", "parts"),
    "reask": ("errors", "truncated"),
}
#: Stands for the article while a loaded set is rendered once, to be found in the user message.
_PROBE_ARTICLE = "\u2063summarizer-probe-article\u2063"


def _builtin_root() -> Traversable:
    return resources.files("summarizer.prompts")


def _read(folder: Traversable | Path, name: str) -> str:
    item = folder / name
    if not item.is_file():
        raise PromptMissingError(
            f"prompt template {name} is missing from {folder} (a prompt folder holds "
            "system.j2 and user.j2, and may hold reask.j2)"
        )
    return item.read_text(encoding="utf-8")


def _compile(env: jinja2.Environment, source: str, name: str) -> jinja2.Template:
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise PromptTemplateError(
            f"prompt template {name}: {exc.message} (line {exc.lineno})"
        ) from exc


def _rendered(template: jinja2.Template, name: str, values: dict[str, Any]) -> str:
    """`template` rendered, or an error naming the template and the variable it lacks."""
    try:
        return template.render(**values)
    except jinja2.UndefinedError as exc:
        found = _UNDEFINED.match(str(exc.message))
        what = f"it uses the variable {found.group(1)!r}" if found else str(exc.message)
        given = ", ".join(VARIABLES[name])
        raise PromptRenderError(
            f"prompt template {name}.j2 does not render: {what}, which is not given "
            f"(the engine gives {name}.j2: {given})"
        ) from None
    except Exception as exc:
        raise PromptRenderError(
            f"prompt template {name}.j2 does not render: {type(exc).__name__}: {exc}"
        ) from None


def _check(compiled: dict[str, jinja2.Template]) -> None:
    """Render every template as the engine will (with and without a date, whole and in
    chunks, a re-ask and a cut-off answer): a template that fails fails here, once."""
    for published in (None, "2025-01-17"):
        for chunk in ({}, {"part": 1, "parts": 2}):
            user = _rendered(
                compiled["user"],
                "user",
                {"article": _PROBE_ARTICLE, "published": published, **chunk},
            )
            if _PROBE_ARTICLE not in user:
                raise PromptRenderError(
                    "prompt template user.j2 never writes the article: put {{ article }} in it"
                )
    _rendered(compiled["system"], "system", {"output_language": "English"})
    for truncated in (False, True):
        _rendered(compiled["reask"], "reask", {"errors": ["a: b"], "truncated": truncated})


@dataclass(frozen=True, slots=True)
class PromptSet:
    """Compiled templates of one prompt set and their version `name@declared+hash`."""

    name: str
    version: str
    system: jinja2.Template
    user: jinja2.Template
    reask: jinja2.Template
    #: (part, of): set for one chunk of a long article; templates may say so (`part`, `parts`).
    part: tuple[int, int] | None = None

    @classmethod
    def load(cls, name_or_path: str | Path = "news") -> PromptSet:
        """A built-in prompt set by name, or a folder of templates by path."""
        builtin = _builtin_root()
        path = Path(name_or_path)
        folder: Traversable | Path
        if isinstance(name_or_path, str) and (builtin / name_or_path).is_dir():
            folder, name = builtin / name_or_path, name_or_path
        elif path.is_dir():
            folder, name = path, path.name
        else:
            raise PromptMissingError(
                f"no prompt set {str(name_or_path)!r}: not built in and not a folder"
            )
        texts = {n: _read(folder, f"{n}.j2") for n in ("system", "user")}
        reask_folder = folder if (folder / "reask.j2").is_file() else builtin
        texts["reask"] = _read(reask_folder, "reask.j2")
        declared = _VERSION.search(texts["system"])
        digest = hashlib.sha256("\0".join(texts[n] for n in sorted(texts)).encode()).hexdigest()[:8]
        version = f"{name}@{declared.group(1) if declared else '0'}+{digest}"
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
        compiled = {n: _compile(env, t, f"{n}.j2") for n, t in texts.items()}
        _check(compiled)
        return cls(name, version, compiled["system"], compiled["user"], compiled["reask"])

    def messages(
        self, article: str, *, published: date | None, output_language: str
    ) -> list[dict[str, Any]]:
        """The first request's messages: system (static) then user (article last)."""
        chunk = {} if self.part is None else {"part": self.part[0], "parts": self.part[1]}
        return [
            {
                "role": "system",
                "content": self.system.render(output_language=output_language).strip(),
            },
            {
                "role": "user",
                "content": self.user.render(
                    article=article,
                    published=published.isoformat() if published else None,
                    **chunk,
                ).strip(),
            },
        ]

    def reask_text(self, errors: list[str], *, truncated: bool) -> str:
        return self.reask.render(errors=errors, truncated=truncated).strip()
