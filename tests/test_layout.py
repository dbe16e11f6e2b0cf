"""Architecture that must not drift: layering, public surface, startup cost.

The layers are import-linter contracts in pyproject.toml; the bans below also catch imports of
`summarizer.schemas`, which lives in schemas/ and so is invisible to import-linter's graph.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer
from tests.conftest import ROOT

ENGINE = [
    *sorted((ROOT / "summarizer" / "engine").glob("*.py")),
    *sorted((ROOT / "summarizer" / "fields").glob("*.py")),
    *sorted((ROOT / "summarizer" / "normalize").glob("*.py")),
]
SCHEMAS = sorted((ROOT / "schemas").glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_import_keeps_the_layers(capsys: pytest.CaptureFixture[str]) -> None:
    """pyproject.toml's import-linter contracts, over every import of the package and schemas/."""
    from importlinter.cli import lint_imports

    code = lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engine_never_imports_a_schema_or_the_cli(path: Path) -> None:
    bad = {
        n
        for n in _imports(path)
        if n.startswith(("summarizer.schemas", "summarizer.cli", "summarizer.api"))
    }
    assert not bad


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_never_import_the_cli(path: Path) -> None:
    assert not {
        n
        for n in _imports(path)
        if n.startswith(("summarizer.cli", "summarizer.api", "click", "rich"))
    }


def test_public_api_surface() -> None:
    assert sorted(summarizer.__all__) == [
        "ConfigurationError",
        "ExtractionError",
        "InputError",
        "MissingKeyError",
        "SummarizerError",
        "TransportError",
        "UnsupportedModeError",
        "__version__",
        "asummarize",
        "summarize",
    ]
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None


def test_error_tree_has_one_root() -> None:
    from summarizer import errors

    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert all(issubclass(c, errors.SummarizerError) for c in classes)


def test_every_error_class_has_its_own_code() -> None:
    from summarizer import errors

    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    own = {c: c.__dict__.get("code") for c in classes}
    budget = {errors.RunBudgetError, errors.ArticleBudgetError}  # their code is the cap's name
    assert all(own[c] for c in classes if c not in budget)
    codes = [own[c] for c in classes if c not in budget]
    assert len(codes) == len(set(codes))
    assert errors.__doc__ is not None
    for c in classes:
        if c not in budget:
            assert re.search(rf"{c.__name__}\s+{own[c]}\b", errors.__doc__), c.__name__


def test_importing_the_package_and_cli_loads_no_heavy_module() -> None:
    code = "import sys, summarizer.cli; print(' '.join(m for m in ('openai','instructor','rich','pydantic') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def _loaded_after(code: str, prefix: str) -> list[str]:
    """The modules under `prefix` that a fresh interpreter has loaded after running `code`."""
    probe = (
        f"import sys\n{code}\nprint(' '.join(m for m in sys.modules if m.startswith({prefix!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return sorted(out.stdout.split())


COMMAND_RESOLVED = (
    "import click\nfrom summarizer.cli.app import main\n"
    "main.get_command(click.Context(main), 'batch')"
)
FIRST_REQUEST_BUILT = (
    "from summarizer.schema_export import load_schema\n"
    "from summarizer.engine.request import request_kwargs\n"
    "request_kwargs(load_schema('news'), 'tools', "
    "[{'role': 'system', 'content': 's'}, {'role': 'user', 'content': 'u'}], {'model': 'm'})"
)


@pytest.mark.parametrize(
    ("code", "prefix", "unwanted"),
    [
        pytest.param(
            COMMAND_RESOLVED,
            "summarizer.cli.",
            {"summarizer.cli.evaluate", "summarizer.cli.revalidate", "summarizer.cli.summarize"},
            id="running-batch-loads-no-other-command",
        ),
        pytest.param(
            FIRST_REQUEST_BUILT,
            "summarizer.normalize.",
            {"summarizer.normalize.dates", "summarizer.normalize.figures"},
            id="the-first-request-waits-for-no-reader-of-figures-or-dates",
        ),
    ],
)
def test_start_up_loads_only_what_it_uses(code: str, prefix: str, unwanted: set[str]) -> None:
    assert unwanted.isdisjoint(_loaded_after(code, prefix))


@pytest.mark.parametrize(
    "name",
    ["summarize", "batch", "batch-status", "eval", "revalidate", "report", "models", "schema"],
)
def test_every_listed_command_loads_under_its_own_name(name: str) -> None:
    import click

    from summarizer.cli.app import COMMANDS, main

    assert name in COMMANDS
    command = main.get_command(click.Context(main), name)
    assert command is not None and command.name == name
