"""The next step for an output folder, whatever step the last run stopped at.

One call (:func:`advance`) takes the folder as far as it can go now::

    write requests ─▶ upload ─▶ create batch ─▶ (provider runs it) ─▶ download ─▶ ingest
         ▲                                                                        │
         └──────── repair round (re-asks, failed requests) ◀── or the live path ──┘

Every step is recorded in the state file before the next begins. A step interrupted after its
call reached the provider but before it was recorded is found again at the provider: the file
by its name and size, the batch by its input file. So a rerun never uploads the same requests
twice nor creates a second batch for them. With ``via="requests-file"`` the upload and batch
are someone else's (``vllm run_batch``): the call stops at the requests file, and continues when
given the results file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from summarizer.batch.atomic import remove_stale_temporaries
from summarizer.batch.runner import BatchConfig, BatchRun
from summarizer.batch.store import OutputStore
from summarizer.batchapi.client import (
    MAX_FILE_BYTES,
    MAX_REQUESTS,
    TERMINAL,
    BatchClient,
    BatchInfo,
    wait,
)
from summarizer.batchapi.cost import path_costs, plus
from summarizer.batchapi.entries import Entry, article_job, read_entries
from summarizer.batchapi.ingest import REPAIR, ingest_round
from summarizer.batchapi.repair import repair_live
from summarizer.batchapi.requests_file import FirstRound, Written, requests_for, write_requests
from summarizer.batchapi.state import (
    INGESTED,
    UPLOADED,
    WRITTEN,
    BatchState,
    Ingest,
    Live,
    Part,
    Round,
    Via,
    load_state,
    round_dir,
    save_state,
)
from summarizer.errors import BatchAPIError
from summarizer.records import Usage, schema_key

Repair = Literal["batch", "live"]
Step = Literal["written", "waiting", "cancelled", "done"]
OUTPUT, ERRORS = "output.jsonl", "errors.jsonl"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the folder stands after :func:`advance`."""

    step: Step
    state: BatchState
    #: the requests file to run elsewhere (requests-file), or the one submitted
    requests_file: Path | None = None
    batch: BatchInfo | None = None
    manifest: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Flow:
    config: BatchConfig
    via: Via = "batch-api"
    repair: Repair = "batch"
    #: the provider's files and batches (batch-api)
    batches: BatchClient | None = None
    #: makes an async openai client (inside the run's event loop, which closes it): for
    #: ``repair="live"``
    open_live: Callable[[], Any] | None = None
    #: the most one batch takes (OpenAI: 50,000 requests, 200 MB); larger rounds go in parts
    max_requests: int = MAX_REQUESTS
    max_bytes: int = MAX_FILE_BYTES


def fingerprint(config: BatchConfig) -> dict[str, str]:
    settings = config.settings
    return {
        "model": settings.model,
        "mode": settings.mode,
        "prompt_version": config.prompts.version,
        "schema": schema_key(config.schema.__name__, config.schema.schema_version),
        "max_reasks": str(settings.max_reasks),
    }


def advance(
    flow: Flow,
    *,
    paths: Iterable[Path] | None = None,
    results: Sequence[Path] = (),
    wait_batch: bool = False,
    on_update: Callable[[BatchInfo], None] = lambda info: None,
    poll: Callable[..., BatchInfo] = wait,
) -> Progress:
    """Take the folder as far as it goes now (see the module docstring); holds its lock."""
    if flow.repair == "live" and flow.open_live is None:
        raise BatchAPIError("repair over the live API needs a live client (an endpoint and key)")
    if flow.via == "batch-api" and flow.batches is None:
        raise BatchAPIError("the batch API path needs a client for the provider's batches")
    missing = [str(path) for path in results if not path.is_file()]
    if missing:
        raise BatchAPIError(f"no results file at {', '.join(missing)}")
    store = OutputStore(flow.config.out_dir)
    with store.lock():
        remove_stale_temporaries(flow.config.out_dir)
        return _Advance(flow, wait_batch, on_update, poll).run(paths, list(results))


@dataclass(slots=True)
class _Advance:
    flow: Flow
    wait_batch: bool
    on_update: Callable[[BatchInfo], None]
    poll: Callable[..., BatchInfo]
    #: the provider's last word on each part of the current round, by part index
    _infos: dict[int, BatchInfo] = field(default_factory=dict)

    @property
    def out(self) -> Path:
        return self.flow.config.out_dir

    def run(self, paths: Iterable[Path] | None, results: list[Path]) -> Progress:
        started, started_at = time.perf_counter(), datetime.now(UTC)
        state = self._start(paths, results)
        while True:
            current = state.current
            if current.status == WRITTEN and current.requests == 0:
                state = save_state(self.out, state.with_current(_ingested(current)))
                continue
            if current.status == WRITTEN and self.flow.via == "requests-file":
                if not results:
                    return Progress("written", state, self._file(current, current.parts[0]))
                state = self._ingest(state, results, elsewhere=True)
                results = []  # the next round's results come from the next run
                continue
            if current.status == WRITTEN:
                stopped = self._submit_and_collect(state)
                if isinstance(stopped, Progress):
                    return stopped
                state = stopped
                continue
            following = self._next_round(state)
            if following is None:
                break
            state = following
            current = state.current
            if current.status == WRITTEN and self.flow.via == "requests-file" and current.requests:
                return Progress("written", state, self._file(current, current.parts[0]))
        state = self._live(state)
        manifest = self._finish(state, started, started_at)
        state = save_state(self.out, state.model_copy(update={"done": True}))
        return Progress("done", state, manifest=manifest)

    def _file(self, round_: Round, part: Part) -> Path:
        return round_dir(self.out, round_.number) / part.file

    def _submit_and_collect(self, state: BatchState) -> BatchState | Progress:
        """Upload and create each part's batch, poll them, and ingest them once all have ended:
        the state after ingesting, or where the round stopped (waiting, cancelled)."""
        for part in state.current.parts:
            if part.status == WRITTEN:
                state = self._upload(state, part)
        for part in state.current.parts:
            if part.status == UPLOADED:
                state = self._create(state, part)
        running = [p for p in state.current.parts if p.status not in TERMINAL]
        for part in running:
            state = self._poll(state, part)
        waiting = [p for p in state.current.parts if p.status not in TERMINAL]
        if waiting:
            return Progress("waiting", state, batch=self._infos[waiting[0].index])
        state = self._collect(state)
        cancelled = [p for p in state.current.parts if p.status == "cancelled"]
        if cancelled:
            return Progress("cancelled", state, batch=self._infos.get(cancelled[0].index))
        return state

    # -- the steps ---------------------------------------------------------------------------

    def _start(self, paths: Iterable[Path] | None, results: list[Path]) -> BatchState:
        config = self.flow.config
        state = load_state(self.out)
        print_ = fingerprint(config)
        if state is not None and not state.done:
            if state.fingerprint != print_ or state.via != self.flow.via:
                raise BatchAPIError(
                    f"{self.out} has a batch in progress made with other settings "
                    f"({state.via}, {state.fingerprint}); finish it with those, or use another --out"
                )
            return state
        if results:
            raise BatchAPIError(
                f"{self.out} has no requests file waiting for results: run without results first"
            )
        # The rounds of finished runs are kept, but not one that had nothing to send.
        earlier = tuple(r for r in (state.rounds if state else ()) if r.requests)
        number = earlier[-1].number + 1 if earlier else 1
        first = FirstRound(config)
        written = write_requests(
            self.out, number, first.items(paths, number=number), **self._limits()
        )
        fresh = BatchState(
            via=self.flow.via,
            fingerprint=print_,
            rounds=(*earlier, _round(number, written)),
            long=first.long,
            skipped=first.skipped,
            outside=first.outside,
            input_failed=first.input_failed,
            first_round=number,
        )
        return save_state(self.out, fresh)

    def _limits(self) -> dict[str, int | None]:
        """A provider's batch limits; a requests file for elsewhere is one file."""
        if self.flow.via == "requests-file":
            return {"max_requests": None, "max_bytes": None}
        return {"max_requests": self.flow.max_requests, "max_bytes": self.flow.max_bytes}

    def _client(self) -> BatchClient:
        if self.flow.batches is None:
            raise BatchAPIError("the batch API path needs a client for the provider's batches")
        return self.flow.batches

    def _upload(self, state: BatchState, part: Part) -> BatchState:
        current, client = state.current, self._client()
        name = part.upload_name(current.number)
        file_id = client.find_file(name, part.requests_bytes)
        if file_id is None:
            file_id = client.upload(self._file(current, part), name)
        return self._save_part(
            state, part.model_copy(update={"input_file_id": file_id, "status": UPLOADED})
        )

    def _create(self, state: BatchState, part: Part) -> BatchState:
        current, client = state.current, self._client()
        assert part.input_file_id is not None
        info = client.find_batch(part.input_file_id)
        if info is None:
            metadata = {
                "summarizer_round": str(current.number),
                "summarizer_part": str(part.index),
                "summarizer_requests": part.requests_sha256[:16],
            }
            info = client.create(part.input_file_id, metadata)
        return self._record(state, part, info)

    def _save_part(self, state: BatchState, part: Part) -> BatchState:
        return save_state(self.out, state.with_current(state.current.with_part(part)))

    def _record(self, state: BatchState, part: Part, info: BatchInfo) -> BatchState:
        self._infos[part.index] = info
        update = {
            "batch_id": info.id,
            "status": info.status,
            "counts": info.counts,
            "output_file_id": info.output_file_id,
            "error_file_id": info.error_file_id,
        }
        return self._save_part(state, part.model_copy(update=update))

    def _poll(self, state: BatchState, part: Part) -> BatchState:
        """Ask for (or, with `wait_batch`, wait for) one part's batch."""
        client = self._client()
        assert part.batch_id is not None
        if self.wait_batch:
            info = self.poll(client, part.batch_id, on_update=self.on_update)
        else:
            info = client.retrieve(part.batch_id)
            self.on_update(info)
        return self._record(state, part, info)

    def _collect(self, state: BatchState) -> BatchState:
        """Every part has ended: download what they hold and ingest the round."""
        current, client = state.current, self._client()
        failed = [p for p in current.parts if p.status == "failed"]
        if failed:
            reasons = "; ".join(
                f"batch {p.batch_id}: {'; '.join(self._reasons(p)) or 'no reason given'}"
                for p in failed
            )
            raise BatchAPIError(f"the provider failed {reasons}", status="failed")
        folder, files = round_dir(self.out, current.number), []
        for part in current.parts:
            for file_id, kind in ((part.output_file_id, OUTPUT), (part.error_file_id, ERRORS)):
                if file_id:
                    path = folder / (
                        kind if part.index == 1 else f"{Path(kind).stem}-{part.index}.jsonl"
                    )
                    client.download(file_id, path)
                    files.append(path)
        state = self._ingest(state, files)
        cancelled = tuple(
            p.batch_id for p in current.parts if p.status == "cancelled" and p.batch_id
        )
        if cancelled:
            state = save_state(
                self.out, state.model_copy(update={"cancelled": (*state.cancelled, *cancelled)})
            )
        return state

    def _reasons(self, part: Part) -> tuple[str, ...]:
        info = self._infos.get(part.index)
        return info.errors if info is not None else ()

    def _ingest(
        self, state: BatchState, files: list[Path], *, elsewhere: bool = False
    ) -> BatchState:
        """Read the round's results; results made `elsewhere` must answer some of its requests
        (a stale or wrong file would otherwise count every request as unanswered)."""
        current = state.current
        ingest = ingest_round(self.flow.config, current.number, files, require_match=elsewhere)
        update = {"status": INGESTED, "ingest": ingest}
        return save_state(self.out, state.with_current(current.model_copy(update=update)))

    def _next_round(self, state: BatchState) -> BatchState | None:
        """The repair round after an ingested one, as a batch; None when nothing is left for one."""
        current = state.current
        assert current.ingest is not None
        if current.ingest.repair == 0 or self.flow.repair == "live":
            return None
        config, number = self.flow.config, current.number + 1
        entries = read_entries(round_dir(self.out, current.number) / REPAIR)

        def items() -> Iterable[tuple[Entry, dict[str, Any]]]:
            for entry in entries:
                found = article_job(config, entry)
                if found is not None:  # None: changed since, the next run sees it as new
                    yield from requests_for(found[1], entry, number)

        written = write_requests(self.out, number, items(), **self._limits())
        return save_state(
            self.out, state.model_copy(update={"rounds": (*state.rounds, _round(number, written))})
        )

    def _live(self, state: BatchState) -> BatchState:
        """With ``repair="live"``, the last round's repair list through the live path."""
        current = state.current
        open_live = self.flow.open_live
        if self.flow.repair != "live" or open_live is None or state.live is not None:
            return state
        if current.ingest is None or not current.ingest.repair:
            return state
        left = read_entries(round_dir(self.out, current.number) / REPAIR)

        async def repaired() -> Live:
            client = open_live()
            try:
                return await repair_live(
                    self.flow.config, left, client, concurrency=self.flow.config.run.concurrency
                )
            finally:
                await client.close()

        live = asyncio.run(repaired())
        return save_state(self.out, state.model_copy(update={"live": live}))

    def _finish(self, state: BatchState, started: float, started_at: datetime) -> dict[str, Any]:
        """The aggregates and run.json, by the batch runner's own code, with cost per path."""
        config = self.flow.config
        run = BatchRun(config, None)
        tally = run.tally
        batch = Usage()
        for round_ in state.this_run:
            if round_.ingest is not None:
                tally.succeeded += round_.ingest.succeeded
                tally.failed += round_.ingest.failed
                batch = plus(batch, round_.ingest.usage)
        live = state.live or Live()
        tally.succeeded += live.succeeded
        tally.failed += live.failed + state.input_failed
        tally.skipped = state.skipped
        tally.skipped_outside = state.outside
        tally.seen = (
            state.this_run[0].requests
            + state.long
            + state.skipped
            + state.outside
            + state.input_failed
        )
        total = plus(batch, live.usage)
        tally.prompt_tokens, tally.completion_tokens = total.prompt_tokens, total.completion_tokens
        tally.requests = total.requests
        extra = {
            "via": self.flow.via,
            **path_costs(config.settings.model, batch, live.usage),
            "batch_api": {
                "rounds": [r.model_dump(mode="json") for r in state.this_run],
                "cancelled": list(state.cancelled),
                "long_articles": state.long,
                "repair": self.flow.repair,
            },
        }
        manifest = {**run.finish(started, started_at), **extra}
        run.store.write_json("run.json", manifest)  # again, with the batch's sections
        return manifest


def _round(number: int, written: tuple[Written, ...]) -> Round:
    parts = tuple(
        Part(
            index=index,
            file=part.path.name,
            requests=part.requests,
            requests_sha256=part.sha256,
            requests_bytes=part.bytes,
        )
        for index, part in enumerate(written, 1)
    )
    return Round(number=number, requests=sum(p.requests for p in parts), parts=parts)


def _ingested(current: Round) -> Round:
    """A round with nothing to send: ingested as it stands (everything was done or set aside)."""
    return current.model_copy(update={"status": INGESTED, "ingest": Ingest()})
