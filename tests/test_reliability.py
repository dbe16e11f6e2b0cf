"""Nothing lost under hostile endpoints, inputs and disks: one article's failure is its own record.

Each test is named after one class of fault (docs/reliability.md lists them). The endpoint is the
project's hostile server (tests/support/hostile.py), live on loopback: a trickling body or an
HTML page with a JSON content type cannot be stored in a cassette.
"""

from __future__ import annotations

import csv
import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer import summarize
from summarizer.batch.naming import MAX_COMPONENT_BYTES, display, output_rel
from summarizer.batch.store import OutputStore
from summarizer.batch.tables import neutral
from summarizer.cli import main
from summarizer.cli.terminal import visible
from summarizer.errors import (
    DeadlineError,
    ExtractionError,
    TransportError,
    redact,
    register_secret,
)
from summarizer.records import FailureRecord
from summarizer.report.highlight import Mark, highlight
from tests.support.hostile import FORMULA, HOSTILE_TEXT, HostileEndpoint

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

KEY = "mykey-abcdef123456"  # no `sk-` prefix: only registration can mask it
GOOD = "Report: the company hired 100 workers.\n"


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileEndpoint]:
    with HostileEndpoint() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        yield server


def _folder(root: Path, *markers: str, good: int = 1) -> Path:
    folder = root / "in"
    folder.mkdir(parents=True, exist_ok=True)
    for marker in markers:
        (folder / f"{marker.lower()}.txt").write_text(
            f"{marker} report: the company hired 120 workers.\nMore text.\n", encoding="utf-8"
        )
    for i in range(good):
        (folder / f"good-{i}.txt").write_text(GOOD, encoding="utf-8")
    return folder


def _batch(folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["batch", str(folder), "--out", str(out), "--quiet", "--concurrency", "2", *extra]
    )
    return result.exit_code, result.output


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _errors(out: Path) -> dict[str, dict[str, Any]]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["path"]: r for r in map(_strict_json, lines)}


def _run(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = _strict_json((out / "run.json").read_text(encoding="utf-8"))
    return data


# 1. An exception that is not ours ends one article, never the run --------------------------------


@pytest.mark.parametrize(
    ("marker", "error_type", "says"),
    [
        pytest.param("HTML200", "TransportError", "could not be read", id="html-page-as-json"),
        pytest.param("EMPTY200", "TransportError", "could not be read", id="empty-body"),
        pytest.param("DEEP", "ExtractionError", "nests too deeply", id="answer-10000-deep"),
        pytest.param("OTHERTOOL", "ExtractionError", "delete_everything", id="other-function"),
        pytest.param("HUGE", "ExtractionError", "over the limit", id="answer-of-5-mb"),
    ],
)
def test_unexpected_exception_is_that_articles_record(
    tmp_path: Path, hostile: HostileEndpoint, marker: str, error_type: str, says: str
) -> None:
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, marker, good=2), out)
    assert code == 1
    failure = _errors(out)[f"{marker.lower()}.txt"]
    assert (failure["error_type"], says in failure["message"]) == (error_type, True)
    assert _run(out)["this_run"]["succeeded"] == 2


def test_unexpected_exception_bad_usage_counts_no_tokens(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, "BADUSAGE", "NEGUSAGE"), out)
    run = _run(out)
    assert (code, run["this_run"]["succeeded"]) == (0, 3)
    assert run["tokens"] == {"prompt": 100, "completion": 50, "total": 150}  # the good one only


def test_unexpected_exception_in_a_validator_is_a_failed_answer(
    tmp_path: Path, hostile: HostileEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a validator's bug")

    monkeypatch.setattr("summarizer.engine.conversation.judge", broken)
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, good=2), out)
    errors = _errors(out)
    assert code == 1
    assert {r["error_type"] for r in errors.values()} == {"ExtractionError"}
    assert all("ZeroDivisionError" in r["message"] for r in errors.values())


def test_unexpected_exception_outside_the_engine_is_an_internal_error(
    tmp_path: Path, hostile: HostileEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, path: Path, rel: str) -> None:
        if "good-0" in rel:
            raise MemoryError("the loader ran out")
        return original(self, path, rel)

    from summarizer.batch.runner import BatchRun

    original = BatchRun._prepare
    monkeypatch.setattr(BatchRun, "_prepare", broken)
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, good=3), out)
    failure = _errors(out)["good-0.txt"]
    assert (code, failure["error_type"], failure["cause"]) == (1, "InternalError", "MemoryError")
    assert _run(out)["this_run"]["succeeded"] == 2


def test_unexpected_exception_inside_the_engine_keeps_what_the_article_cost(
    tmp_path: Path, hostile: HostileEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("finishing failed")

    monkeypatch.setattr("summarizer.engine.conversation._finish", broken)
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, good=1), out)
    failure = FailureRecord.model_validate(_errors(out)["good-0.txt"])
    assert (code, failure.error_type, failure.cause) == (1, "InternalError", "RuntimeError")
    assert failure.raw_output is not None  # the answer paid for is kept for a rescue
    assert failure.usage is not None and failure.usage.requests == 1
    assert _run(out)["tokens"]["total"] == failure.usage.total_tokens > 0


@pytest.mark.parametrize(
    ("marker", "error"),
    [
        pytest.param("DEEP", ExtractionError, id="recursion"),
        pytest.param("HTML200", TransportError, id="json-decode"),
    ],
)
def test_unexpected_exception_from_summarize_is_ours(
    hostile: HostileEndpoint, marker: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        summarize(f"{marker} report: the company hired 120 workers.", transport_attempts=1)


@pytest.mark.parametrize(
    ("number", "fatal_kind", "code"),
    [
        pytest.param(errno.ENOSPC, "output", 1, id="full-disk"),
        pytest.param(errno.EROFS, "output", 1, id="read-only-disk"),
    ],
)
def test_unexpected_exception_disk_stops_the_run_and_keeps_what_was_done(
    tmp_path: Path,
    hostile: HostileEndpoint,
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    fatal_kind: str,
    code: int,
) -> None:
    calls: list[str] = []

    def refusing(self: OutputStore, rel: str, record: dict[str, Any]) -> None:
        calls.append(rel)
        if len(calls) > 2:
            raise OSError(number, os.strerror(number))
        original(self, rel, record)

    original = OutputStore.save_result
    monkeypatch.setattr(OutputStore, "save_result", refusing)
    monkeypatch.setattr(OutputStore, "save_error", refusing)
    out = tmp_path / "out"
    exit_code, output = _batch(_folder(tmp_path, good=30), out, "--concurrency", "1")
    run = _run(out)
    assert (exit_code, run["fatal_kind"]) == (code, fatal_kind)
    assert os.strerror(number) in output
    assert run["folder"]["summaries"] == 2
    assert len(hostile.requests) < 30  # stopped early, not once per article


def test_unexpected_exception_a_refused_file_name_fails_that_article_only(
    tmp_path: Path, hostile: HostileEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing(self: OutputStore, rel: str, record: dict[str, Any]) -> None:
        if "good-1" in rel:
            raise OSError(errno.EINVAL, "Invalid argument")
        original(self, rel, record)

    original = OutputStore.save_result
    monkeypatch.setattr(OutputStore, "save_result", refusing)
    out = tmp_path / "out"
    code, _ = _batch(_folder(tmp_path, good=3), out)
    run = _run(out)
    assert (code, run["this_run"]["succeeded"], run["this_run"]["failed"]) == (1, 2, 1)
    assert [u["path"] for u in run["unwritable"]] == ["good-1.txt"]


def test_unexpected_exception_rejected_key_stops_without_a_request_per_article(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    out = tmp_path / "out"
    folder = _folder(tmp_path, good=0)
    for i in range(20):
        (folder / f"u{i:02d}.txt").write_text(f"UNAUTH article {i}.\n", encoding="utf-8")
    code, _ = _batch(folder, out)
    assert (code, _run(out)["fatal_kind"]) == (2, "configuration")
    assert len(hostile.requests) <= 4


def test_unexpected_exception_endpoint_down_stops_after_a_streak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    import openai

    from summarizer.batch.runner import BatchConfig, BatchRun
    from summarizer.config import BatchSettings, Settings
    from summarizer.engine.prompting import PromptSet
    from summarizer.schema_export import load_schema

    folder = _folder(tmp_path, good=40)
    settings = Settings(api_key="sk-test", base_url="http://127.0.0.1:9/v1", transport_attempts=1)
    config = BatchConfig(
        folder,
        tmp_path / "out",
        load_schema("news"),
        PromptSet.load("news"),
        settings,
        BatchSettings(concurrency=1),
    )

    async def go() -> BatchRun:
        client = openai.AsyncOpenAI(api_key="sk-test", base_url=settings.base_url, max_retries=0)
        batch = BatchRun(config, client)
        await batch.run()
        batch.finish(0.0, __import__("datetime").datetime.now())
        return batch

    batch = asyncio.run(go())
    assert batch.tally.fatal_kind == "endpoint"
    # the articles in flight when the streak was reached end too; no more are started
    assert batch.endpoint_breaker <= batch.tally.failed <= batch.endpoint_breaker + 2


# 2. File names ---------------------------------------------------------------------------------


def test_file_names_long_and_undecodable_are_written(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    folder = _folder(tmp_path, good=0)
    long_name = "عاجل " * 26 + ".txt"  # 238 bytes: the temporary file beside it would not fit
    (folder / long_name).write_text(GOOD, encoding="utf-8")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(GOOD.encode())
    out = tmp_path / "out"
    code, _ = _batch(folder, out)
    summaries = [_strict_json(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert code == 0
    assert sorted(r["path"] for r in summaries) == sorted([long_name, "caf\\xe9.txt"])


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        pytest.param("a.txt", True, id="plain"),
        pytest.param("عاجل " * 21 + ".txt", True, id="arabic-193-bytes"),
        pytest.param("عاجل " * 26 + ".txt", False, id="arabic-238-bytes"),
        pytest.param(os.fsdecode(b"caf\xe9.txt"), False, id="latin-1-bytes"),
        pytest.param("x" * 300, False, id="no-suffix-300"),
    ],
)
def test_file_names_every_output_name_fits_and_is_stable(name: str, kept: bool) -> None:
    derived = output_rel(f"dir/{name}")
    leaf = derived.rsplit("/", 1)[1]
    assert len(leaf.encode("utf-8")) <= MAX_COMPONENT_BYTES  # and it is valid UTF-8
    assert derived == output_rel(f"dir/{name}")
    assert (leaf == name) == kept


def test_file_names_two_long_names_never_share_an_output() -> None:
    stem = "ا" * 150
    assert output_rel(stem + "1.txt") != output_rel(stem + "2.txt")


def test_file_names_display_shows_bad_bytes_as_escapes() -> None:
    assert display(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"


# 3. Symlinks out of the input folder -------------------------------------------------------------


@pytest.mark.parametrize(
    ("follow", "read"),
    [pytest.param(False, False, id="skipped"), pytest.param(True, True, id="followed")],
)
def test_symlink_out_of_the_input_folder(
    tmp_path: Path, hostile: HostileEndpoint, follow: bool, read: bool
) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("PRIVATE diary: 42 secrets.\n", encoding="utf-8")
    folder = _folder(tmp_path)
    (folder / "p.txt").symlink_to(secret)
    out = tmp_path / "out"
    code, _ = _batch(folder, out, *(["--follow-links"] if follow else []))
    sent = json.dumps(hostile.requests)
    run = _run(out)
    assert (code, "PRIVATE" in sent) == (0, read)
    assert (run["skipped_inputs"] != []) == (not read)


def test_symlink_inside_the_input_folder_is_read(tmp_path: Path, hostile: HostileEndpoint) -> None:
    folder = _folder(tmp_path)
    (folder / "alias.txt").symlink_to(folder / "good-0.txt")
    code, _ = _batch(folder, tmp_path / "out")
    assert (code, _run(tmp_path / "out")["this_run"]["succeeded"]) == (0, 2)


# 4. Deadlines ----------------------------------------------------------------------------------


def test_deadline_stops_a_trickling_answer(tmp_path: Path, hostile: HostileEndpoint) -> None:
    out = tmp_path / "out"
    code, _ = _batch(
        _folder(tmp_path, "TRICKLE"), out, "--deadline", "1", "--article-deadline", "2"
    )
    assert (code, _errors(out)["trickle.txt"]["error_type"]) == (1, "DeadlineError")
    assert _run(out)["this_run"]["succeeded"] == 1


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_deadline_applies_to_summarize(monkeypatch: pytest.MonkeyPatch) -> None:
    """The synchronous path gives up on a thread it cannot interrupt; that thread's socket is
    closed when the server goes, which is why this test has its own server."""
    import gc
    import threading

    with HostileEndpoint() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        with pytest.raises(DeadlineError):
            summarize("TRICKLE report: 120 workers.", attempt_deadline=1, transport_attempts=1)
    for thread in threading.enumerate():
        if thread.name == "summarizer-request":
            thread.join(10)
    gc.collect()


# 5. One run per output folder ------------------------------------------------------------------


def test_busy_output_folder_stops_a_second_run(tmp_path: Path, hostile: HostileEndpoint) -> None:
    out = tmp_path / "out"
    (out / "nested").mkdir(parents=True)
    stale = out / "nested" / ".x.json.tmp-summarizer-abc"
    stale.write_text("the other run's file being written", encoding="utf-8")
    with OutputStore(out).lock():
        code, output = _batch(_folder(tmp_path), out)
    assert (code, "another summarizer run is using" in output) == (2, True), output
    assert stale.exists()  # the other run's temporary file is left alone
    assert hostile.requests == []


# 6. Output inside the input ----------------------------------------------------------------------


def test_output_inside_the_input_is_never_read(tmp_path: Path, hostile: HostileEndpoint) -> None:
    folder = _folder(tmp_path, good=3)
    counts = []
    for _ in range(3):
        _batch(folder, folder / "out", "--report", "--force")
        counts.append(_run(folder / "out")["this_run"]["seen"])
    assert counts == [3, 3, 3]


# 7. Model text on the terminal -----------------------------------------------------------------


def test_markup_in_a_headline_is_printed_as_text(hostile: HostileEndpoint, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("MARKUP report: the company hired 120 workers.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["summarize", str(article)])
    assert result.exit_code == 0, result.output
    assert visible(HOSTILE_TEXT) == "[/] [link=https://evil.example]click[/link] \\x1b[H"
    assert visible(HOSTILE_TEXT) in result.output
    assert "\x1b" not in result.output


def test_markup_in_an_error_message_is_printed_as_text(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    result = CliRunner().invoke(
        main, ["batch", str(_folder(tmp_path, "MARKUPERR")), "--out", str(tmp_path / "out")]
    )
    shown = " ".join(result.output.split())  # the terminal wraps long lines
    assert result.exit_code == 1
    assert f"refused: {visible(HOSTILE_TEXT)}" in shown
    assert "\x1b" not in result.output


# 8. CSV formula injection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+SUM(A1)", "'+SUM(A1)", id="plus"),
        pytest.param("-cmd", "'-cmd", id="minus-text"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tx", "'\tx", id="tab"),
        pytest.param("-3.5", "-3.5", id="negative-number-text"),
        pytest.param(-3.5, -3.5, id="negative-number"),
        pytest.param("Iran's minister", "Iran's minister", id="plain-text"),
    ],
)
def test_csv_formula_injection_neutralised(cell: object, written: object) -> None:
    assert neutral(cell) == written


def test_csv_formula_injection_in_a_table(tmp_path: Path, hostile: HostileEndpoint) -> None:
    out = tmp_path / "out"
    _batch(_folder(tmp_path, "FORMULA", good=0), out)
    with (out / "tables" / "figures.csv").open(encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert (row["measures"], row["value"]) == ("'" + FORMULA, "120.0")


# 9. Credentials --------------------------------------------------------------------------------


def test_credentials_never_written_or_printed(tmp_path: Path, hostile: HostileEndpoint) -> None:
    """A key of no known shape, echoed back by the server, is masked everywhere."""
    out = tmp_path / "out"
    code, output = _batch(_folder(tmp_path, "ECHOKEY"), out)
    written = "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert (code, "bad request from key [redacted]" in written) == (1, True)
    assert KEY not in written + output


def test_credentials_in_the_base_url_are_basic_auth_never_stored(
    tmp_path: Path, hostile: HostileEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")  # a keyless server behind a proxy's basic auth
    out = tmp_path / "out"
    url = hostile.base_url.replace("http://", "http://alice:pw-secret-1@")
    code, output = _batch(_folder(tmp_path), out, "--base-url", url)
    written = "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert code == 0
    assert set(hostile.authorizations) == {"Basic YWxpY2U6cHctc2VjcmV0LTE="}  # alice:pw-secret-1
    assert "pw-secret-1" not in written + output
    assert _run(out)["settings"]["base_url"] == hostile.base_url


def test_credentials_in_the_url_and_a_key_are_refused(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    url = hostile.base_url.replace("http://", "http://alice:pw-secret-1@")
    code, output = _batch(_folder(tmp_path), tmp_path / "out", "--base-url", url)
    assert (code, "one Authorization header" in output) == (2, True)
    assert "pw-secret-1" not in output
    assert hostile.requests == []


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("key registered-secret-9 echoed", "key [redacted] echoed", id="registered"),
        pytest.param("http://bob:hunter22@h/v1", "http://[redacted]@h/v1", id="url-password"),
        pytest.param("sk-abcd1234567890", "sk-abcd[redacted]", id="sk-shape"),
        pytest.param("Bearer xyz.123", "Bearer [redacted]", id="bearer"),
        pytest.param("no secret here", "no secret here", id="nothing"),
    ],
)
def test_credentials_redacted(text: str, shown: str) -> None:
    register_secret("registered-secret-9")
    assert redact(text) == shown


# 10. Smaller -----------------------------------------------------------------------------------


def test_smaller_report_survives_400_overlapping_highlights() -> None:
    text = "word " * 1000
    marks = [Mark(i, len(text) - i, item=f"i{i}", category="figures") for i in range(400)]
    html = highlight(text, marks)
    assert html.count('id="h-') == 400


def test_smaller_a_huge_answer_is_not_sent_back_or_stored_whole(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    out = tmp_path / "out"
    _batch(_folder(tmp_path, "HUGE", good=0), out)
    sizes = [len(json.dumps(r)) for r in hostile.requests]
    record = _errors(out)["huge.txt"]
    assert max(sizes) < 100_000
    typed = FailureRecord.model_validate(record)
    assert all(len(a.raw_output or "") < 300_000 for a in typed.attempt_log)


def test_smaller_requests_count_every_request_sent(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    out = tmp_path / "out"
    _batch(_folder(tmp_path, "HTML200", "ECHOKEY"), out)
    assert _run(out)["this_run"]["requests"] == len(hostile.requests)


def test_smaller_negative_tokens_cost_nothing(tmp_path: Path, hostile: HostileEndpoint) -> None:
    out = tmp_path / "out"
    _batch(_folder(tmp_path, "NEGUSAGE", good=0), out, "--model", "gpt-4o-mini")
    run = _run(out)
    assert (run["tokens"]["total"], run["estimated_cost_usd"]) == (0, 0.0)


def test_smaller_a_400_digit_number_stays_valid_json(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    out = tmp_path / "out"
    _batch(_folder(tmp_path, "HUGENUM", good=0), out)
    for path in out.rglob("*.json*"):
        for line in (
            path.read_text(encoding="utf-8").splitlines()
            if path.suffix == ".jsonl"
            else [path.read_text(encoding="utf-8")]
        ):
            _strict_json(line)  # raises on a bare Infinity


def test_smaller_utf8_cut_in_its_last_character_is_kept(
    tmp_path: Path, hostile: HostileEndpoint
) -> None:
    folder = _folder(tmp_path, good=0)
    (folder / "cut.txt").write_bytes(("تقرير: 120 عاملا " + GOOD).encode()[:-2] + "ش".encode()[:1])
    out = tmp_path / "out"
    code, _ = _batch(folder, out)
    record = _strict_json((out / "cut.txt.json").read_text(encoding="utf-8"))
    assert code == 0
    assert record["article"]["notes"] == [
        "the file ends inside a UTF-8 character (cut off?): its broken tail became U+FFFD"
    ]
