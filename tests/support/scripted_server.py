"""The project's scripted OpenAI-compatible test server.

It answers `POST /v1/chat/completions` from a script written in the test: each request takes the
next step (a completion, an HTTP error with headers, or a dropped connection). It runs on
loopback only, records what it received, and marks every response with the header
`x-summarizer-scripted: true` and `system_fingerprint: summarizer-scripted-server`, so cassettes
recorded from it can never pass for a real model's answers.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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
) -> Step:
    """A chat completion: `arguments` as a tool call (tools mode) or `content` (JSON modes)."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        args = (
            arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        )
        message["tool_calls"] = [
            {
                "id": "call_scripted_1",
                "type": "function",
                "function": {"name": "NewsSummary", "arguments": args},
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


class ScriptedServer:
    """Serve `steps` in order, or ask `responder` per request.

    Requests beyond a list script get HTTP 500 naming the overrun.
    """

    def __init__(self, steps: Sequence[Step] = (), *, responder: Responder | None = None) -> None:
        self.steps = list(steps)
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 128
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def _next(self, body: dict[str, Any]) -> Step:
        with self._lock:
            self.requests.append(body)
            index = len(self.requests) - 1
        if self.responder is not None:
            return self.responder(body, index)
        if index < len(self.steps):
            return self.steps[index]
        return error(
            500, f"scripted server: request {index + 1} is beyond the script of {len(self.steps)}"
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                raw = self.rfile.read(length)
                step = server._next(json.loads(raw or b"{}"))
                if step.delay:
                    time.sleep(step.delay)
                if step.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                payload = json.dumps(step.body or {}, ensure_ascii=False).encode()
                # the client may have given up (killed or cancelled): nothing to answer then
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(step, payload)

            def _send(self, step: Step, payload: bytes) -> None:
                self.send_response(step.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.send_header("x-summarizer-scripted", "true")
                for name, value in step.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


async def _serve_fast(responder: Responder, url_file: Path, count_file: Path | None) -> None:
    """The same protocol on aiohttp's event loop: a benchmark's endpoint must not be the bottleneck."""
    import asyncio
    import signal

    from aiohttp import web

    count = 0

    async def chat(request: web.Request) -> web.StreamResponse:
        nonlocal count
        body = await request.json()
        step = responder(body, count)
        count += 1
        if step.delay:
            await asyncio.sleep(step.delay)
        if step.drop:
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)  # never delivered: the connection is gone
        headers = {"x-summarizer-scripted": "true", **step.headers}
        return web.json_response(step.body or {}, status=step.status, headers=headers)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=512)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url_file.write_text(f"http://127.0.0.1:{port}/v1")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if count_file is not None:
        count_file.write_text(str(count))
    await runner.cleanup()


def main() -> None:
    """Serve a fault-injecting scripted endpoint in its own process (benchmarks use this)."""
    import argparse
    import asyncio

    from tests.support.faults import FaultyEndpoint

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--faults", default="{}", help="JSON of FaultyEndpoint rates")
    parser.add_argument("--url-file", type=Path, required=True, help="where to write the base URL")
    parser.add_argument("--count-file", type=Path, help="where to write the request count on exit")
    args = parser.parse_args()
    endpoint = FaultyEndpoint(latency=args.latency, **json.loads(args.faults))
    asyncio.run(_serve_fast(endpoint, args.url_file, args.count_file))


if __name__ == "__main__":
    main()
