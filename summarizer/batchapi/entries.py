"""What one article carries from round to round: its resume key and the answers it has had.

The conversation is deterministic given its answers (`engine.conversation.resume`), so an
entry is all a later round, or the live path, needs to ask the article's next question.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    #: Longer than one chunk: read by the live path, which splits it (not sent in a batch).
    long: bool = False

    def line(self) -> str:
        return self.model_dump_json() + "\n"


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
        article = load_article(config.input_dir / entry.path, max_bytes=config.max_bytes)
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
