"""The embedded runtime's two speed-ups change nothing in what the model says:
the best-token grammar check picks llama-cpp-python's own tokens, and a prompt
head loaded from a prefix file continues exactly as one evaluated in place.
Short prompts keep these to seconds on the real model."""

from __future__ import annotations

import json

import pytest

from summarizer.backends.local import LocalBackend, _grammar
from summarizer.backends.prefix_cache import PrefixCache, head_tokens
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
SYSTEM = (
    "You are a careful assistant. You answer in JSON with a greeting, a count of the "
    "people the user names, and the mood of the message. " * 4
).strip()


@pytest.fixture(scope="module")
def llama():
    return LocalBackend().llama


def complete(llama, messages, *, fast: bool) -> tuple[str, object]:
    llama.fast_grammar = fast
    try:
        llama.reset()
        out = llama.create_chat_completion(
            messages=messages, grammar=_grammar(SCHEMA), max_tokens=40, temperature=0.0
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


def test_a_prefix_file_continues_exactly_as_the_head_evaluated_in_place(llama, tmp_path):
    cache = PrefixCache(tmp_path)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Ana and Ben are arguing about the rent again."},
    ]
    assert len(head_tokens(llama, messages)) > 64

    llama.reset()
    assert cache.prime(llama, messages) == "saved"
    assert len(list(tmp_path.glob("*.kv"))) == 1
    evaluated, _ = complete_after_prime(llama, messages)

    assert cache.prime(llama, messages) == "memory"  # the head is still in the KV cache
    llama.reset()
    assert cache.prime(llama, messages) == "disk"
    restored, _ = complete_after_prime(llama, messages)
    assert restored == evaluated

    other = [messages[0], {"role": "user", "content": "Caro is calm."}]
    llama.reset()
    assert cache.prime(llama, other) == "disk", "the head does not depend on the last message"


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
    cache = PrefixCache(tmp_path, keep=2)
    for i in range(3):
        llama.reset()
        system = f"Version {i}. {SYSTEM}"
        assert (
            cache.prime(
                llama, [{"role": "system", "content": system}, {"role": "user", "content": "x"}]
            )
            == "saved"
        )
    assert len(list(tmp_path.glob("*.kv"))) == 2


def complete_after_prime(llama, messages) -> tuple[str, object]:
    """A completion that keeps what ``prime`` put in the KV cache (no reset)."""
    out = llama.create_chat_completion(
        messages=messages, grammar=_grammar(SCHEMA), max_tokens=40, temperature=0.0
    )
    return out["choices"][0]["message"]["content"], llama._sampler
