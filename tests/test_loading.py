"""The load step: encodings, front matter, HTML, every kind of bad input, and discovery.

Fixtures are written here and encoded at test time; nothing is copied from the shared corpus,
which only the last, optional test reads in place.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from summarizer.engine.loading import (
    DEFAULT_MAX_BYTES,
    SUFFIXES,
    Article,
    discover,
    load_article,
    read_article_bytes,
)
from summarizer.errors import ConfigurationError, InputError
from tests.conftest import ROOT

AR = (
    "أعلن وزير الخارجية في مؤتمر صحفي عقده صباح الأربعاء أن الحكومة وقعت اتفاقية جديدة للتعاون "
    "الاقتصادي مع الجانب الروسي بقيمة ثلاثة مليارات دولار، تشمل مشاريع للطاقة والنقل والزراعة. "
    "وأضاف أن المفاوضات استمرت أكثر من ستة أشهر، وأن الاتفاقية ستدخل حيز التنفيذ مطلع العام "
    "المقبل بعد مصادقة البرلمان عليها."
)
#: Persian as older Windows software wrote it: Arabic yeh and kaf, which windows-1256 can encode.
FA = (
    "وزير امور خارجه روز چهارشنبه در نشست خبري گفت كه دولت يك موافقت\u200cنامه همكاري اقتصادي "
    "با روسيه به ارزش سه ميليارد دلار امضا كرده است. به گفته او، اين توافق پروژه\u200cهاي انرژي، "
    "حمل\u200cونقل و كشاورزي را در بر مي\u200cگيرد و پس از تصويب مجلس اجرا خواهد شد."
)
RU = (
    "Министр иностранных дел заявил в среду на пресс-конференции, что правительство подписало "
    "новое соглашение об экономическом сотрудничестве на сумму три миллиарда долларов. По его "
    "словам, переговоры длились более шести месяцев, а соглашение вступит в силу в начале "
    "следующего года."
)
FR = (
    "Le ministre des Affaires étrangères a déclaré mercredi, lors d'une conférence de presse, que "
    "le gouvernement avait signé un nouvel accord de coopération économique d'une valeur de trois "
    "milliards de dollars. Selon lui, les négociations ont duré plus de six mois et l'accord "
    "entrera en vigueur au début de l'année prochaine. « C'est une étape décisive », a-t-il ajouté."
)
#: English with a single non-ASCII byte in Latin-1: the case detectors get wrong most often.
EN_POUND = (
    "The club have sacked their striker after he failed a drugs test. They paid a £15.8m fee "
    "for him in 2003, and the player said on Friday that he was sorry for what had happened."
)
EN_EURO = "Prices rose by 3% to €4.5bn, the ministry said on Wednesday, citing higher energy costs."


def _article(data: bytes, suffix: str = ".txt", **kwargs: int) -> Article:
    return read_article_bytes(data, source=f"article{suffix}", suffix=suffix, **kwargs)


# --- encodings ---------------------------------------------------------------------------------

ENCODINGS = [
    pytest.param(AR.encode("utf-8"), AR, "utf-8", id="utf-8-arabic"),
    pytest.param(b"\xef\xbb\xbf" + AR.encode("utf-8"), AR, "utf-8-sig", id="utf-8-bom"),
    pytest.param(("\ufeff" + AR).encode("utf-16-le"), AR, "utf-16", id="utf-16-le-bom"),
    pytest.param(("\ufeff" + RU).encode("utf-16-be"), RU, "utf-16", id="utf-16-be-bom"),
    pytest.param(("\ufeff" + FA).encode("utf-32-le"), FA, "utf-32", id="utf-32-le-bom"),
    pytest.param(AR.encode("cp1256"), AR, "cp1256", id="cp1256-arabic"),
    pytest.param(FA.encode("cp1256"), FA, "cp1256", id="cp1256-persian-zwnj"),
    pytest.param(AR.encode("iso8859-6"), AR, "iso8859-6", id="iso-8859-6-arabic"),
    pytest.param(RU.encode("cp1251"), RU, "cp1251", id="cp1251-russian"),
    pytest.param(RU.encode("koi8-r"), RU, "koi8-r", id="koi8-r-russian"),
    pytest.param(FR.encode("latin-1"), FR, "cp1252", id="iso-8859-1-french"),
    pytest.param(EN_POUND.encode("latin-1"), EN_POUND, "cp1252", id="iso-8859-1-single-pound"),
    pytest.param(EN_EURO.encode("cp1252"), EN_EURO, "cp1252", id="cp1252-euro"),
]


@pytest.mark.parametrize(("data", "text", "encoding"), ENCODINGS)
def test_text_is_decoded_in_its_own_encoding(data: bytes, text: str, encoding: str) -> None:
    article = _article(data)
    assert (article.text, article.encoding, article.kind) == (text, encoding, "text")


def test_line_ends_become_newlines_and_blank_space_is_trimmed() -> None:
    article = _article(b"\r\n  Title\r\n\r\nFirst line.\rSecond line.\r\n\n")
    assert article.text == "Title\n\nFirst line.\nSecond line."


def test_article_records_source_hash_and_kind(tmp_path: Path) -> None:
    data = AR.encode("cp1256")
    path = tmp_path / "news.TXT"
    path.write_bytes(data)
    article = load_article(path)
    assert article == Article(
        text=AR,
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        published=None,
        encoding="cp1256",
        kind="text",
    )


# --- front matter --------------------------------------------------------------------------------

FRONT_MATTER = [
    pytest.param(
        f"---\ntitle: Cooperation\npublished: 2025-04-30\n---\n{AR}\n",
        AR,
        date(2025, 4, 30),
        id="yaml-block",
    ),
    pytest.param(
        f"---\r\npublished: '2025-04-30T08:00:00+03:00'\r\ntags:\r\n  - economy\r\n---\r\n{FR}",
        FR,
        date(2025, 4, 30),
        id="yaml-block-quoted-datetime-crlf",
    ),
    pytest.param(f"---\nauthor: AFP\n...\n{RU}", RU, None, id="yaml-block-without-date"),
    pytest.param(f"published: 2025-04-30\n\n{AR}", AR, date(2025, 4, 30), id="bare-first-line"),
    pytest.param(
        f"Published: 2025-04-30 09:15\n{FR}", FR, date(2025, 4, 30), id="bare-first-line-with-time"
    ),
    pytest.param(
        f"---\n{FR}\n---\n", f"---\n{FR}\n---", None, id="markdown-rules-are-not-front-matter"
    ),
    pytest.param(
        f"{FR}\npublished: 2025-04-30", f"{FR}\npublished: 2025-04-30", None, id="not-at-the-top"
    ),
    pytest.param(
        f"published: yesterday, by AFP\n{FR}",
        f"published: yesterday, by AFP\n{FR}",
        None,
        id="bare-line-without-date-is-text",
    ),
]


@pytest.mark.parametrize(("raw", "text", "published"), FRONT_MATTER)
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_front_matter_gives_the_date_and_is_removed(
    raw: str, text: str, published: date | None, suffix: str
) -> None:
    article = _article(raw.encode("utf-8"), suffix)
    assert (article.text, article.published) == (text, published)


# --- HTML ----------------------------------------------------------------------------------------


def _page(body: str, *, head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html>\n<html><head>{meta}<title>Site</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>Headline of the day</h1>{body}</article>"
        "<script>var tracker = 'SCRIPT_MUST_NOT_APPEAR';</script>"
        "<footer>Copyright footer</footer></body></html>"
    )


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


PUBLISHED_META = '<meta property="article:published_time" content="2025-04-30T07:19:58+03:00">'

HTML = [
    pytest.param(
        _page(_paragraphs(FR, EN_POUND), head=PUBLISHED_META).encode("utf-8"),
        [FR, EN_POUND],
        "html:utf-8",
        date(2025, 4, 30),
        id="utf-8-declared-with-published-time",
    ),
    pytest.param(
        _page(_paragraphs(AR, AR), charset="windows-1256").encode("cp1256"),
        [AR],
        "html:cp1256",
        None,
        id="cp1256-declared",
    ),
    pytest.param(
        _page(_paragraphs(AR, AR), charset=None).encode("cp1256"),
        [AR],
        "cp1256",
        None,
        id="cp1256-undeclared-detected",
    ),
    pytest.param(
        _page(_paragraphs(RU, RU), charset="windows-1256").encode("utf-8"),
        [RU],
        "utf-8",
        None,
        id="stale-declaration-loses-to-valid-utf-8",
    ),
    pytest.param(
        _page(_paragraphs(FR, FR), charset="iso-8859-1").encode("latin-1"),
        [FR],
        "html:cp1252",
        None,
        id="latin-1-declared-read-as-browsers-do",
    ),
    pytest.param(
        _page(_paragraphs(RU, RU), charset="utf-8").encode("cp1251"),
        [RU],
        "cp1251",
        None,
        id="wrong-declaration-falls-to-detector",
    ),
    pytest.param(
        ("\ufeff" + _page(_paragraphs(AR, FR))).encode("utf-16-le"),
        [AR, FR],
        "utf-16",
        None,
        id="utf-16-bom-wins",
    ),
]


@pytest.mark.parametrize(("data", "parts", "encoding", "published"), HTML)
@pytest.mark.parametrize("suffix", [".html", ".HTM"])
def test_html_gives_main_text_and_date(
    data: bytes, parts: list[str], encoding: str, published: date | None, suffix: str
) -> None:
    article = _article(data, suffix)
    assert (article.kind, article.encoding, article.published) == ("html", encoding, published)
    assert article.text.startswith("Headline of the day\n")
    assert all(part in article.text for part in parts)
    assert "SCRIPT_MUST_NOT_APPEAR" not in article.text
    assert "Copyright footer" not in article.text


# --- bad inputs ----------------------------------------------------------------------------------

LIMIT = "over the size limit of 100 bytes; long-article chunking is not supported yet"
BAD = [
    pytest.param(b"", ".txt", "the file is empty", id="empty"),
    pytest.param(b" \n\t\r\n \xc2\xa0\n", ".md", "only whitespace", id="whitespace-only"),
    pytest.param(b"\xff\xfe \x00\n\x00", ".txt", "only whitespace", id="whitespace-only-utf-16"),
    pytest.param(b"text\x00\x01\x02binary" * 5, ".txt", "binary, not text: holds NUL", id="nul"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ".txt", "a PDF document", id="pdf"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00", ".md", "a ZIP archive", id="zip"),
    pytest.param(
        bytes(range(1, 32)) * 10 + FR.encode(), ".txt", "control characters", id="control-codes"
    ),
    pytest.param(bytes(range(0x80, 0x100)) * 8, ".txt", "undecodable", id="undecodable"),
    pytest.param(b"\xff\xfeA\x00\x00\xd8", ".txt", "UTF-16 byte-order mark", id="broken-utf-16"),
    pytest.param(b"x" * 101, ".txt", f"the text is 101 bytes, {LIMIT}", id="over-the-limit"),
    pytest.param(
        AR[:70].encode("cp1256"),  # 70 bytes on disk, more in UTF-8
        ".txt",
        f"the text is {len(AR[:70].encode())} bytes, {LIMIT}",
        id="limit-counts-utf-8",
    ),
    pytest.param(b"x" * 5001, ".txt", f"5001 bytes on disk, far {LIMIT}", id="far-over-the-limit"),
    pytest.param(
        b"<html><body><script>alert(1)</script></body></html>",
        ".html",
        "no main text could be extracted",
        id="html-without-main-text",
    ),
    pytest.param(b"---\npublished: 2025-04-30\n---\n", ".md", "no article text", id="only-front"),
    pytest.param(b"published: 2025-02-30\nText.", ".txt", "not a date", id="impossible-date"),
    pytest.param(b"---\npublished: soon\n---\nText.", ".md", "not a date", id="front-not-a-date"),
    pytest.param(b"Text.", ".pdf", "unsupported file type ('.pdf')", id="unsupported-suffix"),
    pytest.param(b"Text.", "", "unsupported file type (no suffix)", id="no-suffix"),
]


@pytest.mark.parametrize(("data", "suffix", "reason"), BAD)
def test_bad_input_is_an_input_error_with_its_reason(data: bytes, suffix: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        _article(data, suffix, max_bytes=100)
    assert str(caught.value).startswith(f"article{suffix}: ")
    assert reason in str(caught.value)


def test_text_exactly_at_the_limit_loads() -> None:
    assert len(_article(b"x" * 100, max_bytes=100).text) == 100


def test_default_limit_is_generous_for_news() -> None:
    assert DEFAULT_MAX_BYTES == 200_000
    assert _article(((AR + "\n") * 300).encode()).text.count("\n") == 299  # 166 kB of Arabic


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "gone.txt"


def _broken_link(tmp_path: Path) -> Path:
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    return tmp_path / "link.txt"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "folder.txt").mkdir()
    return tmp_path / "folder.txt"


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block for ever without O_NONBLOCK
    return tmp_path / "pipe.txt"


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 100 + 1)  # sparse: refused from its size, never read
    return path


UNREADABLE = [
    pytest.param(_missing, "cannot read: no such file", id="vanished"),
    pytest.param(_broken_link, "cannot read: no such file", id="broken-link"),
    pytest.param(_folder, "not a regular file", id="folder"),
    pytest.param(_fifo, "not a regular file", id="fifo"),
    pytest.param(_huge, f"5001 bytes on disk, far {LIMIT}", id="huge-on-disk"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds")
@pytest.mark.parametrize(("make", "reason"), UNREADABLE)
def test_unreadable_file_is_an_input_error(
    make: Callable[[Path], Path], reason: str, tmp_path: Path
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError, match=f"^{path}: ") as caught:
        load_article(path, max_bytes=100)
    assert reason in str(caught.value)


def test_permission_denied_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: chmod cannot deny root, and tests may run as root.
    path = tmp_path / "secret.txt"
    path.write_text(FR, encoding="utf-8")

    def deny(*args: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(InputError, match=r"secret\.txt: cannot read: permission denied$"):
        load_article(path)


# --- discovery -----------------------------------------------------------------------------------


def _touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")


def _relative(root: Path, found: Iterator[Path]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in found]


def test_discover_walks_sorted_and_filters(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.md",
        "A.TXT",
        "a/z.html",
        "a/b/deep.htm",
        "a/notes.pdf",
        "c.txt.bak",
        "README",
        ".hidden.txt",
        ".git/objects/x.txt",
        "a/.cache/y.md",
    )
    expected = ["A.TXT", "a/b/deep.htm", "a/z.html", "b.md"]
    assert _relative(tmp_path, discover(tmp_path)) == expected
    assert _relative(tmp_path, discover(tmp_path)) == expected  # deterministic
    assert expected == sorted(expected, key=lambda p: p.split("/"))


def test_discover_yields_paths_under_the_root_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path, "in/x.txt")
    monkeypatch.chdir(tmp_path)
    assert list(discover(Path("in"))) == [Path("in/x.txt")]


def test_discover_does_not_follow_folder_links(tmp_path: Path) -> None:
    _touch(tmp_path, "a/x.txt", "other/y.md")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "up").symlink_to(tmp_path)
    (tmp_path / "a" / "self.txt").symlink_to(tmp_path / "a" / "self.txt")
    (tmp_path / "a" / "linked.txt").symlink_to(tmp_path / "other" / "y.md")
    found = _relative(tmp_path, discover(tmp_path))
    # file links are yielded; load_article then reads them or says what is wrong
    assert found == ["a/linked.txt", "a/self.txt", "a/x.txt", "other/y.md"]
    with pytest.raises(InputError, match=r"self\.txt: cannot read: too many levels"):
        load_article(tmp_path / "a" / "self.txt")


def test_discover_is_lazy_and_cheap_on_ten_thousand_files(tmp_path: Path) -> None:
    for folder in range(100):
        sub = tmp_path / f"{folder:03d}"
        sub.mkdir()
        for name in range(100):
            (sub / f"{name:03d}.txt").touch()
    # Measured in a fresh interpreter: tracemalloc counts every thread, and other tests' threads
    # (servers, browsers) would be counted too.
    probe = (
        "import sys, tracemalloc\n"
        "from pathlib import Path\n"
        "from summarizer.engine.loading import discover\n"
        "root = Path(sys.argv[1])\n"
        "assert sum(1 for _ in discover(root)) == 10_000  # warms pathlib's interned names\n"
        "found = discover(root)\n"
        "tracemalloc.start()\n"
        "assert next(found) == root / '000' / '000.txt'\n"
        "assert 1 + sum(1 for _ in found) == 10_000\n"
        "print(tracemalloc.get_traced_memory()[1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert int(out.stdout) < 1_000_000  # a sorted list of the 10,000 paths alone takes over 3 MB


def _plain_file(tmp_path: Path) -> Path:
    _touch(tmp_path, "file.txt")
    return tmp_path / "file.txt"


@pytest.mark.parametrize("make", [_missing, _plain_file], ids=["missing", "a-file"])
def test_discover_refuses_a_root_that_is_not_a_folder(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    with pytest.raises(ConfigurationError, match="cannot be listed"):
        discover(make(tmp_path))


def test_suffixes() -> None:
    assert frozenset({".txt", ".md", ".html", ".htm"}) == SUFFIXES


# --- startup cost --------------------------------------------------------------------------------


def test_loading_imports_no_heavy_module() -> None:
    code = (
        "import sys, summarizer.engine.loading; "
        "print(' '.join(m for m in ('trafilatura', 'charset_normalizer', 'lxml') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


# --- the shared corpus's raw originals (optional) ------------------------------------------------

RAW = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles" / "raw"


@pytest.mark.skipif(not RAW.is_dir(), reason="the shared corpus is not beside the repo")
def test_raw_corpus_files_load_or_say_why() -> None:
    loaded: dict[str, Article] = {}
    refused: dict[str, str] = {}
    for path in sorted(RAW.iterdir()):
        try:
            loaded[path.name] = load_article(path)
        except InputError as exc:
            refused[path.name] = str(exc)
    supported = ", ".join(sorted(SUFFIXES))
    assert refused == {
        p.name: f"{p}: unsupported file type ({p.suffix!r}); supported: {supported}"
        for p in RAW.iterdir()
        if p.suffix not in SUFFIXES
    }
    assert [p.name for p in discover(RAW)] == sorted(loaded)
    assert all("\ufffd" not in a.text for a in loaded.values())
    assert "a £15.8m signing" in loaded["bbcnews-sport-199.latin1.txt"].text
    assert loaded["bbcnews-sport-199.latin1.txt"].encoding == "cp1252"
    liberation = loaded["readability-liberation-1.source.html"]
    assert (liberation.kind, liberation.published) == ("html", date(2015, 4, 30))
    assert liberation.text.startswith("Un troisième Français mort dans le séisme au Népal\n")
