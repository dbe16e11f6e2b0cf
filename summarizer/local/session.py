"""A run on the embedded model: its file ready, its server up, and the settings that fit it.

The rest of the pipeline sees an ordinary OpenAI-compatible base URL. What differs is expressed
as Settings values: json_schema mode (llama.cpp enforces the schema as a grammar), an answer cap
and a per-request timeout sized for a CPU (see `sizing`), and one request per server slot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from summarizer.local import models, sizing
from summarizer.local.choice import LocalChoice
from summarizer.local.server import LocalServer, ServerConfig

MODE = "json_schema"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the run's requests go, and what to send them with."""

    base_url: str
    model: str
    mode: str
    max_tokens: int
    timeout: float
    concurrency: int


@contextmanager
def local_endpoint(
    choice: LocalChoice,
    *,
    longest_chars: int,
    max_tokens: int | None,
    timeout: float | None,
    mode: str | None,
    say: Callable[[str], None],
) -> Iterator[Endpoint]:
    """Start the chosen model for this run (one line on `say`), stop it when the block ends."""
    say(f"summarizer: using the local model {choice.title} on this machine (no key needed)")
    if choice.gguf is not None:
        gguf = models.check_gguf(choice.gguf)
    else:
        assert choice.model is not None
        gguf = models.ensure(choice.model)
    cap = max_tokens or sizing.MAX_TOKENS
    config = ServerConfig(gguf, context=sizing.context_tokens(longest_chars, cap))
    with LocalServer(config) as base_url:
        yield Endpoint(
            base_url=base_url,
            model=choice.name,
            mode=mode or MODE,
            max_tokens=cap,
            timeout=timeout or sizing.TIMEOUT,
            concurrency=config.slots,
        )
