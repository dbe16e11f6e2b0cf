"""`summarizer eval`: score a batch output folder, or run the batch on the gold articles first."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from summarizer.batch.command import EXIT_CONFIG, run_batch_command
from summarizer.errors import ConfigurationError
from summarizer.evaluation.gold import gold_files
from summarizer.evaluation.report import attribute_table, compare_data, compare_table, eval_table
from summarizer.evaluation.scoring import Report, score_folder


def _extract(
    gold_dir: Path, model: str, out_dir: Path, base_url: str | None, mode: str | None
) -> int:
    """The gold articles through the batch machinery, from a folder of links to them."""
    with tempfile.TemporaryDirectory(prefix="summarizer-eval-") as tmp:
        for gold in gold_files(gold_dir):
            if gold.sha256 is None:
                continue
            os.symlink(gold.article_path, Path(tmp) / f"{gold.path.stem}{gold.article_path.suffix}")
        return run_batch_command(
            input_dir=Path(tmp),
            out_dir=out_dir,
            model=model,
            base_url=base_url,
            mode=mode,
            concurrency=8,
            rpm=None,
            tpm=None,
            force=False,
            max_bytes=200_000,
            output_language="English",
            max_reasks=2,
            strict=False,
            quiet=False,
        )


def run_eval(
    *,
    gold_dir: Path,
    predictions: Path | None,
    model: str | None,
    out_dir: Path | None,
    base_url: str | None,
    mode: str | None,
    compare_dir: Path | None,
    json_path: Path | None,
) -> int:
    console = Console()
    if model is not None:
        predictions = out_dir or Path("eval-runs") / model.replace("/", "_")
        code = _extract(gold_dir, model, predictions, base_url, mode)
        if code == EXIT_CONFIG:
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
    return 0


def _list_missing(console: Console, report: Report) -> None:
    for path in report.missing:
        console.print(
            f"no prediction for {path} (counted as misses)", style="yellow", highlight=False
        )
    for path in report.unreadable:
        console.print(
            f"gold {path}: its article is not there (skipped)", style="yellow", highlight=False
        )
