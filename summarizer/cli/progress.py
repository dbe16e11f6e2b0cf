"""The terminal side of a batch run: a rich progress bar and the closing summary table."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from summarizer.batch.naming import display
from summarizer.batch.runner import Tally
from summarizer.cli.terminal import plain


class BatchProgress:
    """Counts done, failed and skipped articles and tokens as events arrive."""

    def __init__(self, total: int, console: Console, *, quiet: bool) -> None:
        self.quiet = quiet
        self.console = console
        self.tokens = 0
        self.counts = {"done": 0, "failed": 0, "skipped": 0}
        self.progress = Progress(
            TextColumn("[bold]summarizing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "done {task.fields[done]} · failed {task.fields[failed]} · skipped {task.fields[skipped]}"
            ),
            TextColumn("· {task.fields[tokens]} tokens{task.fields[speed]}"),
            TimeRemainingColumn(),
            console=console,
            disable=quiet,
            transient=False,
        )
        self.task = self.progress.add_task(
            "batch", total=total, done=0, failed=0, skipped=0, tokens=0, speed=""
        )
        self.answer_tokens = 0
        self.seconds = 0.0

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def _speed(self) -> str:
        """Answer tokens per second and seconds per article, over the articles done so far:
        what a user of a slow local model watches (a remote API's figures are as useful)."""
        done = self.counts["done"]
        if not done or self.seconds <= 0:
            return ""
        rate = self.answer_tokens / self.seconds
        return f" · {rate:.1f} tok/s · {self.seconds / done:.0f} s/article"

    def event(self, kind: str, rel: str, info: dict[str, Any]) -> None:
        self.counts[kind] += 1
        self.tokens += int(info.get("tokens", 0))
        self.answer_tokens += int(info.get("answer_tokens", 0))
        self.seconds += float(info.get("seconds", 0.0))
        c = self.counts
        self.progress.update(
            self.task,
            advance=1,
            tokens=self.tokens,
            done=c["done"],
            failed=c["failed"],
            skipped=c["skipped"],
            speed=self._speed(),
        )
        if self.quiet:
            return
        if kind == "failed":
            line = plain(f"failed {display(rel)}: {info.get('error', '')}")
            line.stylize("red", 0, 6)
            self.progress.console.print(line, highlight=False)
        elif kind == "skipped" and info.get("reason"):
            self.progress.console.print(
                plain(f"skipped {display(rel)}: {info['reason']}", "yellow"), highlight=False
            )


def summary_table(tally: Tally, manifest: dict[str, Any]) -> Table:
    table = Table(title="summarizer batch", title_justify="left")
    table.add_column("")
    table.add_column("", justify="right")
    cost = manifest.get("estimated_cost_usd")
    rows = [
        ("succeeded", tally.succeeded),
        ("failed", tally.failed),
        ("skipped (already done)", tally.skipped),
        ("skipped (outside the input folder)", tally.skipped_outside),
        ("requests", tally.requests),
        ("tokens", tally.total_tokens),
        ("estimated cost", f"${cost:.4f}" if cost is not None else "unknown for this model"),
        ("duration", f"{manifest['duration_seconds']:.1f} s"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    return table
