"""What one article carries from round to round: its resume key and the answers it has had.

The conversation is deterministic given its answers (`engine.conversation.resume`), so an
entry is all a later round, or the live path, needs to ask the article's next question.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from openai.types import CompletionUsage
from pydantic import BaseModel, ConfigDict

from summarizer.batch.runner import BatchConfig
from summarizer.engine.conversation import Conversation, Job, Trace, resume
from summarizer.engine.loading import Article, load_article
from summarizer.engine.request import Answer
from summarizer.errors import InputError
from summarizer.fields.base import Extraction


class StoredAnswer(BaseModel):
    """One answer from the provider, as the conversation reads it."""

    model_config = ConfigDict(frozen=True)

    raw: str | None
    finish_reason: str | None = None
    tool_call_id: str | None = None
    tool_name: str | None = None
    usage: dict[str, Any] | None = None
    model: str | None = None

    @classmethod
    def of(cls, answer: Answer) -> StoredAnswer:
        usage = answer.usage
        return cls(
            raw=answer.raw,
            finish_reason=answer.finish_reason,
            tool_call_id=answer.tool_call_id,
            tool_name=answer.tool_name,
            usage=usage.model_dump() if hasattr(usage, "model_dump") else None,
            model=answer.model,
        )

    def answer(self) -> Answer:
        usage = None if self.usage is None else CompletionUsage.model_validate(self.usage)
        return Answer(
            self.raw, self.finish_reason, self.tool_call_id, self.tool_name, usage, self.model, 1
        )


class Entry(BaseModel):
    """One article in one round: which request it is, and what the conversation has had."""

    model_config = ConfigDict(frozen=True)

    custom_id: str
    #: The input path relative to the input folder (a POSIX path).
    path: str
    key: dict[str, str]
    answers: tuple[StoredAnswer, ...] = ()
    #: Rounds in which the provider answered this request with an error, or not at all.
    provider_failures: int = 0
    last_error: str | None = None
    #: Longer than one chunk: read in threads, one per chunk and one for the summary
    #: (`longread.py`); `threads` holds each thread's answers, `thread` is this line's.
    long: bool = False
    threads: tuple[tuple[StoredAnswer, ...], ...] = ()
    thread: int | None = None

    def line(self) -> str:
        return self.model_dump_json() + "\n"


class EntryIndex:
    """A round's index file, looked up by custom_id without holding its entries: only each
    line's offset is kept (a round of 50,000 articles costs a few MB, not its entries' answers).
    A context manager: it keeps the file open while replies are read."""

    def __init__(self, path: Path) -> None:
        self.offsets: dict[str, int] = {}
        self._handle: BinaryIO | None = path.open("rb") if path.exists() else None
        offset = 0
        for line in self._handle or ():
            if line.strip():
                self.offsets.setdefault(json.loads(line)["custom_id"], offset)
            offset += len(line)

    def __enter__(self) -> EntryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()

    def __len__(self) -> int:
        return len(self.offsets)

    def __contains__(self, custom: object) -> bool:
        return custom in self.offsets

    def pop(self, custom: str) -> Entry | None:
        """The entry of `custom`, once: a second reply to the same request is not read again."""
        offset = self.offsets.pop(custom, None)
        if offset is None or self._handle is None:
            return None
        self._handle.seek(offset)
        return Entry.model_validate_json(self._handle.readline())

    def rest(self) -> Iterator[Entry]:
        """The entries no reply named, in the index's order."""
        for custom in sorted(self.offsets, key=self.offsets.__getitem__):
            entry = self.pop(custom)
            if entry is not None:
                yield entry


def read_entries(path: Path) -> Iterator[Entry]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield Entry.model_validate(json.loads(line))


def article_job(config: BatchConfig, entry: Entry) -> tuple[Article, Job] | None:
    """The entry's article read again, and its job; None when it changed or vanished since."""
    try:
        article = load_article(config.input_dir / entry.path, max_bytes=config.run.max_bytes)
    except InputError:
        return None
    if article.sha256 != entry.key.get("sha256"):
        return None
    return article, Job(article, config.schema, config.prompts, config.settings)


def replayed(
    job: Job, entry: Entry, trace: Trace | None = None
) -> tuple[Conversation, dict[str, Any]] | Extraction:
    """The entry's conversation brought to where its answers left it (`conversation.resume`)."""
    return resume(job, [stored.answer() for stored in entry.answers], trace)
