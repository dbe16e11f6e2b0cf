"""A real model's answers, replayed: SmolLM2-135M-Instruct through llama.cpp's server.

Recorded with `pytest tests/test_real_model_cassettes.py --record-mode=rewrite` and
`SUMMARIZER_GGUF` set (scripts/real_server.sh); replayed offline everywhere else. The model is
tiny and invents names and numbers: what must hold is that nothing it invents is kept, every
kept item is grounded, and re-asks carry the errors of the previous answer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from summarizer import ExtractionError, summarize
from summarizer.engine.transport import TransportPolicy
from summarizer.fields import Extraction
from summarizer.normalize import parse_figure
from tests.conftest import SEED
from tests.integration.llama import MODEL_ALIAS
from tests.support.spans import located_spans

pytestmark = [pytest.mark.vcr, pytest.mark.recorded_from_llama_cpp]
ARTICLE = SEED.read_text(encoding="utf-8")
MAX_TOKENS = 768


@pytest.fixture
def sent() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def client(llm_endpoint: dict[str, str], sent: list[dict[str, Any]]) -> Iterator[openai.OpenAI]:
    def keep(request: httpx.Request) -> None:
        sent.append(json.loads(request.content))

    http = httpx.Client(event_hooks={"request": [keep]}, timeout=900)
    with openai.OpenAI(**llm_endpoint, max_retries=0, http_client=http) as client:
        yield client


def _run(client: openai.OpenAI, mode: str) -> Extraction | ExtractionError:
    try:
        return summarize(
            ARTICLE,
            client=client,
            model=MODEL_ALIAS,
            mode=mode,
            max_reasks=1,
            max_tokens=MAX_TOKENS,
            policy=TransportPolicy(attempts=1),
        )
    except ExtractionError as failure:
        return failure


@pytest.mark.parametrize("mode", ["json_object", "tools"])
def test_seed_article_from_a_real_small_model(
    client: openai.OpenAI, sent: list[dict[str, Any]], mode: str
) -> None:
    outcome = _run(client, mode)
    if isinstance(outcome, ExtractionError):
        # every re-ask was used, each attempt says what was wrong, and usage covers them all
        assert len(outcome.attempts) == 2
        assert all(a.errors for a in outcome.attempts)
        assert outcome.usage.requests == 2
        assert outcome.usage.total_tokens > 0
        reask = sent[1]["messages"][-1]["content"]
        assert outcome.attempts[0].errors[0] in reask or "cut off" in reask
        return
    result = outcome
    record = result.to_record()
    for span in located_spans(record["summary"]):
        assert ARTICLE[span["start"] : span["end"]] == span["text"]
    for figure in record["summary"]["figures"]:
        assert any(
            math.isclose(r.value, figure["value"], rel_tol=1e-6)
            for r in parse_figure(figure["raw"]["quote"])
        )
    assert all(item["reasons"] for item in record["rejected"])
    assert result.meta is not None and result.meta.attempts == len(sent)
