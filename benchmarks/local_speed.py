"""Local model speed: load time, prompt and generation tokens/s, n-gram speculation on and off.

Sends each article's real first request (the news schema, json_schema mode) to the embedded
server with llama.cpp's n-gram speculative decoding (drafts taken from the prompt, no draft
model) and without it, and prints the server's own timings. `--speculative both` pairs the two
on every article: a fresh server for each request, the order alternating from one article to
the next, so that the load of the shared machine falls on both sides alike; the figure to read is
the ratio of each pair, and their median. With no ARTICLE the gold articles are used.

    python benchmarks/local_speed.py [--speculative both|on|off] [--model NAME]
                                     [--max-tokens 512] [ARTICLE...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.config import Settings  # noqa: E402
from summarizer.engine.conversation import Job, conversation  # noqa: E402
from summarizer.engine.loading import Article, load_article  # noqa: E402
from summarizer.engine.prompting import PromptSet  # noqa: E402
from summarizer.evaluation.gold import gold_files  # noqa: E402
from summarizer.local import models, sizing  # noqa: E402
from summarizer.local.server import LocalServer, ServerConfig  # noqa: E402
from summarizer.schema_export import load_schema  # noqa: E402

GOLD = ROOT / "gold"


def first_request(article: Article, max_tokens: int) -> dict[str, Any]:
    settings = Settings(model="local", mode="json_schema", max_tokens=max_tokens)
    job = Job(article, load_schema("news"), PromptSet.load("news"), settings)
    kwargs = next(conversation(job))
    return {k: v for k, v in kwargs.items() if k != "stream"}


def post(base: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{base}/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=3600) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def measure(
    gguf: Path, context: int, speculative: bool, name: str, body: dict[str, Any]
) -> dict[str, Any]:
    """One request on a server of its own, so that no run inherits another's cache."""
    with LocalServer(ServerConfig(gguf, context=context, speculative=speculative)) as base:
        started = time.monotonic()
        answer = post(base, body)
    t = answer.get("timings", {})
    return {
        "article": name,
        "speculative": speculative,
        "prompt_tokens": t.get("prompt_n"),
        "prompt_tok_s": round(t.get("prompt_per_second", 0), 1),
        "gen_tokens": t.get("predicted_n"),
        "gen_tok_s": round(t.get("predicted_per_second", 0), 2),
        "draft": t.get("draft_n"),
        "accepted": t.get("draft_n_accepted"),
        "seconds": round(time.monotonic() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=models.DEFAULT_MODEL)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--speculative", choices=["on", "off", "both"], default="both")
    parser.add_argument("articles", nargs="*", type=Path)
    args = parser.parse_args()
    gguf = models.ensure(models.get_model(args.model))
    paths = args.articles or [g.article_path for g in gold_files(GOLD) if g.article_path]
    articles = [load_article(p) for p in paths]
    context = sizing.context_tokens(max(len(a.text) for a in articles), args.max_tokens)
    sides = {"on": [True], "off": [False], "both": [False, True]}[args.speculative]
    ratios = []
    for index, (path, article) in enumerate(zip(paths, articles, strict=True)):
        body = first_request(article, args.max_tokens)
        order = sides if index % 2 == 0 else sides[::-1]
        rows = {on: measure(gguf, context, on, path.name, body) for on in order}
        for row in rows.values():
            print(json.dumps(row), flush=True)
        if len(rows) == 2 and rows[False]["gen_tok_s"]:
            ratios.append(rows[True]["gen_tok_s"] / rows[False]["gen_tok_s"])
            print(f"  {path.name}: with / without {ratios[-1]:.2f}", flush=True)
    if ratios:
        print(
            f"generation tokens/s with speculation / without, {len(ratios)} articles: "
            f"median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f}"
        )


if __name__ == "__main__":
    main()
