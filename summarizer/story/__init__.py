"""Stories: several briefs of one evolving story, merged in code.

In: the briefs of a story's articles. Out: a :class:`~.merge.Story`.
``merge`` unites actors and events across articles (sources and conflicts
kept); ``followup`` follows each open question into later articles (code
proposes a sentence, the model judges yes or no).
"""

from .merge import Story

__all__ = ["Story"]
