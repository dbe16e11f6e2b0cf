"""`summarizer eval`: score a batch output folder, or run the batch on the gold articles first."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from summarizer.cli.batch import batch_config, execute
from summarizer.cli.exits import Exit, fail
from summarizer.cli.local import maybe_local
from summarizer.cli.options import BATCH_ONLY, given, setting_options
from summarizer.config import BatchSettings, Settings

if TYPE_CHECKING:
    from rich.console import Console

    from summarizer.evaluation.scoring import Report


def _extract(gold_dir: Path, out_dir: Path, values: dict[str, Any]) -> Exit:
    """The gold articles through the batch machinery, from a folder of links to them (which lead
    outside that folder by design)."""
    from summarizer.evaluation.gold import gold_files

    golds = [g for g in gold_files(gold_dir) if g.sha256 is not None]
    with tempfile.TemporaryDirectory(prefix="summarizer-eval-") as tmp:
        for gold in golds:
            os.symlink(gold.article_path, Path(tmp) / f"{gold.path.stem}{gold.article_path.suffix}")
        longest = max((len(g.article or "") for g in golds), default=0)
        with maybe_local(
            given(values, Settings), local=False, gguf=None, longest_chars=longest
        ) as chosen:
            run = {
                **given(chosen, BatchSettings),
                **given(values, BatchSettings),
                "follow_outside": True,
            }
            config = batch_config(Path(tmp), out_dir, chosen, run)
            return execute(config, quiet=False)


@click.command(name="eval")
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of gold annotation files.",
)
@click.option(
    "--predictions",
    type=click.Path(file_okay=False, path_type=Path),
    help="A batch output folder to score.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where --model writes its batch output [default: eval-runs/<model>].",
)
@setting_options(batch=True, skip=BATCH_ONLY)
@click.option(
    "--compare",
    "compare_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Another output folder, shown side by side with the difference per metric.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the scores as JSON to this file ('-' for standard output).",
)
def evaluate(
    gold_dir: Path,
    predictions: Path | None,
    out_dir: Path | None,
    compare_dir: Path | None,
    json_path: Path | None,
    **values: Any,
) -> None:
    """Score batch outputs against gold annotations (precision, recall, F1 per category).

    With --model (and the other model settings), the gold articles are first run through the
    batch into --out; with --predictions, an existing output folder is scored.
    """
    from summarizer.errors import ConfigurationError

    model = values.get("model")
    if (predictions is None) == (model is None):
        fail("give exactly one of --predictions OUT_DIR or --model NAME", Exit.CONFIG)
    try:
        sys.exit(int(_evaluate(gold_dir, predictions, out_dir, compare_dir, json_path, values)))
    except ConfigurationError as exc:
        fail(str(exc), Exit.CONFIG)


def _evaluate(
    gold_dir: Path,
    predictions: Path | None,
    out_dir: Path | None,
    compare_dir: Path | None,
    json_path: Path | None,
    values: dict[str, Any],
) -> Exit:
    from rich.console import Console

    from summarizer.cli.tables import attribute_table, compare_table, eval_table
    from summarizer.errors import ConfigurationError
    from summarizer.evaluation.compare import compare_data
    from summarizer.evaluation.scoring import score_folder

    console = Console()
    model = values.get("model")
    if model is not None:
        predictions = out_dir or Path("eval-runs") / str(model).replace("/", "_")
        code = _extract(gold_dir, predictions, values)
        if code == Exit.CONFIG:
            return code
    assert predictions is not None
    if not predictions.is_dir():
        raise ConfigurationError(f"predictions folder {predictions} does not exist")
    report = score_folder(gold_dir, predictions)
    data: dict[str, object] = report.as_dict()
    console.print(eval_table(report, f"summarizer eval: {predictions}"))
    console.print(attribute_table(report))
    _list_missing(console, report)
    if compare_dir is not None:
        other = score_folder(gold_dir, compare_dir)
        console.print(compare_table(report, other, str(predictions), str(compare_dir)))
        data = {"a": data, "b": other.as_dict(), "comparison": compare_data(report, other)}
    if json_path is not None:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if str(json_path) == "-":
            sys.stdout.write(text)
        else:
            from summarizer.batch.atomic import write_atomic

            write_atomic(json_path, text)
    return Exit.OK


def _list_missing(console: Console, report: Report) -> None:
    for path in report.missing:
        console.print(
            f"no prediction for {path} (counted as misses)", style="yellow", highlight=False
        )
    for path in report.unreadable:
        console.print(
            f"gold {path}: its article is not there (skipped)", style="yellow", highlight=False
        )
