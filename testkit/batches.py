"""The files and batches endpoints of the scripted server: OpenAI's Batch API, in memory.

`POST /v1/files` keeps an upload, `GET /v1/files` lists them, `GET /v1/files/{id}/content` serves
one; `POST /v1/batches` runs every request line of the input file through the server's own
script at once (the same answers a live request would get), `GET /v1/batches/{id}` reports it
in progress for a scripted number of polls, then finished. A :class:`BatchScript` makes one
batch fail some requests (error-file lines), expire or be cancelled part-way, or fail whole.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Answers one request body: (HTTP status, response body); the server's script behind it.
Answerer = Callable[[dict[str, Any]], tuple[int, dict[str, Any] | None]]


@dataclass(frozen=True)
class BatchScript:
    """How one batch goes."""

    #: retrievals that report the batch in progress before it ends
    polls: int = 1
    #: line numbers (from 0) the provider fails: an error-file line with HTTP 500
    fail_lines: frozenset[int] = frozenset()
    #: after this many lines the batch stops: "expired" (the rest as batch_expired errors) or
    #: "cancelled" (the rest absent)
    stop_after: int | None = None
    stop_as: str = "expired"
    #: the whole batch fails (the input file was refused): no output at all
    failed: bool = False


@dataclass
class _Batch:
    data: dict[str, Any]
    final: dict[str, Any]
    polls_left: int


@dataclass
class ScriptedBatches:
    answer: Answerer
    scripts: Sequence[BatchScript] = ()
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, _Batch] = field(default_factory=dict)
    #: how many uploads and batch creations were asked (a rerun must add none)
    uploads: int = 0
    created: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _id(self, prefix: str) -> str:
        return f"{prefix}-scripted-{next(self._ids)}"

    def upload(self, filename: str, purpose: str, content: bytes) -> dict[str, Any]:
        with self._lock:
            self.uploads += 1
            file_id = self._id("file")
            self.files[file_id] = _file(file_id, filename, purpose, len(content))
            self.contents[file_id] = content
        return self.files[file_id]

    def _store(self, name: str, lines: list[dict[str, Any]]) -> str | None:
        if not lines:
            return None
        content = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        return str(self.upload(name, "batch_output", content.encode("utf-8"))["id"])

    def create(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Run the batch now; None when the input file is unknown."""
        input_id = body.get("input_file_id")
        if input_id not in self.contents:
            return None
        with self._lock:
            script = (
                self.scripts[self.created] if self.created < len(self.scripts) else BatchScript()
            )
            self.created += 1
            batch_id = self._id("batch")
        requests = [
            json.loads(line) for line in self.contents[input_id].decode().splitlines() if line
        ]
        outputs: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        status = "completed"
        for number, request in enumerate(requests):
            custom = request.get("custom_id")
            if script.stop_after is not None and number >= script.stop_after:
                status = script.stop_as
                if status == "expired":
                    errors.append(
                        {
                            "id": f"r{number}",
                            "custom_id": custom,
                            "response": None,
                            "error": {
                                "code": "batch_expired",
                                "message": "This request could not be executed before the completion window expired.",
                            },
                        }
                    )
                continue
            if number in script.fail_lines:
                errors.append(
                    _line(
                        number,
                        custom,
                        500,
                        {"error": {"message": "scripted provider failure", "type": "server_error"}},
                    )
                )
                continue
            code, answer = self.answer(request.get("body") or {})
            (outputs if code == 200 else errors).append(_line(number, custom, code, answer))
        counts = {"total": len(requests), "completed": len(outputs), "failed": len(errors)}
        data = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body.get("endpoint", "/v1/chat/completions"),
            "input_file_id": input_id,
            "completion_window": body.get("completion_window", "24h"),
            "created_at": 1_750_000_000,
            "metadata": body.get("metadata"),
            "status": "validating",
            "request_counts": {"total": len(requests), "completed": 0, "failed": 0},
        }
        if script.failed:
            final = {
                **data,
                "status": "failed",
                "errors": {
                    "object": "list",
                    "data": [
                        {
                            "code": "invalid_json_line",
                            "message": "scripted: the file was refused",
                            "line": 1,
                        }
                    ],
                },
            }
        else:
            final = {
                **data,
                "status": status,
                "request_counts": counts,
                "output_file_id": self._store(f"{batch_id}_output.jsonl", outputs),
                "error_file_id": self._store(f"{batch_id}_error.jsonl", errors),
            }
        with self._lock:
            self.batches[batch_id] = _Batch(data, final, script.polls)
        return data

    def retrieve(self, batch_id: str) -> dict[str, Any] | None:
        with self._lock:
            batch = self.batches.get(batch_id)
            if batch is None:
                return None
            if batch.polls_left > 0:
                batch.polls_left -= 1
                return {**batch.data, "status": "in_progress"}
            return batch.final

    def listed(self) -> list[dict[str, Any]]:
        """Newest first, each as a retrieval would report it now (without using up a poll)."""
        with self._lock:
            return [
                {**b.data, "status": "in_progress"} if b.polls_left else b.final
                for b in reversed(self.batches.values())
            ]


def _file(file_id: str, filename: str, purpose: str, size: int) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 1_750_000_000,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
    }


def _line(number: int, custom: Any, status: int, body: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": f"batch_req_{number}",
        "custom_id": custom,
        "response": {"status_code": status, "request_id": f"req_{number}", "body": body},
        "error": None,
    }
