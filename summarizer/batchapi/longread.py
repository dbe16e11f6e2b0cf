"""A long article through batch rounds: its chunks' conversations, then its summary's, each a
thread of requests, replayed from the answers each thread had.

The live path reads a long article with `engine.longdoc.reading`, a generator that yields the
chunks' jobs, then the summary's job, and returns the merged result. Each job's conversation is
deterministic given its answers, so the article's state between rounds is only the answers of
each thread (in the order `reading` yields the jobs): replaying them brings `reading` to the
requests it still needs, or to its result, with no second copy of the chunking logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarizer.batchapi.entries import StoredAnswer
from summarizer.engine.conversation import Job, resume
from summarizer.engine.longdoc import Outcome, chunks_of, reading
from summarizer.errors import ConfigurationError, SummarizerError
from summarizer.fields.base import Extraction

#: (thread number, the body of its next request)
Pending = list[tuple[int, dict[str, Any]]]


def read_long(job: Job, threads: Sequence[Sequence[StoredAnswer]]) -> Extraction | Pending:
    """The article's result, or the requests its unfinished threads need next; raises as the
    live path does when every chunk failed."""
    steps = reading(job, chunks_of(job))
    jobs = next(steps)
    first = 0
    while True:
        outcomes: list[Outcome] = []
        pending: Pending = []
        for offset, sub in enumerate(jobs):
            number = first + offset
            answers = threads[number] if number < len(threads) else ()
            try:
                resumed = resume(sub, [stored.answer() for stored in answers])
            except ConfigurationError:
                raise
            except SummarizerError as exc:
                outcomes.append(exc)
                continue
            if isinstance(resumed, Extraction):
                outcomes.append(resumed)
            else:
                pending.append((number, resumed[1]))
        if pending:
            return pending
        try:
            jobs = steps.send(outcomes)
        except StopIteration as done:
            result: Extraction = done.value
            return result
        first += len(outcomes)
