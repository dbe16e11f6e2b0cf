"""The schema and prompt packages of the checkout under test, whatever the install maps them to.

`summarizer.schemas` and `summarizer.prompts` are the top-level folders `schemas/` and `prompts/`
(pyproject's package-dir). An editable install made from another checkout of the repository (a
git worktree sharing its virtualenv) maps them to that checkout's folders, while `summarizer`
itself is imported from the working directory: the tests would then check this checkout's code
against another one's schema. Loading both packages from this checkout first keeps the two
together; with an install made from this checkout it changes nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_FOLDERS = {"summarizer.schemas": "schemas", "summarizer.prompts": "prompts"}


def use_this_checkout(root: Path) -> None:
    """Import `summarizer.schemas` and `summarizer.prompts` from `root` (module docstring)."""
    for name, folder in _FOLDERS.items():
        package = root / folder
        loaded = sys.modules.get(name)
        if loaded is not None and Path(loaded.__file__ or "").parent == package:
            continue
        spec = importlib.util.spec_from_file_location(
            name, package / "__init__.py", submodule_search_locations=[str(package)]
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
