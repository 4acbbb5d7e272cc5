"""Ground: from the model's draft to a :class:`~summarizer.schema.Brief` a reader can trust.

In: a draft and its article. Out: a Brief whose every item is located in the
article's words. ``locate`` finds each quote (exact, normalized, fuzzy);
``check`` says whether an item is grounded; ``written`` checks what the model
wrote that a reader sees (a question, a role, a summary); ``merge`` joins the
drafts of a long article's parts; ``normalize`` builds the Brief (dates made
absolute, actors united, ranks).
"""
