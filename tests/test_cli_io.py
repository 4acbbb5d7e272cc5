"""What the command reads and writes, as a user runs it: a real subprocess, and a
real server on 127.0.0.1 where a model answer is needed."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEED
from tests.openai_server import Action
from tests.test_cli import run

NOWHERE = "http://127.0.0.1:9/v1"


def brief_json(fake_openai, tmp_path) -> str:
    """A brief of the seed, saved as `summarizer brief -f json` writes it."""
    path = tmp_path / "brief.json"
    made = run("brief", str(SEED), "--base-url", fake_openai.url, "-q", "-o", str(path))
    assert made.returncode == 0, made.stderr.decode()
    return str(path)


# --- output paths ---------------------------------------------------------------------
def test_output_in_a_missing_folder_fails_before_the_model_runs(fake_openai):
    result = run(
        "brief", str(SEED), "-f", "html", "-o", "/nonexistent/dir/x.html",
        "--base-url", fake_openai.url,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr.decode()
    assert b"/nonexistent/dir does not exist" in result.stderr
    assert b"Traceback" not in result.stderr
    assert fake_openai.requests == []  # no model time spent on a brief that could not be kept


def test_output_that_is_a_folder_fails_before_the_model_runs(fake_openai, tmp_path):
    result = run("brief", str(SEED), "-o", str(tmp_path), "--base-url", fake_openai.url)
    assert result.returncode == 2 and b"is a folder" in result.stderr
    assert fake_openai.requests == []


def test_a_late_write_failure_keeps_the_brief(fake_openai, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    fake_openai.script(Action(delay=0.5))
    args = [sys.executable, "-m", "summarizer", "brief", str(SEED), "-f", "markdown"]
    args += ["-o", str(folder / "brief.md"), "--base-url", fake_openai.url, "-q"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not fake_openai.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    shutil.rmtree(folder)  # checked before the model ran; gone when the brief is done
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2, stderr.decode()
    message = stderr.decode()
    assert "cannot write" in message and "Traceback" not in message
    kept = message.split("saved to ")[1].split()[0]
    try:
        assert Path(kept).read_text(encoding="utf-8").startswith("# Brief")
    finally:
        os.unlink(kept)


def test_dash_output_is_stdout(fake_openai, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(SEED), "-o", "-", "-q",
         "--base-url", fake_openai.url],
        capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["key_actors"]
    assert not (tmp_path / "-").exists()


# --- text that looks like rich markup ----------------------------------------------------
def test_paths_with_brackets_are_shown_as_they_are(tmp_path):
    for name in ("notes[/b].txt", "news[draft].txt", "[bold]x.txt"):
        result = run("brief", str(tmp_path / name), "--base-url", NOWHERE)
        message = result.stderr.decode()
        assert result.returncode == 3, message
        assert f"no such file: {tmp_path / name}" in message and "Traceback" not in message


def test_hints_keep_their_brackets(tmp_path):
    result = run("brief", str(SEED), "--backend", "local", "--model-path", str(tmp_path / "m.gguf"))
    assert result.returncode == 4, result.stderr.decode()
    assert b"'summarizer[local]'" in result.stderr


# --- render: a saved brief again, no model -------------------------------------------------
def test_render_a_saved_brief_without_the_model(fake_openai, tmp_path):
    saved = brief_json(fake_openai, tmp_path)
    calls = len(fake_openai.requests)
    brief = json.loads(Path(saved).read_text())

    markdown = run("render", saved, "-f", "markdown")
    assert markdown.returncode == 0, markdown.stderr.decode()
    text = markdown.stdout.decode()
    assert text.startswith("# Brief") and all(a["name"] in text for a in brief["key_actors"])

    page = tmp_path / "brief.html"
    html = run("render", saved, "-f", "html", "--article", str(SEED), "-o", str(page))
    assert html.returncode == 0, html.stderr.decode()
    quote = brief["events"][0]["evidence"]["quote"]
    assert "<mark" in page.read_text() and quote.split()[0] in page.read_text()

    again = run("render", saved, "-f", "json")
    assert json.loads(again.stdout) == brief
    assert len(fake_openai.requests) == calls


def test_render_refuses_what_is_not_a_brief(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"summary": "s"}')
    bad = run("render", str(tmp_path / "bad.json"))
    assert bad.returncode == 3 and b"is not JSON" in bad.stderr
    other = run("render", str(tmp_path / "other.json"))
    assert other.returncode == 3 and b"is not a brief" in other.stderr
    assert b"Traceback" not in bad.stderr + other.stderr


# --- batch -----------------------------------------------------------------------------
def test_batch_command_and_its_progress_bar_on_a_terminal(fake_openai, seed_text, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(seed_text)
    (folder / "c.txt").write_text("  ")
    args = [sys.executable, "-m", "summarizer", "batch", str(folder)]
    args += ["-o", str(tmp_path / "out.jsonl"), "--base-url", fake_openai.url]

    plain = subprocess.run(args, capture_output=True, timeout=120)  # stderr is not a terminal
    assert plain.returncode == 9, plain.stderr.decode()
    assert b"a.txt: ok" in plain.stderr and b"briefing articles" not in plain.stderr

    (tmp_path / "out.jsonl").unlink()
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 9
    screen = seen.decode(errors="replace")
    assert "briefing articles" in screen and "3/3" in screen and "1 failed" in screen
    assert "ETA" in screen


# --- the last resort ---------------------------------------------------------------------
def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    fixtures = str(ROOT / "tests" / "data" / "fixtures")
    args = ("eval", "run", "--fixtures", fixtures, "--out", str(blocker / "run"))
    args += ("--no-cache", "--base-url", NOWHERE)
    result = run(*args)
    message = result.stderr.decode()
    assert result.returncode == 1, message
    assert "unexpected" in message and "Traceback" not in message
    verbose = run("--verbose", *args)
    assert verbose.returncode == 1 and "Traceback" in verbose.stderr.decode()


def test_a_brief_warns_on_stderr_when_the_article_has_no_date(fake_openai, tmp_path):
    article = tmp_path / "undated.txt"
    article.write_text(SEED.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "brief", str(article), "--base-url", fake_openai.url],
        capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    warnings = json.loads(result.stdout)["metadata"]["warnings"]
    assert any("publication date" in w for w in warnings)
    assert b"warning:" in result.stderr and b"publication date" in result.stderr


def test_eval_finds_the_checkout_fixtures_from_any_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", "validate"],
        capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert b"ok   seed-lukashenko-venezuela" in result.stdout
