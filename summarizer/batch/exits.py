"""The batch's exit codes, and which one a finished run's tally gives.

| code | meaning |
|---|---|
| 0 | every article succeeded (or was already done) |
| 1 | some articles failed, or the output or the endpoint stopped the run |
| 2 | a configuration error (before any work, or one every article shared) |
| 3 | a spending cap stopped the run (run.json `stopped`); a rerun resumes it |
| 130 | interrupted (Ctrl-C, SIGTERM); a rerun resumes it |
"""

from __future__ import annotations

from summarizer.batch.runner import Tally

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_CONFIG = 2
EXIT_BUDGET = 3
EXIT_INTERRUPTED = 130


def exit_code(tally: Tally) -> int:
    """A fatal error first, then an interruption, a cap, failures: the most telling one."""
    if tally.fatal:
        return EXIT_CONFIG if tally.fatal_kind == "configuration" else EXIT_SOME_FAILED
    if tally.interrupted:
        return EXIT_INTERRUPTED
    if tally.stopped_by is not None:
        return EXIT_BUDGET
    return EXIT_SOME_FAILED if tally.failed else EXIT_OK
