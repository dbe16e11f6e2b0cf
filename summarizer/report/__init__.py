"""The review report: each extraction shown in its article, as static HTML pages.

`write_report(OUT)` reads a batch output folder (result records, `errors.jsonl`, `run.json`),
reads each article again from the batch's input folder, and writes `OUT/report/index.html` and
one page per article. See `docs/report.md`.
"""

from __future__ import annotations

from summarizer.report.render import write_report

__all__ = ["write_report"]
