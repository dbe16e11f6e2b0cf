"""The terminal side of `--wait`: a progress bar over the provider's answered requests."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from summarizer.batchapi.client import BatchInfo


class WaitBar:
    """`on_update` for :func:`~summarizer.batchapi.flow.advance`: one bar per batch polled."""

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.progress = Progress(
            TextColumn("[bold]batch {task.fields[batch]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]} · failed {task.fields[failed]}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
        )
        self.tasks: dict[str, TaskID] = {}

    def update(self, info: BatchInfo) -> None:
        if info.id not in self.tasks:
            self.tasks[info.id] = self.progress.add_task(
                info.id, total=info.total or None, batch=info.id, status=info.status, failed=0
            )
        self.progress.update(
            self.tasks[info.id],
            total=info.total or None,
            completed=info.completed + info.failed,
            status=info.status,
            failed=info.failed,
        )

    def __enter__(self) -> WaitBar:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()
