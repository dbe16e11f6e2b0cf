"""An article's text as HTML paragraphs with its located spans marked, overlaps included.

Spans are `[start, end)` offsets into the Python string (code points), so all the cutting happens
here and the browser never sees an offset. The output keeps every character of the text, in order,
each escaped once: the text content of the paragraphs is the article.

Overlapping spans nest when they can. When two spans cross (`[0, 10)` and `[5, 15)`), or a span
crosses a paragraph break, the one that must close first is closed and the others are reopened
right after it as continuation pieces (class `cont`, no `id`). Every piece of a span carries the
span's `data-item`, so the pieces of one item, read in document order, give exactly its text.

Paragraphs are the text between line breaks (with any blank lines after them); the breaks stay at the end of the paragraph
they follow (invisible in normal white-space) so that no character is lost. Each paragraph's
direction is that of its first strong character (Unicode bidi classes L, R and AL): an Arabic or
Persian paragraph is laid out right-to-left even inside an English article, and the reverse.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

_BREAKS = re.compile(r"\n\s*")  # a line break and the blank (or NBSP-only) lines after it
#: Deepest nesting given its own underline offset; deeper marks share the last one.
MAX_DEPTH = 4

Direction = Literal["rtl", "ltr", "auto"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to mark: an item's quote (`key=False`) or its key words inside it (`key=True`)."""

    start: int
    end: int
    item: str  # the item's id: `data-item` / `data-key`, and `id="h-<item>"` on the first piece
    category: str
    key: bool = False


@dataclass(slots=True)
class _Node:
    mark: Mark | None  # None for a paragraph
    first: bool = True
    direction: Direction = "auto"
    children: list[_Node | str] = field(default_factory=list)
    height: int = 0  # nesting depth of quote marks inside, itself included


def direction(text: str) -> Direction:
    """The direction of a paragraph: that of its first strong character, `auto` without one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def highlight(text: str, marks: list[Mark]) -> Markup:
    """`text` as `<p>` paragraphs with every mark in `marks` as `<mark>` (or `<span>`) pieces.

    Marks must satisfy `0 <= start < end <= len(text)`; the caller checks them (an item whose
    span is off is listed, not highlighted).
    """
    for m in marks:
        if not 0 <= m.start < m.end <= len(text):
            raise ValueError(f"span [{m.start}, {m.end}) is not inside a text of {len(text)}")
    paragraph_starts = [b.end() for b in _BREAKS.finditer(text) if b.end() < len(text)]
    bounds = [0, len(text), *paragraph_starts]
    opening: dict[int, list[Mark]] = {}
    # outermost first: longer spans, then quotes before their key words, then given order
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.key)):
        opening.setdefault(m.start, []).append(m)
        bounds += (m.start, m.end)

    paragraphs: list[_Node] = []
    nodes: list[_Node] = []  # the open path: a paragraph, then the open marks
    starts = set(paragraph_starts)

    def new_paragraph(at: int) -> None:
        following = bisect.bisect_right(paragraph_starts, at)
        end = paragraph_starts[following] if following < len(paragraph_starts) else len(text)
        paragraphs.append(_Node(None, direction=direction(text[at:end])))
        nodes[:] = [paragraphs[-1]]

    def open_(mark: Mark, first: bool) -> None:
        node = _Node(mark, first)
        nodes[-1].children.append(node)
        nodes.append(node)

    new_paragraph(0)
    previous = 0
    for at in sorted(set(bounds)):
        if at > previous:
            nodes[-1].children.append(text[previous:at])
            previous = at
        open_marks = [n.mark for n in nodes[1:] if n.mark is not None]
        ending = [i for i, m in enumerate(open_marks) if m.end <= at]
        if ending:
            carry = [m for m in open_marks[ending[0] :] if m.end > at]
            del nodes[1 + ending[0] :]
            for mark in sorted(carry, key=lambda m: (-m.end, m.key)):
                open_(mark, first=False)
        if at in starts:
            carry = [n.mark for n in nodes[1:] if n.mark is not None]
            new_paragraph(at)
            for mark in carry:
                open_(mark, first=False)
        for mark in opening.get(at, ()):
            open_(mark, first=True)

    parts: list[str] = []
    for paragraph in paragraphs:
        parts.append(f'<p dir="{paragraph.direction}">')
        _measure(paragraph)
        for child in paragraph.children:
            _render(child, parts)
        parts.append("</p>")
    return Markup("".join(parts))


def _measure(root: _Node) -> None:
    """Set every node's height, without recursion: a looping model nests hundreds of marks."""
    order: list[_Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(c for c in node.children if not isinstance(c, str))
    for node in reversed(order):  # children before their parents
        inner = max((c.height for c in node.children if not isinstance(c, str)), default=0)
        node.height = inner + (1 if node.mark is not None and not node.mark.key else 0)


def _open_tag(node: _Node) -> str:
    mark = node.mark
    assert mark is not None
    item = escape(mark.item)
    if mark.key:
        return f'<span class="key k-{escape(mark.category)}" data-key="{item}">'
    classes = f"hl c-{escape(mark.category)} d{min(node.height, MAX_DEPTH)}"
    if node.first:
        return f'<mark class="{classes}" data-item="{item}" id="h-{item}" tabindex="0">'
    return f'<mark class="{classes} cont" data-item="{item}">'


class _Close(str):
    """A closing tag on the render stack: written as it is, where text is escaped."""


def _render(top: _Node | str, parts: list[str]) -> None:
    """Append the HTML of `top`; an explicit stack, for the same reason as :func:`_measure`."""
    stack: list[_Node | str] = [top]
    while stack:
        node = stack.pop()
        if isinstance(node, _Close):
            parts.append(str(node))
        elif isinstance(node, str):
            parts.append(escape(node))
        else:
            assert node.mark is not None
            parts.append(_open_tag(node))
            stack.append(_Close("</span>" if node.mark.key else "</mark>"))
            stack.extend(reversed(node.children))
