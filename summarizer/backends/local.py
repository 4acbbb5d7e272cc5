"""The embedded default: a GGUF model run in-process by llama-cpp-python.

Requests arrive in the OpenAI shape (as instructor's JSON_SCHEMA mode writes
them); the JSON schema in ``response_format`` becomes a llama.cpp grammar, so
the model can only emit JSON of that shape. llama-cpp-python's own
``response_format`` handling only knows ``json_object``: without this
translation the schema would be silently ignored.

Message contents are plain text to the model: every string its vocabulary
would read as a special token is defanged first (``plain_messages``), so only
the chat template's own markup becomes control tokens.

Two things make a brief faster here than a plain llama-cpp-python call, and
neither changes a token of the answer: greedy decoding checks the grammar on
the best token first (``sampling``), and the state after the fixed head of the
prompt is loaded from disk rather than evaluated again (``prefix_cache``).
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import instructor
from openai.types.chat import ChatCompletion

from ..errors import BackendTimeoutError, BackendUnavailableError, ModelFileError
from ..read.untrusted import defang
from .base import Backend
from .model_store import DEFAULT_MODEL, cache_dir, ensure_model
from .prefix_cache import PrefixCache
from .sampling import GreedyGrammarSampler

DEFAULT_CONTEXT = 8192
_load_lock = threading.Lock()


def _import_llama() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:
        raise BackendUnavailableError(
            f"the embedded backend needs llama-cpp-python, which is not installed ({exc})"
        ) from None
    return llama_cpp


class _OutOfTime(Exception):
    """The request's time ran out before the model evaluated more tokens."""


@lru_cache(maxsize=1)
def _llama_class() -> type:
    llama_cpp = _import_llama()

    class Llama(llama_cpp.Llama):
        """llama-cpp-python's model, with one lock for whoever shares it, the
        grammar checked on the best token first when decoding is greedy, and a
        time limit that holds while it reads and writes."""

        fast_grammar = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.lock = threading.Lock()
            #: monotonic time at which the request in progress must stop (None: no limit)
            self.deadline: float | None = None
            #: whether the last answer was ended by ``deadline`` rather than by the model
            self.out_of_time = False

        def generate(self, tokens: Any, **kwargs: Any) -> Any:
            """llama-cpp-python's token loop, ended once ``deadline`` has passed: the
            answer then stops where it got to, as at an end-of-generation token."""
            self.out_of_time = False
            answered = False
            try:
                for token in super().generate(tokens, **kwargs):
                    answered = True
                    yield token
            except _OutOfTime:
                if not answered:
                    raise  # still reading the prompt: there is no answer to keep
                self.out_of_time = True
                yield self.token_eos()

        def _init_sampler(self, **kw: Any) -> Any:
            plain_greedy = (
                kw.get("temp") == 0.0
                and kw.get("repeat_penalty", 1.0) == 1.0
                and not kw.get("frequency_penalty")
                and not kw.get("presence_penalty")
                and not kw.get("logits_processor")
            )
            if self.fast_grammar and plain_greedy and kw.get("grammar") is not None:
                return GreedyGrammarSampler(self, kw["grammar"])
            return super()._init_sampler(**kw)

        def eval(self, tokens: Any) -> None:
            """Evaluate in batches that end at multiples of ``n_batch``, wherever the
            evaluation starts: the batches a fresh evaluation of the whole prompt
            uses, so a prompt whose head came from the prefix cache is read with the
            same arithmetic (see ``prefix_cache``)."""
            tokens = list(tokens)
            i = 0
            while i < len(tokens):
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    raise _OutOfTime
                end = min(len(tokens), i + self.n_batch - self.n_tokens % self.n_batch)
                super().eval(tokens[i:end])
                i = end

    return Llama


@lru_cache(maxsize=4)
def load_model(path: str, n_ctx: int, n_threads: int, seed: int) -> Any:
    """The llama.cpp model in the GGUF file ``path``: one loaded model per (file,
    settings) per process. A file that cannot be loaded is a :class:`ModelFileError`."""
    _import_llama()
    if not Path(path).is_file():
        raise ModelFileError(f"model file {path} does not exist")
    try:
        llm = _llama_class()(
            model_path=path,
            n_ctx=n_ctx,
            n_threads=n_threads,
            n_batch=512,
            seed=seed,
            verbose=False,
        )
    except (ValueError, RuntimeError, MemoryError) as exc:
        raise _load_failure(Path(path), n_ctx, exc) from None
    atexit.register(llm.close)  # free it before interpreter teardown (avoids a noisy __del__)
    return llm


# KV cache per context token for this family (28 layers x K,V x 256 x f16), rounded up
_KV_BYTES_PER_TOKEN = 32 * 1024
_RUNTIME_BYTES = 400 * 1024 * 1024  # compute buffers, tokenizer, Python


def _available_memory() -> int | None:
    """Bytes this process can still map: the lesser of free RAM and its address-space limit."""
    limits = []
    try:
        meminfo = Path("/proc/meminfo").read_text()
        limits.append(int(meminfo.split("MemAvailable:")[1].split()[0]) * 1024)
    except (OSError, IndexError, ValueError):
        pass
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        try:
            status = Path("/proc/self/status").read_text()
            used = int(status.split("VmSize:")[1].split()[0]) * 1024
        except (OSError, IndexError, ValueError):
            used = 0
        limits.append(soft - used)
    return min(limits) if limits else None


def _load_failure(path: Path, n_ctx: int, exc: Exception) -> ModelFileError:
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != b"GGUF":
        return ModelFileError(f"{path} is not a GGUF model file ({exc})")
    need = path.stat().st_size + n_ctx * _KV_BYTES_PER_TOKEN + _RUNTIME_BYTES
    available = _available_memory()
    if available is not None and available < need:
        return ModelFileError(
            f"not enough memory to load {path.name} with a {n_ctx}-token context: "
            f"it needs about {need / 2**30:.1f} GiB, {max(available, 0) / 2**30:.1f} GiB is available",
            hint="free memory or raise the process's memory limit, "
            "or use a model server instead (--base-url)",
        )
    return ModelFileError(f"llama.cpp could not load {path} with a {n_ctx}-token context: {exc}")


@lru_cache(maxsize=16)
def schema_grammar(schema_json: str) -> Any:
    """The llama.cpp grammar that admits only JSON valid under ``schema_json`` (cached)."""
    return _import_llama().LlamaGrammar.from_json_schema(schema_json, verbose=False)


class LocalBackend(Backend):
    """Runs a GGUF file; by default the embedded model, assembled on first use."""

    name = "local"
    mode = instructor.Mode.JSON_SCHEMA
    # A 1.5B model loses actors and events deep in a long input: past about
    # 1,500 article tokens it reads better in overlapping parts.
    part_tokens = 1500
    # Measured on the 16 eval fixtures: a re-ask never grounded more than the first
    # answer did, and cost 42% more completion tokens. A cut-off or invalid answer
    # still fails clearly; what is ungrounded is dropped.
    validation_retries = 0

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        context_tokens: int = DEFAULT_CONTEXT,
        threads: int | None = None,
        seed: int = 0,
        prefix_cache: bool = True,
        fast_grammar: bool = True,
    ) -> None:
        _import_llama()
        self.model_path = Path(model_path) if model_path else None
        self.model = self.model_path.stem if self.model_path else DEFAULT_MODEL.name
        self._context_tokens = context_tokens
        self.threads = threads or os.cpu_count() or 2
        self.seed = seed
        #: reads the prompt head on its own, kept on disk (``SUMMARIZER_CACHE_DIR``/prefix)
        #: unless ``prefix_cache`` is off
        self.prefix = PrefixCache(cache_dir() / "prefix" if prefix_cache else None)
        #: check the grammar on the best token first (off: llama-cpp-python's sampler)
        self.fast_grammar = fast_grammar
        #: where the last request's prompt head came from (see ``PrefixCache.prime``)
        self.last_prefix: str | None = None

    @property
    def context_tokens(self) -> int:
        return self._context_tokens

    @property
    def llama(self) -> Any:
        with _load_lock:
            path = self.model_path or ensure_model()
            return load_model(str(path), self._context_tokens, self.threads, self.seed)

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def create(
        self,
        *,
        messages: list[dict[str, Any]],
        response_format: dict[str, Any] | None = None,
        max_tokens: int | None = None,
        temperature: float = 0.0,
        timeout: float | None = None,
        **_: Any,
    ) -> ChatCompletion:
        """One completion, within ``timeout`` seconds from the call (waiting for the
        model, loading and reading the prompt included). An answer the time cut
        short ends as one cut at its token limit does (``finish_reason`` "length"),
        so that what it completed is kept; a prompt the time cut short is a
        :class:`BackendTimeoutError`."""
        schema = schema_json(response_format)
        grammar = schema_grammar(schema) if schema is not None else None
        deadline = time.monotonic() + timeout if timeout is not None else None
        llama = self.llama
        messages = plain_messages(messages, control_texts(llama))
        with llama.lock:
            llama.fast_grammar = self.fast_grammar
            llama.deadline = deadline
            try:
                self.last_prefix = self.prefix.prime(llama, messages)
                result = llama.create_chat_completion(
                    messages=messages,
                    grammar=grammar,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    seed=self.seed,
                )
            except _OutOfTime:
                raise BackendTimeoutError(
                    f"the embedded model had not finished reading the prompt when the "
                    f"{timeout:.1f}s allowed ran out"
                ) from None
            finally:
                llama.deadline = None
            if llama.out_of_time:
                result["choices"][0]["finish_reason"] = "length"
        return ChatCompletion.model_validate(result)

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "model_path": str(self.model_path) if self.model_path else DEFAULT_MODEL.sha256,
            "context": self._context_tokens,
            "seed": self.seed,
        }


def control_texts(llama: Any) -> tuple[str, ...]:
    """The strings the model's vocabulary reads as one special token (control,
    user-defined or unknown: ``<|im_start|>``, ``<tool_call>`` …), longest first.
    llama.cpp matches user-defined ones even in text tokenized as plain text."""
    cached = getattr(llama, "_summarizer_controls", None)
    if cached is not None:
        return cached
    llama_cpp = _import_llama()
    special = (
        llama_cpp.LLAMA_TOKEN_ATTR_CONTROL
        | llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED
        | llama_cpp.LLAMA_TOKEN_ATTR_UNKNOWN
    )
    vocab = llama._model.vocab
    texts = {
        llama._model.token_get_text(token)
        for token in range(llama.n_vocab())
        if llama_cpp.llama_vocab_get_attr(vocab, token) & special
    }
    cached = tuple(sorted((t for t in texts if t.strip()), key=len, reverse=True))
    llama._summarizer_controls = cached
    return cached


def plain_messages(
    messages: list[dict[str, Any]], controls: tuple[str, ...]
) -> list[dict[str, Any]]:
    """``messages`` whose contents hold none of ``controls``: the chat template
    tokenizes the whole prompt with its special tokens parsed, so a control
    string in a message (an article's, whatever the pipeline did before) would
    become a real control token. The template's own tokens are outside the
    contents and stay special."""
    out = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            message = {**message, "content": defang(content, controls)}
        out.append(message)
    return out


def schema_json(response_format: dict[str, Any] | None) -> str | None:
    """The JSON schema the grammar is built from. Key order is kept: the grammar
    makes the model write properties in schema order, and that order (summary,
    actors, then events that refer to them; evidence before the rest of an
    event) is part of the prompt's design."""
    if not response_format:
        return None
    if response_format.get("type") == "json_schema":
        return json.dumps(response_format["json_schema"]["schema"])
    schema = response_format.get("schema")
    return json.dumps(schema) if schema is not None else None
