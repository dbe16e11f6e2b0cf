"""The folder's record of its batch rounds: `OUT/.summarizer/batchapi/state.json`.

Written atomically after every step, before the next one starts; with the provider's own
listing of files and batches (`flow.py` looks there for what a killed run sent but did not
record), a rerun never uploads the same requests twice nor creates a second batch for them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.batch.atomic import write_atomic
from summarizer.batch.store import STATE_DIR
from summarizer.errors import BatchAPIError
from summarizer.records import Usage

STATE_VERSION = 1
Via = Literal["batch-api", "requests-file"]

#: A part's steps: written, uploaded, then its batch's status at the provider; a round is
#: written until its replies are read, then ingested.
WRITTEN, UPLOADED, INGESTED = "written", "uploaded", "ingested"


def folder(out_dir: Path) -> Path:
    return out_dir / STATE_DIR / "batchapi"


def round_dir(out_dir: Path, number: int) -> Path:
    return folder(out_dir) / f"round-{number}"


class Ingest(BaseModel):
    """What reading one round's replies did."""

    model_config = ConfigDict(frozen=True)

    succeeded: int = 0
    failed: int = 0
    #: left for the next round: answers to re-ask, and requests the provider did not answer
    repair: int = 0
    provider_failed: int = 0
    #: the article changed or vanished since its request was written: left for the next run
    changed: int = 0
    usage: Usage = Field(default_factory=Usage)


class Part(BaseModel):
    """One requests file of a round and its batch: a provider takes at most so many requests
    (OpenAI: 50,000 or 200 MB) in one batch, so a large round is sent in parts."""

    model_config = ConfigDict(frozen=True)

    index: int
    #: the requests file's name in the round's folder
    file: str
    requests: int
    requests_sha256: str
    requests_bytes: int
    #: written, uploaded, then the provider's batch status (validating ... cancelled)
    status: str = WRITTEN
    input_file_id: str | None = None
    batch_id: str | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict[str, int] = {}

    def upload_name(self, round_number: int) -> str:
        """The uploaded file's name: found again by it when a killed run did not record its id."""
        return f"summarizer-{self.requests_sha256[:16]}-r{round_number}-p{self.index}.jsonl"


class Round(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    requests: int
    parts: tuple[Part, ...] = ()
    #: written until its replies are read, then ingested
    status: str = WRITTEN
    ingest: Ingest | None = None

    def with_part(self, part: Part) -> Round:
        parts = tuple(part if p.index == part.index else p for p in self.parts)
        return self.model_copy(update={"parts": parts})


class Live(BaseModel):
    """What the live path did for the articles the batch left over."""

    model_config = ConfigDict(frozen=True)

    succeeded: int = 0
    failed: int = 0
    usage: Usage = Field(default_factory=Usage)


class BatchState(BaseModel):
    model_config = ConfigDict(frozen=True)

    summarizer_batch_state: int = STATE_VERSION
    via: Via
    #: The settings every round's requests were written with (a rerun must match them).
    fingerprint: dict[str, str]
    rounds: tuple[Round, ...] = ()
    #: The round that read the input folder in this run (earlier rounds: finished runs before).
    first_round: int = 1
    #: Articles longer than one chunk, read in threads (`longread.py`).
    long: int = 0
    skipped: int = 0
    #: links leading out of the input folder, not read (the batch runner's --follow-links)
    outside: int = 0
    input_failed: int = 0
    live: Live | None = None
    cancelled: tuple[str, ...] = ()
    done: bool = False

    @property
    def this_run(self) -> tuple[Round, ...]:
        """The rounds since the input folder was last read (earlier ones: finished runs)."""
        return tuple(r for r in self.rounds if r.number >= self.first_round)

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    def with_current(self, round_: Round) -> BatchState:
        return self.model_copy(update={"rounds": (*self.rounds[:-1], round_)})


def load_state(out_dir: Path) -> BatchState | None:
    path = folder(out_dir) / "state.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise BatchAPIError(f"{path} cannot be read ({exc}): move it aside to start over") from None
    version = data.get("summarizer_batch_state") if isinstance(data, dict) else None
    if version != STATE_VERSION:
        raise BatchAPIError(
            f"{path} is of batch state format {version!r}; this summarizer reads {STATE_VERSION}"
        )
    try:
        return BatchState.model_validate(data)
    except ValidationError as exc:
        raise BatchAPIError(f"{path} is not a batch state: {exc.error_count()} errors") from None


def save_state(out_dir: Path, state: BatchState) -> BatchState:
    write_atomic(folder(out_dir) / "state.json", state.model_dump_json(indent=2) + "\n")
    return state
