from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chengdan.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from chengdan.notifications import kinds, permissions  # noqa: F401

        # The daily digest itself: its deliveries go to the channels of the kinds it collects.
        kinds.register_kind(kinds.DIGEST_KIND, "每日通知汇总", "Daily notification digest", is_configurable=False)
