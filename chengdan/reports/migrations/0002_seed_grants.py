"""Give seeded roles their grants on the reports resources."""

from django.db import migrations

from chengdan.accounts.seed import seed_resources


def forwards(apps, schema_editor):
    seed_resources(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
        {"work_reports", "report_settings"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
