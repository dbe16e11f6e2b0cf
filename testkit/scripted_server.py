"""The project's scripted OpenAI-compatible server: one implementation, on aiohttp.

It answers `POST /v1/chat/completions` from a script written in the test (and, through
`testkit/batches.py`, OpenAI's files and batches endpoints, whose requests take the same script): each request takes the
next step (a completion, an HTTP error with headers, or a dropped connection). It runs on
loopback only, records what it received, and marks every response with the header
`x-summarizer-scripted: true` and `system_fingerprint: summarizer-scripted-server`, so cassettes
recorded from it can never pass for a real model's answers.

The same server runs in-process for tests (`with ScriptedServer(steps) as server:` serves from
an event loop on a background thread) and as its own process for the benchmarks
(`python -m testkit.endpoint`, so the endpoint shares no GIL with the batch it serves).
Either way a dropped step aborts the connection with no response, and a request beyond a list
script gets HTTP 500 naming the overrun.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from testkit.batches import BatchScript, ScriptedBatches

if TYPE_CHECKING:
    from aiohttp import web

FINGERPRINT = "summarizer-scripted-server"


@dataclass(frozen=True)
class Step:
    """One scripted answer."""

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay: float = 0.0


def completion(
    *,
    arguments: dict[str, Any] | str | None = None,
    content: str | None = None,
    finish_reason: str = "stop",
    prompt_tokens: int = 1000,
    completion_tokens: int = 200,
    model: str = "scripted-model",
    function: str = "NewsSummary",
) -> Step:
    """A chat completion: `arguments` as a tool call of `function` (tools mode; the schema's
    class name) or `content` (JSON modes)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        args = (
            arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        )
        message["tool_calls"] = [
            {
                "id": "call_scripted_1",
                "type": "function",
                "function": {"name": function, "arguments": args},
            }
        ]
    return Step(
        body={
            "id": "chatcmpl-scripted",
            "object": "chat.completion",
            "created": 1_750_000_000,
            "model": model,
            "system_fingerprint": FINGERPRINT,
            "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error(status: int, message: str, *, headers: dict[str, str] | None = None) -> Step:
    """An HTTP error in OpenAI's error format."""
    kind = {429: "rate_limit_exceeded", 500: "server_error"}.get(status, "invalid_request_error")
    return Step(
        status=status,
        body={"error": {"message": message, "type": kind, "code": kind}},
        headers=headers or {},
    )


def dropped() -> Step:
    """The connection closes with no response, as when a proxy or server dies mid-request."""
    return Step(drop=True)


Responder = Callable[[dict[str, Any], int], Step]
"""Answers a request body (the n-th request, from 0) with a step: a script written as code."""

_START_TIMEOUT = 30.0


class ScriptedServer:
    """Serve `steps` in order, or ask `responder` per request.

    Requests beyond a list script get HTTP 500 naming the overrun. `keep_requests=False` counts
    requests without keeping their bodies (a long benchmark run).
    """

    def __init__(
        self,
        steps: Sequence[Step] = (),
        *,
        responder: Responder | None = None,
        keep_requests: bool = True,
        batch_scripts: Sequence[BatchScript] = (),
    ) -> None:
        self.steps = list(steps)
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.count = 0
        #: requests whose client closed the connection while a step's delay ran
        self.hangups = 0
        self.base_url = ""
        self._keep = keep_requests
        self.batches = ScriptedBatches(self._answer, batch_scripts)
        self._lock = threading.Lock()
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def next_step(self, body: dict[str, Any]) -> Step:
        with self._lock:
            index = self.count
            self.count += 1
            if self._keep:
                self.requests.append(body)
        if self.responder is not None:
            return self.responder(body, index)
        if index < len(self.steps):
            return self.steps[index]
        return error(
            500, f"scripted server: request {index + 1} is beyond the script of {len(self.steps)}"
        )

    def _answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """A batch's request answered from the script, as a live one would be (a drop: 500)."""
        step = self.next_step(body)
        if step.drop:
            return 500, {"error": {"message": "scripted: the connection dropped"}}
        return step.status, step.body

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        form = await request.post()
        upload = form.get("file")
        content = upload.file.read() if isinstance(upload, web.FileField) else b""
        name = upload.filename if isinstance(upload, web.FileField) else "upload"
        return _json(self.batches.upload(name, str(form.get("purpose", "batch")), content))

    async def _files(self, request: web.Request) -> web.StreamResponse:
        purpose = request.query.get("purpose")
        files = [f for f in self.batches.files.values() if purpose in (None, f["purpose"])]
        return _json({"object": "list", "data": files, "has_more": False})

    async def _content(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        content = self.batches.contents.get(request.match_info["file_id"])
        if content is None:
            return _json(error(404, "no such file").body or {}, 404)
        return web.Response(body=content, headers={"x-summarizer-scripted": "true"})

    async def _create_batch(self, request: web.Request) -> web.StreamResponse:
        created = self.batches.create(json.loads(await request.read() or b"{}"))
        if created is None:
            return _json(error(400, "no such input file").body or {}, 400)
        return _json(created)

    async def _batch(self, request: web.Request) -> web.StreamResponse:
        found = self.batches.retrieve(request.match_info["batch_id"])
        if found is None:
            return _json(error(404, "no such batch").body or {}, 404)
        return _json(found)

    async def _list_batches(self, request: web.Request) -> web.StreamResponse:
        return _json({"object": "list", "data": self.batches.listed(), "has_more": False})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        step = self.next_step(json.loads(await request.read() or b"{}"))
        if step.delay and await _hung_up(request, step.delay):
            with self._lock:
                self.hangups += 1
            return web.Response(status=499)  # never delivered: the client is gone
        if step.drop:
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)  # never delivered: the connection is gone
        payload = json.dumps(step.body or {}, ensure_ascii=False).encode()
        headers = {"content-type": "application/json", "x-summarizer-scripted": "true"}
        return web.Response(body=payload, status=step.status, headers={**headers, **step.headers})

    async def serve(self, *, backlog: int = 128) -> str:
        """Start listening on a free loopback port of the running loop; the base URL."""
        from aiohttp import web

        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/files", self._upload)
        app.router.add_get("/v1/files", self._files)
        app.router.add_get("/v1/files/{file_id}/content", self._content)
        app.router.add_post("/v1/batches", self._create_batch)
        app.router.add_get("/v1/batches", self._list_batches)
        app.router.add_get("/v1/batches/{batch_id}", self._batch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=backlog)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}/v1"
        return self.base_url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def __enter__(self) -> ScriptedServer:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.serve(), loop).result(_START_TIMEOUT)
        return self

    def __exit__(self, *exc: object) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self.close(), loop).result(_START_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        self._loop = self._thread = None


async def _hung_up(request: web.Request, delay: float) -> bool:
    """Wait out `delay`, or less if the client closes the connection first (then True)."""
    end = asyncio.get_running_loop().time() + delay
    while (left := end - asyncio.get_running_loop().time()) > 0:
        transport = request.transport
        if transport is None or transport.is_closing():
            return True
        await asyncio.sleep(min(left, 0.05))
    return False


def _json(data: dict[str, Any], status: int = 200) -> web.Response:
    from aiohttp import web

    headers = {"content-type": "application/json", "x-summarizer-scripted": "true"}
    return web.Response(
        body=json.dumps(data, ensure_ascii=False).encode(), status=status, headers=headers
    )
