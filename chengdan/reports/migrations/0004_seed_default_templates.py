"""Install the default daily and weekly report templates."""

from django.db import migrations

from chengdan.reports.seed import seed_templates


def forwards(apps, schema_editor):
    seed_templates(apps.get_model("reports", "ReportTemplate"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_work_report_layout")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
