"""Start-up: how long after `summarizer batch` starts does its first request reach the endpoint?

    python benchmarks/startup.py [--runs 7]

One real article (the seed, examples/iran-russia-cooperation.ar.txt) in a fresh folder; the
scripted endpoint in its own process stamps the system-wide monotonic clock when the first
request arrives. Each run is a fresh process, as a user's is. The machine is shared and noisy, so
the figure to read is the median and its ratio to a bare interpreter (`python -c pass`) and to
`import openai` alone (the SDK's import, which the run cannot do without), measured in the same
run; the target is a first request within 1.0 s.

Every module is read from cached bytecode, as from an installed wheel (pip compiles it at install)
or after a first run: one untimed run writes it under a temporary `PYTHONPYCACHEPREFIX`.
`--source` measures instead with the environment as it is: in one that sets
PYTHONDONTWRITEBYTECODE, as this project's machine does, an editable checkout compiles its own
modules from source on every start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "iran-russia-cooperation.ar.txt"


def _bare(runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        times.append(time.monotonic() - start)
    return statistics.median(times)


def _import(module: str, runs: int, env: dict[str, str]) -> float:
    code = f"import time; s = time.perf_counter(); import {module}; print(time.perf_counter() - s)"
    out = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, env=env
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(out)


def _first_request(tmp: Path, env: dict[str, str], stamp: Path, run: int) -> float:
    folder, out = tmp / f"in-{run}", tmp / f"out-{run}"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    stamp.unlink(missing_ok=True)
    command = [sys.executable, "-m", "summarizer.cli", "batch", str(folder), "--out", str(out)]
    start = time.monotonic()
    subprocess.run([*command, "--quiet"], cwd=ROOT, env=env, check=False)
    return float(stamp.read_text()) - start


def _environment(base_url: str, tmp: Path, source: bool) -> dict[str, str]:
    env = {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-benchmark-not-a-key"}
    if not source:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--source", action="store_true", help="no cached bytecode: the environment as it is"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="startup-") as name:
        tmp = Path(name)
        url_file, stamp = tmp / "url", tmp / "first"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "testkit.endpoint",
                "--url-file",
                str(url_file),
                "--first-request-file",
                str(stamp),
            ],
            cwd=ROOT,
        )
        try:
            while not url_file.exists() or not url_file.read_text():
                time.sleep(0.05)
            env = _environment(url_file.read_text(), tmp, args.source)
            if not args.source:  # writes every module's bytecode
                _first_request(tmp, env, stamp, -1)
            bare = _bare(args.runs, env)
            firsts = [_first_request(tmp, env, stamp, i) for i in range(args.runs)]
            bare_after = _bare(args.runs, env)
            openai_import = _import("openai", args.runs, env)
        finally:
            server.terminate()
            server.wait(timeout=30)
    first = statistics.median(firsts)
    bound = (bare + bare_after) / 2
    bytecode = "from source" if args.source else "cached bytecode"
    print(
        f"[startup] first request of a fresh `summarizer batch` (1 real article, {bytecode}): "
        f"median {first:.3f} s over {args.runs} runs (min {min(firsts):.3f}, "
        f"max {max(firsts):.3f}); target <= 1.0 s"
    )
    print(
        f"[startup] bare interpreter `python -c pass`: {bound:.3f} s; ratio {first / bound:.1f}x; "
        f"`import openai` alone: {openai_import:.3f} s; ratio {first / openai_import:.2f}x"
    )


if __name__ == "__main__":
    main()
