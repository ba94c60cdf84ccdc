"""Field checks of the graduate's records (X1) whose messages name the field: a form of several people and
addresses must say which phone is wrong, not only that a phone is."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from resolvers.errors import DomainError, ErrorCollector


def check(errors: ErrorCollector, label: str, call: Callable[..., str], value: str | None,
          field: Sequence[str]) -> str | None:
    """`call(value, field)`; its failure is collected with `label` in front of its message."""
    try:
        return call(value or "", list(field))
    except DomainError as e:
        message = e.message if label in e.message else f"{label}：{e.message}"
        errors.add(e.code, list(field), message)
        return None
