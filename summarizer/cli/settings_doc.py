"""docs/settings.md's table, regenerated from the settings' declarations.

python -m summarizer.cli.settings_doc
"""

from __future__ import annotations

from pathlib import Path

from summarizer.cli.options import settings_table

#: Where the generated table lives; tests/test_settings_declaration.py keeps it current.
SETTINGS_DOC = Path("docs") / "settings.md"


def settings_page(page: str) -> str:
    """`page` with its generated table replaced by the declarations' current one."""
    head, _, rest = page.partition(_BEGIN)
    _, _, tail = rest.partition(_END)
    return f"{head}{_BEGIN}\n{settings_table()}{_END}{tail}"


_BEGIN = "<!-- settings-table: generated, do not edit by hand -->"
_END = "<!-- /settings-table -->"

if __name__ == "__main__":
    SETTINGS_DOC.write_text(settings_page(SETTINGS_DOC.read_text(encoding="utf-8")), "utf-8")
