"""One in-process llama.cpp server (xllamacpp) per run, on loopback, for the rest of the pipeline.

The pipeline stays what it is for any endpoint (the openai SDK over HTTP, the same retries and
cassettes): this module only owns the server's life. It listens on 127.0.0.1 on a port the
system picks, so two runs never collide and nothing is exposed; it stops when the `with` block
ends, Ctrl-C included. xllamacpp is imported here only, so users of remote endpoints never load it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.errors import LocalModelError

#: The server's name in run records and `--model local:NAME`.
PREFIX = "local:"


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What the server is started with; `context` is per slot."""

    gguf: Path
    context: int = 8192
    slots: int = 1
    threads: int = 0  # 0: available_cores()
    speculative: bool = True


def _params(config: ServerConfig) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(config.gguf)
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # the system picks a free one
    params.n_parallel = config.slots
    params.n_ctx = config.context * config.slots
    threads = config.threads or available_cores()
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.use_jinja = True
    params.verbosity = -1
    # A generation may take minutes on a CPU; the HTTP layer must not cut it off first.
    params.timeout_read = params.timeout_write = 24 * 3600
    if config.speculative:
        # Drafts taken from the prompt itself (no draft model): quotes and raw texts are copied.
        params.speculative.types = [
            xllamacpp.common_speculative_type.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE
        ]
    return params


def _start(params: Any) -> Any:
    """Start the server, then give SIGINT/SIGTERM back to Python (llama.cpp takes them over)."""
    import xllamacpp

    main = threading.current_thread() is threading.main_thread()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)} if main else {}
    try:
        return xllamacpp.Server(params)
    except RuntimeError as exc:
        raise LocalModelError(f"the local model server did not start: {exc}") from exc
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _wait_healthy(base: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise LocalModelError(f"the local model server at {base} never became healthy")
        time.sleep(0.2)


class LocalServer:
    """`with LocalServer(config) as base_url:` a running server, stopped on the way out."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._server: Any = None
        self.load_seconds = 0.0

    def __enter__(self) -> str:
        try:
            import xllamacpp  # noqa: F401
        except ImportError:
            raise LocalModelError(
                'the local model needs xllamacpp: pip install "summarizer[local]"'
            ) from None
        started = time.monotonic()
        self._server = _start(_params(self.config))
        base = str(self._server.listening_address).rstrip("/")
        _wait_healthy(base, time.monotonic() + 120)
        self.load_seconds = time.monotonic() - started
        return f"{base}/v1"

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server (its destructor ends the loop thread); safe to call twice."""
        self._server = None
