"""Give the seeded admin role its grants on notification settings (channels, deliveries, test sends)."""

from django.db import migrations

from chengdan.accounts.seed import seed_resources


def forwards(apps, schema_editor):
    seed_resources(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
        {"notification_settings"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_channels_preferences_outbox"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
