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
        from chengdan.notifications.kinds import register_kind
        from chengdan.opportunities import digest

        # Users choose the channels of these notices in their preferences.
        register_kind(digest.DIGEST_KIND, "风险商机日报", "At-risk deals digest", ("in_app", "email"))
        register_kind(digest.TEAM_DIGEST_KIND, "团队风险商机日报", "Team at-risk deals digest", ("in_app", "email"))
