"""summarizer: structured, grounded briefs of news articles."""

from .article import Article, load_article
from .core import BatchItem, Settings, Summarizer, asummarize, summarize, summarize_many
from .errors import SummarizerError
from .retry import RetryPolicy
from .schema import Brief

__all__ = [
    "Article",
    "BatchItem",
    "Brief",
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
