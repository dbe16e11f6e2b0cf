"""The output folder: one result or error file per article, and aggregates rebuilt from them.

Layout (names are fixed so other tools can rely on them)::

    OUT/<relative input path>.json        a result: summary, rejected items, metadata
    OUT/.summarizer/errors/<rel>.json     a failure record (the source of errors.jsonl)
    OUT/summaries.jsonl  OUT/errors.jsonl  OUT/tables/*.csv  OUT/run.json
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summarizer.batch.atomic import TEMP_MARK, atomic_writer, write_atomic
from summarizer.batch.naming import output_rel
from summarizer.errors import ConfigurationError, OutputBusyError
from summarizer.fields.base import Extraction
from summarizer.records import FailureRecord, ResultRecord, is_record

STATE_DIR = ".summarizer"
AGGREGATES = frozenset({"run.json"})


def _finite(data: Any) -> Any:
    """`data` with every infinite or NaN float as a string: bare `Infinity` is not JSON."""
    if isinstance(data, float) and not math.isfinite(data):
        return str(data)
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


def dumps(data: Any, *, indent: int | None = None) -> str:
    """JSON that every reader accepts (no `Infinity`), non-ASCII kept readable."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False)


def _dumps(data: Any) -> str:
    return dumps(data, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class OutputStore:
    root: Path

    def result_path(self, rel: str) -> Path:
        return self.root / f"{output_rel(rel)}.json"

    def error_path(self, rel: str) -> Path:
        return self.root / STATE_DIR / "errors" / f"{output_rel(rel)}.json"

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder for this run; a second run stops with who holds it.

        An OS lock (released when the process dies, so a killed run never leaves it stuck):
        two runs on one folder would send every request twice and delete each other's
        temporary files.
        """
        from filelock import FileLock, Timeout

        state = self.root / STATE_DIR
        holder = state / "lock.json"
        lock = FileLock(state / "lock", timeout=0)
        try:
            state.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:  # before OSError: filelock's Timeout is a TimeoutError
            raise OutputBusyError(
                f"another summarizer run is using {self.root} ({_holder(holder)}); "
                "wait for it to finish, or choose another --out"
            ) from None
        except OSError as exc:
            raise ConfigurationError(
                f"cannot write to the output folder {self.root}: {exc.strerror or exc}"
            ) from None
        try:
            with contextlib.suppress(OSError):
                write_atomic(holder, _dumps(_me()))
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(holder)
            lock.release()

    def is_done(self, rel: str, key: dict[str, str]) -> bool:
        """A result exists for the same content, model, prompt and schema version."""
        try:
            record = json.loads(self.result_path(rel).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(record, dict) and record.get("key") == key

    def save_result(self, rel: str, record: ResultRecord) -> None:
        write_atomic(self.result_path(rel), _dumps(record.stored()))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.error_path(rel))

    def save_error(self, rel: str, record: FailureRecord) -> None:
        write_atomic(self.error_path(rel), _dumps(record.stored()))

    def result_records(self) -> Iterator[ResultRecord]:
        """Every result of a format this version reads, typed; a file that does not load is skipped."""
        for data in self.results():
            with contextlib.suppress(ValueError):
                yield ResultRecord.model_validate(data)

    def failure_records(self) -> Iterator[FailureRecord]:
        """Every failure record, typed, whichever version wrote it; one that does not load is skipped."""
        for data in self.errors():
            with contextlib.suppress(ValueError):
                yield FailureRecord.model_validate(data)

    def results(self) -> Iterator[dict[str, Any]]:
        """Every result record in the folder as its file holds it, in a stable order, one at a time."""
        for path in _walk(self.root, skip={STATE_DIR, "tables", "report"}):
            if path.name.endswith(".json") and not (
                path.parent == self.root and path.name in AGGREGATES
            ):
                try:
                    record = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if is_record(record):
                    yield record

    def errors(self) -> Iterator[dict[str, Any]]:
        """Every failure record as its file holds it (the lines of errors.jsonl)."""
        for path in _walk(self.root / STATE_DIR / "errors", skip=set()):
            if path.name.endswith(".json"):
                try:
                    yield json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue

    def write_jsonl(self, name: str, records: Iterator[dict[str, Any]]) -> int:
        count = 0
        with atomic_writer(self.root / name) as handle:
            for record in records:
                handle.write(dumps(record) + "\n")
                count += 1
        return count

    def write_json(self, name: str, data: dict[str, Any]) -> None:
        write_atomic(self.root / name, _dumps(data))


def _walk(root: Path, *, skip: set[str]) -> Iterator[Path]:
    """Files under `root`, sorted per directory, lazily; temporaries and `skip`ped top dirs left out."""
    if not root.is_dir():
        return
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not (folder == root and entry.name in skip):
                    stack.append(Path(entry.path))
            elif TEMP_MARK not in entry.name:
                yield Path(entry.path)


def rebuild_aggregates(store: OutputStore, schema: type[Extraction]) -> tuple[int, int]:
    """`summaries.jsonl`, `errors.jsonl` and the tables from the per-article files."""
    from summarizer.batch.tables import write_tables

    summaries = 0

    def results_once() -> Iterator[dict[str, Any]]:
        """One read of the result files feeds both summaries.jsonl and the tables."""
        nonlocal summaries
        for record in store.results():
            handle.write(dumps(record) + "\n")
            summaries += 1
            yield record

    with atomic_writer(store.root / "summaries.jsonl") as handle:
        write_tables(store.root / "tables", schema, results_once())
    errors = store.write_jsonl("errors.jsonl", store.errors())
    return summaries, errors


def _me() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["summarizer", *sys.argv[1:]]),
    }


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {info['pid']} on {info['host']}, since {info['started_at']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "its details are unknown"
