"""Settings that cannot work are refused where they are built, with a typed error
that names the setting: the same for the library and the CLI."""

from __future__ import annotations

import math

import pytest

from summarizer import RetryPolicy, Settings, errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timeout", 0),
        ("timeout", -5.0),
        ("timeout", math.nan),
        ("timeout", "300"),
        ("deadline", 0),
        ("deadline", -1),
        ("deadline", math.inf),
        ("max_attempts", 0),
        ("max_attempts", 2.5),
        ("initial_wait", -0.1),
        ("max_wait", -1),
        ("jitter", -1),
        ("max_retry_after", -1),
    ],
)
def test_a_retry_policy_that_cannot_work_is_refused(field, value):
    with pytest.raises(errors.InvalidSettingError) as info:
        RetryPolicy(**{field: value})
    assert field in str(info.value) and repr(value) in str(info.value)
    assert isinstance(info.value, errors.ConfigurationError | ValueError)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("validation_retries", -1),
        ("validation_retries", 1.5),
        ("max_tokens", 0),
        ("max_tokens", -100),
        ("temperature", -0.5),
        ("temperature", math.nan),
        ("part_tokens", 0),
    ],
)
def test_settings_that_cannot_work_are_refused(field, value):
    with pytest.raises(errors.InvalidSettingError) as info:
        Settings(**{field: value})
    assert field in str(info.value) and repr(value) in str(info.value)


def test_the_edges_that_work_are_accepted_and_used_as_given():
    from summarizer import Summarizer
    from summarizer.ask.retry import Deadline

    policy = RetryPolicy(timeout=0.01, deadline=1, max_attempts=1, initial_wait=0, jitter=0)
    assert (policy.timeout, policy.max_attempts, policy.initial_wait) == (0.01, 1, 0)
    edges = Settings(validation_retries=0, max_tokens=1, temperature=0, part_tokens=None)
    server = "http://127.0.0.1:9/v1"
    asked = Summarizer("openai", base_url=server, settings=edges)._requester(Deadline(1))
    assert (asked.validation_retries, asked.max_tokens, asked.temperature) == (0, 1, 0)
    # no re-ask count given: the backend's own (a server is re-asked once)
    default = Settings(validation_retries=None, part_tokens=1)
    assert default.part_tokens == 1
    s = Summarizer("openai", base_url=server, settings=default)
    assert s._requester(Deadline(1)).validation_retries == 1
