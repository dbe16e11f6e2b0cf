"""Gold annotations dressed as batch output records, to score gold against itself."""

from __future__ import annotations

from typing import Any

from summarizer.evaluation.gold import Gold
from summarizer.fields.grounding import Source


def _located(source: Source, text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    found = source.locate(text, fuzzy=False)
    if found is None:
        return {"quote": text}
    return {
        "quote": text,
        "start": found.start,
        "end": found.end,
        "text": source.text[found.start : found.end],
    }


def gold_as_record(gold: Gold) -> dict[str, Any]:
    source = Source(gold.article or "")
    data = gold.data
    summary = {
        "officials": [
            {
                "name": _located(source, o["names"][0]),
                "name_en": o["names"][1] if len(o["names"]) > 1 else o["names"][0],
                "role": " ".join(o.get("role_keywords", [])),
                "country": o.get("country"),
                "quote": _located(source, o.get("evidence")),
            }
            for o in data.get("officials", [])
        ],
        "agreements": [
            {
                "name": a["names"][0],
                "kind": a.get("kind"),
                "parties": a.get("parties", []),
                "status": a.get("status"),
                "date": a.get("date"),
                "quote": _located(source, a.get("evidence")),
            }
            for a in data.get("agreements", [])
        ],
        "figures": [
            {
                "value": f["value"],
                "unit": f.get("unit"),
                "measures": f.get("about"),
                "raw": _located(source, f.get("raw")),
                "quote": _located(source, f.get("raw")),
            }
            for f in data.get("figures", [])
        ],
        "dates": [
            {
                "value": d["value"],
                "event": d.get("about"),
                "raw": _located(source, d.get("raw")),
                "quote": _located(source, d.get("raw")),
            }
            for d in data.get("dates", [])
        ],
    }
    return {
        "path": gold.path.name,
        "article": {"sha256": gold.sha256},
        "summary": summary,
        "rejected": [],
    }
