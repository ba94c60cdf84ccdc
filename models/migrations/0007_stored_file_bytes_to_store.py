"""Stored files' bytes move out of the database into the file store (issue 10 §1).

Handwritten (a data step between two schema steps); keep it as it is when migrations are regenerated.

1. `storage_key` is added, empty.
2. Each row's bytes are written to the store the deployment's settings name (WANGQIAN_S3_BUCKET, else
   WANGQIAN_FILES_DIR or the directory beside the SQLite database), one row at a time, under a key made from
   the row's id and hash. The same row always gets the same key, so a run that failed half way (the store went
   away) is simply run again: `wangqian migrate` rolls the whole migration back on PostgreSQL and SQLite and the
   second run overwrites what the first wrote.
3. The `data` column is dropped.

Backwards, the bytes are read from the store into a restored `data` column.
"""

import hashlib

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


def _placeholder(client, n: int) -> str:
    return f"${n}" if client.capabilities.dialect == "postgres" else "?"


def _key(row_id: int, purpose: str, sha256: str) -> str:
    folder = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in purpose.lower())[:32]
    return f"{folder or 'file'}/migrated-{row_id}-{sha256[:16]}"


async def move_bytes_to_store(apps, schema_editor) -> None:
    from server import file_storage

    client, store = schema_editor.client, file_storage.storage()
    _, rows = await client.execute_query("SELECT id FROM stored_file WHERE storage_key IS NULL ORDER BY id")
    for row_id in [int(r["id"]) for r in rows]:
        # One blob in memory at a time, whatever the table holds.
        _, found = await client.execute_query(
            f"SELECT data, purpose, content_type FROM stored_file WHERE id = {_placeholder(client, 1)}", [row_id])
        data, purpose, content_type = bytes(found[0]["data"]), found[0]["purpose"], found[0]["content_type"]
        key = _key(row_id, purpose, hashlib.sha256(data).hexdigest())
        await store.put(key, data, content_type)
        if await store.get(key) != data:
            raise RuntimeError(f"stored_file {row_id}: the store did not keep the bytes written to {key}")
        await client.execute_query(
            f"UPDATE stored_file SET storage_key = {_placeholder(client, 1)} WHERE id = {_placeholder(client, 2)}",
            [key, row_id])


async def move_bytes_back(apps, schema_editor) -> None:
    from server import file_storage

    client, store = schema_editor.client, file_storage.storage()
    _, rows = await client.execute_query("SELECT id, storage_key FROM stored_file ORDER BY id")
    for row in rows:
        data = await store.get(row["storage_key"])
        await client.execute_query(
            f"UPDATE stored_file SET data = {_placeholder(client, 1)} WHERE id = {_placeholder(client, 2)}",
            [data, int(row["id"])])


class Migration(migrations.Migration):
    dependencies = [('wangqian', '0006_auto_20261203_1534')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='StoredFile',
            options={'table': 'stored_file', 'app': 'wangqian', 'pk_attr': 'id', 'table_description': 'What a stored file is; its bytes live in the file store (server/file_storage.py) under `storage_key`.'},
        ),
        ops.AddField(
            model_name='StoredFile',
            name='storage_key',
            field=fields.CharField(max_length=200, null=True),
        ),
        ops.AlterField(
            model_name='StoredFile',
            name='data',
            field=fields.BinaryField(null=True),
        ),
        ops.RunPython(move_bytes_to_store, move_bytes_back),
        ops.RemoveField(model_name='StoredFile', name='data'),
        ops.AlterField(
            model_name='StoredFile',
            name='storage_key',
            field=fields.CharField(max_length=200),
        ),
    ]
