"""`summarizer.report`: the review pages of a batch output, checked as HTML (no browser here).

The fixture is a real batch run (the seed article, answered by the scripted server) plus
hand-made records: an English article holding `<script>` and HTML with Arabic and Persian
paragraphs, crossing, identical and paragraph-crossing quotes, an item never located and a
rejected item; and two records whose article is gone or changed. `test_report_browser.py`
opens the same report in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarizer.batch.store import OutputStore
from summarizer.cli import main
from summarizer.engine.loading import load_article
from summarizer.engine.prompting import PromptSet
from summarizer.errors import ConfigurationError
from summarizer.records import ResultRecord
from summarizer.report import write_report
from summarizer.report.highlight import Mark, direction, highlight
from summarizer.report.views import page_name
from testkit.scripted_server import ScriptedServer, completion
from tests.conftest import SEED

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
GOOD = json.loads((Path(__file__).parent / "data" / "seed.answer.json").read_text(encoding="utf-8"))

#: An article that must show as text: HTML, a script, an emoji (two UTF-16 units, one code point)
#: before the figures, and Arabic and Persian paragraphs inside English.
HOSTILE = (
    "Minister <b>html</b> Jane Doe said the deal was signed in Geneva. 😀 The total was "
    "5 million dollars.\n"
    "<script>document.title = 'pwned'; "
    "document.body.appendChild(document.createElement('pwned'));</script>\n"
    "<img src=x onerror=\"document.title='pwned'\"> Alpha beta gamma delta epsilon.\n\n"
    "وقال وزير الخارجية إن الاتفاق سيوقع في 3 أيار 2025.\n"
    "وزیر امور خارجه گفت که توافق امضا شد.\n"
    "The end.\n"
)
HOSTILE_REL = "news/hostile.txt"


def located(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "text": quote,
        "match": "exact",
        "score": 100.0,
    }


def _hostile_summary(text: str) -> dict[str, Any]:
    money = "The total was 5 million dollars"
    return {
        "language": "en",
        "headline": "A <i>hostile</i> article & its items",
        "summary": "Jane Doe said a deal was signed. <script>alert(1)</script>",
        "officials": [
            {
                "name": located(text, "Jane Doe"),
                "name_en": "Jane Doe",
                "role": "Minister <b>of html</b>",
                "organisation": None,
                "country": "CH",
                "quote": located(text, "Minister <b>html</b> Jane Doe said"),
            },
            {
                "name": located(text, "وزير الخارجية"),
                "name_en": "The foreign minister",
                "role": "Foreign minister",
                "organisation": None,
                "country": None,
                "quote": located(text, "وقال وزير الخارجية إن الاتفاق"),
            },
            {
                "name": {"quote": "Ghost Official"},
                "name_en": "Ghost Official",
                "role": "Nobody",
                "organisation": None,
                "country": None,
                "quote": {"quote": "words the article does not hold"},
            },
        ],
        "agreements": [
            {
                "name": "Geneva deal",
                "kind": "other",
                "parties": ["CH", "<b>EU</b>"],
                "status": "signed",
                "date": None,
                "date_raw": None,
                "quote": located(text, "the deal was signed in Geneva"),
            },
            {
                "name": "Crossing agreement",
                "kind": "memorandum",
                "parties": [],
                "status": "agreed",
                "date": None,
                "date_raw": None,
                "quote": located(text, "Alpha beta gamma"),
            },
        ],
        "figures": [
            {
                "value": 5_000_000.0,
                "unit": "USD",
                "approximate": False,
                "raw": located(text, "5 million dollars"),
                "quote": located(text, money),
                "measures": "the total",
                "period": None,
            },
            {  # crosses the first figure's quote and a paragraph break
                "value": 5_000_000.0,
                "unit": "USD",
                "approximate": False,
                "raw": located(text, "5 million dollars"),
                "quote": located(text, "5 million dollars.\n<script>document.title"),
                "measures": "the total, again",
                "period": None,
            },
            {  # the same quote as the first figure
                "value": 5.0,
                "unit": "million USD",
                "approximate": True,
                "raw": located(text, "5 million"),
                "quote": located(text, money),
                "measures": "the total in millions",
                "period": None,
            },
        ],
        "dates": [
            {  # crosses the second agreement
                "value": None,
                "raw": located(text, "delta"),
                "inferred": False,
                "quote": located(text, "gamma delta epsilon"),
                "event": "A crossing date",
            },
            {
                "value": "2025-05-03",
                "raw": located(text, "3 أيار 2025"),
                "inferred": False,
                "quote": located(text, "سيوقع في 3 أيار 2025"),
                "event": "Signing",
            },
        ],
    }


def _record(rel: str, path: Path, summary: dict[str, Any], **extra: Any) -> dict[str, Any]:
    article = load_article(path)
    return {
        "path": rel,
        "key": {"sha256": article.sha256, "model": "hand-made", "prompt_version": "news@1"},
        "article": {
            "source": rel,
            "sha256": article.sha256,
            "published": None,
            "encoding": article.encoding,
            "kind": article.kind,
        },
        "summary": summary,
        "rejected": [],
        "meta": {
            "model": "hand-made",
            "mode": "tools",
            "prompt_version": "news@1+test",
            "schema_name": "NewsSummary",
            "schema_version": "1",
            "attempts": 2,
            "attempt_log": [
                {"number": 1, "errors": ["figures.0.value: <b>2.16</b> is not 16.2"], "seconds": 1}
            ],
            "usage": {
                "prompt_tokens": 900,
                "completion_tokens": 100,
                "total_tokens": 1000,
                "requests": 2,
            },
            "seconds": 1.5,
            "raw_output": '{"headline": "</script><script>alert(1)</script>"}',
        },
        **extra,
    }


def build_batch(root: Path) -> Path:
    """A batch output folder: a real run over the seed article plus hand-made records."""
    inputs, out = root / "in", root / "out"
    inputs.mkdir(parents=True)
    (inputs / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    with (
        pytest.MonkeyPatch.context() as mp,
        ScriptedServer(responder=lambda body, i: completion(arguments=GOOD)) as server,
    ):
        mp.setenv("OPENAI_BASE_URL", server.base_url)
        mp.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        mp.delenv("SUMMARIZER_MODEL", raising=False)
        mp.delenv("SUMMARIZER_MODE", raising=False)
        result = CliRunner().invoke(main, ["batch", str(inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == 1, result.output  # empty.txt failed, as intended

    store = OutputStore(out)
    hostile = inputs / HOSTILE_REL
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE, encoding="utf-8")
    text = load_article(hostile).text
    rejected = [
        {
            "field": "figures",
            "item": {"value": 2.16, "unit": "%", "raw": "2/16%", "quote": "<b>2/16%</b>"},
            "reasons": ["value 2.16 does not match '2/16%', which reads 16.2 <not 2.16>"],
        }
    ]
    hostile_record = _record(HOSTILE_REL, hostile, _hostile_summary(text), rejected=rejected)
    store.save_result(HOSTILE_REL, ResultRecord.model_validate(hostile_record))
    seed = json.loads(store.result_path("seed.txt").read_text(encoding="utf-8"))
    for rel in ("moved.txt", "changed.txt"):
        moved = {**seed, "path": rel, "article": {**seed["article"], "source": rel}}
        store.save_result(rel, ResultRecord.model_validate(moved))
    (inputs / "changed.txt").write_text("Edited since the batch ran.", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = build_batch(tmp_path_factory.mktemp("report"))
    write_report(out)
    return out


def page(out: Path, rel: str) -> str:
    return (out / "report" / "articles" / page_name(rel)).read_text(encoding="utf-8")


def records(out: Path) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in OutputStore(out).results()}


def located_items(record: dict[str, Any]) -> dict[str, str]:
    """Item id -> the article's words its quote covers, for items with a span."""
    prefixes = {"officials": "o", "agreements": "a", "figures": "f", "dates": "d"}
    found = {}
    for name, prefix in prefixes.items():
        for number, item in enumerate(record["summary"][name], start=1):
            quote = item["quote"]
            if isinstance(quote.get("start"), int):
                found[f"{prefix}{number}"] = quote["text"]
    return found


class _ArticleText(HTMLParser):
    """The text of `<article id="article">` and, per item, the text of its `<mark>` pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.inside = False
        self.text: list[str] = []
        self.items: dict[str, list[str]] = {}
        self.first_pieces: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article" and a.get("id") == "article":
            self.inside = True
            return
        if not self.inside:
            return
        item = a.get("data-item") if tag == "mark" else None
        if item is not None and a.get("id") == f"h-{item}":
            self.first_pieces[item] = self.first_pieces.get(item, 0) + 1
        self.stack.append((tag, item))

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "article" and not self.stack:
            self.inside = False
            return
        opened, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"

    def handle_data(self, data: str) -> None:
        if self.inside and self.stack:
            self.text.append(data)
            for _, item in self.stack:
                if item is not None:
                    self.items.setdefault(item, []).append(data)


def article_text(html: str) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    assert not parser.inside
    return parser


# --- highlighting ---------------------------------------------------------------------------


def _check(text: str, marks: list[Mark]) -> _ArticleText:
    html = f'<article id="article">{highlight(text, marks)}</article>'
    parsed = article_text(html)
    assert "".join(parsed.text) == text
    for mark in marks:
        if not mark.key:
            assert "".join(parsed.items[mark.item]) == text[mark.start : mark.end], mark
            assert parsed.first_pieces[mark.item] == 1
    return parsed


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        pytest.param("abcdefghij", [(2, 5)], id="one"),
        pytest.param("abcdefghij", [(0, 10), (2, 5)], id="nested"),
        pytest.param("abcdefghij", [(2, 5), (2, 5), (2, 5)], id="identical"),
        pytest.param("abcdefghij", [(0, 6), (3, 10)], id="crossing"),
        pytest.param("abcdefghij", [(0, 4), (2, 7), (5, 10)], id="chain-of-crossings"),
        pytest.param("abcdefghij", [(0, 5), (5, 10)], id="adjacent"),
        pytest.param("abc\ndef\n\nghi", [(1, 10)], id="across-paragraphs"),
        pytest.param("abc\n\u00a0\ndef", [(2, 7)], id="across-a-blank-line"),
        pytest.param("a😀b<c>&d", [(1, 5), (3, 8)], id="emoji-and-markup"),
        pytest.param("\n\nabc\n", [(0, 6)], id="breaks-at-the-edges"),
    ],
)
def test_every_piece_of_a_highlight_covers_exactly_its_span(
    text: str, spans: list[tuple[int, int]]
) -> None:
    marks = [Mark(s, e, item=f"x{i}", category="figures") for i, (s, e) in enumerate(spans)]
    _check(text, marks)


def test_random_overlaps_keep_text_and_spans_exact() -> None:
    rng = random.Random(6)
    for _ in range(300):
        text = "".join(rng.choice("ab \nج😀<&") for _ in range(rng.randint(1, 40)))
        marks = []
        for i in range(rng.randint(0, 8)):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, len(text))
            marks.append(Mark(start, end, item=f"i{i}", category="dates"))
            if rng.random() < 0.5:
                inner = rng.randrange(start, end)
                marks.append(Mark(inner, rng.randint(inner + 1, end), f"i{i}", "dates", key=True))
        _check(text, marks)


def test_a_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="not inside"):
        highlight("abc", [Mark(1, 4, item="x", category="dates")])


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("وقال الوزير", "rtl", id="arabic"),
        pytest.param("وزیر امور خارجه گفت", "rtl", id="persian"),
        pytest.param("2025 - وقال", "rtl", id="digits-then-arabic"),
        pytest.param("CTO Expo 2025 في موسكو", "ltr", id="latin-first"),
        pytest.param("Minister said", "ltr", id="english"),
        pytest.param("12 345 %", "auto", id="no-strong-letter"),
    ],
)
def test_paragraph_direction_follows_its_first_strong_letter(paragraph: str, expected: str) -> None:
    assert direction(paragraph) == expected


# --- page names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        pytest.param("seed.txt", id="plain"),
        pytest.param("news/2025/seed.txt", id="folders"),
        pytest.param("أخبار/مقال.txt", id="arabic-only"),
        pytest.param("CON.txt", id="windows-reserved"),
        pytest.param('a:b*c?"<>|.txt', id="reserved-characters"),
        pytest.param("x" * 300 + ".txt", id="very-long"),
    ],
)
def test_page_names_are_safe_on_any_file_system(rel: str) -> None:
    name = page_name(rel)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{10}\.html", name), name
    assert len(name) <= 80
    assert name == page_name(rel)


def test_page_names_of_different_paths_differ() -> None:
    names = {page_name(r) for r in ("Seed.txt", "seed.txt", "seed-txt", "seed/txt", "seed.txt ")}
    assert len(names) == 5


# --- the pages ------------------------------------------------------------------------------


def test_every_highlight_covers_exactly_its_quote(out: Path) -> None:
    for rel in ("seed.txt", HOSTILE_REL):
        record = records(out)[rel]
        parsed = article_text(page(out, rel))
        assert "".join(parsed.text) == load_article(input_dir(out) / rel).text
        expected = located_items(record)
        assert {k: "".join(v) for k, v in parsed.items.items()} == expected
        assert parsed.first_pieces == dict.fromkeys(expected, 1)


def test_article_text_and_model_output_are_escaped(out: Path) -> None:
    html = page(out, HOSTILE_REL)
    assert html.count("<script") == 1  # the page's own
    assert "&lt;script&gt;document.title" in html
    assert "&lt;b&gt;html&lt;/b&gt;" in html
    assert "<b>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;i&gt;hostile&lt;/i&gt; article &amp; its items" in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # the raw output
    assert "16.2 &lt;not 2.16&gt;" in html  # a rejection reason


def test_inline_style_and_script_are_the_only_code_the_policy_allows(out: Path) -> None:
    for path in (out / "report").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy is not None, path
        csp = html_lib.unescape(policy.group(1))
        css = re.search(r"<style>(.*?)</style>", html, re.S)
        js = re.search(r"<script>(.*?)</script>", html, re.S)
        assert css is not None and js is not None
        for kind, code in (("style-src", css.group(1)), ("script-src", js.group(1))):
            digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            assert f"{kind} 'sha256-{digest}'" in csp
        assert "default-src 'none'" in csp
        assert not re.search(r"\b(?:src|href)=\"(?:https?:)?//", html)  # nothing remote


def test_article_page_shows_items_summary_and_run_facts(out: Path) -> None:
    html = page(out, "seed.txt")
    record = records(out)["seed.txt"]
    for words in (
        record["summary"]["headline"],
        "Kazem Jalali",
        "Ambassador of Iran to Russia",
        "trade agreement",  # an agreement's kind
        "in force",  # its status
        "4,800,000,000 USD",
        "2025-04-23",
        "gpt-4o-mini",
        record["meta"]["prompt_version"],
        "1,000 prompt + 200 completion = 1,200",
    ):
        assert words in html, words
    assert html.count('<li class="item c-') == 19
    assert 'href="#h-f4"' in html and 'id="i-f4"' in html


def test_unlocated_and_rejected_items_are_listed_and_flagged(out: Path) -> None:
    html = page(out, HOSTILE_REL)
    ghost = html.split('id="i-o3"')[1].split("</li>")[0]
    assert "Ghost Official" in ghost
    assert "Not shown in the text: the quote was not located in the article" in ghost
    assert 'href="#h-o3"' not in html
    assert 'Rejected<span class="count">1</span>' in html
    assert "value 2.16 does not match" in html
    assert "Attempt 1 was sent back with" in html


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        pytest.param("moved.txt", "no such file", id="missing"),
        pytest.param("changed.txt", "has changed since the batch read it", id="changed"),
    ],
)
def test_an_article_gone_or_changed_still_lists_its_items_flagged(
    out: Path, rel: str, reason: str
) -> None:
    html = page(out, rel)
    assert "The article text is unavailable" in html and reason in html
    assert "<mark" not in html
    assert html.count("Not shown in the text: the article text is unavailable") == 19
    assert "Kazem Jalali" in html


def test_index_lists_articles_failures_and_run_totals(out: Path) -> None:
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    body = index.split('<table class="sortable" id="articles">')[1].split("</table>")[0]
    links = re.findall(r'<a href="articles/([^"]+)"', body)
    assert sorted(links) == sorted(page_name(rel) for rel in records(out))
    assert all((out / "report" / "articles" / link).is_file() for link in links)
    hostile = body.split(f">{HOSTILE_REL}</a>")[1].split("</tr>")[0]
    counts = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', hostile)
    assert counts == ["3", "2", "3", "2", "1", "1", "2", "1,000"]
    assert body.count("text unavailable</span>") == 2
    failures = index.split('id="failures"')[1]
    assert "empty.txt" in failures and "the file is empty (0 bytes)" in failures
    for words in (
        "gpt-4o-mini",
        PromptSet.load("news").version,
        "1,000 prompt + 200 completion",
        "2 seen",
    ):
        assert words in index, words


def test_pages_of_articles_gone_from_the_folder_are_removed(out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    stale = copy / "report" / "articles" / "old-0123456789.html"
    stale.write_text("old", encoding="utf-8")
    (copy / "moved.txt.json").unlink()
    write_report(copy)
    assert not stale.exists()
    assert not (copy / "report" / "articles" / page_name("moved.txt")).exists()
    assert (copy / "report" / "articles" / page_name("seed.txt")).is_file()


def test_without_run_json_pages_say_the_input_folder_is_unknown(out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (copy / "run.json").unlink()
    index = write_report(copy).read_text(encoding="utf-8")
    assert "run.json is missing" in index
    assert "input folder is not known" in page(copy, "seed.txt")


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda root: root / "absent", id="absent"),
        pytest.param(lambda root: root, id="empty-folder"),
        pytest.param(lambda root: (root / "a.txt").write_text("x") and root, id="input-folder"),
    ],
)
def test_a_folder_that_is_not_a_batch_output_is_refused(tmp_path: Path, make: Any) -> None:
    with pytest.raises(ConfigurationError, match="batch"):
        write_report(make(tmp_path))
    assert not (tmp_path / "report").exists()


def input_dir(out: Path) -> Path:
    return Path(json.loads((out / "run.json").read_text(encoding="utf-8"))["settings"]["input_dir"])
