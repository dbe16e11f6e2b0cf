"""A round's replies through the live conversation: results, failures, and what is left over.

Each reply's completion is read as the live path reads one (`request.read_completion`) and
given to the article's conversation after the answers it had before (`entries.replayed`), so
validation, grounding, salvage and the re-ask limit are the live path's own. The conversation
either returns a result (written as the batch runner writes it), gives up (a failure record),
or asks again: that article, and every request the provider failed, expired or never
answered, goes to the round's repair list (`repair.jsonl`) for the next round or the live path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.batch.atomic import atomic_writer
from summarizer.batch.runner import BatchConfig, failure_record, result_record
from summarizer.batch.store import OutputStore
from summarizer.batchapi.entries import Entry, EntryIndex, StoredAnswer, article_job, replayed
from summarizer.batchapi.lines import Reply, read_replies
from summarizer.batchapi.longread import read_long
from summarizer.batchapi.requests_file import INDEX
from summarizer.batchapi.state import Ingest, round_dir
from summarizer.engine.conversation import Job, Trace
from summarizer.engine.loading import Article
from summarizer.engine.request import read_completion
from summarizer.errors import BatchAPIError, InternalError, SummarizerError, TransportError
from summarizer.fields.base import Extraction
from summarizer.records import Usage

REPAIR = "repair.jsonl"
#: Rounds in which the provider may fail one request before the article is recorded as failed.
PROVIDER_ATTEMPTS = 3


@dataclass(slots=True)
class _Counts:
    succeeded: int = 0
    failed: int = 0
    repair: int = 0
    provider_failed: int = 0
    changed: int = 0
    usage: Usage = field(default_factory=Usage)

    def frozen(self) -> Ingest:
        return Ingest(
            succeeded=self.succeeded,
            failed=self.failed,
            repair=self.repair,
            provider_failed=self.provider_failed,
            changed=self.changed,
            usage=self.usage,
        )


def ingest_round(
    config: BatchConfig,
    number: int,
    results: Sequence[Path],
    *,
    provider_attempts: int = PROVIDER_ATTEMPTS,
    require_match: bool = False,
) -> Ingest:
    """Read round `number`'s results (and error) files; write records and the repair list.

    Idempotent: a rerun after an interruption reads the same files and writes the same records.
    With `require_match`, results that answer none of the round's requests are refused before
    anything is written.
    """
    out = config.out_dir
    with EntryIndex(round_dir(out, number) / INDEX) as pending:
        reader = _Reader(config, OutputStore(out), provider_attempts)
        if require_match and len(pending) and not _answers_any(results, pending):
            raise BatchAPIError(
                f"the results ({', '.join(str(p) for p in results)}) answer none of round "
                f"{number}'s {len(pending)} requests: they were made from another requests file"
            )
        # A long article's threads are answered on lines of their own: gathered, then judged
        # together (long articles are few; their replies are held until the end).
        threads: dict[str, tuple[Entry, dict[int, Reply]]] = {}

        def take(entry: Entry, found: Reply) -> Entry | None:
            if not entry.long:
                return reader.one(entry, found)
            threads.setdefault(entry.path, (entry, {}))[1][entry.thread or 0] = found
            return None

        with atomic_writer(round_dir(out, number) / REPAIR) as repair:
            for path in results:
                for found in read_replies(path):
                    entry = pending.pop(found.custom_id)
                    if entry is not None:  # None: an unknown id, or a second reply to one request
                        left = take(entry, found)
                        if left is not None:
                            repair.write(left.line())
            for entry in pending.rest():
                left = take(entry, Reply(entry.custom_id, None, "no reply in the results"))
                if left is not None:
                    repair.write(left.line())
            for entry, replies in threads.values():
                left = reader.long(entry, replies)
                if left is not None:
                    repair.write(left.line())
    return reader.counts.frozen()


def _answers_any(results: Iterable[Path], pending: EntryIndex) -> bool:
    return any(found.custom_id in pending for path in results for found in read_replies(path))


@dataclass(slots=True)
class _Reader:
    config: BatchConfig
    store: OutputStore
    provider_attempts: int
    counts: _Counts = field(default_factory=_Counts)

    def one(self, entry: Entry, reply: Reply) -> Entry | None:
        """Judge one reply; the entry to carry to the next round, if any."""
        found = article_job(self.config, entry)
        if found is None:
            self.counts.changed += 1
            return None
        article, job = found
        if reply.completion is None:
            return self._unanswered(entry, article, job, reply.error or "no completion")
        answer = read_completion(reply.completion, self.config.settings.mode, 1)
        self.counts.usage.add(answer.usage)
        entry = entry.model_copy(
            update={"answers": (*entry.answers, StoredAnswer.of(answer)), "last_error": None}
        )
        trace = Trace()
        try:
            resumed = replayed(job, entry, trace)
        except SummarizerError as exc:
            self._failed(entry, article, exc)
            return None
        except Exception as exc:  # a validator's bug fails this article only, as it does live
            self._failed(entry, article, _internal(exc, trace))
            return None
        if isinstance(resumed, Extraction):
            self.store.save_result(
                entry.path, result_record(entry.path, entry.key, article, resumed)
            )
            self.counts.succeeded += 1
            return None
        self.counts.repair += 1
        return entry

    def long(self, entry: Entry, replies: dict[int, Reply]) -> Entry | None:
        """Judge a long article's thread replies of this round together (`longread.py`)."""
        found = article_job(self.config, entry)
        if found is None:
            self.counts.changed += 1
            return None
        article, job = found
        threads = [list(answers) for answers in entry.threads]
        for thread, reply in sorted(replies.items()):
            if reply.completion is None:
                continue
            answer = read_completion(reply.completion, self.config.settings.mode, 1)
            self.counts.usage.add(answer.usage)
            threads += [[] for _ in range(thread + 1 - len(threads))]
            threads[thread].append(StoredAnswer.of(answer))
        errors = [r.error or "no completion" for r in replies.values() if r.completion is None]
        entry = entry.model_copy(
            update={"threads": tuple(map(tuple, threads)), "thread": None, "last_error": None}
        )
        if errors:
            self.counts.provider_failed += 1
            failures = entry.provider_failures + 1
            if failures >= self.provider_attempts:
                exc = TransportError(
                    f"the provider failed this article's requests in {failures} rounds; "
                    f"the last error: {errors[0]}",
                    attempts=failures,
                )
                self._failed(entry, article, exc)
                return None
            entry = entry.model_copy(
                update={"provider_failures": failures, "last_error": errors[0]}
            )
        try:
            outcome = read_long(job, entry.threads)
        except SummarizerError as exc:
            self._failed(entry, article, exc)
            return None
        except Exception as exc:  # a bug fails this article only
            self._failed(entry, article, _internal(exc, Trace()))
            return None
        if isinstance(outcome, Extraction):
            self.store.save_result(
                entry.path, result_record(entry.path, entry.key, article, outcome)
            )
            self.counts.succeeded += 1
            return None
        self.counts.repair += 1
        return entry

    def _unanswered(self, entry: Entry, article: Article, job: Job, error: str) -> Entry | None:
        self.counts.provider_failed += 1
        failures = entry.provider_failures + 1
        if failures < self.provider_attempts:
            self.counts.repair += 1
            return entry.model_copy(update={"provider_failures": failures, "last_error": error})
        trace = Trace()
        replayed(job, entry, trace)  # what the article had answered and cost before
        exc = TransportError(
            f"the provider failed this request in {failures} rounds; the last error: {error}",
            attempts=failures,
        )
        exc.answers, exc.spent = list(trace.failures), trace.usage
        self._failed(entry, article, exc)
        return None

    def _failed(self, entry: Entry, article: Article, exc: Exception) -> None:
        self.store.save_error(entry.path, failure_record(entry.path, exc, article, entry.key))
        self.counts.failed += 1


def _internal(exc: Exception, trace: Trace) -> InternalError:
    return InternalError(
        f"unexpected {type(exc).__name__}: {exc}",
        cause=type(exc).__name__,
        attempts=list(trace.failures),
        usage=trace.usage,
        raw_output=trace.last_raw,
    )
