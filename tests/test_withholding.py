"""Attribute checks on the seed article, and what salvage does with an attribute that fails.

A failing attribute of a grounded item is withheld (null, its value and coded reason recorded
in `withheld`); the item is kept. The seed's correct answer passes every check.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from summarizer.schemas.news import NewsSummary

from summarizer.engine.validation import salvage, validate
from summarizer.fields import validation_context
from tests.conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")
GOOD: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8")
)
CONTEXT = validation_context(ARTICLE, None, "English")


def _changed(path: tuple[Any, ...], value: Any) -> str:
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data, ensure_ascii=False)


def test_seed_answer_passes_every_attribute_check() -> None:
    outcome = validate(NewsSummary, json.dumps(GOOD, ensure_ascii=False), CONTEXT)
    assert outcome.issues == []


WITHHELD = [
    pytest.param(("officials", 0, "country"), "IQ", "country_not_in_article", id="country-iraq"),
    pytest.param(("officials", 0, "name_en"), "Jamal Jelali", "name_mismatch", id="invented-name"),
    pytest.param(("officials", 0, "role"), "سفير إيران", "wrong_language", id="role-in-arabic"),
    pytest.param(
        ("officials", 1, "organisation"), "الكرملين", "wrong_language", id="organisation-in-arabic"
    ),
    pytest.param(("figures", 0, "measures"), "إنتاج السيارات", "wrong_language", id="measures-ar"),
    pytest.param(("dates", 0, "event"), "توقيع المعاهدة", "wrong_language", id="event-in-arabic"),
    pytest.param(("agreements", 0, "name"), "المعاهدة", "wrong_language", id="agreement-name-ar"),
    pytest.param(("headline",), "إيران وروسيا تعززان التعاون", "wrong_language", id="headline-ar"),
    pytest.param(("summary",), "Iran wants more.", "sentence_count", id="summary-one-sentence"),
    pytest.param(
        ("agreements", 3, "status"), "ratified", "status_not_in_quote", id="status-not-in-quote"
    ),
]


@pytest.mark.parametrize(("path", "value", "code"), WITHHELD)
def test_failing_attribute_is_withheld_and_its_item_kept(
    path: tuple[Any, ...], value: Any, code: str
) -> None:
    outcome = salvage(NewsSummary, _changed(path, value), CONTEXT)
    assert outcome.value is not None
    (withheld,) = outcome.value.withheld
    location = path[0] if len(path) == 1 else f"{path[0]}[{path[1]}].{path[2]}"
    assert (withheld.location, withheld.value, [i.code for i in withheld.issues]) == (
        location,
        value,
        [code],
    )
    assert outcome.rejected == []
    target: Any = outcome.value
    for key in path:
        target = target[key] if isinstance(key, int) else getattr(target, key)
    assert target is None


def test_a_party_the_article_does_not_name_is_dropped_from_the_list() -> None:
    outcome = salvage(NewsSummary, _changed(("agreements", 0, "parties"), ["IR", "IQ"]), CONTEXT)
    assert outcome.value is not None
    assert outcome.value.agreements[0].parties == ["IR"]
    assert [(w.location, w.value) for w in outcome.value.withheld] == [
        ("agreements[0].parties[1]", "IQ")
    ]


def test_withheld_location_follows_the_item_after_a_rejection() -> None:
    data = copy.deepcopy(GOOD)
    data["officials"][0]["quote"] = "a sentence the article never wrote"
    data["officials"][1]["country"] = "IQ"
    outcome = salvage(NewsSummary, json.dumps(data, ensure_ascii=False), CONTEXT)
    assert outcome.value is not None
    assert [w.location for w in outcome.value.withheld] == ["officials[0].country"]
    assert outcome.value.officials[0].name_en == "Dmitry Peskov"


def test_withheld_values_are_in_the_record() -> None:
    outcome = salvage(NewsSummary, _changed(("officials", 0, "country"), "IQ"), CONTEXT)
    assert outcome.value is not None
    record = outcome.value.to_record()
    assert record["summary"]["officials"][0]["country"] is None
    assert record["withheld"][0]["value"] == "IQ"


def test_article_language_is_read_from_the_text() -> None:
    outcome = validate(NewsSummary, _changed(("language",), "fr"), CONTEXT)
    assert outcome.value is not None
    assert outcome.value.language == "ar"


def test_the_model_is_told_before_anything_is_withheld() -> None:
    """Between re-asks the check fails the answer, so the model gets a chance to fix it."""
    outcome = validate(NewsSummary, _changed(("officials", 0, "country"), "IQ"), CONTEXT)
    assert [(i.location, i.code) for i in outcome.issues] == [
        ("officials[0].country", "country_not_in_article")
    ]


def _cut_inside(text: str, marker: str) -> str:
    return text[: text.index(marker) + len(marker)]


def test_an_answer_cut_off_keeps_its_complete_items() -> None:
    full = json.dumps(GOOD, ensure_ascii=False)
    cut = _cut_inside(full, '"raw": "أكثر من')  # inside the second figure
    outcome = salvage(NewsSummary, cut, CONTEXT)
    assert outcome.value is not None
    assert (len(outcome.value.officials), len(outcome.value.figures)) == (4, 1)
    assert outcome.value.dates == []
    assert [(r.field, [i.code for i in r.issues]) for r in outcome.rejected] == [
        ("figures", ["truncated"])
    ]


def test_an_answer_cut_after_a_complete_item_loses_nothing_it_holds() -> None:
    full = json.dumps(GOOD, ensure_ascii=False)
    end = full.index('"figures"')
    cut = full[:end].rstrip(", ")  # the agreements list is complete, not closed by a bracket
    cut = cut[: cut.rindex("]")]  # its closing bracket gone: the answer stops after a brace
    outcome = salvage(NewsSummary, cut, CONTEXT)
    assert outcome.value is not None
    assert (len(outcome.value.agreements), outcome.rejected) == (len(GOOD["agreements"]), [])
