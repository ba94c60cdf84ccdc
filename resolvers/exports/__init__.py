"""Spreadsheet exports of the lists staff see (issue 11 §6): the same rows, columns, filters and masking as the
screen, written in the background as .xlsx and handed out through a short-lived signed link.

- registry.py   what an export kind is (ExportKind) and KINDS, the kinds by name
- <kind>.py     one module per list: its columns and its rows, read in keyset batches (batches.py)
- cells.py      what goes into a cell: never a formula (OWASP formula injection), times in Beijing time
- workbook.py   openpyxl write-only: one batch in memory at a time
- jobs.py       request (row + audit entry), the worker's job, the states

Adding an export of another list (statistics, destination records, ...) takes three small steps:

1. resolvers/exports/<list>.py: the column headers as on screen, and `async def rows(viewer, f)` yielding
   batches (lists of tuples) read through the same query function the screen's resolver uses, within `viewer`'s
   scope (use `keyset(qs)` for a list of rows; an aggregate answers in one batch). End it with
   `EXPORT = ExportKind(name="<list>", title="<中文名>", columns=COLUMNS, filter_type=<the list's filter
   dataclass>, rows=rows)`.
2. registry._kinds(): add `<list>.EXPORT` to the tuple.
3. schema/exports/request_export.py: add the screen's filter input as an optional field of RequestExportInput
   named after the kind, and one line in FILTERS turning it into the dataclass (the screen's converter, e.g.
   `queue_filter`). The ExportKind enum follows the registry by itself; run export-schema, and add a test that
   the file's columns and rows are the screen's (tests/test_exports.py).

The province exports its statistics only (statistics.EXPORT's `roles`); requestExport declares the province, and
a kind without Role.PROVINCE in its `roles` refuses it with PERMISSION_DENIED. Opening another kind to the province
takes that one change: its scope (scope_by_school) and masking (authz.sees_personal_data: masked outside one's own
school) already follow the viewer, and can_view_export compares the province too.
"""

# The registry imports every kind's module, and some kinds import each other (national.py reads graduates.py's
# masking): loading the registry first, whichever module is asked for, keeps that a tree instead of a cycle. The
# national sync's signing path imports exports.national directly, and a process that had not loaded the registry
# yet (the benchmarks' seeding) failed on a half-initialised graduates module.
from resolvers.exports import registry  # noqa: F401
