"""HTML pages: the charset a page declares, and its main text and publication date.

Extraction is trafilatura's (boilerplate, menus, scripts and comments dropped); the date is the one
the page's markup states (`article:published_time`, JSON-LD, `<time>`...), never one guessed from
the running text, so a page that states none gets none. trafilatura is imported inside
:func:`extract_main_text` because it takes a while to import and the CLI must start fast.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

#: How far into a page to look for its declared charset. HTML5 asks for the first 1024 bytes;
#: real pages often declare it later, after long comments or inline styles.
_PRESCAN_BYTES = 4096
_DECLARED = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
    rb"""|<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
#: Labels browsers read as another encoding (WHATWG Encoding Standard): a page that says
#: ISO-8859-1 is decoded as windows-1252, a superset that browsers have always used for it.
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page's `<meta charset>` (or XML declaration) names, if it names one.

    UTF-16 and UTF-32 declarations are ignored, as browsers ignore them: a page whose
    declaration could be read as ASCII is not in either.
    """
    found = _DECLARED.search(data[:_PRESCAN_BYTES])
    if found is None:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None
    return _BROWSER_ALIASES.get(name, name)


def extract_main_text(html: str) -> tuple[str, date | None]:
    """The page's headline and main text (paragraphs on their own lines), and its date.

    The headline leads the text, as in a plain-text article, unless the body already starts
    with it. Returns an empty text when trafilatura finds no main content.
    """
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, Document) or not document.text:
        return "", None
    text = document.text.strip()
    title = (document.title or "").strip()
    if title and text and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, _iso_date(document.date)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
