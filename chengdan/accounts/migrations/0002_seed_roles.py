from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from chengdan.accounts.seed import seed_roles

    seed_roles(
        apps.get_model("accounts", "Role"),
        apps.get_model("accounts", "RoleGrant"),
        apps.get_model("accounts", "FieldRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
