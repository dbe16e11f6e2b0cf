"""Terminal tables for `summarizer eval` and `summarizer revalidate` (rich)."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from summarizer.batch.revalidate import Change
from summarizer.evaluation.compare import OVERALL, metrics
from summarizer.evaluation.scoring import Report


def eval_table(report: Report, title: str = "summarizer eval") -> Table:
    table = Table(title=f"{title} ({report.articles} articles)", title_justify="left")
    for column in ("category", "gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for name, c in report.categories.items():
        table.add_row(
            name,
            str(c.gold),
            str(c.predicted),
            str(c.matched),
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
        )
    data = report.as_dict()
    for name in OVERALL:
        table.add_row(name.replace("_", " "), "", "", "", "", "", f"{data[name]:.3f}")
    return table


def attribute_table(report: Report) -> Table:
    """Attribute accuracy of the matched items: correct, wrong (shipped), withheld."""
    table = Table(title="attributes of matched items", title_justify="left")
    columns = ("attribute", "compared", "correct", "wrong", "withheld", "falsely withheld")
    for column in (*columns, "accuracy"):
        table.add_column(column, justify="left" if column == "attribute" else "right")
    for name, a in report.attributes.items():
        table.add_row(
            name,
            str(a.compared),
            str(a.correct),
            str(a.wrong),
            str(a.withheld),
            str(a.falsely_withheld),
            f"{a.accuracy:.3f}",
        )
    return table


def compare_table(a: Report, b: Report, name_a: str, name_b: str) -> Table:
    table = Table(title="summarizer eval: comparison", title_justify="left")
    for column in ("metric", name_a, name_b, "difference"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    left, right = metrics(a), metrics(b)
    for metric, value in left.items():
        diff = right[metric] - value
        style = "green" if diff > 0 else "red" if diff < 0 else ""
        table.add_row(
            metric,
            f"{value:.3f}",
            f"{right[metric]:.3f}",
            f"[{style}]{diff:+.3f}[/{style}]" if style else "+0.000",
        )
    return table


def revalidate_table(changes: list[Change]) -> Table:
    counts = Counter(c.status for c in changes)
    table = Table(title="summarizer revalidate", title_justify="left")
    table.add_column("")
    table.add_column("", justify="right")
    for status in ("unchanged", "changed", "rescued", "now_failed", "skipped"):
        table.add_row(status.replace("_", " "), str(counts.get(status, 0)))
    table.add_row("items newly rejected", str(sum(len(c.newly_rejected) for c in changes)))
    table.add_row("items newly accepted", str(sum(len(c.newly_accepted) for c in changes)))
    return table
