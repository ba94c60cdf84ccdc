"""Counting the SQL statements a block sends, on SQLite and PostgreSQL alike.

tortoise logs every statement it executes on the `tortoise.db_client` logger (one record per execute call,
transaction or not), so a handler on that logger counts exactly what reaches the driver, whatever the backend.
Transaction control (BEGIN, COMMIT, savepoints) is not logged and not counted: it is one round trip each per
mutation, constant, and the budgets are about the statements the code chooses to send.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def statements() -> Iterator[list[str]]:
    """The statements tortoise sends while the block runs, as logged ("SQL: values")."""
    seen: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not str(record.msg).startswith(("Created connection pool", "Closed connection pool")):
                seen.append(record.getMessage())

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Counter(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
