"""Local model speed: load time, prompt and generation tokens/s, n-gram speculation on and off.

Sends each article's real first request (the news schema, json_schema mode) to the embedded
server, once with llama.cpp's n-gram speculative decoding (drafts taken from the prompt, no
draft model) and once without, and prints the server's own timings. The machine is shared: the
ratio of the two runs, measured minutes apart, is the figure to read, not the absolute speed.

    python benchmarks/local_speed.py --speculative off [--model NAME] [--max-tokens 768] [ARTICLE...]
    python benchmarks/local_speed.py --speculative on  [--model NAME] [--max-tokens 768] [ARTICLE...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.engine.extract import Job, conversation  # noqa: E402
from summarizer.engine.loading import load_article  # noqa: E402
from summarizer.engine.prompting import PromptSet  # noqa: E402
from summarizer.local import models, sizing  # noqa: E402
from summarizer.local.server import LocalServer, ServerConfig  # noqa: E402
from summarizer.schema_export import load_schema  # noqa: E402

SEED = ROOT / "examples" / "iran-russia-cooperation.ar.txt"


def first_request(text: str, max_tokens: int) -> dict[str, Any]:
    settings = Settings(model="local", mode="json_schema", max_tokens=max_tokens)
    job = Job(text, load_schema("news"), PromptSet.load("news"), settings)
    kwargs = next(conversation(job))
    return {k: v for k, v in kwargs.items() if k != "stream"}


def post(base: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=3600) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=models.DEFAULT_MODEL)
    parser.add_argument("--max-tokens", type=int, default=768)
    parser.add_argument("--speculative", choices=["on", "off"], default="on")
    parser.add_argument("articles", nargs="*", type=Path, default=[SEED])
    args = parser.parse_args()
    gguf = models.ensure(models.get_model(args.model))
    texts = [load_article(p).text for p in args.articles]
    context = sizing.context_tokens(max(len(t) for t in texts), args.max_tokens)
    rows = []
    # One server per process: the figures of a run are not those of a second server in it.
    for speculative in (args.speculative == "on",):
        server = LocalServer(ServerConfig(gguf, context=context, speculative=speculative))
        with server as base:
            print(f"speculative={speculative}: loaded in {server.load_seconds:.1f} s", flush=True)
            for path, text in zip(args.articles, texts, strict=True):
                started = time.monotonic()
                answer = post(base, first_request(text, args.max_tokens))
                t = answer.get("timings", {})
                row = {
                    "article": path.name,
                    "speculative": speculative,
                    "prompt_tokens": t.get("prompt_n"),
                    "prompt_tok_s": round(t.get("prompt_per_second", 0), 1),
                    "gen_tokens": t.get("predicted_n"),
                    "gen_tok_s": round(t.get("predicted_per_second", 0), 2),
                    "draft": t.get("draft_n"),
                    "accepted": t.get("draft_n_accepted"),
                    "seconds": round(time.monotonic() - started, 1),
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
    print("compare gen_tok_s of --speculative on and off, run one after the other")


if __name__ == "__main__":
    main()
