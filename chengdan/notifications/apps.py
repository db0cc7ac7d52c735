from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chengdan.notifications"
    label = "notifications"
    verbose_name = "通知"
