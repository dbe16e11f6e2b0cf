"""What a run reports besides the summary: usage, attempts, timing, rejected items."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Usage(BaseModel):
    """Tokens summed over every attempt of one article, failed attempts included."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    requests: int = 0

    def add(self, usage: Any) -> None:
        """Add an openai `CompletionUsage` (or None, for servers that report none)."""
        self.requests += 1
        if usage is None:
            return
        self.prompt_tokens += _count(getattr(usage, "prompt_tokens", 0))
        self.completion_tokens += _count(getattr(usage, "completion_tokens", 0))
        self.total_tokens += _count(getattr(usage, "total_tokens", 0))


def _count(value: Any) -> int:
    """A token count as servers should report it; a string, a negative or a fraction counts 0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return max(value, 0)


class RejectedItem(BaseModel):
    """An item the model proposed that never validated; kept for review, never as fact."""

    field: str
    item: Any
    reasons: list[str]


class AttemptInfo(BaseModel):
    number: int
    errors: list[str] = Field(default_factory=list)
    finish_reason: str | None = None
    transport_tries: int = 1
    """Requests sent for this attempt: 1 plus transport retries (429, 5xx, dropped connections)."""
    seconds: float


class RunMeta(BaseModel):
    """Where a summary came from: enough to reproduce, audit and cost it."""

    model: str
    served_model: str | None = None
    mode: str
    prompt_version: str
    schema_name: str
    schema_version: str
    attempts: int
    attempt_log: list[AttemptInfo]
    usage: Usage
    seconds: float
    raw_output: str | None
    """The model's last raw answer, as received: the input of offline re-validation."""
    merged_duplicates: int = 0
