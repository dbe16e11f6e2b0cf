"""The batch JSONL formats: one request a line in, one reply a line out.

OpenAI's Batch API, Azure OpenAI's batch deployments and vLLM's offline ``run_batch`` read and
write the same lines::

    {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}
    {"id": "...", "custom_id": "...", "response": {"status_code": 200, "body": {...}}, "error": null}

A reply without a completion (an error line, a non-200 status, a body that is not a chat
completion) is a :class:`Reply` with `completion` None and `error` saying why.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer.batch.store import dumps

ENDPOINT = "/v1/chat/completions"


def custom_id(rel: str, key: dict[str, str], round_: int) -> str:
    """The request's id: the article's path and resume key hashed, and the round.

    Unique per article and round, the same on every rerun, and free of the article's name (a
    provider keeps custom_ids in its logs).
    """
    digest = hashlib.sha256(dumps([rel, dict(sorted(key.items()))]).encode("utf-8")).hexdigest()
    return f"s{digest[:32]}-r{round_}"


def request_line(custom: str, body: dict[str, Any]) -> str:
    return dumps({"custom_id": custom, "method": "POST", "url": ENDPOINT, "body": body}) + "\n"


@dataclass(frozen=True, slots=True)
class Reply:
    custom_id: str
    completion: ChatCompletion | None
    #: Why there is no completion (the provider's error, or what was wrong with the line).
    error: str | None = None


def reply(data: Any) -> Reply | None:
    """One line's reply; None for a line that names no request."""
    if not isinstance(data, dict) or not isinstance(data.get("custom_id"), str):
        return None
    custom = data["custom_id"]
    error, response = data.get("error"), data.get("response")
    if error:
        return Reply(custom, None, _error_text(error))
    if not isinstance(response, dict):
        return Reply(custom, None, "the reply has no response")
    status, body = response.get("status_code"), response.get("body")
    if status != 200:
        detail = body.get("error") if isinstance(body, dict) else body
        return Reply(custom, None, f"HTTP {status}: {_error_text(detail)}")
    try:
        return Reply(custom, ChatCompletion.model_validate(body))
    except ValidationError as exc:
        return Reply(
            custom, None, f"the response is not a chat completion ({exc.error_count()} errors)"
        )


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        parts = [str(error[k]) for k in ("code", "message") if error.get(k)]
        return ": ".join(parts) or json.dumps(error, ensure_ascii=False)[:200]
    return str(error)[:200]


def read_replies(path: Path) -> Iterator[Reply]:
    """The replies of a results or error file, one line at a time; unreadable lines skipped
    (their requests count as unanswered)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                found = reply(json.loads(line))
            except ValueError:
                continue
            if found is not None:
                yield found
