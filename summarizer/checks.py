"""Checks that a numeric setting can work, made where settings are built
(:class:`~summarizer.Settings`, :class:`~summarizer.RetryPolicy`), so that the
library and the CLI refuse the same values with the same typed error."""

from __future__ import annotations

import math

from .errors import InvalidSettingError


def check_number(
    name: str,
    value: object,
    *,
    minimum: float,
    above: bool = False,
    whole: bool = False,
    optional: bool = False,
) -> None:
    """Refuse ``value`` unless it is a finite number (an ``int`` when ``whole``) of
    at least ``minimum`` (greater than it when ``above``); None passes when ``optional``."""
    if value is None and optional:
        return
    kinds = int if whole else int | float
    fits = (
        isinstance(value, kinds)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value > minimum if above else value >= minimum)
    )
    if not fits:
        kind = "a whole number" if whole else "a number"
        bound = f"greater than {minimum:g}" if above else f"at least {minimum:g}"
        raise InvalidSettingError(f"{name} must be {kind} {bound}, not {value!r}")
