"""Precision, recall and F1 per category, plus grounding rate and value exactness.

Gold and predictions are paired by the article's content hash, since a batch's input folder
and the gold folder name the same article differently. Each gold item matches at most one
predicted item (best pairs first); a predicted item that matches only an optional gold item is
neither a hit nor a false positive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer.batch.store import OutputStore
from summarizer.evaluation import attributes, matching
from summarizer.evaluation.gold import CATEGORIES, Gold, gold_files
from summarizer.fields.grounding import Source
from summarizer.records import Code, ResultRecord

Matcher = Callable[[dict[str, Any], dict[str, Any]], float]


@dataclass(slots=True)
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched

    def as_dict(self) -> dict[str, float | int]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Report:
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    articles: int = 0
    predicted_items: int = 0
    grounded_items: int = 0
    matched_figures: int = 0
    exact_figures: int = 0
    matched_dates: int = 0
    exact_dates: int = 0
    missing: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    attributes: dict[str, attributes.AttributeCounts] = field(default_factory=attributes.new_counts)

    @property
    def grounding_rate(self) -> float:
        return self.grounded_items / self.predicted_items if self.predicted_items else 1.0

    @property
    def figure_exactness(self) -> float:
        return self.exact_figures / self.matched_figures if self.matched_figures else 1.0

    @property
    def date_exactness(self) -> float:
        return self.exact_dates / self.matched_dates if self.matched_dates else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "categories": {name: c.as_dict() for name, c in self.categories.items()},
            "grounding_rate": round(self.grounding_rate, 4),
            "figure_exactness": round(self.figure_exactness, 4),
            "date_exactness": round(self.date_exactness, 4),
            "attributes": {name: a.as_dict() for name, a in self.attributes.items()},
            "missing_predictions": self.missing,
            "gold_without_article": self.unreadable,
        }


def _pairs(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], match: Matcher
) -> list[tuple[int, int]]:
    """One-to-one matching, best-scoring pairs first."""
    scored = sorted(
        (
            (s, g, p)
            for g, gi in enumerate(gold)
            for p, pi in enumerate(pred)
            if (s := match(gi, pi)) > 0
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, g, p in scored:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return pairs


def _matcher(category: str, gold: Gold) -> Matcher:
    if category == "officials":
        return matching.official
    if category == "figures":
        return matching.figure
    if category == "dates":
        return matching.date
    source = Source(gold.article or "")
    spans: dict[str, tuple[int, int] | None] = {}

    def span_of(evidence: str) -> tuple[int, int] | None:
        """Each gold evidence is located once, not once per predicted item it is compared with."""
        if evidence not in spans:
            found = source.locate(evidence, fuzzy=False) if gold.article and evidence else None
            spans[evidence] = (found.start, found.end) if found else None
        return spans[evidence]

    def agreement(g: dict[str, Any], p: dict[str, Any]) -> float:
        return matching.agreement(g, p, span_of(g.get("evidence") or ""))

    return agreement


def score_article(gold: Gold, record: ResultRecord | None, report: Report) -> None:
    """Add one article's counts to `report`; a missing prediction misses every gold item."""
    summary = record.summary if record is not None else {}
    report.articles += 1
    for category in CATEGORIES:
        wanted, optional = gold.items(category), gold.optional(category)
        predicted = list(summary.get(category) or [])
        match = _matcher(category, gold)
        pairs = _pairs(wanted, predicted, match)
        hit = {p for _, p in pairs}
        rest = [p for i, p in enumerate(predicted) if i not in hit]
        neutral = len(_pairs(optional, rest, match))
        counts = report.categories[category]
        counts.add(Counts(gold=len(wanted), predicted=len(predicted) - neutral, matched=len(pairs)))
        for g, p in pairs:
            attributes.score_pair(
                report.attributes,
                category,
                wanted[g],
                predicted[p],
                attributes.withheld_of(record.withheld if record else [], category, p),
                f"{gold.path.name} {category}[{p}]",
            )
        if category == "figures":
            report.matched_figures += len(pairs)
            report.exact_figures += sum(
                matching.exact_figure(wanted[g], predicted[p]) for g, p in pairs
            )
        if category == "dates":
            report.matched_dates += len(pairs)
            report.exact_dates += sum(
                matching.exact_date(wanted[g], predicted[p]) for g, p in pairs
            )
        report.predicted_items += len(predicted)
        report.grounded_items += sum(1 for item in predicted if _located(item.get("quote")))
    for rejected in record.rejected if record is not None else []:
        report.predicted_items += 1
        if not any(issue.code == Code.QUOTE_NOT_FOUND for issue in rejected.issues):
            report.grounded_items += 1


def _located(quote: Any) -> bool:
    return isinstance(quote, dict) and isinstance(quote.get("start"), int)


def score(golds: Iterable[Gold], records: Iterable[ResultRecord]) -> Report:
    by_hash: dict[str, ResultRecord] = {}
    for record in records:
        sha = record.article.sha256 or record.key.get("sha256")
        if sha:
            by_hash[sha] = record
    report = Report()
    for gold in golds:
        if gold.sha256 is None:
            report.unreadable.append(str(gold.path))
            continue
        prediction = by_hash.get(gold.sha256)
        if prediction is None:
            report.missing.append(str(gold.article_path))
        score_article(gold, prediction, report)
    return report


def score_folder(gold_dir: Path, predictions: Path) -> Report:
    return score(gold_files(gold_dir), OutputStore(predictions).result_records())
