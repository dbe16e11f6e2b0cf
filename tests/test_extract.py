"""The model call end to end through the openai SDK, replayed from cassettes.

Each test's `scripted` steps are what the scripted server answered when its cassette was
recorded; replay needs neither the server nor the network.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from summarizer import (
    ConfigurationError,
    ExtractionError,
    TransportError,
    UnsupportedModeError,
    asummarize,
    summarize,
)
from summarizer.engine.transport import TransportPolicy
from summarizer.normalize.folding import fold_text
from testkit.scripted_server import ScriptedServer, Step, completion, dropped, error
from tests.conftest import SEED

ARTICLE = SEED.read_text(encoding="utf-8")
GOOD = json.loads((Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8"))
GOLD_OFFICIALS = {"Kazem Jalali", "Dmitry Peskov", "Mohsen Paknejad", "Sergei Tsivilev"}
INVENTED_QUOTE = "وقال جلالي إن إيران ستضاعف صادراتها إلى روسيا ثلاث مرات"


def _bad_answer() -> dict[str, Any]:
    """The good answer with one invented quote and `2/16%` misread as 2.16."""
    bad = copy.deepcopy(GOOD)
    bad["officials"][0]["quote"] = INVENTED_QUOTE
    bad["figures"][3]["value"] = 2.16
    return bad


class Recorder:
    """Keeps the JSON of every request the SDK sends and every transport wait."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.waits: list[float] = []

    def hook(self, request: httpx.Request) -> None:
        self.bodies.append(json.loads(request.content))

    async def ahook(self, request: httpx.Request) -> None:
        self.hook(request)

    def policy(self, attempts: int = 4) -> TransportPolicy:
        async def no_wait(seconds: float) -> None:
            self.waits.append(seconds)

        return TransportPolicy(attempts=attempts, sleep=self.waits.append, async_sleep=no_wait)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(llm_endpoint: dict[str, str], recorder: Recorder) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        **llm_endpoint,
        max_retries=0,
        http_client=httpx.Client(event_hooks={"request": [recorder.hook]}),
    ) as client:
        yield client


@pytest.fixture
async def aclient(
    llm_endpoint: dict[str, str], recorder: Recorder
) -> AsyncIterator[openai.AsyncOpenAI]:
    http = httpx.AsyncClient(event_hooks={"request": [recorder.ahook]})
    async with openai.AsyncOpenAI(**llm_endpoint, max_retries=0, http_client=http) as client:
        yield client


def _assert_grounded(result: Any) -> None:
    for items in (result.officials, result.agreements, result.figures, result.dates):
        for item in items:
            quote = item.quote
            assert ARTICLE[quote.start : quote.end] == quote.text
            assert fold_text(quote.text) == fold_text(quote.quote) or quote.match == "fuzzy"
            raw = getattr(item, "raw", None)
            if raw is not None:
                assert ARTICLE[raw.start : raw.end] == raw.text
                assert quote.start <= raw.start and raw.end <= quote.end


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=GOOD)])
def test_seed_article_end_to_end(client: openai.OpenAI, recorder: Recorder) -> None:
    """A correct answer (the hand-written tests/data/seed.answer.json, replayed) comes through
    whole: every item validates and is located in the article, none is dropped or merged away.

    This measures the engine, not a model: what a real model makes of the seed article is
    tests/test_real_model_cassettes.py's subject.
    """
    result = summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy())

    for category in ("officials", "agreements", "figures", "dates"):
        assert len(getattr(result, category)) == len(GOOD[category]), category

    assert {o.name_en for o in result.officials} >= GOLD_OFFICIALS
    figures = {(f.value, f.unit) for f in result.figures}
    assert (16.2, "%") in figures
    assert (4_800_000_000, "USD") in figures
    assert {"2025-01-17", "2025-04-23"} <= {d.value for d in result.dates}
    kinds = {a.kind for a in result.agreements}
    assert {"treaty", "trade_agreement"} <= kinds
    assert any("Eurasian" in p for a in result.agreements for p in a.parties)
    _assert_grounded(result)
    assert result.rejected == []
    assert result.meta is not None
    assert result.meta.attempts == 1
    assert result.meta.usage.total_tokens > 0
    assert result.meta.prompt_version.startswith("news@")
    # static instructions first, the article last: the prompt prefix is cacheable
    messages = recorder.bodies[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    assert ARTICLE.strip() not in messages[0]["content"]
    assert messages[1]["content"].rstrip().endswith("</article>")


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=_bad_answer()), completion(arguments=GOOD)])
def test_reask_shows_both_errors_and_succeeds(client: openai.OpenAI, recorder: Recorder) -> None:
    result = summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy())

    assert result.meta is not None and result.meta.attempts == 2
    assert result.meta.usage.requests == 2
    first, second = recorder.bodies
    assert second["messages"][:2] == first["messages"]
    assert [m["role"] for m in second["messages"]] == ["system", "user", "assistant", "tool"]
    feedback = second["messages"][3]["content"]
    assert INVENTED_QUOTE in feedback and "not in the article" in feedback
    assert "2/16%" in feedback and "16.2" in feedback
    assert {(f.value, f.unit) for f in result.figures} >= {(16.2, "%")}
    _assert_grounded(result)


@pytest.mark.anyio
@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=_bad_answer()), completion(arguments=GOOD)])
async def test_async_reask(aclient: openai.AsyncOpenAI, recorder: Recorder) -> None:
    result = await asummarize(
        ARTICLE, client=aclient, model="gpt-4o-mini", policy=recorder.policy()
    )
    assert result.meta is not None and result.meta.attempts == 2
    assert len(recorder.bodies[1]["messages"]) == 4


@pytest.mark.vcr
@pytest.mark.scripted(
    [
        error(429, "Rate limit reached", headers={"Retry-After": "1"}),
        error(500, "The server had an error"),
        completion(arguments=GOOD),
    ]
)
def test_transport_faults_are_retried_not_shown(client: openai.OpenAI, recorder: Recorder) -> None:
    result = summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy())

    assert result.meta is not None
    assert result.meta.attempts == 1  # the model saw one request
    assert result.meta.attempt_log[0].transport_tries == 3
    assert recorder.waits[0] == 1.0  # Retry-After honoured
    assert len(recorder.bodies) == 3
    assert all(b == recorder.bodies[0] for b in recorder.bodies)  # nothing told to the model


@pytest.mark.vcr
@pytest.mark.scripted([error(503, "overloaded")] * 3)
def test_transport_gives_up_with_typed_error(client: openai.OpenAI, recorder: Recorder) -> None:
    with pytest.raises(TransportError) as caught:
        summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy(attempts=3))
    assert caught.value.attempts == 3
    assert caught.value.status_code == 503
    assert len(recorder.waits) == 2


@pytest.mark.vcr
@pytest.mark.scripted([error(401, "Incorrect API key provided: sk-test-****-key")])
def test_bad_key_is_a_configuration_error_without_the_key(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy())
    assert "OPENAI_API_KEY" in str(caught.value)
    assert "sk-test-not-a-real-key" not in str(caught.value)
    assert len(recorder.bodies) == 1  # a 401 is not retried


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=_bad_answer())] * 3)
def test_exhaustion_keeps_valid_items_and_rejects_the_rest(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    result = summarize(ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy())

    assert result.meta is not None and result.meta.attempts == 3
    assert result.meta.usage.requests == 3
    assert result.meta.usage.total_tokens == 3 * 1200
    rejected = {(r.field, json.dumps(r.item, ensure_ascii=False)) for r in result.rejected}
    assert len(rejected) == 2
    reasons = " ".join(" ".join(r.reasons) for r in result.rejected)
    assert "not in the article" in reasons and "2/16%" in reasons
    assert "Kazem Jalali" not in {o.name_en for o in result.officials}
    assert 2.16 not in {f.value for f in result.figures}
    assert len(result.officials) == 3 and len(result.figures) == 4
    # every re-ask carries only the last answer: cost does not grow with the attempt number
    assert [len(b["messages"]) for b in recorder.bodies] == [2, 4, 4]


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=_bad_answer())] * 3)
def test_strict_exhaustion_raises_with_attempts_and_usage(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    with pytest.raises(ExtractionError) as caught:
        summarize(
            ARTICLE, client=client, model="gpt-4o-mini", strict=True, policy=recorder.policy()
        )
    error_ = caught.value
    assert len(error_.attempts) == 3
    assert all(any("not in the article" in e for e in a.errors) for a in error_.attempts)
    assert error_.usage.total_tokens == 3 * 1200
    assert error_.last_raw_output is not None and "2.16" in error_.last_raw_output


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments="I cannot help with that.")] * 2)
def test_output_that_is_never_json_fails_even_when_lenient(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    with pytest.raises(ExtractionError) as caught:
        summarize(
            ARTICLE, client=client, model="gpt-4o-mini", max_reasks=1, policy=recorder.policy()
        )
    assert len(caught.value.attempts) == 2
    assert "not valid JSON" in caught.value.attempts[0].errors[0]


@pytest.mark.vcr
@pytest.mark.scripted(
    [completion(content="```json\n" + json.dumps(GOOD, ensure_ascii=False) + "\n```")]
)
def test_json_mode_reads_fenced_content(client: openai.OpenAI, recorder: Recorder) -> None:
    result = summarize(
        ARTICLE, client=client, model="local-model", mode="json", policy=recorder.policy()
    )
    assert result.meta is not None and result.meta.mode == "json"
    assert "tools" not in recorder.bodies[0]
    assert recorder.bodies[0]["response_format"] == {"type": "json_object"}
    assert len(result.officials) == 4


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_dropped_connection_is_retried_against_live_server(recorder: Recorder) -> None:
    """A dropped connection cannot be recorded in a cassette: the scripted server runs live on loopback."""
    steps = [dropped(), error(502, "bad gateway"), completion(arguments=GOOD)]
    with ScriptedServer(steps) as server:
        with openai.OpenAI(
            base_url=server.base_url, api_key="sk-test-not-a-real-key", max_retries=0
        ) as client:
            result = summarize(
                ARTICLE, client=client, model="gpt-4o-mini", policy=recorder.policy()
            )
        assert len(server.requests) == 3
    assert result.meta is not None and result.meta.attempt_log[0].transport_tries == 3


@pytest.mark.vcr
@pytest.mark.scripted([completion(content=json.dumps(GOOD, ensure_ascii=False))])
def test_json_object_mode_constrains_the_server_with_the_schema(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    """For servers that accept json_object but not json_schema (llama.cpp): the schema rides along."""
    result = summarize(
        ARTICLE, client=client, model="local-model", mode="json_object", policy=recorder.policy()
    )
    response_format = recorder.bodies[0]["response_format"]
    assert response_format["type"] == "json_object"
    assert response_format["schema"]["title"] == "NewsSummary"
    assert "tools" not in recorder.bodies[0]
    assert result.meta is not None and result.meta.mode == "json_object"


LLAMA_CPP_REFUSAL = Step(
    status=500,
    body={
        "detail": [
            {
                "type": "literal_error",
                "loc": ["body", "response_format", "type"],
                "msg": "Input should be 'text' or 'json_object'",
                "input": "json_schema",
            }
        ]
    },
)


@pytest.mark.vcr
@pytest.mark.scripted([LLAMA_CPP_REFUSAL])
def test_unsupported_mode_is_a_configuration_error_not_retried(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    """llama.cpp refuses json_schema with HTTP 500 (as recorded from it); that is no outage to retry."""
    with pytest.raises(UnsupportedModeError, match="mode 'json_schema'") as caught:
        summarize(
            ARTICLE,
            client=client,
            model="local-model",
            mode="json_schema",
            policy=recorder.policy(),
        )
    assert isinstance(caught.value, ConfigurationError)
    assert "--mode" in str(caught.value)
    assert len(recorder.bodies) == 1


@pytest.mark.vcr
@pytest.mark.scripted(
    [
        completion(
            arguments=json.dumps(GOOD, ensure_ascii=False)[:900], finish_reason="tool_calls"
        ),
        completion(arguments=GOOD),
    ]
)
def test_answer_cut_off_without_finish_reason_length_is_told_apart(
    client: openai.OpenAI, recorder: Recorder
) -> None:
    """Some servers say finish_reason "tool_calls" for an answer the token limit cut off."""
    result = summarize(ARTICLE, client=client, model="local-model", policy=recorder.policy())
    assert result.meta is not None and result.meta.attempts == 2
    assert any("cut off" in e for e in result.meta.attempt_log[0].errors)
    reask = recorder.bodies[1]["messages"]
    assert [m["role"] for m in reask] == [
        "system",
        "user",
        "user",
    ]  # the cut-off answer is not replayed
    assert "shorter" in reask[-1]["content"]
