"""Text from models and file names, made safe to print on a terminal.

A model's headline may hold `[/]` (rich markup that crashes the printer), `[link=…]` (a live
hyperlink) or raw escape sequences (which move the cursor or retitle the window); a scraped file
name may hold any of them too. Such text is printed as plain text, never parsed as markup, with
every control character shown as a visible escape.
"""

from __future__ import annotations

import re

from rich.text import Text

#: C0 and C1 controls, DEL, and the bidi overrides that can reorder what a reader sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: object) -> str:
    """`text` with every control character as `\\xNN` / `\\uNNNN` (tab and newline kept)."""

    def show(found: re.Match[str]) -> str:
        code = ord(found.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(show, str(text))


def plain(text: object, style: str = "") -> Text:
    """A rich `Text` that is printed as it is: no markup, no links, controls made visible."""
    return Text(visible(text), style=style)
