"""Seed option lists and roles' grants on the new resources; PostgreSQL gets a trigram search index."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from chengdan.accounts.seed import seed_resources
from chengdan.customers.seed import seed_options


def forwards(apps, schema_editor):
    seed_options(apps.get_model("customers", "Option"))
    seed_resources(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
        {"customer_settings", "contacts"},
    )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS customer_search_trgm ON customers_customer USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS customer_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_extend_customers"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
