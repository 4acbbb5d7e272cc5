"""The CLI as a user runs it: a real subprocess, a real server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED
from tests.openai_server import Action

KEY = "sk-cli-planted-secret-987654"


def run(*args: str, stdin: bytes | None = None, env: dict | None = None):
    import os

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=120,
    )


def test_brief_json_on_stdout(fake_openai):
    result = run(
        "brief",
        str(SEED),
        "--base-url",
        fake_openai.url,
        "--model",
        "m",
        env={"OPENAI_API_KEY": KEY},
    )
    assert result.returncode == 0, result.stderr.decode()
    brief = json.loads(result.stdout)
    assert brief["metadata"]["published"] == "2025-12-11"
    assert any(a["name"] == "Alexander Lukashenko" for a in brief["key_actors"])
    assert b"done in" in result.stderr


def test_brief_markdown_from_stdin(fake_openai, seed_text):
    result = run(
        "brief",
        "-",
        "--base-url",
        fake_openai.url,
        "--format",
        "markdown",
        "-q",
        stdin=seed_text.encode(),
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    # the fake server cites sentence 1 as the event: "on Thursday", resolved by code
    assert out.startswith("# Brief") and "## Timeline" in out and "**2025-12-11**" in out
    assert result.stderr == b""


def test_missing_file_exit_code():
    result = run("brief", "/nonexistent/article.txt")
    assert result.returncode == 3 and b"no such file" in result.stderr


def test_empty_input_exit_code():
    result = run("brief", "-", "--base-url", "http://127.0.0.1:9/v1", stdin=b"  \n")
    assert result.returncode == 3 and b"empty" in result.stderr


def test_server_error_exit_code_and_no_key_in_output(fake_openai):
    fake_openai.script(Action(status=401, body={"error": {"message": f"bad key {KEY}"}}))
    result = run("brief", str(SEED), "--base-url", fake_openai.url, "--api-key", KEY)
    assert result.returncode == 5
    assert KEY.encode() not in result.stderr + result.stdout
    assert b"hint:" in result.stderr


def test_bad_published_date_exit_code():
    result = run("brief", str(SEED), "--published", "yesterday")
    assert result.returncode == 3 and b"YYYY-MM-DD" in result.stderr


def test_custom_prompt_folder_is_sent_and_versioned(fake_openai, tmp_path):
    import shutil

    from summarizer.ask.prompts import prompts_dir

    custom = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), custom)
    with (custom / "analyst.md").open("a") as fh:
        fh.write("\nHOUSE RULE: prefer named sources.\n")
    result = run("brief", str(SEED), "--base-url", fake_openai.url, "--prompts", str(custom), "-q")
    assert result.returncode == 0, result.stderr.decode()
    system = fake_openai.requests[-1].body["messages"][0]["content"]
    assert "HOUSE RULE: prefer named sources." in system
    shipped = run("version").stdout.decode()
    assert json.loads(result.stdout)["metadata"]["prompt_version"] not in shipped


def test_incomplete_prompt_folder_is_a_configuration_error(tmp_path):
    (tmp_path / "system.md").write_text("only this")
    result = run(
        "brief", str(SEED), "--prompts", str(tmp_path), "--base-url", "http://127.0.0.1:9/v1"
    )
    assert result.returncode == 4
    assert b"user.md" in result.stderr and b"example.md" in result.stderr
