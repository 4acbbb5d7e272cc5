"""The model's state after the fixed head of the prompt, kept on disk.

Every request starts with the same system prompt (instructions, field guide,
one-shot example): about 1,350 tokens, which take the embedded model longer to
read than the article does. This cache carries the state after that head
across requests and processes: the first request in a process loads the
head's KV state from a file (tens of milliseconds) instead of evaluating the
head again, and a process that had to evaluate it writes the file for the next.

The head is what the prompt shares with the same conversation minus its last
message, in tokens, as the model's own chat template renders them, cut down to
a multiple of 8 tokens. The answer is then the same token for token whether
the head came from a file, from memory or from nothing, because the rest of
the prompt is read with the arithmetic of a fresh evaluation of the whole
prompt: llama.cpp's CPU kernels for the repacked Q4_K weights take tokens in
tiles of 4 and only in batches of 8 or more, so a token's numbers depend on
where the batches around it start and end. The backend ends every batch at a
multiple of ``n_batch`` (as a fresh evaluation does), and a head cut at a
multiple of 8, at least 8 tokens before the prompt's end, leaves the batches
after it tiled as in a fresh evaluation. (A head cut anywhere else changes the
float arithmetic a little, and a greedy decoder can take another path: on the
seed article, 822 tokens instead of 720, and a lost event.) A file is named by
a hash of the model file, the llama.cpp version, the context size and the
head's tokens; a file that does not load is ignored and written anew.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger("summarizer")

Outcome = Literal["memory", "disk", "saved", "evaluated", "none"]

#: the head is cut to a multiple of this many tokens (see above)
ALIGN = 8


class PrefixCache:
    """``directory`` None: the head is still read on its own, but not kept on disk."""

    def __init__(self, directory: Path | None, *, keep: int = 8) -> None:
        self.directory = directory
        self.keep = keep  # files kept, newest first (one per prompt version and model)

    def prime(self, llama: Any, messages: list[dict[str, Any]]) -> Outcome:
        """Put the KV state of ``messages``' fixed head into ``llama``, so that the
        completion that follows evaluates only the rest. Says where it came from."""
        tokens, shared = prompt_tokens(llama, messages)
        n = max(0, min(shared, len(tokens) - ALIGN)) // ALIGN * ALIGN
        head = tokens[:n]
        if n == 0:  # no chat template, or a head too short to cut: read it all at once
            llama.reset()
            return "none"
        if llama.n_tokens >= n and llama.input_ids[:n].tolist() == head:
            llama.n_tokens = n  # what follows is evaluated as after a fresh head
            return "memory"
        # only a head of fixed instructions is worth a file: one that holds an
        # article (the staged pipeline's) is reused from memory by the next pass
        fixed = all(m.get("role") == "system" for m in messages[:-1])
        path = self.directory / f"{self._key(llama, head)}.kv" if self.directory and fixed else None
        if path is not None and path.is_file() and self._load(llama, path, head):
            return "disk"
        llama.reset()
        llama.eval(head)
        return "saved" if path is not None and self._save(llama, path, head) else "evaluated"

    def _key(self, llama: Any, head: list[int]) -> str:
        import llama_cpp

        model = Path(llama.model_path)
        stat = model.stat()
        digest = hashlib.sha256()
        for part in (
            str(model.resolve()),
            stat.st_size,
            stat.st_mtime_ns,
            llama_cpp.__version__,
            llama.n_ctx(),
        ):
            digest.update(f"{part}\0".encode())
        digest.update(ctypes.string_at((ctypes.c_int32 * len(head))(*head), 4 * len(head)))
        return digest.hexdigest()[:32]

    def _load(self, llama: Any, path: Path, head: list[int]) -> bool:
        import llama_cpp

        n = len(head)
        tokens = (llama_cpp.llama_token * n)()
        count = ctypes.c_size_t(0)
        llama.reset()
        llama._ctx.kv_cache_clear()
        read = llama_cpp.llama_state_seq_load_file(
            llama._ctx.ctx, str(path).encode(), 0, tokens, n, ctypes.byref(count)
        )
        if not read or count.value != n or list(tokens) != head:
            log.debug("prefix cache: %s did not load; evaluating the prompt head", path.name)
            llama._ctx.kv_cache_clear()
            return False
        llama.input_ids[:n] = head
        llama.n_tokens = n
        os.utime(path)  # recently used: kept by the pruning
        return True

    def _save(self, llama: Any, path: Path, head: list[int]) -> bool:
        import llama_cpp

        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tokens = (llama_cpp.llama_token * len(head))(*head)
            if not llama_cpp.llama_state_seq_save_file(
                llama._ctx.ctx, str(tmp).encode(), 0, tokens, len(head)
            ):
                raise OSError("llama.cpp wrote nothing")
            os.replace(tmp, path)
            self._prune(path.parent)
            return True
        except OSError as exc:
            log.debug("prefix cache: could not write %s (%s)", path, exc)
            tmp.unlink(missing_ok=True)
            return False

    def _prune(self, directory: Path) -> None:
        files = sorted(directory.glob("*.kv"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self.keep :]:
            old.unlink(missing_ok=True)


def head_tokens(llama: Any, messages: list[dict[str, Any]]) -> list[int]:
    """The tokens ``messages`` share with ``messages[:-1]`` once rendered by the
    model's chat template: the part of the prompt that does not depend on the
    last message. Empty when the model has no template."""
    tokens, shared = prompt_tokens(llama, messages)
    return tokens[:shared]


def prompt_tokens(llama: Any, messages: list[dict[str, Any]]) -> tuple[list[int], int]:
    """The prompt's tokens, and how many of them the head is."""
    formatter = _formatter(llama)
    if formatter is None or len(messages) < 2:
        return [], 0
    full = formatter(messages=messages)
    shared = os.path.commonprefix([full.prompt, formatter(messages=messages[:-1]).prompt])
    # tokenized as llama-cpp-python's chat handler tokenizes the prompt
    add_bos = not full.added_special
    tokens = llama.tokenize(full.prompt.encode("utf-8"), add_bos=add_bos, special=True)
    head = llama.tokenize(shared.encode("utf-8"), add_bos=add_bos, special=True)
    n = 0
    for a, b in zip(tokens, head, strict=False):
        if a != b:
            break
        n += 1
    return tokens, n


def _formatter(llama: Any) -> Any:
    cached = getattr(llama, "_summarizer_formatter", False)
    if cached is not False:
        return cached
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llama.metadata.get("tokenizer.chat_template")
    formatter = None
    if template and llama.chat_format == "chat_template.default":
        # as llama-cpp-python builds its handler for the GGUF's template
        eos, bos = llama.token_eos(), llama.token_bos()
        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
        )
    llama._summarizer_formatter = formatter
    return formatter
