"""Fixtures for the `real_server` tests: the embedded llama.cpp server on loopback.

`local_server` (session) is the base URL of one in-process server running the default local
model; it is stopped at the end of the session. Without xllamacpp or the model the tests are
skipped with the reason (see `local.py`), except in CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from summarizer.local.server import LocalServer, ServerConfig
from tests.integration.local import CONTEXT, gguf, unavailable


@pytest.fixture(scope="session")
def local_server() -> Iterator[str]:
    """Base URL (`http://127.0.0.1:PORT/v1`) of the embedded server."""
    reason = unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"real_server tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    with LocalServer(ServerConfig(gguf(), context=CONTEXT)) as base_url:
        yield base_url
