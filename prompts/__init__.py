"""Prompt templates (Jinja2) shipped with summarizer; one folder per schema."""
