"""`summarizer batch` against the scripted server running live on loopback.

Batch runs are concurrent, so their request order is not fixed and cannot be replayed from a
cassette; the scripted server answers each request from the article it carries instead.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.batch.atomic import TEMP_MARK
from summarizer.cli import main
from summarizer.records import FailureRecord
from testkit.answers import answer_for, article_of
from testkit.faults import FaultyEndpoint
from testkit.scripted_server import ScriptedServer, Step, completion, error
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

ENGLISH = (
    "The ministry said exports rose to 4500 tonnes in March.\n\nOfficials expect more next year."
)


def _corpus(root: Path, n: int = 3) -> Path:
    folder = root / "in"
    (folder / "nested").mkdir(parents=True)
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "nested" / "note.md").write_text(
        f"---\npublished: 2025-04-30\n---\n{ENGLISH}", encoding="utf-8"
    )
    for i in range(n - 2):
        (folder / f"extra-{i:03d}.txt").write_text(
            f"Report {i}: the company hired {100 + i} workers.\n", encoding="utf-8"
        )
    return folder


def _bad_inputs(folder: Path) -> dict[str, str]:
    """File names say nothing of the fault, so a reason found in a message came from the check."""
    (folder / "one.txt").write_text("  \n\t ", encoding="utf-8")
    (folder / "two.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "three.txt").write_text("word " * 5000, encoding="utf-8")
    return {"one.txt": "only whitespace", "two.txt": "binary", "three.txt": "size limit"}


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedServer]:
    with ScriptedServer(responder=FaultyEndpoint()) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        yield server


def _batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args, "--quiet"])
    return result.exit_code, result.output


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _no_temporaries(out: Path) -> None:
    assert not [p for p in out.rglob("*") if TEMP_MARK in p.name]


def test_batch_writes_every_output_and_records_bad_inputs(
    tmp_path: Path, endpoint: ScriptedServer
) -> None:
    folder = _corpus(tmp_path, n=4)
    bad = _bad_inputs(folder)
    out = tmp_path / "out"
    code, output = _batch(str(folder), "--out", str(out), "--max-bytes", "10000")

    assert code == 1, output  # some inputs failed
    for rel in ("seed.txt", "nested/note.md", "extra-000.txt", "extra-001.txt"):
        record = json.loads((out / f"{rel}.json").read_text(encoding="utf-8"))
        assert record["path"] == rel
        assert record["key"]["sha256"] == record["article"]["sha256"]
        assert record["meta"]["raw_output"]
    note = json.loads((out / "nested" / "note.md.json").read_text(encoding="utf-8"))
    assert note["article"]["published"] == "2025-04-30"
    assert len(_lines(out / "summaries.jsonl")) == 4
    errors = {e["path"]: e for e in _lines(out / "errors.jsonl")}
    assert set(errors) == set(bad)
    for rel, reason in bad.items():
        assert reason in str(errors[rel]["message"])
        assert errors[rel]["error_type"] == "InputError"
    with (out / "tables" / "figures.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["path"] for r in rows} >= {"extra-000.txt", "nested/note.md"}
    assert all(r["raw"] and int(r["raw_end"]) > int(r["raw_start"]) for r in rows)
    for name in ("officials", "agreements", "dates"):
        assert (out / "tables" / f"{name}.csv").read_text(encoding="utf-8").startswith("path,")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["this_run"]["succeeded"] == 4 and run["this_run"]["failed"] == 3
    assert run["tokens"]["total"] == 4 * 1200
    assert run["estimated_cost_usd"] is not None  # gpt-4o-mini has a known price
    assert "sk-test" not in json.dumps(run)
    _no_temporaries(out)


def test_rerun_skips_done_articles_and_force_redoes_them(
    tmp_path: Path, endpoint: ScriptedServer
) -> None:
    folder = _corpus(tmp_path)
    out = tmp_path / "out"
    assert _batch(str(folder), "--out", str(out))[0] == 0
    sent = len(endpoint.requests)

    assert _batch(str(folder), "--out", str(out))[0] == 0
    assert len(endpoint.requests) == sent  # nothing asked again
    assert json.loads((out / "run.json").read_text())["this_run"]["skipped"] == 3

    (folder / "seed.txt").write_text(
        SEED.read_text(encoding="utf-8") + "\nتحديث.", encoding="utf-8"
    )
    assert _batch(str(folder), "--out", str(out))[0] == 0
    assert len(endpoint.requests) == sent + 1  # only the changed article

    assert _batch(str(folder), "--out", str(out), "--force")[0] == 0
    assert len(endpoint.requests) == sent + 4
    assert len(_lines(out / "summaries.jsonl")) == 3


def test_faults_lose_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"a{i:02d}.txt").write_text(
            f"Item {i}: exports reached {1000 + i} tonnes.\n", encoding="utf-8"
        )
    faults = FaultyEndpoint(
        rate_429=0.1,
        rate_500=0.05,
        rate_drop=0.02,
        rate_invalid_first=0.3,
        rate_malformed_first=0.1,
        retry_after="0.05",
        seed=3,
    )
    out = tmp_path / "out"
    with ScriptedServer(responder=faults) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        code, output = _batch(str(folder), "--out", str(out), "--concurrency", "6")
        requests = len(server.requests)
    done = {r["path"] for r in _lines(out / "summaries.jsonl")}
    failed = {r["path"] for r in _lines(out / "errors.jsonl")}
    assert done | failed == {f"a{i:02d}.txt" for i in range(40)}
    assert not done & failed
    assert code == (1 if failed else 0), output
    assert requests <= 2.0 * 40  # our retries and the SDK's never multiply
    assert any(
        r.get("messages", [{}])[-1].get("role") == "tool" for r in server.requests
    )  # re-asks happened
    _no_temporaries(out)


def test_configuration_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _corpus(tmp_path)
    code, output = _batch(str(folder), "--out", str(tmp_path / "out"))
    assert code == 2 and "OPENAI_API_KEY" in output
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    code, output = _batch(str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert code == 2 and "does not exist" in output


def test_rejected_key_stops_the_run_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path, n=6)
    with ScriptedServer(
        responder=lambda body, i: error(401, "Incorrect API key provided")
    ) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        code, output = _batch(str(folder), "--out", str(tmp_path / "out"), "--concurrency", "1")
        assert len(server.requests) < 6  # stopped instead of failing every article the same way
    assert code == 2 and "credentials" in output
    assert "sk-test-not-a-real-key" not in output


def _spawn(folder: Path, out: Path, base_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "sk-test-not-a-real-key",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "summarizer.cli",
            "batch",
            str(folder),
            "--out",
            str(out),
            "--quiet",
            "--concurrency",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for_results(out: Path, at_least: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while len(list(out.glob("a*.txt.json"))) < at_least:
        assert proc.poll() is None, "batch ended before it could be interrupted"
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_run_leaves_no_partial_file_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sig: signal.Signals
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(20):
        (folder / f"a{i:02d}.txt").write_text(
            f"Note {i}: output was {200 + i} units.\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    with ScriptedServer(responder=FaultyEndpoint(latency=0.15)) as server:
        proc = _spawn(folder, out, server.base_url)
        _wait_for_results(out, 3, proc)
        proc.send_signal(sig)
        output = proc.communicate(timeout=60)[0].decode()
        for path in out.rglob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))  # every visible file is whole
        if sig == signal.SIGINT:
            assert proc.returncode == 130, output
            assert "To resume, run" in output
            assert json.loads((out / "run.json").read_text())["interrupted"] is True
        kept = len(list(out.glob("a*.txt.json")))
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        code, output = _batch(str(folder), "--out", str(out))
    assert code == 0, output
    run = json.loads((out / "run.json").read_text())
    assert run["this_run"]["skipped"] == kept
    assert run["this_run"]["succeeded"] == 20 - kept
    assert len(_lines(out / "summaries.jsonl")) == 20
    _no_temporaries(out)


def test_batch_report_flag_writes_the_report(tmp_path: Path, endpoint: ScriptedServer) -> None:
    folder = _corpus(tmp_path)
    out = tmp_path / "out"
    code, output = _batch(str(folder), "--out", str(out), "--report")
    assert code == 0, output
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "seed.txt" in index
    assert len(list((out / "report" / "articles").glob("*.html"))) == 3  # one page per article


def test_a_failure_record_keeps_every_attempts_errors_and_the_last_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")

    def never_a_code(body: dict[str, object], i: int) -> Step:
        return completion(arguments={**answer_for(article_of(body)), "language": f"English {i}"})

    with ScriptedServer(responder=never_a_code) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        code, output = _batch(str(folder), "--out", str(tmp_path / "out"))
    assert code == 1, output
    [failure] = _lines(tmp_path / "out" / "errors.jsonl")
    assert failure["error_type"] == "ExtractionError"
    log = failure["attempt_log"]
    assert isinstance(log, list) and [a["number"] for a in log] == [1, 2, 3]
    for attempt, request in zip(log, range(3), strict=True):
        assert attempt["errors"] == [
            f"language: language 'English {request}' is not an ISO 639-1 code such as ar or en"
        ]
        assert attempt["issues"] == [  # the same, with its code beside the message
            {
                "location": "language",
                "code": "not_in_registry",
                "message": f"language 'English {request}' is not an ISO 639-1 code such as ar or en",
            }
        ]
    typed = FailureRecord.model_validate(failure)  # the last answer is stored once, at the top
    assert "raw_output" not in log[-1] and all("raw_output" in a for a in log[:-1])
    for attempt, request in zip(typed.attempt_log, range(3), strict=True):  # each answer kept
        assert f'"language": "English {request}"' in str(attempt.raw_output)
    assert failure["raw_output"] == typed.attempt_log[-1].raw_output


def test_the_input_is_walked_once(
    tmp_path: Path, endpoint: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk that sizes the progress bar also feeds the run."""
    import summarizer.batch.execute as execute
    import summarizer.batch.runner as runner
    import summarizer.engine.loading as loading
    from summarizer.engine.loading import discover

    walks: list[Path] = []

    def counted(root: Path, **kwargs: Any) -> Any:
        walks.append(root)
        return discover(root, **kwargs)

    monkeypatch.setattr(execute, "discover", counted)
    monkeypatch.setattr(loading, "discover", counted)
    monkeypatch.setattr(runner, "discover", counted)
    code, output = _batch(str(_corpus(tmp_path)), "--out", str(tmp_path / "out"))
    assert code == 0, output
    assert len(walks) == 1
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 3
