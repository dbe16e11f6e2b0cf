"""When a run uses the embedded model, its settings, and its server without xllamacpp."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from summarizer.errors import ConfigurationError, LocalModelError
from summarizer.local import choice, sizing
from summarizer.local.server import LocalServer, ServerConfig

GGUF = Path("/models/mine.gguf")


@pytest.mark.parametrize(
    ("options", "env", "installed", "expected"),
    [
        pytest.param({}, {}, True, "local:qwen2.5-coder-1.5b", id="nothing-set-extra-installed"),
        pytest.param({}, {}, False, None, id="nothing-set-no-extra"),
        pytest.param({}, {"OPENAI_API_KEY": "sk-x"}, True, None, id="key-set"),
        pytest.param({}, {"OPENAI_BASE_URL": "http://h/v1"}, True, None, id="base-url-env"),
        pytest.param({"base_url": "http://h/v1"}, {}, True, None, id="base-url-option"),
        pytest.param({}, {"SUMMARIZER_LOCAL": "never"}, True, None, id="local-never"),
        pytest.param(
            {"local": True},
            {"OPENAI_API_KEY": "sk-x"},
            False,
            "local:qwen2.5-coder-1.5b",
            id="local-flag-beats-key",
        ),
        pytest.param(
            {"model": "local:qwen2.5-coder-0.5b"},
            {},
            False,
            "local:qwen2.5-coder-0.5b",
            id="model-local-name",
        ),
        pytest.param({"gguf": GGUF}, {}, False, "local:mine", id="gguf-path"),
        pytest.param({"model": "gpt-4o-mini"}, {"OPENAI_API_KEY": "sk-x"}, True, None, id="remote"),
    ],
)
def test_choose(
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, object],
    env: dict[str, str],
    installed: bool,
    expected: str | None,
) -> None:
    monkeypatch.setattr(choice, "installed", lambda model: installed)
    arguments: dict[str, object] = {"local": False, "gguf": None, "model": None, "base_url": None}
    chosen = choice.choose(**{**arguments, **options}, env=env)  # type: ignore[arg-type]
    assert (chosen.name if chosen else None) == expected


@pytest.mark.parametrize(
    ("options", "error"),
    [
        pytest.param({"local": True, "base_url": "http://h/v1"}, ConfigurationError, id="both"),
        pytest.param({"model": "local:gpt-5"}, LocalModelError, id="unknown-local-model"),
    ],
)
def test_choose_refuses(options: dict[str, object], error: type[Exception]) -> None:
    arguments: dict[str, object] = {"local": False, "gguf": None, "model": None, "base_url": None}
    with pytest.raises(error):
        choice.choose(**{**arguments, **options}, env={})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chars", "expected"),
    [
        pytest.param(0, 8192, id="empty"),
        pytest.param(4000, 10240, id="seed-sized"),
        pytest.param(200_000, 32768, id="capped-at-the-trained-context"),
    ],
)
def test_context_holds_the_article_and_two_answers(chars: int, expected: int) -> None:
    assert sizing.context_tokens(chars) == expected


def test_without_xllamacpp_the_server_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    with (
        pytest.raises(LocalModelError, match=r"summarizer\[local\]"),
        LocalServer(ServerConfig(GGUF)),
    ):
        pass
