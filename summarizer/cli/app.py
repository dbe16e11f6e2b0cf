"""The `summarizer` command group: each command lives in its own module of this package.

Importing this loads click and the settings' declarations only; a command imports what it
runs when it runs, so `summarizer --help` stays fast.
"""

from __future__ import annotations

import click

from summarizer.cli.batch import batch
from summarizer.cli.batch_api import batch_status
from summarizer.cli.evaluate import evaluate
from summarizer.cli.folders import models, report, schema
from summarizer.cli.revalidate import revalidate
from summarizer.cli.summarize import summarize


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Validated, source-grounded structured summaries of news articles."""


for command in (summarize, batch, batch_status, evaluate, revalidate, report, models, schema):
    main.add_command(command)
