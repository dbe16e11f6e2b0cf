"""The requests-file path (`--via requests-file`) at scale, on scripted answers.

Prints, each measured in this run:
1. writing the requests file for 10,000 synthetic articles: local time, peak resident memory,
   and the size of the requests file and its index;
2. ingesting a results file for them (made as `vllm run_batch` would, from the scripted
   server's mechanical answers): local time, peak memory, sizes of the results and outputs;
3. the same two steps for 1,000 articles, so that memory can be seen not to grow with the folder;
4. on a sample of articles, that the per-article records, summaries.jsonl and the tables equal
   what the live path writes for the same answers (timings aside).

Each step runs in a process of its own, so its peak resident memory (`ru_maxrss`) is its own.

    python benchmarks/batch_api_requests_file.py [--articles 10000] [--sample 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.checkout import use_this_checkout  # noqa: E402

use_this_checkout(ROOT)  # this checkout's schema and prompts, whatever the install maps

from summarizer.batch.runner import BatchConfig, BatchRun  # noqa: E402
from summarizer.batchapi.flow import Flow, advance  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.engine.prompting import PromptSet  # noqa: E402
from summarizer.schema_export import load_schema  # noqa: E402
from testkit.answers import answer_for, article_of  # noqa: E402
from testkit.scripted_server import ScriptedServer, Step, completion  # noqa: E402

KEY = "sk-test-not-a-real-key"
_TOPICS = ["exports", "imports", "wheat", "oil", "steel", "tourism", "rail", "power"]


def make_articles(folder: Path, n: int) -> None:
    """`n` short news-like articles, 50 to a folder, each with its own numbers."""
    for i in range(n):
        sub = folder / f"part-{i // 50:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        topic = _TOPICS[i % len(_TOPICS)]
        text = (
            f"The ministry said {topic} rose to {1000 + i} tonnes in March, "
            f"up from {900 + i % 97} a year earlier.\n\n"
            f"Officials expect the trend to continue, the statement added. Report {i}.\n"
        )
        (sub / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")


def config(folder: Path, out: Path, base_url: str = "http://127.0.0.1:9/v1") -> BatchConfig:
    return BatchConfig(
        input_dir=folder,
        out_dir=out,
        schema=load_schema("news"),
        prompts=PromptSet.load("news"),
        settings=Settings(model="gpt-4o-mini", api_key=KEY, base_url=base_url),
    )


def answer(body: dict[str, Any], index: int = 0) -> Step:
    return completion(arguments=answer_for(article_of(body)))


def run_elsewhere(requests: Path, results: Path) -> None:
    """What `vllm run_batch -i requests -o results` writes, streamed line by line."""
    with requests.open(encoding="utf-8") as src, results.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src):
            request = json.loads(line)
            reply = {
                "id": f"vllm-{number}",
                "custom_id": request["custom_id"],
                "response": {
                    "status_code": 200,
                    "request_id": f"vllm-req-{number}",
                    "body": answer(request["body"]).body,
                },
                "error": None,
            }
            out.write(json.dumps(reply, ensure_ascii=False) + "\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def phase(name: str, folder: Path, out: Path, results: Path | None) -> dict[str, Any]:
    """One step in this process: its wall time and this process's peak memory."""
    flow = Flow(config(folder, out), via="requests-file")
    before = _peak_mb()
    started = time.perf_counter()
    progress = advance(flow, results=[results] if results else [])
    seconds = time.perf_counter() - started
    return {
        "phase": name,
        "step": progress.step,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_peak_mb(), 1),
        "rss_before_mb": round(before, 1),
        "requests_file": str(progress.requests_file) if progress.requests_file else None,
    }


def _in_process(name: str, folder: Path, out: Path, results: Path | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", name, str(folder), str(out)]
    if results is not None:
        command.append(str(results))
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    figures: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return figures


def _mb(path: Path) -> float:
    return round(path.stat().st_size / 1e6, 2)


def measure(tmp: Path, n: int) -> dict[str, Any]:
    folder, out = tmp / f"in-{n}", tmp / f"out-{n}"
    make_articles(folder, n)
    write = _in_process("write", folder, out, None)
    requests = Path(write["requests_file"])
    results = tmp / f"results-{n}.jsonl"
    started = time.perf_counter()
    run_elsewhere(requests, results)
    elsewhere = round(time.perf_counter() - started, 2)
    ingest = _in_process("ingest", folder, out, results)
    summaries = out / "summaries.jsonl"
    return {
        "articles": n,
        "write": {
            **{k: write[k] for k in ("seconds", "peak_rss_mb", "rss_before_mb")},
            "ms_per_article": round(1000 * write["seconds"] / n, 2),
            "requests_mb": _mb(requests),
            "index_mb": _mb(requests.with_name("index.jsonl")),
        },
        "scripted_model_seconds": elsewhere,
        "ingest": {
            **{k: ingest[k] for k in ("seconds", "peak_rss_mb", "rss_before_mb", "step")},
            "ms_per_article": round(1000 * ingest["seconds"] / n, 2),
            "results_mb": _mb(results),
            "summaries_mb": _mb(summaries),
            "summaries": sum(1 for _ in summaries.open(encoding="utf-8")),
            "errors": sum(1 for _ in (out / "errors.jsonl").open(encoding="utf-8")),
        },
    }


def _comparable(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _comparable(v) for k, v in data.items() if k != "seconds"}
    if isinstance(data, list):
        return [_comparable(v) for v in data]
    return data


def same_as_live(tmp: Path, n: int) -> dict[str, Any]:
    """The sample through the live path (scripted server) and the requests-file path."""
    folder = tmp / "sample"
    make_articles(folder, n)
    with ScriptedServer(responder=answer, keep_requests=False) as server:
        live_config = config(folder, tmp / "sample-live", server.base_url)

        async def live() -> None:
            import openai

            async with openai.AsyncOpenAI(
                base_url=server.base_url, api_key=KEY, max_retries=0
            ) as client:
                await BatchRun(live_config, client).run()

        asyncio.run(live())
        BatchRun(live_config, None).finish(time.perf_counter(), datetime.now(UTC))
    flow = Flow(config(folder, tmp / "sample-batch"), via="requests-file")
    written = advance(flow)
    assert written.requests_file is not None
    run_elsewhere(written.requests_file, tmp / "sample-results.jsonl")
    advance(flow, results=[tmp / "sample-results.jsonl"])

    def lines(out: Path) -> list[Any]:
        text = (out / "summaries.jsonl").read_text(encoding="utf-8")
        return [_comparable(json.loads(line)) for line in text.splitlines()]

    live_out, batch_out = tmp / "sample-live", tmp / "sample-batch"
    tables = all(
        (live_out / "tables" / name).read_bytes() == (batch_out / "tables" / name).read_bytes()
        for name in ("figures.csv", "officials.csv", "agreements.csv", "dates.csv")
    )
    records = lines(live_out) == lines(batch_out)
    return {"articles": n, "records_equal": records, "tables_equal": tables}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--phase", choices=["write", "ingest"])
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    if args.phase:
        results = args.paths[2] if len(args.paths) > 2 else None
        print(json.dumps(phase(args.phase, args.paths[0], args.paths[1], results)))
        return
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        report = {
            "large": measure(tmp, args.articles),
            "small": measure(tmp, args.small),
            "same_as_live": same_as_live(tmp, args.sample),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
