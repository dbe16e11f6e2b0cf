"""Spending caps (issue 15, item 4): checked before each request with an estimate and after it
with the real usage; the batch stops cleanly and a rerun resumes; prices from genai-prices.

Everything runs against the scripted server on loopback, which reports the usage it is told to.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openai
import pytest

from summarizer.api import summarize
from summarizer.batch.runner import BatchConfig, BatchRun
from summarizer.config import BatchSettings, resolve
from summarizer.engine.budget import Budget, Limits, parse_price
from summarizer.engine.prompting import PromptSet
from summarizer.engine.request import request_estimate
from summarizer.errors import (
    ArticleBudgetError,
    ConfigurationError,
    ExtractionError,
    RunBudgetError,
    UnpricedModelError,
)
from summarizer.pricing import Price
from summarizer.records import FailureRecord
from summarizer.schema_export import load_schema
from testkit.answers import answer_for, article_of
from testkit.scripted_server import ScriptedServer, Step, completion

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

KEY = "sk-test-not-a-real-key"
TEXT = "Report: the company hired 120 workers in March, the ministry said."
LONG = " ".join(f"The ministry said exports rose to {n} tonnes in March." for n in range(100, 160))


def _answer(body: dict[str, Any], **usage: int) -> Step:
    return completion(arguments=answer_for(article_of(body)), **usage)


def _estimate(body: dict[str, Any]) -> int:
    return sum(request_estimate(body))


# --- the limits and the meter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "limits",
    [
        pytest.param({"max_cost_usd": 0}, id="zero-cost"),
        pytest.param({"max_tokens_total": -5}, id="negative-tokens"),
        pytest.param({"max_article_tokens": 0}, id="zero-article-tokens"),
    ],
)
def test_a_cap_must_be_positive(limits: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Limits(**limits)


@pytest.mark.parametrize(
    ("model", "price", "refused"),
    [
        pytest.param("my-finetune-7b-xyz", None, True, id="unknown-model-refused"),
        pytest.param("my-finetune-7b-xyz", Price(1.0, 2.0), False, id="unknown-with-a-price"),
        pytest.param("gpt-4o-mini", None, False, id="known-model"),
    ],
)
def test_a_cost_cap_needs_a_price(model: str, price: Price | None, refused: bool) -> None:
    limits = Limits(max_cost_usd=1.0, price=price)
    if refused:
        with pytest.raises(UnpricedModelError) as caught:
            Budget(limits, model)
        assert caught.value.code == "model_not_priced"
        assert "--price" in str(caught.value)
    else:
        assert Budget(limits, model).price is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("0.15/0.60", (0.15, 0.60), id="in-out"),
        pytest.param("0,15/0,6", (0.15, 0.6), id="decimal-commas"),
        pytest.param("0/0", (0.0, 0.0), id="free"),
        pytest.param("0.15", None, id="one-number"),
        pytest.param("a/b", None, id="not-numbers"),
        pytest.param("-1/2", None, id="negative"),
    ],
)
def test_a_price_given_as_in_out(text: str, expected: tuple[float, float] | None) -> None:
    if expected is None:
        with pytest.raises(ConfigurationError):
            parse_price(text)
    else:
        price = parse_price(text)
        assert (price.input_per_mtok, price.output_per_mtok) == expected


def test_a_token_cap_needs_no_price() -> None:
    assert Budget(Limits(max_tokens_total=10), "my-finetune-7b-xyz").price is None


class _Usage:
    def __init__(self, prompt: int, completion: int) -> None:
        self.prompt_tokens, self.completion_tokens = prompt, completion
        self.total_tokens = prompt + completion


@pytest.mark.parametrize(
    ("limits", "steps", "refused_at", "cap"),
    [
        pytest.param(
            Limits(max_tokens_total=1000),
            [(600, _Usage(300, 100)), (600, None)],
            None,
            None,
            id="estimate-then-real-usage-fits",
        ),
        pytest.param(
            Limits(max_tokens_total=1000),
            [(600, _Usage(500, 100)), (600, None)],
            1,
            "max_tokens_total",
            id="real-usage-leaves-no-room",
        ),
        pytest.param(
            Limits(max_tokens_total=1000),
            [(1001, None)],
            0,
            "max_tokens_total",
            id="estimate-alone-passes-the-cap",
        ),
        pytest.param(
            Limits(max_article_tokens=1000),
            [(600, _Usage(500, 100)), (600, None)],
            1,
            "max_article_tokens",
            id="article-cap",
        ),
        pytest.param(
            Limits(max_cost_usd=0.001, price=Price(1.0, 1.0)),
            [(900, _Usage(900, 0)), (200, None)],
            1,
            "max_cost_usd",
            id="cost-cap-at-the-given-price",
        ),
        pytest.param(
            Limits(max_tokens_total=1000),
            [(600, "no-usage"), (600, None)],
            1,
            "max_tokens_total",
            id="an-answer-without-usage-counts-its-estimate",
        ),
        pytest.param(
            Limits(max_tokens_total=1000),
            [(600, "failed"), (600, None)],
            None,
            None,
            id="a-failed-request-costs-nothing",
        ),
    ],
)
def test_the_meter_checks_before_and_settles_after(
    limits: Limits, steps: list[tuple[int, Any]], refused_at: int | None, cap: str | None
) -> None:
    meter = Budget(limits, "gpt-4o-mini").article()
    for number, (estimate, outcome) in enumerate(steps):
        if number == refused_at:
            with pytest.raises((RunBudgetError, ArticleBudgetError)) as caught:
                meter.reserve(estimate - 100, 100)
            assert caught.value.cap == cap
            return
        hold = meter.reserve(estimate - 100, 100)
        if outcome is not None:
            answered = outcome != "failed"
            usage = outcome if isinstance(outcome, _Usage) else None
            meter.settle(hold, usage, answered=answered)
    assert refused_at is None


def test_requests_in_flight_hold_their_estimates() -> None:
    budget = Budget(Limits(max_tokens_total=1000), "gpt-4o-mini")
    first, second = budget.article(), budget.article()
    first.reserve(500, 100)
    with pytest.raises(RunBudgetError):
        second.reserve(400, 100)  # 600 held by the first, 500 more would pass 1000
    assert budget.stopped is not None
    with pytest.raises(RunBudgetError):
        budget.article().reserve(1, 1)  # once reached, every later request is refused


# --- the Python API -------------------------------------------------------------------------------


def _client(server: ScriptedServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)


def test_the_api_refuses_a_request_over_the_article_cap_without_sending_it() -> None:
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server, _client(server) as c:
        with pytest.raises(ArticleBudgetError) as caught:
            summarize(TEXT, client=c, model="gpt-4o-mini", max_article_tokens=100)
        assert server.count == 0
    assert caught.value.code == "budget" and caught.value.cap == "max_article_tokens"


def test_the_article_cap_counts_re_asks() -> None:
    """The first answer fails validation; its re-ask would pass the cap, so it is not sent and
    the error keeps the paid answer and its usage."""
    with ScriptedServer([completion(arguments="{")] * 2) as server, _client(server) as c:
        with pytest.raises(ExtractionError):
            summarize(TEXT, client=c, model="gpt-4o-mini", max_reasks=0)
        first = _estimate(server.requests[0])
        with pytest.raises(ArticleBudgetError) as caught:
            summarize(
                TEXT, client=c, model="gpt-4o-mini", max_reasks=2, max_article_tokens=first + 1200
            )
        assert server.count == 2  # the probe's request and this article's first
    error = caught.value
    assert len(error.answers) == 1 and error.spent is not None and error.spent.total_tokens == 1200


def test_real_usage_over_the_cap_keeps_the_answer_and_refuses_the_next_call() -> None:
    """An estimate can be low: the answer it brought is kept, the run's cap is reached, and a
    budget shared by several calls refuses the next one without sending it."""
    with (
        ScriptedServer(
            responder=lambda body, i: _answer(body, prompt_tokens=90_000, completion_tokens=100)
        ) as server,
        _client(server) as c,
    ):
        budget = Budget(Limits(max_tokens_total=50_000), "gpt-4o-mini")
        result = summarize(TEXT, client=c, model="gpt-4o-mini", budget=budget)
        assert result.meta is not None and result.meta.usage.total_tokens == 90_100
        assert budget.stopped is not None and budget.stopped.cap == "max_tokens_total"
        with pytest.raises(RunBudgetError):
            summarize(TEXT, client=c, model="gpt-4o-mini", budget=budget)
        assert server.count == 1


def test_the_api_cost_cap_on_an_unknown_model_is_an_error_before_any_request() -> None:
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server, _client(server) as c:
        with pytest.raises(UnpricedModelError):
            summarize(TEXT, client=c, model="my-finetune-7b-xyz", max_cost_usd=1.0)
        result = summarize(
            TEXT, client=c, model="my-finetune-7b-xyz", max_cost_usd=1.0, price=Price(0.1, 0.1)
        )
        assert result.meta is not None
        assert server.count == 1


def test_a_shared_budget_and_limits_together_are_refused() -> None:
    budget = Budget(Limits(max_tokens_total=10), "gpt-4o-mini")
    with pytest.raises(ConfigurationError):
        summarize(TEXT, api_key=KEY, budget=budget, max_tokens_total=5)


def test_the_article_cap_counts_every_chunk_and_fails_the_whole_article() -> None:
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server, _client(server) as c:
        with pytest.raises(ArticleBudgetError) as caught:
            summarize(
                LONG, client=c, model="gpt-4o-mini", chunk_chars=1000, max_article_tokens=7000
            )
        sent = server.count
    assert 1 <= sent < 4  # the article has more chunks than that; the rest were not sent
    assert caught.value.spent is not None and caught.value.spent.total_tokens == 1200 * sent


# --- the batch ------------------------------------------------------------------------------------


def _folder(root: Path, n: int) -> Path:
    folder = root / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i}.txt").write_text(
            f"Report {i}: the company hired {100 + i} workers.", encoding="utf-8"
        )
    return folder


def _run(folder: Path, out: Path, server: ScriptedServer, **caps: Any) -> BatchRun:
    config = BatchConfig(
        input_dir=folder,
        out_dir=out,
        schema=load_schema("news"),
        prompts=PromptSet.load("news"),
        settings=resolve(model="gpt-4o-mini", base_url=server.base_url, api_key=KEY),
        run=BatchSettings(concurrency=1, **caps),
    )

    async def go() -> BatchRun:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key=KEY, max_retries=0) as c:
            run = BatchRun(config, c)
            await run.run()
            run.finish(0.0, datetime.now(UTC))
            return run

    return asyncio.run(go())


def test_the_batch_stops_at_the_token_cap_keeps_what_was_in_flight_and_resumes(
    tmp_path: Path,
) -> None:
    folder, out = _folder(tmp_path, 5), tmp_path / "out"
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server:
        probe = _run(folder, tmp_path / "probe", server)
        estimate = max(_estimate(body) for body in server.requests)
        sent = server.count
        assert probe.tally.succeeded == 5 and sent == 5

        run = _run(folder, out, server, max_tokens_total=estimate + 100)
        tally = run.tally
        assert tally.stopped_by == "max_tokens_total"
        assert tally.succeeded == 1 and tally.failed == 0  # the request in flight was kept
        assert server.count == sent + 1
        assert len(list(out.glob("*.json"))) == 2  # one result and run.json
        assert not (out / ".summarizer" / "errors").exists()  # not started: un-done, no record
        manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert manifest["stopped"]["code"] == "max_tokens_total"
        assert manifest["stopped"]["reason"] == "budget"
        assert manifest["budget"]["max_tokens_total"] == estimate + 100
        assert manifest["budget"]["spent_tokens"] == 1200

        again = _run(folder, out, server)
        assert again.tally.skipped == 1 and again.tally.succeeded == 4
        assert server.count == sent + 5  # each article asked once in all


def test_an_article_over_its_cap_fails_with_a_coded_record_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    folder, out = _folder(tmp_path, 3), tmp_path / "out"
    (folder / "long.txt").write_text(LONG, encoding="utf-8")
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server:
        _run(folder, tmp_path / "probe", server)
        short = max(_estimate(b) for b in server.requests if "Report" in article_of(b))
        run = _run(folder, out, server, max_article_tokens=short + 10)
    tally = run.tally
    assert (tally.succeeded, tally.failed, tally.stopped_by) == (3, 1, None)
    record = FailureRecord.model_validate_json(
        (out / ".summarizer" / "errors" / "long.txt.json").read_text(encoding="utf-8")
    )
    assert (record.error_type, record.code) == ("ArticleBudgetError", "max_article_tokens")


def test_the_batch_cost_cap_on_an_unpriced_model_stops_before_any_work(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 1)
    with pytest.raises(UnpricedModelError):
        BatchConfig(
            input_dir=folder,
            out_dir=tmp_path / "out",
            schema=load_schema("news"),
            prompts=PromptSet.load("news"),
            settings=resolve(model="my-finetune-7b-xyz", api_key=KEY),
            run=BatchSettings(max_cost_usd=5.0),
        )
    assert not (tmp_path / "out").exists()  # not even the output folder's lock


def test_run_json_prices_at_the_batch_api_rate_when_asked(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 2)
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server:
        _run(folder, tmp_path / "list", server)
        _run(folder, tmp_path / "batch", server, batch_api_price=True)
    costs = [
        json.loads((tmp_path / name / "run.json").read_text())["estimated_cost_usd"]
        for name in ("list", "batch")
    ]
    assert costs[1] == pytest.approx(costs[0] / 2)


# --- the command line -----------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from summarizer.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Any:
    with ScriptedServer(responder=lambda body, i: _answer(body)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        yield server


def test_batch_stopped_by_a_cap_exits_3_and_a_rerun_resumes(
    tmp_path: Path, endpoint: ScriptedServer
) -> None:
    folder, out = _folder(tmp_path, 4), tmp_path / "out"
    args = ("batch", str(folder), "--out", str(out), "--concurrency", "1")
    code, output = _cli(*args, "--max-tokens-total", "100")
    assert code == 3, output
    assert "Stopped by the budget" in output and "max_tokens_total" in output
    assert endpoint.count == 0  # the first estimate was already over the cap
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["stopped"]["code"] == "max_tokens_total"
    assert run["settings"]["max_tokens_total"] == 100
    code, output = _cli(*args, "--quiet")
    assert code == 0, output
    assert endpoint.count == 4


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        pytest.param((), 2, id="unpriced-model-refused"),
        pytest.param(("--price", "0.1/0.4"), 0, id="with-a-given-price"),
        pytest.param(("--price", "cheap"), 2, id="bad-price"),
    ],
)
def test_batch_cost_cap_on_an_unknown_model(
    tmp_path: Path, endpoint: ScriptedServer, extra: tuple[str, ...], code: int
) -> None:
    folder, out = _folder(tmp_path, 1), tmp_path / "out"
    got, output = _cli(
        "batch",
        str(folder),
        "--out",
        str(out),
        "--quiet",
        "--model",
        "my-finetune-7b-xyz",
        "--max-cost",
        "1",
        *extra,
    )
    assert got == code, output
    assert endpoint.count == (1 if code == 0 else 0)


def test_summarize_over_the_article_cap_exits_3_without_a_request(
    tmp_path: Path, endpoint: ScriptedServer
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, output = _cli("summarize", str(path), "--max-article-tokens", "50")
    assert code == 3, output
    assert "max_article_tokens" in output
    assert endpoint.count == 0


def test_the_budget_exit_code_is_3() -> None:
    from summarizer.cli.exits import Exit

    assert Exit.BUDGET == 3
    assert len({int(e) for e in Exit}) == len(Exit)
