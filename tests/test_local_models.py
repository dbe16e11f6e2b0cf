"""The embedded model's file: found through package metadata, assembled once, verified, rebuilt.

Fake part packages (a dist-info and a few bytes each) stand in for the real gigabyte.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from summarizer.errors import LocalModelError
from summarizer.local import models
from summarizer.local.models import LocalModel

PARTS = [b"GGUF" + b"a" * 60, b"b" * 64, b"c" * 17]
WHOLE = b"".join(PARTS)


def _model(sha256: str = hashlib.sha256(WHOLE).hexdigest(), size: int = len(WHOLE)) -> LocalModel:
    return LocalModel(
        name="fake-model",
        title="Fake Model",
        package_prefix="fake-model-part",
        parts=len(PARTS),
        version="0.1.0",
        size=size,
        sha256=sha256,
    )


def _install_parts(site: Path, version: str = "0.1.0", skip: int | None = None) -> None:
    """Write one dist-info per part, as pip would, listing `<module>/data/partNN.bin`."""
    for index, data in enumerate(PARTS, start=1):
        if index == skip:
            continue
        module = f"fake_model_part{index}"
        member = f"{module}/data/part{index:02d}.bin"
        (site / module / "data").mkdir(parents=True)
        (site / member).write_bytes(data)
        info = site / f"{module}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: fake-model-part{index}\nVersion: {version}\n"
        )
        (info / "RECORD").write_text(f"{member},,\n{info.name}/METADATA,,\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_parts_are_found_in_order_through_package_metadata(site: Path) -> None:
    _install_parts(site)
    assert [p.read_bytes() for p in models.part_files(_model())] == PARTS


def test_assembly_writes_the_verified_file_and_its_sidecar(site: Path, cache: Path) -> None:
    _install_parts(site)
    path = models.ensure(_model(), cache)
    assert (path.read_bytes(), models.model_file(_model(), cache).cheaply_verified()) == (
        WHOLE,
        True,
    )


def test_a_verified_file_is_not_assembled_again(
    site: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_parts(site)
    models.ensure(_model(), cache)

    def no_parts(model: LocalModel) -> list[Path]:
        raise AssertionError("the parts were read again")

    monkeypatch.setattr(models, "part_files", no_parts)
    assert models.ensure(_model(), cache).read_bytes() == WHOLE


def _truncate(path: Path) -> None:
    path.write_bytes(WHOLE[:-5])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))


def _same_size_same_mtime(path: Path) -> None:
    """Corrupted behind the sidecar's back: only a full hash could tell; the stamp is kept."""
    stat = path.stat()
    _flip_a_byte(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_truncate, id="partial-file"),
        pytest.param(_flip_a_byte, id="corrupted-byte"),
        pytest.param(lambda p: p.unlink(), id="file-deleted"),
        pytest.param(
            lambda p: p.with_name(p.name + ".verified.json").write_text("{"), id="sidecar-garbage"
        ),
    ],
)
def test_a_damaged_file_is_detected_and_rebuilt(
    site: Path, cache: Path, damage: Callable[[Path], None]
) -> None:
    _install_parts(site)
    path = models.ensure(_model(), cache)
    damage(path)
    assert models.ensure(_model(), cache).read_bytes() == WHOLE


def test_a_change_that_keeps_size_and_mtime_passes_the_cheap_check(site: Path, cache: Path) -> None:
    """What the cheap check costs: it trusts size and mtime (`summarizer models --verify` hashes)."""
    _install_parts(site)
    path = models.ensure(_model(), cache)
    _same_size_same_mtime(path)
    assert models.model_file(_model(), cache).cheaply_verified()


def test_parts_with_the_wrong_digest_leave_no_file_behind(site: Path, cache: Path) -> None:
    _install_parts(site)
    with pytest.raises(LocalModelError, match="expected"):
        models.ensure(_model(sha256="0" * 64), cache)
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize(
    ("install", "message"),
    [
        pytest.param({"skip": 2}, "fake-model-part2 is missing", id="part-missing"),
        pytest.param({"version": "0.1.1"}, "expected 0.1.0", id="other-version"),
    ],
)
def test_an_incomplete_install_says_what_to_install(
    site: Path, cache: Path, install: dict[str, object], message: str
) -> None:
    _install_parts(site, **install)  # type: ignore[arg-type]
    with pytest.raises(LocalModelError, match=message):
        models.ensure(_model(), cache)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"PK\x03\x04zip", "not a GGUF", id="not-gguf"),
        pytest.param(None, "cannot read", id="missing"),
    ],
)
def test_a_users_gguf_must_be_one(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "model.gguf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(LocalModelError, match=message):
        models.check_gguf(path)


def test_the_cache_folder_follows_summarizer_model_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL_CACHE", str(tmp_path / "models"))
    assert models.cache_dir() == tmp_path / "models"


def test_known_models_pin_exact_versions_and_digests() -> None:
    assert {m.name: (m.parts, m.version, m.size) for m in models.MODELS.values()} == {
        "qwen2.5-coder-1.5b": (22, "0.2.0", 1_117_320_768),
        "qwen2.5-coder-0.5b": (6, "0.9.0", 491_400_064),
    }
