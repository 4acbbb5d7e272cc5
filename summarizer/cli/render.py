"""``summarizer render`` (a saved brief in another format, no model) and ``summarizer schema``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import ValidationError

from ..errors import InputError
from ..read.article import decode, load_article
from ..schema import Brief
from . import options as o
from .output import read_input, write_result


def rendered(brief: Brief, fmt: o.Format, text: str, title: str | None) -> str:
    """The brief as ``fmt``; ``text`` is the article its evidence offsets point into."""
    if fmt is o.Format.markdown:
        from ..views.markdown import to_markdown

        return to_markdown(brief, title=title)
    if fmt is o.Format.html:
        from ..views.webpage import brief_to_html

        return brief_to_html(brief, text, title=title)
    return brief.model_dump_json(indent=2) + "\n"


def load_brief(file: str) -> Brief:
    """A brief saved by ``summarizer brief -f json`` (or a batch line holding one)."""
    raw = read_input(file)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{file} is not JSON ({exc})",
            hint="pass a brief written by `summarizer brief -f json`",
        ) from None
    if isinstance(data, dict) and isinstance(data.get("brief"), dict):  # a batch line
        data = data["brief"]
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top level"
        raise InputError(
            f"{file} is not a brief: {where}: {first['msg']} ({exc.error_count()} problem(s))",
            hint="pass a brief written by `summarizer brief -f json`",
        ) from None


def render(
    file: Annotated[str, typer.Argument(help="a brief saved as JSON, or - for stdin")],
    fmt: o.FormatOpt = o.Format.markdown,
    output: o.Output = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            "-a",
            help="the article the brief was made from: its title heads the page, and the "
            "HTML shows it with every evidence quote highlighted",
        ),
    ] = None,
) -> None:
    """Render a saved brief (from `summarizer brief -f json`) again, without the model."""
    brief = load_brief(file)
    text, title = "", None
    if article is not None:
        source = load_article(decode(read_input(article)))
        text, title = source.text, source.title
    write_result(rendered(brief, fmt, text, title), output)


def schema(
    story: Annotated[
        bool, typer.Option("--story", help="the schema of a story (`summarizer story -f json`)")
    ] = False,
) -> None:
    """Print the JSON Schema of a brief (what `summarizer brief -f json` writes)."""
    from ..story.merge import Story

    print(json.dumps((Story if story else Brief).model_json_schema(), indent=2))
