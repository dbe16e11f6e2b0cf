"""A non-editable install carries the default schema and prompts, wherever it is run from."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHECK = textwrap.dedent(
    """
    import json, pathlib, sys
    import summarizer
    from summarizer.engine.prompting import PromptSet
    from summarizer.schema_export import export, load_schema
    here = pathlib.Path(summarizer.__file__).resolve()
    assert "site-packages" in str(here), here
    prompts = PromptSet.load("news")
    messages = prompts.messages("نص", published=None, output_language="English")
    assert "<article>" in messages[1]["content"]
    print(json.dumps({"file": str(here), "prompt": prompts.version, "schema": export(load_schema("news"))}))
    """
)


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    wheel = next(dist.glob("summarizer-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    # dependencies come from this environment; the package itself only from the wheel
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", CHECK],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    import json

    report = json.loads(out.stdout)
    assert report["file"].startswith(str(site.resolve()))
    assert report["schema"] == (ROOT / "schemas" / "news.schema.json").read_text(encoding="utf-8")
    assert report["prompt"].startswith("news@")
