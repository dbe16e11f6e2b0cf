"""Schemas by name or spec, and their JSON Schema as checked into `schemas/`.

A schema is a subclass of :class:`~summarizer.fields.Extraction`. :func:`load_schema` takes a
built-in name (`news`), a module and class (`package.module:Class`, imported as Python imports
it) or a file and class (`path/to/file.py:Class`, imported from that file); each way it fails,
it fails with its own coded error (`summarizer/errors.py`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

from summarizer.errors import (
    ConfigurationError,
    SchemaClassError,
    SchemaImportError,
    SchemaSpecError,
)
from summarizer.fields.base import Extraction

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_FORMS = "a built-in name (news), package.module:Class or path/to/file.py:Class"


def load_schema(spec: str) -> type[Extraction]:
    """The schema `spec` names: a built-in name, `package.module:Class` or `file.py:Class`."""
    if ":" not in spec or (len(spec) > 1 and spec[1] == ":" and spec.count(":") == 1):
        return _builtin(spec)
    where, _, name = spec.rpartition(":")
    if not name.isidentifier():
        raise SchemaSpecError(f"schema {spec!r}: {name!r} is not a class name; give {_FORMS}")
    if where.endswith(".py"):
        module = _from_file(Path(where), spec)
    elif _DOTTED.match(where):
        module = _from_module(where, spec)
    else:
        raise SchemaSpecError(
            f"schema {spec!r}: {where!r} is neither a module name nor a .py file; give {_FORMS}"
        )
    return _schema_class(module, name, spec)


def _builtin(name: str) -> type[Extraction]:
    """The `SCHEMA` of the built-in schema module `summarizer.schemas.<name>`."""
    if not name.isidentifier():
        raise SchemaSpecError(f"no built-in schema {name!r}; give {_FORMS}")
    try:
        module = importlib.import_module(f"summarizer.schemas.{name}")
    except ModuleNotFoundError:
        raise SchemaSpecError(f"no built-in schema {name!r}; give {_FORMS}") from None
    schema = getattr(module, "SCHEMA", None)
    if not (isinstance(schema, type) and issubclass(schema, Extraction)):
        raise ConfigurationError(f"summarizer.schemas.{name} has no Extraction subclass SCHEMA")
    return schema


def _from_module(dotted: str, spec: str) -> ModuleType:
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        if exc.name is not None and dotted.startswith(exc.name):
            raise SchemaImportError(
                f"schema {spec!r}: no module {dotted!r} (is it installed, or on PYTHONPATH?)"
            ) from None
        raise _import_failed(spec, exc) from None
    except Exception as exc:
        raise _import_failed(spec, exc) from None


def _from_file(path: Path, spec: str) -> ModuleType:
    """The file imported as a module of its own, under a name no other file shares."""
    if not path.is_file():
        raise SchemaImportError(f"schema {spec!r}: no file {path}")
    resolved = path.resolve()
    name = f"summarizer_user_schema_{hashlib.sha256(str(resolved).encode()).hexdigest()[:12]}"
    if name in sys.modules:
        return sys.modules[name]
    loader_spec = importlib.util.spec_from_file_location(name, resolved)
    if loader_spec is None or loader_spec.loader is None:
        raise SchemaImportError(f"schema {spec!r}: {path} cannot be imported as Python")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[name] = module  # pydantic resolves the annotations through it
    try:
        loader_spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise _import_failed(spec, exc) from None
    return module


def _import_failed(spec: str, exc: BaseException) -> SchemaImportError:
    return SchemaImportError(f"schema {spec!r} does not import: {type(exc).__name__}: {exc}")


def _schema_class(module: ModuleType, name: str, spec: str) -> type[Extraction]:
    found = getattr(module, name, None)
    if found is None:
        there = sorted(
            n
            for n, v in vars(module).items()
            if isinstance(v, type) and issubclass(v, Extraction) and v is not Extraction
        )
        have = f"; its schemas: {', '.join(there)}" if there else "; it defines no schema"
        raise SchemaClassError(f"schema {spec!r}: no class {name!r} in the module{have}")
    if not (isinstance(found, type) and issubclass(found, Extraction)) or found is Extraction:
        what = found.__name__ if isinstance(found, type) else type(found).__name__
        raise SchemaClassError(
            f"schema {spec!r}: {name} ({what}) is not a schema: a schema subclasses "
            "summarizer.fields.Extraction and uses its field types"
        )
    return found


def export(schema: type[Extraction]) -> str:
    """The model-facing JSON Schema, stable text for a checked-in file."""
    document = {
        "$comment": f"{schema.__name__} version {schema.schema_version}; generated by `summarizer schema`",
        **schema.model_json_schema(mode="validation"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
