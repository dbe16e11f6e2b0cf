"""Every validation failure carries a stable code: each code raised by a named case, and listed in the docs."""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, ValidationError, field_validator
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import describe, salvage, validate
from summarizer.fields import Extraction, validation_context
from summarizer.records import Code, Issue
from tests.conftest import ROOT

ARTICLE = (
    "The minister Omar Haddad said on 3 March 2025 that exports rose by 12% to 4 million dollars. "
    "The port signed a contract yesterday. Talks resume on 5 May."
)
BASE: dict[str, Any] = {
    "language": "en",
    "headline": "Exports rose",
    "summary": "Exports rose. A contract was signed.",
    "officials": [],
    "agreements": [],
    "figures": [],
    "dates": [],
}


def _official(quote: str) -> dict[str, Any]:
    return {"name": "Omar Haddad", "name_en": "Omar Haddad", "role": "minister", "quote": quote}


def _figure(value: float, unit: str | None, raw: str) -> dict[str, Any]:
    quote = "exports rose by 12% to 4 million dollars"
    return {"value": value, "unit": unit, "raw": raw, "quote": quote, "measures": "exports"}


def _date(value: str | None, raw: str, quote: str) -> dict[str, Any]:
    return {"value": value, "raw": raw, "quote": quote, "event": "talks"}


def _with(**fields: Any) -> str:
    answer = copy.deepcopy(BASE)
    answer.update(fields)
    return json.dumps(answer)


def _news(raw: str, output_language: str | None = None) -> list[Issue]:
    return validate(NewsSummary, raw, validation_context(ARTICLE, None, output_language)).issues


def _without_article() -> list[Issue]:
    data = json.loads(_with(officials=[_official("The minister Omar Haddad")]))
    with pytest.raises(ValidationError) as caught:
        NewsSummary.model_validate(data)
    return describe(caught.value)


class _Plain(Extraction):
    """A user's schema whose validator raises a plain ValueError, with no code."""

    title: str

    @field_validator("title")
    @classmethod
    def _not_shouting(cls, value: str) -> str:
        if value.isupper():
            raise ValueError("title is shouted")
        return value


def _uncoded() -> list[Issue]:
    return validate(_Plain, '{"title": "LOUD"}', {}).issues


def _items_keep_failing() -> list[Issue]:
    """Every other item fails, counted across rounds: salvage never runs out of failing items."""
    calls = itertools.count(1)

    def every_other(value: int) -> int:
        if next(calls) % 2:
            raise ValueError("odd call")
        return value

    class Numbers(Extraction):
        numbers: list[Annotated[int, AfterValidator(every_other)]]

    return salvage(Numbers, json.dumps({"numbers": list(range(8))}), {}).issues


def _engine(raw: str, tool: str | None = None) -> list[Issue]:
    """What the engine finds in one answer before the schema sees it."""
    from summarizer.config import Settings
    from summarizer.engine.conversation import Job, _checked
    from summarizer.engine.loading import Article
    from summarizer.engine.prompting import PromptSet
    from summarizer.engine.request import Answer

    article = Article.from_text(ARTICLE)
    job = Job(article, NewsSummary, PromptSet.load("news"), Settings(api_key="sk-test"))
    answer = Answer(raw, "stop", "call_1" if tool else None, tool, None, None, 1)
    return _checked(job, answer, validation_context(ARTICLE))[1]


def _check_failed(monkeypatch: pytest.MonkeyPatch) -> list[Issue]:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a validator's bug")

    monkeypatch.setattr("summarizer.engine.conversation.judge", broken)
    return _engine(_with())


def _trimmed() -> list[Issue]:
    """Not a failure: what salvage records beside a summary it cut at a sentence end."""
    summary = "Exports rose. A contract was signed. Talks resume. Trade grew. Ports grew."
    outcome = salvage(NewsSummary, _with(summary=summary), validation_context(ARTICLE))
    assert outcome.value is not None
    return [issue for record in outcome.value.withheld for issue in record.issues]


CASES: list[Any] = [
    pytest.param(lambda: _news(""), "", id=Code.EMPTY_ANSWER),
    pytest.param(lambda: _news("I cannot help with that."), "", id=Code.NOT_JSON),
    pytest.param(lambda: _news('{"language": "en", "headline": "cut'), "", id=Code.TRUNCATED),
    pytest.param(
        lambda: _news(json.dumps({k: v for k, v in BASE.items() if k != "headline"})),
        "headline",
        id=Code.SCHEMA,
    ),
    pytest.param(_uncoded, "title", id=Code.INVALID),
    pytest.param(_without_article, "officials[0].name", id=Code.NO_ARTICLE),
    pytest.param(
        lambda: _news(_with(officials=[_official("")])), "officials[0].quote", id=Code.QUOTE_EMPTY
    ),
    pytest.param(
        lambda: _news(_with(officials=[_official("The minister resigned in protest")])),
        "officials[0].quote",
        id=Code.QUOTE_NOT_FOUND,
    ),
    pytest.param(
        lambda: _news(_with(figures=[_figure(12, "%", "exports rose")])),
        "figures[0]",
        id=Code.FIGURE_NO_NUMBER,
    ),
    pytest.param(
        lambda: _news(_with(figures=[_figure(13, "%", "12%")])),
        "figures[0]",
        id=Code.FIGURE_DISAGREES,
    ),
    pytest.param(
        lambda: _news(_with(figures=[_figure(4_000_000, "EUR", "4 million dollars")])),
        "figures[0]",
        id=Code.UNIT_DISAGREES,
    ),
    pytest.param(
        lambda: _news(_with(figures=[_figure(12, "USD", "12")])),
        "figures[0]",
        id=Code.UNIT_NOT_IN_RAW,
    ),
    pytest.param(
        lambda: _news(_with(dates=[_date("March 2025", "3 March 2025", "on 3 March 2025")])),
        "dates[0].value",
        id=Code.DATE_NOT_ISO,
    ),
    pytest.param(
        lambda: _news(_with(dates=[_date("2025-03-04", "3 March 2025", "on 3 March 2025")])),
        "dates[0]",
        id=Code.DATE_DISAGREES,
    ),
    pytest.param(
        lambda: _news(
            _with(dates=[_date("2025-03-02", "yesterday", "The port signed a contract yesterday")])
        ),
        "dates[0]",
        id=Code.DATE_RELATIVE,
    ),
    pytest.param(
        lambda: _news(_with(dates=[_date("2026-05-05", "5 May", "Talks resume on 5 May")])),
        "dates[0]",
        id=Code.YEAR_NOT_IN_ARTICLE,
    ),
    pytest.param(
        lambda: _news(
            _with(
                agreements=[
                    {
                        "name": "port contract",
                        "kind": "contract",
                        "parties": ["the port"],
                        "status": "signed",
                        "date": "2025-03-03",
                        "quote": "The port signed a contract yesterday",
                    }
                ]
            )
        ),
        "agreements[0]",
        id=Code.DATE_WITHOUT_RAW,
    ),
    pytest.param(lambda: _news(_with(language="xx")), "language", id=Code.NOT_IN_REGISTRY),
    pytest.param(
        lambda: _news(_with(headline="Exports rose 99%")), "headline", id=Code.PROSE_NUMBER
    ),
    pytest.param(lambda: _news(_with(summary="Exports rose.")), "summary", id=Code.SENTENCE_COUNT),
    pytest.param(_items_keep_failing, "", id=Code.ITEMS_KEEP_FAILING),
    pytest.param(lambda: _engine("x" * 300_000), "", id=Code.ANSWER_TOO_LARGE),
    pytest.param(lambda: _engine(_with(), tool="delete_all"), "", id=Code.WRONG_FUNCTION),
    pytest.param(lambda: _engine("[" * 10_000 + "]" * 10_000), "", id=Code.TOO_DEEP),
    pytest.param(_check_failed, "", id=Code.CHECK_FAILED),
    pytest.param(
        lambda: _news(
            _with(officials=[{**_official("The minister Omar Haddad"), "country": "IQ"}])
        ),
        "officials[0].country",
        id=Code.COUNTRY_NOT_IN_ARTICLE,
    ),
    pytest.param(
        lambda: _news(
            _with(officials=[{**_official("The minister Omar Haddad"), "role": "وزير"}]), "English"
        ),
        "officials[0].role",
        id=Code.WRONG_LANGUAGE,
    ),
    pytest.param(
        lambda: _news(
            _with(officials=[{**_official("The minister Omar Haddad"), "name_en": "Jamal Jelali"}])
        ),
        "officials[0].name_en",
        id=Code.NAME_MISMATCH,
    ),
    pytest.param(
        lambda: _news(_with(officials=[_official("The port signed a contract yesterday")])),
        "officials[0]",
        id=Code.PARTS_APART,
    ),
    pytest.param(
        lambda: _news(
            _with(dates=[_date(None, "The port", "The port signed a contract yesterday")])
        ),
        "dates[0]",
        id=Code.NO_DATE,
    ),
    pytest.param(
        lambda: _news(
            _with(
                agreements=[
                    {
                        "name": "port contract",
                        "kind": "contract",
                        "parties": ["the port"],
                        "status": "ratified",
                        "quote": "The port signed a contract yesterday",
                    }
                ]
            )
        ),
        "agreements[0].status",
        id=Code.STATUS_NOT_IN_QUOTE,
    ),
    pytest.param(_trimmed, "summary", id=Code.SUMMARY_TRIMMED),
]


@pytest.mark.parametrize(("failing", "location"), CASES)
def test_each_code_is_raised_by_its_validator(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    failing: Callable[..., list[Issue]],
    location: str,
) -> None:
    code = request.node.callspec.id
    issues = failing(monkeypatch) if failing is _check_failed else failing()
    assert {i.code for i in issues} == {code}, issues
    assert issues[0].location == location
    assert issues[0].message and not issues[0].message.startswith("Value error")


def test_every_code_has_a_case() -> None:
    assert sorted(p.id for p in CASES) == sorted(Code)


def test_the_docs_list_every_code_and_no_other() -> None:
    page = (ROOT / "docs" / "validation-codes.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z_]+)` \|", page, flags=re.MULTILINE)
    assert sorted(listed) == sorted(Code)


def test_an_issue_reads_as_the_line_the_model_is_shown() -> None:
    issue = Issue(location="officials[0].quote", code=Code.QUOTE_NOT_FOUND, message="not there")
    assert issue.line == "officials[0].quote: not there"
    assert Issue(code=Code.NOT_JSON, message="not JSON").line == "not JSON"


def test_a_date_the_calendar_refuses_is_not_iso_in_the_calendars_words() -> None:
    raw = _with(dates=[_date("2025-02-30", "3 March 2025", "on 3 March 2025")])
    [issue] = _news(raw)
    assert (issue.location, issue.code) == ("dates[0].value", Code.DATE_NOT_ISO)
    assert issue.message == "day is out of range for month"
