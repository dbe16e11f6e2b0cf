"""The benchmarks' endpoint: the scripted server with fault injection, in a process of its own.

    python -m testkit.endpoint --latency 0.2 --faults '{"rate_429": 0.1}' --url-file URL [--count-file N]

It writes its base URL to URL once it listens, on SIGTERM or SIGINT the number of requests
it answered to N, and with `--first-request-file F` the system-wide monotonic clock at the moment
the first request arrived after F was last removed (what the start-up benchmark measures).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from testkit.faults import FaultyEndpoint
from testkit.scripted_server import ScriptedServer, Step


async def _serve_until_signalled(
    server: ScriptedServer, url_file: Path, count_file: Path | None
) -> None:
    url_file.write_text(await server.serve(backlog=512))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if count_file is not None:
        count_file.write_text(str(server.count))
    await server.close()


def _stamped(
    responder: Callable[[dict[str, Any], int], Step], path: Path
) -> Callable[[dict[str, Any], int], Step]:
    def respond(body: dict[str, Any], index: int) -> Step:
        if not path.exists():  # the first request since the file was last removed
            path.write_text(repr(time.monotonic()))
        return responder(body, index)

    return respond


def main() -> None:
    """Serve a fault-injecting scripted endpoint in its own process (benchmarks use this)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--faults", default="{}", help="JSON of FaultyEndpoint rates")
    parser.add_argument("--url-file", type=Path, required=True, help="where to write the base URL")
    parser.add_argument("--count-file", type=Path, help="where to write the request count on exit")
    parser.add_argument("--first-request-file", type=Path, help="where to stamp the first request")
    args = parser.parse_args()
    endpoint = FaultyEndpoint(latency=args.latency, **json.loads(args.faults))
    responder = (
        endpoint if args.first_request_file is None else _stamped(endpoint, args.first_request_file)
    )
    server = ScriptedServer(responder=responder, keep_requests=False)
    asyncio.run(_serve_until_signalled(server, args.url_file, args.count_file))


if __name__ == "__main__":
    main()
