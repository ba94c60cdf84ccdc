from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    """At most one item per graduate and record waits unsent, enforced by the database: the index is the target of
    the upsert that queues a change in one statement (resolvers/national/sync.py). Partial unique indexes are
    written by hand: tortoise's conditional UniqueConstraint is PostgreSQL-only, and the syntax is the same on
    SQLite."""

    dependencies = [('wangqian', '0020_recommendation_forms')]

    initial = False

    operations = [
        ops.RunSQL(
            "CREATE UNIQUE INDEX national_sync_item_one_waiting ON national_sync_item (graduate_id, record) "
            "WHERE state = 'queued'",
            reverse_sql="DROP INDEX national_sync_item_one_waiting",
        ),
    ]
