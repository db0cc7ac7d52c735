"""Give seeded roles their grants on leads, lead settings and pools; one first-contact SLA row."""

from django.db import migrations

from chengdan.accounts.seed import seed_resources


def forwards(apps, schema_editor):
    seed_resources(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
        {"leads", "lead_settings", "pools"},
    )
    sla = apps.get_model("leads", "LeadSlaPolicy")
    if not sla.objects.exists():
        sla.objects.create()


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
