"""The command line: terminals, signals, exit codes and click live here and nowhere else.

Exit codes: :class:`summarizer.cli.exits.Exit`. Every command is thin over the library: it
turns options into one frozen settings object, calls the library, and turns the outcome into
output and an exit code.
"""

from summarizer.cli.app import main

__all__ = ["main"]
