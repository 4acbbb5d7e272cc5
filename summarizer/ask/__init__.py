"""Ask: the model's part, in short questions.

In: an article and what ``read`` found. Out: a :class:`~summarizer.schema.BriefDraft`.
``staged`` is the default pipeline (code proposes, the model judges, in the
passes of ``passes``); ``single`` is the one-request brief; ``requests`` is the
plumbing both use (one schema-constrained request, validated, re-asked, its
tokens counted); ``prompts`` the prompt files; ``retry`` the transport policy.
"""
