from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "chengdan.leads"
    label = "leads"
    verbose_name = "线索"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.customers.merging import register_relation
        from chengdan.customers.timeline import register_timeline_source
        from chengdan.leads import conversion, permissions  # noqa: F401  (permissions registers the policies)
        from chengdan.leads.models import Lead
        from chengdan.leads.seed import seed_defaults

        register_seeder(seed_defaults)
        # A converted lead's history shows on its customer's timeline and follows the customer through merges.
        register_timeline_source(conversion.converted_lead_subjects)
        register_relation(Lead, "converted_customer_id")
        # A lead linked to a customer by the duplicate check stays linked to the merge's survivor.
        register_relation(Lead, "matched_customer_id")
        from chengdan.leads import actions  # rendering registers the 409 renderer
        from chengdan.leads.scoring import register_follow_up_counter

        # Logged contacts count as follow-ups for scoring until the activities domain records them.
        register_follow_up_counter(actions.count_recorded_contacts)
