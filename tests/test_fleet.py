"""A fleet of OpenAI-compatible servers: requests spread, a failing server rested
and failed over, limits per server, and the run says which server failed."""

from __future__ import annotations

import json
import socket

import pytest

from summarizer import Settings, Summarizer
from summarizer.backends.fleet import (
    FleetBackend,
    health_lines,
    jobs_per_server,
    split_urls,
    spread_over_servers,
)
from summarizer.errors import BackendConnectionError
from tests.openai_server import Action, FakeOpenAI
from tests.test_batch import cli, lines


def dead_url() -> str:
    """A loopback URL where nothing listens (the port was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def second_openai(seed_draft_json):
    with FakeOpenAI(default_args=seed_draft_json) as server:
        yield server


def test_urls_from_a_comma_list_or_several_options():
    assert split_urls("http://a/v1, http://b/v1,,") == ["http://a/v1", "http://b/v1"]
    assert split_urls(["http://a/v1", "http://b/v1,http://a/v1"]) == ["http://a/v1", "http://b/v1"]
    assert split_urls(None) == []


def test_several_urls_make_a_fleet_and_the_env_takes_a_comma_list(monkeypatch):
    s = Summarizer(base_url=["http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1"], api_key="sk-x1")
    assert isinstance(s.backend, FleetBackend) and s.backend.name == "openai"
    assert s.backend.describe()["base_url"] == ["http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1"]
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1,http://127.0.0.1:2/v1")
    assert len(Summarizer(api_key="sk-x1").backend.servers) == 2
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    assert not isinstance(Summarizer(api_key="sk-x1").backend, FleetBackend)


def test_requests_spread_over_the_fleet_within_the_limit_per_server(
    fake_openai, second_openai, seed_text
):
    for server in (fake_openai, second_openai):
        server.script(Action(delay=0.1))
    s = Summarizer(base_url=[fake_openai.url, second_openai.url], api_key="sk-x1")
    total = jobs_per_server(s.backend, 2)
    assert total == 4 and s.backend.per_server == 2
    results = s.summarize_many([seed_text] * 8, concurrency=total)
    assert all(r.ok for r in results)
    a, b = len(fake_openai.requests), len(second_openai.requests)
    assert a + b == sum(r.brief.metadata.calls for r in results)
    assert abs(a - b) <= a // 2  # spread, not all on one
    assert fake_openai.max_in_flight <= 2 and second_openai.max_in_flight <= 2
    assert health_lines(s.backend) == []  # nothing failed: nothing to say


def test_a_ray_actor_s_share_of_the_total_is_spread_over_the_servers():
    # --jobs 16 on two servers is 32 in all; two actors take 16 each: 8 a server
    s = Summarizer(base_url=["http://127.0.0.1:9/v1", "http://127.0.0.1:10/v1"], api_key="k")
    total = jobs_per_server(s.backend, 16)
    assert total == 32 and s.backend.per_server == 16
    spread_over_servers(s.backend, total // 2)
    assert s.backend.per_server == 8
    spread_over_servers(s.backend, 3)  # an odd share: the servers may take one more
    assert s.backend.per_server == 2


@pytest.mark.parametrize("pipeline", ["staged", "single"])  # the passes, the one request
def test_a_server_that_keeps_failing_is_failed_over_and_rested(
    fake_openai, second_openai, seed_text, pipeline
):
    second_openai.script(Action(503, {"error": {"message": "overloaded"}}))
    s = Summarizer(
        base_url=[fake_openai.url, second_openai.url],
        api_key="sk-x1",
        settings=Settings(pipeline=pipeline),
    )
    results = s.summarize_many([seed_text] * 12, concurrency=3)
    assert all(r.ok for r in results), [str(r.error) for r in results if not r.ok]
    assert sum(r.brief.metadata.transport_retries for r in results) == 0  # failed over at once
    bad = s.backend.health()[1]
    assert bad["failures"] == {"HTTP 503": len(second_openai.requests)}
    # put last (and rested after three failures in a row): far fewer requests went
    # to it than to the healthy one
    assert len(second_openai.requests) < len(fake_openai.requests) / 2
    (line,) = health_lines(s.backend)
    assert second_openai.url in line and "HTTP 503" in line


def test_every_server_down_is_a_typed_error_at_once(seed_text):
    s = Summarizer(base_url=[dead_url(), dead_url()], api_key="sk-x1")
    with pytest.raises(BackendConnectionError, match="connection refused"):
        s.summarize(seed_text)
    health = s.backend.health()
    assert all(h["failures"] == {"connection refused": 1} and h["rests"] == 1 for h in health)


def test_a_refusal_after_a_5xx_elsewhere_is_not_the_last_word(
    fake_openai, second_openai, seed_text
):
    # the first server fails once by chance; the second is down: the request goes
    # back to the first at once, not to the retry policy's backoff
    fake_openai.script(Action(500, {"error": {"message": "once"}}), Action())
    s = Summarizer(
        base_url=[fake_openai.url, dead_url()],
        api_key="sk-x1",
        settings=Settings(pipeline="single"),
    )
    brief = s.summarize(seed_text)
    assert brief.metadata.transport_retries == 0
    assert [h["failures"] for h in s.backend.health()] == [
        {"HTTP 500": 1},
        {"connection refused": 1},
    ]


def test_batch_with_one_server_down_for_the_whole_run(fake_openai, seed_text, tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": seed_text}) + "\n" for i in range(6))
    )
    out = tmp_path / "out.jsonl"
    down = dead_url()
    result = cli(
        "batch", str(source), "-o", str(out), "--base-url", down, "--base-url", fake_openai.url,
        "--jobs", "2", "--api-key", "sk-secret-fleet-key",
    )  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert sorted(r["id"] for r in lines(out)) == [f"a{i}" for i in range(6)]
    assert all(r["ok"] for r in lines(out))
    assert f"server {down}: " in stderr and "connection refused" in stderr
    assert "sk-secret-fleet-key" not in stderr and "Traceback" not in stderr


def test_a_fleet_from_the_environment_in_the_cli(fake_openai, second_openai, seed_text, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(seed_text)
    out = tmp_path / "out.jsonl"
    env_urls = f"{fake_openai.url},{second_openai.url}"
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", str(folder), "-o", str(out), "-q"],
        capture_output=True,
        env={**env, "OPENAI_BASE_URL": env_urls},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert len(lines(out)) == 4
    assert fake_openai.requests and second_openai.requests


def test_a_timeout_is_retried_on_another_server_without_backoff(
    fake_openai, second_openai, seed_text
):
    import time

    from summarizer import RetryPolicy

    second_openai.script(Action(delay=1.5))  # past the timeout, every time
    policy = RetryPolicy(timeout=0.5, initial_wait=5.0, jitter=0.0)  # a backoff would show
    s = Summarizer(
        base_url=[second_openai.url, fake_openai.url],
        api_key="sk-x1",
        settings=Settings(retry=policy),
    )
    started = time.perf_counter()
    results = s.summarize_many([seed_text] * 3, concurrency=3)
    assert all(r.ok for r in results), [str(r.error) for r in results if not r.ok]
    assert time.perf_counter() - started < 5.0
    assert s.backend.health()[0]["failures"]["timeout"] >= 1
    assert sum(r.brief.metadata.transport_retries for r in results) >= 1
