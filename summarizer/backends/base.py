"""What every backend offers the pipeline: one raw chat-completion request.

A backend sends exactly one request per call and returns an
``openai.types.chat.ChatCompletion``. Schema handling and validation re-asks
(instructor) and transport retries (``summarizer.ask.retry``) are layered on top
by the pipeline, the same way for every backend.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import instructor
from openai.types.chat import ChatCompletion


class Backend(ABC):
    #: short name recorded in run metadata ("openai", "local")
    name: str
    #: the model's name as recorded in run metadata
    model: str
    #: how instructor passes the schema to this backend
    mode: instructor.Mode = instructor.Mode.JSON_SCHEMA
    #: the longest article part (tokens) the model reads well; longer articles
    #: are split even when they would fit the context. None: the context decides.
    part_tokens: int | None = None
    #: re-asks after a failed schema/grounding check, unless the settings say otherwise
    validation_retries: int = 1

    @property
    @abstractmethod
    def context_tokens(self) -> int:
        """How many tokens fit in one request, prompt and answer together."""

    def count_tokens(self, text: str) -> int:
        """Tokens in ``text``; a conservative estimate unless the backend knows better."""
        return len(text) // 3 + 1

    @abstractmethod
    def create(self, **kwargs: Any) -> ChatCompletion:
        """Send one chat-completion request (OpenAI keyword arguments)."""

    def describe(self) -> dict[str, Any]:
        """Settings that change the model's answers: part of the cache key."""
        return {
            "backend": self.name,
            "model": self.model,
            "mode": self.mode.value,
            "part_tokens": self.part_tokens,
        }
