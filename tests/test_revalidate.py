"""`summarizer revalidate`: stored raw outputs re-checked offline, changes reported and written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.batch.revalidate import revalidate_folder
from summarizer.batch.store import OutputStore
from summarizer.cli import main
from summarizer.records import FailureRecord
from summarizer.schema_export import load_schema
from testkit.scripted_server import ScriptedServer, completion
from tests.conftest import SEED

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
GOOD = json.loads((Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8"))
INVENTED = "وقال جلالي إن إيران ستضاعف صادراتها إلى روسيا ثلاث مرات"


@pytest.fixture
def batch_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with ScriptedServer(responder=lambda body, i: completion(arguments=GOOD)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        result = CliRunner().invoke(
            main, ["batch", str(folder), "--out", str(tmp_path / "out"), "--quiet"]
        )
        assert result.exit_code == 0, result.output
        assert len(server.requests) == 1
    return tmp_path / "out"


def _tamper(out: Path, answer: dict[str, Any]) -> None:
    """As if the stored raw output had been accepted by an older, laxer validation."""
    path = out / "seed.txt.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["meta"]["raw_output"] = json.dumps(answer, ensure_ascii=False)
    summary = record["summary"]
    for official, given in zip(summary["officials"], answer["officials"], strict=True):
        official["quote"]["quote"] = given["quote"]
    for figure, given in zip(summary["figures"], answer["figures"], strict=True):
        figure["value"] = given["value"]
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_bad_quote_and_misread_figure_are_newly_rejected(batch_out: Path) -> None:
    bad = copy.deepcopy(GOOD)
    bad["officials"][0]["quote"] = INVENTED
    bad["figures"][3]["value"] = 2.16
    _tamper(batch_out, bad)

    (change,) = revalidate_folder(batch_out, load_schema("news"))

    assert change.status == "changed"
    assert len(change.newly_rejected) == 2
    assert any(INVENTED in item for item in change.newly_rejected)
    assert any("2.16" in item for item in change.newly_rejected)
    record = json.loads((batch_out / "seed.txt.json").read_text(encoding="utf-8"))
    assert len(record["summary"]["officials"]) == 3
    reasons = " ".join(r for item in record["rejected"] for r in item["reasons"])
    assert "not in the article" in reasons and "16.2" in reasons
    assert "revalidated_at" in record["meta"]
    lines = (batch_out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(json.loads(lines[0])["summary"]["officials"]) == 3  # aggregates rebuilt


def test_unchanged_outputs_are_left_alone(batch_out: Path) -> None:
    before = (batch_out / "seed.txt.json").read_bytes()
    (change,) = revalidate_folder(batch_out, load_schema("news"))
    assert change.status == "unchanged"
    assert (batch_out / "seed.txt.json").read_bytes() == before


def test_changed_article_is_skipped_not_misjudged(batch_out: Path, tmp_path: Path) -> None:
    (tmp_path / "in" / "seed.txt").write_text("another text entirely", encoding="utf-8")
    (change,) = revalidate_folder(batch_out, load_schema("news"))
    assert change.status == "skipped"


def test_failure_with_kept_raw_output_can_be_rescued(batch_out: Path) -> None:
    store = OutputStore(batch_out)
    record = json.loads(store.result_path("seed.txt").read_text(encoding="utf-8"))
    store.result_path("seed.txt").unlink()
    store.save_error(
        "seed.txt",
        FailureRecord.model_validate(
            {
                "path": "seed.txt",
                "error_type": "ExtractionError",
                "message": "an older, stricter rule",
                "attempts": 3,
                "usage": None,
                "sha256": record["article"]["sha256"],
                "key": record["key"],
                "published": None,
                "raw_output": record["meta"]["raw_output"],
            }
        ),
    )
    (change,) = revalidate_folder(batch_out, load_schema("news"))
    assert change.status == "rescued"
    assert (
        json.loads(store.result_path("seed.txt").read_text(encoding="utf-8"))["key"]
        == record["key"]
    )
    assert (batch_out / "errors.jsonl").read_text(encoding="utf-8") == ""


def test_revalidate_command_reports_changes(batch_out: Path) -> None:
    bad = copy.deepcopy(GOOD)
    bad["figures"][3]["value"] = 2.16
    _tamper(batch_out, bad)
    result = CliRunner().invoke(main, ["revalidate", str(batch_out)])
    assert result.exit_code == 0, result.output
    assert "changed" in result.output and "rejected now" in result.output
