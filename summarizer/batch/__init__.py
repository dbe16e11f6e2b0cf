"""Batch: a folder of articles through the engine, concurrently, resumably, losing nothing.

Per-article result files are the source of truth, each written atomically; the aggregates
(`summaries.jsonl`, `errors.jsonl`, `tables/*.csv`, `run.json`) are rebuilt from them, so a
killed run leaves nothing half-written and a rerun picks up where it stopped.
"""
