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
from summarizer.batchapi.longread import read_long
from summarizer.batchapi.state import round_dir
from summarizer.engine.conversation import Job
from summarizer.engine.loading import discover, load_article, outside
from summarizer.engine.longdoc import chunks_of
from summarizer.errors import InputError, SummarizerError
from summarizer.fields.base import Extraction

REQUESTS, INDEX = "requests.jsonl", "index.jsonl"


@dataclass(frozen=True, slots=True)
class Written:
    """One requests file."""

    path: Path
    requests: int
    sha256: str
    bytes: int


def requests_for(job: Job, entry: Entry, number: int) -> Iterator[tuple[Entry, dict[str, Any]]]:
    """The entry's next requests in round `number`: its conversation's next one, or for a long
    article each unfinished thread's (its line's custom_id and `thread` say which).

    None when its answers already end the conversation, which only a newer validation than
    the one that listed it can make happen: the next run finds it not done and asks afresh.
    """
    base = custom_id(entry.path, entry.key, number)
    try:
        resumed = read_long(job, entry.threads) if entry.long else replayed(job, entry)
    except SummarizerError:
        return
    if isinstance(resumed, Extraction):
        return
    if isinstance(resumed, tuple):
        yield entry.model_copy(update={"custom_id": base}), resumed[1]
        return
    for thread, body in resumed:
        yield entry.model_copy(update={"custom_id": f"{base}-t{thread}", "thread": thread}), body


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
    """Round 1's articles from the input folder: skips what is done and records bad inputs;
    a long article is one request per chunk (its summary's request comes in a later round)."""

    config: BatchConfig
    skipped: int = 0
    input_failed: int = 0
    long: int = 0
    outside: int = 0

    def items(
        self, paths: Iterable[Path] | None = None, *, number: int = 1
    ) -> Iterator[tuple[Entry, dict[str, Any]]]:
        """(entry, request body) per request to send, read lazily; `number` is the round's."""
        config = self.config
        store = OutputStore(config.out_dir)
        if paths is None:
            paths = discover(config.input_dir, exclude=[config.out_dir])
        for path in paths:
            found = self._one(store, path, number)
            if found is None:
                continue
            entry, job = found
            if len(chunks_of(job)) > 1:
                self.long += 1
                entry = entry.model_copy(update={"long": True})
            yield from requests_for(job, entry, number)

    def _one(self, store: OutputStore, path: Path, number: int) -> tuple[Entry, Job] | None:
        config = self.config
        rel = path.relative_to(config.input_dir).as_posix()
        if not config.run.follow_outside and outside(path, config.input_dir):
            self.outside += 1
            return None
        try:
            article = load_article(path, max_bytes=config.run.max_bytes)
        except InputError as exc:
            store.save_error(rel, failure_record(rel, exc))
            self.input_failed += 1
            return None
        key = resume_key(article.sha256, config)
        if not config.run.force and store.is_done(rel, key):
            self.skipped += 1
            return None
        entry = Entry(custom_id=custom_id(display(rel), key, number), path=display(rel), key=key)
        return entry, Job(article, config.schema, config.prompts, config.settings)
