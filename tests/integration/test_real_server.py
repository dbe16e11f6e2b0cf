"""The pipeline on the embedded llama.cpp server (xllamacpp) with a real model, on loopback.

The default local model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M) runs at temperature 0 in
json_schema mode, the schema enforced as a grammar. Generation is slow on a CPU (about 10-16
tokens/s on 2 cores), so these tests send few, bounded requests: one batch over three short
English articles feeds two tests, and the re-ask test's answers are cut at 24 tokens.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from summarizer import ExtractionError, summarize
from summarizer.cli import main
from summarizer.engine.loading import load_article
from summarizer.local.server import LocalServer, ServerConfig
from tests.integration.local import MODEL, MODEL_NAME, gguf
from tests.support.spans import located_spans

pytestmark = [
    pytest.mark.real_server,
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
]

ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.en.txt"))
#: Enough for a short English article's answer; a longer one is cut off and recorded as such.
BATCH_MAX_TOKENS = 700
TIMEOUT = 1800.0


@pytest.fixture(scope="module")
def batch_out(local_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `summarizer batch` over the English articles against the session's server."""
    root = tmp_path_factory.mktemp("batch")
    inputs, out = root / "in", root / "out"
    inputs.mkdir()
    for path in ARTICLES:
        shutil.copy(path, inputs / path.name)
    run = CliRunner().invoke(
        main,
        [
            "batch",
            str(inputs),
            "--out",
            str(out),
            "--base-url",
            local_server,
            "--model",  # not `local:NAME`, which would start a server of its own
            MODEL.name,
            "--mode",
            "json_schema",
            "--concurrency",
            "1",
            "--max-reasks",
            "0",
            "--max-tokens",
            str(BATCH_MAX_TOKENS),
            "--timeout",
            str(TIMEOUT),
            "--quiet",
        ],
    )
    assert run.exit_code in (0, 1), run.output
    return out


def test_batch_records_every_article_as_a_result_or_a_failure(batch_out: Path) -> None:
    manifest = json.loads((batch_out / "run.json").read_text(encoding="utf-8"))
    this_run = manifest["this_run"]
    assert this_run["succeeded"] + this_run["failed"] == len(ARTICLES)


def test_every_kept_span_is_verbatim_in_its_article(batch_out: Path) -> None:
    lines = (batch_out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    texts = {p.name: load_article(p).text for p in ARTICLES}
    bad = [
        span
        for record in records
        for span in located_spans(record["summary"])
        if texts[Path(record["path"]).name][span["start"] : span["end"]] != span["text"]
    ]
    assert bad == []


def test_an_answer_cut_off_at_max_tokens_is_reasked_and_counted(local_server: str) -> None:
    article = load_article(ARTICLES[0])
    with pytest.raises(ExtractionError) as caught:
        summarize(
            article.text,
            base_url=local_server,
            model=MODEL_NAME,
            mode="json_schema",
            max_reasks=1,
            max_tokens=24,
            timeout=TIMEOUT,
        )
    assert [(a.number, a.finish_reason) for a in caught.value.attempts] == [
        (1, "length"),
        (2, "length"),
    ]


def _chat(base_url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{base_url}/chat/completions", json=body, timeout=TIMEOUT)
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


def test_json_schema_is_enforced_as_a_grammar(local_server: str) -> None:
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
        "required": ["city", "population"],
        "additionalProperties": False,
    }
    answer = _chat(
        local_server,
        {
            "messages": [{"role": "user", "content": "Tell me about the sea, in one word."}],
            "max_tokens": 200,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "city", "schema": schema, "strict": True},
            },
        },
    )
    content = json.loads(answer["choices"][0]["message"]["content"])
    assert sorted(content) == ["city", "population"]


def test_the_server_listens_on_loopback_on_a_port_the_system_chose(local_server: str) -> None:
    url = httpx.URL(local_server)
    assert (url.host, url.port not in (None, 80, 8080)) == ("127.0.0.1", True)


def test_a_server_is_stopped_when_its_block_ends() -> None:
    with LocalServer(ServerConfig(gguf(), context=1024)) as base_url:
        assert httpx.get(f"{base_url}/models", timeout=10).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/models", timeout=10)
