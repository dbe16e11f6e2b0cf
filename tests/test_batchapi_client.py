"""The provider's batches over the openai SDK: polling with backoff, the transport's retries."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest
from openai.types import Batch
from tenacity import wait_none

from summarizer.batchapi.client import BatchInfo, OpenAIBatches, wait
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import ConfigurationError


class _Statuses:
    def __init__(self, *statuses: str) -> None:
        self.statuses = list(statuses)

    def retrieve(self, batch_id: str) -> BatchInfo:
        return BatchInfo(batch_id, self.statuses.pop(0), "file-1")


def test_waiting_polls_less_often_as_the_batch_runs_on() -> None:
    slept: list[float] = []
    client = _Statuses(*["in_progress"] * 6, "completed")
    seen: list[str] = []
    info = wait(
        client,
        "b",
        sleep=slept.append,
        first=2,
        factor=2,
        longest=10,
        on_update=lambda i: seen.append(i.status),
    )
    assert info.status == "completed"
    assert slept == [2, 4, 8, 10, 10, 10]
    assert seen[-1] == "completed" and len(seen) == 7


def test_waiting_gives_up_at_its_timeout_with_the_batch_still_running() -> None:
    client = _Statuses(*["in_progress"] * 3)
    info = wait(client, "b", sleep=lambda s: None, first=5, timeout=1)
    assert info.status == "in_progress"


class _Flaky:
    """An openai client whose batches.retrieve fails as scripted, then answers."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.batches = self

    def retrieve(self, batch_id: str) -> Any:
        if self.failures:
            raise self.failures.pop(0)
        return Batch(
            id=batch_id,
            object="batch",
            endpoint="/v1/chat/completions",
            input_file_id="file-1",
            completion_window="24h",
            created_at=0,
            status="completed",
            request_counts={"total": 2, "completed": 2, "failed": 0},
        )


_REQUEST = httpx.Request("GET", "http://127.0.0.1:9/v1/batches/b")


def _policy() -> TransportPolicy:
    return TransportPolicy(
        attempts=3, sleep=lambda seconds: None, backoff=wait_none(), deadline=None
    )


def test_the_batch_client_retries_what_the_transport_retries() -> None:
    flaky = _Flaky(openai.APIConnectionError(request=_REQUEST))
    info = OpenAIBatches(flaky, _policy()).retrieve("b")
    assert (info.status, info.total, info.completed) == ("completed", 2, 2)


def test_a_refused_key_at_the_batch_endpoints_is_a_configuration_error() -> None:
    refused = openai.AuthenticationError(
        "bad key", response=httpx.Response(401, request=_REQUEST), body=None
    )
    with pytest.raises(ConfigurationError, match="credentials"):
        OpenAIBatches(_Flaky(refused), _policy()).retrieve("b")


def test_the_wait_bar_follows_each_batch_it_is_told_of() -> None:
    import io

    from rich.console import Console

    from summarizer.batchapi.waiting import WaitBar

    console = Console(file=io.StringIO(), width=120)
    with WaitBar(console) as bar:
        bar.update(BatchInfo("b1", "in_progress", "f", total=4, completed=1))
        bar.update(BatchInfo("b1", "completed", "f", total=4, completed=3, failed=1))
        bar.update(BatchInfo("b2", "validating", "f"))
    task = bar.progress.tasks[bar.tasks["b1"]]
    assert (task.completed, task.total, task.fields["status"]) == (4, 4, "completed")
    assert len(bar.tasks) == 2
