"""Backends: where the model runs. ``get_backend`` picks one by name."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .base import Backend

BACKENDS = ("local", "openai")


def get_backend(
    name: str | None = None,
    *,
    model: str | None = None,
    base_url: str | Sequence[str] | None = None,
    api_key: str | None = None,
    model_path: str | None = None,
    **options: Any,
) -> Backend:
    """The backend for ``name`` (``SUMMARIZER_BACKEND``, else ``local``).

    ``local`` runs the embedded model, or the GGUF file at ``model_path``;
    ``openai`` talks to OpenAI or, with ``base_url``, any compatible server (several:
    a list or a comma list, used as one fleet; see ``backends.fleet``), or
    through a ``client`` of the user's own. A ``client`` implies ``openai``, and
    so does a ``base_url`` alone.
    """
    from ..errors import ConfigurationError

    if name is None and options.get("client") is not None:
        name = "openai"  # the user's own openai client
    if name is None:
        name = os.environ.get("SUMMARIZER_BACKEND") or (
            "openai" if base_url or os.environ.get("OPENAI_BASE_URL") else "local"
        )
    if name == "local":
        from .local import LocalBackend

        return LocalBackend(model_path=model_path, **options)
    if name == "openai":
        from .fleet import FleetBackend, split_urls
        from .openai_compat import OpenAIBackend

        urls = split_urls(base_url or os.environ.get("OPENAI_BASE_URL"))
        if len(urls) > 1:
            return FleetBackend(urls, model, api_key=api_key, **options)
        return OpenAIBackend(model, base_url=urls[0] if urls else None, api_key=api_key, **options)
    raise ConfigurationError(
        f"unknown backend {name!r}", hint=f"choose one of: {', '.join(BACKENDS)}"
    )


__all__ = ["BACKENDS", "Backend", "get_backend"]
