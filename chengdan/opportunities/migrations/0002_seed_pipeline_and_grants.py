"""Seed the default pipeline, lost reasons and rates, and give seeded roles their grants on the new resources."""

from django.db import migrations

from chengdan.accounts.seed import seed_resources
from chengdan.opportunities.seed import seed_pipeline


def forwards(apps, schema_editor):
    seed_pipeline(
        apps.get_model("opportunities", "Pipeline"),
        apps.get_model("opportunities", "Stage"),
        apps.get_model("opportunities", "LostReason"),
        apps.get_model("opportunities", "ExchangeRate"),
    )
    seed_resources(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
        {"opportunities", "targets", "opportunity_settings"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0001_initial"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
