"""Reading a model's raw answer: what is tolerated, and how each failure is described."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.engine.validation import CUT_OFF, parse_json

READABLE = [
    pytest.param('{"a": 1}', {"a": 1}, id="plain"),
    pytest.param('```json\n{"a": 1}\n```', {"a": 1}, id="markdown-fence"),
    pytest.param('Here you go: {"a": 1} Hope it helps.', {"a": 1}, id="chatter-around"),
    pytest.param(
        '{"a": "line one\nline two"}', {"a": "line one\nline two"}, id="raw-newline-in-string"
    ),
]


@pytest.mark.parametrize(("raw", "expected"), READABLE)
def test_answers_that_are_read(raw: str, expected: Any) -> None:
    assert parse_json(raw) == expected


UNREADABLE = [
    pytest.param("", "empty", id="empty"),
    pytest.param("I cannot help with that.", "not valid JSON", id="prose"),
    pytest.param('{"a": "cut in the mid', CUT_OFF, id="cut-inside-a-string"),
    pytest.param('{"a": 1, "b": [1, 2', CUT_OFF, id="cut-inside-a-list"),
    pytest.param('{"a": 1,, "b": 2}', "not valid JSON", id="broken-in-the-middle"),
]


@pytest.mark.parametrize(("raw", "message"), UNREADABLE)
def test_answers_that_are_not_read_say_why(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_json(raw)
