from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "chengdan.customers"
    label = "customers"
    verbose_name = "客户"

    def ready(self) -> None:
        from chengdan.customers import permissions  # noqa: F401  (registers the policy)
