"""The scorer on hand-built predictions with known precision and recall, and gold against itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.batch.store import OutputStore
from summarizer.cli import main
from summarizer.evaluation.gold import load_gold
from summarizer.evaluation.scoring import score
from summarizer.records import ResultRecord
from tests.conftest import ROOT, SEED
from tests.support.gold_records import gold_as_record

ARTICLE = (
    "قال وزير الخارجية أحمد عطاف إن الجزائر وقعت مذكرة تفاهم مع تونس في 12 آذار/ مارس 2024. "
    "وبلغت قيمة المبادلات 1.5 مليار دولار بزيادة 12% عن العام الماضي. "
    "وحضر اللقاء السفير التونسي محمد بن يوسف."
)
GOLD = {
    "article": "article.txt",
    "language": "ar",
    "published": None,
    "officials": [
        {
            "names": ["أحمد عطاف", "Ahmed Attaf"],
            "role_keywords": ["foreign"],
            "country": "DZ",
            "evidence": "وزير الخارجية أحمد عطاف",
        },
        {
            "names": ["محمد بن يوسف", "Mohamed Ben Youssef"],
            "role_keywords": ["ambassador"],
            "country": "TN",
            "evidence": "السفير التونسي محمد بن يوسف",
        },
    ],
    "agreements": [
        {
            "names": ["مذكرة تفاهم", "memorandum of understanding"],
            "kind": "memorandum",
            "parties": ["DZ", "TN"],
            "status": "signed",
            "date": "2024-03-12",
            "evidence": "وقعت مذكرة تفاهم مع تونس",
        },
    ],
    "figures": [
        {"value": 1500000000, "unit": "USD", "about": "trade", "raw": "1.5 مليار دولار"},
        {"value": 12, "unit": "%", "about": "growth", "raw": "12%"},
    ],
    "optional_figures": [{"value": 2024, "unit": "year", "about": "the year", "raw": "2024"}],
    "dates": [{"value": "2024-03", "about": "signing", "raw": "12 آذار/ مارس 2024"}],
}


def _quote(text: str) -> dict[str, Any]:
    start = ARTICLE.index(text)
    return {"quote": text, "start": start, "end": start + len(text), "text": text}


@pytest.fixture
def gold(tmp_path: Path) -> Any:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "g.json"
    path.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return load_gold(path)


def _record(
    gold: Any, summary: dict[str, Any], rejected: list[dict[str, Any]] | None = None
) -> ResultRecord:
    return ResultRecord.model_validate(
        {
            "path": "a.txt",
            "article": {"sha256": gold.sha256},
            "summary": summary,
            "rejected": rejected or [],
        }
    )


def test_known_precision_and_recall(gold: Any) -> None:
    summary = {
        "officials": [
            # alef without hamza: the Arabic variant still matches the gold alias
            {
                "name": {"text": "احمد عطاف"},
                "name_en": "Ahmad Attaf",
                "quote": _quote("وزير الخارجية أحمد عطاف"),
            },
            {
                "name": {"text": "عبد المجيد تبون"},
                "name_en": "Abdelmadjid Tebboune",
                "quote": _quote("قال وزير"),
            },
        ],
        "agreements": [
            # the name is unlike any alias; the evidence span overlaps the gold evidence
            {"name": "Algeria-Tunisia MoU", "quote": _quote("مذكرة تفاهم مع تونس")},
        ],
        "figures": [
            {"value": 1_500_000_000, "unit": "USD", "quote": _quote("1.5 مليار دولار")},
            {
                "value": 1_500_000_000,
                "unit": "USD",
                "quote": _quote("1.5 مليار دولار"),
            },  # duplicate: one FP
            {
                "value": 12.05,
                "unit": "%",
                "quote": _quote("12%"),
            },  # within 0.5 %: matched, not exact
            {
                "value": 2024,
                "unit": "year",
                "quote": _quote("2024"),
            },  # optional: neither hit nor FP
        ],
        "dates": [
            {
                "value": "2024-03-12",
                "raw": _quote("12 آذار/ مارس 2024"),
                "quote": _quote("12 آذار/ مارس 2024"),
            }
        ],
    }
    rejected = [
        {
            "field": "figures",
            "item": {},
            "reasons": ["quote: quote 'x' is not in the article; copy it"],
        }
    ]
    report = score([gold], [_record(gold, summary, rejected)])
    c = report.categories
    assert (c["officials"].gold, c["officials"].predicted, c["officials"].matched) == (2, 2, 1)
    assert (c["officials"].precision, c["officials"].recall) == (0.5, 0.5)
    assert (c["agreements"].precision, c["agreements"].recall) == (1.0, 1.0)
    assert (c["figures"].gold, c["figures"].predicted, c["figures"].matched) == (2, 3, 2)
    assert c["figures"].precision == pytest.approx(2 / 3)
    assert report.figure_exactness == 0.5
    assert (c["dates"].matched, report.date_exactness) == (1, 0.0)  # gold precision is the month
    assert report.grounding_rate == pytest.approx(8 / 9)  # the rejected item's quote was not found


def test_missing_prediction_counts_every_gold_item_as_a_miss(gold: Any) -> None:
    report = score([gold], [])
    assert report.missing == [str(gold.article_path)]
    assert all(c.recall == 0.0 for c in report.categories.values())


@pytest.mark.parametrize("path", sorted((ROOT / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_gold_scored_against_itself_is_perfect(path: Path) -> None:
    gold = load_gold(path)
    if gold.article is None:
        pytest.skip("the shared corpus is not beside the repo")
    report = score([gold], [ResultRecord.model_validate(gold_as_record(gold))])
    for name, counts in report.categories.items():
        assert counts.f1 == 1.0, name
    assert report.figure_exactness == report.date_exactness == 1.0


def test_eval_command_prints_and_writes_json(gold: Any, tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.save_result("a.txt", ResultRecord.model_validate(gold_as_record(gold)))
    gold_dir = gold.path.parent
    out = CliRunner().invoke(
        main,
        [
            "eval",
            "--gold",
            str(gold_dir),
            "--predictions",
            str(store.root),
            "--json",
            str(tmp_path / "scores.json"),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "officials" in out.output
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["categories"]["figures"]["f1"] == 1.0
    out = CliRunner().invoke(
        main,
        [
            "eval",
            "--gold",
            str(gold_dir),
            "--predictions",
            str(store.root),
            "--compare",
            str(store.root),
        ],
    )
    assert out.exit_code == 0 and "difference" in out.output


def test_seed_gold_ships_with_the_project() -> None:
    gold = load_gold(ROOT / "gold" / "iran-russia-cooperation.ar.json")
    assert gold.article_path == SEED.resolve()


@pytest.mark.parametrize("path", sorted((ROOT / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_gold_attributes_scored_against_themselves_are_all_correct(path: Path) -> None:
    gold = load_gold(path)
    if gold.article is None:
        pytest.skip("the shared corpus is not beside the repo")
    report = score([gold], [ResultRecord.model_validate(gold_as_record(gold))])
    for name, counts in report.attributes.items():
        assert (counts.wrong, counts.accuracy) == (0, 1.0), name


def test_attributes_count_wrong_withheld_and_falsely_withheld(gold: Any) -> None:
    record = gold_as_record(gold)
    officials = record["summary"]["officials"]
    officials[0]["country"] = "IQ"  # shipped and wrong: validation let it through
    officials[1]["country"] = None  # withheld, though TN was right: a false withholding
    record["withheld"] = [{"location": "officials[1].country", "value": "TN", "issues": []}]
    counts = score([gold], [ResultRecord.model_validate(record)]).attributes["officials.country"]
    assert (counts.compared, counts.correct, counts.wrong) == (2, 0, 1)
    assert (counts.withheld, counts.falsely_withheld) == (1, 1)
    assert counts.false_withholdings == ["g.json officials[1]: country 'TN'"]
