from __future__ import annotations

import pytest

from summarizer import errors
from summarizer.backends import get_backend
from summarizer.backends.local import LocalBackend
from summarizer.backends.model_store import EmbeddedModel, ensure_model
from summarizer.backends.openai_compat import OpenAIBackend


def test_default_is_the_embedded_model():
    backend = get_backend()
    assert isinstance(backend, LocalBackend)
    assert backend.model == "qwen2.5-coder-1.5b-instruct-q4_k_m"


def test_base_url_implies_openai_compatible():
    backend = get_backend(base_url="http://127.0.0.1:9/v1", model="m")
    assert isinstance(backend, OpenAIBackend)
    assert backend.base_url == "http://127.0.0.1:9/v1" and backend.model == "m"


def test_openai_variables_are_read(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_MODEL", "qwen-test")
    backend = get_backend()
    assert isinstance(backend, OpenAIBackend) and backend.model == "qwen-test"


def test_backend_variable_selects(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-key-abcdef")
    assert isinstance(get_backend(), OpenAIBackend)


def test_openai_without_key_is_a_configuration_error():
    with pytest.raises(errors.MissingAPIKeyError) as info:
        get_backend("openai")
    assert info.value.exit_code == 4


def test_unknown_backend():
    with pytest.raises(errors.ConfigurationError, match="unknown backend 'gemini'"):
        get_backend("gemini")


def test_missing_gguf_file_is_a_clear_error(tmp_path):
    backend = get_backend("local", model_path=str(tmp_path / "nope.gguf"))
    with pytest.raises(errors.ModelFileError, match="does not exist"):
        backend.count_tokens("hello")


def test_a_file_that_is_not_gguf_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model" * 100)
    with pytest.raises(errors.ModelFileError, match="not a GGUF model file"):
        get_backend("local", model_path=str(bad)).count_tokens("hello")


@pytest.mark.model
def test_too_little_memory_is_a_clear_error():
    import resource
    import subprocess
    import sys

    from tests.conftest import SEED

    def cap() -> None:  # 900 MiB of address space: less than the model needs
        resource.setrlimit(resource.RLIMIT_AS, (900 * 2**20, 900 * 2**20))

    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(SEED), "-q"],
        capture_output=True,
        timeout=120,
        preexec_fn=cap,
    )
    assert result.returncode == 4, result.stderr.decode()
    assert b"not enough memory" in result.stderr and b"GiB" in result.stderr


def test_checksum_mismatch_is_refused_and_leaves_nothing(tmp_path):
    wrong = EmbeddedModel(name="wrong", parts=1, size=52_428_800, sha256="0" * 64)
    with pytest.raises(errors.ModelFileError, match="does not match its checksum"):
        ensure_model(wrong, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_grammar_keeps_the_schema_field_order():
    """The model writes properties in grammar order: summary and actors before
    the events that refer to them, evidence first within an event."""
    import re

    from llama_cpp.llama_grammar import json_schema_to_gbnf

    from summarizer.ask.single import GroundedBrief
    from summarizer.backends.local import schema_json

    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "Brief", "schema": GroundedBrief.model_json_schema()},
    }
    gbnf = json_schema_to_gbnf(schema_json(response_format))

    def order(rule: str) -> list[str]:
        line = next(x for x in gbnf.splitlines() if x.startswith(rule + " ::="))
        return re.findall(r"([\w-]+)-kv", line)

    assert order("root") == ["summary", "key-actors", "events", "open-questions", "stance"]
    event_rule = next(
        x.split(" ::=")[0] for x in gbnf.splitlines() if "-evidence-kv" in x and "what" in x
    )
    assert order(event_rule)[0].endswith("evidence")


def test_the_embedded_model_is_not_re_asked_by_default_but_servers_are():
    from summarizer import Settings, Summarizer

    local = Summarizer("local")
    assert local._requester(None).validation_retries == 0
    remote = Summarizer("openai", base_url="http://127.0.0.1:9/v1")
    assert remote._requester(None).validation_retries == 1
    chosen = Summarizer("local", settings=Settings(validation_retries=2))
    assert chosen._requester(None).validation_retries == 2


# --- where the model server is: a URL that cannot work fails at once -------------------
KEY = "sk-test-planted-key-123456"


def closed_port(host: str = "127.0.0.1") -> int:
    """A port on ``host`` that nothing listens on (it was just bound, then released)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def brief_via(base_url: str, seed_text: str, **policy) -> tuple[float, errors.SummarizerError]:
    """Brief the seed through ``base_url`` with the default retry policy; the error and
    how long it took to come. (The single pipeline: the staged one reads the article
    with spaCy first, which would time that, not the transport.)"""
    import time

    import openai.resources.chat  # noqa: F401 (imported on a first request: seconds, once a process)

    from summarizer import RetryPolicy, Settings, Summarizer

    started = time.monotonic()
    with pytest.raises(errors.SummarizerError) as info:
        settings = Settings(retry=RetryPolicy(**policy), pipeline="single")
        Summarizer("openai", base_url=base_url, api_key=KEY, settings=settings).summarize(seed_text)
    return time.monotonic() - started, info.value


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("not-a-url", "http:// or https://"),
        ("ftp://example.com/v1", "'ftp'"),
        ("127.0.0.1:8080/v1", "http:// or https://"),
        ("localhost:8080/v1", "http:// or https://"),
        ("http:///v1", "no host"),
        ("http://127.0.0.1:port/v1", "port"),
    ],
)
def test_a_base_url_that_cannot_work_is_a_configuration_error_at_once(seed_text, url, reason):
    elapsed, error = brief_via(url, seed_text)
    assert isinstance(error, errors.ConfigurationError), error
    assert elapsed < 2, f"{elapsed:.1f}s"
    assert reason in str(error) and error.hint
    assert KEY not in str(error)


def test_a_base_url_never_shows_its_password(seed_text):
    _, error = brief_via(f"ftp://user:{KEY}@example.com/v1", seed_text)
    assert isinstance(error, errors.ConfigurationError)
    assert KEY not in str(error) and "example.com" in str(error)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_refused_connection_on_this_machine_fails_at_once(seed_text, host):
    """Nothing listens there, and nothing will a second later: not worth ~36 s of retries."""
    port = closed_port()
    elapsed, error = brief_via(f"http://{host}:{port}/v1", seed_text)
    assert isinstance(error, errors.BackendConnectionError), error
    assert f"connection refused at http://{host}:{port}" in str(error)
    assert elapsed < 2, f"{elapsed:.1f}s"
    assert KEY not in str(error)


def test_a_refused_connection_elsewhere_is_still_retried(seed_text):
    """A host that is not this machine's loopback may be restarting: its refusal is
    retried like any transient fault (here this machine's own outward address)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface
            address = s.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    if address.startswith("127."):
        pytest.skip("this machine has no address besides loopback")
    port = closed_port(address)
    _, error = brief_via(
        f"http://{address}:{port}/v1",
        seed_text,
        max_attempts=3,
        initial_wait=0.05,
        max_wait=0.1,
        jitter=0.0,
    )
    assert isinstance(error, errors.BackendConnectionError), error
    assert "after 3 attempts" in str(error)
