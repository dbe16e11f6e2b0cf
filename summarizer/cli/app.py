"""The `summarizer` command group: each command lives in its own module of this package.

Importing this loads click only. A command's module (its options, and what they import) loads
when that command runs or help lists it, so `summarizer batch` does not pay for `eval`'s.
"""

from __future__ import annotations

import importlib

import click

#: Each command's name, and where it is defined (`module:attribute` in this package).
COMMANDS = {
    "summarize": "summarize:summarize",
    "batch": "batch:batch",
    "batch-status": "batch_api:batch_status",
    "eval": "evaluate:evaluate",
    "revalidate": "revalidate:revalidate",
    "report": "folders:report",
    "models": "folders:models",
    "schema": "folders:schema",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading
    pattern: `list_commands` and `get_command` overridden)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, _, attribute = where.partition(":")
        command = getattr(importlib.import_module(f"summarizer.cli.{module}"), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"summarizer.cli.{where} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Validated, source-grounded structured summaries of news articles."""
