"""A user's own schema and prompts: loaded by spec or folder, refused with coded errors, and
named in every record and resume key (issue 15, item 3).

The example is examples/election/ (an election-results schema built from the field types, and
its prompts); its cassette was recorded from the scripted server.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path
from typing import Any

import openai
import pytest

from summarizer import summarize
from summarizer.batch.runner import BatchConfig, BatchRun
from summarizer.config import BatchSettings, resolve
from summarizer.engine.prompting import PromptSet
from summarizer.errors import (
    ConfigurationError,
    PromptMissingError,
    PromptRenderError,
    PromptTemplateError,
    SchemaClassError,
    SchemaImportError,
    SchemaSpecError,
)
from summarizer.schema_export import load_schema
from testkit.scripted_server import ScriptedServer, Step, completion
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "election"
SPEC = f"{EXAMPLE / 'schema.py'}:ElectionResults"
ARTICLE = (EXAMPLE / "article.en.txt").read_text(encoding="utf-8")
ANSWER = json.loads((ROOT / "tests" / "data" / "election.answer.json").read_text(encoding="utf-8"))


# --- schema specs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "name", "version"),
    [
        pytest.param("news", "NewsSummary", "2", id="built-in-name"),
        pytest.param(SPEC, "ElectionResults", "1", id="file-and-class"),
        pytest.param("tests.support.user_schemas:Weather", "Weather", "7", id="module-and-class"),
    ],
)
def test_a_schema_loads_by_name_or_spec(spec: str, name: str, version: str) -> None:
    schema = load_schema(spec)
    assert (schema.__name__, schema.schema_version) == (name, version)


def test_a_file_loads_once_whatever_the_path_spelling() -> None:
    relative = os.path.relpath(EXAMPLE / "schema.py")
    assert load_schema(f"{relative}:ElectionResults") is load_schema(SPEC)


@pytest.mark.parametrize(
    ("spec", "error", "code", "words"),
    [
        pytest.param("no such thing", SchemaSpecError, "schema_spec", "built-in", id="not-a-name"),
        pytest.param("nonesuch", SchemaSpecError, "schema_spec", "no built-in", id="unknown-name"),
        pytest.param("pkg.mod:", SchemaSpecError, "schema_spec", "class name", id="no-class"),
        pytest.param("a b:Class", SchemaSpecError, "schema_spec", "neither", id="bad-module"),
        pytest.param(
            "nowhere.mod:X", SchemaImportError, "schema_import", "PYTHONPATH", id="no-module"
        ),
        pytest.param(
            "missing/file.py:X", SchemaImportError, "schema_import", "no file", id="no-file"
        ),
        pytest.param(
            "tests.support.user_schemas:Nope",
            SchemaClassError,
            "schema_class",
            "Weather",
            id="class-missing-lists-the-schemas",
        ),
        pytest.param(
            "tests.support.user_schemas:PlainModel",
            SchemaClassError,
            "schema_class",
            "subclasses summarizer.fields.Extraction",
            id="pydantic-model-not-a-schema",
        ),
        pytest.param(
            "tests.support.user_schemas:NOT_A_CLASS",
            SchemaClassError,
            "schema_class",
            "not a schema",
            id="not-a-class",
        ),
        pytest.param(
            "summarizer.fields:Extraction",
            SchemaClassError,
            "schema_class",
            "not a schema",
            id="the-base-itself",
        ),
    ],
)
def test_a_bad_spec_is_a_coded_configuration_error(
    spec: str, error: type[ConfigurationError], code: str, words: str
) -> None:
    with pytest.raises(error) as caught:
        load_schema(spec)
    assert isinstance(caught.value, ConfigurationError)
    assert caught.value.code == code
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        pytest.param("def broken(:\n", "SyntaxError", id="syntax-error"),
        pytest.param("raise RuntimeError('boom')\n", "RuntimeError: boom", id="raises"),
        pytest.param("import nonesuch_package_xyz\n", "nonesuch_package_xyz", id="bad-import"),
    ],
)
def test_a_file_that_does_not_import_says_why(tmp_path: Path, source: str, words: str) -> None:
    path = tmp_path / "mine.py"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(SchemaImportError) as caught:
        load_schema(f"{path}:Mine")
    assert caught.value.code == "schema_import"
    assert words in str(caught.value)


# --- prompt folders -----------------------------------------------------------------------------


def _prompts(tmp_path: Path, **templates: str) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(EXAMPLE / "prompts", folder)
    for name, text in templates.items():
        path = folder / f"{name}.j2"
        if text:
            path.write_text(text, encoding="utf-8")
        else:
            path.unlink()
    return folder


def test_the_example_prompts_load_with_a_content_hash_version(tmp_path: Path) -> None:
    first = PromptSet.load(EXAMPLE / "prompts").version
    assert first.startswith("prompts@1+")
    changed = _prompts(tmp_path, user=(EXAMPLE / "prompts" / "user.j2").read_text() + "Thanks.\n")
    assert PromptSet.load(changed).version not in (first, "")


@pytest.mark.parametrize(
    ("templates", "error", "code", "words"),
    [
        pytest.param({"user": ""}, PromptMissingError, "prompt_missing", "user.j2", id="no-user"),
        pytest.param(
            {"system": ""}, PromptMissingError, "prompt_missing", "system.j2", id="no-system"
        ),
        pytest.param(
            {"user": "{{ article }} in {{ region }}"},
            PromptRenderError,
            "prompt_render",
            "'region'",
            id="missing-variable-is-named",
        ),
        pytest.param(
            {"system": "Answer in {{ language }}."},
            PromptRenderError,
            "prompt_render",
            "the engine gives system.j2: output_language",
            id="system-variable-lists-the-given",
        ),
        pytest.param(
            {"user": "Summarise the article."},
            PromptRenderError,
            "prompt_render",
            "{{ article }}",
            id="article-never-written",
        ),
        pytest.param(
            {"user": "{% if article %}{{ article }}"},
            PromptTemplateError,
            "prompt_syntax",
            "user.j2",
            id="syntax-error",
        ),
        pytest.param(
            {"reask": "{{ errors | nosuchfilter }}"},
            PromptTemplateError,
            "prompt_syntax",
            "reask.j2",
            id="own-reask-checked-too",
        ),
    ],
)
def test_a_bad_prompt_folder_is_refused_at_load_with_a_code(
    tmp_path: Path,
    templates: dict[str, str],
    error: type[ConfigurationError],
    code: str,
    words: str,
) -> None:
    with pytest.raises(error) as caught:
        PromptSet.load(_prompts(tmp_path, **templates))
    assert caught.value.code == code
    assert words in str(caught.value)


def test_a_prompt_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(PromptMissingError):
        PromptSet.load(tmp_path / "nowhere")


# --- end to end ---------------------------------------------------------------------------------


@pytest.mark.vcr
@pytest.mark.scripted([completion(arguments=ANSWER, function="ElectionResults")])
def test_example_schema_end_to_end(llm_endpoint: dict[str, str]) -> None:
    """The example schema and prompts through the openai SDK (replayed from the scripted
    server's cassette): every item grounded, the schema and prompts named in the result."""
    with openai.OpenAI(**llm_endpoint, max_retries=0) as client:
        result = summarize(
            ARTICLE,
            client=client,
            model="gpt-4o-mini",
            schema=load_schema(SPEC),
            prompts=EXAMPLE / "prompts",
        )
    assert type(result).__name__ == "ElectionResults"
    data: Any = result
    assert [r.candidate.text for r in data.results] == ["Lina Okafor", "Tomas Reyes"]
    assert {(t.value, t.unit) for r in data.results for t in r.tallies} == {
        (52.4, "%"),
        (41380, None),
        (44.1, "%"),
    }
    for r in data.results:
        assert ARTICLE[r.quote.start : r.quote.end] == r.quote.text
    assert data.polling_days[0].value == "2025-09-14"
    assert result.meta is not None
    assert (result.meta.schema_name, result.meta.schema_version) == ("ElectionResults", "1")
    assert result.meta.prompt_version == PromptSet.load(EXAMPLE / "prompts").version


def _batch(folder: Path, out: Path, prompts: Path, base_url: str) -> list[dict[str, Any]]:
    config = BatchConfig(
        input_dir=folder,
        out_dir=out,
        schema=load_schema(SPEC),
        prompts=PromptSet.load(prompts),
        settings=resolve(model="gpt-4o-mini", base_url=base_url, api_key="sk-test-not-a-real-key"),
        run=BatchSettings(concurrency=1),
    )

    async def go() -> None:
        async with openai.AsyncOpenAI(base_url=base_url, api_key="k", max_retries=0) as client:
            await BatchRun(config, client).run()

    asyncio.run(go())
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_the_schema_and_prompts_go_into_the_resume_key_and_the_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "harbourside.txt").write_text(ARTICLE, encoding="utf-8")
    answer = completion(arguments=ANSWER, function="ElectionResults")

    def respond(body: dict[str, Any], index: int) -> Step:
        return answer

    prompts = _prompts(tmp_path)
    out = tmp_path / "out"
    with ScriptedServer(responder=respond) as server:
        (record,) = _batch(folder, out, prompts, server.base_url)
        version = PromptSet.load(prompts).version
        assert record["key"]["schema_version"] == "ElectionResults@1"
        assert record["key"]["prompt_version"] == version
        assert record["meta"]["schema_name"] == "ElectionResults"
        assert record["meta"]["prompt_version"] == version
        _batch(folder, out, prompts, server.base_url)
        assert server.count == 1  # same schema and prompts: resumed, not asked again
        (prompts / "system.j2").write_text(
            (prompts / "system.j2").read_text() + "Be brief.\n", encoding="utf-8"
        )
        (again,) = _batch(folder, out, prompts, server.base_url)
        assert server.count == 2  # the prompts changed: the article is done again
        assert again["key"]["prompt_version"] != version


# --- the command line ---------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from summarizer.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def election_server(monkeypatch: pytest.MonkeyPatch) -> Any:
    answer = completion(arguments=ANSWER, function="ElectionResults")
    with ScriptedServer(responder=lambda body, index: answer) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        yield server


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_summarize_takes_schema_and_prompts(election_server: ScriptedServer) -> None:
    code, output = _cli(
        "summarize",
        str(EXAMPLE / "article.en.txt"),
        "--json",
        "--schema",
        SPEC,
        "--prompts",
        str(EXAMPLE / "prompts"),
    )
    assert code == 0, output
    record = json.loads(output)
    assert record["meta"]["schema_name"] == "ElectionResults"
    assert record["meta"]["prompt_version"].startswith("prompts@1+")
    assert "Extract the election results" in election_server.requests[0]["messages"][1]["content"]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_batch_and_revalidate_take_the_schema(
    tmp_path: Path, election_server: ScriptedServer
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(EXAMPLE / "article.en.txt", folder / "harbourside.txt")
    args = ("batch", str(folder), "--out", str(out), "--quiet", "--schema", SPEC)
    code, output = _cli(*args, "--prompts", str(EXAMPLE / "prompts"))
    assert code == 0, output
    record = json.loads((out / "harbourside.txt.json").read_text(encoding="utf-8"))
    assert record["key"]["schema_version"] == "ElectionResults@1"
    assert (out / "tables" / "results.csv").is_file()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["settings"]["schema"] == "ElectionResults@1"
    code, output = _cli("revalidate", str(out), "--schema", SPEC, "--json")
    assert code == 0, output
    assert [c["status"] for c in json.loads(output)] == ["unchanged"]


def test_schema_command_exports_a_user_schema() -> None:
    code, output = _cli("schema", "--schema", SPEC)
    assert code == 0, output
    assert json.loads(output)["title"] == "ElectionResults"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(("schema", "--schema", "nowhere.mod:X"), "no module", id="schema-no-module"),
        pytest.param(
            (
                "summarize",
                str(EXAMPLE / "article.en.txt"),
                "--schema",
                "tests.support.user_schemas:PlainModel",
            ),
            "is not a schema",
            id="summarize-not-a-schema",
        ),
        pytest.param(
            ("summarize", str(EXAMPLE / "article.en.txt"), "--prompts", str(ROOT / "nowhere")),
            "no prompt set",
            id="summarize-no-prompts",
        ),
    ],
)
def test_a_bad_schema_or_prompts_on_the_command_line_exits_2(
    args: tuple[str, ...], words: str
) -> None:
    code, output = _cli(*args)
    assert code == 2, output
    assert "summarizer: error:" in output and words in output
