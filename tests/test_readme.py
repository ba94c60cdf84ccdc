"""The README is the first thing an operator and a client author read: its settings table and its GraphQL
examples must match the code (issue 7 §11)."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import DocumentNode, OperationType, parse, validate

from schema.root import schema
from server.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _settings_in_table() -> set[str]:
    """Variables named in the settings table; `A_B_C` / `_D` shorthand expands to A_B_D."""
    table = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        cell = row.split("|")[1]
        first = None
        for name in re.findall(r"`([A-Z_][A-Z0-9_]*)`", cell):
            if name.startswith("_") and first:
                parts = name.strip("_").split("_")
                name = "_".join(first.split("_")[: -len(parts)] + parts)
            else:
                first = name
            names.add(name)
    return names


def test_i7_11_the_settings_table_lists_every_setting():
    every = {field.alias for field in Settings.model_fields.values()}
    assert every - _settings_in_table() == set()


def _examples():
    block = README.split("```graphql", 1)[1].split("```", 1)[0]
    text = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("#"))
    return parse(text)


def test_i7_11_readme_examples_are_valid_and_mutations_select_their_errors():
    document = _examples()
    for op in document.definitions:  # each example is run on its own in GraphiQL
        assert validate(schema._schema, DocumentNode(definitions=(op,))) == []
    mutations = [op for op in document.definitions if op.operation is OperationType.MUTATION]
    assert len(mutations) >= 2
    for op in mutations:
        for field in op.selection_set.selections:
            selected = {s.name.value for s in field.selection_set.selections}
            assert "errors" in selected, f"README: {field.name.value} selects no errors"
