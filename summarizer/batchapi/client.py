"""The provider's files and batches endpoints over the openai SDK, and polling a batch.

Only what the flow needs: upload a requests file, find one uploaded before (by its name and
size: a run killed after the upload did not record its id), create a batch or find the one
created before for the same file, read its status, download its output and error files
streamed. Azure OpenAI and any server with OpenAI's `/v1/files` and `/v1/batches` speak the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from summarizer.batch.atomic import atomic_writer
from summarizer.batchapi.lines import ENDPOINT
from summarizer.config import Settings, client_options
from summarizer.engine.transport import TransportPolicy

T = TypeVar("T")
#: Seconds one upload or download may take to answer (a 200 MB file is slow to send).
_LONG_TIMEOUT = 600.0

#: OpenAI's limits for one batch's input file.
MAX_REQUESTS = 50_000
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Statuses after which a batch changes no more.
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
#: A batch listed with one of these is no use again: a new one is created.
_DEAD = frozenset({"failed", "cancelled", "cancelling"})
#: How many of the newest batches are searched for one a killed run created.
_SEARCHED = 100


@dataclass(frozen=True, slots=True)
class BatchInfo:
    id: str
    status: str
    input_file_id: str
    output_file_id: str | None = None
    error_file_id: str | None = None
    total: int = 0
    completed: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {"total": self.total, "completed": self.completed, "failed": self.failed}


class BatchClient(Protocol):
    def find_file(self, name: str, size: int) -> str | None: ...
    def upload(self, path: Path, name: str) -> str: ...
    def find_batch(self, input_file_id: str) -> BatchInfo | None: ...
    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchInfo: ...
    def retrieve(self, batch_id: str) -> BatchInfo: ...
    def download(self, file_id: str, path: Path) -> None: ...
    def close(self) -> None: ...


def _info(batch: Any) -> BatchInfo:
    counts = batch.request_counts
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return BatchInfo(
        id=batch.id,
        status=batch.status,
        input_file_id=batch.input_file_id,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        total=counts.total if counts else 0,
        completed=counts.completed if counts else 0,
        failed=counts.failed if counts else 0,
        errors=tuple(f"{e.code}: {e.message}" for e in errors),
    )


class OpenAIBatches:
    """:class:`BatchClient` over a synchronous `openai.OpenAI` (a handful of calls per round).

    Every call goes through the transport policy (`engine/transport.py`): 429, 5xx and dropped
    connections are retried with backoff, and what is left becomes one of our errors (a
    refused key a `ConfigurationError`, the rest a `TransportError`). Each retry redoes the
    whole call: an upload reopens the file, a download rewrites its temporary file.
    """

    def __init__(self, client: Any, policy: TransportPolicy | None = None) -> None:
        self.client = client
        #: no deadline per try: a 200 MB upload or download takes as long as it takes
        self.policy = policy or TransportPolicy(deadline=None)

    def __enter__(self) -> OpenAIBatches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the SDK client's connections (a context manager does it on leaving)."""
        self.client.close()

    def _call(self, send: Callable[[], T]) -> T:
        return self.policy.call(send)[0]

    def find_file(self, name: str, size: int) -> str | None:
        def find() -> str | None:
            for found in self.client.files.list(purpose="batch"):
                if found.filename == name and found.bytes == size:
                    return str(found.id)
            return None

        return self._call(find)

    def upload(self, path: Path, name: str) -> str:
        def send() -> str:
            with path.open("rb") as handle:
                return str(self.client.files.create(file=(name, handle), purpose="batch").id)

        return self._call(send)

    def find_batch(self, input_file_id: str) -> BatchInfo | None:
        def find() -> BatchInfo | None:
            for number, batch in enumerate(self.client.batches.list(limit=_SEARCHED)):
                if number >= _SEARCHED:
                    break
                if batch.input_file_id == input_file_id and batch.status not in _DEAD:
                    return _info(batch)
            return None

        return self._call(find)

    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchInfo:
        return self._call(
            lambda: _info(
                self.client.batches.create(
                    input_file_id=input_file_id,
                    endpoint=ENDPOINT,
                    completion_window="24h",
                    metadata=metadata,
                )
            )
        )

    def retrieve(self, batch_id: str) -> BatchInfo:
        return self._call(lambda: _info(self.client.batches.retrieve(batch_id)))

    def download(self, file_id: str, path: Path) -> None:
        """Stream the file to `path` atomically: an output file of 10,000 answers is not held."""

        def fetch() -> None:
            with (
                self.client.files.with_streaming_response.content(file_id) as response,
                atomic_writer(path) as handle,
            ):
                for text in response.iter_text():
                    handle.write(text)

        self._call(fetch)


def openai_batches(settings: Settings) -> OpenAIBatches:
    """The provider's batches for `settings` (key, base URL, proxy credentials as for live)."""
    import openai

    return OpenAIBatches(openai.OpenAI(**{**client_options(settings), "timeout": _LONG_TIMEOUT}))


def live_opener(settings: Settings) -> Callable[[], Any]:
    """Makes the async client the live path uses (`Flow.open_live`), inside the run's loop."""
    import openai

    def open_live() -> Any:
        return openai.AsyncOpenAI(
            **client_options(settings), http_client=openai.DefaultAioHttpClient()
        )

    return open_live


def wait(
    client: BatchClient,
    batch_id: str,
    *,
    on_update: Callable[[BatchInfo], None] = lambda info: None,
    first: float = 5.0,
    factor: float = 1.5,
    longest: float = 300.0,
    timeout: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> BatchInfo:
    """Poll until the batch ends (or `timeout` seconds pass), waiting longer each time.

    Batches take minutes to hours: polls start every `first` seconds and stretch by `factor`
    to at most `longest`, which keeps a day's wait to a few hundred requests.
    """
    started, pause = time.monotonic(), first
    while True:
        info = client.retrieve(batch_id)
        on_update(info)
        if info.status in TERMINAL:
            return info
        if timeout is not None and time.monotonic() - started + pause > timeout:
            return info
        sleep(pause)
        pause = min(pause * factor, longest)
