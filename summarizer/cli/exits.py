"""Exit codes, defined once, and the one way a command fails: one line on stderr and a code."""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import NoReturn

import click


class Exit(IntEnum):
    """What `summarizer` exits with; the README's command-line section lists them."""

    OK = 0
    #: summarize: the article failed; batch: some articles failed (their error files say why)
    FAILED = 1
    #: usage or configuration: no key, bad option, unreadable file, output folder busy
    CONFIG = 2
    #: a spending cap refused a request: batch stopped (run.json `stopped`; rerun with a higher
    #: cap to resume), or summarize's article not sent
    BUDGET = 3
    #: interrupted (Ctrl-C, SIGTERM): batch reruns the same command to resume; summarize writes nothing
    INTERRUPTED = 130


def fail(message: str, code: Exit) -> NoReturn:
    """Print `summarizer: error: MESSAGE` (controls made visible) and exit with `code`."""
    from summarizer.cli.terminal import visible  # rich: only when there is something to say

    click.echo(f"summarizer: error: {visible(message)}", err=True)
    sys.exit(int(code))
