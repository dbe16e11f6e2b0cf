"""The batch JSONL formats: request lines, and every shape of reply a provider writes."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.batchapi.lines import custom_id, reply
from testkit.scripted_server import completion

OK = {"status_code": 200, "request_id": "r", "body": completion(content="{}").body}
REPLIES = [
    pytest.param({"custom_id": "a", "response": OK, "error": None}, None, id="answered"),
    pytest.param(
        {"custom_id": "a", "response": None, "error": {"code": "batch_expired", "message": "late"}},
        "batch_expired: late",
        id="expired",
    ),
    pytest.param(
        {
            "custom_id": "a",
            "response": {"status_code": 500, "body": {"error": {"message": "boom"}}},
        },
        "HTTP 500: boom",
        id="http-error",
    ),
    pytest.param(
        {"custom_id": "a", "response": {"status_code": 200, "body": {"choices": "no"}}},
        "not a chat completion",
        id="not-a-completion",
    ),
    pytest.param({"custom_id": "a"}, "no response", id="no-response"),
]


@pytest.mark.parametrize(("line", "error"), REPLIES)
def test_every_reply_is_a_completion_or_says_why_not(
    line: dict[str, Any], error: str | None
) -> None:
    found = reply(line)
    assert found is not None and found.custom_id == "a"
    if error is None:
        assert found.completion is not None and found.error is None
    else:
        assert found.completion is None and found.error is not None and error in found.error


@pytest.mark.parametrize(
    "line", [pytest.param({"response": OK}, id="no-id"), pytest.param([1], id="not-an-object")]
)
def test_a_line_naming_no_request_is_no_reply(line: Any) -> None:
    assert reply(line) is None


def test_custom_ids_follow_the_resume_key_and_the_round() -> None:
    key = {"sha256": "abc", "model": "m"}
    assert custom_id("a.txt", key, 1) == custom_id("a.txt", dict(reversed(key.items())), 1)
    assert custom_id("a.txt", key, 1) != custom_id("a.txt", key, 2)
    assert custom_id("a.txt", key, 1) != custom_id("b.txt", key, 1)
    assert custom_id("a.txt", key, 1) != custom_id("a.txt", {**key, "model": "n"}, 1)
    assert "a.txt" not in custom_id("a.txt", key, 1)
