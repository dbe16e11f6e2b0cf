"""The scripted server, one implementation in process and as the benchmarks' own process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from testkit.scripted_server import ScriptedServer, Step, completion, dropped, error
from tests.conftest import ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
BODY = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}


def _post(base_url: str) -> httpx.Response:
    return httpx.post(f"{base_url}/chat/completions", json=BODY, timeout=10)


ANSWERS = [
    pytest.param(completion(content="{}"), 200, "chat.completion", id="completion"),
    pytest.param(error(429, "slow down", headers={"retry-after": "2"}), 429, None, id="error"),
]


@pytest.mark.parametrize(("step", "status", "kind"), ANSWERS)
def test_a_step_is_answered_and_marked_scripted(step: Step, status: int, kind: str | None) -> None:
    with ScriptedServer([step]) as server:
        response = _post(server.base_url)
    assert response.status_code == status
    assert response.headers["x-summarizer-scripted"] == "true"
    assert response.headers["content-type"] == "application/json"
    for name, value in step.headers.items():
        assert response.headers[name] == value
    assert response.json().get("object") == kind
    assert server.requests == [BODY]


def test_a_dropped_step_closes_the_connection_without_an_answer() -> None:
    with ScriptedServer([dropped(), completion(content="{}")]) as server:
        with pytest.raises(httpx.TransportError):
            _post(server.base_url)
        assert _post(server.base_url).status_code == 200  # the next request is served
    assert len(server.requests) == 2


def test_a_request_past_the_script_is_an_error_naming_the_overrun() -> None:
    with ScriptedServer([completion(content="{}")]) as server:
        _post(server.base_url)
        response = _post(server.base_url)
    assert response.status_code == 500
    assert "request 2 is beyond the script of 1" in response.json()["error"]["message"]


def test_a_responder_answers_every_request_by_its_index() -> None:
    with ScriptedServer(responder=lambda body, i: error(400 + i, f"answer {i}")) as server:
        statuses = [_post(server.base_url).status_code for _ in range(3)]
    assert statuses == [400, 401, 402]


@pytest.mark.slow
def test_the_benchmark_endpoint_is_the_same_server_in_its_own_process(tmp_path: Path) -> None:
    url_file, count_file = tmp_path / "url", tmp_path / "count"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "testkit.endpoint",
            "--faults",
            json.dumps({"rate_500": 1.0}),
            "--url-file",
            str(url_file),
            "--count-file",
            str(count_file),
        ],
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not (url_file.exists() and url_file.read_text()):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        response = _post(url_file.read_text())
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert response.status_code == 500
    assert response.headers["x-summarizer-scripted"] == "true"
    assert count_file.read_text() == "1"


def test_the_files_and_batches_endpoints_run_a_batch_from_the_script() -> None:
    import openai

    from testkit.batches import BatchScript

    lines = "".join(
        json.dumps(
            {"custom_id": f"c{i}", "method": "POST", "url": "/v1/chat/completions", "body": BODY}
        )
        + "\n"
        for i in range(3)
    )
    script = BatchScript(polls=1, fail_lines=frozenset({1}))
    steps = [completion(content="{}"), completion(content="{}")]
    with (
        ScriptedServer(steps, batch_scripts=[script]) as server,
        openai.OpenAI(
            base_url=server.base_url, api_key="sk-test-not-a-real-key", max_retries=0
        ) as client,
    ):
        uploaded = client.files.create(file=("requests.jsonl", lines.encode()), purpose="batch")
        assert [f.id for f in client.files.list(purpose="batch")] == [uploaded.id]
        assert client.files.content(uploaded.id).text == lines
        batch = client.batches.create(
            input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
        )
        assert batch.status == "validating"
        assert client.batches.retrieve(batch.id).status == "in_progress"
        done = client.batches.retrieve(batch.id)
        assert [b.id for b in client.batches.list()] == [batch.id]
        assert done.output_file_id is not None and done.error_file_id is not None
        output = client.files.content(done.output_file_id).text.splitlines()
        errors = client.files.content(done.error_file_id).text.splitlines()
    assert done.status == "completed" and done.request_counts is not None
    assert (done.request_counts.completed, done.request_counts.failed) == (2, 1)
    assert [json.loads(line)["custom_id"] for line in output] == ["c0", "c2"]
    assert json.loads(errors[0])["response"]["status_code"] == 500
    assert server.requests == [BODY, BODY]  # the batch's requests took the server's script
