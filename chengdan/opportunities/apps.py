from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "chengdan.opportunities"
    label = "opportunities"
    verbose_name = "商机"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.opportunities import permissions  # noqa: F401  (registers the policies)
        from chengdan.opportunities.seed import seed_default_pipeline

        register_seeder(seed_default_pipeline)
