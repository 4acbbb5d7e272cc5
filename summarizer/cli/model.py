"""``summarizer model`` (the embedded model) and ``summarizer version``."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__


def model(
    verify: Annotated[
        bool, typer.Option("--verify/--no-verify", help="re-check the sha256 of the assembled file")
    ] = False,
) -> None:
    """Assemble the embedded model (once) and print its path."""
    from ..backends.model_store import ensure_model, verify_file

    path = ensure_model()
    if verify:
        verify_file(path)
    print(path)


def version_text() -> str:
    from ..ask.prompts import load_prompts

    return f"summarizer {__version__} (prompt {load_prompts().version})"


def version() -> None:
    """Print the version and the prompt version."""
    print(version_text())
