"""Install the default lead scoring rules (contact details, company, budget, channel, interest)."""

from django.db import migrations

from chengdan.leads.seed import seed_scoring_rules


def forwards(apps, schema_editor):
    seed_scoring_rules(apps.get_model("leads", "ScoringRule"))


class Migration(migrations.Migration):
    dependencies = [("leads", "0002_seed_grants")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
