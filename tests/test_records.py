"""Records written by earlier versions still load, with their codes recovered.

tests/data/records-0.1.0/ is a batch output folder as summarizer 0.1.0 wrote it (before codes):
the seed article with an invented quote and a misread figure (salvaged: two items rejected), and
a short English article whose every answer gave a language name instead of a code (failed).
tests/data/records-format-1/ is the same batch as main wrote it just before the record types
(format 1 with codes: the last raw answer twice in a failure record, no version in it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch.revalidate import revalidate_folder
from summarizer.batch.store import OutputStore
from summarizer.evaluation.gold import Gold
from summarizer.evaluation.scoring import Report, score_article
from summarizer.records import (
    RECORD_VERSION,
    Code,
    FailureRecord,
    RejectedItem,
    ResultRecord,
    RunMeta,
    legacy_code,
    stored_issues,
)
from summarizer.schema_export import load_schema
from tests.conftest import SEED

OLD = Path(__file__).parent / "data" / "records-0.1.0"
FORMAT_1 = Path(__file__).parent / "data" / "records-format-1"
#: The failed article of the fixture, as it was in the batch's input folder.
PORT = (
    "The port of Aqaba signed a contract on 3 March 2025 worth 12 million dollars, "
    "the minister said. The agreement covers two berths."
)


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_an_old_result_loads_with_the_codes_of_its_attempts_and_rejections() -> None:
    record = _read(OLD / "seed.txt.json")
    meta = RunMeta.model_validate(record["meta"])
    assert [a.number for a in meta.attempt_log] == [1, 2, 3]
    for attempt in meta.attempt_log:
        assert [(i.location, i.code) for i in attempt.issues] == [
            ("officials[0].quote", Code.QUOTE_NOT_FOUND),
            ("figures[3]", Code.FIGURE_DISAGREES),
        ]
        assert [i.line for i in attempt.issues] == attempt.errors  # the lines are kept as written
    rejected = [RejectedItem.model_validate(r) for r in record["rejected"]]
    assert [(r.field, [i.code for i in r.issues]) for r in rejected] == [
        ("figures", [Code.FIGURE_DISAGREES]),
        ("officials", [Code.QUOTE_NOT_FOUND]),
    ]
    assert rejected[1].issues[0].location == "quote"


def test_an_old_failure_loads_with_the_codes_of_its_attempts() -> None:
    failure = _read(OLD / ".summarizer" / "errors" / "port.txt.json")
    for attempt in failure["attempt_log"]:
        [issue] = stored_issues(attempt, "errors")
        assert (issue.location, issue.code) == ("language", Code.NOT_IN_REGISTRY)


@pytest.mark.parametrize("folder", [OLD, FORMAT_1], ids=["0.1.0", "format-1"])
def test_revalidating_an_old_folder_finds_nothing_changed(tmp_path: Path, folder: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(folder, out)
    source = tmp_path / "in"
    source.mkdir()
    (source / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (source / "port.txt").write_text(PORT, encoding="utf-8")

    changes = revalidate_folder(out, load_schema("news"), input_dir=source)

    assert {c.path: c.status for c in changes} == {"seed.txt": "unchanged", "port.txt": "unchanged"}
    assert _read(out / "seed.txt.json") == _read(folder / "seed.txt.json")


def test_scoring_an_old_result_reads_the_recovered_codes() -> None:
    record = _read(OLD / "seed.txt.json")
    gold = Gold(OLD / "gold.json", OLD / "seed.txt", None, None, {})
    report = Report()
    score_article(gold, ResultRecord.model_validate(record), report)
    kept = sum(len(record["summary"][c]) for c in ("officials", "agreements", "figures", "dates"))
    assert report.predicted_items == kept + 2
    assert report.grounded_items == kept + 1  # the misread figure was found; the invented quote not


@pytest.mark.parametrize("folder", [OLD, FORMAT_1], ids=["0.1.0", "format-1"])
def test_an_old_folder_loads_into_the_record_types(folder: Path) -> None:
    store = OutputStore(folder)
    [result] = store.result_records()
    [failure] = store.failure_records()
    assert result.summarizer_record == 1 and len(result.rejected) == 2
    assert result.meta.schema_key == result.key["schema_version"] == "NewsSummary@2"
    assert result.meta.attempts == len(result.meta.attempt_log) == 3
    assert failure.attempts == len(failure.attempt_log) == 3
    assert failure.raw_output is not None
    assert [a.raw_output for a in failure.attempt_log] == [failure.raw_output] * 3
    assert {i.code for a in failure.attempt_log for i in a.issues} == {Code.NOT_IN_REGISTRY}


def test_a_format_1_result_is_written_back_as_it_was_read() -> None:
    stored = _read(FORMAT_1 / "seed.txt.json")
    assert ResultRecord.model_validate(stored).stored() == stored


def test_a_failure_keeps_its_last_raw_answer_once_and_reads_it_back() -> None:
    old = _read(FORMAT_1 / ".summarizer" / "errors" / "port.txt.json")
    stored = FailureRecord.model_validate(old).stored()
    assert stored["summarizer_record"] == RECORD_VERSION
    assert stored["raw_output"] == old["raw_output"]
    assert "raw_output" not in stored["attempt_log"][-1]
    assert [a["raw_output"] for a in stored["attempt_log"][:-1]] == [old["raw_output"]] * 2
    again = FailureRecord.model_validate(stored)
    assert [a.raw_output for a in again.attempt_log] == [old["raw_output"]] * 3
    assert again.stored() == stored


def test_a_last_answer_other_than_the_last_failed_one_keeps_both() -> None:
    """An internal error after a valid answer: the top raw answer is not the last attempt's."""
    record = FailureRecord.model_validate(
        {
            "path": "a.txt",
            "error_type": "InternalError",
            "message": "unexpected",
            "raw_output": "later",
            "attempt_log": [{"number": 1, "errors": [], "raw_output": None}],
        }
    )
    stored = record.stored()
    assert stored["attempt_log"][-1]["raw_output"] is None
    assert FailureRecord.model_validate(stored).attempt_log[-1].raw_output is None


def test_a_later_format_is_not_read_as_a_result(tmp_path: Path) -> None:
    (tmp_path / "a.txt.json").write_text(
        json.dumps({"summarizer_record": RECORD_VERSION + 1, "path": "a.txt"}), encoding="utf-8"
    )
    assert list(OutputStore(tmp_path).results()) == []


LEGACY: list[Any] = [
    pytest.param("the answer is empty: no JSON object was returned", Code.EMPTY_ANSWER, id="empty"),
    pytest.param(
        "the answer is not valid JSON: Expecting value at character 0", Code.NOT_JSON, id="json"
    ),
    pytest.param(
        "the answer was cut off at the output token limit (finish_reason=length)",
        Code.TRUNCATED,
        id="cut",
    ),
    pytest.param("Field required", Code.SCHEMA, id="pydantic"),
    pytest.param(
        "quote 'x' is not in the article; copy it word for word", Code.QUOTE_NOT_FOUND, id="quote"
    ),
    pytest.param(
        "raw text is empty; copy the words from the article", Code.QUOTE_EMPTY, id="blank"
    ),
    pytest.param(
        "value 2.16 disagrees with raw text '2/16%', which reads as 16.2 %",
        Code.FIGURE_DISAGREES,
        id="value",
    ),
    pytest.param(
        "unit 'EUR' disagrees with raw text '4 million dollars' (4 000 000 USD)",
        Code.UNIT_DISAGREES,
        id="unit",
    ),
    pytest.param(
        "unit 'USD' is not in raw text '12'; include the currency",
        Code.UNIT_NOT_IN_RAW,
        id="unit-missing",
    ),
    pytest.param("raw text 'exports' holds no number", Code.FIGURE_NO_NUMBER, id="no-number"),
    pytest.param(
        "date '2025-03-04' disagrees with raw text '3 March 2025', which reads as 2025-03-03",
        Code.DATE_DISAGREES,
        id="date",
    ),
    pytest.param(
        "raw text 'yesterday' is relative and there is no publication date to anchor it: value must be null",
        Code.DATE_RELATIVE,
        id="relative",
    ),
    pytest.param(
        "year 2026 given for '5 May' appears nowhere in the article",
        Code.YEAR_NOT_IN_ARTICLE,
        id="year",
    ),
    pytest.param(
        "date 'March' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)", Code.DATE_NOT_ISO, id="iso"
    ),
    pytest.param("month must be in 1..12", Code.DATE_NOT_ISO, id="iso-month"),
    pytest.param("day is out of range for month", Code.DATE_NOT_ISO, id="iso-day"),
    pytest.param("Invalid week: 60", Code.DATE_NOT_ISO, id="iso-week"),
    pytest.param(
        "language 'English' is not an ISO 639-1 code such as ar or en",
        Code.NOT_IN_REGISTRY,
        id="language",
    ),
    pytest.param(
        "country 'Persia' is not an ISO 3166-1 alpha-2 code such as IR or RU",
        Code.NOT_IN_REGISTRY,
        id="country",
    ),
    pytest.param(
        "headline gives '99%', which the article does not state; write only numbers",
        Code.PROSE_NUMBER,
        id="prose",
    ),
    pytest.param("summary has 1 sentences; write two to four", Code.SENTENCE_COUNT, id="sentences"),
    pytest.param(
        "date is given without date_raw: copy the date as written in the article",
        Code.DATE_WITHOUT_RAW,
        id="no-raw",
    ),
]


@pytest.mark.parametrize(("message", "code"), LEGACY)
def test_an_old_message_gives_its_code(message: str, code: Code) -> None:
    assert legacy_code(message) == code
