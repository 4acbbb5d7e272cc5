"""The Python API as a user meets it: inputs, exports, options, clients, notebooks, README."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import json
import re
import typing
from datetime import date
from pathlib import Path

import openai
import pytest

import summarizer
from summarizer import Brief, Settings, Summarizer, errors
from tests.conftest import ROOT
from tests.openai_server import FakeOpenAI

KEY = "sk-user-own-client-key-5f3a9c"


def make(server, **kw) -> Summarizer:
    return Summarizer(
        "openai",
        base_url=server.url,
        api_key="sk-test",
        model="m",
        settings=Settings(pipeline="single"),
        **kw,
    )


# --- bad input -----------------------------------------------------------------------
BAD_ITEMS = [
    (42, "int"),
    (None, "NoneType"),
    ("", None),
    (b"caf\xe9", None),
    (["a list"], "list"),
    (("text", "2025-01-02", "extra"), None),
    (("text", 20250102), "int"),
]


@pytest.mark.parametrize("bad", [b for b, _ in BAD_ITEMS])
def test_summarize_refuses_bad_input_with_an_input_error(bad, fake_openai):
    s = make(fake_openai)
    with pytest.raises(errors.InputError) as exc:
        s.summarize(*(bad if isinstance(bad, tuple) and len(bad) == 2 else (bad,)))
    assert str(exc.value)
    assert not fake_openai.requests


def test_summarize_none_says_what_it_got(fake_openai):
    with pytest.raises(errors.InputError, match="NoneType"):
        summarizer.summarize(None, backend="openai", base_url=fake_openai.url, api_key="sk-x")


def test_one_bad_item_costs_nothing_else(fake_openai, seed_text):
    items = [seed_text, *(b for b, _ in BAD_ITEMS), (seed_text, "2025-12-11")]
    results = make(fake_openai).summarize_many(items, concurrency=3)
    assert [r.index for r in results] == list(range(len(items)))
    assert results[0].ok and results[-1].ok
    assert results[-1].brief.metadata.published == "2025-12-11"
    for result, (_, type_name) in zip(results[1:-1], BAD_ITEMS, strict=True):
        assert not result.ok and isinstance(result.error, errors.InputError)
        if type_name:
            assert type_name in str(result.error)


async def test_the_async_batch_keeps_bad_items_per_article(fake_openai, seed_text):
    s = make(fake_openai)
    results = await s.asummarize_many([42, seed_text, None])
    assert [r.ok for r in results] == [False, True, False]
    with pytest.raises(errors.InputError):
        await s.asummarize(None)


def test_the_module_level_batch_keeps_bad_items_per_article(fake_openai, seed_text):
    results = summarizer.summarize_many(
        [seed_text, 42], backend="openai", base_url=fake_openai.url, api_key="sk-x"
    )
    assert [r.ok for r in results] == [True, False]


# --- the package's surface ---------------------------------------------------------------
def test_the_error_types_are_exported_at_the_top_level():
    for name in ("SummarizerError", "InputError", "ConfigurationError", "BackendError",
                 "ModelOutputError"):  # fmt: skip
        assert getattr(summarizer, name) is getattr(errors, name)
        assert name in summarizer.__all__
    assert all(hasattr(summarizer, name) for name in summarizer.__all__)


def test_the_package_is_marked_typed():
    assert (Path(summarizer.__file__).parent / "py.typed").is_file()


# --- options --------------------------------------------------------------------------------
def test_an_unknown_option_is_a_type_error():
    with pytest.raises(TypeError, match="modle"):
        Summarizer("openai", base_url="http://127.0.0.1:9/v1", modle="m")
    with pytest.raises(TypeError, match="modle"):
        summarizer.summarize("text", base_url="http://127.0.0.1:9/v1", modle="m")


def test_every_option_is_named_typed_and_documented():
    params = inspect.signature(Summarizer.__init__).parameters
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values())
    named = [n for n in params if n != "self"]
    doc = inspect.getdoc(Summarizer) or ""
    for name in named:
        assert params[name].annotation is not inspect.Parameter.empty, name
        assert f"``{name}``" in doc, f"{name} is not described in Summarizer's docstring"
    # the module-level helpers take exactly the same options, with the same types
    options = typing.get_type_hints(summarizer.core.Options)
    hints = typing.get_type_hints(Summarizer.__init__)
    assert set(options) == set(named)
    assert all(options[n] == hints[n] for n in named)
    for helper in (summarizer.summarize, summarizer.asummarize, summarizer.summarize_many):
        (var,) = [p for p in inspect.signature(helper).parameters.values()
                  if p.kind is p.VAR_KEYWORD]  # fmt: skip
        assert "Unpack[Options]" in str(var.annotation)


def test_backend_options_still_reach_the_backend(fake_openai):
    s = Summarizer("openai", base_url=fake_openai.url, api_key="sk-x", context_tokens=4096)
    assert s.backend.context_tokens == 4096
    with pytest.raises(TypeError):  # an option of another backend
        Summarizer("openai", base_url=fake_openai.url, api_key="sk-x", prefix_cache=False)


# --- the user's own openai client ------------------------------------------------------------
def test_a_users_openai_client_is_used(fake_openai, seed_text):
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY, max_retries=5)
    s = Summarizer("openai", client=client, model="m", settings=Settings(pipeline="single"))
    assert s.summarize(seed_text).summary
    assert len(fake_openai.requests) == 1
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert summarizer.summarize_many([seed_text], client=client, model="m")[0].ok
    assert client.max_retries == 5  # the user's client is left as it was
    assert KEY not in repr(s) and KEY not in repr(s.backend) and KEY not in str(vars(s.backend))


def test_a_client_alone_selects_the_openai_backend(fake_openai):
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY)
    assert Summarizer(client=client).backend.name == "openai"


def test_a_users_client_is_not_retried_twice(fake_openai, seed_text):
    from summarizer.ask.retry import RetryPolicy
    from tests.openai_server import Action

    fake_openai.script(Action(status=500, body={"error": {"message": f"boom {KEY}"}}))
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY)  # 2 retries of its own
    policy = RetryPolicy(max_attempts=2, initial_wait=0.01, max_wait=0.02, jitter=0.0)
    s = Summarizer(client=client, settings=Settings(pipeline="single", retry=policy))
    with pytest.raises(errors.BackendError) as exc:
        s.summarize(seed_text)
    assert len(fake_openai.requests) == 2  # the pipeline's policy only
    assert KEY not in str(exc.value) and KEY not in repr(exc.value)


def test_a_users_async_client_is_used(fake_openai, seed_text):
    client = openai.AsyncOpenAI(base_url=fake_openai.url, api_key=KEY)
    s = Summarizer(client=client, model="m")  # the staged pipeline: requests from a thread

    async def main() -> None:
        brief = await s.asummarize(seed_text)
        assert brief.metadata.calls == len(fake_openai.requests) >= 2
        results = await s.asummarize_many([seed_text, seed_text], concurrency=2)
        assert all(r.ok for r in results)

    asyncio.run(main())
    for _ in range(2):  # and from synchronous code, on fresh event loops each time
        assert s.summarize_many([seed_text])[0].ok
    assert s.summarize(seed_text).summary
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in fake_openai.requests)


def test_a_client_that_is_not_an_openai_client_is_refused():
    with pytest.raises(errors.ConfigurationError, match="client"):
        Summarizer(client=object())


def test_a_client_and_a_key_together_are_refused(fake_openai):
    client = openai.OpenAI(base_url=fake_openai.url, api_key=KEY)
    with pytest.raises(errors.ConfigurationError):
        Summarizer(client=client, api_key="sk-other")


# --- notebooks ----------------------------------------------------------------------------------
def test_a_brief_renders_itself_for_notebooks(fake_openai, seed_text):
    from summarizer.views.markdown import to_markdown
    from summarizer.views.webpage import brief_to_html

    brief = make(fake_openai).summarize(seed_text)
    assert brief.to_markdown() == to_markdown(brief)
    assert brief.to_markdown(title="T").startswith("# Brief — T\n")
    cell = brief._repr_html_()
    # the page in an isolated frame: its styles and script do not reach the notebook
    assert cell.startswith("<iframe") and 'srcdoc="' in cell
    assert "<style>" not in cell and "&lt;style&gt;" in cell
    page = brief_to_html(brief, brief.article_text or "")
    from html import unescape

    srcdoc = unescape(re.search(r'srcdoc="([^"]*)"', cell).group(1))
    assert srcdoc == page
    assert "<mark" in page  # the article is there, its evidence highlighted
    # a brief read back from JSON has no article: the brief alone, still rendered
    again = Brief.model_validate_json(brief.model_dump_json())
    assert again.article_text is None and again._repr_html_().startswith("<iframe")
    assert "article_text" not in brief.model_dump()


# --- the README's Python -------------------------------------------------------------------------
def readme_python() -> str:
    """The README's Python blocks, in order: one walk-through."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return "\n".join(re.findall(r"```python\n(.*?)```", text, re.S))


def run_readme(server, text: str, folder: Path, monkeypatch) -> str:
    """Run the README's Python unchanged, in a folder holding the files it names,
    with the backend pointed at the loopback server through the environment;
    what it prints."""
    code = readme_python()
    assert code, "the README has Python examples"
    monkeypatch.chdir(folder)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-readme")
    for name in set(re.findall(r'"([\w-]+\.txt)"', code)):
        (folder / name).write_text(text, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})  # noqa: S102
    assert server.requests, "the example reached the (loopback) model server"
    return out.getvalue()


def test_the_readme_python_runs_as_written(fake_openai, seed_text, tmp_path, monkeypatch):
    printed = run_readme(fake_openai, seed_text, tmp_path, monkeypatch).splitlines()
    staged = Summarizer("openai", base_url=fake_openai.url, api_key="sk-x")
    brief = staged.summarize(seed_text, published="2025-12-11")
    # what the walk-through says it prints, in order
    assert printed[0] == brief.summary
    actors = [f"{a.name} {a.kind} {a.salience}" for a in brief.key_actors]
    assert printed[1 : 1 + len(actors)] == actors
    assert any(line.startswith("2025-11-21 ") for line in printed), "a dated event"
    assert "0 ok" in printed and "1 ok" in printed
    assert any(line.startswith("2 ArticleEncodingError: ") for line in printed)
    assert any(" - " in line and "empty" in line.lower() for line in printed), "the error's hint"
    assert printed[-1] == f"{len(brief.events)} events"


def _no_lists(value):
    if isinstance(value, dict):
        return {k: _no_lists(v) for k, v in value.items()}
    return [] if isinstance(value, list) else value


class FindsNothing(FakeOpenAI):
    """A model that answers every question with empty lists."""

    def default_body(self, request):
        body = super().default_body(request)
        for call in body["choices"][0]["message"].get("tool_calls") or []:
            args = json.loads(call["function"]["arguments"])
            call["function"]["arguments"] = json.dumps(_no_lists(args))
        return body


def test_the_readme_python_survives_a_brief_with_no_events(tmp_path, monkeypatch):
    # quotations no one is said to speak: no sentence reports an event
    text = "“It rained all day.” “Then it stopped raining.” “Nobody could say why it rained.”"
    with FindsNothing() as server:
        brief = Summarizer("openai", base_url=server.url, api_key="sk-x").summarize(text)
        assert not brief.events and not brief.key_actors  # the case the example must survive
        printed = run_readme(server, text, tmp_path, monkeypatch).splitlines()
        assert printed[-1] == "0 events"


def test_dates_are_accepted_as_date_objects(fake_openai, seed_text):
    brief = make(fake_openai).summarize(seed_text, published=date(2025, 12, 11))
    assert brief.metadata.published == "2025-12-11"


# --- warnings -----------------------------------------------------------------------------------
LIBRARY_USER = """
import sys
from summarizer import Settings, Summarizer
from summarizer.ask.retry import RetryPolicy
if sys.argv[2] == "logging":
    import logging
    logging.basicConfig(level=logging.WARNING)
policy = RetryPolicy(initial_wait=0.01, max_wait=0.02, jitter=0.0)
s = Summarizer(base_url=sys.argv[1], api_key="sk-x", settings=Settings(pipeline="single", retry=policy))
s.summarize(open(sys.argv[3]).read())
"""


@pytest.mark.parametrize("configured", [False, True])
def test_library_warnings_go_through_logging_only(configured, fake_openai, seed_text, tmp_path):
    import subprocess
    import sys

    from tests.openai_server import Action

    (tmp_path / "a.txt").write_text(seed_text)
    fake_openai.script(Action(status=503), Action())  # one retried fault: a warning
    run = subprocess.run(
        [sys.executable, "-c", LIBRARY_USER, fake_openai.url,
         "logging" if configured else "plain", str(tmp_path / "a.txt")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert len(fake_openai.requests) == 2
    if configured:  # the application asked for warnings: it gets them
        assert "WARNING:summarizer" in run.stderr and "retry 1" in run.stderr
    else:
        assert run.stderr == ""
