from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "chengdan.opportunities"
    label = "opportunities"
    verbose_name = "商机"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.customers.merging import register_relation
        from chengdan.opportunities import permissions, rendering  # noqa: F401  (registers policies, renderer)
        from chengdan.opportunities.models import Opportunity
        from chengdan.opportunities.seed import seed_default_pipeline

        register_seeder(seed_default_pipeline)
        # Merging customers moves their deals to the survivor.
        register_relation(Opportunity, "customer_id")
