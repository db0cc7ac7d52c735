"""The defaults every installation starts with: one first-contact SLA row."""


def seed_defaults() -> None:
    """Create the missing default rows (never overwrites an admin's edits)."""
    from chengdan.leads.models import LeadSlaPolicy

    if not LeadSlaPolicy.objects.exists():
        LeadSlaPolicy.objects.create()
