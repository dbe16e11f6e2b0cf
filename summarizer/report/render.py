"""Writing the report pages of a batch output folder.

    OUT/report/index.html                one row per article, the failures, the run totals
    OUT/report/articles/<slug>-<hash>.html   one page per result record

Every page is self-contained: its stylesheet and script are inline, allowed by hash in a
Content-Security-Policy that forbids everything else (no remote loads, no other script, no
forms), so a page opens from disk and an article holding `<script>` shows it as text. Text is
escaped by Jinja2's autoescape, and by :mod:`markupsafe` in :mod:`.highlight`.

Pages are written beside a temporary name and renamed into place, without fsync
(:func:`~summarizer.batch.atomic.write_atomic` with `durable=False`): the report is derived from
the records and can always be written again. Pages of articles no longer in the
folder are removed.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from summarizer.batch.atomic import write_atomic
from summarizer.batch.store import OutputStore
from summarizer.errors import ConfigurationError
from summarizer.records import FailureRecord
from summarizer.report.highlight import Mark, highlight
from summarizer.report.views import CATEGORIES, ArticleView, read_article

REPORT_DIR = "report"
ARTICLES_DIR = "articles"


@dataclass(frozen=True, slots=True)
class Row:
    """An article's line in the index."""

    rel: str
    page: str
    language: str
    headline: str
    counts: dict[str, int]
    unlocated: int
    rejected: int
    attempts: int | None
    tokens: int | None
    text_problem: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    error_type: str
    message: str
    attempts: str


def write_report(out_dir: Path) -> Path:
    """Write `out_dir/report/`; return the index page's path.

    Raises :class:`ConfigurationError` when `out_dir` is not the output folder of a batch.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ConfigurationError(f"{out_dir} is not a folder; give the --out folder of a batch")
    run, run_problem = _read_run(out_dir)
    records = OutputStore(out_dir).result_records()
    first = next(records, None)
    if run is None and first is None and not (out_dir / "errors.jsonl").is_file():
        raise ConfigurationError(
            f"{out_dir} is not a batch output: it holds no run.json and no result records "
            f"(write one with `summarizer batch INPUT_DIR --out {out_dir}`)"
        )
    settings = _dict(run.get("settings")) if run is not None else {}
    pages = _Pages()
    report = out_dir / REPORT_DIR
    articles = report / ARTICLES_DIR
    articles.mkdir(parents=True, exist_ok=True)

    rows: list[Row] = []
    written: set[str] = set()
    previous: ArticleView | None = None
    current = read_article(first, settings) if first is not None else None
    while current is not None:
        following_record = next(records, None)
        following = read_article(following_record, settings) if following_record else None
        _write(
            articles / current.page,
            pages.article(
                current,
                previous.page if previous else None,
                following.page if following else None,
            ),
        )
        written.add(current.page)
        rows.append(_row(current))
        previous, current = current, following

    for stale in articles.glob("*.html"):
        if stale.name not in written:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
    index = report / "index.html"
    _write(index, pages.index(out_dir, run, run_problem, rows, list(_failures(out_dir))))
    return index


class _Pages:
    """The templates, loaded once per report, and the policy that lets their inline code run."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.DictLoader(_templates()),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.css, self.js = _asset("report.css"), _asset("report.js")
        self.csp = content_security_policy(self.css, self.js)
        self.article_template = self.env.get_template("article.html.j2")
        self.index_template = self.env.get_template("index.html.j2")

    def _common(self) -> dict[str, Any]:
        return {
            "css": Markup(self.css),
            "js": Markup(self.js),
            "csp": self.csp,
            "categories": CATEGORIES,
        }

    def article(self, view: ArticleView, previous: str | None, following: str | None) -> str:
        text = ""
        if view.text is not None:
            text = highlight(view.text, _marks(view))
        return self.article_template.render(
            view=view,
            article_html=text,
            previous=previous,
            following=following,
            **self._common(),
        )

    def index(
        self,
        out_dir: Path,
        run: dict[str, Any] | None,
        run_problem: str | None,
        rows: list[Row],
        failures: list[Failure],
    ) -> str:
        totals: dict[str, int] = {c.name: sum(r.counts[c.name] for r in rows) for c in CATEGORIES}
        totals["unlocated"] = sum(r.unlocated for r in rows)
        totals["rejected"] = sum(r.rejected for r in rows)
        totals["tokens"] = sum(r.tokens or 0 for r in rows)
        stats, facts = _run_summary(run or {}, rows, failures)
        return self.index_template.render(
            title=out_dir.resolve().name,
            out_dir=str(out_dir),
            stats=stats,
            run_facts=facts,
            run_problem=run_problem,
            rows=rows,
            totals=totals,
            failures=failures,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            **self._common(),
        )


def content_security_policy(css: str, js: str) -> str:
    """Nothing may load or run but the page's own inline stylesheet and script."""

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

    return (
        f"default-src 'none'; style-src 'sha256-{digest(css)}'; "
        f"script-src 'sha256-{digest(js)}'; img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _marks(view: ArticleView) -> list[Mark]:
    marks = []
    for items in view.items.values():
        for item in items:
            if item.span is not None:
                marks.append(Mark(*item.span, item=item.id, category=item.category))
                if item.key is not None:
                    marks.append(Mark(*item.key, item=item.id, category=item.category, key=True))
    return marks


def _row(view: ArticleView) -> Row:
    return Row(
        rel=view.rel,
        page=view.page,
        language=view.language,
        headline=view.headline,
        counts={name: len(items) for name, items in view.items.items()},
        unlocated=view.unlocated,
        rejected=len(view.rejected),
        attempts=view.attempts,
        tokens=view.tokens,
        text_problem=view.text_problem,
    )


def _read_run(out_dir: Path) -> tuple[dict[str, Any] | None, str | None]:
    path = out_dir / "run.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "run.json is missing (the batch may have crashed): no run totals to show."
    except (OSError, ValueError) as exc:
        return None, f"run.json cannot be read ({exc}): no run totals to show."
    if not isinstance(data, dict):
        return None, "run.json holds no run summary: no run totals to show."
    return data, None


def _failures(out_dir: Path) -> Iterator[Failure]:
    """The failures of errors.jsonl, or of the per-article error files when it is missing."""
    try:
        lines = (out_dir / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    except OSError:
        records: Iterator[FailureRecord | None] = OutputStore(out_dir).failure_records()
    else:
        records = (_failure_or_none(line) for line in lines if line.strip())
    for record in records:
        if record is not None:
            yield Failure(
                path=record.path or "?",
                error_type=record.error_type,
                message=record.message,
                attempts=str(record.attempts) if "attempts" in record.model_fields_set else "",
            )


def _failure_or_none(line: str) -> FailureRecord | None:
    try:
        return FailureRecord.model_validate_json(line)
    except ValueError:
        return None


def _run_summary(
    run: dict[str, Any], rows: list[Row], failures: list[Failure]
) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str]]]:
    """The stat tiles and the settings of the run."""
    this, tokens, settings = (_dict(run.get(k)) for k in ("this_run", "tokens", "settings"))
    cost = run.get("estimated_cost_usd")
    duration = run.get("duration_seconds")
    stats = [
        ("articles summarised", f"{len(rows):,}", False),
        ("failed", f"{len(failures):,}", bool(failures)),
        ("items", f"{sum(sum(r.counts.values()) for r in rows):,}", False),
        ("not shown in text", f"{sum(r.unlocated for r in rows):,}", False),
        ("rejected items", f"{sum(r.rejected for r in rows):,}", False),
    ]
    if tokens:
        stats.append(("tokens (folder)", _fmt(tokens.get("total")), False))
    if isinstance(cost, int | float):
        stats.append(("estimated cost", f"${cost:,.4f}", False))
    if isinstance(duration, int | float):
        stats.append(("last run", f"{duration:,.1f} s", False))
    last_run = ""
    if this:
        last_run = ", ".join(
            f"{_fmt(this.get(k))} {k}"
            for k in ("seen", "succeeded", "failed", "skipped")
            if this.get(k) is not None
        )
    facts = [
        ("Started", _fmt(run.get("started_at")).replace("T", " ")),
        ("Finished", _fmt(run.get("finished_at")).replace("T", " ")),
        ("Last run", last_run),
        ("Requests (last run)", _fmt(this.get("requests"))),
        ("Rate-limit pauses", _fmt(this.get("rate_limit_pauses"))),
        (
            "Tokens (folder)",
            f"{_fmt(tokens.get('prompt'))} prompt + {_fmt(tokens.get('completion'))} completion"
            if tokens
            else "",
        ),
        ("Model", _fmt(settings.get("model"))),
        ("Mode", _fmt(settings.get("mode"))),
        ("Prompt version", _fmt(settings.get("prompt_version"))),
        ("Schema", _fmt(settings.get("schema"))),
        ("Input folder", _fmt(settings.get("input_dir"))),
        ("Concurrency", _fmt(settings.get("concurrency"))),
        ("Interrupted", "yes" if run.get("interrupted") is True else ""),
        ("Fatal error", _fmt(run.get("fatal_error"))),
    ]
    return stats, [(k, v) for k, v in facts if v]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _fmt(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@functools.cache
def _templates() -> dict[str, str]:
    folder = resources.files("summarizer.report").joinpath("templates")
    return {
        name: folder.joinpath(name).read_text(encoding="utf-8")
        for name in ("page.html.j2", "article.html.j2", "index.html.j2")
    }


@functools.cache
def _asset(name: str) -> str:
    text = resources.files("summarizer.report").joinpath("static", name).read_text(encoding="utf-8")
    if "</" in text:  # would end the inline <style>/<script> early
        raise RuntimeError(f"report asset {name} must not contain '</'")
    return text


def _write(path: Path, text: str) -> None:
    write_atomic(path, text, durable=False)
