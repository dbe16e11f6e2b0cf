"""Two scored runs side by side: the figures `eval --compare` prints and writes as JSON."""

from __future__ import annotations

from typing import Any

from summarizer.evaluation.scoring import Report

#: Whole-run rates shown after the per-category rows.
OVERALL = ("grounding_rate", "figure_exactness", "date_exactness")


def metrics(report: Report) -> dict[str, float]:
    data = report.as_dict()
    out = {
        f"{name} {m}": float(c[m])
        for name, c in data["categories"].items()
        for m in ("precision", "recall", "f1")
    }
    out.update({name.replace("_", " "): float(data[name]) for name in OVERALL})
    return out


def compare_data(a: Report, b: Report) -> dict[str, Any]:
    left, right = metrics(a), metrics(b)
    return {
        metric: {
            "a": left[metric],
            "b": right[metric],
            "difference": round(right[metric] - left[metric], 4),
        }
        for metric in left
    }
