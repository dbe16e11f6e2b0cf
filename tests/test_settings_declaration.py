"""Settings are declared once (summarizer/config.py); options, run.json and docs follow them."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.cli.local import _local_settings
from summarizer.cli.options import given
from summarizer.cli.settings_doc import SETTINGS_DOC, settings_page
from summarizer.config import BatchSettings, Settings, Tuning, declared, recorded
from summarizer.local.session import Endpoint
from tests.conftest import ROOT


def _flags(owner: type[object]) -> list[str]:
    return [how.flag for _, how in declared(owner) if how.flag]


@pytest.mark.parametrize(
    ("command", "owners"),
    [
        pytest.param("summarize", (Settings,), id="summarize"),
        pytest.param("batch", (Settings, BatchSettings), id="batch"),
    ],
)
def test_every_declared_flag_is_an_option_of_the_command(
    command: str, owners: tuple[type[object], ...]
) -> None:
    shown = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
    missing = [f for owner in owners for f in _flags(owner) if f not in shown]
    assert missing == []


def test_eval_takes_the_model_settings_but_not_the_folder_walk_options() -> None:
    shown = CliRunner().invoke(main, ["eval", "--help"], terminal_width=200).output
    assert "--max-reasks" in shown and "--concurrency" in shown
    assert "--force" not in shown and "--follow-links" not in shown


def test_the_help_shows_the_declared_default_and_the_local_models_value() -> None:
    shown = CliRunner().invoke(main, ["batch", "--help"], terminal_width=200).output
    assert "[default 120; local model: 1200]" in shown


def test_docs_settings_page_is_generated_from_the_declarations() -> None:
    page = (ROOT / SETTINGS_DOC).read_text(encoding="utf-8")
    assert page == settings_page(page), "run: python -m summarizer.cli.settings_doc"


def test_the_python_keywords_are_the_declared_settings() -> None:
    """`resolve`'s typed keywords cannot be derived for mypy; they are held to the declaration."""
    environment = {"model", "api_key", "base_url", "mode"}
    names = {spec.name for spec, _ in declared(Settings)} - environment
    assert set(typing.get_type_hints(Tuning)) == names


def test_run_json_settings_are_the_declared_ones_without_secrets() -> None:
    settings = Settings(api_key="sk-secret-for-test", base_url="http://user:pw@127.0.0.1:1/v1")
    record = recorded(settings)
    assert set(record) == {s.name for s, how in declared(Settings) if how.record}
    assert "api_key" not in record
    assert record["base_url"] == "http://127.0.0.1:1/v1"
    assert set(recorded(BatchSettings())) == {f.name for f in dataclasses.fields(BatchSettings)}


def test_an_option_left_off_is_not_given() -> None:
    values = {"max_reasks": None, "strict": None, "timeout": 30.0, "concurrency": 4}
    assert given(values, Settings) == {"timeout": 30.0}
    assert given(values, BatchSettings) == {"concurrency": 4}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        pytest.param({}, {"concurrency": 1, "attempt_deadline": 600.0}, id="local-defaults"),
        pytest.param(
            {"attempt_deadline": 50.0}, {"attempt_deadline": 50.0}, id="the-user-value-wins"
        ),
        pytest.param(
            {"max_reasks": 0}, {"article_deadline": 600.0}, id="article-deadline-follows-the-asks"
        ),
    ],
)
def test_local_settings_lie_under_what_the_user_gave(
    user: dict[str, object], expected: dict[str, object]
) -> None:
    endpoint = Endpoint(
        base_url="http://127.0.0.1:1/v1",
        model="local:tiny",
        mode="json_schema",
        max_tokens=2000,
        timeout=600.0,
        concurrency=1,
    )
    merged = _local_settings(endpoint, user)
    assert {k: merged[k] for k in expected} == expected


def test_batch_refuses_its_input_folder_as_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["batch", str(tmp_path), "--out", str(tmp_path), "--base-url", "http://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "--out must not be the input folder" in result.output
