"""Whether a run uses the embedded model, and which file: the command line's one decision.

Explicit choices win (`--gguf PATH`, `--model local:NAME`, `--local`); a key or a base URL means
a remote (or user-run) endpoint; with neither, the embedded model is used when the `local` extra
is installed, which is what a user who just installed the tool on a laptop expects. Set
SUMMARIZER_LOCAL=never to get the missing-key error instead of a silent gigabyte load.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from summarizer.errors import ConfigurationError
from summarizer.local.models import DEFAULT_MODEL, LocalModel, get_model
from summarizer.local.server import PREFIX

LOCAL_ENV = "SUMMARIZER_LOCAL"


@dataclass(frozen=True, slots=True)
class LocalChoice:
    """The embedded model chosen for this run: a known model, or the user's own GGUF file."""

    model: LocalModel | None = None
    gguf: Path | None = None

    @property
    def name(self) -> str:
        """The model name recorded in results (`local:NAME`); the server ignores it."""
        if self.model is not None:
            return f"{PREFIX}{self.model.name}"
        return f"{PREFIX}{self.gguf.stem if self.gguf else 'gguf'}"

    @property
    def title(self) -> str:
        return self.model.title if self.model is not None else str(self.gguf)


def installed(model: LocalModel) -> bool:
    """True when xllamacpp and every part of `model` are installed (the `local` extra)."""
    if importlib.util.find_spec("xllamacpp") is None:
        return False
    try:
        for package in model.packages:
            metadata.distribution(package)
    except metadata.PackageNotFoundError:
        return False
    return True


def choose(
    *,
    local: bool,
    gguf: Path | None,
    model: str | None,
    base_url: str | None,
    env: Mapping[str, str],
) -> LocalChoice | None:
    """The local model to start for this run, or None for an HTTP endpoint."""
    named = model[len(PREFIX) :] if model and model.startswith(PREFIX) else None
    explicit = local or gguf is not None or named is not None
    if explicit and base_url:
        raise ConfigurationError(
            "--local, --gguf and --model local:NAME start their own server: drop --base-url"
        )
    if gguf is not None:
        return LocalChoice(gguf=gguf)
    if named is not None:
        return LocalChoice(model=get_model(named or DEFAULT_MODEL))
    if local:
        return LocalChoice(model=get_model(DEFAULT_MODEL))
    if base_url or env.get("OPENAI_BASE_URL") or env.get("OPENAI_API_KEY"):
        return None
    if env.get(LOCAL_ENV, "").lower() == "never":
        return None
    default = get_model(DEFAULT_MODEL)
    return LocalChoice(model=default) if installed(default) else None
