"""Test isolation and cassette plumbing shared by every test module.

Cassettes replay only (record mode `none`) unless `--record-mode` is given. Recording runs each
test's script on the scripted server, or, for tests marked `real_model` when
`SUMMARIZER_RECORD_REAL=1` and a key are set, against the real API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit.scripted_server import ScriptedServer, Step
from tests.support import cassettes
from tests.support.checkout import use_this_checkout

ROOT = Path(__file__).resolve().parents[1]
use_this_checkout(ROOT)
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "iran-russia-cooperation.ar.txt"
#: Where replayed requests appear to go; nothing listens there and nothing is contacted.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
_REAL_KEY = os.environ.get("OPENAI_API_KEY")
_ISOLATED = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "SUMMARIZER_MODEL",
    "SUMMARIZER_MODE",
    "SUMMARIZER_MODEL_CACHE",
)


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    vcr.register_serializer("yaml", cassettes)  # readable YAML replaces vcrpy's
    vcr.register_matcher("json_body", cassettes.json_body)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "serializer": "yaml",
        "match_on": ["method", "path", "json_body"],
        "filter_headers": list(cassettes.SCRUBBED_HEADERS),
        "before_record_request": cassettes.scrub_request,
        "before_record_response": cassettes.scrub_response,
        "decode_compressed_response": True,
        "allow_playback_repeats": False,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    module = request.module.__name__.rsplit(".", 1)[-1]
    return str(ROOT / "cassettes" / module)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees a real key, base URL or user configuration, nor starts the embedded model
    unasked (with the `local` extra installed, no key would otherwise mean the local model)."""
    for name in _ISOLATED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SUMMARIZER_LOCAL", "never")


@pytest.fixture(autouse=True)
def _cassette_fully_played(request: pytest.FixtureRequest, record_mode: str) -> Iterator[None]:
    """A replayed cassette whose interactions were not all used fails the test."""
    yield
    if record_mode == "none" and request.node.get_closest_marker("vcr") is not None:
        cassette = request.getfixturevalue("vcr")
        if cassette is not None:
            unused = len(cassette.data) - cassette.play_count
            assert cassette.all_played, f"{unused} recorded interaction(s) were never requested"


@pytest.fixture
def llm_endpoint(request: pytest.FixtureRequest, record_mode: str) -> Iterator[dict[str, str]]:
    """Base URL and key for the test's client: replay, scripted recording or real recording."""
    marker = request.node.get_closest_marker("scripted")
    steps: list[Step] = list(marker.args[0]) if marker else []
    if record_mode == "none":
        yield {"base_url": REPLAY_BASE_URL, "api_key": "sk-test-not-a-real-key"}
        return
    real = request.node.get_closest_marker("real_model") is not None
    if real and _REAL_KEY and os.environ.get("SUMMARIZER_RECORD_REAL") == "1":
        yield {"base_url": "https://api.openai.com/v1", "api_key": _REAL_KEY}
        return
    if request.node.get_closest_marker("recorded_from_local_model") is not None:
        yield from _local_endpoint()
        return
    with ScriptedServer(steps) as server:
        yield {"base_url": server.base_url, "api_key": "sk-test-not-a-real-key"}


def _local_endpoint() -> Iterator[dict[str, str]]:
    """Record from the embedded llama.cpp server (xllamacpp) with the default local model."""
    from importlib.metadata import version

    from summarizer.local.server import LocalServer, ServerConfig
    from tests.integration.local import CONTEXT, MODEL, gguf, unavailable

    reason = unavailable()
    if reason is not None:
        pytest.fail(f"recording needs the local model: {reason}", pytrace=False)
    cassettes.RECORDED_FROM = (
        f"{MODEL.title} ({MODEL.package_prefix}1..{MODEL.parts} {MODEL.version} from PyPI) "
        f"via xllamacpp {version('xllamacpp')}'s embedded llama.cpp server"
    )
    try:
        with LocalServer(ServerConfig(gguf(), context=CONTEXT)) as base_url:
            yield {"base_url": base_url, "api_key": "sk-test-not-a-real-key"}
    finally:
        cassettes.RECORDED_FROM = None
