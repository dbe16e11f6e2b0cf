"""What a folder's batch is doing, for `summarizer batch-status OUT`: read from its state file,
and from the provider when a client is given (no state is changed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summarizer.batchapi.client import TERMINAL, BatchClient, BatchInfo
from summarizer.batchapi.state import BatchState, Part, Round, load_state
from summarizer.errors import BatchAPIError


@dataclass(frozen=True, slots=True)
class Status:
    state: BatchState
    #: the provider's view of the current round's unfinished batches, by batch id, when asked
    batches: dict[str, BatchInfo] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report: a line per round and per part of it, and a last line for the whole."""
        state = self.state
        out = [f"via {state.via}, model {state.fingerprint.get('model')}"]
        for round_ in state.this_run:
            out.append(_round_line(round_))
            if len(round_.parts) > 1 or any(p.batch_id for p in round_.parts):
                out += [f"  {self._part_line(part)}" for part in round_.parts]
        if state.long:
            out.append(f"{state.long} long articles, read in chunks")
        if state.cancelled:
            out.append(f"cancelled by the provider or a user: {', '.join(state.cancelled)}")
        out.append("finished" if state.done else "in progress: rerun the same command to continue")
        return out

    def _part_line(self, part: Part) -> str:
        info = self.batches.get(part.batch_id or "")
        status, counts = (info.status, info.counts) if info else (part.status, part.counts)
        line = f"part {part.index}: {part.requests} requests, {status}"
        if counts.get("total"):
            line += (
                f" ({counts.get('completed', 0)}/{counts['total']} answered, "
                f"{counts.get('failed', 0)} failed)"
            )
        return line + (f", batch {part.batch_id}" if part.batch_id else "")


def _round_line(round_: Round) -> str:
    line = f"round {round_.number}: {round_.requests} requests, {round_.status}"
    if round_.ingest is not None:
        i = round_.ingest
        line += f"; {i.succeeded} done, {i.failed} failed, {i.repair} to repair"
    return line


def status(out_dir: Path, client: BatchClient | None = None) -> Status:
    """The folder's batch state, and with `client` its unfinished batches as the provider sees them."""
    state = load_state(out_dir)
    if state is None:
        raise BatchAPIError(
            f"{out_dir} has no batch: it was not run with --via batch-api or requests-file"
        )
    batches: dict[str, BatchInfo] = {}
    if client is not None and state.rounds and not state.done:
        for part in state.current.parts:
            if part.batch_id and part.status not in TERMINAL:
                batches[part.batch_id] = client.retrieve(part.batch_id)
    return Status(state, batches)
