"""A hostile OpenAI-compatible endpoint on loopback: it misbehaves the way gateways and proxies do.

Each request is answered by a behaviour chosen from the article it carries (the article's first
word), so a concurrent batch can mix well-behaved and hostile articles. It
speaks raw HTTP/1.1 over asyncio streams, so it can do what a well-formed server framework will
not: trickle a body one byte at a time, send HTML with a JSON content type, drop the
connection half-way.

Behaviours (marker word → answer):

- ``HTML200``: HTTP 200, `application/json`, an HTML error page as the body;
- ``EMPTY200``: HTTP 200 with an empty body;
- ``DEEP``: a completion whose tool arguments nest 10,000 levels deep;
- ``BADUSAGE``: a valid completion whose `usage.prompt_tokens` is a string;
- ``NEGUSAGE``: a valid completion with negative token counts;
- ``TRICKLE``: a valid completion sent one byte every 0.2 s;
- ``OTHERTOOL``: a valid answer in a call to a function of another name;
- ``HUGE``: a 5 MB answer;
- ``ECHOKEY``: HTTP 400 whose message repeats the request's bearer token;
- ``UNAUTH``: HTTP 401 for every request;
- ``MARKUP``: a valid answer whose headline holds rich markup, a link and an escape sequence;
- ``MARKUPERR``: HTTP 400 whose message holds the same;
- ``FORMULA``: a valid answer whose figure's `measures` is a spreadsheet formula;
- ``HUGENUM``: a figure whose value has 400 digits (JSON readers make it infinite);
- anything else: a valid, grounded answer (`testkit.answers.answer_for`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from testkit.answers import answer_for, article_of

MARKERS = (
    "HTML200",
    "EMPTY200",
    "DEEP",
    "BADUSAGE",
    "NEGUSAGE",
    "TRICKLE",
    "OTHERTOOL",
    "HUGE",
    "ECHOKEY",
    "UNAUTH",
    "MARKUPERR",
    "MARKUP",
    "FORMULA",
    "HUGENUM",
)
#: Text a terminal must print as it is: rich markup, a hyperlink, a cursor-moving escape.
HOSTILE_TEXT = "[/] [link=https://evil.example]click[/link] \x1b[H"
FORMULA = '=HYPERLINK("https://evil.example","click")'


def _completion(arguments: str, *, name: str = "NewsSummary", usage: Any = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-hostile",
        "object": "chat.completion",
        "created": 0,
        "model": "hostile-model",
        "system_fingerprint": "summarizer-hostile-endpoint",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_hostile",
                            "type": "function",
                            "function": {"name": name, "arguments": arguments},
                        }
                    ],
                },
            }
        ],
        "usage": usage
        if usage is not None
        else {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    trickle: float = 0.0


def _json(data: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data, ensure_ascii=False).encode())


def behaviour(body: dict[str, Any], authorization: str) -> Reply:
    article = article_of(body)
    first = article.split(maxsplit=1)[0] if article.strip() else ""
    marker = first if first in MARKERS else None
    good = json.dumps(answer_for(article), ensure_ascii=False)
    if marker == "HTML200":
        return Reply(200, b"<html><body><h1>502 Bad Gateway</h1></body></html>")
    if marker == "EMPTY200":
        return Reply(200, b"")
    if marker == "DEEP":
        return _json(_completion("[" * 10_000 + "]" * 10_000))
    if marker == "BADUSAGE":
        return _json(_completion(good, usage={"prompt_tokens": "many", "completion_tokens": None}))
    if marker == "NEGUSAGE":
        usage = {"prompt_tokens": -1000, "completion_tokens": -5, "total_tokens": -1005}
        return _json(_completion(good, usage=usage))
    if marker == "TRICKLE":
        return Reply(200, json.dumps(_completion(good)).encode(), trickle=0.2)
    if marker == "OTHERTOOL":
        return _json(_completion(good, name="delete_everything"))
    if marker == "HUGE":
        return _json(_completion(json.dumps({"headline": "x" * 5_000_000})))
    if marker == "ECHOKEY":
        token = authorization.removeprefix("Bearer ")
        return _json({"error": {"message": f"bad request from key {token}", "type": "x"}}, 400)
    if marker in ("MARKUP", "FORMULA", "HUGENUM"):
        answer = answer_for(article)
        if marker == "MARKUP":
            answer["headline"] = f"Workers hired {HOSTILE_TEXT}"
        if marker == "FORMULA":
            answer["figures"][0]["measures"] = FORMULA
        text = json.dumps(answer, ensure_ascii=False)
        if marker == "HUGENUM":
            value = json.dumps(answer["figures"][0]["value"])
            text = text.replace(f'"value": {value}', '"value": 1' + "0" * 400, 1)
        return _json(_completion(text))
    if marker == "MARKUPERR":
        return _json({"error": {"message": f"refused: {HOSTILE_TEXT}", "type": "x"}}, 400)
    if marker == "UNAUTH":
        return _json({"error": {"message": "invalid credentials", "type": "auth"}}, 401)
    return _json(_completion(good))


@dataclass
class HostileEndpoint:
    """Runs on its own event loop in a thread; `base_url` is ready once the context is entered."""

    host: str = "127.0.0.1"
    port: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def __enter__(self) -> HostileEndpoint:
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._loop = loop

        async def start() -> asyncio.Server:
            server = await asyncio.start_server(self._serve, self.host, 0)
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            return server

        def main() -> None:
            asyncio.set_event_loop(loop)
            server = loop.run_until_complete(start())
            loop.run_forever()
            server.close()
            loop.run_until_complete(server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=main, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        loop = self._loop
        if loop is not None:

            async def shut() -> None:
                """End every connection's task first, so none is destroyed while pending."""
                tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                loop.stop()

            asyncio.run_coroutine_threadsafe(shut(), loop)
        if self._thread is not None:
            self._thread.join(10)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
                body = json.loads(raw or b"{}")
                self.requests.append(body)
                self.authorizations.append(headers.get("authorization", ""))
                reply = behaviour(body, headers.get("authorization", ""))
                await self._send(writer, reply)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, reply: Reply) -> None:
        head = (
            f"HTTP/1.1 {reply.status} X\r\ncontent-type: {reply.content_type}\r\n"
            f"content-length: {len(reply.body)}\r\n\r\n"
        )
        writer.write(head.encode())
        if not reply.trickle:
            writer.write(reply.body)
            await writer.drain()
            return
        await writer.drain()
        for i in range(len(reply.body)):
            writer.write(reply.body[i : i + 1])
            await writer.drain()
            await asyncio.sleep(reply.trickle)


@contextlib.contextmanager
def hostile_endpoint() -> Iterator[HostileEndpoint]:
    with HostileEndpoint() as server:
        yield server
