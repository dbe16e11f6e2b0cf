"""Readable, secret-free cassettes.

Bodies are stored as YAML structures (Arabic as Arabic, not `\\u` escapes), compressed bodies are
decoded, credentials and account headers are removed from requests and responses, and each file
opens with a comment saying what produced its responses: a real model, or the scripted server.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

SCRUBBED_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
    "x-request-id",
    "cf-ray",
)
_DROPPED_RESPONSE_HEADERS = {
    *SCRUBBED_HEADERS,
    "content-length",
    "content-encoding",
    "date",
    "server",
}


def scrub_request(request: Any) -> Any:
    """Credentials out; a server's health checks (GET /models or /health while it starts) not
    recorded."""
    if request.method == "GET" and request.path.endswith(("/models", "/health")):
        return None
    for name in list(request.headers):
        if name.lower() in SCRUBBED_HEADERS:
            del request.headers[name]
    return request


#: Set while recording against a real server: which model and server answered. It is stamped on
#: every recorded response and named on the cassette's first line.
RECORDED_FROM: str | None = None
SOURCE_HEADER = "x-summarizer-recorded-from"


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {
        k: v
        for k, v in response.get("headers", {}).items()
        if k.lower() not in _DROPPED_RESPONSE_HEADERS
    }
    if RECORDED_FROM is not None:
        response["headers"][SOURCE_HEADER] = [RECORDED_FROM]
    return response


def _as_data(text: Any) -> Any:
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if isinstance(text, str) and text[:1] in "{[":
        try:
            return {"json": json.loads(text)}
        except json.JSONDecodeError:
            pass
    return text


def _as_text(data: Any) -> Any:
    if isinstance(data, dict) and set(data) == {"json"}:
        return json.dumps(data["json"], ensure_ascii=False)
    return data


def provenance(interactions: list[dict[str, Any]]) -> str:
    for interaction in interactions:
        headers = {k.lower(): v for k, v in interaction["response"].get("headers", {}).items()}
        if SOURCE_HEADER in headers:
            value = headers[SOURCE_HEADER]
            source = value[0] if isinstance(value, list) else value
            return (
                f"Recorded from a real model: {source}. Its answers are the model's own, unedited."
            )
        if "x-summarizer-scripted" in headers:
            return (
                "Recorded from the project's scripted OpenAI-compatible test server "
                "(testkit/scripted_server.py): every response below was written in the test, "
                "not produced by a model."
            )
    models = {
        str(body["json"].get("model"))
        for i in interactions
        if isinstance(body := i["response"]["body"].get("string"), dict) and "json" in body
    }
    return f"Recorded from a real model: {', '.join(sorted(models)) or 'unknown'}."


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (prompts, articles) as literal blocks, so they read like text."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(c in value for c in "\r\t") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def serialize(cassette: dict[str, Any]) -> str:
    interactions = []
    for item in cassette["interactions"]:
        request = dict(item["request"])
        request["body"] = _as_data(request.get("body"))
        response = dict(item["response"])
        response["body"] = {"string": _as_data(response["body"].get("string"))}
        interactions.append({"request": request, "response": response})
    text = yaml.dump(
        {"version": cassette.get("version", 1), "interactions": interactions},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return f"# {provenance(interactions)}\n{text}"


def deserialize(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    for item in data["interactions"]:
        item["request"]["body"] = _as_text(item["request"].get("body"))
        body = item["response"]["body"]
        body["string"] = _as_text(body.get("string"))
    return data  # type: ignore[no-any-return]


def json_body(r1: Any, r2: Any) -> None:
    """Requests match when their JSON bodies are equal as data (key order and escaping aside)."""

    def load(body: Any) -> Any:
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body) if body else None
        except (TypeError, json.JSONDecodeError):
            return body

    if load(r1.body) != load(r2.body):
        raise AssertionError("request bodies differ")
