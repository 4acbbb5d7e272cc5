"""``summarizer story``: several articles on one story in, one merged story out
(JSON, Markdown or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..errors import ExitCode, InputError
from ..read.article import Article, decode, load_article
from ..story.merge import Story
from . import options as o
from .output import err, read_input, say, write_result


def story(
    files: Annotated[
        list[str],
        typer.Argument(
            help="the articles (text or HTML), each with its date in a leading "
            "'date YYYY-MM-DD' line or its HTML; undated ones keep the order given"
        ),
    ],
    backend: o.Backend = None,
    model: o.Model = None,
    base_url: o.BaseUrl = None,
    api_key: o.ApiKey = None,
    model_path: o.ModelPath = None,
    prompts: o.Prompts = None,
    pipeline: o.Pipeline = o.PIPELINE_DEFAULT,
    stages: o.Stages = None,
    fmt: o.FormatOpt = o.Format.markdown,
    output: o.Output = None,
    validation_retries: o.ValidationRetries = None,
    max_tokens: o.MaxTokens = o.MAX_TOKENS_DEFAULT,
    timeout: o.Timeout = o.TIMEOUT_DEFAULT,
    deadline: o.Deadline = o.DEADLINE_DEFAULT,
    keep_ungrounded: o.KeepUngrounded = False,
    quiet: o.Quiet = False,
    jobs: o.Jobs = 1,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="the model's answers are kept here, so a story run again with one more "
            "article asks only about the new one [default: the eval response cache]",
        ),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="always call the model")] = False,
) -> None:
    """Merge several articles on one story: one timeline whose events keep every
    source, the actors across articles, the dates and figures the sources
    disagree on, and the open questions a later article answers."""
    from ..eval.cache import ResponseCache, cached

    summarizer = o.make_summarizer(**o.summarizer_options(locals()))
    if not no_cache:
        summarizer = cached(summarizer, ResponseCache(cache_dir))
    articles = {_article_id(f, files): _article(f) for f in files}
    label = f"briefing {len(articles)} articles with {summarizer.backend.model} …"
    if quiet or not err.is_terminal:
        if not quiet:
            say(label)
        result = summarizer.summarize_story(articles, concurrency=jobs)
    else:
        with err.status(Text(label)):
            result = summarizer.summarize_story(articles, concurrency=jobs)
    texts = {i: a.text for i, a in articles.items() if isinstance(a, Article)}
    write_result(story_rendered(result, fmt, texts), output)
    failed = [a for a in result.articles if a.error]
    if not quiet:
        say(
            f"{len(result.articles) - len(failed)} of {len(result.articles)} articles briefed · "
            f"{len(result.timeline)} events · {len(result.actors)} actors · "
            f"{sum(len(e.conflicts) for e in result.timeline)} conflict(s) · "
            f"{sum(q.answered_in is not None for q in result.questions)} of "
            f"{len(result.questions)} question(s) answered later · {result.calls} judgment call(s)"
        )
        for a in failed:
            say(f"{a.id}: {a.error}", label="failed:", style="red")
    if failed:
        raise typer.Exit(ExitCode.BATCH_FAILURES)


def _article(file: str) -> Article | bytes:
    """The file's article; a bad one is kept as its bytes, to fail in the story
    as that article's typed error while the others are briefed."""
    raw = read_input(file)
    try:
        return load_article(decode(raw))
    except InputError:
        return raw


def _article_id(file: str, files: list[str]) -> str:
    """A file's name, or its path when two files share a name."""
    name = Path(file).name
    return name if sum(Path(f).name == name for f in files) == 1 else file


def story_rendered(story: Story, fmt: o.Format, texts: dict[str, str]) -> str:
    """The story as ``fmt``; ``texts`` are the articles its offsets point into."""
    if fmt is o.Format.markdown:
        from ..views.story import story_to_markdown

        return story_to_markdown(story)
    if fmt is o.Format.html:
        from ..views.story import story_to_html

        return story_to_html(story, texts)
    return story.model_dump_json(indent=2) + "\n"
