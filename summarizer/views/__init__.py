"""Views: a Brief or a Story for people.

In: a :class:`~summarizer.schema.Brief` (or a story). Out: text.
``markdown`` (a brief with a timeline), ``webpage`` (a self-contained HTML page,
the brief beside its article with the evidence lit), ``story`` (a story's
Markdown and HTML).
"""
