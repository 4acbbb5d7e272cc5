"""Read: what code finds in an article before the model is asked anything.

In: the article's bytes or text. Out: a clean :class:`~.article.Article`, its
numbered sentences (``segment``), what in it is addressed to a model
(``untrusted``), and an :class:`~.analysis.Analysis`: actor candidates
(``actors``, ``groups``), per-sentence facts (``speech``, ``when``,
``questions``, ``stances``), date mentions resolved to days (``dates``).
Names (``names``) and the shared word lists (``words``) are the rules every
later step uses to tell actors and wordings apart.
"""
