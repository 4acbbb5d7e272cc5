"""The command's surface: options, help, version, exit codes, messages (no model needed)."""

from __future__ import annotations

import json
import re

import pytest
import typer
from typer.testing import CliRunner

from summarizer import __version__
from summarizer.cli import app
from summarizer.errors import ExitCode
from summarizer.schema import Brief
from tests.conftest import ROOT, SEED

runner = CliRunner()
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens: a request here would fail with exit 5


def invoke(*args: str, **kw):
    return runner.invoke(app, list(args), **kw)


@pytest.mark.parametrize(
    "args",
    [
        ("brief", str(SEED), "--deadline", "-5"),
        ("brief", str(SEED), "--timeout", "0"),
        ("brief", str(SEED), "--timeout", "nan"),
        ("brief", str(SEED), "--max-tokens", "0"),
        ("brief", str(SEED), "--validation-retries", "-1"),
        ("batch", str(SEED), "-o", "x.jsonl", "--jobs", "0"),
        ("eval", "run", "--repeat", "0"),
        ("eval", "run", "--timeout", "-1"),
    ],
)
def test_nonsensical_numbers_are_usage_errors(args):
    result = invoke(*args, "--base-url", NOWHERE)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "Invalid value" in result.output
    assert "Traceback" not in result.output


def test_version_option():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"summarizer {__version__} (prompt ")


def test_shell_completion_is_offered():
    result = invoke("--help")
    assert "--install-completion" in result.output and "--show-completion" in result.output


def _commands(command, path: tuple[str, ...] = ()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_every_option_name_is_whole_in_help_at_80_columns():
    root = typer.main.get_command(app)
    checked = 0
    for path, command in _commands(root):
        result = invoke(*path, "--help", env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
        assert result.exit_code == 0, (path, result.output)
        words = set(re.findall(r"(?<![\w-])-{1,2}[\w-]+", result.output))
        for param in command.params:
            for name in [n for n in (*param.opts, *param.secondary_opts) if n[0] == "-"]:
                assert name in words, f"{' '.join(path)} --help at 80 columns cuts {name}"
                checked += 1
    assert checked > 60


def test_schema_prints_the_brief_json_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == Brief.model_json_schema()


def test_readme_exit_code_table_matches_the_enum():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\d+)` \| `(\w+)` \| (.+?) \|$", readme, flags=re.M)
    assert [(int(c), n, m) for c, n, m in rows] == [
        (int(code), code.name, code.meaning) for code in ExitCode
    ]


@pytest.mark.parametrize(
    "text", ["notes[/b].txt", "news[draft].txt", "pip install 'summarizer[local]'", "C:\\dir\\"]
)
def test_messages_print_user_text_as_it_is(capsys, text):
    from summarizer.cli.output import error

    error(text, hint=text)
    assert capsys.readouterr().err == f"error: {text}\nhint: {text}\n"
