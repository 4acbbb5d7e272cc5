"""The embedded runtime's two speed-ups change nothing in what the model says:
the best-token grammar check picks llama-cpp-python's own tokens, and a prompt
head loaded from a prefix file continues exactly as one evaluated in place.
Short requests keep each of these to about a minute on the real model."""

from __future__ import annotations

import json

import pytest

from summarizer.backends.local import LocalBackend, schema_grammar
from summarizer.backends.prefix_cache import ALIGN, PrefixCache, head_tokens, prompt_tokens
from summarizer.backends.sampling import GreedyGrammarSampler

pytestmark = pytest.mark.model

SCHEMA = json.dumps(
    {
        "type": "object",
        "properties": {
            "greeting": {"type": "string"},
            "count": {"type": "integer"},
            "mood": {"enum": ["calm", "tense"]},
        },
        "required": ["greeting", "count", "mood"],
    }
)
# longer than one llama.cpp batch (512 tokens), and not a whole number of them
SYSTEM = " ".join(
    f"Rule {i}: you are a careful assistant, and you answer in JSON with a greeting, "
    "a count of the people the user names, and the mood of the message."
    for i in range(1, 22)
)


@pytest.fixture(scope="module")
def llama():
    return LocalBackend().llama


def complete(llama, messages, *, fast: bool = True, reset: bool = True) -> tuple[str, object]:
    """An answer under SCHEMA; ``reset=False`` keeps what ``prime`` put in the KV cache."""
    llama.fast_grammar = fast
    try:
        if reset:
            llama.reset()
        out = llama.create_chat_completion(
            messages=messages, grammar=schema_grammar(SCHEMA), max_tokens=40, temperature=0.0
        )
        return out["choices"][0]["message"]["content"], llama._sampler
    finally:
        llama.fast_grammar = True


def test_best_token_check_picks_the_tokens_of_the_full_grammar_scan(llama):
    # a chatty request under a JSON grammar: the model's favourite first token
    # ("Hello") is refused, so both paths of the sampler run
    messages = [
        {"role": "system", "content": "Reply to the user warmly, in plain words."},
        {"role": "user", "content": "Hi! Ana, Ben and Caro send their regards from Lisbon."},
    ]
    fast, sampler = complete(llama, messages, fast=True)
    stock, stock_sampler = complete(llama, messages, fast=False)
    assert isinstance(sampler, GreedyGrammarSampler) and sampler.refusals > 0
    assert not isinstance(stock_sampler, GreedyGrammarSampler)
    assert fast == stock
    assert set(json.loads(fast)) == {"greeting", "count", "mood"}


def test_the_answer_is_the_same_from_a_file_from_memory_or_from_nothing(llama, tmp_path):
    cache = PrefixCache(tmp_path)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Ana and Ben are arguing about the rent again."},
    ]
    # the head is cut inside a llama.cpp batch, so the batches after it are not whole
    assert (len(head_tokens(llama, messages)) // ALIGN * ALIGN) % llama.n_batch > 0

    fresh, _ = complete(llama, messages)  # the whole prompt evaluated at once, no cache

    llama.reset()
    assert PrefixCache(None).prime(llama, messages) == "evaluated"  # no file kept
    unsaved, _ = complete(llama, messages, reset=False)
    assert not list(tmp_path.glob("*.kv"))

    llama.reset()
    assert cache.prime(llama, messages) == "saved"
    assert len(list(tmp_path.glob("*.kv"))) == 1
    evaluated, _ = complete(llama, messages, reset=False)

    assert cache.prime(llama, messages) == "memory"  # the head is still in the KV cache
    from_memory, _ = complete(llama, messages, reset=False)
    llama.reset()
    assert cache.prime(llama, messages) == "disk"
    restored, _ = complete(llama, messages, reset=False)
    assert evaluated == from_memory == restored == unsaved == fresh

    other = [messages[0], {"role": "user", "content": "Caro is calm."}]
    llama.reset()
    assert cache.prime(llama, other) == "disk", "the head does not depend on the last message"


def test_the_rest_of_the_prompt_is_read_with_the_arithmetic_of_a_fresh_evaluation(llama, tmp_path):
    """Logits, not just an answer: bit for bit those of the whole prompt read at once."""
    import llama_cpp
    import numpy as np

    def logits() -> np.ndarray:
        out = llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1)
        return np.ctypeslib.as_array(out, shape=(llama.n_vocab(),)).copy()

    article = " ".join(f"Ana met Ben on day {i} and they talked about the rent." for i in range(32))
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": article}]
    tokens, _ = prompt_tokens(llama, messages)
    assert len(tokens) > 2 * llama.n_batch  # the rest spans a batch boundary
    llama.reset()
    llama.eval(tokens)
    fresh = logits()
    for outcome in ("saved", "memory", "disk"):
        if outcome != "memory":
            llama.reset()
        assert PrefixCache(tmp_path).prime(llama, messages) == outcome
        llama.eval(tokens[llama.n_tokens :])
        assert np.array_equal(logits(), fresh), outcome


def test_a_damaged_prefix_file_is_evaluated_and_written_anew(llama, tmp_path):
    cache = PrefixCache(tmp_path)
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hello."}]
    llama.reset()
    assert cache.prime(llama, messages) == "saved"
    (path,) = tmp_path.glob("*.kv")
    path.write_bytes(path.read_bytes()[:1000])
    llama.reset()
    assert cache.prime(llama, messages) == "saved"
    llama.reset()
    assert cache.prime(llama, messages) == "disk"


def test_old_prefix_files_are_pruned(llama, tmp_path):
    cache = PrefixCache(tmp_path, keep=1)
    for i in range(2):
        llama.reset()
        system = f"Version {i}. {SYSTEM}"
        assert (
            cache.prime(
                llama, [{"role": "system", "content": system}, {"role": "user", "content": "x"}]
            )
            == "saved"
        )
    assert len(list(tmp_path.glob("*.kv"))) == 1
