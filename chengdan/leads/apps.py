from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "chengdan.leads"
    label = "leads"
    verbose_name = "线索"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.leads import permissions  # noqa: F401  (registers the policies)
        from chengdan.leads.seed import seed_defaults

        register_seeder(seed_defaults)
