"""The batch run: stream the folder, summarise concurrently, record every outcome.

Workers pull paths from a bounded queue fed by a lazy walk, so memory does not grow with the
folder. Each article ends as a result file or an error file, written atomically; aggregates are
rebuilt at the end, also after an interruption.

Every article is fenced: whatever goes wrong with it (a strange answer, a bug) becomes that
article's failure record and the run goes on. Only a failure that would hit every article stops
the run: a configuration error (bad key, unknown model), an output folder that cannot be
written (full or read-only disk), or an endpoint that failed many articles in a row.

A run's budget (`BatchConfig.run`'s caps, `engine/budget.py`) stops it cleanly when a cap is
reached: requests in flight finish and their articles are kept, no new request starts, articles
not started are left un-done (a rerun resumes them), and run.json says which cap stopped it
(`stopped.code`). An article cut short by the run's cap after it had spent something gets a
failure record with that code, so its cost is on record; a rerun does it again. An article that
would pass `max_article_tokens` fails with a record coded `max_article_tokens`.
"""

from __future__ import annotations

import asyncio
import errno
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from summarizer.batch.atomic import remove_stale_temporaries
from summarizer.batch.limiter import SharedLimiter
from summarizer.batch.naming import display
from summarizer.batch.store import OutputStore, rebuild_aggregates
from summarizer.config import BatchSettings, Settings, recorded
from summarizer.engine.budget import Budget, Limits
from summarizer.engine.chunking import chunk_size
from summarizer.engine.conversation import Job
from summarizer.engine.loading import Article, discover, load_article, outside
from summarizer.engine.longdoc import arun_article
from summarizer.engine.prompting import PromptSet
from summarizer.engine.transport import TransportPolicy
from summarizer.errors import (
    ConfigurationError,
    InputError,
    InternalError,
    OutputError,
    RunBudgetError,
    SummarizerError,
    TransportError,
    error_code,
    redact,
)
from summarizer.fields.base import Extraction
from summarizer.pricing import estimate_cost
from summarizer.records import (
    ArticleInfo,
    FailureRecord,
    ResultRecord,
    StoredMeta,
    Usage,
    schema_key,
)

_Record = TypeVar("_Record", ResultRecord, FailureRecord)

Event = Callable[[str, str, dict[str, Any]], None]
"""Progress callback: (kind, relative path, details); kind is done, failed or skipped."""


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything one batch run needs; the CLI builds it, benchmarks and tests too."""

    input_dir: Path
    out_dir: Path
    schema: type[Extraction]
    prompts: PromptSet
    settings: Settings
    #: How the run goes over the folder (concurrency, caps, --force, ...).
    run: BatchSettings = field(default_factory=lambda: BatchSettings())

    def __post_init__(self) -> None:
        if os.path.realpath(self.input_dir) == os.path.realpath(self.out_dir):
            raise ConfigurationError(
                "--out must not be the input folder itself: choose another folder"
            )
        # A price that does not parse, or a cost cap on a model without a price, is refused
        # here, before the input is walked or the output folder locked.
        limits = Limits.of(self.run)
        if limits.capped:
            Budget(limits, self.settings.model)


@dataclass(slots=True)
class Tally:
    """What this run did (the folder may hold more from earlier runs)."""

    seen: int = 0
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    #: succeeded, but a chunk of the long article failed (its result says which)
    partial: int = 0
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limit_pauses: int = 0
    skipped_outside: int = 0
    interrupted: bool = False
    #: The cap that stopped the run (`max_tokens_total`, `max_cost_usd`), and its message.
    stopped_by: str | None = None
    stop_message: str | None = None
    fatal: str | None = None
    #: configuration (exit 2), output (the disk) or endpoint (failed many articles in a row)
    fatal_kind: str | None = None
    failed_paths: list[str] = field(default_factory=list)
    skipped_inputs: list[dict[str, str]] = field(default_factory=list)
    unwritable: list[dict[str, str]] = field(default_factory=list)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def _schema(config: BatchConfig) -> str:
    return schema_key(config.schema.__name__, config.schema.schema_version)


def resume_key(sha256: str, config: BatchConfig) -> dict[str, str]:
    """What a stored result must match to be up to date (the batch API's custom_id hashes it)."""
    return {
        "sha256": sha256,
        "model": config.settings.model,
        "prompt_version": config.prompts.version,
        "schema_version": _schema(config),
        "chunk_chars": str(chunk_size(config.settings.chunk_chars)),
    }


#: Write errors that no other article could escape: the run stops instead of failing each one.
_DISK_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)


def failure_record(
    rel: str,
    exc: Exception,
    article: Article | None = None,
    key: dict[str, str] | None = None,
) -> FailureRecord:
    """A failure: each attempt's answer and what was wrong with it, and what offline
    re-validation needs to rescue it later (last raw output, hash)."""
    answers = exc.answers if isinstance(exc, SummarizerError) else []
    raw = exc.raw_output if isinstance(exc, InternalError) else None
    if raw is None and answers:
        raw = answers[-1].raw_output
    return FailureRecord(
        path=display(rel),
        error_type=type(exc).__name__,
        code=error_code(exc),
        cause=exc.cause if isinstance(exc, InternalError) else None,
        message=redact(str(exc)),
        attempts=len(answers),
        usage=exc.spent if isinstance(exc, SummarizerError) else None,
        sha256=article.sha256 if article else None,
        key=key,
        published=article.published.isoformat() if article and article.published else None,
        raw_output=raw,
        attempt_log=answers,
    )


def result_record(
    rel: str, key: dict[str, str], article: Article, result: Extraction
) -> ResultRecord:
    """A success: the summary, what was refused, how it was made, and which file it came from."""
    assert result.meta is not None
    return ResultRecord(
        path=display(rel),
        key=key,
        article=ArticleInfo(
            source=display(rel),
            sha256=article.sha256,
            published=article.published.isoformat() if article.published else None,
            encoding=article.encoding,
            kind=article.kind,
            notes=list(article.notes),
        ),
        summary=result.model_dump(mode="json"),
        rejected=result.rejected,
        withheld=result.withheld,
        meta=StoredMeta.model_validate(result.meta.model_dump(mode="json")),
    )


#: Tally fields that run.json gives on their own, not among the counts of `this_run`.
_LISTED_APART = frozenset(
    {
        "failed_paths",
        "interrupted",
        "stopped_by",
        "stop_message",
        "fatal",
        "fatal_kind",
        "skipped_inputs",
        "unwritable",
    }
)


def _unexpected(exc: Exception, where: str) -> InternalError:
    return InternalError(
        f"unexpected {type(exc).__name__} {where}: {exc}", cause=type(exc).__name__
    )


class BatchRun:
    def __init__(self, config: BatchConfig, client: Any, *, on_event: Event | None = None) -> None:
        self.config = config
        self.client = client
        self.store = OutputStore(config.out_dir)
        self.limiter = SharedLimiter(
            rpm=config.run.rpm, tpm=config.run.tpm, in_flight=config.run.concurrency
        )
        self.policy = TransportPolicy(
            attempts=config.settings.transport_attempts,
            gate=self.limiter,
            deadline=config.settings.attempt_deadline,
        )
        self.tally = Tally()
        #: None without caps; raises UnpricedModelError for a cost cap it cannot enforce.
        self.limits = Limits.of(config.run)
        self.budget = Budget(self.limits, config.settings.model) if self.limits.capped else None
        self.on_event = on_event or (lambda kind, rel, info: None)
        self._stop = asyncio.Event()
        #: Consecutive articles the endpoint failed, and after how many the run stops.
        self._endpoint_streak = 0
        self.endpoint_breaker = max(10, 2 * config.run.concurrency)

    def stop(self) -> None:
        """Stop taking new articles; in-flight ones are cancelled by the caller."""
        self.tally.interrupted = True
        self._stop.set()

    def _stopping(self) -> bool:
        """Whether to take no more articles: stopped, or the run's budget reached."""
        if self.budget is not None and self.budget.stopped is not None:
            self._budget_stop(self.budget.stopped)
        return self._stop.is_set()

    def _budget_stop(self, exc: RunBudgetError) -> None:
        """The run's cap is reached: record which, once, and take no more articles."""
        if self.tally.stopped_by is None:
            self.tally.stopped_by, self.tally.stop_message = exc.cap, str(exc)
        self._stop.set()

    def _fatal(self, kind: str, message: str) -> None:
        """A failure every article would share: record it once and stop taking articles."""
        if self.tally.fatal is None:
            self.tally.fatal, self.tally.fatal_kind = redact(message), kind
        self._stop.set()

    async def run(self, paths: Iterable[Path] | None = None) -> Tally:
        """Summarise `paths` (files under the input folder), or the folder's lazy walk."""
        config = self.config
        remove_stale_temporaries(config.out_dir)
        # More workers than request slots: while `concurrency` requests are on the wire, the
        # other workers load, validate and write, so local work stays off the critical path.
        queue: asyncio.Queue[Path | None] = asyncio.Queue(maxsize=config.run.concurrency * 2)
        workers = [
            asyncio.create_task(self._worker(queue)) for _ in range(config.run.concurrency * 2)
        ]
        try:
            if paths is None:
                paths = discover(config.input_dir, exclude=[config.out_dir])
            for path in paths:
                if self._stopping():
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
            self.tally.requests = self.limiter.sent
        return self.tally

    async def _worker(self, queue: asyncio.Queue[Path | None]) -> None:
        """Never dies of one article: a worker that did would leave the queue unread (a hang)."""
        while (path := await queue.get()) is not None:
            if self._stopping():
                continue
            try:
                await self._one(path)
            except ConfigurationError as exc:
                self._fatal("configuration", str(exc))
            except OutputError as exc:
                self._fatal("output", str(exc))
            except Exception as exc:  # the article's own record could not be written
                self._fatal("output", f"{type(exc).__name__}: {exc}")

    async def _one(self, path: Path) -> None:
        config, tally = self.config, self.tally
        rel = path.relative_to(config.input_dir).as_posix()
        tally.seen += 1
        if not config.run.follow_outside and outside(path, config.input_dir):
            reason = "a link to a file outside the input folder (not read; see --follow-links)"
            tally.skipped_outside += 1
            tally.skipped_inputs.append({"path": display(rel), "reason": reason})
            self.on_event("skipped", rel, {"reason": reason})
            return
        try:
            article, key, done = await asyncio.to_thread(self._prepare, path, rel)
        except InputError as exc:
            await self._save_failure(rel, exc)
            return
        except Exception as exc:
            await self._save_failure(rel, _unexpected(exc, "while loading the file"))
            return
        if done:
            tally.skipped += 1
            self.on_event("skipped", rel, {})
            return
        job = Job(article, config.schema, config.prompts, config.settings)
        try:
            result = await arun_article(job, self.client, self.policy, self.budget)
        except ConfigurationError:
            raise
        except RunBudgetError as exc:  # not this article's fault: un-done unless it had spent
            self._budget_stop(exc)
            if exc.answers:
                await self._save_failure(rel, exc, article, key)
            elif exc.spent is not None:
                self._count(exc.spent)
            return
        except SummarizerError as exc:  # arun turns anything unexpected into InternalError
            await self._save_failure(rel, exc, article, key)
            self._watch_endpoint(exc)
            return
        self._endpoint_streak = 0
        meta = result.meta
        assert meta is not None
        try:
            record = result_record(rel, key, article, result)
        except Exception as exc:
            await self._save_failure(
                rel, _unexpected(exc, "while recording the result"), article, key
            )
            return
        self._count(meta.usage)
        if not await self._write(self.store.save_result, rel, record):
            return
        tally.succeeded += 1
        tally.partial += int(meta.partial)
        self.on_event(
            "done",
            rel,
            {
                "tokens": meta.usage.total_tokens,
                "answer_tokens": meta.usage.completion_tokens,
                "seconds": meta.seconds,
            },
        )

    def _watch_endpoint(self, exc: SummarizerError) -> None:
        """Many articles in a row lost to the endpoint: it is down, not unlucky; stop."""
        if not isinstance(exc, TransportError):
            self._endpoint_streak = 0
            return
        self._endpoint_streak += 1
        if self._endpoint_streak >= self.endpoint_breaker:
            self._fatal(
                "endpoint",
                f"the endpoint failed {self._endpoint_streak} articles in a row, so the run "
                f"stopped; the last error: {exc}",
            )

    async def _save_failure(
        self,
        rel: str,
        exc: Exception,
        article: Article | None = None,
        key: dict[str, str] | None = None,
    ) -> None:
        if isinstance(exc, SummarizerError) and exc.spent is not None:
            self._count(exc.spent)
        if await self._write(self.store.save_error, rel, failure_record(rel, exc, article, key)):
            self._failed(rel, exc)

    async def _write(
        self,
        save: Callable[[str, _Record], None],
        rel: str,
        record: _Record,
    ) -> bool:
        """Write one article's file; a disk that refuses every file stops the run.

        A name this one file system refuses (for a reason naming.py does not foresee) fails
        only this article; as nothing can be written for it, run.json lists it.
        """
        try:
            await asyncio.to_thread(save, rel, record)
        except OSError as exc:
            if exc.errno in _DISK_ERRNOS:
                raise OutputError(
                    f"cannot write to the output folder {self.config.out_dir}: "
                    f"{exc.strerror or exc}"
                ) from None
            reason = f"its output file could not be written: {exc.strerror or exc}"
            self.tally.unwritable.append({"path": display(rel), "reason": reason})
            self._failed(rel, OutputError(reason))
            return False
        return True

    def _prepare(self, path: Path, rel: str) -> tuple[Article, dict[str, str], bool]:
        """Load the article and check for an up-to-date result: one trip to a worker thread."""
        article = load_article(path, max_bytes=self.config.run.max_bytes)
        key = resume_key(article.sha256, self.config)
        return article, key, not self.config.run.force and self.store.is_done(rel, key)

    def _count(self, usage: Usage) -> None:
        self.tally.prompt_tokens += usage.prompt_tokens
        self.tally.completion_tokens += usage.completion_tokens

    def _failed(self, rel: str, exc: Exception) -> None:
        self.tally.failed += 1
        self.tally.failed_paths.append(display(rel))
        spent = exc.spent if isinstance(exc, SummarizerError) else None
        tokens = spent.total_tokens if spent is not None else 0  # a failure's answers cost too
        self.on_event(
            "failed", rel, {"error": f"{type(exc).__name__}: {redact(str(exc))}", "tokens": tokens}
        )

    def _budget_report(self) -> dict[str, Any] | None:
        """The caps, the price they were held to, and what the run spent against them."""
        budget = self.budget
        if budget is None:
            return None
        limits = budget.limits
        price = budget.price
        return {
            "max_cost_usd": limits.max_cost_usd,
            "max_tokens_total": limits.max_tokens_total,
            "max_article_tokens": limits.max_article_tokens,
            "batch_api": limits.batch_api,
            "price": None
            if price is None
            else {
                "input_per_mtok": price.input_per_mtok,
                "output_per_mtok": price.output_per_mtok,
                "source": price.source,
            },
            "spent_tokens": budget.tokens,
            "spent_usd": round(budget.cost, 6) if price is not None else None,
        }

    def finish(self, started: float, started_at: datetime) -> dict[str, Any]:
        """Rebuild the aggregates from the per-article files and write `run.json`."""
        config, store, tally = self.config, self.store, self.tally
        summaries, errors = rebuild_aggregates(store, config.schema)
        settings = config.settings
        manifest = {
            "started_at": started_at.isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_seconds": round(time.perf_counter() - started, 3),
            "interrupted": tally.interrupted,
            "fatal_error": tally.fatal,
            "fatal_kind": tally.fatal_kind,
            "this_run": {k: v for k, v in asdict(tally).items() if k not in _LISTED_APART},
            "skipped_inputs": tally.skipped_inputs,
            "unwritable": tally.unwritable,
            "folder": {"summaries": summaries, "errors": errors},
            "tokens": {
                "prompt": tally.prompt_tokens,
                "completion": tally.completion_tokens,
                "total": tally.total_tokens,
            },
            "estimated_cost_usd": estimate_cost(
                settings.model,
                tally.prompt_tokens,
                tally.completion_tokens,
                batch=self.limits.batch_api,
                price=self.limits.price,
            ),
            "stopped": None
            if tally.stopped_by is None
            else {"reason": "budget", "code": tally.stopped_by, "message": tally.stop_message},
            "budget": self._budget_report(),
            "settings": {
                "input_dir": display(str(config.input_dir.resolve())),
                **recorded(settings),
                "chunk_chars": chunk_size(settings.chunk_chars),
                "prompt_version": config.prompts.version,
                "schema": _schema(config),
                **recorded(config.run),
            },
        }
        store.write_json("run.json", manifest)
        return manifest
