"""The recommendation form's birth date moves out of its plain `record` into an encrypted column (B5).

Handwritten (a data step after a schema step); keep it as it is when migrations are regenerated.

The birth date is digits 7-14 of the ID number, so it is kept as the ID number is: encrypted at rest, never in
the audit log in clear. Each form's `record.birthDate` is encrypted into `birth_date_enc` and removed from the
record; the audit entries of forms (creation and submission copied the record) get "***" in its place.
Backwards, the date is decrypted into the record again (the audit entries stay redacted).
"""

import json

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


def _placeholder(client, n: int) -> str:
    return f"${n}" if client.capabilities.dialect == "postgres" else "?"


def _loaded(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


async def _update(client, table: str, sets: dict, row_id: int) -> None:
    assignments = ", ".join(f"{column} = {_placeholder(client, n)}" for n, column in enumerate(sets, 1))
    await client.execute_query(f"UPDATE {table} SET {assignments} WHERE id = {_placeholder(client, len(sets) + 1)}",
                               [*sets.values(), row_id])


def _redacted(document):
    """The entry's before/after with every record's birthDate replaced, or None when it holds none."""
    if not isinstance(document, dict):
        return None
    record = document.get("record")
    if not isinstance(record, dict) or record.get("birthDate") in (None, "***"):
        return None
    return {**document, "record": {**record, "birthDate": "***"}}


async def encrypt_birth_dates(apps, schema_editor) -> None:
    from server import crypto

    client = schema_editor.client
    _, rows = await client.execute_query("SELECT id, record FROM recommendation_form ORDER BY id")
    for row in rows:
        record = _loaded(row["record"]) or {}
        if "birthDate" not in record:
            continue
        birth = record.pop("birthDate") or ""
        await _update(client, "recommendation_form",
                      {"record": json.dumps(record, ensure_ascii=False), "birth_date_enc": crypto.encrypt(birth)},
                      int(row["id"]))
    _, entries = await client.execute_query(
        "SELECT id, before, after FROM audit_entry WHERE subject_type = 'recommendation_form' ORDER BY id")
    for entry in entries:
        sets = {}
        for column in ("before", "after"):
            redacted = _redacted(_loaded(entry[column]))
            if redacted is not None:
                sets[column] = json.dumps(redacted, ensure_ascii=False)
        if sets:
            await _update(client, "audit_entry", sets, int(entry["id"]))


async def decrypt_birth_dates(apps, schema_editor) -> None:
    from server import crypto

    client = schema_editor.client
    _, rows = await client.execute_query("SELECT id, record, birth_date_enc FROM recommendation_form ORDER BY id")
    for row in rows:
        record = _loaded(row["record"]) or {}
        record["birthDate"] = crypto.decrypt(row["birth_date_enc"]) or ""
        await _update(client, "recommendation_form", {"record": json.dumps(record, ensure_ascii=False)},
                      int(row["id"]))


class Migration(migrations.Migration):
    dependencies = [('wangqian', '0021_national_sync_one_waiting')]

    initial = False

    operations = [
        ops.AddField(
            model_name='RecommendationForm',
            name='birth_date_enc',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.RunPython(encrypt_birth_dates, decrypt_birth_dates),
    ]
