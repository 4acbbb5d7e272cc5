"""Every option of the command, declared once, and the one place a Summarizer is built."""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from ..ask.retry import RetryPolicy
from ..core import Settings
from .output import output_path

if TYPE_CHECKING:
    from ..core import Summarizer


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


def _seconds(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"a number of seconds above 0, not {value}")
    return value


def _pipeline(value: str) -> str:
    return _choice("pipeline", value, ("staged", "single"))


def _stages(value: str | None) -> str | None:
    from ..ask.staged import ALL_STAGES

    if value is not None:
        unknown = _stage_set(value) - ALL_STAGES
        if unknown:
            raise typer.BadParameter(
                f"unknown stage(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(ALL_STAGES))}"
            )
    return value


def _stage_set(value: str) -> frozenset[str]:
    return frozenset(v.strip() for v in value.split(",") if v.strip())


# --- the model and how it is asked ---------------------------------------------------
Backend = Annotated[
    str | None,
    typer.Option(
        "--backend",
        "-b",
        help="local (embedded model) or openai (any compatible URL)",
        envvar="SUMMARIZER_BACKEND",
    ),
]
Model = Annotated[str | None, typer.Option("--model", "-m", help="model name (openai backend)")]
BaseUrl = Annotated[
    list[str] | None,
    typer.Option(
        "--base-url",
        metavar="<url>",
        help="OpenAI-compatible server URL; repeat it (or a comma list) for a fleet of "
        "servers, --jobs requests on each",
        envvar="OPENAI_BASE_URL",
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        help="API key (default: OPENAI_API_KEY)",
        envvar="OPENAI_API_KEY",
        show_envvar=True,
        show_default=False,
    ),
]
ModelPath = Annotated[
    Path | None,
    typer.Option("--model-path", help="a GGUF file to run instead of the embedded model"),
]
Prompts = Annotated[
    Path | None,
    typer.Option(
        "--prompts",
        help="a folder of prompt files (as in the shipped prompts/ folder) to use instead of "
        "the shipped ones",
    ),
]
Pipeline = Annotated[
    str,
    typer.Option(
        "--pipeline",
        callback=_pipeline,
        help="staged (code finds candidates, the model answers short questions) or single "
        "(one request)",
    ),
]
Stages = Annotated[
    str | None,
    typer.Option(
        "--stages",
        callback=_stages,
        help="comma-separated parts of the staged pipeline to run, for ablations: ner, groups, "
        "actors, roles, events, questions, hints (default: all but actors, roles and events)",
    ),
]
ValidationRetries = Annotated[
    int | None,
    typer.Option(
        "--validation-retries",
        min=0,
        help="re-asks after a failed check (default: the backend's; local 0, openai 1)",
    ),
]
MaxTokens = Annotated[int, typer.Option("--max-tokens", min=1, help="answer token limit per call")]
Timeout = Annotated[
    float, typer.Option("--timeout", callback=_seconds, help="seconds for one request")
]
Deadline = Annotated[
    float,
    typer.Option("--deadline", callback=_seconds, help="seconds for all requests of a brief"),
]
KeepUngrounded = Annotated[
    bool,
    typer.Option(
        "--keep-ungrounded/--no-keep-ungrounded",
        help="keep items whose evidence is not found (flagged), not drop them",
    ),
]
PIPELINE_DEFAULT = Settings.pipeline
MAX_TOKENS_DEFAULT = Settings.max_tokens
TIMEOUT_DEFAULT = RetryPolicy.timeout
DEADLINE_DEFAULT = RetryPolicy.deadline

# --- input, output, runs ----------------------------------------------------------------
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", callback=output_path, help="write here (- or nothing: stdout)"),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="output format")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress on stderr")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="articles briefed at once")]
RetryFailed = Annotated[
    bool,
    typer.Option(
        "--retry-failed/--no-retry-failed", help="brief again the articles that failed before"
    ),
]

Engine = Annotated[
    str,
    typer.Option(
        "--engine",
        callback=lambda v: _choice("engine", v, ("local", "ray")),
        help="local (this process) or ray (a pool of Ray actors; pip install 'summarizer[ray]')",
    ),
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        help="the Ray cluster to join with --engine ray (e.g. auto, ray://head:10001) "
        "[default: start a local one]",
        show_default=False,
    ),
]
Actors = Annotated[
    int | None,
    typer.Option(
        "--actors",
        min=1,
        help="Ray actors briefing at once with --engine ray, --jobs shared among them "
        "[default: one per CPU of the cluster]",
        show_default=False,
    ),
]


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise typer.BadParameter(f"{' or '.join(choices)}, not {value!r}")
    return value


SUMMARIZER_OPTIONS = (
    "backend",
    "model",
    "base_url",
    "api_key",
    "model_path",
    "prompts",
    "pipeline",
    "stages",
    "validation_retries",
    "max_tokens",
    "timeout",
    "deadline",
    "keep_ungrounded",
)


def summarizer_options(values: dict[str, Any]) -> dict[str, Any]:
    """The options (from a command's parameters) that :func:`make_summarizer` takes."""
    return {name: values[name] for name in SUMMARIZER_OPTIONS}


def make_summarizer(
    *,
    backend: str | None,
    model: str | None,
    base_url: list[str] | None,
    api_key: str | None,
    model_path: Path | None,
    prompts: Path | None,
    pipeline: str,
    stages: str | None,
    validation_retries: int | None,
    max_tokens: int,
    timeout: float,
    deadline: float,
    keep_ungrounded: bool,
) -> Summarizer:
    """The Summarizer the options describe (raises the library's typed errors).
    The one place the command builds one."""
    from ..ask.staged import STAGES
    from ..core import Summarizer

    kind: Literal["staged", "single"] = "single" if pipeline == "single" else "staged"
    settings = Settings(
        validation_retries=validation_retries,
        max_tokens=max_tokens,
        keep_ungrounded=keep_ungrounded,
        retry=RetryPolicy(timeout=timeout, deadline=deadline),
        prompts_dir=prompts,
        pipeline=kind,
        stages=STAGES if stages is None else _stage_set(stages),
    )
    return Summarizer(
        backend,
        model=model,
        base_url=base_url or None,
        api_key=api_key,
        model_path=str(model_path) if model_path else None,
        settings=settings,
    )
