"""`summarizer batch --via batch-api|requests-file` and `summarizer batch-status`, in-process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from testkit.answers import answer_for, article_of
from testkit.batches import BatchScript
from testkit.scripted_server import ScriptedServer, Step, completion

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _answer(body: dict[str, Any], index: int) -> Step:
    return completion(arguments=answer_for(article_of(body)))


def _folder(tmp_path: Path, n: int = 3) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(f"Report {i}: the firm hired {100 + i} workers.\n")
    return folder


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    with ScriptedServer(responder=_answer, batch_scripts=[BatchScript(polls=1)]) as scripted:
        monkeypatch.setenv("OPENAI_BASE_URL", scripted.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        yield scripted


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_batch_via_batch_api_submits_then_a_rerun_collects(
    tmp_path: Path, server: ScriptedServer
) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out"
    code, output = _cli("batch", str(folder), "--out", str(out), "--via", "batch-api", "--quiet")
    assert code == 0 and "in_progress" in output and "Rerun" in output
    code, output = _cli("batch-status", str(out))
    assert code == 0 and "round 1: 3 requests" in output
    code, output = _cli("batch", str(folder), "--out", str(out), "--via", "batch-api")
    assert code == 0, output
    assert "done: 3 succeeded" in output
    assert server.batches.created == 1
    assert len((out / "summaries.jsonl").read_text().splitlines()) == 3
    run = json.loads((out / "run.json").read_text())
    assert run["via"] == "batch-api" and run["paths"]["batch"]["requests"] == 3


def test_batch_via_requests_file_needs_no_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out"
    code, output = _cli("batch", str(folder), "--out", str(out), "--via", "requests-file")
    assert code == 0 and "requests.jsonl" in output and "--results" in output
    requests = out / ".summarizer" / "batchapi" / "round-1" / "requests.jsonl"
    results = tmp_path / "results.jsonl"
    with results.open("w") as handle:
        for line in requests.read_text().splitlines():
            request = json.loads(line)
            body = _answer(request["body"], 0).body
            handle.write(
                json.dumps(
                    {
                        "custom_id": request["custom_id"],
                        "error": None,
                        "response": {"status_code": 200, "body": body},
                    }
                )
                + "\n"
            )
    code, output = _cli(
        "batch", str(folder), "--out", str(out), "--via", "requests-file", "--results", str(results)
    )
    assert code == 0, output
    assert len((out / "summaries.jsonl").read_text().splitlines()) == 3


def test_a_failed_batch_exits_1_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ScriptedServer(responder=_answer, batch_scripts=[BatchScript(polls=0, failed=True)]) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        code, output = _cli(
            "batch",
            str(_folder(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--via",
            "batch-api",
            "--wait",
            "--quiet",
        )
    assert code == 1 and "the file was refused" in output


def test_batch_status_of_a_folder_without_a_batch_exits_1(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    code, output = _cli("batch-status", str(tmp_path / "out"))
    assert code == 1 and "has no batch" in output


def test_the_report_is_written_once_the_batch_is_done(
    tmp_path: Path, server: ScriptedServer
) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out"
    args = ("batch", str(folder), "--out", str(out), "--via", "batch-api", "--quiet", "--report")
    assert _cli(*args)[0] == 0 and not (out / "report").exists()  # submitted: nothing to show
    code, output = _cli(*args)
    assert code == 0 and (out / "report" / "index.html").exists(), output
