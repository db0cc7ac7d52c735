from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chengdan.accounts"
    label = "accounts"
    verbose_name = "组织与账号"

    def ready(self) -> None:
        from chengdan.accounts import permissions  # noqa: F401  (registers the policies)
