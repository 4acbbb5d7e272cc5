"""The pipeline: article in, validated and grounded :class:`Brief` out."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack

import instructor
import openai

from .ask.prompts import PromptSet, load_prompts
from .ask.requests import Requester, load_handlers
from .ask.retry import Deadline, RetryPolicy
from .ask.single import Extraction
from .ask.staged import STAGES, staged_draft
from .backends import Backend, get_backend
from .checks import check_number
from .errors import ConfigurationError, InputError, InvalidSettingError, SummarizerError
from .fanout import Job, Limits, brief_each
from .ground.flagged import drop_flagged
from .ground.locate import Aligner
from .ground.merge import merge_drafts
from .ground.normalize import build_brief
from .read.analysis import analyze
from .read.article import Article, input_warnings, load_article, parse_published
from .read.chunking import split
from .read.untrusted import model_view, scan, withhold
from .read.untrusted import warnings as flag_warnings
from .schema import Brief, BriefDraft, Evidence, RunMetadata, Usage
from .story.followup import Proposal, asked_in, judge, mark_answered, propose
from .story.merge import Reported, Story, StoryArticle, in_publication_order, merge_story

#: one article of a batch or a story: its text (or bytes, or an Article), or a
#: (text, published) pair
ArticleItem = str | bytes | Article | tuple[str | bytes, str | date | None]


@dataclass(frozen=True)
class Settings:
    """Knobs that shape one brief. Defaults suit the embedded model."""

    #: re-asks after a failed schema/grounding check (None: the backend's default)
    validation_retries: int | None = None
    max_tokens: int = 2048
    temperature: float = 0.0
    keep_ungrounded: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    prompts_dir: Path | None = None
    #: split articles longer than this many tokens (None: the backend's choice)
    part_tokens: int | None = None
    #: "staged": code finds candidates, the model answers short questions (the
    #: default); "single": one request for the whole brief
    pipeline: Literal["staged", "single"] = "staged"
    #: the staged pipeline's parts that run (see ``summarizer.ask.staged``)
    stages: frozenset[str] = STAGES

    def __post_init__(self) -> None:
        check_number(
            "validation_retries", self.validation_retries, minimum=0, whole=True, optional=True
        )
        check_number("max_tokens", self.max_tokens, minimum=1, whole=True)
        check_number("temperature", self.temperature, minimum=0)
        check_number("part_tokens", self.part_tokens, minimum=1, whole=True, optional=True)


@dataclass(frozen=True)
class BatchItem:
    """One result of a batch: a brief, or the error that article met."""

    index: int
    brief: Brief | None = None
    error: SummarizerError | None = None

    @property
    def ok(self) -> bool:
        return self.brief is not None


class Summarizer:
    """Holds a backend and settings for repeated use.

    >>> s = Summarizer()                      # the embedded default model
    >>> s = Summarizer("openai", model="gpt-4o-mini")
    >>> brief = s.summarize(text, published="2025-12-11")

    Every argument but ``backend`` is a keyword; an unknown one is a ``TypeError``.

    - ``backend``: ``"local"`` (the embedded model), ``"openai"`` (OpenAI or any
      compatible server), or a :class:`~summarizer.backends.Backend` instance. By
      default ``SUMMARIZER_BACKEND``, else ``openai`` when a ``base_url``, a
      ``client`` or ``OPENAI_BASE_URL`` is given, else ``local``.
    - ``model``: the model name for the openai backend (``OPENAI_MODEL``, else
      ``gpt-4o-mini``).
    - ``base_url``: the server's ``/v1`` URL (``OPENAI_BASE_URL``, else OpenAI's);
      several (a list, or a comma list) make a fleet: requests spread over them,
      a failing server rests while the others carry on.
    - ``api_key``: the openai backend's key (``OPENAI_API_KEY``); it is kept out
      of every error and log.
    - ``client``: your own ``openai.OpenAI`` (or ``AzureOpenAI``) or
      ``openai.AsyncOpenAI`` client, used for every request of the openai backend
      (instead of ``base_url`` and ``api_key``). Its own retries are left to the
      pipeline's policy; the client itself is not changed.
    - ``model_path``: a GGUF file for the local backend instead of the embedded model.
    - ``context_tokens``: tokens that fit one request (local: 8192; openai: 128,000).
    - ``threads``: CPU threads for the local backend (default: all cores).
    - ``seed``: the local backend's sampling seed (default 0).
    - ``prefix_cache``: keep the prompt head's model state on disk (local; default on).
    - ``fast_grammar``: check the grammar on the best token first (local; default on).
    - ``mode``: how the openai backend passes the schema (an ``instructor.Mode``
      or its value; default ``tools``).
    - ``settings``: the :class:`Settings` that shape each brief.
    """

    def __init__(
        self,
        backend: str | Backend | None = None,
        *,
        model: str | None = None,
        base_url: str | Sequence[str] | None = None,
        api_key: str | None = None,
        client: openai.OpenAI | openai.AsyncOpenAI | None = None,
        model_path: str | Path | None = None,
        context_tokens: int | None = None,
        threads: int | None = None,
        seed: int | None = None,
        prefix_cache: bool | None = None,
        fast_grammar: bool | None = None,
        mode: str | instructor.Mode | None = None,
        settings: Settings | None = None,
    ) -> None:
        # only what is given: each backend keeps its own defaults, and an option of
        # the other backend is refused as an unexpected keyword
        options = {
            name: value
            for name, value in dict(
                model=model,
                base_url=base_url,
                api_key=api_key,
                client=client,
                model_path=model_path,
                context_tokens=context_tokens,
                threads=threads,
                seed=seed,
                prefix_cache=prefix_cache,
                fast_grammar=fast_grammar,
                mode=mode,
            ).items()
            if value is not None
        }
        # how to build this summarizer again elsewhere (a Ray actor): only what was given
        self._recipe: dict[str, Any] | None = None
        if not isinstance(backend, Backend) and client is None:
            self._recipe = {"backend": backend, **options, "settings": settings}
        if isinstance(backend, Backend):
            if options:
                raise TypeError(
                    f"backend options ({', '.join(options)}) apply when backend is a name, "
                    "not a Backend instance"
                )
            self.backend = backend
        else:
            self.backend = get_backend(backend, **options)
        self.settings = settings or Settings()
        self.prompts: PromptSet = load_prompts(self.settings.prompts_dir)
        load_handlers(self.backend.mode)

    def recipe(self) -> dict[str, Any]:
        """The arguments that build this summarizer again (on a Ray actor): the
        backend's name and options, resolved here (the environment's server URLs,
        model and key), and the settings."""
        if self._recipe is None:
            raise ConfigurationError(
                "a Summarizer made from a Backend instance or a client cannot be rebuilt "
                "on another machine",
                hint="build it from a backend name and options (backend='openai', base_url=...) "
                "to use engine='ray'",
            )
        settings = self.settings
        if settings.prompts_dir is not None:
            settings = dataclasses.replace(settings, prompts_dir=settings.prompts_dir.resolve())
        recipe = {**self._recipe, "backend": self.backend.name, "settings": settings}
        if recipe.get("model_path") is not None:
            recipe["model_path"] = str(Path(recipe["model_path"]).resolve())
        if self.backend.name == "openai":
            recipe["model"] = self.backend.model
            recipe["base_url"] = getattr(self.backend, "base_url", None)
            recipe.setdefault("api_key", os.environ.get("OPENAI_API_KEY"))
        return {k: v for k, v in recipe.items() if v is not None}

    def __repr__(self) -> str:
        return f"Summarizer(backend={self.backend.name!r}, model={self.backend.model!r})"

    # -- one article -------------------------------------------------------------
    def _prepare(self, text: Any, published: Any) -> Article:
        if isinstance(text, Article):
            if published is None:
                return text
            return dataclasses.replace(text, published=_published(published))
        if not isinstance(text, (str, bytes)):
            raise InputError(
                f"an article must be text (str), UTF-8 bytes or an Article, "
                f"not {type(text).__name__}"
            )
        return load_article(text, _published(published))

    def parts(self, article: Article) -> list[str]:
        """The article, split when it does not fit the context with room for the answer."""
        overhead = self.backend.count_tokens(
            "\n".join(m["content"] for m in self.prompts.render("", article.published))
        )
        budget = self.backend.context_tokens - self.settings.max_tokens - overhead - 64
        cap = self.settings.part_tokens or self.backend.part_tokens
        if cap:
            budget = min(budget, cap)
        return split(article.text, max(budget, 256), self.backend.count_tokens)

    def _requester(
        self,
        deadline: Deadline,
        limits: Limits | None = None,
    ) -> Requester:
        s = self.settings
        return Requester(
            self.backend,
            validation_retries=(
                s.validation_retries
                if s.validation_retries is not None
                else self.backend.validation_retries
            ),
            retry_policy=s.retry,
            deadline=deadline,
            max_tokens=s.max_tokens,
            temperature=s.temperature,
            limits=limits,
        )

    def _drafts(
        self,
        article: Article,
        deadline: Deadline,
        aligner: Aligner,
        limits: Limits | None = None,
    ) -> tuple[list[Evidence], list[BriefDraft], list[Requester]]:
        """The sentences addressed to the model (flagged, and withheld from it),
        and each part of the article asked about, in one thread: read by code,
        then asked short questions (staged), or asked for the whole brief (single)."""
        with limits.working if limits is not None else contextlib.nullcontext():
            flagged = scan(article.text)
            drafts, runs = [], []
            for part in self.parts(article):
                run = self._requester(deadline, limits)
                runs.append(run)
                if self.settings.pipeline == "staged":
                    analysis = analyze(part, article.published)
                    withhold(analysis, flagged)
                    draft = staged_draft(
                        analysis, self.prompts, run.ask, self.settings.stages, run.stats
                    )
                else:
                    prompt = self.prompts.render(model_view(part, flagged), article.published)
                    draft = Extraction(run, part, aligner).run(prompt)
                drafts.append(draft)
        return flagged, drafts, runs

    def _finish(
        self,
        article: Article,
        drafts: list[BriefDraft],
        runs: list[Requester],
        started: float,
        aligner: Aligner,
        flagged: list[Evidence],
    ) -> Brief:
        metadata = RunMetadata(
            backend=self.backend.name,
            model=self.backend.model,
            prompt_version=self.prompts.version,
            published=article.published.isoformat() if article.published else None,
            usage=Usage(
                prompt_tokens=sum(r.stats.prompt_tokens for r in runs),
                completion_tokens=sum(r.stats.completion_tokens for r in runs),
            ),
            # this brief's own time: not the time queued behind other articles' requests
            latency_s=round(time.perf_counter() - started - sum(r.stats.queued_s for r in runs), 3),
            calls=sum(r.stats.calls for r in runs),
            validation_retries=sum(r.stats.validation_retries for r in runs),
            transport_retries=sum(r.stats.transport_retries for r in runs),
            chunks=len(drafts),
            truncated=any(r.stats.truncated for r in runs),
            warnings=[
                *input_warnings(article),
                *flag_warnings(flagged),
                *(w for r in runs for w in r.stats.warnings),
            ],
            dropped_items=[d for r in runs for d in r.stats.dropped],
            flagged=flagged,
        )
        if metadata.truncated:
            metadata.warnings.append(
                "an answer was cut off at its token limit or time limit: "
                "only the items completed before the cut are kept"
            )
        draft = drop_flagged(merge_drafts(drafts), article.text, flagged, metadata.dropped_items)
        brief = build_brief(
            draft,
            article.text,
            article.published,
            metadata,
            keep_ungrounded=self.settings.keep_ungrounded,
            aligner=aligner,
        )
        brief._article_text = article.text
        return brief

    def summarize(self, text: str | bytes | Article, published: str | date | None = None) -> Brief:
        """Brief one article. Raises a :class:`SummarizerError` subclass on failure."""
        started = time.perf_counter()
        article = self._prepare(text, published)
        deadline = Deadline(self.settings.retry.deadline)
        aligner = Aligner(article.text)
        flagged, drafts, runs = self._drafts(article, deadline, aligner)
        return self._finish(article, drafts, runs, started, aligner, flagged)

    async def asummarize(
        self,
        text: str | bytes | Article,
        published: str | date | None = None,
        *,
        limits: Limits | None = None,
    ) -> Brief:
        """:meth:`summarize` in a thread. ``limits``, when given, are a batch's
        bounds, shared by many calls (:class:`~summarizer.fanout.Limits`: requests
        in flight, a thread per article, threads working at once)."""
        started = time.perf_counter()
        article = self._prepare(text, published)
        deadline = Deadline(self.settings.retry.deadline)
        aligner = Aligner(article.text)
        executor = limits.threads if limits is not None else None
        flagged, drafts, runs = await asyncio.get_running_loop().run_in_executor(
            executor, self._drafts, article, deadline, aligner, limits
        )
        return self._finish(article, drafts, runs, started, aligner, flagged)

    # -- one story ---------------------------------------------------------------
    async def asummarize_story(
        self,
        articles: Mapping[str, ArticleItem] | Sequence[ArticleItem],
        *,
        concurrency: int = 4,
    ) -> Story:
        """Brief each article of one story (at most ``concurrency`` requests at
        once), then merge the briefs in code (:func:`summarizer.story.merge.merge_story`)
        and ask the model, pair by pair, whether a later article answers an
        earlier one's open question (:mod:`summarizer.story.followup`). ``articles``
        are as in :meth:`asummarize_many`, keyed by an id (a sequence is keyed
        "1", "2", …). An article that fails is kept in the story with its error."""
        if not isinstance(articles, Mapping):
            articles = {str(n): item for n, item in enumerate(articles, 1)}
        ids = list(articles)
        results = await self.asummarize_many(list(articles.values()), concurrency=concurrency)
        reports, failed = [], []
        for result in results:
            id_ = ids[result.index]
            source = articles[id_]
            if result.brief is None:
                published = source.published if isinstance(source, Article) else None
                failed.append(StoryArticle(id=id_, published=published, error=result.error.message))
                continue
            reports.append(
                Reported(
                    id_,
                    result.brief,
                    parse_published(result.brief.metadata.published),
                    source.title if isinstance(source, Article) else None,
                    result.brief.article_text or "",
                )
            )
        story = merge_story(reports, failed)
        answers, story.calls = await asyncio.to_thread(self.answered, in_publication_order(reports))
        mark_answered(story, answers)
        return story

    def answered(self, reports: Sequence[Reported]) -> tuple[list[Proposal], int]:
        """The open questions of ``reports`` (in publication order) a later one
        answers (:mod:`summarizer.story.followup`: code proposes, the model judges), and the model calls made."""
        proposals = propose(asked_in(reports))
        # each judgment has a brief's time limit: a story asks many
        deadline = Deadline(self.settings.retry.deadline * max(1, len(proposals)))
        requester = self._requester(deadline)
        return judge(proposals, self.prompts, requester.ask), requester.stats.calls

    def summarize_story(
        self,
        articles: Mapping[str, ArticleItem] | Sequence[ArticleItem],
        *,
        concurrency: int = 4,
    ) -> Story:
        """Synchronous :meth:`asummarize_story`."""
        return asyncio.run(self.asummarize_story(articles, concurrency=concurrency))

    # -- many articles -----------------------------------------------------------
    async def asummarize_many(
        self,
        articles: Iterable[str | bytes | Article | tuple[str | bytes, str | date | None]],
        *,
        concurrency: int = 4,
    ) -> list[BatchItem]:
        """Brief several articles, at most ``concurrency`` requests at once. Each item is
        an article (text, bytes or :class:`Article`) or a ``(text, published)`` pair.
        One item's failure, bad input included, is recorded in its :class:`BatchItem`
        and costs nothing else."""
        return await _brief_items(self, list(enumerate(articles)), concurrency)

    def summarize_many(
        self,
        articles: Sequence[str | bytes | Article | tuple[str | bytes, str | date | None]],
        *,
        concurrency: int = 4,
        engine: Literal["local", "ray"] = "local",
        ray_address: str | None = None,
        actors: int | None = None,
    ) -> list[BatchItem]:
        """Synchronous :meth:`asummarize_many`; with ``engine="ray"``, on a pool of
        ``actors`` Ray actors (default: one per CPU) of the cluster at
        ``ray_address`` (default: a local one), ``concurrency`` requests at once in
        all. The items are returned in order either way."""
        if engine == "local":
            return asyncio.run(self.asummarize_many(articles, concurrency=concurrency))
        if engine != "ray":
            raise InvalidSettingError(f"unknown engine {engine!r}", hint="choose local or ray")
        from .engines.ray_engine import brief_on_ray

        items = list(enumerate(articles))
        found: dict[int, BatchItem] = {}
        for item in brief_on_ray(
            self, items, _brief_items, jobs=concurrency, actors=actors, address=ray_address
        ):
            found.setdefault(item.index, item)  # a retried batch's second answer: kept once
        return [found[i] for i, _ in items]


async def _brief_items(
    summarizer: Summarizer, items: list[tuple[int, Any]], jobs: int
) -> list[BatchItem]:
    """Each numbered article's :class:`BatchItem` (what a Ray actor does with its share)."""

    def job(entry: tuple[int, Any]) -> Job:
        return Job(summarizer, *_batch_item(entry[1]))

    def done(entry: tuple[int, Any], outcome: Brief | SummarizerError) -> BatchItem:
        if isinstance(outcome, SummarizerError):
            return BatchItem(entry[0], error=outcome)
        return BatchItem(entry[0], brief=outcome)

    return await brief_each(items, job, done, jobs=jobs)


def _published(value: Any) -> date | None:
    if value is not None and not isinstance(value, (str, date)):
        raise InputError(
            f"a publication date must be a date or a YYYY-MM-DD string, not {type(value).__name__}"
        )
    return parse_published(value)


def _batch_item(item: Any) -> tuple[Any, Any]:
    """A batch item's article and publication date."""
    if not isinstance(item, tuple):
        return item, None
    if len(item) != 2:
        raise InputError(
            f"a batch item must be an article or an (article, published) pair, "
            f"not a tuple of {len(item)}"
        )
    return item


class Options(TypedDict, total=False):
    """The keyword arguments of :class:`Summarizer` (described there), which the
    module-level helpers take too."""

    backend: str | Backend | None
    model: str | None
    base_url: str | Sequence[str] | None
    api_key: str | None
    client: openai.OpenAI | openai.AsyncOpenAI | None
    model_path: str | Path | None
    context_tokens: int | None
    threads: int | None
    seed: int | None
    prefix_cache: bool | None
    fast_grammar: bool | None
    mode: str | instructor.Mode | None
    settings: Settings | None


_default: dict[tuple, Summarizer] = {}


def _summarizer(options: Options) -> Summarizer:
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    if key not in _default:
        _default[key] = Summarizer(**options)
    return _default[key]


def summarize(
    text: str | bytes | Article, published: str | date | None = None, **options: Unpack[Options]
) -> Brief:
    """Brief one article; ``options`` are :class:`Summarizer` arguments (a
    summarizer is made once per set of options and reused)."""
    return _summarizer(options).summarize(text, published)


async def asummarize(
    text: str | bytes | Article, published: str | date | None = None, **options: Unpack[Options]
) -> Brief:
    """The async twin of :func:`summarize`."""
    return await _summarizer(options).asummarize(text, published)


def summarize_many(
    articles: Sequence[str | bytes | Article | tuple[str | bytes, str | date | None]],
    *,
    concurrency: int = 4,
    **options: Unpack[Options],
) -> list[BatchItem]:
    """Brief several articles concurrently (bounded); failures are per article
    (see :meth:`Summarizer.asummarize_many`)."""
    return _summarizer(options).summarize_many(articles, concurrency=concurrency)
