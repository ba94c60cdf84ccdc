"""The frontend contract: the SDL snapshot is current, every client operation validates, migrations match models."""

from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, parse, validate
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from schema.root import schema
from server import db
from server.cli import SCHEMA_FILE, export_schema_text

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = sorted((ROOT / "frontend-contract" / "operations").rglob("*.graphql"))
# print-page: the scan-to-print page the server itself serves (server/print_page.py), token-less.
CLIENTS = ("mini-program", "employer-spa", "console", "print-page")


def test_sdl_snapshot_is_current():
    snapshot = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert snapshot == export_schema_text(), "run `wangqian export-schema` and commit frontend-contract/schema.graphql"


def test_every_client_has_operations():
    for client in CLIENTS:
        assert any(p.parent.name == client for p in OPERATIONS), f"no operations for {client}"


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_operation_validates_against_schema(path: Path):
    assert path.parent.name in CLIENTS
    document = parse(path.read_text(encoding="utf-8"))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, "one operation per file"
    assert operations[0].name and operations[0].name.value == path.stem, "the operation is named after its file"
    errors = validate(schema._schema, document)
    assert not errors, [e.message for e in errors]


async def test_migrations_match_models():
    changes = await MigrationAutodetector(Tortoise.apps, db.tortoise_config()["apps"]).changes()
    assert not changes, "models changed without a migration: run `wangqian makemigrations`"
