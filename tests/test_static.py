"""Lint, format and strict typing are part of the suite, so CI enforces them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

CHECKS = [
    pytest.param(["ruff", "check", "."], id="ruff-check"),
    pytest.param(["ruff", "format", "--check", "."], id="ruff-format"),
    pytest.param(["mypy"], id="mypy-strict"),
]


@pytest.mark.slow
@pytest.mark.parametrize("command", CHECKS)
def test_static_check_passes(command: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
