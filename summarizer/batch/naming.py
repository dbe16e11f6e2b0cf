"""Output names derived from input names, so that every input that can be read can be written.

An input's relative path becomes its output path with `.json` added, component by component,
except where the file system or JSON would refuse it:

- a component longer than :data:`MAX_COMPONENT_BYTES` of UTF-8 (scraped headlines make names of
  200+ bytes, and the temporary file beside a result adds about 30 more to the 255 a name may
  have) is cut at a character boundary;
- a component that is not valid UTF-8 (a name from another system's code page) has its bad
  bytes replaced by U+FFFD;

and either gets `~` and 12 hex digits of the SHA-256 of its original bytes, so two inputs never
share an output. The same input always maps to the same output, so resuming works.
"""

from __future__ import annotations

import hashlib
import os

#: Longest component kept as it is; `.<name>.json.tmp-summarizer-XXXXXXXX` must fit in 255 bytes.
MAX_COMPONENT_BYTES = 200
_HASH_DIGITS = 12


def display(rel: str) -> str:
    """`rel` as text every reader accepts: undecodable bytes shown as `\\xNN` escapes."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def output_rel(rel: str) -> str:
    """The output-side relative path of the input `rel` (module docstring), without `.json`."""
    return "/".join(_component(part) for part in rel.split("/"))


def _component(part: str) -> str:
    raw = os.fsencode(part)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        fits = False
    else:
        fits = len(raw) <= MAX_COMPONENT_BYTES
    if fits:
        return part
    text = raw.decode("utf-8", "replace")
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = text, ""
    tail = f"~{hashlib.sha256(raw).hexdigest()[:_HASH_DIGITS]}" + (f".{suffix}" if suffix else "")
    budget = MAX_COMPONENT_BYTES - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")
    return cut + tail
