"""One way through the engine: the request laid out once, each answer judged once, the article
carried as one object (engine/request.py, engine/conversation.py, engine/validation.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import summarizer.engine.validation as validation
from summarizer.config import Settings
from summarizer.engine import request
from summarizer.engine.conversation import Job, conversation
from summarizer.engine.loading import Article
from summarizer.engine.prompting import PromptSet
from summarizer.engine.request import Answer, request_kwargs
from summarizer.errors import ExtractionError, InputError
from summarizer.fields.base import Extraction
from summarizer.schema_export import load_schema
from testkit.answers import answer_for

ARTICLE = "The ministry said exports rose to 4500 tonnes in March. Officials expect more next year."


def _job(**settings: Any) -> Job:
    return Job(
        Article.from_text(ARTICLE),
        load_schema("news"),
        PromptSet.load("news"),
        Settings(api_key="sk-test", **settings),
    )


def _answer(data: dict[str, Any]) -> Answer:
    return Answer(json.dumps(data), "stop", "call_1", "NewsSummary", None, "m", 1)


def _drive(job: Job, answers: list[Answer]) -> Extraction:
    chat = conversation(job)
    next(chat)
    for answer in answers:
        try:
            chat.send(answer)
        except StopIteration as done:
            result: Extraction = done.value
            return result
    raise AssertionError("the conversation asked for more answers than given")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    seen: list[str | None] = []
    original = validation.parse_json

    def counted(raw: str | None) -> Any:
        seen.append(raw)
        return original(raw)

    monkeypatch.setattr(validation, "parse_json", counted)
    return seen


def _one_bad_item() -> dict[str, Any]:
    good = answer_for(ARTICLE)
    figure = {**good["figures"][0], "value": 9999}
    return {**good, "figures": [*good["figures"], figure]}


ONCE: list[Any] = [
    pytest.param(0, answer_for, 1, id="valid-first-answer"),
    pytest.param(0, _one_bad_item, 1, id="last-answer-salvaged"),
    pytest.param(1, _one_bad_item, 2, id="reasked-then-salvaged"),
]


@pytest.mark.parametrize(("reasks", "make", "parses"), ONCE)
def test_each_answer_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch,
    reasks: int,
    make: Callable[..., dict[str, Any]],
    parses: int,
) -> None:
    seen = _counting(monkeypatch)
    data = make(ARTICLE) if make is answer_for else make()
    result = _drive(_job(max_reasks=reasks), [_answer(data)] * (reasks + 1))
    assert len(seen) == parses
    assert result.meta is not None and result.meta.attempts == parses


def test_the_last_answer_of_a_salvage_is_recorded_with_its_whole_issues() -> None:
    result = _drive(_job(max_reasks=0), [_answer(_one_bad_item())])
    assert result.meta is not None
    [attempt] = result.meta.attempt_log
    kept = len(result.model_dump()["figures"])
    assert [i.location for i in attempt.issues] == [f"figures[{kept}]"]
    assert [r.field for r in result.rejected] == ["figures"]


def test_strict_mode_neither_salvages_nor_parses_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _counting(monkeypatch)
    with pytest.raises(ExtractionError) as caught:
        _drive(_job(max_reasks=0, strict=True), [_answer(_one_bad_item())])
    assert len(seen) == 1 and len(caught.value.answers) == 1


def test_the_request_template_is_built_once_per_schema_mode_and_options() -> None:
    schema = load_schema("news")
    options = {"model": "gpt-4o-mini", "temperature": 0.0}
    request._request_template.cache_clear()
    for text in ("first article", "second article"):
        messages = [{"role": "system", "content": "S"}, {"role": "user", "content": text}]
        built = request_kwargs(schema, "tools", messages, options)
        assert built == request._build(schema, "tools", messages, options)
    info = request._request_template.cache_info()
    assert (info.misses, info.hits) == (1, 1)


BLANK = [pytest.param("", id="empty"), pytest.param(" \n\t", id="whitespace")]


@pytest.mark.parametrize("text", BLANK)
def test_a_blank_text_is_refused_where_the_article_is_made(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        Article.from_text(text)


def test_a_loaded_article_reaches_the_model_whole_with_its_date_overridable() -> None:
    from datetime import date

    from summarizer.api import _article

    loaded = Article("text", "a.txt", "ab", date(2025, 1, 2), "utf-8", "text")
    assert _article(loaded, None) is loaded
    assert _article(loaded, "2025-03-04").published == date(2025, 3, 4)
    assert _article("text", None).sha256 != loaded.sha256
