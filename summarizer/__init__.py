"""summarizer: structured, grounded briefs of news articles."""

import logging

from .ask.retry import RetryPolicy
from .core import BatchItem, Settings, Summarizer, asummarize, summarize, summarize_many
from .errors import (
    BackendError,
    ConfigurationError,
    InputError,
    ModelOutputError,
    SummarizerError,
)
from .read.article import Article, load_article
from .schema import Brief

__all__ = [
    "Article",
    "BackendError",
    "BatchItem",
    "Brief",
    "ConfigurationError",
    "InputError",
    "ModelOutputError",
    "RetryPolicy",
    "Settings",
    "Summarizer",
    "SummarizerError",
    "asummarize",
    "load_article",
    "summarize",
    "summarize_many",
]
__version__ = "0.1.0"

# warnings go through the "summarizer" logger: silent unless the application (or
# the CLI) configures logging, never a stray line on the library user's stderr
logging.getLogger(__name__).addHandler(logging.NullHandler())
