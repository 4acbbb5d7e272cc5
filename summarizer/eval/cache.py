"""A response cache for eval runs: one file per model request (the backend's
settings, every request parameter, the repeat index). Files are private to the
user; no key or secret is part of a cache key or entry (``Backend.describe``
and the request hold none)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion

from ..backends.base import Backend
from ..backends.model_store import cache_dir
from ..core import Summarizer


def default_cache_dir() -> Path:
    return cache_dir() / "responses"


class ResponseCache:
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()

    @staticmethod
    def key(parts: dict[str, Any]) -> str:
        blob = json.dumps(parts, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh)
        os.replace(tmp, path)


class CachedBackend(Backend):
    """Wraps a backend: a request seen before is answered from the cache.

    The key is the wrapped backend's settings, every request parameter (the
    messages, the schema, the token limit, the temperature …) and ``salt``
    (the eval's repeat index), so anything that could change the answer makes
    a new call. Only answers are cached, never errors; the pipeline behind the
    backend (validation, grounding, dates, scoring) runs again on every hit, so
    a code change is measured without paying for the model again.
    """

    def __init__(self, inner: Backend, cache: ResponseCache, salt: dict[str, Any]) -> None:
        self.inner, self.cache, self.salt = inner, cache, salt
        self.name, self.model, self.mode = inner.name, inner.model, inner.mode
        self.part_tokens = inner.part_tokens
        self.validation_retries = inner.validation_retries
        self.hits = self.misses = 0

    @property
    def context_tokens(self) -> int:
        return self.inner.context_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def _key(self, request: dict[str, Any]) -> str:
        request = {k: v for k, v in request.items() if k != "timeout"}
        return self.cache.key({"backend": self.inner.describe(), "request": request, **self.salt})

    def _hit(self, key: str) -> ChatCompletion | None:
        found = self.cache.get(key)
        if found is None:
            return None
        self.hits += 1
        return ChatCompletion.model_validate(found)

    def _store(self, key: str, response: ChatCompletion) -> ChatCompletion:
        self.misses += 1
        self.cache.put(key, response.model_dump(mode="json"))
        return response

    def create(self, **kwargs: Any) -> ChatCompletion:
        key = self._key(kwargs)
        return self._hit(key) or self._store(key, self.inner.create(**kwargs))


def cached(summarizer: Summarizer, cache: ResponseCache, repeat: int = 0) -> Summarizer:
    """A copy of ``summarizer`` whose requests go through ``cache`` (its backend
    a :class:`CachedBackend`; ``repeat``: the eval's repeat index)."""
    out = copy.copy(summarizer)
    out.backend = CachedBackend(summarizer.backend, cache, {"repeat": repeat})
    return out
