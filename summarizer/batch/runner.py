"""The batch run: stream the folder, summarise concurrently, record every outcome.

Workers pull paths from a bounded queue fed by a lazy walk, so memory does not grow with the
folder. Each article ends as a result file or an error file, written atomically; aggregates are
rebuilt at the end, also after an interruption. A configuration error (bad key, unknown model)
stops the run: every other article would fail the same way.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from summarizer.batch.atomic import remove_stale_temporaries
from summarizer.batch.limiter import SharedLimiter
from summarizer.batch.pricing import estimate_cost
from summarizer.batch.store import OutputStore, rebuild_aggregates
from summarizer.config import Settings
from summarizer.engine.extract import Job, arun
from summarizer.engine.loading import DEFAULT_MAX_BYTES, Article, discover, load_article
from summarizer.engine.prompting import PromptSet
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import ConfigurationError, ExtractionError, InputError, SummarizerError
from summarizer.fields.base import Extraction

Event = Callable[[str, str, dict[str, Any]], None]
"""Progress callback: (kind, relative path, details); kind is done, failed or skipped."""


@dataclass(frozen=True, slots=True)
class BatchConfig:
    input_dir: Path
    out_dir: Path
    schema: type[Extraction]
    prompts: PromptSet
    settings: Settings
    concurrency: int = 8
    rpm: int | None = None
    tpm: int | None = None
    force: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(slots=True)
class Tally:
    """What this run did (the folder may hold more from earlier runs)."""

    seen: int = 0
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limit_pauses: int = 0
    interrupted: bool = False
    fatal: str | None = None
    failed_paths: list[str] = field(default_factory=list)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def _key(sha256: str, config: BatchConfig) -> dict[str, str]:
    return {
        "sha256": sha256,
        "model": config.settings.model,
        "prompt_version": config.prompts.version,
        "schema_version": f"{config.schema.__name__}@{config.schema.schema_version}",
    }


def _error_record(
    rel: str,
    exc: Exception,
    attempts: int,
    usage: dict[str, Any] | None,
    article: Article | None = None,
    key: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A failure: each attempt's answer and what was wrong with it, and what offline
    re-validation needs to rescue it later (last raw output, hash)."""
    return {
        "path": rel,
        "error_type": type(exc).__name__,
        "message": str(exc),
        "attempts": attempts,
        "usage": usage,
        "sha256": article.sha256 if article else None,
        "key": key,
        "published": article.published.isoformat() if article and article.published else None,
        "raw_output": exc.last_raw_output if isinstance(exc, ExtractionError) else None,
        "attempt_log": (
            [
                {
                    "number": a.number,
                    "errors": list(a.errors),
                    "finish_reason": a.finish_reason,
                    "raw_output": a.raw_output,
                }
                for a in exc.attempts
            ]
            if isinstance(exc, ExtractionError)
            else []
        ),
    }


class BatchRun:
    def __init__(self, config: BatchConfig, client: Any, *, on_event: Event | None = None) -> None:
        self.config = config
        self.client = client
        self.store = OutputStore(config.out_dir)
        self.limiter = SharedLimiter(rpm=config.rpm, tpm=config.tpm, in_flight=config.concurrency)
        self.policy = TransportPolicy(
            attempts=config.settings.transport_attempts, gate=self.limiter
        )
        self.tally = Tally()
        self.on_event = on_event or (lambda kind, rel, info: None)
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Stop taking new articles; in-flight ones are cancelled by the caller."""
        self.tally.interrupted = True
        self._stop.set()

    async def run(self) -> Tally:
        config = self.config
        remove_stale_temporaries(config.out_dir)
        # More workers than request slots: while `concurrency` requests are on the wire, the
        # other workers load, validate and write, so local work stays off the critical path.
        queue: asyncio.Queue[Path | None] = asyncio.Queue(maxsize=config.concurrency * 2)
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(config.concurrency * 2)]
        try:
            for path in discover(config.input_dir):
                if self._stop.is_set():
                    break
                await queue.put(path)
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self.tally.rate_limit_pauses = self.limiter.pauses
        return self.tally

    async def _worker(self, queue: asyncio.Queue[Path | None]) -> None:
        while (path := await queue.get()) is not None:
            if self._stop.is_set():
                continue
            try:
                await self._one(path)
            except ConfigurationError as exc:
                self.tally.fatal = str(exc)
                self.stop()

    async def _one(self, path: Path) -> None:
        config, tally = self.config, self.tally
        rel = path.relative_to(config.input_dir).as_posix()
        tally.seen += 1
        try:
            article, key, done = await asyncio.to_thread(self._prepare, path, rel)
        except InputError as exc:
            await asyncio.to_thread(self.store.save_error, rel, _error_record(rel, exc, 0, None))
            self._failed(rel, exc)
            return
        if done:
            tally.skipped += 1
            self.on_event("skipped", rel, {})
            return
        job = Job(article.text, config.schema, config.prompts, config.settings, article.published)
        try:
            result = await arun(job, self.client, self.policy)
        except ConfigurationError:
            raise
        except SummarizerError as exc:
            attempts = getattr(exc, "attempts", 0)
            usage = exc.usage.model_dump() if isinstance(exc, ExtractionError) else None
            if isinstance(exc, ExtractionError):
                self._count(usage or {})
                attempts = len(exc.attempts)
            await asyncio.to_thread(
                self.store.save_error,
                rel,
                _error_record(rel, exc, int(attempts or 0), usage, article, key),
            )
            self._failed(rel, exc)
            return
        meta = result.meta
        assert meta is not None
        record = {
            "path": rel,
            "key": key,
            "article": {
                "source": rel,
                "sha256": article.sha256,
                "published": article.published.isoformat() if article.published else None,
                "encoding": article.encoding,
                "kind": article.kind,
            },
            **result.to_record(),
        }
        await asyncio.to_thread(self.store.save_result, rel, record)
        self._count(meta.usage.model_dump(), sum(a.transport_tries for a in meta.attempt_log))
        tally.succeeded += 1
        self.on_event(
            "done",
            rel,
            {
                "tokens": meta.usage.total_tokens,
                "answer_tokens": meta.usage.completion_tokens,
                "seconds": meta.seconds,
            },
        )

    def _prepare(self, path: Path, rel: str) -> tuple[Article, dict[str, str], bool]:
        """Load the article and check for an up-to-date result: one trip to a worker thread."""
        article = load_article(path, max_bytes=self.config.max_bytes)
        key = _key(article.sha256, self.config)
        return article, key, not self.config.force and self.store.is_done(rel, key)

    def _count(self, usage: dict[str, Any], requests: int | None = None) -> None:
        self.tally.prompt_tokens += int(usage.get("prompt_tokens", 0))
        self.tally.completion_tokens += int(usage.get("completion_tokens", 0))
        self.tally.requests += requests if requests is not None else int(usage.get("requests", 0))

    def _failed(self, rel: str, exc: Exception) -> None:
        self.tally.failed += 1
        self.tally.failed_paths.append(rel)
        self.on_event("failed", rel, {"error": f"{type(exc).__name__}: {exc}"})

    def finish(self, started: float, started_at: datetime) -> dict[str, Any]:
        """Rebuild the aggregates from the per-article files and write `run.json`."""
        config, store, tally = self.config, self.store, self.tally
        summaries, errors = rebuild_aggregates(store, config.schema)
        settings = config.settings
        base = (
            urlsplit(settings.base_url)._replace(query="", fragment="").geturl()
            if settings.base_url
            else None
        )
        manifest = {
            "started_at": started_at.isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_seconds": round(time.perf_counter() - started, 3),
            "interrupted": tally.interrupted,
            "fatal_error": tally.fatal,
            "this_run": {
                k: v
                for k, v in asdict(tally).items()
                if k not in {"failed_paths", "interrupted", "fatal"}
            },
            "folder": {"summaries": summaries, "errors": errors},
            "tokens": {
                "prompt": tally.prompt_tokens,
                "completion": tally.completion_tokens,
                "total": tally.total_tokens,
            },
            "estimated_cost_usd": estimate_cost(
                settings.model, tally.prompt_tokens, tally.completion_tokens
            ),
            "settings": {
                "input_dir": str(config.input_dir.resolve()),
                "model": settings.model,
                "base_url": base,
                "mode": settings.mode,
                "prompt_version": config.prompts.version,
                "schema": f"{config.schema.__name__}@{config.schema.schema_version}",
                "concurrency": config.concurrency,
                "rpm": config.rpm,
                "tpm": config.tpm,
                "force": config.force,
                "max_reasks": settings.max_reasks,
                "strict": settings.strict,
                "max_bytes": config.max_bytes,
            },
        }
        store.write_json("run.json", manifest)
        return manifest
