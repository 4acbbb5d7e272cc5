"""Prompt files, their rendering, and their version.

Article text (and anything else from the input) reaches a prompt only through
:func:`summarizer.read.untrusted.neutralize`: no chat-template control string, no
article delimiter.

The prompts live as files (``prompts/*.md`` in the repository, shipped inside
the package as ``summarizer/prompts``). Their version is a hash of the files'
bytes and of the output schema, whose field descriptions are rendered into the
system prompt: a change to either is a new prompt version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2
from pydantic import BaseModel

from ..errors import ConfigurationError
from ..read.language import foreign
from ..read.untrusted import neutralize
from ..schema import BriefDraft

#: the staged pipeline's head (analyst, article) and one question per pass
STAGED_FILES = (
    "analyst.md",
    "article.md",
    "actors.md",
    "names.md",
    "events.md",
    "questions.md",
    "roles.md",
    "summary.md",
    "answers.md",  # a story's open questions: does a later sentence answer one?
)
#: the single-call pipeline's prompt (``Settings(pipeline="single")``)
SINGLE_FILES = ("system.md", "user.md", "example.md")
PROMPT_FILES = SINGLE_FILES + STAGED_FILES


def prompts_dir() -> Path:
    """The packaged prompts, or the repository's ``prompts/`` in a source checkout."""
    package = Path(__file__).parents[1]
    packaged = package / "prompts"
    return packaged if packaged.is_dir() else package.parent / "prompts"


@dataclass(frozen=True)
class PromptSet:
    system: str
    user: str
    example: str
    version: str
    staged: dict[str, str] = dataclasses.field(default_factory=dict)

    def staged_head(self, numbered: str, published: date | None) -> list[dict[str, str]]:
        """The messages every pass of a staged brief shares: instructions, then the article."""
        article = _template(self.staged["article.md"]).render(
            article=neutralize(numbered),
            published=published.isoformat() if published else None,
            weekday=published.strftime("%A") if published else None,
            language=foreign(numbered),
        )
        return [
            {"role": "system", "content": self.staged["analyst.md"].strip()},
            {"role": "user", "content": article.strip()},
        ]

    def stage(self, name: str, **values: str) -> str:
        """One pass's question (``actors``, ``events``, ``questions``, ``roles``,
        ``summary``, ``answers``); ``values`` hold article text (sentences, names), neutralized."""
        plain = {key: neutralize(value) for key, value in values.items()}
        return _template(self.staged[f"{name}.md"]).render(**plain).strip()

    def render(self, article: str, published: date | None) -> list[dict[str, str]]:
        system_template, user_template = _compiled(self.system, self.user)
        system = system_template.render(
            field_guide=field_guide(BriefDraft), example=self.example.strip()
        )
        user = user_template.render(
            article=neutralize(article),
            published=published.isoformat() if published else None,
            weekday=published.strftime("%A") if published else None,
            language=foreign(article),
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]


@lru_cache(maxsize=32)
def _template(text: str) -> jinja2.Template:
    return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(text)


@lru_cache(maxsize=8)
def _compiled(system: str, user: str) -> tuple[jinja2.Template, jinja2.Template]:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return env.from_string(system), env.from_string(user)


@lru_cache(maxsize=8)
def field_guide(model: type[BaseModel], indent: str = "") -> str:
    """The schema's field descriptions as an indented list: the model's instructions."""
    lines = []
    for name, field in model.model_fields.items():
        desc = field.description or ""
        nested = _nested_model(field.annotation)
        if nested is not None:
            is_list = "list" in str(field.annotation)
            lines.append(f"{indent}- {name}: {desc}{' — a list of:' if is_list else ':'}".rstrip())
            lines.append(field_guide(nested, indent + "  "))
        else:
            lines.append(f"{indent}- {name}: {desc}")
    return "\n".join(lines)


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


@lru_cache(maxsize=8)
def load_prompts(directory: Path | None = None) -> PromptSet:
    directory = directory or prompts_dir()
    missing = [name for name in PROMPT_FILES if not (directory / name).is_file()]
    if missing:
        raise ConfigurationError(
            f"prompt folder {directory} lacks {', '.join(missing)}",
            hint=f"a prompt folder holds {', '.join(PROMPT_FILES)}; copy the shipped ones from {prompts_dir()}",
        )
    texts = {name: (directory / name).read_text(encoding="utf-8") for name in PROMPT_FILES}
    digest = hashlib.sha256()
    for name in PROMPT_FILES:
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    digest.update(json.dumps(BriefDraft.model_json_schema(), sort_keys=True).encode())
    return PromptSet(
        system=texts["system.md"],
        user=texts["user.md"],
        example=texts["example.md"],
        version=digest.hexdigest()[:12],
        staged={name: texts[name] for name in STAGED_FILES},
    )
