"""The export kinds: each names its columns and reads its rows, the registry maps a kind's name to it.

See the package docstring (resolvers/exports/__init__.py) for adding one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from resolvers.viewer import Role, Viewer

Rows = AsyncIterator[list[Sequence[Any]]]


@dataclass(frozen=True)
class ExportKind:
    name: str  # stable: stored on the export, and the GraphQL enum value
    title: str  # the sheet's name and the file's
    columns: tuple[str, ...]  # the headers, the list's columns on screen
    filter_type: type  # the list's filter dataclass, the one its screen query takes
    rows: Callable[[Viewer, Any], Rows]  # batches of rows (lists of cell values) in the screen's order
    roles: tuple[Role, ...] = (Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    # What the list's screen refuses before reading (a school outside the scope): raised when the export is asked
    # for, so nothing is queued that the worker could only fail.
    check: Callable[[Viewer, Any], Awaitable[None]] | None = None

    def filters_to_json(self, f: Any) -> dict[str, Any]:
        """Kept on the export for the worker and the audit log; None values dropped."""
        return {k: v.isoformat() if isinstance(v, dt.datetime) else v
                for k, v in dataclasses.asdict(f).items() if v is not None}

    def filters_from_json(self, data: dict[str, Any]) -> Any:
        hints = typing.get_type_hints(self.filter_type)
        values = {}
        for field in dataclasses.fields(self.filter_type):
            value = data.get(field.name)
            if value is not None and dt.datetime in typing.get_args(hints[field.name]):
                value = dt.datetime.fromisoformat(value)
            values[field.name] = value
        return self.filter_type(**values)


def _kinds() -> dict[str, ExportKind]:
    from resolvers.exports import (
        corrections,
        destinations,
        graduates,
        national,
        print_list,
        review_queue,
        statistics,
    )

    kinds = (review_queue.EXPORT, corrections.EXPORT, print_list.EXPORT, graduates.EXPORT, national.EXPORT,
             destinations.EXPORT, statistics.EXPORT)
    return {k.name: k for k in kinds}


KINDS: dict[str, ExportKind] = _kinds()
