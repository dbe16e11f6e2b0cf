"""Batch speed, fault tolerance and memory against the scripted server on loopback.

Prints, each measured in this run:
1. 500 articles, 200 ms latency, concurrency 16: wall time as a ratio to the bound
   articles x latency / concurrency, and to the sequential loop a user would write with instructor;
2. the same with faults (10 % 429 with Retry-After 1 s, 5 % 500, 2 % dropped connections,
   30 % schema-invalid first answers): every article accounted for, requests per article, and a
   rerun that finishes the rest;
3. peak resident memory of a run over 10,000 input files.

    python benchmarks/batch_throughput.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.cli.batch import batch_config, execute  # noqa: E402

LATENCY = 0.2


class EndpointProcess:
    """The scripted server in its own process, as a real endpoint would be: no shared GIL."""

    def __init__(self, tmp: Path, latency: float, **faults: object) -> None:
        self.url_file, self.count_file = tmp / "url", tmp / "count"
        for f in (self.url_file, self.count_file):
            f.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "testkit.endpoint",
                "--latency",
                str(latency),
                "--faults",
                json.dumps(faults),
                "--url-file",
                str(self.url_file),
                "--count-file",
                str(self.count_file),
            ],
            cwd=ROOT,
        )
        while not self.url_file.exists() or not self.url_file.read_text():
            time.sleep(0.05)
        self.base_url = self.url_file.read_text()

    def stop(self) -> int:
        """Stop the server; the number of requests it received."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        return int(self.count_file.read_text())


def make_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article-{i:05d}.txt").write_text(
            f"Report {i}. The ministry said exports reached {1000 + i} tonnes this year.\n",
            encoding="utf-8",
        )


def run(folder: Path, out: Path, base_url: str, concurrency: int) -> tuple[int, float]:
    os.environ.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="sk-benchmark-not-a-key")
    start = time.perf_counter()
    config = batch_config(folder, out, {"model": "gpt-4o-mini"}, {"concurrency": concurrency})
    code = execute(config, quiet=True)
    return int(code), time.perf_counter() - start


def sequential_instructor(base_url: str, folder: Path, n: int) -> float:
    """The loop a user would write: instructor, one article after another."""
    import instructor
    import openai

    from summarizer.fields import validation_context
    from summarizer.schema_export import load_schema

    client = instructor.from_openai(
        openai.OpenAI(base_url=base_url, api_key="sk-benchmark-not-a-key")
    )
    schema = load_schema("news")
    files = sorted(folder.iterdir())[:n]
    start = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        client.chat.completions.create(
            model="gpt-4o-mini",
            response_model=schema,
            max_retries=3,
            messages=[{"role": "user", "content": f"<article>\n{text}\n</article>"}],
            context=validation_context(text),
        )
    return (time.perf_counter() - start) / n


def throughput(tmp: Path, n: int) -> None:
    """Imports are paid before the clock starts (and reported), as for the sequential loop."""
    folder = tmp / "speed"
    make_articles(folder, n)
    start = time.perf_counter()
    import instructor  # noqa: F401
    import openai  # noqa: F401

    import summarizer.engine.extract  # noqa: F401

    print(
        f"[speed] imports before the clock: {time.perf_counter() - start:.2f} s (not in the ratio)"
    )
    server = EndpointProcess(tmp, LATENCY)
    try:
        code, wall = run(folder, tmp / "speed-out", server.base_url, 16)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "summarizer.cli",
                "batch",
                str(folder),
                "--out",
                str(tmp / "speed-cli"),
                "--concurrency",
                "16",
                "--quiet",
            ],
            check=True,
            cwd=ROOT,
            env={
                **os.environ,
                "OPENAI_BASE_URL": server.base_url,
                "OPENAI_API_KEY": "sk-benchmark-not-a-key",
            },
        )
        cli_wall = time.perf_counter() - start
        per_article = sequential_instructor(server.base_url, folder, 20)
    finally:
        server.stop()
    bound = n * LATENCY / 16
    print(
        f"[speed] {n} articles, latency {LATENCY * 1000:.0f} ms, concurrency 16: {wall:.2f} s; "
        f"bound {bound:.2f} s; ratio {wall / bound:.3f} (target <= 1.15); exit {code}"
    )
    print(
        f"[speed] the same as a fresh `summarizer batch` process (interpreter start, imports, client set-up "
        f"included): {cli_wall:.2f} s; ratio {cli_wall / bound:.3f}"
    )
    print(
        f"[speed] sequential instructor loop: {per_article * 1000:.0f} ms/article -> {per_article * n:.1f} s "
        f"for {n} (measured on 20); batch is {per_article * n / wall:.1f}x faster"
    )


def faults(tmp: Path, n: int) -> None:
    folder = tmp / "faults"
    make_articles(folder, n)
    out = tmp / "faults-out"
    server = EndpointProcess(
        tmp,
        0.02,
        rate_429=0.10,
        rate_500=0.05,
        rate_drop=0.02,
        rate_invalid_first=0.30,
        retry_after="1",
        seed=11,
    )
    code, wall = run(folder, out, server.base_url, 16)
    requests = server.stop()
    done = sum(1 for _ in (out / "summaries.jsonl").open(encoding="utf-8"))
    failed = sum(1 for _ in (out / "errors.jsonl").open(encoding="utf-8"))
    half = [p for p in out.rglob("*") if ".tmp-summarizer-" in p.name]
    server = EndpointProcess(tmp, 0.02)
    code2, _ = run(folder, out, server.base_url, 16)
    server.stop()
    rerun = json.loads((out / "run.json").read_text())["this_run"]
    done2 = sum(1 for _ in (out / "summaries.jsonl").open(encoding="utf-8"))
    print(
        f"[faults] {n} articles: {done} done + {failed} failed = {done + failed} (lost {n - done - failed}); "
        f"temporaries left {len(half)}; {requests} requests = {requests / n:.2f} per article (target <= 1.8); "
        f"{wall:.1f} s; exit {code}"
    )
    print(
        f"[faults] rerun: skipped {rerun['skipped']}, newly done {rerun['succeeded']}, failed {rerun['failed']}; "
        f"summaries now {done2}/{n}; exit {code2}"
    )


def memory(tmp: Path, n: int) -> None:
    folder = tmp / "memory"
    make_articles(folder, n)
    server = EndpointProcess(tmp, 0.0)
    try:
        code = (
            f"import resource, sys; sys.path.insert(0, {str(ROOT)!r});"
            "from benchmarks.batch_throughput import run; from pathlib import Path;"
            f"c, w = run(Path({str(folder)!r}), Path({str(tmp / 'memory-out')!r}), {server.base_url!r}, 16);"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, w, c)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    finally:
        server.stop()
    rss_kb, wall, exit_code = out.stdout.split()
    baseline = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, summarizer.cli.batch, summarizer.batch.execute, openai, instructor;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    print(
        f"[memory] {n} input files: peak RSS {int(rss_kb) / 1024:.0f} MB (target < 300 MB); "
        f"{int(rss_kb) / int(baseline):.2f}x the imports alone ({int(baseline) / 1024:.0f} MB); "
        f"{float(wall):.1f} s; exit {exit_code}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        throughput(Path(tmp), 100 if args.quick else 500)
        faults(Path(tmp), 50 if args.quick else 300)
        memory(Path(tmp), 500 if args.quick else 10_000)
