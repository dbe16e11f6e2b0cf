"""What a folder's batch is doing, for `summarizer batch-status OUT`: read from its state file,
and from the provider when a client is given (no state is changed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.batchapi.client import BatchClient, BatchInfo
from summarizer.batchapi.state import BatchState, load_state
from summarizer.errors import BatchAPIError


@dataclass(frozen=True, slots=True)
class Status:
    state: BatchState
    #: the provider's view of the current round's batch, when asked
    batch: BatchInfo | None = None

    def lines(self) -> list[str]:
        """The report, one line per round and a last line for the whole."""
        state = self.state
        out = [f"via {state.via}, model {state.fingerprint.get('model')}"]
        for round_ in state.this_run:
            line = f"round {round_.number}: {round_.requests} requests, {round_.status}"
            batch = self.batch if round_ is state.current else None
            counts = batch.counts if batch is not None else round_.counts
            if counts.get("total"):
                line += f" ({counts.get('completed', 0)}/{counts['total']} answered, {counts.get('failed', 0)} failed)"
            if round_.batch_id:
                line += f", batch {round_.batch_id}"
            if round_.ingest is not None:
                i = round_.ingest
                line += f"; {i.succeeded} done, {i.failed} failed, {i.repair} to repair"
            out.append(line)
        if state.long:
            out.append(f"{state.long} long articles for the live path")
        if state.cancelled:
            out.append(f"cancelled by the provider or a user: {', '.join(state.cancelled)}")
        out.append("finished" if state.done else "in progress: rerun the same command to continue")
        return out


def status(out_dir: Path, client: BatchClient | None = None) -> Status:
    """The folder's batch state, and with `client` the current batch as the provider sees it."""
    state = load_state(out_dir)
    if state is None:
        raise BatchAPIError(
            f"{out_dir} has no batch: it was not run with --via batch-api or requests-file"
        )
    current = state.current if state.rounds else None
    batch = None
    if client is not None and current is not None and current.batch_id and not state.done:
        batch = client.retrieve(current.batch_id)
    return Status(state, batch)
