"""The CLI in-process: rendering, JSON output, exit codes, and no secret in any output."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from testkit.scripted_server import ScriptedServer, Step, completion
from tests.conftest import ROOT, SEED

GOOD = json.loads((Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8"))
FAKE_KEY = "sk-test-not-a-real-key"


@pytest.fixture
def endpoint_env(monkeypatch: pytest.MonkeyPatch, llm_endpoint: dict[str, str]) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", llm_endpoint["base_url"])
    monkeypatch.setenv("OPENAI_API_KEY", llm_endpoint["api_key"])


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=GOOD)])
@pytest.mark.usefixtures("endpoint_env")
def test_summarize_renders_a_readable_summary() -> None:
    result = CliRunner().invoke(main, ["summarize", str(SEED), "--model", "gpt-4o-mini"])
    assert result.exit_code == 0, result.output
    assert "Kazem Jalali" in result.output
    assert "4,800,000,000" in result.output
    assert "2025-01-17" in result.output
    assert FAKE_KEY not in result.output


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=GOOD)])
@pytest.mark.usefixtures("endpoint_env")
def test_summarize_json_carries_summary_meta_and_spans() -> None:
    result = CliRunner().invoke(main, ["summarize", str(SEED), "--model", "gpt-4o-mini", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["meta"]["attempts"] == 1
    assert record["meta"]["raw_output"]
    quote = record["summary"]["figures"][3]["quote"]
    assert SEED.read_text(encoding="utf-8")[quote["start"] : quote["end"]] == quote["text"]
    assert FAKE_KEY not in result.output


def test_no_key_and_no_base_url_exits_2_naming_the_three_ways() -> None:
    result = CliRunner().invoke(main, ["summarize", str(SEED)])
    assert result.exit_code == 2
    assert all(
        way in result.output for way in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "summarizer[local]")
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"   \n\t", "only whitespace", id="whitespace-only"),
        pytest.param(b"\xff\xfe\x00\x01binary\x00", "undecodable", id="undecodable"),
    ],
)
def test_bad_input_file_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, message: str
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["summarize", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_schema_command_prints_the_checked_in_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "schemas" / "news.schema.json").read_text(encoding="utf-8")


def test_unknown_schema_exits_2() -> None:
    result = CliRunner().invoke(main, ["schema", "--name", "nope"])
    assert result.exit_code == 2


@pytest.fixture
def local_extra(monkeypatch: pytest.MonkeyPatch, llm_endpoint: dict[str, str]) -> None:
    """The `local` extra "installed", its server replaced by the test's endpoint."""
    from summarizer.local import choice, models
    from summarizer.local.server import LocalServer

    monkeypatch.delenv("SUMMARIZER_LOCAL")
    monkeypatch.setattr(choice, "installed", lambda model: True)
    monkeypatch.setattr(models, "ensure", lambda model, folder=None: Path("/models/fake.gguf"))
    monkeypatch.setattr(LocalServer, "__enter__", lambda self: llm_endpoint["base_url"])


@pytest.mark.vcr
@pytest.mark.scripted([completion(content=json.dumps(GOOD, ensure_ascii=False))])
@pytest.mark.usefixtures("local_extra")
def test_no_key_with_the_local_extra_uses_the_local_model_and_says_so_once() -> None:
    result = CliRunner().invoke(main, ["summarize", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("using the local model") == 1


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_ctrl_c_during_summarize_closes_its_connection_and_exits_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A synchronous read cannot be interrupted: a local server's stop would wait out the answer.

    The server holds the answer back; Ctrl-C must reach it as a closed connection while this
    process still runs (a process that exits closes its sockets whatever the code did).
    """
    with ScriptedServer([Step(body=completion(arguments=GOOD).body, delay=120)]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)

        def interrupt_once_asked() -> None:
            while server.count == 0:
                time.sleep(0.02)
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=interrupt_once_asked, daemon=True).start()
        result = CliRunner().invoke(main, ["summarize", str(SEED), "--model", "gpt-4o-mini"])
        for _ in range(200):  # the server notices on its next poll
            if server.hangups:
                break
            time.sleep(0.02)
        assert (result.exit_code, server.hangups) == (130, 1), result.output
