from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chengdan.core"
    label = "core"
