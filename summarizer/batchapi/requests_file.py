"""A round's requests file: one JSONL line per article, the request the live path would send.

The body is the conversation's own next request (`entries.replayed`): the same messages,
model, tools or response format and token limit, laid out by `engine/request.py` once. Lines
are written as the folder is walked, one article at a time, so 10,000 articles are never held
at once; the requests file and its index (custom_id → path, resume key, answers so far) are
each written atomically, and the round is recorded only once both exist.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.batch.atomic import atomic_writer
from summarizer.batch.naming import display
from summarizer.batch.runner import BatchConfig, failure_record, resume_key
from summarizer.batch.store import OutputStore
from summarizer.batchapi.entries import Entry, replayed
from summarizer.batchapi.lines import custom_id, request_line
from summarizer.batchapi.state import round_dir
from summarizer.engine.conversation import Job
from summarizer.engine.loading import discover, load_article, outside
from summarizer.engine.longdoc import chunks_of
from summarizer.errors import InputError, InternalError
from summarizer.fields.base import Extraction

REQUESTS, INDEX, LONG = "requests.jsonl", "index.jsonl", "long.jsonl"


@dataclass(frozen=True, slots=True)
class Written:
    """One requests file."""

    path: Path
    requests: int
    sha256: str
    bytes: int


def next_request(job: Job, entry: Entry) -> dict[str, Any]:
    """The body of the entry's next request; an entry is written only while it has one."""
    resumed = replayed(job, entry)
    if isinstance(resumed, Extraction):
        raise InternalError(f"{entry.path}: its answers already give a result", cause="state")
    return resumed[1]


def part_name(index: int) -> str:
    return REQUESTS if index == 1 else f"requests-{index}.jsonl"


class _Part:
    """The requests file being written, hashed and measured as it goes."""

    def __init__(self, stack: contextlib.ExitStack, folder: Path, index: int) -> None:
        self.path = folder / part_name(index)
        self.stack = stack.enter_context(contextlib.ExitStack())
        self.handle = self.stack.enter_context(atomic_writer(self.path))
        self.digest, self.count, self.size = hashlib.sha256(), 0, 0

    def write(self, data: bytes) -> None:
        self.handle.write(data.decode("utf-8"))
        self.digest.update(data)
        self.size += len(data)
        self.count += 1

    def close(self) -> Written:
        self.stack.close()  # renamed into place
        return Written(self.path, self.count, self.digest.hexdigest(), self.size)


def write_requests(
    out_dir: Path,
    number: int,
    items: Iterable[tuple[Entry, dict[str, Any]]],
    *,
    max_requests: int | None = None,
    max_bytes: int | None = None,
) -> tuple[Written, ...]:
    """Write round `number`'s requests, streamed, in files of at most `max_requests` lines and
    `max_bytes` bytes, and the round's index; each file is renamed into place whole."""
    folder = round_dir(out_dir, number)
    parts: list[Written] = []
    with contextlib.ExitStack() as stack:
        index = stack.enter_context(atomic_writer(folder / INDEX))
        part = _Part(stack, folder, 1)
        for entry, body in items:
            data = request_line(entry.custom_id, body).encode("utf-8")
            full = (max_requests is not None and part.count >= max_requests) or (
                max_bytes is not None and part.count and part.size + len(data) > max_bytes
            )
            if full:
                parts.append(part.close())
                part = _Part(stack, folder, len(parts) + 1)
            part.write(data)
            index.write(entry.line())
        parts.append(part.close())
    return tuple(parts)


@dataclass(slots=True)
class FirstRound:
    """Round 1's articles from the input folder: skips what is done, records bad inputs, and
    sets aside long articles (their chunks depend on each other: the live path reads them)."""

    config: BatchConfig
    skipped: int = 0
    input_failed: int = 0
    long: int = 0
    outside: int = 0

    def items(
        self, paths: Iterable[Path] | None = None, *, number: int = 1
    ) -> Iterator[tuple[Entry, dict[str, Any]]]:
        """(entry, request body) per article to send, read lazily; `number` is the round's."""
        config = self.config
        store = OutputStore(config.out_dir)
        if paths is None:
            paths = discover(config.input_dir, exclude=[config.out_dir])
        with atomic_writer(round_dir(config.out_dir, number) / LONG) as long:
            for path in paths:
                found = self._one(store, path, number)
                if found is None:
                    continue
                entry, job = found
                if len(chunks_of(job)) > 1:
                    self.long += 1
                    long.write(entry.model_copy(update={"long": True}).line())
                    continue
                yield entry, next_request(job, entry)

    def _one(self, store: OutputStore, path: Path, number: int) -> tuple[Entry, Job] | None:
        config = self.config
        rel = path.relative_to(config.input_dir).as_posix()
        if not config.follow_outside and outside(path, config.input_dir):
            self.outside += 1
            return None
        try:
            article = load_article(path, max_bytes=config.max_bytes)
        except InputError as exc:
            store.save_error(rel, failure_record(rel, exc))
            self.input_failed += 1
            return None
        key = resume_key(article.sha256, config)
        if not config.force and store.is_done(rel, key):
            self.skipped += 1
            return None
        entry = Entry(custom_id=custom_id(display(rel), key, number), path=display(rel), key=key)
        return entry, Job(article, config.schema, config.prompts, config.settings)
