"""The news schema: its checked-in JSON Schema and its own rules beyond the field types."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from summarizer.schemas.news import NewsSummary

from summarizer.fields import validation_context
from summarizer.schema_export import export, load_schema
from tests.conftest import ROOT, SEED

ARTICLE = SEED.read_text(encoding="utf-8")
GOOD = json.loads((Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8"))


def test_checked_in_json_schema_is_current() -> None:
    checked_in = (ROOT / "schemas" / "news.schema.json").read_text(encoding="utf-8")
    assert checked_in == export(NewsSummary), "run: summarizer schema > schemas/news.schema.json"


def test_closed_sets_are_enums_for_the_model() -> None:
    defs = json.loads(export(load_schema("news")))["$defs"]
    assert "memorandum" in defs["Agreement"]["properties"]["kind"]["enum"]
    assert "being_implemented" in defs["Agreement"]["properties"]["status"]["enum"]


def _validate(data: dict[str, Any]) -> NewsSummary:
    return NewsSummary.model_validate(data, context=validation_context(ARTICLE))


def test_seed_answer_validates_with_every_span_in_place() -> None:
    result = _validate(GOOD)
    assert len(result.officials) == 4
    for official in result.officials:
        assert ARTICLE[official.name.start : official.name.end] == official.name.text


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


RULES = [
    pytest.param(
        ("summary",), "One sentence only.", "summary has 1 sentences", id="summary-too-short"
    ),
    pytest.param(("language",), "Arabic", "ISO 639-1", id="language-not-a-code"),
    pytest.param(("language",), "js", "ISO 639-1", id="language-shaped-but-unassigned"),
    pytest.param(("officials", 0, "country"), "Iran", "ISO 3166-1", id="country-not-a-code"),
    pytest.param(
        ("officials", 0, "country"), "XX", "ISO 3166-1", id="country-shaped-but-unassigned"
    ),
    pytest.param(
        ("officials", 0, "name"), "كاظم جلال زاده", "not in the article", id="name-not-in-article"
    ),
    pytest.param(
        ("agreements", 0, "date_raw"), None, "without date_raw", id="agreement-date-unsupported"
    ),
    pytest.param(
        ("agreements", 0, "date"), "2025-01-18", "reads as 2025-01-17", id="agreement-date-wrong"
    ),
    pytest.param(("agreements", 0, "kind"), "pact", "treaty", id="kind-outside-closed-set"),
]


@pytest.mark.parametrize(("path", "value", "message"), RULES)
def test_news_rules(path: tuple[Any, ...], value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _validate(_with(path, value))


#: The seed article, with a sentence that names the countries of the reserved codes below.
NAMING = ARTICLE + "\nKosovo, the European Union and Britain were not mentioned above."

CODES = [
    pytest.param(("language",), " AR ", "ar", id="language-case-and-spaces-forgiven"),
    pytest.param(("officials", 0, "country"), "ir", "IR", id="country-case-forgiven"),
    pytest.param(("officials", 0, "country"), "XK", "XK", id="kosovo-reserved-code-accepted"),
    pytest.param(("officials", 0, "country"), "EU", "EU", id="eu-reserved-code-accepted"),
    pytest.param(("officials", 0, "country"), "uk", "GB", id="uk-stands-for-gb"),
]


@pytest.mark.parametrize(("path", "value", "stored"), CODES)
def test_codes_are_normalised(path: tuple[Any, ...], value: str, stored: str) -> None:
    data = _with(path, value)
    result = NewsSummary.model_validate(data, context=validation_context(NAMING)).model_dump()
    for key in path:
        result = result[key]
    assert result == stored


def test_sent_schema_requires_every_list_and_shapes_the_codes() -> None:
    """Grammar-constrained servers must not let a model skip the lists or write a prose code."""
    sent = json.loads(export(NewsSummary))
    assert set(sent["required"]) >= {"officials", "agreements", "figures", "dates"}
    assert sent["properties"]["language"]["pattern"] == "^[a-z]{2}$"
    country = sent["$defs"]["Official"]["properties"]["country"]["anyOf"]
    assert {"type": "string", "pattern": "^[A-Z]{2}$"} in country
    assert _validate({k: GOOD[k] for k in ("language", "headline", "summary")}).figures == []


def test_same_official_twice_is_merged() -> None:
    data = copy.deepcopy(GOOD)
    twice = dict(data["officials"][0], organisation="Embassy of Iran in Moscow")
    data["officials"][0]["organisation"] = None
    data["officials"].append(twice)
    result = _validate(data)
    assert [o.name_en for o in result.officials].count("Kazem Jalali") == 1
    assert result.officials[0].organisation == "Embassy of Iran in Moscow"
