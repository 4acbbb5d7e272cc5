"""OpenAI and any OpenAI-compatible server, through the official ``openai`` client."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from typing import Any
from urllib.parse import urlsplit

import instructor
import openai
from openai.types.chat import ChatCompletion

from .. import errors
from ..errors import (
    ConfigurationError,
    InvalidSettingError,
    MissingAPIKeyError,
    register_secret,
    safe_url,
)
from .base import Backend

DEFAULT_MODEL = "gpt-4o-mini"


class OpenAIBackend(Backend):
    """Talks to ``base_url`` (default: OpenAI), or through the user's own ``client``
    (an ``openai.OpenAI`` or ``openai.AsyncOpenAI``). The client's own retries are
    off: transport faults are retried once, by the pipeline's policy."""

    name = "openai"

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        client: openai.OpenAI | openai.AsyncOpenAI | None = None,
        mode: str | instructor.Mode = instructor.Mode.TOOLS,
        context_tokens: int = 128_000,
    ) -> None:
        self.model = model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL
        self.mode = instructor.Mode(mode) if isinstance(mode, str) else mode
        self._context_tokens = context_tokens
        self._user: _UserClient | None = None
        if client is not None:
            if base_url or api_key:
                raise ConfigurationError(
                    "both a client and a base_url or api_key were given",
                    hint="set the server and key on the client",
                )
            self._user = _UserClient(client)
            self.base_url = str(client.base_url)
            return
        self.base_url = checked_base_url(base_url or os.environ.get("OPENAI_BASE_URL"))
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if self.base_url is None:
                raise MissingAPIKeyError("no API key for the OpenAI backend")
            key = "not-needed"  # local OpenAI-compatible servers ignore it
        register_secret(key)
        self._client = openai.OpenAI(api_key=key, base_url=self.base_url, max_retries=0)

    @property
    def context_tokens(self) -> int:
        return self._context_tokens

    def create(self, **kwargs: Any) -> ChatCompletion:
        try:
            if self._user is not None:
                return self._user.create(**kwargs)
            return self._client.chat.completions.create(**kwargs)
        except json.JSONDecodeError as exc:
            raise _not_json(exc) from None

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "base_url": self.base_url}


class _UserClient:
    """A client the user made: used as given, but with its own retries off (a copy
    that shares its connections; the user's object is not changed). An
    ``AsyncOpenAI`` client's connections belong to one event loop, so it runs on
    a loop of its own, in a daemon thread, whichever thread asks."""

    def __init__(self, client: openai.OpenAI | openai.AsyncOpenAI) -> None:
        if not isinstance(client, openai.OpenAI | openai.AsyncOpenAI):
            raise ConfigurationError(
                f"client must be an openai.OpenAI or openai.AsyncOpenAI, "
                f"not {type(client).__name__}"
            )
        register_secret(client.api_key)
        self.client = client.with_options(max_retries=0)
        self.loop: asyncio.AbstractEventLoop | None = None
        if isinstance(client, openai.AsyncOpenAI):
            self.loop = asyncio.new_event_loop()
            threading.Thread(
                target=self.loop.run_forever, name="summarizer-openai-client", daemon=True
            ).start()

    def create(self, **kwargs: Any) -> ChatCompletion:
        if self.loop is None:
            return self.client.chat.completions.create(**kwargs)
        request = self.client.chat.completions.create(**kwargs)
        return asyncio.run_coroutine_threadsafe(request, self.loop).result()


def checked_base_url(url: str | None) -> str | None:
    """``url`` when requests can be sent to it; otherwise a typed error, at once:
    the client would call a malformed URL a connection fault, and retry it."""
    if url is None:
        return None
    problem = None
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            problem = (
                f"its scheme {parts.scheme!r} is not http or https"
                if parts.scheme and parts.netloc
                else "it does not start with http:// or https://"
            )
        elif not parts.hostname:
            problem = "it names no host"
        else:
            parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError as exc:
        problem = f"its host or port is malformed ({exc})"
    if problem is None:
        return url
    raise InvalidSettingError(
        f"the model server URL {safe_url(url)!r} cannot work: {problem}",
        hint="pass the server's http:// or https:// address, e.g. http://127.0.0.1:8080/v1 "
        "(--base-url or OPENAI_BASE_URL)",
    )


def _not_json(exc: json.JSONDecodeError) -> errors.BackendError:
    # not the model's fault, so not a validation re-ask: the server sent no JSON
    return errors.BackendError(
        f"the model server's answer is not JSON ({exc.msg})",
        hint="check that --base-url points at an OpenAI-compatible /v1 endpoint",
    )
