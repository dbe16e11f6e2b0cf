"""The load step: a file on disk becomes an :class:`Article`, or an :class:`InputError` saying why not.

Supported files are `.txt`, `.md`, `.html` and `.htm` (any case). Nothing here stops a batch:
every bad input (empty, binary, undecodable, too large, unreadable, HTML without main text)
raises :class:`InputError` with a one-line reason that starts with the file's path.

Encoding is detected, not assumed, in this order:

1. a byte-order mark: UTF-8 (`utf-8-sig`), UTF-16 or UTF-32;
2. strict UTF-8 (plain ASCII is UTF-8 too);
3. HTML only: the charset the page declares, when the bytes decode cleanly in it;
4. the charset-normalizer detector (windows-1256 Arabic, windows-1251 Russian, Latin-1...).

UTF-8 that validates wins over a page's declaration because a page saved again as UTF-8 often
keeps its old `<meta charset>`, while text in a legacy code page almost never validates as UTF-8.
:attr:`Article.encoding` is the Python codec name used, prefixed `html:` when it came from the
page's own declaration (`utf-8`, `utf-8-sig`, `utf-16`, `cp1256`, `html:utf-8`, `html:cp1256`).

A publication date is read from the page's markup for HTML, and for text from front matter:
a YAML-style block between `---` lines at the top holding `published: YYYY-MM-DD`, or a first line
`published: YYYY-MM-DD` alone. Either is removed from the article text. Line ends become `\\n`
and surrounding blank space is trimmed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from summarizer.config import DEFAULT_MAX_BYTES
from summarizer.engine.html_text import declared_charset, extract_main_text
from summarizer.errors import ConfigurationError, InputError

SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})

#: (`DEFAULT_MAX_BYTES`, the size limit, is a setting: `summarizer.config`.)
#: A file over this many times the limit is refused unread: no page whose text is under the limit
#: is that large, and a stray multi-gigabyte dump must not be read into memory.
_RAW_FACTOR = 50

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
#: Legacy code pages of news text, most common first. With few non-ASCII letters the detector
#: cannot tell code pages apart (one byte for '£' reads as well in Shift-JIS as in windows-1252),
#: so among its guesses that are about as good as its best, the first of these wins.
_PREFERRED = ("cp1252", "cp1256", "cp1251", "koi8-r", "cp1250", "iso8859-6", "cp1253", "cp1254")
_NEAR_BEST = 0.1  # in charset-normalizer's "chaos" (share of odd-looking text, 0 to 1)
#: Control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Text with more than this share of control characters is binary that happened to decode.
_MAX_CONTROL_SHARE = 0.01

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.M)
_YAML_LINE = re.compile(r"[ \t]*(?:$|#|-|[\w.-]+[ \t]*:)")
_PUBLISHED = re.compile(r"^published[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE | re.M)
_BARE_PUBLISHED = re.compile(
    r"\Apublished[ \t]*:[ \t]*(\d{4}-\d{2}-\d{2})(?:[T ][^\n]*)?[ \t]*(?:\n|\Z)", re.IGNORECASE
)
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?")


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article, with what a batch record needs to trace and resume it."""

    text: str
    source: str  # the path as given, for records
    sha256: str  # hex SHA-256 of the file's raw bytes: the content key for resuming a batch
    published: date | None
    encoding: str  # the codec used; `html:` prefix when the page declared it (module docstring)
    kind: Literal["text", "html"]
    #: What was repaired on the way in (a cut-off last character), for the record.
    notes: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str, *, published: date | None = None) -> Article:
        """An article given as text (the Python API), taken as it is; refused when blank."""
        if not isinstance(text, str) or not text.strip():
            raise InputError("the article is empty")
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(text, "<text>", digest, published, "utf-8", "text")


def load_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read and decode one file; raise :class:`InputError` saying why when it cannot be used."""
    source = str(path)
    suffix = _supported_suffix(path.suffix, source)
    data = _read_bytes(path, source, max_bytes)
    return read_article_bytes(data, source=source, suffix=suffix, max_bytes=max_bytes)


def read_article_bytes(
    data: bytes, *, source: str, suffix: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Article:
    """The pure part of :func:`load_article`: bytes and the file's suffix in, an article out."""
    suffix = _supported_suffix(suffix, source)
    if not data:
        raise InputError(f"{source}: the file is empty (0 bytes)")
    if len(data) > _RAW_FACTOR * max_bytes:
        raise _too_large(source, f"{len(data)} bytes on disk, far", max_bytes)
    kind: Literal["text", "html"] = "html" if suffix in _HTML_SUFFIXES else "text"
    notes: list[str] = []
    text, encoding = _decode(data, source, html=kind == "html", notes=notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{source}: the file holds only whitespace")
    _refuse_control_heavy(text, source)
    if kind == "html":
        text, published = extract_main_text(text)
        if not text.strip():
            raise InputError(f"{source}: no main text could be extracted from the HTML page")
    else:
        text, published = _front_matter(text, source)
        if not text.strip():
            raise InputError(f"{source}: the file holds front matter but no article text")
    text = text.strip()
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise _too_large(source, f"the text is {size} bytes,", max_bytes)
    return Article(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        published=published,
        encoding=encoding,
        kind=kind,
        notes=tuple(notes),
    )


def discover(root: Path, *, exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Supported files under `root`, recursively, in the order of their sorted path parts.

    Lazy: only the listings of the folders on the current path are held, so a tree of many
    thousands of files costs little memory. Hidden files and folders (a leading `.`) are
    skipped. Folder symlinks are not followed, so a link loop cannot hang the walk; file
    symlinks, FIFOs and broken links with a supported suffix are yielded, and
    :func:`load_article` then says what is wrong with them. A subfolder that cannot be listed
    is skipped, as :func:`os.walk` does. Folders in `exclude` (a batch's own output folder
    inside its input) are never entered. Raises :class:`ConfigurationError` at once when `root`
    itself is not a listable folder.
    """
    try:
        top = _listing(root)
    except OSError as exc:
        raise ConfigurationError(f"input folder {root} cannot be listed: {_reason(exc)}") from None
    return _walk(top, frozenset(os.path.realpath(p) for p in exclude))


def outside(path: Path, root: Path) -> bool:
    """Whether `path` (a link, or inside a linked folder) leads out of the folder `root`."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    return os.path.commonpath([real, top]) != top


def _walk(top: list[os.DirEntry[str]], excluded: frozenset[str]) -> Iterator[Path]:
    stack = [iter(top)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if _is_dir(entry):
            if excluded and os.path.realpath(entry.path) in excluded:
                continue
            try:
                stack.append(iter(_listing(Path(entry.path))))
            except OSError:
                continue
        elif os.path.splitext(entry.name)[1].lower() in SUFFIXES:
            yield Path(entry.path)


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _supported_suffix(suffix: str, source: str) -> str:
    if suffix.lower() not in SUFFIXES:
        shown = repr(suffix) if suffix else "no suffix"
        supported = ", ".join(sorted(SUFFIXES))
        raise InputError(f"{source}: unsupported file type ({shown}); supported: {supported}")
    return suffix.lower()


def _read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The file's bytes, opened without blocking so that a FIFO cannot hang a batch."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    limit = _RAW_FACTOR * max_bytes
    try:
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{source}: not a regular file")
            if info.st_size > limit:
                raise _too_large(source, f"{info.st_size} bytes on disk, far", max_bytes)
            with open(fd, "rb", closefd=False) as file:
                return file.read(limit + 1)  # a file grown since fstat is caught by the caller
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {_reason(exc)}") from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file (removed, or a broken link)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def _too_large(source: str, what: str, max_bytes: int) -> InputError:
    return InputError(
        f"{source}: {what} over the size limit of {max_bytes} bytes; "
        "long-article chunking is not supported yet"
    )


#: A file cut inside its last character: keep it, and say so.
CUT_TAIL_NOTE = "the file ends inside a UTF-8 character (cut off?): its broken tail became U+FFFD"


def _decode(data: bytes, source: str, *, html: bool, notes: list[str]) -> tuple[str, str]:
    """The text and the codec it was decoded with, in the order the module docstring gives."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise InputError(
                    f"{source}: undecodable: starts with a {codec.upper()} byte-order mark "
                    f"but is not valid {codec.upper()}"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{source}: binary, not text: looks like {what}")
    if b"\x00" in data:
        raise InputError(
            f"{source}: binary, not text: holds NUL bytes "
            "(or is UTF-16 without a byte-order mark, which is not supported)"
        )
    declared = None
    if html:
        declared = declared_charset(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        repaired = _cut_tail(data, err)
        if repaired is not None:
            notes.append(CUT_TAIL_NOTE)
            return repaired, "html:utf-8" if declared == "utf-8" else "utf-8"
    else:
        return text, "html:utf-8" if declared == "utf-8" else "utf-8"
    if declared is not None and declared != "utf-8":
        try:
            return data.decode(declared), f"html:{declared}"
        except UnicodeDecodeError:
            pass
    return _detect(data, source)


def _cut_tail(data: bytes, err: UnicodeDecodeError) -> str | None:
    """Valid UTF-8 but for an incomplete character at the very end, with U+FFFD for it."""
    if err.reason != "unexpected end of data" or len(data) - err.start > 3:
        return None
    try:
        return data[: err.start].decode("utf-8") + "\ufffd"
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, source: str) -> tuple[str, str]:
    """charset-normalizer's guess, steered to common news code pages when it cannot tell."""
    from charset_normalizer import from_bytes  # imported here: it takes 0.1 s

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(f"{source}: undecodable: not UTF-8, and no known encoding fits the bytes")
    plausible = {
        codecs.lookup(name).name
        for match in matches
        if match.chaos <= best.chaos + _NEAR_BEST
        for name in match.could_be_from_charset
    }
    codec = next((c for c in _PREFERRED if c in plausible), codecs.lookup(best.encoding).name)
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:  # the detector reads samples; the whole file must decode
        raise InputError(
            f"{source}: undecodable: not UTF-8, and not valid {codec} as the detector guessed"
        ) from None


def _refuse_control_heavy(text: str, source: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        share = 100 * controls / len(text)
        raise InputError(f"{source}: binary, not text: {share:.0f}% of it is control characters")


def _front_matter(text: str, source: str) -> tuple[str, date | None]:
    """Split off front matter (module docstring) and read its `published` date."""
    block = _FRONT_MATTER.match(text)
    if block is not None and all(_YAML_LINE.match(line) for line in block.group(1).splitlines()):
        found = _PUBLISHED.search(block.group(1))
        value = found.group(1).strip("\"'") if found else None
        return text[block.end() :], _front_matter_date(value, source) if value else None
    bare = _BARE_PUBLISHED.match(text)
    if bare is not None:
        return text[bare.end() :], _front_matter_date(bare.group(1), source)
    return text, None


def _front_matter_date(value: str, source: str) -> date:
    matched = _ISO_DATE.fullmatch(value)
    try:
        if matched is None:
            raise ValueError
        return date.fromisoformat(matched.group(1))
    except ValueError:
        raise InputError(
            f"{source}: front matter 'published: {value}' is not a date (YYYY-MM-DD)"
        ) from None
