"""A round's index: entries found by custom_id, each once, without holding them."""

from __future__ import annotations

from pathlib import Path

from summarizer.batchapi.entries import Entry, EntryIndex, StoredAnswer


def _entry(n: int) -> Entry:
    answer = StoredAnswer(
        raw="{}", usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    )
    return Entry(custom_id=f"c{n}", path=f"a{n}.txt", key={"sha256": str(n)}, answers=(answer,) * n)


def test_entries_are_found_by_id_once_and_the_rest_in_order(tmp_path: Path) -> None:
    index = tmp_path / "index.jsonl"
    index.write_text("".join(_entry(n).line() for n in range(5)), encoding="utf-8")
    with EntryIndex(index) as entries:
        assert len(entries) == 5 and "c3" in entries
        assert entries.pop("c3") == _entry(3)
        assert entries.pop("c3") is None  # a second reply to one request
        assert entries.pop("unknown") is None
        assert [e.custom_id for e in entries.rest()] == ["c0", "c1", "c2", "c4"]
        assert len(entries) == 0


def test_a_stored_answer_gives_the_conversation_what_the_completion_did() -> None:
    answer = _entry(1).answers[0].answer()
    assert answer.raw == "{}" and answer.transport_tries == 1
    assert answer.usage is not None and answer.usage.total_tokens == 3


def test_a_missing_index_is_empty(tmp_path: Path) -> None:
    with EntryIndex(tmp_path / "none.jsonl") as entries:
        assert len(entries) == 0 and list(entries.rest()) == []
