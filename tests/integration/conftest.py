"""Fixtures for the `real_server` tests: llama.cpp's server with SmolLM2-135M on loopback.

`llama_server` (session) is the server's base URL; `live_server` (per test) is the server
handle, restarted first when an earlier request killed it. Without the server package or the
model file the tests are skipped with the reason (see `llama.py`), except in CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.integration.llama import LlamaServer, unavailable


@pytest.fixture(scope="session")
def llama_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """The server handle; skipped (or failed, in CI) when the server or model is missing."""
    reason = unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"real_server tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    server = LlamaServer(tmp_path_factory.mktemp("llama_server"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def llama_server(llama_process: LlamaServer) -> str:
    """Base URL (`http://127.0.0.1:PORT/v1`) of a llama.cpp server running SmolLM2-135M."""
    return llama_process.base_url


@pytest.fixture
def live_server(llama_process: LlamaServer) -> LlamaServer:
    """The session's server, restarted first if an earlier test's request killed it."""
    if not llama_process.running:
        llama_process.start()
    return llama_process
