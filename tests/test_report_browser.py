"""The review report in a real browser: headless Chromium, driven over the DevTools protocol.

Chromium is Debian's `chromium` package; nothing is downloaded. It is driven through
`--remote-debugging-pipe` (JSON messages on file descriptors 3 and 4, NUL-separated), so no
port is opened and no websocket client is needed. One browser serves the whole module. Without
Chromium the tests skip, unless CI is set: then they fail, saying what to install.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.engine.loading import load_article
from summarizer.report import write_report
from summarizer.report.views import page_name
from tests.test_report import HOSTILE_REL, build_batch, input_dir, located_items, records

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--window-size=1400,1000",
)
PNG = b"\x89PNG\r\n\x1a\n"
#: Run in the child: put the pipe ends given as argv[1:3] on fds 3 and 4, then exec the browser.
#: They are first moved above 9 so that placing one cannot overwrite the other.
_ON_3_AND_4 = (
    "import fcntl, os, sys\n"
    "r, w = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])\n"
    "os.dup2(r, 3)\n"
    "os.dup2(w, 4)\n"
    "os.execvp(sys.argv[3], sys.argv[3:])\n"
)


class Browser:
    """One headless Chromium with one page, spoken to over its DevTools pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="summarizer-chromium-")
        child_in, self._out = os.pipe()
        self._in, child_out = os.pipe()
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-c", _ON_3_AND_4, str(child_in), str(child_out), executable),
                *FLAGS,
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            pass_fds=(child_in, child_out),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(child_in)
        os.close(child_out)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)
        self.session = attached["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self.events.append(answer)

    def _receive(self, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer within 30 s")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=path.as_uri())
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._receive())

    def eval(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        params: dict[str, Any] = {"type": kind, "x": x, "y": y}
        if kind != "mouseMoved":
            params |= {"button": "left", "clickCount": 1}
        self.call("Input.dispatchMouseEvent", session=True, **params)

    def point_in(self, selector: str) -> tuple[float, float]:
        """Scroll the element into view, let the scroll settle, and give a point inside it."""
        box = self.eval(
            f"""(async () => {{
                const el = document.querySelector({json.dumps(selector)});
                el.scrollIntoView({{block: "center"}});
                for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
                const r = el.getClientRects()[0];
                return [r.left + r.width / 2, r.top + r.height / 2];
            }})()"""
        )
        return box[0], box[1]

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError, EOFError, TimeoutError):
            self.proc.kill()
        finally:
            self.proc.wait(timeout=20)
            os.close(self._in)
            os.close(self._out)
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        message = (
            "Chromium is not installed (Debian: `apt-get install -y chromium`); "
            "the report's browser tests need it"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI is set, so they must run", pytrace=False)
        pytest.skip(message)
    chromium = Browser(CHROMIUM)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = build_batch(tmp_path_factory.mktemp("report"))
    write_report(out)
    return out


def article_page(out: Path, rel: str) -> Path:
    return out / "report" / "articles" / page_name(rel)


@pytest.mark.parametrize("rel", ["seed.txt", HOSTILE_REL])
def test_each_highlight_covers_exactly_its_quote(browser: Browser, out: Path, rel: str) -> None:
    browser.open(article_page(out, rel))
    dom = browser.eval(
        """(() => {
            const pieces = {};
            for (const m of document.querySelectorAll("#article mark.hl")) {
                (pieces[m.dataset.item] ??= []).push(m.textContent);
            }
            return {
                pieces: pieces,
                first: [...document.querySelectorAll("#article mark.hl[id]")].map(m => m.id),
                text: [...document.querySelectorAll("#article p")].map(p => p.textContent).join(""),
            };
        })()"""
    )
    expected = located_items(records(out)[rel])
    assert {item: "".join(p) for item, p in dom["pieces"].items()} == expected
    assert sorted(dom["first"]) == sorted(f"h-{item}" for item in expected)
    assert dom["text"] == load_article(input_dir(out) / rel).text


def test_arabic_and_persian_paragraphs_are_laid_out_right_to_left(
    browser: Browser, out: Path
) -> None:
    browser.open(article_page(out, HOSTILE_REL))
    paragraphs = browser.eval(
        """[...document.querySelectorAll("#article p")].map(p => {
            const range = document.createRange();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const first = walker.nextNode();
            range.setStart(first, 0);
            range.setEnd(first, 1);
            const box = p.getBoundingClientRect(), start = range.getBoundingClientRect();
            return {
                text: p.textContent.trim(),
                direction: getComputedStyle(p).direction,
                // how far the first letter sits from the paragraph's left edge, as a share
                startAt: (start.left - box.left) / box.width,
            };
        })"""
    )
    by_start = {p["text"].split()[0]: p for p in paragraphs}
    for word in ("وقال", "وزیر"):
        assert by_start[word]["direction"] == "rtl"
        assert by_start[word]["startAt"] > 0.5  # the first letter is on the right
    for word in ("Minister", "The"):
        assert by_start[word]["direction"] == "ltr"
        assert by_start[word]["startAt"] < 0.1

    browser.open(article_page(out, "seed.txt"))
    directions = browser.eval(
        """[...document.querySelectorAll("#article p")]
            .filter(p => /[\\u0600-\\u06FF]/.test(p.textContent.trim()[0]))
            .map(p => getComputedStyle(p).direction)"""
    )
    assert len(directions) > 10 and set(directions) == {"rtl"}


def test_a_script_in_the_article_shows_as_text_and_never_runs(browser: Browser, out: Path) -> None:
    browser.open(article_page(out, HOSTILE_REL))
    state = browser.eval(
        """({
            title: document.title,
            pwned: document.getElementsByTagName("pwned").length,
            scripts: document.scripts.length,
            images: document.images.length,
            bold: document.querySelectorAll("#article b, .panel b").length,
            shown: document.getElementById("article").textContent,
        })"""
    )
    assert state["title"] == "A <i>hostile</i> article & its items · summarizer report"
    assert state["pwned"] == 0 and state["scripts"] == 1 and state["images"] == 0
    assert state["bold"] == 0
    assert "<script>document.title = 'pwned';" in state["shown"]
    assert "Minister <b>html</b> Jane Doe" in state["shown"]


def test_hovering_or_selecting_a_highlight_shows_its_items(browser: Browser, out: Path) -> None:
    browser.open(article_page(out, HOSTILE_REL))
    browser.mouse("mouseMoved", *browser.point_in("#h-o1"))
    card = browser.eval('[document.getElementById("card").hidden, card.textContent]')
    assert card[0] is False
    assert "Jane Doe" in card[1] and "Minister <b>of html</b>" in card[1]

    x, y = browser.point_in("#h-f3")  # the same quote as f1: both are shown
    browser.mouse("mousePressed", x, y)
    browser.mouse("mouseReleased", x, y)
    selected = browser.eval(
        """({
            card: document.getElementById("card").textContent,
            entries: [...document.querySelectorAll(".panel .item.sel")].map(e => e.id),
        })"""
    )
    assert "the total in millions" in selected["card"] and "the total" in selected["card"]
    assert "i-f3" in selected["entries"] and "i-f1" in selected["entries"]

    browser.eval("document.querySelector('a[href=\"#h-d1\"]').click()")
    pieces = browser.eval('[...document.querySelectorAll("mark.sel")].map(m => m.dataset.item)')
    assert pieces and set(pieces) == {"d1"}


def test_index_sorts_by_column(browser: Browser, out: Path) -> None:
    browser.open(out / "report" / "index.html")
    column = """(() => {
        const table = document.getElementById("articles");
        const i = [...table.tHead.rows[0].cells].findIndex(c => c.textContent.trim() === "%s");
        return [...table.tBodies[0].rows].map(r => r.cells[i].textContent.trim());
    })()"""
    click = """[...document.querySelectorAll("#articles th button")]
        .find(b => b.textContent === "%s").click()"""
    browser.eval(click % "Officials")
    ascending = [int(v) for v in browser.eval(column % "Officials")]
    assert ascending == sorted(ascending) and len(ascending) == 4
    browser.eval(click % "Officials")
    assert [int(v) for v in browser.eval(column % "Officials")] == sorted(ascending, reverse=True)
    browser.eval(click % "Article")
    names = browser.eval(column % "Article")
    assert [n.split()[0] for n in names] == sorted(r for r in records(out))


def test_screenshots_for_a_person_to_look_at(
    browser: Browser, out: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("screenshots")
    shots = []
    for name, page in (
        ("index", out / "report" / "index.html"),
        ("seed", article_page(out, "seed.txt")),
        ("hostile", article_page(out, HOSTILE_REL)),
    ):
        browser.open(page)
        shots.append(browser.screenshot(folder / f"{name}.png"))
    for shot in shots:
        data = shot.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000, shot
    print(f"report screenshots: {folder}")
