"""Scoring extractions against gold annotations (format: `gold/README.md`).

The evaluation knows the news categories (officials, agreements, figures, dates) and reads
batch output records; it sits above the engine, beside the CLI.
"""
