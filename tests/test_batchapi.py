"""The provider's batch path (`summarizer.batchapi`) against the scripted server on loopback.

The scripted server answers a batch's requests from the same script as live requests (the
article's own mechanical answer, `testkit.answers`), so the batch path and the live path can
be compared answer for answer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from summarizer.batch.runner import BatchConfig, BatchRun
from summarizer.batchapi.client import BatchInfo, OpenAIBatches, live_opener, openai_batches
from summarizer.batchapi.flow import Flow, Progress, advance
from summarizer.batchapi.state import load_state
from summarizer.batchapi.status import status
from summarizer.config import Settings
from summarizer.engine.prompting import PromptSet
from summarizer.errors import BatchAPIError
from summarizer.report import write_report
from summarizer.schema_export import load_schema
from testkit.answers import answer_for, article_of
from testkit.batches import BatchScript
from testkit.scripted_server import ScriptedServer, Step, completion

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
KEY = "sk-test-not-a-real-key"


def _articles(root: Path, n: int = 4) -> Path:
    folder = root / "in"
    (folder / "nested").mkdir(parents=True)
    for i in range(n):
        where = folder / "nested" if i % 2 else folder
        (where / f"a{i:02d}.txt").write_text(
            f"Report {i}: the company hired {100 + i} workers in March.\n\nMore may follow.\n",
            encoding="utf-8",
        )
    return folder


def _answer(body: dict[str, Any], index: int) -> Step:
    return completion(arguments=answer_for(article_of(body)))


def _config(folder: Path, out: Path, base_url: str, **settings: Any) -> BatchConfig:
    return BatchConfig(
        input_dir=folder,
        out_dir=out,
        schema=load_schema("news"),
        prompts=PromptSet.load("news"),
        settings=Settings(model="gpt-4o-mini", api_key=KEY, base_url=base_url, **settings),
    )


def _no_wait(client: Any, batch_id: str, **options: Any) -> BatchInfo:
    """`client.wait` without sleeping: poll until the scripted batch ends."""
    while True:
        info: BatchInfo = client.retrieve(batch_id)
        if info.status in {"completed", "failed", "expired", "cancelled"}:
            return info


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer(responder=_answer) as scripted:
        yield scripted


_OPEN: list[OpenAIBatches] = []


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    """Every client a test opened is closed after it (an open socket warns in a later test)."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def _batches(server: ScriptedServer) -> OpenAIBatches:
    _OPEN.append(openai_batches(Settings(api_key=KEY, base_url=server.base_url)))
    return _OPEN[-1]


def _run(config: BatchConfig, server: ScriptedServer, **flow: Any) -> Progress:
    return advance(Flow(config, batches=_batches(server), **flow), wait_batch=True, poll=_no_wait)


def _opener(server: ScriptedServer) -> Any:
    return live_opener(Settings(api_key=KEY, base_url=server.base_url))


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_batch_is_submitted_collected_and_written_like_a_live_run(
    tmp_path: Path, server: ScriptedServer
) -> None:
    folder, out = _articles(tmp_path), tmp_path / "out"
    progress = _run(_config(folder, out, server.base_url), server)

    assert progress.step == "done"
    assert (server.batches.uploads, server.batches.created) == (1 + 1, 1)  # requests, output
    assert len(_lines(out / "summaries.jsonl")) == 4
    assert (out / "nested" / "a01.txt.json").exists()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["via"] == "batch-api"
    assert run["this_run"]["succeeded"] == 4
    batch = run["paths"]["batch"]
    assert (batch["requests"], batch["prompt"], batch["completion"]) == (4, 4000, 800)
    assert run["paths"]["live"]["total"] == 0
    assert run["estimated_cost_usd"] == pytest.approx(run["estimated_cost_without_batch_usd"] / 2)
    assert write_report(out).exists()  # the review pages read a batch folder as a live one


def _comparable(record: dict[str, Any]) -> Any:
    """A record without what timing changes (seconds) from run to run."""
    if isinstance(record, dict):
        return {k: _comparable(v) for k, v in record.items() if k != "seconds"}
    if isinstance(record, list):
        return [_comparable(v) for v in record]
    return record


def _live(config: BatchConfig, server: ScriptedServer) -> None:
    async def go() -> None:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key=KEY) as client:
            await BatchRun(config, client.with_options(max_retries=0)).run()

    asyncio.run(go())
    BatchRun(config, None).finish(0.0, __import__("datetime").datetime.now())


def test_the_batch_path_writes_what_the_live_path_writes_for_the_same_answers(
    tmp_path: Path, server: ScriptedServer
) -> None:
    folder = _articles(tmp_path)
    _live(_config(folder, tmp_path / "live", server.base_url), server)
    live_bodies = list(server.requests)
    _run(_config(folder, tmp_path / "batch", server.base_url), server)

    requests = _lines(
        tmp_path / "batch" / ".summarizer" / "batchapi" / "round-1" / "requests.jsonl"
    )
    assert {r["url"] for r in requests} == {"/v1/chat/completions"}
    key = lambda body: json.dumps(body, sort_keys=True)  # noqa: E731
    assert sorted(map(key, (r["body"] for r in requests))) == sorted(map(key, live_bodies))
    live = [_comparable(r) for r in _lines(tmp_path / "live" / "summaries.jsonl")]
    batch = [_comparable(r) for r in _lines(tmp_path / "batch" / "summaries.jsonl")]
    assert batch == live
    for name in ("figures", "officials", "agreements", "dates"):
        assert (tmp_path / "batch" / "tables" / f"{name}.csv").read_text() == (
            tmp_path / "live" / "tables" / f"{name}.csv"
        ).read_text()


class KilledError(Exception):
    """The process died here: after the provider's call, before the state was written."""


class _DiesAfter(OpenAIBatches):
    def __init__(self, inner: OpenAIBatches, step: str) -> None:
        super().__init__(inner.client)
        self.step = step

    def upload(self, path: Path, name: str) -> str:
        file_id = super().upload(path, name)
        if self.step == "upload":
            raise KilledError
        return file_id

    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchInfo:
        info = super().create(input_file_id, metadata)
        if self.step == "create":
            raise KilledError
        return info


@pytest.mark.parametrize(
    "step",
    [
        pytest.param("upload", id="killed-after-upload"),
        pytest.param("create", id="killed-after-create"),
    ],
)
def test_a_rerun_after_a_kill_never_uploads_or_creates_twice(
    tmp_path: Path, server: ScriptedServer, step: str
) -> None:
    config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
    with pytest.raises(KilledError):
        advance(Flow(config, batches=_DiesAfter(_batches(server), step)))
    progress = _run(config, server)

    assert progress.step == "done"
    requests_files = [f for f in server.batches.files.values() if f["purpose"] == "batch"]
    assert len(requests_files) == 1
    assert server.batches.created == 1
    assert len(server.requests) == 4  # each article asked once
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 4


def test_a_rerun_while_the_batch_runs_polls_it_and_then_collects(tmp_path: Path) -> None:
    with ScriptedServer(responder=_answer, batch_scripts=[BatchScript(polls=3)]) as server:
        config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
        first = advance(Flow(config, batches=_batches(server)))
        assert first.step == "waiting" and first.batch is not None
        assert first.batch.status == "in_progress"
        report = status(tmp_path / "out")
        assert "in progress" in report.lines()[-1]
        asked = status(tmp_path / "out", _batches(server))  # the provider's view, one poll
        assert [b.status for b in asked.batches.values()] == ["in_progress"]
        assert "(0/4 answered, 0 failed)" in asked.lines()[2]
        assert advance(Flow(config, batches=_batches(server))).step == "waiting"
        done = advance(Flow(config, batches=_batches(server)))
        assert done.step == "done"
        assert (server.batches.uploads, server.batches.created) == (2, 1)
        assert "finished" in status(tmp_path / "out").lines()[-1]
        # a rerun of a finished folder sends nothing: every article is done
        again = advance(Flow(config, batches=_batches(server)))
        assert again.step == "done" and server.batches.created == 1
        assert again.state.skipped == 4


SCRIPTS = [
    pytest.param(
        BatchScript(fail_lines=frozenset({0, 2})), "completed", id="provider-failed-lines"
    ),
    pytest.param(BatchScript(stop_after=1, stop_as="expired"), "expired", id="expired-part-way"),
]


@pytest.mark.parametrize(("script", "first_status"), SCRIPTS)
def test_requests_the_provider_did_not_answer_go_to_a_second_batch(
    tmp_path: Path, script: BatchScript, first_status: str
) -> None:
    with ScriptedServer(responder=_answer, batch_scripts=[script]) as server:
        config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
        progress = _run(config, server)
    assert progress.step == "done"
    rounds = progress.state.rounds
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].status == "ingested" and rounds[0].parts[0].counts["total"] == 4
    assert rounds[0].parts[0].status == first_status
    assert rounds[0].ingest is not None and rounds[0].ingest.provider_failed == rounds[1].requests
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 4
    assert not (tmp_path / "out" / "errors.jsonl").read_text()


def test_a_cancelled_batch_is_reported_and_a_rerun_finishes_the_rest(tmp_path: Path) -> None:
    cancelled = BatchScript(stop_after=2, stop_as="cancelled")
    with ScriptedServer(responder=_answer, batch_scripts=[cancelled]) as server:
        config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
        first = _run(config, server)
        assert first.step == "cancelled"
        assert first.state.cancelled == (first.state.rounds[0].parts[0].batch_id,)
        assert any("cancelled" in line for line in status(tmp_path / "out").lines())
        assert len(list((tmp_path / "out").rglob("a*.txt.json"))) == 2  # its answers are kept
        done = _run(config, server)
    assert done.step == "done" and server.batches.created == 2
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 4


def test_a_failed_batch_is_an_error_naming_the_reason(tmp_path: Path) -> None:
    with ScriptedServer(responder=_answer, batch_scripts=[BatchScript(failed=True)]) as server:
        config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
        with pytest.raises(BatchAPIError, match="the file was refused") as caught:
            _run(config, server)
    assert caught.value.status == "failed"


def _invalid_first(body: dict[str, Any], index: int) -> Step:
    """An ungrounded figure on the first answer; the re-ask (it carries the errors) is answered well."""
    answer = answer_for(article_of(body))
    if body["messages"][-1]["role"] != "tool":
        answer["figures"] = [{**answer["figures"][0], "quote": "a sentence not in the article"}]
    return completion(arguments=answer)


@pytest.mark.parametrize("repair", ["batch", "live"])
def test_answers_that_fail_validation_are_re_asked_with_their_errors(
    tmp_path: Path, repair: str
) -> None:
    with ScriptedServer(responder=_invalid_first) as server:
        config = _config(_articles(tmp_path, n=2), tmp_path / "out", server.base_url)
        progress = _run(config, server, repair=repair, open_live=_opener(server))
        reasks = [r for r in server.requests if r["messages"][-1]["role"] == "tool"]
    assert progress.step == "done"
    assert len(reasks) == 2
    assert all("quote" in r["messages"][-1]["content"] for r in reasks)
    assert server.batches.created == (2 if repair == "batch" else 1)
    records = _lines(tmp_path / "out" / "summaries.jsonl")
    assert [r["meta"]["attempts"] for r in records] == [2, 2]
    assert all(r["meta"]["attempt_log"][0]["issues"] for r in records)
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    on = run["paths"]["batch" if repair == "batch" else "live"]
    assert on["requests"] == (4 if repair == "batch" else 2)
    assert run["tokens"]["total"] == 4 * 1200


def test_re_asks_end_at_the_limit_with_what_validates_kept(tmp_path: Path) -> None:
    with ScriptedServer(responder=_invalid_first) as server:
        config = _config(_articles(tmp_path, n=2), tmp_path / "out", server.base_url, max_reasks=0)
        progress = _run(config, server)
    assert progress.step == "done" and len(progress.state.rounds) == 1
    records = _lines(tmp_path / "out" / "summaries.jsonl")
    assert [len(r["rejected"]) for r in records] == [1, 1]  # salvaged, as the live path does


def _vllm_run_batch(requests: Path, output: Path) -> None:
    """What `vllm run_batch -i requests -o output` writes: one reply line per request line."""
    with output.open("w", encoding="utf-8") as out:
        for line in requests.read_text(encoding="utf-8").splitlines():
            request = json.loads(line)
            body = _invalid_first(request["body"], 0).body
            reply = {
                "id": "vllm-1",
                "custom_id": request["custom_id"],
                "error": None,
                "response": {"status_code": 200, "request_id": "vllm-req", "body": body},
            }
            out.write(json.dumps(reply) + "\n")


def test_the_requests_file_path_ingests_results_made_elsewhere(tmp_path: Path) -> None:
    config = _config(_articles(tmp_path, n=3), tmp_path / "out", "http://127.0.0.1:9/v1")
    flow = Flow(config, via="requests-file")
    first = advance(flow)
    assert first.step == "written" and first.requests_file is not None
    assert len(_lines(first.requests_file)) == 3
    assert advance(flow).requests_file == first.requests_file  # not written again

    _vllm_run_batch(first.requests_file, tmp_path / "results-1.jsonl")
    second = advance(flow, results=[tmp_path / "results-1.jsonl"])
    assert second.step == "written" and second.requests_file is not None  # the re-asks
    reasks = _lines(second.requests_file)
    assert len(reasks) == 3 and all(r["body"]["messages"][-1]["role"] == "tool" for r in reasks)

    _vllm_run_batch(second.requests_file, tmp_path / "results-2.jsonl")
    done = advance(flow, results=[tmp_path / "results-2.jsonl"])
    assert done.step == "done"
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 3
    assert done.manifest is not None and done.manifest["via"] == "requests-file"


def test_a_folder_with_a_batch_of_other_settings_is_refused(tmp_path: Path) -> None:
    folder, out = _articles(tmp_path), tmp_path / "out"
    advance(Flow(_config(folder, out, "http://127.0.0.1:9/v1"), via="requests-file"))
    other = _config(folder, out, "http://127.0.0.1:9/v1", max_reasks=5)
    with pytest.raises(BatchAPIError, match="other settings"):
        advance(Flow(other, via="requests-file"))


def test_a_state_file_of_another_format_is_refused(tmp_path: Path) -> None:
    folder, out = _articles(tmp_path), tmp_path / "out"
    advance(Flow(_config(folder, out, "http://127.0.0.1:9/v1"), via="requests-file"))
    state = out / ".summarizer" / "batchapi" / "state.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), "summarizer_batch_state": 99}))
    with pytest.raises(BatchAPIError, match="format 99"):
        load_state(out)


def test_results_are_refused_when_no_requests_wait_or_they_answer_none(tmp_path: Path) -> None:
    config = _config(_articles(tmp_path, n=2), tmp_path / "out", "http://127.0.0.1:9/v1")
    flow = Flow(config, via="requests-file")
    stray = tmp_path / "stray.jsonl"
    stray.write_text(json.dumps({"custom_id": "s-other-r1", "response": None, "error": "x"}) + "\n")
    with pytest.raises(BatchAPIError, match="no results file"):
        advance(flow, results=[tmp_path / "missing.jsonl"])
    with pytest.raises(BatchAPIError, match="no requests file waiting"):
        advance(flow, results=[stray])
    advance(flow)
    with pytest.raises(BatchAPIError, match="answer none of round 1's 2 requests"):
        advance(flow, results=[stray])
    assert not list((tmp_path / "out").rglob("a*.txt.json"))  # nothing was recorded


def _with_long(tmp_path: Path) -> Path:
    folder = _articles(tmp_path, n=2)
    long = "".join(f"Paragraph {i}: exports reached {1000 + i} tonnes.\n\n" for i in range(60))
    (folder / "long.txt").write_text(long, encoding="utf-8")
    return folder


def test_a_long_article_is_read_in_rounds_chunks_then_summary_as_the_live_path_reads_it(
    tmp_path: Path, server: ScriptedServer
) -> None:
    folder = _with_long(tmp_path)
    _live(_config(folder, tmp_path / "live", server.base_url, chunk_chars=1000), server)
    config = _config(folder, tmp_path / "batch", server.base_url, chunk_chars=1000)
    progress = _run(config, server)

    assert progress.step == "done" and progress.state.long == 1
    stored = json.loads((tmp_path / "live" / "long.txt.json").read_text(encoding="utf-8"))
    chunks = len(stored["meta"]["chunking"]["chunks"])
    assert chunks > 1
    assert [r.requests for r in progress.state.rounds] == [2 + chunks, 1]  # then the summary
    live = [_comparable(r) for r in _lines(tmp_path / "live" / "summaries.jsonl")]
    batch = [_comparable(r) for r in _lines(tmp_path / "batch" / "summaries.jsonl")]
    assert batch == live
    run = json.loads((tmp_path / "batch" / "run.json").read_text(encoding="utf-8"))
    assert run["paths"]["live"]["requests"] == 0 and run["this_run"]["succeeded"] == 3


def test_a_long_article_whose_chunk_the_provider_failed_is_asked_again(tmp_path: Path) -> None:
    failing = BatchScript(fail_lines=frozenset({3}))  # a chunk of long.txt (a00, a01 come first)
    with ScriptedServer(responder=_answer, batch_scripts=[failing]) as server:
        config = _config(_with_long(tmp_path), tmp_path / "out", server.base_url, chunk_chars=1000)
        progress = _run(config, server)
    assert progress.step == "done"
    first = progress.state.rounds[0]
    assert first.ingest is not None and first.ingest.provider_failed == 1
    assert [r.requests for r in progress.state.rounds[1:]] == [1, 1]  # the chunk, the summary
    record = json.loads((tmp_path / "out" / "long.txt.json").read_text(encoding="utf-8"))
    assert not record["meta"]["partial"]


def test_a_round_larger_than_one_batch_takes_is_sent_in_parts(
    tmp_path: Path, server: ScriptedServer
) -> None:
    config = _config(_articles(tmp_path, n=5), tmp_path / "out", server.base_url)
    with pytest.raises(KilledError):  # killed after the second part's upload
        advance(Flow(config, batches=_DiesOnUpload(_batches(server), 2), max_requests=2))
    progress = _run(config, server, max_requests=2)

    assert progress.step == "done"
    parts = progress.state.rounds[0].parts
    assert [p.requests for p in parts] == [2, 2, 1]
    assert [p.file for p in parts] == ["requests.jsonl", "requests-2.jsonl", "requests-3.jsonl"]
    assert len({p.batch_id for p in parts}) == 3 and server.batches.created == 3
    assert len([f for f in server.batches.files.values() if f["purpose"] == "batch"]) == 3
    assert len(server.requests) == 5
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 5


def test_parts_are_cut_by_size_too(tmp_path: Path, server: ScriptedServer) -> None:
    config = _config(_articles(tmp_path, n=3), tmp_path / "out", server.base_url)
    progress = _run(config, server, max_bytes=1)  # each line alone is over the limit
    assert [p.requests for p in progress.state.rounds[0].parts] == [1, 1, 1]
    assert progress.step == "done"


class _DiesOnUpload(OpenAIBatches):
    def __init__(self, inner: OpenAIBatches, nth: int) -> None:
        super().__init__(inner.client)
        self.nth, self.count = nth, 0

    def upload(self, path: Path, name: str) -> str:
        file_id = super().upload(path, name)
        self.count += 1
        if self.count == self.nth:
            raise KilledError
        return file_id


def test_a_rerun_after_a_kill_while_ingesting_finishes_without_asking_again(
    tmp_path: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.batch.store import OutputStore

    config = _config(_articles(tmp_path), tmp_path / "out", server.base_url)
    save, saved = OutputStore.save_result, []

    def dies_on_the_third(self: OutputStore, rel: str, record: Any) -> None:
        if len(saved) == 2:
            raise KilledError
        saved.append(rel)
        save(self, rel, record)

    monkeypatch.setattr(OutputStore, "save_result", dies_on_the_third)
    with pytest.raises(KilledError):
        _run(config, server)
    monkeypatch.setattr(OutputStore, "save_result", save)
    assert load_state(tmp_path / "out").current.status == "written"  # type: ignore[union-attr]
    progress = _run(config, server)

    assert progress.step == "done"
    assert (server.batches.created, len(server.requests)) == (1, 4)
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 4


NEEDS = [
    pytest.param({"via": "requests-file", "repair": "live"}, "live client", id="live-repair"),
    pytest.param({"via": "batch-api"}, "client for the provider", id="batch-api"),
]


@pytest.mark.parametrize(("flow", "message"), NEEDS)
def test_a_path_without_its_client_is_refused_before_any_work(
    tmp_path: Path, flow: dict[str, Any], message: str
) -> None:
    config = _config(_articles(tmp_path, n=1), tmp_path / "out", "http://127.0.0.1:9/v1")
    with pytest.raises(BatchAPIError, match=message):
        advance(Flow(config, **flow))
    assert not (tmp_path / "out").exists()


def test_a_long_article_through_the_requests_file_path_takes_a_round_per_step(
    tmp_path: Path,
) -> None:
    config = _config(
        _with_long(tmp_path), tmp_path / "out", "http://127.0.0.1:9/v1", chunk_chars=1000
    )
    flow = Flow(config, via="requests-file")
    progress, rounds = advance(flow), 0
    while progress.step == "written":
        assert progress.requests_file is not None
        rounds += 1
        results = tmp_path / f"results-{rounds}.jsonl"
        _vllm_run_batch(progress.requests_file, results)
        progress = advance(flow, results=[results])
    # every first answer (chunks, short articles) invalid; their re-asks; the summary, whose
    # schema has no figures to get wrong
    assert progress.step == "done" and rounds == 3
    assert len(_lines(tmp_path / "out" / "summaries.jsonl")) == 3
    chunking = json.loads((tmp_path / "out" / "long.txt.json").read_text())["meta"]["chunking"]
    assert {c["attempts"] for c in chunking["chunks"]} == {2}
    assert chunking["summary"]["attempts"] == 1
